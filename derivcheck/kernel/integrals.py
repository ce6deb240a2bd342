"""When an antiderivative may give the value of a definite integral.

The claim language (``docs/claim-format.md``) says ``integrate(f, (t, a, b))``
is the definite integral, and an improper one is the limit that defines it:
±∞ where it diverges to ±∞, and *nothing* where that limit does not exist.
SymPy's ``integrate`` (and the closed forms of ``engine/integrals.py``) value
an integral as F(b) − F(a) for an antiderivative F; across a pole that is
wrong: it gives ∫_0^1 dt/(t − c)² = −1/(1 − c) − 1/c < 0, where the integral
is +∞. These rules say when such a value may be used. SymPy proposes F and
its limits; the checks below are derivcheck's.

Rules, each with why it is sound:

I1. **Fundamental theorem.** ∫_a^b f = F(b) − F(a) when f is finite and
    continuous on the closed range [a, b] and F' = f there. An antiderivative's
    value, whoever found F, is used only when :func:`singular_points` finds no
    point of [a, b] (ends included) where f may fail to be finite and
    continuous, for every value of the parameters. An infinite end is a limit
    of F, which the method that took it answers for.

I2. **Where f may be singular.** f is built from functions continuous on the
    reals (exp, sin, cos, sinh, cosh, tanh, atan, erf, Abs, Max, Min, and
    polynomials), the bounded steps Heaviside, sign and Piecewise (a jump of a
    bounded integrand does not change an integral), and operations that fail
    only at the zeros of an argument: a negative or fractional power of g,
    log(g) (and in both, g real: a real g changes sign only through a zero, so
    no branch cut is crossed elsewhere), tan and sec at the zeros of cos(g),
    cot and csc at the zeros of sin(g). Anything else in t is a doubt. A zero
    of g is excluded when SymPy's assumptions give g a sign, located exactly
    when g is a polynomial of degree ≤ 2 in t (its roots in closed form) or a
    polynomial with numeric coefficients (real roots, exactly), and for the
    zeros of cos/sin of a linear argument with numeric coefficients and a
    finite numeric range, enumerated. A root whose position against [a, b]
    the assumptions cannot decide (t = c with c only known to be positive) is
    a doubt, and a doubt means no value.

I3. **Improper integral.** When the singular points p₁ < … < p_m in [a, b] are
    known exactly, and F' = f is shown exactly (:func:`is_antiderivative`) and
    F itself has no singular or doubtful point inside a piece (so F is
    continuous there), then on each piece (p, q) the integral is, by its
    definition, lim_{t→q⁻} F − lim_{t→p⁺} F: F is an antiderivative on the
    open piece, so ∫_{p+ε}^{q−δ} f = F(q − δ) − F(p + ε).

I4. **Joining pieces** (:func:`join`). The integral across the singular
    points exists when every piece does: the sum when all are finite, +∞
    (−∞) when some diverge to +∞ (−∞) and none to the other side, and no
    value at all when one diverges to +∞ and another to −∞ (∫_{-1}^{1} dt/t).
    A piece whose limit is not known leaves the integral unevaluated.

I6. **A root whose place is unknown.** When the only doubt is one root r of
    a polynomial (t = c, c only known positive), the cases r strictly inside
    (a, b), r outside [a, b] and r at an end cover every parameter value. For
    the first, I3 applies with r taken as a singular point inside (the
    ``inside`` argument of :func:`singular_points`); for the second, I1; the
    third claims no value. The caller joins them in a Piecewise on r.

I5. **Oscillation at infinity** (:func:`oscillates`). ∫_a^∞ f is
    lim_{T→∞} F(T) − F(a). If F(t + P) = F(t) exactly for a period P > 0 and
    F(a) ≠ F(a + P/2) or F(a) ≠ F(a + P/4), the sequences a + nP and a + P/2 + nP
    (or a + P/4 + nP) tend to ∞ with different limits of F: there is no limit,
    and the integral has no value (∫_0^∞ sin t dt: F = −cos t).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy

from derivcheck.kernel.primitives import (
    always_real_atoms,
    continuous_atoms,
    jumping_atoms,
    real_of_real_atoms,
)
from derivcheck.kernel.values import NoLimit

# Rule I2 reads the table of primitives: the functions continuous at every real
# argument, and the bounded ones with jumps (harmless in an integrand, not in an
# antiderivative), with SymPy's own Piecewise.


def _steps() -> tuple[type, ...]:
    return (*jumping_atoms(), sympy.Piecewise)


class NoIntegral(NoLimit):
    """An improper integral that has no value: ``NoIntegral(u, v)``, two values
    its defining limit approaches along different ways to the ends.

    A :class:`NoLimit`: a relation with it as a side is false.
    """

    def _sympystr(self, printer: Any) -> str:
        u, v = self.args
        return f"(no value: the improper integral tends to both {printer.doprint(u)} and {printer.doprint(v)})"


@dataclass(frozen=True)
class Singular:
    """The points of [a, b] where f may fail to be finite and continuous.

    ``points``: those known to lie in [a, b] for every parameter value, in
    increasing order (ends included when singular). ``doubt``: why some point
    may lie in [a, b] without being known to, or why f could not be analysed;
    with a doubt no antiderivative's value may be used.
    """

    points: tuple[sympy.Expr, ...] = ()
    doubt: str | None = None
    #: With a doubt: the one root whose position against [a, b] is unknown, when
    #: that is the only doubt (the caller may then split on where it lies).
    unsure: sympy.Expr | None = None


def singular_points(
    f: sympy.Expr, t: sympy.Symbol, a: sympy.Expr, b: sympy.Expr, *, steps_ok: bool = True, inside: tuple[sympy.Expr, ...] = ()
) -> Singular:
    """Rule I2. ``steps_ok=False`` for an antiderivative, where a jump matters;
    ``inside``: points the caller has assumed to lie strictly inside (a, b)."""
    zeros_of: list[sympy.Expr] = []
    doubt = _collect(f, t, zeros_of, steps_ok)
    if doubt is not None:
        return Singular(doubt=doubt)
    found: list[sympy.Expr] = []
    unsure: list[sympy.Expr] = []
    for g in zeros_of:
        located = _zeros_in(g, t, a, b, unsure)
        if isinstance(located, str):
            return Singular(doubt=located)
        for r in located:
            if not any(_same(r, s) for s in found):
                found.append(r)
    unsure = [r for r in unsure if not any(_same(r, p) for p in inside)]
    found += [p for p in inside if any(_same(p, q) for q in zeros_found(zeros_of, t)) and not any(_same(p, q) for q in found)]
    if unsure:
        why = f"the integrand is singular at t = {sympy.sstr(unsure[0])}, which may lie in [{sympy.sstr(a)}, {sympy.sstr(b)}]"
        distinct = [r for i, r in enumerate(unsure) if not any(_same(r, q) for q in unsure[:i])]
        return Singular(doubt=why, unsure=distinct[0] if len(distinct) == 1 and not found else None)
    ordered = _in_order(found)
    if ordered is None:
        return Singular(doubt=f"the singular points {', '.join(map(sympy.sstr, found))} of the integrand cannot be ordered")
    return Singular(points=tuple(ordered))


def is_antiderivative(F: sympy.Expr, f: sympy.Expr, t: sympy.Symbol) -> bool:
    """F' = f, shown by exact rewriting (False says nothing)."""
    d = sympy.diff(F, t) - f
    for rewrite in (False, True):
        try:
            # Trigonometric functions rewritten as exponentials make tan − sin/cos rational.
            e = d.rewrite(sympy.exp) if rewrite else d
            if sympy.cancel(sympy.together(sympy.expand(e))) == 0:
                return True
        except (TypeError, ValueError, sympy.PolynomialError, RecursionError):
            continue
    return False


def join(pieces: list[tuple[sympy.Expr, sympy.Expr]]) -> sympy.Expr | None:
    """Rule I4: the integral over the union of the pieces, each given as the
    (upper, lower) values of F at its ends; None when a piece is unknown.

    An end where F is continuous gives a finite value (rule I3), whatever
    SymPy can tell of it symbolically (−1/(1 − c) is finite for c < 1).
    """
    total = sympy.Integer(0)
    up = down = False
    for upper, lower in pieces:
        hi, lo = _divergence(upper), _divergence(lower)
        if hi is None or lo is None or (hi != 0 and lo != 0 and hi == lo):  # ∞ − ∞ says nothing
            return None
        side = hi if hi != 0 else -lo
        if side == 0:
            total += upper - lower
        elif side > 0:
            up = True
        else:
            down = True
    if up and down:
        return NoIntegral(-sympy.oo, sympy.oo)
    if up:
        return sympy.oo
    if down:
        return -sympy.oo
    return total


def oscillates(F: sympy.Expr, t: sympy.Symbol, a: sympy.Expr) -> sympy.Expr | None:
    """Rule I5: ``NoIntegral`` for ∫_a^∞ f with F = ∫ f periodic and not constant, else None."""
    if a.free_symbols or not a.is_finite or F.free_symbols != {t}:
        return None
    period = _period(F, t)
    if period is None:
        return None
    try:
        if sympy.cancel(sympy.expand(F.xreplace({t: t + period}) - F)) != 0:
            return None
    except (TypeError, ValueError, sympy.PolynomialError):
        return None
    base = F.xreplace({t: a})
    for frac in (sympy.Rational(1, 2), sympy.Rational(1, 4)):
        other = F.xreplace({t: a + frac * period})
        if not all(v.is_finite for v in (base, other)):
            return None
        if (other - base).is_zero is False:
            return NoIntegral(sympy.Integer(0), other - base)
    return None


# --- rule I2: where the integrand may be singular ----------------------------------
def _collect(e: sympy.Basic, t: sympy.Symbol, zeros_of: list[sympy.Expr], steps_ok: bool) -> str | None:
    """Gather the expressions whose zeros are singular points; a reason when e cannot be analysed."""
    if t not in e.free_symbols:
        return None
    if isinstance(e, sympy.Pow):
        base, ex = e.args
        if t in ex.free_symbols:
            if t in base.free_symbols or base.is_positive is not True:
                return f"the power {sympy.sstr(e)} is not of a positive constant"
            return _collect(ex, t, zeros_of, steps_ok)
        if not (ex.is_integer and ex.is_nonnegative):
            if ex.is_real is not True:
                return f"the exponent of {sympy.sstr(e)} may not be real"
            if not ex.is_integer and not _real_valued(base):
                return f"the base of {sympy.sstr(e)} may not be real"
            if not ex.is_positive:
                zeros_of.append(base)  # a pole, or an infinite fractional power, at a zero of the base
        return _collect(base, t, zeros_of, steps_ok)
    if isinstance(e, sympy.log):
        (arg,) = e.args
        if not _real_valued(arg):
            return f"the argument of {sympy.sstr(e)} may not be real"
        zeros_of.append(arg)
        return _collect(arg, t, zeros_of, steps_ok)
    if isinstance(e, (sympy.asin, sympy.acos)):
        # Real on [−1, 1], on a branch cut beyond: continuous along each piece
        # between the points where the argument is ±1.
        (arg,) = e.args
        if not _real_valued(arg):
            return f"the argument of {sympy.sstr(e)} may not be real"
        zeros_of += [arg - 1, arg + 1]
        return _collect(arg, t, zeros_of, steps_ok)
    if isinstance(e, (sympy.tan, sympy.sec, sympy.cot, sympy.csc)):
        (arg,) = e.args
        zeros_of.append(sympy.cos(arg) if isinstance(e, (sympy.tan, sympy.sec)) else sympy.sin(arg))
        return _collect(arg, t, zeros_of, steps_ok)
    if isinstance(e, _steps()) and not steps_ok:
        return f"{sympy.sstr(e)} may jump"
    if isinstance(e, sympy.Piecewise):
        for expr, cond in e.args:
            why = _collect(expr, t, zeros_of, steps_ok)
            if why is not None:
                return why
            for rel in cond.atoms(sympy.core.relational.Relational):
                why = _collect(rel.lhs - rel.rhs, t, zeros_of, steps_ok)
                if why is not None:
                    return why
        return None
    if isinstance(e, (sympy.Add, sympy.Mul)) or issubclass(type(e), (*continuous_atoms(), *_steps())):
        for arg in e.args:
            why = _collect(arg, t, zeros_of, steps_ok)
            if why is not None:
                return why
        return None
    if isinstance(e, sympy.Symbol):
        return None
    return f"no rule says where {sympy.sstr(e)} is continuous"


def _real_valued(g: sympy.Expr) -> bool:
    """g is real wherever it is finite, for real t and the parameters' assumptions.

    SymPy leaves 1/(2 − t) without ``is_extended_real`` because it is infinite at
    t = 2; a rational combination of real terms is real wherever it is defined,
    and its poles are singular points found separately.
    """
    if g.is_extended_real:
        return True
    if isinstance(g, (sympy.Add, sympy.Mul)):
        return all(_real_valued(x) for x in g.args)
    if isinstance(g, sympy.Pow):
        return bool(g.exp.is_integer) and _real_valued(g.base)
    if issubclass(type(g), real_of_real_atoms()):
        return all(_real_valued(x) for x in g.args)
    return isinstance(g, always_real_atoms())


def zeros_found(zeros_of: list[sympy.Expr], t: sympy.Symbol) -> list[sympy.Expr]:
    """All real roots in t of the polynomial factors in ``zeros_of`` (for matching assumed points)."""
    out: list[sympy.Expr] = []
    for g in zeros_of:
        try:
            poly = sympy.Poly(g, t)
        except sympy.PolynomialError:
            continue
        if 1 <= poly.degree() <= 2 and not any(t in c.free_symbols for c in poly.coeffs()):
            out += list(sympy.roots(poly, multiple=False))
    return out


def _zeros_in(g: sympy.Expr, t: sympy.Symbol, a: sympy.Expr, b: sympy.Expr, unsure: list[sympy.Expr]) -> list[sympy.Expr] | str:
    """The zeros of g in [a, b], or why they cannot be located; roots whose
    position is unknown go to ``unsure``."""
    if t not in g.free_symbols or g.is_positive or g.is_negative:
        return []
    if isinstance(g, (sympy.cos, sympy.sin)):
        return _trig_zeros(g, t, a, b)
    if isinstance(g, sympy.Mul):
        out: list[sympy.Expr] = []
        for factor in g.args:
            z = _zeros_in(factor, t, a, b, unsure)
            if isinstance(z, str):
                return z
            out += z
        return out
    if isinstance(g, sympy.Pow) and g.exp.is_positive and g.exp.is_finite:
        return _zeros_in(g.base, t, a, b, unsure)
    try:
        poly = sympy.Poly(g, t)
    except sympy.PolynomialError:
        return f"the zeros of {sympy.sstr(g)} in [{sympy.sstr(a)}, {sympy.sstr(b)}] are not known"
    if any(t in c.free_symbols for c in poly.coeffs()):
        return f"the zeros of {sympy.sstr(g)} in [{sympy.sstr(a)}, {sympy.sstr(b)}] are not known"
    if poly.degree() <= 0:
        return []
    if poly.degree() > 2:
        if poly.free_symbols_in_domain or not all(c.is_Rational for c in poly.coeffs()):
            return f"the zeros of {sympy.sstr(g)} in [{sympy.sstr(a)}, {sympy.sstr(b)}] are not known"
        roots: list[sympy.Expr] = list(set(sympy.real_roots(poly)))
    else:
        found = sympy.roots(poly, multiple=False)
        if sum(found.values()) != poly.degree():
            return f"the zeros of {sympy.sstr(g)} are not known"
        roots = []
        for r in found:
            if r.is_extended_real is False:
                continue
            if r.is_extended_real is None:
                return f"the zero t = {sympy.sstr(r)} of {sympy.sstr(g)} may be real"
            roots.append(r)
    inside = []
    for r in roots:
        where = _locate(r, a, b)
        if where is None:
            unsure.append(r)
        elif where:
            inside.append(r)
    return inside


def _trig_zeros(g: sympy.Expr, t: sympy.Symbol, a: sympy.Expr, b: sympy.Expr) -> list[sympy.Expr] | str:
    """Zeros of cos(αt + β) (αt + β = π/2 + kπ) or sin(αt + β) (= kπ) in a finite numeric [a, b]."""
    arg = sympy.expand(g.args[0])
    poly = arg.as_poly(t)
    cant = f"the zeros of {sympy.sstr(g)} in [{sympy.sstr(a)}, {sympy.sstr(b)}] are not known"
    if poly is None or poly.degree() != 1 or poly.free_symbols_in_domain or a.free_symbols or b.free_symbols:
        return cant
    if not (a.is_finite and b.is_finite):
        return cant
    alpha, beta = poly.all_coeffs()
    if alpha.is_zero is not False or not alpha.is_real or not beta.is_real:
        return cant
    offset = sympy.pi / 2 if isinstance(g, sympy.cos) else sympy.Integer(0)
    # t = (offset + kπ − β)/α lies in [a, b] for k between these (in either order).
    ends = sorted(float(((alpha * e + beta) - offset) / sympy.pi) for e in (a, b))
    if ends[1] - ends[0] > 1000:
        return cant
    out = []
    for k in range(int(sympy.floor(ends[0])) - 1, int(sympy.ceiling(ends[1])) + 2):
        r = (offset + k * sympy.pi - beta) / alpha
        where = _locate(r, a, b)
        if where is None:
            return cant
        if where:
            out.append(r)
    return out


def _locate(r: sympy.Expr, a: sympy.Expr, b: sympy.Expr) -> bool | None:
    """True when a ≤ r ≤ b for every parameter value, False when never, None when unknown."""
    below = False if a == -sympy.oo else (r - a).is_negative
    above = False if b == sympy.oo else (r - b).is_positive
    if below or above:
        return False
    after_a = True if a == -sympy.oo else (r - a).is_nonnegative
    before_b = True if b == sympy.oo else (b - r).is_nonnegative
    if after_a and before_b:
        return True
    return None


def _in_order(points: list[sympy.Expr]) -> list[sympy.Expr] | None:
    out: list[sympy.Expr] = []
    for p in points:
        k = 0
        while k < len(out):
            below = (p - out[k]).is_negative
            if below is None:
                return None
            if below:
                break
            k += 1
        out.insert(k, p)
    return out


def _same(p: sympy.Expr, q: sympy.Expr) -> bool:
    return p == q or (p - q).is_zero is True


# --- rules I4, I5 -----------------------------------------------------------------
def _divergence(v: sympy.Expr) -> int | None:
    """0 for a finite value, +1 / −1 for a divergence to +∞ / −∞, None when unknown.

    Only for the value of F at an end of a piece: a value without an infinity
    in it is F at a point where F is continuous, hence finite (rule I3).
    """
    if v == sympy.oo:
        return 1
    if v == -sympy.oo:
        return -1
    if v.has(sympy.Limit, sympy.Integral, sympy.AccumBounds, sympy.nan, sympy.zoo, NoLimit):
        return None
    if not v.has(sympy.oo, -sympy.oo):
        return 0
    # An antiderivative on a branch (log of a negative number) adds a finite
    # imaginary part to an infinite real one: the real part says where it goes.
    re, im = sympy.re(v), sympy.im(v)
    if im.is_finite and re in (sympy.oo, -sympy.oo):
        return 1 if re == sympy.oo else -1
    return None


def _period(F: sympy.Expr, t: sympy.Symbol) -> sympy.Expr | None:
    """2π/ω for the trigonometric atoms sin, cos(ω_i t + φ_i) of F with ω_i rational multiples of one ω."""
    rates: list[sympy.Expr] = []
    for atom in F.atoms(sympy.sin, sympy.cos):
        if t not in atom.free_symbols:
            continue
        poly = sympy.expand(atom.args[0]).as_poly(t)
        if poly is None or poly.degree() != 1:
            return None
        rate = poly.all_coeffs()[0]
        if not rate.is_number or rate == 0:
            return None
        rates.append(sympy.Abs(rate))
    if not rates:
        return None
    ratios = [r / rates[0] for r in rates]
    if not all(q.is_Rational for q in ratios):
        return None
    # P = 2π/ω₀ · (lcm of the denominators of ω_i/ω₀ ... ) / gcd of the numerators is a common period.
    lcm_den = sympy.ilcm(*[sympy.fraction(q)[1] for q in ratios]) if len(ratios) > 1 else 1
    gcd_num = sympy.igcd(*[sympy.fraction(q * lcm_den)[0] for q in ratios]) if len(ratios) > 1 else 1
    return 2 * sympy.pi * lcm_den / (rates[0] * gcd_num)


def singular_points_union(*groups: tuple[sympy.Expr, ...]) -> list[sympy.Expr]:
    """The points of several increasing tuples, in increasing order, each once (rule I3's cuts)."""
    merged: list[sympy.Expr] = []
    for group in groups:
        for p in group:
            if not any(_same(p, q) for q in merged):
                merged.append(p)
    ordered = _in_order(merged)
    if ordered is None:
        raise ValueError("the singular points cannot be ordered")
    return ordered


def integrable(f: sympy.Expr, x: sympy.Symbol, a: sympy.Expr, b: sympy.Expr) -> bool:
    """Whether ∫_a^b f dx exists as a proper integral: a finite range on which f is
    finite and continuous for every parameter value (rule I2 finds no point to doubt)."""
    if not (a.is_finite and b.is_finite):
        return False
    found = singular_points(f, x, a, b)
    return not found.points and found.doubt is None


def combined_integrands(e: sympy.Expr) -> list[sympy.Expr] | None:
    """``e = Σ cᵢ ∫_a^b fᵢ`` as one integrand ``Σ cᵢ fᵢ(t)`` per range; None if ``e`` is not
    such a sum or some integral may not exist.

    Linearity of the integral, with the bound variables renamed to one fresh
    t. It needs every integral to exist (one that does not equals nothing):
    each must be proper (:func:`integrable`), and each cᵢ free of it.
    """
    groups: dict[tuple[sympy.Expr, sympy.Expr], sympy.Expr] = {}
    t = sympy.Dummy("t", real=True)
    for term in sympy.Add.make_args(sympy.expand(e, deep=False)):
        factors = sympy.Mul.make_args(term)
        found = [f for f in factors if isinstance(f, sympy.Integral)]
        coeff = sympy.Mul(*[f for f in factors if not isinstance(f, sympy.Integral)])
        if len(found) != 1 or len(found[0].limits) != 1 or len(found[0].limits[0]) != 3:
            return None
        x, a, b = found[0].limits[0]
        if coeff.has(x) or not integrable(found[0].function, x, a, b):
            return None
        groups[(a, b)] = groups.get((a, b), sympy.Integer(0)) + coeff * found[0].function.xreplace({x: t})
    return list(groups.values()) or None
