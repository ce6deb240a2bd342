"""Quadratic forms and even polynomials shown ≥ 0 by a Gram matrix: q = mᵀ·G·m with G ⪰ 0.

``vᵀAᵀAv ≥ 0`` and ``dot(A*v, A*v) ≥ 0`` are the same polynomial, quartic in
the entries of A and v, whichever way they are written; so is
``x² − 2xy + 2y² ≥ 0`` a quadratic one. Expanded, each is Σ q_γ x^γ, and
the engine looks for a symmetric rational G with q = mᵀ·G·m over a vector m of
monomials; :mod:`derivcheck.kernel.gram` checks the identity and G ⪰ 0 exactly.

The monomials are those α with 2α in the Newton polytope's bounding box
(each variable's exponent and the total degree between half the smallest and
half the largest in q), pruned repeatedly of every α whose square x^{2α} is
not a term of q and is not x^β·x^γ for two other kept monomials: G_αα would
be 0, so G ⪰ 0 forces its whole row to be 0. For vᵀAᵀAv this leaves the
four monomials a_ij·v_j, and G is the identity's only solution. Where the
coefficients leave a choice, each term's coefficient is spread evenly over
the entries of G that produce it (the least-norm solution).

A quadratic q whose Gram matrix is not ⪰ 0 is negative somewhere; the
elimination that fails names a direction, and :func:`negative_points` turns
it into exact points for the screen, which the kernel then judges like any
other (the refutation gate of :func:`derivcheck.engine.decide.certified`).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import sympy
from flint import fmpq
from sympy.polys.polyerrors import BasePolynomialError

from derivcheck.kernel import gram
from derivcheck.settings import SETTINGS

Exponents = tuple[int, ...]


def _polynomial(d: sympy.Expr) -> tuple[list[sympy.Symbol], dict[Exponents, fmpq]] | None:
    """d as {exponents: rational coefficient} in its real symbols; None if it is not such a polynomial."""
    symbols = sorted(d.free_symbols, key=lambda s: s.name)
    if not symbols or len(symbols) > SETTINGS.gram_max_unknowns:
        return None
    if any(not isinstance(s, sympy.Symbol) or s.is_extended_real is not True for s in symbols):
        return None
    try:
        bound = _degree_bound(d)
    except RecursionError:
        return None
    if bound is None or bound > SETTINGS.gram_max_degree:
        return None  # decided before expanding: (x - a)**6000 is not expanded to learn its degree
    try:
        poly = sympy.Poly(d, *symbols, domain=sympy.QQ)
    except (BasePolynomialError, TypeError, ValueError):
        return None
    if poly.total_degree() > SETTINGS.gram_max_degree:
        return None
    terms = {tuple(int(k) for k in e): fmpq(int(c.numerator), int(c.denominator)) for e, c in poly.terms()}
    return symbols, terms


def _degree_bound(e: sympy.Basic) -> int | None:
    """An upper bound on the total degree of a polynomial expression, from its tree; None if it is not one."""
    if e.is_number:
        return 0
    if isinstance(e, sympy.Symbol):
        return 1
    if isinstance(e, sympy.Add):
        parts = [_degree_bound(a) for a in e.args]
        return None if None in parts else max(p for p in parts if p is not None)
    if isinstance(e, sympy.Mul):
        total = 0
        for a in e.args:
            p = _degree_bound(a)
            if p is None:
                return None
            total += p
        return total
    if isinstance(e, sympy.Pow) and e.exp.is_Integer and e.exp >= 0:
        p = _degree_bound(e.base)
        return None if p is None else p * int(e.exp)
    return None


def _basis(terms: dict[Exponents, fmpq], k: int) -> list[Exponents] | None:
    """The candidate monomials (Newton polytope's box, halved, then pruned); None past the budget."""
    support = list(terms)
    degrees = [sum(e) for e in support]
    lo_deg, hi_deg = (min(degrees) + 1) // 2, max(degrees) // 2
    ranges = [range((min(e[i] for e in support) + 1) // 2, max(e[i] for e in support) // 2 + 1) for i in range(k)]
    size = 1
    for r in ranges:
        size *= len(r)
    if size > SETTINGS.gram_most_candidates:
        return None
    basis = [a for a in itertools.product(*ranges) if lo_deg <= sum(a) <= hi_deg]
    while True:
        kept = set(basis)
        pruned = [
            a for a in basis
            if tuple(2 * x for x in a) in terms
            or any(b != a and (c := tuple(2 * x - y for x, y in zip(a, b, strict=True))) != a and c in kept for b in basis)
        ]  # fmt: skip
        if len(pruned) == len(basis):
            break
        basis = pruned
    if not basis or len(basis) > SETTINGS.gram_max_monomials:
        return None
    return basis


#: The candidate monomials of a polynomial's Gram matrix, from its exponents (the weighted squares' too).
basis_of = _basis

#: How a term's coefficient is shared among the entries of G that produce it, tried in this order:
#: evenly over all; on the diagonal entry alone where there is one; on the off-diagonal ones.
SPREADS = ("even", "diagonal", "off-diagonal")


def producers_of(basis: list[Exponents]) -> dict[Exponents, list[tuple[int, int]]]:
    """For each exponent, the entries (i, j), i <= j, of a Gram matrix over ``basis`` that produce it."""
    producers: dict[Exponents, list[tuple[int, int]]] = {}
    for i, j in itertools.combinations_with_replacement(range(len(basis)), 2):
        gamma = tuple(x + y for x, y in zip(basis[i], basis[j], strict=True))
        producers.setdefault(gamma, []).append((i, j))
    return producers


def shared(pairs: list[tuple[int, int]], spread: str) -> tuple[list[tuple[int, int]], int]:
    """The entries a term's coefficient is shared among (``spread``), and the count it is divided by
    (an off-diagonal entry stands twice in mᵀ·G·m)."""
    diagonal = [(i, j) for i, j in pairs if i == j]
    if spread == "diagonal" and diagonal:
        pairs = diagonal
    elif spread == "off-diagonal" and len(diagonal) < len(pairs):
        pairs = [(i, j) for i, j in pairs if i != j]
    return pairs, sum(1 if i == j else 2 for i, j in pairs)


def _even_gram(terms: dict[Exponents, fmpq], basis: list[Exponents], spread: str = "even") -> list[list[fmpq]] | None:
    """Each term's coefficient shared among the entries of G that produce it (``spread``); None if a term has none."""
    producers = producers_of(basis)
    if any(gamma not in producers for gamma in terms):
        return None
    g = [[fmpq(0)] * len(basis) for _ in basis]
    for gamma, pairs in producers.items():
        c = terms.get(gamma, fmpq(0))
        chosen, weight = shared(pairs, spread)
        for i, j in chosen:
            g[i][j] = g[j][i] = c / weight
    return g


def _monomial(symbols: Sequence[sympy.Symbol], a: Exponents) -> sympy.Expr:
    return sympy.Mul(*[s**e for s, e in zip(symbols, a, strict=True)])


def certificate(d: sympy.Expr) -> tuple[list[sympy.Expr], list[list[fmpq]]] | None:
    """A proposed (monomials, Gram matrix ⪰ 0) for d ≥ 0, to be checked by the kernel; None if none is found."""
    read = _polynomial(d)
    if read is None:
        return None
    symbols, terms = read
    if any(sum(e) % 2 for e in terms) and max(sum(e) for e in terms) % 2:
        return None  # an odd leading degree: never bounded below
    basis = _basis(terms, len(symbols))
    if basis is None:
        return None
    for spread in SPREADS:
        g = _even_gram(terms, basis, spread)
        if g is not None and gram.pivots(g) is not None:
            return [_monomial(symbols, a) for a in basis], g
    return None


def prove_nonnegative(d: sympy.Expr, strict: bool) -> bool:
    """d ≥ 0 (d > 0 when ``strict``) for every real value of its unknowns, by a Gram certificate the kernel checks."""
    found = certificate(d)
    return found is not None and gram.certifies(d, found[0], found[1], strict)


def negative_points(d: sympy.Expr) -> list[dict[sympy.Symbol, sympy.Expr]]:
    """Exact points where a quadratic d is negative, from the elimination of its Gram matrix (empty if none found).

    Only proposals: the screen evaluates them and the kernel judges them.
    """
    try:
        return _negative_points(d)
    except (BasePolynomialError, TypeError, ValueError, ZeroDivisionError, RecursionError):
        return []


def _negative_points(d: sympy.Expr) -> list[dict[sympy.Symbol, sympy.Expr]]:
    read = _polynomial(d)
    if read is None:
        return []
    symbols, terms = read
    if max(sum(e) for e in terms) != 2:
        return []
    basis = [tuple(0 for _ in symbols)] + [tuple(int(i == k) for i in range(len(symbols))) for k in range(len(symbols))]
    g = _even_gram(terms, basis)
    z = None if g is None else _negative_direction(g)
    if z is None:
        return []
    value = [sympy.Rational(int(x.p), int(x.q)) for x in z]
    out = []
    if value[0] != 0:
        out.append({s: v / value[0] for s, v in zip(symbols, value[1:], strict=True)})
    for t in (1, 10, 1000):
        out.append({s: t * v for s, v in zip(symbols, value[1:], strict=True)})
    return [p for p in out if d.xreplace(p).is_negative]


def _negative_direction(g: list[list[fmpq]]) -> list[fmpq] | None:
    """A rational z with zᵀ·g·z < 0, from the LDLᵀ elimination where it fails; None if g ⪰ 0."""
    n = len(g)
    a = [row[:] for row in g]
    lower = [[fmpq(int(i == j)) for j in range(n)] for i in range(n)]
    for k in range(n):
        p = a[k][k]
        w: list[fmpq] | None = None
        if p < 0:
            w = [fmpq(int(i == k)) for i in range(n)]
        elif p == 0:
            bad = next((i for i in range(k + 1, n) if a[i][k] != 0), None)
            if bad is not None:
                # (t·e_k + e_bad)ᵀ S (t·e_k + e_bad) = S_bb + 2t·S_kb = −1 for this t.
                t = -(a[bad][bad] + 1) / (2 * a[bad][k])
                w = [t if i == k else fmpq(int(i == bad)) for i in range(n)]
        if w is not None:
            # g = L·diag(D, S)·Lᵀ: z = L⁻ᵀ·w has zᵀ·g·z = wᵀ·S·w < 0 (w is 0 before k).
            z = [fmpq(0)] * n
            for i in reversed(range(n)):
                z[i] = w[i] - sum((lower[j][i] * z[j] for j in range(i + 1, n)), fmpq(0))
            return z
        if p == 0:
            continue
        for i in range(k + 1, n):
            f = a[i][k] / p
            lower[i][k] = f
            for j in range(k, n):
                a[i][j] -= f * a[k][j]
    return None


__all__ = ["certificate", "negative_points", "prove_nonnegative"]
