"""The functions of numbers: SymPy's elementary functions and the ML ones, elementwise on vectors."""

from __future__ import annotations

from typing import Any, Callable

import sympy
from sympy.matrices import MatrixBase

from derivcheck.parser import Call
from derivcheck.vocabulary.registry import (
    VOCABULARY,
    Entry,
    elementwise,
    function,
    vector_arg,
)

# --- elementary functions (SymPy's), elementwise on vectors ---------------------
_ELEMENTARY: dict[str, Callable[..., Any]] = {
    "exp": sympy.exp, "sqrt": sympy.sqrt, "Abs": sympy.Abs, "abs": sympy.Abs,
    "sign": sympy.sign, "sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan,
    "sinh": sympy.sinh, "cosh": sympy.cosh, "tanh": sympy.tanh, "atan": sympy.atan,
    "asin": sympy.asin, "acos": sympy.acos, "erf": sympy.erf,
    "DiracDelta": sympy.DiracDelta,
}  # fmt: skip
for _name, _f in _ELEMENTARY.items():
    VOCABULARY[_name] = Entry(_name, elementwise(_f), 1, 1, f"SymPy's {_f.__name__}, elementwise", shown=True)


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
    return elementwise(sympy.log)(call)


@function("sigmoid", summary="the logistic function 1/(1 + exp(-x)), elementwise", shown=True)
def _sigmoid(call: Call) -> Any:
    return elementwise(lambda x: 1 / (1 + sympy.exp(-x)))(call)


@function("relu", summary="max(0, x), elementwise", shown=True)
def _relu(call: Call) -> Any:
    return elementwise(lambda x: sympy.Max(0, x))(call)


@function("H", "Heaviside", summary="the Heaviside step, H(0) = 1/2, elementwise", shown=True)
def _heaviside(call: Call) -> Any:
    # SymPy's default value at 0 is 1/2, which is the contract's convention;
    # it is passed explicitly so that a change of default cannot change it.
    return elementwise(lambda x: sympy.Heaviside(x, sympy.S.Half))(call)


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
    x = vector_arg(call, 0)
    total = sympy.Add(*[sympy.exp(v) for v in x])
    return sympy.ImmutableMatrix([sympy.exp(v) / total for v in x])

