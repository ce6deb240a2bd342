"""The benchmark's section "matrices": matrix-heavy lecture-note claims, each cold in a fresh process.

    .venv/bin/python bench/matrices.py [--repeat K] [--json PATH] [ID ...]

The claims are those of ``tests/corpus/matrices.yaml`` (logistic-regression
gradient and Hessian with n = 3 samples and d = 2 features, the batch-norm
backward formula for n = 2..4, and their false twins). Each is written to a
file of its own and checked by ``derivcheck run FILE --no-cache``, K times;
the median wall time is compared with the target of 2 s a claim, and the
CPU time (user + system of the process, from ``os.wait4``) is shown beside,
since on a shared machine other work moves the wall time and barely the CPU
time. ``bench/bench.py`` runs this section too, with its own repetitions.

As in ``bench/bench.py``, derivcheck runs from byte-compiled modules, as an
installed package does (pip compiles them on install), even where
``PYTHONDONTWRITEBYTECODE`` is set: the bytecode is written once, untimed, to
a temporary folder. Without it an editable checkout recompiles derivcheck's
sources in every process, about 0.4 s of CPU time a claim.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

BENCH = Path(__file__).resolve().parent
CLAIMS = BENCH.parent / "tests" / "corpus" / "matrices.yaml"
SECONDS = 2.0  # the target: each claim, cold
_SCRIPT = Path(sys.executable).parent / "derivcheck"
DERIVCHECK = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "derivcheck"]


@dataclass
class Run:
    """One finished process: wall and CPU seconds (its own and its waited-for children's), its output."""

    wall: float
    cpu: float
    stdout: str


#: Where derivcheck's byte-compiled modules go while measuring (set in main()).
_PYCACHE: Path | None = None


def run(argv: list[str], cwd: Path) -> Run:
    """Run a command to completion and measure it (as ``bench.run`` does)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DERIVCHECK_")}
    if _PYCACHE is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(_PYCACHE)
    with tempfile.TemporaryFile() as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL, env=env)
        _, _, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        out.seek(0)
        return Run(wall, usage.ru_utime + usage.ru_stime, out.read().decode("utf-8", "replace"))


def claim_files(folder: Path, ids: list[str] | None = None) -> list[tuple[str, Path, str]]:
    """(id, file, expected verdict) for each claim, each written to a file of its own in ``folder``."""
    doc = yaml.safe_load(CLAIMS.read_text(encoding="utf-8"))
    out = []
    for claim in doc["claims"]:
        if ids and claim["id"] not in ids:
            continue
        path = folder / f"{claim['id']}.yaml"
        path.write_text(yaml.safe_dump({"claims": [claim]}, allow_unicode=True, sort_keys=False), encoding="utf-8")
        expected = "refuted" if claim.get("expect") == "refuted" else "proved"
        out.append((claim["id"], path, expected))
    return out


def measure(run: Callable[[list[str], Path], Any], derivcheck: list[str], folder: Path, times: int, ids: list[str] | None = None) -> list[dict[str, Any]]:
    """Each claim ``times`` times, cold: median wall and CPU seconds, verdict, and the engine's own seconds.

    ``run(argv, cwd)`` runs a command and returns an object with ``wall``,
    ``cpu`` and ``stdout`` (:func:`run`, or ``bench.run``).
    """
    rows = []
    for cid, path, expected in claim_files(folder, ids):
        argv = [*derivcheck, "run", str(path), "--no-cache", "--format", "json", "--jobs", "1"]
        runs = [run(argv, folder) for _ in range(times)]
        report = json.loads(runs[-1].stdout)["claims"][0]
        rows.append({
            "id": cid, "wall": statistics.median(r.wall for r in runs), "cpu": statistics.median(r.cpu for r in runs),
            "verdict": report["verdict"], "expected": expected, "engine_seconds": report.get("seconds"),
        })  # fmt: skip
    return rows


def lines(rows: list[dict[str, Any]]) -> list[str]:
    """The table, one claim a line, and the summary line."""
    out = [f"{r['id']:<34} wall {r['wall']:5.2f} s  CPU {r['cpu']:5.2f} s  engine {r['engine_seconds'] or 0:5.2f} s  "
           f"{r['verdict']}{'' if r['verdict'] == r['expected'] else ' (expected ' + r['expected'] + ')'}" for r in rows]  # fmt: skip
    worst = max(rows, key=lambda r: r["wall"])
    out.append(f"slowest: {worst['id']} {worst['wall']:.2f} s wall (target < {SECONDS:g} s); "
               f"{sum(r['verdict'] == r['expected'] for r in rows)}/{len(rows)} verdicts as expected")  # fmt: skip
    return out


def section(b: Any, tmp: Path, derivcheck: list[str], say: Callable[[str], None], over: Callable[[float, float], str]) -> None:
    """The section "matrices" of ``bench/bench.py``: ``b`` is its Bench (sections, rows, repeated runs)."""
    b.section("11. matrices: lecture-note matrix claims (tests/corpus/matrices.yaml), each cold in a fresh process", "matrices")
    times = 1 if b.quick else 3
    rows = measure(lambda argv, cwd: b.repeat(argv, cwd, 1, expect_status=None).last, derivcheck, tmp, times)
    for line in lines(rows):
        say(line)
    b.data["matrices"] = rows
    worst = max(r["wall"] for r in rows)
    wrong = [r["id"] for r in rows if r["verdict"] != r["expected"]]
    b.row("matrices: slowest claim, cold (median)", f"{worst:.2f} s", f"< {SECONDS:g} s", worst < SECONDS, over(worst, SECONDS))
    b.row("matrices: verdicts as expected", "all" if not wrong else "NOT: " + ", ".join(wrong), "all", not wrong)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The matrix-heavy lecture-note claims, each cold.")
    parser.add_argument("ids", nargs="*", help="only these claims")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each claim (the median is shown)")
    parser.add_argument("--json", metavar="PATH", type=Path, help="also write the numbers to this JSON file")
    args = parser.parse_args(argv)
    global _PYCACHE
    with tempfile.TemporaryDirectory(prefix="derivcheck-matrices-") as name:
        _PYCACHE = Path(name) / "pycache"
        # Byte-compiles the modules a check imports, untimed (as bench/bench.py does).
        run([sys.executable, "-c", "import derivcheck.cli, derivcheck.checking, derivcheck.diagnose, derivcheck.render.json_report"], BENCH.parent)
        rows = measure(run, DERIVCHECK, Path(name), args.repeat, args.ids or None)
    for line in lines(rows):
        print(line, flush=True)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")
    return 0 if all(r["verdict"] == r["expected"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
