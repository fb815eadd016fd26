"""The vocabulary files in ``captionfix/data/``: well-formed, sorted, unique, loaded."""

from __future__ import annotations

from importlib.resources import files

import pytest

from captionfix import widgets
from captionfix.rules import media_labels
from captionfix.rules.credits import labels, locate, parse
from captionfix.rules.credits.labels import line_hinted
from captionfix.textscan import HINT_MASK, first_of, hint_hits
from captionfix.vocab import default_vocabulary, key, vocabulary

DATA = files("captionfix").joinpath("data")
FILES = (
    "agencies.txt",
    "credit_labels.txt",
    "media_labels.txt",
    "abbreviations.txt",
    "credit_words.txt",
    "widgets.txt",
)
# the kinds of row of each file with a kind column
KINDS = {
    "credit_labels.txt": {
        "prefix",
        "rights",
        "role",
        "hint",
        "text-source",
        "form",
        "start",
        "anchor",
    },
    "credit_words.txt": {
        "particle",
        "mac-name",
        "org-word",
        "descriptor",
        "photo-only",
        "byline",
        "photo-word",
        "photo-suffix",
        "name-suffix",
        "org-article",
    },
    "widgets.txt": {
        "caption-label",
        "caption-label-colon",
        "caption-label-line",
        "expander",
        "credit-expander",
        "share",
        "counter-noun",
    },
}


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
        assert kind in KINDS["credit_labels.txt"] or (
            kind.startswith("flag:") and kind[5:] in flags
        ), cells


@pytest.mark.parametrize("name", ["credit_words.txt", "widgets.txt"])
def test_word_files_have_known_kinds(name: str) -> None:
    """Each row of the word files has a word, languages and a known kind; no row twice."""
    rows = _rows(name)
    for cells in rows:
        assert 3 == len(cells), cells
        assert cells[2] in KINDS[name], cells
    assert {c[2] for c in rows} == KINDS[name]  # every kind has rows
    assert len({(c[0], c[2]) for c in rows}) == len(rows)


def test_kinds_are_read_from_one_file_each() -> None:
    """The files' kinds differ, so that the vocabulary reads each kind from one place."""
    names = list(KINDS)
    for n, a in enumerate(names):
        for b in names[n + 1 :]:
            assert not KINDS[a] & KINDS[b], (a, b)


def _kind(name: str, kind: str) -> list[str]:
    return [cells[0] for cells in _rows(name) if cells[2] == kind]


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
# of the label pattern in captionfix.rules.credits.labels, as printed: the
# data's "form" rows.
LABEL_FORMS = tuple(_kind("credit_labels.txt", "form"))


@pytest.mark.parametrize("form", LABEL_FORMS)
def test_every_label_form_passes_the_hint_gate(form: str) -> None:
    """The scan that gates detection finds a hint in every credit label, as printed."""
    line = f"A caption of a scene. {form} Jane Roe/Reuters"
    assert line_hinted(line, default_vocabulary()), form


def test_every_label_form_passes_the_gates_of_the_label_pattern() -> None:
    """Each form opens with a start word, holds an anchor, and the pattern takes it whole."""
    assert len(LABEL_FORMS) >= 20
    for form in LABEL_FORMS:
        low = form.lower()
        assert 0 == first_of(low, labels._OTHER_STARTS, 0), form
        assert first_of(low, labels._ANCHORS, 0) >= 0, form
        assert first_of(low, labels._LABEL_WORDS, 0) >= 0, form
        found = labels._other_labels(form + " Jane", 0, len(form) + 5)
        assert [0] == [m.start() for m in found], form


def test_start_and_anchor_words_are_lower_case() -> None:
    """The start and anchor words are compared with a lower-cased stretch."""
    vocab = default_vocabulary()
    for word in (*vocab.words.label_starts, *vocab.words.label_anchors):
        assert word == word.lower(), word
    assert _kind("credit_labels.txt", "start") == list(labels._OTHER_STARTS)
    assert _kind("credit_labels.txt", "anchor") == list(labels._ANCHORS)


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


def test_text_sources_are_never_labels() -> None:
    """Each ``text-source`` row is left out of the colon labels, even where a prefix names it."""
    vocab = default_vocabulary()
    for word in _kind("credit_labels.txt", "text-source"):
        assert key(word) in vocab.words.text_sources
        assert key(word) not in vocab.prefixes, word
        assert not line_hinted(f"A chart of prices. {word}: Jane Roe/Reuters", vocab), word


# --- the credit grammar's words (credit_words.txt): each passes its look-up


def test_every_particle_stays_lower_case_inside_a_name() -> None:
    """A particle row is lower case and is kept so in a name given its natural case."""
    for word in _kind("credit_words.txt", "particle"):
        assert word == word.lower(), word
        assert f"Jane {word} Roe" == parse.natural_case(f"JANE {word.upper()} ROE"), word
        assert parse.is_person_name(f"Jane {word} Roe"), word


def test_every_mac_name_keeps_its_capital() -> None:
    """A Mac-name row gets its capital after "Mac"; the file lists no "Mc" names."""
    for word in _kind("credit_words.txt", "mac-name"):
        assert word == word.lower()
        assert word.startswith("mac"), word
        assert "Mac" + word[3].upper() + word[4:] == parse.natural_case(word.upper()), word


def test_every_org_word_makes_an_organisation() -> None:
    """A name that holds an org-word row (in any case) is no person."""
    for word in _kind("credit_words.txt", "org-word"):
        assert word == word.lower().strip("."), word
        assert not parse.is_person_name(f"Jane {word.capitalize()}"), word
        assert not parse.is_person_name(f"JANE {word.upper()}"), word


def test_every_descriptor_names_nobody() -> None:
    """A descriptor row, as printed or capitalised, is a credit part that names nobody."""
    vocab = default_vocabulary()
    for word in _kind("credit_words.txt", "descriptor"):
        assert key(word) == word, word
        for form in (word, word.capitalize(), word.upper()):
            parsed = parse.parse_body(form, vocab, labelled=True)
            assert parsed is not None, form
            assert parsed.empty, form


def test_every_photo_only_agency_is_a_photo_source_alone() -> None:
    """A photo-only row is the name a credit gives (the canonical one), and a source alone."""
    vocab = default_vocabulary()
    for name in _kind("credit_words.txt", "photo-only"):
        assert vocab.agency(name) in (None, name), name
        parsed = parse.parse_body(name, vocab, labelled=False)
        assert parsed is not None, name
        assert locate._photo_source(parsed, name), name


def test_every_byline_word_opens_a_byline() -> None:
    """A byline row before a name makes the body a byline (first letter gate and pattern)."""
    vocab = default_vocabulary()
    for word in _kind("credit_words.txt", "byline"):
        body = f"{word} Jane Roe, Associated Press"
        assert word[0] in parse._BYLINE_FIRST, word
        assert parse.BYLINE.match(body), word
        assert parse.parse_body(body, vocab, labelled=False) is None, word


def test_every_photo_word_says_a_picture() -> None:
    """A photo-word row, in any case, is found as a word."""
    for word in _kind("credit_words.txt", "photo-word"):
        for form in (word, word.capitalize(), word.upper()):
            assert locate._PHOTO_WORD.search(f"(AP {form})"), form
        assert not locate._PHOTO_WORD.search(f"(AP {word}x)"), word


# --- the widget words (widgets.txt): each passes its gate and its pattern


def test_every_caption_label_is_found_in_any_case() -> None:
    """A caption-label row opening a line passes the first-letter and head gates, whole."""
    for word in _kind("widgets.txt", "caption-label"):
        for form in (word, word.lower(), word.upper()):
            for mark in ("", ",", ":", " :"):
                line = f"{form}{mark} A scene in Lisbon"
                assert line[0] in widgets.CAPTION_LABEL_FIRST, line
                m = widgets.caption_label(line)
                assert m is not None, line
                assert len(form + mark) == m.end(), line


def test_every_colon_caption_label_needs_its_colon() -> None:
    """A caption-label-colon row is a caption label with a colon after it, not without."""
    for word in _kind("widgets.txt", "caption-label-colon"):
        for form in (word, word.lower(), word.upper()):
            assert form[0] in widgets.CAPTION_LABEL_FIRST, form
            m = widgets.caption_label(f"{form}: A scene")
            assert m is not None, form
            assert len(form) + 1 == m.end(), form
            assert widgets.caption_label(f"{form} of a scene") is None, form


def test_every_caption_label_line_is_looked_up_folded() -> None:
    """A caption-label-line row, as printed or in capitals, is known folded."""
    for word in _kind("widgets.txt", "caption-label-line"):
        assert key(word.upper()) in widgets.CAPTION_LABEL_LINES, word


def test_every_expander_leaves_a_caption() -> None:
    """An expander row closing a caption goes; after a credit, a credit-expander row is found."""
    for word in _kind("widgets.txt", "expander"):
        for before in ("A scene in Lisbon. ", "A scene in Lisbon... ", "A scene in Lisbon…"):
            assert "A scene in Lisbon" == widgets.strip_widget_tail(before + word).rstrip(" ."), (
                word
            )
    for word in _kind("widgets.txt", "credit-expander"):
        line = f"A scene in Lisbon. (Jane Roe/Reuters) {word}"
        assert line.endswith(widgets.EXPANDER_TAILS), word
        m = widgets.TRAILING_EXPANDER.search(line)
        assert m is not None, word
        assert line.index(") ") + 1 == m.start(), word


def test_every_share_word_closes_a_share_bar() -> None:
    """Three share-bar rows closing a caption go, whichever ends the bar."""
    words = _kind("widgets.txt", "share")
    for n, word in enumerate(words):
        bar = " ".join([words[n - 2], words[n - 1], word])
        assert "A scene in Lisbon." == widgets.strip_widget_tail(f"A scene in Lisbon. {bar}"), bar


def test_every_counter_noun_makes_a_counter() -> None:
    """A counter-noun row after a number, in any case, is a gallery counter line."""
    vocab = default_vocabulary()
    for word in _kind("widgets.txt", "counter-noun"):
        for form in (word, word.capitalize(), word.upper()):
            assert widgets.COUNTER.match(f"38 {form}"), form
            assert media_labels.is_media_label_line(f"38 {form}", vocab), form


def test_photo_suffixes_make_an_agency_its_photo_service() -> None:
    """Every photo-suffix row, after an agency's name, reads as that agency ("ANI Photo")."""
    from captionfix.rules.credits.parse import parse_body  # noqa: PLC0415
    from captionfix.vocab import default_vocabulary  # noqa: PLC0415

    vocab = default_vocabulary()
    for suffix in _kind("credit_words.txt", "photo-suffix"):
        parsed = parse_body(f"ANI {suffix}", vocab, labelled=False)
        assert parsed is not None, suffix
        assert parsed.agencies == ("Asian News International",), suffix


def test_name_suffixes_close_a_person_name() -> None:
    """Every name-suffix row may close a person's name; it is never read as an acronym."""
    from captionfix.rules.credits.parse import is_person_name  # noqa: PLC0415

    for suffix in _kind("credit_words.txt", "name-suffix"):
        assert is_person_name(f"John Q. Public {suffix}"), suffix
        assert is_person_name(f"John Q. Public {suffix}."), suffix
