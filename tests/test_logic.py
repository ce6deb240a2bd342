"""Boolean statements over linear inequalities are decided exactly.

``derivcheck.engine.logic`` splits the domain into regions along the linear
forms a statement switches on, and decides on each region whether the
statement is true; emptiness of a region is decided by Fourier-Motzkin
elimination over the rationals. It proves, or finds a region where the
statement is false and a rational point of it, which ``check_claim``
re-checks before it refutes.
"""

from __future__ import annotations

import itertools
from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from derivcheck.checking import check_claim
from derivcheck.errors import OutOfTime
from derivcheck.engine.logic import EQ, GE, GT, LinearResult, _eliminate, prove_linear
from derivcheck.engine.refute import formula_truth
from derivcheck.loader import load_text
from derivcheck.model import Verdict
from derivcheck.semantics import Instance, build


def _instance(claim: str, symbols: str = "{x: real, y: real}", extra: str = "") -> Instance:
    body = f'claims:\n  - id: c\n    title: t\n    symbols: {symbols}\n{extra}    claim: "{claim}"\n'
    loaded = load_text(body, "c.yaml")
    assert not loaded.failures, loaded.failures
    return build(loaded.claims[0]).instances[0]


def _decide(claim: str, symbols: str = "{x: real, y: real}", extra: str = "") -> LinearResult:
    inst = _instance(claim, symbols, extra)
    assert inst.claim is not None
    return prove_linear(inst.claim, inst.variables, inst.conditions)


def _verdict(claim: str, symbols: str = "{x: real, y: real}") -> Verdict:
    body = f'claims:\n  - id: c\n    title: t\n    symbols: {symbols}\n    claim: "{claim}"\n'
    return check_claim(load_text(body, "c.yaml").claims[0]).verdict


# ---------------------------------------------------------------- regions


def _c(coeffs: tuple[int, ...], const: int, kind: int) -> tuple[tuple[Fraction, ...], Fraction, int]:
    return tuple(Fraction(a) for a in coeffs), Fraction(const), kind


def test_an_open_interval_is_not_empty() -> None:
    assert _eliminate([_c((1,), 0, GT), _c((-1,), 1, GT)], 1) is not None  # 0 < x < 1


def test_strict_bounds_that_meet_leave_nothing() -> None:
    assert _eliminate([_c((1,), -1, GT), _c((-1,), 1, GE)], 1) is None  # x > 1 and x <= 1


def test_closed_bounds_that_meet_leave_one_point() -> None:
    assert _eliminate([_c((1,), -1, GE), _c((-1,), 1, GE)], 1) is not None  # x >= 1 and x <= 1


def test_an_equality_is_substituted() -> None:
    # x = y, x + y > 2, y < 1: no solution
    assert _eliminate([_c((1, -1), 0, EQ), _c((1, 1), -2, GT), _c((0, -1), 1, GT)], 2) is None
    # x = y, x + y > 2, y < 2: y in (1, 2)
    assert _eliminate([_c((1, -1), 0, EQ), _c((1, 1), -2, GT), _c((0, -1), 2, GT)], 2) is not None


def test_contradictory_equalities_leave_nothing() -> None:
    assert _eliminate([_c((1, 1), 0, EQ), _c((1, 1), -1, EQ)], 2) is None


# ---------------------------------------------------------------- statements


@pytest.mark.parametrize(
    "claim",
    [
        "iff(H(x) == 1, x > 0)",
        "iff(H(2*x - y) == 0, y > 2*x)",
        "Max(x, y) >= x",
        "Max(x, y) + Min(x, y) == x + y",
        "Abs(x - y) == Max(x, y) - Min(x, y)",
        "iff(sign(x) == 1, And(Abs(x) == x, x != 0))",
        "implies(x > 1, 2*x - 1 > x)",
        "iff(relu(x - 1) > 0, x > 1)",
        "H(H(x) - 1/2) == H(x)",
    ],
)
def test_true_statements_are_proved(claim: str) -> None:
    assert _decide(claim).holds is True


def test_the_three_layer_threshold_network_of_section_2() -> None:
    where = (
        "    where:\n      h1: H(-4/3*x - y + 4)\n      h2: H(-5/3*x + y + 5)\n"
        "      h3: H(5/4*x + y + 5)\n      f: H(h1 + h2 + h3 - 2.5)\n"
    )
    ok = "iff(f == 1, And(-4/3*x - y + 4 > 0, 5/3*x - y - 5 < 0, -5/4*x - y - 5 < 0))"
    assert _decide(ok, extra=where).holds is True
    # The document's weight 3/4: false on a region; the point found is really a counterexample.
    wrong = "iff(f == 1, And(3/4*x - y + 4 > 0, 5/3*x - y - 5 < 0, -5/4*x - y - 5 < 0))"
    result = _decide(wrong, extra=where)
    assert result.holds is False and result.witness is not None
    inst = _instance(wrong, extra=where)
    assert inst.claim is not None
    assert formula_truth(inst.claim, result.witness) is False


def test_a_statement_false_only_on_a_line_is_refuted_with_a_point_of_the_line() -> None:
    # H(g) = 1/2 where g = 0: the iff fails only on the line 3x - 7y = 1,
    # which random points never hit; the region search lands on it.
    result = _decide("iff(H(3*x - 7*y - 1) == 1, 3*x - 7*y - 1 >= 0)")
    assert result.holds is False and result.witness is not None
    x, y = sorted(result.witness, key=str)
    assert 3 * result.witness[x] - 7 * result.witness[y] - 1 == 0
    body = 'claims:\n  - id: c\n    title: t\n    symbols: {x: real, y: real}\n    claim: "iff(H(3*x - 7*y - 1) == 1, 3*x - 7*y - 1 >= 0)"\n'
    result = check_claim(load_text(body, "c.yaml").claims[0])
    assert result.verdict is Verdict.REFUTED
    # the evidence: each relation's sides at the witness, and its truth there
    assert "1/2 == 1 is false, 0 >= 0 is true" in (result.detail or "")


def test_domains_bound_the_regions() -> None:
    assert _decide("x + y > 0", "{x: positive, y: nonnegative}").holds is True
    assert _decide("x < 3", '{x: "[0, 3)", y: real}').holds is True
    assert _decide("x < 3", '{x: "[0, 3]", y: real}').holds is False


def test_a_witness_outside_an_integer_domain_never_refutes() -> None:
    # Over the reals n = 1/2 breaks it; over the integers it holds.
    assert _decide("Or(n <= 0, n >= 1)", "{n: integer}").holds is False
    assert _verdict("Or(n <= 0, n >= 1)", "{n: integer}") is not Verdict.REFUTED


def test_nonlinear_and_complex_statements_are_left_to_other_methods() -> None:
    assert _decide("iff(x*y > 0, x > 0)").holds is None
    assert _decide("iff(exp(x) > 1, x > 0)").holds is None
    assert _decide("iff(x == 0, 2*x == 0)", "{x: complex, y: real}").holds is None


# ---------------------------------------------------------------- against brute force

_FORMS = st.tuples(st.integers(-3, 3), st.integers(-3, 3), st.integers(-4, 4))
_OPS = st.sampled_from([">", ">=", "<", "<=", "==", "!="])


def _form(t: tuple[int, int, int]) -> str:
    return f"({t[0]})*x + ({t[1]})*y + ({t[2]})"


@st.composite
def _statements(draw: st.DrawFn) -> str:
    rels = [
        f"{'H' if draw(st.booleans()) else 'relu'}({_form(draw(_FORMS))}) {draw(_OPS)} {_form(draw(_FORMS))}"
        for _ in range(draw(st.integers(1, 3)))
    ]
    joiner = draw(st.sampled_from(["And", "Or", "iff"]))
    if len(rels) == 1:
        return rels[0]
    if joiner == "iff":
        return f"iff({rels[0]}, {rels[-1]})"
    return f"{joiner}({', '.join(rels)})"


_GRID = [Fraction(k, 2) for k in range(-8, 9)] + [Fraction(1, 3), Fraction(-2, 7)]


@settings(max_examples=40, deadline=None)
@given(_statements())
def test_the_decision_agrees_with_exact_evaluation_on_a_grid(claim: str) -> None:
    inst = _instance(claim)
    assert inst.claim is not None
    result = prove_linear(inst.claim, inst.variables, inst.conditions)
    assert result.holds is not None
    x, y = (v.symbol for v in inst.variables)
    if result.holds:
        for a, b in itertools.product(_GRID, repeat=2):
            point = {x: sympy.Rational(a.numerator, a.denominator), y: sympy.Rational(b.numerator, b.denominator)}
            assert formula_truth(inst.claim, point) is not False, point
    else:
        assert result.witness is not None
        point = {x: result.witness.get(x, sympy.Integer(0)), y: result.witness.get(y, sympy.Integer(0))}
        assert formula_truth(inst.claim, point) is False


def test_the_search_stops_at_its_deadline_as_a_timeout() -> None:
    # Past the deadline the search does not answer "unknown" (which would make the
    # verdict depend on the machine's speed): it raises, and the claim times out.
    inst = _instance("iff(H(x) == 1, x > 0)")
    assert inst.claim is not None
    with pytest.raises(OutOfTime):
        prove_linear(inst.claim, inst.variables, inst.conditions, deadline=0.0)
    assert prove_linear(inst.claim, inst.variables, inst.conditions).holds is True
