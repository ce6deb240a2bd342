"""Limit values are used only where the kernel's rules (derivcheck.kernel.limits) allow them.

Each claim is labelled by a hand argument, in its comment; the tests assert the
verdict through the public API. A false claim must be refuted where one point
refutes it exactly, and never proved; a true one proved where the rules reach
it, and never refuted.
"""

from __future__ import annotations

import pytest
import sympy

from derivcheck.checking import check_claim
from derivcheck.kernel import limits as rules
from derivcheck.loader import load_text
from derivcheck.model import ClaimResult


def _check(claim: str, symbols: str = "{}") -> ClaimResult:
    body = f'claims:\n  - id: c\n    title: t\n    symbols: {symbols}\n    claim: "{claim}"\n'
    return check_claim(load_text(body, "c.yaml").claims[0])


def _refuted_at(claim: str, symbols: str, **at: str) -> None:
    result = _check(claim, symbols)
    assert result.verdict.value == "refuted", result.detail
    assert result.witness is not None
    for name, value in at.items():
        assert sympy.sympify(result.witness[name]) == sympy.sympify(value), result.witness


# --- 1. a limit with a free parameter: the exceptional parameter values ------------------

FALSE_AT_A_POINT = [
    # x**2/(x**2 + eps) is 0 for every eps > 0 when x = 0: the limit there is 0, not 1.
    ("limit(x**2/(x**2 + eps), eps, 0, '+') == 1", "{x: real, eps: positive}", {"x": "0"}),
    # a/(a + t) is 0 when a = 0.
    ("limit(a/(a + t), t, 0, '+') == 1", "{a: real, t: positive}", {"a": "0"}),
    # The exceptional value is x = 1: the numerator (x - 1)t is then 0.
    ("limit((x - 1)*t/((x - 1)*t + t**2), t, 0, '+') == 1", "{x: real, t: positive}", {"x": "1"}),
    # a = 2 makes the numerator 0 (an exceptional value away from 0, a two-sided limit).
    ("limit((a - 2)/(a - 2 + t), t, 0) == 1", "{a: real}", {"a": "2"}),
    # positive a: the exceptional a = 1 is still in the domain.
    ("limit((a - 1)*t/((a - 1)*t + t**2), t, 0) == 1", "{a: positive}", {"a": "1"}),
    # Two parameters whose product vanishes on two lines: x = 0 (or y = 0) gives 0. The
    # witness is shrunk to the simplest generic values that still refute: x = 1 on the line y = 0.
    ("limit(x*y/(x*y + t), t, 0, '+') == 1", "{x: real, y: real, t: positive}", {"x": "1", "y": "0"}),
    # At infinity: the leading coefficient a vanishes at a = 0, where the limit is ∞.
    ("limit((a*x**2 + x)/(a*x**2 + 1), x, oo) == 1", "{a: real}", {"a": "0"}),
    # An order higher: x**2 t/(x**2 t + t**3) is 1/(1 + t**2/x**2) → 1, but 0 at x = 0.
    ("limit(x**2*t/(x**2*t + t**3), t, 0, '+') == 1", "{x: real}", {"x": "0"}),
    # A two-sided limit with an even order: at x = 0 the quotient is 0.
    ("limit(x**2/(x**2 + t**2), t, 0) == 1", "{x: real}", {"x": "0"}),
    # A difference quotient: (cos(x h) - 1)/h**2 → -x**2/2, which is -1/2 only at x = ±1:
    # at the simplest other value, x = 2, it is -2.
    ("limit((cos(x*h) - 1)/h**2, h, 0) == -1/2", "{x: real}", {"x": "2"}),
    # x**a → ∞ only for a > 0: at a = 0 it is 1, at a = -1 (the simplest generic value) 0.
    ("limit(x**a, x, oo) == oo", "{a: real}", {"a": "-1"}),
    # A double root: (x - 1)**2/((x - 1)**2 + t) is 0 at x = 1.
    ("limit((x - 1)**2/((x - 1)**2 + t), t, 0, '+') == 1", "{x: real}", {"x": "1"}),
    # x t/(x t + t**2) = x/(x + t) → 1, but it is 0 at x = 0 (two-sided).
    ("limit(x*t/(x*t + t**2), t, 0) == 1", "{x: real}", {"x": "0"}),
    # e^(-a t) → 0 only for a > 0: at a = 0 it is 1, at a = -1 (the simplest generic value) ∞.
    ("limit(exp(-a*t), t, oo) == 0", "{a: real}", {"a": "-1"}),
    # H(x - t) as t → 0+: at x = 0 it is H(-t) = 0, not H(0) = 1/2.
    ("limit(Heaviside(x - t), t, 0, '+') == H(x)", "{x: real}", {"x": "0"}),
    # a|t|/t is a from the right and -a from the left: no limit unless a = 0.
    ("limit(a*Abs(t)/t, t, 0) == 0", "{a: real}", {"a": "1"}),
    # (a - 1)|t|/t has a limit only at a = 1 (an exceptional value away from 0): at
    # a = -1, the simplest value that refutes, it is -2 from the right and 2 from the left.
    ("limit((a - 1)*Abs(t)/t, t, 0) == 0", "{a: real}", {"a": "-1"}),
    # (|x + t| - |x|)/t → sign(x) for x ≠ 0; at x = 0 it is |t|/t: no two-sided limit.
    ("limit((Abs(x + t) - Abs(x))/t, t, 0) == sign(x)", "{x: real}", {"x": "0"}),
]


@pytest.mark.parametrize(("claim", "symbols", "at"), FALSE_AT_A_POINT, ids=[c for c, _, _ in FALSE_AT_A_POINT])
def test_a_generic_limit_value_is_refuted_at_its_exceptional_parameter_value(
    claim: str, symbols: str, at: dict[str, str]
) -> None:
    _refuted_at(claim, symbols, **at)


TRUE_FOR_EVERY_PARAMETER = [
    # The contract's example: σ(t x) → 1, 0, 1/2 as x > 0, x < 0, x = 0.
    ("limit(sigmoid(t*x), t, oo) == H(x)", "{x: real, t: positive}"),
    # (a x**2 + x)/(x**2 + 1) → a, and at a = 0 the limit 0 is a too.
    ("limit((a*x**2 + x)/(x**2 + 1), x, oo) == a", "{a: real}"),
    # a t/t**2 = a/t → 0 for every a.
    ("limit(a*t/t**2, t, oo) == 0", "{a: real}"),
    # e^(a t)/(1 + e^(a t)) → 1, 0, 1/2 as a > 0, a < 0, a = 0.
    ("limit(exp(a*t)/(1 + exp(a*t)), t, oo) == H(a)", "{a: real}"),
    # sin(x t)/t → x for every x (0 = x at x = 0).
    ("limit(sin(x*t)/t, t, 0) == x", "{x: real}"),
    # The derivative of σ at x as the limit of its difference quotient.
    ("limit((sigmoid(x + h) - sigmoid(x))/h, h, 0) == sigmoid(x)*(1 - sigmoid(x))", "{x: real}"),
    # (e^(x h) - 1)/h → x, at x = 0 too (the quotient is 0 there).
    ("limit((exp(x*h) - 1)/h, h, 0) == x", "{x: real}"),
    # (1 + a/n)**n → e^a for every real a (1 for a = 0).
    ("limit((1 + a/n)**n, n, oo) == exp(a)", "{a: real}"),
    # x**a → ∞ for every a > 0.
    ("limit(x**a, x, oo) == oo", "{a: positive}"),
    # sign(x e^(-t)) = sign(x) for every t.
    ("limit(sign(x*exp(-t)), t, oo) == sign(x)", "{x: real}"),
    # sign(a t) = sign(a) for every t > 0.
    ("limit(sign(a*t), t, 0, '+') == sign(a)", "{a: real}"),
    # relu(x t)/t = relu(x) for t > 0.
    ("limit(relu(x*t)/t, t, 0, '+') == relu(x)", "{x: real}"),
    # x**2 + 1 has no real zero: no exceptional value.
    ("limit((x**2 + 1)/(x**2 + 1 + t), t, 0) == 1", "{x: real}"),
    # sqrt is continuous at x**2 >= 0, 0 included.
    ("limit(sqrt(x**2 + t), t, 0, '+') == Abs(x)", "{x: real}"),
    # The limit point is the parameter: (t**2 - x**2)/(t - x) = t + x → 2x.
    ("limit((t**2 - x**2)/(t - x), t, x) == 2*x", "{x: real}"),
]


@pytest.mark.parametrize(("claim", "symbols"), TRUE_FOR_EVERY_PARAMETER, ids=[c for c, _ in TRUE_FOR_EVERY_PARAMETER])
def test_a_limit_true_for_every_parameter_value_is_proved(claim: str, symbols: str) -> None:
    result = _check(claim, symbols)
    assert result.verdict.value == "proved", result.detail


@pytest.mark.parametrize(
    ("claim", "symbols"),
    [
        # 0 on the whole line x = y: the claim is false there, and the zero set of
        # x - y is not a finite set of points.
        ("limit((x - y)/(x - y + t), t, 0, '+') == 1", "{x: real, y: real, t: positive}"),
        # False at x = ±sqrt(2) (the limit is 0 there): an irrational exceptional value.
        ("limit((x**2 - 2)/(x**2 - 2 + t), t, 0, '+') == 1", "{x: real, t: positive}"),
        # False at z = 0; a complex parameter has complex exceptional values.
        ("limit(z/(z + t), t, 0, '+') == 1", "{z: complex, t: positive}"),
    ],
)
def test_a_false_limit_with_an_unreachable_exceptional_value_is_never_proved(claim: str, symbols: str) -> None:
    assert _check(claim, symbols).verdict.value != "proved"


def test_an_exceptional_set_that_is_not_a_finite_set_of_points_gives_no_value() -> None:
    # (x - y)/(x - y + t) is 0 on the whole line x = y: the claim is false there, and
    # the zero set of x - y is not a finite set of points. Never proved.
    result = _check("limit((x - y)/(x - y + t), t, 0, '+') == 1", "{x: real, y: real, t: positive}")
    assert result.verdict.value != "proved", result.detail


def test_the_kernel_splits_at_the_exceptional_value() -> None:
    x = sympy.Symbol("x", real=True)
    eps = sympy.Symbol("eps", positive=True)

    def recurse(f: sympy.Expr, a: sympy.Expr) -> sympy.Expr:
        value = rules.exact_limit(f, eps, a, "+", recurse)
        assert value is not None
        return value

    value = rules.exact_limit(x**2 / (x**2 + eps), eps, sympy.Integer(0), "+", recurse)
    assert value == sympy.Piecewise((0, sympy.Eq(x, 0)), (1, True))


def test_a_limit_without_a_rule_is_held_against_evaluation() -> None:
    # SymPy's simplify evaluates an unevaluated Limit even with doit=False; a held one stays.
    x, y = sympy.symbols("x y", real=True)
    t = sympy.Symbol("t", positive=True)
    held = rules.HeldLimit((x - y) / (x - y + t), t, 0, "+")
    assert sympy.simplify(held - 1, doit=False) != 0
    assert isinstance(held.subs(x, 1), rules.HeldLimit)


# --- 2. piecewise atoms whose argument tends to 0: the sign of approach ---------------------

ATOMS = [
    # 1/x > 0 for x > 0: sign(1/x) is 1 for all large x.
    ("limit(sign(1/x), x, oo) == 1", True),
    ("limit(sign(1/x), x, oo) == 0", False),
    # -1/x > 0 for x < 0.
    ("limit(sign(-1/x), x, -oo) == 1", True),
    # -1/x**2 < 0 everywhere: H(-1/x**2) = 0.
    ("limit(Heaviside(-1/x**2), x, oo) == 0", True),
    ("limit(Heaviside(-1/x**2), x, oo) == 1/2", False),
    # 1/x > 0 for x > 0: H(1/x) = 1, not H(0) = 1/2.
    ("limit(Heaviside(1/x), x, oo) == 1/2", False),
    # -exp(-x) < 0: relu of it is 0.
    ("limit(relu(-exp(-x)), x, oo) == 0", True),
    # |1/x| = -1/x for x < 0, so |1/x| x = -1.
    ("limit(Abs(1/x)*x, x, -oo) == -1", True),
    ("limit(Abs(1/x)*x, x, -oo) == 1", False),
    # exp(-x) - exp(-2x) = exp(-x)(1 - exp(-x)) > 0 for x > 0.
    ("limit(sign(exp(-x) - exp(-2*x)), x, oo) == 1", True),
    ("limit(sign(exp(-x) - exp(-2*x)), x, oo) == 0", False),
    # For x < 0, Max(1/x, -1/x) = -1/x: x Max(1/x, -1/x) = -1.
    ("limit(x*Max(1/x, -1/x), x, -oo) == -1", True),
    # For x > 0, relu(1/x) = 1/x.
    ("limit(x*relu(1/x), x, oo) == 1", True),
    # Finite points: x**3 > 0 for x > 0.
    ("limit(sign(x**3), x, 0, '+') == 1", True),
    # -x**2 < 0 on both sides: H = 0.
    ("limit(Heaviside(-x**2), x, 0) == 0", True),
    # sin(x) < 0 just left of 0.
    ("limit(sign(sin(x)), x, 0, '-') == -1", True),
    # x - sin(x) ~ x**3/6 > 0 right of 0.
    ("limit(sign(x - sin(x)), x, 0, '+') == 1", True),
    # x - sin(x) < 0 left of 0: H jumps from 0 to 1, no two-sided limit.
    ("limit(Heaviside(x - sin(x)), x, 0) == 1", False),
    # exp(-1/x**2) > 0: its sign is 1, though its limit is 0.
    ("limit(sign(exp(-1/x**2)), x, 0) == 1", True),
    ("limit(sign(exp(-1/x**2)), x, 0) == 0", False),
    # |sin x|/x = -sin(x)/x → -1 from the left.
    ("limit(Abs(sin(x))/x, x, 0, '-') == -1", True),
    # Max(x**2, x**3) = x**2 near 0 (x**3 < x**2 for |x| < 1, x ≠ 0).
    ("limit(Max(x**2, x**3)/x**2, x, 0) == 1", True),
    # x sin(1/x) changes sign in every neighbourhood of 0: sign of it has no limit.
    ("limit(sign(x*sin(1/x)), x, 0) == 0", False),
    # sin(x)/x changes sign for ever: no limit at ∞.
    ("limit(sign(sin(x)/x), x, oo) == 0", False),
]


@pytest.mark.parametrize(("claim", "holds"), ATOMS, ids=[c for c, _ in ATOMS])
def test_a_piecewise_atom_takes_the_side_its_argument_approaches_from(claim: str, holds: bool) -> None:
    result = _check(claim)
    if holds:
        assert result.verdict.value == "proved", result.detail
    else:
        assert result.verdict.value != "proved", result.detail


@pytest.mark.parametrize(
    "claim",
    [
        "limit(sign(1/x), x, oo) == 0",
        "limit(Heaviside(1/x), x, oo) == 1/2",
        "limit(Abs(1/x)*x, x, -oo) == 1",
        "limit(sign(exp(-x) - exp(-2*x)), x, oo) == 0",
        "limit(sign(exp(-1/x**2)), x, 0) == 0",
        "limit(Heaviside(x - sin(x)), x, 0) == 1",
    ],
)
def test_a_closed_false_limit_of_an_atom_is_refuted(claim: str) -> None:
    # No free symbols: the limit is a number, and the claim compares two numbers.
    assert _check(claim).verdict.value == "refuted"


def test_sign_of_approach_uses_the_approach_not_the_value() -> None:
    x = sympy.Symbol("x", real=True)
    oo = sympy.oo
    assert rules.sign_of_approach(1 / x, x, oo, "-", lambda: sympy.Integer(0)) == 1
    assert rules.sign_of_approach(-1 / x, x, -oo, "+", lambda: sympy.Integer(0)) == 1
    assert rules.sign_of_approach(sympy.exp(-x) - sympy.exp(-2 * x), x, oo, "-", lambda: sympy.Integer(0)) == 1
    assert rules.sign_of_approach(x * sympy.sin(1 / x), x, sympy.Integer(0), "+", lambda: sympy.Integer(0)) is None


# --- 3. exp(t) and its siblings at infinity -------------------------------------------------


@pytest.mark.parametrize(
    ("claim", "holds"),
    [
        ("limit(exp(t), t, oo) == oo", True),  # e^t grows without bound
        ("limit(exp(2*t), t, oo) == oo", True),
        ("limit(exp(-t), t, -oo) == oo", True),  # e^(-t) = e^|t| as t → -∞
        ("limit(t, t, oo) == oo", True),
        ("limit(exp(t) + 1, t, oo) == oo", True),
        ("limit(1/(exp(t) - 1), t, oo) == 0", True),
        ("limit(exp(t), t, oo) == 0", False),
        ("limit(exp(-t), t, oo) == oo", False),  # e^(-t) → 0
    ],
)
def test_exponentials_at_infinity(claim: str, holds: bool) -> None:
    assert _check(claim).verdict.value == ("proved" if holds else "refuted")


def test_a_lone_exponential_at_infinity_is_infinite_not_an_error() -> None:
    t = sympy.Symbol("t", real=True)
    # exp(t) is 1/u with u → 0+: the denominator vanishes, so the rule declines (no int 0).
    assert rules.exponentials_at_infinity(sympy.exp(t), t, 1) is None
    assert rules.exponentials_at_infinity(sympy.exp(-t), t, 1) == 0
