"""Credit labels: ``Photo:``, ``Foto :``, ``©``, ``Photo by``, ``Image copyright``, ``Credit``.

Labels are found from cheap anchors, never by running one big pattern over
whole lines: a colon label from each colon, looking back over at most four
words; ``©`` as itself; the other forms by a small pattern run only on the
short stretches where their anchor words occur.
"""

from __future__ import annotations

from functools import cache
from typing import Final

import regex

from captionfix.textscan import HINT_MASK, HINT_SHIFT, first_of, hint_hits
from captionfix.vocab import Vocabulary, default_vocabulary, key

# Credit labels are found from cheap anchors, never by running one big pattern
# over whole lines: a colon label ("Foto:", "Crédit photo :") from each colon,
# looking back over at most four words; "©" as itself; the other forms
# ("Image copyright", "Photo by", "Featured image via", NYT "Credit") by a
# small pattern run only on the short stretches where their anchor words occur.
_OTHER_LABELS: Final = regex.compile(
    r"""
      (?P<featured>featured[ ]images?d?
          (?:[ ]is\b|[ ]of[ ][^:|\n]{1,60}?[ ](?:via|by)\b|[ ](?:via|by)\b|[ ]?:)?)
    | (?P<copyright>(?:image|photo|picture)[ ](?:copyright|source),?
          |derechos[ ]de[ ]autor[ ]de[ ]la[ ]imagen|copyright[ ]de[ ]la[ ]imagen)
    | (?P<by>(?:(?:photo(?:graph)?|image|picture|pic|foto|fotograf[ií]a|imagen|imagem
          |(?:photo[ ])?illustration|ilustraci[oó]n|ilustra[cç][aã]o)
          [ ](?:by|de|por|via|von)\b|autor[ií]a[ ]de\b)(?:[ ]?:)?)
    | (?P<courtesy>(?:(?:photo|image)[ ]courtesy|(?-i:Courtesy|COURTESY|Cortes[ií]a|CORTES[IÍ]A))
          (?:[ ]of|[ ]de)?)(?=[ ](?-i:\p{Lu}))
    | (?P<credit>credit(?:credit)?(?:\.\.\.|…)?)(?=[ ]photo|[ ]?(?-i:\p{Lu}))
    | (?P<bare>(?-i:Foto|FOTO|Photo|PHOTO|Beeld|BEELD|fot\.|Fot\.))(?=[ ](?-i:\p{Lu}))
    """,
    regex.IGNORECASE | regex.VERBOSE,
)


# One of these stands (in lower case) in every match of _OTHER_LABELS; each is a
# cheap test on the lower-cased stretch before the pattern runs (kind "anchor").
_ANCHORS: Final = default_vocabulary().words.label_anchors


# the label words one of which must stand round a hint ("lustra" stands in
# "illustra" and "ilustra")
_LABEL_WORDS: Final = _ANCHORS


# Every match of _OTHER_LABELS begins (in lower case) with one of these words;
# the pattern is tried only where one stands, not at every offset of a stretch
# (kind "start": "pic by", as "pic" alone opens "topic", "epic", "picked").
_OTHER_STARTS: Final = default_vocabulary().words.label_starts


def _other_labels(text: str, start: int, end: int) -> list[regex.Match[str]]:
    """What ``_OTHER_LABELS.finditer(text, start, end)`` finds, tried only at the start words.

    >>> [m.group() for m in _other_labels("Tired. Photo by Jane Roe", 0, 24)]
    ['Photo by']
    """
    window = text[start:end]
    low = window.lower()
    if len(low) != len(window):  # a letter that lower-cases to two: no shared offsets
        return list(_OTHER_LABELS.finditer(text, start, end))
    out: list[regex.Match[str]] = []
    pos = start  # where the next match may begin (matches do not overlap)
    c = first_of(low, _OTHER_STARTS, 0)
    while c >= 0:
        at = start + c
        m = _OTHER_LABELS.match(text, at, end) if at >= pos else None
        if m is not None:
            out.append(m)
            pos = m.end()
        c = first_of(low, _OTHER_STARTS, max(c + 1, pos - start))
    return out


_GLUED_WORD: Final = regex.compile(r"(?<=[\p{Ll}\d])\p{Lu}[\p{L}\p{M}'’\-]*$")


_GLUE_OK: Final = frozenset(' \t\u00a0([.,;:!?"”’)|-–—+')


class CreditLabel:
    """A credit label in the text: ``[start, end)`` and its kind (frozen)."""

    def __init__(self, start: int, end: int, kind: str) -> None:
        """A label ``text[start:end]`` of *kind*."""
        self.start = start
        self.end = end
        self.kind = kind  # featured | copyright | by | colon | credit | copy | bare


def colon_label(text: str, lo: int, colon: int, prefixes: frozenset[str]) -> int:
    """Where the credit label ending at the colon at *colon* begins, or -1.

    Looks back over at most four words (``Crédit photo :``, ``Photo credit:``);
    a label glued to the word before it (``MagazinePhoto:``) counts too.
    """
    stripped = text[lo:colon].rstrip(" \u00a0")
    # the word right before the colon first: most colons follow a digit or a
    # word that ends no label ("said:", "10:30"), and the look stops there
    k = len(stripped)
    while k and (stripped[k - 1].isalpha() or stripped[k - 1] in "'’-"):
        k -= 1
    last = stripped[k:]
    if not last:
        return -1
    if key(last) not in _last_words_of(prefixes):  # a cheap test first
        if last[1:].islower():
            return -1  # no capital after the first letter: no label glued on ("said:")
        glued = _GLUED_WORD.search(last)
        if not glued or key(glued.group()) not in prefixes:
            return -1
        return lo + len(stripped) - len(glued.group())
    # the letters (and spaces) right before the colon: "… Magazine.Photo" → "Photo"
    while k and (stripped[k - 1].isalpha() or stripped[k - 1] in " '’-"):
        k -= 1
    words = stripped[k:].lstrip(" ").split(" ")[-4:]
    for n in range(len(words), 0, -1):
        tail = " ".join(words[-n:])
        if key(tail) in prefixes:
            return lo + len(stripped) - len(tail)
    return -1


@cache
def _last_words_of(prefixes: frozenset[str]) -> frozenset[str]:
    return frozenset(p.split()[-1] for p in prefixes if p.split())


def label_at(text: str, pos: int, end: int, prefixes: frozenset[str]) -> CreditLabel | None:
    """The label beginning exactly at *pos*, if any."""
    for lab in find_labels(text, pos, min(end, pos + 48), prefixes):
        if lab.start == pos:
            return lab
    return None


def _boundary(text: str, line_start: int, pos: int) -> bool:
    """Whether a label may begin at *pos*.

    It may after a space or punctuation, or glued to a lower-case letter or a
    digit when the label itself is capitalised (``circulaciónFoto``).
    """
    if pos <= line_start:
        return True
    before = text[pos - 1]
    return before in _GLUE_OK or ((before.islower() or before.isdigit()) and text[pos].isupper())


def find_labels(
    text: str, start: int, end: int, prefixes: frozenset[str], *, colon_only: bool = False
) -> list[CreditLabel]:
    """Credit labels in ``text[start:end]``, in order, the longest where two overlap."""
    found: list[CreditLabel] = []
    c = text.find(":", start, end)
    while c >= 0:
        label_start = colon_label(text, max(start, c - 40), c, prefixes)
        if label_start >= 0 and _boundary(text, start, label_start):
            found.append(CreditLabel(label_start, c + 1, "colon"))
        c = text.find(":", c + 1, end)
    c = text.find("©", start, end)
    while c >= 0:
        found.append(CreditLabel(c, c + 1, "copy"))
        c = text.find("©", c + 1, end)
    if not colon_only and first_of(text[start:end].lower(), _ANCHORS, 0) >= 0:
        found.extend(
            CreditLabel(m.start(), m.end(), m.lastgroup or "by")
            for m in _other_labels(text, start, end)
            if _boundary(text, start, m.start())
        )
    found.sort(key=lambda x: (x.start, -x.end))
    out: list[CreditLabel] = []
    for lab in found:
        if out and lab.start < out[-1].end:
            continue  # inside a longer label ("Featured Image:" holds "Image:")
        out.append(lab)
    return out


def all_hints(text: str, vocab: Vocabulary) -> list[tuple[int, str]]:
    """Where a credit-label hint stands in *text*, and which: ``(position, hint)``, in order.

    The hints are the data's (``hint`` rows), found in one scan.

    >>> from captionfix.vocab import default_vocabulary
    >>> all_hints("Illustration by Jane Roe", default_vocabulary())
    [(2, 'lustra')]
    """
    hints = vocab.hints
    return [(hit >> HINT_SHIFT, hints[hit & HINT_MASK]) for hit in hint_hits(text, hints)]


def line_hinted(line: str, vocab: Vocabulary) -> bool:
    """Whether *line* holds a credit label (as :func:`scan` finds them)."""
    end = len(line)
    pats = vocab.prefixes
    return any(label_at_hint(line, 0, end, p, hint, pats) for p, hint in all_hints(line, vocab))


def label_at_hint(  # noqa: PLR0913, PLR0917 - a hint and where it stands
    text: str, line_start: int, line_end: int, at: int, hint: str, pats: frozenset[str]
) -> bool:
    """Whether the *hint* found at *at* is part of a credit label."""
    if hint == ":":
        return colon_label(text, max(line_start, at - 40), at, pats) >= 0
    if hint == "©":
        return True
    if hint == "mage" and text.startswith("mage caption", at) and at > line_start:
        return True  # BBC's "Image caption" run into a paragraph (the line is looked at)
    lo, hi = max(line_start, at - 40), min(line_end, at + 40)
    if first_of(text[lo:hi].lower(), _LABEL_WORDS, 0) < 0:
        return False  # "voto", "damage": no label word round the hint
    return any(_boundary(text, line_start, m.start()) for m in _other_labels(text, lo, hi))
