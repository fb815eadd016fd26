"""The ``quotes`` rule: glued quotes and closing quotes typed the wrong way.

Markup stripping leaves quotes glued to words (``Hamas”Kirby said``,
``said“We``) and some writers type a closing mark as an opening one
(``human life“, he pointed``).  Each paragraph is walked once; its quotes are
paired by position, and a repair is made only where that pairing is
unambiguous: the paragraph's double quotes must balance after the repair, and
straight quotes must come in an even number.

Deliberately left alone: apostrophes and elisions (``don’t``, ``’90s``,
``rock ’n’ roll``, ``Sanders’ wife``), primes (``5'11"``), paragraphs with
German, Czech or Danish ``„…“`` marks, French guillemets, single quotes'
spacing (too close to apostrophes to judge), quotes before punctuation
(``”,`` ``”.``), and any paragraph whose quotes do not pair up.
"""

from __future__ import annotations

import re
from array import array
from typing import Final

from captionfix.edits import NO_EDITS, Edits, rule_id
from captionfix.lines import code_like_at
from captionfix.records import Edit  # noqa: TC001 - compiled code checks the type at run time

# a paragraph needs looking at only if it holds one of these (a lone ’ never does)
_MARKS: Final = '“”„"‘'
_DOUBLES: Final = re.compile("[“”]")
_SINGLES: Final = re.compile("[‘’]")
# characters after which a quote still opens (nothing glued on its left)
_OPENERS: Final = "([{—–-/\u00a0«¿¡"
# characters after which a quote cannot open
_CLOSING_NEXT: Final = ".,;:!?)]}…"


# A repair is kept as one integer, offset * 8 + the index of its replacement
# here: the table is in string order, so the integers sort as the
# (offset, replacement) pairs do, and a line with a hundred thousand quote
# repairs is an array of them, not a list of tuples.
_REPLS: Final = (" ", " “", " ”", "’", "”")
_SPACE: Final = 0
_SPACE_OPEN: Final = 1
_SPACE_CLOSE: Final = 2
_SINGLE_CLOSE: Final = 3
_DOUBLE_CLOSE: Final = 4
_QUOTES: Final = rule_id("quotes")


# an apostrophe of elision before a quote (French d'“…”, Italian l'“…”): no space goes there
_ELISION: Final = "'‘’"
# what may stand glued before a straight quote that needs a space: a word, or a sentence end
_STRAIGHT_AFTER: Final = ".!?"
# an English suffix glued to a quoted word ("URL"s, "squash"ed): the quote closes inside a word
_SUFFIX: Final = re.compile(r"(?:s|es|ed|d|ing|ers?)(?![^\W\d_])")
# the letters of a string literal's prefix in code (f"", rb"")
_PREFIX_LETTERS: Final = frozenset("rRbBuUfF")


def _string_prefix(line: str, i: int) -> bool:
    """Whether one or two prefix letters, alone after a non-word character, stand before *i*."""
    k = i
    while k > 0 and i - k < 3 and line[k - 1] in _PREFIX_LETTERS:
        k -= 1
    return 0 < i - k <= 2 and (k == 0 or not (line[k - 1].isalnum() or line[k - 1] == "_"))


def _word(ch: str) -> bool:
    return ch.isalnum()


def _glued_left(line: str, i: int) -> bool:
    return i > 0 and not line[i - 1].isspace() and line[i - 1] not in _OPENERS


def _glued_right(line: str, i: int) -> bool:
    return i + 1 < len(line) and _word(line[i + 1])


def _closes(line: str, i: int) -> bool:
    """Whether a quote at *i* stands where only a closing quote can stand."""
    if _glued_right(line, i):
        return False
    nxt = line[i + 1] if i + 1 < len(line) else ""
    return _glued_left(line, i) or nxt in _CLOSING_NEXT


def _line_doubles(line: str, base: int) -> array[int]:
    """Repairs for curly double quotes, as ``offset * 8 + replacement index`` (in order).

    The line is read as a run of quotations.  A repair is kept only when the
    quotation it belongs to closes cleanly; a quotation that does not pair up
    (nested, unclosed, a stray mark) drops its repairs and the reading starts
    afresh, so one irregular quotation in a long paragraph does not block the
    others, and is never repaired itself.
    """
    fixes: array[int] = array("q")
    if "„" in line or "«" in line or "»" in line:
        return fixes
    pending: list[int] = []
    is_open = False
    uses_opening = "“" in line
    for m in _DOUBLES.finditer(line):
        i = m.start()
        if m.group() == "“":
            if is_open and _closes(line, i):
                fixes.extend(pending)
                fixes.append((base + i) * 8 + _DOUBLE_CLOSE)
                pending = []
                is_open = False
            elif is_open:
                pending = []  # nested or unbalanced: start afresh from this mark
            else:
                if _glued_left(line, i) and _glued_right(line, i) and line[i - 1] not in "'‘’":
                    pending.append((base + i) * 8 + _SPACE_OPEN)
                is_open = True
        elif is_open:
            if (
                _glued_left(line, i)
                and _glued_right(line, i)
                and not (line[i - 1].isalnum() and _SUFFIX.match(line, i + 1))
            ):  # but “URL”s: a suffix on the quoted word
                pending.append((base + i + 1) * 8 + _SPACE)
            fixes.extend(pending)
            pending = []
            is_open = False
        elif _glued_right(line, i) and _glued_left(line, i) and line[i - 1] not in _ELISION:
            # an opening quote glued to the previous word (not an elision: d'”inscrire)
            pending = [(base + i) * 8 + (_SPACE_OPEN if uses_opening else _SPACE_CLOSE)]
            is_open = True
        elif _glued_right(line, i):
            pending = []
            is_open = True  # a ”…” style opening (Swedish, Finnish): leave
        else:
            pending = []  # a stray closing mark: nothing to pair it with
    return fixes


def _straight_mark(line: str, i: int) -> int:
    """The first straight double quote at or after *i* that is not a prime (after a digit)."""
    i = line.find('"', i)
    while i > 0 and line[i - 1].isdigit():
        i = line.find('"', i + 1)
    return i


def _line_straight(line: str, base: int) -> array[int]:
    """Spaces for glued straight double quotes, paired by position (coded as above)."""
    fixes: array[int] = array("q")
    count = 0
    i = _straight_mark(line, 0)
    while i >= 0:  # counted first: the marks must pair up
        count += 1
        i = _straight_mark(line, i + 1)
    if not count or count % 2:
        return fixes
    n = 0
    i = _straight_mark(line, 0)
    while i >= 0:
        if (
            _glued_left(line, i)
            and i + 1 < len(line)
            and line[i + 1].isalpha()
            and (line[i - 1].isalnum() or line[i - 1] in _STRAIGHT_AFTER)
            # not "URL"s, "squash"ed: a suffix on the quoted word, not the next word
            and not (n % 2 and line[i - 1].isalnum() and _SUFFIX.match(line, i + 1))
            # not f"…", b"…", rb"…": a string literal's prefix, not a word
            and not (n % 2 == 0 and _string_prefix(line, i))
        ):  # not d'"inscrire", ,"field", \"escaped": a word glued on the left
            fixes.append((base + i) * 8 if n % 2 == 0 else (base + i + 1) * 8)
        n += 1
        i = _straight_mark(line, i + 1)
    return fixes


def _line_singles(line: str, base: int) -> array[int]:
    """Wrong-way closing single quotes (``as well‘,``), when a ‘ is open (coded as above)."""
    fixes: array[int] = array("q")
    depth = 0
    for m in _SINGLES.finditer(line):
        i, ch = m.start(), m.group()
        if ch == "‘":
            if depth and _closes(line, i):
                fixes.append((base + i) * 8 + _SINGLE_CLOSE)
                depth -= 1
            elif not _glued_left(line, i) and _glued_right(line, i):
                depth += 1
        elif ch == "’" and depth and _closes(line, i):
            depth -= 1
    return fixes if depth == 0 else array("q")


def _suspect(mark: str, before: str, after: str) -> bool:
    """Whether a quote mark, seen with its two neighbours, may need a repair."""
    glued_left = not before.isspace() and before not in _OPENERS
    if glued_left and after.isalnum():
        return True  # glued on both sides: Hamas”Kirby, said“We, marido."Temo
    if mark in {"“", "‘"}:
        return (glued_left and (after.isspace() or after in _CLOSING_NEXT)) or (
            mark == "“" and after in _CLOSING_NEXT
        )
    return False


def _next_suspect(text: str, mark: str, start: int) -> int:
    """The first *mark* at or after *start* that :func:`_suspect` flags, or -1.

    Each mark is found with ``str.find`` (a memchr scan), not a character-class
    pattern, and most texts hold few marks or none.  The common well-placed
    closing mark is let go by an inline test before :func:`_suspect` is called.
    """
    n = len(text)
    opening = mark in "“‘"
    i = text.find(mark, start)
    while i >= 0:
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < n else " "
        # a closing or straight mark is suspect only with a letter or digit after it
        if (opening or after.isalnum()) and _suspect(mark, before, after):
            return i
        i = text.find(mark, i + 1)
    return -1


def suspect_marks(text: str) -> list[int]:
    """Offsets of the quote marks that :func:`_suspect` flags, in order."""
    found = []
    for mark in _MARKS:
        i = _next_suspect(text, mark, 0)
        while i >= 0:
            found.append(i)
            i = _next_suspect(text, mark, i + 1)
    found.sort()
    return found


def has_suspect_mark(text: str) -> bool:
    """Whether *text* holds a mark that :func:`_suspect` flags (``bool(suspect_marks(text))``)."""
    return any(_next_suspect(text, mark, 0) >= 0 for mark in _MARKS)


def _ascending(keys: array[int]) -> bool:
    return all(keys[k - 1] <= keys[k] for k in range(1, len(keys)))


def _in_order(parts: list[array[int]]) -> array[int]:
    """The repairs of a line's three readings, as one ascending array (equal ones kept)."""
    parts = [p for p in parts if len(p)]
    if not parts:
        return array("q")
    if not all(_ascending(p) for p in parts):
        return array("q", sorted(k for p in parts for k in p))
    out = parts[0]
    for other in parts[1:]:  # two ascending arrays, merged
        merged: array[int] = array("q")
        i = j = 0
        while i < len(out) and j < len(other):
            if out[i] <= other[j]:
                merged.append(out[i])
                i += 1
            else:
                merged.append(other[j])
                j += 1
        merged.extend(out[i:])
        merged.extend(other[j:])
        out = merged
    return out


def quote_edits(text: str) -> Edits:
    """The quote repairs for *text*, one paragraph (line) at a time, as a list of edits.

    The lines are visited in order of their suspect marks, each mark found
    once (one cursor a kind of mark, never a list of them); each line's
    repairs are coded integers in arrays until they become edits.
    """
    cursors = [_next_suspect(text, mark, 0) for mark in _MARKS]
    if max(cursors) < 0:
        return NO_EDITS
    edits = Edits(len(text))
    done = 0  # the paragraphs before this offset have been looked at
    while True:
        i = -1
        for c in cursors:
            if c >= 0 and (i < 0 or c < i):
                i = c
        if i < 0:
            break
        pos = text.rfind("\n", 0, i) + 1
        end = text.find("\n", i)
        if end < 0:
            end = len(text)
        done = end
        for k in range(len(cursors)):
            if 0 <= cursors[k] < done:
                cursors[k] = _next_suspect(text, _MARKS[k], done)
        # judged as the whitespace tidy will leave it: a quote before trailing
        # space (or a form feed) ends its line
        line = text[pos:end].rstrip()
        if code_like_at(text, pos, pos + len(line), near=i):
            continue  # markup, code, templates, CSV: their quotes are syntax
        parts: list[array[int]] = []
        if "“" in line or "”" in line:
            parts.append(_line_doubles(line, pos))
        if '"' in line:
            parts.append(_line_straight(line, pos))
        if "‘" in line:
            parts.append(_line_singles(line, pos))
        for key in _in_order(parts):
            at, code = key >> 3, key & 7
            if code == _SPACE:
                edits.add_id(_QUOTES, at, at, _REPLS[code])
            else:
                edits.add_id(_QUOTES, at, at + 1, _REPLS[code])
    return edits


def fix_quotes(text: str) -> list[Edit]:
    """Return the quote repairs for *text* as records (:func:`quote_edits`).

    >>> [(e.start, e.replacement) for e in fix_quotes("after Hamas”Kirby said")]
    []
    >>> [(e.start, e.replacement) for e in fix_quotes("“go after Hamas”Kirby said")]
    [(16, ' ')]
    >>> [(e.start, e.replacement) for e in fix_quotes("“human life“, he said")]
    [(11, '”')]
    >>> fix_quotes("„Das ist gut“, sagte er. Don’t touch ’90s 5'11\\" either.")
    []
    """
    return quote_edits(text).to_list(text)
