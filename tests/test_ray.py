"""Ray: the Ray Data adapter and the datatrove step under RayPipelineExecutor, on a real cluster.

CI starts a local cluster (``ray start --head --num-cpus=2`` in ``.ci/run``)
and sets ``RAY_ADDRESS``; these tests connect to it as any driver would, so
the work runs in the cluster's worker processes.  Without ``RAY_ADDRESS`` (a
developer's machine) they start a local Ray of their own.
"""

from __future__ import annotations

import json
import os
import sys
import threading
from typing import TYPE_CHECKING, Any

import pytest

import captionfix

from .engines import require, sample_texts

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

ray = require("ray", "ray")
require("ray.data", "ray")
pa = require("pyarrow", "ray")
ray_data = pytest.importorskip("captionfix.integrations.ray_data")
arrow = pytest.importorskip("captionfix.arrow")

pytestmark = [
    # Ray Data's DataContext sets its own deprecated fields when it is created
    pytest.mark.filterwarnings(r"ignore::DeprecationWarning:ray\.data\.context"),
    # datatrove's RayPipelineExecutor still places its actors with the old options
    pytest.mark.filterwarnings(
        "ignore:placement_group parameter is deprecated:DeprecationWarning",
        "ignore:placement_group_bundle_index parameter is deprecated:DeprecationWarning",
    ),
]
HANG = 180  # seconds: a stuck executor fails the test instead of using up CI's time

# the helper stages below run in Ray's workers, which cannot import this test module
ray.cloudpickle.register_pickle_by_value(sys.modules[__name__])


@pytest.fixture(scope="module")
def cluster() -> Iterator[dict[str, Any]]:
    """A connection to the cluster of ``RAY_ADDRESS``, or a local Ray outside CI."""
    address = os.environ.get("RAY_ADDRESS")
    if not address and os.environ.get("CI"):
        pytest.fail("CI runs these tests on the cluster that .ci/run starts: RAY_ADDRESS is unset")
    if address:
        ray.init(address=address, log_to_driver=False)
    else:
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        yield ray.cluster_resources()
    finally:
        ray.shutdown()


def where(batch: pa.Table) -> pa.Table:
    """Tag each row with the process and Ray task that handled it."""
    context = ray.get_runtime_context()
    n = batch.num_rows
    return batch.append_column("pid", pa.array([os.getpid()] * n, pa.int64())).append_column(
        "task", pa.array([context.get_task_id()] * n, pa.string())
    )


def test_clean_dataset_runs_in_worker_processes(cluster: dict[str, Any]) -> None:
    assert cluster.get("CPU", 0) >= 2
    texts = sample_texts() * 4
    ds = ray.data.from_arrow(pa.table({"id": list(range(len(texts))), "text": texts}))
    ds = ds.repartition(8)
    out = ray_data.clean_dataset(ds, concurrency=2, batch_size=8)
    assert arrow.RECORDS_TYPE == out.schema().base_schema.field("captionfix").type
    rows = out.map_batches(where, batch_format="pyarrow", concurrency=2, batch_size=8).take_all()
    assert len(texts) == len(rows)
    expected = arrow.clean_batch(texts).to_pylist()
    for row in rows:
        want = expected[row["id"]]
        assert (want and want["text"]) == row["text"]
        assert (want and {k: v for k, v in want.items() if k != "text"}) == row["captionfix"]
    assert any(row["captionfix"] and row["captionfix"]["captions"] for row in rows)
    # the work ran in Ray tasks, in worker processes, not in this driver
    assert os.getpid() not in {row["pid"] for row in rows}
    assert all(row["task"] for row in rows)


def test_clean_dataset_options(cluster: dict[str, Any]) -> None:
    ds = ray.data.from_items([{"body": "Kirby said“We will.”"}])
    out = ray_data.clean_dataset(ds, "body", config=captionfix.Config(quotes=False), records=None)
    assert [{"body": "Kirby said“We will.”"}] == out.take_all()
    with pytest.raises(TypeError, match="batch_format"):
        ray_data.clean_dataset(ds, batch_format="pandas")


def test_datatrove_step_under_the_ray_executor(cluster: dict[str, Any], tmp_path: Path) -> None:
    """The datatrove step runs unchanged under datatrove's RayPipelineExecutor."""
    require("datatrove", "datatrove")
    from datatrove.executor.ray import RayPipelineExecutor  # noqa: PLC0415
    from datatrove.pipeline.readers import JsonlReader  # noqa: PLC0415
    from datatrove.pipeline.writers import JsonlWriter  # noqa: PLC0415

    from captionfix.integrations.datatrove import CaptionfixCleaner, records  # noqa: PLC0415

    from .test_datatrove import documents, expected_media, write_inputs  # noqa: PLC0415

    inputs = write_inputs(tmp_path / "in", documents())
    executor = RayPipelineExecutor(
        [
            JsonlReader(str(tmp_path / "in")),
            CaptionfixCleaner(media=True),
            JsonlWriter(str(tmp_path / "out"), compression=None),
        ],
        tasks=2,
        workers=2,
        cpus_per_task=1,
        mem_per_cpu_gb=0.5,
        logging_dir=str(tmp_path / "logs"),
    )
    # RayPipelineExecutor submits from a thread and waits for ever when that
    # thread fails (as it does when a warning is an error), so run it with a limit
    errors: list[BaseException] = []

    def run() -> None:
        try:
            executor.run()
        except BaseException as error:  # noqa: BLE001  (re-raised below)
            errors.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(HANG)
    assert not thread.is_alive(), f"RayPipelineExecutor did not finish in {HANG} s"
    if errors:
        raise errors[0]
    paths = sorted((tmp_path / "out").glob("*.jsonl"))
    assert 2 == len(paths)
    docs = [json.loads(line) for p in paths for line in p.read_text(encoding="utf-8").splitlines()]
    assert sorted(inputs) == sorted(d["id"] for d in docs)
    for doc in docs:
        result = captionfix.clean(inputs[doc["id"]])
        assert result.text == doc.get("text", "")
        assert records(result) == doc["metadata"]["captionfix"]
        assert expected_media(result, doc["id"]) == doc.get("media", [])
    stats = json.loads((tmp_path / "logs" / "stats.json").read_text(encoding="utf-8"))
    [step] = [s for s in stats if "captionfix" in s["name"]]
    results = [captionfix.clean(t) for t in inputs.values()]
    assert sum(len(r.edits) for r in results) == step["stats"]["edits"]["total"]
    assert sum(len(r.captions) for r in results) == step["stats"]["captions"]["total"]
