"""The ``media_labels`` rule: image-widget lines (``Image caption``, ``Fullscreen``, ``1 of 38``).

A line that is nothing but a widget label goes, with no record beyond its
edit; a label that opens a line (``Ampliar la imagen …``) marks the rest of
the line as a caption for the decision step.
"""

from __future__ import annotations

from typing import Final

import regex

from captionfix.vocab import Vocabulary, key
from captionfix.widgets import COUNTER, COUNTER_PREFIX, PLAY

# the counter a slideshow prints after each slide's caption when run into one paragraph
_SLIDE_END: Final = regex.compile(r"(?:Hide|Show) Caption \d{1,3} of \d{1,3}")
_SLIDES_MIN: Final = 3


def is_media_label_line(content: str, vocab: Vocabulary) -> bool:
    """Whether *content* is nothing but a widget label, a gallery counter or a video label."""
    stripped = content.strip().rstrip(",:")
    if not stripped:
        return False
    first = stripped[0]
    return (
        key(stripped) in vocab.media_labels
        # a counter opens with a digit or "slideshow" ("ſ" folds to "s"), a video label with "Play"
        or ((first.isdigit() or first in "sSſ") and COUNTER.match(stripped) is not None)
        or (first == "P" and PLAY.fullmatch(stripped) is not None)
    )


def counter_head(body: str, vocab: Vocabulary) -> bool:
    """Whether a line that starts with a digit is a gallery counter or opens with one.

    A numbered paragraph or a live blog's time stamp ("16.06 The search …")
    is prose; only the two tests :func:`_classify` makes of such a line
    (a counter label before a caption, a whole-line widget label) count.
    """
    return COUNTER_PREFIX.match(body) is not None or (
        len(body) <= 60 and is_media_label_line(body, vocab)
    )


def leading_media_label(content: str, vocab: Vocabulary) -> int:
    """Length of a widget label opening *content* (``Ampliar la imagen …``), or 0."""
    words = content[:160].split(None, 5)  # a label is a few short words: never the whole line
    if not words or key(words[0]) not in vocab.media_first_words:
        return 0
    for n in range(min(5, len(words) - 1), 1, -1):  # one word ("Image") is too common
        head = " ".join(words[:n])
        if key(head) in vocab.media_labels and content.startswith(head):
            return len(head)
    return 0


def slideshow(text: str, start: int, end: int) -> list[tuple[int, int, int, int]]:
    """The slides of a slideshow run into the line ``text[start:end]``.

    Each slide is ``<title> <caption> Hide Caption k of n``, the same title
    before every caption (CNN's galleries).  Returns ``(title_start,
    caption_start, caption_end, counter_end)`` per slide, or nothing when
    fewer than three slides share a title that ends with a label's colon
    (``Photos: …``) or the slides cannot be told apart.

    >>> t = ("Photos: Storm hits coast Waves break. Hide Caption 1 of 3 "
    ...      "Photos: Storm hits coast A tree fell. Hide Caption 2 of 3 "
    ...      "Photos: Storm hits coast Roads flood. Hide Caption 3 of 3")
    >>> [t[c:e] for _, c, e, _ in slideshow(t, 0, len(t))]
    ['Waves break.', 'A tree fell.', 'Roads flood.']
    """
    ends = list(_SLIDE_END.finditer(text, start, end))
    if len(ends) < _SLIDES_MIN:
        return []
    segments = []
    prev = start
    for m in ends:
        s = prev
        while s < m.start() and text[s].isspace():
            s += 1
        segments.append((s, m.start(), m.end()))
        prev = m.end()
    # the title: what every slide after the first opens with, cut to whole words
    bodies = [text[s:e] for s, e, _ in segments[1:]]
    title = bodies[0]
    for b in bodies[1:]:
        n = 0
        while n < min(len(title), len(b)) and title[n] == b[n]:
            n += 1
        title = title[:n]
    title = title[: title.rfind(" ") + 1] if " " in title else ""
    colon = title.find(": ")
    if colon < 0 or colon > 20 or len(title) < colon + 4:
        return []  # no "Photos: <title>" that every slide repeats
    out: list[tuple[int, int, int, int]] = []
    for s, e, counter_end in segments:
        at = text.find(title, s, e)
        if at < 0 or (out and at != s):
            return []  # a slide after the first opens with the title
        caption_start = at + len(title)
        caption_end = e
        while caption_end > caption_start and text[caption_end - 1].isspace():
            caption_end -= 1
        if caption_end - caption_start < 3:
            return []
        out.append((at, caption_start, caption_end, counter_end))
    return out
