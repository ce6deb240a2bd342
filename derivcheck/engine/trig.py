"""Trigonometric identities: the half-angle tangent, and a shifted argument u = c0 + c1·x.

Both rewrite ``d`` into an expression that is zero exactly when ``d`` is, on
the points where the claim has a value; the proof of the rewritten one is the
cheap ladder's (or the whole ladder's) and is given by the caller.

* **Half-angle tangent.** Each trigonometric function of an angle ``w`` is a
  rational function of ``t = tan(w/2)``: ``sin w = 2t/(1 + t²)``,
  ``cos w = (1 − t²)/(1 + t²)``, ``tan w = 2t/(1 − t²)`` (and ``cot``, ``sec``,
  ``csc`` their quotients). An expression built only from numbers, real
  continuous unknowns, ``+ − ×``, integer powers and these functions becomes a
  rational function ``R`` of the unknowns and the ``t``'s, one per distinct
  angle, taken as independent indeterminates: if ``R`` is the zero rational
  function, ``d`` is zero wherever it has a value and every ``t`` is defined.
  The points where some ``t`` is not (``w ≡ π mod 2π``) are covered by
  continuity: each ``w`` is a non-constant polynomial of continuous unknowns,
  so those points have no interior; such an expression is continuous on the
  set where it has a value, which is open, so a value there is the limit of
  values at nearby points where ``d = 0``. Integer unknowns (a whole slice may
  be exceptional) and any other function (``Abs``, ``sqrt``, ``log``) are not
  accepted.
* **Shifted argument.** When every occurrence of a real unknown ``x`` lies in
  one argument ``u = c0 + c1·x`` (``c0``, ``c1`` real, free of ``x``),
  ``d = e(u)`` for ``e`` the expression with ``u`` replaced by a fresh real
  unknown ``U``: ``e`` zero for every real ``U`` gives ``d`` zero. Where ``x``
  also occurs elsewhere and ``c1`` is non-zero by the domains, ``x = (U − c0)/c1``
  is a bijection of the reals and ``d(x) = e(c0 + c1·x)`` with ``e(U) = d((U − c0)/c1)``.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy

from derivcheck.settings import SETTINGS

#: The trigonometric functions, each of an angle w, as rational functions of t = tan(w/2).
TRIG = (sympy.sin, sympy.cos, sympy.tan, sympy.cot, sympy.sec, sympy.csc)


def _half_angle_of(f: sympy.Expr, t: sympy.Expr) -> sympy.Expr:
    one = sympy.Integer(1)
    s, c = 2 * t / (one + t**2), (one - t**2) / (one + t**2)
    return {sympy.sin: s, sympy.cos: c, sympy.tan: s / c, sympy.cot: c / s, sympy.sec: 1 / c, sympy.csc: 1 / s}[
        type(f)
    ]


def _continuous_real(s: sympy.Basic) -> bool:
    return isinstance(s, sympy.Symbol) and bool(s.is_extended_real) and s.is_integer is not True


def _polynomial_angle(w: sympy.Expr) -> bool:
    """A non-constant polynomial of continuous real unknowns with real numeric coefficients."""
    symbols = w.free_symbols
    if not symbols or not all(_continuous_real(s) for s in symbols):
        return False
    try:
        poly = sympy.Poly(w, *sorted(symbols, key=sympy.default_sort_key))
    except sympy.PolynomialError:
        return False
    return all(c.is_number and c.is_extended_real for c in poly.coeffs())


def rational_in_trig(e: sympy.Expr) -> bool:
    """Whether ``e`` is built only from what the half-angle rule accepts (see the module's header)."""
    if e.is_number:
        return bool(e.is_finite is not False)
    if isinstance(e, sympy.Symbol):
        return _continuous_real(e)
    if isinstance(e, (sympy.Add, sympy.Mul)):
        return all(rational_in_trig(a) for a in e.args)
    if isinstance(e, sympy.Pow):
        return bool(e.exp.is_Integer) and rational_in_trig(e.base)
    if isinstance(e, TRIG):
        return _polynomial_angle(e.args[0])
    return False


def half_angle(d: sympy.Expr, zero: Callable[[sympy.Expr], bool]) -> bool:
    """Show ``d = 0`` by the half-angle tangent, the angles as written, else after expanding multiple and sum angles."""
    return _half_angle(d, zero, False) or _half_angle(d, zero, True)


def _half_angle(d: sympy.Expr, zero: Callable[[sympy.Expr], bool], expand: bool) -> bool:
    if not d.has(*TRIG) or sympy.count_ops(d) > SETTINGS.most_trig_ops:
        return False
    if expand:
        d = sympy.expand_trig(d)
        if sympy.count_ops(d) > 4 * SETTINGS.most_trig_ops:
            return False
    if not rational_in_trig(d):
        return False
    angles = sorted({f.args[0] for f in d.atoms(*TRIG) if f.free_symbols}, key=sympy.default_sort_key)
    if len(angles) > SETTINGS.most_trig_angles:
        return False
    mapping: dict[sympy.Expr, sympy.Expr] = {}
    for w in angles:
        t = sympy.Dummy("t", real=True)
        for f in d.atoms(*TRIG):
            if f.args[0] == w:
                mapping[f] = _half_angle_of(f, t)
    return zero(d.xreplace(mapping))


def _linear_parts(u: sympy.Expr, x: sympy.Symbol) -> tuple[sympy.Expr, sympy.Expr] | None:
    """(c0, c1) with u = c0 + c1·x, both free of x and real; None otherwise."""
    c1 = sympy.expand(u).coeff(x, 1)
    c0 = sympy.expand(u - c1 * x)
    if c1 == 0 or x in c1.free_symbols or x in c0.free_symbols:
        return None
    if sympy.expand(c0 + c1 * x - u) != 0:
        return None
    if not (c0.is_extended_real and c1.is_extended_real):
        return None
    if c0 == 0 and c1 == 1:
        return None  # the unknown itself: nothing to substitute
    return c0, c1


def shifted_forms(d: sympy.Expr, symbols: list[sympy.Symbol]) -> list[sympy.Expr]:
    """``d`` with a shifted argument replaced by a fresh real unknown, for each one found (at most a few)."""
    out: list[sympy.Expr] = []
    if not d.has(*TRIG):
        return out  # exp and log of a shifted argument are the exp-rational and log rules' part
    for x in symbols:
        if x not in d.free_symbols or not _continuous_real(x):
            continue
        args = sorted(
            {f.args[0] for f in d.atoms(*TRIG, sympy.exp, sympy.log) if x in f.args[0].free_symbols},
            key=lambda a: (sympy.count_ops(a), sympy.default_sort_key(a)),
        )
        for u in args:
            parts = _linear_parts(u, x)
            if parts is None:
                continue
            c0, c1 = parts
            big_u = sympy.Dummy(f"u_{x.name}", real=True)
            e = d.xreplace({u: big_u})
            if x in e.free_symbols:
                if not c1.is_nonzero:
                    continue
                e = d.xreplace({x: (big_u - c0) / c1})
                e = e.replace(
                    lambda z: isinstance(z, TRIG) or isinstance(z, (sympy.exp, sympy.log)),
                    lambda z: z.func(sympy.expand(sympy.cancel(z.args[0]))),
                )
            out.append(e)
            if len(out) >= SETTINGS.most_shift_candidates:
                return out
    return out
