"""The edit model: the only module that splices strings.

Rules *detect*: they return edits with offsets into the text they were shown,
as an :class:`Edits` list (columns of offsets, one byte for the rule, the
replacement strings; no Python object per edit, so that adversarial input with
an edit every few characters costs a few bytes an edit).  This module applies
such lists and *composes* them: when a rule ran on an intermediate text (after
line endings or mojibake were repaired), :func:`compose_edits` maps its edits
back onto the original input through one offset map, merging an edit with any
earlier edit it overlaps.  So ``Result.edits`` always holds offsets into the
input, whatever ran before.

The functions on lists of :class:`~captionfix.records.Edit` (:func:`apply_edits`,
:func:`revert`, :func:`compose`, :class:`OffsetMap`, ...) are the same
operations for callers that hold records.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from typing import TYPE_CHECKING, Final

from captionfix.records import EMPTY_EDITS, Edit, EditList

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, MutableSequence, Sequence


class EditError(ValueError):
    """Raised when an edit list is out of order, overlapping or out of range."""


#: Rule names by the index an :class:`Edits` list keeps, in the order first seen
#: (an index stands for one name for the life of the process).
RULES: Final[list[str]] = []
_RULE_IDS: Final[dict[str, int]] = {}
_SMALL: Final = 2**30  # offsets of shorter texts (and twice them) fit in 32 bits
_CHUNK: Final = 1024  # edits read (or pieces joined) at a time
PACK: Final = 1024  # edits from which a list keeps its offsets in arrays


def rule_id(name: str) -> int:
    """The index of rule *name* in :data:`RULES`."""
    k = _RULE_IDS.get(name)
    if k is None:
        if len(RULES) >= 256:
            msg = "more than 256 rule names"
            raise EditError(msg)
        k = len(RULES)
        RULES.append(name)
        _RULE_IDS[name] = k
    return k


WHITESPACE: Final = rule_id("whitespace")


def offsets(size: int) -> array[int]:
    """An empty array for offsets into a text of *size* characters: 32 bits where they fit."""
    return array("i" if size < _SMALL else "q")


def column(size: int, n: int) -> MutableSequence[int]:
    """An empty column for *n* offsets into a text of *size* characters.

    A list while short (an article's few edits: Python's fastest container),
    an array of machine integers when long (no object per offset).
    """
    return [] if n < PACK else offsets(size)


def ints(col: MutableSequence[int], lo: int, hi: int) -> list[int]:
    """Items *lo* to *hi* of a column, as a list (a chunk read at list speed)."""
    part = col[lo:hi]
    return part if isinstance(part, list) else list(part)


class Edits:
    """Ordered, disjoint edits on one text, kept in columns.

    ``rules`` holds each edit's rule as an index into :data:`RULES`, ``starts``
    and ``ends`` its offsets, ``repls`` its replacement (equal replacements are
    mostly one shared string).  What an edit replaces is not kept: it is
    ``text[start:end]`` of the text the edits are on, whose length is ``size``.
    The offsets are lists while there are fewer than ``PACK`` edits, and
    arrays of 32-bit (or 64-bit) integers from then on.  A list is filled by
    one producer and not changed once handed on.

    >>> edits = Edits(3)
    >>> edits.add("quotes", 1, 1, " ")
    >>> edits.apply("abc"), edits.to_list("abc")
    ('a bc', [Edit(rule='quotes', start=1, end=1, replacement=' ', before='')])
    """

    def __init__(self, size: int) -> None:
        """An empty list of edits on a text of *size* characters."""
        self.size = size
        self.rules = bytearray()
        self.starts: MutableSequence[int] = []
        self.ends: MutableSequence[int] = []
        self.repls: list[str] = []
        self.packed = False

    def __len__(self) -> int:
        """How many edits there are."""
        return len(self.repls)

    def pack(self) -> None:
        """Keep the offsets in arrays from now on (a long list: no object per offset)."""
        if not self.packed:
            code = "i" if self.size < _SMALL else "q"
            self.starts = array(code, self.starts)
            self.ends = array(code, self.ends)
            self.packed = True

    def add(self, rule: str, start: int, end: int, repl: str) -> None:
        """Append the edit replacing ``[start, end)`` by *repl* (after every edit so far)."""
        self.add_id(rule_id(rule), start, end, repl)

    def add_id(self, rule: int, start: int, end: int, repl: str) -> None:
        """:meth:`add` with the rule's index."""
        self.rules.append(rule)
        self.starts.append(start)
        self.ends.append(end)
        self.repls.append(repl)
        if len(self.repls) >= PACK and not self.packed:
            self.pack()

    def take(self, other: Edits, i: int) -> None:
        """Append edit *i* of *other*."""
        self.add_id(other.rules[i], other.starts[i], other.ends[i], other.repls[i])

    def take_range(self, other: Edits, lo: int, hi: int) -> None:
        """Append edits *lo* to *hi* (not included) of *other*."""
        if lo >= hi:
            return
        if len(self.repls) + hi - lo >= PACK:
            self.pack()
        self.rules += other.rules[lo:hi]
        starts, ends = other.starts[lo:hi], other.ends[lo:hi]
        mine = self.starts
        if isinstance(mine, array) and not (
            isinstance(starts, array) and starts.typecode == mine.typecode
        ):
            starts, ends = list(starts), list(ends)  # an array extends only by its own kind
        self.starts.extend(starts)
        self.ends.extend(ends)
        self.repls += other.repls[lo:hi]

    def rule(self, i: int) -> str:
        """The rule name of edit *i*."""
        return RULES[self.rules[i]]

    def edit(self, text: str, i: int) -> Edit:
        """Edit *i* as a record (*text* is the text the edits are on)."""
        s, e = self.starts[i], self.ends[i]
        return Edit(RULES[self.rules[i]], s, e, self.repls[i], text[s:e])

    def to_list(self, text: str) -> list[Edit]:
        """The edits as records (*text* is the text they are on)."""
        return [self.edit(text, i) for i in range(len(self.repls))]

    def result(
        self, text: str, build: Callable[[str, int, int, str, str], Edit] = Edit
    ) -> EditList:
        """The edits as ``Result.edits`` (*text* is the input they are on).

        *build* makes each record when it is looked at (see :class:`EditList`).
        """
        n = len(self.repls)
        if n == 0:
            return EMPTY_EDITS
        joined: list[str] = []
        for lo in range(0, n, _CHUNK):  # a chunk at a time, read as lists
            hi = min(n, lo + _CHUNK)
            starts = ints(self.starts, lo, hi)
            ends = ints(self.ends, lo, hi)
            joined.append("".join([text[starts[i] : ends[i]] for i in range(hi - lo)]))
        before = joined[0] if len(joined) == 1 else "".join(joined)
        return EditList(RULES, bytes(self.rules), self.starts, self.ends, self.repls, before, build)

    def apply(self, text: str) -> str:
        """*text* with the edits made (they must be on *text*)."""
        n = len(self.repls)
        if n == 0:
            return text
        joined: list[str] = []
        pos = 0
        repls = self.repls
        for lo in range(0, n, _CHUNK):  # a megabyte of one-character edits is no list of millions
            hi = min(n, lo + _CHUNK)
            starts = ints(self.starts, lo, hi)
            ends = ints(self.ends, lo, hi)
            pieces: list[str] = []
            for i in range(hi - lo):
                pieces.append(text[pos : starts[i]])
                pieces.append(repls[lo + i])
                pos = ends[i]
            if hi == n:
                pieces.append(text[pos:])
            joined.append("".join(pieces))
        return joined[0] if len(joined) == 1 else "".join(joined)

    def out_starts(self) -> MutableSequence[int]:
        """Where each edit's replacement starts in the text the edits make, in order."""
        n = len(self.repls)
        out = column(_SMALL, n)  # 64-bit: a text can grow
        change = 0
        for lo in range(0, n, _CHUNK):  # a chunk at a time, read and written as lists
            hi = min(n, lo + _CHUNK)
            starts = ints(self.starts, lo, hi)
            ends = ints(self.ends, lo, hi)
            repls = self.repls[lo:hi]
            got: list[int] = []
            for i in range(hi - lo):
                s = starts[i]
                got.append(s + change)
                change += len(repls[i]) - ends[i] + s
            out.extend(got)
        return out

    @staticmethod
    def of(edits: Sequence[Edit], size: int = _SMALL) -> Edits:
        """The records *edits* as a list (on a text of *size* characters, if known)."""
        out = Edits(size)
        if edits:
            out.rules = bytearray([rule_id(e.rule) for e in edits])
            out.starts = [e.start for e in edits]
            out.ends = [e.end for e in edits]
            out.repls = [e.replacement for e in edits]
            if len(edits) >= PACK:
                out.pack()
        return out


#: The empty list, shared: what a pass that finds nothing returns (never added to).
NO_EDITS: Final = Edits(0)


def make_edit(rule: str, text: str, start: int, end: int, replacement: str) -> Edit:
    """Return the edit replacing ``text[start:end]`` by *replacement*.

    >>> make_edit("quotes", "ab", 1, 1, " ")
    Edit(rule='quotes', start=1, end=1, replacement=' ', before='')
    """
    return Edit(rule, start, end, replacement, text[start:end])


def trim(text: str, start: int, end: int, replacement: str) -> tuple[int, int, str] | None:
    """``(start, end, replacement)`` trimmed to the part that really changes, or ``None``.

    >>> trim("café", 0, 4, "cafe")
    (3, 4, 'e')
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
    return start + lo, end - hi, replacement[lo : len(replacement) - hi]


def minimal_edit(rule: str, text: str, start: int, end: int, replacement: str) -> Edit | None:
    """Like :func:`make_edit`, trimmed to the part that really changes; ``None`` if nothing does.

    >>> minimal_edit("encoding", "café", 0, 4, "cafe")
    Edit(rule='encoding', start=3, end=4, replacement='e', before='é')
    """
    cut = trim(text, start, end, replacement)
    if cut is None:
        return None
    s, e, new = cut
    return Edit(rule, s, e, new, text[s:e])


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


def apply_edits(text: str, edits: Iterable[Edit] | Edits) -> str:
    """Apply ordered, non-overlapping *edits* to *text*.

    >>> apply_edits("ab", [Edit("quotes", 1, 1, " ", "")])
    'a b'
    """
    if isinstance(edits, Edits):
        return edits.apply(text)
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

    def __init__(self, edits: Sequence[Edit] | Edits) -> None:
        """Build the map of *edits* (ordered, non-overlapping, on one text)."""
        first = edits if isinstance(edits, Edits) else Edits.of(edits)
        n = len(first)
        starts, ends, repls = first.starts, first.ends, first.repls
        size = first.size + sum(map(len, repls)) + 1  # the output is no longer than this
        # cum[k]: the size change made by the first k edits
        self._cum = cum = column(size, n + 1)
        cum.append(0)
        # out_starts[k]: where edit k stands in the output; _keys[k]: 2 * its end
        # there, plus one for a pure deletion (so that one bisection orders
        # (end, deletion) pairs as tuples would)
        self.out_starts = out_starts = column(size, n)
        self._keys = keys = column(2 * size, n)
        change = 0
        for lo in range(0, n, _CHUNK):  # a chunk at a time, read and written as lists
            hi = min(n, lo + _CHUNK)
            cs = ints(starts, lo, hi)
            ce = ints(ends, lo, hi)
            cr = repls[lo:hi]
            got_starts: list[int] = []
            got_keys: list[int] = []
            got_cum: list[int] = []
            for k in range(hi - lo):
                s = cs[k]
                size_k = len(cr[k])
                out_start = s + change
                got_starts.append(out_start)
                got_keys.append(2 * (out_start + size_k) + (size_k == 0))
                change += size_k - ce[k] + s
                got_cum.append(change)
            out_starts.extend(got_starts)
            keys.extend(got_keys)
            cum.extend(got_cum)

    def to_input(self, pos: int, *, after_points: bool) -> int:
        """Input offset of output offset *pos*.

        A deletion that stands at *pos* counts as before it if *after_points*.
        """
        k = bisect_right(self._keys, 2 * pos + after_points)
        return pos - self._cum[k]

    def out_end_at_least(self, pos: int) -> int:
        """The first edit whose end in the output is at or after *pos*."""
        return bisect_left(self._keys, 2 * pos)

    def out_start_above(self, pos: int) -> int:
        """The first edit whose start in the output is after *pos*."""
        return bisect_right(self.out_starts, pos)

    def out_end(self, k: int) -> int:
        """Where edit *k* ends in the output."""
        return self._keys[k] >> 1

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Input span of the output span ``[start, end)``, widened over any edit it cuts."""
        s = self.to_input(start, after_points=True)
        e = self.to_input(end, after_points=False) if end > start else s
        return s, max(s, e)


# --- composition ----------------------------------------------------------------------


def _lower_bound(edits: Edits, start: int, end: int, lo: int, hi: int) -> int:
    """The first of edits *lo* to *hi* whose ``(start, end)`` is at least ``(start, end)``."""
    starts, ends = edits.starts, edits.ends
    p = bisect_left(starts, start, lo, hi)
    while p < hi and starts[p] == start and ends[p] < end:
        p += 1
    return p


def by_place(edits: Edits) -> Edits:
    """*edits* ordered by ``(start, end)``, equal ones in their order (a stable sort)."""
    starts, ends = edits.starts, edits.ends
    n = len(edits)
    if all(
        starts[i - 1] < starts[i] or (starts[i - 1] == starts[i] and ends[i - 1] <= ends[i])
        for i in range(1, n)
    ):
        return edits
    out = Edits(edits.size)
    for i in sorted(range(n), key=lambda i: (starts[i], ends[i])):
        out.take(edits, i)
    return out


def merge_kept(out: Edits, first: Edits, dropped: list[tuple[int, int]], extra: Edits) -> None:
    """Append to *out* the edits of *first* outside *dropped* and those of *extra*, in order.

    *dropped* holds ordered, disjoint index ranges of *first*; *first* and
    *extra* are each ordered by ``(start, end)``.  The result is what a stable
    sort by ``(start, end)`` of *extra* followed by the kept edits gives: an
    edit of *extra* goes before an edit of *first* with the same place.  The
    kept edits are copied in runs, not one by one.
    """
    n = len(first)
    x = 0
    nx = len(extra)
    es, ee = extra.starts, extra.ends
    lo = 0
    bounds = [*dropped, (n, n)]
    for gap_lo, gap_hi in bounds:
        hi = gap_lo  # first[lo:hi] is kept
        while x < nx and lo < hi:
            p = _lower_bound(first, es[x], ee[x], lo, hi)
            if p >= hi:
                break
            out.take_range(first, lo, p)
            out.take(extra, x)
            x += 1
            lo = p
        out.take_range(first, lo, hi)
        lo = max(lo, gap_hi)
    out.take_range(extra, x, nx)


def index_ranges(indices: list[int]) -> list[tuple[int, int]]:
    """Ordered indices as ranges of consecutive ones."""
    out: list[tuple[int, int]] = []
    for i in indices:
        if out and out[-1][1] == i:
            out[-1] = (out[-1][0], i + 1)
        else:
            out.append((i, i + 1))
    return out


def _union(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The union of two lists of ordered, disjoint ranges, as one such list."""
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(a + b):
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _noops(original: str, edits: Edits) -> list[int]:
    """The edits that change nothing (they replace a text by itself), in order."""
    repls = edits.repls
    n = len(repls)
    found: list[int] = []
    for lo in range(0, n, _CHUNK):  # a chunk at a time, read as lists
        hi = min(n, lo + _CHUNK)
        starts = ints(edits.starts, lo, hi)
        ends = ints(edits.ends, lo, hi)
        for i in range(hi - lo):
            s, e = starts[i], ends[i]
            new = repls[lo + i]
            if len(new) == e - s and new == original[s:e]:
                found.append(lo + i)
    return found


def compose_edits(original: str, first: Edits, second: Edits, mid: str | None = None) -> Edits:
    """Return edits on *original* equal to applying *first*, then *second*.

    *first* holds offsets into *original*; *second* holds offsets into the
    text that *first* produced (*mid*, when the caller has it).  An edit of
    *second* that overlaps an edit of *first* is merged with it into one edit,
    named after the rule of *second* (the later and larger decision), unless
    that is only the whitespace tidy.  The result is ordered and holds no edit
    that changes nothing.
    """
    if not len(second):
        return first
    if not len(first):
        return second
    if not any(first.repls):
        return _after_deletions(original, first, second)
    return _general(original, first, second, mid)


def _after_deletions(original: str, first: Edits, second: Edits) -> Edits:
    """:func:`compose_edits` when every edit of *first* deletes (line endings, removed lines).

    A deletion leaves a point in the intermediate text, and the general sweep
    merges such a point into an edit of *second* only when it lies strictly
    inside it; at either end it stays its own edit.  So each edit of *second*
    maps through the points by bisection and takes in the deletions inside it,
    and the rest pass through, copied in runs: no clusters to splice, whatever
    the count.
    """
    fs, fe, frules = first.starts, first.ends, first.rules
    size = len(original)
    n1 = len(first)
    # cum[k]: the size change of the first k deletions; points[k]: where
    # deletion k leaves a point in the intermediate text; and the deletions of
    # nothing (which change nothing)
    cum = column(size, n1 + 1)
    cum.append(0)
    points = column(size, n1)
    empty: list[int] = []
    change = 0
    for lo in range(0, n1, _CHUNK):  # a chunk at a time, read and written as lists
        hi = min(n1, lo + _CHUNK)
        cs = ints(fs, lo, hi)
        ce = ints(fe, lo, hi)
        got_points: list[int] = []
        got_cum: list[int] = []
        for k in range(hi - lo):
            s = cs[k]
            got_points.append(s + change)
            change += s - ce[k]
            got_cum.append(change)
            if s == ce[k]:
                empty.append(lo + k)
        points.extend(got_points)
        cum.extend(got_cum)
    absorbed: list[tuple[int, int]] = []
    mapped = Edits(size)
    ss, se, srules, srepls = second.starts, second.ends, second.rules, second.repls
    for j in range(len(srepls)):
        start, end, rule, repl = ss[j], se[j], srules[j], srepls[j]
        if start == end:
            s = en = start - cum[bisect_left(points, start)]
        else:
            lo, hi = bisect_right(points, start), bisect_left(points, end)
            s, en = start - cum[lo], end - cum[hi]
            if lo < hi:
                absorbed.append((lo, hi))
                if rule == WHITESPACE:  # the deletion it takes in may be the decision
                    for k in range(lo, hi):
                        if frules[k] != WHITESPACE:
                            rule = frules[k]
                            break
        if repl != original[s:en]:
            mapped.add_id(rule, s, en, repl)
    out = Edits(size)
    # ordered by place, an insertion mapped to the place of a deleted character
    # before it: the mapped edits (few) go in among the deletions that stay
    merge_kept(out, first, _union(absorbed, index_ranges(empty)), by_place(mapped))
    return out


def _general(original: str, first: Edits, second: Edits, mid: str | None) -> Edits:
    """:func:`compose_edits` for any two non-empty lists: a sweep that merges what meets."""
    omap = OffsetMap(first)
    size = len(original)
    out_starts = omap.out_starts
    fs, fe, frules = first.starts, first.ends, first.rules
    ss, se, srules, srepls = second.starts, second.ends, second.rules, second.repls
    n2 = len(srepls)
    # Only an edit of *first* that meets an edit of *second* (closed intervals,
    # in the intermediate text) can merge with it; the rest pass through as they
    # are, copied in runs, so a CRLF text's hundreds of line-end edits cost a copy.
    near: list[tuple[int, int]] = []
    for j in range(n2):
        lo, hi = omap.out_end_at_least(ss[j]), omap.out_start_above(se[j])
        if lo < hi:
            if near and lo <= near[-1][1]:
                near[-1] = (near[-1][0], max(near[-1][1], hi))
            else:
                near.append((lo, hi))
    if near and mid is None:
        mid = first.apply(original)
    text = mid or ""
    to_input = omap.to_input

    clustered = Edits(size)
    # the cluster being gathered: its edits of *first* (indices, in order), its
    # edits of *second* (a run of indices), and its span in the intermediate text
    firsts: list[int] = []
    j_lo = j_hi = 0
    cx = cy = -1

    def flush() -> None:
        if not firsts and j_lo == j_hi:
            return
        if j_lo == j_hi:
            for k in firsts:
                clustered.take(first, k)
            return
        if not firsts and j_hi - j_lo == 1:
            start, end = ss[j_lo], se[j_lo]
            if start == end:
                s = en = to_input(start, after_points=False)
            else:
                s = to_input(start, after_points=True)
                en = to_input(end, after_points=False)
            clustered.add_id(srules[j_lo], s, en, srepls[j_lo])
            return
        lo_in = min(fs[k] for k in firsts) if firsts else -1
        hi_in = max(fe[k] for k in firsts) if firsts else -1
        f_out = [out_starts[k] for k in firsts]
        for j in range(j_lo, j_hi):
            if not _inside(omap, firsts, f_out, ss[j]):
                s = to_input(ss[j], after_points=True)
                lo_in = s if lo_in < 0 else min(lo_in, s)
            if not _inside(omap, firsts, f_out, se[j]):
                en = to_input(se[j], after_points=False)
                hi_in = max(hi_in, en)
        pieces: list[str] = []
        pos = cx
        for j in range(j_lo, j_hi):
            pieces.append(text[pos : ss[j]])
            pieces.append(srepls[j])
            pos = se[j]
        pieces.append(text[pos:cy])
        # the merged edit is named after the rule that decided it: the whitespace
        # tidy that folds the blank lines a removed caption left is not the decision
        rule = WHITESPACE
        for j in range(j_lo, j_hi):
            if srules[j] != WHITESPACE:
                rule = srules[j]
                break
        else:
            for k in firsts:
                if frules[k] != WHITESPACE:
                    rule = frules[k]
                    break
        clustered.add_id(rule, lo_in, hi_in, "".join(pieces))

    # the near edits of *first* and all of *second*, merged in order of
    # (start, whether it is not a point, first before second)
    near_k = [k for lo, hi in near for k in range(lo, hi)]
    if any(
        out_starts[near_k[i - 1]] == out_starts[near_k[i]] == omap.out_end(near_k[i])
        for i in range(1, len(near_k))
    ):
        near_k = _as_once_ordered(omap, near_k)
    a = b = 0
    na = len(near_k)
    while a < na or b < n2:
        if b >= n2:
            take_first = True
        elif a >= na:
            take_first = False
        else:
            k = near_k[a]
            x1, y1 = out_starts[k], omap.out_end(k)
            x2, y2 = ss[b], se[b]
            take_first = (x1, y1 != x1) <= (x2, y2 != x2)
        if take_first:
            k = near_k[a]
            x, y = out_starts[k], omap.out_end(k)
        else:
            x, y = ss[b], se[b]
        joins = (cx >= 0 or cy >= 0) and (
            (x < cy and x < y and cx < y) or (x == y and cx < x < cy) or (cx == cy and x < cx < y)
        )
        if not joins:
            flush()
            firsts = []
            j_lo = j_hi = b
            cx, cy = x, y
        else:
            cy = max(cy, y)
        if take_first:
            firsts.append(near_k[a])
            a += 1
        else:
            if j_lo == j_hi:
                j_lo = b
            j_hi = b + 1
            b += 1
    flush()
    kept = by_place(clustered)
    noop_out = _noops(original, kept)
    if noop_out:
        cleaned = Edits(size)
        merge_kept(cleaned, kept, index_ranges(noop_out), Edits(size))
        kept = cleaned
    out = Edits(size)
    # an insertion mapped to the place of a deleted character goes before it
    merge_kept(out, first, _union(near, index_ranges(_noops(original, first))), kept)
    return out


def _as_once_ordered(omap: OffsetMap, near_k: list[int]) -> list[int]:
    """*near_k* (ascending) ordered by place, deletions at one point as they were ordered once.

    Deletions that leave one point in the intermediate text are equal in the
    sweep's order; the sweep used to take them in the order of a Python set of
    their indices (built by adding them in ascending order), which decides the
    rule a merged edit is named after when two such deletions of different
    rules merge.  That order is kept, so that the edits stay what they were.
    """
    once: set[int] = set()
    for k in near_k:
        once.add(k)
    rank = {k: i for i, k in enumerate(once)}
    out_starts = omap.out_starts
    return sorted(near_k, key=lambda k: (out_starts[k], omap.out_end(k) != out_starts[k], rank[k]))


def _inside(omap: OffsetMap, firsts: list[int], f_out: list[int], pos: int) -> bool:
    """Whether *pos* lies strictly inside the output span of one of *firsts* (ordered)."""
    i = bisect_left(f_out, pos) - 1  # the last that starts before pos
    return i >= 0 and pos < omap.out_end(firsts[i])


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
    size = len(original)
    return compose_edits(original, Edits.of(first, size), Edits.of(second)).to_list(original)


def _compose_after_deletions(
    original: str, first: Sequence[Edit], second: Sequence[Edit]
) -> list[Edit]:
    """:func:`compose` by the path for deleting *first* edits, on records."""
    size = len(original)
    return _after_deletions(original, Edits.of(first, size), Edits.of(second)).to_list(original)


def _compose_general(original: str, first: Sequence[Edit], second: Sequence[Edit]) -> list[Edit]:
    """:func:`compose` by the general sweep, on records."""
    size = len(original)
    return _general(original, Edits.of(first, size), Edits.of(second), None).to_list(original)
