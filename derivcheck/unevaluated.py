"""The operations a claim writes but the language does not compute: limits, integrals,
derivatives and expectations, kept in the expression tree as written.

The interpreter (:mod:`derivcheck.interpreter`) builds them, the evaluation
(:mod:`derivcheck.evaluate`) replaces each by what the engine computes. Until
then each carries, as its last argument, the number of the place it was written
(:meth:`derivcheck.problem.Scope.site`): so that an error met while computing
it points there, and so that two operations written apart stay apart (``L - L``
of a limit that is ∞ is ∞ - ∞, not 0).

For people, :func:`as_written` turns them into SymPy's own unevaluated
``Limit``, ``Integral`` and ``Derivative``, which every printer knows.
"""

from __future__ import annotations

from typing import Any

import sympy
from sympy.matrices import MatrixBase


class Pending(sympy.Expr):  # type: ignore[misc]
    """An operation written in a claim and not yet computed; the last argument is its site."""

    is_commutative = True

    @property
    def site(self) -> int:
        return int(self.args[-1])

    @property
    def operands(self) -> tuple[Any, ...]:
        return tuple(self.args[:-1])

    def written(self) -> sympy.Basic:
        """SymPy's unevaluated form of the operation, for the printers."""
        raise NotImplementedError

    def _sympystr(self, printer: Any) -> str:
        return str(printer._print(self.written()))


class LimitOf(Pending):
    """``limit(body, var, point, direction)``, the direction a :class:`~sympy.core.symbol.Str`."""

    @property
    def direction(self) -> str:
        return str(self.args[3].name)

    @property
    def free_symbols(self) -> set[sympy.Basic]:
        body, var, point = self.args[:3]
        out: set[sympy.Basic] = (body.free_symbols - {var}) | point.free_symbols
        return out

    def written(self) -> sympy.Basic:
        body, var, point = self.args[:3]
        return sympy.Limit(body, var, point, self.direction)


class IntegralOf(Pending):
    """``integrate(body, (var, lo, hi))``."""

    @property
    def free_symbols(self) -> set[sympy.Basic]:
        body, var, lo, hi = self.args[:4]
        out: set[sympy.Basic] = (body.free_symbols - {var}) | lo.free_symbols | hi.free_symbols
        return out

    def written(self) -> sympy.Basic:
        body, var, lo, hi = self.args[:4]
        return sympy.Integral(body, (var, lo, hi))


class DerivativeOf(Pending):
    """``diff(f, x, ...)``: the variables, each optionally followed by its order."""

    def spec(self) -> list[Any]:
        """The variables and orders as SymPy's ``diff`` takes them."""
        return [int(a) if isinstance(a, sympy.Integer) else a for a in self.args[1:-1]]

    def written(self) -> sympy.Basic:
        return sympy.Derivative(self.args[0], *self.spec(), evaluate=False)


class _Moment(Pending):
    """An expectation, variance or covariance of expressions in random symbols."""

    word = ""

    def written(self) -> sympy.Basic:
        return sympy.Function(self.word)(*self.operands)


class ExpectationOf(_Moment):
    word = "E"


class VarianceOf(_Moment):
    word = "Var"


class CovarianceOf(_Moment):
    word = "Cov"


def pending_in(value: Any) -> set[Pending]:
    """The pending operations inside an expression or a matrix."""
    if isinstance(value, MatrixBase):
        out: set[Pending] = set()
        for entry in value:
            out |= pending_in(entry)
        return out
    if isinstance(value, sympy.Basic) and not value.is_Atom:
        return set(value.atoms(Pending))
    return set()


def as_written(value: Any) -> Any:
    """``value`` with each pending operation as SymPy's unevaluated form, for printing."""
    found = pending_in(value)
    if not found:
        return value
    # Innermost first: the body of a limit may hold an integral.
    with sympy.evaluate(False):
        mapping = {p: p.written() for p in found}
        for p in sorted(found, key=lambda p: p.site):
            mapping[p] = mapping[p].xreplace(mapping)
        if isinstance(value, MatrixBase):
            return value.applyfunc(lambda e: e.xreplace(mapping))
        return value.xreplace(mapping)
