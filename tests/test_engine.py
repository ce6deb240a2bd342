"""The engine on a corpus of claims with known verdicts (tests/corpus/*.yaml).

Every claim there must get the verdict its ``expect`` says: the true ones
proved, the false ones refuted with a witness that is re-checked here. The
corpus mixes identities, limits, integrals, expectations, matrices and
boolean statements, true and false, phrased in many ways.

``notes.yaml``, ``misc.yaml`` and ``antideriv.yaml`` (lecture notes, inequalities and
special functions, antiderivative checks) are labelled apart from the engine: each
label is confirmed by the oracle beside it (``check_notes.py`` ...), which evaluates
every claim again by hand in mpmath at 50 digits; run one with
``python tests/corpus/check_notes.py``. The claims the engine does not decide yet
are listed in :data:`OPEN`, with what each lacks.
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


#: Claims of the corpus the engine does not decide yet, each with what it lacks. Their
#: labels stand (they come from the oracles beside the files, not from the engine): here
#: they must never get the wrong verdict, and one that becomes decided leaves this table.
OPEN: dict[str, str] = {}

DECIDED = [c for c in CLAIMS if c.id not in OPEN]
UNDECIDED = [c for c in CLAIMS if c.id in OPEN]


def _check_all(claims: list[Claim], timeout: float) -> dict[str, ClaimResult]:
    """The claims checked once, in two worker processes, as `derivcheck run` checks them."""
    out: dict[str, ClaimResult] = {}
    WorkerPool(jobs=2, timeout=timeout).run(list(enumerate(claims)), lambda i, r: out.__setitem__(claims[i].id, r))
    return out


@pytest.fixture(scope="module")
def results() -> dict[str, ClaimResult]:
    return _check_all(DECIDED, 20.0)


@pytest.fixture(scope="module")
def open_results() -> dict[str, ClaimResult]:
    # What they lack is a strategy, not time: a shorter budget keeps the suite short.
    return _check_all(UNDECIDED, 3.0)


def test_every_open_claim_is_in_the_corpus() -> None:
    assert sorted(set(OPEN) - {c.id for c in CLAIMS}) == []


@pytest.mark.parametrize("claim", DECIDED, ids=[c.id for c in DECIDED])
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


@pytest.mark.parametrize("claim", UNDECIDED, ids=[c.id for c in UNDECIDED])
def test_an_open_claim_never_gets_the_wrong_verdict(claim: Claim, open_results: dict[str, ClaimResult]) -> None:
    result = open_results[claim.id]
    wrong = Verdict.REFUTED if claim.expect is Expect.HOLDS else Verdict.PROVED
    assert result.verdict is not wrong, f"{result.verdict.value}: {result.detail}"
    assert result.verdict in (Verdict.UNDECIDED, Verdict.TIMEOUT), f"decided now, leave OPEN: {result.detail}"


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
