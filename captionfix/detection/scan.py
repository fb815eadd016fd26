"""Split a text into lines and classify the ones that can hold a caption, credit or widget label.

Most lines are plain prose and are never looked at beyond a few cheap tests
(:class:`Signal`); the others get a :class:`LineInfo` from the rules' finders.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate
from typing import Final

import regex

from captionfix.lines import LineTable, lstrip_at, rstrip_at
from captionfix.rules.captions import LEADING_MARKS, caption_head
from captionfix.rules.credits.labels import label_at, label_at_hint
from captionfix.rules.credits.locate import (
    GALLERY_MIN,
    FoundCredit,
    InlineCaption,
    gallery_credits,
    glued_caps_credits,
    inline_caption_labels,
    inline_credits,
    inline_paren_credits,
    leading_credit,
    line_credit,
    widget_credit,
)
from captionfix.rules.media_labels import counter_head, is_media_label_line, leading_media_label
from captionfix.textscan import HINT_MASK, HINT_SHIFT, hint_hits
from captionfix.vocab import Vocabulary, key
from captionfix.widgets import (
    CAPTION_LABEL_FIRST,
    CAPTION_LABEL_WORDS,
    COUNTER_PREFIX,
    EXPANDER_TAILS,
    PLAY,
    TRAILING_EXPANDER,
    caption_label,
)

_DIGITS: Final = frozenset("0123456789")


_TAIL_MARKS: Final = frozenset(
    ")]\t0123456789"
)  # a credit in parentheses or brackets, a gallery line, a counter


_HEAD_MARKS: Final = _DIGITS | CAPTION_LABEL_FIRST | {"P"}  # a counter, a caption label, "Play"


# a caps credit glued between a caption and its paragraph is looked for in
# paragraphs of up to this length (each stop of the line is looked at)
_GLUED_MAX: Final = 1500
_CREDIT_SEPARATORS: Final = frozenset("–—/|")


# a slash inside parentheses anywhere on a line: an inline credit may stand there
_PAREN_SLASH: Final = regex.compile(r"\([^()\n]{0,80}/[^()\n]{0,80}\)")


class Signal:
    """Whether a line (stripped *body*, *raw* line) shows a sign of a label, credit or counter."""

    def __init__(self, vocab: Vocabulary) -> None:
        """Keep the vocabulary and its first and last words."""
        self.vocab = vocab
        self.first_words = vocab.media_first_words
        self.last_words = vocab.agency_last_words

    def __call__(self, body: str, raw: str) -> bool:
        """Test the cheap signs first; most prose lines fail them all."""
        size = len(body)
        return (
            body[-1] in _TAIL_MARKS
            or raw[-1] == "\t"
            or (body[0] in _DIGITS and counter_head(body, self.vocab))
            or body.startswith("Play")
            or caption_label(body) is not None
            or (size <= 60 and key(body.split(None, 1)[0]) in self.first_words)
            or body.find("/", max(0, size - 110)) >= 0
            or body.find("|", max(0, size - 60)) >= 0
            or ("/" in body and "(" in body and _PAREN_SLASH.search(body) is not None)
            or (
                body[body.rfind(" ") + 1 :].rstrip(".)").casefold() in self.last_words
                and self.vocab.ends_with_agency(body)
            )
        )


def scan_lines(
    text: str, vocab: Vocabulary, pats: frozenset[str]
) -> tuple[LineTable, list[LineInfo], list[int], list[str], list[str]]:
    """Split *text* into lines and classify the ones that can hold anything.

    A line is looked at closely only if it holds a credit-label hint (a colon
    after a label word, ``©``, "photo", "image", "credit" ...), ends with ``)``,
    a tab or a digit, starts with a digit, "Play" or a widget word, has a slash
    or bar near its end, or ends with an agency name.  Every other line is plain
    prose, and only its first characters are kept (to find copies of captions).
    """
    raw_lines = text.split("\n")
    starts = [0]
    starts.extend(accumulate(len(r) + 1 for r in raw_lines))
    # lines that hold a credit label: found from each hint, checked where it stands
    hinted: set[int] = set()
    hints = vocab.hints
    for hit in hint_hits(text, hints):  # the data's hints, in one scan: pos << 5 | index
        p = hit >> HINT_SHIFT
        line_no = bisect_right(starts, p) - 1
        if line_no not in hinted:
            line_start, line_end = starts[line_no], starts[line_no + 1] - 1
            if label_at_hint(text, line_start, line_end, p, hints[hit & HINT_MASK], pats):
                hinted.add(line_no)
    # one comprehension per fact: far cheaper than one Python statement per line
    lines = LineTable(starts, raw_lines, len(text))
    bodies = [r.strip() for r in raw_lines]
    # caption_head(b), inline: this comprehension runs over every line of every text
    heads = [b[:24].lstrip(LEADING_MARKS)[:12].casefold() if b else "" for b in bodies]
    info = [PROSE if b else BLANK for b in bodies]
    # a coarse sieve first (a superset of Signal's tests, inline), then Signal
    last_words = vocab.agency_last_words
    sieved = [
        i
        for i, (b, r) in enumerate(zip(bodies, raw_lines, strict=True))
        if b
        and (
            b[-1] in _TAIL_MARKS
            or b[0] in _HEAD_MARKS
            or len(b) <= 60
            or r[-1] == "\t"
            or b.find("/", max(0, len(b) - 110)) >= 0
            or b.find("|", max(0, len(b) - 60)) >= 0
            or b[b.rfind(" ") + 1 :].rstrip(".)").casefold() in last_words
            or ("/" in b and "(" in b)  # an inline credit: "… (AFP/Staff) The …"
        )
    ]
    signal = Signal(vocab)
    classified = sorted(hinted.union(i for i in sieved if signal(bodies[i], raw_lines[i])))
    for i in classified:
        s, e, _ = lines[i]
        x = _classify(text, s, e, vocab, pats, hinted=i in hinted)
        info[i] = x
        # never into the next line; a head reads the first 24 characters only
        heads[i] = caption_head(text[x.body_start : min(x.body_end, x.body_start + 24)])
    return lines, info, classified, heads, bodies


class LineInfo:
    """What a line holds, as far as captions and credits go."""

    def __init__(self, kind: str, *, body_start: int = 0, body_end: int = 0) -> None:
        """A line of *kind*; its caption text, if any, lies in ``[body_start, body_end)``."""
        self.kind = kind  # blank | media_label | credit_line | captioned | prose
        self.credit: FoundCredit | None = None
        self.body_start = body_start  # the caption text, if any, lies in [body_start, body_end)
        self.body_end = body_end
        self.widget_end = -1  # a leading widget label ends here
        self.widget = ""  # "caption", "counter", "play"
        self.inline: list[FoundCredit] = []  # credits inside the line
        self.labelled_inline: list[InlineCaption] = []  # "… Image caption X. …" inside the line


BLANK: Final = LineInfo("blank")


PROSE: Final = LineInfo("prose")  # a plain line: its body is the whole line, stripped


def _merged(first: list[FoundCredit], second: list[FoundCredit]) -> list[FoundCredit]:
    """Both lists of inline credits, in order; where two overlap, the one that begins first."""
    if not second:
        return first
    out: list[FoundCredit] = []
    for found in sorted([*first, *second], key=lambda f: (f.start, -f.end)):
        if not out or found.start >= out[-1].end:
            out.append(found)
    return out


def _classify(  # noqa: PLR0913 - the line, the vocabulary, and whether it holds a label
    text: str, s: int, e: int, vocab: Vocabulary, pats: frozenset[str], *, hinted: bool
) -> LineInfo:
    """What line ``text[s:e]`` holds: blank, a widget label, a credit, a caption, prose."""
    e = rstrip_at(text, s, e)
    s2 = lstrip_at(text, s, e)
    if s2 >= e:
        return LineInfo("blank")
    content = text[s2:e]
    if e - s2 <= 60 and is_media_label_line(content, vocab):
        return LineInfo("media_label", body_start=s2, body_end=e)
    line = LineInfo("prose", body_start=s2, body_end=e)
    # a leading widget label: "Image caption …", "1 of 4. …", "PlayTitle", "Ampliar la imagen …"
    m = caption_label(content)
    m = m or (COUNTER_PREFIX.match(content) if content[0].isdigit() else None)
    if m:
        line.widget_end = s2 + m.end()
        line.widget = "counter" if COUNTER_PREFIX.match(content) else "caption"
    else:
        play = PLAY.match(content) if content.startswith("Play") else None
        if play and play.end() < len(content):
            line.widget_end = s2 + play.end()
            line.widget = "play"
        else:
            head_end = leading_media_label(content, vocab)
            if head_end:
                line.widget_end = s2 + head_end
                line.widget = "caption"
    credit_end = e
    expander = TRAILING_EXPANDER.search(content) if content.endswith(EXPANDER_TAILS) else None
    if expander is not None:  # "… (Name/Reuters) More": the widget's expander after the credit
        credit_end = s2 + expander.start()
    found = line_credit(text, s2, credit_end, vocab, pats, hinted=hinted)
    if found is None and hinted:
        found = leading_credit(
            text, line.widget_end if line.widget_end >= 0 else s2, e, vocab, pats
        )
        if found is not None:
            line.credit = found
            line.body_start, line.body_end = found.caption_at, e
            line.kind = "captioned"
            return line
    if found is None and line.widget_end >= 0 and line.widget == "caption":
        after = line.widget_end
        more = leading_media_label(text[lstrip_at(text, after, e) : e], vocab)
        if more:  # "Enlarge this image toggle caption …": labels one after another
            after = lstrip_at(text, after, e) + more
        found = widget_credit(text, after, e, vocab)
        if found is not None:
            line.widget = "credit"
            line.credit = found
            line.kind = "credit_line"
            line.body_start = line.body_end = e
            return line
    if found is None and hinted and any(label in content for label in CAPTION_LABEL_WORDS):
        line.labelled_inline = inline_caption_labels(text, s2, e, vocab, pats)
    if found is None and (
        content.count("©") >= GALLERY_MIN or content.count("oto:") >= GALLERY_MIN
    ):
        line.inline = gallery_credits(text, s2, e, vocab, pats)
    if found is None and not line.inline and ("©" in content or ":" in content):
        line.inline = inline_credits(text, s2, e, vocab, pats)
    if found is None and not line.inline and len(content) <= _GLUED_MAX:
        line.inline = glued_caps_credits(text, s2, e, vocab)
    if found is None and "(" in content and (hinted or "/" in content):
        line.inline = _merged(line.inline, inline_paren_credits(text, s2, e, vocab, pats))
    if found:
        line.credit = found
        lead = line.widget_end if line.widget_end >= 0 else s2
        if found.caption_at >= 0:
            # "<credit>Image caption <caption>" (BBC): the caption follows the credit
            line.body_start, line.body_end = found.caption_at, e
            pre_end = rstrip_at(text, s2, found.start)
            line.widget_end = pre_end if pre_end > s2 else -1  # alt text before the credit
        else:
            line.body_start = lstrip_at(text, lead, e)
            line.body_end = rstrip_at(text, line.body_start, found.start)
            if text[line.body_end - 1 : line.body_end] in _CREDIT_SEPARATORS:
                # "… Palazzo Chigi – LaPresse", "… on Sunday. / JANE ROE": the mark
                # that parts the caption from its credit belongs to neither
                line.body_end = rstrip_at(text, line.body_start, line.body_end - 1)
            opening = label_at(text, line.body_start, line.body_end, pats)
            if (
                opening is not None
                and opening.kind == "colon"
                and opening.start == line.body_start
                and line.body_end - opening.end >= 20
            ):
                # "PHOTO: <caption> (Name/AP)": with the credit at the end, a label
                # opening the line labels the caption
                line.widget_end = opening.end
                line.body_start = lstrip_at(text, opening.end, line.body_end)
        empty = line.body_end <= line.body_start
        line.kind = "credit_line" if empty else "captioned"
    elif line.widget_end >= 0:
        line.body_start = lstrip_at(text, line.widget_end, e)
    return line
