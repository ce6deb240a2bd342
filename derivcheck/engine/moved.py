"""A relation's entries at a few random points, with the unknowns of each side moved: a numeric rejection only.

A near miss such as "holds with x and y swapped on one side" is a claim in
its own right. Its lhs at a point p is the original lhs at the moved point
(p with x and y exchanged), so the original sides, compiled once, evaluate
every such alternative without building it. A clear difference at a point
where both values are real rules the alternative out; nothing else is
concluded here (a diagnosis is still proved before it is given).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import mpmath
from sympy.matrices import MatrixBase

from derivcheck.engine.numeric import (
    EVALUATION_ERRORS,
    Fn,
    NotNumeric,
    compile_expr,
    to_mp,
)
from derivcheck.engine.sampling import Point, points
from derivcheck.formula import Rel, free_symbols
from derivcheck.problem import Variable
from derivcheck.settings import SETTINGS

_CLEAR = mpmath.mpf(10) ** -SETTINGS.sketch_clear
_FLOOR = mpmath.mpf(10) ** -SETTINGS.sketch_floor


class MovedSketch:
    """Both sides of every entry of a relation, compiled once, and the random points to move."""

    def __init__(self, rel: Rel, variables: Sequence[Variable]) -> None:
        sides = list(zip(rel.lhs, rel.rhs, strict=True)) if isinstance(rel.lhs, MatrixBase) else [(rel.lhs, rel.rhs)]
        self.entries: list[tuple[Fn, Fn]] | None
        try:
            self.entries = [(compile_expr(a), compile_expr(b)) for a, b in sides]
        except NotNumeric:
            self.entries = None
        free = free_symbols(rel.lhs) | free_symbols(rel.rhs)
        used = [v for v in variables if v.symbol in free]
        # Random points only: at the first points, of equal special values (all 1), a swap is invisible.
        k = SETTINGS.moved_points
        self.points = list(points(used, SETTINGS.sketch_seed, 4 * k))[-2 * k :]

    def apart(self, left: Callable[[Point], Point], right: Callable[[Point], Point]) -> bool:
        """True when, at one of the points p, some entry's lhs at ``left(p)`` clearly differs from its rhs at ``right(p)``."""
        if self.entries is None:
            return False
        count = SETTINGS.moved_points
        for point in self.points:
            with mpmath.workdps(SETTINGS.sketch_digits):
                try:
                    lenv = {k: to_mp(v) for k, v in left(point).items()}
                    renv = {k: to_mp(v) for k, v in right(point).items()}
                    for lf, rf in self.entries:
                        if _clearly_differ(lf(lenv), rf(renv)):
                            return True
                except EVALUATION_ERRORS:
                    continue
            count -= 1
            if count == 0:
                break
        return False


def _clearly_differ(a: Any, b: Any) -> bool:
    real = all(isinstance(v, mpmath.mpf) and mpmath.isfinite(v) for v in (a, b))
    return real and bool(abs(a - b) > _CLEAR * max(abs(a), abs(b), _FLOOR))


__all__ = ["MovedSketch"]
