"""A display's chain of relations: its terms, and the relation between each two.

``a &= b \\\\ &\\le c`` is the terms ``a``, ``b``, ``c`` and the relations ``==``, ``<=``.
A relation splits the chain only at the top level: not inside braces, parentheses,
brackets, or an environment such as ``cases`` (the ``=`` of ``\\sum_{k=1}`` or of
``p(y = 1)`` does not). The alignment marks ``&`` and the line breaks ``\\\\`` of
``aligned``, ``align``, ``eqnarray``, ``split``, ``gather``, ``equation`` are dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from derivcheck.latex.lexer import tokens

#: The relations of the claim language, by the LaTeX that writes them.
RELATIONS: dict[str, str] = {
    "=": "==", ":=": "==", "\\coloneqq": "==", "\\eqqcolon": "==", "\\equiv": "==",
    "\\ne": "!=", "\\neq": "!=",
    "<": "<", "\\lt": "<", "\\le": "<=", "\\leq": "<=", "\\leqslant": "<=",
    ">": ">", "\\gt": ">", "\\ge": ">=", "\\geq": ">=", "\\geqslant": ">=",
}  # fmt: skip

#: Relations a display may write that the claim language has not, with what they are.
FOREIGN_RELATIONS: dict[str, str] = {
    "\\approx": "an approximation", "\\simeq": "an approximation", "\\sim": "'distributed as'",
    "\\propto": "a proportionality", "\\iff": "an equivalence of statements",
    "\\Leftrightarrow": "an equivalence of statements", "\\Longleftrightarrow": "an equivalence of statements",
    "\\implies": "an implication", "\\Rightarrow": "an implication", "\\Longrightarrow": "an implication",
    "\\impliedby": "an implication", "\\Leftarrow": "an implication", "\\ll": "'much less than'",
    "\\gg": "'much greater than'", "\\in": "a membership", "\\subset": "an inclusion",
    "\\subseteq": "an inclusion", "\\to": "an arrow", "\\mapsto": "an arrow", "\\rightarrow": "an arrow",
}  # fmt: skip

#: The environments whose ``&`` and ``\\\\`` only align a chain.
ALIGNMENTS: frozenset[str] = frozenset({
    "aligned", "align", "align*", "alignat", "alignat*", "eqnarray", "eqnarray*", "split",
    "gather", "gather*", "gathered", "equation", "equation*", "multline", "multline*",
    "displaymath", "math",
})  # fmt: skip

_ENV = re.compile(r"\\(begin|end)\s*\{([A-Za-z]+\*?)\}(\{[0-9]+\})?")
_DROP = re.compile(r"\\(label|tag|tag\*|eqref)\s*\{[^{}]*\}|\\(nonumber|notag)\b")
_OPEN = frozenset({"{", "(", "[", "\\{", "\\lbrace", "\\langle"})
_CLOSE = frozenset({"}", ")", "]", "\\}", "\\rbrace", "\\rangle"})
_STACKED = ("\\stackrel", "\\overset")


@dataclass(frozen=True)
class Split:
    """A chain cut at its top-level relations."""

    terms: tuple[str, ...]
    rels: tuple[str, ...]
    problems: tuple[str, ...]


def unwrap(latex: str) -> str:
    """The display's content: math delimiters, alignment environments, labels and tags dropped."""
    text = latex.strip()
    for lo, hi in (("$$", "$$"), ("\\[", "\\]"), ("\\(", "\\)"), ("$", "$")):
        if text.startswith(lo) and text.endswith(hi) and len(text) >= len(lo) + len(hi):
            text = text[len(lo) : len(text) - len(hi)]
            break
    text = _DROP.sub(" ", text)
    return _ENV.sub(lambda m: " " if m.group(2) in ALIGNMENTS else m.group(0), text)


def split(latex: str) -> Split:
    """Cut ``latex`` at its top-level relations (see the module's description)."""
    toks = tokens(unwrap(latex))
    terms: list[list[str]] = [[]]
    rels: list[str] = []
    problems: list[str] = []
    depth = 0
    envs = 0
    i = 0
    while i < len(toks):
        tok = toks[i]
        nxt = toks[i + 1] if i + 1 < len(toks) else ""
        if tok == "\\begin":
            envs += 1
        elif tok == "\\end":
            envs = max(envs - 1, 0)
        if tok in _OPEN:
            depth += 1
        elif tok in _CLOSE:
            depth = max(depth - 1, 0)
        top = depth == 0 and envs == 0
        if top and tok in ("&", "\\\\"):
            terms[-1].append(" ")
            i += 1
            continue
        if top and tok in _STACKED:
            rel, used = _stacked(toks, i)
            if rel is not None:
                rels.append(rel)
                terms.append([])
                i = used
                continue
        if top and tok == ":" and nxt == "=":
            rels.append("==")
            terms.append([])
            i += 2
            continue
        if top and tok in RELATIONS and not (tok in "<>" and nxt == "="):
            rels.append(RELATIONS[tok])
            terms.append([])
            i += 1
            continue
        if top and tok in ("<", ">") and nxt == "=":
            rels.append(RELATIONS[tok] + "=")
            terms.append([])
            i += 2
            continue
        if top and tok in FOREIGN_RELATIONS:
            problems.append(
                f"'{tok}' is {FOREIGN_RELATIONS[tok]}, not a relation the claim language has"
            )
        terms[-1].append(tok)
        i += 1
    texts = tuple(_clean("".join(t)) for t in terms)
    for k, text in enumerate(texts):
        if not text:
            where = "before the first relation" if k == 0 else "after a relation"
            problems.append(f"nothing is written {where} of the chain")
    return Split(texts, tuple(rels), tuple(problems))


def _stacked(toks: list[str], i: int) -> tuple[str | None, int]:
    """``\\stackrel{(a)}{=}``: the relation under the label, and the index after it."""
    # Skip the label group, then read the relation group.
    j = i + 1
    depth = 0
    while j < len(toks):
        if toks[j] == "{":
            depth += 1
        elif toks[j] == "}":
            depth -= 1
            if depth == 0:
                break
        j += 1
    body: list[str] = []
    k = j + 1
    if k < len(toks) and toks[k] == "{":
        k += 1
        while k < len(toks) and toks[k] != "}":
            body.append(toks[k])
            k += 1
        rel = "".join(body).strip()
        if rel in RELATIONS:
            return RELATIONS[rel], k + 1
    return None, i


def _clean(text: str) -> str:
    # A display often ends its sentence: "..., " or "... ." after the last term.
    return text.strip().rstrip(".,;").strip()
