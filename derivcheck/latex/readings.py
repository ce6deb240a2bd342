"""Readings of probability notation: what a derivation writes about random quantities.

Each reading fills in something the LaTeX leaves implicit, so each is made only when the
caller names the random quantities (``random``, the claim's ``random:`` names) and is
recorded in ``slots.readings`` for review:

- ``\\mathbb{E}_{(X, Y) \\sim \\hat{p}} \\{e\\}`` is ``E(e)``: the expectation over the
  random names the claim declares, whose distributions stand for ``\\hat{p}`` (the
  distribution written after ``\\sim`` is not read: the claim's ``random:`` says it).
  Read only when every name left of ``\\sim`` is random, or does not occur in the
  translated expectation (the caller checks that with :func:`unread_sampled`).
- ``\\int_a^b e(v) \\, p(v) \\, dv``, with ``v`` random and ``p`` a density (a notation
  entry to ``pdf``), is ``integrate(e(t)*pdf(v, t), (t, a, b))``: the integral against
  the density of v, over a fresh variable t.
- ``(x_1, \\dots, x_n)``, an argument list of all the entries of a vector x of length n,
  is ``(x)`` (:func:`whole_lists`).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping

from derivcheck.latex.lexer import SLOT_PREFIX, brace_end
from derivcheck.latex.slots import Refused, Slot, Slots

_EXPECTATION = re.compile(r"(\\mathbb\s*\{\s*E\s*\}|\\operatorname\s*\{\s*E\s*\})\s*_\s*\{")
_SAMPLED = re.compile(r"^\s*\(?\s*((?:[A-Za-z]\s*,\s*)*[A-Za-z])\s*\)?\s*\\sim(?![A-Za-z])")
#: A name as prepare leaves it: a letter, or a placeholder of a name (a labelled h^{(k)}).
_SLOT = r"\\mathrm\{" + SLOT_PREFIX + r"[a-z]+\}"
_TOKEN = r"(?:" + _SLOT + r"|(?<![\\A-Za-z])[A-Za-z](?![A-Za-z]))"
#: The variable of a differential: ``dv`` writes the letter right after the d.
_VARIABLE = r"(?:" + _SLOT + r"|[A-Za-z](?![A-Za-z]))"
_FRESH = ("t", "u", "s", "v", "r")


def expectation_subscripts(term: str, random: Collection[str], slots: Slots) -> tuple[str, tuple[str, ...]]:
    """``term`` with each ``\\mathbb{E}_{V \\sim D}`` written ``\\mathbb{E}``, and the names V.

    A subscript is dropped only when it is ``names \\sim distribution``; each name that is
    not random must then be absent from the translation (:func:`unread_sampled`).
    """
    out: list[str] = []
    sampled: list[str] = []
    last = 0
    for m in _EXPECTATION.finditer(term):
        if m.start() < last:
            continue
        end = brace_end(term, m.end())
        if end is None:
            continue
        inside = term[m.end() : end]
        who = _SAMPLED.match(inside)
        if who is None:
            continue
        names = [n.strip() for n in who.group(1).split(",")]
        sampled += names
        declared = [n for n in names if n in random]
        reading = (
            f"{m.group(1)}_{{{' '.join(inside.split())}}} is E over the random "
            + (", ".join(declared) if declared else "names")
            + " with the distributions of the claim's random:"
        )
        if reading not in slots.readings:
            slots.readings.append(reading)
        out += [term[last : m.start()], m.group(1), " "]
        last = end + 1
    out.append(term[last:])
    return "".join(out), tuple(dict.fromkeys(sampled))


def unread_sampled(sampled: Iterable[str], random: Collection[str], free: Collection[str]) -> str | None:
    """Why a name sampled under an expectation cannot be read, or None when all can.

    A name left of ``\\sim`` that is not random but still occurs in the translation would be
    averaged over by the document and held fixed by the claim: a different statement.
    """
    for name in sampled:
        if name not in random and name in free:
            return (
                f"the expectation samples {name}, which is not declared random:"
                f" give {name} a distribution under random: in the notation file"
            )
    return None


def _renamed(body: str, name: str, fresh: str, slots: Slots) -> str:
    """``body`` with each occurrence of the name ``name`` (a letter or a placeholder) as ``fresh``."""
    return re.sub(_TOKEN, lambda t: f" {fresh} " if _name(t.group(0), slots) == name else t.group(0), body)


def _name(token: str, slots: Slots) -> str:
    slot = slots.table.get(token[len("\\mathrm{") : -1]) if token.startswith("\\mathrm{") else None
    return slot.text if slot is not None else token


def densities(text: str, random: Collection[str], density: Collection[str], slots: Slots) -> str:
    """Each ``\\int ... p(v) dv`` (p a density, v random) as an integral against ``pdf(v, t)``.

    Raises:
        Refused: a density of a name that is not random, or no fresh variable is free.
    """
    if not density:
        return text
    keys = "|".join(re.escape(k) for k in sorted(density, key=len, reverse=True))
    pattern = re.compile(r"(?<![\\A-Za-z])(?:" + keys + r")\s*\(\s*(" + _TOKEN + r")\s*\)\s*d\s*(" + _VARIABLE + r")")
    integrals: set[int] = set()
    while True:
        m = pattern.search(text)
        if m is None:
            return text
        name = _name(m.group(1), slots)
        if name != _name(m.group(2), slots):
            raise Refused(f"a density of {name} integrated by another variable is not read")
        if name not in random:
            raise Refused(f"the density of {name}, which is not declared random: give it a distribution under random:")
        start = text.rfind("\\int", 0, m.start())
        if start < 0:
            raise Refused(f"a density of {name} outside an integral is not read")
        if start in integrals:
            raise Refused("an integral against two densities is not read: write one integral for each")
        integrals.add(start)
        used = set(re.findall(r"(?<![\\A-Za-z])[A-Za-z](?![A-Za-z])", text))
        fresh = next((f for f in _FRESH if f not in used and f not in random), None)
        if fresh is None:
            raise Refused("no fresh integration variable is free for the density's integral")
        body = _renamed(text[start : m.start()], name, fresh, slots)
        slot = str(slots.add(Slot("expr", f"pdf({name}, {fresh})")))
        slots.extra_names.add(name)
        reading = f"an integral against p({name}) d{name} is one against the density pdf({name}, {fresh}) of the random {name}"
        if reading not in slots.readings:
            slots.readings.append(reading)
        text = text[:start] + body + " " + slot + " d" + fresh + " " + text[m.end() :]


_ENTRY_LIST = re.compile(
    r"\(\s*([A-Za-z])\s*_\s*(?:1|\{\s*1\s*\})\s*,\s*\\[lc]?dots\s*,\s*([A-Za-z])\s*_\s*(?:([A-Za-z0-9])|\{\s*([A-Za-z0-9]+)\s*\})\s*\)"
)


def whole_lists(text: str, lengths: Mapping[str, str], slots: Slots) -> str:
    """``(x_1, \\dots, x_n)``, an argument list of a vector's entries from the first to the last, as ``(x)``.

    Read only when x is a vector of ``lengths`` and the last index is its length, recorded in
    ``slots.readings``; any other list (``z_2, \\dots, z_k``, or two names) keeps its ellipsis.
    """

    def whole(m: re.Match[str]) -> str:
        name, last, end = m.group(1), m.group(2), m.group(3) or m.group(4)
        if last != name or lengths.get(name) != end:
            return m.group(0)
        reading = f"({name}_1, \\dots, {name}_{end}) is the whole vector {name}"
        if reading not in slots.readings:
            slots.readings.append(reading)
        return f"({name})"

    return _ENTRY_LIST.sub(whole, text)
