"""Counterexamples far out along one unknown, where sampling never goes.

``1.001**x <= x**2 + x + 1`` holds for every positive x up to 19796.46… and
fails beyond: an exponential overtakes a polynomial only very far out, and the
screen's points (magnitudes up to a few thousand) never get there. Here every
unknown, the others at their first special value, walks the points
``±2, ±4, ±8, … ±2**FAR_DOUBLINGS`` of its domain (all walks one doubling at a
time); the first point the screen
sees false (mpmath, escalating precision: a proposal, nothing more) marks the
octave ``(2**(k-1), 2**k]`` where the relation first fails along that walk. The
simplest round number of that octave (one significant digit, then two, then
three) that the screen also sees false is proposed first, then ``2**k`` itself:
``x = 20000`` rather than ``x = 32768``.

Every proposal is judged by the caller as every solved point is
(:func:`derivcheck.engine.decide._solved`): in the domain, the claim defined
there, and false there by the kernel's exact or rigorous-ball judgement. A walk
stops where that judgement would no longer be small (an exact number of more
than :data:`FAR_MOST_BITS` bits, estimated before anything is evaluated). The
effort is counted: at most :data:`FAR_DOUBLINGS` doublings, :data:`FAR_SCREENS`
screened points in all the walks together, :data:`ROUND_DIGITS` bisections of
the octave where a walk fails, and :data:`FAR_PROPOSALS` proposals.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import sympy
from sympy.matrices import MatrixBase

from derivcheck.engine.refute import Compiled, Seen
from derivcheck.engine.sampling import Point, specials
from derivcheck.formula import Rel
from derivcheck.kernel.witness import admits
from derivcheck.problem import Variable

#: How far each walk goes: 2**FAR_DOUBLINGS (about 1.8e19 for 64).
FAR_DOUBLINGS = 64

#: The most points proposed for one relation.
FAR_PROPOSALS = 8

#: The most significant digits of a round number tried in the octave where a walk fails.
ROUND_DIGITS = 3

#: The most unknowns walked.
FAR_UNKNOWNS = 6

#: The most points screened along all the walks of one relation (the bisections of an
#: octave where a walk fails, some 25 points each, come on top).
FAR_SCREENS = 192


def round_numbers(lo: int, hi: int, digits: int) -> list[int]:
    """The integers in (lo, hi] with ``digits`` significant digits, increasing."""
    found: set[int] = set()
    for e in range(len(str(hi))):
        # m's last digit is not 0: m·10**e then has exactly ``digits`` significant digits.
        for m in range(10 ** (digits - 1), 10**digits):
            if m % 10 and lo < m * 10**e <= hi:
                found.add(m * 10**e)
    return sorted(found)


def far_points(rel: Rel, variables: Sequence[Variable]) -> Iterator[Point]:
    """Points far along one unknown where the screen sees ``rel`` false (proposals, see above)."""
    if isinstance(rel.lhs, MatrixBase) or isinstance(rel.rhs, MatrixBase):
        return
    compiled = Compiled(rel.op, rel.lhs, rel.rhs)
    if compiled.error is not None:
        return
    present = [v for v in variables if v.symbol in (rel.lhs - rel.rhs).free_symbols][:FAR_UNKNOWNS]
    # Every walk goes one doubling further in each round, so that all unknowns get as far
    # as the budget of screened points allows, not the first one alone.
    walks = [
        (var, {v.symbol: (specials(v) or [sympy.Integer(0)])[0] for v in present if v is not var}, sign)
        for var in present
        for sign in (1, -1)
    ]
    proposed = screened = 0
    for k in range(1, FAR_DOUBLINGS + 1):
        going = []
        for var, base, sign in walks:
            point = {**base, var.symbol: sympy.Integer(sign * 2**k)}
            if not admits(var, point[var.symbol]) or not _affordable(compiled, point):
                continue  # out of the domain, or exact values too large: only more so farther out
            screened += 1
            if screened > FAR_SCREENS:
                return
            if compiled.screen(point) is not Seen.CANDIDATE:
                going.append((var, base, sign))
                continue
            simple = _simplest_false(compiled, var, base, sign, 2 ** (k - 1), 2**k)
            for found in ([simple] if simple is not None else []) + [point]:
                yield found
                proposed += 1
                if proposed >= FAR_PROPOSALS:
                    return
        walks = going


def _simplest_false(compiled: Compiled, var: Variable, base: Point, sign: int, lo: int, hi: int) -> Point | None:
    """The point of the octave (lo, hi] (times ``sign``) with the fewest significant digits,
    and the nearest 0 of those, where the screen sees the relation false; found by bisection, as if the
    relation failed from one point of the octave on (a guess: the point found is screened
    again, and judged by the caller). None if none of ROUND_DIGITS digits is found."""
    for digits in range(1, ROUND_DIGITS + 1):
        values = [sign * v for v in round_numbers(lo, hi, digits) if admits(var, sympy.Integer(sign * v))]
        a, b = 0, len(values)
        while a < b:
            m = (a + b) // 2
            if _false(compiled, {**base, var.symbol: sympy.Integer(values[m])}):
                b = m
            else:
                a = m + 1
        if a < len(values):
            point = {**base, var.symbol: sympy.Integer(values[a])}
            if _false(compiled, point):
                return point
    return None


def _false(compiled: Compiled, point: Point) -> bool:
    return _affordable(compiled, point) and compiled.screen(point) is Seen.CANDIDATE


#: Functions whose value at a large number SymPy leaves as written (``exp(20000)``):
#: their cost at a point is their arguments'. Any other function (``factorial``,
#: ``gamma`` at an integer) may be evaluated exactly, digit by digit, and a point
#: is proposed for it only while its arguments stay below 2**SMALL_ARGUMENT_BITS.
_AS_WRITTEN = (sympy.exp, sympy.log, sympy.sin, sympy.cos, sympy.tan, sympy.atan, sympy.sinh, sympy.cosh,
               sympy.tanh, sympy.Abs, sympy.sign, sympy.Max, sympy.Min, sympy.erf, sympy.erfc)  # fmt: skip

#: The largest argument (in bits) of any other function at a proposed point.
SMALL_ARGUMENT_BITS = 14

#: The most bits any exact value met while judging a proposal may take (a bound, estimated).
FAR_MOST_BITS = 2_000_000


def _affordable(compiled: Compiled, point: Point) -> bool:
    """Whether the caller's exact judgement at ``point`` stays small: the relation as
    written, substituted there, holds no exact number of more than FAR_MOST_BITS bits
    (``(1001/1000)**(2**40)`` would be evaluated exactly by SymPy, for ever)."""
    try:
        return _bits(compiled.lhs, point) + _bits(compiled.rhs, point) <= FAR_MOST_BITS
    except _TooLarge:
        return False


class _TooLarge(Exception):
    pass


def _bits(e: sympy.Basic, point: Point) -> float:
    """An estimate from above of the bits of e's exact value at ``point``, where SymPy would
    evaluate it exactly (the sizes of numerators and denominators add up under + and ·)."""
    if isinstance(e, sympy.Symbol):
        return _bits(point[e], point) if e in point else 0.0
    if isinstance(e, sympy.Rational):
        return float(int(e.p).bit_length() + int(e.q).bit_length())
    if not e.args:
        return 0.0
    if isinstance(e, sympy.Pow):
        base = _bits(e.base, point)
        exponent = _bits(e.exp, point)
        if exponent > 64:
            raise _TooLarge
        value = e.exp.xreplace(point) if e.exp.free_symbols else e.exp
        if not value.is_Rational:
            return base + exponent
        total = base * max(1, abs(int(value.p)))
        if total > FAR_MOST_BITS:
            raise _TooLarge
        return total
    args = sum(_bits(a, point) for a in e.args)
    if isinstance(e, (sympy.Add, sympy.Mul)) or isinstance(e, _AS_WRITTEN):
        return args
    if args > SMALL_ARGUMENT_BITS * max(1, len(e.args)):
        raise _TooLarge
    return args
