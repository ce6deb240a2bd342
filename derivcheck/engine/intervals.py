"""Certified signs on bounded boxes: the kernel's balls with bisection.

The kernel encloses an expression over a box (each unknown a real ball
covering its interval): every value the expression takes there lies in the
enclosure (:func:`derivcheck.kernel.balls.enclose_over`). If the enclosure is
positive, the expression is positive on the whole box: a proof, not an
estimate. Where it is too wide, the box is cut in two along its widest side
and both halves are tried, up to a budget of boxes (counted, so the answer is
the same on every machine).

This proves inequalities that algebra cannot, such as
``exp(-f²/2) + exp(-(1-f)²/2) > 1`` for ``f`` in ``(0, 1)``. It applies only
when every unknown ranges over a bounded interval; a closed box contains the
open interval, so proving the sign on the closed box is enough.
"""

from __future__ import annotations

import time

import sympy
from flint import arb

from derivcheck.errors import OutOfTime
from derivcheck.kernel import balls
from derivcheck.kernel.ballrules import Unknown
from derivcheck.problem import Variable

Box = dict[sympy.Symbol, arb]

#: The most boxes one sign proof may look at.
MAX_BOXES = 3000

#: The working precision of the enclosures, in bits.
PRECISION = 100

#: A box narrower than this along its widest side is not cut again.
NARROWEST = arb(2) ** -40


def prove_sign_on_box(d: sympy.Expr, variables: list[Variable], strict: bool, deadline: float) -> bool:
    """True if d > 0 (``strict``) or d >= 0 is certified on the variables' box."""
    free = d.free_symbols
    box: Box = {}
    for v in variables:
        if v.symbol in free:
            if not (v.lo.is_finite and v.hi.is_finite):
                return False
            try:
                lo, hi = balls.enclose(v.lo, PRECISION), balls.enclose(v.hi, PRECISION)
            except Unknown:
                return False
            if not (isinstance(lo, arb) and isinstance(hi, arb)):
                return False
            box[v.symbol] = lo.union(hi)  # the closed interval, and a little more
    if set(box) != free or not free:
        return False
    stack = [box]
    boxes = 0
    while stack:
        boxes += 1
        if time.monotonic() > deadline:
            raise OutOfTime("the claim's time budget ran out")
        if boxes > MAX_BOXES:
            return False
        piece = stack.pop()
        try:
            value = balls.enclose_over(d, piece, PRECISION)
        except Unknown:
            value = None
        if isinstance(value, arb):
            if value > 0 or (not strict and value >= 0):
                continue
            if value < 0:
                return False  # negative somewhere: not a proof (refutation is the screen's job)
        widest = max(piece, key=lambda s: piece[s].rad())
        if piece[widest].rad() < NARROWEST:
            return False
        lo, hi, mid = piece[widest].lower(), piece[widest].upper(), piece[widest].mid()
        stack.append({**piece, widest: lo.union(mid)})
        stack.append({**piece, widest: mid.union(hi)})
    return True
