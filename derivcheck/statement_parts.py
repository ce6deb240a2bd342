r"""A claim and its latex as parts joined by one connective, for the faithfulness check.

A claim ``And(r1, r2, ...)``, ``iff(r1, r2)`` or ``implies(r1, r2)`` is compared
part by part with a latex whose relations are joined the same way
(``r1 \text{ and } r2``, ``r1 \iff r2``, ``r1 \implies r2``); the comparison
itself is :mod:`derivcheck.faithful`'s. A latex's condition written after its
relation (``= 0 \text{ for all } x \neq 0``) or before it (``\text{if } x = 1
\text{ then } y = 0``) is cut off the same way; the words of a latex that is prose
are found here, and how a chain's relations compose is here too. This module only cuts texts and composes relations:
nothing here decides anything, and nothing is executed (the claim is read with
``ast.parse``, which builds a tree and runs nothing).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Sequence

#: The claim language's connectives, by the name the latex's spellings are filed under.
CLAIM_CONNECTIVES: dict[str, str] = {"And": "and", "iff": "iff", "implies": "implies"}

#: How a document writes each connective between two relations (at brace depth 0). A newcomer
#: adds a spelling to its list.
LATEX_CONNECTIVES: dict[str, tuple[str, ...]] = {
    "and": (r"(?:\\quad|\\qquad|\\,|\\;|~|\s)*\\text\{\s*and\s*\}(?:\\quad|\\qquad|\\,|\\;|~|\s)*",),
    "iff": (r"\\iff(?![A-Za-z])", r"\\Leftrightarrow(?![A-Za-z])", r"\\Longleftrightarrow(?![A-Za-z])"),
    "implies": (r"\\implies(?![A-Za-z])", r"\\Rightarrow(?![A-Za-z])", r"\\Longrightarrow(?![A-Za-z])"),
}

_SPELLINGS = {name: re.compile("|".join(spellings)) for name, spellings in LATEX_CONNECTIVES.items()}


def claim_parts(source: str) -> tuple[str, tuple[str, ...]] | None:
    """The claim's connective (a key of :data:`LATEX_CONNECTIVES`) and its parts' texts, or None.

    >>> claim_parts("And(x == 1, y < 2)")
    ('and', ('x == 1', 'y < 2'))
    >>> claim_parts("iff(a > 0, b > 0)"), claim_parts("x == 1"), claim_parts("implies(a, b, c)")
    (('iff', ('a > 0', 'b > 0')), None, None)
    """
    text = source.strip()
    try:
        tree = ast.parse(text, mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    if not isinstance(tree, ast.Call) or not isinstance(tree.func, ast.Name) or tree.keywords:
        return None
    connective = CLAIM_CONNECTIVES.get(tree.func.id)
    if connective is None or len(tree.args) < 2 or (connective != "and" and len(tree.args) != 2):
        return None
    parts = [ast.get_source_segment(text, a) for a in tree.args]
    if any(p is None for p in parts):
        return None
    return connective, tuple(p for p in parts if p is not None)


def latex_parts(latex: str) -> tuple[str, tuple[str, ...]] | None:
    r"""The latex's connective and its parts, cut at brace depth 0; None when it has none or several kinds.

    >>> latex_parts(r"x = 1 \text{ and } y = 2"), latex_parts(r"a > 0 \iff b > 0")
    (('and', ('x = 1', 'y = 2')), ('iff', ('a > 0', 'b > 0')))
    >>> latex_parts(r"x = 1"), latex_parts(r"a \iff b \implies c"), latex_parts(r"\frac{a \iff b}{c}")
    (None, None, None)
    """
    found: dict[str, list[tuple[int, int]]] = {}
    depth = 0
    k = 0
    while k < len(latex):
        ch = latex[k]
        if ch == "\\" and latex[k + 1:k + 2] in ("{", "}"):
            k += 2  # an escaped brace is a character of the mathematics, not a group
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif depth == 0:
            for name, spelling in _SPELLINGS.items():
                m = spelling.match(latex, k)
                if m and m.end() > k and "\\" in m.group():
                    found.setdefault(name, []).append((m.start(), m.end()))
                    k = m.end()
                    break
            else:
                k += 1
            continue
        k += 1
    if len(found) != 1 or "\\begin" in latex:
        return None
    name, cuts = next(iter(found.items()))
    parts, start = [], 0
    for a, b in cuts:
        parts.append(latex[start:a].strip())
        start = b
    parts.append(latex[start:].strip())
    if any(not p for p in parts):
        return None
    return name, tuple(parts)


def composed(rels: Sequence[str]) -> str | None:
    """The relation between a chain's first and last terms, if its links compose (``==`` with ``<=`` is ``<=``).

    >>> composed(["==", "<=", "<"]), composed(["<=", ">="]), composed([]), composed(["==", "!="])
    ('<', None, '==', None)
    """
    if all(r == "==" for r in rels):
        return "=="
    if list(rels) == ["!="]:
        # Only alone: in a display, "= 0 for x != 0" is a condition, not a link of the chain.
        return "!="
    for weak, strict in (("<=", "<"), (">=", ">")):
        if all(r in ("==", weak, strict) for r in rels):
            return strict if strict in rels else weak
    return None


def direction(rel: str) -> str:
    """A relation without its strictness (``<`` is ``<=``): the direction two inequalities share."""
    return {"<": "<=", ">": ">="}.get(rel, rel)


#: How a document writes the condition after its relation: ``= 0 \text{ for all } x \neq 0``,
#: ``= H(x) \quad (x \neq 0)``. The condition must itself be one relation.
CONDITIONS = (
    re.compile(r"(?:\\quad|\\qquad|\\,|,|\s)*(?:\\text\{\s*(?:for all|for every|for|if|when)\s*\}|\\forall)\s*(?P<condition>[^{}]+)$"),
    re.compile(r"(?:\\quad|\\qquad)+\s*\((?P<condition>[^()]+)\)\s*$"),
)

#: The relations a condition may be.
_RELATION = re.compile(r"(?:\\neq?|\\leq?|\\geq?|\\lt|\\gt)(?![A-Za-z])|[=<>]")


def trailing_condition(latex: str) -> tuple[str, str] | None:
    r"""A latex's relation and the condition written after it, or None when it has none.

    >>> trailing_condition(r"f'(x) = 0 \text{ for all } x \neq 0"), trailing_condition(r"y = H(x) \quad (x \neq 0)")
    (("f'(x) = 0", 'x \\neq 0'), ('y = H(x)', 'x \\neq 0'))
    >>> trailing_condition(r"y = H(x)"), trailing_condition(r"y = 1 \quad (\text{twice})")
    (None, None)
    """
    for pattern in CONDITIONS:
        m = pattern.search(latex)
        if m is None or not _RELATION.search(m.group("condition")):
            continue
        relation = latex[:m.start()].strip()
        if relation and relation.count("{") == relation.count("}"):
            return relation, m.group("condition").strip()
    return None


#: How a document writes a condition before its relation: ``\text{if } x = 1 \text{ then } y = 0``.
#: The condition must itself be one relation, and is compared with the claim's ``assume``.
LEADING_CONDITIONS = (
    re.compile(r"^\s*\\text\{\s*(?:if|when|If|When)\s*\}(?P<condition>[^{}]+?)(?:,\s*)?\\text\{\s*,?\s*then\s*\}(?P<relation>.+)$", re.DOTALL),
)


def leading_condition(latex: str) -> tuple[str, str] | None:
    r"""A latex's condition written before its relation, and the relation, or None when it has none.

    >>> leading_condition(r"\text{if } x = 1 \text{ then } p = 0"), leading_condition(r"y = 1 \text{ if } x = 1")
    (('x = 1', 'p = 0'), None)
    """
    for pattern in LEADING_CONDITIONS:
        m = pattern.match(latex)
        if m is None or not _RELATION.search(m.group("condition")):
            continue
        relation = m.group("relation").strip()
        if relation and relation.count("{") == relation.count("}") and "\\text" not in relation:
            return m.group("condition").strip(), relation
    return None


#: The commands whose braces hold words, not mathematics.
_WORDS = re.compile(r"\\(?:text|textrm|textit|mbox|mathrm)\s*\{(?P<words>[^{}]*)\}")


def prose(latex: str, is_name: Callable[[str], bool]) -> str | None:
    r"""The longest words of the latex that are prose, not a name (``is_name`` says which ``\text{...}`` are); None if none.

    Words are prose when they are several (``\text{is sampled iid}``) or written
    as a word between formulas, with a space before or after (``\text{When }``);
    one word alone (``\text{Cost}``, ``\text{diag}``) is a name, of the notation or not.

    >>> prose(r"x \text{ is sampled iid}", lambda k: False), prose(r"\text{Cost} = 1", lambda k: False)
    ('is sampled iid', None)
    >>> prose(r"\text{When } x = 0", lambda k: k == r"\text{When }")
    """
    found = []
    for m in _WORDS.finditer(latex):
        words = m.group("words")
        if not re.search(r"[A-Za-z]{2,}", words) or is_name(m.group()):
            continue
        if len(words.split()) > 1 or words != words.strip():
            found.append(" ".join(words.split()))
    return max(found, key=lambda w: len(w.split())) if found else None


__all__ = ["CLAIM_CONNECTIVES", "CONDITIONS", "LEADING_CONDITIONS", "LATEX_CONNECTIVES", "claim_parts", "composed", "direction", "latex_parts", "leading_condition", "prose", "trailing_condition"]
