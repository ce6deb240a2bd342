"""The interpreter: a checked syntax tree to SymPy objects, in a scope.

Each node of the tree (:func:`derivcheck.parser.parse`) becomes a SymPy object,
a matrix, a statement (:mod:`derivcheck.formula`) or a distribution. The
operations the engine computes (limits, integrals, derivatives, expectations)
are left as written (:mod:`derivcheck.unevaluated`): :mod:`derivcheck.evaluate`
computes them. Everything else is built as SymPy builds it, ``x + x`` as ``2*x``;
built ``written``, for people, nothing is: ``x + x`` stays ``x + x``.
"""

from __future__ import annotations

import ast
import difflib
from typing import Any, Callable

import sympy
from sympy.matrices import MatrixBase

from derivcheck.distributions import Distribution
from derivcheck.errors import ClaimError, LimitExceeded
from derivcheck.formula import Connective, Formula, Rel, Truth
from derivcheck.model import Location, Text
from derivcheck.parser import (
    CONSTANTS,
    MAX_INT_DIGITS,
    MAX_SIZE,
    MAX_SYMBOLIC_EXPONENT,
    Call,
    Direction,
    Parsed,
    cannot_evaluate,
    check_power,
    exact_decimal,
    node_loc,
    parse,
    short_number,
    size_problem,
)
from derivcheck.problem import Scope
from derivcheck.vocabulary import VOCABULARY


class Evaluator:
    """Interprets one parsed expression in a scope."""

    def __init__(self, parsed: Parsed, *, written: bool = False) -> None:
        self.parsed = parsed
        self.written = written
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
        if self.written:
            # An index or a size written as k + 1: the number it names.
            with sympy.evaluate(True):
                value = value.doit()
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
            raise self.error(cannot_evaluate(exc), node) from None

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
        if self.written and isinstance(value, sympy.Expr) and not value.is_Number and isinstance(node.op, ast.USub):
            return sympy.Mul(-1, value, evaluate=False)
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
        if self.written and not (lm or rm):
            return _as_written(op, left, right)
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
                        f"the power {short_number(k)} of a matrix is larger than the limit of"
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
        args = None if entry.lazy else [self.eval(a, scope) for a in node.args]
        if not (self.written and entry.shown):
            return entry.impl(Call(self, node, scope, args))
        # As written: H(0) stays H(0), exp(log(u)) stays exp(log(u)).
        with sympy.evaluate(False):
            return entry.impl(Call(self, node, scope, args))

    def _Subscript(self, node: ast.Subscript, scope: Scope) -> Any:
        value = self.eval(node.value, scope)
        if not isinstance(value, MatrixBase):
            raise self.error("only vectors and matrices can be indexed", node)
        index_nodes = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        if any(isinstance(i, ast.Slice) for i in index_nodes):
            return self._row_or_column(value, index_nodes, node, scope)
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
                f"index ({short_number(i)}, {short_number(j)}) is outside a {rows}×{cols} matrix (indices start at 1)"
                if cols > 1
                else f"index {short_number(i)} is outside a vector of length {rows} (indices start at 1)",
                node,
            )
        return value[i - 1, j - 1]

    def _row_or_column(self, value: MatrixBase, index_nodes: list[ast.expr], node: ast.Subscript, scope: Scope) -> Any:
        """``X[i, :]``, row i as a 1×d matrix, or ``X[:, j]``, column j as a column vector."""
        # The parser lets a slice through only as a bare ':' of two indices.
        first, second = index_nodes
        if isinstance(first, ast.Slice) and isinstance(second, ast.Slice):
            raise self.error("X[:, :] is X itself: write X", node)
        rows, cols = value.shape
        if isinstance(second, ast.Slice):
            i = self.integer(self.eval(first, scope), first, "a row index")
            if not 1 <= i <= rows:
                raise self.error(f"row {short_number(i)} is outside a {rows}×{cols} matrix (indices start at 1)", first)
            return sympy.ImmutableMatrix(value[i - 1, :])
        j = self.integer(self.eval(second, scope), second, "a column index")
        if not 1 <= j <= cols:
            raise self.error(f"column {short_number(j)} is outside a {rows}×{cols} matrix (indices start at 1)", second)
        return sympy.ImmutableMatrix(value[:, j - 1])

    def _Attribute(self, node: ast.Attribute, scope: Scope) -> Any:
        value = self.eval(node.value, scope)
        if not isinstance(value, MatrixBase):
            raise self.error(".T needs a vector or matrix", node)
        return value.T

    def _List(self, node: ast.List, scope: Scope) -> Any:
        """A matrix literal ``[[a, b], [c, d]]`` (its rows), or a column vector ``[a, b, c]``."""
        if not node.elts:
            raise self.error("an empty list is not a vector: write its entries, as [a, b]", node)
        nested = [isinstance(e, ast.List) for e in node.elts]
        if any(nested) and not all(nested):
            where = node.elts[nested.index(not nested[0])]
            raise self.error("a matrix literal is a list of rows, each a list such as [a, b]: mix no rows and entries", where)
        if len(node.elts) > MAX_SIZE:
            raise LimitExceeded(f"a matrix literal with more than {MAX_SIZE} rows", self.loc(node))
        if not nested[0]:
            return sympy.ImmutableMatrix([self._entry(e, scope) for e in node.elts])
        rows: list[list[Any]] = []
        for row in node.elts:
            assert isinstance(row, ast.List)
            if not row.elts:
                raise self.error("an empty row in a matrix literal", row)
            if len(row.elts) > MAX_SIZE:
                raise LimitExceeded(f"a matrix row with more than {MAX_SIZE} entries", self.loc(row))
            width = len(node.elts[0].elts) if isinstance(node.elts[0], ast.List) else 0
            if len(row.elts) != width:
                raise self.error(
                    f"the rows of a matrix literal must have the same length: this one has"
                    f" {_entries(len(row.elts))}, the first {_entries(width)}",
                    row,
                )
            entries = []
            for e in row.elts:
                if isinstance(e, ast.List):
                    raise self.error("an entry of a matrix literal must be a number, not a list", e)
                entries.append(self._entry(e, scope))
            rows.append(entries)
        return sympy.ImmutableMatrix(rows)

    def _entry(self, node: ast.expr, scope: Scope) -> sympy.Expr:
        value = self.eval(node, scope)
        self._arith_operand(value, node)
        return self.scalar(value, node, "an entry of a matrix literal")

    def _Tuple(self, node: ast.Tuple, scope: Scope) -> Any:
        raise self.error("a tuple is only allowed as the bounds of Sum, Product or integrate", node)

    def _Slice(self, node: ast.Slice, scope: Scope) -> Any:
        raise self.error("a slice is only ':' as one index of two: X[i, :] (row i) or X[:, j] (column j)", node)



def _as_written(op: ast.operator, left: Any, right: Any) -> Any:
    """``left op right`` for people: the operation shown, not carried out."""
    if isinstance(op, ast.Add):
        return sympy.Add(left, right, evaluate=False)
    if isinstance(op, ast.Sub):
        return sympy.Add(left, sympy.Mul(-1, right, evaluate=False), evaluate=False)
    if isinstance(op, (ast.Mult, ast.MatMult)):
        return sympy.Mul(left, right, evaluate=False)
    if isinstance(op, ast.Div):
        inverse = sympy.Pow(right, -1, evaluate=False)
        return inverse if left == 1 else sympy.Mul(left, inverse, evaluate=False)
    return sympy.Pow(left, right, evaluate=False)


def _unwrap(value: Any) -> Any:
    if isinstance(value, MatrixBase) and value.shape == (1, 1):
        return value[0, 0]
    return value


def _entries(n: int) -> str:
    return f"{n} entry" if n == 1 else f"{n} entries"


def _shape(m: MatrixBase) -> str:
    return f"{m.shape[0]}×{m.shape[1]}"


def _kind(value: Any) -> str:
    if isinstance(value, Direction):
        return "a direction"
    if isinstance(value, Distribution):
        return f"the distribution {value.describe()} (distributions go under random:)"
    return f"a {type(value).__name__}"


def interpret(text: Text, scope: Scope, *, written: bool = False) -> Any:
    """Parse (cached) and interpret ``text`` in ``scope``; the engine's operations stay pending.

    Args:
        written: build the expression as written, for printing: no arithmetic
            is carried out (the result is for people, not for the engine).
    """
    return Evaluator(parse(text), written=written).run(scope)
