"""Dask: ``map_partitions`` with ``meta``, on a real LocalCluster of worker processes."""

from __future__ import annotations

import os
import site
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

import captionfix

from .engines import require, sample_texts

if TYPE_CHECKING:
    from collections.abc import Iterator

dd = require("dask.dataframe", "dask")
distributed = require("distributed", "dask")
cloudpickle = require("cloudpickle", "dask")
pd = require("pandas", "dask")
pa = require("pyarrow", "dask")
dk = pytest.importorskip("captionfix.integrations.dask_dataframe")
arrow = pytest.importorskip("captionfix.arrow")

ROOT = Path(__file__).resolve().parents[1]

# the helper below runs in the workers, which cannot import this test module
cloudpickle.register_pickle_by_value(sys.modules[__name__])


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        # the workers unpickle references to this test package; the checkout goes
        # at the end of their path, so the captionfix they import stays the one
        # under test (conftest.py takes the checkout off the front of the path)
        client.run(site.addsitedir, str(ROOT))
        yield client


def with_pid(df: Any) -> Any:
    return df.assign(pid=os.getpid())


def frame() -> Any:
    texts = sample_texts()
    return pd.DataFrame({"id": range(len(texts)), "text": texts})


def test_clean_partitions_in_worker_processes(client: Any) -> None:
    ddf = dd.from_pandas(frame(), npartitions=4)
    out = dk.clean_partitions(ddf)
    assert ["id", "text", "captionfix"] == list(out.columns)
    assert pd.ArrowDtype(arrow.RECORDS_TYPE) == out.dtypes["captionfix"]
    result = out.map_partitions(with_pid, meta={**out.dtypes, "pid": "int64"}).compute()
    result = result.sort_values("id")
    # the declared meta is what the partitions hold
    assert out._meta.dtypes.to_dict() == result.drop(columns="pid").dtypes.to_dict()
    expected = arrow.clean_batch(sample_texts()).to_pylist()
    texts = [None if pd.isna(t) else t for t in result["text"]]
    assert [e and e["text"] for e in expected] == texts
    records = [None if r is pd.NA else r for r in result["captionfix"].tolist()]
    assert [e and {k: v for k, v in e.items() if k != "text"} for e in expected] == records
    assert any(r and r["captions"] for r in records)
    workers = set(client.run(os.getpid).values())
    assert set(result["pid"]) <= workers  # the work ran in the cluster's processes ...
    assert os.getpid() not in workers  # ... not in this one


def test_clean_pandas_options() -> None:
    df = pd.DataFrame({"body": ["Kirby said“We will.”"]}, index=[7])
    out = dk.clean_pandas(df, "body", config=captionfix.Config(quotes=False), records=None)
    assert ["body"] == list(out.columns)
    assert [7] == list(out.index)
    assert ["Kirby said“We will.”"] == out["body"].tolist()
    assert ["Kirby said“We will.”"] == df["body"].tolist()  # the input is left alone
    assert list(dk.meta(df, "body", records=None).columns) == list(out.columns)
