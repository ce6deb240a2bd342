"""Generated one-step claims of the kinds step-by-step derivations contain, half true, half slipped.

    python bench/batch_gen.py N OUT.jsonl[.gz]     # write the first N claims as JSONL

Families (each claim one equation ``lhs == rhs``): polynomial expansion and factoring, powers,
partial fractions and common denominators, logarithms of products and powers and sums of
exponents (on positive symbols), and derivative steps ``diff(f, x) == g`` by the chain, product,
quotient and power rules. Claim ``2k`` is true, claim ``2k+1`` carries one slip a derivation
really makes: a sign error, a dropped factor, an exponent off by one, a missing chain-rule
factor, ``log(a + b) = log a + log b``, ``exp(a + b) = exp a + exp b``, ...

The right side of a true claim is computed from the left by SymPy (``expand``, ``factor``,
``apart``, ``together``, ``diff``); every label is then checked by ``bench/batch_label.py``, which
knows neither SymPy nor derivcheck: a true claim is kept only if both sides agree at rational
sample points (exactly, or at 50 digits), a false one only if a point shows them differ. Nothing
here uses derivcheck. The stream is the same for the same seed, and its first N claims are a
prefix of its first M > N.
"""

from __future__ import annotations

import gzip
import json
import random
import re
import sys
from collections.abc import Callable, Iterator
from fractions import Fraction
from typing import Any

import sympy
from batch_label import label
from sympy import Symbol

SEED = 20261201
x, y, u = Symbol("x"), Symbol("y"), Symbol("u")
#: A family: (rng, holds) -> (family name, slip name, symbols, lhs, rhs), or None to draw again.
Family = Callable[[random.Random, bool], "tuple[str, str, dict[str, str], str, str] | None"]


def _s(e: Any) -> str:
    """SymPy's spelling, which is also the claim language's."""
    return sympy.sstr(e)


def _nz(rng: random.Random, lo: int = -7, hi: int = 7) -> int:
    return rng.choice([k for k in range(lo, hi + 1) if k != 0])


def _slip_term(rng: random.Random, e: sympy.Expr) -> tuple[str, sympy.Expr]:
    """One slip in one term of a sum: a sign lost, a factor dropped, or an exponent off by one."""
    terms = list(sympy.Add.make_args(sympy.expand(e)))
    i = rng.randrange(len(terms))
    t = terms[i]
    c, rest = t.as_coeff_Mul()
    kind = rng.choice(["sign error", "dropped factor", "exponent off by one"])
    if kind == "dropped factor" and c.is_Integer and abs(c) > 1:
        t2 = (c / max(sympy.primefactors(c))) * rest
    elif kind == "exponent off by one" and rest.has(x) and rest != 1:
        t2 = c * rest * x
    else:
        kind, t2 = "sign error", -t
    terms[i] = t2
    return kind, sympy.Add(*terms)


def _poly(rng: random.Random, holds: bool) -> tuple[str, str, dict[str, str], str, str]:
    if rng.random() < 0.5:
        a, b, k = _nz(rng), _nz(rng), rng.randint(2, 4)
        lhs = f"({_s(a * x + b)})**{k}"
        e = (a * x + b) ** k
    else:
        a, b, c = _nz(rng), _nz(rng), _nz(rng)
        lhs = f"({_s(x + a)})*({_s(x + b)})*({_s(x + c)})"
        e = (x + a) * (x + b) * (x + c)
    rhs = sympy.expand(e)
    slip = "none"
    if not holds:
        slip, rhs = _slip_term(rng, rhs)
    return "expand", slip, {"x": "real"}, lhs, _s(rhs)


def _factor(rng: random.Random, holds: bool) -> tuple[str, str, dict[str, str], str, str]:
    lead, r1, r2 = rng.choice([1, 1, 2, 3, -1]), _nz(rng), _nz(rng)
    m = rng.choice([1, 1, 2])
    factored = lead * (x - r1) ** m * (x - r2)
    rhs = _s(factored)
    slip = "none"
    if not holds:
        slip = rng.choice(["sign error", "dropped factor", "exponent off by one"])
        if slip == "sign error":
            rhs = _s(lead * (x + r1) ** m * (x - r2))
        elif slip == "dropped factor" and lead != 1:
            rhs = _s((x - r1) ** m * (x - r2))
        else:
            slip, rhs = "exponent off by one", _s(lead * (x - r1) ** (m + 1) * (x - r2))
    return "factor", slip, {"x": "real"}, _s(sympy.expand(factored)), rhs


def _powers(rng: random.Random, holds: bool) -> tuple[str, str, dict[str, str], str, str]:
    a, b = rng.randint(2, 7), rng.randint(2, 7)
    form = rng.choice(["product", "power", "quotient"])
    lhs, e, wrong = {
        "product": (f"x**{a}*x**{b}", a + b, a * b),
        "power": (f"(x**{a})**{b}", a * b, a + b),
        "quotient": (f"x**{a}/x**{b}", a - b, a - b + rng.choice([-1, 1])),
    }[form]
    slip = "none" if holds else "exponents combined wrongly"
    if not holds and wrong == e:
        wrong, slip = e + 1, "exponent off by one"
    return f"powers ({form})", slip, {"x": "positive"}, lhs, f"x**({e if holds else wrong})"


def _apart(rng: random.Random, holds: bool) -> tuple[str, str, dict[str, str], str, str] | None:
    r1, r2 = _nz(rng, -5, 5), _nz(rng, -5, 5)
    p, q = _nz(rng), rng.randint(-7, 7)
    if r1 == r2 or p * r1 + q == 0 or p * r2 + q == 0:
        return None
    a, b = Fraction(p * r1 + q, r1 - r2), Fraction(p * r2 + q, r2 - r1)  # the cover-up rule
    slip = "none"
    d2 = x - r2
    if not holds:
        slip = rng.choice(["sign error", "wrong pole", "cover-up: division forgotten"])
        if slip == "sign error":
            b = -b
        elif slip == "wrong pole":
            d2 = x + r2
        else:
            a = Fraction(p * r1 + q)
            if a == Fraction(p * r1 + q, r1 - r2):
                return None
    rhs = _s(sympy.Rational(a.numerator, a.denominator) / (x - r1) + sympy.Rational(b.numerator, b.denominator) / d2)
    return "partial fractions", slip, {"x": "real"}, f"({_s(p * x + q)})/(({_s(x - r1)})*({_s(x - r2)}))", rhs


def _together(rng: random.Random, holds: bool) -> tuple[str, str, dict[str, str], str, str] | None:
    a, b, r1, r2 = _nz(rng), _nz(rng), _nz(rng, -5, 5), _nz(rng, -5, 5)
    if r1 == r2:
        return None
    lhs = f"{a}/({_s(x - r1)}) + {b}/({_s(x - r2)})"
    num = sympy.expand(a * (x - r2) + b * (x - r1))
    if num == 0 or num.is_number:
        return None
    slip = "none"
    if not holds:
        slip = rng.choice(["sign error", "cross-multiplied wrongly"])
        num = sympy.expand(a * (x - r2) - b * (x - r1)) if slip == "sign error" else sympy.expand(a * (x - r1) + b * (x - r2))
        if num == sympy.expand(a * (x - r2) + b * (x - r1)):
            return None
    return "common denominator", slip, {"x": "real"}, lhs, f"({_s(num)})/(({_s(x - r1)})*({_s(x - r2)}))"


def _log(rng: random.Random, holds: bool) -> tuple[str, str, dict[str, str], str, str]:
    c, k, m = rng.randint(2, 9), rng.randint(2, 5), rng.randint(1, 3)
    sym = {"x": "positive", "y": "positive"}
    ym = "y" if m == 1 else f"y**{m}"
    form = rng.choice(["product", "quotient", "sum"])
    if form == "sum":  # log(x + y) is no sum of logs: only the slipped version says so
        if holds:
            return "log", "none", sym, f"log({c}*x*y)", f"log({c}) + log(x) + log(y)"
        return "log", "log(a + b) = log a + log b", sym, f"log({c}*x + y)", f"log({c}) + log(x) + log(y)"
    op = "*" if form == "product" else "/"
    lhs = f"log({c}*x**{k}{op}{ym})"
    sg = "+" if form == "product" else "-"
    ky = "log(y)" if m == 1 else f"{m}*log(y)"
    if holds:
        return "log", "none", sym, lhs, f"log({c}) + {k}*log(x) {sg} {ky}"
    slip = rng.choice(["dropped factor", "exponent off by one", "sign error"])
    if slip == "dropped factor":
        return "log", slip, sym, lhs, f"log({c}) + log(x) {sg} {ky}"
    if slip == "exponent off by one":
        return "log", slip, sym, lhs, f"log({c}) + {k + 1}*log(x) {sg} {ky}"
    return "log", slip, sym, lhs, f"log({c}) + {k}*log(x) {'-' if sg == '+' else '+'} {ky}"


def _exp(rng: random.Random, holds: bool) -> tuple[str, str, dict[str, str], str, str]:
    a, b = _nz(rng, -5, 5), _nz(rng, -5, 5)
    sym = {"x": "real", "y": "real"}
    if rng.random() < 0.5:
        lhs = f"exp({_s(a * x)})*exp({_s(b * y)})"
        if holds:
            return "exp", "none", sym, lhs, f"exp({_s(a * x + b * y)})"
        return "exp", "exp(a + b) = exp a + exp b", sym, f"exp({_s(a * x + b * y)})", f"exp({_s(a * x)}) + exp({_s(b * y)})"
    lhs = f"exp({_s(a * x)})*exp({_s(b * x)})"
    if holds:
        return "exp", "none", sym, lhs, f"exp({_s((a + b) * x)})"
    wrong = a * b if a * b != a + b else a + b + 1
    return "exp", "exponents multiplied, not added", sym, lhs, f"exp({_s(wrong * x)})"


def _inner(rng: random.Random) -> sympy.Expr:
    a, b, k = _nz(rng, -4, 4), rng.randint(-5, 5), rng.randint(2, 3)
    return a * x**k + b


def _derivative(rng: random.Random, holds: bool) -> tuple[str, str, dict[str, str], str, str] | None:
    rule = rng.choice(["chain", "chain", "product", "quotient", "power"])
    slip = "none"
    if rule == "chain":
        outer = rng.choice([sympy.sin, sympy.cos, sympy.exp, lambda v: v ** rng.randint(3, 5), lambda v: sympy.log(v**2 + 1)])
        g = _inner(rng)
        f = outer(g)
        d = sympy.diff(f, x)
        if not holds:
            slip = rng.choice(["wrong chain-rule factor", "sign error"])
            outer_d = sympy.diff(outer(u), u).subs(u, g)
            d = outer_d if slip == "wrong chain-rule factor" else -d
    elif rule == "product":
        k, a = rng.randint(1, 4), _nz(rng, -3, 3)
        second = rng.choice([sympy.exp(a * x), sympy.sin(a * x), sympy.cos(a * x)])
        f = x**k * second
        d = sympy.diff(f, x)
        if not holds:
            slip = rng.choice(["product rule: a term dropped", "sign error"])
            d = sympy.diff(x**k, x) * second if slip.startswith("product") else k * x ** (k - 1) * second - x**k * sympy.diff(second, x)
    elif rule == "quotient":
        a, b = _nz(rng), rng.randint(1, 6)
        num, den = x + a, x**2 + b
        f = num / den
        d = sympy.diff(f, x)
        if not holds:
            slip = rng.choice(["quotient rule: sign error", "quotient rule: denominator not squared"])
            top = sympy.diff(num, x) * den + num * sympy.diff(den, x)
            if slip.endswith("squared"):
                top = sympy.diff(num, x) * den - num * sympy.diff(den, x)
            d = top / (den**2 if slip.endswith("sign error") else den)
    else:
        k, c = rng.randint(2, 9), _nz(rng)
        f = c * x**k + rng.randint(-9, 9) * x
        d = sympy.diff(f, x)
        if not holds:
            slip = rng.choice(["exponent off by one", "dropped factor"])
            d = d + (c * k * x**k - c * k * x ** (k - 1) if slip.startswith("exponent") else c * x ** (k - 1) - c * k * x ** (k - 1))
    if not holds and sympy.expand(d - sympy.diff(f, x)) == 0:
        return None
    return f"derivative ({rule} rule)", slip, {"x": "real"}, f"diff({_s(f)}, x)", _s(d)


FAMILIES: list[Family] = [_poly, _factor, _powers, _apart, _together, _log, _exp, _derivative, _derivative]


def _points(rng: random.Random, symbols: dict[str, str]) -> list[dict[str, Fraction]]:
    pts = []
    for _ in range(4):
        pt = {}
        for name, dom in symbols.items():
            q = Fraction(rng.randint(1, 40), rng.randint(1, 7)) + Fraction(1, 97)
            pt[name] = q if dom == "positive" or rng.random() < 0.5 else -q
        pts.append(pt)
    return pts


def claims(n: int, seed: int = SEED) -> Iterator[dict[str, Any]]:
    """The first ``n`` claims: JSON objects with the keys of a YAML claim, plus the bench's label fields.

    ``expect`` is the label; ``_family``, ``_slip`` and (false claims) ``_witness`` say how it
    was made and checked. derivcheck ignores nothing: the runners strip the ``_`` keys.
    """
    rng = random.Random(seed)
    for i in range(n):
        holds = i % 2 == 0
        while True:
            family = FAMILIES[(i // 2) % len(FAMILIES)]
            made = family(rng, holds)
            if made is None:
                continue
            name, slip, symbols, lhs, rhs = made
            claim = f"{lhs} == {rhs}"
            verdict, witness = label(claim, _points(rng, symbols))
            if verdict is holds:
                break
        rec: dict[str, Any] = {
            "id": f"c{i:06d}",
            "title": f"{name}: {slip}" if slip != "none" else name,
            "symbols": symbols,
            "claim": claim,
            "expect": "holds" if holds else "refuted",
            "_family": name.split(" (")[0],
            "_slip": slip,
        }
        if witness is not None:
            rec["_witness"] = {k: str(v) for k, v in witness.items()}
        yield rec


def public(rec: dict[str, Any]) -> dict[str, Any]:
    """The claim as derivcheck reads it: the bench's own fields removed."""
    return {k: v for k, v in rec.items() if not k.startswith("_")}


def write(n: int, path: str, seed: int = SEED) -> None:
    """Write the first ``n`` claims (derivcheck's keys only) to a JSONL file, gzip if it ends in ``.gz``."""
    opener: Any = gzip.open if path.endswith(".gz") else open
    with opener(path, "wt", encoding="utf-8") as fh:
        for rec in claims(n, seed):
            fh.write(json.dumps(public(rec)) + "\n")


def latex_sides(rec: dict[str, Any]) -> list[str]:
    """Each side of a claim in LaTeX, as written (not simplified), the way a model's answer reads.

    ``diff(f, x)`` becomes ``\\frac{d}{dx} f``; ``log`` is ``\\ln``. The right side, SymPy's own
    output for a true claim, is read as SymPy reads it (so ``1/(x + 1)`` is no ``1 \\frac{1}{x + 1}``).
    """
    from sympy.parsing.sympy_parser import parse_expr

    names: dict[str, Any] = {k: Symbol(k) for k in rec["symbols"]}
    names["diff"] = lambda f, v: sympy.Derivative(f, v)
    lhs, rhs = rec["claim"].split(" == ")
    return [
        sympy.latex(parse_expr(s, local_dict=names, evaluate=keep), ln_notation=True)
        for s, keep in ((lhs, False), (rhs, True))
    ]


#: The names each round of :func:`repeated` writes for ``x`` and ``y``.
RENAMINGS = [("x", "y"), ("t", "s"), ("u", "v"), ("p", "q"), ("a", "b"), ("m", "n"), ("r", "w"), ("g", "h"), ("j", "k"), ("z", "c")]


def renamed(rec: dict[str, Any], round_: int, new_id: str) -> dict[str, Any]:
    """The same claim with its symbols renamed (round ``round_`` of :data:`RENAMINGS`): the same label,
    another text, so no cache, derivcheck's or SymPy's, can answer it from an earlier round."""
    nx, ny = RENAMINGS[round_ % len(RENAMINGS)]
    swap = {"x": nx, "y": ny}
    claim = re.sub(r"\b[xy]\b", lambda m: swap[m.group(0)], rec["claim"])
    return {**rec, "id": new_id, "claim": claim, "symbols": {swap[k]: v for k, v in rec["symbols"].items()}}


def repeated(base: list[dict[str, Any]], n: int) -> Iterator[dict[str, Any]]:
    """``n`` claims from ``base``, round after round, each round under new symbol names."""
    for i in range(n):
        yield renamed(base[i % len(base)], i // len(base), f"b{i:07d}")


if __name__ == "__main__":
    write(int(sys.argv[1]), sys.argv[2])
