"""Hugging Face ``datasets``: the map function in two processes and on an IterableDataset."""

from __future__ import annotations

from typing import Any

import pytest

import captionfix

from .engines import require, sample_texts

datasets = require("datasets", "datasets")
pa = require("pyarrow", "datasets")
hf = pytest.importorskip("captionfix.integrations.hf_datasets")
arrow = pytest.importorskip("captionfix.arrow")

BATCH = 4


def texts() -> list[str | None]:
    """The sample, behind a first batch with no captions, no credits and no edits."""
    return ["Clean prose.", "More clean prose.", None, "Still clean.", *sample_texts()]


def expected(text: str | None) -> dict[str, Any]:
    if text is None:
        return {"text": None, "captionfix": None}
    result = captionfix.clean(text)
    record = {"changed": result.changed, **captionfix.as_dict(result)}
    del record["text"]
    return {"text": result.text, "captionfix": record}


def dataset() -> Any:
    ts = texts()
    return datasets.Dataset.from_dict({"id": list(range(len(ts))), "text": ts})


def check(rows: list[dict[str, Any]]) -> None:
    ts = texts()
    assert len(ts) == len(rows)
    for i, (text, row) in enumerate(zip(ts, rows, strict=True)):
        want = expected(text)
        assert i == row["id"]
        assert want["text"] == row["text"]
        assert want["captionfix"] == row["captionfix"]
    assert any(row["captionfix"] and row["captionfix"]["captions"] for row in rows)


def test_features_are_the_arrow_types() -> None:
    base = datasets.Features({"id": datasets.Value("int64"), "text": datasets.Value("string")})
    schema = hf.features(base).arrow_schema
    assert ["id", "text", "captionfix"] == schema.names
    assert arrow.RECORDS_TYPE == schema.field("captionfix").type
    assert ["id", "text", "body"] == list(hf.features(base, column="body", records=None))


def test_clean_dataset_in_two_processes() -> None:
    """``num_proc=2``: each process cleans its shard through ``clean_table``."""
    out = hf.clean_dataset(dataset(), batch_size=BATCH, num_proc=2)
    assert hf.features(dataset().features) == out.features
    assert out.format["type"] is None  # the format the input had
    check(out.to_list())


def test_map_function_on_python_batches_in_two_processes() -> None:
    """The dict path: with the declared features a first batch without captions is no problem."""
    ds = dataset()
    out = ds.map(
        hf.map_function(),
        batched=True,
        batch_size=BATCH,
        num_proc=2,
        features=hf.features(ds.features),
    )
    assert arrow.RECORDS_TYPE == out.data.schema.field("captionfix").type
    check(out.to_list())


def test_iterable_dataset() -> None:
    """An IterableDataset is cleaned lazily, batch by batch, in both formats."""
    stream = dataset().to_iterable_dataset(num_shards=2)
    out = hf.clean_dataset(stream, batch_size=BATCH)
    assert isinstance(out, datasets.IterableDataset)
    check(list(out))
    mapped = stream.map(
        hf.map_function(), batched=True, batch_size=BATCH, features=hf.features(stream.features)
    )
    check(list(mapped))
    arrow_batches = list(out.with_format("arrow").iter(batch_size=BATCH))
    assert all(arrow.RECORDS_TYPE == b.schema.field("captionfix").type for b in arrow_batches)


def test_options_reach_the_map_function() -> None:
    ds = datasets.Dataset.from_dict({"body": ["Kirby said“We will.”"]})
    out = hf.clean_dataset(ds, "body", config=captionfix.Config(quotes=False), records="cf")
    assert ["body", "cf"] == out.column_names
    assert ["Kirby said“We will.”"] == out["body"]
    assert [False] == [r["changed"] for r in out["cf"]]
    plain = ds.map(hf.map_function("body", records=None), batched=True)
    assert ["body"] == plain.column_names
    assert ["Kirby said “We will.”"] == plain["body"]
