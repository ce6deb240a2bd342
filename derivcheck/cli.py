"""The command line: a thin layer of click over :mod:`derivcheck.runner`.

Only this module imports click. Exit statuses: 0 when every claim checked
passes, 1 when a claim fails its ``expect``, is invalid or times out, 2 for a
usage error, 130 when interrupted.
"""

from __future__ import annotations

import io
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, Sequence

import click

if TYPE_CHECKING:
    from rich.console import Console

from derivcheck import __version__
from derivcheck.errors import DerivcheckError, UsageError
from derivcheck.model import ClaimResult
from derivcheck.project import FORMATS, Project, locate
from derivcheck.summary import EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, Summary, summarize

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _fail_usage(message: str) -> NoReturn:
    click.echo(f"derivcheck: error: {message}", err=True)
    sys.exit(EXIT_USAGE)


def _project(claims_dir: str | None) -> Project:
    try:
        project = locate()
    except UsageError as exc:
        _fail_usage(str(exc))
    if claims_dir is not None:
        path = Path(claims_dir)
        if not path.is_dir():
            _fail_usage(f"no such folder: {claims_dir}")
        project = Project(path, project.config)
    return project


def _console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=False)


class _NoProgress:
    """The progress hooks when nothing is drawn (stderr is not a terminal, or -qq)."""

    on_result = on_tick = on_start = None

    def close(self) -> None:
        pass


def _progress(quiet: int) -> Any:
    # rich is imported only when a bar can be drawn: a piped, cached run stays fast.
    if quiet >= 2 or not sys.stderr.isatty():
        return _NoProgress()
    from derivcheck.render.progress import RunProgress

    return RunProgress(_console(stderr=True), enabled=True)


class _Main(click.Group):
    """The command group: an unexpected exception exits 2, like a usage error, never 1.

    Exit status 1 says "a claim failed"; a crash must not be mistaken for that,
    nor be hidden by --exit-zero.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            # Ctrl-C while files load or a report prints: 130, as during the
            # run itself (click would say "Aborted!" and exit 1, like a failed claim).
            click.echo("derivcheck: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except DerivcheckError as exc:
            _fail_usage(str(exc))
        except Exception:
            import traceback

            traceback.print_exc()
            click.echo("derivcheck: internal error (exit status 2); please report it with the traceback above", err=True)
            sys.exit(EXIT_USAGE)


@click.group(cls=_Main, context_settings=CONTEXT)
@click.version_option(__version__, "-V", "--version", prog_name="derivcheck", message="%(prog)s %(version)s")
def main() -> None:
    """Verify the claims of a mathematical derivation.

    Each claim of a document is written in a YAML file as a symbolic identity
    (see the claim format in the README). derivcheck proves it, refutes it with
    a checked counterexample, or says honestly that it could not decide.

    \b
    Examples:
      derivcheck run all                 every claim of the claims folder
      derivcheck run claims/04-grad.yaml the claims of one file
      derivcheck run softmax-jacobian    the claims with these ids
      derivcheck explain softmax-jacobian   one claim, its steps, its evidence
      derivcheck run all --format json   a machine-readable report

    The claims folder is ./claims, or `claims = "..."` under [tool.derivcheck]
    in the nearest pyproject.toml; failing both, the bundled example claims.
    """


def _parse_shard(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[int, int] | None:
    if value is None:
        return None
    try:
        k, n = (int(x) for x in value.split("/"))
    except ValueError:
        raise click.BadParameter("write it as K/N, e.g. 1/4") from None
    if not (n >= 1 and 1 <= k <= n):
        raise click.BadParameter("K/N needs 1 <= K <= N")
    return (k, n)


@main.command(context_settings=CONTEXT)
@click.argument("targets", nargs=-1, metavar="[all | PATH... | ID...]")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default=None, envvar="DERIVCHECK_FORMAT",
              help="Report format. auto: github in GitHub Actions, rich on a terminal, concise otherwise. [env: DERIVCHECK_FORMAT]")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Worker processes (default: one per CPU).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Time budget of one claim, in seconds (default 20).")
@click.option("--no-cache", is_flag=True, help="Neither read nor write cached results.")
@click.option("--cache-dir", type=click.Path(file_okay=False), default=None,
              help="Where to keep cached results (default .derivcheck_cache at the project's root). [env: DERIVCHECK_CACHE_DIR]")
@click.option("--strict/--no-strict", default=None, help="Fail the run when a claim is undecided.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when claims fail (report only).")
@click.option("-o", "--output-file", type=click.Path(dir_okay=False), default=None,
              help="Write the report to this file (its format from --format, else its suffix: .xml junit, .sarif, .json, .md, .html); the terminal keeps the rich view.")
@click.option("--shard", callback=_parse_shard, default=None, metavar="K/N",
              help="Check only the K-th of N deterministic shards (for CI matrices).")
@click.option("--claims", "claims_dir", type=click.Path(), default=None, help="The claims folder for 'all' and ids.")
@click.option("--memory-limit", type=click.IntRange(min=256), default=None, metavar="MIB",
              help="Address-space ceiling of one worker, in MiB (default 3072).")
@click.option("-q", "--quiet", count=True, help="Less output: only failures and the summary (-qq: nothing).")
@click.option("-v", "--verbose", count=True, help="More output: details of every claim that is not proved.")
def run(
    targets: Sequence[str],
    fmt: str | None,
    jobs: int | None,
    timeout: float | None,
    no_cache: bool,
    cache_dir: str | None,
    strict: bool | None,
    exit_zero: bool,
    output_file: str | None,
    shard: tuple[int, int] | None,
    claims_dir: str | None,
    memory_limit: int | None,
    quiet: int,
    verbose: int,
) -> None:
    """Check claims: `all` (the claims folder), files or folders, or claim ids.

    \b
    Exit status: 0 every claim as expected; 1 a claim refuted or proved against
    its `expect`, invalid, or timed out (or undecided, with --strict);
    2 a usage error (unknown option, no such file or id, bad config).
    """
    from derivcheck.runner import DEFAULT_TIMEOUT, RunOptions, run as run_claims, select
    from derivcheck.workers import DEFAULT_MEMORY_MB

    project = _project(claims_dir)
    config = project.config
    # --format (or DERIVCHECK_FORMAT, which click reads for it), then the report file's suffix, then the config.
    fmt = _resolve_format(fmt or _format_of_file(output_file) or config.format)
    strict_mode = bool(strict if strict is not None else config.strict)
    options = RunOptions(
        jobs=jobs or config.jobs or 0,
        timeout=timeout or config.timeout or DEFAULT_TIMEOUT,
        use_cache=not no_cache,
        cache_dir=project.cache_dir(cache_dir),
        memory_mb=memory_limit or DEFAULT_MEMORY_MB,
        shard=shard,
        display=fmt in ("html", "markdown", "github"),
    )
    from derivcheck.cache import Cache

    try:
        file_cache = None if no_cache else Cache(project.cache_dir(cache_dir))
        selection = select(list(targets), project, cache=file_cache)
    except UsageError as exc:
        _fail_usage(str(exc))
    progress = _progress(quiet)
    start = time.monotonic()
    try:
        results = run_claims(selection, options, on_result=progress.on_result, on_tick=progress.on_tick, on_start=progress.on_start)
    except KeyboardInterrupt:
        progress.close()
        click.echo("derivcheck: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    finally:
        progress.close()
    summary = summarize(results, time.monotonic() - start, strict=strict_mode)
    view = fmt
    if output_file:
        _write_report(output_file, fmt, results, summary, strict_mode, verbose)
        view = _terminal_view()
    report = _render(view, results, summary, strict_mode, quiet, verbose)
    if report:
        click.echo(report, nl=not report.endswith("\n"))
    if "github" in (fmt, view):
        from derivcheck.render.formats import append_step_summary

        try:
            append_step_summary(results, summary, strict=strict_mode)
        except OSError as exc:
            # The report is already out; a job summary that cannot be written must not turn a run red.
            target = os.environ.get("GITHUB_STEP_SUMMARY", "")
            click.echo(f"derivcheck: warning: cannot write the job summary to {target}: {exc.strerror or exc}", err=True)
    status = summary.exit_status()
    sys.exit(EXIT_OK if exit_zero else status)


def _resolve_format(fmt: str | None) -> str:
    if fmt in (None, "auto"):
        if os.environ.get("GITHUB_ACTIONS") == "true":
            return "github"
        return "rich" if sys.stdout.isatty() else "concise"
    return fmt


def _format_of_file(output_file: str | None) -> str | None:
    if output_file is None:
        return None
    from derivcheck.render.formats import format_for_path

    return format_for_path(output_file)


def _terminal_view() -> str:
    """What the terminal shows beside --output-file: annotations in GitHub Actions, else the rich view."""
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "rich"


def _write_report(path: str, fmt: str, results: list[ClaimResult], summary: Summary, strict: bool, verbose: int) -> None:
    """Write the whole report to ``path`` (-q shortens the terminal's view, not the file)."""
    if fmt == "rich":
        buffer = io.StringIO()
        from rich.console import Console

        _render(fmt, results, summary, strict, 0, verbose, console=Console(file=buffer, width=100, color_system=None, highlight=False))
        report = buffer.getvalue()
    else:
        report = _render(fmt, results, summary, strict, 0, verbose) or ""
    try:
        Path(path).write_text(report, encoding="utf-8")
    except OSError as exc:
        _fail_usage(f"cannot write {path}: {exc.strerror or exc}")


def _render(
    fmt: str, results: list[ClaimResult], summary: Summary, strict: bool, quiet: int, verbose: int, console: Console | None = None
) -> str | None:
    """Return the report text, or print the rich view (on ``console``) and return None."""
    if fmt == "rich":
        from derivcheck.render.terminal import print_run

        console = console or _console()
        if quiet >= 2:
            return None
        if quiet:
            from derivcheck.summary import fails

            print_run(console, [r for r in results if fails(r, strict)], summary, strict=strict)
        else:
            print_run(console, results, summary, strict=strict, verbose=verbose)
        return None
    if fmt == "json":
        from derivcheck.render import json_report

        return json_report.render(results, summary)
    from derivcheck.render import formats

    return formats.render(fmt, results, summary, strict=strict, quiet=quiet)


@main.command(context_settings=CONTEXT)
@click.argument("claim_id", metavar="ID")
@click.option("--format", "fmt", type=click.Choice(["rich", "json"]), default="rich", help="rich (default) or json.")
@click.option("--claims", "claims_dir", type=click.Path(), default=None, help="The claims folder to look in.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=None, help="Time budget in seconds.")
@click.option("--no-cache", is_flag=True, help="Check again even if a result is cached.")
@click.option("--cache-dir", type=click.Path(file_okay=False), default=None, help="Where cached results are kept.")
@click.option("--plot", "plot_file", type=click.Path(dir_okay=False), default=None, metavar="FILE.png",
              help="Also draw both sides over a range of the claim's one real variable (needs derivcheck[plot]).")
def explain(
    claim_id: str, fmt: str, claims_dir: str | None, timeout: float | None, no_cache: bool, cache_dir: str | None, plot_file: str | None
) -> None:
    """Show one claim: what it says, its domains, each link, and the evidence.

    The evidence is the strategy and the cases of a proof, or a counterexample
    with the values of both sides. With --plot, a claim in one real variable
    is also drawn, its counterexample marked.
    """
    from derivcheck.runner import DEFAULT_TIMEOUT, RunOptions, Selection, failure_result, find_claim, run as run_claims

    project = _project(claims_dir)
    try:
        claim, failure = find_claim(claim_id, project)
    except UsageError as exc:
        _fail_usage(str(exc))
    plan = None
    if plot_file is not None:
        # Every reason not to plot is a usage error, found before the claim is checked.
        from derivcheck.plot import PlotError, prepare, require_matplotlib

        try:
            require_matplotlib()
            if claim is None:
                raise PlotError(f"{claim_id} cannot be read, so it cannot be plotted")
            plan = prepare(claim)
        except PlotError as exc:
            _fail_usage(str(exc))
    if claim is None:
        assert failure is not None
        result = failure_result(failure)
    else:
        options = RunOptions(
            jobs=1,
            timeout=timeout or project.config.timeout or DEFAULT_TIMEOUT,
            use_cache=not no_cache,
            cache_dir=project.cache_dir(cache_dir),
            display=True,
        )
        try:
            result = run_claims(Selection(claims=[claim]), options)[0]
        except KeyboardInterrupt:
            click.echo("derivcheck: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)
    if fmt == "json":
        from derivcheck.render import json_report

        click.echo(json_report.render_one(result))
    else:
        from derivcheck.render.terminal import print_explain

        print_explain(_console(), claim, result)
    if plan is not None and plot_file is not None:
        from derivcheck.plot import PlotError, draw

        try:
            draw(plan, result, Path(plot_file))
        except PlotError as exc:
            _fail_usage(str(exc))
        click.echo(f"derivcheck: wrote {plot_file}", err=True)
    sys.exit(summarize([result]).exit_status())


@main.command("list", context_settings=CONTEXT)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--claims", "claims_dir", type=click.Path(), default=None, help="The claims folder.")
def list_claims(paths: Sequence[str], claims_dir: str | None) -> None:
    """List the claims of the claims folder (or of the given files and folders)."""
    from derivcheck.render.terminal import print_list
    from derivcheck.runner import select

    project = _project(claims_dir)
    try:
        selection = select(list(paths), project)
    except UsageError as exc:
        _fail_usage(str(exc))
    print_list(_console(), sorted(selection.claims, key=lambda c: (c.loc.file, c.loc.line)))
    for failure in selection.failures:
        click.echo(f"{failure.loc}: invalid: {failure.message}", err=True)


@main.command(context_settings=CONTEXT)
@click.option("--cache-dir", type=click.Path(file_okay=False), default=None, help="The cache folder to remove.")
def clean(cache_dir: str | None) -> None:
    """Remove cached results."""
    from derivcheck.cache import Cache, default_dir

    try:
        root = locate().cache_dir(cache_dir)
    except UsageError:  # a broken config must not keep a cache from being removed
        root = default_dir(cache_dir)
    removed = Cache(root).clear()
    click.echo(f"removed {removed} cached result{'s' if removed != 1 else ''} from {root}")


@main.command(context_settings=CONTEXT)
def schema() -> None:
    """Print the JSON Schema of a claims file (for editors and validators)."""
    import json

    from derivcheck.schema import json_schema

    click.echo(json.dumps(json_schema(), indent=2))


@main.command(context_settings=CONTEXT)
def functions() -> None:
    """List the functions a claim may use."""
    from rich.table import Table

    from derivcheck.vocabulary import VOCABULARY

    table = Table(show_edge=False)
    table.add_column("function", style="bold")
    table.add_column("arguments")
    table.add_column("meaning", overflow="fold")
    for name in sorted(VOCABULARY, key=str.lower):
        e = VOCABULARY[name]
        args = str(e.min_args) if e.min_args == e.max_args else f"{e.min_args}+" if e.max_args is None else f"{e.min_args}-{e.max_args}"
        table.add_row(name, args, e.summary)
    _console().print(table)


if __name__ == "__main__":  # pragma: no cover
    main()


def entry() -> NoReturn:
    """The console script: run a command, then end the process at once.

    Once the report is written and flushed, tearing the interpreter down
    (SymPy's caches and the many objects of a run) only costs time, about a
    tenth of a second. Files and the cache are closed by then, and the worker
    processes have been ended.

    SymPy memoises construction and assumption queries in one LRU cache of
    1000 entries; checking many claims in one process reuses far more than
    that. The size is read once, when SymPy is first imported, which the
    command line does only once it has claims to check.
    """
    os.environ.setdefault("SYMPY_CACHE_SIZE", "20000")
    try:
        main(standalone_mode=True)
        code: Any = 0
    except SystemExit as exc:
        code = exc.code
    if code is None:
        code = 0
    elif not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said
            pass
    os._exit(code)
