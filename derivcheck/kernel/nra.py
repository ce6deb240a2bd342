"""Polynomial real arithmetic by z3: when its answer may be a proof, and when a point.

z3's nonlinear real arithmetic (nlsat) is a decision procedure for the first-order
theory of the reals restricted to polynomials: for a quantifier-free formula of
polynomial equations and inequalities with rational coefficients over real
unknowns, ``unsat`` means no real point satisfies it. The rules:

N1. **The complete fragment.** An ``unsat`` of (domain ∧ premises ∧ ¬goal) is
    accepted as a proof of "premises ⇒ goal on the domain" only when every
    atom is a polynomial relation with exact rational coefficients in real
    unknowns: sums, products and powers with non-negative integer exponents of
    rationals and symbols. An integer unknown, a division, a root, a
    transcendental function, a float: :class:`OutsideFragment`, and z3 is not
    asked. Nothing is approximated in the translation: each rational is passed
    as the exact fraction, each domain (``positive``, ``[a, b]`` with rational
    ends) as the exact polynomial constraint it means.

N2. **Counted effort.** z3 runs with a fixed random seed and a resource limit
    (``rlimit``, a count of z3's own steps), never a clock: the same formula gets
    the same answer on every machine. ``unknown`` (the limit spent, or nlsat
    giving up) is no answer.

N3. **Models are proposals.** ``sat`` gives a model; its values are made exact
    rationals (a rational value as it is; an algebraic one by rational points
    near it, kept only if the formula evaluates to true there in exact rational
    arithmetic). The engine then judges the point as any other counterexample
    (the refutation gate, ``engine/decide.certified``, and the kernel's
    ``judge``): a model is never a verdict by itself.

z3 is an optional dependency (the ``nra`` extra): without it :data:`AVAILABLE` is
False and nothing here is consulted.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy

from derivcheck.formula import Connective, Formula, Rel, Truth


def _installed() -> bool:
    try:
        return importlib.util.find_spec("z3") is not None
    except (ImportError, ValueError):  # a module without a spec in its place
        return False


#: Whether z3 can be consulted at all (the nra extra is installed).
AVAILABLE = _installed()

#: z3 itself, imported by the first question (:func:`_load`), not with this module:
#: most claims never ask it, and importing it is a noticeable part of a cold start.
z3: Any = None


def _load() -> Any:
    """z3, imported on first use; None when it cannot be (the procedure is then absent)."""
    global z3, AVAILABLE
    if z3 is None and AVAILABLE:
        try:
            z3 = importlib.import_module("z3")
        except ImportError:  # installed but broken: as if absent
            AVAILABLE = False
    return z3

#: z3's random seed (fixed, so that its search is the same on every run).
SEED = 0

#: Rational points tried near an algebraic model value: digits of each approximation.
APPROXIMATIONS = (3, 6, 12, 24)


class OutsideFragment(Exception):
    """The formula is not polynomial real arithmetic with rational coefficients (rule N1)."""


@dataclass(frozen=True)
class Answer:
    """What z3 said: ``holds`` True (unsat of the negation), False (a model), None (no answer)."""

    holds: bool | None
    model: dict[sympy.Symbol, sympy.Rational] | None = None


def _real_unknown(s: sympy.Symbol) -> None:
    # An integer unknown takes z3 out of its complete fragment (integer arithmetic is undecidable).
    if s.is_real is not True or s.is_integer is True:
        raise OutsideFragment(f"{s} is not a real unknown")


def polynomial(e: sympy.Expr) -> bool:
    """Whether ``e`` is a polynomial with rational coefficients in real unknowns (N1)."""
    try:
        _check(e)
    except OutsideFragment:
        return False
    return True


def _check(e: sympy.Basic) -> None:
    if isinstance(e, sympy.Rational):
        return
    if isinstance(e, sympy.Symbol):
        _real_unknown(e)
        return
    if isinstance(e, (sympy.Add, sympy.Mul)):
        for a in e.args:
            _check(a)
        return
    if isinstance(e, sympy.Pow) and isinstance(e.exp, sympy.Integer) and e.exp >= 0:
        _check(e.base)
        return
    raise OutsideFragment(f"{type(e).__name__} is outside polynomial arithmetic")


class _Translator:
    def __init__(self) -> None:
        self.names: dict[sympy.Symbol, Any] = {}

    def term(self, e: sympy.Basic) -> Any:
        if isinstance(e, sympy.Rational):
            return z3.RealVal(f"{e.p}/{e.q}")
        if isinstance(e, sympy.Symbol):
            _real_unknown(e)
            if e not in self.names:
                self.names[e] = z3.Real(f"v{len(self.names)}")
            return self.names[e]
        if isinstance(e, sympy.Add):
            return z3.Sum([self.term(a) for a in e.args])
        if isinstance(e, sympy.Mul):
            return z3.Product([self.term(a) for a in e.args])
        if isinstance(e, sympy.Pow) and isinstance(e.exp, sympy.Integer) and e.exp >= 0:
            base = self.term(e.base)
            out = z3.RealVal(1)
            for _ in range(int(e.exp)):
                out = out * base
            return out
        raise OutsideFragment(f"{type(e).__name__} is outside polynomial arithmetic")

    def formula(self, f: Formula) -> Any:
        if isinstance(f, Truth):
            return z3.BoolVal(f.value)
        if isinstance(f, Rel):
            if not isinstance(f.lhs, sympy.Expr) or not isinstance(f.rhs, sympy.Expr):
                raise OutsideFragment("a relation between matrices")
            a, b = self.term(f.lhs), self.term(f.rhs)
            ops = {"==": a == b, "!=": a != b, "<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}
            return ops[f.op]
        if isinstance(f, Connective):
            args = [self.formula(a) for a in f.args]
            kinds = {
                "and": lambda: z3.And(*args),
                "or": lambda: z3.Or(*args),
                "not": lambda: z3.Not(args[0]),
                "implies": lambda: z3.Implies(args[0], args[1]),
                "iff": lambda: args[0] == args[1],
            }
            if f.kind not in kinds:
                raise OutsideFragment(f"the connective {f.kind}")
            return kinds[f.kind]()
        raise OutsideFragment("not a formula")

    def domain(self, bounds: Mapping[sympy.Symbol, tuple[sympy.Expr, sympy.Expr, bool, bool]]) -> list[Any]:
        """The exact constraints of each unknown's assumptions and interval (N1)."""
        out = []
        for s, v in list(self.names.items()):
            if s.is_positive:
                out.append(v > 0)
            elif s.is_nonnegative:
                out.append(v >= 0)
            if s.is_negative:
                out.append(v < 0)
            elif s.is_nonpositive:
                out.append(v <= 0)
            if s.is_zero is False and not (s.is_positive or s.is_negative):
                out.append(v != 0)
            if s in bounds:
                lo, hi, lo_open, hi_open = bounds[s]
                for end, is_open, lower in ((lo, lo_open, True), (hi, hi_open, False)):
                    if end.is_infinite:
                        continue
                    if not isinstance(end, sympy.Rational):
                        raise OutsideFragment("an interval with an irrational end")
                    c = self.term(end)
                    out.append((v > c if is_open else v >= c) if lower else (v < c if is_open else v <= c))
        return out


def decide(
    premises: Sequence[Formula],
    goal: Formula,
    bounds: Mapping[sympy.Symbol, tuple[sympy.Expr, sympy.Expr, bool, bool]],
    rlimit: int,
) -> Answer:
    """Whether ``premises ⇒ goal`` holds at every point of the unknowns' domains (N1-N3).

    ``bounds`` maps an unknown to its interval (lo, hi, lo_open, hi_open); its
    SymPy assumptions (positive, nonnegative, ...) are constraints too.

    Raises:
        OutsideFragment: the question is not in z3's complete fragment; z3 was not asked.
    """
    if _load() is None:
        raise OutsideFragment("z3 is not installed")
    t = _Translator()
    hyps = [t.formula(p) for p in premises]
    negated = z3.Not(t.formula(goal))
    constraints = t.domain(bounds)
    solver = z3.SolverFor("QF_NRA")
    solver.set("random_seed", SEED)
    solver.set("rlimit", rlimit)
    solver.add(*constraints, *hyps, negated)
    answer = solver.check()
    if answer == z3.unsat:
        return Answer(True)
    if answer != z3.sat:
        return Answer(None)
    model = solver.model()
    everything = z3.And(*constraints, *hyps, negated)
    point = _rational_point(model, t.names, everything)
    return Answer(False, point)


def _rational_point(model: Any, names: Mapping[sympy.Symbol, Any], formula: Any) -> dict[sympy.Symbol, sympy.Rational] | None:
    """Exact rationals for the model (N3): as they are, or rational points near
    algebraic values at which the formula is true in exact rational arithmetic."""
    exact: dict[sympy.Symbol, Fraction] = {}
    algebraic: dict[sympy.Symbol, Any] = {}
    for s, v in names.items():
        value = model.eval(v, model_completion=True)
        if isinstance(value, z3.RatNumRef):
            exact[s] = value.as_fraction()
        else:
            algebraic[s] = value
    for digits in APPROXIMATIONS if algebraic else (0,):
        point = dict(exact)
        for s, value in algebraic.items():
            point[s] = Fraction(value.approx(digits).as_fraction())
        substitution = [(names[s], z3.RealVal(f"{q.numerator}/{q.denominator}")) for s, q in point.items()]
        if z3.is_true(z3.simplify(z3.substitute(formula, *substitution))):
            return {s: sympy.Rational(q.numerator, q.denominator) for s, q in point.items()}
    return None


__all__ = ["AVAILABLE", "Answer", "OutsideFragment", "decide", "polynomial"]
