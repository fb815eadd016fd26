"""Hypothesis strategies: raw text, scraped-looking articles, and clean prose."""

from __future__ import annotations

from hypothesis import strategies as st

WORDS = [
    "the",
    "minister",
    "said",
    "on",
    "Monday",
    "talks",
    "would",
    "continue",
    "in",
    "capital",
    "officials",
    "vote",
    "Senate",
    "budget",
    "a",
    "of",
    "and",
    "reform",
    "ports",
    "strike",
    "el",
    "presidente",
    "dijo",
    "que",
    "o",
    "governo",
    "disse",
    "die",
    "Regierung",
    "sagte",
]
CREDITS = [
    "(REUTERS)",
    "(REUTERS) (EVELYN HOCKSTEIN/)",
    "(REUTERS) (POOL/)",
    "(AP Photo/Evan Vucci)",
    "(AP Photo/Evan Vucci, File)",
    "Photograph: Mike Segar/Reuters",
    "Foto: dpa",
    "(Foto: EFE)",
    "Photo by Jane Roe/Getty Images",
    "REUTERS/Jane Roe/File Photo",
    "© REUTERS/Murad Sezer",
    "JANE ROE / REUTERS",
    "Featured image via Getty Images",
    "Image copyrightGETTY IMAGES",
]
DAMAGE = [
    "word”Word",
    "said“We",
    "life“, he",
    "â€œ",
    "Ã©",
    "&amp;",
    "\r\n",
    "\ufeff",
    "\u00a0",
    "  ",
    "\t",
    "\n\n\n",
    " \n",
    "Image caption",
    "Fullscreen",
    "1 of 38",
    "e\u0301",
]

word = st.sampled_from(WORDS)
sentence = st.lists(word, min_size=3, max_size=14).map(lambda ws: " ".join(ws).capitalize() + ".")
paragraph = st.lists(sentence, min_size=1, max_size=4).map(" ".join)


@st.composite
def articles(draw: st.DrawFn) -> str:
    """Paragraphs with captions, credits, copies, glued quotes and mojibake injected."""
    parts: list[str] = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.integers(0, 5))
        if kind == 0:
            caption = draw(sentence)[:-1]
            credit = draw(st.sampled_from(CREDITS))
            parts.append(f"{caption} {credit}")
            if draw(st.booleans()):
                parts.insert(-1, caption)  # the bare copy first
        elif kind == 1:
            para = draw(paragraph)
            at = draw(st.integers(0, len(para)))
            parts.append(para[:at] + draw(st.sampled_from(DAMAGE)) + para[at:])
        else:
            parts.append(draw(paragraph))
    sep = draw(st.sampled_from(["\n\n", "\n", "\r\n\r\n", "\n\n\n"]))
    return sep.join(parts)


@st.composite
def clean_prose(draw: st.DrawFn) -> str:
    """Text with no artefact at all, already in the normal form."""
    paras = draw(st.lists(paragraph, min_size=1, max_size=5))
    if draw(st.booleans()):
        paras[0] = f"“{paras[0][:-1]},” she said."
    return "\n\n".join(paras)


any_text = st.one_of(st.text(), articles())
