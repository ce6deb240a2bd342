"""The quantities a document names: the words it defines, and derivatives that would be 0 only
because a name was read as a constant.

**Words.** ``\\text{Loss}`` is the name Loss when a display defines it or the notation file binds
or declares it (:func:`named_words`): then its derivative is that of its definition, not a
quantity of its own (:mod:`derivcheck.latex.opaque`).

**Derivatives.**
A document differentiates what depends on the variable: ``\\frac{\\partial \\text{Cost}}{\\partial
a}`` says Cost varies with a. If the notation maps ``\\text{Cost}`` to a name it neither binds
nor declares, the claim reads it as a free constant and the derivative as 0, and a claim such as
``∂Cost/∂a_i = ∂Cost/∂a_j`` would be proved for nothing. So a derivative whose operand does not
name its variable, even through the claim's bindings, is not read: the item becomes a TODO that
says so. (To claim that the derivative of a constant is 0, write 0.)
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

from derivcheck.extract import definitions
from derivcheck.extract.chains import statements
from derivcheck.extract.context import Context
from derivcheck.extract.documents import Scan
from derivcheck.extract.prose import last_sentence
from derivcheck.latex import Notation

_DIFF = re.compile(r"(?<![A-Za-z0-9_])diff\(")
_NAME = re.compile(r"(?<![.\w])[A-Za-z_][A-Za-z0-9_]*")


def _arguments(text: str, start: int) -> tuple[list[str], int]:
    """The top-level arguments of the call whose ``(`` is just before ``start``, and its end."""
    depth, last, args = 0, start, []
    for k in range(start, len(text)):
        ch = text[k]
        if ch in "([":
            depth += 1
        elif ch in ")]":
            if depth == 0:
                args.append(text[last:k])
                return args, k
            depth -= 1
        elif ch == "," and depth == 0:
            args.append(text[last:k])
            last = k + 1
    return args, len(text)


def _names(text: str, where: Mapping[str, str]) -> set[str]:
    """The names ``text`` uses, followed into the bindings of ``where``."""
    seen: set[str] = set()
    frontier = _NAME.findall(text)
    while frontier:
        name = frontier.pop()
        if name in seen:
            continue
        seen.add(name)
        if name in where:
            frontier += _NAME.findall(where[name])
    return seen


def unsaid(text: str, derivatives: Collection[str], said: Collection[str]) -> str | None:
    """Why ``text`` is not read, when it uses a derivative of an undefined quantity the notation file says nothing of.

    ``∂Cost/∂a`` read as the name ``dCost_da`` is a quantity of its own only when the notation
    file gives it a meaning (a domain, a distribution, a binding): free, it is any number, and
    a claim that relates it to another (the chain rule, ∂Cost/∂a = ∂Cost/∂h ∂h/∂a) or to a
    formula would be refuted by a choice no Cost makes.
    """
    for name in sorted(set(derivatives) - set(said)):
        if re.search(r"(?<![\w])" + re.escape(name) + r"(?![\w])", text):
            return (
                f"{name} is the derivative of a quantity the document does not define, and the notation file says"
                f" nothing of it: give {name} a domain, a distribution or a binding (where:) there"
            )
    return None


def vanishing(text: str, where: Mapping[str, str]) -> str | None:
    """The first ``diff(f, x)`` of ``text`` whose f does not name x (through ``where``), as text; or None."""
    for m in _DIFF.finditer(text):
        args, end = _arguments(text, m.end())
        if len(args) < 2:
            continue
        names = _names(args[0], where)
        for var in args[1:]:
            head = _NAME.match(var.strip())
            if head is not None and head.group(0) not in names:
                return text[m.start() : end + 1]
    return None


#: A word the document may write for a quantity: ``\text{Loss}`` as the left side of a definition.
_DEFINED_WORD = re.compile(r"\s*\\(?:text|operatorname|mathrm)\s*\{\s*([A-Za-z][A-Za-z0-9]+)\s*\}\s*")
_CAPITALISED = re.compile(r"[A-Z][a-z]{2,}")


def named_words(scan: Scan, notation: Notation, context: Context) -> tuple[tuple[str, str], ...]:
    """Notation entries for the words that name a quantity the document or the notation file defines.

    ``\text{Loss}`` is the name Loss when a display defines it (its first term is the word) or the
    notation file binds or declares Loss; a capitalised word written bare, ``Cost``, likewise. Then
    its derivative is that of its definition, not a quantity of its own (:mod:`derivcheck.latex.opaque`).
    The notation file's own entries come first.
    """
    words = {
        m.group(1)
        for d in scan.displays
        for st in statements(d.body, d.kind)
        if definitions.cued(last_sentence(d.prose), st) and (m := _DEFINED_WORD.fullmatch(st.terms[0]))
    }
    known = {n for n, _ in context.where} | set(context.symbols) | set(context.random)
    known |= {n for b in context.wheres.values() for n, _ in b} | {n for d in context.sections.values() for n in d}
    known |= {n for r in context.randoms.values() for n in r}
    words |= {n for n in known if len(n) > 1 and n.isalnum()}
    entries: list[tuple[str, str]] = []
    for w in sorted(words):
        entries += [(f"\\text{{{w}}}", w)] if notation.lookup(f"\\text{{{w}}}") is None else []
        entries += [(w, w)] if _CAPITALISED.fullmatch(w) and notation.lookup(w) is None else []
    return tuple(entries)
