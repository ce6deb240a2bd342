"""Limits, two-sided by default, with sign splits on the parameters.

SymPy's ``limit`` is one-sided from the right by default; the contract's
``limit(f, x, a)`` is the two-sided limit of mathematics. So both one-sided
limits are computed and compared: where they differ, the limit does not exist,
and the value is a :class:`NoLimit` that makes any relation using it false.

Two helps make SymPy's answers reliable:

* piecewise atoms (Max, Min, Abs, Heaviside, sign) whose argument has a known
  sign at the limit point are replaced by the branch that holds near the
  point (sound: a continuous argument keeps its sign in a neighbourhood;
  where the argument vanishes at the point, the direction of approach and
  the argument's slope decide);
* where the answer depends on the sign of a parameter (``limit(σ(t x), t, ∞)``
  raises "Result depends on the sign of x"), the parameter is split into
  positive, negative and zero, and the three answers are joined in a Piecewise.
"""

from __future__ import annotations

from typing import Any

import mpmath
import sympy

from derivcheck.engine.shorten import is_zero, shorten
from derivcheck.kernel.values import NoLimit

_PIECEWISE_ATOMS = (sympy.Max, sympy.Min, sympy.Abs, sympy.Heaviside, sympy.sign)
_MAX_SPLITS = 3


class _NeedsSplit(Exception):
    def __init__(self, symbol: sympy.Symbol) -> None:
        super().__init__(str(symbol))
        self.symbol = symbol


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
    except _NeedsSplit as need:
        s = need.symbol
        if depth >= _MAX_SPLITS:
            return sympy.Limit(f, x, a, direction)
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
        return sympy.Limit(f, x, a, "+-")
    if _same(right, left):
        return right
    if _differ(right, left):
        return NoLimit(right, left)
    return sympy.Limit(f, x, a, "+-")


def _one_sided(f: sympy.Expr, x: sympy.Symbol, a: sympy.Expr, direction: str) -> sympy.Expr:
    g = _resolve_near(f, x, a, direction)
    if a in (sympy.oo, -sympy.oo):
        quick = _exponentials_at_infinity(g, x, 1 if a == sympy.oo else -1)
        if quick is not None:
            return quick
    try:
        result = sympy.limit(g, x, a, direction)
    except NotImplementedError as exc:
        if "depends on the sign" in str(exc):
            try:
                symbol = _unknown_sign_symbol(g, x)
            except _Unsplittable:
                return sympy.Limit(f, x, a, direction)
            raise _NeedsSplit(symbol) from None
        return sympy.Limit(f, x, a, direction)
    except (ValueError, TypeError, RecursionError, AttributeError, _Unsplittable):
        return sympy.Limit(f, x, a, direction)
    if result.has(sympy.AccumBounds) or result.has(sympy.Limit):
        # An oscillating or unfinished answer: no value we can vouch for.
        return sympy.Limit(f, x, a, direction)
    why = _contradicted(g, x, a, direction, result)
    if why is not None:
        # SymPy's limit has known wrong answers (sympy/sympy#23525 among them):
        # one the numbers contradict is not used.
        return withhold(sympy.Limit(f, x, a, direction), f"SymPy's limit gave {sympy.sstr(result)}, but {why}")
    return result


def _exponentials_at_infinity(g: sympy.Expr, x: sympy.Symbol, side: int) -> sympy.Expr | None:
    """The limit as x → ±∞ of a rational function of exponentials exp(c·x + d).

    Each exp(c·x + d) with c of known sign tends to 0 or to ∞: write it u (u → 0+)
    or 1/u. When x appears nowhere else, g is a rational function R of the u's;
    if R's denominator is not zero at u = 0, R is continuous there and the limit
    is R(0). This is the sigmoid σ(t·x) as t → ∞, without the Gruntz algorithm.
    None when the expression is not of that form (SymPy's limit takes over).
    """
    fresh: dict[sympy.Expr, sympy.Expr] = {}
    small: list[sympy.Symbol] = []
    for e in g.atoms(sympy.exp):
        if x not in e.free_symbols:
            continue
        arg = sympy.expand(e.args[0])
        c = arg.coeff(x)
        if x in c.free_symbols or x in (arg - c * x).free_symbols:
            return None
        direction = (c * side).is_positive
        if direction is None or c.is_zero is not False:
            return None
        u = sympy.Dummy("u", positive=True)
        small.append(u)
        fresh[e] = 1 / u if direction else u
    if not small:
        return None
    r = g.xreplace(fresh)
    if x in r.free_symbols:
        return None
    num, den = sympy.fraction(sympy.cancel(sympy.together(r)))
    origin = {u: 0 for u in small}
    try:
        n0, d0 = num.xreplace(origin), den.xreplace(origin)
    except (TypeError, ValueError):
        return None
    if any(not p.is_polynomial(*small) for p in (num, den)) or d0.is_zero is not False:
        return None
    value = n0 / d0
    if value.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
        return None
    return value


#: Steps towards the point (h, or 1/h towards infinity), and the digits to take them at.
_STEPS = (10**5, 10**10, 10**15)
_DIGITS = 80


#: Why a value from SymPy was withheld, by the unevaluated object left in its place
#: (for the report of the claim that meets it; bounded, per process).
WITHHELD: dict[sympy.Basic, str] = {}


def withhold(placeholder: sympy.Basic, why: str) -> sympy.Basic:
    """Record why ``placeholder`` (an unevaluated limit or integral) stands where SymPy's value was."""
    if len(WITHHELD) < 1000:
        WITHHELD[placeholder] = why
    return placeholder


def withheld_reasons(*values: Any) -> list[str]:
    """The recorded reasons for the withheld values inside ``values``."""
    out: list[str] = []
    for v in values:
        if isinstance(v, sympy.Basic) and WITHHELD:
            out += [WITHHELD[z] for z in v.atoms(sympy.Limit, sympy.Integral) if z in WITHHELD]
    return sorted(set(out))


def _contradicted(g: sympy.Expr, x: sympy.Symbol, a: sympy.Expr, direction: str, value: sympy.Expr) -> str | None:
    """What numbers say against ``lim g = value`` as x → a from ``direction``, or None.

    At a few values of the other unknowns, g is evaluated at 80 digits at
    x = a ± 10⁻⁵, 10⁻¹⁰, 10⁻¹⁵ (or x = ±10⁵, ±10¹⁰, ±10¹⁵ towards ±∞). A sequence
    that has settled (its last two values agree to a millionth) on a number
    far from a finite ``value``, or on any number when ``value`` is infinite,
    contradicts it; so does a sequence growing past a millionfold of a
    finite ``value``. Slow convergence (1/log h) never settles and says
    nothing: this check can only withhold a limit, never supply one.
    """
    from derivcheck.engine.numeric import EVALUATION_ERRORS, NotNumeric, compile_expr, to_mp
    from derivcheck.engine.sampling import points
    from derivcheck.semantics import Variable

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
            at_point = ", ".join(f"{p} = {v}" for p, v in point.items())
            where = f"{x} = {mpmath.nstr(xs[2], 3)}" + (f" ({at_point})" if at_point else "")
            seen = f"the expression is {mpmath.nstr(seq[2], 8)} at {where}"
            if target is None:  # an infinite value
                if settled:
                    return f"{seen} and has settled there"
                continue
            if settled and abs(seq[2] - target) > mpmath.mpf(10) ** -3 * (abs(target) + 1):
                return f"{seen} and has settled there"
            if abs(seq[2]) > 10**6 * (abs(target) + 1) and abs(seq[2]) > abs(seq[1]) > abs(seq[0]):
                return f"{seen} and still growing"
    return None


def _unknown_sign_symbol(f: sympy.Expr, x: sympy.Symbol) -> sympy.Symbol:
    def undetermined(s: sympy.Symbol) -> bool:
        possible = [s.is_positive is not False, s.is_negative is not False, s.is_zero is not False]
        return bool(s.is_extended_real) and sum(possible) >= 2

    candidates = sorted((s for s in f.free_symbols - {x} if undetermined(s)), key=lambda s: s.name)
    if not candidates:
        raise _Unsplittable()
    return candidates[0]


class _Unsplittable(Exception):
    pass


def _resolve_near(f: sympy.Expr, x: sympy.Symbol, a: sympy.Expr, direction: str) -> sympy.Expr:
    """Replace each piecewise atom by the branch that holds near ``x = a`` (from ``direction``)."""
    changed = True
    rounds = 0
    while changed and rounds < 8:
        changed = False
        rounds += 1
        for atom in sorted(f.atoms(*_PIECEWISE_ATOMS), key=sympy.count_ops):
            if x not in atom.free_symbols:
                continue
            branch = _branch(atom, x, a, direction)
            if branch is not None:
                f = f.xreplace({atom: branch})
                changed = True
                break
    return f


def _branch(atom: sympy.Expr, x: sympy.Symbol, a: sympy.Expr, direction: str) -> sympy.Expr | None:
    if isinstance(atom, (sympy.Max, sympy.Min)):
        if len(atom.args) != 2:
            return None
        u, v = atom.args
        s = _sign_near(u - v, x, a, direction)
        if s is None:
            return None
        bigger, smaller = (u, v) if s >= 0 else (v, u)
        return bigger if isinstance(atom, sympy.Max) else smaller
    g = atom.args[0]
    s = _sign_near(g, x, a, direction)
    if s is None:
        return None
    if isinstance(atom, sympy.Abs):
        return g if s >= 0 else -g
    if isinstance(atom, sympy.sign):
        return sympy.Integer(s)
    return sympy.Integer(1) if s > 0 else sympy.Integer(0) if s < 0 else None


def _sign_near(g: sympy.Expr, x: sympy.Symbol, a: sympy.Expr, direction: str) -> int | None:
    """The sign g keeps on a punctured one-sided neighbourhood of ``a``; None if unknown.

    Raises:
        _NeedsSplit: the sign depends on the sign of a parameter.
    """
    if a in (sympy.oo, -sympy.oo):
        try:
            at = sympy.limit(g, x, a)
        except NotImplementedError as exc:
            if "depends on the sign" in str(exc):
                try:
                    symbol = _unknown_sign_symbol(g, x)
                except _Unsplittable:
                    return None
                raise _NeedsSplit(symbol) from None
            return None
        return _sign_of(at, g, x)
    at = shorten(g.subs(x, a)) if g.subs(x, a).free_symbols else g.subs(x, a)
    if at.has(sympy.nan, sympy.zoo):
        return None
    s = _sign_of(at, g, x)
    if s is None or s != 0:
        return s
    # g(a) = 0: near a, g has the sign of its first nonvanishing derivative
    # times the side of approach (Taylor).
    side = 1 if direction == "+" else -1
    deriv = g
    for order in range(1, 4):
        deriv = sympy.diff(deriv, x)
        val = deriv.subs(x, a)
        s = _sign_of(val, g, x)
        if s is None:
            return None
        if s != 0:
            return int(s * (side**order))
    return None


def _sign_of(value: sympy.Expr, g: sympy.Expr, x: sympy.Symbol) -> int | None:
    if value.is_zero:
        return 0
    if value.is_extended_positive:
        return 1
    if value.is_extended_negative:
        return -1
    free = value.free_symbols - {x}
    if free:
        try:
            raise _NeedsSplit(_unknown_sign_symbol(value, x))
        except _Unsplittable:
            return None
    return None


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
