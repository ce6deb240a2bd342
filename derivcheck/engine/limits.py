"""Limits, two-sided by default; a value is used only where the kernel's rules allow it.

SymPy's ``limit`` is one-sided from the right by default; the contract's
``limit(f, x, a)`` is the two-sided limit of mathematics. So both one-sided
limits are computed and compared: where they differ, the limit does not exist,
and the value is a :class:`NoLimit` that makes any relation using it false.

SymPy proposes, :mod:`derivcheck.kernel.limits` disposes. For one side:

* piecewise atoms (Max, Min, Abs, Heaviside, sign) are replaced by the branch
  that holds near the point, where the kernel's rules A1-A3 give the sign of
  their argument there (the sign of approach, not the sign of the limit);
  a ``sign`` or ``Heaviside`` left unresolved leaves the limit unknown;
* a limit with parameters gets the kernel's value (rules L1-L5), split over
  the exceptional parameter values where the generic answer changes (rule
  C); where the sign of a parameter decides (rule S, or SymPy's "Result
  depends on the sign of x"), the parameter is split into positive, negative
  and zero and the answers are joined in a Piecewise. SymPy's value for a
  limit with parameters is never used: it holds for generic parameters only.
  Such a limit stays unevaluated, and is closed once a concrete point gives
  its parameters values;
* a limit without parameters gets SymPy's value, unless numbers near the
  point contradict it (a numeric check only withholds, never supplies).
"""

from __future__ import annotations

import dataclasses
from typing import Any

import mpmath
import sympy

from derivcheck.engine.numeric import EVALUATION_ERRORS, NotNumeric, compile_expr, to_mp
from derivcheck.engine.sampling import points
from derivcheck.engine.shorten import is_zero, shorten
from derivcheck.evidence import Withheld
from derivcheck.kernel import limits as rules
from derivcheck.kernel.limits import DependsOnSign
from derivcheck.kernel.primitives import branch, piecewise_atoms, switch
from derivcheck.kernel.values import NoLimit
from derivcheck.problem import Variable
from derivcheck.wording import withheld

_MAX_SPLITS = 3


def compute_limit(f: sympy.Expr, x: sympy.Symbol, a: sympy.Expr, direction: str = "+-") -> sympy.Expr:
    """The limit of ``f`` as ``x`` → ``a``; an unevaluated ``Limit`` when unknown.

    Args:
        direction: ``'+'`` (from the right), ``'-'`` (from the left) or ``'+-'`` (two-sided).
    """
    if x not in f.free_symbols:
        return f
    return _cases(f, x, a, direction, 0)


def _cases(f: sympy.Expr, x: sympy.Symbol, a: sympy.Expr, direction: str, depth: int) -> sympy.Expr:
    try:
        return _limit(f, x, a, direction)
    except DependsOnSign as need:
        s = need.symbol
        if depth >= _MAX_SPLITS:
            return rules.HeldLimit(f, x, a, direction)
        # Split the real line of s into s > 0, s < 0 and s = 0 (those of the
        # three its assumptions allow): a sound case analysis.
        p = sympy.Dummy(s.name, positive=True)
        branches: list[tuple[sympy.Expr, sympy.Basic]] = []
        if s.is_positive is not False:
            pos = _cases(f.subs(s, p), x, a.subs(s, p), direction, depth + 1).subs(p, s)
            branches.append((pos, s > 0))
        if s.is_negative is not False:
            neg = _cases(f.subs(s, -p), x, a.subs(s, -p), direction, depth + 1).subs(p, -s)
            branches.append((neg, s < 0))
        if s.is_zero is not False:
            zero = _cases(f.subs(s, 0), x, a.subs(s, 0), direction, depth + 1)
            branches.append((zero, sympy.true))
        if all(_same(b[0], branches[0][0]) for b in branches):
            return branches[0][0]
        last_value, _ = branches[-1]
        return sympy.Piecewise(*branches[:-1], (last_value, True))


def _limit(f: sympy.Expr, x: sympy.Symbol, a: sympy.Expr, direction: str) -> sympy.Expr:
    if a in (sympy.oo, -sympy.oo):
        return _one_sided(f, x, a, "-" if a == sympy.oo else "+")
    if direction in ("+", "-"):
        return _one_sided(f, x, a, direction)
    right = _one_sided(f, x, a, "+")
    left = _one_sided(f, x, a, "-")
    if isinstance(right, sympy.Limit) or isinstance(left, sympy.Limit):
        return rules.HeldLimit(f, x, a, "+-")
    if _same(right, left):
        return right
    if _differ(right, left):
        return NoLimit(right, left)
    joined = rules.two_sided(right, left)
    return rules.HeldLimit(f, x, a, "+-") if joined is None else joined


def _one_sided(f: sympy.Expr, x: sympy.Symbol, a: sympy.Expr, direction: str, checked: bool = True) -> sympy.Expr:
    """One side's limit, or an unevaluated ``Limit``; ``checked``: compare the value with numbers."""
    unknown = rules.HeldLimit(f, x, a, direction)
    g = _resolve_near(f, x, a, direction)
    if x not in g.free_symbols:
        return g
    if rules.has_jumps(g, x):
        # SymPy takes sign(x*sin(1/x)) -> 0 as x -> 0, a limit that does not exist.
        return withhold(unknown, "the sign of the argument of a sign or Heaviside near the point is not known")
    params = rules.parameters(g, x, a)
    near = rules.approach(g, x, a, direction)
    if params and not rules.parameters(near, rules.SMALL, sympy.Integer(0)):
        # The parameters are only in the point, and leave with x = a ± s (log(t - c) as
        # t → c): a limit without parameters, in s.
        return _without_parameters(f, x, a, direction, near, rules.SMALL, sympy.Integer(0), "+", checked)
    value: sympy.Expr | None
    if params:
        value = rules.exact_limit(g, x, a, direction, lambda fr, ar: _one_sided(fr, x, ar, direction, checked))
        if value is None and a in (sympy.oo, -sympy.oo):
            value = rules.exponentials_at_infinity(g, x, 1 if a == sympy.oo else -1)
        if value is None:
            proposed = _sympy_limit(g, x, a, direction)  # may ask for a split on a sign (rule S)
            names = ", ".join(p.name for p in params)
            why = None if proposed is None or not checked else _contradicted(f, x, a, direction, proposed)
            if why is not None:
                return withhold(unknown, _but(f"SymPy's limit gave {sympy.sstr(proposed)}", why))
            return withhold(
                unknown,
                f"the limit depends on {names}, and no rule shows one value for every value of {names}"
                + ("" if proposed is None else f" (SymPy's generic answer is {sympy.sstr(proposed)})"),
            )
    else:
        return _without_parameters(f, x, a, direction, g, x, a, direction, checked)
    if checked:
        why = _contradicted(f, x, a, direction, value)
        if why is not None:  # a guard on the rules themselves: numbers only withhold
            return withhold(unknown, _but(f"the limit rules gave {sympy.sstr(value)}", why))
    return value


def _without_parameters(
    f: sympy.Expr,
    x: sympy.Symbol,
    a: sympy.Expr,
    direction: str,
    g: sympy.Expr,
    y: sympy.Symbol,
    b: sympy.Expr,
    side: str,
    checked: bool,
) -> sympy.Expr:
    """The limit of ``f`` as x → a, computed as that of the parameter-free ``g`` as y → b from ``side``."""
    value = None
    if b in (sympy.oo, -sympy.oo):
        value = rules.exponentials_at_infinity(g, y, 1 if b == sympy.oo else -1)
    if value is None:
        value = _sympy_limit(g, y, b, side)
    if value is None:
        return rules.HeldLimit(f, x, a, direction)
    if checked:
        why = _contradicted(f, x, a, direction, value)
        if why is not None:
            # SymPy's limit has known wrong answers (sympy/sympy#23525 among them):
            # one the numbers contradict is not used.
            return withhold(rules.HeldLimit(f, x, a, direction), _but(f"SymPy's limit gave {sympy.sstr(value)}", why))
    return value


def _sympy_limit(g: sympy.Expr, x: sympy.Symbol, a: sympy.Expr, direction: str) -> sympy.Expr | None:
    """SymPy's proposal for one side, or None.

    Raises:
        DependsOnSign: SymPy says the result depends on the sign of a parameter.
    """
    try:
        result = sympy.limit(g, x, a, direction)
    except NotImplementedError as exc:
        if "depends on the sign" in str(exc):
            symbol = _unknown_sign_symbol(g, x)
            if symbol is not None:
                raise DependsOnSign(symbol) from None
        return None
    except (ValueError, TypeError, RecursionError, AttributeError, ZeroDivisionError):
        return None
    if result.has(sympy.AccumBounds, sympy.Limit, sympy.nan):
        # An oscillating or unfinished answer: no value we can vouch for.
        return None
    return sympy.sympify(result)


#: Steps towards the point (h, or 1/h towards infinity), and the digits to take them at.
_STEPS = (10**5, 10**10, 10**15)
_DIGITS = 80


#: Why a value from SymPy was withheld, by the unevaluated object left in its place
#: (for the report of the claim that meets it; bounded, per process).
WITHHELD: dict[sympy.Basic, Withheld] = {}


def withhold(placeholder: sympy.Basic, why: str | Withheld) -> sympy.Basic:
    """Record why ``placeholder`` (an unevaluated limit or integral) stands where SymPy's value was."""
    if len(WITHHELD) < 1000:
        WITHHELD[placeholder] = why if isinstance(why, Withheld) else Withheld(why)
    return placeholder


def withheld_reasons(*values: Any) -> list[Withheld]:
    """The recorded reasons for the withheld values inside ``values``, in the order of their words."""
    out: list[Withheld] = []
    for v in values:
        if isinstance(v, sympy.Basic) and WITHHELD:
            out += [WITHHELD[z] for z in v.atoms(sympy.Limit, sympy.Integral) if z in WITHHELD]
    return sorted(set(out), key=withheld)


def _but(value: str, why: Withheld) -> Withheld:
    """``why`` (what the numbers say) put after the value it contradicts: "SymPy's limit gave 0, but ..."."""
    return dataclasses.replace(why, reason=f"{value}, but {why.reason}")


def _contradicted(g: sympy.Expr, x: sympy.Symbol, a: sympy.Expr, direction: str, value: sympy.Expr) -> Withheld | None:
    """What numbers say against ``lim g = value`` as x → a from ``direction``, or None.

    At a few values of the other unknowns, g is evaluated at 80 digits at
    x = a ± 10⁻⁵, 10⁻¹⁰, 10⁻¹⁵ (or x = ±10⁵, ±10¹⁰, ±10¹⁵ towards ±∞). A sequence
    that has settled (its last two values agree to a millionth) on a number
    far from a finite ``value``, or on any number when ``value`` is infinite,
    contradicts it; so does a sequence growing past a millionfold of a
    finite ``value``. Slow convergence (1/log h) never settles and says
    nothing: this check can only withhold a limit, never supply one.
    """
    params = sorted(g.free_symbols - {x}, key=lambda s: s.name)
    if any(p.is_extended_real is not True for p in params):
        return None
    infinite = value in (sympy.oo, -sympy.oo)
    if not infinite and value.has(sympy.oo, -sympy.oo, sympy.zoo, sympy.nan):
        return None  # such as oo**a: a value only in SymPy's arithmetic, checked later
    try:
        fg = compile_expr(g)
        fv = None if infinite else compile_expr(value)
    except NotNumeric:
        return None
    side = -1 if direction == "-" else 1
    for point in points([Variable(p, p.name) for p in params], 7, 3):
        with mpmath.workdps(_DIGITS):
            try:
                env = {p: to_mp(v) for p, v in point.items()}
                if a == sympy.oo or a == -sympy.oo:
                    sign = 1 if a == sympy.oo else -1
                    xs = [mpmath.mpf(sign * n) for n in _STEPS]
                else:
                    at = to_mp(sympy.S(a).xreplace(point))
                    xs = [at + side * mpmath.mpf(1) / n for n in _STEPS]
                seq = [fg({**env, x: xv}) for xv in xs]
                target = fv(env) if fv is not None else None
            except EVALUATION_ERRORS:
                continue
            if not all(isinstance(v, mpmath.mpf) and mpmath.isfinite(v) for v in seq):
                continue
            if target is not None and not (isinstance(target, mpmath.mpf) and mpmath.isfinite(target)):
                continue
            settled = abs(seq[2] - seq[1]) <= mpmath.mpf(10) ** -6 * (abs(seq[2]) + 1)
            seen = Withheld(
                f"the expression is {mpmath.nstr(seq[2], 8)}",
                near=((str(x), mpmath.nstr(xs[2], 3)),),
                point=tuple((str(p), str(v)) for p, v in point.items()),
            )
            if target is None:  # an infinite value
                if settled:
                    return dataclasses.replace(seen, then=" and has settled there")
                continue
            if settled and abs(seq[2] - target) > mpmath.mpf(10) ** -3 * (abs(target) + 1):
                return dataclasses.replace(seen, then=" and has settled there")
            if abs(seq[2]) > 10**6 * (abs(target) + 1) and abs(seq[2]) > abs(seq[1]) > abs(seq[0]):
                return dataclasses.replace(seen, then=" and still growing")
    return None


def _unknown_sign_symbol(f: sympy.Expr, x: sympy.Symbol) -> sympy.Symbol | None:
    """The first real parameter of ``f`` whose sign its assumptions leave open, or None."""

    def undetermined(s: sympy.Symbol) -> bool:
        possible = [s.is_positive is not False, s.is_negative is not False, s.is_zero is not False]
        return bool(s.is_extended_real) and sum(possible) >= 2

    candidates = sorted((s for s in f.free_symbols - {x} if undetermined(s)), key=lambda s: s.name)
    return candidates[0] if candidates else None


def _resolve_near(f: sympy.Expr, x: sympy.Symbol, a: sympy.Expr, direction: str) -> sympy.Expr:
    """Replace each piecewise atom by the branch that holds near ``x = a`` (from ``direction``)."""
    changed = True
    rounds = 0
    while changed and rounds < 8:
        changed = False
        rounds += 1
        for atom in sorted(f.atoms(*piecewise_atoms()), key=lambda a: (sympy.count_ops(a), sympy.default_sort_key(a))):
            if x not in atom.free_symbols:
                continue
            branch = _branch(atom, x, a, direction)
            if branch is not None:
                f = f.xreplace({atom: branch})
                changed = True
                break
    return f


def _branch(atom: sympy.Expr, x: sympy.Symbol, a: sympy.Expr, direction: str) -> sympy.Expr | None:
    g = switch(atom)
    if g is None:
        return None
    s = _sign_near(g, x, a, direction)
    return None if s is None else branch(atom, s)


def _sign_near(g: sympy.Expr, x: sympy.Symbol, a: sympy.Expr, direction: str) -> int | None:
    """The sign g keeps on a punctured one-sided neighbourhood of ``a``; None if unknown (rules A1-A3).

    Raises:
        DependsOnSign: the sign depends on the sign of a parameter.
    """
    side = direction if direction in ("+", "-") else "+"
    if a == sympy.oo:
        side = "-"
    elif a == -sympy.oo:
        side = "+"

    def limit_of() -> sympy.Expr | None:
        at = _one_sided(g, x, a, side, checked=False)
        return None if at.has(sympy.Limit) else at

    return rules.sign_of_approach(g, x, a, side, limit_of)


def _same(u: sympy.Expr, v: sympy.Expr) -> bool:
    if u == v:
        return True
    try:
        return is_zero(u - v) and not (u.has(sympy.oo, -sympy.oo, sympy.zoo))
    except (TypeError, ValueError):
        return False


def _differ(u: sympy.Expr, v: sympy.Expr) -> bool:
    """True only when u and v are provably different values (infinities included)."""
    if u.free_symbols or v.free_symbols:
        diff = shorten(u - v)
        return bool(diff.is_zero is False and diff.is_finite)
    if u.is_infinite or v.is_infinite:
        return bool(u != v)
    return bool(shorten(u - v).is_zero is False)
