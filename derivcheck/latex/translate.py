"""Translate LaTeX into the claim language: one expression, or a display chain.

The stages, each of its own module: the limits (:mod:`~derivcheck.latex.guard`), the
chain cut at its relations (:mod:`~derivcheck.latex.chain`), each term rewritten for the
parser (:mod:`~derivcheck.latex.prepare`), parsed by the registry's parser
(:mod:`~derivcheck.latex.backend`), walked into text (:mod:`~derivcheck.latex.walk`),
and the text checked by derivcheck's own parser. Every failure on the way is a
problem of the translation, never an exception out of it.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

import sympy

from derivcheck.errors import ClaimError
from derivcheck.latex import chain, guard
from derivcheck.latex.backend import ParseFailure, parse
from derivcheck.latex.lexer import SLOT_PREFIX, tokens
from derivcheck.latex.notation import Notation
from derivcheck.latex.prepare import prepare
from derivcheck.latex.readings import expectation_subscripts, unread_sampled
from derivcheck.latex.slots import Refused, Slots
from derivcheck.latex.translation import ChainTranslation, Translation
from derivcheck.latex.walk import Walk
from derivcheck.model import Location, Text
from derivcheck.parser import parse as parse_claim

_NOWHERE = Location("<latex>", 1)
#: Arrows that belong to a limit's subscript, \lim_{x \to a}, not to the relations.
_ARROWS = frozenset({"\\to", "\\rightarrow"})


def translate_expression(
    latex: str,
    notation: Notation,
    *,
    indexed: Collection[str] = frozenset(),
    lengths: Mapping[str, str] | None = None,
    implicit: Collection[str] = frozenset(),
    random: Collection[str] = frozenset(),
) -> Translation:
    """One LaTeX expression (or one relation) as claim-language text. Never raises.

    Args:
        latex: the formula, without ``$`` delimiters (they are dropped if present).
        notation: the names of the document (see :class:`~derivcheck.latex.Notation`).
        indexed: the names that are vectors or matrices: ``x_i`` is ``x[i]`` for them.
        lengths: vector name → its length (``x: n`` for ``vector[n]``): a ``\\sum_k``
            without bounds over entries ``x_k`` is read as ``\\sum_{k=1}^{n}`` (a reading
            the translation reports in ``readings``).
        implicit: letters a labelled name is applied to and read without: with ``x``,
            ``a^{(k)}(x)_i`` is ``a__k[i]`` (a reading).
        random: the random names of the claim: ``\\mathbb{E}_{X \\sim p}`` and an integral
            against a density ``p(v) dv`` are read for them (:mod:`derivcheck.latex.readings`).

    Example:
        >>> t = translate_expression(r"\\sigma(a)(1 - \\sigma(a))", Notation.defaults())
        >>> t.text, t.free_names
        ('sigmoid(a)*(1 - sigmoid(a))', ('a',))
    """
    refused = guard.check(latex)
    if refused is not None:
        return Translation(latex, None, (), (refused,))
    try:
        return _term(
            chain.unwrap(latex), latex, notation, frozenset(indexed), lengths or {}, frozenset(implicit), frozenset(random)
        )
    except Exception as exc:  # noqa: BLE001 - the promise is: never raise for a formula
        return Translation(latex, None, (), (f"internal error while translating: {exc!r}",))


def translate_chain(
    latex: str,
    notation: Notation,
    *,
    indexed: Collection[str] = frozenset(),
    lengths: Mapping[str, str] | None = None,
    implicit: Collection[str] = frozenset(),
    random: Collection[str] = frozenset(),
) -> ChainTranslation:
    """A display chain as its terms and the relations between them. Never raises.

    Args: as :func:`translate_expression`.

    Example:
        >>> c = translate_chain(r"a &= b \\\\ &\\le c", Notation.defaults())
        >>> [t.text for t in c.terms], c.rels
        (['a', 'b', 'c'], ('==', '<='))
    """
    refused = guard.check(latex)
    if refused is not None:
        return ChainTranslation(latex, (), (), (refused,))
    try:
        cut = chain.split(latex)
        names = frozenset(indexed)
        extra = (frozenset(implicit), frozenset(random))
        terms = tuple(_term(t, t, notation, names, lengths or {}, *extra) for t in cut.terms)
        return ChainTranslation(latex, terms, cut.rels, cut.problems)
    except Exception as exc:  # noqa: BLE001 - the promise is: never raise for a formula
        return ChainTranslation(latex, (), (), (f"internal error while translating: {exc!r}",))


_PLACEHOLDER = re.compile(r"\\?math(?:rm)?\{(" + SLOT_PREFIX + r"[a-z]+)\}")


def _unplaced(message: str, slots: Slots) -> str:
    """A message with each placeholder shown as what it stands for."""

    def shown(m: re.Match[str]) -> str:
        slot = slots.table.get(m.group(1))
        return slot.text if slot is not None and slot.text else "..."

    return _PLACEHOLDER.sub(shown, message)


def _term(
    term: str,
    latex: str,
    notation: Notation,
    indexed: frozenset[str],
    lengths: Mapping[str, str],
    implicit: frozenset[str] = frozenset(),
    random: frozenset[str] = frozenset(),
) -> Translation:
    if not term.strip():
        return Translation(latex, None, (), ("the formula is empty",))
    slots = Slots(lengths=dict(lengths))
    term, sampled = expectation_subscripts(term, random, slots)
    foreign = [t for t in tokens(term) if t in chain.FOREIGN_RELATIONS and t not in _ARROWS]
    if foreign:
        what = chain.FOREIGN_RELATIONS[foreign[0]]
        return Translation(latex, None, (), (f"'{foreign[0]}' is {what}, not a relation the claim language has",))
    walk = Walk(slots, lengths=lengths, indexed=indexed)

    def read(fragment: str) -> str:
        tree = parse(fragment)
        if isinstance(tree, (sympy.core.relational.Relational, sympy.And, sympy.Or)):
            raise Refused(f"a relation inside an expression, '{fragment.strip()[:60]}', is not read")
        return walk.text(tree)

    def whole(fragment: str) -> str:
        # A piece of a term read like a term of its own: it may be a relation (a condition).
        return walk.text(parse(prepare(fragment, notation, indexed, slots, read, lengths, whole, implicit=implicit, random=random)))

    try:
        prepared = prepare(term, notation, indexed, slots, read, lengths, whole, implicit=implicit, random=random)
        tree = parse(prepared)
        text = walk.text(tree)
    except (Refused, ParseFailure) as exc:
        return Translation(latex, None, (), (_unplaced(str(exc), slots),))
    except RecursionError:
        return Translation(latex, None, (), ("the formula is nested too deeply to translate",))
    if isinstance(tree, sympy.Basic) and tree.has(sympy.zoo, sympy.nan):
        return Translation(latex, None, (), ("the parser produced an undefined value",))
    try:
        parse_claim(Text(text, _NOWHERE, inline=False))
    except ClaimError as exc:
        return Translation(latex, None, (), (f"the translation '{text}' is not a claim-language expression: {exc.message}",))
    free = walk.free | slots.extra_names
    unread = unread_sampled(sampled, random, free)
    if unread is not None:
        return Translation(latex, None, (), (unread,))
    for name in sampled:
        if name not in random:
            slots.readings.append(f"{name}, sampled by the expectation, does not occur once the notation is applied")
    return Translation(latex, text, tuple(sorted(free)), (), tuple(slots.readings))
