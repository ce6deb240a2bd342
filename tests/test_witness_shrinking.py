"""Counterexamples a reader can use: the simplest generic values that still refute,
and near misses that name a factor's pattern across the listed sizes.

Every expected witness is re-checked here with SymPy's exact arithmetic, apart
from the engine, and the reason it is the one chosen (the order of preference
documented in derivcheck/engine/shorten.py) is argued beside it.
"""

from __future__ import annotations

import sympy

from derivcheck.checking import check_claim
from derivcheck.engine.shorten import simple_values, simplest_point
from derivcheck.loader import load_text
from derivcheck.model import ClaimResult, Verdict


def run(claim: str, symbols: str, key: str = "claim") -> ClaimResult:
    body = f"claims:\n  - id: w\n    title: t\n    symbols: {symbols}\n    {key}: {claim}\n    expect: refuted\n"
    loaded = load_text(body, "w.yaml")
    assert not loaded.failures, loaded.failures
    return check_claim(loaded.claims[0])


def refuted(claim: str, symbols: str, key: str = "claim") -> ClaimResult:
    result = run(claim, symbols, key)
    assert result.verdict is Verdict.REFUTED, result.detail
    return result


def Q(text: str) -> sympy.Rational:
    return sympy.Rational(text)


# ------------------------------------------------------------------ the order of candidates
def test_the_simple_values_are_small_integers_then_simple_fractions() -> None:
    values = simple_values()
    assert values[:6] == [1, -1, 2, -2, 3, -3]
    assert values[20:24] == [Q("1/2"), Q("-1/2"), Q("1/3"), Q("-1/3")]
    assert 0 not in values and len(set(values)) == len(values)


def test_a_coordinate_keeps_its_value_when_no_simpler_one_refutes() -> None:
    x, y = sympy.symbols("x y")
    # false only where x = 187/250000 exactly: nothing simpler refutes
    point = simplest_point({x: Q("187/250000"), y: Q("3")}, [x, y], lambda p: p[x] == Q("187/250000"), lambda s, v: True, str)
    assert point == {x: Q("187/250000"), y: 1}


def test_a_degenerate_value_is_taken_only_when_no_generic_one_refutes() -> None:
    x1, x2 = sympy.symbols("x1 x2")
    groups = {x1: "x", x2: "x"}
    # refutes only where the entries coincide: no generic value refutes, the simple coinciding 5 is kept
    point = simplest_point({x1: Q(5), x2: Q(5)}, [x1, x2], lambda p: p[x1] == p[x2], lambda s, v: True, groups.__getitem__)
    assert point == {x1: 5, x2: 5}
    # refutes only where the entries coincide, found at 187/250000: x1 becomes 1 (x2 then
    # coincides with nothing simple), x2 takes the degenerate 1 after every generic value failed
    start = {x1: Q("187/250000"), x2: Q("187/250000")}
    point = simplest_point(start, [x2, x1], lambda p: p[x1] == p[x2], lambda s, v: True, groups.__getitem__)
    assert point == start  # x2 alone cannot change without breaking the equality, nor then x1
    # false everywhere, found at 0: x1 = 1 is generic; for x2, 1 equals x1, -1 is next
    point = simplest_point({x1: Q(0), x2: Q(0)}, [x1, x2], lambda p: True, lambda s, v: True, groups.__getitem__)
    assert point == {x1: 1, x2: -1}
    # false only where x1 == 0: no other x1 refutes and 0 is kept; x2 = 1 refutes
    point = simplest_point({x1: Q(0), x2: Q(0)}, [x1, x2], lambda p: p[x1] == 0, lambda s, v: True, groups.__getitem__)
    assert point == {x1: 0, x2: 1}


# ------------------------------------------------------------------ end to end
def test_a_random_witness_shrinks_to_a_small_integer() -> None:
    # x**2 <= 10 fails exactly for |x| > sqrt(10); in the order 1, -1, 2, -2, 3, -3, 4
    # the first such value is 4 (3**2 = 9 <= 10).
    result = refuted('"x**2 <= 10"', "{x: real}")
    assert result.witness == {"x": "4"}
    x = Q(result.witness["x"])
    assert x**2 > 10 and all(v**2 <= 10 for v in simple_values()[: simple_values().index(x)])


def test_a_witness_at_zero_becomes_a_generic_point() -> None:
    # false everywhere (the sides differ by 2); the first test point is x = y = 0
    result = refuted('"x*y + 1 == x*y - 1"', "{x: real, y: real}")
    assert result.witness == {"x": "1", "y": "1"}
    x, y = Q(result.witness["x"]), Q(result.witness["y"])
    assert x * y + 1 != x * y - 1


def test_zero_is_kept_when_it_is_the_only_refuting_value() -> None:
    # |x| > 0 is false at x = 0 only
    result = refuted('"Abs(x) > 0"', "{x: real}")
    assert result.witness == {"x": "0"}


def test_a_witness_respects_an_open_interval() -> None:
    # p(1 - p) == p fails for every p in (0, 1); 1 is outside the open interval, 1/2 is the simplest inside
    result = refuted('"p*(1 - p) == p"', '{p: "(0, 1)"}')
    assert result.witness == {"p": "1/2"}
    p = Q(result.witness["p"])
    assert 0 < p < 1 and p * (1 - p) != p


def test_a_vector_witness_has_distinct_non_zero_entries() -> None:
    # sum(x) == n*x[1] holds when the entries are equal; x = (1, -1): 0 vs 2
    result = refuted('"Sum(x[i], (i, 1, n)) == n*x[1]"', '{x: "vector[n]", n: [2]}')
    w = result.witness
    values = [Q(w["x[1]"]), Q(w["x[2]"])]
    assert values[0] != values[1] and 0 not in values
    assert all(v in simple_values()[:4] for v in values)
    assert sum(values) != 2 * values[0]


def test_a_statement_witness_shrinks_too() -> None:
    # x > 0 does not imply x > 5 for 0 < x <= 5: the simplest such x is 1
    result = refuted('"implies(x > 0, x > 5)"', "{x: real}")
    assert result.witness == {"x": "1"}


def test_the_shrunk_witness_of_a_condition_lies_where_the_condition_holds() -> None:
    body = (
        "claims:\n  - id: w\n    title: t\n    symbols: {x: real, y: real}\n"
        "    assume: x > 2\n    claim: x + y > 3\n    expect: refuted\n"
    )
    result = check_claim(load_text(body, "w.yaml").claims[0])
    assert result.verdict is Verdict.REFUTED
    x, y = Q(result.witness["x"]), Q(result.witness["y"])
    assert x > 2 and not (x + y > 3)
    assert (x, y) == (3, -1)  # x: 1, -1, 2, -2 violate x > 2, 3 refutes with y; y: 1 gives 4 > 3, -1 gives 2


def test_a_solved_witness_shrinks_too() -> None:
    # vᵀ∇²lse(w)v = Σ s_k v_k² − (Σ s_k v_k)² with s = softmax(w); at w_1 = w_2, s = (1/2, 1/2)
    # and it is (v_1 − v_2)²/4, above 499/1000·|v|² for v = (−c, c). The point comes from
    # solving, whose raw numbers are long (v_1 = −401606425702811/200000000000000 before).
    result = refuted('"v.T*hessian(logsumexp(w), w)*v <= (499/1000)*dot(v, v)"', '{w: "vector[2]", v: "vector[2]"}')
    point = {k: Q(x) for k, x in result.witness.items()}
    assert all(x in simple_values() for x in point.values()), point
    e1, e2 = sympy.exp(point["w[1]"]), sympy.exp(point["w[2]"])
    s1, s2 = e1 / (e1 + e2), e2 / (e1 + e2)
    v1, v2 = point["v[1]"], point["v[2]"]
    quadratic = s1 * v1**2 + s2 * v2**2 - (s1 * v1 + s2 * v2) ** 2
    assert sympy.simplify(quadratic - Q("499/1000") * (v1**2 + v2**2)) > 0


# ------------------------------------------------------------------ a factor across sizes
def _factor(lhs: str, rhs: str, n: int) -> sympy.Expr:
    """lhs/rhs for size n, by SymPy alone (x a vector of n symbols)."""
    x = sympy.symbols(f"x1:{n + 1}")
    env = {"S": sum(x), "n": sympy.Integer(n), "Q": sum((xi - sum(x) / n) ** 2 for xi in x)}
    return sympy.simplify(sympy.sympify(lhs, locals=env) / sympy.sympify(rhs, locals=env))


def test_a_factor_one_over_n_is_named_across_sizes() -> None:
    # the independent label: the ratio is 1/n for each listed n
    assert [_factor("S/n", "S", n) for n in (2, 3, 4)] == [Q("1/2"), Q("1/3"), Q("1/4")]
    result = refuted('"Sum(x[i], (i, 1, n))/n == Sum(x[i], (i, 1, n))"', '{x: "vector[n]", n: [2, 3, 4]}')
    assert result.near_miss is not None and result.near_miss.name == "size-factor"
    assert dict(result.near_miss.params) == {"factor": "1/n", "size": "n"}
    assert "1/n times the right side" in (result.diagnosis or "")


def test_the_sample_variance_is_named_n_minus_1_over_n() -> None:
    assert [_factor("Q/n", "Q/(n - 1)", n) for n in (2, 3)] == [Q("1/2"), Q("2/3")]
    result = refuted(
        '"Sum((x[i] - Sum(x[j], (j, 1, n))/n)**2, (i, 1, n))/n == Sum((x[i] - Sum(x[j], (j, 1, n))/n)**2, (i, 1, n))/(n - 1)"',
        '{x: "vector[n]", n: [2, 3]}',
    )
    assert result.near_miss is not None and dict(result.near_miss.params) == {"factor": "(n - 1)/n", "size": "n"}


def test_factors_one_half_and_one_third_with_another_pattern_are_not_one_over_n() -> None:
    # 1/(n**2 - 4n + 6) is 1/2, 1/3, 1/6 at n = 2, 3, 4: 1/n fits the first two sizes only
    assert [_factor("S/(n**2 - 4*n + 6)", "S", n) for n in (2, 3, 4)] == [Q("1/2"), Q("1/3"), Q("1/6")]
    result = refuted('"Sum(x[i], (i, 1, n))/(n**2 - 4*n + 6) == Sum(x[i], (i, 1, n))"', '{x: "vector[n]", n: [2, 3, 4]}')
    assert result.near_miss is None or result.near_miss.name != "size-factor"
    assert "1/n" not in (result.diagnosis or "")


def test_one_listed_size_gets_a_constant_factor_not_a_pattern() -> None:
    result = refuted('"Sum(x[i], (i, 1, n))/n == Sum(x[i], (i, 1, n))"', '{x: "vector[n]", n: [2]}')
    assert result.near_miss is not None and result.near_miss.name == "factor"
    assert dict(result.near_miss.params) == {"factor": "1/2"}


def test_a_vector_off_by_n_is_named() -> None:
    result = refuted('"n*x == x"', '{x: "vector[n]", n: [2, 3]}')
    assert result.near_miss is not None and dict(result.near_miss.params) == {"factor": "n", "size": "n"}
