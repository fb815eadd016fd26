"""SPEC §3 hard negatives: text that looks like a credit or a caption but is prose.

Every one of these occurs in real scraped text; each must come out of
``clean()`` exactly as it went in (it is already in the normal form).
"""

from __future__ import annotations

import pytest

import captionfix


def _between(line: str) -> str:
    """*line* as a paragraph of its own between two paragraphs of prose."""
    return f"The first paragraph of the story.\n\n{line}\n\nThe story goes on."


NEGATIVES = {
    # collapsed text: slash lists of sources and parties inside a one-line article
    "collapsed-source-list": (
        "MOSCOW -- The talks ended on Friday. Officials confirmed the deal (Xinhua/TASS) "
        "The next round opens in May. Both sides welcomed it."
    ),
    "collapsed-party-state": (
        "BRASÍLIA -- A votação terminou ontem. O senador Roe (PMDB/AP) Votou contra o "
        "projeto. A sessão foi encerrada."
    ),
    "collapsed-poll-source": (
        "WASHINGTON -- Support fell again. Most voters back the plan (Reuters/Ipsos) "
        "The poll ran for a week. It has a margin of error of 3 points."
    ),
    "collapsed-title-in-prose": (
        "ATLANTA -- The Rev. Jane Roe spoke at 10 a.m. The service ran long. "
        "Mourners sang (Dr. Roe/organist) Afterwards they left."
    ),
    "dateline-reuters": "WASHINGTON (Reuters) - The Senate voted on Tuesday to pass the bill.",
    "dateline-ap": "NEW YORK (AP) — Stocks rose on Monday.\n\nThe Dow gained 1 percent.",
    "dateline-afp": "PARIS (AFP) -- France said on Monday it would act.",
    "dateline-cnn": "(CNN) The president spoke on Friday about the budget.",
    "source-tag-apa": "Die Regierung hat am Freitag entschieden. (APA, 11.9.2015)",
    "source-tag-red": "Der Verein verlor das Spiel deutlich. (red, 23.8.2015)",
    "source-tag-apa-dpa": "Die Börse schloss im Plus. (APA/dpa, 23.8.2015)",
    "final-reuters-tag": "O acordo foi fechado ontem em Brasília.\n\n/ REUTERS",
    "final-source-list": "O governo anunciou o plano nesta terça. /REUTERS/AFP/AP",
    "lone-reuters-line": "The company said it would appeal.\n\n(Reuters)",
    "byline": "By Jane Roe and John Doe\n\nThe talks resumed on Monday.",
    "byline-agency": _between("By Jane Roe, Associated Press"),
    "byline-caps-slash": _between("By JANE ROE / AP"),
    "byline-bar": _between("By Jane Roe | Reuters"),
    "byline-spanish": _between("Por Juan Pérez / EFE"),
    "byline-no-by": _between("Jane Roe, Associated Press"),
    "reporting-by": _between("Reporting by Jane Roe; Editing by John Doe"),
    "courtesy-in-prose": _between(
        "He thanked everyone, with special thanks and courtesy of Jane Roe"
    ),
    "courtesy-mid-sentence": _between("The drawings, courtesy of the museum, show the old port."),
    "photo-slash-in-prose": _between("The photo/video team arrived late on Sunday."),
    "copyright-notice": _between("Copyright 2016 The Associated Press. All rights reserved."),
    "age": "The driver, Maria Lopez (34), was taken to hospital.",
    "party-tag": "Senator Rand Paul (R-Ky.) objected to the measure.",
    "party-tag-line-end": "The bill was sponsored by Rep. Kevin Brady (R-Texas)",
    "acronym": "The Israel Defense Forces (IDF) said the strike hit a depot.",
    "ticker": "Shares of PGE ( PGE.WA ) fell 3 percent on Friday.",
    "ticker-line-end": "The deal lifted shares of Larsen & Toubro (LART.NS)",
    "ap-brazilian-state": "O senador Randolfe Rodrigues (AP) criticou a decisão do governo.",
    "ap-state-line-end": "Quem votou contra foi o senador Randolfe Rodrigues (AP)",
    "ap-state-own-paragraph": _between("Quem votou contra foi o senador Randolfe Rodrigues (AP)"),
    "pa-state-own-paragraph": _between("A proposta foi apresentada pelo deputado João Silva (PA)"),
    "source-tag-own-paragraph": _between("The company said in a statement on Tuesday (Reuters)"),
    "efe-source-own-paragraph": _between(
        "Los datos fueron publicados por la agencia oficial (EFE)"
    ),
    "party-state": "O líder do governo, senador Romero Jucá (PMDB/AP), negou.",
    "party-state-line-end": "A proposta é do senador Romero Jucá (PMDB/AP)",
    "currency-note": "The yen weakened against the dollar.\n\n($1 = 112.54 yen)",
    "agency-inside-words": "Chapter 5 covers the Lap times and the dpad controls.",
    "prose-slash-list": "The claim was carried by Xinhua/TASS/Global Times on Monday.",
    "prose-slash-list-line-end": "State media outlets (Xinhua/TASS/Global Times)",
    "stimmt-das-bild": "Stimmt das Bild: Politiker packen nicht mit an?",
    "quotes-in-prose": "He said the “deal is done” and left the room.",
    "credit-union": "The Credit Union said it would pay its members more.",
    "credit-suisse": "The bank was advised by Credit Suisse",
    "photo-in-prose": "The photo, taken by Jane Roe for Reuters, shows the flood.",
    "source-line": "The figures come from the census.\n\nSource: Reuters",
    "quelle-line": "Die Zahl der Arbeitslosen stieg.\n\nQuelle: Statistik Austria",
    "fonte-line": "A inflação subiu em março.\n\nFonte: IBGE",
    "photo-colon-prose": "Photo: the moment the bridge collapsed, as seen by a driver",
    "image-colon-headline": "Image: A reader's guide to the election",
    "video-colon-headline": "Video: How the storm hit the coast",
    "special-credit": "A special credit to data reporter Jane Roe who assembled the charts.",
    "refile-note": "(Refiles to add dropped full name of official)",
    "q-and-a": "Q&A: What comes next for the talks",
    "epa-prose": "EPA chief Scott Pruitt said on Tuesday the agency would act.",
    "ap-films": "The film was produced by AP Films.\n\nIt opens on Friday.",
    "repeated-headline": (
        "Senate passes the budget after a long night\n"
        "Senate passes the budget after a long night\n\n"
        "The Senate passed the budget early on Friday after a debate that lasted all night."
    ),
    "pull-quote": (
        "The minister spoke for an hour. The economy is growing faster than anyone expected, "
        "she said, and wages will follow.\n\n"
        "The economy is growing faster than anyone expected.\n\n"
        "Her critics were not convinced."
    ),
    "subheads": (
        "The vote\n\nThe Senate voted on Friday.\n\nWhat comes next\n\nThe House votes next week."
    ),
    "twitter-handle": "Follow the author on Twitter (@janeroe).",
    "apostrophes": "Don’t forget the ’90s, rock ’n’ roll and Sanders’ wife.",
    "german-quotes": "„Das ist gut“, sagte er. „Wir machen weiter.“",
    "french-quotes": "Il a dit : « Nous continuerons. »",
    "primes": "He is 5'11\" tall and weighs 80 kg.",
    "time-and-score": "The match ended 2:1 (1:0) at 20:45.",
}


@pytest.mark.parametrize("text", NEGATIVES.values(), ids=NEGATIVES.keys())
def test_hard_negative_is_left_alone(text: str) -> None:
    """A hard negative of SPEC §3 comes out unchanged, with no edit and no record."""
    result = captionfix.clean(text)
    assert text == result.text
    assert () == result.edits
    assert () == result.captions
    assert () == result.credits
