"""Lines and spans of a text: the pieces every line-based rule stands on.

Nothing here knows a word of vocabulary: a table of the lines of a text,
trimming a span, where sentences end, and turning one line's replacement
into word-sized edits.
"""

from __future__ import annotations

from typing import Final

import regex

from captionfix.edits import Edits, trim

# quotes that are syntax: attributes (class="x"), escapes, JSON keys, triple quotes, templates
CODE_MARKS: Final = ('="', "='", '\\"', '":', '""', "{%", "{{", "</", "/>")


def code_like(line: str) -> bool:
    """Whether *line* reads as code, markup, a template or a CSV row, where quotes are syntax.

    >>> code_like('<p class="lead">'), code_like('1,"Storm","AP","AP Photo",12')
    (True, True)
    >>> code_like('He said "yes" and left.')
    False
    """
    return code_like_at(line, 0, len(line))


def code_like_at(text: str, start: int, end: int, near: int = -1) -> bool:
    """:func:`code_like` of the line ``text[start:end]``, without copying it.

    With *near*, the marks of code are looked for within ``CODE_REACH``
    characters of that offset only: what makes a long line code (a JSON record,
    markup) stands everywhere in it, and a paragraph of prose is not read whole
    for each thing found in it.
    """
    lo, hi = start, end
    if near >= 0:
        lo, hi = max(start, near - CODE_REACH), min(end, near + CODE_REACH)
    for mark in CODE_MARKS:
        if text.find(mark, lo, hi) >= 0:
            return True
    while start < end and text[start] in " \t":
        start += 1
    if text.startswith((">>> ", "... ", "$ ", "# "), start, end):
        return True  # an interactive session or a shell line
    # a CSV row of quoted fields: a comma glued to the quote that opens the next field
    return text.count(',"', lo, hi) >= 3


CODE_REACH: Final = 300


SENTENCE_END: Final = regex.compile(r"[.!?…][\"”’)]?\s+(?=[\p{Lu}¿¡\"“«])")


def rstrip_at(text: str, start: int, end: int) -> int:
    """Where ``text[start:end]`` ends without its trailing whitespace."""
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def lstrip_at(text: str, start: int, end: int) -> int:
    """Where ``text[start:end]`` begins without its leading whitespace."""
    while start < end and text[start].isspace():
        start += 1
    return start


class LineTable:
    """``(start, end, next)`` of line *i*: its content (without ``\\r``) and where the next begins.

    Made on demand: only the lines a decision looks at need theirs.
    """

    __slots__ = ("n", "raw", "starts")

    def __init__(self, starts: list[int], raw: list[str], n: int) -> None:
        """Keep the starts and raw text of the lines, and the text's length."""
        self.starts, self.raw, self.n = starts, raw, n

    def __len__(self) -> int:
        """The number of lines."""
        return len(self.raw)

    def __getitem__(self, i: int) -> tuple[int, int, int]:
        """``(start, end, next)`` of line *i*."""
        s = self.starts[i]
        r = self.raw[i]
        return (
            s,
            s + len(r) - (r[-1:] == "\r"),
            self.starts[i + 1] if i + 1 < len(self.raw) else self.n,
        )


def ends_sentence(body: str) -> bool:
    """Whether *body* ends like a sentence (a full stop, question or exclamation mark)."""
    return body.rstrip().endswith((".", "!", "?", ".”", '."', "…"))


def line_bounds(text: str) -> list[tuple[int, int]]:
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


SHARED_MAX: Final = 1024  # distinct replacements a list shares one string for


def fine_edits_into(  # noqa: PLR0913, PLR0917 - the list, and the edit
    out: Edits, rule: int, text: str, start: int, end: int, new: str, shared: dict[str, str]
) -> None:
    """Append the replacement of ``text[start:end]`` by *new* to *out*, split into words.

    Where the words line up (as many spaces on both sides), each word that
    changes is its own edit, trimmed to what changes; otherwise the line is
    one trimmed edit.  The words are found, not split into lists (a
    megabyte-long line of short words would be a list of a million strings),
    and equal replacements share one string (*shared*, up to ``SHARED_MAX``).
    """
    if text.count(" ", start, end) != new.count(" "):
        _add_trimmed(out, rule, text, start, end, new, shared)
        return
    pos = start
    at = 0
    while True:
        stop = text.find(" ", pos, end)
        cut = new.find(" ", at)
        if stop < 0:
            _add_trimmed(out, rule, text, pos, end, new[at:], shared)
            return
        _add_trimmed(out, rule, text, pos, stop, new[at:cut], shared)
        pos, at = stop + 1, cut + 1


def _add_trimmed(  # noqa: PLR0913, PLR0917 - the list, and the edit
    out: Edits, rule: int, text: str, start: int, end: int, new: str, shared: dict[str, str]
) -> None:
    cut = trim(text, start, end, new)
    if cut is not None:
        s, e, repl = cut
        kept = shared.get(repl)
        if kept is None:
            if len(shared) < SHARED_MAX:
                shared[repl] = repl
            kept = repl
        out.add_id(rule, s, e, kept)
