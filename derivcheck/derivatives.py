"""First partial derivatives of large expressions: SymPy's own rules, applied once a node.

``sympy.diff(f, x)`` goes through ``Derivative.__new__`` for every
sub-expression, and after each step walks the whole result again (to put the
unevaluated derivatives it may hold in canonical order) and asks whether it
is zero. On a Jacobian of a Jacobian (the Hessian of a logistic loss, the
batch-norm backward formula) those walks cost more than the differentiation.

Here the rules SymPy's ``Add``, ``Mul``, ``Pow`` and functions apply in their
``_eval_derivative`` are applied directly, node by node, and each repeated
sub-expression is differentiated once (a memo, keyed by sub-expression and
variable, that lives for one call or one Jacobian). The result is the
expression ``sympy.diff`` builds, node for node (``tests/test_derivatives.py``
compares them on the corpus's claims). A node of any other kind (a sum, an
absolute value, a piecewise function...) and an expression that already holds
an unevaluated derivative are handed to ``sympy.diff`` whole.
"""

from __future__ import annotations

from typing import Any

import sympy
from sympy.core.function import ArgumentIndexError, Function

#: Differentiated sub-expressions, by (sub-expression, variable).
Memo = dict[tuple[sympy.Expr, sympy.Symbol], sympy.Expr]

_FUNCTION_RULE = Function._eval_derivative
_GENERIC_FDIFF = Function.fdiff


def derivative(f: Any, x: Any, memo: Memo | None = None) -> Any:
    """``sympy.diff(f, x)`` for a symbol ``x``, the same expression, computed faster.

    ``memo`` may be shared by several calls (the entries of one Jacobian): it
    holds only what those calls computed, and is dropped with them.
    """
    if not isinstance(f, sympy.Expr) or not isinstance(x, sympy.Symbol) or f.has(sympy.Derivative):
        return sympy.diff(f, x)
    return _d(f, x, {} if memo is None else memo)


def jacobian(column: sympy.MatrixBase, variables: list[sympy.Symbol]) -> sympy.ImmutableMatrix:
    """``column.jacobian(variables)`` of a column of functions, entry by entry as SymPy's."""
    memos: dict[sympy.Symbol, Memo] = {v: {} for v in variables}
    return sympy.ImmutableMatrix(
        column.rows, len(variables), lambda j, i: derivative(column[j], variables[i], memos[variables[i]])
    )


def _d(e: sympy.Expr, x: sympy.Symbol, memo: Memo) -> sympy.Expr:
    if x not in e.free_symbols:
        return sympy.S.Zero
    if e == x:
        return sympy.S.One
    key = (e, x)
    done = memo.get(key)
    if done is not None:
        return done
    kind = type(e)
    out: sympy.Expr
    if kind is sympy.Add:
        # Add._eval_derivative
        out = sympy.Add(*[_d(a, x, memo) for a in e.args])
    elif kind is sympy.Mul:
        # Mul._eval_derivative_n_times, once: the Leibniz rule, a term for each factor
        args = list(e.args)
        out = sympy.Add(*[sympy.Mul(*args[:i], _d(a, x, memo), *args[i + 1 :]) for i, a in enumerate(args)])
    elif kind is sympy.Pow:
        # Pow._eval_derivative
        base, exp = e.args
        out = e * (_d(exp, x, memo) * sympy.log(base) + _d(base, x, memo) * exp / base)
    elif isinstance(e, Function) and kind._eval_derivative is _FUNCTION_RULE and kind.fdiff is not _GENERIC_FDIFF:
        out = _function(e, x, memo)
    else:
        out = sympy.diff(e, x)
    memo[key] = out
    return out


def _function(e: sympy.Expr, x: sympy.Symbol, memo: Memo) -> sympy.Expr:
    """Function._eval_derivative: the chain rule through each argument, by the function's own fdiff."""
    terms = []
    for i, a in enumerate(e.args, start=1):
        da = _d(a, x, memo)
        if da.is_zero:
            continue
        try:
            df = e.fdiff(i)
        except ArgumentIndexError:
            return sympy.diff(e, x)
        terms.append(df * da)
    out = sympy.Add(*terms)
    # An fdiff that answers with an unevaluated derivative: SymPy would put it in canonical order.
    return sympy.diff(e, x) if out.has(sympy.Derivative) else out


__all__ = ["Memo", "derivative", "jacobian"]
