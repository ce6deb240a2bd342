"""Numeric sketches of a refuted relation: cheap evidence that rules a near miss out.

Each diagnosis of :mod:`derivcheck.diagnose` proposes an alternative claim and
proves it before it is said. Most alternatives are false, and numbers at a few
points reject them in microseconds, before any symbolic work. Only a rejection
is ever drawn from these numbers; a near miss is still proved before it is
reported. The sketches are memoised for one ``diagnose_all`` call (:func:`clear`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

import mpmath
import sympy
from sympy.matrices import MatrixBase

from derivcheck.engine.moved import MovedSketch
from derivcheck.engine.numeric import EVALUATION_ERRORS, NotNumeric, compile_expr, to_mp
from derivcheck.engine.sampling import Point, points
from derivcheck.engine.strategies import Context
from derivcheck.formula import Rel
from derivcheck.kernel.witness import admits
from derivcheck.settings import SETTINGS


def _scalar(rel: Rel) -> bool:
    return not isinstance(rel.lhs, MatrixBase)


def clear() -> None:
    """Forget the sketches of the last diagnosed claim."""
    _SKETCHES.clear()
    _MOVED.clear()


#: Digits of the numeric sketch, and the relative gap that counts as a clear difference
#: there (far above the rounding error of 30-digit arithmetic, so never noise).
SKETCH_DIGITS = SETTINGS.sketch_digits
_CLEAR = mpmath.mpf(10) ** -SETTINGS.sketch_clear
_FLOOR = mpmath.mpf(10) ** -SETTINGS.sketch_floor


@dataclass
class Sketch:
    """Both sides of a scalar relation at a few points, to 30 digits.

    Computed once per refuted relation, it lets each diagnosis reject its
    alternative claim in microseconds when the numbers already contradict it,
    before any symbolic work. A rejection needs a clear difference at a point
    where both sides have real values; anything else lets the proof decide.
    """

    rows: list[tuple[Point, Any, Any]]  # (point, lhs, rhs)
    lf: Any
    rf: Any

    def at(self, point: Point) -> tuple[Any, Any] | None:
        with mpmath.workdps(SKETCH_DIGITS):
            try:
                env = {k: to_mp(v) for k, v in point.items()}
                lv, rv = self.lf(env), self.rf(env)
            except EVALUATION_ERRORS:
                return None
        if not (is_real(lv) and is_real(rv)):
            return None
        return lv, rv


_SKETCHES: dict[int, tuple[Rel, Sketch | None]] = {}


def sketch_of(rel: Rel, ctx: Context) -> Sketch | None:
    """The sketch of a scalar relation (memoised for one diagnose_all call)."""
    known = _SKETCHES.get(id(rel))
    if known is not None and known[0] is rel:
        return known[1]
    sketch: Sketch | None = None
    if _scalar(rel) and isinstance(rel.lhs, sympy.Expr) and isinstance(rel.rhs, sympy.Expr):
        try:
            sketch = Sketch([], compile_expr(rel.lhs), compile_expr(rel.rhs))
        except NotNumeric:
            sketch = None
        if sketch is not None:
            free = rel.lhs.free_symbols | rel.rhs.free_symbols
            variables = [v for v in ctx.variables if v.symbol in free]
            for point in points(variables, SETTINGS.sketch_seed, SETTINGS.sketch_points):
                values = sketch.at(point)
                if values is not None:
                    sketch.rows.append((point, *values))
    _SKETCHES[id(rel)] = (rel, sketch)
    return sketch


#: Each relation's entries at a few points, compiled once per diagnose_all call.
_MOVED: dict[int, tuple[Rel, MovedSketch]] = {}


def moved_apart(rel: Rel, ctx: Context, left: Callable[[Point], Point], right: Callable[[Point], Point]) -> bool:
    """True when the numbers already rule out the alternative with lhs at ``left(p)`` and rhs at ``right(p)``.

    The alternatives that move the unknowns of one side (swapped, negated, one
    sign only) are rejected this way before their expression is built: building
    a swapped Jacobian and compiling it again for every pair of unknowns costs
    more than the whole decision. Only a rejection is drawn from numbers.
    """
    known = _MOVED.get(id(rel))
    if known is None or known[0] is not rel:
        known = _MOVED[id(rel)] = (rel, MovedSketch(rel, ctx.variables))
    return known[1].apart(left, right)


def is_real(v: Any) -> bool:
    return isinstance(v, mpmath.mpf) and mpmath.isfinite(v)


def differ(a: Any, b: Any) -> bool:
    """a and b clearly differ (relative to their size)."""
    return bool(abs(a - b) > _CLEAR * max(abs(a), abs(b), _FLOOR))


def never(rel: Rel, ctx: Context, fails: Callable[[Any, Any], bool]) -> bool:
    """True when the sketch shows ``fails(lhs, rhs)`` at some point: the alternative is false."""
    sketch = sketch_of(rel, ctx)
    return sketch is not None and any(fails(lv, rv) for _, lv, rv in sketch.rows)


def ratio_varies(rel: Rel, ctx: Context) -> bool:
    """True when lhs / rhs clearly takes two different values in the sketch."""
    sketch = sketch_of(rel, ctx)
    if sketch is None:
        return False
    seen = [r for _, lv, rv in sketch.rows if (r := ratio(lv, rv)) is not None]
    return any(differ(r, seen[0]) for r in seen[1:])


def offset_varies(rel: Rel, ctx: Context) -> bool:
    """True when lhs − rhs clearly takes two different values in the sketch.

    A difference of two large values carries their rounding error: the gap
    must be clear against the size of the sides, not of the difference.
    """
    sketch = sketch_of(rel, ctx)
    if sketch is None or not sketch.rows:
        return False
    _, l0, r0 = sketch.rows[0]
    for _, lv, rv in sketch.rows[1:]:
        size = max(abs(l0), abs(r0), abs(lv), abs(rv), _FLOOR)
        if abs((lv - rv) - (l0 - r0)) > _CLEAR * size:
            return True
    return False


def ratio(lv: Any, rv: Any) -> Any:
    return lv / rv if abs(rv) > _FLOOR else None


def not_monomial(rel: Rel, ctx: Context) -> bool:
    """True when lhs/rhs is clearly not a monomial c·x^k·y^l... (integer k, l).

    For a monomial, doubling one variable multiplies the ratio by 2^k: a
    ratio that changes sign, or by a factor that is not a power of 2, rules
    it out. Only points inside the domain are used.
    """
    sketch = sketch_of(rel, ctx)
    if sketch is None:
        return False
    usable = [(p, r) for p, lv, rv in sketch.rows if (r := ratio(lv, rv)) is not None and differ(r, 0)]
    if not usable:
        return False
    point, base = usable[0]
    for v in ctx.variables:
        value = point.get(v.symbol)
        if value is None or value == 0:
            continue
        moved = next((m for m in (2 * value, value / 2) if admits(v, m)), None)
        if moved is None:
            continue
        at = sketch.at({**point, v.symbol: moved})
        q = None if at is None else ratio(*at)
        if q is None:
            continue
        change = q / base
        if change < 0 and differ(change, 0):
            return True
        if change > 0:
            k = mpmath.log(change, 2)
            if abs(k - mpmath.nint(k)) > _CLEAR:
                return True
    return False
