"""``--format markdown``: a summary for GitHub job summaries and pull-request comments.

The report is a heading that says whether the run passed, a table of counts,
a table of the claims that need attention (failures first), and the claims
that passed folded under ``<details>``, so that a long run stays short in a
comment. Mathematics is written as ``$...$`` from the claim's LaTeX, which
GitHub renders; a long formula, or a long value of a witness, is folded
under ``<details>`` so that the table stays readable, and mathematics
printed for one case of an enumerated claim says which.

Like every renderer this only formats: pass/fail comes from
:func:`derivcheck.summary.outcome`.
"""

from __future__ import annotations

from typing import Sequence

from derivcheck.version import __version__
from derivcheck.model import ClaimResult, Verdict
from derivcheck.render.messages import message
from derivcheck.render.place import finding_line
from derivcheck.render.text import case_words, shown_for
from derivcheck.summary import Outcome, Summary, outcome
from derivcheck.wording import latex_check, witness

#: The badge of a result, by how it counts (an error shows its verdict's own badge).
BADGE: dict[Outcome, str] = {
    Outcome.PASSED: "✅",
    Outcome.FAILED: "❌",
    Outcome.ERROR: "⛔",
    Outcome.SKIPPED: "❔",
}

#: A timeout is an error too, but a different one to the eye.
TIMEOUT_BADGE = "⏳"

#: Longer LaTeX than this is folded under ``<details>``: a cell is no place for a page of algebra.
MAX_LATEX = 400

#: A witness or value longer than this is folded under ``<details>`` too.
MAX_VALUE = 120

#: A chain's relations as LaTeX, to write ``a = b \le c`` from its items.
RELATION_LATEX: dict[str, str] = {"==": "=", "!=": r"\neq", "<": r"\lt", "<=": r"\le", ">": r"\gt", ">=": r"\ge"}

#: The order of the table: what needs attention first.
ORDER: dict[Outcome, int] = {Outcome.ERROR: 0, Outcome.FAILED: 1, Outcome.SKIPPED: 2, Outcome.PASSED: 3}


def cell(text: str) -> str:
    """Text made safe for one cell of a GitHub table."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("|", "\\|")
    return "<br>".join(line.strip() for line in text.strip().splitlines())


def code(text: str) -> str:
    """Inline code inside a table cell (a ``|`` still needs its backslash there)."""
    text = " ".join(text.split()).replace("|", "\\|")
    fence = "``" if "`" in text else "`"
    return f"{fence}{text}{fence}"


def math(r: ClaimResult) -> str:
    """The claim's mathematics as ``$...$``, or an empty string when there is none."""
    latex = r.display.latex.strip()
    if not latex:
        return ""
    # checking.py joins the items of a chain with " \\ "; inline math has no line
    # breaks, so the items are joined again with the relations of the links.
    parts = latex.split(" \\\\ ")
    if len(parts) > 1 and len(parts) == len(r.steps) + 1:
        latex = parts[0]
        for link, part in zip(r.steps, parts[1:]):
            latex += f" {RELATION_LATEX.get(link.relation, '=')} {part}"
    elif len(parts) > 1:
        latex = r" \quad ".join(parts)
    # In a table a bare | ends the cell, and < or > may start an HTML tag.
    latex = latex.replace("|", r"\vert ").replace("<", r"\lt ").replace(">", r"\gt ")
    shown = f"${latex}$"
    if r.display.case:
        shown += "<br>" + cell(shown_for(r.display.case))
    if len(latex) > MAX_LATEX:
        return fold(f"a long formula ({len(latex)} characters)", shown)
    return shown


def fold(summary: str, body: str) -> str:
    """``body`` folded under ``<details>`` (closed), inside one table cell."""
    return f"<details><summary>{cell(summary)}</summary>{body}</details>"


def value(text: str) -> str:
    """A witness or a value as inline code, folded when it is long."""
    shown = code(text)
    return fold(f"{len(text)} characters", shown) if len(text) > MAX_VALUE else shown


def verdict_words(r: ClaimResult) -> str:
    """The verdict, with what the author expected when it matters."""
    if r.verdict is Verdict.REFUTED and r.passed:
        return "refuted (expected)"
    if r.verdict is Verdict.PROVED and not r.passed:
        return "proved, but expected refuted"
    if r.verdict is Verdict.REFUTED:
        return "**refuted**"
    return str(r.verdict.value)


def _verdict_cell(r: ClaimResult) -> str:
    """The verdict, and, for a claim that is not its latex's statement, that failure beside it."""
    words = verdict_words(r)
    return f"{words}<br>**≠ latex**" if r.unfaithful else words


def evidence(r: ClaimResult) -> str:
    """The evidence cell: the proof, the witness, the error, and the near miss."""
    lines: list[str] = []
    if r.error:
        lines.append(cell(message(r)))
    elif r.verdict is Verdict.PROVED:
        lines.append(cell(f"by {r.proof}" if r.proof else "proved"))
    elif r.verdict is Verdict.REFUTED:
        link = r.failing_link
        if link is not None:
            lines.append(cell(f"link {link.index} → {link.index + 1} is false"))
        if r.witness:
            lines.append("at " + value(witness(r.witness)))
        if r.case:
            lines.append(cell(case_words(r.case)))
        if r.lhs_value is not None and r.rhs_value is not None:
            lines.append(value(f"{r.lhs_value} vs {r.rhs_value}"))
    elif r.detail:
        lines.append(cell(r.detail))
    if r.diagnosis:
        lines.append("near miss: " + cell(r.diagnosis))
    if r.latex_check is not None and r.latex_check.status != "faithful":
        lines.append("latex: " + cell(latex_check(r.latex_check)))
    return "<br>".join(x for x in lines if x)


def badge(r: ClaimResult, strict: bool) -> str:
    """The emoji at the start of a row."""
    kind = outcome(r, strict)
    if kind is Outcome.ERROR and r.verdict is Verdict.TIMEOUT:
        return TIMEOUT_BADGE
    return BADGE[kind]


def row(r: ClaimResult, strict: bool) -> str:
    """One claim as one table row."""
    claim = f"{code(r.id)}<br>{cell(r.title)}" if r.id else cell(r.title)
    where = code(f"{r.file}:{finding_line(r)}")
    cells = [badge(r, strict), claim, _verdict_cell(r), math(r), evidence(r), where]
    return "| " + " | ".join(cells) + " |"


HEADER = "| | claim | verdict | mathematics | evidence | where |\n| :-: | --- | --- | --- | --- | --- |"


def heading(s: Summary) -> str:
    """One line that says whether the run passed."""
    claims = f"{s.total} claim{'s' if s.total != 1 else ''}"
    if s.failed:
        return f"### ❌ derivcheck: {s.failed} of {claims} failed"
    if s.missed:
        return f"### ⚠️ derivcheck: {claims}, {s.verdict_words}"
    return f"### ✅ derivcheck: {claims}, all as expected"


def counts(s: Summary) -> str:
    """The counts of the run as a small table."""
    head = "| proved | refuted | undecided | invalid | timeout | passed | failed | time |"
    rule = "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    values = [s.proved, s.refuted, s.undecided, s.invalid, s.timeout, s.passed, s.failed]
    body = "| " + " | ".join(str(v) for v in values) + f" | {s.seconds:.2f} s |"
    return "\n".join([head, rule, body])


def render(results: Sequence[ClaimResult], summary: Summary, *, strict: bool = False, quiet: int = 0) -> str:
    """The Markdown report (with -q, only the claims that need attention).

    Args:
        results: the results of a run.
        summary: their counts, from :func:`derivcheck.summary.summarize`.
        strict: undecided claims fail (as ``--strict``).
        quiet: 1 leaves out the claims that passed; 2 also the claims table.
    """
    ordered = sorted(results, key=lambda r: (ORDER[outcome(r, strict)], r.file, r.line))
    attention = [r for r in ordered if outcome(r, strict) is not Outcome.PASSED]
    passed = [r for r in ordered if outcome(r, strict) is Outcome.PASSED]
    blocks = [heading(summary), counts(summary)]
    if attention and quiet < 2:
        blocks.append("\n".join([HEADER, *(row(r, strict) for r in attention)]))
    if passed and not quiet:
        # GitHub renders a table inside <details> only with blank lines around it.
        table = "\n".join([HEADER, *(row(r, strict) for r in passed)])
        blocks.append(f"<details><summary>{len(passed)} passed</summary>\n\n{table}\n\n</details>")
    blocks.append(f"<sub>derivcheck {__version__}</sub>")
    return "\n\n".join(blocks) + "\n"
