"""Near-miss diagnoses of a refuted relation, as a registry of small named entries.

When ``lhs == rhs`` is refuted, an author wants to know *what* is wrong: a
sign, a factor, a constant, a variable replaced by its negative or swapped
with another, a transposed matrix, a claim true only on part of the domain or
everywhere but one point. Each entry states a precise alternative claim and
*proves* it with the same proof ladder as a verdict (and the alternative must
also hold at the witness, a cheap exact check), so a diagnosis is as sound as
a proof: it is given only when shown, never guessed.

Adding a diagnosis is adding one function to :data:`DIAGNOSES`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any, Callable

import mpmath
import sympy
from sympy.matrices import MatrixBase

from derivcheck.engine.numeric import to_mp
from derivcheck.engine.powers import too_large_to_expand
from derivcheck.engine import sketch as sk
from derivcheck.engine.refute import Compiled, Seen
from derivcheck.engine import sizes
from derivcheck.engine.shorten import shorten
from derivcheck.engine.sampling import Point, points
from derivcheck.kernel import tails
from derivcheck.engine.strategies import Context, prove_sign, prove_zero
from derivcheck.errors import OutOfTime
from derivcheck.evidence import NearMiss, Pairs
from derivcheck.formula import Rel, free_symbols
from derivcheck.problem import Instance, Variable
from derivcheck.settings import SETTINGS
from derivcheck.wording import NEAR_MISSES

#: Relations larger than this (in operations) get no diagnosis: the effort is
#: bounded by the size, the same on every machine, not by the clock.
MAX_OPS = SETTINGS.diagnosis_max_ops


def _improper(rel: Rel) -> bool:
    sides = [e for side in (rel.lhs, rel.rhs) for e in (side if isinstance(side, MatrixBase) else [side])]
    return any(isinstance(e, sympy.Basic) and tails.improper_integral(e) for e in sides)


def _size(rel: Rel) -> int:
    return rel.operations  # counted once: the witness search has asked it already


#: A diagnosis found: its name and its parameters (worded by :mod:`derivcheck.wording`).
Diagnosis = NearMiss

#: An entry of the registry: the parameters of the alternative claim it proved, or None.
Diagnoser = Callable[[Rel, Instance, Context], "Pairs | None"]


def _zero(e: Any, ctx: Context) -> bool:
    """True if ``e`` (a scalar or a matrix) is shown identically zero.

    A few numeric points come first: most alternatives are false, and a
    numeric discrepancy rejects them in microseconds, before any proof is tried.
    """
    entries = list(e) if isinstance(e, MatrixBase) else [e]
    for entry in entries:
        if entry == 0:
            continue
        if not _plausibly_zero(sympy.sympify(entry), ctx):
            return False
        if prove_zero(sympy.sympify(entry), ctx, expensive=False).proof is None:
            return False
    return True


def _plausibly_zero(e: sympy.Expr, ctx: Context) -> bool:
    free = e.free_symbols
    variables = [v for v in ctx.variables if v.symbol in free]
    known = {v.symbol for v in variables}
    for extra in sorted(free - known, key=lambda s: s.name):
        # Unknowns a diagnosis introduced (u > 0 in x = w + u): sampled by
        # their assumptions, like any declared unknown.
        if not extra.is_extended_real:
            return True
        variables.append(Variable(extra, extra.name))
    screen = Compiled("==", e, sympy.Integer(0))
    for point in points(variables, 97, 4):
        if screen.screen(point) is Seen.CANDIDATE:
            return False
    return True


def _sample_value(e: sympy.Expr, ctx: Context, seed: int) -> sympy.Expr | None:
    """The exact value of e at one sample point of the variables (None if undefined)."""
    variables = [v for v in ctx.variables if v.symbol in e.free_symbols]
    for point in points(variables, seed, 6):
        value = e.xreplace(point)
        if value.is_finite and not value.has(sympy.nan, sympy.zoo):
            return value
    return None


def _real_vars(rel: Rel, inst: Instance) -> list[Variable]:
    free = free_symbols(rel.lhs) | free_symbols(rel.rhs)
    return [v for v in inst.variables if v.symbol in free and v.symbol.is_extended_real]


def _scalar(rel: Rel) -> bool:
    return not isinstance(rel.lhs, MatrixBase)


def sign(rel: Rel, inst: Instance, ctx: Context) -> Pairs | None:
    """lhs = −rhs."""
    if rel.op != "==":
        return None
    if _scalar(rel) and rel.lhs.is_infinite and rel.rhs.is_infinite and rel.lhs == -rel.rhs:
        return ()
    if sk.never(rel, ctx, lambda lv, rv: sk.differ(lv, -rv)) or _zero(rel.rhs, ctx):
        return None
    return () if _zero(rel.lhs + rel.rhs, ctx) else None


def monomial_factor(rel: Rel, inst: Instance, ctx: Context) -> Pairs | None:
    """lhs = m·rhs for a monomial m in the unknowns (a factor too many or too few)."""
    if rel.op != "==" or not _scalar(rel) or rel.rhs == 0 or rel.lhs == 0:
        return None
    if sympy.count_ops(rel.lhs) + sympy.count_ops(rel.rhs) > 200 or sk.not_monomial(rel, ctx):
        return None
    try:
        m = sympy.factor(sympy.cancel(rel.lhs / rel.rhs))
    except (sympy.PolynomialError, TypeError, ValueError):
        return None
    if not m.free_symbols or m.has(sympy.nan, sympy.zoo) or not _monomial(m):
        return None
    if not _zero(rel.lhs - m * rel.rhs, ctx):
        return None
    names = inst.names()
    shown = sympy.sstr(m.xreplace({s: sympy.Symbol(n) for s, n in names.items() if s in m.free_symbols}))
    return (("factor", shown),)


def _monomial(m: sympy.Expr) -> bool:
    for f in sympy.Mul.make_args(m):
        base = f.base if isinstance(f, sympy.Pow) and f.exp.is_Integer else f
        if not (base.is_Symbol or base.is_number):
            return False
    return len(sympy.Mul.make_args(m)) <= 4


def difference(rel: Rel, inst: Instance, ctx: Context) -> Pairs | None:
    """lhs = rhs + d for a short expression d, shown equal to the difference."""
    if rel.op != "==" or not _scalar(rel):
        return None
    d = rel.lhs - rel.rhs
    try:
        short = sympy.together(d)
        if sympy.count_ops(short) > 14 and sympy.count_ops(d) <= 60:
            short = shorten(d)
    except (TypeError, ValueError, RecursionError, sympy.PolynomialError):
        return None
    if short == 0 or sympy.count_ops(short) > 14 or short.has(sympy.nan, sympy.zoo):
        return None
    # The short form must be shown equal to d, by the proof ladder.
    if not _zero(d - short, ctx):
        return None
    names = inst.names()
    shown = sympy.sstr(short.xreplace({s: sympy.Symbol(n) for s, n in names.items() if s in short.free_symbols}))
    return (("difference", shown),)


def factor(rel: Rel, inst: Instance, ctx: Context) -> Pairs | None:
    """lhs = c·rhs for a constant c (neither 1 nor −1)."""
    if rel.op != "==" or not _scalar(rel) or rel.rhs == 0 or rel.lhs == 0:
        return None
    # The factor, if there is one, is the ratio at any point: take it at a
    # sample point, exactly, then prove lhs = c·rhs everywhere.
    if sk.ratio_varies(rel, ctx):
        return None
    value = _sample_value(rel.lhs / rel.rhs, ctx, 11)
    if value is None:
        return None
    c = sympy.nsimplify(shorten(value)) if not value.is_Rational else value
    if c.free_symbols or c in (1, -1, 0) or c.has(sympy.nan, sympy.zoo, sympy.oo):
        return None
    if not _zero(rel.lhs - c * rel.rhs, ctx):
        return None
    return (("factor", sympy.sstr(c)),)


def size_factor(pairs: list[tuple[Rel, Instance]], deadline: float) -> Pairs | None:
    """lhs = f(n)·rhs in every case, for one factor f of a listed integer n from
    :data:`derivcheck.engine.sizes.SIZE_FACTORS`.

    In each case the ratio is read at a sample point; a candidate f(n) must
    match it to 30 digits in every case, and is then proved in every case (lhs −
    f(n)·rhs shown zero by the proof ladder, as for a constant factor). A
    matrix's ratio is read at its first entry with a non-zero right side.
    """
    if len(pairs) < 2 or any(rel.op != "==" for rel, _ in pairs):
        return None
    seen: list[Any] = []
    contexts = []
    for rel, inst in pairs:
        ctx = Context(list(inst.variables), deadline)
        c = _case_ratio(rel, ctx)
        if c is None:
            return None
        seen.append(c)
        contexts.append(ctx)
    cases = [dict(inst.assignment) for _, inst in pairs]
    for written, name, values in sizes.fitting(cases, seen, lambda x, y: sk.differ(x, y), sk.SKETCH_DIGITS):
        if all(_zero(_minus(rel.lhs, v * rel.rhs), ctx) for (rel, _), v, ctx in zip(pairs, values, contexts, strict=True)):
            return (("factor", written), ("size", name))
    return None


def _case_ratio(rel: Rel, ctx: Context) -> Any:
    """lhs/rhs of one case at a sample point, to 30 digits (None when it varies or is not real)."""
    if _scalar(rel) and sk.ratio_varies(rel, ctx):
        return None
    entries = list(zip(rel.lhs, rel.rhs, strict=True)) if not _scalar(rel) else [(rel.lhs, rel.rhs)]
    for a, b in entries:
        value = None if b == 0 or not isinstance(b, sympy.Expr) else _sample_value(a / b, ctx, 11)
        if value is not None and value != 0 and value.is_number and value.is_finite:
            with mpmath.workdps(sk.SKETCH_DIGITS):
                c = to_mp(value)
            return c if sk.is_real(c) else None
    return None


def offset(rel: Rel, inst: Instance, ctx: Context) -> Pairs | None:
    """lhs = rhs + c for a constant c ≠ 0."""
    if rel.op != "==" or not _scalar(rel):
        return None
    if sk.offset_varies(rel, ctx):
        return None
    value = _sample_value(rel.lhs - rel.rhs, ctx, 13)
    if value is None:
        return None
    c = shorten(value) if not value.is_Rational else value
    if c.free_symbols or c == 0 or c.has(sympy.nan, sympy.zoo, sympy.oo):
        return None
    if not _zero(rel.lhs - rel.rhs - c, ctx):
        return None
    words = f"plus {sympy.sstr(c)}" if c.could_extract_minus_sign() is False else f"minus {sympy.sstr(-c)}"
    return (("constant", sympy.sstr(c)), ("words", words))


def negated_variable(rel: Rel, inst: Instance, ctx: Context) -> Pairs | None:
    """The claim holds with a variable replaced by its negative."""
    if rel.op != "==":
        return None
    for v in _real_vars(rel, inst):
        if v.lo != -sympy.oo or v.hi != sympy.oo or v.symbol.is_positive or v.symbol.is_negative:
            continue  # −a would leave the domain
        def negated(p: Point, s: sympy.Symbol = v.symbol) -> Point:
            return {**p, s: -p[s]} if s in p else p

        if sk.moved_apart(rel, ctx, negated, lambda p: p):
            continue
        flipped = _subs(rel.lhs, {v.symbol: -v.symbol})
        if _zero(_minus(flipped, rel.rhs), ctx):
            return (("variable", v.name),)
    return None


def swapped_variables(rel: Rel, inst: Instance, ctx: Context) -> Pairs | None:
    """The claim holds with two variables swapped on one side."""
    if rel.op != "==":
        return None
    vs = _real_vars(rel, inst)
    for a, b in itertools.combinations(vs, 2):
        if (a.lo, a.hi, a.symbol.assumptions0) != (b.lo, b.hi, b.symbol.assumptions0):
            continue
        def exchanged(p: Point, x: sympy.Symbol = a.symbol, y: sympy.Symbol = b.symbol) -> Point:
            return {**p, x: p[y], y: p[x]} if x in p and y in p else p

        if sk.moved_apart(rel, ctx, exchanged, lambda p: p):
            continue
        swapped = _subs(rel.lhs, {a.symbol: b.symbol, b.symbol: a.symbol})
        if _zero(_minus(swapped, rel.rhs), ctx):
            return (("first", a.name), ("second", b.name))
    return None


def transposed(rel: Rel, inst: Instance, ctx: Context) -> Pairs | None:
    """A matrix claim that holds with one side transposed."""
    if rel.op != "==" or _scalar(rel) or rel.lhs.shape[::-1] != rel.rhs.shape:
        return None
    if rel.lhs.shape[0] == rel.lhs.shape[1] and rel.lhs == rel.lhs.T:
        return None
    return () if _zero(rel.lhs.T - rel.rhs, ctx) else None


def transposed_factor(rel: Rel, inst: Instance, ctx: Context) -> Pairs | None:
    """The claim holds with a declared square matrix replaced by its transpose on one side."""
    if rel.op != "==":
        return None
    free = free_symbols(rel.lhs) | free_symbols(rel.rhs)
    unknowns = {v.symbol for v in inst.variables}
    declared = {v.name.split("[", 1)[0] for v in inst.variables if "[" in v.name}
    for name, m in sorted(inst.scope.names.items(), key=lambda kv: kv[0]):
        if name not in declared or not isinstance(m, MatrixBase) or m.rows != m.cols or m.rows < 2:
            continue
        entries = list(m)
        # A declared matrix: its entries are distinct unknowns (a symmetric one is its own transpose).
        if not all(e in unknowns for e in entries) or len(set(entries)) != len(entries) or not free & set(entries):
            continue
        swap = {m[i, j]: m[j, i] for i in range(m.rows) for j in range(m.cols) if i != j}
        for side in ("left", "right"):
            lhs = _subs(rel.lhs, swap) if side == "left" else rel.lhs
            rhs = _subs(rel.rhs, swap) if side == "right" else rel.rhs
            if _zero(_minus(lhs, rhs), ctx):
                return (("matrix", name), ("side", side))
    return None


def sub_domain(rel: Rel, inst: Instance, ctx: Context) -> Pairs | None:
    """The claim holds where one variable is positive (or negative), not elsewhere."""
    if rel.op != "==":
        return None
    for v in _real_vars(rel, inst):
        if v.lo != -sympy.oo or v.hi != sympy.oo or v.symbol.is_positive or v.symbol.is_negative:
            continue
        u = sympy.Dummy(f"{v.symbol.name}_pos", positive=True)
        for side, value in (("> 0", u), ("< 0", -u)):

            def signed(p: Point, s: sympy.Symbol = v.symbol, k: int = 1 if side == "> 0" else -1) -> Point:
                return {**p, s: k * (abs(p[s]) or 1)} if s in p else p

            if sk.moved_apart(rel, ctx, signed, signed):
                continue
            if _zero(_minus(_subs(rel.lhs, {v.symbol: value}), _subs(rel.rhs, {v.symbol: value})), ctx):
                return (("variable", v.name), ("side", side))
    return None


def isolated_point(rel: Rel, inst: Instance, ctx: Context, witness: dict[sympy.Symbol, sympy.Expr] | None = None) -> Pairs | None:
    """The claim holds everywhere except where one variable takes the witness's value."""
    if rel.op != "==" or not witness:
        return None
    sketch = sk.sketch_of(rel, ctx)
    for v in _real_vars(rel, inst):
        w = witness.get(v.symbol)
        if w is None:
            continue
        if sketch is not None and any(p.get(v.symbol) != w and sk.differ(lv, rv) for p, lv, rv in sketch.rows):
            continue  # false at a point away from v = w too

        def away(p: Point, s: sympy.Symbol = v.symbol, at: sympy.Expr = w) -> Point:
            return {**p, s: at + 1} if p.get(s) == at else p

        if sk.moved_apart(rel, ctx, away, away):
            continue
        u = sympy.Dummy("u", positive=True)
        ok = all(
            _zero(_minus(_subs(rel.lhs, {v.symbol: w + s * u}), _subs(rel.rhs, {v.symbol: w + s * u})), ctx)
            for s in (1, -1)
        )
        if ok:
            return (("variable", v.name), ("value", sympy.sstr(w)))
    return None


def strictness(rel: Rel, inst: Instance, ctx: Context) -> Pairs | None:
    """A strict inequality that holds as a non-strict one (equality somewhere)."""
    if rel.op not in ("<", ">") or not _scalar(rel):
        return None
    d = rel.lhs - rel.rhs if rel.op == ">" else rel.rhs - rel.lhs
    below = (lambda lv, rv: lv < rv and sk.differ(lv, rv)) if rel.op == ">" else (lambda lv, rv: lv > rv and sk.differ(lv, rv))
    if not sk.never(rel, ctx, below) and prove_sign(d, ctx, False, expensive=False):
        weak = ">=" if rel.op == ">" else "<="
        return (("relation", weak),)
    return None


def reversed_inequality(rel: Rel, inst: Instance, ctx: Context) -> Pairs | None:
    """An inequality that holds the other way round."""
    if rel.op not in ("<", "<=", ">", ">=") or not _scalar(rel):
        return None
    strict = rel.op in ("<", ">")
    d = rel.rhs - rel.lhs if rel.op in (">", ">=") else rel.lhs - rel.rhs
    # Reversed, lhs <= rhs (or lhs >= rhs) must hold: a point where lhs clearly exceeds rhs rules it out.
    wrong_way = (lambda lv, rv: lv > rv and sk.differ(lv, rv)) if rel.op in (">", ">=") else (lambda lv, rv: lv < rv and sk.differ(lv, rv))
    if not sk.never(rel, ctx, wrong_way) and prove_sign(d, ctx, strict, expensive=False):
        flipped = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}[rel.op]
        return (("relation", flipped),)
    return None


def _subs(value: Any, mapping: dict[sympy.Symbol, sympy.Expr]) -> Any:
    return value.xreplace(mapping) if isinstance(value, (sympy.Basic, MatrixBase)) else value


def _minus(a: Any, b: Any) -> Any:
    return a - b


@dataclass(frozen=True)
class Kind:
    """One entry of the registry: a kind of near miss and the function that looks for it.

    ``find(rel, inst, ctx)`` returns the parameters of the alternative statement
    it proved, or None. One that ``uses_witness`` also receives the refuting
    point, and looks at the refuted case alone (the witness names its unknowns).
    ``words`` is the template that words the parameters; the built-in kinds
    have theirs in :data:`derivcheck.wording.NEAR_MISSES`, where a registered
    kind's template goes too, so that every near miss is worded in one place.
    """

    name: str
    find: Callable[..., Pairs | None]
    uses_witness: bool = False
    words: str | None = None
    #: ``find(pairs, deadline)`` looks at every case at once (a pattern across them).
    across_cases: bool = False


#: The registry, most specific first: the first that is shown is reported.
DIAGNOSES: list[Kind] = [
    Kind("sign", sign),
    Kind("transposed", transposed),
    Kind("transposed-factor", transposed_factor),
    Kind("negated-variable", negated_variable),
    Kind("swapped-variables", swapped_variables),
    Kind("factor", factor),
    Kind("size-factor", size_factor, across_cases=True),
    Kind("offset", offset),
    Kind("monomial-factor", monomial_factor),
    Kind("isolated-point", isolated_point, uses_witness=True),
    Kind("sub-domain", sub_domain),
    Kind("strictness", strictness),
    Kind("reversed", reversed_inequality),
    Kind("difference", difference),
]


def register(entry: Kind, *, before: str | None = None) -> Callable[[], None]:
    """Add a diagnosis (before the one named ``before``, else last); returns the function that removes it."""
    at = [d.name for d in DIAGNOSES].index(before) if before is not None else len(DIAGNOSES)
    DIAGNOSES.insert(at, entry)
    if entry.words is not None:
        NEAR_MISSES[entry.name] = entry.words

    def undo() -> None:
        DIAGNOSES.remove(entry)
        NEAR_MISSES.pop(entry.name, None)

    return undo


def diagnose_all(
    pairs: list[tuple[Rel, Instance]], witness: dict[sympy.Symbol, sympy.Expr] | None = None, deadline: float = float("inf")
) -> Diagnosis | None:
    """The first diagnosis shown to hold for every (relation, instance) pair.

    The first pair is the refuted one; the others are the claim's other cases
    (a diagnosis must describe the claim, not one case of it).
    """
    # Each diagnosis is bounded by counted effort (the size of the relation, the
    # cheap proof ladder on a sketch-filtered alternative). The clock is only a
    # safety net: past the claim's deadline no diagnosis is given. The verdict,
    # decided before, stays what it is on every machine.
    if not pairs or any(_size(rel) > MAX_OPS or _improper(rel) or too_large_to_expand(rel.lhs - rel.rhs) for rel, _ in pairs):
        # (an unevaluated integral over an infinite range: each sketch point would cost
        # a quadrature of hundreds of nodes, and the ladder proves nothing about it)
        return None
    sk.clear()
    try:
        return _first_diagnosis(pairs, witness, deadline)
    except OutOfTime:
        return None


def _first_diagnosis(
    pairs: list[tuple[Rel, Instance]], witness: dict[sympy.Symbol, sympy.Expr] | None, deadline: float
) -> Diagnosis | None:
    for entry in DIAGNOSES:
        if entry.across_cases:
            try:
                found = entry.find(pairs, deadline)
            except (TypeError, ValueError, AttributeError, NotImplementedError, RecursionError, sympy.PolynomialError):
                found = None
            if found is not None:
                return NearMiss(entry.name, found)
            continue
        words: Pairs | None = None
        ok = True
        for k, (rel, inst) in enumerate(pairs):
            ctx = Context(list(inst.variables), deadline)
            if entry.uses_witness and k > 0:
                break  # the witness names the refuted case's unknowns only
            try:
                said = entry.find(rel, inst, ctx, witness) if entry.uses_witness else entry.find(rel, inst, ctx)
            except (TypeError, ValueError, AttributeError, NotImplementedError, RecursionError, sympy.PolynomialError):
                said = None
            if k == 0:
                words = said
            if said is None or said != words:
                # Each case must have the same near miss, with the same parameters:
                # a factor of 1/2 in one case and 4 in another is no diagnosis.
                ok = False
                break
        if ok and words is not None:
            return NearMiss(entry.name, words)
    return None
