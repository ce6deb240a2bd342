"""Quadratic forms with non-numeric coefficients shown ≥ 0 as weighted sums of squares.

``vᵀ·H·v ≥ 0`` for the Hessian of a logistic loss, or of log-sum-exp, is a
quadratic form whose coefficients hold sigmoids or softmax weights. The
kernel (:mod:`derivcheck.kernel.weighted`) reads every ``exp(a)`` as a
positive unknown, which makes the claim a rational function ``N/D`` of real
unknowns (``X``, ``v``) and positive ones (the atoms). This module proposes the
certificate, the kernel checks it:

1. ``N`` is read as a polynomial in the real unknowns whose coefficients are
   polynomials in the positive ones, and a vector ``m`` of monomials in the
   real unknowns is chosen from its Newton polytope (the same pruned box as
   :mod:`derivcheck.engine.quadratic`): for ``vᵀXᵀ·W·X·v`` it is the ``Xᵢⱼ·vⱼ``.
2. A Gram matrix ``G`` with ``N = mᵀ·G·m`` is built over the field of
   rational functions of the atoms, each term's coefficient spread over the
   entries that produce it.
3. ``G`` is eliminated symbolically, ``G = Σₖ pₖ·lₖ·lₖᵀ``: each pivot ``pₖ``
   must be ≥ 0 by the kernel's sign rule (σ(1 − σ) = E/(1 + E)², or
   (σ − 1/2)² = (E − 1)²/(4(1 + E)²)), and the column it eliminates divided
   by it must have denominators > 0, so that the step holds everywhere, even
   where the pivot is 0 (a pivot that is the zero function needs a zero column).

The terms ``(pₖ/D, lₖ·m)`` are the certificate. Nothing computed here is
trusted: a wrong proposal is only a proof the kernel refuses.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sympy
from flint.utils.flint_exceptions import DomainError
from sympy.polys.polyerrors import BasePolynomialError

from derivcheck.engine.quadratic import (
    SPREADS,
    Exponents,
    basis_of,
    producers_of,
    shared,
)
from derivcheck.kernel import weighted
from derivcheck.kernel.weighted import Fractions, Sign, Term
from derivcheck.settings import SETTINGS

#: What a proposal may raise on an expression it cannot read: no proposal.
_GIVE_UP = (BasePolynomialError, DomainError, TypeError, ValueError, ZeroDivisionError, RecursionError, NotImplementedError)

#: The counted effort: monomials of m (the elimination costs their cube in operations on rational
#: functions) and positive unknowns (the atoms) at most. A logistic Hessian with 3 samples and 2
#: features has 6 monomials and 3 atoms; log-sum-exp of 4 entries 4 and 4.
MOST_MONOMIALS = 16
MOST_ATOMS = 12


def prove_nonnegative(d: sympy.Expr, strict: bool) -> bool:
    """d ≥ 0 wherever it has a value, by a weighted sum of squares the kernel checks (never for ``strict``)."""
    if strict or not d.has(sympy.exp):
        return False
    return weighted.certifies(d, propose)


def propose(a: sympy.Expr, fractions: Fractions) -> list[Term] | None:
    """A certificate for a ≥ 0 (a rational function of real and positive unknowns); None if none is found."""
    try:
        return _propose(a, fractions)
    except _GIVE_UP:
        return None


def _propose(a: sympy.Expr, fractions: Fractions) -> list[Term] | None:
    num, den = fractions.read(a)
    if fractions.sign(den) is not Sign.POSITIVE:
        if fractions.sign(-den) is not Sign.POSITIVE:
            return None
        num, den = -num, -den
    symbols = fractions.symbols
    used = set().union(*[{i for i, k in enumerate(m) if k} for m in num.monoms()]) if not num.is_zero() else set()
    positive = [i for i in sorted(used) if symbols[i].is_positive is True]
    real = [i for i in sorted(used) if symbols[i].is_positive is not True]
    if not real or len(real) > SETTINGS.gram_max_unknowns or len(positive) > MOST_ATOMS:
        return None
    ring: Any = sympy.QQ[tuple(symbols[i] for i in positive)] if positive else sympy.QQ
    grouped: dict[Exponents, dict[Exponents, Any]] = {}
    for m, c in zip(num.monoms(), num.coeffs(), strict=True):
        key = tuple(m[i] for i in real)
        grouped.setdefault(key, {})[tuple(m[i] for i in positive)] = sympy.QQ(int(c.p), int(c.q))
    if max(sum(k) for k in grouped) > SETTINGS.gram_max_degree:
        return None
    terms: dict[Exponents, Any] = {k: ring.ring.from_dict(v) if positive else v[()] for k, v in grouped.items()}
    basis = basis_of(terms, len(real))
    if basis is None or len(basis) > MOST_MONOMIALS:
        return None
    field: Any = ring.get_field() if positive else sympy.QQ
    monomials = [sympy.Mul(*[symbols[i] ** k for i, k in zip(real, alpha, strict=True)]) for alpha in basis]
    den_expr = fractions.expr(den)
    for spread in SPREADS:
        g = _gram(terms, basis, spread, field)
        found = None if g is None else _eliminated(g, monomials, field, fractions)
        if found is not None:
            return [(p / den_expr, q) for p, q in found]
    return None


def _gram(terms: dict[Exponents, Any], basis: list[Exponents], spread: str, field: Any) -> list[list[Any]] | None:
    """mᵀ·G·m = the polynomial, each term's coefficient shared among the entries that produce it (``spread``)."""
    producers = producers_of(basis)
    if any(gamma not in producers for gamma in terms):
        return None
    zero = field.zero
    g = [[zero] * len(basis) for _ in basis]
    for gamma, pairs in producers.items():
        if gamma not in terms:
            continue
        c = field.convert(terms[gamma]) if field is not sympy.QQ else sympy.QQ.convert(terms[gamma])
        chosen, weight = shared(pairs, spread)
        for i, j in chosen:
            g[i][j] = g[j][i] = c / weight
    return g


def _as_expr(x: Any, field: Any) -> sympy.Expr:
    if field is sympy.QQ:
        return sympy.Rational(int(x.numerator), int(x.denominator))
    e: sympy.Expr = x.as_expr()
    return e


def _signed(e: sympy.Expr, fractions: Fractions, *, denominator_only: bool = False) -> bool:
    """The kernel's sign rule shows e ≥ 0 (only that its denominator keeps one sign, for ``denominator_only``)."""
    n, d = fractions.read(e)
    for sign in (1, -1):
        if fractions.sign(sign * d) is Sign.POSITIVE:
            return denominator_only or fractions.sign(sign * n) is not None
    return False


def _eliminated(
    g: list[list[Any]], monomials: Sequence[sympy.Expr], field: Any, fractions: Fractions
) -> list[tuple[sympy.Expr, sympy.Expr]] | None:
    """G = Σ pₖ·lₖ·lₖᵀ by symbolic elimination, as (pₖ, lₖ·m); None where a pivot's sign or a column's denominator is not shown."""
    n = len(g)
    a = [row[:] for row in g]
    out: list[tuple[sympy.Expr, sympy.Expr]] = []
    for k in range(n):
        p = a[k][k]
        column = [a[i][k] for i in range(k + 1, n)]
        if not p:
            if any(column):
                return None
            continue
        pivot = _as_expr(p, field)
        if not _signed(pivot, fractions):
            return None
        ratios = [x / p for x in column]
        q = monomials[k]
        for i, r in zip(range(k + 1, n), ratios, strict=True):
            if not r:
                continue
            ratio = _as_expr(r, field)
            if not _signed(ratio, fractions, denominator_only=True):
                return None
            q = q + ratio * monomials[i]
        out.append((pivot, q))
        for i in range(k + 1, n):
            if not a[i][k]:
                continue
            for j in range(k + 1, n):
                a[i][j] = a[i][j] - ratios[i - k - 1] * a[k][j]
    return out


__all__ = ["propose", "prove_nonnegative"]
