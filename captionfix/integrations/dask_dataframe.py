"""Dask DataFrames: clean a column partition by partition (extra ``dask``).

:func:`clean_partitions` is ``map_partitions`` with its ``meta`` declared: the
cleaned column is an Arrow-backed string, the records column an Arrow-backed
struct (``pd.ArrowDtype`` of :data:`captionfix.arrow.RECORDS_TYPE`), so a
partition goes from pandas to :func:`captionfix.arrow.clean_batch` and back
without Python dictionaries::

    import dask.dataframe as dd
    from distributed import Client, LocalCluster
    from captionfix.integrations.dask_dataframe import clean_partitions

    with LocalCluster(n_workers=4, threads_per_worker=1) as cluster, Client(cluster):
        df = dd.read_parquet("news/")
        clean_partitions(df).to_parquet("clean/")

Use one thread per worker process: ``clean()`` is pure Python and holds the GIL.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd
import pyarrow as pa

from captionfix.arrow import RECORDS_TYPE, clean_batch

if TYPE_CHECKING:
    import dask.dataframe as dd

    from captionfix.config import Config

__all__ = ["clean_pandas", "clean_partitions", "meta"]

_TEXT = pd.ArrowDtype(pa.string())
_RECORDS = pd.ArrowDtype(RECORDS_TYPE)


def clean_pandas(
    df: pd.DataFrame,
    column: str = "text",
    *,
    config: Config | None = None,
    records: str | None = "captionfix",
) -> pd.DataFrame:
    """Return a copy of *df* with *column* cleaned and the records in a column *records*.

    >>> df = pd.DataFrame({"text": ["Kirby said“We will.”", None]})
    >>> out = clean_pandas(df)
    >>> out["text"].tolist()
    ['Kirby said “We will.”', <NA>]
    >>> out["captionfix"].tolist()[0]["edits"][0]["rule"]
    'quotes'
    """
    rows = clean_batch(df[column], config=config)
    out = df.copy()
    out[column] = pd.Series(rows.field("text"), index=df.index, dtype=_TEXT)
    if records is not None:
        struct = pa.StructArray.from_arrays(
            [rows.field(i) for i in range(1, rows.type.num_fields)],
            fields=list(RECORDS_TYPE),
            mask=rows.is_null(),
        )
        out[records] = pd.Series(struct, index=df.index, dtype=_RECORDS)
    return out


def meta(
    df: pd.DataFrame | dd.DataFrame, column: str = "text", *, records: str | None = "captionfix"
) -> pd.DataFrame:
    """The empty frame that describes :func:`clean_pandas`'s output for *df* (``meta=``)."""
    empty = df._meta if hasattr(df, "_meta") else df.iloc[:0]  # noqa: SLF001  (dask's own meta)
    out = empty.copy()
    out[column] = pd.Series([], index=empty.index, dtype=_TEXT)
    if records is not None:
        out[records] = pd.Series([], index=empty.index, dtype=_RECORDS)
    return out


def clean_partitions(
    df: dd.DataFrame,
    column: str = "text",
    *,
    config: Config | None = None,
    records: str | None = "captionfix",
) -> dd.DataFrame:
    """Clean *column* of a Dask DataFrame, one partition at a time, with ``meta`` declared."""
    return df.map_partitions(
        clean_pandas,
        column,
        config=config,
        records=records,
        meta=meta(df, column, records=records),
    )
