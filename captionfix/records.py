"""The records captionfix returns: edits, credits, captions and the result.

All records are small frozen attrs classes.  Offsets are always offsets into
the *original* input string handed to :func:`captionfix.clean`, so a pipeline
can attribute every change to a place in its source without replaying
anything.  :func:`as_dict` gives the JSON form of SPEC §2.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from itertools import accumulate
from operator import sub
from typing import TYPE_CHECKING, Any, overload

import attrs

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

#: A half-open ``(start, end)`` range of offsets into the original input.
Span = tuple[int, int]


@attrs.frozen
class Edit:
    """One change: replace ``input[start:end]`` (which was ``before``) by ``replacement``.

    Attributes:
        rule: the name of the rule that made the change (a :class:`Config` field).
        start: offset of the first replaced character in the original input.
        end: offset just past the last replaced character.
        replacement: the text that stands in the output instead.
        before: the original text, ``input[start:end]``; kept so that the input
            can be recovered from the output alone (:func:`captionfix.revert`).

    >>> Edit("quotes", 5, 5, " ", "")
    Edit(rule='quotes', start=5, end=5, replacement=' ', before='')

    """

    rule: str
    start: int
    end: int
    replacement: str
    before: str


class EditList(Sequence[Edit]):
    """``Result.edits``: a tuple-like sequence of :class:`Edit` kept in columns.

    An article gets a handful of edits, but adversarial input can get one per
    few characters (a glued quote, a CRLF line end, a mojibake token); a
    Python record each would cost some 150 bytes.  So the edits are kept as
    arrays of offsets, one byte for the rule, the replacement strings (shared
    wherever they are equal) and the replaced texts joined into one string,
    and each :class:`Edit` is built when it is looked at.

    It compares equal to the tuple of the same edits (and hashes like it),
    prints like it, and indexes, slices (a slice is a tuple) and iterates like
    it; ``tuple(result.edits)`` gives the plain tuple.

    >>> edits = EditList.of([Edit("quotes", 5, 5, " ", ""), Edit("whitespace", 9, 10, "", " ")])
    >>> edits[1]
    Edit(rule='whitespace', start=9, end=10, replacement='', before=' ')
    >>> edits == (Edit("quotes", 5, 5, " ", ""), Edit("whitespace", 9, 10, "", " "))
    True
    """

    __slots__ = (
        "_before",
        "_build",
        "_ends",
        "_names",
        "_offsets",
        "_repls",
        "_rules",
        "_starts",
    )

    def __init__(  # noqa: PLR0913, PLR0917 - the columns
        self,
        names: Sequence[str],
        rules: bytes | bytearray,
        starts: Sequence[int],
        ends: Sequence[int],
        repls: Sequence[str],
        before: str,
        build: Callable[[str, int, int, str, str], Edit] = Edit,
    ) -> None:
        """Keep the columns: rule indices into *names*, offsets, replacements, joined befores.

        *build* makes each record from its fields (``captionfix.textscan.new_edit``
        fills them in C where it can; the result is an :class:`Edit` either way).
        """
        self._build = build
        self._names = names
        self._rules = rules
        self._starts = starts
        self._ends = ends
        self._repls = repls
        self._before = before
        self._offsets: array[int] | None = None  # where each before starts in _before, on demand

    @classmethod
    def of(cls, edits: Sequence[Edit]) -> EditList:
        """The list of *edits* (records), in columns."""
        names: list[str] = []
        rules = bytearray()
        for e in edits:
            if e.rule not in names:
                names.append(e.rule)
            rules.append(names.index(e.rule))
        return cls(
            tuple(names),
            bytes(rules),
            array("q", [e.start for e in edits]),
            array("q", [e.end for e in edits]),
            tuple(e.replacement for e in edits),
            "".join(e.before for e in edits),
        )

    def __len__(self) -> int:
        """How many edits there are."""
        return len(self._starts)

    def _edit(self, i: int, at: int) -> Edit:
        s, e = self._starts[i], self._ends[i]
        return self._build(
            self._names[self._rules[i]], s, e, self._repls[i], self._before[at : at + e - s]
        )

    def _at(self, i: int) -> int:
        offsets = self._offsets
        if offsets is None:
            offsets = array("q", accumulate(map(sub, self._ends, self._starts), initial=0))
            self._offsets = offsets
        return offsets[i]

    @overload
    def __getitem__(self, index: int) -> Edit: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Edit, ...]: ...
    def __getitem__(self, index: int | slice) -> Edit | tuple[Edit, ...]:
        """Edit *index*, or the tuple of the edits of a slice."""
        if isinstance(index, slice):
            return tuple(self._edit(i, self._at(i)) for i in range(*index.indices(len(self))))
        n = len(self)
        i = index + n if index < 0 else index
        if not 0 <= i < n:
            msg = "edit index out of range"
            raise IndexError(msg)
        return self._edit(i, self._at(i))

    def __iter__(self) -> Iterator[Edit]:
        """Each edit in order, built as it is reached."""
        names, rules, starts, ends, repls, before = (
            self._names, self._rules, self._starts, self._ends, self._repls, self._before
        )  # fmt: skip
        new_edit = self._build
        at = 0
        for i in range(len(starts)):
            s, e = starts[i], ends[i]
            nxt = at + e - s
            yield new_edit(names[rules[i]], s, e, repls[i], before[at:nxt])
            at = nxt

    def __reversed__(self) -> Iterator[Edit]:
        """Each edit from the last."""
        for i in range(len(self) - 1, -1, -1):
            yield self._edit(i, self._at(i))

    def __eq__(self, other: object) -> bool:
        """Equal to an :class:`EditList` or a tuple of the same edits, as tuples are."""
        if isinstance(other, EditList):
            return other is self or self._columns() == other._columns()
        if isinstance(other, tuple):
            return len(other) == len(self) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    def _columns(self) -> tuple[object, ...]:
        names = self._names
        return (
            list(self._starts),
            list(self._ends),
            list(self._repls),
            self._before,
            [names[r] for r in self._rules],
        )

    def __ne__(self, other: object) -> bool:
        """The opposite of ``==``."""
        eq = self.__eq__(other)
        return eq if eq is NotImplemented else not eq

    def __hash__(self) -> int:
        """The hash of the tuple of the same edits."""
        return hash(tuple(self))

    def __repr__(self) -> str:
        """As the tuple of the same edits prints."""
        return repr(tuple(self))

    def __add__(self, other: object) -> tuple[Edit, ...]:
        """The tuple of these edits and *other*'s."""
        if isinstance(other, (tuple, EditList)):
            return (*self, *other)
        return NotImplemented

    def __radd__(self, other: object) -> tuple[Edit, ...]:
        """The tuple of *other*'s edits and these."""
        if isinstance(other, tuple):
            return (*other, *self)
        return NotImplemented

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled as its columns."""
        return (
            EditList,
            (tuple(self._names), bytes(self._rules), self._starts, self._ends,
             tuple(self._repls), self._before),
        )  # fmt: skip

    def rows(self) -> Iterator[tuple[str, int, int, str, str]]:
        """Each edit as the tuple ``(rule, start, end, replacement, before)``, no record built."""
        names, rules, starts, ends, repls, before = (
            self._names, self._rules, self._starts, self._ends, self._repls, self._before
        )  # fmt: skip
        at = 0
        for i in range(len(starts)):
            s, e = starts[i], ends[i]
            nxt = at + e - s
            yield names[rules[i]], s, e, repls[i], before[at:nxt]
            at = nxt


EMPTY_EDITS: EditList = EditList((), b"", array("q"), array("q"), (), "")


@attrs.frozen
class Credit:
    """A photo, image or video credit line, parsed.

    Attributes:
        raw: the credit exactly as printed (IPTC Credit Line, schema.org ``creditText``).
        creators: person names in natural capitalisation (IPTC Creator).
        agencies: canonical agency or source names (IPTC Source).
        distributors: who distributed the image, named after "via" (IPTC Image Supplier).
        flags: markers such as ``pool``, ``file``, ``handout``, ``courtesy``,
            ``illustration`` and ``video``.
        spans: where ``raw`` stands in the input, once per occurrence.

    """

    raw: str
    creators: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    distributors: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    spans: tuple[Span, ...] = ()


@attrs.frozen
class Caption:
    """One distinct photo or video caption, with all its copies merged.

    Attributes:
        text: the caption without its credit or widget labels, quotes repaired.
        credit: the credit printed with it, or ``None``.
        spans: the span of every copy in the input (the whole removed block).
        count: how many copies there were.
        rule: which detector found it (``credited``, ``labelled``,
            ``duplicate``, ``gallery``, ...).

    """

    text: str
    credit: Credit | None
    spans: tuple[Span, ...]
    count: int
    rule: str


@attrs.frozen
class Result:
    """What :func:`captionfix.clean` returns.

    Attributes:
        text: the clean prose, in the normal form of SPEC §4.
        captions: one record per distinct caption, in order of first appearance.
        credits: one record per distinct credit line, in order of first appearance.
        edits: every change, ordered and non-overlapping, offsets into the input: a
            sequence of :class:`Edit` (from :func:`captionfix.clean`, an
            :class:`EditList`, which compares equal to the tuple of its edits).
        capped: names of rules whose removals were withdrawn by the safety cap.

    """

    text: str
    captions: tuple[Caption, ...] = ()
    credits: tuple[Credit, ...] = ()
    edits: Sequence[Edit] = ()
    capped: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        """Whether any edit was made.

        >>> Result("x").changed
        False
        """
        return bool(self.edits)


def _credit_dict(credit: Credit) -> dict[str, Any]:
    return {
        "raw": credit.raw,
        "creators": list(credit.creators),
        "agencies": list(credit.agencies),
        "distributors": list(credit.distributors),
        "flags": list(credit.flags),
        "spans": [list(s) for s in credit.spans],
    }


def _edit_rows(edits: Sequence[Edit]) -> Iterator[tuple[str, int, int, str, str]]:
    if isinstance(edits, EditList):
        return edits.rows()
    return ((e.rule, e.start, e.end, e.replacement, e.before) for e in edits)


def as_dict(result: Result) -> dict[str, Any]:
    """Return the JSON form of *result* (SPEC §2): plain dicts, lists and strings.

    >>> as_dict(Result("Hello."))["text"]
    'Hello.'
    """
    return {
        "text": result.text,
        "captions": [
            {
                "text": c.text,
                "credit": _credit_dict(c.credit) if c.credit else None,
                "spans": [list(s) for s in c.spans],
                "count": c.count,
                "rule": c.rule,
            }
            for c in result.captions
        ],
        "credits": [_credit_dict(c) for c in result.credits],
        "edits": [
            {"rule": rule, "start": start, "end": end, "replacement": new, "before": old}
            for rule, start, end, new, old in _edit_rows(result.edits)
        ],
        "capped": list(result.capped),
    }
