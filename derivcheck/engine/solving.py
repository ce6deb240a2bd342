"""Counterexamples found by solving, where sampling is unlikely to meet them.

A claim false only on a set of measure zero (``x**2 - 3*x/10 + 1/50 != 0`` at
x = 1/10 and 1/5, a vector in the null space of a singular matrix) or on a small
region (``x*(10*x - 1) > 0`` on [0, 1/10]) survives random points. Such points
are proposed here by solving, never accepted here:

* the real roots of the difference ``lhs - rhs`` in one unknown, the others at
  their domain's special values (exact: rational or algebraic roots of the
  numerator's polynomial), with points between and around consecutive roots
  for an inequality, where the difference may have the wrong sign;
* the solutions of the system "every entry equal" for a matrix ``!=``, the free
  unknowns of the solution set to simple values;
* a model of (domain ∧ conditions ∧ ¬claim) from z3, for polynomial claims;
* points far out along one unknown (:mod:`derivcheck.engine.far`), where an
  exponential overtakes a polynomial.

Every proposal is judged by the caller exactly as a test point is: the
conditions, the kernel's judgement of the relation, and the refutation gate
(:func:`derivcheck.engine.decide.certified`). The effort is counted: at most
:attr:`EngineSettings.most_solved_points` points, polynomials of bounded degree.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import sympy
from sympy.matrices import MatrixBase

from derivcheck.engine import far, nonlinear
from derivcheck.engine.sampling import Point, specials
from derivcheck.formula import Formula, Rel
from derivcheck.kernel.witness import admits
from derivcheck.problem import Variable
from derivcheck.settings import SETTINGS

#: What SymPy's solvers may raise on an equation they cannot handle.
_GIVE_UP = (TypeError, ValueError, NotImplementedError, ArithmeticError, sympy.PolynomialError, RecursionError)

#: Values given to the unknowns a solution leaves free, generic ones first.
_FREE_VALUES = (sympy.Integer(1), sympy.Integer(2), sympy.Integer(-1))


def proposals(rel: Rel, conditions: Sequence[Formula], variables: Sequence[Variable]) -> list[Point]:
    """Points where ``rel`` may be false, found by solving (to be judged by the caller)."""
    near, far_out = staged(rel, conditions, variables)
    return near + far_out()


def staged(rel: Rel, conditions: Sequence[Formula], variables: Sequence[Variable]) -> tuple[list[Point], Callable[[], list[Point]]]:
    """:func:`proposals` in two stages: the points solved for (z3's model, the
    roots), and a function giving the points far out that follow them.

    The far points screen hundreds of candidates; a caller that may decide the
    claim between the stages asks for them only if it has to. Together the
    stages are exactly :func:`proposals`, in its order and under its cap.
    """
    near: list[Point] = []
    gave_up = not _take(near, _near(rel, conditions, variables))

    def far_out() -> list[Point]:
        if gave_up or isinstance(rel.lhs, MatrixBase) or isinstance(rel.rhs, MatrixBase):
            return []
        out = list(near)
        _take(out, far.far_points(rel, variables))
        return out[len(near) :]

    return near, far_out


def _take(out: list[Point], found: Iterator[Point]) -> bool:
    """Add the new points of ``found`` to ``out`` up to the cap; False if SymPy gave up on the way."""
    if len(out) >= SETTINGS.most_solved_points:
        return True
    try:
        for p in found:
            if p not in out:
                out.append(p)
            if len(out) >= SETTINGS.most_solved_points:
                break  # before the next point is looked for: the far ones cost a screen each
    except _GIVE_UP:
        return False  # SymPy could not solve further: the points found so far are proposed
    return True


def _near(rel: Rel, conditions: Sequence[Formula], variables: Sequence[Variable]) -> Iterator[Point]:
    if isinstance(rel.lhs, MatrixBase) or isinstance(rel.rhs, MatrixBase):
        if rel.op == "!=":
            yield from _null_points(list(rel.lhs - rel.rhs), variables)
        return
    model = nonlinear.model_against(rel, conditions, variables)
    if model is not None:
        yield model
    yield from _root_points(rel.lhs - rel.rhs, rel.op, variables)


def _small(e: sympy.Expr) -> bool:
    return bool(sympy.count_ops(e) <= SETTINGS.solving_max_ops)


def _root_points(d: sympy.Expr, op: str, variables: Sequence[Variable]) -> Iterator[Point]:
    if not isinstance(d, sympy.Expr) or not _small(d):
        return
    present = [v for v in variables if v.symbol in d.free_symbols]
    for var in present:
        others = [v for v in present if v is not var]
        base = {v.symbol: (specials(v) or [sympy.Integer(0)])[0] for v in others}
        for fixed in (base, {v.symbol: _generic(v) for v in others}):
            for x in _real_roots(d.xreplace(fixed), var, op):
                yield {**fixed, var.symbol: x}


def _generic(var: Variable) -> sympy.Expr:
    values = specials(var)
    return next((v for v in values if v not in (0, 1, -1)), values[0] if values else sympy.Integer(0))


def _real_roots(e: sympy.Expr, var: Variable, op: str) -> list[sympy.Expr]:
    """The real roots of e's numerator in ``var`` inside its domain, and for an
    inequality points between and beside them (all exact)."""
    try:
        num, _ = sympy.fraction(sympy.together(e))
        poly = sympy.Poly(sympy.expand(num), var.symbol)
    except (sympy.PolynomialError, TypeError, ValueError):
        return []
    if poly.degree() < 1 or poly.degree() > SETTINGS.solving_max_degree or not poly.domain.is_QQ and not poly.domain.is_ZZ:
        return []
    try:
        roots = sorted(set(sympy.real_roots(poly)), key=lambda r: sympy.N(r, 30))
    except (sympy.PolynomialError, NotImplementedError, ValueError):
        return []
    out = list(roots)
    if op in ("<", "<=", ">", ">="):
        # A touching root refutes a strict inequality; a sign change region, a non-strict one.
        approx = [r if r.is_Rational else sympy.Rational(str(sympy.N(r, 15))) for r in roots]
        between = [(a + b) / 2 for a, b in zip(approx, approx[1:], strict=False)]
        beside = [approx[0] - 1, approx[-1] + 1] if approx else []
        out += between + beside
    return [r for r in out if admits(var, r)]


def _null_points(entries: list[sympy.Expr], variables: Sequence[Variable]) -> Iterator[Point]:
    """Points where every entry vanishes: the solutions of a polynomial system, free unknowns set to simple values."""
    if not all(isinstance(e, sympy.Expr) and _small(e) for e in entries):
        return
    symbols = [v.symbol for v in variables if any(v.symbol in e.free_symbols for e in entries)]
    nonzero = [e for e in entries if e != 0]
    if not symbols or not nonzero or len(symbols) > SETTINGS.solving_max_unknowns:
        return
    if any(sympy.Poly(e, *symbols).total_degree() > 1 for e in nonzero if e.is_polynomial(*symbols)):
        return  # linear systems only: their solution sets are exact and cheap
    if not all(e.is_polynomial(*symbols) for e in nonzero):
        return
    try:
        solutions = sympy.linsolve(nonzero, symbols)
    except (ValueError, TypeError, NotImplementedError):
        return
    for sol in solutions:
        free = sorted(set().union(*(getattr(c, "free_symbols", set()) for c in sol)) & set(symbols), key=lambda s: s.name)
        for value in _FREE_VALUES:
            choice = {s: value for s in free}
            point = {s: sympy.nsimplify(c.xreplace(choice)) for s, c in zip(symbols, sol, strict=True)}
            if all(v.is_Rational for v in point.values()):
                yield point
