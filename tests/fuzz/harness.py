"""Seeded mutation fuzzing of ``captionfix.clean`` against the invariants of SPEC §5.

* :func:`seed_corpus` — realistic articles: the golden fixtures' inputs and the
  benchmark's synthetic news generator (captions, credits in many house styles,
  labels, glued quotes, mojibake, CRLF, BOMs).
* :func:`mutate` — seeded damage of the kinds scraped text carries: stray CR,
  BOM, NBSP, controls, combining marks, NFD spans, layered mojibake, entities,
  glued or turned quotes, duplicated and truncated lines, credits and labels
  dropped anywhere, deletions, swaps.
* :func:`check` — every invariant, each failure with a *family* name
  (``lossless:revert``, ``idempotent:edits``, ``normal-form:cr``...).
* :func:`minimise` — delta debugging, lines then characters, keeping the family.
* :func:`fuzz` — the loop: deterministic for a given seed and document count.
"""

from __future__ import annotations

import importlib.util
import random
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import captionfix
from captionfix.edits import EditError, check_edits

if TYPE_CHECKING:
    from collections.abc import Callable

ROOT = Path(__file__).resolve().parents[2]

# --- the corpus -------------------------------------------------------------------------


def _corpus_gen():  # a module loaded by path (tests/benchmarks is no package)
    name = "captionfix_fuzz_corpus_gen"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(
        name, ROOT / "tests" / "benchmarks" / "corpus_gen.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look the module up while it loads
    spec.loader.exec_module(module)
    return module


def seed_corpus(seed: int, n_generated: int = 200) -> list[str]:
    """The fixtures' inputs and *n_generated* synthetic articles (the same for a seed)."""
    docs = [p.read_bytes().decode("utf-8") for p in sorted(ROOT.glob("fixtures/*/*/input.txt"))]
    gen = _corpus_gen()
    docs += [gen.make_doc(seed, i).text for i in range(n_generated)]
    return docs


# --- mutations --------------------------------------------------------------------------

CHARS = [
    "\r",
    "\r\n",
    "\n",
    "\n\n\n",
    "\ufeff",
    "\u00a0",
    "\t",
    "\x0c",
    "\x0b",
    "\x00",
    "\x1f",
    "\x7f",
    "\x85",
    "\u2028",
    "\u2029",
    "\u200b",
    "\u200d",
    "\u0301",
    "\u0308",
    "\u0327",
    " ",
    "  ",
    "“",
    "”",
    '"',
    "'",
    "’",
    "‘",
    "„",
    "«",
    "»",
    "(",
    ")",
    "/",
    ":",
    ",",
    ".",
    "…",
    "—",
    "–",
    "&amp;",
    "&nbsp;",
    "&#8220;",
    "Ã©",
    "â€œ",
    "â€\x9d",
    "â€™",
    "Â ",
    "\ud800",
    "\U0001f600",
    "é",
    "ß",
    "İ",
    "ﬁ",
    "Å",
    "A\u030a",
]
CREDITS = [
    "(REUTERS)",
    "(REUTERS) (EVELYN HOCKSTEIN/)",
    "(REUTERS) (POOL/)",
    "(AP Photo/Evan Vucci)",
    "(AP Photo/Evan Vucci, File)",
    "Photograph: Mike Segar/Reuters",
    "Photo by X/Getty Images",
    "Jane Roe/AFP via Getty Images",
    "REUTERS/Steve Marcus/File Photo",
    "Jung Yeon-Je/Pool via REUTERS",
    "EPA-EFE/NAME",
    "Featured image via Getty Images",
    "Image copyrightGETTY IMAGES",
    "CreditCredit X/Associated Press",
    "(Photo: Matt Rourke, AP)",
    "Foto: dpa",
    "(Foto: EFE)",
    "© REUTERS/Murad Sezer",
    "Foto: Divulgação",
    "JONATHAN DRAKE / REUTERS",
]
LABELS = [
    "Image caption",
    "Media caption",
    "Image source, EPA",
    "Fullscreen",
    "Hide caption",
    "toggle caption",
    "Enlarge this image",
    "Media playback is unsupported on your device",
    "Slideshow (16 Images)",
    "1 of 38",
    "Detailansicht öffnen",
    "FILE PHOTO:",
]


def _cp1252_byte(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:  # the five holes: as browsers and ftfy's "sloppy" codec do
        return chr(byte)


_SLOPPY_CP1252 = [_cp1252_byte(b) for b in range(256)]


def _mojibake(text: str, layers: int) -> str:
    """UTF-8 read as Windows-1252, *layers* times over (as pages re-encoded by CMSs are)."""
    for _ in range(layers):
        text = "".join(_SLOPPY_CP1252[b] for b in text.encode("utf-8", "surrogatepass"))
    return text


def _span(rng: random.Random, text: str, most: int = 80) -> tuple[int, int]:
    start = rng.randrange(len(text) + 1)
    return start, min(len(text), start + rng.randint(1, most))


def _lines(text: str) -> list[str]:
    return text.split("\n")


def _op_insert_char(rng: random.Random, text: str) -> str:
    at = rng.randrange(len(text) + 1)
    return text[:at] + rng.choice(CHARS) + text[at:]


def _op_insert_piece(rng: random.Random, text: str) -> str:
    at = rng.randrange(len(text) + 1)
    piece = rng.choice(CREDITS + LABELS)
    sep = rng.choice(["", " ", "\n", "\n\n", "\r\n"])
    return text[:at] + sep + piece + sep + text[at:]


def _op_mojibake(rng: random.Random, text: str) -> str:
    start, end = _span(rng, text)
    return text[:start] + _mojibake(text[start:end], rng.choice([1, 1, 2, 3])) + text[end:]


def _op_nfd(rng: random.Random, text: str) -> str:
    start, end = _span(rng, text)
    return text[:start] + unicodedata.normalize("NFD", text[start:end]) + text[end:]


def _op_line_ends(rng: random.Random, text: str) -> str:
    return text.replace("\n", rng.choice(["\r\n", "\r", "\n\r", "\n \n"]))


def _op_duplicate_line(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    k = rng.randrange(len(lines))
    copy = lines[k]
    if copy and rng.random() < 0.4:
        copy = copy[: rng.randrange(len(copy))]  # a truncated copy
    lines.insert(rng.randrange(len(lines) + 1), copy)
    return "\n".join(lines)


def _op_join_lines(rng: random.Random, text: str) -> str:
    at = [i for i, c in enumerate(text) if c == "\n"]
    if not at:
        return text
    k = rng.choice(at)
    return text[:k] + rng.choice(["", " "]) + text[k + 1 :]


def _op_delete(rng: random.Random, text: str) -> str:
    start, end = _span(rng, text, 20)
    return text[:start] + text[end:]


def _op_swap(rng: random.Random, text: str) -> str:
    if len(text) < 2:
        return text
    k = rng.randrange(len(text) - 1)
    return text[:k] + text[k + 1] + text[k] + text[k + 2 :]


def _op_glue_quote(rng: random.Random, text: str) -> str:
    spots = [i for i, c in enumerate(text) if c in '“”"„«»' and 0 < i < len(text) - 1]
    if not spots:
        return text
    k = rng.choice(spots)
    if text[k - 1] == " ":
        return text[: k - 1] + text[k:]
    if text[k + 1] == " ":
        return text[: k + 1] + text[k + 2 :]
    return text[:k] + rng.choice('“”"') + text[k + 1 :]


def _op_case(rng: random.Random, text: str) -> str:
    lines = _lines(text)
    k = rng.randrange(len(lines))
    lines[k] = lines[k].upper() if rng.random() < 0.5 else lines[k].title()
    return "\n".join(lines)


def _op_splice(rng: random.Random, text: str) -> str:
    other_start, other_end = _span(rng, text, 300)
    at = rng.randrange(len(text) + 1)
    return text[:at] + text[other_start:other_end] + text[at:]


OPERATORS: list[Callable[[random.Random, str], str]] = [
    _op_insert_char, _op_insert_char, _op_insert_piece, _op_mojibake, _op_nfd, _op_line_ends,
    _op_duplicate_line, _op_join_lines, _op_delete, _op_swap, _op_glue_quote, _op_case, _op_splice,
]  # fmt: skip


def mutate(rng: random.Random, text: str, rounds: int) -> str:
    """*text* after *rounds* random mutations (drawn from *rng*)."""
    for _ in range(rounds):
        text = rng.choice(OPERATORS)(rng, text)
    return text


# --- the invariants ---------------------------------------------------------------------


@dataclass(frozen=True)
class Failure:
    """One broken invariant: a family name (what broke) and a short detail."""

    family: str
    detail: str = ""


def _normal_form(out: str) -> list[Failure]:
    fails = []
    if "\r" in out:
        fails.append(Failure("normal-form:cr", "a CR in the output"))
    if "\ufeff" in out:
        fails.append(Failure("normal-form:bom", "a BOM in the output"))
    if out != out.strip():
        fails.append(Failure("normal-form:strip", "leading or trailing whitespace"))
    if "\n\n\n" in out:
        fails.append(Failure("normal-form:blank-run", "more than one blank line"))
    if any(line != line.rstrip() for line in out.split("\n")):
        fails.append(Failure("normal-form:trailing-space", "trailing whitespace on a line"))
    if not unicodedata.is_normalized("NFC", out):
        fails.append(Failure("normal-form:nfc", "not NFC"))
    return fails


def _spans(text: str, result: captionfix.Result) -> list[Failure]:
    fails = []
    for credit in result.credits:
        for start, end in credit.spans:
            if text[start:end] != credit.raw:
                fails.append(Failure("spans:credit", f"{credit.raw!r} at {start}:{end}"))
                break
    for caption in result.captions:
        if caption.count != len(caption.spans):
            fails.append(Failure("spans:caption-count", f"{caption.text!r}"))
        if not all(0 <= s < e <= len(text) for s, e in caption.spans):
            fails.append(Failure("spans:caption-range", f"{caption.text!r}"))
        if caption.credit is not None:
            for start, end in caption.credit.spans:
                if text[start:end] != caption.credit.raw:
                    fails.append(Failure("spans:caption-credit", f"{caption.credit.raw!r}"))
                    break
    return fails


def check(text: str) -> list[Failure]:
    """Every SPEC §5 invariant on *text*; an empty list when all hold."""
    try:
        result = captionfix.clean(text)
    except Exception as exc:  # noqa: BLE001 - that it raises at all is the finding
        return [Failure(f"raises:{type(exc).__name__}", str(exc)[:200])]
    fails: list[Failure] = []
    try:
        check_edits(text, result.edits)
    except EditError as exc:
        fails.append(Failure("lossless:edit-order", str(exc)[:200]))
    else:
        if captionfix.apply_edits(text, result.edits) != result.text:
            fails.append(Failure("lossless:apply", "apply_edits(input, edits) != text"))
        try:
            if captionfix.revert(result.text, result.edits) != text:
                fails.append(Failure("lossless:revert", "revert(text, edits) != input"))
        except Exception as exc:  # noqa: BLE001
            fails.append(Failure("lossless:revert", f"raises {type(exc).__name__}"))
    fails += _normal_form(result.text)
    fails += _spans(text, result)
    try:
        again = captionfix.clean(result.text)
    except Exception as exc:  # noqa: BLE001
        fails.append(Failure(f"idempotent:raises:{type(exc).__name__}", str(exc)[:200]))
    else:
        # the family names the rules that still edit on the second pass, so that
        # layered mojibake (encoding), a skipped quote repair (quotes) and a lone CR
        # (whitespace) are told apart
        rules = "+".join(sorted({e.rule for e in again.edits})) or "none"
        if again.text != result.text:
            fails.append(
                Failure(f"idempotent:text:{rules}", "clean(clean(x).text) changes the text")
            )
        elif again.edits:
            fails.append(Failure(f"idempotent:edits:{rules}", "the second pass makes edits"))
    return fails


def families(text: str) -> set[str]:
    """The failure families of *text*."""
    return {f.family for f in check(text)}


# --- minimising -------------------------------------------------------------------------


def minimise(text: str, family: str, seconds: float = 10.0) -> str:
    """A smaller input that still fails in *family* (delta debugging: lines, then chars)."""
    deadline = time.monotonic() + seconds

    def bad(candidate: str) -> bool:
        return family in families(candidate)

    current = text
    for unit in ("line", "char"):
        n = 2
        while time.monotonic() < deadline:
            parts = current.splitlines(keepends=True) if unit == "line" else list(current)
            if len(parts) < 2:
                break
            size = -(-len(parts) // n)
            for k in range(0, len(parts), size):
                candidate = "".join(parts[:k] + parts[k + size :])
                if bad(candidate):
                    current = candidate
                    n = max(n - 1, 2)
                    break
            else:
                if n >= len(parts):
                    break
                n = min(2 * n, len(parts))
    return current


# --- the loop ---------------------------------------------------------------------------


@dataclass
class Found:
    """A failure family: how often it was hit, the first input, its minimised form."""

    family: str
    count: int = 0
    first: str = ""
    minimal: str = ""
    detail: str = ""


@dataclass
class Report:
    """What a fuzz run did and found."""

    seed: int
    documents: int = 0
    seconds: float = 0.0
    found: dict[str, Found] = field(default_factory=dict)


def documents(seed: int) -> Callable[[int], str]:
    """Document *i* of the run with *seed*: a corpus article, mutated 0-8 times."""
    corpus = seed_corpus(seed)

    def doc(i: int) -> str:
        rng = random.Random(f"{seed}:{i}")
        base = rng.choice(corpus)
        return mutate(rng, base, rng.choice([0, 1, 1, 2, 2, 3, 4, 6, 8]))

    return doc


def fuzz(
    *,
    seed: int = 0,
    docs: int | None = None,
    seconds: float | None = None,
    minimise_seconds: float = 10.0,
    progress: Callable[[Report], None] | None = None,
) -> Report:
    """Run until *docs* documents or *seconds* have gone, whichever comes first.

    With *docs* alone the run is deterministic: document *i* depends on the
    seed and *i* only.
    """
    make = documents(seed)
    report = Report(seed)
    start = time.monotonic()
    i = 0
    while (docs is None or i < docs) and (seconds is None or time.monotonic() - start < seconds):
        text = make(i)
        for failure in check(text):
            found = report.found.get(failure.family)
            if found is None:
                minimal = minimise(text, failure.family, minimise_seconds)
                found = Found(failure.family, first=text, minimal=minimal, detail=failure.detail)
                report.found[failure.family] = found
            found.count += 1
        i += 1
        report.documents = i
        if progress is not None and i % 1000 == 0:
            report.seconds = time.monotonic() - start
            progress(report)
    report.seconds = time.monotonic() - start
    return report
