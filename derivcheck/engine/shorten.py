"""A shorter equal form of an expression, without ``sympy.simplify``; and the
simplest counterexample near a refuting point (:func:`simplest_point`, below).

``simplify`` tries dozens of rewritings, and its first call in a process
imports ``sympy.physics.units`` (about 0.2 s) to look for physical units.
Diagnoses, limits and integrals only need a short form of a small expression,
or to see that a difference is zero: a handful of cheap rewritings, keeping
the shortest, does that. No caller trusts the result further than SymPy's
own rewriting rules, which preserve value.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import sympy

from derivcheck.kernel import sums
from derivcheck.kernel.sums import Enclosing
from derivcheck.settings import SETTINGS

_REWRITES: tuple[Callable[[sympy.Expr], sympy.Expr], ...] = (
    sympy.together,
    sympy.expand,
    lambda e: sympy.powsimp(sympy.expand(e)),
    lambda e: sympy.factor_terms(sympy.expand(e)),
    lambda e: sympy.cancel(sympy.expand_log(e)),
)


def shorten(e: sympy.Expr) -> sympy.Expr:
    """The shortest (by operation count) of a few rewritings of ``e``, ``e`` included."""
    if not isinstance(e, sympy.Expr) or not e.args:
        return e
    forms = [e]
    for rewrite in _REWRITES:
        try:
            forms.append(rewrite(e))
        except (TypeError, ValueError, RecursionError, sympy.PolynomialError):
            continue
    return min(forms, key=sympy.count_ops)


def is_zero(e: sympy.Expr) -> bool:
    """True when a cheap rewriting shows ``e`` is zero (False says nothing)."""
    return bool(shorten(e) == 0) or bool(e.is_zero)


def evaluate_sums(e: sympy.Expr, enclosing: Sequence[Enclosing] = ()) -> sympy.Expr:
    """``e`` with its sums and products evaluated, and nothing else.

    A plain ``doit()`` would also evaluate the limits and integrals that were
    left unevaluated on purpose (SymPy's answer was withheld, or there is no
    value): never call it on an expression from a claim.

    SymPy's closed form is used only where :mod:`derivcheck.kernel.sums`
    allows it (a non-empty, or provably just-empty, range of integers); the
    empty value is the value elsewhere. Sums are evaluated from the outside
    in, so that an inner sum knows the range of the outer indices.
    """
    if not isinstance(e, sympy.Basic) or not e.has(sympy.Sum, sympy.Product):
        return e
    if isinstance(e, (sympy.Sum, sympy.Product)):
        return _evaluate_iterated(e, enclosing)
    args = [evaluate_sums(a, enclosing) for a in e.args]
    return e.func(*args) if args != list(e.args) else e


def _evaluate_iterated(z: sympy.Sum | sympy.Product, enclosing: Sequence[Enclosing]) -> sympy.Expr:
    # SymPy writes Sum(Sum(f, (i, ...)), (j, ...)) as Sum(f, (i, ...), (j, ...)): the
    # last limit is outermost, and is evaluated first.
    return _iterated(type(z), z.function, list(z.limits), enclosing)


def _iterated(kind: type, function: sympy.Expr, limits: list[sympy.Tuple], enclosing: Sequence[Enclosing]) -> sympy.Expr:
    *inner_limits, (k, a, b) = limits
    a, b = evaluate_sums(a, enclosing), evaluate_sums(b, enclosing)
    if sums.integer_ends(a, b) and sums.nonempty(a, b, enclosing) is sympy.false:
        return sums.empty_value(kind)  # empty by definition: no term is looked at
    inside = (*enclosing, (k, a, b))
    body = _iterated(kind, function, inner_limits, inside) if inner_limits else evaluate_sums(function, inside)
    unevaluated = kind(body, (k, a, b))
    if not sums.integer_ends(a, b) or body.has(sympy.Sum, sympy.Product):
        # An inner sum left unevaluated would be evaluated again by SymPy's doit,
        # under its own convention: the outer one stays unevaluated too.
        return unevaluated
    try:
        closed = unevaluated.doit(deep=False)  # SymPy proposes (Karr's convention) ...
    except (NotImplementedError, ValueError, TypeError, RecursionError, AttributeError):
        return unevaluated
    if closed.has(sympy.RisingFactorial, sympy.FallingFactorial, sympy.factorial, sympy.gamma):
        # Π (k + 1)/k comes back as RisingFactorial(2, n)/n!; gammasimp's identities
        # of the gamma function make it n + 1 (the same value wherever both are defined).
        try:
            closed = min((closed, sympy.gammasimp(closed)), key=sympy.count_ops)
        except (TypeError, ValueError, RecursionError, AttributeError):
            pass
    value = sums.closed_form_value(kind, closed, a, b, enclosing)  # ... the kernel disposes
    return unevaluated if value is None else value


# --- the simplest counterexample ------------------------------------------------
#
# A witness found by sampling holds values such as c[3] = 187/250000, and the
# first test points are all zero (a = 0, y = 0), where many atoms vanish at
# once and the reader cannot see what goes wrong. :func:`simplest_point`
# replaces each coordinate, one after the other, by the most preferred value
# that still refutes; every candidate point is judged by the caller's
# ``refutes`` (the refutation gate: in the domain, the claim has a value there
# and is false there, rigorously), so the shrunk witness is as certain as the
# one it replaces.
#
# The order of preference, for one coordinate:
#
# 1. a *generic* simple value: one of :func:`simple_values` (±1, ±2, ... ±10,
#    then the fractions ±1/2, ±1/3, ±3/2, ±2/3, ±1/4, ...), in that order, that is
#    not 0 and differs from every other entry of the same vector or matrix;
# 2. the value found, when it is already such a value (nothing later in the
#    list is tried);
# 3. otherwise, when the value found is 0 or not in the list: a *degenerate*
#    simple value, that is one of the list equal to another entry of the same
#    vector or matrix, in list order, then 0;
# 4. otherwise the value found (a simple value that equals another entry is
#    kept when no generic value refutes).
#
# A point is *degenerate* when a coordinate is 0 (the atoms it enters vanish:
# x·y, log(1 + x), sin x) or two entries of one vector or matrix are equal (a
# zero vector; x = (1, 1) makes every permutation of x the same, a matrix
# whose entries coincide is symmetric and hides a transposition): a claim can
# be false there for a reason that has nothing to do with its error. Distinct
# scalars may share a value (a = 1, y = 1 is generic). A value that
# is in the list but degenerate is kept only when no generic value refutes.
# The effort is counted: at most :attr:`EngineSettings.shrink_tries` candidate
# points per witness, and :attr:`EngineSettings.shrink_per_coordinate` per
# coordinate, the same on every machine.

Point = dict[sympy.Symbol, sympy.Expr]


def simple_values() -> list[sympy.Rational]:
    """Non-zero rationals, simplest first: the integers ±1 … ±10, then fractions p/q
    (q = 2 … 6, |p/q| < 10, in lowest terms) by p + q, positive before negative."""
    out: list[sympy.Rational] = []
    for k in range(1, 11):
        out += [sympy.Integer(k), sympy.Integer(-k)]
    fractions = [
        sympy.Rational(p, q) for q in range(2, 7) for p in range(1, 10 * q) if sympy.igcd(p, q) == 1
    ]
    for f in sorted(fractions, key=lambda f: (f.p + f.q, f.q)):
        out += [f, -f]
    return out


_SIMPLE = simple_values()
_RANK = {v: k for k, v in enumerate(_SIMPLE)}


def simplest_point(
    point: Point,
    symbols: Sequence[sympy.Symbol],
    refutes: Callable[[Point], bool],
    admits: Callable[[sympy.Symbol, sympy.Expr], bool],
    group: Callable[[sympy.Symbol], str],
    tries: int | None = None,
) -> Point:
    """``point`` with each coordinate of ``symbols`` (in that order) replaced by the
    most preferred value (see the order above) at which ``refutes`` still holds.

    ``admits(symbol, value)`` says whether a value lies in the symbol's domain;
    only such candidates are tried. ``group(symbol)`` names the vector or
    matrix a coordinate is an entry of (a scalar is its own group): entries of
    one group should differ. ``point`` itself is taken to refute. At most
    ``tries`` candidates are judged (the setting's ``shrink_tries`` by default).
    """
    best = dict(point)
    tries = SETTINGS.shrink_tries if tries is None else tries
    for s in symbols:
        if tries <= 0:
            break
        current = best.get(s)
        if current is None:
            continue
        others = {v for k, v in best.items() if k != s and group(k) == group(s)}
        generic = current != 0 and current in _RANK and current not in others
        limit = _RANK[current] if generic else len(_SIMPLE)
        budget = min(SETTINGS.shrink_per_coordinate, tries)
        later: list[sympy.Expr] = []
        chosen = None
        for value in _SIMPLE[:limit]:
            if budget <= 0:
                break
            if not admits(s, value):
                continue
            if value in others:
                later.append(value)  # degenerate: only when no generic value refutes
                continue
            budget -= 1
            tries -= 1
            if refutes({**best, s: value}):
                chosen = value
                break
        if chosen is None and current not in _RANK:
            # Step 3: the value found is 0 or not simple; a simple degenerate one beats it.
            for value in [*later, sympy.Integer(0)]:
                if budget <= 0 or value == current:
                    break
                if not admits(s, value):
                    continue
                budget -= 1
                tries -= 1
                if refutes({**best, s: value}):
                    chosen = value
                    break
        if chosen is not None:
            best[s] = chosen
    return best
