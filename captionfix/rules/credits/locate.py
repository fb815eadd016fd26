"""Where a credit stands on a line: closing it, opening it, inside it, or as the whole line.

Each finder returns a :class:`FoundCredit` (offsets into the text and the
parsed credit); :func:`line_credit` tries them in order for the end of a line.
"""

from __future__ import annotations

from typing import Final

import regex

from captionfix.lines import code_like_at, lstrip_at, rstrip_at
from captionfix.rules.credits.labels import CreditLabel, find_labels, label_at
from captionfix.rules.credits.parse import (
    Parsed,
    acceptable_unlabelled,
    is_person_name,
    merge_parsed,
    natural_case,
    parse_body,
)
from captionfix.vocab import Vocabulary, alternation, default_vocabulary, key
from captionfix.widgets import CAPTION_LABEL, CAPTION_LABEL_WORDS

# where an unlabelled credit may begin: after a sentence end, two spaces or a tab
_TAIL_START: Final = regex.compile(r"[.!?\"”)][ ]{1,3}(?=\S)|[ ]{2,}(?=\S)|\t(?=\S)")


_CAPS_TAIL: Final = regex.compile(
    r"(?<=\p{Ll}[.,]?[ ])(?P<body>(?:\p{Lu}[\p{Lu}'’\-]+[ ]){2,4}\p{Lu}{2,})$"
)


_CAPS_BEFORE: Final = regex.compile(
    r"(?:^|(?<=[.!?)][ ])|(?<=^[ ]))(?P<caps>(?:[\p{Lu}\d][\p{Lu}\p{M}\d'’\-]*[ ]){2,7})$"
)


_BARE_IN_PARENS: Final = regex.compile(r"(?i)(?:foto|photo|fotos|photos)[ ]+(?=\S)")


_STAMP: Final = regex.compile(r"(?-i:[A-Z]{2,8})?(?:19|20)\d\d$")


# a caps name after a slash closing a caption: "… on Sunday. / JANE ROE"
_SLASH_CAPS_TAIL: Final = regex.compile(
    r"(?<=[.!?][ ])/[ ](?P<body>\p{Lu}[\p{Lu}\p{M}'’\-]+(?:[ ]\p{Lu}[\p{Lu}\p{M}'’\-.]*){1,3})$"
)
# an agency after a dash closing a line: "… a Palazzo Chigi – LaPresse"
_DASH_TAIL: Final = regex.compile(r"(?<=[\p{L}\p{N}.)][ ])[–—][ ](?P<body>[^–—|]{2,50})$")


# a run of several bars closes a caption only after its sentence ("… in Chennai. Name | AFP |
# Getty Images"); a line that is nothing but bars is a list ("Follow us: A | B | C")
_SENTENCE_BEFORE: Final = regex.compile(r"[\p{Ll}\p{N}][.!?][\"”’)]?[ ]")
_PIPE_TAIL: Final = regex.compile(
    r"(?:^|(?<=\s))(?:\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}[ ]*)?"  # an optional date stamp
    r"\|[ ]*(?P<body>\p{L}[\p{L} ./]{1,40})$"
)


class FoundCredit:
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
        more: tuple[FoundCredit, ...] = (),
    ) -> None:
        """Keep each part as given."""
        self.start = start
        self.end = end
        self.parsed = parsed
        self.strong = strong
        self.featured = featured
        self.label_start = label_start  # where the credit's label begins, if it had one
        self.caption_at = caption_at  # a caption follows the credit on the same line from here
        self.more = more  # further credits in the same run ("A | B")

    def moved(self, *, start: int, label_start: int, more: tuple[FoundCredit, ...]) -> FoundCredit:
        """The same credit, begun earlier and holding the credits of its run."""
        return FoundCredit(
            start,
            self.end,
            self.parsed,
            self.strong,
            self.featured,
            label_start,
            self.caption_at,
            more,
        )

    def captioned_from(self, caption_at: int) -> FoundCredit:
        """The same credit, with a caption from *caption_at*."""
        return FoundCredit(
            self.start,
            self.end,
            self.parsed,
            self.strong,
            self.featured,
            self.label_start,
            caption_at,
            self.more,
        )


def _paren_chain(
    text: str, start: int, end: int, vocab: Vocabulary, pats: frozenset[str]
) -> FoundCredit | None:
    """Parenthesised credit tags closing a line: ``(REUTERS) (NAME/)``, ``(AP Photo/X)``."""
    groups: list[tuple[int, int, Parsed, bool]] = []
    pos = end
    stamp = _STAMP.search(text, max(start, end - 12), end)
    if stamp and stamp.start() > start and text[stamp.start() - 1] == ")":
        pos = stamp.start()  # a copyright stamp glued after the credit: "(AP Photo/X)AP2014"
    while pos > start and text[pos - 1] in ")]":
        # "(AP Photo/Jane Roe)"; Al Jazeera prints its credits in brackets: "[Jane Roe/Reuters]"
        opener, closer = ("(", ")") if text[pos - 1] == ")" else ("[", "]")
        open_at = text.rfind(opener, max(start, pos - 170), pos - 1)
        if open_at < 0 or text.find(closer, open_at + 1, pos - 1) >= 0:
            break
        inner = text[open_at + 1 : pos - 1].strip()
        label = label_at(inner, 0, len(inner), pats)
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
            agency_colon = _agency_colon(inner, vocab)
            parsed = agency_colon or parse_body(inner, vocab, labelled=False)
            slash = inner.rstrip().endswith("/")
            strong = (
                slash
                or "/" in inner
                or "," in inner
                or " via " in inner  # "(Kyodo News via AP)": a distribution chain
                or agency_colon is not None
                or _photo_source(parsed, inner)
            )
            if parsed is not None and not (
                acceptable_unlabelled(parsed, slash="/" in inner)
                or (len(parsed.creators) == 1 and "/" in inner and _names_a_role(inner, vocab))
                or (parsed.creators and _PHOTO_WORD.search(inner) is not None)
                or (slash and not parsed.empty and _name_shaped(inner))
                or agency_colon is not None
                or _photo_flags_only(parsed, inner)
            ):
                parsed = None
        if parsed is None or (parsed.empty and not label):
            break
        groups.append((open_at, pos, parsed, strong))
        pos = rstrip_at(text, start, open_at)
    if not groups:
        return None
    first = groups[-1][0]
    merged = merge_parsed([g[2] for g in reversed(groups)])
    strong = any(g[3] for g in groups)
    if not merged.creators and merged.vocab_agencies and not strong:
        # "… on Tuesday. Jane Roe (AP)": a person's name between the sentence
        # and a bare agency tag is the photographer (AP's credit on partner sites)
        name = _NAME_BEFORE_TAG.search(text, max(start, first - 60), first)
        if name is not None and is_person_name(name.group("name")):
            person = Parsed((natural_case(name.group("name")),), (), (), (), 0, 0)
            # still weak: a bare tag is read as a caption's credit only in context
            return FoundCredit(name.start("name"), end, merge_parsed([person, merged]), False)
    return FoundCredit(first, end, merged, strong)


# "(EVELYN HOCKSTEIN/)": a name and a slash, nothing else (never a path or a link)
_NAME_SLASH: Final = regex.compile(r"[\p{L}\p{M}][\p{L}\p{M}.'’\- ]{1,60}/")


def _name_shaped(inner: str) -> bool:
    return _NAME_SLASH.fullmatch(inner.strip()) is not None


# a name after a sentence end, just before a bare tag: "… on Tuesday. Jane Roe (AP)"
_NAME_BEFORE_TAG: Final = regex.compile(
    r"(?<=[.!?\"”’][ ])(?P<name>\p{Lu}[\p{L}\p{M}'’\-]+(?:[ ]\p{Lu}[\p{L}\p{M}'’\-.]*){1,3})[ ]$"
)


_WORDS: Final = default_vocabulary().words
# Words only a picture has: "(AP Photo)", "(File photo)" (kind "photo-word").
_PHOTO_WORD: Final = regex.compile(rf"(?i)\b(?:{alternation(_WORDS.photo_words)})\b")


# Agencies that sell pictures and never bylines: "(Getty Images)" closing a line
# is a credit even alone, unlike "(AP)" or "(Reuters)", which also tag text sources.
_PHOTO_ONLY: Final = _WORDS.photo_only


def _agency_colon(inner: str, vocab: Vocabulary) -> Parsed | None:
    """``ABC News: Jane Roe``, ``Supplied: Jane Roe``: a source, a colon, a person."""
    head, colon, tail = inner.partition(":")
    if not colon or not tail.strip():
        return None
    source = vocab.agency(head)
    flag = vocab.flags.get(key(head))
    if source is None and flag is None:
        return None
    parsed = parse_body(tail, vocab, labelled=True)
    if parsed is None or parsed.empty:
        return None
    if flag is not None and source is None and (parsed.creators or parsed.vocab_agencies):
        return parsed.flagged(flag)  # "[File: Jane Roe/Reuters]", "(Supplied: Jane Roe)"
    if not parsed.creators or parsed.agencies:
        return None
    if source is not None:
        return merge_parsed([Parsed((), (source,), (), (), 1, 0), parsed])
    return parsed.flagged(flag or "")


def _photo_flags_only(parsed: Parsed | None, inner: str) -> bool:
    """``(File photo)``, ``(Supplied)``, ``(Handout)``: flags alone, words only a picture has."""
    if parsed is None or parsed.creators or parsed.agencies or not parsed.flags:
        return False
    return _PHOTO_WORD.search(inner) is not None or any(
        f in ("handout", "pool", "illustration") for f in parsed.flags
    )


def photo_only(parsed: Parsed) -> bool:
    """Whether every agency of *parsed* sells pictures only (``Getty Images``, ``Alamy``)."""
    return bool(parsed.agencies) and all(a in _PHOTO_ONLY for a in parsed.agencies)


def _photo_source(parsed: Parsed | None, inner: str = "") -> bool:
    """Whether a bare credit is unmistakably a photo credit.

    It is when it names a person and a source, a picture-only agency, or says
    it is a photo (``(AP Photo)``, ``(PTI Photo)``).
    """
    if parsed is None:
        return False
    if parsed.agencies and _PHOTO_WORD.search(inner):
        return True
    if _photo_flags_only(parsed, inner):
        return True
    if parsed.creators and (parsed.agencies or parsed.flags):
        return True  # "(Jane Roe for The Washington Post)"
    return bool(parsed.agencies) and all(a in _PHOTO_ONLY for a in parsed.agencies)


def _labelled_tail(
    text: str, start: int, end: int, vocab: Vocabulary, pats: frozenset[str]
) -> FoundCredit | None:
    """A labelled credit running to the end of the line: ``… Photograph: Name/Agency``."""
    # the earliest label whose body runs cleanly to the end wins ("Featured Image:
    # White House Photo by X" is one credit, not "Photo by X")
    window = max(start, end - 220)
    labels = find_labels(text, window, end, pats)
    for n, m in enumerate(labels):
        if m.kind == "copy" and vocab.names_rights(text[start:end]):
            continue  # a text's copyright notice, not a photo's
        body_end = end
        cut = CAPTION_LABEL.search(text, m.end, end)
        if cut:
            body_end = cut.start()
        body_start = m.end
        if n + 1 < len(labels) and labels[n + 1].start < body_end:
            nxt = labels[n + 1]
            if not (
                m.kind == "colon" and nxt.kind == "copy" and not text[m.end : nxt.start].strip()
            ):
                continue  # another label follows: the run is read from its last credit
            body_start = nxt.end  # "Crédit Photo: © Jane Roe": one label, then the name
        body = text[body_start:body_end]
        if m.kind == "bare":
            parsed = parse_body(body, vocab, labelled=False)
            if parsed is None or (not parsed.agencies and not parsed.creators):
                continue
            if text[m.start] != "F" and not parsed.vocab_agencies:
                continue  # "Photo AFP", "fot. PAP": an agency of the vocabulary, not "Photo Finish"
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
            label_flag = vocab.flags.get(key(text[m.start : m.end].rstrip(": ")))
            if label_flag and label_flag not in parsed.flags:
                parsed = parsed.flagged(label_flag)  # "Archivfoto:", "File photo:": a file picture
            if m.kind == "courtesy" and "courtesy" not in parsed.flags:
                parsed = parsed.flagged("courtesy")
            if parsed.empty and not (m.kind == "featured" or _is_descriptor(body, vocab)):
                continue
        featured = m.kind == "featured"
        after = lstrip_at(text, cut.end(), end) if cut else -1
        end_at = rstrip_at(text, m.end, body_end)
        if text[end_at - 1] == ".":
            end_at -= 1  # the full stop closes the sentence, not the credit
        label_start = m.start
        if m.kind == "by":
            # "Staff Photo by X", "U.S. Army photo by X", "Official White House Photo
            # by X": the words that open the line or follow a sentence name its source
            source = _BY_SOURCE.search(text, max(start, m.start - 50), m.start)
            if source is not None and (
                source.start() == start or text[source.start() - 2] in ".!?"
            ):
                label_start = source.start()
                words = source.group().strip()
                if key(words) not in vocab.roles:
                    org = vocab.agency(words) or words
                    parsed = merge_parsed(
                        [Parsed((), (org,), (), (), int(org != words), 0), parsed]
                    )
        return FoundCredit(label_start, end_at, parsed, True, featured, label_start, after)
    return None


def leading_credit(
    text: str, start: int, end: int, vocab: Vocabulary, pats: frozenset[str]
) -> FoundCredit | None:
    """``(Photo: Reuters/Name) Caption text`` — a labelled credit in parentheses first."""
    start = lstrip_at(text, start, end)
    if start >= end or text[start] != "(":
        return None
    close = text.find(")", start, min(end, start + 170))
    if close < 0:
        return None
    label = label_at(text, start + 1, close, pats)
    if not label or label.kind in ("copy", "bare"):
        return None
    parsed = parse_body(text[label.end : close], vocab, labelled=True)
    after = lstrip_at(text, close + 1, end)
    if parsed is None or parsed.empty or after >= end:
        return None
    return FoundCredit(start, close + 1, parsed, True, caption_at=after)


_WORD: Final = regex.compile(r"\S+")


_NEXT_WORD: Final = regex.compile(r"\s(?:\p{Lu}|\+|$)")


_DESCRIPTOR: Final = regex.compile(
    r"screen\s?(?:shot|capture|grab)|captura|reprodu", regex.IGNORECASE
)


# flags and agencies can end a credit inside a line; names cannot (where would they stop?)
def inline_credits(
    text: str, start: int, end: int, vocab: Vocabulary, pats: frozenset[str]
) -> list[FoundCredit]:
    """Credits inside a line that end on an agency or a flag word: ``Foto: Divulgação``."""
    out: list[FoundCredit] = []
    for m in find_labels(text, start, end, pats, colon_only=True):
        if m.kind == "copy" and vocab.names_rights(text[start:end]):
            continue  # a text's copyright notice, not a photo's
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
                found = FoundCredit(m.start, stop, parsed, True, label_start=m.start)
                caps = _CAPS_BEFORE.search(text, max(start, m.start - 90), m.start)
                if caps:  # "TITLE IN CAPITALS Foto: credit": a figure caption run in
                    found = found.captioned_from(caps.start("caps"))
                out.append(found)
                break
    return out


# where a sentence ends inside a line: a stop, then a space and a capital.  An
# ordinal ("am 9. Juli") is taken for an end too: a caption cut short leaves
# words in, a sentence end missed would take the sentence before with it.
_RUN_END: Final = regex.compile(r"[.!?…][\"”’»)]?[ \u00a0]+(?=[\p{Lu}\p{N}¿¡\"“«‘'])")
_WORD_BEFORE: Final = regex.compile(r"(\p{L}+)\.[ \u00a0]*$")
# what may follow a caption's credit inside a line: the next sentence, or the line's end
_NEXT_SENTENCE: Final = regex.compile(r"[ \u00a0]*(?:$|[\p{Lu}\p{N}¿¡\"“«‘'])")


def sentence_run_start(text: str, start: int, credit_start: int, vocab: Vocabulary) -> int:
    """Where the sentence run that a credit at *credit_start* closes begins, or -1.

    In whitespace-collapsed text a caption runs inline, closed by its credit:
    it is the run from the previous sentence end (or the line's start) to the
    credit.  A run that is not one short sentence is no caption.

    >>> from captionfix.vocab import default_vocabulary
    >>> t = "Troops left. The Rev. Roe walks (Foto: Jane Roe/AP) The war goes on."
    >>> t[sentence_run_start(t, 0, t.index("("), default_vocabulary()):t.index("(")]
    'The Rev. Roe walks '
    """
    lo = max(start, credit_start - 400)
    body_end = rstrip_at(text, lo, credit_start)
    run = lo
    for m in _RUN_END.finditer(text, lo, body_end - 1):
        title = _WORD_BEFORE.search(text, lo, m.start() + 1)
        if title is not None and key(title.group(1)) in vocab.titles:
            continue  # "The Rev. Jane Roe": a title, not a sentence end
        run = m.end()
    if run == lo and lo > start:
        return -1  # no sentence end within reach: not a short run
    run = _lstrip_spaces(text, run, body_end)
    first = text[run : run + 1]
    if not first or not (first.isupper() or first.isdigit() or first in "¿¡\"“«‘'"):
        return -1
    if not 15 <= body_end - run <= 320:
        return -1
    return run


def inline_paren_credits(
    text: str, start: int, end: int, vocab: Vocabulary, pats: frozenset[str]
) -> list[FoundCredit]:
    """Labelled credits in parentheses inside a line: ``… in Mosul (Foto: Jane Roe/AP) The …``.

    Also ``(AP Photo/Jane Roe)``.  Each closes the sentence run before it as
    its caption when the next sentence (or the line's end) follows it.
    """
    out: list[FoundCredit] = []
    pos = text.find("(", start, end)
    while pos >= 0:
        close = text.find(")", pos, min(end, pos + 170))
        if close < 0:
            pos = text.find("(", pos + 1, end)
            continue
        nested = text.find("(", pos + 1, close)
        if nested >= 0:
            pos = nested  # the innermost pair is the one that may be a credit
            continue
        if (
            text.find("/", pos, close) < 0
            and text.find(":", pos, close) < 0
            and text.find(" by ", pos, close) < 0
        ):
            pos = text.find("(", close + 1, end)
            continue  # neither a label nor a slash credit: "(34)", "(R-Ky.)", "(IDF)"
        if code_like_at(text, start, end, near=pos):
            return out  # a JSON or markup line that holds a credit as data
        inner = text[pos + 1 : close].strip()
        label = label_at(inner, 0, len(inner), pats)
        parsed: Parsed | None = None
        if label is not None and label.kind not in ("copy", "bare"):
            parsed = parse_body(inner[label.end :], vocab, labelled=True)
        elif "/" in inner:
            # unlabelled: "(AP Photo/Jane Roe)", or a name or role beside an agency
            # ("(Jane Roe/AFP)", "(AFP/Staff)"); never agencies alone, which is how
            # prose lists sources ("(Xinhua/TASS)") or parties ("(PMDB/AP)")
            parsed = parse_body(inner, vocab, labelled=False)
            named = _PHOTO_SLASH.search(inner) is not None or _names_a_role(inner, vocab)
            if parsed is not None and not (
                parsed.vocab_agencies
                and acceptable_unlabelled(parsed, slash=True)
                and (named or parsed.creators)
            ):
                parsed = None
        after = _lstrip_spaces(text, close + 1, end)
        if parsed is not None and not parsed.empty and _NEXT_SENTENCE.match(text, after, end):
            found = FoundCredit(pos, close + 1, parsed, True, label_start=pos)
            run = sentence_run_start(text, out[-1].end if out else start, pos, vocab)
            out.append(found.captioned_from(run) if run >= 0 else found)
        pos = text.find("(", close + 1, end)
    return out


# A gallery run into one paragraph: each caption closed by a credit under the
# same label ("Caption one. © Jane Roe/dpa Caption two. © John Doe | John Doe …").
GALLERY_MIN: Final = 3
# a person's name that closes a gallery credit: two capitalised words (a
# particle or an initial between them), then the next caption's first word
_GALLERY_NAME: Final = regex.compile(
    r"\p{Lu}[\p{L}\p{M}'’\-]+(?:[ ](?:\p{Lu}\.|\p{Ll}{1,3}))?[ ]\p{Lu}[\p{L}\p{M}'’\-]+"
    r"(?=[ \u00a0]+(?:[\p{Lu}\p{N}\"“«„'‘]|$)|$)"
)
# the same credit printed twice, around a bar: "Jane Roe/dpa | Jane Roe/dpa"
_ORDINAL_BEFORE: Final = regex.compile(r"\d\.[ \u00a0]+$")
_GALLERY_NEXT: Final = regex.compile(r"[ \u00a0]+(?:[\p{Lu}\p{N}\"“«„'‘]|$)|$")
_TWICE: Final = regex.compile(r"(?P<one>[^|]{3,80}?)[ \u00a0]*\|[ \u00a0]*(?P=one)(?=\s|$)")


def _gallery_credit_end(text: str, start: int, limit: int, vocab: Vocabulary) -> int:
    """Where a gallery credit that begins at *start* ends (before *limit*), or -1."""
    start = _lstrip_spaces(text, start, limit)
    twice = _TWICE.match(text, start, limit)
    if twice is not None:
        return twice.end()
    words = list(_WORD.finditer(text, start, min(limit, start + 120)))
    for k in range(min(7, len(words)), 0, -1):
        stop = words[k - 1].end()
        tail = text[start:stop].rsplit("/", 1)[-1].split()
        last = tail[-1].rstrip(".,;:") if tail else ""
        if not last or (key(last) not in vocab.flags and not vocab.agency(last)):
            continue
        if stop < limit and not _GALLERY_NEXT.match(text, stop, limit):
            continue
        return stop
    name = _GALLERY_NAME.match(text, start, limit)
    return name.end() if name is not None else -1


def gallery_credits(
    text: str, start: int, end: int, vocab: Vocabulary, pats: frozenset[str]
) -> list[FoundCredit]:
    """The credits of a gallery run into the line ``text[start:end]``, each closing its caption.

    A gallery is at least three credits under one label (``©``, ``Foto:``),
    each after a short run of text that begins a sentence: the runs between
    them are the captions, and the first caption is the sentence run before the
    first credit.  Any credit that does not parse, or any run that is not a
    short sentence run, and the line is no gallery: all or nothing.

    >>> from captionfix.vocab import default_vocabulary
    >>> v = default_vocabulary()
    >>> t = ("The parade went on. Fans dance in the rain. © Jane Roe/dpa "
    ...      "Rain falls. © Sam Poe | Sam Poe "
    ...      "A truck passes. © John Doe/AFP")
    >>> for f in gallery_credits(t, 0, len(t), v, v.prefixes):
    ...     print(t[f.caption_at:f.start].strip(), "|", t[f.start:f.end])
    Fans dance in the rain. | © Jane Roe/dpa
    Rain falls. | © Sam Poe | Sam Poe
    A truck passes. | © John Doe/AFP
    """
    labels = find_labels(text, start, end, pats, colon_only=True)
    if len(labels) < GALLERY_MIN or code_like_at(text, start, end):
        return []
    groups: dict[str, list[CreditLabel]] = {}
    for lab in labels:
        groups.setdefault(text[lab.start : lab.end].casefold(), []).append(lab)
    same = max(groups.values(), key=len)
    if len(same) < GALLERY_MIN:
        return []
    out: list[FoundCredit] = []
    prev_end = start
    for n, lab in enumerate(same):
        limit = same[n + 1].start if n + 1 < len(same) else end
        stop = _gallery_credit_end(text, lab.end, limit, vocab)
        if stop < 0:
            return []
        parsed = parse_body(text[lab.end : stop], vocab, labelled=True)
        if parsed is None or parsed.empty or not (parsed.creators or parsed.agencies):
            return []
        if n == 0:
            # the first caption: the sentence run before the first credit, unless
            # that run opens the line (a gallery's title may stand before it) or
            # follows an ordinal ("am 9. Juli"), where where it begins is unsure
            run = sentence_run_start(text, start, lab.start, vocab)
            if run == start or _ORDINAL_BEFORE.search(text, max(start, run - 8), run):
                run = -1
        else:
            run = _lstrip_spaces(text, prev_end, lab.start)
            body_end = rstrip_at(text, run, lab.start)
            first = text[run : run + 1]
            if not (first.isupper() or first.isdigit() or first in "\"“«„'‘") or not (
                3 <= body_end - run <= 400
            ):
                run = -1
        if run < 0 and n:
            return []
        found = FoundCredit(lab.start, stop, parsed, True, label_start=lab.start)
        out.append(found.captioned_from(run) if run >= 0 else found)
        prev_end = stop
    return out


# BBC's caption widget run into a paragraph: "… Image copyright PA Image caption Y. …"
# (the data's caption labels, as printed, with BBC's optional "," or ":")
_INLINE_CAPTION_LABEL: Final = regex.compile(rf"(?:{alternation(CAPTION_LABEL_WORDS)})[,:]?[ ]")


class InlineCaption:
    """A caption label run into a line, its caption, and the credit before it (frozen)."""

    def __init__(
        self, start: int, end: int, caption_start: int, credit: FoundCredit | None
    ) -> None:
        """Remove ``[start, end)``; the caption is ``[caption_start, end)``."""
        self.start = start
        self.end = end
        self.caption_start = caption_start
        self.credit = credit


def inline_caption_labels(
    text: str, start: int, end: int, vocab: Vocabulary, pats: frozenset[str]
) -> list[InlineCaption]:
    """Caption labels inside a line: ``… Image copyright PA Image caption Roads flooded. …``.

    The caption runs from the label to its sentence's end; a credit label
    (``Image copyright X``) just before the caption label is its credit.  The
    label must follow a sentence end (or open the line), and the caption must
    be one short sentence: otherwise the words are the story's own.

    >>> from captionfix.vocab import default_vocabulary
    >>> v = default_vocabulary()
    >>> t = "Rain fell. Image copyright PA Image caption Roads flooded. The rain goes on."
    >>> for c in inline_caption_labels(t, 0, len(t), v, v.prefixes):
    ...     print(repr(t[c.start : c.end]), t[c.caption_start : c.end], c.credit.parsed.agencies)
    ' Image copyright PA Image caption Roads flooded.' Roads flooded. ('PA Media',)
    """
    out: list[InlineCaption] = []
    for m in _INLINE_CAPTION_LABEL.finditer(text, start, end):
        if m.start() == start:
            continue  # a label opening the line is the widget rule's
        lead = m.start()
        credit: FoundCredit | None = None
        for lab in find_labels(text, max(start, m.start() - 80), m.start(), pats):
            if lab.kind != "copyright":
                continue
            parsed = parse_body(text[lab.end : m.start()], vocab, labelled=True)
            if parsed is not None and not parsed.empty:
                body_end = rstrip_at(text, lab.end, m.start())
                credit = FoundCredit(lab.start, body_end, parsed, True, label_start=lab.start)
                lead = lab.start
            break
        before = text[max(start, lead - 2) : lead]
        if lead > start and not (before.endswith(" ") and before[:1] in '.!?"”’)'):
            continue  # not after a sentence end: the words belong to a sentence
        cap = m.end()
        reach = min(end, cap + 400)  # a caption is short: never look further
        stop = _RUN_END.search(text, cap, reach)
        cap_end = stop.start() + 1 if stop else end
        while cap_end < end and text[cap_end] in '"”’)':
            cap_end += 1
        if stop is None and (reach < end or rstrip_at(text, cap, end) - cap > 320):
            continue
        if not (10 <= cap_end - cap <= 320) or not text[cap : cap + 1].isupper():
            continue
        if out and lead < out[-1].end:
            continue
        remove_start = lead - 1 if lead > start and text[lead - 1] == " " else lead
        out.append(InlineCaption(remove_start, cap_end, cap, credit))
    return out


# a caps credit glued between a caption's full stop and the next paragraph's first
# word, where markup stripping joined them: "… on Monday.JANE ROEThe minister said"
_GLUED_CAPS_NAME: Final = regex.compile(
    r"(?P<name>\p{Lu}{2,}(?:[ '’\-]\p{Lu}{2,}){1,2})(?=\p{Lu}\p{Ll})"
)


def glued_caps_credits(text: str, start: int, end: int, vocab: Vocabulary) -> list[FoundCredit]:
    """Caps names glued between a caption and the next paragraph, each closing its caption.

    >>> from captionfix.vocab import default_vocabulary
    >>> t = "Farmers drive tractors past the parliament on Monday.JANE ROEThe minister said no."
    >>> [(t[f.caption_at:f.start], t[f.start:f.end])
    ...  for f in glued_caps_credits(t, 0, len(t), default_vocabulary())]
    [('Farmers drive tractors past the parliament on Monday.', 'JANE ROE')]
    """
    out: list[FoundCredit] = []
    p = text.find(".", start, end)
    while p >= 0:
        at, p = p + 1, text.find(".", p + 1, end)
        if not (text[at : at + 2].isupper() and text[at - 2 : at - 1].islower()):
            continue  # most stops: a space or a small letter after them
        m = _GLUED_CAPS_NAME.match(text, at, end)
        if m is None:
            continue
        name = m.group("name")
        if not is_person_name(name) or any(vocab.agency(w) for w in name.split()):
            continue
        run = sentence_run_start(text, out[-1].end if out else start, m.start(), vocab)
        if run < 0:
            continue
        parsed = Parsed((natural_case(name),), (), (), (), 0, 0)
        out.append(FoundCredit(m.start(), m.end(), parsed, True).captioned_from(run))
    return out


def widget_credit(text: str, start: int, end: int, vocab: Vocabulary) -> FoundCredit | None:
    """A credit that is all a widget line holds after its label, printed once or twice.

    ``Enlarge this image toggle caption Jane Roe/AP Jane Roe/AP``: NPR's image
    widget prints the credit twice and the caption not at all.
    """
    start = lstrip_at(text, start, end)
    spans = list(_WORD.finditer(text, start, end))
    words = [m.group() for m in spans]
    half = len(words) // 2
    if half and len(words) % 2 == 0 and words[:half] == words[half:]:
        words = words[:half]
        end = spans[half - 1].end()  # the record is the first copy; the line goes whole
    body = " ".join(words)
    if not 3 <= len(body) <= 80 or not ("/" in body or "|" in body or "," in body):
        return None
    parsed = parse_body(body, vocab, labelled=False)
    if parsed is None or not parsed.vocab_agencies or not acceptable_unlabelled(parsed):
        return None
    return FoundCredit(start, end, parsed, True)


def _names_a_role(inner: str, vocab: Vocabulary) -> bool:
    """Whether a part of a slash credit is a role word (``Staff``, ``STR``, ``Stringer``)."""
    return any(key(part) in vocab.roles for part in inner.split("/"))


def _lstrip_spaces(text: str, start: int, end: int) -> int:
    while start < end and text[start] in " \u00a0":
        start += 1
    return start


# the first part of a credit: up to its first separator
_FIRST_PART: Final = regex.compile(r"\s*[/|]\s*")
# the source named before "Photo by": up to four capitalised words ("U.S. Army")
_BY_SOURCE: Final = regex.compile(r"(?:\p{Lu}[\p{L}.\-]*[ ]){1,4}$")
# what stands between the names of an unlabelled credit closing a line
_TAIL_SEPARATORS: Final = ("/", ",", " via ", " for ", " – ", " — ", "—", " - ")
_PHOTO_SLASH: Final = regex.compile(r"(?i)\b(?:photo|foto)[ ]?/")


def _is_descriptor(body: str, vocab: Vocabulary) -> bool:
    """Whether *body* only describes the picture (``Screenshot``, ``privat``, ``Reprodução``)."""
    if _DESCRIPTOR.search(body) is not None:
        return True
    parts = [key(p) for p in _FIRST_PART.split(body.strip(" ."))]
    return all(p in vocab.words.descriptors for p in parts if p) and any(parts)


# how every "<agency> Photo" tail ends (a cheap first test)
_PHOTO_ENDS: Final = ("Photo", "PHOTO", "Foto", "FOTO", "Photos", "PHOTOS", "Fotos", "FOTOS")
# (the endings of _AGENCY_PHOTO's pattern, which spells them out)
# "<agency> Photo" after a sentence: the Indian wires' credit ("PTI Photo", "IANS Photo")
_AGENCY_PHOTO: Final = regex.compile(
    r"(?:^|(?<=[.!?\"”][ ]))(?P<agency>\p{Lu}[\p{L}&.\- ]{0,30}?)[ ](?:Photo|PHOTO|Foto|FOTO)s?$"
)


def _initial_before(text: str, lo: int, stop: int) -> bool:
    """Whether the full stop at *stop* closes an initial (`` T.``), not a sentence."""
    return (
        text[stop] == "."
        and stop - 2 >= lo
        and text[stop - 1].isupper()
        and not text[stop - 2].isalnum()
    )


def _unlabelled_tail(text: str, start: int, end: int, vocab: Vocabulary) -> FoundCredit | None:
    """``Name, AP`` / ``Name / AP`` / ``NAME NAME REUTERS`` closing a line."""
    lo = max(start, end - 110)
    pipe = _PIPE_TAIL.search(text, lo, end) if text.find("|", lo, end) >= 0 else None
    if pipe and (
        text.count("|", start, end) == 1 or _SENTENCE_BEFORE.search(text, start, pipe.start())
    ):
        # the whole run after the sentence: "… Covid-19. Jane Roe | AFP | Getty Images"
        ends = list(_SENTENCE_BEFORE.finditer(text, max(start, pipe.start() - 80), pipe.start()))
        if ends or pipe.start() - start <= 60:  # or a credit line: "Jane Roe | Getty Images"
            run = ends[-1].end() if ends else start
            parsed = parse_body(text[run:end], vocab, labelled=False)
            if parsed and parsed.creators and acceptable_unlabelled(parsed):
                return FoundCredit(run, end, parsed, True)
        parsed = parse_body(pipe.group("body"), vocab, labelled=False)
        if parsed and parsed.agencies and parsed.vocab_agencies == len(parsed.agencies):
            return FoundCredit(pipe.start(), end, parsed, True)
    agency_photo = (
        _AGENCY_PHOTO.search(text, lo, end) if text.endswith(_PHOTO_ENDS, lo, end) else None
    )
    if agency_photo is not None:  # "… in New Delhi on Monday. PTI Photo"
        source = vocab.agency(agency_photo.group("agency"))
        if source is not None:
            return FoundCredit(
                agency_photo.start("agency"), end, Parsed((), (source,), (), (), 1, 0), True
            )
    # a credit starts the line, or follows a sentence end, two spaces or a tab:
    # try those starts from the nearest one back
    starts = [
        m.end()
        for m in _TAIL_START.finditer(text, lo, end)
        if not _initial_before(text, lo, m.start())  # "David T. Foster": no sentence end
    ]
    if lo == start:
        starts.insert(0, start)
    for cs in reversed(starts[-4:]):
        body = text[cs:end]
        if not any(sep in body for sep in _TAIL_SEPARATORS):
            whole = vocab.agency(body.rstrip(". "))  # "Alamy Stock Photo" after the caption
            if whole is not None and whole in _PHOTO_ONLY and body[:1].isupper():
                return FoundCredit(cs, end, Parsed((), (whole,), (), (), 1, 0), True)
            continue
        if not body[:1].isupper() and vocab.agency(_FIRST_PART.split(body, 1)[0]) is None:
            continue  # "picture alliance/dpa/Jane Roe": a lower-case agency may open it
        parsed = parse_body(body, vocab, labelled=False)
        if (
            (
                parsed
                and parsed.vocab_agencies
                and acceptable_unlabelled(parsed, slash="/" in body)
                and (parsed.creators or parsed.flags or not parsed.unknown_orgs)
            )
            or (
                parsed  # "Ayuntamiento de Puertollano / Europa Press": a source and its agency
                and " / " in body
                and not parsed.creators
                and parsed.vocab_agencies
                and parsed.unknown_orgs == 1
                and any(len(a.split()) > 1 for a in parsed.agencies if vocab.agency(a) is None)
            )
            or (
                parsed  # "Jane Roe/Pool", "JANE ROE/STAFF PHOTOGRAPHER": a person and a flag
                and "/" in body  # or role word across a slash
                and len(parsed.creators) == 1
                and (parsed.flags or _names_a_role(body, vocab))
                and not parsed.agencies
            )
        ):
            return FoundCredit(cs, end, parsed, True)
    slash_caps = _SLASH_CAPS_TAIL.search(text, lo, end) if text.find("/ ", lo, end) >= 0 else None
    if slash_caps is not None:  # "… on Sunday. / JANE ROE"
        parsed = parse_body(slash_caps.group("body"), vocab, labelled=True)
        if parsed and parsed.creators and not parsed.agencies:
            return FoundCredit(slash_caps.start("body"), end, parsed, True)
    dash = (
        _DASH_TAIL.search(text, lo, end)
        if text.find("– ", lo, end) >= 0 or text.find("— ", lo, end) >= 0
        else None
    )
    if dash is not None:  # "… a Palazzo Chigi – LaPresse": weak, a page title ends so too
        parsed = parse_body(dash.group("body"), vocab, labelled=False)
        if (
            parsed
            and parsed.agencies
            and parsed.vocab_agencies == len(parsed.agencies)
            and (not parsed.creators or is_person_name(" ".join(parsed.creators)))
        ):
            return FoundCredit(dash.start("body"), end, parsed, False)
    if start == lo and text[start:end].isupper() and len(text[start:end].split()) <= 6:
        parsed = parse_body(text[start:end], vocab, labelled=False)  # "JANE ROE AFP" alone
        if parsed and parsed.creators and parsed.vocab_agencies and not parsed.unknown_orgs:
            return FoundCredit(start, end, parsed, True)
    m = _CAPS_TAIL.search(text, lo, end) if text[end - 1].isupper() else None
    if m:
        parsed = parse_body(m.group("body"), vocab, labelled=False)
        if parsed and parsed.creators and parsed.vocab_agencies and not parsed.unknown_orgs:
            return FoundCredit(m.start("body"), end, parsed, True)
    return None


def line_credit(  # noqa: PLR0913 - the line, the vocabulary, and whether it was hinted
    text: str, start: int, end: int, vocab: Vocabulary, pats: frozenset[str], *, hinted: bool
) -> FoundCredit | None:
    """The credit closing the line ``text[start:end]``, if any."""
    if end - start < 3:
        return None
    last = text[end - 1]
    if last in ")]" or (last.isdigit() and _STAMP_END.search(text, max(start, end - 10), end)):
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
    text: str, start: int, found: FoundCredit, vocab: Vocabulary, pats: frozenset[str]
) -> FoundCredit:
    """Take in the credits before *found* in a run such as ``Image via A | Image via B``."""
    before: list[FoundCredit] = []
    edge = found.start
    while True:
        cut = rstrip_at(text, start, edge)
        if cut <= start:
            break
        if text[cut - 1] == "|":
            cut = rstrip_at(text, start, cut - 1)
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
