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


# ---------------------------------------------------------------------------
# Reciprocal, inverse and special functions. Where SymPy's value is complex
# for a real argument (acosh below 1, Ci of a negative number) it is built from
# real balls by the identity that defines SymPy's branch there, checked against
# SymPy's own values in the tests; anywhere else off the real domain, and for
# complex arguments, nothing is claimed.
# ---------------------------------------------------------------------------


def _real(x: Ball, name: str) -> arb:
    if not isinstance(x, arb):
        raise Unknown(f"{name} of a value not known to be real")
    return x


def _acosh(x: Ball) -> Ball:
    x = _real(x, "acosh")
    if bool(x > 1):
        return x.acosh()
    if bool(abs(x) < 1):
        return acb(0, x.acos())  # acosh(x) = i·acos(x) on (-1, 1)
    if bool(x < -1):
        return acb((-x).acosh(), arb.pi())  # acosh(x) = acosh(-x) + iπ below -1
    raise Unknown("acosh near a branch point")


def _atanh(x: Ball) -> Ball:
    x = _real(x, "atanh")
    if bool(abs(x) < 1):
        return x.atanh()
    # Off [-1, 1]: atanh(x) = (log(1 + x) - log(1 - x))/2 = atanh(1/x) ∓ iπ/2 (SymPy's branch).
    if bool(x > 1):
        return acb((1 / x).atanh(), -arb.pi() / 2)
    if bool(x < -1):
        return acb((1 / x).atanh(), arb.pi() / 2)
    raise Unknown("atanh near a pole")


def _acot(x: Ball) -> Ball:
    x = _real(x, "acot")
    if exact_zero_ball(x):
        return arb.pi() / 2  # SymPy's acot(0)
    if positive(x) or _negative(x):
        return (1 / x).atan()
    raise Unknown("acot of a value that may be zero (a jump)")


def _reciprocal_inverse(name: str, method: str) -> Callable[[Ball], Ball]:
    """asec(x) = acos(1/x), acsc(x) = asin(1/x): real for |x| > 1 (|x| = 1 SymPy evaluates itself)."""

    def rule(x: Ball) -> Ball:
        x = _real(x, name)
        if not bool(abs(x) > 1):
            raise Unknown(f"{name} off its real domain |x| > 1")
        return finite(getattr(1 / x, method)())

    return rule


def _atan2(y: Ball, x: Ball) -> Ball:
    y, x = _real(y, "atan2"), _real(x, "atan2")
    if positive(x) or positive(y) or _negative(y):
        return arb.atan2(y, x)  # away from the jump (y = 0, x ≤ 0)
    if exact_zero_ball(y) and _negative(x):
        return arb.pi()
    raise Unknown("atan2 near its jump or at the origin")


def _ei(x: Ball) -> Ball:
    x = _real(x, "Ei")
    if positive(x) or _negative(x):
        return finite(x.ei())  # real on both sides of its singularity at 0
    raise Unknown("Ei of a value that may be zero")


def _li(x: Ball) -> Ball:
    x = _real(x, "li")
    if positive(x) and not bool(x.contains(1)):
        return finite(x.li())
    raise Unknown("li off (0, 1) ∪ (1, ∞)")


def _cosine_integral(name: str, method: str) -> Callable[[Ball], Ball]:
    """Ci and Chi: real for x > 0; for x < 0 SymPy's value is f(-x) + iπ."""

    def rule(x: Ball) -> Ball:
        x = _real(x, name)
        if positive(x):
            return finite(getattr(x, method)())
        if _negative(x):
            return acb(finite(getattr(-x, method)()), arb.pi())
        raise Unknown(f"{name} of a value that may be zero")

    return rule


def _loggamma(x: Ball) -> Ball:
    x = _real(x, "loggamma")
    if positive(x):
        return finite(x.lgamma())
    raise Unknown("loggamma off the positive reals")


def _exact_integer(v: Ball) -> int | None:
    if isinstance(v, arb) and v.is_exact() and v.is_integer():
        z = v.unique_fmpz()
        return int(z) if z is not None else None
    return None


def _polygamma(n: Ball, x: Ball) -> Ball:
    order = _exact_integer(n)
    x = _real(x, "polygamma")
    if order is None or order < 0:
        raise Unknown("polygamma of an order that is not a whole number")
    if x.contains_integer() and not positive(x):
        raise Unknown("polygamma near a pole")
    if order == 0:
        return finite(x.digamma())
    # Real for real x away from the poles, so the real part encloses it.
    return finite(acb(x).polygamma(acb(order)).real)


def _zeta(s: Ball, a: Ball | None = None) -> Ball:
    s = _real(s, "zeta")
    if s.contains(1):
        raise Unknown("zeta near its pole")
    if a is None:
        return finite(s.zeta())
    a = _real(a, "zeta")
    if not positive(a):
        raise Unknown("Hurwitz zeta with a parameter not known to be positive")
    return finite(s.zeta(a))


def _polylog(s: Ball, z: Ball) -> Ball:
    order = _exact_integer(s)
    z = _real(z, "polylog")
    if order is None:
        raise Unknown("polylog of an order that is not a whole number")
    if not bool(z < 1):
        raise Unknown("polylog on or near its branch cut [1, ∞)")
    return finite(z.polylog(arb(order)))


def _uppergamma(s: Ball, x: Ball) -> Ball:
    s, x = _real(s, "uppergamma"), _real(x, "uppergamma")
    if not positive(x):
        raise Unknown("uppergamma off x > 0")
    return finite(x.gamma_upper(s))


def _lowergamma(s: Ball, x: Ball) -> Ball:
    s, x = _real(s, "lowergamma"), _real(x, "lowergamma")
    if not (positive(s) and positive(x)):
        raise Unknown("lowergamma off s > 0, x > 0")
    return finite(x.gamma_lower(s))


def _beta(a: Ball, b: Ball) -> Ball:
    # Γ(a)Γ(b)/Γ(a + b); each Γ refuses a ball near its poles, and Γ is never 0.
    return finite(_gamma(a) * _gamma(b) / _gamma(a + b))


#: The largest whole k for which binomial(n, k) is enclosed as a product of k factors.
BINOMIAL_MOST_FACTORS = 10_000


def _binomial(n: Ball, k: Ball) -> Ball:
    """SymPy's binomial: for a whole k, 0 if k < 0 and n(n-1)…(n-k+1)/k! if k >= 0, whatever n
    (binomial(-1, -2) = 0, binomial(-1, 2) = 1); for any other k, Γ(n + 1)/(Γ(k + 1)Γ(n - k + 1)),
    which is continuous in k there, wherever no Γ is at a pole."""
    whole = _exact_integer(k)
    if whole is not None:
        if whole < 0:
            return arb(0)
        if whole > BINOMIAL_MOST_FACTORS:
            raise Unknown("a binomial coefficient with too many factors")
        out: Ball = arb(1)
        for i in range(whole):
            out = out * (n - i) / (i + 1)
        return finite(out)
    return finite(_gamma(n + 1) / (_gamma(k + 1) * _gamma(n - k + 1)))


def _rounding(name: str, method: str) -> Callable[[Ball], Ball]:
    """floor, ceiling: exact where the ball holds no integer, or is one integer exactly.

    A ball that straddles an integer may hold values on both sides of a jump:
    nothing is claimed there.
    """

    def rule(x: Ball) -> Ball:
        x = _real(x, name)
        if x.is_exact() and x.is_integer():
            return x
        if x.contains_integer():
            raise Unknown(f"{name} of a value that may be an integer")
        return finite(getattr(x, method)())

    return rule


# The rules under the names the table of primitives gives them.
meromorphic = _entire  # Arb returns a non-finite ball near a pole, which finite() refuses
acosh_rule = _acosh
atanh_rule = _atanh
acot_rule = _acot
asec_rule = _reciprocal_inverse("asec", "acos")
acsc_rule = _reciprocal_inverse("acsc", "asin")
atan2_rule = _atan2
ei_rule = _ei
li_rule = _li
ci_rule = _cosine_integral("Ci", "ci")
chi_rule = _cosine_integral("Chi", "chi")
loggamma_rule = _loggamma
polygamma_rule = _polygamma
zeta_rule = _zeta
polylog_rule = _polylog
uppergamma_rule = _uppergamma
lowergamma_rule = _lowergamma
beta_rule = _beta
binomial_rule = _binomial
floor_rule = _rounding("floor", "floor")
ceiling_rule = _rounding("ceiling", "ceil")
