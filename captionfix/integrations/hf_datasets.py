"""Hugging Face ``datasets``: a batched map function and its features (extra ``datasets``).

>>> import datasets
>>> from captionfix.integrations.hf_datasets import clean_dataset
>>> ds = datasets.Dataset.from_dict({"text": ["Kirby said“We will.”", "Clean."]})
>>> out = clean_dataset(ds)
>>> out[0]["text"], out[0]["captionfix"]["edits"][0]["rule"], out[1]["captionfix"]["changed"]
('Kirby said “We will.”', 'quotes', False)

:func:`clean_dataset` runs ``map`` in Arrow format, so the batches go through
:func:`captionfix.arrow.clean_table` with no Python dictionaries.  To call
``map`` yourself, pass :func:`map_function` and :func:`features`::

    ds.map(map_function(), batched=True, features=features(ds.features))

The features declare the list-of-struct fields with ``List``: without them,
``datasets`` infers the types from the first batch, and a batch without
captions gives ``list<null>``, which later batches cannot be written into.
This module is named ``hf_datasets`` so that it does not shadow ``datasets``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

import datasets
import pyarrow as pa
from datasets import Features, List, Value

from captionfix.arrow import clean_batch, clean_table

if TYPE_CHECKING:
    from collections.abc import Mapping

    from captionfix.config import Config

__all__ = ["CleanBatch", "clean_dataset", "features", "map_function", "records_feature"]

_D = TypeVar("_D", "datasets.Dataset", "datasets.IterableDataset")


def _credit() -> dict[str, Any]:
    return {
        "raw": Value("string"),
        "creators": List(Value("string")),
        "agencies": List(Value("string")),
        "distributors": List(Value("string")),
        "flags": List(Value("string")),
        "spans": List(List(Value("int64"))),
    }


def records_feature() -> dict[str, Any]:
    """The feature of the records column: :data:`captionfix.arrow.RECORDS_TYPE` for ``datasets``.

    >>> sorted(records_feature())
    ['capped', 'captions', 'changed', 'credits', 'edits']
    """
    return {
        "changed": Value("bool"),
        "captions": List(
            {
                "text": Value("string"),
                "credit": _credit(),
                "spans": List(List(Value("int64"))),
                "count": Value("int64"),
                "rule": Value("string"),
            }
        ),
        "credits": List(_credit()),
        "edits": List(
            {
                "rule": Value("string"),
                "start": Value("int64"),
                "end": Value("int64"),
                "replacement": Value("string"),
                "before": Value("string"),
            }
        ),
        "capped": List(Value("string")),
    }


def features(
    base: Features | None = None, *, column: str = "text", records: str | None = "captionfix"
) -> Features:
    """The features after cleaning: *base*'s, with *column* a string and the *records* column.

    >>> f = features(Features({"id": Value("int64"), "text": Value("string")}))
    >>> list(f)
    ['id', 'text', 'captionfix']
    >>> f["captionfix"]["captions"].feature["rule"]
    Value('string')
    """
    out = Features(base or {})
    out[column] = Value("string")
    if records is not None:
        out[records] = records_feature()
    return out


class CleanBatch:
    """The batched map function: cleans *column*, adds the *records* column.

    Called with an Arrow table (a dataset in ``"arrow"`` format) it returns the
    table from :func:`captionfix.arrow.clean_table`; called with a dict of
    lists (the default format) it returns ``{column: texts, records: [dict]}``,
    which ``datasets`` merges into the batch.  Picklable, for ``num_proc``.
    """

    def __init__(
        self,
        column: str = "text",
        *,
        config: Config | None = None,
        records: str | None = "captionfix",
    ) -> None:
        """Keep the options."""
        self.column = column
        self.config = config
        self.records = records

    def __call__(self, batch: pa.Table | Mapping[str, Any]) -> pa.Table | dict[str, list[Any]]:
        """Clean one batch."""
        if isinstance(batch, pa.Table):
            return clean_table(batch, self.column, config=self.config, records=self.records)
        rows = clean_batch(batch[self.column], config=self.config)
        out: dict[str, list[Any]] = {self.column: rows.field("text").to_pylist()}
        if self.records is not None:
            records = pa.StructArray.from_arrays(
                [rows.field(i) for i in range(1, rows.type.num_fields)],
                fields=list(rows.type)[1:],
                mask=rows.is_null(),
            )
            out[self.records] = records.to_pylist()
        return out


def map_function(
    column: str = "text", *, config: Config | None = None, records: str | None = "captionfix"
) -> CleanBatch:
    """The function to pass to ``Dataset.map(..., batched=True)``: a :class:`CleanBatch`."""
    return CleanBatch(column, config=config, records=records)


def clean_dataset(
    ds: _D,
    column: str = "text",
    *,
    config: Config | None = None,
    records: str | None = "captionfix",
    **map_kwargs: Any,  # noqa: ANN401  (passed on to map)
) -> _D:
    """Clean *column* of a ``Dataset`` or ``IterableDataset``; *map_kwargs* go to ``map``.

    ``map`` runs batched in Arrow format with the :func:`features` of the
    result; the dataset comes back in the format *ds* had.  Pass
    ``num_proc=N`` (a ``Dataset``) to clean in *N* processes.
    """
    if isinstance(ds, datasets.IterableDataset):
        # IterableDataset has no public accessor for its format type
        fmt = getattr(getattr(ds, "_formatting", None), "format_type", None)
        kwargs: dict[str, Any] = {}
    else:
        fmt, kwargs = ds.format["type"], ds.format["format_kwargs"]
    base = ds.features
    out = ds.with_format("arrow").map(
        CleanBatch(column, config=config, records=records),
        batched=True,
        features=None if base is None else features(base, column=column, records=records),
        **map_kwargs,
    )
    return out.with_format(fmt, **kwargs)
