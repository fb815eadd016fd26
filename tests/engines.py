"""Import a pipeline engine for a test: never skipped in CI, skipped for a developer without it.

CI installs every extra (``.ci/run``), so there a missing engine is a failure,
not a skip; a developer who installed only ``.[test]`` gets a skip that names
the extra to install.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"


def require(module: str, extra: str) -> ModuleType:
    """Import *module*, or skip (outside CI) naming the extra that brings it."""
    if os.environ.get("CI"):
        return importlib.import_module(module)
    return pytest.importorskip(
        module, reason=f"needs the {extra!r} extra: pip install -e '.[{extra}]'"
    )


def sample_texts() -> list[str | None]:
    """Texts with and without captions, credits, labels and repairs, and a null.

    The inputs of ``fixtures/*/*/input.txt``, each of their paragraphs on its
    own, and a few edge cases: empty, whitespace only, already clean.
    """
    texts: list[str | None] = []
    for path in sorted(FIXTURES.glob("*/*/input.txt")):
        text = path.read_text(encoding="utf-8")
        texts.append(text)
        texts.extend(p for p in text.split("\n\n") if p.strip())
    texts += ["", "   \n", "Already clean prose.\n", None, "Kirby said“We will.”"]
    return texts
