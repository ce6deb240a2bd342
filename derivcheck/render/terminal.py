"""The terminal views, with rich: the run table, its summary, and ``explain``.

Renderers only format: every verdict, pass/fail and count comes from the
result objects and :mod:`derivcheck.summary`.
"""

from __future__ import annotations

from typing import Iterable, Mapping, Sequence

from rich import box
from rich.cells import cell_len
from rich.console import Console, Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from derivcheck.model import Claim, ClaimResult, LinkResult, Verdict
from derivcheck.render.place import finding_place
from derivcheck.summary import Summary, fails
from derivcheck.wording import proof_covers, refutation_residue, witness

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
        lines.append(Text("    witness: " + witness(r.witness), style="cyan"))
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
    style = "bold red" if s.failed else "bold yellow" if s.missed else "bold green"
    text.append(s.verdict_words, style=style)
    cached = f", {s.cached} cached" if s.cached else ""
    text.append(f" · {s.seconds:.2f}s{cached}", style="dim")
    return text


#: How each relation of a chain reads between two of its lines.
REL_SIGN = {"==": "=", "!=": "≠", "<": "<", "<=": "≤", ">": ">", ">=": "≥"}

#: The relation signs SymPy's pretty printer puts between two sides.
_PRETTY_RELS = frozenset("=≠<>≤≥")

#: Columns the explain panel takes for itself: two borders and two of padding.
_PANEL_MARGIN = 4


def print_explain(console: Console, claim: Claim | None, r: ClaimResult) -> None:
    """One claim at a glance: header, mathematics, context, links, evidence, near miss, note.

    Args:
        console: where to print.
        claim: the claim as loaded (None when it could not be read); it gives
            the expressions as written, the bindings and the conditions.
        r: the result to show; every verdict shown comes from it.
    """
    width = max(console.width - _PANEL_MARGIN, 40)
    blocks: list[RenderableType] = [_explain_header(claim, r)]
    written = _as_written(claim, r)
    if written is not None:
        blocks.append(_section("as written", written))
    if r.display.text:
        caption, parts = _pretty_parts(r)
        title = "pretty-printed" + (f" {caption}" if caption else "")
        blocks.append(_section(title, _math_grid(parts, _chain_signs(claim, r) if r.steps else None, width)))
    context = _context(claim, r)
    if context is not None:
        blocks.append(_section("domains and bindings", context))
    if r.steps:
        blocks.append(_section("links", _links_table(r)))
    blocks.append(_section("evidence", _evidence(r)))
    near_miss = _near_miss(r)
    if near_miss is not None:
        blocks.append(_section("near miss", near_miss))
    if r.note:
        blocks.append(_section("note", Text(r.note)))
    console.print(Panel(Group(*blocks), title=f"derivcheck explain {escape(r.id or '')}", border_style=verdict_style(r)))


def _section(title: str, body: RenderableType) -> Group:
    return Group(Text(""), Text(title, style="bold underline"), body)


def _grid() -> Table:
    """A borderless two-column table: a dim label, then its value."""
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column(overflow="fold")
    return grid


def _explain_header(claim: Claim | None, r: ClaimResult) -> Table:
    grid = _grid()
    grid.add_row("claim", Text(r.id or "—", style="bold"))
    grid.add_row("title", Text(r.title))
    document = claim.document if claim else None
    if r.source or document:
        grid.add_row("source", Text(" ".join(x for x in (document, r.source) if x)))
    grid.add_row("file", Text(f"{r.file}:{r.line}"))
    verdict = verdict_text(r)
    verdict.append(f"  in {r.seconds:.2f}s" + (", cached" if r.cached else ""), style="dim")
    grid.add_row("verdict", verdict)
    grid.add_row("expect", Text(r.expect.value))
    broken = _first_broken(r)
    if broken is not None:
        grid.add_row("breaks at", Text(f"link {broken.index}: {_link_name(broken)}", style="bold red"))
    elif r.failing_link is not None:
        grid.add_row("stuck at", Text(f"link {r.failing_link.index}: {_link_name(r.failing_link)}", style="yellow"))
    return grid


def _first_broken(r: ClaimResult) -> LinkResult | None:
    """The first refuted link of a chain (the one whose witness the claim carries)."""
    return next((link for link in r.steps if link.verdict is Verdict.REFUTED), None)


def _link_name(link: LinkResult) -> str:
    """``(1) = (2)``: the two lines of the chain a link joins, by their numbers."""
    return f"({link.index}) {REL_SIGN.get(link.relation, link.relation)} ({link.index + 1})"


def _as_written(claim: Claim | None, r: ClaimResult) -> Table | None:
    """The LaTeX of the source, raw, and the expressions of the claims file."""
    grid = _grid()
    if r.latex:
        grid.add_row("LaTeX", Text(r.latex))
    if claim is not None and claim.claim is not None:
        grid.add_row("claim", Text(claim.claim.value))
    elif claim is not None and claim.steps:
        for k, step in enumerate(claim.steps, start=1):
            sign = REL_SIGN.get(step.rel, step.rel) if k > 1 else " "
            line = Text(f"{sign} {step.expr.value}")
            if step.why:
                line.append(f"   ({step.why})", style="dim italic")
            grid.add_row(f"({k})", line)
    return grid if grid.row_count else None


def _chain_signs(claim: Claim | None, r: ClaimResult) -> list[str]:
    """The sign before each line of a chain: none before the first, then each link's relation."""
    return [""] + [REL_SIGN.get(link.relation, link.relation) for link in r.steps]


def _pretty_parts(r: ClaimResult) -> tuple[str, list[list[str]]]:
    """Split ``Display.text`` into its caption and one picture (list of lines) per part.

    A chain's lines are joined by newlines in ``Display.text``; they are split
    back only when the split is unambiguous (see :func:`split_pictures`),
    otherwise the text is shown as one picture, unnumbered.
    """
    lines = r.display.text.split("\n")
    caption = ""
    # checking.py puts the case a display is taken from on a line of its own.
    if lines and lines[0].startswith("(shown for ") and lines[0].endswith(")"):
        caption, lines = lines[0], lines[1:]
    if r.steps:
        parts = split_pictures("\n".join(lines), len(r.steps) + 1)
        if parts is not None:
            return caption, parts
    return caption, [lines]


def split_pictures(text: str, count: int) -> list[list[str]] | None:
    """Split the pretty-printed pictures of ``count`` expressions joined by newlines.

    SymPy pads every line of one picture to the picture's width, and never
    emits an empty line inside a picture, so these splits are sound when they
    yield exactly ``count`` pictures: at empty lines; one line each; or at
    each change of line width. Anything else is ambiguous: None.

    >>> split_pictures("a\\nb + c", 2)
    [['a'], ['b + c']]
    >>> split_pictures(" 1\\n──\\n a\\nb", 2)
    [[' 1', '──', ' a'], ['b']]
    >>> split_pictures("ab\\ncd", 3) is None
    True
    """
    if "\n\n" in text:
        blocks = [block.split("\n") for block in text.split("\n\n")]
        return blocks if len(blocks) == count else None
    lines = text.split("\n")
    if len(lines) == count:
        return [[line] for line in lines]
    runs: list[list[str]] = []
    for line in lines:
        if runs and cell_len(runs[-1][-1]) == cell_len(line):
            runs[-1].append(line)
        else:
            runs.append([line])
    return runs if len(runs) == count else None


#: Where a picture too wide for the terminal may be cut, weakest binding first:
#: (signs, whether the sign stands on a line of its own). A sign on its own
#: line suits a relation or an equivalence; a sum or a conjunction carries on
#: with its sign at the start of the next line, as in print.
_CUTS: tuple[tuple[frozenset[str], bool], ...] = (
    (frozenset("⇔⇒→"), True),
    (frozenset("∨"), False),
    (frozenset("∧"), False),
    (_PRETTY_RELS, True),
    (frozenset("+-"), False),
)

#: The pieces of SymPy's brackets, tall or not, opening and closing.
_OPENING = frozenset("([{⎛⎜⎝⎡⎢⎣⎧⎨⎩")
_CLOSING = frozenset(")]}⎞⎟⎠⎤⎥⎦⎫⎬⎭")


def fold_picture(lines: list[str], width: int) -> list[str]:
    """A picture too wide for ``width``, cut into pieces stacked one under the other.

    Cuts are made only at a top-level sign: outside every bracket, in a
    column where one line holds the sign between spaces and every other line
    is blank. The weakest-binding sign is cut first (see :data:`_CUTS`); a
    relation's sign goes on a line of its own, a sum is cut as late as the
    width allows, the rest starting with its sign. What cannot be cut is
    returned as it is (and cropped when shown).

    >>> fold_picture(["aaaa = bbbb"], 6)
    ['aaaa', '=', 'bbbb']
    >>> fold_picture(["aa + bb + cc"], 8)
    ['aa + bb', '+ cc']
    >>> fold_picture(["(aa < bb) ⇔ cc"], 10)
    ['(aa < bb)', '⇔', 'cc']
    """
    if not lines or max(cell_len(line) for line in lines) <= width:
        return lines
    span = max(len(line) for line in lines)
    padded = [line.ljust(span) for line in lines]
    for signs, own_line in _CUTS:
        cuts = [(c, row) for c, row in _gutters(padded, signs) if _depth(padded[row][:c]) == 0]
        if not cuts:
            continue
        if own_line:
            # The cut nearest the middle: the top-level one when a side holds another.
            c, row = min(cuts, key=lambda g: abs(g[0] - span // 2))
            left = _trim([line[: c - 1] for line in padded])
            right = _trim([line[c + 2 :] for line in padded])
            return fold_picture(left, width) + [padded[row][c]] + fold_picture(right, width)
        fitting = [g for g in cuts if _left_width(padded, g[0]) <= width]
        c, row = fitting[-1] if fitting else cuts[0]
        left = _trim([line[: c - 1] for line in padded])
        right = _trim([(line[c] if r == row else " ") + line[c + 1 :] for r, line in enumerate(padded)])
        return fold_picture(left, width) + fold_picture(right, width)
    return lines


def _depth(prefix: str) -> int:
    """How many brackets are open at the end of ``prefix`` (one row of a picture)."""
    return sum(ch in _OPENING for ch in prefix) - sum(ch in _CLOSING for ch in prefix)


def _left_width(padded: list[str], c: int) -> int:
    """The width of a picture's columns left of ``c``, once its trailing blanks are dropped."""
    return max(cell_len(line[: c - 1].rstrip()) for line in padded)


def _gutters(padded: list[str], signs: frozenset[str]) -> list[tuple[int, int]]:
    """The columns (with the row of the sign) where a picture can be cut at one of ``signs``."""
    found = []
    for c in range(1, len(padded[0]) - 1):
        rows = [r for r, line in enumerate(padded) if line[c] != " "]
        if len(rows) != 1 or padded[rows[0]][c] not in signs:
            continue
        if all(line[c - 1] == " " and line[c + 1] == " " for line in padded):
            found.append((c, rows[0]))
    return found


def _trim(lines: list[str]) -> list[str]:
    """Drop the blank lines above and below a picture, and its common left margin."""
    while lines and not lines[0].strip():
        lines = lines[1:]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    margin = min((len(line) - len(line.lstrip(" ")) for line in lines if line.strip()), default=0)
    return [line[margin:] for line in lines]


def baseline(lines: list[str]) -> int:
    """The row a label should sit on: the main fraction bar, else the middle row.

    The main bar is the longest run of ``─`` when it spans most of the
    picture; small bars inside a matrix or a sum do not count.
    """
    width = max((cell_len(line) for line in lines), default=0)
    best_row, best_run = len(lines) // 2, 0
    for row, line in enumerate(lines):
        run = _longest_run(line, "─")
        if run > best_run:
            best_row, best_run = row, run
    return best_row if best_run * 5 >= width * 3 else len(lines) // 2


def _longest_run(line: str, char: str) -> int:
    longest = current = 0
    for ch in line:
        current = current + 1 if ch == char else 0
        longest = max(longest, current)
    return longest


def _math_grid(parts: list[list[str]], signs: list[str] | None, width: int) -> Table:
    """Pictures one under the other; a chain's numbered ``(1)``, ``(2)``... with its relation signs.

    A picture wider than the panel is first cut at its relation, then cut
    short at the right edge (with an ellipsis) rather than wrapped, since a
    wrapped picture is unreadable.
    """
    numbered = signs is not None and len(signs) == len(parts)
    label_width = len(f"({len(parts)}) =") + 2 if numbered else 0
    grid = Table.grid(padding=(0, 1) if numbered else 0)
    if numbered:
        grid.add_column(no_wrap=True, style="bold")
        grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True, overflow="ellipsis", max_width=width - label_width)
    cropped = False
    for k, lines in enumerate(parts, start=1):
        lines = fold_picture(lines, width - label_width)
        cropped = cropped or any(cell_len(line) > width - label_width for line in lines)
        picture = Text("\n".join(lines), no_wrap=True, overflow="ellipsis")
        if numbered:
            assert signs is not None
            pad = "\n" * baseline(lines)
            grid.add_row(Text(f"{pad}({k})"), Text(pad + signs[k - 1]), picture)
            if k < len(parts):
                grid.add_row("", "", "")
        else:
            grid.add_row(picture)
    if cropped:
        note = Text("(cut short at the right edge: a wider terminal shows it whole)", style="dim")
        grid.add_row(*(["", ""] if numbered else []), note)
    return grid


def _context(claim: Claim | None, r: ClaimResult) -> Table | None:
    """Domains (the result's scope), bindings (``where``) and conditions (``assume``)."""
    grid = _grid()
    if r.scope:
        grid.add_row("domains", Text(r.scope))
    if claim is not None:
        for i, (name, text) in enumerate(claim.where):
            grid.add_row("bindings" if i == 0 else "", Text(f"{name} = {text.value}"))
        for i, cond in enumerate(claim.assume):
            grid.add_row("conditions" if i == 0 else "", Text(cond.value))
    return grid if grid.row_count else None


def _witness(point: Mapping[str, str] | None) -> str:
    return "" if point is None else witness(point, empty="(no unknowns)")


def _verdict_label(verdict: Verdict) -> Text:
    style = {Verdict.PROVED: "green", Verdict.REFUTED: "red"}.get(verdict, "yellow")
    return Text(f"{SYMBOL[verdict]} {verdict.value}", style=style)


def _links_table(r: ClaimResult) -> Table:
    """One row per link: its number (from 1), its two lines, verdict, evidence, time."""
    broken = _first_broken(r)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, collapse_padding=True)
    table.add_column("link", justify="right", no_wrap=True)
    table.add_column("joins", overflow="fold", max_width=16)
    table.add_column("verdict", no_wrap=True)
    table.add_column("strategy, or witness and both sides", overflow="fold", ratio=1)
    table.add_column("time", justify="right", no_wrap=True)
    previous = ""
    for link in r.steps:
        joins = Text(_link_name(link))
        if link.why:
            joins.append(f"\n{link.why}", style="dim italic")
        number = Text(str(link.index), style="bold red" if link is broken else "")
        table.add_row(number, joins, _verdict_label(link.verdict), _link_evidence(link, previous), f"{link.seconds:.2f}s")
        previous = link.detail
    return table


def _link_evidence(link: LinkResult, previous: str = "") -> Group:
    """A link's strategy; or its witness and the values of its two lines, each number once.

    A proof's detail that repeats the row above (the same cases, say) is left out.
    """
    rows: list[RenderableType] = []
    if link.verdict is Verdict.PROVED:
        rows.append(Text(link.proof or ""))
        extra = proof_covers(link.evidence) if link.detail != previous else ""
    elif link.verdict is Verdict.REFUTED:
        if link.witness is not None:
            rows.append(Text(f"at {_witness(link.witness)}", style="cyan"))
        if link.lhs_value is not None:
            # A grid keeps "(k) =" beside its value when a long value folds.
            values = Table.grid(padding=(0, 1))
            values.add_column(no_wrap=True)
            values.add_column(overflow="fold")
            values.add_row(f"({link.index}) =", Text(link.lhs_value))
            values.add_row(f"({link.index + 1}) =", Text(str(link.rhs_value)))
            rows.append(values)
        extra = refutation_residue(link.evidence)
    else:
        rows.append(Text(link.detail or link.verdict.value))
        extra = ""
    if extra:
        rows.append(Text(extra, style="dim"))
    # A link's near miss is said once, under "near miss", with the link's number.
    return Group(*rows)


def _evidence(r: ClaimResult) -> RenderableType:
    """How the verdict was reached: a proof and its cases, or a counterexample and both sides."""
    if r.error:
        return Text(r.error, style="red")
    grid = _grid()
    if r.verdict is Verdict.PROVED:
        grid.add_row("strategy", Text(r.proof or "—"))
        extra = proof_covers(r.evidence)
        if extra:
            grid.add_row("covers", Text(extra))
    elif r.verdict is Verdict.REFUTED and r.steps:
        # The witness and both values are in the broken link's row of the
        # table just above: said once, there.
        broken = _first_broken(r)
        extra = refutation_residue(r.evidence)
        if extra:
            grid.add_row("chain", Text(extra))
        if broken is not None:
            grid.add_row("witness", Text(f"in the row of link {broken.index} above", style="dim"))
    elif r.verdict is Verdict.REFUTED:
        if r.witness is not None:
            grid.add_row("counterexample", Text(_witness(r.witness), style="cyan"))
        if r.lhs_value is not None:
            grid.add_row("left side", Text(r.lhs_value))
            grid.add_row("right side", Text(str(r.rhs_value)))
        extra = refutation_residue(r.evidence)
        if extra:
            grid.add_row("", Text(extra))
    else:
        grid.add_row(r.verdict.value, Text(r.detail or "no further detail"))
    return grid


def _near_miss(r: ClaimResult) -> Text | None:
    """The claim's diagnosis, and each link's (named by its number), each said once."""
    lines = [f"link {link.index}, {_link_name(link)}: {link.diagnosis}" for link in r.steps if link.diagnosis]
    if r.diagnosis and not any(link.diagnosis == r.diagnosis for link in r.steps):
        lines.insert(0, r.diagnosis)
    return Text("\n".join(lines), style="magenta") if lines else None


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
