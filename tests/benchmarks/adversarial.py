"""Time and memory of ``clean()`` on adversarial input, 1x against 4x.

``python tests/benchmarks/adversarial.py [--size BYTES] [--repeat N]`` prints,
per family, the best-of-N time for about SIZE and 4 x SIZE bytes of input, the
time ratio (linear is 4.0; the target is at most 4.5) and the peak memory of
the larger run in times the input's UTF-8 size (the target is at most 20).
Speed is measured here, never in a timed test.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc

import captionfix

FAMILIES = {
    "cr-run": "\r",
    "crlf-run": "\r\n",
    "quote-run": "“",
    "quote-space": "“ ",
    "mojibake": "Ã©",
    "mojibake-punct": "Ãƒâ€œ",
    "mojibake-spaced": "Ã© ",
    "mojibake-layered": "\xc2\xa0\xc3\u201a\u201c",
}


def _text(unit: str, size: int) -> str:
    return unit * (size // len(unit.encode("utf-8")) + 1)


def _best(text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        captionfix.clean(text)
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    """Print one row per family."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=250_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'family':18} {'1x s':>8} {'4x s':>8} {'ratio':>6} {'peak/input':>11}")
    for name, unit in FAMILIES.items():
        small, large = _text(unit, args.size), _text(unit, 4 * args.size)
        t1, t4 = _best(small, args.repeat), _best(large, args.repeat)
        tracemalloc.start()
        captionfix.clean(large)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        ratio = peak / len(large.encode("utf-8"))
        print(f"{name:18} {t1:8.3f} {t4:8.3f} {t4 / t1:6.2f} {ratio:11.1f}", flush=True)


if __name__ == "__main__":
    main()
