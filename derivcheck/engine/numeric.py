"""Fast numeric evaluation of SymPy expressions with mpmath, at a chosen precision.

An expression is compiled once into a tree of Python closures (no source code
is generated or executed), then evaluated at many points. This is 10–50×
faster than ``evalf`` with ``subs``, which matters because refutation tries
dozens of points. Numbers found here are *screening* values: a discrepancy
found at a point is only a candidate, confirmed exactly or by ``evalf`` at
two increasing precisions before anything is reported (see
:mod:`derivcheck.engine.refute`).

Evaluation raises :class:`Undefined` where an expression has no value (a
division by zero, ``log 0``, an infinite result); such points are skipped,
not counted. It raises :class:`NotNumeric` for what cannot be evaluated at all
(an unevaluated limit or integral), and :class:`NoValue` for a limit that does
not exist.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

import mpmath
import sympy

from derivcheck.kernel.primitives import fast_rule, real_value
from derivcheck.kernel.values import NoLimit

Number = Any  # mpmath.mpf | mpmath.mpc
Env = Mapping[sympy.Symbol, Number]
Fn = Callable[[Env], Number]


class Undefined(ArithmeticError):
    """The expression has no value at this point."""


class NotNumeric(Exception):
    """The expression cannot be evaluated numerically (e.g. an unevaluated integral)."""


class NoValue(Exception):
    """The expression contains a limit that does not exist."""


#: Everything evaluating a compiled expression at a point may raise: no value there.
EVALUATION_ERRORS = (Undefined, NoValue, NotNumeric, ZeroDivisionError, OverflowError, ValueError, TypeError)


def _finite(v: Number) -> Number:
    if isinstance(v, mpmath.mpc):
        if not (mpmath.isfinite(v.real) and mpmath.isfinite(v.imag)):
            raise Undefined("not finite")
        if v.imag == 0:
            return v.real
        return v
    if not mpmath.isfinite(v):
        raise Undefined("not finite")
    return v


def _real(v: Number) -> Any:
    return real_value(v, Undefined)


def _apply(f: Callable[..., Number]) -> Callable[[list[Fn]], Fn]:
    """A function of the table of primitives applied to compiled arguments."""

    def make(args: list[Fn]) -> Fn:
        def run(env: Env) -> Number:
            try:
                return _finite(f(*[a(env) for a in args]))
            except (ZeroDivisionError, ValueError) as exc:
                raise Undefined(str(exc)) from None

        return run

    return make


def compile_expr(expr: sympy.Basic) -> Fn:
    """Compile ``expr`` into a function of an environment (symbol → mpmath number).

    Raises:
        NotNumeric: the expression holds something that has no numeric evaluation.
    """
    return compile_many([expr])[0]


def compile_many(exprs: list[sympy.Basic]) -> list[Fn]:
    """Compile several expressions that share subexpressions (the entries of a Jacobian).

    A subexpression met several times (sqrt(var + eps) in every entry of a
    batch-norm Jacobian) is evaluated once per point. Each evaluation gets a
    fresh table of the values computed so far, unless its environment brings
    one (:func:`shared_env`: one point at one precision, for all the entries),
    so nothing outlives the point or its precision.

    Raises:
        NotNumeric: an expression holds something that has no numeric evaluation.
    """
    shared = _shared_subtrees(exprs)
    if not shared:
        return [_compile(e) for e in exprs]
    slots: dict[sympy.Basic, Fn] = {}
    for sub in shared:
        slots[sub] = _remembered(sub, _compile(sub, slots))
    return [_with_memo(_compile(e, slots)) for e in exprs]


def shared_env(env: Env) -> Env:
    """The environment with a table of shared values, for every expression of one :func:`compile_many` at this point."""
    return {**env, _MEMO: {}}


def _with_memo(body: Fn) -> Fn:
    def run(env: Env) -> Number:
        return body(env if _MEMO in env else {**env, _MEMO: {}})

    return run


#: The key under which one evaluation keeps the values of shared subexpressions.
_MEMO = sympy.Dummy("memo")

#: Nodes whose compiled form evaluates every argument, always and in any order:
#: only among these may a shared value be computed ahead of where it is met.
_STRICT = (sympy.Add, sympy.Mul, sympy.Pow)


def _shared_subtrees(exprs: list[sympy.Basic]) -> list[sympy.Basic]:
    """The compound subexpressions met more than once, children before parents.

    Empty when the expression holds a node that evaluates an argument only
    sometimes (a Piecewise branch, a Sum's body at each index, a limit): there,
    computing a value ahead could raise where the expression as written does not.
    """
    counts: dict[sympy.Basic, int] = {}
    order: list[sympy.Basic] = []
    todo: list[tuple[sympy.Basic, bool]] = [(e, False) for e in reversed(exprs)]
    while todo:
        e, done = todo.pop()
        if done:
            order.append(e)
            continue
        if not e.args:
            continue
        if not isinstance(e, _STRICT) and fast_rule(e) is None:
            return []
        counts[e] = counts.get(e, 0) + 1
        if counts[e] > 1:
            continue
        todo.append((e, True))
        todo.extend((a, False) for a in e.args)
    return [e for e in order if counts[e] > 1]


def _remembered(key: sympy.Basic, f: Fn) -> Fn:
    # Keyed by the subexpression itself: expressions compiled apart (the two sides
    # of a relation) may share one table, and an equal subexpression has one value.
    def run(env: Env) -> Number:
        memo = env[_MEMO]
        if key in memo:
            return memo[key]
        value = f(env)
        memo[key] = value
        return value

    return run


def _compile(e: sympy.Basic, slots: Mapping[sympy.Basic, Fn] | None = None) -> Fn:
    if slots is not None and e in slots:
        return slots[e]
    if isinstance(e, sympy.Symbol):
        def sym(env: Env, s: sympy.Symbol = e) -> Number:
            try:
                return env[s]
            except KeyError:
                raise NotNumeric(f"no value for {s}") from None

        return sym
    if e.is_Integer:
        k = int(e)
        return lambda env: mpmath.mpf(k)
    if e.is_Rational:
        p, q = int(e.p), int(e.q)
        return lambda env: mpmath.mpf(p) / q
    if e.is_Float:
        s = str(e)
        return lambda env: mpmath.mpf(s)
    if e is sympy.pi:
        return lambda env: +mpmath.pi
    if e is sympy.E:
        return lambda env: mpmath.e + 0
    if e is sympy.I:
        return lambda env: mpmath.mpc(0, 1)
    if e in (sympy.oo, -sympy.oo):
        # An infinite value stands for itself (a limit that is +oo); arithmetic
        # with it is left undefined by _finite, so only a side that *is* an
        # infinity, or a Piecewise branch that is one, can evaluate to it.
        sign = 1 if e == sympy.oo else -1
        return lambda env: sign * mpmath.inf
    if e in (sympy.zoo, sympy.nan):
        def undefined(env: Env) -> Number:
            raise Undefined("infinite or undefined")

        return undefined
    if isinstance(e, NoLimit):
        def nolimit(env: Env) -> Number:
            raise NoValue("the limit does not exist")

        return nolimit
    if isinstance(e, sympy.Add):
        parts = [_compile(a, slots) for a in e.args]
        return lambda env: _finite(mpmath.fsum(p(env) for p in parts))
    if isinstance(e, sympy.Mul):
        parts = [_compile(a, slots) for a in e.args]

        def mul(env: Env) -> Number:
            acc = mpmath.mpf(1)
            for p in parts:
                acc = acc * p(env)
            return _finite(acc)

        return mul
    if isinstance(e, sympy.Pow):
        return _pow(e, slots)
    fast = fast_rule(e)
    if fast is not None:
        return _apply(fast)([_compile(a, slots) for a in e.args])
    if isinstance(e, sympy.DiracDelta):
        arg = _compile(e.args[0])

        def dirac(env: Env) -> Number:
            if arg(env) == 0:
                raise Undefined("DiracDelta at 0")
            return mpmath.mpf(0)

        return dirac
    if isinstance(e, sympy.KroneckerDelta):
        i, j = (_compile(a) for a in e.args)
        return lambda env: mpmath.mpf(1) if i(env) == j(env) else mpmath.mpf(0)
    if isinstance(e, sympy.Piecewise):
        branches = [(_compile(expr), _compile_bool(cond)) for expr, cond in e.args]

        def piecewise(env: Env) -> Number:
            for value, cond in branches:
                if cond(env):
                    return value(env)
            raise Undefined("no branch of a Piecewise applies")

        return piecewise
    if isinstance(e, (sympy.Sum, sympy.Product)):
        return _iterated(e)
    if isinstance(e, sympy.Integral) and len(e.limits) == 1 and len(e.limits[0]) == 3:
        return _integral(e)
    for kind in (sympy.Limit, sympy.Integral, sympy.Derivative):
        if isinstance(e, kind):
            raise NotNumeric(f"an unevaluated {kind.__name__.lower()}")
    raise NotNumeric(f"no numeric evaluation for {type(e).__name__}")


#: The highest degree of mpmath's tanh-sinh quadrature in the screen (about 2^degree nodes).
QUAD_DEGREE = 6
#: Digits of the screen's quadrature over an infinite range (at every screening precision).
IMPROPER_DIGITS = 40


def _integral(e: sympy.Integral) -> Fn:
    """A definite integral by mpmath's quadrature: a screening value only.

    Quadrature can return a confident number for a divergent integral; a
    discrepancy it shows is a candidate that the kernel confirms with a
    rigorous enclosure (:func:`derivcheck.kernel.balls.enclose`) or drops.
    """
    (t, lo, hi) = e.limits[0]
    f, a, b = _compile(e.function), _compile(lo), _compile(hi)

    improper: dict[tuple[str, ...], Number] = {}

    def run(env: Env) -> Number:
        start, end = _real(a(env)), _real(b(env))
        if mpmath.isnan(start) or mpmath.isnan(end) or (not mpmath.isfinite(start) and start == end):
            raise Undefined("an improper integral")
        if not (mpmath.isfinite(start) and mpmath.isfinite(end)):
            return _improper(env, start, end)
        # A bounded effort (degree), and only a value whose error estimate is
        # small: a singular integrand is "undefined here", not a candidate.
        value, error = mpmath.quad(lambda s: f({**env, t: s}), [start, end], maxdegree=QUAD_DEGREE, error=True)
        if not error <= mpmath.mpf(10) ** (-(mpmath.mp.dps // 2)) * max(1, abs(value)):
            raise Undefined("the quadrature did not settle")
        return _finite(value)

    def _improper(env: Env, start: Number, end: Number) -> Number:
        # An infinite end is mpmath's too (a change of variable), at one modest
        # precision whatever the screen's: the range costs hundreds of nodes, and
        # the value is a screening one only, which the kernel confirms by its
        # own rule (kernel/tails.py) or drops. Kept per point, across precisions.
        key = tuple(f"{k}={mpmath.nstr(v, IMPROPER_DIGITS)}" for k, v in sorted(env.items(), key=lambda kv: str(kv[0])))
        if key not in improper:
            with mpmath.workdps(IMPROPER_DIGITS):
                value, error = mpmath.quad(lambda s: f({**env, t: s}), [start, end], maxdegree=QUAD_DEGREE, error=True)
            if not error <= mpmath.mpf(10) ** (-(IMPROPER_DIGITS // 2)) * max(1, abs(value)):
                raise Undefined("the quadrature did not settle")
            improper[key] = value
        return _finite(+improper[key])

    return run


def _pow(e: sympy.Pow, slots: Mapping[sympy.Basic, Fn] | None) -> Fn:
    base = _compile(e.base, slots)
    exp = e.exp
    if exp.is_Integer:
        k = int(exp)

        def ipow(env: Env) -> Number:
            b = base(env)
            if b == 0 and k < 0:
                raise Undefined("division by zero")
            return _finite(b**k)

        return ipow
    if exp == sympy.S.Half:
        return lambda env: _finite(mpmath.sqrt(base(env)))
    ex = _compile(exp, slots)

    def gpow(env: Env) -> Number:
        b, x = base(env), ex(env)
        if b == 0:
            if _real(x) > 0 if not isinstance(x, mpmath.mpc) else x.real > 0:
                return mpmath.mpf(0)
            raise Undefined("0 to a non-positive power")
        try:
            return _finite(mpmath.power(b, x))
        except (ZeroDivisionError, ValueError) as exc:
            raise Undefined(str(exc)) from None

    return gpow


def _iterated(e: sympy.Sum | sympy.Product) -> Fn:
    body = _compile(e.function)
    (var, lo_e, hi_e), *more = e.limits
    if more:
        raise NotNumeric("a multiple Sum")
    lo, hi = _compile(lo_e), _compile(hi_e)
    is_sum = isinstance(e, sympy.Sum)

    def run(env: Env) -> Number:
        a, b = _real(lo(env)), _real(hi(env))
        if a != int(a) or b != int(b):
            raise NotNumeric("non-integer bounds")
        if b - a > 10_000:
            raise NotNumeric("too many terms to sum numerically")
        acc = mpmath.mpf(0 if is_sum else 1)
        local = dict(env)
        for k in range(int(a), int(b) + 1):
            local[var] = mpmath.mpf(k)
            acc = acc + body(local) if is_sum else acc * body(local)
        return _finite(acc)

    return run


_RELS: dict[type, Callable[[Any, Any], bool]] = {
    sympy.StrictGreaterThan: lambda a, b: a > b,
    sympy.GreaterThan: lambda a, b: a >= b,
    sympy.StrictLessThan: lambda a, b: a < b,
    sympy.LessThan: lambda a, b: a <= b,
    sympy.Eq: lambda a, b: a == b,
    sympy.Ne: lambda a, b: a != b,
}


def _compile_bool(c: sympy.Basic) -> Callable[[Env], bool]:
    if c is sympy.true:
        return lambda env: True
    if c is sympy.false:
        return lambda env: False
    for cls, op in _RELS.items():
        if isinstance(c, cls):
            lhs, rhs = _compile(c.lhs), _compile(c.rhs)  # type: ignore[attr-defined]
            return lambda env: op(_real(lhs(env)), _real(rhs(env)))
    if isinstance(c, (sympy.And, sympy.Or)):
        parts = [_compile_bool(a) for a in c.args]
        if isinstance(c, sympy.And):
            return lambda env: all(p(env) for p in parts)
        return lambda env: any(p(env) for p in parts)
    if isinstance(c, sympy.Not):
        inner = _compile_bool(c.args[0])
        return lambda env: not inner(env)
    raise NotNumeric(f"no numeric evaluation for the condition {type(c).__name__}")


def to_mp(value: sympy.Expr) -> Number:
    """A point's exact coordinate as an mpmath number at the current precision."""
    if value.is_Rational:
        return mpmath.mpf(int(value.p)) / int(value.q)
    re, im = value.as_real_imag()
    if im == 0:
        return mpmath.mpf(str(sympy.N(re, mpmath.mp.dps + 5)))
    return mpmath.mpc(str(sympy.N(re, mpmath.mp.dps + 5)), str(sympy.N(im, mpmath.mp.dps + 5)))
