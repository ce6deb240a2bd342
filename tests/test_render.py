"""The human views together: long expressions fit the width, a finding's case is said everywhere,
and the render modules import what their layer allows.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.console import Console

from derivcheck.checking import check_claim
from derivcheck.loader import load_file, load_text
from derivcheck.model import ClaimResult, Display, Verdict
from derivcheck.render import formats, markdown
from derivcheck.render.explain import print_explain
from derivcheck.render.pictures import fold_picture, wrap_picture
from derivcheck.render.terminal import print_run
from derivcheck.summary import summarize

ROOT = Path(__file__).resolve().parent.parent
RENDER = ROOT / "derivcheck" / "render"


def console(width: int = 80) -> Console:
    return Console(width=width, record=True, color_system=None, force_terminal=False)


def widest(text: str) -> int:
    return max(cell_len(line) for line in text.splitlines())


def bundled(claim_id: str) -> tuple[object, ClaimResult]:
    for path in sorted((ROOT / "claims").glob("*.yaml")):
        for claim in load_file(path).claims:
            if claim.id == claim_id:
                return claim, check_claim(claim)
    raise LookupError(claim_id)


# ---------------------------------------------------------------------------
# Long expressions fit the width.
# ---------------------------------------------------------------------------


def test_wrap_picture_slices_at_a_blank_column_and_keeps_every_character() -> None:
    picture = ["  1       1 ", "───── + ─────", "x + 1   x + 2"]
    sliced = wrap_picture(picture, 7)
    assert max(cell_len(line) for line in sliced) <= 7
    assert sorted("".join(sliced).replace(" ", "")) == sorted("".join(picture).replace(" ", ""))  # nothing lost
    assert fold_picture(["f(aaaaaaaa)"], 4, wrap=True) == ["f(aa", "", "aaaa", "", "aa)"]


@pytest.mark.parametrize("claim_id", ["kl-is-cross-entropy-steps", "network-class-one-region-as-written", "softmax-jacobian"])
def test_explain_of_the_widest_displays_fits_80_columns(claim_id: str) -> None:
    # Among the widest pictures of the bundled claims: over 100 columns as SymPy draws them.
    claim, r = bundled(claim_id)
    assert widest(r.display.text) > 100
    out = console(80)
    print_explain(out, claim, r)  # type: ignore[arg-type]
    text = out.export_text()
    assert widest(text) <= 80
    # Folded or wrapped, not cropped: no ellipsis where a picture was cut.
    assert "…" not in text and "cut short" not in text


def test_the_run_view_fits_80_columns_with_a_long_finding() -> None:
    long = " + ".join(f"exp(x{k})*x{k}**2" for k in range(40))
    r = ClaimResult(id="a-claim-with-a-long-witness", title="t" * 200, file="f.yaml", line=1, verdict=Verdict.REFUTED,
                    witness={"x0": "1/" + "7" * 150}, lhs_value=long, rhs_value="0", detail=f"at x0 = 1: {long} vs 0")
    out = console(80)
    print_run(out, [r], summarize([r]), verbose=1)
    assert widest(out.export_text()) <= 80


def test_markdown_folds_a_long_formula_and_a_long_value() -> None:
    latex = " + ".join(rf"\frac{{x_{{{k}}}}}{{1 + e^{{x_{{{k}}}}}}}" for k in range(40))
    r = ClaimResult(id="long", title="t", file="f.yaml", line=1, verdict=Verdict.REFUTED, witness={"x": "1/" + "3" * 200},
                    lhs_value="1", rhs_value="2", display=Display(latex=latex))
    text = markdown.render([r], summarize([r]))
    assert "<details><summary>a long formula (" in text and "$" + latex[:20] in text
    assert "<details><summary>" in text.split("a long formula")[1]  # the witness too


# ---------------------------------------------------------------------------
# A finding taken from one case says so in every format.
# ---------------------------------------------------------------------------

ENUMERATED = """\
claims:
  - id: sum-of-n
    title: the sum of the first n numbers
    symbols: {n: [2, 3], x: real}
    claim: Sum(x, (k, 1, n)) == 2*x
"""


@pytest.fixture(scope="module")
def refuted_in_a_case() -> tuple[object, ClaimResult]:
    claim = load_text(ENUMERATED, "claims.yaml").claims[0]
    r = check_claim(claim)
    assert r.verdict is Verdict.REFUTED
    return claim, r


def test_the_case_is_a_field_of_the_result(refuted_in_a_case: tuple[object, ClaimResult]) -> None:
    _, r = refuted_in_a_case
    assert r.case == "n = 3"
    assert r.display.case == "n = 2"  # the mathematics shown is the first case's
    doc = json.loads(formats.render("json", [r], summarize([r])))
    assert doc["claims"][0]["case"] == "n = 3" and doc["claims"][0]["display"]["case"] == "n = 2"
    assert ClaimResult.from_dict(r.to_dict()).case == "n = 3"


@pytest.mark.parametrize("fmt", ["concise", "junit", "github", "sarif", "markdown", "html"])
def test_every_format_names_the_case(refuted_in_a_case: tuple[object, ClaimResult], fmt: str) -> None:
    _, r = refuted_in_a_case
    text = formats.render(fmt, [r], summarize([r]))
    assert "n = 3" in text, fmt
    if fmt == "sarif":
        assert json.loads(text)["runs"][0]["results"][0]["properties"]["case"] == "n = 3"
    if fmt == "junit":
        failure = ET.fromstring(text).find(".//failure")
        assert failure is not None and "n = 3" in failure.get("message", "")
    if fmt in ("markdown", "html"):
        assert "shown for n = 2" in text


def test_the_terminal_views_name_the_case(refuted_in_a_case: tuple[object, ClaimResult]) -> None:
    claim, r = refuted_in_a_case
    out = console(100)
    print_run(out, [r], summarize([r]))
    assert "in the case n = 3" in out.export_text()
    out = console(100)
    print_explain(out, claim, r)  # type: ignore[arg-type]
    text = out.export_text()
    assert "case            n = 3" in text and "shown for n = 2" in text


# ---------------------------------------------------------------------------
# The render modules import what their layer allows.
# ---------------------------------------------------------------------------


def _imported(module: str) -> set[str]:
    code = f"import sys, {module}; print('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_the_html_page_needs_neither_rich_nor_the_terminal_view() -> None:
    loaded = _imported("derivcheck.render.html")
    assert not {m for m in loaded if m == "rich" or m.startswith("rich.")}
    assert "derivcheck.render.terminal" not in loaded


def test_markdown_does_not_import_the_formats_table() -> None:
    assert "derivcheck.render.formats" not in _imported("derivcheck.render.markdown")


def test_no_render_module_imports_inside_a_function() -> None:
    for path in sorted(RENDER.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                inner = [n for n in ast.walk(node) if isinstance(n, (ast.Import, ast.ImportFrom))]
                assert not inner, f"{path.name}: {node.name} imports inside its body"


def test_only_the_terminal_modules_use_rich() -> None:
    terminal = {"terminal.py", "explain.py", "pictures.py", "progress.py"}
    for path in sorted(RENDER.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
        names |= {n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
        uses_rich = any(name == "rich" or name.startswith("rich.") for name in names)
        assert uses_rich == (path.name in terminal), path.name


def test_every_render_module_is_under_600_lines() -> None:
    for path in sorted(RENDER.glob("*.py")):
        assert len(path.read_text(encoding="utf-8").splitlines()) < 600, path.name
