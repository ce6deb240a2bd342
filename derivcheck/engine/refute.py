"""Testing a relation at points, and confirming a counterexample beyond doubt.

Screening evaluates both sides with mpmath at 30 significant digits. When the
sides seem to disagree, the point is re-evaluated at 60 and 120 digits: a
disagreement that shrinks as the precision grows is cancellation (the
cross-entropy gradient at a = 100 loses 44 digits in ``1 - σ(a)``), not an
error. A disagreement that survives is only a *candidate*: it is confirmed
with SymPy at the exact rational point, either exactly (a rational
difference) or by ``evalf(strict=True)`` at two precisions, which raises
rather than return digits it could not guarantee. Only a confirmed point
becomes a witness.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any, Sequence

import mpmath
import sympy
from sympy.core.evalf import PrecisionExhausted
from sympy.matrices import MatrixBase

from derivcheck.kernel.values import NoLimit
from derivcheck.engine.numeric import Fn, NotNumeric, NoValue, Undefined, compile_expr, to_mp
from derivcheck.engine.shorten import evaluate_sums
from derivcheck.formula import NEGATION, Connective, Formula, Rel, evaluate

SCREEN_DIGITS = (30, 60, 120)


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

    def __init__(self, op: str, lhs: sympy.Expr, rhs: sympy.Expr) -> None:
        self.op, self.lhs, self.rhs = op, lhs, rhs
        self.error: str | None = None
        self.lf: Fn | None = None
        self.rf: Fn | None = None
        try:
            self.lf = compile_expr(lhs)
            self.rf = compile_expr(rhs)
        except NotNumeric as exc:
            self.error = str(exc)

    def screen(self, env_exact: dict[sympy.Symbol, sympy.Expr]) -> Seen:
        """Test the relation at one point, escalating precision on doubt."""
        if self.lf is None or self.rf is None:
            return Seen.UNKNOWN
        samples: list[tuple[Any, Any]] = []
        undefined = 0
        for digits in SCREEN_DIGITS:
            with mpmath.workdps(digits):
                try:
                    env = {s: to_mp(v) for s, v in env_exact.items()}
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
        if d2 != 0 and abs(d2 - d1) <= abs(d2) * mpmath.mpf(10) ** -10:
            return Seen.CANDIDATE
        noise = d2 == 0 or abs(d2) <= abs(d1) * mpmath.mpf(10) ** -15
        if not noise:
            return Seen.UNKNOWN
        # The true difference is below the noise: zero as far as can be seen.
        return Seen.CANDIDATE if self.op in ("!=", "<", ">") else Seen.AGREE


def _infinite(v: Any) -> bool:
    return not isinstance(v, mpmath.mpc) and mpmath.isinf(v)


def _judge(op: str, lv: Any, rv: Any, digits: int) -> Seen:
    diff = lv - rv
    scale = max(abs(lv), abs(rv))
    tiny = abs(diff) <= scale * mpmath.mpf(10) ** (-(digits - 8))
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


def certified_sign(d: sympy.Expr) -> int | str | None:
    """The sign of a closed expression, or None when it cannot be certified.

    Returns 0 only when ``d`` is exactly zero; ``"complex"`` for a certainly
    non-real nonzero value.
    """
    if d.has(NoLimit):
        return None
    if d.is_Rational:
        return 1 if d > 0 else -1 if d < 0 else 0
    if d.has(sympy.nan, sympy.zoo) or d.has(sympy.oo, -sympy.oo):
        return None
    if d.free_symbols:
        return None
    try:
        v1 = d.evalf(30, strict=True, maxn=600)
        v2 = d.evalf(60, strict=True, maxn=1200)
    except (PrecisionExhausted, ValueError, TypeError, ArithmeticError, RecursionError):
        return 0 if _exactly_zero(d) else None
    re1, im1 = v1.as_real_imag()
    re2, im2 = v2.as_real_imag()
    if im2 != 0 and abs(im2) > 0 and im1 != 0:
        if abs(im1 - im2) <= abs(im2) * sympy.Float("1e-20"):
            return "complex"
    if re2 == 0 or re1 == 0:
        return 0 if _exactly_zero(d) else None
    if (re1 > 0) != (re2 > 0) or abs(re1 - re2) > abs(re2) * sympy.Float("1e-20"):
        return None
    return 1 if re2 > 0 else -1


def _exactly_zero(d: sympy.Expr) -> bool:
    if d == 0:
        return True
    try:
        if sympy.cancel(d) == 0:
            return True
        # simplify can take seconds on a large constant; this is only needed to
        # refute a strict inequality or a != at a point where both sides agree.
        return sympy.count_ops(d) < 150 and bool(sympy.simplify(d, doit=False) == 0)
    except (TypeError, ValueError, RecursionError, sympy.PolynomialError):
        return False


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


def _confirm_scalar(op: str, lv: sympy.Expr, rv: sympy.Expr) -> Confirmed | None:
    if lv.has(NoLimit) or rv.has(NoLimit):
        return Confirmed(show(lv), show(rv), "the limit does not exist")
    if lv.has(sympy.nan, sympy.zoo) or rv.has(sympy.nan, sympy.zoo):
        return None
    if lv.has(sympy.Limit, sympy.Integral, sympy.Derivative) or rv.has(sympy.Limit, sympy.Integral):
        return None
    s: int | str | None = _extended_sign(lv, rv) if (lv.is_infinite or rv.is_infinite) else certified_sign(lv - rv)
    if s is None:
        return None
    if s == "complex":
        # Non-real values are not ordered: an inequality says nothing there (the
        # point is skipped, as where a side is undefined); an equality is false.
        return Confirmed(show(lv), show(rv)) if op == "==" else None
    false = {
        "==": s != 0,
        "!=": s == 0,
        ">": s in (0, -1),
        ">=": s == -1,
        "<": s in (0, 1),
        "<=": s == 1,
    }[op]
    return Confirmed(show(lv), show(rv)) if false else None


def _extended_sign(lv: sympy.Expr, rv: sympy.Expr) -> int | None:
    """The sign of lv - rv when a side is ±oo (extended reals); None for complex infinity."""
    if lv.has(sympy.zoo) or rv.has(sympy.zoo):
        return None
    for v in (lv, rv):
        if not (v in (sympy.oo, -sympy.oo) or (v.is_finite and v.is_extended_real)):
            return None
    if lv == rv:
        return 0
    if lv == sympy.oo or rv == -sympy.oo:
        return 1
    return -1


def truth_at(rel: Rel, point: dict[sympy.Symbol, sympy.Expr]) -> bool | None:
    """The certified truth of a relation at a point: True, False or unknown."""
    if confirm(rel.op, rel.lhs, rel.rhs, point) is not None:
        return False
    if confirm(NEGATION[rel.op], rel.lhs, rel.rhs, point) is not None:
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
        # Python refuses to print an integer of more than 4300 digits.
        return f"(a number too large to print, about 10^{_magnitude(v)})"


def _magnitude(v: Any) -> str:
    try:
        return str(int(sympy.floor(sympy.log(sympy.Abs(v), 10))))
    except (TypeError, ValueError, ArithmeticError):
        return "?"


def _show(v: Any) -> str:
    if isinstance(v, MatrixBase):
        return _show_matrix(v)
    if isinstance(v, sympy.Basic) and v.has(NoLimit):
        return str(sympy.sstr(v))
    if isinstance(v, sympy.Expr) and (v.is_Rational or v.is_infinite):
        return str(sympy.sstr(v))
    try:
        n = v.evalf(30)
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
        return [Compiled(rel.op, a, b) for a, b in zip(rel.lhs, rel.rhs)]
    return [Compiled(rel.op, rel.lhs, rel.rhs)]


def screen_matrix(parts: Sequence[Compiled], op: str, point: dict[sympy.Symbol, sympy.Expr]) -> Seen:
    """Screen an entrywise relation: any candidate entry makes a candidate
    for ``==``; for ``!=`` the matrices differ if any entry differs."""
    seen = [p.screen(point) for p in parts]
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
    "certified_sign",
    "compile_relation",
    "confirm",
    "exact_at",
    "formula_truth",
    "screen_matrix",
    "show",
    "truth_at",
]

