"""Test configuration: which build of captionfix is under test, and hypothesis profiles.

``CAPTIONFIX_TEST_BUILD`` chooses the build:

* ``installed`` (the default): the ``captionfix`` that is installed in this
  environment, never the source tree beside the tests (``python -m pytest``
  puts the working folder first on ``sys.path``; it is taken off here, before
  any test imports ``captionfix``).  Where nothing is installed, the source
  tree is used after all.
* ``source``: the source tree, which is always pure Python.

``tests/test_build.py`` runs the whole suite a second time on the source
tree when the installed build is compiled, so both builds pass every test.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

_ROOT = Path(__file__).resolve().parents[1]


def _choose_build() -> None:
    on_path = [p for p in sys.path if Path(p or ".").resolve() == _ROOT]
    if os.environ.get("CAPTIONFIX_TEST_BUILD", "installed") == "source":
        sys.path.insert(0, str(_ROOT))
        return
    for entry in on_path:
        sys.path.remove(entry)
    if importlib.util.find_spec("captionfix") is None:
        sys.path.extend(on_path)  # nothing installed: the source tree it is


_choose_build()

from hypothesis import HealthCheck, settings  # noqa: E402 - after the build is chosen

settings.register_profile("dev", max_examples=100, deadline=None)
settings.register_profile(
    "ci",
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci" if os.environ.get("CI") else "dev"))
