"""Findings as data: the engine's evidence reaches every format as fields, worded in one module."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from derivcheck import diagnose
from derivcheck.checking import check_claim
from derivcheck.evidence import BrokenChain, NearMiss, Proof, Refutation, Undecided, Withheld, from_data, to_data
from derivcheck.loader import load_text
from derivcheck.model import ClaimResult, Verdict
from derivcheck.render import formats, html
from derivcheck.summary import summarize
from derivcheck.wording import NEAR_MISSES, UNDECIDED, near_miss, sentence

RENDER = Path(__file__).resolve().parent.parent / "derivcheck" / "render"


def check(body: str) -> ClaimResult:
    loaded = load_text("claims:\n" + body, "e.yaml")
    assert not loaded.failures, loaded.failures
    return check_claim(loaded.claims[0])


@pytest.fixture(scope="module")
def negated() -> ClaimResult:
    return check('  - id: negated\n    title: t\n    symbols: {a: real}\n    claim: "1/(1 + exp(a)) == sigmoid(a)"\n')


@pytest.fixture(scope="module")
def chain() -> ClaimResult:
    return check(
        "  - id: chain\n    title: t\n    symbols: {x: real}\n    steps:\n"
        '      - "diff(exp(-x), x)"\n      - "exp(-x)"\n      - "exp(-x)"\n'
    )


def test_a_refutation_carries_its_witness_values_and_near_miss_as_data(negated: ClaimResult) -> None:
    assert negated.verdict is Verdict.REFUTED
    ev = negated.evidence
    assert isinstance(ev, Refutation)
    assert negated.witness == dict(ev.point) and (negated.lhs_value, negated.rhs_value) == (ev.lhs, ev.rhs)
    assert negated.detail == sentence(ev)
    assert negated.near_miss == NearMiss("negated-variable", (("variable", "a"),))
    assert negated.diagnosis == near_miss(negated.near_miss) == "holds with a replaced by -a on one side"


def test_the_json_report_has_the_diagnosis_name_and_the_witness_of_the_evidence(negated: ClaimResult, chain: ClaimResult) -> None:
    for r in (negated, chain):
        data = json.loads(json.dumps(r.to_dict()))
        assert data["evidence"]["kind"] == "broken-chain" or data["witness"] == data["evidence"]["point"]
        assert data["diagnosis_name"] == (r.near_miss.name if r.near_miss else None)
        assert ClaimResult.from_dict(data) == ClaimResult.from_dict(r.to_dict())  # the cache's round trip
        assert ClaimResult.from_dict(data).evidence == r.evidence
    data = negated.to_dict()
    assert data["diagnosis_name"] == "negated-variable" and data["diagnosis_parameters"] == {"variable": "a"}
    assert data["witness"] == data["evidence"]["point"] == {"a": "1"}
    link = chain.to_dict()["steps"][0]
    assert link["diagnosis_name"] == "sign" and link["witness"] == link["evidence"]["point"]
    assert chain.to_dict()["diagnosis_name"] == "sign"
    broken = chain.evidence
    assert isinstance(broken, BrokenChain) and broken.refutation is not None
    assert chain.witness == broken.refutation.witness


def test_sarif_and_html_name_the_diagnosis(negated: ClaimResult) -> None:
    results = [negated]
    summary = summarize(results, 0.1)
    log = json.loads(formats.sarif(results, summary))
    props = log["runs"][0]["results"][0]["properties"]
    assert props["diagnosis"] == "negated-variable" and props["diagnosisParameters"] == {"variable": "a"}
    assert props["witness"] == negated.witness
    page = html.render(results, summary)
    assert 'data-diagnosis="negated-variable"' in page and "holds with a replaced by -a on one side" in page


def test_every_kind_round_trips_through_its_json_form() -> None:
    for ev in (
        Refutation((("x", "1"),), "2", "3", reason="r", case="n = 2"),
        Proof(("cancel",), "screened", agreed=8),
        Undecided("agreed", (("agreed", "32"), ("undefined", "0"))),
        Undecided("not-numeric", withheld=(Withheld("limit 0, but 1", (("k", "1e-15"),), (("a", "1"),), " and settled"), Withheld("no"))),
        BrokenChain(2, Refutation((), "1", "2", how="closed"), others=(3,), ends="refuted"),
    ):
        assert from_data(json.loads(json.dumps(to_data(ev)))) == ev


def test_every_template_words_its_arguments() -> None:
    assert sentence(Undecided("agreed", (("agreed", "32"), ("digits", "30"), ("undefined", "2")))) == (
        "no proof found; 32 test points agreed to 30 digits, 2 points where a side is undefined were skipped"
    )
    assert all("{" not in sentence(Undecided(key)) or "{" in UNDECIDED[key] for key in UNDECIDED if "{" not in UNDECIDED[key])
    assert near_miss(NearMiss("isolated-point", (("variable", "x"), ("value", "0")))).startswith("holds everywhere except at x = 0")
    assert set(NEAR_MISSES) >= {kind.name for kind in diagnose.DIAGNOSES}


def _parses_strings(tree: ast.AST) -> list[str]:
    """Calls that take a string apart (``.split(sep)``, ``.partition``, ``.replace``, the ``re``
    module), as source. ``.split()`` without a separator only folds whitespace onto one line."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            name = node.func.attr
            owner = node.func.value
            cutting = name in ("split", "rsplit", "partition", "rpartition", "removeprefix", "removesuffix", "replace", "startswith", "endswith")
            if name in ("split", "rsplit") and not node.args:
                cutting = False
            if (isinstance(owner, ast.Name) and owner.id == "re") or cutting:
                found.append(ast.unparse(node))
    return found


#: The fields that carry a finding's text: no renderer may take them apart.
FINDING_TEXT = ("detail", "diagnosis", "error", "witness", "lhs_value", "rhs_value", "message")


def test_no_renderer_takes_the_text_of_a_finding_apart() -> None:
    offenders = []
    for path in sorted(RENDER.glob("*.py")):
        for call in _parses_strings(ast.parse(path.read_text())):
            if any(f".{name}" in call for name in FINDING_TEXT):
                offenders.append(f"{path.name}: {call}")
    assert offenders == []


def _caption_literals(tree: ast.AST) -> list[str]:
    """String literals that write or look for the caption "(shown for n = 2)" (f-strings included)."""
    return [ast.unparse(node) for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str) and "shown for" in node.value]


def test_the_case_shown_is_a_field_never_a_line_of_the_text() -> None:
    # Display.case names the case printed; render/text.py's shown_for is the one place
    # that words it, and nothing writes it into Display.text or looks for it there.
    sources = [p for p in sorted(RENDER.glob("*.py")) if p.name != "text.py"] + [RENDER.parent / "checking.py"]
    offenders = [f"{p.name}: {lit}" for p in sources for lit in _caption_literals(ast.parse(p.read_text()))]
    assert offenders == []
    assert any("(shown for " in lit for lit in _caption_literals(ast.parse((RENDER / "text.py").read_text())))  # the check sees one


def test_a_case_is_captioned_from_display_case() -> None:
    r = check("  - id: c\n    title: t\n    symbols: {n: [2, 3], x: real}\n    claim: Sum(x, (k, 1, n)) == n*x\n")
    assert r.display.case == "n = 2" and "shown for" not in r.display.text
    for fmt in ("markdown", "html"):
        assert "(shown for n = 2)" in formats.render(fmt, [r], summarize([r])), fmt


def test_the_check_sees_a_renderer_that_would_parse_a_detail() -> None:
    assert _parses_strings(ast.parse("r.detail.split(': ')")) == ["r.detail.split(': ')"]
    assert _parses_strings(ast.parse("re.match('x', r.detail)")) == ["re.match('x', r.detail)"]
    assert _parses_strings(ast.parse("' '.join(r.detail.split())")) == []
