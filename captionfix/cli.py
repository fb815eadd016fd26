"""Command line: ``python -m captionfix`` (and the ``captionfix`` script).

``main(argv)`` parses the arguments, runs, and returns the exit code; it never
calls :func:`sys.exit`, so it is tested in-process.  Exit codes: 0 ok, 1 changes
found under ``--check`` or ``--diff``, 2 usage or input error.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import os
import signal
import sys
import tempfile
from pathlib import Path
from typing import IO, TYPE_CHECKING

from captionfix._cli_io import (
    DEFAULT_GLOBS,
    RECORDS_KEY,
    BatchResult,
    InputError,
    Job,
    Mode,
    Options,
    OutputClosed,
    Report,
    Stdout,
    StdoutError,
    Terminated,
    check_in_place,
    chunk_jobs,
    commit,
    copy_file,
    discard,
    find_inputs,
    is_jsonl,
    output_file,
    remove_stale_temps,
    run_batch,
    run_job,
    run_job_to_file,
    signals_caught,
    silence_stdout,
    temp_folder,
    worker_pool,
)
from captionfix.config import Config

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence
    from concurrent.futures import Future

DESCRIPTION = (
    "Remove photo captions, credits and image-widget labels from scraped news text, "
    "repair quotes and mojibake, and report what was removed."
)
EPILOG = (
    "Exit codes: 0 ok, 1 changes found under --check or --diff, 2 usage or input error. "
    "Output text uses \\n line endings and ends with one newline."
)


def _version() -> str:
    from importlib.metadata import version  # noqa: PLC0415

    from captionfix import _build_kind  # noqa: PLC0415

    return f"{version('captionfix')} ({_build_kind()})"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (also used to generate the help in docs/cli.md)."""
    parser = argparse.ArgumentParser(
        prog="captionfix",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=lambda prog: argparse.HelpFormatter(prog, width=88),
    )
    parser.add_argument(
        "paths",
        nargs="*",
        default=["-"],
        metavar="PATH",
        help="files or folders to clean, or - for stdin (the default)",
    )
    inputs = parser.add_argument_group("input")
    inputs.add_argument(
        "--glob",
        action="append",
        metavar="PATTERN",
        help=f"files to take from folders (repeatable; default: {' '.join(DEFAULT_GLOBS)})",
    )
    inputs.add_argument(
        "--input-format",
        choices=("auto", "text", "jsonl"),
        default="auto",
        help="read inputs as plain text or JSON Lines (auto: by extension .jsonl/.ndjson)",
    )
    inputs.add_argument(
        "--field", default="text", help="the text field of JSON Lines records (default: text)"
    )
    inputs.add_argument(
        "--encoding",
        default="utf-8",
        help="input encoding, strict (default: utf-8); --in-place writes it back the same",
    )
    outputs = parser.add_argument_group("output")
    outputs.add_argument(
        "--format",
        choices=("text", "json", "jsonl"),
        help="clean text, one JSON object (SPEC §2), or JSON Lines with the records "
        "(default: text for text input, jsonl for JSON Lines input)",
    )
    outputs.add_argument(
        "--records-key",
        default=RECORDS_KEY,
        metavar="KEY",
        help="the key that JSON Lines records get for captions, credits and edits (default: "
        f"{RECORDS_KEY}); a record that has it already is an error",
    )
    where = outputs.add_mutually_exclusive_group()
    where.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write to FILE (atomically; a pipe or device is written into, not replaced)",
    )
    where.add_argument(
        "--output-dir", metavar="DIR", help="write one file per input into DIR, mirroring folders"
    )
    where.add_argument(
        "--in-place",
        action="store_true",
        help="replace each input file atomically (through symlinks; owner and mode kept)",
    )
    where.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if anything would change"
    )
    where.add_argument(
        "--diff", action="store_true", help="print a unified diff; exit 1 if anything changes"
    )
    run = parser.add_argument_group("run")
    run.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=1,
        metavar="N",
        help="worker processes: files, or chunks of a large JSON Lines file (default: 1; "
        "at most the number of CPUs)",
    )
    talk = run.add_mutually_exclusive_group()
    talk.add_argument("-q", "--quiet", action="store_true", help="say nothing but errors")
    talk.add_argument(
        "-v", "--verbose", action="store_true", help="say what happened to each file, and a summary"
    )
    run.add_argument(
        "--oversubscribe",
        action="store_true",
        help="allow -j above the number of CPUs (by default -j is capped there)",
    )
    run.add_argument(
        "--force",
        action="store_true",
        help="with --in-place: rewrite read-only files too (they are refused by default)",
    )
    run.add_argument("--version", action="version", version=f"captionfix {_version()}")
    return parser


class _Discard:
    """A text sink for --check."""

    def write(self, text: str) -> int:
        return len(text)

    def flush(self) -> None:
        return None


def _cpus() -> int:
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1  # pragma: no cover - not Linux


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line on *argv* (default: ``sys.argv[1:]``); return the exit code.

    Besides 0, 1 and 2: 141 when the reader of stdout went away (``| head``), as
    a program killed by SIGPIPE; 128 + N when signal N (SIGINT, SIGTERM, SIGHUP)
    stopped the run.
    """
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits on --help, --version and usage errors
        return int(exc.code or 0)
    mode = Mode.CHECK if args.check else Mode.DIFF if args.diff else Mode.WRITE
    report = Report(mode, quiet=args.quiet, verbose=args.verbose)
    if args.jobs < 1:
        report.error("-j/--jobs must be at least 1")
        return 2
    if args.jobs > _cpus() and not args.oversubscribe:
        report.warn(
            f"-j {args.jobs} is more than the {_cpus()} CPUs here; using {_cpus()} "
            "(--oversubscribe to insist)"
        )
        args.jobs = _cpus()
    if args.field == args.records_key:
        report.error(
            f"--field and --records-key are both {args.field!r}: the clean text and the "
            "records would share one key; choose another --records-key"
        )
        return 2
    try:
        with signals_caught():
            _run(args, mode, report)
    except StdoutError as exc:
        silence_stdout()
        report.error(str(exc))
    except InputError as exc:
        report.error(str(exc))
    except OutputClosed:  # | head: stop quietly, as a program killed by SIGPIPE would
        silence_stdout()
        return 128 + 13
    except KeyboardInterrupt:
        report.error("interrupted; no file was left half-written")
        return 128 + signal.SIGINT
    except Terminated as exc:
        name = signal.Signals(exc.signum).name
        report.error(f"stopped by {name}; no file was left half-written")
        return 128 + exc.signum
    report.summary()
    return report.return_code


def _run(args: argparse.Namespace, mode: Mode, report: Report) -> None:
    globs = tuple(args.glob) if args.glob else DEFAULT_GLOBS
    try:
        codecs.lookup(args.encoding)
    except LookupError:
        msg = f"unknown encoding {args.encoding!r}"
        raise InputError(msg) from None
    out_dir = Path(args.output_dir) if args.output_dir and mode is Mode.WRITE else None
    if out_dir is not None and out_dir.exists() and not out_dir.is_dir():
        msg = f"{out_dir}: --output-dir names a file, not a folder"
        raise InputError(msg)
    if args.output and mode is Mode.WRITE and Path(args.output).is_dir():
        msg = f"{args.output}: is a folder, not a file (--output-dir writes into a folder)"
        raise InputError(msg)
    # an --output-dir inside an input folder is not read again on the next run
    inputs = find_inputs(args.paths, globs, exclude=out_dir)
    probe = Options(
        mode=mode,
        fmt="text",
        field=args.field,
        encoding=args.encoding,
        input_format=args.input_format,
        config=Config(),
    )
    kinds = {is_jsonl(path, probe) for path, _ in inputs}
    # JSON Lines input always comes out as JSON Lines (the records beside each line);
    # text input as text unless --format says otherwise
    fmt = args.format or ("jsonl" if kinds == {True} else "text")
    if True in kinds and args.format in ("text", "json"):
        msg = "JSON Lines input is written as JSON Lines: use --format jsonl (the default)"
        raise InputError(msg)
    shared = mode is Mode.WRITE and not (args.in_place or args.output_dir)
    if shared and len(inputs) > 1 and fmt != "jsonl":
        msg = f"{len(inputs)} inputs and one output: use --format jsonl, --output-dir or --in-place"
        raise InputError(msg)
    if args.in_place and any(path == "-" for path, _ in inputs):
        msg = "--in-place needs files, not stdin"
        raise InputError(msg)
    if args.in_place and fmt == "json":
        msg = "--in-place writes text or JSON Lines, not --format json"
        raise InputError(msg)
    if args.in_place and mode is Mode.WRITE:
        # refuse before anything is written; a hard link is said once, up front
        for path, _ in inputs:
            warning = check_in_place(path, force=args.force)
            if warning:
                report.warn(warning)
    options = Options(
        mode=mode,
        fmt=fmt,
        field=args.field,
        encoding=args.encoding,
        input_format=args.input_format,
        config=Config(),
        records_key=args.records_key,
    )
    groups = [
        (path, root, _jobs_for(path, options, 4 * args.jobs if len(inputs) == 1 else 1))
        for path, root in inputs
    ]
    _execute(groups, options, args, report)


def _jobs_for(path: str, options: Options, parts: int) -> list[Job]:
    label = "<stdin>" if path == "-" else path
    jsonl = is_jsonl(path, options)
    if jsonl and path != "-" and Path(path).is_file():
        return chunk_jobs(path, parts, label)
    return [Job(path, jsonl=jsonl, label=label)]


def _target(path: str, root: Path | None, args: argparse.Namespace, fmt: str) -> Path | None:
    """Where the output of input *path* goes, or ``None`` for the shared stream."""
    if args.in_place:
        return Path(path)
    if args.output_dir:
        rel = Path(path).relative_to(root) if root is not None else Path(Path(path).name)
        if fmt in ("json", "jsonl") and Path(path).suffix.lower() not in (".jsonl", ".ndjson"):
            rel = rel.with_suffix(f".{fmt}")
        target = Path(args.output_dir) / rel
        if target.resolve() == Path(path).resolve():
            msg = f"{target}: --output-dir would overwrite the input; use --in-place for that"
            raise InputError(msg)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            msg = f"{target.parent}: cannot make the folder ({exc.strerror})"
            raise InputError(msg) from None
        return target
    return None


def _targets(
    groups: list[tuple[str, Path | None, list[Job]]], options: Options, args: argparse.Namespace
) -> list[Path | None]:
    if options.mode is not Mode.WRITE:
        return [None] * len(groups)
    return [_target(path, root, args, options.fmt) for path, root, _ in groups]


def _temp_near(args: argparse.Namespace, targets: list[Path | None]) -> Path | None:
    """The folder for the workers' temporary files.

    The output's, so that one clean-up (or the next run, after a SIGKILL) finds
    them all; the system's for stdout.
    """
    if args.output:
        out = Path(args.output)
        if not out.exists() or out.is_file():
            return Path(os.path.realpath(out)).parent
        return None
    first = next((t for t in targets if t is not None), None)
    return Path(os.path.realpath(first)).parent if first is not None else None


@contextlib.contextmanager
def _shared_stream(args: argparse.Namespace, mode: Mode) -> Iterator[IO[str]]:
    if mode is Mode.CHECK:
        yield _Discard()  # type: ignore[misc]
    elif args.output and mode is Mode.WRITE:
        with output_file(Path(args.output)) as out:
            yield out
    else:
        yield Stdout()  # type: ignore[misc]


def _execute(
    groups: list[tuple[str, Path | None, list[Job]]],
    options: Options,
    args: argparse.Namespace,
    report: Report,
) -> None:
    jobs = [job for _, _, js in groups for job in js]
    progress = _progress(len(jobs), quiet=args.quiet)
    workers = min(args.jobs, len(jobs))
    targets = _targets(groups, options, args)
    near = _temp_near(args, targets)
    folders = {Path(os.path.realpath(t)).parent for t in targets if t is not None}
    stale = remove_stale_temps({*folders, *([near] if near else []), Path(tempfile.gettempdir())})
    if stale:
        report.note(f"removed {len(stale)} temporary files left by an earlier run that was killed")
    encoding = options.encoding if args.in_place else "utf-8"
    if workers > 1 and len(groups) > 1 and all(len(js) == 1 for _, _, js in groups):
        _execute_files(groups, targets, options, args, report, workers, progress, near)
        return
    with _shared_stream(args, options.mode) as shared, contextlib.ExitStack() as stack:
        if workers > 1:
            folder = stack.enter_context(temp_folder(near))
            pool = stack.enter_context(worker_pool(workers))
            futures = [pool.submit(run_job_to_file, job, options, folder) for job in jobs]
            results = iter(futures)
        for (_path, _root, group), target in zip(groups, targets, strict=True):
            with output_file(target, encoding) if target else contextlib.nullcontext(shared) as out:
                for job in group:
                    if workers > 1:
                        name, counts = next(results).result()
                        copy_file(name, out)
                    else:
                        counts = run_job(job, options, out)
                    report.done(job.label, counts)
                    progress(1)
        shared.flush()


def _execute_files(  # noqa: PLR0913, PLR0917 - the run's whole state
    groups: list[tuple[str, Path | None, list[Job]]],
    targets: list[Path | None],
    options: Options,
    args: argparse.Namespace,
    report: Report,
    workers: int,
    progress: Callable[[int], object],
    near: Path | None,
) -> None:
    """Many whole files over *workers* processes, in batches of neighbouring files.

    Batches keep the pool's round trips few when files are small; results come
    back in input order, so the output does not depend on ``-j``.  Written files
    are renamed into place here, in input order, and the run stops at the first
    bad input as it does with ``-j 1``: no file after it is touched.
    """
    encoding = options.encoding if args.in_place else "utf-8"
    items: list[tuple[Job, str | None, str]] = [
        (job, str(target) if target else None, encoding)
        for (_, _, (job,)), target in zip(groups, targets, strict=True)
    ]
    size = max(1, len(items) // (4 * workers))
    batches = [items[k : k + size] for k in range(0, len(items), size)]
    futures: list[Future[BatchResult]] = []
    taken: list[BatchResult] = []
    try:
        with (
            _shared_stream(args, options.mode) as shared,
            temp_folder(near) as folder,
            worker_pool(workers) as pool,
        ):
            futures = [pool.submit(run_batch, batch, options, folder) for batch in batches]
            for batch, future in zip(batches, futures, strict=True):
                result = future.result()
                taken.append(result)
                copy_file(result.shared, shared)
                for item in result.pending:
                    commit(item)
                for (job, _, _), done in zip(batch, result.counts, strict=False):
                    report.done(job.label, done)
                    progress(1)
                if result.error is not None:
                    raise InputError(result.error)
            shared.flush()
    finally:
        # outputs finished after the first bad input are never renamed into place
        leftovers = [*taken, *(f.result() for f in futures if _succeeded(f))]
        for result in leftovers:
            for item in result.pending:
                discard(item.temp)
        # and those of a batch whose result was on its way when the pool stopped:
        # their worker is gone now, so they are stale
        remove_stale_temps({Path(os.path.realpath(t)).parent for t in targets if t is not None})


def _succeeded(future: Future[BatchResult]) -> bool:
    return future.done() and not future.cancelled() and future.exception() is None


def _progress(total: int, *, quiet: bool) -> Callable[[int], object]:
    """A progress callback: a tqdm bar on a terminal for long runs, else a no-op."""
    if quiet or total < 20 or sys.stderr is None or not sys.stderr.isatty() or os.environ.get("CI"):
        return lambda _n: None
    try:
        from tqdm import tqdm  # type: ignore[import-untyped,unused-ignore]  # noqa: PLC0415
    except ImportError:  # the optional extra "progress" is not installed
        return lambda _n: None
    bar = tqdm(total=total, unit="job", file=sys.stderr, leave=False)

    def update(n: int) -> object:
        bar.update(n)
        return None

    return update
