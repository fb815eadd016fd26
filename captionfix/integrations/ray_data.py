"""Ray Data: clean a dataset on one machine or a cluster (extra ``ray``).

:func:`clean_dataset` adds one ``map_batches`` stage over Arrow batches, each
cleaned by :func:`captionfix.arrow.clean_table`, so the text never goes
through pandas or Python dictionaries between Ray and captionfix::

    import ray
    from captionfix.integrations.ray_data import clean_dataset

    ds = ray.data.read_parquet("s3://bucket/news/")
    clean_dataset(ds, concurrency=8).write_parquet("s3://bucket/clean/")

Every worker needs captionfix installed (with the ``arrow`` extra): install
it on the cluster's nodes, or pass ``runtime_env={"pip": ["captionfix[arrow]"]}``.
This module is named ``ray_data`` so that it does not shadow ``ray``.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from captionfix.arrow import clean_table

if TYPE_CHECKING:
    import ray.data

    from captionfix.config import Config

__all__ = ["clean_dataset"]


def clean_dataset(
    ds: ray.data.Dataset,
    column: str = "text",
    *,
    config: Config | None = None,
    records: str | None = "captionfix",
    **map_batches_kwargs: Any,  # noqa: ANN401  (passed on to map_batches)
) -> ray.data.Dataset:
    """Return *ds* with *column* cleaned and the records in a column *records*.

    The result is lazy, as Ray datasets are.  *map_batches_kwargs* go to
    ``Dataset.map_batches``: ``concurrency`` (how many tasks at once),
    ``batch_size``, ``num_cpus``, ``memory``, ``runtime_env``...  The batch
    format is always ``"pyarrow"``.  The columns are those of
    :func:`captionfix.arrow.clean_table`: *column* a string, the *records*
    column a :data:`captionfix.arrow.RECORDS_TYPE` struct.  The work runs in
    Ray's worker processes, never in the driver.
    """
    if "batch_format" in map_batches_kwargs:
        msg = "clean_dataset() always maps Arrow batches: leave out batch_format"
        raise TypeError(msg)
    fn = partial(clean_table, column=column, config=config, records=records)
    return ds.map_batches(fn, batch_format="pyarrow", **map_batches_kwargs)
