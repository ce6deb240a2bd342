"""The conditions and definitions a document states in words just before a display.

A derivation often sets its case in the sentence that introduces it: "When $x > 0$
we have that:", "For $i \\neq j$ we have:", "Let $z = x_2 - x_1$, then:". Without
them the display's chain is false (the ReLU's difference quotient tends to 1 only
for x > 0). :func:`givens` reads them from the *last sentence* before a display:
an inline formula holding one relation, right after a cue word of :data:`CUES`.

- "Let $z = \\ldots$" with a single name on the left is a definition: a ``where``
  binding, kept for the rest of the item (§5(c) defines z once for two displays).
- Any other is a condition of that display alone: an ``assume``.
- A *setting*: after a cue of :data:`SETTING_CUES` ("If we set $u_1 = u_2 = 1$, $c = -2.5$
  we have:"), a chain of equalities of names ending in a value binds each name to the
  value, and so does every formula that follows it in the sentence after only a comma
  or "and". Each is a ``where`` binding, like a "Let"; the value must be a number (a
  formula without free names), which :mod:`derivcheck.extract.build` checks.

A condition is read only when the sentence states it plainly; otherwise nothing is read
(a claim without its condition is at worst refuted honestly, one with a wrong
condition can be proved wrongly):

- a formula joined by "or" to another ("When $x > 0$ or $x < -1$") is no condition;
- "unless", "except when", "except for" directly before the formula state its
  negation: one relation with <, <=, > or >= is read negated ("Unless $x > 0$" is
  x <= 0); any other formula after them is not read;
- a sentence with a word of negation (:data:`NEGATIONS`: "When $x > 0$ fails", "Not
  for $x > 0$") gives no condition.

A name set twice in one sentence ("If we set $c = -1$ ..., then with $c = 2$") is bound
to neither value; a setting joined by "or" to another formula binds nothing.

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
#: The words that state the negation of the formula after them.
EXCEPT_CUES: tuple[str, ...] = ("unless", "except when", "except for", "except if")
_EXCEPT_BEFORE = re.compile(r"\b(?:" + "|".join(EXCEPT_CUES) + r")\s*$", re.IGNORECASE)
_EXCEPT_CUE = re.compile(r"\b(?:" + "|".join(EXCEPT_CUES) + r")\s*(?=\$)", re.IGNORECASE)
#: The words of negation: a sentence holding one states no plain condition.
NEGATIONS: tuple[str, ...] = ("not", "fails", "fail", "false", "neither", "nor", "otherwise", "never", "unless", "except")
_NEGATION = re.compile(r"\b(?:" + "|".join(NEGATIONS) + r")\b|n't\b", re.IGNORECASE)
_OR = re.compile(r"\bor\b", re.IGNORECASE)
_OR_AFTER = re.compile(r"\s*,?\s*or\b", re.IGNORECASE)
#: An order relation and its negation, written in LaTeX.
_NEGATED = {"<": "\\geq", "<=": ">", ">": "\\leq", ">=": "<"}

#: The words that introduce a setting of names to values, directly before its first formula.
SETTING_CUES: tuple[str, ...] = ("set", "let", "take", "choose")

_SETTING_BEFORE = re.compile(r"\b(?:" + "|".join(SETTING_CUES) + r")\s*$", re.IGNORECASE)
#: What may stand between the formulas of one setting: a comma, or "and".
_SETTING_JOIN = re.compile(r"\s*(?:,|,?\s*and)\s*", re.IGNORECASE)
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
    #: A setting's value: bound only when it is a number (translated without free names).
    closed: bool = False


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
        (Given(latex='x > 0', name=None, closed=False),)
        >>> givens("Let  $z = x_2 - x_1$ , then:")
        (Given(latex='x_2 - x_1', name='z', closed=False),)
        >>> givens("Notice  $x > 0$  here.")
        ()
    """
    sentence = _last_sentence(prose)
    found: list[Given] = []
    settled = _settings(sentence)
    formulas = list(_INLINE.finditer(sentence))
    # A word of negation anywhere but an "unless" read as such ("Except when $x > 0$ fails").
    negated = _NEGATION.search(_INLINE.sub(" ", _EXCEPT_CUE.sub(" ", sentence))) is not None
    for k, match in enumerate(formulas):
        before = sentence[formulas[k - 1].end() if k else 0 : match.start()]
        after = sentence[match.end() : formulas[k + 1].start()] if k + 1 < len(formulas) else sentence[match.end() :]
        if match.start() in settled:
            if not (k and _OR.search(before)) and not _OR_AFTER.match(after):  # "set $c = 1$ or $d = 2$"
                found += settled[match.start()]
            continue
        parts = statements(match.group(1), "single")
        if len(parts) != 1 or len(parts[0].terms) != 2 or parts[0].relations[0] is None:
            continue
        lhs, rhs = parts[0].terms
        relation = parts[0].relations[0]
        if _EXCEPT_BEFORE.search(before):
            if relation in _NEGATED and not negated and not _OR.search(before) and not _OR_AFTER.match(after):
                found.append(Given(f"{' '.join(lhs.split())} {_NEGATED[relation]} {' '.join(rhs.split())}"))
            continue
        cue = _CUE_BEFORE.search(sentence[: match.start()])
        if cue is None:
            continue
        if cue.group(1).lower() == "let" and relation == "==" and _NAME.match(lhs):
            found.append(Given(rhs, lhs))
        elif not negated and not _OR.search(before) and not _OR_AFTER.match(after):
            found.append(Given(" ".join(match.group(1).split())))
    twice = _set_twice(formulas)
    return tuple(g for g in found if g.name is None or g.name not in twice)


def _set_twice(formulas: list[re.Match[str]]) -> frozenset[str]:
    """The names a sentence sets (a name alone on the left of ``=``) in more than one formula."""
    seen: list[str] = []
    for match in formulas:
        parts = statements(match.group(1), "single")
        if len(parts) != 1 or not parts[0].relations or any(r != "==" for r in parts[0].relations):
            continue
        names = {" ".join(t.split()) for t in parts[0].terms[:-1]}
        seen += [n for n in names if _NAME.match(n)]
    return frozenset(n for n in seen if seen.count(n) > 1)


def _setting(formula: str, let: bool) -> tuple[Given, ...]:
    """``u_1 = u_2 = 1``: each name of a chain of equalities bound to the value that ends it.

    After "let", one name equal to an expression is a definition, as it always was
    (``z = x_2 - x_1``): its value need not be a number.
    """
    parts = statements(formula, "single")
    if len(parts) != 1 or len(parts[0].terms) < 2 or any(r != "==" for r in parts[0].relations):
        return ()
    *names, value = (" ".join(t.split()) for t in parts[0].terms)
    if not all(_NAME.match(n) for n in names) or not value:
        return ()
    return tuple(Given(value, n, closed=not (let and len(names) == 1)) for n in names)


def _settings(sentence: str) -> dict[int, tuple[Given, ...]]:
    """The settings of a sentence, by the start of the formula each is read from.

    Example:
        >>> _settings("If we set $u_1 = u_2 = 1$ , $c = -2.5$ we have that:")[28]
        (Given(latex='-2.5', name='c', closed=True),)
    """
    out: dict[int, tuple[Given, ...]] = {}
    formulas = list(_INLINE.finditer(sentence))
    for k, match in enumerate(formulas):
        cue = _SETTING_BEFORE.search(sentence[: match.start()])
        if cue is None:
            continue
        let = cue.group(0).strip().lower() == "let"
        first = _setting(match.group(1), let)
        if not first:
            continue
        out[match.start()] = first
        for prev, nxt in zip(formulas[k:], formulas[k + 1 :], strict=False):
            following = _setting(nxt.group(1), let)
            if not _SETTING_JOIN.fullmatch(sentence[prev.end() : nxt.start()]) or not following:
                break
            out[nxt.start()] = following
        break
    return out
