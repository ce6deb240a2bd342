"""The safe expression language: claim text to SymPy objects, never through ``eval``.

Claim text is read by Python's own parser into a syntax tree (``ast.parse``
builds a tree; it runs nothing), checked against a whitelist of node kinds and
against size limits, then *interpreted* here: each node is turned into a SymPy
object directly. Names resolve only to declared symbols, ``where`` bindings,
bound variables, a few constants and the functions of
:mod:`derivcheck.vocabulary`. ``sympify``, ``parse_expr``, ``eval`` and
``exec`` are never called on claim text: all of them execute Python.

Numbers are exact: ``2.5`` is read from its source text as ``5/2``.
"""

from __future__ import annotations

import ast
import difflib
import keyword
import math
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, Callable

import sympy
from sympy.matrices import MatrixBase

from derivcheck.errors import ClaimError, LimitExceeded
from derivcheck.formula import Connective, Formula, Rel, Truth
from derivcheck.model import Location, Text

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
MAX_ROOT_DIGITS = 60  # digits of a number raised to a fractional power
MAX_TERMS = 10_000  # terms of a Sum or Product with concrete bounds
MAX_SIZE = 64  # entries along one side of a vector or matrix


class Direction(str):
    """The direction argument of ``limit``: ``'+'``, ``'-'`` or ``'+-'``."""


@dataclass
class Scope:
    """What names mean while one instance of a claim is built.

    Attributes:
        names: name → value (symbols, vectors, ``where`` bindings, bound variables).
        declared: every declared scalar symbol by name, so that a bound variable
            that is also declared (``t: positive``) keeps its assumptions.
        random: random symbol → its distribution.
        bounds: symbol → (low, high) of its interval domain, where declared.
    """

    names: dict[str, Any] = field(default_factory=dict)
    declared: dict[str, sympy.Symbol] = field(default_factory=dict)
    random: dict[sympy.Symbol, Any] = field(default_factory=dict)
    bounds: dict[sympy.Symbol, tuple[sympy.Expr, sympy.Expr]] = field(default_factory=dict)
    #: Every denominator and log argument built, as built: where one is zero the
    #: claim as written has no value, even after SymPy simplified it away.
    denominators: list[sympy.Expr] = field(default_factory=list)

    def child(self, **bindings: Any) -> Scope:
        """A scope with extra names bound (for the index of a Sum, say)."""
        return Scope({**self.names, **bindings}, self.declared, self.random, self.bounds, self.denominators)

    def note_denominator(self, value: Any) -> None:
        """Record an expression that must not be zero where the claim has a value."""
        if isinstance(value, sympy.Expr) and value.free_symbols and len(self.denominators) < 200:
            self.denominators.append(value)


#: Constants every expression may use. ``E`` is the expectation and ``e`` an
#: ordinary name (the contract says so): Euler's number is ``exp(1)``.
CONSTANTS: dict[str, sympy.Basic] = {
    "pi": sympy.pi,
    "oo": sympy.oo,
    "I": sympy.I,
    "true": sympy.true,
    "false": sympy.false,
}

_ALLOWED = (
    ast.Expression, ast.BinOp, ast.UnaryOp, ast.BoolOp, ast.Compare, ast.Call, ast.Name,
    ast.Constant, ast.Subscript, ast.Attribute, ast.Tuple, ast.Load,
    ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow, ast.MatMult, ast.USub, ast.UAdd, ast.Not,
    ast.And, ast.Or, ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE,
)  # fmt: skip

_FORBIDDEN_WORDS: dict[type, str] = {
    ast.Lambda: "lambda", ast.ListComp: "a comprehension", ast.SetComp: "a comprehension",
    ast.DictComp: "a comprehension", ast.GeneratorExp: "a comprehension",
    ast.JoinedStr: "an f-string", ast.FormattedValue: "an f-string", ast.IfExp: "'if ... else'",
    ast.NamedExpr: "':='", ast.Starred: "'*' unpacking", ast.Dict: "a dict", ast.Set: "a set",
    ast.List: "a list", ast.Slice: "a slice", ast.Await: "await", ast.Yield: "yield",
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
        for child in ast.iter_child_nodes(node):
            stack.append((child, depth + 1))


def _op_word(op: ast.AST) -> str:
    words: dict[type[ast.AST], str] = {ast.Is: "is", ast.IsNot: "is not", ast.In: "in", ast.NotIn: "not in"}
    return words.get(type(op), "?")


# ---------------------------------------------------------------------------
# The interpreter
# ---------------------------------------------------------------------------


class Call:
    """What a vocabulary function receives: its arguments, and the means to report."""

    def __init__(self, ev: Evaluator, node: ast.Call, scope: Scope, args: list[Any] | None) -> None:
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


class Evaluator:
    """Interprets one parsed expression in a scope."""

    def __init__(self, parsed: Parsed) -> None:
        self.parsed = parsed
        # Terms made by Sum and Product so far: nested ones multiply, so the
        # limit is on the whole expression, not on each call.
        self.terms = 0

    def loc(self, node: ast.AST) -> Location:
        return node_loc(self.parsed.text, self.parsed.source, node)

    def error(self, message: str, node: ast.AST) -> ClaimError:
        return ClaimError(message, self.loc(node))

    # --- coercions -----------------------------------------------------------
    def scalar(self, value: Any, node: ast.AST, what: str = "this") -> sympy.Expr:
        if isinstance(value, MatrixBase):
            if value.shape == (1, 1):
                return value[0, 0]
            rows, cols = value.shape
            raise self.error(f"{what} must be a number, not a {rows}×{cols} matrix", node)
        if isinstance(value, (Rel, Connective, Truth)):
            raise self.error(f"{what} must be a number, not a statement", node)
        if isinstance(value, sympy.Expr):
            return value
        raise self.error(f"{what} must be a number, not {_kind(value)}", node)

    def formula(self, value: Any, node: ast.AST) -> Formula:
        if isinstance(value, (Rel, Connective, Truth)):
            return value
        if value is sympy.true or value is sympy.false:
            return Truth(bool(value))
        raise self.error(f"a statement (such as a == b) is needed here, not {_kind(value)}", node)

    def integer(self, value: Any, node: ast.AST, what: str) -> int:
        value = self.scalar(value, node, what)
        if not (isinstance(value, sympy.Integer)):
            raise self.error(f"{what} must be a whole number, not {sympy.sstr(value)}", node)
        return int(value)

    # --- the walk ------------------------------------------------------------
    def run(self, scope: Scope) -> Any:
        return self.eval(self.parsed.tree.body, scope)

    def eval(self, node: ast.AST, scope: Scope) -> Any:
        method: Callable[[Any, Scope], Any] = getattr(self, "_" + type(node).__name__)
        try:
            value = method(node, scope)
            # Checked at every node, so that a number or power too large to
            # handle is refused where it is made, not where it is printed.
            too_large = size_problem(value)
            if too_large is not None:
                raise LimitExceeded(too_large, self.loc(node))
            return value
        except ClaimError:
            raise
        except (TypeError, ValueError, ArithmeticError, sympy.ShapeError, IndexError, AttributeError) as exc:
            # SymPy's own complaints (shapes, invalid operations) become the
            # claim's error, placed at the node that caused them.
            raise self.error(_explain(exc), node) from None

    def _Constant(self, node: ast.Constant, scope: Scope) -> Any:
        value = node.value
        if isinstance(value, bool):
            return sympy.true if value else sympy.false
        if isinstance(value, str):
            if value in ("+", "-", "+-"):
                return Direction(value)
            raise self.error(
                "string literals are not part of the language (only '+', '-' and '+-' "
                "as the direction of a limit)",
                node,
            )
        if isinstance(value, int):
            if value.bit_length() > MAX_INT_DIGITS * 3.33:
                raise LimitExceeded(f"an integer with more than {MAX_INT_DIGITS} digits", self.loc(node))
            return sympy.Integer(value)
        # A float: read its exact value from the text as written.
        src = ast.get_source_segment(self.parsed.source, node) or repr(value)
        return exact_decimal(src, self.loc(node))

    def _Name(self, node: ast.Name, scope: Scope) -> Any:
        name = node.id
        if name in scope.names:
            return scope.names[name]
        if name in CONSTANTS:
            return CONSTANTS[name]
        from derivcheck.vocabulary import VOCABULARY

        if name in VOCABULARY:
            raise self.error(f"'{name}' is a function: call it, as {name}(...)", node)
        choices = list(scope.names) + list(CONSTANTS) + list(VOCABULARY)
        hint = difflib.get_close_matches(name, choices, n=1)
        did = f" (did you mean '{hint[0]}'?)" if hint else ""
        if name == "e":
            did = " ('e' is an ordinary name here: Euler's number is exp(1))"
        raise self.error(f"unknown name '{name}'{did}: declare it under symbols", node)

    def _UnaryOp(self, node: ast.UnaryOp, scope: Scope) -> Any:
        value = self.eval(node.operand, scope)
        if isinstance(node.op, ast.Not):
            return Connective("not", (self.formula(value, node.operand),))
        self._arith_operand(value, node.operand)
        return -value if isinstance(node.op, ast.USub) else value

    def _arith_operand(self, value: Any, node: ast.AST) -> None:
        if isinstance(value, (Rel, Connective, Truth)) or value is sympy.true or value is sympy.false:
            raise self.error("a statement cannot be used as a number", node)
        if not isinstance(value, (sympy.Expr, MatrixBase)):
            raise self.error(f"{_kind(value)} cannot be used as a number", node)

    def _BinOp(self, node: ast.BinOp, scope: Scope) -> Any:
        left = self.eval(node.left, scope)
        right = self.eval(node.right, scope)
        self._arith_operand(left, node.left)
        self._arith_operand(right, node.right)
        op = node.op
        lm, rm = isinstance(left, MatrixBase), isinstance(right, MatrixBase)
        if isinstance(op, ast.Add) or isinstance(op, ast.Sub):
            if lm != rm:
                left, right = _unwrap(left), _unwrap(right)
                if isinstance(left, MatrixBase) or isinstance(right, MatrixBase):
                    raise self.error(
                        "cannot add a number and a vector or matrix (use ones(n) for c·1)", node
                    )
            if lm and rm and left.shape != right.shape:
                raise self.error(
                    f"cannot add a {_shape(left)} and a {_shape(right)} matrix", node
                )
            return left + right if isinstance(op, ast.Add) else left - right
        if isinstance(op, (ast.Mult, ast.MatMult)):
            if lm and rm:
                if left.shape[1] != right.shape[0]:
                    raise self.error(
                        f"cannot multiply a {_shape(left)} by a {_shape(right)} matrix", node
                    )
                # A 1×1 product stays a matrix (it may be indexed, y[1]); scalar
                # contexts and relations unwrap it.
                return left * right
            return left * right
        if isinstance(op, ast.Div):
            if rm:
                right = _unwrap(right)
                if isinstance(right, MatrixBase):
                    raise self.error("cannot divide by a vector or matrix", node)
            scope.note_denominator(right)
            return left / right
        if isinstance(op, ast.Pow):
            if isinstance(right, sympy.Expr) and right.is_negative:
                scope.note_denominator(left)
            return self._power(left, right, node)
        raise self.error("this operator is not supported", node)  # pragma: no cover

    def _power(self, base: Any, exp: Any, node: ast.BinOp) -> Any:
        if isinstance(exp, MatrixBase):
            raise self.error("an exponent must be a number", node.right)
        if isinstance(base, MatrixBase):
            if base.shape == (1, 1):
                base = base[0, 0]
            else:
                k = self.integer(exp, node.right, "the power of a matrix")
                if base.shape[0] != base.shape[1]:
                    raise self.error("only a square matrix has powers", node)
                if abs(k) > MAX_SYMBOLIC_EXPONENT:
                    raise LimitExceeded(
                        f"the power {_short(k)} of a matrix is larger than the limit of"
                        f" {MAX_SYMBOLIC_EXPONENT}",
                        self.loc(node),
                    )
                return base**k
        check_power(base, exp, self.loc(node))
        return base**exp

    def _BoolOp(self, node: ast.BoolOp, scope: Scope) -> Formula:
        parts = tuple(self.formula(self.eval(v, scope), v) for v in node.values)
        return Connective("and" if isinstance(node.op, ast.And) else "or", parts)

    def _Compare(self, node: ast.Compare, scope: Scope) -> Formula:
        ops = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}
        values = [self.eval(node.left, scope)] + [self.eval(c, scope) for c in node.comparators]
        nodes = [node.left, *node.comparators]
        rels: list[Formula] = []
        for i, op in enumerate(node.ops):
            rels.append(self.relation(ops[type(op)], values[i], values[i + 1], nodes[i], nodes[i + 1], node))
        return rels[0] if len(rels) == 1 else Connective("and", tuple(rels))

    def relation(self, op: str, lhs: Any, rhs: Any, lnode: ast.AST, rnode: ast.AST, node: ast.AST) -> Rel:
        """Build ``lhs op rhs``, checking that both sides can be compared."""
        for v, n in ((lhs, lnode), (rhs, rnode)):
            self._arith_operand(v, n)
        lhs, rhs = _unwrap(lhs), _unwrap(rhs)
        lm, rm = isinstance(lhs, MatrixBase), isinstance(rhs, MatrixBase)
        if lm or rm:
            if op not in ("==", "!="):
                raise self.error(f"matrices cannot be compared with '{op}'", node)
            if not (lm and rm):
                raise self.error("cannot compare a matrix with a number", node)
            if lhs.shape != rhs.shape:
                raise self.error(
                    f"the sides have different shapes: {_shape(lhs)} and {_shape(rhs)}", node
                )
        return Rel(op, lhs, rhs, self.loc(node))

    def _Call(self, node: ast.Call, scope: Scope) -> Any:
        from derivcheck.vocabulary import VOCABULARY

        assert isinstance(node.func, ast.Name)
        name = node.func.id
        if name in scope.names and name not in VOCABULARY:
            raise self.error(f"'{name}' is not a function", node)
        entry = VOCABULARY.get(name)
        if entry is None:
            hint = difflib.get_close_matches(name, list(VOCABULARY), n=1)
            did = f" (did you mean '{hint[0]}'?)" if hint else ""
            raise self.error(f"unknown function '{name}'{did}", node)
        n = len(node.args)
        if n < entry.min_args or (entry.max_args is not None and n > entry.max_args):
            want = (
                str(entry.min_args)
                if entry.min_args == entry.max_args
                else f"{entry.min_args} or more"
                if entry.max_args is None
                else f"{entry.min_args} to {entry.max_args}"
            )
            raise self.error(f"{name} takes {want} arguments, not {n}", node)
        if entry.lazy:
            return entry.impl(Call(self, node, scope, None))
        args = [self.eval(a, scope) for a in node.args]
        return entry.impl(Call(self, node, scope, args))

    def _Subscript(self, node: ast.Subscript, scope: Scope) -> Any:
        value = self.eval(node.value, scope)
        if not isinstance(value, MatrixBase):
            raise self.error("only vectors and matrices can be indexed", node)
        index_nodes = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        idx = [self.integer(self.eval(i, scope), i, "an index") for i in index_nodes]
        rows, cols = value.shape
        if len(idx) == 1:
            if cols == 1:
                idx = [idx[0], 1]
            elif rows == 1:
                idx = [1, idx[0]]
            else:
                raise self.error("a matrix needs two indices, as A[i, j]", node)
        if len(idx) != 2:
            raise self.error("too many indices", node)
        i, j = idx
        # Indices start at 1, as in mathematics.
        if not (1 <= i <= rows and 1 <= j <= cols):
            raise self.error(
                f"index ({_short(i)}, {_short(j)}) is outside a {rows}×{cols} matrix (indices start at 1)"
                if cols > 1
                else f"index {_short(i)} is outside a vector of length {rows} (indices start at 1)",
                node,
            )
        return value[i - 1, j - 1]

    def _Attribute(self, node: ast.Attribute, scope: Scope) -> Any:
        value = self.eval(node.value, scope)
        if not isinstance(value, MatrixBase):
            raise self.error(".T needs a vector or matrix", node)
        return value.T

    def _Tuple(self, node: ast.Tuple, scope: Scope) -> Any:
        raise self.error("a tuple is only allowed as the bounds of Sum, Product or integrate", node)


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
                    f"the power would have about {_short(bits)} bits, more than the limit of"
                    f" {MAX_POWER_BITS} bits",
                    loc,
                )
        elif k > MAX_SYMBOLIC_EXPONENT and base not in (0, 1, -1):
            raise LimitExceeded(
                f"the exponent {_short(k)} is larger than the limit of {MAX_SYMBOLIC_EXPONENT}", loc
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


def _short(n: int) -> str:
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
            if abs(int(part.exp)) > MAX_SYMBOLIC_EXPONENT:
                return (
                    f"a power with the exponent {_short(int(part.exp))}, larger than the limit"
                    f" of {MAX_SYMBOLIC_EXPONENT}"
                )
    return None


def _unwrap(value: Any) -> Any:
    if isinstance(value, MatrixBase) and value.shape == (1, 1):
        return value[0, 0]
    return value


def _shape(m: MatrixBase) -> str:
    return f"{m.shape[0]}×{m.shape[1]}"


def _kind(value: Any) -> str:
    if isinstance(value, Direction):
        return "a direction"
    from derivcheck.distributions import Distribution

    if isinstance(value, Distribution):
        return f"the distribution {value.describe()} (distributions go under random:)"
    return f"a {type(value).__name__}"


def _explain(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return f"cannot evaluate this: {text[:200]}"


def valid_name(name: str) -> bool:
    """True for a name a claim may declare: an identifier, not a Python keyword, no '_' start."""
    return name.isidentifier() and not keyword.iskeyword(name) and not name.startswith("_")


def evaluate(text: Text, scope: Scope) -> Any:
    """Parse (cached) and interpret ``text`` in ``scope``."""
    return Evaluator(parse(text)).run(scope)
