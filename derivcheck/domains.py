"""Domains: what a ``symbols:`` entry says about the values a name may take.

A domain is read from its text once, into one of a few small frozen
dataclasses, each a :class:`Domain`. A new kind of domain is one class with
the methods of that protocol, and one entry in :data:`SYNTAXES` (or
:func:`register`) that reads it from its text. Sizes (``vector[n]``), range bounds and finite-set elements may
name other symbols, so they stay as text here and are evaluated per instance
by :mod:`derivcheck.semantics`, once the sizes they name have values.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import Callable, Protocol, Sequence

import sympy

from derivcheck.errors import ClaimError
from derivcheck.formula import Formula
from derivcheck.model import Text

#: Assumption words and the SymPy assumptions each adds to a symbol.
ASSUMPTION_WORDS: dict[str, dict[str, bool]] = {
    "real": {"real": True},
    "positive": {"positive": True},
    "negative": {"negative": True},
    "nonnegative": {"nonnegative": True},
    "nonpositive": {"nonpositive": True},
    "nonzero": {"nonzero": True},
    "integer": {"integer": True},
    "rational": {"rational": True},
    "even": {"even": True},
    "odd": {"odd": True},
    "complex": {"complex": True},
}


@dataclass(frozen=True)
class Unknown:
    """One real unknown of a shaped domain: its symbol, its name in witnesses, its interval."""

    symbol: sympy.Symbol
    label: str  # "x[2]", "A[1, 2]"
    lo: sympy.Expr = -sympy.oo
    hi: sympy.Expr = sympy.oo
    lo_open: bool = True
    hi_open: bool = True


@dataclass(frozen=True)
class Layout:
    """The value of a vector- or matrix-like name in one case.

    ``entries`` (row by row) are expressions of the ``unknowns``: the domain's
    reparametrisation (an entry may be a function of the others, as the last
    coordinate of a simplex is). ``conditions`` are the constraints the
    unknowns must meet besides their intervals (linear ones, for the
    arithmetic of :mod:`derivcheck.engine.logic`); they join the claim's
    conditions, so a witness always lies in the domain.
    """

    rows: int
    cols: int
    entries: list[sympy.Expr]
    unknowns: list[Unknown]
    conditions: list[Formula] = field(default_factory=list)


#: How a shaped domain asks for a size: the size's text, evaluated in the case.
SizeOf = Callable[[str], int]


class Domain(Protocol):
    """What every kind of domain provides."""

    def describe(self) -> str:
        """The domain in the words of a ``symbols:`` entry."""
        ...

    def layout(self, name: str, size: SizeOf) -> Layout | None:
        """The entries of a vector- or matrix-like name in one case; None for a scalar domain."""
        ...

    def contains(self, values: Sequence[sympy.Expr]) -> bool | None:
        """Whether a value (a scalar, or the entries row by row) lies in the domain; None if unknown."""
        ...


class _Scalar:
    """A scalar domain: its symbols are made by :mod:`derivcheck.semantics`."""

    def layout(self, name: str, size: SizeOf) -> Layout | None:
        return None

    def contains(self, values: Sequence[sympy.Expr]) -> bool | None:
        return None


def _entries(name: str, rows: int, cols: int) -> list[Unknown]:
    out = []
    for i in range(rows):
        for j in range(cols):
            label = f"{name}[{i + 1}]" if cols == 1 else f"{name}[{i + 1}, {j + 1}]"
            sym_name = f"{name}_{i + 1}" if cols == 1 else f"{name}_{i + 1}_{j + 1}"
            out.append(Unknown(sympy.Symbol(sym_name, real=True), label))
    return out


@dataclass(frozen=True)
class Assumed(_Scalar):
    """A symbol with SymPy assumptions only, e.g. ``positive integer``."""

    words: tuple[str, ...]

    def assumptions(self) -> dict[str, bool]:
        out: dict[str, bool] = {}
        for w in self.words:
            out.update(ASSUMPTION_WORDS[w])
        return out

    def describe(self) -> str:
        return " ".join(self.words)


@dataclass(frozen=True)
class Interval(_Scalar):
    """A real interval; the bounds are expression texts (numbers, ``oo``, ``pi``...)."""

    lo: str
    hi: str
    lo_open: bool
    hi_open: bool

    def describe(self) -> str:
        return f"{'(' if self.lo_open else '['}{self.lo}, {self.hi}{')' if self.hi_open else ']'}"


@dataclass(frozen=True)
class FiniteSet(_Scalar):
    """A finite set of values, checked one by one: element texts."""

    elements: tuple[str, ...]

    def describe(self) -> str:
        return "{" + ", ".join(self.elements) + "}"


@dataclass(frozen=True)
class IntRange(_Scalar):
    """Every integer from ``lo`` to ``hi`` inclusive (texts: integers or sizes)."""

    lo: str
    hi: str

    def describe(self) -> str:
        return f"range({self.lo}, {self.hi})"


@dataclass(frozen=True)
class VectorOf:
    """A column vector of real entries; ``size`` is an integer or a size's name."""

    size: str

    def describe(self) -> str:
        return f"vector[{self.size}]"

    def layout(self, name: str, size: SizeOf) -> Layout | None:
        unknowns = _entries(name, size(self.size), 1)
        return Layout(len(unknowns), 1, [u.symbol for u in unknowns], unknowns)

    def contains(self, values: Sequence[sympy.Expr]) -> bool | None:
        return all(v.is_real for v in values)


@dataclass(frozen=True)
class MatrixOf:
    """A matrix of real entries."""

    rows: str
    cols: str

    def describe(self) -> str:
        return f"matrix[{self.rows}, {self.cols}]"

    def layout(self, name: str, size: SizeOf) -> Layout | None:
        rows = size(self.rows)
        cols = size(self.cols)
        unknowns = _entries(name, rows, cols)
        return Layout(rows, cols, [u.symbol for u in unknowns], unknowns)

    def contains(self, values: Sequence[sympy.Expr]) -> bool | None:
        return all(v.is_real for v in values)



#: Domains whose values are enumerated, one instance of the claim per value.
ENUMERATED = (FiniteSet, IntRange)

# A part (a bound, a size) starts and ends with a character that is not a
# space: the spaces around it then belong to the \s* beside it alone. A lazy
# ``([^,]+?)\s*`` would let both claim them, and the matching of a domain of a
# few thousand spaces would take minutes (the backtracking is cubic).
_PART = r"([^,\s](?:[^,]*[^,\s])?)"
_SIZE = r"([^,\]\s](?:[^,\]]*[^,\]\s])?)"
_INTERVAL = re.compile(rf"^\s*([\(\[])\s*{_PART}\s*,\s*{_PART}\s*([\)\]])\s*$")
_RANGE = re.compile(rf"^\s*range\s*\(\s*{_PART}\s*,\s*{_PART}\s*\)\s*$")
_VECTOR = re.compile(rf"^\s*vector\s*\[\s*{_SIZE}\s*\]\s*$")
_MATRIX = re.compile(rf"^\s*matrix\s*\[\s*{_SIZE}\s*,\s*{_SIZE}\s*\]\s*$")
_SET = re.compile(r"^\s*\{(.*)\}\s*$", re.S)


#: Readers of further kinds of domain, tried first: each returns its domain, or
#: None when the text is not one of its kind.
SYNTAXES: list[Callable[[str], Domain | None]] = []


def register(syntax: Callable[[str], Domain | None]) -> Callable[[], None]:
    """Add the reader of a kind of domain; returns the function that removes it."""
    SYNTAXES.append(syntax)

    def undo() -> None:
        SYNTAXES.remove(syntax)

    return undo


def parse_domain(name: str, text: Text) -> Domain:
    """Read the domain of ``name`` from its text.

    Raises:
        ClaimError: the text is not a domain; the message lists what is.
    """
    raw = text.value.strip()
    for syntax in SYNTAXES:
        found = syntax(raw)
        if found is not None:
            return found
    if m := _SET.match(raw):
        items = tuple(e.strip() for e in m.group(1).split(",") if e.strip())
        if not items:
            raise ClaimError(f"the finite set of '{name}' is empty", text.loc)
        return FiniteSet(items)
    if m := _INTERVAL.match(raw):
        return Interval(m.group(2), m.group(3), m.group(1) == "(", m.group(4) == ")")
    if m := _RANGE.match(raw):
        return IntRange(m.group(1), m.group(2))
    if m := _VECTOR.match(raw):
        return VectorOf(m.group(1))
    if m := _MATRIX.match(raw):
        return MatrixOf(m.group(1), m.group(2))
    words = tuple(raw.split())
    if words and all(w in ASSUMPTION_WORDS for w in words):
        return Assumed(words)
    unknown = next((w for w in words if w not in ASSUMPTION_WORDS), raw)
    hint = difflib.get_close_matches(unknown, list(ASSUMPTION_WORDS) + ["vector", "matrix", "range"], n=1)
    did = f" (did you mean '{hint[0]}'?)" if hint else ""
    shown = " ".join(raw.split())
    if len(shown) > 60:  # a message is one line, whatever the file holds
        shown = shown[:57] + "..."
    raise ClaimError(
        f"'{shown}' is not a domain for '{name}'{did}; write assumption words "
        "(real, positive, integer, ...), an interval such as (0, 1), a list of values, "
        "range(a, b), vector[n] or matrix[m, n]",
        text.loc,
    )
