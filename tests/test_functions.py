"""The functions of the language beyond the elementary ones: claims, and the kernel's balls.

For every function: a true identity proved, a false twin refuted with a
witness that is checked again here with mpmath at 50 digits (an evaluation
written apart from the engine), and the ball rule enclosing mpmath's value at
several points, SymPy's branch included (acosh below 1, Ci of a negative
number), while near a pole, a jump or a branch point it claims nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

import mpmath
import pytest
import sympy
from flint import acb, arb

from derivcheck.checking import check_claim
from derivcheck.kernel.ballrules import Unknown
from derivcheck.kernel.balls import enclose, enclose_over
from derivcheck.loader import load_text
from derivcheck.model import Verdict

mp = mpmath.mp


def _check(claim: str, symbols: dict[str, str]):  # type: ignore[no-untyped-def]
    syms = ", ".join(f'{k}: "{v}"' for k, v in symbols.items())
    body = f'claims:\n  - id: c\n    title: t\n    symbols: {{{syms}}}\n    claim: "{claim}"\n'
    loaded = load_text(body, "functions.yaml")
    assert not loaded.failures, loaded.failures
    return check_claim(loaded.claims[0])


R, P = {"x": "real"}, {"x": "positive"}
V = {"v": "vector[2]"}

#: (true claim, false twin, domain, |lhs - rhs| of the twin by mpmath at the witness).
CASES: list[tuple[str, str, dict[str, str], Callable[..., object]]] = [
    ("sec(x) == 1/cos(x)", "sec(x) == 1/sin(x)", R, lambda x: mp.sec(x) - 1 / mp.sin(x)),
    ("csc(x) == 1/sin(x)", "csc(x) == 1/cos(x)", R, lambda x: mp.csc(x) - 1 / mp.cos(x)),
    ("cot(x) == cos(x)/sin(x)", "cot(x) == sin(x)/cos(x)", R, lambda x: mp.cot(x) - mp.tan(x)),
    ("sech(x) == 1/cosh(x)", "sech(x) == cosh(x)", R, lambda x: mp.sech(x) - mp.cosh(x)),
    ("csch(x) == 1/sinh(x)", "csch(x) == sinh(x)", R, lambda x: mp.csch(x) - mp.sinh(x)),
    ("coth(x) == 1/tanh(x)", "coth(x) == tanh(x)", R, lambda x: mp.coth(x) - mp.tanh(x)),
    ("diff(asinh(x), x) == 1/sqrt(x**2 + 1)", "diff(asinh(x), x) == 1/(x**2 + 1)", R,
     lambda x: 1 / mp.sqrt(x**2 + 1) - 1 / (x**2 + 1)),
    # acosh(x) for x < 1 is complex: log(x + √(x² - 1)) is another branch there.
    ("cosh(acosh(x)) == x", "acosh(x) == log(x + sqrt(x**2 - 1))", R,
     lambda x: mp.acosh(x) - mp.log(x + mp.sqrt(x**2 - 1))),
    # SymPy's atanh(2) = atanh(1/2) - iπ/2, but log(-3)/2 = log(3)/2 + iπ/2.
    ("diff(atanh(x), x) == 1/(1 - x**2)", "atanh(x) == log((1 + x)/(1 - x))/2", R,
     lambda x: mp.atanh(x) - mp.log((1 + x) / (1 - x)) / 2),
    ("diff(acot(x), x) == -1/(1 + x**2)", "acot(x) == pi/2 - atan(x)", R, lambda x: mp.acot(x) - (mp.pi / 2 - mp.atan(x))),
    ("sec(asec(x)) == x", "asec(x) == asin(1/x)", R, lambda x: mp.asec(x) - mp.asin(1 / x)),
    ("csc(acsc(x)) == x", "acsc(x) == acos(1/x)", R, lambda x: mp.acsc(x) - mp.acos(1 / x)),
    ("log1p(x) == log(1 + x)", "log1p(x) == log(x)", P, lambda x: mp.log1p(x) - mp.log(x)),
    ("expm1(x) == exp(x) - 1", "expm1(x) == exp(x) + 1", R, lambda x: mp.expm1(x) - mp.exp(x) - 1),
    ("erfc(x) == 1 - erf(x)", "erfc(x) == 1 + erf(x)", R, lambda x: mp.erfc(x) - 1 - mp.erf(x)),
    ("erfi(x) == -erfi(-x)", "erfi(x) == erfi(-x)", R, lambda x: mp.erfi(x) - mp.erfi(-x)),
    ("gamma(x + 1) == x*gamma(x)", "gamma(x + 1) == gamma(x)", P, lambda x: mp.gamma(x + 1) - mp.gamma(x)),
    ("diff(lgamma(x), x) == digamma(x)", "lgamma(x + 1) == lgamma(x) - log(x)", P,
     lambda x: mp.loggamma(x + 1) - mp.loggamma(x) + mp.log(x)),
    ("uppergamma(1, x) == exp(-x)", "uppergamma(1, x) == exp(x)", P, lambda x: mp.gammainc(1, x) - mp.exp(x)),
    ("lowergamma(1, x) == 1 - exp(-x)", "lowergamma(1, x) == 1 + exp(-x)", P,
     lambda x: mp.gammainc(1, 0, x) - 1 - mp.exp(-x)),
    ("factorial(x) == gamma(x + 1)", "factorial(x) == gamma(x)", P, lambda x: mp.factorial(x) - mp.gamma(x)),
    ("binomial(x, 2) == x*(x - 1)/2", "binomial(x, 2) == x*(x + 1)/2", R, lambda x: mp.binomial(x, 2) - x * (x + 1) / 2),
    ("diff(Ei(x), x) == exp(x)/x", "diff(Ei(x), x) == exp(x)", P, lambda x: mp.exp(x) / x - mp.exp(x)),
    ("diff(li(x), x) == 1/log(x)", "diff(li(x), x) == log(x)", P, lambda x: 1 / mp.log(x) - mp.log(x)),
    ("Si(x) == -Si(-x)", "Si(x) == Si(-x)", R, lambda x: mp.si(x) - mp.si(-x)),
    ("diff(Ci(x), x) == cos(x)/x", "diff(Ci(x), x) == sin(x)/x", P, lambda x: (mp.cos(x) - mp.sin(x)) / x),
    ("Shi(x) == -Shi(-x)", "Shi(x) == Shi(-x)", R, lambda x: mp.shi(x) - mp.shi(-x)),
    ("diff(Chi(x), x) == cosh(x)/x", "diff(Chi(x), x) == sinh(x)/x", P, lambda x: (mp.cosh(x) - mp.sinh(x)) / x),
    ("fresnels(x) == -fresnels(-x)", "fresnels(x) == fresnels(-x)", R, lambda x: mp.fresnels(x) - mp.fresnels(-x)),
    ("fresnelc(x) == -fresnelc(-x)", "fresnelc(x) == fresnelc(-x)", R, lambda x: mp.fresnelc(x) - mp.fresnelc(-x)),
    ("diff(polylog(3, x), x) == polylog(2, x)/x", "polylog(2, x) == -log(1 - x)", {"x": "(0, 1)"},
     lambda x: mp.polylog(2, x) + mp.log(1 - x)),
    ("digamma(x + 1) == digamma(x) + 1/x", "digamma(x + 1) == digamma(x) - 1/x", P,
     lambda x: mp.digamma(x + 1) - mp.digamma(x) + 1 / x),
    ("beta(x, 2) == 1/(x*(x + 1))", "beta(x, 2) == 1/(x*(x + 2))", P, lambda x: mp.beta(x, 2) - 1 / (x * (x + 2))),
    ("floor(x + 1) == floor(x) + 1", "floor(x) >= x", R, lambda x: mp.floor(x) - x + mp.mpf(10) ** -60),
    # ceiling(x) = floor(x) + 1 except at the integers, where the sampler must look.
    ("ceiling(x + 2) == ceiling(x) + 2", "ceiling(x) == floor(x) + 1", R, lambda x: mp.ceil(x) - mp.floor(x) - 1),
    ("Piecewise((x, x > 0), (-x, True)) == Abs(x)", "Piecewise((x, x > 0), (x, True)) == Abs(x)", R,
     lambda x: x - abs(x)),
    ("softplus(x) - softplus(-x) == x", "softplus(x) + softplus(-x) == x", R,
     lambda x: mp.log(1 + mp.exp(x)) + mp.log(1 + mp.exp(-x)) - x),
    ("gelu(x) == x*(1 + erf(x/sqrt(2)))/2", "gelu(x) == x*sigmoid(x)", R,
     lambda x: x * (1 + mp.erf(x / mp.sqrt(2))) / 2 - x / (1 + mp.exp(-x))),
]


@pytest.mark.parametrize(("true", "false", "domain", "gap"), CASES, ids=[c[0] for c in CASES])
def test_identity_proved_and_twin_refuted(true: str, false: str, domain: dict[str, str], gap: Callable[..., object]) -> None:
    proved = _check(true, domain)
    assert proved.verdict is Verdict.PROVED, proved.detail
    refuted = _check(false, domain)
    assert refuted.verdict is Verdict.REFUTED, refuted.detail
    assert refuted.witness is not None
    with mpmath.workdps(50):
        x = mpmath.mpf(Fraction(refuted.witness["x"]).numerator) / Fraction(refuted.witness["x"]).denominator
        assert abs(gap(x)) > mpmath.mpf(10) ** -30, (refuted.witness, gap(x))


CLOSED = [
    ("atan2(1, 1) == pi/4", True, None),
    ("atan2(1, -1) == pi/4", False, lambda: mp.atan2(1, -1) - mp.pi / 4),
    ("atan2(0, -1) == pi", True, None),
    ("zeta(2) == pi**2/6", True, None),
    ("zeta(3) == 6/5", False, lambda: mp.zeta(3) - mpmath.mpf(6) / 5),
    ("beta(2, 3) == 1/12", True, None),
    ("polylog(2, 1/2) == pi**2/12 - log(2)**2/2", True, None),
    ("polylog(2, 1/2) == pi**2/12", False, lambda: mp.polylog(2, 0.5) - mp.pi**2 / 12),
]


@pytest.mark.parametrize(("claim", "holds", "gap"), CLOSED, ids=[c[0] for c in CLOSED])
def test_closed_values(claim: str, holds: bool, gap: Callable[[], object] | None) -> None:
    result = _check(claim, {})
    assert result.verdict is (Verdict.PROVED if holds else Verdict.REFUTED), result.detail
    if gap is not None:
        with mpmath.workdps(50):
            assert abs(gap()) > mpmath.mpf(10) ** -30


VECTOR = [
    ("logsumexp(v) == log(exp(v[1]) + exp(v[2]))", True),
    ("logsumexp(v) == v[1] + v[2]", False),
    ("log_softmax(v)[1] == v[1] - logsumexp(v)", True),
    ("log_softmax(v)[1] == log(softmax(v)[2])", False),
]


@pytest.mark.parametrize(("claim", "holds"), VECTOR, ids=[c[0] for c in VECTOR])
def test_vector_shorthands(claim: str, holds: bool) -> None:
    result = _check(claim, V)
    assert result.verdict is (Verdict.PROVED if holds else Verdict.REFUTED), result.detail
    if not holds:
        assert result.witness is not None
        with mpmath.workdps(50):
            v1, v2 = (mpmath.mpf(Fraction(result.witness[f"v[{i}]"]).numerator) / Fraction(result.witness[f"v[{i}]"]).denominator for i in (1, 2))
            lse = mp.log(mp.exp(v1) + mp.exp(v2))
            gap = lse - v1 - v2 if "logsumexp(v) ==" in claim else (v1 - lse) - (v2 - lse)
            assert abs(gap) > mpmath.mpf(10) ** -30


def test_binomial_symmetry_is_not_proved_over_the_integers() -> None:
    # SymPy: binomial(-1, 1) = -1 but binomial(-1, -2) = 0, so the symmetry fails at n = -1, k = 1.
    assert sympy.binomial(-1, 1) != sympy.binomial(-1, -2)
    for domain in ({"n": "integer", "k": "integer"}, {"n": "real", "k": "real"}):
        result = _check("binomial(n, k) == binomial(n, n - k)", domain)
        assert result.verdict is Verdict.REFUTED, result.detail
        assert result.witness is not None
        n, k = (sympy.Integer(result.witness[name]) for name in ("n", "k"))
        assert sympy.binomial(n, k) != sympy.binomial(n, n - k)


def test_binomial_of_a_whole_k_is_a_polynomial_in_n() -> None:
    # SymPy's binomial(n, 2) = n(n - 1)/2 for every n, the negative integers included,
    # and binomial(n, -2) = 0: the ball near n = -1 must enclose 1 and 0.
    near = {x: _ball("-1", "1e-20")}
    assert _contains(enclose_over(sympy.binomial(x, 2), near, 128), 1)
    assert _contains(enclose_over(sympy.binomial(x, -2), near, 128), 0)


def test_scalar_logsumexp_is_the_scalar() -> None:
    assert _check("logsumexp(x) == x", R).verdict is Verdict.PROVED


# --- the ball rules ------------------------------------------------------------------
x = sympy.Symbol("x")
h = sympy.Rational(1, 2)

#: (expression at an exact point, mpmath's value of it at 50 digits).
POINTS: list[tuple[sympy.Expr, Callable[[], object]]] = [
    (sympy.sec(sympy.Rational(7, 5)), lambda: mp.sec(mpmath.mpf(7) / 5)),
    (sympy.csc(sympy.Rational(-3, 1000)), lambda: mp.csc(mpmath.mpf(-3) / 1000)),
    (sympy.cot(sympy.Rational(3, 1)), lambda: mp.cot(3)),
    (sympy.sech(sympy.Integer(5)), lambda: mp.sech(5)),
    (sympy.csch(sympy.Rational(1, 7)), lambda: mp.csch(mpmath.mpf(1) / 7)),
    (sympy.coth(-h), lambda: mp.coth(-0.5)),
    (sympy.acosh(sympy.Integer(3)), lambda: mp.acosh(3)),
    (sympy.acosh(h), lambda: mp.acosh(0.5)),  # i·acos(1/2), SymPy's branch
    (sympy.acosh(sympy.Integer(-2)), lambda: mp.acosh(-2)),  # acosh(2) + iπ
    (sympy.atanh(sympy.Rational(9, 10)), lambda: mp.atanh(mpmath.mpf(9) / 10)),
    (sympy.atanh(sympy.Integer(2)), lambda: mp.atanh(2)),  # atanh(1/2) - iπ/2
    (sympy.atanh(sympy.Integer(-3)), lambda: mp.atanh(-3)),
    (sympy.acot(sympy.Integer(-2)), lambda: mp.acot(-2)),
    (sympy.asec(sympy.Integer(-3)), lambda: mp.asec(-3)),
    (sympy.acsc(sympy.Rational(5, 4)), lambda: mp.acsc(mpmath.mpf(5) / 4)),
    (sympy.atan2(sympy.Integer(-1), sympy.Integer(-2)), lambda: mp.atan2(-1, -2)),
    (sympy.erfi(sympy.Rational(3, 2)), lambda: mp.erfi(1.5)),
    (sympy.erfc(sympy.Integer(4)), lambda: mp.erfc(4)),
    (sympy.Ei(sympy.Integer(-1)), lambda: mp.ei(-1)),
    (sympy.Ei(sympy.Integer(3)), lambda: mp.ei(3)),
    (sympy.li(h), lambda: mp.li(0.5)),
    (sympy.li(sympy.Integer(10)), lambda: mp.li(10)),
    (sympy.Si(sympy.Integer(7)), lambda: mp.si(7)),
    (sympy.Ci(sympy.Integer(2)), lambda: mp.ci(2)),
    (sympy.Ci(sympy.Rational(-5, 2)), lambda: mp.ci(-2.5)),  # Ci(5/2) + iπ
    (sympy.Shi(sympy.Integer(-2)), lambda: mp.shi(-2)),
    (sympy.Chi(sympy.Rational(-5, 2)), lambda: mp.chi(-2.5)),
    (sympy.fresnels(sympy.Integer(2)), lambda: mp.fresnels(2)),
    (sympy.fresnelc(sympy.Rational(3, 4)), lambda: mp.fresnelc(0.75)),
    (sympy.gamma(sympy.Rational(-5, 2)), lambda: mp.gamma(-2.5)),
    (sympy.loggamma(sympy.Rational(7, 3)), lambda: mp.loggamma(mpmath.mpf(7) / 3)),
    (sympy.polygamma(0, sympy.Rational(-1, 3)), lambda: mp.digamma(mpmath.mpf(-1) / 3)),
    (sympy.polygamma(2, sympy.Rational(5, 3)), lambda: mp.psi(2, mpmath.mpf(5) / 3)),
    (sympy.uppergamma(sympy.Rational(3, 2), sympy.Integer(2)), lambda: mp.gammainc(1.5, 2)),
    (sympy.lowergamma(sympy.Rational(3, 2), sympy.Integer(2)), lambda: mp.gammainc(1.5, 0, 2)),
    (sympy.beta(sympy.Rational(1, 3), sympy.Rational(5, 2)), lambda: mp.beta(mpmath.mpf(1) / 3, 2.5)),
    (sympy.binomial(sympy.Rational(1, 2), sympy.Rational(1, 3)), lambda: mp.binomial(0.5, mpmath.mpf(1) / 3)),
    (sympy.zeta(sympy.Rational(1, 2)), lambda: mp.zeta(0.5)),
    (sympy.zeta(sympy.Integer(3), sympy.Rational(5, 2)), lambda: mp.zeta(3, 2.5)),
    (sympy.polylog(3, sympy.Rational(-7, 2)), lambda: mp.polylog(3, -3.5)),
    (sympy.floor(sympy.sqrt(7), evaluate=False), lambda: mp.mpf(2)),
    (sympy.ceiling(-sympy.pi, evaluate=False), lambda: mp.mpf(-3)),
]


def _contains(ball: object, value: object) -> bool:
    v = mpmath.mpc(value)
    if isinstance(ball, arb):
        if v.imag != 0:
            return False
        re, im = ball, arb(0)
    else:
        assert isinstance(ball, acb)
        re, im = ball.real, ball.imag
    for part, target in ((re, v.real), (im, v.imag)):
        mid = mpmath.mpf(part.mid().str(60, radius=False))
        rad = mpmath.mpf(part.rad().str(5, radius=False))
        if abs(mid - target) > rad + mpmath.mpf(10) ** -45:
            return False
    return True


@pytest.mark.parametrize(("e", "value"), POINTS, ids=[sympy.sstr(p[0]) for p in POINTS])
def test_ball_rule_encloses_mpmath_and_sympy(e: sympy.Expr, value: Callable[[], object]) -> None:
    assert e.free_symbols == set() and not e.is_Rational, e  # still the function, not evaluated away
    ball = enclose(e, 200)
    with mpmath.workdps(50):
        assert _contains(ball, value()), (e, ball)
        # SymPy's own value (the claims' semantics) is mpmath's, branch included.
        assert _contains(ball, sympy.N(e, 50)), (e, ball, sympy.N(e, 50))


def _ball(mid: str, rad: str) -> arb:
    return arb(mid, rad)


#: Balls holding a pole, a jump, or a branch point: no enclosure may be claimed.
NEAR: list[tuple[sympy.Expr, arb]] = [
    (sympy.floor(x), _ball("3", "1e-30")),
    (sympy.ceiling(x), _ball("-1", "1e-30")),
    (sympy.acosh(x), _ball("1", "1e-20")),
    (sympy.acosh(x), _ball("-1", "1e-20")),
    (sympy.atanh(x), _ball("1", "1e-20")),
    (sympy.acot(x), _ball("0", "1e-20")),
    (sympy.asec(x), _ball("1", "1e-20")),
    (sympy.atan2(0 * x + x, sympy.Integer(-1)), _ball("0", "1e-20")),
    (sympy.Ei(x), _ball("0", "1e-20")),
    (sympy.li(x), _ball("1", "1e-20")),
    (sympy.li(x), _ball("-2", "1e-20")),
    (sympy.Ci(x), _ball("0", "1e-20")),
    (sympy.loggamma(x), _ball("-1/2", "1e-20")),
    (sympy.gamma(x), _ball("-2", "1e-20")),
    (sympy.polygamma(0, x), _ball("0", "1e-20")),
    (sympy.zeta(x), _ball("1", "1e-20")),
    (sympy.polylog(2, x), _ball("1", "1e-20")),
    (sympy.polylog(2, x), _ball("3", "1e-20")),
    (sympy.beta(x, sympy.Integer(2)), _ball("-1", "1e-20")),
    (sympy.cot(x), _ball("0", "1e-20")),
    (sympy.coth(x), _ball("0", "1e-20")),
    (sympy.lowergamma(h, x), _ball("0", "1e-20")),
]


@pytest.mark.parametrize(("e", "ball"), NEAR, ids=[f"{sympy.sstr(n[0])} at {n[1]}" for n in NEAR])
def test_no_certainty_near_poles_jumps_and_cuts(e: sympy.Expr, ball: arb) -> None:
    with pytest.raises(Unknown):
        enclose_over(e, {x: ball}, 128)


def test_floor_between_integers_is_exact() -> None:
    value = enclose_over(sympy.floor(x), {x: _ball("5/2", "1/10")}, 128)
    assert isinstance(value, arb) and value.is_exact() and value == 2


def test_claims_have_no_value_at_singular_points() -> None:
    # li(1) = -oo and Ei(0) = -oo: sigmoid(li(1)) = 0 and sigmoid(-Ei(0)) = 1 would
    # refute these true claims at the one point where they have no value.
    assert _check("sigmoid(li(x)) > 0", {"x": "positive"}).verdict is not Verdict.REFUTED
    assert _check("sigmoid(-Ei(x)) < 1", R).verdict is not Verdict.REFUTED


@pytest.mark.parametrize(
    "claim",
    ["gamma(10**9) > x", "digamma(10**9) > x", "zeta(-10**6) > x", "binomial(10**9, 10**8) > x", "factorial(10**7) > x"],
)
def test_a_huge_number_argument_is_refused_before_sympy_computes_it(claim: str) -> None:
    # SymPy evaluates Γ(10**9) = (10**9 - 1)! in full when it builds it: hours, and gigabytes.
    result = _check(claim, {"x": "real"})
    assert result.verdict is Verdict.INVALID
    assert "limited to 2000 in size" in result.detail
    assert result.seconds < 5
