"""Expectations and variances of expressions in independent random symbols.

``sympy.stats`` is slow on products of several variables and returns
malformed or unevaluated integrals for piecewise functions of a Laplace
variable, so expectations are computed here from first principles:

1. linearity: the expression is expanded into terms;
2. independence (the contract makes distinct random symbols independent): in a
   term, the factors are grouped by the random symbols they involve, and the
   expectation of a product of independent groups is the product of their
   expectations;
3. a group in one random symbol is integrated against its density piece by
   piece (or summed over its atoms); a group in several symbols is
   integrated one symbol at a time (Fubini).

If an integral cannot be found, the result keeps an unevaluated ``Integral``
and the claim ends undecided rather than wrong.
"""

from __future__ import annotations

from typing import Mapping

import sympy

from derivcheck.distributions import T, Distribution
from derivcheck.engine.integrals import definite_integral


def expectation(x: sympy.Expr, random: Mapping[sympy.Symbol, Distribution]) -> sympy.Expr:
    """E[x] for independent random symbols distributed as ``random`` says."""
    present = [s for s in x.free_symbols if s in random]
    if not present:
        return x
    total = sympy.Integer(0)
    for term in sympy.Add.make_args(sympy.expand(x)):
        total += _term(term, random)
    return _tidy(total)


def variance(x: sympy.Expr, random: Mapping[sympy.Symbol, Distribution]) -> sympy.Expr:
    """Var[x] = E[x²] − E[x]²."""
    mean = expectation(x, random)
    return _tidy(expectation(x**2, random) - mean**2)


def covariance(x: sympy.Expr, y: sympy.Expr, random: Mapping[sympy.Symbol, Distribution]) -> sympy.Expr:
    """Cov[x, y] = E[xy] − E[x]E[y]."""
    return _tidy(expectation(x * y, random) - expectation(x, random) * expectation(y, random))


def _tidy(e: sympy.Expr) -> sympy.Expr:
    if e.has(sympy.Integral):
        return e
    return sympy.simplify(e) if sympy.count_ops(e) < 200 else e


def _term(term: sympy.Expr, random: Mapping[sympy.Symbol, Distribution]) -> sympy.Expr:
    constant = sympy.Integer(1)
    groups: list[tuple[set[sympy.Symbol], sympy.Expr]] = []
    for factor in sympy.Mul.make_args(term):
        syms = {s for s in factor.free_symbols if s in random}
        if not syms:
            constant *= factor
            continue
        merged_syms, merged = set(syms), factor
        rest = []
        for gsyms, gexpr in groups:
            if gsyms & merged_syms:
                merged_syms |= gsyms
                merged *= gexpr
            else:
                rest.append((gsyms, gexpr))
        groups = [*rest, (merged_syms, merged)]
    value = constant
    for gsyms, gexpr in groups:
        value *= _joint(gexpr, sorted(gsyms, key=lambda s: s.name), random)
    return value


_CACHE: dict[tuple[sympy.Expr, Distribution], sympy.Expr] = {}


def _joint(g: sympy.Expr, syms: list[sympy.Symbol], random: Mapping[sympy.Symbol, Distribution]) -> sympy.Expr:
    # Fubini: integrate out one symbol at a time; each inner result is a
    # function of the remaining symbols only.
    for s in syms:
        g = _single(g, s, random[s])
        if g.has(sympy.Integral):
            return g
    return g


def _single(g: sympy.Expr, s: sympy.Symbol, dist: Distribution) -> sympy.Expr:
    # The key names the symbol through g: a different symbol with the same
    # distribution gives a different key.
    key = (g, dist)
    if key in _CACHE:
        return _CACHE[key]
    if dist.discrete:
        value = sympy.Add(*[p * g.subs(s, v) for v, p in dist.atoms])
    else:
        t = sympy.Dummy("t", real=True)
        value = sympy.Integer(0)
        for piece in dist.pieces:
            integrand = g.subs(s, t) * piece.pdf.subs(T, t)
            value += definite_integral(integrand, t, piece.lo, piece.hi)
    _CACHE[key] = value
    return value
