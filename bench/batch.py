"""The dataset-scale benchmark: derivcheck batch (local, Ray) against Math-Verify and simplify.

    .venv/bin/python bench/batch.py [--claims 10000] [--big 100000]
        [--engines local1,local2,ray1,ray2,mathverify,simplify] [--baseline-claims N]
        [--budget 20] [--json PATH] [--work DIR]

The claims are ``bench/batch_gen.py``'s one-step claims (algebra, rational functions, exp/log,
derivative steps; half true, half with one realistic slip), each labelled by the bench's own
exact or 50-digit evaluation (``bench/batch_label.py``), never by derivcheck. The engines:

* ``local1``, ``local2``: ``derivcheck batch IN.jsonl -o OUT.jsonl --engine local -j 1|2``;
* ``ray1``, ``ray2``: the same with ``--engine ray`` on a local Ray cluster of 1 or 2 CPUs
  (skipped, with the reason, where Ray is not installed);
* ``mathverify``: Math-Verify's ``verify(parse(gold), parse(answer))`` on each claim's two sides
  written in LaTeX (``mathverify-plain``: the claim's own plain strings), in the bench's own
  environment ``bench/.venv-mathverify`` (created here on first use: ``python3 -m venv
  bench/.venv-mathverify && bench/.venv-mathverify/bin/pip install math-verify``), so that
  Math-Verify never becomes a dependency of derivcheck and its SymPy pin never meets derivcheck's;
* ``simplify``: ``simplify(lhs - rhs) == 0`` with SymPy, the notebook baseline.

Math-Verify and simplify run in a pool of long-lived worker processes, one task at a time each,
with an outer wall limit per claim (``--budget``): an overrun ends the worker and counts a hang.
derivcheck enforces its own limit (``--timeout``, the claim becomes ``timeout``); the bench
counts a hang when a claim took longer than the budget plus 5 s, or when no result at all was
written for ``--budget`` × 3 + 60 seconds (three minutes more before the first: a Ray cluster
starts); the run is then ended, and each of its workers' claims in flight is a hang.

Checks per second per core = claims / CPU seconds of every process involved (user + system,
from ``os.wait4`` and ``/proc``): the machine is shared, so wall time says more about the
neighbours than about the tool. ``--big N`` runs derivcheck batch (local, ``-j 2``) on N claims
streamed from a gzip file (the labelled claims again and again, each round under new symbol
names) and samples the resident memory of the parent and of its workers every second.

Writes the table as Markdown on stdout and everything measured as JSON to ``--json``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
sys.dont_write_bytecode = True

import batch_gen  # noqa: E402
from batch_label import compare  # noqa: E402
from batch_proc import Pool, measure  # noqa: E402

PYTHON = sys.executable
_SCRIPT = Path(PYTHON).parent / "derivcheck"
DERIVCHECK = [str(_SCRIPT)] if _SCRIPT.exists() else [PYTHON, "-m", "derivcheck"]
MV_VENV = BENCH / ".venv-mathverify"
ENGINES = ["local1", "local2", "ray1", "ray2", "mathverify", "simplify"]


def log(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def _load() -> str:
    a, b, c = os.getloadavg()
    return f"{a:.2f} {b:.2f} {c:.2f}"


@dataclass
class Result:
    """One engine on one set of claims."""

    engine: str
    claims: int
    cpu: float
    wall: float
    verdicts: dict[str, str]  # id -> proved | refuted | undecided | timeout | invalid | hang | ...
    hangs: int = 0
    max_rss_mb: float = 0.0
    total_rss_mb: float = 0.0
    no_witness: int = 0  # refutations without a witness
    witness_checked: int = 0  # refutations whose witness the bench's evaluator confirmed
    task_cpu: dict[str, float] = field(default_factory=dict)  # per claim, where the tool reports it
    load: str = ""
    note: str = ""

    def score(self, labels: dict[str, bool], families: dict[str, str] | None = None) -> dict[str, Any]:
        decided = {i: v for i, v in self.verdicts.items() if v in ("proved", "refuted")}
        wrong_ids = [i for i, v in decided.items() if (v == "proved") != labels[i]]
        wrong = len(wrong_ids)
        by_family: dict[str, dict[str, int]] = {}
        for i in self.verdicts:
            fam = by_family.setdefault((families or {}).get(i, "?"), {"claims": 0, "decided": 0, "wrong": 0})
            fam["claims"] += 1
            fam["decided"] += i in decided
        for i in wrong_ids:
            by_family[(families or {}).get(i, "?")]["wrong"] += 1
        return {
            "engine": self.engine, "claims": self.claims, "cpu_seconds": round(self.cpu, 2),
            "wall_seconds": round(self.wall, 2), "checks_per_cpu_second": _rate(self.claims, self.cpu),
            "decided": len(decided), "decided_share": len(decided) / max(1, self.claims), "wrong": wrong,
            "hangs": self.hangs, "max_rss_mb": round(self.max_rss_mb), "total_rss_mb": round(self.total_rss_mb),
            "refuted_without_witness": self.no_witness, "witnesses_confirmed": self.witness_checked,
            "outcomes": dict(Counter(self.verdicts.values())), "load": self.load, "note": self.note,
            "by_family": by_family, "wrong_ids": wrong_ids[:50], "verdicts": self.verdicts, "task_cpu": self.task_cpu,
        }  # fmt: skip


def _result(row: dict[str, Any], work: Path) -> Result:
    """A scored row read back from a JSON report (or derivcheck's output beside it), for the common subset."""
    verdicts, task_cpu = row.get("verdicts"), row.get("task_cpu", {})
    if verdicts is None:
        with open(work / f"out-{row['engine']}.jsonl", encoding="utf-8") as fh:
            verdicts = {r["id"]: r["verdict"] for r in map(json.loads, fh)}
    return Result(row["engine"], row["claims"], row["cpu_seconds"], row["wall_seconds"], verdicts, task_cpu=task_cpu)


def _rate(n: int, cpu: float) -> float:
    return round(n / cpu, 1) if cpu > 0 else 0.0


# ---------------------------------------------------------------- claims


def _open(path: Path, mode: str) -> Any:
    return gzip.open(path, mode + "t", encoding="utf-8") if path.suffix == ".gz" else open(path, mode, encoding="utf-8")


def labelled(n: int, work: Path) -> list[dict[str, Any]]:
    """The first ``n`` generated claims with their labels, generated once and kept in ``work``."""
    path = work / f"claims-{batch_gen.SEED}-{n}.jsonl.gz"
    if not path.exists():
        t0 = time.process_time()
        tmp = path.with_suffix(".tmp")
        with gzip.open(tmp, "wt", encoding="utf-8") as fh:
            for k, rec in enumerate(batch_gen.claims(n)):
                fh.write(json.dumps(rec) + "\n")
                if k % 1000 == 999:
                    log(f"   generated {k + 1} claims")
        tmp.rename(path)
        log(f"   generated and labelled {n} claims in {time.process_time() - t0:.1f} CPU s")
    with _open(path, "r") as fh:
        return [json.loads(line) for line in fh]


def write_input(recs: Iterable[dict[str, Any]], path: Path) -> int:
    count = 0
    with _open(path, "w") as fh:
        for rec in recs:
            fh.write(json.dumps(batch_gen.public(rec)) + "\n")
            count += 1
    return count


# ---------------------------------------------------------------- derivcheck


def _env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("DERIVCHECK_")}


def _witness_ok(claim: str, witness: dict[str, str]) -> bool | None:
    """Whether the bench's own evaluator finds the two sides different at derivcheck's witness."""
    try:
        point = {k: Fraction(v) for k, v in witness.items()}
    except (ValueError, ZeroDivisionError):
        return None  # not a rational point: left to derivcheck's own certificate
    same = compare(claim, point)
    return None if same is None else not same


def derivcheck_batch(
    name: str, inp: Path, n: int, args: argparse.Namespace, claims: dict[str, str] | None,
    engine: str, jobs: int, extra: list[str] | None = None, sample: bool = False,
) -> tuple[Result, list[tuple[float, float, float, int]]]:  # fmt: skip
    """Run ``derivcheck batch`` on ``inp`` and read its results back."""
    out = Path(args.work) / f"out-{name}.jsonl"
    out.unlink(missing_ok=True)
    argv = [*DERIVCHECK, "batch", str(inp), "-o", str(out), "-j", str(jobs), "--timeout", str(args.budget),
            "--engine", engine, *(extra or [])]  # fmt: skip
    load = _load()
    log(f"== {name}: {' '.join(argv[1:])}   [load {load}]")
    m = measure(argv, limit=args.limit, env=_env(), stall=(out, 3 * args.budget + 60), interval=1.0 if sample else 2.0)
    res = Result(name, n, m.cpu, m.wall, {}, max_rss_mb=m.max_rss_mb, total_rss_mb=m.total_rss_mb, load=load)
    if m.status not in (0, 1):
        res.note = f"exit status {m.status}: " + (m.stderr.strip().splitlines() or ["(no message)"])[-1][:200]
        log(f"   ! {res.note}")
    if m.stalled:
        res.hangs += jobs
    if m.status is None and not m.stalled:
        res.note = f"ended by --limit after {m.progress[-1][3] if m.progress else 0} of {n} claims"
    if out.exists():
        with open(out, encoding="utf-8") as fh:
            for line in fh:
                try:
                    r = json.loads(line)
                except ValueError:  # a line cut by the outer limit's kill
                    continue
                v = r.get("verdict", "?")
                res.verdicts[r["id"]] = v
                res.task_cpu[r["id"]] = float(r.get("seconds") or 0.0)
                if float(r.get("seconds") or 0.0) > args.budget + 5:
                    res.hangs += 1
                if v == "refuted":
                    if not r.get("witness"):
                        res.no_witness += 1
                    elif claims is not None and _witness_ok(claims[r["id"]], r["witness"]):
                        res.witness_checked += 1
    res.claims = len(res.verdicts)  # the rate is of the claims checked, if the run was ended early
    log(f"   {len(res.verdicts)} results, {m.wall:.1f} s wall, {m.cpu:.1f} s CPU  [load {_load()}]")
    return res, m.progress


def _ray_missing() -> str | None:
    probe = subprocess.run([PYTHON, "-c", "import ray"], capture_output=True, text=True)
    return None if probe.returncode == 0 else "ray is not installed (pip install 'derivcheck[ray]')"


# ---------------------------------------------------------------- baselines


def _mv_python() -> Path:
    py = MV_VENV / "bin" / "python"
    if not py.exists():
        log(f"   creating {MV_VENV} with math-verify (once)")
        subprocess.run([sys.executable, "-m", "venv", str(MV_VENV)], check=True)
        subprocess.run([str(py), "-m", "pip", "install", "-q", "math-verify"], check=True)
    return py


def _tasks(recs: list[dict[str, Any]], latex: bool) -> Iterator[dict[str, Any]]:
    for rec in recs:
        lhs, rhs = rec["claim"].split(" == ")
        task = {"id": rec["id"], "symbols": rec["symbols"], "lhs": lhs, "rhs": rhs}
        if latex:
            task["latex"] = batch_gen.latex_sides(rec)
        yield task


def baseline(name: str, recs: list[dict[str, Any]], args: argparse.Namespace) -> Result:
    """Math-Verify or simplify over the claims, in a pool with an outer limit per claim."""
    py = _mv_python() if name.startswith("mathverify") else Path(PYTHON)
    pool = Pool([str(py), str(BENCH / "batch_worker.py"), name], args.baseline_jobs, float(args.budget))
    load = _load()
    log(f"== {name}: {len(recs)} claims, {args.baseline_jobs} workers, {args.budget} s per claim   [load {load}]")
    tasks = list(_tasks(recs, latex=name == "mathverify"))  # the input, prepared before the clock starts
    t0 = time.perf_counter()
    res = Result(name, len(recs), 0.0, 0.0, {}, load=load)
    for k, answer in enumerate(pool.run(tasks)):
        outcome = answer["outcome"]
        # Math-Verify's False is a rejection (how a grader uses it); simplify's nonzero proves nothing.
        res.verdicts[answer["id"]] = {
            "equal": "proved",
            "not equal": "refuted" if name.startswith("mathverify") else "undecided",
        }.get(outcome, outcome)
        res.task_cpu[answer["id"]] = float(answer["cpu"])
        if k % 1000 == 999:
            log(f"   {k + 1} done, {time.perf_counter() - t0:.0f} s")
    res.wall, res.cpu, res.max_rss_mb, res.hangs = time.perf_counter() - t0, pool.cpu, pool.max_rss_mb, pool.hangs
    res.total_rss_mb = res.max_rss_mb * args.baseline_jobs
    log(f"   {res.wall:.1f} s wall, {res.cpu:.1f} s CPU, {res.hangs} hangs  [load {_load()}]")
    return res


# ---------------------------------------------------------------- report


def table(rows: list[dict[str, Any]]) -> str:
    lines = [
        "| engine | claims | checks/s/core | decided | wrong | hangs | peak RSS (largest process / all) | CPU s | wall s |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(
            f"| {r['engine']} | {r['claims']} | {r['checks_per_cpu_second']} | {100 * r['decided_share']:.1f}% "
            f"| {r['wrong']} | {r['hangs']} | {r['max_rss_mb']} / {r['total_rss_mb']} MB | {r['cpu_seconds']} | {r['wall_seconds']} |"
        )
    return "\n".join(lines)


def common_subset(
    dc: Result, mv: Result, labels: dict[str, bool], recs: list[dict[str, Any]], args: argparse.Namespace
) -> dict[str, Any]:
    """The claims both derivcheck and Math-Verify get right, and each one's per-core rate on them.

    derivcheck is run again on exactly those claims (its CPU includes its start-up); Math-Verify's
    CPU is the sum of its per-claim CPU times (its workers' start-up not charged)."""
    def right(r: Result, i: str) -> bool:
        return r.verdicts.get(i) in ("proved", "refuted") and (r.verdicts[i] == "proved") == labels[i]

    ids = [rec["id"] for rec in recs if rec["id"] in mv.verdicts and right(dc, rec["id"]) and right(mv, rec["id"])]
    by_family = Counter(rec["_family"] for rec in recs if rec["id"] in set(ids))
    mv_cpu = sum(mv.task_cpu[i] for i in ids)
    wanted = set(ids)
    inp = Path(args.work) / "common.jsonl"
    write_input((rec for rec in recs if rec["id"] in wanted), inp)
    again, _ = derivcheck_batch("common-local2", inp, len(ids), args, None, "local", 2)
    return {
        "claims": len(ids), "families": dict(by_family),
        "derivcheck_checks_per_cpu_second": _rate(len(ids), again.cpu), "derivcheck_cpu": round(again.cpu, 2),
        "mathverify_checks_per_cpu_second": _rate(len(ids), mv_cpu), "mathverify_cpu": round(mv_cpu, 2),
        "mathverify_only": sum(1 for i in mv.verdicts if right(mv, i) and not right(dc, i)),
        "derivcheck_only": sum(1 for i in mv.verdicts if right(dc, i) and not right(mv, i)),
    }  # fmt: skip


def big_run(n: int, base: list[dict[str, Any]], args: argparse.Namespace) -> dict[str, Any]:
    """derivcheck batch local -j 2 on ``n`` claims from a gzip file; resident memory over time."""
    inp = Path(args.work) / f"big-{n}.jsonl.gz"
    if not inp.exists():
        write_input(batch_gen.repeated(base, n), inp)
    labels = {f"b{i:07d}": base[i % len(base)]["expect"] == "holds" for i in range(n)}
    res, progress = derivcheck_batch(f"big-{n}", inp, n, args, None, "local", 2, sample=True)
    marks = {}
    alive = [p for p in progress if p[1] > 0]  # the samples taken while the parent was running
    for share in (0.1, 0.25, 0.5, 0.75, 1.0):
        hit = next((p for p in alive if p[3] >= share * n), alive[-1] if alive else None)
        if hit:
            marks[f"{int(share * 100)}%"] = {"done": hit[3], "seconds": round(hit[0]), "parent_mb": round(hit[1]), "workers_mb": round(hit[2])}
    return {"score": res.score(labels), "rss": marks, "samples": len(progress)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=10000)
    parser.add_argument("--big", type=int, default=0, help="claims of the memory run (0: none)")
    parser.add_argument("--engines", default=",".join(ENGINES))
    parser.add_argument("--baseline-claims", type=int, default=0, help="Math-Verify and simplify on every k-th claim, N in all (0: all)")
    parser.add_argument("--baseline-jobs", type=int, default=2)
    parser.add_argument("--budget", type=int, default=20, help="wall seconds per claim (default 20)")
    parser.add_argument("--limit", type=float, default=7200.0, help="wall seconds per derivcheck run")
    parser.add_argument("--work", default=str(Path(tempfile.gettempdir()) / "derivcheck-bench-batch"))
    parser.add_argument("--json", default=None, help="where to write the JSON report (default WORK/batch.json)")
    parser.add_argument("--report-from", nargs="+", default=None, metavar="JSON",
                        help="print one table from the JSON reports of runs made separately, and stop")  # fmt: skip
    args = parser.parse_args(argv)
    if args.report_from:
        whole = merged([json.loads(Path(p).read_text()) for p in args.report_from])
        rows = {r["engine"]: r for r in whole["rows"]}
        if "common" not in whole and "mathverify" in rows and ("local2" in rows or "local1" in rows):
            Path(args.work).mkdir(parents=True, exist_ok=True)
            recs = labelled(whole["claims"], Path(args.work))
            mv = _result(rows["mathverify"], Path(args.work))
            whole["common"] = common_subset(
                _result(rows.get("local2") or rows["local1"], Path(args.work)), mv,
                {r["id"]: r["expect"] == "holds" for r in recs}, [r for r in recs if r["id"] in mv.verdicts], args,
            )  # fmt: skip
        if args.json:
            Path(args.json).write_text(json.dumps(whole, indent=1))
        print(render(whole))
        return
    work = Path(args.work)
    work.mkdir(parents=True, exist_ok=True)
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    started = time.time()
    log(f"load average at start: {_load()}; {os.cpu_count()} CPUs")

    recs = labelled(args.claims, work)
    labels = {r["id"]: r["expect"] == "holds" for r in recs}
    claims = {r["id"]: r["claim"] for r in recs}
    families = {r["id"]: r["_family"] for r in recs}
    inp = work / f"in-{args.claims}.jsonl"
    write_input(recs, inp)
    sample = recs
    if args.baseline_claims and args.baseline_claims < len(recs):
        # Whole pairs (a true claim and its slipped twin), drawn at random: still half true, every family.
        pairs = sorted(random.Random(batch_gen.SEED).sample(range(len(recs) // 2), args.baseline_claims // 2))
        sample = [recs[2 * k + j] for k in pairs for j in (0, 1)]

    out = Path(args.json) if args.json else work / "batch.json"
    results: dict[str, Result] = {}
    skipped: dict[str, str] = {}

    def report() -> dict[str, Any]:
        return {
            "command": " ".join(["python bench/batch.py", *(argv if argv is not None else sys.argv[1:])]),
            "cpus": os.cpu_count(), "claims": len(recs), "baseline_claims": len(sample),
            "families": dict(Counter(r["_family"] for r in recs)),
            "rows": [r.score(labels, families) for r in results.values()], "skipped": skipped,
            "load_at_end": _load(), "minutes": round((time.time() - started) / 60, 1),
        }  # fmt: skip

    for e in engines:
        if e in ("local1", "local2"):
            results[e], _ = derivcheck_batch(e, inp, len(recs), args, claims, "local", int(e[-1]))
        elif e in ("ray1", "ray2"):
            why = _ray_missing()
            if why:
                skipped[e] = why
                log(f"== {e}: skipped, {why}")
                continue
            results[e], _ = derivcheck_batch(e, inp, len(recs), args, claims, "ray", int(e[-1]))
        elif e in ("mathverify", "mathverify-plain", "simplify"):
            results[e] = baseline(e, sample, args)
        else:
            raise SystemExit(f"unknown engine {e!r}; known: {', '.join(ENGINES + ['mathverify-plain'])}")
        out.write_text(json.dumps(report(), indent=1))  # what is measured so far survives an interruption

    final = report()
    dc = results.get("local2") or results.get("local1")
    if dc and "mathverify" in results:
        final["common"] = common_subset(dc, results["mathverify"], labels, sample, args)
        out.write_text(json.dumps(final, indent=1))
    if args.big:
        final["big"] = big_run(args.big, recs, args)
    final["load_at_end"], final["minutes"] = _load(), round((time.time() - started) / 60, 1)
    out.write_text(json.dumps(final, indent=1))
    print(render(final))
    log(f"JSON written to {out}")


def merged(reports: list[dict[str, Any]]) -> dict[str, Any]:
    """One report from several (engines run in separate invocations on the same claims)."""
    out = dict(reports[0])
    out["command"] = " ; ".join(r["command"] for r in reports)
    out["rows"] = [row for r in reports for row in r["rows"]]
    out["skipped"] = {k: v for r in reports for k, v in r["skipped"].items()}
    out["load_at_end"] = ", ".join(r["load_at_end"] for r in reports)
    for key in ("common", "big"):
        for r in reports:
            if key in r:
                out[key] = r[key]
    ran = [r["baseline_claims"] for r in reports if any(row["engine"].startswith(("mathverify", "simplify")) for row in r["rows"])]
    out["baseline_claims"] = max(ran, default=0)
    return out


def render(report: dict[str, Any]) -> str:
    parts = [f"`{report['command']}` — {report['claims']} claims ({report['baseline_claims']} for the baselines), "
             f"{report['cpus']} CPUs, load average at the end {report['load_at_end']}", "", table(report["rows"])]  # fmt: skip
    fams = sorted({f for r in report["rows"] for f in r.get("by_family", {})})
    if fams:
        rows = report["rows"]
        parts += ["", "| family | " + " | ".join(r["engine"] for r in rows) + " |", "| --- |" + " ---: |" * len(rows)]
        for f in fams:
            cells = []
            for r in rows:
                c = r.get("by_family", {}).get(f)
                cells.append(f"{c['decided']}/{c['claims']}" + (f" ({c['wrong']} wrong)" if c["wrong"] else "") if c else "")
            parts.append(f"| {f} | " + " | ".join(cells) + " |")
    for r in report["rows"]:
        if r["note"]:
            parts.append(f"\n{r['engine']}: {r['note']}")
    for e, why in report["skipped"].items():
        parts.append(f"\n{e}: skipped, {why}")
    wit = [f"{r['engine']}: {r['outcomes'].get('refuted', 0)} refutations, {r['refuted_without_witness']} without a witness, "
           f"{r['witnesses_confirmed']} witnesses confirmed by the bench's own evaluator"
           for r in report["rows"] if r["engine"].startswith(("local", "ray"))]  # fmt: skip
    if wit:
        parts.append("\n" + "; ".join(wit))
    if "common" in report:
        c = report["common"]
        parts.append(
            f"\nCommon subset (both derivcheck and Math-Verify right): {c['claims']} claims {c['families']}; "
            f"derivcheck {c['derivcheck_checks_per_cpu_second']} checks/s/core, Math-Verify "
            f"{c['mathverify_checks_per_cpu_second']}; right only by derivcheck: {c['derivcheck_only']}, "
            f"only by Math-Verify: {c['mathverify_only']}"
        )
    if "big" in report:
        b = report["big"]
        parts.append(f"\nBig run: {table([b['score']]).splitlines()[-1]}\nresident MB (parent / workers): "
                     + ", ".join(f"{k}: {v['parent_mb']} / {v['workers_mb']} ({v['done']} done at {v['seconds']} s)" for k, v in b["rss"].items()))  # fmt: skip
    return "\n".join(parts)


if __name__ == "__main__":
    main()
