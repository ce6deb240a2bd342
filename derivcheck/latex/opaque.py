"""Derivatives of a quantity the document names but never defines: ``\\frac{\\partial \\text{Cost}}{\\partial a_i}``.

A derivation often differentiates a quantity it only names (the cost, the loss of a
network) and then reasons about the derivative as a quantity of its own: its mean, its
variance, its relation to the next layer's. Read literally, ``\\text{Cost}`` would be a
free name and its derivative by anything 0, which is not what the document says. So:

- ``\\text{W}`` (or ``\\operatorname{W}``, ``\\mathrm{W}``), a word of two or more letters
  right after the ``\\partial`` or ``d`` of a derivative's numerator that the notation does
  not name, is an *opaque* quantity; so is a capitalised word written bare there
  (``\\partial Cost``), which would otherwise be refused as a product of its letters;
- its first derivative by one variable is a name of its own: by ``h`` the name
  ``dW_dh``, by ``h^{(k)}`` (the name ``h__k``) the name ``dW_dh__k``, and by the entry
  ``a__k[i]`` the entry ``dW_da__k[i]`` of the vector of derivatives (so ``dW_da__k``
  must be a vector of the claim, as ``a__k`` is); by ``h__k_i``, a subscripted name, the entry
  ``dW_dh__k[i]`` when ``dW_dh__k`` is a vector of known length;
- anything else done to the quantity (a power inside the derivative, ``\\partial
  \\text{W}^2``, a second derivative, the quantity outside a derivative) is refused.

Each derivative read so is recorded in ``slots.readings`` for review. A notation entry for
the word (``"\\text{Cost}": C``) comes first and turns this reading off.
"""

from __future__ import annotations

import re

from derivcheck.latex.lexer import SLOT_PREFIX, Item, render, strip
from derivcheck.latex.slots import Refused, Slot, Slots, is_slot, name_of

#: A word after the mark of a derivative's numerator: ``\partial \text{Cost}``, or a
#: capitalised word written bare, ``\partial Cost`` (``\partial xyz`` stays a product, refused).
_MARKED = re.compile(
    r"(\\frac\s*\{\s*(?:\\partial|d)(?![A-Za-z])\s*(?:\^\s*\{?\s*[0-9]+\s*\}?\s*)?)"
    r"(?:\\(?:text|operatorname|mathrm|textrm)\s*\{\s*(?!" + SLOT_PREFIX + r")([A-Za-z][A-Za-z0-9]+)\s*\}"
    r"|(?<![\\A-Za-z])([A-Z][a-z]{2,})(?![A-Za-z0-9]))"
)
#: The kind of the slot of an opaque quantity.
KIND = "opaque"
#: How a reading says that a name is the derivative of an opaque quantity (callers find the names so).
QUANTITY = "a quantity of its own"
_NAMED = re.compile(r" is (\w+)(?:\[[^\]]*\])?: \w+ is not defined, its derivative is " + QUANTITY + "$")


def derivative_names(readings: tuple[str, ...] | list[str]) -> set[str]:
    """The names the readings made for derivatives of opaque quantities (``dCost_da``, without an index)."""
    return {m.group(1) for r in readings if (m := _NAMED.search(r))}
_ENTRY = re.compile(r"([A-Za-z][A-Za-z0-9_]*)(\[[^\[\]]+\])")
#: A name with a subscript the reading kept in it: ``h__k_i`` is h^{(k)} with the subscript i.
_SUBSCRIPTED = re.compile(r"([A-Za-z][A-Za-z0-9_]*[A-Za-z0-9])_([A-Za-z0-9]+)")


def mark(text: str, slots: Slots) -> str:
    """``text`` with each word that a derivative's numerator differentiates made an opaque slot."""
    return _MARKED.sub(lambda m: m.group(1) + " " + render([slots.add(Slot(KIND, m.group(2) or m.group(3)))]) + " ", text)


def derivative(operand: list[Item], variables: list[tuple[list[Item], int]], slots: Slots) -> Item | None:
    """The name (a placeholder) of the derivative of an opaque quantity, or None when ``operand`` is not one.

    Raises:
        Refused: the operand holds an opaque quantity in any other way than alone, or the
            derivative is not a first derivative by one variable.
    """
    solid = strip(operand)
    opaque = [is_slot(it, slots, KIND) for it in solid]
    if not any(opaque):
        return None
    word = next(s.text for s in opaque if s is not None)
    if len(solid) != 1:
        raise Refused(
            f"the derivative of an expression in {word}, a quantity the document does not define, is not read:"
            f" write the derivative of {word} alone, or add a notation entry for {word}"
        )
    if len(variables) != 1 or variables[0][1] != 1:
        raise Refused(f"only a first derivative of {word}, a quantity the document does not define, by one variable is read")
    var = variables[0][0][0]
    name = name_of(var, slots)
    sub = _SUBSCRIPTED.fullmatch(name) if name is not None else None
    if sub is not None and f"d{word}_d{sub.group(1)}" in slots.lengths:
        # h__k_i, an entry of a quantity the claim has no vector for, when the derivatives are one.
        text = f"d{word}_d{sub.group(1)}[{sub.group(2)}]"
        made = slots.add(Slot("expr", text))
        slots.extra_names.add(f"d{word}_d{sub.group(1)}")
    elif name is not None:
        text = f"d{word}_d{name}"
        made = slots.add(Slot("name", text))
    else:
        entry = is_slot(var, slots, "expr")
        m = _ENTRY.fullmatch(entry.text) if entry is not None else None
        if m is None:
            raise Refused(f"the derivative of {word} by '{render([var])}' is not read: differentiate by a name or an entry")
        text = f"d{word}_d{m.group(1)}{m.group(2)}"
        made = slots.add(Slot("expr", text))
        slots.extra_names.add(f"d{word}_d{m.group(1)}")
    reading = f"∂{word}/∂{text.split('_d', 1)[1]} is {text}: {word} is not defined, its derivative is {QUANTITY}"
    if reading not in slots.readings:
        slots.readings.append(reading)
    return made


def refuse_left(text: str, slots: Slots) -> None:
    """Refuse an opaque quantity left outside a derivative in a prepared term (it is read only there).

    Raises:
        Refused: one is left.
    """
    for key, slot in slots.table.items():
        if slot.kind == KIND and render(["\\mathrm{" + key + "}"]) in text:
            raise Refused(
                f"'\\text{{{slot.text}}}' is read only as what a derivative differentiates:"
                f" add an entry for it to the notation table (e.g. \"\\text{{{slot.text}}}\": name)"
            )
