"""A relation's size is counted once, and a run without latex does not import the latex translator."""

from __future__ import annotations

import pickle
import subprocess
import sys
from typing import Any

import pytest
import sympy

from derivcheck import diagnose
from derivcheck.engine import decide
from derivcheck.formula import Rel

x, y = sympy.symbols("x y")


def test_the_size_is_sympys_count_of_both_sides() -> None:
    # By hand: x**2 + 3*x is one ADD, one POW and one MUL; sin(y) is one SIN.
    assert Rel("==", x**2 + 3 * x, sympy.sin(y)).operations == 4
    # A matrix counts entry by entry: ADD, MUL, SIN on the left, nothing on the right.
    lhs = sympy.ImmutableMatrix([[x + 1, x * y], [0, sympy.sin(x)]])
    assert Rel("==", lhs, sympy.zeros(2, 2)).operations == 3


def test_the_witness_search_and_the_diagnosis_share_one_count(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Any] = []
    count = sympy.count_ops

    def counting(e: Any, visual: bool = False) -> Any:
        calls.append(e)
        return count(e, visual)

    monkeypatch.setattr(sympy, "count_ops", counting)
    rel = Rel("==", sympy.ImmutableMatrix([[x + 1, x * y]]), sympy.ImmutableMatrix([[y, sympy.exp(x) - 1]]))
    assert decide._operations(rel) == diagnose._size(rel) == rel.operations == 4  # ADD; MUL; EXP, ADD
    assert len(calls) == 4  # each of the four entries counted once, not once per asker


def test_the_count_is_no_part_of_the_relations_identity() -> None:
    a, b = Rel("<=", x**2, x + 1), Rel("<=", x**2, x + 1)
    assert a.operations == 2  # POW; ADD
    assert a == b and hash(a) == hash(b)
    assert pickle.loads(pickle.dumps(a)) == b


_FRESH = """
import sys
from derivcheck.workers import load_engine
load_engine(latex=False)
print("derivcheck.latex.translate" in sys.modules)
from derivcheck.faithful import check
from derivcheck.loader import load_text
text = "claims:\\n- id: square\\n  title: a square expanded\\n  symbols:\\n    x: real\\n  claim: (x + 1)**2 == x**2 + 2*x + 1\\n  latex: (x+1)^2 = x^2 + 2x + 1\\n"
result = check(load_text(text, "t.yaml").claims[0], timeout=20.0)
print(result.verdict.value, result.latex_check.status)
"""


def test_the_translator_is_imported_only_when_a_latex_is_compared() -> None:
    out = subprocess.run([sys.executable, "-c", _FRESH], capture_output=True, text=True, timeout=120, check=True)
    # Not loaded up front, and still there (imported on the first translation) when a claim has a latex.
    assert out.stdout.split() == ["False", "proved", "faithful"]
