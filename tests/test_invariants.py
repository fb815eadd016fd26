"""Library invariants on the inputs the fuzz harness and the reliability review found.

Each case once broke an invariant of SPEC §5 (normal form, idempotence, spans);
the harness's own check (:func:`tests.fuzz.harness.families`) holds them, and
a plain assertion says what the fix does.
"""

from __future__ import annotations

import pytest

import captionfix
from captionfix.textscan import cr_edits_py

from .fuzz.harness import families

# (input, what used to break)
FIXED = {
    "cr-after-combining-mark": ("a\u0303\rA\u0303", "a lone CR beside an NFC edit survived"),
    "cr-nfc-bom": ("cafe\u0301\r\ufeffNext", "an NFC edit over a CR and a BOM kept the CR"),
    "quote-before-form-feed": (
        "He said”Fine–“\x0c",
        "a quote repair was skipped while a trailing control character stood after it",
    ),
    "layered-mojibake": ("\xc2\xa0\xc3\u201a\u201c", "layered mojibake needed a second pass"),
    "credit-copies-nfd-nfc": (
        "Foto: Divulgac\u0327a\u0303oFoto: Divulga\xe7\xe3o",
        "NFD and NFC copies of a credit merged; one span did not hold raw",
    ),
    "credit-copies-mojibake": (
        "Foto: Divulga\xe7\xe3oFoto: Divulga\xc3\xa7\xc3\xa3o",
        "a clean and a mojibake copy of a credit merged the same way",
    ),
    "caption-credit-control-char": (
        "(F\x1foto: EFE)\nnl(Foto: EFE)",
        "a credit with a control character inside merged with a clean copy",
    ),
}


@pytest.mark.parametrize("case", list(FIXED))
def test_fixed_case_keeps_every_invariant(case: str) -> None:
    """The harness finds no broken invariant on the once-failing input."""
    text, _why = FIXED[case]
    assert families(text) == set()


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("a\u0303\rA\u0303", "ã\nÃ"),
        ("cafe\u0301\r\ufeffNext", "café\nNext"),
        ("He said”Fine–“\x0c", "He said “Fine–”"),
        ("He said”Fine–“ \nNext", "He said “Fine–”\nNext"),
        ("\xc2\xa0\xc3\u201a\u201c", "“"),
    ],
)
def test_one_pass_gives_the_fixed_point(text: str, want: str) -> None:
    """The first clean() already gives what a second one would."""
    result = captionfix.clean(text)
    assert result.text == want
    assert captionfix.revert(result.text, result.edits) == text
    assert captionfix.clean(want).edits == ()


def test_credit_copies_that_differ_in_the_input_are_separate_records() -> None:
    """Every credit span holds its record's raw; identical copies still merge."""
    text = "Foto: Divulgac\u0327a\u0303oFoto: Divulga\xe7\xe3o"
    result = captionfix.clean(text)
    raws = [c.raw for c in result.credits]
    assert raws == ["Foto: Divulgac\u0327a\u0303o", "Foto: Divulga\xe7\xe3o"]
    for credit in result.credits:
        assert all(text[s:e] == credit.raw for s, e in credit.spans)
        assert credit.agencies == result.credits[0].agencies  # parsed the same
    same = captionfix.clean("Foto: Divulga\xe7\xe3oFoto: Divulga\xe7\xe3o")
    assert [len(c.spans) for c in same.credits] == [2]


def test_a_caption_keeps_the_credit_copy_printed_with_it() -> None:
    """A caption's credit record is the one whose span lies inside the caption."""
    text = "(F\x1foto: EFE)\nnl(Foto: EFE)"
    result = captionfix.clean(text)
    for caption in result.captions:
        assert caption.credit is not None
        for s, e in caption.credit.spans:
            assert text[s:e] == caption.credit.raw
            assert any(cs <= s and e <= ce for cs, ce in caption.spans)


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("a\r\nb\rc", [(1, 2, ""), (4, 5, "\n")]),
        ("\r\r\r", [(0, 3, "\n\n\n")]),
        ("a\r\r\r\r\nb", [(1, 4, "\n\n\n"), (4, 5, "")]),
        ("\r\n\r\n", [(0, 1, ""), (2, 3, "")]),
    ],
)
def test_a_run_of_lone_crs_is_one_edit(text: str, want: list[tuple[int, int, str]]) -> None:
    """``\\r\\r\\r`` is one edit to ``\\n\\n\\n``; a CRLF keeps its own edit."""
    got = cr_edits_py(text)
    assert [(e.start, e.end, e.replacement) for e in got] == want
    assert all(e.before == text[e.start : e.end] for e in got)


def test_a_long_cr_run_reverts() -> None:
    """One edit over a run of lone CRs is still lossless."""
    text = "Title\r" + "\r" * 5000 + "Body\r\n\r\nEnd"
    result = captionfix.clean(text)
    assert result.text == "Title\n\nBody\n\nEnd"
    assert captionfix.apply_edits(text, result.edits) == result.text
    assert captionfix.revert(result.text, result.edits) == text
