"""The conditions and definitions a document states in words just before a display.

A derivation often sets its case in the sentence that introduces it: "When $x > 0$
we have that:", "For $i \\neq j$ we have:", "Let $z = x_2 - x_1$, then:". Without
them the display's chain is false (the ReLU's difference quotient tends to 1 only
for x > 0). :func:`givens` reads them from the *last sentence* before a display:
an inline formula holding one relation, right after a cue word of :data:`CUES`.

- "Let $z = \\ldots$" with a single name on the left is a definition: a ``where``
  binding, kept for the rest of the item (§5(c) defines z once for two displays).
- Any other is a condition of that display alone: an ``assume``.

Both are written into the claim marked ``REVIEW``: they are read from prose, and
prose is ambiguous; a reader confirms them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from derivcheck.extract.chains import statements

#: The words that introduce a condition or a definition, directly before the formula.
CUES: tuple[str, ...] = ("when", "for", "if", "let", "assume", "suppose", "where", "whenever")

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(])|\n\s*\n")
_INLINE = re.compile(r"(?<![\\$])\$(?!\$)([^$]{1,200}?)(?<!\\)\$(?!\$)")
_CUE_BEFORE = re.compile(r"\b(" + "|".join(CUES) + r")\s*$", re.IGNORECASE)
_NAME = re.compile(r"^[A-Za-z](?:_[A-Za-z0-9]|_\{[A-Za-z0-9]+\})?$")


@dataclass(frozen=True)
class Given:
    """A condition (``name`` None) or a definition (``name`` the defined LaTeX name) from prose.

    Attributes:
        latex: the relation as written (a condition), or the defining expression (a definition).
        name: the defined name's LaTeX for a definition, else None.
    """

    latex: str
    name: str | None = None


def _last_sentence(prose: str) -> str:
    parts = [p for p in _SENTENCE_END.split(prose) if p.strip()]
    return parts[-1] if parts else ""


def last_sentence(prose: str) -> str:
    """The last sentence of ``prose`` (what introduces the display after it)."""
    return _last_sentence(prose)


def givens(prose: str) -> tuple[Given, ...]:
    """The conditions and definitions of the last sentence of ``prose``.

    Example:
        >>> givens("We consider 3 cases. When  $x > 0$  we have that:")
        (Given(latex='x > 0', name=None),)
        >>> givens("Let  $z = x_2 - x_1$ , then:")
        (Given(latex='x_2 - x_1', name='z'),)
        >>> givens("Notice  $x > 0$  here.")
        ()
    """
    sentence = _last_sentence(prose)
    found: list[Given] = []
    for match in _INLINE.finditer(sentence):
        cue = _CUE_BEFORE.search(sentence[: match.start()])
        if cue is None:
            continue
        parts = statements(match.group(1), "single")
        if len(parts) != 1 or len(parts[0].terms) != 2 or parts[0].relations[0] is None:
            continue
        lhs, rhs = parts[0].terms
        if cue.group(1).lower() == "let" and parts[0].relations[0] == "==" and _NAME.match(lhs):
            found.append(Given(rhs, lhs))
        else:
            found.append(Given(" ".join(match.group(1).split())))
    return tuple(found)
