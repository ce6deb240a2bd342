"""Counterexamples far out along one unknown, and three rewritings of inequalities.

Labels come from outside the engine: a far witness is re-judged here in exact
rational arithmetic (``fractions.Fraction``), a rewriting is compared with the
expression it must equal by hand, and each rewriting is also shown to refuse the
shape where it would be unsound (a Max above a bound, an unknown outside the
exponentials, a condition that does not make the simplex's last entry
nonnegative).
"""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy

from derivcheck.engine import far, nonlinear
from derivcheck.engine.conditioned import ordered_under_conditions
from derivcheck.engine.exppowers import as_powers
from derivcheck.engine.extremes import per_argument
from derivcheck.formula import Rel
from derivcheck.problem import Variable

x = sympy.Symbol("x", positive=True)
X = [Variable(x, "x")]


def _far(lhs: sympy.Expr, rhs: sympy.Expr) -> list[dict[sympy.Symbol, sympy.Expr]]:
    return list(far.far_points(Rel("<=", lhs, rhs), X))


def test_round_numbers_of_an_octave() -> None:
    assert far.round_numbers(16384, 32768, 1) == [20000, 30000]
    assert far.round_numbers(16384, 32768, 2)[:3] == [17000, 18000, 19000]
    assert all(len(str(v).rstrip("0")) == 3 for v in far.round_numbers(16384, 32768, 3))


def test_a_rare_exponential_counterexample_is_proposed_as_a_round_number() -> None:
    points = _far(sympy.Rational(1001, 1000) ** x, x**2 + x + 1)
    assert points[0] == {x: 20000}
    # The label, in exact rationals: 1.001**20000 > 20000**2 + 20000 + 1 (the crossing is at 19796.46...).
    assert Fraction(1001, 1000) ** 20000 > 20000**2 + 20000 + 1
    assert Fraction(1001, 1000) ** 19000 <= 19000**2 + 19000 + 1


def test_a_walk_towards_minus_infinity() -> None:
    y = sympy.Symbol("y", real=True)
    points = list(far.far_points(Rel("<=", sympy.exp(-y / 1000), y**2 + 2), [Variable(y, "y")]))
    assert points and points[0] == {y: -20000}


def test_a_true_exponential_bound_gets_no_proposal() -> None:
    # 1.001**x = exp(x log 1.001) and log 1.001 < 1: it never exceeds exp(x).
    assert _far(sympy.Rational(1001, 1000) ** x, sympy.exp(x)) == []


def test_the_walk_stops_before_exact_values_grow_too_large() -> None:
    # False only near x = 1.7e7: judging 1.001**(2**24) exactly would take 2**24·20 bits;
    # the walk stops first, and proposes nothing.
    assert _far(sympy.Rational(1001, 1000) ** x, x**1000) == []
    assert not far._affordable(far.Compiled("<=", sympy.Rational(1001, 1000) ** x, x), {x: sympy.Integer(2**30)})
    assert not far._affordable(far.Compiled("<=", sympy.factorial(x), x), {x: sympy.Integer(2**20)})


a, b, c = sympy.symbols("a b c", real=True)


def test_a_max_below_a_bound_is_one_inequality_per_argument() -> None:
    cases = per_argument(sympy.sqrt(a**2 + b**2) - sympy.Max(sympy.Abs(a), sympy.Abs(b)))
    assert cases is not None
    assert {sympy.expand(e) for e in cases} == {sympy.sqrt(a**2 + b**2) - sympy.Abs(a), sympy.sqrt(a**2 + b**2) - sympy.Abs(b)}
    assert per_argument(a + b - 2 * sympy.Min(a, b) + 1) is None  # a Min above a bound: a minimum of cases, no
    cases = per_argument(sympy.Min(a, b) - c)
    assert cases is not None and {sympy.expand(e) for e in cases} == {a - c, b - c}


def test_a_max_above_a_bound_is_not_split_per_argument() -> None:
    # Max(a, b) >= 1 holds at a = 2, b = 0 though b >= 1 fails there: no equivalence.
    assert per_argument(sympy.Max(a, b) - 1) is None
    assert per_argument(1 - sympy.Min(a, b)) is None


def test_exponentials_as_integer_powers() -> None:
    d = sympy.exp(a) + sympy.exp(b) + sympy.exp(c) - 3 * sympy.exp((a + b + c) / 3)
    e = as_powers(d)
    assert e is not None and not e.has(sympy.exp) and not e.free_symbols & {a, b, c}
    (u, v, w) = sorted(e.free_symbols, key=lambda s: s.name)
    assert sympy.expand(e - (u**3 + v**3 + w**3 - 3 * u * v * w)) == 0
    assert as_powers(sympy.exp(a) - a - 1) is None  # a also outside an exponential
    assert as_powers(sympy.exp(a * b) - 1) is None  # not a power of one unknown


p1, p2 = sympy.symbols("p_1 p_2", nonnegative=True)
x1, x2, x3 = sympy.symbols("x_1 x_2 x_3", real=True)
SIMPLEX = [Variable(p1, "p[1]", sympy.Integer(0), sympy.Integer(1), False, False),
           Variable(p2, "p[2]", sympy.Integer(0), sympy.Integer(1), False, False),
           *(Variable(s, f"x[{i}]") for i, s in enumerate((x1, x2, x3), 1))]  # fmt: skip
DOT_BELOW_MAX = sympy.Max(x1, x2, x3) - (p1 * x1 + p2 * x2 + (1 - p1 - p2) * x3)


@pytest.mark.skipif(not nonlinear.AVAILABLE, reason="z3 (the nra extra) is not installed")
def test_the_largest_argument_split_uses_the_simplex_condition() -> None:
    assert ordered_under_conditions(DOT_BELOW_MAX, False, [Rel("<=", p1 + p2, sympy.Integer(1))], SIMPLEX, 0)


@pytest.mark.skipif(not nonlinear.AVAILABLE, reason="z3 (the nra extra) is not installed")
def test_without_the_condition_the_split_proves_nothing() -> None:
    assert not ordered_under_conditions(DOT_BELOW_MAX, False, [], SIMPLEX, 0)
    # p1 + p2 <= 2 allows p = (1, 1, -1), x = (0, 0, -1): dot = 1 > 0 = max, the claim is false.
    assert not ordered_under_conditions(DOT_BELOW_MAX, False, [Rel("<=", p1 + p2, sympy.Integer(2))], SIMPLEX, 0)
    assert not ordered_under_conditions(DOT_BELOW_MAX, False, [Rel("<=", p1 + p2, sympy.Integer(1))], SIMPLEX, 1)
