"""``derivcheck explain``: one claim at a glance, as a reader sees it (and ``--plot``).

The CLI tests run through click's CliRunner on a small claims folder written
here; the layout tests render hand-made results, so they need no engine.
"""

from __future__ import annotations

import importlib.util
import io
import json
import re
import sys
from pathlib import Path

import mpmath
import pytest
from click.testing import CliRunner, Result
from rich.console import Console

from derivcheck.checking import check_claim
from derivcheck.cli import main
from derivcheck.loader import load_file
from derivcheck.model import Claim, ClaimResult, Display, Expect, LinkResult, Verdict
from derivcheck.evidence import BrokenChain, Refutation
from derivcheck.render.explain import print_explain
from derivcheck.render.pictures import fold_picture, split_pictures
from derivcheck.wording import refutation_residue, sentence

CLAIMS = """\
title: explain tests
claims:
  - id: and-gate
    title: The output fires only when all three hidden units do
    symbols: {h1: [0, 1], h2: [0, 1], h3: [0, 1]}
    claim: H(h1 + h2 + h3 - 2.5) == h1*h2*h3

  - id: softmax-sums-to-one
    title: Softmax sums to one
    symbols: {x: "vector[n]", n: [2, 3]}
    claim: Sum(softmax(x)[k], (k, 1, n)) == 1

  - id: output-is-sigmoid
    title: "1/(1 + exp(a)) is the logistic sigmoid σ(a)"
    symbols: {a: real}
    claim: 1/(1 + exp(a)) == sigmoid(a)
    expect: refuted
    note: It is σ(−a).

  - id: mse-gradient-steps
    title: The MSE gradient, line by line as written
    symbols: {a: real, y: real}
    where:
      f: sigmoid(a)
    steps:
      - diff((y - f)**2/2, a)
      - (y - f)*diff(f, a)
      - -(y - f)*f*(1 - f)
    expect: refuted

  - id: wrong-middle-link
    title: "A chain in x whose second link is wrong <b>&"
    symbols: {x: real}
    steps:
      - diff(x**3/3 + exp(x), x)
      - {expr: x**2 + exp(x), why: power rule}
      - 2*x + exp(x)
    expect: refuted
"""

HAS_MATPLOTLIB = importlib.util.find_spec("matplotlib") is not None


@pytest.fixture(scope="module")
def claims_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("claims")
    (folder / "explain.yaml").write_text(CLAIMS, encoding="utf-8")
    return folder


def explain(claims_dir: Path, *args: str) -> Result:
    # COLUMNS is wide enough that no number of the evidence is folded.
    runner = CliRunner()
    return runner.invoke(main, ["explain", *args, "--claims", str(claims_dir)], env={"COLUMNS": "120"})


def test_a_proved_claim_shows_its_strategy_and_the_cases_it_covers(claims_dir: Path) -> None:
    result = explain(claims_dir, "softmax-sums-to-one")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "✔ proved" in out
    assert re.search(r"strategy\s+\S", out)
    assert "n = 2, 3" in out  # the sizes the proof covers
    assert "Sum(softmax(x)[k], (k, 1, n)) == 1" in out  # the claim as written


def test_a_proof_by_cases_names_the_cases(claims_dir: Path) -> None:
    result = explain(claims_dir, "and-gate")
    assert result.exit_code == 0, result.output
    assert "8 cases" in result.output


def test_a_refuted_claim_shows_the_witness_and_both_values_once(claims_dir: Path) -> None:
    result = explain(claims_dir, "output-is-sigmoid")
    assert result.exit_code == 0, result.output  # refuted, as the claim expects
    out = result.output
    assert "counterexample" in out and "a = 1" in out
    left = "0.2689414213699951207488407581"  # 1/(1 + e)
    right = "0.7310585786300048792511592418"  # σ(1)
    assert out.count(left) == 1 and out.count(right) == 1
    assert "It is σ(−a)." in out


def test_a_refuted_chain_names_its_links_from_1(claims_dir: Path) -> None:
    result = explain(claims_dir, "wrong-middle-link")
    assert result.exit_code == 0, result.output
    out = result.output
    assert re.search(r"breaks at\s+link 2: \(2\) = \(3\)", out)
    rows = re.findall(r"^\W*([12])\s+\((\d)\) = \((\d)\)", out, flags=re.MULTILINE)
    assert [r[0] for r in rows] == ["1", "2"]
    assert ("2", "2", "3") in rows
    assert "x = 1" in out  # the broken link's own witness
    assert "power rule" in out
    assert "<b>&" in out  # titles are shown as written, not read as markup


def test_a_chain_with_two_broken_links_says_which_breaks_first(claims_dir: Path) -> None:
    result = explain(claims_dir, "mse-gradient-steps")
    assert result.exit_code == 0, result.output
    out = result.output
    assert re.search(r"breaks at\s+link 1: \(1\) = \(2\)", out)
    # Link 1's lines at its witness, the simplest generic point a = y = 1, where
    # f = σ(1): (1) = -(y - f) f(1 - f) and (2) = (y - f) f(1 - f) = (1 - f)² f.
    assert "at a = 1, y = 1" in out
    with mpmath.workdps(30):
        f = 1 / (1 + mpmath.exp(-1))
        value = mpmath.nstr((1 - f) ** 2 * f, 15)
    assert f"(1) = -{value}" in out and f"(2) = {value}" in out
    # The chain's lines are numbered in the pretty-printed mathematics.
    assert re.search(r"^\W*\(3\) =", out, flags=re.MULTILINE)


def test_an_unknown_id_exits_2_with_a_message_and_no_traceback(claims_dir: Path) -> None:
    result = explain(claims_dir, "no-such-claim")
    assert result.exit_code == 2
    assert "no-such-claim" in result.output
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)


def test_explain_json_is_one_parsable_document(claims_dir: Path) -> None:
    result = explain(claims_dir, "mse-gradient-steps", "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["id"] == "mse-gradient-steps"
    assert doc["verdict"] == "refuted"
    assert [s["from"] for s in doc["steps"]] == [1, 2]


# --- the layout, on hand-made results --------------------------------------------


def _render(result: ClaimResult, width: int = 100) -> str:
    buffer = io.StringIO()
    print_explain(Console(file=buffer, width=width, color_system=None), None, result)
    return buffer.getvalue()


def test_diagnoses_and_an_agreement_note_are_shown() -> None:
    found = Refutation((("a", "0"),), "1/8", "-1/8")
    link = LinkResult(
        index=1, relation="==", verdict=Verdict.REFUTED, witness={"a": "0"}, lhs_value="1/8", rhs_value="-1/8",
        detail=sentence(found), diagnosis="the sides differ by a sign", evidence=found,
    )
    ok = LinkResult(index=2, relation="<=", verdict=Verdict.PROVED, proof="cancel", detail="shown by cancel")
    result = ClaimResult(
        id="chain", title="t", file="f.yaml", line=3, verdict=Verdict.REFUTED, expect=Expect.REFUTED,
        witness={"a": "0"}, lhs_value="1/8", rhs_value="-1/8", steps=(link, ok),
        detail="link 1 (step 1 to step 2) is false: at a = 0: 1/8 vs -1/8; the final result is right, but a step on the way is wrong",
        display=Display(text="a\nb\nc"), evidence=BrokenChain(1, found, ends="proved"),
    )
    out = _render(result)
    assert "near miss" in out and "link 1, (1) = (2): the sides differ by a sign" in out
    assert "is false; the final result is right" in out
    assert "(2) ≤ (3)" in out  # a link's relation as it reads
    assert out.count("1/8 vs -1/8") == 0  # the values are said once, in the link's row
    assert re.search(r"\(1\)\s+a", out) and re.search(r"\(3\) ≤ c", out)


def test_an_invalid_claim_shows_its_error() -> None:
    result = ClaimResult(id="bad", title="t", file="f.yaml", line=1, verdict=Verdict.INVALID, error="f.yaml:4:5: unknown name 'q'")
    out = _render(result)
    assert "unknown name 'q'" in out and "! invalid" in out


def test_wide_mathematics_is_cut_at_its_relation_not_wrapped() -> None:
    wide = "x" * 60
    out = _render(ClaimResult(id="w", title="t", file="f", line=1, verdict=Verdict.PROVED, display=Display(text=f"{wide} = {wide}")), width=80)
    lines = [line.strip("│ ") for line in out.splitlines()]
    assert wide in lines and "=" in lines


def test_split_pictures_only_splits_when_unambiguous() -> None:
    assert split_pictures("a\n\nb", 2) == [["a"], ["b"]]
    assert split_pictures(" 2\nx \n 2\nx ", 2) is None  # two equal pictures of two lines: ambiguous
    assert split_pictures(" 1 \n───\n a \nb", 2) == [[" 1 ", "───", " a "], ["b"]]


def test_fold_picture_stacks_a_sum_after_its_relation() -> None:
    assert fold_picture(["aaaa + bbbb = cc"], 11) == ["aaaa + bbbb", "=", "cc"]
    assert fold_picture(["aaaa + bbbb = cc"], 10) == ["aaaa", "+ bbbb", "=", "cc"]
    assert fold_picture(["aaaa + bbbb + cc"], 11) == ["aaaa + bbbb", "+ cc"]
    assert fold_picture(["aaaa + bbbb + cc"], 10) == ["aaaa", "+ bbbb", "+ cc"]


def test_refutation_residue_keeps_only_what_is_new() -> None:
    at_case = Refutation((("x", "1"),), "2", "3", case="n = 2")
    assert sentence(at_case) == "at x = 1: 2 vs 3 (case n = 2)"
    assert refutation_residue(at_case) == ""  # every view shows the case on its own line
    closed = Refutation((), "2", "3", how="closed")
    assert sentence(closed) == "the sides are 2 and 3"
    assert refutation_residue(closed) == ""
    chain = BrokenChain(1, Refutation((("a", "1"),), "1", "2", reason="a pole"), others=(3,), ends="proved")
    assert sentence(chain) == "link 1 (step 1 to step 2) is false: at a = 1: 1 vs 2 (a pole); link 3 is false too; the first and last lines nevertheless agree: the errors cancel"
    assert refutation_residue(chain) == "link 1 (step 1 to step 2) is false (a pole); link 3 is false too; the first and last lines nevertheless agree: the errors cancel"


# --- --plot --------------------------------------------------------------------


@pytest.mark.skipif(not HAS_MATPLOTLIB, reason="matplotlib is not installed (derivcheck[plot])")
def test_plot_draws_a_one_variable_claim_and_marks_the_witness(claims_dir: Path, tmp_path: Path) -> None:
    png = tmp_path / "sigmoid.png"
    result = explain(claims_dir, "output-is-sigmoid", "--plot", str(png))
    assert result.exit_code == 0, result.output
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.skipif(not HAS_MATPLOTLIB, reason="matplotlib is not installed (derivcheck[plot])")
def test_plot_of_a_chain_draws_its_broken_link(claims_dir: Path, tmp_path: Path) -> None:
    from derivcheck.loader import load_file
    from derivcheck.plot import choose_curves, prepare

    claim = next(c for c in load_file(claims_dir / "explain.yaml").claims if c.id == "wrong-middle-link")
    plan = prepare(claim)
    broken = LinkResult(index=2, relation="==", verdict=Verdict.REFUTED, witness={"x": "1"})
    chain = ClaimResult(id=claim.id, title="t", file="f", line=1, verdict=Verdict.REFUTED, steps=(broken,))
    curves, witness, why = choose_curves(plan, chain)
    assert [c.label[:3] for c in curves] == ["(2)", "(3)"] and witness == {"x": "1"} and "link 2" in why


def test_plot_refuses_a_claim_in_two_variables(claims_dir: Path, tmp_path: Path) -> None:
    if not HAS_MATPLOTLIB:
        pytest.skip("matplotlib is not installed (derivcheck[plot])")
    result = explain(claims_dir, "mse-gradient-steps", "--plot", str(tmp_path / "x.png"))
    assert result.exit_code == 2
    assert "2 continuous variables (a, y)" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "x.png").exists()


def test_plot_without_matplotlib_says_how_to_install_it(claims_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # A None entry in sys.modules is how Python spells "this module cannot be imported".
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    result = explain(claims_dir, "output-is-sigmoid", "--plot", str(tmp_path / "x.png"))
    assert result.exit_code == 2
    assert "install derivcheck[plot] for --plot" in result.output
    assert "Traceback" not in result.output


def test_the_examples_in_the_docstrings_hold() -> None:
    import doctest

    import derivcheck.plot
    import derivcheck.render.pictures
    import derivcheck.render.terminal
    import derivcheck.render.text

    for module in (derivcheck.render.terminal, derivcheck.render.pictures, derivcheck.render.text, derivcheck.plot):
        assert doctest.testmod(module).failed == 0, module.__name__


# --- the mathematics shown is the claim as written -----------------------------------
REPO = Path(__file__).resolve().parents[1]


def _claim(path: Path, claim_id: str) -> Claim:
    return next(c for c in load_file(path).claims if c.id == claim_id)


def test_a_chain_of_limits_is_shown_as_limits_not_as_their_values() -> None:
    claim = _claim(REPO / "claims" / "03-activations.yaml", "heaviside-difference-quotient-at-zero-left-steps")
    display = check_claim(claim).display
    lines = display.text.split("\n\n")
    assert len(lines) == 4
    assert all("lim" in line for line in lines[:3]), display.text
    assert "lim" not in lines[3] and "∞" in lines[3]
    assert display.latex.count("\\lim") == 3
    # The second line keeps the author's 0 − 1/2, which SymPy would fold into −1/2.
    assert "0 -" in lines[1]


def test_terms_are_shown_in_the_authors_order_and_not_combined(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(
        "claims:\n"
        "  - id: doubling\n"
        "    title: twice x\n"
        "    symbols: {x: real}\n"
        "    claim: x + x == 2*x\n"
        "  - id: reversed\n"
        "    title: a product commutes\n"
        "    symbols: {x: real, y: real}\n"
        "    claim: y*x + 1 == 1 + x*y\n",
        encoding="utf-8",
    )
    doubling = check_claim(_claim(path, "doubling"))
    assert doubling.verdict is Verdict.PROVED
    assert doubling.display.text.startswith("x + x = 2⋅x"), doubling.display.text
    assert "x + x" in doubling.display.latex
    reversed_ = check_claim(_claim(path, "reversed"))
    assert reversed_.display.text.startswith("y⋅x + 1 = 1 + x⋅y"), reversed_.display.text
