"""The constant factor between two statements' differences, for the faithfulness check.

A ``claim: L op R`` whose sides are not its latex's ``A op' B`` may still be the
same statement: ``L − R = c·(A − B)`` for a constant ``c``
(:mod:`derivcheck.faithful`). Here the factor is only *proposed*, read off the
two differences' values at one point as a simple fraction; the engine then proves
or refutes ``L − R == c·(A − B)``. Nothing here decides anything.
"""

from __future__ import annotations

from fractions import Fraction

#: The largest denominator of a constant factor proposed between the claim's and the latex's differences.
LARGEST_DENOMINATOR = 1000

#: A relation read the other way round (``a <= b`` is ``b >= a``).
CONVERSE = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}


def positive_part(lhs: str, rel: str, rhs: str) -> tuple[str, str]:
    """A relation as ``P rel' 0``: ``a <= b`` is ``b - a >= 0``; ``==`` and ``!=`` keep ``a - b``."""
    if rel in ("<", "<="):
        return f"({rhs}) - ({lhs})", CONVERSE[rel]
    return f"({lhs}) - ({rhs})", rel


def simple_ratio(mine: str | None, theirs: str | None) -> Fraction | None:
    """The simple rational ``mine / theirs`` is, if any: the factor proposed for the differences.

    The values at the witness are exact or given to 30 digits. A constant factor of
    the rule is read as the nearest fraction with a denominator of at most
    :data:`LARGEST_DENOMINATOR`, taken only when it agrees with the ratio to
    20 digits; the kernel then proves or refutes it. (A factor that is irrational,
    such as log 2, is so not proposed: the claim is then reported as a mismatch, whose
    witness, a point where the terms differ, stays true.)
    """
    a, b = rational(mine), rational(theirs)
    if a is None or b is None or b == 0:
        return None
    ratio = a / b
    simple = ratio.limit_denominator(LARGEST_DENOMINATOR)
    if simple != ratio and abs(simple - ratio) > abs(ratio) * Fraction(1, 10**20):
        return None
    return simple


def rational(value: str | None) -> Fraction | None:
    """A value as a fraction: exact (``-3/2``) or a decimal (``0.6931...``, 30 digits)."""
    if value is None or len(value) > 200:
        return None
    try:
        return Fraction(value.replace(" ", ""))
    except (ValueError, ZeroDivisionError):
        return None


__all__ = ["CONVERSE", "LARGEST_DENOMINATOR", "positive_part", "rational", "simple_ratio"]
