"""The examples in the docstrings run, on the build under test (see ``conftest.py``)."""

from __future__ import annotations

import doctest
import importlib
import importlib.util
import os
import pkgutil

import pytest

import captionfix

MODULES = sorted(
    info.name
    for info in pkgutil.walk_packages(captionfix.__path__, "captionfix.")
    if not info.name.rsplit(".", 1)[-1].startswith("_")
)


# an integration module imports its engine, an optional extra: a developer
# without it skips that module; CI installs every extra, and there it must run
NEEDS = {
    "captionfix.arrow": ("pyarrow",),
    "captionfix.integrations.datatrove": ("datatrove", "pyarrow"),
    "captionfix.integrations.hf_datasets": ("datasets", "pyarrow"),
    "captionfix.integrations.ray_data": ("ray", "pyarrow"),
    "captionfix.integrations.dask_dataframe": ("dask", "pandas", "pyarrow"),
}


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    missing = [e for e in NEEDS.get(name, ()) if importlib.util.find_spec(e) is None]
    if missing and not os.environ.get("CI"):
        pytest.skip(f"{name} needs {', '.join(missing)} (an optional extra)")
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
