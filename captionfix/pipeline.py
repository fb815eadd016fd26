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

Each pass returns edits on the text it saw (an :class:`~captionfix.edits.Edits`
list: columns, no object per edit); :func:`captionfix.edits.compose_edits` maps
them onto the input, so ``Result.edits`` holds input offsets.
"""

from __future__ import annotations

from captionfix.config import Config
from captionfix.detection import detect
from captionfix.edits import (
    NO_EDITS,
    Edits,
    OffsetMap,
    by_place,
    compose_edits,
    index_ranges,
    merge_kept,
)
from captionfix.records import Caption, Credit, Result, Span
from captionfix.rounds import needs_another_look
from captionfix.rules.encoding import encoding_edits
from captionfix.rules.quotes import quote_edits
from captionfix.rules.whitespace import fold_long_runs, prepare_edits, tidy
from captionfix.textscan import new_edit

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
    stages: list[tuple[str, Edits]] = []
    current = text

    def run(new: Edits) -> None:
        nonlocal current
        if len(new):
            stages.append((current, new))
            current = new.apply(current)

    if cfg.whitespace:
        prepared, after = prepare_edits(current)
        if len(prepared):
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
            run(encoding_edits(current))
        found = detect(current, cfg)
        capped = capped or found.capped
        inert |= found.inert
        active |= found.active
        step = Edits.of(found.edits, len(current)) if found.edits else NO_EDITS
        if cfg.quotes:
            repairs = quote_edits(current)
            if len(repairs):
                step = _merge(step, repairs)
        if not len(step):
            break
        if found.captions or found.credits:
            to_input = _Mapper(OffsetMap(_composed(stages, current)), text)
            captions.extend(to_input.caption(c) for c in found.captions)
            mapped = [piece for c in found.credits for piece in to_input.credits(c)]
            if len(mapped) > len(found.credits):  # copies split: keep the order of the input
                mapped.sort(key=_first_span)
            credit_records.extend(mapped)
        run(step)
        # where each edit of the step now stands: its start in the text it produced
        if not needs_another_look(current, step.out_starts(), cfg, (inert, active)):
            break  # nothing near the changes could hold anything new

    if cfg.whitespace:
        run(tidy(current))
    edits = _composed(stages, current)
    return Result(
        current, tuple(captions), tuple(credit_records), edits.result(text, new_edit), capped
    )


def _composed(stages: list[tuple[str, Edits]], current: str) -> Edits:
    """The edits of all *stages* as one list on the input, folded from the last.

    *current* is the text the last stage made; each stage's own output is the
    next stage's input, so no intermediate text is made again.
    """
    acc = NO_EDITS
    after = current
    for before, step in reversed(stages):
        acc = compose_edits(before, step, acc, after)
        after = before
    return acc


def _merge(removals: Edits, repairs: Edits) -> Edits:
    """Add the *repairs* that touch no removal; both lists are ordered.

    In the result a removal goes before a repair with the same place.
    """
    if not len(removals):
        return repairs
    touching: list[int] = []
    k = 0
    rs, re_ = removals.starts, removals.ends
    for i in range(len(repairs)):
        start, end = repairs.starts[i], repairs.ends[i]
        while k < len(removals) and re_[k] < start:
            k += 1
        if k < len(removals) and rs[k] <= end:
            touching.append(i)
    out = Edits(removals.size)
    merge_kept(out, repairs, index_ranges(touching), by_place(removals))
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
