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


def _wheel_with(env: dict[str, str], out: Path) -> Path:
    """A wheel built from this source tree with *env* set, unpacked into *out*."""
    pip = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
    proc = subprocess.run(
        [*pip, "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, **env},
    )
    assert 0 == proc.returncode, proc.stderr
    (found,) = out.glob("captionfix-*.whl")
    unpacked = out / "unpacked"
    zipfile.ZipFile(found).extractall(unpacked)
    return unpacked


def _run_from(unpacked: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run Python with the unpacked wheel first on its path."""
    return subprocess.run(
        [sys.executable, "-W", "default", *args],
        capture_output=True,
        text=True,
        cwd=unpacked.parent,
        env={**os.environ, "PYTHONPATH": str(unpacked)},
        check=False,
    )


def test_a_failed_compile_is_visible_where_the_package_runs(tmp_path: Path) -> None:
    """README: a failed compile falls back to pure Python "with a warning", one pip hides.

    So the wheel records it, ``import captionfix`` warns (once, a
    RuntimeWarning) and ``--version`` says why.  The compile is made to fail
    by ``CAPTIONFIX_SIMULATE_COMPILE_FAILURE=1`` (no compiler runs).
    """
    env = {"CAPTIONFIX_SIMULATE_COMPILE_FAILURE": "1", "CAPTIONFIX_PURE_PYTHON": ""}
    unpacked = _wheel_with({**env, "CAPTIONFIX_REQUIRE_COMPILED": ""}, tmp_path)
    record = (unpacked / "captionfix" / "_build_record.txt").read_text(encoding="utf-8")
    assert "intended: compiled\nbuilt: pure Python\n" in record
    proc = _run_from(unpacked, "-c", "import captionfix; import captionfix.pipeline")
    assert 0 == proc.returncode, proc.stderr
    assert 1 == proc.stderr.count("RuntimeWarning: captionfix runs as pure Python"), proc.stderr
    assert "compiling failed at install (a failed compile, simulated" in proc.stderr
    version = _run_from(unpacked, "-m", "captionfix", "--version")
    assert 0 == version.returncode, version.stderr
    assert "(pure Python, compiling failed at install (a failed compile" in version.stdout


def test_a_pure_build_asked_for_runs_without_a_warning(wheel: Path, tmp_path: Path) -> None:
    """A CAPTIONFIX_PURE_PYTHON=1 wheel records that it was asked for, and does not warn."""
    unpacked = tmp_path / "unpacked"
    zipfile.ZipFile(wheel).extractall(unpacked)
    record = (unpacked / "captionfix" / "_build_record.txt").read_text(encoding="utf-8")
    assert "intended: pure Python\n" in record
    proc = _run_from(
        unpacked, "-W", "error", "-c", "import captionfix; print(captionfix._build_kind())"
    )
    assert 0 == proc.returncode, proc.stderr
    assert "pure Python" == proc.stdout.strip()


def test_the_warning_is_given_only_for_a_compiled_wheel_that_runs_pure(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The runtime side: which records and builds warn, and what ``_build_kind`` then says."""
    failed = {"intended": "compiled", "built": "pure Python", "reason": "compiling failed (x)"}
    assert captionfix._build_warning(failed, "pure Python") is not None
    assert captionfix._build_warning(failed, "partly compiled") is not None
    assert captionfix._build_warning(failed, "compiled") is None
    assert captionfix._build_warning({"intended": "pure Python"}, "pure Python") is None
    assert (
        captionfix._build_warning({}, "pure Python") is None
    )  # a source tree, an editable install
    broken = {"intended": "compiled", "built": "compiled", "reason": ""}
    assert "do not load here" in (captionfix._build_warning(broken, "pure Python") or "")
    monkeypatch.setattr(captionfix, "_build_record", lambda: failed)
    monkeypatch.setattr(captionfix, "_running_kind", lambda: "pure Python")
    with pytest.warns(RuntimeWarning, match=r"runs as pure Python, compiling failed \(x\)"):
        captionfix._warn_if_not_compiled()
    assert captionfix._build_kind().startswith("pure Python, compiling failed (x)")
    monkeypatch.setattr(captionfix, "_running_kind", lambda: "compiled")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        captionfix._warn_if_not_compiled()
    assert captionfix._build_kind().split(",")[0] == "compiled"
