"""``--format html``: the page's structure, checked with the standard library only.

No browser here: the page is parsed with :mod:`html.parser` (every element
closed in order, no script, no external address) and each formula with
:mod:`xml.etree` (well-formed MathML).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
import sympy

from derivcheck.checking import check_claim
from derivcheck.evidence import Cases, Proof
from derivcheck.loader import load_text
from derivcheck.model import ClaimResult, Display, Expect, LinkResult, Verdict
from derivcheck.render.html import clean_mathml, render, split_math
from derivcheck.summary import summarize

#: Elements HTML closes by itself.
VOID = frozenset("area base br col embed hr img input link meta source track wbr".split())

a, y = sympy.symbols("a y", real=True)


def mathml(*exprs: sympy.Basic) -> str:
    """``Display.mathml`` as check.py writes it: one ``<math>`` per formula."""
    return "".join(f"<math>{sympy.mathml(e, printer='presentation')}</math>" for e in exprs)


RESULTS = [
    ClaimResult(
        id="sigmoid-jacobian", title="σ′ = σ(1 − σ)", file="claims/04.yaml", line=93, verdict=Verdict.PROVED,
        proof="cancel", detail="proved in each of the 4 cases (n = 2, 3, 4, 5) by cancel", scope="x vector[n]",
        evidence=Proof(("cancel",), "cases", cases=Cases(4, (("n", ("2", "3", "4", "5")),))),
        display=Display(text="x = x", case="n = 2", mathml=mathml(sympy.Eq(sympy.exp(a) / (1 + sympy.exp(a)), 1 / (1 + sympy.exp(-a)), evaluate=False))),
        seconds=0.31,
    ),
    ClaimResult(
        id="output-is-sigmoid", title="A title with <b>& in it", file="claims/01.yaml", line=12, verdict=Verdict.REFUTED,
        expect=Expect.REFUTED, witness={"a": "1"}, lhs_value="0.2689", rhs_value="0.7311", detail="at a = 1: 0.2689 vs 0.7311",
        diagnosis="holds with a replaced by −a", note="It is σ(−a) <script>alert(1)</script>",
        display=Display(mathml=mathml(sympy.Lt(a, y))), latex=r"\frac{1}{1+e^a} = \sigma(a)",
    ),
    ClaimResult(
        id="mse-steps", title="MSE, line by line", file="claims/01.yaml", line=40, verdict=Verdict.REFUTED,
        witness={"a": "0", "y": "0"}, lhs_value="1/8", rhs_value="-1/8", detail="link 1 (step 1 to step 2) is false: at a = 0, y = 0: 1/8 vs -1/8",
        steps=(
            LinkResult(index=1, relation="==", verdict=Verdict.REFUTED, witness={"a": "0", "y": "0"}, lhs_value="1/8",
                       rhs_value="-1/8", diagnosis="the sides differ by a sign", why="chain rule"),
            LinkResult(index=2, relation="<=", verdict=Verdict.PROVED, proof="cancel"),
        ),
        display=Display(mathml=mathml(a, -a, y)),
    ),
    ClaimResult(id="slow", title="t", file="claims/02.yaml", line=1, verdict=Verdict.TIMEOUT, detail="out of time"),
    ClaimResult(id="maybe", title="t", file="claims/02.yaml", line=9, verdict=Verdict.UNDECIDED, detail="32 points agreed"),
    ClaimResult(id=None, title="(unreadable file)", file="claims/bad.yaml", line=1, verdict=Verdict.INVALID, error="claims/bad.yaml:1:1: not YAML"),
]


class Page(HTMLParser):
    """The parts of a page the tests look at; raises on an element closed out of order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.claim_rows = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        self.tags.append((tag, attributes))
        if tag == "tr" and "claim" in attributes.get("class", "").split():
            self.claim_rows += 1
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1] if self.stack else None}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> Page:
    parser = Page()
    parser.feed(page)
    parser.close()
    assert parser.stack == [], f"unclosed elements: {parser.stack}"
    return parser


@pytest.fixture(scope="module")
def page() -> str:
    return render(RESULTS, summarize(RESULTS, 1.5))


def test_the_page_is_balanced_and_has_one_row_per_claim(page: str) -> None:
    doc = parse(page)
    assert page.startswith("<!DOCTYPE html>")
    assert doc.claim_rows == len(RESULTS)


def test_every_verdict_has_its_badge(page: str) -> None:
    doc = parse(page)
    badges = [attrs["data-verdict"] for tag, attrs in doc.tags if "data-verdict" in attrs]
    # Twice per claim: its row in the table and its card.
    assert sorted(badges) == sorted([r.verdict.value for r in RESULTS] * 2)
    assert {v.value for v in Verdict} <= set(badges)


def test_the_mathematics_is_well_formed_mathml(page: str) -> None:
    blocks = re.findall(r"<math\b[^>]*>.*?</math>", page, flags=re.DOTALL)
    # a claim, a claim, a chain of three lines, and the second claim's latex as its author wrote it
    assert len(blocks) == 1 + 1 + 3 + 1
    for block in blocks:
        root = ET.fromstring(block)
        assert root.tag == "math" and root.get("display") == "block"
    assert "<mo>&lt;</mo>" in page  # SymPy's bare "<" is escaped


def test_no_script_and_no_external_address(page: str) -> None:
    doc = parse(page)
    assert all(tag != "script" for tag, _ in doc.tags)
    for tag, attrs in doc.tags:
        assert not any(k.startswith("on") for k in attrs), (tag, attrs)
        for key in ("src", "href"):
            value = attrs.get(key, "")
            assert not re.match(r"(?i)(https?:)?//", value), (tag, value)
    assert "http://" not in page and "https://" not in page
    assert "url(" not in page and "@import" not in page


def test_text_is_escaped(page: str) -> None:
    doc = parse(page)
    text = "".join(doc.text)
    assert "A title with <b>& in it" in text
    assert "<script>alert(1)</script>" in text  # a note is shown, not run
    assert all(tag != "b" or not attrs for tag, attrs in doc.tags)  # only the page's own <b>
    assert "A title with &lt;b&gt;&amp; in it" in page


def test_witnesses_diagnoses_links_and_places_are_shown(page: str) -> None:
    text = " ".join(" ".join(parse(page).text).split())
    assert "a = 1" in text and "0.2689" in text and "0.7311" in text
    assert "holds with a replaced by −a" in text
    assert "link 1, (1) = (2): the sides differ by a sign" in text
    assert "(2) ≤ (3)" in text
    assert "claims/04.yaml:93" in text and "claims/bad.yaml:1" in text
    assert "proved in each of the 4 cases (n = 2, 3, 4, 5)" in text
    assert "not YAML" in text
    assert text.count("0.2689") == 1  # the detail repeats it; the page says it once


def test_quiet_shows_only_the_failing_claims() -> None:
    doc = parse(render(RESULTS, summarize(RESULTS), quiet=1))
    assert doc.claim_rows == 3  # mse-steps (refuted, expected to hold), the timeout, the unreadable file


def test_mathml_that_is_not_mathml_is_refused() -> None:
    assert clean_mathml('<mi onclick="steal()">a</mi>') == "<mi>a</mi>"  # attribute dropped
    assert clean_mathml("<a href='https://x'>a</a>") is None
    assert clean_mathml("<mi>a</mi><mo><</mo><mi>b</mi>") == "<mi>a</mi><mo>&lt;</mo><mi>b</mi>"
    assert split_math("<math><mi>a</mi></math><math><mn>2</mn></math>") == ["<mi>a</mi>", "<mn>2</mn>"]


def test_a_page_from_the_engine_renders_its_mathematics(tmp_path: Path) -> None:
    source = """\
claims:
  - id: shift
    title: Softmax is invariant under adding a constant
    symbols: {x: "vector[n]", n: [2, 3], c: real, i: "range(1, n)"}
    claim: exp(x[i] + c)/Sum(exp(x[k] + c), (k, 1, n)) == softmax(x)[i]
  - id: sign
    title: "1/(1 + exp(a)) is σ(a)"
    symbols: {a: real}
    claim: 1/(1 + exp(a)) == sigmoid(a)
    expect: refuted
  - id: steps
    title: a chain
    symbols: {a: real}
    steps:
      - (a + 1)**2
      - {expr: a**2 + 2*a + 1, rel: "<="}
      - a**2 + 2*a + 2
"""
    claims = load_text(source, "claims.yaml").claims
    results = [check_claim(c) for c in claims]
    page = render(results, summarize(results))
    doc = parse(page)
    assert doc.claim_rows == 3
    blocks = re.findall(r"<math\b[^>]*>.*?</math>", page, flags=re.DOTALL)
    assert len(blocks) == 1 + 1 + 3
    for block in blocks:
        ET.fromstring(block)


def test_the_examples_in_the_docstrings_hold() -> None:
    import doctest

    import derivcheck.render.html

    assert doctest.testmod(derivcheck.render.html).failed == 0


def test_the_authors_latex_becomes_a_math_element() -> None:
    r = ClaimResult(id="s", title="t", file="f.yaml", line=1, verdict=Verdict.PROVED, proof="cancel",
                    latex=r"\frac{\partial \sigma(a)}{\partial a} = \sigma(a)\Big\{1 - \sigma(a)\Big\}")
    page = render([r], summarize([r]))
    doc = parse(page)
    card = page[page.index("<dt>as written</dt>"):]
    block = re.search(r"<math\b[^>]*>.*?</math>", card, flags=re.DOTALL)
    assert block is not None
    root = ET.fromstring(block.group(0))
    assert root.find(".//mfrac") is not None and "σ" in "".join(root.itertext())
    # The brace latex2mathml leaves as "\{" is a plain brace; the TeX is kept beside it.
    assert "\\{" not in "".join(root.itertext()) and "{" in "".join(root.itertext())
    assert r"\frac{\partial \sigma(a)}" in "".join(doc.text)


@pytest.mark.parametrize("latex", [r"\left(", r"\begin{foo}", "}{", r"\frac{a}{b} <script>x</script>"])
def test_a_latex_the_converter_cannot_read_falls_back_to_its_tex(latex: str) -> None:
    r = ClaimResult(id="s", title="t", file="f.yaml", line=1, verdict=Verdict.PROVED, proof="cancel", latex=latex)
    page = render([r], summarize([r]))
    doc = parse(page)
    card = page[page.index("<dt>as written</dt>"):]
    assert "<math" not in card.split("</dd>")[0] or "script" not in card.split("</dd>")[0].split("<code>")[0]
    assert latex in "".join(doc.text)  # the TeX itself, escaped, in a <code>
    assert all(tag != "script" for tag, _ in doc.tags)


def test_every_latex_of_the_claims_is_converted() -> None:
    """Every ``latex:`` of the bundled claims and of the format's examples reads as MathML."""
    import yaml

    from derivcheck.render.html import author_latex

    root = Path(__file__).resolve().parent.parent
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "latex" and isinstance(value, str):
                    found.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted((root / "claims").glob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert found
    unread = [latex for latex in found if not author_latex(latex).startswith('<div class="latex">')]
    assert unread == []


def _long_sum(terms: int) -> sympy.Basic:
    xs = sympy.symbols(f"x1:{terms + 1}", real=True)
    return sympy.Eq(sum(sympy.exp(x) * x**2 for x in xs), sympy.Integer(0), evaluate=False)


def test_a_long_formula_wraps_at_its_top_level_operators() -> None:
    r = ClaimResult(id="long", title="t", file="f.yaml", line=1, verdict=Verdict.PROVED, proof="cancel",
                    display=Display(mathml=mathml(_long_sum(12))))
    page = render([r], summarize([r]))
    parse(page)
    wrap = re.search(r'<span class="wrap">(.*?)</span>', page, flags=re.DOTALL)
    assert wrap is not None
    pieces = re.findall(r"<math\b[^>]*>.*?</math>", wrap.group(1), flags=re.DOTALL)
    assert len(pieces) > 10  # one per term, the relation starting the last
    for piece in pieces:
        ET.fromstring(piece)
    assert ".wrap { display: flex; flex-wrap: wrap;" in page


def test_a_very_long_formula_is_folded_under_details() -> None:
    r = ClaimResult(id="long", title="t", file="f.yaml", line=1, verdict=Verdict.PROVED, proof="cancel",
                    display=Display(mathml=mathml(_long_sum(120))))
    page = render([r], summarize([r]))
    parse(page)
    assert re.search(r'<details class="long"><summary>a long formula \(\d+ symbols\)', page)
    short = ClaimResult(id="short", title="t", file="f.yaml", line=1, verdict=Verdict.PROVED, proof="cancel",
                        display=Display(mathml=mathml(sympy.Eq(a, y))))
    assert "<details" not in render([short], summarize([short]))


def test_the_case_of_a_refutation_is_on_the_page() -> None:
    r = ClaimResult(id="v", title="t", file="f.yaml", line=1, verdict=Verdict.REFUTED, witness={"c": "2"},
                    lhs_value="1", rhs_value="2", detail="at c = 2: 1 vs 2 (case L = 3)", case="L = 3")
    text = " ".join(" ".join(parse(render([r], summarize([r]))).text).split())
    assert "case L = 3" in text
    assert text.count("L = 3") == 1  # the detail's "(case L = 3)" is not said twice


def test_a_one_sided_limit_keeps_its_side_and_the_step_its_one_argument() -> None:
    # SymPy's own printer writes lim_{ε→0⁻} as lim_{ε→0} and H(ε) as θ(ε, 1/2).
    source = """\
claims:
  - id: left
    title: the left limit of a difference quotient of H
    symbols: {eps: real}
    claim: limit((H(eps) - 1/2)/eps, eps, 0, '-') == -oo
    expect: refuted
  - id: both
    title: a two-sided limit
    symbols: {x: real}
    claim: limit(sin(x)/x, x, 0) == 1
"""
    left, both = (check_claim(c) for c in load_text(source, "claims.yaml").claims)
    page = render([left, both], summarize([left, both]))
    left_math = ET.fromstring(re.findall(r"<math\b[^>]*>.*?</math>", left.display.mathml, flags=re.DOTALL)[0])
    sides = [el for el in left_math.iter() if el.tag.endswith("msup") and el[1].text == "\N{MINUS SIGN}"]
    assert len(sides) == 1 and sides[0][0].text == "0"
    names = [el.text for el in left_math.iter() if el.tag.endswith("mi")]
    assert "H" in names and "\N{GREEK CAPITAL LETTER THETA}" not in names
    assert "msup" not in both.display.mathml  # a two-sided limit has no side to mark
    assert "\N{MINUS SIGN}" in page or "&#8722;" in page
