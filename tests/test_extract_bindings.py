"""A document's definitions and prose settings as ``where`` bindings of its later claims.

Each document here is a few lines written for the case; the expected claim text and
bindings are written by hand from what the document means, not from the extractor's
output. The verdicts are argued by hand in a comment beside each.
"""

from __future__ import annotations

import yaml
from extracting import claims, verdict

from derivcheck import loader
from derivcheck.extract import extract_text, render
from derivcheck.extract.bindings import ordered
from derivcheck.extract.prose import Given, givens
from derivcheck.latex import Notation, translate_expression
from derivcheck.latex.expand import substitute

N = Notation.defaults()


def _claims(doc: str) -> list[dict[str, object]]:
    return claims(doc)


_verdict = verdict


# --- a defined call, and a call that is not it --------------------------------------------

CALL = """\
## 1 A
We let
$$f(x_1, x_2) = x_1^2 + x_2^2$$
Then:
$$f(x_1, x_2) \\ge 0$$
and
$$f(x_2, x_1) = 1$$
## 2 B
$$f(x_1, x_2) \\ge 0$$
"""


def test_a_defined_call_binds_the_same_call_later_in_its_section() -> None:
    same, other, elsewhere = _claims(CALL)
    assert same["claim"] == "f_def >= 0"
    assert same["where"] == {"f_def": "x_1**2 + x_2**2"}
    assert same["symbols"] == {"x_1": "real", "x_2": "real"}
    assert "f(x_1, x_2) is f_def = x_1**2 + x_2**2, as defined at line 3" in str(same["note"])
    # f(x_2, x_1) is another call: not read through the definition (f stays unknown).
    assert str(other["claim"]).startswith("TODO") and "f(x_2, x_1)" in str(other["claim"])
    # §2 is another section: the definition does not reach it.
    assert str(elsewhere["claim"]).startswith("TODO")
    # By hand: x_1^2 + x_2^2 is a sum of squares of reals, never negative.
    assert _verdict(same) == "proved"


# --- an indexed family, used with literal indices, under a sum written out --------------------

FAMILY = """\
## 1 A
We let
$$h_j = w_j x + b_j$$
Then
$$\\sum_{j=1}^2 h_j = (w_1 + w_2) x + b_1 + b_2$$
but not
$$\\sum_{j=1}^2 h_j = 2 w_1 x + b_1 + b_2$$
"""


def test_an_indexed_family_binds_each_literal_use() -> None:
    true, false = _claims(FAMILY)
    bound = {"h_1": "w_1*x + b_1", "h_2": "w_2*x + b_2"}
    assert true["claim"] == "(h_1 + h_2) == (w_1 + w_2)*x + b_1 + b_2" and true["where"] == bound
    assert false["claim"] == "(h_1 + h_2) == 2*w_1*x + b_1 + b_2" and false["where"] == bound
    assert true["symbols"] == {n: "real" for n in ("b_1", "b_2", "w_1", "w_2", "x")}
    note = str(true["note"])
    assert "h_1 is h_j with j = 1, as defined at line 3: w_1*x + b_1" in note
    assert "\\sum_{j=1}^{2} over the names h_j is written out term by term: h_1 + h_2" in note
    # By hand: h_1 + h_2 = (w_1 + w_2)x + b_1 + b_2 identically; the second differs by
    # (w_2 - w_1)x, which is 1 at w_1 = 0, w_2 = 1, x = 1.
    assert _verdict(true) == "proved"
    assert _verdict(false) == "refuted"


def test_a_family_body_takes_its_index_in_two_letter_subscripts_and_bare() -> None:
    assert substitute("H((w_1j*x_1 + w_2j*x_2) + b_j)", "j", 3, bare=True) == "H((w_13*x_1 + w_23*x_2) + b_3)"
    assert substitute("j*a_j", "j", 2, bare=True) == "2*a_2"
    # Without ``bare`` (a sum's body) a bare index is no subscript: not written out.
    assert substitute("j*a_j", "j", 2) is None
    # A two-letter subscript takes one digit only: w_1j with j = 12 would be w_112, also w_{11}2.
    assert substitute("w_1j", "j", 12) is None


# --- the sum written out, and the sums that are not ---------------------------------------------


def test_a_sum_over_subscripts_with_numeric_bounds_is_written_out() -> None:
    t = translate_expression(r"\sum_{j=1}^3 u_j h_j", N)
    assert t.text == "(u_1*h_1 + u_2*h_2 + u_3*h_3)"
    assert t.free_names == ("h_1", "h_2", "h_3", "u_1", "u_2", "u_3")
    assert t.readings == ("\\sum_{j=1}^{3} over the names h_j, u_j is written out term by term: u_1*h_1 + u_2*h_2 + u_3*h_3",)
    # A factor before it multiplies the whole sum.
    assert translate_expression(r"2 \sum_{j=1}^2 a_j", N).text == "2*(a_1 + a_2)"
    inner = translate_expression(r"\sum_{i=1}^2 w_{ij} x_i + b_j", N)
    assert inner.text == "(w_1j*x_1 + w_2j*x_2) + b_j"


def test_a_symbolic_bound_a_bare_index_or_a_long_sum_keeps_the_refusal() -> None:
    # (u_j also outside the sum: whether it stays free cannot be told from the sum's body.)
    for latex in (r"\sum_{j=1}^n u_j h_j", r"\sum_{j=1}^3 j a_j", r"\sum_{j=1}^{40} a_j", r"u_j + \sum_{j=1}^2 u_j"):
        t = translate_expression(latex, N)
        assert t.text is None, latex
        assert "is a subscript of the name" in t.problems[0] and "declare" in t.problems[0], latex


# --- settings in prose ---------------------------------------------------------------------------------


def test_a_setting_binds_each_name_of_a_chain_and_the_formulas_after_a_comma() -> None:
    assert givens("So it is. If we set $u_1 = u_2 = 1$ , $c = -2.5$ we have that:") == (
        Given("1", "u_1", closed=True),
        Given("1", "u_2", closed=True),
        Given("-2.5", "c", closed=True),
    )
    # After "let", one name equal to an expression is a definition, as before.
    assert givens("Let $z = x_2 - x_1$, then:") == (Given("x_2 - x_1", "z"),)
    # A relation after a condition's cue is a condition, as before; no cue, nothing.
    assert givens("When $x > 0$ we have:") == (Given("x > 0"),)
    assert givens("We have $u_1 = 1$ here:") == ()


def test_a_setting_gives_where_bindings_and_only_to_numbers() -> None:
    [claim] = _claims("## 1 A\nIf we set $u_1 = u_2 = 1$ , $c = -2.5$ we have that:\n$$u_1 + u_2 + c < 0$$\n")
    assert claim["claim"] == "u_1 + u_2 + c < 0"
    assert claim["where"] == {"u_1": "1", "u_2": "1", "c": "-2.5"}
    assert "REVIEW: read from the sentence before the display: u_1 = 1; u_2 = 1; c = -2.5." in str(claim["note"])
    # By hand: 1 + 1 - 5/2 = -1/2 < 0.
    assert _verdict(claim) == "proved"
    # "set a = b" sets a to no number: no binding, a stays a free name.
    [free] = _claims("## 1 A\nIf we set $a = b$ we have:\n$$a + 1 > b$$\n")
    assert "where" not in free and free["symbols"] == {"a": "real", "b": "real"}


# --- the order of bindings, and the output loads ------------------------------------------------------


def test_bindings_come_after_the_bindings_they_use() -> None:
    where = (("f_def", "H(h_1 + c)"), ("c", "-1"), ("h_1", "H(x + b_1)"))
    assert ordered(where) == (("c", "-1"), ("h_1", "H(x + b_1)"), ("f_def", "H(h_1 + c)"))
    assert ordered((("a", "1"), ("b", "a + 1"))) == (("a", "1"), ("b", "a + 1"))


def test_a_network_definition_then_its_claim_loads() -> None:
    doc = (
        "## 2 Net\nWe let\n$$f(x_1) = H \\left( \\sum_{j=1}^2 u_j h_j + c \\right) \\text{ and } h_j = H(w_j x_1 + b_j)$$\n"
        "If we set $u_1 = u_2 = 1$ , $c = -1.5$ we have that:\n$$f(x_1) = 1 \\iff h_1 = h_2 = 1$$\n"
        "and not\n$$f(x_1) = 1 \\iff h_1 = 1$$\n"
    )
    text = render(extract_text(doc, "d.md", None))
    claim, wrong = yaml.safe_load(text)["claims"]
    assert claim["claim"] == "iff(f_def == 1, And(h_1 == h_2, h_2 == 1))"
    assert wrong["claim"] == "iff(f_def == 1, h_1 == 1)" and wrong["where"] == claim["where"]
    # By hand: at x_1 = 1, w_1 = 1, b_1 = 0, w_2 = -1, b_2 = 0, h_1 = H(1) = 1 and h_2 = H(-1) = 0,
    # so f = H(1 + 0 - 1.5) = 0 while h_1 = 1: the second claim is false.
    assert _verdict(wrong) == "refuted"
    assert claim["where"] == {
        "u_1": "1", "u_2": "1", "c": "-1.5",
        "h_1": "H(w_1*x_1 + b_1)", "h_2": "H(w_2*x_1 + b_2)",
        "f_def": "H((u_1*h_1 + u_2*h_2) + c)",
    }  # fmt: skip
    assert [c.id for c in loader.load_text(text, "out.yaml").claims] == ["2-net-1", "2-net-2"]


def test_a_bare_index_in_a_family_body_and_a_defined_plain_name() -> None:
    [member] = _claims("## 1 A\nWe let\n$$h_j = j x$$\nThen\n$$h_2 = 2 x$$\n")
    assert member["where"] == {"h_2": "2*x"} and member["symbols"] == {"x": "real"}
    # By hand: h_2 = 2x by the definition with j = 2.
    assert _verdict(member) == "proved"
    [plain] = _claims("## 1 A\nWe let\n$$z = 2 y$$\nThen\n$$z - y = y$$\n")
    assert plain["claim"] == "z - y == y" and plain["where"] == {"z": "2*y"}
