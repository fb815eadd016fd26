"""Run the fuzz harness for a long time: ``python -m tests.fuzz.run --hours 2``.

Options: ``--hours``/``--minutes``/``--seconds`` (or the environment variable
``CAPTIONFIX_FUZZ_SECONDS``), ``--docs N`` (a fixed, deterministic number of
documents), ``--seed`` (default: the time, printed so the run can be repeated),
``--out FILE`` (the findings as JSON: family, count, first input, minimised
input).  Exit code 1 when anything was found.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from .harness import Report, fuzz


def _say(report: Report) -> None:
    found = ", ".join(f"{k} x{v.count}" for k, v in sorted(report.found.items())) or "nothing"
    print(
        f"fuzz: seed {report.seed}: {report.documents} documents in {report.seconds:.0f} s; "
        f"found {found}",
        file=sys.stderr,
        flush=True,
    )


def main(argv: list[str] | None = None) -> int:
    """Parse the options, run, print and save the findings."""
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz.run", description=__doc__)
    parser.add_argument("--hours", type=float, default=0.0)
    parser.add_argument("--minutes", type=float, default=0.0)
    parser.add_argument("--seconds", type=float, default=0.0)
    parser.add_argument("--docs", type=int, help="stop after N documents (deterministic)")
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--minimise-seconds", type=float, default=20.0)
    parser.add_argument("--out", type=Path, help="write the findings here as JSON")
    args = parser.parse_args(argv)
    seconds = args.hours * 3600 + args.minutes * 60 + args.seconds
    if not seconds and args.docs is None:
        seconds = float(os.environ.get("CAPTIONFIX_FUZZ_SECONDS", "60"))
    seed = args.seed if args.seed is not None else int(time.time())
    report = fuzz(
        seed=seed,
        docs=args.docs,
        seconds=seconds or None,
        minimise_seconds=args.minimise_seconds,
        progress=lambda r: _say(r) if r.documents % 20000 == 0 else None,
    )
    _say(report)
    for family, found in sorted(report.found.items()):
        print(f"\n{family} (x{found.count}): {found.detail}\n  minimal: {found.minimal!r}")
    if args.out:
        rows = [
            {"family": f.family, "count": f.count, "detail": f.detail, "minimal": f.minimal,
             "first": f.first}
            for f in report.found.values()
        ]  # fmt: skip
        args.out.write_text(
            json.dumps({"seed": seed, "documents": report.documents, "found": rows}, indent=1),
            encoding="utf-8",
        )
    return 1 if report.found else 0


if __name__ == "__main__":
    raise SystemExit(main())
