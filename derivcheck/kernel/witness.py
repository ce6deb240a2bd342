"""A counterexample's values lie in the declared domain: checked exactly.

Every value of a witness is an exact number (a rational, or a Gaussian
rational for a complex symbol). It lies in its domain when it has every
assumption of the domain's words (``negative even``: negative *and* even; 0
is not negative), and lies inside the interval, with open ends excluded.
Finite sets, ranges and sizes are enumerated into instances, so their values
are fixed before a point is drawn. The conditions under ``assume:`` must be
certainly true at the point (the engine's three-valued evaluation, whose
relations the kernel judges).
"""

from __future__ import annotations

from typing import Mapping, Protocol, Sequence

import sympy

from derivcheck.kernel.balls import Order, compare


class Bounded(Protocol):
    """A continuous unknown: a symbol with assumptions, inside an interval."""

    @property
    def symbol(self) -> sympy.Symbol: ...

    @property
    def name(self) -> str: ...

    @property
    def lo(self) -> sympy.Expr: ...

    @property
    def hi(self) -> sympy.Expr: ...

    @property
    def lo_open(self) -> bool: ...

    @property
    def hi_open(self) -> bool: ...


def why_outside(var: Bounded, value: sympy.Expr) -> str | None:
    """Why ``value`` is not in the domain of ``var``; None when it is."""
    if not value.is_number or value.has(sympy.Float):
        return f"{var.name} = {sympy.sstr(value)} is not an exact number"
    for key, wanted in sorted(var.symbol.assumptions0.items()):
        if getattr(value, f"is_{key}", None) is not wanted:
            return f"{var.name} = {sympy.sstr(value)} is not {'' if wanted else 'non-'}{key}"
    if var.lo != -sympy.oo:
        below = sympy.Lt(value, var.lo) if not var.lo_open else sympy.Le(value, var.lo)
        if below is not sympy.false:
            return f"{var.name} = {sympy.sstr(value)} is not inside its interval"
    if var.hi != sympy.oo:
        above = sympy.Gt(value, var.hi) if not var.hi_open else sympy.Ge(value, var.hi)
        if above is not sympy.false:
            return f"{var.name} = {sympy.sstr(value)} is not inside its interval"
    return None


def admits(var: Bounded, value: sympy.Expr) -> bool:
    """Whether an exact value lies in the variable's domain."""
    return why_outside(var, value) is None


def why_undefined(denominators: Sequence[sympy.Expr], point: Mapping[sympy.Symbol, sympy.Expr]) -> str | None:
    """Why the claim as written has no value at the point; None when it has one.

    SymPy simplifies while a claim is built (``exp(log(u))`` is ``u``, ``u/u``
    is 1), and the points where the written claim has no value disappear with
    the division or the log. The parser records every denominator and log
    argument it builds; at a counterexample each must be certainly non-zero
    (a ball excluding 0). One that still has unknowns after the substitution
    belongs to a bound variable (an integrand's, a limit's) and is not a
    condition on the point.
    """
    for d in denominators:
        value = d.xreplace(dict(point))
        if value.free_symbols:
            continue
        if value.has(sympy.nan, sympy.zoo) or compare(value, sympy.Integer(0)).order not in _APART:
            return f"{sympy.sstr(d)} is not certainly non-zero there"
    return None


_APART = (Order.LESS, Order.GREATER, Order.DIFFERENT)


def why_not_in_domain(variables: Sequence[Bounded], point: Mapping[sympy.Symbol, sympy.Expr]) -> str | None:
    """Why the point is not in the declared domain (a value outside, or one missing); None when it is."""
    for var in variables:
        if var.symbol in point:
            why = why_outside(var, point[var.symbol])
            if why is not None:
                return why
    return None
