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

# (family, minimised input the harness found, what is wrong); for the rules' owner
KNOWN_CASES = {
    "cr-after-combining-mark": (
        "normal-form:cr",
        "a\u0303\rA\u0303",
        "a lone CR between two letters with combining marks survives the NFC edit",
    ),
    "cr-after-combining-mark-not-idempotent": (
        "idempotent:text:whitespace",
        "a\u0303\rA\u0303",
        "the same CR is turned into a line break only by a second clean()",
    ),
    "credit-copies-nfd-nfc": (
        "spans:credit",
        "Foto: Divulgac\u0327a\u0303oFoto: Divulga\xe7\xe3o",
        (
            "an NFD and an NFC copy of one credit merge into one record whose raw is the "
            "first copy's text, so the other span does not hold raw"
        ),
    ),
    "credit-copies-mojibake": (
        "spans:credit",
        "Foto: Divulga\xe7\xe3oFoto: Divulga\xc3\xa7\xc3\xa3o",
        "a clean and a mojibake copy of one credit merge the same way",
    ),
    "caption-credit-control-char": (
        "spans:caption-credit",
        "(F\x1foto: EFE)\nnl(Foto: EFE)",
        (
            "a credit with a control character inside merges with a clean copy; the "
            "caption's credit span does not hold its raw"
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


def test_minimise_keeps_the_family() -> None:
    """The minimiser shrinks an input and keeps it failing in the same family."""
    _family, text, _why = KNOWN_CASES["credit-copies-nfd-nfc"]
    padded = "The talks went on.\n\n" + text + "\n\nNobody left the room."
    assert "spans:credit" in families(padded)
    small = minimise(padded, "spans:credit", seconds=5)
    assert "spans:credit" in families(small)
    assert len(small) <= len(text)
