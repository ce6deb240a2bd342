"""Extract's readings of a layer of iid units: vectors without subscripts, sign conditions as domains.

Every document here is written for the test; the expected claim texts are read off its LaTeX by
hand, and each verdict is argued by hand in a comment.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from derivcheck import api
from derivcheck.extract import extract_text, read_notation, render
from derivcheck.extract.entries import one_entry

DOMAINS = {"w": "vector[m]", "W": "matrix[m, n]", "a": "vector[m]", "g": "vector[m]", "G": "vector[n]"}
USED = {"w", "W", "a", "g", "G", "m", "n"}


def _entries(*items: str, dropped: frozenset[str] = frozenset(DOMAINS)) -> tuple[tuple[str, ...], object]:
    found = one_entry(list(items), DOMAINS, {"w", "W", "a"}, {"g", "G"}, USED, dropped)
    return found.items, found.index


def test_a_random_vector_inside_a_moment_is_its_first_entry() -> None:
    assert _entries("E(w)", "Var(W)*Var(a)") == (("E(w[1])", "Var(W[1, 1])*Var(a[1])"), None)
    # Outside a moment a vector is a vector; an entry already written is left alone.
    assert _entries("E(w*a) + w", "E(w[2])") == (("E(w[1]*a[1]) + w", "E(w[2])"), None)


def test_a_bound_vector_is_each_of_its_entries() -> None:
    # Its entries need not be alike: the claim is made for each q from 1 to its length.
    assert _entries("E(g)", "0") == (("E(g[q])", "0"), ("q", "range(1, m)"))
    # Two bound vectors of different lengths: no one index fits, and they are left as written.
    assert _entries("Var(G) - Var(g)") == (("Var(G) - Var(g)",), None)


def test_the_derivative_at_a_vector_is_the_derivative_at_its_entry() -> None:
    assert _entries("E(jacobian(relu(a), a)*ones(m))")[0] == ("E(diff(relu(a[1]), a[1]))",)
    assert _entries("E(diff(relu(a), a))")[0] == ("E(diff(relu(a[1]), a[1]))",)


def test_a_vector_used_as_a_vector_is_left_as_written() -> None:
    # E‖w‖² = m Var(w_1) for zero-mean entries, not Var(w_1): inside norm, dot, Abs, Max, .T or @
    # the document may mean the whole vector, and reading one entry there would change the claim.
    for text in ("E(norm(w)**2)", "Var(w.T*w)", "E(dot(w, a))", "E(W@w)", "E(softmax(a)[1])", "E(Abs(w)**2)", "E(Max(w))"):
        assert _entries(text)[0] == (text,)
    # w·w, read w*w, is m s² for w of m iid N(0, s) entries, not s²: a vector used twice, or beside
    # one of its written entries (w_1 w), is left as written (then invalid: E of a vector).
    for text in ("E(w*w)", "Var(w + w)", "E(w[1]*w)"):
        assert _entries(text)[0] == (text,)


def test_only_the_vectors_the_notation_names_are_read_as_entries() -> None:
    assert _entries("E(w)*E(a)", dropped=frozenset({"a"}))[0] == ("E(w)*E(a[1])",)
    assert _entries("E(w)", dropped=frozenset())[0] == ("E(w)",)


LAYER = """\
## 1 Layer

We drop the subscripts:

$$\\text{Var} \\left\\{ \\sum_{i=1}^m w_i h_i \\right\\} = m \\text{Var} \\left\\{ w h \\right\\}
= m \\text{Var} \\left\\{ w \\right\\} \\mathbb{E} \\left\\{ h^2 \\right\\}$$
"""

LAYER_NOTATION = """\
sections:
  "§1":
    w: "vector[m]"
    h: "vector[m]"
    m: [1, 2, 3]
    s: positive
    dropped: [w, h]
    random:
      w: ["Normal(0, s)", "Uniform(-s, s)"]
      h: ["Exponential(s)", "Uniform(0, s)"]
"""


def test_a_chain_with_subscripts_dropped_is_checked_entry_by_entry(tmp_path: Path) -> None:
    note = tmp_path / "n.yaml"
    note.write_text(LAYER_NOTATION, encoding="utf-8")
    text = render(extract_text(LAYER, "d.md", read_notation(note)))
    [claim] = yaml.safe_load(text)["claims"]
    assert claim["steps"] == [
        "Var(Sum(w[i]*h[i], (i, 1, m)))",
        "m*Var(w[1]*h[1])",
        "m*Var(w[1])*E(h[1]**2)",
    ]
    assert "one of its alike entries" in claim["note"]
    out = tmp_path / "out.yaml"
    out.write_text(text, encoding="utf-8")
    [result] = api.check_file(out, jobs=1, use_cache=False)
    # By hand: the m products w_i h_i are iid, so the variance of their sum is m Var(w h); with w
    # zero-mean and independent of h, Var(w h) = E[w²] E[h²] - (E[w] E[h])² = Var(w) E[h²].
    assert result.verdict.value == "proved", result.detail


def test_a_sign_condition_from_prose_narrows_the_domain(tmp_path: Path) -> None:
    doc = "## 1 A\n\nWhen $x > 0$ we have:\n\n$$\\sqrt{x^2} = x$$\n\nand for $y < 0$:\n\n$$\\sqrt{y^2} = -y$$\n"
    first, second = yaml.safe_load(render(extract_text(doc, "d.md")))["claims"]
    assert first["symbols"] == {"x": "positive"} and first["assume"] == ["x > 0"]
    assert second["symbols"] == {"y": "negative"}
    # By hand: √(x²) = |x|, which is x for x > 0 and -y for y < 0.
    assert api.check(first["claim"], symbols=first["symbols"]).verdict.value == "proved"
    assert api.check(second["claim"], symbols=second["symbols"]).verdict.value == "proved"


def test_a_definition_of_a_name_the_notation_declares_is_still_a_definition(tmp_path: Path) -> None:
    # The notation file makes a random for the section's claims; the display after "let" defines it.
    note = tmp_path / "n.yaml"
    note.write_text('sections:\n  "§1": {s: positive, random: {a: "Normal(0, s)"}}\n', encoding="utf-8")
    doc = "## 1 A\n\nAs in the notes, let:\n\n$$a = b + c$$\n\nThen\n\n$$\\mathbb{E}\\{a\\} = 0$$\n"
    extraction = extract_text(doc, "d.md", read_notation(note))
    assert [d.latex for d in extraction.definitions] == ["a = b + c"]
    [claim] = extraction.claims
    assert claim.claim is not None and claim.claim.expr == "E(a) == 0"


def test_a_transpose_in_a_binding_is_no_name_held_fixed(tmp_path: Path) -> None:
    note = tmp_path / "n.yaml"
    note.write_text(
        'sections:\n  "§1":\n    a: "vector[2]"\n    d: "vector[2]"\n    g: "vector[2]"\n    s: positive\n'
        '    random: {a: "Normal(0, s)", d: "Normal(0, s)"}\n    where: {g: "jacobian(relu(a), a).T*d"}\n',
        encoding="utf-8",
    )
    [claim] = yaml.safe_load(render(extract_text("## 1 A\n$$\\mathbb{E}\\{g_1\\} = 0$$\n", "d.md", read_notation(note))))["claims"]
    assert claim["claim"] == "E(g[1]) == 0", claim["claim"]
