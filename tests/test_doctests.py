"""The examples in the docstrings run, on the build under test (see ``conftest.py``)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import captionfix

MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(captionfix.__path__, "captionfix.")
    if not info.name.rsplit(".", 1)[-1].startswith("_")
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for test in finder.find(module, name):
        runner.run(test)
    assert 0 == runner.failures, f"{runner.failures} failing examples in {name}"


def test_examples_are_found() -> None:
    """The finder sees the examples of the public modules (a guard on the test above)."""
    finder = doctest.DocTestFinder(exclude_empty=True)
    found = [t for t in finder.find(importlib.import_module("captionfix.pipeline")) if t.examples]
    assert found
