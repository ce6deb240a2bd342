"""Inverse hyperbolic functions as logarithms, where SymPy's formula is an identity.

The formulas are SymPy's own definitions of the principal branches:

- ``asinh(u) = log(u + sqrt(u**2 + 1))`` for every real ``u``;
- ``acosh(u) = log(u + sqrt(u**2 - 1))`` for ``u >= 1``;
- ``atanh(u) = (log(1 + u) - log(1 - u))/2`` for ``-1 < u < 1``.

A function is rewritten only where its condition is shown on the whole domain (by
the sign ladder, which the caller passes in): the rewritten difference is then the
written one at every point, and showing it zero shows the claim.

An inverse of a function of a real argument is undone by :data:`UNDONE`: sinh and
tanh are one to one from the reals onto the domains of asinh and atanh, and cosh is
one to one from [0, ∞) onto [1, ∞), even, so ``acosh(cosh(g)) = |g|``.
"""

from __future__ import annotations

from typing import Callable

import sympy

#: shown(e, strict): the ladder has shown e > 0 (strict) or e >= 0 on the whole domain.
Shown = Callable[[sympy.Expr, bool], bool]


def _formula(atom: sympy.Expr, shown: Shown) -> sympy.Expr | None:
    u = atom.args[0]
    if u.is_extended_real is not True:
        return None
    if isinstance(atom, sympy.asinh):
        return sympy.log(u + sympy.sqrt(u**2 + 1))
    if isinstance(atom, sympy.acosh) and shown(u - 1, False):
        return sympy.log(u + sympy.sqrt(u**2 - 1))
    if isinstance(atom, sympy.atanh) and shown(1 - u**2, True):
        return (sympy.log(1 + u) - sympy.log(1 - u)) / 2
    return None


def as_logs(d: sympy.Expr, shown: Shown) -> sympy.Expr | None:
    """``d`` with each inverse hyperbolic function whose condition holds written as a log; None if none."""
    mapping: dict[sympy.Expr, sympy.Expr] = {}
    for atom in sorted(d.atoms(sympy.asinh, sympy.acosh, sympy.atanh), key=sympy.default_sort_key):
        value = _formula(atom, shown)
        if value is not None:
            mapping[atom] = value
    return d.xreplace(mapping) if mapping else None


#: f⁻¹(f(g)) for real g, one row an inverse: (the inverse, the function, the value).
UNDONE: tuple[tuple[type, type, Callable[[sympy.Expr], sympy.Expr]], ...] = (
    (sympy.asinh, sympy.sinh, lambda g: g),
    (sympy.atanh, sympy.tanh, lambda g: g),
    (sympy.acosh, sympy.cosh, sympy.Abs),
)


def undone(d: sympy.Expr) -> sympy.Expr | None:
    """``d`` with each inverse of :data:`UNDONE` applied to its function of a real argument
    undone; None if there is none."""
    mapping: dict[sympy.Expr, sympy.Expr] = {}
    for inverse, f, value in UNDONE:
        for atom in d.atoms(inverse):
            inner: sympy.Expr = atom.args[0]
            if inner.func is f and inner.args[0].is_extended_real is True:
                mapping[atom] = value(inner.args[0])
    return d.xreplace(mapping) if mapping else None
