"""Build hook: compile the rule modules with mypyc when a wheel is built.

Not part of the installed package (the wheel leaves this file out).  hatchling
runs it for every wheel build; it compiles the modules in :data:`COMPILED` with
mypyc, from the same typed source, builds the small C module of
:data:`NATIVE` (``captionfix/_textscan.c``: the whole-text scans that
``captionfix.textscan`` defines in Python), and adds the extension modules
to the wheel.  Python imports an extension module before a ``.py`` file of the same
name, so the source stays in the wheel as documentation and as the fallback
that tracebacks point into.

* An editable install is never compiled: the source must stay live.
* ``CAPTIONFIX_PURE_PYTHON=1`` builds a pure-Python wheel, and asks for
  nothing beyond hatchling.
* When compiling fails (no C compiler, no mypy), the wheel is built from pure
  Python with a warning, since the results are the same, only slower; with
  ``CAPTIONFIX_REQUIRE_COMPILED=1`` (CI, releases) the build fails instead.
  pip shows a build's warnings only with ``-v``, so the wheel also carries a
  record of its build (:data:`RECORD`): what was meant, what was built, and
  why; ``import captionfix`` warns (a ``RuntimeWarning``) when a wheel meant to
  be compiled runs as pure Python, and ``captionfix --version`` says why.
  ``CAPTIONFIX_SIMULATE_COMPILE_FAILURE=1`` makes the compile fail at once, to
  test that path.

The public entry points (``pipeline``, ``records``, ``config``, the command
line) stay interpreted: they check their arguments and raise the documented
errors, which compiled code would replace with its own type checks.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

# the modules where the time goes (docs/performance.md)
COMPILED = (
    "edits",
    "vocab",
    "lines",
    "widgets",
    "rules/encoding",
    "rules/whitespace",
    "rules/quotes",
    "rules/credits/labels",
    "rules/credits/parse",
    "rules/credits/locate",
    "rules/captions",
    "rules/media_labels",
    "detection/__init__",
    "detection/scan",
    "detection/decide",
    "detection/assemble",
    "rounds",
)
# hand-written C, each the twin of a Python module that defines what it does
NATIVE = ("_textscan",)
PURE_ENV = "CAPTIONFIX_PURE_PYTHON"
REQUIRE_ENV = "CAPTIONFIX_REQUIRE_COMPILED"
SIMULATE_ENV = "CAPTIONFIX_SIMULATE_COMPILE_FAILURE"
# the record of the build in the wheel, read by captionfix._build_record()
RECORD = "captionfix/_build_record.txt"
# mypyc needs the type checker, the stubs of regex and the typed runtime
# dependencies to compile; setuptools drives the C compiler
BUILD_REQUIRES = [
    "mypy>=1.10",
    "types-regex",
    "setuptools>=64",
    "regex>=2023.0",
    "ftfy>=6.1",
    "attrs>=23.1",
]
_SETUP = """\
from setuptools import Extension, setup
from mypyc.build import mypycify

native = [Extension(f"captionfix.{{name}}", [f"captionfix/{{name}}.c"]) for name in {native!r}]
setup(
    name="captionfix-compiled",
    ext_modules=[*mypycify({paths!r}, opt_level="3", group_name="captionfix"), *native],
)
"""


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() not in {"", "0", "false", "no"}


class CompileHook(BuildHookInterface):  # type: ignore[type-arg]
    """Compile :data:`COMPILED` with mypyc into a platform wheel, or leave it pure."""

    PLUGIN_NAME = "custom"

    def dependencies(self) -> list[str]:
        """What the build environment needs to compile (nothing for a pure build)."""
        return [] if _flag(PURE_ENV) else list(BUILD_REQUIRES)

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        """Compile, and hand the extension modules and the build's record to the wheel."""
        self._work: str | None = None
        if self.target_name != "wheel" or version == "editable":
            return
        work = tempfile.mkdtemp(prefix="captionfix-mypyc-")
        self._work = work
        if _flag(PURE_ENV):
            asked = f"asked for ({PURE_ENV}=1)"
            _record(Path(work), build_data, "pure Python", "pure Python", asked)
            return
        try:
            built = _compile(Path(self.root), Path(work))
        except (OSError, RuntimeError, subprocess.SubprocessError) as exc:
            if _flag(REQUIRE_ENV):
                raise
            self.app.display_warning(
                f"captionfix: compiling with mypyc failed, building pure Python instead ({exc})"
            )
            reason = f"compiling failed at install ({_last_line(exc)})"
            _record(Path(work), build_data, "compiled", "pure Python", reason)
            return
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        build_data["force_include"].update({str(p): p.relative_to(work).as_posix() for p in built})
        _record(Path(work), build_data, "compiled", "compiled", "")

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        """Remove the compile folder once the wheel holds its files."""
        del version, build_data, artifact_path
        work = getattr(self, "_work", None)
        if work:
            shutil.rmtree(work, ignore_errors=True)


def _last_line(exc: BaseException) -> str:
    """The last line of *exc*'s message (a compiler's last word), shortened."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    last = lines[-1] if lines else type(exc).__name__
    return last if len(last) <= 200 else last[:197] + "..."


def _record(work: Path, build_data: dict[str, Any], meant: str, built: str, reason: str) -> None:
    """Write the record of this build and put it in the wheel (see :data:`RECORD`)."""
    path = work / "_build_record.txt"
    path.write_text(
        "# what captionfix/_build.py built; captionfix._build_record() reads it\n"
        f"intended: {meant}\nbuilt: {built}\nreason: {reason}\n",
        encoding="utf-8",
    )
    build_data["force_include"][str(path)] = RECORD


def _compile(root: Path, work: Path) -> list[Path]:
    """Compile a copy of the package in *work*; return the extension files made."""
    if _flag(SIMULATE_ENV):
        msg = f"a failed compile, simulated by {SIMULATE_ENV}=1"
        raise RuntimeError(msg)
    package = work / "captionfix"
    shutil.copytree(root / "captionfix", package, ignore=shutil.ignore_patterns("__pycache__"))
    paths = [f"captionfix/{name}.py" for name in COMPILED]
    setup_py = _SETUP.format(paths=paths, native=list(NATIVE))
    (work / "setup.py").write_text(setup_py, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "setup.py", "build_ext", "--inplace"],
        cwd=work,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode:
        tail = (proc.stdout + proc.stderr).strip().splitlines()[-12:]
        raise RuntimeError("\n".join(tail))
    # in place: the group's shared library beside the package, a stub per module in it
    built = [p for p in work.iterdir() if p.suffix in {".so", ".pyd"}]
    built += [p for p in package.rglob("*") if p.suffix in {".so", ".pyd"}]
    names = {
        p.relative_to(package).as_posix().split(".", 1)[0] for p in built if package in p.parents
    }
    missing = [name for name in (*COMPILED, *NATIVE) if name not in names]
    if missing:
        msg = f"the build made no extension for {', '.join(missing)}"
        raise RuntimeError(msg)
    return built
