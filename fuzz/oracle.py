"""An independent numeric oracle for derivcheck claims.

Given a claim (symbols with domains, optional ``where`` bindings and
``assume`` conditions, a ``claim:`` statement or a ``steps:`` chain) the
oracle labels it TRUE, FALSE (with a witness point) or UNKNOWN, by evaluating
it at many points of the declared domains with its own evaluator: exact
rational arithmetic where the expression allows it, mpmath at 80+ digits
otherwise. It implements the semantics of the claim-format contract itself:

* sums and products are explicit loops (empty when the upper bound is below
  the lower one), limits are sequences approaching the point (two-sided
  unless a direction is given), integrals are mpmath quadratures split at the
  singular points found in the range, with divergence and non-existence
  detected numerically;
* functions are complex-valued on the principal branch; a side that is
  non-real makes an inequality say nothing there (the point is skipped), a
  side without a value (division by zero, log(0)) skips the point, and a
  limit or improper integral that does not exist makes its relation false.

The expression text is parsed with Python's ``ast`` module; nothing in a
claim is executed, and no symbolic engine is asked for a value.

Every decision at a point compares two *levels* of evaluation: level 2 uses
more digits, smaller steps toward a limit point and a more precise
quadrature than level 1. A difference that shrinks by many orders of
magnitude from level 1 to level 2 is rounding or truncation noise (the true
value is zero); one that stays put is real. Anything in between is
"uncertain" and never produces a label.
"""

from __future__ import annotations

import ast
import enum
import hashlib
import itertools
import math
import random
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, Callable, Iterable, Iterator, Sequence, Union

import mpmath

# ---------------------------------------------------------------------------
# Errors and values


class Undefined(Exception):
    """A side has no value at this point (a division by zero, log(0)): skip the point."""


class Uncertain(Exception):
    """The oracle cannot decide this evaluation reliably."""


class Unsupported(Exception):
    """The claim uses a construct the oracle does not model: the claim is UNKNOWN."""


class _NoValue:
    """The value of a limit or improper integral that does not exist."""

    _instance: "_NoValue | None" = None

    def __new__(cls) -> "_NoValue":
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NoValue"


NOVALUE = _NoValue()

#: A value: an exact rational, an mpmath real or complex (possibly ±inf), or NOVALUE.
Value = Union[Fraction, mpmath.mpf, mpmath.mpc, _NoValue]

INF = mpmath.mpf("inf")


def dps_of(level: int) -> int:
    """Working digits of an evaluation level."""
    return 40 + 40 * level


def limit_depth(level: int) -> int:
    """A limit at level k looks at distances down to 10**-depth (or up to 10**depth)."""
    return 25 * level - 5


def quad_dps(level: int) -> int:
    """Digits of a quadrature: fewer than the level's, quadrature is the slow part."""
    return 20 + 15 * level


def to_mp(v: Value) -> Any:
    if isinstance(v, Fraction):
        return mpmath.mpf(v.numerator) / v.denominator
    if isinstance(v, int):
        return mpmath.mpf(v)
    return v


def is_exact(v: Value) -> bool:
    return isinstance(v, Fraction)


def is_inf(v: Value) -> bool:
    return isinstance(v, (mpmath.mpf, mpmath.mpc)) and mpmath.isinf(v)


def is_complex(v: Value) -> bool:
    return isinstance(v, mpmath.mpc)


def is_real_value(v: Value) -> bool:
    return isinstance(v, (Fraction, mpmath.mpf))


def fmt(v: Value, digits: int = 25) -> str:
    """A value for a report."""
    if v is NOVALUE:
        return "does not exist"
    if isinstance(v, Fraction):
        return str(v)
    if is_inf(v):
        if isinstance(v, mpmath.mpf):
            return "oo" if v > 0 else "-oo"
        return "zoo"
    return mpmath.nstr(v, digits)


# ---------------------------------------------------------------------------
# Expressions: parsed with ast into small tuples
#
# ('num', Fraction) ('const', name) ('sym', name) ('str', text)
# ('neg', a) ('add', a, b) ('sub', a, b) ('mul', a, b) ('div', a, b) ('pow', a, b)
# ('call', name, args) ('tuple', items)
# ('rel', op, a, b) ('and', items) ('or', items) ('not', a) ('implies', a, b) ('iff', a, b)

Node = tuple

RELATIONS = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}
BINOPS = {ast.Add: "add", ast.Sub: "sub", ast.Mult: "mul", ast.Div: "div", ast.Pow: "pow"}
CONSTANTS = {"pi", "oo", "I", "zoo"}
ALIASES = {"max": "Max", "min": "Min", "abs": "Abs", "Heaviside": "H", "ln": "log"}
BOOLEAN_CALLS = {"And": "and", "Or": "or", "Not": "not", "implies": "implies", "Implies": "implies", "iff": "iff", "Equivalent": "iff"}
#: Calls whose first tuple argument binds a variable.
BINDERS = {"Sum", "Product", "integrate", "Integral"}
SIMPLE_FUNCTIONS = {
    "exp", "log", "sqrt", "Abs", "sign", "Max", "Min", "sin", "cos", "tan", "sinh", "cosh", "tanh",
    "atan", "erf", "sigmoid", "relu", "H", "KroneckerDelta", "xlogy", "cot", "sec", "csc", "asinh",
    "floor", "ceiling", "Rational",
}
SPECIAL_FORMS = {"limit", "diff", "Derivative"} | BINDERS


def parse(text: str) -> Node:
    """Parse an expression or statement of the claim language."""
    text = str(text).strip()
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as e:
        raise Unsupported(f"cannot parse {text!r}: {e.msg}") from None
    return _convert(tree.body, text)


def _convert(n: ast.AST, text: str) -> Node:
    if isinstance(n, ast.Constant):
        if isinstance(n.value, bool):
            raise Unsupported("boolean literal")
        if isinstance(n.value, int):
            return ("num", Fraction(n.value))
        if isinstance(n.value, float):
            # A decimal is the exact rational it spells (2.5 is 5/2), not a binary float.
            segment = ast.get_source_segment(text, n) or repr(n.value)
            return ("num", Fraction(segment))
        if isinstance(n.value, str):
            return ("str", n.value)
        raise Unsupported(f"literal {n.value!r}")
    if isinstance(n, ast.Name):
        if n.id in CONSTANTS:
            return ("const", n.id)
        return ("sym", n.id)
    if isinstance(n, ast.UnaryOp):
        a = _convert(n.operand, text)
        if isinstance(n.op, ast.USub):
            return ("neg", a)
        if isinstance(n.op, ast.UAdd):
            return a
        if isinstance(n.op, ast.Not):
            return ("not", a)
        raise Unsupported("unary operator")
    if isinstance(n, ast.BinOp):
        kind = BINOPS.get(type(n.op))
        if kind is None:
            raise Unsupported(f"operator {type(n.op).__name__}")
        return (kind, _convert(n.left, text), _convert(n.right, text))
    if isinstance(n, ast.BoolOp):
        items = tuple(_convert(v, text) for v in n.values)
        return ("and" if isinstance(n.op, ast.And) else "or", items)
    if isinstance(n, ast.Compare):
        parts = [_convert(n.left, text)] + [_convert(c, text) for c in n.comparators]
        rels = tuple(("rel", RELATIONS[type(op)], parts[i], parts[i + 1]) for i, op in enumerate(n.ops))
        return rels[0] if len(rels) == 1 else ("and", rels)
    if isinstance(n, ast.Tuple):
        return ("tuple", tuple(_convert(e, text) for e in n.elts))
    if isinstance(n, ast.Call):
        if not isinstance(n.func, ast.Name) or n.keywords:
            raise Unsupported("call of a non-name or with keywords")
        name = ALIASES.get(n.func.id, n.func.id)
        args = tuple(_convert(a, text) for a in n.args)
        if name in BOOLEAN_CALLS:
            kind = BOOLEAN_CALLS[name]
            if kind in ("and", "or"):
                return (kind, args)
            if kind == "not":
                return ("not", args[0])
            return (kind, args[0], args[1])
        if name == "Integral":
            name = "integrate"
        if name == "Derivative":
            name = "diff"
        return ("call", name, args)
    raise Unsupported(f"syntax {type(n).__name__}")


_PRECEDENCE = {"add": 1, "sub": 1, "neg": 2, "mul": 2, "div": 2, "pow": 3}


def to_text(node: Node) -> str:
    """Claim-language text of a node (used to print alternative claims)."""
    kind = node[0]
    if kind == "num":
        q: Fraction = node[1]
        return str(q.numerator) if q.denominator == 1 else f"{q.numerator}/{q.denominator}"
    if kind in ("const", "sym"):
        return node[1]
    if kind == "str":
        return repr(node[1])
    if kind == "tuple":
        return "(" + ", ".join(to_text(e) for e in node[1]) + ")"
    if kind == "call":
        return f"{node[1]}(" + ", ".join(to_text(a) for a in node[2]) + ")"
    if kind == "rel":
        return f"{to_text(node[2])} {node[1]} {to_text(node[3])}"
    if kind in ("and", "or"):
        return ("And(" if kind == "and" else "Or(") + ", ".join(to_text(e) for e in node[1]) + ")"
    if kind == "not":
        return f"Not({to_text(node[1])})"
    if kind in ("implies", "iff"):
        return f"{kind}({to_text(node[1])}, {to_text(node[2])})"
    if kind == "neg":
        return f"-{_paren(node[1], 2)}"
    sym = {"add": " + ", "sub": " - ", "mul": "*", "div": "/", "pow": "**"}[kind]
    p = _PRECEDENCE[kind]
    left = _paren(node[1], p + (1 if kind == "pow" else 0))
    right = _paren(node[2], p + (0 if kind in ("add", "mul", "pow") else 1))
    return left + sym + right


def _paren(node: Node, p: int) -> str:
    s = to_text(node)
    inner = _PRECEDENCE.get(node[0], 9)
    if node[0] == "num" and (node[1] < 0 or node[1].denominator != 1):
        inner = 2 if node[1] >= 0 else 1
    return f"({s})" if inner < p else s


def substitute(node: Node, mapping: dict[str, Node]) -> Node:
    """Replace free occurrences of names; binders shadow their variable."""
    kind = node[0]
    if kind == "sym":
        return mapping.get(node[1], node)
    if kind in ("num", "const", "str"):
        return node
    if kind == "call":
        name, args = node[1], node[2]
        bound = _bound_name(node)
        if bound is not None and bound in mapping:
            inner = {k: v for k, v in mapping.items() if k != bound}
            new_args = list(args)
            if name in BINDERS:
                spec = args[1]
                new_args[0] = substitute(args[0], inner)
                new_args[1] = ("tuple", (spec[1][0],) + tuple(substitute(e, mapping) for e in spec[1][1:]))
            elif name == "limit":
                new_args[0] = substitute(args[0], inner)
                new_args[2:] = [substitute(a, mapping) for a in args[2:]]
            else:  # diff: the variable stays free in the result
                new_args = [substitute(a, mapping) if i != 1 else a for i, a in enumerate(args)]
            return ("call", name, tuple(new_args))
        return ("call", name, tuple(substitute(a, mapping) for a in args))
    if kind in ("tuple", "and", "or"):
        return (kind, tuple(substitute(e, mapping) for e in node[1]))
    if kind == "rel":
        return ("rel", node[1], substitute(node[2], mapping), substitute(node[3], mapping))
    return (kind,) + tuple(substitute(e, mapping) for e in node[1:])


def _bound_name(node: Node) -> str | None:
    name, args = node[1], node[2]
    if name in BINDERS and len(args) >= 2 and args[1][0] == "tuple" and args[1][1] and args[1][1][0][0] == "sym":
        return args[1][1][0][1]
    if name == "limit" and len(args) >= 2 and args[1][0] == "sym":
        return args[1][1]
    return None


def free_names(node: Node) -> frozenset[str]:
    """Names occurring free in a node."""
    kind = node[0]
    if kind == "sym":
        return frozenset([node[1]])
    if kind in ("num", "const", "str"):
        return frozenset()
    if kind == "call":
        bound = _bound_name(node)
        args = node[2]
        if bound is not None:
            if node[1] in BINDERS:
                inner = free_names(args[0]) - {bound}
                limits = frozenset().union(*(free_names(e) for e in args[1][1][1:]))
                return inner | limits | frozenset().union(*(free_names(a) for a in args[2:]))
            return (free_names(args[0]) - {bound}) | frozenset().union(*(free_names(a) for a in args[2:]))
        return frozenset().union(*(free_names(a) for a in args)) if args else frozenset()
    if kind in ("tuple", "and", "or"):
        return frozenset().union(*(free_names(e) for e in node[1])) if node[1] else frozenset()
    if kind == "rel":
        return free_names(node[2]) | free_names(node[3])
    return frozenset().union(*(free_names(e) for e in node[1:]))


def walk(node: Node) -> Iterator[Node]:
    yield node
    kind = node[0]
    if kind in ("num", "const", "sym", "str"):
        return
    if kind == "call":
        for a in node[2]:
            yield from walk(a)
    elif kind in ("tuple", "and", "or"):
        for e in node[1]:
            yield from walk(e)
    elif kind == "rel":
        yield from walk(node[2])
        yield from walk(node[3])
    else:
        for e in node[1:]:
            yield from walk(e)


def literals(node: Node) -> set[Fraction]:
    """The numbers written in a node: the breakpoints a claim may hide (log(x + 1000))."""
    return {n[1] for n in walk(node) if n[0] == "num"}


# ---------------------------------------------------------------------------
# The evaluator


class Truth(enum.Enum):
    TRUE = "true"
    FALSE = "false"
    SKIP = "skip"  # the point says nothing (a side undefined, or non-real in an inequality)
    UNCERTAIN = "uncertain"


@dataclass
class RelationReport:
    """Both sides of one relation at one point, for a report."""

    text: str
    lhs: str
    rhs: str
    truth: Truth


class Evaluator:
    """Evaluates nodes at one level, in an environment of exact or mpmath values.

    ``where`` holds the let-bindings (name → node), evaluated in the current
    environment at each reference. Limits and integrals are cached by their
    node and the values of their free names.
    """

    def __init__(self, level: int, where: dict[str, Node], cache: dict[Any, Value], dps: int | None = None) -> None:
        self.level = level
        self.dps = dps or dps_of(level)
        self.where = where
        self.cache = cache
        #: Inside an integrand the variable is an mpmath number at quadrature nodes:
        #: the zero tests of sign and H need no re-evaluation there (a set of measure zero).
        self.in_integrand = False
        #: Depth of limit sequences being evaluated: there a value swamped by rounding
        #: (1 + exp(-10**45)) is what the limit means, not a loss.
        self.in_limit = 0
        #: Precision was lost outside limits and integrals, so that the two levels may
        #: agree on a wrong value: an exponential of a huge argument was rounded away
        #: (1 - tanh(10**6) is 0 at any affordable precision), or huge terms cancelled
        #: exactly (cosh(999)**2 - sinh(999)**2 is 0 below 870 digits).
        self.saturated = False
        #: The digits it takes to evaluate without that loss.
        self.digits_needed = 0
        #: How many numeric zero decisions (not exact ones) sign and H took.
        self.zero_decisions = 0
        #: The largest relative error estimate of the approximations used (a quadrature's
        #: error estimate, the last step of a limit sequence): a difference within it is
        #: not a clear one, however stable it is from level to level.
        self.rel_error: Any = mpmath.mpf(0)

    # -- entry points

    def value(self, node: Node, env: dict[str, Value]) -> Value:
        with mpmath.workdps(self.dps):
            return self.ev(node, env)

    # -- the recursive walk

    def ev(self, node: Node, env: dict[str, Value]) -> Value:
        kind = node[0]
        if kind == "num":
            return node[1]
        if kind == "sym":
            name = node[1]
            if name in env:
                return env[name]
            if name in self.where:
                return self.ev(self.where[name], env)
            raise Unsupported(f"undeclared name {name}")
        if kind == "const":
            name = node[1]
            if name == "pi":
                return +mpmath.pi
            if name == "oo":
                return INF
            if name == "I":
                return mpmath.mpc(0, 1)
            raise Undefined("zoo")
        if kind == "neg":
            v = self.ev(node[1], env)
            return NOVALUE if v is NOVALUE else -v
        if kind in ("add", "sub", "mul", "div", "pow"):
            a = self.ev(node[1], env)
            b = self.ev(node[2], env)
            if a is NOVALUE or b is NOVALUE:
                return NOVALUE
            return self.arith(kind, a, b)
        if kind == "call":
            return self.call(node, env)
        raise Unsupported(f"{kind} where a value is expected")

    def arith(self, kind: str, a: Value, b: Value) -> Value:
        if kind == "pow":
            return self.power(a, b)
        if isinstance(a, Fraction) and isinstance(b, Fraction):
            if kind == "add":
                return a + b
            if kind == "sub":
                return a - b
            if kind == "mul":
                return a * b
            if b == 0:
                raise Undefined("division by zero")
            return a / b
        x, y = to_mp(a), to_mp(b)
        if kind == "div" and y == 0:
            raise Undefined("division by zero")
        if kind == "mul" and ((is_inf(x) and y == 0) or (is_inf(y) and x == 0)):
            raise Uncertain("0*oo")
        r = {"add": lambda: x + y, "sub": lambda: x - y, "mul": lambda: x * y, "div": lambda: x / y}[kind]()
        if kind in ("add", "sub") and not self.in_limit and not self.in_integrand:
            self.note_cancellation(x, y, r)
        return self.checked(r)

    def note_cancellation(self, x: Any, y: Any, r: Any) -> None:
        """Huge terms that cancel to (almost) nothing: the rounding of each may hide the result."""
        if is_inf(x) or is_inf(y):
            return
        mag = max(abs(x), abs(y))
        ten = mpmath.mpf(10)
        if mag > ten ** (self.dps // 4) and abs(r) < mag * ten ** -(self.dps - 30):
            self.saturated = True
            self.digits_needed = max(self.digits_needed, int(mpmath.log10(mag)) + 60)
        small = min(abs(x), abs(y))
        if small != 0 and small < mag * ten ** -(self.dps - 10):
            # A term below the precision of the other is lost (2^-999999 - 1 is -1): if a
            # later step cancels the rest, the result would be its rounding, not its value.
            self.saturated = True
            self.digits_needed = max(self.digits_needed, int(mpmath.log10(mag / small)) + 60)

    def checked(self, r: Any) -> Value:
        if isinstance(r, mpmath.mpc):
            if mpmath.isnan(r.real) or mpmath.isnan(r.imag):
                raise Uncertain("nan")
            if r.imag == 0 and not mpmath.isinf(r.real):
                return r.real
            if mpmath.isinf(r):
                raise Uncertain("complex infinity")
        elif isinstance(r, mpmath.mpf) and mpmath.isnan(r):
            raise Uncertain("nan (oo - oo or 0*oo)")
        return r

    def power(self, a: Value, b: Value) -> Value:
        if isinstance(b, Fraction) and b.denominator == 1:
            n = b.numerator
            if isinstance(a, Fraction):
                if a == 0:
                    if n < 0:
                        raise Undefined("0 to a negative power")
                    return Fraction(1) if n == 0 else Fraction(0)
                if abs(n) <= 4096 and (abs(a.numerator) < 2**64 and a.denominator < 2**64 or abs(n) <= 64):
                    return a**n
                return self.checked(mpmath.power(to_mp(a), n))
            x = to_mp(a)
            if x == 0 and n < 0:
                raise Undefined("0 to a negative power")
            if is_inf(x):
                if n == 0:
                    return Fraction(1)
                return self.checked(x**n)
            return self.checked(mpmath.power(x, n))
        if isinstance(a, Fraction) and isinstance(b, Fraction):
            if a == 0:
                if b > 0:
                    return Fraction(0)
                raise Undefined("0 to a non-positive power")
            exact = _exact_root(a, b)
            if exact is not None:
                return exact
        x, y = to_mp(a), to_mp(b)
        if x == 0:
            if is_complex(y) or y <= 0:
                raise Undefined("0 to a non-positive power")
            return Fraction(0)
        if is_inf(x) or is_inf(y):
            if isinstance(x, mpmath.mpf) and isinstance(y, mpmath.mpf) and x > 0:
                return self.checked(mpmath.power(x, y))
            raise Uncertain("power with an infinity")
        return self.checked(mpmath.power(x, y))

    # -- functions

    def call(self, node: Node, env: dict[str, Value]) -> Value:
        name, args = node[1], node[2]
        if name == "limit":
            return self.limit(node, env)
        if name in BINDERS:
            if name == "integrate":
                return self.integral(node, env)
            return self.sum_or_product(node, env)
        if name == "diff":
            return self.derivative(node, env)
        if name in ("sign", "H"):
            return self.step(name, args[0], env)
        if name not in SIMPLE_FUNCTIONS:
            raise Unsupported(f"function {name}")
        vals = [self.ev(a, env) for a in args]
        if any(v is NOVALUE for v in vals):
            return NOVALUE
        return self.apply(name, vals)

    def apply(self, name: str, vals: list[Value]) -> Value:
        if name in ("Max", "Min", "relu"):
            if name == "relu":
                vals = [Fraction(0), vals[0]]
            if not vals:
                raise Unsupported("Max() of nothing")
            if any(is_complex(v) for v in vals):
                raise Uncertain("Max/Min of a non-real value")
            if all(isinstance(v, Fraction) for v in vals):
                return max(vals) if name != "Min" else min(vals)
            ms = [to_mp(v) for v in vals]
            return max(ms) if name != "Min" else min(ms)
        if name == "KroneckerDelta":
            a, b = vals
            if isinstance(a, Fraction) and isinstance(b, Fraction):
                return Fraction(int(a == b))
            raise Uncertain("KroneckerDelta of inexact values")
        if name == "Rational":
            a, b = vals
            if isinstance(a, Fraction) and isinstance(b, Fraction) and b != 0:
                return a / b
            raise Unsupported("Rational of non-rationals")
        if name in ("floor", "ceiling"):
            v = vals[0]
            if isinstance(v, Fraction):
                return Fraction(math.floor(v) if name == "floor" else math.ceil(v))
            raise Uncertain("floor of an inexact value")
        if name == "xlogy":
            a, b = vals
            if isinstance(a, Fraction) and a == 0:
                return Fraction(0)
            return self.arith("mul", a, self.apply("log", [b]))
        if name == "log" and len(vals) == 2:
            return self.arith("div", self.apply("log", [vals[0]]), self.apply("log", [vals[1]]))
        if len(vals) != 1:
            raise Unsupported(f"{name} with {len(vals)} arguments")
        v = vals[0]
        if isinstance(v, Fraction):
            exact = _exact_function(name, v)
            if exact is not None:
                return exact
        x = to_mp(v)
        if name in _SATURATING and not self.in_limit and not self.in_integrand:
            # The size of the exponent the function hides: tanh(x) = 1 - 2 exp(-2x) + ..., erf(x) = 1 - exp(-x**2)/...
            size = abs(mpmath.re(x)) * (2 if name == "tanh" else 1)
            if name == "erf":
                size = size**2
            # exp(-size) below 10**-(dps - 40): 1 + exp(-size) has lost it.
            if size > 2.3 * (self.dps - 40):
                self.saturated = True
                self.digits_needed = max(self.digits_needed, int(size / 2.3) + 60)
        if name == "Abs":
            return abs(x)
        if name == "log":
            if x == 0:
                raise Undefined("log(0)")
            return self.checked(mpmath.log(x))
        if name == "sqrt":
            return self.checked(mpmath.sqrt(x))
        if name == "sigmoid":
            if is_inf(x):
                return Fraction(1) if x > 0 else Fraction(0)
            return self.checked(1 / (1 + mpmath.exp(-x)))
        if name in ("cot", "sec", "csc"):
            base = {"cot": mpmath.tan, "sec": mpmath.cos, "csc": mpmath.sin}[name](x)
            if base == 0:
                raise Undefined(f"{name} pole")
            return self.checked(1 / base)
        if is_inf(x) and name in ("sin", "cos", "tan"):
            raise Uncertain(f"{name}(oo)")
        fn = {
            "exp": mpmath.exp, "sin": mpmath.sin, "cos": mpmath.cos, "tan": mpmath.tan,
            "sinh": mpmath.sinh, "cosh": mpmath.cosh, "tanh": mpmath.tanh, "atan": mpmath.atan,
            "erf": mpmath.erf, "asinh": mpmath.asinh,
        }[name]
        return self.checked(fn(x))

    def step(self, name: str, arg: Node, env: dict[str, Value]) -> Value:
        """sign and H, whose value jumps at zero: a tiny argument is re-evaluated
        one level up, to tell rounding noise (an exact zero) from a small number."""
        v = self.ev(arg, env)
        if v is NOVALUE:
            return NOVALUE
        if isinstance(v, Fraction):
            s = (v > 0) - (v < 0)
        elif is_complex(v):
            if name == "H":
                raise Uncertain("Heaviside of a non-real value")
            if v == 0:
                s = 0
            else:
                return v / abs(v)
        else:
            s = self.mp_sign(v, arg, env)
        if name == "sign":
            return Fraction(s)
        return Fraction(1, 2) if s == 0 else Fraction(int(s > 0))

    def mp_sign(self, v: Any, arg: Node, env: dict[str, Value]) -> int:
        if is_inf(v) or abs(v) > mpmath.mpf(10) ** (-self.dps // 2) or self.in_integrand:
            return int(mpmath.sign(v))
        if self.level >= 4:
            raise Uncertain("sign of a number indistinguishable from zero")
        higher = Evaluator(self.level + 1, self.where, self.cache, self.dps + 40)
        higher.in_limit, higher.in_integrand = self.in_limit, self.in_integrand
        w = higher.value(arg, env)
        if higher.saturated:
            self.saturated = True
            self.digits_needed = max(self.digits_needed, higher.digits_needed)
        if isinstance(w, Fraction):
            return (w > 0) - (w < 0)
        if not isinstance(w, mpmath.mpf):
            raise Uncertain("sign of a non-real value")
        with mpmath.workdps(higher.dps):
            z = zeroness(v, w, mpmath.mpf(1), self.dps, higher.dps)
        if z == "zero":
            self.zero_decisions += 1
            return 0
        if z in ("pos", "neg"):
            return 1 if z == "pos" else -1
        raise Uncertain("sign of a number near zero")

    # -- sums and products

    def sum_or_product(self, node: Node, env: dict[str, Value]) -> Value:
        name, args = node[1], node[2]
        body, spec = args[0], args[1]
        if len(args) != 2 or spec[0] != "tuple" or len(spec[1]) != 3:
            raise Unsupported(f"{name} with several ranges")
        var = spec[1][0][1]
        lo, hi = self.ev(spec[1][1], env), self.ev(spec[1][2], env)
        if lo is NOVALUE or hi is NOVALUE:
            return NOVALUE
        if not (isinstance(lo, Fraction) and isinstance(hi, Fraction)):
            raise Unsupported(f"{name} with an infinite or inexact bound")
        if lo.denominator != 1 or hi.denominator != 1:
            raise Unsupported(f"{name} with a non-integer bound")
        a, b = lo.numerator, hi.numerator
        if b - a + 1 > 20000:
            raise Uncertain(f"{name} over more than 20000 terms")
        acc: Value = Fraction(0) if name == "Sum" else Fraction(1)
        for k in range(a, b + 1):  # empty when b < a: 0 for a sum, 1 for a product
            term = self.ev(body, {**env, var: Fraction(k)})
            if term is NOVALUE:
                return NOVALUE
            acc = self.arith("add" if name == "Sum" else "mul", acc, term)
        return acc

    # -- limits

    def limit(self, node: Node, env: dict[str, Value]) -> Value:
        args = node[2]
        if len(args) not in (3, 4) or args[1][0] != "sym":
            raise Unsupported("limit with unusual arguments")
        var = args[1][1]
        direction = None
        if len(args) == 4:
            if args[3][0] != "str" or args[3][1] not in ("+", "-", "+-"):
                raise Unsupported("limit direction")
            direction = None if args[3][1] == "+-" else args[3][1]
        key = self._cache_key(node, env)
        if key not in self.cache:
            target = self.ev(args[2], env)
            if target is NOVALUE:
                return NOVALUE
            before, self.rel_error = self.rel_error, mpmath.mpf(0)
            result = self._limit(args[0], var, target, direction, env)
            self.cache[key] = (result, self.rel_error)
            self.rel_error = max(before, self.rel_error)
        result, err = self.cache[key]
        self.rel_error = max(self.rel_error, err)
        return result

    def _cache_key(self, node: Node, env: dict[str, Value]) -> Any:
        names = sorted(free_names(node) & env.keys())
        return (id(node), self.level, self.dps, self.in_integrand, tuple((n, _hashable(env[n])) for n in names))

    def _limit(self, body: Node, var: str, target: Value, direction: str | None, env: dict[str, Value]) -> Value:
        if is_inf(target):
            if is_complex(target):
                raise Unsupported("limit at complex infinity")
            sign = 1 if target > 0 else -1
            return self._side_limit(body, var, lambda j: Fraction(sign * 10**j), env)
        if is_complex(target):
            raise Unsupported("limit at a non-real point")
        sides = ["+", "-"] if direction is None else [direction]
        results = []
        for side in sides:
            s = 1 if side == "+" else -1
            if isinstance(target, Fraction):
                point: Callable[[int], Value] = lambda j, s=s: target + Fraction(s, 10**j)
            else:
                t = to_mp(target)
                point = lambda j, s=s, t=t: t + s * mpmath.mpf(10) ** (-j)
            results.append(self._side_limit(body, var, point, env))
        if len(results) == 1:
            return results[0]
        return _two_sided(results[0], results[1])

    def _side_limit(self, body: Node, var: str, point: Callable[[int], Value], env: dict[str, Value]) -> Value:
        depth = limit_depth(self.level)
        exponents = [depth // 4, depth // 2, (3 * depth) // 4, depth]
        values = []
        self.in_limit += 1
        try:
            for j in exponents:
                try:
                    values.append(self.ev(body, {**env, var: point(j)}))
                except Undefined:
                    # A sequence point may hit a hole of the function: step beside it.
                    try:
                        values.append(self.ev(body, {**env, var: _nudge(point(j))}))
                    except Undefined:
                        raise Uncertain("the function has no value along the sequence") from None
        finally:
            self.in_limit -= 1
        if any(v is NOVALUE for v in values):
            raise Uncertain("a limit of something that does not exist")
        result = settle(values)
        if not isinstance(result, Fraction) and not is_inf(result):
            last, prev = to_mp(values[-1]), to_mp(values[-2])
            self.rel_error = max(self.rel_error, abs(last - prev) / max(abs(last), 1))
        return result

    # -- derivatives

    def derivative(self, node: Node, env: dict[str, Value]) -> Value:
        args = node[2]
        if len(args) not in (2, 3) or args[1][0] != "sym":
            raise Unsupported("diff with unusual arguments")
        var = args[1][1]
        order = 1
        if len(args) == 3:
            n = args[2]
            if n[0] != "num" or n[1].denominator != 1 or not 0 <= n[1] <= 4:
                raise Unsupported("diff order")
            order = int(n[1])
        if var not in env:
            raise Unsupported("diff by a name without a value")
        x0 = env[var]
        if not is_real_value(x0):
            raise Unsupported("diff at a non-real point")

        def f(t: Any) -> Any:
            v = self.ev(args[0], {**env, var: t})
            if v is NOVALUE:
                raise Uncertain("diff of something that does not exist")
            return to_mp(v)

        try:
            if order == 1:
                # At a kink the two one-sided derivatives differ and the value there is
                # a convention (H(0) = 1/2 for diff(relu(x), x), or the one-sided slope
                # on a domain that ends at the kink): the oracle does not judge it.
                # The slopes a little to each side: the point itself is rounded, and a
                # kink within the rounding would be missed by one-sided differences.
                delta = mpmath.mpf(10) ** (-(mpmath.mp.dps // 4))
                right = mpmath.diff(f, to_mp(x0) + delta, 1)
                left = mpmath.diff(f, to_mp(x0) - delta, 1)
                if abs(right - left) > mpmath.mpf(10) ** (-(mpmath.mp.dps // 8)) * (1 + abs(right)):
                    raise Uncertain("a derivative at a kink, where its value is a convention")
            return self.checked(mpmath.diff(f, to_mp(x0), order))
        except Undefined:
            raise Uncertain("the function has no value near the point") from None

    # -- integrals

    def integral(self, node: Node, env: dict[str, Value]) -> Value:
        args = node[2]
        if len(args) != 2 or args[1][0] != "tuple" or len(args[1][1]) != 3:
            raise Unsupported("integrate without one (t, a, b) range")
        key = self._cache_key(node, env)
        if key not in self.cache:
            var = args[1][1][0][1]
            lo, hi = self.ev(args[1][1][1], env), self.ev(args[1][1][2], env)
            if lo is NOVALUE or hi is NOVALUE:
                return NOVALUE
            if is_complex(lo) or is_complex(hi):
                raise Unsupported("integral with a non-real bound")
            integral = Integral(self, args[0], var, env)
            result = integral.value(lo, hi)
            err = mpmath.mpf(0)
            if result is not NOVALUE and not is_inf(result) and not isinstance(result, Fraction):
                err = integral.error / max(abs(result), 1)
            self.cache[key] = (result, err)
        result, err = self.cache[key]
        self.rel_error = max(self.rel_error, err)
        return result


_SATURATING = {"exp", "sinh", "cosh", "tanh", "sigmoid", "erf"}


def _hashable(v: Value) -> Any:
    if isinstance(v, (mpmath.mpf, mpmath.mpc)):
        return repr(v)
    return v


def _nudge(p: Value) -> Value:
    if isinstance(p, Fraction):
        return p * Fraction(1000001, 1000000) if p != 0 else Fraction(1, 10**6)
    return p * (1 + mpmath.mpf(10) ** -6)


def _exact_root(a: Fraction, b: Fraction) -> Fraction | None:
    """a**b exactly, when a > 0 is a perfect power (4**(1/2) = 2), else None."""
    if a <= 0 or b.denominator > 64 or abs(b.numerator) > 64:
        return None
    q = b.denominator
    num, den = _iroot(a.numerator, q), _iroot(a.denominator, q)
    if num is None or den is None:
        return None
    return Fraction(num, den) ** b.numerator


def _iroot(n: int, q: int) -> int | None:
    if n < 0 or n.bit_length() > 4000:
        return None
    r = round(n ** (1.0 / q)) if n < 2**1000 else None
    if r is None:
        return None
    for c in (r - 1, r, r + 1):
        if c >= 0 and c**q == n:
            return c
    return None


def _exact_function(name: str, v: Fraction) -> Value | None:
    """Exact values of the functions at rational points where they are rational."""
    if name == "Abs":
        return abs(v)
    if name == "sqrt":
        if v >= 0:
            return _exact_root(v, Fraction(1, 2)) if v != 0 else Fraction(0)
        return None
    if v == 0:
        zero_at_zero = {"sin": 0, "tan": 0, "sinh": 0, "tanh": 0, "atan": 0, "erf": 0, "asinh": 0, "exp": 1, "cos": 1, "cosh": 1}
        if name in zero_at_zero:
            return Fraction(zero_at_zero[name])
        if name == "sigmoid":
            return Fraction(1, 2)
        if name == "log":
            raise Undefined("log(0)")
    if name == "log" and v == 1:
        return Fraction(0)
    return None


def settle(values: Sequence[Value]) -> Value:
    """The limit of a sequence of values taken closer and closer to the point.

    Exactly constant values are the limit. Differences that shrink below a
    small fraction of the size give the last value (the two-level comparison
    later checks it improves with depth). Values of one sign whose size keeps
    growing give ±oo. Anything else is uncertain.
    """
    if all(isinstance(v, Fraction) for v in values) and len(set(values)) == 1:
        return values[0]
    ms = [to_mp(v) for v in values]
    if any(is_inf(m) for m in ms):
        if all(isinstance(m, mpmath.mpf) and is_inf(m) and m == ms[-1] for m in ms[-2:]):
            return ms[-1]
        raise Uncertain("infinite values along the sequence")
    last, prev, before = ms[-1], ms[-2], ms[-3]
    size = max(abs(last), 1)
    d1, d2 = abs(last - prev), abs(prev - before)
    if d1 <= mpmath.mpf(10) ** -6 * size and d1 <= max(d2, mpmath.mpf(10) ** -30 * size):
        return last
    if all(isinstance(m, mpmath.mpf) for m in ms):
        signs = {int(mpmath.sign(m)) for m in ms[-3:]}
        mags = [abs(m) for m in ms[-3:]]
        growing = mags[0] < mags[1] < mags[2] and mags[2] - mags[1] >= (mags[1] - mags[0]) / 2
        if len(signs) == 1 and 0 not in signs and growing and mags[2] >= 10:
            return INF if signs == {1} else -INF
    raise Uncertain("the sequence does not settle")


def _two_sided(right: Value, left: Value) -> Value:
    """Both one-sided limits: their common value, or NOVALUE where they clearly differ."""
    if isinstance(right, Fraction) and isinstance(left, Fraction):
        return right if right == left else NOVALUE
    r, l = to_mp(right), to_mp(left)
    if is_inf(r) or is_inf(l):
        if r == l:
            return r
        return NOVALUE
    size = max(abs(r), abs(l), 1)
    if abs(r - l) <= mpmath.mpf(10) ** -6 * size:
        return right
    if abs(r - l) >= mpmath.mpf(10) ** -3 * size:
        return NOVALUE
    raise Uncertain("one-sided limits close but not equal")


def zeroness(v1: Any, v2: Any, scale: Any, dps1: int, dps2: int, tol: Any = 0) -> str:
    """Classify a quantity known at two levels: 'zero', 'pos', 'neg', 'nonzero' (complex) or 'uncertain'.

    Zero: exactly zero at both levels, or rounding noise: below the working
    precision where the other level is exactly zero, or shrinking by eight
    orders of magnitude or more from level 1 to level 2 while tiny against the
    scale, or within a tiny error estimate ``tol`` of the approximations used.
    Non-zero: the two levels agree to three digits and the value is far above
    ``tol`` (a real, stable value, however small: exp(-10**20) is not noise).
    """
    if isinstance(v1, Fraction) and isinstance(v2, Fraction) and v1 == v2:
        return "zero" if v2 == 0 else ("pos" if v2 > 0 else "neg")
    a1, a2 = abs(to_mp(v1)), abs(to_mp(v2))
    ten = mpmath.mpf(10)
    if a1 == 0 and a2 == 0:
        return "zero"
    if a2 == 0 and a1 <= ten ** -(dps1 - 15) * scale:
        return "zero"
    if a1 == 0 and a2 <= ten ** -(dps2 - 15) * scale:
        return "zero"
    if a2 <= ten ** -20 * scale and a2 <= ten ** -8 * a1:
        return "zero"
    if tol and a2 <= 10 * tol and tol <= ten ** -20 * scale:
        return "zero"
    if abs(to_mp(v1) - to_mp(v2)) <= ten ** -3 * a2 and a2 > 1000 * tol:
        w = to_mp(v2)
        if isinstance(w, mpmath.mpc):
            return "nonzero"
        return "pos" if w > 0 else "neg"
    return "uncertain"


# ---------------------------------------------------------------------------
# Integrals


class Integral:
    """One definite integral ∫_a^b f(t) dt at one level.

    The range is split at the zeros of the denominators, log and root
    arguments and kink arguments of the integrand (found numerically); each
    piece is an improper integral at an end where the integrand blows up or
    the end is infinite. A piece whose integrand behaves like c/|t - s| or
    worse near an end diverges (to ±oo when the integrand keeps one sign);
    a tail that neither decays nor settles has no value; the rest goes to
    mpmath.quad, whose error estimate must be small.
    """

    def __init__(self, ev: Evaluator, body: Node, var: str, env: dict[str, Value]) -> None:
        self.outer = ev
        self.ev = Evaluator(ev.level, ev.where, ev.cache)
        self.ev.in_integrand = True
        self.body = body
        self.var = var
        self.env = dict(env)
        self.dps = quad_dps(ev.level)
        #: The sum of the quadratures' error estimates.
        self.error: Any = mpmath.mpf(0)

    def f(self, t: Any) -> Any:
        try:
            v = self.ev.ev(self.body, {**self.env, self.var: t})
        except Undefined:
            raise Uncertain("the integrand has no value at a quadrature node") from None
        if v is NOVALUE:
            raise Uncertain("integrand does not exist")
        return to_mp(v)

    def value(self, lo: Value, hi: Value) -> Value:
        with mpmath.workdps(self.dps):
            a, b = to_mp(lo), to_mp(hi)
            if a == b:
                return Fraction(0)
            if a > b:
                v = self.value(hi, lo)
                return v if v is NOVALUE else -to_mp(v)
            cuts = sorted(set(self.breakpoints(a, b)))
            ends = [a] + [c for c in cuts if a < c < b] + [b]
            total: Any = mpmath.mpf(0)
            infinities: set[int] = set()
            for p, q in zip(ends, ends[1:]):
                piece = self.piece(p, q, p in cuts or p == a, q in cuts or q == b)
                if piece is NOVALUE:
                    return NOVALUE
                if is_inf(piece):
                    infinities.add(1 if piece > 0 else -1)
                else:
                    total += piece
            if infinities == {1, -1}:
                return NOVALUE  # +oo on one piece, -oo on another: no value (∫ 1/t over [-1, 1])
            if infinities:
                return INF if 1 in infinities else -INF
            return total

    def _arguments(self) -> Iterator[Node]:
        """Subexpressions whose zeros are singular or non-smooth points of the integrand."""
        for n in walk(self.body):
            if self.var not in free_names(n):
                continue
            kind = n[0]
            if kind == "div":
                yield n[2]
            elif kind == "pow":
                yield n[1]
            elif kind == "call" and n[1] in ("log", "sqrt", "Abs", "sign", "H", "relu", "xlogy"):
                yield n[2][-1] if n[1] == "xlogy" else n[2][0]
            elif kind == "call" and n[1] in ("Max", "Min") and len(n[2]) == 2:
                yield ("sub", n[2][0], n[2][1])
            elif kind == "call" and n[1] in ("tan", "sec"):
                yield ("call", "cos", n[2])
            elif kind == "call" and n[1] in ("cot", "csc"):
                yield ("call", "sin", n[2])

    def _g(self, node: Node, t: Any) -> Any | None:
        try:
            v = self.ev.ev(node, {**self.env, self.var: t})
        except (Undefined, Uncertain, ZeroDivisionError):
            return mpmath.mpf(0)
        if v is NOVALUE or is_complex(v):
            return None
        return to_mp(v)

    def breakpoints(self, a: Any, b: Any) -> list[Any]:
        lo = a if not is_inf(a) else -mpmath.mpf(1000)
        hi = b if not is_inf(b) else mpmath.mpf(1000)
        if is_inf(a) and is_inf(b) is False and b < lo:
            lo = b - 1000
        if is_inf(b) and not is_inf(a) and a > hi:
            hi = a + 1000
        n = 240
        grid = [lo + (hi - lo) * mpmath.mpf(i) / n for i in range(n + 1)]
        found: list[Any] = []
        for node in self._arguments():
            vals = [self._g(node, t) for t in grid]
            for i in range(n):
                u, w = vals[i], vals[i + 1]
                if u is None or w is None:
                    continue
                if u == 0:
                    found.append(grid[i])
                elif u * w < 0:
                    found.append(self._bisect(node, grid[i], grid[i + 1]))
                elif 0 < i and vals[i - 1] is not None and abs(u) < abs(vals[i - 1]) and abs(u) <= abs(w):
                    # A local minimum of |g|: perhaps a double zero ((t - c)**2).
                    m = self._minimise(node, grid[i - 1], grid[i + 1])
                    if m is not None:
                        found.append(m)
            if vals[n] == 0:
                found.append(grid[n])
        return [c for c in found if a <= c <= b]

    def _bisect(self, node: Node, u: Any, w: Any) -> Any:
        gu = self._g(node, u)
        for _ in range(int(self.dps * 3.4) + 10):
            m = (u + w) / 2
            gm = self._g(node, m)
            if gm is None or gm == 0:
                return m
            if (gm > 0) == (gu > 0):
                u, gu = m, gm
            else:
                w = m
        return (u + w) / 2

    def _minimise(self, node: Node, u: Any, w: Any) -> Any | None:
        # Golden-section search for a zero of |g| that does not change sign.
        r = (mpmath.sqrt(5) - 1) / 2
        for _ in range(int(self.dps * 4.8) + 10):
            c, d = w - r * (w - u), u + r * (w - u)
            gc, gd = self._g(node, c), self._g(node, d)
            if gc is None or gd is None:
                return None
            if abs(gc) < abs(gd):
                w = d
            else:
                u = c
        m = (u + w) / 2
        gm = self._g(node, m)
        if gm is not None and abs(gm) < mpmath.mpf(10) ** (-self.dps // 2):
            return m
        return None

    def piece(self, p: Any, q: Any, check_p: bool, check_q: bool) -> Value:
        behaviours = []
        for end, inward in ((p, 1), (q, -1)):
            behaviours.append(self.end_behaviour(end, inward))
        if "novalue" in behaviours:
            return NOVALUE
        signs = {b for b in behaviours if isinstance(b, int)}
        if signs:
            if len(signs) == 2:
                return NOVALUE
            return INF if 1 in signs else -INF
        if "unknown" in behaviours:
            raise Uncertain("an improper integral whose convergence is unclear")
        try:
            v, err = mpmath.quad(self.f, [p, q], error=True, maxdegree=8)
        except (ZeroDivisionError, ValueError, OverflowError):
            raise Uncertain("quadrature failed") from None
        if mpmath.isnan(v) or mpmath.isinf(v) if not isinstance(v, mpmath.mpc) else mpmath.isinf(v) or mpmath.isnan(v):
            raise Uncertain("quadrature gave no number")
        if err > mpmath.mpf(10) ** (-self.dps // 3) * max(1, abs(v)):
            raise Uncertain(f"quadrature error estimate {mpmath.nstr(err, 3)}")
        self.error += err
        return v

    def end_behaviour(self, end: Any, inward: int) -> Any:
        """'fine' (integrable there), +1/-1 (diverges to ±oo), 'novalue' or 'unknown'."""
        if is_inf(end):
            return self.tail(inward)
        try:
            vals = [self.f(end + inward * mpmath.mpf(10) ** -j) for j in (8, 14, 20)]
        except Uncertain:
            return "unknown"
        if any(isinstance(v, mpmath.mpc) and abs(v.imag) > abs(v.real) * mpmath.mpf(10) ** -10 for v in vals):
            mags = [abs(v) * mpmath.mpf(10) ** -j for v, j in zip(vals, (8, 14, 20))]
            return "fine" if mags[2] < mpmath.mpf(10) ** -6 and mags[2] <= mags[1] else "unknown"
        vals = [mpmath.re(v) for v in vals]
        g = [abs(v) * mpmath.mpf(10) ** -j for v, j in zip(vals, (8, 14, 20))]
        if g[2] <= mpmath.mpf(10) ** -6 and g[2] <= g[1] <= g[0] * 10:
            return "fine"
        signs = {int(mpmath.sign(v)) for v in vals}
        if len(signs) == 1 and 0 not in signs and g[2] >= mpmath.mpf(10) ** -3 and g[2] >= g[1] / 2 >= g[0] / 4:
            return signs.pop()
        return "unknown"

    def tail(self, inward: int) -> Any:
        """The behaviour of the integrand toward ±oo (inward = -1 at +oo, +1 at -oo)."""
        out = -inward
        try:
            far = [self.f(out * mpmath.mpf(10) ** j) for j in (3, 6, 12)]
        except Uncertain:
            return "unknown"
        if any(isinstance(v, mpmath.mpc) for v in far):
            return "unknown"
        decay = [abs(v) * mpmath.mpf(10) ** j for v, j in zip(far, (3, 6, 12))]
        if decay[2] <= mpmath.mpf(10) ** -6 and decay[2] <= decay[1]:
            return "fine"
        try:
            settled = settle(far)
        except Uncertain:
            settled = None
        if settled is not None and (is_inf(settled) or abs(to_mp(settled)) > mpmath.mpf(10) ** -6):
            s = int(mpmath.sign(to_mp(settled)))
            return s * out if s else "unknown"
        if decay[2] >= mpmath.mpf(10) ** -3 and decay[2] >= decay[1] / 2 >= decay[0] / 4:
            # Decays no faster than 1/t: diverges if it keeps one sign far out (checked
            # densely, since an oscillating 1/t tail such as sin(t)/t converges).
            s = self.one_sign(out)
            if s:
                return s * out
        return self.cauchy(out)

    def one_sign(self, out: int) -> int:
        """+1 or -1 when the integrand has that sign at many points far out, else 0."""
        signs = set()
        for base in (10**3, 10**6):
            for i in range(40):
                t = out * (base + mpmath.mpf(base) * i / 40 + mpmath.mpf(i) / 7)
                try:
                    v = self.f(t)
                except Uncertain:
                    return 0
                if isinstance(v, mpmath.mpc):
                    return 0
                signs.add(int(mpmath.sign(v)))
        return signs.pop() if len(signs) == 1 and 0 not in signs else 0

    def cauchy(self, out: int) -> Any:
        """Windows far out whose integrals stay large: the Cauchy criterion fails, no value.

        A tail that is not decaying but keeps changing sign (sin(t) on [0, oo))
        is judged by ∫ over windows [T, T + w]: if those stay of size ≥ 0.1 at
        T = 100 and T = 1000 alike the improper integral cannot exist.
        """
        rng = random.Random(12345)
        with mpmath.workdps(15):
            sizes = {}
            for base in (100, 1000):
                best = mpmath.mpf(0)
                signs = set()
                for _ in range(6):
                    start = base + rng.uniform(0, 10)
                    width = rng.uniform(1, 6)
                    pts = [start + width * i / 6 for i in range(7)]
                    try:
                        v = mpmath.quad(self.f, [out * x for x in pts])
                    except (ZeroDivisionError, ValueError, Uncertain):
                        return "unknown"
                    if isinstance(v, mpmath.mpc):
                        return "unknown"
                    best = max(best, abs(v))
                    signs.add(int(mpmath.sign(v)))
                sizes[base] = (best, signs)
        (b1, _), (b2, s2) = sizes[100], sizes[1000]
        if b1 >= 0.1 and b2 >= 0.1 and b2 >= b1 / 3 and {-1, 1} <= s2:
            return "novalue"
        return "unknown"


# ---------------------------------------------------------------------------
# Relations and statements at a point


def relation_truth(op: str, sides: list[tuple[Value, Value]], dps: list[int], rel_error: Any = 0) -> tuple[Truth, bool]:
    """The truth of ``lhs op rhs`` from its sides at levels 1 and 2 (or just one, when exact),
    and whether it rests on judging an inexact difference to be zero. ``rel_error``
    is the relative error estimate of the approximations (quadratures, limits) used."""
    if len(sides) == 1:
        (l, r), = sides
        return _exact_truth(op, l, r), False
    (l1, r1), (l2, r2) = sides
    if NOVALUE in (l1, r1) or NOVALUE in (l2, r2):
        if (NOVALUE in (l1, r1)) and (NOVALUE in (l2, r2)):
            return Truth.FALSE, False  # a limit or integral that does not exist equals nothing
        return Truth.UNCERTAIN, False
    kinds1, kinds2 = (_kind(l1), _kind(r1)), (_kind(l2), _kind(r2))
    if kinds1 != kinds2:
        return Truth.UNCERTAIN, False
    if "inf" in kinds2[0] or "inf" in kinds2[1]:
        return _infinite_truth(op, to_mp(l2), to_mp(r2)), False
    with mpmath.workdps(dps[1]):
        scale = max(abs(to_mp(l2)), abs(to_mp(r2)), mpmath.mpf(1))
        tol = rel_error * scale
        if op not in ("==", "!="):
            # Non-real values are not ordered: a non-real side skips the point.
            for a, b in ((l1, l2), (r1, r2)):
                z = zeroness(mpmath.im(to_mp(a)), mpmath.im(to_mp(b)), scale, dps[0], dps[1], tol)
                if z in ("pos", "neg", "nonzero"):
                    return Truth.SKIP, False
                if z == "uncertain":
                    return Truth.UNCERTAIN, False
            d1 = mpmath.re(to_mp(r1)) - mpmath.re(to_mp(l1)) if not (is_exact(r1) and is_exact(l1)) else r1 - l1
            d2 = mpmath.re(to_mp(r2)) - mpmath.re(to_mp(l2)) if not (is_exact(r2) and is_exact(l2)) else r2 - l2
        else:
            d1 = r1 - l1 if is_exact(r1) and is_exact(l1) else to_mp(r1) - to_mp(l1)
            d2 = r2 - l2 if is_exact(r2) and is_exact(l2) else to_mp(r2) - to_mp(l2)
        z = zeroness(d1, d2, scale, dps[0], dps[1], tol)
    if z == "uncertain":
        return Truth.UNCERTAIN, False
    return _truth_from_difference(op, z), z == "zero" and not (is_exact(d1) and is_exact(d2))


def _kind(v: Value) -> str:
    if is_inf(v):
        if isinstance(v, mpmath.mpc):
            return "cinf"
        return "+inf" if v > 0 else "-inf"
    return "finite"


def _infinite_truth(op: str, l: Any, r: Any) -> Truth:
    if isinstance(l, mpmath.mpc) or isinstance(r, mpmath.mpc):
        if op in ("==", "!="):
            return Truth.UNCERTAIN
        return Truth.SKIP
    result = {"==": l == r, "!=": l != r, "<": l < r, "<=": l <= r, ">": l > r, ">=": l >= r}[op]
    return Truth.TRUE if result else Truth.FALSE


def _exact_truth(op: str, l: Value, r: Value) -> Truth:
    if l is NOVALUE or r is NOVALUE:
        return Truth.FALSE
    assert isinstance(l, Fraction) and isinstance(r, Fraction)
    result = {"==": l == r, "!=": l != r, "<": l < r, "<=": l <= r, ">": l > r, ">=": l >= r}[op]
    return Truth.TRUE if result else Truth.FALSE


def _truth_from_difference(op: str, z: str) -> Truth:
    """d = rhs - lhs classified as zero/pos/neg/nonzero → the relation's truth."""
    if op == "==":
        return Truth.TRUE if z == "zero" else Truth.FALSE
    if op == "!=":
        return Truth.FALSE if z == "zero" else Truth.TRUE
    table = {
        "<": {"pos": True, "zero": False, "neg": False},
        "<=": {"pos": True, "zero": True, "neg": False},
        ">": {"pos": False, "zero": False, "neg": True},
        ">=": {"pos": False, "zero": True, "neg": True},
    }[op]
    if z not in table:
        return Truth.UNCERTAIN
    return Truth.TRUE if table[z] else Truth.FALSE


def combine(kind: str, items: list[Truth]) -> Truth:
    """Boolean connectives on truths; a skipped relation skips the whole point."""
    if Truth.SKIP in items:
        return Truth.SKIP
    if kind == "not":
        return {Truth.TRUE: Truth.FALSE, Truth.FALSE: Truth.TRUE}.get(items[0], Truth.UNCERTAIN)
    if kind == "and":
        if Truth.FALSE in items:
            return Truth.FALSE
        return Truth.TRUE if all(i is Truth.TRUE for i in items) else Truth.UNCERTAIN
    if kind == "or":
        if Truth.TRUE in items:
            return Truth.TRUE
        return Truth.FALSE if all(i is Truth.FALSE for i in items) else Truth.UNCERTAIN
    if kind == "implies":
        p, q = items
        return combine("or", [combine("not", [p]), q])
    if kind == "iff":
        p, q = items
        if Truth.UNCERTAIN in (p, q):
            return Truth.UNCERTAIN
        return Truth.TRUE if p is q else Truth.FALSE
    raise Unsupported(kind)


class PointJudge:
    """Judges a statement at points, with a fresh cache of limits and integrals per claim."""

    def __init__(self, where: dict[str, Node]) -> None:
        self.where = where
        self.cache: dict[Any, Value] = {}
        self.levels = {k: Evaluator(k, where, self.cache) for k in (1, 2)}
        #: Why the last uncertain relation was uncertain (for the reports of UNKNOWN labels).
        self.last_uncertain = ""

    def truth(self, node: Node, env: dict[str, Value], reports: list[RelationReport] | None = None) -> Truth:
        kind = node[0]
        if kind == "rel":
            return self.relation(node, env, reports)
        if kind in ("and", "or"):
            return combine(kind, [self.truth(e, env, reports) for e in node[1]])
        if kind == "not":
            return combine("not", [self.truth(node[1], env, reports)])
        if kind in ("implies", "iff"):
            return combine(kind, [self.truth(node[1], env, reports), self.truth(node[2], env, reports)])
        raise Unsupported("a statement must be a relation or a boolean combination of relations")

    def relation(self, node: Node, env: dict[str, Value], reports: list[RelationReport] | None) -> Truth:
        truth, sides, saturated = self._relation(node, env, self.levels)
        if saturated:
            # Precision was lost (1 - sigmoid(400) became 0, or cosh(999)**2 - sinh(999)**2):
            # nothing computed from it is trusted. Again with the digits it takes, if affordable.
            need = max(ev.digits_needed for ev in self.levels.values())
            if need <= 2500:
                boosted = {1: Evaluator(1, self.where, self.cache, need), 2: Evaluator(2, self.where, self.cache, need + 40)}
                truth, sides, saturated = self._relation(node, env, boosted)
            if saturated:
                truth = Truth.UNCERTAIN
                self.last_uncertain = "precision lost (a huge exponential, or huge terms cancelling)"
        if reports is not None:
            last = sides[-1] if sides else ("no value", "no value")
            reports.append(RelationReport(to_text(node), _show(last[0]), _show(last[1]), truth))
        return truth

    def _relation(self, node: Node, env: dict[str, Value], levels: dict[int, Evaluator]) -> tuple[Truth, list[tuple[Value, Value]], bool]:
        op, lhs, rhs = node[1], node[2], node[3]
        sides: list[tuple[Value, Value]] = []
        for ev in levels.values():
            ev.saturated, ev.zero_decisions, ev.rel_error = False, 0, mpmath.mpf(0)
            ev.digits_needed = 0
        try:
            for level in (1, 2):
                ev = levels[level]
                sides.append((ev.value(lhs, env), ev.value(rhs, env)))
                if level == 1 and is_exact(sides[0][0]) and is_exact(sides[0][1]) and not ev.zero_decisions:
                    break  # exact rationals: the second level would say the same
            truth, _ = relation_truth(op, sides, [levels[1].dps, levels[2].dps], levels[2].rel_error)
        except Undefined:
            truth = Truth.SKIP
        except Uncertain as e:
            truth = Truth.UNCERTAIN
            self.last_uncertain = str(e)
        except (ZeroDivisionError, OverflowError, ValueError, RecursionError) as e:
            truth = Truth.UNCERTAIN
            self.last_uncertain = f"{type(e).__name__} in the evaluation"
        if truth is Truth.UNCERTAIN and not self.last_uncertain:
            self.last_uncertain = "the two levels of evaluation disagree"
        return truth, sides, any(ev.saturated for ev in levels.values())


def _show(v: Any) -> str:
    return v if isinstance(v, str) else fmt(v)


# ---------------------------------------------------------------------------
# Domains and sample points


@dataclass
class Domain:
    """A declared domain: a finite set, or a part of the reals (or the complex plane)."""

    values: list[Value] | None = None  # a finite set
    lo: Any = -INF
    hi: Any = INF
    lo_open: bool = True
    hi_open: bool = True
    integer: bool = False
    parity: int | None = None
    nonzero: bool = False
    complex: bool = False
    text: str = ""

    def contains(self, v: Value) -> bool | None:
        """Whether v is in the domain; None when an inexact value is too close to tell."""
        if self.values is not None:
            if isinstance(v, Fraction):
                return any(isinstance(w, Fraction) and w == v for w in self.values)
            return None
        if self.complex:
            return True
        if is_complex(v):
            im = mpmath.im(v)
            if abs(im) > mpmath.mpf(10) ** -30:
                return False
            return None
        if isinstance(v, Fraction):
            if self.integer and v.denominator != 1:
                return False
            if self.parity is not None and v.numerator % 2 != self.parity:
                return False
            if self.nonzero and v == 0:
                return False
            return self._in_interval(v)
        if self.integer or self.parity is not None:
            return None
        if self.nonzero and abs(v) < mpmath.mpf(10) ** -30:
            return None
        for end in (self.lo, self.hi):
            if not is_inf(end) and abs(to_mp(v) - to_mp(end)) < mpmath.mpf(10) ** -30:
                return None
        return self._in_interval(v)

    def _in_interval(self, v: Value) -> bool:
        x = v if isinstance(v, Fraction) else to_mp(v)
        lo_ok = True if is_inf(self.lo) else (x > self.lo if self.lo_open else x >= self.lo)
        hi_ok = True if is_inf(self.hi) else (x < self.hi if self.hi_open else x <= self.hi)
        return bool(lo_ok and hi_ok)

    def finite_size(self) -> int | None:
        if self.values is not None:
            return len(self.values)
        if self.integer and not is_inf(self.lo) and not is_inf(self.hi):
            return int(math.floor(self.hi) - math.ceil(self.lo) + 1)
        return None


WORDS = {"real", "positive", "negative", "nonnegative", "nonpositive", "nonzero", "integer", "even", "odd", "complex", "rational", "extended_real", "finite"}
_INTERVAL = re.compile(r"^\s*([\(\[])\s*([^,]+?)\s*,\s*([^,]+?)\s*([\)\]])\s*$")
_RANGE = re.compile(r"^\s*range\(\s*([^,]+?)\s*,\s*([^,]+?)\s*\)\s*$")


def exact_constant(text: str) -> Value:
    """An exact number written in a domain or a witness ("1/2", "-3", "oo", "sqrt(2)")."""
    node = parse(str(text))
    if free_names(node):
        raise Unsupported(f"not a constant: {text}")
    ev = Evaluator(2, {}, {})
    return ev.value(node, {})


def parse_domain(spec: Any, known: dict[str, Value] | None = None) -> Domain:
    if isinstance(spec, list):
        vals = [exact_constant(str(v)) if not isinstance(v, bool) else Fraction(int(v)) for v in spec]
        return Domain(values=list(dict.fromkeys(vals)), text=str(spec))
    if isinstance(spec, (int, float)) and not isinstance(spec, bool):
        return Domain(values=[exact_constant(str(spec))], text=str(spec))
    text = str(spec).strip()
    m = _RANGE.match(text)
    if m:
        a, b = (_range_end(m.group(i), known) for i in (1, 2))
        return Domain(values=[Fraction(k) for k in range(a, b + 1)], text=text)
    if text.startswith("{") and text.endswith("}"):
        vals = [exact_constant(p) for p in text[1:-1].split(",") if p.strip()]
        return Domain(values=list(dict.fromkeys(vals)), text=text)
    m = _INTERVAL.match(text)
    if m:
        lo, hi = exact_constant(m.group(2)), exact_constant(m.group(3))
        return Domain(lo=lo, hi=hi, lo_open=m.group(1) == "(" or is_inf(lo), hi_open=m.group(4) == ")" or is_inf(hi), text=text)
    words = text.replace(",", " ").split()
    if not words or any(w not in WORDS for w in words):
        raise Unsupported(f"domain {text!r}")
    d = Domain(text=text)
    for w in words:
        if w == "positive":
            d.lo, d.lo_open = Fraction(0), True
        elif w == "negative":
            d.hi, d.hi_open = Fraction(0), True
        elif w == "nonnegative":
            d.lo, d.lo_open = max(d.lo, Fraction(0)) if not is_inf(d.lo) else Fraction(0), d.lo_open if not is_inf(d.lo) and d.lo > 0 else False
        elif w == "nonpositive":
            d.hi, d.hi_open = min(d.hi, Fraction(0)) if not is_inf(d.hi) else Fraction(0), d.hi_open if not is_inf(d.hi) and d.hi < 0 else False
        elif w == "nonzero":
            d.nonzero = True
        elif w == "integer":
            d.integer = True
        elif w == "even":
            d.integer, d.parity = True, 0
        elif w == "odd":
            d.integer, d.parity = True, 1
        elif w == "complex":
            d.complex = True
    if d.complex and len(words) > 1:
        raise Unsupported("complex combined with other words")
    return d


def _range_end(text: str, known: dict[str, Value] | None) -> int:
    t = text.strip()
    if known and t in known and isinstance(known[t], Fraction):
        return int(known[t])
    v = exact_constant(t)
    if not isinstance(v, Fraction) or v.denominator != 1:
        raise Unsupported(f"range end {text}")
    return int(v)


SPECIAL_REALS = [Fraction(v) for v in (0, 1, -1, 2, -2)] + [
    Fraction(1, 2), Fraction(-1, 2), Fraction(1, 3), Fraction(-1, 3), Fraction(3), Fraction(-3),
    Fraction(10), Fraction(-10), Fraction(100), Fraction(-100), Fraction(1000), Fraction(-1000),
    Fraction(2000), Fraction(-2000), Fraction(10**6), Fraction(-(10**6)), Fraction(1, 1000), Fraction(-1, 1000),
    Fraction(5, 2), Fraction(-5, 2), Fraction(7, 10), Fraction(-7, 10), Fraction(1, 10**6), Fraction(-1, 10**6),
]
SPECIAL_INTEGERS = [Fraction(v) for v in (0, 1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6, 10, -10, 100, -100, 1000, -1000, 2000, -2000, 10**6, -(10**6), 7, -7, 8, -8)]


class Sampler:
    """Sample values of one symbol, always inside its domain."""

    def __init__(self, domain: Domain, breakpoints: Iterable[Fraction], rng: random.Random) -> None:
        self.d = domain
        self.rng = rng
        self.special = self._specials(sorted(set(breakpoints), key=abs))

    def _specials(self, breakpoints: list[Fraction]) -> list[Value]:
        d = self.d
        if d.values is not None:
            return list(d.values)
        if d.complex:
            base: list[Value] = [Fraction(0), Fraction(1), Fraction(-1)]
            return base + [mpmath.mpc(0, 1), mpmath.mpc(0, -1), mpmath.mpc(1, 1), mpmath.mpc(-2, 1) / 3, mpmath.mpc(3, -2)]
        out: list[Value] = []
        ends: list[Fraction] = []
        for end, open_, inward in ((d.lo, d.lo_open, 1), (d.hi, d.hi_open, -1)):
            if is_inf(end) or not isinstance(end, Fraction):
                continue
            if open_:
                # Just inside an open end, at a few distances.
                ends += [end + inward * Fraction(1, 10**k) for k in (3, 9, 1)]
            else:
                ends.append(end)
        if not is_inf(d.lo) and not is_inf(d.hi) and isinstance(d.lo, Fraction) and isinstance(d.hi, Fraction):
            ends.append((d.lo + d.hi) / 2)
            ends.append(d.lo + (d.hi - d.lo) / 3)
        bps: list[Fraction] = []
        for c in breakpoints[:12]:
            for v in (c, -c):
                bps += [v, v + Fraction(1, 1000), v - Fraction(1, 1000), v + Fraction(1, 10**6), v - Fraction(1, 10**6), v + 1, v - 1, 2 * v]
        pool = (SPECIAL_INTEGERS if d.integer else SPECIAL_REALS) + ends + bps
        if d.integer:
            pool = [Fraction(math.floor(v)) for v in pool] + [Fraction(math.ceil(v)) for v in pool]
        seen = set()
        for v in pool:
            if v not in seen and d.contains(v):
                seen.add(v)
                out.append(v)
        # Integers from the lower end upward, when the domain is bounded below (and above).
        if d.integer and not is_inf(d.lo):
            start = math.ceil(d.lo) + (1 if d.lo_open and Fraction(math.ceil(d.lo)) == d.lo else 0)
            for k in range(start, start + 12):
                v = Fraction(k)
                if v not in seen and d.contains(v):
                    seen.add(v)
                    out.append(v)
        if d.integer and not is_inf(d.hi):
            stop = math.floor(d.hi) - (1 if d.hi_open and Fraction(math.floor(d.hi)) == d.hi else 0)
            for k in range(stop, stop - 12, -1):
                v = Fraction(k)
                if v not in seen and d.contains(v):
                    seen.add(v)
                    out.append(v)
        return out

    def random(self) -> Value | None:
        d, rng = self.d, self.rng
        if d.values is not None:
            return rng.choice(d.values) if d.values else None
        if d.complex:
            return mpmath.mpc(Fraction(rng.randint(-3000, 3000), 1000), Fraction(rng.randint(-3000, 3000), 1000))
        for _ in range(60):
            v = self._candidate()
            if v is not None and d.contains(v):
                return v
        return rng.choice(self.special) if self.special else None

    def _candidate(self) -> Fraction | None:
        d, rng = self.d, self.rng
        lo = None if is_inf(d.lo) else d.lo
        hi = None if is_inf(d.hi) else d.hi
        r = rng.random()
        if d.integer:
            if lo is not None and hi is not None:
                return Fraction(rng.randint(math.ceil(lo), math.floor(hi)))
            if r < 0.6:
                v = rng.randint(-12, 12)
            elif r < 0.9:
                v = rng.randint(-200, 200)
            else:
                v = rng.randint(-3000, 3000)
            # Reflect into a half-bounded domain, so the values spread instead of piling up at its end.
            if lo is not None and v < lo:
                v = int(math.ceil(lo)) + (int(math.ceil(lo)) - v)
            if hi is not None and v > hi:
                v = int(math.floor(hi)) - (v - int(math.floor(hi)))
            if d.parity is not None and v % 2 != d.parity:
                v += 1
            return Fraction(v)
        if lo is not None and hi is not None and isinstance(lo, Fraction) and isinstance(hi, Fraction):
            if r < 0.15:
                # Close to an end.
                k = rng.randint(2, 12)
                return (lo + Fraction(1, 10**k)) if rng.random() < 0.5 else (hi - Fraction(1, 10**k))
            return lo + (hi - lo) * Fraction(rng.randint(1, 9999), 10000)
        if r < 0.5:
            v = Fraction(rng.randint(-4000, 4000), rng.choice([1, 7, 100, 1000]))
        elif r < 0.85:
            mag = 10 ** rng.uniform(-4, 4)
            v = Fraction(round(mag * 10**4), 10**4) * rng.choice([1, -1])
        else:
            v = Fraction(rng.randint(-10**7, 10**7), rng.choice([1, 3, 10]))
        if lo is not None and isinstance(lo, Fraction) and v <= lo:
            v = lo + abs(v - lo) + Fraction(1, 1000) if rng.random() < 0.5 else lo + Fraction(rng.randint(1, 10**6), 10**5)
        if hi is not None and isinstance(hi, Fraction) and v >= hi:
            v = hi - abs(v - hi) - Fraction(1, 1000) if rng.random() < 0.5 else hi - Fraction(rng.randint(1, 10**6), 10**5)
        return v


# ---------------------------------------------------------------------------
# Claims


class Label(enum.Enum):
    TRUE = "TRUE"
    FALSE = "FALSE"
    UNKNOWN = "UNKNOWN"


@dataclass
class Verdict:
    """The oracle's label of a claim, with its evidence."""

    label: Label
    reason: str
    witness: dict[str, Value] | None = None
    relations: list[RelationReport] = field(default_factory=list)
    points_true: int = 0
    points_skipped: int = 0
    points_uncertain: int = 0
    exhaustive: bool = False

    def witness_text(self) -> dict[str, str]:
        return {k: fmt(v, 30) for k, v in (self.witness or {}).items()}

    def describe(self) -> str:
        parts = [f"{self.label.value}: {self.reason}"]
        if self.witness is not None:
            parts.append("at " + ", ".join(f"{k} = {v}" for k, v in self.witness_text().items()))
        for r in self.relations:
            parts.append(f"  {r.text}: lhs = {r.lhs}, rhs = {r.rhs} -> {r.truth.value}")
        return "\n".join(parts)


@dataclass
class Claim:
    """A claim read into the oracle's terms."""

    symbols: dict[str, Domain]
    where: dict[str, Node]
    statement: Node
    assume: list[Node]
    text: str

    @property
    def expensive(self) -> bool:
        return any(n[0] == "call" and n[1] in ("limit", "integrate", "diff") for n in self._nodes())

    def _nodes(self) -> Iterator[Node]:
        yield from walk(self.statement)
        for w in self.where.values():
            yield from walk(w)


def read_claim(data: dict[str, Any]) -> Claim:
    """A claim from its YAML mapping (symbols, where, assume, claim or steps)."""
    if "random" in data:
        raise Unsupported("random symbols")
    symbols: dict[str, Domain] = {}
    raw = data.get("symbols") or {}
    # Finite domains first: a range may end at a size.
    for name, spec in raw.items():
        if isinstance(spec, str) and ("vector" in spec or "matrix" in spec):
            raise Unsupported("vectors and matrices")
        if isinstance(spec, str) and _RANGE.match(spec):
            continue
        symbols[str(name)] = parse_domain(spec)
    for name, spec in raw.items():
        if str(name) not in symbols:
            symbols[str(name)] = parse_domain(spec)
    where: dict[str, Node] = {}
    for name, text in (data.get("where") or {}).items():
        where[str(name)] = parse(str(text))
    if "claim" in data:
        text = str(data["claim"])
        statement = parse(text)
    elif "steps" in data:
        statement, text = _chain(data["steps"])
    else:
        raise Unsupported("neither claim nor steps")
    assume_raw = data.get("assume") or []
    if isinstance(assume_raw, str):
        assume_raw = [assume_raw]
    assume = [parse(str(a)) for a in assume_raw]
    claim = Claim(symbols, where, statement, assume, text)
    _check_names(claim)
    return claim


def _chain(steps: list[Any]) -> tuple[Node, str]:
    items: list[tuple[Node, str]] = []
    for s in steps:
        if isinstance(s, dict):
            items.append((parse(str(s["expr"])), str(s.get("rel", "=="))))
        else:
            items.append((parse(str(s)), "=="))
    links = tuple(("rel", rel, items[i][0], node) for i, (node, rel) in enumerate(items[1:]))
    node = ("and", links)
    return node, to_text(node)


def _check_names(claim: Claim) -> None:
    known = set(claim.symbols) | set(claim.where)
    for n in [claim.statement, *claim.assume, *claim.where.values()]:
        missing = free_names(n) - known
        if missing:
            raise Unsupported(f"undeclared names {sorted(missing)}")


def _relation_names(claim: Claim) -> list[str]:
    """The symbols the claim depends on (through where-bindings too), in declaration order."""
    used: set[str] = set()
    todo = [claim.statement, *claim.assume]
    seen_where: set[str] = set()
    while todo:
        n = todo.pop()
        for name in free_names(n):
            if name in claim.where and name not in seen_where:
                seen_where.add(name)
                todo.append(claim.where[name])
            elif name in claim.symbols:
                used.add(name)
    return [s for s in claim.symbols if s in used]


@dataclass
class Settings:
    """How hard the oracle looks."""

    max_points: int = 320
    true_points: int = 200  # points agreeing before a claim is TRUE
    expensive_max_points: int = 70
    expensive_true_points: int = 50
    seconds: float = 25.0  # a safety net only: the counts above are what normally stop the search


def judge(data: dict[str, Any] | Claim, settings: Settings | None = None) -> Verdict:
    """Label a claim TRUE, FALSE (with a witness) or UNKNOWN."""
    settings = settings or Settings()
    try:
        claim = data if isinstance(data, Claim) else read_claim(data)
    except Unsupported as e:
        return Verdict(Label.UNKNOWN, f"unsupported: {e}")
    names = _relation_names(claim)
    judge_ = PointJudge(claim.where)
    seed = int(hashlib.sha256(claim.text.encode()).hexdigest()[:12], 16)
    rng = random.Random(seed)
    max_points = settings.expensive_max_points if claim.expensive else settings.max_points
    needed = settings.true_points if not claim.expensive else settings.expensive_true_points
    deadline = time.monotonic() + settings.seconds
    counts = {Truth.TRUE: 0, Truth.SKIP: 0, Truth.UNCERTAIN: 0}
    why: Counter[str] = Counter()
    try:
        points, exhaustive = sample_points(claim, names, rng, max_points)
        if not names:
            needed = 1
        seen = {tuple(_hashable(p[n]) for n in names) for p in points}
        samplers = {n: Sampler(claim.symbols[n], set(), rng) for n in names}

        def more() -> Iterator[dict[str, Value]]:
            # Random points beyond the first ones, while too few of them say anything
            # (a claim skipped on most of its domain needs more tries).
            tries = 0
            while tries < (4 if claim.expensive else 12) * max_points:
                tries += 1
                p = {n: samplers[n].random() for n in names}
                key = tuple(_hashable(v) for v in p.values())
                if key in seen or any(v is None for v in p.values()):
                    continue
                seen.add(key)
                yield p

        stream = itertools.chain(points, () if exhaustive else more())
        for point in stream:
            if time.monotonic() > deadline:
                break
            if len(seen) > len(points) and counts[Truth.TRUE] >= needed:
                break
            truth = point_truth(claim, judge_, point)
            if truth is Truth.FALSE:
                reports: list[RelationReport] = []
                point_truth(claim, judge_, point, reports)
                return Verdict(Label.FALSE, "the claim is false at this point", dict(point), reports,
                               counts[Truth.TRUE], counts[Truth.SKIP], counts[Truth.UNCERTAIN], exhaustive)
            counts[truth] += 1
            if truth is Truth.UNCERTAIN:
                why[judge_.last_uncertain or "uncertain"] += 1
                judge_.last_uncertain = ""
    except Unsupported as e:
        return Verdict(Label.UNKNOWN, f"unsupported: {e}")
    t, s, u = counts[Truth.TRUE], counts[Truth.SKIP], counts[Truth.UNCERTAIN]
    # Uncertain points are blind spots (exp(10**6) needs 434 000 digits), not evidence against;
    # a quarter of them is tolerated next to enough agreeing points.
    enough = (exhaustive and u == 0 and t > 0) or (t >= needed and u <= t // 4)
    if enough:
        return Verdict(Label.TRUE, f"true at {t} points ({s} skipped, {u} uncertain)", None, [], t, s, u, exhaustive)
    if u and why:
        reason = f"uncertain at {u} points, mostly: {why.most_common(1)[0][0]} ({t} true, {s} skipped)"
    else:
        reason = f"true at only {t} points ({s} skipped, where a side is undefined or non-real)"
    return Verdict(Label.UNKNOWN, reason, None, [], t, s, u, exhaustive)


def point_truth(claim: Claim, judge_: PointJudge, point: dict[str, Value], reports: list[RelationReport] | None = None) -> Truth:
    """The claim's truth at one point: its assumptions first, then its statement."""
    try:
        for a in claim.assume:
            t = judge_.truth(a, point)
            if t is Truth.FALSE or t is Truth.SKIP:
                return Truth.SKIP
            if t is Truth.UNCERTAIN:
                return Truth.UNCERTAIN
        return judge_.truth(claim.statement, point, reports)
    except (Uncertain, ZeroDivisionError, OverflowError, ValueError, RecursionError):
        return Truth.UNCERTAIN


def check_point(data: dict[str, Any] | Claim, point: dict[str, Value]) -> tuple[Truth, list[RelationReport]]:
    """The claim's truth at a given point (a witness), with both sides of each relation."""
    claim = data if isinstance(data, Claim) else read_claim(data)
    judge_ = PointJudge(claim.where)
    reports: list[RelationReport] = []
    return point_truth(claim, judge_, point, reports), reports


def sample_points(claim: Claim, names: list[str], rng: random.Random, max_points: int) -> tuple[list[dict[str, Value]], bool]:
    """Points of the declared domains: exhaustive for small finite ones, else special and random ones.

    The special values of each symbol (0, ±1, the ends of its interval, the
    numbers written in the claim and both sides of them, large magnitudes) are
    combined first, then pairs of symbols are tied (y = x, y = x ± 1/1000,
    y = -x), then random points fill up.
    """
    if not names:
        return [{}], True
    bps = set()
    for node in [claim.statement, *claim.where.values(), *claim.assume]:
        bps |= {abs(c) for c in literals(node) if c != 0 and abs(c) <= 10**7}
    samplers = {n: Sampler(claim.symbols[n], bps, rng) for n in names}
    for n, s in samplers.items():
        if not s.special and s.d.values is None and s.random() is None:
            raise Unsupported(f"empty domain for {n}")
        if s.d.values is not None and not s.d.values:
            return [], True
    sizes = [claim.symbols[n].finite_size() for n in names]
    if all(sz is not None for sz in sizes) and math.prod(sizes) <= 2000 and all(claim.symbols[n].values is not None or claim.symbols[n].integer for n in names):
        pools = []
        for n in names:
            d = claim.symbols[n]
            if d.values is not None:
                pools.append(d.values)
            else:
                start, stop = math.ceil(d.lo), math.floor(d.hi)
                pools.append([Fraction(k) for k in range(start, stop + 1) if d.contains(Fraction(k))])
        return [dict(zip(names, combo)) for combo in itertools.product(*pools)], True
    points: list[dict[str, Value]] = []
    seen: set[tuple[Any, ...]] = set()

    def add(p: dict[str, Value]) -> None:
        key = tuple(_hashable(p[n]) for n in names)
        if key not in seen and all(claim.symbols[n].contains(p[n]) for n in names):
            seen.add(key)
            points.append(p)

    specials = {n: samplers[n].special for n in names}
    budget_special = max_points * 3 // 5
    if len(names) == 1:
        for v in specials[names[0]]:
            add({names[0]: v})
    else:
        short = {n: specials[n][:9] for n in names}
        combos = list(itertools.product(*(short[n] for n in names)))
        rng.shuffle(combos)
        # Every symbol at each of its special values at least once, the others at their first ones.
        for n in names:
            for v in specials[n]:
                add({m: (v if m == n else specials[m][0] if specials[m] else samplers[m].random()) for m in names})
        for combo in combos[: budget_special]:
            add(dict(zip(names, combo)))
        for a, b in itertools.permutations(names, 2):
            for _ in range(6):
                base = samplers[a].random()
                if base is None or not isinstance(base, Fraction):
                    continue
                for other in (base, base + Fraction(1, 1000), base - Fraction(1, 1000), -base, base + 1):
                    p = {m: samplers[m].random() for m in names}
                    p[a], p[b] = base, other
                    if all(v is not None for v in p.values()):
                        add(p)
    if len(points) > budget_special:
        head, tail = points[:budget_special // 2], points[budget_special // 2:]
        rng.shuffle(tail)
        points = head + tail[: budget_special - len(head)]
    attempts = 0
    while len(points) < max_points and attempts < max_points * 5:
        attempts += 1
        p = {n: samplers[n].random() for n in names}
        if any(v is None for v in p.values()):
            continue
        add(p)
    return points[:max_points], False


def parse_point(claim: Claim, witness: dict[str, str]) -> dict[str, Value]:
    """A witness given as exact strings."""
    return {str(k): exact_constant(str(v)) for k, v in witness.items()}
