"""The plan of one detection pass made into ordered edits and merged records, under the cap.

A rule whose unsure removals would take an implausible share of a document
removes nothing and is named in ``Result.capped``.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING, Final

from captionfix.detection.decide import Plan  # noqa: TC001 - compiled code checks the type at run time
from captionfix.edits import make_edit
from captionfix.records import Caption, Credit, Edit, Span
from captionfix.rules.captions import CaptionIndex, caption_key
from captionfix.rules.credits.locate import FoundCredit  # noqa: TC001 - idem
from captionfix.rules.quotes import quote_edits
from captionfix.textscan import count_space
from captionfix.widgets import strip_widget_tail

if TYPE_CHECKING:
    from captionfix.config import Config


class Detection:
    """What the shared pass found, in offsets of the text it was shown (frozen).

    ``inert`` holds the lines (as printed) that were looked at closely and hold
    nothing a decision can use whatever stands beside them, ``active`` the other
    lines looked at closely (they hold a credit, label or counter); see
    :func:`needs_another_look`.
    """

    def __init__(  # noqa: PLR0913, PLR0917 - what a pass found
        self,
        edits: tuple[Edit, ...] = (),
        captions: tuple[Caption, ...] = (),
        credits: tuple[Credit, ...] = (),  # noqa: A002 - the field's name
        capped: tuple[str, ...] = (),
        inert: frozenset[str] = frozenset(),
        active: frozenset[str] = frozenset(),
    ) -> None:
        """Keep each field as given."""
        self.edits = edits
        self.captions = captions
        self.credits = credits
        self.capped = capped
        self.inert = inert
        self.active = active


_CAP_MIN_SIZE: Final = 500  # non-space characters; a shorter text may well be all caption


def _capped(
    text: str, removals: list[tuple[int, int, str]], sure: set[Span], limit: float
) -> list[str]:
    """The rules whose removals exceed *limit* of the text's non-space characters.

    Whitespace does not count (CRLF or LF, the verdict must be the same), and
    a text under ``_CAP_MIN_SIZE`` non-space characters is never capped.  The
    text's size is counted only as far as the verdict needs: usually a prefix
    a little longer than what the rules remove.
    """
    shares = dict.fromkeys(("captions", "credits", "media_labels"), 0)
    for s, e, rule in removals:
        if (s, e) not in sure:
            shares[rule] += e - s - count_space(text[s:e])
    top = max(shares.values())
    if not removals or (top <= 0 <= limit):
        return []
    if limit > 0:
        enough = max(_CAP_MIN_SIZE, top / limit)
        prefix = text[: int(enough * 1.25) + 64]
        if len(prefix) - count_space(prefix) >= enough:
            return []  # already the prefix is big enough for every rule
    size = len(text) - count_space(text)
    if size < _CAP_MIN_SIZE:
        return []
    return [rule for rule, share in shares.items() if share > limit * size]


def finish(text: str, plan: Plan, config: Config) -> Detection:
    """Turn the plan into ordered edits and merged records; apply switches and the cap."""
    enabled = {
        "captions": config.captions,
        "credits": config.credits,
        "media_labels": config.media_labels,
    }
    removals = sorted(plan.removals)
    # the safety cap, per rule: on a text long enough to be an article, a rule
    # that would remove most of it is more likely wrong than right
    capped = _capped(text, removals, plan.sure, config.max_removed_share)
    if capped:
        # a rule this far off means the page is not what the rules expect:
        # remove nothing at all, and say so
        return Detection(capped=tuple(capped))
    if config.credits and not config.captions:
        # the captions stay, but their credits still go (as credits)
        for _body, found, _span, _how in plan.captions:
            if found is not None:
                start = found.start - (text[found.start - 1 : found.start] in (" ", "\u00a0"))
                removals.append((start, found.end, "credits"))
        removals.sort()
    edits: list[Edit] = []
    pos = 0
    kept_spans: list[Span] = []
    for s, e, rule in removals:
        if not enabled[rule] or s < pos or e <= s:
            continue
        edits.append(make_edit(rule, text, s, e, ""))
        kept_spans.append((s, e))
        pos = e

    kept_starts = [s for s, _ in kept_spans]  # ordered and disjoint: found by bisection

    def removed(span: Span) -> bool:
        k = bisect_right(kept_starts, span[0]) - 1
        return k >= 0 and span[1] <= kept_spans[k][1]

    by_raw: dict[str, list[FoundCredit]] = {}
    for run in plan.credits:
        if removed((run.start, run.end)):
            for found in run.more or (run,):
                by_raw.setdefault(text[found.start : found.end], []).append(found)
    credit_records = {raw: _credit_record(raw, items) for raw, items in by_raw.items()}

    captions: list[Caption] = []
    index = CaptionIndex()
    for body, found, span, how in sorted(plan.captions, key=lambda c: c[2]):
        if not removed(span):
            continue
        norm = caption_key(strip_widget_tail(body))
        own = found.more[-1] if found and found.more else found
        credit = credit_records.get(text[own.start : own.end]) if own else None
        hit = index.match(norm)
        if hit is None:
            index.file(norm, len(captions))
            captions.append(Caption(_clean_caption(body), credit, (span,), 1, how))
            continue
        old = captions[hit]
        best = body if len(caption_key(body)) > len(caption_key(old.text)) else old.text
        if len(norm) > len(index.origin[hit]):
            index.file(norm, hit)
        fuller = old.credit
        if credit is not None and (fuller is None or len(credit.raw) > len(fuller.raw)):
            fuller = credit  # copies of a caption: keep the fullest credit printed with them
        captions[hit] = Caption(
            _clean_caption(best), fuller, (*old.spans, span), old.count + 1, old.rule
        )
    return Detection(
        tuple(edits),
        tuple(captions),
        tuple(sorted(credit_records.values(), key=lambda c: c.spans[0])),
        tuple(capped),
    )


def _clean_caption(body: str) -> str:
    body = strip_widget_tail(" ".join(body.split()))
    return quote_edits(body).apply(body)


def _credit_record(raw: str, items: list[FoundCredit]) -> Credit:
    p = items[0].parsed
    return Credit(
        raw.strip(),
        p.creators,
        p.agencies,
        p.distributors,
        p.flags,
        tuple((f.start, f.end) for f in items),
    )
