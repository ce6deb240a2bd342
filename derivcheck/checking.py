"""Check one claim: build its instances, decide each relation, gather the evidence.

This is the one function the rest of the program calls to get a verdict:
``check_claim(claim) -> ClaimResult``. It never raises for a bad claim: an
unreadable claim is an ``invalid`` result whose error says where and why.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from typing import Any

import sympy
from sympy.matrices import MatrixBase

from derivcheck.kernel.values import NoLimit
from derivcheck.engine.decide import Outcome, Settings, decide_relation
from derivcheck.engine.statements import decide_statement, reduce
from derivcheck.errors import ClaimError, OutOfTime
from derivcheck.formula import Rel, Truth
from derivcheck.model import Claim, ClaimResult, Display, Expect, LinkResult, Verdict
from derivcheck.problem import Instance, Problem
from derivcheck.semantics import build, written

#: Share of the time budget after which expensive strategies are no longer started.
SOFT_BUDGET = 0.6


@dataclass
class _Aggregate:
    verdict: Verdict
    outcome: Outcome  # the deciding outcome (first refutation, or first undecided)
    label: str  # the instance it came from
    proofs: list[tuple[str, str]]  # (instance label, strategy)
    count: int
    instance: Instance | None = None  # the refuting instance


def seed_of(claim: Claim) -> int:
    """A seed for the random points, fixed by the claim's id (reproducible runs)."""
    return int(hashlib.sha256(claim.id.encode()).hexdigest()[:8], 16)


def check_claim(claim: Claim, *, timeout: float = 20.0, display: bool = True) -> ClaimResult:
    """Decide a claim. Never raises for bad input.

    Args:
        claim: the claim as loaded.
        timeout: the claim's budget in seconds; expensive strategies stop
            being started after :data:`SOFT_BUDGET` of it (the worker that
            runs the claim enforces the hard limit).
        display: also print the claim's mathematics (unicode, MathML, LaTeX)
            into the result, for ``explain`` and the HTML and Markdown reports;
            pretty-printing a large matrix costs more than deciding it.
    """
    start = time.monotonic()
    base = _base(claim)
    try:
        problem = build(claim)
    except ClaimError as exc:
        return ClaimResult(
            **base,
            verdict=Verdict.INVALID,
            error=str(exc) if exc.loc else f"{claim.loc}: {exc.message}",
            detail=exc.message,
            seconds=time.monotonic() - start,
        )
    except RecursionError:
        return ClaimResult(**base, verdict=Verdict.INVALID, error=f"{claim.loc}: the claim is nested too deeply to build", seconds=time.monotonic() - start)
    settings = Settings(deadline=start + timeout * SOFT_BUDGET, seed=seed_of(claim))
    try:
        result = _decide(problem, settings, base)
    except ClaimError as exc:
        return ClaimResult(**base, verdict=Verdict.INVALID, error=str(exc), detail=exc.message, seconds=time.monotonic() - start)
    except OutOfTime:
        # Never a silent "undecided": what the clock stopped is a timeout, which is not cached.
        detail = f"the engine ran out of its time budget of {timeout:g} s"
        return ClaimResult(**base, verdict=Verdict.TIMEOUT, detail=detail, error=detail, seconds=time.monotonic() - start)
    shown = _display(problem) if display else Display()
    return _with(result, seconds=time.monotonic() - start, display=shown, scope=problem.scope)


def _base(claim: Claim) -> dict[str, Any]:
    r = ClaimResult.for_claim(claim, Verdict.UNDECIDED)
    return {k: getattr(r, k) for k in ("id", "title", "file", "line", "col", "expect", "source", "note", "latex")}


def _with(r: ClaimResult, **changes: Any) -> ClaimResult:
    from dataclasses import replace

    return replace(r, **changes)


def _live_instances(problem: Problem) -> list[Instance]:
    """Instances whose conditions can hold; closed conditions are settled exactly."""
    live = []
    for inst in problem.instances:
        conds = [reduce(c) for c in inst.conditions]
        if any(isinstance(c, Truth) and not c.value for c in conds):
            continue
        inst.conditions = [c for c in conds if not isinstance(c, Truth)]
        live.append(inst)
    return live


def _decide(problem: Problem, settings: Settings, base: dict[str, Any]) -> ClaimResult:
    claim = problem.claim
    instances = _live_instances(problem)
    if not instances:
        return ClaimResult(
            **base, verdict=Verdict.UNDECIDED, detail="no case satisfies the conditions under assume: nothing to check"
        )
    if claim.claim is not None:
        agg = _aggregate(instances, lambda inst: decide_statement(inst.claim, inst, settings))
        diagnosis = None
        if agg.verdict is Verdict.REFUTED:
            diagnosis = _diagnose(agg, instances, lambda inst: inst.claim, settings.deadline)
        return ClaimResult(
            **base,
            verdict=agg.verdict,
            proof=_proof_name(agg) if agg.verdict is Verdict.PROVED else None,
            witness=agg.outcome.witness if agg.verdict is Verdict.REFUTED else None,
            lhs_value=agg.outcome.lhs_value if agg.verdict is Verdict.REFUTED else None,
            rhs_value=agg.outcome.rhs_value if agg.verdict is Verdict.REFUTED else None,
            diagnosis=diagnosis,
            detail=_detail(agg, problem),
        )
    links: list[LinkResult] = []
    for k in range(len(claim.steps) - 1):
        t0 = time.monotonic()
        rel_op = claim.steps[k + 1].rel

        def decide_link(inst: Instance, k: int = k, op: str = rel_op) -> Outcome:
            return decide_relation(Rel(op, inst.items[k], inst.items[k + 1]), inst, settings)

        agg = _aggregate(instances, decide_link)
        step = claim.steps[k + 1]
        diagnosis = None
        if agg.verdict is Verdict.REFUTED:
            diagnosis = _diagnose(agg, instances, lambda inst, k=k, op=rel_op: Rel(op, inst.items[k], inst.items[k + 1]), settings.deadline)
        links.append(
            LinkResult(
                index=k + 1,
                relation=rel_op,
                verdict=agg.verdict,
                proof=_proof_name(agg) if agg.verdict is Verdict.PROVED else None,
                witness=agg.outcome.witness if agg.verdict is Verdict.REFUTED else None,
                lhs_value=agg.outcome.lhs_value if agg.verdict is Verdict.REFUTED else None,
                rhs_value=agg.outcome.rhs_value if agg.verdict is Verdict.REFUTED else None,
                detail=_detail(agg, problem),
                diagnosis=diagnosis,
                why=step.why,
                line=step.expr.loc.line,
                seconds=time.monotonic() - t0,
            )
        )
    end_to_end = None
    if any(link.verdict is Verdict.REFUTED for link in links):
        end_to_end = _end_to_end(claim, instances, settings)
    return _chain_result(links, base, end_to_end)


def _composed(rels: list[str]) -> str | None:
    """The relation between the first and last items of a chain, if the links compose."""
    if all(r == "==" for r in rels):
        return "=="
    for weak, strict in (("<=", "<"), (">=", ">")):
        if all(r in ("==", weak, strict) for r in rels):
            return strict if strict in rels else weak
    return None


def _end_to_end(claim: Claim, instances: list[Instance], settings: Settings) -> Verdict | None:
    """Whether the chain's first and last lines are related as the links compose."""
    op = _composed([s.rel for s in claim.steps[1:]])
    if op is None:
        return None
    last = len(claim.steps) - 1
    agg = _aggregate(instances, lambda inst: decide_relation(Rel(op, inst.items[0], inst.items[last]), inst, settings))
    return agg.verdict


#: A diagnosis is proved case by case; past this many cases none is given.
MOST_DIAGNOSED_CASES = 64


def _diagnose(agg: _Aggregate, instances: list[Instance], relation: Any, deadline: float) -> str | None:
    """A near miss for a refuted relation, checked on the refuting case and a few others."""
    from derivcheck.diagnose import diagnose_all

    if agg.instance is None or len(instances) > MOST_DIAGNOSED_CASES:
        # A near miss is a claim about every case: shown for each of them, or not at all.
        return None
    others = [i for i in instances if i is not agg.instance]
    pairs = []
    for inst in [agg.instance, *others]:
        rel = relation(inst)
        if not isinstance(rel, Rel) or any(isinstance(side, sympy.Basic) and side.has(NoLimit) for side in (rel.lhs, rel.rhs)):
            return None  # a limit that does not exist has no near miss
        pairs.append((rel, inst))
    found = diagnose_all(pairs, agg.outcome.point, deadline)
    return found.words if found else None


def _chain_result(links: list[LinkResult], base: dict[str, Any], end_to_end: Verdict | None = None) -> ClaimResult:
    refuted = [link for link in links if link.verdict is Verdict.REFUTED]
    if refuted:
        first = refuted[0]
        detail = f"link {first.index} (step {first.index} to step {first.index + 1}) is false: {first.detail}"
        if len(refuted) > 1:
            rest = [str(link.index) for link in refuted[1:]]
            detail += f"; link {rest[0]} is false too" if len(rest) == 1 else f"; links {', '.join(rest)} are false too"
        if end_to_end is Verdict.PROVED:
            detail += (
                "; the first and last lines nevertheless agree: the errors cancel"
                if len(refuted) > 1
                else "; the final result is right, but a step on the way is wrong"
            )
        elif end_to_end is Verdict.REFUTED:
            detail += "; the first and last lines disagree too"
        return ClaimResult(
            **base,
            verdict=Verdict.REFUTED,
            witness=first.witness,
            lhs_value=first.lhs_value,
            rhs_value=first.rhs_value,
            diagnosis=first.diagnosis,
            detail=detail,
            steps=tuple(links),
        )
    if all(link.verdict is Verdict.PROVED for link in links):
        proofs = sorted({link.proof or "structural" for link in links})
        return ClaimResult(
            **base,
            verdict=Verdict.PROVED,
            proof=", ".join(proofs),
            detail=f"every one of the {len(links)} links is shown",
            steps=tuple(links),
        )
    pending = [link for link in links if link.verdict is not Verdict.PROVED]
    return ClaimResult(
        **base,
        verdict=Verdict.UNDECIDED,
        detail=f"link {pending[0].index} is undecided: {pending[0].detail}",
        steps=tuple(links),
    )


def _aggregate(instances: list[Instance], decide: Any) -> _Aggregate:
    proofs: list[tuple[str, str]] = []
    first_undecided: tuple[Outcome, str] | None = None
    for inst in instances:
        try:
            outcome = decide(inst)
        except ClaimError:
            raise
        except RecursionError:
            outcome = Outcome(Verdict.UNDECIDED, detail="the expression is too deeply nested for the engine")
        # A MemoryError is left to the worker, which reports the claim as a
        # timeout that names the memory ceiling, and is then replaced.
        if outcome.verdict is Verdict.REFUTED:
            return _Aggregate(Verdict.REFUTED, outcome, inst.label, proofs, len(instances), inst)
        if outcome.verdict is Verdict.PROVED:
            proofs.append((inst.label, outcome.proof or "structural"))
        elif first_undecided is None:
            first_undecided = (outcome, inst.label)
    if first_undecided is not None:
        return _Aggregate(Verdict.UNDECIDED, first_undecided[0], first_undecided[1], proofs, len(instances))
    last = Outcome(Verdict.PROVED, proof=proofs[-1][1] if proofs else None)
    return _Aggregate(Verdict.PROVED, last, "", proofs, len(instances))


def _proof_name(agg: _Aggregate) -> str:
    names = []
    for _, p in agg.proofs:
        if p not in names:
            names.append(p)
    return ", ".join(names)


def _detail(agg: _Aggregate, problem: Problem) -> str:
    enumerated = problem.enumerated
    if agg.verdict is Verdict.PROVED:
        by = _proof_name(agg)
        if agg.count > 1 or enumerated:
            return f"proved in each of the {agg.count} cases ({_cases(problem)}) by {by}"
        return agg.outcome.detail if agg.outcome.detail else f"proved by {by}"
    where = f" (case {agg.label})" if agg.label else ""
    return agg.outcome.detail + where


def _cases(problem: Problem) -> str:
    values: dict[str, list[str]] = {}
    for inst in problem.instances:
        for k, v in inst.assignment:
            s = v.describe() if hasattr(v, "describe") else sympy.sstr(v)
            if s not in values.setdefault(k, []):
                values[k].append(s)
    return "; ".join(f"{k} = {', '.join(vs)}" for k, vs in values.items()) or "every case"


def _display(problem: Problem) -> Display:
    """The claim's mathematics for people, as its author wrote it: unicode, MathML and LaTeX of its first case."""
    if not problem.instances:
        return Display()
    inst = problem.instances[0]
    try:
        parts = written(problem)
        if sum(_size(p) for p in parts) > 3000:
            return Display(text="(too large to print)")
        # order="none": the terms in the author's order, not SymPy's.
        # Blank lines separate a chain's items: two pictures of equal width
        # would otherwise run together.
        text = "\n\n".join(sympy.pretty(p, use_unicode=True, wrap_line=False, order="none") for p in parts)
        mathml = "".join(f"<math>{sympy.mathml(p, printer='presentation', order='none')}</math>" for p in parts)
        latex = " \\\\ ".join(sympy.latex(p, order="none") for p in parts)
    except Exception:  # printing must never cost a verdict  # noqa: BLE001
        return Display()
    if inst.label:
        text = f"(shown for {inst.label})\n" + text
    return Display(text=text, mathml=mathml, latex=latex)


def _size(p: Any) -> int:
    if isinstance(p, MatrixBase):
        return sum(sympy.count_ops(e) for e in p)
    try:
        return int(sympy.count_ops(p))
    except (TypeError, AttributeError):
        return 0


__all__ = ["check_claim", "seed_of", "Expect"]
