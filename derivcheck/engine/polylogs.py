"""Polylogarithms of order 1 and below as elementary functions, on the real domain.

``polylog(s, u) = Σ_{k>=1} u**k/k**s`` for |u| < 1, continued analytically. For s = 1
the series is ``-log(1 - u)``; each lower order is ``u·d/du`` of the one above, so
``polylog(0, u) = u/(1 - u)`` and ``polylog(-1, u) = u/(1 - u)**2`` (SymPy's
``expand_func``). Both sides are analytic in u on (-∞, 1), where they are real, and
agree on (-1, 1), so they agree on all of (-∞, 1). A polylog is rewritten only where
``u < 1`` is shown on the whole domain (by the sign ladder, which the caller passes
in); beyond 1 the branches are not compared. The derivative of ``polylog(2, x)`` is
``polylog(1, x)/x``, so this proves that ``polylog(2, x)`` is an antiderivative of
``-log(1 - x)/x``.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy

#: The lowest order rewritten (the rational functions grow with each order below).
LOWEST_ORDER = -3


def elementary(d: sympy.Expr, shown: Callable[[sympy.Expr, bool], bool]) -> sympy.Expr | None:
    """``d`` with each ``polylog(s, u)`` of an integer order ``LOWEST_ORDER <= s <= 1`` and a
    real ``u`` shown below 1 written as SymPy's elementary form; None if none is."""
    mapping: dict[sympy.Expr, sympy.Expr] = {}
    for atom in sorted(d.atoms(sympy.polylog), key=sympy.default_sort_key):
        s, u = atom.args
        if not (s.is_Integer and LOWEST_ORDER <= s <= 1) or u.is_extended_real is not True:
            continue
        if shown(1 - u, True):
            mapping[atom] = sympy.expand_func(atom)
    return d.xreplace(mapping) if mapping else None
