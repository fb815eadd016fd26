"""Configuration: one switch per rule, and the vocabulary extensions."""

from __future__ import annotations

import attrs

#: The rule names, in pipeline order.  Each is a ``bool`` field of :class:`Config`,
#: the ``rule`` of the edits it makes, and a heading of ``docs/rules.md``.
RULE_NAMES = ("encoding", "credits", "captions", "media_labels", "quotes", "whitespace")


def _tuple_of_str(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, (list, tuple, set, frozenset)):
        msg = "expected a sequence of strings"
        raise TypeError(msg)
    return tuple(str(v) for v in value)


@attrs.frozen(kw_only=True)
class Config:
    """What :func:`captionfix.clean` does.  Every rule is on by default.

    Make variants with :func:`attrs.evolve`::

        >>> import attrs
        >>> cfg = attrs.evolve(Config(), quotes=False)
        >>> cfg.quotes, cfg.captions
        (False, True)

    Attributes:
        encoding: repair mojibake, HTML entities and control characters (ftfy,
            behind a cheap gate; curly quotes are kept).
        credits: find photo credits, record them and remove them from the prose.
        captions: find photo captions (credited, labelled, duplicated, gallery),
            record them and remove them with their labels.
        media_labels: remove image-widget words (``Image caption``, ``Fullscreen``, ``1 of 38``).
        quotes: add the missing space at glued quotes and turn wrong-way
            closing quotes around.
        whitespace: the normal form of SPEC §4 (line endings, BOM, NFC,
            trailing spaces, blank-line runs, outer whitespace).
        agencies: extra agency vocabulary, one entry per string in the format of
            ``captionfix/data/agencies.txt``: ``Canonical name | variant | variant``.
        max_removed_share: the safety cap: a rule whose removals would take
            more than this share of a document's characters removes nothing,
            and is named in ``Result.capped``.

    """

    encoding: bool = True
    credits: bool = True
    captions: bool = True
    media_labels: bool = True
    quotes: bool = True
    whitespace: bool = True
    agencies: tuple[str, ...] = attrs.field(default=(), converter=_tuple_of_str)
    max_removed_share: float = 0.6

    @classmethod
    def none(cls) -> Config:
        """Return a config with every rule switched off (the identity).

        >>> Config.none().quotes
        False
        """
        return cls(**dict.fromkeys(RULE_NAMES, False))
