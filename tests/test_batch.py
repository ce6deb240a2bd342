"""derivcheck batch and check_many: JSON Lines in and out, resume, bad lines, hard limits, the Ray engine.

The claims checked here have verdicts known apart from the engine: the
examples of the claim format carry theirs in their comments, and
``(x + k)**2 == x**2 + 2*k*x + k**2`` is expanded by hand, while its slip
``x**2 + k*x + k**2`` differs from it by ``k*x``, nonzero at every x ≠ 0 (a
witness is re-evaluated here in exact fractions).
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from dataclasses import replace
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

import derivcheck
from conftest import EXAMPLES
from derivcheck.batch import run_batch
from derivcheck.cli import main
from derivcheck.engines import ENGINES, Limits
from derivcheck.errors import UsageError
from derivcheck.model import Verdict


#: Quick examples, with the verdict each one's comment in the examples file gives.
ROUND_TRIP = {"ce-gradient": "proved", "output-is-sigmoid": "refuted", "mse-gradient-steps": "refuted", "hidden-units-and": "proved"}

#: What differs between a claim read from YAML and from a JSON line: its place, and the time taken.
PLACE_AND_TIME = ("file", "line", "col", "seconds", "cached")

#: A 64×64 symbolic matrix to the power 1000: minutes of work (as in test_interrupt).
SLOW = {"id": "slow-matrix-power", "title": "busy for minutes", "symbols": {"A": "matrix[64, 64]"}, "claim": "A**1000 == A"}

QUICK_LIMITS = Limits(jobs=1, timeout=20)


def square(k: int, slip: bool = False) -> dict[str, Any]:
    """``(x + k)² = x² + 2kx + k²``, or with the slip ``kx`` for ``2kx`` (false: the sides differ by ``kx``)."""
    middle = k if slip else 2 * k
    return {
        "id": f"square-{k}{'-slip' if slip else ''}",
        "title": "a square expanded",
        "symbols": {"x": "real"},
        "claim": f"(x + {k})**2 == x**2 + {middle}*x + {k * k}",
        "expect": "refuted" if slip else "holds",
    }


def write_jsonl(path: Path, rows: list[Any]) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in rows), encoding="utf-8")
    return path


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def without_place_and_time(entry: dict[str, Any]) -> dict[str, Any]:
    out = {k: v for k, v in entry.items() if k not in PLACE_AND_TIME}
    out["steps"] = [{k: v for k, v in link.items() if k not in ("line", "seconds")} for link in entry["steps"]]
    return out


def assert_witness_refutes_a_square(entry: dict[str, Any], k: int) -> None:
    """The witness of a slipped square makes its sides differ, in exact arithmetic."""
    x = Fraction(entry["witness"]["x"])
    assert (x + k) ** 2 != x**2 + k * x + k * k


def test_a_jsonl_round_trip_gives_the_results_of_run_format_json(tmp_path: Path) -> None:
    document = yaml.safe_load(EXAMPLES.read_text(encoding="utf-8"))
    chosen = [c for c in document["claims"] if c["id"] in ROUND_TRIP]
    assert len(chosen) == len(ROUND_TRIP)
    claims_file = tmp_path / "chosen.yaml"
    claims_file.write_text(yaml.safe_dump({"claims": chosen}, sort_keys=False, allow_unicode=True), encoding="utf-8")
    run = CliRunner().invoke(main, ["run", str(claims_file), "--format", "json", "--jobs", "2", "--no-cache"])
    expected = {c["id"]: without_place_and_time(c) for c in json.loads(run.stdout)["claims"]}
    assert {i: c["verdict"] for i, c in expected.items()} == ROUND_TRIP

    source = write_jsonl(tmp_path / "in.jsonl", chosen)
    out = tmp_path / "out.jsonl"
    tally = run_batch(str(source), str(out), "local", Limits(jobs=2, timeout=20))
    got = read_jsonl(out)
    assert {e["id"]: without_place_and_time(e) for e in got} == expected
    # Each result is placed at its line of the input.
    assert {e["id"]: e["line"] for e in got} == {c["id"]: n for n, c in enumerate(chosen, start=1)}
    assert all(e["file"] == str(source) for e in got)
    # Two known errors (expect: refuted) refuted, two truths proved: all as expected.
    assert tally.checked == 4 and tally.exit_status() == 0


def test_an_interrupted_run_resumes_with_only_the_missing_claims(tmp_path: Path) -> None:
    rows = [square(1), square(2, slip=True), square(3), square(4, slip=True)]
    source = write_jsonl(tmp_path / "in.jsonl", rows)
    out = tmp_path / "out.jsonl"
    run_batch(str(source), str(out), "local", QUICK_LIMITS)
    whole = out.read_bytes().splitlines(keepends=True)
    assert len(whole) == 4
    # The run "was interrupted": two complete lines, then half of a third.
    kept, cut = whole[:2], whole[2]
    out.write_bytes(b"".join(kept) + cut[: len(cut) // 2])
    tally = run_batch(str(source), str(out), "local", QUICK_LIMITS)
    assert (tally.resumed, tally.checked) == (2, 2)
    after = out.read_bytes()
    assert after.startswith(b"".join(kept)) and after.endswith(b"\n")
    entries = read_jsonl(out)  # every line whole JSON: the partial line is gone
    assert sorted(e["id"] for e in entries) == sorted(r["id"] for r in rows)
    by_id = {e["id"]: e for e in entries}
    assert [by_id[r["id"]]["verdict"] for r in rows] == ["proved", "refuted", "proved", "refuted"]
    assert_witness_refutes_a_square(by_id["square-2-slip"], 2)
    assert_witness_refutes_a_square(by_id["square-4-slip"], 4)
    # Once everything is there, a third run checks nothing.
    assert run_batch(str(source), str(out), "local", QUICK_LIMITS).checked == 0
    assert len(read_jsonl(out)) == 4


def test_each_malformed_line_is_an_invalid_result_with_its_line_number(tmp_path: Path) -> None:
    rows: list[Any] = [
        square(1),                                                         # 1: fine
        "{not json",                                                       # 2
        "[1, 2]",                                                          # 3: not an object
        {"id": "typo-key", "title": "t", "claim": "1 == 1", "expekt": "holds"},  # 4: schema error
        {"title": "no id", "claim": "1 == 1"},                             # 5: no id
        square(1),                                                         # 6: the id of line 1 again
        "",                                                                # 7: blank, skipped
        square(2),                                                         # 8: still checked
    ]  # fmt: skip
    source = write_jsonl(tmp_path / "in.jsonl", rows)
    out = tmp_path / "out.jsonl"
    tally = run_batch(str(source), str(out), "local", QUICK_LIMITS)
    by_line = {e["line"]: e for e in read_jsonl(out)}
    assert sorted(by_line) == [1, 2, 3, 4, 5, 6, 8]
    assert by_line[1]["verdict"] == by_line[8]["verdict"] == "proved"
    expected = {
        2: ("line-2", "is not JSON"),
        3: ("line-3", "must be a JSON object"),
        4: ("typo-key", "unknown key 'expekt'"),
        5: ("line-5", "has no 'id'"),
        6: ("square-1", f"duplicate id 'square-1' (first at {source}:1)"),
    }
    for line, (claim_id, words) in expected.items():
        entry = by_line[line]
        assert entry["verdict"] == "invalid" and entry["id"] == claim_id, entry
        assert entry["error"].startswith(f"{source}:{line}:") and words in entry["error"], entry["error"]
    assert tally.exit_status() == 1  # invalid results fail the run, as with run
    # On a re-run, the duplicate's result is known by its id and line: nothing is added.
    assert run_batch(str(source), str(out), "local", QUICK_LIMITS).checked == 0


def test_a_claim_that_hangs_becomes_timeout_and_the_next_is_still_checked(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", [SLOW, square(5, slip=True)])
    out = tmp_path / "out.jsonl"
    tally = run_batch(str(source), str(out), "local", Limits(jobs=1, timeout=1.0))
    by_id = {e["id"]: e for e in read_jsonl(out)}
    assert by_id["slow-matrix-power"]["verdict"] == "timeout"
    assert "time budget of 1 s" in by_id["slow-matrix-power"]["detail"]
    assert by_id["square-5-slip"]["verdict"] == "refuted"
    assert_witness_refutes_a_square(by_id["square-5-slip"], 5)
    assert tally.verdicts[Verdict.TIMEOUT] == 1 and tally.exit_status() == 1


def test_gzip_input_from_a_file_and_from_standard_input(tmp_path: Path) -> None:
    rows = [square(6), square(7, slip=True)]
    packed = gzip.compress(write_jsonl(tmp_path / "in.jsonl", rows).read_bytes())
    (tmp_path / "in.jsonl.gz").write_bytes(packed)
    out = tmp_path / "from-file.jsonl"
    run_batch(str(tmp_path / "in.jsonl.gz"), str(out), "local", QUICK_LIMITS)
    assert {e["id"]: e["verdict"] for e in read_jsonl(out)} == {"square-6": "proved", "square-7-slip": "refuted"}
    # Standard input, recognised as gzip by its first bytes; through the command line, exit status included.
    out = tmp_path / "from-stdin.jsonl"
    result = CliRunner().invoke(main, ["batch", "-", "-o", str(out), "-j", "1"], input=packed)
    assert result.exit_code == 0, result.output
    entries = read_jsonl(out)
    assert {e["id"]: e["verdict"] for e in entries} == {"square-6": "proved", "square-7-slip": "refuted"}
    assert all(e["file"] == "<stdin>" for e in entries)
    assert "2 claims" in result.stderr and "1 proved, 1 refuted" in result.stderr


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", [square(1)])
    runner = CliRunner()
    missing = runner.invoke(main, ["batch", str(tmp_path / "nope.jsonl")])
    assert missing.exit_code == 2 and "cannot read" in missing.stderr
    unknown = runner.invoke(main, ["batch", str(source), "--engine", "spark"])
    assert unknown.exit_code == 2 and "the engines are local, ray" in unknown.stderr
    address = runner.invoke(main, ["batch", str(source), "--address", "ray://x:1"])
    assert address.exit_code == 2 and "--address" in address.stderr


def test_ray_is_imported_only_by_its_engine_and_its_absence_is_a_usage_error() -> None:
    code = "import sys, derivcheck, derivcheck.api, derivcheck.batch, derivcheck.engines; print('ray' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60).stdout.strip() == "False"
    missing = replace(ENGINES["ray"], needs="derivcheck_no_such_module")
    with pytest.raises(UsageError, match=r"pip install 'derivcheck\[derivcheck_no_such_module\]'"):
        missing.check_available()


def test_check_many_yields_results_for_mappings() -> None:
    rows = [square(8), square(9, slip=True), {"id": "bad", "title": "t", "claim": {"x", "y"}}]
    results = {r.id: r for r in derivcheck.check_many(iter(rows), jobs=1)}
    assert results["square-8"].verdict is Verdict.PROVED and results["square-8"].line == 1
    assert results["square-9-slip"].verdict is Verdict.REFUTED and results["square-9-slip"].passed
    assert results["bad"].verdict is Verdict.INVALID and "is a set, not a string" in (results["bad"].error or "")


def test_the_ray_engine_on_a_local_cluster_gives_the_verdicts_of_the_local_engine() -> None:
    pytest.importorskip("ray", reason="Ray is the optional extra derivcheck[ray] (the test extra installs it)")
    rows = [square(1), square(2, slip=True), square(3), square(4, slip=True), SLOW]
    local = {r.id: r.verdict for r in derivcheck.check_many(rows, jobs=1, timeout=3)}
    # In a process of its own: Ray's threads outlive ray.shutdown() and would receive
    # the signals later tests send to this process (tests/test_interrupt.py).
    script = (
        "import json, sys, derivcheck\n"
        "rows = json.load(sys.stdin)\n"
        "print(json.dumps({r.id: r.verdict.value for r in derivcheck.check_many(rows, engine='ray', jobs=1, timeout=3)}))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], input=json.dumps(rows), capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    ray = {k: Verdict(v) for k, v in json.loads(done.stdout.strip().splitlines()[-1]).items()}
    assert ray == local
    assert [local[r["id"]] for r in rows] == [Verdict.PROVED, Verdict.REFUTED, Verdict.PROVED, Verdict.REFUTED, Verdict.TIMEOUT]
