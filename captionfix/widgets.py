"""The shapes of image and video widget text: counters, durations, caption labels, tails.

These shapes are shared below the rules: the media-label rule removes them,
the captions rule strips them from a caption's text before comparing copies,
and the credit rule stops a credit where a caption label begins.  The words
come from ``captionfix/data/widgets.txt`` through :mod:`captionfix.vocab`: each
pattern here is made from them when the module is imported, and so is each
cheap first test before a pattern.
"""

from __future__ import annotations

from typing import Final

import regex

from captionfix.vocab import alternation, default_vocabulary

# the words of each shape: data/widgets.txt, one kind of row each
_WORDS: Final = default_vocabulary().words


# the caption labels as printed (kind "caption-label"): inside a paragraph they
# count only so, capitalised ("… fell. Image caption Roads flooded. …")
CAPTION_LABEL_WORDS: Final = _WORDS.caption_labels
CAPTION_LABEL: Final = regex.compile(
    rf"(?:{alternation(_WORDS.caption_labels)})"
    r"(?:[ ]?[:,])?"  # BBC writes "Image caption, …"
    rf"|(?:{alternation(_WORDS.caption_labels_colon)})[ ]?:",
    regex.IGNORECASE,
)


COUNTER: Final = regex.compile(
    rf"^(?:\d{{1,3}}[ ]of[ ]\d{{1,3}}\.?|\d{{1,3}}[ ](?:{alternation(_WORDS.counter_nouns)})"
    # a running time alone: one-digit minutes ("3:02"), or a player's "0:00 / 1:10"; a
    # two-digit one ("17:00") is as often a transcript's or a schedule's clock time
    r"|slideshow[ ]\(\d{1,3}[ ]images?\)|\d:\d{2}|\d{1,2}:\d{2}[ ]/[ ]\d{1,2}:\d{2})$",
    regex.IGNORECASE,
)


COUNTER_PREFIX: Final = regex.compile(r"^\d{1,3}[ ]of[ ]\d{1,3}\.[ ]", regex.IGNORECASE)


# glued to a word or a mark, never to a digit ("Articles 31 - 60 of 99" holds no counter)
COUNTER_SUFFIX: Final = regex.compile(r"(?<=[^\s\d])\d{1,3}[ ]of[ ]\d{1,3}$", regex.IGNORECASE)


DURATION_SUFFIX: Final = regex.compile(r"[ ]+\d{1,2}:\d{2}$")


PLAY: Final = regex.compile(r"(?:^|(?<=\s))Play[ ]?Video[ ]?\d{1,2}:\d{2}$|^Play(?=\p{Lu})")


# a gallery's slide counter after its last credit, closing the line: "… © Jane Roe/dpa 1 / 33"
GALLERY_COUNTER_END: Final = regex.compile(r"[ \u00a0]+\d{1,3}[ ]?/[ ]?\d{1,3}[ \u00a0]*$")


WIDGET_BUTTON: Final = regex.compile(r"[ ]\+(?:[ \u00a0]|$)")


# a line that is nothing but a caption label, folded ("image caption,", "pie de foto")
CAPTION_LABEL_LINES: Final = _WORDS.caption_label_lines


# a run of share-button words left by a widget: "Facebook Twitter Google Plus Embed"
_SHARE_BAR: Final = regex.compile(rf"(?:[ ]+(?:{alternation(_WORDS.share_words)})){{3,}}$")


_CAPTION_LABEL_WORDS: Final = (*_WORDS.caption_labels, *_WORDS.caption_labels_colon)
# first letters of the caption labels, in both cases
CAPTION_LABEL_FIRST: Final = frozenset(
    c for w in _CAPTION_LABEL_WORDS for c in (w[0].lower(), w[0].upper())
)


# their first four letters, in lower case: a set look-up before the pattern runs
_CAPTION_LABEL_HEADS: Final = frozenset(w[:4].lower() for w in _CAPTION_LABEL_WORDS)


def caption_label(content: str) -> regex.Match[str] | None:
    """The caption label (``Image caption``, ``Pie de foto`` …) opening *content*, if any."""
    if content[:4].lower() not in _CAPTION_LABEL_HEADS:
        return None
    return CAPTION_LABEL.match(content)


# a caption widget's expand/collapse link: "… during... Read More", "… level. Close"
EXPANDER_WORDS: Final = _WORDS.expanders


# an expander after a credit that closes a caption: "… (Name/Reuters) More"
EXPANDER_TAILS: Final = tuple(dict.fromkeys((*EXPANDER_WORDS, *_WORDS.credit_expanders)))
TRAILING_EXPANDER: Final = regex.compile(rf"(?<=\))[ ]+(?:{alternation(_WORDS.credit_expanders)})$")


_EXPANDER: Final = regex.compile(rf"(?:\.{{3}}|…)?[ ]*(?:{alternation(EXPANDER_WORDS)})$")


# the last words of the share-bar words: a share bar ends with one
SHARE_WORDS: Final = tuple(w.rsplit(" ", 1)[-1] for w in _WORDS.share_words)


def strip_widget_tail(body: str) -> str:
    """*body* without a trailing duration, gallery counter, share bar or expander."""
    if body.endswith(EXPANDER_WORDS):
        body = _EXPANDER.sub("", body)
    if body[-3:-2] == ":":
        body = DURATION_SUFFIX.sub("", body)
    if body[-1:].isdigit():
        body = COUNTER_SUFFIX.sub("", body)
    if body.endswith(SHARE_WORDS):
        body = _SHARE_BAR.sub("", body)
    return body
