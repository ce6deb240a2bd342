"""Rewritings of Γ and the functions made from it, for the equality strategies.

Γ, B, the polygammas and the factorial are meromorphic: an identity between
rational combinations of them that holds on an open set holds wherever both
sides have a value, so SymPy's ``expand_func`` (Γ(x + 1) = xΓ(x), ψ(x + 1) =
ψ(x) + 1/x, B(a, b) = Γ(a)Γ(b)/Γ(a + b)) and ``gammasimp`` (reflection,
duplication) are exact here. Nothing is rewritten when a function with a
branch cut is present, nor a binomial with a symbolic k: SymPy's binomial
follows conventions at the negative integers (binomial(-1, -2) = 0) that no
meromorphic identity knows.
"""

from __future__ import annotations

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
