"""The ``whitespace`` rule: the normal form of ``Result.text``.

It works in two passes: :func:`prepare` runs first (byte-order mark, line
endings, NFC), so that every other rule sees ``\\n`` line ends; :func:`tidy`
runs last and gives the normal form after the removals.
"""

from __future__ import annotations

import unicodedata
from typing import Final

from captionfix.edits import NO_EDITS, PACK, WHITESPACE, Edits, compose_edits, offsets
from captionfix.lines import fine_edits_into
from captionfix.records import Edit  # noqa: TC001 - compiled code checks the type at run time
from captionfix.textscan import cr_runs, lf_text, maybe_not_nfc, normal_lines


def prepare(text: str) -> list[Edit]:
    """The first half of the ``whitespace`` rule: BOM, line endings, NFC.

    >>> [(e.start, e.replacement) for e in prepare("\\ufeffa\\r\\nb")]
    [(0, ''), (2, '')]
    """
    return prepare_edits(text)[0].to_list(text)


def prepare_stage(text: str) -> tuple[list[Edit], str]:
    """:func:`prepare`'s edits (as records), and the text they make.

    >>> prepare_stage("a\\r\\nb\\rc")[1]
    'a\\nb\\nc'
    >>> prepare_stage("cafe\\u0301\\r\\ufeffNext")[1]
    'café\\nNext'
    """
    edits, after = prepare_edits(text)
    return edits.to_list(text), after


def _cr_edits(text: str, size: int) -> Edits:
    """The edit of each carriage return of *text* (see :func:`~captionfix.textscan.cr_runs`)."""
    out = Edits(size)
    n = text.count("\r")  # at least as many as the edits: the arrays are filled in place
    zero = offsets(size)
    zero.append(0)
    starts, ends = zero * n, zero * n
    count, lone = cr_runs(text, starts, ends)
    del starts[count:]
    del ends[count:]
    out.rules += bytes([WHITESPACE]) * count
    repls = [""] * count
    if lone:  # runs of lone CRs: as many line feeds
        for k in range(count):
            s, e = starts[k], ends[k]
            if e - s > 1 or text[e : e + 1] != "\n":
                repls[k] = "\n" * (e - s)
    out.repls = repls
    if count < PACK:  # an article's line ends: lists, as any short list of edits
        out.starts, out.ends = starts.tolist(), ends.tolist()
    else:
        out.starts, out.ends = starts, ends
        out.packed = True
    return out


def prepare_edits(text: str) -> tuple[Edits, str]:
    """:func:`prepare`'s edits, and the text they make.

    The byte-order marks and line ends go first; NFC is then judged on the
    text they leave, and its edits are composed onto the input, so an NFC edit
    next to a ``"\\r"`` or a BOM cannot bring either back (``e\\u0301\\r``).
    When line ends are all that changes (a CRLF file: one edit per line), the
    text is made by :func:`~captionfix.textscan.lf_text` in one pass instead of
    by applying the edits one by one.
    """
    size = len(text)
    first = NO_EDITS
    bom = "\ufeff" in text
    crlf = "\r" in text
    if crlf:  # a CRLF text brings one edit per line
        first = _cr_edits(text, size)
    if bom:
        # a byte-order mark carries no text; inside a text (files glued together,
        # or a BOM behind leading space) it is the same debris
        marks = Edits(size)
        p = text.find("\ufeff")
        while p >= 0:
            marks.add_id(WHITESPACE, p, p + 1, "")
            p = text.find("\ufeff", p + 1)
        if crlf:  # disjoint: a BOM is no CR
            both = Edits(size)
            _merge_by_start(both, first, marks)
            first = both
        else:
            first = marks
    # NFC is judged without the byte-order marks, which go anyway: one between a
    # letter and its accent ("e\ufeff\u0301") hides the pair from NFC until it is gone
    not_nfc = maybe_not_nfc(text) and not unicodedata.is_normalized(
        "NFC", text.replace("\ufeff", "") if bom else text
    )
    if not len(first):
        mid = text
    elif bom:
        mid = first.apply(text)
    else:  # line ends are the only edits so far
        mid = lf_text(text)
    if not not_nfc:
        return first, mid
    second = Edits(len(mid))
    shared: dict[str, str] = {}  # one string for equal replacements
    start = 0
    n = len(mid)
    while start <= n:  # line by line, found rather than listed
        end = mid.find("\n", start)
        if end < 0:
            end = n
        line = mid[start:end]
        if not unicodedata.is_normalized("NFC", line):
            nfc = unicodedata.normalize("NFC", line)
            fine_edits_into(second, WHITESPACE, mid, start, end, nfc, shared)
        start = end + 1
    after = second.apply(mid)
    return (compose_edits(text, first, second, mid) if len(first) else second), after


def _merge_by_start(out: Edits, a: Edits, b: Edits) -> None:
    """Append the edits of *a* and *b* (disjoint, each in order) to *out*, in order of start."""
    i = j = 0
    na, nb = len(a), len(b)
    while i < na or j < nb:
        if j >= nb:
            out.take_range(a, i, na)
            break
        if i >= na:
            out.take_range(b, j, nb)
            break
        if a.starts[i] <= b.starts[j]:
            out.take(a, i)
            i += 1
        else:
            out.take(b, j)
            j += 1


_LONG_RUN: Final = 64  # line breaks in a row; tidy folds any run of three or more


def fold_long_runs(text: str) -> Edits:
    """Shorten each run of more than ``_LONG_RUN`` line breaks to ``_LONG_RUN``.

    Text made of megabytes of blank lines (a run of lone ``"\\r"``) would
    otherwise cost the detection pass a line record per blank line; :func:`tidy`
    folds the run to one blank line in the end anyway, and composition merges
    the two edits into the one it would have made alone.

    >>> edits = fold_long_runs("a" + "\\n" * 100 + "b")
    >>> list(edits.starts), list(edits.ends)
    ([65], [101])
    """
    long_run = "\n" * _LONG_RUN
    p = text.find(long_run)
    if p < 0:
        return NO_EDITS
    edits = Edits(len(text))
    while p >= 0:
        q = p + _LONG_RUN
        n = len(text)
        while q < n and text[q] == "\n":
            q += 1
        if q > p + _LONG_RUN:
            keep = p + _LONG_RUN
            edits.add_id(WHITESPACE, keep, q, "")
        p = text.find(long_run, q)
    return edits


def tidy(text: str) -> Edits:
    """The second half of the ``whitespace`` rule: the normal form of SPEC §4.

    Strips whitespace at both ends of the document and at the end of every
    line, and folds runs of blank lines into one.  Spaces inside a line are
    left as they are.

    >>> from captionfix.edits import apply_edits
    >>> apply_edits(" a  \\n\\n\\n\\nb \\n", tidy(" a  \\n\\n\\n\\nb \\n"))
    'a\\n\\nb'
    """
    core = text.rstrip()
    n = len(text)
    if core[:1].strip() and normal_lines(core):
        # already in the normal form but for the end (a file's last line break)
        hi = len(core)
        if hi == n:
            return NO_EDITS
        last = Edits(n)
        last.add_id(WHITESPACE, hi, n, "")
        return last
    edits = Edits(n)
    lo = 0
    while lo < n and text[lo].isspace():
        lo += 1
    if lo == n:
        if n:
            edits.add_id(WHITESPACE, 0, n, "")
        return edits
    hi = n
    while text[hi - 1].isspace():
        hi -= 1
    if lo:
        edits.add_id(WHITESPACE, 0, lo, "")
    # one pass over the lines of text[lo:hi]; a blank run starts at the line
    # break before its first blank line and ends at the break after its last
    pos = lo
    run_start = -1  # offset of the "\n" that opened the current run of blank lines
    blanks = 0
    while pos <= hi:
        # the lines of text[lo:hi] one by one, found rather than split (a megabyte
        # of short lines is not a list of a million strings)
        end = text.find("\n", pos, hi)
        if end < 0:
            end = hi
        line = text[pos:end]
        if line and not line.isspace():
            if blanks > 1:
                edits.add_id(WHITESPACE, run_start, pos, "\n\n")
            elif blanks == 1 and pos - 1 > run_start + 1:
                # one blank line holding spaces: keep the line, drop its spaces
                edits.add_id(WHITESPACE, run_start + 1, pos - 1, "")
            blanks = 0
            if line[-1].isspace():
                cut = end
                while text[cut - 1].isspace():
                    cut -= 1
                edits.add_id(WHITESPACE, cut, end, "")
            run_start = end  # the "\n" after this line
        else:
            blanks += 1
        pos = end + 1
    if hi < n:
        edits.add_id(WHITESPACE, hi, n, "")
    return edits
