"""Values of limits: the rules L1-L5, each exact for every value of the parameters.

SymPy's ``limit`` answers for *generic* values of the other symbols: it
simplifies ``x**2/(x**2 + eps)`` to 1 before letting ``eps`` go to 0, which
is wrong at ``x = 0``. A limit value stands in for the limit in a claim only
when it holds for every value of the parameters that the domain allows. The
rules below decide that; each says why it is sound. ``x → a`` from a side is
written ``x = a + s`` or ``x = a − s`` (``x = 1/s`` or ``−1/s`` towards ±∞)
with ``s → 0+``, so that one evaluator serves every kind of point.

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

A coefficient that may vanish is noted (rules L2, L5), and the case split over
its zeros is rule C (:mod:`derivcheck.kernel.limit_cases`); where a sign
decides, rule S.
"""

from __future__ import annotations

from typing import Any, Iterable

import sympy

from derivcheck.kernel.limit_cases import DependsOnSign


#: The variable that tends to 0 from the right in every rule.
SMALL = sympy.Dummy("s", positive=True)


class HeldLimit(sympy.Limit):  # type: ignore[misc]
    """A limit left unevaluated because no rule established its value.

    ``doit`` keeps it as it is: SymPy's own evaluation, which ``simplify``
    reaches even with ``doit=False``, would bring back the generic answer
    that the rules withheld.
    """

    def doit(self, **hints: Any) -> sympy.Expr:
        return self


class NoRule(Exception):
    """No rule of this module applies: the caller must not supply a generic value."""


def parameters(f: sympy.Expr, x: sympy.Symbol, a: sympy.Expr) -> list[sympy.Symbol]:
    """The free symbols of the limit other than its variable, by name."""
    syms = (f.free_symbols | sympy.sympify(a).free_symbols) - {x}
    return sorted((s for s in syms if isinstance(s, sympy.Symbol)), key=lambda s: s.name)


def approach(f: sympy.Expr, x: sympy.Symbol, a: sympy.Expr, direction: str) -> sympy.Expr:
    """``f`` with ``x = a ± s`` (``±1/s`` at ±∞): the limit is then the one as s → 0+."""
    if a == sympy.oo:
        at: sympy.Expr = 1 / SMALL
    elif a == -sympy.oo:
        at = -1 / SMALL
    else:
        at = a - SMALL if direction == "-" else a + SMALL
    return sympy.sympify(f).subs(x, at)


def is_zero_noted(c: sympy.Expr, notes: list[sympy.Expr]) -> bool:
    """Whether the ``s``-free ``c`` is zero; a ``c`` zero only for some parameter values is noted (rule C)."""
    if c.is_zero is True:
        return True
    if c.is_zero is False:
        return False
    if sympy.expand(sympy.together(c)) == 0:
        return True
    notes.append(c)
    return False


def known_sign(c: sympy.Expr) -> int:
    """The sign of a non-zero ``s``-free value; DependsOnSign when a parameter decides it (rule S)."""
    if c.is_extended_positive:
        return 1
    if c.is_extended_negative:
        return -1
    open_signs = open_sign_symbols(c.free_symbols)
    if open_signs:
        raise DependsOnSign(open_signs[0])
    raise NoRule()


def open_sign_symbols(symbols: Iterable[sympy.Basic]) -> list[sympy.Symbol]:
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

    ``c`` is 0 when the numerator is identically zero. Raises NoRule when the
    denominator is identically zero (``h`` has no value anywhere).
    """
    if not h.is_rational_function(SMALL):
        return None
    num, den = sympy.fraction(sympy.together(h))
    n = sympy.Poly(sympy.expand(num), SMALL).all_coeffs()[::-1]
    d = sympy.Poly(sympy.expand(den), SMALL).all_coeffs()[::-1]
    j = next((k for k, c in enumerate(d) if not is_zero_noted(c, notes)), None)
    if j is None:
        raise NoRule()
    i = next((k for k, c in enumerate(n) if not is_zero_noted(c, notes)), None)
    if i is None:
        return sympy.Integer(0), 0
    return sympy.cancel(n[i] / d[j]), i - j


#: How many Taylor coefficients rule L5 looks at.
_TAYLOR_ORDER = 4


_ENTIRE = (sympy.exp, sympy.sin, sympy.cos, sympy.sinh, sympy.cosh, sympy.erf)


_REAL_ANALYTIC = (sympy.atan, sympy.tanh)


def analytic_at_zero(e: sympy.Expr) -> bool:
    """Whether ``e`` is analytic in ``s`` at 0 for every parameter value (real parameters), by its form."""
    if SMALL not in e.free_symbols:
        return True
    if e == SMALL:
        return True
    if isinstance(e, (sympy.Add, sympy.Mul)):
        return all(analytic_at_zero(t) for t in e.args)
    if isinstance(e, sympy.Pow):
        base, c = e.args
        if not (analytic_at_zero(base) and analytic_at_zero(c)):
            return False
        at = base.subs(SMALL, 0)
        if c.is_Integer and SMALL not in c.free_symbols:
            return bool(c >= 0 or at.is_zero is False)
        return bool(at.is_positive)
    if isinstance(e, _ENTIRE):
        return analytic_at_zero(e.args[0])
    if isinstance(e, _REAL_ANALYTIC):
        return analytic_at_zero(e.args[0]) and e.args[0].is_extended_real is True
    if isinstance(e, sympy.log):
        return analytic_at_zero(e.args[0]) and bool(e.args[0].subs(SMALL, 0).is_positive)
    return False


def _taylor_leading(e: sympy.Expr, notes: list[sympy.Expr]) -> tuple[sympy.Expr, int] | None:
    """``(c, i)`` with ``e = c·s**i + O(s**(i+1))`` for an analytic ``e``; (0, 0) if no term is seen."""
    d = e
    for i in range(_TAYLOR_ORDER + 1):
        c = sympy.sympify(d.subs(SMALL, 0)) / sympy.factorial(i)
        if c.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
            return None
        if not is_zero_noted(c, notes):
            return c, i
        d = sympy.diff(d, SMALL)
    return None


def limit_value(h: sympy.Expr, notes: list[sympy.Expr]) -> sympy.Expr:
    """The limit of ``h`` as s → 0+, for generic parameters (the zero tests assumed are noted)."""
    if SMALL not in h.free_symbols:
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
        return known_sign(c) * sympy.oo
    if isinstance(h, sympy.Add):
        return _add([limit_value(t, notes) for t in h.args])
    if isinstance(h, sympy.Mul):
        return _mul([limit_value(t, notes) for t in h.args], notes)
    if isinstance(h, sympy.Pow):
        return _pow(h, notes)
    if isinstance(h, sympy.exp):
        return _exp(limit_value(h.args[0], notes))
    if isinstance(h, sympy.log):
        return _log(h.args[0], limit_value(h.args[0], notes), notes)
    if isinstance(h, (sympy.sin, sympy.cos)):
        inner = limit_value(h.args[0], notes)
        if _infinite(inner):
            raise NoRule()
        return h.func(inner)
    if isinstance(h, (sympy.atan, sympy.tanh, sympy.erf, sympy.sinh, sympy.cosh, sympy.Abs)):
        inner = limit_value(h.args[0], notes)
        if not _infinite(inner):
            if isinstance(h, (sympy.atan, sympy.tanh)) and inner.is_extended_real is not True:
                raise NoRule()  # continuous on the real line; branch cuts and poles off it
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
    raise NoRule()


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
        raise NoRule()  # ∞ − ∞
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
        elif is_zero_noted(v, notes):
            raise NoRule()  # 0·∞
        else:
            sign *= known_sign(v)
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
        raise NoRule()
    if inner.is_positive:
        return sympy.log(inner)
    if inner.is_nonnegative and not is_zero_noted(inner, notes):
        return sympy.log(inner)
    if inner.is_zero and u.is_positive:
        return -sympy.oo
    raise NoRule()


def _pow(h: sympy.Pow, notes: list[sympy.Expr]) -> sympy.Expr:
    base, e = h.args
    lb = limit_value(base, notes)
    if SMALL not in e.free_symbols:
        return _power_of_limit(base, lb, e, notes)
    le = limit_value(e, notes)
    if not _infinite(lb) and _infinite(le) and sympy.expand(lb - 1) == 0:
        return _exp(limit_value(e * (base - 1), notes))  # 1**∞
    if base.is_positive or lb == sympy.oo or (not _infinite(lb) and lb.is_positive):
        return _exp(_mul([le, _log(base, lb, notes)], notes))
    raise NoRule()


def _power_of_limit(base: sympy.Expr, lb: sympy.Expr, c: sympy.Expr, notes: list[sympy.Expr]) -> sympy.Expr:
    """lim base**c for ``c`` free of s."""
    if lb == sympy.oo:
        return sympy.oo if known_sign(c) > 0 else sympy.Integer(0)
    if lb == -sympy.oo:
        if not (c.is_Integer and c != 0):
            raise NoRule()
        if c < 0:
            return sympy.Integer(0)
        return sympy.oo if c.is_even else -sympy.oo
    if lb.is_positive or (c.is_Integer and c > 0):
        return lb**c
    if lb.is_zero:
        if c.is_Integer and c < 0 and c.is_even:
            return sympy.oo
        if base.is_positive:
            return sympy.Integer(0) if known_sign(c) > 0 else sympy.oo
        raise NoRule()
    if (c.is_Integer or lb.is_nonnegative) and not is_zero_noted(lb, notes):
        return lb**c
    raise NoRule()


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
