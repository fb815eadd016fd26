"""The command line's machinery: sources, streaming, atomic writes, workers, report.

Kept apart from :mod:`captionfix.cli` (argument parsing) so that each part is
small.  Nothing here prints except through :class:`Report`.

Design:

* A *job* is one input file (or stdin), or one byte range of a large JSON Lines
  file.  A job reads its own input and writes its results to a temporary file;
  the parent only learns the file's name and a few counts.  So ``-j N`` sends
  no article through a pipe, and output order is the order of the jobs.
* Every file captionfix writes is written to a temporary file in the target's
  folder, flushed, fsynced and renamed over the target (through a symlink, with
  the old owner, group and mode): an interrupted run leaves the old file or the
  new one, never half of one.  A pipe or device given as the output is written
  into, never replaced.
* Every temporary file or folder is named ``.NAME.captionfix-PID-….tmp`` or
  ``.captionfix-PID-…`` beside the output; SIGTERM, SIGHUP and SIGINT remove
  them (workers too), and a later run removes those of a killed run.
* JSON Lines are streamed line by line; memory does not grow with the input.
  A record's other fields are written back as they were read: only the text
  field's value is replaced, and the records are added before the closing brace.
"""

from __future__ import annotations

import codecs
import contextlib
import difflib
import enum
import errno
import itertools
import json
import os
import re
import shutil
import signal
import stat
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import attrs

import captionfix
from captionfix.records import as_dict

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

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
    records_key: str = RECORDS_KEY


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


def _reason(exc: OSError) -> str:
    """The reason in an ``OSError``, in words (``symlink loop`` for ``ELOOP``)."""
    if exc.errno == errno.ELOOP:
        return "a symlink loop"
    return exc.strerror or str(exc)


def find_inputs(
    paths: list[str], globs: tuple[str, ...], exclude: Path | None = None
) -> list[tuple[str, Path | None]]:
    """Expand folders (recursively, by glob) into files; keep ``-`` and files as given.

    Returns ``(path, root)`` pairs, *root* being the folder a file was found in
    (for ``--output-dir``), or ``None`` for a file named directly.  A pipe or a
    character device named directly (``<(zcat dump.gz)``, ``/dev/stdin``) is
    read as a stream.  Files inside *exclude* (the ``--output-dir`` when it lies
    inside an input folder) are skipped.
    """
    found: list[tuple[str, Path | None]] = []
    skip = exclude.resolve() if exclude is not None else None
    for name in paths:
        if name == "-":
            found.append((name, None))
            continue
        try:
            st = os.stat(name)  # noqa: PTH116 - the errno tells a loop from a missing file
        except OSError as exc:
            if exc.errno == errno.ENOENT and os.path.islink(name):  # noqa: PTH114
                msg = f"{name}: a broken symlink (to {os.readlink(name)})"  # noqa: PTH115
            elif exc.errno == errno.ENOENT:
                msg = f"{name}: no such file or folder"
            else:
                msg = f"{name}: cannot read ({_reason(exc)})"
            raise InputError(msg) from None
        if stat.S_ISDIR(st.st_mode):
            path = Path(name)
            files = sorted(
                {
                    p
                    for g in globs
                    for p in path.rglob(g)
                    if p.is_file() and (skip is None or not p.resolve().is_relative_to(skip))
                }
            )
            if not files:
                msg = f"{name}: no input files here (looked for {', '.join(globs)})"
                raise InputError(msg)
            found.extend((str(p), path) for p in files)
        elif stat.S_ISREG(st.st_mode) or stat.S_ISFIFO(st.st_mode) or stat.S_ISCHR(st.st_mode):
            found.append((name, None))
        else:
            msg = f"{name}: not a file, a folder or a pipe"
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


_BOM32 = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)  # before UTF-16: FF FE 00 00 starts both
_BOM16 = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _utf16_hint(data: bytes, encoding: str, where: str) -> None:
    """Raise a clear error for UTF-16 (or UTF-32) read as an 8-bit encoding."""
    if codecs.lookup(encoding).name.startswith("utf-16"):
        return
    for bits, marks in ((32, _BOM32), (16, _BOM16)):
        if data.startswith(marks):
            msg = (
                f"{where}: this is UTF-{bits} (it starts with a UTF-{bits} byte-order mark); "
                f"try --encoding utf-{bits}"
            )
            raise InputError(msg)


def read_text(job: Job, options: Options) -> str:
    """The whole text of a plain-text job."""
    try:
        if job.path == "-":
            if sys.stdin is None:
                msg = "<stdin>: standard input is closed"
                raise InputError(msg)
            data = sys.stdin.buffer.read()
        else:
            data = Path(job.path).read_bytes()
    except OSError as exc:
        msg = f"{job.label}: cannot read ({_reason(exc)})"
        raise InputError(msg) from None
    with contextlib.suppress(LookupError):  # _decode says so
        _utf16_hint(data, options.encoding, job.label)
    return _decode(data, options.encoding, job.label)


def _jsonl_lines(job: Job) -> Iterator[tuple[int, bytes]]:
    """``(offset, line)`` for the lines of a JSON Lines job, streamed."""
    try:
        if job.path == "-":
            if sys.stdin is None:
                msg = "<stdin>: standard input is closed"
                raise InputError(msg)
            pos = 0
            for line in sys.stdin.buffer:
                yield pos, line
                pos += len(line)
            return
        with open(job.path, "rb") as fh:  # noqa: PTH123 - a raw byte stream
            if job.start:
                fh.seek(job.start)
            pos = job.start
            for line in fh:
                if job.end >= 0 and pos >= job.end:
                    break
                yield pos, line
                pos += len(line)
    except OSError as exc:
        msg = f"{job.label}: cannot read ({_reason(exc)})"
        raise InputError(msg) from None


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


class _Number(str):
    """A JSON number, kept as written: never converted, so never re-written as ``Infinity``."""

    __slots__ = ()


class _Object:
    """A nested JSON object: only checked, never rebuilt (its text passes through)."""

    __slots__ = ()


_OBJECT = _Object()


class _NotJsonError(ValueError):
    """``NaN``, ``Infinity`` or ``-Infinity``: accepted by Python, not by JSON."""


def _reject_constant(name: str) -> object:
    raise _NotJsonError(name)


_DECODER = json.JSONDecoder(
    parse_int=_Number,
    parse_float=_Number,
    parse_constant=_reject_constant,
    object_pairs_hook=lambda _pairs: _OBJECT,
)
_SCAN = _DECODER.scan_once  # type: ignore[attr-defined]
_SPACE = re.compile(r"[ \t\n\r]*")


def _json_kind(value: object) -> str:
    if isinstance(value, _Number):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, _Object):
        return "an object"
    if value is None:
        return "null"
    return "true" if value else "false"


# the standard decoder's words, so that messages read the same for every error
_EXTRA, _VALUE = "Extra data", "Expecting value"
_COLON, _COMMA = "Expecting ':' delimiter", "Expecting ',' delimiter"
_KEY = "Expecting property name enclosed in double quotes"


def _bad(msg: str, line: str, idx: int) -> json.JSONDecodeError:
    return json.JSONDecodeError(msg, line, idx)


def _value(line: str, idx: int) -> tuple[object, int]:
    try:
        return _SCAN(line, idx)  # type: ignore[no-any-return]
    except StopIteration:
        raise _bad(_VALUE, line, idx) from None


@attrs.frozen
class Member:
    """One top-level member of a JSON Lines record: where its value stands, and the value.

    Nested values are checked, not built: numbers stay as written, objects are
    placeholders.  Only the text field's string is used.
    """

    start: int
    end: int
    value: object


@attrs.frozen
class Record:
    """A JSON Lines record: its top-level members, in order, and where its ``}`` is."""

    members: dict[str, Member]
    duplicates: frozenset[str]
    close: int


def parse_record(line: str) -> Record:
    """Parse a JSON Lines record and say where each top-level value is.

    Raises :class:`json.JSONDecodeError` on malformed JSON, :class:`_NotJsonError` on
    ``NaN``/``Infinity``, :class:`RecursionError` on absurd nesting, and
    :class:`TypeError` (with the kind in words) on a line that is not an object.

    >>> r = parse_record('{"id": 1e999, "text": "a"}')
    >>> r.members["id"].value, r.members["text"].value, r.close
    ('1e999', 'a', 25)
    """
    idx = _SPACE.match(line, 0).end()  # type: ignore[union-attr]
    if line[idx : idx + 1] != "{":
        value, end = _value(line, idx)
        end = _SPACE.match(line, end).end()  # type: ignore[union-attr]
        if end != len(line):
            raise _bad(_EXTRA, line, end)
        raise TypeError(_json_kind(value))
    members: dict[str, Member] = {}
    duplicates: set[str] = set()
    idx = _SPACE.match(line, idx + 1).end()  # type: ignore[union-attr]
    if line[idx : idx + 1] == "}":
        close = idx
    else:
        while True:
            if line[idx : idx + 1] != '"':
                raise _bad(_KEY, line, idx)
            key, idx = json.decoder.scanstring(line, idx + 1)  # type: ignore[attr-defined]
            idx = _SPACE.match(line, idx).end()  # type: ignore[union-attr]
            if line[idx : idx + 1] != ":":
                raise _bad(_COLON, line, idx)
            start = _SPACE.match(line, idx + 1).end()  # type: ignore[union-attr]
            value, idx = _value(line, start)
            if key in members:
                duplicates.add(key)
            members[key] = Member(start, idx, value)
            idx = _SPACE.match(line, idx).end()  # type: ignore[union-attr]
            sep = line[idx : idx + 1]
            if sep == "}":
                close = idx
                break
            if sep != ",":
                raise _bad(_COMMA, line, idx)
            idx = _SPACE.match(line, idx + 1).end()  # type: ignore[union-attr]
    end = _SPACE.match(line, close + 1).end()  # type: ignore[union-attr]
    if end != len(line):
        raise _bad(_EXTRA, line, end)
    return Record(members, frozenset(duplicates), close)


def _json_error(exc: json.JSONDecodeError) -> str:
    # the decoder's messages end in "at" where it means "at <the position>"
    msg = exc.msg.removesuffix(" at")
    return f"not valid JSON ({msg} at column {exc.colno})"


def _parse_line(text: str, options: Options, where: str) -> tuple[Record, str]:
    """Parse one line; return the record and its text field, or raise a clear InputError."""
    try:
        record = parse_record(text)
    except json.JSONDecodeError as exc:
        msg = f"{where}: {_json_error(exc)}"
        raise InputError(msg) from None
    except _NotJsonError as exc:
        msg = f"{where}: not valid JSON ({exc} is not a JSON value)"
        raise InputError(msg) from None
    except RecursionError:
        msg = f"{where}: not valid JSON that captionfix can read (nested too deeply)"
        raise InputError(msg) from None
    except TypeError as exc:
        msg = f"{where}: the line is {exc}, not a JSON object (one record per line)"
        raise InputError(msg) from None
    for key in (options.field, options.records_key):
        if key in record.duplicates:
            msg = f"{where}: the key {key!r} appears more than once"
            raise InputError(msg)
    if options.records_key in record.members and options.mode is Mode.WRITE:
        msg = (
            f"{where}: the record already has a key {options.records_key!r}; "
            "name another key for the records with --records-key"
        )
        raise InputError(msg)
    member = record.members.get(options.field)
    if member is None:
        msg = f"{where}: no field {options.field!r}; name the text field with --field"
        raise InputError(msg)
    value = member.value
    if not isinstance(value, str) or isinstance(value, _Number):
        kind = _json_kind(value)
        msg = f"{where}: field {options.field!r} is {kind}, not a string"
        raise InputError(msg)
    if _SURROGATE.search(value):
        bad = ord(_SURROGATE.search(value).group())  # type: ignore[union-attr]
        msg = (
            f"{where}: field {options.field!r} holds a lone surrogate \\u{bad:04x}, "
            "which is not a character (the text cannot be cleaned or written as UTF-8)"
        )
        raise InputError(msg)
    return record, value


_SURROGATE = re.compile("[\ud800-\udfff]")


def _splice(text: str, record: Record, options: Options, result: captionfix.Result) -> str:
    """The output line, every byte of *text* kept but the text field's value.

    The value is replaced only if it changed; the records go before the closing brace.
    """
    member = record.members[options.field]
    value = (
        text[member.start : member.end]
        if result.text == member.value
        else json.dumps(result.text, ensure_ascii=False)
    )
    extra = json.dumps(_record_extra(result), ensure_ascii=False)
    comma = ", " if record.members else ""
    return (
        f"{text[: member.start]}{value}{text[member.end : record.close]}"
        f"{comma}{json.dumps(options.records_key, ensure_ascii=False)}: {extra}"
        f"{text[record.close :]}"
    )


def run_jsonl_job(job: Job, options: Options, out: IO[str]) -> Counts:
    """Clean the text field of every record of a JSON Lines job, streaming.

    Every other byte of a line is written as it was read: other fields, numbers,
    escapes, spacing and the line end.
    """
    counts = Counts()
    first_line: list[int] = []  # the line number where this job starts, counted once if needed

    def where(k: int) -> str:
        if not first_line:
            first_line.append(_line_number(job, job.start))
        return f"{job.label}:{first_line[0] + k}"

    for k, (_offset, raw) in enumerate(_jsonl_lines(job)):
        if k == 0 and job.start == 0:
            with contextlib.suppress(LookupError):  # _decode says so
                _utf16_hint(raw, options.encoding, job.label)
        if not raw.strip():
            continue
        try:
            text = raw.decode(options.encoding)
        except (UnicodeDecodeError, LookupError):
            _decode(raw, options.encoding, where(k))
            raise  # _decode raised already; this is for the type checker
        if k == 0 and job.start == 0:
            text = text.removeprefix("\ufeff")  # a UTF-8 byte-order mark is not JSON
        body = text.removesuffix("\n")
        record, value = _parse_line(body, options, where(k))
        result = captionfix.clean(value, config=options.config)
        counts.add(Counts(1, int(result.changed), len(result.captions), len(result.credits)))
        if options.mode is Mode.DIFF:
            label = where(k) if result.changed else ""
            out.write(unified_diff(value + "\n", result.text + "\n", label))
        elif options.mode is Mode.WRITE:
            out.write(_splice(body, record, options, result) + "\n")
    return counts


def run_job(job: Job, options: Options, out: IO[str]) -> Counts:
    """Run *job*, writing to *out*."""
    if job.jsonl:
        return run_jsonl_job(job, options, out)
    return run_text_job(job, options, out)


def run_job_to_file(job: Job, options: Options, folder: str) -> tuple[str, Counts]:
    """Run *job* in a worker; its output goes to a new temporary file in *folder*.

    *folder* is the run's own temporary folder (see :func:`temp_folder`), removed
    whole when the run ends, however it ends.
    """
    fd, name = tempfile.mkstemp(prefix=".part-", suffix=".tmp", dir=folder)
    _track(name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            counts = run_job(job, options, out)
    except BaseException:
        discard(name)
        raise
    _untrack(name)  # the parent's now
    return name, counts


@attrs.frozen
class Pending:
    """A finished output file waiting to be renamed over its target, in input order."""

    temp: str
    target: str


@attrs.frozen
class BatchResult:
    """What :func:`run_batch` hands back: the shared output, counts, pending files, an error."""

    shared: str
    counts: list[Counts]
    pending: list[Pending]
    error: str | None


def run_batch(
    batch: list[tuple[Job, str | None, str]], options: Options, folder: str
) -> BatchResult:
    """Run several whole-file jobs in a worker.

    A job with a target (``--in-place``, ``--output-dir``) writes its output to
    a temporary file beside the target and hands it back as :class:`Pending`:
    the parent renames them in input order, so a bad file stops the run at the
    same place whatever ``-j`` is.  The jobs without a target write, in order,
    to one temporary file returned by name.  The first bad input ends the
    batch; its message comes back with the jobs done before it.
    """
    fd, name = tempfile.mkstemp(prefix=".batch-", suffix=".tmp", dir=folder)
    _track(name)
    counts: list[Counts] = []
    pending: list[Pending] = []
    error = None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as shared:
            for job, target, encoding in batch:
                try:
                    if target is None:
                        counts.append(run_job(job, options, shared))
                    else:
                        with output_file(Path(target), encoding, pending=pending) as out:
                            counts.append(run_job(job, options, out))
                except InputError as exc:  # noqa: PERF203 - once per batch at most
                    error = str(exc)
                    break
    except BaseException:
        for item in pending:
            discard(item.temp)
        discard(name)
        raise
    for item in pending:
        _untrack(item.temp)
    _untrack(name)
    return BatchResult(name, counts, pending, error)


def commit(item: Pending) -> None:
    """Rename a pending output over its target."""
    try:
        os.replace(item.temp, item.target)  # noqa: PTH105
    except OSError as exc:
        discard(item.temp)
        msg = f"{item.target}: cannot write ({_reason(exc)})"
        raise InputError(msg) from None


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


# --- temporary files, signals and workers ------------------------------------------

TEMP_TAG = "captionfix"
# .NAME.captionfix-PID-RANDOM.tmp beside a target; .captionfix-PID-RANDOM a run's folder
_STALE = re.compile(rf"\..*\.{TEMP_TAG}-(\d+)-[^/]*\.tmp|\.{TEMP_TAG}-(\d+)-[a-z0-9_]+")
_LIVE: dict[str, int] = {}  # temporary file or folder -> the process that made it


def _track(path: str) -> None:
    _LIVE[path] = os.getpid()


def _untrack(path: str) -> None:
    _LIVE.pop(path, None)


def discard(path: str) -> None:
    """Remove a temporary file or folder, quietly."""
    _untrack(path)
    if os.path.isdir(path) and not os.path.islink(path):  # noqa: PTH112, PTH114
        shutil.rmtree(path, ignore_errors=True)
    else:
        with contextlib.suppress(OSError):
            os.unlink(path)  # noqa: PTH108


def remove_own_temps() -> None:
    """Remove every temporary file and folder this process made and still holds."""
    pid = os.getpid()
    for path, owner in list(_LIVE.items()):
        if owner == pid:
            discard(path)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: someone else's live process
        return True
    return True


def remove_stale_temps(folders: Iterable[Path]) -> list[str]:
    """Remove what killed captionfix runs (SIGKILL, power loss) left in *folders*.

    Only captionfix's own names (``.NAME.captionfix-PID-….tmp`` and
    ``.captionfix-PID-…``) whose process is gone are removed.  Returns them.
    """
    removed = []
    for folder in set(folders):
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            match = _STALE.fullmatch(entry.name)
            if match and not _alive(int(match.group(1) or match.group(2))):
                discard(entry.path)
                removed.append(entry.path)
    return removed


@contextlib.contextmanager
def temp_folder(near: Path | None) -> Iterator[str]:
    """A folder for the workers' output, in *near* (the output's folder) or the system's."""
    folder = tempfile.mkdtemp(prefix=f".{TEMP_TAG}-{os.getpid()}-", dir=near)
    _track(folder)
    try:
        yield folder
    finally:
        discard(folder)


class Terminated(BaseException):  # named for what happened, as KeyboardInterrupt
    """Raised in the main process on SIGTERM or SIGHUP, so that every ``with`` cleans up."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


_CAUGHT = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))
_MAIN_PID = [0]


def _on_signal(signum: int, _frame: object) -> None:
    if os.getpid() != _MAIN_PID[0]:  # a forked worker that has not run its initializer yet
        _worker_signal(signum, _frame)
    raise Terminated(signum)


def _worker_signal(signum: int, _frame: object) -> None:
    remove_own_temps()
    os._exit(128 + signum)


def worker_init(parent: int) -> None:
    """Each worker: on SIGTERM, SIGHUP or SIGINT remove its temporary files and exit at once.

    On Linux a worker also gets SIGTERM when the parent dies (even by SIGKILL),
    so no orphan goes on working for minutes.
    """
    for signum in (*_CAUGHT, signal.SIGINT):
        signal.signal(signum, _worker_signal)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            import ctypes  # noqa: PLC0415 - Linux only

            pr_set_pdeathsig = 1
            ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)
    if os.getppid() != parent:  # the parent died before the line above
        _worker_signal(signal.SIGTERM, None)


@contextlib.contextmanager
def signals_caught() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into :class:`Terminated` while the block runs."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _MAIN_PID[0] = os.getpid()
    old = {signum: signal.signal(signum, _on_signal) for signum in _CAUGHT}
    try:
        yield
    finally:
        for signum, handler in old.items():
            signal.signal(signum, handler)


@contextlib.contextmanager
def worker_pool(workers: int) -> Iterator[ProcessPoolExecutor]:
    """A process pool that, when the run fails or is stopped, stops its workers at once.

    (``ProcessPoolExecutor``'s own exit waits for the running jobs to finish.)
    """
    pool = ProcessPoolExecutor(
        max_workers=workers, initializer=worker_init, initargs=(os.getpid(),)
    )
    try:
        yield pool
    except BaseException:
        stop_pool(pool)
        raise
    pool.shutdown(wait=True)


def stop_pool(pool: ProcessPoolExecutor) -> None:
    """Cancel what has not started and end the workers (SIGTERM, then SIGKILL after 5 s)."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        with contextlib.suppress(Exception):
            process.terminate()
    deadline = time.monotonic() + 5
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            process.kill()
            process.join()


# --- writing ---------------------------------------------------------------------


def _encode_error(target: object, encoding: str, exc: UnicodeEncodeError) -> InputError:
    char = exc.object[exc.start]
    line = exc.object.count("\n", 0, exc.start) + 1
    return InputError(
        f"{target}: the clean text has {char!r} (U+{ord(char):04X}, line {line} of what was "
        f"being written), which {encoding} cannot encode; nothing was written"
    )


def _keep_owner_and_mode(name: str, old: os.stat_result | None) -> None:
    """Give the new file *name* the owner, group and mode of the file it replaces."""
    if old is None:
        os.chmod(name, 0o666 & ~_umask())  # noqa: PTH101 - mkstemp makes 0600
        return
    if hasattr(os, "chown"):
        try:
            os.chown(name, old.st_uid, old.st_gid)
        except OSError:  # not root: keep at least the group, if we are in it
            with contextlib.suppress(OSError):
                os.chown(name, -1, old.st_gid)
    os.chmod(name, stat.S_IMODE(old.st_mode))  # noqa: PTH101 - after chown, which clears set-id bits


@contextlib.contextmanager
def atomic_writer(
    target: Path, encoding: str = "utf-8", *, pending: list[Pending] | None = None
) -> Iterator[IO[str]]:
    """Write *target* through a temporary file in its folder, fsynced and renamed.

    A symlink is followed: the file it points to is replaced, the link stays.
    The new file keeps the owner, group and mode of the old one.  If anything
    fails, or the process is stopped, the target is untouched.  With *pending*,
    the finished temporary file is appended there instead of being renamed.
    """
    real = Path(os.path.realpath(target))
    try:
        old: os.stat_result | None = real.stat()
    except FileNotFoundError:
        old = None
    except OSError as exc:
        msg = f"{target}: cannot write ({_reason(exc)})"
        raise InputError(msg) from None
    try:
        fd, name = tempfile.mkstemp(
            prefix=f".{real.name}.{TEMP_TAG}-{os.getpid()}-", suffix=".tmp", dir=real.parent
        )
    except OSError as exc:
        msg = f"{target}: cannot write ({_reason(exc)})"
        raise InputError(msg) from None
    _track(name)
    try:
        with os.fdopen(fd, "w", encoding=encoding, newline="\n") as out:
            try:
                yield out
            except UnicodeEncodeError as exc:
                raise _encode_error(target, encoding, exc) from None
            out.flush()
            os.fsync(out.fileno())
        _keep_owner_and_mode(name, old)
        if pending is None:
            Path(name).replace(real)
            _untrack(name)
        else:
            pending.append(Pending(name, str(real)))
    except OSError as exc:
        discard(name)
        msg = f"{target}: cannot write ({_reason(exc)})"
        raise InputError(msg) from None
    except BaseException:
        discard(name)
        raise


@contextlib.contextmanager
def _write_into(target: Path, encoding: str) -> Iterator[IO[str]]:
    """Write into a pipe, terminal or device as it is: never replace the node."""
    try:
        with open(target, "w", encoding=encoding, newline="\n") as out:  # noqa: PTH123
            try:
                yield out
            except UnicodeEncodeError as exc:
                raise _encode_error(target, encoding, exc) from None
            out.flush()
    except OSError as exc:
        msg = f"{target}: cannot write ({_reason(exc)})"
        raise InputError(msg) from None


@contextlib.contextmanager
def output_file(
    target: Path, encoding: str = "utf-8", *, pending: list[Pending] | None = None
) -> Iterator[IO[str]]:
    """Where ``-o`` and ``--output-dir`` write.

    A file is replaced atomically (through a symlink); a pipe or a device
    (``/dev/stdout``, a FIFO) is written into as it is; a folder is refused.
    """
    try:
        st: os.stat_result | None = target.stat()
    except FileNotFoundError:
        st = None
    except OSError as exc:
        msg = f"{target}: cannot write ({_reason(exc)})"
        raise InputError(msg) from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        msg = f"{target}: is a folder, not a file (--output-dir writes into a folder)"
        raise InputError(msg)
    writer = (
        _write_into(target, encoding)
        if st is not None and not stat.S_ISREG(st.st_mode)
        else atomic_writer(target, encoding, pending=pending)
    )
    with writer as out:
        yield out


def _read_only(path: str, st: os.stat_result) -> bool:
    """Whether *path* is read-only by its mode (root bypasses the bits, so read them)."""
    if getattr(os, "geteuid", lambda: -1)() == 0:
        return not st.st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    return not os.access(path, os.W_OK)


def check_in_place(path: str, *, force: bool) -> str | None:
    """Refuse what ``--in-place`` must not rewrite; return a warning for a hard link.

    A pipe or device is refused; a read-only file too, unless *force*.  A file
    with other hard links is rewritten under this name only (as ``sed -i`` and
    black do): the warning says so.
    """
    try:
        st = os.stat(path)  # noqa: PTH116
    except OSError as exc:
        msg = f"{path}: cannot read ({_reason(exc)})"
        raise InputError(msg) from None
    if not stat.S_ISREG(st.st_mode):
        msg = f"{path}: not a regular file; --in-place rewrites regular files only"
        raise InputError(msg)
    if not force and _read_only(path, st):
        msg = (
            f"{path}: read-only (mode {stat.S_IMODE(st.st_mode):04o}); "
            "--in-place leaves it alone unless --force is given"
        )
        raise InputError(msg)
    if st.st_nlink > 1:
        others = st.st_nlink - 1
        return (
            f"{path}: has {others} other hard link{'s' if others > 1 else ''}; "
            "--in-place writes a new file under this name only, the other names keep the old text"
        )
    return None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def copy_file(name: str, out: IO[str]) -> None:
    """Append the text file *name* to *out*, in blocks, and delete it."""
    with open(name, encoding="utf-8", newline="") as fh:  # noqa: PTH123 - streamed copy
        while block := fh.read(1 << 20):
            out.write(block)
    discard(name)


class StdoutError(InputError):
    """Writing to stdout failed (a full disk, a closed descriptor): one line, exit 2."""


class OutputClosed(Exception):  # noqa: N818 - a state, as BrokenPipeError is
    """The reader of stdout went away (``| head``): stop quietly."""


class Stdout:
    """stdout for the run: a write error is one clear line, a closed pipe a quiet stop."""

    def __init__(self) -> None:
        """Take the current ``sys.stdout``; refuse a closed one."""
        if sys.stdout is None:
            msg = "<stdout>: standard output is closed; name an output with -o FILE"
            raise StdoutError(msg)
        self.stream = sys.stdout

    def _call(self, method: str, *args: str) -> int:
        try:
            return getattr(self.stream, method)(*args)  # type: ignore[no-any-return]
        except BrokenPipeError:
            raise OutputClosed from None
        except UnicodeEncodeError as exc:
            error = _encode_error("<stdout>", self.stream.encoding, exc)
            raise StdoutError(str(error)) from None
        except OSError as exc:
            msg = f"<stdout>: cannot write ({_reason(exc)})"
            raise StdoutError(msg) from None
        except ValueError:  # "I/O operation on closed file"
            msg = "<stdout>: standard output is closed"
            raise StdoutError(msg) from None

    def write(self, text: str) -> int:
        """Write *text*."""
        return self._call("write", text)

    def flush(self) -> None:
        """Flush, so that a full disk or a closed pipe shows up here."""
        self._call("flush")


def silence_stdout() -> None:
    """Point fd 1 at /dev/null, so that Python's flush at exit cannot fail again.

    (The Python docs' advice for ``SIGPIPE``; a no-op when stdout has no file.)
    """
    try:
        fileno = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fileno)
    os.close(devnull)


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
            _say(f"captionfix: {label}: {state}")

    def error(self, message: str) -> None:
        """Report an error in one line, ``captionfix: FILE:LINE: message`` (even with ``-q``)."""
        self.failed = True
        _say(f"captionfix: {message}")

    def warn(self, message: str) -> None:
        """Say something the user must know, that is not an error (silenced by ``-q``)."""
        if not self.quiet:
            _say(f"captionfix: warning: {message}")

    def note(self, message: str) -> None:
        """Say something only ``-v`` asks for."""
        if self.verbose:
            _say(f"captionfix: {message}")

    def summary(self) -> None:
        """The closing line with ``-v``: documents, changed, captions, credits."""
        if self.verbose:
            c = self.counts
            _say(
                f"captionfix: {c.documents} documents, {c.changed} changed, "
                f"{c.captions} captions, {c.credits} credits"
            )

    @property
    def return_code(self) -> int:
        """2 on errors, 1 for changes under --check/--diff, else 0."""
        if self.failed:
            return 2
        if self.mode is not Mode.WRITE and self.counts.changed:
            return 1
        return 0


def _say(line: str) -> None:
    """One line on stderr; nothing if stderr is closed or gone."""
    if sys.stderr is None:
        return
    with contextlib.suppress(OSError, ValueError):
        print(line, file=sys.stderr, flush=True)
