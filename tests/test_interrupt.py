"""Ctrl-C during a run: the workers end, the cache stays whole, the exit status is 130.

A real ``derivcheck run`` is started in a session of its own, with a slow
claim first and quick ones after it, on two workers. Once the quick claims
have reached the cache and the slow one is being checked, SIGINT is sent as a
terminal sends it (to the whole process group) or as ``kill -INT`` does (to
the main process only). The run must say it was interrupted, exit 130, leave
no worker behind, and leave a cache whose every entry is whole JSON and no
temporary file. A last test delivers the signal inside the very callback that
writes the cache, where a plain Ctrl-C would cut a write in half.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from derivcheck.loader import load_text
from derivcheck.model import ClaimResult
from derivcheck.workers import WorkerPool

#: The slow claim: a 64×64 symbolic matrix to the power 1000 takes minutes.
SLOW = """\
  - id: slow-matrix-power
    title: A claim that keeps its worker busy for minutes
    symbols: {A: "matrix[64, 64]"}
    claim: A**1000 == A
"""

QUICK = """\
  - id: quick-{k}
    title: A quick claim
    symbols: {{x: real}}
    claim: (x + {k})**2 == x**2 + {two_k}*x + {k_squared}
"""

QUICK_COUNT = 6


def _claims_file(folder: Path) -> Path:
    path = folder / "interrupted.yaml"
    quick = "".join(QUICK.format(k=k, two_k=2 * k, k_squared=k * k) for k in range(1, QUICK_COUNT + 1))
    path.write_text("claims:\n" + SLOW + quick, encoding="utf-8")
    return path


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (the workers of a run)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        # The command name is in parentheses and may hold spaces: split after it.
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[1]) == pid:
            found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"  # a zombie has ended


def _entries(cache: Path) -> list[Path]:
    """Every JSON file of the cache: verdicts, and the parsed files it also keeps."""
    return sorted(cache.rglob("*.json")) if cache.is_dir() else []


def _verdicts(cache: Path) -> list[Path]:
    """The cached verdicts: ``<cache>/<2 hex>/<key>.json`` (parsed files live under files/)."""
    return [p for p in _entries(cache) if p.parent.parent == cache]


def _wait_for(condition: object, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        time.sleep(0.05)
    return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc to find the workers")
@pytest.mark.parametrize("target", ["process group", "main process"])
def test_ctrl_c_ends_the_workers_keeps_the_cache_whole_and_exits_130(tmp_path: Path, target: str) -> None:
    cache = tmp_path / "cache"
    claims = _claims_file(tmp_path)
    proc = subprocess.Popen(
        [sys.executable, "-m", "derivcheck", "run", str(claims), "--format", "json",
         "--jobs", "2", "--timeout", "300", "--cache-dir", str(cache)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
        start_new_session=True,  # its own process group, as a terminal gives it
    )  # fmt: skip
    try:
        # The quick claims are cached, and the slow one still holds a worker.
        assert _wait_for(lambda: len(_verdicts(cache)) >= QUICK_COUNT, 60), "the quick claims never finished"
        workers = _children(proc.pid)
        assert workers, "no worker is running"
        assert proc.poll() is None, "the run ended before it could be interrupted"
        if target == "process group":
            os.killpg(proc.pid, signal.SIGINT)
        else:
            os.kill(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:  # pragma: no cover - only when the test fails
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
    assert proc.returncode == 130, err
    assert "interrupted" in err
    assert "Traceback" not in out + err
    assert _wait_for(lambda: not any(_alive(pid) for pid in workers), 10), "a worker outlived the run"
    for entry in _entries(cache):
        json.loads(entry.read_text(encoding="utf-8"))  # whole, or this raises
    assert [p.name for p in cache.rglob(".tmp-*")] == []
    assert len(_verdicts(cache)) == QUICK_COUNT  # the slow claim left nothing behind


def test_ctrl_c_inside_the_result_callback_waits_for_it_to_finish(tmp_path: Path) -> None:
    """The signal arrives while a result is handed on: the hand-over completes first."""
    text = "claims:\n" + "".join(QUICK.format(k=k, two_k=2 * k, k_squared=k * k) for k in (1, 2, 3))
    claims = list(load_text(text, "quick.yaml").claims)
    steps: list[str] = []

    def on_result(index: int, result: ClaimResult) -> None:
        # As the cache does: first a temporary file, then the rename.
        steps.append("begin")
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(0.05)  # a Ctrl-C that were not held back would land here
        steps.append("end")

    pool = WorkerPool(1, timeout=60)
    with pytest.raises(KeyboardInterrupt):
        pool.run(list(enumerate(claims)), on_result)
    assert steps == ["begin", "end"]
    assert pool._workers == []  # every worker ended
