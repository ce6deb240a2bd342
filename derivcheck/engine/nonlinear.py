"""Polynomial inequalities and implications, decided by z3 under the kernel's rules.

The kernel (:mod:`derivcheck.kernel.nra`) accepts z3's ``unsat`` only for
polynomial real arithmetic with rational coefficients. This module brings a
claim into that fragment by rewritings that are equivalences on the domain,
or does not ask at all:

* **Roots of positive unknowns.** Where a positive (or nonnegative) unknown
  ``v`` occurs under a root (``sqrt(a*b)``, ``(a*b*c)**(1/3)``), it is written
  ``u**k`` with ``u`` positive (nonnegative) and ``k`` the least common multiple
  of the roots' orders. ``u ↦ u**k`` maps (0, ∞) onto (0, ∞) (and [0, ∞) onto
  [0, ∞)) one to one, so the claim for every ``v`` is the claim for every ``u``;
  and there ``(u**k)**(p/k) = u**p`` exactly. Only unknowns whose whole domain
  is that half-line are rewritten (an interval's ends would change).
* **One denominator.** ``d = N/D`` with ``N``, ``D`` polynomials: where
  ``D ≠ 0``, ``d`` has the sign of ``N·D`` (``d = N·D/D²``). The goal given
  to z3 is ``D ≠ 0 ∧ N·D > 0`` (or ``≥ 0``) on the domain: stronger than
  the claim where ``D`` vanishes, so still a proof.

Anything else (a transcendental function, an integer unknown, a root of an
unknown of any other domain) stays outside, and z3 is not consulted.
"""

from __future__ import annotations

from collections.abc import Sequence
from math import lcm

import sympy

from derivcheck.formula import Connective, Formula, Rel
from derivcheck.kernel import nra
from derivcheck.problem import Variable
from derivcheck.settings import SETTINGS

#: Whether the procedure exists here (z3 is the optional ``nra`` extra).
AVAILABLE = nra.AVAILABLE

Bounds = dict[sympy.Symbol, tuple[sympy.Expr, sympy.Expr, bool, bool]]


def bounds_of(variables: Sequence[Variable]) -> Bounds:
    return {v.symbol: (v.lo, v.hi, v.lo_open, v.hi_open) for v in variables}


Rooted = tuple[list[sympy.Expr], dict[sympy.Symbol, sympy.Expr]]


def unroot(exprs: Sequence[sympy.Expr], variables: Sequence[Variable]) -> Rooted | None:
    """The expressions with every rooted positive unknown written ``u**k`` (see above), and
    the substitution made; None if one cannot be rewritten."""
    orders: dict[sympy.Symbol, int] = {}
    for e in exprs:
        for p in e.atoms(sympy.Pow):
            exp = p.exp
            if isinstance(exp, sympy.Integer):
                continue
            if not isinstance(exp, sympy.Rational):
                return None
            for s in p.base.free_symbols:
                orders[s] = lcm(orders.get(s, 1), int(exp.q))
    if not orders:
        return list(exprs), {}
    by_symbol = {v.symbol: v for v in variables}
    mapping: dict[sympy.Symbol, sympy.Expr] = {}
    for s, k in sorted(orders.items(), key=lambda item: item[0].name):
        var = by_symbol.get(s)
        if var is None or not var.hi.is_infinite or var.lo not in (0, -sympy.oo):
            return None
        if s.is_positive:
            u = sympy.Dummy(f"r_{s.name}", positive=True)
        elif s.is_nonnegative:
            u = sympy.Dummy(f"r_{s.name}", nonnegative=True)
        else:
            return None
        mapping[s] = u**k
    return [sympy.powsimp(e.xreplace(mapping), force=False) for e in exprs], mapping


def _small(e: sympy.Expr) -> bool:
    return bool(sympy.count_ops(e) <= SETTINGS.nra_max_ops)


def prove_sign(d: sympy.Expr, variables: Sequence[Variable], strict: bool) -> bool:
    """True if z3 shows d > 0 (``strict``) or d >= 0 on the domain, inside the complete fragment."""
    if not AVAILABLE or not d.free_symbols or not _small(d):
        return False
    if d.has(sympy.Function) or any(not p.exp.is_Rational for p in d.atoms(sympy.Pow)):
        return False  # quick exit before any rewriting: transcendental, or a symbolic exponent
    unrooted = unroot([d], variables)
    if unrooted is None:
        return False
    num, den = sympy.fraction(sympy.together(unrooted[0][0]))
    num, den = sympy.expand(num), sympy.expand(den)
    if not (nra.polynomial(num) and nra.polynomial(den)) or not _small(num * den):
        return False
    zero = sympy.Integer(0)
    product = sympy.expand(num * den) if den != 1 else num
    goal: Formula = Rel(">" if strict else ">=", product, zero, None)
    if den.free_symbols:
        goal = Connective("and", (Rel("!=", den, zero, None), goal))
    elif den == 0:
        return False
    try:
        return nra.decide([], goal, bounds_of(variables), SETTINGS.nra_rlimit).holds is True
    except nra.OutsideFragment:
        return False


Statement = tuple[list[Formula], Formula, dict[sympy.Symbol, sympy.Expr]]


def polynomial_statement(goal: Formula, conditions: Sequence[Formula], variables: Sequence[Variable]) -> Statement | None:
    """The premises and goal with roots of positive unknowns removed, if all are polynomial
    (else None), and the substitution that removed them."""
    rels = [r for f in (*conditions, goal) for r in _relations(f)]
    if not rels or any(not isinstance(r.lhs, sympy.Expr) or not isinstance(r.rhs, sympy.Expr) for r in rels):
        return None
    sides = [s for r in rels for s in (r.lhs, r.rhs)]
    if any(s.has(sympy.Function) or not _small(s) for s in sides):
        return None
    rooted = unroot(sides, variables)
    if rooted is None:
        return None
    unrooted, mapping = rooted
    table = {id(r): (unrooted[2 * i], unrooted[2 * i + 1]) for i, r in enumerate(rels)}

    def rebuild(f: Formula) -> Formula:
        if isinstance(f, Rel):
            lhs, rhs = table[id(f)]
            return Rel(f.op, sympy.expand(lhs), sympy.expand(rhs), f.loc)
        if isinstance(f, Connective):
            return Connective(f.kind, tuple(rebuild(a) for a in f.args))
        return f

    premises = [rebuild(c) for c in conditions]
    target = rebuild(goal)
    if not all(nra.polynomial(s) for r in (*premises, target) for rr in _relations(r) for s in (rr.lhs, rr.rhs)):
        return None
    return premises, target, mapping


def _relations(f: Formula) -> list[Rel]:
    if isinstance(f, Rel):
        return [f]
    if isinstance(f, Connective):
        return [r for a in f.args for r in _relations(a)]
    return []


Point = dict[sympy.Symbol, sympy.Expr]


def settle(goal: Formula, conditions: Sequence[Formula], variables: Sequence[Variable]) -> tuple[bool | None, Point | None]:
    """z3 on ``conditions ⇒ goal`` over the domain: (True, None) shown; (False, point) a
    proposed counterexample (see :func:`model_against`); (None, None) outside, or no answer."""
    if not AVAILABLE:
        return None, None
    stated = polynomial_statement(goal, conditions, variables)
    if stated is None:
        return None, None
    premises, target, mapping = stated
    try:
        answer = nra.decide(premises, target, bounds_of(variables), SETTINGS.nra_rlimit)
    except nra.OutsideFragment:
        return None, None
    if answer.holds is not False:
        return answer.holds, None
    return False, _mapped_back(answer.model, mapping)


def prove_under(goal: Formula, conditions: Sequence[Formula], variables: Sequence[Variable]) -> bool:
    """True if z3 shows ``conditions ⇒ goal`` on the domain (polynomial claims only)."""
    return settle(goal, conditions, variables)[0] is True


def model_against(goal: Formula, conditions: Sequence[Formula], variables: Sequence[Variable]) -> Point | None:
    """A rational point of the domain where the conditions hold and the goal fails, proposed by z3.

    A rewritten unknown ``v = u**k`` gets the value ``u**k`` of the model's
    ``u`` (rational). The caller re-checks the point through the refutation gate.
    """
    return settle(goal, conditions, variables)[1]


def _mapped_back(model: dict[sympy.Symbol, sympy.Rational] | None, mapping: dict[sympy.Symbol, sympy.Expr]) -> Point | None:
    if model is None:
        return None
    point: Point = {s: q for s, q in model.items() if not isinstance(s, sympy.Dummy)}
    for s, power in mapping.items():
        value = power.xreplace(model)
        if not value.is_Rational:
            return None
        point[s] = value
    return point
