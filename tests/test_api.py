"""The Python API as a notebook uses it: derivcheck.check, check_file, the result objects the JSON shows."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

import derivcheck
from conftest import FAILING_YAML
from derivcheck.cli import main
from derivcheck.model import ClaimResult, Verdict


def test_check_an_inline_claim() -> None:
    r = derivcheck.check("diff(sigmoid(x), x) == sigmoid(x)*(1 - sigmoid(x))", symbols={"x": "real"})
    assert isinstance(r, ClaimResult) and r.verdict is Verdict.PROVED and r.passed
    chain = derivcheck.check(["x + x", "2*x", "3*x"], symbols={"x": "real"})
    assert chain.verdict is Verdict.REFUTED and [link.verdict for link in chain.steps] == [Verdict.PROVED, Verdict.REFUTED]
    known = derivcheck.check("1/(1 + exp(a)) == sigmoid(a)", symbols={"a": "real"}, expect="refuted")
    assert known.verdict is Verdict.REFUTED and known.passed
    # The engine's module (derivcheck.checking), imported by the runs above, leaves the name alone.
    assert callable(derivcheck.check) and derivcheck.check.__module__ == "derivcheck.api"


def test_a_bad_inline_claim_is_an_invalid_result_not_an_exception() -> None:
    r = derivcheck.check("x + y == 2*x", symbols={"x": "real"})
    assert r.verdict is Verdict.INVALID and "unknown name 'y'" in (r.error or "")
    assert "did you mean 'real'" in (derivcheck.check("x == x", symbols={"x": "reel"}).error or "")


def test_check_file_returns_what_the_json_report_shows(tmp_path: Path) -> None:
    path = tmp_path / "b.yaml"
    path.write_text(FAILING_YAML, encoding="utf-8")
    results = derivcheck.check_file(path, jobs=1, cache_dir=tmp_path / "cache")
    doc = json.loads(CliRunner().invoke(main, ["run", str(path), "--format", "json", "--jobs", "1", "--cache-dir", str(tmp_path / "cache")]).stdout)
    strip = lambda d: {k: v for k, v in d.items() if k not in ("seconds", "cached", "file")}  # noqa: E731
    assert [strip(r.to_dict()) for r in results] == [strip(c) for c in doc["claims"]]
    assert derivcheck.summarize(results).failed == 2
