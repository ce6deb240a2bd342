"""Limits: SymPy's ``limit`` after piecewise atoms are resolved, with sign
splits on parameters, and a closed form for exponentials at infinity."""

from __future__ import annotations

import pytest
import sympy

from derivcheck.engine.limits import NoLimit, compute_limit

x = sympy.Symbol("x", real=True)
t = sympy.Symbol("t", real=True)
p = sympy.Symbol("p", positive=True)


def sigmoid(z: sympy.Expr) -> sympy.Expr:
    return 1 / (1 + sympy.exp(-z))


def test_the_sigmoid_of_t_x_tends_to_the_heaviside_step_as_t_grows() -> None:
    assert compute_limit(sigmoid(t * x), t, sympy.oo) == sympy.Piecewise((1, x > 0), (0, x < 0), (sympy.S.Half, True))


@pytest.mark.parametrize(
    ("f", "point", "value"),
    [
        (sigmoid(p * t), sympy.oo, 1),
        (sigmoid(p * t), -sympy.oo, 0),
        (sympy.exp(p * t) / (1 + sympy.exp(p * t)), sympy.oo, 1),
        ((sympy.exp(t) + 1) / (sympy.exp(t) + 2), sympy.oo, 1),
        ((sympy.exp(t) + 1) / (sympy.exp(t) + 2), -sympy.oo, sympy.S.Half),
        # Not a rational function of exponentials alone, or not continuous at 0:
        # these go to SymPy's limit, with the same answers.
        (t * sympy.exp(-t), sympy.oo, 0),
        (sympy.exp(t) - sympy.exp(2 * t), sympy.oo, -sympy.oo),
        (sympy.exp(2 * t) / (sympy.exp(t) + 1), sympy.oo, sympy.oo),
    ],
)
def test_limits_at_infinity_of_exponentials(f: sympy.Expr, point: sympy.Expr, value: sympy.Expr) -> None:
    assert compute_limit(f, t, point) == value
    assert sympy.limit(f, t, point) == value  # the closed form agrees with SymPy


def test_a_jump_has_no_two_sided_limit() -> None:
    assert isinstance(compute_limit(sympy.Heaviside(t, sympy.S.Half), t, 0), NoLimit)
    assert compute_limit(sympy.Heaviside(t, sympy.S.Half), t, 0, "+") == 1


def test_the_relu_difference_quotient_at_zero_from_each_side() -> None:
    q = sympy.Max(0, t) / t
    assert compute_limit(q, t, 0, "+") == 1
    assert compute_limit(q, t, 0, "-") == 0


# SymPy's limit has known wrong answers; a value the numbers clearly contradict is withheld.
C, M1, M2, a = sympy.symbols("C M1 M2 a", positive=True)
k = sympy.Symbol("k", real=True)
ACOUSTIC = sympy.sqrt(2 * C * ((M1 + M2) - sympy.sqrt((M1 + M2) ** 2 - M1 * M2 * (2 - 2 * sympy.cos(k * a)))) / (2 * M1 * M2))


def test_a_wrong_answer_of_sympy_is_withheld() -> None:
    slope = compute_limit(sympy.diff(ACOUSTIC, k), k, 0, "+")  # SymPy 1.14 says 0 (sympy/sympy#23525)
    assert slope != 0
    if not isinstance(slope, sympy.Limit):  # a fixed SymPy: then the value must be the right one
        assert sympy.simplify(slope - a * sympy.sqrt(C / (2 * (M1 + M2)))) == 0


@pytest.mark.parametrize(
    ("g", "point", "direction", "value", "contradicted"),
    [
        (sympy.sin(t) / t, 0, "+", 1, False),
        (sympy.sin(t) / t, 0, "+", 2, True),  # settles on 1, not 2
        (t * sympy.log(t), 0, "+", 0, False),
        (1 / sympy.log(1 / t), 0, "+", 0, False),  # converges too slowly to settle: no verdict
        (1 / t**2, 0, "+", sympy.oo, False),
        (1 / t**2, 0, "+", 5, True),  # grows past any finite value
        (sympy.atan(t), sympy.oo, "-", sympy.pi / 2, False),
        (sympy.atan(t), sympy.oo, "-", sympy.oo, True),  # settles on pi/2
        (sympy.exp(-p * t), sympy.oo, "-", 0, False),
        (sympy.exp(-p * t), sympy.oo, "-", 1, True),
    ],
)
def test_a_limit_value_is_checked_against_the_numbers(
    g: sympy.Expr, point: sympy.Expr, direction: str, value: sympy.Expr, contradicted: bool
) -> None:
    from derivcheck.engine.limits import _contradicted

    assert (_contradicted(g, t, sympy.S(point), direction, sympy.S(value)) is not None) is contradicted


def test_a_claim_on_a_withheld_limit_is_undecided_and_says_why() -> None:
    from derivcheck.checking import check_claim
    from derivcheck.loader import load_text
    from derivcheck.model import Verdict

    body = (
        "claims:\n  - id: slope\n    title: t\n    symbols: {C: positive, M1: positive, M2: positive, a: positive, k: real}\n"
        "    where:\n      w: sqrt(2*C*((M1 + M2) - sqrt((M1 + M2)**2 - M1*M2*(2 - 2*cos(k*a))))/(2*M1*M2))\n"
        "    claim: \"limit(diff(w, k), k, 0, '+') == 0\"\n"
    )
    result = check_claim(load_text(body, "c.yaml").claims[0])
    assert result.verdict is Verdict.UNDECIDED
    assert "SymPy's limit gave 0, but the expression is 0.5 at k = 1.0e-15" in (result.detail or "")
    # The point is data, not words: the variable near the point, and the other unknowns.
    (why,) = getattr(result.evidence, "withheld", ())
    assert why.near == (("k", "1.0e-15"),) and dict(why.point) == {"C": "1", "M1": "1", "M2": "1", "a": "1"}
    assert "k = " not in why.reason and "C = " not in why.reason
