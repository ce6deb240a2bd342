"""The package is typed: mypy in strict mode (configured in pyproject.toml) finds nothing."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


SNIPPET = '''\
import derivcheck
from derivcheck import ClaimResult, Verdict

r = derivcheck.check("diff(sigmoid(x), x) == sigmoid(x)*(1 - sigmoid(x))", symbols={"x": "real"})
reveal_type(r)
reveal_type(derivcheck.check_file("claims/01-classification.yaml"))
reveal_type(derivcheck.summarize([r]).passed)
proved: bool = r.verdict is Verdict.PROVED and r.passed
as_json: dict[str, object] = r.to_dict()
same: ClaimResult = r
derivcheck.check(42)
derivcheck.check("x == x", expect="maybe")
'''


class _Run:
    """A mypy process started at once and read when a test needs its output."""

    def __init__(self, args: list[str], cwd: Path, env: dict[str, str] | None = None) -> None:
        self._proc = subprocess.Popen(args, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self._out: str | None = None

    def result(self) -> tuple[int, str]:
        if self._out is None:
            self._out, _ = self._proc.communicate(timeout=600)
        return self._proc.returncode, self._out

    def stop(self) -> None:
        if self._proc.poll() is None:
            self._proc.kill()
            self._proc.communicate()


def _as_installed(tmp_path: Path, typed: bool) -> _Run:
    """mypy --strict on SNIPPET, with derivcheck where an installed package is (not the source tree)."""
    site = tmp_path / "site"
    shutil.copytree(ROOT / "derivcheck", site / "derivcheck", ignore=shutil.ignore_patterns("__pycache__"))
    if not typed:
        (site / "derivcheck" / "py.typed").unlink()
    (tmp_path / "snippet.py").write_text(SNIPPET, encoding="utf-8")
    command = [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(site / ".mypy"), "snippet.py"]
    return _Run(command, tmp_path, env={"PATH": "", "PYTHONPATH": str(site)})


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, _Run]]:
    """The three mypy runs of this module, started together: each takes tens of seconds on one
    core, and the suite runs its tests one at a time."""
    pytest.importorskip("mypy")
    tmp = tmp_path_factory.mktemp("mypy")
    started = {
        "package": _Run([sys.executable, "-m", "mypy", "--cache-dir", str(tmp / "mypy-cache")], ROOT),
        # Each in a folder of its own: both write the snippet they read.
        "typed": _as_installed(tmp / "typed-user", typed=True),
        "untyped": _as_installed(tmp / "untyped-user", typed=False),
    }
    yield started
    for run in started.values():
        run.stop()


def test_mypy_strict_passes_on_the_package(runs: dict[str, _Run]) -> None:
    code, out = runs["package"].result()
    assert code == 0, out[-4000:]


def test_library_users_get_types_not_any(runs: dict[str, _Run]) -> None:
    _, out = runs["typed"].result()
    assert 'snippet.py:5: note: Revealed type is "derivcheck.model.ClaimResult"' in out, out
    # mypy spells builtins with or without their module, by version.
    assert re.search(r'snippet.py:6: note: Revealed type is "(builtins\.)?list\[derivcheck.model.ClaimResult\]"', out), out
    assert re.search(r'snippet.py:7: note: Revealed type is "(builtins\.)?int"', out), out
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert [line.split(":")[1] for line in errors] == ["11", "12"], out  # an int claim, an unknown expect
    # The marker is what makes the difference: without py.typed, mypy sees Any.
    assert 'snippet.py:5: note: Revealed type is "Any"' in runs["untyped"].result()[1]
