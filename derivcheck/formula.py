"""Statements: relations between expressions and boolean combinations of them.

SymPy's own ``Eq`` evaluates itself (``Eq(x, x)`` becomes ``True``) and cannot
hold matrices or values such as a limit that does not exist, so a claim is kept
as a small tree of its own: :class:`Rel` leaves joined by :class:`Connective`
nodes. The engine decides the tree; renderers print it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any, Union

import sympy
from sympy.matrices import MatrixBase

from derivcheck.model import Location

#: Relations as written, and the SymPy class of each (for printing and for logic).
REL_CLASSES: dict[str, type[sympy.core.relational.Relational]] = {
    "==": sympy.Eq,
    "!=": sympy.Ne,
    "<": sympy.StrictLessThan,
    "<=": sympy.LessThan,
    ">": sympy.StrictGreaterThan,
    ">=": sympy.GreaterThan,
}

#: The relation that holds exactly when the given one does not.
NEGATION: dict[str, str] = {"==": "!=", "!=": "==", "<": ">=", ">=": "<", ">": "<=", "<=": ">"}

Value = Union[sympy.Basic, "sympy.MatrixBase"]


@dataclass(frozen=True)
class Rel:
    """``lhs <op> rhs`` for scalars, or ``==``/``!=`` for matrices."""

    op: str
    lhs: Value
    rhs: Value
    loc: Location | None = None

    def sympy(self) -> sympy.Basic:
        """The relation as an unevaluated SymPy relational (for printing and logic)."""
        return REL_CLASSES[self.op](self.lhs, self.rhs, evaluate=False)

    @cached_property
    def operations(self) -> int:
        """The size of both sides, in SymPy's ``count_ops`` (a matrix: the sum over its entries).

        Counted once per relation: the witness search divides its effort by it and the
        diagnosis is skipped above a size, and on a large matrix claim each count costs
        tens of milliseconds. (Kept in the instance's ``__dict__``, outside the fields:
        equality, hashing and pickling ignore it, and it lives as long as the relation.)
        """
        sides = [e for side in (self.lhs, self.rhs) for e in (side if isinstance(side, MatrixBase) else [side])]
        return sum(sympy.count_ops(e) for e in sides if isinstance(e, sympy.Basic))


@dataclass(frozen=True)
class Connective:
    """``and``, ``or``, ``not``, ``implies`` or ``iff`` over statements."""

    kind: str  # "and" | "or" | "not" | "implies" | "iff"
    args: tuple[Formula, ...]


@dataclass(frozen=True)
class Truth:
    """A statement already known to be true or false (e.g. ``1 != 2``)."""

    value: bool


Formula = Union[Rel, Connective, Truth]


def to_sympy(f: Formula) -> sympy.Basic:
    """The statement as a SymPy boolean (relations unevaluated)."""
    if isinstance(f, Truth):
        return sympy.true if f.value else sympy.false
    if isinstance(f, Rel):
        return f.sympy()
    parts = [to_sympy(a) for a in f.args]
    if f.kind == "and":
        return sympy.And(*parts, evaluate=False)
    if f.kind == "or":
        return sympy.Or(*parts, evaluate=False)
    if f.kind == "not":
        return sympy.Not(parts[0], evaluate=False)
    if f.kind == "implies":
        return sympy.Implies(*parts, evaluate=False)
    return sympy.Equivalent(*parts, evaluate=False)


def free_symbols(value: Any) -> set[sympy.Symbol]:
    """The free symbols of an expression or of every entry of a matrix."""
    if isinstance(value, MatrixBase):
        out: set[sympy.Symbol] = set()
        for e in value:
            out |= e.free_symbols
        return out
    return set(value.free_symbols) if isinstance(value, sympy.Basic) else set()


def relations(f: Formula) -> list[Rel]:
    """Every relation in a statement, left to right."""
    if isinstance(f, Rel):
        return [f]
    if isinstance(f, Truth):
        return []
    out: list[Rel] = []
    for a in f.args:
        out.extend(relations(a))
    return out


def evaluate(f: Formula, truth: dict[int, bool | None]) -> bool | None:
    """The truth of a statement from the truth of its relations (keyed by ``id``).

    Three-valued (Kleene): a relation whose truth is not known is ``None``, and
    a connective is known only when the known parts already settle it, so an
    unknown part can never turn into a wrong ``True`` or ``False``.
    """
    if isinstance(f, Truth):
        return f.value
    if isinstance(f, Rel):
        return truth.get(id(f))
    vals = [evaluate(a, truth) for a in f.args]
    if f.kind == "not":
        return None if vals[0] is None else not vals[0]
    if f.kind == "implies":
        vals = [None if vals[0] is None else not vals[0], vals[1]]
        return _or(vals)
    if f.kind == "and":
        if any(v is False for v in vals):
            return False
        return True if all(v is True for v in vals) else None
    if f.kind == "or":
        return _or(vals)
    if vals[0] is None or vals[1] is None:
        return None
    return vals[0] == vals[1]


def _or(vals: list[bool | None]) -> bool | None:
    if any(v is True for v in vals):
        return True
    return False if all(v is False for v in vals) else None
