"""Sums and products take the documented empty value (kernel/sums.py).

Each claim is labelled by a hand argument, not by what the engine says.
"""

from __future__ import annotations

import sympy

from derivcheck.checking import check_claim
from derivcheck.engine.refute import exact_at
from derivcheck.engine.shorten import evaluate_sums
from derivcheck.loader import load_text


def _check(claim: str, symbols: str = "{}") -> tuple[str, dict[str, str] | None, str]:
    body = f"claims:\n  - id: c\n    title: t\n    symbols: {symbols}\n    claim: {claim}\n"
    result = check_claim(load_text(body, "c.yaml").claims[0])
    witness = {str(k): str(v) for k, v in result.witness.items()} if result.witness else None
    return result.verdict.value, witness, result.detail or ""


def test_gauss_sum_over_the_integers_is_false_below_minus_one() -> None:
    # Σ_{k=1}^{n} k is empty (0) for n ≤ 0, and n(n+1)/2 is 0 only at n = 0, −1:
    # false at n = −2 (0 vs 1), n = −3 (0 vs 3), ...
    verdict, witness, _ = _check("Sum(k, (k, 1, n)) == n*(n + 1)/2", "{n: integer}")
    assert verdict == "refuted"
    assert witness is not None and int(witness["n"]) <= -2


def test_gauss_sum_holds_for_nonnegative_and_positive_n() -> None:
    # Induction: 0 at n = 0 (the empty sum), and adding n + 1 to n(n+1)/2 gives (n+1)(n+2)/2.
    assert _check("Sum(k, (k, 1, n)) == n*(n + 1)/2", "{n: nonnegative integer}")[0] == "proved"
    assert _check("Sum(k, (k, 1, n)) == n*(n + 1)/2", "{n: positive integer}")[0] == "proved"


def test_product_of_twos_over_the_integers_is_false_at_minus_one() -> None:
    # Π_{k=1}^{-1} 2 is the empty product 1, and 2⁻¹ = 1/2.
    verdict, witness, detail = _check("Product(2, (k, 1, n)) == 2**n", "{n: integer}")
    assert verdict == "refuted"
    assert witness is not None and int(witness["n"]) < 0


def test_product_of_twos_holds_for_nonnegative_n() -> None:
    # n factors of 2, and none (1 = 2⁰) at n = 0.
    assert _check("Product(2, (k, 1, n)) == 2**n", "{n: nonnegative integer}")[0] == "proved"


def test_telescoping_product_is_false_at_minus_one() -> None:
    # Π_{k=1}^{n} (k+1)/k = n + 1 for n ≥ 0; at n = −1 the product is empty (1) but n + 1 = 0.
    verdict, witness, _ = _check("Product((k + 1)/k, (k, 1, n)) == n + 1", "{n: integer}")
    assert verdict == "refuted"
    assert witness == {"n": "-1"}


def test_summand_that_depends_on_the_end_is_not_one_at_zero() -> None:
    # Σ_{k=1}^{n} 1/n = n·(1/n) = 1 for n ≥ 1, but the empty sum at n = 0 is 0.
    verdict, witness, _ = _check("Sum(1/n, (k, 1, n)) == 1", "{n: nonnegative integer}")
    assert verdict == "refuted"
    assert witness == {"n": "0"}
    assert _check("Sum(1/n, (k, 1, n)) == 1", "{n: positive integer}")[0] == "proved"


def test_symbolic_lower_end() -> None:
    # Σ_{k=m}^{5} 1 counts 6 − m terms when m ≤ 6 and none when m > 6: 6 − m is false
    # at m = 7 (0 vs −1), and Max(0, 6 − m) is right everywhere.
    verdict, witness, _ = _check("Sum(1, (k, m, 5)) == 6 - m", "{m: integer}")
    assert verdict == "refuted"
    assert witness is not None and int(witness["m"]) >= 7
    assert _check("Sum(1, (k, m, 5)) == Max(0, 6 - m)", "{m: integer}")[0] == "proved"


def test_nested_sums() -> None:
    # Σ_{k=1}^{n} Σ_{j=1}^{k} 1 = Σ_{k=1}^{n} k = n(n+1)/2 for n ≥ 1 (the inner range is never empty).
    assert _check("Sum(Sum(1, (j, 1, k)), (k, 1, n)) == n*(n + 1)/2", "{n: positive integer}")[0] == "proved"
    # For n = −2 the outer sum is empty (0) while n(n+1)/2 = 1: false, never proved.
    assert _check("Sum(Sum(1, (j, 1, k)), (k, 1, n)) == n*(n + 1)/2", "{n: integer}")[0] != "proved"
    # Σ_{k=1}^{n} Σ_{j=k}^{n} 1 = Σ (n − k + 1) = n(n+1)/2, the inner range non-empty for k ≤ n.
    assert _check("Sum(Sum(1, (j, k, n)), (k, 1, n)) == n*(n + 1)/2", "{n: positive integer}")[0] == "proved"


def test_concrete_empty_ranges() -> None:
    # Ranges with b < a hold no terms: 0 for a Sum, 1 for a Product (not Karr's −Σ_{2}^{2} k = −2).
    assert _check("Sum(k, (k, 3, 1)) == 0")[0] == "proved"
    assert _check("Product(k, (k, 3, 1)) == 1")[0] == "proved"
    assert _check("Sum(k, (k, 3, 1)) == -2")[0] == "refuted"


def test_geometric_sum_over_the_integers() -> None:
    # (x^{n+1} − 1)/(x − 1) at n = −3, x = 2 is (1/4 − 1)/1 = −3/4, but the empty sum is 0.
    verdict, witness, _ = _check("Sum(x**k, (k, 0, n)) == (x**(n+1) - 1)/(x - 1)", "{n: integer, x: real}")
    assert verdict == "refuted"
    assert witness is not None and int(witness["n"]) <= -2


def test_evaluation_at_a_point_is_the_empty_value() -> None:
    # The numeric screen's exact value of Σ_{k=1}^{n} k at n = −3 is the empty sum, 0 (Karr's convention gives 3).
    n = sympy.Symbol("n", integer=True)
    k = sympy.Symbol("k", integer=True)
    assert exact_at(sympy.Sum(k, (k, 1, n)), {n: sympy.Integer(-3)}) == 0
    assert exact_at(sympy.Product(2, (k, 1, n)), {n: sympy.Integer(-1)}) == 1
    assert exact_at(sympy.Sum(k, (k, 1, n)), {n: sympy.Integer(4)}) == 10


def test_closed_form_is_guarded_by_the_range() -> None:
    # On the integers the closed form n(n+1)/2 stands only where n ≥ 0 (it is 0 at the just-empty n = 0).
    n = sympy.Symbol("n", integer=True)
    k = sympy.Symbol("k", integer=True)
    value = evaluate_sums(sympy.Sum(k, (k, 1, n)))
    assert value.subs(n, -3) == 0 and value.subs(n, -2) == 0 and value.subs(n, 3) == 6
    # A non-integer end has no closed form here: Σ_{k=1}^{3/2} k is 1, not 15/8.
    r = sympy.Symbol("r", real=True)
    assert evaluate_sums(sympy.Sum(k, (k, 1, r))).has(sympy.Sum)


def test_telescoping_product_holds_for_nonnegative_n() -> None:
    # Π_{k=1}^{n} (k+1)/k = (n+1)!/n! = n + 1 for n ≥ 1, and the empty product 1 = 0 + 1 at n = 0.
    assert _check("Product((k + 1)/k, (k, 1, n)) == n + 1", "{n: nonnegative integer}")[0] == "proved"
