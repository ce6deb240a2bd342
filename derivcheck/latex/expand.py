"""A sum over subscripts of plain names, written out term by term.

``\\sum_{j=1}^3 u_j h_j`` where u and h are not vectors of the claim names the six
numbers u_1, ..., h_3 of the document: read as ``Sum(u_j*h_j, (j, 1, 3))`` it would add
one name ``u_j*h_j`` three times. With numeric bounds it is written out instead,
``(u_1*h_1 + u_2*h_2 + u_3*h_3)``, and the translation reports it as a reading:

- both bounds are integers and the sum has at most :data:`MAX_TERMS` terms;
- the index is one letter and occurs in the body only in the subscripts of plain
  names (``u_j``, ``w_ij``), never bare (``j*h_j``) nor in a label (``h__j``), nor in a
  subscript of more than two characters (``x_max`` is a word, not indices);
- a subscript of two characters (``w_ij``) takes only one-digit values, so that
  ``w_1j`` with j = 1 is ``w_11`` and can be no other entry;
- each subscript holding the index is the index alone or letters only (``w_ij``, the
  pair (i, j)): one that mixes digits with it (``u_{2j}``, 2j or the pair (2, j)?) is
  not written out;
- no name the index subscripts is met outside the body (``u_j + \\sum_j u_j``) or in a
  part the reader translates apart (``\\sum_j \\exp(a_j)``): there it could not be
  told which of the names stay free.

Anything else is left to the walk, which refuses it (declare the name a vector) or reads
it as a ``Sum`` with a symbolic bound. A product is written out the same way with ``*``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: The most terms a sum is written out to; a longer one keeps the walk's refusal.
MAX_TERMS = 12

_WORD = re.compile(r"(?<![A-Za-z0-9_])[A-Za-z][A-Za-z0-9_]*(?![A-Za-z0-9_])")
_INTEGER = re.compile(r"\(?(-?[0-9]{1,4})\)?")
#: A subscripted name: its base (a label ``w__k`` included) and its subscript.
_SUBSCRIPTED = re.compile(r"([A-Za-z][A-Za-z0-9]*(?:__[A-Za-z0-9]+)?)_([A-Za-z0-9]+)")


@dataclass(frozen=True)
class Written:
    """A sum written out: its text, the free names that replace the body's, the reading."""

    text: str
    names: frozenset[str]
    reading: str


def substitute(text: str, index: str, value: int, bare: bool = False) -> str | None:
    """``text`` with the index letter in the subscripts of its names replaced by ``value``.

    None when the index occurs in ``text`` other than in such a subscript (in a label,
    in a long subscript; bare, unless ``bare``: then the bare index is the value too) or
    when a two-character subscript would take a value of more than one digit; ``text``
    unchanged when the index does not occur at all.

    Example:
        >>> substitute("H(w_1j*x_1 + b_j)", "j", 2)
        'H(w_12*x_1 + b_2)'
        >>> substitute("j*h_j", "j", 2) is None
        True
    """
    failed = False

    def one(m: re.Match[str]) -> str:
        nonlocal failed
        word = m.group(0)
        if word == index:
            failed = failed or not bare
            return str(value) if value >= 0 else f"({value})"
        name = _SUBSCRIPTED.fullmatch(word)
        if name is None or index not in name.group(2):
            if index in word.split("_", 1)[-1] and "_" in word:
                failed = True  # the index in a part of the name that is not a plain subscript
            return word
        base, sub = name.groups()
        if "__" in base and index in base.split("__", 1)[1]:
            failed = True
        if len(sub) > 2 or (len(sub) == 2 and not 0 <= value <= 9) or value < 0:
            failed = True
        return f"{base}_{sub.replace(index, str(value))}"

    out = _WORD.sub(one, text)
    return None if failed else out


def written_out(
    index: str, lo: str, hi: str, body: str, word: str, met: frozenset[str], elsewhere: frozenset[str] = frozenset()
) -> Written | None:
    """The sum (``word`` "Sum") or product over ``index`` from ``lo`` to ``hi`` written out, or None.

    Args:
        index: the bound variable.
        lo, hi: the bounds as the walk wrote them.
        body: the body's text, with the index as written.
        word: "Sum" or "Product".
        met: the free names the walk met in the body: those subscripted by the index
            are replaced, in the result's ``names``, by their written-out entries.
        elsewhere: the names met outside the body (before the sum, or in a placeholder
            read apart): a subscripted name among them is not written out, since it could
            not be told whether it is still free, and the walk's refusal stands.
    """
    low, high = _INTEGER.fullmatch(lo.strip()), _INTEGER.fullmatch(hi.strip())
    if len(index) != 1 or low is None or high is None:
        return None
    start, end = int(low.group(1)), int(high.group(1))
    if not 1 <= end - start + 1 <= MAX_TERMS:
        return None
    words = set(_WORD.findall(body)) | set(met)
    subscripted = sorted(n for n in words if (m := _SUBSCRIPTED.fullmatch(n)) is not None and index in m.group(2))
    if not subscripted or any(n in elsewhere for n in subscripted):
        return None
    if any(not m.group(2).isalpha() for n in subscripted if (m := _SUBSCRIPTED.fullmatch(n)) is not None):
        return None  # u_2j: the product 2j or the entry (2, j); the walk refuses it
    terms: list[str] = []
    names = set(met) - set(subscripted)
    for value in range(start, end + 1):
        term = substitute(body, index, value)
        entries = [substitute(n, index, value) for n in subscripted]
        if term is None or any(e is None for e in entries):
            return None
        terms.append(term if word == "Sum" or _WORD.fullmatch(term) else f"({term})")
        names.update(e for e in entries if e is not None)
    text = "(" + (" + " if word == "Sum" else "*").join(terms) + ")"
    sign = "\\sum" if word == "Sum" else "\\prod"
    reading = (
        f"{sign}_{{{index}={start}}}^{{{end}}} over the names {', '.join(subscripted)} is written out"
        f" term by term: {text[1:-1]}"
    )
    return Written(text, frozenset(names), reading)
