"""The faithfulness check: a claim compared with its ``latex:`` (derivcheck/faithful.py).

The LaTeX translation has tests of its own; here each latex is given with its
translation written by hand (:data:`TRANSLATED`), so that these tests are about
the comparison: which pairs of terms are compared, and what a mismatch carries.
Every witness is checked apart from the engine, with mpmath or exact fractions.
"""

from __future__ import annotations

import json
import re
from fractions import Fraction
from pathlib import Path

import mpmath
import pytest
from click.testing import CliRunner

from derivcheck import faithful
from derivcheck.api import check, check_paths
from derivcheck.cli import main
from derivcheck.evidence import LatexCheck
from derivcheck.latex import ChainTranslation, Translation
from derivcheck.model import ClaimResult, Verdict
from derivcheck.render.formats import FORMATS, render
from derivcheck.summary import fails, summarize
from derivcheck.wording import latex_check

#: Each latex of these tests, with its translation by hand: the terms (None: not
#: translated) and the relations between them.
TRANSLATED: dict[str, tuple[list[str | None], list[str]]] = {
    r"-y\log p": (["-y*log(p)", "log(p**y)"], ["=="]),  # the document: -y log p = log p^y ... as a pair
    r"\frac{1}{2}x^2": (["x**2/2", "x*x/2"], ["=="]),
    r"S S^T": (["S*S.T", "S*S.T"], ["=="]),
    r"\sum_{k=1}^{n} k": (["Sum(k, (k, 1, n))", "n*(n + 1)/2"], ["=="]),
    r"a \le b": (["a", "b"], ["<="]),
    r"\frac{a}{b}": (["a/b", "a*b**-1"], ["=="]),
    r"x + y + z": (["z + y + x", "x + y + z"], ["=="]),
    r"\exp(x)": (["exp(x)", "exp(x)"], ["=="]),
    r"\sigma(a)": (["sigmoid(a)", "1/(1 + exp(-a))"], ["=="]),
    r"a^2 - b^2 = (a - b)(a + b)": (["a**2 - b**2", "(a - b)*(a + b)"], ["=="]),
    r"x^2 - 1 = \dots = (x - 1)(x + 1)": (["x**2 - 1", None, "(x - 1)*(x + 1)"], ["==", "=="]),
    r"\unknowable{": ([None], []),
    r"x = y": (["x", "y"], ["=="]),
}

_KNOWN = {"log", "exp", "Sum", "sigmoid", "T", "k"}  # functions, and the bound index k


def _translate(latex: str, notation: object, *, indexed: frozenset[str] = frozenset(), lengths: object = None, **readings: object) -> ChainTranslation:
    terms, rels = TRANSLATED[latex]
    out = []
    for text in terms:
        if text is None:
            out.append(Translation(latex, None, (), ("this LaTeX cannot be read",)))
        else:
            names = sorted(set(re.findall(r"\b[A-Za-z_]\w*\b", text)) - _KNOWN)
            out.append(Translation(latex, text, tuple(names)))
    return ChainTranslation(latex, tuple(out), tuple(rels))


#: The translation of derivcheck.latex, for the tests that go through it end to end.
REAL_TRANSLATION = faithful.translate_chain


@pytest.fixture(autouse=True)
def hand_translation(monkeypatch: pytest.MonkeyPatch) -> None:
    # The workers are forked from this process, so they see the translation too.
    monkeypatch.setattr(faithful, "translate_chain", _translate)


def _check(claim: str | list[str], latex: str, symbols: dict[str, str], **kw: object) -> ClaimResult:
    return check(claim, symbols=symbols, latex=latex, **kw)  # type: ignore[arg-type]


def _value(expr: str, point: dict[str, str]) -> mpmath.mpf:
    """A scalar term at a witness, by mpmath at 40 digits (apart from the engine)."""
    mpmath.mp.dps = 40
    env = {k: mpmath.mpf(Fraction(v).numerator) / Fraction(v).denominator for k, v in point.items()}
    return eval(expr, {"log": mpmath.log, "exp": mpmath.exp, "__builtins__": {}}, env)  # test-only: our own strings


# --------------------------------------------------------------------------- mismatches that must be found


def test_a_dropped_sign_is_a_mismatch_with_its_witness() -> None:
    # By hand: y*log(p) and -y*log(p) differ wherever y*log(p) != 0, e.g. y = 1, p = 1/2.
    r = _check("y*log(p) == log(p**y)", r"-y\log p", {"y": "real", "p": "(0, 1)"})
    assert r.verdict is Verdict.PROVED  # the claim itself holds; it is not the document's statement
    lc = r.latex_check
    assert lc is not None and lc.status == "mismatch" and lc.term == 1 and lc.latex_term == 1
    point = lc.witness
    mine, theirs = _value("y*log(p)", point), _value("-y*log(p)", point)
    assert abs(mine - theirs) > 1e-10
    assert abs(mine - mpmath.mpf(lc.claim_value)) < 1e-20 and abs(theirs - mpmath.mpf(lc.latex_value)) < 1e-20
    assert fails(r) and summarize([r]).failed == 1 and summarize([r]).passed == 0


def test_a_transposed_product_of_vectors_is_a_mismatch() -> None:
    # By hand: for a column vector S, S*S.T is the 2×2 outer product and S.T*S the 1×1 inner
    # product: of other shapes, so never equal, whatever S is.
    r = _check("S.T*S == S.T*S", r"S S^T", {"S": "vector[2]"})
    lc = r.latex_check
    assert lc is not None and lc.status == "mismatch" and lc.reason == "shape" and fails(r)


def test_a_transposed_product_of_matrices_is_a_mismatch_with_its_witness() -> None:
    # By hand: A*A.T and A.T*A differ for A = [[0, 1], [0, 0]]: [[1, 0], [0, 0]] against [[0, 0], [0, 1]].
    TRANSLATED[r"A A^T"] = (["A*A.T", "A*A.T"], ["=="])
    r = _check("A.T*A == A.T*A", r"A A^T", {"A": "matrix[2, 2]"})
    lc = r.latex_check
    assert lc is not None and lc.status == "mismatch" and lc.term == 1
    a = [[Fraction(lc.witness[f"A[{i}, {j}]"]) for j in (1, 2)] for i in (1, 2)]
    ata = [[sum(a[k][i] * a[k][j] for k in range(2)) for j in range(2)] for i in range(2)]
    aat = [[sum(a[i][k] * a[j][k] for k in range(2)) for j in range(2)] for i in range(2)]
    assert ata != aat


def test_a_wrong_index_range_is_a_mismatch() -> None:
    # By hand: Σ_{k=0}^{n} k = Σ_{k=1}^{n} k (the k = 0 term is 0), so take k² + 1: the k = 0 term is 1.
    TRANSLATED[r"\sum_{k=1}^{n} (k^2+1)"] = (["Sum(k**2 + 1, (k, 1, n))", "Sum(k**2 + 1, (k, 1, n))"], ["=="])
    r = _check("Sum(k**2 + 1, (k, 0, n)) == Sum(k**2 + 1, (k, 0, n))", r"\sum_{k=1}^{n} (k^2+1)", {"n": "positive integer"})
    lc = r.latex_check
    assert r.verdict is Verdict.PROVED
    assert lc is not None and lc.status == "mismatch"
    n = int(Fraction(lc.witness["n"]))
    claim_side = sum(Fraction(k * k + 1) for k in range(0, n + 1))
    latex_side = sum(Fraction(k * k + 1) for k in range(1, n + 1))
    assert claim_side != latex_side and lc.term == 1
    assert Fraction(lc.claim_value) == claim_side and Fraction(lc.latex_value) == latex_side


def test_a_dropped_factor_one_half_is_a_mismatch() -> None:
    # By hand: the latex says x²/2 = x·x/2; the claim x² = x·x/2 is another statement (at x = 1: 1 vs 1/2).
    r = _check("x**2 == x*x/2", r"\frac{1}{2}x^2", {"x": "real"})
    lc = r.latex_check
    assert lc is not None and lc.status == "mismatch" and lc.term == 1
    x = Fraction(lc.witness["x"])
    assert Fraction(lc.claim_value) == x * x and Fraction(lc.latex_value) == x * x / 2 and x != 0


def test_a_swapped_inequality_is_a_mismatch_with_a_point_where_one_holds() -> None:
    r = _check("a >= b", r"a \le b", {"a": "real", "b": "real"})
    lc = r.latex_check
    assert lc is not None and lc.status == "mismatch" and lc.reason == "relation"
    a, b = (Fraction(lc.witness[k]) for k in "ab")
    assert (a >= b) != (a <= b)  # by hand: they differ exactly where a != b


# --------------------------------------------------------------------------- the same statement, written differently


@pytest.mark.parametrize(
    ("claim", "latex", "symbols"),
    [
        ("a/b == a*b**-1", r"\frac{a}{b}", {"a": "real", "b": "positive"}),
        ("x + y + z == z + y + x", r"x + y + z", {"x": "real", "y": "real", "z": "real"}),  # sides swapped, sums reordered
        ("exp(x) == exp(x)", r"\exp(x)", {"x": "real"}),
        ("sigmoid(a) == 1/(1 + exp(-a))", r"\sigma(a)", {"a": "real"}),
        ("2*x == 2*y", r"x = y", {"x": "real", "y": "real"}),  # both sides times 2: the same equation
        (["a**2 - b**2", "(a - b)*(a + b)"], r"a^2 - b^2 = (a - b)(a + b)", {"a": "real", "b": "real"}),
    ],
)
def test_the_same_statement_written_differently_is_faithful(claim: str | list[str], latex: str, symbols: dict[str, str]) -> None:
    r = _check(claim, latex, symbols)
    assert r.latex_check is not None and r.latex_check.status == "faithful", r.latex_check
    assert not r.unfaithful


def test_a_dots_term_is_skipped() -> None:
    r = _check(["x**2 - 1", "x*x - 1", "(x - 1)*(x + 1)"], r"x^2 - 1 = \dots = (x - 1)(x + 1)", {"x": "real"})
    assert r.latex_check is not None and r.latex_check.status == "faithful" and r.latex_check.skipped == (2,)


# --------------------------------------------------------------------------- off, unreadable, every format


def test_no_latex_check_turns_it_off() -> None:
    r = _check("x**2 == x*x/2", r"\frac{1}{2}x^2", {"x": "real"}, latex_check=False)
    assert r.latex_check is None and r.verdict is Verdict.REFUTED


def test_an_unreadable_latex_is_a_note_and_the_exit_status_is_unaffected(tmp_path: object) -> None:
    r = _check("x == x", r"\unknowable{", {"x": "real"})
    assert r.latex_check is not None and r.latex_check.status == "unchecked" and not fails(r)


def test_the_command_line_fails_a_mismatch_and_no_latex_check_passes_it(tmp_path: pytest.TempPathFactory) -> None:
    body = (
        "claims:\n  - id: half\n    title: t\n    latex: \\frac{1}{2}x^2\n    symbols: {x: real}\n"
        "    claim: x**2 == x**2\n"
    )
    path = tmp_path / "c.yaml"  # type: ignore[operator]
    path.write_text(body, encoding="utf-8")
    runner = CliRunner()
    on = runner.invoke(main, ["run", str(path), "--no-cache", "--format", "json", "-j", "1"])
    off = runner.invoke(main, ["run", str(path), "--no-cache", "--format", "json", "-j", "1", "--no-latex-check"])
    assert on.exit_code == 1 and off.exit_code == 0, (on.output, off.output)
    entry = json.loads(on.output)["claims"][0]
    assert entry["verdict"] == "proved" and entry["latex_check"]["status"] == "mismatch"
    assert entry["latex_check"]["witness"] and json.loads(off.output)["claims"][0]["latex_check"] is None


#: The claims of the tests through derivcheck.latex: the cross-entropy gradient, dL/da = f - y.
GRADIENT_CLAIMS = """
claims:
  - id: as-written
    title: t
    latex: \\frac{\\partial L_{CE}}{\\partial a} = -(y - f)
    symbols: {a: real, y: real}
    where: {f: sigmoid(a), L: -y*log(f) - (1 - y)*log(1 - f)}
    claim: diff(L, a) == -(y - f)
  - id: sign-dropped
    title: t
    latex: \\frac{\\partial L_{CE}}{\\partial a} = y - f
    symbols: {a: real, y: real}
    where: {f: sigmoid(a), L: -y*log(f) - (1 - y)*log(1 - f)}
    claim: diff(L, a) == -(y - f)
"""


def test_through_the_translation_a_mapped_name_and_a_dropped_sign(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(faithful, "translate_chain", REAL_TRANSLATION)
    (tmp_path / "mapped.yaml").write_text('notation:\n  "L_{CE}": L\n' + GRADIENT_CLAIMS, encoding="utf-8")
    (tmp_path / "plain.yaml").write_text(GRADIENT_CLAIMS.replace("id: ", "id: plain-"), encoding="utf-8")
    results = {r.id: r for r in check_paths([tmp_path], jobs=1, use_cache=False)}
    mapped = results["as-written"].latex_check
    assert mapped is not None and mapped.status == "faithful", mapped
    # Without the entry, L_CE is a name the claim does not declare: a note, not a failure.
    unmapped = results["plain-as-written"]
    assert unmapped.latex_check is not None and unmapped.latex_check.status == "unchecked" and not fails(unmapped)
    # By hand: dL/da = f - y = -(y - f); the latex's y - f differs from it wherever y != f.
    r = results["sign-dropped"]
    lc = r.latex_check
    assert r.verdict is Verdict.PROVED and lc is not None and lc.status == "mismatch" and lc.term == 2 and fails(r)
    mpmath.mp.dps = 40
    a, y = (mpmath.mpf(Fraction(lc.witness[k]).numerator) / Fraction(lc.witness[k]).denominator for k in "ay")
    f = 1 / (1 + mpmath.exp(-a))
    assert abs(mpmath.mpf(lc.claim_value) - (f - y)) < 1e-20 and abs(mpmath.mpf(lc.latex_value) - (y - f)) < 1e-20
    assert abs(y - f) > 1e-10


def test_the_cache_key_follows_the_latex_and_the_notation() -> None:
    from dataclasses import replace

    from derivcheck.cache import key
    from derivcheck.loader import load_text

    claim = load_text("claims:\n  - id: a\n    title: t\n    latex: x = x\n    claim: 1 == 1\n", "c.yaml").claims[0]
    keys = {key(claim), key(replace(claim, latex="x = y")), key(replace(claim, notation=(("x", "y"),)))}
    assert len(keys) == 3


MISMATCH = ClaimResult(
    id="half", title="t", file="c.yaml", line=2, verdict=Verdict.PROVED, proof="cancel",
    latex_check=LatexCheck("mismatch", "term", (("side", "left side"), ("latex_term", "1")), 1, 1, (("x", "1"),), "1", "1/2"),
)


PARTIAL = ClaimResult(
    id="bounds", title="t", file="c.yaml", line=2, verdict=Verdict.PROVED, proof="cancel",
    latex_check=LatexCheck("partial", "parts-stated", (("stated", "1"), ("unstated", "2, 3"), ("mine", "3")), compared=2),
)


@pytest.mark.parametrize("fmt", ["rich", *FORMATS])
def test_every_format_shows_a_partial_check_as_a_note(fmt: str) -> None:
    summary = summarize([PARTIAL])
    assert not fails(PARTIAL) and summary.failed == 0 and summary.unfaithful == 0
    if fmt == "rich":
        from rich.console import Console

        from derivcheck.render.terminal import print_run

        console = Console(record=True, width=200)
        print_run(console, [PARTIAL], summary)
        text = console.export_text()
    else:
        text = render(fmt, [PARTIAL], summary)
    assert ClaimResult.from_dict(PARTIAL.to_dict()).latex_check == PARTIAL.latex_check
    if fmt in ("json", "markdown", "html"):  # the formats that show a passing claim's notes
        assert "and not 2, 3" in text, text


@pytest.mark.parametrize("fmt", ["rich", *FORMATS])
def test_every_format_shows_a_mismatch(fmt: str) -> None:
    summary = summarize([MISMATCH])
    if fmt == "rich":
        from rich.console import Console

        from derivcheck.render.terminal import print_run

        console = Console(record=True, width=200)
        print_run(console, [MISMATCH], summary)
        text = console.export_text()
    else:
        text = render(fmt, [MISMATCH], summary)
    assert "latex" in text and "x = 1" in text.replace("%3D", "="), text
    assert ClaimResult.from_dict(MISMATCH.to_dict()).latex_check == MISMATCH.latex_check


# --------------------------------------------------------------------------- claims of several relations


@pytest.fixture
def real_translation(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(faithful, "translate_chain", REAL_TRANSLATION)


@pytest.mark.parametrize(("claim", "latex"), [
    ("And(x*(x + 1) == x**2 + x, x**2 + x <= x**2 + x + 1)", r"x(x + 1) = x^2 + x \le x^2 + x + 1"),  # a chain's links
    ("iff(x > 1, x**3 > 1)", r"x > 1 \iff x^3 > 1"),
])
def test_a_claim_of_several_relations_is_compared_part_by_part(real_translation: None, claim: str, latex: str) -> None:
    # By hand: each part's sides are the latex's, term for term, so every part is faithful.
    lc = _check(claim, latex, {"x": "real"}).latex_check
    assert lc is not None and lc.status == "faithful", lc
    assert lc.compared >= 3  # each distinct pair of terms once (a chain shares its middle term)


def test_one_part_of_an_and_mismatched_is_found_with_its_witness(real_translation: None) -> None:
    # (Its first part, read off "\text{ and }", is faithful: the mismatch is the second part's.)
    # By hand: the document's second relation has (x - 1)(x - 1) where the claim has (x - 1)(x + 1);
    # they differ wherever 2(x - 1) != 0, and no constant maps the claim's zero difference onto 2x - 2.
    r = _check("And(x*(x + 1) == x**2 + x, x**2 - 1 == (x - 1)*(x + 1))",
               r"x(x + 1) = x^2 + x \text{ and } x^2 - 1 = (x - 1)(x - 1)", {"x": "real"})
    assert r.verdict is Verdict.PROVED
    lc = r.latex_check
    assert lc is not None and lc.status == "mismatch" and lc.arg("part") == "2 of 2" and lc.term == 2
    x = Fraction(lc.witness["x"])
    assert (x - 1) * (x + 1) != (x - 1) * (x - 1)
    assert Fraction(lc.claim_value or "") == (x - 1) * (x + 1) and Fraction(lc.latex_value or "") == (x - 1) * (x - 1)
    assert "in part 2 of 2" in latex_check(lc)


@pytest.mark.parametrize(("claim", "latex", "reason"), [
    # Two relations in the claim, one in the latex, which is neither: which part it stands for is
    # not known, so it is not a mismatch, only not checked.
    ("And(x*(x + 1) == x**2 + x, x**2 >= 0)", r"x(x + 1) = x^2 + 2x", "part-count"),
    ("implies(x > 1, x**2 > 1)", r"x > 1 \iff x^2 > 1", "connective"),
])
def test_parts_in_another_number_or_joined_otherwise_are_unchecked(real_translation: None, claim: str, latex: str, reason: str) -> None:
    lc = _check(claim, latex, {"x": "real"}).latex_check
    assert lc is not None and (lc.status, lc.reason) == ("unchecked", reason)


@pytest.mark.parametrize(("domain", "status"), [
    # By hand: on x >= 0 the condition holds everywhere and |x| = x is the claim, side for side;
    # on the reals it fails at x = -1, so the claim would speak where the document does not.
    ("nonnegative", "faithful"),
    ("real", "unchecked"),
])
def test_a_condition_after_the_relation_is_compared_only_where_the_domain_implies_it(real_translation: None, domain: str, status: str) -> None:
    lc = _check("Abs(x) == x", r"|x| = x \quad (x \ge 0)", {"x": domain}).latex_check
    assert lc is not None and lc.status == status and lc.arg("condition") == r"x \ge 0"
    assert status == "faithful" or lc.reason == "condition"


def test_a_shorter_latex_is_said_to_state_the_parts_it_states_and_no_others(real_translation: None) -> None:
    # By hand: x(x + 1) = x² + x is the claim's first part, side for side; x² >= 0 is not written.
    lc = _check("And(x*(x + 1) == x**2 + x, x**2 >= 0)", r"x(x + 1) = x^2 + x", {"x": "real"}).latex_check
    assert lc is not None and (lc.status, lc.reason) == ("partial", "parts-stated")
    assert (lc.arg("stated"), lc.arg("unstated"), lc.arg("mine")) == ("1", "2", "2")
    assert "not 2" in latex_check(lc) and "faithful" not in latex_check(lc)


# --------------------------------------------------------------------------- prose, and a condition written first


@pytest.mark.parametrize("latex", [
    r"\text{As in (a), the limit does not exist at } x = 0",
    r"\text{When } x = 0 \text{ the limit does not exist}",
])
def test_prose_is_its_own_reason_not_a_translation_failure(real_translation: None, latex: str) -> None:
    lc = _check("x**2 >= 0", latex, {"x": "real"}).latex_check
    assert lc is not None and (lc.status, lc.reason) == ("unchecked", "prose") and lc.arg("words")
    assert lc.arg("words") in latex and "prose" in latex_check(lc)


def test_one_word_in_text_is_a_name_not_prose() -> None:
    from derivcheck.statement_parts import prose

    assert prose(r"\frac{\partial \text{Cost}}{\partial a} = \text{diag}(x)", lambda key: False) is None
    assert prose(r"x = 1 \text{ wp } \tfrac{1}{2}", lambda key: False) == "wp"
    assert prose(r"\text{When } x = 0", lambda key: key == r"\text{When }") is None


def test_a_condition_written_first_is_the_claims_assume(real_translation: None) -> None:
    # By hand: at x = 1 (the claim's assume) 1 - x and x - 1 are both 0, so "y = x - 1" says y = 0 too.
    lc = _check("y == 1 - x", r"\text{if } x = 1 \text{ then } y = x - 1", {"x": "real", "y": "real"}, assume="x == 1").latex_check
    assert lc is not None and lc.status == "faithful", lc
    assert lc.arg("assumed") == "x = 1" and "as the claim's assume" in latex_check(lc)


def test_a_wrong_conclusion_under_the_condition_is_a_mismatch(real_translation: None) -> None:
    # By hand: at x = 1 the claim's 1 - x is 0 and the latex's x + 1 is 2.
    lc = _check("y == 1 - x", r"\text{if } x = 1 \text{ then } y = x + 1", {"x": "real", "y": "real"}, assume="x == 1").latex_check
    assert lc is not None and lc.status == "mismatch" and lc.term == 2
    x = Fraction(lc.witness["x"])
    assert x == 1 and Fraction(lc.claim_value or "") == 1 - x and Fraction(lc.latex_value or "") == x + 1


def test_the_condition_is_compared_without_the_assumption(real_translation: None) -> None:
    # Under x = 1, x² and x are equal; as conditions, x² = 1 and x = 1 differ (at x = -1).
    # So the condition's sides are compared on the domain alone: x² is not x, at a point found.
    lc = _check("y == 1 - x", r"\text{if } x^2 = 1 \text{ then } y = 1 - x", {"x": "real", "y": "real"}, assume="x == 1").latex_check
    assert lc is not None and lc.status == "mismatch" and lc.arg("in") == "condition"
    x = Fraction(lc.witness["x"])
    assert x * x != x and Fraction(lc.claim_value or "") == x and Fraction(lc.latex_value or "") == x * x
    assert "in the latex's condition" in latex_check(lc)


def test_a_condition_written_first_without_an_assume_is_unchecked(real_translation: None) -> None:
    lc = _check("y == 1 - x", r"\text{if } x = 1 \text{ then } y = 1 - x", {"x": "real", "y": "real"}).latex_check
    assert lc is not None and (lc.status, lc.reason) == ("unchecked", "assumption")


# --------------------------------------------------------------------------- connectives part by part


def test_an_implication_is_compared_premise_with_premise(real_translation: None) -> None:
    # By hand: the latex's premise is x > 2, the claim's x > 1: their right sides, 2 and 1, differ.
    r = _check("implies(x > 1, x**2 > 1)", r"x > 2 \implies x^2 > 1", {"x": "real"})
    lc = r.latex_check
    assert r.verdict is Verdict.PROVED and lc is not None and lc.status == "mismatch" and lc.arg("part") == "1 of 2"
    assert (lc.term, lc.latex_term) == (2, 2) and Fraction(lc.claim_value or "") == 1 and Fraction(lc.latex_value or "") == 2


def test_a_claims_own_notation_is_read_over_its_files_for_its_latex_only() -> None:
    from derivcheck.loader import load_text

    body = (
        'notation:\n  "x_1": x1\nclaims:\n'
        "  - id: scalar\n    title: t\n    latex: x_1 = x_1\n    symbols: {x1: real}\n    claim: x1 == x1\n"
        "  - id: entry\n    title: t\n    latex: x_1 = x_1\n    symbols: {x: \"vector[2]\", u: real}\n    claim: x[1] == x[1]\n"
        '    notation: {"x_1": u}\n'
    )
    scalar, entry = load_text(body, "c.yaml").claims
    assert faithful.notation_of(scalar).lookup("x_1") == "x1" and faithful.notation_of(entry).lookup("x_1") == "u"
    assert entry.notation == (("x_1", "x1"), ("x_1", "u"))


def test_a_labelled_names_argument_is_left_implicit_only_when_it_is_one_undeclared_letter() -> None:
    from derivcheck.faithful_terms import implicit
    from derivcheck.loader import load_text

    claim = load_text("claims:\n  - id: a\n    title: t\n    symbols: {y: real}\n    claim: y == y\n", "c.yaml").claims[0]
    assert implicit(claim, r"\text{Var}\{a^{(k)}(x)_i\} = \text{Var}\{a^{(k-1)}(x)_i\}") == {"x"}
    # Two arguments would be read as one name; a declared one is the claim's own variable.
    assert implicit(claim, r"a^{(k)}(x) = a^{(k)}(z)") == frozenset() and implicit(claim, r"a^{(k)}(y) = 1") == frozenset()


def test_a_chain_grouped_otherwise_than_the_claims_parts_is_not_a_mismatch(real_translation: None) -> None:
    # By hand: h1 = h2 = 1 holds exactly where h1 = 1 and h2 = 1 both do; only the pairing of
    # part 1 (h1 == 1) with link 1 (h1 = h2) differs, which is not the document's grouping.
    r = _check("And(h1 == 1, h2 == 1)", r"h_1 = h_2 = 1", {"h1": [0, 1], "h2": [0, 1]}, notation={"h_1": "h1", "h_2": "h2"})
    lc = r.latex_check
    assert lc is not None and (lc.status, lc.reason) == ("unchecked", "grouped") and not r.unfaithful


def test_a_dropped_sign_in_a_chains_link_is_still_a_mismatch(real_translation: None) -> None:
    # By hand: the claim's x² + x and the latex's x² − x differ wherever x != 0, and so do the
    # statements: the latex's x(x + 1) = x² − x fails at x = 1, the claim's part holds everywhere.
    r = _check("And(x*(x + 1) == x**2 + x, x**2 + x <= x**2 + x + 1)", r"x(x + 1) = x^2 - x \le x^2 + x + 1", {"x": "real"})
    lc = r.latex_check
    assert r.verdict is Verdict.PROVED and lc is not None and lc.status == "mismatch" and lc.arg("part") == "1 of 2"
    x = Fraction(lc.witness["x"])
    assert Fraction(lc.claim_value or "") == x * x + x and Fraction(lc.latex_value or "") == x * x - x and x != 0


def test_a_notation_pattern_keeps_the_space_between_a_command_and_a_letter() -> None:
    # "\partial h" is the command \partial, then the letter h: never the one command \partialh.
    from derivcheck.latex import Notation, translate_chain

    notation = Notation.defaults().extended({r"\frac{\partial \text{Cost}}{\partial h^{(k)}}": "d"})
    chain = translate_chain(r"\mathbb{E}\Big\{\frac{\partial \text{Cost}}{\partial h^{(k)}}\Big\} = 0", notation)
    assert [t.text for t in chain.terms] == ["E(d)", "0"]
