"""A run: select claims, serve what the cache knows, check the rest in workers.

This is the core the command line sits on; it works without click::

    from derivcheck.runner import RunOptions, run, select
    selection = select(["claims/"], locate())
    results = run(selection, RunOptions())

Nothing here imports SymPy: when every selected claim is cached, a run reads
YAML, hashes, and prints. The engine is imported (once, in this process, so
that forked workers inherit it) only when some claim must be checked.
"""

from __future__ import annotations

import difflib
import fnmatch
import hashlib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Sequence

from derivcheck.cache import Cache
from derivcheck.errors import UsageError
from derivcheck.evidence import Invalid
from derivcheck.model import Claim, ClaimFile, ClaimResult, LoadFailure, Verdict, duplicate_ids
from derivcheck.project import Project, claim_files, default_dir, display_path
from derivcheck.workers import DEFAULT_MEMORY_MB, WorkerPool, default_jobs, load_engine

DEFAULT_TIMEOUT = 20.0


@dataclass(frozen=True)
class RunOptions:
    """How to run: every option of ``derivcheck run`` that is not about printing."""

    jobs: int = 0  # 0: one per CPU
    timeout: float = DEFAULT_TIMEOUT
    use_cache: bool = True
    cache_dir: Path | None = None
    memory_mb: int | None = DEFAULT_MEMORY_MB
    shard: tuple[int, int] | None = None  # (k, n), 1-based k
    display: bool = False  # print each claim's mathematics (explain, HTML, Markdown)
    latex_check: bool = True  # compare each claim with its latex: (off: --no-latex-check)


@dataclass
class Selection:
    """The claims to check, and the entries that could not be read."""

    claims: list[Claim] = field(default_factory=list)
    failures: list[LoadFailure] = field(default_factory=list)
    files: list[ClaimFile] = field(default_factory=list)


def load_all(paths: Sequence[Path], exclude: tuple[str, ...] = (), cache: Cache | None = None) -> list[ClaimFile]:
    """Load every claims file under ``paths`` (parsed files come from ``cache`` when unchanged)."""
    return [_load(p, display_path(p), cache) for p in claim_files(list(paths), exclude)]


def _load(path: Path, display: str, cache: Cache | None) -> ClaimFile:
    """A claims file, parsed, from ``cache`` when its bytes are unchanged."""
    data = _small_file(path) if cache is not None else None
    if cache is not None and data is not None:
        hit = cache.parsed_file(data, display)
        if hit is not None:
            return hit
    # The loader imports PyYAML, a good part of the time of a run whose files are all cached.
    from derivcheck import loader

    if cache is None or data is None:
        return loader.load_file(path, display=display)  # which says why a file cannot be read
    loaded = loader.load_text(data, display)
    cache.put_parsed_file(data, display, loaded)
    return loaded


#: The loader's ``MAX_FILE_BYTES`` (not imported, see :func:`_load`): a larger file is refused, never cached.
_LARGEST_FILE = 5 * 1024 * 1024


def _small_file(path: Path) -> bytes | None:
    """The bytes of a file the loader would read; None for one too large or unreadable."""
    try:
        if path.stat().st_size > _LARGEST_FILE:
            return None
        return path.read_bytes()
    except OSError:
        return None


def _selection(files: list[ClaimFile], wanted: set[str] | None = None) -> Selection:
    dupes = duplicate_ids(files)
    dupe_places = {(f.loc.file, f.loc.line) for f in dupes}
    sel = Selection(files=files)
    for cf in files:
        for claim in cf.claims:
            if (claim.loc.file, claim.loc.line) in dupe_places:
                continue
            if wanted is None or claim.id in wanted:
                sel.claims.append(claim)
        for failure in cf.failures:
            if wanted is None or failure.claim_id in wanted:
                sel.failures.append(failure)
    for failure in dupes:
        if wanted is None or failure.claim_id in wanted:
            sel.failures.append(failure)
    return sel


def is_pattern(text: str) -> bool:
    """Whether an id as written is a glob (``output-*``) rather than one id."""
    return any(ch in text for ch in "*?[")


def _matching(patterns: Sequence[str], ids: set[str]) -> set[str]:
    return {i for i in ids if any(fnmatch.fnmatchcase(i, p) for p in patterns)}


def filter_ids(sel: Selection, only: Sequence[str] = (), skip: Sequence[str] = ()) -> Selection:
    """Keep the claims whose id matches a glob of ``only`` (all, when empty) and none of ``skip``.

    A file that cannot be read at all has no ids to match: it stays, since the
    claims it should hold may be the ones selected.

    Raises:
        UsageError: a glob of ``only`` that matches no claim of the selection.
    """
    if not only and not skip:
        return sel
    known = {c.id for c in sel.claims} | {f.claim_id for f in sel.failures if f.claim_id}
    for pattern in only:
        if not _matching([pattern], known):
            raise UsageError(f"--select '{pattern}' matches no claim{_hint(pattern, known)}")
    kept = (_matching(only, known) if only else known) - _matching(skip, known)
    return Selection(
        claims=[c for c in sel.claims if c.id in kept],
        failures=[f for f in sel.failures if f.claim_id is None or f.claim_id in kept],
        files=sel.files,
    )


def _hint(pattern: str, known: set[str]) -> str:
    hint = difflib.get_close_matches(pattern, sorted(known), n=1)
    return f" (did you mean '{hint[0]}'?)" if hint else ""


def select(
    targets: Sequence[str],
    project: Project,
    cache: Cache | None = None,
    *,
    only: Sequence[str] = (),
    skip: Sequence[str] = (),
) -> Selection:
    """Resolve the targets of ``derivcheck run``: ``all``, paths, claim ids or id globs.

    Args:
        only: id globs of ``--select``: of the targets, only the claims they match.
        skip: id globs of ``--exclude``: of those, not the claims they match.

    Raises:
        UsageError: a target that is neither a file, a folder, a known id nor
            a glob matching one; a glob of ``only`` that matches nothing.
    """
    return filter_ids(_targets(targets, project, cache), only, skip)


def _targets(targets: Sequence[str], project: Project, cache: Cache | None) -> Selection:
    exclude = project.config.exclude
    if not targets or list(targets) == ["all"]:
        return _selection(load_all([project.claims_dir], exclude, cache))
    paths = [Path(t) for t in targets if Path(t).exists()]
    ids = [t for t in targets if not Path(t).exists()]
    files = load_all(paths, exclude, cache) if paths else []
    sel = _selection(files)
    if ids:
        if "all" in ids:
            raise UsageError("'all' cannot be combined with other targets")
        folder = load_all([project.claims_dir], exclude, cache)
        known = {c.id for f in folder for c in f.claims} | {x.claim_id for f in folder for x in f.failures if x.claim_id}
        missing = [i for i in ids if i not in known and not (is_pattern(i) and _matching([i], known))]
        if missing:
            raise UsageError(_unknown_targets(missing, known, project))
        wanted = {i for i in ids if not is_pattern(i)} | _matching([i for i in ids if is_pattern(i)], known)
        by_id = _selection(folder, wanted)
        have = {c.id for c in sel.claims}
        sel.claims.extend(c for c in by_id.claims if c.id not in have)
        sel.failures.extend(by_id.failures)
    return sel


def _unknown_targets(missing: list[str], known: set[str], project: Project) -> str:
    first = missing[0]
    hint = difflib.get_close_matches(first, sorted(known), n=1)
    did = f" (did you mean '{hint[0]}'?)" if hint else ""
    looks_like_path = "/" in first or first.endswith((".yaml", ".yml"))
    kind = "no such file or folder" if looks_like_path else "no claim matches" if is_pattern(first) else "no claim with the id"
    where = f" in {display_path(project.claims_dir)}" if not looks_like_path else ""
    return f"{kind} '{first}'{where}{did}"


def find_claim(claim_id: str, project: Project) -> tuple[Claim | None, LoadFailure | None]:
    """The claim with this id in the project's claims folder (or its load failure).

    Raises:
        UsageError: no claim has this id.
    """
    sel = _selection(load_all([project.claims_dir], project.config.exclude), {claim_id})
    if sel.claims:
        return sel.claims[0], None
    if sel.failures:
        return None, sel.failures[0]
    known = {c.id for c in _selection(load_all([project.claims_dir])).claims}
    raise UsageError(_unknown_targets([claim_id], known, project))


def failure_result(failure: LoadFailure) -> ClaimResult:
    """An unreadable claim or file, as an ``invalid`` result."""
    return ClaimResult(
        id=failure.claim_id,
        title=failure.title or ("(unreadable file)" if failure.whole_file else "(unreadable claim)"),
        file=failure.loc.file,
        line=failure.loc.line,
        col=failure.loc.col,
        verdict=Verdict.INVALID,
        expect=failure.expect,
        error=f"{failure.loc}: {failure.message}",
        detail=failure.message,
        evidence=Invalid(failure.message, failure.loc.line, failure.loc.col),
    )


def _latex_as_asked(hit: ClaimResult, claim: Claim, wanted: bool) -> ClaimResult | None:
    """A cached result as this run asks for it: with its latex check, or without one.

    A result cached by a run with ``--no-latex-check`` has none: when one is
    wanted it is checked again (None); one that has it drops it when it is not.
    """
    if not wanted:
        return replace(hit, latex_check=None) if hit.latex_check is not None else hit
    if claim.latex and hit.latex_check is None and hit.verdict not in (Verdict.INVALID, Verdict.TIMEOUT):
        return None
    return hit


def shard_of(item_key: str, n: int) -> int:
    """The shard (1..n) an item belongs to: a stable hash, independent of the other items."""
    return int(hashlib.sha256(item_key.encode()).hexdigest()[:12], 16) % n + 1


class _Stop(Exception):
    """Raised from inside a run when ``stop`` says so; the run returns what it has."""


def run(
    selection: Selection,
    options: RunOptions,
    on_result: Callable[[ClaimResult], None] | None = None,
    on_tick: Callable[[], None] | None = None,
    on_start: Callable[[int, int], None] | None = None,
    stop: Callable[[ClaimResult], bool] | None = None,
) -> list[ClaimResult]:
    """Check the selected claims; results come back sorted by file and line.

    Args:
        on_result: called as each result is known (cached ones first).
        on_tick: called often while workers run (to refresh a progress display).
        on_start: called once with (number of claims, number to compute).
        stop: called with each result; when it returns True the run ends
            there (the workers are ended) and returns the results known so
            far (``--exit-first``).
    """
    results: list[ClaimResult] = []
    try:
        _run(selection, options, results, on_result, on_tick, on_start, stop)
    except _Stop:
        pass
    results.sort(key=lambda r: (r.file, r.line, r.col))
    return results


def _run(
    selection: Selection,
    options: RunOptions,
    results: list[ClaimResult],
    on_result: Callable[[ClaimResult], None] | None,
    on_tick: Callable[[], None] | None,
    on_start: Callable[[int, int], None] | None,
    stop: Callable[[ClaimResult], bool] | None,
) -> None:
    claims = list(selection.claims)
    failures = list(selection.failures)
    if options.shard is not None:
        k, n = options.shard
        claims = [c for c in claims if shard_of(c.id, n) == k]
        failures = [f for f in failures if shard_of(f.claim_id or f"{f.loc.file}:{f.loc.line}", n) == k]

    def emit(r: ClaimResult) -> None:
        results.append(r)
        if on_result is not None:
            on_result(r)
        if stop is not None and stop(r):
            raise _Stop

    for failure in failures:
        emit(failure_result(failure))
    cache = Cache(options.cache_dir or default_dir()) if options.use_cache else None
    todo: list[tuple[int, Claim]] = []
    for i, claim in enumerate(claims):
        hit = cache.get(claim) if cache else None
        if hit is not None and options.display and not hit.display.text and hit.verdict is not Verdict.INVALID:
            hit = None  # cached without its printed mathematics, which is wanted now
        if hit is not None:
            hit = _latex_as_asked(hit, claim, options.latex_check)
        if hit is not None:
            emit(hit)
        else:
            todo.append((i, claim))
    if on_start is not None:
        on_start(len(claims) + len(failures), len(todo))
    if todo:
        # The engine (SymPy) is imported only when some claim must be checked, so that a run
        # served from the cache stays fast; here, before forking, so that workers inherit it.
        load_engine(latex=options.latex_check and any(claim.latex for _, claim in todo))

        jobs = options.jobs or default_jobs()
        pool = WorkerPool(min(jobs, len(todo)), options.timeout, options.memory_mb, display=options.display, latex=options.latex_check)

        def done(index: int, result: ClaimResult) -> None:
            if cache is not None:
                cache.put(claims[index], result)
            emit(result)

        pool.run(todo, done, on_tick)
