"""The translator's cost on long formulas: a big operator's long body is read on its own.

The parser's prediction over the body of ``\\sum``, ``\\prod`` or ``\\lim`` grows with the
square of the body's length (a body of 40 factors took it seconds, 300 minutes). The
translation cuts a long body out and reads it apart; these tests check that the result is
the parser's own reading of the whole (labelled by the unsplit parse, for small bodies) and
the expected structure for large ones (written out by hand here).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import sympy
import yaml

from derivcheck.latex import (
    Notation,
    backend,
    groups,
    guard,
    translate_chain,
    translate_expression,
)

N = Notation.defaults()
LETTERS = "abcfghkmnpqrstuvwyz"


def _tree(text: str | None) -> str | None:
    # Parentheses are not in Python's tree: (a*b)*c and a*b*c are the same product.
    return None if text is None else ast.dump(ast.parse(text, mode="eval"))


CASES = [
    (r"\sum_{j=1}^{n} a b c d", ()),
    (r"\sum_{j=1}^n a b c", ()),
    (r"\sum^{n}_{j=1} a b c", ()),
    (r"\sum_{j=1}^{n} a \cdot b \cdot c + d", ()),
    (r"\sum_{j=1}^{n} a \times b c - d", ()),
    (r"\prod_{k=1}^{m} x^{2} y z + 1", ()),
    (r"\lim_{x \to 0} a x b", ()),
    (r"x \sum_{i=1}^{n} a b - \sum_{j=1}^{n} c d", ()),
    (r"\sum_{j=1}^{n} \frac{a}{b} c \sqrt{d}", ()),
    (r"\sum_{j=1}^{n} h_j h_j", ("h",)),
    (r"\sum_{j=1}^{n} h_j h_j", ()),
    (r"\sum_{j=1}^{n} (a + b) c d", ()),
    (r"\sum_{j=1}^{n} -a b c", ()),
]


@pytest.mark.parametrize(("latex", "indexed"), CASES)
def test_a_body_read_apart_is_the_parsers_reading_of_the_whole(
    latex: str, indexed: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(groups, "LONG_BODY", 10**9)
    whole = translate_expression(latex, N, indexed=indexed)
    monkeypatch.setattr(groups, "LONG_BODY", 0)
    apart = translate_expression(latex, N, indexed=indexed)
    assert _tree(apart.text) == _tree(whole.text)
    assert apart.problems == whole.problems
    assert apart.free_names == whole.free_names


def test_the_small_cases_read_as_written(monkeypatch: pytest.MonkeyPatch) -> None:
    # Hand-checked readings, so that the comparison above is not of two wrong readings.
    got = translate_expression(r"\sum_{j=1}^{n} a \cdot b \cdot c + d", N)
    assert _tree(got.text) == _tree("Sum(a*b*c, (j, 1, n)) + d")
    got = translate_expression(r"x \sum_{i=1}^{n} a b - \sum_{j=1}^{n} c d", N)
    assert _tree(got.text) == _tree("x*Sum(a*b, (i, 1, n)) - Sum(c*d, (j, 1, n))")
    # The parser makes one Sum over two indices of a sum of a sum (refused by the walk); read
    # inner first, it is the nested sum, the same number.
    monkeypatch.setattr(groups, "LONG_BODY", 0)
    got = translate_expression(r"\sum_{i=1}^{n} \sum_{j=1}^{m} a b c", N)
    assert _tree(got.text) == _tree("Sum(Sum(a*b*c, (j, 1, m)), (i, 1, n))")
    monkeypatch.undo()
    refused = translate_expression(r"\sum_{j=1}^{n} " + " ".join(["h_j"] * 12), N)
    assert refused.text is None
    assert "subscript of the name h_j" in refused.problems[0]


def _factors(n: int) -> list[str]:
    return [LETTERS[i % len(LETTERS)] for i in range(n)]


@pytest.mark.parametrize("operator", ["sum", "prod"])
def test_a_long_body_translates(operator: str) -> None:
    names = _factors(50)
    got = translate_expression(rf"\{operator}_{{j=1}}^{{n}} " + " ".join(names) + " + 1", N)
    word = "Sum" if operator == "sum" else "Product"
    assert _tree(got.text) == _tree(f"{word}({'*'.join(names)}, (j, 1, n)) + 1")


def test_a_long_body_of_entries_and_powers_translates() -> None:
    got = translate_expression(r"\sum_{j=1}^{n} " + " ".join(["h_j^{2}"] * 30), N, indexed=("h",))
    assert _tree(got.text) == _tree("Sum(" + "*".join(["h[j]**2"] * 30) + ", (j, 1, n))")


def test_a_long_limit_body_in_a_chain_translates() -> None:
    names = _factors(40)
    got = translate_chain(r"\lim_{x \to 0} x " + " ".join(names) + " = 0", N)
    assert [_tree(t.text) for t in got.terms] == [_tree(f"limit(x*{'*'.join(names)}, x, 0)"), _tree("0")]


def test_nested_long_bodies_translate() -> None:
    inner = _factors(20)
    got = translate_expression(r"\sum_{i=1}^{n} a_i \sum_{j=1}^{m} " + " ".join(inner), N, indexed=("a",))
    assert _tree(got.text) == _tree(f"Sum(a[i]*Sum({'*'.join(inner)}, (j, 1, m)), (i, 1, n))")


# --- ANTLR's two prediction modes -------------------------------------------------------

ROOT = Path(__file__).resolve().parent.parent
#: The assignment, beside the project when it is checked out with it (as bench/extract.py finds it).
SEED = ROOT.parent / "shared" / "seed" / "000_da164ad4085a1e2c.txt"


def _formulas() -> list[tuple[str, Notation, tuple[str, ...]]]:
    out: list[tuple[str, Notation, tuple[str, ...]]] = []
    for s in yaml.safe_load((ROOT / "tests/latex/snippets.yaml").read_text())["snippets"]:
        out.append((s["latex"], N.extended(s.get("notation") or {}), tuple(s.get("indexed") or ())))
    for path in sorted((ROOT / "claims").glob("*.yaml")):
        doc = yaml.safe_load(path.read_text()) or {}
        table = N.extended(doc.get("notation") or {})
        for claim in doc.get("claims") or []:
            if isinstance(claim, dict) and isinstance(claim.get("latex"), str):
                out.append((claim["latex"], table, ()))
    if SEED.exists():
        for m in re.finditer(r"\$\$(.+?)\$\$|\\\[(.+?)\\\]", SEED.read_text(), re.DOTALL):
            out.append((m.group(1) or m.group(2), N, ()))
    return out


def test_sll_and_ll_build_the_same_tree_for_every_fragment(monkeypatch: pytest.MonkeyPatch) -> None:
    # The parser tries SLL first and keeps its tree: that is sound only where SLL's tree is
    # LL's. Every fragment the parser is given for the test formulas, the claims and the
    # assignment is parsed in both modes here, and the trees compared.
    seen: dict[str, None] = {}
    real = backend._parse

    def recording(latex: str) -> object:
        seen.setdefault(latex, None)
        return real(latex)

    monkeypatch.setattr(backend, "_parse", recording)
    for latex, notation, indexed in _formulas():
        translate_chain(latex, notation, indexed=indexed)
    monkeypatch.undo()
    accepted = 0
    for fragment in seen:
        try:
            sll = sympy.srepr(backend._parse_in(fragment, "sll"))
        except Exception:  # noqa: BLE001 - SLL rejected it: LL reads it, as backend._parse does
            continue
        accepted += 1
        assert sll == sympy.srepr(backend._parse_in(fragment, "ll")), fragment
    # Most fragments are decided by SLL (147 of 174 when this was written): a comparison of a few
    # would not say much.
    assert accepted >= 100


def test_superscripts_are_counted() -> None:
    def powers(n: int) -> str:
        return " ".join(f"x_{{{i}}}^{{2}}" for i in range(n))

    assert guard.check(powers(guard.MAX_LATEX_POWERS)) is None
    refused = translate_expression(powers(guard.MAX_LATEX_POWERS + 1), N)
    assert refused.text is None
    assert refused.problems == (f"the LaTeX has 65 superscripts (^), more than the limit of {guard.MAX_LATEX_POWERS}",)
    assert guard.MAX_LATEX_POWERS == 64


INTEGRALS = [
    r"\int_0^1 a b c \, dx",
    r"\int_0^1 a x^{2} + b x - c \, dx",
    r"\int_{0}^{1} x \cdot a + \frac{b}{2} d x + y",
]


@pytest.mark.parametrize("latex", INTEGRALS)
def test_an_integral_body_read_apart_is_the_parsers_reading(latex: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(groups, "LONG_BODY", 10**9)
    whole = translate_expression(latex, N)
    monkeypatch.setattr(groups, "LONG_BODY", 0)
    apart = translate_expression(latex, N)
    assert whole.text is not None
    assert _tree(apart.text) == _tree(whole.text)
    assert apart.free_names == whole.free_names


def test_a_long_integral_body_translates() -> None:
    names = _factors(40)
    got = translate_expression(r"\int_0^1 " + " ".join(names) + r" + x \, dx", N)
    assert _tree(got.text) == _tree(f"integrate({'*'.join(names)} + x, (x, 0, 1))")
