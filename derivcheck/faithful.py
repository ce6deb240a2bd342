"""Whether a claim says what its ``latex:`` says: the faithfulness check.

A claim is typed by hand from a document, and its ``latex:`` quotes the
document. Nothing else checks that the two say the same thing: a claim that
encodes the wrong statement gets a confident verdict about something nobody
wrote. So, for each claim with a ``latex:``, the latex is translated into the
claim language (:mod:`derivcheck.latex`, through the claims file's
``notation:`` over the defaults) and compared with the claim under the claim's
own domains. SymPy proposes, the kernel disposes: every comparison is itself a
claim (``(claim's term) == (latex's term)``, with the claim's ``symbols``,
``where``, ``random`` and ``assume``) decided by the same engine entry point as
the claim, with a smaller screen (:data:`FIRST_POINTS`, :data:`SECOND_POINTS`) and at most
:data:`MOST_COMPARISONS` comparisons.

The rule (the order of the terms, and what may be skipped):

- The latex is a chain ``t1 r1 t2 r2 ... tn`` (one relation is a chain of two
  terms). A term that cannot be translated, is a ``\\dots``, or names something
  the claim does not declare is *skipped*: it cannot be compared.
- A ``claim: L op R`` is compared with the latex's first and last comparable
  terms ``A`` and ``B`` and the relation the latex's links compose to. The
  statements agree when ``L ≡ A`` and ``R ≡ B`` (the latex may be read
  backwards, its relations turned round: ``b \\ge a`` is ``a <= b``); or else,
  when the latex is an equation or an inequality and not an identity
  (``A − B`` is shown nonzero somewhere: two identities would always agree),
  when ``L − R ≡ c·(A − B)`` for a constant ``c``, nonzero for ``==`` and
  ``!=``, positive for an inequality (``c`` is read off the point where
  ``L − R`` and ``A − B`` differ, then proved). The relations must be the
  same; when only the relation differs, the two statements are compared
  (``iff(L op R, L op' R)``).
- A ``steps:`` chain's first and last items are compared with the latex's first and last
  comparable terms (or with its last and first, read backwards); every comparable term of
  the latex in between must be equal to an item of the claim, in order. The claim may have more items than the latex (steps the
  document does not display: each link is checked by the claim itself); the
  relation between two matched items, composed over the claim's links, must be
  the latex's between the two terms.
- A term of the claim that is refuted against its latex term is a *mismatch*,
  carrying the point and both values, unless a skipped term of the latex could
  be the one it stands for (then the check is *unchecked*).
- A claim ``And(r1, ..., rn)``, ``iff(r1, r2)`` or ``implies(r1, r2)`` of
  relations is compared part by part, in order, with a latex whose relations
  are joined the same way (``\\text{ and }``, ``\\iff``, ``\\implies``: see
  :mod:`derivcheck.statement_parts`), or, for ``And``, with the links of a chain
  (``a = b \\le c`` is ``And(a == b, b <= c)``), each part by the rules above:
  faithful when every part is; else a part's mismatch, or its note (``part``
  says which; terms are numbered within it). Against a chain's links, a part's
  mismatch stands only when the claim and the links' ``And`` are refuted equivalent
  (``And(h1 == 1, h2 == 1)`` is ``h_1 = h_2 = 1``, grouped otherwise): else unchecked. Another connective, or more parts in
  the latex, is unchecked: the statements may still agree, grouped otherwise.
- A relation followed by its condition (``\\text{ for all } x \\neq 0``, ``\\quad (x \\neq 0)``)
  is compared without it when the condition, one relation, is proved on the claim's
  domain (the claim then speaks only where the document does); else it is unchecked.
- An ``And`` of more parts than its latex states is *partial* when each latex part is, in
  order, one of the claim's parts by the rules above: the finding names the parts stated
  and those not; a part the latex does not write is never called faithful.
- A latex ``\\text{if } P \\text{ then } Q`` is compared with a claim of one ``assume``: ``P``
  with the assumption, on the claim's domain without it, and ``Q`` with the claim, under it.
- A latex that is left unchecked and has prose in it (``\\text{...}`` of several words, or
  of a word written between formulas, that the notation does not name) is unchecked as
  *prose*: the document says it in words, and there is nothing to compare.

Outcomes are :class:`~derivcheck.evidence.LatexCheck` data: ``faithful``,
``mismatch`` (a failure of its own kind), ``partial`` (a note: some parts stated, not all)
or ``unchecked`` (a note: the latex could not be read, is prose, or a comparison was left
undecided).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from fractions import Fraction

import derivcheck.latex
from derivcheck import checking, faithful_terms, statement_parts
from derivcheck.checking import SOFT_BUDGET, decide_claim, seed_of
from derivcheck.engine.decide import Settings
from derivcheck.evidence import LatexCheck, pairs
from derivcheck.factors import positive_part, simple_ratio
from derivcheck.faithful_terms import Chain, Display, Term, claim_chain, relation_chain
from derivcheck.latex import ChainTranslation, Notation
from derivcheck.model import Claim, ClaimResult, Text, Verdict
from derivcheck.statement_parts import composed

#: Test points of the comparisons' first and second screens (the claim's own are 8 and 24):
#: two terms typed from one formula agree or differ at the first points.
FIRST_POINTS = 4
SECOND_POINTS = 8
#: Comparisons one claim's latex check may make, at most (a chain of n items against a
#: display of k terms needs about n + k).
MOST_COMPARISONS = 24
#: Share of the claim's time budget after which no comparison is started: the
#: worker ends the claim at its whole budget, and the verdict must not pay for this check.
LATEX_BUDGET = 0.85

#: Compares a claim's term with a latex term: a derived claim, decided by the engine.
Decide = Callable[[Claim], ClaimResult]


def check(claim: Claim, *, timeout: float = 20.0, display: bool = True, latex: bool = True) -> ClaimResult:
    """Decide a claim (:func:`derivcheck.checking.check_claim`), then compare it with its latex.

    Args:
        claim: the claim as loaded.
        timeout: the claim's budget in seconds, the latex check's included.
        display: print the claim's mathematics into the result.
        latex: compare the claim with its ``latex:`` (``--no-latex-check`` turns it off).
    """
    start = time.monotonic()
    result = checking.check_claim(claim, timeout=timeout, display=display)  # through the module: tests replace it
    if not latex or not claim.latex or result.verdict in (Verdict.INVALID, Verdict.TIMEOUT):
        return result
    deadline = start + timeout * LATEX_BUDGET
    settings = Settings(deadline=start + timeout * SOFT_BUDGET, seed=seed_of(claim), first=FIRST_POINTS, second=SECOND_POINTS)
    budget = _Budget(deadline)

    def decide(c: Claim) -> ClaimResult:
        budget.spend()
        return decide_claim(c, replace(settings, deadline=deadline), timeout=timeout)

    try:
        found = compare(claim, notation_of(claim), decide)
    except _OutOfEffort:
        found = LatexCheck("unchecked", "budget", (("count", str(budget.used)),))
    except Exception as exc:  # the latex check must never cost the claim its verdict  # noqa: BLE001
        found = LatexCheck("unchecked", "unread", (("problem", f"{type(exc).__name__}: {exc}"),))
    return replace(result, latex_check=found, seconds=time.monotonic() - start)


def notation_of(claim: Claim) -> Notation:
    """The notation the claim's latex is read with: the defaults, then its file's ``notation:``."""
    return Notation.defaults().extended(claim.notation)


class _OutOfEffort(Exception):
    """The comparisons' count, or the share of the claim's budget they may use, ran out."""


@dataclass
class _Budget:
    deadline: float
    used: int = 0

    def spend(self) -> None:
        if self.used >= MOST_COMPARISONS or time.monotonic() > self.deadline:
            raise _OutOfEffort
        self.used += 1


# ---------------------------------------------------------------------------
# The terms on each side
# ---------------------------------------------------------------------------


def translate_chain(latex: str, notation: Notation, *, indexed: frozenset[str], lengths: dict[str, str],
                    implicit: frozenset[str] = frozenset(), random: frozenset[str] = frozenset()) -> ChainTranslation:
    # The translator is imported on the first translation (0.5 s): a run without a latex never pays it.
    return derivcheck.latex.translate_chain(latex, notation, indexed=indexed, lengths=lengths, implicit=implicit, random=random)


def latex_terms(claim: Claim, notation: Notation, latex: str | None = None) -> tuple[tuple[Term, ...], tuple[str, ...], str]:
    """The latex's terms (of ``latex``, a part of it, if given), its relations, and the problem of the chain as a whole."""
    text = (claim.latex or "") if latex is None else latex
    chain = translate_chain(text, notation, indexed=faithful_terms.indexed(claim), lengths=faithful_terms.lengths(claim),
                            implicit=faithful_terms.implicit(claim, claim.latex or ""), random=faithful_terms.random(claim))
    declared = faithful_terms.declared(claim)
    terms = []
    for k, t in enumerate(chain.terms, start=1):
        if not t.ok or t.text is None:
            problem = t.problems[0] if t.problems else "it has no translation"
            terms.append(Term(k, None, "unread", (("problem", problem),)))
            continue
        stray = [n for n in t.free_names if n not in declared]
        if stray:
            terms.append(Term(k, None, "undeclared", (("names", ", ".join(stray)),)))
        else:
            terms.append(Term(k, t.text))
    return tuple(terms), tuple(chain.rels), chain.problems[0] if chain.problems else ""


# ---------------------------------------------------------------------------
# The comparison
# ---------------------------------------------------------------------------


@dataclass
class _Comparer:
    """The comparisons of one claim, each made at most once."""

    claim: Claim
    decide: Decide
    done: dict[tuple[str, str], ClaimResult] = field(default_factory=dict)
    proved: int = 0

    def derived(self, text: str, tag: str) -> Claim:
        c = self.claim
        return Claim(
            id=f"{c.id}-latex-{tag}", title=c.title, loc=c.loc, symbols=c.symbols, random=c.random, where=c.where,
            assume=c.assume, claim=Text(text, c.loc, inline=False), document=c.document,
        )

    def same(self, mine: str, theirs: str) -> ClaimResult:
        """Whether the claim's term ``mine`` equals the latex's term ``theirs`` on the claim's domain."""
        key = (mine, theirs)
        if key not in self.done:
            derived = self.derived(f"({mine}) == ({theirs})", str(len(self.done) + 1))
            if "".join(mine.split()) == "".join(theirs.split()):
                # The same text is the same expression (the claim's own term, which was built):
                # equal as written, with nothing for the engine to do.
                self.done[key] = ClaimResult.for_claim(derived, Verdict.PROVED, proof="same text")
            else:
                self.done[key] = self.decide(derived)
            self.proved += self.done[key].verdict is Verdict.PROVED
        return self.done[key]

    def statement(self, text: str) -> ClaimResult:
        return self.decide(self.derived(text, "statement"))


def _side(chain: Chain, k: int) -> str:
    """How the check names the claim's term ``k`` (0-based): a side of a ``claim:``, an item of a chain."""
    if len(chain.terms) == 2 and len(chain.rels) == 1:
        return "left side" if k == 0 else "right side"
    return f"item {k + 1}"


#: The engine's words when the two terms compared have different shapes (a matrix and a
#: number, a 2×2 and a 1×1): no point is needed, they are never equal.
SHAPES_DIFFER = ("cannot compare a matrix with a number", "the sides have different shapes")


def _undecided(r: ClaimResult, side: str, latex_term: int) -> LatexCheck:
    if r.verdict is Verdict.INVALID:
        error = " ".join((r.detail or r.error or "").split())
        if error.startswith(SHAPES_DIFFER):
            return LatexCheck("mismatch", "shape", (("side", side), ("latex_term", str(latex_term)), ("error", error)), latex_term=latex_term)
        return LatexCheck("unchecked", "not-built", (("side", side), ("latex_term", str(latex_term)), ("error", error)))
    if r.verdict is Verdict.TIMEOUT:
        raise _OutOfEffort
    return LatexCheck("unchecked", "undecided", (("side", side), ("latex_term", str(latex_term))))


def _refuted(reason: str, r: ClaimResult, side: str, k: int, latex_term: int, extra: Sequence[tuple[str, str]] = ()) -> LatexCheck:
    return LatexCheck(
        "mismatch", reason, (("side", side), ("latex_term", str(latex_term)), *extra), term=k + 1, latex_term=latex_term,
        point=pairs(r.witness), claim_value=r.lhs_value, latex_value=r.rhs_value,
    )


#: The reasons an unchecked latex may owe to its prose: it could not be read, names what the claim does not, or not as parts.
PROSE_MAY_EXPLAIN = frozenset({"unread", "undeclared", "connective", "part-count", "not-one-relation", "few-terms"})


def compare(claim: Claim, notation: Notation, decide: Decide) -> LatexCheck:
    """Compare a claim with its latex (see the module's docstring for the rule)."""
    found = _compare(claim, notation, decide)
    if found.status == "unchecked" and found.reason in PROSE_MAY_EXPLAIN and statement_parts.leading_condition(claim.latex or "") is None:
        words = statement_parts.prose(claim.latex or "", lambda key: notation.lookup(key) is not None)
        if words is not None:
            return LatexCheck("unchecked", "prose", (("words", words),))
    return found


def _compare(claim: Claim, notation: Notation, decide: Decide) -> LatexCheck:
    chain, comparer = claim_chain(claim), _Comparer(claim, decide)
    if chain is None:
        return compare_parts(claim, notation, comparer)
    lead = statement_parts.leading_condition(claim.latex or "")
    if lead is not None:
        return _compare_conditional(claim, chain, notation, comparer, *lead)
    cut = statement_parts.trailing_condition(claim.latex or "")
    if cut is None:
        return _compare_terms(chain, *latex_terms(claim, notation), comparer)
    terms, rels, problem = latex_terms(claim, notation, cut[1])
    texts = [t.text for t in terms if t.text is not None]
    # a != b as (a - b)**2 > 0, which the engine proves from a domain such as "nonzero", and implies a != b.
    stated = f"(({texts[0]}) - ({texts[1]}))**2 > 0" if rels[:1] == ("!=",) else f"({texts[0]}) {rels[0]} ({texts[1]})"
    held = comparer.statement(stated) if len(texts) == 2 == len(terms) and not problem else None
    if held is None or held.verdict is not Verdict.PROVED:
        return LatexCheck("unchecked", "condition", (("condition", cut[1]),))
    found = _compare_terms(chain, *latex_terms(claim, notation, cut[0]), comparer)
    return replace(found, args=(*found.args, ("condition", cut[1])))


def compare_parts(claim: Claim, notation: Notation, comparer: _Comparer) -> LatexCheck:
    """A claim ``And``/``iff``/``implies`` of relations, compared part by part (see the module's docstring)."""
    split = statement_parts.claim_parts(claim.claim.value) if claim.claim is not None and not claim.steps else None
    chains = [relation_chain(p) for p in split[1]] if split else []
    if split is None or any(c is None for c in chains):
        return LatexCheck("unchecked", "not-one-relation")
    connective, cut = split[0], statement_parts.latex_parts(claim.latex or "")
    if cut is None and connective == "and":
        terms, rels, problem = latex_terms(claim, notation)
        if problem or len(terms) < 2:
            return LatexCheck("unchecked", "unread", (("problem", problem or "it has no relation"),))
        shown = [(tuple(replace(t, index=i) for i, t in enumerate(terms[k:k + 2], start=1)), rels[k:k + 1], "") for k in range(len(rels))]
    elif cut is None or cut[0] != connective:
        return LatexCheck("unchecked", "connective", (("connective", connective),))
    else:
        shown = [latex_terms(claim, notation, piece) for piece in cut[1]]
    if len(shown) != len(chains):
        count = LatexCheck("unchecked", "part-count", (("connective", connective), ("mine", str(len(chains))), ("theirs", str(len(shown)))))
        if connective == "and" and len(shown) < len(chains):
            return _stated_parts([c for c in chains if c is not None], shown, comparer, count)
        return count
    found = [_compare_terms(c, t, r, problem, comparer) for c, (t, r, problem) in zip(chains, shown, strict=True) if c is not None]
    for k, f in sorted(enumerate(found, start=1), key=lambda kf: kf[1].status != "mismatch"):  # a mismatch first
        if f.status == "mismatch" and cut is None:
            return _grouped(claim, shown, comparer, replace(f, args=(*f.args, ("part", f"{k} of {len(found)}"))))
        if f.status != "faithful":
            return replace(f, args=(*f.args, ("part", f"{k} of {len(found)}")))
    return LatexCheck("faithful", compared=comparer.proved)


def _grouped(claim: Claim, shown: list[tuple[tuple[Term, ...], tuple[str, ...], str]], comparer: _Comparer, mismatch: LatexCheck) -> LatexCheck:
    """A part's mismatch with a chain's link, kept only when the two statements differ as wholes.

    Pairing the claim's parts with the chain's links in order is a reading, not the
    document's grouping: ``And(h1 == 1, h2 == 1)`` says what ``h_1 = h_2 = 1`` says, part
    for link different. So the claim is compared with the links' ``And``: refuted, the
    mismatch stands; else it is unchecked (two statements true everywhere agree at every
    point whatever they say, so agreeing is no proof of faithfulness).
    """
    links = [f"({t[0].text}) {r[0]} ({t[1].text})" for t, r, _ in shown if len(t) == 2 and t[0].text and t[1].text and len(r) == 1]
    if claim.claim is not None and len(links) == len(shown):
        same = comparer.statement(f"iff({claim.claim.value}, And({', '.join(links)}))")
        if same.verdict is Verdict.REFUTED:
            return mismatch
    return LatexCheck("unchecked", "grouped", (("part", mismatch.arg("part")),))


def _stated_parts(chains: list[Chain], shown: list[tuple[tuple[Term, ...], tuple[str, ...], str]], comparer: _Comparer,
                  count: LatexCheck) -> LatexCheck:
    """An ``And`` of more parts than its latex states: which of them, in order, the latex's parts are.

    Each latex part is the first claim part after the last one matched that it is faithful
    to. When one is none of them, ``count`` (or, when it cannot be read, why) is the finding:
    which part it stands for is not known, so no part is said to differ from it.
    """
    stated: list[int] = []
    for terms, rels, problem in shown:
        first: LatexCheck | None = None
        for k in range(stated[-1] + 1 if stated else 0, len(chains)):
            found = _compare_terms(chains[k], terms, rels, problem, comparer)
            first = first or found
            if found.status == "faithful":
                stated.append(k)
                break
        else:
            return first if first is not None and first.status == "unchecked" and first.reason in ("unread", "undeclared", "few-terms") else count
    unstated = [k for k in range(len(chains)) if k not in stated]
    args = (("stated", ", ".join(str(k + 1) for k in stated)), ("unstated", ", ".join(str(k + 1) for k in unstated)), ("mine", str(len(chains))))
    return LatexCheck("partial", "parts-stated", args, compared=comparer.proved)


def _compare_conditional(claim: Claim, chain: Chain, notation: Notation, comparer: _Comparer, condition: str, relation: str) -> LatexCheck:
    """A latex ``\\text{if } P \\text{ then } Q``: ``P`` is compared with the claim's one ``assume``, ``Q`` with the claim.

    The condition is compared on the claim's domain without the assumption (under it,
    ``x^2 = 1`` and ``x = 1`` would have equal sides); the relation under it, as the claim speaks.
    """
    assumed = relation_chain(claim.assume[0].value) if len(claim.assume) == 1 else None
    if assumed is None:
        return LatexCheck("unchecked", "assumption", (("condition", condition),))
    plain = _Comparer(replace(claim, assume=()), comparer.decide)
    found = [_compare_terms(assumed, *latex_terms(claim, notation, condition), plain), _compare_terms(chain, *latex_terms(claim, notation, relation), comparer)]
    for f in sorted(found, key=lambda f: f.status != "mismatch"):  # a mismatch first
        if f.status != "faithful":
            return replace(f, args=(*f.args, ("in", "condition")) if f is found[0] else f.args)
    return LatexCheck("faithful", args=(("assumed", condition),), compared=plain.proved + comparer.proved)


def _compare_terms(chain: Chain, terms: tuple[Term, ...], rels: tuple[str, ...], problem: str, comparer: _Comparer) -> LatexCheck:
    """The claim's chain against the latex's terms (its whole display, or one part of it)."""
    if problem and len(terms) < 2:
        return LatexCheck("unchecked", "unread", (("problem", problem),))
    usable = [t for t in terms if t.text is not None]
    if len(usable) < 2:
        skipped = [t for t in terms if t.text is None]
        if problem:
            return LatexCheck("unchecked", "unread", (("problem", problem),))
        if skipped and skipped[0].reason:
            return LatexCheck("unchecked", skipped[0].reason, skipped[0].args)
        return LatexCheck("unchecked", "few-terms", (("why", "the latex is one expression"),))
    if problem:
        return LatexCheck("unchecked", "unread", (("problem", problem),))
    forward = Display(terms, rels)
    found = _align(chain, forward, comparer)
    if found.status != "faithful" and not _proved_start(found) and not _an_end_matches(chain, forward, comparer):
        # Read backwards only when no end of the claim matched the latex read forwards.
        other = _align(chain, forward.reversed(), comparer)
        if other.status == "faithful" or _proved_start(other):
            found = _renumbered(other, len(terms))
    if found.status == "mismatch" and found.reason == "term" and len(chain.terms) == 2:
        # The sides are not the latex's, read either way: the statements may still agree.
        found = _differences(chain, forward, comparer, found)
    return found


def _an_end_matches(chain: Chain, shown: Display, cmp: _Comparer) -> bool:
    """Whether the claim's last term was proved equal to the latex's last (read forwards)."""
    last = [t for t in shown.terms if t.text is not None][-1]
    result = cmp.done.get((chain.terms[-1], last.text or ""))
    if result is None:
        result = cmp.same(chain.terms[-1], last.text or "")
    return result.verdict is Verdict.PROVED


def _proved_start(found: LatexCheck) -> bool:
    """Whether the claim's first term matched (the reading's direction is then the right one)."""
    return found.status == "faithful" or found.term > 1 or (found.status == "mismatch" and found.reason in ("relation", "reversed"))


def _renumbered(found: LatexCheck, n: int) -> LatexCheck:
    """A check made on the latex read backwards, with its terms numbered as the display has them."""
    latex_term = n + 1 - found.latex_term if found.latex_term else 0
    args = tuple((k, str(n + 1 - int(v)) if k == "latex_term" and v.isdigit() else v) for k, v in found.args)
    return replace(found, latex_term=latex_term, args=args, skipped=tuple(sorted(n + 1 - k for k in found.skipped)))


def _align(chain: Chain, shown: Display, cmp: _Comparer) -> LatexCheck:
    positions = [p for p, t in enumerate(shown.terms) if t.text is not None]
    first, last = positions[0], positions[-1]
    skipped = tuple(sorted(t.index for t in shown.terms if t.text is None))
    mine = chain.terms
    matches: list[tuple[int, int]] = []  # (claim term, display position)
    for k, p in ((0, first), (len(mine) - 1, last)):
        r = cmp.same(mine[k], shown.terms[p].text or "")
        if r.verdict is Verdict.PROVED:
            matches.append((k, p))
            continue
        side = _side(chain, k)
        index = shown.terms[p].index
        if r.verdict is not Verdict.REFUTED:
            return _undecided(r, side, index)
        # A skipped term beyond this end could be the one the claim's term stands for.
        beyond = [t for t in (shown.terms[:p] if k == 0 else shown.terms[p + 1:]) if t.text is None]
        if beyond:
            return LatexCheck("unchecked", beyond[0].reason, beyond[0].args, skipped=skipped)
        return replace(_refuted("term", r, side, k, index), skipped=skipped)
    if len(mine) > 2:
        inner = _inner(chain, shown, positions[1:-1], cmp, skipped)
        if isinstance(inner, LatexCheck):
            return inner
        matches = [matches[0], *inner, matches[1]]
    elif len(positions) > 2:
        skipped = tuple(sorted({*skipped, *(shown.terms[p].index for p in positions[1:-1])}))
    return _relations(chain, shown, matches, cmp, skipped)


def _inner(chain: Chain, shown: Display, inner: list[int], cmp: _Comparer, skipped: tuple[int, ...]) -> list[tuple[int, int]] | LatexCheck:
    """Each comparable inner term of the latex matched to an item of the claim, in order."""
    matches: list[tuple[int, int]] = []
    k = 1
    last_item = len(chain.terms) - 1
    for p in inner:
        term = shown.terms[p]
        text = term.text or ""
        found = None
        refutation = None
        open_question = None
        for j in range(k, last_item):
            r = cmp.same(chain.terms[j], text)
            if r.verdict is Verdict.PROVED:
                found = j
                break
            if r.verdict is Verdict.REFUTED:
                refutation = refutation or (j, r)
            else:
                open_question = open_question or (j, r)
        if found is not None:
            matches.append((found, p))
            k = found + 1
            continue
        if open_question is not None:
            j, r = open_question
            return replace(_undecided(r, _side(chain, j), term.index), skipped=skipped)
        if refutation is None:
            # No item of the claim is left for it: the claim leaves this term of the display out.
            return LatexCheck("mismatch", "unmatched", (("side", f"items {k} to {last_item + 1}"), ("latex_term", str(term.index))),
                              latex_term=term.index, skipped=skipped)
        j, r = refutation
        return replace(_refuted("unmatched", r, _side(chain, j), j, term.index), skipped=skipped)
    return matches


def _relations(chain: Chain, shown: Display, matches: list[tuple[int, int]], cmp: _Comparer, skipped: tuple[int, ...]) -> LatexCheck:
    """The claim's relation between each two matched items against the latex's between their terms."""
    for (k0, p0), (k1, p1) in zip(matches, matches[1:], strict=False):
        mine = composed(chain.rels[k0:k1])
        theirs = shown.between(p0, p1)
        if mine is None or theirs is None:
            which = (shown.terms[p0].index, shown.terms[p1].index)
            return LatexCheck("unchecked", "mixed", (("first", str(min(which))), ("last", str(max(which)))), skipped=skipped)
        if mine == theirs:
            continue
        side = f"items {k0 + 1} and {k1 + 1}" if len(chain.terms) > 2 else "sides"
        args = (("side", side), ("claim_rel", mine), ("latex_rel", theirs))
        if statement_parts.direction(mine) == statement_parts.direction(theirs):
            # Only the strictness differs: the same terms, so the statements are compared.
            same = cmp.statement(f"iff(({chain.terms[k0]}) {mine} ({chain.terms[k1]}), ({chain.terms[k0]}) {theirs} ({chain.terms[k1]}))")
            if same.verdict is Verdict.PROVED:
                continue
            if same.verdict is not Verdict.REFUTED:
                return LatexCheck("unchecked", "strictness", args, skipped=skipped)
            return LatexCheck("mismatch", "relation", args, term=k0 + 1, point=pairs(same.witness), skipped=skipped)
        witness = cmp.statement(f"iff(({chain.terms[k0]}) {mine} ({chain.terms[k1]}), ({chain.terms[k0]}) {theirs} ({chain.terms[k1]}))")
        point = pairs(witness.witness) if witness.verdict is Verdict.REFUTED else ()
        return LatexCheck("mismatch", "relation", args, term=k0 + 1, point=point, skipped=skipped)
    return LatexCheck("faithful", compared=cmp.proved, skipped=skipped)


def _differences(chain: Chain, shown: Display, cmp: _Comparer, side_refuted: LatexCheck) -> LatexCheck:
    """A ``claim:`` whose sides are not the latex's: do its sides' difference and the latex's agree up to a constant?

    ``side_refuted`` is the mismatch of a side, reported when they do not.
    """
    positions = [p for p, t in enumerate(shown.terms) if t.text is not None]
    first, last = positions[0], positions[-1]
    skipped = side_refuted.skipped
    mine_rel = chain.rels[0]
    theirs_rel = shown.between(first, last)
    if theirs_rel is None:
        return LatexCheck("unchecked", "mixed", (("first", str(shown.terms[first].index)), ("last", str(shown.terms[last].index))), skipped=skipped)
    mine, mine_op = positive_part(chain.terms[0], mine_rel, chain.terms[1])
    theirs, theirs_op = positive_part(shown.terms[first].text or "", theirs_rel, shown.terms[last].text or "")
    if statement_parts.direction(mine_op) != statement_parts.direction(theirs_op) and {mine_op, theirs_op} != {"==", "!="}:
        return side_refuted
    # The rule is about equations, not identities: two identities have differences that are
    # both zero, so proportional, whatever they say. So the latex's difference must be shown
    # to be nonzero somewhere first; for an identity only the sides' own comparison counts.
    nonzero = cmp.same(theirs, f"0*({theirs})")  # a zero of its shape (a number, or a matrix)
    if nonzero.verdict is Verdict.PROVED:
        return side_refuted
    if nonzero.verdict is not Verdict.REFUTED:
        return replace(_undecided(nonzero, "left minus right side", shown.terms[first].index), skipped=skipped)
    r = cmp.same(mine, theirs)
    if r.verdict is Verdict.PROVED:
        return _agreeing(mine_op, theirs_op, 1, cmp, skipped, chain)
    if r.verdict is not Verdict.REFUTED:
        return replace(_undecided(r, "left minus right side", shown.terms[first].index), skipped=skipped)
    factor = simple_ratio(r.lhs_value, r.rhs_value)
    if factor is None:
        # The differences differ where the latex's is zero (no constant maps it onto the claim's),
        # or their ratio there is no simple rational: the factor of the rule is one.
        return side_refuted
    if factor == 0:
        return side_refuted
    scaled = cmp.same(mine, f"({factor})*({theirs})")
    if scaled.verdict is Verdict.PROVED:
        return _agreeing(mine_op, theirs_op, factor, cmp, skipped, chain)
    if scaled.verdict is Verdict.REFUTED:
        return side_refuted
    return LatexCheck("unchecked", "undecided", (("side", "left minus right side"), ("latex_term", str(shown.terms[first].index))), skipped=skipped)


def _agreeing(mine_op: str, theirs_op: str, factor: Fraction | int, cmp: _Comparer, skipped: tuple[int, ...], chain: Chain) -> LatexCheck:
    """Differences proved proportional: the same statement when the relations agree under the factor's sign."""
    expected = theirs_op if factor > 0 or theirs_op in ("==", "!=") else {">": "<", ">=": "<="}[theirs_op]
    if factor < 0 and theirs_op not in ("==", "!="):
        # P_claim = c * P_latex with c < 0: one inequality is the other reversed.
        return LatexCheck("mismatch", "reversed", (("claim_rel", mine_op), ("latex_rel", theirs_op)), skipped=skipped)
    if mine_op != expected:
        args = (("side", "sides"), ("claim_rel", chain.rels[0]), ("latex_rel", theirs_op))
        if statement_parts.direction(mine_op) == statement_parts.direction(expected):
            return LatexCheck("unchecked", "strictness", args, skipped=skipped)
        return LatexCheck("mismatch", "relation", args, skipped=skipped)
    told = (("factor", str(factor)),) if factor != 1 else ()
    return LatexCheck("faithful", args=told, compared=cmp.proved, skipped=skipped)


__all__ = ["FIRST_POINTS", "LATEX_BUDGET", "MOST_COMPARISONS", "SECOND_POINTS", "check", "claim_chain", "compare", "composed", "notation_of"]
