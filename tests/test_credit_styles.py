"""Credit styles of SPEC §1, through ``clean()``: found, parsed, removed.

Each row is a short article: a caption line carrying the credit between two
paragraphs of prose.  The caption must go, the prose must stay, and the credit
must be parsed into its creators, agencies, distributors and flags.
"""

from __future__ import annotations

import pytest

import captionfix
from captionfix.rules.credits.parse import is_person_name, natural_case

BEFORE = "The minister arrived in the capital on Monday for two days of talks."
AFTER = "Officials said the talks would continue into the night."


# (caption line, raw credit, creators, agencies, distributors, flags)
STYLES = {
    "infobae-name": (
        "John Kirby, White House spokesman (REUTERS) (EVELYN HOCKSTEIN/)",
        "(REUTERS) (EVELYN HOCKSTEIN/)",
        ["Evelyn Hockstein"],
        ["Reuters"],
        [],
        [],
    ),
    "infobae-pool": (
        "Leaders meet in Tel Aviv on November 30, 2023 (REUTERS) (POOL/)",
        "(REUTERS) (POOL/)",
        [],
        ["Reuters"],
        [],
        ["pool"],
    ),
    "ap-photo": (
        "The president waves from the stairs. (AP Photo/Evan Vucci)",
        "(AP Photo/Evan Vucci)",
        ["Evan Vucci"],
        ["Associated Press"],
        [],
        [],
    ),
    "ap-photo-file": (
        "The president waves from the stairs. (AP Photo/Evan Vucci, File)",
        "(AP Photo/Evan Vucci, File)",
        ["Evan Vucci"],
        ["Associated Press"],
        [],
        ["file"],
    ),
    "name-slash-agency": (
        "Senators arrive for the vote on Capitol Hill. (Jonathan Ernst/Reuters)",
        "(Jonathan Ernst/Reuters)",
        ["Jonathan Ernst"],
        ["Reuters"],
        [],
        [],
    ),
    "caps-name-slash-agency": (
        "The candidate speaks at a rally in Ohio. (CARLO ALLEGRI/REUTERS)",
        "(CARLO ALLEGRI/REUTERS)",
        ["Carlo Allegri"],
        ["Reuters"],
        [],
        [],
    ),
    "guardian": (
        "Protesters gather outside the court. Photograph: Mike Segar/Reuters",
        "Photograph: Mike Segar/Reuters",
        ["Mike Segar"],
        ["Reuters"],
        [],
        [],
    ),
    "usa-today": (
        "The senator walks off the stage after speaking. (Photo: Matt Rourke, AP)",
        "(Photo: Matt Rourke, AP)",
        ["Matt Rourke"],
        ["Associated Press"],
        [],
        [],
    ),
    "afp-via-getty": (
        "Protesters march through the city centre. Alain Jocard/AFP via Getty Images",
        "Alain Jocard/AFP via Getty Images",
        ["Alain Jocard"],
        ["Agence France-Presse"],
        ["Getty Images"],
        [],
    ),
    "reuters-file-photo": (
        "A man walks past a damaged building. REUTERS/Gleb Garanich/File Photo",
        "REUTERS/Gleb Garanich/File Photo",
        ["Gleb Garanich"],
        ["Reuters"],
        [],
        ["file"],
    ),
    "pool-via-reuters": (
        "Leaders pose for a photo at the summit. Jung Yeon-Je/Pool via REUTERS",
        "Jung Yeon-Je/Pool via REUTERS",
        ["Jung Yeon-Je"],
        [],
        ["Reuters"],
        ["pool"],
    ),
    "epa-efe": (
        "The senator speaks to reporters. EPA-EFE/JUSTIN LANE",
        "EPA-EFE/JUSTIN LANE",
        ["Justin Lane"],
        None,
        [],
        [],
    ),
    "foto-efe": (
        "El presidente saluda a sus seguidores en Madrid (Foto: EFE)",
        "(Foto: EFE)",
        [],
        ["EFE"],
        [],
        [],
    ),
    "copyright-reuters": (
        "Manifestantes na praça central. © REUTERS/Murad Sezer",
        "© REUTERS/Murad Sezer",
        ["Murad Sezer"],
        ["Reuters"],
        [],
        [],
    ),
    "divulgacao": (
        "O chef prepara o prato na cozinha do restaurante. Foto: Divulgação",
        "Foto: Divulgação",
        [],
        [],
        [],
        ["handout"],
    ),
    "french-nbsp-colon": (
        "Des manifestants à Paris le 5 décembre. Crédit photo\u00a0: Jean Dupont / AFP",
        "Crédit photo\u00a0: Jean Dupont / AFP",
        ["Jean Dupont"],
        ["Agence France-Presse"],
        [],
        [],
    ),
    "german-copyright-apa": (
        "Der Kanzler bei der Pressekonferenz in Wien. © APA/HELMUT FOHRINGER",
        "© APA/HELMUT FOHRINGER",
        ["Helmut Fohringer"],
        ["APA"],
        [],
        [],
    ),
    "german-bild-in-parens": (
        "Der Kanzler bei der Pressekonferenz in Wien (Bild: Keystone/Peter Klaunzer)",
        "(Bild: Keystone/Peter Klaunzer)",
        ["Peter Klaunzer"],
        ["Keystone"],
        [],
        [],
    ),
    "italian-foto-ansa": (
        "Il premier arriva a Palazzo Chigi. Foto ANSA/Giuseppe Lami",
        "Foto ANSA/Giuseppe Lami",
        ["Giuseppe Lami"],
        ["ANSA"],
        [],
        [],
    ),
    "italian-foto-lowercase-in-parens": (
        "Il premier arriva a Palazzo Chigi (foto Ansa)",
        "(foto Ansa)",
        [],
        ["ANSA"],
        [],
        [],
    ),
    "spanish-efe-slash": (
        "El presidente saluda en Madrid. EFE/Juan Carlos Hidalgo",
        "EFE/Juan Carlos Hidalgo",
        ["Juan Carlos Hidalgo"],
        ["EFE"],
        [],
        [],
    ),
    "russian-foto": (
        "Президент на встрече в Москве. Фото: ТАСС",
        "Фото: ТАСС",
        [],
        ["TASS"],
        [],
        [],
    ),
    "name-via-ap": (
        "The family leaves the courthouse on Friday. (Jane Roe/The Herald via AP)",
        "(Jane Roe/The Herald via AP)",
        ["Jane Roe"],
        None,
        ["Associated Press"],
        [],
    ),
    "pool-via-reuters-file-photo": (
        "The leaders shake hands at the summit. Jung Yeon-Je/Pool via REUTERS/File Photo",
        "Jung Yeon-Je/Pool via REUTERS/File Photo",
        ["Jung Yeon-Je"],
        [],
        ["Reuters"],
        ["pool", "file"],
    ),
    "photo-by-name-afp-in-parens": (
        "Rescue workers search the rubble in the old town (Photo by Jane Roe / AFP)",
        "(Photo by Jane Roe / AFP)",
        ["Jane Roe"],
        ["Agence France-Presse"],
        [],
        [],
    ),
    "nyt-creditcredit": (
        "The rocket lifts off from the launch pad. CreditCredit Joel Roe/Associated Press",
        "CreditCredit Joel Roe/Associated Press",
        ["Joel Roe"],
        ["Associated Press"],
        [],
        [],
    ),
    "credit-colon-nasa": (
        "The storm seen from orbit on Monday. Credit: NASA/JPL-Caltech",
        "Credit: NASA/JPL-Caltech",
        [],
        ["NASA", "JPL-Caltech"],
        [],
        [],
    ),
    "fotografia": (
        "El presidente durante la rueda de prensa. Fotografía: Juan Pérez/EFE",
        "Fotografía: Juan Pérez/EFE",
        ["Juan Pérez"],
        ["EFE"],
        [],
        [],
    ),
    "credito": (
        "Mural en la fachada de la cantina del centro. Crédito: Colectivo Sur.",
        "Crédito: Colectivo Sur",
        [],
        ["Colectivo Sur"],
        [],
        [],
    ),
    "foto-cortesia": (
        "La actriz en la alfombra roja del estreno (Foto: Cortesía)",
        "(Foto: Cortesía)",
        [],
        [],
        [],
        ["courtesy"],
    ),
    "nyt-credit-ellipsis": (
        "Protesters outside the court on Monday.Credit...Doug Roe/The New York Times",
        "Credit...Doug Roe/The New York Times",
        ["Doug Roe"],
        ["The New York Times"],
        [],
        [],
    ),
    "photo-illustration-by": (
        "A collage of the candidates. Photo illustration by Jane Roe/Vox",
        "Photo illustration by Jane Roe/Vox",
        ["Jane Roe"],
        ["Vox"],
        [],
        ["illustration"],
    ),
    "picture-agency-alone-in-parens": (
        "Fans celebrate at the stadium after the final (Getty Images)",
        "(Getty Images)",
        [],
        ["Getty Images"],
        [],
        [],
    ),
    "name-for-paper-in-parens": (
        "Fans celebrate at the stadium. (Jane Roe for The Washington Post)",
        "(Jane Roe for The Washington Post)",
        ["Jane Roe"],
        ["The Washington Post"],
        [],
        [],
    ),
    "ap-photo-alone-in-parens": (
        "Fans celebrate at the stadium after the final (AP Photo)",
        "(AP Photo)",
        [],
        ["Associated Press"],
        [],
        [],
    ),
    "courtesy-of": (
        "The family at the lake in 1998. Courtesy of Jane Roe",
        "Courtesy of Jane Roe",
        ["Jane Roe"],
        [],
        [],
        ["courtesy"],
    ),
    "pic-label": (
        "Fans celebrate at the stadium. Pic: Jane Roe",
        "Pic: Jane Roe",
        ["Jane Roe"],
        [],
        [],
        [],
    ),
    "photo-slash-xinhua": (
        "Fans celebrate at the stadium in Beijing. Photo/Xinhua",
        "Photo/Xinhua",
        [],
        ["Xinhua"],
        [],
        [],
    ),
    "handout-via-reuters": (
        "The satellite image shows the damaged port. Handout via REUTERS",
        "Handout via REUTERS",
        [],
        [],
        ["Reuters"],
        ["handout"],
    ),
    "name-comma-agency": (
        "The family arrives on Air Force One on Dec. 16.  Carolyn Kaster, AP",
        "Carolyn Kaster, AP",
        ["Carolyn Kaster"],
        ["Associated Press"],
        [],
        [],
    ),
}


@pytest.mark.parametrize("row", STYLES.values(), ids=STYLES.keys())
def test_credit_style(row: tuple) -> None:
    """The caption line goes, the prose stays, and the credit is parsed."""
    line, raw, creators, agencies, distributors, flags = row
    text = f"{BEFORE}\n\n{line}\n\n{AFTER}"
    result = captionfix.clean(text)
    assert f"{BEFORE}\n\n{AFTER}" == result.text
    assert [raw] == [c.raw for c in result.credits]
    credit = result.credits[0]
    assert creators == list(credit.creators)
    if agencies is not None:
        assert agencies == list(credit.agencies)
    assert distributors == list(credit.distributors)
    assert sorted(flags) == sorted(credit.flags)
    assert text[credit.spans[0][0] : credit.spans[0][1]] == credit.raw
    assert 1 == len(result.captions)
    assert result.captions[0].credit is not None


GLUED = {
    "photo-by-getty": ("…is a reality TV show.", "Photo by Win McNamee/Getty Images."),
    "featured-image-via": ("…on their way as we speak.", "Featured image via Getty Images"),
    "featured-image-name": ("…a badly scripted show.", "Featured Image: David Becker/Getty Images"),
}


@pytest.mark.parametrize("row", GLUED.values(), ids=GLUED.keys())
def test_credit_glued_to_a_long_paragraph_goes_alone(row: tuple[str, str]) -> None:
    """A credit glued to the end of a long paragraph is cut at the glue; the prose stays."""
    tail, credit = row
    paragraph = "The story goes on with many sentences about the week in politics. " * 12 + tail
    result = captionfix.clean(paragraph + credit)
    assert paragraph == result.text
    assert [credit.rstrip(".")] == [c.raw for c in result.credits]


@pytest.mark.parametrize(
    ("raw", "natural"),
    [
        ("EVELYN HOCKSTEIN", "Evelyn Hockstein"),
        ("JEAN-LUC DE LA FONTAINE", "Jean-Luc de la Fontaine"),
        ("SEAN O'MALLEY", "Sean O'Malley"),
        ("MARY MCDONALD", "Mary McDonald"),
        ("IAN MACNICOL", "Ian MacNicol"),
        ("ANA MACHADO", "Ana Machado"),
        ("LUDWIG VAN DER BERG", "Ludwig van der Berg"),
        ("Ian MacNicol", "Ian MacNicol"),
    ],
)
def test_natural_case(raw: str, natural: str) -> None:
    """Names in capitals get their natural capitalisation; mixed case is kept."""
    assert natural == natural_case(raw)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("William B. Plowman", True),
        ("Jarl Ale de Basseville", True),
        ("Jung Yeon-Je", True),
        ("EVELYN HOCKSTEIN", True),
        ("PMDB", False),
        ("Museum of Criminal Anthropology", False),
        ("CQ Roll Call", False),
        ("University of Salford", False),
        ("Getty Images", False),
    ],
)
def test_is_person_name(text: str, expected: bool) -> None:
    """Person names are told from organisations and acronyms."""
    assert expected == is_person_name(text)
