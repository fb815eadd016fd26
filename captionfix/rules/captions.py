"""The ``captions`` rule: what a caption looks like, and how copies of one are known.

A caption is a short run of text with few sentences that does not open with a
quote or end in a colon.  Copies of one caption (bare and credited, truncated,
with a widget tail) share a key: the text case-folded without spaces, quotes
and punctuation.  :class:`CaptionIndex` merges them into one record.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from typing import Final

from captionfix.lines import SENTENCE_END, code_like
from captionfix.textscan import drop_marks
from captionfix.widgets import strip_widget_tail

_QUOTE_START: Final = "“\"«‘„'"


def caption_like(text: str, *, strong: bool) -> bool:
    """Whether *text* could be a caption: short, few sentences, not a quote or lead-in."""
    text = text.strip()
    limit = 650 if strong else 320
    if not 2 <= len(text) <= limit or text[0] in _QUOTE_START or text.endswith(":"):
        return False
    if code_like(text):
        return False  # a line of code or markup that mentions a credit
    if not any(ch.isalpha() for ch in text[:40]):
        return False  # "========", "* * *", "2024-05-01": rules and stamps, no words
    sentences = len(SENTENCE_END.findall(text)) + 1
    return sentences <= (4 if strong else 2)


def caption_key(text: str) -> str:
    """Comparison key of a caption: case-folded, without spaces and punctuation.

    >>> caption_key("“Fire,” in  Lisbon")
    'fireinlisbon'
    """
    return drop_marks(text.casefold())


def caption_head(body: str) -> str:
    """What copies of a caption share first: up to twelve characters, case-folded, after quotes."""
    return body[:24].lstrip(LEADING_MARKS)[:12].casefold()


def copies_near(window: list[str], keys: dict[str, str]) -> bool:
    """Whether two of the non-blank lines of *window* could be copies of one caption."""
    bodies = [b for b in (raw.strip() for raw in window) if b]
    heads = [caption_head(b) for b in bodies]
    for n, head in enumerate(heads):
        for m in (n + 1, n + 2):
            if m < len(heads) and heads[m] == head:
                a, b = (_body_key(bodies[k], keys) for k in (n, m))
                if a.startswith(b) or b.startswith(a):
                    return True
    return False


def _body_key(body: str, keys: dict[str, str]) -> str:
    if body not in keys:
        keys[body] = caption_key(strip_widget_tail(body))
    return keys[body]


LEADING_MARKS: Final = " \t\"'“”‘’«»„(¿¡-–—*•"


class CaptionIndex:
    """The captions of one text by key, for merging copies (exact, or one a prefix of the other).

    A key of 20 characters or more matches a key that it begins or that begins
    it; where several do, the one filed first wins.  Keys that begin the query
    are looked up by length, keys that the query begins by bisection in the
    sorted keys, so a page of a thousand captions is not a million comparisons.
    """

    def __init__(self) -> None:
        """An empty index."""
        self.keys: dict[str, int] = {}  # key -> caption number
        self.rank: dict[str, int] = {}  # key -> order of filing
        self.origin: list[str] = []  # the key each caption was first filed under
        self.ordered: list[str] = []  # the keys that can match by prefix, sorted
        self.lengths: set[int] = set()

    def file(self, norm: str, n: int) -> None:
        """File caption number *n* under *norm*."""
        if n == len(self.origin):
            self.origin.append(norm)
        if norm not in self.keys:
            self.rank[norm] = len(self.rank)
            if len(norm) >= _PREFIX_MIN:
                insort(self.ordered, norm)
                self.lengths.add(len(norm))
        self.keys[norm] = n

    def match(self, norm: str) -> int | None:
        """The caption filed under *norm*, or under a key that it begins or that begins it."""
        if norm in self.keys:
            return self.keys[norm]
        if len(norm) < _PREFIX_MIN:
            return None
        found = [norm[:size] for size in self.lengths if size < len(norm)]
        found = [k for k in found if k in self.keys]
        i = bisect_left(self.ordered, norm)
        while i < len(self.ordered) and self.ordered[i].startswith(norm):
            found.append(self.ordered[i])
            i += 1
        return self.keys[min(found, key=self.rank.__getitem__)] if found else None


_PREFIX_MIN: Final = 20  # the shortest caption key that a truncated copy may match
