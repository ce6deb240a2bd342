"""The report of a run, as text: the renderer of each format, and the report file.

Click-free: the command line prints what :func:`render` returns (or hands it
a console for the rich view) and turns a :class:`~derivcheck.errors.UsageError`
into its exit status.
"""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from derivcheck.errors import UsageError
from derivcheck.model import Claim, ClaimResult, LoadFailure
from derivcheck.render import formats, json_report
from derivcheck.summary import Summary, fails
from derivcheck.summary import statistics as per_file

if TYPE_CHECKING:
    from rich.console import Console


def write_report(
    path: str, fmt: str, results: list[ClaimResult], summary: Summary, strict: bool, verbose: int, statistics: bool = False
) -> None:
    """Write the whole report to ``path`` (-q shortens the terminal's view, not the file).

    Raises:
        UsageError: the file cannot be written.
    """
    if fmt == "rich":
        buffer = io.StringIO()
        # rich is imported only for the rich view: a JSON or JUnit report does not load it.
        from rich.console import Console

        console = Console(file=buffer, width=100, color_system=None, highlight=False)
        render(fmt, results, summary, strict, 0, verbose, console=console, statistics=statistics)
        report = buffer.getvalue()
    else:
        report = render(fmt, results, summary, strict, 0, verbose, statistics=statistics) or ""
    try:
        Path(path).write_text(report, encoding="utf-8")
    except OSError as exc:
        raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None


class NoProgress:
    """The progress hooks when nothing is drawn (stderr is not a terminal, or -qq)."""

    on_result = on_tick = on_start = None

    def close(self) -> None:
        pass


def progress_of(quiet: int, make_console: Callable[[], Console]) -> Any:
    """The progress bar of a run, drawn on ``make_console()``; hooks that draw nothing with -qq or off a terminal."""
    if quiet >= 2 or not sys.stderr.isatty():
        return NoProgress()
    # rich is imported only when a bar can be drawn: a piped, cached run stays fast.
    from derivcheck.render.progress import RunProgress

    return RunProgress(make_console(), enabled=True)


def step_summary(results: list[ClaimResult], summary: Summary, strict: bool) -> str | None:
    """Append the Markdown summary to GitHub's job summary; a warning when it cannot be written, else None.

    The report is already out by then: a job summary that cannot be written
    must not turn a run red.
    """
    try:
        formats.append_step_summary(results, summary, strict=strict)
    except OSError as exc:
        target = os.environ.get("GITHUB_STEP_SUMMARY", "")
        return f"cannot write the job summary to {target}: {exc.strerror or exc}"
    return None


def render(
    fmt: str,
    results: list[ClaimResult],
    summary: Summary,
    strict: bool,
    quiet: int,
    verbose: int,
    console: Console | None = None,
    statistics: bool = False,
    make_console: Callable[[], Console] | None = None,
) -> str | None:
    """Return the report text, or print the rich view (on ``console``, else one
    ``make_console`` makes) and return None.

    With ``statistics`` the rich and concise views show the counts of each
    file instead of a line per claim, and JSON adds them as ``statistics``.
    """
    rows = None
    if statistics:
        rows = per_file(results, strict=strict)
    if fmt == "rich":
        # The terminal renderer imports rich: only the rich view loads it.
        from derivcheck.render.terminal import print_run, print_statistics

        if console is None:
            assert make_console is not None, "the rich view needs a console"
            console = make_console()
        if quiet >= 2:
            return None
        if rows is not None:
            print_statistics(console, rows, summary)
        elif quiet:
            print_run(console, [r for r in results if fails(r, strict)], summary, strict=strict)
        else:
            print_run(console, results, summary, strict=strict, verbose=verbose)
        return None
    if fmt == "json":
        return json_report.render(results, summary, rows)
    if rows is not None and fmt == "concise":
        return "" if quiet >= 2 else formats.statistics_text(rows, summary)
    return formats.render(fmt, results, summary, strict=strict, quiet=quiet)


def claims_list(claims: list[Claim], failures: list[LoadFailure]) -> str:
    """``derivcheck list --format json``: the claims, and the entries that cannot be read."""
    entries = [
        {"id": c.id, "title": c.title, "file": c.loc.file, "line": c.loc.line, "source": c.source, "expect": c.expect.value}
        for c in claims
    ]
    invalid = [{"id": f.claim_id, "file": f.loc.file, "line": f.loc.line, "col": f.loc.col, "error": f.message} for f in failures]
    return json.dumps({"format": 1, "claims": entries, "invalid": invalid}, indent=2, ensure_ascii=False)
