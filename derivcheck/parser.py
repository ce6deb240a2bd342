"""The safe expression language, its syntax: claim text to a checked syntax tree, never through ``eval``.

Claim text is read by Python's own parser into a syntax tree (``ast.parse``
builds a tree; it runs nothing), checked here against a whitelist of node kinds
and against size limits, then *interpreted* by :mod:`derivcheck.interpreter`:
each node is turned into a SymPy object directly. Names resolve only to
declared symbols, ``where`` bindings, bound variables, a few constants and the
functions of :mod:`derivcheck.vocabulary`. ``sympify``, ``parse_expr``,
``eval`` and ``exec`` are never called on claim text: all of them execute Python.

This module also holds what the vocabulary's functions see of the interpreter
(:class:`Call`), and the limits on the size of the numbers an expression builds.
"""

from __future__ import annotations

import ast
import keyword
import math
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, Protocol

import sympy
from sympy.matrices import MatrixBase

from derivcheck.errors import ClaimError, LimitExceeded
from derivcheck.formula import Formula
from derivcheck.model import Location, Text
from derivcheck.problem import Scope

# --- limits on what a claim may ask for, checked before anything is evaluated ---
MAX_CHARS = 10_000  # characters in one expression
MAX_NODES = 2_000  # syntax-tree nodes in one expression
MAX_DEPTH = 60  # nesting of the syntax tree
MAX_INT_DIGITS = 1_000  # digits of an integer literal (or of a decimal's mantissa)
MAX_DECIMAL_EXPONENT = 1_000  # |e| of a literal such as 1e-160
# Bits of any exact number an expression builds (by **, *, a Product...).
# Python refuses to turn an integer of more than 4 300 digits (about 14 284
# bits) into text, and every number may end up printed (in a witness, a
# message, the report): a larger one would fail far from its cause.
MAX_POWER_BITS = 14_000
MAX_SYMBOLIC_EXPONENT = 1_000  # |n| in x**n for a symbolic x
# |k| in x**k for a symbolic x and an integer k. Below it a large power is a
# cost the engine counts (engine/powers.py: nothing expands past a budget of
# terms), not an error; above it even the exact value at a point of a few
# digits would take megabytes.
MAX_INTEGER_EXPONENT = 10_000
MAX_ROOT_DIGITS = 60  # digits of a number raised to a fractional power
MAX_TERMS = 10_000  # terms of a Sum or Product with concrete bounds
MAX_SIZE = 64  # entries along one side of a vector or matrix
# Side of a matrix with unknowns in it (and not diagonal) whose determinant or
# inverse is built: expanded, the determinant has up to n! terms (120 for 5).
MAX_DET_SIZE = 5


class Direction(str):
    """The direction argument of ``limit``: ``'+'``, ``'-'`` or ``'+-'``."""



CONSTANTS: dict[str, sympy.Basic] = {
    "pi": sympy.pi,
    "oo": sympy.oo,
    "I": sympy.I,
    "true": sympy.true,
    "false": sympy.false,
}

_ALLOWED = (
    ast.Expression, ast.BinOp, ast.UnaryOp, ast.BoolOp, ast.Compare, ast.Call, ast.Name,
    ast.Constant, ast.Subscript, ast.Attribute, ast.Tuple, ast.List, ast.Slice, ast.Load,
    ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow, ast.MatMult, ast.USub, ast.UAdd, ast.Not,
    ast.And, ast.Or, ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE,
)  # fmt: skip

_FORBIDDEN_WORDS: dict[type, str] = {
    ast.Lambda: "lambda", ast.ListComp: "a comprehension", ast.SetComp: "a comprehension",
    ast.DictComp: "a comprehension", ast.GeneratorExp: "a comprehension",
    ast.JoinedStr: "an f-string", ast.FormattedValue: "an f-string", ast.IfExp: "'if ... else'",
    ast.NamedExpr: "':='", ast.Starred: "'*' unpacking", ast.Dict: "a dict", ast.Set: "a set",
    ast.Await: "await", ast.Yield: "yield",
    ast.YieldFrom: "yield",
}  # fmt: skip

_BINOP_HINT: dict[type, str] = {
    ast.BitXor: "'^' is not a power here: write x**2",
    ast.Mod: "'%' is not supported",
    ast.FloorDiv: "'//' is not supported: write a/b",
    ast.BitAnd: "'&' is not supported: write And(p, q)",
    ast.BitOr: "'|' is not supported: write Or(p, q)",
    ast.LShift: "'<<' is not supported",
    ast.RShift: "'>>' is not supported",
}


@dataclass(frozen=True)
class Parsed:
    """An expression's checked syntax tree, ready to be interpreted."""

    tree: ast.Expression
    text: Text
    source: str


def _char_offset(source: str, byte_offset: int) -> int:
    # ast reports UTF-8 byte offsets; columns in the file count characters.
    return len(source.encode("utf-8")[:byte_offset].decode("utf-8", errors="ignore"))


def node_loc(parsed_text: Text, source: str, node: ast.AST) -> Location:
    """The file location of a node of an expression."""
    off = getattr(node, "col_offset", 0) or 0
    lead = len(parsed_text.value) - len(parsed_text.value.lstrip())
    return parsed_text.at(lead + _char_offset(source, off))


def parse(text: Text) -> Parsed:
    """Check an expression's syntax and size; nothing is evaluated.

    Raises:
        ClaimError: a syntax error, a construct outside the language, or a limit.
    """
    return _parse_cached(text)


@lru_cache(maxsize=4096)
def _parse_cached(text: Text) -> Parsed:
    source = text.value.strip()
    if not source:
        raise ClaimError("the expression is empty", text.loc)
    if len(source) > MAX_CHARS:
        raise LimitExceeded(
            f"the expression has {len(source)} characters, more than the limit of {MAX_CHARS}",
            text.loc,
        )
    if any(c in source for c in "\n\r\x0b\x0c\x85\u2028\u2029"):
        # A folded YAML scalar, or a quoted one with escapes: Python's parser
        # would take a carriage return for the end of a line. Columns are not kept.
        source = " ".join(source.split())
        text = Text(text.value, text.loc, inline=False)
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as exc:
        msg = exc.msg or "invalid syntax"
        if "too many nested" in msg or "too complex" in msg:
            raise LimitExceeded(
                f"the expression is nested more than {MAX_DEPTH} levels deep ({msg})", text.loc
            ) from None
        if "integer string conversion" in msg:
            # Python's own ceiling on integer literals (4 300 digits), met
            # before ours can be checked: the same refusal, in our words.
            raise LimitExceeded(
                f"an integer with more than {MAX_INT_DIGITS} digits", text.loc
            ) from None
        col = max((exc.offset or 1) - 1, 0)
        raise ClaimError(f"syntax error: {msg}", text.at(col)) from None
    except (RecursionError, MemoryError):
        raise LimitExceeded(
            f"the expression is nested more than {MAX_DEPTH} levels deep", text.loc
        ) from None
    except ValueError as exc:  # e.g. null bytes, or an integer too long to convert
        raise ClaimError(f"cannot read the expression: {exc}", text.loc) from None
    _check_tree(tree, text, source)
    return Parsed(tree, text, source)


def _check_tree(tree: ast.Expression, text: Text, source: str) -> None:
    count = 0
    # The slices allowed: a bare ':' as one of the two indices of X[i, :] or
    # X[:, j] (a whole row or column), found from their subscript, which the
    # walk meets first.
    whole: set[int] = set()
    stack: list[tuple[ast.AST, int]] = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise LimitExceeded(
                f"the expression has more than {MAX_NODES} syntax nodes", text.loc
            )
        if depth > MAX_DEPTH:
            raise LimitExceeded(
                f"the expression is nested more than {MAX_DEPTH} levels deep", text.loc
            )
        where = node_loc(text, source, node)
        if isinstance(node, ast.BinOp) and type(node.op) in _BINOP_HINT:
            raise ClaimError(_BINOP_HINT[type(node.op)], where)
        if isinstance(node, ast.Compare):
            for op in node.ops:
                if not isinstance(op, (ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE)):
                    raise ClaimError(f"'{_op_word(op)}' is not a relation of the language", where)
        if not isinstance(node, _ALLOWED):
            word = _FORBIDDEN_WORDS.get(type(node), f"'{type(node).__name__}'")
            raise ClaimError(f"{word} is not part of the expression language", where)
        if isinstance(node, ast.Attribute) and node.attr != "T":
            raise ClaimError(
                f"attribute '.{node.attr}' is not allowed (only .T, the transpose)", where
            )
        if isinstance(node, ast.Call):
            if not isinstance(node.func, ast.Name):
                # (lambda: ...)() is a lambda before it is a call: say so.
                callee = _FORBIDDEN_WORDS.get(type(node.func))
                if callee is not None:
                    raise ClaimError(
                        f"{callee} is not part of the expression language",
                        node_loc(text, source, node.func),
                    )
                raise ClaimError("only named functions can be called, e.g. exp(x)", where)
            if node.keywords:
                raise ClaimError("keyword arguments are not part of the language", where)
        if isinstance(node, ast.Constant) and not isinstance(node.value, (int, float, str, bool)):
            raise ClaimError(f"the literal {node.value!r} is not part of the language", where)
        if isinstance(node, ast.Name) and node.id.startswith("_"):
            raise ClaimError(f"names starting with '_' are not allowed ('{node.id}')", where)
        if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Tuple) and len(node.slice.elts) == 2:
            whole.update(id(e) for e in node.slice.elts if _bare_colon(e))
        if isinstance(node, ast.Slice) and id(node) not in whole:
            raise ClaimError(_SLICE_HINT if _bare_colon(node) else f"{_SLICE_HINT}; a range such as 1:2 is not", where)
        for child in ast.iter_child_nodes(node):
            stack.append((child, depth + 1))


_SLICE_HINT = "a slice is only ':' as one index of two: X[i, :] (row i) or X[:, j] (column j)"


def _bare_colon(node: ast.AST) -> bool:
    return isinstance(node, ast.Slice) and node.lower is None and node.upper is None and node.step is None


def _op_word(op: ast.AST) -> str:
    words: dict[type[ast.AST], str] = {ast.Is: "is", ast.IsNot: "is not", ast.In: "in", ast.NotIn: "not in"}
    return words.get(type(op), "?")


# ---------------------------------------------------------------------------
# What a function of the vocabulary sees of the interpreter
# ---------------------------------------------------------------------------


class Reader(Protocol):
    """The interpreter, as the vocabulary's functions use it."""

    #: Terms made by Sum and Product so far in the expression.
    terms: int
    #: True when the expression is built as written, for people: nothing is
    #: computed, not even ``x + x``.
    written: bool

    def loc(self, node: ast.AST) -> Location: ...

    def eval(self, node: ast.AST, scope: Scope) -> Any: ...

    def scalar(self, value: Any, node: ast.AST, what: str = "this") -> sympy.Expr: ...

    def formula(self, value: Any, node: ast.AST) -> Formula: ...

    def integer(self, value: Any, node: ast.AST, what: str) -> int: ...

class Call:
    """What a vocabulary function receives: its arguments, and the means to report."""

    def __init__(self, ev: Reader, node: ast.Call, scope: Scope, args: list[Any] | None) -> None:
        self.ev = ev
        self.node = node
        self.scope = scope
        self.args: list[Any] = args if args is not None else []
        self.name = node.func.id if isinstance(node.func, ast.Name) else "?"

    @property
    def nodes(self) -> list[ast.expr]:
        return list(self.node.args)

    def loc(self, node: ast.AST | None = None) -> Location:
        return self.ev.loc(node or self.node)

    def error(self, message: str, node: ast.AST | None = None) -> ClaimError:
        return ClaimError(message, self.loc(node))

    def scalar(self, i: int) -> sympy.Expr:
        return self.ev.scalar(self.args[i], self.node.args[i], f"argument {i + 1} of {self.name}")

    def matrix(self, i: int) -> MatrixBase:
        value = self.args[i]
        if not isinstance(value, MatrixBase):
            raise self.error(
                f"argument {i + 1} of {self.name} must be a vector or matrix", self.node.args[i]
            )
        return value

    def formula(self, i: int) -> Formula:
        return self.ev.formula(self.args[i], self.node.args[i])

    def integer(self, i: int, what: str) -> int:
        return self.ev.integer(self.args[i], self.node.args[i], what)

    def eval(self, node: ast.AST, scope: Scope | None = None) -> Any:
        return self.ev.eval(node, scope or self.scope)


def exact_decimal(text: str, loc: Location) -> sympy.Rational:
    """The exact rational value of a decimal literal such as ``2.5`` or ``1e-160``."""
    try:
        dec = Decimal(text.replace("_", ""))
    except InvalidOperation:
        raise ClaimError(f"cannot read the number {text!r}", loc) from None
    if not dec.is_finite():
        raise ClaimError(f"{text!r} is not a finite number", loc)
    if abs(dec.adjusted()) > MAX_DECIMAL_EXPONENT:
        raise LimitExceeded(
            f"the number {text[:40]} has an exponent beyond ±{MAX_DECIMAL_EXPONENT}", loc
        )
    if len(dec.as_tuple().digits) > MAX_INT_DIGITS:
        raise LimitExceeded(f"a number with more than {MAX_INT_DIGITS} digits", loc)
    num, den = dec.as_integer_ratio()
    return sympy.Rational(num, den)


def check_power(base: Any, exp: Any, loc: Location) -> None:
    """Refuse ``base**exp`` when the result would be too large to build.

    SymPy evaluates ``10**10**10`` eagerly, which never finishes; the size of
    an exact power is known before it is computed, so it is checked first.
    """
    if not isinstance(exp, sympy.Expr) or not isinstance(base, sympy.Expr):
        return
    if exp.is_Integer:
        k = abs(int(exp))
        if base.is_Rational and base not in (0, 1, -1):
            bits = k * (max(abs(base.p), base.q).bit_length())
            if bits > MAX_POWER_BITS:
                raise LimitExceeded(
                    f"the power would have about {short_number(bits)} bits, more than the limit of"
                    f" {MAX_POWER_BITS} bits",
                    loc,
                )
        elif k > MAX_INTEGER_EXPONENT and base not in (0, 1, -1):
            raise LimitExceeded(
                f"the exponent {short_number(k)} is larger than the limit of {MAX_INTEGER_EXPONENT}", loc
            )
        return
    if exp.is_Rational and base.is_Rational:
        size = max(abs(base.p), base.q).bit_length() * math.log10(2)
        if size > MAX_ROOT_DIGITS or max(abs(exp.p), exp.q) > MAX_SYMBOLIC_EXPONENT:
            raise LimitExceeded(
                f"a fractional power of a number over {MAX_ROOT_DIGITS} digits, or with an exponent"
                f" over {MAX_SYMBOLIC_EXPONENT}, is not supported",
                loc,
            )
    if exp.is_number and exp.is_real and exp.is_Rational is False and base.is_number:
        return
    if exp.is_Rational and abs(exp) > MAX_SYMBOLIC_EXPONENT:
        raise LimitExceeded(f"the exponent is larger than the limit of {MAX_SYMBOLIC_EXPONENT}", loc)


def short_number(n: int) -> str:
    """An integer for a one-line message: in full up to 20 digits, else its size."""
    digits = int(abs(n).bit_length() * math.log10(2)) + 1
    if digits <= 20:
        return str(n)
    # Not the digits themselves: the text of a huge integer is slow to make.
    return f"of about {digits} digits"


def _too_many_bits(number: sympy.Rational) -> int:
    """The bits of a rational's larger part when over :data:`MAX_POWER_BITS`, else 0."""
    bits = max(abs(int(number.p)).bit_length(), int(number.q).bit_length())
    return bits if bits > MAX_POWER_BITS else 0


def size_problem(value: Any) -> str | None:
    """Why a value is too large to keep (an exact number or an integer power), or None.

    Only the top of the value is looked at: its operands were checked when
    they were made, so what is new can only be the number itself, the
    coefficient of a sum or product (``10**4000 * 10**4000``, a Product of
    ten thousand factors), or a power combined from two (``x**600 * x**600``,
    a ``where`` binding squared fifty times). Matrices are checked entry by entry.
    """
    if isinstance(value, MatrixBase):
        return next((p for p in map(size_problem, value) if p is not None), None)
    if not isinstance(value, sympy.Basic):
        return None
    parts: tuple[Any, ...] = (value,)
    if isinstance(value, sympy.Add):
        parts = value.args[:1]  # the constant term, if any, comes first
    elif isinstance(value, sympy.Mul):
        parts = value.args
    for part in parts:
        if isinstance(part, sympy.Rational):
            bits = _too_many_bits(part)
            if bits:
                return (
                    f"an exact number of {bits} bits (about {int(bits * math.log10(2))} digits),"
                    f" more than the limit of {MAX_POWER_BITS} bits"
                )
        elif isinstance(part, sympy.Pow) and isinstance(part.exp, sympy.Integer):
            if abs(int(part.exp)) > MAX_INTEGER_EXPONENT:
                return (
                    f"a power with the exponent {short_number(int(part.exp))}, larger than the limit"
                    f" of {MAX_INTEGER_EXPONENT}"
                )
    return None



def cannot_evaluate(exc: BaseException) -> str:
    """The claim's words for an error SymPy raised while building or computing a value."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return f"cannot evaluate this: {text[:200]}"


def valid_name(name: str) -> bool:
    """True for a name a claim may declare: an identifier, not a Python keyword, no '_' start."""
    return name.isidentifier() and not keyword.iskeyword(name) and not name.startswith("_")
