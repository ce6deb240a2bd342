"""Plain-text pieces every human-facing view shares: terminal, ``explain``, HTML, Markdown.

Nothing here depends on rich or on any output syntax: each function returns a
string that a renderer then styles, escapes or lays out its own way. So the
HTML page and the Markdown summary use the same words as the terminal
without importing it.
"""

from __future__ import annotations

from typing import Mapping, Sequence

from derivcheck.model import LinkResult, Verdict

#: How each relation of a chain reads between two of its lines.
REL_SIGN = {"==": "=", "!=": "≠", "<": "<", "<=": "≤", ">": ">", ">=": "≥"}


def link_name(link: LinkResult) -> str:
    """``(1) = (2)``: the two lines of the chain a link joins, by their numbers."""
    return f"({link.index}) {REL_SIGN.get(link.relation, link.relation)} ({link.index + 1})"


def first_broken(links: Sequence[LinkResult]) -> LinkResult | None:
    """The first refuted link of a chain (the one whose witness the claim carries)."""
    return next((link for link in links if link.verdict is Verdict.REFUTED), None)


def witness_text(witness: Mapping[str, str] | None) -> str:
    """``a = 1, b = 2``; ``(no unknowns)`` for a claim without symbols; empty without a witness."""
    if witness is None:
        return ""
    return ", ".join(f"{k} = {v}" for k, v in witness.items()) or "(no unknowns)"


def case_words(case: str) -> str:
    """How a view names the one case (a value of each size) a finding was taken from.

    >>> case_words("n = 2")
    'in the case n = 2'
    >>> case_words("")
    ''
    """
    return f"in the case {case}" if case else ""


def shown_for(case: str) -> str:
    """The caption of mathematics printed for one case of an enumerated claim.

    >>> shown_for("n = 2")
    '(shown for n = 2)'
    """
    return f"(shown for {case})" if case else ""


def proof_residue(detail: str, proof: str | None) -> str:
    """What a proof's ``detail`` adds to its strategy's name, shown beside it.

    >>> proof_residue("proved in each of the 2 cases (n = 2, 3) by cancel", "cancel")
    'proved in each of the 2 cases (n = 2, 3)'
    >>> proof_residue("shown by cancel", "cancel")
    ''
    """
    if not detail or detail in (f"proved by {proof}", f"shown by {proof}"):
        return ""
    return detail.removesuffix(f" by {proof}") if proof else detail


def refutation_residue(
    detail: str, witness: Mapping[str, str] | None, lhs: str | None, rhs: str | None, case: str = ""
) -> str:
    """A refutation's ``detail`` without the witness, values (and case, when given) shown beside it.

    The engine writes e.g. ``at a = 0, y = 0: 1/8 vs -1/8 (case n = 2)``; the
    view shows the witness and both sides on their own lines, so only what is
    left (``(case n = 2)``, a reason, a chain's "link 2 is false too") is kept.

    >>> refutation_residue("link 1 is false: at a = 1: 1 vs 2; link 2 is false too", {"a": "1"}, "1", "2")
    'link 1 is false; link 2 is false too'
    >>> refutation_residue("at a = 1: 1 vs 2", {"a": "1"}, "1", "2")
    ''
    >>> refutation_residue("at a = 1: 1 vs 2 (case n = 2)", {"a": "1"}, "1", "2", "n = 2")
    ''
    """
    where = ", ".join(f"{k} = {v}" for k, v in (witness or {}).items()) or "the given values"
    repeats = []
    if lhs is not None and rhs is not None:
        repeats += [f"at {where}: {lhs} vs {rhs}", f"the sides are {lhs} and {rhs}", f"{lhs} vs {rhs}"]
    repeats += [f"false at {where}", f"at {where}"]
    if case:
        repeats.append(f"(case {case})")
    for fragment in repeats:
        detail = detail.replace(f": {fragment}", "").replace(fragment, "")
    return " ".join(detail.split()).strip(" :;,")
