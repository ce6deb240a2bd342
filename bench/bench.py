"""The benchmark of derivcheck: cold, warm, the naive notebook baseline, scaling, memory.

    .venv/bin/python bench/bench.py [--quick] [--json PATH]

Runs, in one go and on the same claims:

1. the import floor, ``python -c "import sympy"`` (the cost any SymPy tool pays);
2. ``derivcheck --help`` and ``--version`` (they must not import SymPy);
3. the assignment's claims (``claims/``) cold, ``--no-cache --jobs 2``;
4. the same, warm, from a temporary cache;
5. the naive notebook baseline (``bench/naive.py``): ``simplify(lhs - rhs) == 0``
   per relation, sequentially in one process, 20 s cap per claim;
6. the scalar claims alone, derivcheck cold against the baseline;
7. a generated corpus (``bench/corpus.py``) of 250, 500 and 1000 claims;
8. the softmax Jacobian claim for n = 2..8;
9. the peak resident memory of the derivcheck processes of each section;
10. the antiderivative claims ``diff(F, x) == f`` of ``tests/corpus/*.yaml`` (or of the files
    ``DERIVCHECK_BENCH_ANTIDERIVATIVES`` names, a glob): derivcheck's CPU time and verdicts
    against ``simplify(lhs - rhs) == 0`` on one core (printed before section 9);
11. the matrix-heavy lecture-note claims of ``tests/corpus/matrices.yaml`` (``bench/matrices.py``),
    each cold in a fresh process (printed before section 9);

then a summary table of measure, value, target and whether it is met.
``--quick`` times everything once and runs the corpus at 250 claims only.

Every derivcheck timing is the wall-clock time of a fresh process, so it
includes Python's start-up and, when claims are checked, the import of SymPy; "best of k" takes the fastest of k runs, since other work on the
machine only ever slows a run down. The load average is printed with each
section because other people may be using the CPUs at the same time.

Whether time grows linearly with the number of claims is judged on CPU time
(user + system of derivcheck and its workers, also from ``os.wait4``): the
cost of one more claim from 500 to 1000 claims against that from 250 to 500.
Wall time would make the same judgement depend on who else is busy.

Peak memory comes from ``os.wait4``, which returns the finished process's
``ru_maxrss``: the largest resident set of that process and of every
descendant it waited for (its workers). ``getrusage(RUSAGE_CHILDREN)`` gives
the same maximum, but accumulated over the whole benchmark, so it would charge
each section with the peaks of the sections before it; it is printed beside,
as a cross-check. Nothing is written into the repository: generated claims,
caches and derivcheck's byte-compiled modules go to a temporary folder (the
``--json`` file goes where it is told). derivcheck runs from bytecode, as an
installed package does, even where ``PYTHONDONTWRITEBYTECODE`` is set.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shlex
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Sequence

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))
sys.dont_write_bytecode = True  # no __pycache__ beside the benchmark

import corpus  # noqa: E402  (bench/corpus.py, beside this file)
import matrices  # noqa: E402  (bench/matrices.py: the section "matrices")

PYTHON = sys.executable
_SCRIPT = Path(PYTHON).parent / "derivcheck"
DERIVCHECK = [str(_SCRIPT)] if _SCRIPT.exists() else [PYTHON, "-m", "derivcheck"]
JOBS = ["--jobs", "2"]
CAP = 20.0  # the baseline's seconds per claim, as derivcheck's default --timeout

# Targets of issue 4.
HELP_FRACTION = 1 / 3  # --help, --version: under a third of the import floor
WARM_FRACTION = 1 / 2  # warm run: under half the import floor
COLD_SECONDS = 2.5  # the assignment, cold
SCALAR_RATIO = 1.0  # scalar claims: derivcheck cold / naive baseline
CORPUS_SECONDS = 60.0  # 1000 generated claims, cold
RSS_MB = 400.0  # per process (worker)
# The CPU cost of one more claim, 500->1000 against 250->500: 1 when time grows linearly,
# 2 when it grows with the square of the number of claims. Runs of the same corpus on this
# shared 2-CPU machine differ by up to ~20% in that ratio, hence the slack.
LINEAR_SLACK = 1.5


# ---------------------------------------------------------------- processes


@dataclass
class Run:
    """One finished process."""

    argv: list[str]
    wall: float
    status: int
    stdout: str
    stderr: str
    rss_mb: float  # the peak of the process and its waited-for descendants
    cpu: float  # user + system seconds of the process and its waited-for descendants

    def json(self) -> Any:
        """The JSON report on stdout.

        Raises:
            BenchError: the process printed no JSON (it crashed, or a usage error).
        """
        try:
            return json.loads(self.stdout)
        except ValueError:
            tail = (self.stderr.strip() or self.stdout.strip() or "(no output)").splitlines()[-1]
            raise BenchError(f"exit status {self.status}, no JSON report: {tail[:200]}") from None


class BenchError(Exception):
    """A measurement that could not be taken; its section is reported as failed."""


#: Where derivcheck's byte-compiled modules go during the benchmark (set in main()).
_PYCACHE: Path | None = None


def _env() -> dict[str, str]:
    # The user's DERIVCHECK_* settings (format, cache folder) must not change what is measured.
    env = {k: v for k, v in os.environ.items() if not k.startswith("DERIVCHECK_")}
    # An installed package runs from byte-compiled modules (pip compiles them on install), as
    # SymPy does in the import floor. With PYTHONDONTWRITEBYTECODE set (some machines set it)
    # an editable checkout would instead recompile derivcheck's sources on every run, about
    # 0.07 s: the bytecode is kept in a temporary folder instead, outside the repository.
    if _PYCACHE is not None:
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(_PYCACHE)
    return env


def run(argv: Sequence[str], cwd: Path) -> Run:
    """Run a command to completion, its output captured, and measure it."""
    import subprocess

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(list(argv), cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=_env())
        # wait4 rather than proc.wait(): it also returns the child's resource usage.
        _, wait_status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(wait_status)
        out.seek(0)
        err.seek(0)
        return Run(
            list(argv), wall, proc.returncode,
            out.read().decode("utf-8", "replace"), err.read().decode("utf-8", "replace"),
            usage.ru_maxrss / 1024,  # KiB on Linux
            usage.ru_utime + usage.ru_stime,
        )  # fmt: skip


def children_rss_mb() -> float:
    """The largest resident set of any process this benchmark has waited for so far."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


@dataclass
class Timing:
    """Repeated runs of one command."""

    runs: list[Run]

    @property
    def best(self) -> float:
        return min(r.wall for r in self.runs)

    @property
    def cpu(self) -> float:
        """The CPU seconds of the fastest run (workers included)."""
        return min(self.runs, key=lambda r: r.wall).cpu

    @property
    def last(self) -> Run:
        return self.runs[-1]

    def spread(self) -> str:
        walls = [r.wall for r in self.runs]
        if len(walls) == 1:
            return f"{walls[0]:.3f} s"
        return f"best {min(walls):.3f} s of {len(walls)} (median {statistics.median(walls):.3f}, worst {max(walls):.3f})"


# ---------------------------------------------------------------- reporting


@dataclass
class Row:
    """One line of the summary table."""

    measure: str
    value: str
    target: str = ""
    met: bool | None = None
    miss: str = ""  # by how much a missed target is missed


@dataclass
class Bench:
    """Everything measured, for the summary table and the JSON file."""

    quick: bool
    rows: list[Row] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    section_rss: dict[str, float] = field(default_factory=dict)
    _rss_now: float = 0.0
    _section: str = ""

    def repeat(self, argv: Sequence[str], cwd: Path, times: int, *, expect_status: int | None = 0) -> Timing:
        n = 1 if self.quick else times
        runs = []
        for _ in range(n):
            r = run(argv, cwd)
            self.seen(r)
            if expect_status is not None and r.status != expect_status:
                _failure(r)
            runs.append(r)
        return Timing(runs)

    def seen(self, r: Run) -> None:
        self._rss_now = max(self._rss_now, r.rss_mb)

    def section(self, title: str, key: str) -> None:
        self.close_section()
        self._section = key
        self._rss_now = 0.0
        load = os.getloadavg()
        self.data.setdefault("load", {})[key] = load
        print(f"\n== {title}   [load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}]", flush=True)

    def close_section(self) -> None:
        if self._section and self._rss_now:
            self.section_rss[self._section] = self._rss_now
            print(
                f"   peak RSS of one process in this section: {self._rss_now:.0f} MB"
                f"  (RUSAGE_CHILDREN so far: {children_rss_mb():.0f} MB)",
                flush=True,
            )
        self._section = ""

    def row(self, measure: str, value: str, target: str = "", met: bool | None = None, miss: str = "") -> None:
        self.rows.append(Row(measure, value, target, met, miss if met is False else ""))


def _failure(r: Run) -> None:
    tail = (r.stderr.strip() or r.stdout.strip()).splitlines()[-3:]
    print(f"   ! exit status {r.status} from {shlex.join(r.argv[-8:])}", flush=True)
    for line in tail:
        print(f"   ! {line[:160]}", flush=True)


def say(text: str) -> None:
    print(f"   {text}", flush=True)


def _ratio(a: float, b: float) -> float:
    return a / b if b else float("inf")


def _over(value: float, limit: float) -> str:
    """How far a time is over its limit: "+1.23 s, x1.49"."""
    return f"+{value - limit:.2f} s, x{_ratio(value, limit):.2f}"


# ---------------------------------------------------------------- sections


def import_floor(b: Bench) -> float:
    b.section("1. import floor: python -c 'import sympy'", "floor")
    t = b.repeat([PYTHON, "-c", "import sympy"], REPO, 5)
    say(t.spread())
    b.data["import_floor"] = t.best
    b.row("import floor (python -c 'import sympy')", f"{t.best:.3f} s")
    return t.best


def help_version(b: Bench, floor: float) -> None:
    b.section("2. derivcheck --help / --version", "help")
    for flag in ("--help", "--version"):
        t = b.repeat([*DERIVCHECK, flag], REPO, 5)
        r = _ratio(t.best, floor)
        say(f"{flag:<10} {t.spread()}   = {r:.2f} x import floor")
        b.data[flag.strip("-")] = {"seconds": t.best, "ratio_to_floor": r}
        b.row(
            f"derivcheck {flag} / import floor", f"{r:.2f} ({t.best:.3f} s)", "< 1/3",
            r < HELP_FRACTION, _over(t.best, floor * HELP_FRACTION),
        )  # fmt: skip


def _decided(report: dict[str, Any]) -> tuple[int, int, int]:
    """(decided, claims, passed) from a JSON report."""
    s = report["summary"]
    return s["proved"] + s["refuted"], len(report["claims"]), s["passed"]


def assignment_cold(b: Bench) -> None:
    b.section("3. the assignment (claims/), cold: run all --no-cache --jobs 2", "cold")
    t = b.repeat([*DERIVCHECK, "run", "all", "--no-cache", "--format", "json", *JOBS], REPO, 3)
    decided, total, passed = _decided(t.last.json())
    say(f"{t.spread()}; CPU {t.cpu:.2f} s (workers included); {decided}/{total} decided, {passed}/{total} as expected")
    b.data["cold"] = {"seconds": t.best, "cpu_seconds": t.cpu, "walls": [r.wall for r in t.runs], "decided": decided, "claims": total, "passed": passed}
    b.row(
        "assignment cold, wall", f"{t.best:.2f} s, {decided}/{total} decided",
        f"< {COLD_SECONDS} s", t.best < COLD_SECONDS, _over(t.best, COLD_SECONDS),
    )  # fmt: skip


def assignment_warm(b: Bench, floor: float, tmp: Path) -> None:
    b.section("4. the assignment, warm: a filled --cache-dir", "warm")
    cache = tmp / "cache"
    argv = [*DERIVCHECK, "run", "all", "--cache-dir", str(cache), "--format", "json", *JOBS]
    fill = run(argv, REPO)
    b.seen(fill)
    say(f"filling the cache: {fill.wall:.2f} s")
    # A warm run counts only if every claim came from the cache. The cache key includes a
    # fingerprint of derivcheck's source, so an edit to the package while the benchmark
    # runs makes a run cold; that run refills the cache and the next one is warm again.
    want = 1 if b.quick else 5
    runs: list[Run] = []
    misses = 0
    while len(runs) < want and misses < 3:
        one = run(argv, REPO)
        b.seen(one)
        report = one.json()
        cached = sum(1 for c in report["claims"] if c.get("cached"))
        if cached < len(report["claims"]):
            misses += 1
            say(f"! a warm run found {cached}/{len(report['claims'])} claims in the cache ({one.wall:.2f} s): "
                "derivcheck's source changed? not counted; the cache is refilled")  # fmt: skip
            continue
        runs.append(one)
    if not runs:
        say("! no run was served entirely from the cache")
        b.row("assignment warm / import floor", "no warm run", "< 1/2", False)
        return
    t = Timing(runs)
    r = _ratio(t.best, floor)
    say(f"{t.spread()}   = {r:.2f} x import floor; every claim ({len(t.last.json()['claims'])}) from the cache")
    b.data["warm"] = {"seconds": t.best, "ratio_to_floor": r, "claims": len(t.last.json()["claims"]), "cold_runs_discarded": misses}
    b.row(
        "assignment warm / import floor", f"{r:.2f} ({t.best:.3f} s)", "< 1/2",
        r < WARM_FRACTION, _over(t.best, floor * WARM_FRACTION),
    )  # fmt: skip


@dataclass
class Baseline:
    """The naive notebook's records, by claim id."""

    records: dict[str, dict[str, Any]]
    import_seconds: float

    def total(self, ids: Sequence[str], floor: float) -> float:
        """Its seconds on these claims: the checks, plus one import of SymPy."""
        return float(sum(self.records[i]["check_seconds"] for i in ids)) + floor

    def decided(self, ids: Sequence[str]) -> int:
        return sum(1 for i in ids if self.records[i]["decided"])

    def build(self, ids: Sequence[str]) -> float:
        """Its seconds building these claims (not charged to it)."""
        return float(sum(self.records[i]["build_seconds"] for i in ids))

    def capped(self, ids: Sequence[str]) -> int:
        return sum(1 for i in ids if self.records[i]["capped"])


def naive_baseline(b: Bench, floor: float) -> Baseline:
    b.section("5. naive notebook baseline: simplify(lhs - rhs) == 0, sequential, 20 s cap per claim", "naive")
    r = run([PYTHON, str(BENCH / "naive.py"), "all", "--cap", str(CAP)], REPO)
    if r.status != 0:
        _failure(r)
    out = r.json()
    records = {c["id"]: c for c in out["claims"]}
    base = Baseline(records, out["import_seconds"])
    ids = list(records)
    kinds: dict[str, int] = {}
    for c in records.values():
        kinds[c["kind"]] = kinds.get(c["kind"], 0) + 1
    total = base.total(ids, floor)
    build = sum(c["build_seconds"] for c in records.values())
    say(
        f"total {total:.2f} s (checks {total - floor:.2f} s + import floor {floor:.2f} s); "
        f"{base.decided(ids)}/{len(ids)} decided; {base.capped(ids)} hit the {CAP:g} s cap"
    )
    say("claims by kind: " + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())) + " (only equalities can be decided)")
    refuted_zero = [c["id"] for c in records.values() if c["expect"] == "refuted" and c["zero"]]
    say(f"building the claims with derivcheck.semantics.build, not charged: {build:.2f} s; process wall {r.wall:.2f} s")
    if refuted_zero:
        say(f"! simplified to 0 although expected refuted: {', '.join(refuted_zero)}")
    b.section_rss["naive (not derivcheck)"] = r.rss_mb
    say(f"peak RSS of the baseline process: {r.rss_mb:.0f} MB (not derivcheck; not in the RSS target)")
    b.data["naive"] = {
        "seconds": total, "check_seconds": total - floor, "build_seconds_not_charged": build,
        "decided": base.decided(ids), "claims": len(ids), "capped": base.capped(ids), "kinds": kinds,
        "process_wall": r.wall,
    }  # fmt: skip
    b.row("naive baseline, all claims", f"{total:.2f} s, {base.decided(ids)}/{len(ids)} decided, {base.capped(ids)} capped")
    return base


def scalar_ids() -> list[str]:
    """The assignment's claims with no vector or matrix symbol."""
    from derivcheck.project import locate
    from derivcheck.runner import select

    selection = select(["all"], locate(REPO))
    return [
        c.id for c in selection.claims
        if not any("vector[" in t.value or "matrix[" in t.value for _, t in c.symbols)
    ]  # fmt: skip


def scalar_claims(b: Bench, base: Baseline, floor: float) -> None:
    b.section("6. scalar claims (no vector[...] or matrix[...] symbol): derivcheck cold vs the baseline", "scalar")
    ids = [i for i in scalar_ids() if i in base.records]
    t = b.repeat([*DERIVCHECK, "run", *ids, "--no-cache", "--format", "json", *JOBS], REPO, 3)
    decided, total, passed = _decided(t.last.json())
    naive = base.total(ids, floor)
    ratio = _ratio(t.best, naive)
    say(f"derivcheck: {t.spread()}; CPU {t.cpu:.2f} s; {decided}/{total} decided, {passed}/{total} as expected")
    say(f"baseline:   {naive:.2f} s; {base.decided(ids)}/{len(ids)} decided, {base.capped(ids)} capped")
    say(f"ratio derivcheck / baseline = {ratio:.2f}")
    # Building evaluates E(), limits and integrals with derivcheck's own engine:
    # the baseline gets that work free. Shown for reading, not for the target.
    with_build = naive + base.build(ids)
    say(f"(were the baseline charged its {base.build(ids):.2f} s of building too: {with_build:.2f} s, ratio {_ratio(t.best, with_build):.2f})")
    b.data["scalar"] = {
        "claims": len(ids), "derivcheck_seconds": t.best, "derivcheck_decided": decided,
        "baseline_seconds": naive, "baseline_decided": base.decided(ids), "ratio": ratio,
    }  # fmt: skip
    b.row(
        f"scalar claims ({len(ids)}): derivcheck / baseline", f"{ratio:.2f} ({t.best:.2f} s vs {naive:.2f} s)",
        f"<= {SCALAR_RATIO:.1f}", ratio <= SCALAR_RATIO, _over(t.best, naive * SCALAR_RATIO),
    )  # fmt: skip
    b.row(
        "scalar claims decided: derivcheck | baseline", f"{decided}/{total} | {base.decided(ids)}/{len(ids)}",
        "all (derivcheck)", decided == total == len(ids),
    )  # fmt: skip


#: Where the antiderivative claims are read: the corpus, or the files this variable names (a glob).
ANTIDERIVATIVE_FILES = os.environ.get("DERIVCHECK_BENCH_ANTIDERIVATIVES", str(REPO / "tests" / "corpus" / "*.yaml"))


def antiderivative_claims(tmp: Path) -> Path:
    """The claims ``diff(F, x) == f`` of the corpus, written to one file."""
    import glob

    import yaml

    chosen = []
    for name in sorted(glob.glob(ANTIDERIVATIVE_FILES)):
        for c in (yaml.safe_load(Path(name).read_text(encoding="utf-8")) or {}).get("claims", []):
            if isinstance(c.get("claim"), str) and re.match(r"\s*diff\(.*, x\)\s*==", c["claim"]):
                chosen.append(c)
    path = tmp / "antiderivatives.yaml"
    path.write_text(yaml.safe_dump({"claims": chosen}, sort_keys=False), encoding="utf-8")
    return path


def antiderivatives(b: Bench, tmp: Path) -> None:
    b.section("10. antiderivatives: claims diff(F, x) == f of the corpus, derivcheck vs simplify(lhs - rhs) == 0", "antideriv")
    path = antiderivative_claims(tmp)
    t = b.repeat([*DERIVCHECK, "run", str(path), "--no-cache", "--format", "json", *JOBS], REPO, 3, expect_status=None)
    claims = t.last.json()["claims"]
    true = [c for c in claims if c["expect"] == "holds"]
    false = [c for c in claims if c["expect"] == "refuted"]
    proved = sum(c["verdict"] == "proved" for c in true)
    refuted = sum(c["verdict"] == "refuted" for c in false)
    wrong = sum(c["verdict"] == "refuted" for c in true) + sum(c["verdict"] == "proved" for c in false)
    r = run([PYTHON, str(BENCH / "naive.py"), str(path), "--cap", str(CAP)], REPO)
    if r.status != 0:
        _failure(r)
    records = r.json()["claims"]
    naive_seconds = sum(c["check_seconds"] for c in records)
    naive_proved = sum(1 for c in records if c["expect"] == "holds" and c["zero"])
    naive_wrong = sum(1 for c in records if c["expect"] == "refuted" and c["zero"])
    ratio = _ratio(t.cpu, naive_seconds)
    say(f"{len(claims)} claims from {ANTIDERIVATIVE_FILES}: {len(true)} true, {len(false)} false")
    say(f"derivcheck: {t.spread()}; CPU {t.cpu:.2f} s (per core, workers included); true proved {proved}/{len(true)}, false refuted {refuted}/{len(false)}, wrong {wrong}")
    say(f"simplify:   {naive_seconds:.2f} s on one core (checks only, {CAP:g} s cap); true proved {naive_proved}/{len(true)}, false: none can be refuted; wrong {naive_wrong}")
    say(f"ratio derivcheck CPU / simplify = {ratio:.2f}")
    b.data["antiderivatives"] = {
        "claims": len(claims), "true": len(true), "false": len(false), "derivcheck_cpu_seconds": t.cpu,
        "derivcheck_proved": proved, "derivcheck_refuted": refuted, "derivcheck_wrong": wrong,
        "simplify_seconds": naive_seconds, "simplify_proved": naive_proved, "ratio": ratio,
    }  # fmt: skip
    b.row(
        "antiderivatives: true proved, derivcheck | simplify", f"{proved} | {naive_proved} of {len(true)}",
        "derivcheck more", proved > naive_proved,
    )  # fmt: skip
    b.row("antiderivatives: CPU derivcheck / simplify", f"{ratio:.2f}", "<= 0.5", ratio <= 0.5)
    b.row("antiderivatives: false refuted, wrong verdicts", f"{refuted}/{len(false)}, {wrong}", "all, 0", refuted == len(false) and wrong == 0)


def generated_corpus(b: Bench, tmp: Path) -> None:
    sizes = [250] if b.quick else [250, 500, 1000]
    b.section(f"7. generated corpus: {', '.join(map(str, sizes))} claims, cold, --jobs 2", "corpus")
    claims = corpus.corpus(max(sizes))
    walls: dict[int, float] = {}
    cpus: dict[int, float] = {}
    all_matched = True
    for n in sizes:
        folder = tmp / f"corpus-{n}"
        corpus.write_corpus(claims[:n], folder)
        r = run([*DERIVCHECK, "run", str(folder), "--no-cache", "--format", "json", *JOBS], tmp)
        b.seen(r)
        if r.status not in (0, 1):
            _failure(r)
        report = r.json()
        decided, total, passed = _decided(report)
        matched = passed == total == n
        all_matched &= matched
        walls[n], cpus[n] = r.wall, r.cpu
        wrong = [c["id"] for c in report["claims"] if not c["passed"]]
        say(
            f"{n:>5} claims: {r.wall:6.2f} s wall, {n / r.wall:5.1f} claims/s; CPU {r.cpu:6.2f} s; "
            f"{passed}/{total} verdicts as expected" + (f" (not: {', '.join(wrong[:5])})" if wrong else "")
        )
    b.data["corpus"] = {
        "seconds": {str(k): v for k, v in walls.items()},
        "cpu_seconds": {str(k): v for k, v in cpus.items()},
        "all_as_expected": all_matched,
    }  # fmt: skip
    if len(sizes) == 3:
        # Linear growth: the cost of one more claim does not grow with the number of claims.
        # Judged on CPU seconds (the whole process tree's, from wait4), which other work
        # on a shared machine barely moves; wall-clock marginals are shown beside.
        c1, c2 = (cpus[500] - cpus[250]) / 250, (cpus[1000] - cpus[500]) / 500
        w1, w2 = (walls[500] - walls[250]) / 250, (walls[1000] - walls[500]) / 500
        growth = _ratio(c2, c1)
        linear = growth <= LINEAR_SLACK
        say(
            f"marginal cost per claim, 250->500 then 500->1000: CPU {1000 * c1:.1f} then {1000 * c2:.1f} ms "
            f"(x{growth:.2f}: 1 if linear, 2 if quadratic); wall {1000 * w1:.1f} then {1000 * w2:.1f} ms"
        )
        b.data["corpus"].update({"marginal_cpu_ms": [1000 * c1, 1000 * c2], "marginal_wall_ms": [1000 * w1, 1000 * w2], "growth": growth, "linear": linear})
        b.row(
            "corpus 1000 claims, cold", f"{walls[1000]:.1f} s ({1000 / walls[1000]:.0f} claims/s)",
            f"< {CORPUS_SECONDS:.0f} s", walls[1000] < CORPUS_SECONDS, _over(walls[1000], CORPUS_SECONDS),
        )  # fmt: skip
        b.row(
            "corpus CPU per extra claim, 500->1000 vs 250->500", f"x{growth:.2f} ({1000 * c1:.1f} -> {1000 * c2:.1f} ms)",
            f"<= x{LINEAR_SLACK} (x1 linear, x2 quadratic)", linear,
        )  # fmt: skip
    else:
        b.row("corpus 250 claims, cold (--quick)", f"{walls[250]:.1f} s ({250 / walls[250]:.0f} claims/s)")
    b.row("corpus verdicts as expected", "all" if all_matched else "NOT all", "all", all_matched)


def jacobian_scaling(b: Bench, tmp: Path) -> None:
    b.section("8. softmax Jacobian, x: vector[n], n = 2..8, cold (one claim file per n)", "jacobian")
    out: dict[str, Any] = {}
    for n in range(2, 9):
        path = tmp / f"jacobian-{n}.yaml"
        path.write_text(corpus.jacobian_yaml(n), encoding="utf-8")
        t = b.repeat([*DERIVCHECK, "run", str(path), "--no-cache", "--format", "json", *JOBS], tmp, 3, expect_status=None)
        claim = t.last.json()["claims"][0]
        strategy = (claim.get("proof") or "") if isinstance(claim.get("proof"), str) else ""
        say(f"n = {n}: {t.spread():<52} {claim['verdict']} {strategy}".rstrip())
        out[str(n)] = {"seconds": t.best, "verdict": claim["verdict"], "engine_seconds": claim.get("seconds")}
    b.data["jacobian"] = out
    verdicts = {v["verdict"] for v in out.values()}
    b.row(
        "softmax Jacobian n = 2 .. 8, wall",
        " / ".join(f"{v['seconds']:.2f}" for v in out.values()) + " s",
        "proved", verdicts == {"proved"},
    )  # fmt: skip


def memory(b: Bench) -> None:
    b.close_section()
    print("\n== 9. peak RSS of one process (derivcheck and its workers), per section", flush=True)
    derivcheck_peak = 0.0
    for key, mb in b.section_rss.items():
        say(f"{key:<24} {mb:6.0f} MB")
        if not key.startswith("naive"):
            derivcheck_peak = max(derivcheck_peak, mb)
    say(f"RUSAGE_CHILDREN over the whole benchmark (baseline included): {children_rss_mb():.0f} MB")
    b.data["rss_mb"] = dict(b.section_rss)
    b.row("peak RSS of one derivcheck process", f"{derivcheck_peak:.0f} MB", f"< {RSS_MB:.0f} MB", derivcheck_peak < RSS_MB)


# ---------------------------------------------------------------- main


def summary(b: Bench) -> None:
    print("\n== summary")
    w1 = max(len(r.measure) for r in b.rows)
    w2 = max(len(r.value) for r in b.rows)
    w3 = max(len(r.target) for r in b.rows)
    print(f"   {'measure':<{w1}}  {'value':<{w2}}  {'target':<{w3}}  met?")
    print(f"   {'-' * w1}  {'-' * w2}  {'-' * w3}  ----")
    for r in b.rows:
        met = "" if r.met is None else ("yes" if r.met else f"NO ({r.miss})" if r.miss else "NO")
        print(f"   {r.measure:<{w1}}  {r.value:<{w2}}  {r.target:<{w3}}  {met}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The benchmark of derivcheck.")
    parser.add_argument("--quick", action="store_true", help="each timing once; the corpus at 250 claims only")
    parser.add_argument("--json", metavar="PATH", type=Path, help="also write the numbers to this JSON file")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    b = Bench(quick=args.quick)
    load = os.getloadavg()
    print(f"derivcheck benchmark{' (--quick)' if args.quick else ''}: {PYTHON}")
    print(f"{os.cpu_count()} CPUs; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} (1, 5, 15 min)")
    with tempfile.TemporaryDirectory(prefix="derivcheck-bench-") as name:
        tmp = Path(name)
        global _PYCACHE
        _PYCACHE = tmp / "pycache"
        run([*DERIVCHECK, "list"], REPO)  # byte-compiles derivcheck's modules once, untimed
        run([PYTHON, "-c", "import derivcheck.checking, derivcheck.diagnose, derivcheck.render.json_report"], REPO)
        floor = import_floor(b)
        base: Baseline | None = None

        def baseline() -> None:
            nonlocal base
            base = naive_baseline(b, floor)

        sections: list[tuple[str, Callable[[], None]]] = [
            ("--help / --version", lambda: help_version(b, floor)),
            ("assignment cold", lambda: assignment_cold(b)),
            ("assignment warm", lambda: assignment_warm(b, floor, tmp)),
            ("naive baseline", baseline),
            ("scalar claims", lambda: scalar_claims(b, base, floor) if base else say("! skipped: no baseline")),
            ("generated corpus", lambda: generated_corpus(b, tmp)),
            ("softmax Jacobian", lambda: jacobian_scaling(b, tmp)),
            ("antiderivatives", lambda: antiderivatives(b, tmp)),
            ("matrices", lambda: matrices.section(b, tmp, DERIVCHECK, say, _over)),
        ]
        for title, section in sections:
            try:
                section()
            except (BenchError, KeyError, IndexError) as exc:
                say(f"! this section failed: {type(exc).__name__}: {exc}")
                b.row(title, "FAILED", "", False)
        memory(b)
    elapsed = time.perf_counter() - start
    summary(b)
    load = os.getloadavg()
    print(f"\nwhole benchmark: {elapsed:.0f} s; load average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    b.data.update({
        "quick": args.quick, "cpus": os.cpu_count(), "elapsed_seconds": elapsed,
        "summary": [r.__dict__ for r in b.rows],
    })  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(b.data, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
