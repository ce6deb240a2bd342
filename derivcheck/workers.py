"""Worker processes, each claim with a hard time budget.

SymPy cannot be interrupted reliably from inside (a ``simplify`` may run for
minutes in C-level loops), so a claim's budget is enforced from outside: the
worker process running it is killed when the budget is spent, the claim
becomes ``timeout``, and a fresh worker takes its place. Each worker also has
an address-space ceiling, so that a claim exhausting memory ends its own
worker, not the machine.

Workers are forked from the parent, which imports the engine first, so a
replacement worker starts in milliseconds. The parent never uses threads
(the progress display is refreshed from this loop), which keeps fork safe.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Callable, Iterable, Iterator, Protocol, Sequence

from derivcheck.evidence import Invalid
from derivcheck.model import Claim, ClaimResult, Verdict

#: Default ceiling on a worker's address space, in MiB.
DEFAULT_MEMORY_MB = 3072


@dataclass
class _Worker:
    process: Any
    conn: Connection
    slot: int = 0  # which share of the queue it works through
    job: tuple[int, Claim] | None = None
    deadline: float = 0.0
    started: float = 0.0
    checked: int = 0  # claims answered, for recycle_after


@contextmanager
def _sigint_deferred() -> Iterator[None]:
    """Hold Ctrl-C back while the block runs; it is delivered as soon as the block ends.

    Used around what must not be cut in half: forking a worker (the child
    must not see a Ctrl-C before it has chosen to ignore it, or it prints a
    traceback), handing a result on (the cache writes it: a temporary file,
    then a rename), and ending the workers.
    """
    blockable = hasattr(signal, "pthread_sigmask")
    if blockable:
        old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        if blockable:
            signal.pthread_sigmask(signal.SIG_SETMASK, old)


def _int_text_limit() -> int:
    get = getattr(sys, "get_int_max_str_digits", None)
    return int(get()) if get is not None else 4300


def load_engine(*, latex: bool = True) -> None:
    """Import the engine (SymPy) and, if ``latex``, the latex translator, before the workers are forked.

    Not imported with this module, which a run served from the cache imports too.
    Imported here, in the parent, so that each forked worker inherits it: a worker
    sets its memory ceiling first, and a parent that already uses more address space
    than the ceiling (a Ray worker does) leaves the child no room to import anything.
    The translator is wanted only for claims with a ``latex:`` to compare; without
    it a worker that meets one imports it then, under its memory ceiling.
    """
    import derivcheck.faithful  # noqa: F401  (derivcheck.checking)

    if latex:
        import derivcheck.latex.translate  # noqa: F401


def _worker_main(conn: Connection, memory_bytes: int | None) -> None:
    # Ctrl-C goes to the whole process group; the parent handles it and ends us.
    # The parent forked us with SIGINT blocked: ignore it first, then unblock.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    if memory_bytes:
        try:
            import resource  # Unix only

            resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
        except (ImportError, ValueError, OSError):
            pass
    # The parent ran load_engine() before forking, so here this costs nothing.
    from derivcheck.faithful import check

    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        claim, timeout, display, latex = message
        try:
            payload: tuple[str, Any] = ("ok", check(claim, timeout=timeout, display=display, latex=latex).to_dict())
        except MemoryError:
            payload = ("memory", None)
        except RecursionError:
            payload = ("crash", "the claim is nested too deeply for the engine (recursion limit)")
        except ValueError as exc:
            if "integer string conversion" in str(exc):
                # The engine made a number too long for Python to print (a
                # Product of thousands of factors evaluated exactly, say).
                payload = ("limit", f"a number grew beyond {_int_text_limit()} digits while the"
                           " claim was checked: too large to print a witness or a value")
            else:
                payload = ("crash", f"{type(exc).__name__}: {str(exc)[:300]}")
        except Exception as exc:  # an engine bug must not cost the other claims  # noqa: BLE001
            payload = ("crash", f"{type(exc).__name__}: {str(exc)[:300]}")
        try:
            conn.send(payload)
        except (OSError, ValueError):
            return
        if payload[0] == "memory":
            return  # a fresh worker replaces this one


class WorkerPool:
    """Runs claims in ``jobs`` processes, at most ``timeout`` seconds each."""

    def __init__(
        self,
        jobs: int,
        timeout: float,
        memory_mb: int | None = DEFAULT_MEMORY_MB,
        *,
        display: bool = False,
        latex: bool = True,
        recycle_after: int | None = None,
    ) -> None:
        self.jobs = max(1, jobs)
        # A worker that has answered this many claims is ended and a fresh one forked:
        # SymPy's caches in a long-lived worker keep growing over a run of many
        # thousand claims, and a fork from the parent costs a few milliseconds.
        self.recycle_after = recycle_after
        self.display = display
        self.latex = latex  # compare each claim with its latex: (derivcheck.faithful)
        self.timeout = timeout
        self.memory_bytes = memory_mb * 1024 * 1024 if memory_mb else None
        self.memory_mb = memory_mb
        self._ctx = multiprocessing.get_context("fork")
        self._workers: list[_Worker] = []

    def _spawn(self, slot: int) -> _Worker:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(target=_worker_main, args=(child, self.memory_bytes), daemon=True)
        with _sigint_deferred():
            process.start()
        child.close()
        worker = _Worker(process, parent, slot)
        self._workers.append(worker)
        return worker

    def _retire(self, worker: _Worker) -> None:
        try:
            worker.process.kill()
        except (OSError, AttributeError):
            pass
        worker.process.join(timeout=2)
        worker.conn.close()
        self._workers.remove(worker)

    def run(
        self,
        jobs: Sequence[tuple[int, Claim]],
        on_result: Callable[[int, ClaimResult], None],
        on_tick: Callable[[], None] | None = None,
    ) -> None:
        """Check every job, calling ``on_result(index, result)`` as each finishes.

        Raises:
            KeyboardInterrupt: after ending every worker.
        """
        queue = _Queue(jobs, self.jobs)

        def deliver(index: int, result: ClaimResult) -> None:
            with _sigint_deferred():  # the cache's write is never cut in half
                on_result(index, result)

        try:
            while queue or self._busy():
                self._step(queue, deliver)
                if on_tick is not None:
                    on_tick()
        except BaseException:
            with _sigint_deferred():  # a second Ctrl-C must not leave workers behind
                self.close(force=True)
            raise
        self.close()

    def stream(
        self, jobs: Iterable[tuple[int, Claim | ClaimResult]], window: int = 0
    ) -> Iterator[tuple[int, ClaimResult]]:
        """Check jobs drawn lazily from ``jobs``, yielding ``(index, result)`` as each finishes.

        At most ``window`` jobs (default: twice the workers) wait in the queue
        besides those running, so memory stays flat however long ``jobs`` is;
        results come in the order they finish. A job that is already a result
        (a claim that could not be read) is passed on as it is drawn. Closing
        the generator early ends every worker.
        """
        source = iter(jobs)
        queue = _Fifo()
        finished: deque[tuple[int, ClaimResult]] = deque()
        limit = window or 2 * self.jobs
        exhausted = False
        try:
            while True:
                while not exhausted and len(queue) < limit:
                    job = next(source, None)
                    if job is None:
                        exhausted = True
                    elif isinstance(job[1], ClaimResult):
                        yield job[0], job[1]
                    else:
                        queue.append((job[0], job[1]))
                if not queue and not self._busy():
                    break
                self._step(queue, lambda index, result: finished.append((index, result)))
                while finished:
                    yield finished.popleft()
        except BaseException:  # GeneratorExit too: an abandoned stream leaves no worker behind
            with _sigint_deferred():
                self.close(force=True)
            raise
        self.close()

    def _busy(self) -> bool:
        return any(w.job for w in self._workers)

    def _step(self, queue: _Jobs, deliver: Callable[[int, ClaimResult], None]) -> None:
        """Hand queued jobs to idle workers, wait a moment, deliver what finished or ran out of time."""
        while queue:
            idle = next((w for w in self._workers if w.job is None), None)
            if idle is None:
                if len(self._workers) >= self.jobs:
                    break
                taken = {w.slot for w in self._workers}
                idle = self._spawn(next(k for k in range(self.jobs) if k not in taken))
            job = queue.take(idle.slot)
            try:
                idle.conn.send((job[1], self.timeout, self.display, self.latex))
            except (OSError, ValueError):
                self._retire(idle)
                queue.put_back(idle.slot, job)
                continue
            idle.job = job
            idle.started = time.monotonic()
            idle.deadline = idle.started + self.timeout
        busy = [w for w in self._workers if w.job is not None]
        now = time.monotonic()
        wait_for = min([w.deadline for w in busy], default=now) - now
        ready = wait([w.conn for w in busy], timeout=max(0.0, min(wait_for, 0.1)))
        for worker in busy:
            if worker.conn in ready:
                self._collect(worker, deliver)
        now = time.monotonic()
        for worker in [w for w in self._workers if w.job is not None and now >= w.deadline]:
            index, claim = worker.job  # type: ignore[misc]
            self._retire(worker)
            deliver(index, ClaimResult.for_claim(
                claim, Verdict.TIMEOUT,
                detail=f"the engine ran out of its time budget of {self.timeout:g} s",
                seconds=self.timeout,
            ))  # fmt: skip

    def _collect(self, worker: _Worker, on_result: Callable[[int, ClaimResult], None]) -> None:
        assert worker.job is not None
        index, claim = worker.job
        elapsed = time.monotonic() - worker.started
        try:
            kind, data = worker.conn.recv()
        except (EOFError, OSError):
            # The worker died without answering: killed by the memory ceiling
            # or by a crash in a native library.
            code = worker.process.exitcode
            self._retire(worker)
            on_result(index, ClaimResult.for_claim(
                claim, Verdict.TIMEOUT,
                detail=f"the worker process ended abruptly (exit status {code}); "
                f"the claim may exceed the memory ceiling of {self.memory_mb} MiB",
                seconds=elapsed,
            ))  # fmt: skip
            return
        worker.job = None
        worker.checked += 1
        if self.recycle_after is not None and worker.checked >= self.recycle_after and kind != "memory":
            self._end(worker)
        if kind == "ok":
            on_result(index, ClaimResult.from_dict(data))
        elif kind == "limit":
            on_result(index, ClaimResult.for_claim(
                claim, Verdict.INVALID, error=f"{claim.loc}: {data}", detail=data, evidence=Invalid(str(data), claim.loc.line, claim.loc.col), seconds=elapsed,
            ))  # fmt: skip
        elif kind == "memory":
            self._retire(worker)
            on_result(index, ClaimResult.for_claim(
                claim, Verdict.TIMEOUT,
                detail=f"the claim exceeded the memory ceiling of {self.memory_mb} MiB per worker",
                seconds=elapsed,
            ))  # fmt: skip
        else:
            on_result(index, ClaimResult.for_claim(
                claim, Verdict.INVALID,
                error=f"{claim.loc}: internal error in derivcheck while checking this claim: {data}",
                detail="internal error",
                evidence=Invalid(f"internal error in derivcheck while checking this claim: {data}", claim.loc.line, claim.loc.col),
                seconds=elapsed,
            ))  # fmt: skip

    def close(self, force: bool = False) -> None:
        """End every worker (politely unless ``force``)."""
        for worker in list(self._workers):
            if not force and worker.job is None:
                self._end(worker)
            else:
                self._retire(worker)

    def _end(self, worker: _Worker) -> None:
        """End an idle worker politely: it is told to stop, then retired."""
        try:
            worker.conn.send(None)
        except (OSError, ValueError):
            pass
        worker.process.join(timeout=1)
        self._retire(worker)


class _Jobs(Protocol):
    """What the pool takes its jobs from: :class:`_Queue` for a run, :class:`_Fifo` for a stream."""

    def __bool__(self) -> bool: ...

    def take(self, slot: int) -> tuple[int, Claim]: ...

    def put_back(self, slot: int, job: tuple[int, Claim]) -> None: ...


class _Fifo:
    """The jobs of a stream, first in first out (they arrive a few at a time: no shares to keep)."""

    def __init__(self) -> None:
        self._jobs: deque[tuple[int, Claim]] = deque()

    def __bool__(self) -> bool:
        return bool(self._jobs)

    def __len__(self) -> int:
        return len(self._jobs)

    def append(self, job: tuple[int, Claim]) -> None:
        self._jobs.append(job)

    def take(self, slot: int) -> tuple[int, Claim]:
        return self._jobs.popleft()

    def put_back(self, slot: int, job: tuple[int, Claim]) -> None:
        self._jobs.appendleft(job)


class _Queue:
    """The claims still to check, in ``shares`` contiguous runs, one per worker slot.

    A worker goes through its own run from the front; when that is empty it
    takes from the back of the longest other run. Claims next to each other in
    a file share sub-expressions (a sigmoid, a density), which SymPy caches per
    process: keeping neighbours in one worker saves about a sixth of the CPU
    time against handing out claims in turn, and stealing keeps the load even.
    """

    def __init__(self, jobs: Sequence[tuple[int, Claim]], shares: int) -> None:
        n = max(1, shares)
        size, extra = divmod(len(jobs), n)
        self.runs: list[deque[tuple[int, Claim]]] = []
        start = 0
        for k in range(n):
            end = start + size + (1 if k < extra else 0)
            self.runs.append(deque(jobs[start:end]))
            start = end

    def __bool__(self) -> bool:
        return any(self.runs)

    def take(self, slot: int) -> tuple[int, Claim]:
        own = self.runs[slot % len(self.runs)]
        if own:
            return own.popleft()
        return max(self.runs, key=len).pop()

    def put_back(self, slot: int, job: tuple[int, Claim]) -> None:
        self.runs[slot % len(self.runs)].appendleft(job)


def default_jobs() -> int:
    """The number of CPUs this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1
