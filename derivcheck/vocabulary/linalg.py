"""Vectors and matrices: constructors, products, norms, the transpose and the trace."""

from __future__ import annotations

from typing import Any

import sympy
from sympy.matrices import MatrixBase

from derivcheck.errors import LimitExceeded
from derivcheck.parser import MAX_SIZE, Call
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

