"""Notation tables: how a document's LaTeX names map to the claim language's names.

A table maps a LaTeX *key* to a claim-language *name*. A key is one of:

- a command or a letter, ``\\sigma``, ``S``, ``\\mathbb{E}``, ``\\text{Diag}``: the name
  it stands for, applied when the key is followed by an argument (``\\sigma(a)`` is
  ``sigmoid(a)``, ``S(x)_i`` is ``softmax(x)[i]``) and a plain name otherwise;
- a written pattern with arguments, ``f(x, \\theta)``: that exact text (up to spaces)
  stands for the name, e.g. a ``where`` binding ``f``.

The value is a claim-language name (a function of :mod:`derivcheck.vocabulary`, or a
name the claim declares or binds). A claims file's ``notation:`` is merged over
:meth:`Notation.defaults`; a key written there replaces the default of the same key.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from derivcheck.parser import valid_name

#: What a key of a notation table may be at most, in characters.
MAX_KEY_CHARS = 200

#: The defaults: common notation of machine learning and calculus. The operators
#: (∂/∂x, d/dx, Σ, Π, lim, ∫, ‖·‖, ᵀ, ⊙) are read by the translator itself; these
#: are the names.
DEFAULTS: tuple[tuple[str, str], ...] = (
    ("\\sigma", "sigmoid"),
    ("\\operatorname{sigmoid}", "sigmoid"),
    ("\\text{sigmoid}", "sigmoid"),
    ("\\operatorname{softmax}", "softmax"),
    ("\\text{softmax}", "softmax"),
    ("\\mathrm{softmax}", "softmax"),
    ("softmax", "softmax"),
    ("ReLU", "relu"),
    ("\\operatorname{ReLU}", "relu"),
    ("\\text{ReLU}", "relu"),
    ("\\mathrm{ReLU}", "relu"),
    ("\\mathbb{E}", "E"),
    ("\\operatorname{E}", "E"),
    ("\\text{Var}", "Var"),
    ("\\operatorname{Var}", "Var"),
    ("\\mathrm{Var}", "Var"),
    ("Var", "Var"),
    ("\\text{Cov}", "Cov"),
    ("\\operatorname{Cov}", "Cov"),
    ("\\text{diag}", "diag"),
    ("\\operatorname{diag}", "diag"),
    ("\\text{Diag}", "diag"),
    ("\\operatorname{Diag}", "diag"),
    ("H", "H"),
    ("\\operatorname{erf}", "erf"),
    ("\\operatorname{sign}", "sign"),
    ("\\operatorname{sgn}", "sign"),
)

_PATTERN_CHARS = re.compile(r"[(),\s]")


def normalise_key(key: str) -> str:
    """A key with its spaces removed, as keys are compared (``f(x, \\theta)`` = ``f(x,\\theta)``).

    A space after a command word is kept, so ``\\theta x`` stays apart from ``\\thetax``.
    """
    marked = re.sub(r"(\\[A-Za-z]+)\s+(?=[A-Za-z])", "\\1\x00", key)
    return re.sub(r"\s+", "", marked).replace("\x00", " ")


def key_problem(key: str, name: str) -> str | None:
    """Why ``key: name`` cannot be an entry of a notation table, or None when it can."""
    if not key.strip():
        return "a notation key must not be empty"
    if len(key) > MAX_KEY_CHARS:
        return f"a notation key has {len(key)} characters, more than the limit of {MAX_KEY_CHARS}"
    if not valid_name(name):
        return (
            f"the notation for {key!r} must be a name of the claim language"
            f" (letters, digits and '_', not starting with a digit or '_'), not {name!r}"
        )
    return None


@dataclass(frozen=True)
class Notation:
    """An immutable table from LaTeX keys to claim-language names, in order.

    Attributes:
        entries: ``(key, name)`` pairs; a later entry for the same key wins.

    Example:
        >>> n = Notation.defaults().extended({"f(x, \\\\theta)": "f"})
        >>> n.lookup("\\\\sigma"), n.lookup("f(x,\\\\theta)")
        ('sigmoid', 'f')
    """

    entries: tuple[tuple[str, str], ...] = ()

    @classmethod
    def defaults(cls) -> Notation:
        """The default table (:data:`DEFAULTS`)."""
        return cls(DEFAULTS)

    @classmethod
    def empty(cls) -> Notation:
        """A table with no entries: only the operators the translator reads itself."""
        return cls(())

    def extended(self, mapping: Mapping[str, str] | Iterable[tuple[str, str]]) -> Notation:
        """This table with ``mapping``'s entries added; they replace entries of the same key.

        Entries that are not valid (see :func:`key_problem`) are not added: check them
        with :func:`key_problem` first to tell the user (the schema does, for a claims file).
        """
        pairs = list(mapping.items()) if isinstance(mapping, Mapping) else list(mapping)
        added = [(str(k), str(v)) for k, v in pairs if key_problem(str(k), str(v)) is None]
        keys = {normalise_key(k) for k, _ in added}
        kept = [(k, v) for k, v in self.entries if normalise_key(k) not in keys]
        return Notation(tuple(kept + added))

    def as_dict(self) -> dict[str, str]:
        """The table as a dict (normalised key → name), later entries winning."""
        return {normalise_key(k): v for k, v in self.entries}

    def lookup(self, key: str) -> str | None:
        """The name ``key`` stands for, or None."""
        return self.as_dict().get(normalise_key(key))

    def patterns(self) -> tuple[tuple[str, str], ...]:
        """The entries whose key is a written pattern (has arguments or spaces), longest first."""
        found = [(k, v) for k, v in self.as_dict().items() if _PATTERN_CHARS.search(k)]
        return tuple(sorted(found, key=lambda kv: -len(kv[0])))

    def names(self) -> tuple[tuple[str, str], ...]:
        """The entries whose key is a single command or name (not a pattern)."""
        return tuple((k, v) for k, v in self.as_dict().items() if not _PATTERN_CHARS.search(k))
