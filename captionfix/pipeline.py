"""``clean()``: the runner that folds the rules over a text, in rounds where needed.

The order is explicit and fixed:

1. ``whitespace`` (first half): byte-order mark, line endings, NFC;
2. ``encoding``: ftfy on the tokens a cheap gate flags;
3. ``captions``, ``credits``, ``media_labels`` and ``quotes``: detected together
   on the same text (a quote repair inside a removed caption is dropped);
   steps 2 and 3 run again on what the round left while
   :func:`captionfix.detect.needs_another_look` says a line near a change
   could hold something new (at most four rounds);
4. ``whitespace`` (second half): the normal form after the removals.

Each pass returns edits on the text it saw; :func:`captionfix.edits.compose`
maps them onto the input, so ``Result.edits`` holds input offsets.
"""

from __future__ import annotations

from captionfix.config import Config
from captionfix.detection import detect
from captionfix.edits import OffsetMap, apply_edits, compose
from captionfix.records import Caption, Credit, Edit, Result, Span
from captionfix.rounds import needs_another_look
from captionfix.rules.encoding import fix_encoding
from captionfix.rules.quotes import fix_quotes
from captionfix.rules.whitespace import fold_long_runs, prepare_stage, tidy

_DEFAULT = Config()
_MAX_ROUNDS = 4

BYTES_ERROR = (
    "captionfix.clean() takes str, not bytes: decode the bytes first "
    "(for example data.decode('utf-8')); the encoding rule then repairs any mojibake."
)


def clean(text: str, *, config: Config | None = None) -> Result:
    r"""Clean scraped news *text*: remove captions, credits and widget labels, repair quotes.

    Pure and deterministic: the result depends on *text* and *config* only.

    >>> r = clean(
    ...     "Kirby said“We will act.”\n\n"
    ...     "John Kirby speaks in Washington (REUTERS) (EVELYN HOCKSTEIN/)\n\n"
    ...     "The talks go on."
    ... )
    >>> print(r.text)
    Kirby said “We will act.”
    <BLANKLINE>
    The talks go on.
    >>> r.captions[0].text
    'John Kirby speaks in Washington'
    >>> c = r.credits[0]
    >>> c.raw, c.creators, c.agencies
    ('(REUTERS) (EVELYN HOCKSTEIN/)', ('Evelyn Hockstein',), ('Reuters',))

    .. versionadded:: 0.1
    """
    if isinstance(text, (bytes, bytearray)):
        raise TypeError(BYTES_ERROR)
    if not isinstance(text, str):
        msg = f"captionfix.clean() takes str, not {type(text).__name__}"
        raise TypeError(msg)
    cfg = _DEFAULT if config is None else config
    # each pass's edits, with the text it saw; they are composed onto the input
    # once, from the last pass back, so a CRLF text's many line-end edits are
    # walked once rather than once per pass
    stages: list[tuple[str, list[Edit]]] = []
    current = text

    def run(new: list[Edit]) -> None:
        nonlocal current
        if new:
            stages.append((current, new))
            current = apply_edits(current, new)

    if cfg.whitespace:
        prepared, after = prepare_stage(current)
        if prepared:
            stages.append((current, prepared))
            current = after
        run(fold_long_runs(current))  # megabytes of blank lines: not a line record each

    # Removing a credit can bare another one behind it ("…textFoto: AFPPhoto: X"),
    # removing a caption can bring two copies of another next to each other, and
    # a quote repair can part a credit from the word it was glued to; so the
    # round runs again on what it left, a bounded number of times.
    captions: list[Caption] = []
    credit_records: list[Credit] = []
    capped: tuple[str, ...] = ()
    inert: frozenset[str] = frozenset()
    active: frozenset[str] = frozenset()
    for _ in range(_MAX_ROUNDS):
        if cfg.encoding:
            run(fix_encoding(current))
        found = detect(current, cfg)
        capped = capped or found.capped
        inert |= found.inert
        active |= found.active
        step = list(found.edits)
        repairs = fix_quotes(current) if cfg.quotes else []
        if repairs:
            step = _merge(step, repairs)
        if not step:
            break
        if found.captions or found.credits:
            to_input = _Mapper(OffsetMap(_composed(stages)), text)
            captions.extend(to_input.caption(c) for c in found.captions)
            mapped = [piece for c in found.credits for piece in to_input.credits(c)]
            if len(mapped) > len(found.credits):  # copies split: keep the order of the input
                mapped.sort(key=_first_span)
            credit_records.extend(mapped)
        run(step)
        # where each edit of the step now stands: its start in the text it produced
        points = OffsetMap(step).starts
        if not needs_another_look(current, points, cfg, (inert, active)):
            break  # nothing near the changes could hold anything new

    if cfg.whitespace:
        run(tidy(current))
    edits = _composed(stages)
    return Result(current, tuple(captions), tuple(credit_records), tuple(edits), capped)


def _composed(stages: list[tuple[str, list[Edit]]]) -> list[Edit]:
    """The edits of all *stages* as one list on the input, folded from the last."""
    acc: list[Edit] = []
    for before, step in reversed(stages):
        acc = compose(before, step, acc)
    return acc


def _merge(removals: list[Edit], repairs: list[Edit]) -> list[Edit]:
    """Add the *repairs* that touch no removal; both lists are ordered."""
    if not removals:
        return repairs
    out = list(removals)
    k = 0
    for r in repairs:
        while k < len(removals) and removals[k].end < r.start:
            k += 1
        touching = k < len(removals) and removals[k].start <= r.end
        if not touching:
            out.append(r)
    out.sort(key=lambda e: (e.start, e.end))
    return out


class _Mapper:
    """Records moved from the text a round saw to the input, each credit record once.

    A credit printed under many captions is one record shared by all of them;
    mapping it once per caption would cost captions × copies.  Copies of a
    credit that read the same in the round's text but not in the input (one in
    NFD, one with mojibake or a control character) become one record per
    input text, so that every span holds its record's ``raw``.
    """

    def __init__(self, omap: OffsetMap, text: str) -> None:
        self.omap, self.text = omap, text
        self.done: dict[int, tuple[Credit, ...]] = {}

    def spans(self, spans: tuple[Span, ...]) -> tuple[Span, ...]:
        return tuple(self.omap.span(s, e) for s, e in spans)

    def credits(self, credit: Credit) -> tuple[Credit, ...]:
        """The input records of *credit*: one per distinct input text of its copies."""
        got = self.done.get(id(credit))
        if got is None:
            by_raw: dict[str, list[Span]] = {}
            for s, e in self.spans(credit.spans):
                by_raw.setdefault(self.text[s:e], []).append((s, e))
            c = credit
            got = tuple(
                Credit(raw, c.creators, c.agencies, c.distributors, c.flags, tuple(spans))
                for raw, spans in by_raw.items()
            ) or (c,)
            self.done[id(credit)] = got
        return got

    def caption(self, caption: Caption) -> Caption:
        spans = self.spans(caption.spans)
        credit = None
        if caption.credit:
            pieces = self.credits(caption.credit)
            credit = pieces[0]
            if len(pieces) > 1:  # the copy printed with this caption
                credit = next(
                    (c for c in pieces if any(_inside(cs, spans) for cs in c.spans)), credit
                )
        return Caption(caption.text, credit, spans, caption.count, caption.rule)


def _inside(span: Span, spans: tuple[Span, ...]) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in spans)


def _first_span(credit: Credit) -> Span:
    return credit.spans[0] if credit.spans else (-1, -1)
