"""A soundness probe of inequalities with exponentials, Max/Min, norms and quadratic forms.

A seeded generator writes random claims of a few shapes (log-sum-exp against means and
maxima, weighted AM-GM written with exp, Max/Min bounds and convex combinations on a simplex,
norm inequalities, quadratic forms with sigmoid/softmax/exponential coefficients, and an
exponential or a logarithm against a polynomial with the sides meeting far out), about half
of them false, many barely.  Each claim is labelled here, independently of derivcheck, by
evaluating it with mpmath at 50 digits at random and targeted points, then the claims are run
through ``derivcheck run FILE --format json --no-cache -j 1`` as a black box and the verdicts
compared with the labels:

  (a) proved, but a point here violates the claim;
  (b) refuted, with a witness outside the domain or at which the claim holds;
  (c) refuted, and no point here violates the claim (reported for a hand check).

Usage:  python fuzz/probe_inequalities.py --claims 300 --seed 1 [--batch 25] [--timeout 20]
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from fractions import Fraction

import mpmath as M
import yaml

M.mp.dps = 50
EPS = M.mpf(10) ** -40  # margins smaller than this count as equality


# --------------------------------------------------------------------------- helpers

def q(fr) -> str:
    """A rational as claim text."""
    fr = Fraction(fr)
    if fr.denominator == 1:
        return f"({fr.numerator})"
    return f"({fr.numerator}/{fr.denominator})"


def mq(fr):
    fr = Fraction(fr)
    return M.mpf(fr.numerator) / fr.denominator


def near(value: float, rng, above: bool, digits=None) -> Fraction:
    """A rational just above (or below) a real number, by 10^-digits."""
    digits = digits or rng.choice([2, 3, 4, 6])
    scale = 10 ** digits
    v = M.mpf(value) * scale
    n = int(M.ceil(v)) if above else int(M.floor(v))
    if above and n == v:
        n += 1
    if not above and n == v:
        n -= 1
    return Fraction(n, scale)


def sig(t):
    return 1 / (1 + M.exp(-t))


def lse(xs):
    m = max(xs)
    return m + M.log(M.fsum(M.exp(x - m) for x in xs))


def softmax(xs):
    m = max(xs)
    e = [M.exp(x - m) for x in xs]
    s = M.fsum(e)
    return [t / s for t in e]


def mx(*a):
    return max(a)


def mn(*a):
    return min(a)


def vec(name, n):
    return [f"{name}[{i}]" for i in range(1, n + 1)]


class Claim:
    def __init__(self, shape, text, symbols, rels, truth, where=None, hints=()):
        self.shape = shape
        self.text = text            # the claim expression
        self.symbols = symbols      # name -> domain text
        self.rels = rels            # env -> list of (lhs, op, rhs)
        self.truth = truth          # True / False by construction, None when not known
        self.where = where or {}
        self.hints = list(hints)    # extra points (env dicts)
        self.id = None
        self.label = None
        self.witness = None         # a point of ours where it fails
        self.worst = None


# --------------------------------------------------------------------------- shapes

def shape_lse(rng):
    n = rng.choice([2, 3])
    xs = vec("x", n)
    sym = {"x": f"vector[{n}]"}
    MX = f"Max({', '.join(xs)})"
    mean = f"({' + '.join(xs)})/{n}"
    k = rng.randrange(9)
    ln = math.log(n)
    if k in (7, 8):
        # weighted log-sum-exp on a simplex: dot(p, x) <= log(sum p_i e^{x_i}) <= Max(x)
        s = {"p": f"simplex[{n}]", "x": f"vector[{n}]"}
        ps = vec("p", n)
        wl = "log(" + " + ".join(f"{p}*exp({x})" for p, x in zip(ps, xs)) + ")"
        wv = lambda e: M.log(M.fsum(a * M.exp(b) for a, b in zip(e["p"], e["x"])))
        dp = lambda e: M.fsum(a * b for a, b in zip(e["p"], e["x"]))
        c = rng.choice([Fraction(0), Fraction(0), Fraction(1, 1000), Fraction(1, 10 ** 6)])
        if k == 7:
            op = rng.choice([">=", ">="] + ([">"] if c == 0 else []))
            return Claim("lse", f"{wl} {op} dot(p, x) + {q(c)}", s, lambda e: [(wv(e), op, dp(e) + mq(c))],
                         c == 0 and op == ">=")
        return Claim("lse", f"{wl} <= {MX} - {q(c)}", s, lambda e: [(wv(e), "<=", max(e["x"]) - mq(c))], c == 0)
    if k == 0:
        above = rng.random() < 0.5
        c = near(ln, rng, above)
        return Claim("lse", f"logsumexp(x) <= {MX} + {q(c)}", sym,
                     lambda e: [(lse(e["x"]), "<=", max(e["x"]) + mq(c))], above)
    if k == 1:
        c = Fraction(rng.choice([-1, 1]) * rng.randint(1, 50), rng.choice([10, 100, 1000]))
        return Claim("lse", f"logsumexp(x) >= {MX} + {q(c)}", sym,
                     lambda e: [(lse(e["x"]), ">=", max(e["x"]) + mq(c))], c <= 0)
    if k == 2:
        op = rng.choice([">=", ">"])
        return Claim("lse", f"logsumexp(x) {op} {mean} + log({n})", sym,
                     lambda e: [(lse(e["x"]), op, M.fsum(e["x"]) / n + M.log(n))], op == ">=")
    if k == 3:
        above = rng.random() < 0.5
        c = near(ln, rng, above)
        return Claim("lse", f"logsumexp(x) >= {mean} + {q(c)}", sym,
                     lambda e: [(lse(e["x"]), ">=", M.fsum(e["x"]) / n + mq(c))], not above)
    if k == 4:
        # scalar form, a scaled log-sum-exp: log(e^{ka} + e^{kb})/k <= max + log(2)/k'
        kk = Fraction(rng.randint(1, 9), rng.choice([1, 2, 4]))
        good = rng.random() < 0.5
        k2 = kk if good else kk + Fraction(1, rng.choice([10, 100, 1000]))
        s2 = {"a": "real", "b": "real"}
        return Claim("lse", f"log(exp({q(kk)}*a) + exp({q(kk)}*b))/{q(kk)} <= Max(a, b) + log(2)/{q(k2)}", s2,
                     lambda e: [(lse([mq(kk) * e["a"], mq(kk) * e["b"]]) / mq(kk), "<=",
                                 max(e["a"], e["b"]) + M.log(2) / mq(k2))], good)
    if k == 5:
        # a shift: logsumexp(x + c) = logsumexp(x) + c, as two inequalities
        c = Fraction(rng.randint(-20, 20), rng.choice([1, 3, 7]))
        slip = rng.random() < 0.5
        d = c + (Fraction(1, 1000) if slip else 0)
        terms = " + ".join(f"exp({v} + {q(c)})" for v in xs)
        return Claim("lse", f"log({terms}) <= logsumexp(x) + {q(d)}", sym,
                     lambda e: [(lse([v + mq(c) for v in e["x"]]), "<=", lse(e["x"]) + mq(d))], True) \
            if slip else \
            Claim("lse", f"log({terms}) <= logsumexp(x) + {q(c - Fraction(1, 1000))}", sym,
                  lambda e: [(lse([v + mq(c) for v in e["x"]]), "<=", lse(e["x"]) + mq(c) - mq(Fraction(1, 1000)))], False)
    # k == 6: Max <= lse strict (true: the other terms are positive)
    op = rng.choice(["<", "<="])
    return Claim("lse", f"{MX} {op} logsumexp(x)", sym,
                 lambda e: [(max(e["x"]), op, lse(e["x"]))], True)


def shape_amgm(rng):
    k = rng.randrange(6)
    if k in (0, 1):
        w1 = Fraction(rng.randint(1, 19), 20)
        mode = rng.choice(["ok", "ok", "over", "under"])
        w2 = 1 - w1 + {"ok": 0, "over": Fraction(1, rng.choice([100, 1000])),
                       "under": -Fraction(1, rng.choice([100, 1000]))}[mode]
        s = {"a": "real", "b": "real"}
        return Claim("amgm", f"{q(w1)}*exp(a) + {q(w2)}*exp(b) >= exp({q(w1)}*a + {q(w2)}*b)", s,
                     lambda e: [(mq(w1) * M.exp(e["a"]) + mq(w2) * M.exp(e["b"]), ">=",
                                 M.exp(mq(w1) * e["a"] + mq(w2) * e["b"]))], mode == "ok",
                     hints=[{"a": M.mpf(t), "b": M.mpf(t)} for t in (0, 5, 20, 100, 1000, -1000)])
    if k == 2:
        op = rng.choice([">=", ">"])
        s = {"a": "real", "b": "real", "c": "real"}
        return Claim("amgm", f"sigmoid(c)*exp(a) + sigmoid(-c)*exp(b) {op} exp(sigmoid(c)*a + sigmoid(-c)*b)", s,
                     lambda e: [(sig(e["c"]) * M.exp(e["a"]) + sig(-e["c"]) * M.exp(e["b"]), op,
                                 M.exp(sig(e["c"]) * e["a"] + sig(-e["c"]) * e["b"]))], op == ">=")
    if k == 3:
        # a weight negative only where sigmoid(c) < eps
        eps = Fraction(1, rng.choice([10, 100, 1000, 10000]))
        s = {"a": "real", "b": "real", "c": "real"}
        w2 = f"(sigmoid(c) - {q(eps)})"
        return Claim("amgm", f"(1 - {w2})*exp(a) + {w2}*exp(b) >= exp((1 - {w2})*a + {w2}*b)", s,
                     lambda e: (lambda w: [((1 - w) * M.exp(e["a"]) + w * M.exp(e["b"]), ">=",
                                            M.exp((1 - w) * e["a"] + w * e["b"]))])(sig(e["c"]) - mq(eps)),
                     False, hints=[{"a": M.mpf(0), "b": M.mpf(b), "c": M.mpf(c)}
                                   for b in (3, 10, 30) for c in (-12, -15, -30, -60)])
    if k == 4:
        # three terms with rational weights
        a1, a2 = rng.randint(1, 8), rng.randint(1, 8)
        a3 = 10 - a1 - a2 if a1 + a2 < 10 else 1
        tot = a1 + a2 + a3
        w = [Fraction(a1, tot), Fraction(a2, tot), Fraction(a3, tot)]
        fac = rng.choice([Fraction(1), Fraction(1), Fraction(1001, 1000), Fraction(999, 1000)])
        s = {"a": "real", "b": "real", "c": "real"}
        names = ["a", "b", "c"]
        lhs = " + ".join(f"{q(wi)}*exp({v})" for wi, v in zip(w, names))
        ex = " + ".join(f"{q(wi)}*{v}" for wi, v in zip(w, names))
        return Claim("amgm", f"{lhs} >= {q(fac)}*exp({ex})", s,
                     lambda e: [(M.fsum(mq(wi) * M.exp(e[v]) for wi, v in zip(w, names)), ">=",
                                 mq(fac) * M.exp(M.fsum(mq(wi) * e[v] for wi, v in zip(w, names))))], fac <= 1)
    # k == 5: unweighted, positive form with a coefficient
    fac = rng.choice([Fraction(1), Fraction(1), Fraction(101, 100), Fraction(1000001, 1000000)])
    s = {"x": "positive", "y": "positive"}
    return Claim("amgm", f"(x + y)/2 >= {q(fac)}*sqrt(x*y)", s,
                 lambda e: [((e["x"] + e["y"]) / 2, ">=", mq(fac) * M.sqrt(e["x"] * e["y"]))], fac <= 1)


def shape_maxmin(rng):
    k = rng.randrange(9)
    s2 = {"a": "real", "b": "real"}
    if k == 0:
        c = rng.choice([Fraction(1), Fraction(1), Fraction(99, 100), Fraction(9999, 10000)])
        return Claim("maxmin", f"Max(a, b) <= {q(c)}*(Abs(a) + Abs(b))", s2,
                     lambda e: [(max(e["a"], e["b"]), "<=", mq(c) * (abs(e["a"]) + abs(e["b"])))], c >= 1)
    if k == 1:
        op = rng.choice([">=", ">"])
        return Claim("maxmin", f"Max(a, b) {op} (a + b)/2", s2,
                     lambda e: [(max(e["a"], e["b"]), op, (e["a"] + e["b"]) / 2)], op == ">=")
    if k == 2:
        c = rng.choice([Fraction(1), Fraction(1), Fraction(1001, 1000), Fraction(11, 10)])
        s = {"x": "positive", "y": "positive"}
        return Claim("maxmin", f"And(Min(x, y) <= sqrt(x*y), {q(c)}*sqrt(x*y) <= Max(x, y))", s,
                     lambda e: [(min(e["x"], e["y"]), "<=", M.sqrt(e["x"] * e["y"])),
                                (mq(c) * M.sqrt(e["x"] * e["y"]), "<=", max(e["x"], e["y"]))], c <= 1)
    if k == 3:
        c = rng.choice([Fraction(1), Fraction(1), Fraction(999, 1000), Fraction(999999, 1000000)])
        s = {"x": "positive", "y": "positive"}
        return Claim("maxmin", f"Max(x, y) <= {q(c)}*(x + y)", s,
                     lambda e: [(max(e["x"], e["y"]), "<=", mq(c) * (e["x"] + e["y"]))], c >= 1,
                     hints=[{"x": M.mpf(1), "y": M.mpf(10) ** -j} for j in (3, 6, 9, 12)])
    if k == 4:
        good = rng.random() < 0.5
        s = {"a": "real", "b": "real", "s": "real"}
        rhs = "Max(a, b) + Abs(s)" if good else "Max(a, b) + s"
        return Claim("maxmin", f"Max(a + s, b) <= {rhs}", s,
                     lambda e: [(max(e["a"] + e["s"], e["b"]), "<=",
                                 max(e["a"], e["b"]) + (abs(e["s"]) if good else e["s"]))], good)
    # simplex shapes
    n = rng.choice([2, 3])
    ps = vec("p", n)
    if k == 5:
        c = rng.choice([Fraction(0), Fraction(0), -Fraction(1, 1000), -Fraction(1, 10 ** 6)])
        xs = vec("x", n)
        s = {"p": f"simplex[{n}]", "x": f"vector[{n}]"}
        up = rng.random() < 0.5
        if up:
            return Claim("maxmin", f"dot(p, x) <= Max({', '.join(xs)}) + {q(c)}", s,
                         lambda e: [(M.fsum(a * b for a, b in zip(e["p"], e["x"])), "<=", max(e["x"]) + mq(c))], c >= 0)
        return Claim("maxmin", f"dot(p, x) >= Min({', '.join(xs)}) - {q(c)}", s,
                     lambda e: [(M.fsum(a * b for a, b in zip(e["p"], e["x"])), ">=", min(e["x"]) - mq(c))], c >= 0)
    if k == 6:
        d = rng.choice([Fraction(0), Fraction(0), Fraction(1, 1000), Fraction(1, 10 ** 5)])
        op = rng.choice([">=", ">="] + ([">"] if d == 0 else []))
        s = {"p": f"simplex[{n}]"}
        return Claim("maxmin", f"Max({', '.join(ps)}) {op} {q(Fraction(1, n) + d)}", s,
                     lambda e: [(max(e["p"]), op, mq(Fraction(1, n) + d))], d == 0 and op == ">=")
    if k == 7:
        d = rng.choice([Fraction(0), Fraction(0), Fraction(1, 1000), Fraction(1, 10 ** 5)])
        s = {"p": f"simplex[{n}]"}
        bound = Fraction(1, n ** n) - d
        prod = "*".join(ps)
        return Claim("maxmin", f"{prod} <= {q(bound)}", s,
                     lambda e: [(M.fprod(e["p"]), "<=", mq(bound))], d == 0)
    # k == 8: squared weights need not sum to 1: sum p_i^2 x_i <= max x fails for negative x
    xs = vec("x", n)
    s = {"p": f"simplex[{n}]", "x": f"vector[{n}]"}
    lo = rng.choice(["", "neg"])
    if lo:
        text = " + ".join(f"{p}**2*{x}" for p, x in zip(ps, xs))
        return Claim("maxmin", f"{text} <= Max({', '.join(xs)})", s,
                     lambda e: [(M.fsum(a * a * b for a, b in zip(e["p"], e["x"])), "<=", max(e["x"]))], False)
    text = " + ".join(f"{p}**2*Abs({x})" for p, x in zip(ps, xs))
    return Claim("maxmin", f"{text} <= Max({', '.join(f'Abs({x})' for x in xs)})", s,
                 lambda e: [(M.fsum(a * a * abs(b) for a, b in zip(e["p"], e["x"])), "<=", max(abs(b) for b in e["x"]))], True)


def n1(v):
    return M.fsum(abs(t) for t in v)


def n2(v):
    return M.sqrt(M.fsum(t * t for t in v))


def noo(v):
    return max(abs(t) for t in v)


def shape_norm(rng):
    n = rng.choice([2, 3])
    s = {"x": f"vector[{n}]"}
    k = rng.randrange(7)
    if k == 0:
        mode = rng.choice(["exact", "above", "below", "below"])
        if mode == "exact":
            ct, cv, good = f"sqrt({n})", M.sqrt(n), True
        else:
            c = near(math.sqrt(n), rng, mode == "above")
            ct, cv, good = q(c), mq(c), mode == "above"
        which = rng.choice(["1-2", "2-oo"])
        if which == "1-2":
            return Claim("norm", f"norm(x, 1) <= {ct}*norm(x)", s,
                         lambda e: [(n1(e["x"]), "<=", cv * n2(e["x"]))], good)
        return Claim("norm", f"norm(x) <= {ct}*norm(x, oo)", s,
                     lambda e: [(n2(e["x"]), "<=", cv * noo(e["x"]))], good)
    if k == 1:
        c = rng.choice([Fraction(n), Fraction(n), n - Fraction(1, 1000), Fraction(n - 1)])
        return Claim("norm", f"norm(x, 1) <= {q(c)}*norm(x, oo)", s,
                     lambda e: [(n1(e["x"]), "<=", mq(c) * noo(e["x"]))], c >= n)
    if k == 2:
        op = rng.choice(["<", "<="])
        pair = rng.choice([("norm(x, oo)", noo, "norm(x)", n2), ("norm(x)", n2, "norm(x, 1)", n1)])
        return Claim("norm", f"{pair[0]} {op} {pair[2]}", s,
                     lambda e: [(pair[1](e["x"]), op, pair[3](e["x"]))], op == "<=")
    if k == 3:
        c = rng.choice([Fraction(1), Fraction(1), Fraction(1001, 1000)])
        return Claim("norm", f"norm(x)**2 <= {q(c)}*norm(x, 1)*norm(x, oo)", s,
                     lambda e: [(n2(e["x"]) ** 2, "<=", mq(c) * n1(e["x"]) * noo(e["x"]))], True)
    if k == 4:
        # the best constant is 2*sqrt(2) - 2 for n = 2 (at (1, sqrt(2) - 1)), sqrt(3) - 1 for n = 3
        best = 2 * math.sqrt(2) - 2 if n == 2 else math.sqrt(3) - 1
        above = rng.random() < 0.5
        c = rng.choice([Fraction(1, n), near(best, rng, above)])
        return Claim("norm", f"norm(x)**2 >= {q(c)}*norm(x, 1)*norm(x, oo)", s,
                     lambda e: [(n2(e["x"]) ** 2, ">=", mq(c) * n1(e["x"]) * noo(e["x"]))], c < best,
                     hints=[{"x": [M.mpf(1), M.sqrt(2) - 1]}] if n == 2 else
                     [{"x": [M.mpf(1), (M.sqrt(3) - 1) / 2, (M.sqrt(3) - 1) / 2]}])
    if k == 5:
        p, f = rng.choice([("1", n1), ("2", n2), ("oo", noo)])
        s = {"x": f"vector[{n}]", "y": f"vector[{n}]"}
        arg = lambda v: f"norm({v})" if p == "2" else f"norm({v}, {p})"
        good = rng.random() < 0.5
        if good:
            return Claim("norm", f"{arg('x + y')} <= {arg('x')} + {arg('y')}", s,
                         lambda e: [(f([a + b for a, b in zip(e["x"], e["y"])]), "<=", f(e["x"]) + f(e["y"]))], True)
        return Claim("norm", f"{arg('x + y')} >= {arg('x')} + {arg('y')}", s,
                     lambda e: [(f([a + b for a, b in zip(e["x"], e["y"])]), ">=", f(e["x"]) + f(e["y"]))], False)
    s = {"x": f"vector[{n}]", "y": f"vector[{n}]"}
    c = rng.choice([Fraction(1), Fraction(1), Fraction(1001, 1000)])
    return Claim("norm", f"norm(x - y) >= {q(c)}*Abs(norm(x) - norm(y))", s,
                 lambda e: [(n2([a - b for a, b in zip(e["x"], e["y"])]), ">=", mq(c) * abs(n2(e["x"]) - n2(e["y"])))], c <= 1)


def quadform(H, v):
    n = len(v)
    return M.fsum(v[i] * H[i][j] * v[j] for i in range(n) for j in range(n))


def shape_quad(rng):
    k = rng.randrange(7)
    if k in (0, 1, 2):
        n = rng.choice([2, 3])
        s = {"w": f"vector[{n}]", "v": f"vector[{n}]"}
        f = rng.choice(["lse", "softplus", "sp-dot", "exp-dot", "sigmoid", "neg-lse", "lse-ridge"])
        a = [Fraction(rng.randint(-5, 5), rng.choice([1, 2])) for _ in range(n)]
        if all(t == 0 for t in a):
            a[0] = Fraction(1)
        dot_a = " + ".join(f"{q(t)}*w[{i + 1}]" for i, t in enumerate(a))
        ridge = Fraction(1, rng.choice([10, 1000, 10 ** 5]))

        def hess(e):
            w = e["w"]
            if f in ("lse", "neg-lse", "lse-ridge"):
                sm = softmax(w)
                H = [[(sm[i] if i == j else 0) - sm[i] * sm[j] for j in range(n)] for i in range(n)]
                if f == "neg-lse":
                    H = [[-t for t in r] for r in H]
                if f == "lse-ridge":
                    H = [[H[i][j] - (2 * mq(ridge) if i == j else 0) for j in range(n)] for i in range(n)]
                return H
            if f == "softplus":
                return [[(sig(w[i]) * (1 - sig(w[i])) if i == j else 0) for j in range(n)] for i in range(n)]
            if f == "sigmoid":
                return [[(sig(w[i]) * (1 - sig(w[i])) * (1 - 2 * sig(w[i])) if i == j else 0) for j in range(n)] for i in range(n)]
            z = M.fsum(mq(t) * x for t, x in zip(a, w))
            g = sig(z) * (1 - sig(z)) if f == "sp-dot" else M.exp(z)
            return [[g * mq(a[i]) * mq(a[j]) for j in range(n)] for i in range(n)]

        fx = {"lse": "logsumexp(w)", "neg-lse": "-logsumexp(w)",
              "lse-ridge": f"logsumexp(w) - {q(ridge)}*dot(w, w)",
              "softplus": " + ".join(f"softplus(w[{i + 1}])" for i in range(n)),
              "sigmoid": " + ".join(f"sigmoid(w[{i + 1}])" for i in range(n)),
              "sp-dot": f"softplus({dot_a})", "exp-dot": f"exp({dot_a})"}[f]
        truth = f in ("lse", "softplus", "sp-dot", "exp-dot")
        if k == 2 and f in ("lse", "softplus"):
            # an upper bound on the curvature
            top = Fraction(1, 2) if f == "lse" else Fraction(1, 4)
            c = rng.choice([top, top, top - Fraction(1, 1000), top - Fraction(1, 100)])
            return Claim("quad", f"v.T*hessian(F, w)*v <= {q(c)}*dot(v, v)", s,
                         lambda e: [(quadform(hess(e), e["v"]), "<=", mq(c) * n2(e["v"]) ** 2)], c >= top,
                         where={"F": fx})
        return Claim("quad", "v.T*hessian(F, w)*v >= 0", s,
                     lambda e: [(quadform(hess(e), e["v"]), ">=", M.mpf(0))], truth, where={"F": fx})
    s = {"a": "real", "x": "real", "y": "real"}
    if k == 3:
        c = rng.choice([Fraction(1), Fraction(1), Fraction(1001, 1000), Fraction(-1), Fraction(-100001, 100000)])
        return Claim("quad", f"exp(a)*x**2 + {q(2 * c)}*x*y + exp(-a)*y**2 >= 0", s,
                     lambda e: [(M.exp(e["a"]) * e["x"] ** 2 + 2 * mq(c) * e["x"] * e["y"] + M.exp(-e["a"]) * e["y"] ** 2,
                                 ">=", M.mpf(0))], abs(c) <= 1)
    if k == 4:
        eps = rng.choice([Fraction(0), Fraction(0), Fraction(1, 1000), Fraction(1, 10 ** 5)])
        return Claim("quad", f"(sigmoid(a) - {q(eps)})*x**2 + exp(a)*y**2 >= 0", s,
                     lambda e: [((sig(e["a"]) - mq(eps)) * e["x"] ** 2 + M.exp(e["a"]) * e["y"] ** 2, ">=", M.mpf(0))],
                     eps == 0, hints=[{"a": M.mpf(t), "x": M.mpf(1), "y": M.mpf(0)} for t in (-8, -12, -20, -50)])
    if k == 5:
        c = rng.choice([Fraction(1, 4), Fraction(1, 4), Fraction(1, 4) - Fraction(1, 1000)])
        return Claim("quad", f"sigmoid(a)*sigmoid(-a)*(x + y)**2 <= {q(c)}*(x + y)**2", s,
                     lambda e: [(sig(e["a"]) * sig(-e["a"]) * (e["x"] + e["y"]) ** 2, "<=", mq(c) * (e["x"] + e["y"]) ** 2)],
                     c >= Fraction(1, 4))
    # k == 6: softmax variance: sum s_i x_i^2 >= c (sum s_i x_i)^2
    n = rng.choice([2, 3])
    sy = {"z": f"vector[{n}]", "x": f"vector[{n}]"}
    c = rng.choice([Fraction(1), Fraction(1), Fraction(1001, 1000)])
    sq = " + ".join(f"S[{i}]*x[{i}]**2" for i in range(1, n + 1))
    li = " + ".join(f"S[{i}]*x[{i}]" for i in range(1, n + 1))

    def rel(e):
        sm = softmax(e["z"])
        return [(M.fsum(a * b * b for a, b in zip(sm, e["x"])), ">=", mq(c) * M.fsum(a * b for a, b in zip(sm, e["x"])) ** 2)]
    return Claim("quad", f"{sq} >= {q(c)}*({li})**2", sy, rel, c <= 1, where={"S": "softmax(z)"})


def shape_farout(rng):
    k = rng.randrange(6)
    s = {"x": "positive"}
    if k == 5:
        # log(x)^3 <= c x^(1/10): the ratio peaks at x = e^30 (about 1.07e13) at 27000 e^-3 = 1344.24...
        top = 27000 * M.exp(-3)
        above = rng.random() < 0.5
        c = near(top, rng, above, digits=rng.choice([0, 1, 3]))
        return Claim("farout", f"log(x)**3 <= {q(c)}*x**(1/10)", s,
                     lambda e: [(M.log(e["x"]) ** 3, "<=", mq(c) * e["x"] ** (M.mpf(1) / 10))], above,
                     hints=[{"x": M.exp(30)}])
    if k == 0:
        m = rng.choice([100, 1000, 10 ** 4, 10 ** 5])
        d = rng.choice([2, 3])
        c1 = rng.randint(0, 3)
        poly = f"x**{d} + {c1}*x + 1"
        base = Fraction(m + 1, m)
        return Claim("farout", f"{q(base)}**x <= {poly}", s,
                     lambda e: [(mq(base) ** e["x"], "<=", e["x"] ** d + c1 * e["x"] + 1)], False)
    if k == 1:
        m = rng.choice([10, 1000, 10 ** 4, 10 ** 6])
        d = rng.choice([2, 3])
        thr = M.e ** d * math.factorial(d) / M.mpf(d) ** d
        above = rng.random() < 0.5
        c = near(thr, rng, above, digits=rng.choice([2, 3, 4]))
        return Claim("farout", f"exp(x/{m}) >= {q(c)}*x**{d}/{m ** d * math.factorial(d)}", s,
                     lambda e: [(M.exp(e["x"] / m), ">=", mq(c) * e["x"] ** d / (M.mpf(m) ** d * math.factorial(d)))],
                     not above, hints=[{"x": M.mpf(d * m)}])
    if k == 2:
        m = rng.choice([100, 1000, 10 ** 5, 10 ** 7])
        above = rng.random() < 0.5
        c = near(math.log(m) - 1, rng, above)
        return Claim("farout", f"log(x) <= x/{m} + {q(c)}", s,
                     lambda e: [(M.log(e["x"]), "<=", e["x"] / m + mq(c))], above, hints=[{"x": M.mpf(m)}])
    if k == 3:
        m = rng.choice([10, 1000, 10 ** 4])
        p = rng.choice([1, 2, 3])
        top = (M.mpf(p * m)) ** p * M.exp(-p)
        above = rng.random() < 0.5
        c = near(top, rng, above, digits=2)
        return Claim("farout", f"x**{p}*exp(-x/{m}) <= {q(c)}", s,
                     lambda e: [(e["x"] ** p * M.exp(-e["x"] / m), "<=", mq(c))], above, hints=[{"x": M.mpf(p * m)}])
    # Bernoulli: (1 + 1/m)^x >= 1 + x/m, false on (0, 1), true on [1, oo)
    m = rng.choice([2, 10, 1000])
    dom = rng.choice(["positive", "[1, oo)"])
    base = Fraction(m + 1, m)
    return Claim("farout", f"{q(base)}**x >= 1 + x/{m}", {"x": dom},
                 lambda e: [(mq(base) ** e["x"], ">=", 1 + e["x"] / m)], dom != "positive",
                 hints=[{"x": M.mpf(1) / 2}])


SHAPES = {"lse": shape_lse, "amgm": shape_amgm, "maxmin": shape_maxmin,
          "norm": shape_norm, "quad": shape_quad, "farout": shape_farout}


# --------------------------------------------------------------------------- sampling

SPECIAL = [0, 1, -1, 2, -2, M.mpf(1) / 2, -M.mpf(1) / 2, 10, -10, 100, -100, 1000, -1000,
           10 ** 4, -10 ** 4, 10 ** 6, -10 ** 6]


def real_sample(rng):
    r = rng.random()
    if r < 0.2:
        return M.mpf(rng.choice(SPECIAL))
    if r < 0.5:
        return M.mpf(rng.uniform(-3, 3))
    if r < 0.75:
        return M.mpf(rng.uniform(-30, 30))
    return M.mpf(rng.choice([-1, 1])) * M.mpf(10) ** rng.uniform(-4, 6)


def pos_sample(rng, hi=9):
    r = rng.random()
    if r < 0.15:
        return M.mpf(rng.choice([1, 2, 10, 100, 1000, 10 ** 4, 10 ** 5, 10 ** 6, 10 ** 7, M.mpf(1) / 2]))
    if r < 0.4:
        return M.mpf(rng.uniform(0, 5))
    return M.mpf(10) ** rng.uniform(-6, hi)


def simplex_sample(rng, n):
    r = rng.random()
    if r < 0.15:  # a vertex
        i = rng.randrange(n)
        return [M.mpf(1 if j == i else 0) for j in range(n)]
    if r < 0.3:  # an edge
        i, j = rng.sample(range(n), 2)
        t = M.mpf(rng.choice([0.5, rng.random(), 1e-6, 1 - 1e-6]))
        return [t if k == i else (1 - t if k == j else M.mpf(0)) for k in range(n)]
    if r < 0.4:
        return [M.mpf(1) / n] * n
    alpha = rng.choice([1.0, 0.2, 5.0])
    g = [M.mpf(rng.gammavariate(alpha, 1)) for _ in range(n)]
    sg = M.fsum(g)
    p = [t / sg for t in g[:-1]]
    return p + [1 - M.fsum(p)]


def vector_sample(rng, n):
    r = rng.random()
    if r < 0.1:
        c = real_sample(rng)
        return [c] * n
    if r < 0.2:
        i = rng.randrange(n)
        c = real_sample(rng)
        return [c if j == i else M.mpf(0) for j in range(n)]
    if r < 0.3:
        c = real_sample(rng)
        return [c] * (n - 1) + [c - M.mpf(10) ** rng.uniform(0, 2)]
    if r < 0.35:
        return [M.mpf(0)] * n
    if r < 0.45:  # alternating signs, (c, -c) and (c, -c, 0): where curvature bounds are tight
        c = real_sample(rng)
        return [c, -c] + ([M.mpf(0) if rng.random() < 0.5 else c] if n == 3 else [])
    return [real_sample(rng) for _ in range(n)]


def domain_sample(dom, rng, far=False):
    if dom == "real":
        return real_sample(rng)
    if dom == "positive":
        return pos_sample(rng, 15 if far else 9)
    if dom == "[1, oo)":
        return 1 + pos_sample(rng, 15 if far else 9)
    if dom.startswith("vector["):
        return vector_sample(rng, int(dom[7:-1]))
    if dom.startswith("simplex["):
        return simplex_sample(rng, int(dom[8:-1]))
    raise ValueError(dom)


def in_domain(dom, v):
    if dom == "real":
        return not isinstance(v, list)
    if dom == "positive":
        return not isinstance(v, list) and v > 0
    if dom == "[1, oo)":
        return not isinstance(v, list) and v >= 1
    n = int(dom[dom.index("[") + 1:-1])
    if not isinstance(v, list) or len(v) != n:
        return False
    if dom.startswith("simplex["):
        return all(t >= 0 for t in v) and abs(M.fsum(v) - 1) < M.mpf(10) ** -45
    return True


def margin(rels, env, strict_moderate=True):
    """The smallest normalised margin (< 0: violated; for strict relations 0 is violated too)."""
    worst = None
    try:
        rs = rels(env)
    except (ZeroDivisionError, ValueError, OverflowError):
        return None
    for lhs, op, rhs in rs:
        if not (M.isfinite(lhs) and M.isfinite(rhs)) or isinstance(lhs, M.mpc) or isinstance(rhs, M.mpc):
            continue
        d = rhs - lhs if op in ("<=", "<") else lhs - rhs
        mgn = d / (1 + abs(lhs) + abs(rhs))
        if op in ("<", ">") and abs(mgn) < M.mpf(10) ** (-M.mp.dps + 10):
            mgn = -M.mpf(10) ** -20  # an equality violates a strict relation (confirmed at 120 digits)
        if worst is None or mgn < worst:
            worst = mgn
    return worst


def _flat(env):
    for v in env.values():
        yield from (v if isinstance(v, list) else [v])


def confirmed(rels, env):
    """A violation that survives 120 digits: below -1e-80, or an equality to 1e-110 of a strict
    relation at a point with entries of size at most 100 (beyond, e^-gap underflows any precision)."""
    with M.workdps(120):
        try:
            rs = rels(env)
        except (ZeroDivisionError, ValueError, OverflowError):
            return False
        for lhs, op, rhs in rs:
            if not (M.isfinite(lhs) and M.isfinite(rhs)) or isinstance(lhs, M.mpc) or isinstance(rhs, M.mpc):
                continue
            d = rhs - lhs if op in ("<=", "<") else lhs - rhs
            mgn = d / (1 + abs(lhs) + abs(rhs))
            if mgn < -M.mpf(10) ** -80:
                return True
            if op in ("<", ">") and abs(mgn) < M.mpf(10) ** -110 and all(abs(t) <= 100 for t in _flat(env)):
                return True
    return False


def violated(m):
    return m is not None and m < -M.mpf(10) ** -30


def label(c: Claim, rng, points=700):
    far = c.shape == "farout"
    best, best_env = None, None

    found = None

    def consider(env):
        nonlocal best, best_env, found
        m = margin(c.rels, env)
        if m is None:
            return
        if found is None and violated(m) and confirmed(c.rels, env):
            found = env
        if best is None or m < best:
            best, best_env = m, env

    for h in c.hints:
        if all(in_domain(c.symbols[k], v) for k, v in h.items()):
            consider(dict(h))
    scalars = [k for k, d in c.symbols.items() if not d.startswith(("vector", "simplex"))]
    if far:  # a dense logarithmic grid over (1e-6, 1e15)
        for i in range(2000):
            consider({"x": M.mpf(10) ** (-6 + 21 * M.mpf(i) / 2000) + (1 if c.symbols["x"] == "[1, oo)" else 0)})
    for _ in range(points):
        env = {k: domain_sample(d, rng, far) for k, d in c.symbols.items()}
        if len(scalars) >= 2 and rng.random() < 0.3:  # the diagonals, where sides often meet
            t = env[scalars[0]]
            for k in scalars[1:]:
                v = t if rng.random() < 0.6 else -t
                if in_domain(c.symbols[k], v):
                    env[k] = v
        consider(env)
    # local search from the best point
    if best_env is not None and found is None:
        env = best_env
        for step in range(300):
            scale = 10 ** rng.uniform(-4, 1)
            new = {}
            for k, d in c.symbols.items():
                v = env[k]
                if isinstance(v, list):
                    if d.startswith("simplex"):
                        w = [max(M.mpf(0), t + M.mpf(rng.gauss(0, scale))) for t in v]
                        sw = M.fsum(w) or M.mpf(1)
                        w = [t / sw for t in w[:-1]]
                        new[k] = w + [1 - M.fsum(w)]
                        if new[k][-1] < 0:
                            new[k] = v
                    else:
                        new[k] = [t + M.mpf(rng.gauss(0, scale)) * (1 + abs(t)) for t in v]
                else:
                    t = v + M.mpf(rng.gauss(0, scale)) * (1 + abs(v))
                    new[k] = t if in_domain(d, t) else v
            m = margin(c.rels, new)
            if m is not None and m < best:
                best, best_env, env = m, new, new
                if violated(m) and confirmed(c.rels, new):
                    found = new
                    break
    c.worst = best
    if found is not None:
        c.label, c.witness = False, found
    else:
        c.label = True


# --------------------------------------------------------------------------- derivcheck

def claim_yaml(c: Claim):
    d = {"id": c.id, "title": f"probe {c.shape}: {c.text}"[:150], "symbols": dict(c.symbols)}
    if c.where:
        d["where"] = dict(c.where)
    d["claim"] = c.text
    return d


def run_batch(claims, exe, timeout, workdir):
    path = os.path.join(workdir, f"batch-{claims[0].id}.yaml")
    with open(path, "w") as fh:
        yaml.safe_dump({"title": "inequality probe", "claims": [claim_yaml(c) for c in claims]}, fh,
                       sort_keys=False, width=1000)
    cmd = [exe, "run", path, "--format", "json", "--no-cache", "-j", "1", "--no-latex-check",
           "--timeout", str(timeout)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout * len(claims) + 120)
    try:
        doc = json.loads(proc.stdout)
    except json.JSONDecodeError:
        sys.stderr.write(f"unreadable output for {path}:\n{proc.stdout[:2000]}\n{proc.stderr[-2000:]}\n")
        return {}
    return {r["id"]: r for r in doc.get("claims", []) if r.get("id")}


def parse_value(text):
    import sympy
    v = sympy.sympify(text, rational=True) if isinstance(text, str) else sympy.sympify(text)
    if isinstance(v, (list, tuple)) or hasattr(v, "tolist"):
        flat = list(sympy.Matrix(v)) if not isinstance(v, (list, tuple)) else [
            t for row in v for t in (row if isinstance(row, (list, tuple)) else [row])]
        return [M.mpf(str(sympy.N(t, 60))) for t in flat], [sympy.nsimplify(t) for t in flat]
    return M.mpf(str(sympy.N(v, 60))), v


def witness_env(c: Claim, wit):
    """Our point from derivcheck's witness; None and a reason when it cannot be read or is outside."""
    import sympy
    env, exact = {}, {}
    for k, d in c.symbols.items():
        if k in wit:
            try:
                env[k], exact[k] = parse_value(wit[k])
            except Exception as exc:  # noqa: BLE001
                return None, f"unreadable value {k} = {wit[k]!r}: {exc}"
        elif d.startswith(("vector[", "simplex[")):
            n = int(d[d.index("[") + 1:-1])
            keys = [f"{k}[{i}]" for i in range(1, n + 1)]
            if not all(t in wit for t in keys):
                return None, f"no value for {k}"
            vals = [parse_value(wit[t]) for t in keys]
            env[k], exact[k] = [v[0] for v in vals], [v[1] for v in vals]
        else:
            return None, f"no value for {k}"
        if not in_domain(d, env[k]):
            return None, f"{k} = {wit.get(k, env[k])} is outside {d}"
        if d.startswith("simplex[") and sympy.simplify(sum(exact[k]) - 1) != 0:
            return None, f"{k} does not sum to 1 exactly"
    return env, None


# --------------------------------------------------------------------------- main

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--claims", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--batch", type=int, default=25)
    ap.add_argument("--timeout", type=int, default=20)
    ap.add_argument("--shapes", default=",".join(SHAPES))
    ap.add_argument("--derivcheck", default=os.path.join(os.path.dirname(sys.executable), "derivcheck"))
    ap.add_argument("--keep", default=None, help="folder for the batch files (default: a temporary one)")
    ap.add_argument("--report", default=None, help="write the disagreements as YAML here")
    ap.add_argument("--details", default=None, help="write one JSON line per claim here")
    args = ap.parse_args(argv)

    rng = random.Random(args.seed)
    shapes = args.shapes.split(",")
    claims = []
    for i in range(args.claims):
        sh = shapes[i % len(shapes)]
        c = SHAPES[sh](rng)
        c.id = f"probe-{args.seed}-{i:04d}-{sh}"
        label(c, random.Random(f"{args.seed}-{i}"))
        claims.append(c)
    conflicts = [c for c in claims if c.truth is not None and c.truth != c.label]
    for c in conflicts:
        print(f"note: {c.id} built as {'true' if c.truth else 'false'} but sampled "
              f"{'true' if c.label else 'false'} (worst margin {M.nstr(c.worst, 5)}): {c.text}", file=sys.stderr)

    workdir = args.keep or tempfile.mkdtemp(prefix="probe-ineq-")
    os.makedirs(workdir, exist_ok=True)
    table = defaultdict(Counter)
    disagreements = []
    for b in range(0, len(claims), args.batch):
        batch = claims[b:b + args.batch]
        res = run_batch(batch, args.derivcheck, args.timeout, workdir)
        for c in batch:
            r = res.get(c.id)
            verdict = r["verdict"] if r else "missing"
            table[c.shape][verdict] += 1
            if args.details:
                with open(args.details, "a") as fh:
                    fh.write(json.dumps({"id": c.id, "shape": c.shape, "claim": c.text, "symbols": c.symbols,
                                         "where": c.where, "label": c.label, "verdict": verdict,
                                         "proof": r.get("proof") if r else None,
                                         "witness": r.get("witness") if r else None,
                                         "ours": fmt_env(c.witness) if c.witness else None}) + "\n")
            table[c.shape]["true" if c.label else "false"] += 1
            if verdict == "proved" and not c.label:
                disagreements.append(("a", c, r, f"proved, but fails at {fmt_env(c.witness)}"))
            elif verdict == "refuted":
                env, why = witness_env(c, r.get("witness") or {})
                if env is None:
                    disagreements.append(("b", c, r, f"witness {r.get('witness')}: {why}"))
                else:
                    m = margin(c.rels, env)
                    if m is None:
                        disagreements.append(("b", c, r, f"the claim has no value at the witness {r.get('witness')}"))
                    elif not confirmed(c.rels, env):
                        kind = "c" if c.label else "b"
                        disagreements.append((kind, c, r, f"holds at the witness {r.get('witness')} (margin {M.nstr(m, 8)})"))
            elif verdict == "invalid":
                print(f"invalid: {c.id}: {r.get('error') if r else ''}", file=sys.stderr)
        done = min(b + args.batch, len(claims))
        print(f"[{done}/{len(claims)}] disagreements so far: {len(disagreements)}", file=sys.stderr, flush=True)

    cols = ["proved", "refuted", "undecided", "timeout", "invalid", "true", "false"]
    print(f"{'shape':8} " + " ".join(f"{h:>9}" for h in cols))
    tot = Counter()
    for sh in shapes:
        print(f"{sh:8} " + " ".join(f"{table[sh][h]:>9}" for h in cols))
        tot.update(table[sh])
    print(f"{'all':8} " + " ".join(f"{tot[h]:>9}" for h in cols))
    print(f"labels built one way, sampled the other: {len(conflicts)}")
    print(f"disagreements: {len(disagreements)}")
    out = []
    for kind, c, r, why in disagreements:
        print(f"  ({kind}) {c.id}: {c.text}  [{why}]")
        d = claim_yaml(c)
        d["expect"] = "refuted" if not c.label else "holds"
        d["note"] = f"({kind}) derivcheck: {r['verdict']}; {why}"
        out.append(d)
    if args.report:
        with open(args.report, "w") as fh:
            yaml.safe_dump({"claims": out}, fh, sort_keys=False, width=1000)
    print(f"batch files: {workdir}")
    return 1 if disagreements else 0


def fmt_env(env):
    if env is None:
        return "?"
    parts = []
    for k, v in env.items():
        if isinstance(v, list):
            parts.append(f"{k} = (" + ", ".join(M.nstr(t, 12) for t in v) + ")")
        else:
            parts.append(f"{k} = {M.nstr(v, 12)}")
    return ", ".join(parts)


if __name__ == "__main__":
    sys.exit(main())
