"""Boolean statements over linear inequalities, decided exactly.

A statement such as ``iff(H(3/4*x1 - x2 + 4) == 1, -4/3*x1 - x2 + 4 > 0)`` is
decided by splitting the domain into regions on which every piecewise atom
(``H``, ``Max``, ``Min``, ``Abs``, ``sign``) takes one branch and every
relation one truth value:

1. start from the region the domains (and premises) describe;
2. on a region, each linear form the statement needs (an atom's argument, a
   relation's ``lhs - rhs``) has a sign that is either fixed there or not;
3. when the statement's truth is fixed by the fixed signs alone, the region
   is done; otherwise it is split in three along the first form whose sign is
   not fixed (``g > 0``, ``g < 0``, ``g = 0``), keeping the non-empty parts.

The statement holds everywhere when it is true on every region. A region on
which it is false yields a witness: a rational point of that region, found by
back-substitution. Whether a region (a conjunction of linear constraints,
strict, non-strict or equalities) is empty is decided by Fourier-Motzkin
elimination in exact rational arithmetic.

Domains enter only as linear bounds with rational ends; a symbol's other
assumptions (integer, say) are left out. That enlarges the region, which keeps
a proof sound; a witness may then fall outside the domain, so the caller
re-checks every witness exactly before it refutes anything.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Sequence

import sympy
from sympy.matrices import MatrixBase

from derivcheck.errors import OutOfTime
from derivcheck.formula import Connective, Formula, Rel, evaluate, relations
from derivcheck.kernel.primitives import branch, piecewise_atoms, switch
from derivcheck.problem import Variable

#: Nesting depth of piecewise atoms resolved (H(H(x) - 1/2) has depth 2).
_MAX_DEPTH = 6
#: Regions visited before giving up (3 per split; a statement with k
#: independent forms in general position has far fewer than 3^k).
_MAX_REGIONS = 4000
#: Constraints one elimination step may produce before giving up.
_MAX_CONSTRAINTS = 600

# A constraint: (coefficients, constant, kind) meaning  coefficients . x + constant  <kind>  0.
GE, GT, EQ = 0, 1, 2
Constraint = tuple[tuple[Fraction, ...], Fraction, int]
Linear = tuple[tuple[Fraction, ...], Fraction]


class _GiveUp(Exception):
    """The statement is not linear, or the search grew too large."""


@dataclass(frozen=True)
class LinearResult:
    """What the exact decision found.

    ``holds`` is True when the statement holds on the whole (relaxed) domain,
    False when it fails on some region (``witness`` is then a rational point
    of that region, to be re-checked by the caller), None when this method
    does not apply.
    """

    holds: bool | None
    witness: dict[sympy.Symbol, sympy.Rational] | None = None


_NOT_APPLICABLE = LinearResult(None)


def prove_linear(
    f: Formula, variables: Sequence[Variable], premises: Sequence[Formula] = (), deadline: float = math.inf
) -> LinearResult:
    """Decide ``f`` on the domain of ``variables`` where the ``premises`` hold
    (giving up, not applicable, once ``time.monotonic()`` passes ``deadline``)."""
    rels = relations(f) + [r for p in premises for r in relations(p)]
    if any(isinstance(r.lhs, MatrixBase) or isinstance(r.rhs, MatrixBase) for r in rels):
        return _NOT_APPLICABLE
    names: set[sympy.Symbol] = set()
    for r in rels:
        names |= (r.lhs - r.rhs).free_symbols
    symbols = [v.symbol for v in variables if v.symbol in names]
    if names - set(symbols) or any(s.is_real is not True for s in symbols):
        return _NOT_APPLICABLE  # a name without a domain, or a complex one
    statement: Formula = Connective("implies", (Connective("and", tuple(premises)), f)) if premises else f
    search = _Search(symbols, deadline)
    try:
        start = search.domain(variables)
        region = search.find_false(statement, start)
    except (_GiveUp, RecursionError):
        return _NOT_APPLICABLE
    if region is None:
        return LinearResult(True)
    point = search.point(region)
    if point is None:  # cannot happen for a non-empty region; never guess
        return _NOT_APPLICABLE
    return LinearResult(False, {s: sympy.Rational(v.numerator, v.denominator) for s, v in zip(symbols, point)})


class _Split(Exception):
    """The sign of this linear form is not fixed on the region."""

    def __init__(self, form: Linear) -> None:
        super().__init__()
        self.form = form


class _Search:
    def __init__(self, symbols: list[sympy.Symbol], deadline: float = math.inf) -> None:
        self.deadline = deadline
        self.symbols = symbols
        self.index = {s: i for i, s in enumerate(symbols)}
        self.n = len(symbols)
        self.regions = 0
        self._feasible: dict[frozenset[Constraint], bool] = {}
        self._linear: dict[sympy.Expr, Linear] = {}

    # ------------------------------------------------------------ building

    def domain(self, variables: Sequence[Variable]) -> tuple[Constraint, ...]:
        out: list[Constraint] = []
        for v in variables:
            if v.symbol not in self.index:
                continue
            s = v.symbol
            x = self._unit(self.index[s])
            if s.is_positive:
                out.append((x, Fraction(0), GT))
            elif s.is_nonnegative:
                out.append((x, Fraction(0), GE))
            elif s.is_negative:
                out.append((_neg(x), Fraction(0), GT))
            elif s.is_nonpositive:
                out.append((_neg(x), Fraction(0), GE))
            if v.lo.is_Rational:
                out.append((x, -_fraction(v.lo), GT if v.lo_open else GE))
            if v.hi.is_Rational:
                out.append((_neg(x), _fraction(v.hi), GT if v.hi_open else GE))
        return tuple(out)

    def _unit(self, i: int) -> tuple[Fraction, ...]:
        return tuple(Fraction(1) if j == i else Fraction(0) for j in range(self.n))

    def linear(self, expr: sympy.Expr) -> Linear:
        """``expr`` as coefficients and a constant, or _GiveUp."""
        known = self._linear.get(expr)
        if known is not None:
            return known
        out = self._terms(expr)
        if out is None:
            out = self._terms(sympy.expand(expr))
        if out is None:
            raise _GiveUp
        self._linear[expr] = out
        return out

    def _terms(self, expr: sympy.Expr) -> Linear | None:
        coeffs = [Fraction(0)] * self.n
        const = Fraction(0)
        for term in sympy.Add.make_args(expr):
            c, rest = term.as_coeff_Mul()
            if not c.is_Rational:
                return None
            value = Fraction(int(c.p), int(c.q))
            if rest is sympy.S.One:
                const += value
            elif rest in self.index:
                coeffs[self.index[rest]] += value
            else:
                return None
        return tuple(coeffs), const

    # ------------------------------------------------------------ the search

    def find_false(self, f: Formula, region: tuple[Constraint, ...]) -> tuple[Constraint, ...] | None:
        """A non-empty region inside ``region`` on which ``f`` is false, or None."""
        if not self.feasible(region):
            return None
        self.regions += 1
        if time.monotonic() > self.deadline:
            raise OutOfTime("the claim's time budget ran out")
        if self.regions > _MAX_REGIONS:
            raise _GiveUp
        truths: dict[int, bool | None] = {}
        split: Linear | None = None
        for r in relations(f):
            try:
                truths[id(r)] = self._truth(r, region)
            except _Split as s:
                truths[id(r)] = None
                split = split or s.form
        value = evaluate(f, truths)
        if value is True:
            return None
        if value is False:
            return region
        assert split is not None
        coeffs, const = split
        for case in ((coeffs, const, GT), (_neg(coeffs), -const, GT), (coeffs, const, EQ)):
            found = self.find_false(f, (*region, case))
            if found is not None:
                return found
        return None

    def _truth(self, r: Rel, region: tuple[Constraint, ...]) -> bool:
        form = self.linear(self._resolve(r.lhs - r.rhs, region))
        s = self.sign(form, region)
        if s is None:
            raise _Split(form)
        return {"==": s == 0, "!=": s != 0, "<": s < 0, "<=": s <= 0, ">": s > 0, ">=": s >= 0}[r.op]

    def _resolve(self, expr: sympy.Expr, region: tuple[Constraint, ...]) -> sympy.Expr:
        """``expr`` with every piecewise atom replaced by its branch on the region."""
        for _ in range(_MAX_DEPTH):
            atoms = sorted(
                (a for a in expr.atoms(*piecewise_atoms()) if not any(b.atoms(*piecewise_atoms()) for b in a.args)), key=sympy.default_sort_key
            )
            if not atoms:
                return expr
            mapping = {}
            for atom in atoms:
                g, values = _branches(atom)
                form = self.linear(g)
                s = self.sign(form, region)
                if s is None:
                    raise _Split(form)
                mapping[atom] = values[0] if s > 0 else values[1] if s < 0 else values[2]
            expr = expr.xreplace(mapping)
        raise _GiveUp

    def sign(self, form: Linear, region: tuple[Constraint, ...]) -> int | None:
        """The sign of ``form`` on the (non-empty) region, or None if it varies."""
        coeffs, const = form
        if not any(coeffs):
            return (const > 0) - (const < 0)
        possible = [
            s for s, case in ((1, (coeffs, const, GT)), (-1, (_neg(coeffs), -const, GT)), (0, (coeffs, const, EQ)))
            if self.feasible((*region, case))
        ]  # fmt: skip
        return possible[0] if len(possible) == 1 else None

    def feasible(self, region: tuple[Constraint, ...]) -> bool:
        key = frozenset(region)
        known = self._feasible.get(key)
        if known is None:
            known = _eliminate(list(key), self.n) is not None
            self._feasible[key] = known
        return known

    def point(self, region: tuple[Constraint, ...]) -> list[Fraction] | None:
        steps = _eliminate(list(set(region)), self.n)
        return None if steps is None else _back_substitute(steps, self.n)


def _branches(atom: sympy.Expr) -> tuple[sympy.Expr, tuple[sympy.Expr, sympy.Expr, sympy.Expr]]:
    """The form ``g`` an atom switches on, and its value where g > 0, g < 0, g = 0 (the table of primitives)."""
    g = switch(atom)
    values = [branch(atom, s) for s in (1, -1, 0)] if g is not None else []
    if g is None or any(v is None for v in values):
        raise _GiveUp
    pos, neg, zero = values
    assert pos is not None and neg is not None and zero is not None
    return g, (pos, neg, zero)


def _fraction(r: sympy.Rational) -> Fraction:
    return Fraction(int(r.p), int(r.q))


def _neg(coeffs: tuple[Fraction, ...]) -> tuple[Fraction, ...]:
    return tuple(-c for c in coeffs)


# ---------------------------------------------------------------- Fourier-Motzkin

# One elimination step, for back-substitution: ("eq", i, coeffs, const) says
# x_i = coeffs . x + const; ("fm", i, constraints) lists the constraints that
# bound x_i in terms of the variables eliminated after it.
Step = tuple[Any, ...]


def _eliminate(constraints: list[Constraint], n: int) -> list[Step] | None:
    """Eliminate every variable; None when the constraints have no common solution."""
    steps: list[Step] = []
    tidy = _tidy(constraints)
    if tidy is None:
        return None
    rows = tidy
    # Equalities first: each removes one variable by substitution.
    while True:
        eq = next((c for c in rows if c[2] == EQ and any(c[0])), None)
        if eq is None:
            break
        coeffs, const, _ = eq
        i = next(j for j, a in enumerate(coeffs) if a)
        a = coeffs[i]
        # x_i = -(sum_{j != i} c_j x_j + const) / a
        sub = tuple(Fraction(0) if j == i else -c / a for j, c in enumerate(coeffs))
        steps.append(("eq", i, sub, -const / a))
        tidy = _tidy([_substitute(c, i, sub, -const / a) for c in rows if c is not eq])
        if tidy is None:
            return None
        rows = tidy
    # Then Fourier-Motzkin on the inequalities, the cheapest variable first.
    while True:
        live = [i for i in range(n) if any(c[0][i] for c in rows)]
        if not live:
            return steps
        i = min(live, key=lambda j: _cost(rows, j))
        lower = [c for c in rows if c[0][i] > 0]
        upper = [c for c in rows if c[0][i] < 0]
        rest = [c for c in rows if not c[0][i]]
        steps.append(("fm", i, lower + upper))
        combined = []
        for lo in lower:
            for up in upper:
                p, q = -up[0][i], lo[0][i]  # both positive
                coeffs = tuple(p * a + q * b for a, b in zip(lo[0], up[0]))
                combined.append((coeffs, p * lo[1] + q * up[1], GT if GT in (lo[2], up[2]) else GE))
        tidy = _tidy(rest + combined)
        if tidy is None:
            return None
        if len(tidy) > _MAX_CONSTRAINTS:
            raise _GiveUp
        rows = tidy


def _cost(rows: list[Constraint], i: int) -> int:
    pos = sum(1 for c in rows if c[0][i] > 0)
    neg = sum(1 for c in rows if c[0][i] < 0)
    return pos * neg - pos - neg


def _substitute(c: Constraint, i: int, sub: tuple[Fraction, ...], const: Fraction) -> Constraint:
    a = c[0][i]
    if not a:
        return c
    coeffs = tuple(Fraction(0) if j == i else x + a * s for j, (x, s) in enumerate(zip(c[0], sub)))
    return coeffs, c[1] + a * const, c[2]


def _tidy(rows: list[Constraint]) -> list[Constraint] | None:
    """Scale each constraint, drop the trivially true and the repeated; None if one is false."""
    out: dict[tuple[tuple[Fraction, ...], int], Fraction] = {}
    for coeffs, const, kind in rows:
        scale = max((abs(a) for a in coeffs), default=Fraction(0))
        if not scale:
            if (kind == EQ and const != 0) or (kind == GT and const <= 0) or (kind == GE and const < 0):
                return None
            continue
        coeffs = tuple(a / scale for a in coeffs)
        const = const / scale
        key = (coeffs, kind)
        # Of two constraints c.x + k >= 0 with the same c, the smaller k is the tighter.
        if key not in out or (kind != EQ and const < out[key]):
            out[key] = const
        elif kind == EQ and out[key] != const:
            return None
    return [(coeffs, const, kind) for (coeffs, kind), const in out.items()]


def _back_substitute(steps: list[Step], n: int) -> list[Fraction]:
    """A point satisfying the eliminated constraints, chosen with small, simple values."""
    x = [Fraction(0)] * n
    for step in reversed(steps):
        if step[0] == "eq":
            _, i, sub, const = step
            x[i] = sum((s * v for s, v in zip(sub, x)), const)
            continue
        _, i, bounds = step
        lo: Fraction | None = None
        hi: Fraction | None = None
        lo_strict = hi_strict = False
        for coeffs, const, kind in bounds:
            a = coeffs[i]
            rest = sum((c * v for j, (c, v) in enumerate(zip(coeffs, x)) if j != i), const)
            bound = -rest / a
            strict = kind == GT
            if a > 0 and (lo is None or bound > lo or (bound == lo and strict)):
                lo, lo_strict = bound, strict
            elif a < 0 and (hi is None or bound < hi or (bound == hi and strict)):
                hi, hi_strict = bound, strict
        x[i] = _simple_between(lo, lo_strict, hi, hi_strict)
    return x


def _simple_between(lo: Fraction | None, lo_strict: bool, hi: Fraction | None, hi_strict: bool) -> Fraction:
    """The integer nearest 0 in the interval, else its midpoint (or its single point)."""
    first = None if lo is None else int(lo) if lo.denominator == 1 and not lo_strict else math.floor(lo) + 1
    last = None if hi is None else int(hi) if hi.denominator == 1 and not hi_strict else math.ceil(hi) - 1
    if first is None or last is None or first <= last:
        if (first is None or first <= 0) and (last is None or last >= 0):
            return Fraction(0)
        return Fraction(first if first is not None and first > 0 else last)  # type: ignore[arg-type]
    assert lo is not None and hi is not None  # no integer inside: a short interval or one point
    return lo if lo == hi else (lo + hi) / 2
