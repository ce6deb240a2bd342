"""The words every machine format says about a result: one line, a few lines, the counts.

The concise lines, JUnit, GitHub annotations, SARIF, the Markdown summary and
the pytest plugin all say the same thing about a result; they take it from
here. This module sits below :mod:`derivcheck.render.formats` and
:mod:`derivcheck.render.markdown`, which both import it.
"""

from __future__ import annotations

from derivcheck.evidence import Invalid
from derivcheck.model import ClaimResult, Verdict
from derivcheck.render.text import case_words
from derivcheck.summary import Summary
from derivcheck.wording import latex_check, near_miss, witness


def message(r: ClaimResult) -> str:
    """A one-line explanation of a result."""
    if isinstance(r.evidence, Invalid):
        text = r.evidence.message  # the place is the finding's own, given beside it
    elif r.error:
        text = r.error
    elif r.verdict.value == "proved":
        text = f"proved by {r.proof}" if r.passed else f"proved ({r.proof}), but marked expect: refuted"
    elif r.verdict.value == "refuted":
        where = witness(r.witness, empty="")
        text = f"refuted at {where}" if where else "refuted"
        if r.case:
            # The witness holds in one case of an enumerated claim: say which.
            text += f" {case_words(r.case)}"
        if r.passed:
            text += " (expected)"
    else:
        text = r.detail or r.verdict.value
    if r.unfaithful and r.latex_check is not None:
        # A failure of its own kind: said after the verdict, which stays visible.
        text += f"; {latex_check(r.latex_check)}"
    return " ".join(text.split())


def explanation(r: ClaimResult) -> str:
    """A few lines about a result: its verdict and :func:`message`, the detail, the near miss."""
    first = message(r)
    if not first.startswith(r.verdict.value):
        first = f"{r.verdict.value}: {first}"
    lines = [first]
    detail = " ".join(r.detail.split())
    # The detail of a proof or an invalid claim only repeats the message.
    if detail and not r.error and r.verdict is not Verdict.PROVED and detail not in first:
        lines.append(detail)
    if r.near_miss is not None:
        lines.append(f"near miss: {near_miss(r.near_miss)}")
    elif r.diagnosis:
        lines.append(f"near miss: {r.diagnosis}")
    return "\n".join(lines)


def counts_line(s: Summary) -> str:
    """The summary as one plain line."""
    return (
        f"{s.total} claims: {s.proved} proved, {s.refuted} refuted, {s.undecided} undecided, "
        f"{s.invalid} invalid, {s.timeout} timeout; {s.passed} passed, {s.failed} failed"
        + (f", {s.skipped} skipped" if s.skipped else "")
        + (f"; {s.verdict_words}" if s.missed and not s.failed else "")
    )
