"""The cheap tests that guard the costly patterns of ``detect`` lose nothing.

Each pre-filter is compared with the pattern it stands in front of, on text
built from the pieces those patterns are about (label words in all cases,
glued words, counters, digits) so that the interesting cases are common.
"""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

import captionfix
from captionfix import vocab, widgets
from captionfix.detection import scan
from captionfix.rules import media_labels
from captionfix.rules.credits import labels as credit_labels
from captionfix.rules.credits import parse as cr
from captionfix.vocab import default_vocabulary

PIECES = [
    "photo",
    "Photo",
    "PHOTO",
    "Foto",
    "FOTO",
    "foto",
    "image",
    "Image",
    "imagen",
    "picture",
    "Picture",
    "credit",
    "Credit",
    "creditcredit",
    "Courtesy",
    "courtesy",
    "Cortesía",
    "cortesia",
    "featured",
    "Featured",
    "images",
    "copyright",
    "source",
    "derechos de autor de la imagen",
    "autoría de",
    "illustration",
    "Illustration",
    "ilustración",
    "graph",
    "caption",
    "Caption",
    "media",
    "pie de foto",
    "Pie de foto",
    "legenda",
    "file",
    "File",
    "Bildunterschrift",
    "by",
    "via",
    "de",
    "por",
    "von",
    "of",
    "is",
    "Jane",
    "Roe",
    "AP",
    "said",
    "Magazine",
    "the",
    "1",
    "12",
    "3 of 12",
    "photos",
    "0:56",
    "Play",
    "Video",
    "slideshow",
    "(3 images)",
    "İ",
    "ſ",
    "…",
]
SEPARATORS = [" ", " ", " ", "", ":", " :", ",", ".", ". ", "\u00a0", "(", ")", "|"]


@st.composite
def label_text(draw: st.DrawFn) -> str:
    """Text made of label words, names and separators."""
    n = draw(st.integers(0, 12))
    out = []
    for _ in range(n):
        out.append(draw(st.sampled_from(PIECES)))
        out.append(draw(st.sampled_from(SEPARATORS)))
    return "".join(out)


def _spans(matches: object) -> list[tuple[int, int, str | None]]:
    return [(m.start(), m.end(), m.lastgroup) for m in matches]  # type: ignore[attr-defined]


@given(label_text(), st.integers(0, 5), st.integers(0, 5))
@example("Photo courtesy of Jane Roe", 0, 0)
@example("Featured image via AP. Photo by Jane Roe", 0, 0)
@example("İllustration by Jane Roe; Photo by AP", 0, 0)
def test_other_labels_finds_what_finditer_finds(text: str, cut_left: int, cut_right: int) -> None:
    """Trying the pattern only at start words finds every match finditer finds."""
    start = min(cut_left, len(text))
    end = max(start, len(text) - cut_right)
    want = _spans(credit_labels._OTHER_LABELS.finditer(text, start, end))
    assert want == _spans(credit_labels._other_labels(text, start, end))


@given(label_text())
@example("Image caption, Jane Roe")
@example("pie de foto: x")
@example("FILE PHOTO: x")
@example("Media caption x")
@example("Legenda da foto Jane Roe")
@example("Bildunterschrift: x")
@example("Foto de archivo: x")
def test_caption_label_gate_keeps_every_label(text: str) -> None:
    """The four-letter gate lets through every text the caption-label pattern matches."""
    want = widgets.CAPTION_LABEL.match(text) if text else None
    got = widgets.caption_label(text) if text else None
    assert (want and want.span()) == (got and got.span())


@given(label_text())
@example("16.06 The search goes on")
@example("3 of 12")
@example("3 of 12. Rescuers at work")
@example("12 photos,")
def test_a_digit_line_that_classifies_as_more_than_prose_is_signalled(text: str) -> None:
    """A line that opens with a digit is looked at whenever :func:`_classify` would label it."""
    body = ("1" + text).strip()
    line = scan._classify(body, 0, len(body), _VOCAB, _VOCAB.prefixes, hinted=False)
    if line.kind == "media_label" or line.widget == "counter":
        assert media_labels.counter_head(body, _VOCAB)


@given(label_text())
@example("MagazinePhoto:")
@example("said:")
@example("USA:")
def test_glued_gate_keeps_every_glued_label(text: str) -> None:
    """A colon label glued to the word before it is found with or without the gate."""
    text = text.replace(":", " ") + ":"
    colon = len(text) - 1
    got = credit_labels.colon_label(text, max(0, colon - 40), colon, _VOCAB.prefixes)
    # the same look without the gate: the glued word, if any, and the label look-up
    stripped = text[max(0, colon - 40) : colon].rstrip(" \u00a0")
    k = len(stripped)
    while k and (stripped[k - 1].isalpha() or stripped[k - 1] in "'’-"):
        k -= 1
    last = stripped[k:]
    if last and vocab.key(last) not in credit_labels._last_words_of(_VOCAB.prefixes):
        glued = credit_labels._GLUED_WORD.search(last)
        want = (
            max(0, colon - 40) + len(stripped) - len(glued.group())
            if glued and vocab.key(glued.group()) in _VOCAB.prefixes
            else -1
        )
        assert want == got


@given(label_text())
@example("Play Video 0:56")
@example("PlayVideo0:56")
@example("Slideshow (3 images)")
@example("ſlideshow (12 images),")
@example("12 fotos:")
@example("0:56 / 2:10")
@example("Fullscreen")
def test_media_label_gates_keep_every_label(text: str) -> None:
    """A whole-line widget label is recognised with or without the first-character gates."""
    stripped = text.strip().rstrip(",:")
    if stripped:
        want = (
            vocab.key(stripped) in _VOCAB.media_labels
            or widgets.COUNTER.match(stripped) is not None
            or widgets.PLAY.fullmatch(stripped) is not None
        )
        assert want == media_labels.is_media_label_line(text, _VOCAB)


_VOCAB = vocab.vocabulary(())


@given(st.text(alphabet="ab /|", max_size=200))
@example("b" * 60 + "/" + "b" * 30)
@example("b" * 20 + "|" + "b" * 50)
def test_signal_sees_a_slash_or_bar_anywhere_near_the_end(middle: str) -> None:
    """A slash in the last 110 characters, or a bar in the last 60, makes a line a candidate.

    The same reach as the sieve before it and as the credit tests after it,
    for lines shorter than the reach too.
    """
    body = "x" + middle + "x"
    if "/" in body[-110:] or "|" in body[-60:]:
        assert scan.Signal(_VOCAB)(body, body)


def test_a_mid_length_caption_with_a_slash_credit_is_found() -> None:
    """A caption line of 55 to 110 characters, its credit after a slash, is looked at."""
    caption = (
        "Rescue workers search the rubble of a school in Ankara, Turkey, on Monday. "
        "EPA-EFE/MARIA SANTOS GARCIA"
    )
    # the slash is within the last 110 characters, but far from the line's end
    assert len(caption) < 110
    assert len(caption) - caption.find("/") > 110 - len(caption)
    prose = "The search went on through the night, officials said. " * 3
    result = captionfix.clean(f"{prose}\n\n{caption}\n\n{prose}")
    assert caption not in result.text
    assert [("Maria Santos Garcia",)] == [c.creators for c in result.credits]


CREDIT_PIECES = [
    *("via", "VIA", "Via", "v\u0131a", "V\u0130A", "vía"),
    *("photo", "PHOTO", "phoTo", "photograph", "image", "\u0130mage", "\u0131mage", "foto", "FOTO"),
    *("by", "BY", "de", "por", "Por", "POR", "By", "Von", "Przez", "Av", "Af", "Di", "Door"),
    *("courtesy", "Courtesy", "COURTESY", "of", "cortesía", "Cortesia", "courtoisie", "gentileza"),
    *(
        "www.",
        "WWW.",
        ".com",
        ".COM",
        ".org",
        ".Net",
        "http://",
        "https://",
        "http\u017f://",
        "://",
    ),
    *("for", "For", "&", " & ", " - ", " – ", " — ", "-", ",", ";", "/", "|", ":", "."),
    *(" ", "  ", "\t", "\n", "\u00a0", "Jane Roe", "AP", "Reuters", "\u212a", "\u017f", "x", "é"),
]


@settings(max_examples=400)
@given(st.lists(st.sampled_from(CREDIT_PIECES), max_size=12).map("".join))
@example("Jane Roe for AP")
@example("Jane Roe v\u0131a AP")
@example("AP \u0131mage by Jane Roe")
@example("AP image by Jane Roe")
@example("\u0130mage courtesy of AP")
@example("jane.roe.COM")
@example("janeroe.Net")
@example("Jane Roe \u2014 AP")
def test_credit_parsing_gates_keep_every_match(text: str) -> None:
    """Each cheap test in ``cr.parse_body`` is true wherever its pattern matches."""
    if cr._SPLIT.search(text):
        assert cr._may_split(text)
    if cr._URL.search(text):
        assert cr._may_hold_url(text)
    if cr._VIA.search(text):
        assert cr._may_hold(text, cr._VIA_WORDS)
    if cr._BY.search(text):
        assert cr._may_hold(text, cr._BY_WORDS)
    if cr._COURTESY.match(text):
        assert text[0] in cr._COURTESY_FIRST
    if cr.BYLINE.match(text):
        assert text[0] in cr._BYLINE_FIRST


def _agency_names() -> list[str]:
    vocab = default_vocabulary()
    names = sorted(set(vocab.agencies.values()))
    # every tenth canonical name, and the folded variants of a few
    return names[::10] + sorted(vocab.agencies)[::40]


AGENCY_PIECES = [
    *_agency_names(),
    *("Jane Roe", "JANE ROE", "Roe", "Photo", "photo by", "via", "Courtesy of", "Pool", "-Pool"),
    *(" - Pool", ".com", ".", "..", "’", "'", "(", ")", "@janeroe", "2024", "May 4"),
    *(
        "Acknowledgement:",
        "Courtesy ofAAP",
        "cortesía de",
        "Gentileza",
        ":",
        "Foto: ",
        "PHOTO COURTESY",
    ),
    *("/", " / ", ",", ", ", ";", "|", " | ", " & ", " - ", " for ", " ", "\u00a0", "-"),
]


@settings(max_examples=500)
@given(st.lists(st.sampled_from(AGENCY_PIECES), min_size=1, max_size=10).map("".join))
@example("-Pool")
@example("Acknowledgement:")
@example("Courtesy of")
def test_parse_body_reads_any_body_without_failing(body: str) -> None:
    """Whatever the gates before its patterns cut away, parsing returns a result or ``None``."""
    vocab = default_vocabulary()
    for labelled in (False, True):
        parsed = cr.parse_body(body, vocab, labelled=labelled)
        assert parsed is None or isinstance(parsed, cr.Parsed)


def test_a_credit_of_only_a_pool_tag_does_not_fail() -> None:
    """``Photo: -Pool`` left an empty part after the pool tag went; the courtesy gate read it."""
    result = captionfix.clean("Text here.\n\nPhoto: -Pool\n\nMore text.")
    assert "More text." in result.text
