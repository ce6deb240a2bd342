"""Rigorous enclosures of closed expressions, in ball arithmetic (arb/acb).

A value is known only as a ball ``[m ± r]`` that certainly contains it. A sign
is known only when the ball excludes 0; a value is known to be real only when
it was computed by real operations on real arguments inside their real
domains (log of a ball that is certainly positive, and so on); it is known to
be non-real only when the ball's imaginary part excludes 0. Nothing here
trusts a floating-point value or SymPy's ``evalf``: ``evalf(strict=True)`` can
return a confident sign for an expression that is exactly zero (Euler's
``atan(1/2) + atan(1/3) - pi/4``), which a ball never does.

Balls come from python-flint's arb and acb types (Arb's functions are proven
to return enclosures). Precision rises through :data:`PRECISIONS`: the same
expression gets the same answer on any machine, since no step depends on time.

The one way to learn that a value is *exactly* zero is :func:`exactly_zero`:
exact rational arithmetic, an algebraic number's minimal polynomial, or an
exact rewriting (``cancel``, then ``simplify``) whose zero the ball confirms.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Mapping

import sympy
from flint import acb, arb, ctx, fmpq
from sympy.polys.polyerrors import BasePolynomialError

from derivcheck.kernel import tails
from derivcheck.kernel.integrals import combined_integrands
from derivcheck.kernel.ballrules import (
    CONSTANTS,
    Ball,
    Unknown,
    exact_zero_ball,
    finite,
    heaviside,
    is_real,
    log_rule,
    positive,
    real_if_exact,
    sign_rule,
    sqrt_rule,
)
from derivcheck.kernel.primitives import ball_rule, lookup
from derivcheck.kernel.values import NoLimit


#: Working precisions in bits, tried in order until a question is settled.
PRECISIONS = (80, 256, 1024, 4096)

#: Expressions larger than this (in tree nodes) are not enclosed: the answer is "unknown".
MAX_NODES = 20_000


#: Counted effort of one rigorous integral: evaluations of the integrand, and
#: the highest precision tried (quadrature's cost grows fast with precision).
INTEGRAL_EVALUATIONS = 3_000
INTEGRAL_MAX_PREC = 256


class _Encloser:
    """One enclosure pass at one precision, memoised over shared subtrees.

    ``env`` binds the variable of an integral to a ball; with ``analytic``,
    every rule must hold on a complex neighbourhood of the ball (the
    integration path), as Arb's rigorous quadrature requires.
    """

    def __init__(self, env: dict[sympy.Symbol, Ball] | None = None, analytic: bool = False) -> None:
        self.memo: dict[sympy.Basic, Ball] = {}
        self.nodes = 0
        self.env = env or {}
        self.analytic = analytic

    def __call__(self, e: sympy.Basic) -> Ball:
        hit = self.memo.get(e)
        if hit is not None:
            return hit
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise Unknown("the expression is too large to enclose")
        v = real_if_exact(self._enclose(e))
        self.memo[e] = v
        return v

    def _enclose(self, e: sympy.Basic) -> Ball:
        if isinstance(e, sympy.Rational):
            return arb(fmpq(int(e.p), int(e.q)))
        if isinstance(e, sympy.Float):
            r = sympy.Rational(e)
            return arb(fmpq(int(r.p), int(r.q)))
        if e in CONSTANTS:
            return CONSTANTS[e]()
        if isinstance(e, sympy.Symbol) and e in self.env:
            return self.env[e]
        if self.analytic and (row := lookup(e)) is not None:
            # Inside a rigorous integral every rule must hold on a complex ball
            # (the table says which functions cannot).
            if not row.analytic:
                raise Unknown(f"{type(e).__name__} is not analytic")
            if row.cuts:
                raise Unknown(f"{type(e).__name__} has branch cuts near the path")
        if isinstance(e, sympy.Integral):
            return self._integral(e)
        if isinstance(e, sympy.Add):
            total: Ball = arb(0)
            for a in e.args:
                total = _add(total, self(a))
            return total
        if isinstance(e, sympy.Mul):
            prod: Ball = arb(1)
            for a in e.args:
                prod = _mul(prod, self(a))
            return prod
        if isinstance(e, sympy.Pow):
            return self._pow(e.base, e.exp)
        if isinstance(e, (sympy.sign, sympy.Heaviside)):
            x = self._argument_of_step(e.args[0])
            if isinstance(e, sympy.sign):
                return sign_rule(x)
            return heaviside(x, self(e.args[1]) if len(e.args) > 1 else None)
        rule = ball_rule(e)
        if rule is not None and isinstance(e, sympy.Function):
            return rule(*[self(a) for a in e.args])
        if isinstance(e, NoLimit):
            raise Unknown("a limit that does not exist")
        raise Unknown(f"no ball rule for {type(e).__name__}")

    def _integral(self, e: sympy.Integral) -> Ball:
        """A rigorous enclosure of a definite integral over a finite segment.

        Arb's quadrature encloses the integral of a function analytic on a
        neighbourhood of the segment; any point where the integrand is not
        (a pole, a branch point, a kink) makes the enclosure non-finite, and
        then nothing is known.
        """
        if len(e.limits) != 1 or len(e.limits[0]) != 3:
            raise Unknown("not a definite integral in one variable")
        if ctx.prec > INTEGRAL_MAX_PREC:
            raise Unknown("an integral is enclosed at moderate precision only")
        t, lo, hi = e.limits[0]
        if lo.is_infinite or hi.is_infinite:
            # An infinite range: a decaying weight and a bounded factor (kernel/tails.py).
            closed = _Encloser(self.env)
            found = tails.improper(e.function, t, lo, hi, closed, lambda f, a, b: self._segment(f, t, a, b), ctx.prec)
            if found is None:
                raise Unknown("an improper integral not covered by the rules of kernel/tails.py")
            return found
        a, b = self(lo), self(hi)
        if not (is_real(a) and is_real(b)):
            raise Unknown("an integral with bounds not known to be real")
        return self._segment(e.function, t, a, b)

    def _segment(self, body: sympy.Expr, t: sympy.Symbol, a: Ball, b: Ball) -> Ball:
        """Arb's enclosure of ∫_a^b body dt, a and b finite balls."""

        def integrand(x: acb, analytic: bool) -> acb:
            try:
                v = _Encloser({**self.env, t: x}, analytic=True)(body)
            except (Unknown, ZeroDivisionError, ValueError, TypeError, OverflowError):
                return acb(arb.nan())
            return acb(v)

        value = real_if_exact(finite(acb.integral(integrand, a, b, eval_limit=INTEGRAL_EVALUATIONS)))
        if isinstance(value, acb) and isinstance(a, arb) and isinstance(b, arb) and self._real_on_segment(body, t, a, b):
            return value.real
        return value

    def _real_on_segment(self, body: sympy.Expr, t: sympy.Symbol, a: arb, b: arb) -> bool:
        """Whether the integrand is real at every point of [a, b]: its enclosure
        over the whole segment, by real rules, is a real ball."""
        segment = a.union(b)
        try:
            return isinstance(_Encloser({**self.env, t: segment})(body), arb)
        except (Unknown, ZeroDivisionError, ValueError, TypeError, OverflowError):
            return False

    def _argument_of_step(self, arg: sympy.Expr) -> Ball:
        """The argument of sign or H: a ball, or exactly 0 when it is exactly zero.

        A ball never excludes 0 for a value that is 0, so a step of an exactly
        zero argument (Euler's atan(1/2) + atan(1/3) - pi/4) needs the exact test.
        """
        x = self(arg)
        if _contains_zero(x) and not exact_zero_ball(x) and exactly_zero(arg):
            return arb(0)
        return x

    def _pow(self, base: sympy.Expr, exp: sympy.Expr) -> Ball:
        b = self(base)
        if isinstance(exp, sympy.Integer):
            n = int(exp)
            if n >= 0:
                return b**n
            if _contains_zero(b):
                raise Unknown("a power with a negative exponent of a value that may be zero")
            return 1 / (b ** (-n))
        if exp == sympy.Rational(1, 2):
            return sqrt_rule(b)
        if exp == sympy.Rational(-1, 2):
            s = sqrt_rule(b)
            if _contains_zero(s):
                raise Unknown("division by a value that may be zero")
            return 1 / s
        x = self(exp)
        if positive(b):
            return finite(b**x) if is_real(x) else finite((acb(b).log() * x).exp())
        if exact_zero_ball(b) and positive(x):
            return arb(0)
        # The principal value b**x = exp(x log b), away from b's branch cut.
        return finite((log_rule(b) * x).exp())


def _add(a: Ball, b: Ball) -> Ball:
    return a + b


def _mul(a: Ball, b: Ball) -> Ball:
    return a * b


def _contains_zero(v: Ball) -> bool:
    if isinstance(v, arb):
        return bool(v.contains(0))
    return bool(v.real.contains(0) and v.imag.contains(0))


def enclose(e: sympy.Basic, prec: int) -> Ball:
    """A ball containing the value of the closed expression ``e``, at ``prec`` bits.

    Raises:
        Unknown: no enclosure can be given (see the class).
    """
    if e.free_symbols:
        raise Unknown("the expression has unknowns")
    old = ctx.prec
    ctx.prec = prec
    try:
        return _Encloser()(e)
    except (ZeroDivisionError, ValueError, TypeError, OverflowError) as exc:
        raise Unknown(str(exc)) from None
    finally:
        ctx.prec = old


def enclose_over(e: sympy.Basic, box: Mapping[sympy.Symbol, Ball], prec: int) -> Ball:
    """A ball containing every value of ``e`` as its unknowns range over ``box`` (a ball each).

    The same rules as :func:`enclose`: each is an enclosure over the whole
    ball of its arguments, so the result bounds ``e`` on the box.

    Raises:
        Unknown: no enclosure can be given, or an unknown of ``e`` has no ball.
    """
    if not e.free_symbols <= set(box):
        raise Unknown("an unknown without a ball")
    old = ctx.prec
    ctx.prec = prec
    try:
        return _Encloser(dict(box))(e)
    except (ZeroDivisionError, ValueError, TypeError, OverflowError) as exc:
        raise Unknown(str(exc)) from None
    finally:
        ctx.prec = old


# ---------------------------------------------------------------------------
# Questions about one value, and about two
# ---------------------------------------------------------------------------


class Order(Enum):
    """How two values compare, as far as the balls can tell."""

    LESS = "<"
    EQUAL = "="
    GREATER = ">"
    DIFFERENT = "!="  # unequal, and not both real (so not ordered)
    NOT_REAL = "not real"  # a side is certainly non-real, and they may be equal
    UNKNOWN = "?"


@dataclass(frozen=True)
class Comparison:
    """The certified relation between two values."""

    order: Order
    lhs_real: bool | None  # True: certainly real; False: certainly not; None: unknown
    rhs_real: bool | None


def _reality(v: Ball) -> bool | None:
    if isinstance(v, arb):
        return True
    if bool(v.imag > 0) or bool(v.imag < 0):
        return False
    return None


def _extended(v: sympy.Expr) -> int | None:
    """+1 / -1 for ±∞, None for a finite value."""
    if v == sympy.oo:
        return 1
    if v == -sympy.oo:
        return -1
    return None


def compare(lhs: sympy.Expr, rhs: sympy.Expr) -> Comparison:
    """Compare two closed values with balls, raising the precision as needed.

    ±∞ (a divergent integral, a limit) compare as extended reals. Equality is
    reported only when it is exact (see :func:`exactly_zero`).
    """
    if lhs.has(sympy.nan, sympy.zoo) or rhs.has(sympy.nan, sympy.zoo):
        return Comparison(Order.UNKNOWN, None, None)
    inf_l, inf_r = _extended(lhs), _extended(rhs)
    if inf_l is not None or inf_r is not None:
        return _compare_extended(lhs, rhs, inf_l, inf_r)
    if _infinite_inside(lhs) or _infinite_inside(rhs):
        return Comparison(Order.UNKNOWN, None, None)
    last = Comparison(Order.UNKNOWN, None, None)
    for prec in PRECISIONS:
        try:
            a, b = enclose(lhs, prec), enclose(rhs, prec)
        except Unknown:
            continue
        ra, rb = _reality(a), _reality(b)
        d = a - b
        if exact_zero_ball(d):
            # Radius-zero balls are exact values: the sides are equal.
            return Comparison(Order.EQUAL, ra, rb)
        if isinstance(d, arb) and ra and rb:
            if d > 0:
                return Comparison(Order.GREATER, True, True)
            if d < 0:
                return Comparison(Order.LESS, True, True)
        elif isinstance(d, acb) and (d.real > 0 or d.real < 0 or d.imag > 0 or d.imag < 0):
            return Comparison(Order.DIFFERENT, ra, rb)
        elif isinstance(d, arb) and (d > 0 or d < 0):
            return Comparison(Order.DIFFERENT, ra, rb)
        last = Comparison(Order.NOT_REAL if (ra is False or rb is False) else Order.UNKNOWN, ra, rb)
        if _contains_zero(d) and exactly_zero(lhs - rhs):
            return Comparison(Order.EQUAL, ra, rb)
    return last


def _infinite_inside(e: sympy.Basic) -> bool:
    """Whether ±∞ appears in ``e`` other than as an end of an integral's range
    (an improper integral is a finite value, enclosed by kernel/tails.py)."""
    if e in (sympy.oo, -sympy.oo):
        return True
    if isinstance(e, sympy.Integral):
        return _infinite_inside(e.function)
    return any(_infinite_inside(a) for a in e.args)


def _compare_extended(lhs: sympy.Expr, rhs: sympy.Expr, inf_l: int | None, inf_r: int | None) -> Comparison:
    if inf_l is not None and inf_r is not None:
        order = Order.EQUAL if inf_l == inf_r else (Order.GREATER if inf_l > inf_r else Order.LESS)
        return Comparison(order, True, True)
    finite = rhs if inf_l is not None else lhs
    try:
        v = enclose(finite, PRECISIONS[0])
    except Unknown:
        return Comparison(Order.UNKNOWN, None, None)
    if _reality(v) is not True:
        return Comparison(Order.UNKNOWN if _reality(v) is None else Order.DIFFERENT, None, None)
    side = inf_l if inf_l is not None else -(inf_r or 0)
    return Comparison(Order.GREATER if side > 0 else Order.LESS, True, True)


def sign(e: sympy.Expr) -> int | None:
    """The certified sign of a closed real expression: -1, 0, 1, or None if unknown
    (or if the value is not real)."""
    c = compare(e, sympy.Integer(0))
    return {Order.LESS: -1, Order.EQUAL: 0, Order.GREATER: 1}.get(c.order)


def digits(e: sympy.Expr, n: int = 30) -> str | None:
    """The value of a closed expression to ``n`` digits, from its ball (for people; None if unknown).

    SymPy's ``evalf`` of an unevaluated integral runs its own quadrature,
    which can take seconds; the ball is rigorous and cheap.
    """
    try:
        v = enclose(e, int(n * 3.33) + 20)
    except Unknown:
        return None
    return str(v.str(n, radius=False))


def exactly_zero(e: sympy.Expr) -> bool:
    """Whether the closed expression ``e`` is exactly zero, shown exactly.

    Rational arithmetic decides rational values; an algebraic number is zero
    exactly when its minimal polynomial is ``x``; otherwise an exact rewriting
    (``cancel``, then ``simplify`` on a small expression) must reach 0, and the
    value's ball at the highest precision must contain 0 (a cheap guard
    against a wrong rewriting).
    """
    if e == 0:
        return True
    if e.is_Rational:
        return False
    if e.has(sympy.Integral, sympy.Sum, sympy.Product, sympy.Limit):
        # SymPy's rewritings (and its assumptions) evaluate such objects by
        # their own quadrature, for seconds; integrals have their own rule.
        return same_integrals(e)
    try:
        if sympy.cancel(e) == 0:
            return _ball_allows_zero(e)
        if e.has(*_NOT_ALGEBRAIC):
            return sympy.cancel(sympy.expand_func(e.rewrite(sympy.erf))) == 0 and _ball_allows_zero(e)
        if e.is_algebraic and sympy.count_ops(e) < 80:
            x = sympy.Dummy("x")
            return bool(sympy.minimal_polynomial(e, x) == x)
        if sympy.count_ops(e) < 150 and _modest(e) and sympy.simplify(e, doit=False) == 0:
            return _ball_allows_zero(e)
        if e.has(sympy.atan, sympy.asin, sympy.acos, sympy.pi) and sympy.count_ops(e) < 60 and _modest(e):
            return _zero_by_tangent(e)
    except (TypeError, ValueError, RecursionError, NotImplementedError, BasePolynomialError, ArithmeticError):
        return False
    return False


def same_integrals(e: sympy.Expr) -> bool:
    """Whether ``e = Σ cᵢ ∫_a^b fᵢ`` is exactly 0: each integral exists and the
    combined integrand of each range expands to 0 (:func:`combined_integrands`)."""
    integrands = combined_integrands(e)
    if integrands is None:
        return False
    try:
        return all(sympy.expand(g) == 0 or sympy.cancel(sympy.expand(g)) == 0 for g in integrands)
    except (TypeError, ValueError, RecursionError, BasePolynomialError):
        return False


def _modest(e: sympy.Expr) -> bool:
    """Small enough for ``simplify``: its numeric identification of constants
    (nsimplify) can take minutes on exp(10⁶) or a 40-digit integer, and its
    rewritings evaluate unevaluated integrals and sums by quadrature."""
    if e.has(sympy.Integral, sympy.Sum, sympy.Product, sympy.Limit):
        return False
    for r in e.atoms(sympy.Rational):
        if abs(r.p) > 10**12 or r.q > 10**12:
            return False
    return all(not (x.args[0].is_number and abs(x.args[0]) > 1000) for x in e.atoms(sympy.exp))


#: Functions whose values at rational points are transcendental (or unknown to
#: SymPy's minimal polynomials): asking SymPy whether an expression holding them
#: is algebraic makes its assumptions evaluate a cancellation such as
#: erfc(35) - 1 + erf(35) at ever higher precision, and ``simplify`` spends
#: seconds on it; exact rewritings into erf and Γ's recurrences are tried instead.
_NOT_ALGEBRAIC = (
    sympy.erfc, sympy.erfi, sympy.Ei, sympy.li, sympy.Si, sympy.Ci, sympy.Shi, sympy.Chi,
    sympy.fresnels, sympy.fresnelc, sympy.gamma, sympy.loggamma, sympy.polygamma, sympy.zeta, sympy.polylog,
    sympy.uppergamma, sympy.lowergamma, sympy.beta,
)


def _zero_by_tangent(e: sympy.Expr) -> bool:
    """e = 0 when |e| < π/2 (by its ball) and tan(e) is exactly 0.

    tan is one-to-one on (-π/2, π/2) and vanishes there only at 0; tan of a
    sum of arctangents expands to a rational number (Euler's, Machin's formulas).
    """
    try:
        if not bool(abs(enclose(e, PRECISIONS[1])) < arb(3) / 2):
            return False
    except Unknown:
        return False
    t = sympy.expand_trig(sympy.tan(e))
    return bool(t == 0 or sympy.simplify(t) == 0)


def _ball_allows_zero(e: sympy.Expr) -> bool:
    try:
        return _contains_zero(enclose(e, PRECISIONS[-1]))
    except Unknown:
        return True  # no enclosure to contradict the exact rewriting
