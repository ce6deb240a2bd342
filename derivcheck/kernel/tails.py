"""Integrals over an infinite range against a decaying exponential weight, and
expectations that do not exist.

An expectation E g(X) of a continuous random variable is ∫ g(t) p(t) dt over
the support, and a Normal, Laplace or exponential density p is a decaying
exponential of a polynomial. When SymPy finds no closed form (the logistic
function against a Gaussian has none), the integral stays unevaluated and is
enclosed here at concrete parameter values, with Arb's rigorous quadrature on
a finite segment and a proved bound on what lies outside it.

Rules, each with why it is sound:

Q1. **Bounded factor.** The integrand is split as f(t) = g(t) · exp(q(t)), the
    product of its factors exp(u) with u a polynomial in t of degree ≤ 2
    (their arguments summed into q) and the rest g. A range
    ``lo(g) ≤ g(t) ≤ hi(g)`` valid for *every real t* is computed by interval
    rules over the extended reals (:func:`line_range`): t ranges over
    (−∞, ∞); a constant is its ball; sums and products of ranges; 1/u only
    for a range that excludes 0; exp is increasing; sin, cos, tanh, erf lie in
    [−1, 1], atan in [−π/2, π/2], Heaviside in [0, 1], sign in [−1, 1]; Max,
    Min and Abs by their ends. Every rule is the image of a real range under a
    real function defined on all of it, so the range is real and sound. When
    both ends are finite, |g(t)| ≤ M := max(|lo|, |hi|) on the whole line.
    Anything else (t itself, log, a root) gives no bound, and no enclosure.

Q2. **Gaussian weight** (deg q = 2). With q = −α t² + β t + γ and α > 0
    certainly, exp(q(t)) = K exp(−α (t − m)²), m = β/(2α), K = exp(γ + β²/(4α)).
    Outside |t − c| ≤ R, for any c and R' = R − |c − m| > 0,
    ∫ exp(q) ≤ K √(π/α) erfc(R' √α), so the part of ∫ f outside the segment
    is at most M K √(π/α) erfc(R' √α) in absolute value: the integral is the
    segment's enclosure widened by that bound. The same bound covers a range
    (−∞, b] or [a, ∞) whose finite end lies certainly inside (c − R, c + R):
    the segment is then [a, c + R] or [c − R, b].

Q3. **Exponential weight on a half-line** (deg q = 1). On [a, ∞) with
    q = β t + γ, β < 0 certainly: ∫_{a+R}^∞ exp(q) = exp(β (a + R) + γ)/|β|;
    on (−∞, b] with β > 0: ∫_{−∞}^{b−R} exp(q) = exp(β (b − R) + γ)/β. The
    part beyond is at most M times that.

    In Q2 and Q3 the segment's integral is Arb's (the integrand analytic near
    the segment, else no enclosure), and its real part is taken: g is real on
    the line (Q1) and exp(q) is real (q's coefficients are real balls). R is
    chosen from the precision so that the bound is below the working
    precision; any R would be sound.

E1. **An expectation that does not exist** (:func:`absent_expectation`).
    Lebesgue's E g(X) exists (possibly ±∞) when E g⁺ or E g⁻ is finite. Let
    g = h/d after cancelling, d a polynomial in t with rational coefficients,
    r a real root of d of odd multiplicity k strictly inside a piece of the
    support, with h(r)·p(r) real and non-zero (h(r) ≠ 0 by SymPy's
    assumptions, p(r) > 0) and h, p continuous on a neighbourhood of r (no
    singular point on [r − δ, r + δ], rule I2 of
    :mod:`derivcheck.kernel.integrals`, a jump counting as one: with
    h = sign(t) + 1/2 both sides of 0 go to +∞, and E g = +∞ exists). Then near r, g p = u(t)/(t − r)^k with
    u continuous and u(r) ≠ 0: on one side of r, Re(g p) ≥ |u(r)|/(2|t − r|^k),
    on the other Re(g p) ≤ −|u(r)|/(2|t − r|^k), neither integrable (k ≥ 1).
    So E (Re g)⁺ = E (Re g)⁻ = ∞, and E g(X) has no value: a relation with it
    as a side is false, as for a limit that does not exist.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import sympy
from flint import acb, arb

from derivcheck.kernel.integrals import singular_points
from derivcheck.kernel.values import NoLimit

Ball = arb | acb
#: An end of a range over the extended reals: a real ball, or None for ±∞.
End = arb | None
Range = tuple[End, End]

#: Q1's functions bounded on the whole real line, with their ranges.
_BOUNDED: dict[type, tuple[Callable[[], arb], Callable[[], arb]]] = {
    sympy.sin: (lambda: arb(-1), lambda: arb(1)),
    sympy.cos: (lambda: arb(-1), lambda: arb(1)),
    sympy.tanh: (lambda: arb(-1), lambda: arb(1)),
    sympy.erf: (lambda: arb(-1), lambda: arb(1)),
    sympy.atan: (lambda: -arb.pi() / 2, lambda: arb.pi() / 2),
    sympy.Heaviside: (lambda: arb(0), lambda: arb(1)),
    sympy.sign: (lambda: arb(-1), lambda: arb(1)),
}

#: Rule E1's neighbourhood of a root, and the largest denominator degree looked at.
_DELTA = sympy.Rational(1, 1000)
_MOST_DEGREE = 4


class NoExpectation(NoLimit):
    """An expectation that does not exist (rule E1): ``NoExpectation(oo, -oo)``,
    the expectations of the positive and the negative part.

    A :class:`NoLimit`: a relation with it as a side is false.
    """

    absent = "the expectation does not exist"

    def _sympystr(self, printer: object) -> str:
        return "(no value: the expectation does not exist, its positive and negative parts are both infinite)"


# --- rule Q1 -----------------------------------------------------------------------
class _NoRange(Exception):
    pass


def line_range(g: sympy.Expr, t: sympy.Symbol, enclose: Callable[[sympy.Expr], Ball]) -> Range | None:
    """Rule Q1: ends between which g(t) lies for every real t (None: no range known)."""
    try:
        return _range(g, t, enclose)
    except (_NoRange, ZeroDivisionError, ValueError, TypeError, ArithmeticError):
        return None


def _range(e: sympy.Expr, t: sympy.Symbol, enclose: Callable[[sympy.Expr], Ball]) -> Range:
    if t not in e.free_symbols:
        v = enclose(e)
        if not isinstance(v, arb) or not v.is_finite():
            raise _NoRange
        return v.lower(), v.upper()
    if e == t:
        return None, None
    if isinstance(e, sympy.Add):
        lo: End = arb(0)
        hi: End = arb(0)
        for a in e.args:
            alo, ahi = _range(a, t, enclose)
            lo = None if lo is None or alo is None else (lo + alo).lower()
            hi = None if hi is None or ahi is None else (hi + ahi).upper()
        return lo, hi
    if isinstance(e, sympy.Mul):
        out: Range = (arb(1), arb(1))
        for a in e.args:
            out = _times(out, _range(a, t, enclose))
        return out
    if isinstance(e, sympy.Pow) and isinstance(e.exp, sympy.Integer):
        n = int(e.exp)
        base = _range(e.base, t, enclose)
        power: Range = (arb(1), arb(1))
        for _ in range(abs(n)):
            power = _times(power, base)
        return power if n >= 0 else _reciprocal(power)
    if isinstance(e, sympy.exp):
        lo, hi = _range(e.args[0], t, enclose)
        return (arb(0) if lo is None else lo.exp().lower()), (None if hi is None else hi.exp().upper())
    if type(e) in _BOUNDED:
        _range(e.args[0], t, enclose)  # the argument is real for every real t
        if len(e.args) > 1:
            # H(x, h0): the value at 0 must lie in [0, 1] too
            h0lo, h0hi = _range(e.args[1], t, enclose)
            if h0lo is None or h0hi is None or not (h0lo >= 0 and h0hi <= 1):
                raise _NoRange
        low, high = _BOUNDED[type(e)]
        return low().lower(), high().upper()
    if isinstance(e, (sympy.Max, sympy.Min)):
        ranges = [_range(a, t, enclose) for a in e.args]
        los, his = [r[0] for r in ranges], [r[1] for r in ranges]
        # Max ≥ each argument ≥ the least of the known lows, and ≤ the greatest high
        # (Min: the other way): unions, since two balls need not compare.
        if isinstance(e, sympy.Max):
            lo = _lowest([x for x in los if x is not None])
            hi = None if any(x is None for x in his) else _highest(his)  # type: ignore[arg-type]
        else:
            lo = None if any(x is None for x in los) else _lowest(los)  # type: ignore[arg-type]
            hi = _highest([x for x in his if x is not None])
        return lo, hi
    if isinstance(e, sympy.Abs):
        lo, hi = _range(e.args[0], t, enclose)
        if lo is None or hi is None:
            return arb(0), None
        return arb(0), _highest([abs(lo), abs(hi)])
    raise _NoRange


def _union(balls: list[arb]) -> arb | None:
    """One ball holding every ball (None for none)."""
    if not balls:
        return None
    union = balls[0]
    for b in balls[1:]:
        union = union.union(b)
    return union


def _lowest(balls: list[arb]) -> arb | None:
    """A lower bound of every ball (None for none)."""
    union = _union(balls)
    return None if union is None else union.lower()


def _highest(balls: list[arb]) -> arb | None:
    """An upper bound of every ball (None for none)."""
    union = _union(balls)
    return None if union is None else union.upper()


def _times(a: Range, b: Range) -> Range:
    (alo, ahi), (blo, bhi) = a, b
    if alo is not None and ahi is not None and blo is not None and bhi is not None:
        products = [x * y for x in (alo, ahi) for y in (blo, bhi)]
        return _lowest(products), _highest(products)
    for (clo, chi), (olo, ohi) in ((a, b), (b, a)):
        if clo is None or chi is None:
            continue
        # c in [clo, chi] of one sign times x in [olo, ohi]: c·x is linear in c, so
        # c > 0 gives c·olo ≤ c·x ≤ c·ohi, bounded by the ends' products (c < 0: flipped).
        if clo > 0:
            return (None if olo is None else _lowest([clo * olo, chi * olo])), (None if ohi is None else _highest([clo * ohi, chi * ohi]))
        if chi < 0:
            return (None if ohi is None else _lowest([clo * ohi, chi * ohi])), (None if olo is None else _highest([clo * olo, chi * olo]))
        if clo == 0 and chi == 0:
            return arb(0), arb(0)
    if alo is not None and blo is not None and alo >= 0 and blo >= 0:
        return (alo * blo).lower(), (None if ahi is None or bhi is None else (ahi * bhi).upper())
    raise _NoRange


def _reciprocal(r: Range) -> Range:
    lo, hi = r
    if lo is not None and lo > 0:
        return (arb(0) if hi is None else (1 / hi).lower()), (1 / lo).upper()
    if hi is not None and hi < 0:
        return (1 / hi).lower(), (arb(0) if lo is None else (1 / lo).upper())
    raise _NoRange


# --- rules Q2, Q3 ------------------------------------------------------------------
def improper(
    body: sympy.Expr,
    t: sympy.Symbol,
    lo: sympy.Expr,
    hi: sympy.Expr,
    enclose: Callable[[sympy.Expr], Ball],
    segment: Callable[[sympy.Expr, arb, arb], Ball],
    prec: int,
) -> Ball | None:
    """∫_lo^hi body dt over an infinite range, enclosed by rules Q1 to Q3 (None: not covered).

    ``enclose`` encloses a closed expression; ``segment(f, a, b)`` encloses
    ∫_a^b f dt on a finite segment (Arb's quadrature).
    """
    total: Ball = arb(0)
    for term in sympy.Add.make_args(body):
        part = _weighted(term, t, lo, hi, enclose, segment, prec)
        if part is None:
            return None
        total = total + part
    return total


def _weighted(
    f: sympy.Expr,
    t: sympy.Symbol,
    lo: sympy.Expr,
    hi: sympy.Expr,
    enclose: Callable[[sympy.Expr], Ball],
    segment: Callable[[sympy.Expr, arb, arb], Ball],
    prec: int,
) -> Ball | None:
    q = sympy.Integer(0)
    rest = []
    for factor in sympy.Mul.make_args(f):
        poly = factor.args[0].as_poly(t) if isinstance(factor, sympy.exp) else None
        if poly is not None and poly.degree() <= 2 and not any(c.free_symbols for c in poly.all_coeffs()):
            q += factor.args[0]
        else:
            rest.append(factor)
    g = sympy.Mul(*rest)
    bounds = line_range(g, t, enclose)
    if bounds is None or bounds[0] is None or bounds[1] is None:
        return None
    big_m = _highest([abs(bounds[0]), abs(bounds[1])])
    if big_m is None:
        return None
    coeffs: list[arb] = []
    for c in reversed(sympy.Poly(q, t).all_coeffs()):
        v = enclose(c)
        if not isinstance(v, arb):
            return None
        coeffs.append(v)
    coeffs += [arb(0)] * 3
    gamma, beta, a2 = coeffs[0], coeffs[1], coeffs[2]
    z = math.sqrt(prec * math.log(2) + 40)  # erfc(z) and exp(-z²) far below 2^-prec
    if a2 < 0:
        alpha = -a2
        m = beta / (2 * alpha)
        c = m.mid()
        radius = (arb(z) / alpha.sqrt()).mid()
        left, right = c - radius, c + radius
        a = left if lo == -sympy.oo else _end(lo, enclose)
        b = right if hi == sympy.oo else _end(hi, enclose)
        if a is None or b is None or not (left < a < right or a is left) or not (left < b < right or b is right):
            return None
        reach = radius - m.rad()
        if not reach > 0:
            return None
        k = (gamma + beta**2 / (4 * alpha)).exp()
        tail = big_m * k * (arb.pi() / alpha).sqrt() * (reach * alpha.sqrt()).erfc()
    elif a2 == 0 and (lo.is_finite or hi.is_finite) and not (lo.is_finite and hi.is_finite):
        if lo.is_finite and beta < 0:
            a = _end(lo, enclose)
            if a is None:
                return None
            b = (a + arb(z * z) / abs(beta)).mid()
            tail = big_m * (beta * b + gamma).exp() / abs(beta)
        elif hi.is_finite and beta > 0:
            b = _end(hi, enclose)
            if b is None:
                return None
            a = (b - arb(z * z) / beta).mid()
            tail = big_m * (beta * a + gamma).exp() / beta
        else:
            return None
    else:
        return None
    found = segment(f, a, b)
    # A real integrand (Q1, and q with real coefficients): an imaginary part is rounding.
    central = found.real if isinstance(found, acb) else found
    if not (central.is_finite() and tail.is_finite()):
        return None
    return central + arb(0, tail.upper())


def _end(e: sympy.Expr, enclose: Callable[[sympy.Expr], Ball]) -> arb | None:
    v = enclose(e)
    return v if isinstance(v, arb) and v.is_finite() else None


def _continuous(f: sympy.Expr, t: sympy.Symbol, a: sympy.Expr, b: sympy.Expr) -> bool:
    """f finite and continuous on [a, b], jumps included among the doubts (rule I2 with
    ``steps_ok=False``: (sign(t) + 1/2)/t has limits of one sign on both sides of 0)."""
    found = singular_points(f, t, a, b, steps_ok=False)
    return not found.points and found.doubt is None


def improper_integral(e: sympy.Basic) -> bool:
    """Whether ``e`` holds an unevaluated integral over an infinite range."""
    return any(len(lim) == 3 and (lim[1].is_infinite or lim[2].is_infinite) for i in e.atoms(sympy.Integral) for lim in i.limits)


# --- rule E1 -----------------------------------------------------------------------
def absent_expectation(g: sympy.Expr, t: sympy.Symbol, pdf: sympy.Expr, lo: sympy.Expr, hi: sympy.Expr) -> bool:
    """Rule E1: True when E g(X) certainly does not exist, X having density ``pdf`` on (lo, hi)."""
    try:
        num, den = sympy.fraction(sympy.cancel(sympy.together(g)))
        if t not in den.free_symbols:
            return False
        poly = sympy.Poly(den, t)
        if poly.degree() > _MOST_DEGREE or not all(c.is_Rational for c in poly.all_coeffs()):
            return False
        found = sympy.roots(poly)
    except (sympy.PolynomialError, TypeError, ValueError, NotImplementedError, RecursionError):
        return False
    for r, k in sorted(found.items(), key=lambda rk: sympy.default_sort_key(rk[0])):
        if k % 2 == 0 or r.is_real is not True:
            continue
        near_lo, near_hi = r - _DELTA, r + _DELTA
        if not ((lo == -sympy.oo or (near_lo - lo).is_positive) and (hi == sympy.oo or (hi - near_hi).is_positive)):
            continue
        quotient, remainder = sympy.div(poly, sympy.Poly((t - r) ** k, t))
        if not remainder.is_zero:
            continue
        h = sympy.cancel(num / quotient.as_expr())
        if not (_continuous(h, t, near_lo, near_hi) and _continuous(pdf, t, near_lo, near_hi)):
            continue
        at = h.subs(t, r)
        if at.is_extended_real and at.is_nonzero and pdf.subs(t, r).is_positive:
            return True
    return False


__all__ = ["NoExpectation", "absent_expectation", "improper", "improper_integral", "line_range"]
