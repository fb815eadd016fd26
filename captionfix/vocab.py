"""The vocabulary shipped in ``captionfix/data/``: agencies, credit labels, widget labels.

Files are read once, on first use, through :mod:`importlib.resources`; nothing is
read at import time.  Users extend the agency list through ``Config(agencies=...)``
(same line format as ``agencies.txt``), never by mutating module state.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

import attrs


def key(text: str) -> str:
    """Fold *text* for vocabulary look-ups: case, spacing and dots.

    >>> key("  The  Associated Press. ")
    'the associated press'
    """
    return " ".join(text.casefold().replace("’", "'").split()).strip(" .")


@attrs.frozen
class Vocabulary:
    """Look-up tables built from the data files.

    Attributes:
        agencies: folded variant → canonical agency name.
        flags: folded flag word (``pool``, ``file photo``, ``divulgação`` ...) → flag.
        prefixes: credit labels that a colon follows (``Photo``, ``Foto``, ``Crédito`` ...), folded.
        media_labels: folded image-widget labels (``image caption``, ``fullscreen`` ...).
    """

    agencies: dict[str, str]
    flags: dict[str, str]
    prefixes: frozenset[str]
    media_labels: frozenset[str]

    @property
    def media_first_words(self) -> frozenset[str]:
        """First words of the widget labels (a cheap test before a full look-up)."""
        return _first_words(self.media_labels)

    def ends_with_agency(self, text: str) -> bool:
        """Whether *text* ends with an agency name (``… Carolyn Kaster, AP``).

        >>> from captionfix.vocab import default_vocabulary
        >>> default_vocabulary().ends_with_agency("Jon Doe / AP"), default_vocabulary().ends_with_agency("a day")
        (True, False)
        """
        words = _TAIL_SPLIT.split(text[-48:].rstrip(" .)"))
        last = key(words[-1]) if words else ""
        if last not in _last_words(self.agencies):
            return False
        return any(self.agency(" ".join(words[-n:])) for n in (1, 2, 3, 4) if len(words) >= n)

    def agency(self, name: str) -> str | None:
        """Return the canonical name of agency *name*, or ``None``."""
        return self.agencies.get(key(name))


_TAIL_SPLIT = re.compile(r"[\s/,|]+")


def _last_words(table: dict[str, str]) -> frozenset[str]:
    found = _LAST_WORDS.get(id(table))
    if found is None or found[0] is not table:
        found = _LAST_WORDS[id(table)] = (table, frozenset(k.split()[-1] for k in table if k.split()))
    return found[1]


_LAST_WORDS: dict[int, tuple[dict[str, str], frozenset[str]]] = {}


@cache
def _first_words(labels: frozenset[str]) -> frozenset[str]:
    return frozenset(label.split()[0] for label in labels if label.split())


def _rows(name: str) -> list[list[str]]:
    text = files("captionfix").joinpath("data", name).read_text(encoding="utf-8")
    rows = []
    for raw in text.splitlines():
        if raw.lstrip().startswith("#"):
            continue
        line = raw.split(" #", 1)[0].strip()
        if line:
            rows.append([cell.strip() for cell in line.split("|")])
    return rows


def _agency_table(lines: list[list[str]]) -> dict[str, str]:
    table: dict[str, str] = {}
    for cells in lines:
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
    for cells in _rows("credit_labels.txt"):
        kind = cells[2] if len(cells) > 2 else "prefix"
        if kind.startswith("flag:"):
            flags[key(cells[0])] = kind.split(":", 1)[1].strip()
        elif kind == "prefix":
            prefixes.add(key(cells[0].rstrip(":").strip()))
    return Vocabulary(
        agencies=_agency_table(_rows("agencies.txt")),
        flags=flags,
        prefixes=frozenset(prefixes),
        media_labels=frozenset(key(cells[0]) for cells in _rows("media_labels.txt")),
    )


@cache
def vocabulary(extra_agencies: tuple[str, ...] = ()) -> Vocabulary:
    """The shipped vocabulary, extended by ``Config.agencies`` lines."""
    base = default_vocabulary()
    if not extra_agencies:
        return base
    rows = [[c.strip() for c in line.split("|")] for line in extra_agencies if line.strip()]
    table = dict(base.agencies)
    table.update(_agency_table(rows))
    return attrs.evolve(base, agencies=table)
