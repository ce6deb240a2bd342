"""Displays that define a name rather than claim something about it.

"We let $$f(x_1, x_2) = H(\\ldots)$$" introduces f: there is nothing to check, and read as
a claim about a free f it would be refuted. A statement's first link is a *definition*
when the display says so and its left side is a new name:

- the cue: the sentence before the display ends with "let", "define" or "denote" (as
  "As defined in the notes, let:"), or the link is written ``:=``, ``\\coloneqq`` or
  ``\\equiv``;
- the new name: the left side translates to a plain name or an entry of one (``a__k[i]``)
  that the notation file neither declares nor binds and that is not a function of the
  language, or it is a function the notation does not know applied to arguments
  (``f(x_1, x_2)``).

``ReLU(x) := x H(x)`` is no definition: ReLU is the language's relu, and the display is a
claim about it. The rest of a chain after a definition (``h = g(a) = \\max\\{0, a\\}``) is
still a claim: ``g(a) = \\max\\{0, a\\}``.

What a definition defines binds the later claims of its section that use it
(:mod:`derivcheck.extract.bindings`).
"""

from __future__ import annotations

import re
from collections.abc import Collection

from derivcheck.extract.chains import Statement
from derivcheck.latex import Translation
from derivcheck.vocabulary import VOCABULARY

_CUE = re.compile(r"\b(?:let|define|denote)\s*:?\s*$", re.IGNORECASE)
_WRITTEN = frozenset({":=", "\\coloneqq", "\\equiv"})
_NEW = re.compile(r"([A-Za-z][A-Za-z0-9_]*)(\[[^\[\]]*\])?")
_UNKNOWN_FUNCTION = "is not known: add a notation entry"


def cued(last_sentence: str, statement: Statement) -> bool:
    """Whether the display says its first link defines: by the prose before it, or by ``:=``."""
    written = statement.written[0] if statement.written else ""
    return bool(_CUE.search(last_sentence.strip())) or written in _WRITTEN


def new_name(lhs: Translation, known: Collection[str]) -> bool:
    """Whether a left side is a name the document introduces (see the module's rules)."""
    if lhs.ok and lhs.text is not None:
        m = _NEW.fullmatch(lhs.text)
        return m is not None and m.group(1) not in known and m.group(1) not in VOCABULARY
    return bool(lhs.problems) and all(_UNKNOWN_FUNCTION in p for p in lhs.problems)


def rest(statement: Statement) -> Statement:
    """The statement without its first term and link (what follows a definition)."""
    latex = statement.terms[1]
    for written, term in zip(statement.written[1:], statement.terms[2:], strict=False):
        latex += f" {written} {term}"
    return Statement(statement.terms[1:], statement.relations[1:], statement.written[1:], latex, statement.offset)
