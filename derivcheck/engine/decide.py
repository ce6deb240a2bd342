"""Deciding one relation of one instance: proved, refuted or undecided (statements: statements.py).

The order is chosen for speed and for soundness:

1. a structural check (both sides already the same expression);
2. a closed relation (no unknowns) is evaluated exactly or with certified digits;
3. a short numeric screen: most false claims fail at the first few points, in
   milliseconds, before any costly simplification;
4. the cheap proof strategies;
5. a longer numeric screen;
6. the expensive strategies (``simplify``), time permitting;
7. otherwise ``undecided``, with the number of points that agreed.

A proof is reported only if no point of the screen contradicted it, so that a
wrong simplification can never outvote a confirmed counterexample.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from collections.abc import Callable
from typing import Any

import sympy
from sympy.matrices import MatrixBase

from derivcheck.engine import logic, nonlinear, solving
from derivcheck.engine.limits import withheld_reasons
from derivcheck.engine.quadratic import negative_points
from derivcheck.engine.refute import (
    Compiled,
    Seen,
    compile_relation,
    confirm,
    false_at,
    formula_truth,
    screen_matrix,
    SCREEN_DIGITS,
    show,
)
from derivcheck.engine.sampling import Point, breakpoints, points, specials
from derivcheck.engine.strategies import Attempt, Context, prove_sign_attempt, prove_zero
from derivcheck.engine.strategies import join_proofs as join_proofs  # where the statements find it
from derivcheck.kernel.values import NoLimit
from derivcheck.kernel.witness import admits, why_not_in_domain, why_undefined
from derivcheck.engine.shorten import simplest_point
from derivcheck.formula import NEGATION, Rel, Truth, free_symbols
from derivcheck.evidence import Finding, Pairs, Proof, Refutation, Undecided, Withheld
from derivcheck.model import Verdict
from derivcheck.problem import Instance, Variable
from derivcheck.settings import SETTINGS

FIRST_SCREEN = SETTINGS.first_screen
SECOND_SCREEN = SETTINGS.second_screen


@dataclass
class Outcome:
    """The decision on one relation (or statement) of one instance."""

    verdict: Verdict
    proof: str | None = None
    evidence: Finding | None = None  # what the verdict rests on
    agreed: int = 0
    undefined: int = 0
    point: Point | None = None  # the refuting point, exact

    @property
    def witness(self) -> dict[str, str] | None:
        return self.evidence.witness if isinstance(self.evidence, Refutation) else None


@dataclass
class Settings:
    """How hard to try: a deadline (monotonic seconds) and the sampling seed."""

    deadline: float = float("inf")
    seed: int = 0
    first: int = FIRST_SCREEN
    second: int = SECOND_SCREEN


@dataclass
class _Screen:
    agreed: int = 0
    undefined: int = 0
    unknown: int = 0
    tried: int = 0
    excluded: int = 0  # points where a condition under assume is false
    seen_points: list[Point] = field(default_factory=list)


def complete(point: Point, inst: Instance) -> Point:
    """The point with a value for every continuous unknown of the case.

    Unknowns the refuted relation no longer depends on (after an expectation,
    or once building simplified ``x/x`` to 1) get their first special value;
    the witness names them, so the claim as written is judged with them.
    """
    full = dict(point)
    for var in inst.variables:
        if var.symbol not in full and var.symbol not in inst.scope.random:
            inside = specials(var)
            if inside:
                full[var.symbol] = inside[0]
    return full


def completions(point: Point, inst: Instance, most: int = 4) -> list[Point]:
    """A few complete points that agree with ``point`` on its unknowns."""
    absent = [v for v in inst.variables if v.symbol not in point and v.symbol not in inst.scope.random]
    out = [complete(point, inst)]
    for k in range(1, most):
        full = dict(point)
        for var in absent:
            inside = specials(var)
            if inside:
                full[var.symbol] = inside[k % len(inside)]
        if full not in out:
            out.append(full)
    return out


def certified(point: Point, inst: Instance, settings: Settings) -> Point | None:
    """The kernel's gate for a counterexample: the complete point, if it lies in
    the declared domain and the claim as written has a value there; else None.

    The absent unknowns try every special value: the first few are integers, where
    a derivative of floor has no value (``diff(floor(x), x) == 1`` is false at x = -1/2)."""
    for full in completions(point, inst, most=8):
        if why_not_in_domain(inst.variables, full) is None and why_undefined(inst.scope.denominators, full) is None:
            return full
    return None


def simplest(
    full: Point, inst: Instance, settings: Settings, false_at: Callable[[Point], bool], rel: Rel | None = None
) -> Point:
    """The simplest refuting point near a certified one (engine/shorten.py says which).

    Every candidate passes the same gate as the point found: the conditions
    under ``assume`` certainly hold, ``false_at`` (the kernel's judgement that
    the claim is false there), and :func:`certified` returns the point itself.
    A try judges ``rel`` exactly: its size divides the effort into tries.
    """
    by_symbol = {v.symbol: v for v in inst.variables}

    def refutes(p: Point) -> bool:
        return conditions_hold(p, inst) is True and false_at(p) and certified(p, inst, settings) == p

    def group(s: sympy.Symbol) -> str:
        return by_symbol[s].name.split("[", 1)[0]  # x[1] and x[2] are entries of x

    symbols = [v.symbol for v in inst.variables if v.symbol in full]
    tries = None
    if rel is not None:
        tries = min(SETTINGS.shrink_tries, SETTINGS.shrink_effort // max(1, _operations(rel)))
    return simplest_point(full, symbols, refutes, lambda s, x: admits(by_symbol[s], x), group, tries)


def _operations(rel: Rel) -> int:
    return rel.operations


def witness_of(point: Point, inst: Instance) -> Pairs:
    """The witness as the contract wants it: each name mapped to an exact value.

    Listed values and the chosen distribution come first; then every
    continuous unknown of the case, including those the refuted relation no
    longer depends on (after an expectation, say): any value is right for
    them, and naming one keeps the witness complete and re-checkable.
    """
    out = {k: v.describe() if hasattr(v, "describe") else sympy.sstr(v) for k, v in inst.assignment}
    for var in inst.variables:
        if var.symbol in point:
            out[var.name] = sympy.sstr(point[var.symbol])
        elif var.symbol not in inst.scope.random:
            out[var.name] = sympy.sstr(specials(var)[0])
    return tuple(_with_derived_entries(out, point, inst).items())


def _with_derived_entries(named: dict[str, str], point: Point, inst: Instance) -> dict[str, str]:
    """The witness with the entries of a declared vector or matrix that are no unknown of their
    own (the last entry of a simplex, A[2, 1] of a symmetric A): the witness names every entry,
    each name's entries in order, where its first one was."""
    groups: dict[str, dict[str, str]] = {}
    for name, value in inst.scope.names.items():
        if not isinstance(value, MatrixBase) or not any(n.startswith(f"{name}[") for n in named):
            continue
        entries: dict[str, str] = {}
        for i in range(value.rows):
            for j in range(value.cols):
                label = f"{name}[{i + 1}]" if value.cols == 1 else f"{name}[{i + 1}, {j + 1}]"
                at = value[i, j].xreplace(point) if isinstance(value[i, j], sympy.Expr) else None
                if label in named:
                    entries[label] = named[label]
                elif at is not None and at.is_Rational:
                    entries[label] = sympy.sstr(at)
        if len(entries) > len([n for n in named if n.startswith(f"{name}[")]):
            groups[name] = entries
    out: dict[str, str] = {}
    for label, text in named.items():
        group = groups.get(label.split("[", 1)[0])
        if group is not None and label in group:
            out.update(group)
        else:
            out[label] = text
    return out


def relevant(inst: Instance, symbols: set[sympy.Symbol]) -> list[Variable]:
    return [v for v in inst.variables if v.symbol in symbols]


def conditions_hold(point: Point, inst: Instance) -> bool | None:
    """Whether the point satisfies the claim's conditions (``assume``)."""
    if not inst.conditions:
        return True
    results = [formula_truth(c, point) for c in inst.conditions]
    if any(r is False for r in results):
        return False
    return True if all(r is True for r in results) else None


def _linked(symbols: set[sympy.Symbol], inst: Instance) -> set[sympy.Symbol]:
    """The unknowns the conditions tie to ``symbols`` (a simplex's other entries, the y of
    ``assume: x + y <= 1``): a point must give them values for the conditions to be checked there."""
    linked: set[sympy.Symbol] = set()
    if not inst.conditions:
        return linked
    parts = [free_symbols(c.lhs) | free_symbols(c.rhs) for c in inst.conditions if isinstance(c, Rel)]
    if not symbols:
        # A relation without unknowns (1 == 1/2 over a simplex): any point that
        # meets the conditions decides it.
        return set().union(*parts)
    grown = True
    while grown:
        grown = False
        for part in parts:
            if part & (symbols | linked) and not part <= symbols | linked:
                linked |= part
                grown = True
    return linked - symbols


def strays_of(rel_symbols: set[sympy.Symbol], inst: Instance) -> list[sympy.Symbol]:
    known = {v.symbol for v in inst.variables}
    return sorted((s for s in rel_symbols if s not in known), key=lambda s: s.name)


def decide_relation(rel: Rel, inst: Instance, settings: Settings) -> Outcome:
    """Decide ``rel`` for every value of the instance's variables."""
    symbols = free_symbols(rel.lhs) | free_symbols(rel.rhs)
    variables = relevant(inst, symbols | _linked(symbols, inst))
    strays = strays_of(symbols, inst)
    if strays and all(s in inst.scope.random for s in strays) and rel.op in ("==", "<=", ">="):
        # Sides that are the same expression agree at every outcome of the random symbols:
        # the relation holds surely. Anything short of that is not tested outside E(...).
        if all(d == 0 for d in _entries(rel)):
            return Outcome(Verdict.PROVED, proof="structural", evidence=Proof(("structural",), "same"))
    if strays:
        sides = [rel.lhs, rel.rhs]
        if any(isinstance(v, sympy.Basic) and v.has(sympy.Integral) for v in sides):
            return Outcome(Verdict.UNDECIDED, evidence=Undecided("integral", withheld=_withheld(rel)))
        kinds = ["a random symbol outside E(...) or Var(...)" if s in inst.scope.random else "an unknown without a domain" for s in strays]
        return Outcome(
            Verdict.UNDECIDED,
            evidence=Undecided("stray", (("name", str(strays[0])), ("what", kinds[0]))),
        )
    entries = _entries(rel)
    if _may_not_exist(rel):
        return _without_value(rel, inst, settings, variables)

    # 1. structural
    if rel.op in ("==", "<=", ">=") and all(d == 0 for d in entries):
        return Outcome(Verdict.PROVED, proof="structural", evidence=Proof(("structural",), "same"))

    # 2. closed
    if not variables and not inst.conditions:
        return _closed(rel, inst, settings)

    # 3. first screen
    parts = compile_relation(rel)
    screen = _Screen()
    found = _screen(rel, parts, inst, variables, settings, screen, settings.first, offset=0)
    if found is not None:
        return found

    # 4. cheap proofs
    ctx = Context(variables, settings.deadline, conditions=tuple(inst.conditions))
    proof = _prove(rel, entries, ctx, inst, expensive=False)
    if proof is not None:
        return _proved(proof, screen)

    # 5. second screen
    found = _screen(rel, parts, inst, variables, settings, screen, settings.second, offset=settings.first)
    if found is not None:
        return found

    # 6. a counterexample found by solving (z3's model, the roots): its effort is
    # counted (a few points, polynomials of bounded degree, z3's rlimit) and far
    # below an expensive proof's. Before the expensive proofs, the order changes
    # no verdict: a point the kernel confirms false means no sound proof exists.
    near, far_out = solving.staged(rel, inst.conditions, variables)
    found = _solved(near, rel, inst, settings)
    if found is not None:
        return found

    # 7. expensive proofs
    proof = _prove(rel, entries, ctx, inst, expensive=True, skip_cheap=True)
    if proof is not None:
        return _proved(proof, screen)

    # 8. a counterexample far out (hundreds of points screened), then undecided
    found = _solved(far_out(), rel, inst, settings)
    if found is not None:
        return found
    outcome = _undecided(screen, parts)
    if isinstance(outcome.evidence, Undecided):
        outcome = dataclasses.replace(outcome, evidence=dataclasses.replace(outcome.evidence, withheld=outcome.evidence.withheld + _withheld(rel)))
    return outcome


def _may_not_exist(rel: Rel) -> bool:
    sides = list(rel.lhs) + list(rel.rhs) if isinstance(rel.lhs, MatrixBase) else [rel.lhs, rel.rhs]
    return any(isinstance(s, sympy.Basic) and s.has(NoLimit) for s in sides)


def _without_value(rel: Rel, inst: Instance, settings: Settings, variables: list[Variable]) -> Outcome:
    """A relation with a side that may not exist (a limit or integral with no value).

    Where the side does not exist the relation is false, whatever the other
    side: no proof applies, not even "both sides are the same expression".
    The relation is refuted at a point where the kernel finds it false, and
    otherwise undecided.
    """
    if not variables and not inst.conditions:
        return _closed(rel, inst, settings)
    screen = _Screen()
    parts = compile_relation(rel)
    found = _screen(rel, parts, inst, variables, settings, screen, settings.first + settings.second, offset=0)
    if found is not None:
        return found
    return Outcome(Verdict.UNDECIDED, evidence=Undecided("no-value"))


def _withheld(rel: Rel) -> tuple[Withheld, ...]:
    """Why values in the relation that SymPy computed were not used (empty if none were withheld)."""
    return tuple(withheld_reasons(*_entries(rel)))


def _entries(rel: Rel) -> list[sympy.Expr]:
    if isinstance(rel.lhs, MatrixBase):
        return [a - b for a, b in zip(rel.lhs, rel.rhs)]
    return [rel.lhs - rel.rhs]


def _closed(rel: Rel, inst: Instance, settings: Settings) -> Outcome:
    bad = confirm(rel.op, rel.lhs, rel.rhs, {})
    if bad is not None:
        full = certified({}, inst, settings)
        if full is None:
            return Outcome(Verdict.UNDECIDED, evidence=Undecided("unwritten-sides", (("lhs", bad.lhs), ("rhs", bad.rhs))))
        full = simplest(full, inst, settings, lambda p: True)  # the sides do not depend on the point
        return Outcome(
            Verdict.REFUTED,
            evidence=Refutation(witness_of(full, inst), bad.lhs, bad.rhs, reason=bad.reason, how="closed"),
            point=full,
        )
    good = confirm(NEGATION[rel.op], rel.lhs, rel.rhs, {})
    if good is not None:
        exact = all(e.is_Rational for e in _entries(rel)) or rel.op in ("==",)
        return Outcome(
            Verdict.PROVED,
            proof="exact evaluation" if exact else "certified evaluation",
            evidence=Proof(
                ("exact evaluation" if exact else "certified evaluation",),
                "value" if rel.op == "==" else "values",
                lhs=good.lhs,
                rhs=good.rhs,
            ),
        )
    # A closed relation whose value is unknown: maybe a proof strategy helps
    # (e.g. an unevaluated sum), else undecided.
    ctx = Context([], float("inf"))
    proof = _prove(rel, _entries(rel), ctx, inst, expensive=True)
    if proof is not None:
        return Outcome(Verdict.PROVED, proof=proof, evidence=Proof((proof,), "shown"))
    values = [v for v in (rel.lhs, rel.rhs)]
    pending = [v for v in values if isinstance(v, sympy.Basic) and v.has(sympy.Limit, sympy.Integral)]
    what = "an unevaluated limit or integral" if pending else "values that could not be certified"
    args = (("what", what), ("lhs", show(rel.lhs)), ("rhs", show(rel.rhs)))
    return Outcome(Verdict.UNDECIDED, evidence=Undecided("closed", args, withheld=_withheld(rel)))


def _screen(
    rel: Rel,
    parts: list[Compiled],
    inst: Instance,
    variables: list[Variable],
    settings: Settings,
    screen: _Screen,
    count: int,
    offset: int,
) -> Outcome | None:
    seed = settings.seed + offset * SETTINGS.seed_stride
    if offset == 0:
        sides = list(rel.lhs) + list(rel.rhs) if isinstance(rel.lhs, MatrixBase) else [rel.lhs, rel.rhs]
        hints = breakpoints(sides, variables) + _quadratic_hints(rel)
        chosen = points(variables, seed, count, hints, inst.special)
    else:
        chosen = _skip(points(variables, seed, count + offset), offset)
    for point in chosen:
        screen.tried += 1
        accepted = conditions_hold(point, inst)
        if accepted is False:
            screen.excluded += 1
            continue
        seen = screen_matrix(parts, rel.op, point)
        if seen is Seen.AGREE:
            if accepted:
                screen.agreed += 1
            continue
        if seen is Seen.UNDEFINED:
            screen.undefined += 1
            continue
        if seen is Seen.UNKNOWN:
            screen.unknown += 1
            continue
        if accepted is None:
            continue
        # Judged here, worded (both sides' values) only at the witness kept.
        false = false_at(rel.op, rel.lhs, rel.rhs, point)
        full = certified(point, inst, settings) if false else None
        if false and full is not None:
            full = simplest(full, inst, settings, lambda p: screen_matrix(parts, rel.op, p) is Seen.CANDIDATE and false_at(rel.op, rel.lhs, rel.rhs, p), rel)
            # (confirm at ``point`` is the judgement false_at made: never None)
            bad = confirm(rel.op, rel.lhs, rel.rhs, full) or confirm(rel.op, rel.lhs, rel.rhs, point)
            if bad is not None:
                return Outcome(
                    Verdict.REFUTED,
                    evidence=Refutation(witness_of(full, inst), bad.lhs, bad.rhs, reason=bad.reason),
                    point=full,
                )
        screen.unknown += 1
    return None


def _solved(proposed: list[Point], rel: Rel, inst: Instance, settings: Settings) -> Outcome | None:
    """The first of the points proposed by solving (engine/solving.py) that refutes ``rel``, judged as a test point is."""
    for point in proposed:
        if conditions_hold(point, inst) is not True:
            continue
        bad = confirm(rel.op, rel.lhs, rel.rhs, point)
        full = certified(point, inst, settings) if bad is not None else None
        if bad is not None and full is not None:
            # A solver's point is exact but rarely simple (z3's models, Gram directions): shrink it
            # as a screened one is, and show the sides where the shrunk point is confirmed again.
            simple = simplest(full, inst, settings, lambda p: confirm(rel.op, rel.lhs, rel.rhs, p) is not None, rel)
            again = confirm(rel.op, rel.lhs, rel.rhs, simple) if simple != full else None
            if again is not None:
                full, bad = simple, again
            return Outcome(
                Verdict.REFUTED,
                evidence=Refutation(witness_of(full, inst), bad.lhs, bad.rhs, reason=bad.reason, how="solved"),
                point=full,
            )
    return None


def _quadratic_hints(rel: Rel) -> list[Point]:
    """Points where a quadratic side of an inequality is negative, from its Gram matrix (proposals for the screen)."""
    if rel.op not in ("<", "<=", ">", ">=") or isinstance(rel.lhs, MatrixBase):
        return []
    d = rel.lhs - rel.rhs if rel.op in (">", ">=") else rel.rhs - rel.lhs
    return negative_points(d)


def _skip(it: Any, n: int) -> Any:
    for i, p in enumerate(it):
        if i >= n:
            yield p


def _condition_substitution(inst: Instance, ctx: Context) -> dict[sympy.Symbol, sympy.Expr] | None:
    """Turn conditions such as ``x > c`` or ``x + e < 0`` into substitutions.

    A condition ``g > 0`` (or ``>=``, ``<``, ``<=``) whose ``g`` is linear in
    some variable ``v`` with a numeric coefficient becomes ``v = (±u - r)/c``
    with ``u > 0`` (``u >= 0`` when not strict): exactly the points where the
    condition holds, so proving the claim after the substitution proves it
    on the restricted domain. None when a condition has no such form.
    """
    mapping: dict[sympy.Symbol, sympy.Expr] = {}
    for cond in inst.conditions:
        if isinstance(cond, Truth) and cond.value:
            continue
        if not isinstance(cond, Rel) or cond.op not in ("<", "<=", ">", ">=") or isinstance(cond.lhs, MatrixBase):
            return None
        g = (cond.lhs - cond.rhs).xreplace(mapping)
        strict = cond.op in ("<", ">")
        sign = 1 if cond.op in (">", ">=") else -1
        for v in ctx.real_symbols(g):
            if v in mapping or v not in {var.symbol for var in ctx.variables}:
                continue
            poly = g.as_poly(v)
            if poly is None or poly.degree() != 1:
                continue
            c, r = poly.all_coeffs()
            if not c.is_number or c == 0 or v in r.free_symbols:
                continue
            u = sympy.Dummy(f"u_{v.name}", positive=True) if strict else sympy.Dummy(f"u_{v.name}", nonnegative=True)
            mapping[v] = (sign * u - r) / c
            break
        else:
            return None
    return mapping


def _prove(
    rel: Rel, entries: list[sympy.Expr], ctx: Context, inst: Instance, *, expensive: bool, skip_cheap: bool = False
) -> str | None:
    if inst.conditions:
        mapping = _condition_substitution(inst, ctx)
        if mapping:
            restricted = _prove_entries(rel, [e.xreplace(mapping) for e in entries], ctx, expensive)
            # The substitution forgets the interval of the unknown it replaces
            # (p[1] >= 0 of a simplex): failing it, the whole domain, below.
            if restricted is not None:
                return restricted
        elif not isinstance(rel.lhs, MatrixBase) and logic.prove_linear(rel, ctx.variables, inst.conditions, ctx.deadline).holds is True:
            return "linear-arithmetic"
        elif not isinstance(rel.lhs, MatrixBase) and nonlinear.prove_under(rel, inst.conditions, ctx.variables):
            return "nonlinear-arithmetic"
        # Without a usable substitution the claim is proved on the whole
        # domain, which is stronger than needed and so still sound.
    return _prove_entries(rel, entries, ctx, expensive)


def _prove_entries(rel: Rel, entries: list[sympy.Expr], ctx: Context, expensive: bool) -> str | None:
    if rel.op == "!=":
        return _prove_nonzero(entries, ctx, expensive)
    if rel.op in ("<", "<="):
        entries = [-e for e in entries]
    if rel.op in ("<", "<=", ">", ">="):
        strict = rel.op in ("<", ">")
        names = []
        for e in entries:
            a = prove_sign_attempt(e, ctx, strict, expensive=expensive)
            if a.proof is None:
                return None
            names.append(a.proof)
        return join_proofs(names)
    names = []
    for e in entries:
        if e == 0:
            names.append("structural")
            continue
        attempt: Attempt = prove_zero(e, ctx, expensive=expensive)
        if attempt.proof is None:
            return None
        names.append(attempt.proof)
    return join_proofs(names)


def _prove_nonzero(entries: list[sympy.Expr], ctx: Context, expensive: bool) -> str | None:
    # Matrices differ if one entry differs everywhere; a scalar must keep one sign.
    for e in entries:
        for sign in (1, -1):
            a = prove_sign_attempt(sign * e, ctx, True, expensive=expensive)
            if a.proof is not None:
                return a.proof
    return None


def _proved(proof: str, screen: _Screen) -> Outcome:
    return Outcome(
        Verdict.PROVED,
        proof=proof,
        evidence=Proof((proof,), "screened", agreed=screen.agreed),
        agreed=screen.agreed,
        undefined=screen.undefined,
    )


def _undecided(screen: _Screen, parts: list[Compiled]) -> Outcome:
    if screen.tried and screen.excluded == screen.tried:
        return Outcome(Verdict.UNDECIDED, evidence=Undecided("excluded", (("tried", str(screen.tried)),)))
    reasons = {p.error for p in parts if p.error}
    if reasons and screen.agreed == 0:
        return Outcome(Verdict.UNDECIDED, evidence=Undecided("not-numeric", (("error", sorted(reasons)[0]),)))
    counts = (("agreed", str(screen.agreed)), ("digits", str(SCREEN_DIGITS[0])), ("undefined", str(screen.undefined)))
    return Outcome(
        Verdict.UNDECIDED,
        evidence=Undecided("agreed", counts),
        agreed=screen.agreed,
        undefined=screen.undefined,
    )
