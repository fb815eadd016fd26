"""The core install stays regex, ftfy and attrs: importing captionfix imports no engine."""

from __future__ import annotations

import subprocess
import sys

from .engines import ROOT

ENGINES = ["pyarrow", "pandas", "numpy", "datatrove", "datasets", "ray", "dask", "distributed"]


def test_importing_captionfix_imports_no_engine() -> None:
    """Neither ``captionfix`` nor ``captionfix.integrations`` imports an engine, even when installed."""
    code = (
        "import sys, captionfix, captionfix.integrations\n"
        "captionfix.clean('Kirby said“We will.”')\n"
        f"print(sorted(m for m in {ENGINES!r} if m in sys.modules))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert "[]" == proc.stdout.strip()


def test_the_core_install_needs_no_engine() -> None:
    """The package's own dependencies are regex, ftfy and attrs; engines are extras."""
    from importlib.metadata import requires  # noqa: PLC0415

    core = sorted(
        r.split(">")[0].split("=")[0].strip()
        for r in requires("captionfix") or []
        if "extra ==" not in r
    )
    assert ["attrs", "ftfy", "regex"] == core
