"""A notation file's section bindings, and derivatives of a quantity a document never defines.

The documents are written here; each expected claim is read off its LaTeX by hand, and
each verdict argued by hand in a comment, never taken from the extractor's output.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from derivcheck import api
from derivcheck.extract import extract_text, read_notation, render
from derivcheck.latex import Notation
from derivcheck.latex.translate import translate_expression


def _claims(doc: str, notation: str, tmp_path: Path) -> list[dict[str, object]]:
    note = tmp_path / "n.yaml"
    note.write_text(notation, encoding="utf-8")
    data = yaml.safe_load(render(extract_text(doc, "d.md", read_notation(note))))
    claims: list[dict[str, object]] = data["claims"]
    return claims


def test_a_section_binds_over_the_file_and_only_there(tmp_path: Path) -> None:
    notation = (
        "where:\n  f: sigmoid(a)\nsymbols: {a: real, x: real}\n"
        'sections:\n  "§2":\n    where:\n      z: 2*x\n      f: z + 1\n'
    )
    doc = "## 1 A\n$$f \\le 1$$\n## 2 B\n$$f = 2x + 1$$\n## 3 C\n$$f \\ge 0$$\n"
    first, second, third = _claims(doc, notation, tmp_path)
    assert first["where"] == {"f": "sigmoid(a)"}
    # In §2, f is rebound; its binding comes after z's, which it uses.
    assert list(second["where"].items()) == [("z", "2*x"), ("f", "z + 1")]  # type: ignore[union-attr]
    assert third["where"] == {"f": "sigmoid(a)"}
    assert read_notation(tmp_path / "n.yaml").size == 5


def test_a_section_binding_of_a_vector_reads_its_entries(tmp_path: Path) -> None:
    # f_i = exp(x_i)/(exp(x_1) + exp(x_2)) is the softmax: bound as a vector, f_i is its entry i.
    notation = (
        'sections:\n  "§1":\n    x: "vector[2]"\n    f: "vector[2]"\n    i: "range(1, 2)"\n'
        "    where: {f: softmax(x)}\n"
    )
    doc = "## 1 A\n$$f_i = \\frac{\\exp(x_i)}{\\exp(x_1) + \\exp(x_2)}$$\n"
    [claim] = _claims(doc, notation, tmp_path)
    assert claim["claim"] == "f[i] == exp(x[i])/(exp(x[1]) + exp(x[2]))"
    assert claim["where"] == {"f": "softmax(x)"} and "f" not in claim["symbols"]  # type: ignore[operator]


BACKWARD = """\
## 7 Backward

$$\\mathbb{E} \\left\\{ \\frac{\\partial \\text{Cost}}{\\partial a} \\right\\}
= \\mathbb{E} \\left\\{ g'(a) \\right\\} \\mathbb{E} \\left\\{ \\frac{\\partial \\text{Cost}}{\\partial h} \\right\\}
= \\frac{1}{2} \\mathbb{E} \\left\\{ \\frac{\\partial \\text{Cost}}{\\partial h} \\right\\}$$

$$\\mathbb{E} \\left\\{ \\frac{\\partial \\text{Cost}}{\\partial a} \\right\\} = \\frac{1}{3}$$
"""

BACKWARD_NOTATION = """\
sections:
  "§7":
    notation: {g: relu}
    s: positive
    random:
      a: ["Normal(0, s)", "Uniform(-s, s)"]
      dCost_dh: Normal(1, s)
    where:
      dCost_da: diff(relu(a), a)*dCost_dh
"""


def test_the_derivative_of_an_undefined_cost_is_a_name_of_its_own(tmp_path: Path) -> None:
    chain, single = _claims(BACKWARD, BACKWARD_NOTATION, tmp_path)
    assert chain["steps"] == [
        "E(dCost_da)",
        "E(diff(relu(a), a))*E(dCost_dh)",
        "E(dCost_dh)/2",
    ]
    assert chain["where"] == {"dCost_da": "diff(relu(a), a)*dCost_dh"}
    assert "Cost is not defined" in str(chain["note"])
    assert single["claim"] == "E(dCost_da) == 1/3"
    out = tmp_path / "out.yaml"
    out.write_text(render(extract_text(BACKWARD, "d.md", read_notation(tmp_path / "n.yaml"))), encoding="utf-8")
    proved, refuted = api.check_file(out, jobs=1, use_cache=False)
    # By hand: a is symmetric about 0 with a density, so E[relu'(a)] = P(a > 0) = 1/2; it is
    # independent of ∂Cost/∂h, whose mean is 1. Hence E[∂Cost/∂a] = 1/2: the chain holds and
    # the value 1/3 is false.
    assert proved.verdict.value == "proved", proved
    assert refuted.verdict.value == "refuted", refuted


def test_anything_else_done_to_an_undefined_quantity_stays_a_todo(tmp_path: Path) -> None:
    doc = (
        "## 7 Backward\n"
        "$$\\frac{\\partial \\text{Cost}^2}{\\partial h} = 2 \\frac{\\partial \\text{Cost}}{\\partial h}$$\n"
        "$$\\text{Cost} = \\frac{\\partial \\text{Cost}}{\\partial h}$$\n"
    )
    power, outside = _claims(doc, "symbols: {h: real}\n", tmp_path)
    assert str(power["claim"]).startswith("TODO") and "an expression in Cost" in str(power["claim"])
    assert str(outside["claim"]).startswith("TODO")


def test_many_derivatives_of_an_undefined_quantity_are_each_read() -> None:
    # Thirty placeholders: the name of one must not be mistaken for the start of another's.
    latex = "".join(f"\\frac{{\\partial \\text{{Cost}}}}{{\\partial x_{{{k}}}}}" for k in range(1, 31))
    result = translate_expression(latex, Notation.defaults(), indexed={"x", "dCost_dx"})
    assert result.ok, result.problems
    assert result.text == "*".join(f"dCost_dx[{k}]" for k in range(1, 31))


def test_a_word_mapped_to_a_name_nothing_defines_is_not_differentiated_as_a_constant(tmp_path: Path) -> None:
    # With '\text{Cost}': Cost and nothing binding Cost, Cost would be a free constant, and
    # ∂Cost/∂a_1 = ∂Cost/∂a_2 "proved" as 0 = 0: the derivative is left a TODO instead.
    doc = "## 1 A\n$$\\frac{\\partial \\text{Cost}}{\\partial a_1} = \\frac{\\partial \\text{Cost}}{\\partial a_2}$$\n"
    [claim] = _claims(doc, "notation: {'\\text{Cost}': Cost}\n", tmp_path)
    assert str(claim["claim"]).startswith("TODO") and "is 0: what it differentiates does not depend" in str(claim["claim"])


def test_a_word_the_document_or_the_notation_defines_is_differentiated_through_its_definition(tmp_path: Path) -> None:
    # By hand: d(x²)/dx = 2x, so both claims hold; read as undefined quantities they would be refuted.
    doc = (
        "## 1 A\n\nLet\n\n$$\\text{Loss} = x^2$$\n\nThen\n\n$$\\frac{\\partial \\text{Loss}}{\\partial x} = 2x$$\n"
        "## 2 B\n$$\\frac{\\partial Cost}{\\partial x} = 2x$$\n"
    )
    notation = 'symbols: {x: real}\nsections:\n  "§2": {where: {Cost: "x**2"}}\n'
    first, second = _claims(doc, notation, tmp_path)
    assert first["claim"] == "diff(Loss, x) == 2*x" and first["where"] == {"Loss": "x**2"}
    assert second["claim"] == "diff(Cost, x) == 2*x" and second["where"] == {"Cost": "x**2"}
    for claim in (first, second):
        result = api.check(str(claim["claim"]), symbols={"x": "real"}, where=claim["where"])  # type: ignore[arg-type]
        assert result.verdict.value == "proved", result.detail


def test_a_derivative_of_an_undefined_quantity_needs_a_meaning_from_the_notation(tmp_path: Path) -> None:
    # ∂Cost/∂a = ∂Cost/∂h ∂h/∂a holds for every Cost of h = relu(a) (the chain rule), but read as
    # two free numbers dCost_da and dCost_dh it would be refuted: a TODO until the notation file
    # gives dCost_da a meaning. With a binding by the chain rule it is proved (by hand: H(a) = relu'(a)).
    doc = "## 1 A\n$$\\frac{\\partial \\text{Cost}}{\\partial a} = \\frac{\\partial \\text{Cost}}{\\partial h} \\frac{\\partial h}{\\partial a}$$\n"
    base = "symbols: {a: real}\nwhere: {h: relu(a)}\n"
    [free] = _claims(doc, base, tmp_path)
    assert str(free["claim"]).startswith("TODO") and "dCost_da is the derivative" in str(free["claim"])
    [bound] = _claims(doc, base + 'sections:\n  "§1": {dCost_dh: real, where: {dCost_da: "H(a)*dCost_dh"}}\n', tmp_path)
    assert bound["claim"] == "dCost_da == dCost_dh*diff(h, a)"
    result = api.check(str(bound["claim"]), symbols={"a": "real", "dCost_dh": "real"}, where=bound["where"])  # type: ignore[arg-type]
    assert result.verdict.value == "proved", result.detail
