"""The terms on each side of the faithfulness check: the claim's, and its latex's.

A claim is compared with its latex as two chains of terms (:mod:`derivcheck.faithful`):
the claim's ``steps``, or its one relation's two sides; the latex's terms as translated,
each with why it is skipped when it cannot be compared. The claim is read with
``ast.parse``, which builds a tree and runs nothing.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, replace

from derivcheck.factors import CONVERSE
from derivcheck.model import Claim
from derivcheck.statement_parts import composed


@dataclass(frozen=True)
class Term:
    """One term of the latex: its claim-language text, or why it is skipped."""

    index: int  # 1-based, in the display's order
    text: str | None
    reason: str = ""  # a key of wording.LATEX_REASONS, when skipped
    args: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Chain:
    terms: tuple[str, ...]
    rels: tuple[str, ...]  # rels[k] joins terms[k] and terms[k + 1]


def claim_chain(claim: Claim) -> Chain | None:
    """The claim as a chain of terms: a ``claim:`` that is one relation, or the ``steps``; None otherwise."""
    if claim.steps:
        return Chain(tuple(s.expr.value for s in claim.steps), tuple(s.rel for s in claim.steps[1:]))
    if claim.claim is None:
        return None
    return relation_chain(claim.claim.value)


def relation_chain(source: str) -> Chain | None:
    """One relation of the claim language as a chain of two terms; None when it is not one."""
    try:
        # ast.parse builds a tree and runs nothing: the claim language is Python's syntax.
        tree = ast.parse(source.strip(), mode="eval").body
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    ops = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">="}
    if not isinstance(tree, ast.Compare) or len(tree.ops) != 1 or type(tree.ops[0]) not in ops:
        return None
    text = source.strip()
    left = ast.get_source_segment(text, tree.left)
    right = ast.get_source_segment(text, tree.comparators[0])
    if left is None or right is None:
        return None
    return Chain((left, right), (ops[type(tree.ops[0])],))


def declared(claim: Claim) -> set[str]:
    return {k for k, _ in claim.symbols} | {k for k, _ in claim.where} | {k for k, _ in claim.random}


def indexed(claim: Claim) -> frozenset[str]:
    """The claim's vectors and matrices, whose subscripts in the latex are entries (``x_i`` is ``x[i]``)."""
    declared = {k for k, v in claim.symbols if v.value.strip().startswith(("vector", "matrix"))}
    # A binding may be a vector too (S: softmax(x)); read as a scalar, its entry does not build, and
    # the comparison is then unchecked, never a mismatch.
    return frozenset(declared | {k for k, _ in claim.where})


def random(claim: Claim) -> frozenset[str]:
    """The claim's random names: an expectation over them (``\\mathbb{E}_{Y \\sim p}``) is read as ``E``."""
    return frozenset(k for k, _ in claim.random)


#: A labelled name applied to one letter: ``a^{(k)}(x)``, ``h^{(k-1)}(x)``.
_LABELLED_CALL = re.compile(r"\^\s*\{\s*\([^(){}]*\)\s*\}\s*\(\s*([A-Za-z])\s*\)")


def implicit(claim: Claim, latex: str) -> frozenset[str]:
    """The letter a labelled name of the latex may be applied to and read without (``a^{(k)}(x)`` is ``a__k``).

    It is the one letter the latex's labelled names are applied to, when the claim does
    not declare it: an argument the claim has no name for is the document's, left out of
    the claim (the input x of a layer); the labelled name is then compared only if the
    notation maps it to a name the claim declares. Two such letters (``a^{(k)}(x)`` and
    ``a^{(k)}(y)``) would be read as one name, so then none is left implicit.
    """
    letters = set(_LABELLED_CALL.findall(latex))
    return frozenset(letters - declared(claim)) if len(letters) == 1 else frozenset()


def lengths(claim: Claim) -> dict[str, str]:
    """Each vector's length (``x: n`` for ``vector[n]``): an unbounded ``\\sum_k`` over ``x_k`` runs from 1 to n."""
    return {k: m.group(1) for k, v in claim.symbols if (m := re.fullmatch(r"vector\s*\[\s*(\w+)\s*\]", v.value.strip()))}


@dataclass(frozen=True)
class Display:
    """The latex's terms in one reading direction."""

    terms: tuple[Term, ...]
    rels: tuple[str, ...]

    def reversed(self) -> Display:
        n = len(self.terms)
        terms = tuple(replace(t, index=n + 1 - t.index) for t in reversed(self.terms))
        return Display(terms, tuple(CONVERSE[r] for r in reversed(self.rels)))

    def between(self, i: int, j: int) -> str | None:
        """The composed relation from position ``i`` to position ``j`` (0-based, i < j)."""
        return composed(self.rels[i:j])


__all__ = ["Chain", "Display", "Term", "claim_chain", "declared", "implicit", "indexed", "lengths", "random", "relation_chain"]
