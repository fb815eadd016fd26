"""Throughput and memory benchmark of captionfix against its peers (SPEC §6).

Run from the project root::

    .venv/bin/python tests/benchmarks/bench.py                  # full run (a few minutes)
    .venv/bin/python tests/benchmarks/bench.py --quick          # under 60 s
    .venv/bin/python tests/benchmarks/bench.py --corpus ../shared/corpus/real
    .venv/bin/python tests/benchmarks/bench.py --profile        # where clean() spends its time
    .venv/bin/python tests/benchmarks/bench.py --write DIR      # save the corpus as .txt files

What it does, in one process, pinned to one core:

1. builds the seeded synthetic corpus of ``corpus_gen.py`` (or reads ``--corpus``);
2. times a full pass of each tool over the corpus (``captionfix.clean`` with the
   default config, ``ftfy.fix_text`` default, ``ftfy.fix_text`` keeping quotes,
   clean-text with news-friendly options, textacy's quote+whitespace pipeline),
   the tools interleaved round by round, and reports the median of the rounds as
   MB/s (UTF-8 bytes in), documents/s and the throughput ratio to ``ftfy.fix_text``;
3. runs the command line (``python -m captionfix``) for peak memory on JSON Lines
   at 1x and 4x the corpus size, and wall time with ``-j 1`` and ``-j 2``; a CLI
   that does not support a flag yet is reported as "not available", never fatal.

The last line of standard output is always ``clean() vs ftfy.fix_text: N.Nx``.
Peers are optional (``pip install -r tests/benchmarks/requirements.txt``); a
missing one is reported as "not installed".  This file is not a test: pytest
does not collect ``tests/benchmarks`` and nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import logging
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import corpus_gen  # noqa: E402

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

TARGET = 15.0
STRETCH = 25.0
QUICK_DEADLINE = 55.0  # seconds from start: --quick stops starting CLI runs after this
QUICK_TIMING_BUDGET = 30.0  # seconds for the timed rounds of --quick, sanity pass included

# The CLI invocations, kept here so they are easy to adjust to the CLI as it lands
# (--cli replaces the command itself, e.g. --cli ".venv/bin/captionfix").
CLI = [sys.executable, "-m", "captionfix"]


def cli_jsonl_args(src: Path, out: Path) -> list[str]:
    """Arguments that stream a JSON Lines file through the CLI."""
    return ["--format", "jsonl", "--field", "text", "-o", str(out), str(src)]


def cli_folder_args(src: Path, out: Path, jobs: int) -> list[str]:
    """Arguments that clean a folder of .txt files with *jobs* workers."""
    return ["-j", str(jobs), "--format", "jsonl", "-o", str(out), str(src)]


# ---------------------------------------------------------------------------
# corpus


@dataclass
class Corpus:
    """The texts to run over, and what is known about them."""

    name: str
    texts: list[str]
    clean: list[bool] | None = None  # per text: True when it has nothing to remove
    note: str = ""

    @property
    def nbytes(self) -> int:
        """UTF-8 size of all texts."""
        return sum(len(t.encode("utf-8")) for t in self.texts)


def synthetic(n_docs: int, seed: int) -> Corpus:
    """The seeded synthetic corpus of ``corpus_gen``."""
    docs = corpus_gen.generate(n_docs, seed)
    return Corpus(
        f"synthetic (seed {seed})",
        [d.text for d in docs],
        [d.clean for d in docs],
        corpus_gen.summary(docs),
    )


def _is_gold(path: Path) -> bool:
    # the scorer's gold outputs (NNN.expected.txt, NNN.expected_max.txt) are not inputs
    return ".expected" in path.name


def read_corpus(path: Path, field_name: str) -> Corpus:
    """Read .txt files and .jsonl records (their *field_name*) from a folder or one file."""
    if path.is_dir():
        files = sorted(
            p
            for p in path.rglob("*")
            if p.is_file() and p.suffix in {".txt", ".jsonl"} and not _is_gold(p)
        )
    else:
        files = [path]
    texts: list[str] = []
    bad = 0
    for f in files:
        if f.suffix == ".jsonl":
            with f.open(encoding="utf-8", errors="replace") as fh:
                for line in fh:
                    if not line.strip():
                        continue
                    try:
                        value = json.loads(line)[field_name]
                    except (ValueError, KeyError, TypeError):
                        bad += 1
                        continue
                    if isinstance(value, str):
                        texts.append(value)
        else:
            data = f.read_bytes()
            try:
                texts.append(data.decode("utf-8"))
            except UnicodeDecodeError:
                bad += 1
                texts.append(data.decode("utf-8", errors="replace"))
    if not texts:
        msg = f"no .txt files or .jsonl records with field {field_name!r} in {path}"
        raise SystemExit(msg)
    note = f"{len(texts)} documents from {len(files)} files"
    if bad:
        note += f" ({bad} undecodable or malformed, replaced or skipped)"
    return Corpus(str(path), texts, None, note)


# ---------------------------------------------------------------------------
# the tools


@dataclass
class Tool:
    """One function timed over the corpus."""

    name: str
    fn: Callable[[str], object]
    version: str = ""
    times: list[float] = field(default_factory=list)
    error: str = ""
    texts: list[str] | None = None  # its own share of the corpus (the fast-path rows)


def _version(dist: str) -> str:
    """``"dist version"``, e.g. ``"ftfy 6.3.1"``."""
    try:
        return f"{dist} {metadata.version(dist)}"
    except metadata.PackageNotFoundError:
        return f"{dist} ?"


@contextlib.contextmanager
def _quiet() -> Iterator[None]:
    """Silence import-time warnings and log lines of peers."""
    root = logging.getLogger()  # clean-text logs a licence note on the root logger
    level = root.level
    root.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        root.setLevel(level)


def make_tools() -> tuple[list[Tool], list[str]]:
    """Return the tools that import, and a line for each peer that does not."""
    import ftfy  # noqa: PLC0415

    import captionfix  # noqa: PLC0415

    tools = [
        Tool(
            "captionfix.clean (default)",
            captionfix.clean,
            f"{_version('captionfix')} ({captionfix._build_kind()})",
        ),
        Tool("ftfy.fix_text (default)", ftfy.fix_text, _version("ftfy")),
        Tool(
            "ftfy.fix_text (uncurl_quotes=False)",
            lambda t: ftfy.fix_text(t, uncurl_quotes=False),
            _version("ftfy"),
        ),
    ]
    missing: list[str] = []
    try:
        with _quiet():
            import cleantext  # noqa: PLC0415
    except ImportError:
        missing.append("clean-text: not installed")
    else:
        news = {
            "fix_unicode": True,
            "to_ascii": False,
            "lower": False,
            "no_urls": False,
            "no_emails": False,
            "no_phone_numbers": False,
            "no_numbers": False,
            "no_digits": False,
            "no_currency_symbols": False,
            "no_punct": False,
            "lang": "en",
        }
        tools.append(
            Tool(
                "clean-text clean (news options)",
                lambda t: cleantext.clean(t, **news),
                _version("clean-text"),
            )
        )
    try:
        with _quiet():
            from textacy import preprocessing  # noqa: PLC0415
    except ImportError:
        missing.append("textacy: not installed")
    else:
        pipe = preprocessing.make_pipeline(
            preprocessing.normalize.quotation_marks, preprocessing.normalize.whitespace
        )
        tools.append(Tool("textacy quotes+whitespace", pipe, _version("textacy")))
    return tools, missing


# ---------------------------------------------------------------------------
# timing


def _pass(fn: Callable[[str], object], texts: list[str]) -> float:
    gc.collect()
    t0 = time.perf_counter()
    for t in texts:
        fn(t)
    return time.perf_counter() - t0


def warm_up(tools: list[Tool], texts: list[str]) -> float:
    """Run every tool once over the first 100 texts; return their summed seconds per text.

    The warm-up compiles regexes and loads vocabularies; its time is not a round.
    """
    total = 0.0
    for tool in tools:
        own = tool.texts if tool.texts is not None else texts
        warm = own[: min(len(own), 100)]
        _timed(tool, warm)
        total += sum(tool.times) / max(len(warm), 1)
        tool.times.clear()
    return total


def _fit_budget(corpus: Corpus, per_doc: float, repeats: int, budget: float) -> str:
    """Cut the corpus so that the rounds (and the sanity pass) fit in *budget* seconds."""
    projected = per_doc * len(corpus.texts) * (repeats + 1)
    keep = max(30, int(budget / (per_doc * (repeats + 1)))) if projected > budget else 0
    if not keep or keep >= len(corpus.texts):
        return ""
    note = (
        f"note: corpus cut to its first {keep} of {len(corpus.texts)} documents to keep "
        f"--quick under a minute (projected {projected:.0f} s of rounds)"
    )
    corpus.texts = corpus.texts[:keep]
    if corpus.clean is not None:
        corpus.clean = corpus.clean[:keep]
    return note


def time_tools(tools: list[Tool], texts: list[str], repeats: int) -> None:
    """Time *repeats* interleaved rounds of full passes (after :func:`warm_up`).

    Round r runs the tools in rotated order (A B C, B C A, C A B, ...) so that
    no tool always runs right after the same neighbour.
    """
    for r in range(repeats):
        live = [t for t in tools if not t.error]
        if not live:
            return
        k = r % len(live)
        for tool in live[k:] + live[:k]:
            _timed(tool, tool.texts if tool.texts is not None else texts)


def _timed(tool: Tool, texts: list[str]) -> None:
    """Time one pass of *tool*; a failure marks the tool instead of ending the run."""
    try:
        tool.times.append(_pass(tool.fn, texts))
    except Exception as exc:  # noqa: BLE001 - a peer's failure is reported, not fatal
        tool.error = f"{type(exc).__name__}: {exc}"


@dataclass
class Row:
    """One line of the table."""

    name: str
    seconds: float  # median
    spread: tuple[float, float]
    mbps: float
    docs: float
    ratio: float | None


def rows(tools: list[Tool], nbytes: int, ndocs: int, base: float | None) -> list[Row]:
    """Medians and ratios; *base* is the median seconds of ``ftfy.fix_text``."""
    out = []
    for t in tools:
        if not t.times:
            continue
        med = statistics.median(t.times)
        out.append(
            Row(
                t.name,
                med,
                (min(t.times), max(t.times)),
                nbytes / 1e6 / med,
                ndocs / med,
                base / med if base else None,
            )
        )
    return out


def print_table(table: list[Row], title: str) -> None:
    """Print the rows under a header."""
    print(f"\n{title}")
    head = f"  {'tool':<38}{'MB/s':>9}{'docs/s':>10}{'vs ftfy':>9}{'median s':>10}{'min-max s':>15}"
    print(head)
    print("  " + "-" * (len(head) - 2))
    for r in table:
        ratio = f"{r.ratio:.1f}x" if r.ratio is not None else "-"
        spread = f"{r.spread[0]:.3f}-{r.spread[1]:.3f}"
        print(
            f"  {r.name:<38}{r.mbps:>9.2f}{r.docs:>10.0f}{ratio:>9}{r.seconds:>10.3f}{spread:>15}"
        )


def sanity(corpus: Corpus) -> str:
    """What clean() did to the corpus: a check that the speed is not bought by doing nothing."""
    import captionfix  # noqa: PLC0415

    changed_dirty = changed_clean = n_dirty = n_clean = changed = 0
    captions = n_credits = 0
    for i, text in enumerate(corpus.texts):
        r = captionfix.clean(text)
        captions += len(r.captions)
        n_credits += len(r.credits)
        # the normal form alone (line ends, BOM, outer whitespace) is not a change here
        same = r.text == text.replace("\r\n", "\n").lstrip("\ufeff").strip()
        changed += not same
        if corpus.clean is None:
            continue
        if corpus.clean[i]:
            n_clean += 1
            changed_clean += not same
        else:
            n_dirty += 1
            changed_dirty += not same
    n = len(corpus.texts)
    if corpus.clean is None:
        head = f"clean() changed {changed / n:.1%} of the documents"
    else:
        head = (
            f"clean() changed {changed_dirty / max(n_dirty, 1):.1%} of the articles with "
            f"artefacts and {changed_clean / max(n_clean, 1):.1%} of the clean ones"
        )
    return f"{head}; {captions} caption and {n_credits} credit records"


# ---------------------------------------------------------------------------
# the command line


@dataclass
class Run:
    """One CLI invocation."""

    ok: bool
    wall: float = 0.0
    rss_mb: float = 0.0
    reason: str = ""


# The CLI is started through this small helper, not straight from the benchmark:
# Linux folds the parent's memory high-water mark into a forked child's ru_maxrss
# when the child calls exec, so a child of this large process (corpus, spaCy)
# would report at least our size.  The helper is small; it forks and execs the
# CLI, waits for it with wait4 and prints the CLI's own peak RSS and wall time.
_HELPER = """
import json, os, sys, time
t0 = time.perf_counter()
pid = os.fork()
if pid == 0:
    null = os.open(os.devnull, os.O_RDWR)
    os.dup2(null, 0)
    os.dup2(null, 1)
    try:
        os.execv(sys.argv[1], sys.argv[1:])
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - t0
print(json.dumps({"code": os.waitstatus_to_exitcode(status), "wall": wall,
                  "maxrss_kb": usage.ru_maxrss}))
"""


def run_cli(args: list[str], timeout: float, cwd: Path) -> Run:
    """Run the CLI; measure its wall time and its own peak RSS."""
    if timeout <= 1:
        return Run(ok=False, reason="skipped: out of the --quick time budget")
    cmd = [sys.executable, "-I", "-S", "-c", _HELPER, *CLI, *args]
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(
            cmd,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=err,
            cwd=cwd,
            start_new_session=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
        )
        try:
            out, _ = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, 9)
            proc.communicate()
            return Run(ok=False, reason=f"timed out after {timeout:.0f} s")
        err.seek(0)
        stderr = err.read().decode("utf-8", errors="replace").strip()
    try:
        info = json.loads(out)
    except ValueError:
        return Run(ok=False, reason=f"measuring helper failed: {stderr[-200:]}")
    rss_mb = info["maxrss_kb"] / 1024  # kilobytes on Linux
    if info["code"] != 0:
        last = stderr.splitlines()[-1] if stderr else "no message"
        return Run(
            ok=False, wall=info["wall"], rss_mb=rss_mb, reason=f"exit {info['code']}: {last[:160]}"
        )
    return Run(ok=True, wall=info["wall"], rss_mb=rss_mb)


def _count_lines(path: Path) -> int:
    if not path.exists():
        return -1
    with path.open("rb") as fh:
        return sum(1 for line in fh if line.strip())


def _write_jsonl(texts: list[str], path: Path, copies: int) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for c in range(copies):
            for i, t in enumerate(texts):
                fh.write(json.dumps({"id": f"{c}-{i}", "text": t}, ensure_ascii=False) + "\n")


def _write_folder(texts: list[str], folder: Path, copies: int) -> None:
    folder.mkdir()
    for c in range(copies):
        for i, t in enumerate(texts):
            (folder / f"{c}-{i:05d}.txt").write_bytes(t.encode("utf-8"))


def cli_figures(corpus: Corpus, *, quick: bool, deadline: float) -> list[str]:
    """Peak RSS at 1x and 4x JSON Lines input, and -j 1 vs -j 2 wall time."""
    lines: list[str] = []
    per_call = 15.0 if quick else 900.0

    def budget() -> float:
        return min(per_call, deadline - time.perf_counter())

    with tempfile.TemporaryDirectory(prefix="captionfix-bench-") as tmp_s:
        tmp = Path(tmp_s)
        root = tmp / "cwd"  # an empty working folder: nothing in it shadows the package
        root.mkdir()
        base = run_cli(["--version"], budget(), root)
        if base.ok:
            lines.append(f"baseline RSS (--version): {base.rss_mb:.0f} MB")
        # streaming memory
        one, four = tmp / "x1.jsonl", tmp / "x4.jsonl"
        _write_jsonl(corpus.texts, one, 1)
        _write_jsonl(corpus.texts, four, 4)
        size1, size4 = one.stat().st_size / 1e6, four.stat().st_size / 1e6
        r1 = run_cli(cli_jsonl_args(one, tmp / "o1.jsonl"), budget(), root)
        r4 = run_cli(cli_jsonl_args(four, tmp / "o4.jsonl"), budget(), root) if r1.ok else r1
        if r1.ok and r4.ok:
            n1, n4 = _count_lines(tmp / "o1.jsonl"), _count_lines(tmp / "o4.jsonl")
            check = ""
            if (n1, n4) != (len(corpus.texts), 4 * len(corpus.texts)):
                check = (
                    f"  [output records {n1}/{n4}, expected {len(corpus.texts)}/"
                    f"{4 * len(corpus.texts)}]"
                )
            lines.append(
                f"peak RSS, JSONL 1x ({size1:.1f} MB): {r1.rss_mb:.0f} MB in {r1.wall:.2f} s; "
                f"4x ({size4:.1f} MB): {r4.rss_mb:.0f} MB in {r4.wall:.2f} s; "
                f"growth {r4.rss_mb - r1.rss_mb:+.0f} MB for +{size4 - size1:.1f} MB input{check}"
            )
        else:
            bad = r1 if not r1.ok else r4
            lines.append(
                f"CLI: not available ({bad.reason}) [streaming memory]".replace(tmp_s, "TMP")
            )
        # -j scaling on a folder of .txt files
        copies = 1 if quick else 4
        folder = tmp / "txt"
        _write_folder(corpus.texts, folder, copies)
        nfiles = copies * len(corpus.texts)
        reps = 1 if quick else 3
        walls: dict[int, list[float]] = {1: [], 2: []}
        failed: Run | None = None
        mismatch = ""
        for _ in range(reps):
            for jobs in (1, 2):
                out = tmp / f"j{jobs}.jsonl"
                r = run_cli(cli_folder_args(folder, out, jobs), budget(), root)
                if not r.ok:
                    failed = r
                    break
                walls[jobs].append(r.wall)
                got = _count_lines(out)
                if got != nfiles:
                    mismatch = f"  [-j {jobs} output records {got}, expected {nfiles}]"
                out.unlink(missing_ok=True)
            if failed:
                break
        if failed:
            lines.append(
                f"CLI: not available ({failed.reason}) [-j 1 vs -j 2]".replace(tmp_s, "TMP")
            )
        else:
            w1, w2 = statistics.median(walls[1]), statistics.median(walls[2])
            lines.append(
                f"-j 1: {w1:.2f} s, -j 2: {w2:.2f} s (speed-up {w1 / w2:.2f}x) on "
                f"{nfiles} files, {copies * corpus.nbytes / 1e6:.1f} MB, median of {reps}{mismatch}"
            )
    return lines


# ---------------------------------------------------------------------------
# profile


def profile(corpus: Corpus, which: str, top: int = 25) -> None:
    """Profile clean() over the corpus and print the top functions by cumulative time."""
    import captionfix  # noqa: PLC0415

    texts = corpus.texts
    for t in texts[:50]:  # warm: regexes, vocabulary
        captionfix.clean(t)
    use_pyi = which == "pyinstrument"
    if which == "auto":
        try:
            import pyinstrument  # noqa: F401, PLC0415
        except ImportError:
            use_pyi = False
        else:
            use_pyi = True
    if use_pyi:
        from pyinstrument import Profiler  # noqa: PLC0415

        prof = Profiler(interval=0.0005)
        prof.start()
        for t in texts:
            captionfix.clean(t)
        session = prof.stop()
        root = session.root_frame()
        totals, own = _flat(root) if root else ({}, {})
        whole = root.time if root else 0.0
        print(
            f"\n{_version('pyinstrument')} (sampling every 0.5 ms): clean() over {corpus.name}, "
            f"{len(texts)} documents, {whole:.2f} s sampled"
        )
        print(f"\ntop {top} functions by cumulative time (s, share of the run)")
        _print_flat(totals, whole, top)
        print(f"\ntop {top // 2} functions by own time (s, share of the run)")
        _print_flat(own, whole, top // 2)
        print("\ncall tree (frames under 1% folded)")
        tree = prof.output_text(
            unicode=False, color=False, processor_options={"filter_threshold": 0.01}
        )
        print("\n".join(ln for ln in tree.splitlines()[6:] if ln.strip()))
        return
    import cProfile  # noqa: PLC0415
    import pstats  # noqa: PLC0415

    prof_c = cProfile.Profile()
    prof_c.enable()
    for t in texts:
        captionfix.clean(t)
    prof_c.disable()
    print(
        f"\ncProfile: clean() over {corpus.name}, {len(texts)} documents "
        f"(timings include cProfile's per-call overhead)"
    )
    stats = pstats.Stats(prof_c, stream=sys.stdout)
    stats.strip_dirs().sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top // 2)


def _flat(root: Any) -> tuple[dict[str, float], dict[str, float]]:
    """Cumulative and own time per function from a pyinstrument frame tree.

    A function is counted once per stack however deep it recurses; synthetic
    frames (``[self]``, hidden groups) count as their parent's own time.
    """
    totals: dict[str, float] = {}
    own: dict[str, float] = {}
    stack: list[tuple[Any, frozenset[str]]] = [(root, frozenset())]
    while stack:
        frame, above = stack.pop()
        where = frame.file_path_short or frame.file_path or "?"
        name = (
            f"{frame.function}  {where}:{frame.line_no}"
            if frame.line_no
            else f"{frame.function}  {where}"
        )
        real = [c for c in frame.children if not c.is_synthetic]
        if name not in above:
            totals[name] = totals.get(name, 0.0) + frame.time
        own[name] = own.get(name, 0.0) + frame.time - sum(c.time for c in real)
        stack.extend((c, above | {name}) for c in real)
    return totals, own


def _print_flat(table: dict[str, float], whole: float, top: int) -> None:
    for name, secs in sorted(table.items(), key=lambda kv: -kv[1])[:top]:
        print(f"  {secs:8.3f}  {secs / whole if whole else 0:6.1%}  {name}")


# ---------------------------------------------------------------------------
# machine


def machine() -> str:
    """CPU model, cores, and the Python in use."""
    model = platform.processor() or "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return (
        f"{model}, {os.cpu_count()} logical CPUs; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()} ({platform.python_implementation()})"
    )


@contextlib.contextmanager
def one_core(enabled: bool) -> Iterator[str]:
    """Pin this process to one CPU while timing; restore the affinity after."""
    if not enabled or not hasattr(os, "sched_setaffinity"):
        yield "not pinned"
        return
    before = os.sched_getaffinity(0)
    cpu = max(before)  # the last one: CPU 0 takes more interrupts
    os.sched_setaffinity(0, {cpu})
    try:
        yield f"pinned to CPU {cpu}"
    finally:
        os.sched_setaffinity(0, before)


# ---------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line of the benchmark."""
    ap = argparse.ArgumentParser(
        description="Benchmark captionfix.clean against ftfy, clean-text and textacy.",
    )
    ap.add_argument("--quick", action="store_true", help="small corpus, 3 rounds, < 60 s")
    ap.add_argument(
        "--corpus",
        type=Path,
        metavar="PATH",
        help="a folder of .txt / .jsonl files (or one file) instead of the "
        "synthetic corpus; *.expected*.txt are skipped",
    )
    ap.add_argument("--field", default="text", help="JSON Lines field holding the text")
    ap.add_argument("--docs", type=int, help="synthetic articles (default 2000, quick 300)")
    ap.add_argument("--seed", type=int, default=corpus_gen.DEFAULT_SEED)
    ap.add_argument("--repeats", type=int, help="timed rounds (default 7, quick 3)")
    ap.add_argument("--no-cli", action="store_true", help="skip the command-line figures")
    ap.add_argument(
        "--cli",
        metavar="CMD",
        help="the command to measure (default: python -m captionfix, with "
        "this interpreter; a leading 'python' means this interpreter)",
    )
    ap.add_argument("--no-pin", action="store_true", help="do not pin the process to one CPU")
    ap.add_argument("--json", type=Path, metavar="FILE", help="also write the results as JSON")
    ap.add_argument(
        "--write",
        type=Path,
        metavar="DIR",
        help="write the synthetic corpus to DIR (one .txt per article) and exit",
    )
    ap.add_argument(
        "--profile",
        nargs="?",
        const="auto",
        choices=["auto", "pyinstrument", "cprofile"],
        help="profile clean() over the corpus instead of timing (pyinstrument "
        "when installed, else cProfile)",
    )
    args = ap.parse_args(argv)
    if args.docs is None:
        args.docs = 300 if args.quick else 2000
    if args.repeats is None:
        args.repeats = 3 if args.quick else 7
    args.repeats = max(1, args.repeats)
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark; the last line printed is the clean()/ftfy ratio."""
    start = time.perf_counter()
    args = parse_args(argv)
    if args.cli:
        CLI[:] = shlex.split(args.cli)
        if CLI and CLI[0] in {"python", "python3"}:
            CLI[0] = sys.executable  # the benchmark's own interpreter (the venv's)
        elif CLI and "/" not in CLI[0]:
            CLI[0] = shutil.which(CLI[0]) or CLI[0]
        # the CLI runs in a scratch folder: make relative paths in the command absolute
        CLI[:] = [os.path.abspath(a) if Path(a).exists() else a for a in CLI]  # noqa: PTH100
    deadline = start + (QUICK_DEADLINE if args.quick else 24 * 3600.0)

    if args.write:
        docs = corpus_gen.generate(args.docs, args.seed)
        corpus_gen.write_txt(docs, args.write)
        print(corpus_gen.summary(docs))
        print(f"written to {args.write}, one .txt per article (corpus_gen.py --jsonl: JSON Lines)")
        return 0

    corpus = (
        read_corpus(args.corpus, args.field) if args.corpus else synthetic(args.docs, args.seed)
    )

    if args.profile:
        with one_core(not args.no_pin):
            profile(corpus, args.profile)
        return 0

    tools, missing = make_tools()
    print(
        f"captionfix benchmark{' (--quick)' if args.quick else ''}, "
        f"{time.strftime('%Y-%m-%d %H:%M')}"
    )
    print(f"machine: {machine()}")
    versions = ", ".join(dict.fromkeys(t.version for t in tools))
    print(f"versions: {versions}")
    print(f"corpus: {corpus.name}: {corpus.note}")

    # the fast-path rows: clean() over the clean articles only, and over the others,
    # timed in the same interleaved rounds (full runs on the synthetic corpus)
    side: list[Tool] = []
    if corpus.clean is not None and not args.quick:
        clean_fn = tools[0].fn
        parts = {True: "clean() on the clean articles", False: "clean() on articles with artefacts"}
        for flag, name in parts.items():
            share = [t for t, c in zip(corpus.texts, corpus.clean, strict=True) if c is flag]
            if share:
                side.append(Tool(name, clean_fn, texts=share))

    with one_core(not args.no_pin) as pin:
        per_doc = warm_up(tools + side, corpus.texts)
        if args.quick:
            note = _fit_budget(corpus, per_doc, args.repeats, QUICK_TIMING_BUDGET)
            if note:
                print(note)
        time_tools(tools + side, corpus.texts, args.repeats)

    by_name = {t.name: t for t in tools}
    base_tool = by_name["ftfy.fix_text (default)"]
    base = statistics.median(base_tool.times) if base_tool.times else None
    table = rows(tools, corpus.nbytes, len(corpus.texts), base)
    print_table(
        table,
        f"{len(corpus.texts)} documents, {corpus.nbytes / 1e6:.2f} MB UTF-8; single process, "
        f"{pin}; median of {args.repeats} interleaved rounds, each a full pass",
    )
    for t in tools + side:
        if t.error:
            print(f"  {t.name}: failed ({t.error[:200]})")
    for m in missing:
        print(f"  {m}")
    if side and base:
        print("\n  fast path (same rounds; vs ftfy pro rata of bytes; not in the ratio):")
        for t in side:
            if not t.times or t.texts is None:
                continue
            nb = sum(len(d.encode("utf-8")) for d in t.texts)
            (r,) = rows([t], nb, len(t.texts), base * nb / corpus.nbytes)
            ratio = f"~{r.ratio:.1f}x" if r.ratio is not None else "-"
            spread = f"{r.spread[0]:.3f}-{r.spread[1]:.3f}"
            print(
                f"  {r.name:<38}{r.mbps:>9.2f}{r.docs:>10.0f}{ratio:>9}{r.seconds:>10.3f}"
                f"{spread:>15}  ({len(t.texts)} docs)"
            )

    clean_tool = by_name["captionfix.clean (default)"]
    if clean_tool.error or base_tool.error or not base:
        print(f"\ncannot compute the ratio: {clean_tool.error or base_tool.error}", file=sys.stderr)
        return 1
    print(f"\nsanity: {sanity(corpus)}")

    cli_lines: list[str] = []
    if not args.no_cli:
        try:
            cli_lines = cli_figures(corpus, quick=args.quick, deadline=deadline)
        except Exception as exc:  # noqa: BLE001 - the CLI must never crash the benchmark
            cli_lines = [f"CLI: not available ({type(exc).__name__}: {exc})"]
        shown = shlex.join(["python", *CLI[1:]] if CLI[0] == sys.executable else CLI)
        print(f"\nCLI ({shown}, separate processes, not pinned):")
        for line in cli_lines:
            print(f"  {line}")

    ratio = base / statistics.median(clean_tool.times)
    verdict = "met" if ratio >= TARGET else "NOT met"
    if ratio >= STRETCH:
        verdict += ", stretch met"
    print(f"\ntarget: clean() >= {TARGET:.0f}x ftfy.fix_text (stretch {STRETCH:.0f}x): {verdict}")
    print(f"elapsed: {time.perf_counter() - start:.1f} s")
    if args.json:
        payload = {
            "date": time.strftime("%Y-%m-%d %H:%M"),
            "machine": machine(),
            "pin": pin,
            "corpus": {
                "name": corpus.name,
                "docs": len(corpus.texts),
                "bytes": corpus.nbytes,
                "note": corpus.note,
            },
            "repeats": args.repeats,
            "tools": [
                {
                    "name": r.name,
                    "median_s": r.seconds,
                    "mb_s": r.mbps,
                    "docs_s": r.docs,
                    "vs_ftfy": r.ratio,
                    "times": by_name[r.name].times,
                }
                for r in table
            ],
            "missing": missing,
            "cli": cli_lines,
            "ratio": ratio,
        }
        args.json.write_text(json.dumps(payload, indent=1) + "\n", encoding="utf-8")
    print(f"clean() vs ftfy.fix_text: {ratio:.1f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
