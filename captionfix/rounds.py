"""Whether another round of detection and quote repair could change a text.

The pipeline runs detection again on what a round left (removing a credit can
bare another one behind it; removing a caption can bring two copies of
another together); this module says when that is worth doing.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

from captionfix.detection.scan import Signal
from captionfix.rules.captions import copies_near
from captionfix.rules.credits.labels import line_hinted
from captionfix.rules.quotes import has_suspect_mark
from captionfix.textscan import nonblank_starts
from captionfix.vocab import vocabulary

if TYPE_CHECKING:
    from collections.abc import Sequence

    from captionfix.config import Config


def needs_another_look(
    text: str,
    points: Sequence[int],
    config: Config,
    looked: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset()),
) -> bool:
    r"""Whether another round of detection (and quote repair) could change *text*.

    *points* are the offsets in *text* where the last round changed it (in
    order, as the edits' places in the text they made are).  Every
    decision rests on a line and its neighbours, two non-blank lines either
    side at most (a caption beside its credit or label, two copies of a caption
    with a label between them), and the document-wide counts only shrink as
    lines go; so a new round can only find something near a change, and only
    if a line there holds a label hint or a signal, two lines there begin
    alike, or a changed line still holds a suspect quote mark.

    Whether a line holds a hint or signal depends on the line alone, so only
    the changed lines are tested; of the others, those *looked* at before
    count as its ``(inert, active)`` sets say: an inert line (looked at and
    found to hold no credit, label or counter) is plain prose to every
    decision, an active one counts.

    >>> from captionfix.config import Config
    >>> needs_another_look("A story.\n\nMore of it.", [9], Config())
    False
    >>> text = "A story.\n\nPhoto: Jane Roe/AP"
    >>> needs_another_look(text, [9], Config(), (frozenset(), frozenset({"Photo: Jane Roe/AP"})))
    True
    >>> needs_another_look(text, [12], Config())  # the credit line itself changed
    True
    """
    if not points:
        return False
    vocab = vocabulary(config.agencies)
    signal = Signal(vocab)
    n = len(text)

    # lines are known by where they begin; the text is not split into lines
    nonblank = nonblank_starts(text)
    changed: list[int] = []  # the lines that hold a point, in order
    end = -1  # where the last line found ends (its break, or the text's end)
    ordered = points if _ascending(points) else sorted(points)
    for p in ordered:
        if p > end:  # a point on a line break belongs to the line it ends
            changed.append(text.rfind("\n", 0, p) + 1)
            end = text.find("\n", p)
            end = n if end < 0 else end
    windows = []
    for c in changed:
        if has_suspect_mark(_line_at(text, c)):
            return True
        # two non-blank lines either side, found by bisection (a run of blank
        # lines left by many removals is not walked once per change)
        k = bisect_left(nonblank, c)
        after = k + (k < len(nonblank) and nonblank[k] == c)
        windows.append(sorted({*nonblank[max(0, k - 2) : k], c, *nonblank[after : after + 2]}))
    inert, active = looked
    fresh = set(changed)
    for i in {i for window in windows for i in window}:
        raw = _line_at(text, i)
        if raw in active:
            return True
        if i in fresh and raw not in inert:
            body = raw.strip()
            if body and (signal(body, raw) or line_hinted(raw, vocab)):
                return True
    keys: dict[str, str] = {}
    return any(copies_near([_line_at(text, i) for i in window], keys) for window in windows)


def _ascending(points: Sequence[int]) -> bool:
    return all(points[k - 1] <= points[k] for k in range(1, len(points)))


def _line_at(text: str, start: int) -> str:
    """The line of *text* that begins at *start*, without its break."""
    end = text.find("\n", start)
    return text[start : end if end >= 0 else len(text)]
