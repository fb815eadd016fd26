"""Golden cases in ``fixtures/``: text, records, idempotence, replay and revert."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest
import tomllib

import captionfix

ROOT = Path(__file__).resolve().parents[1] / "fixtures"
AREAS = (
    "quotes",
    "encoding",
    "credits",
    "captions",
    "media_labels",
    "whitespace",
    "combined",
    "negative",
)
CASES = sorted(p.parent for p in ROOT.glob("*/*/input.txt"))
ALIASES = {
    "ap": "associated press",
    "afp": "agence france-presse",
    "epa": "european pressphoto agency",
    "dpa": "deutsche presse-agentur",
    "xinhua news agency": "xinhua",
    "agencia efe": "efe",
}


def _agency(name: str) -> str:
    folded = name.casefold()
    return ALIASES.get(folded, folded)


def _fold(text: str) -> str:
    return " ".join(text.split())


def _case_params() -> list[object]:
    params = []
    for case in CASES:
        meta = _meta(case)
        marks = (
            [pytest.mark.xfail(strict=True, reason=meta.get("comment", ""))]
            if (meta.get("expect") == "fail")
            else []
        )
        params.append(pytest.param(case, id=str(case.relative_to(ROOT)), marks=marks))
    return params


def _meta(case: Path) -> dict[str, object]:
    path = case / "case.toml"
    return tomllib.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _credit_matches(want: dict[str, object], got: captionfix.Credit) -> bool:
    return (
        want["raw"] == got.raw
        and set(want.get("creators", [])) == set(got.creators)  # type: ignore[arg-type]
        and {_agency(a) for a in want.get("agencies", [])} == {_agency(a) for a in got.agencies}  # type: ignore[attr-defined]
        and {_agency(a) for a in want.get("distributors", [])}  # type: ignore[attr-defined]
        == {_agency(a) for a in got.distributors}
        and set(want.get("flags", [])) == set(got.flags)  # type: ignore[arg-type]
    )


@pytest.mark.parametrize("case", _case_params())
def test_fixture(case: Path) -> None:
    """The case's expected text and records; idempotent, replayable, revertible."""
    source = (case / "input.txt").read_bytes().decode("utf-8")
    config = attrs.evolve(captionfix.Config(), **_meta(case).get("config", {}))  # type: ignore[arg-type]
    result = captionfix.clean(source, config=config)
    expected_path = case / "expected.txt"
    if expected_path.exists():
        assert expected_path.read_bytes().decode("utf-8") == result.text
    else:
        assert source == result.text
        assert () == result.edits
        assert () == result.captions
        assert () == result.credits
    records_path = case / "records.json"
    if records_path.exists():
        records = json.loads(records_path.read_text(encoding="utf-8"))
        for want in records.get("credits", []):
            assert any(_credit_matches(want, got) for got in result.credits), want
        for want in records.get("captions", []):
            hits = [c for c in result.captions if _fold(c.text) == _fold(want["text"])]
            assert hits, want
            assert want["count"] == hits[0].count
            raw = hits[0].credit.raw if hits[0].credit else None
            assert want["credit"] == raw
        if records.get("exhaustive"):
            assert len(records.get("captions", [])) == len(result.captions)
            assert len(records.get("credits", [])) == len(result.credits)
    again = captionfix.clean(result.text, config=config)
    assert result.text == again.text
    assert () == again.edits
    assert result.text == captionfix.apply_edits(source, result.edits)
    assert source == captionfix.revert(result.text, result.edits)


def test_every_area_has_cases() -> None:
    """Each fixture area exists and holds at least one case with an input."""
    for area in AREAS:
        assert any(ROOT.joinpath(area).glob("*/input.txt")), area


def test_every_case_folder_has_an_input() -> None:
    """No fixture folder is missing its input.txt."""
    folders = [p for p in ROOT.glob("*/*") if p.is_dir()]
    assert [p for p in folders if not (p / "input.txt").exists()] == []
