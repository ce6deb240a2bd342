"""Whether a relation between two closed values is false: the documented semantics.

The rules, in the order they are applied (``docs/claim-format.md``, Values):

1. A limit that does not exist equals nothing: a relation with it as a side is false.
2. A side with no value (a division by zero, ``log(0)``: SymPy's ``nan`` or
   ``zoo``) makes the point say nothing.
3. A side still holding an unevaluated limit or derivative has no value we
   know: nothing is said. A definite integral over a finite segment is
   enclosed by rigorous quadrature where its integrand is analytic there.
4. ``==`` is false when the two values certainly differ (balls apart, real or
   complex); ``!=`` is false only when they are exactly equal.
5. ``<``, ``<=``, ``>``, ``>=`` compare real values only: non-real values are
   not ordered, so where a side is non-real (or not known to be real) the
   inequality says nothing. Comparing the real parts, or the difference of two
   non-real sides, is never done.
6. ±∞ compare as extended reals (a divergent integral equals ∞).
7. A sign is known only when a ball excludes 0; equality only when exact
   (:func:`derivcheck.kernel.balls.exactly_zero`).
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy

from derivcheck.kernel.balls import Order, compare
from derivcheck.kernel.values import NoLimit

#: For each relation, the orders at which it is false (between real values).
FALSE_WHEN: dict[str, frozenset[Order]] = {
    "==": frozenset({Order.LESS, Order.GREATER, Order.DIFFERENT}),
    "!=": frozenset({Order.EQUAL}),
    ">": frozenset({Order.LESS, Order.EQUAL}),
    ">=": frozenset({Order.LESS}),
    "<": frozenset({Order.GREATER, Order.EQUAL}),
    "<=": frozenset({Order.GREATER}),
}

ORDERING = frozenset({"<", "<=", ">", ">="})


@dataclass(frozen=True)
class Falsity:
    """A relation certified false between two values; the reason when it is not a plain comparison."""

    reason: str = ""


def relation_false(op: str, lhs: sympy.Expr, rhs: sympy.Expr) -> Falsity | None:
    """A certificate that ``lhs op rhs`` is false, or None when that is not certain."""
    if lhs.has(NoLimit) or rhs.has(NoLimit):
        absent = sorted(lhs.atoms(NoLimit) | rhs.atoms(NoLimit), key=sympy.default_sort_key)
        return Falsity(absent[0].absent)
    if lhs.has(sympy.nan, sympy.zoo) or rhs.has(sympy.nan, sympy.zoo):
        return None
    if lhs.has(sympy.Limit, sympy.Derivative) or rhs.has(sympy.Limit, sympy.Derivative):
        return None
    c = compare(lhs, rhs)
    if op in ORDERING and not (c.lhs_real is True and c.rhs_real is True):
        return None  # non-real values are not ordered (rule 5)
    return Falsity() if c.order in FALSE_WHEN[op] else None


__all__ = ["FALSE_WHEN", "Falsity", "relation_false"]
