"""Translate LaTeX into the claim language: one expression, or a display chain."""

from __future__ import annotations

from derivcheck.latex.notation import Notation
from derivcheck.latex.translation import ChainTranslation, Translation


def translate_expression(latex: str, notation: Notation, *, indexed: frozenset[str] = frozenset()) -> Translation:
    """One LaTeX expression (or one relation) as claim-language text. Never raises."""
    return Translation(latex, None, (), ("the translation of LaTeX is not available yet",))


def translate_chain(latex: str, notation: Notation, *, indexed: frozenset[str] = frozenset()) -> ChainTranslation:
    """A display chain as its terms and relations. Never raises."""
    term = translate_expression(latex, notation, indexed=indexed)
    return ChainTranslation(latex, (term,), ())
