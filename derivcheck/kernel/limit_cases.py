"""Case splits: the rules that split a limit over the values of its parameters.

The rules that give values are in :mod:`derivcheck.kernel.limit_values`;
:func:`derivcheck.kernel.limits.exact_limit` applies rule C to their noted coefficients.

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
"""

from __future__ import annotations

import sympy

from derivcheck.kernel.values import NoLimit


class DependsOnSign(Exception):
    """The value depends on the sign of ``symbol``: split it into > 0, < 0 and = 0 (rule S)."""

    def __init__(self, symbol: sympy.Symbol) -> None:
        super().__init__(str(symbol))
        self.symbol = symbol


def two_sided(right: sympy.Expr, left: sympy.Expr) -> sympy.Expr | None:
    """The two-sided limit from one-sided values with parameters (rule C2); None if not decided.

    The limit exists exactly where ``right = left``. When that set is a finite set
    of points (rule C on ``right − left``), it is the value there and a
    :class:`NoLimit` elsewhere.
    """
    values = (right, left)
    if any(v.has(sympy.Limit, sympy.Piecewise, NoLimit, sympy.oo, -sympy.oo, sympy.zoo, sympy.nan) for v in values):
        return None
    points = exceptional_points([right - left])
    if points is None:
        return None
    branches: list[tuple[sympy.Expr, sympy.Basic]] = []
    for symbol, root in points:
        r, l = right.subs(symbol, root), left.subs(symbol, root)
        if not same_value(r, l):
            return None  # a root of a denominator: not a point where the sides meet
        branches.append((r, sympy.Eq(symbol, root)))
    return sympy.Piecewise(*branches, (NoLimit(right, left), True))


def exceptional_points(notes: list[sympy.Expr]) -> list[tuple[sympy.Symbol, sympy.Expr]] | None:
    """Every ``(p, r)`` where a noted coefficient may vanish or be undefined (rule C).

    None when that set is not finite, or when SymPy cannot factor a coefficient
    or find its roots: no rule then says where the generic value fails.
    """
    try:
        return _exceptional_points(notes)
    except (TypeError, ValueError, NotImplementedError, sympy.PolynomialError):
        return None


def _exceptional_points(notes: list[sympy.Expr]) -> list[tuple[sympy.Symbol, sympy.Expr]] | None:
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


def same_value(u: sympy.Expr, v: sympy.Expr) -> bool:
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
