"""The credit census: real credit forms, each inside a small article, through ``clean()``.

``tests/data/credit_census.tsv`` holds one short credit line per row, in a house
style seen on a real page (the ``form`` and its ``source`` outlet; the search
evidence behind each form is in ``tests/data/credit_census.md``), with the parse
we expect.  Person names are invented; agency names are real.

Each row becomes a short article: a paragraph of prose, a blank line, an invented
caption with the credit on its own line below it or appended to it, a blank line
and a second paragraph.  A row is

* RECOGNISED when every printed character of the credit (outer separators such as
  a leading ``|`` or ``—``, whitespace and brackets aside) lies inside the spans
  of ``Result.credits``, the credit is gone from ``Result.text``, and both prose
  paragraphs are intact;
* PARSED when it is recognised and the records covering it name the expected
  creators (exactly, natural capitalisation) and agencies (case-folded, through
  ``ALIASES``).  Distributors and flags are reported, not gated.

The shares must reach ``RECOGNISED_MIN`` and ``PARSED_MIN``.  Those floors are
what the detector achieved when the census was taken; the target for both is
0.95 (issue: "require ≥ 95% recognised").  Raise them as detection improves.

``tests/data/credit_census_negatives.tsv`` holds near-misses: credit-looking
strings that are not photo credits.  Each, set in prose, must come out unchanged,
and every one is its own test case.  Known failures are ``xfail(strict=True)``,
so fixing one makes the suite say so.

Run ``python tests/test_credit_census.py`` (``--help``) for the current rates, a
per-form summary and the failing rows, or ``pytest tests/test_credit_census.py -s``.
"""

from __future__ import annotations

import argparse
import csv
import sys
import unicodedata
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import captionfix

DATA = Path(__file__).resolve().parent / "data"
CENSUS = DATA / "credit_census.tsv"
NEGATIVES = DATA / "credit_census_negatives.tsv"
COLUMNS = ("credit", "creators", "agencies", "distributors", "flags", "lang", "form", "source")

# Floors, not goals: what the detector on main (4411ec9) achieved when the census was
# taken (recognised 0.775, parsed 0.703), rounded down to 0.01.  The target for both
# is 0.95; raise the floors as detection improves, never lower them.
RECOGNISED_MIN = 0.95  # measured 0.950: the target, reached
PARSED_MIN = 0.93  # measured 0.935; the target is 0.95

FLAGS = frozenset({"pool", "file", "handout", "courtesy", "illustration", "video"})
LANGS = frozenset(
    {"en", "es", "pt", "fr", "de", "it", "nl", "nb", "da", "sv", "fi", "tr", "pl", "ru", "cs"}
)

# Spellings of one agency that the comparison treats as the same name, case-folded:
# the abbreviations and short forms the vocabulary lists, in the script it lists them.
# Names in another language or script (РИА Новости, La Presse canadienne) are not
# folded: the parse has to give the canonical name for those.
ALIASES = {
    "ap": "associated press",
    "the associated press": "associated press",
    "afp": "agence france-presse",
    "agence france presse": "agence france-presse",
    "epa": "european pressphoto agency",
    "dpa": "deutsche presse-agentur",
    "xinhua news agency": "xinhua",
    "agencia efe": "efe",
    "getty": "getty images",
    "pa": "pa media",
    "pa wire": "pa media",
    "pa images": "pa media",
    "press association": "pa media",
    "australian associated press": "aap",
    "aap image": "aap",
    "canadian press": "the canadian press",
    "pti": "press trust of india",
    "ani": "asian news international",
    "usa today sports": "usa today",
    "rex/shutterstock": "rex",
    "rex features": "rex",
    "sipa usa": "sipa",
    "imago images": "imago",
    "ntb scanpix": "ntb",
    "pap": "polish press agency",
    "anadolu": "anadolu agency",
    "guardian": "the guardian",
    "new york times": "the new york times",
    "washington post": "the washington post",
    "x": "twitter",
}
# One name that stands for two agencies: EPA-EFE is EPA and EFE together.
SPLITS = {"epa-efe": ("european pressphoto agency", "efe")}
# Names of one brand: REX/Shutterstock is REX (the vocabulary lists it so), so a
# parse that keeps "Shutterstock" beside "REX" names the same source.
BRANDS = {"shutterstock": "rex"}

# Per language: prose before, prose after, caption sentences.
PROSE = {
    "en": (
        "The minister arrived in the capital on Monday for two days of talks on trade and security.",
        "Officials said the negotiations would continue late into the night.",
        (
            "Protesters gather outside the parliament building on Tuesday.",
            "Rescue workers search the rubble of a collapsed house in the old town.",
            "The president waves to supporters after speaking at a rally in Ohio.",
            "Fans celebrate at the stadium after the final whistle.",
        ),
    ),
    "es": (
        "El ministro llegó a la capital el lunes para dos días de conversaciones sobre comercio.",
        "Según fuentes oficiales, las negociaciones continuarán durante la noche.",
        (
            "Manifestantes frente al Congreso este martes.",
            "Rescatistas buscan sobrevivientes entre los escombros en el centro de la ciudad.",
            "El presidente saluda a sus simpatizantes durante un acto en Guadalajara.",
        ),
    ),
    "pt": (
        "O ministro chegou à capital na segunda-feira para dois dias de negociações.",
        "Segundo fontes oficiais, as conversas devem continuar durante a noite.",
        (
            "Manifestantes em frente ao Congresso Nacional nesta terça-feira.",
            "Bombeiros trabalham no local do desabamento em São Paulo.",
            "O presidente cumprimenta apoiadores durante evento em Brasília.",
        ),
    ),
    "fr": (
        "Le ministre est arrivé lundi dans la capitale pour deux jours de négociations.",
        "Selon des sources officielles, les discussions devraient se poursuivre dans la nuit.",
        (
            "Des manifestants devant l'Assemblée nationale, à Paris, mardi.",
            "Des secouristes fouillent les décombres d'un immeuble effondré à Marseille.",
            "Le président salue ses partisans lors d'un meeting à Lyon.",
        ),
    ),
    "de": (
        "Der Minister ist am Montag zu zweitägigen Gesprächen in der Hauptstadt eingetroffen.",
        "Nach Angaben aus Regierungskreisen sollen die Verhandlungen bis in die Nacht dauern.",
        (
            "Demonstranten vor dem Reichstagsgebäude in Berlin am Dienstag.",
            "Rettungskräfte suchen in den Trümmern eines eingestürzten Hauses nach Verschütteten.",
            "Der Kanzler bei einer Pressekonferenz im Kanzleramt.",
        ),
    ),
    "it": (
        "Il ministro è arrivato lunedì nella capitale per due giorni di colloqui.",
        "Secondo fonti ufficiali, i negoziati proseguiranno fino a tarda notte.",
        (
            "Manifestanti davanti a Montecitorio, a Roma, martedì.",
            "I soccorritori al lavoro tra le macerie della palazzina crollata.",
        ),
    ),
    "nl": (
        "De minister kwam maandag in de hoofdstad aan voor twee dagen overleg.",
        "Volgens ingewijden gaan de onderhandelingen tot diep in de nacht door.",
        (
            "Demonstranten bij het Binnenhof in Den Haag, dinsdag.",
            "Hulpverleners zoeken in het puin van de ingestorte woning.",
        ),
    ),
    "nb": (
        "Ministeren kom til hovedstaden mandag for to dager med samtaler.",
        "Ifølge kilder i departementet skal forhandlingene fortsette utover natten.",
        ("Demonstranter utenfor Stortinget i Oslo tirsdag.",),
    ),
    "da": (
        "Ministeren ankom mandag til hovedstaden til to dages forhandlinger.",
        "Ifølge kilder i ministeriet fortsætter forhandlingerne natten igennem.",
        ("Demonstranter foran Christiansborg i København tirsdag.",),
    ),
    "sv": (
        "Ministern anlände till huvudstaden på måndagen för två dagars samtal.",
        "Enligt källor på departementet fortsätter förhandlingarna under natten.",
        ("Demonstranter utanför riksdagshuset i Stockholm på tisdagen.",),
    ),
    "fi": (
        "Ministeri saapui pääkaupunkiin maanantaina kahden päivän neuvotteluihin.",
        "Ministeriön lähteiden mukaan neuvottelut jatkuvat yöhön asti.",
        ("Mielenosoittajia eduskuntatalon edessä Helsingissä tiistaina.",),
    ),
    "tr": (
        "Bakan, iki günlük görüşmeler için pazartesi günü başkente geldi.",
        "Yetkililere göre müzakereler gece boyunca sürecek.",
        ("Salı günü Meclis binası önünde toplanan göstericiler.",),
    ),
    "pl": (
        "Minister przyjechał w poniedziałek do stolicy na dwudniowe rozmowy.",
        "Według źródeł w ministerstwie negocjacje potrwają do późnej nocy.",
        ("Demonstranci przed Sejmem w Warszawie we wtorek.",),
    ),
    "ru": (
        "Министр прибыл в столицу в понедельник для двухдневных переговоров.",
        "По словам источников, переговоры продлятся до поздней ночи.",
        ("Участники акции у здания парламента во вторник.",),
    ),
    "cs": (
        "Ministr přijel v pondělí do hlavního města na dvoudenní jednání.",
        "Podle zdrojů z ministerstva budou jednání pokračovat až do noci.",
        ("Demonstranti před budovou Poslanecké sněmovny v úterý.",),
    ),
}

# A credit that starts with one of these is glued to its caption by the page.
GLUE_LEADS = ("|", "—", "–", "/", "- ")
IGNORED_IN_CREDIT = frozenset("()[]")
OUTER_LEADS = " |—–-/"
OUTER_TAILS = " ."


@dataclass(frozen=True)
class Row:
    """One census row."""

    line: int
    credit: str
    creators: tuple[str, ...]
    agencies: tuple[str, ...]
    distributors: tuple[str, ...]
    flags: tuple[str, ...]
    lang: str
    form: str
    source: str

    @property
    def id(self) -> str:
        return f"{self.line}:{self.form}"


@dataclass
class Outcome:
    """What ``clean()`` did with one census row."""

    row: Row
    text: str
    recognised: bool
    parsed: bool
    why: str = ""
    got: dict[str, tuple[str, ...]] = field(default_factory=dict)
    distributors_ok: bool = False
    flags_ok: bool = False


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split("|") if part.strip())


def load_census(path: Path = CENSUS) -> list[Row]:
    """The census rows, in file order."""
    rows = []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        assert tuple(header) == COLUMNS, header
        for line, cells in enumerate(reader, start=2):
            assert len(cells) == len(COLUMNS), (line, cells)
            credit, creators, agencies, distributors, flags, lang, form, source = cells
            rows.append(
                Row(
                    line,
                    credit,
                    _split(creators),
                    _split(agencies),
                    _split(distributors),
                    _split(flags),
                    lang,
                    form,
                    source,
                )
            )
    return rows


def load_negatives(path: Path = NEGATIVES) -> list[tuple[int, str, str]]:
    """The near-misses as (line, text, why); ``\\n`` in a text is a line break."""
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        assert header == ["text", "why"], header
        for line, cells in enumerate(reader, start=2):
            assert len(cells) == 2, (line, cells)
            out.append((line, cells[0].replace("\\n", "\n"), cells[1]))
    return out


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def _agency_keys(names: tuple[str, ...]) -> frozenset[str]:
    keys: set[str] = set()
    for name in names:
        folded = _fold(name).casefold()
        folded = ALIASES.get(folded, folded)
        keys.update(SPLITS.get(folded, (folded,)))
    return frozenset(k for k in keys if BRANDS.get(k) not in keys)


def article(row: Row) -> tuple[str, int, int, str, str]:
    """An article holding the row's credit: (text, start, end, before, after).

    ``start``/``end`` bound the credit in the text.  The caption and the placement
    (own line or appended) are picked from a hash of the credit, so adding rows
    does not move the others.
    """
    before, after, captions = PROSE.get(row.lang, PROSE["en"])
    seed = zlib.crc32(row.credit.encode("utf-8"))
    caption = captions[seed % len(captions)]
    glued = row.credit.startswith(GLUE_LEADS)
    sep = " " if glued or (seed >> 8) % 2 else "\n"
    head = f"{before}\n\n{caption}{sep}"
    text = f"{head}{row.credit}\n\n{after}"
    return text, len(head), len(head) + len(row.credit), before, after


def _core(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in OUTER_LEADS:
        start += 1
    while end > start and text[end - 1] in OUTER_TAILS:
        end -= 1
    return start, end


def run_row(row: Row) -> Outcome:
    """Clean the row's article and judge the result."""
    text, start, end, before, after = article(row)
    result = captionfix.clean(text)
    start, end = _core(text, start, end)
    core = text[start:end]
    records = [
        credit for credit in result.credits if any(s < end and e > start for s, e in credit.spans)
    ]
    covered = {i for credit in records for s, e in credit.spans for i in range(s, e)}
    missing = [
        i
        for i in range(start, end)
        if not text[i].isspace() and text[i] not in IGNORED_IN_CREDIT and i not in covered
    ]
    got = {
        "raw": tuple(credit.raw for credit in records),
        "creators": tuple(c for credit in records for c in credit.creators),
        "agencies": tuple(a for credit in records for a in credit.agencies),
        "distributors": tuple(d for credit in records for d in credit.distributors),
        "flags": tuple(f for credit in records for f in credit.flags),
    }
    outcome = Outcome(row, text, recognised=False, parsed=False, got=got)
    if before not in result.text or after not in result.text:
        outcome.why = "prose damaged"
    elif not records:
        outcome.why = "no credit record"
    elif missing:
        left = "".join(text[i] for i in missing)
        outcome.why = f"credit only partly recorded (missing {left!r})"
    elif _fold(core) in _fold(result.text):
        outcome.why = "recorded but left in the text"
    else:
        outcome.recognised = True
    if not outcome.recognised:
        return outcome
    creators_ok = {_fold(c) for c in row.creators} == {_fold(c) for c in got["creators"]}
    agencies_ok = _agency_keys(row.agencies) == _agency_keys(got["agencies"])
    outcome.parsed = creators_ok and agencies_ok
    outcome.distributors_ok = _agency_keys(row.distributors) == _agency_keys(got["distributors"])
    outcome.flags_ok = set(row.flags) == set(got["flags"])
    if not creators_ok:
        outcome.why = f"creators {list(got['creators'])} != {list(row.creators)}"
    elif not agencies_ok:
        outcome.why = f"agencies {list(got['agencies'])} != {list(row.agencies)}"
    return outcome


def run_census(rows: list[Row] | None = None) -> list[Outcome]:
    """Every census row through ``clean()``."""
    return [run_row(row) for row in (load_census() if rows is None else rows)]


def rates(outcomes: list[Outcome]) -> tuple[float, float]:
    """(recognised share, parsed share)."""
    n = len(outcomes) or 1
    return (
        sum(o.recognised for o in outcomes) / n,
        sum(o.parsed for o in outcomes) / n,
    )


def report(outcomes: list[Outcome], *, show_parse_failures: bool = True) -> str:
    """A plain-text report: rates, per-form and per-language tables, failing rows."""
    recognised, parsed = rates(outcomes)
    full = sum(o.parsed and o.distributors_ok and o.flags_ok for o in outcomes)
    lines = [
        f"credit census: {len(outcomes)} rows",
        f"  recognised {recognised:.3f} (floor {RECOGNISED_MIN:.2f}, target 0.95)",
        f"  parsed     {parsed:.3f} (floor {PARSED_MIN:.2f}, target 0.95)",
        f"  parsed with distributors and flags too: {full / (len(outcomes) or 1):.3f}",
        "",
    ]
    for key, title in ((lambda o: o.row.form, "form"), (lambda o: o.row.lang, "lang")):
        groups: dict[str, list[Outcome]] = defaultdict(list)
        for o in outcomes:
            groups[key(o)].append(o)
        lines.append(f"{title:<28} {'rows':>5} {'recog':>6} {'parsed':>6}")
        order = sorted(
            groups.items(), key=lambda kv: (-sum(not o.recognised for o in kv[1]), kv[0])
        )
        for name, group in order:
            lines.append(
                f"{name:<28} {len(group):>5} {sum(o.recognised for o in group):>6}"
                f" {sum(o.parsed for o in group):>6}"
            )
        lines.append("")
    misses = [o for o in outcomes if not o.recognised]
    lines.append(f"unrecognised rows ({len(misses)}):")
    lines.extend(f"  line {o.row.line:>3} [{o.row.form}] {o.row.credit!r}: {o.why}" for o in misses)
    if show_parse_failures:
        wrong = [o for o in outcomes if o.recognised and not o.parsed]
        lines.append("")
        lines.append(f"recognised but misparsed ({len(wrong)}):")
        lines.extend(
            f"  line {o.row.line:>3} [{o.row.form}] {o.row.credit!r}: {o.why}" for o in wrong
        )
    return "\n".join(lines)


# --- the census table itself ------------------------------------------------------------------


def test_census_table_is_well_formed() -> None:
    """Enough rows, known languages and flags, no duplicate credits, every cell filled where due."""
    rows = load_census()
    assert 250 <= len(rows) <= 400
    assert len({r.credit for r in rows}) == len(rows)
    assert {r.lang for r in rows} <= LANGS
    assert {"en", "es", "pt", "fr", "de", "it", "nl"} <= {r.lang for r in rows}
    for row in rows:
        assert row.credit == row.credit.strip(), row
        assert row.form, row
        assert row.source, row
        assert set(row.flags) <= FLAGS, row
        # creators are in natural capitalisation, never all caps
        assert all(not c.isupper() for c in row.creators), row


def test_census_outlets_and_forms_are_varied() -> None:
    """The census is a census: many forms and outlets, no form dominating."""
    rows = load_census()
    forms = Counter(r.form for r in rows)
    assert len(forms) >= 60
    assert len({r.source for r in rows}) >= 80
    assert forms.most_common(1)[0][1] <= len(rows) // 10


# --- recognition and parsing ------------------------------------------------------------------


@pytest.fixture(scope="module")
def census() -> list[Outcome]:
    return run_census()


def test_census_recognised_share(census: list[Outcome]) -> None:
    """At least RECOGNISED_MIN of the census rows are found, recorded and removed."""
    print()
    print(report(census))
    recognised, _ = rates(census)
    misses = [f"{o.row.credit!r}: {o.why}" for o in census if not o.recognised]
    assert recognised >= RECOGNISED_MIN, "\n".join(misses[:40])


def test_census_parsed_share(census: list[Outcome]) -> None:
    """At least PARSED_MIN of the census rows are recognised with the right creators and agencies."""
    _, parsed = rates(census)
    wrong = [f"{o.row.credit!r}: {o.why}" for o in census if not o.parsed]
    assert parsed >= PARSED_MIN, "\n".join(wrong[:40])


def test_census_judge_sees_a_removed_credit() -> None:
    """The judge itself: a credit the detector handles is recognised and parsed."""
    row = Row(
        0, "Photograph: Jane Roe/Reuters", ("Jane Roe",), ("Reuters",), (), (), "en", "t", "t"
    )
    outcome = run_row(row)
    assert outcome.recognised, outcome.why
    assert outcome.parsed, outcome.why


def test_census_judge_rejects_a_credit_left_in_place() -> None:
    """The judge itself: prose is not a credit, so it is not recognised."""
    row = Row(0, "He said it would rain.", (), (), (), (), "en", "t", "t")
    outcome = run_row(row)
    assert not outcome.recognised


# --- near-misses ------------------------------------------------------------------------------

NEGATIVE_BEFORE = (
    "The minister arrived in the capital on Monday for two days of talks on trade and security."
)
NEGATIVE_AFTER = "Officials said the negotiations would continue late into the night."

# Near-misses the current detector changes; each is a bug to fix (strict xfail).
# Empty: the detector leaves every near-miss alone.
KNOWN_FAILING_NEGATIVES: dict[str, str] = {}


def _negative_params() -> list[object]:
    params = []
    for line, text, why in load_negatives():
        marks = (
            [pytest.mark.xfail(strict=True, reason=KNOWN_FAILING_NEGATIVES[text])]
            if text in KNOWN_FAILING_NEGATIVES
            else []
        )
        params.append(pytest.param(text, why, id=f"line{line}", marks=marks))
    return params


def negative_article(text: str) -> str:
    """The near-miss as its own paragraph between two paragraphs of prose."""
    return f"{NEGATIVE_BEFORE}\n\n{text}\n\n{NEGATIVE_AFTER}"


def test_negatives_table_is_well_formed() -> None:
    """About sixty near-misses, each with a reason, none repeated, all listed failures present."""
    negatives = load_negatives()
    texts = [text for _, text, _ in negatives]
    assert len(negatives) >= 55
    assert len(set(texts)) == len(texts)
    assert all(why for _, _, why in negatives)
    assert set(KNOWN_FAILING_NEGATIVES) <= set(texts)


@pytest.mark.parametrize(("text", "why"), _negative_params())
def test_negative_is_left_alone(text: str, why: str) -> None:
    """A credit-looking string that is not a photo credit comes out unchanged."""
    source = negative_article(text)
    result = captionfix.clean(source)
    assert source == result.text, why
    assert () == result.credits, why


# --- command line -----------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    """Print the census rates, the per-form table and the failing rows."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--form", help="only rows of this form (substring match)")
    parser.add_argument("--lang", help="only rows of this language")
    parser.add_argument("--row", type=int, help="show one row (by file line) in detail")
    parser.add_argument("--no-parse", action="store_true", help="do not list misparsed rows")
    parser.add_argument("--negatives", action="store_true", help="also run the near-misses")
    args = parser.parse_args(argv)
    rows = load_census()
    if args.form:
        rows = [r for r in rows if args.form in r.form]
    if args.lang:
        rows = [r for r in rows if r.lang == args.lang]
    if args.row:
        rows = [r for r in rows if r.line == args.row]
        for o in run_census(rows):
            print(o.text, "\n---")
            print(f"recognised={o.recognised} parsed={o.parsed} {o.why}")
            for key, value in o.got.items():
                print(f"  {key}: {list(value)}")
            print(
                f"  expected creators {list(o.row.creators)} agencies {list(o.row.agencies)}"
                f" distributors {list(o.row.distributors)} flags {list(o.row.flags)}"
            )
        return 0
    print(report(run_census(rows), show_parse_failures=not args.no_parse))
    if args.negatives:
        print("\nnear-misses changed by clean():")
        for line, text, why in load_negatives():
            source = negative_article(text)
            result = captionfix.clean(source)
            if result.text != source or result.credits:
                known = " (known)" if text in KNOWN_FAILING_NEGATIVES else " (NEW)"
                print(f"  line {line:>3}{known} {text!r}: {why}")
                for edit in result.edits:
                    print(f"      {edit.rule}: {edit.before!r} -> {edit.replacement!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
