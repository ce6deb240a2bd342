"""The command line as a person uses it: run, explain, list, clean; exit statuses."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from derivcheck import __version__
from derivcheck.cli import main

from conftest import EXAMPLES

ROOT = Path(__file__).resolve().parents[1]


def derivcheck(*args: str, cwd: Path | None = None, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "derivcheck", *args],
        capture_output=True,
        text=True,
        cwd=cwd or ROOT,
        timeout=timeout,
        env=env,
    )


def test_run_all_passes_on_the_assignment_claims() -> None:
    proc = derivcheck("run", "all", "--format", "json")
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["summary"]["failed"] == 0
    assert all(c["verdict"] in ("proved", "refuted") for c in doc["claims"])


def test_run_all_from_an_empty_folder_uses_the_bundled_claims(tmp_path: Path) -> None:
    proc = derivcheck("list", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "softmax-jacobian" in proc.stdout


def test_explain_softmax_jacobian_from_an_empty_folder_shows_the_proof(tmp_path: Path) -> None:
    proc = derivcheck("explain", "softmax-jacobian", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "proved" in proc.stdout
    assert "n = 2, 3, 4, 5" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr


@pytest.mark.skipif(not EXAMPLES.exists(), reason="../shared/examples is absent")
def test_explain_a_refuted_example_shows_its_witness(tmp_path: Path) -> None:
    (tmp_path / "claims").mkdir()
    shutil.copy(EXAMPLES, tmp_path / "claims" / "examples.yaml")
    proc = derivcheck("explain", "output-is-sigmoid", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "refuted" in proc.stdout
    assert "a = 1" in proc.stdout
    assert "0.2689414213699951207488407581" in proc.stdout  # 1/(1 + e), the left side at a = 1


def test_an_unknown_id_exits_2_with_a_message_and_no_traceback() -> None:
    proc = derivcheck("explain", "no-such-claim")
    assert proc.returncode == 2
    assert "no claim with the id 'no-such-claim'" in proc.stderr
    assert "Traceback" not in proc.stderr
    proc = derivcheck("run", "softmax-jacobain")
    assert proc.returncode == 2
    assert "did you mean 'softmax-jacobian'" in proc.stderr


def test_a_missing_path_exits_2() -> None:
    proc = derivcheck("run", "claims/nope.yaml")
    assert proc.returncode == 2
    assert "no such file or folder" in proc.stderr


def _write(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "c.yaml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """claims:
  - id: double
    title: x + x is 2x
    symbols: {x: real}
    claim: x + x == 2*x
"""

BAD = """claims:
  - id: triple
    title: x + x is 3x (false)
    symbols: {x: real}
    claim: x + x == 3*x
"""


def test_exit_status_is_0_when_all_pass_and_1_when_a_claim_fails(tmp_path: Path) -> None:
    good = _write(tmp_path / "good", GOOD)
    bad = _write(tmp_path / "bad", BAD)
    runner = CliRunner()
    ok = runner.invoke(main, ["run", str(good), "--format", "concise", "--jobs", "1"])
    assert ok.exit_code == 0, ok.output
    assert "double proved" in ok.output
    failing = runner.invoke(main, ["run", str(bad), "--format", "concise", "--jobs", "1"])
    assert failing.exit_code == 1
    assert "triple refuted" in failing.output


def test_an_expected_refutation_passes(tmp_path: Path) -> None:
    path = _write(tmp_path, BAD + "    expect: refuted\n")
    result = CliRunner().invoke(main, ["run", str(path), "--format", "json", "--jobs", "1"])
    assert result.exit_code == 0
    entry = json.loads(result.output)["claims"][0]
    assert entry["verdict"] == "refuted" and entry["passed"] is True
    assert entry["witness"] == {"x": "1"} or "x" in entry["witness"]


def test_a_second_run_is_served_from_the_cache(tmp_path: Path) -> None:
    path = _write(tmp_path, GOOD)
    runner = CliRunner()
    runner.invoke(main, ["run", str(path), "--format", "json", "--jobs", "1"])
    again = json.loads(runner.invoke(main, ["run", str(path), "--format", "json", "--jobs", "1"]).output)
    assert again["claims"][0]["cached"] is True
    fresh = json.loads(runner.invoke(main, ["run", str(path), "--format", "json", "--no-cache"]).output)
    assert fresh["claims"][0]["cached"] is False


def test_a_bad_file_is_one_invalid_entry_and_the_others_still_run(tmp_path: Path) -> None:
    _write(tmp_path / "a", GOOD)
    (tmp_path / "b.yaml").write_text("claims: [\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["run", str(tmp_path), "--format", "json", "--jobs", "1"])
    assert result.exit_code == 1
    doc = json.loads(result.output)
    broken = [c for c in doc["claims"] if c["id"] is None]
    assert len(broken) == 1 and broken[0]["verdict"] == "invalid" and "b.yaml" in broken[0]["error"]
    assert any(c["id"] == "double" and c["verdict"] == "proved" for c in doc["claims"])


def test_version_and_help_do_not_need_the_engine() -> None:
    code = (
        "import sys; from click.testing import CliRunner; from derivcheck.cli import main;"
        "r = CliRunner().invoke(main, ['--help']); r2 = CliRunner().invoke(main, ['--version']);"
        "print(r.exit_code, r2.output.strip(), 'sympy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60).stdout.split()
    assert out == ["0", "derivcheck", __version__, "False"]


def test_the_library_entry_point_of_the_package_docstring(tmp_path: Path) -> None:
    import derivcheck
    from derivcheck.api import check_paths

    assert "derivcheck.check_file(" in (derivcheck.__doc__ or "")
    (tmp_path / "c.yaml").write_text(
        "claims:\n  - id: square\n    title: t\n    symbols: {x: real}\n    claim: diff(x**2, x) == 2*x\n",
        encoding="utf-8",
    )
    (result,) = check_paths([tmp_path / "c.yaml"], use_cache=False, jobs=1)
    assert result.id == "square" and result.verdict.value == "proved"
