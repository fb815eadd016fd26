"""The ``credits`` rule: recognise photo-credit tags and parse them into records.

A credit is recognised only in *credit context*: inside parentheses at the
end of a line, after a credit label (``Photo:``, ``Foto:``, ``Photograph:``,
``Image copyright``, ``Photo by``, ``©`` ...), or as ``NAME / AGENCY`` closing a
line.  Agency names are never looked for in running prose, so ``Chapter``,
``Lap`` or ``dpad`` cannot match, and a dateline ``WASHINGTON (Reuters) -`` is
never at the end of a line.  The body of a credit is split at ``/ , | ; &``
and "via"; each part must be an agency, a person's name, an organisation, a
flag word (``Pool``, ``File``, ``Handout`` ...) or nothing (``NAME/``), or the
whole thing is not a credit.
"""

from __future__ import annotations

import re
from typing import Final

import regex

from captionfix.vocab import Vocabulary, alternation, default_vocabulary, key

_WORDS: Final = default_vocabulary().words
# Lower-case words inside person names (kind "particle" of data/credit_words.txt).
_PARTICLES: Final = _WORDS.particles
# Names beginning with these are Mac-names (MACDONALD → MacDonald); others with
# MAC are not (MACHADO → Machado).
_MAC_NAMES: Final = _WORDS.mac_names
# Words that make a capitalised phrase an organisation rather than a person.
_ORG_WORDS: Final = _WORDS.org_words
# Parts that describe the image rather than name anyone.
_DESCRIPTORS: Final = _WORDS.descriptors

# Patterns without Unicode properties run on the standard re engine: its calls
# cost a fraction of the regex module's on these short strings.
# "—" unspaced too: TIME prints "Jane Roe—Getty Images"
_SPLIT: Final = re.compile(
    r"\s*(?:/(?:for\s+)?|\||;|,|\s&\s|\s[-–—]\s|(?<=\w)—(?=\w)|\s+for\s+)\s*"
)  # "Jane Roe/for NPR": the slash and the "for" part the same two names
_VIA: Final = re.compile(r"\s+via\s+", re.IGNORECASE)
_BY: Final = re.compile(r"\s+(?:photo|photograph|image|foto)\s+(?:by|de|por)\s+", re.IGNORECASE)
_COURTESY: Final = re.compile(
    r"^(?:(?:photo|image|foto|imagen)\s+)?"
    r"(?:courtesy(?:\s+of)?|cortes[ií]a(?:\s+de)?|courtoisie(?:\s+de)?|gentileza(?:\s+de)?)"
    r"\s*:?\s*",
    re.IGNORECASE,
)
_ACK: Final = re.compile(r"^(?:acknowledge?ment|agradecimiento)s?\s*:\s*", re.IGNORECASE)
_POOL_SUFFIX: Final = re.compile(r"\s*-\s*pool$", re.IGNORECASE)
#: The word that opens a byline, in the languages captionfix reads (kind "byline").
BYLINE: Final = regex.compile(rf"(?:{alternation(_WORDS.bylines)})[ ]+\p{{Lu}}")
_SENTENCE_BREAK: Final = regex.compile(r"[.!?]\s+\p{Lu}\p{Ll}+\s+\p{Ll}")
_NAME_PIECES: Final = regex.compile(r"([-'’])")
_URL: Final = regex.compile(
    r"(?:https?://|www\.)\S+|\S+\.(?:com|org|net)(?:/\S*)?", regex.IGNORECASE
)


class Parsed:
    """The parts of a credit body.

    A plain class, not an attrs one: mypyc compiles it to a native class, whose
    instances are built and read without Python-level calls.  Treat it as frozen.
    """

    def __init__(  # noqa: PLR0913, PLR0917 - the parts of a credit
        self,
        creators: tuple[str, ...] = (),
        agencies: tuple[str, ...] = (),
        distributors: tuple[str, ...] = (),
        flags: tuple[str, ...] = (),
        vocab_agencies: int = 0,
        unknown_orgs: int = 0,
    ) -> None:
        """Keep each field as given."""
        self.creators = creators
        self.agencies = agencies
        self.distributors = distributors
        self.flags = flags
        self.vocab_agencies = vocab_agencies  # agencies or distributors from the vocabulary
        self.unknown_orgs = unknown_orgs  # organisations not in the vocabulary

    def __repr__(self) -> str:
        """The parts, as the attrs class before it printed them."""
        return (
            f"Parsed(creators={self.creators!r}, agencies={self.agencies!r}, "
            f"distributors={self.distributors!r}, flags={self.flags!r}, "
            f"vocab_agencies={self.vocab_agencies!r}, unknown_orgs={self.unknown_orgs!r})"
        )

    @property
    def empty(self) -> bool:
        """Whether nothing at all was named."""
        return not (self.creators or self.agencies or self.distributors or self.flags)

    def flagged(self, flag: str) -> Parsed:
        """The same parts with *flag* added at the end of the flags."""
        return Parsed(
            self.creators,
            self.agencies,
            self.distributors,
            (*self.flags, flag),
            self.vocab_agencies,
            self.unknown_orgs,
        )


def _cap_piece(piece: str) -> str:
    low = piece.lower()
    if low in _MAC_NAMES:
        return "Mac" + low[3].upper() + low[4:]
    if low.startswith("mc") and len(low) > 3:
        return "Mc" + low[2].upper() + low[3:]
    return low[:1].upper() + low[1:]


def natural_case(name: str) -> str:
    """Give an all-capitals *name* its natural capitalisation; leave mixed case alone.

    >>> natural_case("EVELYN HOCKSTEIN")
    'Evelyn Hockstein'
    >>> natural_case("JEAN-LUC DE LA FONTAINE"), natural_case("SEAN O'MALLEY")
    ('Jean-Luc de la Fontaine', "Sean O'Malley")
    >>> natural_case("MARY MCDONALD"), natural_case("IAN MACNICOL"), natural_case("Ian MacNicol")
    ('Mary McDonald', 'Ian MacNicol', 'Ian MacNicol')
    >>> natural_case("Pierre MARTIN"), natural_case("Tobias SCHWARZ")
    ('Pierre Martin', 'Tobias Schwarz')
    """
    name = name.replace("\xad", "")
    if not name.isupper() and any(ch.islower() for ch in name):
        # a surname in capitals after given names (AFP's "Pierre MARTIN") is set
        # like the rest; a mixed name is otherwise left as printed
        last = name.rsplit(" ", 1)
        if (
            len(last) == 2
            and last[1].isupper()
            and len(last[1]) > 1
            and last[1].rstrip(".") not in _NAME_SUFFIXES  # "John Q. Public III"
            and not last[0].isupper()
        ):
            return f"{last[0]} {natural_case(last[1])}"
        return name
    words = []
    for i, word in enumerate(name.split()):
        if i and word.lower() in _PARTICLES:
            words.append(word.lower())
            continue
        pieces = _NAME_PIECES.split(word)
        words.append("".join(p if p in "-'’" else _cap_piece(p) for p in pieces))
    return " ".join(words)


def _name_token(tok: str) -> bool:
    if tok.lower() in _PARTICLES:
        return True
    if not tok[:1].isupper():
        return False
    return tok.isalpha() or all(ch.isalpha() or ch in "'’.-\xad" for ch in tok)


# what may close a person's name after the surname ("III", "Jr")
_NAME_SUFFIXES: Final = _WORDS.name_suffixes


def is_person_name(text: str) -> bool:
    """Whether *text* reads as a person's name: 2–5 capitalised words, particles allowed.

    >>> is_person_name("William B. Plowman"), is_person_name("Jarl Ale de Basseville")
    (True, True)
    >>> is_person_name("PMDB"), is_person_name("Museum of Criminal Anthropology")
    (False, False)
    """
    toks = text.split()
    if not 2 <= len(toks) <= 5:
        return False
    if not all(_name_token(t) for t in toks):
        return False
    if toks[0] in ("The", "THE"):
        return False  # "The Charlotte Observer": a name never opens with an article
    if toks[-1].rstrip(".") in _NAME_SUFFIXES:
        toks = toks[:-1]  # "David T. Foster III", "Jane Roe Jr.": the suffix is no acronym
        text = " ".join(toks)
    core = [t for t in toks if t.lower() not in _PARTICLES]
    if len(core) < 2 or toks[0].lower() in _PARTICLES:
        return False
    if any(t.lower().strip(".") in _ORG_WORDS for t in toks):
        return False
    # an acronym among mixed-case words is an organisation (CQ Roll Call); but a
    # surname in capitals after given names is AFP's and Le Monde's style (Pierre MARTIN)
    caps = [n for n, t in enumerate(core) if t.isupper() and len(t.rstrip(".")) > 1]
    if not text.isupper() and caps and caps != [len(core) - 1]:
        return False
    # an initial is one letter and a dot; a word of capitals longer than that is fine
    return not all(len(t.rstrip(".")) == 1 for t in core)


def _is_url(text: str) -> bool:
    return ("." in text or ":" in text) and _URL.fullmatch(text) is not None  # a cheap test first


# characters no credit holds, and code is full of
_CODE_CHARS: Final = ("{", "}", "$", "=", "<", ">", "\\", "`")
# the word after an agency's name that makes it its photo service ("PTI Photo")
_PHOTO_SUFFIXES: Final = _WORDS.photo_suffixes
# the lower-case articles a newspaper's title may open with ("de Volkskrant")
_ORG_ARTICLES: Final = _WORDS.org_articles
_ON_PLATFORM: Final = re.compile(r"(.+?) (?:on|from) (.+)")
_YEAR_AFTER: Final = re.compile(r"[ ](?:19|20)\d\d$")
_DOMAIN: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9\-]*(?:\.[a-z]{2,6}){1,3}")


def _looks_org(text: str) -> bool:
    first, _, rest = text.partition(" ")
    if first in _ORG_ARTICLES and rest[:1].isupper():
        return True  # "de Volkskrant", "la Repubblica": a title that opens with its article
    if "(" in text or ")" in text or text.endswith(("&", "+")):
        return False  # "Inc. (SCO) who released it", "Dscho &": a phrase cut short
    toks = text.split()
    if not toks or len(toks) > 8 or not (text[0].isupper() or text[0] == "@"):
        return text.startswith("@") or _is_url(text)
    if "@" in text or _is_url(text):
        return True
    if any(t.lower().strip(".") in _ORG_WORDS for t in toks):
        return True
    if len(toks) == 1:
        tok = toks[0]
        if "." in tok and _DOMAIN.fullmatch(tok):
            return True  # "Metro.co.uk": a site named by its address
        inner_caps = any(ch.isupper() for ch in tok[1:])
        return (tok.isupper() and len(tok) >= 2) or inner_caps or "-" in tok
    caps = [t for t in toks if t[:1].isupper() or t[:1].isdigit()]
    return len(caps) >= len(toks) / 2 and not is_person_name(text)


# Cheap tests that each of the patterns above can match, tried first: most
# credit bodies are short ASCII lists of names ("Jane Roe/AP"), and a pattern
# call costs about a microsecond.  Each is a necessary condition of its
# pattern (tests/test_prefilters.py); on text that is not ASCII, where case
# folding reaches beyond lower(), the ones that lower-case say "maybe".
_SEPARATOR_CHARS: Final = "/|;,&-–—"
_BYLINE_FIRST: Final = frozenset(w[0] for w in _WORDS.bylines)
# "İ" and "ı" match "i" without case, as "ſ" matches "s" (re's own equivalences)
_COURTESY_FIRST: Final = frozenset("pPiIfFcCgGİı")


def _may_split(body: str) -> bool:
    return "for" in body or any(ch in body for ch in _SEPARATOR_CHARS)


def _may_hold_url(body: str) -> bool:
    if "://" in body or not body.isascii():
        return True
    low = body.lower()
    return "www." in low or ".com" in low or ".org" in low or ".net" in low


def _may_hold(part: str, words: tuple[str, ...]) -> bool:
    """Whether one of the lower-case ASCII *words* may stand in *part*, in any case."""
    if not part.isascii():
        return True
    low = part.lower()
    return any(w in low for w in words)


_VIA_WORDS: Final = ("via",)
_BY_WORDS: Final = ("photo", "image", "foto")


def _split_parts(body: str) -> list[str]:
    if not _may_split(body):
        return [body]
    if "." not in body or not _may_hold_url(body):  # every address holds a dot
        return _SPLIT.split(body)
    urls = [m.group() for m in _URL.finditer(body)]
    for n, url in enumerate(urls):
        body = body.replace(url, f"\x00{n}\x00", 1)
    parts = _SPLIT.split(body)
    out = []
    for part in parts:
        restored = part
        for n, url in enumerate(urls):
            restored = restored.replace(f"\x00{n}\x00", url)
        out.append(restored)
    return out


def parse_body(body: str, vocab: Vocabulary, *, labelled: bool) -> Parsed | None:
    """Parse the body of a credit, or return ``None`` if it does not read as one.

    *labelled* says a credit label (``Photo:``) stood before it, which lets a
    lone user name or an unknown organisation count.
    """
    body = body.strip().rstrip(".").strip()
    if not body or len(body) > 160:
        return None
    if not labelled and ("://" in body or "www." in body):
        return None  # a link in parentheses ("[Docs](https://…)"): no one is credited
    for mark in _CODE_CHARS:
        if mark in body:
            return None  # "${DIR}/a.txt", "x=1", "<b>": code, not a credit
    if not labelled and body[0] in _BYLINE_FIRST and BYLINE.match(body):
        return None  # "By Jane Roe, Associated Press" is a byline, not a credit
    creators: list[str] = []
    agencies: list[str] = []
    flags: list[str] = []
    distributors: list[str] = []
    vocab_hits = unknown = 0
    via = _VIA.split(body, maxsplit=1) if _may_hold(body, _VIA_WORDS) else [body]
    if len(via) == 2:
        body = via[0]
        for part in _split_parts(via[1]):
            name = part.strip().rstrip(".")
            if key(name) in vocab.flags:  # "via REUTERS/File Photo"
                flags.append(vocab.flags[key(name)])
            elif name:
                canonical = vocab.agency(name)
                vocab_hits += canonical is not None
                distributors.append(canonical or name)
    parts = _split_parts(body)
    for raw_part in parts:
        part = raw_part.strip().strip(".").strip()
        if not part:
            continue
        if ("." in part or "!" in part or "?" in part) and _SENTENCE_BREAK.search(part):
            return None  # a credit is a list of names, not sentences
        if ":" in part:
            part = _ACK.sub("", part)
        if part[-8:].lower() == " handout" and not vocab.agency(part):
            flags.append("handout")  # "ISRAEL DEFENSE FORCES HANDOUT": a source's handout
            part = part[:-8].strip()
        if part[-4:].lower() == "pool" and _POOL_SUFFIX.search(part) and not vocab.agency(part):
            flags.append("pool")
            part = _POOL_SUFFIX.sub("", part)
        courtesy = _COURTESY.match(part) if part[:1] in _COURTESY_FIRST else None
        if courtesy:
            flags.append("courtesy")
            part = part[courtesy.end() :].strip()
            if not part:
                continue
        k = key(part)
        if k in vocab.flags:
            flags.append(vocab.flags[k])
            continue
        if k in _DESCRIPTORS or k in vocab.roles:
            continue  # "Reproduction", or "Stringer": nobody named
        by = _BY.split(part, maxsplit=1) if _may_hold(part, _BY_WORDS) else [part]
        if len(by) == 2 and is_person_name(by[1]):
            agencies.append(vocab.agency(by[0]) or by[0])
            creators.append(natural_case(by[1]))
            continue
        platform = _ON_PLATFORM.match(part) if " on " in part or " from " in part else None
        if (
            platform is not None
            and vocab.agency(platform.group(2))
            and is_person_name(platform.group(1))
        ):  # "Jane Roe on Unsplash", "Jane Roe from Pexels"
            creators.append(natural_case(platform.group(1)))
            agencies.append(vocab.agency(platform.group(2)) or platform.group(2))
            vocab_hits += 1
            continue
        year = _YEAR_AFTER.search(part) if part[-1:].isdigit() else None
        if year is not None and vocab.agency(part[: year.start()]):
            part, k = part[: year.start()], key(part[: year.start()])  # "AFP 2019"
        if k[2:3] == "-" and k[3:] in vocab.roles:
            continue  # "CN-STR": a stringer in China, nobody named
        dot = part.find(".", 0, 6)
        title, rest = (part[: dot + 1], part[dot + 1 :].strip()) if dot > 0 else ("", "")
        if rest and key(title) in vocab.titles and is_person_name(rest):
            part, k = rest, key(rest)  # "Sgt. Jane Roe": the rank is no part of the name
        canonical = vocab.agency(part) or (
            vocab.agency(part[:-4]) if part.endswith(".com") else None
        )
        if canonical:
            agencies.append(canonical)
            vocab_hits += 1
            continue
        split = _split_agency_edge(part, vocab)
        if split:
            person, canonical = split
            if person:
                creators.append(natural_case(person))
            agencies.append(canonical)
            vocab_hits += 1
            continue
        space = part.rfind(" ")
        if space > 0 and part[space + 1 :] in _PHOTO_SUFFIXES and vocab.agency(part[:space]):
            agencies.append(vocab.agency(part[:space]) or part)  # "(ANI Photo)", "(HT Photo)"
            vocab_hits += 1
            continue
        hyphen = part.find("-")
        service = (
            vocab.agency(part[:hyphen])
            if 0 < hyphen < len(part) - 1
            and (part[:hyphen].islower() or key(part[hyphen + 1 :]) in vocab.prefixes)
            else None
        )  # "dpa-Bildfunk", "AFP-Foto"; never "JPL-Caltech", two institutions
        if service is not None and " " not in part:
            agencies.append(service)  # "dpa-Bildfunk", "EFE-Foto": an agency's own service
            vocab_hits += 1
        elif is_person_name(part):
            creators.append(natural_case(part))
        elif _looks_org(part):
            agencies.append(part)
            unknown += 1
        elif (
            labelled
            and len(parts) == 1
            and len(part.split()) == 1
            and part.isalnum()
            and not part.isdigit()  # "© 2012": a year, not a user name
        ):
            creators.append(part)  # a lone user name (Flickr, Instagram ...)
        elif len(part.split()) == 1 and part[:1].isupper() and part.isalnum():
            agencies.append(part)  # one word among other sources: an organisation
            unknown += 1
        else:
            return None
    return Parsed(
        tuple(dict.fromkeys(creators)),
        tuple(dict.fromkeys(agencies)),
        tuple(dict.fromkeys(distributors)),
        tuple(dict.fromkeys(flags)),
        vocab_hits,
        unknown,
    )


def merge_parsed(items: list[Parsed]) -> Parsed:
    """One credit from adjacent tags of one image: ``(REUTERS) (EVELYN HOCKSTEIN/)``."""
    return Parsed(
        tuple(dict.fromkeys(x for p in items for x in p.creators)),
        tuple(dict.fromkeys(x for p in items for x in p.agencies)),
        tuple(dict.fromkeys(x for p in items for x in p.distributors)),
        tuple(dict.fromkeys(x for p in items for x in p.flags)),
        sum(p.vocab_agencies for p in items),
        sum(p.unknown_orgs for p in items),
    )


def _split_agency_edge(part: str, vocab: Vocabulary) -> tuple[str, str] | None:
    """``NAME AGENCY`` or ``AGENCY NAME`` in one part: the agency at either edge."""
    words = part.split()
    if len(words) < 2:
        return None
    # every agency name at an edge ends (or begins) with that edge's word: test it first
    last = words[-1].casefold().replace("’", "'").rstrip(".")
    first = words[0].casefold().replace("’", "'").lstrip(".")
    tails = not last or last in vocab.agency_last_words
    heads = not first or first in vocab.agency_first_words
    if not (tails or heads):
        return None
    for n in range(min(4, len(words) - 1), 0, -1):
        tail = vocab.agency(" ".join(words[-n:])) if tails else None
        if tail and is_person_name(" ".join(words[:-n])):
            return " ".join(words[:-n]), tail
        head = vocab.agency(" ".join(words[:n])) if heads else None
        if head and is_person_name(" ".join(words[n:])):
            return "", head  # a page or account of a person: the platform is the source
    return None


def acceptable_unlabelled(parsed: Parsed, *, slash: bool = False) -> bool:
    """Whether a credit with no label (``(Name/Agency)``, ``NAME / AGENCY``) is credible.

    It needs a vocabulary agency next to a person, a flag, or only agencies all
    known to the vocabulary, or a person next to an organisation and a slash.
    """
    if parsed.empty:
        return False
    if parsed.creators and (parsed.vocab_agencies or parsed.flags or parsed.distributors):
        return True
    if parsed.creators and parsed.agencies and slash:
        # "(Jane Roe/Acme Daily)": an organisation the vocabulary does not know,
        # beside one or two people, only across a slash ("(Ann Lee, Bo Chan)",
        # "(BSD, System V, POSIX)" are lists)
        return len(parsed.creators) <= 2 and parsed.unknown_orgs == 1
    if parsed.flags and (parsed.agencies or parsed.distributors) and not parsed.unknown_orgs:
        return True  # "Pool/Getty Images", "Handout via REUTERS"
    if "handout" in parsed.flags and parsed.vocab_agencies and parsed.unknown_orgs == 1:
        return True  # "EPA/ISRAEL DEFENSE FORCES HANDOUT": the source that handed it out
    return bool(parsed.agencies) and not parsed.unknown_orgs and not parsed.creators
