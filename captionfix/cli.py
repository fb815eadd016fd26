"""Command line: ``python -m captionfix`` (a stub until the CLI issue lands)."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence


def _version() -> str:
    from importlib.metadata import version  # noqa: PLC0415

    return version("captionfix")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (never calls ``sys.exit``)."""
    parser = argparse.ArgumentParser(prog="captionfix")
    parser.add_argument("--version", action="version", version=f"captionfix {_version()}")
    parser.add_argument("file", nargs="?", default="-")
    args = parser.parse_args(argv)
    import captionfix  # noqa: PLC0415

    if args.file == "-":
        text = sys.stdin.read()
    else:
        with open(args.file, encoding="utf-8") as fh:  # noqa: PTH123
            text = fh.read()
    sys.stdout.write(captionfix.clean(text).text + "\n")
    return 0
