"""Line-oriented report formats for machines and CI: one small renderer each.

Every renderer takes the same results and summary and returns text; none of
them decides anything (pass/fail comes from :mod:`derivcheck.summary`).
"""

from __future__ import annotations

from typing import Callable, Sequence

from derivcheck.model import ClaimResult
from derivcheck.summary import Summary, fails


def message(r: ClaimResult) -> str:
    """A one-line explanation of a result."""
    if r.error:
        text = r.error.split(": ", 1)[-1] if r.error.startswith(r.file) else r.error
    elif r.verdict.value == "proved":
        text = f"proved by {r.proof}" if r.passed else f"proved ({r.proof}), but marked expect: refuted"
    elif r.verdict.value == "refuted":
        where = ", ".join(f"{k} = {v}" for k, v in (r.witness or {}).items())
        text = f"refuted at {where}" if where else "refuted"
        if r.passed:
            text += " (expected)"
    else:
        text = r.detail or r.verdict.value
    return " ".join(text.split())


def concise(results: Sequence[ClaimResult], summary: Summary, *, strict: bool = False, quiet: int = 0) -> str:
    """``file:line:col: id verdict message``, one line per claim (failures only with -q)."""
    lines = []
    for r in results:
        if quiet and not fails(r, strict):
            continue
        lines.append(f"{r.file}:{r.line}:{r.col}: {r.id or '-'} {r.verdict.value} {message(r)}")
    s = summary
    if quiet < 2:
        lines.append(
            f"{s.total} claims: {s.proved} proved, {s.refuted} refuted, {s.undecided} undecided, "
            f"{s.invalid} invalid, {s.timeout} timeout; {s.passed} passed, {s.failed} failed"
        )
    return "\n".join(lines) + "\n"


RENDERERS: dict[str, Callable[..., str]] = {
    "concise": concise,
}


def render(fmt: str, results: Sequence[ClaimResult], summary: Summary, *, strict: bool = False, quiet: int = 0) -> str:
    """Render ``results`` in the named format."""
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"the format {fmt!r} is not available yet") from None
    return renderer(results, summary, strict=strict, quiet=quiet)
