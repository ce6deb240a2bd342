"""The package is typed: mypy in strict mode (configured in pyproject.toml) finds nothing."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_mypy_strict_passes_on_the_package(tmp_path: Path) -> None:
    pytest.importorskip("mypy")
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "mypy-cache")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-4000:]


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


def _mypy_as_installed(tmp_path: Path, typed: bool) -> str:
    """mypy --strict on SNIPPET, with derivcheck where an installed package is (not the source tree)."""
    import shutil

    site = tmp_path / ("typed" if typed else "untyped")
    shutil.copytree(ROOT / "derivcheck", site / "derivcheck", ignore=shutil.ignore_patterns("__pycache__"))
    if not typed:
        (site / "derivcheck" / "py.typed").unlink()
    (tmp_path / "snippet.py").write_text(SNIPPET, encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(site / ".mypy"), "snippet.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        env={"PATH": "", "PYTHONPATH": str(site)},
    )
    return proc.stdout


def test_library_users_get_types_not_any(tmp_path: Path) -> None:
    pytest.importorskip("mypy")
    out = _mypy_as_installed(tmp_path, typed=True)
    assert 'snippet.py:5: note: Revealed type is "derivcheck.model.ClaimResult"' in out, out
    # mypy spells builtins with or without their module, by version.
    assert re.search(r'snippet.py:6: note: Revealed type is "(builtins\.)?list\[derivcheck.model.ClaimResult\]"', out), out
    assert re.search(r'snippet.py:7: note: Revealed type is "(builtins\.)?int"', out), out
    errors = [line for line in out.splitlines() if ": error:" in line]
    assert [line.split(":")[1] for line in errors] == ["11", "12"], out  # an int claim, an unknown expect
    # The marker is what makes the difference: without py.typed, mypy sees Any.
    assert 'snippet.py:5: note: Revealed type is "Any"' in _mypy_as_installed(tmp_path, typed=False)
