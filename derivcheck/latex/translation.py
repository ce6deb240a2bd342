"""What a translation of LaTeX gives: claim-language text, the names it needs, what failed."""

from __future__ import annotations

from dataclasses import dataclass

#: The relations a chain's links may have: the words a ``steps`` item's ``rel`` takes.
CHAIN_RELATIONS: tuple[str, ...] = ("==", "!=", "<", "<=", ">", ">=")


@dataclass(frozen=True)
class Translation:
    """One LaTeX expression (or relation) in the claim language.

    Attributes:
        latex: the LaTeX translated, as given.
        text: claim-language text that :func:`derivcheck.parser.parse` accepts, e.g.
            ``sigmoid(a)*(1 - sigmoid(a))``; None when it could not be translated.
        free_names: the names the text uses that are neither functions of the language,
            constants, nor bound (by a sum, an integral, a limit): each needs a domain.
            Sorted.
        problems: what could not be translated, one sentence each, for a user. Empty
            exactly when ``text`` is not None.
        readings: what the text says that the LaTeX leaves implicit, read by a rule
            (e.g. ``\\sum_k e^{x_k}`` over the whole of the vector x), one sentence each,
            for a user to review.
    """

    latex: str
    text: str | None
    free_names: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    readings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the whole expression was translated."""
        return self.text is not None and not self.problems


@dataclass(frozen=True)
class ChainTranslation:
    """A display chain ``t1 rel1 t2 rel2 t3 ...``: its terms and the relations between them.

    Attributes:
        latex: the LaTeX translated, as given.
        terms: each term's translation, in order (at least one).
        rels: ``len(terms) - 1`` relations, each one of :data:`CHAIN_RELATIONS`
            (``rels[k]`` relates ``terms[k]`` and ``terms[k + 1]``, as a ``steps``
            item's ``rel`` relates it to the item before). ``:=`` is read as ``==``.
        problems: what could not be read in the chain as a whole (a relation the claim
            language has not, such as ``\\approx`` or ``\\iff``; a macro; a limit). The
            terms' own problems are in the terms.
    """

    latex: str
    terms: tuple[Translation, ...]
    rels: tuple[str, ...]
    problems: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the chain and each of its terms were translated."""
        return not self.problems and all(t.ok for t in self.terms)

    @property
    def free_names(self) -> tuple[str, ...]:
        """The free names of all the terms, sorted."""
        return tuple(sorted({n for t in self.terms for n in t.free_names}))

    @property
    def all_problems(self) -> tuple[str, ...]:
        """The chain's problems, then each term's, in order."""
        return self.problems + tuple(p for t in self.terms for p in t.problems)
