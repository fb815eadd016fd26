"""The invariants of SPEC §5, as property tests."""

from __future__ import annotations

import time
import unicodedata

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import captionfix
from captionfix.edits import check_edits

from .strategies import any_text, articles, clean_prose


@given(any_text)
@example("(REUTERS) (POOL/)\n\nA\n\nA (REUTERS)")
@example("\n\ufeff\r\nÃ©")
@example("word”Word “a“, b")
@example("\x1f\u00c2\x850")  # a control char, then mojibake of an ellipsis: one token
@example("\u00e1\x80\x1f\x80")  # a control between two halves of one mojibake
@example("0\n\n00000000000\x0c\n00000000000\n0")  # short copies; one ends in a form feed
@example("0\n\nT0000000000\n\n00(REUTERS)\n\n0(REUTERS)\n\n\n\nT0000000000")  # blank run
@example("x\r\ne\ufeff\u0301 y")  # a byte-order mark between a letter and its accent
def test_idempotent(text: str) -> None:
    """Cleaning the output again changes nothing and makes no edit."""
    first = captionfix.clean(text)
    second = captionfix.clean(first.text)
    assert first.text == second.text
    assert () == second.edits


@given(any_text)
def test_lossless(text: str) -> None:
    """Edits are ordered and disjoint; replaying gives the text, reverting gives the input."""
    result = captionfix.clean(text)
    check_edits(text, result.edits)
    assert result.text == captionfix.apply_edits(text, result.edits)
    assert text == captionfix.revert(result.text, result.edits)


@given(articles())
def test_spans_point_into_the_input(text: str) -> None:
    """Each credit's first span holds its raw text; caption spans lie inside the input."""
    result = captionfix.clean(text)
    for credit in result.credits:
        start, end = credit.spans[0]
        assert credit.raw == text[start:end]
    for caption in result.captions:
        assert caption.count == len(caption.spans)
        for start, end in caption.spans:
            assert 0 <= start < end <= len(text)


@given(clean_prose())
def test_clean_prose_unchanged(text: str) -> None:
    """Prose without artefacts, already in normal form, comes out as it went in."""
    result = captionfix.clean(text)
    assert text == result.text
    assert () == result.edits


@given(any_text)
def test_all_rules_off_is_identity(text: str) -> None:
    """With every rule switched off the output is the input."""
    result = captionfix.clean(text, config=captionfix.Config.none())
    assert text == result.text
    assert () == result.edits


@pytest.mark.parametrize("rule", captionfix.RULE_NAMES)
@given(text=articles())
def test_a_switched_off_rule_makes_no_edit(rule: str, text: str) -> None:
    """A rule switched off never appears in the edit log."""
    config = attrs.evolve(captionfix.Config(), **{rule: False})
    assert rule not in {e.rule for e in captionfix.clean(text, config=config).edits}


@given(any_text)
def test_normal_form(text: str) -> None:
    """The output is in the normal form of SPEC §4."""
    out = captionfix.clean(text).text
    assert "\r" not in out
    assert "\ufeff" not in out
    assert out == out.strip()
    assert "\n\n\n" not in out
    assert all(line == line.rstrip() for line in out.split("\n"))
    assert unicodedata.is_normalized("NFC", out)


@given(st.text())
def test_never_raises(text: str) -> None:
    """Any str goes through without an exception."""
    assert isinstance(captionfix.clean(text).text, str)


ADVERSARIAL = {
    "opening-quotes": "“" * 2000,
    "closing-quotes": "”a" * 2000,
    "straight-quotes": '"' * 2000,
    "open-parens": "(" * 4000,
    "paren-groups": "(REUTERS) " * 1000,
    "slashes": "a/" * 2000,
    "labels": "Photo: " * 1000,
    "colons": "Foto:" * 1000,
    "glued-quotes": "a“b”" * 1000,
    "blank-lines": "\n" * 4000,
    "one-long-line": "word " * 4000,
}


@pytest.mark.parametrize("piece", ADVERSARIAL.values(), ids=ADVERSARIAL.keys())
def test_linear_time(piece: str) -> None:
    """Four times the input costs about four times the work, not sixteen.

    This is a complexity check, not a speed test: it compares the same
    function with itself on inputs of size n and 4n, and only fails on
    super-linear growth (quadratic gives about 16x, linear about 4x).
    """

    def cost(text: str) -> float:
        best = float("inf")
        for _ in range(3):
            start = time.process_time()
            captionfix.clean(text)
            best = min(best, time.process_time() - start)
        return max(best, 1e-4)

    small, large = piece * 4, piece * 16
    assert cost(large) / cost(small) < 10


PROSE = (
    "The council met again on Tuesday and the mayor said the work would go on "
    "through the winter months, whatever the cost of it."
)


def _gallery_page(n: int, *, together: bool) -> str:
    """*n* distinct credited captions with one credit, between prose or all in one run."""
    captions = [
        f"Firemen battle a blaze in district {i} of Lisbon (Photo: Jane Roe/Reuters)"
        for i in range(n)
    ]
    if together:
        return "Intro.\n\n" + "\n\n".join(captions) + "\n\n" + "\n\n".join([PROSE] * (2 * n))
    return "Intro.\n\n" + "".join(f"{c}\n\n\n\n{PROSE}\n\n" for c in captions)


@pytest.mark.parametrize("together", [False, True], ids=["between-prose", "one-run"])
def test_linear_time_in_captions(*, together: bool) -> None:
    """Four times the captions cost about four times the work.

    Many captions sharing one credit, with long blank runs where they were
    removed: records, merging copies and the round check must not compare
    every caption with every other.
    """

    def cost(text: str) -> float:
        best = float("inf")
        for _ in range(3):
            start = time.process_time()
            result = captionfix.clean(text)
            best = min(best, time.process_time() - start)
        assert not result.capped
        return max(best, 1e-4)

    small, large = _gallery_page(250, together=together), _gallery_page(1000, together=together)
    assert cost(large) / cost(small) < 10


def test_one_megabyte_line() -> None:
    """A single 1 MB line goes through, unchanged apart from the normal form."""
    line = "The talks went on into the night and nobody left the room. " * 17000
    assert line.strip() == captionfix.clean(line).text
