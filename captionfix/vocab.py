"""The vocabulary shipped in ``captionfix/data/``: every word list the rules use.

Agencies, credit labels and flags, widget labels, the hints of the text scan,
the words of the credit grammar and of widget shapes: each a file or a kind of
row in one, never a literal list in a rule.  Files are read once, through
:mod:`importlib.resources`, when the first rule module that needs a word list is
imported; the rules' cheap first tests (first letters, last words, start words)
and the patterns made of words are made from the same rows then.  Users extend
the agency list through ``Config(agencies=...)`` (same line format as
``agencies.txt``), never by mutating module state.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from collections.abc import Iterable

_TAIL_SPLIT: Final = re.compile(r"[\s/,|—–]+")  # "Jane Roe—Getty Images" too
_LANGUAGES: Final = re.compile(
    r"[a-z]{2,3}(?:-[A-Za-z]{2,4})?(?:\s*,\s*[a-z]{2,3}(?:-[A-Za-z]{2,4})?)*|\*|all"
)


def key(text: str) -> str:
    """Fold *text* for vocabulary look-ups: case, spacing, apostrophes and outer dots.

    >>> key("  The  Associated Press. ")
    'the associated press'
    """
    folded = text.casefold()
    if "’" in folded:
        folded = folded.replace("’", "'")
    if not folded.isalnum():  # one plain word (the usual case) needs no re-spacing
        folded = " ".join(folded.split())
    return folded.strip(" .")


def alternation(words: Iterable[str]) -> str:
    """A pattern body that matches any of *words*, the longest first; a space matches one space.

    >>> alternation(["Read more", "Read more now", "Close"])
    'Read[ ]more[ ]now|Read[ ]more|Close'
    """
    ordered = sorted(words, key=len, reverse=True)  # stable: equal lengths keep the data's order
    return "|".join("[ ]".join(re.escape(part) for part in w.split(" ")) for w in ordered)


class Words:
    """The fixed word lists of the data, one attribute per kind of row (treat as frozen).

    Rows are kept as printed, in the data's order; ``Config`` extends none of
    them.  See the headers of ``credit_labels.txt``, ``credit_words.txt`` and
    ``widgets.txt`` for what each kind means.

    Attributes:
        text_sources: folded words that name a text's source (``source``, ``quelle``):
            never credit labels (kind ``text-source``).
        label_starts: the lower-case words one of which opens every match of the
            label pattern (kind ``start``).
        label_anchors: the lower-case words one of which stands in every match of
            the label pattern (kind ``anchor``).
        particles: lower-case words inside person names (``de``, ``van``).
        mac_names: names that keep a capital after "Mac" (``macdonald``).
        org_words: words that make a phrase an organisation (``museum``, ``press``).
        descriptors: folded parts that describe the image (``screenshot``).
        photo_only: picture agencies, as a credit names them (``Getty Images``).
        bylines: the words that open a byline, as printed (``By``, ``Por``).
        photo_words: words only a picture has (``photo``, ``images``).
        caption_labels: labels before a caption (``Image caption``), any case.
        caption_labels_colon: the same, with a colon only (``File photo:``).
        caption_label_lines: folded lines that are only a caption label (``image caption,``).
        expanders: expand links that close a caption's text (``Read More``, ``Close``).
        credit_expanders: expand links after a caption's credit (``More``).
        share_words: the words of a share bar (``Facebook``, ``Google Plus``).
        counter_nouns: the nouns of a gallery counter (``photos``, ``bilder``).
        photo_suffixes: words after an agency's name for its photo service (``Photo``).
        name_suffixes: what may close a name after the surname (``III``, ``Jr``).
        org_articles: lower-case articles that may open a newspaper's title (``de``).

    """

    def __init__(self, kinds: dict[str, list[str]]) -> None:
        """The lists of *kinds* (kind → first cells of its rows, in order)."""

        def rows(kind: str) -> tuple[str, ...]:
            return tuple(kinds.get(kind, ()))

        self.text_sources = frozenset(key(w) for w in rows("text-source"))
        self.label_starts = rows("start")
        self.label_anchors = rows("anchor")
        self.particles = frozenset(rows("particle"))
        self.mac_names = frozenset(rows("mac-name"))
        self.org_words = frozenset(rows("org-word"))
        self.descriptors = frozenset(rows("descriptor"))
        self.photo_only = frozenset(rows("photo-only"))
        self.bylines = rows("byline")
        self.photo_words = rows("photo-word")
        self.caption_labels = rows("caption-label")
        self.caption_labels_colon = rows("caption-label-colon")
        self.caption_label_lines = frozenset(key(w) for w in rows("caption-label-line"))
        self.expanders = rows("expander")
        self.credit_expanders = rows("credit-expander")
        self.share_words = rows("share")
        self.counter_nouns = rows("counter-noun")
        self.photo_suffixes = frozenset(rows("photo-suffix"))
        self.name_suffixes = frozenset(rows("name-suffix"))
        self.org_articles = frozenset(rows("org-article"))


class Vocabulary:
    """Look-up tables built from the data files (treat as frozen).

    A plain class, not an attrs one: mypyc compiles it to a native class, so the
    rules read its tables without Python's attribute look-up.

    Attributes:
        agencies: folded variant → canonical agency name.
        flags: folded flag word (``pool``, ``file photo``, ``divulgação`` ...) → flag.
        prefixes: folded credit labels that a colon follows (``photo``, ``foto``, ``crédito`` ...);
            never ``source`` and its kin, which name text sources.
        media_labels: folded image-widget labels (``image caption``, ``fullscreen`` ...).
        agency_last_words: the last word of every agency name (a cheap first test).
        agency_first_words: the first word of every agency name (a cheap first test).
        media_first_words: the first word of every widget label (a cheap first test).
        prefix_last_words: the last word of every credit label (a cheap first test).
        rights: folded words of a text's copyright notice (``all rights reserved``).
        roles: folded words that stand for an unnamed photographer (``stringer``, ``str``).
        hints: the pieces of text one of which every credit label holds (``:``, ``oto``,
            ``lustra`` ...), for the one scan that finds candidate lines (``hint`` rows).
        titles: folded abbreviated titles before a name (``rev``, ``dr``): no sentence end.
        words: the fixed word lists of the rules (:class:`Words`).
        caps_only: folded acronyms of ambiguous ("short") agencies that count only
            when written in capitals (``NAN`` but not ``nan``, ``AP`` but not ``Ap``).

    """

    def __init__(  # noqa: PLR0913, PLR0917 - the tables, each its own field
        self,
        agencies: dict[str, str],
        flags: dict[str, str],
        prefixes: frozenset[str],
        media_labels: frozenset[str],
        agency_last_words: frozenset[str],
        media_first_words: frozenset[str],
        prefix_last_words: frozenset[str],
        agency_first_words: frozenset[str],
        rights: tuple[str, ...] = (),
        roles: frozenset[str] = frozenset(),
        hints: tuple[str, ...] = (),
        titles: frozenset[str] = frozenset(),
        words: Words | None = None,
        caps_only: frozenset[str] = frozenset(),
    ) -> None:
        """Keep each table as given (:func:`make_vocabulary` builds them)."""
        self.agencies = agencies
        self.flags = flags
        self.prefixes = prefixes
        self.media_labels = media_labels
        self.agency_last_words = agency_last_words
        self.media_first_words = media_first_words
        self.prefix_last_words = prefix_last_words
        self.agency_first_words = agency_first_words
        self.rights = rights
        self.roles = roles
        self.hints = hints
        self.titles = titles
        self.words = words if words is not None else Words({})
        self.caps_only = caps_only

    def names_rights(self, line: str) -> bool:
        """Whether *line* holds the words of a text's copyright notice (``Riproduzione riservata``).

        >>> default_vocabulary().names_rights("© Copyright 2020 Gazzetta - Riproduzione riservata")
        True
        """
        low = line.casefold()
        return any(words in low for words in self.rights)

    def agency(self, name: str) -> str | None:
        """Return the canonical name of agency *name*, or ``None``.

        >>> default_vocabulary().agency("REUTERS")
        'Reuters'
        """
        k = key(name)
        canonical = self.agencies.get(k)
        if canonical is not None and k in self.caps_only and not name.isupper():
            return None  # "nan", "Ap", "Map": an ambiguous acronym only counts in capitals
        return canonical

    def ends_with_agency(self, text: str) -> bool:
        """Whether *text* ends with an agency name (``… Carolyn Kaster, AP``).

        >>> v = default_vocabulary()
        >>> v.ends_with_agency("Jon Doe / AP"), v.ends_with_agency("on a sunny day")
        (True, False)
        """
        tail = text[-48:].rstrip(" .)\t\r")
        cut = max(tail.rfind(" "), tail.rfind("/"), tail.rfind(","), tail.rfind("|"))
        if tail[cut + 1 :].casefold() not in self.agency_last_words:
            return False  # the usual case, decided without splitting
        words = _TAIL_SPLIT.split(tail)
        return any(self.agency(" ".join(words[-n:])) for n in (1, 2, 3, 4) if len(words) >= n)


def make_vocabulary(  # noqa: PLR0913, PLR0917 - the tables, each its own argument
    agencies: dict[str, str],
    flags: dict[str, str],
    prefixes: frozenset[str],
    media_labels: frozenset[str],
    rights: tuple[str, ...] = (),
    roles: frozenset[str] = frozenset(),
    hints: tuple[str, ...] = (),
    titles: frozenset[str] = frozenset(),
    words: Words | None = None,
    caps_only: frozenset[str] = frozenset(),
) -> Vocabulary:
    """Build a :class:`Vocabulary` and its derived look-up sets.

    Prefixes that name a text's source (``words.text_sources``) are left out.
    """
    words = words if words is not None else Words({})
    prefixes = frozenset(p for p in prefixes if p not in words.text_sources)
    return Vocabulary(
        agencies,
        flags,
        prefixes,
        media_labels,
        frozenset(k.split()[-1] for k in agencies if k.split()),
        frozenset(label.split()[0] for label in media_labels if label.split()),
        frozenset(p.split()[-1] for p in prefixes if p.split()),
        frozenset(k.split()[0] for k in agencies if k.split()),
        rights,
        roles,
        hints,
        titles,
        words,
        caps_only,
    )


def _rows(name: str) -> list[list[str]]:
    """The data rows of ``data/<name>``: cells split at ``|``, comments dropped."""
    text = files("captionfix").joinpath("data", name).read_text(encoding="utf-8")
    rows = []
    for raw in text.splitlines():
        if raw.lstrip().startswith("#"):
            continue
        line = raw.split(" #", 1)[0].strip()
        if line:
            rows.append([cell.strip() for cell in line.split(" | ")])
    return rows


def _kinds(rows: list[list[str]]) -> dict[str, list[str]]:
    """The first cells of *rows* by kind (the third cell), in order."""
    kinds: dict[str, list[str]] = {}
    for cells in rows:
        kinds.setdefault(cells[2] if len(cells) > 2 else "", []).append(cells[0])
    return kinds


def _agency_table(rows: list[list[str]]) -> dict[str, str]:
    table: dict[str, str] = {}
    for cells in rows:
        canonical = cells[0]
        for name in cells:
            if name:
                table.setdefault(key(name), canonical)
    return table


@cache
def default_vocabulary() -> Vocabulary:
    """The vocabulary of the shipped data files (read once)."""
    flags: dict[str, str] = {}
    prefixes: set[str] = set()
    rights: list[str] = []
    roles: set[str] = set()
    hints: list[str] = []
    label_rows = _rows("credit_labels.txt")
    for cells in label_rows:
        kind = cells[2] if len(cells) > 2 else "prefix"
        if kind == "rights":
            rights.append(cells[0].casefold())
        elif kind == "role":
            roles.add(key(cells[0]))
        elif kind == "hint":
            hints.append(cells[0])
        elif kind.startswith("flag:"):
            flags[key(cells[0])] = kind.split(":", 1)[1].strip()
        elif kind == "prefix":
            prefixes.add(key(cells[0].rstrip(":").strip()))
    return make_vocabulary(
        _agency_table(_rows("agencies.txt")),
        flags,
        frozenset(prefixes),
        frozenset(key(_label_cell(cells)) for cells in _rows("media_labels.txt")),
        tuple(rights),
        frozenset(roles),
        tuple(hints),
        frozenset(key(cells[0]) for cells in _rows("abbreviations.txt")),
        Words(
            {
                **_kinds(label_rows),
                **_kinds(_rows("credit_words.txt")),
                **_kinds(_rows("widgets.txt")),
            }
        ),
        _caps_only(),
    )


def _caps_only() -> frozenset[str]:
    """The folded all-capital acronyms of the agencies marked ``# short`` in ``agencies.txt``.

    A key stays case-blind if any spelling of it is not in capitals (``dpa``).
    """
    text = files("captionfix").joinpath("data", "agencies.txt").read_text(encoding="utf-8")
    caps: set[str] = set()
    other: set[str] = set()
    for raw in text.splitlines():
        line, _, comment = raw.partition(" #")
        if raw.lstrip().startswith("#") or not line.strip():
            continue
        short = comment.strip().startswith("short")
        for cell in line.split(" | "):
            name = cell.strip()
            if short and name.isupper() and len(key(name)) <= 5:
                caps.add(key(name))
            else:
                other.add(key(name))
    return frozenset(caps - other)


def _label_cell(cells: list[str]) -> str:
    """The label of a ``label | languages`` row; a label may hold `` | `` itself."""
    if len(cells) > 1 and _LANGUAGES.fullmatch(cells[-1]):
        cells = cells[:-1]
    return " | ".join(cells)


@cache
def vocabulary(extra_agencies: tuple[str, ...] = ()) -> Vocabulary:
    """The shipped vocabulary, extended by ``Config.agencies`` lines.

    >>> vocabulary(("Agência Pública | Publica",)).agency("PUBLICA")
    'Agência Pública'
    """
    base = default_vocabulary()
    if not extra_agencies:
        return base
    rows = [[c.strip() for c in line.split("|")] for line in extra_agencies if line.strip()]
    table = {**base.agencies, **_agency_table(rows)}  # the user's word wins
    return make_vocabulary(
        table,
        base.flags,
        base.prefixes,
        base.media_labels,
        base.rights,
        base.roles,
        base.hints,
        base.titles,
        base.words,
        base.caps_only,
    )
