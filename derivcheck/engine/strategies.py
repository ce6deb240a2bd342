"""Proof strategies, as a registry: each a small named function, cheap ones first.

A strategy receives the difference ``d = lhs - rhs`` of a relation and tries to
show ``d = 0`` (for ``==``) or ``d > 0`` / ``d >= 0`` (for inequalities, after
orienting them) for every value of the variables. It answers True only when
it has *shown* it; False means "not shown", never "false". Every rewriting
used is an equivalence on the declared domain:

* ``expand``/``cancel``/``together`` are identities of rational functions;
* replacing ``exp(c·x)`` by ``X**c`` with a positive ``X`` (for real ``x``)
  turns the sigmoid/softmax algebra into rational functions; an identity of
  rational functions in independent indeterminates holds at every point where
  both sides are defined, whatever value the indeterminates take;
* log rules are applied by ``expand_log`` *without* ``force``, so only where
  SymPy's assumptions make them valid (never ``log(x**2) = 2 log x``), and an
  interval such as ``p ∈ (0, 1)`` is reparametrised as ``p = u/(1+u)`` with
  ``u > 0`` so that ``log(1 - p)`` becomes ``-log(1 + u)``;
* a piecewise atom (Max, Abs, Heaviside, sign) is split on the sign of its
  argument by substituting ``v = (±u - r)/c`` or ``v = -r/c`` for a variable
  ``v`` of the linear argument ``c·v + r``: the three cases cover the line.

Adding a strategy is adding one entry to :data:`EQUALITY` or :data:`SIGN` (or
:func:`register`), with its rank and cost.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Callable, Sequence

import sympy

from derivcheck.engine import inequalities, integer_part, inverse, nonlinear, orderings, polylogs, powers, signsplit, squares, trig, weighted
from derivcheck.engine import conditioned, exppowers, extremes
from derivcheck.engine.gamma import complemented, gamma_rewritings
from derivcheck.engine.intervals import prove_sign_on_box
from derivcheck.engine.quadratic import prove_nonnegative
from derivcheck.engine.rational import rational_zero
from derivcheck.engine.rewritings import exp_to_rational, factorable, known_sign, product_sign, reparametrise, settle_atoms
from derivcheck.engine.shorten import evaluate_sums
from derivcheck.errors import OutOfTime
from derivcheck.formula import Formula
from derivcheck.kernel import monotone
from derivcheck.kernel import integrals as kernel_integrals
from derivcheck.kernel.primitives import branching_atoms, breaks
from derivcheck.problem import Variable

#: Expressions larger than this (in operations) skip ``simplify``: it can take minutes.
SIMPLIFY_MAX_OPS = 400


@dataclass
class Context:
    """What a strategy may know: the variables, and when to stop trying."""

    variables: list[Variable]
    deadline: float = float("inf")
    depth: int = 0
    effort: list[int] = field(default_factory=lambda: [0])  # sub-goals of the inequality strategies, one chain
    conditions: tuple[Formula, ...] = ()  # the claim's conditions: only the relation as stated (depth 0) is under them

    def check_time(self) -> None:
        """Raise :class:`OutOfTime` once the claim's time is spent (a safety net, not a cut-off)."""
        if time.monotonic() > self.deadline:
            raise OutOfTime("the claim's time budget ran out")

    def real_symbols(self, e: sympy.Expr) -> list[sympy.Symbol]:
        return sorted(
            (s for s in e.free_symbols if isinstance(s, sympy.Symbol) and s.is_extended_real),
            key=lambda s: s.name,
        )


class Cost(Enum):
    """How much a strategy may cost, which decides when it is tried."""

    FIRST = "first"  # tried even when only the cheapest strategies are (a sign seen at a glance)
    ORDINARY = "ordinary"
    EXPENSIVE = "expensive"  # SymPy's simplify and the like: only when time permits


@dataclass(frozen=True)
class Strategy:
    """A named way to show ``d = 0``.

    ``rank`` orders the methods by how much a reader must trust to follow
    them: a proof made of several parts is named after its highest-ranked part.
    """

    name: str
    run: Callable[[sympy.Expr, Context], bool]
    summary: str
    rank: int
    cost: Cost = Cost.ORDINARY

    @property
    def expensive(self) -> bool:
        return self.cost is Cost.EXPENSIVE


# ---------------------------------------------------------------------------
# Rewritings
# ---------------------------------------------------------------------------


def _zero_by_cancel(e: sympy.Expr) -> bool:
    """True if e, over one denominator, has a numerator that expands to 0.

    This is what ``cancel(e) == 0`` decides, at half the cost: a rational
    function is zero exactly when its numerator is the zero polynomial.
    """
    if e == 0 or rational_zero(e):
        # The same identity read in flint's polynomials: milliseconds where SymPy
        # takes seconds on a Jacobian; when it cannot read e, SymPy's route decides.
        return True
    try:
        numerator, _ = sympy.fraction(sympy.together(e))
        return bool(sympy.expand(numerator) == 0)
    except (sympy.PolynomialError, TypeError, ValueError, RecursionError):
        return False


def _cheap_zero(e: sympy.Expr, ctx: Context) -> bool:
    """The cheap part of the ladder, used inside splits and reparametrisations."""
    return any(s.run(e, ctx) for s in EQUALITY if not s.expensive and s.name != "case-split")


# ---------------------------------------------------------------------------
# Equality strategies: show d = 0
# ---------------------------------------------------------------------------


def _structural(d: sympy.Expr, ctx: Context) -> bool:
    return bool(d == 0)


def _cancel(d: sympy.Expr, ctx: Context) -> bool:
    return _zero_by_cancel(d)


def _exp_rational(d: sympy.Expr, ctx: Context) -> bool:
    if not d.has(sympy.exp, sympy.tanh, sympy.sinh, sympy.cosh):
        return False
    return _zero_by_cancel(exp_to_rational(d))


def _log_expand(d: sympy.Expr, ctx: Context) -> bool:
    if not d.has(sympy.log):
        return False
    e = sympy.expand_log(d, deep=True, force=False)
    if e == d:
        e = sympy.expand_log(exp_to_rational(d), deep=True, force=False)
    if _zero_by_cancel(e) or _zero_by_cancel(exp_to_rational(e)) or _zero_by_cancel(
        sympy.expand_log(exp_to_rational(e), deep=True, force=False)
    ):
        return True
    # log(e^x·A + e^x·B) shows its product only once the argument is factored (an identity).
    factored = d.replace(lambda z: isinstance(z, sympy.log), lambda z: sympy.log(sympy.factor_terms(z.args[0])))
    e = sympy.expand_log(factored, deep=True, force=False)
    return factored != d and e != factored and _zero_by_cancel(exp_to_rational(e))


def _gamma_functions(d: sympy.Expr, ctx: Context) -> bool:
    ctx.check_time()
    split = complemented(d, lambda e, strict: prove_sign(e, ctx, strict, cheap_only=True))
    if split is not None and _cheap_zero(split, ctx):
        return True
    return any(_zero_by_cancel(e) for e in gamma_rewritings(d))


def _sum_doit(d: sympy.Expr, ctx: Context) -> bool:
    if not d.has(sympy.Sum, sympy.Product):
        return False
    e = evaluate_sums(d)
    if e.has(sympy.KroneckerDelta) or e.has(sympy.Piecewise):
        e = sympy.piecewise_fold(e)
    return e == 0 or _cheap_zero(e, ctx) or _case_split(e, ctx)


def _interval_reparam(d: sympy.Expr, ctx: Context) -> bool:
    bounded = [v for v in ctx.variables if v.symbol in d.free_symbols and (v.lo != -sympy.oo or v.hi != sympy.oo)]
    if not bounded:
        return False
    pieces = reparametrise(d, bounded)
    inner = Context(ctx.variables, ctx.deadline, ctx.depth + 1)
    return all(_cheap_zero(p, inner) or _case_split(p, inner) for p in pieces)


def _integrands(d: sympy.Expr, ctx: Context) -> bool:
    """Definite integrals over one range, each of which exists, combined into one
    integrand per range (the kernel's rule), each shown 0 by the cheap ladder."""
    if not d.has(sympy.Integral):
        return False
    integrands = kernel_integrals.combined_integrands(d)
    return integrands is not None and all(_cheap_zero(sympy.expand(g), ctx) for g in integrands)


def _simplify(d: sympy.Expr, ctx: Context) -> bool:
    ctx.check_time()
    if sympy.count_ops(d) > SIMPLIFY_MAX_OPS or d.has(sympy.Integral):
        # simplify cannot see inside unevaluated integrals, and spends seconds trying.
        return False
    try:
        return bool(sympy.simplify(d, doit=False) == 0) or bool(sympy.simplify(exp_to_rational(d), doit=False) == 0)
    except (TypeError, ValueError, RecursionError, sympy.PolynomialError):
        return False


def _inverse_hyperbolic(d: sympy.Expr, ctx: Context) -> bool:
    plain = inverse.undone(d)
    if plain is not None and (_cheap_zero(plain, ctx) or _case_split(plain, ctx)):
        return True
    rewritten = inverse.as_logs(d, lambda e, strict: prove_sign(e, ctx, strict, cheap_only=True))
    return rewritten is not None and _cheap_zero(rewritten, ctx)


def _polylogs(d: sympy.Expr, ctx: Context) -> bool:
    rewritten = polylogs.elementary(d, lambda e, strict: prove_sign(e, ctx, strict, cheap_only=True))
    return rewritten is not None and _cheap_zero(rewritten, ctx)


def _ceilings(d: sympy.Expr, ctx: Context) -> bool:
    rewritten = integer_part.ceilings_as_floors(d)
    return rewritten is not None and _cheap_zero(rewritten, ctx)


def _fractional_parts(d: sympy.Expr, ctx: Context, strict: bool) -> bool:
    rewritten = integer_part.fractional_parts(d)
    return rewritten is not None and prove_sign(rewritten, ctx, strict, cheap_only=True)


def _shifted_argument(d: sympy.Expr, ctx: Context) -> bool:
    inner = Context(ctx.variables, ctx.deadline, ctx.depth + 3)
    return ctx.depth <= 2 and any(_cheap_zero(e, inner) for e in trig.shifted_forms(d, ctx.real_symbols(d)))


# ---------------------------------------------------------------------------
# Case splits on piecewise atoms
# ---------------------------------------------------------------------------


def split_cases(e: sympy.Expr, ctx: Context) -> list[sympy.Expr] | None:
    """Split on the sign of one piecewise atom's argument; None if none can be split."""
    atoms = [a for a in e.atoms(*branching_atoms()) if a.free_symbols]
    # Smallest first, ties by SymPy's canonical key: never by a set's order, which
    # follows hashes that change from one process to the next.
    for atom in sorted(atoms, key=lambda a: (sympy.count_ops(a), sympy.default_sort_key(a))):
        for g in _split_expressions(atom):
            sub = _linear_substitution(g, ctx)
            if sub is not None:
                v, cases = sub
                return [settle_atoms(e.subs(v, c)) for c in cases]
    return None


def _split_expressions(atom: sympy.Expr) -> list[sympy.Expr]:
    if isinstance(atom, sympy.Piecewise):
        out = []
        for _, cond in atom.args:
            for rel in sorted(cond.atoms(sympy.core.relational.Relational), key=sympy.default_sort_key):
                out.append(rel.lhs - rel.rhs)
        return out
    return breaks(atom)


def _linear_substitution(g: sympy.Expr, ctx: Context) -> tuple[sympy.Symbol, list[sympy.Expr]] | None:
    for v in ctx.real_symbols(g):
        poly = g.as_poly(v)
        if poly is None or poly.degree() != 1:
            continue
        c, r = poly.all_coeffs()
        if v in c.free_symbols or not c.is_number or c == 0:
            continue
        u = sympy.Dummy(f"u_{v.name}", positive=True)
        # v > 0 / v < 0 assumptions prune impossible cases: keep only the cases
        # consistent with them (v's sign is known when r = 0).
        cases = [(u - r) / c, (-u - r) / c, -r / c]
        if r == 0 and v.is_positive:
            cases = [u / c] if c > 0 else [-u / c]
        elif r == 0 and v.is_negative:
            cases = [-u / c] if c > 0 else [u / c]
        elif r == 0 and v.is_nonnegative:
            cases = [u / c if c > 0 else -u / c, sympy.Integer(0)]
        elif r == 0 and v.is_nonzero:
            cases = [u / c, -u / c]
        return v, cases
    return None


def _case_split(d: sympy.Expr, ctx: Context) -> bool:
    ctx.check_time()
    if ctx.depth > 4:
        return False
    cases = split_cases(d, ctx)
    if cases is None:
        return False
    inner = Context(ctx.variables, ctx.deadline, ctx.depth + 1)
    # A case where the expression has no value at all (a division by zero on
    # the boundary piece) is skipped, as undefined points are everywhere.
    return all(c == 0 or c in (sympy.nan, sympy.zoo) or _cheap_zero(c, inner) or _case_split(c, inner) for c in cases)


# ---------------------------------------------------------------------------
# Sign strategies: show d > 0 (strict) or d >= 0
# ---------------------------------------------------------------------------


def _assumptions(d: sympy.Expr, ctx: Context, strict: bool) -> bool:
    return known_sign(d, strict)


def _positivity(d: sympy.Expr, ctx: Context, strict: bool) -> bool:
    e = sympy.together(exp_to_rational(d))
    num, den = sympy.fraction(e)
    num, den = sympy.expand(num), sympy.expand(den)
    if known_sign(den, True) and known_sign(num, strict):
        return True
    if known_sign(-den, True) and known_sign(-num, strict):
        return True
    if not factorable(num, den):
        return False  # a long sum, whose factoring could take seconds: not shown here
    return (sign := product_sign(sympy.factor(num), strict)) is not None and sign == product_sign(sympy.factor(den), True)


def _sign_case_split(d: sympy.Expr, ctx: Context, strict: bool) -> bool:
    ctx.check_time()
    if ctx.depth > 4:
        return False
    cases = split_cases(d, ctx)
    if cases is None:
        return False
    inner = Context(ctx.variables, ctx.deadline, ctx.depth + 1)
    return all(prove_sign(c, inner, strict, cheap_only=True) or _sign_case_split(c, inner, strict) for c in cases)


def _sign_reparam(d: sympy.Expr, ctx: Context, strict: bool) -> bool:
    bounded = [v for v in ctx.variables if v.symbol in d.free_symbols and (v.lo != -sympy.oo or v.hi != sympy.oo)]
    if not bounded:
        return False
    inner = Context(ctx.variables, ctx.deadline, ctx.depth + 1)
    return all(prove_sign(p, inner, strict, cheap_only=True) for p in reparametrise(d, bounded))


def _monotone(d: sympy.Expr, ctx: Context, strict: bool) -> bool:
    """f(A) - f(B) > 0 for a strictly increasing f exactly when A - B > 0.

    Also f(A) - c and c - f(A) for a constant c, written f(f⁻¹(c)) (exp and
    log only). Only where f is increasing: the kernel names what its
    arguments must be (real, or positive for log), and that is proved on the
    whole domain before the step is taken.
    """
    if ctx.depth > 3 or not isinstance(d, sympy.Add) or len(d.args) != 2:
        return False
    deeper = Context(ctx.variables, ctx.deadline, ctx.depth + 1)
    for p, q in (d.args, d.args[::-1]):
        step = _monotone_step(p, -q)
        if step is None:
            continue
        need, args, inner = step
        if need is monotone.Needs.POSITIVE:
            met = all(prove_sign(x, deeper, True, expensive=False) for x in args)
        else:
            met = all(monotone.real_by_assumptions(x) for x in args)
        return met and prove_sign(inner, deeper, strict, expensive=False)
    return False


def _monotone_step(p: sympy.Expr, q: sympy.Expr) -> tuple[monotone.Needs, list[sympy.Expr], sympy.Expr] | None:
    """For p > q: the condition on f's arguments, the arguments, and the equivalent inner claim (inner > 0)."""
    for f_side, other, flip in ((p, q, 1), (q, p, -1)):
        need = monotone.needs(f_side)
        if need is None or len(f_side.args) != 1:
            continue
        (a,) = f_side.args
        if type(other) is type(f_side):
            return need, [a, other.args[0]], flip * (a - other.args[0])
        if other.is_number and other.is_extended_real:
            if isinstance(f_side, sympy.exp) and other.is_positive:
                return need, [a], flip * (a - sympy.log(other))
            if isinstance(f_side, sympy.log):
                return need, [a], flip * (a - sympy.exp(other))
    return None


def _cleared_denominator(d: sympy.Expr, ctx: Context, strict: bool) -> bool:
    """N/D > 0 (>= 0) where D > 0 and N > 0 (>= 0), or D < 0 and N < 0 (<= 0), on the whole
    domain: both signs are sub-goals of the ladder below (``exp(x) <= 1/(1 - x)`` for x < 1 is
    ``(1 - x)·exp(x) <= 1``, which the critical points decide, times the positive 1 - x)."""
    if ctx.depth > 2:
        return False
    num, den = sympy.fraction(sympy.together(d))
    if not den.free_symbols or not num.free_symbols:
        return False
    ladder = _below(ctx)
    for sign in (1, -1):
        if ladder.ask(sign * den, True):
            return ladder.ask(sign * num, strict)
    return False


def _orderings(d: sympy.Expr, ctx: Context) -> list[sympy.Expr] | None:
    if ctx.depth > 2:
        return None
    return orderings.ordering_cases(d, [v.symbol for v in ctx.variables])


def _zero_orderings(d: sympy.Expr, ctx: Context) -> bool:
    cases = _orderings(d, ctx)
    inner = Context(ctx.variables, ctx.deadline, ctx.depth + 1)
    return cases is not None and all(c == 0 or _cheap_zero(c, inner) for c in cases)


def _sign_orderings(d: sympy.Expr, ctx: Context, strict: bool) -> bool:
    cases = _orderings(d, ctx)
    if cases is None:
        return False
    # A budget of its own: the cases are new claims, which the strategies tried before
    # on the whole (that could not split it) must not have spent.
    ladder = _below(Context(ctx.variables, ctx.deadline, ctx.depth, [0]))
    return all(ladder.ask(c, strict) for c in cases)


def _intervals(d: sympy.Expr, ctx: Context, strict: bool) -> bool:
    return prove_sign_on_box(d, ctx.variables, strict, ctx.deadline)


def _sign_simplify(d: sympy.Expr, ctx: Context, strict: bool) -> bool:
    ctx.check_time()
    if sympy.count_ops(d) > SIMPLIFY_MAX_OPS:
        return False
    s = sympy.simplify(d, doit=False)
    return known_sign(s, strict) or _positivity(s, ctx, strict)


def _below(ctx: Context) -> inequalities.Ladder:
    """The sign ladder one level deeper, without the expensive strategies: the sub-goals of other modules."""
    inner = Context(ctx.variables, ctx.deadline, ctx.depth + 1, ctx.effort)
    return inequalities.Ladder(lambda e, s: inner.depth <= 4 and prove_sign(e, inner, s, expensive=False), ctx.depth, ctx.effort)


@dataclass(frozen=True)
class SignStrategy:
    """A named way to show ``d > 0`` or ``d >= 0`` (``rank`` and ``cost`` as for :class:`Strategy`)."""

    name: str
    run: Callable[[sympy.Expr, Context, bool], bool]
    summary: str
    rank: int
    cost: Cost = Cost.ORDINARY

    @property
    def expensive(self) -> bool:
        return self.cost is Cost.EXPENSIVE


EQUALITY: list[Strategy] = [
    Strategy("structural", _structural, "both sides are the same expression", 0),
    Strategy("large-powers", lambda d, ctx: powers.zero_without_expanding(d, lambda e: _cheap_zero(e, ctx)), "each large power of one base as one unknown, then cancel", 2),
    Strategy("cancel", _cancel, "expand, put over one denominator, cancel", 2),
    Strategy("exp-rational", _exp_rational, "exp(x) as a positive unknown X; then a rational identity", 4),
    Strategy("sum-doit", _sum_doit, "evaluate sums and products, then cancel", 8),
    Strategy("integrands", _integrands, "integrals over one range combined; their integrand shown 0", 9),
    Strategy("case-split", _case_split, "split on the sign of each Max/Abs/Heaviside/sign argument", 10),
    Strategy("largest-argument", _zero_orderings, "split on which argument of Max (Min) is the largest (smallest)", 10),
    # Before log-expand: on an interval domain log-expand cannot see that 1 - x > 0,
    # and the pieces of the reparametrisation get log-expand anyway.
    Strategy("interval-reparam", _interval_reparam, "reparametrise interval domains by a positive unknown", 11),
    Strategy("log-expand", _log_expand, "log rules valid under the assumptions, then cancel", 7),
    Strategy("half-angle", lambda d, ctx: trig.half_angle(d, _zero_by_cancel), "sin, cos, tan as rational functions of tan(w/2), then cancel", 5),
    Strategy("shifted-argument", _shifted_argument, "an argument c0 + c1*x as one unknown u", 6),
    Strategy("trig-sign-split", lambda d, ctx: ctx.depth <= 3 and signsplit.split_zero(d, lambda e: _cheap_zero(e, Context(ctx.variables, ctx.deadline, ctx.depth + 1))), "split on the sign of sin or cos under Abs and sign", 10),
    Strategy("sign-times-abs", lambda d, ctx: (e := signsplit.signs_absorbed(d)) is not None and _cheap_zero(e, ctx), "sign(u)·|u|**b as u·|u|**(b - 1), then the cheap ladder", 10),
    Strategy("gamma-functions", _gamma_functions, "Γ's recurrences (expand_func, gammasimp) and its split into incomplete gammas, then cancel", 12),
    Strategy("polylog-low-order", _polylogs, "polylog(1, u) = -log(1 - u) (and the orders below) where u < 1", 7),
    Strategy("ceiling-as-floor", _ceilings, "ceiling(u) as -floor(-u)", 3),
    Strategy("inverse-hyperbolic", _inverse_hyperbolic, "asinh, acosh, atanh undone on sinh, cosh, tanh, or as logs where SymPy's formula holds", 7),
    Strategy("simplify", _simplify, "SymPy's simplify", 14, Cost.EXPENSIVE),
]

SIGN: list[SignStrategy] = [
    SignStrategy("assumptions", _assumptions, "the sign follows from the domains' assumptions", 3, Cost.FIRST),
    SignStrategy("large-powers", lambda d, ctx, strict: powers.zero_without_expanding(d, lambda e: prove_sign(e, ctx, strict, cheap_only=True)), "each large power of one base as one unknown, then the sign", 3),
    # Before positivity: on an interval domain the signs of 1 - x and the like are
    # known only after the reparametrisation, whose pieces get positivity anyway.
    SignStrategy("interval-reparam", _sign_reparam, "reparametrise interval domains by a positive unknown", 11),
    # Before positivity, which spends seconds factoring a Hessian's quadratic form that this reads in milliseconds.
    SignStrategy("weighted-squares", lambda d, ctx, strict: weighted.prove_nonnegative(d, strict), "exp(a) as positive unknowns; a sum of squares with weights shown ≥ 0", 7),
    SignStrategy("positivity", _positivity, "exp(x) as a positive unknown; numerator and denominator signs", 5, Cost.FIRST),
    SignStrategy("monotone", _monotone, "f(A) > f(B) for an increasing f exactly when A > B", 6),
    SignStrategy("gram", lambda d, ctx, strict: prove_nonnegative(d, strict), "a polynomial as mᵀGm with an exact Gram matrix G ⪰ 0", 7),
    SignStrategy("extremes-per-argument", lambda d, c, s: extremes.bounded_extremes(d, s, _below(c)), "a Max below a bound (a Min above one) as one inequality per argument", 8),
    SignStrategy("case-split", _sign_case_split, "split on the sign of each piecewise argument", 10),
    SignStrategy("largest-argument", _sign_orderings, "split on which argument of Max (Min) is the largest (smallest)", 10),
    SignStrategy("largest-argument-under-conditions", lambda d, c, s: conditioned.ordered_under_conditions(d, s, c.conditions, c.variables, c.depth), "split on the largest (smallest) argument of Max (Min), each case by z3 under the conditions", 12),
    SignStrategy("interval-arithmetic", _intervals, "certified interval bounds with bisection on a bounded box", 13),
    SignStrategy("exponentials-as-powers", lambda d, c, s: exppowers.exponentials_as_powers(d, s, _below(c)), "exp(x/q) as a positive unknown u, exp(c·x) as an integer power of u", 12),
    SignStrategy("tangent-line", lambda d, c, s: inequalities.tangent_lines(d, s, _below(c)), "log, exp by tangent lines, sin, cos by ±1; exponentiate", 12),
    SignStrategy("critical-points", lambda d, c, s: inequalities.critical_points(d, c.variables, s, _below(c)), "f at the zeros of f' and at the ends", 12),
    SignStrategy("cleared-denominator", _cleared_denominator, "a quotient's sign from its numerator's and denominator's", 12),
    *([SignStrategy("nonlinear-arithmetic", lambda d, c, s: nonlinear.prove_sign(d, c.variables, s), "polynomial real arithmetic decided by z3", 12)] if nonlinear.AVAILABLE else []),
    SignStrategy("squares", lambda d, c, s: squares.by_squares(d, s, _below(c)), "two nonnegative sides compared by their squares", 9),
    SignStrategy("fractional-part", _fractional_parts, "floor(u) as u - f and ceiling(u) as u + f, f in [0, 1)", 6),
    SignStrategy("simplify", _sign_simplify, "SymPy's simplify, then the sign", 14, Cost.EXPENSIVE),
]


@dataclass
class Attempt:
    """Which strategy closed a proof (None if none did), and which were tried."""

    proof: str | None
    tried: list[str] = field(default_factory=list)


#: What a strategy may raise on an expression it cannot handle: "not shown".
_GIVE_UP = (RecursionError, TypeError, ValueError, AttributeError, NotImplementedError, sympy.PolynomialError)


def _climb(names: Sequence[tuple[str, Callable[[], bool]]], ctx: Context) -> Attempt:
    """Run strategies in order until one shows the goal; record what was tried."""
    attempt = Attempt(None)
    for name, run in names:
        ctx.check_time()
        attempt.tried.append(name)
        try:
            ok = run()
        except _GIVE_UP:
            ok = False
        if ok:
            attempt.proof = name
            break
    return attempt


def prove_zero(d: sympy.Expr, ctx: Context, *, expensive: bool = True) -> Attempt:
    """Try the equality ladder on ``d = 0``."""
    big = powers.too_large_to_expand(d)
    ladder = [(s.name, lambda s=s: s.run(d, ctx)) for s in EQUALITY if (expensive or not s.expensive) and powers.affordable(s.name, big)]
    return _climb(ladder, ctx)


def prove_sign(d: sympy.Expr, ctx: Context, strict: bool, *, cheap_only: bool = False, expensive: bool = True) -> bool:
    """Show d > 0 (``strict``) or d >= 0; True only if shown."""
    return prove_sign_attempt(d, ctx, strict, cheap_only=cheap_only, expensive=expensive).proof is not None


def prove_sign_attempt(
    d: sympy.Expr, ctx: Context, strict: bool, *, cheap_only: bool = False, expensive: bool = True
) -> Attempt:
    """Try the sign ladder; the attempt names the strategy that closed it."""
    big = powers.too_large_to_expand(d)
    ladder = [
        (s.name, lambda s=s: s.run(d, ctx, strict))
        for s in SIGN
        if (expensive or not s.expensive) and (not cheap_only or s.cost is Cost.FIRST) and powers.affordable(s.name, big)
    ]
    return _climb(ladder, ctx)


#: Proof methods that are not strategies of a ladder (the decision tries them
#: itself), with their ranks.
OTHER_METHODS: dict[str, int] = {"exact evaluation": 1, "linear-arithmetic": 12}

#: The rank of a method no table lists: after every listed one.
UNRANKED = 15


def rank(name: str) -> int:
    """The rank of a proof method, from the strategies' tables."""
    ranks = {s.name: s.rank for s in SIGN} | {s.name: s.rank for s in EQUALITY}
    if name in ranks:
        return ranks[name]
    return OTHER_METHODS.get(name, UNRANKED)


def join_proofs(names: list[str]) -> str:
    """The name of a proof made of parts: its highest-ranked method."""
    distinct = sorted(set(names), key=rank)
    return distinct[-1] if distinct else "structural"


def register(strategy: Strategy | SignStrategy, *, before: str | None = None) -> Callable[[], None]:
    """Add a strategy to its ladder (before the one named ``before``, else last, before the expensive ones).

    Returns the function that takes it out again.
    """
    ladder: list[Any] = EQUALITY if isinstance(strategy, Strategy) else SIGN
    names = [s.name for s in ladder]
    if before is not None:
        at = names.index(before)
    else:
        at = next((i for i, s in enumerate(ladder) if s.expensive), len(ladder))
    ladder.insert(at, strategy)

    def undo() -> None:
        ladder.remove(strategy)

    return undo
