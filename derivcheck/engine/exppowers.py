"""Exponentials of unknowns as powers of one positive unknown each, with integer exponents.

Where a real unknown ``x`` occurs only inside exponentials, each ``exp(c·x + ...)``
with a rational ``c``, write ``exp(x/q) = u`` with ``q`` the least common multiple
of the denominators of the ``c``: then ``exp(c·x) = u**(c·q)``, an integer power.
``x ↦ exp(x/q)`` maps the reals one to one onto (0, ∞), so a sign shown for every
positive ``u`` holds for every real ``x``; where ``x`` has a smaller domain (positive,
an interval) its image is a part of (0, ∞), and the sign shown on all of (0, ∞)
is stronger than needed, so still sound. ``exp(a + b) = exp(a)·exp(b)`` is an
identity. The result is a rational function of the new unknowns, for the
polynomial strategies below (z3's real arithmetic, Gram matrices): the
exponentiated log-sum-exp against a mean, ``e^a + e^b + e^c - 3·e^((a + b + c)/3)``,
becomes AM–GM for three terms, ``u³ + v³ + w³ - 3uvw``.
"""

from __future__ import annotations

from math import lcm

import sympy

from derivcheck.engine.inequalities import Ladder


def _linear_terms(arg: sympy.Expr) -> list[tuple[sympy.Rational, sympy.Expr]]:
    out = []
    for term in sympy.Add.make_args(sympy.expand(arg)):
        c, rest = term.as_coeff_Mul()
        out.append((c, rest))
    return out


def as_powers(d: sympy.Expr) -> sympy.Expr | None:
    """``d`` with every exponential of its real unknowns written as integer powers of
    positive unknowns (see above); None when some unknown occurs outside them, or
    nothing would change."""
    exps = [z for z in d.atoms(sympy.exp) if z.free_symbols]
    if not exps:
        return None
    order: dict[sympy.Symbol, int] = {}
    for z in exps:
        for c, rest in _linear_terms(z.args[0]):
            if isinstance(rest, sympy.Symbol) and rest.is_extended_real and c.is_Rational:
                order[rest] = lcm(order.get(rest, 1), int(c.q))
            elif rest.free_symbols:
                return None  # exp(x*y), exp(x**2): not a power of one unknown
    if not order:
        return None
    names = {x: sympy.Dummy(f"exp_{x.name}", positive=True) for x in sorted(order, key=lambda s: s.name)}

    def convert(arg: sympy.Expr) -> sympy.Expr:
        out = sympy.Integer(1)
        for c, rest in _linear_terms(arg):
            if isinstance(rest, sympy.Symbol) and rest in names:
                out *= names[rest] ** int(c * order[rest])
            else:
                out *= sympy.exp(c * rest)
        return out

    e = d.replace(lambda z: isinstance(z, sympy.exp), lambda z: convert(z.args[0]))
    if any(x in e.free_symbols for x in names):
        return None  # x also occurs outside an exponential: the substitution would not remove it
    return e


def exponentials_as_powers(d: sympy.Expr, strict: bool, ladder: Ladder) -> bool:
    """True if the sign of ``d``, its exponentials written as powers (see above), is shown."""
    if ladder.depth > 3:
        return False
    e = as_powers(d)
    return e is not None and ladder.ask(sympy.together(e), strict)
