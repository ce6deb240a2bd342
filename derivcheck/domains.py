"""Domains: what a ``symbols:`` entry says about the values a name may take.

A domain is read from its text once, into one of a few small frozen
dataclasses, each a :class:`Domain`. A new kind of domain is one class with
the methods of that protocol, and one entry in :data:`SYNTAXES` (or
:func:`register`) that reads it from its text. Three methods are required
(``describe``, ``layout``, ``contains``); the others have defaults, which a
class gets by subclassing :class:`Domain` or, if it does not, through the
functions :func:`values`, :func:`variable`, :func:`scope_words`, :func:`mentions`,
:func:`random_entries` and :func:`layout`, the only way the rest of derivcheck
asks a domain for them. Sizes (``vector[n]``), range bounds and finite-set
elements may name other symbols, so they stay as text here and are evaluated
per instance (:mod:`derivcheck.semantics` hands each method a :class:`Reading`
that evaluates a text in the case at hand).
"""

from __future__ import annotations

import dataclasses
import difflib
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Protocol, Sequence

import sympy

from derivcheck.errors import ClaimError, LimitExceeded
from derivcheck.formula import Formula, Rel
from derivcheck.model import Location, Text
from derivcheck.problem import Variable

#: The most cases (combinations of finite values and distributions) one claim
#: may have; a finite domain has at most as many values.
MAX_INSTANCES = 2_000

#: Values of some unknowns of a case: a point, or part of one, to try.
Point = dict[sympy.Symbol, sympy.Expr]

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
    #: Values of the unknowns worth trying before random ones (each a point
    #: of the domain); the screen samples them first.
    special: tuple[Point, ...] = ()


#: How a shaped domain asks for a size: the size's text, evaluated in the case.
SizeOf = Callable[[str], int]


@dataclass(frozen=True)
class Reading:
    """What a domain needs to read its own texts in one case.

    ``read`` evaluates a text (a bound, an element) with the values the
    enumerated names already have in the case; ``error`` makes the error a
    domain raises, placed where the domain is written.
    """

    name: str
    loc: Location | None
    read: Callable[[str], Any]

    def error(self, message: str) -> ClaimError:
        return ClaimError(message, self.loc)

    def constant(self, text: str, what: str) -> sympy.Expr:
        """The value of ``text``, which must be a real number."""
        value = self.read(text)
        if not isinstance(value, sympy.Expr) or value.free_symbols:
            raise self.error(f"{what} must be a number, not '{text}'")
        if value.is_extended_real is not True:
            raise self.error(f"{what} must be a real number, not '{text}'")
        return value

    def symbol(self, assumptions: dict[str, bool]) -> sympy.Symbol:
        """The symbol of the name, with ``assumptions``."""
        try:
            return sympy.Symbol(self.name, **assumptions)
        except Exception as exc:  # SymPy raises InconsistentAssumptions (and others) here
            raise self.error(f"the domain of '{self.name}' is contradictory: {exc}") from None


class Domain(Protocol):
    """What every kind of domain provides.

    ``describe``, ``layout`` and ``contains`` are required. The others have a
    default here: a class that subclasses Domain inherits them, and one that
    does not is given them by the functions of the same name below.

    A name's domain is one of three kinds, by what it answers: a finite
    domain has ``values`` (one case per value), a shaped one a ``layout``
    (its entries, unknowns of every case), a continuous scalar one a
    ``variable`` (one unknown).
    """

    def describe(self) -> str:
        """The domain in the words of a ``symbols:`` entry."""
        ...

    def layout(self, name: str, size: SizeOf) -> Layout | None:
        """The entries of a vector- or matrix-like name in one case; None for a scalar domain."""
        ...

    def contains(self, values: Sequence[sympy.Expr]) -> bool | None:
        """Whether a value (a scalar, or the entries row by row) lies in the domain; None if unknown."""
        ...

    def values(self, reading: Reading) -> list[sympy.Expr] | None:
        """Every value of a finite domain in one case, in order; None for a continuous domain."""
        return None

    def variable(self, reading: Reading) -> Variable | None:
        """The unknown a continuous scalar name is (its symbol and interval); None for another domain."""
        return None

    def scope_words(self) -> str:
        """The domain as the description of a claim's scope says it, after the name."""
        return self.describe()

    def mentions(self) -> tuple[str, ...]:
        """The texts of a finite domain that may name other finite names (its bounds, its elements)."""
        return ()

    def random_entries(self) -> bool:
        """Whether the name may also be declared under ``random:``, its entries then independent draws."""
        return False

    def special_points(self, layout: Layout) -> list[Point]:
        """Values of the unknowns of ``layout`` worth trying first (each in the domain); default none."""
        return []


# The optional methods, asked of any domain: its own, or the default of Domain.


def values(dom: Domain, reading: Reading) -> list[sympy.Expr] | None:
    method = getattr(dom, "values", None)
    return method(reading) if method is not None else None


def variable(dom: Domain, reading: Reading) -> Variable | None:
    method = getattr(dom, "variable", None)
    return method(reading) if method is not None else None


def finite(dom: Domain) -> bool:
    """Whether the domain is finite, its values enumerated (it has a ``values`` of its own)."""
    return getattr(type(dom), "values", Domain.values) is not Domain.values


def scope_words(dom: Domain) -> str:
    method = getattr(dom, "scope_words", None)
    return str(method()) if method is not None else dom.describe()


def mentions(dom: Domain) -> tuple[str, ...]:
    method = getattr(dom, "mentions", None)
    return tuple(method()) if method is not None else ()


def random_entries(dom: Domain) -> bool:
    method = getattr(dom, "random_entries", None)
    return bool(method()) if method is not None else False


def layout(dom: Domain, name: str, size: SizeOf) -> Layout | None:
    """The domain's layout of ``name``, carrying its special points too."""
    found = dom.layout(name, size)
    if found is None:
        return None
    method = getattr(dom, "special_points", None)
    extra = method(found) if method is not None else []
    return dataclasses.replace(found, special=(*found.special, *extra)) if extra else found


class _Scalar(Domain):
    """A scalar domain."""

    def layout(self, name: str, size: SizeOf) -> Layout | None:
        return None

    def contains(self, values: Sequence[sympy.Expr]) -> bool | None:
        return None


def _entries(name: str, rows: int, cols: int, words: tuple[str, ...] = ()) -> list[Unknown]:
    assumptions = {"real": True, **_assumptions(words)}
    out = []
    for i in range(rows):
        for j in range(cols):
            label = f"{name}[{i + 1}]" if cols == 1 else f"{name}[{i + 1}, {j + 1}]"
            sym_name = f"{name}_{i + 1}" if cols == 1 else f"{name}_{i + 1}_{j + 1}"
            out.append(Unknown(sympy.Symbol(sym_name, **assumptions), label))
    return out


def _assumptions(words: Sequence[str]) -> dict[str, bool]:
    out: dict[str, bool] = {}
    for w in words:
        out.update(ASSUMPTION_WORDS[w])
    return out


def _has_words(values: Sequence[sympy.Expr], words: Sequence[str]) -> bool | None:
    """Whether every value is real and has every assumption of ``words``; None if unknown."""
    wanted = {"real": True, **_assumptions(words)}
    seen: list[bool | None] = []
    for v in values:
        for key, value in wanted.items():
            have = getattr(v, f"is_{key}", None)
            seen.append(None if have is None else have is value)
    if False in seen:
        return False
    return None if None in seen else True


def _shown(words: Sequence[str]) -> str:
    return "".join(f" {w}" for w in words)


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

    def variable(self, reading: Reading) -> Variable | None:
        return Variable(reading.symbol(self.assumptions()), reading.name)


@dataclass(frozen=True)
class Interval(_Scalar):
    """A real interval; the bounds are expression texts (numbers, ``oo``, ``pi``...)."""

    lo: str
    hi: str
    lo_open: bool
    hi_open: bool

    def describe(self) -> str:
        return f"{'(' if self.lo_open else '['}{self.lo}, {self.hi}{')' if self.hi_open else ']'}"

    def variable(self, reading: Reading) -> Variable | None:
        name = reading.name
        lo = reading.constant(self.lo, "an interval's lower end")
        hi = reading.constant(self.hi, "an interval's upper end")
        # oo is extended-positive, not positive (SymPy's positive numbers are finite).
        width = hi - lo
        point = width.is_zero is True and not self.lo_open and not self.hi_open  # [a, a] = {a}
        if width.is_extended_positive is not True and not point:
            raise reading.error(f"the interval of '{name}' is empty: {self.describe()}")
        if (lo == -sympy.oo and not self.lo_open) or (hi == sympy.oo and not self.hi_open):
            raise reading.error(f"an interval cannot include infinity: write {name}: \"(..., oo)\"")
        # The strongest SymPy assumptions the interval implies: proofs use them.
        assumptions: dict[str, bool] = {"real": True}
        if lo.is_nonnegative:
            assumptions = {"positive": True} if (lo.is_positive or self.lo_open) else {"nonnegative": True}
        elif hi.is_nonpositive:
            assumptions = {"negative": True} if (hi.is_negative or self.hi_open) else {"nonpositive": True}
        return Variable(reading.symbol(assumptions), name, lo, hi, self.lo_open, self.hi_open)


@dataclass(frozen=True)
class FiniteSet(_Scalar):
    """A finite set of values, checked one by one: element texts."""

    elements: tuple[str, ...]

    def describe(self) -> str:
        return "{" + ", ".join(self.elements) + "}"

    def scope_words(self) -> str:
        return "in " + self.describe()

    def mentions(self) -> tuple[str, ...]:
        return self.elements

    def values(self, reading: Reading) -> list[sympy.Expr] | None:
        out = []
        for element in self.elements:
            v = reading.read(element)
            if not isinstance(v, sympy.Expr) or v.free_symbols:
                raise reading.error(f"the values of '{reading.name}' must be numbers, not '{element}'")
            out.append(v)
        return out


@dataclass(frozen=True)
class IntRange(_Scalar):
    """Every integer from ``lo`` to ``hi`` inclusive (texts: integers or sizes)."""

    lo: str
    hi: str

    def describe(self) -> str:
        return f"range({self.lo}, {self.hi})"

    def mentions(self) -> tuple[str, ...]:
        return (self.lo, self.hi)

    def values(self, reading: Reading) -> list[sympy.Expr] | None:
        lo = reading.read(self.lo)
        hi = reading.read(self.hi)
        if not (isinstance(lo, sympy.Integer) and isinstance(hi, sympy.Integer)):
            raise reading.error(
                f"the bounds of range for '{reading.name}' must be whole numbers or sizes with listed values"
            )
        if int(hi) - int(lo) + 1 > MAX_INSTANCES:
            raise LimitExceeded(f"range for '{reading.name}' has more than {MAX_INSTANCES} values", reading.loc)
        return [sympy.Integer(k) for k in range(int(lo), int(hi) + 1)]


@dataclass(frozen=True)
class VectorOf(Domain):
    """A column vector of real entries; ``size`` is an integer or a size's name.

    ``words`` are assumptions every entry has (``vector[n] positive``).
    """

    size: str
    words: tuple[str, ...] = ()

    def describe(self) -> str:
        return f"vector[{self.size}]{_shown(self.words)}"

    def layout(self, name: str, size: SizeOf) -> Layout | None:
        unknowns = _entries(name, size(self.size), 1, self.words)
        return Layout(len(unknowns), 1, [u.symbol for u in unknowns], unknowns)

    def contains(self, values: Sequence[sympy.Expr]) -> bool | None:
        return _has_words(values, self.words)

    def random_entries(self) -> bool:
        # Drawn entries have the distribution's values, not the words' assumptions.
        return not self.words


@dataclass(frozen=True)
class MatrixOf(Domain):
    """A matrix of real entries, each with the assumptions of ``words``.

    A ``symmetric`` one (square) has one unknown for A[i, j] and A[j, i].
    """

    rows: str
    cols: str
    words: tuple[str, ...] = ()
    symmetric: bool = False

    def describe(self) -> str:
        return f"matrix[{self.rows}, {self.cols}]{' symmetric' if self.symmetric else ''}{_shown(self.words)}"

    def layout(self, name: str, size: SizeOf) -> Layout | None:
        rows = size(self.rows)
        cols = size(self.cols)
        unknowns = _entries(name, rows, cols, self.words)
        if not self.symmetric:
            return Layout(rows, cols, [u.symbol for u in unknowns], unknowns)
        # The unknowns on and above the diagonal; below it, their mirror images.
        upper = [u for k, u in enumerate(unknowns) if k // cols <= k % cols]
        entries = [unknowns[min(i, j) * cols + max(i, j)].symbol for i in range(rows) for j in range(cols)]
        return Layout(rows, cols, entries, upper)

    def contains(self, values: Sequence[sympy.Expr]) -> bool | None:
        found = _has_words(values, self.words)
        if self.symmetric and found is not False:
            n = round(len(values) ** 0.5)
            if n * n != len(values):
                return False
            for i in range(n):
                for j in range(i + 1, n):
                    same = sympy.Eq(values[i * n + j], values[j * n + i])
                    if same is sympy.false:
                        return False
                    if same is not sympy.true:
                        found = None
        return found

    def random_entries(self) -> bool:
        # Independent draws are not symmetric, and have no assumptions of the words.
        return not self.symmetric and not self.words


@dataclass(frozen=True)
class Simplex(Domain):
    """The probability vectors of length ``size``: nonnegative entries summing to 1.

    Its layout is a reparametrisation: the first n − 1 entries are the
    unknowns, each in [0, 1], with the linear condition that they sum to at
    most 1, and the last entry is 1 minus their sum. Every point that meets
    the condition is in the simplex, exactly, and every point of the simplex
    is one such point.
    """

    size: str

    def describe(self) -> str:
        return f"simplex[{self.size}]"

    def layout(self, name: str, size: SizeOf) -> Layout | None:
        n = size(self.size)
        free = [
            Unknown(sympy.Symbol(f"{name}_{i + 1}", nonnegative=True), f"{name}[{i + 1}]",
                    sympy.Integer(0), sympy.Integer(1), False, False)
            for i in range(n - 1)
        ]  # fmt: skip
        symbols = [u.symbol for u in free]
        total = sympy.Add(*symbols)
        conditions: list[Formula] = [Rel("<=", total, sympy.Integer(1))] if n > 2 else []
        return Layout(n, 1, [*symbols, 1 - total], free, conditions)

    def special_points(self, layout: Layout) -> list[Point]:
        """The centre, the vertices, and points halfway from the centre to each vertex."""
        symbols = [u.symbol for u in layout.unknowns]
        n = len(symbols) + 1
        if not symbols:
            return []
        centre = {s: sympy.Rational(1, n) for s in symbols}
        out: list[Point] = [centre]
        for k in range(n):
            out.append({s: sympy.Integer(1 if i == k else 0) for i, s in enumerate(symbols)})
        for k in range(n):
            out.append({s: (sympy.Rational(1, n) + (1 if i == k else 0)) / 2 for i, s in enumerate(symbols)})
        return out

    def contains(self, values: Sequence[sympy.Expr]) -> bool | None:
        if not values:
            return False
        signs = [v.is_nonnegative for v in values]
        total = sympy.Eq(sympy.Add(*values), 1)
        if False in signs or total is sympy.false:
            return False
        return True if all(signs) and total is sympy.true else None


# A part (a bound, a size) starts and ends with a character that is not a
# space: the spaces around it then belong to the \s* beside it alone. A lazy
# ``([^,]+?)\s*`` would let both claim them, and the matching of a domain of a
# few thousand spaces would take minutes (the backtracking is cubic).
_PART = r"([^,\s](?:[^,]*[^,\s])?)"
_SIZE = r"([^,\]\s](?:[^,\]]*[^,\]\s])?)"
_INTERVAL = re.compile(rf"^\s*([\(\[])\s*{_PART}\s*,\s*{_PART}\s*([\)\]])\s*$")
_RANGE = re.compile(rf"^\s*range\s*\(\s*{_PART}\s*,\s*{_PART}\s*\)\s*$")
# After the brackets, the words of the entries (``vector[n] positive``).
_VECTOR = re.compile(rf"^\s*vector\s*\[\s*{_SIZE}\s*\](.*)$", re.S)
_MATRIX = re.compile(rf"^\s*matrix\s*\[\s*{_SIZE}\s*,\s*{_SIZE}\s*\](.*)$", re.S)
_SIMPLEX = re.compile(rf"^\s*simplex\s*\[\s*{_SIZE}\s*\]\s*$")
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
        return VectorOf(m.group(1), _entry_words(name, m.group(2), text, ()))
    if m := _MATRIX.match(raw):
        words = _entry_words(name, m.group(3), text, ("symmetric",))
        symmetric = "symmetric" in words
        if symmetric and m.group(1) != m.group(2):
            raise ClaimError(f"a symmetric matrix is square: write matrix[{m.group(1)}, {m.group(1)}] symmetric", text.loc)
        return MatrixOf(m.group(1), m.group(2), tuple(w for w in words if w != "symmetric"), symmetric)
    if m := _SIMPLEX.match(raw):
        return Simplex(m.group(1))
    words = tuple(raw.split())
    if words and all(w in ASSUMPTION_WORDS for w in words):
        return Assumed(words)
    unknown = next((w for w in words if w not in ASSUMPTION_WORDS), raw)
    hint = difflib.get_close_matches(unknown, list(ASSUMPTION_WORDS) + ["vector", "matrix", "range", "simplex"], n=1)
    did = f" (did you mean '{hint[0]}'?)" if hint else ""
    shown = " ".join(raw.split())
    if len(shown) > 60:  # a message is one line, whatever the file holds
        shown = shown[:57] + "..."
    raise ClaimError(
        f"'{shown}' is not a domain for '{name}'{did}; write assumption words "
        "(real, positive, integer, ...), an interval such as (0, 1), a list of values, "
        "range(a, b), vector[n] or matrix[m, n] (with words for the entries: vector[n] positive), or simplex[n]",
        text.loc,
    )


#: The words that may follow vector[n] or matrix[m, n]: assumptions of every
#: entry (the entries are real, so not ``complex``).
ENTRY_WORDS = tuple(w for w in ASSUMPTION_WORDS if w != "complex")


def _entry_words(name: str, rest: str, text: Text, extra: tuple[str, ...]) -> tuple[str, ...]:
    words = tuple(rest.split())
    allowed = ENTRY_WORDS + extra
    for w in words:
        if w not in allowed:
            hint = difflib.get_close_matches(w, list(allowed), n=1)
            did = f" (did you mean '{hint[0]}'?)" if hint else ""
            shown = w if len(w) <= 30 else w[:27] + "..."
            raise ClaimError(
                f"'{shown}' cannot describe the entries of '{name}'{did}; after the brackets come"
                f" assumption words ({', '.join(allowed)})",
                text.loc,
            )
    try:
        sympy.Symbol("t", real=True, **_assumptions([w for w in words if w in ASSUMPTION_WORDS]))
    except Exception:  # SymPy raises InconsistentAssumptions (and others) here
        raise ClaimError(f"the entries of '{name}' cannot be {' and '.join(words)} at once", text.loc) from None
    return words
