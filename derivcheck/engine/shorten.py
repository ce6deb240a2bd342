"""A shorter equal form of an expression, without ``sympy.simplify``.

``simplify`` tries dozens of rewritings, and its first call in a process
imports ``sympy.physics.units`` (about 0.2 s) to look for physical units.
Diagnoses, limits and integrals only need a short form of a small expression,
or to see that a difference is zero: a handful of cheap rewritings, keeping
the shortest, does that. No caller trusts the result further than SymPy's
own rewriting rules, which preserve value.
"""

from __future__ import annotations

from typing import Callable

import sympy

_REWRITES: tuple[Callable[[sympy.Expr], sympy.Expr], ...] = (
    sympy.together,
    sympy.expand,
    lambda e: sympy.powsimp(sympy.expand(e)),
    lambda e: sympy.factor_terms(sympy.expand(e)),
    lambda e: sympy.cancel(sympy.expand_log(e)),
)


def shorten(e: sympy.Expr) -> sympy.Expr:
    """The shortest (by operation count) of a few rewritings of ``e``, ``e`` included."""
    if not isinstance(e, sympy.Expr) or not e.args:
        return e
    forms = [e]
    for rewrite in _REWRITES:
        try:
            forms.append(rewrite(e))
        except (TypeError, ValueError, RecursionError, sympy.PolynomialError):
            continue
    return min(forms, key=sympy.count_ops)


def is_zero(e: sympy.Expr) -> bool:
    """True when a cheap rewriting shows ``e`` is zero (False says nothing)."""
    return bool(shorten(e) == 0) or bool(e.is_zero)


def evaluate_sums(e: sympy.Expr) -> sympy.Expr:
    """``e`` with its sums and products evaluated, and nothing else.

    A plain ``doit()`` would also evaluate the limits and integrals that were
    left unevaluated on purpose (SymPy's answer was withheld, or there is no
    value): never call it on an expression from a claim.
    """
    return e.replace(lambda z: isinstance(z, (sympy.Sum, sympy.Product)), lambda z: z.doit(deep=False))
