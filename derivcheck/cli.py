"""The command line: a thin layer of click over :mod:`derivcheck.runner`.

Only this module imports click. Exit statuses: 0 when every claim checked
passes, 1 when a claim fails its ``expect``, is invalid or times out, 2 for a
usage error, 130 when interrupted.
"""

from __future__ import annotations

import fnmatch
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, Sequence

import click
from click.shell_completion import CompletionItem

if TYPE_CHECKING:
    from rich.console import Console

from derivcheck import watch
from derivcheck.errors import DerivcheckError, UsageError
from derivcheck.model import ClaimResult
from derivcheck.project import Project, default_dir, display_path, locate
from derivcheck.summary import EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, Summary, fails, summarize
from derivcheck.version import __version__

# The commands import the rest where they use it: the runner and the engine behind
# it, the renderers, rich, matplotlib. `derivcheck --version`, `--help` and shell
# completion start without them, and a run served from the cache without SymPy.

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

#: ``--color``: auto (colour on a terminal, honouring NO_COLOR and FORCE_COLOR), always or never.
_COLOR = "auto"


def _fail_usage(message: str) -> NoReturn:
    click.echo(f"derivcheck: error: {message}", err=True)
    sys.exit(EXIT_USAGE)


def _project(claims_dir: str | None) -> Project:
    from derivcheck.options import check_format  # the renderers' table of formats

    try:
        project = locate()
        check_format(project.config)
    except UsageError as exc:
        _fail_usage(str(exc))
    if claims_dir is not None:
        path = Path(claims_dir)
        if not path.is_dir():
            _fail_usage(f"no such folder: {claims_dir}")
        project = Project(path, project.config)
    return project


def _console(stderr: bool = False) -> Console:
    from derivcheck.render.terminal import console  # rich (see the note above)

    return console(_COLOR, stderr)


class _Main(click.Group):
    """The command group: an unexpected exception exits 2, like a usage error, never 1.

    Exit status 1 says "a claim failed"; a crash must not be mistaken for that,
    nor be hidden by --exit-zero.
    """

    def invoke(self, ctx: click.Context) -> Any:
        global _COLOR
        _COLOR = "auto"  # each invocation's own --color (several run in one process under tests)
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
            import traceback  # only after a crash

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


def _ids(ctx: click.Context, param: click.Parameter, value: Sequence[str]) -> tuple[str, ...]:
    """``--select a,b --select 'c-*'``: every glob, comma lists split."""
    return tuple(part.strip() for v in value for part in v.split(",") if part.strip())


def _project_ids(ctx: click.Context) -> list[str]:
    """The claim ids of the project's claims folder, for completion; none when anything goes wrong."""
    try:
        from derivcheck.cache import Cache  # completion: the runner only once an id is wanted
        from derivcheck.runner import load_all

        claims_dir = ctx.params.get("claims_dir")
        project = _project_quietly(claims_dir if isinstance(claims_dir, str) else None)
        files = load_all([project.claims_dir], project.config.exclude, Cache(project.cache_dir()))
    except Exception:  # noqa: BLE001 - completion must never print a traceback into the shell
        return []
    return sorted({c.id for f in files for c in f.claims} | {x.claim_id for f in files for x in f.failures if x.claim_id})


def _project_quietly(claims_dir: str | None) -> Project:
    project = locate()
    return Project(Path(claims_dir), project.config) if claims_dir else project


def _complete_ids(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Completion of an id (``explain``, ``--select``): the claim ids of the project that start so."""
    head, _, last = incomplete.rpartition(",")  # --select a,b<TAB> completes b
    prefix = f"{head}," if head else ""
    return [CompletionItem(prefix + i) for i in _project_ids(ctx) if i.startswith(last)]


def _complete_targets(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[CompletionItem]:
    """Completion of ``run``'s targets: ``all``, the claim ids, and paths.

    The file entry comes first: bash's script clears its list for it and then
    completes paths only when no id or ``all`` matched.
    """
    items = [CompletionItem(incomplete, type="file")]
    if "/" in incomplete or incomplete.startswith("."):
        return items
    if "all".startswith(incomplete):
        items.append(CompletionItem("all", help="every claim of the claims folder"))
    items.extend(CompletionItem(i) for i in _project_ids(ctx) if i.startswith(incomplete))
    return items


class _Formats(click.Choice[str]):
    """``--format``'s choices, read from the table of formats when click asks for them.

    click.Choice keeps a copy of its list; this one reads the table each time, so
    a format added with ``formats.register`` is accepted, listed in ``--help``
    and completed. The table is imported only then: ``derivcheck --help`` does
    without it.
    """

    def __init__(self) -> None:
        super().__init__(())

    @property
    def choices(self) -> tuple[str, ...]:
        from derivcheck.render.formats import names  # the table of formats

        return names()

    @choices.setter
    def choices(self, value: tuple[str, ...]) -> None:
        pass  # the table is the list


def _set_color(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    global _COLOR
    if value is not None:
        _COLOR = value
    return value


def _color_option(command: Any) -> Any:
    return click.option(
        "--color",
        type=click.Choice(["auto", "always", "never"]),
        default=None,
        expose_value=False,
        is_eager=True,
        callback=_set_color,
        help="Colour the output: auto (on a terminal; honours NO_COLOR), always or never.",
    )(command)


@main.command(context_settings=CONTEXT)
@click.argument("targets", nargs=-1, metavar="[all | PATH... | ID... | 'GLOB'...]", shell_complete=_complete_targets)
@click.option("--format", "fmt", type=_Formats(), default=None, envvar="DERIVCHECK_FORMAT",
              help="Report format. auto: github in GitHub Actions, rich on a terminal, concise otherwise. [env: DERIVCHECK_FORMAT]")
@click.option("--select", "only", multiple=True, callback=_ids, metavar="IDS", shell_complete=_complete_ids,
              help="Only the claims whose id matches one of these globs (comma-separated, repeatable), e.g. 'softmax-*'.")
@click.option("--exclude", "skip", multiple=True, callback=_ids, metavar="IDS", shell_complete=_complete_ids,
              help="Leave out the claims whose id matches one of these globs (the config's exclude names files).")
@click.option("-x", "--exit-first", is_flag=True, help="Stop at the first claim that fails.")
@click.option("--statistics", is_flag=True, help="Counts per verdict and per file instead of a line per claim (JSON: a 'statistics' key).")
@click.option("--watch", is_flag=True, help="After the run, check again the claims each save changes, until Ctrl-C.")
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
@_color_option
def run(
    targets: Sequence[str],
    fmt: str | None,
    only: tuple[str, ...],
    skip: tuple[str, ...],
    exit_first: bool,
    statistics: bool,
    watch: bool,
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
    """Check claims: `all` (the claims folder), files or folders, claim ids or id globs.

    \b
    Exit status: 0 every claim as expected; 1 a claim refuted or proved against
    its `expect`, invalid, or timed out (or undecided, with --strict);
    2 a usage error (unknown option, no such file or id, bad config).
    """
    from derivcheck.cache import Cache
    from derivcheck.options import settings  # the runner and the renderers
    from derivcheck.runner import select

    project = _project(claims_dir)
    # --format is DERIVCHECK_FORMAT too: click reads the variable for it.
    merged = settings(
        project,
        fmt=fmt,
        output_file=output_file,
        strict=strict,
        jobs=jobs,
        timeout=timeout,
        use_cache=not no_cache,
        cache_dir=cache_dir,
        memory_mb=memory_limit,
        shard=shard,
    )
    options = merged.run
    report = _Report(
        fmt=merged.fmt, strict=merged.strict, quiet=quiet, verbose=verbose, output_file=output_file, statistics=statistics
    )
    file_cache = None if no_cache else Cache(project.cache_dir(cache_dir))
    uses_folder = not any(Path(t).exists() for t in targets)
    if project.bundled and uses_folder and quiet < 2:
        # The contract's fallback; said aloud, so that a CI job started in the wrong folder shows it.
        click.echo(
            f"derivcheck: no ./claims folder and no [tool.derivcheck] claims setting here: "
            f"checking the bundled assignment claims ({project.claims_dir})",
            err=True,
        )
    try:
        selection = select(list(targets), project, cache=file_cache, only=only, skip=skip)
    except UsageError as exc:
        _fail_usage(str(exc))
    status = _check(selection, options, report, exit_first)
    if not selection.claims and not selection.failures and quiet < 2:
        where = ", ".join(targets) if targets and targets != ("all",) else display_path(project.claims_dir)
        click.echo(f"derivcheck: warning: no claims found in {where}: nothing was checked", err=True)
    if watch:
        status = _watch(list(targets), project, file_cache, only, skip, options, report, exit_first)
    sys.exit(EXIT_OK if exit_zero else status)


class _Report:
    """How a run is shown: the options of ``run`` that are about printing, and the printing itself."""

    def __init__(self, *, fmt: str, strict: bool, quiet: int, verbose: int, output_file: str | None, statistics: bool) -> None:
        self.fmt = fmt
        self.strict = strict
        self.quiet = quiet
        self.verbose = verbose
        self.output_file = output_file
        self.statistics = statistics

    def show(self, results: list[ClaimResult], summary: Summary, note: str | None = None) -> None:
        from derivcheck import report  # the renderers
        from derivcheck.options import terminal_view

        view = self.fmt
        if self.output_file:
            report.write_report(self.output_file, self.fmt, results, summary, self.strict, self.verbose, self.statistics)
            view = terminal_view()
        text = report.render(
            view, results, summary, self.strict, self.quiet, self.verbose, statistics=self.statistics, make_console=_console
        )
        if text:
            click.echo(text, nl=not text.endswith("\n"))
        if note and self.quiet < 2:
            click.echo(f"derivcheck: {note}", err=True)
        if "github" in (self.fmt, view):
            warning = report.step_summary(results, summary, self.strict)
            if warning:
                click.echo(f"derivcheck: warning: {warning}", err=True)


def _check(selection: Any, options: Any, report: _Report, exit_first: bool) -> int:
    """Run the selection, show its report; the exit status of the run."""
    from derivcheck.report import progress_of
    from derivcheck.runner import run as run_claims  # the runner

    stop = (lambda r: fails(r, report.strict)) if exit_first else None
    progress = progress_of(report.quiet, lambda: _console(stderr=True))
    start = time.monotonic()
    try:
        results = run_claims(selection, options, on_result=progress.on_result, on_tick=progress.on_tick, on_start=progress.on_start, stop=stop)
    except KeyboardInterrupt:
        progress.close()
        click.echo("derivcheck: interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
    finally:
        progress.close()
    summary = summarize(results, time.monotonic() - start, strict=report.strict)
    total = len(selection.claims) + len(selection.failures)
    note = None
    if exit_first and summary.failed and summary.total < total:
        note = f"stopped at the first failure (-x): {total - summary.total} of {total} claims not checked"
    report.show(results, summary, note)
    return summary.exit_status()


def _watch(
    targets: list[str], project: Project, cache: Any, only: tuple[str, ...], skip: tuple[str, ...], options: Any, report: _Report, exit_first: bool
) -> int:
    """``--watch``: after the first run, check again the claims each save touches, until Ctrl-C."""
    from derivcheck.runner import Selection, select  # the runner

    folder_targets = [Path(t) for t in targets if Path(t).exists()] or [project.claims_dir]
    files = select(targets, project, cache=cache, only=only, skip=skip).files
    status = EXIT_OK
    click.echo(f"derivcheck: watching {', '.join(display_path(p) for p in folder_targets)} (Ctrl-C to stop)", err=True)

    def on_change(changed: set[Path]) -> None:
        nonlocal files, status
        try:
            now = select(targets, project, cache=cache).files
        except UsageError as exc:  # a file named on the command line was removed, say
            click.echo(f"derivcheck: {exc}", err=True)
            return
        claims, failures = watch.touched(files, now, {display_path(p) for p in changed})
        files = now
        kept = [c for c in claims if (not only or _matches(c.id, only)) and not _matches(c.id, skip)]
        if kept or failures:
            status = _check(Selection(claims=kept, failures=failures), options, report, exit_first)

    try:
        watch.loop(folder_targets, on_change, exclude=project.config.exclude)
    except KeyboardInterrupt:
        click.echo("derivcheck: stopped watching", err=True)
        sys.exit(EXIT_INTERRUPTED)
    return status


def _matches(claim_id: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatchcase(claim_id, p) for p in patterns)


@main.command(context_settings=CONTEXT)
@click.argument("claim_id", metavar="ID", shell_complete=_complete_ids)
@click.option("--format", "fmt", type=click.Choice(["rich", "json"]), default="rich", help="rich (default) or json.")
@click.option("--claims", "claims_dir", type=click.Path(), default=None, help="The claims folder to look in.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=None, help="Time budget in seconds.")
@click.option("--no-cache", is_flag=True, help="Check again even if a result is cached.")
@click.option("--cache-dir", type=click.Path(file_okay=False), default=None, help="Where cached results are kept.")
@click.option("--plot", "plot_file", type=click.Path(dir_okay=False), default=None, metavar="FILE.png",
              help="Also draw both sides over a range of the claim's one real variable (needs derivcheck[plot]).")
@_color_option
def explain(
    claim_id: str, fmt: str, claims_dir: str | None, timeout: float | None, no_cache: bool, cache_dir: str | None, plot_file: str | None
) -> None:
    """Show one claim: what it says, its domains, each link, and the evidence.

    The evidence is the strategy and the cases of a proof, or a counterexample
    with the values of both sides. With --plot, a claim in one real variable
    is also drawn, its counterexample marked.
    """
    from derivcheck.options import settings  # the runner and the renderers
    from derivcheck.runner import Selection, failure_result, find_claim, run as run_claims

    project = _project(claims_dir)
    try:
        claim, failure = find_claim(claim_id, project)
    except UsageError as exc:
        _fail_usage(str(exc))
    plan = None
    if plot_file is not None:
        # Every reason not to plot is a usage error, found before the claim is checked.
        from derivcheck.plot import PlotError, prepare, require_matplotlib  # matplotlib, optional

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
        options = settings(project, jobs=1, timeout=timeout, use_cache=not no_cache, cache_dir=cache_dir, display=True).run
        try:
            result = run_claims(Selection(claims=[claim]), options)[0]
        except KeyboardInterrupt:
            click.echo("derivcheck: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)
    if fmt == "json":
        from derivcheck.render import json_report  # a renderer

        click.echo(json_report.render_one(result))
    else:
        from derivcheck.render.explain import print_explain  # rich

        print_explain(_console(), claim, result)
    if plan is not None and plot_file is not None:
        from derivcheck.plot import PlotError, draw  # matplotlib, optional

        try:
            draw(plan, result, Path(plot_file))
        except PlotError as exc:
            _fail_usage(str(exc))
        click.echo(f"derivcheck: wrote {plot_file}", err=True)
    sys.exit(summarize([result]).exit_status())


@main.command("list", context_settings=CONTEXT)
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--claims", "claims_dir", type=click.Path(), default=None, help="The claims folder.")
@click.option("--format", "fmt", type=click.Choice(["auto", "rich", "concise", "json"]), default="auto",
              help="auto: rich on a terminal, else concise (one line per claim, `file:line: id title`); json: one document.")
@click.option("--select", "only", multiple=True, callback=_ids, metavar="IDS", shell_complete=_complete_ids,
              help="Only the claims whose id matches one of these globs.")
@click.option("--exclude", "skip", multiple=True, callback=_ids, metavar="IDS", shell_complete=_complete_ids,
              help="Leave out the claims whose id matches one of these globs.")
@_color_option
def list_claims(paths: Sequence[str], claims_dir: str | None, fmt: str, only: tuple[str, ...], skip: tuple[str, ...]) -> None:
    """List the claims of the claims folder (or of the given files and folders).

    Ids are never cut short, whatever the width: each can be copied for `explain`.
    """
    from derivcheck.runner import select  # the runner

    project = _project(claims_dir)
    try:
        selection = select(list(paths), project, only=only, skip=skip)
    except UsageError as exc:
        _fail_usage(str(exc))
    claims = sorted(selection.claims, key=lambda c: (c.loc.file, c.loc.line))
    if fmt == "auto":
        fmt = "rich" if sys.stdout.isatty() else "concise"
    if fmt == "json":
        from derivcheck.report import claims_list  # the renderers

        click.echo(claims_list(claims, selection.failures))
        return
    if fmt == "concise":
        for c in claims:
            click.echo(f"{c.loc.file}:{c.loc.line}: {c.id}  {' '.join(c.title.split())}")
    else:
        from derivcheck.render.terminal import print_list  # rich

        print_list(_console(), claims)
    for failure in selection.failures:
        click.echo(f"{failure.loc}: invalid: {failure.message}", err=True)


@main.command(context_settings=CONTEXT)
@click.option("--cache-dir", type=click.Path(file_okay=False), default=None, help="The cache folder to remove.")
def clean(cache_dir: str | None) -> None:
    """Remove cached results."""
    from derivcheck.cache import Cache  # hashing and file-writing modules the other commands may not need

    try:
        root = locate().cache_dir(cache_dir)
    except UsageError:  # a broken config must not keep a cache from being removed
        root = default_dir(cache_dir)
    removed = Cache(root).clear()
    click.echo(f"removed {removed} cached result{'s' if removed != 1 else ''} from {root}")


@main.command(context_settings=CONTEXT)
def schema() -> None:
    """Print the JSON Schema of a claims file (for editors and validators)."""
    import json  # not needed by the other commands: they start without it

    from derivcheck.schema import json_schema  # the claim format's tables

    click.echo(json.dumps(json_schema(), indent=2))


@main.command(context_settings=CONTEXT)
def functions() -> None:
    """List the functions a claim may use."""
    from derivcheck.render.terminal import print_functions  # rich
    from derivcheck.vocabulary import VOCABULARY  # the language layer, and SymPy with it

    print_functions(_console(), VOCABULARY)


@main.command(context_settings=CONTEXT)
@click.argument("source", metavar="IN.jsonl")
@click.option("-o", "--output", default="-", metavar="OUT.jsonl",
              help="Where each result goes, one JSON line per claim, as it finishes (default: standard output). "
              "Run again with the same file to resume: claims whose id it holds are skipped.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes (default: one per CPU); with --engine ray, the CPUs of the local cluster it starts.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=None,
              help="Time budget of one claim, in seconds (default 20).")
@click.option("--memory-limit", type=click.IntRange(min=256), default=None, metavar="MIB",
              help="Address-space ceiling of one worker, in MiB (default 3072).")
@click.option("--engine", "engine_name", default="local", metavar="local|ray", show_default=True,
              help="local: worker processes here; ray: Ray tasks (needs derivcheck[ray]).")
@click.option("--address", default=None, help="With --engine ray: the cluster to join (default: RAY_ADDRESS, else a new local one).")
@click.option("--strict/--no-strict", default=None, help="Fail the run when a claim is undecided.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when claims fail (the output says which).")
@click.option("-q", "--quiet", count=True, help="No summary line on standard error.")
def batch(
    source: str,
    output: str,
    jobs: int | None,
    timeout: float | None,
    memory_limit: int | None,
    engine_name: str,
    address: str | None,
    strict: bool | None,
    exit_zero: bool,
    quiet: int,
) -> None:
    """Check a JSON Lines file of claims (`-`: standard input; gzip too), one result line per claim.

    \b
    Each input line is one claim as a JSON object with the keys of a claim of a
    claims file; each output line is its result as in `run --format json`.
    Exit status: as `run` (0 every claim as expected, 1 some failed, invalid or
    timed out, counting the results already in OUT; 2 a usage error).
    """
    from derivcheck.batch import run_batch  # the engines and the runner
    from derivcheck.engines import Limits
    from derivcheck.options import settings

    merged = settings(_project(None), jobs=jobs, timeout=timeout, memory_mb=memory_limit, strict=strict, use_cache=False)
    limits = Limits(jobs=merged.run.jobs, timeout=merged.run.timeout, memory_mb=merged.run.memory_mb, address=address)
    try:
        tally = run_batch(source, output, engine_name, limits, strict=merged.strict)
    except UsageError as exc:
        _fail_usage(str(exc))
    if not quiet:
        click.echo(f"derivcheck: {tally.line()}", err=True)
    sys.exit(EXIT_OK if exit_zero else tally.exit_status())


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
