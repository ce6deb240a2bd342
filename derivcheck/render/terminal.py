"""The terminal views, with rich: the run table, its summary, and ``explain``.

Renderers only format: every verdict, pass/fail and count comes from the
result objects and :mod:`derivcheck.summary`.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from rich import box
from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from derivcheck.model import Claim, ClaimResult, Verdict
from derivcheck.summary import Summary, fails

SYMBOL = {
    Verdict.PROVED: "✔",
    Verdict.REFUTED: "✘",
    Verdict.UNDECIDED: "?",
    Verdict.INVALID: "!",
    Verdict.TIMEOUT: "⧗",
}


def verdict_style(result: ClaimResult, strict: bool = False) -> str:
    """The colour of a result: green passes, red fails, yellow is undecided."""
    if fails(result, strict):
        return "bold red"
    if result.verdict is Verdict.UNDECIDED:
        return "yellow"
    return "green"


def verdict_text(result: ClaimResult, strict: bool = False) -> Text:
    """``✔ proved``, ``✘ refuted (expected)``, ``? undecided``..."""
    label = f"{SYMBOL[result.verdict]} {result.verdict.value}"
    if result.verdict is Verdict.REFUTED and result.passed:
        label += " (expected)"
    elif result.verdict is Verdict.PROVED and not result.passed:
        label += " (expected refuted)"
    return Text(label, style=verdict_style(result, strict))


def print_run(console: Console, results: Sequence[ClaimResult], summary: Summary, *, strict: bool = False, verbose: int = 0) -> None:
    """The table of a run, the problems under it, and the summary line."""
    if results:
        # Widths are computed here, not left to rich: with long unbreakable
        # cells rich may drop a column. The title is the one cut short.
        verdicts = [verdict_text(r, strict) for r in results]
        wv = max(len(v) for v in verdicts)
        wi = min(max(len(r.id or "—") for r in results), 40)
        wt = 6
        wtitle = console.width - (wv + wi + wt + 6)
        if wtitle < 20:
            wi = max(24, wi - (20 - wtitle))
            wtitle = console.width - (wv + wi + wt + 6)
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        table.add_column("verdict", no_wrap=True, width=wv)
        table.add_column("id", style="bold", no_wrap=True, width=wi, overflow="ellipsis")
        table.add_column("time", justify="right", no_wrap=True, width=wt)
        if wtitle >= 10:
            table.add_column("title", overflow="ellipsis", no_wrap=True, width=wtitle)
        for r, v in zip(results, verdicts):
            seconds = "cached" if r.cached else f"{r.seconds:.2f}s"
            row = [v, escape(r.id or "—"), seconds]
            if wtitle >= 10:
                row.append(escape(r.title))
            table.add_row(*row)
        console.print(table)
    problems = [r for r in results if fails(r, strict) or (verbose and r.verdict is not Verdict.PROVED)]
    for r in problems:
        console.print(_problem(r, strict))
    console.print(summary_line(summary))


def _problem(r: ClaimResult, strict: bool) -> Text:
    head = Text(f"{r.file}:{r.line}: ", style="dim")
    head.append(r.id or "(file)", style="bold")
    head.append(" ")
    head.append_text(verdict_text(r, strict))
    lines = [head]
    body = r.error if r.error else r.detail
    if r.verdict is Verdict.PROVED and not r.passed:
        body = f"the claim is marked expect: refuted, but it is proved ({r.proof})"
    if body:
        lines.append(Text("    " + body))
    if r.witness and not r.error:
        lines.append(Text("    witness: " + ", ".join(f"{k} = {v}" for k, v in r.witness.items()), style="cyan"))
    if r.diagnosis:
        lines.append(Text("    near miss: " + r.diagnosis, style="magenta"))
    return Text("\n").join(lines)


def summary_line(s: Summary) -> Text:
    """One line: the counts, whether the run passed, and how long it took."""
    parts = [
        (s.proved, "proved", "green"),
        (s.refuted, "refuted", "cyan"),
        (s.undecided, "undecided", "yellow"),
        (s.invalid, "invalid", "red"),
        (s.timeout, "timeout", "red"),
    ]
    text = Text(f"{s.total} claim{'s' if s.total != 1 else ''}: ")
    shown = [(n, w, st) for n, w, st in parts if n]
    for i, (n, word, style) in enumerate(shown):
        if i:
            text.append(", ")
        text.append(f"{n} {word}", style=style)
    text.append(" · ")
    if s.failed:
        text.append(f"{s.failed} failed", style="bold red")
    else:
        text.append("all as expected", style="bold green")
    cached = f", {s.cached} cached" if s.cached else ""
    text.append(f" · {s.seconds:.2f}s{cached}", style="dim")
    return text


def print_explain(console: Console, claim: Claim | None, r: ClaimResult) -> None:
    """One claim: what it says, its domains and bindings, its links, its evidence."""
    header = Table.grid(padding=(0, 2))
    header.add_column(style="dim")
    header.add_column()
    header.add_row("claim", Text(r.id or "—", style="bold"))
    header.add_row("title", escape(r.title))
    if r.source or (claim and claim.document):
        header.add_row("source", escape(" ".join(x for x in (claim.document if claim else None, r.source) if x)))
    header.add_row("file", f"{r.file}:{r.line}")
    header.add_row("verdict", verdict_text(r))
    header.add_row("expect", r.expect.value)
    blocks: list[object] = [header]
    if r.latex:
        blocks.append(_section("as written (LaTeX)", Text(r.latex)))
    if r.display.text:
        blocks.append(_section("the mathematics", Text(r.display.text)))
    if r.scope:
        blocks.append(_section("domains", Text(r.scope)))
    if claim and claim.where:
        grid = Table.grid(padding=(0, 1))
        for name, text in claim.where:
            grid.add_row(Text(name, style="bold"), "=", escape(text.value))
        blocks.append(_section("bindings", grid))
    if claim and claim.assume:
        blocks.append(_section("conditions", Text("\n".join(a.value for a in claim.assume))))
    if r.steps:
        blocks.append(_section("links", _links_table(claim, r)))
    blocks.append(_section("evidence", _evidence(r)))
    if r.diagnosis:
        blocks.append(_section("near miss", Text(r.diagnosis, style="magenta")))
    if r.note:
        blocks.append(_section("note", Text(r.note)))
    console.print(Panel(Group(*blocks), title=f"derivcheck explain {r.id or ''}", border_style=verdict_style(r)))


def _section(title: str, body: object) -> Group:
    return Group(Text(""), Text(title, style="bold underline"), body)  # type: ignore[arg-type]


def _links_table(claim: Claim | None, r: ClaimResult) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column("link", justify="right")
    table.add_column("from → to", overflow="fold", ratio=1)
    table.add_column("verdict", no_wrap=True)
    table.add_column("strategy / witness", overflow="fold", ratio=1)
    table.add_column("time", justify="right")
    for link in r.steps:
        texts = ""
        if claim and len(claim.steps) > link.index:
            a = claim.steps[link.index - 1].expr.value
            b = claim.steps[link.index].expr.value
            texts = f"{a}\n{link.relation} {b}"
        style = "green" if link.verdict is Verdict.PROVED else "red" if link.verdict is Verdict.REFUTED else "yellow"
        evidence = link.proof or ""
        if link.witness:
            evidence = "at " + ", ".join(f"{k} = {v}" for k, v in link.witness.items())
            if link.lhs_value is not None:
                evidence += f"\n{link.lhs_value} vs {link.rhs_value}"
        elif link.verdict is not Verdict.PROVED:
            evidence = link.detail
        if link.diagnosis:
            evidence += f"\nnear miss: {link.diagnosis}"
        if link.why:
            texts += f"\n(why: {link.why})"
        table.add_row(str(link.index), escape(texts), Text(f"{SYMBOL[link.verdict]} {link.verdict.value}", style=style), escape(evidence), f"{link.seconds:.2f}s")
    return table


def _evidence(r: ClaimResult) -> Text:
    if r.error:
        return Text(r.error, style="red")
    lines = []
    if r.verdict is Verdict.PROVED:
        lines.append(f"proved by: {r.proof}")
        if r.detail:
            lines.append(r.detail)
    elif r.verdict is Verdict.REFUTED:
        if r.witness is not None:
            lines.append("counterexample: " + (", ".join(f"{k} = {v}" for k, v in r.witness.items()) or "(no unknowns)"))
        if r.lhs_value is not None:
            lines.append(f"left side  = {r.lhs_value}")
            lines.append(f"right side = {r.rhs_value}")
        if r.detail:
            lines.append(r.detail)
    else:
        lines.append(r.detail or r.verdict.value)
    lines.append(f"checked in {r.seconds:.2f}s" + (" (cached)" if r.cached else ""))
    return Text("\n".join(lines))


def print_list(console: Console, claims: Iterable[Claim]) -> None:
    """The claims of a folder: id, source, title, file:line."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    table.add_column("id", style="bold", no_wrap=True)
    table.add_column("source", no_wrap=True)
    table.add_column("title", overflow="fold", ratio=1)
    table.add_column("expect")
    table.add_column("where", style="dim", no_wrap=True)
    for c in claims:
        table.add_row(escape(c.id), escape(c.source or ""), escape(c.title), c.expect.value, f"{c.loc.file}:{c.loc.line}")
    console.print(table)
