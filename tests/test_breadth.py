"""Derivatives of floor off the integers, the largest argument of Max, and their neighbours.

Each claim below is a true or a false twin of a kind of claim the engine decides
through one rule: the derivative of floor, ceiling and frac off the integers
(no value at an integer argument), critical points around the hole of a nonzero
unknown, a quotient's sign from its numerator's, inverses undone on their
functions, the incomplete gammas' split of Γ, ``sign(u)/|u| = 1/u``, and Max or
Min split on its largest (smallest) argument. Each label comes with a hand
argument (in the claim's note) and is checked again here apart from the engine:
a true claim in mpmath at a few points of its domain, a refutation's witness by
evaluating both sides in mpmath (a derivative by mpmath's numerical
differentiation), which must differ there, at a point where the claim has a value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import mpmath
import pytest
import sympy

from derivcheck.checking import check_claim
from derivcheck.loader import load_text
from derivcheck.model import Verdict

mp = mpmath.mp
F = mpmath.mpf


def _d(f: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """The derivative by mpmath's own finite differences (at a point where f is smooth)."""
    return lambda x: mpmath.diff(f, x)


def _frac(x: Any) -> Any:
    return x - mpmath.floor(x)


def _not_integer(*values: Any) -> bool:
    return all(v != mpmath.floor(v) for v in values)


# id: (symbols, claim, holds?, note, the two sides at a point (x, y, z or s), where it has a value)
Sides = Callable[[dict[str, Any]], tuple[Any, Any]]
Has = Callable[[dict[str, Any]], bool]
CLAIMS: dict[str, tuple[str, str, bool, str, Sides, Has, list[dict[str, Any]]]] = {
    "ceiling-product": (
        "{x: real}", "diff(x*ceiling(x), x) == ceiling(x)", True,
        "ceiling is constant between integers, so (x ceiling x)' = ceiling x there",
        lambda p: (_d(lambda t: t * mpmath.ceil(t))(p["x"]), mpmath.ceil(p["x"])),
        lambda p: _not_integer(p["x"]), [{"x": F("0.3")}, {"x": F("-2.7")}],
    ),
    "ceiling-product-slip": (
        "{x: real}", "diff(x*ceiling(x), x) == ceiling(x) + 1", False,
        "treats ceiling' as 1/x; at x = 1/2 the left side is 1, the right side 2",
        lambda p: (mpmath.ceil(p["x"]), mpmath.ceil(p["x"]) + 1),
        lambda p: _not_integer(p["x"]), [],
    ),
    "floor-slope-one": (
        "{x: real}", "diff(floor(x), x) == 1", False,
        "floor' is 0 off the integers and has no value at them",
        lambda p: (F(0), F(1)), lambda p: _not_integer(p["x"]), [],
    ),
    "floor-square-chain": (
        "{x: real}", "diff(floor(x**2), x) == 2*x", False,
        "floor(x**2) is locally constant where x**2 is not an integer: 0 there, not 2x unless x = 0",
        lambda p: (F(0), 2 * p["x"]), lambda p: _not_integer(p["x"] ** 2), [],
    ),
    "fractional-part-square": (
        "{x: real}", "diff((x - floor(x))**2, x) == 2*(x - floor(x))", True,
        "x - floor(x) = x - n between the integers n and n + 1, slope 1",
        lambda p: (_d(lambda t: _frac(t) ** 2)(p["x"]), 2 * _frac(p["x"])),
        lambda p: _not_integer(p["x"]), [{"x": F("1.25")}, {"x": F("-0.6")}],
    ),
    "exp-minus-off-zero": (
        "{x: nonzero}", "exp(-x) > 1 - x", True,
        "exp(-x) - 1 + x has derivative 1 - exp(-x), zero only at 0, where it is 0",
        lambda p: (mpmath.exp(-p["x"]), 1 - p["x"]), lambda p: True, [{"x": F("0.01")}, {"x": F(-3)}],
    ),
    "exp-inverse-reflected": (
        "{x: \"(-1, oo)\"}", "exp(-x) <= 1/(1 + x)", True,
        "(1 + x) exp(-x) has derivative -x exp(-x), maximum 1 at 0, and 1 + x > 0",
        lambda p: (mpmath.exp(-p["x"]), 1 / (1 + p["x"])), lambda p: True, [{"x": F("-0.9")}, {"x": F(5)}],
    ),
    "exp-inverse-half-slip": (
        "{x: \"(-oo, 2)\"}", "exp(x) <= 1/(1 - x/2)", False,
        "at x = 1: e = 2.718... > 2",
        lambda p: (mpmath.exp(p["x"]), 1 / (1 - p["x"] / 2)), lambda p: p["x"] < 2, [],
    ),
    "asinh-sinh": (
        "{x: real}", "asinh(sinh(x)) == x", True, "sinh is one to one from the reals onto the reals",
        lambda p: (mpmath.asinh(mpmath.sinh(p["x"])), p["x"]), lambda p: True, [{"x": F(-3)}, {"x": F("0.5")}],
    ),
    "acosh-cosh-abs": (
        "{x: real}", "acosh(cosh(x)) == Abs(x)", True, "cosh is even and one to one on [0, oo)",
        lambda p: (mpmath.acosh(mpmath.cosh(p["x"])), abs(p["x"])), lambda p: True, [{"x": F(-2)}, {"x": F(3)}],
    ),
    "acosh-cosh-real-slip": (
        "{x: real}", "acosh(cosh(x)) == x", False, "at x = -1 the left side is 1",
        lambda p: (mpmath.acosh(mpmath.cosh(p["x"])), p["x"]), lambda p: True, [],
    ),
    "lowergamma-complement": (
        "{s: positive, x: nonnegative}", "lowergamma(s, x) + uppergamma(s, x) == gamma(s)", True,
        "Γ's integral split at x (at x = 0 the lower part is 0)",
        lambda p: (mpmath.gammainc(p["s"], 0, p["x"]) + mpmath.gammainc(p["s"], p["x"]), mpmath.gamma(p["s"])),
        lambda p: True, [{"s": F("0.5"), "x": F(2)}, {"s": F(3), "x": F(0)}],
    ),
    "incomplete-gamma-slip": (
        "{s: positive, x: positive}", "uppergamma(s, x) + lowergamma(s, x) == gamma(s + 1)", False,
        "the split gives Γ(s), and Γ(s + 1) = sΓ(s) differs unless s = 1",
        lambda p: (mpmath.gammainc(p["s"], p["x"]) + mpmath.gammainc(p["s"], 0, p["x"]), mpmath.gamma(p["s"] + 1)),
        lambda p: p["s"] > 0 and p["x"] > 0, [],
    ),
    "log-abs-cos": (
        "{x: real}", "diff(log(Abs(cos(x))), x) == -tan(x)", True, "d log|g| = g'/g with g = cos",
        lambda p: (_d(lambda t: mpmath.log(abs(mpmath.cos(t))))(p["x"]), -mpmath.tan(p["x"])),
        lambda p: True, [{"x": F(2)}, {"x": F("0.4")}],
    ),
    "log-abs-cos-slip": (
        "{x: real}", "diff(log(Abs(cos(x))), x) == tan(x)", False, "the sign of cos' dropped; false at x = 1",
        lambda p: (_d(lambda t: mpmath.log(abs(mpmath.cos(t))))(p["x"]), mpmath.tan(p["x"])),
        lambda p: mpmath.cos(p["x"]) != 0, [],
    ),
    "softmin-below-min": (
        "{x: real, y: real, z: real}", "-log(exp(-x) + exp(-y) + exp(-z)) <= Min(x, y, z)", True,
        "exp(-min) <= the sum of the exp(-x_i)",
        lambda p: (-mpmath.log(sum(mpmath.exp(-p[k]) for k in "xyz")), min(p[k] for k in "xyz")),
        lambda p: True, [{"x": F(1), "y": F(-2), "z": F(5)}, {"x": F(0), "y": F(0), "z": F(0)}],
    ),
    "lse-below-max-plus-log-2-slip": (
        "{x: real, y: real, z: real}", "log(exp(x) + exp(y) + exp(z)) <= Max(x, y, z) + log(2)", False,
        "three equal arguments give log 3 > log 2 above the max",
        lambda p: (mpmath.log(sum(mpmath.exp(p[k]) for k in "xyz")), max(p[k] for k in "xyz") + mpmath.log(2)),
        lambda p: True, [],
    ),
    "polylog-one": (
        "{x: \"(-oo, 1)\"}", "diff(polylog(1, x), x) == 1/(1 - x)", True,
        "polylog(1, x) = -log(1 - x) below 1",
        lambda p: (_d(lambda t: mpmath.polylog(1, t))(p["x"]), 1 / (1 - p["x"])),
        lambda p: p["x"] < 1, [{"x": F("-4")}, {"x": F("0.9")}],
    ),
    "dilog-sign-slip": (
        "{x: \"(0, 1)\"}", "diff(polylog(2, x), x) == log(1 - x)/x", False,
        "Li2' = -log(1 - x)/x, which is positive on (0, 1), not negative",
        lambda p: (_d(lambda t: mpmath.polylog(2, t))(p["x"]), mpmath.log(1 - p["x"]) / p["x"]),
        lambda p: 0 < p["x"] < 1, [],
    ),
}


def _claim(name: str) -> Any:
    symbols, text, holds, note, _, _, _ = CLAIMS[name]
    body = (
        "claims:\n"
        f"  - id: {name}\n    title: t\n    symbols: {symbols}\n    claim: \"{text}\"\n"
        f"    note: \"{note}\"\n" + ("" if holds else "    expect: refuted\n")
    )
    return load_text(body, f"{name}.yaml").claims[0]


def _holds_at(name: str, point: dict[str, Any]) -> bool:
    _, text, _, _, sides, _, _ = CLAIMS[name]
    left, right = sides(point)
    op = next(op for op in ("<=", ">=", "==", "<", ">") if f" {op} " in text)
    gap = mpmath.mpf(10) ** -20
    return {"<=": left <= right + gap, ">=": left + gap >= right, "==": abs(left - right) < gap,
            "<": left < right, ">": left > right}[op]


@pytest.mark.parametrize("name", sorted(CLAIMS))
def test_label_and_verdict(name: str) -> None:
    _, _, holds, _, _, has_value, points = CLAIMS[name]
    with mp.workdps(30):
        for p in points:  # the label, at points apart from the engine
            assert has_value(p) and _holds_at(name, p)
        result = check_claim(_claim(name))
        assert result.verdict is (Verdict.PROVED if holds else Verdict.REFUTED), result.detail
        if not holds:
            assert result.witness is not None
            w = {k: mpmath.mpf(sympy.Rational(sympy.sympify(v)).p) / sympy.Rational(sympy.sympify(v)).q
                 for k, v in result.witness.items()}
            assert has_value(w), f"the claim has no value at the witness {result.witness}"
            assert not _holds_at(name, w), result.witness



def _sigmoid(t: Any) -> Any:
    return 1 / (1 + mpmath.exp(-t))


def _normal(mu: Any, sigma: Any) -> Callable[[Any], Any]:
    return lambda t: mpmath.npdf(t, mu, sigma)


def _laplace(mu: Any, b: Any) -> Callable[[Any], Any]:
    return lambda t: mpmath.exp(-abs(t - mu) / b) / (2 * b)


# id: (parameter, distribution of X, g, the claimed value, holds?, the density at a parameter value)
# E g(X) = k/2 when g(t) + g(-t) = k for a density even about 0: sigmoid(t) + sigmoid(-t) = 1,
# tanh odd; a Normal centred at 1 is not even about 0, and E sigmoid(X) > 1/2 there.
EXPECTATIONS: dict[str, tuple[str, str, str, str, bool, Callable[[Any], Callable[[Any], Any]], Callable[[Any], Any]]] = {
    "sigmoid-laplace": ("b", "Laplace(0, b)", "sigmoid(X)", "1/2", True, lambda b: _laplace(0, b), _sigmoid),
    "tanh-normal": ("s", "Normal(0, s)", "tanh(X)", "0", True, lambda s: _normal(0, s), mpmath.tanh),
    "sigmoid-off-centre": ("s", "Normal(1, s)", "sigmoid(X)", "1/2", False, lambda s: _normal(1, s), _sigmoid),
}


@pytest.mark.parametrize("name", sorted(EXPECTATIONS))
def test_symmetric_expectations(name: str) -> None:
    param, dist, g, value, holds, density, f = EXPECTATIONS[name]
    body = (
        f"claims:\n  - id: {name}\n    title: t\n    symbols: {{{param}: positive}}\n"
        f"    random: {{X: \"{dist}\"}}\n    claim: E({g}) == {value}\n" + ("" if holds else "    expect: refuted\n")
    )
    with mp.workdps(20):
        def e_at(v: Any) -> Any:
            return mpmath.quad(lambda t: f(t) * density(v)(t), [-mpmath.inf, 0, mpmath.inf])

        for v in (F("0.5"), F(2)):
            assert (abs(e_at(v) - F(sympy.Rational(value))) < F(10) ** -12) is holds
        result = check_claim(load_text(body, f"{name}.yaml").claims[0])
        assert result.verdict is (Verdict.PROVED if holds else Verdict.REFUTED), result.detail
        if not holds:
            assert result.witness is not None
            v = F(sympy.Rational(sympy.sympify(result.witness[param])))
            assert v > 0 and abs(e_at(v) - F(sympy.Rational(value))) > F(10) ** -6
