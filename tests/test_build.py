"""The installed build (compiled with mypyc where it could be) gives what the source gives."""

from __future__ import annotations

import importlib.util
import json
import os
import random
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import captionfix
from captionfix import textscan

if TYPE_CHECKING:
    from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]


def _load_hook() -> ModuleType:
    # by path: the hook is part of the source tree, not of the installed package
    spec = importlib.util.spec_from_file_location("_build", ROOT / "captionfix" / "_build.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_build = _load_hook()
sys.path.insert(0, str(ROOT / "tests" / "benchmarks"))
import corpus_gen  # noqa: E402

from .strategies import CREDITS, DAMAGE, WORDS  # noqa: E402

# Run outside the source tree, so that ``import captionfix`` finds the installed
# package (in CI a compiled wheel; in a development checkout, the editable source).
_INSTALLED = """
import json, sys
import captionfix
from captionfix.records import as_dict
texts = json.load(sys.stdin)
kind = captionfix._build_kind()
json.dump({"kind": kind, "results": [as_dict(captionfix.clean(t)) for t in texts]}, sys.stdout)
"""


def _texts() -> list[str]:
    fixtures = sorted((ROOT / "fixtures").glob("*/*/input.txt"))
    texts = [p.read_text(encoding="utf-8") for p in fixtures]
    texts += [d.text for d in corpus_gen.generate(150, seed=11)]
    # inputs that reach the rarer branches: CRLF, a byte-order mark, controls, no text
    texts += ["", "\ufeffa\r\nb\r\n", "caf\u00c3\u00a9 \x0b\u00e2\u0080\u0099", " \n\n \t"]
    # and shuffled pieces of articles, credits and damage, glued any which way
    rng = random.Random(5)
    pieces = WORDS + CREDITS + DAMAGE + ["\n", "\n\n", ". ", ": ", "“", "”", "\x85", "\u0301"]
    joins = [" ", "", "\n", "\r\n"]
    for _ in range(300):
        parts = rng.choices(pieces, k=rng.randint(1, 40))
        texts.append("".join(p + rng.choice(joins) for p in parts))
    return texts


def _installed(
    texts: list[str],
    tmp_path: Path,
    script: str = _INSTALLED,
    args: tuple[str, ...] = (),
    *,
    source: bool = False,
) -> dict[str, Any]:
    """Run *script* (with *args*) on *texts*, JSON on stdin, with the installed package.

    With *source*, the source tree (pure Python) is imported instead.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    if source:
        env["PYTHONPATH"] = str(ROOT)
    proc = subprocess.run(
        [sys.executable, "-c", script, *args],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    assert 0 == proc.returncode, proc.stderr
    result: dict[str, Any] = json.loads(proc.stdout)
    return result


def test_installed_build_agrees_with_the_source(tmp_path: Path) -> None:
    """Every text, record and edit of the installed build equals the source's.

    Under ``CAPTIONFIX_REQUIRE_COMPILED=1`` (CI) the installed build must also
    be the compiled one, so a silent fall-back to pure Python fails here.
    """
    texts = _texts()
    installed = _installed(texts, tmp_path)
    from_source = _installed(texts, tmp_path, source=True)
    assert "pure Python" == from_source["kind"].split(",")[0]
    source = from_source["results"]
    assert len(source) == len(installed["results"])
    for text, want, got in zip(texts, source, installed["results"], strict=True):
        assert want == got, text[:200]
    if _build._flag(_build.REQUIRE_ENV):
        assert "compiled" == installed["kind"]


# The installed scans (the C module in a compiled build) on texts from stdin:
# their answers, and for every code point that the NFC gate passes, whether it
# is safe on its own; then random strings of such code points.
_INSTALLED_SCANS = """
import json, random, sys, unicodedata
from captionfix import textscan
texts = json.load(sys.stdin)
out = {"native": textscan.NATIVE, "not_nfc": [textscan.maybe_not_nfc(t) for t in texts]}
# the answers of the one-argument scans that have a Python twin named <name>_py
out["answers"] = {
    name: [getattr(textscan, name)(t) for t in texts]
    for name in sys.argv[1:]
}
from captionfix.rules.credits import labels as credit_labels
word_sets = [credit_labels._OTHER_STARTS, credit_labels._LABEL_WORDS, credit_labels._ANCHORS, ("ot", "o", "toto")]
out["first"] = [
    [textscan.first_of(t.lower(), words, start) for words in word_sets for start in (0, 3, -2, 50)]
    for t in texts
]
out["word_sets"] = word_sets
# the hint scan, handed the data's hints and other sets: one- and many-letter
# hints, pairs shared by two hints, hints past ASCII and past two bytes
from captionfix.vocab import default_vocabulary
hint_sets = [default_vocabulary().hints, (":",), ("ot", "o", "toto", "\u00a9"), ("re", "rt", "r"),
             ("\u201c", "\u00e9t", "\U0001f600x", "ic by", "MAGE"), ()]
out["hints"] = [[textscan.hint_hits(t, hints) for hints in hint_sets] for t in texts]
out["hint_sets"] = hint_sets
# the spans of carriage returns' edits, filled in place into arrays of both widths,
# as the Python definition fills them and as the records of cr_edits_py say
from array import array
def same_runs(t):
    ok = True
    for code in ("i", "q"):
        room = t.count("\\r")
        got_s, got_e = array(code, [7]) * (room + 1), array(code, [7]) * (room + 1)
        want_s, want_e = array(code, [7]) * (room + 1), array(code, [7]) * (room + 1)
        got = textscan.cr_runs(t, got_s, got_e)
        want = textscan.cr_runs_py(t, want_s, want_e)
        records = textscan.cr_edits_py(t)
        ok = ok and got == want and got_s == want_s and got_e == want_e
        ok = ok and got[0] == len(records)
        ok = ok and [(e.start, e.end) for e in records] == list(zip(got_s[: got[0]], got_e[: got[0]]))
        ok = ok and got[1] == any(e.replacement for e in records)
    return ok
out["cr_runs"] = [same_runs(t) for t in texts]
# too little room is an error, never a write past the end
def refuses(t):
    if t.count("\\r") < 1:
        return True
    try:
        textscan.cr_runs(t, array("i"), array("i"))
    except ValueError:
        return True
    return False
out["cr_room"] = [refuses(t) for t in texts]
# the gate, one start at a time from each start and from between them: the list it defines
def gate_walk(t):
    starts, at = [], textscan.gate_start(t, -3)
    while at >= 0:
        starts.append(at)
        at = textscan.gate_start(t, at + 1)
    mids = [textscan.gate_start(t, p) for p in range(0, len(t) + 2, 5)]
    want_mids = [textscan.gate_start_py(t, p) for p in range(0, len(t) + 2, 5)]
    return starts == textscan.gate_starts_py(t) and mids == want_mids
out["gate_start"] = [gate_walk(t) for t in texts]
from captionfix.records import Edit
def same_edit(fields):
    got, want = textscan.new_edit(*fields), Edit(*fields)
    return got == want and hash(got) == hash(want) and repr(got) == repr(want) and type(got) is Edit
out["new_edit"] = [same_edit(("captions", k, k + len(t), "", t)) for k, t in enumerate(texts)]
from captionfix.edits import apply_edits
out["lf_text"] = [
    textscan.lf_text(t) == textscan.lf_text_py(t) == apply_edits(t, textscan.cr_edits_py(t))
    for t in texts
]
# compared here too, as str objects: a result built in the wrong width would differ
out["same_str"] = [textscan.drop_marks(t) == textscan.drop_marks_py(t) for t in texts]
passed = [c for c in range(0x110000) if not textscan.maybe_not_nfc(chr(c))]
out["nfc_passed"] = len(passed)
common = ("café “quoted” – 5 € …", "Москва", "Ελλάδα", "中文新闻", "한국어")
out["nfc_common"] = [textscan.maybe_not_nfc(s) for s in common]
out["nfc_unsafe"] = [c for c in passed if not __SAFE__(c)]
rng = random.Random(7)
strings = ["".join(chr(rng.choice(passed)) for _ in range(rng.randint(1, 12))) for _ in range(3000 if passed else 0)]
out["nfc_wrong"] = [s for s in strings if not unicodedata.is_normalized("NFC", s)]
json.dump(out, sys.stdout)
"""

# A code point the NFC gate may pass: its own NFC form, combining class 0, not
# the second half of any canonical pair (nor a Hangul vowel or final jamo), and
# its decomposition opens with a character that is not one either.  A text made
# of such characters is NFC.
_SAFE = """
import unicodedata
_SECOND = set(range(0x1161, 0x1176)) | set(range(0x11A8, 0x11C3))
for _c in range(0x110000):
    _d = unicodedata.decomposition(chr(_c))
    if _d and not _d.startswith("<") and len(_d.split()) == 2:
        _SECOND.add(int(_d.split()[1], 16))
def __SAFE__(c):
    ch = chr(c)
    if 0xD800 <= c <= 0xDFFF or c in _SECOND or unicodedata.combining(ch):
        return False
    first = unicodedata.normalize("NFD", ch)[0]
    return unicodedata.normalize("NFC", ch) == ch and ord(first) not in _SECOND and not unicodedata.combining(first)
"""


# the one-argument scans whose answers must equal their Python twins' exactly
_TWINNED = (
    "may_be_damaged",
    "count_space",
    "normal_lines",
    "drop_marks",
    "nonblank_starts",
)


def _scan_texts() -> list[str]:
    """Texts dense in what the scans look for, in all three string widths."""
    rng = random.Random(3)
    alphabet = list(":©otmagerdicusPh &;\n\t\r\x00\x0b\x1f\x7f\x85\x9f\u00a0")
    alphabet += ["\u00c2", "\u00c3", "\u00e2", "\u00f4", "\u00c1", "\u00f5", "\u00bf", "\u00c0"]
    alphabet += ["\u0140", "\u01bf", "\u01c0", "\u02c0", "\u02ff", "\u0300", "\u0301"]
    alphabet += ["\u2000", "\u2002", "\u201c", "\u203f", "\u2040", "\u2080", "\u20bf"]
    alphabet += ["\u20c0", "\u2100", "\u2122", "\u2126", "\u213f", "\u2140", "\ufffd"]
    alphabet += ["\u0419", "\u0483", "\u3099", "\u4e2d", "\uac00", "\U0001f600", "\ud800"]
    alphabet += ["\n\n", "\n\n\n", " \n", "\u2028", "\u3000", "\x1c", "\u200b", "\u2009"]
    alphabet += ["\u0152", "\u0153", "\u017e", "\u0192", "\u02c6", "\u02dc", "\u2039", "\u203a"]
    alphabet += ["\u20ac", "\u2122", "\u2030", "\u2020", "\u201a", "\u0080", "\u009f", "\u00a9"]
    alphabet += [*textscan.CAPTION_MARKS, "\u2015", "\u00b7", "\u201f", "\u00ff", "\u0100"]
    words = ["oto", "mage", "redit", "icture", "rtes", "ototo", "rtedit", "&amp;", "&#39;"]
    words += ["Photo", "FOTO", "image", "Featured", "credit", "illustra", "cortesía", "autor", "ph"]
    words += ["ic by", "Pic by", "MAGE", "IMAGE", "lustra", "Ilustração"]
    texts = []
    for _ in range(1500):
        parts = rng.choices(alphabet + words, k=rng.randint(0, 60))
        texts.append("".join(parts))
    # an entity's ";" at every distance round the gate's window, and at the end
    texts += ["a&" + "x" * k + ";" + "b" * e for k in range(40) for e in (0, 1)]
    # line breaks at both ends, where the normal-form test stops or starts
    texts += ["\n", "\na \nb", "a\n\n", "a \n", "\n\n\n", " \n\n", "\t\nx"]
    # carriage returns alone, before line feeds, in runs, at both ends
    texts += ["\r", "\r\n", "a\r", "\ra", "a\r\r\nb\n\r", "\r\n\r\n", "é\r\n€\r"]
    return texts + _texts()


def test_installed_scans_agree_with_their_definitions(tmp_path: Path) -> None:
    """The installed whole-text scans answer as ``captionfix.textscan`` defines them.

    In a compiled build these are the C functions of ``_textscan.c``: each hit,
    gate answer, count and key must equal the Python definition's, and the NFC gate
    may pass a text only if it is NFC (every code point it lets through is
    checked against ``unicodedata``, and 3000 strings made of them).
    """
    texts = _scan_texts()
    got = _installed(texts, tmp_path, _SAFE + _INSTALLED_SCANS, _TWINNED)
    assert sorted(_TWINNED) == sorted(got["answers"])
    for name, answers in got["answers"].items():
        define = getattr(textscan, f"{name}_py")
        for text, answer in zip(texts, answers, strict=True):
            assert define(text) == answer, (name, text)
    for text, not_nfc in zip(texts, got["not_nfc"], strict=True):
        assert not_nfc or unicodedata.is_normalized("NFC", text), text  # a one-sided gate
    assert all(got["same_str"])
    assert all(got["cr_runs"])
    assert all(got["cr_room"])
    assert all(got["gate_start"])
    assert all(got["new_edit"])
    assert all(got["lf_text"])
    for text, hits in zip(texts, got["hints"], strict=True):
        want = [textscan.hint_hits_py(text, tuple(hints)) for hints in got["hint_sets"]]
        assert want == hits, text
    for text, first in zip(texts, got["first"], strict=True):
        low = text.lower()
        want = [
            textscan.first_of_py(low, tuple(words), start)
            for words in got["word_sets"]
            for start in (0, 3, -2, 50)
        ]
        assert want == first, text
    assert [] == got["nfc_unsafe"]
    assert [] == got["nfc_wrong"]
    if got["native"]:
        # the gate passes the ranges of _textscan.c: Latin to Cyrillic, punctuation, CJK, Hangul
        assert got["nfc_passed"] > 30000
        assert [False] * 5 == got["nfc_common"]
    else:
        assert 0 == got["nfc_passed"]  # the Python gate passes nothing: is_normalized decides
    if _build._flag(_build.REQUIRE_ENV):
        assert got["native"]


# characters of every string width, dense in what hints open with
_HINT_CHARS = ":©otmaregdicMAGE by\n\u00e9\u00ff\u0100\u201c\u2122\uffff\U0001f600"


def _native_scans() -> ModuleType:
    """The installed C module, or a skip where the installed build has none."""
    try:
        from captionfix import _textscan  # noqa: PLC0415
    except ImportError:
        source_run = os.environ.get("CAPTIONFIX_TEST_BUILD") == "source"
        if _build._flag(_build.REQUIRE_ENV) and not source_run:
            raise  # a compiled build was required, and its C module is missing
        pytest.skip("the build under test has no C module")
    return _textscan


@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_hint_scan_agrees_with_its_definition(data: st.DataObject) -> None:
    """The C hint scan, handed any hints, finds what ``hint_hits_py`` finds, in order.

    Hints of one or more characters, hints that share their first two (or
    that hold each other), hints too wide for the text's width; texts built of
    the hints and of letters that open them, in all three widths.
    """
    native = _native_scans()
    hint = st.text(alphabet=_HINT_CHARS, min_size=1, max_size=6)
    hints = tuple(data.draw(st.lists(hint, max_size=12)))
    piece = st.sampled_from(hints) | st.text(alphabet=_HINT_CHARS, max_size=3) if hints else hint
    text = "".join(data.draw(st.lists(piece, max_size=40)))
    assert textscan.hint_hits_py(text, hints) == native.hint_hits(text, hints)
    assert textscan.hint_hits_py(text * 3, hints) == native.hint_hits(text * 3, hints)


@pytest.mark.parametrize(
    ("hints", "error"),
    [
        ([":"], TypeError),
        ((":", 1), TypeError),
        (("",), ValueError),
        (("x" * 33,), ValueError),
        (tuple("abcdefghijklmnopqrstuvwxyzABCDEFG"), ValueError),
    ],
)
def test_hint_scan_refuses_what_its_definition_refuses(hints: Any, error: type[Exception]) -> None:
    """Hints the scan cannot take raise the same error in C and in Python."""
    native = _native_scans()
    with pytest.raises(error):
        textscan.hint_hits_py("Photo: AP", hints)
    with pytest.raises(error):
        native.hint_hits("Photo: AP", hints)
    most = tuple("abcdefghijklmnopqrstuvwxyzABCDEF")  # 32 hints: the most it takes
    assert [31, 1 << 5 | 23] == native.hint_hits("Fx", most) == textscan.hint_hits_py("Fx", most)


class _App:
    """Stands in for hatchling's application: collects warnings."""

    def __init__(self) -> None:
        self.warnings: list[str] = []

    def display_warning(self, message: str = "", **_: object) -> None:
        self.warnings.append(message)


def _hook(tmp_path: Path, target: str = "wheel") -> tuple[_build.CompileHook, _App]:
    app = _App()
    hook = _build.CompileHook(str(ROOT), {}, None, None, str(tmp_path), target, app)  # type: ignore[arg-type]
    return hook, app


def _build_data() -> dict[str, Any]:
    return {"pure_python": True, "infer_tag": False, "force_include": {}}


def test_hook_asks_for_mypy_only_when_it_compiles(monkeypatch: pytest.MonkeyPatch) -> None:
    """A pure build (CAPTIONFIX_PURE_PYTHON=1) needs nothing beyond hatchling."""
    hook, _ = _hook(ROOT)
    monkeypatch.delenv(_build.PURE_ENV, raising=False)
    assert any(d.startswith("mypy") for d in hook.dependencies())
    monkeypatch.setenv(_build.PURE_ENV, "1")
    assert [] == hook.dependencies()


@pytest.mark.parametrize(("target", "version"), [("sdist", "standard"), ("wheel", "editable")])
def test_hook_leaves_sdists_and_editable_installs_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, target: str, version: str
) -> None:
    """Only a regular wheel is compiled: an editable install keeps the source live."""

    def fail(*_: object) -> list[Path]:
        raise AssertionError  # pragma: no cover - the hook must not compile here

    monkeypatch.setattr(_build, "_compile", fail)
    monkeypatch.delenv(_build.PURE_ENV, raising=False)
    hook, _ = _hook(tmp_path, target)
    data = _build_data()
    hook.initialize(version, data)
    assert _build_data() == data


def _record_of(data: dict[str, Any]) -> dict[str, str]:
    """The build record the hook put into the wheel (before ``finalize`` removes it)."""
    (path,) = [p for p, name in data["force_include"].items() if name == _build.RECORD]
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return dict(line.split(": ", 1) for line in lines if not line.startswith("#"))


def test_hook_falls_back_to_pure_python(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failed compile warns and builds pure Python, unless a compiled build is required.

    The wheel holds no extension, only the record of its build, which says
    why (pip hides the build's warning; ``import captionfix`` repeats it).
    """

    def fail(*_: object) -> list[Path]:
        msg = "error: command 'gcc' failed\ngcc: command not found"
        raise RuntimeError(msg)

    monkeypatch.setattr(_build, "_compile", fail)
    monkeypatch.delenv(_build.PURE_ENV, raising=False)
    monkeypatch.delenv(_build.REQUIRE_ENV, raising=False)
    hook, app = _hook(tmp_path)
    data = _build_data()
    hook.initialize("standard", data)
    assert data["pure_python"] is True
    assert data["infer_tag"] is False
    assert [_build.RECORD] == list(data["force_include"].values())
    assert {
        "intended": "compiled",
        "built": "pure Python",
        "reason": "compiling failed at install (gcc: command not found)",
    } == _record_of(data)
    hook.finalize("standard", data, "")
    assert ["gcc: command not found" in w for w in app.warnings] == [True]
    monkeypatch.setenv(_build.REQUIRE_ENV, "1")
    with pytest.raises(RuntimeError, match="gcc"):
        hook.initialize("standard", _build_data())


def test_a_failed_compile_can_be_simulated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """CAPTIONFIX_SIMULATE_COMPILE_FAILURE=1 makes the compile itself fail, before any compiler runs."""
    monkeypatch.setenv(_build.SIMULATE_ENV, "1")
    monkeypatch.delenv(_build.PURE_ENV, raising=False)
    monkeypatch.delenv(_build.REQUIRE_ENV, raising=False)
    hook, app = _hook(tmp_path)
    data = _build_data()
    hook.initialize("standard", data)
    record = _record_of(data)
    hook.finalize("standard", data, "")
    assert "pure Python" == record["built"]
    assert f"simulated by {_build.SIMULATE_ENV}=1" in record["reason"]
    assert 1 == len(app.warnings)
    monkeypatch.setenv(_build.REQUIRE_ENV, "1")
    with pytest.raises(RuntimeError, match="simulated"):
        hook.initialize("standard", _build_data())


def test_hook_records_a_pure_build_asked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CAPTIONFIX_PURE_PYTHON=1: no compile, no warning, a record that it was asked for."""

    def fail(*_: object) -> list[Path]:
        raise AssertionError  # pragma: no cover - a pure build compiles nothing

    monkeypatch.setattr(_build, "_compile", fail)
    monkeypatch.setenv(_build.PURE_ENV, "1")
    hook, app = _hook(tmp_path)
    data = _build_data()
    hook.initialize("standard", data)
    assert data["pure_python"] is True
    assert "pure Python" == _record_of(data)["intended"]
    assert f"({_build.PURE_ENV}=1)" in _record_of(data)["reason"]
    hook.finalize("standard", data, "")
    assert [] == app.warnings


def test_hook_puts_the_extensions_in_the_wheel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Compiled files go into the wheel beside (and inside) the package; the tag is inferred."""

    def fake(root: Path, work: Path) -> list[Path]:
        assert (root / "captionfix" / "detection" / "decide.py").is_file()
        (work / "captionfix" / "detection").mkdir(parents=True)
        made = [work / "captionfix__mypyc.so", work / "captionfix" / "detection" / "decide.so"]
        for p in made:
            p.write_bytes(b"")
        return made

    monkeypatch.setattr(_build, "_compile", fake)
    monkeypatch.delenv(_build.PURE_ENV, raising=False)
    hook, _ = _hook(tmp_path)
    data = _build_data()
    hook.initialize("standard", data)
    assert data["pure_python"] is False
    assert data["infer_tag"] is True
    assert [
        _build.RECORD,
        "captionfix/detection/decide.so",
        "captionfix__mypyc.so",
    ] == sorted(data["force_include"].values())
    assert {"intended": "compiled", "built": "compiled", "reason": ""} == {
        k: v.strip() for k, v in _record_of(data).items()
    }
    work = Path(next(iter(data["force_include"])))
    hook.finalize("standard", data, "")
    assert not work.exists()


def test_the_whole_suite_passes_on_the_source_build_too() -> None:
    """The suite runs on the installed build; here it runs again on the source tree.

    So every test holds for both builds: the compiled one that ``pip install .``
    makes and the pure-Python one that an editable install or a machine
    without a compiler gets.
    """
    if os.environ.get("CAPTIONFIX_TEST_BUILD") == "source":
        pytest.skip("this run is the source build already")
    if not captionfix._build_kind().startswith("compiled"):
        if _build._flag(_build.REQUIRE_ENV):
            pytest.fail("the installed build must be the compiled one here")
        pytest.skip("the installed build is the source tree: one run covers it")
    env = {**os.environ, "CAPTIONFIX_TEST_BUILD": "source"}
    env.pop("PYTHONPATH", None)
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-x", "tests"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert 0 == proc.returncode, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert " passed" in proc.stdout.strip().splitlines()[-1]
