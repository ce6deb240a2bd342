"""Weighted sums of squares: the kernel's rules (derivcheck/kernel/weighted.py) and the engine's proposals.

The verdicts of tests/corpus/weighted.yaml are checked by tests/test_engine.py;
here the witness each false claim's note gives is evaluated with mpmath, apart
from the engine, and the strategy is asked directly about forms written by hand:
it proves the true ones and none of the false ones (which the numeric screen
refutes before any strategy is tried, so the corpus alone would not show it).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import mpmath
import pytest
import sympy

from derivcheck.engine import weighted as engine_weighted
from derivcheck.kernel import weighted
from derivcheck.loader import load_file

CORPUS = Path(__file__).parent / "corpus" / "weighted.yaml"
CLAIMS = {c.id: c for c in load_file(CORPUS).claims}

mp = mpmath.mp


def _sigmoid(t: Any) -> Any:
    return 1 / (1 + mpmath.exp(-t))


# Each false claim at the witness of its note: the claim's two sides, written by hand.
FALSE: dict[str, tuple[Callable[[], Any], Callable[[], Any]]] = {
    "wsq-exp-cross-too-large": (lambda: mpmath.exp(0) * 1 + 3 * 1 * (-1) + mpmath.exp(0) * 1, lambda: 0),
    "wsq-one-weight-negative": (lambda: _sigmoid(0) * 0 + (_sigmoid(-1) - mpmath.mpf(1) / 2) * 1, lambda: 0),
    "wsq-small-weight-negative": (lambda: (_sigmoid(-5) - mpmath.mpf(1) / 100) * 1 + mpmath.exp(-5) * 0, lambda: 0),
    "wsq-softmax-variance-sign-slip": (lambda: (mpmath.mpf(1) / 2 - mpmath.mpf(1) / 2) ** 2 - mpmath.mpf(1) / 2 - mpmath.mpf(1) / 2, lambda: 0),
    # X = I, w = 0: the Hessian is I/4, v = e1.
    "wsq-logistic-hessian-twice-gram": (lambda: _sigmoid(0) * _sigmoid(0), lambda: mpmath.mpf(1) / 2),
}


@pytest.mark.parametrize("claim_id", sorted(FALSE))
def test_the_witness_of_a_false_claim_refutes_it(claim_id: str) -> None:
    assert CLAIMS[claim_id].expect.value == "refuted"
    lhs, rhs = FALSE[claim_id]
    with mp.workdps(50):
        assert lhs() < rhs()


a, b, t, x, y, z = sympy.symbols("a b t x y z", real=True)
X = sympy.symbols("x1:4", real=True)
V = sympy.symbols("v1:4", real=True)


def _sig(u: sympy.Expr) -> sympy.Expr:
    return 1 / (1 + sympy.exp(-u))


def _softmax_variance(c: int) -> sympy.Expr:
    """Σ sₖvₖ² − c·(Σ sₖvₖ)² with s = softmax(x): a variance (≥ 0) for c = 1, negative somewhere for c > 1."""
    total = sum(sympy.exp(u) for u in X)
    s = [sympy.exp(u) / total for u in X]
    return sum(sk * vk**2 for sk, vk in zip(s, V, strict=True)) - c * sum(sk * vk for sk, vk in zip(s, V, strict=True)) ** 2


TRUE_FORMS = {
    "weighted square": _sig(a) * (x + y) ** 2 + sympy.exp(b) * z**2,
    "rank-one cross term": sympy.exp(a) * x**2 + 2 * x * y + sympy.exp(-a) * y**2,
    "quarter bound": (x + y) ** 2 / 4 - _sig(t) * _sig(-t) * (x + y) ** 2,
    "softmax variance, three entries": _softmax_variance(1),
}

# False, each with a point (checked here exactly or with mpmath) where it is negative.
FALSE_FORMS: dict[str, tuple[sympy.Expr, dict[sympy.Symbol, Any]]] = {
    "cross term too large": (sympy.exp(a) * x**2 + 3 * x * y + sympy.exp(-a) * y**2, {a: 0, x: 1, y: -1}),
    "a weight that can be negative": (_sig(a) * x**2 + (_sig(b) - sympy.Rational(1, 2)) * y**2, {a: 0, b: -1, x: 0, y: 1}),
    "a small negative region": ((_sig(t) - sympy.Rational(1, 100)) * x**2 + sympy.exp(t) * y**2, {t: -5, x: 1, y: 0}),
    "twice the variance": (_softmax_variance(2), {X[0]: 0, X[1]: 0, X[2]: 0, V[0]: 1, V[1]: 1, V[2]: 1}),
    "bound by 1/8": ((x + y) ** 2 / 8 - _sig(t) * _sig(-t) * (x + y) ** 2, {t: 0, x: 1, y: 0}),
}


@pytest.mark.parametrize("name", sorted(TRUE_FORMS))
def test_a_sum_of_weighted_squares_is_proved(name: str) -> None:
    assert engine_weighted.prove_nonnegative(TRUE_FORMS[name], False)


@pytest.mark.parametrize("name", sorted(TRUE_FORMS))
def test_a_strict_inequality_gets_no_certificate(name: str) -> None:
    # Each is 0 somewhere (x = y = z = 0): the rule never answers for ">".
    assert not engine_weighted.prove_nonnegative(TRUE_FORMS[name], True)


@pytest.mark.parametrize("name", sorted(FALSE_FORMS))
def test_a_form_negative_somewhere_is_not_proved(name: str) -> None:
    d, point = FALSE_FORMS[name]
    with mp.workdps(50):
        assert sympy.N(d.subs(point), 50) < 0
    assert not engine_weighted.prove_nonnegative(d, False)


def _proposing(terms: list[weighted.Term]) -> Callable[[sympy.Expr, weighted.Fractions], list[weighted.Term]]:
    return lambda atomized, fractions: terms


def test_the_kernel_accepts_a_right_certificate() -> None:
    assert weighted.certifies(x**2 + 2 * x * y + 2 * y**2, _proposing([(sympy.Integer(1), x + y), (sympy.Integer(1), y)]))


def test_the_kernel_refuses_a_negative_weight_even_when_the_identity_holds() -> None:
    # x² = −1·x² + 2·x²: the identity is right, one weight is not ≥ 0.
    assert not weighted.certifies(x**2, _proposing([(sympy.Integer(-1), x), (sympy.Integer(2), x)]))


def test_the_kernel_refuses_a_wrong_identity() -> None:
    assert not weighted.certifies(x**2 - y**2, _proposing([(sympy.Integer(1), x)]))


def test_the_kernel_refuses_a_weight_without_a_value_somewhere() -> None:
    # x² = (x²/y²)·y² as fractions, but x²/y² has no value at y = 0: rule W3.
    assert not weighted.certifies(x**2, _proposing([(x**2 / y**2, y)]))


def test_the_kernel_refuses_what_is_not_rational_in_exponentials() -> None:
    assert weighted.atomized(sympy.log(x) * y**2) is None
    assert not weighted.certifies(sympy.Abs(x) * y**2, _proposing([(sympy.Integer(1), y)]))


def test_exponentials_of_one_argument_are_one_positive_unknown() -> None:
    e = weighted.atomized(sympy.exp(2 * a) + sympy.exp(-a) + sympy.exp(a + b))
    assert e is not None
    atoms = sorted(e.free_symbols, key=sympy.default_sort_key)
    assert len(atoms) == 2 and all(s.is_positive for s in atoms)  # exp(a), exp(a + b)
