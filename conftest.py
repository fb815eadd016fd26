"""Collection: the doctests of an integration module need its engine.

``pytest`` collects the doctests of ``captionfix/`` (``--doctest-modules``);
an integration module imports its engine, an optional extra.  A developer
without that extra skips the module's doctests; CI installs every extra, so
there a missing engine fails the collection instead.
"""

from __future__ import annotations

import importlib.util
import os

# module (relative to this folder) -> the engines it imports
_NEEDS = {
    "captionfix/arrow.py": ("pyarrow",),
    "captionfix/integrations/datatrove.py": ("datatrove", "pyarrow"),
    "captionfix/integrations/hf_datasets.py": ("datasets", "pyarrow"),
    "captionfix/integrations/ray_data.py": ("ray", "pyarrow"),
    "captionfix/integrations/dask_dataframe.py": ("dask", "pandas", "pyarrow"),
}

collect_ignore = (
    []
    if os.environ.get("CI")
    else [
        path
        for path, engines in _NEEDS.items()
        if any(importlib.util.find_spec(engine) is None for engine in engines)
    ]
)
