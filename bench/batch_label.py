"""The benchmark's own judge of a generated claim: exact or 50-digit evaluation at rational points.

This is the independent route that labels the claims of ``bench/batch_gen.py``. It does not
import derivcheck, nor SymPy: a claim string ``lhs == rhs`` is read by Python's ``ast`` (never
evaluated as code) and computed by the small interpreter below, in which

* numbers are exact ``Fraction`` while only ``+ - * /`` and integer powers are involved, so an
  identity of rational functions is decided exactly at a rational point;
* ``exp log sin cos tan sqrt atan`` and non-integer powers switch to mpmath at 50 digits;
* ``diff(f, x)`` is forward-mode automatic differentiation: every value carries its derivative
  with respect to ``x`` (dual numbers), so the derivative of ``f`` at the point is computed by the
  rules of calculus applied to numbers, not by a symbolic ``diff``.

A false claim's label rests on one point where the two sides differ by far more than the
arithmetic's error; a true claim's label rests on its construction (SymPy computed the right side
from the left) and is kept only if the sides agree at every sample point.
"""

from __future__ import annotations

import ast
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction

import mpmath

mpmath.mp.dps = 50

Scalar = Fraction | mpmath.mpf | mpmath.mpc

#: Relative difference below which two 50-digit values are equal, and above which they differ.
SAME = mpmath.mpf(10) ** -40
DIFFERENT = mpmath.mpf(10) ** -10


class Unreadable(Exception):
    """A node the interpreter does not know, or a point where a side has no value."""


def _mp(v: Scalar) -> mpmath.mpf | mpmath.mpc:
    if isinstance(v, Fraction):
        return mpmath.mpf(v.numerator) / v.denominator
    return v


def _is_int(v: Scalar) -> bool:
    return isinstance(v, Fraction) and v.denominator == 1


@dataclass(frozen=True)
class Dual:
    """A value and its derivative with respect to the differentiation variable."""

    a: Scalar
    b: Scalar = Fraction(0)

    def __add__(self, o: Dual) -> Dual:
        return Dual(self.a + o.a, self.b + o.b)

    def __sub__(self, o: Dual) -> Dual:
        return Dual(self.a - o.a, self.b - o.b)

    def __mul__(self, o: Dual) -> Dual:
        return Dual(self.a * o.a, self.a * o.b + self.b * o.a)

    def __truediv__(self, o: Dual) -> Dual:
        if o.a == 0:
            raise Unreadable("division by zero")
        return Dual(self.a / o.a, (self.b * o.a - self.a * o.b) / (o.a * o.a))

    def __neg__(self) -> Dual:
        return Dual(-self.a, -self.b)

    def __pow__(self, o: Dual) -> Dual:
        if o.b == 0 and _is_int(o.a):
            n = int(o.a)
            if self.a == 0 and n < 0:
                raise Unreadable("division by zero")
            if n == 0:
                return Dual(Fraction(1))
            return Dual(self.a**n, n * self.a ** (n - 1) * self.b)
        if o.b == 0:  # u**c = exp(c log u) with its derivative c u**(c-1) u'
            u, c = _mp(self.a), _mp(o.a)
            if u == 0:
                raise Unreadable("0 to a fractional power")
            return Dual(mpmath.power(u, c), c * mpmath.power(u, c - 1) * self.b)
        return _exp(o * _log(self))


def _lift(f: Callable[[Scalar], Scalar], df: Callable[[Scalar], Scalar]) -> Callable[[Dual], Dual]:
    def g(u: Dual) -> Dual:
        x = _mp(u.a)
        return Dual(f(x), df(x) * u.b)

    return g


def _log_value(x: Scalar) -> Scalar:
    if x == 0:
        raise Unreadable("log(0)")
    return mpmath.log(x)


def _recip(x: Scalar) -> Scalar:
    if x == 0:
        raise Unreadable("division by zero")
    return 1 / x


_exp = _lift(mpmath.exp, mpmath.exp)
_log = _lift(_log_value, _recip)
FUNCTIONS: dict[str, Callable[[Dual], Dual]] = {
    "exp": _exp,
    "log": _log,
    "sin": _lift(mpmath.sin, mpmath.cos),
    "cos": _lift(mpmath.cos, lambda x: -mpmath.sin(x)),
    "tan": _lift(mpmath.tan, lambda x: 1 / mpmath.cos(x) ** 2),
    "atan": _lift(mpmath.atan, lambda x: 1 / (1 + x * x)),
    "sqrt": lambda u: u ** Dual(Fraction(1, 2)),
}

_BINARY: dict[type, Callable[[Dual, Dual], Dual]] = {
    ast.Add: lambda p, q: p + q,
    ast.Sub: lambda p, q: p - q,
    ast.Mult: lambda p, q: p * q,
    ast.Div: lambda p, q: p / q,
    ast.Pow: lambda p, q: p**q,
}


def _value(node: ast.expr, point: dict[str, Fraction], wrt: str | None) -> Dual:
    if isinstance(node, ast.Constant) and isinstance(node.value, int):
        return Dual(Fraction(node.value))
    if isinstance(node, ast.Name) and node.id in point:
        return Dual(point[node.id], Fraction(1 if node.id == wrt else 0))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        v = _value(node.operand, point, wrt)
        return -v if isinstance(node.op, ast.USub) else v
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        return _BINARY[type(node.op)](_value(node.left, point, wrt), _value(node.right, point, wrt))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
        name, args = node.func.id, node.args
        if name == "diff" and len(args) == 2 and isinstance(args[1], ast.Name) and wrt is None:
            return Dual(_value(args[0], point, args[1].id).b)
        if name in FUNCTIONS and len(args) == 1:
            return FUNCTIONS[name](_value(args[0], point, wrt))
    raise Unreadable(ast.dump(node)[:80])


def sides(claim: str) -> tuple[ast.expr, ast.expr]:
    """The two sides of ``lhs == rhs``, as syntax trees."""
    tree = ast.parse(claim, mode="eval").body
    if not (isinstance(tree, ast.Compare) and len(tree.ops) == 1 and isinstance(tree.ops[0], ast.Eq)):
        raise Unreadable("not one equation")
    return tree.left, tree.comparators[0]


def compare(claim: str, point: dict[str, Fraction]) -> bool | None:
    """Whether the two sides are equal at ``point``: True, False, or None (no value, or too close to tell)."""
    lhs, rhs = sides(claim)
    try:
        left, right = _value(lhs, point, None).a, _value(rhs, point, None).a
    except (Unreadable, ZeroDivisionError, ValueError, OverflowError):
        return None
    if isinstance(left, Fraction) and isinstance(right, Fraction):
        return left == right
    a, b = _mp(left), _mp(right)
    if not (mpmath.isfinite(a) and mpmath.isfinite(b)):
        return None
    scale = max(1, abs(a), abs(b))
    gap = abs(a - b) / scale
    if gap <= SAME:
        return True
    if gap >= DIFFERENT:
        return False
    return None


def label(claim: str, points: list[dict[str, Fraction]]) -> tuple[bool | None, dict[str, Fraction] | None]:
    """(True, None) if the sides agree at every point that gives a value (at least two),
    (False, point) at the first point where they differ, (None, None) if undecidable here."""
    agreed = 0
    for point in points:
        same = compare(claim, point)
        if same is False:
            return False, point
        if same is True:
            agreed += 1
    return (True, None) if agreed >= 2 else (None, None)
