"""Calculus: derivatives, the Jacobian, and the binders (Sum, Product, limit, integrate).

What the engine computes (limits, integrals, derivatives) is returned as
written, an operation of :mod:`derivcheck.unevaluated` that
:mod:`derivcheck.evaluate` computes.
"""

from __future__ import annotations

import ast
import zlib
from dataclasses import replace
from typing import Any

import sympy
from sympy.core.symbol import Str
from sympy.matrices import MatrixBase

from derivcheck import derivatives
from derivcheck.errors import ClaimError, LimitExceeded
from derivcheck.parser import MAX_TERMS, Call, Direction, size_problem
from derivcheck.problem import Scope
from derivcheck.unevaluated import DerivativeOf, IntegralOf, LimitOf
from derivcheck.vocabulary.registry import function, vector_arg


# --- calculus and linear algebra ---------------------------------------------------
@function("diff", args=(2, None), summary="derivative: diff(f, x), diff(f, x, 2), diff(f, x, y)")
def _diff(call: Call) -> Any:
    f = call.args[0]
    spec: list[Any] = []
    for i in range(1, len(call.args)):
        v = call.args[i]
        if isinstance(v, sympy.Symbol):
            spec.append(v)
        elif isinstance(v, sympy.Integer) and spec:
            if not 0 <= int(v) <= 20:
                raise call.error("the order of a derivative must be between 0 and 20", call.node.args[i])
            spec.append(int(v))
        else:
            raise call.error(
                "diff takes a variable (a symbol, or an entry such as x[1]) and an optional order",
                call.node.args[i],
            )
    site = sympy.Integer(call.scope.site(call.loc()))
    args = [sympy.Integer(a) if isinstance(a, int) else a for a in spec]
    if isinstance(f, MatrixBase):
        return f.applyfunc(lambda e: DerivativeOf(e, *args, site))
    return DerivativeOf(call.scalar(0), *args, site)


@function("jacobian", args=(2, 2), summary="the Jacobian matrix of a vector function F with respect to a vector x")
def _jacobian(call: Call) -> Any:
    x = vector_arg(call, 1)
    for v in x:
        if not isinstance(v, sympy.Symbol):
            raise call.error("jacobian needs a vector of variables as its second argument", call.node.args[1])
    f = call.args[0]
    if not isinstance(f, MatrixBase):
        f = sympy.ImmutableMatrix([call.scalar(0)])
    if f.shape[1] != 1:
        f = f.T if f.shape[0] == 1 else f
        if f.shape[1] != 1:
            raise call.error("jacobian needs a vector function", call.node.args[0])
    return derivatives.jacobian(f, list(x))


# --- binders: Sum, Product, limit, integrate ---------------------------------------
def _bound_variable(call: Call, node: ast.AST, *, integer: bool) -> tuple[str, sympy.Symbol]:
    if not isinstance(node, ast.Name):
        raise call.error("the variable here must be a name", node)
    name = node.id
    declared = call.scope.declared.get(name)
    if declared is not None:
        if integer and declared.is_integer is not True:
            raise call.error(f"the index '{name}' is declared, but not as an integer", node)
        # A bound variable is a new name with the declared assumptions, never the
        # free symbol itself: a rewriting or a substitution of the free t must not
        # reach inside integrate(f(t), (t, 0, 1)). Its index is fixed by the name,
        # so that two integrals over the same t are still the same expression.
        index = 0x6B00_0000 + zlib.crc32(name.encode()) % 0x0100_0000
        return name, BoundName(name, dummy_index=index, **declared.assumptions0)
    if integer:
        return name, sympy.Symbol(name, integer=True)
    return name, sympy.Symbol(name, real=True)


class BoundName(sympy.Dummy):  # type: ignore[misc]
    """A declared name used as a bound variable: distinct from the free symbol
    of the same name, and printed as that name."""

    def _sympystr(self, printer: Any) -> str:
        return str(self.name)

    def _latex(self, printer: Any) -> str:
        return str(printer._print(sympy.Symbol(self.name)))

    def _pretty(self, printer: Any) -> Any:
        return printer._print(sympy.Symbol(self.name))


def _bind(call: Call, scope: Scope, name: str, value: sympy.Expr) -> Scope:
    """The scope of a binder's body, with ``name`` bound to ``value``.

    ``where:`` bindings are evaluated once, with the declared (free) symbol; a
    binding used inside ``limit(..., k, 0)`` or ``Sum(..., (k, 1, n))`` means
    the bound k, as it reads on the page, so the declared symbol of this very
    name is replaced in them too. Any other free name stays free.
    """
    declared = scope.declared.get(name)
    if declared is None or declared == value:
        return scope.child(**{name: value})
    names = {
        k: v.xreplace({declared: value}) if isinstance(v, (sympy.Basic, MatrixBase)) and v.has(declared) else v
        for k, v in scope.names.items()
    }
    return replace(scope, names={**names, name: value})


def _bounds(call: Call, node: ast.AST, what: str) -> tuple[ast.AST, Any, Any]:
    if not (isinstance(node, ast.Tuple) and len(node.elts) == 3):
        raise call.error(f"{what} takes its bounds as a tuple (k, a, b)", node)
    var, lo, hi = node.elts
    return var, call.eval(lo), call.eval(hi)


def _iterate(call: Call, op: str) -> Any:
    body_node = call.nodes[0]
    specs = call.nodes[1:]
    if not specs:
        raise call.error(f"{op} needs bounds, as {op}(f, (k, 1, n))")

    def run(scope: Scope, rest: list[ast.expr]) -> Any:
        if not rest:
            return call.eval(body_node, scope)
        var_node, lo, hi = _bounds(call, rest[0], op)
        lo = call.ev.scalar(lo, rest[0], "a bound")
        hi = call.ev.scalar(hi, rest[0], "a bound")
        name, sym = _bound_variable(call, var_node, integer=True)
        if call.ev.written:
            try:
                shown = run(_bind(call, scope, name, sym), rest[1:])
                if not isinstance(shown, MatrixBase):
                    return (sympy.Sum if op == "Sum" else sympy.Product)(shown, (sym, lo, hi))
            except ClaimError:
                pass  # a body such as x[k] needs the values of k: shown term by term
            with sympy.evaluate(True):
                lo, hi = lo.doit(), hi.doit()
        if lo.is_Integer and hi.is_Integer:
            count = int(hi) - int(lo) + 1
            if count > MAX_TERMS:
                raise LimitExceeded(f"{op} of {count} terms, more than the limit of {MAX_TERMS}", call.loc())
            call.ev.terms += max(count, 0)
            if call.ev.terms > MAX_TERMS:
                raise LimitExceeded(
                    f"nested Sums and Products of more than {MAX_TERMS} terms in all", call.loc()
                )
            terms = [run(_bind(call, scope, name, sympy.Integer(k)), rest[1:]) for k in range(int(lo), int(hi) + 1)]
            return _combine(terms, op, call)
        if lo.is_number and hi.is_number and not (lo.is_infinite or hi.is_infinite):
            raise call.error(f"the bounds of {op} must be whole numbers, symbols or oo", rest[0])
        inner = _bind(call, scope, name, sym)
        # The body of a symbolic sum is evaluated only where the range is not empty:
        # its denominators are no condition on the point (Σ_{k=1}^{0} 1/n = 0 at n = 0).
        inner = replace(inner, denominators=[])
        body = run(inner, rest[1:])
        if isinstance(body, MatrixBase):
            raise call.error(f"a {op} of vectors needs concrete bounds", body_node)
        body = call.ev.scalar(body, body_node, f"the body of {op}")
        return (sympy.Sum if op == "Sum" else sympy.Product)(body, (sym, lo, hi))

    return run(call.scope, list(specs))


def _combine(terms: list[Any], op: str, call: Call) -> Any:
    """The sum or product of the terms of a Sum or Product with concrete bounds."""
    if not terms:
        return sympy.Integer(0 if op == "Sum" else 1)
    if not all(isinstance(t, sympy.Expr) for t in terms):
        # Vectors and matrices (and the mistakes SymPy reports), one by one.
        acc = terms[0]
        for t in terms[1:]:
            acc = acc + t if op == "Sum" else acc * t
        return acc
    # At once, not one by one: adding to a growing sum rebuilds it each time,
    # a cost that grows with the square of the number of terms.
    if op == "Sum":
        return sympy.Add(*terms)
    # The numbers of a product are multiplied one by one and checked as they
    # grow, so that ten thousand factors of a thousand digits are refused at
    # the limit instead of being multiplied out first.
    coeff: sympy.Expr = sympy.Integer(1)
    rest: list[sympy.Expr] = []
    for t in terms:
        c, r = t.as_coeff_Mul()
        coeff = coeff * c
        too_large = size_problem(coeff)
        if too_large is not None:
            raise LimitExceeded(too_large, call.loc())
        rest.append(r)
    return coeff * sympy.Mul(*rest)


@function("Sum", args=(2, None), lazy=True, summary="Sum(f, (k, a, b)): the sum over k = a..b")
def _sum(call: Call) -> Any:
    return _iterate(call, "Sum")


@function("Product", args=(2, None), lazy=True, summary="Product(f, (k, a, b)): the product over k = a..b")
def _product(call: Call) -> Any:
    return _iterate(call, "Product")


@function(
    "limit",
    args=(3, 4),
    lazy=True,
    summary="limit(f, x, a): two-sided limit; limit(f, x, a, '+') or '-': one-sided",
)
def _limit(call: Call) -> Any:
    name, var = _bound_variable(call, call.nodes[1], integer=False)
    point = call.ev.scalar(call.eval(call.nodes[2]), call.nodes[2], "the limit point")
    direction = "+-"
    if len(call.nodes) == 4:
        d = call.eval(call.nodes[3])
        if not isinstance(d, Direction):
            raise call.error("the direction of a limit is '+', '-' or '+-'", call.nodes[3])
        direction = str(d)
    body = call.eval(call.nodes[0], _bind(call, call.scope, name, var))
    site = sympy.Integer(call.scope.site(call.loc()))
    towards = Str(direction)
    if isinstance(body, MatrixBase):
        return body.applyfunc(lambda e: LimitOf(e, var, point, towards, site))
    body = call.ev.scalar(body, call.nodes[0], "the function of a limit")
    return LimitOf(body, var, point, towards, site)


@function("integrate", args=(2, 2), lazy=True, summary="integrate(f, (t, a, b)): definite integral")
def _integrate(call: Call) -> Any:
    node = call.nodes[1]
    if not isinstance(node, ast.Tuple):
        raise call.error("integrate needs bounds, as integrate(f, (t, a, b))", node)
    var_node, lo, hi = _bounds(call, node, "integrate")
    lo = call.ev.scalar(lo, node, "a bound")
    hi = call.ev.scalar(hi, node, "a bound")
    name, var = _bound_variable(call, var_node, integer=False)
    body = call.ev.scalar(call.eval(call.nodes[0], _bind(call, call.scope, name, var)), call.nodes[0], "the integrand")
    return IntegralOf(body, var, lo, hi, sympy.Integer(call.scope.site(call.loc())))

