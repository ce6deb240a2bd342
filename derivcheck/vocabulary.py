"""The functions a claim may call, as a registry: one entry a function.

Adding a function is adding one decorated function here. An entry receives a
:class:`~derivcheck.parser.Call` with its evaluated arguments (or, for the
``lazy`` entries that bind a variable, such as ``Sum`` and ``limit``, the
unevaluated argument nodes). It returns a SymPy object, a matrix, a
statement, or a distribution. What the engine computes (limits, integrals,
derivatives, expectations) is returned as written, an operation of
:mod:`derivcheck.unevaluated` that :mod:`derivcheck.evaluate` computes.
"""

from __future__ import annotations

import ast
import zlib
from dataclasses import dataclass, replace
from typing import Any, Callable

import sympy
from sympy.core.symbol import Str
from sympy.matrices import MatrixBase

from derivcheck.distributions import DISTRIBUTIONS, Distribution
from derivcheck.errors import ClaimError, LimitExceeded
from derivcheck.formula import Connective, Formula
from derivcheck.parser import MAX_SIZE, MAX_TERMS, Call, Direction, size_problem
from derivcheck.problem import Scope
from derivcheck.unevaluated import (
    CovarianceOf,
    DerivativeOf,
    ExpectationOf,
    IntegralOf,
    LimitOf,
    VarianceOf,
)


@dataclass(frozen=True)
class Entry:
    """One function of the language."""

    name: str
    impl: Callable[[Call], Any]
    min_args: int
    max_args: int | None
    summary: str
    lazy: bool = False
    #: Built unevaluated when the claim is shown as written (H(0) stays H(0)): a
    #: function of numbers. The others (jacobian, softmax...) are computed from
    #: their arguments as written, since SymPy cannot show them otherwise.
    shown: bool = False


VOCABULARY: dict[str, Entry] = {}


def function(
    *names: str, args: tuple[int, int | None] = (1, 1), summary: str, lazy: bool = False, shown: bool = False
) -> Callable[[Callable[[Call], Any]], Callable[[Call], Any]]:
    """Register ``impl`` under each of ``names``."""

    def register(impl: Callable[[Call], Any]) -> Callable[[Call], Any]:
        for name in names:
            VOCABULARY[name] = Entry(name, impl, args[0], args[1], summary, lazy, shown)
        return impl

    return register


def _elementwise(f: Callable[..., Any]) -> Callable[[Call], Any]:
    """Apply a one-argument function to a number, or to each entry of a vector or matrix."""

    def impl(call: Call) -> Any:
        value = call.args[0]
        if isinstance(value, MatrixBase):
            return value.applyfunc(f)
        return f(call.scalar(0))

    return impl


# --- elementary functions (SymPy's), elementwise on vectors ---------------------
_ELEMENTARY: dict[str, Callable[..., Any]] = {
    "exp": sympy.exp, "sqrt": sympy.sqrt, "Abs": sympy.Abs, "abs": sympy.Abs,
    "sign": sympy.sign, "sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan,
    "sinh": sympy.sinh, "cosh": sympy.cosh, "tanh": sympy.tanh, "atan": sympy.atan,
    "asin": sympy.asin, "acos": sympy.acos, "erf": sympy.erf,
    "DiracDelta": sympy.DiracDelta,
}  # fmt: skip
for _name, _f in _ELEMENTARY.items():
    VOCABULARY[_name] = Entry(_name, _elementwise(_f), 1, 1, f"SymPy's {_f.__name__}, elementwise", shown=True)


@function("log", args=(1, 2), summary="natural logarithm; log(x, b) to base b", shown=True)
def _log(call: Call) -> Any:
    # log(0) has no value; exp(log(u)) is built as u, so the parser keeps u.
    for a in call.args:
        if isinstance(a, MatrixBase):
            for entry in a:
                call.scope.note_denominator(entry)
        else:
            call.scope.note_denominator(a)
    if len(call.args) == 2:
        return sympy.log(call.scalar(0), call.scalar(1))
    return _elementwise(sympy.log)(call)


@function("sigmoid", summary="the logistic function 1/(1 + exp(-x)), elementwise", shown=True)
def _sigmoid(call: Call) -> Any:
    return _elementwise(lambda x: 1 / (1 + sympy.exp(-x)))(call)


@function("relu", summary="max(0, x), elementwise", shown=True)
def _relu(call: Call) -> Any:
    return _elementwise(lambda x: sympy.Max(0, x))(call)


@function("H", "Heaviside", summary="the Heaviside step, H(0) = 1/2, elementwise", shown=True)
def _heaviside(call: Call) -> Any:
    # SymPy's default value at 0 is 1/2, which is the contract's convention;
    # it is passed explicitly so that a change of default cannot change it.
    return _elementwise(lambda x: sympy.Heaviside(x, sympy.S.Half))(call)


@function("Max", "max", args=(2, None), summary="the largest argument", shown=True)
def _max(call: Call) -> Any:
    return sympy.Max(*[call.scalar(i) for i in range(len(call.args))])


@function("Min", "min", args=(2, None), summary="the smallest argument", shown=True)
def _min(call: Call) -> Any:
    return sympy.Min(*[call.scalar(i) for i in range(len(call.args))])


@function("KroneckerDelta", args=(2, 2), summary="1 if i == j else 0", shown=True)
def _kronecker(call: Call) -> Any:
    return sympy.KroneckerDelta(call.scalar(0), call.scalar(1))


@function("xlogy", args=(2, 2), summary="a*log(b), with the convention 0*log(b) = 0 (so 0 log 0 = 0)", shown=True)
def _xlogy(call: Call) -> Any:
    a, b = call.scalar(0), call.scalar(1)
    return sympy.Piecewise((0, sympy.Eq(a, 0)), (a * sympy.log(b), True))


@function("softmax", summary="the vector exp(x_i)/Σ_k exp(x_k)")
def _softmax(call: Call) -> Any:
    x = _vector_arg(call, 0)
    total = sympy.Add(*[sympy.exp(v) for v in x])
    return sympy.ImmutableMatrix([sympy.exp(v) / total for v in x])


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
    x = _vector_arg(call, 1)
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
    return sympy.ImmutableMatrix(f.jacobian(sympy.Matrix(list(x))))


@function("diag", args=(1, None), summary="diag(v): the diagonal matrix of a vector; diag(a, b, ...)")
def _diag(call: Call) -> Any:
    if len(call.args) == 1 and isinstance(call.args[0], MatrixBase):
        entries = list(_vector_arg(call, 0))
    else:
        entries = [call.scalar(i) for i in range(len(call.args))]
    return sympy.ImmutableMatrix(sympy.diag(*entries))


@function("eye", summary="the n×n identity matrix")
def _eye(call: Call) -> Any:
    return sympy.ImmutableMatrix(sympy.eye(_size(call, 0)))


@function("ones", summary="the vector of n ones")
def _ones(call: Call) -> Any:
    return sympy.ImmutableMatrix(sympy.ones(_size(call, 0), 1))


@function("zeros", args=(1, 2), summary="zeros(n): the zero vector; zeros(m, n): the zero matrix")
def _zeros(call: Call) -> Any:
    m = _size(call, 0)
    n = _size(call, 1) if len(call.args) == 2 else 1
    return sympy.ImmutableMatrix(sympy.zeros(m, n))


@function("vec", args=(1, None), summary="the column vector of its arguments")
def _vec(call: Call) -> Any:
    if len(call.args) > MAX_SIZE:
        raise LimitExceeded(f"a vector longer than {MAX_SIZE}", call.loc())
    return sympy.ImmutableMatrix([call.scalar(i) for i in range(len(call.args))])


@function("hadamard", "odot", args=(2, 2), summary="the entrywise product of two vectors or matrices")
def _hadamard(call: Call) -> Any:
    a, b = call.matrix(0), call.matrix(1)
    if a.shape != b.shape:
        raise call.error("hadamard needs two matrices of the same shape")
    return sympy.ImmutableMatrix(a.multiply_elementwise(b))


@function("dot", args=(2, 2), summary="the dot product of two vectors")
def _dot(call: Call) -> Any:
    a, b = _vector_arg(call, 0), _vector_arg(call, 1)
    if len(a) != len(b):
        raise call.error("dot needs two vectors of the same length")
    return sympy.Add(*[u * v for u, v in zip(a, b)])


@function("norm", summary="the Euclidean norm of a vector; |x| of a number")
def _norm(call: Call) -> Any:
    if isinstance(call.args[0], MatrixBase):
        return sympy.sqrt(sympy.Add(*[sympy.Abs(v) ** 2 for v in call.args[0]]))
    return sympy.Abs(call.scalar(0))


@function("transpose", summary="the transpose of a matrix (also written A.T)")
def _transpose(call: Call) -> Any:
    return call.matrix(0).T


@function("trace", summary="the trace of a square matrix")
def _trace(call: Call) -> Any:
    m = call.matrix(0)
    if m.shape[0] != m.shape[1]:
        raise call.error("trace needs a square matrix")
    return m.trace()


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


# --- probability ------------------------------------------------------------------
@function("E", summary="the expectation of an expression in random symbols")
def _expectation(call: Call) -> Any:
    return ExpectationOf(call.scalar(0), sympy.Integer(call.scope.site(call.loc())))


@function("Var", summary="the variance of an expression in random symbols")
def _variance(call: Call) -> Any:
    return VarianceOf(call.scalar(0), sympy.Integer(call.scope.site(call.loc())))


@function("Cov", args=(2, 2), summary="the covariance of two expressions in random symbols")
def _covariance(call: Call) -> Any:
    site = sympy.Integer(call.scope.site(call.loc()))
    return CovarianceOf(call.scalar(0), call.scalar(1), site)


@function("pdf", args=(2, 2), summary="pdf(X, t): the density of the random symbol X at t")
def _pdf(call: Call) -> Any:
    x = call.args[0]
    dist = call.scope.random.get(x) if isinstance(x, sympy.Symbol) else None
    if dist is None:
        raise call.error("pdf needs a random symbol (declared under random:) as its first argument")
    try:
        return dist.pdf(call.scalar(1))
    except ClaimError as exc:
        raise call.error(exc.message) from None


def _distribution(name: str) -> Callable[[Call], Any]:
    spec = DISTRIBUTIONS[name]

    def impl(call: Call) -> Distribution:
        params = [call.scalar(i) for i in range(len(call.args))]
        try:
            return spec.build(*params)
        except ClaimError as exc:
            raise call.error(exc.message) from None

    return impl


for _spec in DISTRIBUTIONS.values():
    VOCABULARY[_spec.name] = Entry(
        _spec.name, _distribution(_spec.name), len(_spec.params), len(_spec.params), _spec.summary
    )


# --- statements -------------------------------------------------------------------
@function("iff", args=(2, 2), summary="p if and only if q")
def _iff(call: Call) -> Formula:
    return Connective("iff", (call.formula(0), call.formula(1)))


@function("implies", args=(2, 2), summary="if p then q")
def _implies(call: Call) -> Formula:
    return Connective("implies", (call.formula(0), call.formula(1)))


@function("And", args=(2, None), summary="all of the statements")
def _and(call: Call) -> Formula:
    return Connective("and", tuple(call.formula(i) for i in range(len(call.args))))


@function("Or", args=(2, None), summary="at least one of the statements")
def _or(call: Call) -> Formula:
    return Connective("or", tuple(call.formula(i) for i in range(len(call.args))))


@function("Not", summary="the negation of a statement")
def _not(call: Call) -> Formula:
    return Connective("not", (call.formula(0),))


# --- helpers ----------------------------------------------------------------------
def _vector_arg(call: Call, i: int) -> list[Any]:
    m = call.matrix(i)
    if 1 not in m.shape:
        raise call.error(f"argument {i + 1} of {call.name} must be a vector", call.node.args[i])
    return list(m)


def _size(call: Call, i: int) -> int:
    n = call.integer(i, "a size")
    if not 1 <= n <= MAX_SIZE:
        raise LimitExceeded(f"a size of {n}; sizes go from 1 to {MAX_SIZE}", call.loc(call.node.args[i]))
    return n
