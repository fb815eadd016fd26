"""The vocabulary files in ``captionfix/data/``: well-formed, sorted, unique, loaded."""

from __future__ import annotations

from importlib.resources import files

import pytest

from captionfix.vocab import default_vocabulary, key, vocabulary

DATA = files("captionfix").joinpath("data")
FILES = ("agencies.txt", "credit_labels.txt", "media_labels.txt")


def _rows(name: str) -> list[list[str]]:
    rows = []
    for raw in DATA.joinpath(name).read_text(encoding="utf-8").splitlines():
        if raw.lstrip().startswith("#") or not raw.strip():
            continue
        rows.append([c.strip() for c in raw.split(" #", 1)[0].split(" | ")])
    return rows


@pytest.mark.parametrize("name", FILES)
def test_file_has_a_header_and_rows(name: str) -> None:
    """Each data file opens with a comment header (format, sources, date) and has rows."""
    text = DATA.joinpath(name).read_text(encoding="utf-8")
    assert text.startswith("#")
    assert "Sources" in text.split("\n\n")[0] or "Sources:" in text
    assert _rows(name)


def test_agencies_enough_sorted_unique() -> None:
    """At least 100 agencies, sorted by canonical name, no variant under two names."""
    rows = _rows("agencies.txt")
    assert len(rows) >= 100
    canon = [r[0] for r in rows]
    assert sorted(canon, key=str.casefold) == canon
    assert len(set(map(str.casefold, canon))) == len(canon)
    owner: dict[str, str] = {}
    for cells in rows:
        for name in cells:
            assert owner.setdefault(key(name), cells[0]) == cells[0], name


def test_credit_label_kinds() -> None:
    """Every credit label is a prefix, a known flag, or the words of a copyright notice."""
    flags = {"pool", "file", "handout", "courtesy", "illustration", "video"}
    for cells in _rows("credit_labels.txt"):
        assert 3 == len(cells), cells
        kind = cells[2]
        assert kind in {"prefix", "rights", "role"} or (
            kind.startswith("flag:") and kind[5:] in flags
        ), cells


def test_vocabulary_loads() -> None:
    """The loaded vocabulary knows the agencies, flags and labels of SPEC §1."""
    vocab = default_vocabulary()
    assert "Reuters" == vocab.agency("REUTERS")
    assert "Associated Press" == vocab.agency("AP")
    assert "Agence France-Presse" == vocab.agency("afp")
    assert "Deutsche Presse-Agentur" == vocab.agency("dpa")
    assert "pool" == vocab.flags["pool"]
    assert "handout" == vocab.flags["divulgação"]
    assert "photograph" in vocab.prefixes
    assert "source" not in vocab.prefixes
    assert "image caption" in vocab.media_labels
    assert "expand | collapse" in vocab.media_labels


def test_config_extends_agencies() -> None:
    """Config.agencies lines add agencies without touching the shipped table."""
    extended = vocabulary(("Agência Pública | Publica",))
    assert "Agência Pública" == extended.agency("PUBLICA")
    assert default_vocabulary().agency("Publica") is None


def test_every_rights_entry_is_known_as_a_copyright_notice() -> None:
    """Each ``rights`` row of the data marks a line as a text's copyright notice."""
    vocab = default_vocabulary()
    rows = [cells[0] for cells in _rows("credit_labels.txt") if cells[2] == "rights"]
    assert rows
    for words in rows:
        assert vocab.names_rights(f"© 2021 Example Media. {words.upper()}."), words
