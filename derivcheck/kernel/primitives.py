"""The primitive functions: one row per function, read by every evaluator and rule.

A row says, for one SymPy function class, everything the rest of derivcheck
needs to know about it: its rigorous ball rule (the kernel's enclosures), its
fast mpmath evaluation (the numeric screen), where it is strictly increasing
(the side condition of a monotonicity step), and, for a piecewise function,
the expression whose sign picks its branch and the value on each side (case
splits, limits, integrals, breakpoints of the sampling); and what the rules of
rigorous integrals ask of it: whether it is analytic (a complex ball around
the path is allowed), has branch cuts near the real line, is continuous at
every real argument, jumps, or is real where its arguments are. Adding a function is
adding one row with :func:`register`; no compiler or rule has its own list.

The table lives in the kernel because the kernel's enclosures read it; it
imports nothing of the engine.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any, Callable

import mpmath
import sympy

from derivcheck.kernel import ballrules as br

Ball = br.Ball
Number = Any  # mpmath.mpf | mpmath.mpc


class Reals(Enum):
    """Where a function's values are known to be real."""

    OF_REAL = "of real arguments"  # real wherever its arguments are
    ALWAYS = "always"  # real whatever its arguments (Abs)


class Needs(Enum):
    """What an argument of an increasing function must be, everywhere on the domain."""

    REAL = "real"  # increasing on the whole real line
    POSITIVE = "positive"  # increasing (and real) only for positive arguments


@dataclass(frozen=True)
class Branching:
    """How a piecewise function picks its value.

    ``switch(atom)`` is the expression whose sign picks the branch (None when
    no single one does, as for Max of three arguments); ``branch(atom, s)`` the
    value where that expression has sign ``s`` (1, -1 or 0; None if unknown);
    ``breaks(atom)`` every expression whose zeros are breakpoints.
    """

    switch: Callable[[sympy.Expr], sympy.Expr | None]
    branch: Callable[[sympy.Expr, int], sympy.Expr | None]
    breaks: Callable[[sympy.Expr], list[sympy.Expr]]


@dataclass(frozen=True)
class Primitive:
    """One function: its SymPy class and what each evaluator and rule knows of it.

    ``ball`` and ``fast`` receive the values of the arguments (balls, or mpmath
    numbers) and return the value; a fast rule may raise ZeroDivisionError or
    ValueError where the function has no value. ``breaks`` alone (without
    ``branching``) marks a function with a breakpoint that is not a branch
    choice (log's branch point at 0).

    For the rules of integrals: ``analytic`` is False for a function that is
    holomorphic nowhere (or on a set with empty interior), which a rigorous
    quadrature refuses on a complex ball; ``cuts`` marks branch cuts close
    enough to the real line that such a ball may cross them; ``continuous``
    says it is continuous at every real argument and ``jumps`` that it is
    bounded with jumps (harmless in an integrand, not in an antiderivative);
    ``real`` where its values are known to be real.
    """

    form: type
    ball: Callable[..., Ball] | None = None
    fast: Callable[..., Number] | None = None
    increasing: Needs | None = None
    branching: Branching | None = None
    breaks: Callable[[sympy.Expr], list[sympy.Expr]] | None = None
    analytic: bool = True
    cuts: bool = False
    continuous: bool = False
    jumps: bool = False
    real: Reals | None = None


# ---------------------------------------------------------------------------
# Fast (mpmath) rules that are more than one mpmath call
# ---------------------------------------------------------------------------


def _log(x: Number) -> Number:
    if x == 0:
        raise ZeroDivisionError("log(0)")
    return mpmath.log(x)


def _sign(x: Number) -> Number:
    if isinstance(x, mpmath.mpc):
        return x / abs(x) if x != 0 else mpmath.mpf(0)
    return mpmath.mpf(mpmath.sign(x))


def real_value(v: Number, error: type[Exception] = ValueError) -> Any:
    """``v`` as a real number, for a comparison; ``error`` if its imaginary part is not 0."""
    if isinstance(v, mpmath.mpc):
        if v.imag != 0:
            raise error("a comparison of complex numbers")
        return v.real
    return v


def _heaviside(x: Number, at_zero: Number = None) -> Number:
    v = real_value(x)
    if v > 0:
        return mpmath.mpf(1)
    if v < 0:
        return mpmath.mpf(0)
    return mpmath.mpf(1) / 2 if at_zero is None else at_zero


def _max(*xs: Number) -> Number:
    return max(real_value(x) for x in xs)


def _min(*xs: Number) -> Number:
    return min(real_value(x) for x in xs)


def _atan2(y: Number, x: Number) -> Number:
    if real_value(y) == 0 and real_value(x) == 0:
        raise ValueError("atan2(0, 0)")  # SymPy's nan
    return mpmath.atan2(real_value(y), real_value(x))


def _floor(x: Number) -> Number:
    return mpmath.floor(real_value(x))


def _ceiling(x: Number) -> Number:
    return mpmath.ceil(real_value(x))


def _zeta(s: Number, a: Number = 1) -> Number:
    return mpmath.zeta(s, a)


def _binomial(n: Number, k: Number) -> Number:
    # SymPy's conventions (not mpmath's limits): 0 for a negative whole k, the
    # product n(n-1)…(n-k+1)/k! for a whole k >= 0, no value for a negative whole n otherwise.
    if isinstance(k, mpmath.mpf) and mpmath.isint(k):
        whole = int(k)
        if whole < 0:
            return mpmath.mpf(0)
        if whole > br.BINOMIAL_MOST_FACTORS:
            raise ValueError("a binomial coefficient with too many factors")
        out = mpmath.mpf(1)
        for i in range(whole):
            out = out * (n - i) / (i + 1)
        return out
    if isinstance(n, mpmath.mpf) and mpmath.isint(n) and n < 0:
        raise ValueError("binomial of a negative whole n and a k that is not whole")
    return mpmath.binomial(n, k)


def _lowergamma(s: Number, x: Number) -> Number:
    return mpmath.gammainc(s, 0, x)


# ---------------------------------------------------------------------------
# Branch rules of the piecewise functions
# ---------------------------------------------------------------------------


def _first_argument(atom: sympy.Expr) -> list[sympy.Expr]:
    return [atom.args[0]]


def _pairwise(atom: sympy.Expr) -> list[sympy.Expr]:
    args = atom.args
    return [args[i] - args[j] for i in range(len(args)) for j in range(i + 1, len(args))]


def _two_apart(atom: sympy.Expr) -> sympy.Expr | None:
    if len(atom.args) != 2:
        return None
    u, v = atom.args
    return u - v


def _extreme(larger: bool) -> Callable[[sympy.Expr, int], sympy.Expr | None]:
    # On u - v = 0 both arguments are equal; the first one stands for them.
    def branch(atom: sympy.Expr, s: int) -> sympy.Expr | None:
        u, v = atom.args
        if s == 0:
            return u
        return (u if s > 0 else v) if larger else (v if s > 0 else u)

    return branch


def _abs_branch(atom: sympy.Expr, s: int) -> sympy.Expr | None:
    g = atom.args[0]
    return g if s > 0 else -g if s < 0 else sympy.Integer(0)


def _sign_branch(atom: sympy.Expr, s: int) -> sympy.Expr | None:
    return sympy.Integer(s)


def _heaviside_branch(atom: sympy.Expr, s: int) -> sympy.Expr | None:
    if s != 0:
        return sympy.Integer(1 if s > 0 else 0)
    at_zero = atom.args[1] if len(atom.args) > 1 else sympy.S.Half
    return at_zero if at_zero.is_Rational else None


def _step_switch(atom: sympy.Expr) -> sympy.Expr | None:
    return atom.args[0]


_MAX = Branching(_two_apart, _extreme(True), _pairwise)
_MIN = Branching(_two_apart, _extreme(False), _pairwise)


#: Every primitive, by SymPy class. The order is the order evaluators try them in.
PRIMITIVES: dict[type, Primitive] = {
    p.form: p
    for p in (
        Primitive(sympy.exp, br.entire("exp"), mpmath.exp, Needs.REAL, continuous=True, real=Reals.OF_REAL),
        Primitive(sympy.log, br.log_rule, _log, Needs.POSITIVE, breaks=_first_argument),
        Primitive(sympy.sin, br.entire("sin"), mpmath.sin, continuous=True, real=Reals.OF_REAL),
        Primitive(sympy.cos, br.entire("cos"), mpmath.cos, continuous=True, real=Reals.OF_REAL),
        Primitive(sympy.tan, br.tan_rule, mpmath.tan),
        Primitive(sympy.sinh, br.entire("sinh"), mpmath.sinh, continuous=True, real=Reals.OF_REAL),
        Primitive(sympy.cosh, br.entire("cosh"), mpmath.cosh, continuous=True, real=Reals.OF_REAL),
        Primitive(sympy.tanh, br.tanh_rule, mpmath.tanh, Needs.REAL, continuous=True, real=Reals.OF_REAL),
        Primitive(sympy.atan, br.atan_rule, mpmath.atan, Needs.REAL, cuts=True, continuous=True, real=Reals.OF_REAL),
        Primitive(sympy.asin, br.asin_rule, mpmath.asin, cuts=True),
        Primitive(sympy.acos, br.acos_rule, mpmath.acos, cuts=True),
        Primitive(sympy.erf, br.entire("erf"), mpmath.erf, Needs.REAL, continuous=True, real=Reals.OF_REAL),
        Primitive(
            sympy.Abs, br.abs_rule, abs, branching=Branching(_step_switch, _abs_branch, _first_argument),
            analytic=False, continuous=True, real=Reals.ALWAYS,
        ),
        Primitive(
            sympy.sign, br.sign_rule, _sign, branching=Branching(_step_switch, _sign_branch, _first_argument),
            analytic=False, jumps=True,
        ),
        Primitive(sympy.erfc, br.entire("erfc"), mpmath.erfc, continuous=True, real=Reals.OF_REAL),
        Primitive(sympy.gamma, br.gamma_rule, mpmath.gamma),
        Primitive(sympy.asinh, br.asinh_rule, mpmath.asinh, Needs.REAL, cuts=True, continuous=True, real=Reals.OF_REAL),
        # acosh is real on [1, ∞), atanh on (-1, 1) (±∞ at ±1): complex elsewhere, on their cuts.
        Primitive(sympy.acosh, br.acosh_rule, mpmath.acosh, cuts=True),
        Primitive(sympy.atanh, br.atanh_rule, mpmath.atanh, cuts=True),
        Primitive(sympy.re, None, mpmath.re, analytic=False),
        Primitive(sympy.im, None, mpmath.im, analytic=False),
        Primitive(sympy.conjugate, None, mpmath.conj),
        Primitive(sympy.arg, None, mpmath.arg),
        Primitive(sympy.Max, br.max_rule, _max, branching=_MAX, analytic=False, continuous=True, real=Reals.OF_REAL),
        Primitive(sympy.Min, br.min_rule, _min, branching=_MIN, analytic=False, continuous=True, real=Reals.OF_REAL),
        Primitive(
            sympy.Heaviside, br.heaviside, _heaviside, branching=Branching(_step_switch, _heaviside_branch, _first_argument),
            analytic=False, jumps=True,
        ),
        Primitive(sympy.factorial, lambda x: br.gamma_rule(x + 1), mpmath.factorial),
        # Reciprocal functions: poles where the function inverted is 0 (Arb's ball is then not finite).
        Primitive(sympy.sec, br.meromorphic("sec"), mpmath.sec),
        Primitive(sympy.csc, br.meromorphic("csc"), mpmath.csc),
        Primitive(sympy.cot, br.meromorphic("cot"), mpmath.cot),
        Primitive(sympy.sech, br.meromorphic("sech"), mpmath.sech, continuous=True, real=Reals.OF_REAL),
        Primitive(sympy.csch, br.meromorphic("csch"), mpmath.csch, breaks=_first_argument),
        Primitive(sympy.coth, br.meromorphic("coth"), mpmath.coth, breaks=_first_argument),
        # acot(0) = π/2, a jump; asec and acsc are real for |x| >= 1.
        Primitive(sympy.acot, br.acot_rule, mpmath.acot, breaks=_first_argument, cuts=True, real=Reals.OF_REAL),
        Primitive(sympy.asec, br.asec_rule, mpmath.asec, cuts=True),
        Primitive(sympy.acsc, br.acsc_rule, mpmath.acsc, cuts=True),
        Primitive(sympy.atan2, br.atan2_rule, _atan2, breaks=_first_argument, analytic=False),
        Primitive(sympy.erfi, br.entire("erfi"), mpmath.erfi, Needs.REAL, continuous=True, real=Reals.OF_REAL),
        Primitive(sympy.Si, br.entire("si"), mpmath.si, continuous=True, real=Reals.OF_REAL),
        Primitive(sympy.Shi, br.entire("shi"), mpmath.shi, Needs.REAL, continuous=True, real=Reals.OF_REAL),
        Primitive(sympy.fresnels, br.entire("fresnel_s"), mpmath.fresnels, continuous=True, real=Reals.OF_REAL),
        Primitive(sympy.fresnelc, br.entire("fresnel_c"), mpmath.fresnelc, continuous=True, real=Reals.OF_REAL),
        # Logarithmic singularities at 0 (Ei, Ci, Chi) and at 1 (li): complex left of them for Ci, Chi, li.
        Primitive(sympy.Ei, br.ei_rule, mpmath.ei, Needs.POSITIVE, breaks=_first_argument, cuts=True),
        Primitive(sympy.li, br.li_rule, mpmath.li, breaks=lambda a: [a.args[0], a.args[0] - 1], cuts=True),
        Primitive(sympy.Ci, br.ci_rule, mpmath.ci, breaks=_first_argument, cuts=True),
        Primitive(sympy.Chi, br.chi_rule, mpmath.chi, Needs.POSITIVE, breaks=_first_argument, cuts=True),
        # Gamma's relatives: poles at the non-positive integers; loggamma's cut is the negative reals.
        Primitive(sympy.loggamma, br.loggamma_rule, mpmath.loggamma, cuts=True),
        Primitive(sympy.polygamma, br.polygamma_rule, mpmath.psi),
        Primitive(sympy.beta, br.beta_rule, mpmath.beta),
        Primitive(sympy.binomial, br.binomial_rule, _binomial),
        Primitive(sympy.uppergamma, br.uppergamma_rule, mpmath.gammainc, cuts=True),
        Primitive(sympy.lowergamma, br.lowergamma_rule, _lowergamma, cuts=True),
        Primitive(sympy.zeta, br.zeta_rule, _zeta),
        Primitive(sympy.polylog, br.polylog_rule, mpmath.polylog, cuts=True),
        # Steps with a jump at every integer, unbounded: neither continuous nor a bounded jump;
        # their argument's zero is a hint for the sampler, not every breakpoint.
        Primitive(sympy.floor, br.floor_rule, _floor, breaks=_first_argument, analytic=False, real=Reals.OF_REAL),
        Primitive(sympy.ceiling, br.ceiling_rule, _ceiling, breaks=_first_argument, analytic=False, real=Reals.OF_REAL),
    )
}

_views: dict[str, Any] = {}


def register(primitive: Primitive) -> Callable[[], None]:
    """Add (or replace) a row; returns the function that puts the table back as it was."""
    before = PRIMITIVES.get(primitive.form)
    PRIMITIVES[primitive.form] = primitive
    _views.clear()

    def undo() -> None:
        if before is None:
            PRIMITIVES.pop(primitive.form, None)
        else:
            PRIMITIVES[primitive.form] = before
        _views.clear()

    return undo


def lookup(e: sympy.Basic) -> Primitive | None:
    """The row of ``e``'s function (of its class, or the nearest listed base class)."""
    row = PRIMITIVES.get(type(e))
    if row is not None:
        return row
    for cls in type(e).__mro__[1:]:
        row = PRIMITIVES.get(cls)
        if row is not None:
            return row
    return None


def piecewise_atoms() -> tuple[type, ...]:
    """The piecewise functions (Max, Min, Abs, Heaviside, sign, ...), for ``expr.atoms``."""
    found = _views.get("piecewise")
    if found is None:
        found = _views["piecewise"] = tuple(p.form for p in PRIMITIVES.values() if p.branching is not None)
    return found


def branching_atoms() -> tuple[type, ...]:
    """The piecewise functions and SymPy's own ``Piecewise``."""
    return (*piecewise_atoms(), sympy.Piecewise)


def breaking_atoms() -> tuple[type, ...]:
    """The functions with breakpoints: piecewise ones, and log (its branch point)."""
    found = _views.get("breaking")
    if found is None:
        found = _views["breaking"] = tuple(
            p.form for p in PRIMITIVES.values() if p.branching is not None or p.breaks is not None
        )
    return found


def _having(key: str, wanted: Callable[[Primitive], bool]) -> tuple[type, ...]:
    found = _views.get(key)
    if found is None:
        found = _views[key] = tuple(p.form for p in PRIMITIVES.values() if wanted(p))
    return found


def continuous_atoms() -> tuple[type, ...]:
    """The functions continuous at every real argument."""
    return _having("continuous", lambda p: p.continuous)


def jumping_atoms() -> tuple[type, ...]:
    """The bounded functions with jumps (Heaviside, sign, ...)."""
    return _having("jumps", lambda p: p.jumps)


def real_of_real_atoms() -> tuple[type, ...]:
    """The functions real wherever their arguments are real."""
    return _having("real of real", lambda p: p.real is Reals.OF_REAL)


def always_real_atoms() -> tuple[type, ...]:
    """The functions real whatever their arguments."""
    return _having("always real", lambda p: p.real is Reals.ALWAYS)


def breaks(atom: sympy.Expr) -> list[sympy.Expr]:
    """The expressions whose zeros are the breakpoints of ``atom`` (empty if none)."""
    row = lookup(atom)
    if row is None:
        return []
    if row.branching is not None:
        return row.branching.breaks(atom)
    return row.breaks(atom) if row.breaks is not None else []


def switch(atom: sympy.Expr) -> sympy.Expr | None:
    """The one expression whose sign picks ``atom``'s branch; None if there is none."""
    row = lookup(atom)
    return row.branching.switch(atom) if row is not None and row.branching is not None else None


def branch(atom: sympy.Expr, s: int) -> sympy.Expr | None:
    """``atom``'s value where its switch has sign ``s``; None if unknown."""
    row = lookup(atom)
    return row.branching.branch(atom, s) if row is not None and row.branching is not None else None


def ball_rule(e: sympy.Basic) -> Callable[..., Ball] | None:
    row = PRIMITIVES.get(type(e))
    return row.ball if row is not None else None


def fast_rule(e: sympy.Basic) -> Callable[..., Number] | None:
    row = lookup(e)
    return row.fast if row is not None else None


def increasing(f: sympy.Basic) -> Needs | None:
    """The condition on the argument of ``f`` (an application) for it to be increasing."""
    row = PRIMITIVES.get(type(f))
    return row.increasing if row is not None else None

