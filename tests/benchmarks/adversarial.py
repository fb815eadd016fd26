"""Time and memory of ``clean()`` on adversarial input, 1x against 4x.

``python tests/benchmarks/adversarial.py [--size BYTES] [--repeat N] [--family NAME ...]``
prints, per family, the best-of-N time for about SIZE and 4 x SIZE bytes of
input, the time ratio (linear is 4.0; the target is at most 4.5) and the peak
memory (tracemalloc) of both runs in times the input's UTF-8 size (the target
is at most 20).  ``--size 1000000`` gives the figures of ``docs/reliability.md``
(1 MB and 4 MB).  Speed and memory are measured here, never in a timed test;
``tests/test_memory.py`` holds the memory limit at 1 MB at most.
"""

from __future__ import annotations

import argparse
import gc
import time
import tracemalloc

import captionfix

# family -> the unit repeated to make the input
FAMILIES = {
    "cr-run": "\r",  # one run of lone CRs
    "crlf-run": "\r\n",  # blank CRLF lines: one edit per line, folded before detection
    "crlf-blank": "a\r\n\r\n",  # CRLF lines with a blank line between: one line record each
    "lf-lines": "a\n",  # a line per two bytes
    "trailing-space": "a \n",  # a tidy edit per line
    "bom-run": "\ufeff",  # a whitespace edit per mark
    "nfd-spaced": "e\u0301 ",  # an NFC edit per word
    "quote-run": "“",  # a quote repair per two marks
    "quote-space": "“ ",
    "straight-glued": 'a"b',  # a quote repair per mark
    "single-turned": "‘a‘ ",  # a turned single quote per two marks
    "mojibake": "Ã©",  # one megabyte-long token
    "mojibake-punct": "Ãƒâ€œ",
    "mojibake-spaced": "Ã© ",  # an encoding repair per token
    "mojibake-layered": "\xc2\xa0\xc3\u201a\u201c",  # ftfy on one long token, in layers
    "entity-spaced": "&amp; ",  # an encoding repair per token
    "control-run": "\x01",  # one long token of controls
    "credit-lines": "Foto: EFE\n",  # a credit line per line
}


def _text(unit: str, size: int) -> str:
    return unit * (size // len(unit.encode("utf-8")) + 1)


def _best(text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        t = time.perf_counter()
        captionfix.clean(text)
        best = min(best, time.perf_counter() - t)
    return best


def peak(text: str) -> float:
    """Peak memory of ``clean(text)`` (tracemalloc), in times the text's UTF-8 size."""
    gc.collect()
    tracemalloc.start()
    try:
        captionfix.clean(text)
        top = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return top / len(text.encode("utf-8"))


def main() -> None:
    """Print one row per family."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=250_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--family", action="append", choices=list(FAMILIES))
    parser.add_argument("--no-time", action="store_true", help="peak memory only")
    args = parser.parse_args()
    mb = args.size / 1e6
    print(f"build: {captionfix._build_kind()}; sizes {mb:g} MB and {4 * mb:g} MB")
    print(f"{'family':18} {'1x s':>8} {'4x s':>8} {'ratio':>6} {'peak 1x':>8} {'peak 4x':>8}")
    for name in args.family or FAMILIES:
        unit = FAMILIES[name]
        small, large = _text(unit, args.size), _text(unit, 4 * args.size)
        if args.no_time:
            times = " " * 24
        else:
            t1, t4 = _best(small, args.repeat), _best(large, args.repeat)
            times = f"{t1:8.3f} {t4:8.3f} {t4 / t1:6.2f}"
        p1, p4 = peak(small), peak(large)
        print(f"{name:18} {times} {p1:7.1f}x {p4:7.1f}x", flush=True)


if __name__ == "__main__":
    main()
