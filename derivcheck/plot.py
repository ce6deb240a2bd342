"""``derivcheck explain ID --plot FILE.png``: a claim in one real variable, drawn.

Both sides of the claim (for a chain: the two lines of its first broken link,
or every line when none breaks) are drawn over a range of their one continuous
variable, with the counterexample marked when the claim is refuted. The
pipeline reads like the rest of derivcheck:

    prepare(claim)  → the curves' SymPy expressions (first case), their variable
    draw(plan, result, path) → pick the curves, sample them, write the PNG

The expressions are built by :func:`derivcheck.semantics.build` and sampled with
the engine's numeric compiler (:func:`derivcheck.engine.numeric.compile_expr`),
so the picture shows the same mathematics the verdict is about. matplotlib is
an optional extra (``derivcheck[plot]``); nothing here imports it until a
picture is drawn.
"""

from __future__ import annotations

import importlib.util
import math
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping, Sequence

import mpmath
import sympy
from sympy.matrices import MatrixBase

from derivcheck.engine.numeric import NotNumeric, NoValue, Undefined, compile_expr
from derivcheck.errors import ClaimError, DerivcheckError
from derivcheck.evaluate import read
from derivcheck.formula import Rel
from derivcheck.model import Claim, ClaimResult, Location, Text, Verdict
from derivcheck.problem import Instance, Scope, Variable
from derivcheck.semantics import build

#: Points sampled per curve: smooth at a PNG's width, and fast (~10 ms per curve).
SAMPLES = 400

#: The window shown when the domain is unbounded and no witness says where to look.
DEFAULT_WINDOW = (-5.0, 5.0)

#: Working precision of the samples: a picture needs far fewer digits than a verdict.
PLOT_DPS = 20

INSTALL_HINT = "install derivcheck[plot] for --plot"


class PlotError(DerivcheckError):
    """The claim cannot be plotted, or the picture cannot be drawn (a usage error, exit 2)."""


@dataclass(frozen=True)
class Curve:
    """One expression to draw, and its legend."""

    label: str
    expr: sympy.Expr


@dataclass(frozen=True)
class Plan:
    """What a plot of a claim can show, before the verdict is known.

    ``curves`` holds both sides of a claim, or every line of a chain (the
    chain's line k is ``curves[k - 1]``); :func:`draw` picks among them.
    """

    claim: Claim
    variable: Variable
    curves: tuple[Curve, ...]
    case: str  # the finite values of the case shown, "" when there is one case
    conditions: tuple[Rel, ...] = ()


def require_matplotlib() -> None:
    """Fail early, with the install hint, when the ``plot`` extra is missing.

    Raises:
        PlotError: matplotlib cannot be imported.
    """
    if importlib.util.find_spec("matplotlib") is None:
        raise PlotError(INSTALL_HINT)


def prepare(claim: Claim) -> Plan:
    """Build the claim's first case and check it can be drawn against one real variable.

    Raises:
        PlotError: the claim cannot be read, is not a relation of scalar
            expressions, or does not have exactly one continuous variable.
    """
    try:
        problem = build(claim)
    except ClaimError as exc:
        raise PlotError(f"{claim.id} cannot be read, so it cannot be plotted: {exc.message}") from None
    if not problem.instances:
        raise PlotError(f"{claim.id} has no case to plot")
    inst = problem.instances[0]
    curves = _curves(claim, inst)
    free: set[sympy.Symbol] = set()
    for curve in curves:
        free |= curve.expr.free_symbols
    by_symbol = {v.symbol: v for v in inst.variables}
    unknown = sorted(str(s) for s in free if s not in by_symbol)
    if unknown:
        raise PlotError(f"{claim.id} depends on {', '.join(unknown)}, which cannot be put on an axis")
    used = [by_symbol[s] for s in sorted(free, key=lambda s: by_symbol[s].name)]
    continuous = [v for v in used if _continuous(v)]
    discrete = [v for v in used if not _continuous(v)]
    if discrete:
        names = ", ".join(v.name for v in discrete)
        raise PlotError(f"{claim.id} has variables that are not continuous real ones ({names}); --plot draws a claim in one real variable")
    if len(continuous) != 1:
        names = f" ({', '.join(v.name for v in continuous)})" if continuous else ""
        raise PlotError(
            f"{claim.id} has {len(continuous)} continuous variables{names}; --plot draws a claim in exactly one real variable"
        )
    conditions = tuple(c for c in inst.conditions if isinstance(c, Rel) and not isinstance(c.lhs, MatrixBase))
    return Plan(claim, continuous[0], tuple(curves), inst.label, conditions)


def _continuous(v: Variable) -> bool:
    return bool(v.symbol.is_real) and not v.symbol.is_integer


def _scalar(value: Any, what: str, claim: Claim) -> sympy.Expr:
    if isinstance(value, MatrixBase):
        if value.shape != (1, 1):
            raise PlotError(f"{claim.id}: {what} is a {value.shape[0]}×{value.shape[1]} matrix; --plot draws scalar expressions")
        value = value[0, 0]
    if not isinstance(value, sympy.Expr):
        raise PlotError(f"{claim.id}: {what} is not an expression that can be drawn")
    return value


def _curves(claim: Claim, inst: Instance) -> list[Curve]:
    if claim.claim is not None:
        rel = inst.claim
        if not isinstance(rel, Rel):
            raise PlotError(f"{claim.id} is a logical statement, not a relation between two sides; --plot draws two sides")
        lhs, rhs = _scalar(rel.lhs, "the left side", claim), _scalar(rel.rhs, "the right side", claim)
        return [Curve(f"left side: {_short(sympy.sstr(lhs))}", lhs), Curve(f"right side: {_short(sympy.sstr(rhs))}", rhs)]
    curves = []
    for k, (item, text) in enumerate(zip(inst.items, claim.steps), start=1):
        curves.append(Curve(f"({k}) {_short(text.expr.value)}", _scalar(item, f"line {k}", claim)))
    return curves


def _short(text: str, limit: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def draw(plan: Plan, result: ClaimResult | None, path: Path) -> None:
    """Sample the curves the result calls for and write the picture to ``path``.

    For a chain with a refuted link, the link's two lines are drawn; for any
    other chain, every line. The witness, when the result (or the broken
    link) has one for the plotted variable, is marked on both curves.

    Raises:
        PlotError: matplotlib is missing, a curve cannot be evaluated, or the
            file cannot be written.
    """
    require_matplotlib()
    curves, witness_map, title_extra = choose_curves(plan, result)
    witness = _witness_value(witness_map, plan.variable.name)
    lo, hi = window(plan.variable, witness)
    xs = [lo + (hi - lo) * i / (SAMPLES - 1) for i in range(SAMPLES)]
    inside = _condition_mask(plan, xs)
    series = []
    for curve in curves:
        fn = _compiled(curve, plan)
        ys = [_value(fn, plan.variable.symbol, x) if ok else math.nan for x, ok in zip(xs, inside)]
        series.append(ys)
    if all(math.isnan(y) for ys in series for y in ys):
        raise PlotError(f"{plan.claim.id}: no point of {plan.variable.name} in [{lo:g}, {hi:g}] gives the curves a real value")
    marks = [_value(_compiled(c, plan), plan.variable.symbol, witness) for c in curves] if witness is not None else []
    _render_png(plan, curves, xs, series, witness, marks, title_extra, path)


def choose_curves(plan: Plan, result: ClaimResult | None) -> tuple[list[Curve], Mapping[str, str] | None, str]:
    """The curves to draw, the witness to mark, and a line for the title saying why."""
    curves = list(plan.curves)
    if result is None:
        return curves, None, ""
    if not result.steps:
        return curves, result.witness if result.verdict is Verdict.REFUTED else None, ""
    broken = next((link for link in result.steps if link.verdict is Verdict.REFUTED), None)
    if broken is None or broken.index >= len(curves):
        return curves, None, "every line of the chain"
    pair = curves[broken.index - 1 : broken.index + 1]
    return pair, broken.witness, f"link {broken.index}, the first that breaks"


def _witness_value(witness: Mapping[str, str] | None, name: str) -> float | None:
    """The witness's coordinate for ``name``, read by the safe expression parser."""
    if not witness or name not in witness:
        return None
    try:
        value = read(Text(witness[name], Location("<witness>", 1)), Scope())
        x = float(value)
    except (ClaimError, TypeError, ValueError):
        return None
    return x if math.isfinite(x) else None


def window(variable: Variable, witness: float | None) -> tuple[float, float]:
    """The range of the horizontal axis: the domain, cut to a readable window around the witness.

    >>> import sympy
    >>> window(Variable(sympy.Symbol("a", real=True), "a"), 8.0)
    (-5.0, 8.65)
    >>> window(Variable(sympy.Symbol("p", positive=True), "p"), None)[0] > 0
    True
    """
    lo, lo_open = _bound(variable.lo, -math.inf), variable.lo_open
    hi, hi_open = _bound(variable.hi, math.inf), variable.hi_open
    sym = variable.symbol
    # A domain such as "positive" lives in the symbol's assumptions, not in lo/hi.
    if sym.is_nonnegative and lo < 0:
        lo, lo_open = 0.0, bool(sym.is_positive)
    if sym.is_nonpositive and hi > 0:
        hi, hi_open = 0.0, bool(sym.is_negative)
    a, b = max(lo, DEFAULT_WINDOW[0]), min(hi, DEFAULT_WINDOW[1])
    if a >= b:  # the domain lies outside the default window: a stretch of it
        a, b = (lo, lo + 10.0) if math.isfinite(lo) else (hi - 10.0, hi)
    if witness is not None:
        margin = 0.05 * (max(b, witness) - min(a, witness))
        a = max(lo, min(a, witness - margin))
        b = min(hi, max(b, witness + margin))
    # An open end is not in the domain (the claim may not even be defined there): step inside.
    inset = 1e-3 * (b - a)
    if a == lo and lo_open:
        a += inset
    if b == hi and hi_open:
        b -= inset
    return round(a, 10), round(b, 10)


def _bound(value: sympy.Expr, default: float) -> float:
    if value in (sympy.oo, -sympy.oo):
        return default
    try:
        return float(value)
    except TypeError:
        return default


def _compiled(curve: Curve, plan: Plan) -> Callable[[Mapping[sympy.Symbol, Any]], Any]:
    try:
        return compile_expr(curve.expr)
    except NotNumeric as exc:
        raise PlotError(f"{plan.claim.id}: {curve.label} cannot be evaluated numerically ({exc})") from None


def _value(fn: Callable[[Mapping[sympy.Symbol, Any]], Any], symbol: sympy.Symbol, x: float | None) -> float:
    """The curve at ``x``; NaN (a gap in the line) where it has no real value."""
    if x is None:
        return math.nan
    try:
        with mpmath.workdps(PLOT_DPS):
            v = fn({symbol: mpmath.mpf(x)})
    except (Undefined, NotNumeric, NoValue, ZeroDivisionError, ValueError, OverflowError, TypeError):
        return math.nan
    if isinstance(v, mpmath.mpc):
        if v.imag != 0:
            return math.nan
        v = v.real
    try:
        y = float(v)
    except (TypeError, ValueError, OverflowError):
        return math.nan
    return y if math.isfinite(y) else math.nan


def _condition_mask(plan: Plan, xs: Sequence[float]) -> list[bool]:
    """Which points satisfy the claim's ``assume`` conditions (points that do not are not drawn)."""
    checks = []
    for cond in plan.conditions:
        try:
            checks.append((cond.op, compile_expr(cond.lhs), compile_expr(cond.rhs)))
        except NotNumeric:
            continue
    ops: dict[str, Callable[[float, float], bool]] = {
        "<": lambda a, b: a < b,
        "<=": lambda a, b: a <= b,
        ">": lambda a, b: a > b,
        ">=": lambda a, b: a >= b,
        "==": lambda a, b: a == b,
        "!=": lambda a, b: a != b,
    }
    mask = []
    for x in xs:
        ok = True
        for op, lhs, rhs in checks:
            a, b = _value(lhs, plan.variable.symbol, x), _value(rhs, plan.variable.symbol, x)
            if not math.isnan(a) and not math.isnan(b) and not ops[op](a, b):
                ok = False
                break
        mask.append(ok)
    return mask


def y_limits(series: Sequence[Sequence[float]], marks: Sequence[float]) -> tuple[float, float] | None:
    """A vertical range that a pole does not flatten: the central 96% when outliers dominate.

    >>> y_limits([[0.0, 1.0, 2.0]], [])
    (-0.1, 2.1)
    """
    values = sorted(y for ys in series for y in ys if not math.isnan(y))
    extra = [m for m in marks if not math.isnan(m)]
    if not values and not extra:
        return None
    if values:
        full = (values[0], values[-1])
        n = len(values)
        core = (values[int(0.02 * n)], values[max(int(0.98 * n) - 1, 0)])
        lo, hi = core if (full[1] - full[0]) > 10 * max(core[1] - core[0], 1e-12) else full
    else:
        lo, hi = extra[0], extra[0]
    lo, hi = min([lo, *extra]), max([hi, *extra])
    pad = 0.05 * (hi - lo) if hi > lo else max(abs(lo) * 0.1, 1.0)
    return round(lo - pad, 10), round(hi + pad, 10)


def _render_png(
    plan: Plan,
    curves: Sequence[Curve],
    xs: Sequence[float],
    series: Sequence[Sequence[float]],
    witness: float | None,
    marks: Sequence[float],
    title_extra: str,
    path: Path,
) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")  # no display: the picture only goes to a file
        import matplotlib.pyplot as plt
    except ImportError:
        raise PlotError(INSTALL_HINT) from None
    fig, ax = plt.subplots(figsize=(8, 5), dpi=120)
    try:
        styles = ["-", "--", ":", "-."]
        for k, (curve, ys) in enumerate(zip(curves, series)):
            # Later curves dashed: where the sides agree, both stay visible.
            ax.plot(xs, ys, styles[k % len(styles)], linewidth=2.2 - 0.4 * min(k, 2), label=curve.label)
        if witness is not None:
            ax.axvline(witness, color="0.45", linestyle=":", linewidth=1)
            for k, y in enumerate(marks):
                if not math.isnan(y):
                    ax.plot([witness], [y], "o", color=f"C{k}", markersize=7, markeredgecolor="black")
            # At the foot of the line, on a white ground: the marks are usually higher up.
            ax.annotate(
                f"witness {plan.variable.name} = {_fmt(witness)}",
                xy=(witness, 0.0),
                xycoords=("data", "axes fraction"),
                xytext=(4, 6),
                textcoords="offset points",
                fontsize=9,
                color="0.2",
                bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "0.8", "alpha": 0.9},
            )
        limits = y_limits(series, marks)
        if limits is not None and limits[0] < limits[1]:
            ax.set_ylim(*limits)
        ax.set_xlabel(plan.variable.name)
        title = textwrap.wrap(f"{plan.claim.id}: {plan.claim.title}", 95)[:2]
        sub = "; ".join(x for x in (title_extra, f"shown for {plan.case}" if plan.case else "") if x)
        ax.set_title("\n".join(title + ([sub] if sub else [])), fontsize=10)
        ax.grid(True, alpha=0.3)
        ax.legend(fontsize=9, loc="best")
        fig.tight_layout()
        try:
            fig.savefig(path)
        except OSError as exc:
            raise PlotError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        plt.close(fig)


def _fmt(x: float) -> str:
    return f"{x:.6g}"
