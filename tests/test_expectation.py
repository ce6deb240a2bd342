"""Expectations: every fast path agrees with plain integration against the density."""

from __future__ import annotations

import pytest
import sympy

from derivcheck.distributions import DISTRIBUTIONS, T
from derivcheck.engine.expectation import expectation, variance
from derivcheck.engine.integrals import definite_integral

s = sympy.Symbol("s", positive=True)
mu = sympy.Symbol("mu", real=True)
a = sympy.Symbol("a", real=True)
b = sympy.Symbol("b", real=True)
H = sympy.Heaviside

FUNCTIONS = [
    a, a**2, a**3, a**4, (a + 1) ** 3, sympy.Max(0, a), sympy.Max(0, a) ** 2,
    H(a, sympy.S.Half), a * sympy.Max(0, a) ** 3, a**2 * H(a, sympy.S.Half), 7 + 0 * a,
]  # fmt: skip


def _by_integration(g: sympy.Expr, dist: object) -> sympy.Expr:
    total = sympy.Integer(0)
    for piece in dist.pieces:  # type: ignore[attr-defined]
        total += definite_integral(g.subs(a, T) * piece.pdf, T, piece.lo, piece.hi)
    return total


@pytest.mark.parametrize("mean", [sympy.Integer(0), mu], ids=["zero-mean", "mean-mu"])
@pytest.mark.parametrize("g", FUNCTIONS, ids=[sympy.sstr(g) for g in FUNCTIONS])
def test_normal_moments_agree_with_integration(g: sympy.Expr, mean: sympy.Expr) -> None:
    dist = DISTRIBUTIONS["Normal"].build(mean, s)
    fast = expectation(g, {a: dist})
    assert sympy.simplify(fast - _by_integration(g, dist)) == 0


@pytest.mark.parametrize("name", ["Uniform", "Laplace"])
def test_the_relu_second_moment_is_half_the_variance(name: str) -> None:
    dist = DISTRIBUTIONS[name].build(-s, s) if name == "Uniform" else DISTRIBUTIONS[name].build(sympy.Integer(0), s)
    lhs = expectation(sympy.Max(0, a) ** 2, {a: dist})
    assert sympy.simplify(lhs - variance(a, {a: dist}) / 2) == 0


def test_independent_symbols_factorise() -> None:
    normal = DISTRIBUTIONS["Normal"].build(mu, s)
    expo = DISTRIBUTIONS["Exponential"].build(sympy.Integer(2))
    assert sympy.simplify(expectation(a * b, {a: normal, b: expo}) - mu / 2) == 0


def test_a_piecewise_function_of_two_symbols_splits_on_a_sign() -> None:
    normal = DISTRIBUTIONS["Normal"].build(sympy.Integer(0), sympy.Integer(1))
    assert sympy.simplify(expectation(H(a * b, sympy.S.Half), {a: normal, b: normal}) - sympy.S.Half) == 0


def test_bernoulli_is_a_sum_over_its_atoms() -> None:
    p = sympy.Symbol("p", positive=True)
    dist = DISTRIBUTIONS["Bernoulli"].build(p)
    assert sympy.expand(variance(a, {a: dist}) - p * (1 - p)) == 0


LAPLACE_AND_FRIENDS = [
    ("Laplace", (sympy.Integer(0), s)), ("Laplace", (mu, s)), ("Exponential", (s,)), ("Uniform", (-s, s)),
]  # fmt: skip


@pytest.mark.parametrize(("name", "params"), LAPLACE_AND_FRIENDS, ids=[f"{n}{p}" for n, p in LAPLACE_AND_FRIENDS])
@pytest.mark.parametrize("g", FUNCTIONS[:5] + [FUNCTIONS[5], FUNCTIONS[6]], ids=[sympy.sstr(g) for g in FUNCTIONS[:7]])
def test_closed_form_integrals_agree_with_sympy(name: str, params: tuple[sympy.Expr, ...], g: sympy.Expr) -> None:
    from derivcheck.engine.integrals import poly_exp_integral

    dist = DISTRIBUTIONS[name].build(*params)
    fast = expectation(g, {a: dist})
    slow = sympy.Integer(0)
    for piece in dist.pieces:
        integrand = (g.subs(a, T) * piece.pdf).rewrite(sympy.Piecewise)
        slow += sympy.integrate(integrand, (T, piece.lo, piece.hi))
    assert sympy.simplify(fast - slow) == 0
    assert poly_exp_integral(T**2 * sympy.exp(-T), T, sympy.Integer(0), sympy.oo) == 2


@pytest.mark.parametrize("k", [0, 1, 2, 3, 4])
@pytest.mark.parametrize("bounds", [(-sympy.oo, sympy.oo), (mu, sympy.oo), (-sympy.oo, mu)], ids=["line", "right", "left"])
def test_gaussian_closed_forms_agree_with_sympy(k: int, bounds: tuple[sympy.Expr, sympy.Expr]) -> None:
    from derivcheck.engine.integrals import gaussian_integral

    f = (T + 1) ** k * sympy.exp(-((T - mu) ** 2) / (2 * s**2))
    fast = gaussian_integral(f, T, *bounds)
    assert fast is not None
    assert sympy.simplify(fast - sympy.integrate(f, (T, *bounds))) == 0
