"""derivcheck extract: documents to claims-file skeletons.

The expected values are read off the test documents by hand (their lines, headings
and relations), or counted by an independent route (``str.count`` of ``$$`` in the
assignment), never taken from the extractor's own output.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from derivcheck import loader
from derivcheck.cli import main
from derivcheck.extract import (
    ExtractError,
    emit,
    extract_text,
    read_notation,
    render,
)
from derivcheck.extract.chains import statements
from derivcheck.extract.documents import (
    MAX_DISPLAYS,
    MAX_DOCUMENT_BYTES,
    Section,
    Syntax,
    detect,
    find_displays,
)
from derivcheck.extract.prose import Given, givens

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENT = ROOT.parent / "shared" / "seed" / "000_da164ad4085a1e2c.txt"
NOTATION = ROOT / "docs" / "assignment-notation.yaml"

MARKDOWN = """\
# Notes

Inline $a = b$ is prose, and so is `$x = 1$` in code.

## 2 Bounds

- (a) A chain:

$$\\begin{aligned}
x^2 + 1 &= 1 + x^2 \\\\
&\\ge 1 \\\\
&> 0
\\end{aligned}$$

```
$$ y = 3 $$
```

(b) Two statements and a display with no relation:

\\[ u = v \\text{ and } p(y = 1) = q \\]

$$\\sum_{k=1}^n k$$
"""

LATEX = """\
\\documentclass{article}
\\begin{document}
\\section{Limits}
% $$ z = 9 $$ is a comment
\\begin{equation}
\\sin(x) \\le 1
\\end{equation}
\\section{Chains}
\\begin{align*}
a &= b \\\\
  &< c \\\\
d &\\le e
\\end{align*}
\\begin{eqnarray}
p &=& q \\\\
  &=& r
\\end{eqnarray}
\\subsection{Gathered}
\\begin{gather}
m = 1 \\\\
n = 2
\\end{gather}
\\end{document}
"""


# --- finding displays ------------------------------------------------------------


def test_markdown_displays_lines_and_sections() -> None:
    scan = find_displays(MARKDOWN, "notes.md")
    assert scan.syntax is Syntax.MARKDOWN
    # Read off MARKDOWN: the aligned display opens on line 9, \[ on line 21, the sum on 23;
    # the inline math of line 3 and the fenced $$ of line 16 are not displays.
    assert [(d.line, d.section.label) for d in scan.displays] == [(9, "§2(a)"), (21, "§2(b)"), (23, "§2(b)")]
    assert scan.problems == ()


def test_latex_displays_sections_and_comments() -> None:
    scan = find_displays(LATEX, "paper.tex")
    assert scan.syntax is Syntax.LATEX
    # \section numbers 1 and 2, \subsection 2.1; the commented $$ of line 4 is not a display.
    assert [(d.line, d.delimiter, d.section.label) for d in scan.displays] == [
        (5, "equation", "§1"),
        (9, "align*", "§2"),
        (14, "eqnarray", "§2"),
        (19, "gather", "§2.1"),
    ]


def test_detect_by_suffix_then_content() -> None:
    assert detect("$$x$$", "a.tex") is Syntax.LATEX
    assert detect("\\section{A}", "a.md") is Syntax.MARKDOWN
    assert detect("\\documentclass{article}") is Syntax.LATEX
    assert detect("# A\n$$x = 1$$") is Syntax.MARKDOWN


# --- statements: terms and relations ----------------------------------------------


def test_mixed_relations_in_one_chain() -> None:
    [s] = statements("x^2 + 1 &= 1 + x^2 \\\\ &\\ge 1 \\\\ &> 0", "chain")
    assert s.terms == ("x^2 + 1", "1 + x^2", "1", "0")
    assert s.relations == ("==", ">=", ">")


def test_rows_with_a_left_side_start_new_statements() -> None:
    found = statements("a &= b \\\\ &< c \\\\ d &\\le e", "chain")
    assert [(s.terms, s.relations) for s in found] == [(("a", "b", "c"), ("==", "<")), (("d", "e"), ("<=",))]


def test_gather_rows_are_separate_and_eqnarray_reads_as_a_chain() -> None:
    assert [s.terms for s in statements("m = 1 \\\\ n = 2", "gather")] == [("m", "1"), ("n", "2")]
    [s] = statements("p &=& q \\\\ &=& r", "chain")
    assert s.terms == ("p", "q", "r")


def test_relations_inside_brackets_and_environments_are_not_cut() -> None:
    [s] = statements("p(y = 1|x) = \\sum_{j=1}^3 h_j + \\left\\{ a < b \\right\\}", "single")
    assert s.terms == ("p(y = 1|x)", "\\sum_{j=1}^3 h_j + \\left\\{ a < b \\right\\}")
    [s] = statements("H(x) = \\begin{cases} 1 & x > 0 \\\\ 0 & x \\le 0 \\end{cases}", "single")
    assert s.relations == ("==",)
    assert s.terms[1].startswith("\\begin{cases}") and s.terms[1].endswith("\\end{cases}")


def test_labelled_relations_separators_and_markup() -> None:
    [s] = statements("a \\stackrel{(a)}{=} b \\overset{(b)}{\\le} c \\label{eq:1}.", "single")
    assert s.terms == ("a", "b", "c") and s.relations == ("==", "<=")
    assert [s.terms for s in statements("u = v \\text{ and } w = z", "single")] == [("u", "v"), ("w", "z")]
    [s] = statements("a \\approx b", "single")
    assert s.relations == (None,) and s.written == ("\\approx",)


# --- claims ---------------------------------------------------------------------------


def test_logical_connectives_make_one_boolean_claim() -> None:
    doc = "## 1 A\n$$ x > 0 \\implies x^2 > 0 $$\n$$ a = 1 \\iff b > 0 \\iff c = d = 1 $$\n$$ p \\iff q $$\n"
    first, second, third = extract_text(doc, "d.md").claims
    assert first.claim is not None and first.claim.expr == "implies(x > 0, x**2 > 0)"
    # A chain of equivalences: each proposition is equivalent to the next; c = d = 1 is both links.
    assert second.claim is not None
    assert second.claim.expr == "And(iff(a == 1, b > 0), iff(b > 0, And(c == d, d == 1)))"
    assert third.claim is not None and third.claim.todo  # p and q are not relations
    text = render(extract_text(doc, "d.md"))
    assert [c.id for c in loader.load_text(text, "out.yaml").claims] == ["1-a-1", "1-a-2"]


def test_claims_lines_sources_and_skips_from_markdown() -> None:
    extraction = extract_text(MARKDOWN, "notes.md")
    # The chain's first row is line 10; \[ ... \] on line 21 holds two statements.
    assert [(c.line, c.source) for c in extraction.claims] == [
        (10, "§2(a) Bounds, line 10"),
        (21, "§2(b) Bounds, line 21"),
        (21, "§2(b) Bounds, line 21"),
    ]
    assert [c.claim is None for c in extraction.claims] == [True, False, False]
    [skip] = extraction.skipped
    assert skip.line == 23 and "no relation" in skip.reason
    text = render(extraction)
    assert "# SKIPPED §2(b) Bounds, line 23: no relation: not a claim: \\sum_{k=1}^n k" in text


def test_claims_from_latex_with_rels() -> None:
    extraction = extract_text(LATEX, "paper.tex")
    assert [(c.line, c.source) for c in extraction.claims] == [
        (6, "§1 Limits, line 6"),
        (10, "§2 Chains, line 10"),
        (12, "§2 Chains, line 12"),
        (15, "§2 Chains, line 15"),
        (20, "§2.1 Gathered, line 20"),
        (21, "§2.1 Gathered, line 21"),
    ]
    chain = extraction.claims[1]
    assert [item.rel for item in chain.steps] == [None, "==", "<"]
    data = yaml.safe_load(render(extraction))
    second = data["claims"][1]["steps"]
    assert isinstance(second[0], str) and isinstance(second[1], str)  # the first item, and an == link
    assert second[2]["rel"] == "<"


def test_ids_unique_and_stable() -> None:
    doc = "## 1 Same\n$$a = b$$\n$$c = d$$\n## 1 Same\n$$e = f$$\n"
    first = render(extract_text(doc, "d.md"))
    assert first == render(extract_text(doc, "d.md"))
    ids = [c["id"] for c in yaml.safe_load(first)["claims"]]
    assert ids == ["1-same-1", "1-same-2", "1-same-3"]


def test_an_untranslatable_step_is_a_todo_and_the_claim_is_invalid() -> None:
    doc = "## 1 One\n$$a \\approx b$$\n"
    text = render(extract_text(doc, "d.md"))
    loaded = loader.load_text(text, "out.yaml")
    assert not loaded.claims
    [failure] = loaded.failures
    assert failure.claim_id == "1-one-1"
    assert "still a TODO" in failure.message and "\\approx" in failure.message


def test_todo_in_steps_is_refused_by_the_loader() -> None:
    text = (
        "claims:\n  - id: t\n    title: t\n    symbols: {x: real}\n"
        "    steps:\n      - x\n      - 'TODO: \\frac{x}{} (empty)'\n      - x\n"
    )
    [failure] = loader.load_text(text, "t.yaml").failures
    assert failure.loc.line == 7 and "step 2 is still a TODO" in failure.message


def test_output_loads_and_latex_is_a_block() -> None:
    doc = "## 3 Odd text\n$$ \\text{a: b # c \"q\"}\tx = 'y' $$\n"
    extraction = extract_text(doc, "d.md")
    text = render(extraction)
    assert "    latex: |-\n" in text
    data = yaml.safe_load(text)
    assert data["claims"][0]["latex"] == "\\text{a: b # c \"q\"} x = 'y'"
    loaded = loader.load_text(text, "out.yaml")
    assert not any(f.whole_file for f in loaded.failures)
    assert len(loaded.claims) + len(loaded.failures) == 1


def test_output_that_would_not_read_back_falls_back_to_plain_yaml(monkeypatch: pytest.MonkeyPatch) -> None:
    extraction = extract_text("## 1 A\n$$a = b$$\n", "d.md")
    monkeypatch.setattr(emit, "_claim_lines", lambda claim: ["  - id: [unclosed"])
    text = render(extraction)
    assert yaml.safe_load(text) == emit.data_of(extraction)
    assert text.startswith("# Claims extracted by `derivcheck extract` from d.md.")


# --- hostile documents -------------------------------------------------------------------


def test_unterminated_display_is_a_problem_not_an_error() -> None:
    doc = "## 1 A\n$$a = b$$\n\n$$ c = d\nand then prose\n"
    extraction = extract_text(doc, "d.md")
    assert [c.line for c in extraction.claims] == [2]
    assert extraction.problems == ((4, "'$$' is never closed by '$$': the rest of the document is not read"),)
    assert "# PROBLEM at line 4" in render(extraction)
    scan = find_displays("\\section{A}\n\\begin{align}\nx &= 1\n", "a.tex")
    assert scan.displays == () and scan.problems[0].line == 2


def test_deeply_nested_braces_finish_and_load() -> None:
    doc = "$$ x = " + "{" * 20000 + "y" + "}" * 20000 + " $$\n$$ a = " + "(" * 20000 + "\n"
    start = time.perf_counter()
    text = render(extract_text(doc, "d.md"))
    assert time.perf_counter() - start < 5
    assert not any(f.whole_file for f in loader.load_text(text, "out.yaml").failures)


def test_huge_document_is_refused_with_a_message(tmp_path: Path) -> None:
    with pytest.raises(ExtractError, match="more than the limit"):
        extract_text("x" * (MAX_DOCUMENT_BYTES + 1), "d.md")
    big = tmp_path / "big.md"
    big.write_text("$" * (MAX_DOCUMENT_BYTES + 1))
    result = CliRunner().invoke(main, ["extract", str(big)])
    assert result.exit_code == 2
    assert "more than the limit" in result.output and "Traceback" not in result.output


def test_too_many_displays_and_bad_bytes_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ExtractError, match=f"more than {MAX_DISPLAYS} displays"):
        extract_text("$$x$$\n" * (MAX_DISPLAYS + 1), "d.md")
    binary = tmp_path / "b.md"
    binary.write_bytes(b"$$ x = 1 $$ \xff\xfe")
    result = CliRunner().invoke(main, ["extract", str(binary)])
    assert result.exit_code == 2 and "not UTF-8 text (byte 12)" in result.output
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "missing.md")])
    assert result.exit_code == 2 and "cannot read" in result.output and "Traceback" not in result.output


def test_cli_writes_the_file_and_refuses_a_bad_notation(tmp_path: Path) -> None:
    doc = tmp_path / "d.md"
    doc.write_text("## 1 A\n$$a = b$$\n")
    out = tmp_path / "out.yaml"
    assert CliRunner().invoke(main, ["extract", str(doc), "-o", str(out)]).exit_code == 0
    assert yaml.safe_load(out.read_text())["claims"][0]["id"] == "1-a-1"
    bad = tmp_path / "n.yaml"
    bad.write_text("notation:\n  '\\sigma': 'not a name'\n")
    result = CliRunner().invoke(main, ["extract", str(doc), "--notation", str(bad)])
    assert result.exit_code == 2 and "must be a name of the claim language" in result.output
    with pytest.raises(ExtractError, match="unknown key 'nota'"):
        bad.write_text("nota: {}\n")
        read_notation(bad)


# --- the assignment ---------------------------------------------------------------------


@pytest.mark.skipif(not ASSIGNMENT.exists(), reason="the assignment document is not beside the project")
def test_the_assignment_every_display_is_found() -> None:
    text = ASSIGNMENT.read_text(encoding="utf-8")
    # Independent count: the document writes every display as $$…$$ and no inline $$,
    # so the displays are half the occurrences of "$$", opened on every other one.
    assert text.count("$$") % 2 == 0
    opened: list[int] = []
    count = 0
    for number, line in enumerate(text.split("\n"), start=1):
        for _ in range(line.count("$$")):
            if count % 2 == 0:
                opened.append(number)
            count += 1
    scan = find_displays(text, ASSIGNMENT.name)
    assert len(scan.displays) == text.count("$$") // 2 == len(opened)
    assert [d.line for d in scan.displays] == opened
    assert scan.problems == ()
    # Every display of the assignment holds at least one relation: none is left without a statement.
    assert all(any(len(s.terms) >= 2 for s in statements(d.body, d.kind)) for d in scan.displays)


def test_the_assignment_notation_file_reads() -> None:
    notation = read_notation(NOTATION)
    assert notation.notation.lookup("S") == "softmax"
    # §4's x is a vector, §3's a number: the section's domains replace the global ones.
    assert notation.context.symbols_in(Section("4", "Gradients", "a"))["x"] == "vector[n]"
    assert notation.context.symbols_in(Section("3", "Activation", "a"))["x"] == "real"
    assert notation.context.symbols_in(Section("41", "Other"))["x"] == "real"


# --- prose before a display, and the notation file ---------------------------------------


def test_conditions_and_definitions_from_the_sentence_before() -> None:
    assert givens("We consider 3 cases. When  $x > 0$  we have that:") == (Given("x > 0"),)
    assert givens("First the case where $i \\neq j$") == (Given("i \\neq j"),)
    assert givens("Let $z = x_2 - x_1$, then:") == (Given("x_2 - x_1", "z"),)
    # Only the last sentence counts, only after a cue word, only one relation.
    assert givens("When $x > 0$ it holds. Notice $y < 1$ here:") == ()
    assert givens("For $0 < x < 1$ we have:") == ()


def test_prose_gives_assume_and_where_marked_for_review(tmp_path: Path) -> None:
    doc = "## 1 A\n(c) When $x > 0$ we have:\n$$\\sqrt{x^2} = x$$\nLet $z = 2 y$, then:\n$$z = y + y$$\nAnd\n$$z - y = y$$\n"
    note = tmp_path / "n.yaml"
    note.write_text("symbols: {x: real, y: real}\n")
    text = render(extract_text(doc, "d.md", read_notation(note)))
    data = yaml.safe_load(text)
    first, second, third = data["claims"]
    assert first["assume"] == ["x > 0"] and first["claim"] == "sqrt(x**2) == x"
    assert "where" not in first
    # The definition holds for the rest of the item: the third display uses it too, without the condition.
    assert second["where"] == {"z": "2*y"} and third["where"] == {"z": "2*y"} and "assume" not in third
    # x > 0 also narrows the real x of the notation file to positive, for this claim alone.
    assert first["symbols"] == {"x": "positive"} and third["symbols"] == {"y": "real"}
    assert text.count("# REVIEW: read from the sentence before the display") == 4
    loaded = loader.load_text(text, "out.yaml")
    assert [c.id for c in loaded.claims] == ["1-a-1", "1-a-2", "1-a-3"]


def test_notation_where_and_placeholders(tmp_path: Path) -> None:
    note = tmp_path / "n.yaml"
    note.write_text(
        'notation:\n  "f(x, \\\\theta)": f\nwhere:\n  f: sigmoid(a)\nsymbols:\n  a: real\n'
    )
    doc = "## 1 A\n$$ f(x, \\theta) \\le 1 + b $$\n"
    text = render(extract_text(doc, "d.md", read_notation(note)))
    [claim] = yaml.safe_load(text)["claims"]
    assert claim["claim"] == "f <= 1 + b"
    assert claim["where"] == {"f": "sigmoid(a)"}
    assert claim["symbols"] == {"a": "real", "b": "real"}
    assert '      b: "real"  # REVIEW: a placeholder domain' in text and '      a: "real"\n' in text
    assert yaml.safe_load(text)["notation"] == {"f(x, \\theta)": "f"}


def test_a_section_has_its_own_notation(tmp_path: Path) -> None:
    note = tmp_path / "n.yaml"
    note.write_text(
        'symbols: {a: real}\nsections:\n  "§1": {notation: {g: sigmoid}}\n  "§2": {notation: {g: relu}}\n'
    )
    doc = "## 1 A\n$$g(a) = \\sigma(a)$$\n## 2 B\n$$g(a) = \\max(a, 0)$$\n## 3 C\n$$g(a) = a$$\n"
    data = yaml.safe_load(render(extract_text(doc, "d.md", read_notation(note))))
    first, second, third = data["claims"]
    assert first["claim"] == "sigmoid(a) == sigmoid(a)"
    assert second["claim"] == "relu(a) == Max(a, 0)"
    # Outside the sections that name it, g is unknown: a TODO, not a guess.
    assert third["claim"].startswith("TODO")
    assert read_notation(note).notation_entries == 2


def test_a_section_notation_entry_is_checked(tmp_path: Path) -> None:
    note = tmp_path / "n.yaml"
    note.write_text('sections:\n  "§1": {notation: {"": sigmoid}}\n')
    with pytest.raises(ExtractError, match="sections: §1"):
        read_notation(note)


def test_a_sum_without_range_over_a_vector_is_read_and_marked(tmp_path: Path) -> None:
    note = tmp_path / "n.yaml"
    note.write_text('sections:\n  "§1": {x: "vector[n]", n: [2, 3], j: "range(1, n)"}\n')
    doc = "## 1 A\n$$\\frac{\\partial}{\\partial x_j} \\sum_k \\exp(x_k) = \\exp(x_j)$$\n## 2 B\n$$\\sum_k x_k = 1$$\n"
    text = render(extract_text(doc, "d.md", read_notation(note)))
    first, second = yaml.safe_load(text)["claims"]
    assert first["claim"] == "diff(Sum(exp(x[k]), (k, 1, n)), x[j]) == exp(x[j])"
    assert "REVIEW: read by a rule: \\sum_k is read over the whole of x: k from 1 to n." in first["note"]
    # In §2, x is not a vector of known length: the sum stays a TODO.
    assert second["claim"].startswith("TODO") and "range" in second["claim"]
    only = render(extract_text(doc.split("## 2")[0], "d.md", read_notation(note)))
    assert [c.id for c in loader.load_text(only, "out.yaml").claims] == ["1-a-1"]


# --- definitions, random quantities ------------------------------------------------------


def test_a_definition_after_let_is_not_a_claim_and_the_rest_of_its_chain_is(tmp_path: Path) -> None:
    # Read off the document: "let" introduces f (a new name: a definition) and h = g(a),
    # whose second link g(a) = max{0, a} is a claim about the ReLU g.
    doc = "## 1 A\nWe let\n$$f(x) = x^2 + 1$$\nand let:\n$$h = g(a) = \\max\\{0, a\\}$$\n"
    note = tmp_path / "n.yaml"
    note.write_text("sections:\n  '§1': {notation: {g: relu}}\n", encoding="utf-8")
    extraction = extract_text(doc, "d.md", read_notation(note))
    assert [d.latex for d in extraction.definitions] == ["f(x) = x^2 + 1", "h = g(a)"]
    [claim] = extraction.claims
    assert claim.claim is not None and claim.claim.expr == "relu(a) == Max(0, a)"
    assert "definitions" in render(extraction).splitlines()[1]


def test_a_known_function_or_no_cue_keeps_the_claim() -> None:
    # ReLU is the language's relu: ReLU(x) := x H(x) is checkable, so a claim; without the
    # cue, f(x) = x^2 is a claim (invalid until f is named), never silently dropped.
    doc = "## 1 A\nWe can define it so:\n$$ReLU(x) := xH(x)$$\nThen\n$$f(x) = x^2$$\n"
    extraction = extract_text(doc, "d.md")
    assert extraction.definitions == ()
    assert [c.claim.expr for c in extraction.claims if c.claim is not None][0] == "relu(x) == x*H(x)"
    assert len(extraction.claims) == 2 and extraction.claims[1].todos == 1


def test_section_random_names_are_carried_into_the_claims(tmp_path: Path) -> None:
    note = tmp_path / "n.yaml"
    note.write_text(
        'sections:\n  "§1": {y: [0, 1], random: {Y: "Bernoulli(y)"}}\n'
        '  "§2": {notation: {p: pdf}, s: positive, random: {a: ["Normal(0, s)", "Uniform(-s, s)"]}}\n',
        encoding="utf-8",
    )
    doc = (
        "## 1 A\n$$\\mathbb{E}_{Y \\sim \\hat{p}}\\{Y\\} = y$$\n"
        "## 2 B\n$$\\mathbb{E}\\{a^2\\} = \\int_{-\\infty}^{\\infty} a^2 p(a) da$$\n"
    )
    text = render(extract_text(doc, "d.md", read_notation(note)))
    data = yaml.safe_load(text)
    first, second = data["claims"]
    assert first["claim"] == "E(Y) == y" and first["random"] == {"Y": "Bernoulli(y)"} and first["symbols"] == {"y": [0, 1]}
    assert second["claim"] == "E(a**2) == integrate(t**2*pdf(a, t), (t, -oo, oo))"
    assert second["random"] == {"a": ["Normal(0, s)", "Uniform(-s, s)"]} and second["symbols"] == {"s": "positive"}
    assert "# REVIEW: a distribution from the notation file" in text
    out = tmp_path / "out.yaml"
    out.write_text(text, encoding="utf-8")
    assert [c.id for c in loader.load_file(out).claims] == [first["id"], second["id"]]


def test_a_moment_of_a_name_held_fixed_stays_a_todo(tmp_path: Path) -> None:
    # Var{w} with w neither random nor declared would be Var of a constant, 0: a different
    # statement from the document's, so the item is a TODO; declared random, it is read.
    doc = "## 1 A\n$$\\text{Var}\\{w\\} = 0$$\n"
    [held] = extract_text(doc, "d.md").claims
    assert held.todos == 1 and held.claim is not None and "neither random nor declared" in held.claim.expr
    note = tmp_path / "n.yaml"
    note.write_text('random: {w: "Normal(0, 1)"}\n', encoding="utf-8")
    [drawn] = extract_text(doc, "d.md", read_notation(note)).claims
    assert drawn.claim is not None and drawn.claim.expr == "Var(w) == 0"


def test_implicit_arguments_are_letters(tmp_path: Path) -> None:
    note = tmp_path / "n.yaml"
    note.write_text('sections:\n  "§7": {implicit: [xy]}\n', encoding="utf-8")
    with pytest.raises(ExtractError, match="letter"):
        read_notation(note)
