"""When a closed form of a Sum or a Product may stand for its value.

The claim language (``docs/claim-format.md``) says ``Sum(f, (k, a, b))`` is the
sum over k = a, a+1, …, b: **empty (0) when b < a**, and ``Product`` is then 1.
SymPy's ``summation``/``product`` follow Karr's convention instead, where
``Sum(f, (k, a, b)) = -Sum(f, (k, b + 1, a - 1))`` for b < a − 1: its closed
form ``n*(n + 1)/2`` of ``Sum(k, (k, 1, n))`` is 3 at n = −3, where the
documented value is 0. SymPy proposes the closed form; these rules say where
it may be used, and the value elsewhere.

Rules, each with why it is sound:

S1. **Integer ends.** A closed form is used only when both ends are integers
    (or ±∞). The terms are then exactly k = a, a+1, …, b; with a non-integer
    end, SymPy's polynomial in b is not the sum up to ⌊b⌋ (Σ_{k=1}^{3/2} k is
    1, not 15/8), and the index is an integer symbol, which SymPy may use to
    rewrite the summand. Otherwise the Sum stays unevaluated (no value claimed).

S2. **Non-empty range, b ≥ a.** There Karr's sum is the ordinary sum of the
    terms, so SymPy's closed form is the documented value.

S3. **Just empty, b = a − 1.** Karr's convention gives the empty value there
    too (``Sum(f, (k, a, a - 1))`` is 0, ``Product`` 1), but SymPy's *formula*
    need not take it: when the summand depends on the ends it is simplified
    for non-empty ranges (Σ_{k=1}^{n} 1/n comes back as 1, which is 1 at
    n = 0, where the empty sum is 0; Σ_{k=0}^{n} C(n, k) as 2ⁿ). So the closed
    form is used at b = a − 1 only when putting b = a − 1 into it (solving for
    one symbol that b − a + 1 is linear in, with a constant coefficient) gives
    the empty value exactly; otherwise only for b ≥ a.

S4. **Further empty, the rest.** Wherever the closed form is not used by S2
    or S3 (b < a − 1, or b < a), the value is the empty value itself: that is
    the definition, whatever the summand.

S5. **Enclosing indices.** Inside a Sum or Product over j from c to d, every
    term has c ≤ j ≤ d (an empty outer range has no terms, so nothing inside
    matters). A condition on j is decided by writing j = c + u or j = d − u
    with u a nonnegative integer: true (false) for every such u is true
    (false) for every term.

The value is written ``Piecewise((closed, range condition), (empty, True))``:
SymPy folds it when the assumptions decide the condition (n a positive
integer), and the case splits and the numeric screen see the documented value
on the rest of the domain.
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy

#: An enclosing index with its range: (j, c, d).
Enclosing = tuple[sympy.Symbol, sympy.Expr, sympy.Expr]


def empty_value(kind: type) -> sympy.Integer:
    """0 for an empty Sum, 1 for an empty Product (the contract's definition)."""
    return sympy.Integer(0) if kind is sympy.Sum else sympy.Integer(1)


def integer_ends(a: sympy.Expr, b: sympy.Expr) -> bool:
    """Rule S1: both ends are integers or infinite, and not both on the same infinite side."""
    if a == sympy.oo or b == -sympy.oo:
        return False
    return all(e.is_integer is True or e in (sympy.oo, -sympy.oo) for e in (a, b))


def decide(cond: sympy.Basic, enclosing: Sequence[Enclosing] = ()) -> sympy.Basic:
    """``cond`` as SymPy evaluates it, or ``true``/``false`` when rule S5 decides it."""
    if cond in (sympy.true, sympy.false):
        return cond
    for j, c, d in reversed(enclosing):
        if j not in cond.free_symbols:
            continue
        u = sympy.Dummy("u", integer=True, nonnegative=True)
        for end, sign in ((c, 1), (d, -1)):
            if end.is_integer is not True:
                continue  # an infinite end: j = ±∞ ∓ u is not a term
            try:
                truth = cond.xreplace({j: end + sign * u})
            except (TypeError, ValueError):
                continue
            if truth in (sympy.true, sympy.false):
                return truth
    return cond


def nonempty(a: sympy.Expr, b: sympy.Expr, enclosing: Sequence[Enclosing] = ()) -> sympy.Basic:
    """The condition b ≥ a (rule S2), decided where the assumptions or rule S5 can."""
    return _relation(b - a, enclosing)


def closed_form_value(
    kind: type,
    closed: sympy.Expr,
    a: sympy.Expr,
    b: sympy.Expr,
    enclosing: Sequence[Enclosing] = (),
) -> sympy.Expr | None:
    """The documented value of a Sum or Product over (k, a, b) given SymPy's closed form.

    ``None`` when the closed form may not be used at all (rule S1, or a closed
    form that is not a value: an oscillation or nan); otherwise the closed form
    where rules S2/S3 allow it and the empty value elsewhere (rule S4).
    """
    if not integer_ends(a, b) or not isinstance(closed, sympy.Expr):
        return None
    if closed.has(sympy.AccumBounds, sympy.nan):
        return None
    empty = empty_value(kind)
    where = nonempty(a, b, enclosing)
    if where is sympy.false:
        return empty
    if where is not sympy.true and _empty_at_just_empty(closed, a, b, empty):
        where = _relation(b - a + 1, enclosing)
    if where is sympy.true:
        return closed
    if where is sympy.false:
        return empty
    if not isinstance(where, sympy.core.relational.Relational):
        return None
    return sympy.Piecewise((closed, where), (empty, True))


def _relation(gap: sympy.Expr, enclosing: Sequence[Enclosing]) -> sympy.Basic:
    if gap in (sympy.oo, -sympy.oo) or gap.is_infinite:
        return sympy.true if gap == sympy.oo else sympy.false
    try:
        return decide(sympy.Ge(gap, 0), enclosing)
    except TypeError:
        return sympy.false if gap.has(sympy.nan) else sympy.Ge(gap, 0, evaluate=False)


def _empty_at_just_empty(closed: sympy.Expr, a: sympy.Expr, b: sympy.Expr, empty: sympy.Expr) -> bool:
    """Rule S3: the closed form is exactly the empty value wherever b = a − 1."""
    gap = sympy.expand(b - a + 1)
    for s in sorted(gap.free_symbols, key=lambda z: z.name):
        poly = gap.as_poly(s)
        if poly is None or poly.degree() != 1:
            continue
        slope, rest = poly.all_coeffs()
        if not slope.is_number or slope == 0:
            continue
        at = closed.subs(s, -rest / slope)
        if at.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
            return False
        return _exactly(at, empty)
    return False


def _exactly(x: sympy.Expr, y: sympy.Expr) -> bool:
    """True when a cheap exact rewriting shows x = y (False says nothing)."""
    d = sympy.piecewise_fold(x - y)
    parts = [e for e, _ in d.args] if isinstance(d, sympy.Piecewise) else [d]
    for p in parts:
        if p == 0:
            continue
        try:
            if sympy.cancel(sympy.together(sympy.expand(p))) != 0:
                return False
        except (TypeError, ValueError, sympy.PolynomialError):
            return False
    return True
