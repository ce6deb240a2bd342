"""Property-based soundness: on random expressions, no verdict is ever wrong.

* ``e == e`` is never refuted;
* ``e == e + c`` with a constant c ≠ 0 is never proved;
* the derivative the language builds agrees with a central finite difference
  computed at high precision.

The examples are bounded (this is part of the suite); longer fuzzing lives in
``fuzz/``.
"""

from __future__ import annotations

import mpmath
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from derivcheck.checking import check_claim
from derivcheck.engine.numeric import Undefined, compile_expr
from derivcheck.loader import load_text
from derivcheck.model import Location, Text, Verdict
from derivcheck.evaluate import read
from derivcheck.problem import Scope

LEAVES = st.sampled_from(["x", "y", "2", "1/3", "0.5", "3"])
UNARY = st.sampled_from(["exp", "sigmoid", "sin", "cos", "tanh", "atan"])


def _expr(depth: int = 3) -> st.SearchStrategy[str]:
    if depth == 0:
        return LEAVES
    sub = _expr(depth - 1)
    return st.one_of(
        LEAVES,
        st.tuples(sub, st.sampled_from(["+", "-", "*"]), sub).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(sub, sub).map(lambda t: f"({t[0]})/(1 + ({t[1]})**2)"),
        st.tuples(UNARY, sub).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(sub, st.integers(2, 3)).map(lambda t: f"({t[0]})**{t[1]}"),
        sub.map(lambda s: f"log(1 + ({s})**2)"),
    )


EXPRESSIONS = _expr()
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _verdict(claim_text: str) -> Verdict:
    body = f'claims:\n  - id: p\n    title: t\n    symbols: {{x: real, y: real}}\n    claim: "{claim_text}"\n'
    loaded = load_text(body, "p.yaml")
    assert not loaded.failures, loaded.failures
    return check_claim(loaded.claims[0], timeout=10).verdict


@SETTINGS
@given(EXPRESSIONS)
def test_an_expression_equals_itself(e: str) -> None:
    assert _verdict(f"{e} == {e}") is not Verdict.REFUTED


@SETTINGS
@given(EXPRESSIONS, st.sampled_from(["1", "-2", "1/1000", "3/7"]))
def test_an_expression_never_equals_itself_plus_a_constant(e: str, c: str) -> None:
    assert _verdict(f"{e} == {e} + {c}") is not Verdict.PROVED


@settings(max_examples=60, deadline=None)
@given(EXPRESSIONS, st.fractions(min_value=-3, max_value=3, max_denominator=20))
def test_derivatives_agree_with_finite_differences(e: str, at: object) -> None:
    x = sympy.Symbol("x", real=True)
    y = sympy.Symbol("y", real=True)
    scope = Scope(names={"x": x, "y": y})
    f = read(Text(e, Location("p.yaml", 1, 1)), scope)
    df = read(Text(f"diff({e}, x)", Location("p.yaml", 1, 1)), scope)
    point = sympy.Rational(str(at))
    y0 = sympy.Rational(2, 7)
    with mpmath.workdps(80):
        env = {x: mpmath.mpf(point.p) / point.q, y: mpmath.mpf(2) / 7}
        try:
            fn, dfn = compile_expr(f), compile_expr(df)
            h = mpmath.mpf(10) ** -30
            up = fn({**env, x: env[x] + h})
            down = fn({**env, x: env[x] - h})
            exact = dfn(env)
        except (Undefined, ZeroDivisionError):
            return
        estimate = (up - down) / (2 * h)
        # Central differences err by O(h²) = 1e-60; 80 digits leave room for rounding.
        assert abs(estimate - exact) <= mpmath.mpf(10) ** -40 * max(1, abs(exact)), (e, point, y0)
