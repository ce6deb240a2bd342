"""LaTeX to the claim language: a document's formulas as text derivcheck's parser reads.

The public interface:

- :class:`Notation` (immutable): LaTeX names and patterns to claim-language names;
  :meth:`Notation.defaults`, :meth:`Notation.extended`.
- :func:`translate_expression` ``(latex, notation, *, indexed=()) -> Translation``:
  one expression, or one relation.
- :func:`translate_chain` ``(latex, notation, *, indexed=()) -> ChainTranslation``: a
  display's top-level relations in order, split across ``&`` and ``\\\\`` of
  ``aligned``/``align``/``eqnarray``: ``a &= b \\\\ &\\le c`` gives the terms
  ``[a, b, c]`` and the relations ``["==", "<="]``.

Neither raises for bad input: what cannot be translated is a problem, worded for a
user, and the translation's ``text`` is then None. The LaTeX is parsed by
``latex2sympy2_extended`` (the parser of Math-Verify) with nothing evaluated and nothing
executed; the SymPy tree it gives is walked, node kind by node kind, into claim-language
text, and every text produced is checked by :func:`derivcheck.parser.parse`.

Subscripts: ``x_i`` is the entry ``x[i]`` when ``x`` is in ``indexed`` (a vector or
a matrix of the claim: ``A_{ij}`` is ``A[i, j]``), otherwise the name ``x_i``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from derivcheck.latex.notation import DEFAULTS, Notation, key_problem
from derivcheck.latex.translation import CHAIN_RELATIONS, ChainTranslation, Translation

if TYPE_CHECKING:
    from derivcheck.latex.translate import translate_chain, translate_expression


def __getattr__(name: str) -> Any:
    # The parser (ANTLR, and its grammar) is imported on the first translation, not
    # by the loader, which reads a file's notation table through this package.
    if name in ("translate_chain", "translate_expression"):
        from derivcheck.latex import translate

        return getattr(translate, name)
    raise AttributeError(name)


__all__ = [
    "CHAIN_RELATIONS",
    "DEFAULTS",
    "ChainTranslation",
    "Notation",
    "Translation",
    "key_problem",
    "translate_chain",
    "translate_expression",
]
