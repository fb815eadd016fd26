"""The Arrow core: ``clean_batch`` rows are ``as_dict`` plus ``changed``, with explicit types."""

from __future__ import annotations

import importlib.util
import json
import sys
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import captionfix

from .engines import ROOT, require, sample_texts
from .strategies import articles

pa = require("pyarrow", "arrow")
arrow = pytest.importorskip("captionfix.arrow")  # imports once pyarrow is there


def _corpus_gen() -> Any:
    spec = importlib.util.spec_from_file_location(
        "corpus_gen", ROOT / "tests" / "benchmarks" / "corpus_gen.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("corpus_gen", module)
    spec.loader.exec_module(module)
    return module


def synthetic_texts(n: int = 60) -> list[str]:
    """Synthetic articles of the benchmark corpus: uncredited captions, galleries, mojibake."""
    return [doc.text for doc in _corpus_gen().generate(n)]


def expected_row(text: str | None, config: captionfix.Config | None = None) -> Any:
    """The JSON form of ``clean(text)`` plus ``changed``: what an Arrow row must read as."""
    if text is None:
        return None
    result = captionfix.clean(text, config=config)
    return {**captionfix.as_dict(result), "changed": result.changed}


def assert_nulls_reach_down(values: Any, path: str = "row") -> None:
    """Under a null struct or list, every child value is null too, at every depth.

    So a column taken out with ``StructArray.field`` (which ignores the
    parent's validity) reads null where its row is null, as a flattened one does.
    """
    type_ = values.type
    if pa.types.is_struct(type_):
        for i, field in enumerate(type_):
            child = values.field(i)
            for valid, child_valid in zip(values.is_valid(), child.is_valid(), strict=True):
                assert valid.as_py() or not child_valid.as_py(), f"{path}.{field.name}"
            assert_nulls_reach_down(child, f"{path}.{field.name}")
    elif pa.types.is_list(type_):
        assert_nulls_reach_down(values.values, f"{path}[]")


def assert_rows_agree(texts: list[str | None], config: captionfix.Config | None = None) -> None:
    rows = arrow.clean_batch(texts, config=config)
    rows.validate(full=True)  # offsets, buffers and UTF-8 all checked
    assert_nulls_reach_down(rows)
    assert len(texts) == len(rows)
    for text, row in zip(texts, rows.to_pylist(), strict=True):
        expected = expected_row(text, config)
        if expected is None:
            assert row is None
            continue
        assert set(expected) == set(row)
        for field in expected:  # field by field, so a failure names the field
            assert expected[field] == row[field], field


def test_json_and_arrow_forms_agree_on_fixtures() -> None:
    """Every fixture input, each of its paragraphs, and edge cases (empty, null)."""
    texts = sample_texts()
    rows = [expected_row(t) for t in texts]
    assert any(r and r["captions"] for r in rows)  # the sample holds captions ...
    assert any(r and r["credits"] for r in rows)  # ... credits ...
    assert any(r and not r["changed"] for r in rows)  # ... and clean text
    assert None in texts
    # copies: a caption seen more than once, a credit printed more than once
    assert any(c["count"] > 1 for r in rows if r for c in r["captions"])
    assert any(len(c["spans"]) > 1 for r in rows if r for c in r["credits"])
    assert any(
        c["credit"] and len(c["credit"]["spans"]) > 1 for r in rows if r for c in r["captions"]
    )
    # changed without a caption, and a credit without a caption
    assert any(r and r["changed"] and not r["captions"] for r in rows)
    assert any(r and r["credits"] and not r["captions"] for r in rows)
    assert_rows_agree(texts)


def test_json_and_arrow_forms_agree_on_small_batches() -> None:
    """Empty, all null, all clean, nulls between records, one record-rich text alone."""
    texts = sample_texts()
    rich = max((t for t in texts if t), key=lambda t: len(captionfix.clean(t).edits))
    captioned = [t for t in texts if t and captionfix.clean(t).captions][:3]
    for batch in (
        [],
        [None],
        [None, None, None],
        [""],
        ["Clean prose.", "More clean prose."],
        [rich],
        [None, *captioned, None, "Clean.", None],
        [captioned[0], None, captioned[0]],  # the same text twice: records copied, not shared
    ):
        assert_rows_agree(batch)


def test_json_and_arrow_forms_agree_on_synthetic_articles() -> None:
    """Captions without a credit (a null struct inside a list) and many rules at once."""
    texts = synthetic_texts()
    rows = [expected_row(t) for t in texts]
    assert any(c["credit"] is None for r in rows for c in r["captions"])
    assert any(c["credit"] is not None for r in rows for c in r["captions"])
    assert_rows_agree(texts)


def test_json_and_arrow_forms_agree_on_capped_results() -> None:
    """``capped`` lists the rules the safety cap stopped; a config is passed through."""
    config = captionfix.Config(max_removed_share=0.01)
    texts = synthetic_texts(30)
    assert any(captionfix.clean(t, config=config).capped for t in texts)
    assert_rows_agree(texts, config)


@given(st.lists(st.one_of(st.none(), articles()), max_size=5))
def test_json_and_arrow_forms_agree_on_generated_articles(texts: list[str | None]) -> None:
    assert_rows_agree(texts)


def test_the_types_are_explicit() -> None:
    """An empty batch and a batch without records still carry the full types."""
    for texts in ([], [None], ["Clean prose."]):
        rows = arrow.clean_batch(texts)
        assert arrow.RESULT_TYPE == rows.type
    credit = arrow.CREDIT_TYPE
    assert pa.list_(pa.list_(pa.int64())) == credit.field("spans").type  # not fixed-size
    assert pa.int64() == arrow.CAPTION_TYPE.field("count").type
    assert credit == arrow.CAPTION_TYPE.field("credit").type
    names = [f.name for f in arrow.RESULT_TYPE]
    assert ["text", "changed", "captions", "credits", "edits", "capped"] == names
    assert names[1:] == [f.name for f in arrow.RECORDS_TYPE]


def test_nulls_pass_through() -> None:
    """A null text is a null row, and each field of it is null too (for flattened columns)."""
    rows = arrow.clean_batch(["Kirby said“We will.”", None, "ok"])
    assert [False, True, False] == [not v for v in rows.is_valid().to_pylist()]
    for name in ("text", "changed", "captions", "credits", "edits", "capped"):
        assert rows.field(name)[1].as_py() is None, name
    assert [True, None, False] == rows.field("changed").to_pylist()


def test_inputs_of_every_kind_give_the_same_rows() -> None:
    """Lists, iterators, Arrow columns of each string type, chunked, at an offset, pandas.

    From an Arrow column, the texts ``clean`` leaves alone are taken from the
    column as they are, and the others encoded: the rows must not tell.
    """
    texts = ["Kirby said“We will.”", None, "Clean.", ""]
    expected = arrow.clean_batch(texts).to_pylist()
    assert expected == arrow.clean_batch(iter(texts)).to_pylist()
    assert expected == arrow.clean_batch(tuple(texts)).to_pylist()
    for type_ in (pa.string(), pa.large_string(), pa.string_view()):
        assert expected == arrow.clean_batch(pa.array(texts, type_)).to_pylist()
    assert expected == arrow.clean_batch(pa.chunked_array([texts[:2], texts[2:]])).to_pylist()
    sliced = pa.array(["padding", *texts]).slice(1)  # an Arrow array at an offset
    rows = arrow.clean_batch(sliced)
    rows.validate(full=True)
    assert expected == rows.to_pylist()
    pd = require("pandas", "dask")
    assert expected == arrow.clean_batch(pd.Series(texts)).to_pylist()
    assert [None] * 3 == arrow.clean_batch(pa.nulls(3)).to_pylist()


def test_bad_inputs_are_refused() -> None:
    with pytest.raises(TypeError, match="column of strings"):
        arrow.clean_batch(pa.array([1, 2]))
    with pytest.raises(TypeError, match="one text"):
        arrow.clean_batch("one text")
    with pytest.raises(TypeError, match="takes str"):
        arrow.clean_batch([b"bytes"])


def test_clean_table_replaces_the_text_and_adds_the_records() -> None:
    texts = sample_texts()
    table = pa.table({"id": list(range(len(texts))), "text": texts})
    table = pa.concat_tables([table.slice(0, 10), table.slice(10)])  # two chunks
    out = arrow.clean_table(table)
    assert ["id", "text", "captionfix"] == out.column_names
    assert pa.string() == out.schema.field("text").type
    assert arrow.RECORDS_TYPE == out.schema.field("captionfix").type
    assert table["id"].to_pylist() == out["id"].to_pylist()
    assert 2 == out["captionfix"].num_chunks  # chunked as the input
    rows = arrow.clean_batch(texts).to_pylist()
    assert [r and r["text"] for r in rows] == out["text"].to_pylist()
    records = [r and {k: v for k, v in r.items() if k != "text"} for r in rows]
    assert records == out["captionfix"].to_pylist()


def test_clean_table_options() -> None:
    table = pa.table({"body": ["Kirby said“We will.”"], "captionfix": [1]})
    out = arrow.clean_table(table, "body", records=None)
    assert ["body", "captionfix"] == out.column_names
    assert [1] == out["captionfix"].to_pylist()  # left alone
    out = arrow.clean_table(table, "body")
    assert ["body", "captionfix"] == out.column_names  # replaced
    assert out["captionfix"][0]["changed"].as_py()
    off = arrow.clean_table(table, "body", config=captionfix.Config(quotes=False))
    assert ["Kirby said“We will.”"] == off["body"].to_pylist()
    with pytest.raises(KeyError, match="no column 'text'"):
        arrow.clean_table(table)


def test_the_arrow_form_survives_parquet_and_json(tmp_path: Any) -> None:
    """Written to Parquet and read back, the rows are unchanged; each is valid JSON."""
    pq = require("pyarrow.parquet", "arrow")
    texts = sample_texts()
    table = arrow.clean_table(pa.table({"text": texts}))
    pq.write_table(table, tmp_path / "out.parquet")
    back = pq.read_table(tmp_path / "out.parquet")
    assert table.schema == back.schema
    assert table.to_pylist() == back.to_pylist()
    json.dumps(back.to_pylist())
