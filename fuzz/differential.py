"""Differential testing of derivcheck against an independent oracle, for minutes.

Random claims over every construct of the claim language (parametric and
one-sided limits, limits at infinity of piecewise functions, symbolic sums and
products with bounds that may be below each other, improper integrals and
integrals across poles, shifted logs and roots, parity and sign domains, finite
sets, intervals with infinite ends, bound variables named like declared ones,
exact constant identities, chains, boolean statements) are written in batches
to a temporary claims file and run through ``derivcheck run`` as a black box.
Each claim is also labelled by ``fuzz/oracle.py`` (TRUE, FALSE with a witness,
or UNKNOWN). Reported:

* wrong verdicts: ``proved`` where the oracle finds a counterexample,
  ``refuted`` where the oracle finds the claim true;
* wrong witnesses: a ``refuted`` witness outside the declared domain, or one
  where the oracle finds the claim true or saying nothing (a side undefined or
  non-real in an inequality);
* wrong diagnoses: a near-miss diagnosis whose alternative claim the oracle
  finds false.

Usage::

    .venv/bin/python fuzz/differential.py --minutes 5 --seed 1 --out /tmp/differential

Every disagreement is printed as a ready-to-paste YAML claim with the oracle's
reason; the exit status is 1 when there is any. The claims generated for a
seed are always the same; how many of them run depends on the time given.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path
from random import Random
from typing import Any, Callable, Iterator

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))

import oracle  # noqa: E402  (after the path is set)
from oracle import Label, Truth  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DERIVCHECK = ROOT / ".venv" / "bin" / "derivcheck"

# ---------------------------------------------------------------------------
# The claim generator
#
# A template returns a list of variants: a claim (symbols, claim or steps) and
# the family it belongs to. Most templates give a true form and false ones made
# by a small slip (a dropped sign, an off-by-one bound, a wrong constant, a
# flipped inequality, a wider domain); the oracle, not the template, says which
# is which.

Spec = dict[str, Any]
Template = Callable[[Random], list[Spec]]

NAMES = ["x", "y", "z", "u", "v", "w", "a", "b", "c", "p", "q", "r", "s"]
REAL_DOMAINS = ["real", "positive", "negative", "nonnegative", "nonpositive", "nonzero", "(0, 1)", "[-1, 1)", "(-oo, 2]", "(0, oo)", "[1, oo)", "(-3, 5]"]
FLIP = {"<": ">", ">": "<", "<=": ">=", ">=": "<=", "==": "!=", "!=": "=="}
WEAKEN = {"<": "<=", ">": ">=", "<=": "<", ">=": ">"}


def spec(family: str, symbols: dict[str, Any], claim: str, **extra: Any) -> Spec:
    return {"family": family, "symbols": symbols, "claim": claim, **extra}


def names(rng: Random, k: int) -> list[str]:
    return rng.sample(NAMES, k)


def slips(rng: Random, lhs: str, op: str, rhs: str) -> list[tuple[str, str, str]]:
    """The relation and a few slipped copies of it."""
    out = [(lhs, op, rhs)]
    kinds = ["sign", "factor", "offset", "flip", "strict"]
    for kind in rng.sample(kinds, 2):
        if kind == "sign":
            out.append((lhs, op, f"-({rhs})"))
        elif kind == "factor":
            out.append((lhs, op, f"{rng.choice([2, 3, '1/2'])}*({rhs})"))
        elif kind == "offset":
            out.append((lhs, op, f"{rhs} {rng.choice(['+ 1', '- 1', '+ 2'])}"))
        elif kind == "flip":
            out.append((lhs, FLIP[op], rhs))
        elif kind == "strict" and op in WEAKEN:
            out.append((lhs, WEAKEN[op], rhs))
    return out


def variants(family: str, symbols: dict[str, Any], rng: Random, lhs: str, op: str, rhs: str, **extra: Any) -> list[Spec]:
    return [spec(family, symbols, f"{l} {o} {r}", **extra) for l, o, r in slips(rng, lhs, op, rhs)]


def t_parametric_limit(rng: Random) -> list[Spec]:
    x, e = names(rng, 2)
    k = rng.choice([1, 2, 3])
    forms = [
        (f"limit({x}**2/({x}**2 + {e}), {e}, 0, '+')", "1", f"Abs(sign({x}))"),
        (f"limit({x}/({x} + {e}), {e}, 0, '+')", "1", f"Abs(sign({x}))"),
        (f"limit({x}**{2*k}/({x}**{2*k} + {e}**{k}), {e}, 0, '+')", "1", f"Abs(sign({x}))"),
        (f"limit({e}/({e} + {x}**2), {e}, 0, '+')", "0", f"1 - Abs(sign({x}))"),
        (f"limit(exp(-{x}**2/{e}), {e}, 0, '+')", "0", f"1 - Abs(sign({x}))"),
        (f"limit(sigmoid({x}/{e}), {e}, 0, '+')", "1", f"H({x})"),
        (f"limit({x}*{e}/({e} + {k}), {e}, oo)", f"{x}", f"{x}"),
    ]
    lhs, naive, right = rng.choice(forms)
    ex = rng.choice(["positive", "positive", "real"])
    sx = rng.choice(["real", "real", "positive", "nonzero"])
    syms = {x: sx, e: ex}
    return [spec("parametric-limit", syms, f"{lhs} == {naive}"), spec("parametric-limit", syms, f"{lhs} == {right}"),
            spec("parametric-limit", syms, f"{lhs} == -({right})")]


def t_two_sided_limit(rng: Random) -> list[Spec]:
    x = rng.choice(NAMES)
    c = rng.choice([0, 1, -2, Fraction(1, 2)])
    sh = f"({x} - {c})" if c else x
    if rng.random() < 0.15:
        # A difference quotient in h at a free x: two-sided, it does not exist at a kink.
        body = rng.choice([f"(Abs({x} + h) - Abs({x}))/h", f"(relu({x} + h) - relu({x}))/h", f"(sin({x} + h) - sin({x}))/h"])
        values = [f"sign({x})", f"H({x})", f"cos({x})", "1"]
        return [spec("two-sided-limit", {x: "real"}, f"limit({body}, h, 0{d}) == {v}")
                for v in rng.sample(values, 2) for d in ("", ", '+'")]
    forms = [
        (f"sign({sh})", ["0", "1", "-1"]),
        (f"Abs({sh})/{sh}", ["1", "0"]),
        (f"H({sh})", ["1/2", "1", "0"]),
        (f"sin({sh})/{sh}", ["1", "0"]),
        (f"{sh}*sin(1/{sh})", ["0"]),
        (f"1/{sh}**2", ["oo"]),
        (f"1/{sh}", ["oo", "-oo"]),
        (f"exp(-1/{sh}**2)", ["0", "1"]),
        ((f"({x}**2 - {c}**2)/({x} - {c})" if c else f"{x}**2/{x}"), [str(2 * c), str(2 * c + 1)]),
        (f"relu({sh})/{sh}", ["1", "0", "1/2"]),
        (f"Max({sh}, -{sh})", ["0"]),
    ]
    body, values = rng.choice(forms)
    out = [spec("two-sided-limit", {}, f"limit({body}, {x}, {c}{d}) == {v}")
           for v in values for d in ("", ", '+'", ", '-'") if rng.random() < 0.5]
    return out or [spec("two-sided-limit", {}, f"limit({body}, {x}, {c}) == {values[0]}")]


def t_limit_at_infinity(rng: Random) -> list[Spec]:
    x = rng.choice(NAMES)
    inf = rng.choice(["oo", "-oo"])
    forms = [
        f"sign(1/{x})", f"H(1/{x})", f"relu(-1/{x})", f"relu(1/{x})", f"Abs(1/{x})*{x}", f"Max(1/{x}, -1/{x})",
        f"Min(1/{x}, 0)", f"sign(exp(-{x}**2))", f"sign(sin(1/{x}))", f"H(-exp(-{x}))", f"atan({x})", f"tanh({x})",
        f"{x}*sin(1/{x})", f"(1 + 1/{x})**{x}", f"sigmoid({x})", f"{x}*(sqrt(1 + 1/{x}) - 1)", f"exp(-{x})*{x}**3",
        f"log({x}**2 + 1)/log(Abs({x}) + 1)", f"sign({x}*exp(-{x}**2))",
    ]
    body = rng.choice(forms)
    values = ["0", "1", "-1", "1/2", "oo", "pi/2", "-pi/2", "exp(1)", "2"]
    symbols = {x: "real"} if rng.random() < 0.5 else {}
    return [spec("limit-at-infinity", symbols, f"limit({body}, {x}, {inf}) == {v}") for v in rng.sample(values, 4)]


def t_symbolic_sum(rng: Random) -> list[Spec]:
    n = rng.choice(["n", "m", "N1"])
    k = rng.choice(["k", "j", "i"])
    lo = rng.choice([0, 1, 1, 2])
    sums = [
        (f"Sum({k}, ({k}, 1, {n}))", f"{n}*({n} + 1)/2"),
        (f"Sum({k}**2, ({k}, 1, {n}))", f"{n}*({n} + 1)*(2*{n} + 1)/6"),
        (f"Sum(2*{k} - 1, ({k}, 1, {n}))", f"{n}**2"),
        (f"Sum({k}**3, ({k}, 1, {n}))", f"({n}*({n} + 1)/2)**2"),
        (f"Sum(2**{k}, ({k}, 0, {n}))", f"2**({n} + 1) - 1"),
        (f"Sum(1, ({k}, 1, {n}))", f"{n}"),
        (f"Sum(1/({k}*({k} + 1)), ({k}, 1, {n}))", f"1 - 1/({n} + 1)"),
        (f"Product(1 + 1/{k}, ({k}, 1, {n}))", f"{n} + 1"),
        (f"Product({k}, ({k}, 1, {n}))/Product({k}, ({k}, 1, {n} - 1))", f"{n}"),
        (f"Sum({k}, ({k}, {lo}, {n})) - Sum({k}, ({k}, {lo}, {n} - 1))", f"{n}"),
        (f"Product(2, ({k}, 1, {n}))", f"2**{n}"),
    ]
    lhs, rhs = rng.choice(sums)
    domain = rng.choice(["integer", "integer", "nonnegative integer", "positive integer", "negative integer", "range(-4, 6)", "nonpositive integer", "even", "odd"])
    syms = {n: domain}
    out = [spec("symbolic-sum", syms, f"{lhs} == {rhs}")]
    # An off-by-one bound, and a slipped right side.
    shifted = lhs.replace(f", 1, {n})", f", 0, {n})") if ", 1, " in lhs else lhs.replace(f", {n})", f", {n} + 1)")
    out.append(spec("symbolic-sum", syms, f"{shifted} == {rhs}"))
    out.append(spec("symbolic-sum", syms, f"{lhs} == {rhs} {rng.choice(['+ 1', '- 1'])}"))
    if rng.random() < 0.3:
        out.append(spec("symbolic-sum", syms, f"{lhs} >= 0"))
    return out


def t_pole_integral(rng: Random) -> list[Spec]:
    c = rng.choice(["c", "a", "s"])
    t = "t"
    forms = [
        (f"integrate(1/({t} - {c})**2, ({t}, 0, 1))", ["< 0", "> 0", "== oo", "== 1/(1 - {c}) - 1/(0 - {c})"]),
        (f"integrate(1/({t} - {c}), ({t}, 0, 1))", ["== log((1 - {c})/{c})", "== oo", "> 0", "== 0"]),
        (f"integrate(1/Abs({t} - {c}), ({t}, 0, 1))", ["== oo", "< 0"]),
        (f"integrate(1/sqrt(Abs({t} - {c})), ({t}, 0, 1))", ["== 2*sqrt({c}) + 2*sqrt(1 - {c})", "== oo", "> 0"]),
        (f"integrate(log(Abs({t} - {c})), ({t}, 0, 1))", ["== {c}*log({c}) + (1 - {c})*log(1 - {c}) - 1", "< 0", "== -oo"]),
        (f"integrate(sign({t} - {c}), ({t}, 0, 1))", ["== 1 - 2*{c}", "== 0", "== 2*{c} - 1"]),
        (f"integrate(H({t} - {c}), ({t}, 0, 1))", ["== 1 - {c}", "== {c}"]),
        (f"integrate(1/({t}**2 - {c}**2), ({t}, 0, 1))", ["== oo", "== -oo", "< 0"]),
    ]
    body, rels = rng.choice(forms)
    dom = rng.choice(['"(0, 1)"', '"(0, 1)"', '"(1, 2)"', '"(-1, 0)"', '"[0, 1]"'])
    syms = {c: dom.strip('"')}
    return [spec("pole-integral", syms, f"{body} {r.format(c=c)}".replace("{c}", c)) for r in rng.sample(rels, min(3, len(rels)))]


def t_improper_integral(rng: Random) -> list[Spec]:
    a = rng.choice(["a", "b", "lam"])
    forms = [
        ("integrate(sin(t), (t, 0, oo))", ["== 1", "== 0", "== oo"], {}),
        ("integrate(cos(t), (t, 0, oo))", ["== 0", "== 1"], {}),
        ("integrate(exp(-t), (t, 0, oo))", ["== 1", "== 2"], {}),
        ("integrate(exp(t), (t, -oo, 0))", ["== 1", "== -1"], {}),
        ("integrate(1/t**2, (t, 1, oo))", ["== 1", "== oo"], {}),
        ("integrate(1/t, (t, 1, oo))", ["== oo", "== 1"], {}),
        ("integrate(1/sqrt(t), (t, 0, 1))", ["== 2", "== oo"], {}),
        ("integrate(1/t, (t, 0, 1))", ["== oo", "== 0"], {}),
        ("integrate(1/t, (t, -1, 1))", ["== 0", "== oo"], {}),
        ("integrate(1/t**2, (t, -1, 1))", ["== oo", "== -2", "< 0"], {}),
        ("integrate(log(t), (t, 0, 1))", ["== -1", "== 1"], {}),
        ("integrate(exp(-t**2), (t, -oo, oo))", ["== sqrt(pi)", "== pi"], {}),
        ("integrate(1/(1 + t**2), (t, -oo, oo))", ["== pi", "== pi/2"], {}),
        ("integrate(t, (t, -oo, oo))", ["== 0", "== oo"], {}),
        (f"integrate(t*exp(-{a}*t), (t, 0, oo))", ["== 1/{a}**2", "== 1/{a}"], {a: rng.choice(["positive", "real", "(0, oo)", "[1, 3]"])}),
        (f"integrate(exp(-{a}*t), (t, 0, oo))", ["== 1/{a}", "== {a}"], {a: rng.choice(["positive", "real", "nonnegative"])}),
        (f"integrate({a}*exp(-{a}*t), (t, 0, oo))", ["== 1", "== sign({a})"], {a: rng.choice(["positive", "nonzero"])}),
        (f"integrate(t**{a}, (t, 0, 1))", ["== 1/({a} + 1)"], {a: rng.choice(["positive", "(-1, oo)", "real", "(-3, 0)"])}),
        (f"integrate(exp(-{a}*t)*sin(t), (t, 0, oo))", ["== 1/(1 + {a}**2)", "== {a}/(1 + {a}**2)"], {a: "positive"}),
    ]
    body, rels, syms = rng.choice(forms)
    return [spec("improper-integral", dict(syms), f"{body} {r}".replace("{a}", a)) for r in rels]


def t_shifted_log(rng: Random) -> list[Spec]:
    x, y = names(rng, 2)
    k = rng.choice([10, 100, 999, 1000, 5, 2])
    dom = rng.choice(["real", "real", "positive", f"({-k}, oo)", "nonnegative", "negative"])
    out = [
        spec("shifted-log", {x: dom}, f"log({x} + {k}) - log({x} + {k - 1}) > 0"),
        spec("shifted-log", {x: dom}, f"log({x} + {k}) > log({x} + {k - 1})"),
        spec("shifted-log", {x: dom}, f"log(({x} + {k})/({x} + {k - 1})) == log({x} + {k}) - log({x} + {k - 1})"),
        spec("shifted-log", {x: "real", y: "real"}, f"implies({x} > {y}, log({x} - {k}) > log({y} - {k}))"),
        spec("shifted-log", {x: "real", y: "real"}, f"implies({x} > {y}, log({x} - {k}) < log({y} - {k}))"),
        spec("shifted-log", {x: dom}, f"sqrt({x} - {k}) >= 0"),
        spec("shifted-log", {x: dom}, f"sqrt({x} - {k})**2 == {x} - {k}"),
        spec("shifted-log", {x: dom}, f"sqrt(({x} - {k})**2) == {x} - {k}"),
        spec("shifted-log", {x: dom}, f"sqrt(({x} - {k})**2) == Abs({x} - {k})"),
        spec("shifted-log", {x: dom}, f"exp(log({x} + {k})) == {x} + {k}"),
        spec("shifted-log", {x: dom}, f"log(exp({x} + {k})) == {x} + {k}"),
        spec("shifted-log", {x: dom}, f"log(({x} + {k})**2) == 2*log({x} + {k})"),
        spec("shifted-log", {x: dom}, f"log({x} + {k}) < {x} + {k}"),
    ]
    return rng.sample(out, 4)


def t_parity(rng: Random) -> list[Spec]:
    x = rng.choice(NAMES)
    dom = rng.choice(["negative even", "nonpositive integer", "positive integer", "negative odd", "nonnegative even", "even", "odd", "nonzero integer", "positive odd", "integer"])
    claims = [f"{x} < 0", f"{x} <= 0", f"{x} > 0", f"{x} >= 0", f"{x} != 0", f"(-1)**{x} == 1", f"(-1)**{x} == -1",
              f"{x}**2 >= 1", f"{x}**2 >= 4", f"Abs({x}) >= 2", f"sign({x}) == -1", f"sin(pi*{x}) == 0", f"cos(pi*{x}) == (-1)**{x}",
              f"H({x}) == 1", f"Max({x}, 0) == 0", f"{x}*({x} + 1) >= 0"]
    return [spec("parity-domain", {x: dom}, c) for c in rng.sample(claims, 4)]


def t_finite_sets(rng: Random) -> list[Spec]:
    x, y = names(rng, 2)
    sets: list[Any] = [[1, 1], [0, 1], [0, 1, 2], [-1, 1], ["1/2", 2], [0], [-2, -1, 0, 1, 2], "{0, 1/2, 1}", "range(-3, 3)", "range(1, 5)"]
    s1, s2 = rng.choice(sets), rng.choice(sets)
    claims = [f"{x}**2 == {x}", f"{x}**2 == 1", f"{x}*(1 - {x}) == 0", f"H({x} - 1/4) == {x}", f"{x} >= 0", f"{x} < 2",
              f"Max({x}, {y}) >= {x}", f"{x}*{y} == {y}*{x}", f"H({x} + {y} - 3/2) == {x}*{y}", f"Abs({x} - {y}) <= 4", f"{x}**3 == {x}"]
    return [spec("finite-set", {x: s1, y: s2}, c) for c in rng.sample(claims, 4)]


def t_intervals(rng: Random) -> list[Spec]:
    x = rng.choice(NAMES)
    ivs = [("(-oo, 2]", [f"{x} <= 2", f"{x} < 2", f"{x}**2 <= 4"]),
           ("(0, oo)", [f"log({x}) < {x}", f"log({x}) <= {x} - 1", f"{x} + 1/{x} >= 2", f"{x} + 1/{x} > 2", f"sqrt({x}**2) == {x}"]),
           ("[-1, 1)", [f"{x}**2 <= 1", f"{x} < 1", f"{x} > -1", f"atan({x}) < pi/4", f"atan({x}) <= pi/4"]),
           ("(0, 1)", [f"{x}**2 < {x}", f"log({x}) < 0", f"{x}*(1 - {x}) <= 1/4", f"{x}*(1 - {x}) < 1/4"]),
           ("[0, 1]", [f"{x}**2 <= {x}", f"{x}**2 < {x}", f"sqrt({x}) >= {x}"]),
           ("(-oo, 0)", [f"exp({x}) < 1", f"sqrt({x}) == I*sqrt(-{x})", f"log({x}) == log(-{x}) + I*pi", f"Abs({x}) == -{x}"]),
           ("[2, oo)", [f"log({x}) > 0", f"{x}**2 >= 2*{x}", f"{x}**2 > 2*{x}"])]
    dom, claims = rng.choice(ivs)
    return [spec("interval", {x: dom}, c) for c in claims]


def t_bound_same_name(rng: Random) -> list[Spec]:
    t = rng.choice(["t", "k", "x"])
    s = "s" if t != "s" else "r"
    forms = [
        f"integrate(exp({t} + sin({t})), ({t}, 0, 1)) == exp({t})*integrate(exp(sin({t})), ({t}, 0, 1))",
        f"integrate(exp({t} + sin({t})), ({t}, 0, 1)) == integrate(exp({s})*exp(sin({s})), ({s}, 0, 1))",
        f"integrate({t}**2, ({t}, 0, 1)) + {t} == {t} + 1/3",
        f"integrate({t}**2, ({t}, 0, 1)) == {t}**3/3",
        f"Sum({t}, ({t}, 1, 3)) + {t} == 6 + {t}",
        f"Sum({t}, ({t}, 1, 3)) == 3*{t}",
        f"limit(sin({t})/{t}, {t}, 0) == 1",
        f"limit(sin({t})/{t}, {t}, 0)*{t} == {t}",
        f"limit(sin({t})/{t}, {t}, 0) == sin({t})/{t}",
        f"integrate({t}*{s}, ({t}, 0, 1)) == {s}/2",
    ]
    dom = rng.choice(["real", "positive", "(0, 1)"])
    return [spec("bound-variable", {t: dom, s: "real"}, c) for c in rng.sample(forms, 3)]


def t_constants(rng: Random) -> list[Spec]:
    forms = [
        "sign(atan(1/2) + atan(1/3) - pi/4) == 0", "sign(atan(1/2) + atan(1/4) - pi/4) == 0", "atan(1/2) + atan(1/3) == pi/4",
        "4*atan(1/5) - atan(1/239) == pi/4", "4*atan(1/5) - atan(1/240) == pi/4", "sign(4*atan(1/5) - atan(1/239) - pi/4) == 0",
        "sign(log(8) - 3*log(2)) == 0", "sign(sqrt(2)**2 - 2) == 0", "H(sin(pi)) == 1/2", "H(cos(pi/2)) == 1/2", "cos(pi/3) == 1/2",
        "sign(exp(pi) - pi**exp(1)) == 1", "exp(pi) > pi**exp(1)", "sign(sqrt(2) + sqrt(3) - sqrt(5 + 2*sqrt(6))) == 0",
        "sign(sqrt(2) + sqrt(3) - sqrt(5 + 2*sqrt(6)) + 10**-30) == 1", "atan(1) == pi/4", "tan(pi/4) == 1", "H(atan(1/2) + atan(1/3) - pi/4) == 1/2",
        "Abs(sign(log(2) + log(3) - log(6))) == 0", "sign(sin(pi/6) - 1/2) == 0", "sign(sin(pi/6) - 1/2) == 1", "exp(log(2)*10) == 1024",
        "relu(atan(1/2) + atan(1/3) - pi/4) == 0", "Max(atan(1/2) + atan(1/3), pi/4) == pi/4", "erf(0) == 0", "sigmoid(0) == 1/2",
        "sign(atan(1/2) + atan(1/3) - pi/4) == -1",
    ]
    return [spec("constant", {}, c) for c in rng.sample(forms, 4)]


def t_chain(rng: Random) -> list[Spec]:
    x, y = names(rng, 2)
    a = rng.randint(1, 5)
    chains = [
        [f"({x} + {a})**2", f"{x}**2 + {2*a}*{x} + {a*a}", f"{x}*({x} + {2*a}) + {a*a}"],
        [f"({x} + {a})**2", f"{x}**2 + {a}*{x} + {a*a}", f"{x}*({x} + {a}) + {a*a}"],
        [f"diff({x}**3, {x})", f"3*{x}**2", f"3*{x}*{x}"],
        [f"diff(sigmoid({x}), {x})", f"exp(-{x})/(1 + exp(-{x}))**2", f"sigmoid({x})*(1 - sigmoid({x}))"],
        [f"diff(sigmoid({x}), {x})", f"exp(-{x})/(1 + exp(-{x}))**2", f"sigmoid({x})*(1 + sigmoid({x}))"],
        [f"Sum({y}, ({y}, 1, 4))", "1 + 2 + 3 + 4", "10"],
        [f"Sum({y}, ({y}, 1, 4))", "1 + 2 + 3", "6"],
        [f"({x}**2 - 1)/({x} - 1)", f"{x} + 1"],
        [f"log(exp({x})*exp({x}))", f"log(exp(2*{x}))", f"2*{x}"],
    ]
    items: list[Any] = list(rng.choice(chains))
    out = [{"family": "chain", "symbols": {x: "real"}, "steps": items}]
    if rng.random() < 0.5:
        ineq = [f"{x}**2 + 1", {"expr": f"2*Abs({x})", "rel": ">="}, {"expr": f"2*{x}", "rel": rng.choice([">=", "<="])}]
        out.append({"family": "chain", "symbols": {x: "real"}, "steps": ineq})
    return out


def t_boolean(rng: Random) -> list[Spec]:
    x, y = names(rng, 2)
    forms = [
        f"iff({x} > 0, {x}**3 > 0)", f"iff({x} > 0, {x}**2 > 0)", f"implies({x}**2 > 1, {x} > 1)", f"implies({x} > 1, {x}**2 > 1)",
        f"And(Abs({x}) >= 0, {x}**2 >= 0)", f"Or({x} >= 0, {x} < 0)", f"Or({x} > 1, {x} < -1)", f"Not({x}**2 < 0)", f"Not({x}**2 <= 0)",
        f"implies(And({x} > 0, {y} > 0), {x}*{y} > 0)", f"implies(Or({x} > 0, {y} > 0), {x} + {y} > 0)", f"iff(H({x}) == 1, {x} > 0)",
        f"iff(relu({x}) == {x}, {x} >= 0)", f"implies({x} < {y}, exp({x}) < exp({y}))", f"implies({x} < {y}, {x}**2 < {y}**2)",
        f"implies({x} > {y}, sqrt({x}) > sqrt({y}))", f"implies({x} != 0, sign({x})**2 == 1)", f"Or(sign({x}) == 1, sign({x}) == -1)",
        f"implies(Abs({x} - {y}) < 1/1000, Abs(sin({x}) - sin({y})) < 1/1000)",
    ]
    dom = rng.choice(["real", "real", "positive", "integer", "(-1, 1)"])
    return [spec("boolean", {x: dom, y: dom}, c) for c in rng.sample(forms, 4)]


def t_identities(rng: Random) -> list[Spec]:
    """Rewrite rules, sound and unsound, applied to random sub-expressions."""
    x, y = names(rng, 2)
    atoms = [x, y, f"{x} + {y}", f"{x} - 1", f"2*{x}", f"{x}*{y}", f"{x}**2 - {y}", f"-{x}", f"{x}/3 + 1/2", f"sin({x})", f"{x} - {y}"]
    A, B = rng.choice(atoms), rng.choice(atoms)
    rules = [
        ("exp({A} + {B})", "==", "exp({A})*exp({B})"), ("log(({A})*({B}))", "==", "log({A}) + log({B})"),
        ("sqrt(({A})**2)", "==", "{A}"), ("sqrt(({A})**2)", "==", "Abs({A})"), ("Abs(({A})*({B}))", "==", "Abs({A})*Abs({B})"),
        ("Max({A}, {B})", "==", "({A} + {B} + Abs({A} - ({B})))/2"), ("Min({A}, {B})", "==", "({A} + {B} - Abs({A} - ({B})))/2"),
        ("sigmoid(-({A}))", "==", "1 - sigmoid({A})"), ("relu({A}) - relu(-({A}))", "==", "{A}"), ("tanh({A})", "==", "2*sigmoid(2*({A})) - 1"),
        ("sin(2*({A}))", "==", "2*sin({A})*cos({A})"), ("cos({A})**2 + sin({A})**2", "==", "1"), ("cosh({A})**2 - sinh({A})**2", "==", "1"),
        ("exp(log({A}))", "==", "{A}"), ("log(exp({A}))", "==", "{A}"), ("sqrt({A})*sqrt({B})", "==", "sqrt(({A})*({B}))"),
        ("H({A}) + H(-({A}))", "==", "1"), ("sign({A})*Abs({A})", "==", "{A}"), ("Abs({A})", ">=", "{A}"), ("({A})**2", ">=", "0"),
        ("exp({A})", ">", "0"), ("exp({A})", ">=", "1 + {A}"), ("atan({A}) + atan(1/({A}))", "==", "pi/2*sign({A})"),
        ("(({A})**3)**(1/3)", "==", "{A}"), ("Abs({A} + {B})", "<=", "Abs({A}) + Abs({B})"), ("({A})*({B})", "<=", "(({A})**2 + ({B})**2)/2"),
        ("log(1 + ({A})**2)", "<=", "({A})**2"), ("relu({A})", "==", "({A} + Abs({A}))/2"), ("erf(-({A}))", "==", "-erf({A})"),
        ("diff(exp({A}), {x})", "==", "exp({A})*diff({A}, {x})"), ("diff(Abs({A}), {x})", "==", "sign({A})*diff({A}, {x})"),
    ]
    lhs, op, rhs = rng.choice(rules)
    fill = lambda s: s.replace("{A}", A).replace("{B}", B).replace("{x}", x)
    doms = rng.choice([("real", "real"), ("positive", "positive"), ("real", "positive"), ("negative", "real"), ("nonzero", "nonzero"), ("integer", "real")])
    syms = {x: doms[0], y: doms[1]}
    used = {n for n in (x, y) if re.search(rf"\b{n}\b", fill(lhs + rhs))}
    syms = {n: d for n, d in syms.items() if n in used}
    return variants("identity", syms, rng, fill(lhs), op, fill(rhs))


def t_polynomial(rng: Random) -> list[Spec]:
    x, y = names(rng, 2)
    a, b = rng.randint(1, 6), rng.randint(1, 6)
    forms = [
        (f"({x} + {a}*{y})**2", f"{x}**2 + {2*a}*{x}*{y} + {a*a}*{y}**2"),
        (f"({x} + {a})*({x} - {a})", f"{x}**2 - {a*a}"),
        (f"{x}**3 - {a**3}", f"({x} - {a})*({x}**2 + {a}*{x} + {a*a})"),
        (f"({x} - {y})**2", f"{x}**2 - 2*{x}*{y} + {y}**2"),
        (f"({x}**2 - {a*a})/({x} - {a})", f"{x} + {a}"),
        (f"1/({x} - {a}) - 1/({x} + {b})", f"{a + b}/(({x} - {a})*({x} + {b}))"),
        (f"({x} + {y})**3", f"{x}**3 + 3*{x}**2*{y} + 3*{x}*{y}**2 + {y}**3"),
    ]
    lhs, rhs = rng.choice(forms)
    syms = {x: rng.choice(REAL_DOMAINS), y: "real"}
    if not re.search(rf"\b{y}\b", lhs + rhs):
        del syms[y]
    out = variants("polynomial", syms, rng, lhs, "==", rhs)
    if rng.random() < 0.5:
        out += variants("polynomial", syms, rng, f"({x} - {a})**2", ">=", "0")
    return out


def t_piecewise(rng: Random) -> list[Spec]:
    x, y = names(rng, 2)
    forms = [
        (f"relu({x})", "==", f"Max({x}, 0)"), (f"relu({x})", "==", f"{x}*H({x})"), (f"Abs({x})", "==", f"{x}*sign({x})"),
        (f"H({x})", "==", f"(1 + sign({x}))/2"), (f"diff(relu({x}), {x})", "==", f"H({x})"), (f"diff(Abs({x}), {x})", "==", f"sign({x})"),
        (f"Max({x}, {y}) + Min({x}, {y})", "==", f"{x} + {y}"), (f"Max({x}, {y})*Min({x}, {y})", "==", f"{x}*{y}"),
        (f"sign({x}*{y})", "==", f"sign({x})*sign({y})"), (f"H({x}*{y})", "==", f"H({x})*H({y})"), (f"relu({x} + {y})", "<=", f"relu({x}) + relu({y})"),
        (f"limit((relu({x} + h) - relu({x}))/h, h, 0)", "==", f"H({x})"), (f"limit((relu({x} + h) - relu({x}))/h, h, 0, '+')", "==", f"1 - H(-{x})"),
    ]
    lhs, op, rhs = rng.choice(forms)
    syms = {x: rng.choice(["real", "real", "nonzero", "positive", "[0, 1]"]), y: "real"}
    if not re.search(rf"\b{y}\b", lhs + rhs):
        del syms[y]
    return variants("piecewise", syms, rng, lhs, op, rhs)


def t_where(rng: Random) -> list[Spec]:
    a, y = names(rng, 2)
    forms = [
        ({"f": f"sigmoid({a})", "L": f"-{y}*log(f) - (1 - {y})*log(1 - f)"}, f"diff(L, {a}) == -({y} - f)", f"diff(L, {a}) == {y} - f"),
        ({"f": f"sigmoid({a})"}, f"diff((({y} - f)**2)/2, {a}) == -({y} - f)*f*(1 - f)", f"diff((({y} - f)**2)/2, {a}) == ({y} - f)*f*(1 - f)"),
        ({"g": f"exp({a})", "h": "g/(1 + g)"}, f"h == sigmoid({a})", f"h == sigmoid(-{a})"),
    ]
    where, good, bad = rng.choice(forms)
    syms = {a: "real", y: rng.choice(["real", "(0, 1)", [0, 1]])}
    return [spec("where", syms, good, where=where), spec("where", syms, bad, where=where)]


TEMPLATES: list[tuple[Template, int]] = [
    (t_parametric_limit, 3), (t_two_sided_limit, 3), (t_limit_at_infinity, 3), (t_symbolic_sum, 4), (t_pole_integral, 3),
    (t_improper_integral, 2), (t_shifted_log, 4), (t_parity, 3), (t_finite_sets, 2), (t_intervals, 2), (t_bound_same_name, 2),
    (t_constants, 2), (t_chain, 2), (t_boolean, 3), (t_identities, 6), (t_polynomial, 3), (t_piecewise, 3), (t_where, 1),
]


#: Claims that once went wrong, run first in every run (a short run still covers them).
REGRESSIONS: list[Spec] = [
    spec("regression", {"x": "real", "eps": "positive"}, "limit(x**2/(x**2 + eps), eps, 0, '+') == 1"),
    spec("regression", {"x": "real"}, "log(x + 1000) - log(x + 999) > 0"),
    spec("regression", {"x": "negative even"}, "x < 0"),
    spec("regression", {"n": "integer"}, "Sum(k, (k, 1, n)) == n*(n + 1)/2"),
    spec("regression", {"c": "(0, 1)"}, "integrate(1/(t - c)**2, (t, 0, 1)) < 0"),
    spec("regression", {"x": "real"}, "limit(sign(1/x), x, oo) == 0"),
    spec("regression", {"t": "real"}, "integrate(exp(t + sin(t)), (t, 0, 1)) == exp(t)*integrate(exp(sin(t)), (t, 0, 1))"),
    spec("regression", {}, "sign(atan(1/2) + atan(1/3) - pi/4) == 0"),
    spec("regression", {"x": "real", "y": "real"}, "implies(x > y, log(x - 10) > log(y - 10))"),
]


def generate(seed: int) -> Iterator[Spec]:
    """An endless, seed-determined stream of claims (with unique ids): the regressions, then random ones."""
    rng = Random(seed)
    pool = [t for t, w in TEMPLATES for _ in range(w)]
    index = 0
    for known in REGRESSIONS:
        index += 1
        s = dict(known)
        s["id"] = f"s{seed}-{index:06d}-{s['family']}"
        s["title"] = f"{s['family']} claim {index}"
        yield s
    while True:
        for s in rng.choice(pool)(rng):
            index += 1
            s["id"] = f"s{seed}-{index:06d}-{s['family']}"
            s["title"] = f"{s['family']} claim {index}"
            yield s


# ---------------------------------------------------------------------------
# Running derivcheck


def claim_yaml(s: Spec) -> dict[str, Any]:
    """The claims-file mapping of a generated claim (without the generator's bookkeeping)."""
    out: dict[str, Any] = {"id": s["id"], "title": s["title"]}
    if s.get("symbols"):
        out["symbols"] = s["symbols"]
    for key in ("where", "assume", "claim", "steps", "expect", "note"):
        if key in s:
            out[key] = s[key]
    return out


def _judge(args: tuple[Spec, oracle.Settings]) -> oracle.Verdict:
    return oracle.judge(*args)


def label_all(batch: list[Spec], settings: oracle.Settings, stop_at: float, pool: Any) -> list[oracle.Verdict]:
    """The oracle's labels of a batch, in order, until ``stop_at`` (monotonic seconds)."""
    if pool is None:
        labels: list[oracle.Verdict] = []
        for s in batch:
            if time.monotonic() > stop_at:
                break
            labels.append(oracle.judge(s, settings))
        return labels
    pending = pool.imap(_judge, [(s, settings) for s in batch], chunksize=4)
    out: list[oracle.Verdict] = []
    for v in pending:
        out.append(v)
        if time.monotonic() > stop_at:
            break
    return out


def run_derivcheck(path: Path, timeout: float, jobs: int = 2) -> subprocess.Popen[str]:
    cmd = [str(DERIVCHECK), "run", str(path), "--format", "json", "--no-cache", "--jobs", str(jobs), "--timeout", str(timeout)]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=path.parent)


def collect(proc: subprocess.Popen[str], budget: float) -> tuple[dict[str, dict[str, Any]], str]:
    try:
        out, err = proc.communicate(timeout=budget)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        return {}, "derivcheck did not finish in time"
    try:
        doc = json.loads(out)
    except json.JSONDecodeError:
        return {}, f"derivcheck printed no JSON (exit {proc.returncode}): {err[-2000:]}"
    Path(str(proc.args[2])).with_suffix(".json").write_text(out)  # beside the batch, for a later look
    return {c["id"]: c for c in doc.get("claims", []) if c.get("id")}, ""


# ---------------------------------------------------------------------------
# Comparing


@dataclass
class Finding:
    kind: str  # "wrong verdict", "wrong witness", "wrong diagnosis"
    spec: Spec
    engine: dict[str, Any]
    reason: str
    expect: str | None = None  # what the claim's `expect` should be, by the oracle


@dataclass
class Tally:
    claims: int = 0
    verdicts: Counter[str] = field(default_factory=Counter)
    labels: Counter[str] = field(default_factory=Counter)
    unknown_reasons: Counter[str] = field(default_factory=Counter)
    unknown_families: Counter[str] = field(default_factory=Counter)
    unknown_constructs: Counter[str] = field(default_factory=Counter)
    unchecked_witnesses: Counter[str] = field(default_factory=Counter)
    diagnoses_checked: int = 0
    diagnoses_unchecked: Counter[str] = field(default_factory=Counter)
    findings: list[Finding] = field(default_factory=list)
    seen_findings: set[tuple[str, str]] = field(default_factory=set)

    def add(self, f: Finding) -> None:
        key = (f.kind, f.spec["id"] + f.spec.get("claim", ""))
        if key not in self.seen_findings:
            self.seen_findings.add(key)
            self.findings.append(f)

    def count(self, kind: str) -> int:
        return sum(1 for f in self.findings if f.kind == kind)


def compare(s: Spec, engine: dict[str, Any] | None, verdict: oracle.Verdict, tally: Tally) -> None:
    tally.claims += 1
    tally.labels[verdict.label.value] += 1
    if verdict.label is Label.UNKNOWN:
        tally.unknown_families[s["family"]] += 1
        tally.unknown_reasons[_reason_kind(verdict.reason)] += 1
        for construct in constructs(s):
            tally.unknown_constructs[construct] += 1
    if engine is None:
        tally.verdicts["missing"] += 1
        return
    v = engine.get("verdict", "missing")
    tally.verdicts[v] += 1
    check_verdict(s, engine, verdict, tally, "")
    if "steps" in s:
        # Each link of a chain has its own verdict, witness and diagnosis: each is checked
        # as the claim `item_k rel item_k+1`.
        for link in engine.get("steps") or []:
            try:
                one = link_spec(s, int(link["from"]), int(link["to"]))
            except (KeyError, IndexError, TypeError, ValueError):
                continue
            check_verdict(one, link, oracle.judge(one, oracle.Settings(seconds=4.0)), tally, f" (link {link['from']} to {link['to']})")


def link_spec(s: Spec, k: int, j: int) -> Spec:
    """The claim that link k → j of a chain makes."""
    items = s["steps"]
    before, after = items[k - 1], items[j - 1]
    text = lambda item: str(item["expr"]) if isinstance(item, dict) else str(item)
    rel = str(after.get("rel", "==")) if isinstance(after, dict) else "=="
    one = {key: value for key, value in s.items() if key != "steps"}
    one["claim"] = f"{text(before)} {rel} {text(after)}"
    one["id"] = f"{s['id']}-link-{k}"
    return one


def check_verdict(s: Spec, engine: dict[str, Any], verdict: oracle.Verdict, tally: Tally, where: str) -> None:
    v = engine.get("verdict")
    if v == "proved" and verdict.label is Label.FALSE:
        tally.add(Finding("wrong verdict", s, engine, f"derivcheck proved it{where}, the oracle finds it false\n" + verdict.describe(), "refuted"))
    if v == "refuted":
        at_witness = check_witness(s, engine, verdict, tally)
        # TRUE is a label of the points the oracle could judge: at a witness it cannot
        # judge (a convention at a kink, say) it does not contradict a refutation.
        # A witness the oracle itself finds false shows that its TRUE label missed a point.
        if verdict.label is Label.TRUE and at_witness not in (Truth.UNCERTAIN, Truth.FALSE):
            tally.add(Finding("wrong verdict", s, engine, f"derivcheck refuted it{where}, the oracle finds it true\n" + verdict.describe(), "holds"))
        if where or "steps" not in s:
            check_diagnosis(s, engine, tally)


def constructs(s: Spec) -> set[str]:
    """The functions and connectives a claim uses (to tell which ones the oracle cannot judge)."""
    texts = [str(s.get("claim", ""))] + [str(i["expr"] if isinstance(i, dict) else i) for i in s.get("steps", [])]
    texts += [str(v) for v in (s.get("where") or {}).values()]
    found: set[str] = set()
    for text in texts:
        try:
            node = oracle.parse(text)
        except oracle.Unsupported:
            found.add("unparsable")
            continue
        for n in oracle.walk(node):
            if n[0] == "call":
                found.add(n[1])
            elif n[0] in ("implies", "iff", "and", "or", "not"):
                found.add(n[0])
    return found


def _reason_kind(reason: str) -> str:
    reason = re.sub(r"\d+", "N", reason)
    return reason[:90]


def check_witness(s: Spec, engine: dict[str, Any], verdict: oracle.Verdict, tally: Tally) -> Truth | None:
    """Check a refutation's witness; the oracle's truth at it (None when it could not be read)."""
    witness = engine.get("witness") or {}
    try:
        claim = oracle.read_claim(s)
        point = oracle.parse_point(claim, witness)
    except (oracle.Unsupported, oracle.Undefined, oracle.Uncertain) as e:
        tally.unchecked_witnesses[f"unreadable: {str(e)[:60]}"] += 1
        return None
    for name, value in point.items():
        domain = claim.symbols.get(name)
        if domain is None:
            continue
        inside = domain.contains(value)
        if inside is False:
            tally.add(Finding("wrong witness", s, engine, f"the witness {name} = {witness[name]} is outside the domain {domain.text!r}",
                              "refuted" if verdict.label is Label.FALSE else None))
            return None
        if inside is None:
            tally.unchecked_witnesses["too close to a domain edge to tell"] += 1
            return None
    needed = oracle._relation_names(claim)
    missing = [n for n in needed if n not in point]
    if missing:
        tally.unchecked_witnesses["witness misses a symbol"] += 1
        return None
    truth, reports = oracle.check_point(claim, point)
    if truth in (Truth.TRUE, Truth.SKIP):
        what = "true" if truth is Truth.TRUE else "skipped (a side is undefined or non-real in an inequality)"
        lines = [f"at the witness {witness} the oracle finds the claim {what}"]
        lines += [f"  {r.text}: lhs = {r.lhs}, rhs = {r.rhs} -> {r.truth.value}" for r in reports]
        if verdict.label is Label.FALSE:
            lines.append("(the claim is false elsewhere) " + verdict.describe())
        expect = {Label.FALSE: "refuted", Label.TRUE: "holds"}.get(verdict.label)
        tally.add(Finding("wrong witness", s, engine, "\n".join(lines), expect))
    elif truth is Truth.UNCERTAIN:
        tally.unchecked_witnesses["oracle uncertain at the witness"] += 1
    return truth


# Near-miss diagnoses (their wording is derivcheck/diagnose.py's), as alternative claims.
_DIAGNOSES: list[tuple[str, re.Pattern[str]]] = [
    ("reversed", re.compile(r"^the inequality holds the other way round \((<=|>=|<|>)\)")),
    ("strictness", re.compile(r"^holds as a non-strict inequality \((<=|>=)\)")),
    ("sign", re.compile(r"^the sides differ by a sign: the left side is minus the right side")),
    ("factor", re.compile(r"^off by a constant factor: the left side is (.+) times the right side$")),
    ("monomial", re.compile(r"^off by a factor: the left side is (.+) times the right side$")),
    ("offset", re.compile(r"^off by a constant: the left side is the right side (plus|minus) (.+)$")),
    ("difference", re.compile(r"^the sides differ by (.+) \(left minus right\)$")),
    ("negated", re.compile(r"^holds with (\w+) replaced by -(\w+) on one side$")),
    ("swapped", re.compile(r"^holds with (\w+) and (\w+) swapped on one side$")),
    ("sub-domain", re.compile(r"^holds for (\w+) (>|<) 0, but not on the whole declared domain$")),
    ("isolated", re.compile(r"^holds everywhere except at (\w+) = (.+?) \(")),
]


def alternative(s: Spec, diagnosis: str) -> tuple[str, Spec] | None:
    """The claim a diagnosis asserts instead, or None when it cannot be read."""
    try:
        node = oracle.parse(s["claim"]) if "claim" in s else None
    except oracle.Unsupported:
        return None
    if node is None or node[0] != "rel":
        return None
    # The diagnosis speaks of the relation with its where-bindings in place (x replaced
    # by -x inside them too).
    try:
        node = inline_where(node, s.get("where") or {})
    except oracle.Unsupported:
        return None
    lhs, rhs = node[2], node[3]
    for name, pattern in _DIAGNOSES:
        m = pattern.match(diagnosis)
        if not m:
            continue
        extra: dict[str, Any] = {}
        try:
            if name in ("reversed", "strictness"):
                new = ("rel", m.group(1), lhs, rhs)
            elif name == "sign":
                new = ("rel", "==", lhs, ("neg", rhs))
            elif name in ("factor", "monomial"):
                new = ("rel", "==", lhs, ("mul", _expr(m.group(1), s), rhs))
            elif name == "offset":
                c = _expr(m.group(2), s)
                new = ("rel", "==", lhs, ("add" if m.group(1) == "plus" else "sub", rhs, c))
            elif name == "difference":
                new = ("rel", "==", ("sub", lhs, rhs), _expr(m.group(1), s))
            elif name == "negated":
                v = m.group(1)
                new = ("rel", "==", oracle.substitute(lhs, {v: ("neg", ("sym", v))}), rhs)
            elif name == "swapped":
                a, b = m.group(1), m.group(2)
                new = ("rel", "==", oracle.substitute(lhs, {a: ("sym", b), b: ("sym", a)}), rhs)
            elif name == "sub-domain":
                new = node
                extra["assume"] = [f"{m.group(1)} {m.group(2)} 0"]
            else:
                new = node
                extra["assume"] = [f"{m.group(1)} != {m.group(2)}"]
        except oracle.Unsupported:
            return None
        alt = {k: v for k, v in s.items() if k not in ("claim", "steps", "assume")}
        alt["claim"] = oracle.to_text(new)
        alt.update(extra)
        return name, alt
    return None


def inline_where(node: oracle.Node, where: dict[str, Any]) -> oracle.Node:
    bindings = {str(k): oracle.parse(str(v)) for k, v in where.items()}
    for _ in range(len(bindings) + 1):
        if not oracle.free_names(node) & bindings.keys():
            return node
        node = oracle.substitute(node, bindings)
    raise oracle.Unsupported("circular where-bindings")


def _expr(text: str, s: Spec) -> oracle.Node:
    node = oracle.parse(text)
    # SymPy prints Euler's number as E; in a claim E would be an undeclared name.
    if "E" not in (s.get("symbols") or {}):
        node = oracle.substitute(node, {"E": ("call", "exp", (("num", Fraction(1)),))})
    return node


def check_diagnosis(s: Spec, engine: dict[str, Any], tally: Tally) -> None:
    diagnosis = engine.get("diagnosis")
    if not diagnosis:
        return
    found = alternative(s, diagnosis)
    if found is None:
        tally.diagnoses_unchecked[_reason_kind(diagnosis)[:50]] += 1
        return
    name, alt = found
    tally.diagnoses_checked += 1
    v = oracle.judge(alt)
    if v.label is Label.FALSE:
        tally.add(Finding("wrong diagnosis", s, engine,
                          f"the diagnosis {diagnosis!r} claims\n    {alt['claim']}" + (f"  assuming {alt['assume']}" if "assume" in alt else "")
                          + "\nwhich the oracle finds false:\n" + v.describe()))


# ---------------------------------------------------------------------------
# Reporting


def finding_text(f: Finding) -> str:
    e = f.engine
    lines = [f"### {f.kind.upper()}: {f.spec['id']}",
             f"# derivcheck: {e.get('verdict')}, witness {e.get('witness')}, diagnosis {e.get('diagnosis')!r}"]
    lines += ["# oracle: " + line for line in f.reason.splitlines()]
    c = claim_yaml(f.spec)
    if f.expect:
        c["expect"] = f.expect
    lines.append(yaml.safe_dump({"claims": [c]}, sort_keys=False, allow_unicode=True, width=200).rstrip())
    return "\n".join(lines)


def summary_line(t: Tally) -> str:
    return (f"{t.claims} claims: {t.count('wrong verdict')} wrong verdicts, {t.count('wrong witness')} wrong witnesses, "
            f"{t.count('wrong diagnosis')} wrong diagnoses, {t.labels.get('UNKNOWN', 0)} unknown to the oracle")


def report(t: Tally) -> str:
    out = []
    for f in t.findings:
        out.append(finding_text(f))
        out.append("")
    out.append(f"derivcheck verdicts: {dict(t.verdicts)}")
    out.append(f"oracle labels: {dict(t.labels)}")
    out.append(f"invalid: {t.verdicts.get('invalid', 0)}, timeout: {t.verdicts.get('timeout', 0)}")
    out.append(f"diagnoses checked: {t.diagnoses_checked}, not checkable: {sum(t.diagnoses_unchecked.values())} {dict(t.diagnoses_unchecked.most_common(6))}")
    out.append(f"witnesses not checkable: {dict(t.unchecked_witnesses)}")
    out.append(f"unknown to the oracle, by family: {dict(t.unknown_families.most_common())}")
    out.append(f"unknown to the oracle, by construct used: {dict(t.unknown_constructs.most_common(12))}")
    out.append("unknown to the oracle, by reason: " + "; ".join(f"{k} ({n})" for k, n in t.unknown_reasons.most_common(8)))
    out.append(summary_line(t))
    return "\n".join(out)


# ---------------------------------------------------------------------------
# The main loop


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, required=True, help="how long to run")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=None, help="folder for the batches, the findings and the report")
    parser.add_argument("--timeout", type=float, default=20.0, help="derivcheck's budget of one claim")
    parser.add_argument("--jobs", type=int, default=2, help="derivcheck's worker processes, and the oracle's")
    args = parser.parse_args(argv)

    start = time.monotonic()
    end = start + args.minutes * 60
    out = args.out or Path(tempfile.mkdtemp(prefix="derivcheck-differential-"))
    out.mkdir(parents=True, exist_ok=True)
    stream = generate(args.seed)
    tally = Tally()
    per_claim = 1.0  # seconds per claim, oracle and derivcheck together; learnt as batches run
    batch_no = 0
    settings = oracle.Settings(seconds=6.0)
    pool = multiprocessing.Pool(args.jobs) if args.jobs > 1 else None
    while True:
        remaining = end - time.monotonic()
        if remaining < 8:
            break
        # The first batch is small, to learn the rate; later ones fill most of the time left.
        size = int(max(10, min(300, remaining * (0.3 if batch_no == 0 else 0.7) / per_claim)))
        batch = [next(stream) for _ in range(size)]
        batch_no += 1
        path = out / f"batch-{batch_no:03d}.yaml"
        path.write_text(yaml.safe_dump({"title": f"differential batch {batch_no}", "claims": [claim_yaml(s) for s in batch]},
                                       sort_keys=False, allow_unicode=True, width=200))
        began = time.monotonic()
        # Near the end a claim that hangs must not hold up the run.
        proc = run_derivcheck(path, min(args.timeout, max(3.0, remaining / 4)), args.jobs)
        # The oracle works while derivcheck runs, in as many processes; claims it
        # has no time for are left out.
        labels = label_all(batch, settings, end + 10, pool)
        results, error = collect(proc, max(15.0, end - time.monotonic() + 20))
        if error:
            print(f"batch {batch_no}: {error}", file=sys.stderr)
        for s, v in zip(batch, labels):
            compare(s, results.get(s["id"]), v, tally)
        took = time.monotonic() - began
        per_claim = max(0.01, took / max(1, len(labels)))
        print(f"batch {batch_no}: {len(labels)} of {len(batch)} claims in {took:.1f}s; {summary_line(tally)}", file=sys.stderr, flush=True)
        (out / "findings.txt").write_text(report(tally) + "\n")
    if pool is not None:
        pool.terminate()
    text = report(tally)
    print(text)
    (out / "findings.txt").write_text(text + "\n")
    print(f"(batches and findings in {out})", file=sys.stderr)
    return 1 if tally.findings else 0


if __name__ == "__main__":
    sys.exit(main())
