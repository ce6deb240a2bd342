"""Integrals by antiderivative only where the fundamental theorem applies (kernel/integrals.py).

Each claim is labelled by a hand argument, not by what the engine says.
"""

from __future__ import annotations

import sympy

from derivcheck.checking import check_claim
from derivcheck.engine.integrals import definite_integral
from derivcheck.kernel.values import NoLimit
from derivcheck.loader import load_text


def _check(claim: str, symbols: str = "{}") -> tuple[str, str]:
    body = f"claims:\n  - id: c\n    title: t\n    symbols: {symbols}\n    claim: {claim}\n"
    # The wall clock is only a safety net: on a loaded machine the pole claims below take over
    # the default 20 s (their effort is counted, so their verdicts do not depend on it).
    result = check_claim(load_text(body, "c.yaml").claims[0], timeout=120)
    return result.verdict.value, result.detail or ""


T = sympy.Symbol("t", real=True)


def test_double_pole_inside_the_range_is_never_negative() -> None:
    # 1/(t − c)² > 0 and ∫ near t = c of 1/(t − c)² diverges: the integral is +∞, not < 0.
    verdict, detail = _check("integrate(1/(t - c)**2, (t, 0, 1)) < 0", '{c: "(0, 1)"}')
    assert verdict == "refuted"
    assert "oo vs 0" in detail
    # For c > 1 there is no pole in [0, 1]: the antiderivative gives 1/(c − 1) − 1/c.
    assert _check("integrate(1/(t - c)**2, (t, 0, 1)) == 1/(c - 1) - 1/c", '{c: "(1, oo)"}')[0] == "proved"
    assert _check("integrate(1/(t - c)**2, (t, 0, 1)) == oo", '{c: "(0, 1)"}')[0] != "refuted"
    # And never = −1/(1 − c) − 1/c, the antiderivative's value across the pole.
    assert _check("integrate(1/(t - c)**2, (t, 0, 1)) == -1/(1 - c) - 1/c", '{c: "(0, 1)"}')[0] != "proved"


def test_simple_pole_across_the_range_has_no_value() -> None:
    # ∫_{−1}^{1} dt/t: the part over (0, 1] is +∞ and the part over [−1, 0) is −∞; no value,
    # so it equals nothing (not the principal value 0).
    assert _check("integrate(1/t, (t, -1, 1)) == 0")[0] == "refuted"
    assert isinstance(definite_integral(1 / T, T, sympy.Integer(-1), sympy.Integer(1)), NoLimit)
    # With a parameter pole t = c in (0, 1) ⊂ (0, 2) it is the same: never log((2 − c)/c).
    assert _check("integrate(1/(t - c), (t, 0, 2)) == log((2 - c)/c)", '{c: "(0, 1)"}')[0] != "proved"


def test_double_pole_at_zero_diverges_to_plus_infinity() -> None:
    # 1/t² on [−1, 1]: both parts are +∞, so the integral is +∞, not the antiderivative's −2.
    assert _check("integrate(1/t**2, (t, -1, 1)) == -2")[0] == "refuted"
    assert _check("integrate(1/t**2, (t, -1, 1)) == oo")[0] == "proved"
    assert definite_integral(T**-2, T, sympy.Integer(-1), sympy.Integer(1)) == sympy.oo


def test_integrable_singularities_at_an_end() -> None:
    # 2√t is an antiderivative of 1/√t on (0, 1], with limit 0 at 0+: the integral is 2.
    assert _check("integrate(1/sqrt(t), (t, 0, 1)) == 2")[0] == "proved"
    # t log t − t → 0 as t → 0+: ∫_0^1 log t dt = −1.
    assert _check("integrate(log(t), (t, 0, 1)) == -1")[0] == "proved"
    # ∫_0^1 dt/t diverges: log 1 − lim_{0+} log t = +∞.
    assert _check("integrate(1/t, (t, 0, 1)) == oo")[0] == "proved"


def test_tangent_across_its_pole_has_no_value() -> None:
    # tan has a pole at π/2 ∈ (0, 2): −log cos t → +∞ from the left and from the right,
    # so [0, π/2) gives +∞ and (π/2, 2] gives −∞: no value (not −log(−cos 2)).
    assert _check("integrate(tan(t), (t, 0, 2)) == -log(-cos(2))")[0] == "refuted"
    assert isinstance(definite_integral(sympy.tan(T), T, sympy.Integer(0), sympy.Integer(2)), NoLimit)
    # 1/√(1 − t²) has integrable singularities at ±1; asin t → ±π/2 there: the integral is π.
    assert _check("integrate(1/sqrt(1 - t**2), (t, -1, 1)) == pi")[0] == "proved"
    # On [0, 1] (no pole, 1 < π/2) it is the ordinary −log cos 1.
    assert _check("integrate(tan(t), (t, 0, 1)) == -log(cos(1))")[0] == "proved"


def test_pole_at_a_parameter_root_is_not_used() -> None:
    # t² − a has the root √a ∈ (0, 1) ⊂ [0, 2]: a simple pole, no value, so "< 0" is not proved.
    verdict, detail = _check("integrate(1/(t**2 - a), (t, 0, 2)) < 0", '{a: "(0, 1)"}')
    assert verdict != "proved"
    assert "sqrt(a)" in detail


def test_oscillating_integrals_at_infinity_have_no_value() -> None:
    # ∫_0^T sin = 1 − cos T takes every value in [0, 2] again and again: no limit, so the
    # integral equals nothing, neither 0 nor 1 (and no internal error).
    assert _check("integrate(sin(t), (t, 0, oo)) == 0")[0] == "refuted"
    assert _check("integrate(sin(t), (t, 0, oo)) == 1")[0] == "refuted"
    # ∫_0^T cos = sin T: no limit either.
    assert _check("integrate(cos(t), (t, 0, oo)) == 0")[0] == "refuted"


def test_convergent_and_divergent_tails() -> None:
    # 1 − e^{−T} → 1; log T → +∞; 1 − 1/T → 1.
    assert _check("integrate(exp(-t), (t, 0, oo)) == 1")[0] == "proved"
    assert _check("integrate(1/t, (t, 1, oo)) == oo")[0] == "proved"
    assert _check("integrate(1/t**2, (t, 1, oo)) == 1")[0] == "proved"


def test_pole_outside_the_range_keeps_the_antiderivative() -> None:
    # 1/(t − c) with c < 0 has no pole on [0, 1]: log(1 − c) − log(−c).
    assert _check("integrate(1/(t - c), (t, 0, 1)) == log(1 - c) - log(-c)", "{c: negative}")[0] == "proved"
    # 1/(1 + t²) is continuous everywhere: atan 1 − atan 0 = π/4.
    assert _check("integrate(1/(1 + t**2), (t, 0, 1)) == pi/4")[0] == "proved"
