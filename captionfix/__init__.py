"""captionfix: clean prose, and records of the captions and credits it removed.

>>> import captionfix
>>> captionfix.clean("Kirby said“We will.”").text
'Kirby said “We will.”'
"""

from __future__ import annotations

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
    are there; ``"partly compiled"`` when only one of them is.  When this
    package is not the installed distribution (``python -m captionfix`` run
    from a source checkout while a build is installed), it says so, naming
    both places, so that a run from the clone never passes for the installed
    build.
    """
    from captionfix import textscan  # noqa: PLC0415
    from captionfix.detection import decide  # noqa: PLC0415

    mypyc = not decide.__file__.endswith(".py")
    if mypyc and textscan.NATIVE:
        kind = "compiled"
    else:
        kind = "partly compiled" if mypyc or textscan.NATIVE else "pure Python"
    installed = _installed_location()
    here = Path(__file__).resolve().parent
    if installed is not None and installed != here:
        kind += f", from the source tree {here}; the installed build is at {installed}"
    return kind


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
