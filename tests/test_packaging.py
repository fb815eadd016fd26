"""The built distribution: typed, carries its data, runs as ``python -m captionfix``."""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
import warnings
import zipfile
from pathlib import Path

import pytest

import captionfix

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from this source tree (no network: the build backend is installed).

    Pure Python, so this test takes a second; ``test_build.py`` checks the
    compiled build that ``pip install`` makes.
    """
    out = tmp_path_factory.mktemp("wheel")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(out),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "CAPTIONFIX_PURE_PYTHON": "1"},
    )
    assert 0 == proc.returncode, proc.stderr
    (found,) = out.glob("captionfix-*.whl")
    return found


def test_wheel_has_types_and_data(wheel: Path) -> None:
    """The wheel carries py.typed and every data file of the source tree."""
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "captionfix/py.typed" in names
    assert "captionfix/_build.py" not in names  # the build hook is not part of the package
    assert "captionfix/_textscan.c" not in names  # C sources become extensions, or nothing
    assert "captionfix/_textscan.pyi" in names  # the C module's types, for type checkers
    assert "captionfix/textscan.py" in names  # its Python definitions, the fallback
    data = {f"captionfix/data/{p.name}" for p in (ROOT / "captionfix" / "data").iterdir()}
    assert data
    assert data <= names


def test_version_is_the_metadata_version() -> None:
    """``captionfix.__version__`` is read from the installed metadata, without warnings."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        version = captionfix.__version__
    assert importlib.metadata.version("captionfix") == version


def test_module_runs_from_the_installed_package(tmp_path: Path) -> None:
    """``python -m captionfix --version`` works outside the source tree."""
    proc = subprocess.run(
        [sys.executable, "-m", "captionfix", "--version"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert 0 == proc.returncode, proc.stderr
    version, build = proc.stdout.strip().split(" ", 2)[1:]
    assert importlib.metadata.version("captionfix") == version
    assert build in {"(compiled)", "(pure Python)"}
