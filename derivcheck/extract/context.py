"""What a notation file says about a document's names, section by section, beyond its LaTeX table."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from derivcheck.extract.documents import Section
from derivcheck.latex import Notation

#: A domain as a claims file writes it: text (words, an interval), or a finite set of values.
Domain = str | tuple[str | int | float, ...]


@dataclass(frozen=True)
class Context:
    """What the notation file says about a document's names, beyond the LaTeX table.

    Attributes:
        symbols: name → domain for free names.
        where: ordered bindings ``name: expression``; a claim that uses the name gets the binding.
        sections: a section label ("§4") → domains that replace ``symbols``' in that section
            (and its items, "§4(a)"): the same letter may be a scalar in one section and a
            vector in another.
        notations: a section label → notation entries over the table in that section (and
            its items): the same letter may name one function in one section and another
            in the next (g is the sigmoid in §1 and the ReLU in §7).
        random: name → distribution (or a list of them) of the random names of every section.
        randoms: a section label → random names over ``random`` in that section.
        implicit: a section label → the letters a labelled name is applied to and read
            without there (``a^{(k)}(x)`` is ``a__k`` when x is the document's input).
        wheres: a section label → bindings over ``where`` in that section: the same letter
            may be bound to one expression in one section and to another in the next.
        dropped: a section label → the vectors the document writes there without their
            subscripts: inside a moment, each is one entry (:mod:`derivcheck.extract.entries`).
    """

    symbols: Mapping[str, Domain] = field(default_factory=dict)
    where: tuple[tuple[str, str], ...] = ()
    sections: Mapping[str, Mapping[str, Domain]] = field(default_factory=dict)
    notations: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    random: Mapping[str, Domain] = field(default_factory=dict)
    randoms: Mapping[str, Mapping[str, Domain]] = field(default_factory=dict)
    implicit: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    wheres: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    dropped: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def dropped_in(self, section: Section) -> frozenset[str]:
        """The vectors written without their subscripts in a section."""
        return frozenset(n for key, names in self.dropped.items() if within(section, key) for n in names)

    def where_in(self, section: Section) -> tuple[tuple[str, str], ...]:
        """The bindings in force in a section: ``where`` with the section's own over it, in order."""
        out = list(self.where)
        for key, bound in self.wheres.items():
            if within(section, key):
                # A rebound name moves to its new place: later bindings may use earlier ones.
                names = {n for n, _ in bound}
                out = [(n, v) for n, v in out if n not in names] + list(bound)
        return tuple(out)

    def random_in(self, section: Section) -> dict[str, Domain]:
        """The random names in force in a section, with their distributions."""
        out = dict(self.random)
        for key, drawn in self.randoms.items():
            if within(section, key):
                out.update(drawn)
        return out

    def implicit_in(self, section: Section) -> frozenset[str]:
        """The letters a labelled name may be applied to and read without, in a section."""
        return frozenset(c for key, letters in self.implicit.items() if within(section, key) for c in letters)

    def symbols_in(self, section: Section) -> dict[str, Domain]:
        """The domains in force in a section."""
        out = dict(self.symbols)
        for key, domains in self.sections.items():
            if within(section, key):
                out.update(domains)
        return out

    def notation_in(self, section: Section, notation: Notation) -> Notation:
        """The table in force in a section: ``notation`` with the section's own entries over it."""
        for key, entries in self.notations.items():
            if within(section, key):
                notation = notation.extended(entries)
        return notation


def within(section: Section, key: str) -> bool:
    """Whether a section (or item) label such as "§4(a)" is within the section ``key`` ("§4")."""
    label = section.label
    return label == key or label.startswith((key + "(", key + "."))
