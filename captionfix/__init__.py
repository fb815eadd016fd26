"""captionfix: clean prose, and records of the captions and credits it removed.

>>> import captionfix
>>> captionfix.clean("Kirby said“We will.”").text
'Kirby said “We will.”'
"""

from __future__ import annotations

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
    """``"compiled"``: the rule modules run as mypyc extensions and the C scans are there.

    ``"pure Python"`` when neither is, ``"partly compiled"`` when only one is.
    """
    from captionfix import detect, textscan  # noqa: PLC0415

    mypyc = not detect.__file__.endswith(".py")
    if mypyc and textscan.NATIVE:
        return "compiled"
    return "partly compiled" if mypyc or textscan.NATIVE else "pure Python"


def __getattr__(name: str) -> str:
    if name == "__version__":
        from importlib.metadata import version  # noqa: PLC0415

        return version("captionfix")
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)
