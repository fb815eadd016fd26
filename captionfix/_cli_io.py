"""The command line's machinery: sources, streaming, atomic writes, workers, report.

Kept apart from :mod:`captionfix.cli` (argument parsing) so that each part is
small.  Nothing here prints except through :class:`Report`.

Design:

* A *job* is one input file (or stdin), or one byte range of a large JSON Lines
  file.  A job reads its own input and writes its results to a temporary file;
  the parent only learns the file's name and a few counts.  So ``-j N`` sends
  no article through a pipe, and output order is the order of the jobs.
* Every file captionfix writes is written to a temporary file in the target's
  folder, flushed, fsynced and renamed over the target: an interrupted run
  leaves the old file or the new one, never half of one.
* JSON Lines are streamed line by line; memory does not grow with the input.
"""

from __future__ import annotations

import contextlib
import difflib
import enum
import itertools
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import attrs

import captionfix
from captionfix.records import as_dict

if TYPE_CHECKING:
    from collections.abc import Iterator

    from captionfix.config import Config

JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
DEFAULT_GLOBS = ("*.txt", "*.jsonl", "*.ndjson")
RECORDS_KEY = "captionfix"


class InputError(Exception):
    """Bad input or an unwritable output: one line, already saying where."""


class Mode(enum.Enum):
    """What to do with the results; one value from the flag combination (as black does)."""

    WRITE = "write"  # to stdout, -o, --output-dir or in place
    CHECK = "check"  # write nothing; exit 1 on changes
    DIFF = "diff"  # print a unified diff; exit 1 on changes


@attrs.frozen(kw_only=True)
class Options:
    """Everything a job needs to know (picklable: plain values only)."""

    mode: Mode
    fmt: str  # text | json | jsonl
    field: str
    encoding: str
    input_format: str  # auto | text | jsonl
    config: Config


@attrs.frozen
class Job:
    """One unit of work: a file (or stdin as ``-``), or a byte range of one."""

    path: str
    jsonl: bool
    start: int = 0
    end: int = -1  # -1: to the end
    label: str = ""  # the name used in messages and diffs


@attrs.define
class Counts:
    """What a job did."""

    documents: int = 0
    changed: int = 0
    captions: int = 0
    credits: int = 0

    def add(self, other: Counts) -> None:
        """Add *other*'s counts to these."""
        self.documents += other.documents
        self.changed += other.changed
        self.captions += other.captions
        self.credits += other.credits


def is_jsonl(path: str, options: Options) -> bool:
    """Whether *path* is read as JSON Lines."""
    if options.input_format != "auto":
        return options.input_format == "jsonl"
    if path == "-":
        return False
    return Path(path).suffix.lower() in JSONL_SUFFIXES


def find_inputs(paths: list[str], globs: tuple[str, ...]) -> list[tuple[str, Path | None]]:
    """Expand folders (recursively, by glob) into files; keep ``-`` and files as given.

    Returns ``(path, root)`` pairs, *root* being the folder a file was found in
    (for ``--output-dir``), or ``None`` for a file named directly.
    """
    found: list[tuple[str, Path | None]] = []
    for name in paths:
        if name == "-":
            found.append((name, None))
            continue
        path = Path(name)
        if path.is_dir():
            files = sorted({p for g in globs for p in path.rglob(g) if p.is_file()})
            if not files:
                msg = f"{name}: no input files here (looked for {', '.join(globs)})"
                raise InputError(msg)
            found.extend((str(p), path) for p in files)
        elif path.is_file():
            found.append((name, None))
        else:
            msg = f"{name}: no such file or folder"
            raise InputError(msg)
    return found


def chunk_jobs(path: str, parts: int, label: str) -> list[Job]:
    """Split a JSON Lines file into about *parts* byte ranges that end at line breaks."""
    size = Path(path).stat().st_size
    if parts <= 1 or size < 1 << 20:
        return [Job(path, jsonl=True, label=label)]
    bounds = [0]
    with open(path, "rb") as fh:  # noqa: PTH123 - a raw byte stream
        for k in range(1, parts):
            fh.seek(size * k // parts)
            fh.readline()
            pos = fh.tell()
            if bounds[-1] < pos < size:
                bounds.append(pos)
    bounds.append(size)
    return [
        Job(path, jsonl=True, start=a, end=b, label=label) for a, b in itertools.pairwise(bounds)
    ]


# --- reading ---------------------------------------------------------------------


def _decode(data: bytes, encoding: str, where: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        msg = (
            f"{where}: cannot decode byte 0x{bad} at offset {exc.start} as {encoding}; "
            "try --encoding (for example --encoding cp1252)"
        )
        raise InputError(msg) from None
    except LookupError:
        msg = f"{where}: unknown encoding {encoding!r}"
        raise InputError(msg) from None


def read_text(job: Job, options: Options) -> str:
    """The whole text of a plain-text job."""
    if job.path == "-":
        data = sys.stdin.buffer.read()
    else:
        try:
            data = Path(job.path).read_bytes()
        except OSError as exc:
            msg = f"{job.label}: cannot read ({exc.strerror})"
            raise InputError(msg) from None
    return _decode(data, options.encoding, job.label)


def _jsonl_lines(job: Job) -> Iterator[tuple[int, bytes]]:
    """``(offset, line)`` for the lines of a JSON Lines job, streamed."""
    if job.path == "-":
        pos = 0
        for line in sys.stdin.buffer:
            yield pos, line
            pos += len(line)
        return
    with open(job.path, "rb") as fh:  # noqa: PTH123 - a raw byte stream
        fh.seek(job.start)
        pos = job.start
        for line in fh:
            if job.end >= 0 and pos >= job.end:
                break
            yield pos, line
            pos += len(line)


def _line_number(job: Job, offset: int) -> int:
    """The 1-based line number at byte *offset* (counted only when a message needs it)."""
    if job.path == "-" or offset == 0:
        return 1
    with open(job.path, "rb") as fh:  # noqa: PTH123 - a raw byte stream
        return fh.read(offset).count(b"\n") + 1


# --- processing ------------------------------------------------------------------


def _record_extra(result: captionfix.Result) -> dict[str, Any]:
    full = as_dict(result)
    del full["text"]
    return full


def run_text_job(job: Job, options: Options, out: IO[str]) -> Counts:
    """Clean one text document; write what the mode asks for to *out*."""
    source = read_text(job, options)
    result = captionfix.clean(source, config=options.config)
    written = result.text + "\n" if result.text else ""  # a text file ends with one newline
    # a file that is already what captionfix would write has not changed
    changed = written != source if options.fmt == "text" else result.changed
    counts = Counts(1, int(changed), len(result.captions), len(result.credits))
    if options.mode is Mode.DIFF:
        out.write(unified_diff(source, written, job.label))
    elif options.mode is Mode.WRITE:
        if options.fmt == "text":
            out.write(written)
        else:
            record = as_dict(result)
            if options.fmt == "jsonl":
                record = {"path": job.label, **record}
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            else:
                out.write(json.dumps(record, ensure_ascii=False, indent=1) + "\n")
    return counts


def run_jsonl_job(job: Job, options: Options, out: IO[str]) -> Counts:
    """Clean the text field of every record of a JSON Lines job, streaming."""
    counts = Counts()
    first_line: list[int] = []  # the line number where this job starts, counted once if needed

    def where(k: int) -> str:
        if not first_line:
            first_line.append(_line_number(job, job.start))
        return f"{job.label}:{first_line[0] + k}"

    for k, (_offset, raw) in enumerate(_jsonl_lines(job)):
        if not raw.strip():
            continue
        try:
            text = raw.decode(options.encoding)
        except (UnicodeDecodeError, LookupError):
            _decode(raw, options.encoding, where(k))
            raise  # _decode raised already; this is for the type checker
        try:
            record = json.loads(text)
        except json.JSONDecodeError as exc:
            msg = f"{where(k)}: not valid JSON ({exc.msg} at column {exc.colno})"
            raise InputError(msg) from None
        if not isinstance(record, dict) or options.field not in record:
            msg = f"{where(k)}: no field {options.field!r}; name the text field with --field"
            raise InputError(msg)
        value = record[options.field]
        if not isinstance(value, str):
            msg = f"{where(k)}: field {options.field!r} is {type(value).__name__}, not a string"
            raise InputError(msg)
        result = captionfix.clean(value, config=options.config)
        counts.add(Counts(1, int(result.changed), len(result.captions), len(result.credits)))
        if options.mode is Mode.DIFF:
            label = where(k) if result.changed else ""
            out.write(unified_diff(value + "\n", result.text + "\n", label))
        elif options.mode is Mode.WRITE:
            record[options.field] = result.text
            record[RECORDS_KEY] = _record_extra(result)
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return counts


def run_job(job: Job, options: Options, out: IO[str]) -> Counts:
    """Run *job*, writing to *out*."""
    if job.jsonl:
        return run_jsonl_job(job, options, out)
    return run_text_job(job, options, out)


def run_job_to_file(job: Job, options: Options, folder: str) -> tuple[str, Counts]:
    """Run *job* in a worker; its output goes to a new temporary file in *folder*."""
    fd, name = tempfile.mkstemp(prefix=".captionfix-part-", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            counts = run_job(job, options, out)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(name).unlink()
        raise
    return name, counts


def run_batch(
    batch: list[tuple[Job, str | None, str]], options: Options, folder: str
) -> tuple[str, list[Counts]]:
    """Run several whole-file jobs in a worker.

    A job with a target (``--in-place``, ``--output-dir``) writes it atomically
    here; the others write, in order, to one temporary file returned by name.
    """
    fd, name = tempfile.mkstemp(prefix=".captionfix-batch-", dir=folder)
    counts: list[Counts] = []
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as shared:
            for job, target, encoding in batch:
                if target is None:
                    counts.append(run_job(job, options, shared))
                else:
                    with atomic_writer(Path(target), encoding) as out:
                        counts.append(run_job(job, options, out))
    except BaseException:
        with contextlib.suppress(OSError):
            Path(name).unlink()
        raise
    return name, counts


def unified_diff(before: str, after: str, label: str) -> str:
    """A unified diff from *before* to *after*, labelled like black's."""
    if before == after:
        return ""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile=f"a/{label}",
        tofile=f"b/{label}",
    )
    out = []
    for line in lines:
        out.append(line)
        if not line.endswith("\n"):
            out.append("\n\\ No newline at end of file\n")
    return "".join(out)


# --- writing ---------------------------------------------------------------------


@contextlib.contextmanager
def atomic_writer(target: Path, encoding: str = "utf-8") -> Iterator[IO[str]]:
    """Write *target* through a temporary file in its folder, fsynced and renamed.

    If anything fails, or the process is killed, the target is untouched.
    """
    folder = target.parent if str(target.parent) else Path()
    try:
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        msg = f"{target}: cannot write ({exc.strerror})"
        raise InputError(msg) from None
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="\n") as out:
            yield out
            out.flush()
            os.fsync(out.fileno())
        mode = target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~_umask()
        os.chmod(name, mode)  # noqa: PTH101 - mkstemp makes 0600; keep the usual mode
        Path(name).replace(target)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(name).unlink()
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def copy_file(name: str, out: IO[str]) -> None:
    """Append the text file *name* to *out*, in blocks, and delete it."""
    with open(name, encoding="utf-8", newline="") as fh:  # noqa: PTH123 - streamed copy
        while block := fh.read(1 << 20):
            out.write(block)
    Path(name).unlink()


# --- the report --------------------------------------------------------------------


@attrs.define
class Report:
    """Counts what happened and owns the exit code (as black's ``Report`` does)."""

    mode: Mode
    quiet: bool = False
    verbose: bool = False
    counts: Counts = attrs.Factory(Counts)
    failed: bool = False

    def done(self, label: str, counts: Counts) -> None:
        """Record a finished job; say so with ``-v``."""
        self.counts.add(counts)
        if self.verbose:
            state = "changed" if counts.changed else "unchanged"
            print(f"captionfix: {label}: {state}", file=sys.stderr)

    def error(self, message: str) -> None:
        """Report an error in one line (always printed, even with ``-q``)."""
        self.failed = True
        print(f"captionfix: error: {message}", file=sys.stderr)

    def summary(self) -> None:
        """The closing line with ``-v``: documents, changed, captions, credits."""
        if self.verbose:
            c = self.counts
            print(
                f"captionfix: {c.documents} documents, {c.changed} changed, "
                f"{c.captions} captions, {c.credits} credits",
                file=sys.stderr,
            )

    @property
    def return_code(self) -> int:
        """2 on errors, 1 for changes under --check/--diff, else 0."""
        if self.failed:
            return 2
        if self.mode is not Mode.WRITE and self.counts.changed:
            return 1
        return 0
