"""Placeholder: replaced by the caption/credit detector."""

from __future__ import annotations

import attrs

from captionfix.config import Config
from captionfix.records import Caption, Credit, Edit


@attrs.frozen
class Detection:
    edits: tuple[Edit, ...] = ()
    captions: tuple[Caption, ...] = ()
    credits: tuple[Credit, ...] = ()
    capped: tuple[str, ...] = ()


def detect(text: str, config: Config) -> Detection:
    return Detection()
