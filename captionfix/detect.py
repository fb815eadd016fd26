"""Find captions, credits and widget labels, line by line, and decide what to remove.

The three rules ``captions``, ``credits`` and ``media_labels`` share one pass
over the lines because they lean on each other: a credit at the end of a short
line makes the line a caption; a caption printed twice is one record; a label
line (``Image caption``) says the next line is a caption.  Each decision is an
:class:`~captionfix.records.Edit` tagged with the rule it belongs to, so each
rule can be switched off on its own and capped on its own.

Precision first: a line is removed only on positive evidence (a parsed credit,
a widget label, a duplicate beside a credit or label, a gallery run).  Prose
lines, headlines and pull quotes carry none of these and stay.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from functools import cache
from itertools import accumulate, pairwise
from typing import TYPE_CHECKING, Final

import regex

from captionfix.credits import BYLINE, Parsed, acceptable_unlabelled, merge_parsed, parse_body
from captionfix.edits import apply_edits, make_edit
from captionfix.quotes import fix_quotes, suspect_marks
from captionfix.records import Caption, Credit, Edit, Span
from captionfix.textscan import (
    HINTS,
    count_space,
    drop_marks,
    first_of,
    hint_hits,
    nonblank_starts,
)
from captionfix.vocab import Vocabulary, key, vocabulary

if TYPE_CHECKING:
    from captionfix.config import Config


# The classes of this module are plain classes, not attrs ones: mypyc compiles
# them to native classes, whose instances are built and read without
# Python-level calls.  Those that say so are treated as frozen.


class Detection:
    """What the shared pass found, in offsets of the text it was shown (frozen).

    ``inert`` holds the lines (as printed) that were looked at closely and hold
    nothing a decision can use whatever stands beside them, ``active`` the other
    lines looked at closely (they hold a credit, label or counter); see
    :func:`needs_another_look`.
    """

    def __init__(  # noqa: PLR0913, PLR0917 - what a pass found
        self,
        edits: tuple[Edit, ...] = (),
        captions: tuple[Caption, ...] = (),
        credits: tuple[Credit, ...] = (),  # noqa: A002 - the field's name
        capped: tuple[str, ...] = (),
        inert: frozenset[str] = frozenset(),
        active: frozenset[str] = frozenset(),
    ) -> None:
        """Keep each field as given."""
        self.edits = edits
        self.captions = captions
        self.credits = credits
        self.capped = capped
        self.inert = inert
        self.active = active


# --- patterns -----------------------------------------------------------------

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
    | (?P<by>(?:(?:photo(?:graph)?|image|picture|foto|fotograf[ií]a|imagen|imagem
          |(?:photo[ ])?illustration|ilustraci[oó]n|ilustra[cç][aã]o)
          [ ](?:by|de|por|via|von)\b|autor[ií]a[ ]de\b)(?:[ ]?:)?)
    | (?P<courtesy>(?:(?:photo|image)[ ]courtesy|(?-i:Courtesy|COURTESY|Cortes[ií]a|CORTES[IÍ]A))
          (?:[ ]of|[ ]de)?)(?=[ ](?-i:\p{Lu}))
    | (?P<credit>credit(?:credit)?(?:\.\.\.|…)?)(?=[ ]photo|[ ]?(?-i:\p{Lu}))
    | (?P<bare>(?-i:Foto|FOTO))(?=[ ](?-i:\p{Lu}))
    """,
    regex.IGNORECASE | regex.VERBOSE,
)
# One of these stands (in lower case) in every match of _OTHER_LABELS but the
# "illustration by" forms, which only _label_near looks for; each is a cheap
# test on the lower-cased stretch before the pattern runs.
_ANCHORS: Final = ("photo", "foto", "image", "picture", "credit", "courtesy", "cortes", "autor")
_LABEL_WORDS: Final = (*_ANCHORS, "illustra", "ilustra")
# Every match of _OTHER_LABELS begins (in lower case) with one of these words;
# the pattern is tried only where one stands, not at every offset of a stretch.
_OTHER_STARTS: Final = (
    "featured",
    "image",
    "photo",
    "picture",
    "derechos",
    "copyright",
    "foto",
    "illustra",
    "ilustra",
    "autor",
    "courtesy",
    "cortes",
    "credit",
)


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


class _Label:
    """A credit label in the text: ``[start, end)`` and its kind (frozen)."""

    def __init__(self, start: int, end: int, kind: str) -> None:
        self.start = start
        self.end = end
        self.kind = kind  # featured | copyright | by | colon | credit | copy | bare


def _colon_label(text: str, lo: int, colon: int, prefixes: frozenset[str]) -> int:
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


def _label_at(text: str, pos: int, end: int, prefixes: frozenset[str]) -> _Label | None:
    """The label beginning exactly at *pos*, if any."""
    for lab in _find_labels(text, pos, min(end, pos + 48), prefixes):
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


def _find_labels(
    text: str, start: int, end: int, prefixes: frozenset[str], *, colon_only: bool = False
) -> list[_Label]:
    """Credit labels in ``text[start:end]``, in order, the longest where two overlap."""
    found: list[_Label] = []
    c = text.find(":", start, end)
    while c >= 0:
        label_start = _colon_label(text, max(start, c - 40), c, prefixes)
        if label_start >= 0 and _boundary(text, start, label_start):
            found.append(_Label(label_start, c + 1, "colon"))
        c = text.find(":", c + 1, end)
    c = text.find("©", start, end)
    while c >= 0:
        found.append(_Label(c, c + 1, "copy"))
        c = text.find("©", c + 1, end)
    if not colon_only and first_of(text[start:end].lower(), _ANCHORS, 0) >= 0:
        found.extend(
            _Label(m.start(), m.end(), m.lastgroup or "by")
            for m in _other_labels(text, start, end)
            if _boundary(text, start, m.start())
        )
    found.sort(key=lambda x: (x.start, -x.end))
    out: list[_Label] = []
    for lab in found:
        if out and lab.start < out[-1].end:
            continue  # inside a longer label ("Featured Image:" holds "Image:")
        out.append(lab)
    return out


_CAPTION_LABEL: Final = regex.compile(
    r"(?:(?:image|media)[ ]caption|pie[ ]de[ ]foto|legenda(?:[ ]da[ ]foto)?|bildunterschrift)"
    r"(?:[ ]?[:,])?"  # BBC writes "Image caption, …"
    r"|(?:file[ ]photo|foto[ ]de[ ]archivo)[ ]?:",
    regex.IGNORECASE,
)
_COUNTER: Final = regex.compile(
    r"^(?:\d{1,3}[ ]of[ ]\d{1,3}\.?|\d{1,3}[ ](?:photos|fotos|images|imágenes|imagens|bilder)"
    r"|slideshow[ ]\(\d{1,3}[ ]images?\)|\d{1,2}:\d{2}(?:[ ]/[ ]\d{1,2}:\d{2})?)$",
    regex.IGNORECASE,
)
_COUNTER_PREFIX: Final = regex.compile(r"^\d{1,3}[ ]of[ ]\d{1,3}\.[ ]", regex.IGNORECASE)
_COUNTER_SUFFIX: Final = regex.compile(r"(?<=\S)\d{1,3}[ ]of[ ]\d{1,3}$", regex.IGNORECASE)
_DURATION_SUFFIX: Final = regex.compile(r"[ ]+\d{1,2}:\d{2}$")
_PLAY: Final = regex.compile(r"(?:^|(?<=\s))Play[ ]?Video[ ]?\d{1,2}:\d{2}$|^Play(?=\p{Lu})")
_SENTENCE_END: Final = regex.compile(r"[.!?…][\"”’)]?\s+(?=[\p{Lu}¿¡\"“«])")
# where an unlabelled credit may begin: after a sentence end, two spaces or a tab
_TAIL_START: Final = regex.compile(r"[.!?\"”)][ ]{1,3}(?=\S)|[ ]{2,}(?=\S)|\t(?=\S)")
_CAPS_TAIL: Final = regex.compile(
    r"(?<=\p{Ll}[.,]?[ ])(?P<body>(?:\p{Lu}[\p{Lu}'’\-]+[ ]){2,4}\p{Lu}{2,})$"
)
_CAPS_BEFORE: Final = regex.compile(
    r"(?:^|(?<=[.!?)][ ])|(?<=^[ ]))(?P<caps>(?:[\p{Lu}\d][\p{Lu}\p{M}\d'’\-]*[ ]){2,7})$"
)
_WIDGET_BUTTON: Final = regex.compile(r"[ ]\+(?:[ \u00a0]|$)")
_BARE_IN_PARENS: Final = regex.compile(r"(?i)(?:foto|photo|fotos|photos)[ ]+(?=\S)")
_CAPTION_LABELS: Final = frozenset(
    {
        "image caption",
        "image caption,",
        "media caption",
        "media caption,",
        "image:",
        "caption:",
        "pie de foto",
    }
)
_QUOTE_START: Final = "“\"«‘„'"
_STAMP: Final = regex.compile(r"(?-i:[A-Z]{2,8})?(?:19|20)\d\d$")
_PIPE_TAIL: Final = regex.compile(
    r"(?:^|(?<=\s))(?:\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}[ ]*)?"  # an optional date stamp
    r"\|[ ]*(?P<body>\p{L}[\p{L} ./]{1,40})$"
)
# a run of share-button words left by a widget: "Facebook Twitter Google Plus Embed"
_SHARE_BAR: Final = regex.compile(
    r"(?:[ ]+(?:Facebook|Twitter|Google[ ]Plus|Pinterest|Embed|WhatsApp|Email|LinkedIn|Reddit"
    r"|Share)){3,}$"
)


class _Found:
    """A credit found on a line (offsets into the text; frozen)."""

    def __init__(  # noqa: PLR0913, PLR0917 - a credit and its parts
        self,
        start: int,
        end: int,
        parsed: Parsed,
        strong: bool,
        featured: bool = False,
        label_start: int = -1,
        caption_at: int = -1,
        more: tuple[_Found, ...] = (),
    ) -> None:
        self.start = start
        self.end = end
        self.parsed = parsed
        self.strong = strong
        self.featured = featured
        self.label_start = label_start  # where the credit's label begins, if it had one
        self.caption_at = caption_at  # a caption follows the credit on the same line from here
        self.more = more  # further credits in the same run ("A | B")

    def moved(self, *, start: int, label_start: int, more: tuple[_Found, ...]) -> _Found:
        """The same credit, begun earlier and holding the credits of its run."""
        return _Found(
            start,
            self.end,
            self.parsed,
            self.strong,
            self.featured,
            label_start,
            self.caption_at,
            more,
        )

    def captioned_from(self, caption_at: int) -> _Found:
        """The same credit, with a caption from *caption_at*."""
        return _Found(
            self.start,
            self.end,
            self.parsed,
            self.strong,
            self.featured,
            self.label_start,
            caption_at,
            self.more,
        )


class _Plan:
    """The decisions of one pass: removals and the records they produce."""

    def __init__(self) -> None:
        self.removals: list[tuple[int, int, str]] = []  # (start, end, rule)
        self.captions: list[tuple[str, _Found | None, Span, str]] = []
        self.credits: list[_Found] = []
        self.gallery: set[Span] = set()  # gallery lines: structure, not counted by the cap


# --- lines ----------------------------------------------------------------------


def _rstrip(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _lstrip(text: str, start: int, end: int) -> int:
    while start < end and text[start].isspace():
        start += 1
    return start


def _caption_like(text: str, *, strong: bool) -> bool:
    """Whether *text* could be a caption: short, few sentences, not a quote or lead-in."""
    text = text.strip()
    limit = 650 if strong else 320
    if not 2 <= len(text) <= limit or text[0] in _QUOTE_START or text.endswith(":"):
        return False
    sentences = len(_SENTENCE_END.findall(text)) + 1
    return sentences <= (4 if strong else 2)


# --- credits on a line --------------------------------------------------------


def _paren_chain(
    text: str, start: int, end: int, vocab: Vocabulary, pats: frozenset[str]
) -> _Found | None:
    """Parenthesised credit tags closing a line: ``(REUTERS) (NAME/)``, ``(AP Photo/X)``."""
    groups: list[tuple[int, int, Parsed, bool]] = []
    pos = end
    stamp = _STAMP.search(text, max(start, end - 12), end)
    if stamp and stamp.start() > start and text[stamp.start() - 1] == ")":
        pos = stamp.start()  # a copyright stamp glued after the credit: "(AP Photo/X)AP2014"
    while pos > start and text[pos - 1] == ")":
        open_at = text.rfind("(", max(start, pos - 170), pos - 1)
        if open_at < 0 or ")" in text[open_at + 1 : pos - 1]:
            break
        inner = text[open_at + 1 : pos - 1].strip()
        label = _label_at(inner, 0, len(inner), pats)
        bare = _BARE_IN_PARENS.match(inner)  # "(foto Ansa)", "(Photo AP)"
        if bare and not label:
            parsed = parse_body(inner[bare.end() :], vocab, labelled=False)
            strong = parsed is not None and bool(parsed.vocab_agencies)
            if not strong:
                parsed = None
        elif label and label.kind not in ("copy", "bare"):
            parsed = parse_body(inner[label.end :], vocab, labelled=True)
            strong = True
        else:
            parsed = parse_body(inner, vocab, labelled=False)
            slash = inner.rstrip().endswith("/")
            strong = slash or "/" in inner or "," in inner or _photo_source(parsed, inner)
            if parsed is not None and not (
                acceptable_unlabelled(parsed) or (slash and not parsed.empty)
            ):
                parsed = None
        if parsed is None or (parsed.empty and not label):
            break
        groups.append((open_at, pos, parsed, strong))
        pos = _rstrip(text, start, open_at)
    if not groups:
        return None
    first = groups[-1][0]
    merged = merge_parsed([g[2] for g in reversed(groups)])
    strong = any(g[3] for g in groups)
    return _Found(first, end, merged, strong)


# Agencies that sell pictures and never bylines: "(Getty Images)" closing a line
# is a credit even alone, unlike "(AP)" or "(Reuters)", which also tag text sources.
_PHOTO_WORD: Final = regex.compile(r"(?i)\b(?:photos?|fotos?|images|pictures?)\b")
_PHOTO_ONLY: Final = frozenset(
    {
        "Getty Images",
        "Shutterstock",
        "Alamy",
        "REX",
        "Imago",
        "ZUMA Press",
        "NurPhoto",
        "SOPA Images",
        "Sipa",
        "picture alliance",
        "Bridgeman Images",
        "Corbis",
        "Magnum Photos",
        "Redux",
        "Polaris",
        "WireImage",
        "FilmMagic",
        "iStock",
        "Pexels",
        "Unsplash",
        "LightRocket",
        "Contour by Getty Images",
    }
)


def _photo_source(parsed: Parsed | None, inner: str = "") -> bool:
    """Whether a bare credit is unmistakably a photo credit.

    It is when it names a person and a source, a picture-only agency, or says
    it is a photo (``(AP Photo)``, ``(PTI Photo)``).
    """
    if parsed is None:
        return False
    if parsed.agencies and _PHOTO_WORD.search(inner):
        return True
    if parsed.creators and (parsed.agencies or parsed.flags):
        return True  # "(Jane Roe for The Washington Post)"
    return bool(parsed.agencies) and all(a in _PHOTO_ONLY for a in parsed.agencies)


def _labelled_tail(
    text: str, start: int, end: int, vocab: Vocabulary, pats: frozenset[str]
) -> _Found | None:
    """A labelled credit running to the end of the line: ``… Photograph: Name/Agency``."""
    # the earliest label whose body runs cleanly to the end wins ("Featured Image:
    # White House Photo by X" is one credit, not "Photo by X")
    window = max(start, end - 220)
    labels = _find_labels(text, window, end, pats)
    for n, m in enumerate(labels):
        body_end = end
        cut = _CAPTION_LABEL.search(text, m.end, end)
        if cut:
            body_end = cut.start()
        body = text[m.end : body_end]
        if n + 1 < len(labels) and labels[n + 1].start < body_end:
            continue  # another label follows: the run is read from its last credit
        if m.kind == "bare":
            parsed = parse_body(body, vocab, labelled=False)
            if parsed is None or (not parsed.agencies and not parsed.creators):
                continue
        else:
            parsed = parse_body(body, vocab, labelled=True)
            if parsed is None:
                continue
            if m.kind == "credit" and not (
                parsed.creators and (parsed.agencies or "ourtesy" in body or "/" in body)
            ):
                continue  # bare "Credit" is a word too ("Credit Suisse")
            if "llustra" in text[m.start : m.end].lower():
                parsed = parsed.flagged("illustration")
            if m.kind == "courtesy" and "courtesy" not in parsed.flags:
                parsed = parsed.flagged("courtesy")
            if parsed.empty and not (m.kind == "featured" or _is_descriptor(body)):
                continue
        featured = m.kind == "featured"
        after = _lstrip(text, cut.end(), end) if cut else -1
        end_at = _rstrip(text, m.end, body_end)
        if text[end_at - 1] == ".":
            end_at -= 1  # the full stop closes the sentence, not the credit
        return _Found(m.start, end_at, parsed, True, featured, m.start, after)
    return None


def _leading_credit(
    text: str, start: int, end: int, vocab: Vocabulary, pats: frozenset[str]
) -> _Found | None:
    """``(Photo: Reuters/Name) Caption text`` — a labelled credit in parentheses first."""
    start = _lstrip(text, start, end)
    if start >= end or text[start] != "(":
        return None
    close = text.find(")", start, min(end, start + 170))
    if close < 0:
        return None
    label = _label_at(text, start + 1, close, pats)
    if not label or label.kind in ("copy", "bare"):
        return None
    parsed = parse_body(text[label.end : close], vocab, labelled=True)
    after = _lstrip(text, close + 1, end)
    if parsed is None or parsed.empty or after >= end:
        return None
    return _Found(start, close + 1, parsed, True, caption_at=after)


_WORD: Final = regex.compile(r"\S+")
_NEXT_WORD: Final = regex.compile(r"\s(?:\p{Lu}|\+|$)")
_DESCRIPTOR: Final = regex.compile(
    r"screen\s?(?:shot|capture|grab)|captura|reprodu", regex.IGNORECASE
)


# flags and agencies can end a credit inside a line; names cannot (where would they stop?)
def _inline_credits(
    text: str, start: int, end: int, vocab: Vocabulary, pats: frozenset[str]
) -> list[_Found]:
    """Credits inside a line that end on an agency or a flag word: ``Foto: Divulgação``."""
    out: list[_Found] = []
    for m in _find_labels(text, start, end, pats, colon_only=True):
        words = list(_WORD.finditer(text[m.end : min(end, m.end + 120)]))
        for k in range(min(7, len(words)), 0, -1):
            stop = m.end + words[k - 1].end()
            body = text[m.end : stop]
            tail_words = body.rsplit("/", 1)[-1].split()
            last = tail_words[-1] if tail_words else ""
            tail_word = last.rstrip(".,;:")
            if key(tail_word) not in vocab.flags and not vocab.agency(tail_word):
                continue
            nxt = text[stop : stop + 2]
            if stop < end and not _NEXT_WORD.match(nxt):
                continue
            parsed = parse_body(body, vocab, labelled=True)
            if parsed is not None and not parsed.empty:
                found = _Found(m.start, stop, parsed, True, label_start=m.start)
                caps = _CAPS_BEFORE.search(text, max(start, m.start - 90), m.start)
                if caps:  # "TITLE IN CAPITALS Foto: credit": a figure caption run in
                    found = found.captioned_from(caps.start("caps"))
                out.append(found)
                break
    return out


def _is_descriptor(body: str) -> bool:
    return _DESCRIPTOR.search(body) is not None


def _unlabelled_tail(text: str, start: int, end: int, vocab: Vocabulary) -> _Found | None:
    """``Name, AP`` / ``Name / AP`` / ``NAME NAME REUTERS`` closing a line."""
    lo = max(start, end - 110)
    pipe = _PIPE_TAIL.search(text, lo, end)
    if pipe:
        parsed = parse_body(pipe.group("body"), vocab, labelled=False)
        if parsed and parsed.agencies and parsed.vocab_agencies == len(parsed.agencies):
            return _Found(pipe.start(), end, parsed, True)
    # a credit starts the line, or follows a sentence end, two spaces or a tab:
    # try those starts from the nearest one back
    starts = [m.end() for m in _TAIL_START.finditer(text, lo, end)]
    if lo == start:
        starts.insert(0, start)
    for cs in reversed(starts[-4:]):
        body = text[cs:end]
        if not body[:1].isupper() or not any(sep in body for sep in ("/", ",", " via ")):
            continue
        parsed = parse_body(body, vocab, labelled=False)
        if (
            parsed
            and parsed.vocab_agencies
            and acceptable_unlabelled(parsed)
            and (parsed.creators or parsed.flags or not parsed.unknown_orgs)
        ):
            return _Found(cs, end, parsed, True)
    m = _CAPS_TAIL.search(text, lo, end)
    if m:
        parsed = parse_body(m.group("body"), vocab, labelled=False)
        if parsed and parsed.creators and parsed.vocab_agencies and not parsed.unknown_orgs:
            return _Found(m.start("body"), end, parsed, True)
    return None


def _line_credit(  # noqa: PLR0913 - the line, the vocabulary, and whether it was hinted
    text: str, start: int, end: int, vocab: Vocabulary, pats: frozenset[str], *, hinted: bool
) -> _Found | None:
    """The credit closing the line ``text[start:end]``, if any."""
    if end - start < 3:
        return None
    last = text[end - 1]
    if last == ")" or (last.isdigit() and _STAMP_END.search(text, max(start, end - 10), end)):
        found = _paren_chain(text, start, end, vocab, pats)
        if found:
            return found
    if hinted:
        found = _labelled_tail(text, start, end, vocab, pats)
        if found:
            return _extend_left(text, start, found, vocab, pats)
    tail = text[max(start, end - 110) : end]
    if "/" in tail or "|" in tail or vocab.ends_with_agency(tail):
        return _unlabelled_tail(text, start, end, vocab)
    return None


_STAMP_END: Final = regex.compile(r"\)(?-i:[A-Z]{2,8})?(?:19|20)\d\d$")


def _extend_left(
    text: str, start: int, found: _Found, vocab: Vocabulary, pats: frozenset[str]
) -> _Found:
    """Take in the credits before *found* in a run such as ``Image via A | Image via B``."""
    before: list[_Found] = []
    edge = found.start
    while True:
        cut = _rstrip(text, start, edge)
        if cut <= start:
            break
        if text[cut - 1] == "|":
            cut = _rstrip(text, start, cut - 1)
        if text[cut - 1] == ".":
            break  # a credit before would end at the stop, and a credit never takes its stop
        prev = _labelled_tail(text, start, cut, vocab, pats)
        if prev is None or prev.end != cut or prev.caption_at >= 0:
            break
        before.append(prev)
        edge = prev.start
    if not before:
        return found
    first = before[-1]
    # the run is removed as one span; each credit in it is its own record
    return found.moved(
        start=first.start, label_start=first.label_start, more=(*reversed(before), found)
    )


# --- the pass -------------------------------------------------------------------


def _norm(text: str) -> str:
    """Comparison key of a caption: case-folded, without spaces and punctuation.

    >>> _norm("“Fire,” in  Lisbon")
    'fireinlisbon'
    """
    return drop_marks(text.casefold())


def _media_label_line(content: str, vocab: Vocabulary) -> bool:
    stripped = content.strip().rstrip(",:")
    if not stripped:
        return False
    first = stripped[0]
    return (
        key(stripped) in vocab.media_labels
        # a counter opens with a digit or "slideshow" ("ſ" folds to "s"), a video label with "Play"
        or ((first.isdigit() or first in "sSſ") and _COUNTER.match(stripped) is not None)
        or (first == "P" and _PLAY.fullmatch(stripped) is not None)
    )


def detect(text: str, config: Config) -> Detection:
    """Find captions, credits and widget labels in *text* (``\\n`` line ends expected)."""
    if not (config.captions or config.credits or config.media_labels):
        return Detection()
    vocab = vocabulary(config.agencies)
    pats = vocab.prefixes
    scanned = _scan(text, vocab, pats)
    decider = _Decider(text, *scanned)
    found = _finish(text, decider.run(), config)
    lines, info, classified, _, _ = scanned
    if not classified:
        return found
    inert = frozenset(
        lines.raw[i]
        for i in classified
        if info[i].kind == "prose"
        and info[i].credit is None
        and not info[i].inline
        and info[i].label_end < 0
        and lines.raw[i].rstrip(" \r")[-1:] not in _ACTIVE_ENDS
    )
    active = frozenset(lines.raw[i] for i in classified) - inert
    return Detection(found.edits, found.captions, found.credits, found.capped, inert, active)


# A looked-at line that ends with a tab (a gallery thumbnail) or a digit (a
# counter or duration glued on) matters beside its neighbours even as prose.
_ACTIVE_ENDS: Final = frozenset("\t0123456789")


def needs_another_look(
    text: str,
    points: list[int],
    config: Config,
    looked: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset()),
) -> bool:
    r"""Whether another round of detection (and quote repair) could change *text*.

    *points* are the offsets in *text* where the last round changed it.  Every
    decision rests on a line and its neighbours, two non-blank lines either
    side at most (a caption beside its credit or label, two copies of a caption
    with a label between them), and the document-wide counts only shrink as
    lines go; so a new round can only find something near a change, and only
    if a line there holds a label hint or a signal, two lines there begin
    alike, or a changed line still holds a suspect quote mark.

    Whether a line holds a hint or signal depends on the line alone, so only
    the changed lines are tested; of the others, those *looked* at before
    count as its ``(inert, active)`` sets say: an inert line (looked at and
    found to hold no credit, label or counter) is plain prose to every
    decision, an active one counts.

    >>> from captionfix.config import Config
    >>> needs_another_look("A story.\n\nMore of it.", [9], Config())
    False
    >>> text = "A story.\n\nPhoto: Jane Roe/AP"
    >>> needs_another_look(text, [9], Config(), (frozenset(), frozenset({"Photo: Jane Roe/AP"})))
    True
    >>> needs_another_look(text, [12], Config())  # the credit line itself changed
    True
    """
    if not points:
        return False
    vocab = vocabulary(config.agencies)
    signal = _Signal(vocab)
    n = len(text)

    # lines are known by where they begin; the text is not split into lines
    nonblank = nonblank_starts(text)
    changed: list[int] = []  # the lines that hold a point, in order
    end = -1  # where the last line found ends (its break, or the text's end)
    for p in sorted(points):
        if p > end:  # a point on a line break belongs to the line it ends
            changed.append(text.rfind("\n", 0, p) + 1)
            end = text.find("\n", p)
            end = n if end < 0 else end
    windows = []
    for c in changed:
        if suspect_marks(_line_at(text, c)):
            return True
        # two non-blank lines either side, found by bisection (a run of blank
        # lines left by many removals is not walked once per change)
        k = bisect_left(nonblank, c)
        after = k + (k < len(nonblank) and nonblank[k] == c)
        windows.append(sorted({*nonblank[max(0, k - 2) : k], c, *nonblank[after : after + 2]}))
    inert, active = looked
    fresh = set(changed)
    for i in {i for window in windows for i in window}:
        raw = _line_at(text, i)
        if raw in active:
            return True
        if i in fresh and raw not in inert:
            body = raw.strip()
            if body and (signal(body, raw) or _line_hinted(raw, vocab)):
                return True
    keys: dict[str, str] = {}
    return any(_copies_near([_line_at(text, i) for i in window], keys) for window in windows)


def _line_at(text: str, start: int) -> str:
    """The line of *text* that begins at *start*, without its break."""
    end = text.find("\n", start)
    return text[start : end if end >= 0 else len(text)]


def _head(body: str) -> str:
    """What copies of a caption share first: up to twelve characters, case-folded, after quotes."""
    return body[:24].lstrip(_LEADING_MARKS)[:12].casefold()


def _copies_near(window: list[str], keys: dict[str, str]) -> bool:
    """Whether two of the non-blank lines of *window* could be copies of one caption."""
    bodies = [b for b in (raw.strip() for raw in window) if b]
    heads = [_head(b) for b in bodies]
    for n, head in enumerate(heads):
        for m in (n + 1, n + 2):
            if m < len(heads) and heads[m] == head:
                a, b = (_body_key(bodies[k], keys) for k in (n, m))
                if a.startswith(b) or b.startswith(a):
                    return True
    return False


def _body_key(body: str, keys: dict[str, str]) -> str:
    if body not in keys:
        keys[body] = _norm(_caption_text(body))
    return keys[body]


def _line_hinted(line: str, vocab: Vocabulary) -> bool:
    """Whether *line* holds a credit label (as :func:`_scan` finds them)."""
    end = len(line)
    pats = vocab.prefixes
    return any(_label_near(line, 0, end, hit >> 3, HINTS[hit & 7], pats) for hit in hint_hits(line))


_DIGITS: Final = frozenset("0123456789")
_CAPTION_LABEL_FIRST: Final = frozenset("IiMmPpLlBbFf")  # first letters of the caption labels
# their first four letters, in lower case: a set look-up before the pattern runs
_CAPTION_LABEL_HEADS: Final = frozenset({"imag", "medi", "pie ", "lege", "bild", "file", "foto"})


def _caption_label(content: str) -> regex.Match[str] | None:
    """The caption label (``Image caption``, ``Pie de foto`` …) opening *content*, if any."""
    if content[:4].lower() not in _CAPTION_LABEL_HEADS:
        return None
    return _CAPTION_LABEL.match(content)


def _label_near(  # noqa: PLR0913, PLR0917 - a hint and where it stands
    text: str, line_start: int, line_end: int, at: int, hint: str, pats: frozenset[str]
) -> bool:
    """Whether the *hint* found at *at* is part of a credit label."""
    if hint == ":":
        return _colon_label(text, max(line_start, at - 40), at, pats) >= 0
    if hint == "©":
        return True
    lo, hi = max(line_start, at - 40), min(line_end, at + 40)
    if first_of(text[lo:hi].lower(), _LABEL_WORDS, 0) < 0:
        return False  # "voto", "damage": no label word round the hint
    return any(_boundary(text, line_start, m.start()) for m in _other_labels(text, lo, hi))


def _counter_head(body: str, vocab: Vocabulary) -> bool:
    """Whether a line that starts with a digit is a gallery counter or opens with one.

    A numbered paragraph or a live blog's time stamp ("16.06 The search …")
    is prose; only the two tests :func:`_classify` makes of such a line
    (a counter label before a caption, a whole-line widget label) count.
    """
    return _COUNTER_PREFIX.match(body) is not None or (
        len(body) <= 60 and _media_label_line(body, vocab)
    )


_TAIL_MARKS: Final = frozenset(
    ")\t0123456789"
)  # a credit in parentheses, a gallery line, a counter
_HEAD_MARKS: Final = _DIGITS | _CAPTION_LABEL_FIRST | {"P"}  # a counter, a caption label, "Play"


class _Signal:
    """Whether a line (stripped *body*, *raw* line) shows a sign of a label, credit or counter."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.first_words = vocab.media_first_words
        self.last_words = vocab.agency_last_words

    def __call__(self, body: str, raw: str) -> bool:
        """Test the cheap signs first; most prose lines fail them all."""
        size = len(body)
        return (
            body[-1] in _TAIL_MARKS
            or raw[-1] == "\t"
            or (body[0] in _DIGITS and _counter_head(body, self.vocab))
            or body.startswith("Play")
            or _caption_label(body) is not None
            or (size <= 60 and key(body.split(None, 1)[0]) in self.first_words)
            or body.find("/", max(0, size - 110)) >= 0
            or body.find("|", max(0, size - 60)) >= 0
            or (
                body[body.rfind(" ") + 1 :].rstrip(".)").casefold() in self.last_words
                and self.vocab.ends_with_agency(body)
            )
        )


def _scan(
    text: str, vocab: Vocabulary, pats: frozenset[str]
) -> tuple[_Spans, list[_Line], list[int], list[str], list[str]]:
    """Split *text* into lines and classify the ones that can hold anything.

    A line is looked at closely only if it holds a credit-label hint (a colon
    after a label word, ``©``, "photo", "image", "credit" ...), ends with ``)``,
    a tab or a digit, starts with a digit, "Play" or a widget word, has a slash
    or bar near its end, or ends with an agency name.  Every other line is plain
    prose, and only its first characters are kept (to find copies of captions).
    """
    raw_lines = text.split("\n")
    starts = [0]
    starts.extend(accumulate(len(r) + 1 for r in raw_lines))
    # lines that hold a credit label: found from each hint, checked where it stands
    hinted: set[int] = set()
    for hit in hint_hits(text):
        p = hit >> 3
        line_no = bisect_right(starts, p) - 1
        if line_no not in hinted:
            line_start, line_end = starts[line_no], starts[line_no + 1] - 1
            if _label_near(text, line_start, line_end, p, HINTS[hit & 7], pats):
                hinted.add(line_no)
    # one comprehension per fact: far cheaper than one Python statement per line
    lines = _Spans(starts, raw_lines, len(text))
    bodies = [r.strip() for r in raw_lines]
    # _head(b), inline: this comprehension runs over every line of every text
    heads = [b[:24].lstrip(_LEADING_MARKS)[:12].casefold() if b else "" for b in bodies]
    info = [_PROSE if b else _BLANK for b in bodies]
    # a coarse sieve first (a superset of _Signal's tests, inline), then _Signal
    last_words = vocab.agency_last_words
    sieved = [
        i
        for i, (b, r) in enumerate(zip(bodies, raw_lines, strict=True))
        if b
        and (
            b[-1] in _TAIL_MARKS
            or b[0] in _HEAD_MARKS
            or len(b) <= 60
            or r[-1] == "\t"
            or b.find("/", max(0, len(b) - 110)) >= 0
            or b.find("|", max(0, len(b) - 60)) >= 0
            or b[b.rfind(" ") + 1 :].rstrip(".)").casefold() in last_words
        )
    ]
    signal = _Signal(vocab)
    classified = sorted(hinted.union(i for i in sieved if signal(bodies[i], raw_lines[i])))
    for i in classified:
        s, e, _ = lines[i]
        x = _classify(text, s, e, vocab, pats, hinted=i in hinted)
        info[i] = x
        heads[i] = _head(text[x.body_start : x.body_end])  # never into the next line
    return lines, info, classified, heads, bodies


class _Spans:
    """``(start, end, next)`` of line *i*: its content (without ``\\r``) and where the next begins.

    Made on demand: only the lines a decision looks at need theirs.
    """

    __slots__ = ("n", "raw", "starts")

    def __init__(self, starts: list[int], raw: list[str], n: int) -> None:
        self.starts, self.raw, self.n = starts, raw, n

    def __len__(self) -> int:
        return len(self.raw)

    def __getitem__(self, i: int) -> tuple[int, int, int]:
        s = self.starts[i]
        r = self.raw[i]
        return (
            s,
            s + len(r) - (r[-1:] == "\r"),
            self.starts[i + 1] if i + 1 < len(self.raw) else self.n,
        )


class _Line:
    """What a line holds, as far as captions and credits go."""

    def __init__(self, kind: str, *, body_start: int = 0, body_end: int = 0) -> None:
        self.kind = kind  # blank | label | credit_line | caption | prose
        self.credit: _Found | None = None
        self.body_start = body_start  # the caption text, if any, lies in [body_start, body_end)
        self.body_end = body_end
        self.label_end = -1  # a leading widget label ends here
        self.label = ""  # "caption", "counter", "play"
        self.inline: list[_Found] = []  # credits inside the line


_BLANK: Final = _Line("blank")
_PROSE: Final = _Line("prose")  # a plain line: its body is the whole line, stripped


def _classify(  # noqa: PLR0913 - the line, the vocabulary, and whether it holds a label
    text: str, s: int, e: int, vocab: Vocabulary, pats: frozenset[str], *, hinted: bool
) -> _Line:
    """What line ``text[s:e]`` holds: blank, a widget label, a credit, a caption, prose."""
    e = _rstrip(text, s, e)
    s2 = _lstrip(text, s, e)
    if s2 >= e:
        return _Line("blank")
    content = text[s2:e]
    if e - s2 <= 60 and _media_label_line(content, vocab):
        return _Line("label", body_start=s2, body_end=e)
    line = _Line("prose", body_start=s2, body_end=e)
    # a leading widget label: "Image caption …", "1 of 4. …", "PlayTitle", "Ampliar la imagen …"
    m = _caption_label(content)
    m = m or (_COUNTER_PREFIX.match(content) if content[0].isdigit() else None)
    if m:
        line.label_end = s2 + m.end()
        line.label = "counter" if _COUNTER_PREFIX.match(content) else "caption"
    else:
        play = _PLAY.match(content) if content.startswith("Play") else None
        if play and play.end() < len(content):
            line.label_end = s2 + play.end()
            line.label = "play"
        else:
            head_end = _leading_media_label(content, vocab)
            if head_end:
                line.label_end = s2 + head_end
                line.label = "caption"
    found = _line_credit(text, s2, e, vocab, pats, hinted=hinted)
    if found is None and hinted:
        found = _leading_credit(text, line.label_end if line.label_end >= 0 else s2, e, vocab, pats)
        if found is not None:
            line.credit = found
            line.body_start, line.body_end = found.caption_at, e
            line.kind = "captioned"
            return line
    if found is None and ("©" in content or ":" in content):
        line.inline = _inline_credits(text, s2, e, vocab, pats)
    if found:
        line.credit = found
        lead = line.label_end if line.label_end >= 0 else s2
        if found.caption_at >= 0:
            # "<credit>Image caption <caption>" (BBC): the caption follows the credit
            line.body_start, line.body_end = found.caption_at, e
            pre_end = _rstrip(text, s2, found.start)
            line.label_end = pre_end if pre_end > s2 else -1  # alt text before the credit
        else:
            line.body_start = _lstrip(text, lead, e)
            line.body_end = _rstrip(text, line.body_start, found.start)
        empty = line.body_end <= line.body_start
        line.kind = "credit_line" if empty else "captioned"
    elif line.label_end >= 0:
        line.body_start = _lstrip(text, line.label_end, e)
    return line


def _leading_media_label(content: str, vocab: Vocabulary) -> int:
    """Length of a widget label opening *content* (``Ampliar la imagen …``), or 0."""
    words = content.split(None, 5)
    if not words or key(words[0]) not in vocab.media_first_words:
        return 0
    for n in range(min(5, len(words) - 1), 1, -1):  # one word ("Image") is too common
        head = " ".join(words[:n])
        if key(head) in vocab.media_labels and content.startswith(head):
            return len(head)
    return 0


def _ends_sentence(body: str) -> bool:
    return body.rstrip().endswith((".", "!", "?", ".”", '."', "…"))


class _Decider:
    """Turns classified lines into removals and records (one per :func:`detect` call).

    The steps run in a fixed order, each over the lines the earlier ones left:
    galleries, lines with a credit, credits inside lines, labelled captions,
    labels glued to a line's end, and copies of captions.
    """

    def __init__(  # noqa: PLR0913, PLR0917 - what _scan found, as it found it
        self,
        text: str,
        lines: _Spans,
        info: list[_Line],
        classified: list[int],
        heads: list[str],
        bodies: list[str],
    ) -> None:
        self.text = text
        self.lines = lines
        self.info = info
        self.heads = heads
        self.bodies = bodies  # each line stripped
        self.classified = classified  # the lines _scan looked at closely; others are plain prose
        self.plan = _Plan()
        self.taken = [False] * len(lines)
        self.nonblank = [i for i, x in enumerate(info) if x.kind != "blank"]
        self.order = {i: n for n, i in enumerate(self.nonblank)}

    def run(self) -> _Plan:
        """Make every decision; return the plan."""
        self.galleries()
        self.credited()
        self.inline()
        self.labelled()
        self.glued_labels()
        self.duplicates()
        return self.plan

    # --- helpers ----------------------------------------------------------------

    def neighbour(self, i: int, step: int) -> int | None:
        """The non-blank line *step* places from line *i*, if any."""
        n = self.order[i] + step
        return self.nonblank[n] if 0 <= n < len(self.nonblank) else None

    def body(self, i: int) -> str:
        """The text of line *i* that a caption would hold (labels and credit left out)."""
        x = self.info[i]
        if x is _PROSE:
            return self.bodies[i]
        return self.text[x.body_start : x.body_end]

    def line_span(self, i: int) -> Span:
        return self.lines[i][0], self.lines[i][2]

    def remove_line(self, i: int, rule: str) -> None:
        self.taken[i] = True
        s, e = self.line_span(i)
        self.plan.removals.append((s, e, rule))

    def caption(self, i: int, found: _Found | None, how: str) -> None:
        """Remove line *i* as a caption whose text is the line's body."""
        self.remove_line(i, "captions")
        self.plan.captions.append((self.body(i), found, self.line_span(i), how))
        if found:
            self.plan.credits.append(found)

    def credit_only(self, i: int, found: _Found, until: int = -1) -> None:
        """Remove a credit glued to or closing a prose line; the prose stays."""
        text = self.text
        line = self.lines[i]
        s, e = found.start, max(found.end, until)
        line_end = _rstrip(text, line[0], line[1])
        if not text[e:line_end].strip(". \t\u00a0"):
            e = line_end  # the credit's own full stop goes with it
        if s > line[0] and text[s - 1] in " \u00a0":
            s -= 1  # and one space before it
        self.plan.removals.append((s, e, "credits"))
        self.plan.credits.append(found)

    # --- steps ------------------------------------------------------------------

    def galleries(self) -> None:
        """A run of three or more short tab-terminated lines: gallery thumbnails.

        A line with a tab inside is a table row, not a thumbnail.
        """
        text, lines, info = self.text, self.lines, self.info

        def thumbnail(i: int) -> bool:
            s, e = lines[i][:2]
            return (
                e > s
                and text[e - 1] == "\t"
                and info[i].kind == "prose"
                and text.find("\t", s, _rstrip(text, s, e)) < 0
                and _caption_like(text[s:e], strong=False)
            )

        runs: list[list[int]] = []
        for i in self.classified:  # tab-terminated lines are always classified
            if thumbnail(i):
                if runs and runs[-1][-1] == i - 1:
                    runs[-1].append(i)
                else:
                    runs.append([i])
        for run in runs:
            if len(run) >= 3:
                for j in run:
                    self.caption(j, None, "gallery")
                    self.plan.gallery.add(self.line_span(j))

    def credited(self) -> None:
        """Lines that end with (or are) a credit.

        A bare agency in parentheses, ``… in Surabaya (EPA)``, is a weak credit:
        it is also how prose tags a politician's state (``Rodrigues (AP)``) or a
        source (``… in a statement (Reuters)``).  It makes a caption only after a
        video label, or on a page that closes two or more lines with
        parenthesised credits (a house style, not a one-off).
        """
        paren_tails = 0
        for i in self.classified:
            credit = self.info[i].credit
            if self.info[i].kind == "captioned" and credit and self.text[credit.end - 1] == ")":
                paren_tails += 1
        for i in self.classified:
            x = self.info[i]
            if self.taken[i] or x.credit is None or x.kind == "label":
                continue  # a label line's credit belongs to the caption under it
            found = x.credit
            if x.kind == "credit_line":
                self.credit_line(i, found)
                continue
            body = self.body(i)
            prev = self.neighbour(i, -1)
            after_video = prev is not None and (
                self.info[prev].label == "play"
                or _PLAY.search(self.text, self.lines[prev][0], self.lines[prev][1]) is not None
            )
            strong = found.strong or after_video
            weak_ok = strong or (paren_tails >= 2 and not _ends_sentence(body))
            if found.featured:
                self.credit_only(i, found)
            elif (
                weak_ok
                and _caption_like(body, strong=strong)
                and (found.strong or i > 0)
                and not BYLINE.match(body)  # "By Jane Roe | Reuters"
            ):
                self.caption(i, found, "credited")
            elif found.strong and found.label_start >= 0 and len(body) > 650:
                self.credit_only(i, found)  # a credit glued to the end of a long paragraph

    def credit_line(self, i: int, found: _Found) -> None:
        """A line that is nothing but a credit; it may belong to the caption beside it."""
        if not found.strong and found.label_start < 0:
            return  # "(Reuters)" alone on a line is a story-source tag, not a credit
        raw = self.text[found.start : found.end]
        if found.label_start < 0 and not (raw.isupper() or raw.startswith("(") or "/" in raw):
            return  # "Jane Roe, Associated Press" alone on a line is a byline
        info = self.info
        nxt = self.neighbour(i, 1)
        if nxt is not None and nxt == i + 1 and not self.taken[nxt]:
            y = info[nxt]
            if y.kind == "prose" and y.label == "caption":  # credit, then "Image caption X"
                self.remove_line(i, "captions")
                self.caption(nxt, found, "labelled")
                return
            if y.kind == "label" and key(self.body(nxt)) in _CAPTION_LABELS:
                y.credit = found  # the caption under the label line takes this credit
                self.remove_line(i, "captions")
                self.plan.credits.append(found)
                return
        caps_above = raw.isupper() and found.label_start < 0
        # the caption is under a caps credit line, or above a labelled credit line
        cand = nxt if caps_above else self.neighbour(i, -1)
        if (
            cand is not None
            and abs(cand - i) == 1
            and cand > 0
            and not self.taken[cand]
            and info[cand].kind == "prose"
            and info[cand].label_end < 0
        ):
            body = self.body(cand)
            if _caption_like(body, strong=False) and (caps_above or not _ends_sentence(body)):
                self.remove_line(i, "captions")
                self.caption(cand, found, "credited")
                return
        self.remove_line(i, "credits")
        self.plan.credits.append(found)

    def inline(self) -> None:
        """Credits inside a line (``Foto: Divulgação``), with a caps title run in before them."""
        text = self.text
        for i in self.classified:
            if self.taken[i]:
                continue
            for found in self.info[i].inline:
                end = found.end
                button = _WIDGET_BUTTON.match(text, end)
                if button:
                    end = button.end()  # the widget's "+" button
                if found.caption_at < 0:
                    self.credit_only(i, found, until=end)
                    continue
                start = found.caption_at - (text[found.caption_at - 1 : found.caption_at] == " ")
                self.plan.removals.append((start, end, "captions"))
                title = text[found.caption_at : _rstrip(text, found.caption_at, found.start)]
                self.plan.captions.append((title, found, (start, end), "credited"))
                self.plan.credits.append(found)

    def labelled(self) -> None:
        """``Image caption`` line + caption line, ``Image caption X``, ``1 of 4. X``."""
        info = self.info
        for i in self.classified:
            x = info[i]
            if self.taken[i]:
                continue
            if x.kind == "label":
                nxt = self.neighbour(i, 1)
                if (
                    key(self.body(i)) in _CAPTION_LABELS
                    and nxt is not None
                    and not self.taken[nxt]
                    and info[nxt].kind == "prose"
                    and _caption_like(self.body(nxt), strong=True)
                ):
                    above = info[i - 1].credit if i and info[i - 1].credit else x.credit
                    self.caption(nxt, above, "labelled")
                self.remove_line(i, "media_labels")
            elif (
                x.kind == "prose"
                and x.label in ("caption", "counter")
                and _caption_like(self.body(i), strong=True)
            ):
                self.caption(i, None, "labelled")

    def glued_labels(self) -> None:
        """``Play Video0:56`` and gallery counters glued to the end of a line."""
        text = self.text
        for i in self.classified:
            x = self.info[i]
            if self.taken[i] or x.kind == "blank":
                continue
            s, e = x.body_start, _rstrip(text, self.lines[i][0], self.lines[i][1])
            if not text[e - 1 : e].isdigit():
                continue
            m = _PLAY.search(text, s, e) or _COUNTER_SUFFIX.search(text, s, e)
            if m and m.start() > s:
                self.plan.removals.append((_rstrip(text, s, m.start()), m.end(), "media_labels"))

    def duplicates(self) -> None:
        """Copies of a caption next to each other.

        Bare and credited, truncated, with a duration, around a widget label, or
        two short identical lines that are not sentences.
        """
        info = self.info
        keys: dict[int, str] = {}

        def full_key(i: int) -> str:
            found = keys.get(i)
            if found is None:
                body = self.body(i)
                found = keys[i] = "" if len(body) > 700 else _norm(_caption_text(body))  # too long
            return found

        seq = [i for i in self.nonblank if info[i].kind != "label"]
        # copies of a caption begin alike: compare the heads of lines first
        heads = [self.heads[i] for i in seq]
        # the lines whose head recurs one or two lines on (found by comprehensions)
        alike = {n for n, (a, b) in enumerate(pairwise(heads)) if a == b}
        alike.update(n for n, (a, b) in enumerate(zip(heads, heads[2:], strict=False)) if a == b)
        for n in sorted(alike):
            i = seq[n]
            for m in (n + 1, n + 2):
                if m >= len(seq) or heads[m] != heads[n]:
                    continue
                # no limit on the blank lines between: the normal form folds them,
                # and the verdict must not change when it has (idempotence)
                j = seq[m]
                if not self.prefixes_agree(i, j):
                    continue
                a, b = full_key(i), full_key(j)
                if len(a) < 8 or len(b) < 8:
                    continue
                same = a == b
                truncated = (
                    not same and min(len(a), len(b)) >= 20 and (a.startswith(b) or b.startswith(a))
                )
                if not (same or truncated):
                    continue
                between = [k for k in range(i + 1, j) if info[k].kind != "blank"]
                if any(info[k].kind != "label" and len(self.body(k)) > 40 for k in between):
                    continue
                if not self.duplicate_signal(i, j, between, same=same, size=len(a)):
                    continue
                for k in (i, j):
                    if not self.taken[k] and _caption_like(self.body(k), strong=True):
                        self.caption(k, None, "duplicate")
                break

    def prefixes_agree(self, i: int, j: int) -> bool:
        """A cheap necessary test for two lines' caption keys to be equal or one a prefix.

        A key drops only a tail widget (duration, counter, expander, share bar)
        from the line; on a line of more than 100 characters that does not end
        with a share word, that tail cannot reach the first 40, so their key is
        a prefix of the line's key.
        """
        pre = []
        for k in (i, j):
            body = self.body(k)
            if len(body) <= 100 or len(body) > 700 or body.endswith(_SHARE_WORDS):
                return True  # no cheap answer: compare the whole keys
            pre.append(_norm(body[:40]))
        m = min(len(pre[0]), len(pre[1]))
        return pre[0][:m] == pre[1][:m]

    def duplicate_signal(
        self, i: int, j: int, between: list[int], *, same: bool, size: int
    ) -> bool:
        """Whether two like lines are copies of a caption rather than repeated prose."""
        if self.taken[i] or self.taken[j]:
            return True  # one copy is a caption already (it had a credit or a label)
        if _DURATION_SUFFIX.search(self.text[self.lines[j][0] : self.lines[j][1]].rstrip()):
            return True  # a video title and its copy with the running time
        if any(self.info[k].kind == "label" for k in between):
            return True  # around a widget label
        if self.body(i).endswith(_EXPANDER_WORDS) or self.body(j).endswith(_EXPANDER_WORDS):
            return True  # a caption widget's "Read More" / "Close" copy
        # two identical short lines that are not sentences, not at the very top
        return same and i > 1 and size <= 120 and not _ends_sentence(self.body(i))


_CAP_MIN_SIZE: Final = 500  # non-space characters; a shorter text may well be all caption
_LEADING_MARKS: Final = " \t\"'“”‘’«»„(¿¡-–—*•"


def _capped(
    text: str, removals: list[tuple[int, int, str]], gallery: set[Span], limit: float
) -> list[str]:
    """The rules whose removals exceed *limit* of the text's non-space characters.

    Whitespace does not count (CRLF or LF, the verdict must be the same), and
    a text under ``_CAP_MIN_SIZE`` non-space characters is never capped.  The
    text's size is counted only as far as the verdict needs: usually a prefix
    a little longer than what the rules remove.
    """
    shares = dict.fromkeys(("captions", "credits", "media_labels"), 0)
    for s, e, rule in removals:
        if (s, e) not in gallery:
            shares[rule] += e - s - count_space(text[s:e])
    top = max(shares.values())
    if not removals or (top <= 0 <= limit):
        return []
    if limit > 0:
        enough = max(_CAP_MIN_SIZE, top / limit)
        prefix = text[: int(enough * 1.25) + 64]
        if len(prefix) - count_space(prefix) >= enough:
            return []  # already the prefix is big enough for every rule
    size = len(text) - count_space(text)
    if size < _CAP_MIN_SIZE:
        return []
    return [rule for rule, share in shares.items() if share > limit * size]


def _finish(text: str, plan: _Plan, config: Config) -> Detection:
    """Turn the plan into ordered edits and merged records; apply switches and the cap."""
    enabled = {
        "captions": config.captions,
        "credits": config.credits,
        "media_labels": config.media_labels,
    }
    removals = sorted(plan.removals)
    # the safety cap, per rule: on a text long enough to be an article, a rule
    # that would remove most of it is more likely wrong than right
    capped = _capped(text, removals, plan.gallery, config.max_removed_share)
    if capped:
        # a rule this far off means the page is not what the rules expect:
        # remove nothing at all, and say so
        return Detection(capped=tuple(capped))
    if config.credits and not config.captions:
        # the captions stay, but their credits still go (as credits)
        for _body, found, _span, _how in plan.captions:
            if found is not None:
                start = found.start - (text[found.start - 1 : found.start] in (" ", "\u00a0"))
                removals.append((start, found.end, "credits"))
        removals.sort()
    edits: list[Edit] = []
    pos = 0
    kept_spans: list[Span] = []
    for s, e, rule in removals:
        if not enabled[rule] or s < pos or e <= s:
            continue
        edits.append(make_edit(rule, text, s, e, ""))
        kept_spans.append((s, e))
        pos = e

    kept_starts = [s for s, _ in kept_spans]  # ordered and disjoint: found by bisection

    def removed(span: Span) -> bool:
        k = bisect_right(kept_starts, span[0]) - 1
        return k >= 0 and span[1] <= kept_spans[k][1]

    by_raw: dict[str, list[_Found]] = {}
    for run in plan.credits:
        if removed((run.start, run.end)):
            for found in run.more or (run,):
                by_raw.setdefault(text[found.start : found.end], []).append(found)
    credit_records = {raw: _credit_record(raw, items) for raw, items in by_raw.items()}

    captions: list[Caption] = []
    index = _CaptionIndex()
    for body, found, span, how in sorted(plan.captions, key=lambda c: c[2]):
        if not removed(span):
            continue
        norm = _norm(_caption_text(body))
        own = found.more[-1] if found and found.more else found
        credit = credit_records.get(text[own.start : own.end]) if own else None
        hit = index.match(norm)
        if hit is None:
            index.file(norm, len(captions))
            captions.append(Caption(_clean_caption(body), credit, (span,), 1, how))
            continue
        old = captions[hit]
        best = body if len(_norm(body)) > len(_norm(old.text)) else old.text
        if len(norm) > len(index.origin[hit]):
            index.file(norm, hit)
        fuller = old.credit
        if credit is not None and (fuller is None or len(credit.raw) > len(fuller.raw)):
            fuller = credit  # copies of a caption: keep the fullest credit printed with them
        captions[hit] = Caption(
            _clean_caption(best), fuller, (*old.spans, span), old.count + 1, old.rule
        )
    return Detection(
        tuple(edits),
        tuple(captions),
        tuple(sorted(credit_records.values(), key=lambda c: c.spans[0])),
        tuple(capped),
    )


class _CaptionIndex:
    """The captions of one text by key, for merging copies (exact, or one a prefix of the other).

    A key of 20 characters or more matches a key that it begins or that begins
    it; where several do, the one filed first wins.  Keys that begin the query
    are looked up by length, keys that the query begins by bisection in the
    sorted keys, so a page of a thousand captions is not a million comparisons.
    """

    def __init__(self) -> None:
        self.keys: dict[str, int] = {}  # key -> caption number
        self.rank: dict[str, int] = {}  # key -> order of filing
        self.origin: list[str] = []  # the key each caption was first filed under
        self.ordered: list[str] = []  # the keys that can match by prefix, sorted
        self.lengths: set[int] = set()

    def file(self, norm: str, n: int) -> None:
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


# a caption widget's expand/collapse link: "… during... Read More", "… level. Close"
_EXPANDER_WORDS: Final = (
    "Read More",
    "Read more",
    "Close",
    "Leer más",
    "Ler mais",
    "Lire la suite",
)
_EXPANDER: Final = regex.compile(
    r"(?:\.{3}|…)?[ ]*(?:Read[ ]More|Read[ ]more|Close|Leer[ ]más|Ler[ ]mais|Lire[ ]la[ ]suite)$"
)
_SHARE_WORDS: Final = (
    "Facebook",
    "Twitter",
    "Plus",
    "Pinterest",
    "Embed",
    "WhatsApp",
    "Email",
    "LinkedIn",
    "Reddit",
    "Share",
)


def _caption_text(body: str) -> str:
    """*body* without a trailing duration, gallery counter, share bar or expander."""
    if body.endswith(_EXPANDER_WORDS):
        body = _EXPANDER.sub("", body)
    if body[-3:-2] == ":":
        body = _DURATION_SUFFIX.sub("", body)
    if body[-1:].isdigit():
        body = _COUNTER_SUFFIX.sub("", body)
    if body.endswith(_SHARE_WORDS):
        body = _SHARE_BAR.sub("", body)
    return body


def _clean_caption(body: str) -> str:
    body = _caption_text(" ".join(body.split()))
    return apply_edits(body, fix_quotes(body))


def _credit_record(raw: str, items: list[_Found]) -> Credit:
    p = items[0].parsed
    return Credit(
        raw.strip(),
        p.creators,
        p.agencies,
        p.distributors,
        p.flags,
        tuple((f.start, f.end) for f in items),
    )
