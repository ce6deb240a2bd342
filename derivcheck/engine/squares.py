"""Two nonnegative sides compared by their squares.

Write d = A − B with A the terms of positive coefficient and B the others
negated. Where A >= 0 and B >= 0 on the whole domain, A − B and A² − B² have the
same sign, (A − B)(A + B) = A² − B² with A + B >= 0: if A² − B² >= 0 then
A >= B (A + B = 0 forces A = B = 0), and A² − B² > 0 forces A + B > 0 and A > B.
Squaring removes the square roots of norms and the absolute values of real
numbers, so Cauchy–Schwarz with norms becomes a polynomial inequality.
"""

from __future__ import annotations

import sympy

from derivcheck.engine.inequalities import Ladder
from derivcheck.engine.powers import too_large_to_expand


def _worth_squaring(e: sympy.Expr) -> bool:
    """Squaring helps where a side holds a square root or an absolute value."""
    return any(isinstance(a, sympy.Pow) and a.exp == sympy.S.Half for a in e.atoms(sympy.Pow)) or e.has(sympy.Abs)


def by_squares(d: sympy.Expr, strict: bool, ladder: Ladder) -> bool:
    """True if d's two nonnegative parts are shown in the right order by their squares."""
    if ladder.depth > 2 or not _worth_squaring(d):
        return False
    positive: list[sympy.Expr] = []
    negative: list[sympy.Expr] = []
    for term in sympy.Add.make_args(sympy.expand(d, deep=False)):
        coefficient, _ = term.as_coeff_Mul()
        (positive if coefficient > 0 else negative).append(term)
    if not positive or not negative:
        return False
    a, b = sympy.Add(*positive), -sympy.Add(*negative)
    if too_large_to_expand(a**2 - b**2) or not (ladder.ask(a, False) and ladder.ask(b, False)):
        return False
    return ladder.ask(sympy.expand(a**2 - b**2), strict)
