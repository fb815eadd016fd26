"""Caption shapes of SPEC §3.3, through ``clean()``: each removed whole, prose kept."""

from __future__ import annotations

import pytest

import captionfix

P1 = "The minister arrived in the capital on Monday for two days of talks with officials."
P2 = "Officials said the talks would continue into the night and resume on Tuesday."
P3 = "A statement is expected once the last round has ended, aides said."


def _article(*middle: str) -> str:
    return "\n\n".join([P1, *middle, P2, P3])


SHAPES = {
    "bare-then-credited": (
        [
            "Farmers protest outside parliament in the rain",
            "Farmers protest outside parliament in the rain (AP Photo/Jane Roe)",
        ],
        "Farmers protest outside parliament in the rain",
        2,
    ),
    "truncated-then-full": (
        [
            "The senator walks off the stage after speaking",
            (
                "The senator walks off the stage after speaking about the vote in Ohio on "
                "Nov. 9, 2016. (Photo: Matt Rourke, AP)"
            ),
        ],
        "The senator walks off the stage after speaking about the vote in Ohio on Nov. 9, 2016.",
        2,
    ),
    "differ-by-quotes-and-case": (
        [
            "Fans celebrate the “Golden Goal” in Lisbon",
            'FANS CELEBRATE THE "GOLDEN GOAL" IN LISBON (REUTERS) (ANA SILVA/)',
        ],
        None,
        2,
    ),
    "video-title-and-duration": (
        ["Sanders booed after voicing support", "Sanders booed after voicing support 01:18"],
        "Sanders booed after voicing support",
        2,
    ),
    "title-label-title": (
        ["The vote's impact on relations", "Play VIDEO", "The vote's impact on relations"],
        "The vote's impact on relations",
        2,
    ),
    "image-caption-label-line": (
        ["Image caption", "Rescue teams search the river bank for survivors"],
        "Rescue teams search the river bank for survivors",
        1,
    ),
    "image-caption-label-inline": (
        ["Image caption Rescue teams search the river bank for survivors"],
        "Rescue teams search the river bank for survivors",
        1,
    ),
    "gallery-counter-prefix": (
        ["1 of 4. Rescuers search the wreckage of the plane in the sea near the island."],
        "Rescuers search the wreckage of the plane in the sea near the island.",
        1,
    ),
    "file-photo-label": (
        ["FILE PHOTO: The company logo is seen at its headquarters in Frankfurt"],
        "The company logo is seen at its headquarters in Frankfurt",
        1,
    ),
    "caps-credit-above": (
        ["JANE ROE / REUTERS\nThe candidate holds a sign at a rally in Fayetteville."],
        "The candidate holds a sign at a rally in Fayetteville.",
        1,
    ),
    "getty-headline-above-credit": (
        ["Candidate Campaigns Across New Hampshire\nPhoto by Jane Roe/Getty Images"],
        "Candidate Campaigns Across New Hampshire",
        1,
    ),
    "expander-widget": (
        [
            (
                "Three states remain furthest from their peak employment since the downturn "
                "of the last decade, the figures show."
            ),
            "Three states remain furthest from their peak employment since... Read More",
            (
                "Three states remain furthest from their peak employment since the downturn "
                "of the last decade, the figures show. Close"
            ),
        ],
        (
            "Three states remain furthest from their peak employment since the downturn "
            "of the last decade, the figures show."
        ),
        3,
    ),
    "bbc-block": (
        [
            (
                "A man holds a flag at the rally.Image copyrightGETTY IMAGES\nImage caption\n"
                "The rally drew thousands to the square"
            )
        ],
        "The rally drew thousands to the square",
        1,
    ),
    "bbc-new-style-block": (
        ["Image source, EPA\nImage caption,\nProtesters gather in the square on Sunday"],
        "Protesters gather in the square on Sunday",
        1,
    ),
    "bbc-new-style-inline": (
        ["Image source, Getty Images\nImage caption, Protesters gather in the square on Sunday"],
        "Protesters gather in the square on Sunday",
        1,
    ),
    "bbc-mundo-block": (
        [
            (
                "Derechos de autor de la imagen ReutersImage caption La mayoría de los "
                "manifestantes llegaron desde el norte."
            )
        ],
        "La mayoría de los manifestantes llegaron desde el norte.",
        1,
    ),
}


@pytest.mark.parametrize("shape", SHAPES.values(), ids=SHAPES.keys())
def test_caption_shape(shape: tuple[list[str], str | None, int]) -> None:
    """The caption block goes whole; the prose around it stays; copies merge into one record."""
    middle, caption_text, count = shape
    result = captionfix.clean(_article(*middle))
    assert f"{P1}\n\n{P2}\n\n{P3}" == result.text
    if caption_text is not None:
        assert caption_text in [c.text for c in result.captions]
    assert count == max(c.count for c in result.captions)


def test_gallery_of_tab_terminated_thumbnails() -> None:
    """A run of tab-terminated thumbnail captions after a counter is removed whole."""
    thumbs = "\n".join(f"Thumbnail caption number {n} of the gallery\t" for n in range(1, 7))
    result = captionfix.clean(_article("Fullscreen\n1 of 6\n" + thumbs))
    assert f"{P1}\n\n{P2}\n\n{P3}" == result.text
    assert 6 == len([c for c in result.captions if c.rule == "gallery"])


def test_table_rows_are_not_a_gallery() -> None:
    """Lines with tabs inside are table rows, not gallery thumbnails."""
    table = "\n".join(f"Row {n}\tvalue {n}\t" for n in range(1, 6))
    text = _article(table)
    assert (text.replace("\t\n", "\n").rstrip("\t")) == captionfix.clean(text).text.replace(
        "\t\n", "\n"
    )


def test_caption_glued_credit_cut_at_the_glue() -> None:
    """A caption glued to its credit with no space is cut exactly; the next paragraph stays."""
    text = _article("Supporters wait for the results in Dallas.Photo: Jane Roe/Getty Images")
    result = captionfix.clean(text)
    assert f"{P1}\n\n{P2}\n\n{P3}" == result.text
    assert ["Photo: Jane Roe/Getty Images"] == [c.raw for c in result.credits]


def test_uncredited_single_caption_stays() -> None:
    """An unsure caption (no credit, no label, no copy) stays in the text."""
    text = _article("German Foreign Minister Frank Muster")
    assert text == captionfix.clean(text).text


def test_spans_of_every_copy() -> None:
    """A merged caption keeps the span of every copy, each pointing into the input."""
    text = _article(
        "Farmers protest outside parliament in the rain",
        "Farmers protest outside parliament in the rain (AP Photo/Jane Roe)",
    )
    (caption,) = captionfix.clean(text).captions
    assert 2 == len(caption.spans)
    for start, end in caption.spans:
        assert text[start:end].startswith("Farmers protest")
