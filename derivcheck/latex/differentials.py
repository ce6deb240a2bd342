"""Where the letter d is a differential, and where it is the name d.

The parser's lexer reads ``d`` and the letter or command after it as one token, a
differential, wherever it stands: ``d e`` would be the name ``de`` and ``d \\cdot f``
the name ``dcdot``. A differential is meant in two places only, and :func:`protect`
leaves ``d`` to the parser there:

- the end of the integrand of an ``\\int`` of the same level: ``d`` and one variable (a
  letter or a Greek letter) followed by the end of the term, a sign, a closing
  bracket, a relation or another differential (``\\int_a^b f(t)\\, dt``);
- a derivative, ``\\frac{d ...}{d x ...}``: the leading ``d`` of the numerator and the
  denominator, when the denominator is ``d`` followed by a variable. A fraction whose
  denominator is not (``\\frac{d y}{d}``, ``\\frac{d^2}{2}``) is no derivative: every ``d``
  in it is the name d (``d*y/d``).

Everywhere else ``d`` followed by a letter or a command is the name d, made one the
parser cannot join to what follows; ``d`` written against a letter (``dx``, ``d\\theta``)
is refused: it reads as a differential that no integral or derivative takes. An
integral whose differential is not found at the end of its integrand is refused too:
the parser would otherwise guess one (``\\int_0^1 x`` as ``dx``).
"""

from __future__ import annotations

import re

from derivcheck.latex.lexer import (
    SLOT_PREFIX,
    Group,
    Item,
    next_solid,
    prev_solid,
    render,
)
from derivcheck.latex.slots import GREEK, Refused, Slot, Slots

#: What may follow the variable of a differential: the integrand ends there.
_ENDS = frozenset(
    {"+", "-", ")", "]", ",", "=", "<", ">", "&", "\\\\", "\\cdot", "\\times", "\\int",
     "\\le", "\\ge", "\\leq", "\\geq", "\\ne", "\\neq", "\\approx"}
)  # fmt: skip
_COMMAND = re.compile(r"\\[A-Za-z]+")
_SLOT = re.compile(r"\\mathrm\{" + SLOT_PREFIX + r"[a-z]+\}")


def protect(items: list[Item], slots: Slots) -> list[Item]:
    """``items`` with every ``d`` that is not a differential made the name d.

    Raises:
        Refused: a ``d`` written against a letter outside an integral or a derivative,
            or an integral without its differential at the end of its integrand.
    """
    kept: set[int] = set()
    spans: list[tuple[int, int]] = []
    integrals = [k for k, it in enumerate(items) if it == "\\int"]
    for k in reversed(integrals):  # the innermost first: \int \int f \, dx \, dy
        m = _differential(items, k, kept)
        if m is None:
            raise Refused(
                "an integral is read only with its differential at the end of its integrand:"
                " write \\int_a^b f(t) \\, dt"
            )
        var = items[next_solid(items, m + 1)]
        if not _variable(var, letters_only=True):
            raise Refused(
                f"the integral by '{_shown(var, slots)}' is not read: integrate by a letter"
                " (or against a density of the notation)"
            )
        kept.add(m)
        spans.append((k, next_solid(items, m + 1)))
    out: list[Item] = []
    i = 0
    while i < len(items):
        it = items[i]
        if it == "\\frac" and _is_derivative(items, i):
            num, den = items[i + 1], items[i + 2]
            assert isinstance(num, Group) and isinstance(den, Group)
            out += [it, Group(_numerator(num.items, slots)), Group(_denominator(den.items, slots))]
            i += 3
            continue
        if isinstance(it, Group):
            out.append(Group(protect(it.items, slots)))
        elif it == "d" and i not in kept:
            if _ends_integrand(items, i) and any(_same_level(items, k, i) for k in integrals):
                shown = render(items[i : next_solid(items, i + 1) + 1])
                raise Refused(
                    f"'{shown}' after an integral reads as a second differential: put the integrand in"
                    f" parentheses, or write a product with d as 'd \\cdot x'"
                )
            out.append(_letter(items, i, slots))
        else:
            out.append(it)
        i += 1
    if len(spans) > 1:
        # The parser pairs the first integral with the last differential
        # (\int_0^1 x dx + \int_0^1 y dy as one integral): each is read on its own.
        # Inserted from the right, so that each position is still the one computed.
        marks = [(end + 1, ")") for _, end in spans] + [(start, "(") for start, _ in spans]
        for position, mark in sorted(marks, key=lambda pm: (-pm[0], pm[1] == ")")):
            out.insert(position, mark)
    return out


def _same_level(items: list[Item], k: int, i: int) -> bool:
    """True when ``items[i]`` comes after the integral at ``items[k]``, at its level of brackets."""
    if k >= i:
        return False
    depth = 0
    for it in items[k:i]:
        if it in ("(", "["):
            depth += 1
        elif it in (")", "]"):
            depth -= 1
            if depth < 0:
                return False
    return depth == 0


def joined(items: list[Item]) -> bool:
    """True when ``items`` (a denominator left to the parser) start with a ``d`` it joins to what follows."""
    j = next_solid(items, 0)
    return j < len(items) and items[j] == "d" and _joins(items, j)


def _joins(items: list[Item], i: int) -> bool:
    """True when the parser would read the ``d`` at ``items[i]`` and what follows it as one name."""
    j = next_solid(items, i + 1)
    nxt = items[j] if j < len(items) else None
    return isinstance(nxt, str) and bool(re.fullmatch(r"[A-Za-z]", nxt) or _COMMAND.fullmatch(nxt) or _SLOT.fullmatch(nxt))


def _is_derivative(items: list[Item], i: int) -> bool:
    """``\\frac{d ...}{d x ...}`` at ``items[i]``: the form a derivative is read from.

    The denominator must be ``d`` and a variable: ``\\frac{d y}{d}`` is the quotient of
    d*y by the name d.
    """
    if i + 2 >= len(items):
        return False
    num, den = items[i + 1], items[i + 2]
    if not (isinstance(num, Group) and isinstance(den, Group)):
        return False
    if _first(num.items) != "d" or _first(den.items) != "d":
        return False
    v = next_solid(den.items, next_solid(den.items, 0) + 1)
    return v < len(den.items) and _variable(den.items[v])


def _first(items: list[Item]) -> Item | None:
    j = next_solid(items, 0)
    return items[j] if j < len(items) else None


def _numerator(items: list[Item], slots: Slots) -> list[Item]:
    """A derivative's numerator: its leading ``d`` (and order) kept, the rest read as anywhere."""
    j = next_solid(items, 0) + 1
    k = next_solid(items, j)
    if k < len(items) and items[k] == "^":
        order = next_solid(items, k + 1)
        j = order + 1 if order < len(items) else order
    return items[:j] + protect(items[j:], slots)


def _denominator(items: list[Item], slots: Slots) -> list[Item]:
    """A derivative's denominator: each ``d`` a differential, its groups (orders, indices) read as anywhere."""
    return [Group(protect(it.items, slots)) if isinstance(it, Group) else it for it in items]


def _differential(items: list[Item], k: int, kept: set[int]) -> int | None:
    """The index of the ``d`` that ends the integrand of the ``\\int`` at ``items[k]``, or None.

    It is the first ``d`` after the integral, at its level of brackets, followed by one
    variable and then an end (:data:`_ENDS`, the term's end, or the next differential).
    """
    depth = 0
    for m in range(k + 1, len(items)):
        it = items[m]
        if it in ("(", "["):
            depth += 1
        elif it in (")", "]"):
            depth -= 1
            if depth < 0:
                return None
        elif depth == 0 and it == "d" and m not in kept and _ends_integrand(items, m):
            return m
    return None


def _ends_integrand(items: list[Item], m: int) -> bool:
    p = prev_solid(items, m - 1)
    if p >= 0 and items[p] in ("_", "^"):
        return False  # a bound or a script, \int_0^d
    v = next_solid(items, m + 1)
    if v >= len(items) or not _variable(items[v]):
        return False
    after = next_solid(items, v + 1)
    if after >= len(items):
        return True
    nxt = items[after]
    return isinstance(nxt, str) and (nxt in _ENDS or (nxt == "d" and _ends_integrand(items, after)))


def _variable(item: Item, letters_only: bool = False) -> bool:
    """A letter, a Greek letter, or (unless ``letters_only``) a placeholder of a name."""
    if not isinstance(item, str):
        return False
    if re.fullmatch(r"[A-Za-z]", item) or (item[:1] == "\\" and item[1:] in GREEK):
        return True
    return not letters_only and _SLOT.fullmatch(item) is not None


def _letter(items: list[Item], i: int, slots: Slots) -> Item:
    """The ``d`` at ``items[i]`` as the name d, in a form the parser cannot join to what follows."""
    if not _joins(items, i):
        return "d"  # nothing the parser would join it to: d^2, d_i, d(...), 2d
    j = next_solid(items, i + 1)
    nxt = items[j]
    p = prev_solid(items, i - 1)
    if p >= 0 and items[p] in ("_", "^"):
        return Group(["d"])  # a script of one letter: x^dy is x^{d} y
    if j == i + 1 and _variable(nxt):
        shown = _shown(nxt, slots)
        raise Refused(
            f"'d{shown}' reads as a differential, but no integral or derivative takes it:"
            f" write 'd {shown}' (a space) for the product of d and {shown}"
        )
    return slots.add(Slot("name", "d"))


def _shown(item: Item, slots: Slots) -> str:
    """An item as the document wrote it (a placeholder as the name it stands for)."""
    text = render([item])
    m = re.fullmatch(r"\\mathrm\{(" + SLOT_PREFIX + r"[a-z]+)\}", text)
    slot = slots.table.get(m.group(1)) if m else None
    return slot.text if slot is not None and slot.text else text
