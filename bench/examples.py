"""Time each of the contract's example claims, and the whole set through the command line.

    python bench/examples.py [PATH-TO-EXAMPLES-YAML]

Prints one line per claim (verdict, seconds, in-process, after imports), then
the wall time of `derivcheck run EXAMPLES --no-cache` in a fresh process, which
includes Python's start-up and the import of SymPy.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "examples" / "claim-format-examples.yaml"


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    from derivcheck.checking import check_claim
    from derivcheck.loader import load_file

    claims = load_file(path).claims
    print(f"{'claim':<24} {'verdict':<10} {'seconds':>8}")
    total = 0.0
    for claim in claims:
        t0 = time.perf_counter()
        result = check_claim(claim)
        dt = time.perf_counter() - t0
        total += dt
        print(f"{claim.id:<24} {result.verdict.value:<10} {dt:8.3f}")
    print(f"{'sum (in process)':<35} {total:8.3f}")
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "derivcheck", "run", str(path), "--no-cache", "--format", "concise", "-q"],
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - t0
    print(f"{'wall, derivcheck run --no-cache':<35} {wall:8.3f}   ({proc.stdout.strip().splitlines()[-1]})")


if __name__ == "__main__":
    main()
