"""The quote rule (SPEC §3.5): repairs it makes, and everything it leaves alone."""

from __future__ import annotations

import attrs
import pytest

import captionfix
from captionfix.edits import apply_edits
from captionfix.rules.quotes import fix_quotes

REPAIRS = {
    "closing-glued-to-word": ("“We go after Hamas”Kirby said.", "“We go after Hamas” Kirby said."),
    "word-glued-to-opening": ("He said“We will.”", "He said “We will.”"),
    "closing-typed-as-opening": (
        "“Protect human life“, he said.",
        "“Protect human life”, he said.",
    ),
    "list-of-names": (
        "Programas como “Fome Zero“, “Bolsa Família“ e “Luz“ foram citados.",
        "Programas como “Fome Zero”, “Bolsa Família” e “Luz” foram citados.",
    ),
    "before-full-stop": ("“It hurt my toes“.", "“It hurt my toes”."),
    "before-paren": ("(“the old man“)", "(“the old man”)"),
    "space-then-punctuation": (
        "“Assassinato político “. Depois",
        "“Assassinato político ”. Depois",
    ),
    "single-inside-double": (
        "“He said ‘we will do it as well‘, and left.”",
        "“He said ‘we will do it as well’, and left.”",
    ),
    "scare-quotes-single": ("the fickle ‘belief‘ altogether", "the fickle ‘belief’ altogether"),
    "straight-after-sentence": (
        'su marido."Temo que no vuelva", dijo.',
        'su marido. "Temo que no vuelva", dijo.',
    ),
    "straight-closing-glued": (
        'He called it "a disaster"and left.',
        'He called it "a disaster" and left.',
    ),
    "opening-typed-as-closing-glued": (
        "A empresa informou que”não vai comentar.” E disse “nada mais”.",
        "A empresa informou que “não vai comentar.” E disse “nada mais”.",
    ),
    "one-bad-quotation-among-good": (
        "“Fine” and “also fine” but “broken“, she said, and “fine again”.",
        "“Fine” and “also fine” but “broken”, she said, and “fine again”.",
    ),
}

LEFT_ALONE = {
    "apostrophes": "Don’t forget the ’90s and rock ’n’ roll.",
    "plural-possessive": "Sanders’ wife and the Joneses’ house.",
    "primes": "He is 5'11\" tall; the board is 6' wide.",
    "nested": "“He told me ‘no’ twice,” she said.",
    "line-start-and-end": "“\nA quote mark alone at the end of a line “",
    "german": "„Das ist gut“, sagte er, „und das auch“.",
    "czech": "Řekl: „Ano“, a odešel.",
    "danish-guillemets": "Han sagde »Hej« og gik.",
    "danish-low-high": "Han sagde „Hej“ og gik.",
    "french": "Il a dit : « Nous continuerons. »",
    "swedish": "Han sa ”Hej” och gick.",
    "before-punctuation": "She called it a “win”, then a “loss”.",
    "british-punctuation": "It was a “hawk”. Then “a dove”!",
    "unbalanced-straight": 'He said "yes and left, "maybe.',
    "unclosed-curly": "“The story goes on into the next paragraph without closing",
    "no-damage": "“We are ready,” the mayor said. “Let the work begin.”",
    "ambiguous-space-both-sides": "“to disable a district court “ from acting”",
}


@pytest.mark.parametrize(("before", "after"), REPAIRS.values(), ids=REPAIRS.keys())
def test_repair(before: str, after: str) -> None:
    """The damaged quote is repaired, through the rule and through clean()."""
    assert after == apply_edits(before, fix_quotes(before))
    assert after == captionfix.clean(before).text


@pytest.mark.parametrize("text", LEFT_ALONE.values(), ids=LEFT_ALONE.keys())
def test_left_alone(text: str) -> None:
    """Text the rule must not touch makes no quote edit."""
    assert [] == fix_quotes(text)


def test_quotes_switch_off() -> None:
    """With quotes=False nothing is repaired."""
    config = attrs.evolve(captionfix.Config(), quotes=False)
    assert "He said“We will.”" == captionfix.clean("He said“We will.”", config=config).text
