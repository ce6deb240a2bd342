"""Sums of squares: a polynomial is non-negative because it is mᵀ·G·m with G ⪰ 0, checked exactly.

The engine proposes a vector of monomials ``m`` and a symmetric rational Gram
matrix ``G``; nothing it computed is trusted. The rules:

G1. **Identity.** ``q = mᵀ·G·m`` as polynomials in the unknowns: ``q`` is read
    by SymPy's ``Poly`` over QQ (a polynomial with rational coefficients in its
    free symbols, or no certificate), ``mᵀ·G·m`` is expanded from ``G`` and
    the monomials, and the two are compared coefficient by coefficient, exactly.

G2. **Semidefinite.** ``G`` is symmetric with rational entries, and its
    exact LDLᵀ elimination (rational arithmetic, pivots in order) has every
    pivot ≥ 0, and wherever a pivot is 0 the rest of its column is 0 too.
    Then ``G = L·D·Lᵀ`` with ``D ≥ 0`` diagonal, so ``zᵀ·G·z = Σ dₖ·(Lᵀz)ₖ² ≥ 0``
    for every real vector ``z``; with ``z = m(x)``, ``q(x) ≥ 0``.

G3. **Definite.** Every pivot > 0 makes ``G ≻ 0``, so ``zᵀ·G·z > 0`` for every
    ``z ≠ 0``; when the constant monomial 1 is in ``m``, ``m(x) ≠ 0`` at every
    point and ``q(x) > 0``.

G4. **Real unknowns.** Every free symbol of ``q`` is real (SymPy's assumption
    ``is_extended_real``): ``m(x)`` is then a real vector. ``q ≥ 0`` (``> 0``) on
    all of ℝᵏ holds in particular on any declared part of it.
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy
from flint import fmpq
from sympy.polys.polyerrors import BasePolynomialError

#: A Gram matrix: rows of exact rationals.
Gram = Sequence[Sequence[fmpq]]


def pivots(g: Gram) -> list[fmpq] | None:
    """The pivots of the exact LDLᵀ elimination of a symmetric ``g``; None if g is not symmetric or not ⪰ 0 (rule G2)."""
    n = len(g)
    if any(len(row) != n for row in g) or any(g[i][j] != g[j][i] for i in range(n) for j in range(i)):
        return None
    a = [[fmpq(x) for x in row] for row in g]
    out: list[fmpq] = []
    for k in range(n):
        p = a[k][k]
        if p < 0:
            return None
        if p == 0:
            if any(a[i][k] != 0 for i in range(k + 1, n)):
                return None
            out.append(p)
            continue
        for i in range(k + 1, n):
            f = a[i][k] / p
            if f == 0:
                continue
            for j in range(k + 1, n):
                a[i][j] -= f * a[k][j]
            a[i][k] = fmpq(0)
        out.append(p)
    return out


def certifies(q: sympy.Expr, monomials: Sequence[sympy.Expr], g: Gram, strict: bool) -> bool:
    """True if ``(monomials, g)`` shows ``q ≥ 0`` (``q > 0`` when ``strict``) for every real value of its unknowns."""
    symbols = sorted(q.free_symbols, key=lambda s: s.name)
    if not symbols or any(not isinstance(s, sympy.Symbol) or s.is_extended_real is not True for s in symbols):
        return False  # rule G4
    if len(monomials) != len(g) or any(not m.free_symbols <= set(symbols) for m in monomials):
        return False
    found = pivots(g)
    if found is None:
        return False  # rule G2
    if strict and (any(p == 0 for p in found) or sympy.Integer(1) not in monomials):
        return False  # rule G3
    try:
        target = sympy.Poly(q, *symbols, domain=sympy.QQ)
        basis = [sympy.Poly(m, *symbols, domain=sympy.QQ) for m in monomials]
    except (BasePolynomialError, TypeError, ValueError):
        return False
    total = sympy.Poly(0, *symbols, domain=sympy.QQ)
    for i, mi in enumerate(basis):
        for j, mj in enumerate(basis):
            if g[i][j] != 0:
                c = g[i][j]
                total += mi * mj * sympy.Rational(int(c.p), int(c.q))
    return bool((target - total).is_zero)  # rule G1


__all__ = ["Gram", "certifies", "pivots"]
