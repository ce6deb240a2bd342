"""A progress bar on standard error for runs longer than about a second, on a terminal only."""

from __future__ import annotations

import time

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from derivcheck.model import ClaimResult

#: A run shorter than this shows no bar at all.
DELAY = 1.0


class RunProgress:
    """Hooks for :func:`derivcheck.runner.run`; draws nothing unless stderr is a terminal.

    The bar is refreshed from the run's own loop (``on_tick``), never from a
    thread: the workers are forked, and forking with a live thread is unsafe.
    """

    def __init__(self, console: Console, enabled: bool) -> None:
        self.console = console
        self.enabled = enabled and console.is_terminal
        self.started = time.monotonic()
        self.total = 0
        self.done = 0
        self._progress: Progress | None = None
        self._task: int | None = None

    def on_start(self, total: int, todo: int) -> None:
        self.total = total

    def on_result(self, result: ClaimResult) -> None:
        self.done += 1
        self._refresh(result.id or "")

    def on_tick(self) -> None:
        self._refresh(None)

    def _refresh(self, last: str | None) -> None:
        if not self.enabled or self.total == 0:
            return
        if self._progress is None:
            if time.monotonic() - self.started < DELAY:
                return
            self._progress = Progress(
                TextColumn("checking"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                TextColumn("{task.description}", style="dim"),
                console=self.console,
                auto_refresh=False,
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task("", total=self.total)
        assert self._task is not None
        if last is not None:
            self._progress.update(self._task, completed=self.done, description=last)  # type: ignore[arg-type]
        else:
            self._progress.update(self._task, completed=self.done)  # type: ignore[arg-type]
        self._progress.refresh()

    def close(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None
