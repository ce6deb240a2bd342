"""Where a finding points: one rule for every format (terminal, concise, github, SARIF, JUnit, pytest).

Kept apart from :mod:`derivcheck.render.formats` so that the terminal view,
which needs only this, does not import the machine formats.
"""

from __future__ import annotations

from dataclasses import dataclass

from derivcheck.evidence import Invalid
from derivcheck.model import ClaimResult, Verdict

__all__ = ["Place", "finding_line", "finding_place"]


@dataclass(frozen=True)
class Place:
    """Where a finding points: a line, and a column when one is known.

    A chain's link is known by its line only; ``col`` is then None (SARIF
    marks the whole line, the line:col formats say column 1).
    """

    line: int
    col: int | None = None


def finding_place(r: ClaimResult) -> Place:
    """The one place every format gives a result, so that they all agree.

    An error points at its own line and column (an undeclared name in the
    claim's expression, not the claim's first line); a chain that did not
    pass at the link that broke (the first refuted one, else the first not
    proved); anything else at the claim.
    """
    if isinstance(r.evidence, Invalid) and r.evidence.line:
        return Place(r.evidence.line, r.evidence.col)
    if not r.passed and r.steps:
        broken = next((link for link in r.steps if link.verdict is Verdict.REFUTED), None)
        link = broken if r.verdict is Verdict.REFUTED and broken is not None else r.failing_link
        if link is not None and link.line is not None:
            return Place(link.line)
    return Place(r.line, r.col)


def finding_line(r: ClaimResult) -> int:
    """The line of :func:`finding_place`."""
    return finding_place(r).line
