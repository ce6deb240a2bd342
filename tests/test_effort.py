"""Counted effort in the decision: the cheap refutation before the expensive proofs, and
steps that give up on large expressions instead of spending seconds on them.

Each limit may only make a step give up, never accept; the labels here are
exact arithmetic and counts done by hand, apart from the engine.
"""

from __future__ import annotations

from typing import Any

import mpmath
import pytest
import sympy

from derivcheck.checking import check_claim
from derivcheck.engine import decide, solving
from derivcheck.engine.rewritings import FACTOR_MAX_TERMS, factorable
from derivcheck.engine.strategies import Context, _positivity
from derivcheck.formula import Rel
from derivcheck.loader import load_text
from derivcheck.model import Claim, Verdict
from derivcheck.semantics import build


def _claim(text: str, symbols: str) -> Claim:
    return load_text(f'claims:\n  - id: c\n    title: t\n    symbols: {symbols}\n    claim: "{text}"\n', "c.yaml").claims[0]


def test_a_long_sum_is_not_factored_but_a_short_one_is() -> None:
    xs = sympy.symbols("x1:11", real=True)
    long = sympy.expand(sum(xs) ** 2)  # 10 squares + C(10, 2) = 45 products: 55 terms
    assert len(long.args) == 55 > FACTOR_MAX_TERMS
    assert not factorable(long, sympy.Integer(1))
    # True (a square) but not shown: the limit gives up, it never accepts.
    assert _positivity(long, Context([]), False) is False
    x, y = xs[:2]
    assert _positivity(sympy.expand((x - y) ** 2), Context([]), False) is True  # 3 terms: factored, a square


def test_a_point_solved_for_refutes_before_any_expensive_proof(monkeypatch: pytest.MonkeyPatch) -> None:
    expensive: list[Any] = []
    real = decide._prove

    def watched(*args: Any, **kwargs: Any) -> str | None:
        if kwargs.get("expensive"):
            expensive.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(decide, "_prove", watched)
    result = check_claim(_claim("x**2 - 3*x/10 + 1/50 != 0", "{x: real}"))
    assert result.verdict is Verdict.REFUTED and result.witness is not None
    x = sympy.Rational(sympy.sympify(result.witness["x"]))
    assert x**2 - sympy.Rational(3, 10) * x + sympy.Rational(1, 50) == 0  # a root: 1/10 or 1/5
    assert expensive == []


def test_the_far_points_follow_the_solved_ones() -> None:
    inst = build(_claim("(1001/1000)**x <= x**2 + x + 1", "{x: positive}")).instances[0]
    assert isinstance(inst.claim, Rel)
    near, far_out = solving.staged(inst.claim, inst.conditions, inst.variables)
    far = far_out()
    assert far
    (x,) = [v.symbol for v in inst.variables]
    # The bound fails only past x = 19796.46... (1.001^x overtakes the quadratic there).
    with mpmath.workdps(50):
        false_at = [p for p in far if mpmath.power(mpmath.mpf(1001) / 1000, mpmath.mpf(p[x])) > mpmath.mpf(p[x]) ** 2 + p[x] + 1]
    assert false_at
    assert solving.proposals(inst.claim, inst.conditions, inst.variables) == near + far
