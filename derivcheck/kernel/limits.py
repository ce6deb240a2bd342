"""When a limit has a value: the rules derivcheck checks before it uses one.

SymPy's ``limit`` answers for *generic* values of the other symbols: it
simplifies ``x**2/(x**2 + eps)`` to 1 before letting ``eps`` go to 0, which
is wrong at ``x = 0``. A limit value stands in for the limit in a claim only
when it holds for every value of the parameters that the domain allows. The
rules decide that. ``x → a`` from a side is
written ``x = a + s`` or ``x = a − s`` (``x = 1/s`` or ``−1/s`` towards ±∞)
with ``s → 0+``, so that one evaluator serves every kind of point.

The rules, each in the module of its group, with the reason it is sound:

* values of limits, L1-L5: :mod:`derivcheck.kernel.limit_values`;
* case splits over the parameters, C, C2 and S: :mod:`derivcheck.kernel.limit_cases`;
* the side a piecewise atom takes near the point, A1-A3: :mod:`derivcheck.kernel.limit_sides`.

:func:`exact_limit` is where they meet: the value by L1-L5, then split by rule C
over the parameter values where a noted coefficient vanishes. The engine reads
every rule through this module.
"""

from __future__ import annotations

from typing import Callable

import sympy

from derivcheck.kernel.limit_cases import DependsOnSign, exceptional_points, same_value, two_sided
from derivcheck.kernel.limit_sides import has_jumps, sign_of_approach
from derivcheck.kernel.limit_values import (
    SMALL,
    HeldLimit,
    NoRule,
    analytic_at_zero,
    approach,
    exponentials_at_infinity,
    limit_value,
    parameters,
    rational_leading,
)

__all__ = [
    "SMALL",
    "DependsOnSign",
    "HeldLimit",
    "analytic_at_zero",
    "approach",
    "exact_limit",
    "exponentials_at_infinity",
    "has_jumps",
    "parameters",
    "rational_leading",
    "sign_of_approach",
    "two_sided",
]


#: How deep exceptional parameter values are substituted (each level one more equation).
MAX_DEPTH = 3


def exact_limit(
    f: sympy.Expr,
    x: sympy.Symbol,
    a: sympy.Expr,
    direction: str,
    recurse: Callable[[sympy.Expr, sympy.Expr], sympy.Expr],
    depth: int = 0,
) -> sympy.Expr | None:
    """The one-sided limit of ``f`` for every parameter value (rules L1-L3, C); None if no rule applies.

    Args:
        direction: ``'+'`` or ``'-'`` (ignored at ±∞).
        recurse: the limit of ``f`` at an exceptional parameter value, computed by the caller
            with all its rules: ``recurse(f_r, a_r)``.
    Raises:
        DependsOnSign: the value depends on the sign of a parameter (rule S).
    """
    notes: list[sympy.Expr] = []
    try:
        value = limit_value(approach(f, x, a, direction), notes)
    except (NoRule, TypeError, ValueError, ZeroDivisionError, NotImplementedError, RecursionError,
            sympy.PolynomialError):
        return None
    if value.has(sympy.nan, sympy.zoo):
        return None
    if not notes:
        return value
    if depth >= MAX_DEPTH:
        return None
    points = exceptional_points(notes)
    if points is None:
        return None
    branches: list[tuple[sympy.Expr, sympy.Basic]] = []
    for symbol, root in points:
        special = recurse(f.subs(symbol, root), sympy.sympify(a).subs(symbol, root))
        generic = value.subs(symbol, root)
        if not same_value(special, generic):
            branches.append((special, sympy.Eq(symbol, root)))
    if not branches:
        return value
    return sympy.Piecewise(*branches, (value, True))
