"""Statements about threshold units, decided through the values of their steps (engine/heavisides.py).

Each truth is argued by hand in a comment: with H(0) = 1/2, a step H(g) is 0, 1/2 or 1.
"""

from __future__ import annotations

import sympy

from derivcheck import api
from derivcheck.engine.heavisides import proved_by_values
from derivcheck.formula import Connective, Rel
from derivcheck.model import Verdict

x, y, w, b = sympy.symbols("x y w b", real=True)
H = lambda e: sympy.Heaviside(e, sympy.S.Half)  # noqa: E731


def test_a_network_of_steps_with_free_weights_is_proved() -> None:
    # Three hidden steps of free affine arguments, an output step of their sum minus 2.5: each
    # h_j is 0, 1/2 or 1, so h_1 + h_2 + h_3 - 2.5 > 0 exactly when all three are 1.
    result = api.check(
        "And(iff(f == 1, s > 0), iff(s > 0, And(h1 == 1, h2 == 1, h3 == 1)))",
        symbols={n: "real" for n in ("x1", "x2", "w11", "w21", "w12", "w22", "w13", "w23", "b1", "b2", "b3")},
        where={
            "h1": "H(w11*x1 + w21*x2 + b1)",
            "h2": "H(w12*x1 + w22*x2 + b2)",
            "h3": "H(w13*x1 + w23*x2 + b3)",
            "s": "h1 + h2 + h3 - 2.5",
            "f": "H(s)",
        },
    )
    assert result.verdict is Verdict.PROVED, result.detail
    assert "step values" in result.detail


def test_a_false_statement_about_steps_is_never_proved() -> None:
    # f = H(h1 + h2 - 1.5) is 1 only when both are 1: at h1 = 1, h2 = 0 (x > 0 > y) f = 0.
    result = api.check(
        "iff(H(H(x) + H(y) - 1.5) == 1, H(x) == 1)",
        symbols={"x": "real", "y": "real"},
    )
    assert result.verdict is Verdict.REFUTED, result.detail


def test_values_no_point_realises_prove_nothing() -> None:
    # H(x) + H(-x) = 1 for every x (1/2 + 1/2 at 0), but the steps' values taken apart include
    # 1 + 1: the strategy does not prove it, and it must not be taken for a refutation.
    rel = Rel("==", H(x) + H(-x), sympy.Integer(1))
    assert proved_by_values(rel) is False
    # Three values of one step: true whatever the step, so proved.
    zero, half, one = sympy.Integer(0), sympy.S.Half, sympy.Integer(1)
    three = Connective("or", (Rel("==", H(x * y), zero), Rel("==", H(x * y), half), Rel("==", H(x * y), one)))
    assert proved_by_values(three) is True


def test_an_unknown_outside_the_steps_or_a_binder_is_left_to_others() -> None:
    assert proved_by_values(Rel("<=", H(x) * y, y)) is False  # y outside a step
    inside = Rel("==", sympy.Integral(H(x), (x, 0, 1)), sympy.Integer(1))
    assert proved_by_values(inside) is False  # the step of an integral's own variable
    assert proved_by_values(Rel("<=", sympy.Heaviside(w * x + b, 0) + 1, sympy.Integer(2))) is True  # 0, 0 or 1
    assert proved_by_values(Rel("<=", H(x) + H(y), sympy.Integer(1))) is False  # 1 + 1 > 1
