"""LaTeX to the claim language: the snippet corpus, notation tables, hostile LaTeX.

The expected translations (tests/latex/snippets.yaml) are written by hand. Each is
compared with the translation structurally: both texts are read by derivcheck's own
parser, and their syntax trees compared up to the order of a sum's terms and a
product's factors (``2*x`` is ``x*2``, ``-a*b`` is ``-(a*b)``; ``x - x`` is not ``0``).
"""

from __future__ import annotations

import ast
import time
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import sympy
import yaml  # type: ignore[import-untyped, unused-ignore]

from derivcheck.latex import (
    CHAIN_RELATIONS,
    Notation,
    guard,
    key_problem,
    translate_chain,
    translate_expression,
)
from derivcheck.latex.backend import parse as parse_latex
from derivcheck.loader import load_text
from derivcheck.model import Location, Text
from derivcheck.parser import parse
from derivcheck.schema import json_schema

CORPUS = Path(__file__).parent / "latex" / "snippets.yaml"
SNIPPETS: list[dict[str, Any]] = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))["snippets"]
CLAIMS = Path(__file__).resolve().parent.parent / "claims"


# ---------------------------------------------------------------------------
# A structural form of an expression, independent of the translator.
# ---------------------------------------------------------------------------


def _tree(text: str) -> ast.expr:
    return parse(Text(text, Location("<test>", 1), inline=False)).tree.body


def _signed(node: ast.AST) -> tuple[int, Any]:
    """(sign, body): a leading minus taken out, sums and products flattened and sorted."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        sign, body = _signed(node.operand)
        return -sign, body
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
        terms: list[tuple[int, Any]] = []
        _terms(node, 1, terms)
        return 1, ("+", tuple(sorted(terms, key=repr)))
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mult, ast.Div)):
        num: list[Any] = []
        den: list[Any] = []
        sign = _factors(node, num, den)
        if len(num) == 1 and not den:
            return sign, num[0]
        return sign, ("*", tuple(sorted(num, key=repr)), tuple(sorted(den, key=repr)))
    return 1, _atom(node)


def _terms(node: ast.AST, sign: int, out: list[tuple[int, Any]]) -> None:
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub)):
        _terms(node.left, sign, out)
        _terms(node.right, sign if isinstance(node.op, ast.Add) else -sign, out)
        return
    s, body = _signed(node)
    out.append((sign * s, body))


def _factors(node: ast.AST, num: list[Any], den: list[Any]) -> int:
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mult, ast.Div)):
        sign = _factors(node.left, num, den)
        if isinstance(node.op, ast.Mult):
            return sign * _factors(node.right, num, den)
        inner_num: list[Any] = []
        inner_den: list[Any] = []
        sign *= _factors(node.right, inner_num, inner_den)
        den.extend(inner_num)
        num.extend(inner_den)
        return sign
    s, body = _signed(node)
    num.append(body)
    return s


#: Functions whose arguments may come in any order (SymPy sorts them).
SYMMETRIC = frozenset({"Max", "Min"})


def _full(node: ast.AST) -> Any:
    return _signed(node)


def _atom(node: ast.AST) -> Any:
    if isinstance(node, ast.Name):
        return ("name", node.id)
    if isinstance(node, ast.Constant):
        return ("const", node.value)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
        return ("**", _full(node.left), _full(node.right))
    if isinstance(node, ast.Call):
        assert isinstance(node.func, ast.Name)
        args = tuple(_full(a) for a in node.args)
        if node.func.id in SYMMETRIC:
            args = tuple(sorted(args, key=repr))
        return ("call", node.func.id, args)
    if isinstance(node, ast.Subscript):
        index = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
        return ("[]", _full(node.value), tuple(_full(i) for i in index))
    if isinstance(node, ast.Attribute):
        return ("attr", node.attr, _full(node.value))
    if isinstance(node, ast.Tuple):
        return ("tuple", tuple(_full(e) for e in node.elts))
    if isinstance(node, ast.Compare):
        return ("cmp", tuple(type(o).__name__ for o in node.ops), _full(node.left), tuple(_full(c) for c in node.comparators))
    raise AssertionError(f"no structural form for {ast.dump(node)}")


def same(a: str, b: str) -> bool:
    return bool(_full(_tree(a)) == _full(_tree(b)))


def test_the_structural_form_tells_apart_what_it_must() -> None:
    # The comparison itself: commutativity is allowed, nothing else.
    assert same("2*x + y", "y + x*2")
    assert same("-a*b", "-(a*b)")
    assert same("a - b", "-b + a")
    assert not same("x - x", "0")
    assert not same("a - b", "b - a")
    assert not same("a/b", "b/a")
    assert not same("diff(f, a)", "diff(f, b)")
    assert not same("x[i, j]", "x[j, i]")
    assert same("Max(0, x)", "Max(x, 0)") and not same("log(x, 2)", "log(2, x)")


# ---------------------------------------------------------------------------
# The corpus.
# ---------------------------------------------------------------------------


def _notation(snippet: dict[str, Any]) -> Notation:
    return Notation.defaults().extended(snippet.get("notation") or {})


@pytest.mark.parametrize("snippet", SNIPPETS, ids=[s["latex"][:40] for s in SNIPPETS])
def test_snippet(snippet: dict[str, Any]) -> None:
    notation = _notation(snippet)
    indexed = frozenset(snippet.get("indexed") or ())
    lengths = snippet.get("lengths") or {}
    implicit = frozenset(snippet.get("implicit") or ())
    random = frozenset(snippet.get("random") or ())
    if "terms" in snippet:
        chain = translate_chain(snippet["latex"], notation, indexed=indexed, lengths=lengths, implicit=implicit, random=random)
        assert chain.rels == tuple(snippet["rels"]), chain
        assert all(r in CHAIN_RELATIONS for r in chain.rels)
        if "problem" in snippet:
            assert not chain.ok
            assert any(snippet["problem"] in p for p in chain.all_problems), chain.all_problems
            return
        assert chain.ok, chain.all_problems
        assert len(chain.terms) == len(snippet["terms"])
        for got, want in zip(chain.terms, snippet["terms"], strict=True):
            assert got.text is not None and same(got.text, want), (got.text, want)
        return
    result = translate_expression(
        snippet["latex"], notation, indexed=indexed, lengths=lengths, implicit=implicit, random=random
    )
    if "problem" in snippet:
        assert result.text is None and not result.ok, result
        assert any(snippet["problem"] in p for p in result.problems), result.problems
        return
    assert result.ok, result.problems
    assert result.text is not None and same(result.text, snippet["text"]), (result.text, snippet["text"])
    if "free" in snippet:
        assert result.free_names == tuple(sorted(snippet["free"]))
    # A reading made by a rule is reported exactly when the snippet expects one.
    assert bool(result.readings) == bool(snippet.get("reading")), result.readings
    if snippet.get("reading"):
        assert any(snippet["reading"] in r for r in result.readings), result.readings


def test_the_corpus_is_large_and_covers_chains_and_problems() -> None:
    assert len(SNIPPETS) >= 60
    assert sum("terms" in s for s in SNIPPETS) >= 6
    assert sum("problem" in s for s in SNIPPETS) >= 12
    assert any(s.get("rels") and len(set(s["rels"])) > 1 for s in SNIPPETS)  # mixed relations


def test_nothing_is_evaluated_while_parsing() -> None:
    # The parser's own tree: 2/4 not reduced, x - x not cancelled.
    tree = parse_latex(r"\frac{2}{4}")
    assert not isinstance(tree, sympy.Rational)
    assert tree.args and sympy.Integer(4) in [a.base for a in tree.args if isinstance(a, sympy.Pow)]
    cancelled = parse_latex("x - x")
    assert cancelled != 0 and len(cancelled.args) == 2


def test_a_limit_without_a_direction_is_two_sided() -> None:
    # The parser alone reads \lim_{x \to 0} as from the right; the claim language's
    # limit without a direction is two-sided, and the two differ at 1/x.
    t = translate_expression(r"\lim_{x \to 0} \frac{1}{x}", Notation.defaults())
    assert t.text is not None and same(t.text, "limit(1/x, x, 0)")


def test_log_is_the_natural_logarithm() -> None:
    t = translate_expression(r"\log x", Notation.defaults())
    assert t.text == "log(x)"


# ---------------------------------------------------------------------------
# Notation tables.
# ---------------------------------------------------------------------------


def test_notation_is_immutable_and_extended_entries_win() -> None:
    base = Notation.defaults()
    assert base.lookup(r"\sigma") == "sigmoid"
    wider = base.extended({r"\sigma": "tanh", "f(x, \\theta)": "f"})
    assert wider.lookup(r"\sigma") == "tanh" and base.lookup(r"\sigma") == "sigmoid"
    assert wider.lookup("f(x,\\theta)") == "f"  # spaces do not matter
    with pytest.raises(AttributeError):
        base.entries = ()  # type: ignore[misc]


def test_a_document_symbol_redefines_a_default() -> None:
    t = translate_expression(r"\sigma(a)", Notation.defaults().extended({r"\sigma": "tanh"}))
    assert t.text == "tanh(a)"


def test_invalid_notation_entries() -> None:
    assert key_problem(r"\sigma", "sigmoid") is None
    assert key_problem("", "f") is not None
    assert key_problem("x", "1x") is not None
    assert key_problem("x", "_x") is not None


NOTATION_FILE = """\
notation:
  '\\sigma': sigmoid
  'f(x, \\theta)': f
claims:
  - id: one
    title: t
    latex: '\\sigma(a)'
    claim: 1 == 1
"""


def test_a_claims_file_carries_its_notation_to_each_claim() -> None:
    loaded = load_text(NOTATION_FILE, "n.yaml")
    assert not loaded.failures
    assert loaded.notation == (("\\sigma", "sigmoid"), ("f(x, \\theta)", "f"))
    claim = loaded.claims[0]
    assert claim.notation == loaded.notation
    assert "notation" in claim.canonical()
    t = translate_expression("f(x, \\theta)", Notation.defaults().extended(claim.notation))
    assert t.text == "f"


@pytest.mark.parametrize(
    ("table", "words"),
    [
        ("notation: [a, b]", "must be a mapping"),
        ("notation:\n  x: 1y", "must be a name"),
        ("notation:\n  x:", "is empty"),
        ("notation:\n  x: [a]", "must be a claim-language name"),
    ],
)
def test_a_bad_notation_table_is_a_clear_error(table: str, words: str) -> None:
    loaded = load_text(table + "\nclaims: []\n", "bad.yaml")
    assert loaded.failures and words in loaded.failures[0].message
    assert loaded.failures[0].loc.line >= 1


def test_a_file_without_notation_keeps_its_cache_key() -> None:
    loaded = load_text("claims:\n  - id: one\n    title: t\n    claim: 1 == 1\n", "a.yaml")
    assert "notation" not in loaded.claims[0].canonical()


# ---------------------------------------------------------------------------
# Hostile LaTeX: each refused quickly, with a problem, never an exception.
# ---------------------------------------------------------------------------

HOSTILE = [
    ("x + " * 20_000 + "x", "characters"),
    ("{" * 10_000 + "x" + "}" * 10_000, "characters"),
    ("{" * 9_000 + "x" + "}" * 9_000, "nested"),
    ("(" * 5_000 + "x" + ")" * 5_000, "nested"),
    (r"\def\x{1} \x + 1", "refused"),
    (r"\input{/etc/passwd}", "refused"),
    (r"\newcommand{\f}{x} \f", "refused"),
    (r"\immediate\write18{rm -rf /}", "refused"),
    (r"\catcode`\^=11 x", "refused"),
    (r"\csname x\endcsname", "refused"),
    ("a+" * 1_900 + "a", "tokens"),
    ("a+" * 500_000 + "a", "characters"),  # a million tokens
    ("x" * 1_000_000, "characters"),
    ("x\x00y", "NUL"),
]


@pytest.mark.parametrize(("latex", "words"), HOSTILE, ids=[w + str(i) for i, (_, w) in enumerate(HOSTILE)])
def test_hostile_latex_is_refused_quickly(latex: str, words: str) -> None:
    start = time.perf_counter()
    single = translate_expression(latex, Notation.defaults())
    chain = translate_chain(latex, Notation.defaults())
    assert time.perf_counter() - start < 2.0
    assert single.text is None and any(words in p for p in single.problems), single.problems
    assert not chain.ok and any(words in p for p in chain.all_problems)


def test_the_depth_limit_stands_before_the_parser() -> None:
    # Just within the limit the parser is reached, and its recursion holds.
    deep = "(" * guard.MAX_LATEX_DEPTH + "x" + ")" * guard.MAX_LATEX_DEPTH
    assert guard.check(deep) is None
    t = translate_expression(deep, Notation.defaults())
    assert t.ok or t.problems  # either way, no exception: the point is it returned
    assert t.text is None or same(t.text, "x")


# ---------------------------------------------------------------------------
# The assignment's claims: every translated latex parses, and the count of those
# that translate whole is measured (and kept from falling).
# ---------------------------------------------------------------------------


def _claim_latex() -> list[tuple[str, str, frozenset[str]]]:
    out = []
    for path in sorted(CLAIMS.glob("*.yaml")):
        for claim in yaml.safe_load(path.read_text(encoding="utf-8"))["claims"]:
            if "latex" in claim:
                symbols = claim.get("symbols") or {}
                indexed = frozenset(
                    k for k, v in symbols.items() if isinstance(v, str) and v.startswith(("vector", "matrix"))
                )
                out.append((claim["id"], claim["latex"], indexed))
    return out


def test_the_assignments_latex_fields_translate_or_say_why() -> None:
    fields = _claim_latex()
    assert len(fields) == 72
    whole = 0
    for _, latex, indexed in fields:
        chain = translate_chain(latex, Notation.defaults(), indexed=indexed)
        whole += chain.ok
        for term in chain.terms:
            assert (term.text is None) == bool(term.problems)
            if term.text is not None:
                _tree(term.text)  # it parses
        assert chain.ok or chain.all_problems
    assert whole >= 22


def test_the_json_schema_knows_the_notation_table() -> None:
    schema = json_schema()
    good = {"notation": {"\\sigma": "sigmoid", "f(x, \\theta)": "f"}, "claims": []}
    jsonschema.validate(good, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"notation": {"\\sigma": "1bad"}, "claims": []}, schema)
