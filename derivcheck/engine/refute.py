"""Testing a relation at points, and confirming a counterexample beyond doubt.

Screening evaluates both sides with mpmath at 30 significant digits. When the
sides seem to disagree, the point is re-evaluated at 60 and 120 digits: a
disagreement that shrinks as the precision grows is cancellation (the
cross-entropy gradient at a = 100 loses 44 digits in ``1 - σ(a)``), not an
error. A disagreement that survives is only a *candidate*: the kernel
judges it at the exact rational point, with exact arithmetic or rigorous
balls (:mod:`derivcheck.kernel.judge`). Only a confirmed point becomes a
witness.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any, Sequence

import mpmath
import sympy
from sympy.matrices import MatrixBase

from derivcheck.kernel import balls
from derivcheck.kernel.judge import relation_false
from derivcheck.kernel.values import NoLimit
from derivcheck.engine.numeric import Fn, NotNumeric, NoValue, Undefined, compile_expr, compile_many, shared_env, to_mp
from derivcheck.engine.shorten import evaluate_sums
from derivcheck.formula import NEGATION, Connective, Formula, Rel, evaluate
from derivcheck.settings import SETTINGS

SCREEN_DIGITS = SETTINGS.screen_digits


class Seen(Enum):
    """What screening saw at one point."""

    AGREE = "agree"  # the relation holds to the working precision
    CANDIDATE = "candidate"  # it seems false: confirm before believing
    UNDEFINED = "undefined"  # a side has no value here: skip the point
    UNKNOWN = "unknown"  # nothing can be said here


@dataclass(frozen=True)
class Confirmed:
    """A relation found false at a point, with both sides' values."""

    lhs: str
    rhs: str
    reason: str = ""


class Compiled:
    """A scalar relation with both sides compiled for screening."""

    def __init__(self, op: str, lhs: sympy.Expr, rhs: sympy.Expr, compiled: tuple[Fn, Fn] | None = None) -> None:
        self.op, self.lhs, self.rhs = op, lhs, rhs
        self.error: str | None = None
        self.lf: Fn | None = None
        self.rf: Fn | None = None
        if compiled is not None:
            self.lf, self.rf = compiled
            return
        try:
            self.lf = compile_expr(lhs)
            self.rf = compile_expr(rhs)
        except NotNumeric as exc:
            self.error = str(exc)

    def screen(self, env_exact: dict[sympy.Symbol, sympy.Expr], envs: dict[int, Any] | None = None) -> Seen:
        """Test the relation at one point, escalating precision on doubt.

        ``envs`` keeps the point's environment at each precision, with its
        shared values, for the other entries of the same matrix (``compile_many``).
        """
        if self.lf is None or self.rf is None:
            return Seen.UNKNOWN
        samples: list[tuple[Any, Any]] = []
        undefined = 0
        env: Any
        for digits in SCREEN_DIGITS:
            with mpmath.workdps(digits):
                try:
                    if envs is None:
                        env = {s: to_mp(v) for s, v in env_exact.items()}
                    elif digits in envs:
                        env = envs[digits]
                    else:
                        env = envs[digits] = shared_env({s: to_mp(v) for s, v in env_exact.items()})
                    lv, rv = self.lf(env), self.rf(env)
                except NoValue:
                    return Seen.CANDIDATE
                except (Undefined, ZeroDivisionError, OverflowError, ValueError):
                    # At low precision a cancellation can look like a zero
                    # denominator; undefined twice means undefined.
                    undefined += 1
                    if undefined >= 2:
                        return Seen.UNDEFINED
                    continue
                except NotNumeric:
                    return Seen.UNKNOWN
                if _infinite(lv) or _infinite(rv):
                    # Infinities compare exactly; confirmation redoes it in SymPy.
                    same = _infinite(lv) and _infinite(rv) and lv == rv
                    holds = {"==": same, "!=": not same}.get(self.op)
                    return Seen.AGREE if holds else Seen.CANDIDATE
                if _judge(self.op, lv, rv, digits) is Seen.AGREE:
                    return Seen.AGREE
                samples.append((lv - rv, max(abs(lv), abs(rv))))
        if len(samples) < 2:
            return Seen.UNKNOWN
        (d1, _), (d2, scale) = samples[-2:]
        # Not accepted at any precision. A real discrepancy is stable as the
        # precision grows; rounding noise from cancellation shrinks with it.
        if d2 != 0 and abs(d2 - d1) <= abs(d2) * mpmath.mpf(10) ** -SETTINGS.stable_relative:
            return Seen.CANDIDATE
        noise = d2 == 0 or abs(d2) <= abs(d1) * mpmath.mpf(10) ** -SETTINGS.noise_relative
        if not noise:
            return Seen.UNKNOWN
        # The true difference is below the noise: zero as far as can be seen.
        return Seen.CANDIDATE if self.op in ("!=", "<", ">") else Seen.AGREE


def _infinite(v: Any) -> bool:
    return not isinstance(v, mpmath.mpc) and mpmath.isinf(v)


def _judge(op: str, lv: Any, rv: Any, digits: int) -> Seen:
    diff = lv - rv
    scale = max(abs(lv), abs(rv))
    tiny = abs(diff) <= scale * mpmath.mpf(10) ** (-(digits - SETTINGS.equal_slack_digits))
    if op == "==":
        return Seen.AGREE if (diff == 0 or tiny) else Seen.CANDIDATE
    if op == "!=":
        return Seen.CANDIDATE if (diff == 0 or tiny) else Seen.AGREE
    if isinstance(diff, mpmath.mpc) and diff.imag != 0:
        return Seen.UNDEFINED  # not ordered: skipped, like an undefined side
    d = diff.real if isinstance(diff, mpmath.mpc) else diff
    if op in ("<", "<="):
        d = -d
    if op in (">", "<"):
        return Seen.AGREE if (d > 0 and not tiny) else Seen.CANDIDATE
    return Seen.AGREE if (d >= 0 or tiny) else Seen.CANDIDATE


def exact_at(expr: Any, point: dict[sympy.Symbol, sympy.Expr]) -> Any:
    """The exact value of an expression (or matrix) at a point."""
    if isinstance(expr, MatrixBase):
        return expr.xreplace(point)
    value = expr.xreplace(point)
    if value.has(sympy.Sum, sympy.Product):
        value = evaluate_sums(value)
    return value


def confirm(op: str, lhs: Any, rhs: Any, point: dict[sympy.Symbol, sympy.Expr]) -> Confirmed | None:
    """Confirm that ``lhs op rhs`` is false at ``point``; None if it cannot be confirmed."""
    lv, rv = exact_at(lhs, point), exact_at(rhs, point)
    if isinstance(lv, MatrixBase):
        if op == "==":
            # Matrices differ when one entry does.
            for a, b in zip(lv, rv):
                c = _confirm_scalar("==", a, b)
                if c is not None:
                    return Confirmed(_show_matrix(lv), _show_matrix(rv), c.reason)
            return None
        # "!=" is false only when every entry is certainly equal.
        if all(_confirm_scalar("!=", a, b) is not None for a, b in zip(lv, rv)):
            return Confirmed(_show_matrix(lv), _show_matrix(rv))
        return None
    return _confirm_scalar(op, lv, rv)


def false_at(op: str, lhs: Any, rhs: Any, point: dict[sympy.Symbol, sympy.Expr]) -> bool:
    """Whether ``lhs op rhs`` is confirmed false at ``point``: ``confirm(...) is not None``,
    judged by the same kernel rule, without wording the two sides' values.

    Wording a large matrix (every entry to 30 digits) costs more than judging
    it, and a search for a simpler witness judges many points: only the point
    kept is worded. A matrix equality is judged entry by entry, each entry
    substituted when it is reached, and stops at the first entry found false.
    """
    if isinstance(lhs, MatrixBase) and op == "==":
        return any(relation_false("==", a.xreplace(point), b.xreplace(point)) is not None for a, b in zip(lhs, rhs, strict=False))
    lv, rv = exact_at(lhs, point), exact_at(rhs, point)
    if isinstance(lv, MatrixBase):
        return all(relation_false("!=", a, b) is not None for a, b in zip(lv, rv, strict=False))
    return relation_false(op, lv, rv) is not None


def _confirm_scalar(op: str, lv: sympy.Expr, rv: sympy.Expr) -> Confirmed | None:
    # The kernel alone says whether the relation is false (see kernel/judge.py).
    false = relation_false(op, lv, rv)
    return None if false is None else Confirmed(show(lv), show(rv), false.reason)


def truth_at(rel: Rel, point: dict[sympy.Symbol, sympy.Expr]) -> bool | None:
    """The certified truth of a relation at a point: True, False or unknown."""
    if false_at(rel.op, rel.lhs, rel.rhs, point):
        return False
    if false_at(NEGATION[rel.op], rel.lhs, rel.rhs, point):
        return True
    return None


def formula_truth(f: Formula, point: dict[sympy.Symbol, sympy.Expr]) -> bool | None:
    """The certified truth of a statement at a point (three-valued)."""
    truth: dict[int, bool | None] = {}
    stack: list[Formula] = [f]
    while stack:
        g = stack.pop()
        if isinstance(g, Rel):
            truth[id(g)] = truth_at(g, point)
        elif isinstance(g, Connective):
            stack.extend(g.args)
    return evaluate(f, truth)


def show(v: Any) -> str:
    """A value for people: exact when rational, else 30 significant digits."""
    try:
        return _show(v)
    except ValueError:
        # Python refuses to print an integer of more than 4300 digits; a rational such as
        # 1.001**20000 has them in its numerator while its value is only about 4.8e8.
        return f"{_approximately(v)} (too large to print exactly)"


def _approximately(v: Any) -> str:
    """v's first digits, or its order of magnitude where even those cannot be had."""
    try:
        n = sympy.sympify(v).evalf(SETTINGS.shown_digits)
        if isinstance(n, sympy.Float):
            return "≈ " + _trim(str(sympy.sstr(n)))
    except (TypeError, ValueError, ArithmeticError, sympy.SympifyError):
        pass
    try:
        return f"about 10^{int(sympy.floor(sympy.log(sympy.Abs(v), 10)))}"
    except (TypeError, ValueError, ArithmeticError):
        return "a number"


def _show(v: Any) -> str:
    if isinstance(v, MatrixBase):
        return _show_matrix(v)
    if isinstance(v, sympy.Basic) and v.has(NoLimit):
        return str(sympy.sstr(v))
    if isinstance(v, sympy.Expr) and (v.is_Rational or v.is_infinite):
        return str(sympy.sstr(v))
    if isinstance(v, sympy.Expr) and v.has(sympy.Integral, sympy.Sum, sympy.Product):
        # evalf would integrate by its own quadrature, for seconds.
        return balls.digits(v) or str(sympy.sstr(v))
    try:
        n = v.evalf(SETTINGS.shown_digits)
    except (TypeError, ValueError, ArithmeticError):
        return str(sympy.sstr(v))
    if isinstance(n, sympy.Float):
        return _trim(str(sympy.sstr(n)))
    return str(sympy.sstr(n))


def _trim(s: str) -> str:
    if "e" in s or "." not in s:
        return s
    return s.rstrip("0").rstrip(".") if "." in s else s


def _show_matrix(m: MatrixBase) -> str:
    return "[" + "; ".join(", ".join(show(m[i, j]) for j in range(m.shape[1])) for i in range(m.shape[0])) + "]"


def compile_relation(rel: Rel) -> list[Compiled]:
    """One compiled scalar relation per entry (a matrix equality is entrywise)."""
    if isinstance(rel.lhs, MatrixBase):
        pairs = list(zip(rel.lhs, rel.rhs, strict=True))
        try:
            fns = compile_many([e for pair in pairs for e in pair])
        except NotNumeric:
            return [Compiled(rel.op, a, b) for a, b in pairs]
        return [Compiled(rel.op, a, b, (fns[2 * i], fns[2 * i + 1])) for i, (a, b) in enumerate(pairs)]
    return [Compiled(rel.op, rel.lhs, rel.rhs)]


def screen_matrix(parts: Sequence[Compiled], op: str, point: dict[sympy.Symbol, sympy.Expr]) -> Seen:
    """Screen an entrywise relation: any candidate entry makes a candidate
    for ``==``; for ``!=`` the matrices differ if any entry differs."""
    envs: dict[int, Any] = {}  # one environment per precision, shared by the entries at this point
    seen = [p.screen(point, envs) for p in parts]
    if op == "!=":
        inner = [Compiled("==", p.lhs, p.rhs).screen(point) for p in parts]
        if any(s is Seen.CANDIDATE for s in inner):
            return Seen.AGREE
        if all(s is Seen.AGREE for s in inner):
            return Seen.CANDIDATE
        return Seen.UNKNOWN
    if any(s is Seen.CANDIDATE for s in seen):
        return Seen.CANDIDATE
    if any(s is Seen.UNDEFINED for s in seen):
        return Seen.UNDEFINED
    if all(s is Seen.AGREE for s in seen):
        return Seen.AGREE
    return Seen.UNKNOWN


__all__ = [
    "Compiled",
    "Confirmed",
    "Seen",
    "compile_relation",
    "confirm",
    "exact_at",
    "false_at",
    "formula_truth",
    "screen_matrix",
    "show",
    "truth_at",
]

