"""Short forms without ``sympy.simplify``: equal to the input, and short."""

from __future__ import annotations

import sympy

from derivcheck.engine.shorten import is_zero, shorten

x, y = sympy.symbols("x y", positive=True)


def test_a_sum_over_a_common_denominator_becomes_one_fraction() -> None:
    e = 1 / x + 1 / y
    assert sympy.count_ops(shorten(e)) <= sympy.count_ops(e)
    assert sympy.cancel(shorten(e) - e) == 0


def test_a_difference_that_cancels_is_zero() -> None:
    assert shorten((x + 1) ** 2 - x**2 - 2 * x - 1) == 0
    assert is_zero(sympy.log(x * y) - sympy.log(x) - sympy.log(y))


def test_a_nonzero_difference_is_never_called_zero() -> None:
    assert not is_zero(sympy.log(x + y) - sympy.log(x) - sympy.log(y))
    assert not is_zero(sympy.exp(x) - 1 - x)


def test_the_shortest_form_keeps_its_value() -> None:
    e = sympy.exp(-((x - 1) ** 2) / 2) + sympy.exp(-(x**2) / 2) - 1 + (x - 1) ** 2 - x**2 + 2 * x - 1
    s = shorten(e)
    assert sympy.count_ops(s) < sympy.count_ops(e)
    for value in (sympy.Rational(1, 3), sympy.Integer(2)):
        assert sympy.simplify((s - e).subs(x, value)) == 0


def test_numbers_and_symbols_are_their_own_short_form() -> None:
    assert shorten(sympy.Integer(3)) == 3
    assert shorten(x) == x
