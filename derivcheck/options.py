"""The settings of a run, merged once: defaults < ``[tool.derivcheck]`` < the command line.

The command line and the pytest plugin both call :func:`settings`; neither
merges a value by hand. Click-free: the command line's options arrive as plain
values, None where the option was not given.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass

from derivcheck.errors import UsageError
from derivcheck.project import Config, Project
from derivcheck.render.formats import format_for_path, names
from derivcheck.runner import DEFAULT_TIMEOUT, RunOptions
from derivcheck.workers import DEFAULT_MEMORY_MB

#: The formats whose report prints each claim's mathematics.
_DISPLAYED = ("html", "markdown", "github")


@dataclass(frozen=True)
class Settings:
    """Every setting of one run, each from the first place that gives it."""

    run: RunOptions
    fmt: str  # a name of derivcheck.render.formats.names(), never "auto"
    strict: bool


def settings(
    project: Project,
    *,
    fmt: str | None = None,
    output_file: str | None = None,
    strict: bool | None = None,
    jobs: int | None = None,
    timeout: float | None = None,
    use_cache: bool = True,
    cache_dir: str | os.PathLike[str] | None = None,
    memory_mb: int | None = None,
    shard: tuple[int, int] | None = None,
    display: bool | None = None,
    latex_check: bool | None = None,
) -> Settings:
    """The settings of a run of ``project``; each argument is the command line's value, None if not given.

    Args:
        fmt: ``--format`` (or ``DERIVCHECK_FORMAT``); else the suffix of
            ``output_file``; else the config's ``format``; ``auto`` is resolved
            by :func:`resolve_format`.
        display: whether each claim's mathematics is printed; by default, when
            the format shows it.
        latex_check: compare each claim with its ``latex:`` (``--no-latex-check``
            is False); else the config's ``latex-check``; else True.
    """
    config = project.config
    check_format(config)
    chosen = resolve_format(fmt or format_of_file(output_file) or config.format)
    run = RunOptions(
        jobs=jobs or config.jobs or 0,
        timeout=timeout or config.timeout or DEFAULT_TIMEOUT,
        use_cache=use_cache,
        cache_dir=project.cache_dir(cache_dir),
        memory_mb=memory_mb or DEFAULT_MEMORY_MB,
        shard=shard,
        display=chosen in _DISPLAYED if display is None else display,
        latex_check=next((v for v in (latex_check, config.latex_check) if v is not None), True),
    )
    return Settings(run=run, fmt=chosen, strict=bool(strict if strict is not None else config.strict))


def check_format(config: Config) -> None:
    """Check the config's ``format`` against the table of formats (a registered one included).

    The project layer reads the config below the renderers, so the name is
    checked here, where the table is known.

    Raises:
        UsageError: no format has that name (exit status 2).
    """
    known = names()
    if config.format is not None and config.format not in known:
        given = json.dumps(config.format, ensure_ascii=False)  # as the TOML file writes it
        raise UsageError(f"{config.origin}: [tool.derivcheck] format must be one of {', '.join(known)}, not {given}")


def resolve_format(fmt: str | None) -> str:
    """``auto`` (or nothing): github in GitHub Actions, rich on a terminal, concise otherwise."""
    if fmt in (None, "auto"):
        if os.environ.get("GITHUB_ACTIONS") == "true":
            return "github"
        return "rich" if sys.stdout.isatty() else "concise"
    return fmt


def format_of_file(output_file: str | None) -> str | None:
    """The format a report file's suffix names (``report.xml`` is junit), if any."""
    return None if output_file is None else format_for_path(output_file)


def terminal_view() -> str:
    """What the terminal shows beside --output-file: annotations in GitHub Actions, else the rich view."""
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "rich"
