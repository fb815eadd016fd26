"""The datatrove step, run by datatrove's own executor in worker processes, with real writers."""

from __future__ import annotations

import json
from collections import Counter
from typing import TYPE_CHECKING, Any

import pytest

import captionfix

from .engines import require, sample_texts

if TYPE_CHECKING:
    from pathlib import Path

require("datatrove", "datatrove")
pa = require("pyarrow", "datatrove")
pq = require("pyarrow.parquet", "datatrove")
dt = pytest.importorskip("captionfix.integrations.datatrove")

from datatrove.executor import LocalPipelineExecutor  # noqa: E402
from datatrove.pipeline.readers import JsonlReader  # noqa: E402
from datatrove.pipeline.writers import JsonlWriter, ParquetWriter  # noqa: E402


def write_inputs(folder: Path, texts: list[str], files: int = 2) -> dict[str, str]:
    """Write *texts* as JSON Lines over *files* files, each starting with a clean document.

    The clean first document is the case where datatrove's ParquetWriter, left
    to infer its schema, cannot write the captions that come later.
    """
    folder.mkdir()
    by_id = {}
    for f in range(files):
        lines = [{"id": f"{f}-clean", "text": "Clean prose.", "source": "wire"}]
        lines += [
            {"id": f"{f}-{i}", "text": t, "source": "wire"}
            for i, t in enumerate(texts)
            if i % files == f
        ]
        by_id.update({line["id"]: line["text"] for line in lines})
        (folder / f"part-{f}.jsonl").write_text(
            "".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8"
        )
    return by_id


def documents() -> list[str]:
    """The sample texts that datatrove's reader keeps (it drops empty ones)."""
    return [t for t in sample_texts() if t]


def expected_media(result: captionfix.Result, doc_id: str) -> list[dict[str, Any]]:
    return [
        {
            "id": f"{doc_id}/caption/{i}",
            "type": 0,
            "url": "",
            "alt": c.text,
            "path": None,
            "offset": None,
            "length": None,
            "media_bytes": None,
            "metadata": {
                "credit": c.credit.raw if c.credit else None,
                "rule": c.rule,
                "count": c.count,
            },
        }
        for i, c in enumerate(result.captions)
    ]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One run of JsonlReader → CaptionfixCleaner → JSONL and Parquet writers, 2 tasks on 2 workers."""
    tmp = tmp_path_factory.mktemp("datatrove")
    inputs = write_inputs(tmp / "in", documents())
    schema = dt.parquet_schema(
        media=True,
        metadata=[pa.field("source", pa.string()), pa.field("file_path", pa.string())],
    )
    executor = LocalPipelineExecutor(
        [
            JsonlReader(str(tmp / "in")),
            dt.CaptionfixCleaner(media=True),
            JsonlWriter(str(tmp / "jsonl"), compression=None),
            ParquetWriter(str(tmp / "parquet"), schema=schema),
        ],
        tasks=2,
        workers=2,
        logging_dir=str(tmp / "logs"),
    )
    executor.run()
    return {"tmp": tmp, "inputs": inputs, "schema": schema}


def test_jsonl_output_holds_the_clean_text_records_and_media(run: dict[str, Any]) -> None:
    tmp, inputs = run["tmp"], run["inputs"]
    docs = [
        json.loads(line)
        for path in sorted((tmp / "jsonl").glob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
    ]
    assert 2 == len(list((tmp / "jsonl").glob("*.jsonl")))  # one file per task
    assert sorted(inputs) == sorted(d["id"] for d in docs)
    with_captions = 0
    for doc in docs:
        result = captionfix.clean(inputs[doc["id"]])
        assert result.text == doc.get("text", "")  # the writer leaves out empty fields
        assert dt.records(result) == doc["metadata"]["captionfix"]
        assert "wire" == doc["metadata"]["source"]  # the reader's metadata is kept
        assert expected_media(result, doc["id"]) == doc.get("media", [])
        with_captions += bool(result.captions)
    assert with_captions


def test_parquet_output_has_the_declared_schema_and_the_same_rows(run: dict[str, Any]) -> None:
    tmp, inputs = run["tmp"], run["inputs"]
    paths = sorted((tmp / "parquet").glob("*.parquet"))
    assert 2 == len(paths)
    table = pa.concat_tables([pq.read_table(p) for p in paths])
    assert run["schema"] == table.schema
    assert sorted(inputs) == sorted(table["id"].to_pylist())
    for row in table.to_pylist():
        result = captionfix.clean(inputs[row["id"]])
        assert result.text == (row["text"] or "")
        assert dt.records(result) == row["metadata"]["captionfix"]
        assert expected_media(result, row["id"]) == (row["media"] or [])


def test_stats_count_what_was_done(run: dict[str, Any]) -> None:
    """The step's counters, merged over both tasks, are the totals of the records."""
    results = [captionfix.clean(t) for t in run["inputs"].values()]
    stats = json.loads((run["tmp"] / "logs" / "stats.json").read_text(encoding="utf-8"))
    [step] = [s for s in stats if "captionfix" in s["name"]]
    # datatrove saves a counter updated once as its bare total
    totals = {k: v["total"] if isinstance(v, dict) else v for k, v in step["stats"].items()}
    per_rule = Counter(e.rule for r in results for e in r.edits)
    assert sum(r.changed for r in results) == totals["changed"]
    assert sum(len(r.captions) for r in results) == totals["captions"]
    assert sum(len(r.credits) for r in results) == totals["credits"]
    assert sum(per_rule.values()) == totals["edits"]
    for rule, count in per_rule.items():
        assert count == totals[f"edits_{rule}"]
    assert len(results) == step["stats"]["captions"]["n"]  # one update per document


def test_media_is_filled_only_when_asked() -> None:
    from datatrove.data import Document  # noqa: PLC0415

    text = "Crowds in Paris. (AP Photo/Evan Vucci)\n\nThe talks go on."
    [plain] = dt.CaptionfixCleaner().run([Document(text, id="a")])
    assert [] == plain.media
    assert ["Crowds in Paris."] == [c["text"] for c in plain.metadata["captionfix"]["captions"]]
    config = captionfix.Config(captions=False, credits=False)
    [off] = dt.CaptionfixCleaner(config, metadata_key="cf", media=True).run(
        [Document(text, id="b")]
    )
    assert [] == off.media
    assert [] == off.metadata["cf"]["captions"]
