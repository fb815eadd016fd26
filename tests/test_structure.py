"""The package layout is the architecture: each rule a module, rules independent, records at the bottom.

Adding a rule means one module under ``captionfix/rules``, one ``Config``
switch, one fixture folder and one section of ``docs/rules.md``; these tests
fail when one of the four is missing, or when a rule reaches into another.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

from captionfix.config import RULE_NAMES, Config

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "captionfix"


def _imports(path: Path) -> set[str]:
    """The ``captionfix`` modules that the source file at *path* imports."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.split(".")[0] == "captionfix"}


@pytest.mark.parametrize("rule", RULE_NAMES)
def test_each_switch_has_a_module_a_fixture_folder_and_a_section(rule: str) -> None:
    assert isinstance(getattr(Config(), rule), bool)
    importlib.import_module(f"captionfix.rules.{rule}")
    source = PACKAGE / "rules" / f"{rule}.py"
    if not source.is_file():
        source = PACKAGE / "rules" / rule / "__init__.py"
    doc = ast.get_docstring(ast.parse(source.read_text(encoding="utf-8")))
    assert doc, f"captionfix.rules.{rule} needs a docstring saying what the rule does"
    cases = list((ROOT / "fixtures" / rule).glob("*/input.txt"))
    assert cases, f"fixtures/{rule}/ has no case"
    headings = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8").splitlines()
    assert f"## {rule}" in headings


def test_every_rule_module_is_a_switch() -> None:
    found = {p.stem for p in (PACKAGE / "rules").glob("*.py") if p.stem != "__init__"}
    found |= {p.name for p in (PACKAGE / "rules").iterdir() if (p / "__init__.py").is_file()}
    assert set(RULE_NAMES) == found


def _rule_of(path: Path) -> str:
    return path.relative_to(PACKAGE / "rules").parts[0].removesuffix(".py")


@pytest.mark.parametrize(
    "path",
    sorted((PACKAGE / "rules").rglob("*.py")),
    ids=lambda p: p.relative_to(PACKAGE).as_posix(),
)
def test_no_rule_imports_another_or_anything_above_the_rules(path: Path) -> None:
    own = _rule_of(path)
    for name in _imports(path):
        parts = name.split(".")
        if len(parts) > 2 and parts[1] == "rules":
            assert own == parts[2], f"{path.name} imports the rule {parts[2]}"
        assert parts[1:2] not in (["detection"], ["rounds"], ["pipeline"], ["cli"]), name


@pytest.mark.parametrize("name", ["records", "edits"])
def test_the_edit_model_stands_on_records_alone(name: str) -> None:
    allowed = {"captionfix.records"}
    assert _imports(PACKAGE / f"{name}.py") <= allowed


def test_shared_pieces_stand_below_the_rules() -> None:
    for name in ("lines", "widgets", "vocab", "textscan"):
        for imported in _imports(PACKAGE / f"{name}.py"):
            assert ".rules" not in imported
            assert ".detection" not in imported, f"{name} imports {imported}"
