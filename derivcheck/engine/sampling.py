"""Points to test a claim at: special values first, then random rationals.

Every coordinate is an exact rational (or, for a complex symbol, a Gaussian
rational), so that a discrepancy found numerically can be confirmed exactly.
Special values come first because errors hide there: 0 (where H(0) = 1/2
matters), ±1, the ends of closed intervals. Random values mix a moderate
range with a wide logarithmic spread, where overflow and cancellation live.
The generator is seeded from the claim, so runs are reproducible.
"""

from __future__ import annotations

import random
from typing import Iterator, Sequence

import sympy

from derivcheck.kernel.primitives import breaking_atoms, breaks
from derivcheck.kernel.witness import admits
from derivcheck.problem import Variable
from derivcheck.settings import SETTINGS

Point = dict[sympy.Symbol, sympy.Expr]

_REAL_SPECIAL = [0, 1, -1, 2, sympy.Rational(-1, 2), sympy.Rational(1, 3), -3, sympy.Rational(5, 2)]
_INTEGER_SPECIAL = [0, 1, -1, 2, -2, 3, -3, 5, -5, 4, -4, 6, -6]
_POSITIVE_SPECIAL = [1, 2, sympy.Rational(1, 2), 3, sympy.Rational(1, 10), 10, sympy.Rational(7, 3)]


def specials(var: Variable) -> list[sympy.Expr]:
    """Values of one variable worth trying first; every one lies in its domain."""
    # They depend on the variable alone (its symbol, with its assumptions, and its interval:
    # what a frozen Variable compares by), and each screen, sketch and completion asks again,
    # with a domain check of every value: kept once made. A copy, so a caller may change its list.
    known = _SPECIALS.get(var)
    if known is None:
        known = [v for v in _specials(var) if admits(var, v)]
        if len(_SPECIALS) < 10_000:
            _SPECIALS[var] = known
    return list(known)


_SPECIALS: dict[Variable, list[sympy.Expr]] = {}


def _specials(var: Variable) -> list[sympy.Expr]:
    s = var.symbol
    lo, hi = var.lo, var.hi
    if lo != -sympy.oo or hi != sympy.oo:
        out: list[sympy.Expr] = []
        if not var.lo_open:
            out.append(lo)
        if not var.hi_open:
            out.append(hi)
        if lo != -sympy.oo and hi != sympy.oo:
            out += [(lo + hi) / 2, lo + (hi - lo) / 4, lo + 3 * (hi - lo) / 4, lo + (hi - lo) / 10]
            # rationals inside when the ends are irrational
            out = [_rational_inside(v, var) for v in out]
        else:
            # A half-line: near its end (where an open end hides a singularity), and far along it.
            steps = (1, sympy.Rational(1, 2), 3, sympy.Rational(1, 10), sympy.Rational(1, 10**6), 1000)
            out += [_rational_inside(lo + d if lo != -sympy.oo else hi - d, var) for d in steps]
        return [sympy.nsimplify(v) if not v.is_Rational else v for v in out if v.is_finite]
    if s.is_integer:
        return [v for v in map(sympy.Integer, _INTEGER_SPECIAL) if admits(var, v)]
    if s.is_positive:
        return [sympy.sympify(v) for v in _POSITIVE_SPECIAL]
    if s.is_negative:
        return [-sympy.sympify(v) for v in _POSITIVE_SPECIAL]
    if s.is_nonnegative:
        return [sympy.Integer(0)] + [sympy.sympify(v) for v in _POSITIVE_SPECIAL]
    if s.is_nonpositive:
        return [sympy.Integer(0)] + [-sympy.sympify(v) for v in _POSITIVE_SPECIAL]
    values = [sympy.sympify(v) for v in _REAL_SPECIAL]
    if s.is_nonzero:
        values = [v for v in values if v != 0]
    if s.is_real is not True and s.is_complex is not False:
        values += [sympy.I, 1 + sympy.I, -sympy.I / 2]
    return values


def _rational_inside(v: sympy.Expr, var: Variable) -> sympy.Expr:
    if v.is_Rational:
        return v
    approx = sympy.Rational(str(sympy.N(v, 20)))
    return approx if _inside(approx, var) else v


def _inside(v: sympy.Expr, var: Variable) -> bool:
    if var.lo != -sympy.oo:
        if (v < var.lo) or (var.lo_open and v == var.lo):
            return False
    if var.hi != sympy.oo:
        if (v > var.hi) or (var.hi_open and v == var.hi):
            return False
    return True


def random_value(var: Variable, rng: random.Random) -> sympy.Expr:
    """A random exact value in the variable's domain."""
    v = _random_value(var, rng)
    if admits(var, v):
        return v
    inside = specials(var)
    return inside[rng.randrange(len(inside))] if inside else v


def _random_value(var: Variable, rng: random.Random) -> sympy.Expr:
    s = var.symbol
    if var.lo != -sympy.oo and var.hi != sympy.oo:
        for _ in range(20):
            u = sympy.Rational(rng.randint(1, 999), 1000)
            lo, hi = sympy.Rational(str(sympy.N(var.lo, 30))), sympy.Rational(str(sympy.N(var.hi, 30)))
            v = lo + (hi - lo) * u
            if _inside(v, var):
                return v
        return (var.lo + var.hi) / 2
    if var.lo != -sympy.oo or var.hi != sympy.oo:
        m = _magnitude(rng)
        base = sympy.Rational(str(sympy.N(var.lo if var.lo != -sympy.oo else var.hi, 30)))
        v = base + m if var.lo != -sympy.oo else base - m
        return v if _inside(v, var) else base + (1 if var.lo != -sympy.oo else -1)
    if s.is_integer:
        for _ in range(40):
            k = sympy.Integer(rng.randint(-9, 9))
            if admits(var, k):
                return k
        return specials(var)[0]
    m = _magnitude(rng)
    if s.is_positive or (s.is_nonnegative and not s.is_zero):
        return m
    if s.is_negative or s.is_nonpositive:
        return -m
    value = m if rng.random() < 0.5 else -m
    if s.is_real is not True and s.is_complex is not False:
        return value + sympy.I * (_magnitude(rng) if rng.random() < 0.5 else -_magnitude(rng))
    return value


def _magnitude(rng: random.Random) -> sympy.Rational:
    """A positive rational: mostly moderate (0.05 to 5), sometimes tiny or large."""
    r = rng.random()
    if r < 0.6:
        return sympy.Rational(rng.randint(1, 100), rng.choice([4, 8, 10, 16, 20]))
    if r < 0.85:
        return sympy.Rational(rng.randint(1, 999), 1000) * sympy.Integer(10) ** rng.randint(-3, 1)
    return sympy.Integer(rng.randint(5, 60))


#: At most this many points come from the breakpoints of an expression.
MOST_HINTS = SETTINGS.most_hints



def breakpoints(exprs: Sequence[object], variables: Sequence[Variable]) -> list[Point]:
    """Points at the breakpoints of the expressions, on both sides and far beyond.

    For each argument ``c·v + r`` of a log, a root, a denominator or a
    piecewise atom (one variable ``v``, numbers c and r), the zero
    ``v0 = -r/c`` is where a claim that holds on one side can fail on the
    other: v0 itself, v0 ± 1, v0 ± 1/10, and 2·v0 (log(x + 1000) − log(x + 999)
    changes sign only below x = −1000). Unbounded variables also get ±10³. Every value lies in its variable's domain; the other variables
    take their first special value.
    """
    by_symbol = {v.symbol: v for v in variables}
    values: dict[sympy.Symbol, list[sympy.Expr]] = {}
    for e in exprs:
        if not isinstance(e, sympy.Expr):
            continue
        for arg in _breaking_arguments(e):
            for v in sorted(arg.free_symbols & set(by_symbol), key=lambda s: s.name):
                if len(arg.free_symbols) != 1:
                    continue
                poly = arg.as_poly(v)
                if poly is None or poly.degree() != 1:
                    continue
                c, r = poly.all_coeffs()
                # Exact real roots only (a limit's exceptional value x = √2 included).
                if not (c.is_Rational and r.is_number and r.is_real) or c == 0:
                    continue
                v0 = -r / c
                near = [v0, v0 + 1, v0 - 1, v0 + sympy.Rational(1, 10), v0 - sympy.Rational(1, 10)]
                far = [2 * v0 if v0 != 0 else sympy.Integer(1000)] if abs(v0) <= 10**4 else []
                values.setdefault(v, []).extend(near + far)
    for var in variables:
        if var.lo == -sympy.oo or var.hi == sympy.oo:
            # Not further: exact arithmetic at a candidate point must stay cheap (x**x at 10⁶ has 6·10⁶ digits).
            values.setdefault(var.symbol, []).extend(sympy.Integer(m) for m in (1000, -1000))
    base = {v.symbol: sp[0] for v in variables if (sp := specials(v))}
    out: list[Point] = []
    for symbol, vals in values.items():
        var = by_symbol[symbol]
        for value in dict.fromkeys(vals):
            if len(out) >= MOST_HINTS:
                return out
            if value.is_number and value.is_real and admits(var, value):
                out.append({**base, symbol: value})
    return out


def _breaking_arguments(e: sympy.Expr) -> list[sympy.Expr]:
    out: list[sympy.Expr] = []
    # In a fixed order: a set's order follows the hashes of names, which change from
    # one process to the next, and the first refuting point would change with it.
    for atom in sorted(e.atoms(*breaking_atoms(), sympy.Pow, sympy.Piecewise), key=sympy.default_sort_key):
        if isinstance(atom, sympy.Piecewise):
            # The values where a case split of a limit or an integral changes branch.
            out.extend(r.lhs - r.rhs for _, cond in atom.args for r in cond.atoms(sympy.core.relational.Relational))
        elif isinstance(atom, sympy.Pow):
            if atom.exp.is_Integer and atom.exp > 0:
                continue
            out.append(atom.base)
        else:
            # A branch point, a kink, a jump (the table of primitives says where).
            out.extend(breaks(atom))
    return out


def points(
    variables: Sequence[Variable],
    seed: int,
    count: int,
    hints: Sequence[Point] = (),
    first: Sequence[Point] = (),
) -> Iterator[Point]:
    """``count`` points: a few combinations of special values, the ``hints``, then random ones.

    Before all of them come the points of ``first`` (those the domains name,
    :attr:`derivcheck.domains.Layout.special`), each completed with the first
    special value of every variable it leaves out. They draw nothing from the
    generator, so the points after them are the same with or without them.
    """
    rng = random.Random(seed)
    special = [specials(v) for v in variables]
    if first:
        base = {v.symbol: sp[0] for v, sp in zip(variables, special) if sp}
        symbols = {v.symbol for v in variables}
        for given in first:
            yield {**base, **{s: x for s, x in given.items() if s in symbols}}
    n_special = min(count // 2, max((len(s) for s in special), default=0))
    for i in range(n_special):
        # The first points give every variable the same kind of special value
        # (all zero, all one); later ones stagger them.
        yield {
            v.symbol: sp[(i + (j if i >= 2 else 0)) % len(sp)]
            for j, (v, sp) in enumerate(zip(variables, special))
            if sp
        }
    yield from hints
    for _ in range(count - n_special):
        point: Point = {}
        for v, sp in zip(variables, special):
            if sp and rng.random() < 0.15:
                point[v.symbol] = rng.choice(sp)
            else:
                point[v.symbol] = random_value(v, rng)
        yield point
