"""The vocabulary the engine shares with the language: what one case of a claim is.

A claim is read (:mod:`derivcheck.semantics`) into a :class:`Problem`: one
:class:`Instance` per case, each with its continuous unknowns
(:class:`Variable`) and the :class:`Scope` its expressions were built in. The
engine only reads these; it never parses. They live here, below both, so that
the engine depends on no part of the language.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

import sympy

from derivcheck.distributions import Distribution
from derivcheck.formula import Formula
from derivcheck.model import Claim, Location, Text


@dataclass
class Scope:
    """What names mean while one instance of a claim is built.

    Attributes:
        names: name → value (symbols, vectors, ``where`` bindings, bound variables).
        declared: every declared scalar symbol by name, so that a bound variable
            that is also declared (``t: positive``) keeps its assumptions.
        random: random symbol → its distribution.
        bounds: symbol → (low, high) of its interval domain, where declared.
        denominators: every denominator and log argument built, as built.
        sites: where each operation left for the evaluation (a limit, an
            integral, an expectation...) was written, by its number.
    """

    names: dict[str, Any] = field(default_factory=dict)
    declared: dict[str, sympy.Symbol] = field(default_factory=dict)
    random: dict[sympy.Symbol, Any] = field(default_factory=dict)
    bounds: dict[sympy.Symbol, tuple[sympy.Expr, sympy.Expr]] = field(default_factory=dict)
    #: Where one is zero the claim as written has no value, even after SymPy
    #: simplified it away.
    denominators: list[sympy.Expr] = field(default_factory=list)
    sites: list[Location] = field(default_factory=list)

    def child(self, **bindings: Any) -> Scope:
        """A scope with extra names bound (for the index of a Sum, say)."""
        return dataclasses.replace(self, names={**self.names, **bindings})

    def note_denominator(self, value: Any) -> None:
        """Record an expression that must not be zero where the claim has a value."""
        if isinstance(value, sympy.Expr) and value.free_symbols and len(self.denominators) < 200:
            self.denominators.append(value)

    def site(self, loc: Location) -> int:
        """Number the place of an operation left for the evaluation."""
        self.sites.append(loc)
        return len(self.sites) - 1


@dataclass(frozen=True)
class Variable:
    """A continuous unknown of an instance: a scalar symbol or one entry of a vector."""

    symbol: sympy.Symbol
    name: str  # as written in claims and witnesses: "a", "x[2]", "A[1, 2]"
    lo: sympy.Expr = -sympy.oo
    hi: sympy.Expr = sympy.oo
    lo_open: bool = True
    hi_open: bool = True


@dataclass
class Instance:
    """One case of a claim: finite names fixed, everything built and evaluated."""

    assignment: list[tuple[str, Any]]
    variables: list[Variable]
    scope: Scope
    conditions: list[Formula] = field(default_factory=list)
    claim: Formula | None = None
    items: list[Any] = field(default_factory=list)
    rels: list[str] = field(default_factory=list)
    items_text: list[Text] = field(default_factory=list)
    #: Points (values of some unknowns) the domains name as worth trying first.
    special: list[dict[sympy.Symbol, sympy.Expr]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return ", ".join(f"{k} = {_show(v)}" for k, v in self.assignment)

    def names(self) -> dict[sympy.Symbol, str]:
        return {v.symbol: v.name for v in self.variables}


@dataclass
class Problem:
    """Every instance of a claim, and the words describing its domain."""

    claim: Claim
    instances: list[Instance]
    scope: str
    enumerated: list[str]


def _show(v: Any) -> str:
    if isinstance(v, Distribution):
        return v.describe()
    return str(sympy.sstr(v))
