"""The Python API: check a claim written inline, or the claims of files, from a notebook or a script.

Every function returns :class:`~derivcheck.model.ClaimResult` objects, the
same results ``derivcheck run --format json`` prints (``result.to_dict()`` is
that JSON object)::

    >>> import derivcheck
    >>> r = derivcheck.check("diff(sigmoid(x), x) == sigmoid(x)*(1 - sigmoid(x))", symbols={"x": "real"})
    >>> r.verdict.value, r.passed
    ('proved', True)

An inline claim is written as a claims file would hold it and read by the
same loader, so it obeys the claim format exactly; its places (in messages)
are lines of that file, named ``<check>``.
"""

from __future__ import annotations

import os
from typing import Any, Iterable, Iterator, Literal, Mapping, Sequence, Union

import yaml  # type: ignore[import-untyped, unused-ignore]

from derivcheck.batch import check_mappings
from derivcheck.engines import Limits
from derivcheck.loader import load_text
from derivcheck.model import ClaimResult
from derivcheck.options import check_format
from derivcheck.project import locate
from derivcheck.runner import DEFAULT_TIMEOUT, RunOptions, Selection, failure_result, run, select
from derivcheck.workers import DEFAULT_MEMORY_MB

#: A domain as ``symbols:`` takes it: words or an interval as text, or a list of values.
Domain = Union[str, Sequence[Union[str, int, float]]]

#: What ``random:`` takes for a name: a distribution, or a list of them (checked for each).
Distributions = Union[str, Sequence[str]]

#: The file name the places of an inline claim carry.
INLINE_FILE = "<check>"

__all__ = ["check", "check_file", "check_paths", "check_many", "Domain", "Distributions"]


def check(
    claim: str | Sequence[str],
    *,
    symbols: Mapping[str, Domain] | None = None,
    where: Mapping[str, str] | None = None,
    random: Mapping[str, Distributions] | None = None,
    assume: str | Sequence[str] | None = None,
    expect: Literal["holds", "refuted"] = "holds",
    id: str = "claim",
    title: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> ClaimResult:
    """Check one claim written inline, as the keys of a claim in a claims file.

    Args:
        claim: a relation or boolean statement (``claim:``), or a list of
            expressions, each equal to the next (``steps:``).
        symbols: name to domain, e.g. ``{"x": "real", "n": [2, 3]}``.
        where: ordered let-bindings, name to expression.
        random: name to distribution, e.g. ``{"a": "Normal(0, s)"}``.
        assume: a condition, or a list of conditions, restricting the domain.
        expect: ``"holds"`` or ``"refuted"`` (a known error): what ``passed`` compares with.
        id: the claim's id (kebab-case), shown in its result.
        title: one line saying what the claim says (default: the claim itself).
        timeout: the claim's time budget in seconds.

    Returns:
        The claim's result; an ``invalid`` one (with ``error``) when it
        cannot be read. Never raises for a bad claim.
    """
    entry: dict[str, object] = {"id": id, "title": title or (claim if isinstance(claim, str) else " = ".join(claim))}
    if symbols:
        entry["symbols"] = {name: domain if isinstance(domain, str) else list(domain) for name, domain in symbols.items()}
    if random:
        entry["random"] = {name: d if isinstance(d, str) else list(d) for name, d in random.items()}
    if where:
        entry["where"] = dict(where)
    if assume:
        entry["assume"] = assume if isinstance(assume, str) else list(assume)
    if isinstance(claim, str):
        entry["claim"] = claim
    else:
        entry["steps"] = list(claim)
    entry["expect"] = expect
    text = yaml.safe_dump({"claims": [entry]}, sort_keys=False, allow_unicode=True)
    loaded = load_text(text, INLINE_FILE)
    if loaded.failures:
        return failure_result(loaded.failures[0])
    (result,) = run(Selection(claims=list(loaded.claims)), RunOptions(jobs=1, timeout=timeout, use_cache=False))
    return result


def check_file(
    path: str | os.PathLike[str],
    *,
    jobs: int = 0,
    timeout: float = DEFAULT_TIMEOUT,
    use_cache: bool = True,
    cache_dir: str | os.PathLike[str] | None = None,
) -> list[ClaimResult]:
    """Check every claim of one claims file (or of a folder of them).

    Args:
        path: the claims file or folder.
        jobs: worker processes (0: one per CPU).
        timeout: the time budget of one claim, in seconds.
        use_cache: read and write cached results (as ``derivcheck run``; False is ``--no-cache``).
        cache_dir: where cached results are kept (default: as ``derivcheck run``).

    Returns:
        One result per claim, sorted by file and line; a file that cannot be
        read is one ``invalid`` result with ``id`` None.

    Raises:
        derivcheck.errors.UsageError: no such file or folder, or a bad ``[tool.derivcheck]``.
    """
    return check_paths([path], jobs=jobs, timeout=timeout, use_cache=use_cache, cache_dir=cache_dir)


def check_paths(
    paths: Sequence[str | os.PathLike[str]],
    *,
    jobs: int = 0,
    timeout: float = DEFAULT_TIMEOUT,
    use_cache: bool = True,
    cache_dir: str | os.PathLike[str] | None = None,
) -> list[ClaimResult]:
    """Check the claims of several files and folders: :func:`check_file` for each, in one run.

    Raises:
        derivcheck.errors.UsageError: a path that does not exist, or a bad ``[tool.derivcheck]``.
    """
    project = locate()
    check_format(project.config)  # the whole config is checked, as the command line does
    selection = select([os.fspath(p) for p in paths], project)
    options = RunOptions(jobs=jobs, timeout=timeout, use_cache=use_cache, cache_dir=project.cache_dir(cache_dir) if use_cache else None)
    return run(selection, options)


def check_many(
    claims: Iterable[Mapping[str, Any]],
    *,
    engine: str = "local",
    jobs: int | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    memory_limit: int | None = None,
    address: str | None = None,
) -> Iterator[ClaimResult]:
    """Check many claims, yielding each result as it finishes (``derivcheck batch`` without files).

    Each claim is a mapping with the keys of a claim of a claims file (``id``,
    ``title``, ``symbols``, ``claim`` or ``steps``, ...), values as JSON has
    them, read by the same loader. Claims are drawn from ``claims`` as workers
    free up, so a generator of millions is fine::

        >>> rows = ({"id": f"c-{k}", "title": "t", "symbols": {"x": "real"},
        ...          "claim": f"(x + {k})**2 == x**2 + {2 * k}*x + {k * k}"} for k in range(3))
        >>> sorted(r.verdict.value for r in derivcheck.check_many(rows, jobs=1))  # doctest: +SKIP
        ['proved', 'proved', 'proved']

    Args:
        claims: the claims; the place of each (``result.line``) is its position, from 1.
        engine: ``"local"`` (worker processes here) or ``"ray"`` (Ray tasks; needs ``derivcheck[ray]``).
        jobs: worker processes (None: one per CPU); for ``"ray"`` without an
            address, the CPUs of the local cluster started.
        timeout: the time budget of one claim, in seconds, enforced by ending its worker.
        memory_limit: the address-space ceiling of one worker, in MiB (None: 3072).
        address: for ``"ray"``, the cluster to join (None: ``RAY_ADDRESS``, else a new local one).

    Returns:
        The results, in the order they finish: an ``invalid`` one (with
        ``error``) for a claim that cannot be read or reuses an earlier id.

    Raises:
        derivcheck.errors.UsageError: at once: no such engine, or Ray not installed.
    """
    limits = Limits(jobs=jobs or 0, timeout=timeout, memory_mb=memory_limit or DEFAULT_MEMORY_MB, address=address)
    return check_mappings(claims, engine, limits)
