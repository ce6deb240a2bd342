"""A document's definitions as ``where`` bindings of the later claims of its section.

A display that defines a name (:mod:`derivcheck.extract.definitions`) is no claim, but
what it defines is what the section's later claims speak of. "We let $$f(x_1, x_2) =
H(\\ldots) \\text{ and } h_j = H(\\ldots)$$" followed by a claim about f(x_1, x_2) and
h_1: that claim is about the network the definitions describe. :class:`Book` keeps the
definitions of one document, in order, and gives each later claim of the same section
(or of its items: §2(a) is in §2) the bindings of the defined names it uses:

- a *call* ``f(x_1, x_2) = e``, f unknown to the notation: the same call, with the same
  arguments as written, reads as a new name (``f_def``, or ``f_def2``... when that is
  taken) bound to e; any other call of f is not read through it and stays unknown;
- a *name* ``z = e``: a later z is bound to e;
- an *indexed family* ``h_j = e``, one letter j as the subscript: each later use with a
  literal index, h_1, h_2, is bound to e with j replaced by the index (in subscripts:
  w_{ij} written w_1j becomes w_11; and bare), h_j itself to e.

A body is bound only when it translated; a family instance only when the index can be
replaced soundly (:func:`derivcheck.latex.expand.substitute`): a body with a sum, an
integral or a limit takes it only when none of them binds the index letter (``f_j =
\\int_0^1 j t \\, dt`` gives f_2 its body with j = 2; ``h_j = \\sum_{j=1}^2 u_j`` keeps j
bound and gives no h_1). The notation file's bindings and the prose's come first: a
defined name they already bind is left to them. Each binding used is reported as a
reading, for review.

A defined name that is not bound this way is never a free name of a later claim: the
body did not translate, the member of the family is not a literal index (``h_k``,
``h_{2j}``), or the index could not be replaced. :attr:`Found.unread` then says that the
name's definition is not read as a binding, and the claim is a TODO. So does a use in
a later section of a name an earlier section defined (the definition binds only in its
own section), unless the notation file declares or binds the name there.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field

from derivcheck.extract.documents import Section
from derivcheck.latex import Notation, Translation, key_problem
from derivcheck.latex.expand import substitute
from derivcheck.vocabulary import VOCABULARY

_SUBSCRIPTED = re.compile(r"([A-Za-z][A-Za-z0-9]*)_([A-Za-z0-9]+)")
_CALL = re.compile(r"\s*([A-Za-z]+)\s*(?:\\left\s*)?\(.*\)\s*", re.DOTALL)
_SECTION = re.compile(r"§[0-9]+")
_WORD = re.compile(r"(?<![A-Za-z0-9_])[A-Za-z][A-Za-z0-9_]*(?![A-Za-z0-9_])")
#: What binds a letter in the claim language: replacing a family's index there is not sound.
_BINDERS = ("Sum(", "Product(", "integrate(", "limit(", "diff(", "E(", "Var(", "Cov(")
#: Where a letter stands as a binder's variable: ``(j, 1, n)``, ``integrate(f, j)``, ``limit(f, j, 0)``.
_AS_VARIABLE = r"(?:\(\s*{0}\s*,|,\s*{0}\s*[,)])"
#: The most definitions followed from one claim (a body may use another definition).
MAX_FOLLOWED = 200


@dataclass(frozen=True)
class Definition:
    """One definition of the document.

    Attributes:
        section: the section it binds in ("§2"), its items included.
        line: the document line it is written on.
        latex: its left side as written.
        name: the bound name: the call's new name, the plain name, or the family's base ("h").
        index: the family's index letter, or None.
        text: the translated body.
        names: the body's free names.
        key: for a call, the notation key (the call as written) that reads as ``name``.
        readings: what the body's translation read by a rule (a sum written out).
    """

    section: str
    line: int
    latex: str
    name: str
    index: str | None
    text: str
    names: tuple[str, ...]
    key: str | None = None
    readings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Found:
    """What the definitions give one claim: bindings in dependency order, names, readings."""

    where: tuple[tuple[str, str], ...] = ()
    names: frozenset[str] = frozenset()
    readings: tuple[str, ...] = ()
    #: The defined names used but not bound, with the line of their definition.
    unread: tuple[tuple[str, int], ...] = ()


def section_key(section: Section) -> str:
    """The section a label belongs to: "§2" for "§2(a)" or "§2"; the label itself otherwise."""
    m = _SECTION.match(section.label)
    return m.group(0) if m else section.label


@dataclass
class Book:
    """The definitions of one document, in document order."""

    definitions: list[Definition] = field(default_factory=list)
    #: The definitions that bind nothing (their body did not translate): section, line, name, index.
    unbound: list[tuple[str, int, str, str | None]] = field(default_factory=list)

    def notation(self, section: Section, notation: Notation) -> Notation:
        """``notation`` with the calls defined earlier in the section read as their names."""
        key = section_key(section)
        entries = [(d.key, d.name) for d in self.definitions if d.key is not None and d.section == key]
        return notation.extended(entries) if entries else notation

    def define(self, lhs_latex: str, lhs: Translation, rhs: Translation, section: Section, line: int, known: Collection[str]) -> None:
        """Record ``lhs = rhs``, a definition the caller recognised, when it can bind (see the module)."""
        key = section_key(section)
        if lhs.ok and lhs.text is not None:
            family = _SUBSCRIPTED.fullmatch(lhs.text)
            if family is not None and len(family.group(2)) == 1 and family.group(2).isalpha():
                name, index = family.group(1), family.group(2)
            elif _WORD.fullmatch(lhs.text):
                name, index = lhs.text, None
            else:
                return
            if not rhs.ok or rhs.text is None:
                self.unbound.append((key, line, name, index))
                return
            self.definitions.append(Definition(key, line, lhs_latex, name, index, rhs.text, rhs.free_names, None, rhs.readings))
            return
        call = _CALL.fullmatch(lhs_latex)
        if call is None or not rhs.ok or rhs.text is None:
            return
        taken = {*known, *VOCABULARY, *(d.name for d in self.definitions)}
        base = call.group(1) + "_def"
        name = next(c for k in range(1, len(taken) + 2) if (c := base if k == 1 else f"{base}{k}") not in taken)
        if key_problem(lhs_latex.strip(), name) is None:
            self.definitions.append(
                Definition(key, line, lhs_latex, name, None, rhs.text, rhs.free_names, lhs_latex.strip(), rhs.readings)
            )

    def resolve(self, names: Collection[str], section: Section, line: int, bound: Collection[str]) -> Found:
        """The bindings of the defined names a claim on ``line`` uses, followed into their bodies.

        Args:
            names: the claim's free names.
            section: the claim's section.
            line: the claim's line: only definitions before it bind.
            bound: names already bound or declared (by the notation file or the prose): left to them.
        """
        key = section_key(section)
        scope = [d for d in self.definitions if d.section == key and d.line < line]
        # Every earlier definition, of any section: a name one defines is never left free.
        before = [d for d in self.definitions if d.line < line]
        unbound = [u for u in self.unbound if u[1] < line]
        if not before and not unbound:
            return Found()
        found: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {}
        unread: dict[str, int] = {}
        frontier = sorted(names, reverse=True)
        seen: set[str] = set()
        while frontier and len(seen) < MAX_FOLLOWED:
            name = frontier.pop()
            if name in seen or name in bound:
                continue
            seen.add(name)
            made = _instance(name, scope)
            if made is not None and name not in _WORD.findall(made[0]):  # a body that uses its own name binds nothing
                found[name] = made
                frontier += sorted(made[1], reverse=True)
            elif (at := _defined_at(name, before, unbound)) is not None:
                unread[name] = at
        free = frozenset(n for _, ns, _ in found.values() for n in ns if n not in found) - set(bound)
        where = ordered(tuple((n, text) for n, (text, _, _) in found.items()))
        readings = tuple(dict.fromkeys(r for _, _, said in found.values() for r in said))
        return Found(where, free, readings, tuple(unread.items()))


def _member(name: str, base: str, index: str | None) -> bool:
    """Whether ``name`` is the defined name ``base``, or a member of the family ``base`` over ``index``."""
    if index is None:
        return name == base
    m = _SUBSCRIPTED.fullmatch(name)
    return m is not None and m.group(1) == base


def _defined_at(name: str, scope: list[Definition], unbound: list[tuple[str, int, str, str | None]]) -> int | None:
    """The line of the latest definition of ``name`` (or of its family) before the claim, or None."""
    lines = [d.line for d in scope if _member(name, d.name, d.index)]
    lines += [at for _, at, base, index in unbound if _member(name, base, index)]
    return max(lines) if lines else None


def _instance(name: str, scope: list[Definition]) -> tuple[str, tuple[str, ...], tuple[str, ...]] | None:
    """The binding of ``name`` by the latest definition in scope: body, its free names, the reading."""
    for d in reversed(scope):
        if d.index is None:
            if d.name == name:
                said = f"{d.latex} is {d.name}" if d.key is not None else d.name
                return d.text, d.names, (*d.readings, f"{said} = {d.text}, as defined at line {d.line}")
            continue
        m = _SUBSCRIPTED.fullmatch(name)
        if m is None or m.group(1) != d.name:
            continue
        if m.group(2) == d.index:
            return d.text, d.names, (*d.readings, f"{name} = {d.text}, as defined at line {d.line}")
        if not m.group(2).isdigit() or str(int(m.group(2))) != m.group(2):
            continue
        value = int(m.group(2))
        if any(b in d.text for b in _BINDERS) and re.search(_AS_VARIABLE.format(d.index), d.text):
            return None  # the index is a binder's variable somewhere in the body: j there is not the family's
        text = substitute(d.text, d.index, value, bare=True)
        names = [substitute(n, d.index, value, bare=True) for n in d.names]
        if text is None or any(n is None for n in names):
            return None
        reading = f"{name} is {d.name}_{d.index} with {d.index} = {value}, as defined at line {d.line}: {text}"
        # A bare index among the body's names is now a number, not a name.
        return text, tuple(n for n in names if n is not None and _WORD.fullmatch(n)), (*d.readings, reading)
    return None


def ordered(where: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
    """Bindings in an order where each comes after those it uses (a claim's ``where`` is read in order).

    Stable: bindings already in such an order keep it; a cycle keeps its written order.
    """
    names = {n for n, _ in where}
    uses = {n: {w for w in _WORD.findall(t) if w in names and w != n} for n, t in where}
    out: list[tuple[str, str]] = []
    done: set[str] = set()
    rest = list(where)
    while rest:
        k = next((k for k, (n, _) in enumerate(rest) if uses[n] <= done), 0)
        n, t = rest.pop(k)
        out.append((n, t))
        done.add(n)
    return tuple(out)
