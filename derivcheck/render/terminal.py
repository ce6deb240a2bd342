"""The terminal views of a run, with rich: the run table, its problems, the summary, ``list``, ``functions``.

``explain`` has a module of its own (:mod:`derivcheck.render.explain`).

Renderers only format: every verdict, pass/fail and count comes from the
result objects and :mod:`derivcheck.summary`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Mapping, Sequence

from rich import box
from rich.console import Console, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from derivcheck.model import Claim, ClaimResult, Verdict
from derivcheck.render.place import finding_place
from derivcheck.render.text import case_words
from derivcheck.summary import Summary, fails
from derivcheck.wording import latex_check, witness

if TYPE_CHECKING:
    from derivcheck.vocabulary import Entry

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
    if result.unfaithful:
        label += " ≠ latex"
    return Text(label, style=verdict_style(result, strict))


def print_run(console: Console, results: Sequence[ClaimResult], summary: Summary, *, strict: bool = False, verbose: int = 0) -> None:
    """The table of a run, the problems under it, and the summary line."""
    if results:
        # Widths are computed here, not left to rich: with long unbreakable
        # cells rich may drop a column. An id is never cut (it is what
        # `explain` takes): the title goes first, then the time.
        verdicts = [verdict_text(r, strict) for r in results]
        wv = max(len(v) for v in verdicts)
        # Wider than the terminal, an id folds onto a second line rather than lose its end.
        wi = min(max(len(r.id or "—") for r in results), max(console.width - wv - 3, 8))
        wt = 6
        wtitle = console.width - (wv + wi + wt + 8)
        show_time = wtitle >= 10 or console.width >= wv + wi + wt + 6
        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
        table.add_column("verdict", no_wrap=True, width=wv)
        table.add_column("id", style="bold", min_width=wi, overflow="fold")
        if show_time:
            table.add_column("time", justify="right", no_wrap=True, width=wt)
        if wtitle >= 10:
            table.add_column("title", overflow="ellipsis", no_wrap=True, width=wtitle)
        for r, v in zip(results, verdicts):
            row: list[RenderableType] = [v, escape(r.id or "—")]
            if show_time:
                row.append("cached" if r.cached else f"{r.seconds:.2f}s")
            if wtitle >= 10:
                row.append(escape(r.title))
            table.add_row(*row)
        console.print(table)
    problems = [r for r in results if fails(r, strict) or (verbose and r.verdict is not Verdict.PROVED)]
    for r in problems:
        console.print(_problem(r, strict))
    console.print(summary_line(summary))


def _problem(r: ClaimResult, strict: bool) -> Text:
    place = finding_place(r)
    head = Text(f"{r.file}:{place.line}:{place.col or 1}: ", style="dim")
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
        case = f" ({case_words(r.case)})" if r.case else ""
        lines.append(Text("    witness: " + witness(r.witness) + case, style="cyan"))
    if r.diagnosis:
        lines.append(Text("    near miss: " + r.diagnosis, style="magenta"))
    if r.latex_check is not None and r.latex_check.status != "faithful":
        lines.append(Text("    latex: " + latex_check(r.latex_check), style="bold red" if r.unfaithful else "dim"))
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
    style = "bold red" if s.failed else "bold yellow" if s.missed else "bold green"
    text.append(s.verdict_words, style=style)
    cached = f", {s.cached} cached" if s.cached else ""
    text.append(f" · {s.seconds:.2f}s{cached}", style="dim")
    return text


def print_list(console: Console, claims: Iterable[Claim]) -> None:
    """The claims of a folder: id, source, title, file:line. An id is never cut: the title folds."""
    claims = list(claims)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False)
    longest = max((len(c.id) for c in claims), default=2)
    table.add_column("id", style="bold", min_width=min(longest, max(console.width - 4, 8)), overflow="fold")
    # On a narrow terminal the other columns go, the title first: the id is what the list is for.
    room = console.width - longest - 4
    full = room >= 40
    if full:
        table.add_column("source", no_wrap=True)
        table.add_column("title", overflow="fold", ratio=1)
        table.add_column("expect")
    if room >= 20:
        table.add_column("where", style="dim", overflow="fold")
    for c in claims:
        row = [escape(c.id)]
        if full:
            row += [escape(c.source or ""), escape(c.title), c.expect.value]
        if room >= 20:
            row.append(f"{c.loc.file}:{c.loc.line}")
        table.add_row(*row)
    console.print(table)


def print_statistics(console: Console, rows: Sequence[tuple[str, Summary]], summary: Summary) -> None:
    """``--statistics``: the counts of each verdict, per file and in all, then the summary line."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, show_footer=True, collapse_padding=True)
    table.add_column("file", footer="all", overflow="fold", min_width=min(max((len(f) for f, _ in rows), default=3), 24))
    columns = ("proved", "refuted", "undecided", "invalid", "timeout", "passed", "failed")
    for name in columns:
        table.add_column(name, justify="right", footer=str(getattr(summary, name)), min_width=len(name), no_wrap=True)
    for file, s in rows:
        table.add_row(escape(file), *(str(getattr(s, name)) for name in columns))
    console.print(table)
    console.print(summary_line(summary))


def console(color: str, stderr: bool = False) -> Console:
    """The console of a command: ``color`` auto (on a terminal, honouring NO_COLOR and FORCE_COLOR), always or never."""
    if color == "always":
        return Console(stderr=stderr, highlight=False, soft_wrap=False, force_terminal=True, color_system="standard")
    if color == "never":
        return Console(stderr=stderr, highlight=False, soft_wrap=False, color_system=None)
    return Console(stderr=stderr, highlight=False, soft_wrap=False)


def print_functions(console: Console, vocabulary: Mapping[str, Entry]) -> None:
    """``derivcheck functions``: each function a claim may use, its number of arguments and its meaning."""
    table = Table(show_edge=False)
    table.add_column("function", style="bold")
    table.add_column("arguments")
    table.add_column("meaning", overflow="fold")
    for name in sorted(vocabulary, key=str.lower):
        e = vocabulary[name]
        args = str(e.min_args) if e.min_args == e.max_args else f"{e.min_args}+" if e.max_args is None else f"{e.min_args}-{e.max_args}"
        table.add_row(name, args, e.summary)
    console.print(table)
