"""Readings of a document that would give a wrong verdict, and what extract reads instead.

Each document is a few lines written for the case. The expected claim text, conditions
and TODO items are written by hand from what the document says; where a verdict
matters, it is argued by hand in a comment. A TODO or no reading is always acceptable
where the document is ambiguous; a reading that proves or refutes something the
document did not say is not.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from extracting import claims, verdict

from derivcheck.extract import extract_text, render
from derivcheck.extract.prose import Given, givens

# --- prose conditions that are not plain conditions -----------------------------------------


def test_a_condition_joined_by_or_is_not_read() -> None:
    assert givens("When $x > 0$ or $x < -1$ we have:") == ()
    assert givens("When $x < -1$ or when $x > 0$ we have:") == ()
    assert givens("When $x > 0$ we have:") == (Given("x > 0"),)


def test_unless_and_except_read_the_negated_order_relation() -> None:
    assert givens("Unless $x > 0$, we have:") == (Given("x \\leq 0"),)
    assert givens("Except when $x > 0$, we have") == (Given("x \\leq 0"),)
    assert givens("Except for $x \\le 1$:") == (Given("x > 1"),)
    assert givens("Unless $x < y$:") == (Given("x \\geq y"),)
    # Not an order relation: its negation is no relation the reader writes; nothing is read.
    assert givens("Unless $x = 0$:") == ()
    assert givens("Unless $x \\neq 0$:") == ()


def test_a_sentence_with_a_negation_gives_no_condition() -> None:
    assert givens("When $x > 0$ fails we have:") == ()
    assert givens("When $x > 0$ is false, we have") == ()
    assert givens("Not for $x > 0$ but in all cases:") == ()
    assert givens("Except when $x > 0$ fails, we have") == ()
    assert givens("When $x > 0$ does not hold:") == ()


def test_the_conditions_read_from_prose_give_the_verdicts_the_document_means() -> None:
    doc = (
        "# 1 Signs\n\nWhen $x > 0$ or $x < -1$ we have:\n\n$$|x| = x$$\n\n"
        "Unless $x > 0$, we have:\n\n$$|x| = -x$$\n\n"
        "When $x > 0$ fails we have:\n\n$$|x| = -x$$\n"
    )
    disjunction, unless, fails = claims(doc)
    assert disjunction["claim"] == "Abs(x) == x" and "assume" not in disjunction
    assert disjunction["symbols"] == {"x": "real"}
    # By hand: |x| = x is false at x = -2 (which the disjunction allows): refuted, never proved.
    assert verdict(disjunction) == "refuted"
    assert unless["assume"] == ["x <= 0"] and unless["symbols"] == {"x": "nonpositive"}
    # By hand: for x <= 0, |x| = -x.
    assert verdict(unless) == "proved"
    assert "assume" not in fails and fails["symbols"] == {"x": "real"}
    # By hand: without the (negated) condition, |x| = -x fails at x = 1: refuted, not "proved under x > 0".
    assert verdict(fails) == "refuted"


def test_a_name_set_twice_in_one_sentence_is_bound_to_neither_value() -> None:
    assert givens("If we set $c = -1$ for $x$ positive, then with $c = 2$:") == ()
    assert givens("If we set $c = 1$, $c = 2$ we have:") == ()
    assert givens("If we set $c = 1$, $d = 2$ we have:") == (Given("1", "c", True), Given("2", "d", True))
    [claim] = claims("# 1 Set\n\nIf we set $c = -1$ for $x$ positive, then with $c = 2$:\n\n$$c = 2$$\n")
    assert claim["claim"] == "c == 2" and "where" not in claim
    assert claim["symbols"] == {"c": "real"}


# --- \frac{d ...}{d}: no derivative without a differential below -------------------------------

D_DOC = """\
# 1 D

$$\\frac{d y}{d} = y$$

$$\\frac{d^2 y}{d} = d y$$

$$\\frac{dx}{d} = x$$

$$\\frac{dy}{dx} = 0$$

$$\\frac{d^2 y}{d x^2} = 0$$
"""


def test_a_fraction_with_d_alone_below_is_a_quotient_by_the_name_d(tmp_path: Path) -> None:
    quotient, square, against, derivative, second = claims(D_DOC, tmp_path, "symbols: {x: real, y: real, d: positive}\n")
    assert quotient["claim"] == "d*y/d == y"
    assert square["claim"] == "d**2*y/d == d*y"
    # dx written against each other with no integral or derivative to take it: refused, not dx/d.
    assert str(against["claim"]).startswith("TODO") and "'dx' reads as a differential" in str(against["claim"])
    # The derivatives proper stay derivatives; of a y that does not depend on x they would be 0
    # for nothing, so they are TODOs (extract/quantities.py), naming diff(y, x).
    assert str(derivative["claim"]).startswith("TODO") and "diff(y, x) is 0" in str(derivative["claim"])
    assert str(second["claim"]).startswith("TODO") and "diff(y, x, 2) is 0" in str(second["claim"])
    # By hand: d > 0, so d*y/d = y and d^2 y / d = d y.
    assert verdict(quotient) == "proved"
    assert verdict(square) == "proved"


# --- an unnumbered subheading stays in its numbered section -------------------------------------

SECTIONS_DOC = """\
# 2 Second

$$f = a^3$$

### Remarks

$$f = a^3$$

# Appendix

$$f = a^3$$
"""

SECTIONS_NOTATION = """\
symbols: {a: real}
where: {f: "a**2"}
sections:
  "§2": {where: {f: "a**3"}}
"""


def test_an_unnumbered_subheading_keeps_the_section_and_its_bindings(tmp_path: Path) -> None:
    first, remark, appendix = claims(SECTIONS_DOC, tmp_path, SECTIONS_NOTATION)
    assert first["source"] == "§2 Second, line 3"
    assert remark["source"] == "§2 Second: Remarks, line 7"
    assert appendix["source"] == "Appendix, line 11"
    assert first["where"] == remark["where"] == {"f": "a**3"}
    assert appendix["where"] == {"f": "a**2"}
    # By hand: in §2 f is a³, so f = a³ holds; in the appendix f is a², and a² = a³ fails at a = 2.
    assert verdict(remark) == "proved"
    assert verdict(appendix) == "refuted"


def test_a_latex_starred_subsection_stays_in_its_section() -> None:
    doc = "\\section{One}\n\\[ x = 1 \\]\n\\subsection*{Remarks}\n\\[ x = 2 \\]\n\\section*{Appendix}\n\\[ x = 3 \\]\n"
    claims = yaml.safe_load(render(extract_text(doc, "d.tex")))["claims"]
    assert [c["source"] for c in claims] == ["§1 One, line 2", "§1 One: Remarks, line 4", "Appendix, line 6"]


# --- a definition not applied leaves no free name -------------------------------------------------

DEFINITIONS_DOC = """\
# 1 Defs

Let

$$g_j = \\sum_{i=1}^{j} u_i$$

Then

$$g_2 = u_1 + u_2$$

# 2 Defs

Let

$$h_j = x_j + j$$

Then

$$h_k = x_k + k$$

$$h_{2j} = x_{2j} + 2j$$

$$h_1 = x_1 + 1$$

# 3 Defs

Let

$$f_j = \\int_0^1 j t \\, dt$$

Then

$$f_2 = 1$$
"""


def test_a_defined_name_whose_definition_is_not_applied_makes_a_todo() -> None:
    g2, hk, h2j, h1, f2 = claims(DEFINITIONS_DOC)
    assert g2["claim"] == "TODO: g_2 = u_1 + u_2 (g_2: its definition at line 5 is not read as a binding)"
    assert hk["claim"] == "TODO: h_k = x_k + k (h_k: its definition at line 15 is not read as a binding)"
    assert h2j["claim"] == "TODO: h_{2j} = x_{2j} + 2j (h_2j: its definition at line 15 is not read as a binding)"
    # A literal member is still bound as before.
    assert h1["where"] == {"h_1": "x_1 + 1"} and h1["claim"] == "h_1 == x_1 + 1"
    # The integral binds t, not j: f_2 is the body with j = 2.
    assert f2["where"] == {"f_2": "integrate(2*t, (t, 0, 1))"} and f2["claim"] == "f_2 == 1"
    # By hand: the integral of 2t over [0, 1] is 1.
    assert verdict(f2) == "proved"


def test_a_family_body_whose_binder_takes_the_index_is_not_applied() -> None:
    doc = "# 1 A\n\nLet\n\n$$h_j = \\int_0^1 t \\, dj$$\n\nThen\n\n$$h_1 = 1$$\n"
    found = claims(doc)
    assert found[-1]["claim"] == "TODO: h_1 = 1 (h_1: its definition at line 5 is not read as a binding)"


# --- sums written out only over plain subscripts ------------------------------------------------


def test_a_sum_over_a_subscript_mixing_digits_with_the_index_is_not_written_out() -> None:
    doc = (
        "# 1 Sums\n\n$$\\sum_{j=1}^{2} u_{2j} = u_2 + u_4$$\n\n"
        "$$\\sum_{i=1}^{2} w_{ij} = w_{1j} + w_{2j}$$\n\n$$\\sum_{j=1}^{2} u_j = u_1 + u_2$$\n"
    )
    mixed, pair, plain = claims(doc)
    assert str(mixed["claim"]).startswith("TODO: \\sum_{j=1}^{2} u_{2j}")
    assert pair["claim"] == "(w_1j + w_2j) == w_1j + w_2j"
    assert plain["claim"] == "(u_1 + u_2) == u_1 + u_2"


def test_a_plain_name_whose_body_is_not_read_and_a_use_in_another_section_make_todos() -> None:
    doc = (
        "# 1 A\n\nLet\n\n$$z = \\text{Cost}$$\n\nThen\n\n$$z = 1$$\n\n"
        "# 2 B\n\nLet\n\n$$w = 2$$\n\nThen\n\n$$w = 2$$\n\n# 3 C\n\n$$w = 2$$\n"
    )
    z, w_here, w_elsewhere = claims(doc)
    assert z["claim"] == "TODO: z = 1 (z: its definition at line 5 is not read as a binding)"
    assert w_here["where"] == {"w": "2"} and w_here["claim"] == "w == 2"
    # §3 does not take §2's definition; w there is not a free placeholder either.
    assert w_elsewhere["claim"] == "TODO: w = 2 (w: its definition at line 15 is not read as a binding)"


def test_a_setting_joined_by_or_binds_nothing() -> None:
    assert givens("If we set $c = 1$ or $d = 2$ we have:") == ()
    assert givens("If we set $c = 1$ and $d = 2$ we have:") == (Given("1", "c", True), Given("2", "d", True))
