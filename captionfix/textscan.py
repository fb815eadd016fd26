"""The scans that every article pays for, over the whole text, before any rule decides.

Each function here is the definition, in Python, of a question asked of every
text, or of a record or text built for every CRLF file:

* :func:`hint_hits`: where the credit-label hints it is handed stand (detection);
* :func:`may_be_damaged`, :func:`gate_start`: whether the encoding rule must
  look, and where its pattern could match next;
* :func:`maybe_not_nfc`, :func:`normal_lines`: whether the text could be
  other than NFC, and whether its lines are in the normal form already;
* :func:`cr_runs`, :func:`lf_text`: the span of each carriage return's edit
  (filled into arrays), and the text those edits make; :data:`new_edit`
  builds the records of ``Result.edits``;
* :func:`count_space` (the removal cap), :func:`nonblank_starts` (the check
  after each round), :func:`drop_marks` (caption keys) and :func:`first_of`
  (label words).

A built wheel also carries ``captionfix._textscan``, a C module that answers
the same in one pass over the text's own buffer; when it is there, the names
without ``_py`` are its functions, and ``tests/test_build.py`` holds them to
the Python ones.

>>> hints = (":", "oto")
>>> [(p >> HINT_SHIFT, hints[p & HINT_MASK]) for p in hint_hits("Photo: AP", hints)]
[(2, 'oto'), (5, ':')]
"""

from __future__ import annotations

import re
from functools import cache, partial
from typing import TYPE_CHECKING, Final

import attrs

from captionfix.records import Edit

if TYPE_CHECKING:
    from array import array
    from collections.abc import Callable

#: A hit of :func:`hint_hits` is ``pos << HINT_SHIFT | k``: hint number *k* at *pos*.
HINT_SHIFT: Final = 5
#: ``hit & HINT_MASK`` is the number of the hint; at most this many hints (and
#: each hint at most 32 characters)
HINT_MASK: Final = (1 << HINT_SHIFT) - 1


def _check_hints(hints: tuple[str, ...]) -> None:
    """Raise what the C scan raises for hints it cannot take."""
    if not isinstance(hints, tuple) or not all(isinstance(h, str) for h in hints):
        msg = "hint_hits() takes a tuple of str as hints"
        raise TypeError(msg)
    if len(hints) > HINT_MASK + 1:
        msg = "hint_hits() takes at most 32 hints"
        raise ValueError(msg)
    if not all(1 <= len(h) <= 32 for h in hints):
        msg = "each hint holds 1 to 32 characters"
        raise ValueError(msg)


def hint_hits_py(text: str, hints: tuple[str, ...]) -> list[int]:
    """Where each of *hints* starts in *text*, as ``pos << HINT_SHIFT | index``, in order.

    The scan knows no words: the hints are the vocabulary's (``hint`` rows of
    ``captionfix/data/credit_labels.txt``).  Overlapping hits count ("ototo"
    holds "oto" twice); hits at one position come in the order of the hints.

    >>> [(p >> HINT_SHIFT, p & HINT_MASK) for p in hint_hits_py("Photo: AP", (":", "oto"))]
    [(2, 1), (5, 0)]
    """
    _check_hints(hints)
    hits = []
    for k, hint in enumerate(hints):
        p = text.find(hint)
        while p >= 0:
            hits.append(p << HINT_SHIFT | k)
            p = text.find(hint, p + 1)
    hits.sort()
    return hits


# The gate of the encoding rule, on the UTF-8 bytes.  Mojibake of UTF-8 read
# as Latin-1/cp1252 puts a lead-byte character (U+00C2..U+00F4: C3 82..C3 B4)
# before a continuation-byte one (C2 xx, the cp1252 punctuation C5/C6/CB xx,
# or E2 80/82/84 xx); C1 controls are C2 80..C2 9F.  Each test is a bytes
# pattern with a literal first byte or a bytes translate, never a character
# class walked over every character of the text.
_MOJIBAKE_BYTES: Final = re.compile(rb"\xc3[\x82-\xb4](?:[\xc2\xc5\xc6\xcb]|\xe2[\x80\x82\x84])")
_C1_BYTES: Final = re.compile(rb"\xc2[\x80-\x9f]")
_NOT_C0: Final = bytes(range(0x20, 0x7F)) + b"\t\n\r" + bytes(range(0x80, 0x100))


def may_be_damaged_py(text: str) -> bool:
    """Whether *text* may hold what the encoding rule repairs.

    True if it holds U+FFFD, an ``&`` with a ``;`` among the 32 characters
    from two after it, a C0 control other than tab and line ends, DEL, a C1
    control, or a lead-byte character before a continuation-byte one.  This is
    a superset of what ``normalize._GATE`` finds.

    >>> may_be_damaged_py("Plain text, “curly quotes”, café."), may_be_damaged_py("cafÃ©")
    (False, True)
    """
    if "\ufffd" in text:
        return True
    amp = text.find("&")
    while amp >= 0:
        if text.find(";", amp + 2, amp + 34) >= 0:
            return True
        amp = text.find("&", amp + 1)
    if text.isascii():
        data = text.encode("ascii")
    else:
        data = text.encode("utf-8", "surrogatepass")
        if _MOJIBAKE_BYTES.search(data) or _C1_BYTES.search(data):
            return True
    return bool(data.translate(None, _NOT_C0))


def maybe_not_nfc_py(text: str) -> bool:
    """Whether *text* may be other than NFC: always, as far as Python knows cheaply.

    ``unicodedata.is_normalized`` then decides.  The C version answers False
    for texts made only of characters that are NFC on their own and combine
    with nothing, which covers most news text, and skips that walk.
    """
    del text
    return True


def normal_lines_py(core: str) -> bool:
    """Whether no line of *core* ends with whitespace and no two blank lines follow each other.

    *core* is stripped at both ends (the test of the whitespace rule's normal
    form, :func:`captionfix.normalize.tidy`).  Each line break is found with
    ``str.find`` and only the character before it is looked at; no line is copied.

    >>> normal_lines_py("a\\n\\nb"), normal_lines_py("a \\nb"), normal_lines_py("a\\n\\n\\nb")
    (True, False, False)
    """
    if "\n\n\n" in core:
        return False  # two blank lines in a row
    p = core.find("\n")
    while p > 0:
        before = core[p - 1]
        if before != "\n" and before.isspace():
            return False  # a line that ends with whitespace (or holds only whitespace)
        p = core.find("\n", p + 1)
    return True


def count_space_py(text: str) -> int:
    """How many characters of *text* ``str.isspace`` calls space (``str.split`` splits on them).

    >>> count_space_py("a b\\u00a0c\\n")
    3
    """
    return len(text) - len("".join(text.split()))


# What copies of a caption may differ by: spaces, punctuation, quotes and dashes.
CAPTION_MARKS: Final = " \t\u00a0\r\n.,;:!?¡¿\"'“”‘’„«»()[]{}-–—/|*•…&"
_MARKS_RUN: Final = re.compile("[" + re.escape(CAPTION_MARKS) + "]+")


def drop_marks_py(text: str) -> str:
    """*text* without the characters of :data:`CAPTION_MARKS`.

    >>> drop_marks_py("“Fire,” in  Lisbon")
    'FireinLisbon'
    """
    # the spaces first, by str.replace: the pattern then has far fewer runs to cut
    return _MARKS_RUN.sub("", text.replace(" ", ""))


@cache
def _alternation(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, words)))


def first_of_py(text: str, words: tuple[str, ...], start: int) -> int:
    """Where the first of *words* begins in *text* at or after *start*, or -1.

    What a pattern of the words, one after another, finds with ``search``.

    >>> first_of_py("the photograph of a picture", ("picture", "photo"), 0)
    4
    """
    m = _alternation(words).search(text, start)
    return -1 if m is None else m.start()


def nonblank_starts_py(text: str) -> list[int]:
    """Where each line of *text* begins that holds a non-space character, in order.

    >>> nonblank_starts_py("a\\n \\n\\nb c\\n")
    [0, 5]
    """
    out = []
    start = 0
    for line in text.split("\n"):
        if line.strip():
            out.append(start)
        start += len(line) + 1
    return out


# Mojibake of UTF-8 read as Latin-1/cp1252 puts a lead-byte character (Â..ô)
# before a continuation-byte character: \x80-\xbf, or the cp1252 punctuation
# those bytes decode to (a character class body, for normalize._GATE).
CONTINUATION: Final = (
    "\x80-\xbf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc"
    "\u2013\u2014\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122"
)
_GATE_START: Final = re.compile(
    rf"[\u00c2-\u00f4](?=[{CONTINUATION}])|&|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]|\ufffd"
)


def gate_starts_py(text: str) -> list[int]:
    """Where a branch of the encoding rule's pattern could begin, in order.

    A lead-byte character before a continuation one, an ``&``, a C0 or C1
    control (not tab or a line end), or U+FFFD.

    >>> gate_starts_py("caf\\u00c3\\u00a9 & caf\\u00e9")
    [3, 6]
    """
    return [m.start() for m in _GATE_START.finditer(text)]


def gate_start_py(text: str, pos: int) -> int:
    """The first of :func:`gate_starts_py` at or after *pos*, or -1 (one at a time, no list).

    >>> gate_start_py("caf\\u00c3\\u00a9 & caf\\u00e9", 4)
    6
    """
    m = _GATE_START.search(text, max(pos, 0))
    return -1 if m is None else m.start()


_CR_RUN: Final = re.compile("\r+")


def cr_edits_py(text: str) -> list[Edit]:
    """The whitespace rule's edits of the carriage returns of *text*, in order.

    ``"\\r\\n"`` loses its ``"\\r"``; a run of lone ``"\\r"`` becomes as many
    ``"\\n"``, in one edit (a run costs one record, whatever its length).

    >>> [(e.start, e.replacement) for e in cr_edits_py("a\\r\\nb\\rc")]
    [(1, ''), (4, '\\n')]
    >>> [(e.start, e.end, e.replacement) for e in cr_edits_py("a\\r\\r\\r\\r\\nb")]
    [(1, 4, '\\n\\n\\n'), (4, 5, '')]
    """
    edits = []
    p = text.find("\r")
    while p >= 0:
        if text.startswith("\n", p + 1):  # "\r\n": only the "\r" goes
            edits.append(Edit("whitespace", p, p + 1, "", "\r"))
            p = text.find("\r", p + 1)
            continue
        m = _CR_RUN.match(text, p)
        q = m.end() if m else p + 1  # text[p] is a CR: m is never None
        if text.startswith("\n", q):
            q -= 1  # the run's last CR starts a "\r\n"
        edits.append(Edit("whitespace", p, q, "\n" * (q - p), "\r" * (q - p)))
        p = text.find("\r", q)
    return edits


def cr_runs_py(text: str, starts: array[int], ends: array[int]) -> tuple[int, bool]:
    """Fill *starts* and *ends* with the spans of :func:`cr_edits_py`, in place.

    The arrays must hold at least as many items as there are edits (as many
    as the carriage returns will do); returns how many were filled, and
    whether any is a run of lone ``"\\r"`` (its replacement is as many
    ``"\\n"``; a ``"\\r\\n"`` loses its ``"\\r"``).  No record is made.

    >>> from array import array
    >>> starts, ends = array("i", [0] * 3), array("i", [0] * 3)
    >>> cr_runs_py("a\\r\\nb\\r\\rc", starts, ends), list(starts), list(ends)
    ((2, True), [1, 4, 0], [2, 6, 0])
    """
    k = 0
    lone = False
    p = text.find("\r")
    while p >= 0:
        if text.startswith("\n", p + 1):  # "\r\n": only the "\r" goes
            q = p + 1
        else:
            m = _CR_RUN.match(text, p)
            q = m.end() if m else p + 1  # text[p] is a CR: m is never None
            if text.startswith("\n", q):
                q -= 1  # the run's last CR starts a "\r\n"
            lone = True
        if k >= len(starts) or k >= len(ends):
            msg = "cr_runs(): the arrays hold fewer items than the edits"
            raise ValueError(msg)
        starts[k] = p
        ends[k] = q
        k += 1
        p = text.find("\r", q)
    return k, lone


def lf_text_py(text: str) -> str:
    """*text* with the edits of :func:`cr_edits_py` applied: every line end a ``"\\n"``.

    >>> lf_text_py("a\\r\\nb\\rc\\r")
    'a\\nb\\nc\\n'
    """
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _plain_record(cls: type) -> bool:
    """Whether *cls* is an attrs class whose ``__init__`` only stores the fields of an Edit.

    The C version of :data:`new_edit` builds its records without calling
    ``__init__``, as ``object.__setattr__`` would fill them; it is used only
    while that is all ``__init__`` does.
    """
    fields = attrs.fields(cls)
    return (
        tuple(f.name for f in fields) == ("rule", "start", "end", "replacement", "before")
        and all(f.validator is None and f.converter is None and f.init for f in fields)
        and not hasattr(cls, "__attrs_post_init__")
        and not hasattr(cls, "__attrs_pre_init__")
    )


hint_hits: Callable[[str, tuple[str, ...]], list[int]]
may_be_damaged: Callable[[str], bool]
maybe_not_nfc: Callable[[str], bool]
count_space: Callable[[str], int]
normal_lines: Callable[[str], bool]
drop_marks: Callable[[str], str]
first_of: Callable[[str, tuple[str, ...], int], int]
nonblank_starts: Callable[[str], list[int]]
gate_start: Callable[[str, int], int]
cr_runs: Callable[[str, array[int], array[int]], tuple[int, bool]]
lf_text: Callable[[str], str]
#: ``new_edit(rule, start, end, replacement, before)``: an :class:`Edit`, built
#: field by field in C where the C module is there (see :func:`_plain_record`);
#: ``Result.edits`` builds its records with it when they are looked at
new_edit: Callable[[str, int, int, str, str], Edit]
try:
    from captionfix import _textscan
except ImportError:  # pure Python: a development checkout, or no compiler at build time
    NATIVE = False
    hint_hits, may_be_damaged, maybe_not_nfc = hint_hits_py, may_be_damaged_py, maybe_not_nfc_py
    count_space, normal_lines, drop_marks = count_space_py, normal_lines_py, drop_marks_py
    first_of, nonblank_starts, gate_start = first_of_py, nonblank_starts_py, gate_start_py
    cr_runs, lf_text = cr_runs_py, lf_text_py
    new_edit = Edit
else:
    NATIVE = True
    hint_hits = _textscan.hint_hits
    may_be_damaged = _textscan.may_be_damaged
    maybe_not_nfc = _textscan.maybe_not_nfc
    count_space = _textscan.count_space
    normal_lines = _textscan.normal_lines
    drop_marks = _textscan.drop_marks
    first_of = _textscan.first_of
    nonblank_starts = _textscan.nonblank_starts
    gate_start = _textscan.gate_start
    cr_runs = _textscan.cr_runs
    # records are built in C only while Edit's __init__ just stores its fields
    new_edit = partial(_textscan.new_edit, Edit) if _plain_record(Edit) else Edit
    lf_text = _textscan.lf_text
