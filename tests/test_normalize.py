"""The encoding rule (ftfy behind a gate) and the whitespace rule (SPEC §4)."""

from __future__ import annotations

from itertools import pairwise

import attrs
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import captionfix
from captionfix import textscan
from captionfix.edits import apply_edits
from captionfix.records import Edit
from captionfix.rules import encoding, whitespace

ENCODING = {
    "utf8-as-cp1252-quotes": ("â€œquotedâ€\x9d", "“quoted”"),
    "utf8-as-latin1-accent": ("JosÃ© GarcÃ\xada", "José García"),
    "entity-amp": ("Smith &amp; Jones", "Smith & Jones"),
    "entity-numeric": ("it&#8217;s", "it’s"),
    "control-char": ("bad\x07bell", "badbell"),
    "utf8-as-cp1252-cjk": ("Mr é™ˆ said", "Mr 陈 said"),  # a lead other than Ã, Â, â
    "control-inside-mojibake": ("á\x80\x1f\x80", "က"),  # one token, not two
    "nel-after-lead": ("\x1fÂ\x850", "…0"),
}


@pytest.mark.parametrize(("before", "after"), ENCODING.values(), ids=ENCODING.keys())
def test_encoding_repairs(before: str, after: str) -> None:
    """Mojibake, entities and control characters are repaired; curly quotes stay curly."""
    assert after == apply_edits(before, encoding.fix_encoding(before))


@pytest.mark.parametrize(
    "text",
    [
        "Clean “curly” text, with ’apostrophes’.",
        "café”, she said; «¿qué?», dijo",
        "« C'est arrivé\u00a0», a-t-il dit.",  # a lead before a no-break space: still text
        "SÃO PAULO e JOÃO",
        "Ünïcödé – ½ · ¿qué?",
        "ｆｕｌｌ",
    ],
)
def test_encoding_leaves_clean_text(text: str) -> None:
    """Legitimate accents, capitals and full-width characters are not damage."""
    assert [] == encoding.fix_encoding(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("plain ASCII text", False),
        ("Clean “curly” text, café, São Paulo, ½ · ¿qué?", False),
        ("cafÃ©", True),
        ("é™ˆ", True),
        ("AT&amp;T", True),
        ("a\x07b", True),
        ("a\x85b", True),
        ("\ufffd", True),
        ("R&D; fine", True),  # the gate is a superset: the full pattern decides
    ],
)
def test_gate(text: str, *, expected: bool) -> None:
    """The C-speed gate lets clean text through and flags every kind of damage."""
    assert expected == textscan.may_be_damaged(text)


def test_clean_text_never_reaches_ftfy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Text the gate passes is not shown to ftfy at all."""

    def boom(*args: object, **kwargs: object) -> str:
        raise AssertionError

    monkeypatch.setattr(encoding.ftfy, "fix_text", boom)
    assert [] == encoding.fix_encoding("Plain text with “quotes” and accents: café, naïve.")


WHITESPACE = {
    "bom": ("\ufeffHello", "Hello"),
    "crlf": ("a\r\nb", "a\nb"),
    "lone-cr": ("a\rb", "a\nb"),
    "nfc": ("cafe\u0301", "café"),
    "trailing-spaces": ("a  \nb\t\n", "a\nb"),
    "blank-runs": ("a\n\n\n\n\nb", "a\n\nb"),
    "blank-lines-with-spaces": ("a\n \n\t\n\nb", "a\n\nb"),
    "outer-whitespace": ("\n\n  a\n\n", "a"),
    "inner-double-space-kept": ("decidiu  expulsar", "decidiu  expulsar"),
    "leading-space-of-a-line-kept": ("a\n  b", "a\n  b"),
}


@pytest.mark.parametrize(("before", "after"), WHITESPACE.values(), ids=WHITESPACE.keys())
def test_whitespace_normal_form(before: str, after: str) -> None:
    """The whitespace rule gives the normal form of SPEC §4 and nothing more."""
    assert after == captionfix.clean(before).text


PREPARE = {
    "crlf": ("a\r\nb\r\n", "a\nb\n"),
    "lone-cr": ("a\rb\r\r\nc", "a\nb\n\nc"),
    "bom-and-crlf": ("\ufeffa\r\nb\ufeff\r\n", "a\nb\n"),
    "nfc-and-crlf": ("e\u0301\r\nCafe\u0301\r\n", "é\nCafé\n"),
    "nfc-across-a-bom": ("x\r\ne\ufeff\u0301 y", "x\né y"),  # the mark hid the pair from NFC
}


@pytest.mark.parametrize(("before", "after"), PREPARE.values(), ids=PREPARE.keys())
def test_prepare_edits_are_ordered_and_apart(before: str, after: str) -> None:
    """Line ends, byte-order marks and NFC give ordered, disjoint edits, alone or mixed."""
    edits = whitespace.prepare(before)
    assert after == apply_edits(before, edits)
    assert all(a.end <= b.start for a, b in pairwise(edits))


@given(st.text(alphabet="ab \n\t\r\u00a0\x0c\u2028", max_size=40))
@example("a\n\n\nb")
@example("a \nb")
@example("a\n \nb")
def test_normal_lines_is_the_line_by_line_test(text: str) -> None:
    """The find-based check of the normal form agrees with splitting the lines."""
    core = text.rstrip()
    if core[:1].strip():
        lines = core.split("\n")
        want = not any(a[-1:].isspace() or not (a or b) for a, b in pairwise(lines))
        assert want == textscan.normal_lines(core)


def test_records_are_built_in_c_only_while_edit_just_stores_its_fields() -> None:
    """The C ``cr_edits`` fills records field by field; a validator would turn it off."""
    assert textscan._plain_record(Edit)

    @attrs.frozen
    class Checked:
        rule: str
        start: int = attrs.field(validator=attrs.validators.ge(0))
        end: int
        replacement: str
        before: str

    assert not textscan._plain_record(Checked)


@given(st.text(alphabet="ab \r\n\ufeff\u0301e\u00e9\u2019", max_size=40))
@example("a\r\nb\rc\r\n\r\n")
@example("\ufeffa\r\nb")
@example("e\u0301\r\n")
def test_prepare_stage_makes_the_text_its_edits_make(text: str) -> None:
    """The text of the first whitespace stage is its edits applied, however it is made."""
    edits, after = whitespace.prepare_stage(text)
    assert whitespace.prepare(text) == edits
    assert apply_edits(text, edits) == after
