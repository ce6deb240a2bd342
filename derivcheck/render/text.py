"""Plain-text pieces every human-facing view shares: terminal, ``explain``, HTML, Markdown.

Nothing here depends on rich or on any output syntax: each function returns a
string that a renderer then styles, escapes or lays out its own way. So the
HTML page and the Markdown summary use the same words as the terminal
without importing it.
"""

from __future__ import annotations

from typing import Sequence

from derivcheck.model import LinkResult, Verdict

#: How each relation of a chain reads between two of its lines.
REL_SIGN = {"==": "=", "!=": "≠", "<": "<", "<=": "≤", ">": ">", ">=": "≥"}


def link_name(link: LinkResult) -> str:
    """``(1) = (2)``: the two lines of the chain a link joins, by their numbers."""
    return f"({link.index}) {REL_SIGN.get(link.relation, link.relation)} ({link.index + 1})"


def first_broken(links: Sequence[LinkResult]) -> LinkResult | None:
    """The first refuted link of a chain (the one whose witness the claim carries)."""
    return next((link for link in links if link.verdict is Verdict.REFUTED), None)


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
