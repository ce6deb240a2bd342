"""The ball rule of each function: an enclosure of its value from enclosures of its arguments.

The rules are the ball column of the table of primitives
(:data:`derivcheck.kernel.primitives.PRIMITIVES`). A rule returns a ball that certainly contains the value for every point of
its argument balls, or raises :class:`Unknown`: where a branch point, a pole
or a kink may lie in the ball, or a real-only function meets a value not
known to be real. Real arguments get real (arb) rules, so that a value built
from them is known to be real; principal branches as SymPy's (log(x) =
log|x| + iπ for x < 0).
"""

from __future__ import annotations

from typing import Callable, Union

import sympy
from flint import acb, arb, fmpq

Ball = Union[arb, acb]


class Unknown(Exception):
    """The value cannot be enclosed here: a branch point or pole may lie in the
    ball, a side is undefined, or a construct has no ball rule."""


def is_real(v: Ball) -> bool:
    return isinstance(v, arb)


def real_if_exact(v: Ball) -> Ball:
    """An acb whose imaginary part is exactly zero is a real value."""
    if isinstance(v, acb) and v.imag.is_exact() and v.imag == 0:
        return v.real
    return v


def finite(v: Ball) -> Ball:
    if isinstance(v, arb):
        if not v.is_finite():
            raise Unknown("not finite")
    elif not (v.real.is_finite() and v.imag.is_finite()):
        raise Unknown("not finite")
    return v


def positive(v: Ball) -> bool:
    return isinstance(v, arb) and bool(v > 0)


def _negative(v: Ball) -> bool:
    return isinstance(v, arb) and bool(v < 0)


def exact_zero_ball(v: Ball) -> bool:
    if isinstance(v, arb):
        return bool(v.is_exact() and v == 0)
    return bool(v.real.is_exact() and v.real == 0 and v.imag.is_exact() and v.imag == 0)


# ---------------------------------------------------------------------------
# The functions, one rule each. A rule receives enclosures of the arguments
# and returns an enclosure of the value, or raises Unknown.
# ---------------------------------------------------------------------------


def log_rule(x: Ball) -> Ball:
    if positive(x):
        return x.log()
    if _negative(x):
        # The principal branch: log(x) = log|x| + iπ for x < 0.
        return acb((-x).log(), arb.pi())
    if isinstance(x, acb) and (x.imag > 0 or x.imag < 0 or x.real > 0):
        # Away from the branch cut (the non-positive reals) log is analytic.
        return x.log()
    raise Unknown("log of a value that may be zero or on the branch cut")


def sqrt_rule(x: Ball) -> Ball:
    if exact_zero_ball(x):
        return arb(0)
    if positive(x):
        return x.sqrt()
    if isinstance(x, arb) and x < 0:
        return acb(0, (-x).sqrt())
    if isinstance(x, acb) and (x.imag > 0 or x.imag < 0 or x.real > 0):
        return x.sqrt()
    raise Unknown("sqrt of a value that may be zero or on the branch cut")


def _real_only(name: str, f: Callable[[arb], Ball]) -> Callable[[Ball], Ball]:
    def rule(x: Ball) -> Ball:
        if not isinstance(x, arb):
            raise Unknown(f"{name} of a value not known to be real")
        return f(x)

    return rule


def _entire(method: str) -> Callable[[Ball], Ball]:
    """A function analytic on the whole plane: arb for real arguments, acb else."""

    def rule(x: Ball) -> Ball:
        return finite(getattr(x, method)())

    return rule


def sign_rule(x: Ball) -> Ball:
    if exact_zero_ball(x):
        return arb(0)
    if positive(x):
        return arb(1)
    if _negative(x):
        return arb(-1)
    raise Unknown("the sign of a value that may be zero")


def heaviside(x: Ball, at_zero: Ball | None = None) -> Ball:
    if exact_zero_ball(x):
        return arb(fmpq(1, 2)) if at_zero is None else at_zero
    if positive(x):
        return arb(1)
    if _negative(x):
        return arb(0)
    raise Unknown("the step of a value that may be zero")


def _abs(x: Ball) -> Ball:
    return abs(x)


def _reals(xs: tuple[Ball, ...], what: str) -> list[arb]:
    out = [x for x in xs if isinstance(x, arb)]
    if len(out) != len(xs):
        raise Unknown(f"{what} of values not known to be real")
    return out


def _extreme(method: str, what: str) -> Callable[..., Ball]:
    """Max or Min of real balls: Arb's enclosure of the larger (smaller) of each pair."""

    def rule(*xs: Ball) -> Ball:
        reals = _reals(xs, what)
        out = reals[0]
        for x in reals[1:]:
            out = getattr(out, method)(x)
        return out

    return rule


_max = _extreme("max", "Max")
_min = _extreme("min", "Min")


def _tan(x: Ball) -> Ball:
    return finite(x.tan())


def _atan(x: Ball) -> Ball:
    if not isinstance(x, arb):
        raise Unknown("atan of a value not known to be real")
    return x.atan()


def _gamma(x: Ball) -> Ball:
    if isinstance(x, arb) and x.contains_integer() and not bool(x > 0):
        raise Unknown("gamma near a pole")
    return finite(x.gamma())


def _tanh(x: Ball) -> Ball:
    return finite(x.tanh())


asin_rule = _real_only("asin", lambda x: finite(x.asin()) if bool(abs(x) < 1) else _raise("asin off (-1, 1)"))
acos_rule = _real_only("acos", lambda x: finite(x.acos()) if bool(abs(x) < 1) else _raise("acos off (-1, 1)"))
asinh_rule = _real_only("asinh", lambda x: x.asinh())

# The rules under the names the table of primitives gives them.
entire = _entire
tan_rule = _tan
tanh_rule = _tanh
atan_rule = _atan
abs_rule = _abs
gamma_rule = _gamma
max_rule = _max
min_rule = _min


def _raise(why: str) -> Ball:
    raise Unknown(why)


CONSTANTS: dict[sympy.Basic, Callable[[], Ball]] = {
    sympy.pi: arb.pi,
    sympy.E: arb.const_e,
    sympy.EulerGamma: arb.const_euler,
    sympy.I: lambda: acb(0, 1),
}
