"""Processes for the batch benchmark: a measured command, a sampler of a process tree, a worker pool.

The CPU time charged to a runner is that of every process it involved: ``os.wait4`` gives a
finished process's user + system time and peak resident set, its waited-for descendants
included; the :class:`Sampler` reads ``/proc`` every second for the processes a command leaves
running under it that nobody waits for (a Ray cluster's raylet and workers), and records the
resident memory of the parent and of its workers over time.
"""

from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_TICK = os.sysconf("SC_CLK_TCK")
_PAGE = os.sysconf("SC_PAGE_SIZE")


def _stat(pid: str) -> tuple[int, float, float] | None:
    """(parent pid, CPU seconds, resident MB) of a live process, or None if it has gone."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    f = raw[raw.rindex(")") + 2 :].split()
    return int(f[1]), (int(f[11]) + int(f[12])) / _TICK, int(f[21]) * _PAGE / 2**20


@dataclass
class Sampler:
    """Samples the tree of processes under ``root`` once per ``interval`` seconds, in a thread."""

    root: int
    interval: float = 1.0
    cpu: dict[int, float] = field(default_factory=dict)  # last CPU seconds seen, per pid
    peak: dict[int, float] = field(default_factory=dict)  # largest resident MB seen, per pid
    watch: Path | None = None  # a file of result lines, whose count is recorded with each sample
    series: list[tuple[float, float, float, int]] = field(default_factory=list)  # (s, parent MB, others MB, lines)
    lines: int = 0
    _offset: int = 0
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> Sampler:
        self._t0 = time.perf_counter()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _loop(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def _tree(self) -> tuple[set[int], dict[int, tuple[int, float, float]]]:
        procs = {}
        for pid in os.listdir("/proc"):
            if pid.isdigit() and (st := _stat(pid)) is not None:
                procs[int(pid)] = st
        tree, frontier = {self.root}, [self.root]
        while frontier:
            parent = frontier.pop()
            for pid, (ppid, _, _) in procs.items():
                if ppid == parent and pid not in tree:
                    tree.add(pid)
                    frontier.append(pid)
        return tree, procs

    def tree(self) -> set[int]:
        """The processes under ``root`` now."""
        return self._tree()[0]

    def sample(self) -> None:
        tree, procs = self._tree()
        parent_mb = others_mb = 0.0
        for pid in tree & procs.keys():
            _, cpu, mb = procs[pid]
            self.cpu[pid] = cpu
            self.peak[pid] = max(self.peak.get(pid, 0.0), mb)
            if pid == self.root:
                parent_mb = mb
            else:
                others_mb += mb
        self.series.append((time.perf_counter() - self._t0, parent_mb, others_mb, self._count()))

    def _count(self) -> int:
        """Result lines written so far to ``watch``, read on from where the last sample stopped."""
        if self.watch is None or not self.watch.exists():
            return self.lines
        with open(self.watch, "rb") as fh:
            fh.seek(self._offset)
            chunk = fh.read()
        self._offset += len(chunk)
        self.lines += chunk.count(b"\n")
        return self.lines

    @property
    def cpu_seconds(self) -> float:
        return sum(self.cpu.values())

    @property
    def peak_total_mb(self) -> float:
        return max((p + o for _, p, o, _ in self.series), default=0.0)


@dataclass
class Measured:
    """A finished command."""

    status: int | None  # None: ended by the outer time limit
    wall: float
    cpu: float  # the larger of wait4's (waited-for descendants) and the sampler's (every descendant)
    max_rss_mb: float  # the largest single process
    total_rss_mb: float  # the largest sum over the tree at one sample
    progress: list[tuple[float, float, float, int]]  # (s, parent MB, others MB, result lines)
    stderr: str
    stalled: bool  # ended because no result was written for the stall time


def measure(
    argv: list[str], *, limit: float, env: dict[str, str] | None = None, interval: float = 1.0,
    stall: tuple[Path, float] | None = None,
) -> Measured:  # fmt: skip
    """Run ``argv`` (stdin and stdout closed, stderr kept) for at most ``limit`` seconds of wall time,
    and end it sooner if ``stall = (file, seconds)`` and the file gains no line for that long."""
    with open(os.devnull, "rb") as null_in, open(os.devnull, "wb") as null_out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(
            argv, stdin=null_in, stdout=null_out, stderr=subprocess.PIPE, env=env, start_new_session=True
        )
        sampler = Sampler(proc.pid, interval, watch=stall[0] if stall else None).start()
        err: list[bytes] = []
        reader = threading.Thread(target=lambda: err.append(proc.stderr.read() if proc.stderr else b""), daemon=True)
        reader.start()
        stalled = timed_out = False
        seen, since = -1, time.perf_counter() + 180  # the first result may wait for a cluster to start
        while True:
            # wait4 without blocking rather than poll(): the reaping wait must return the usage.
            pid, wait_status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            time.sleep(0.2)
            now = time.perf_counter()
            if sampler.lines != seen:
                seen, since = sampler.lines, now
            timed_out = now - t0 > limit
            stalled = stall is not None and now - since > stall[1]
            if timed_out or stalled:
                # Its whole session (workers, a local cluster), and any process now in its tree that
                # started a session of its own: the tree read afresh, so no other process is touched.
                living = sampler.tree()
                os.killpg(proc.pid, signal.SIGKILL)
                for pid in living - {proc.pid}:
                    try:
                        os.kill(pid, signal.SIGKILL)
                    except OSError:
                        pass
                _, wait_status, usage = os.wait4(proc.pid, 0)
                break
        proc.returncode = 0
        wall = time.perf_counter() - t0
        sampler.stop()
        sampler.sample()
        reader.join(5)
    waited = usage.ru_utime + usage.ru_stime
    return Measured(
        None if timed_out or stalled else os.waitstatus_to_exitcode(wait_status), wall,
        max(waited, sampler.cpu_seconds), max(usage.ru_maxrss / 1024, max(sampler.peak.values(), default=0.0)),
        sampler.peak_total_mb, sampler.series, b"".join(err).decode("utf-8", "replace"), stalled,
    )  # fmt: skip


@dataclass
class _Worker:
    proc: subprocess.Popen[str]
    task: dict[str, Any] | None = None
    deadline: float = 0.0


@dataclass
class Pool:
    """``jobs`` long-lived workers (``bench/batch_worker.py``), one task each at a time, and an outer
    time limit per task: a worker that overruns it is ended and replaced, and its task is a hang."""

    argv: list[str]
    jobs: int
    limit: float
    cpu: float = 0.0  # of every worker, from wait4
    max_rss_mb: float = 0.0
    hangs: int = 0

    def _spawn(self) -> _Worker:
        proc = subprocess.Popen(self.argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)
        assert proc.stdout is not None
        ready = proc.stdout.readline()  # the import, not charged to a task's time limit
        if not ready.startswith('{"ready"'):
            raise RuntimeError(f"worker {self.argv} did not start: {ready[:200]!r}")
        return _Worker(proc)

    def _reap(self, w: _Worker, kill: bool) -> None:
        if kill:
            w.proc.kill()
        elif w.proc.stdin is not None:
            w.proc.stdin.close()
        _, _, usage = os.wait4(w.proc.pid, 0)
        w.proc.returncode = 0
        self.cpu += usage.ru_utime + usage.ru_stime
        self.max_rss_mb = max(self.max_rss_mb, usage.ru_maxrss / 1024)

    def run(self, tasks: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """Each task's answer (``{"id", "outcome", "cpu"}``), ``outcome`` ``hang`` where the limit ended it."""
        todo = iter(tasks)
        workers = [self._spawn() for _ in range(self.jobs)]
        pending = True
        try:
            while True:
                for w in workers:
                    if w.task is None and pending:
                        nxt = next(todo, None)
                        if nxt is None:
                            pending = False
                            break
                        assert w.proc.stdin is not None
                        w.proc.stdin.write(json.dumps(nxt) + "\n")
                        w.proc.stdin.flush()
                        w.task, w.deadline = nxt, time.perf_counter() + self.limit
                busy = [w for w in workers if w.task is not None]
                if not busy:
                    return
                wait = max(0.0, min(w.deadline for w in busy) - time.perf_counter())
                readable, _, _ = select.select([w.proc.stdout for w in busy], [], [], wait)
                for w in busy:
                    if w.proc.stdout in readable:
                        assert w.proc.stdout is not None and w.task is not None
                        line = w.proc.stdout.readline()
                        if not line:  # the worker died (out of memory, a crash): its task failed
                            yield {"id": w.task["id"], "outcome": "error: worker died", "cpu": 0.0}
                            self._replace(workers, w)
                            continue
                        w.task = None
                        yield json.loads(line)
                    elif time.perf_counter() >= w.deadline:
                        assert w.task is not None
                        self.hangs += 1
                        yield {"id": w.task["id"], "outcome": "hang", "cpu": self.limit}
                        self._replace(workers, w)
        finally:
            for w in workers:
                self._reap(w, kill=w.task is not None)

    def _replace(self, workers: list[_Worker], w: _Worker) -> None:
        self._reap(w, kill=True)
        workers[workers.index(w)] = self._spawn()
