"""Calculus inequalities: tangent lines of log and exp, and critical points in one variable.

Both strategies show ``d > 0`` or ``d >= 0`` on the domain and answer True only
when they have shown it. The sub-goals they create are handed to ``prove``,
the sign ladder one level deeper (a callback: the ladder lives in
``strategies.py``, which lists these strategies).

**Tangent lines.** Each term ``c·log(g)`` or ``c·exp(g)`` of a sum is replaced
by a lower bound, from the tangent lines of a concave or convex function:
``log g ≤ g − 1`` and ``log g ≥ 1 − 1/g`` (for g > 0), ``exp g ≥ 1 + g`` (g
real). A term with ``c ≥ 0`` gets the lower tangent, with ``c ≤ 0`` the upper
one; ``c``'s sign and ``g > 0`` are sub-goals. A term ``c·sin(g)`` or
``c·cos(g)`` (g real) is bounded below by ``−|c|``, as ``|sin|, |cos| ≤ 1``. If the sum of the bounds is
shown positive (non-negative), so is ``d``: it is at least that sum. This is
``log t ≤ t − 1`` applied term by term, which proves the Bernoulli and the
Gaussian KL ≥ 0. With logs combined first (``logcombine``, only where SymPy's
assumptions allow) ``log(s2) − log(s1)`` is bounded as ``log(s2/s1)``.

**Exponentiating.** ``log(A) + R ≥ 0`` exactly when ``A ≥ exp(−R)`` (and
``R − log(A) ≥ 0`` when ``exp(R) ≥ A``), for ``A > 0`` (a sub-goal) and ``R``
real: ``exp`` is strictly increasing on the reals and ``exp(log A) = A``.

**Critical points.** For ``f`` in one unknown ``x`` on an interval (cut first
where an ``Abs``, ``Max`` or ``Min`` of a linear argument switches branch, each
piece analysed with the atom replaced by its branch), continuous
with a continuous ``f'`` inside it (the kernel's rule I2, :func:`singular_points`):

1. the zeros of ``f'`` inside the interval are found *exactly*: the real roots
   of the numerator of ``f'`` when it is a polynomial with rational
   coefficients (all of them: ``real_roots`` isolates every real root), or of
   ``P`` when the numerator is ``P(exp(x))`` (roots ``r > 0``, ``x = log r``)
   or ``P(log(x))`` (``x = exp(r)``); between consecutive zeros ``f'`` keeps
   one sign, read at one rational point by the kernel's balls, so ``f`` is
   strictly monotone on each piece and its infimum there is its value at a
   zero or a closed end, or its limit at an open end (taken only by the
   kernel's limit rules, :func:`exact_limit`). ``f ≥ 0`` follows when all
   those values are ≥ 0 (for ``f > 0``: values at attained points > 0, limits ≥ 0);
2. or, with no exact zeros, ``f' ≥ 0`` (``f' ≤ 0``) on the whole interval is a
   sub-goal: then ``f`` is non-decreasing (non-increasing) and its infimum is
   at the left (right) end. Chained, this proves ``x − x³/6 ≤ sin x`` for
   ``x ≥ 0`` through ``f'''  = 1 − cos x ≥ 0``.

Every value's sign is the kernel's (:func:`derivcheck.kernel.balls.sign`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import sympy

from derivcheck.kernel import balls, monotone
from derivcheck.kernel.integrals import singular_points
from derivcheck.kernel.limit_cases import DependsOnSign
from derivcheck.kernel.limits import exact_limit
from derivcheck.kernel.primitives import (
    branch,
    branching_atoms,
    continuous_atoms,
    switch,
)
from derivcheck.problem import Variable
from derivcheck.settings import SETTINGS

#: The sign ladder one level deeper: ``prove(e, strict)`` is True when ``e > 0`` (``e >= 0``) is shown.
Prove = Callable[[sympy.Expr, bool], bool]


@dataclass(frozen=True)
class Ladder:
    """The sign ladder one level deeper (``prove``), the depth the strategy runs at, and the
    sub-goals spent so far along this chain of strategies (shared by the levels below)."""

    prove: Prove
    depth: int
    spent: list[int]

    def ask(self, e: sympy.Expr, strict: bool) -> bool:
        """``prove``, while the chain's budget of sub-goals lasts (counted, so deterministic)."""
        if self.spent[0] >= SETTINGS.inequality_subgoals:
            return False
        self.spent[0] += 1
        return self.prove(e, strict)

Interval = tuple[sympy.Expr, sympy.Expr, bool, bool]  # lo, hi, lo_open, hi_open


# ---------------------------------------------------------------------------
# Tangent lines, and exponentiating
# ---------------------------------------------------------------------------


def tangent_lines(d: sympy.Expr, strict: bool, ladder: Ladder) -> bool:
    """True if the tangent-line bounds of d's log and exp terms, or exponentiating, show the sign."""
    prove = ladder.ask
    if not d.has(sympy.log, sympy.exp, sympy.sin, sympy.cos) or sympy.count_ops(d) > SETTINGS.tangent_max_ops:
        return False
    forms = [d]
    combined = sympy.logcombine(d, force=False)
    if combined != d:
        forms.append(combined)
    # Exponentiating first: it is an equivalence, where a bound loses what the claim has to
    # spare, and a bound that fails can spend the sub-goals exponentiating needs.
    if _exponentiated(d, strict, prove):
        return True
    for form in forms:
        bound = _lower_bound(form, prove)
        if bound is not None and prove(bound, strict):
            return True
    return any(_exponentiated(form, strict, prove) for form in forms[1:])


def _variable_atom(f: sympy.Expr) -> bool:
    return isinstance(f, (sympy.log, sympy.exp, sympy.sin, sympy.cos)) and bool(f.free_symbols)


def _lower_bound(d: sympy.Expr, prove: Prove) -> sympy.Expr | None:
    """A lower bound of d, term by term; None if no term could be bounded."""
    out: list[sympy.Expr] = []
    bounded = False
    for term in sympy.Add.make_args(d):
        atoms = [f for f in sympy.Mul.make_args(term) if _variable_atom(f)]
        if len(atoms) != 1:
            out.append(term)
            continue
        (h,) = atoms
        c = sympy.cancel(term / h)
        below = _term_bound(h, c, prove)
        if below is None:
            out.append(term)
        else:
            out.append(below)
            bounded = True
    return sympy.Add(*out) if bounded else None


def _term_bound(h: sympy.Expr, c: sympy.Expr, prove: Prove) -> sympy.Expr | None:
    """A lower bound of c·h for h = log(g) or exp(g), from a tangent line; None if none applies."""
    (g,) = h.args
    if c.has(sympy.log, sympy.exp) and c.free_symbols:
        return None  # the coefficient's sign would be a claim as hard as the term
    nonneg = prove(c, False)
    nonpos = not nonneg and prove(-c, False)
    if not (nonneg or nonpos):
        return None
    if isinstance(h, (sympy.sin, sympy.cos)):
        # -1 <= sin g, cos g <= 1 for real g: the bound is -|c|.
        return (-c if nonneg else c) if monotone.real_by_assumptions(g) else None
    if isinstance(h, sympy.log):
        if not prove(g, True):
            return None
        return c * (1 - 1 / g) if nonneg else c * (g - 1)
    if nonneg and monotone.real_by_assumptions(g):
        return c * (1 + g)
    return None


def _exponentiated(d: sympy.Expr, strict: bool, prove: Prove) -> bool:
    """log(A) + R >= 0 iff A >= exp(-R); R - log(A) >= 0 iff exp(R) >= A (A > 0, R real)."""
    terms = sympy.Add.make_args(d)
    logs = [t for t in terms if isinstance(t, sympy.log) and t.free_symbols]
    negs = [t for t in terms if isinstance(-t, sympy.log) and (-t).free_symbols]
    if len(logs) + len(negs) != 1:
        return False
    one = (logs or negs)[0]
    rest = sympy.Add(*[t for t in terms if t is not one])
    if any(_variable_atom(f) and isinstance(f, sympy.log) for f in sympy.preorder_traversal(rest)):
        return False
    if not monotone.real_by_assumptions(rest):
        return False
    a = (one if logs else -one).args[0]
    if not prove(a, True):
        return False
    inner = a - sympy.exp(-rest) if logs else sympy.exp(rest) - a
    return prove(inner, strict)


# ---------------------------------------------------------------------------
# Critical points
# ---------------------------------------------------------------------------


def interval_of(x: sympy.Symbol, variables: Sequence[Variable]) -> Interval:
    """The interval of x: its declared domain, narrowed by its SymPy assumptions."""
    lo, hi, lo_open, hi_open = -sympy.oo, sympy.oo, True, True
    for v in variables:
        if v.symbol == x:
            lo, hi, lo_open, hi_open = v.lo, v.hi, v.lo_open, v.hi_open
    if x.is_positive and not (lo.is_nonnegative and (lo.is_positive or lo_open)):
        lo, lo_open = sympy.Integer(0), True
    elif x.is_nonnegative and not lo.is_nonnegative:
        lo, lo_open = sympy.Integer(0), False
    if x.is_negative and not (hi.is_nonpositive and (hi.is_negative or hi_open)):
        hi, hi_open = sympy.Integer(0), True
    elif x.is_nonpositive and not hi.is_nonpositive:
        hi, hi_open = sympy.Integer(0), False
    return lo, hi, lo_open, hi_open


def critical_points(d: sympy.Expr, variables: Sequence[Variable], strict: bool, ladder: Ladder) -> bool:
    """True if the analysis of d's critical points (see the module) shows d > 0 (d >= 0)."""
    free = d.free_symbols
    if len(free) != 1 or sympy.count_ops(d) > SETTINGS.critical_max_ops:
        return False
    (x,) = free
    if not isinstance(x, sympy.Symbol) or x.is_real is not True or x.is_integer:
        return False
    span = interval_of(x, variables)
    pieces = _unbranched(d, x, span)
    if pieces is None:
        return False
    if x.is_zero is False:
        pieces = [part for f, piece in pieces for part in _without_zero(f, piece)]
    if len(pieces) > 1:
        return all(_on_interval(f, x, piece, strict, None) for f, piece in pieces)
    # f' >= 0 on the whole domain as a sub-goal: a chain of derivatives, a few deep.
    deep_enough = ladder.depth < SETTINGS.critical_chain
    return _on_interval(d, x, span, strict, ladder.ask if deep_enough else None)


def _without_zero(f: sympy.Expr, span: Interval) -> list[tuple[sympy.Expr, Interval]]:
    """A piece of the domain of a nonzero unknown, cut open at 0 when 0 lies inside it:
    the point the domain leaves out is no minimum (``exp(x) > 1 + x`` off 0)."""
    lo, hi, lo_open, hi_open = span
    inside = (lo == -sympy.oo or balls.sign(lo) == -1) and (hi == sympy.oo or balls.sign(hi) == 1)
    if not inside:
        return [(f, span)]
    zero = sympy.Integer(0)
    return [(f, (lo, zero, lo_open, True)), (f, (zero, hi, True, hi_open))]


def _on_interval(d: sympy.Expr, x: sympy.Symbol, span: Interval, strict: bool, prove: Prove | None) -> bool:
    """Critical points of d on one interval; ``prove`` (for the whole domain) when d's zeros are not exact."""
    lo, hi, lo_open, hi_open = span
    fp = sympy.together(sympy.diff(d, x))
    if not _smooth(d, fp, x, span):
        return False
    zeros = _exact_zeros(fp, x, span)
    if zeros is not None:
        return _pieces(d, fp, x, span, zeros, strict)
    if prove is None or sympy.count_ops(fp) > SETTINGS.critical_chain_ops:
        return False
    seen = _seen_sign(fp, x, span)
    # Only non-decreasing (not strictly): for a strict claim the infimum must itself be > 0.
    if seen == 1 and prove(fp, False):
        return _end_value(d, x, lo, not lo_open, "+", strict, attained=True)
    if seen == -1 and prove(-fp, False):
        return _end_value(d, x, hi, not hi_open, "-", strict, attained=True)
    return False


def _seen_sign(fp: sympy.Expr, x: sympy.Symbol, span: Interval) -> int | None:
    """The one sign f' shows at a few rational points of the interval, or None (two signs
    seen: f is not monotone, and trying to prove it so would be wasted effort). A filter only."""
    lo, hi, _, _ = span
    middle = _rational_between(lo, hi)
    if middle is None:
        return None
    seen: set[int] = set()
    for p, q in ((lo, middle), (middle, middle), (middle, hi)):
        m = middle if p == q else _rational_between(p, q)
        s = balls.sign(fp.subs(x, m)) if m is not None else None
        if s is not None and s != 0:
            seen.add(s)
    return seen.pop() if len(seen) == 1 else None


def _unbranched(d: sympy.Expr, x: sympy.Symbol, span: Interval) -> list[tuple[sympy.Expr, Interval]] | None:
    """d on the pieces of the interval cut where a continuous piecewise atom (Abs, Max, Min)
    of a linear argument switches branch, each atom replaced by its branch there.

    The branches of a continuous atom agree at the cut, so each piece may be
    closed there. None for a jump (sign, Heaviside), a nested atom, or a switch
    that is not linear with rational coefficients.
    """
    atoms = d.atoms(*branching_atoms())
    if not atoms:
        return [(d, span)]
    lo, hi, lo_open, hi_open = span
    cuts: list[sympy.Expr] = []
    for a in atoms:
        g = switch(a)
        if type(a) not in continuous_atoms() or g is None or any(b.atoms(*branching_atoms()) for b in a.args):
            return None
        try:
            poly = sympy.Poly(g, x)
        except (sympy.PolynomialError, TypeError, ValueError):
            return None
        if poly.degree() != 1 or not (poly.domain.is_ZZ or poly.domain.is_QQ):
            return None
        c = -poly.all_coeffs()[1] / poly.all_coeffs()[0]
        above = sympy.Integer(1) if lo == -sympy.oo else balls.sign(c - lo)
        below = sympy.Integer(1) if hi == sympy.oo else balls.sign(hi - c)
        if above is None or below is None:
            return None  # where the cut lies decides the branches: it must be known
        if above == 1 and below == 1 and c not in cuts:
            cuts.append(c)
    if len(cuts) > SETTINGS.critical_most_cuts:
        return None
    ends = [lo, *sorted(cuts), hi]
    out = []
    for i, (p, q) in enumerate(zip(ends, ends[1:], strict=False)):
        m = _rational_between(p, q)
        if m is None:
            return None
        chosen = {}
        for a in atoms:
            g = switch(a)
            s = balls.sign(g.subs(x, m)) if g is not None else None
            b = branch(a, s) if s is not None else None
            if b is None:
                return None
            chosen[a] = b
        piece = (p, q, lo_open if i == 0 else False, hi_open if i == len(ends) - 2 else False)
        out.append((d.xreplace(chosen), piece))
    return out


def _smooth(f: sympy.Expr, fp: sympy.Expr, x: sympy.Symbol, span: Interval) -> bool:
    """f and f' finite and continuous on the interval (closed ends included), by rule I2."""
    lo, hi, lo_open, hi_open = span
    for g in (f, fp):
        found = singular_points(g, x, lo, hi, steps_ok=False)
        if found.doubt is not None:
            return False
        for p in found.points:
            if not ((lo_open and _equal(p, lo)) or (hi_open and _equal(p, hi))):
                return False
    return True


def _equal(a: sympy.Expr, b: sympy.Expr) -> bool:
    return bool(a == b) or (a.is_finite is True and b.is_finite is True and balls.sign(a - b) == 0)


def _exact_zeros(fp: sympy.Expr, x: sympy.Symbol, span: Interval) -> list[sympy.Expr] | None:
    """Every zero of f' inside the open interval, in increasing order; None if they cannot be found exactly."""
    num, _ = sympy.fraction(fp)
    num = sympy.expand(_without_exp_factors(num))
    candidates = _polynomial_roots(num, x)
    if candidates is None:
        candidates = _atom_roots(num, x, span)
    if candidates is None:
        return None
    lo, hi, _, _ = span
    inside = []
    for r in candidates:
        above = lo == -sympy.oo or balls.sign(r - lo) == 1
        below = hi == sympy.oo or balls.sign(hi - r) == 1
        at_end = (lo != -sympy.oo and balls.sign(r - lo) == 0) or (hi != sympy.oo and balls.sign(hi - r) == 0)
        if above and below:
            inside.append(r)
        elif not at_end and not (
            (lo != -sympy.oo and balls.sign(r - lo) == -1) or (hi != sympy.oo and balls.sign(hi - r) == -1)
        ):
            return None  # a root whose place against the interval the balls cannot tell
    return inside


def _without_exp_factors(num: sympy.Expr) -> sympy.Expr:
    """``num`` without its factors ``exp(g)``, g real: they are positive, so the zeros stay
    the same (``x·exp(x)`` has the one zero 0, which ``_atom_roots`` cannot read in it)."""
    factors = sympy.Mul.make_args(sympy.factor_terms(num))
    kept = [f for f in factors if not (isinstance(f, sympy.exp) and monotone.real_by_assumptions(f.args[0]))]
    return sympy.Mul(*kept) if len(kept) < len(factors) else num


def _polynomial_roots(num: sympy.Expr, x: sympy.Symbol) -> list[sympy.Expr] | None:
    """Every real root of a polynomial: by ``real_roots`` for rational coefficients, in closed
    form for degree 1 or 2 with constant real coefficients (the discriminant's sign from the balls)."""
    try:
        poly = sympy.Poly(num, x)
    except (sympy.PolynomialError, TypeError, ValueError):
        return None
    if poly.degree() > SETTINGS.critical_max_degree or poly.is_zero:
        return None  # f' = 0: f is constant, which the other strategies see
    if poly.domain.is_ZZ or poly.domain.is_QQ:
        return sorted(set(sympy.real_roots(poly)), key=lambda r: sympy.N(r, 30))
    coeffs = poly.all_coeffs()
    if any(not (c.is_number and c.is_real) or c.has(sympy.I) for c in coeffs) or balls.sign(coeffs[0]) not in (1, -1):
        return None
    if poly.degree() == 1:
        return [-coeffs[1] / coeffs[0]]
    if poly.degree() != 2:
        return None
    a, b, c = coeffs
    disc = b**2 - 4 * a * c
    s = balls.sign(disc)
    if s is None:
        return None
    if s < 0:
        return []
    if s == 0:
        return [-b / (2 * a)]
    lo, hi = (-b - sympy.sqrt(disc)) / (2 * a), (-b + sympy.sqrt(disc)) / (2 * a)
    return [lo, hi] if balls.sign(hi - lo) == 1 else [hi, lo]


def _atom_roots(num: sympy.Expr, x: sympy.Symbol, span: Interval) -> list[sympy.Expr] | None:
    """The zeros of P(exp(x)) or P(log(x)) for a polynomial P (x only inside the atom).

    ``exp(k·x)`` (k an integer) is ``u**k`` with ``u = exp(x)``; exp maps the reals
    one to one onto (0, ∞), so only roots r > 0 count, at x = log r. log maps
    (0, ∞) one to one onto the reals, so only on an interval of positive numbers,
    at x = exp(r).
    """
    u = sympy.Dummy("u")
    exps = num.atoms(sympy.exp)
    if exps and not num.has(sympy.log):
        mapping: dict[sympy.Expr, sympy.Expr] = {}
        for a in exps:
            k = sympy.cancel(a.args[0] / x)
            if not (isinstance(k, sympy.Integer) and k != 0):
                return None
            mapping[a] = u**k
        p = num.xreplace(mapping)
        inverse: Callable[[sympy.Expr], sympy.Expr] = sympy.log
    elif num.has(sympy.log) and not exps and span[0].is_nonnegative:
        logs = num.atoms(sympy.log)
        if logs != {sympy.log(x)}:
            return None
        p = num.xreplace({sympy.log(x): u})
        inverse = sympy.exp
    else:
        return None
    if x in p.free_symbols:
        return None
    p = sympy.expand(p * u ** max([0, *(-int(e.exp) for e in p.atoms(sympy.Pow) if e.base == u and e.exp.is_negative)]))
    roots = _polynomial_roots(p, u)
    if roots is None:
        return None
    if inverse is sympy.log:
        if any(balls.sign(r) is None for r in roots):
            return None
        roots = [r for r in roots if balls.sign(r) == 1]
    return [inverse(r) for r in roots]


def _pieces(f: sympy.Expr, fp: sympy.Expr, x: sympy.Symbol, span: Interval, zeros: list[sympy.Expr], strict: bool) -> bool:
    lo, hi, lo_open, hi_open = span
    for z in zeros:
        if not _nonnegative(f.subs(x, z), strict):
            return False
    ends = [lo, *zeros, hi]
    for i, (p, q) in enumerate(zip(ends, ends[1:], strict=False)):
        m = _rational_between(p, q)
        if m is None:
            return False
        s = balls.sign(fp.subs(x, m))
        if s not in (1, -1):
            return False
        # f is strictly monotone on (p, q): its infimum there is at the lower end.
        if s == 1:
            at, closed, side = p, (i > 0 or not lo_open), "+"
        else:
            at, closed, side = q, (i < len(ends) - 2 or not hi_open), "-"
        if not _end_value(f, x, at, closed, side, strict, attained=(at in zeros) or closed):
            return False
    return True


def _end_value(
    f: sympy.Expr, x: sympy.Symbol, at: sympy.Expr, closed: bool, side: str, strict: bool, attained: bool | None = None
) -> bool:
    """f's value (closed end) or limit (open end) at ``at`` is >= 0 (> 0 where attained and strict)."""
    if closed and at.is_finite:
        return _nonnegative(f.subs(x, at), strict)
    try:
        value = exact_limit(f, x, at, side, _no_recursion)
    except DependsOnSign:
        return False
    if value is None or value.has(sympy.Limit, sympy.Piecewise):
        return False
    if value == sympy.oo:
        return True
    # An infimum approached but not attained: a limit >= 0 is enough even for a strict claim.
    return value.is_finite is True and _nonnegative(value, strict and bool(attained))


def _no_recursion(f: sympy.Expr, at: sympy.Expr) -> sympy.Expr:
    return sympy.nan  # f has no parameters, so no exceptional values to recompute


def _nonnegative(v: sympy.Expr, strict: bool) -> bool:
    s = balls.sign(v)
    return s == 1 or (s == 0 and not strict)


def _rational_between(p: sympy.Expr, q: sympy.Expr) -> sympy.Rational | None:
    """A rational strictly between p and q (either may be infinite), checked by the balls."""
    try:
        a = None if p == -sympy.oo else sympy.Rational(str(sympy.N(p, 20)))
        b = None if q == sympy.oo else sympy.Rational(str(sympy.N(q, 20)))
    except (TypeError, ValueError):
        return None
    if a is not None and b is not None:
        m = (a + b) / 2
    elif b is not None:
        m = sympy.Integer(int(b) - 2)
    elif a is not None:
        m = sympy.Integer(int(a) + 2)
    else:
        m = sympy.Integer(0)
    inside = (p == -sympy.oo or balls.sign(m - p) == 1) and (q == sympy.oo or balls.sign(q - m) == 1)
    return m if inside else None
