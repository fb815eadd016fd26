"""A seeded synthetic news corpus with realistic caption/credit artefacts.

Used by ``bench.py``; also runnable on its own to save a corpus for the CLI::

    python tests/benchmarks/corpus_gen.py --docs 2000 --write /tmp/corpus      # NNNNN.txt files
    python tests/benchmarks/corpus_gen.py --docs 2000 --jsonl /tmp/corpus.jsonl

Every word, name and sentence here is made up for this file (English, Spanish,
Portuguese and German-ish prose from small word lists); nothing is taken from
any real article.

Shape of the corpus (rates per article, drawn independently for each one):

* about 70% clean articles: prose with the traps a cleaner must leave alone
  (datelines, ``(Reuters)``/``(AP)`` source tags, ages, party tags, tickers,
  currency notes, German ``„…“`` quotes, apostrophes, slash lists, bylines);
* the rest carry artefacts: 1-4 images per article, each a caption line with a
  credit tag in one of many house styles, often duplicated (once bare, once
  credited), often with widget labels (``Image caption``, ``Fullscreen``,
  ``1 of 12``...); now and then a whole gallery; glued and wrong-way quotes;
* about 3% of all articles carry mojibake (UTF-8 read as cp1252) and ``&amp;``
  style entities; about 10% have CRLF line ends, a few a byte-order mark;
* articles are 2-8 KB of UTF-8.

Each article is built from its own ``random.Random(f"{seed}:{index}")``, so
article *i* is the same whatever the corpus size: ``generate(4 * n)`` starts
with ``generate(n)``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_SEED = 20241125

CLEAN_SHARE = 0.70
MOJIBAKE_SHARE = 0.03
ENTITY_SHARE = 0.01  # entities outside the mojibake articles
CRLF_SHARE = 0.10
BOM_SHARE = 0.01
LANG_WEIGHTS = {"en": 55, "es": 20, "pt": 15, "de": 10}

# ---------------------------------------------------------------------------
# Names and places, invented or generic.

FIRST = [
    "Anna",
    "Bruno",
    "Carla",
    "Daniel",
    "Elena",
    "Felipe",
    "Greta",
    "Hugo",
    "Irene",
    "Jonas",
    "Karla",
    "Lucas",
    "Marta",
    "Nils",
    "Olga",
    "Pablo",
    "Rosa",
    "Samuel",
    "Tomas",
    "Ursula",
    "Victor",
    "Wanda",
    "Xavier",
    "Yara",
    "Zoe",
    "Amira",
    "Bastian",
    "Celia",
    "Dario",
    "Edith",
    "Fabio",
    "Gisela",
    "Helmut",
    "Ines",
    "Joao",
    "Kofi",
    "Leonor",
    "Mateo",
    "Nadia",
    "Oscar",
    "Paula",
]
LAST = [
    "Almeida",
    "Brenner",
    "Castillo",
    "Dorsey",
    "Eckhart",
    "Ferreira",
    "Galvan",
    "Hartmann",
    "Iglesias",
    "Jansen",
    "Kowalski",
    "Lindqvist",
    "Moreau",
    "Navarro",
    "Oliveira",
    "Pereira",
    "Quintero",
    "Roswell",
    "Salgado",
    "Tavares",
    "Ulrich",
    "Vasquez",
    "Winterberg",
    "Yilmaz",
    "Zamora",
    "Abernathy",
    "Bellweather",
    "Corrigan",
    "Delacroix",
    "Esposito",
]
CITIES = {
    "en": [
        ("Springfield", "U.S."),
        ("Port Ellis", "Canada"),
        ("Northbridge", "Britain"),
        ("Kingsford", "Australia"),
        ("Lakemont", "U.S."),
    ],
    "es": [
        ("Valdemora", "España"),
        ("San Ildefonso", "México"),
        ("Puerto Lince", "Chile"),
        ("Villa Arenal", "Argentina"),
    ],
    "pt": [
        ("Porto Alegre do Sul", "Brasil"),
        ("Vila Serena", "Portugal"),
        ("Campo Verde", "Brasil"),
        ("Rio Claro Novo", "Brasil"),
    ],
    "de": [
        ("Neustadt am See", "Deutschland"),
        ("Bergheim", "Österreich"),
        ("Altenau", "Deutschland"),
        ("Rheinfeld", "Schweiz"),
    ],
}
MONTHS = {
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    "es": [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
    ],
    "pt": [
        "janeiro",
        "fevereiro",
        "março",
        "abril",
        "maio",
        "junho",
        "julho",
        "agosto",
        "setembro",
        "outubro",
        "novembro",
        "dezembro",
    ],
    "de": [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ],
}

# ---------------------------------------------------------------------------
# prose: subject + verb + object + tail, per language

WORDS = {
    "en": {
        "subj": [
            "The city council",
            "The health ministry",
            "Local officials",
            "The company",
            "Opposition lawmakers",
            "The central bank",
            "Residents",
            "The union",
            "Investigators",
            "The regional government",
            "Analysts",
            "The committee",
            "Emergency crews",
            "The school board",
            "Farmers in the valley",
        ],
        "verb": [
            "announced",
            "rejected",
            "approved",
            "questioned",
            "postponed",
            "defended",
            "criticised",
            "reviewed",
            "welcomed",
            "proposed",
            "delayed",
            "expanded",
        ],
        "obj": [
            "a new budget for the coming year",
            "plans to widen the main road",
            "the proposal to merge two hospitals",
            "a package of tax measures",
            "the decision to close the old bridge",
            "an inquiry into the contract",
            "new rules for rental housing",
            "the timetable for the elections",
            "a pilot programme for electric buses",
            "the sale of the port terminal",
            "stricter limits on river pollution",
            "the second chapter of the report",
        ],
        "tail": [
            "on Tuesday",
            "after weeks of debate",
            "despite strong objections",
            "in a statement late on Friday",
            "according to people familiar with the matter",
            "for the third time this year",
            "ahead of the summer season",
            "while protesters gathered outside",
            "in a close vote",
            "without giving details",
        ],
        "conn": [
            "However,",
            "Meanwhile,",
            "Earlier,",
            "In addition,",
            "Still,",
            "At the same time,",
        ],
        "said": ["said", "told reporters", "added", "wrote in a letter"],
        "quote": [
            "We will not accept this",
            "It is too early to tell",
            "This is a good day for the region",
            "Nobody expected it to happen so fast",
            "We have done everything we could",
            "The numbers speak for themselves",
            "There's no reason to panic",
            "It wasn't an easy decision",
        ],
        "cap": [
            "{n} speaks during a news conference in {c}, {k}, {m} {d}, {y}.",
            "Protesters march through the centre of {c}, {k}, on {m} {d}, {y}.",
            "{n} arrives for a meeting at the town hall in {c}, {k}.",
            "Firefighters work at the scene of a blaze in {c}, {k}, {m} {d}, {y}.",
            "A view of the harbour in {c}, {k}, {m} {d}, {y}.",
            "{n} waves to supporters after the vote in {c}.",
        ],
    },
    "es": {
        "subj": [
            "El ayuntamiento",
            "El ministerio de Salud",
            "Los vecinos",
            "La empresa",
            "Los diputados de la oposición",
            "El banco central",
            "El sindicato",
            "Los investigadores",
            "El gobierno regional",
            "Los analistas",
            "La comisión",
        ],
        "verb": [
            "anunció",
            "rechazó",
            "aprobó",
            "cuestionó",
            "aplazó",
            "defendió",
            "criticó",
            "revisó",
            "propuso",
            "amplió",
        ],
        "obj": [
            "un nuevo presupuesto para el próximo año",
            "el plan para ampliar la avenida",
            "la fusión de dos hospitales",
            "un paquete de medidas fiscales",
            "el cierre del puente viejo",
            "una investigación sobre el contrato",
            "nuevas normas para el alquiler",
            "el calendario electoral",
        ],
        "tail": [
            "el martes",
            "tras semanas de debate",
            "pese a las críticas",
            "en un comunicado difundido el viernes",
            "por tercera vez este año",
            "mientras los manifestantes se reunían afuera",
            "en una votación ajustada",
        ],
        "conn": ["Sin embargo,", "Mientras tanto,", "Además,", "Por otra parte,", "Aun así,"],
        "said": ["dijo", "afirmó", "declaró", "señaló"],
        "quote": [
            "No vamos a aceptar esto",
            "Es demasiado pronto para saberlo",
            "Hicimos todo lo posible",
            "Los números hablan por sí solos",
        ],
        "cap": [
            "{n} habla durante una conferencia de prensa en {c}, {k}, el {d} de {m} de {y}.",
            "Manifestantes marchan por el centro de {c}, {k}, el {d} de {m} de {y}.",
            "{n} llega a una reunión en {c}, {k}.",
            "Vista del puerto de {c}, {k}, el {d} de {m} de {y}.",
        ],
    },
    "pt": {
        "subj": [
            "A prefeitura",
            "O ministério da Saúde",
            "Os moradores",
            "A empresa",
            "Deputados da oposição",
            "O banco central",
            "O sindicato",
            "Os investigadores",
            "O governo estadual",
            "Os analistas",
            "A comissão",
        ],
        "verb": [
            "anunciou",
            "rejeitou",
            "aprovou",
            "questionou",
            "adiou",
            "defendeu",
            "criticou",
            "revisou",
            "propôs",
            "ampliou",
        ],
        "obj": [
            "um novo orçamento para o próximo ano",
            "o plano de ampliar a avenida",
            "a fusão de dois hospitais",
            "um pacote de medidas fiscais",
            "o fechamento da ponte velha",
            "uma investigação sobre o contrato",
            "novas regras para o aluguel",
            "o calendário eleitoral",
        ],
        "tail": [
            "na terça-feira",
            "após semanas de debate",
            "apesar das críticas",
            "em nota divulgada na sexta-feira",
            "pela terceira vez neste ano",
            "enquanto manifestantes se reuniam do lado de fora",
            "em votação apertada",
        ],
        "conn": ["No entanto,", "Enquanto isso,", "Além disso,", "Por outro lado,", "Ainda assim,"],
        "said": ["disse", "afirmou", "declarou", "destacou"],
        "quote": [
            "Não vamos aceitar isso",
            "É cedo demais para saber",
            "Fizemos tudo o que podíamos",
            "Os números falam por si",
        ],
        "cap": [
            "{n} fala durante entrevista coletiva em {c}, {k}, em {d} de {m} de {y}.",
            "Manifestantes caminham pelo centro de {c}, {k}, em {d} de {m} de {y}.",
            "{n} chega para reunião em {c} ({k}).",
            "Vista do porto de {c}, {k}, em {d} de {m} de {y}.",
        ],
    },
    "de": {
        "subj": [
            "Der Stadtrat",
            "Das Gesundheitsministerium",
            "Die Anwohner",
            "Das Unternehmen",
            "Die Opposition",
            "Die Zentralbank",
            "Die Gewerkschaft",
            "Die Ermittler",
            "Die Landesregierung",
            "Die Analysten",
            "Der Ausschuss",
        ],
        "verb": [
            "kündigte",
            "lehnte",
            "billigte",
            "prüfte",
            "verschob",
            "verteidigte",
            "kritisierte",
            "erweiterte",
        ],
        "obj": [
            "einen neuen Haushalt für das kommende Jahr",
            "den Plan für die Umgehungsstraße",
            "die Fusion zweier Kliniken",
            "ein Paket steuerlicher Maßnahmen",
            "die Schließung der alten Brücke",
            "eine Untersuchung des Vertrags",
            "neue Regeln für Mietwohnungen",
            "den Zeitplan für die Wahl",
        ],
        "tail": [
            "am Dienstag",
            "nach wochenlanger Debatte",
            "trotz heftiger Kritik",
            "in einer Mitteilung am Freitag",
            "zum dritten Mal in diesem Jahr",
            "während draußen demonstriert wurde",
            "in einer knappen Abstimmung",
        ],
        "conn": ["Allerdings", "Unterdessen", "Zudem", "Dennoch", "Gleichzeitig"],
        "said": ["sagte", "erklärte", "betonte", "meinte"],
        "quote": [
            "Das werden wir nicht hinnehmen",
            "Es ist noch zu früh",
            "Wir haben alles getan, was möglich war",
            "Die Zahlen sprechen für sich",
        ],
        "cap": [
            "{n} spricht bei einer Pressekonferenz in {c}, {k}, am {d}. {m} {y}.",
            "Demonstranten ziehen durch die Innenstadt von {c}.",
            "{n} auf dem Weg zu einem Treffen in {c}.",
            "Blick auf den Hafen von {c}, {k}.",
        ],
    },
}

# ---------------------------------------------------------------------------
# credit tags, by house style.  {N} name, {U} upper-case name, {A} agency.

CREDITS = {
    "en": [
        ("inline", "(REUTERS) ({U}/)"),
        ("inline", "(REUTERS) (POOL/)"),
        ("inline", "(AP Photo/{N})"),
        ("inline", "(AP Photo/{N}, File)"),
        ("inline", "Photograph: {N}/Reuters"),
        ("inline", "Photograph: {N}/AP"),
        ("line", "Photo by {N}/Getty Images"),
        ("line", "{N}/AFP via Getty Images"),
        ("inline", "REUTERS/{N}/File Photo"),
        ("inline", "{N}/Pool via REUTERS"),
        ("inline", "EPA-EFE/{U}"),
        ("inline", "(Photo: {N}, AP)"),
        ("line", "© REUTERS/{N}"),
        ("line", "{U} / REUTERS"),
        ("label", "Image copyrightGETTY IMAGES"),
        ("line", "CreditCredit {N}/Associated Press"),
        ("line", "Featured image via Getty Images"),
    ],
    "es": [
        ("inline", "(REUTERS) ({U}/)"),
        ("inline", "(Foto: EFE)"),
        ("line", "Foto: EFE/{N}"),
        ("inline", "(Foto: AFP)"),
        ("line", "© REUTERS/{N}"),
        ("line", "{U} / AFP"),
        ("inline", "EFE/{U}"),
    ],
    "pt": [
        ("line", "Foto: Divulgação"),
        ("line", "Foto: {N}/Estadão"),
        ("inline", "(Foto: Reuters)"),
        ("line", "Foto: {N}/Agência Brasil"),
        ("inline", "(Foto: AFP)"),
    ],
    "de": [
        ("line", "Foto: dpa"),
        ("line", "Foto: APA/{U}"),
        ("inline", "(Foto: dpa)"),
        ("line", "© REUTERS/{N}"),
        ("line", "Foto: AFP/{N}"),
    ],
}

LABELS = {
    "en": [
        "Image caption",
        "Media caption",
        "Image source, EPA",
        "Fullscreen",
        "Hide caption",
        "toggle caption",
        "Enlarge this image",
        "Media playback is unsupported on your device",
    ],
    "es": ["Pie de foto", "Ampliar", "Fullscreen"],
    "pt": ["Fullscreen", "Ampliar"],
    "de": ["Detailansicht öffnen", "Fullscreen", "Bild vergrößern"],
}

QUOTE_STYLE = {"en": ("“", "”"), "es": ("“", "”"), "pt": ("“", "”"), "de": ("„", "“")}


@dataclass
class Doc:
    """One synthetic article and what was put into it."""

    id: str
    lang: str
    text: str
    artefacts: list[str] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        """True when nothing in it should be removed or repaired."""
        return not self.artefacts


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _sentence(rng: random.Random, lang: str) -> str:
    w = WORDS[lang]
    r = rng.random()
    if r < 0.18:
        o, c = QUOTE_STYLE[lang]
        q = rng.choice(w["quote"])
        who = _name(rng)
        if lang == "de":
            return f"{o}{q}{c}, {rng.choice(w['said'])} {who}."
        return f"{o}{q},{c} {who} {rng.choice(w['said'])}."
    if lang == "de":
        conn = rng.choice(w["conn"]) + " " if rng.random() < 0.2 else ""
        verb = rng.choice(w["verb"])
        subj = rng.choice(w["subj"])
        if conn:
            return (
                f"{conn}{verb.lower()} {subj[0].lower()}{subj[1:]} {rng.choice(w['obj'])} "
                f"{rng.choice(w['tail'])} an."
            )
        return f"{subj} {verb} {rng.choice(w['obj'])} {rng.choice(w['tail'])}."
    conn = rng.choice(w["conn"]) + " " if rng.random() < 0.2 else ""
    subj = rng.choice(w["subj"])
    if conn:
        subj = subj[0].lower() + subj[1:]
    return f"{conn}{subj} {rng.choice(w['verb'])} {rng.choice(w['obj'])} {rng.choice(w['tail'])}."


def _trap(rng: random.Random, lang: str) -> str:
    """A sentence holding a hard negative: something that must stay."""
    n = _name(rng)
    if lang == "en":
        return rng.choice(
            [
                f"Sen. {n} (R-Ky.) said the bill would be reintroduced next month.",
                f"Rep. {n} (D-Calif.) voted against the measure.",
                f"{n}, 34, was taken to hospital with minor injuries.",
                "Shares of the lender ( PGE.WA ) fell 3.2 percent in early trading.",
                "The army (IDF) said it was reviewing the footage.",
                "The statement was carried by Xinhua/TASS/Global Times on Monday.",
                "He crossed the line on the final lap, two seconds ahead.",
                "Sales of the game's new dpad controller beat forecasts.",
                "The novel's last chapter was written in 1990s London.",
                f"“I don’t think the ’90s will come back,” {n} said.",
                "The 6'2\" forward scored twice in the second half.",
            ]
        )
    if lang == "es":
        return rng.choice(
            [
                f"{n} (34) fue trasladado al hospital.",
                "El Partido Popular (PP) pidió explicaciones al Gobierno.",
                "La agencia Xinhua/TASS difundió el comunicado.",
            ]
        )
    if lang == "pt":
        return rng.choice(
            [
                "O caso ocorreu em Macapá (AP) na madrugada de domingo.",
                "O deputado (PMDB/AP) votou contra a proposta.",
                f"{n}, de 34 anos, foi levado ao hospital.",
                "O Supremo Tribunal Federal (STF) deve julgar o caso.",
            ]
        )
    return rng.choice(
        [
            f"{n} (34) wurde leicht verletzt.",
            "Stimmt das Bild: Die Wirtschaft wächst, aber langsamer.",
            f"„Wir sind zufrieden“, sagte {n}. (APA, 11.9.2015)",
            "Die Kanzlerin (CDU) äußerte sich nicht.",
        ]
    )


def _dateline(rng: random.Random, lang: str) -> str:
    city = rng.choice(CITIES[lang])[0].upper()
    if lang == "en":
        return rng.choice([f"{city} (Reuters) - ", f"{city} (AP) — ", "(CNN) ", ""])
    if lang == "es":
        return rng.choice([f"{city}, 3 mar (EFE).- ", f"{city} (AFP) — ", ""])
    if lang == "pt":
        return rng.choice([f"{city} — ", ""])
    return rng.choice([f"{city.title()} (APA) – ", f"{city.title()} – ", ""])


def _paragraph(rng: random.Random, lang: str) -> str:
    sents = [_sentence(rng, lang) for _ in range(rng.randint(2, 5))]
    if rng.random() < 0.25:
        sents.insert(rng.randrange(len(sents) + 1), _trap(rng, lang))
    return " ".join(sents)


def _caption_text(rng: random.Random, lang: str) -> str:
    city, country = rng.choice(CITIES[lang])
    return rng.choice(WORDS[lang]["cap"]).format(
        n=_name(rng),
        c=city,
        k=country,
        m=rng.choice(MONTHS[lang]),
        d=rng.randint(1, 28),
        y=rng.randint(2015, 2023),
    )


def _credit(rng: random.Random, lang: str) -> tuple[str, str]:
    kind, fmt = rng.choice(CREDITS[lang])
    n = _name(rng)
    return kind, fmt.format(N=n, U=n.upper())


def _image_block(rng: random.Random, lang: str, kinds: list[str]) -> list[str]:
    """Lines for one image: labels, caption (maybe twice) and its credit."""
    cap = _caption_text(rng, lang)
    kind, credit = _credit(rng, lang)
    lines: list[str] = []
    if rng.random() < 0.3:
        lines.append(rng.choice(LABELS[lang]))
        kinds.append("media_label")
    if kind == "label":  # BBC style: copyright label, then "Image caption ..."
        lines.append(credit)
        lines.append(f"Image caption {cap}")
    elif kind == "inline":
        lines.append(f"{cap} {credit}")
    else:
        lines.append(cap)
        lines.append(credit)
    kinds.extend(("caption", "credit"))
    if rng.random() < 0.4:  # the duplicate: bare first, credited after
        kinds.append("duplicate_caption")
        bare = cap if rng.random() < 0.8 else cap.rsplit(" ", 3)[0]  # sometimes truncated
        lines.insert(0, bare)
    return lines


def _gallery(rng: random.Random, lang: str, kinds: list[str]) -> list[str]:
    total = rng.randint(5, 15)
    lines = []
    for i in range(1, total + 1):
        _, credit = _credit(rng, lang)
        lines.append(f"{i} of {total}" if lang == "en" else f"{i} / {total}")
        lines.append(f"{_caption_text(rng, lang)} {credit}")
    kinds.extend(("gallery", "caption", "credit", "media_label"))
    return lines


def _damage_quotes(rng: random.Random, text: str, lang: str, kinds: list[str]) -> str:
    """Glue some closing quotes to the next word, and turn some the wrong way."""
    if lang == "de":
        return text
    out = text
    if rng.random() < 0.7 and ",” " in out:  # “..., ” Name said  ->  “...,”Name said
        i = out.index(",” ")
        out = out[: i + 2] + out[i + 3 :]
        kinds.append("quote_spacing")
    if rng.random() < 0.4:
        n = _name(rng)
        q = rng.choice(WORDS[lang]["quote"])
        glued = (
            f" {rng.choice(WORDS[lang]['said'])}“{q}.”"
            if rng.random() < 0.5
            else f" “{q}“, {n} {rng.choice(WORDS[lang]['said'])}."
        )
        kinds.append("quote_spacing" if "“" + q + "." in glued else "quote_direction")
        out = f"{n}{glued}\n\n{out}" if rng.random() < 0.5 else f"{out}\n\n{n}{glued}"
    return out


# mojibake: UTF-8 bytes read as cp1252 (latin-1 where cp1252 has a hole)
_CP1252 = [bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256)]


def mojibake(text: str) -> str:
    """Return *text* as it looks after UTF-8 bytes were decoded as cp1252."""
    return "".join(_CP1252[b] for b in text.encode("utf-8"))


def _entities(rng: random.Random, text: str) -> str:
    extra = rng.choice(
        [
            "Johnson &amp; Johnson",
            "AT&amp;T",
            "R&amp;D",
            "Q&amp;A",
            "&quot;cheap&quot; seats",
            "S&amp;P 500",
        ]
    )
    return f"{text} The report also mentioned {extra}."


def make_doc(seed: int, index: int) -> Doc:
    """Build article *index* of the corpus with this *seed*."""
    rng = random.Random(f"{seed}:{index}")
    langs, weights = zip(*LANG_WEIGHTS.items(), strict=True)
    lang = rng.choices(langs, weights)[0]
    target = rng.randint(2000, 8000)
    kinds: list[str] = []
    paras: list[str] = []
    if rng.random() < 0.3:
        paras.append({"en": "By ", "es": "Por ", "pt": "Por ", "de": "Von "}[lang] + _name(rng))
    size = 0
    first = True
    while size < target:
        p = _paragraph(rng, lang)
        if first:
            p = _dateline(rng, lang) + p
            first = False
        paras.append(p)
        size += len(p.encode("utf-8")) + 2
    prose = set(paras[1:])  # paragraphs that may be trimmed to keep within 8 KB
    if rng.random() < 0.2:  # wire-story endings that must stay
        paras.append(
            {
                "en": f"(Reporting by {_name(rng)}; Editing by {_name(rng)})\n($1 = 112.54 yen)",
                "es": f"(Con información de {_name(rng)})",
                "pt": f"(Com informações de {_name(rng)})",
                "de": "(APA, 11.9.2015)",
            }[lang]
        )
    if rng.random() >= CLEAN_SHARE:
        n_img = rng.choice((1, 1, 1, 2, 2, 3, 4))
        for _ in range(n_img):
            block = _image_block(rng, lang, kinds)
            at = rng.randint(1, len(paras))
            sep = "\n\n" if rng.random() < 0.6 else "\n"
            paras.insert(at, sep.join(block))
        if rng.random() < 0.05:
            paras.insert(rng.randint(1, len(paras)), "\n".join(_gallery(rng, lang, kinds)))
        if rng.random() < 0.35:
            k = rng.randrange(len(paras))
            paras[k] = _damage_quotes(rng, paras[k], lang, kinds)
    k = len(paras) - 1
    while k > 1 and len("\n\n".join(paras).encode("utf-8")) > 8000:
        if paras[k] in prose:
            del paras[k]
        k -= 1
    text = "\n\n".join(paras)
    roll = rng.random()
    if roll < MOJIBAKE_SHARE:
        lines = text.split("\n\n")
        for k in rng.sample(range(len(lines)), k=max(1, len(lines) // 3)):
            lines[k] = mojibake(lines[k])
        lines[-1] = _entities(rng, lines[-1])
        text = "\n\n".join(lines)
        kinds.extend(("mojibake", "entity"))
    elif roll < MOJIBAKE_SHARE + ENTITY_SHARE:
        text = _entities(rng, text)
        kinds.append("entity")
    if rng.random() < CRLF_SHARE:
        text = text.replace("\n", "\r\n")  # line ends only: not an artefact to record
    if rng.random() < BOM_SHARE:
        text = "\ufeff" + text
    return Doc(f"syn-{index:05d}", lang, text, sorted(set(kinds)))


def generate(n_docs: int, seed: int = DEFAULT_SEED) -> list[Doc]:
    """Return *n_docs* articles; the same seed gives the same corpus."""
    return [make_doc(seed, i) for i in range(n_docs)]


def write_txt(docs: list[Doc], folder: Path) -> None:
    """Write one ``<id>.txt`` per article (UTF-8, line ends as generated)."""
    folder.mkdir(parents=True, exist_ok=True)
    for d in docs:
        (folder / f"{d.id}.txt").write_bytes(d.text.encode("utf-8"))


def write_jsonl(docs: list[Doc], path: Path, copies: int = 1) -> None:
    """Write JSON Lines ``{"id", "lang", "artefacts", "text"}``; *copies* repeats the corpus."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for c in range(copies):
            for d in docs:
                rec = {
                    "id": d.id if copies == 1 else f"{d.id}-{c}",
                    "lang": d.lang,
                    "artefacts": d.artefacts,
                    "text": d.text,
                }
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")


def summary(docs: list[Doc]) -> str:
    """One line: size, languages, and the share of articles holding each artefact kind."""
    n = len(docs) or 1
    size = sum(len(d.text.encode("utf-8")) for d in docs)
    langs: dict[str, int] = {}
    kinds: dict[str, int] = {}
    for d in docs:
        langs[d.lang] = langs.get(d.lang, 0) + 1
        for k in d.artefacts:
            kinds[k] = kinds.get(k, 0) + 1
    lang_s = " ".join(f"{k} {v / n:.0%}" for k, v in sorted(langs.items()))
    kind_s = ", ".join(f"{k} {v / n:.1%}" for k, v in sorted(kinds.items()))
    clean = sum(d.clean for d in docs) / n
    crlf = sum("\r\n" in d.text for d in docs) / n
    return (
        f"{len(docs)} articles, {size / 1e6:.2f} MB; {lang_s}; clean {clean:.0%}; "
        f"CRLF {crlf:.0%}; articles with: {kind_s}"
    )


def main(argv: list[str] | None = None) -> int:
    """Generate the corpus and write it out."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--docs", type=int, default=2000, help="number of articles (default 2000)")
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--write", metavar="DIR", type=Path, help="write one .txt file per article")
    ap.add_argument("--jsonl", metavar="FILE", type=Path, help="write JSON Lines")
    ap.add_argument("--show", type=int, metavar="I", help="print article I and exit")
    args = ap.parse_args(argv)
    if args.show is not None:
        d = make_doc(args.seed, args.show)
        print(f"# {d.id} {d.lang} {d.artefacts}")
        print(d.text)
        return 0
    docs = generate(args.docs, args.seed)
    if args.write:
        write_txt(docs, args.write)
    if args.jsonl:
        write_jsonl(docs, args.jsonl)
    print(summary(docs), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
