"""The vocabulary files in ``captionfix/data/``: well-formed, sorted, unique, loaded."""

from __future__ import annotations

from importlib.resources import files

import pytest

from captionfix.rules.credits.labels import line_hinted
from captionfix.textscan import HINT_MASK, hint_hits
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
        assert kind in {"prefix", "rights", "role", "hint"} or (
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


# Label forms without a colon (a colon is itself a hint), one per start word
# of the label pattern in captionfix.rules.credits.labels, as printed.
LABEL_FORMS = (
    "Featured image via",
    "Image copyright",
    "IMAGE COPYRIGHT",
    "IMAGE SOURCE",
    "Photo by",
    "Photograph by",
    "Picture by",
    "Pic by",
    "Foto de",
    "Fotografía de",
    "Imagen de",
    "Imagem de",
    "Illustration by",
    "Photo illustration by",
    "Ilustración de",
    "Ilustração de",
    "Courtesy of",
    "Photo courtesy of",
    "Cortesía de",
    "Credit",
)


@pytest.mark.parametrize("form", LABEL_FORMS)
def test_every_label_form_passes_the_hint_gate(form: str) -> None:
    """The scan that gates detection finds a hint in every credit label, as printed."""
    line = f"A caption of a scene. {form} Jane Roe/Reuters"
    assert line_hinted(line, default_vocabulary()), form


def test_every_prefix_label_passes_the_hint_gate() -> None:
    """Every colon label of the data is found where it stands before its colon."""
    vocab = default_vocabulary()
    for cells in _rows("credit_labels.txt"):
        if cells[2] == "prefix" and key(cells[0]) in vocab.prefixes:
            assert line_hinted(f"A scene. {cells[0]}: Jane Roe/Reuters", vocab), cells[0]


def _hint_rows() -> list[str]:
    return [cells[0] for cells in _rows("credit_labels.txt") if cells[2] == "hint"]


def test_the_scan_is_handed_every_hint_of_the_data() -> None:
    """The vocabulary's hints are the data's ``hint`` rows, in order: the C scan knows none."""
    assert tuple(_hint_rows()) == default_vocabulary().hints


def test_every_hint_of_the_data_is_used() -> None:
    """No hint holds another (or one of the two would be needless)."""
    hints = _hint_rows()
    for hint in hints:
        assert not any(other in hint for other in hints if other != hint), hint
    assert len(set(hints)) == len(hints)


def test_every_label_of_the_data_holds_a_hint() -> None:
    """Each credit label and flag word of the data, as printed and in capitals, holds a hint.

    Lower-case and title-case forms: the scan compares characters exactly, so
    a label that holds a hint only in one case would be missed in the other.
    """
    hints = default_vocabulary().hints
    for cells in _rows("credit_labels.txt"):
        if cells[2] != "prefix":
            continue
        for form in (cells[0] + ":", cells[0].upper() + ":", cells[0].lower() + ":"):
            assert hint_hits(form, hints), form


def test_hints_are_few() -> None:
    """Every hint is compared at each position of every text: the list stays short.

    The C scan marks where a one-character hint or the first two characters of
    a longer one stand, with one vector comparison (or two) each; at most 32
    hints fit its table.
    """
    hints = default_vocabulary().hints
    assert len(hints) <= HINT_MASK + 1
    openings = {h[:2] for h in hints}
    assert 0 < len(openings) <= 10
