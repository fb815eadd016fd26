"""The ``encoding`` rule: mojibake, HTML entities and control characters, via ftfy behind a gate.

A line is shown to ftfy only where a cheap gate says it may be damaged
(:func:`captionfix.textscan.may_be_damaged` over the whole text, then
:data:`_GATE` where :func:`captionfix.textscan.gate_start` says a branch could
begin), and only the damaged token is replaced.  ftfy runs with an explicit
config that keeps curly quotes.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Final

import ftfy

from captionfix.edits import NO_EDITS, Edits, compose_edits, rule_id, trim
from captionfix.lines import code_like_at
from captionfix.records import Edit  # noqa: TC001 - compiled code checks the type at run time
from captionfix.textscan import CONTINUATION, gate_start, may_be_damaged

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


@cache
def _ftfy_config(markup: bool = False) -> ftfy.TextFixerConfig:
    # Chosen on purpose: quotes keep their direction (the quote rule needs it),
    # full-width and ligature characters are text, not damage, and line breaks
    # are the whitespace rule's business.  ftfy's own "auto" rule leaves
    # entities alone in text that holds a "<" (markup, where "&lt;" is meant);
    # ftfy sees one token at a time here, so the rule is applied to the whole
    # text by the caller (*markup*).
    return ftfy.TextFixerConfig(
        unescape_html=False if markup else "auto",
        uncurl_quotes=False,
        fix_character_width=False,
        fix_latin_ligatures=False,
        fix_line_breaks=False,
        normalization="NFC",
        explain=False,
    )


_ENCODING: Final = rule_id("encoding")
_CACHE_MAX: Final = 4096  # distinct tokens whose repair is remembered within a text
_CACHE_LONGEST: Final = 256  # characters of a token worth remembering (a long one rarely recurs)


def fix_encoding(text: str) -> list[Edit]:
    """Repair mojibake, HTML entities and control characters, token by token (as records).

    >>> [(e.before, e.replacement) for e in fix_encoding("caf\\u00c3\\u00a9 &amp; bar")]
    [('Ã©', 'é'), ('amp;', '')]
    >>> fix_encoding("Clean text, “curly quotes” stay.")
    []
    """
    return encoding_edits(text).to_list(text)


def encoding_edits(text: str) -> Edits:
    """Repair mojibake, HTML entities and control characters, token by token.

    Only lines that the gate flags reach ftfy, so clean text costs a few
    substring scans.  Each edit is trimmed to what really changes.
    """
    if not may_be_damaged(text):
        return NO_EDITS  # the cheap gate; the full pattern below then runs once, not twice
    # a damaged token often recurs in one text ("â€™", "&amp;"), and a token
    # left alone once is left alone again: the repair of each (trimmed, so that
    # equal repairs share their replacement string) is remembered, for a
    # bounded number of distinct tokens
    seen: dict[str, tuple[int, int, str] | None] = {}
    edits = _fix_pass(text, seen)
    current, last = text, edits
    for _ in range(_MAX_PASSES - 1):
        # a repair can leave a new token that ftfy repairs in its turn: layered
        # mojibake whose decoded no-break space parts what ftfy saw as one token
        # ("Â\u00a0Ã‚“"); so the text a pass made is looked at again
        if not len(last):
            break
        mid = last.apply(current)
        current = mid
        if not may_be_damaged(current):
            break
        last = _fix_pass(current, seen)
        if len(last):
            edits = compose_edits(text, edits, last, mid)
    return edits


def _fix_pass(text: str, seen: dict[str, tuple[int, int, str] | None]) -> Edits:
    """One pass of :func:`encoding_edits` over *text*, with a cache of token repairs.

    The cache maps a token to its repair trimmed to what changes, as offsets
    into the token and the replacement, or ``None`` when nothing does.
    """
    edits = Edits(len(text))
    config = _ftfy_config("<" in text)
    # ftfy sees one space-delimited token at a time: mojibake never spans an
    # ASCII space, and a token's repair then does not depend on its neighbours
    # (so removing a caption next to it cannot change the verdict).
    done = 0
    resume = 0  # where _GATE.finditer would look next: matches do not overlap
    line_start, line_end = 0, -1  # the line of the last match
    at = gate_start(text, 0)
    while at >= 0:
        m = _GATE.match(text, at)
        if m is not None:
            resume = m.end()
            while at > line_end:  # the line of the match: walked forward, never back
                line_start = line_end + 1
                line_end = text.find("\n", line_start)
                if line_end < 0:
                    line_end = len(text)
            # "x &gt; 70" in a JSON line, 'fix_text("Ã©")' at a prompt: meant as written
            if m.start() >= done and not code_like_at(text, line_start, line_end, near=at):
                start, end = _token(text, m.start(), m.end())
                start = max(start, done)
                end = max(end, m.end())
                done = end
                token = text[start:end]
                if token in seen:
                    cut = seen[token]
                else:
                    fixed = _fix_token(token, config)
                    cut = None if fixed == token else trim(token, 0, len(token), fixed)
                    if len(seen) < _CACHE_MAX and len(token) <= _CACHE_LONGEST:
                        seen[token] = cut
                if cut is not None:
                    edits.add_id(_ENCODING, start + cut[0], start + cut[1], cut[2])
        at = gate_start(text, max(at + 1, resume))
    return edits


def _fix_token(token: str, config: ftfy.TextFixerConfig) -> str:
    fixed = ftfy.fix_text(token, config=config)
    for _ in range(2):  # ftfy's own result can look like mojibake again
        again = ftfy.fix_text(fixed, config=config) if _GATE.search(fixed) else fixed
        if again == fixed:
            break
        fixed = again
    return fixed.replace("\ufeff", "")  # a decoded byte-order mark is debris too


_MAX_PASSES: Final = 4  # ftfy undoes several layers at once; this bounds the rest

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
