"""Rewritings of Γ and the functions made from it, for the equality strategies.

Γ, B, the polygammas and the factorial are meromorphic: an identity between
rational combinations of them that holds on an open set holds wherever both
sides have a value, so SymPy's ``expand_func`` (Γ(x + 1) = xΓ(x), ψ(x + 1) =
ψ(x) + 1/x, B(a, b) = Γ(a)Γ(b)/Γ(a + b)) and ``gammasimp`` (reflection,
duplication) are exact here. Nothing is rewritten when a function with a
branch cut is present, nor a binomial with a symbolic k: SymPy's binomial
follows conventions at the negative integers (binomial(-1, -2) = 0) that no
meromorphic identity knows.

The incomplete gammas split Γ's integral at x: for s > 0 and x >= 0,
``lowergamma(s, x) = ∫_0^x t^(s-1) e^(-t) dt`` and ``uppergamma(s, x)`` is the rest
up to ∞, so ``uppergamma(s, x) = Γ(s) - lowergamma(s, x)`` there. :func:`complemented`
writes so each uppergamma whose conditions the caller has shown on the whole domain.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy

_GAMMA_FAMILY = (sympy.gamma, sympy.beta, sympy.polygamma, sympy.factorial, sympy.binomial)
_NOT_MEROMORPHIC = (sympy.log, sympy.loggamma, sympy.polylog, sympy.zeta, sympy.uppergamma, sympy.lowergamma)


def gamma_rewritings(d: sympy.Expr) -> list[sympy.Expr]:
    """Exact rewritings of ``d`` by Γ's rules (empty when they do not apply)."""
    if not d.has(*_GAMMA_FAMILY) or d.has(*_NOT_MEROMORPHIC):
        return []
    if any(not (b.args[1].is_Integer and b.args[1] >= 0) for b in d.atoms(sympy.binomial)):
        return []
    e = sympy.expand_func(d)
    return [e, sympy.gammasimp(e)]


def complemented(d: sympy.Expr, shown: Callable[[sympy.Expr, bool], bool]) -> sympy.Expr | None:
    """``d`` with each ``uppergamma(s, x)`` written as ``gamma(s) - lowergamma(s, x)`` where
    ``shown`` proves s > 0 and x >= 0 (``shown(e, strict)``); None if none is."""
    mapping: dict[sympy.Expr, sympy.Expr] = {}
    for atom in sorted(d.atoms(sympy.uppergamma), key=sympy.default_sort_key):
        s, x = atom.args
        if shown(s, True) and shown(x, False):
            mapping[atom] = sympy.gamma(s) - sympy.lowergamma(s, x)
    return d.xreplace(mapping) if mapping else None
