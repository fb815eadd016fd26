"""The installed build (compiled with mypyc where it could be) gives what the source gives."""

from __future__ import annotations

import importlib.util
import json
import os
import random
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

import captionfix
from captionfix.records import as_dict

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


def _installed(texts: list[str], tmp_path: Path) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    proc = subprocess.run(
        [sys.executable, "-c", _INSTALLED],
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
    source = [as_dict(captionfix.clean(t)) for t in texts]
    assert len(source) == len(installed["results"])
    for text, want, got in zip(texts, source, installed["results"], strict=True):
        assert want == got, text[:200]
    if _build._flag(_build.REQUIRE_ENV):
        assert "compiled" == installed["kind"]


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


def test_hook_falls_back_to_pure_python(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A failed compile warns and builds pure Python, unless a compiled build is required."""

    def fail(*_: object) -> list[Path]:
        msg = "gcc: command not found"
        raise RuntimeError(msg)

    monkeypatch.setattr(_build, "_compile", fail)
    monkeypatch.delenv(_build.PURE_ENV, raising=False)
    monkeypatch.delenv(_build.REQUIRE_ENV, raising=False)
    hook, app = _hook(tmp_path)
    data = _build_data()
    hook.initialize("standard", data)
    hook.finalize("standard", data, "")
    assert _build_data() == data
    assert ["gcc: command not found" in w for w in app.warnings] == [True]
    monkeypatch.setenv(_build.REQUIRE_ENV, "1")
    with pytest.raises(RuntimeError, match="gcc"):
        hook.initialize("standard", _build_data())


def test_hook_puts_the_extensions_in_the_wheel(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Compiled files go into the wheel beside (and inside) the package; the tag is inferred."""

    def fake(root: Path, work: Path) -> list[Path]:
        assert (root / "captionfix" / "detect.py").is_file()
        (work / "captionfix").mkdir()
        made = [work / "captionfix__mypyc.so", work / "captionfix" / "detect.so"]
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
    assert ["captionfix/detect.so", "captionfix__mypyc.so"] == sorted(
        data["force_include"].values()
    )
    work = Path(next(iter(data["force_include"])))
    hook.finalize("standard", data, "")
    assert not work.exists()
