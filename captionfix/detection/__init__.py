"""Detection of captions, credits and widget labels: one shared pass over the lines.

The three rules ``captions``, ``credits`` and ``media_labels`` share one pass
because they lean on each other: a credit at the end of a short line makes
the line a caption; a caption printed twice is one record; a widget label
line (``Image caption``) says the next line is a caption.  The rules find
(``captionfix.rules``); :mod:`.scan` classifies lines with them,
:mod:`.decide` chooses the removals and :mod:`.assemble` makes the edits and
records, each edit tagged with its rule so each rule can be switched off.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from captionfix.detection.assemble import Detection, finish
from captionfix.detection.decide import Decider
from captionfix.detection.scan import scan_lines
from captionfix.vocab import vocabulary

if TYPE_CHECKING:
    from captionfix.config import Config

__all__ = ["Detection", "detect"]


def detect(text: str, config: Config) -> Detection:
    """Find captions, credits and widget labels in *text* (``\\n`` line ends expected)."""
    if not (config.captions or config.credits or config.media_labels):
        return Detection()
    vocab = vocabulary(config.agencies)
    pats = vocab.prefixes
    scanned = scan_lines(text, vocab, pats)
    decider = Decider(text, *scanned)
    found = finish(text, decider.run(), config)
    lines, info, classified, _, _ = scanned
    if not classified:
        return found
    inert = frozenset(
        lines.raw[i]
        for i in classified
        if info[i].kind == "prose"
        and info[i].credit is None
        and not info[i].inline
        and info[i].widget_end < 0
        and lines.raw[i].rstrip(" \r")[-1:] not in _ACTIVE_ENDS
    )
    active = frozenset(lines.raw[i] for i in classified) - inert
    return Detection(found.edits, found.captions, found.credits, found.capped, inert, active)


# A looked-at line that ends with a tab (a gallery thumbnail) or a digit (a
# counter or duration glued on) matters beside its neighbours even as prose.
_ACTIVE_ENDS: Final = frozenset("\t0123456789")
