"""The records captionfix returns: edits, credits, captions and the result.

All records are small frozen attrs classes.  Offsets are always offsets into
the *original* input string handed to :func:`captionfix.clean`, so a pipeline
can attribute every change to a place in its source without replaying
anything.  :func:`as_dict` gives the JSON form of SPEC §2.
"""

from __future__ import annotations

from typing import Any

import attrs

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
        edits: every change, ordered and non-overlapping, offsets into the input.
        capped: names of rules whose removals were withdrawn by the safety cap.

    """

    text: str
    captions: tuple[Caption, ...] = ()
    credits: tuple[Credit, ...] = ()
    edits: tuple[Edit, ...] = ()
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
            {
                "rule": e.rule,
                "start": e.start,
                "end": e.end,
                "replacement": e.replacement,
                "before": e.before,
            }
            for e in result.edits
        ],
        "capped": list(result.capped),
    }
