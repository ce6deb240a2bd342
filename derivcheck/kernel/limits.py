"""When a limit has a value: the rules derivcheck checks before it uses one.

SymPy's ``limit`` answers for *generic* values of the other symbols: it
simplifies ``x**2/(x**2 + eps)`` to 1 before letting ``eps`` go to 0, which
is wrong at ``x = 0``. A limit value stands in for the limit in a claim only
when it holds for every value of the parameters that the domain allows. The
rules below decide that; each says why it is sound. ``x → a`` from a side is
written ``x = a + s`` or ``x = a − s`` (``x = 1/s`` or ``−1/s`` towards ±∞)
with ``s → 0+``, so that one evaluator serves every kind of point.

Values of limits (:func:`exact_limit`):

L1. Constants. An expression free of ``s`` is its own limit.

L2. Rational functions of the limit variable, ``N(s)/D(s)`` with coefficients
    in the parameters: with ``n_i`` and ``d_j`` the lowest coefficients that
    are not zero, the limit is ``0`` (i > j), ``n_i/d_j`` (i = j) or
    ``sign(n_i/d_j)·∞`` (i < j; s > 0). Exact algebra, no SymPy limit. A
    coefficient that is zero for some parameter values but not all is taken
    as non-zero and *noted*: the answer is then generic (rule C).

L3. The limit algebra, each law with its side condition: sums (not ∞ − ∞),
    products (not 0·∞; the sign of an infinite product from its factors),
    ``u**c`` for ``c`` free of ``s`` (continuity where the limit of ``u`` is
    positive, or ``c`` an integer; ``0**c`` and ``∞**c`` from the sign of
    ``c``), ``u**v = exp(v·log u)`` for ``u`` positive, and the ``1**∞`` form
    ``lim u**v = exp(lim v·(u − 1))`` (``log u = (u − 1)(1 + o(1))`` as
    ``u → 1``). ``exp``, ``log``, ``sin``, ``cos``, ``sinh``, ``cosh``,
    ``tanh``, ``atan``, ``erf``, ``Abs`` are continuous where they are
    defined and have the known limits at ±∞. Anything else: no rule, and the
    caller must not use a generic value.

L4. Exponentials at infinity (:func:`exponentials_at_infinity`). Each
    ``exp(c·x + d)`` whose ``c`` has a known sign tends to 0 or to ∞; written
    ``u`` or ``1/u`` (``u → 0+``) the expression is a rational function
    ``R`` of the ``u``'s. When the denominator of ``R`` is provably non-zero
    at ``u = 0`` for every parameter value, ``R`` is continuous there and
    the limit is ``R(0)``: this is ``σ(t·x) → H(x)`` as ``t → ∞``.

L5. Quotients of analytic functions, ``N(s)/D(s)`` with ``N`` and ``D``
    analytic at ``s = 0`` for every parameter value *by their form*
    (polynomials, ``exp``, ``sin``, ``cos``, ``sinh``, ``cosh``, ``erf`` of
    analytic arguments; ``atan``, ``tanh`` of real ones; ``log`` and powers
    of a base provably positive at 0; division by a denominator provably
    non-zero at 0). Their Taylor coefficients are the derivatives at 0,
    exact for every parameter value; the lowest non-zero ones decide as in
    L2, with the same noting of coefficients zero for some parameter
    values. This is the difference quotient ``(f(x + h) − f(x))/h``.

Case splits:

C.  Exceptional values. The coefficients noted by L2/L3 vanish on a set of
    parameter values where the generic answer may change. When each
    coefficient (numerator and denominator) factors into factors that are
    either provably non-zero or polynomials in *one* real parameter, that set
    is the finite union of ``{p = r}`` over the real roots ``r`` admitted by
    ``p``'s assumptions. Each ``p = r`` is substituted and its limit
    computed again (by the caller, with all rules); the answer is a
    ``Piecewise`` over these points with the generic value last. A case
    analysis over a finite exhaustive partition of the domain: sound. A
    zero set that is not a finite set of points (a factor in two
    parameters, a transcendental factor): no value.

C2. Two sides with parameters. The two-sided limit exists exactly where the
    one-sided values agree: when the zero set of ``right − left`` is a finite
    set of points (as in C), the limit is the common value there and does not
    exist elsewhere (``a·|t|/t`` at 0: only ``a = 0`` has a limit).

S.  The sign of a parameter (:class:`DependsOnSign`): where a rule needs the
    sign of a symbol its assumptions leave open, the caller splits the
    parameter into > 0, < 0 and = 0 and computes each case: a case
    analysis over an exhaustive partition, sound.

The side a piecewise atom takes near the point (:func:`sign_of_approach`).
Near ``a``, ``sign(g)``, ``H(g)``, ``relu(g)``, ``Abs(g)``, ``Max``, ``Min``
equal one of their branches when ``g`` keeps one sign on a one-sided
neighbourhood of ``a`` (or for all large ``|x|``):

A1. ``g(a ± s)`` (``g(±1/s)``) is positive, negative or zero for every
    ``s > 0`` by the assumptions of the symbols: a proof for the whole side.

A2. ``g → L`` with ``L`` non-zero (or ±∞) of known sign: ``g`` has the sign
    of ``L`` near the point. The *value* of the limit decides only when it is
    not 0.

A3. ``g → 0``: the sign of approach is the sign of the leading term. For a
    rational ``g``, the lowest coefficient ``n_i/d_j`` of rule L2 when it is
    provably non-zero; for a ``g`` without parameters, the sign of the leading
    term of its asymptotic expansion (SymPy's ``mrv_leadterm``, the ground of
    its own limits), accepted only when balls certify that sign at three
    points approaching ``a``. With parameters whose sign is open, the sign of one
    may decide (``x·exp(−t)``): rule S splits it, and A1 decides each case.
    Otherwise unknown: the atom is not resolved, and
    ``sign``/``Heaviside`` atoms left unresolved make the limit unknown
    (:func:`has_jumps`): SymPy takes ``sign(x·sin(1/x)) → 0`` as x → 0, but
    that limit does not exist.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

import sympy
from sympy.series.gruntz import sign as _leading_sign

from derivcheck.kernel import balls
from derivcheck.kernel.values import NoLimit

#: How deep exceptional parameter values are substituted (each level one more equation).
MAX_DEPTH = 3

#: The variable that tends to 0 from the right in every rule.
_S = sympy.Dummy("s", positive=True)
SMALL = _S


class HeldLimit(sympy.Limit):  # type: ignore[misc]
    """A limit left unevaluated because no rule established its value.

    ``doit`` keeps it as it is: SymPy's own evaluation, which ``simplify``
    reaches even with ``doit=False``, would bring back the generic answer
    that the rules withheld.
    """

    def doit(self, **hints: Any) -> sympy.Expr:
        return self


class DependsOnSign(Exception):
    """The value depends on the sign of ``symbol``: split it into > 0, < 0 and = 0 (rule S)."""

    def __init__(self, symbol: sympy.Symbol) -> None:
        super().__init__(str(symbol))
        self.symbol = symbol


class _NoRule(Exception):
    """No rule of this module applies: the caller must not supply a generic value."""


def parameters(f: sympy.Expr, x: sympy.Symbol, a: sympy.Expr) -> list[sympy.Symbol]:
    """The free symbols of the limit other than its variable, by name."""
    syms = (f.free_symbols | sympy.sympify(a).free_symbols) - {x}
    return sorted((s for s in syms if isinstance(s, sympy.Symbol)), key=lambda s: s.name)


def approach(f: sympy.Expr, x: sympy.Symbol, a: sympy.Expr, direction: str) -> sympy.Expr:
    """``f`` with ``x = a ± s`` (``±1/s`` at ±∞): the limit is then the one as s → 0+."""
    if a == sympy.oo:
        at: sympy.Expr = 1 / _S
    elif a == -sympy.oo:
        at = -1 / _S
    else:
        at = a - _S if direction == "-" else a + _S
    return sympy.sympify(f).subs(x, at)


# ---------------------------------------------------------------- values (L1-L3, C)


def exact_limit(
    f: sympy.Expr,
    x: sympy.Symbol,
    a: sympy.Expr,
    direction: str,
    recurse: Callable[[sympy.Expr, sympy.Expr], sympy.Expr],
    depth: int = 0,
) -> sympy.Expr | None:
    """The one-sided limit of ``f`` for every parameter value (rules L1-L3, C); None if no rule applies.

    Args:
        direction: ``'+'`` or ``'-'`` (ignored at ±∞).
        recurse: the limit of ``f`` at an exceptional parameter value, computed by the caller
            with all its rules: ``recurse(f_r, a_r)``.
    Raises:
        DependsOnSign: the value depends on the sign of a parameter (rule S).
    """
    notes: list[sympy.Expr] = []
    try:
        value = _lim(approach(f, x, a, direction), notes)
    except (_NoRule, TypeError, ValueError, ZeroDivisionError, NotImplementedError, RecursionError,
            sympy.PolynomialError):
        return None
    if value.has(sympy.nan, sympy.zoo):
        return None
    if not notes:
        return value
    if depth >= MAX_DEPTH:
        return None
    try:
        points = exceptional_points(notes)
    except (TypeError, ValueError, NotImplementedError, sympy.PolynomialError):
        return None
    if points is None:
        return None
    branches: list[tuple[sympy.Expr, sympy.Basic]] = []
    for symbol, root in points:
        special = recurse(f.subs(symbol, root), sympy.sympify(a).subs(symbol, root))
        generic = value.subs(symbol, root)
        if not _equal(special, generic):
            branches.append((special, sympy.Eq(symbol, root)))
    if not branches:
        return value
    return sympy.Piecewise(*branches, (value, True))


def two_sided(right: sympy.Expr, left: sympy.Expr) -> sympy.Expr | None:
    """The two-sided limit from one-sided values with parameters (rule C2); None if not decided.

    The limit exists exactly where ``right = left``. When that set is a finite set
    of points (rule C on ``right − left``), it is the value there and a
    :class:`NoLimit` elsewhere.
    """
    values = (right, left)
    if any(v.has(sympy.Limit, sympy.Piecewise, NoLimit, sympy.oo, -sympy.oo, sympy.zoo, sympy.nan) for v in values):
        return None
    try:
        points = exceptional_points([right - left])
    except (TypeError, ValueError, NotImplementedError, sympy.PolynomialError):
        return None
    if points is None:
        return None
    branches: list[tuple[sympy.Expr, sympy.Basic]] = []
    for symbol, root in points:
        r, l = right.subs(symbol, root), left.subs(symbol, root)
        if not _equal(r, l):
            return None  # a root of a denominator: not a point where the sides meet
        branches.append((r, sympy.Eq(symbol, root)))
    return sympy.Piecewise(*branches, (NoLimit(right, left), True))


def exceptional_points(notes: list[sympy.Expr]) -> list[tuple[sympy.Symbol, sympy.Expr]] | None:
    """Every ``(p, r)`` where a noted coefficient may vanish or be undefined (rule C); None if not finite."""
    out: list[tuple[sympy.Symbol, sympy.Expr]] = []
    for c in notes:
        for part in sympy.fraction(sympy.together(c)):
            if part.is_zero is False:
                continue
            _, factors = sympy.factor_list(part)
            for factor, _mult in factors:
                if factor.is_zero is False:
                    continue
                free = [s for s in factor.free_symbols if isinstance(s, sympy.Symbol)]
                if len(free) != 1 or free[0].is_extended_real is not True:
                    return None
                p = free[0]
                if not factor.is_polynomial(p):
                    return None
                for r in sympy.real_roots(sympy.Poly(factor, p)):
                    if _admissible(p, r) and (p, r) not in out:
                        out.append((p, r))
    return out


def _admissible(p: sympy.Symbol, r: sympy.Expr) -> bool:
    """False only when ``p``'s assumptions exclude the value ``r`` (keeping a value is always safe)."""
    for prop in ("positive", "negative", "nonnegative", "nonpositive", "nonzero", "zero", "integer"):
        if getattr(p, f"is_{prop}") is True and getattr(r, f"is_{prop}") is False:
            return False
    return True


def _equal(u: sympy.Expr, v: sympy.Expr) -> bool:
    if u == v:
        return True
    if u.has(sympy.oo, -sympy.oo, sympy.zoo, sympy.nan, sympy.Limit) or v.has(
        sympy.oo, -sympy.oo, sympy.zoo, sympy.nan, sympy.Limit
    ):
        return False
    try:
        return bool(sympy.simplify(u - v) == 0)
    except (TypeError, ValueError):
        return False


def _is_zero(c: sympy.Expr, notes: list[sympy.Expr]) -> bool:
    """Whether the ``s``-free ``c`` is zero; a ``c`` zero only for some parameter values is noted (rule C)."""
    if c.is_zero is True:
        return True
    if c.is_zero is False:
        return False
    if sympy.expand(sympy.together(c)) == 0:
        return True
    notes.append(c)
    return False


def _sign(c: sympy.Expr) -> int:
    """The sign of a non-zero ``s``-free value; DependsOnSign when a parameter decides it (rule S)."""
    if c.is_extended_positive:
        return 1
    if c.is_extended_negative:
        return -1
    open_signs = _open_sign_symbols(c.free_symbols)
    if open_signs:
        raise DependsOnSign(open_signs[0])
    raise _NoRule()


def _open_sign_symbols(symbols: Iterable[sympy.Basic]) -> list[sympy.Symbol]:
    """The real symbols, by name, whose sign their assumptions leave open (at least two of <, =, >)."""
    return sorted(
        (
            s
            for s in symbols
            if isinstance(s, sympy.Symbol)
            and s.is_extended_real
            and sum(v is not False for v in (s.is_positive, s.is_negative, s.is_zero)) >= 2
        ),
        key=lambda s: s.name,
    )


def _infinite(v: sympy.Expr) -> bool:
    return v in (sympy.oo, -sympy.oo)


def rational_leading(h: sympy.Expr, notes: list[sympy.Expr]) -> tuple[sympy.Expr, int] | None:
    """For ``h`` rational in ``s``: ``(c, k)`` with ``h ~ c·s**k`` as s → 0+ (rule L2); None if not rational.

    ``c`` is 0 when the numerator is identically zero. Raises _NoRule when the
    denominator is identically zero (``h`` has no value anywhere).
    """
    if not h.is_rational_function(_S):
        return None
    num, den = sympy.fraction(sympy.together(h))
    n = sympy.Poly(sympy.expand(num), _S).all_coeffs()[::-1]
    d = sympy.Poly(sympy.expand(den), _S).all_coeffs()[::-1]
    j = next((k for k, c in enumerate(d) if not _is_zero(c, notes)), None)
    if j is None:
        raise _NoRule()
    i = next((k for k, c in enumerate(n) if not _is_zero(c, notes)), None)
    if i is None:
        return sympy.Integer(0), 0
    return sympy.cancel(n[i] / d[j]), i - j


#: How many Taylor coefficients rule L5 looks at.
_TAYLOR_ORDER = 4

_ENTIRE = (sympy.exp, sympy.sin, sympy.cos, sympy.sinh, sympy.cosh, sympy.erf)
_REAL_ANALYTIC = (sympy.atan, sympy.tanh)


def analytic_at_zero(e: sympy.Expr) -> bool:
    """Whether ``e`` is analytic in ``s`` at 0 for every parameter value (real parameters), by its form."""
    if _S not in e.free_symbols:
        return True
    if e == _S:
        return True
    if isinstance(e, (sympy.Add, sympy.Mul)):
        return all(analytic_at_zero(t) for t in e.args)
    if isinstance(e, sympy.Pow):
        base, c = e.args
        if not (analytic_at_zero(base) and analytic_at_zero(c)):
            return False
        at = base.subs(_S, 0)
        if c.is_Integer and _S not in c.free_symbols:
            return bool(c >= 0 or at.is_zero is False)
        return bool(at.is_positive)
    if isinstance(e, _ENTIRE):
        return analytic_at_zero(e.args[0])
    if isinstance(e, _REAL_ANALYTIC):
        return analytic_at_zero(e.args[0]) and e.args[0].is_extended_real is True
    if isinstance(e, sympy.log):
        return analytic_at_zero(e.args[0]) and bool(e.args[0].subs(_S, 0).is_positive)
    return False


def _taylor_leading(e: sympy.Expr, notes: list[sympy.Expr]) -> tuple[sympy.Expr, int] | None:
    """``(c, i)`` with ``e = c·s**i + O(s**(i+1))`` for an analytic ``e``; (0, 0) if no term is seen."""
    d = e
    for i in range(_TAYLOR_ORDER + 1):
        c = sympy.sympify(d.subs(_S, 0)) / sympy.factorial(i)
        if c.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
            return None
        if not _is_zero(c, notes):
            return c, i
        d = sympy.diff(d, _S)
    return None


def _lim(h: sympy.Expr, notes: list[sympy.Expr]) -> sympy.Expr:
    """The limit of ``h`` as s → 0+, for generic parameters (the zero tests assumed are noted)."""
    if _S not in h.free_symbols:
        return h  # L1
    lead = rational_leading(h, notes)
    if lead is None:
        lead = _analytic_quotient(h, notes)
    if lead is not None:  # L2
        c, k = lead
        if k > 0 or c == 0:
            return sympy.Integer(0)
        if k == 0:
            return c
        return _sign(c) * sympy.oo
    if isinstance(h, sympy.Add):
        return _add([_lim(t, notes) for t in h.args])
    if isinstance(h, sympy.Mul):
        return _mul([_lim(t, notes) for t in h.args], notes)
    if isinstance(h, sympy.Pow):
        return _pow(h, notes)
    if isinstance(h, sympy.exp):
        return _exp(_lim(h.args[0], notes))
    if isinstance(h, sympy.log):
        return _log(h.args[0], _lim(h.args[0], notes), notes)
    if isinstance(h, (sympy.sin, sympy.cos)):
        inner = _lim(h.args[0], notes)
        if _infinite(inner):
            raise _NoRule()
        return h.func(inner)
    if isinstance(h, (sympy.atan, sympy.tanh, sympy.erf, sympy.sinh, sympy.cosh, sympy.Abs)):
        inner = _lim(h.args[0], notes)
        if not _infinite(inner):
            if isinstance(h, (sympy.atan, sympy.tanh)) and inner.is_extended_real is not True:
                raise _NoRule()  # continuous on the real line; branch cuts and poles off it
            return h.func(inner)
        sign = 1 if inner == sympy.oo else -1
        at_infinity = {
            sympy.atan: sympy.pi / 2 * sign,
            sympy.tanh: sympy.Integer(sign),
            sympy.erf: sympy.Integer(sign),
            sympy.sinh: sign * sympy.oo,
            sympy.cosh: sympy.oo,
            sympy.Abs: sympy.oo,
        }
        return at_infinity[h.func]
    raise _NoRule()


def _analytic_quotient(h: sympy.Expr, notes: list[sympy.Expr]) -> tuple[sympy.Expr, int] | None:
    """Rule L5: ``h = N/D`` with ``N`` and ``D`` analytic at s = 0; ``(c, k)`` with ``h ~ c·s**k``."""
    num, den = sympy.fraction(h)
    if not (analytic_at_zero(num) and analytic_at_zero(den)):
        return None
    d = _taylor_leading(den, notes)
    n = _taylor_leading(num, notes)
    if d is None or n is None:
        return None
    return sympy.cancel(n[0] / d[0]), n[1] - d[1]


def _add(values: list[sympy.Expr]) -> sympy.Expr:
    infinities = {v for v in values if _infinite(v)}
    if len(infinities) > 1:
        raise _NoRule()  # ∞ − ∞
    if infinities:
        return infinities.pop()
    return sympy.Add(*values)


def _mul(values: list[sympy.Expr], notes: list[sympy.Expr]) -> sympy.Expr:
    if not any(_infinite(v) for v in values):
        return sympy.Mul(*values)
    sign = 1
    for v in values:
        if _infinite(v):
            sign *= 1 if v == sympy.oo else -1
        elif _is_zero(v, notes):
            raise _NoRule()  # 0·∞
        else:
            sign *= _sign(v)
    return sign * sympy.oo


def _exp(inner: sympy.Expr) -> sympy.Expr:
    if inner == sympy.oo:
        return sympy.oo
    if inner == -sympy.oo:
        return sympy.Integer(0)
    return sympy.exp(inner)


def _log(u: sympy.Expr, inner: sympy.Expr, notes: list[sympy.Expr]) -> sympy.Expr:
    if inner == sympy.oo:
        return sympy.oo
    if _infinite(inner):
        raise _NoRule()
    if inner.is_positive:
        return sympy.log(inner)
    if inner.is_nonnegative and not _is_zero(inner, notes):
        return sympy.log(inner)
    if inner.is_zero and u.is_positive:
        return -sympy.oo
    raise _NoRule()


def _pow(h: sympy.Pow, notes: list[sympy.Expr]) -> sympy.Expr:
    base, e = h.args
    lb = _lim(base, notes)
    if _S not in e.free_symbols:
        return _power_of_limit(base, lb, e, notes)
    le = _lim(e, notes)
    if not _infinite(lb) and _infinite(le) and sympy.expand(lb - 1) == 0:
        return _exp(_lim(e * (base - 1), notes))  # 1**∞
    if base.is_positive or lb == sympy.oo or (not _infinite(lb) and lb.is_positive):
        return _exp(_mul([le, _log(base, lb, notes)], notes))
    raise _NoRule()


def _power_of_limit(base: sympy.Expr, lb: sympy.Expr, c: sympy.Expr, notes: list[sympy.Expr]) -> sympy.Expr:
    """lim base**c for ``c`` free of s."""
    if lb == sympy.oo:
        return sympy.oo if _sign(c) > 0 else sympy.Integer(0)
    if lb == -sympy.oo:
        if not (c.is_Integer and c != 0):
            raise _NoRule()
        if c < 0:
            return sympy.Integer(0)
        return sympy.oo if c.is_even else -sympy.oo
    if lb.is_positive or (c.is_Integer and c > 0):
        return lb**c
    if lb.is_zero:
        if c.is_Integer and c < 0 and c.is_even:
            return sympy.oo
        if base.is_positive:
            return sympy.Integer(0) if _sign(c) > 0 else sympy.oo
        raise _NoRule()
    if (c.is_Integer or lb.is_nonnegative) and not _is_zero(lb, notes):
        return lb**c
    raise _NoRule()


# ---------------------------------------------------------------- exponentials at infinity (L4)


def exponentials_at_infinity(g: sympy.Expr, x: sympy.Symbol, side: int) -> sympy.Expr | None:
    """The limit as x → ±∞ (``side`` = ±1) of a rational function of exponentials exp(c·x + d) (rule L4).

    None when the expression is not of that form, or the denominator at the
    origin is not provably non-zero for every parameter value.
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
    # SymPy's zero, not Python's: xreplace returns a replacement as it is given, and a
    # numerator that is a lone u would otherwise become the int 0.
    origin = {u: sympy.Integer(0) for u in small}
    try:
        n0, d0 = sympy.sympify(num.xreplace(origin)), sympy.sympify(den.xreplace(origin))
    except (TypeError, ValueError):
        return None
    if any(not p.is_polynomial(*small) for p in (num, den)) or d0.is_zero is not False:
        return None
    value = n0 / d0
    if value.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
        return None
    return sympy.sympify(value)


# ---------------------------------------------------------------- the sign of approach (A1-A3)

#: Steps towards the point (1/h, or h towards infinity) at which A3 is checked.
_STEPS = (10**5, 10**10, 10**15)


def sign_of_approach(
    g: sympy.Expr, x: sympy.Symbol, a: sympy.Expr, direction: str, limit_of: Callable[[], sympy.Expr | None]
) -> int | None:
    """The sign ``g`` keeps on a one-sided neighbourhood of ``a`` (all large ``±x`` at ±∞); None if unknown.

    Args:
        limit_of: the limit of ``g`` there, computed by the caller with these rules (for
            every parameter value); None if unknown. Called only when A1 does not decide.
    Raises:
        DependsOnSign: the sign depends on the sign of a parameter (rule S).
    """
    h = approach(g, x, a, direction)
    if h.is_zero is True:  # A1
        return 0
    if h.is_positive is True:
        return 1
    if h.is_negative is True:
        return -1
    limit = limit_of()
    if limit is None or limit.has(sympy.Limit, sympy.Piecewise, sympy.nan, sympy.zoo):
        return None
    if limit.is_zero is True:
        return _sign_at_zero(g, h, x, a, direction)  # A3
    if limit.is_extended_real is False:
        return None
    try:
        return _sign(limit)  # A2; DependsOnSign where a parameter's sign decides, = 0 included
    except _NoRule:
        return None


def _sign_at_zero(g: sympy.Expr, h: sympy.Expr, x: sympy.Symbol, a: sympy.Expr, direction: str) -> int | None:
    notes: list[sympy.Expr] = []
    try:
        lead = rational_leading(h, notes)
    except (_NoRule, sympy.PolynomialError, TypeError, ValueError):
        lead = None
    params = parameters(g, x, a)
    if lead is not None:
        c, _ = lead
        if not notes and c != 0:
            try:
                return _sign(c)
            except _NoRule:
                pass
    if params:
        # The sign of a parameter may decide the sign of approach, as in x·exp(−t) as
        # t → ∞: split it (rule S), and A1 may then prove each case.
        open_sign = _open_sign_symbols(params)
        if open_sign:
            raise DependsOnSign(open_sign[0])
        return None
    u = sympy.Dummy("u", positive=True)
    try:
        s = _leading_sign(h.subs(_S, 1 / u), u)
    except Exception:  # noqa: BLE001 - any failure of the expansion leaves the sign unknown
        return None
    if s not in (1, -1):
        return None
    return int(s) if _numbers_agree(g, x, a, direction, int(s)) else None


def _numbers_agree(g: sympy.Expr, x: sympy.Symbol, a: sympy.Expr, direction: str, sign: int) -> bool:
    """g has the sign ``sign`` at three points approaching ``a``, each certified by a ball."""
    for n in _STEPS:
        if a == sympy.oo:
            at: sympy.Expr = sympy.Integer(n)
        elif a == -sympy.oo:
            at = -sympy.Integer(n)
        else:
            at = a + (-1 if direction == "-" else 1) * sympy.Rational(1, n)
        try:
            seen = balls.sign(sympy.sympify(g.subs(x, at)))
        except (TypeError, ValueError, ZeroDivisionError, RecursionError):
            return False
        if seen != sign:
            return False
    return True


def has_jumps(g: sympy.Expr, x: sympy.Symbol) -> bool:
    """Whether a ``sign`` or ``Heaviside`` of an argument depending on ``x`` is left in ``g`` (after A1-A3)."""
    return any(x in atom.free_symbols for atom in g.atoms(sympy.sign, sympy.Heaviside))
