"""The ``media_labels`` rule: image-widget lines (``Image caption``, ``Fullscreen``, ``1 of 38``).

A line that is nothing but a widget label goes, with no record beyond its
edit; a label that opens a line (``Ampliar la imagen …``) marks the rest of
the line as a caption for the decision step.
"""

from __future__ import annotations

from captionfix.vocab import Vocabulary, key
from captionfix.widgets import COUNTER, COUNTER_PREFIX, PLAY


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
    words = content.split(None, 5)
    if not words or key(words[0]) not in vocab.media_first_words:
        return 0
    for n in range(min(5, len(words) - 1), 1, -1):  # one word ("Image") is too common
        head = " ".join(words[:n])
        if key(head) in vocab.media_labels and content.startswith(head):
            return len(head)
    return 0
