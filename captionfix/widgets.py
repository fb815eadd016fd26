"""The shapes of image and video widget text: counters, durations, caption labels, tails.

These shapes are shared below the rules: the media-label rule removes them,
the captions rule strips them from a caption's text before comparing copies,
and the credit rule stops a credit where a caption label begins.  The words
come from ``captionfix/data/`` through :mod:`captionfix.vocab`.
"""

from __future__ import annotations

from typing import Final

import regex

CAPTION_LABEL: Final = regex.compile(
    r"(?:(?:image|media)[ ]caption|pie[ ]de[ ]foto|legenda(?:[ ]da[ ]foto)?|bildunterschrift)"
    r"(?:[ ]?[:,])?"  # BBC writes "Image caption, …"
    r"|(?:file[ ]photo|foto[ ]de[ ]archivo)[ ]?:",
    regex.IGNORECASE,
)


COUNTER: Final = regex.compile(
    r"^(?:\d{1,3}[ ]of[ ]\d{1,3}\.?|\d{1,3}[ ](?:photos|fotos|images|imágenes|imagens|bilder)"
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


CAPTION_LABEL_LINES: Final = frozenset(
    {
        "image caption",
        "image caption,",
        "media caption",
        "media caption,",
        "image:",
        "caption:",
        "pie de foto",
    }
)


# a run of share-button words left by a widget: "Facebook Twitter Google Plus Embed"
_SHARE_BAR: Final = regex.compile(
    r"(?:[ ]+(?:Facebook|Twitter|Google[ ]Plus|Pinterest|Embed|WhatsApp|Email|LinkedIn|Reddit"
    r"|Share)){3,}$"
)


CAPTION_LABEL_FIRST: Final = frozenset("IiMmPpLlBbFf")  # first letters of the caption labels


# their first four letters, in lower case: a set look-up before the pattern runs
_CAPTION_LABEL_HEADS: Final = frozenset({"imag", "medi", "pie ", "lege", "bild", "file", "foto"})


def caption_label(content: str) -> regex.Match[str] | None:
    """The caption label (``Image caption``, ``Pie de foto`` …) opening *content*, if any."""
    if content[:4].lower() not in _CAPTION_LABEL_HEADS:
        return None
    return CAPTION_LABEL.match(content)


# a caption widget's expand/collapse link: "… during... Read More", "… level. Close"
EXPANDER_WORDS: Final = (
    "Read More",
    "Read more",
    "Close",
    "Leer más",
    "Ler mais",
    "Lire la suite",
)


# an expander after a credit that closes a caption: "… (Name/Reuters) More"
EXPANDER_TAILS: Final = (*EXPANDER_WORDS, "More")
TRAILING_EXPANDER: Final = regex.compile(
    r"(?<=\))[ ]+(?:More|Read[ ]More|Read[ ]more|Leer[ ]más|Ler[ ]mais|Lire[ ]la[ ]suite)$"
)


_EXPANDER: Final = regex.compile(
    r"(?:\.{3}|…)?[ ]*(?:Read[ ]More|Read[ ]more|Close|Leer[ ]más|Ler[ ]mais|Lire[ ]la[ ]suite)$"
)


SHARE_WORDS: Final = (
    "Facebook",
    "Twitter",
    "Plus",
    "Pinterest",
    "Embed",
    "WhatsApp",
    "Email",
    "LinkedIn",
    "Reddit",
    "Share",
)


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
