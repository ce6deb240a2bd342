"""Every sentence a reader sees about a finding, made from the finding's data.

The engine records findings as :mod:`derivcheck.evidence` objects; the
report's ``detail`` and ``diagnosis`` fields, and what the terminal, HTML,
Markdown and CI formats say about a proof, a counterexample or a near miss,
are all worded here. A renderer that needs a part of a finding (the witness,
both sides' values, the case) reads the field, never the sentence.
"""

from __future__ import annotations

from typing import Mapping

from derivcheck.evidence import (
    BrokenChain,
    Cases,  # noqa: F401  (the doctests build one)
    Evidence,
    Invalid,
    LatexCheck,
    NearMiss,
    OutOfBudget,
    Pairs,
    PendingChain,
    Proof,
    Refutation,
    RelationAt,
    Undecided,
    Withheld,
)
from derivcheck.settings import SETTINGS

#: Why a refutation found on the built statement is not reported.
UNWRITTEN = "the claim as written has no value there (building it had simplified a division or a log away)"

#: The sentence of each reason a check is left undecided (``{name}`` is an argument).
UNDECIDED: dict[str, str] = {
    "no-case": "no case satisfies the conditions under assume: nothing to check",
    "integral": "an integral (or an expectation) could not be evaluated",
    "stray": "'{name}' is {what}: there is nothing to test it at",
    "no-value": "a side is a limit or an integral that has no value for some values of the unknowns; "
    "where it has none the relation is false, but no such point was confirmed",
    "unwritten-sides": "the sides are {lhs} and {rhs}, but " + UNWRITTEN,
    "unwritten-false": "false by exact evaluation, but " + UNWRITTEN,
    "closed": "the relation has {what}: {lhs} vs {rhs}",
    "excluded": "none of the {tried} test points satisfies the conditions under assume "
    "(they may be impossible together), and no proof was found",
    "not-numeric": "no proof found, and it cannot be tested numerically ({error})",
    "agreed": "no proof found; {agreed} test points agreed to {digits} digits{skipped}",
    "nested": "the expression is too deeply nested for the engine",
    "statement-stray": "the statement has an unknown without a domain",
    "statement-held": "no proof found; the statement held at {agreed} test points",
}

#: The words of each near miss (``{name}`` is a parameter of the diagnosis).
NEAR_MISSES: dict[str, str] = {
    "sign": "the sides differ by a sign: the left side is minus the right side",
    "transposed": "holds with one side transposed",
    "transposed-factor": "holds with {matrix} replaced by its transpose {matrix}.T on the {side} side",
    "negated-variable": "holds with {variable} replaced by -{variable} on one side",
    "swapped-variables": "holds with {first} and {second} swapped on one side",
    "factor": "off by a constant factor: the left side is {factor} times the right side",
    "size-factor": "off by a factor that depends on {size}: the left side is {factor} times the right side, for each listed {size}",
    "offset": "off by a constant: the left side is the right side {words}",
    "monomial-factor": "off by a factor: the left side is {factor} times the right side",
    "isolated-point": "holds everywhere except at {variable} = {value} (a convention at one point, such as H(0) = 1/2?)",
    "sub-domain": "holds for {variable} {side}, but not on the whole declared domain",
    "strictness": "holds as a non-strict inequality ({relation}): the sides are equal somewhere",
    "reversed": "the inequality holds the other way round ({relation})",
    "difference": "the sides differ by {difference} (left minus right)",
}


#: The words of each reason of a latex check (``{name}`` is an argument of the check).
LATEX_REASONS: dict[str, str] = {
    # unchecked: the comparison cannot be made, or was not decided
    "unread": "the latex could not be translated: {problem}",
    "undeclared": "the latex names {names}, which the claim does not declare",
    "few-terms": "fewer than two of the latex's terms can be compared ({why})",
    "not-one-relation": "the claim is not one relation, a chain of them, or relations joined by And, iff or implies",
    "mixed": "the latex's relations from its term {first} to its term {last} do not compose",
    "strictness": "the claim's relation is {claim_rel} and the latex's is {latex_rel}: one is strict, the other not",
    "undecided": "whether the claim's {side} equals the latex's term {latex_term} was left undecided",
    "not-built": "the comparison of the claim's {side} with the latex's term {latex_term} cannot be built: {error}",
    "budget": "the comparison stopped after {count} comparisons, its effort budget",
    "connective": "the claim's relations are joined by {connective}, the latex's not (or not only)",
    "part-count": "the claim has {mine} parts joined by {connective}, the latex {theirs}",
    "condition": "the latex's condition {condition} is not shown to hold on the claim's domain",
    "assumption": "the latex's condition {condition} is not compared: the claim's assume is not one relation",
    "grouped": "the claim's parts, read against the latex's links in order, differ, but the two statements are not shown to differ as wholes",
    "prose": "the latex says it in words ('{words}'): prose, with no statement to compare",
    # partial: the latex states some of the claim's parts, not all
    "parts-stated": "of the claim's {mine} parts it states {stated} (each proved to say the same), and not {unstated}",
    # mismatch: the kernel found the terms different
    "term": "the claim's {side} is not the latex's term {latex_term}",
    "unmatched": "the claim's {side} is none of the latex's terms (compared with the latex's term {latex_term})",
    "relation": "the claim relates its {side} by {claim_rel}, the latex by {latex_rel}",
    "reversed": "the inequality runs the other way: the latex's {latex_rel} read the claim's way is {claim_rel} reversed",
    "shape": "the claim's {side} and the latex's term {latex_term} are of different shapes ({error})",
}

#: The first words of a latex check's sentence, by its status.
LATEX_STATUS: dict[str, str] = {
    "faithful": "the claim says what its latex says",
    "mismatch": "the claim does not say what its latex says",
    "unchecked": "the latex was not checked against the claim",
    "partial": "the latex states only some of the claim's parts",
}


def latex_check(check: LatexCheck) -> str:
    """A latex check in one sentence.

    >>> latex_check(LatexCheck("mismatch", "term", (("side", "left side"), ("latex_term", "1")), 1, 1, (("y", "1"),), "0", "-1"))
    "the claim does not say what its latex says: the claim's left side is not the latex's term 1; at y = 1 the claim's term is 0 and the latex's is -1"
    >>> latex_check(LatexCheck("faithful", compared=2, skipped=(1,)))
    "the claim says what its latex says: 2 pairs of terms proved equal; the latex's term 1 was not compared"
    """
    head = LATEX_STATUS.get(check.status, check.status)
    parts = []
    if check.status == "faithful":
        pairs_ = "pair" if check.compared == 1 else "pairs"
        parts.append(f"{check.compared} {pairs_} of terms proved equal")
        if check.arg("factor"):
            parts.append(f"the differences of the sides agree up to the factor {check.arg('factor')}")
    elif check.reason:
        template = LATEX_REASONS.get(check.reason, check.reason)
        try:
            parts.append(template.format(**dict(check.args)))
        except KeyError:  # a check read from an older report: its reason, unworded
            parts.append(check.reason)
    if check.arg("condition") and check.reason != "condition":
        parts.append(f"under the latex's condition {check.arg('condition')}, which holds on the claim's domain")
    if check.arg("assumed"):
        parts.append(f"with the latex's condition {check.arg('assumed')} as the claim's assume")
    if check.arg("in"):
        parts.append(f"in the latex's {check.arg('in')}, compared with the claim's assume")
    if check.arg("part"):
        parts.append(f"in part {check.arg('part')}")
    if check.point and check.claim_value is None:
        parts.append(f"at {witness(check.point)} one of the two statements holds and the other does not")
    elif check.point or check.claim_value is not None:
        at = f"at {witness(check.point)} " if check.point else ""
        parts.append(f"{at}the claim's term is {check.claim_value} and the latex's is {check.latex_value}")
    if check.skipped and check.status != "unchecked":
        terms = ", ".join(str(k) for k in check.skipped)
        verb = "was" if len(check.skipped) == 1 else "were"
        parts.append(f"the latex's term{'s' if len(check.skipped) != 1 else ''} {terms} {verb} not compared")
    return head + (": " + "; ".join(parts) if parts else "")


def witness(point: Pairs | Mapping[str, str] | None, empty: str = "the given values") -> str:
    """A point as people read it: ``a = 1, y = 0`` (``empty`` when it names nothing).

    >>> witness((("a", "1"), ("y", "0")))
    'a = 1, y = 0'
    """
    items = point.items() if isinstance(point, Mapping) else (point or ())
    return ", ".join(f"{k} = {v}" for k, v in items) or empty


def near_miss(found: NearMiss) -> str:
    """The words of a diagnosis.

    >>> near_miss(NearMiss("negated-variable", (("variable", "a"),)))
    'holds with a replaced by -a on one side'
    """
    template = NEAR_MISSES.get(found.name)
    if template is None:
        return found.param("words") or found.name
    return template.format(**dict(found.params))


def _case(case: str) -> str:
    return f" (case {case})" if case else ""


def _relations(seen: tuple[RelationAt, ...]) -> str:
    parts = [f"{r.lhs} {r.op} {r.rhs} is {'true' if r.holds else 'false'}" for r in seen]
    return "; there " + ", ".join(parts) if parts else ""


def _refutation(r: Refutation) -> str:
    why = f" ({r.reason})" if r.reason else ""
    if r.how == "closed":
        return f"the sides are {r.lhs} and {r.rhs}{why}"
    if r.how == "exact":
        return "false by exact evaluation" + (f" at {r.case}" if r.case else "")
    if r.how in ("statement", "region"):
        region = " (a region found by linear real arithmetic)" if r.how == "region" else ""
        return f"false at {witness(r.point)}{region}{_relations(r.relations)}"
    return f"at {witness(r.point)}: {r.lhs} vs {r.rhs}{why}"


def _undecided(u: Undecided) -> str:
    args = dict(u.args)
    if u.reason == "agreed":
        undefined = args.get("undefined", "0")
        args["skipped"] = f", {undefined} points where a side is undefined were skipped" if undefined != "0" else ""
        args.setdefault("digits", str(SETTINGS.screen_digits[0]))
    text = UNDECIDED[u.reason].format(**args)
    return text + "".join(f"; {withheld(w)}" for w in u.withheld)


def withheld(w: Withheld) -> str:
    """Why a value was not used, with the point the numbers were taken at.

    >>> withheld(Withheld("quadrature gives 1.0", point=(("a", "1"),)))
    'quadrature gives 1.0 at a = 1'
    >>> withheld(Withheld("the expression is 0.5", (("k", "1.0e-15"),), (("C", "1"),), " and has settled there"))
    'the expression is 0.5 at k = 1.0e-15 (C = 1) and has settled there'
    """
    where = witness(w.near, "")
    if w.point:
        where = f"{where} ({witness(w.point)})" if where else witness(w.point)
    return w.reason + (f" at {where}" if where else "") + w.then


def _cases(p: Proof) -> str:
    values = p.cases.values if p.cases else ()
    return "; ".join(f"{k} = {', '.join(vs)}" for k, vs in values) or "every case"


def _proof(p: Proof) -> str:
    by = ", ".join(p.strategies)
    if p.how == "same":
        return "both sides are the same expression"
    if p.how == "value":
        return f"both sides evaluate to {p.lhs}"
    if p.how == "values":
        return f"the sides are {p.lhs} and {p.rhs}"
    if p.how == "shown":
        return f"shown by {by}"
    if p.how == "screened":
        return f"shown by {by}; {p.agreed} test points agreed"
    if p.how == "true":
        return "true by exact evaluation"
    if p.how == "parts":
        return "every part is shown"
    if p.how == "linear":
        return "decided exactly by linear real arithmetic"
    if p.how == "cases":
        count = p.cases.count if p.cases else 0
        return f"proved in each of the {count} cases ({_cases(p)}) by {by}"
    if p.how == "links":
        return f"every one of the {p.links} links is shown"
    return f"proved by {by}"


def _chain_tail(c: BrokenChain) -> str:
    out = ""
    if c.others:
        rest = [str(i) for i in c.others]
        out += f"; link {rest[0]} is false too" if len(rest) == 1 else f"; links {', '.join(rest)} are false too"
    if c.ends == "proved":
        out += "; the first and last lines nevertheless agree: the errors cancel" if c.others else "; the final result is right, but a step on the way is wrong"
    elif c.ends == "refuted":
        out += "; the first and last lines disagree too"
    return out


def sentence(ev: Evidence | None) -> str:
    """The finding in one sentence: the report's ``detail``."""
    if ev is None:
        return ""
    if isinstance(ev, Refutation):
        return _refutation(ev) + _case(ev.case)
    if isinstance(ev, Undecided):
        return _undecided(ev) + _case(ev.case)
    if isinstance(ev, Proof):
        return _proof(ev)
    if isinstance(ev, BrokenChain):
        return f"link {ev.first} (step {ev.first} to step {ev.first + 1}) is false: {sentence(ev.refutation)}" + _chain_tail(ev)
    if isinstance(ev, PendingChain):
        return f"link {ev.link} is undecided: {sentence(ev.pending)}"
    if isinstance(ev, Invalid):
        return ev.message
    if isinstance(ev, OutOfBudget):
        return f"the engine ran out of its time budget of {ev.seconds:g} s"
    return ""


def refutation_residue(ev: Evidence | None) -> str:
    """What a refutation says besides its witness and both sides' values (shown on their own lines).

    The case is not among them: every view shows it on its own line.

    >>> refutation_residue(Refutation((("x", "1"),), "2", "3", case="n = 2"))
    ''
    >>> refutation_residue(BrokenChain(1, Refutation((("a", "1"),), "1", "2"), others=(2,)))
    'link 1 (step 1 to step 2) is false; link 2 is false too'
    """
    if isinstance(ev, BrokenChain):
        inner = refutation_residue(ev.refutation)
        head = f"link {ev.first} (step {ev.first} to step {ev.first + 1}) is false"
        return head + (f" {inner}" if inner else "") + _chain_tail(ev)
    if not isinstance(ev, Refutation):
        return ""
    parts = []
    if ev.reason and ev.how in ("screen", "closed"):
        parts.append(f"({ev.reason})")
    if ev.how == "exact":
        parts.append("false by exact evaluation")
    if ev.how == "region":
        parts.append("(a region found by linear real arithmetic)")
    relations = _relations(ev.relations)
    if relations:
        parts.append(relations.removeprefix("; "))
    return " ".join(parts)


def proof_covers(ev: Evidence | None) -> str:
    """What a proof's sentence adds to its strategies' names (shown beside them).

    >>> proof_covers(Proof(("cancel",), "cases", cases=Cases(2, (("n", ("2", "3")),))))
    'proved in each of the 2 cases (n = 2, 3)'
    >>> proof_covers(Proof(("cancel",), "shown"))
    ''
    """
    if not isinstance(ev, Proof) or ev.how in ("by", "shown"):
        return ""
    text = sentence(ev)
    return text.removesuffix(f" by {', '.join(ev.strategies)}") if ev.how == "cases" else text


__all__ = [
    "LATEX_REASONS",
    "LATEX_STATUS",
    "NEAR_MISSES",
    "UNDECIDED",
    "UNWRITTEN",
    "latex_check",
    "near_miss",
    "proof_covers",
    "refutation_residue",
    "sentence",
    "withheld",
    "witness",
]
