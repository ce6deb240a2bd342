"""The placeholders of a term being read, and what the reading's stages share.

A placeholder (a *slot*) is one token, ``\\mathrm{Zzq...}``, that the LaTeX parser
reads as a name and passes through untouched; :class:`Slots` records what each one
stands for, and the walk (:mod:`derivcheck.latex.walk`) puts that back.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, field

from derivcheck.latex.lexer import SLOT_PREFIX, Item, slot_letters

#: The prefix of every placeholder; a document that writes it is refused.
PREFIX = SLOT_PREFIX


class Refused(ValueError):
    """The term cannot be read; the message is for a user."""


@dataclass(frozen=True)
class Slot:
    """What a placeholder stands for.

    ``kind`` is one of: ``name`` (a claim-language name, ``text``), ``literal`` (a number
    as written), ``expr`` (claim-language text already translated); and, until their
    arguments are read, the functions: ``call`` (the function ``text`` applied to the
    arguments), ``index`` (the first argument indexed by the others), ``diff`` (the
    derivative of the first argument by the others, with ``orders``), ``prime`` (the
    derivative of the function ``text`` at its one argument).
    """

    kind: str
    text: str = ""
    orders: tuple[int, ...] = ()


@dataclass
class Slots:
    """The placeholders of one term, by the name the parser gives them."""

    table: dict[str, Slot] = field(default_factory=dict)
    #: Readings made by a rule rather than written in the LaTeX, one sentence each: a
    #: caller shows them for review (``\\sum_k`` read over a vector's whole range).
    readings: list[str] = field(default_factory=list)
    #: Names a placeholder's text uses that the walk does not see (``pdf(a, t)``'s a):
    #: free names of the term all the same.
    extra_names: set[str] = field(default_factory=set)
    #: Vector name → its length (the translation's ``lengths``), for readings on vectors.
    lengths: dict[str, str] = field(default_factory=dict)

    def add(self, slot: Slot, function: bool = False) -> Item:
        """A new placeholder for ``slot`` (the parser reads it as one name)."""
        key = PREFIX + slot_letters(len(self.table))
        self.table[key] = slot
        del function  # a function's placeholder is replaced, with its arguments, before parsing
        return "\\mathrm{" + key + "}"

    def lookup(self, parsed_name: str) -> Slot | None:
        """The slot of a name the parser made: ``\\mathrm{Zzqb}`` or ``math{Zzqb}``."""
        m = re.fullmatch(r"\\?math(?:rm)?\{(" + PREFIX + r"[a-z]+)\}", parsed_name)
        return self.table.get(m.group(1)) if m else None


GREEK: frozenset[str] = frozenset(
    "alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi"
    " rho varrho sigma tau upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma"
    " Upsilon Phi Psi Omega".split()
)
BIG_OPERATORS = frozenset({"\\sum", "\\prod", "\\int", "\\lim", "\\max", "\\min", "\\log", "\\ln"})


#: Translates LaTeX already rewritten (a function's argument) into claim-language text.
Reader = Callable[[str], str]


def wrap(text: str) -> str:
    """``text`` in parentheses unless it is one name, number, call, entry or parenthesised group."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*|[0-9]+", text):
        return text
    if text.startswith("(") and _closes_at_end(text):
        return text
    head = re.match(r"[A-Za-z_][A-Za-z0-9_]*", text)
    if head is not None and text.endswith((")", "]")):
        rest = text[head.end() :]
        while rest and _closes_at_end(_first_bracket(rest)):
            rest = rest[len(_first_bracket(rest)) :]
        if not rest:
            return text
    return f"({text})"


def _first_bracket(text: str) -> str:
    """The bracketed prefix of ``text`` (``(a)[i]`` gives ``(a)``), or ``text`` when none closes."""
    depth = 0
    for k, ch in enumerate(text):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
            if depth == 0:
                return text[: k + 1]
        elif depth == 0:
            return text
    return text


def _closes_at_end(text: str) -> bool:
    """True when the bracket opening ``text`` closes at its last character."""
    if not text or text[0] not in "([":
        return False
    return _first_bracket(text) == text


def is_word(item: Item, words: Collection[str]) -> bool:
    return isinstance(item, str) and item in words


def is_slot(item: Item, slots: Slots, kind: str = "") -> Slot | None:
    if not isinstance(item, str):
        return None
    slot = slots.lookup(item)
    return slot if slot is not None and (not kind or slot.kind == kind) else None


def name_of(item: Item, slots: Slots) -> str | None:
    """The claim-language name an item is, when it is a letter, a Greek letter or a name slot."""
    if isinstance(item, str):
        if re.fullmatch(r"[A-Za-z]", item):
            return item
        if item[1:] in GREEK and item[:1] == "\\":
            return "lam" if item == "\\lambda" else item[1:]
        slot = is_slot(item, slots, "name")
        if slot is not None and re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", slot.text):
            return slot.text
    return None


