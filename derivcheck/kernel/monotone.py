"""Where a function is increasing: the side condition of every monotonicity step.

``f(A) - f(B) > 0`` follows from ``A - B > 0`` only on an interval where ``f``
is real and strictly increasing, and only when A and B both lie in it. Outside
that interval the step is false: at x = −2000, log(x + 1000) − log(x + 999) is
the real number log(1000/1001) < 0 although x + 1000 > x + 999 (both logs are
non-real there, with the same imaginary part iπ).

Each function maps to the condition its arguments must satisfy on the whole
domain; a strategy that uses monotonicity must prove that condition for both
arguments (it is an obligation, not an assumption).
"""

from __future__ import annotations

import sympy

from derivcheck.kernel.primitives import Needs, increasing

__all__ = ["Needs", "needs", "real_by_assumptions"]


def needs(f: sympy.Expr) -> Needs | None:
    """The condition on the argument of ``f`` (an application), or None if ``f`` is not increasing.

    The table of primitives says it (its ``increasing`` column).
    """
    return increasing(f)


def real_by_assumptions(e: sympy.Expr) -> bool:
    """Whether SymPy's assumptions on the domain's symbols make ``e`` real.

    The assumptions are the declared domains (a real symbol is real), and the
    rules of SymPy's assumption system for sums, products and real functions
    of real arguments.
    """
    return bool(e.is_extended_real) and bool(e.is_finite is not False)
