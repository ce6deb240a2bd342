"""The soundness corpus (tests/soundness/causes.yaml), claim by claim.

The corpus groups claims by the cause of an earlier wrong verdict (k01 … k11,
described in the file's comments). Every claim's label comes with a hand
argument in its note, whose first word is its strength:

* ``MUST:``  the verdict must be exactly the labelled one (proved for ``holds``,
  refuted for ``refuted``);
* ``SOUND:`` ``undecided`` is acceptable, the opposite verdict never is.

Neither strength accepts ``invalid`` or ``timeout``. Every counterexample the
engine reports is re-checked here, apart from the engine: each value must lie in
its symbol's declared domain, and where a checker below is given, the claim must
be false at that point (computed with mpmath at 60 digits, complex-valued as in
the claim format: principal branches, non-real sides of an inequality say
nothing). Diagnoses known to be false for a claim (listed in FALSE_DIAGNOSES,
with the counterexample in the claim's note) must not be given.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any, Callable

import mpmath
import pytest
import sympy
import yaml
from mpmath import mp, mpc, mpf

from derivcheck.checking import check_claim
from derivcheck.loader import load_file

CORPUS = Path(__file__).parent / "soundness" / "causes.yaml"

# ---- checkers: the claim's truth at a point, computed apart from the engine ----
# Each returns True (the claim holds there), False (it fails there) or None (the
# point says nothing: a side has no value, or an inequality has a non-real side).
# A refuted verdict passes only where its checker (if any) returns False. For the
# limits and integrals the checker encodes the value derived in the claim's note.

#: Checkers run at this many digits (inside ``mp.workdps``: the global precision is
#: the engine's and is left alone).
DIGITS = 60
_TOL = mpf(10) ** -45


def _c(z):
    return None if z is None else mpc(z)


def _log(z):
    if z is None or z == 0:
        return None
    return mpmath.log(mpc(z))


def _sqrt(z):
    return None if z is None else mpmath.sqrt(mpc(z))


def _cbrt(z):
    # principal z**(1/3)
    if z is None:
        return None
    if z == 0:
        return mpc(0)
    return mpmath.exp(mpmath.log(mpc(z)) / 3)


def _sub(a, b):
    return None if a is None or b is None else mpc(a) - mpc(b)


def _real(z):
    if z is None:
        return None
    z = mpc(z)
    if abs(z.imag) <= _TOL * (1 + abs(z.real)):
        return z.real
    return None


def _rel(a, op, b):
    """An inequality between two sides; None where a side has no value or is non-real."""
    a, b = _real(a), _real(b)
    if a is None or b is None:
        return None
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]


def _eq(a, b):
    if a is None or b is None:
        return None
    if a in (mpmath.inf, -mpmath.inf) or b in (mpmath.inf, -mpmath.inf):
        return a == b
    return abs(mpc(a) - mpc(b)) <= _TOL * (1 + abs(mpc(a)) + abs(mpc(b)))


def _implies(p, q):
    if p is None or q is None:
        return None
    return (not p) or q


def _sum(f, a, b):
    """Σ_{k=a}^{b} f(k), empty (0) when b < a."""
    return sum((f(mpf(k)) for k in range(int(a), int(b) + 1)), mpf(0))


def _prod(f, a, b):
    out = mpf(1)
    for k in range(int(a), int(b) + 1):
        out *= f(mpf(k))
    return out


def _sign(v):
    return (v > 0) - (v < 0)


_INF = mpmath.inf


def _exp_sin() -> Any:  # ∫₀¹ e^(sin t) dt ≈ 1.63187
    return mpmath.quad(lambda t: mpmath.exp(mpmath.sin(t)), [0, 1])


def _exp_t_sin() -> Any:  # ∫₀¹ e^(t + sin t) dt ≈ 2.99622
    return mpmath.quad(lambda t: mpmath.exp(t + mpmath.sin(t)), [0, 1])


def _lim_power_at_zero(a):  # lim_{t→0+} t**a
    return mpf(0) if a > 0 else (mpf(1) if a == 0 else _INF)


def _lim_exp_decay(a):  # lim_{t→∞} exp(-a t)
    return mpf(0) if a > 0 else (mpf(1) if a == 0 else _INF)


CHECKERS = {
    # k01: the limit's value at the parameter, by hand (see the notes)
    "k01-ratio-eps-at-zero": lambda w: _eq(mpf(0) if w["x"] == 0 else mpf(1), 1),
    "k01-a-over-a-plus-t": lambda w: _eq(mpf(0) if w["a"] == 0 else mpf(1), 1),
    "k01-power-at-zero": lambda w: _eq(_lim_power_at_zero(w["a"]), 0),
    "k01-exp-decay": lambda w: _eq(_lim_exp_decay(w["a"]), 0),
    "k01-exp-decay-nonnegative": lambda w: _eq(_lim_exp_decay(w["a"]), 0),
    "k01-t-over-t-plus-square": lambda w: _eq(mpf(1) if w["a"] == 0 else mpf(0), 0),
    "k01-xt-at-infinity": lambda w: _eq(mpf(0) if w["x"] == 0 else mpf(1), 1),
    "k01-two-sided-jump": lambda w: w["a"] == 0,   # otherwise the limit does not exist
    "k01-atan-sign": lambda w: _eq(_sign(w["x"]) * mp.pi / 2, mp.pi / 2),
    # k02
    "k02-shift-1000": lambda w: _rel(_sub(_log(w["x"] + 1000), _log(w["x"] + 999)), ">", 0),
    "k02-x-plus-one": lambda w: _rel(_sub(_log(w["x"] + 1), _log(w["x"])), ">", 0),
    "k02-x-minus-one": lambda w: _rel(_sub(_log(w["x"]), _log(w["x"] - 1)), ">", 0),
    "k02-shift-3-nonstrict": lambda w: _rel(_sub(_log(w["x"] + 3), _log(w["x"] + 2)), ">=", 0),
    "k02-exp-arguments": lambda w: _rel(
        _sub(_log(mpmath.exp(w["x"]) - 2), _log(mpmath.exp(w["x"]) - 3)), ">", 0),
    "k02-one-minus-square": lambda w: _rel(_sub(_log(1 - w["x"] ** 2), _log(-w["x"] ** 2)), ">", 0),
    "k02-implies-difference": lambda w: _implies(
        _rel(w["x"], ">", w["y"]), _rel(_sub(_log(w["x"]), _log(w["y"])), ">", 0)),
    # k03
    "k03-implies-reflected": lambda w: _implies(
        _rel(w["x"], ">", w["y"]), _rel(_log(10 - w["x"]), ">", _log(10 - w["y"]))),
    "k03-cube-root-below": lambda w: _rel(_cbrt(w["x"]), "<=", w["x"]),
    "k03-sqrt-gap": lambda w: _rel(_sub(_sqrt(w["x"]), _sqrt(w["x"] - 1)), "<=", mpf(1) / 2),
    "k03-sqrt-boundary": lambda w: _implies(_rel(w["x"], ">", 1), _rel(_sqrt(w["x"] - 2), ">", 0)),
    # k04
    "k04-nonpositive-even": lambda w: w["x"] < 0,
    "k04-nonpositive-integer-strict": lambda w: w["x"] < 0,
    "k04-positive-integer": lambda w: w["x"] > 1,
    "k04-nonzero-integer": lambda w: w["x"] ** 2 > 1,
    "k04-range-strict": lambda w: w["x"] > 2,
    "k04-half-open-interval": lambda w: 1 / w["x"] > 1,
    "k04-closed-interval": lambda w: w["x"] < 1,
    # k05: contract sums, empty when the upper bound is below the lower
    "k05-sum-k-integer": lambda w: _eq(_sum(lambda k: k, 1, w["n"]), mpf(w["n"]) * (w["n"] + 1) / 2),
    "k05-sum-squares-integer": lambda w: _eq(
        _sum(lambda k: k ** 2, 1, w["n"]), mpf(w["n"]) * (w["n"] + 1) * (2 * w["n"] + 1) / 6),
    "k05-geometric-integer": lambda w: _eq(_sum(lambda k: 2 ** k, 0, w["n"]), mpf(2) ** (w["n"] + 1) - 1),
    "k05-telescoping-product-integer": lambda w: _eq(_prod(lambda k: (k + 1) / k, 1, w["n"]), w["n"] + 1),
    "k05-power-product-integer": lambda w: None if w["x"] == 0 and w["n"] < 0 else _eq(
        _prod(lambda k: mpf(w["x"]), 1, w["n"]), mpf(w["x"]) ** w["n"]),
    "k05-count-integer": lambda w: _eq(_sum(lambda k: 1, 1, w["n"]), w["n"]),
    "k05-telescoping-sum-integer": lambda w: None if w["n"] == -1 else _eq(
        _sum(lambda k: 1 / (k * (k + 1)), 1, w["n"]), 1 - mpf(1) / (w["n"] + 1)),
    "k05-two-bounds": lambda w: _eq(
        _sum(lambda k: k, w["m"], w["n"]), mpf(w["n"] - w["m"] + 1) * (w["m"] + w["n"]) / 2),
    # k06: for c in (0, 1) the double-pole integral is +∞, the simple-pole one does not exist
    "k06-double-pole-negative": lambda w: _INF < 0,
    "k06-double-pole-antiderivative": lambda w: _eq(_INF, 1 / (w["c"] - 1) - 1 / w["c"]),
    "k06-simple-pole-parameter": lambda w: False,
    # k08
    "k08-exp-sin": lambda w: _eq(_exp_t_sin(), mpmath.exp(w["t"]) * _exp_sin()),
    "k08-sum-factor": lambda w: _eq(
        _sum(lambda k: k * mpf(w["x"]) ** int(k), 1, 3), w["k"] * _sum(lambda k: mpf(w["x"]) ** int(k), 1, 3)),
    "k08-limit-factor": lambda w: _eq(w["x"], w["t"] * w["x"]),
    "k08-integral-factor": lambda w: _eq(mpf(w["x"]) / 2, mpf(w["x"]) * w["t"] / 2),
    "k08-upper-limit": lambda w: _eq(mpf(w["x"]) ** 3 / 3, mpf(w["t"]) ** 2 * w["x"]),
    "k08-sum-times-index": lambda w: _eq(w["k"] * (1 + mpf(1) / 4), 1 + mpf(1) / 2),
    "k08-laplace-moment": lambda w: _eq(1, w["t"]),
    # k09 (no free symbols: the truth of the constant statement)
    "k09-euler-atan-perturbed": lambda w: _sign(
        mpmath.atan(mpf(1) / 2) + mpmath.atan(mpf(1) / 3) - mp.pi / 4 - mpf(10) ** -30) == 0,
    "k09-golden-cosine-perturbed": lambda w: _sign(
        mpmath.cos(mp.pi / 5) - (1 + mpmath.sqrt(5)) / 4 + mpmath.exp(-100)) == 0,
    "k09-ramanujan-wrong": lambda w: mpmath.exp(mp.pi * mpmath.sqrt(163)) >= mpf(640320) ** 3 + 744,
    "k09-sqrt-near-integer": lambda w: mpmath.sqrt(1000001) - 1000 > mpf(1) / 2000,
    # k10
    "k10-shift-1000-negative": lambda w: _rel(_sub(_log(w["x"] + 1000), _log(w["x"] + 999)), "<", 0),
    "k10-x-plus-one-negative": lambda w: _rel(_sub(_log(w["x"] + 1), _log(w["x"])), "<", 0),
    "k10-branch-sign": lambda w: None if w["x"] == 0 else _eq(
        _sub(_log(w["x"] + 1), _log(w["x"])), _log(1 + 1 / mpf(w["x"]))),
    "k10-sqrt-square-negated": lambda w: _eq(_sqrt(mpf(w["x"]) ** 2), -w["x"]),
    "k10-sine-negative": lambda w: mpmath.sin(w["x"]) < 0,
    "k10-cubic": lambda w: mpf(w["x"]) ** 3 > w["x"],
    "k10-quadratic-strict": lambda w: mpf(w["x"]) ** 2 + (w["x"] - 1) ** 2 > 1,
    "k10-reversed-is-right": lambda w: None if w["x"] in (0, -1) else _rel(
        _sub(_log(w["x"] + 1), _log(w["x"])), "<", 1 / (mpf(w["x"]) + 1)),
    # k11
    "k11-open-ray-bounded": lambda w: w["x"] < 5,
    "k11-closed-ray-strict": lambda w: w["x"] > 1,
    "k11-negative-ray-bounded": lambda w: w["x"] > -1,
    "k11-closed-left-ray-strict": lambda w: w["x"] < 2,
    "k11-list-with-repeat-false": lambda w: w["x"] == 1,
    # true claims: a reported counterexample is shown not to be one
    "k02-difference-below-reciprocal": lambda w: None if w["x"] in (0, -1) else _rel(
        _sub(_log(w["x"] + 1), _log(w["x"])), "<", 1 / mpf(w["x"])),
    "k03-implies-shift-10": lambda w: _implies(
        _rel(w["x"], ">", w["y"]), _rel(_log(w["x"] - 10), ">", _log(w["y"] - 10))),
    "k03-log-doubling": lambda w: _rel(_log(2 * w["x"]), ">", _log(w["x"])),
    "k03-log-shift": lambda w: _rel(_log(w["x"]), "<", _log(w["x"] + 1)),
    "k03-sqrt-nonnegative": lambda w: _rel(_sqrt(w["x"]), ">=", 0),
    "k03-sqrt-shift": lambda w: _rel(_sqrt(w["x"] - 1), "<=", _sqrt(w["x"])),
    "k03-log-tangent-line": lambda w: _rel(_log(w["x"]), "<=", w["x"] - 1),
    "k03-cube-root-monotone": lambda w: _implies(
        _rel(w["x"], "<", w["y"]), _rel(_cbrt(w["x"]), "<", _cbrt(w["y"]))),
    "k03-log-shift-below-identity": lambda w: _rel(_log(w["x"] - 10), "<", w["x"]),
    "k04-negative-even": lambda w: w["x"] < 0,
    "k04-nonpositive-integer": lambda w: w["x"] < 1,
    "k04-nonzero-even": lambda w: w["x"] ** 2 >= 4,
    "k04-two-symbols": lambda w: w["x"] + w["y"] < 0,
    "k05-count-nonnegative-value": lambda w: _sum(lambda k: 1, 1, w["n"]) >= 0,
    "k05-product-at-least-one": lambda w: _prod(lambda k: 2, 1, w["n"]) >= 1,
    "k06-double-pole-infinite": lambda w: True,   # +∞ for every c in (0, 1)
    "k06-double-pole-positive": lambda w: True,
    "k10-reciprocal-bound": lambda w: None if w["x"] in (0, -1) else _rel(
        _sub(_log(w["x"] + 1), _log(w["x"])), ">", 1 / (mpf(w["x"]) + 1)),
}


# ---- diagnoses that are false for a claim ----------------------------------------
# Phrases a near-miss diagnosis of the refuted claim must not contain, because the
# statement they would name is itself false (the claim's note gives the point).

#: For a claim one of whose sides has no value (a limit or integral that does not
#: exist) or is infinite at every point, no finite relation between the sides holds.
NO_RELATION = ("off by", "differ by", "times the", "holds for", "other way round",
               "non-strict", "swapped", "replaced by", "transposed", "everywhere except")
REVERSED_AND_NONSTRICT = ("other way round", "non-strict")

FALSE_DIAGNOSES: dict[str, tuple[str, ...]] = {
    "k02-shift-1000": REVERSED_AND_NONSTRICT,          # ≥ fails at x = −2000, < at x = 1
    "k02-x-plus-one": REVERSED_AND_NONSTRICT,          # ≥ fails at x = −2, < at x = 1
    "k02-x-minus-one": REVERSED_AND_NONSTRICT,         # ≥ fails at x = −1, < at x = 2
    "k02-shift-3-nonstrict": ("other way round",),     # ≤ fails at x = 0
    "k02-exp-arguments": REVERSED_AND_NONSTRICT,       # ≥ fails at x = 0, < at x = 2
    "k02-one-minus-square": ("non-strict",),           # ≥ fails at x = 2
    "k03-cube-root-below": ("other way round",),       # ≥ fails at x = 8
    "k03-sqrt-gap": ("other way round",),              # ≥ 1/2 fails at x = 2
    "k06-double-pole-negative": ("non-strict",),       # the integral is +∞
    "k06-double-pole-antiderivative": NO_RELATION,
    "k06-inverse-square-symmetric": NO_RELATION,
    "k06-inverse-square-negative": ("non-strict",),
    "k06-shifted-double-pole": NO_RELATION,
    "k06-simple-pole-principal-value": NO_RELATION,
    "k06-simple-pole-log2": NO_RELATION,
    "k06-simple-pole-parameter": NO_RELATION,
    "k06-cubic-pole": NO_RELATION,
    "k06-tangent": NO_RELATION,
    "k06-partial-fractions": NO_RELATION,
    "k10-shift-1000-negative": REVERSED_AND_NONSTRICT + ("holds for x > 0",),
    "k10-x-plus-one-negative": REVERSED_AND_NONSTRICT + ("holds for x > 0",),
    "k10-branch-sign": ("differ by a sign", "off by a constant", "holds for x < 0"),
    "k10-sqrt-square-negated": ("differ by a sign", "holds for x > 0"),
    "k10-sine-negative": REVERSED_AND_NONSTRICT,
    "k10-cubic": REVERSED_AND_NONSTRICT,
    "k10-quadratic-strict": REVERSED_AND_NONSTRICT + ("everywhere except",),
    "k10-reversed-is-right": ("non-strict",),
    "k11-limit-exp-zero": NO_RELATION,
    "k11-limit-reciprocal-two-sided": NO_RELATION,
    "k11-sine-integral-zero": NO_RELATION,
    "k11-sine-integral-one": NO_RELATION,
    "k11-cosine-integral": NO_RELATION,
}


# ---- declared domains, read from the file and checked on this side -------------------

_WORDS: dict[str, Callable[[sympy.Expr], bool]] = {
    "real": lambda v: v.is_real is True,
    "complex": lambda v: v.is_finite is not False,
    "positive": lambda v: v.is_real is True and bool(v > 0),
    "negative": lambda v: v.is_real is True and bool(v < 0),
    "nonnegative": lambda v: v.is_real is True and bool(v >= 0),
    "nonpositive": lambda v: v.is_real is True and bool(v <= 0),
    "nonzero": lambda v: v.is_real is True and bool(v != 0),
    "integer": lambda v: v.is_integer is True,
    "rational": lambda v: v.is_rational is True,
    "even": lambda v: v.is_integer is True and v % 2 == 0,
    "odd": lambda v: v.is_integer is True and v % 2 == 1,
}
_INTERVAL = re.compile(r"^\s*([\(\[])\s*([^,]+?)\s*,\s*([^,]+?)\s*([\)\]])\s*$")


def in_domain(value: sympy.Expr, domain: Any) -> bool:
    """Whether an exact value lies in a domain written as in the claim format."""
    if isinstance(domain, list):
        return any(sympy.simplify(value - sympy.sympify(str(item))) == 0 for item in domain)
    text = str(domain).strip()
    if text.startswith("{") and text.endswith("}"):
        items = [s for s in text[1:-1].split(",") if s.strip()]
        return in_domain(value, items)
    r = re.match(r"^range\(\s*(-?\d+)\s*,\s*(-?\d+)\s*\)$", text)
    if r:
        return value.is_integer is True and int(r.group(1)) <= value <= int(r.group(2))
    m = _INTERVAL.match(text)
    if m:
        left, lo, hi, right = m.groups()
        if value.is_real is not True:
            return False
        lo_v, hi_v = sympy.sympify(lo), sympy.sympify(hi)
        above = bool(value >= lo_v) if left == "[" else bool(value > lo_v)
        below = bool(value <= hi_v) if right == "]" else bool(value < hi_v)
        return above and below
    words = text.split()
    assert words and all(w in _WORDS for w in words), f"domain not understood here: {text!r}"
    return all(_WORDS[w](value) for w in words)


def to_number(value: sympy.Expr) -> Any:
    """An exact sympy number as an int or an mpmath number at the checkers' precision."""
    if value.is_Integer:
        return int(value)
    with mp.workdps(DIGITS):
        if value.is_Rational:
            return mpf(int(value.p)) / int(value.q)
        re_part, im_part = (sympy.N(part, DIGITS + 10) for part in value.as_real_imag())
        if im_part == 0:
            return mpf(str(re_part))
        return mpc(mpf(str(re_part)), mpf(str(im_part)))


# ---- the corpus --------------------------------------------------------------------

RAW = yaml.safe_load(CORPUS.read_text(encoding="utf-8"))
RAW_CLAIMS = {entry["id"]: entry for entry in RAW["claims"]}
LOADED = load_file(CORPUS)
CLAIMS = list(LOADED.claims)


def strength(note: str | None) -> str:
    word = (note or "").split(":", 1)[0].strip()
    assert word in ("MUST", "SOUND"), f"the note must begin with MUST: or SOUND:, not {note!r}"
    return word


def test_the_corpus_loads_and_is_well_formed() -> None:
    assert not LOADED.failures, LOADED.failures
    ids = [entry["id"] for entry in RAW["claims"]]
    assert len(ids) == len(set(ids))
    assert sorted(c.id for c in CLAIMS) == sorted(ids)
    causes: Counter[str] = Counter()
    labels: dict[str, set[str]] = {}
    for entry in RAW["claims"]:
        cause = re.match(r"^(k\d\d)-[a-z0-9]+(-[a-z0-9]+)*$", entry["id"])
        assert cause, entry["id"]
        causes[cause.group(1)] += 1
        labels.setdefault(cause.group(1), set()).add(entry.get("expect", "holds"))
        strength(entry.get("note"))
    assert sorted(causes) == [f"k{i:02d}" for i in range(1, 12)]
    assert all(n >= 6 for n in causes.values()), causes
    assert all(v == {"holds", "refuted"} for v in labels.values()), labels
    for cid in CHECKERS:
        assert cid in RAW_CLAIMS, cid
    for cid in FALSE_DIAGNOSES:
        assert RAW_CLAIMS[cid].get("expect") == "refuted", cid


def _witness_problems(cid: str, witness: Any) -> list[str]:
    """What is wrong with a counterexample the engine gave for claim `cid`."""
    if witness is None:
        return ["a refuted verdict without a witness"]
    symbols = RAW_CLAIMS[cid].get("symbols") or {}
    problems: list[str] = []
    point: dict[str, Any] = {}
    for name, text in dict(witness).items():
        if name not in symbols:
            problems.append(f"the witness names {name!r}, which is not a declared symbol")
            continue
        try:
            value = sympy.sympify(str(text), rational=True)
        except (sympy.SympifyError, SyntaxError, TypeError) as exc:
            problems.append(f"the witness value {name} = {text!r} cannot be read: {exc}")
            continue
        if not in_domain(value, symbols[name]):
            problems.append(f"the witness value {name} = {text} lies outside the domain {symbols[name]!r}")
            continue
        point[name] = to_number(value)
    if not problems and cid in CHECKERS:
        try:
            with mp.workdps(DIGITS):
                truth = CHECKERS[cid](point)
        except KeyError as exc:
            truth = "?"
            problems.append(f"the witness gives no value for {exc}")
        if truth is True:
            problems.append(f"the claim holds at the witness {dict(witness)}")
        elif truth is None:
            problems.append(f"the witness {dict(witness)} is a point that says nothing "
                            "(a side has no value or an inequality has a non-real side)")
    return problems


@pytest.mark.parametrize("claim", CLAIMS, ids=[c.id for c in CLAIMS])
def test_claim(claim: Any) -> None:
    kind = strength(claim.note)
    want = "proved" if claim.expect.value == "holds" else "refuted"
    wrong = "refuted" if want == "proved" else "proved"
    result = check_claim(claim)
    verdict = result.verdict.value
    problems: list[str] = []
    if kind == "MUST" and verdict != want:
        problems.append(f"verdict {verdict}, must be {want}")
    elif kind == "SOUND" and verdict not in (want, "undecided"):
        problems.append(f"verdict {verdict}, must be {want} or undecided (never {wrong}, invalid or timeout)")
    if verdict == "refuted":
        problems += _witness_problems(claim.id, result.witness)
        diagnosis = result.diagnosis or ""
        problems += [f"a false diagnosis ({phrase!r}): {diagnosis}"
                     for phrase in FALSE_DIAGNOSES.get(claim.id, ()) if phrase in diagnosis]
    assert not problems, "; ".join(problems) + (
        f"\n  witness: {result.witness}\n  diagnosis: {result.diagnosis}\n  detail: {result.detail}")
