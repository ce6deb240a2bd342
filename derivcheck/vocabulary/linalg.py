"""Vectors and matrices: constructors, products, norms, the transpose, the trace,
the determinant and the inverse, and the gradient and Hessian of a function of a vector.

The gradient and the Hessian are derivatives written in the claim, left pending
as ``diff`` leaves them (:class:`~derivcheck.unevaluated.DerivativeOf`, one a
partial derivative), so that they are computed, and shown, as ``diff`` is.
"""

from __future__ import annotations

from typing import Any

import sympy
from sympy.matrices import MatrixBase

from derivcheck.errors import LimitExceeded
from derivcheck.parser import MAX_DET_SIZE, MAX_SIZE, Call
from derivcheck.unevaluated import DerivativeOf
from derivcheck.vocabulary.registry import function, size, vector_arg


@function("diag", args=(1, None), summary="diag(v): the diagonal matrix of a vector; diag(a, b, ...)")
def _diag(call: Call) -> Any:
    if len(call.args) == 1 and isinstance(call.args[0], MatrixBase):
        entries = list(vector_arg(call, 0))
    else:
        entries = [call.scalar(i) for i in range(len(call.args))]
    return sympy.ImmutableMatrix(sympy.diag(*entries))


@function("eye", summary="the n×n identity matrix")
def _eye(call: Call) -> Any:
    return sympy.ImmutableMatrix(sympy.eye(size(call, 0)))


@function("ones", summary="the vector of n ones")
def _ones(call: Call) -> Any:
    return sympy.ImmutableMatrix(sympy.ones(size(call, 0), 1))


@function("zeros", args=(1, 2), summary="zeros(n): the zero vector; zeros(m, n): the zero matrix")
def _zeros(call: Call) -> Any:
    m = size(call, 0)
    n = size(call, 1) if len(call.args) == 2 else 1
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
    a, b = vector_arg(call, 0), vector_arg(call, 1)
    if len(a) != len(b):
        raise call.error("dot needs two vectors of the same length")
    return sympy.Add(*[u * v for u, v in zip(a, b)])


@function("norm", args=(1, 2), summary="norm(x): the Euclidean norm of a vector, |x| of a number; norm(x, p) for p = 1, 2, ... or oo")
def _norm(call: Call) -> Any:
    value = call.args[0]
    if len(call.args) == 1:
        if isinstance(value, MatrixBase):
            return sympy.sqrt(sympy.Add(*[sympy.Abs(v) ** 2 for v in value]))
        return sympy.Abs(call.scalar(0))
    p = call.scalar(1)
    if not (p == sympy.oo or (isinstance(p, sympy.Integer) and 1 <= int(p) <= 20)):
        raise call.error("norm(x, p) takes p = 1, 2, ... (up to 20) or oo", call.node.args[1])
    if not isinstance(value, MatrixBase) or value.shape == (1, 1):
        return sympy.Abs(call.scalar(0))
    entries = [sympy.Abs(v) for v in vector_arg(call, 0)]
    if p == sympy.oo:
        return sympy.Max(*entries)
    if p == 1:
        return sympy.Add(*entries)
    return sympy.Add(*[v**p for v in entries]) ** (sympy.Integer(1) / p)


def _square(call: Call, i: int) -> MatrixBase:
    m = call.matrix(i)
    n, cols = m.shape
    if n != cols:
        raise call.error(f"{call.name} needs a square matrix, not a {n}×{cols} one", call.node.args[i])
    if n > MAX_DET_SIZE and m.free_symbols and not m.is_diagonal():
        raise LimitExceeded(
            f"{call.name} of a {n}×{n} matrix with unknowns; the limit is {MAX_DET_SIZE}×{MAX_DET_SIZE}", call.loc()
        )
    return m


def _determinant(m: MatrixBase) -> sympy.Expr:
    if m.is_diagonal():
        return sympy.Mul(*m.diagonal())
    if not m.free_symbols:
        return m.det(method="bareiss")
    return _expansion(m, list(range(m.rows)), list(range(m.cols)))


def _expansion(m: MatrixBase, rows: list[int], cols: list[int]) -> sympy.Expr:
    """The determinant of the submatrix of ``m`` on ``rows`` and ``cols``, by cofactors.

    Products and sums as they are, nothing simplified: SymPy's own methods
    cancel as they go, seconds for a 3×3 of fractions (the inverse of a
    matrix); the engine simplifies the claim as a whole. Each minor is
    computed once (at most 2ⁿ of them: 32 for the largest allowed).
    """
    memo: dict[tuple[int, ...], sympy.Expr] = {}

    def det(depth: int, left: tuple[int, ...]) -> sympy.Expr:
        if not left:
            return sympy.Integer(1)
        if left in memo:
            return memo[left]
        terms = []
        for k, c in enumerate(left):
            entry = m[rows[depth], c]
            if entry != 0:
                terms.append((-1) ** k * entry * det(depth + 1, left[:k] + left[k + 1 :]))
        memo[left] = value = sympy.Add(*terms)
        return value

    return det(0, tuple(cols))


def _adjugate(m: MatrixBase) -> MatrixBase:
    n = m.rows
    every = list(range(n))
    return sympy.ImmutableMatrix(
        n, n, lambda i, j: (-1) ** (i + j) * _expansion(m, every[:j] + every[j + 1 :], every[:i] + every[i + 1 :])
    )


@function("det", summary="the determinant of a square matrix")
def _det(call: Call) -> Any:
    return _determinant(_square(call, 0))


@function("inv", summary="the inverse of a square matrix; where its determinant is 0 it has no value")
def _inv(call: Call) -> Any:
    m = _square(call, 0)
    d = _determinant(m)
    if d.is_zero is True:
        raise call.error("the matrix has determinant 0: it has no inverse anywhere")
    if not d.free_symbols and d.is_zero is not False:
        raise call.error(f"cannot tell whether the determinant {sympy.sstr(d)} is 0: inv needs an invertible matrix")
    # Where the determinant is 0 the inverse does not exist: a point there is
    # no point of the claim, as one where a denominator is 0.
    call.scope.note_denominator(d)
    if m.is_diagonal():
        return sympy.ImmutableMatrix(sympy.diag(*[1 / v for v in m.diagonal()]))
    return sympy.ImmutableMatrix(_adjugate(m) / d)


@function("outer", args=(2, 2), summary="the outer product u*v.T of two vectors")
def _outer(call: Call) -> Any:
    u, v = vector_arg(call, 0), vector_arg(call, 1)
    return sympy.ImmutableMatrix(sympy.Matrix(u) * sympy.Matrix(v).T)


@function("kron", args=(2, 2), summary="the Kronecker product of two matrices")
def _kron(call: Call) -> Any:
    a, b = call.matrix(0), call.matrix(1)
    rows, cols = a.rows * b.rows, a.cols * b.cols
    if rows > MAX_SIZE or cols > MAX_SIZE:
        raise LimitExceeded(f"a Kronecker product of {rows}×{cols}; sizes go up to {MAX_SIZE}", call.loc())
    return sympy.ImmutableMatrix(
        rows, cols, lambda i, j: a[i // b.rows, j // b.cols] * b[i % b.rows, j % b.cols]
    )


def _variables(call: Call, i: int) -> list[sympy.Symbol]:
    """The distinct variables a function is differentiated by (a vector or matrix of them)."""
    found = list(call.matrix(i))
    if not all(isinstance(v, sympy.Symbol) for v in found):
        raise call.error(f"{call.name} needs a vector of variables as its second argument", call.node.args[i])
    if len(set(found)) != len(found):
        raise call.error(
            f"{call.name} needs distinct variables: here one unknown appears twice"
            " (as A[1, 2] and A[2, 1] of a symmetric matrix)",
            call.node.args[i],
        )
    return found


def _scalar_function(call: Call) -> sympy.Expr:
    value = call.args[0]
    if isinstance(value, MatrixBase) and value.shape != (1, 1):
        raise call.error(
            f"{call.name} needs a function with a number as its value; of a vector function, take jacobian(F, x)",
            call.node.args[0],
        )
    return call.scalar(0)


@function("grad", args=(2, 2), summary="grad(f, w): the column of partial derivatives of f by the entries of w")
def _grad(call: Call) -> Any:
    f = _scalar_function(call)
    w = call.matrix(1)
    found = _variables(call, 1)
    site = sympy.Integer(call.scope.site(call.loc()))
    partials = [DerivativeOf(f, v, site) for v in found]
    if 1 in w.shape:
        return sympy.ImmutableMatrix(partials)
    # By a matrix of variables: the matrix of partial derivatives, of its shape.
    return sympy.ImmutableMatrix(w.rows, w.cols, partials)


@function("hessian", args=(2, 2), summary="hessian(f, w): the matrix of second partial derivatives of f by the entries of w")
def _hessian(call: Call) -> Any:
    f = _scalar_function(call)
    vector_arg(call, 1)
    found = _variables(call, 1)
    # The derivative of each partial derivative, computed once (its own site, before
    # the second one's): differentiating f twice for each of the n² entries anew
    # costs several times as much.
    first = sympy.Integer(call.scope.site(call.loc()))
    n = len(found)
    if call.ev.written:  # for people: one second derivative an entry, as written
        return sympy.ImmutableMatrix(n, n, lambda i, j: DerivativeOf(f, found[i], found[j], first))
    second = sympy.Integer(call.scope.site(call.loc()))
    partials = [DerivativeOf(f, v, first) for v in found]
    return sympy.ImmutableMatrix(n, n, lambda i, j: DerivativeOf(partials[i], found[j], second))


@function("transpose", summary="the transpose of a matrix (also written A.T)")
def _transpose(call: Call) -> Any:
    return call.matrix(0).T


@function("trace", summary="the trace of a square matrix")
def _trace(call: Call) -> Any:
    m = call.matrix(0)
    if m.shape[0] != m.shape[1]:
        raise call.error("trace needs a square matrix")
    return m.trace()

