"""Where a stream of claims is checked: the engines of ``derivcheck batch`` and ``check_many``, one entry each.

Every engine runs each claim in a :class:`~derivcheck.workers.WorkerPool`
worker, so every claim has the same hard limits wherever it runs: its time
budget and its memory ceiling are enforced by ending the worker process.
An engine takes claims lazily (a claim that could not be read arrives as its
``invalid`` result and is passed on as it is), keeps a bounded number in
flight, and yields results in the order they finish.

A new engine is one function and one entry of :data:`ENGINES`.
"""

from __future__ import annotations

import importlib.util
import logging
import os
from dataclasses import dataclass
from typing import Any, Callable, Generator, Iterable

from derivcheck.errors import UsageError
from derivcheck.model import Claim, ClaimResult, Verdict
from derivcheck.runner import DEFAULT_TIMEOUT
from derivcheck.workers import DEFAULT_MEMORY_MB, WorkerPool, default_jobs, load_engine

#: Claims handed to one Ray task: enough to pay for the task's overhead, few enough to share out.
RAY_CHUNK = 16

#: Claims one worker process answers before a fresh one is forked in its place
#: (see WorkerPool's ``recycle_after``): memory stays flat over a long batch.
WORKER_CLAIMS = 1000

#: Ray tasks in flight per CPU of the cluster, so that a CPU never waits for the driver.
RAY_TASKS_PER_CPU = 2


@dataclass(frozen=True)
class Limits:
    """How an engine runs: the options of ``derivcheck batch`` that are not about files."""

    jobs: int = 0  # local: worker processes; ray: the CPUs of a cluster it starts (0: one per CPU)
    timeout: float = DEFAULT_TIMEOUT
    memory_mb: int | None = DEFAULT_MEMORY_MB
    address: str | None = None  # ray: the cluster to join (None: RAY_ADDRESS, else a new local one)


Item = Claim | ClaimResult
Run = Callable[[Iterable[Item], Limits], Generator[ClaimResult, None, None]]


@dataclass(frozen=True)
class Engine:
    """One way to check a stream of claims."""

    name: str
    summary: str
    run: Run
    needs: str | None = None  # the module it imports, from an optional extra
    joins: bool = False  # whether it joins a cluster at an address

    def check_available(self) -> None:
        """Raise a usage error when the engine's optional dependency is not installed."""
        if self.needs is not None and importlib.util.find_spec(self.needs) is None:
            raise UsageError(
                f"--engine {self.name} needs the '{self.needs}' package: pip install 'derivcheck[{self.needs}]'"
            )


def _local(items: Iterable[Item], limits: Limits) -> Generator[ClaimResult, None, None]:
    load_engine()
    pool = WorkerPool(limits.jobs or default_jobs(), limits.timeout, limits.memory_mb, recycle_after=WORKER_CLAIMS)
    for _, result in pool.stream((number, item) for number, item in enumerate(items)):
        yield result


def check_chunk(claims: list[Claim], timeout: float, memory_mb: int | None) -> list[ClaimResult]:
    """What one Ray task runs: its claims in a pool of one worker, with the hard limits of a local run."""
    load_engine()
    results: list[ClaimResult] = []
    WorkerPool(1, timeout, memory_mb).run(list(enumerate(claims)), lambda _, result: results.append(result))
    return results


def _ray(items: Iterable[Item], limits: Limits) -> Generator[ClaimResult, None, None]:
    # Ray is an optional extra, a large one: imported only when this engine runs.
    import ray

    started = not ray.is_initialized()
    if started:
        options: dict[str, Any] = {"include_dashboard": False, "logging_level": logging.WARNING}
        if limits.address is None and not os.environ.get("RAY_ADDRESS"):  # a cluster of our own
            options["num_cpus"] = limits.jobs or default_jobs()
        ray.init(address=limits.address, **options)
    try:
        task = ray.remote(num_cpus=1, max_retries=0)(check_chunk)
        cpus = ray.cluster_resources().get("CPU", 1)  # type: ignore[no-untyped-call, unused-ignore]
        in_flight = max(1, int(cpus)) * RAY_TASKS_PER_CPU
        pending: list[Any] = []
        chunks: dict[Any, list[Claim]] = {}  # each pending task's claims, to account for them if it fails
        chunk: list[Claim] = []
        source = iter(items)
        exhausted = False
        while True:
            while not exhausted and len(pending) < in_flight:
                item = next(source, None)
                if item is None:
                    exhausted = True
                elif isinstance(item, ClaimResult):
                    yield item
                    continue
                else:
                    chunk.append(item)
                if chunk and (len(chunk) >= RAY_CHUNK or exhausted):
                    ref = task.remote(chunk, limits.timeout, limits.memory_mb)
                    pending.append(ref)
                    chunks[ref] = chunk
                    chunk = []
            if not pending:
                break
            ready, pending = ray.wait(pending, num_returns=1)
            for ref in ready:
                claims = chunks.pop(ref)
                try:
                    results = ray.get(ref)
                except ray.exceptions.RayError as exc:  # the task's process died (a node lost, say)
                    results = [_lost(claim, exc) for claim in claims]
                yield from results
    finally:
        if started:
            ray.shutdown()


def _lost(claim: Claim, exc: Exception) -> ClaimResult:
    """The result of a claim whose Ray task failed: like a worker ended abruptly in a local run."""
    reason = str(exc).strip().splitlines()[0][:300] if str(exc).strip() else type(exc).__name__
    return ClaimResult.for_claim(claim, Verdict.TIMEOUT, detail=f"the Ray task checking the claim failed: {reason}")


#: The engines, by name: ``--engine NAME``, ``check_many(engine=NAME)``.
ENGINES: dict[str, Engine] = {
    engine.name: engine
    for engine in (
        Engine("local", "worker processes on this machine (the default)", _local),
        Engine("ray", "Ray tasks on a cluster (--address) or on a local one", _ray, needs="ray", joins=True),
    )
}


def engine(name: str, limits: Limits) -> Engine:
    """The engine called ``name``, ready to run with ``limits``.

    Raises:
        UsageError: no such engine, its optional dependency is not installed,
            or an address given to an engine that joins no cluster.
    """
    found = ENGINES.get(name)
    if found is None:
        raise UsageError(f"no engine '{name}': the engines are {', '.join(ENGINES)}")
    if limits.address is not None and not found.joins:
        raise UsageError(f"--engine {name} joins no cluster: --address is for {', '.join(e.name for e in ENGINES.values() if e.joins)}")
    found.check_available()
    return found
