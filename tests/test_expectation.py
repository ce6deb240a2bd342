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


# ------------------------------------------------ certified quadrature, and expectations that do not exist
import mpmath  # noqa: E402
from flint import arb, ctx  # noqa: E402

from derivcheck import api  # noqa: E402
from derivcheck.checking import check_claim  # noqa: E402
from derivcheck.kernel import balls, tails  # noqa: E402
from derivcheck.loader import load_text  # noqa: E402
from derivcheck.model import ClaimResult, Verdict  # noqa: E402


def _check(claim: str, symbols: str, random: str, expect: str = "holds") -> ClaimResult:
    body = (
        f"claims:\n  - id: e\n    title: t\n    symbols: {symbols}\n    random: {random}\n"
        f"    claim: {claim}\n    expect: {expect}\n"
    )
    loaded = load_text(body, "e.yaml")
    assert not loaded.failures, loaded.failures
    return check_claim(loaded.claims[0], timeout=60)


def _probit_sides(m: mpmath.mpf, sd: mpmath.mpf) -> tuple[mpmath.mpf, mpmath.mpf]:
    """E σ(X), X ~ Normal(m, sd), by mpmath's quadrature (apart from the engine), and the probit formula."""
    with mpmath.workdps(30):
        density = lambda x: mpmath.npdf(x, m, sd)  # noqa: E731
        lhs = mpmath.quad(lambda x: density(x) / (1 + mpmath.exp(-x)), [-mpmath.inf, m - 10 * sd, m, m + 10 * sd, mpmath.inf])
        rhs = 1 / (1 + mpmath.exp(-m / mpmath.sqrt(1 + mpmath.pi * sd**2 / 8)))
    return lhs, rhs


def test_the_probit_approximation_is_refuted_by_certified_quadrature() -> None:
    result = _check("E(sigmoid(X)) == sigmoid(mu/sqrt(1 + pi*s**2/8))", "{mu: real, s: positive}", '{X: "Normal(mu, s)"}', "refuted")
    assert result.verdict is Verdict.REFUTED, result.detail
    assert result.witness == {"mu": "1", "s": "1"}
    lhs, rhs = _probit_sides(mpmath.mpf(1), mpmath.mpf(1))
    with mpmath.workdps(30):
        # the two sides differ in the third decimal: far beyond any quadrature error
        assert abs(lhs - rhs) > mpmath.mpf("1e-3")
        assert abs(mpmath.mpf(result.lhs_value) - lhs) < mpmath.mpf("1e-20")
        assert abs(mpmath.mpf(result.rhs_value) - rhs) < mpmath.mpf("1e-20")


def test_an_expectation_that_does_not_exist_makes_the_relation_false() -> None:
    # E|1/X| = ∞ on both sides of 0 with opposite signs (the density is positive at 0): no value
    result = _check("E(1/X) == 0", "{}", '{X: "Normal(0, 1)"}', "refuted")
    assert result.verdict is Verdict.REFUTED, result.detail
    assert "the expectation does not exist" in result.detail


def test_the_true_twin_is_proved() -> None:
    result = _check("E(X) == mu", "{mu: real, s: positive}", '{X: "Normal(mu, s)"}')
    assert result.verdict is Verdict.PROVED, result.detail


def test_a_parametric_density_positive_at_the_pole_has_no_expectation() -> None:
    mu_, s_ = sympy.Symbol("mu", real=True), sympy.Symbol("s", positive=True)
    value = expectation(1 / a + a, {a: DISTRIBUTIONS["Normal"].build(mu_, s_)})
    assert isinstance(value, tails.NoExpectation)


def test_terms_without_an_expectation_may_sum_to_one_that_has() -> None:
    t = sympy.Symbol("t", real=True)
    pdf = sympy.exp(-(t**2) / 2) / sympy.sqrt(2 * sympy.pi)
    # 1/t and 1/(t(1 + t²)) have none; their difference t/(1 + t²) is bounded, its expectation exists
    assert tails.absent_expectation(1 / t, t, pdf, -sympy.oo, sympy.oo)
    assert not tails.absent_expectation(1 / t - 1 / (t * (1 + t**2)), t, pdf, -sympy.oo, sympy.oo)
    # an even pole (1/t²) is +∞, a value: not "does not exist"
    assert not tails.absent_expectation(1 / t**2, t, pdf, -sympy.oo, sympy.oo)
    # (sign(t) + 1/2)/t is +∞ on both sides of 0 (3/(2t) and -1/(2t)): E = +∞ exists; a jump is no continuity
    assert not tails.absent_expectation((sympy.sign(t) + sympy.S.Half) / t, t, pdf, -sympy.oo, sympy.oo)
    # (H(t) + 1)/t has none (2/t and 1/t), but the rule needs continuity at the pole and does not claim it
    assert not tails.absent_expectation((sympy.Heaviside(t, sympy.S.Half) + 1) / t, t, pdf, -sympy.oo, sympy.oo)
    # a pole outside the support: none of the rule's business
    assert not tails.absent_expectation(1 / (t + 1), t, sympy.exp(-t), sympy.Integer(0), sympy.oo)


def _enclose(e: sympy.Expr, prec: int = 80) -> arb:
    v = balls.enclose(e, prec)
    assert isinstance(v, arb)
    return v


def test_the_gaussian_tail_rule_encloses_known_integrals() -> None:
    t = sympy.Symbol("t", real=True)
    # ∫ exp(-t²) = √π; ∫ cos(t) exp(-t²/2) = √(2π) e^{-1/2} (a Fourier transform)
    for body, exact in (
        (sympy.exp(-(t**2)), sympy.sqrt(sympy.pi)),
        (sympy.cos(t) * sympy.exp(-(t**2) / 2), sympy.sqrt(2 * sympy.pi) * sympy.exp(-sympy.S.Half)),
    ):
        v = _enclose(sympy.Integral(body, (t, -sympy.oo, sympy.oo)))
        with mpmath.workdps(30):
            truth = mpmath.mpf(str(sympy.N(exact, 40)))
        assert v.rad() < 1e-15 and abs(float(v.mid()) - float(truth)) < 1e-15
        assert v.contains(_enclose(exact, 200))


def test_the_exponential_tail_rule_encloses_a_half_line() -> None:
    t = sympy.Symbol("t", real=True)
    # ∫_0^∞ sin(t) e^{-t} dt = 1/2 (a Laplace transform)
    v = _enclose(sympy.Integral(sympy.sin(t) * sympy.exp(-t), (t, 0, sympy.oo)))
    assert v.contains(arb(1) / 2) and v.rad() < 1e-15


def test_an_unbounded_factor_gets_no_enclosure() -> None:
    t = sympy.Symbol("t", real=True)
    assert tails.line_range(t / (1 + sympy.exp(-t)), t, _enclose) is None
    lo, hi = tails.line_range(1 / (1 + sympy.exp(-t)), t, _enclose) or (None, None)
    assert lo is not None and hi is not None and lo >= 0 and hi <= 1
    with pytest.raises(balls.Unknown):
        balls.enclose(sympy.Integral(t * sympy.exp(-(t**2)) / (1 + sympy.exp(-t)), (t, -sympy.oo, sympy.oo)), 80)
    assert ctx.prec == 53


def test_line_ranges_contain_every_value() -> None:
    t = sympy.Symbol("t", real=True)
    cases = [  # (g, whether it is bounded below)
        (sympy.sqrt(2) / (1 + sympy.exp(-t)), True),
        (sympy.Max(sympy.sin(t), sympy.tanh(t) / 3) - sympy.Abs(sympy.cos(2 * t)), True),
        (-sympy.sqrt(3) * sympy.exp(-t) / (2 + sympy.erf(t)), False),  # -∞ as t → -∞
        (sympy.atan(t) * sympy.Heaviside(t, sympy.S.Half) - sympy.sign(t - 1), True),
    ]
    for g, below in cases:
        found = tails.line_range(g, t, _enclose)
        f = sympy.lambdify(t, g, "mpmath")
        assert found is not None and found[1] is not None and (found[0] is not None) == below, g
        lo = float(found[0].lower().mid()) if found[0] is not None else -mpmath.inf
        hi = float(found[1].upper().mid())
        with mpmath.workdps(30):
            for k in range(-400, 401):
                x = mpmath.mpf(k) / 20
                v = f(x)
                assert lo - 1e-12 <= v <= hi + 1e-12, (g, x, v, lo, hi)


def test_a_relation_of_random_symbols_is_proved_only_when_both_sides_are_one_expression() -> None:
    # relu(X) is Max(0, X) at every outcome, so the two random variables are the same: surely true.
    same = _check("relu(X) == Max(0, X)", "{s: positive}", '{X: "Normal(0, s)"}')
    assert same.verdict is Verdict.PROVED, same.detail
    # The backward step of a ReLU layer: (J_relu(a)ᵀ d)_i = H(a_i) d_i at every outcome.
    chain = api.check(
        "g[i] == H(a[i])*d[i]",
        symbols={"a": "vector[2]", "d": "vector[2]", "i": "range(1, 2)", "s": "positive"},
        random={"a": "Normal(0, s)", "d": "Uniform(-s, s)"},
        where={"g": "jacobian(relu(a), a).T*d"},
    )
    assert chain.verdict is Verdict.PROVED, chain.detail
    # (X + 1)² = X² + 2X + 1 holds at every outcome, but the sides are not one expression;
    # X <= 2 is false with positive probability, X == X + 1 at every outcome. Outside E(...)
    # nothing is tested at a point: none of them is proved, none refuted.
    for claim in ("(X + 1)**2 == X**2 + 2*X + 1", "X <= 2", "X == X + 1"):
        left = _check(claim, "{s: positive}", '{X: "Normal(0, s)"}')
        assert left.verdict is Verdict.UNDECIDED, (claim, left.detail)
