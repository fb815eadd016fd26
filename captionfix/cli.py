"""Command line: ``python -m captionfix`` (and the ``captionfix`` script).

``main(argv)`` parses the arguments, runs, and returns the exit code; it never
calls :func:`sys.exit`, so it is tested in-process.  Exit codes: 0 ok, 1 changes
found under ``--check`` or ``--diff``, 2 usage or input error.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import IO, TYPE_CHECKING

from captionfix._cli_io import (
    DEFAULT_GLOBS,
    InputError,
    Job,
    Mode,
    Options,
    Report,
    atomic_writer,
    chunk_jobs,
    copy_file,
    find_inputs,
    is_jsonl,
    run_batch,
    run_job,
    run_job_to_file,
)
from captionfix.config import Config

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

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
        "--encoding", default="utf-8", help="input encoding, strict (default: utf-8)"
    )
    outputs = parser.add_argument_group("output")
    outputs.add_argument(
        "--format",
        choices=("text", "json", "jsonl"),
        help="clean text, one JSON object (SPEC §2), or JSON Lines with the records "
        "(default: text for text input, jsonl for JSON Lines input)",
    )
    where = outputs.add_mutually_exclusive_group()
    where.add_argument("-o", "--output", metavar="FILE", help="write to FILE (atomically)")
    where.add_argument(
        "--output-dir", metavar="DIR", help="write one file per input into DIR, mirroring folders"
    )
    where.add_argument(
        "--in-place", action="store_true", help="replace each input file (atomically)"
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
        help="worker processes: files, or chunks of a large JSON Lines file (default: 1)",
    )
    talk = run.add_mutually_exclusive_group()
    talk.add_argument("-q", "--quiet", action="store_true", help="say nothing but errors")
    talk.add_argument(
        "-v", "--verbose", action="store_true", help="say what happened to each file, and a summary"
    )
    run.add_argument("--version", action="version", version=f"captionfix {_version()}")
    return parser


class _Discard:
    """A text sink for --check."""

    def write(self, text: str) -> int:
        return len(text)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line on *argv* (default: ``sys.argv[1:]``); return the exit code."""
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
    try:
        _run(args, mode, report)
    except InputError as exc:
        report.error(str(exc))
    except KeyboardInterrupt:
        report.error("interrupted; no file was left half-written")
    report.summary()
    return report.return_code


def _run(args: argparse.Namespace, mode: Mode, report: Report) -> None:
    globs = tuple(args.glob) if args.glob else DEFAULT_GLOBS
    inputs = find_inputs(args.paths, globs)
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
    options = Options(
        mode=mode,
        fmt=fmt,
        field=args.field,
        encoding=args.encoding,
        input_format=args.input_format,
        config=Config(),
    )
    groups = [
        (path, root, _jobs_for(path, options, 4 * args.jobs if len(inputs) == 1 else 1))
        for path, root in inputs
    ]
    _execute(groups, options, args, report)


def _jobs_for(path: str, options: Options, parts: int) -> list[Job]:
    label = "<stdin>" if path == "-" else path
    jsonl = is_jsonl(path, options)
    if jsonl and path != "-":
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
        return target
    return None


@contextlib.contextmanager
def _shared_stream(args: argparse.Namespace, mode: Mode) -> Iterator[IO[str]]:
    if mode is Mode.CHECK:
        yield _Discard()  # type: ignore[misc]
    elif args.output:
        with atomic_writer(Path(args.output)) as out:
            yield out
    else:
        yield sys.stdout


def _execute(
    groups: list[tuple[str, Path | None, list[Job]]],
    options: Options,
    args: argparse.Namespace,
    report: Report,
) -> None:
    jobs = [job for _, _, js in groups for job in js]
    progress = _progress(len(jobs), quiet=args.quiet)
    workers = min(args.jobs, len(jobs))
    if workers > 1 and len(groups) > 1 and all(len(js) == 1 for _, _, js in groups):
        _execute_files(groups, options, args, report, workers, progress)
        return
    with _shared_stream(args, options.mode) as shared, contextlib.ExitStack() as stack:
        if workers > 1:
            folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="captionfix-"))
            pool = stack.enter_context(ProcessPoolExecutor(max_workers=workers))
            futures = [pool.submit(run_job_to_file, job, options, folder) for job in jobs]
            results = iter(futures)
        for path, root, group in groups:
            target = _target(path, root, args, options.fmt) if options.mode is Mode.WRITE else None
            if target is not None:
                target.parent.mkdir(parents=True, exist_ok=True)
            encoding = options.encoding if args.in_place else "utf-8"
            with (
                atomic_writer(target, encoding) if target else contextlib.nullcontext(shared) as out
            ):
                for job in group:
                    if workers > 1:
                        name, counts = next(results).result()
                        copy_file(name, out)
                    else:
                        counts = run_job(job, options, out)
                    report.done(job.label, counts)
                    progress(1)
        with contextlib.suppress(AttributeError, ValueError):
            shared.flush()


def _execute_files(  # noqa: PLR0913, PLR0917 - the run's whole state
    groups: list[tuple[str, Path | None, list[Job]]],
    options: Options,
    args: argparse.Namespace,
    report: Report,
    workers: int,
    progress: Callable[[int], object],
) -> None:
    """Many whole files over *workers* processes, in batches of neighbouring files.

    Batches keep the pool's round trips few when files are small; results come
    back in input order, so the output does not depend on ``-j``.
    """
    items: list[tuple[Job, str | None, str]] = []
    for path, root, (job,) in groups:
        target = _target(path, root, args, options.fmt) if options.mode is Mode.WRITE else None
        if target is not None:
            target.parent.mkdir(parents=True, exist_ok=True)
        encoding = options.encoding if args.in_place else "utf-8"
        items.append((job, str(target) if target else None, encoding))
    size = max(1, len(items) // (4 * workers))
    batches = [items[k : k + size] for k in range(0, len(items), size)]
    with (
        _shared_stream(args, options.mode) as shared,
        tempfile.TemporaryDirectory(prefix="captionfix-") as folder,
        ProcessPoolExecutor(max_workers=workers) as pool,
    ):
        futures = [pool.submit(run_batch, batch, options, folder) for batch in batches]
        for batch, future in zip(batches, futures, strict=True):
            name, counts = future.result()
            copy_file(name, shared)
            for (job, _, _), done in zip(batch, counts, strict=True):
                report.done(job.label, done)
                progress(1)
        with contextlib.suppress(AttributeError, ValueError):
            shared.flush()


def _progress(total: int, *, quiet: bool) -> Callable[[int], object]:
    """A progress callback: a tqdm bar on a terminal for long runs, else a no-op."""
    if quiet or total < 20 or not sys.stderr.isatty() or os.environ.get("CI"):
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
