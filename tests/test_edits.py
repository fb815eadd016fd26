"""The edit model: apply, revert, check, the offset map and composition."""

from __future__ import annotations

import pickle

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import captionfix
from captionfix.edits import (
    EditError,
    Edits,
    OffsetMap,
    _compose_after_deletions,
    _compose_general,
    apply_edits,
    check_edits,
    compose,
    compose_edits,
    make_edit,
    minimal_edit,
    revert,
)
from captionfix.records import Edit, EditList


def test_apply_and_revert() -> None:
    """Replaying edits gives the output; reverting gives the input back."""
    text = "ab\r\ncd"
    edits = [make_edit("whitespace", text, 2, 3, ""), make_edit("quotes", text, 5, 5, " ")]
    assert "ab\nc d" == apply_edits(text, edits)
    assert text == revert("ab\nc d", edits)


def test_check_rejects_overlap_and_mismatch() -> None:
    """Overlapping edits, edits out of range and wrong 'before' texts are rejected."""
    text = "abcdef"
    with pytest.raises(EditError):
        check_edits(text, [make_edit("x", text, 1, 3, ""), make_edit("x", text, 2, 4, "")])
    with pytest.raises(EditError):
        check_edits(text, [Edit("x", 4, 9, "", "ef")])
    with pytest.raises(EditError):
        check_edits(text, [Edit("x", 0, 1, "", "z")])


def test_minimal_edit_trims() -> None:
    """minimal_edit keeps only the changed middle; no change gives None."""
    assert Edit("e", 3, 5, "é", "Ã©") == minimal_edit("e", "cafÃ© bar", 0, 5, "café")
    assert minimal_edit("e", "same", 0, 4, "same") is None


def test_offset_map() -> None:
    """Output spans map back to input spans across deletions."""
    omap = OffsetMap([Edit("w", 0, 1, "", "\ufeff"), Edit("w", 3, 4, "", "\r")])
    assert (1, 3) == omap.span(0, 2)
    assert (4, 6) == omap.span(2, 4)


COMPOSE = {
    "deletion-over-crlf": (
        "a\r\nb",
        [Edit("whitespace", 1, 2, "", "\r")],
        [Edit("captions", 0, 2, "", "a\n")],
        [Edit("captions", 0, 3, "", "a\r\n")],
    ),
    "insertion-where-a-char-was-deleted": (
        "x\ufeffy",
        [Edit("whitespace", 1, 2, "", "\ufeff")],
        [Edit("quotes", 1, 1, " ", "")],
        [Edit("quotes", 1, 1, " ", ""), Edit("whitespace", 1, 2, "", "\ufeff")],
    ),
    "replacement-inside-a-replacement": (
        "sÃ©e",
        [Edit("encoding", 1, 3, "é", "Ã©")],
        [Edit("quotes", 0, 3, "SEE", "sée")],
        [Edit("quotes", 0, 4, "SEE", "sÃ©e")],
    ),
    "both-ends": (
        " ab ",
        [Edit("whitespace", 0, 1, "", " ")],
        [Edit("whitespace", 2, 3, "", " ")],
        [Edit("whitespace", 0, 1, "", " "), Edit("whitespace", 3, 4, "", " ")],
    ),
    "empty-second": ("ab", [Edit("x", 0, 1, "", "a")], [], [Edit("x", 0, 1, "", "a")]),
    "empty-first": ("ab", [], [Edit("x", 0, 1, "", "a")], [Edit("x", 0, 1, "", "a")]),
}


@pytest.mark.parametrize(
    ("text", "first", "second", "expected"), COMPOSE.values(), ids=COMPOSE.keys()
)
def test_compose_table(
    text: str, first: list[Edit], second: list[Edit], expected: list[Edit]
) -> None:
    """compose() gives the expected edits on the original text."""
    assert expected == compose(text, first, second)


@st.composite
def edit_list(draw: st.DrawFn, text: str) -> list[Edit]:
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=8)))
    edits = []
    for a, b in zip(cuts[::2], cuts[1::2], strict=False):
        new = draw(st.text(alphabet="xy\n ", max_size=3))
        edit = make_edit("r", text, a, b, new)
        fits = not edits or (edits[-1].end <= a and not edits[-1].end == a == b)
        if edit.before != edit.replacement and fits:
            edits.append(edit)
    return edits


@given(st.data())
def test_compose_equals_sequential(data: st.DataObject) -> None:
    """Composed edits on the original give what the two lists give in turn."""
    text = data.draw(st.text(alphabet="ab\r\n“", max_size=20))
    first = data.draw(edit_list(text))
    mid = apply_edits(text, first)
    second = data.draw(edit_list(mid))
    composed = compose(text, first, second)
    check_edits(text, composed)
    assert apply_edits(mid, second) == apply_edits(text, composed)
    assert text == revert(apply_edits(text, composed), composed)


@st.composite
def deletions(draw: st.DrawFn, text: str) -> list[Edit]:
    """Ordered, disjoint deletions (line endings, removed lines) with assorted rules."""
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), min_size=2, max_size=10)))
    edits = []
    for a, b in zip(cuts[::2], cuts[1::2], strict=False):
        if a < b and (not edits or edits[-1].end <= a):
            edits.append(
                make_edit(draw(st.sampled_from(["whitespace", "captions"])), text, a, b, "")
            )
    return edits


@given(st.data())
def test_compose_after_deletions_equals_the_general_sweep(data: st.DataObject) -> None:
    """The fast path for deleting first edits gives exactly the general algorithm's edits."""
    text = data.draw(st.text(alphabet="ab\r\n", max_size=24))
    first = data.draw(deletions(text))
    assume(first)
    mid = apply_edits(text, first)
    second = data.draw(edit_list(mid))
    assume(second)
    second = [
        Edit(
            data.draw(st.sampled_from(["whitespace", "quotes"])),
            e.start,
            e.end,
            e.replacement,
            e.before,
        )
        for e in second
    ]
    assert _compose_general(text, first, second) == _compose_after_deletions(text, first, second)


# --- Result.edits: the edits in columns, built when looked at -------------------------


def _result_edits() -> tuple[str, captionfix.Result]:
    text = "\ufeffKirby said“We will act.”\r\n\r\nCaf\u00c3\u00a9 opens.  \r\n"
    return text, captionfix.clean(text)


def test_result_edits_behave_as_the_tuple_of_their_records() -> None:
    """Equality, hash, repr, indexing, slicing, reversal and search are the tuple's."""
    _, result = _result_edits()
    edits = result.edits
    plain = tuple(edits)
    assert len(plain) >= 4
    assert all(type(e) is Edit for e in plain)
    assert edits == plain
    assert plain == edits
    assert not (edits != plain)  # noqa: SIM202 - __ne__ is what is tested
    assert edits != plain[:-1]
    assert edits != list(plain)  # as a tuple is not equal to a list
    assert hash(edits) == hash(plain)
    assert repr(edits) == repr(plain)
    assert [edits[i] for i in range(-len(plain), len(plain))] == [*plain, *plain]
    assert edits[1:3] == plain[1:3]
    assert edits[::-2] == plain[::-2]
    assert list(reversed(edits)) == list(reversed(plain))
    assert edits.index(plain[2]) == 2
    assert plain[1] in edits
    assert edits + () == plain  # noqa: RUF005 - __add__ is what is tested
    assert () + edits == plain  # noqa: RUF005 - and __radd__
    with pytest.raises(IndexError):
        edits[len(plain)]
    with pytest.raises(IndexError):
        edits[-len(plain) - 1]


def test_result_edits_pickle_and_compare_across_builders() -> None:
    """A pickled result is equal to the original; records built in C or by attrs are equal."""
    text, result = _result_edits()
    again = pickle.loads(pickle.dumps(result))
    assert again == result
    assert again.edits == result.edits
    assert tuple(again.edits) == tuple(result.edits)
    assert EditList.of(tuple(result.edits)) == result.edits
    assert captionfix.apply_edits(text, again.edits) == result.text
    assert captionfix.revert(result.text, again.edits) == text


def test_as_dict_edits_are_the_records_fields() -> None:
    """The JSON form lists each edit's five fields, as read from the records."""
    _, result = _result_edits()
    rows = captionfix.as_dict(result)["edits"]
    want = [
        {"rule": e.rule, "start": e.start, "end": e.end, "replacement": e.replacement,
         "before": e.before}
        for e in tuple(result.edits)
    ]  # fmt: skip
    assert want == rows
    assert [] == captionfix.as_dict(captionfix.clean("Plain."))["edits"]
    assert captionfix.clean("Plain.").edits == ()


@given(st.data())
def test_columns_give_the_same_edits_as_records(data: st.DataObject) -> None:
    """An edit list in columns applies, maps and reverts as the list of its records."""
    text = data.draw(st.text(alphabet="ab\r\n“", max_size=20))
    first = data.draw(edit_list(text))
    columns = Edits.of(first, len(text))
    assert columns.to_list(text) == first
    assert apply_edits(text, columns) == apply_edits(text, first)
    listed = EditList.of(first)
    assert listed == tuple(first)
    assert columns.result(text) == listed
    assert list(columns.out_starts()) == list(OffsetMap(first).out_starts)
    mid = apply_edits(text, first)
    second = Edits.of(data.draw(edit_list(mid)), len(mid))
    with_mid = compose_edits(text, columns, second, mid).to_list(text)
    assert with_mid == compose_edits(text, columns, second).to_list(text)
    assert with_mid == compose(text, first, second.to_list(mid))
