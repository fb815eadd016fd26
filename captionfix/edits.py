"""The edit model: the only module that splices strings.

Rules *detect*: they return :class:`~captionfix.records.Edit` lists with
offsets into the text they were shown.  This module applies such lists,
reverts them, and *composes* them: when a rule ran on an intermediate text
(after line endings or mojibake were repaired), :func:`compose` maps its
edits back onto the original input through one offset map, merging an edit
with any earlier edit it overlaps.  So ``Result.edits`` always holds offsets
into the input, whatever ran before.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from operator import attrgetter
from typing import TYPE_CHECKING, Final

from captionfix.records import Edit

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence


_BY_PLACE: Final = attrgetter("start", "end")


class EditError(ValueError):
    """Raised when an edit list is out of order, overlapping or out of range."""


def make_edit(rule: str, text: str, start: int, end: int, replacement: str) -> Edit:
    """Return the edit replacing ``text[start:end]`` by *replacement*.

    >>> make_edit("quotes", "ab", 1, 1, " ")
    Edit(rule='quotes', start=1, end=1, replacement=' ', before='')
    """
    return Edit(rule, start, end, replacement, text[start:end])


def minimal_edit(rule: str, text: str, start: int, end: int, replacement: str) -> Edit | None:
    """Like :func:`make_edit`, trimmed to the part that really changes; ``None`` if nothing does.

    >>> minimal_edit("encoding", "café", 0, 4, "cafe")
    Edit(rule='encoding', start=3, end=4, replacement='e', before='é')
    """
    old = text[start:end]
    if old == replacement:
        return None
    lo = 0
    limit = min(len(old), len(replacement))
    while lo < limit and old[lo] == replacement[lo]:
        lo += 1
    hi = 0
    while hi < limit - lo and old[-1 - hi] == replacement[-1 - hi]:
        hi += 1
    return Edit(
        rule,
        start + lo,
        end - hi,
        replacement[lo : len(replacement) - hi],
        old[lo : len(old) - hi],
    )


def check_edits(text: str, edits: Sequence[Edit]) -> None:
    """Raise :class:`EditError` unless *edits* are in order, disjoint and inside *text*."""
    pos = 0
    for e in edits:
        if e.start < pos or e.end < e.start or e.end > len(text):
            msg = f"edit {e!r} overlaps an earlier edit or lies outside the text"
            raise EditError(msg)
        if text[e.start : e.end] != e.before:
            msg = f"edit {e!r} does not match the text it replaces"
            raise EditError(msg)
        pos = e.end


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply ordered, non-overlapping *edits* to *text*.

    >>> apply_edits("ab", [Edit("quotes", 1, 1, " ", "")])
    'a b'
    """
    out: list[str] = []
    pos = 0
    for e in edits:
        out.append(text[pos : e.start])
        out.append(e.replacement)
        pos = e.end
    out.append(text[pos:])
    return "".join(out)


def revert(text: str, edits: Iterable[Edit]) -> str:
    """Recover the original input from the output *text* and its *edits*.

    >>> revert("a b", [Edit("quotes", 1, 1, " ", "")])
    'ab'
    """
    out: list[str] = []
    delta = 0  # output offset minus input offset, before the current edit
    pos = 0  # position in the output text
    for e in edits:
        out_start = e.start + delta
        out.append(text[pos:out_start])
        out.append(e.before)
        pos = out_start + len(e.replacement)
        delta += len(e.replacement) - (e.end - e.start)
    out.append(text[pos:])
    return "".join(out)


class OffsetMap:
    """Maps offsets in the text *edits* produced back to offsets in their input.

    >>> m = OffsetMap([Edit("whitespace", 0, 1, "", "\ufeff")])
    >>> m.span(0, 2)
    (1, 3)
    """

    def __init__(self, edits: Sequence[Edit]) -> None:
        """Build the map of *edits* (ordered, non-overlapping, on one text)."""
        # one loop that reads each field once: a CRLF text brings one edit per
        # line, and a field of a record is a Python attribute look-up
        cum = [0]  # size change made by the first k edits
        starts: list[int] = []
        intervals: list[tuple[int, int]] = []
        ends: list[tuple[int, bool]] = []
        change = 0
        for e in edits:
            start, size = e.start, len(e.replacement)
            out_start = start + change
            out_end = out_start + size
            starts.append(out_start)
            intervals.append((out_start, out_end))
            ends.append((out_end, out_start == out_end))  # (end in the output, a pure deletion)
            change += size - e.end + start
            cum.append(change)
        self._cum = cum
        #: each edit's span in the output
        self.intervals = intervals
        self._ends = ends
        self.starts = starts

    def to_input(self, pos: int, *, after_points: bool) -> int:
        """Input offset of output offset *pos*.

        A deletion that stands at *pos* counts as before it if *after_points*.
        """
        k = bisect_right(self._ends, (pos, after_points))
        return pos - self._cum[k]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Input span of the output span ``[start, end)``, widened over any edit it cuts."""
        s = self.to_input(start, after_points=True)
        e = self.to_input(end, after_points=False) if end > start else s
        return s, max(s, e)


def _compose_after_deletions(
    original: str, first: Sequence[Edit], second: Sequence[Edit]
) -> list[Edit]:
    """:func:`compose` when every edit of *first* deletes (line endings, removed lines).

    A deletion leaves a point in the intermediate text, and the general sweep
    merges such a point into an edit of *second* only when it lies strictly
    inside it; at either end it stays its own edit.  So each edit of *second*
    maps through the points by bisection and takes in the deletions inside it,
    and the rest pass through: no clusters to splice, whatever the count.
    """
    # one loop over *first*, which reads each field once (a CRLF text brings one
    # deletion per line, and a field of a record is a Python attribute look-up)
    cum = [0]  # size change of the first k
    points: list[int] = []  # where each deletion leaves a point in the intermediate text
    places: list[tuple[int, int]] = []  # (start, end) of each, in *original*
    change = 0
    for f in first:
        start, end = f.start, f.end
        points.append(start + change)
        places.append((start, end))
        change += start - end
        cum.append(change)
    absorbed: set[int] = set()
    mapped: list[Edit] = []
    for e in second:
        rule = e.rule
        if e.start == e.end:
            s = en = e.start - cum[bisect_left(points, e.start)]
        else:
            lo, hi = bisect_right(points, e.start), bisect_left(points, e.end)
            s, en = e.start - cum[lo], e.end - cum[hi]
            absorbed.update(range(lo, hi))
            if rule == "whitespace":  # the deletion it takes in may be the decision
                rule = next((f.rule for f in first[lo:hi] if f.rule != "whitespace"), rule)
        if e.replacement != original[s:en]:
            mapped.append(Edit(rule, s, en, e.replacement, original[s:en]))
    # ordered by place, an insertion mapped to the place of a deleted character
    # before it: the mapped edits (few) are merged into the deletions that stay,
    # which are in order already, a mapped edit before a deletion of equal place
    mapped.sort(key=_BY_PLACE)
    out: list[Edit] = []
    m = 0
    for k, f in enumerate(first):
        if k in absorbed or not f.before:  # a deletion of nothing changes nothing
            continue
        place = places[k]
        while m < len(mapped) and (mapped[m].start, mapped[m].end) <= place:
            out.append(mapped[m])
            m += 1
        out.append(f)
    out.extend(mapped[m:])
    return out


def compose(original: str, first: Sequence[Edit], second: Sequence[Edit]) -> list[Edit]:
    """Return edits on *original* equal to applying *first*, then *second*.

    *first* holds offsets into *original*; *second* holds offsets into the
    text that *first* produced.  An edit of *second* that overlaps an edit of
    *first* is merged with it into one edit, named after the rule of *second*
    (the later and larger decision), unless that is only the whitespace tidy.

    >>> first = [Edit("whitespace", 1, 2, "", "\\r")]
    >>> second = [Edit("captions", 0, 2, "", "a\\n")]
    >>> compose("a\\r\\nb", first, second)
    [Edit(rule='captions', start=0, end=3, replacement='', before='a\\r\\n')]
    """
    if not second:
        return list(first)
    if not first:
        return list(second)
    if not any(e.replacement for e in first):
        return _compose_after_deletions(original, first, second)
    return _compose_general(original, first, second)


def _compose_general(original: str, first: Sequence[Edit], second: Sequence[Edit]) -> list[Edit]:
    """:func:`compose` for any two non-empty lists: a sweep that merges what meets."""
    omap = OffsetMap(first)
    starts = omap.starts
    out_ends = [we for _, we in omap.intervals]
    # Only an edit of *first* that meets an edit of *second* (closed intervals,
    # in the intermediate text) can merge with it; the rest pass through as they
    # are, so a CRLF text's hundreds of line-end edits cost a list copy.
    near: set[int] = set()
    for e in second:
        near.update(range(bisect_left(out_ends, e.start), bisect_right(starts, e.end)))
    items: list[tuple[int, int, int, int]] = [(*omap.intervals[i], 0, i) for i in near]
    items.extend((e.start, e.end, 1, j) for j, e in enumerate(second))
    items.sort(key=lambda t: (t[0], t[1] != t[0], t[2]))
    mid = apply_edits(original, first) if near else ""
    to_input = omap.to_input

    out: list[Edit] = []
    cluster: list[tuple[int, int, int, int]] = []
    cx = cy = -1

    def flush() -> None:
        if not cluster:
            return
        firsts = [first[t[3]] for t in cluster if t[2] == 0]
        seconds = [second[t[3]] for t in cluster if t[2] == 1]
        if not seconds:
            out.extend(firsts)
            return
        if not firsts and len(seconds) == 1:
            e = seconds[0]
            if e.start == e.end:
                s = en = to_input(e.start, after_points=False)
            else:
                s = to_input(e.start, after_points=True)
                en = to_input(e.end, after_points=False)
            out.append(Edit(e.rule, s, en, e.replacement, original[s:en]))
            return
        spans = [(t[0], t[1]) for t in cluster if t[2] == 0]
        starts = [f.start for f in firsts]
        finish = [f.end for f in firsts]
        for e in seconds:
            if not any(ws < e.start < we for ws, we in spans):
                starts.append(to_input(e.start, after_points=True))
            if not any(ws < e.end < we for ws, we in spans):
                finish.append(to_input(e.end, after_points=False))
        s, en = min(starts), max(finish)
        piece = mid[cx:cy]
        shifted = [Edit(e.rule, e.start - cx, e.end - cx, e.replacement, e.before) for e in seconds]
        # the merged edit is named after the rule that decided it: the whitespace
        # tidy that folds the blank lines a removed caption left is not the decision
        rule = next((e.rule for e in (*seconds, *firsts) if e.rule != "whitespace"), "whitespace")
        out.append(Edit(rule, s, en, apply_edits(piece, shifted), original[s:en]))

    for item in items:
        x, y = item[0], item[1]
        joins = bool(cluster) and (
            (x < cy and x < y and cx < y) or (x == y and cx < x < cy) or (cx == cy and x < cx < y)
        )
        if joins:
            cluster.append(item)
            cy = max(cy, y)
        else:
            flush()
            cluster = [item]
            cx, cy = x, y
    flush()
    out.extend(first[i] for i in range(len(first)) if i not in near)
    # an insertion mapped to the place of a deleted character goes before it
    out.sort(key=_BY_PLACE)
    return [e for e in out if e.replacement != e.before]
