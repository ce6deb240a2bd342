"""The batch benchmark's generated labels, checked by a route apart from the one that made them.

``bench/batch_gen.py`` labels its claims with its own exact/50-digit interpreter
(``bench/batch_label.py``). Here SymPy judges the same strings: a true claim's two sides must
simplify to the same expression under the declared assumptions, and a false claim's recorded
witness must make the two sides differ when substituted exactly and evaluated at 50 digits.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import sympy
from sympy.parsing.sympy_parser import parse_expr

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import batch_gen  # noqa: E402
from batch_label import compare  # noqa: E402

CLAIMS = list(batch_gen.claims(50))


def _sides(rec: dict) -> tuple[sympy.Expr, sympy.Expr, dict[str, sympy.Symbol]]:
    names = {
        k: sympy.Symbol(k, positive=True) if v == "positive" else sympy.Symbol(k, real=True)
        for k, v in rec["symbols"].items()
    }
    lhs, rhs = rec["claim"].split(" == ")
    return parse_expr(lhs, local_dict=dict(names)), parse_expr(rhs, local_dict=dict(names)), names


def test_half_true_half_slipped_over_every_family() -> None:
    assert sum(r["expect"] == "holds" for r in CLAIMS) == 25
    assert {r["_family"] for r in CLAIMS} == {
        "expand", "factor", "powers", "partial fractions", "common denominator", "log", "exp", "derivative",
    }  # fmt: skip
    assert all(r["_slip"] != "none" for r in CLAIMS if r["expect"] == "refuted")


@pytest.mark.parametrize("rec", [r for r in CLAIMS if r["expect"] == "holds"], ids=lambda r: r["id"])
def test_a_true_label_is_an_identity(rec: dict) -> None:
    lhs, rhs, _ = _sides(rec)
    assert sympy.expand(sympy.expand_log(sympy.cancel(lhs - rhs), force=True)) == 0


@pytest.mark.parametrize("rec", [r for r in CLAIMS if r["expect"] == "refuted"], ids=lambda r: r["id"])
def test_a_false_label_has_a_witness_where_the_sides_differ(rec: dict) -> None:
    lhs, rhs, names = _sides(rec)
    point = {names[k]: sympy.Rational(v) for k, v in rec["_witness"].items()}
    left, right = sympy.N(lhs.subs(point), 50), sympy.N(rhs.subs(point), 50)
    assert abs(left - right) > sympy.Float(10) ** -20 * (1 + abs(left) + abs(right))


def test_the_interpreter_differentiates_by_the_rules_of_calculus() -> None:
    from fractions import Fraction

    # d/dx x**3*exp(2x) = (3x**2 + 2x**3) exp(2x): at x = 1/2 both sides are 1 * e.
    assert compare("diff(x**3*exp(2*x), x) == (3*x**2 + 2*x**3)*exp(2*x)", {"x": Fraction(1, 2)}) is True
    assert compare("diff(x**3*exp(2*x), x) == 3*x**2*exp(2*x)", {"x": Fraction(1, 2)}) is False
    # rational functions are compared exactly: 1/3 + 1/3 is 2/3, not 0.6666...
    assert compare("1/(x + 1) + 1/(x + 1) == 2/(x + 1)", {"x": Fraction(2)}) is True
