"""The fuzz harness in the default test run: bounded, seeded, deterministic.

``CAPTIONFIX_FUZZ_SECONDS=N`` turns the seeded run into an N-second run
(``CAPTIONFIX_FUZZ_SEED`` picks the seed); ``python -m tests.fuzz.run --hours 2``
is the maintainer's long run.  Known failure families each have a strict xfail
test below, holding the minimised input the harness found: when a family is
fixed its test passes, fails as XPASS, and is to be promoted to a plain test.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ..strategies import articles  # noqa: TID252 - tests/ is no package; pytest resolves this
from .harness import families, fuzz, minimise, mutate

if TYPE_CHECKING:
    import random

SEED = int(os.environ.get("CAPTIONFIX_FUZZ_SEED", "20261205"))
SECONDS = float(os.environ.get("CAPTIONFIX_FUZZ_SECONDS", "0")) or None
DOCS = None if SECONDS else 4000  # about 5 s here; the same documents on every run

# (family, minimised input the harness found, what is wrong); for the rules' owner.
# Fixed families are promoted to plain tests (tests/test_invariants.py).
KNOWN_CASES: dict[str, tuple[str, str, str]] = {
    "caption-copies-apart-not-idempotent": (
        "idempotent:text:captions",
        (
            "ofechamento da ponte velha após semanas de debate.\n\n"
            "Karla CorriganchegaparareuniãoemCampoVerdeBrasil\n.\n"
            "Karla CorriganchegaparareuniãoemCampoVerdeBrasil.\nFoto:l\n"
            "Os moradores adiou a fusão de dois hospitais em vriticou uma investigação "
            "sobre o contrato pela terc"
        ),
        (
            "two copies of a caption-like line, one before a lone '.' line and one before a "
            "bare 'Foto:' label: a second clean() removes a caption the first left "
            "(detection; 6 in 10^6 fuzz documents, seed 20261206)"
        ),
    ),
}
KNOWN = {family for family, _, _ in KNOWN_CASES.values()}


def test_seeded_fuzz_finds_nothing_new() -> None:
    """The seeded corpus run: no invariant breaks outside the known families."""
    report = fuzz(seed=SEED, docs=DOCS, seconds=SECONDS, minimise_seconds=5)
    new = {k: v.minimal for k, v in report.found.items() if k not in KNOWN}
    assert {} == new, f"seed {SEED}, {report.documents} documents: {new!r}"


@given(articles(), st.randoms(use_true_random=False), st.integers(0, 6))
def test_mutated_articles_keep_the_invariants(text: str, rng: random.Random, rounds: int) -> None:
    """Hypothesis articles with the harness's mutations: nothing outside the known families."""
    assert set() == families(mutate(rng, text, rounds)) - KNOWN


@pytest.mark.parametrize("case", list(KNOWN_CASES))
@pytest.mark.xfail(strict=True, reason="a known library bug, found by the fuzz harness")
def test_known_failure(case: str) -> None:
    """Each known failure on its minimised input (strict xfail: promote when fixed)."""
    family, text, _why = KNOWN_CASES[case]
    assert family not in families(text)


def test_minimise_keeps_the_family(monkeypatch: pytest.MonkeyPatch) -> None:
    """The minimiser shrinks an input and keeps it failing in the same family."""
    from . import harness  # noqa: PLC0415 - the module whose check is stood in for

    def check(text: str) -> list[harness.Failure]:  # a stand-in bug: two copies of a credit
        return [harness.Failure("fake:credit")] if text.count("Foto: EFE") >= 2 else []

    monkeypatch.setattr(harness, "check", check)
    text = "Foto: EFEFoto: EFE"
    padded = "The talks went on.\n\n" + text + "\n\nNobody left the room."
    assert "fake:credit" in families(padded)
    small = minimise(padded, "fake:credit", seconds=5)
    assert "fake:credit" in families(small)
    assert len(small) <= len(text)
