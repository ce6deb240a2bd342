"""The engine on a corpus of claims with known verdicts (tests/corpus/*.yaml).

Every claim there must get the verdict its ``expect`` says: the true ones
proved, the false ones refuted with a witness that is re-checked here. The
corpus mixes identities, limits, integrals, expectations, matrices and
boolean statements, true and false, phrased in many ways.

``notes.yaml``, ``misc.yaml`` and ``antideriv.yaml`` (lecture notes, inequalities and
special functions, antiderivative checks) are labelled apart from the engine: each
label is confirmed by the oracle beside it (``check_notes.py`` ...), which evaluates
every claim again by hand in mpmath at 50 digits; run one with
``python tests/corpus/check_notes.py``. None may be left undecided.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import sympy

from derivcheck.checking import check_claim
from derivcheck.loader import load_file
from derivcheck.model import Claim, ClaimResult, Expect, Verdict
from derivcheck.workers import WorkerPool

CORPUS = Path(__file__).parent / "corpus"


def _claims() -> list[Claim]:
    out: list[Claim] = []
    for path in sorted(CORPUS.glob("*.yaml")):
        loaded = load_file(path)
        assert not loaded.failures, loaded.failures
        out.extend(loaded.claims)
    return out


CLAIMS = _claims()


def _check_all(claims: list[Claim], timeout: float) -> dict[str, ClaimResult]:
    """The claims checked once, in two worker processes, as `derivcheck run` checks them."""
    out: dict[str, ClaimResult] = {}
    WorkerPool(jobs=2, timeout=timeout).run(list(enumerate(claims)), lambda i, r: out.__setitem__(claims[i].id, r))
    return out


@pytest.fixture(scope="module")
def results() -> dict[str, ClaimResult]:
    return _check_all(CLAIMS, 20.0)


@pytest.mark.parametrize("claim", CLAIMS, ids=[c.id for c in CLAIMS])
def test_claim_gets_the_expected_verdict(claim: Claim, results: dict[str, ClaimResult]) -> None:
    result = results[claim.id]
    want = Verdict.PROVED if claim.expect is Expect.HOLDS else Verdict.REFUTED
    assert result.verdict is want, f"{result.verdict.value}: {result.detail}"
    if want is Verdict.REFUTED:
        assert result.witness is not None
        for value in result.witness.values():
            sympy.sympify(value)  # an exact value SymPy can read (test-side only)
    else:
        assert result.proof


HARD_BUT_TRUE = [
    ("exp(x) >= 1 + x", {"x": "real"}),
    ("log(x) <= x - 1", {"x": "positive"}),
    ("sin(x) <= 1", {"x": "real"}),
    ("Abs(sin(x)) <= Abs(x)", {"x": "real"}),
    ("exp(-x**2 - 368) > 0", {"x": "real"}),
    ("sigmoid(x)*(1 - sigmoid(x)) <= 1/4", {"x": "real"}),
]


@pytest.mark.parametrize(("text", "symbols"), HARD_BUT_TRUE, ids=[t for t, _ in HARD_BUT_TRUE])
def test_true_inequalities_are_never_refuted(text: str, symbols: dict[str, str]) -> None:
    from derivcheck.loader import load_text

    body = "claims:\n  - id: hard\n    title: t\n    symbols: {%s}\n    claim: \"%s\"\n" % (
        ", ".join(f"{k}: {v}" for k, v in symbols.items()),
        text,
    )
    claim = load_text(body, "hard.yaml").claims[0]
    assert check_claim(claim).verdict in (Verdict.PROVED, Verdict.UNDECIDED)
