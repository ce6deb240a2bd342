"""The language in floors: the interpreter leaves the engine's operations pending, the
evaluation computes them, and nothing below the language imports it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import sympy

from derivcheck.errors import LimitExceeded
from derivcheck.evaluate import evaluate, read
from derivcheck.interpreter import interpret
from derivcheck.model import Location, Text
from derivcheck.parser import MAX_INTEGER_EXPONENT
from derivcheck.problem import Scope
from derivcheck.unevaluated import LimitOf, Pending, as_written, pending_in

x = sympy.Symbol("x", real=True)
PACKAGE = Path(__file__).resolve().parents[1] / "derivcheck"


def _text(source: str) -> Text:
    return Text(source, Location("f.yaml", 3, 10))


def test_a_limit_is_left_pending_and_then_computed() -> None:
    scope = Scope(names={"x": x})
    tree = interpret(_text("limit(sin(t)/t, t, 0) + x"), scope)
    assert [type(p) for p in pending_in(tree)] == [LimitOf]
    assert evaluate(tree, scope) == 1 + x


def test_two_limits_written_apart_are_not_cancelled_before_they_are_computed() -> None:
    # ∞ − ∞ has no value: the tree must not make it 0 by cancelling L − L.
    value = read(_text("limit(1/t, t, 0, '+') - limit(1/t, t, 0, '+')"), Scope())
    assert value is sympy.nan


def test_an_operation_that_fails_is_reported_where_it_was_written() -> None:
    # ∫_0^x t^MAX dt = x^(MAX + 1)/(MAX + 1): a power over the limit, made by the integral.
    with pytest.raises(LimitExceeded) as caught:
        read(_text(f"x + integrate(t**{MAX_INTEGER_EXPONENT}, (t, 0, x))"), Scope(names={"x": x}))
    assert "larger than the limit" in caught.value.message
    assert caught.value.loc == Location("f.yaml", 3, 14)


def test_as_written_nothing_is_computed() -> None:
    scope = Scope(names={"x": x})
    shown = as_written(interpret(_text("limit((x + x)/x, x, 0)"), scope, written=True))
    assert isinstance(shown, sympy.Limit)
    assert sympy.sstr(shown, order="none").startswith("Limit((x + x)/x")
    assert not pending_in(shown)


def _imports(path: Path) -> set[str]:
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            out.add(node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return out


@pytest.mark.parametrize("floor", ["engine", "kernel"])
def test_the_engine_and_the_kernel_import_nothing_of_the_language(floor: str) -> None:
    language = {f"derivcheck.{m}" for m in ("parser", "interpreter", "vocabulary", "semantics", "evaluate", "unevaluated")}
    for path in sorted((PACKAGE / floor).glob("*.py")):
        assert not (_imports(path) & language), path.name


def test_pending_operations_are_sympy_expressions() -> None:
    assert issubclass(Pending, sympy.Expr)


def test_a_derivative_of_a_pending_derivative_is_computed() -> None:
    # jacobian differentiates grad's entries while they are pending; by hand, the
    # Hessian of a²·b is [[2b, 2a], [2a, 0]], with no Derivative left.
    a, b = sympy.symbols("a b", real=True)
    w = sympy.ImmutableMatrix([a, b])
    value = read(_text("jacobian(grad(a**2*b, w), w)"), Scope(names={"a": a, "b": b, "w": w}))
    assert value == sympy.ImmutableMatrix([[2 * b, 2 * a], [2 * a, 0]])
