"""The split on the largest argument of a Max (smallest of a Min), each case under the claim's conditions.

:mod:`derivcheck.engine.orderings` writes each case "``a_i`` is the largest" as a
substitution, and the sign ladder then knows nothing of the conditions the
unknowns meet besides their intervals: a simplex's last entry ``1 - p_1 - p_2``
is nonnegative only because ``p_1 + p_2 <= 1``. Here each case, a polynomial
after the substitution, is given to z3 with those conditions as premises,
under the kernel's rule (:mod:`derivcheck.kernel.nra`: polynomial real
arithmetic with rational coefficients, or z3 is not asked). A case shown under
the conditions holds at every point of the case that meets them, and the cases
cover the domain, so the claim holds wherever its conditions do — which is
what a claim with conditions says.

Only the relation as the decision states it (depth 0) is split here: a sub-goal
of another strategy may have had an unknown of the conditions substituted away.
(Were one so substituted by fresh unknowns, the premises would still speak of
values the point had, and a proof over every value of the freed unknown covers
those; depth 0 keeps the argument short.)
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy

from derivcheck.engine import nonlinear, orderings
from derivcheck.formula import Formula, Rel
from derivcheck.problem import Variable


def ordered_under_conditions(
    d: sympy.Expr, strict: bool, conditions: Sequence[Formula], variables: Sequence[Variable], depth: int
) -> bool:
    """True if d > 0 (``strict``) or d >= 0 is shown on each case of its largest (smallest)
    argument, with the conditions as premises."""
    if depth != 0 or not conditions or not nonlinear.AVAILABLE:
        return False
    cases = orderings.ordering_cases(d, [v.symbol for v in variables])
    if cases is None:
        return False
    op = ">" if strict else ">="
    zero = sympy.Integer(0)
    return all(nonlinear.prove_under(Rel(op, sympy.expand(c), zero), conditions, variables) for c in cases)
