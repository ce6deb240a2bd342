"""The evaluation: each operation a claim wrote and left pending is computed by the engine.

The interpreter leaves limits, integrals, derivatives and expectations as
written (:mod:`derivcheck.unevaluated`); here each is replaced by the engine's
value, in the order the claim wrote them (inner ones first), so that the
decision sees the same SymPy objects as if they had been computed in place. An
error met while computing one is reported where that operation was written, in
the interpreter's words; a value too large to keep is refused there too.

:func:`read` is the whole language for one expression: interpret, then evaluate.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable

import sympy
from sympy.matrices import MatrixBase

from derivcheck.derivatives import derivative
from derivcheck.engine.expectation import covariance, expectation, variance
from derivcheck.engine.integer_part import derivatives_off_integers
from derivcheck.engine.integrals import definite_integral
from derivcheck.engine.limits import compute_limit
from derivcheck.errors import ClaimError, LimitExceeded
from derivcheck.formula import Connective, Rel
from derivcheck.interpreter import interpret
from derivcheck.model import Text
from derivcheck.parser import cannot_evaluate, size_problem
from derivcheck.problem import Scope
from derivcheck.unevaluated import (
    CovarianceOf,
    DerivativeOf,
    ExpectationOf,
    IntegralOf,
    LimitOf,
    Pending,
    VarianceOf,
    pending_in,
)


def _limit(node: Pending, ops: list[Any], scope: Scope) -> Any:
    assert isinstance(node, LimitOf)
    body, var, point, _ = ops
    return compute_limit(body, var, point, node.direction)


def _integral(node: Pending, ops: list[Any], scope: Scope) -> Any:
    body, var, lo, hi = ops
    return definite_integral(body, var, lo, hi)


def _derivative(node: Pending, ops: list[Any], scope: Scope) -> Any:
    spec = [int(a) if isinstance(a, sympy.Integer) else a for a in ops[1:]]
    raw = derivative(ops[0], spec[0]) if len(spec) == 1 else sympy.diff(ops[0], *spec)
    value, conditions = derivatives_off_integers(raw)
    for c in conditions:
        # floor has no derivative at an integer: the claim has no value there.
        scope.note_denominator(c)
    return value


def _expectation(node: Pending, ops: list[Any], scope: Scope) -> Any:
    return expectation(ops[0], scope.random)


def _variance(node: Pending, ops: list[Any], scope: Scope) -> Any:
    return variance(ops[0], scope.random)


def _covariance(node: Pending, ops: list[Any], scope: Scope) -> Any:
    return covariance(ops[0], ops[1], scope.random)


#: How each pending operation is computed, from its operands (computed first)
#: and the scope it was written in (for its random symbols): one row a kind.
COMPUTE: dict[type[Pending], Callable[[Pending, list[Any], Scope], Any]] = {
    LimitOf: _limit,
    IntegralOf: _integral,
    DerivativeOf: _derivative,
    ExpectationOf: _expectation,
    VarianceOf: _variance,
    CovarianceOf: _covariance,
}


def read(text: Text, scope: Scope) -> Any:
    """Interpret ``text`` in ``scope`` and compute what it leaves pending.

    Raises:
        ClaimError: the text cannot be read, or an operation in it cannot be computed.
    """
    return evaluate(interpret(text, scope), scope)


def evaluate(value: Any, scope: Scope) -> Any:
    """``value`` with every pending operation replaced by the engine's value.

    The denominators the scope recorded are evaluated too: they were recorded
    as built, with the operations pending.

    Raises:
        ClaimError: where the operation that cannot be computed was written.
    """
    found = _pending(value)
    for d in scope.denominators:
        found |= pending_in(d)
    if not found:
        return value
    done: dict[sympy.Basic, Any] = {}
    # By site: the order the claim wrote them in, which puts every operation
    # after the ones inside it (those were built first).
    for node in sorted(found, key=lambda p: (p.site, sympy.default_sort_key(p))):
        if node not in done:
            done[node] = _compute(node, done, scope)
    for d in sorted(_derivatives_of_pending(value), key=lambda e: (sympy.count_ops(e), sympy.default_sort_key(e))):
        done[d] = _derivative_of_value(d, done, scope)
    kept = []
    for d in scope.denominators:
        d = _replace(d, done)
        # As Scope.note_denominator: a constant is no condition on the point.
        if isinstance(d, sympy.Expr) and d.free_symbols:
            kept.append(d)
    scope.denominators[:] = kept
    try:
        return _replace(value, done)
    except (TypeError, ValueError, ArithmeticError, sympy.ShapeError, IndexError, AttributeError) as exc:
        # Rebuilding what holds the values; the last operation computed is the nearest place.
        raise ClaimError(cannot_evaluate(exc), scope.sites[max(p.site for p in found)]) from None


def _compute(node: Pending, done: dict[sympy.Basic, Any], scope: Scope) -> Any:
    loc = scope.sites[node.site]
    ops = [_replace(a, done) for a in node.operands]
    try:
        value = COMPUTE[type(node)](node, ops, scope)
        too_large = size_problem(value)
        if too_large is not None:
            raise LimitExceeded(too_large, loc)
        return value
    except ClaimError:
        raise
    except (TypeError, ValueError, ArithmeticError, sympy.ShapeError, IndexError, AttributeError) as exc:
        # As the interpreter does: SymPy's complaint becomes the claim's error.
        raise ClaimError(cannot_evaluate(exc), loc) from None


def _derivatives_of_pending(value: Any) -> set[sympy.Derivative]:
    """The derivatives SymPy took of a pending operation and left unevaluated: ``jacobian(grad(f, w), w)``
    differentiates grad's entries before they are computed. Each is taken once they are."""
    if isinstance(value, Rel):
        return _derivatives_of_pending(value.lhs) | _derivatives_of_pending(value.rhs)
    if isinstance(value, Connective):
        return set().union(*[_derivatives_of_pending(a) for a in value.args])
    if isinstance(value, MatrixBase):
        return set().union(*[_derivatives_of_pending(e) for e in value])
    if isinstance(value, sympy.Basic) and value.has(sympy.Derivative):
        return {d for d in value.atoms(sympy.Derivative) if pending_in(d.expr)}
    return set()


def _derivative_of_value(d: sympy.Derivative, done: dict[sympy.Basic, Any], scope: Scope) -> Any:
    """d of the computed value, by the rules a written ``diff`` follows (:func:`_derivative`), its errors as :func:`_compute`'s."""
    loc = scope.sites[max(p.site for p in pending_in(d.expr))]
    try:
        out = _replace(d.expr, done)
        for v, k in d.variable_count:
            for _ in range(int(k)):
                out, conditions = derivatives_off_integers(derivative(out, v))
                for c in conditions:
                    scope.note_denominator(c)
        too_large = size_problem(out)
    except (TypeError, ValueError, ArithmeticError, sympy.ShapeError, IndexError, AttributeError) as exc:
        raise ClaimError(cannot_evaluate(exc), loc) from None
    if too_large is not None:
        raise LimitExceeded(too_large, loc)
    return out


def _pending(value: Any) -> set[Pending]:
    if isinstance(value, Rel):
        return pending_in(value.lhs) | pending_in(value.rhs)
    if isinstance(value, Connective):
        out: set[Pending] = set()
        for part in value.args:
            out |= _pending(part)
        return out
    return pending_in(value)


def _replace(value: Any, done: dict[sympy.Basic, Any]) -> Any:
    if isinstance(value, Rel):
        return dataclasses.replace(value, lhs=_replace(value.lhs, done), rhs=_replace(value.rhs, done))
    if isinstance(value, Connective):
        return dataclasses.replace(value, args=tuple(_replace(a, done) for a in value.args))
    if isinstance(value, MatrixBase):
        return value.applyfunc(lambda e: _replace(e, done))
    if isinstance(value, sympy.Basic) and pending_in(value):
        return value.xreplace(done)
    return value
