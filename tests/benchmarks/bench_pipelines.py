"""Throughput of the pipeline core and of Ray Data scaling (``docs/pipelines.md``).

Run from the project root, with the ``pipelines`` extra installed::

    .venv/bin/python tests/benchmarks/bench_pipelines.py            # the batch core, one core
    .venv/bin/python tests/benchmarks/bench_pipelines.py --ray      # and Ray 1 -> 2 workers

1. **The batch core**, pinned to one core: documents/s of a plain
   ``clean()`` loop, of ``clean()`` plus ``as_dict()`` (what a pipeline that
   keeps the records did before), of ``as_dict`` rows converted to Arrow,
   of :func:`captionfix.arrow.clean_batch`, and of
   :func:`captionfix.arrow.clean_table` on the same texts in an Arrow table
   (as Ray, ``datasets`` and Dask hand them over: decoded from UTF-8 and
   encoded back), on whole synthetic articles (``corpus_gen.py``) and on
   their paragraphs as short documents.  Each
   figure is the best (minimum) of several rounds of the process's CPU time
   (not wall time, which other work on a shared machine distorts); in each
   round the tools run in a rotated order, after one warm-up round.  Other
   work only ever adds time, so the minimum is the figure least disturbed by
   it.  Ratios are printed against the ``clean()`` + ``as_dict()`` loop and
   against the plain ``clean()`` loop, with the machine's load average.
2. **Ray scaling** (``--ray``): :func:`captionfix.integrations.ray_data.clean_dataset`
   over the articles with ``concurrency=1`` and ``concurrency=2`` on the
   cluster of ``RAY_ADDRESS`` or a local Ray of 2 CPUs, after a warm-up run,
   best wall time of 3.  Beside it, the control: the same articles cleaned
   by ``clean_batch`` in a ``multiprocessing`` pool of 1 and of 2 processes,
   which says how far two processes can scale on this machine at all.

Nothing here asserts a time; this file is not collected by pytest.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus_gen  # noqa: E402

import captionfix  # noqa: E402

if TYPE_CHECKING:
    from collections.abc import Callable

BATCH = 1000


def _pin() -> str:
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"pinned to core {core}"
    return "not pinned"


def _load() -> str:
    if hasattr(os, "getloadavg"):
        return "load average {:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    return "load average unknown"


def _table(texts: list[str]) -> Any:
    """*texts* as an Arrow table of one ``string`` column, in chunks of ``BATCH`` rows."""
    import pyarrow as pa  # noqa: PLC0415

    column = pa.array(texts, pa.string())
    chunks = [column.slice(i, BATCH) for i in range(0, len(texts), BATCH)]
    return pa.table({"text": pa.chunked_array(chunks, pa.string())})


def _batched(texts: list[str], fn: Callable[[list[str]], Any]) -> None:
    for i in range(0, len(texts), BATCH):
        fn(texts[i : i + BATCH])


def core(n_docs: int, rounds: int) -> None:
    import pyarrow as pa  # noqa: PLC0415

    from captionfix.arrow import RESULT_TYPE, clean_batch, clean_table  # noqa: PLC0415

    def loop(texts: list[str]) -> None:
        for t in texts:
            captionfix.clean(t)

    def loop_dict(texts: list[str]) -> None:
        for t in texts:
            captionfix.as_dict(captionfix.clean(t))

    def dict_arrow(texts: list[str]) -> None:
        def rows(batch: list[str]) -> Any:
            out = []
            for t in batch:
                r = captionfix.clean(t)
                out.append({**captionfix.as_dict(r), "changed": r.changed})
            return pa.array(out, RESULT_TYPE)

        _batched(texts, rows)

    def batch(texts: list[str]) -> None:
        _batched(texts, clean_batch)

    tables: dict[int, pa.Table] = {}

    def table(texts: list[str]) -> None:
        if id(texts) not in tables:  # the warm-up's slice: made here, not timed later
            tables[id(texts)] = _table(texts)
        clean_table(tables[id(texts)])

    tools = {
        "clean() loop": loop,
        "clean() + as_dict() loop": loop_dict,
        "as_dict() rows -> pa.array": dict_arrow,
        "clean_batch()": batch,
        "clean_table(), Arrow in": table,
    }
    articles = [d.text for d in corpus_gen.generate(n_docs)]
    paragraphs = [p for a in articles for p in a.split("\n\n") if p.strip()]
    tables.update({id(t): _table(t) for t in (articles, paragraphs)})
    print(f"build: {captionfix._build_kind()}; {_pin()}; batches of {BATCH}; {_load()}")
    labels = list(tools)
    for name, texts in (("articles", articles), ("paragraphs", paragraphs)):
        size = sum(len(t.encode()) for t in texts) / len(texts)
        for fn in tools.values():  # warm-up: imports, caches, the allocator's arenas
            fn(texts[:BATCH])
        times: dict[str, list[float]] = {k: [] for k in tools}
        for i in range(rounds):
            for label in labels[i % len(labels) :] + labels[: i % len(labels)]:
                start = time.process_time()
                tools[label](texts)
                times[label].append(time.process_time() - start)
        rates = {label: len(texts) / min(ts) for label, ts in times.items()}
        with_dict = rates["clean() + as_dict() loop"]
        plain = rates["clean() loop"]
        print(f"\n{name}: {len(texts)} documents of {size:.0f} bytes on average, best of {rounds}")
        print(f"  {'':28} {'docs/s':>9}   {'vs clean+as_dict':>16}   {'vs clean':>8}")
        for label, rate in rates.items():
            print(f"  {label:28} {rate:9.0f}   {rate / with_dict:15.3f}x   {rate / plain:7.3f}x")
    print(f"\nafter: {_load()}")


def _pool(ray: Any, workers: int) -> dict[str, Any]:
    """``map_batches`` arguments for *workers* tasks at a time (``compute`` from Ray 2.51)."""
    if hasattr(ray.data, "TaskPoolStrategy"):
        return {"compute": ray.data.TaskPoolStrategy(size=workers)}
    return {"concurrency": workers}


def ray_scaling(n_docs: int, rounds: int) -> None:
    import logging  # noqa: PLC0415
    import warnings  # noqa: PLC0415

    import pyarrow as pa  # noqa: PLC0415
    import ray  # noqa: PLC0415

    from captionfix.integrations.ray_data import clean_dataset  # noqa: PLC0415

    warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"ray\.data\.context")
    quiet = {"log_to_driver": False, "logging_level": logging.WARNING}
    if os.environ.get("RAY_ADDRESS"):
        ray.init(**quiet)
    else:
        ray.init(num_cpus=2, include_dashboard=False, **quiet)
    logging.getLogger("ray").setLevel(logging.WARNING)
    logging.getLogger("ray.data").setLevel(logging.ERROR)  # not the progress-bar notice
    ray.data.DataContext.get_current().enable_progress_bars = False
    texts = [d.text for d in corpus_gen.generate(n_docs)]
    ds = ray.data.from_arrow(pa.table({"text": texts})).repartition(32).materialize()
    logging.getLogger("ray.data").setLevel(logging.ERROR)  # Ray Data set its own on first use
    print(f"\nRay Data: {len(texts)} articles in 32 blocks, cluster {ray.cluster_resources()}")
    print(f"  {_load()}")
    clean_dataset(
        ds, **_pool(ray, 2)
    ).materialize()  # warm-up: workers started, captionfix imported
    rates = {}
    for workers in (1, 2):
        ts = []
        for _ in range(rounds):
            start = time.perf_counter()
            clean_dataset(ds, **_pool(ray, workers)).materialize()
            ts.append(time.perf_counter() - start)
        rates[workers] = len(texts) / min(ts)
        print(f"  concurrency={workers}: {rates[workers]:8.0f} docs/s")
    print(f"  scaling 1 -> 2 workers: {rates[2] / rates[1]:.2f}x")
    ray.shutdown()
    process_scaling(texts, rounds)


def _clean_chunk(texts: list[str]) -> int:
    from captionfix.arrow import clean_batch  # noqa: PLC0415

    return len(clean_batch(texts))


def process_scaling(texts: list[str], rounds: int) -> None:
    """The control for Ray's figure: plain processes, no engine."""
    import multiprocessing  # noqa: PLC0415

    chunks = [
        texts[i : i + len(texts) // 32 + 1] for i in range(0, len(texts), len(texts) // 32 + 1)
    ]
    print(f"\nmultiprocessing, the same {len(texts)} articles in {len(chunks)} chunks ({_load()})")
    rates = {}
    for workers in (1, 2):
        with multiprocessing.get_context("spawn").Pool(workers) as pool:
            pool.map(_clean_chunk, chunks[:workers])  # warm-up: captionfix imported
            ts = []
            for _ in range(rounds):
                start = time.perf_counter()
                pool.map(_clean_chunk, chunks, chunksize=1)
                ts.append(time.perf_counter() - start)
        rates[workers] = len(texts) / min(ts)
        print(f"  {workers} process{'es' if workers > 1 else ''}: {rates[workers]:8.0f} docs/s")
    print(f"  scaling 1 -> 2 processes: {rates[2] / rates[1]:.2f}x")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=1000, help="synthetic articles (1000)")
    parser.add_argument("--rounds", type=int, default=9, help="rounds per tool (9)")
    parser.add_argument("--ray", action="store_true", help="also measure Ray 1 -> 2 workers")
    parser.add_argument("--ray-docs", type=int, default=8000, help="articles for Ray (8000)")
    args = parser.parse_args(argv)
    if args.ray:  # before pinning: Ray's workers must not inherit one core
        ray_scaling(args.ray_docs, 3)
    core(args.docs, args.rounds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
