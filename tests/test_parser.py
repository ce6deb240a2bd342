"""The safe expression language: what it reads, what it refuses, and where it says so."""

from __future__ import annotations

import pytest
import sympy

from derivcheck.errors import ClaimError, LimitExceeded
from derivcheck.evaluate import read as read_expression
from derivcheck.formula import Connective, Rel
from derivcheck.model import Location, Text
from derivcheck.problem import Scope

x = sympy.Symbol("x", real=True)
n = sympy.Symbol("n", positive=True, integer=True)
V = sympy.ImmutableMatrix([sympy.Symbol(f"v_{i}", real=True) for i in (1, 2, 3)])


def read(text: str, **names: object) -> object:
    return read_expression(Text(text, Location("c.yaml", 7, 12)), Scope(names={"x": x, "v": V, **names}))


def fails(text: str, **names: object) -> ClaimError:
    with pytest.raises(ClaimError) as info:
        read(text, **names)
    return info.value


def test_decimals_are_exact_rationals() -> None:
    assert read("2.5") == sympy.Rational(5, 2)
    assert read("-0.1") == sympy.Rational(-1, 10)
    assert read("1e-160") == sympy.Rational(1, 10**160)


def test_indexing_starts_at_one() -> None:
    assert read("v[1]") == V[0]
    assert read("v[3]") == V[2]
    err = fails("v[0]")
    assert "indices start at 1" in err.message


def test_transpose_and_products_follow_matrix_shapes() -> None:
    assert read("v.T*v")[0, 0] == sum(e**2 for e in V)  # a 1×1 matrix, unwrapped where a number is needed
    err = fails("v*v")
    assert "cannot multiply a 3×1 by a 3×1 matrix" in err.message


def test_relations_and_connectives_become_statements() -> None:
    rel = read("x**2 >= 0")
    assert isinstance(rel, Rel) and rel.op == ">="
    chain = read("0 < x < 1")
    assert isinstance(chain, Connective) and chain.kind == "and"
    assert isinstance(read("iff(x > 0, 2*x > 0)"), Connective)


def test_heaviside_is_one_half_at_zero() -> None:
    assert read("H(0)") == sympy.Rational(1, 2)
    assert read("Heaviside(0)") == sympy.Rational(1, 2)


def test_sigmoid_softmax_and_relu_are_the_usual_functions() -> None:
    assert read("sigmoid(x)") == 1 / (1 + sympy.exp(-x))
    assert read("relu(x)") == sympy.Max(0, x)
    s = read("softmax(v)")
    assert isinstance(s, sympy.MatrixBase) and s.shape == (3, 1)
    assert sympy.simplify(sum(s) - 1) == 0


def test_a_sum_with_concrete_bounds_is_written_out() -> None:
    total = read("Sum(v[k], (k, 1, 3))")
    assert total == sum(V)


def test_a_sum_with_symbolic_bounds_stays_a_sum() -> None:
    s = read("Sum(k, (k, 1, n))", n=n)
    assert isinstance(s, sympy.Sum)
    assert sympy.simplify(s.doit() - n * (n + 1) / 2) == 0


def test_unknown_names_are_named_with_their_place() -> None:
    err = fails("x + yy")
    assert "unknown name 'yy'" in err.message
    assert err.loc == Location("c.yaml", 7, 16)


def test_e_is_an_ordinary_name_and_euler_is_exp_1() -> None:
    assert "exp(1)" in fails("e**x").message


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("__import__('os')", "names starting with '_'"),
        ("__import__('os').getcwd()", "only named functions"),
        ("().__class__", "attribute"),
        ("x.real", "attribute '.real' is not allowed"),
        ("lambda: 1", "lambda"),
        ("getattr(x, 'y')", "unknown function 'getattr'"),
        ("'hello'", "string literals"),
        ("f'{x}'", "f-string"),
        ("[i for i in (1, 2)]", "comprehension"),
        ("x ^ 2", "write x**2"),
        ("exp(x)(2)", "only named functions"),
        ("exp(x=1)", "keyword arguments"),
        ("x if x else x", "if ... else"),
    ],
)
def test_anything_outside_the_language_is_refused(text: str, words: str) -> None:
    assert words in fails(text).message


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("10**10**10", "bits"),
        ("2**2**2**2**2**2", "bits"),
        ("x**100000", "exponent"),
        ("1" * 1200, "digits"),
        ("+".join(["x"] * 3000), "the expression"),
        ("exp(" * 100 + "x" + ")" * 100, "nested"),
        ("1e999999", "exponent"),
    ],
)
def test_sizes_are_bounded_before_anything_is_evaluated(text: str, words: str) -> None:
    with pytest.raises(LimitExceeded) as info:
        read(text)
    assert words in info.value.message


def test_functions_check_their_argument_count() -> None:
    assert "diff takes 2 or more arguments, not 1" in fails("diff(x)").message


def test_a_distribution_is_not_a_number() -> None:
    s = sympy.Symbol("s", positive=True)
    assert "distributions go under random" in fails("Normal(0, s) + 1", s=s).message
