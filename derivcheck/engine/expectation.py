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

A density symmetric about c (:data:`CENTRES`) pairs t with 2c − t: where
``g(t) + g(2c − t)`` is a constant k (an identity of rational functions once
each exp(t) is a positive unknown) and g is bounded on the whole line (the
kernel's rule Q1, so that E g(X) exists), E g(X) = k/2 without an integral:
E[sigmoid(X)] = 1/2 for a centred Normal.

If an integral cannot be found, the result keeps an unevaluated ``Integral``:
at concrete parameters the kernel encloses it by certified quadrature
(kernel/tails.py), so a false claim is refuted and a true one ends undecided
rather than wrong. An expectation that does not exist (E[1/X] for a density
positive at 0: kernel rule E1) is a :class:`NoExpectation`, and a relation
with it as a side is false.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import sympy

from derivcheck.distributions import T, Distribution
from derivcheck.engine.integrals import definite_integral
from derivcheck.engine.rewritings import exp_to_rational
from derivcheck.kernel import balls, tails
from derivcheck.kernel.ballrules import Ball, Unknown
from derivcheck.kernel.primitives import branching_atoms
from derivcheck.kernel.tails import NoExpectation


def expectation(x: sympy.Expr, random: Mapping[sympy.Symbol, Distribution]) -> sympy.Expr:
    """E[x] for independent random symbols distributed as ``random`` says."""
    present = [s for s in x.free_symbols if s in random]
    if not present:
        return x
    # The same expectation recurs across the cases of a claim (each size and
    # each choice of distribution builds its where-bindings again).
    key = (x, tuple(sorted(((s, random[s]) for s in present), key=lambda p: p[0].name)))
    cached = _MEMO.get(key)
    if cached is not None:
        return cached
    if _absent(x, present, random):
        # Before linearity: terms that have no expectation each may sum to one that has.
        result: sympy.Expr = NoExpectation(sympy.oo, -sympy.oo)
        _MEMO[key] = result
        return result
    total = sympy.Integer(0)
    for term in sympy.Add.make_args(sympy.expand(x)):
        total += _term(term, random)
    result = _tidy(total)
    if len(_MEMO) < 20_000:
        _MEMO[key] = result
    return result


_MEMO: dict[tuple[sympy.Expr, tuple[tuple[sympy.Symbol, Distribution], ...]], sympy.Expr] = {}


def _absent(x: sympy.Expr, present: list[sympy.Symbol], random: Mapping[sympy.Symbol, Distribution]) -> bool:
    """Whether E[x] certainly does not exist (kernel rule E1), for x in one continuous random symbol."""
    if len(present) != 1 or random[present[0]].discrete:
        return False
    s, dist = present[0], random[present[0]]
    t = sympy.Dummy("t", real=True)
    g = x.xreplace({s: t})
    return any(tails.absent_expectation(g, t, piece.pdf.subs(T, t), piece.lo, piece.hi) for piece in dist.pieces)


def _no_closed_form(integrand: sympy.Expr, t: sympy.Symbol, lo: sympy.Expr, hi: sympy.Expr) -> bool:
    """An integrand over an infinite range that SymPy's integrate would search for long, in vain.

    A denominator in t that is not a polynomial in t (the logistic function,
    1/(1 + exp(-t)), against a density) sends ``integrate`` into its Meijer-G
    search for tens of seconds, and it finds no closed form. The integral is
    left unevaluated; at concrete parameters the kernel encloses it by
    certified quadrature (kernel/tails.py), which refutes what is false, and
    what is true stays undecided, as it would have after the search.
    """
    if not (lo.is_infinite or hi.is_infinite):
        return False
    for factor in sympy.Mul.make_args(integrand):
        if isinstance(factor, sympy.Pow) and factor.exp.is_negative and t in factor.base.free_symbols:
            if factor.base.as_poly(t) is None:
                return True
    return False


def variance(x: sympy.Expr, random: Mapping[sympy.Symbol, Distribution]) -> sympy.Expr:
    """Var[x] = E[x²] − E[x]²."""
    mean = expectation(x, random)
    return _tidy(expectation(x**2, random) - mean**2)


def covariance(x: sympy.Expr, y: sympy.Expr, random: Mapping[sympy.Symbol, Distribution]) -> sympy.Expr:
    """Cov[x, y] = E[xy] − E[x]E[y]."""
    return _tidy(expectation(x * y, random) - expectation(x, random) * expectation(y, random))


def _tidy(e: sympy.Expr) -> sympy.Expr:
    # No simplify here: it cost more than the expectations themselves, and
    # the proof ladder normalises whatever it compares.
    return e


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


def _single(g: sympy.Expr, s: sympy.Symbol, dist: Distribution, depth: int = 0) -> sympy.Expr:
    """E over ``s`` alone; where the answer depends on the sign of another
    unknown inside a piecewise atom (H(w·a) over w depends on the sign of a),
    split that unknown into positive, negative and zero (a sound case analysis)."""
    value = _integrate_against(g, s, dist)
    if not value.has(sympy.Integral) or depth >= 2:
        return value
    for p in _sign_parameters(g, s):
        u = sympy.Dummy(p.name, positive=True)
        branches = []
        if p.is_positive is not False:
            branches.append((_single(g.xreplace({p: u}), s, dist, depth + 1).xreplace({u: p}), p > 0))
        if p.is_negative is not False:
            branches.append((_single(g.xreplace({p: -u}), s, dist, depth + 1).xreplace({u: -p}), p < 0))
        if p.is_zero is not False:
            branches.append((_single(g.xreplace({p: 0}), s, dist, depth + 1), sympy.true))
        if any(b.has(sympy.Integral) for b, _ in branches):
            continue
        last, _ = branches[-1]
        return sympy.Piecewise(*branches[:-1], (last, True))
    return value


def _sign_parameters(g: sympy.Expr, s: sympy.Symbol) -> list[sympy.Symbol]:
    found: set[sympy.Symbol] = set()
    for atom in g.atoms(*branching_atoms()):
        if s in atom.free_symbols:
            found |= {p for p in atom.free_symbols - {s} if p.is_extended_real and not (p.is_positive or p.is_negative or p.is_zero)}
    return sorted(found, key=lambda p: p.name)


def _normal_polynomial(g: sympy.Expr, s: sympy.Symbol, mu: sympy.Expr, sigma: sympy.Expr) -> sympy.Expr | None:
    """E[g(X)] for X ~ Normal(mu, sigma) and g a polynomial in X, from the moments.

    E[(X - mu)^k] is 0 for odd k and sigma^k (k-1)!! for even k; with
    Max(0, X)^k and H(X) for mu = 0, the half-line moments
    E[X^k; X > 0] = sigma^k 2^(k/2 - 1) Γ((k+1)/2)/√π. Exact, and much faster
    than integrating the density.
    """
    z = sympy.Dummy("z", real=True)
    h = g.xreplace({s: z + mu})
    half = False
    if mu == 0 and h.has(sympy.Max, sympy.Heaviside):
        # Only Max(0, z) and H(z): on z > 0 they are z and 1, on z < 0 the
        # integrand vanishes (z = 0 has probability 0).
        h = h.replace(lambda e: isinstance(e, sympy.Max) and set(e.args) == {0, z}, lambda e: z)
        h = h.replace(lambda e: isinstance(e, sympy.Heaviside) and e.args[0] == z, lambda e: sympy.Integer(1))
        half = True
    if h.has(*branching_atoms(), sympy.DiracDelta):
        return None
    try:
        poly = sympy.Poly(h, z)
    except sympy.PolynomialError:
        return None
    if poly.degree() > 40 or any(z in c.free_symbols for c in poly.coeffs()):
        return None
    total = sympy.Integer(0)
    for (k,), c in poly.terms():
        if half:
            total += c * sigma**k * 2 ** sympy.Rational(k - 2, 2) * sympy.gamma(sympy.Rational(k + 1, 2)) / sympy.sqrt(sympy.pi)
        elif k % 2 == 0:
            total += c * sigma**k * sympy.factorial2(k - 1)
    return total


_STANDINS: dict[frozenset[tuple[str, bool | None]], sympy.Dummy] = {}


def _standin(s: sympy.Symbol) -> sympy.Dummy:
    """One symbol per set of assumptions, to stand for any random symbol in a cache key."""
    key = frozenset(s.assumptions0.items())
    if key not in _STANDINS:
        _STANDINS[key] = sympy.Dummy("X", **s.assumptions0)
    return _STANDINS[key]


def _integrate_against(g: sympy.Expr, s: sympy.Symbol, dist: Distribution) -> sympy.Expr:
    # The result no longer involves s, so E[w1**2] and E[w2**2] (iid) are one
    # entry: the key has s replaced by a stand-in with the same assumptions.
    key = (g.xreplace({s: _standin(s)}), dist)
    if key in _CACHE:
        return _CACHE[key]
    if dist.discrete:
        value = sympy.Add(*[p * g.subs(s, v) for v, p in dist.atoms])
    elif dist.name == "Normal" and (moment := _normal_polynomial(g, s, *dist.params)) is not None:
        value = moment
    elif (half := _symmetric_half(g, s, dist)) is not None:
        value = half
    else:
        t = sympy.Dummy("t", real=True)
        value = sympy.Integer(0)
        for piece in dist.pieces:
            integrand = g.subs(s, t) * piece.pdf.subs(T, t)
            if _no_closed_form(integrand, t, piece.lo, piece.hi):
                value += sympy.Integral(integrand, (t, piece.lo, piece.hi))
            else:
                value += definite_integral(integrand, t, piece.lo, piece.hi)
    _CACHE[key] = value
    return value


#: The centre of each distribution whose density is symmetric about it, from its parameters.
CENTRES: dict[str, Callable[[tuple[sympy.Expr, ...]], sympy.Expr]] = {
    "Normal": lambda p: p[0],
    "Laplace": lambda p: p[0],
    "Uniform": lambda p: (p[0] + p[1]) / 2,
}


def _symmetric_half(g: sympy.Expr, s: sympy.Symbol, dist: Distribution) -> sympy.Expr | None:
    """E g(X) = k/2 for a density symmetric about c and g(t) + g(2c - t) = k, g bounded; else None."""
    centre = CENTRES.get(dist.name)
    if centre is None or dist.discrete:
        return None
    t = sympy.Dummy("t", real=True)
    pair = sympy.cancel(exp_to_rational(g.subs(s, t) + g.subs(s, 2 * centre(dist.params) - t)))
    if not pair.free_symbols <= g.free_symbols - {s}:
        return None
    bounds = tails.line_range(g.subs(s, t), t, _enclose)
    if bounds is None or bounds[0] is None or bounds[1] is None:
        return None
    return pair / 2


def _enclose(e: sympy.Expr) -> Ball:
    """A ball of a constant, for rule Q1; a parameter (no ball) is no range, as a pole is."""
    try:
        return balls.enclose(e, 64)
    except Unknown:
        raise ValueError("no ball") from None
