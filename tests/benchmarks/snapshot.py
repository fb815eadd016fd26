"""A digest of everything ``clean()`` returns on a fixed set of inputs, to compare two builds.

``python tests/benchmarks/snapshot.py --out before.json`` with one build installed,
``python tests/benchmarks/snapshot.py --compare before.json`` with the other: each
input's result (``as_dict`` as JSON, and ``repr(result)``) is hashed, and every
input whose digest differs is listed (exit 1).  A refactor that must not change
any output (text, records, edits) is checked this way on both the compiled and
the pure-Python build.

The inputs: every file of ``fixtures/``, every ``*.txt`` of the corpus folders
given with ``--corpus`` (default ``../shared/corpus/real`` and ``real2`` beside
the checkout), the adversarial families of ``adversarial.py`` at 64 kB and
``--size`` bytes, seeded mixtures of their units, and ``--fuzz`` documents of the
fuzz harness (mutated articles), a few of them under each one-rule-off config.
Run it outside the checkout's root, or as a path, so that the installed
package is imported.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import random
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

import captionfix
from captionfix.config import RULE_NAMES
from captionfix.records import as_dict

if TYPE_CHECKING:
    from collections.abc import Iterator

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from adversarial import FAMILIES  # noqa: E402


def _harness():  # tests/fuzz/harness.py, by path (tests/ is no package)
    spec = importlib.util.spec_from_file_location(
        "cf_snapshot_harness", ROOT / "tests/fuzz/harness.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def inputs(
    corpus: list[Path], size: int, fuzz: int
) -> Iterator[tuple[str, str, captionfix.Config | None]]:
    """(name, text, config) for every input of the snapshot, in a fixed order."""
    for path in sorted((ROOT / "fixtures").rglob("*")):
        if path.is_file():
            try:
                text = path.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue
            yield f"fixtures/{path.relative_to(ROOT / 'fixtures')}", text, None
    for folder in corpus:
        for path in sorted(folder.glob("*.txt")):
            yield f"{folder.name}/{path.name}", path.read_text(encoding="utf-8"), None
    for name, unit in FAMILIES.items():
        for n in (65_536, size):
            yield f"family/{name}/{n}", unit * (n // len(unit.encode("utf-8")) + 1), None
    rng = random.Random(13)
    units = [*FAMILIES.values(), "a", " ", "\n", "Foto: EFE", "&amp;", "\ufeff", "e\u0301", "x "]
    for k in range(40):  # runs of several families next to each other
        parts = [
            rng.choice(units) * rng.choice([1, 2, 3, 50, 700]) for _ in range(rng.randint(2, 60))
        ]
        yield f"mixture/{k}", "".join(parts), None
    if fuzz:
        harness = _harness()
        make = harness.documents(20261205)
        configs = [None] + [attrs.evolve(captionfix.Config(), **{r: False}) for r in RULE_NAMES]
        for i in range(fuzz):
            config = configs[i % len(configs)] if i % 5 == 0 else None
            yield f"fuzz/{i}", make(i), config


def digest(text: str, config: captionfix.Config | None) -> str:
    """The digest of everything ``clean(text)`` returns."""
    try:
        result = captionfix.clean(text, config=config)
    except Exception as exc:  # noqa: BLE001 - an exception is an output too
        return f"raised {type(exc).__name__}: {exc}"
    data = json.dumps(as_dict(result), ensure_ascii=False)
    h = hashlib.sha256(data.encode("utf-8", "surrogatepass"))
    h.update(repr(result).encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def main() -> int:
    """Write or compare a snapshot."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path)
    parser.add_argument("--compare", type=Path)
    parser.add_argument("--corpus", type=Path, action="append")
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--fuzz", type=int, default=20_000)
    args = parser.parse_args()
    corpus = args.corpus or [
        ROOT.parent / "shared/corpus/real",
        ROOT.parent / "shared/corpus/real2",
    ]
    got = {
        name: digest(text, config) for name, text, config in inputs(corpus, args.size, args.fuzz)
    }
    print(f"{len(got)} inputs, build {captionfix._build_kind()}", file=sys.stderr)
    if args.out:
        args.out.write_text(json.dumps(got, indent=0), encoding="utf-8")
    if args.compare:
        want = json.loads(args.compare.read_text(encoding="utf-8"))
        differ = sorted(k for k in want.keys() | got.keys() if want.get(k) != got.get(k))
        for name in differ:
            print(f"differs: {name}")
        print(f"{len(differ)} of {len(want)} inputs differ", file=sys.stderr)
        return 1 if differ else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
