"""Check one claim: build its instances, decide each relation, gather the evidence.

This is the one function the rest of the program calls to get a verdict:
``check_claim(claim) -> ClaimResult``. It never raises for a bad claim: an
unreadable claim is an ``invalid`` result whose error says where and why.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass, replace
from typing import Any

import sympy
from sympy.matrices import MatrixBase

from derivcheck.kernel.values import NoLimit
from derivcheck.engine.decide import Outcome, Settings, decide_relation
from derivcheck.engine.statements import decide_statement, reduce
from derivcheck.errors import ClaimError, OutOfTime
from derivcheck.diagnose import diagnose_all
from derivcheck.display import mathml as presentation_mathml
from derivcheck.evidence import (
    BrokenChain,
    Cases,
    Evidence,
    Finding,
    Invalid,
    NearMiss,
    OutOfBudget,
    PendingChain,
    Proof,
    Refutation,
    Undecided,
)
from derivcheck.formula import Rel, Truth
from derivcheck.model import Claim, ClaimResult, Display, Expect, LinkResult, Verdict
from derivcheck.problem import Instance, Problem
from derivcheck.semantics import build, written
from derivcheck.settings import SETTINGS
from derivcheck.wording import near_miss, sentence

#: Share of the time budget after which expensive strategies are no longer started.
SOFT_BUDGET = SETTINGS.soft_budget


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
    settings = Settings(deadline=start + timeout * SOFT_BUDGET, seed=seed_of(claim))
    return decide_claim(claim, settings, timeout=timeout, display=display, start=start)


def decide_claim(claim: Claim, settings: Settings, *, timeout: float = 20.0, display: bool = False, start: float | None = None) -> ClaimResult:
    """Decide a claim with the given effort (:func:`check_claim` with its own); never raises for bad input.

    The faithfulness check (:mod:`derivcheck.faithful`) decides its comparisons
    here, with a smaller screen than a claim's.

    Args:
        settings: the screen's points, the seed and the deadline of the expensive strategies.
        timeout: the budget named when the engine runs out of it.
        start: when the claim's clock started (default: now).
    """
    start = time.monotonic() if start is None else start
    base = _base(claim)
    try:
        problem = build(claim)
    except ClaimError as exc:
        return ClaimResult(
            **base,
            verdict=Verdict.INVALID,
            error=str(exc) if exc.loc else f"{claim.loc}: {exc.message}",
            detail=exc.message,
            evidence=_invalid(exc, claim),
            seconds=time.monotonic() - start,
        )
    except RecursionError:
        deep = Invalid("the claim is nested too deeply to build", claim.loc.line, claim.loc.col)
        return ClaimResult(**base, verdict=Verdict.INVALID, error=f"{claim.loc}: {deep.message}", evidence=deep, seconds=time.monotonic() - start)
    try:
        result = _decide(problem, settings, base)
    except ClaimError as exc:
        invalid = _invalid(exc, claim) if exc.loc else Invalid(exc.message)
        return ClaimResult(**base, verdict=Verdict.INVALID, error=str(exc), detail=exc.message, evidence=invalid, seconds=time.monotonic() - start)
    except OutOfTime:
        # Never a silent "undecided": what the clock stopped is a timeout, which is not cached.
        out = OutOfBudget(timeout)
        detail = sentence(out)
        return ClaimResult(**base, verdict=Verdict.TIMEOUT, detail=detail, error=detail, evidence=out, seconds=time.monotonic() - start)
    shown = _display(problem) if display else Display()
    return _with(result, seconds=time.monotonic() - start, display=shown, scope=problem.scope)


def _invalid(exc: ClaimError, claim: Claim) -> Invalid:
    """Why the claim is invalid, at the place in its file the error names (the claim's own when none)."""
    loc = exc.loc or claim.loc
    if loc.file != claim.loc.file:
        return Invalid(exc.message)
    return Invalid(exc.message, loc.line, loc.col)


def _base(claim: Claim) -> dict[str, Any]:
    r = ClaimResult.for_claim(claim, Verdict.UNDECIDED)
    return {k: getattr(r, k) for k in ("id", "title", "file", "line", "col", "expect", "source", "note", "latex")}


def _with(r: ClaimResult, **changes: Any) -> ClaimResult:
    return replace(r, **changes)


def _finding(evidence: Evidence, found: NearMiss | None = None) -> dict[str, Any]:
    """The result's fields for a finding: the evidence, and the contract's view of it.

    The witness, both values, the detail and the diagnosis's words are all
    read off the evidence here, once, so the report cannot disagree with it.
    """
    refutation = evidence.refutation if isinstance(evidence, BrokenChain) else evidence
    shown = refutation if isinstance(refutation, Refutation) else None
    return {
        "evidence": evidence,
        "detail": sentence(evidence),
        "witness": shown.witness if shown else None,
        "lhs_value": shown.lhs if shown else None,
        "rhs_value": shown.rhs if shown else None,
        "near_miss": found,
        "diagnosis": near_miss(found) if found else None,
    }


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
        return ClaimResult(**base, verdict=Verdict.UNDECIDED, **_finding(Undecided("no-case")))
    if claim.claim is not None:
        agg = _aggregate(instances, lambda inst: decide_statement(inst.claim, inst, settings))
        diagnosis = None
        if agg.verdict is Verdict.REFUTED:
            diagnosis = _diagnose(agg, instances, lambda inst: inst.claim, settings.deadline)
        return ClaimResult(
            **base,
            verdict=agg.verdict,
            proof=_proof_name(agg) if agg.verdict is Verdict.PROVED else None,
            **_finding(_evidence(agg, problem), diagnosis),
            case=_case(agg),
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
                **_finding(_evidence(agg, problem), diagnosis),
                why=step.why,
                line=step.expr.loc.line,
                seconds=time.monotonic() - t0,
                case=_case(agg),
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
MOST_DIAGNOSED_CASES = SETTINGS.most_diagnosed_cases


def _diagnose(agg: _Aggregate, instances: list[Instance], relation: Any, deadline: float) -> NearMiss | None:
    """A near miss for a refuted relation, checked on the refuting case and a few others."""
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
    return diagnose_all(pairs, agg.outcome.point, deadline)


def _chain_result(links: list[LinkResult], base: dict[str, Any], end_to_end: Verdict | None = None) -> ClaimResult:
    refuted = [link for link in links if link.verdict is Verdict.REFUTED]
    if refuted:
        first = refuted[0]
        ends = end_to_end.value if end_to_end in (Verdict.PROVED, Verdict.REFUTED) else ""
        broken = BrokenChain(
            first.index,
            first.evidence if isinstance(first.evidence, Refutation) else None,
            others=tuple(link.index for link in refuted[1:]),
            ends=ends,
        )
        return ClaimResult(
            **base, verdict=Verdict.REFUTED, **_finding(broken, first.near_miss), steps=tuple(links), case=first.case
        )
    if all(link.verdict is Verdict.PROVED for link in links):
        proofs = sorted({link.proof or "structural" for link in links})
        shown = Proof(tuple(proofs), "links", links=len(links))
        return ClaimResult(**base, verdict=Verdict.PROVED, proof=", ".join(proofs), **_finding(shown), steps=tuple(links))
    pending = [link for link in links if link.verdict is not Verdict.PROVED]
    waiting = PendingChain(pending[0].index, pending[0].evidence if isinstance(pending[0].evidence, Undecided) else None)
    return ClaimResult(**base, verdict=Verdict.UNDECIDED, **_finding(waiting), steps=tuple(links), case=pending[0].case)


def _aggregate(instances: list[Instance], decide: Any) -> _Aggregate:
    proofs: list[tuple[str, str]] = []
    first_undecided: tuple[Outcome, str] | None = None
    for inst in instances:
        try:
            outcome = decide(inst)
        except ClaimError:
            raise
        except RecursionError:
            outcome = Outcome(Verdict.UNDECIDED, evidence=Undecided("nested"))
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


def _evidence(agg: _Aggregate, problem: Problem) -> Finding:
    """What the aggregate verdict rests on: the proof over every case, or the deciding case's finding."""
    if agg.verdict is Verdict.PROVED:
        strategies = tuple(dict.fromkeys(p for _, p in agg.proofs))
        if agg.count > 1 or problem.enumerated:
            return Proof(strategies, "cases", cases=Cases(agg.count, _cases(problem)))
        return Proof(strategies, "by")
    found = agg.outcome.evidence
    if isinstance(found, (Refutation, Undecided)):
        return replace(found, case=agg.label)
    return Undecided("nested", case=agg.label) if found is None else found


def _case(agg: _Aggregate) -> str:
    """The case a refutation or an undecided check comes from; none for a proof, which covers them all."""
    return "" if agg.verdict is Verdict.PROVED else agg.label


def _cases(problem: Problem) -> tuple[tuple[str, tuple[str, ...]], ...]:
    values: dict[str, list[str]] = {}
    for inst in problem.instances:
        for k, v in inst.assignment:
            s = v.describe() if hasattr(v, "describe") else sympy.sstr(v)
            if s not in values.setdefault(k, []):
                values[k].append(s)
    return tuple((k, tuple(vs)) for k, vs in values.items())


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
        mathml = "".join(f"<math>{presentation_mathml(p)}</math>" for p in parts)
        latex = " \\\\ ".join(sympy.latex(p, order="none") for p in parts)
    except Exception:  # printing must never cost a verdict  # noqa: BLE001
        return Display()
    # The case printed is a field, not a line of the text: each view captions it its own way.
    return Display(text=text, mathml=mathml, latex=latex, case=inst.label)


def _size(p: Any) -> int:
    if isinstance(p, MatrixBase):
        return sum(sympy.count_ops(e) for e in p)
    try:
        return int(sympy.count_ops(p))
    except (TypeError, AttributeError):
        return 0


__all__ = ["check_claim", "seed_of", "Expect"]
