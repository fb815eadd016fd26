"""The ``whitespace`` rule: the normal form of ``Result.text``.

It works in two passes: :func:`prepare` runs first (byte-order mark, line
endings, NFC), so that every other rule sees ``\\n`` line ends; :func:`tidy`
runs last and gives the normal form after the removals.
"""

from __future__ import annotations

import unicodedata

from captionfix.edits import apply_edits
from captionfix.lines import fine_edits, line_bounds
from captionfix.records import Edit  # noqa: TC001 - compiled code checks the type at run time
from captionfix.textscan import cr_edits, lf_text, maybe_not_nfc, new_edit, normal_lines


def prepare(text: str) -> list[Edit]:
    """The first half of the ``whitespace`` rule: BOM, line endings, NFC.

    >>> [(e.start, e.replacement) for e in prepare("\\ufeffa\\r\\nb")]
    [(0, ''), (2, '')]
    """
    return prepare_stage(text)[0]


def prepare_stage(text: str) -> tuple[list[Edit], str]:
    """:func:`prepare`'s edits, and the text they make.

    When line ends are all that changes (a CRLF file: one edit per line), the
    text is made by :func:`~captionfix.textscan.lf_text` in one pass instead of
    by applying the edits one by one.

    >>> prepare_stage("a\\r\\nb\\rc")[1]
    'a\\nb\\nc'
    """
    edits: list[Edit] = []
    kinds = 0  # how many of the three made edits: the edits of one come in order
    bom = "\ufeff" in text
    if bom:
        # a byte-order mark carries no text; inside a text (files glued together,
        # or a BOM behind leading space) it is the same debris
        kinds += 1
        p = text.find("\ufeff")
        while p >= 0:
            edits.append(new_edit("whitespace", p, p + 1, "", "\ufeff"))
            p = text.find("\ufeff", p + 1)
    crlf = "\r" in text
    if crlf:  # a CRLF text brings one edit per line
        kinds += 1
        edits.extend(cr_edits(text))
    # NFC is judged without the byte-order marks, which go anyway: one between a
    # letter and its accent ("e\ufeff\u0301") hides the pair from NFC until it is gone
    if maybe_not_nfc(text) and not unicodedata.is_normalized(
        "NFC", text.replace("\ufeff", "") if bom else text
    ):
        kinds += 1
        for start, end in line_bounds(text):
            line = text[start:end].replace("\ufeff", "") if bom else text[start:end]
            if not unicodedata.is_normalized("NFC", line):
                nfc = unicodedata.normalize("NFC", line)
                edits.extend(fine_edits("whitespace", text, start, end, nfc))
    if kinds > 1:
        # a longer edit (NFC over a token holding a BOM) wins over one inside it
        edits.sort(key=lambda e: (e.start, -e.end))
        edits = _drop_overlaps(edits)
    elif crlf:  # line ends are the only edits
        return edits, lf_text(text)
    return edits, apply_edits(text, edits) if edits else text


def _drop_overlaps(edits: list[Edit]) -> list[Edit]:
    out: list[Edit] = []
    for e in edits:
        if out and e.start < out[-1].end:
            continue
        out.append(e)
    return out


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
