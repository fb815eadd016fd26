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
from typing import Final

from captionfix.lines import code_like_at
from captionfix.records import Edit  # noqa: TC001 - compiled code checks the type at run time
from captionfix.textscan import new_edit

# a paragraph needs looking at only if it holds one of these (a lone ’ never does)
_MARKS: Final = '“”„"‘'
_DOUBLES: Final = re.compile("[“”]")
_SINGLES: Final = re.compile("[‘’]")
# characters after which a quote still opens (nothing glued on its left)
_OPENERS: Final = "([{—–-/\u00a0«¿¡"
# characters after which a quote cannot open
_CLOSING_NEXT: Final = ".,;:!?)]}…"


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


def _line_doubles(line: str, base: int) -> list[tuple[int, str]]:
    """Repairs for curly double quotes: ``(offset, replacement)`` pairs.

    The line is read as a run of quotations.  A repair is kept only when the
    quotation it belongs to closes cleanly; a quotation that does not pair up
    (nested, unclosed, a stray mark) drops its repairs and the reading starts
    afresh, so one irregular quotation in a long paragraph does not block the
    others, and is never repaired itself.
    """
    if "„" in line or "«" in line or "»" in line:
        return []
    fixes: list[tuple[int, str]] = []
    pending: list[tuple[int, str]] = []
    is_open = False
    uses_opening = "“" in line
    for m in _DOUBLES.finditer(line):
        i = m.start()
        if m.group() == "“":
            if is_open and _closes(line, i):
                fixes.extend(pending)
                fixes.append((i, "”"))
                pending = []
                is_open = False
            elif is_open:
                pending = []  # nested or unbalanced: start afresh from this mark
            else:
                if _glued_left(line, i) and _glued_right(line, i) and line[i - 1] not in "'‘’":
                    pending.append((i, " “"))
                is_open = True
        elif is_open:
            if (
                _glued_left(line, i)
                and _glued_right(line, i)
                and not (line[i - 1].isalnum() and _SUFFIX.match(line, i + 1))
            ):
                pending.append((i + 1, " "))  # but “URL”s: a suffix on the quoted word
            fixes.extend(pending)
            pending = []
            is_open = False
        elif _glued_right(line, i) and _glued_left(line, i) and line[i - 1] not in _ELISION:
            # an opening quote glued to the previous word (not an elision: d'”inscrire)
            pending = [(i, " “" if uses_opening else " ”")]
            is_open = True
        elif _glued_right(line, i):
            pending = []
            is_open = True  # a ”…” style opening (Swedish, Finnish): leave
        else:
            pending = []  # a stray closing mark: nothing to pair it with
    return [(base + i, r) for i, r in fixes]


def _line_straight(line: str, base: int) -> list[tuple[int, str]]:
    """Spaces for glued straight double quotes, paired by position."""
    marks = []
    i = line.find('"')
    while i >= 0:
        if not (i and line[i - 1].isdigit()):
            marks.append(i)
        i = line.find('"', i + 1)
    if not marks or len(marks) % 2:
        return []
    fixes = []
    for n, i in enumerate(marks):
        if not (_glued_left(line, i) and i + 1 < len(line) and line[i + 1].isalpha()):
            continue
        if not (line[i - 1].isalnum() or line[i - 1] in _STRAIGHT_AFTER):
            continue  # d'"inscrire", ,"field", \"escaped": no word glued on the left
        if n % 2 and line[i - 1].isalnum() and _SUFFIX.match(line, i + 1):
            continue  # "URL"s, "squash"ed: a suffix on the quoted word, not the next word
        if n % 2 == 0 and _string_prefix(line, i):
            continue  # f"…", b"…", rb"…": a string literal's prefix, not a word
        fixes.append((base + i, " ") if n % 2 == 0 else (base + i + 1, " "))
    return fixes


def _line_singles(line: str, base: int) -> list[tuple[int, str]]:
    """Wrong-way closing single quotes (``as well‘,``), when a ‘ is open."""
    fixes = []
    depth = 0
    for m in _SINGLES.finditer(line):
        i, ch = m.start(), m.group()
        if ch == "‘":
            if depth and _closes(line, i):
                fixes.append((base + i, "’"))
                depth -= 1
            elif not _glued_left(line, i) and _glued_right(line, i):
                depth += 1
        elif ch == "’" and depth and _closes(line, i):
            depth -= 1
    return fixes if depth == 0 else []


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


def suspect_marks(text: str) -> list[int]:
    """Offsets of the quote marks that :func:`_suspect` flags, in order.

    Each mark is found with ``str.find`` (a memchr scan), not a character-class
    pattern, and most texts hold few marks or none.  The common well-placed
    closing mark is let go by an inline test before :func:`_suspect` is called.
    """
    n = len(text)
    found = []
    for mark in _MARKS:
        opening = mark in "“‘"
        i = text.find(mark)
        while i >= 0:
            before = text[i - 1] if i else " "
            after = text[i + 1] if i + 1 < n else " "
            # a closing or straight mark is suspect only with a letter or digit after it
            if (opening or after.isalnum()) and _suspect(mark, before, after):
                found.append(i)
            i = text.find(mark, i + 1)
    found.sort()
    return found


def fix_quotes(text: str) -> list[Edit]:
    """Return the quote repairs for *text*, one paragraph (line) at a time.

    >>> [(e.start, e.replacement) for e in fix_quotes("after Hamas”Kirby said")]
    []
    >>> [(e.start, e.replacement) for e in fix_quotes("“go after Hamas”Kirby said")]
    [(16, ' ')]
    >>> [(e.start, e.replacement) for e in fix_quotes("“human life“, he said")]
    [(11, '”')]
    >>> fix_quotes("„Das ist gut“, sagte er. Don’t touch ’90s 5'11\\" either.")
    []
    """
    edits: list[Edit] = []
    done = 0  # the paragraphs before this offset have been looked at
    for i in suspect_marks(text):
        if i < done:
            continue
        pos = text.rfind("\n", 0, i) + 1
        end = text.find("\n", i)
        if end < 0:
            end = len(text)
        done = end
        # judged as the whitespace tidy will leave it: a quote before trailing
        # space (or a form feed) ends its line
        line = text[pos:end].rstrip()
        if code_like_at(text, pos, pos + len(line), near=i):
            continue  # markup, code, templates, CSV: their quotes are syntax
        fixes = _line_doubles(line, pos) if ("“" in line or "”" in line) else []
        if '"' in line:
            fixes += _line_straight(line, pos)
        if "‘" in line:
            fixes += _line_singles(line, pos)
        for at, new in sorted(fixes):
            if new in ("”", "’", " “", " ”"):
                edits.append(new_edit("quotes", at, at + 1, new, text[at]))
            else:
                edits.append(new_edit("quotes", at, at, new, ""))
    return edits
