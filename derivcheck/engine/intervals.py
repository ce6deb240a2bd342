"""Certified signs on bounded boxes: interval arithmetic with bisection.

mpmath's ``iv`` context rounds every operation outward, so the interval it
returns for an expression over a box *contains* every value the expression
takes there. If that interval is positive, the expression is positive on the
whole box: a proof, not an estimate. Where the enclosure is too wide, the box
is cut in two along its widest side and both halves are tried, up to a
budget of boxes.

This proves inequalities that algebra cannot, such as
``exp(-f²/2) + exp(-(1-f)²/2) > 1`` for ``f`` in ``(0, 1)``. It applies only
when every unknown ranges over a bounded interval; a closed box contains the
open interval, so proving the sign on the closed box is enough.
"""

from __future__ import annotations

import time
from typing import Any, Callable, Mapping

import mpmath
import sympy

from derivcheck.errors import OutOfTime
from derivcheck.semantics import Variable

IV = mpmath.iv
Box = dict[sympy.Symbol, Any]
Fn = Callable[[Mapping[sympy.Symbol, Any]], Any]

MAX_BOXES = 3000


class _Unsupported(Exception):
    pass


def _compile(e: sympy.Basic) -> Fn:
    if isinstance(e, sympy.Symbol):
        symbol = e
        return lambda box: box[symbol]
    if e.is_Rational:
        p, q = int(e.p), int(e.q)
        return lambda box: IV.mpf(p) / q
    if e is sympy.pi:
        return lambda box: IV.pi
    if e is sympy.E:
        return lambda box: IV.e
    if e.is_Float:
        text = str(e)
        return lambda box: IV.mpf(text)
    if isinstance(e, sympy.Add):
        parts = [_compile(a) for a in e.args]

        def add(box: Mapping[sympy.Symbol, Any]) -> Any:
            acc = IV.mpf(0)
            for p in parts:
                acc = acc + p(box)
            return acc

        return add
    if isinstance(e, sympy.Mul):
        parts = [_compile(a) for a in e.args]

        def mul(box: Mapping[sympy.Symbol, Any]) -> Any:
            acc = IV.mpf(1)
            for p in parts:
                acc = acc * p(box)
            return acc

        return mul
    if isinstance(e, sympy.Pow):
        base = _compile(e.base)
        if e.exp.is_Integer:
            k = int(e.exp)
            return lambda box: base(box) ** k
        if e.exp == sympy.S.Half:
            return lambda box: _sqrt(base(box))
        ex = _compile(e.exp)
        return lambda box: IV.exp(ex(box) * _log(base(box)))
    if isinstance(e, sympy.exp):
        arg = _compile(e.args[0])
        return lambda box: IV.exp(arg(box))
    if isinstance(e, sympy.log):
        arg = _compile(e.args[0])
        return lambda box: _log(arg(box))
    if isinstance(e, (sympy.sin, sympy.cos)):
        arg = _compile(e.args[0])
        f = IV.sin if isinstance(e, sympy.sin) else IV.cos
        return lambda box: f(arg(box))
    if isinstance(e, sympy.Abs):
        arg = _compile(e.args[0])
        return lambda box: abs(arg(box))
    if isinstance(e, (sympy.Max, sympy.Min)):
        parts = [_compile(a) for a in e.args]
        pick = max if isinstance(e, sympy.Max) else min

        def extreme(box: Mapping[sympy.Symbol, Any]) -> Any:
            vals = [p(box) for p in parts]
            return IV.mpf([pick(v.a for v in vals), pick(v.b for v in vals)])

        return extreme
    raise _Unsupported(type(e).__name__)


def _log(x: Any) -> Any:
    if x.a <= 0:
        raise _Unsupported("log of an interval that reaches 0")
    return IV.log(x)


def _sqrt(x: Any) -> Any:
    if x.a < 0:
        raise _Unsupported("sqrt of an interval below 0")
    return IV.sqrt(x)


def prove_sign_on_box(d: sympy.Expr, variables: list[Variable], strict: bool, deadline: float) -> bool:
    """True if d > 0 (``strict``) or d >= 0 is certified on the variables' box."""
    free = d.free_symbols
    bounds: dict[sympy.Symbol, tuple[sympy.Expr, sympy.Expr]] = {}
    for v in variables:
        if v.symbol in free:
            if not (v.lo.is_finite and v.hi.is_finite):
                return False
            bounds[v.symbol] = (v.lo, v.hi)
    if set(bounds) != free or not free:
        return False
    try:
        fn = _compile(d)
    except _Unsupported:
        return False
    with mpmath.workdps(30):
        IV.dps = 30
        start: Box = {s: IV.mpf([_floor(lo), _ceil(hi)]) for s, (lo, hi) in bounds.items()}
        stack = [start]
        boxes = 0
        while stack:
            boxes += 1
            if time.monotonic() > deadline:
                raise OutOfTime("the claim's time budget ran out")
            if boxes > MAX_BOXES:
                return False
            box = stack.pop()
            try:
                value = fn(box)
                if strict and value.a > 0 or not strict and value.a >= 0:
                    continue
                if value.b < 0:
                    return False  # negative somewhere: not a proof (refutation is the screen's job)
            except (_Unsupported, ZeroDivisionError, ValueError, OverflowError):
                pass
            widest = max(box, key=lambda s: box[s].delta)
            if box[widest].delta < mpmath.mpf(10) ** -12:
                return False
            mid = box[widest].mid
            lo, hi = box[widest].a, box[widest].b
            stack.append({**box, widest: IV.mpf([lo, mid])})
            stack.append({**box, widest: IV.mpf([mid, hi])})
    return True


def _floor(v: sympy.Expr) -> Any:
    # An enclosure of the exact bound: a few digits outward is harmless (the
    # box only grows, and proving on a larger box is still a proof).
    return IV.mpf(str(sympy.N(v, 40))).a - mpmath.mpf(10) ** -25


def _ceil(v: sympy.Expr) -> Any:
    return IV.mpf(str(sympy.N(v, 40))).b + mpmath.mpf(10) ** -25
