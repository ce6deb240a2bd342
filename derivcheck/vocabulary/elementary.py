"""The functions of numbers: SymPy's elementary functions and the ML ones, elementwise on vectors."""

from __future__ import annotations

from typing import Any, Callable, Sequence

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
    # Reciprocal and inverse functions. The real domains (README): sec, csc, cot
    # off their poles; asinh, acot everywhere (acot(0) = π/2, a jump); acosh on
    # [1, ∞); asec, acsc on |x| >= 1; sech everywhere, csch and coth off 0.
    "sec": sympy.sec, "csc": sympy.csc, "cot": sympy.cot, "asinh": sympy.asinh,
    "acosh": sympy.acosh, "acot": sympy.acot, "asec": sympy.asec, "acsc": sympy.acsc,
    "sech": sympy.sech, "csch": sympy.csch, "coth": sympy.coth,
    "erfi": sympy.erfi,
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


# --- functions with points where they have no value ------------------------------
def noting(f: Callable[[sympy.Expr], Any], zeros: Callable[[sympy.Expr], Sequence[sympy.Expr]]) -> Callable[[Call], Any]:
    """``f`` elementwise, recording for each argument the expressions that must not be 0.

    Where SymPy's value is infinite (atanh(1) = oo, log(0)), the claim has no
    value, as at a division by zero; the record keeps it so when building
    simplifies the singular function away.
    """

    def impl(call: Call) -> Any:
        def one(x: sympy.Expr) -> Any:
            for z in zeros(x):
                call.scope.note_denominator(z)
            return f(x)

        return elementwise(one)(call)

    return impl


def as_named(name: str, build: Callable[[sympy.Expr], Any], zeros: Callable[[sympy.Expr], Sequence[sympy.Expr]]) -> Callable[[Call], Any]:
    """A function that is a formula of SymPy's (log1p(x) is log(1 + x)), shown by its own name.

    The engine gets the formula; built as written, for people, the claim shows
    ``name(x)`` as its author wrote it.
    """
    shown = sympy.Function(name)
    compute = noting(build, zeros)

    def impl(call: Call) -> Any:
        if call.ev.written:
            return elementwise(shown)(call)
        return compute(call)

    return impl


VOCABULARY["atanh"] = Entry(
    "atanh", noting(sympy.atanh, lambda x: [1 - x, 1 + x]), 1, 1,
    "SymPy's atanh, elementwise; real on (-1, 1), infinite (no value) at ±1", shown=True,
)  # fmt: skip
for _name, _build, _zeros, _summary in (
    ("log1p", lambda x: sympy.log(1 + x), lambda x: [1 + x], "log(1 + x), elementwise; no value at x = -1"),
    ("expm1", lambda x: sympy.exp(x) - 1, lambda x: [], "exp(x) - 1, elementwise"),
    # erfc as 1 - erf: every rule that knows erf (integrals, limits) then knows erfc.
    ("erfc", lambda x: 1 - sympy.erf(x), lambda x: [], "1 - erf(x), elementwise"),
    ("softplus", lambda x: sympy.log(1 + sympy.exp(x)), lambda x: [1 + sympy.exp(x)], "log(1 + exp(x)), elementwise"),
    ("gelu", lambda x: x * (1 + sympy.erf(x / sympy.sqrt(2))) / 2, lambda x: [], "x(1 + erf(x/√2))/2 (exact), elementwise"),
):
    VOCABULARY[_name] = Entry(_name, as_named(_name, _build, _zeros), 1, 1, _summary, shown=True)


@function("atan2", args=(2, 2), summary="atan2(y, x): the angle of the point (x, y), in (-π, π]; no value at (0, 0)", shown=True)
def _atan2(call: Call) -> Any:
    return sympy.atan2(call.scalar(0), call.scalar(1))


def _logsumexp_of(xs: list[Any], call: Call) -> Any:
    total = sympy.Add(*[sympy.exp(v) for v in xs])
    call.scope.note_denominator(total)
    return sympy.log(total)


@function("logsumexp", summary="log Σ_i exp(v_i) of a vector v; of a number, the number itself")
def _logsumexp(call: Call) -> Any:
    if not isinstance(call.args[0], MatrixBase):
        return call.scalar(0)
    return _logsumexp_of(vector_arg(call, 0), call)


@function("log_softmax", summary="the vector v_i - logsumexp(v)")
def _log_softmax(call: Call) -> Any:
    x = vector_arg(call, 0)
    lse = _logsumexp_of(x, call)
    return sympy.ImmutableMatrix([v - lse for v in x])
