"""Antiderivative identities: shifted arguments, sign splits, large exponents.

The verdicts of tests/corpus/antiderivatives-engine.yaml are checked by
tests/test_engine.py; here the witnesses written in its notes are evaluated in
mpmath, apart from the engine (each false claim is false there), and the
pieces the strategies rest on are checked against SymPy's own expansion.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import mpmath
import pytest
import sympy
import yaml

from derivcheck.checking import check_claim
from derivcheck.engine import powers, signsplit, trig
from derivcheck.loader import load_text
from derivcheck.model import Verdict

CORPUS = Path(__file__).parent / "corpus" / "antiderivatives-engine.yaml"
NAMES = {n: sympy.Symbol(n, real=True) for n in ("x", "a", "b", "n", "y", "z")}


def _false_claims() -> list[dict[str, str]]:
    return [c for c in yaml.safe_load(CORPUS.read_text())["claims"] if c.get("expect") == "refuted"]


def _side(text: str, point: dict[sympy.Symbol, sympy.Rational]) -> mpmath.mpf:
    """A side at a point, with diff(F, x) taken numerically by mpmath (not by SymPy)."""
    text = text.strip()
    m = re.fullmatch(r"diff\((.*), x\)", text)
    if m is None:
        return mpmath.mpf(sympy.N(sympy.sympify(text, locals=NAMES).xreplace(point), 40))
    f = sympy.sympify(m.group(1), locals=NAMES)
    others = {k: v for k, v in point.items() if k != NAMES["x"]}
    g = sympy.lambdify(NAMES["x"], f.xreplace(others), "mpmath")
    return mpmath.diff(g, mpmath.mpf(point[NAMES["x"]]))


@pytest.mark.parametrize("claim", _false_claims(), ids=lambda c: c["id"])
def test_the_witness_of_each_false_claim_refutes_it_in_mpmath(claim: dict[str, str]) -> None:
    mpmath.mp.dps = 40
    found = re.search(r"witness ([^:]*):", claim["note"])
    assert found is not None, "each false claim names its witness"
    point = {}
    for pair in found.group(1).split(","):
        name, value = pair.split("=")
        point[NAMES[name.strip()]] = sympy.Rational(value.strip())
    lhs, rhs = claim["claim"].split("==")
    assert abs(_side(lhs, point) - _side(rhs, point)) > mpmath.mpf(10) ** -10


@pytest.mark.parametrize(
    "text",
    ["(x + 1)**7", "(x + y + 1)**5 * (x - y)**3", "(x + 2)**4 + (y - 1)**3 * x", "sin(x)*(x + 1)**3"],
)
def test_the_expansion_bound_is_at_least_the_terms_expand_makes(text: str) -> None:
    e = sympy.sympify(text, locals=NAMES)
    assert powers.expansion_terms(e, ceiling=10**6) >= len(sympy.Add.make_args(sympy.expand(e)))


def test_the_expansion_bound_is_computed_without_expanding() -> None:
    x, y, z = NAMES["x"], NAMES["y"], NAMES["z"]
    start = time.monotonic()
    assert powers.too_large_to_expand((x + y + z) ** 9000)
    assert not powers.too_large_to_expand((x + 1) ** 5 + x**6000)
    assert time.monotonic() - start < 1.0


def test_opposite_bases_of_an_even_power_are_one_unknown() -> None:
    x, a = NAMES["x"], NAMES["a"]
    assert powers.abstract_powers((a - x) ** 6000 - (x - a) ** 6000) == 0
    odd = powers.abstract_powers((a - x) ** 6001 + (x - a) ** 6001)
    assert odd == 0
    # An even power's unknown is non-negative: the sign proofs may use it, never more.
    p = powers.abstract_powers((a - x) ** 6000)
    assert p is not None and p.is_nonnegative and p.is_positive is None


def test_the_half_angle_rule_refuses_what_it_does_not_cover() -> None:
    x, k = NAMES["x"], sympy.Symbol("k", integer=True)
    assert not trig.rational_in_trig(sympy.Abs(sympy.cos(x)))
    assert not trig.rational_in_trig(sympy.sqrt(sympy.sin(x)))
    assert not trig.rational_in_trig(sympy.cos(sympy.pi * k * x))  # an integer unknown: whole slices exceptional
    assert trig.rational_in_trig(sympy.tan(2 * x + 1) / (1 + sympy.cos(x) ** 2))


def test_the_zero_case_of_a_sign_split_uses_sin_squared_plus_cos_squared() -> None:
    x = NAMES["x"]
    cases = signsplit.sign_cases(sympy.Abs(sympy.cos(x)) + sympy.sin(x) ** 2)
    assert cases is not None
    _, zeros = cases
    # where cos x = 0, sin x is 1 or -1
    assert sorted(zeros, key=sympy.default_sort_key) == [1, 1]


def _check(text: str, symbols: str) -> tuple[Verdict, float]:
    data = f"claims:\n- id: c\n  title: t\n  symbols: {{{symbols}}}\n  claim: {text}\n"
    claim = load_text(data, "t.yaml").claims[0]
    start = time.monotonic()
    result = check_claim(claim, timeout=60)
    return result.verdict, time.monotonic() - start


def test_a_claim_false_only_where_cos_vanishes_is_never_proved() -> None:
    # sign(cos x)**2 is 1 except at cos x = 0, where it is 0: the claim is false there.
    verdict, _ = _check("sign(cos(x))**2 == 1", "x: real")
    assert verdict is not Verdict.PROVED


def test_a_claim_true_only_away_from_cos_zero_is_never_refuted_nor_proved_wrongly() -> None:
    # Abs(cos x)/cos x is 1 or -1: the square is 1 wherever it has a value.
    verdict, _ = _check("(sqrt(cos(x)**2)/cos(x))**2 == 1", "x: real")
    assert verdict is Verdict.PROVED


def test_a_false_claim_whose_expansion_is_huge_is_refuted_without_expanding() -> None:
    # (x + y + 1)**3000 expands to about 4.5 million terms; at x = 1, y = 0 the sides are 3**3000 and 2.
    verdict, seconds = _check("(x + y + 1)**3000 == (x + y)**3000 + 1", "x: real, y: real")
    assert verdict is Verdict.REFUTED
    assert seconds < 30  # a guard against expanding (minutes and gigabytes), not a speed test


def test_an_exponent_of_a_billion_is_refused_at_once() -> None:
    verdict, seconds = _check("x**(10**9) > 0", "x: positive")
    assert verdict is Verdict.INVALID
    assert seconds < 5


def test_a_shifted_argument_becomes_one_unknown_and_only_when_it_is_real() -> None:
    x, a = NAMES["x"], NAMES["a"]
    b = sympy.Symbol("b", real=True, nonzero=True)
    u = a + b * x
    d = sympy.diff(-sympy.log(sympy.cos(u)) / b, x) - sympy.tan(u)
    forms = trig.shifted_forms(d, [x])
    assert forms and all(x not in e.free_symbols for e in forms)
    # Each form, at the shifted value, is d again (the substitution is an identity).
    e = forms[0]
    (big_u,) = [s for s in e.free_symbols if s not in (a, b)]
    assert sympy.simplify(e.xreplace({big_u: u}) - d) == 0
    c = sympy.Symbol("c")  # complex: a + c*x is not a real angle
    assert trig.shifted_forms(sympy.tan(a + c * x) - sympy.sin(a + c * x), [x]) == []
