"""Detection rounds: a further round runs when, and only when, a change may have bared something."""

from __future__ import annotations

import pytest

import captionfix
import captionfix.pipeline
from captionfix.config import Config
from captionfix.detection import detect
from captionfix.rounds import needs_another_look

LEAD = "Lead paragraph of the story, long enough to be prose and to end in a full stop."
TAIL = "The story continues here with more prose that ends properly."
COPY = "Protesters march through central Lisbon"
CREDITED = (
    "Riot police stand guard outside the parliament building in Lisbon (Photo: Jane Roe/Reuters)"
)


@pytest.fixture
def detect_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the text of every detection round ``clean()`` runs."""
    calls: list[str] = []

    def counting(text: str, config: Config) -> object:
        calls.append(text)
        return detect(text, config)

    monkeypatch.setattr(captionfix.pipeline, "detect", counting)
    return calls


def test_copies_brought_together_are_found_in_a_second_round(detect_calls: list[str]) -> None:
    """Removing the caption between two copies of another makes them neighbours."""
    text = f"{LEAD}\n\n{COPY}\n\n{CREDITED}\n\n{COPY}\n\n{TAIL}"
    result = captionfix.clean(text)
    assert f"{LEAD}\n\n{TAIL}" == result.text
    assert [(COPY, 2, "duplicate")] == [
        (c.text, c.count, c.rule) for c in result.captions if c.rule == "duplicate"
    ]
    assert len(detect_calls) == 2


def test_a_removal_among_plain_prose_takes_one_round(detect_calls: list[str]) -> None:
    """Nothing near the removed caption can hold anything: no second round."""
    text = f"{LEAD}\n\n{CREDITED}\n\n{TAIL}\n\nAnother paragraph (Reporting by Jane Roe; Editing by Sam Poe)"
    result = captionfix.clean(text)
    assert CREDITED.split(" (", maxsplit=1)[0] == result.captions[0].text
    assert len(detect_calls) == 1


def test_a_quote_repair_on_a_plain_line_takes_one_round(detect_calls: list[str]) -> None:
    result = captionfix.clean(f"“We will act,” she said.“It is over.”\n\n{TAIL}")
    assert result.text.startswith("“We will act,” she said. “It is over.”")
    assert len(detect_calls) == 1


def test_inert_and_active_lines() -> None:
    """A looked-at line with nothing in it is inert; one with a credit is active."""
    found = detect(f"{LEAD}\n\n(Reporting by Jane Roe; Editing by Sam Poe)\n\n{CREDITED}", Config())
    assert frozenset({"(Reporting by Jane Roe; Editing by Sam Poe)"}) == found.inert
    assert frozenset({CREDITED}) == found.active


@pytest.mark.parametrize(
    ("text", "point", "looked", "expected"),
    [
        # the line next to the change is a credit seen before: look again
        (
            "A story.\n\nPhoto: Jane Roe/AP",
            9,
            (frozenset(), frozenset({"Photo: Jane Roe/AP"})),
            True,
        ),
        # the same line seen before and found inert: nothing to look for
        (
            "A story.\n\nPhoto: Jane Roe/AP",
            9,
            (frozenset({"Photo: Jane Roe/AP"}), frozenset()),
            False,
        ),
        # the changed line itself is tested afresh
        ("A story.\n\nPhoto: Jane Roe/AP", 12, (frozenset(), frozenset()), True),
        # a changed line that still holds a suspect quote mark
        ("He said“We go", 3, (frozenset(), frozenset()), True),
        # two short lines that could be copies of one caption, beside the change
        (
            "A story.\n\nFire in Lisbon\n\nFire in Lisbon\n\nEnd.",
            9,
            (frozenset(), frozenset()),
            True,
        ),
        # three lines away is too far to matter
        ("Change.\n\nA\n\nB\n\nC\n\nPhoto: Jane Roe/AP", 0, (frozenset(), frozenset()), False),
    ],
)
def test_needs_another_look(
    text: str, point: int, looked: tuple[frozenset[str], frozenset[str]], *, expected: bool
) -> None:
    assert expected == needs_another_look(text, [point], Config(), looked)
