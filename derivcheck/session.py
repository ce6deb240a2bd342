"""A run as the command line shows it: check a selection, print its report, and watch for saves.

The command line hands in how to print (``echo``) and how to make a rich
console, so that this module needs no click; it is the part of ``run`` that is
about the claims and the report, not about options.
"""

from __future__ import annotations

import fnmatch
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Protocol

from derivcheck import report as reports
from derivcheck import watch
from derivcheck.errors import UsageError
from derivcheck.model import ClaimResult
from derivcheck.options import terminal_view
from derivcheck.project import Project, display_path
from derivcheck import runner
from derivcheck.runner import Selection, select
from derivcheck.summary import EXIT_OK, Summary, fails, summarize

if TYPE_CHECKING:
    from rich.console import Console


class Echo(Protocol):
    """Print a line (to stderr with ``err``)."""

    def __call__(self, text: str, err: bool = False) -> None: ...


class Report:
    """How a run is shown: the options of ``run`` that are about printing, and the printing itself."""

    def __init__(
        self,
        *,
        fmt: str,
        strict: bool,
        quiet: int,
        verbose: int,
        output_file: str | None,
        statistics: bool,
        echo: Echo,
        make_console: Callable[[bool], Console],
    ) -> None:
        self.fmt = fmt
        self.strict = strict
        self.quiet = quiet
        self.verbose = verbose
        self.output_file = output_file
        self.statistics = statistics
        self.echo = echo
        self.make_console = make_console

    def show(self, results: list[ClaimResult], summary: Summary, note: str | None = None) -> None:
        view = self.fmt
        if self.output_file:
            reports.write_report(self.output_file, self.fmt, results, summary, self.strict, self.verbose, self.statistics)
            view = terminal_view()
        text = reports.render(
            view, results, summary, self.strict, self.quiet, self.verbose, statistics=self.statistics,
            make_console=lambda: self.make_console(False),
        )
        if text:
            self.echo(text)
        if note and self.quiet < 2:
            self.echo(f"derivcheck: {note}", err=True)
        if "github" in (self.fmt, view):
            warning = reports.step_summary(results, summary, self.strict)
            if warning:
                self.echo(f"derivcheck: warning: {warning}", err=True)


def check(selection: Selection, options: Any, report: Report, exit_first: bool) -> int:
    """Run the selection, show its report; the exit status of the run. Ctrl-C propagates."""
    stop = (lambda r: fails(r, report.strict)) if exit_first else None
    progress = reports.progress_of(report.quiet, lambda: report.make_console(True))
    start = time.monotonic()
    try:
        # Through the module, so that the run can be replaced as one function (the tests do).
        results = runner.run(selection, options, on_result=progress.on_result, on_tick=progress.on_tick, on_start=progress.on_start, stop=stop)
    finally:
        progress.close()
    summary = summarize(results, time.monotonic() - start, strict=report.strict)
    total = len(selection.claims) + len(selection.failures)
    note = None
    if exit_first and summary.failed and summary.total < total:
        note = f"stopped at the first failure (-x): {total - summary.total} of {total} claims not checked"
    report.show(results, summary, note)
    return summary.exit_status()


def watch_claims(
    targets: list[str], project: Project, cache: Any, only: tuple[str, ...], skip: tuple[str, ...], options: Any, report: Report, exit_first: bool
) -> int:
    """``--watch``: after the first run, check again the claims each save touches, until Ctrl-C (which propagates)."""
    folder_targets = [Path(t) for t in targets if Path(t).exists()] or [project.claims_dir]
    files = select(targets, project, cache=cache, only=only, skip=skip).files
    status = EXIT_OK
    report.echo(f"derivcheck: watching {', '.join(display_path(p) for p in folder_targets)} (Ctrl-C to stop)", err=True)

    def on_change(changed: set[Path]) -> None:
        nonlocal files, status
        try:
            now = select(targets, project, cache=cache).files
        except UsageError as exc:  # a file named on the command line was removed, say
            report.echo(f"derivcheck: {exc}", err=True)
            return
        claims, failures = watch.touched(files, now, {display_path(p) for p in changed})
        files = now
        kept = [c for c in claims if (not only or _matches(c.id, only)) and not _matches(c.id, skip)]
        if kept or failures:
            status = check(Selection(claims=kept, failures=failures), options, report, exit_first)

    watch.loop(folder_targets, on_change, exclude=project.config.exclude)
    return status


def _matches(claim_id: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatchcase(claim_id, p) for p in patterns)
