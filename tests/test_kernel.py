"""The kernel's rules, one by one: balls, the judgement of a relation, witnesses, monotonicity.

Every expected value here is known independently of the engine: exact
arithmetic, a classical identity (Euler's, Machin's), or a hand argument
written beside the case.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from derivcheck.engine.sampling import breakpoints, points, specials
from derivcheck.kernel import balls, monotone
from derivcheck.kernel.balls import Order, compare, exactly_zero, sign
from derivcheck.kernel.judge import relation_false
from derivcheck.kernel.values import NoLimit
from derivcheck.kernel.witness import admits, why_not_in_domain
from derivcheck.semantics import Variable

R = sympy.Rational
x = sympy.Symbol("x", real=True)


# ---------------------------------------------------------------------------
# Balls: a sign only when the ball excludes 0; equality only when exact
# ---------------------------------------------------------------------------

EXACT_ZEROS = [
    sympy.atan(R(1, 2)) + sympy.atan(R(1, 3)) - sympy.pi / 4,  # Euler
    sympy.sqrt(2) * sympy.sqrt(3) - sympy.sqrt(6),
    sympy.cos(sympy.pi / 5) - (1 + sympy.sqrt(5)) / 4,
    sympy.sqrt(3 + 2 * sympy.sqrt(2)) - 1 - sympy.sqrt(2),  # a denested radical
]


@pytest.mark.parametrize("e", EXACT_ZEROS, ids=str)
def test_an_exact_zero_never_gets_a_sign_from_numbers(e: sympy.Expr) -> None:
    assert sign(e) in (0, None)
    assert compare(sympy.sign(e), sympy.Integer(1)).order is not Order.EQUAL


def test_the_sign_of_euler_s_identity_is_zero() -> None:
    e = sympy.atan(R(1, 2)) + sympy.atan(R(1, 3)) - sympy.pi / 4
    assert sign(e) == 0
    assert compare(sympy.sign(e), sympy.Integer(0)).order is Order.EQUAL


@pytest.mark.parametrize(
    ("e", "want"),
    [
        (1 - sympy.tanh(400), 1),  # 2/(e^800 + 1) > 0, about 1e-347
        (sympy.exp(-1000), 1),
        (sympy.pi - R(355, 113), -1),  # 355/113 overshoots π by 2.7e-7
        (sympy.log(R(1000, 1001)), -1),
        (sympy.E - R(2718281828, 10**9), 1),
    ],
    ids=str,
)
def test_tiny_signs_are_certified(e: sympy.Expr, want: int) -> None:
    assert sign(e) == want


def test_non_real_values_are_not_ordered() -> None:
    # log(-8) and log(-21/2) are both log|.| + iπ: their real difference is
    # negative, but the values themselves are not ordered.
    c = compare(sympy.log(-8), sympy.log(R(-21, 2)))
    assert c.lhs_real is False and c.rhs_real is False
    assert relation_false(">", sympy.log(-8), sympy.log(R(-21, 2))) is None
    assert relation_false("<=", sympy.log(-8), sympy.log(R(-21, 2))) is None
    # ... but they are different numbers: an equality between them is false.
    assert relation_false("==", sympy.log(-8), sympy.log(R(-21, 2))) is not None


def test_a_real_difference_of_non_real_logs_is_ordered() -> None:
    # log(-1000) - log(-1001) = log(1000/1001), a real negative number.
    d = sympy.log(-1000) - sympy.log(-1001)
    assert relation_false(">", d, sympy.Integer(0)) is not None
    assert relation_false("<", d, sympy.Integer(0)) is None


def test_infinities_compare_as_extended_reals() -> None:
    assert relation_false("<", sympy.oo, sympy.Integer(0)) is not None
    assert relation_false("==", sympy.oo, sympy.oo) is None
    assert relation_false("==", -sympy.oo, sympy.oo) is not None


def test_a_limit_that_does_not_exist_equals_nothing() -> None:
    none = NoLimit(sympy.Integer(1), sympy.Integer(-1))
    for op in ("==", "<=", ">="):
        assert relation_false(op, none, sympy.Integer(0)) is not None


def test_undefined_sides_say_nothing() -> None:
    assert relation_false("==", sympy.zoo, sympy.Integer(1)) is None
    assert relation_false("<", sympy.nan, sympy.Integer(1)) is None


def test_integrals_are_enclosed_rigorously_or_not_at_all() -> None:
    t = sympy.Symbol("t", real=True)
    # ∫₀¹ e^(t + sin t) dt = 2.99622…, ∫₀¹ e^(sin t) dt = 1.63187…
    big, small = sympy.Integral(sympy.exp(t + sympy.sin(t)), (t, 0, 1)), sympy.Integral(sympy.exp(sympy.sin(t)), (t, 0, 1))
    assert compare(big, small).order is Order.GREATER
    assert compare(sympy.Integral(sympy.sin(t), (t, 0, sympy.pi)), sympy.Integer(2)).order is not Order.LESS
    # A pole inside the range: no enclosure, so no comparison.
    assert compare(sympy.Integral(1 / (t - R(1, 2)) ** 2, (t, 0, 1)), sympy.Integer(0)).order is Order.UNKNOWN
    # A kink is not analytic: no enclosure.
    assert compare(sympy.Integral(sympy.Abs(t - R(1, 2)), (t, 0, 1)), sympy.Integer(0)).order is Order.UNKNOWN


def test_exactly_zero_needs_an_exact_argument() -> None:
    assert exactly_zero(sympy.Integer(0))
    assert not exactly_zero(R(1, 10**30))
    assert not exactly_zero(1 - sympy.tanh(400))
    assert exactly_zero(sympy.sin(sympy.pi / 6) - R(1, 2))


# ---------------------------------------------------------------------------
# Witnesses: every value in its declared domain, every word of it
# ---------------------------------------------------------------------------


def _var(words: dict[str, bool], lo: sympy.Expr = -sympy.oo, hi: sympy.Expr = sympy.oo, lo_open: bool = True, hi_open: bool = True) -> Variable:
    return Variable(sympy.Symbol("v", **words), "v", lo, hi, lo_open, hi_open)


@pytest.mark.parametrize(
    ("words", "value", "inside"),
    [
        ({"negative": True, "even": True}, 0, False),  # 0 is not negative
        ({"negative": True, "even": True}, -2, True),
        ({"negative": True, "even": True}, -3, False),
        ({"nonpositive": True, "integer": True}, 1, False),
        ({"nonpositive": True, "integer": True}, 0, True),
        ({"nonzero": True, "even": True}, 0, False),
        ({"positive": True, "odd": True}, 3, True),
        ({"positive": True, "odd": True}, R(1, 2), False),
    ],
)
def test_membership_checks_every_word(words: dict[str, bool], value: int, inside: bool) -> None:
    assert admits(_var(words), sympy.sympify(value)) is inside


def test_membership_respects_open_and_infinite_ends() -> None:
    ray = _var({"positive": True}, sympy.Integer(0), sympy.oo)
    assert not admits(ray, sympy.Integer(0)) and admits(ray, sympy.Integer(10**9))
    closed = _var({"real": True}, sympy.Integer(-1), sympy.Integer(1), lo_open=False)
    assert admits(closed, sympy.Integer(-1)) and not admits(closed, sympy.Integer(1))
    point = _var({"real": True}, sympy.Integer(1), sympy.Integer(1), lo_open=False, hi_open=False)
    assert admits(point, sympy.Integer(1)) and not admits(point, R(1, 2))
    assert why_not_in_domain([ray], {ray.symbol: sympy.Integer(-1)}) is not None


WORDS = st.sampled_from(
    [
        {"negative": True, "even": True},
        {"nonpositive": True, "integer": True},
        {"nonnegative": True, "integer": True},
        {"positive": True, "odd": True},
        {"nonzero": True, "integer": True},
        {"negative": True, "odd": True},
        {"positive": True, "even": True},
        {"nonzero": True, "real": True},
        {"nonpositive": True, "real": True},
        {"real": True},
    ]
)


@settings(max_examples=60, deadline=None)
@given(words=WORDS, seed=st.integers(0, 10**6))
def test_every_sampled_point_lies_in_the_domain(words: dict[str, bool], seed: int) -> None:
    var = _var(words)
    assert specials(var), "each domain has special values"
    for p in points([var], seed, 40):
        assert admits(var, p[var.symbol]), (words, p)


@settings(max_examples=40, deadline=None)
@given(
    lo=st.integers(-5, 5),
    width=st.integers(0, 6),
    lo_open=st.booleans(),
    hi_open=st.booleans(),
    infinite=st.sampled_from(["none", "lo", "hi"]),
    seed=st.integers(0, 10**6),
)
def test_every_sampled_point_lies_in_its_interval(lo: int, width: int, lo_open: bool, hi_open: bool, infinite: str, seed: int) -> None:
    a, b = sympy.Integer(lo), sympy.Integer(lo + width)
    if width == 0:
        lo_open = hi_open = False
    if infinite == "lo":
        a, lo_open = -sympy.oo, True
    if infinite == "hi":
        b, hi_open = sympy.oo, True
    var = _var({"real": True}, a, b, lo_open, hi_open)
    for p in points([var], seed, 30):
        assert admits(var, p[var.symbol]), (a, b, lo_open, hi_open, p)


def test_breakpoints_reach_both_sides_and_far_beyond() -> None:
    var = Variable(x, "x")
    values = {p[x] for p in breakpoints([sympy.log(x + 1000) - sympy.log(x + 999)], [var])}
    assert sympy.Integer(-1000) in values and sympy.Integer(-999) in values
    assert any(v < -1000 for v in values), "a point below both branch points"
    assert any(v > -999 for v in values)


def test_breakpoints_respect_the_domain() -> None:
    p = sympy.Symbol("p", positive=True)
    var = Variable(p, "p", sympy.Integer(0), sympy.oo)
    for point in breakpoints([sympy.log(p - 5), sympy.Abs(p + 3)], [var]):
        assert admits(var, point[p])


# ---------------------------------------------------------------------------
# Monotonicity: the condition each increasing function puts on its arguments
# ---------------------------------------------------------------------------


def test_log_is_increasing_only_on_positive_arguments() -> None:
    assert monotone.needs(sympy.log(x + 1)) is monotone.Needs.POSITIVE
    assert monotone.needs(sympy.exp(x)) is monotone.Needs.REAL
    assert monotone.needs(sympy.sin(x)) is None


def test_the_precisions_only_rise() -> None:
    assert list(balls.PRECISIONS) == sorted(balls.PRECISIONS)
    rng = random.Random(0)
    # Deterministic: the same expression gets the same answer every time.
    e = sympy.Rational(rng.randint(1, 10**6), 7) - sympy.pi * 10**5
    assert len({sign(e) for _ in range(5)}) == 1


# ---------------------------------------------------------------------------
# Bound variables: never captured, and where-bindings read as on the page
# ---------------------------------------------------------------------------


def _verdict(yaml_claim: str) -> str:
    from derivcheck.checking import check_claim
    from derivcheck.loader import load_text

    claim = load_text("claims:\n  - id: c\n    title: t\n" + yaml_claim, "c.yaml").claims[0]
    return check_claim(claim).verdict.value


@pytest.mark.parametrize(
    ("body", "want"),
    [
        # ∫₀¹ e^(t + sin t) dt = 2.996… is a constant; e^t·∫₀¹ e^(sin t) dt = 1.632·e^t is not.
        ("    symbols: {t: real}\n    claim: integrate(exp(t + sin(t)), (t, 0, 1)) == exp(t)*integrate(exp(sin(t)), (t, 0, 1))\n", "refuted"),
        # The free k of the right side is not the bound k: Σ_{k=1}^{3} k = 6, not 6k.
        ("    symbols: {k: positive integer}\n    claim: Sum(k, (k, 1, 3)) == 6*k\n", "refuted"),
        ("    symbols: {k: positive integer}\n    claim: Sum(k, (k, 1, 3)) == 6\n", "proved"),
        # A where-binding in the bound name means the bound variable: Σ_{k=1}^{3} k² = 14.
        ("    symbols: {k: integer}\n    where:\n      w: k**2\n    claim: Sum(w, (k, 1, 3)) == 14\n", "proved"),
        # lim_{k→0} k²/k = 0, with the k² from a where-binding.
        ("    symbols: {k: real}\n    where:\n      w: k**2\n    claim: limit(w/k, k, 0) == 0\n", "proved"),
    ],
)
def test_bound_variables_are_not_the_free_symbol(body: str, want: str) -> None:
    assert _verdict(body) == want


# ---------------------------------------------------------------------------
# A counterexample is a point where the claim as written has a value
# ---------------------------------------------------------------------------


def _result(yaml_claim: str) -> Any:
    from derivcheck.checking import check_claim
    from derivcheck.loader import load_text

    return check_claim(load_text("claims:\n  - id: c\n    title: t\n" + yaml_claim, "c.yaml").claims[0])


@pytest.mark.parametrize(
    ("body", "undefined"),
    [
        # exp(log(u)) is built as u; at u = 0 the claim as written has no value.
        ("    symbols: {p: real, w: real}\n    claim: exp(log(p - w)) == p - w + 1\n", lambda w: w["p"] == w["w"]),
        # x/x is built as 1; x = 0 is no counterexample to x/x == 2.
        ("    symbols: {x: real}\n    claim: x/x == 2\n", lambda w: w["x"] == "0"),
        ("    symbols: {x: real}\n    claim: x**2/x == x + 1\n", lambda w: w["x"] == "0"),
        ("    symbols: {y: real}\n    claim: (y - 1)**(-1)*(y - 1) == 0\n", lambda w: w["y"] == "1"),
    ],
)
def test_a_witness_is_where_the_written_claim_has_a_value(body: str, undefined: Any) -> None:
    r = _result(body)
    assert r.verdict.value == "refuted"
    assert not undefined(r.witness), r.witness


@pytest.mark.parametrize(
    "body",
    [
        # c² / c = c: the factor is 1/2 in the case c = 1/2 and 2 in the case c = 2.
        '    symbols: {c: ["1/2", 2], b: "{0, 1/2, 1}"}\n    claim: c**2 == c\n',
        # The left side is m for m >= 1 and 0 below (empty sums): the offset is not one constant.
        '    symbols: {m: "range(-4, 6)"}\n    claim: Sum(j, (j, 1, m)) - Sum(j, (j, 1, m - 1)) == m - 1\n',
        # s <= 2 is false at s = 3: no "non-strict" near miss.
        '    symbols: {s: "range(1, 5)", u: "range(-3, 3)"}\n    claim: s < 2\n',
        # c <= 0 is false at c = 1: no "other way round".
        "    symbols: {c: [-2, -1, 0, 1, 2], u: [0, 1]}\n    claim: c >= 0\n",
    ],
)
def test_a_near_miss_must_hold_in_every_case(body: str) -> None:
    r = _result(body)
    assert r.verdict.value == "refuted"
    assert r.diagnosis is None, r.diagnosis


def test_a_near_miss_that_holds_in_every_case_is_given() -> None:
    # 2c == c + c + 1 is off by the constant 1 for every c of the set.
    r = _result("    symbols: {c: [1, 2, 3]}\n    claim: c + c + 1 == 2*c\n")
    assert r.verdict.value == "refuted"
    assert r.diagnosis is not None and "1" in r.diagnosis


@pytest.mark.parametrize(
    ("body", "want"),
    [
        # The integrands agree at every t (e^(t + sin t) = e^t·e^(sin t)); the names of the bound variables differ.
        ("    symbols: {x: positive, s: real}\n    claim: integrate(exp(x + sin(x)), (x, 0, 1)) == integrate(exp(s)*exp(sin(s)), (s, 0, 1))\n", "proved"),
        ("    symbols: {u: real}\n    claim: 2*integrate(exp(sin(t))*u, (t, 0, 1)) == u*integrate(2*exp(sin(s)), (s, 0, 1))\n", "proved"),
        # ∫₀¹ e^(sin t) dt = 1.632 and ∫₀¹ e^(cos t) dt = 2.341: different.
        ("    claim: integrate(exp(sin(t)), (t, 0, 1)) == integrate(exp(cos(t)), (t, 0, 1))\n", "refuted"),
    ],
)
def test_integrals_over_one_range_compare_by_their_integrands(body: str, want: str) -> None:
    assert _verdict(body) == want


def test_equal_integrands_of_an_integral_that_does_not_exist_prove_nothing() -> None:
    # ∫₋₁¹ dt/t does not exist: it equals nothing, not even itself written with another letter.
    assert _verdict("    claim: integrate(1/t, (t, -1, 1)) == integrate(1/s, (s, -1, 1))\n") != "proved"


@pytest.mark.parametrize(
    ("domain", "want"),
    [
        # For real z, diff(relu(z), z) is H(z), with H(0) = 1/2 at the kink (docs/claim-format.md).
        ("real", "proved"),
        # On [0, 1], relu(z) is z: its derivative is 1 there, at the end z = 0 too, and H(0) = 1/2.
        ('"[0, 1]"', "refuted"),
        # On (0, 1] the end is excluded: 1 == H(z) = 1 everywhere.
        ('"(0, 1]"', "proved"),
    ],
)
def test_a_derivative_is_of_the_function_on_the_declared_domain(domain: str, want: str) -> None:
    assert _verdict(f"    symbols: {{z: {domain}}}\n    claim: diff(relu(z), z) == H(z)\n") == want


def test_an_irrational_exceptional_value_is_tried() -> None:
    # (x² − 2)/(x² − 2 + t) → 1 as t → 0⁺, except at x = ±√2 where it is 0 for every t.
    r = _result('    symbols: {x: real, t: positive}\n    claim: limit((x**2 - 2)/(x**2 - 2 + t), t, 0, "+") == 1\n')
    assert r.verdict.value == "refuted"
    assert sympy.sympify(r.witness["x"]) ** 2 == 2


def test_the_derivative_of_abs_is_sign_with_sign_0_equal_to_0() -> None:
    # SymPy's derivative of |u| is sign(u) (docs/claim-format.md: diff is SymPy's), so both
    # sides are sign(q - r), equal at the kink q = r too (sign(0) = 0).
    body = "    symbols: {q: real, r: positive}\n    claim: diff(Abs(q - r), q) == sign(q - r)*diff(q - r, q)\n"
    assert _verdict(body) == "proved"


def test_a_geometric_sum_over_all_integers_is_refuted_with_a_true_diagnosis() -> None:
    # Σ_{i=0}^{N} 2^i = 2^(N+1) − 1 for N ≥ −1 (the empty sum at N = −1 is 0 = 2⁰ − 1);
    # the right side here is 2^(N+1), so the claim is false at every N ≥ −1.
    r = _result("    symbols: {N1: integer}\n    claim: Sum(2**i, (i, 0, N1)) == 2**(N1 + 1) - 1 + 1\n")
    assert r.verdict.value == "refuted"
    n = int(r.witness["N1"])
    assert (2 ** (n + 1) - 1 if n >= 0 else 0) != sympy.Integer(2) ** (n + 1)
