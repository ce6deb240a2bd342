"""Deciding a statement: a boolean combination of relations, over one instance.

A relation goes to :func:`derivcheck.engine.decide.decide_relation`. A
conjunction is decided part by part; "if A then B" with A a restriction
decides B where A holds; a linear statement (once the piecewise atoms are
resolved) is decided exactly by :mod:`derivcheck.engine.logic`; anything else
is tested at points, each relation judged by the kernel, and a polynomial one
the points leave open is given to z3 (:mod:`derivcheck.engine.nonlinear`).
"""

from __future__ import annotations

import time

import sympy
from sympy.matrices import MatrixBase

from derivcheck.engine import heavisides, logic, nonlinear
from derivcheck.engine.decide import (
    Outcome,
    Settings,
    conditions_hold,
    certified,
    decide_relation,
    join_proofs,
    relevant,
    simplest,
    strays_of,
    witness_of,
)
from derivcheck.engine.refute import confirm, formula_truth
from derivcheck.engine.sampling import Point, points
from derivcheck.errors import OutOfTime
from derivcheck.evidence import Proof, Refutation, RelationAt, Undecided
from derivcheck.formula import NEGATION, Connective, Formula, Rel, Truth, free_symbols, relations
from derivcheck.model import Verdict
from derivcheck.problem import Instance



def reduce(f: Formula) -> Formula:
    """Settle the relations without unknowns (``1 != 2``, ``H(1/2) == 1``) exactly."""
    if isinstance(f, Truth):
        return f
    if isinstance(f, Rel):
        if free_symbols(f.lhs) or free_symbols(f.rhs):
            return f
        if confirm(f.op, f.lhs, f.rhs, {}) is not None:
            return Truth(False)
        if confirm(NEGATION[f.op], f.lhs, f.rhs, {}) is not None:
            return Truth(True)
        return f
    args = tuple(reduce(a) for a in f.args)
    known = [a.value if isinstance(a, Truth) else None for a in args]
    k = f.kind
    if k == "not" and known[0] is not None:
        return Truth(not known[0])
    if k == "and":
        if False in known:
            return Truth(False)
        rest = tuple(a for a in args if not isinstance(a, Truth))
        return Truth(True) if not rest else rest[0] if len(rest) == 1 else Connective("and", rest)
    if k == "or":
        if True in known:
            return Truth(True)
        rest = tuple(a for a in args if not isinstance(a, Truth))
        return Truth(False) if not rest else rest[0] if len(rest) == 1 else Connective("or", rest)
    if k == "implies":
        if known[0] is False or known[1] is True:
            return Truth(True)
        if known[0] is True:
            return args[1]
        if known[1] is False:
            return reduce(Connective("not", (args[0],)))
    if k == "iff":
        if known[0] is not None and known[1] is not None:
            return Truth(known[0] == known[1])
        if known[0] is not None:
            return args[1] if known[0] else reduce(Connective("not", (args[1],)))
        if known[1] is not None:
            return args[0] if known[1] else reduce(Connective("not", (args[0],)))
    return Connective(k, args)


def decide_statement(f: Formula, inst: Instance, settings: Settings) -> Outcome:
    """Decide a statement (a relation, or a boolean combination of relations)."""
    if isinstance(f, Rel):
        return decide_relation(f, inst, settings)
    f = reduce(f)
    if isinstance(f, Truth):
        if f.value:
            return Outcome(Verdict.PROVED, proof="exact evaluation", evidence=Proof(("exact evaluation",), "true"))
        full = certified({}, inst, settings)
        if full is None:
            return Outcome(Verdict.UNDECIDED, evidence=Undecided("unwritten-false"))
        full = simplest(full, inst, settings, lambda p: True)  # false whatever the point
        return Outcome(
            Verdict.REFUTED,
            evidence=Refutation(witness_of(full, inst), case=inst.label, how="exact"),
            point=full,
        )
    if isinstance(f, Rel):
        return decide_relation(f, inst, settings)
    if f.kind == "and":
        outcomes = [decide_statement(a, inst, settings) for a in f.args]
        for o in outcomes:
            if o.verdict is Verdict.REFUTED:
                return o
        if all(o.verdict is Verdict.PROVED for o in outcomes):
            proof = join_proofs([o.proof or "structural" for o in outcomes])
            return Outcome(Verdict.PROVED, proof=proof, evidence=Proof((proof,), "parts"))
        return next(o for o in outcomes if o.verdict is not Verdict.PROVED)
    if f.kind == "implies":
        premise = _as_conditions(f.args[0])
        if premise is not None:
            # "if A then B" with A a simple restriction: B on the part of the
            # domain where A holds (points outside A are vacuous, not tested).
            narrowed = Instance(inst.assignment, inst.variables, inst.scope, [*inst.conditions, *premise])
            return decide_statement(f.args[1], narrowed, settings)
    if f.kind == "not" and isinstance(f.args[0], Rel):
        r = f.args[0]
        return decide_relation(Rel(NEGATION[r.op], r.lhs, r.rhs, r.loc), inst, settings)
    return _decide_boolean(f, inst, settings)


def _as_conditions(f: Formula) -> list[Formula] | None:
    """The relations of a premise that is a relation or a conjunction of relations."""
    if isinstance(f, Rel) and f.op in ("<", "<=", ">", ">="):
        return [f]
    if isinstance(f, Connective) and f.kind == "and" and all(isinstance(a, Rel) for a in f.args):
        return list(f.args)
    return None


def _decide_boolean(f: Connective, inst: Instance, settings: Settings) -> Outcome:
    symbols: set[sympy.Symbol] = set()
    for r in relations(f):
        symbols |= free_symbols(r.lhs) | free_symbols(r.rhs)
    variables = relevant(inst, symbols)
    if strays_of(symbols, inst):
        return Outcome(Verdict.UNDECIDED, evidence=Undecided("statement-stray"))
    # Linear statements are decided exactly, and at once: a proof, or a
    # re-checked point of a region where the statement is false.
    decided = _decide_linear(f, inst, settings)
    if decided is not None:
        return decided
    if heavisides.proved_by_values(f):
        return Outcome(Verdict.PROVED, proof="step values", evidence=Proof(("step values",), "by"))
    agreed = 0
    for point in points(variables, settings.seed, settings.first + settings.second):
        if time.monotonic() > settings.deadline:
            raise OutOfTime("the claim's time budget ran out")
        if conditions_hold(point, inst) is not True:
            continue
        truth = formula_truth(f, point)
        full = certified(point, inst, settings) if truth is False else None
        if full is not None:
            return _false_at(full, inst, f, settings=settings)
        if truth is True:
            agreed += 1
    # After the points, so that a statement they refute keeps its witness.
    decided = _decide_polynomial(f, inst, settings)
    if decided is not None:
        return decided
    return Outcome(Verdict.UNDECIDED, evidence=Undecided("statement-held", (("agreed", str(agreed)),)), agreed=agreed)


def _false_at(point: Point, inst: Instance, f: Formula, how: str = "statement", settings: Settings | None = None) -> Outcome:
    if settings is not None:
        point = simplest(point, inst, settings, lambda p: formula_truth(f, p) is False)
    return Outcome(
        Verdict.REFUTED,
        evidence=Refutation(witness_of(point, inst), how=how, relations=_relations_at(f, point)),
        point=point,
    )


def _relations_at(f: Formula, point: Point, most: int = 6) -> tuple[RelationAt, ...]:
    """Each relation of a statement at a point, with its two sides' values: the evidence of a refutation.

    All of them or none: a partial list would mislead.
    """
    parts = []
    for rel in relations(f)[:most]:
        if isinstance(rel.lhs, MatrixBase) or isinstance(rel.rhs, MatrixBase):
            return ()
        false = confirm(rel.op, rel.lhs, rel.rhs, point)
        true = None if false is not None else confirm(NEGATION[rel.op], rel.lhs, rel.rhs, point)
        seen = false or true
        if seen is None:
            return ()
        parts.append(RelationAt(seen.lhs, rel.op, seen.rhs, holds=false is None))
    return tuple(parts)


def _decide_polynomial(f: Formula, inst: Instance, settings: Settings) -> Outcome | None:
    """A polynomial statement decided by z3 (kernel/nra.py): a proof, or its model
    re-checked like a test point (conditions, statement, domain)."""
    holds, point = nonlinear.settle(f, inst.conditions, inst.variables)
    if holds is True:
        return Outcome(Verdict.PROVED, proof="nonlinear-arithmetic", evidence=Proof(("nonlinear-arithmetic",), "shown"))
    if point is not None and conditions_hold(point, inst) is True and formula_truth(f, point) is False:
        full = certified(point, inst, settings)
        if full is not None:
            return _false_at(full, inst, f)
    return None


def _decide_linear(f: Formula, inst: Instance, settings: Settings) -> Outcome | None:
    """The exact decision of a linear statement: a proof, or a refutation whose
    witness is re-checked exactly (domain, conditions, statement)."""
    result = logic.prove_linear(f, inst.variables, inst.conditions, settings.deadline)
    if result.holds is True:
        return Outcome(Verdict.PROVED, proof="linear-arithmetic", evidence=Proof(("linear-arithmetic",), "linear"))
    point = result.witness
    if (
        result.holds is False
        and point is not None
        and conditions_hold(point, inst) is True
        and formula_truth(f, point) is False
        and (full := certified(point, inst, settings)) is not None
    ):
        return _false_at(full, inst, f, "region", settings)
    return None
