"""Measure the LaTeX translator: its growth on long formulas, and ANTLR's two prediction modes.

    python bench/latex.py growth [N,N,...]   CPU seconds of one translation against n, per shape
    python bench/latex.py modes              SLL (with a bail-out) against LL on every fragment

``growth`` translates each shape (implicit products, ``\\cdot`` products, sums, subscripted
names, powers, big operators over a long body) at each n in a fresh parser cache, and prints
the CPU seconds (``time.process_time``) and whether it translated or was refused.

``modes`` translates every formula of tests/latex/snippets.yaml, the ``latex:`` of claims/*.yaml
and the displays of the assignment, records each fragment the parser is given, then parses
every fragment cold in ANTLR's SLL mode (bailing out at its first error) and in the full LL
mode, and SLL then LL for what SLL rejects (as the translator parses), and compares the SymPy
trees (``srepr``): how many SLL accepts, how many of those differ
from LL, and the CPU of each mode over all fragments, cold (a fresh process each) and warm.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seed" / "000_da164ad4085a1e2c.txt"
LETTERS = "abcfghkmnpqrstuvwyz"

SHAPES = {
    "implicit a b c": (lambda n: " ".join(LETTERS[i % 19] for i in range(n)), ()),
    "cdot a \\cdot b": (lambda n: " \\cdot ".join(LETTERS[i % 19] for i in range(n)), ()),
    "sum a + b": (lambda n: " + ".join(LETTERS[i % 19] for i in range(n)), ()),
    "subscripts x_1 x_2": (lambda n: " ".join(f"x_{{{i}}}" for i in range(1, n + 1)), ()),
    "powers a^{2} b^{2}": (lambda n: " ".join(f"{LETTERS[i % 19]}^{{2}}" for i in range(n)), ()),
    "nested \\frac": (lambda n: "\\frac{1}{1+" * n + "x" + "}" * n, ()),
    "\\sum_j h_j h_j (h a vector)": (lambda n: "\\sum_{j=1}^{n} " + " ".join(["h_j"] * n), ("h",)),
    "\\sum_j a b c": (lambda n: "\\sum_{j=1}^{n} " + " ".join(LETTERS[i % 19] for i in range(n)), ()),
    "\\lim_{x \\to 0} a b c": (lambda n: "\\lim_{x \\to 0} " + " ".join(LETTERS[i % 19] for i in range(n)), ()),
}


def growth(ns: list[int]) -> None:
    from derivcheck.latex import Notation, backend, translate_expression

    notation = Notation.defaults()
    translate_expression("a + b", notation)  # the import and the first parse, not measured
    for name, (make, indexed) in SHAPES.items():
        for n in ns:
            backend._parse.cache_clear()
            start = time.process_time()
            got = translate_expression(make(n), notation, indexed=indexed)
            spent = time.process_time() - start
            what = "translated" if got.text is not None else "refused: " + got.problems[0][-70:]
            print(f"{name:32} n={n:4} {spent:7.2f} s  {what}", flush=True)


def _formulas() -> list[tuple[str, object, tuple[str, ...]]]:
    import yaml

    from derivcheck.latex import Notation

    out: list[tuple[str, object, tuple[str, ...]]] = []
    defaults = Notation.defaults()
    snippets = yaml.safe_load((ROOT / "tests/latex/snippets.yaml").read_text())["snippets"]
    for s in snippets:
        out.append((s["latex"], defaults.extended(s.get("notation") or {}), tuple(s.get("indexed") or ())))
    for path in sorted((ROOT / "claims").glob("*.yaml")):
        doc = yaml.safe_load(path.read_text()) or {}
        table = defaults.extended(doc.get("notation") or {})
        for claim in doc.get("claims") or []:
            if isinstance(claim, dict) and isinstance(claim.get("latex"), str):
                out.append((claim["latex"], table, ()))
    if SEED.exists():
        text = SEED.read_text()
        for m in re.finditer(r"\$\$(.+?)\$\$|\\\[(.+?)\\\]", text, re.DOTALL):
            out.append((m.group(1) or m.group(2), defaults, ()))
    return out


def fragments() -> list[str]:
    """Every text the parser is given while translating the formulas, in order, once each."""
    from derivcheck.latex import backend, translate_chain

    seen: dict[str, None] = {}
    real = backend._parse

    def recording(latex: str) -> object:
        seen.setdefault(latex, None)
        return real(latex)

    backend._parse = recording  # type: ignore[assignment]
    try:
        for latex, notation, indexed in _formulas():
            translate_chain(latex, notation, indexed=indexed)  # type: ignore[arg-type]
    finally:
        backend._parse = real
    return list(seen)


_PARSE_ALL = r"""
import sys, time, json
import sympy
from derivcheck.latex import backend
texts = json.load(open(sys.argv[1]))
mode = sys.argv[2]
out = []
for warm in (False, True):
    start = time.process_time()
    for t in texts:
        try:
            if mode == "two":  # what the translator does: SLL, then LL for what SLL rejects
                try:
                    tree = backend._parse_in(t, "sll")
                except Exception:
                    tree = backend._parse_in(t, "ll")
            else:
                tree = backend._parse_in(t, mode)
            r = sympy.srepr(tree)
        except Exception as exc:
            r = "FAIL " + type(exc).__name__
        if not warm:
            out.append(r)
    out.append(time.process_time() - start)
print(json.dumps(out))
"""


def modes() -> None:
    import json
    import tempfile

    texts = fragments()
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(texts, f)
    results = {}
    for mode in ("ll", "sll", "two"):
        done = subprocess.run([sys.executable, "-c", _PARSE_ALL, f.name, mode], capture_output=True, text=True, check=True)
        results[mode] = json.loads(done.stdout)
    ll, sll = results["ll"], results["sll"]
    n = len(texts)
    accepted = [i for i in range(n) if not sll[i].startswith("FAIL")]
    differ = [i for i in accepted if sll[i] != ll[i]]
    print(f"{n} fragments; SLL accepts {len(accepted)}, of which {len(differ)} differ from LL")
    for i in differ:
        print("  differs:", texts[i][:100])
    print(f"LL : cold {ll[n]:.2f} s, warm {ll[n + 1]:.2f} s of CPU")
    print(f"SLL: cold {sll[n]:.2f} s, warm {sll[n + 1]:.2f} s of CPU (rejected ones not re-parsed)")
    two = results["two"]
    print(f"SLL then LL (the translator): cold {two[n]:.2f} s, warm {two[n + 1]:.2f} s of CPU;"
          f" trees as LL's: {all(two[i] == ll[i] for i in range(n))}")


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "growth"
    if what == "growth":
        growth([int(x) for x in (sys.argv[2] if len(sys.argv) > 2 else "10,20,40,80").split(",")])
    elif what == "modes":
        modes()
    else:
        sys.exit(__doc__)
