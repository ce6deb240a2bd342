"""Same claim, same version, any machine load: the same verdict.

Runs every claim the project keeps (the assignment in ``claims/``, the
corpora under ``tests/``, the contract's examples in ``../shared/examples``)
through the real command line twice, with no cache: once on an idle machine
and once while busy processes load every core. It prints each claim whose
verdict (or, with ``--proofs``, whose proof or witness) differs between the
two runs, and exits 1 if there is any. A ``timeout`` counts as a difference
too: the clock is only a safety net, so a run that needs it is not the same
decision.

Usage::

    .venv/bin/python fuzz/determinism.py            # idle, then loaded
    .venv/bin/python fuzz/determinism.py --load 4   # four busy processes
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [
    ROOT / "claims",
    ROOT / "tests" / "corpus",
    ROOT / "tests" / "soundness",
    ROOT.parent / "shared" / "examples",
]


def _burn(stop_at: float) -> None:
    """Keep one core busy until ``stop_at``."""
    x = 0
    while time.time() < stop_at:
        x = (x * 31 + 7) % 1_000_003


def _run(paths: list[Path]) -> dict[str, dict[str, Any]]:
    exe = Path(sys.executable).with_name("derivcheck")
    cmd = [str(exe), "run", *map(str, paths), "--format", "json", "--no-cache"]
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env={**os.environ, "NO_COLOR": "1"})
    doc = json.loads(out.stdout)
    return {f"{c['file']}::{c['id']}": c for c in doc["claims"]}


def _key(c: dict[str, Any], proofs: bool) -> tuple[Any, ...]:
    if not proofs:
        return (c["verdict"],)
    return (c["verdict"], c.get("proof"), json.dumps(c.get("witness"), sort_keys=True), c.get("diagnosis"))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--load", type=int, default=os.cpu_count() or 2, help="busy processes in the second run")
    ap.add_argument("--proofs", action="store_true", help="compare proofs, witnesses and diagnoses too")
    args = ap.parse_args()
    paths = [p for p in SOURCES if p.exists()]
    t0 = time.monotonic()
    idle = _run(paths)
    idle_s = time.monotonic() - t0
    stop_at = time.time() + 3600
    burners = [multiprocessing.Process(target=_burn, args=(stop_at,), daemon=True) for _ in range(args.load)]
    for b in burners:
        b.start()
    try:
        t0 = time.monotonic()
        loaded = _run(paths)
        loaded_s = time.monotonic() - t0
    finally:
        for b in burners:
            b.terminate()
    differ = [k for k in idle if k not in loaded or _key(idle[k], args.proofs) != _key(loaded[k], args.proofs)]
    timeouts = [k for k, c in {**idle, **loaded}.items() if c["verdict"] == "timeout"]
    for k in differ:
        a, b = idle[k], loaded.get(k, {})
        print(f"DIFFERS {k}: idle {_key(a, args.proofs)} / loaded {_key(b, args.proofs) if b else 'missing'}")
    for k in sorted(set(timeouts) - set(differ)):
        print(f"TIMEOUT {k}")
    print(
        f"{len(idle)} claims: idle run {idle_s:.1f} s, loaded run ({args.load} busy processes) {loaded_s:.1f} s; "
        f"{len(differ)} verdicts differ, {len(set(timeouts))} timeouts"
    )
    return 1 if differ or timeouts else 0


if __name__ == "__main__":
    sys.exit(main())
