"""``derivcheck explain``: one claim at a glance, in a rich panel.

The panel shows the claim's header, its mathematics as written and
pretty-printed (folded to the width, see :mod:`derivcheck.render.pictures`),
its domains and bindings, each link of a chain, the evidence, the near miss
and the note. Like every renderer it only formats: every verdict shown comes
from the result.
"""

from __future__ import annotations

from rich import box
from rich.console import Console, Group, RenderableType
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from derivcheck.model import Claim, ClaimResult, LinkResult, Verdict
from derivcheck.render.pictures import baseline, fold_picture, split_pictures
from derivcheck.render.terminal import SYMBOL, verdict_style, verdict_text
from derivcheck.render.text import (
    REL_SIGN,
    case_words,
    first_broken,
    link_name,
    shown_for,
)
from derivcheck.wording import latex_check, proof_covers, refutation_residue, witness

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
        caption = shown_for(r.display.case)
        title = "pretty-printed" + (f" {caption}" if caption else "")
        blocks.append(_section(title, _math_grid(_pretty_parts(r), _chain_signs(claim, r) if r.steps else None, width)))
    context = _context(claim, r)
    if context is not None:
        blocks.append(_section("domains and bindings", context))
    if r.steps:
        blocks.append(_section("links", _links_table(r)))
    blocks.append(_section("evidence", _evidence(r)))
    if r.latex_check is not None:
        style = "bold red" if r.unfaithful else "green" if r.latex_check.status == "faithful" else "dim"
        blocks.append(_section("latex check", Text(latex_check(r.latex_check), style=style)))
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
    broken = first_broken(r.steps)
    if broken is not None:
        grid.add_row("breaks at", Text(f"link {broken.index}: {link_name(broken)}", style="bold red"))
    elif r.failing_link is not None:
        grid.add_row("stuck at", Text(f"link {r.failing_link.index}: {link_name(r.failing_link)}", style="yellow"))
    return grid


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


def _pretty_parts(r: ClaimResult) -> list[list[str]]:
    """Split ``Display.text`` into one picture (list of lines) per part.

    A chain's lines are joined by newlines in ``Display.text``; they are split
    back only when the split is unambiguous (see :func:`split_pictures`),
    otherwise the text is shown as one picture, unnumbered.
    """
    if r.steps:
        parts = split_pictures(r.display.text, len(r.steps) + 1)
        if parts is not None:
            return parts
    return [r.display.text.split("\n")]



def _math_grid(parts: list[list[str]], signs: list[str] | None, width: int) -> Table:
    """Pictures one under the other; a chain's numbered ``(1)``, ``(2)``... with its relation signs.

    A picture wider than the panel is first folded at its top-level signs,
    then what is still too wide is wrapped in slices (see
    :func:`~derivcheck.render.pictures.wrap_picture`): nothing runs off the
    right edge, and nothing is cut away.
    """
    numbered = signs is not None and len(signs) == len(parts)
    label_width = len(f"({len(parts)}) =") + 2 if numbered else 0
    grid = Table.grid(padding=(0, 1) if numbered else 0)
    if numbered:
        grid.add_column(no_wrap=True, style="bold")
        grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True, overflow="fold", max_width=width - label_width)
    for k, lines in enumerate(parts, start=1):
        lines = fold_picture(lines, width - label_width, wrap=True)
        picture = Text("\n".join(lines), no_wrap=True, overflow="fold")
        if numbered:
            assert signs is not None
            pad = "\n" * baseline(lines)
            grid.add_row(Text(f"{pad}({k})"), Text(pad + signs[k - 1]), picture)
            if k < len(parts):
                grid.add_row("", "", "")
        else:
            grid.add_row(picture)
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


def _verdict_label(verdict: Verdict) -> Text:
    style = {Verdict.PROVED: "green", Verdict.REFUTED: "red"}.get(verdict, "yellow")
    return Text(f"{SYMBOL[verdict]} {verdict.value}", style=style)


def _links_table(r: ClaimResult) -> Table:
    """One row per link: its number (from 1), its two lines, verdict, evidence, time."""
    broken = first_broken(r.steps)
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, collapse_padding=True)
    table.add_column("link", justify="right", no_wrap=True)
    table.add_column("joins", overflow="fold", max_width=16)
    table.add_column("verdict", no_wrap=True)
    table.add_column("strategy, or witness and both sides", overflow="fold", ratio=1)
    table.add_column("time", justify="right", no_wrap=True)
    previous = ""
    for link in r.steps:
        joins = Text(link_name(link))
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
            rows.append(Text(f"at {witness(link.witness, empty='(no unknowns)')}", style="cyan"))
        if link.case:
            rows.append(Text(case_words(link.case), style="cyan"))
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
        broken = first_broken(r.steps)
        extra = refutation_residue(r.evidence)
        if extra:
            grid.add_row("chain", Text(extra))
        if broken is not None:
            grid.add_row("witness", Text(f"in the row of link {broken.index} above", style="dim"))
    elif r.verdict is Verdict.REFUTED:
        if r.witness is not None:
            grid.add_row("counterexample", Text(witness(r.witness, empty='(no unknowns)'), style="cyan"))
        if r.case:
            grid.add_row("case", Text(r.case, style="cyan"))
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
    lines = [f"link {link.index}, {link_name(link)}: {link.diagnosis}" for link in r.steps if link.diagnosis]
    if r.diagnosis and not any(link.diagnosis == r.diagnosis for link in r.steps):
        lines.insert(0, r.diagnosis)
    return Text("\n".join(lines), style="magenta") if lines else None
