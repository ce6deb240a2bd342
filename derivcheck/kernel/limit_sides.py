"""The side a piecewise atom takes near the point (:func:`sign_of_approach`).
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

from typing import Callable

import sympy
from sympy.series.gruntz import sign as _leading_sign

from derivcheck.kernel import balls
from derivcheck.kernel.limit_cases import DependsOnSign
from derivcheck.kernel.limit_values import SMALL, NoRule, approach, known_sign, open_sign_symbols, parameters, rational_leading


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
        return known_sign(limit)  # A2; DependsOnSign where a parameter's sign decides, = 0 included
    except NoRule:
        return None


def _sign_at_zero(g: sympy.Expr, h: sympy.Expr, x: sympy.Symbol, a: sympy.Expr, direction: str) -> int | None:
    notes: list[sympy.Expr] = []
    try:
        lead = rational_leading(h, notes)
    except (NoRule, sympy.PolynomialError, TypeError, ValueError):
        lead = None
    params = parameters(g, x, a)
    if lead is not None:
        c, _ = lead
        if not notes and c != 0:
            try:
                return known_sign(c)
            except NoRule:
                pass
    if params:
        # The sign of a parameter may decide the sign of approach, as in x·exp(−t) as
        # t → ∞: split it (rule S), and A1 may then prove each case.
        open_sign = open_sign_symbols(params)
        if open_sign:
            raise DependsOnSign(open_sign[0])
        return None
    u = sympy.Dummy("u", positive=True)
    try:
        s = _leading_sign(h.subs(SMALL, 1 / u), u)
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
