"""The differential tester's oracle, on hand-labelled claims (it must itself be right).

The oracle lives in fuzz/ and is independent of the engine: these tests
never import derivcheck.
"""

from __future__ import annotations

import sys
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "fuzz"))

import oracle  # noqa: E402  (after the path is set)
from oracle import Label, Truth  # noqa: E402


def label(symbols: dict[str, Any], claim: str) -> oracle.Verdict:
    return oracle.judge({"symbols": symbols, "claim": claim})


def at(symbols: dict[str, Any], claim: str, **point: Any) -> Truth:
    values = {k: oracle.exact_constant(str(v)) for k, v in point.items()}
    truth, _ = oracle.check_point({"symbols": symbols, "claim": claim}, values)
    return truth


def test_a_true_identity() -> None:
    assert label({"x": "real", "y": "real"}, "(x + y)**2 == x**2 + 2*x*y + y**2").label is Label.TRUE


def test_a_false_identity_and_a_known_witness() -> None:
    v = label({"a": "real"}, "1/(1 + exp(a)) == sigmoid(a)")
    assert v.label is Label.FALSE
    assert at({"a": "real"}, "1/(1 + exp(a)) == sigmoid(a)", a=1) is Truth.FALSE
    assert at({"a": "real"}, "1/(1 + exp(a)) == sigmoid(a)", a=0) is Truth.TRUE


def test_an_empty_sum_is_zero() -> None:
    claim = "Sum(k, (k, 1, n)) == n*(n + 1)/2"
    assert at({"n": "integer"}, claim, n=-3) is Truth.FALSE  # 0 against 3
    assert at({"n": "integer"}, "Sum(k, (k, 1, n)) == 0", n=-3) is Truth.TRUE
    assert at({"n": "integer"}, "Product(k, (k, 1, n)) == 1", n=-3) is Truth.TRUE
    assert label({"n": "integer"}, claim).label is Label.FALSE
    assert label({"n": "nonnegative integer"}, claim).label is Label.TRUE


def test_the_two_sided_limit_of_sign_at_zero_does_not_exist() -> None:
    assert label({}, "limit(sign(x), x, 0) == 0").label is Label.FALSE
    assert label({}, "limit(sign(x), x, 0) == 1").label is Label.FALSE
    assert label({}, "limit(sign(x), x, 0, '+') == 1").label is Label.TRUE


def test_sign_of_one_over_x_at_infinity_is_one() -> None:
    assert label({"x": "real"}, "limit(sign(1/x), x, oo) == 1").label is Label.TRUE
    assert label({"x": "real"}, "limit(sign(1/x), x, oo) == 0").label is Label.FALSE


def test_a_parametric_limit_is_false_where_the_parameter_vanishes() -> None:
    v = label({"x": "real", "eps": "positive"}, "limit(x**2/(x**2 + eps), eps, 0, '+') == 1")
    assert v.label is Label.FALSE and v.witness == {"x": Fraction(0)}


def test_shifted_logs_fail_far_left() -> None:
    claim = "log(x + 1000) - log(x + 999) > 0"
    assert at({"x": "real"}, claim, x=-2000) is Truth.FALSE
    assert at({"x": "real"}, claim, x=-999.5) is Truth.SKIP  # one log is non-real there
    assert at({"x": "real"}, claim, x=-1000.5) is Truth.FALSE  # both are: log(1/3) < 0
    assert label({"x": "real"}, claim).label is Label.FALSE
    assert label({"x": "positive"}, claim).label is Label.TRUE


def test_a_non_real_conclusion_is_not_false() -> None:
    claim = "implies(x > y, log(x - 10) > log(y - 10))"
    assert at({"x": "real", "y": "real"}, claim, x=2, y="-1/2") is Truth.SKIP
    assert label({"x": "real", "y": "real"}, claim).label is not Label.FALSE


def test_integrals_that_diverge_or_do_not_exist() -> None:
    c = {"c": "(0, 1)"}
    assert at(c, "integrate(1/(t - c)**2, (t, 0, 1)) == oo", c="1/2") is Truth.TRUE
    assert at(c, "integrate(1/(t - c)**2, (t, 0, 1)) < 0", c="1/3") is Truth.FALSE
    assert label({}, "integrate(1/t, (t, -1, 1)) == 0").label is Label.FALSE  # no value at all
    assert label({}, "integrate(sin(t), (t, 0, oo)) == 1").label is Label.FALSE
    assert label({}, "integrate(exp(-t), (t, 0, oo)) == 1").label is Label.TRUE


def test_a_bound_variable_shadows_a_declared_one() -> None:
    claim = "integrate(exp(t + sin(t)), (t, 0, 1)) == exp(t)*integrate(exp(sin(t)), (t, 0, 1))"
    assert at({"t": "real"}, claim, t=1) is Truth.FALSE


def test_an_exact_constant_identity() -> None:
    assert label({}, "sign(atan(1/2) + atan(1/3) - pi/4) == 0").label is Label.TRUE
    assert label({}, "sign(atan(1/2) + atan(1/4) - pi/4) == 0").label is Label.FALSE


@pytest.mark.parametrize(
    ("domain", "claim", "expected"),
    [
        ("negative even", "x < 0", Label.TRUE),
        ("nonpositive integer", "x < 0", Label.FALSE),
        ([1, 1], "x == 1", Label.TRUE),
        ("(-oo, 2]", "x < 2", Label.FALSE),
        ("[-1, 1)", "x**2 <= 1", Label.TRUE),
    ],
)
def test_domains(domain: Any, claim: str, expected: Label) -> None:
    assert label({"x": domain}, claim).label is expected
