"""The command line's reliability issue: one test per item (docs/reliability.md).

Data loss first (what is at an output path, links, owner and mode, JSON Lines
passthrough, signals), then the inputs that used to end in a traceback, then
resource limits.  In-process where the behaviour is the program's own, by
subprocess where it needs real descriptors, signals or a second process.
"""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import captionfix._cli_io
from captionfix.cli import _cpus, main

ARTICLE = (
    "The minister arrived in the capital on Monday for talks.\n\n"
    "Farmers protest outside parliament (AP Photo/Jane Roe)\n\n"
    "Officials said“the talks will go on.”\n"
)
CLEAN = "The minister arrived in the capital on Monday for talks.\n\nOfficials said “the talks will go on.”\n"
CLI = [sys.executable, "-m", "captionfix"]
ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX nodes, signals and descriptors")
root_only = pytest.mark.skipif(getattr(os, "geteuid", lambda: 1)() != 0, reason="needs root")


def _write(path: Path, data: bytes | str) -> Path:
    path.write_bytes(data.encode() if isinstance(data, str) else data)
    return path


def _run(*args: str, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [*CLI, *args], capture_output=True, check=False, env=ENV, timeout=120, **kwargs
    )  # type: ignore[call-overload]


def _one_error_line(err: str, message: str) -> None:
    assert message in err, err
    assert 1 == len(err.strip().splitlines()), err
    assert "Traceback" not in err


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if "captionfix-" in p.name)


# --- outputs: never replace a node that is not a regular file -------------------------


@posix_only
def test_output_into_fifo_writes_into_it(tmp_path: Path) -> None:
    """-o FIFO (as a device node would be) is written into, not replaced by a file."""
    src = _write(tmp_path / "a.txt", ARTICLE)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    assert 0 == main([str(src), "-o", str(fifo)])
    reader.join(10)
    assert [CLEAN.encode()] == got
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert [] == _temps(tmp_path)


@posix_only
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
def test_output_dev_full_is_an_error_not_a_replacement(tmp_path: Path) -> None:
    """-o /dev/full: exit 2 with one line; the device node stays a device node."""
    src = _write(tmp_path / "a.txt", ARTICLE)
    before = Path("/dev/full").stat()
    proc = _run(str(src), "-o", "/dev/full")
    assert 2 == proc.returncode
    _one_error_line(proc.stderr.decode(), "/dev/full: cannot write (No space left on device)")
    after = Path("/dev/full").stat()
    assert stat.S_ISCHR(after.st_mode)
    assert (before.st_ino, before.st_rdev) == (after.st_ino, after.st_rdev)


@posix_only
@pytest.mark.skipif(not Path("/proc/self/fd/1").exists(), reason="no /proc")
def test_output_symlink_to_stdout_descriptor(tmp_path: Path) -> None:
    """-o LINK where LINK -> /proc/self/fd/1 writes to stdout; the link stays a link."""
    src = _write(tmp_path / "a.txt", ARTICLE)
    link = tmp_path / "out"
    link.symlink_to("/proc/self/fd/1")
    proc = _run(str(src), "-o", str(link))
    assert 0 == proc.returncode, proc.stderr
    assert CLEAN.encode() == proc.stdout
    assert link.is_symlink()
    assert Path("/proc/self/fd/1") == link.readlink()


@posix_only
def test_output_symlink_writes_through(tmp_path: Path) -> None:
    """-o LINK to a regular file replaces the file it points to; the link stays."""
    src = _write(tmp_path / "a.txt", ARTICLE)
    real = _write(tmp_path / "real.txt", "old")
    link = tmp_path / "link.txt"
    link.symlink_to(real.name)
    assert 0 == main([str(src), "-o", str(link)])
    assert link.is_symlink()
    assert CLEAN == real.read_text(encoding="utf-8")


def test_output_existing_folder_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """-o EXISTING_DIR: exit 2, one line, the folder untouched."""
    src = _write(tmp_path / "a.txt", ARTICLE)
    folder = tmp_path / "dir"
    folder.mkdir()
    assert 2 == main([str(src), "-o", str(folder)])
    _one_error_line(capsys.readouterr().err, "dir: is a folder, not a file")
    assert [] == list(folder.iterdir())


def test_output_dir_existing_file_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--output-dir EXISTING_FILE: exit 2, one line, the file untouched."""
    src = _write(tmp_path / "a.txt", ARTICLE)
    other = _write(tmp_path / "b.bin", b"keep")
    assert 2 == main([str(src), "--output-dir", str(other)])
    _one_error_line(capsys.readouterr().err, "b.bin: --output-dir names a file, not a folder")
    assert b"keep" == other.read_bytes()


# --- --in-place: links, owner, mode, read-only ----------------------------------------


@posix_only
def test_in_place_symlink_writes_through(tmp_path: Path) -> None:
    """--in-place LINK rewrites the target, as sed -i --follow-symlinks; the link stays."""
    real = _write(tmp_path / "real.txt", ARTICLE)
    link = tmp_path / "link.txt"
    link.symlink_to(real.name)
    assert 0 == main(["--in-place", str(link)])
    assert link.is_symlink()
    assert CLEAN == real.read_text(encoding="utf-8")
    assert [] == _temps(tmp_path)


@posix_only
def test_in_place_hard_link_is_split_with_a_warning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file with another hard link: rewritten under its name; the warning says the
    other name keeps the old text (as sed -i and black do, but said out loud)."""
    path = _write(tmp_path / "a.txt", ARTICLE)
    other = tmp_path / "b.txt"
    os.link(path, other)
    assert 0 == main(["--in-place", str(path)])
    err = capsys.readouterr().err
    assert "a.txt: has 1 other hard link" in err
    assert "keep the old text" in err
    assert CLEAN == path.read_text(encoding="utf-8")
    assert ARTICLE == other.read_text(encoding="utf-8")


@posix_only
@root_only
def test_in_place_keeps_owner_group_and_mode(tmp_path: Path) -> None:
    """A root run keeps the file's owner, group and mode (set-gid bit included)."""
    path = _write(tmp_path / "a.txt", ARTICLE)
    os.chown(path, 1234, 2345)
    path.chmod(0o2640)
    assert 0 == main(["--in-place", str(path)])
    st = path.stat()
    assert (1234, 2345, 0o2640) == (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode))
    assert CLEAN == path.read_text(encoding="utf-8")


def test_in_place_read_only_refused_unless_forced(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A 0444 file is refused (even for root, who could write it) unless --force."""
    path = _write(tmp_path / "a.txt", ARTICLE)
    path.chmod(0o444)
    assert 2 == main(["--in-place", str(path)])
    _one_error_line(capsys.readouterr().err, "a.txt: read-only (mode 0444)")
    assert ARTICLE == path.read_text(encoding="utf-8")
    assert 0 == main(["--in-place", "--force", str(path)])
    assert CLEAN == path.read_text(encoding="utf-8")
    assert 0o444 == stat.S_IMODE(path.stat().st_mode)


def test_in_place_read_only_refused_before_anything_is_written(tmp_path: Path) -> None:
    """One read-only file in a folder: nothing in the folder is rewritten."""
    for name in ("a.txt", "b.txt", "c.txt"):
        _write(tmp_path / name, ARTICLE)
    (tmp_path / "c.txt").chmod(0o444)
    assert 2 == main(["--in-place", str(tmp_path)])
    assert all(ARTICLE == (tmp_path / n).read_text(encoding="utf-8") for n in ("a.txt", "b.txt"))


@posix_only
def test_in_place_fifo_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--in-place on a FIFO is refused before it is opened."""
    fifo = tmp_path / "p.txt"
    os.mkfifo(fifo)
    assert 2 == main(["--in-place", str(fifo)])
    _one_error_line(capsys.readouterr().err, "p.txt: not a regular file")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_in_place_unencodable_refused_file_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--encoding latin-1 --in-place where the clean text has “: say so, file untouched."""
    data = "“Hello,” said Bob.\n".encode()  # read as latin-1: mojibake that ftfy repairs
    path = _write(tmp_path / "a.txt", data)
    assert 2 == main(["--encoding", "latin-1", "--in-place", str(path)])
    _one_error_line(capsys.readouterr().err, "which latin-1 cannot encode; nothing was written")
    assert data == path.read_bytes()
    assert [] == _temps(tmp_path)


# --- JSON Lines: other bytes pass through; the records key is never overwritten ------

PASSTHROUGH = (
    '{"id": 1e999, "big": ' + "9" * 5000 + ', "name": "caf\\u00e9", "odd": "\\ud800",'
    '  "nested": {"a": 1, "a": 2}, "f": 1.50, "text": "Officials said“we go.”"}\r\n'
)


def test_jsonl_other_fields_pass_through_byte_for_byte(tmp_path: Path) -> None:
    """Numbers (1e999, 5000 digits, 1.50), escapes, a lone surrogate in another field,
    nested duplicate keys, spacing and CRLF come out as they went in."""
    src = _write(tmp_path / "d.jsonl", PASSTHROUGH)
    out = tmp_path / "o.jsonl"
    assert 0 == main([str(src), "-o", str(out)])
    line = out.read_bytes().decode()
    head = PASSTHROUGH.split('"text"', maxsplit=1)[0]
    assert line.startswith(head + '"text": "Officials said “we go.”", "captionfix": {')
    assert line.endswith("}\r\n")
    assert "Infinity" not in line


def test_jsonl_unchanged_text_keeps_its_escapes(tmp_path: Path) -> None:
    """A text field that does not change is written as it was read (escapes kept)."""
    src = _write(tmp_path / "d.jsonl", '{"text":"caf\\u00e9 au lait.","n":1}\n')
    out = tmp_path / "o.jsonl"
    assert 0 == main([str(src), "-o", str(out)])
    assert out.read_text(encoding="utf-8").startswith(
        '{"text":"caf\\u00e9 au lait.","n":1, "captionfix": {'
    )


def test_jsonl_existing_records_key_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A record that already has "captionfix" is an error naming FILE:LINE, not overwritten."""
    src = _write(tmp_path / "d.jsonl", '{"text": "a"}\n{"text": "b", "captionfix": 7}\n')
    out = tmp_path / "o.jsonl"
    assert 2 == main([str(src), "-o", str(out)])
    _one_error_line(capsys.readouterr().err, "d.jsonl:2: the record already has a key 'captionfix'")
    assert not out.exists()
    assert 0 == main([str(src), "-o", str(out), "--records-key", "cf"])
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert 7 == rows[1]["captionfix"]
    assert "edits" in rows[1]["cf"]


def test_field_captionfix_needs_another_records_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--field captionfix would lose the clean text under the records: refused, unless
    --records-key names another key."""
    src = _write(tmp_path / "d.jsonl", '{"captionfix": "Officials said“we go.”"}\n')
    assert 2 == main(["--field", "captionfix", str(src)])
    _one_error_line(capsys.readouterr().err, "--field and --records-key are both 'captionfix'")
    assert 0 == main(["--field", "captionfix", "--records-key", "cf", str(src)])
    row = json.loads(capsys.readouterr().out)
    assert "Officials said “we go.”" == row["captionfix"]


def test_jsonl_duplicate_text_key_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two "text" keys in one record: which one to clean is unclear, so it is an error."""
    src = _write(tmp_path / "d.jsonl", '{"text": "a", "text": "b"}\n')
    assert 2 == main([str(src)])
    _one_error_line(capsys.readouterr().err, "d.jsonl:1: the key 'text' appears more than once")


# --- inputs that used to end in a traceback, and unclear messages ---------------------


def _deep(d: Path) -> list[str]:
    return [str(_write(d / "x.jsonl", "[" * 100_000 + "\n"))]


BAD = {
    "lone-surrogate-in-text": (
        lambda d: [str(_write(d / "x.jsonl", '{"text": "a\\ud800b"}\n'))],
        "x.jsonl:1: field 'text' holds a lone surrogate \\ud800",
    ),
    "nested-100k": (
        _deep,
        "x.jsonl:1: not valid JSON that captionfix can read (nested too deeply)",
    ),
    "nan": (
        lambda d: [str(_write(d / "x.jsonl", '{"text": "a", "n": NaN}\n'))],
        "x.jsonl:1: not valid JSON (NaN is not a JSON value)",
    ),
    "array-line": (
        lambda d: [str(_write(d / "x.jsonl", '{"text": "a"}\n[1, 2]\n'))],
        "x.jsonl:2: the line is an array, not a JSON object",
    ),
    "number-line": (
        lambda d: [str(_write(d / "x.jsonl", "5\n"))],
        "x.jsonl:1: the line is a number, not a JSON object",
    ),
    "unterminated-string": (
        lambda d: [str(_write(d / "x.jsonl", '{"text": "abc\n'))],
        "x.jsonl:1: not valid JSON (Unterminated string starting at column 10)",
    ),
    "utf16-text": (
        lambda d: [str(_write(d / "x.txt", "Hello".encode("utf-16")))],
        "x.txt: this is UTF-16 (it starts with a UTF-16 byte-order mark); try --encoding utf-16",
    ),
    "utf16-jsonl": (
        lambda d: [str(_write(d / "x.jsonl", '{"text": "a"}\n'.encode("utf-16")))],
        "x.jsonl: this is UTF-16",
    ),
    "symlink-loop": (
        lambda d: [str(_loop(d / "loop.txt"))],
        "loop.txt: cannot read (a symlink loop)",
    ),
    "broken-symlink": (
        lambda d: [str(_dangling(d / "gone.txt"))],
        "gone.txt: a broken symlink (to nowhere.txt)",
    ),
}


def _loop(path: Path) -> Path:
    path.symlink_to(path.name)
    return path


def _dangling(path: Path) -> Path:
    path.symlink_to("nowhere.txt")
    return path


@pytest.mark.parametrize("case", BAD.values(), ids=BAD.keys())
def test_bad_input_one_line(
    case: tuple, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each of these is exit 2 and one line naming the place, never a traceback."""
    make_args, message = case
    assert 2 == main(make_args(tmp_path))
    _one_error_line(capsys.readouterr().err, message)
    assert "at at" not in message


def test_no_at_at_in_json_messages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The decoder's messages that end in "at" do not become "at at column"."""
    for n, bad in enumerate(['{"text": "abc', '{"text": "a\\x"}', '{"a" 1}', "{,}"]):
        src = _write(tmp_path / f"{n}.jsonl", bad + "\n")
        assert 2 == main([str(src)])
        err = capsys.readouterr().err
        assert "not valid JSON" in err
        assert "at at" not in err


@pytest.mark.skipif(not Path("/proc/self/mem").exists(), reason="no /proc")
@pytest.mark.parametrize("name", ["x.jsonl", "x.txt"])
def test_unreadable_file(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file that opens but cannot be read (EIO; root ignores mode bits): one line."""
    path = tmp_path / name
    path.symlink_to("/proc/self/mem")
    assert 2 == main([str(path)])
    _one_error_line(capsys.readouterr().err, f"{name}: cannot read (")


@posix_only
def test_fifo_input_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A FIFO named as input (as `<(zcat a.gz)` gives) is read, not called missing."""
    fifo = tmp_path / "in.txt"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_text(ARTICLE, encoding="utf-8"))
    writer.start()
    assert 0 == main([str(fifo)])
    writer.join(10)
    assert CLEAN == capsys.readouterr().out


@posix_only
@pytest.mark.parametrize("stream", ["stdin", "stdout"])
def test_closed_standard_streams(stream: str, tmp_path: Path) -> None:
    """`<&-` and `>&-`: exit 2 with one line, no traceback."""
    src = _write(tmp_path / "a.txt", ARTICLE)
    redirect, arg, message = (
        ("<&-", "-", "<stdin>: standard input is closed")
        if stream == "stdin"
        else (">&-", str(src), "<stdout>: standard output is closed")
    )
    proc = subprocess.run(
        ["sh", "-c", f'"$0" -m captionfix "$1" {redirect}', sys.executable, arg],
        capture_output=True,
        check=False,
        env=ENV,
        timeout=60,
    )
    assert 2 == proc.returncode
    _one_error_line(proc.stderr.decode(), message)


@posix_only
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize("flag", [[], ["--diff"]], ids=["write", "diff"])
def test_stdout_dev_full(flag: list[str], tmp_path: Path) -> None:
    """`> /dev/full`: exit 2 (not 1 under --diff), one line, nothing at exit."""
    src = _write(tmp_path / "a.txt", ARTICLE)
    with open("/dev/full", "wb") as full:  # noqa: PTH123
        proc = subprocess.run(
            [*CLI, *flag, str(src)], stdout=full, stderr=subprocess.PIPE, check=False, env=ENV
        )
    assert 2 == proc.returncode
    _one_error_line(proc.stderr.decode(), "<stdout>: cannot write (No space left on device)")


@posix_only
def test_broken_pipe_ends_quietly(tmp_path: Path) -> None:
    """`| head -1`: the run stops at once, exit 141 (as SIGPIPE), nothing on stderr."""
    src = _write(
        tmp_path / "d.jsonl",
        "".join(json.dumps({"i": i, "text": ARTICLE}) + "\n" for i in range(3000)),
    )
    proc = subprocess.Popen(
        [*CLI, str(src)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV
    )
    assert proc.stdout is not None
    assert proc.stderr is not None
    assert proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    proc.stderr.close()
    assert 141 == proc.wait(60)
    assert b"" == err


# --- signals: clean up on every one; SIGKILL leftovers go at the next run -------------


@pytest.fixture(scope="module")
def big_jsonl(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A JSON Lines file that takes -j 2 several seconds."""
    path = tmp_path_factory.mktemp("big") / "big.jsonl"
    row = ARTICLE * 5
    path.write_text(
        "".join(json.dumps({"i": i, "text": row}) + "\n" for i in range(20_000)), encoding="utf-8"
    )
    return path


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with_children = task / "children"
        if with_children.exists():
            found += [int(x) for x in with_children.read_text().split()]
    return found


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    status = Path(f"/proc/{pid}/status")
    return not (status.exists() and "State:\tZ" in status.read_text())


def _start_parallel(big: Path, out: Path, tmp: Path) -> tuple[subprocess.Popen[bytes], list[int]]:
    """Start `-j 2 big.jsonl -o out` and wait until both workers run and the output's
    temporary file exists."""
    with (tmp.parent / "stderr").open("wb") as err:
        proc = subprocess.Popen(
            [*CLI, "-j", "2", str(big), "-o", str(out)],
            stderr=err,
            env={**ENV, "TMPDIR": str(tmp)},
            # a shell's background job ignores SIGINT, and the child would inherit that
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),  # noqa: PLW1509
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        workers = _children(proc.pid)
        if len(workers) >= 2 and len(_temps(out.parent)) >= 2:
            time.sleep(0.5)  # into the work
            return proc, workers
        time.sleep(0.05)
    proc.kill()
    pytest.fail("the run did not start its workers")


@posix_only
@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads /proc")
@pytest.mark.parametrize(
    "signum", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP], ids=lambda s: s.name
)
def test_signal_during_parallel_run_cleans_up(
    signum: signal.Signals, big_jsonl: Path, tmp_path: Path
) -> None:
    """A signal to the parent of `-j 2 big.jsonl -o out.jsonl`: it exits within seconds
    with 128+N, the workers are gone and no temporary file is left anywhere."""
    out_dir, tmp = tmp_path / "out", tmp_path / "tmp"
    out_dir.mkdir()
    tmp.mkdir()
    proc, workers = _start_parallel(big_jsonl, out_dir / "out.jsonl", tmp)
    proc.send_signal(signum)
    assert 128 + signum == proc.wait(10)
    err = (tmp_path / "stderr").read_text(encoding="utf-8")
    assert "no file was left half-written" in err
    assert "Traceback" not in err
    deadline = time.monotonic() + 5
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [w for w in workers if _alive(w)]
    assert [] == list(out_dir.iterdir())
    assert [] == list(tmp.iterdir())


@posix_only
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal is Linux")
def test_sigkill_workers_follow_and_next_run_cleans(
    big_jsonl: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """SIGKILL cannot be caught: the workers die with the parent, the leftovers have
    recognisable names beside the output, and the next run there removes them."""
    out_dir, tmp = tmp_path / "out", tmp_path / "tmp"
    out_dir.mkdir()
    tmp.mkdir()
    out = out_dir / "out.jsonl"
    proc, workers = _start_parallel(big_jsonl, out, tmp)
    proc.kill()
    proc.wait(10)
    deadline = time.monotonic() + 5
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [w for w in workers if _alive(w)]
    left = _temps(out_dir)
    assert left
    assert all(n.startswith((".out.jsonl.captionfix-", ".captionfix-")) for n in left)
    assert not out.exists()
    small = _write(tmp_path / "s.jsonl", '{"text": "a"}\n')
    assert 0 == main(["-v", str(small), "-o", str(out)])
    assert "left by an earlier run that was killed" in capsys.readouterr().err
    assert ["out.jsonl"] == [p.name for p in out_dir.iterdir()]


def test_stale_cleanup_spares_live_runs(tmp_path: Path) -> None:
    """Only names of dead processes are removed; a live run's files stay."""
    live = _write(tmp_path / f".a.txt.captionfix-{os.getpid()}-abc.tmp", "x")
    dead_pid = 2**22 + 12345  # above pid_max's default: no such process
    dead = _write(tmp_path / f".a.txt.captionfix-{dead_pid}-abc.tmp", "x")
    mine = _write(tmp_path / ".a.txt.tmp", "not ours")
    removed = captionfix._cli_io.remove_stale_temps([tmp_path])
    assert [str(dead)] == removed
    assert live.exists()
    assert mine.exists()


# --- resource limits ------------------------------------------------------------------


def test_jobs_capped_at_cpu_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """-j 1000 starts at most one worker per CPU, and says so; --oversubscribe insists."""
    seen: list[int] = []
    real = captionfix._cli_io.ProcessPoolExecutor

    class Recording(real):  # type: ignore[valid-type,misc]
        def __init__(self, max_workers: int, **kwargs: object) -> None:
            seen.append(max_workers)
            super().__init__(max_workers=max_workers, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(captionfix._cli_io, "ProcessPoolExecutor", Recording)
    for n in range(8):
        _write(tmp_path / f"{n}.txt", ARTICLE)
    out = tmp_path / "o.jsonl"
    assert 0 == main(["-j", "1000", str(tmp_path), "--format", "jsonl", "-o", str(out)])
    assert f"-j 1000 is more than the {_cpus()} CPUs here" in capsys.readouterr().err
    assert seen == [min(_cpus(), 8)] or (_cpus() == 1 and seen == [])
    seen.clear()
    assert 0 == main(
        ["-j", "3", "--oversubscribe", str(tmp_path), "--format", "jsonl", "-o", str(out)]
    )
    assert [3] == seen


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_in_place_stops_at_first_bad_file_whatever_j(jobs: str, tmp_path: Path) -> None:
    """-j 1 and -j 2 --in-place over a folder: the same policy, the same files rewritten
    (those before the bad file), the rest untouched, exit 2."""
    names = [f"{n:02}.txt" for n in range(24)]
    for name in names:
        _write(tmp_path / name, ARTICLE)
    _write(tmp_path / names[9], b"bad \xff bytes")
    assert 2 == main(["-j", jobs, "--in-place", str(tmp_path)])
    texts = [(tmp_path / n).read_bytes() for n in names]
    assert [CLEAN.encode()] * 9 == texts[:9]
    assert [ARTICLE.encode()] * 14 == texts[10:]
    assert [] == _temps(tmp_path)


def test_output_dir_inside_input_is_skipped(tmp_path: Path) -> None:
    """--output-dir in/clean run twice does not clean its own earlier output."""
    src = tmp_path / "in"
    src.mkdir()
    _write(src / "a.txt", ARTICLE)
    assert 0 == main([str(src), "--output-dir", str(src / "clean")])
    assert 0 == main([str(src), "--output-dir", str(src / "clean")])
    made = sorted(str(p.relative_to(src)) for p in src.rglob("*") if p.is_file())
    assert ["a.txt", "clean/a.txt"] == made
    assert CLEAN == (src / "clean" / "a.txt").read_text(encoding="utf-8")


def test_jsonl_utf8_bom_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A UTF-8 byte-order mark before the first JSON Lines record is not a JSON error."""
    src = _write(tmp_path / "d.jsonl", b'\xef\xbb\xbf{"text": "Plain."}\n')
    assert 0 == main([str(src)])
    assert "Plain." == json.loads(capsys.readouterr().out)["text"]
