"""The special functions (SymPy's), the rounding steps, and Piecewise.

Each is built as SymPy's own class (lgamma as SymPy's ``loggamma``, digamma as
``polygamma(0, x)``), so that SymPy's rewritings know it and the kernel's table
of primitives evaluates it. Where SymPy's value is infinite (li(1) = -oo,
Ei(0) = -oo, loggamma at a pole) the argument is recorded like a
denominator: the claim has no value there. Real domains: see the README.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Sequence
from typing import Any

import sympy
from sympy.matrices import MatrixBase

from derivcheck.errors import LimitExceeded
from derivcheck.formula import relations, to_sympy
from derivcheck.parser import Call, short_number
from derivcheck.vocabulary.elementary import noting
from derivcheck.vocabulary.registry import VOCABULARY, Entry, function

#: The largest number (in absolute value) a function below is given exactly: SymPy evaluates
#: Γ(10**9), ψ(10**9), ζ(-10**6) or binomial(10**9, 10**8) in full when it builds them,
#: before any limit on the size of a number can look at the result.
MAX_EXACT_ARGUMENT = 2000


def _bounded(name: str, f: Callable[..., Any]) -> Callable[..., Any]:
    """``f``, refusing a number argument beyond :data:`MAX_EXACT_ARGUMENT`."""

    def g(*args: sympy.Expr) -> Any:
        for a in args:
            if isinstance(a, sympy.Rational) and abs(a) > MAX_EXACT_ARGUMENT:
                shown = short_number(int(a)) if a.is_Integer else "a fraction"
                raise LimitExceeded(
                    f"{name} of {shown}: SymPy computes its exact value in full, so its number"
                    f" arguments are limited to {MAX_EXACT_ARGUMENT} in size"
                )
        return f(*args)

    return g


def _none(x: sympy.Expr) -> Sequence[sympy.Expr]:
    return []


def _pole_of_gamma(x: sympy.Expr) -> Sequence[sympy.Expr]:
    # 1/Γ(x) is 0 exactly at Γ's poles, the non-positive integers.
    return [1 / sympy.gamma(x)]


#: One-argument functions, elementwise on vectors: (name, SymPy's, points without a value, summary).
_SPECIAL: tuple[tuple[str, Callable[[sympy.Expr], Any], Callable[[sympy.Expr], Sequence[sympy.Expr]], str], ...] = (
    ("gamma", sympy.gamma, _none, "Γ(x); real off the non-positive integers (its poles)"),
    ("lgamma", sympy.loggamma, _pole_of_gamma, "SymPy's loggamma, log Γ(x); real for x > 0"),
    ("factorial", sympy.factorial, _none, "x! = Γ(x + 1)"),
    ("digamma", sympy.digamma, _none, "ψ(x) = Γ'(x)/Γ(x) (SymPy's polygamma(0, x)); real off the non-positive integers"),
    ("Ei", sympy.Ei, lambda x: [x], "the exponential integral; real for x ≠ 0, Ei(0) = -oo (no value)"),
    ("li", sympy.li, lambda x: [x - 1], "the logarithmic integral; real for x >= 0, x ≠ 1, li(1) = -oo (no value)"),
    ("Si", sympy.Si, _none, "the sine integral; real everywhere"),
    ("Ci", sympy.Ci, lambda x: [x], "the cosine integral; real for x > 0, Ci(0) has no value"),
    ("Shi", sympy.Shi, _none, "the hyperbolic sine integral; real everywhere"),
    ("Chi", sympy.Chi, lambda x: [x], "the hyperbolic cosine integral; real for x > 0, Chi(0) has no value"),
    ("fresnels", sympy.fresnels, _none, "the Fresnel integral S(x) = ∫₀ˣ sin(πt²/2) dt"),
    ("fresnelc", sympy.fresnelc, _none, "the Fresnel integral C(x) = ∫₀ˣ cos(πt²/2) dt"),
    ("floor", sympy.floor, _none, "the largest integer <= x"),
    ("ceiling", sympy.ceiling, _none, "the smallest integer >= x"),
)  # fmt: skip
for _name, _f, _zeros, _summary in _SPECIAL:
    VOCABULARY[_name] = Entry(_name, noting(_bounded(_name, _f), _zeros), 1, 1, _summary + ", elementwise", shown=True)


#: Functions of two numbers: (name, SymPy's, summary).
_TWO: tuple[tuple[str, Callable[[sympy.Expr, sympy.Expr], Any], str], ...] = (
    ("uppergamma", sympy.uppergamma, "Γ(s, x) = ∫ₓ^∞ t^(s-1) e^(-t) dt; real for x > 0"),
    ("lowergamma", sympy.lowergamma, "γ(s, x) = ∫₀ˣ t^(s-1) e^(-t) dt; real for s > 0, x > 0"),
    ("beta", sympy.beta, "B(a, b) = Γ(a)Γ(b)/Γ(a + b)"),
    ("binomial", sympy.binomial, "the binomial coefficient, Γ(n + 1)/(Γ(k + 1)Γ(n - k + 1)) off Γ's poles"),
    ("polylog", sympy.polylog, "Li_s(z) = Σ z^k/k^s; real for z <= 1 (its cut is z > 1)"),
)  # fmt: skip


def _two(f: Callable[[sympy.Expr, sympy.Expr], Any]) -> Callable[[Call], Any]:
    def impl(call: Call) -> Any:
        return f(call.scalar(0), call.scalar(1))

    return impl


for _name, _g, _summary in _TWO:
    VOCABULARY[_name] = Entry(_name, _two(_bounded(_name, _g)), 2, 2, _summary, shown=True)


@function("zeta", args=(1, 2), summary="Riemann's ζ(s), or Hurwitz's ζ(s, a); pole at s = 1", shown=True)
def _zeta(call: Call) -> Any:
    return _bounded("zeta", sympy.zeta)(*[call.scalar(i) for i in range(len(call.args))])


@function("Piecewise", args=(1, None), lazy=True, shown=True, summary="Piecewise((e1, c1), (e2, c2), ..., (e, True)): the first e whose condition holds")
def _piecewise(call: Call) -> Any:
    pairs = []
    for node in call.nodes:
        if not (isinstance(node, ast.Tuple) and len(node.elts) == 2):
            raise call.error("each argument of Piecewise is a pair (value, condition)", node)
        value_node, cond_node = node.elts
        value = call.eval(value_node)
        if isinstance(value, MatrixBase) and value.shape != (1, 1):
            raise call.error("the values of Piecewise are numbers", value_node)
        cond = call.ev.formula(call.eval(cond_node), cond_node)
        for rel in relations(cond):
            if isinstance(rel.lhs, MatrixBase) or isinstance(rel.rhs, MatrixBase):
                raise call.error("the conditions of Piecewise compare numbers", cond_node)
        pairs.append((call.ev.scalar(value, value_node, "a value of Piecewise"), to_sympy(cond)))
    return sympy.Piecewise(*pairs)
