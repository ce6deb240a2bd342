"""Domains: what a ``symbols:`` entry says about the values a name may take.

A domain is read from its text once, into one of a few small frozen
dataclasses. Sizes (``vector[n]``), range bounds and finite-set elements may
name other symbols, so they stay as text here and are evaluated per instance
by :mod:`derivcheck.semantics`, once the sizes they name have values.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Union

from derivcheck.errors import ClaimError
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
class Assumed:
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
class Interval:
    """A real interval; the bounds are expression texts (numbers, ``oo``, ``pi``...)."""

    lo: str
    hi: str
    lo_open: bool
    hi_open: bool

    def describe(self) -> str:
        return f"{'(' if self.lo_open else '['}{self.lo}, {self.hi}{')' if self.hi_open else ']'}"


@dataclass(frozen=True)
class FiniteSet:
    """A finite set of values, checked one by one: element texts."""

    elements: tuple[str, ...]

    def describe(self) -> str:
        return "{" + ", ".join(self.elements) + "}"


@dataclass(frozen=True)
class IntRange:
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


@dataclass(frozen=True)
class MatrixOf:
    """A matrix of real entries."""

    rows: str
    cols: str

    def describe(self) -> str:
        return f"matrix[{self.rows}, {self.cols}]"


Domain = Union[Assumed, Interval, FiniteSet, IntRange, VectorOf, MatrixOf]

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


def parse_domain(name: str, text: Text) -> Domain:
    """Read the domain of ``name`` from its text.

    Raises:
        ClaimError: the text is not a domain; the message lists what is.
    """
    raw = text.value.strip()
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
