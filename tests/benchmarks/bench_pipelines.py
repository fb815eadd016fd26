"""Throughput of the pipeline core and of Ray Data scaling (``docs/pipelines.md``).

Run from the project root, with the ``pipelines`` extra installed::

    .venv/bin/python tests/benchmarks/bench_pipelines.py            # the batch core, one core
    .venv/bin/python tests/benchmarks/bench_pipelines.py --ray      # and Ray 1 -> 2 workers

1. **The batch core**, pinned to one core: documents/s of a plain
   ``clean()`` loop, of ``clean()`` plus ``as_dict()`` (what a pipeline that
   keeps the records did before), of ``as_dict`` rows converted to Arrow,
   and of :func:`captionfix.arrow.clean_batch`, on whole synthetic articles
   (``corpus_gen.py``) and on their paragraphs as short documents.  Each
   figure is the median of several interleaved rounds of the process's CPU
   time (not wall time, which other work on a shared machine distorts);
   ratios are printed against the ``clean()`` + ``as_dict()`` loop.
2. **Ray scaling** (``--ray``): :func:`captionfix.integrations.ray_data.clean_dataset`
   over the articles with ``concurrency=1`` and ``concurrency=2`` on the
   cluster of ``RAY_ADDRESS`` or a local Ray of 2 CPUs, after a warm-up run.

Nothing here asserts a time; this file is not collected by pytest.
"""

from __future__ import annotations

import argparse
import os
import statistics
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


def _batched(texts: list[str], fn: Callable[[list[str]], Any]) -> None:
    for i in range(0, len(texts), BATCH):
        fn(texts[i : i + BATCH])


def core(n_docs: int, rounds: int) -> None:
    import pyarrow as pa  # noqa: PLC0415

    from captionfix.arrow import RESULT_TYPE, clean_batch  # noqa: PLC0415

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

    tools = {
        "clean() loop": loop,
        "clean() + as_dict() loop": loop_dict,
        "as_dict() rows -> pa.array": dict_arrow,
        "clean_batch()": batch,
    }
    articles = [d.text for d in corpus_gen.generate(n_docs)]
    paragraphs = [p for a in articles for p in a.split("\n\n") if p.strip()]
    print(f"build: {captionfix._build_kind()}; {_pin()}; batches of {BATCH}")
    for name, texts in (("articles", articles), ("paragraphs", paragraphs)):
        size = sum(len(t.encode()) for t in texts) / len(texts)
        times: dict[str, list[float]] = {k: [] for k in tools}
        for _ in range(rounds):
            for label, fn in tools.items():
                start = time.process_time()
                fn(texts)
                times[label].append(time.process_time() - start)
        base = len(texts) / statistics.median(times["clean() + as_dict() loop"])
        print(f"\n{name}: {len(texts)} documents of {size:.0f} bytes on average")
        for label, ts in times.items():
            rate = len(texts) / statistics.median(ts)
            print(f"  {label:28} {rate:9.0f} docs/s   {rate / base:5.2f}x")


def ray_scaling(n_docs: int, rounds: int) -> None:
    import warnings  # noqa: PLC0415

    import pyarrow as pa  # noqa: PLC0415
    import ray  # noqa: PLC0415

    from captionfix.integrations.ray_data import clean_dataset  # noqa: PLC0415

    warnings.filterwarnings("ignore", category=DeprecationWarning, module=r"ray\.data\.context")
    if os.environ.get("RAY_ADDRESS"):
        ray.init(log_to_driver=False)
    else:
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    texts = [d.text for d in corpus_gen.generate(n_docs)]
    ds = ray.data.from_arrow(pa.table({"text": texts})).repartition(32).materialize()
    print(f"\nRay Data: {len(texts)} articles in 32 blocks, cluster {ray.cluster_resources()}")
    clean_dataset(ds, concurrency=2).materialize()  # warm-up: workers started, captionfix imported
    rates = {}
    for workers in (1, 2):
        ts = []
        for _ in range(rounds):
            start = time.perf_counter()
            clean_dataset(ds, concurrency=workers).materialize()
            ts.append(time.perf_counter() - start)
        rates[workers] = len(texts) / statistics.median(ts)
        print(f"  concurrency={workers}: {rates[workers]:8.0f} docs/s")
    print(f"  scaling 1 -> 2 workers: {rates[2] / rates[1]:.2f}x")
    ray.shutdown()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=1000, help="synthetic articles (1000)")
    parser.add_argument("--rounds", type=int, default=5, help="rounds per tool (5)")
    parser.add_argument("--ray", action="store_true", help="also measure Ray 1 -> 2 workers")
    parser.add_argument("--ray-docs", type=int, default=8000, help="articles for Ray (8000)")
    args = parser.parse_args(argv)
    if args.ray:  # before pinning: Ray's workers must not inherit one core
        ray_scaling(args.ray_docs, 3)
    core(args.docs, args.rounds)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
