"""The text-level rules: ``encoding`` (ftfy behind a gate) and ``whitespace`` (SPEC §4).

``whitespace`` works in two passes: :func:`prepare` runs first (byte-order
mark, line endings, NFC), so that every other rule sees ``\\n`` line ends;
:func:`tidy` runs last and gives the normal form after the removals.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Final

import ftfy

from captionfix.edits import apply_edits, minimal_edit
from captionfix.records import Edit  # noqa: TC001 - compiled code checks the type at run time
from captionfix.textscan import (
    CONTINUATION,
    cr_edits,
    gate_starts,
    lf_text,
    may_be_damaged,
    maybe_not_nfc,
    new_edit,
    normal_lines,
)

# A line may hold damage when it has one of these; a line without any is never
# shown to ftfy.  Mojibake of UTF-8 read as Latin-1/cp1252 puts a lead-byte
# character (Â..ô) before a continuation-byte character (\x80-\xbf, or the
# cp1252 punctuation those bytes decode to); the rest are entities, C0/C1
# controls, and the replacement character.
_GATE: Final = re.compile(
    rf"[\u00c2-\u00f4][{CONTINUATION}]"
    r"|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]{1,31});"
    r"|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
    r"|\ufffd"
)
# (the cheap gate before it, which sees the whole text at once, is
# captionfix.textscan.may_be_damaged; the pattern is tried only where
# captionfix.textscan.gate_starts says one of its branches could begin)


@cache
def _ftfy_config() -> ftfy.TextFixerConfig:
    # Chosen on purpose: quotes keep their direction (the quote rule needs it),
    # full-width and ligature characters are text, not damage, and line breaks
    # are the whitespace rule's business.
    return ftfy.TextFixerConfig(
        unescape_html="auto",
        uncurl_quotes=False,
        fix_character_width=False,
        fix_latin_ligatures=False,
        fix_line_breaks=False,
        normalization="NFC",
        explain=False,
    )


def _lines(text: str) -> list[tuple[int, int]]:
    """Return ``(start, end)`` of each line's content, without its ``\\n``."""
    out = []
    pos = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        if nl < 0:
            out.append((pos, n))
            break
        out.append((pos, nl))
        pos = nl + 1
    return out


def fix_encoding(text: str) -> list[Edit]:
    """Repair mojibake, HTML entities and control characters, token by token.

    Only lines that the gate flags reach ftfy, so clean text costs a few
    substring scans.  Each edit is trimmed to what really changes.

    >>> [(e.before, e.replacement) for e in fix_encoding("caf\\u00c3\\u00a9 &amp; bar")]
    [('Ã©', 'é'), ('amp;', '')]
    >>> fix_encoding("Clean text, “curly quotes” stay.")
    []
    """
    if not may_be_damaged(text):
        return []  # the cheap gate; the full pattern below then runs once, not twice
    edits: list[Edit] = []
    config = _ftfy_config()
    seen: dict[str, str] = {}  # a damaged token often recurs in one text ("â€™", "&amp;")
    # ftfy sees one space-delimited token at a time: mojibake never spans an
    # ASCII space, and a token's repair then does not depend on its neighbours
    # (so removing a caption next to it cannot change the verdict).
    done = 0
    resume = 0  # where _GATE.finditer would look next: matches do not overlap
    for at in gate_starts(text):
        if at < resume:
            continue
        m = _GATE.match(text, at)
        if m is None:
            continue
        resume = m.end()
        if m.start() < done:
            continue
        start, end = _token(text, m.start(), m.end())
        start = max(start, done)
        end = max(end, m.end())
        done = end
        token = text[start:end]
        fixed = seen.get(token)
        if fixed is None:
            fixed = seen[token] = _fix_token(token, config)
        if fixed != token:
            edit = minimal_edit("encoding", text, start, end, fixed)
            if edit:
                edits.append(edit)
    return edits


def _fix_token(token: str, config: ftfy.TextFixerConfig) -> str:
    fixed = ftfy.fix_text(token, config=config)
    for _ in range(2):  # ftfy's own result can look like mojibake again
        again = ftfy.fix_text(fixed, config=config) if _GATE.search(fixed) else fixed
        if again == fixed:
            break
        fixed = again
    return fixed.replace("\ufeff", "")  # a decoded byte-order mark is debris too


_CONTROL_SPACES: Final = "\x0b\x0c\x1c\x1d\x1e\x1f\x85"


def _token(text: str, start: int, end: int) -> tuple[int, int]:
    """The whitespace-delimited token around ``text[start:end]``.

    A no-break space counts as a delimiter unless it follows a lead-byte
    character (``Â\u00a0``: mojibake of a no-break space; the pair must reach
    ftfy whole).  Control characters that ``str.isspace`` calls spaces
    (``\x0b``, ``\x0c``, ``\x1c``-``\x1f``, NEL ``\x85``) never delimit: ftfy
    removes or decodes them, and the characters they stood between must be
    judged together, or a second pass would find what the first one glued.
    """

    def glued(k: int) -> bool:  # whether the space at k belongs to the token
        if text[k] in _CONTROL_SPACES:
            return True  # a control that ftfy removes or decodes: no boundary
        return text[k] == "\u00a0" and k > 0 and "\u00c2" <= text[k - 1] <= "\u00f4"

    while start > 0 and not (text[start - 1].isspace() and not glued(start - 1)):
        start -= 1
    n = len(text)
    while end < n and not (text[end].isspace() and not glued(end)):
        end += 1
    return start, end


def _fine_edits(rule: str, text: str, start: int, end: int, new: str) -> list[Edit]:
    """Split a line replacement into word-sized edits where the words line up."""
    old = text[start:end]
    old_words = old.split(" ")
    new_words = new.split(" ")
    if len(old_words) != len(new_words):
        edit = minimal_edit(rule, text, start, end, new)
        return [edit] if edit else []
    edits = []
    pos = start
    for ow, nw in zip(old_words, new_words, strict=True):
        edit = minimal_edit(rule, text, pos, pos + len(ow), nw)
        if edit:
            edits.append(edit)
        pos += len(ow) + 1
    return edits


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
        for start, end in _lines(text):
            line = text[start:end].replace("\ufeff", "") if bom else text[start:end]
            if not unicodedata.is_normalized("NFC", line):
                nfc = unicodedata.normalize("NFC", line)
                edits.extend(_fine_edits("whitespace", text, start, end, nfc))
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
