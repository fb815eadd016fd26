"""The public API: types, errors, switches and the JSON form."""

from __future__ import annotations

import json

import attrs
import pytest

import captionfix


def test_bytes_are_refused_with_advice() -> None:
    """Bytes raise TypeError saying to decode first."""
    with pytest.raises(TypeError, match="decode"):
        captionfix.clean(b"text")  # type: ignore[arg-type]


def test_non_str_is_refused() -> None:
    """Anything but str raises TypeError."""
    with pytest.raises(TypeError):
        captionfix.clean(42)  # type: ignore[arg-type]


def test_records_are_frozen() -> None:
    """Result, records and Config cannot be mutated."""
    result = captionfix.clean("A caption here (AP Photo/Jane Roe)\n\nProse.")
    for obj in (
        result,
        result.edits[0],
        result.credits[0],
        result.captions[0],
        captionfix.Config(),
    ):
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            obj.__setattr__("text", "x")


def test_one_switch_per_rule() -> None:
    """Config has a bool field named after every rule."""
    fields = attrs.fields_dict(captionfix.Config)
    for rule in captionfix.RULE_NAMES:
        assert fields[rule].type in (bool, "bool")
        assert getattr(captionfix.Config(), rule) is True


def test_json_form() -> None:
    """as_dict() has the SPEC §2 keys and serialises to JSON."""
    result = captionfix.clean(
        "Kirby said“We will.”\n\nJohn Kirby speaks (REUTERS) (JANE ROE/)\n\nMore."
    )
    obj = captionfix.as_dict(result)
    assert {"text", "captions", "credits", "edits"} <= set(obj)
    assert {"text", "credit", "spans", "count", "rule"} <= set(obj["captions"][0])
    assert {"raw", "creators", "agencies", "distributors", "flags", "spans"} <= set(
        obj["credits"][0]
    )
    assert {"rule", "start", "end", "replacement"} <= set(obj["edits"][0])
    assert obj == json.loads(json.dumps(obj))


def test_changed() -> None:
    """Result.changed says whether any edit was made."""
    assert captionfix.clean("He said“We will.”").changed
    assert not captionfix.clean("Nothing to do.").changed


def test_capped_rule_is_reported() -> None:
    """A rule whose unsure removals would take most of an article removes nothing and is named."""
    lines = [f"Image caption Caption number {n} of the day in town" for n in range(30)]
    text = "\n\n".join([*lines, "One short paragraph of prose."])
    result = captionfix.clean(text)
    assert ("captions",) == result.capped
    assert not any(e.rule == "captions" for e in result.edits)


def test_credited_captions_are_not_capped() -> None:
    """A gallery of credited captions is cleaned whole: a credited caption is not unsure."""
    lines = [f"Caption number {n} of the day (AP Photo/Jane Roe)" for n in range(30)]
    text = "\n\n".join([*lines, "One short paragraph of prose."])
    result = captionfix.clean(text)
    assert () == result.capped
    assert 30 == len(result.captions)
    assert "One short paragraph of prose." == result.text


def test_agencies_extend_through_config() -> None:
    """Config(agencies=...) teaches a new agency without touching the shipped list."""
    text = "The mayor opens the bridge. (Foto: Jane Roe/Agência Pública)\n\nProse follows here."
    config = captionfix.Config(agencies=("Agência Pública | Publica",))
    (credit,) = captionfix.clean(text, config=config).credits
    assert ("Agência Pública",) == credit.agencies
