"""captionfix: clean prose, and records of the captions and credits it removed.

>>> import captionfix
>>> captionfix.clean("Kirby said“We will.”").text
'Kirby said “We will.”'
"""

from __future__ import annotations

import warnings
from pathlib import Path

from captionfix.config import RULE_NAMES, Config
from captionfix.edits import apply_edits, revert
from captionfix.pipeline import clean
from captionfix.records import Caption, Credit, Edit, Result, Span, as_dict

__all__ = [
    "RULE_NAMES",
    "Caption",
    "Config",
    "Credit",
    "Edit",
    "Result",
    "Span",
    "apply_edits",
    "as_dict",
    "clean",
    "revert",
]


def _build_kind() -> str:
    """Which build runs: ``"compiled"``, ``"pure Python"`` or ``"partly compiled"``.

    ``"compiled"``: the rule modules run as mypyc extensions and the C scans
    are there; ``"partly compiled"`` when only one of them is.  A wheel that
    was meant to be compiled and is not says why, from its record of its
    build (``pure Python, compiling failed at install (…)``).  When this
    package is not the installed distribution (``python -m captionfix`` run
    from a source checkout while a build is installed), it says so, naming
    both places, so that a run from the clone never passes for the installed
    build.
    """
    kind = _running_kind()
    shortfall = _not_compiled_because(_build_record(), kind)
    if shortfall is not None:
        kind += f", {shortfall}"
    installed = _installed_location()
    here = Path(__file__).resolve().parent
    if installed is not None and installed != here:
        kind += f", from the source tree {here}; the installed build is at {installed}"
    return kind


def _running_kind() -> str:
    """``"compiled"``, ``"partly compiled"`` or ``"pure Python"``: what runs, nothing more."""
    from captionfix import textscan  # noqa: PLC0415
    from captionfix.detection import decide  # noqa: PLC0415

    mypyc = not decide.__file__.endswith(".py")
    if mypyc and textscan.NATIVE:
        return "compiled"
    return "partly compiled" if mypyc or textscan.NATIVE else "pure Python"


def _build_record() -> dict[str, str]:
    """What the build hook wrote into the wheel: ``intended``, ``built``, ``reason``.

    Empty for a source tree or an editable install, which are pure Python by
    design (``captionfix/_build.py`` writes the record into wheels only).
    """
    from importlib.resources import files  # noqa: PLC0415

    try:
        text = files("captionfix").joinpath("_build_record.txt").read_text(encoding="utf-8")
    except OSError:
        return {}
    record = {}
    for line in text.splitlines():
        name, colon, value = line.partition(":")
        if colon and not name.startswith("#"):
            record[name.strip()] = value.strip()
    return record


def _not_compiled_because(record: dict[str, str], kind: str) -> str | None:
    """Why a wheel that was meant to be compiled runs as *kind*; ``None`` if it was not meant to.

    >>> _not_compiled_because({"intended": "compiled", "reason": "no gcc"}, "pure Python")
    'no gcc'
    >>> _not_compiled_because({"intended": "compiled", "reason": ""}, "partly compiled")
    'built compiled, but its compiled modules do not load here'
    >>> _not_compiled_because({"intended": "pure Python"}, "pure Python") is None
    True
    """
    if record.get("intended") != "compiled" or kind.startswith("compiled"):
        return None
    return record.get("reason") or "built compiled, but its compiled modules do not load here"


def _build_warning(record: dict[str, str], kind: str) -> str | None:
    """The warning for a wheel that was meant to be compiled but runs as *kind*, or ``None``."""
    because = _not_compiled_because(record, kind)
    if because is None:
        return None
    return (
        f"captionfix runs as {kind}, {because}: the results are the same, about 2.3x "
        "slower.  Reinstall where a C compiler is available (pip install -v shows why "
        "compiling failed); CAPTIONFIX_REQUIRE_COMPILED=1 makes a failed compile an "
        "error, CAPTIONFIX_PURE_PYTHON=1 asks for pure Python without this warning."
    )


def _warn_if_not_compiled() -> None:
    """Warn once, at import, when a wheel meant to be compiled runs as pure Python."""
    message = _build_warning(_build_record(), _running_kind())
    if message is not None:
        warnings.warn(message, RuntimeWarning, stacklevel=3)


_warn_if_not_compiled()


def _installed_location() -> Path | None:
    """The folder of the installed distribution's ``captionfix`` package, if one is installed."""
    from importlib.metadata import PackageNotFoundError, distribution  # noqa: PLC0415

    try:
        dist = distribution("captionfix")
    except PackageNotFoundError:
        return None
    for file in dist.files or ():
        if file.as_posix() == "captionfix/__init__.py":
            return Path(str(dist.locate_file(file))).resolve().parent
    return None  # an editable install: its files are the source tree's


def __getattr__(name: str) -> str:
    if name == "__version__":
        from importlib.metadata import version  # noqa: PLC0415

        return version("captionfix")
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)
