"""Near-miss diagnoses: each is given where it holds and only there.

Every diagnosis has a claim that must get it and a refuted claim that must not
(a diagnosis is a proved statement, so a wrong one would be a wrong proof).
"""

from __future__ import annotations

import pytest

from derivcheck.checking import check_claim
from derivcheck.loader import load_text
from derivcheck.model import ClaimResult, Verdict


def check(claim: str, symbols: str = "{x: real}", key: str = "claim") -> ClaimResult:
    body = f"claims:\n  - id: d\n    title: t\n    symbols: {symbols}\n    {key}: {claim}\n"
    loaded = load_text(body, "d.yaml")
    assert not loaded.failures, loaded.failures
    result = check_claim(loaded.claims[0])
    assert result.verdict is Verdict.REFUTED, result.detail
    return result


CASES = [
    # (what, claim, symbols, words that must appear, a claim that must not get it)
    ("sign", '"diff(exp(-x), x) == exp(-x)"', "{x: real}", "differ by a sign", '"diff(exp(-x), x) == 2*exp(-x)"'),
    ("factor", '"diff(x**3, x) == x**2"', "{x: real}", "3 times the right side", '"diff(x**3, x) == x**2 + 1"'),
    ("offset", '"(x + 1)**2 == x**2 + 2*x + 3"', "{x: real}", "the right side minus 2", '"(x + 1)**2 == x**2 + 3*x + 3"'),
    ("offset between large sides", '"(x + 1)**200 == (x + 1)**200 - 5"', "{x: positive}", "the right side plus 5", '"(x + 1)**200 == (x + 2)**200 - 5"'),
    ("negated variable", '"1/(1 + exp(a)) == sigmoid(a)"', "{a: real}", "a replaced by -a", '"1/(2 + exp(a)) == sigmoid(a)"'),
    ("swapped variables", '"sigmoid(x1 - x2) == exp(x2)/(exp(x1) + exp(x2))"', "{x1: real, x2: real}", "x1 and x2 swapped", '"sigmoid(x1 - x2) == exp(x2)/(exp(x1) + 2*exp(x2))"'),
    ("transposed", '"(A*B).T == A*B"', '{A: "matrix[2, 3]", B: "matrix[3, 2]"}', "one side transposed", '"(A*B).T == 2*A*B"'),
    ("isolated point", '"H(x)**2 == H(x)"', "{x: real}", "everywhere except at x = 0", '"H(x)**2 == H(x) + 1"'),
    ("sub-domain", '"sqrt(x**2) == x"', "{x: real}", "holds for x > 0", '"sqrt(x**2) == x + 1"'),
    ("strictness", '"x**2 > 0"', "{x: real}", "non-strict", '"x**2 - 1 > 0"'),
    ("reversed", '"-x**2 - 1 > 0"', "{x: real}", "other way round", '"x**2 - 1 > 0"'),
    ("monomial factor", '"c1*c2*c3*v == c2*c3*v"', "{c1: positive, c2: positive, c3: positive, v: positive}", "c1 times the right side", '"c1*c2*c3*v == c2*c3*v + c1"'),
    ("monomial factor on a bounded domain", '"y/x**2 == y"', '{x: "(0, 1)", y: positive}', "x**(-2) times the right side", '"y/x**2 == y + x"'),
    ("irrational factor", '"sqrt(2)*exp(x) == exp(x)"', "{x: real}", "sqrt(2) times the right side", '"sqrt(2)*exp(x) == exp(x) + 1"'),
    ("difference", '"log(1 + x**2) + x == log(1 + x**2)"', "{x: real}", "differ by x", '"log(1 + x**2)*x == log(1 + x**2)"'),
    ("infinite sign", "\"limit((H(e) - 1/2)/e, e, 0, '-') == -oo\"", "{}", "differ by a sign", "\"limit((H(e) - 1/2)/e, e, 0, '-') == 2\""),
]


@pytest.mark.parametrize(("what", "claim", "symbols", "words", "other"), CASES, ids=[c[0] for c in CASES])
def test_a_near_miss_is_named(what: str, claim: str, symbols: str, words: str, other: str) -> None:
    result = check(claim, symbols)
    assert result.diagnosis is not None and words in result.diagnosis


@pytest.mark.parametrize(("what", "claim", "symbols", "words", "other"), CASES, ids=[c[0] for c in CASES])
def test_a_plain_error_gets_no_such_diagnosis(what: str, claim: str, symbols: str, words: str, other: str) -> None:
    result = check(other, symbols)
    assert result.diagnosis is None or words not in result.diagnosis


def test_a_chain_names_its_first_broken_link_and_says_when_errors_cancel() -> None:
    steps = '["diff((y - 1/(1 + exp(-a)))**2/2, a)", "(y - 1/(1 + exp(-a)))*diff(1/(1 + exp(-a)), a)", "-(y - 1/(1 + exp(-a)))*diff(1/(1 + exp(-a)), a)"]'
    result = check(steps, "{a: real, y: real}", key="steps")
    assert [link.index for link in result.steps] == [1, 2]
    assert result.steps[0].verdict is Verdict.REFUTED and result.steps[0].witness
    assert "link 1" in result.detail and "errors cancel" in result.detail
    assert result.steps[0].diagnosis and "sign" in result.steps[0].diagnosis


def test_two_wrong_steps_that_cancel_and_one_that_does_not() -> None:
    steps = '["(x + 1)**2", "x**2 + 2*x + 2", "x**2 + 2*x + 1"]'
    result = check(steps, key="steps")
    assert "errors cancel" in result.detail
    steps = '["(x + 1)**2", "(x + 1)*(x + 1)", "x**2 + 2*x + 1", "x**2 + 2*x"]'
    result = check(steps, key="steps")
    assert result.steps[2].verdict is Verdict.REFUTED
    assert "first and last lines disagree" in result.detail


def test_an_inequality_chain_with_a_right_result_and_a_wrong_step_says_so() -> None:
    steps = '["x**2", {expr: "x**2 - 1", rel: "<="}, {expr: "x**2 + 5", rel: "<="}]'
    result = check(steps, key="steps")
    assert result.steps[0].verdict is Verdict.REFUTED
    assert "final result is right" in result.detail
