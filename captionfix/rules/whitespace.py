"""The ``whitespace`` rule: the normal form of ``Result.text``.

It works in two passes: :func:`prepare` runs first (byte-order mark, line
endings, NFC), so that every other rule sees ``\\n`` line ends; :func:`tidy`
runs last and gives the normal form after the removals.
"""

from __future__ import annotations

import unicodedata
from operator import attrgetter
from typing import Final

from captionfix.edits import apply_edits, compose
from captionfix.lines import fine_edits, line_bounds
from captionfix.records import Edit  # noqa: TC001 - compiled code checks the type at run time
from captionfix.textscan import cr_edits, lf_text, maybe_not_nfc, new_edit, normal_lines

_BY_START: Final = attrgetter("start")


def prepare(text: str) -> list[Edit]:
    """The first half of the ``whitespace`` rule: BOM, line endings, NFC.

    >>> [(e.start, e.replacement) for e in prepare("\\ufeffa\\r\\nb")]
    [(0, ''), (2, '')]
    """
    return prepare_stage(text)[0]


def prepare_stage(text: str) -> tuple[list[Edit], str]:
    """:func:`prepare`'s edits, and the text they make.

    The byte-order marks and line ends go first; NFC is then judged on the
    text they leave, and its edits are composed onto the input, so an NFC edit
    next to a ``"\\r"`` or a BOM cannot bring either back (``e\\u0301\\r``).
    When line ends are all that changes (a CRLF file: one edit per line), the
    text is made by :func:`~captionfix.textscan.lf_text` in one pass instead of
    by applying the edits one by one.

    >>> prepare_stage("a\\r\\nb\\rc")[1]
    'a\\nb\\nc'
    >>> prepare_stage("cafe\\u0301\\r\\ufeffNext")[1]
    'café\\nNext'
    """
    first: list[Edit] = []
    bom = "\ufeff" in text
    if bom:
        # a byte-order mark carries no text; inside a text (files glued together,
        # or a BOM behind leading space) it is the same debris
        p = text.find("\ufeff")
        while p >= 0:
            first.append(new_edit("whitespace", p, p + 1, "", "\ufeff"))
            p = text.find("\ufeff", p + 1)
    crlf = "\r" in text
    if crlf:  # a CRLF text brings one edit per line
        if first:
            first.extend(cr_edits(text))
            first.sort(key=_BY_START)  # disjoint: a BOM is no CR
        else:
            first = cr_edits(text)
    # NFC is judged without the byte-order marks, which go anyway: one between a
    # letter and its accent ("e\ufeff\u0301") hides the pair from NFC until it is gone
    not_nfc = maybe_not_nfc(text) and not unicodedata.is_normalized(
        "NFC", text.replace("\ufeff", "") if bom else text
    )
    if not first:
        mid = text
    elif bom:
        mid = apply_edits(text, first)
    else:  # line ends are the only edits so far
        mid = lf_text(text)
    if not not_nfc:
        return first, mid
    second: list[Edit] = []
    for start, end in line_bounds(mid):
        line = mid[start:end]
        if not unicodedata.is_normalized("NFC", line):
            nfc = unicodedata.normalize("NFC", line)
            second.extend(fine_edits("whitespace", mid, start, end, nfc))
    after = apply_edits(mid, second)
    return (compose(text, first, second) if first else second), after


_LONG_RUN: Final = 64  # line breaks in a row; tidy folds any run of three or more


def fold_long_runs(text: str) -> list[Edit]:
    """Shorten each run of more than ``_LONG_RUN`` line breaks to ``_LONG_RUN``.

    Text made of megabytes of blank lines (a run of lone ``"\\r"``) would
    otherwise cost the detection pass a line record per blank line; :func:`tidy`
    folds the run to one blank line in the end anyway, and composition merges
    the two edits into the one it would have made alone.

    >>> [(e.start, e.end) for e in fold_long_runs("a" + "\\n" * 100 + "b")]
    [(65, 101)]
    """
    long_run = "\n" * _LONG_RUN
    p = text.find(long_run)
    edits: list[Edit] = []
    while p >= 0:
        q = p + _LONG_RUN
        n = len(text)
        while q < n and text[q] == "\n":
            q += 1
        if q > p + _LONG_RUN:
            keep = p + _LONG_RUN
            edits.append(new_edit("whitespace", keep, q, "", text[keep:q]))
        p = text.find(long_run, q)
    return edits


def tidy(text: str) -> list[Edit]:
    """The second half of the ``whitespace`` rule: the normal form of SPEC §4.

    Strips whitespace at both ends of the document and at the end of every
    line, and folds runs of blank lines into one.  Spaces inside a line are
    left as they are.

    >>> from captionfix.edits import apply_edits
    >>> apply_edits(" a  \\n\\n\\n\\nb \\n", tidy(" a  \\n\\n\\n\\nb \\n"))
    'a\\n\\nb'
    """
    core = text.rstrip()
    if core[:1].strip() and normal_lines(core):
        # already in the normal form but for the end (a file's last line break)
        hi = len(core)
        return [new_edit("whitespace", hi, len(text), "", text[hi:])] if hi < len(text) else []
    n = len(text)
    lo = 0
    while lo < n and text[lo].isspace():
        lo += 1
    if lo == n:
        return [new_edit("whitespace", 0, n, "", text)] if n else []
    hi = n
    while text[hi - 1].isspace():
        hi -= 1
    edits: list[Edit] = []
    if lo:
        edits.append(new_edit("whitespace", 0, lo, "", text[:lo]))
    # one pass over the lines of text[lo:hi]; a blank run starts at the line
    # break before its first blank line and ends at the break after its last
    pos = lo
    run_start = -1  # offset of the "\n" that opened the current run of blank lines
    blanks = 0
    for line in text[lo:hi].split("\n"):
        end = pos + len(line)
        if line and not line.isspace():
            if blanks > 1:
                edits.append(new_edit("whitespace", run_start, pos, "\n\n", text[run_start:pos]))
            elif blanks == 1 and text[run_start + 1 : pos - 1]:
                # one blank line holding spaces: keep the line, drop its spaces
                edits.append(
                    new_edit(
                        "whitespace", run_start + 1, pos - 1, "", text[run_start + 1 : pos - 1]
                    )
                )
            blanks = 0
            if line[-1].isspace():
                cut = end
                while text[cut - 1].isspace():
                    cut -= 1
                edits.append(new_edit("whitespace", cut, end, "", text[cut:end]))
            run_start = end  # the "\n" after this line
        else:
            blanks += 1
        pos = end + 1
    if hi < n:
        edits.append(new_edit("whitespace", hi, n, "", text[hi:]))
    return edits
