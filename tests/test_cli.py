"""The command line (issue 4): every flag and every bad input, in-process; plus a
subprocess smoke test, flat memory on JSON Lines, a kill during --in-place, and
the help in docs/cli.md."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import captionfix
from captionfix.cli import build_parser, main

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = (
    "The minister arrived in the capital on Monday for talks.\r\n\r\n"
    "Farmers protest outside parliament (AP Photo/Jane Roe)\r\n\r\n"
    "Officials said“the talks will go on.”\r\n"
)
CLEAN = (
    "The minister arrived in the capital on Monday for talks.\n\n"
    "Officials said “the talks will go on.”\n"
)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    path.write_bytes(ARTICLE.encode())
    return path


def _jsonl(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_text_to_stdout(article: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A text file comes out clean on stdout, \\n line ends and one final newline."""
    assert 0 == main([str(article)])
    assert CLEAN == capsys.readouterr().out


def test_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """``-`` (and no path) reads stdin."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ARTICLE.encode())))
    assert 0 == main(["-"])
    assert CLEAN == capsys.readouterr().out


def test_format_json(article: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--format json writes the SPEC §2 object."""
    assert 0 == main(["--format", "json", str(article)])
    obj = json.loads(capsys.readouterr().out)
    assert {"text", "captions", "credits", "edits"} <= set(obj)
    assert ["Jane Roe"] == obj["credits"][0]["creators"]
    assert obj["text"] + "\n" == CLEAN


def test_format_jsonl_several_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--format jsonl writes one object per document, in path order, with its path."""
    for name in ("b.txt", "a.txt"):
        (tmp_path / name).write_bytes(ARTICLE.encode())
    assert 0 == main(["--format", "jsonl", str(tmp_path)])
    lines = capsys.readouterr().out.splitlines()
    assert [str(tmp_path / "a.txt"), str(tmp_path / "b.txt")] == [
        json.loads(x)["path"] for x in lines
    ]


def test_several_inputs_one_text_output_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Several text inputs to one text output is refused (exit 2, one line)."""
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert 2 == main([str(tmp_path)])
    assert "--format jsonl" in capsys.readouterr().err


def test_jsonl_fields_pass_through(tmp_path: Path) -> None:
    """JSON Lines: the field is cleaned, other fields and the order kept, records added."""
    src = _jsonl(
        tmp_path / "d.jsonl",
        [{"id": 2, "body": ARTICLE, "lang": "en"}, {"id": 1, "body": "Plain."}],
    )
    out = tmp_path / "o.jsonl"
    assert 0 == main(["--field", "body", str(src), "-o", str(out)])
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [2, 1] == [r["id"] for r in rows]
    assert "en" == rows[0]["lang"]
    assert CLEAN.rstrip("\n") == rows[0]["body"]
    assert ["(AP Photo/Jane Roe)"] == [c["raw"] for c in rows[0]["captionfix"]["credits"]]


def test_check(article: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--check prints nothing, exits 1 on changes and 0 when clean."""
    assert 1 == main(["--check", str(article)])
    clean = tmp_path / "clean.txt"
    clean.write_text(CLEAN, encoding="utf-8")
    assert 0 == main(["--check", str(clean)])
    assert "" == capsys.readouterr().out


def test_diff(article: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--diff prints a labelled unified diff and exits 1."""
    assert 1 == main(["--diff", str(article)])
    out = capsys.readouterr().out
    assert f"--- a/{article}" in out
    assert f"+++ b/{article}" in out
    assert "-Farmers protest outside parliament (AP Photo/Jane Roe)" in out


def test_in_place_then_check(tmp_path: Path) -> None:
    """--in-place rewrites files (mode kept); a second --check finds nothing."""
    path = tmp_path / "a.txt"
    path.write_bytes(ARTICLE.encode())
    path.chmod(0o640)
    assert 0 == main(["--in-place", str(path)])
    assert CLEAN == path.read_text(encoding="utf-8")
    assert 0o640 == path.stat().st_mode & 0o777
    assert 0 == main(["--check", str(path)])
    assert [path] == list(tmp_path.iterdir())  # no temporary file left behind


def test_output_dir_mirrors(tmp_path: Path) -> None:
    """--output-dir mirrors the input tree; text stays text, JSON Lines stay JSON Lines."""
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    (src / "sub" / "a.txt").write_bytes(ARTICLE.encode())
    _jsonl(src / "d.jsonl", [{"text": ARTICLE}])
    (src / "skip.md").write_text("not taken", encoding="utf-8")
    out = tmp_path / "out"
    assert 0 == main([str(src), "--output-dir", str(out)])
    assert CLEAN == (out / "sub" / "a.txt").read_text(encoding="utf-8")
    assert CLEAN.rstrip("\n") == json.loads((out / "d.jsonl").read_text(encoding="utf-8"))["text"]
    assert not (out / "skip.md").exists()


def test_glob(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--glob chooses the files taken from folders."""
    (tmp_path / "a.md").write_bytes(ARTICLE.encode())
    (tmp_path / "b.txt").write_text("other", encoding="utf-8")
    assert 0 == main(["--glob", "*.md", str(tmp_path)])
    assert CLEAN == capsys.readouterr().out


def test_input_format_override(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--input-format jsonl reads a .txt file as JSON Lines."""
    src = _jsonl(tmp_path / "d.txt", [{"text": "Plain."}])
    assert 0 == main(["--input-format", "jsonl", str(src)])
    assert "Plain." == json.loads(capsys.readouterr().out)["text"]


def test_encoding(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--encoding reads other encodings; the default UTF-8 is strict."""
    path = tmp_path / "w.txt"
    path.write_bytes("Café de la Paix".encode("cp1252"))
    assert 2 == main([str(path)])
    err = capsys.readouterr().err
    assert f"{path}: cannot decode byte 0xe9" in err
    assert "--encoding" in err
    assert 0 == main(["--encoding", "cp1252", str(path)])
    assert "Café de la Paix\n" == capsys.readouterr().out


def test_jobs_same_output(tmp_path: Path) -> None:
    """-j 2 gives the same bytes as -j 1, over files and over chunks of one JSON Lines file."""
    big = _jsonl(tmp_path / "big.jsonl", [{"i": i, "text": ARTICLE * 3} for i in range(6000)])
    one, two = tmp_path / "1.jsonl", tmp_path / "2.jsonl"
    assert 0 == main([str(big), "-o", str(one)])
    assert 0 == main([str(big), "-j", "2", "-o", str(two)])
    assert one.read_bytes() == two.read_bytes()
    folder = tmp_path / "many"
    folder.mkdir()
    for n in range(5):
        (folder / f"{n}.txt").write_bytes(ARTICLE.encode())
    out1, out2 = tmp_path / "m1.jsonl", tmp_path / "m2.jsonl"
    assert 0 == main([str(folder), "--format", "jsonl", "-o", str(out1)])
    assert 0 == main([str(folder), "--format", "jsonl", "-j", "2", "-o", str(out2)])
    assert out1.read_bytes() == out2.read_bytes()


def test_verbose_and_quiet(article: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """-v reports each file and a summary on stderr; -q says nothing but errors."""
    assert 0 == main(["-v", str(article)])
    err = capsys.readouterr().err
    assert "changed" in err
    assert "1 documents, 1 changed, 1 captions, 1 credits" in err
    assert 0 == main(["-q", str(article)])
    assert "" == capsys.readouterr().err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    """--version prints the package version and the build (compiled or pure Python), exits 0."""
    assert 0 == main(["--version"])
    build = captionfix._build_kind()
    assert build.split(",")[0] in {"compiled", "pure Python"}
    printed = " ".join(capsys.readouterr().out.split())  # argparse may wrap a long line
    assert f"captionfix {captionfix.__version__} ({build})" == printed


def test_version_from_a_source_tree_names_both_builds(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from a checkout while a build is installed, --version says which is which."""
    monkeypatch.setattr(captionfix, "_installed_location", lambda: Path("/elsewhere/captionfix"))
    build = captionfix._build_kind()
    assert build.endswith("; the installed build is at /elsewhere/captionfix")
    assert "from the source tree" in build


BAD = {
    "missing-file": (lambda d: [str(d / "nope.txt")], "nope.txt: no such file or folder"),
    "empty-folder": (lambda d: [str(d)], ": no input files here"),
    "malformed-json": (
        lambda d: [str(_write(d / "x.jsonl", b'{"text": "a"}\n{oops\n'))],
        "x.jsonl:2: not valid JSON",
    ),
    "missing-field": (
        lambda d: [str(_write(d / "x.jsonl", b'{"text": "a"}\n{"body": "b"}\n'))],
        "x.jsonl:2: no field 'text'",
    ),
    "field-not-string": (
        lambda d: [str(_write(d / "x.jsonl", b'{"text": 5}\n'))],
        "x.jsonl:1: field 'text' is a number, not a string",
    ),
    "undecodable": (
        lambda d: [str(_write(d / "x.txt", b"ok \xff\xfe"))],
        "cannot decode byte 0xff",
    ),
    "unwritable-output": (
        lambda d: [str(_write(d / "x.txt", b"ok")), "-o", str(d / "no" / "such" / "dir" / "o.txt")],
        "cannot write",
    ),
    "bad-jobs": (lambda d: ["-j", "0", "-"], "-j/--jobs must be at least 1"),
}


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("case", BAD.values(), ids=BAD.keys())
def test_bad_input(case: tuple, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Bad input: exit 2 and one clear line on stderr naming the place, no traceback."""
    make_args, message = case
    assert 2 == main(make_args(tmp_path))
    err = capsys.readouterr().err
    assert message in err
    assert 1 == len(err.strip().splitlines())
    assert "Traceback" not in err


def test_error_leaves_no_half_output(tmp_path: Path) -> None:
    """An error mid-file leaves the -o target as it was (here: absent), not half-written."""
    src = _write(tmp_path / "x.jsonl", b'{"text": "a"}\n' * 100 + b"{oops\n")
    out = tmp_path / "o.jsonl"
    assert 2 == main([str(src), "-o", str(out)])
    assert not out.exists()
    assert ["x.jsonl"] == sorted(p.name for p in tmp_path.iterdir())


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    """Unknown flags are a usage error: exit 2."""
    assert 2 == main(["--no-such-flag"])
    assert "usage:" in capsys.readouterr().err


def test_subprocess_smoke(article: Path) -> None:
    """``python -m captionfix`` runs as a program (stdin to stdout)."""
    proc = subprocess.run(
        [sys.executable, "-m", "captionfix"],
        input=ARTICLE.encode(),
        capture_output=True,
        check=False,
    )
    assert 0 == proc.returncode, proc.stderr
    assert CLEAN.encode() == proc.stdout


def _peak_rss_kb(args: list[str]) -> int:
    """Peak RSS of a child run, read by a small wrapper process (so ours does not count)."""
    code = (
        "import resource, subprocess, sys;"
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL);"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    )
    return int(out.stdout.strip())


def test_jsonl_memory_stays_flat(tmp_path: Path) -> None:
    """Peak memory for a 4x larger JSON Lines input stays within a small margin."""
    rows = [{"i": i, "text": ARTICLE * 4} for i in range(3000)]
    small = _jsonl(tmp_path / "s.jsonl", rows)
    large = _jsonl(tmp_path / "l.jsonl", rows * 4)
    cmd = [sys.executable, "-m", "captionfix", "-o"]
    rss_small = _peak_rss_kb([*cmd, str(tmp_path / "so.jsonl"), str(small)])
    rss_large = _peak_rss_kb([*cmd, str(tmp_path / "lo.jsonl"), str(large)])
    assert rss_large < rss_small * 1.3 + 10_000, (rss_small, rss_large)


def test_in_place_survives_a_kill(tmp_path: Path) -> None:
    """SIGKILL during --in-place leaves the original or the full result, never half a file."""
    path = _jsonl(tmp_path / "big.jsonl", [{"i": i, "text": ARTICLE * 5} for i in range(40_000)])
    original = path.read_bytes()
    proc = subprocess.Popen([sys.executable, "-m", "captionfix", "--in-place", str(path)])
    time.sleep(1.5)  # well into the run, long before its end
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    now = path.read_bytes()
    if now != original:  # it finished first: then it must be complete
        lines = now.decode().splitlines()
        assert 40_000 == len(lines)
        assert all(json.loads(x)["captionfix"] is not None for x in lines)


def test_docs_help_is_the_real_help() -> None:
    """The help block in docs/cli.md is exactly what --help prints."""
    doc = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    block = doc.split("<!-- begin help -->\n```text\n", 1)[1].split("\n```\n<!-- end help -->", 1)[
        0
    ]
    assert build_parser().format_help().rstrip() == block
