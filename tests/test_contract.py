"""The contract's examples: each claim gets the verdict written beside it, verbatim.

The expected verdict is read from the comment on each claim's ``id`` line of
``../shared/examples/claim-format-examples.yaml`` (``# proved``,
``# refuted, e.g. at a = 1``), so the test follows the contract's own text.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from derivcheck.checking import check_claim
from derivcheck.loader import load_file
from derivcheck.model import Verdict

from conftest import EXAMPLES

pytestmark = pytest.mark.skipif(not EXAMPLES.exists(), reason="../shared/examples is absent")


def _expected() -> dict[str, str]:
    text = EXAMPLES.read_text(encoding="utf-8") if EXAMPLES.exists() else ""
    return dict(re.findall(r"-\s*id:\s*([\w-]+)\s*#\s*(proved|refuted)", text))


EXPECTED = _expected()


def test_the_examples_file_lists_eight_verdicts() -> None:
    assert len(EXPECTED) == 8


@pytest.mark.parametrize("claim_id", sorted(EXPECTED))
def test_example_gets_the_verdict_written_beside_it(claim_id: str) -> None:
    loaded = load_file(EXAMPLES)
    assert not loaded.failures
    claim = next(c for c in loaded.claims if c.id == claim_id)
    result = check_claim(claim)
    assert result.verdict is Verdict(EXPECTED[claim_id]), result.detail
    assert result.passed


def test_output_is_sigmoid_is_refuted_with_an_exact_witness() -> None:
    claim = next(c for c in load_file(EXAMPLES).claims if c.id == "output-is-sigmoid")
    result = check_claim(claim)
    assert result.witness is not None and set(result.witness) == {"a"}
    # The witness is an exact value that SymPy can read, and the sides differ there.
    import sympy

    a = sympy.Rational(result.witness["a"])
    assert 1 / (1 + sympy.exp(a)) != 1 / (1 + sympy.exp(-a))


def test_mse_chain_reports_its_first_link_as_broken() -> None:
    claim = next(c for c in load_file(EXAMPLES).claims if c.id == "mse-gradient-steps")
    result = check_claim(claim)
    assert result.verdict is Verdict.REFUTED
    assert result.steps[0].index == 1
    assert result.steps[0].verdict is Verdict.REFUTED


def test_softmax_jacobian_is_proved_for_each_size() -> None:
    claim = next(c for c in load_file(EXAMPLES).claims if c.id == "softmax-jacobian")
    result = check_claim(claim)
    assert result.verdict is Verdict.PROVED
    assert "n = 2, 3, 4, 5" in result.detail


def test_the_command_line_passes_the_examples_with_the_contract_json(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "derivcheck", "run", str(EXAMPLES), "--format", "json", "--no-cache"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc["format"] == 1
    assert {c["id"] for c in doc["claims"]} == set(EXPECTED)
    for entry in doc["claims"]:
        assert entry["verdict"] == EXPECTED[entry["id"]]
        assert entry["passed"] is True
        for key in ("file", "line", "expect", "scope", "proof", "witness", "diagnosis", "steps", "seconds"):
            assert key in entry
    assert doc["summary"]["passed"] == 8 and doc["summary"]["failed"] == 0
    sigmoid = next(c for c in doc["claims"] if c["id"] == "output-is-sigmoid")
    assert sigmoid["scope"] == "a real"
    chain = next(c for c in doc["claims"] if c["id"] == "mse-gradient-steps")
    assert chain["steps"][0]["from"] == 1 and chain["steps"][0]["to"] == 2
