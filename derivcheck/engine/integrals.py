"""Definite integrals, with piecewise integrands split at their breakpoints.

SymPy integrates a ``Piecewise`` slowly and sometimes not at all (``Max(0,
t)**2`` against a normal density takes ~1 s; split at 0 it takes 0.15 s). When
every piecewise atom of the integrand (Max, Min, Abs, Heaviside, sign) has an
argument whose real zeros can be found, the interval is cut at those zeros;
on each open piece every atom has a constant sign, so it is replaced by its
branch there. Endpoints have measure zero, so the convention H(0) = 1/2 does
not matter inside an integral (DiracDelta integrands are left to SymPy).
"""

from __future__ import annotations

import dataclasses

import mpmath
import sympy

from derivcheck.engine.limits import compute_limit, withhold
from derivcheck.engine.numeric import EVALUATION_ERRORS, NotNumeric, compile_expr, to_mp
from derivcheck.engine.sampling import points
from derivcheck.kernel import integrals as kernel
from derivcheck.kernel.primitives import branch, branching_atoms, switch
from derivcheck.engine.shorten import is_zero, shorten
from derivcheck.evidence import Withheld
from derivcheck.problem import Variable



def definite_integral(f: sympy.Expr, t: sympy.Symbol, a: sympy.Expr, b: sympy.Expr) -> sympy.Expr:
    """∫_a^b f dt, or an unevaluated ``Integral`` when it cannot be found."""
    if a == b or f == 0:
        return sympy.Integer(0)
    if f.has(sympy.DiracDelta):
        # Only the sifting property, where it applies: a δ against a function
        # that jumps at its point (δ(t)·H(t)) has no value, whatever the
        # convention SymPy's integrate would pick.
        sifted = _sift(f, t, a, b)
        return sympy.Integral(f, (t, a, b)) if sifted is None else sifted
    split = _split_integral(f, t, a, b)
    if split is not None:
        return split
    return _plain(f.rewrite(sympy.Piecewise) if f.has(*branching_atoms()) else f, t, a, b, original=f)


def _sift(f: sympy.Expr, t: sympy.Symbol, a: sympy.Expr, b: sympy.Expr) -> sympy.Expr | None:
    """∫_a^b g(t) δ(αt + β) dt = g(c)/|α| with c = −β/α strictly inside (a, b), 0 outside.

    Only for g continuous at c: no piecewise atom of t in g (δ(t)·H(t) has
    no value), and a single first-order δ; None otherwise.
    """
    total = sympy.Integer(0)
    for term in sympy.Add.make_args(sympy.expand(f, power_exp=False, log=False)):
        deltas = [m for m in sympy.Mul.make_args(term) if isinstance(m, sympy.DiracDelta)]
        if not deltas:
            if term.has(sympy.DiracDelta):
                return None
            value = definite_integral(term, t, a, b)
            if value.has(sympy.Integral):
                return None
            total += value
            continue
        if len(deltas) != 1 or len(deltas[0].args) != 1:
            return None
        (delta,) = deltas
        g = term / delta
        poly = delta.args[0].as_poly(t)
        if poly is None or poly.degree() != 1 or g.has(sympy.DiracDelta) or any(t in x.free_symbols for x in g.atoms(*branching_atoms())):
            return None
        alpha, beta = poly.all_coeffs()
        if alpha.is_zero is not False:
            return None
        c = -beta / alpha
        inside = _strictly_between(c, a, b)
        if inside is None or ((c - a).is_zero or (b - c).is_zero):
            return None
        if inside:
            value = g.xreplace({t: c}) / sympy.Abs(alpha)
            if value.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
                return None
            total += value
    return total


def _plain(f: sympy.Expr, t: sympy.Symbol, a: sympy.Expr, b: sympy.Expr, original: sympy.Expr) -> sympy.Expr:
    singular = kernel.singular_points(f, t, a, b)
    if singular.unsure is not None:
        return _split_on_position(f, t, a, b, singular.unsure, original, singular.doubt or "")
    if singular.doubt is not None:
        # The fundamental theorem needs f finite and continuous on [a, b]: no
        # antiderivative's value may be used (kernel rule I1).
        return withhold(sympy.Integral(original, (t, a, b)), f"no antiderivative's value is used: {singular.doubt}")
    if singular.points:
        return _improper(f, t, a, b, singular.points, original)
    return _by_antiderivative(f, t, a, b, original)


def _split_on_position(
    f: sympy.Expr, t: sympy.Symbol, a: sympy.Expr, b: sympy.Expr, r: sympy.Expr, original: sympy.Expr, why: str
) -> sympy.Expr:
    """One singular point r whose place depends on the parameters: a case for
    r strictly inside (a, b) (the improper integral), one for r outside [a, b]
    (the antiderivative), and no value claimed when r is an end."""
    unevaluated = withhold(sympy.Integral(original, (t, a, b)), f"no antiderivative's value is used: {why}")
    if a.is_infinite or b.is_infinite:
        return unevaluated
    inside = _improper(f, t, a, b, (r,), original, assumed=(r,))
    outside = _by_antiderivative(f, t, a, b, original)
    if inside.has(sympy.Integral):
        # Only the outside case known: a Piecewise of it would cost every later
        # strategy time, and say nothing where the claim's domain puts r inside.
        return unevaluated
    return sympy.Piecewise(
        (inside, sympy.And(r > a, r < b)),
        (outside, sympy.Or(r < a, r > b)),
        (unevaluated, True),
    )


def _by_antiderivative(f: sympy.Expr, t: sympy.Symbol, a: sympy.Expr, b: sympy.Expr, original: sympy.Expr) -> sympy.Expr:
    """∫_a^b f for f finite and continuous on [a, b] (kernel rule I1)."""
    fast = poly_exp_integral(f, t, a, b)
    if fast is None:
        fast = gaussian_integral(f, t, a, b)
    if fast is not None:
        return fast
    try:
        # Without the heuristic Risch algorithm (heurisch): on integrands with no
        # elementary antiderivative (exp(t + sin t)) it searches for tens of seconds,
        # so the claim's verdict would depend on the clock. What it would find the
        # rigorous quadrature of the kernel encloses anyway.
        result = sympy.integrate(f, (t, a, b), heurisch=False)
    except (NotImplementedError, ValueError, TypeError, RecursionError, AttributeError):
        return sympy.Integral(original, (t, a, b))
    if result.has(sympy.AccumBounds) and b == sympy.oo and not a.is_infinite:
        # SymPy says the limit at ∞ oscillates; the kernel checks it (rule I5).
        return _oscillating(f, t, a, b, original, result)
    if result.has(sympy.Integral, sympy.nan, sympy.AccumBounds, sympy.zoo):
        return sympy.Integral(original, (t, a, b))
    why = _quadrature_contradicts(f, t, a, b, result)
    if why is not None:
        # SymPy's integrate has known wrong answers (sympy/sympy#29792 among
        # them): one that quadrature clearly contradicts is not used.
        why = dataclasses.replace(why, reason=f"SymPy's integrate gave {sympy.sstr(result)}, but {why.reason}")
        return withhold(sympy.Integral(original, (t, a, b)), why)
    return result


def _improper(
    f: sympy.Expr,
    t: sympy.Symbol,
    a: sympy.Expr,
    b: sympy.Expr,
    points: tuple[sympy.Expr, ...],
    original: sympy.Expr,
    assumed: tuple[sympy.Expr, ...] = (),
) -> sympy.Expr:
    """∫_a^b f across the singular points of f, as the limits that define it (kernel rules I3, I4)."""
    unevaluated = sympy.Integral(original, (t, a, b))
    try:
        F = sympy.integrate(f, t)  # SymPy proposes an antiderivative ...
    except (NotImplementedError, ValueError, TypeError, RecursionError, AttributeError):
        return unevaluated
    if F.has(sympy.Integral) or not kernel.is_antiderivative(F, f, t):  # ... the kernel checks F' = f
        return withhold(unevaluated, f"the integrand is singular at {_points(points)}, and no antiderivative was verified")
    own = kernel.singular_points(F, t, a, b, steps_ok=False, inside=assumed)
    if own.doubt is not None:
        return withhold(unevaluated, f"the integrand is singular at {_points(points)}; of its antiderivative {sympy.sstr(F)}: {own.doubt}")
    try:
        inner = kernel.singular_points_union(points, own.points)
    except ValueError:
        return withhold(unevaluated, f"the singular points {_points((*points, *own.points))} cannot be ordered")
    cuts: list[sympy.Expr] = [a]
    for p in inner:
        if not (cuts and (p == cuts[-1] or (p - cuts[-1]).is_zero)) and not (p == b or (p - b).is_zero):
            cuts.append(p)
    cuts.append(b)
    singular = (*points, *own.points)
    pieces = []
    for lo, hi in zip(cuts, cuts[1:]):
        upper = _end_value(F, t, hi, "-", singular)
        lower = _end_value(F, t, lo, "+", singular)
        pieces.append((upper, lower))
    value = kernel.join(pieces)
    if value is None:
        return withhold(unevaluated, f"the integrand is singular at {_points(points)}, and a one-sided limit of {sympy.sstr(F)} is not known")
    return value


def _end_value(F: sympy.Expr, t: sympy.Symbol, x: sympy.Expr, side: str, singular: tuple[sympy.Expr, ...]) -> sympy.Expr:
    """F at an end of a piece: its value where F is continuous, else its one-sided limit."""
    if not x.is_infinite and not any(x == p or (x - p).is_zero for p in singular):
        return F.subs(t, x)
    return compute_limit(F, t, x, side)


def _oscillating(f: sympy.Expr, t: sympy.Symbol, a: sympy.Expr, b: sympy.Expr, original: sympy.Expr, proposed: sympy.Expr) -> sympy.Expr:
    unevaluated = sympy.Integral(original, (t, a, b))
    try:
        F = sympy.integrate(f, t)
    except (NotImplementedError, ValueError, TypeError, RecursionError, AttributeError):
        return unevaluated
    if F.has(sympy.Integral) or not kernel.is_antiderivative(F, f, t):
        return withhold(unevaluated, f"SymPy's integrate gave {sympy.sstr(proposed)}, and no antiderivative was verified")
    none = kernel.oscillates(F, t, a)
    if none is None:
        return withhold(unevaluated, f"SymPy's integrate gave {sympy.sstr(proposed)}, which the kernel could not confirm")
    return none


def _points(points: tuple[sympy.Expr, ...]) -> str:
    return ", ".join(f"t = {sympy.sstr(p)}" for p in points)


def _quadrature_contradicts(f: sympy.Expr, t: sympy.Symbol, a: sympy.Expr, b: sympy.Expr, value: sympy.Expr) -> Withheld | None:
    """What quadrature says against ``∫_a^b f dt = value`` when it clearly disagrees, or None.

    At two values of the other unknowns, mpmath's tanh-sinh quadrature at 20
    digits must report an error estimate below 1e-8 (a kink or a slowly
    decaying tail gives a large one, and then nothing is concluded) and
    differ from the value by more than 1e-5, relative.
    """
    params = sorted((f.free_symbols | a.free_symbols | b.free_symbols | value.free_symbols) - {t}, key=lambda s: s.name)
    if any(p.is_extended_real is not True for p in params) or value.has(sympy.oo, -sympy.oo, sympy.zoo):
        return None
    try:
        fg, fv, fa, fb = (compile_expr(e) for e in (f, value, a, b))
    except NotNumeric:
        return None
    for point in points([Variable(p, p.name) for p in params], 11, 2):
        with mpmath.workdps(20):
            try:
                env = {p: to_mp(v) for p, v in point.items()}
                lo, hi, target = fa(env), fb(env), fv(env)
                q, err = mpmath.quad(lambda u: fg({**env, t: u}), [lo, hi], error=True)
            except EVALUATION_ERRORS:
                continue
            if not all(isinstance(v, (mpmath.mpf, mpmath.mpc)) for v in (q, target)):
                continue
            if mpmath.isnan(q) or mpmath.isinf(q) or not mpmath.isfinite(target):
                continue
            if err <= mpmath.mpf(10) ** -8 * (1 + abs(q)) and abs(q - target) > mpmath.mpf(10) ** -5 * (1 + abs(target)):
                return Withheld(f"quadrature gives {mpmath.nstr(q, 12)}", point=tuple((str(p), str(v)) for p, v in point.items()))
    return None


def poly_exp_integral(f: sympy.Expr, t: sympy.Symbol, a: sympy.Expr, b: sympy.Expr) -> sympy.Expr | None:
    """∫_a^b f dt for f a sum of polynomial(t)·exp(A·t + B) terms, in closed form.

    The antiderivative of t^k e^{At} is e^{At} Σ_j (−1)^j k!/(k−j)! t^{k−j}/A^{j+1}
    (A ≠ 0), and t^{k+1}/(k+1) for A = 0. An infinite end needs the sign of A
    that makes the term vanish there; otherwise None (not this method). This
    covers the uniform, exponential and Laplace densities exactly and fast.
    """
    total = sympy.Integer(0)
    for term in sympy.Add.make_args(sympy.expand(f, power_exp=False, log=False)):
        rate = sympy.Integer(0)
        shift = sympy.Integer(0)
        poly_part = sympy.Integer(1)
        for factor in sympy.Mul.make_args(term):
            if isinstance(factor, sympy.exp):
                arg = sympy.expand(factor.args[0])
                p = arg.as_poly(t) if t in arg.free_symbols else None
                if t in arg.free_symbols and (p is None or p.degree() != 1):
                    return None
                rate += p.all_coeffs()[0] if p is not None else 0
                shift += p.all_coeffs()[1] if p is not None else arg
            else:
                poly_part *= factor
        try:
            poly = sympy.Poly(poly_part, t)
        except sympy.PolynomialError:
            return None
        if any(t in c.free_symbols for c in poly.coeffs()) or poly.degree() > 30:
            return None
        if rate.free_symbols and rate.is_zero is None:
            return None
        for (k,), c in poly.terms():
            piece = _monomial_exp(k, rate, t, a, b)
            if piece is None:
                return None
            total += c * sympy.exp(shift) * piece
    return total


def gaussian_integral(f: sympy.Expr, t: sympy.Symbol, a: sympy.Expr, b: sympy.Expr) -> sympy.Expr | None:
    """∫_a^b poly(t)·exp(αt² + βt + γ) dt with α < 0, over the whole line or a
    half-line that starts at the vertex v = −β/(2α), in closed form.

    With t = v + z the exponent is αz² + const, and
    ∫_0^∞ z^k e^{αz²} dz = Γ((k+1)/2) / (2 (−α)^{(k+1)/2}); the other half-line
    has the sign (−1)^k, the whole line the sum. None for any other shape.
    """
    exps = [e for e in f.atoms(sympy.exp) if t in e.free_symbols]
    if len(exps) > 1:
        f = sympy.powsimp(f, combine="exp")  # exp(t)·exp(q(t)) = exp(t + q(t)), an identity
        exps = [e for e in f.atoms(sympy.exp) if t in e.free_symbols]
    if len(exps) != 1:
        return None
    (ex,) = exps
    poly_part = sympy.cancel(f / ex)
    arg = sympy.expand(ex.args[0])
    quad = arg.as_poly(t)
    if quad is None or quad.degree() != 2:
        return None
    alpha, beta, gamma = quad.all_coeffs()
    if alpha.is_negative is not True:
        return None
    v = shorten(-beta / (2 * alpha))
    z = sympy.Dummy("z", real=True)
    try:
        poly = sympy.Poly(sympy.expand(poly_part.xreplace({t: v + z})), z)
    except sympy.PolynomialError:
        return None
    if any(t in c.free_symbols or z in c.free_symbols for c in poly.coeffs()) or poly.degree() > 40:
        return None
    whole = a == -sympy.oo and b == sympy.oo
    right = b == sympy.oo and is_zero(a - v)
    left = a == -sympy.oo and is_zero(b - v)
    if not (whole or right or left):
        return None
    const = sympy.exp(sympy.expand(arg.xreplace({t: v + z})).subs(z, 0))
    total = sympy.Integer(0)
    for (k,), c in poly.terms():
        half = sympy.gamma(sympy.Rational(k + 1, 2)) / (2 * (-alpha) ** sympy.Rational(k + 1, 2))
        if whole:
            total += c * (2 * half if k % 2 == 0 else 0)
        elif right:
            total += c * half
        else:
            total += c * (-1) ** k * half
    return const * total


def _monomial_exp(k: int, rate: sympy.Expr, t: sympy.Symbol, a: sympy.Expr, b: sympy.Expr) -> sympy.Expr | None:
    """∫_a^b t^k e^{rate·t} dt."""
    if rate == 0:
        if a.is_infinite or b.is_infinite:
            return None
        return (b ** (k + 1) - a ** (k + 1)) / (k + 1)

    def antiderivative(x: sympy.Expr) -> sympy.Expr:
        terms = [(-1) ** j * sympy.factorial(k) / sympy.factorial(k - j) * x ** (k - j) / rate ** (j + 1) for j in range(k + 1)]
        return sympy.exp(rate * x) * sympy.Add(*terms)

    def at(x: sympy.Expr) -> sympy.Expr | None:
        if x == sympy.oo:
            return sympy.Integer(0) if rate.is_negative else None
        if x == -sympy.oo:
            return sympy.Integer(0) if rate.is_positive else None
        return antiderivative(x)

    upper, lower = at(b), at(a)
    if upper is None or lower is None:
        return None
    return upper - lower


def _split_integral(f: sympy.Expr, t: sympy.Symbol, a: sympy.Expr, b: sympy.Expr, depth: int = 0) -> sympy.Expr | None:
    """Cut [a, b] at the zeros of the innermost atoms' arguments; on each open
    piece those atoms have one branch. Atoms nested around them are handled by
    splitting each piece again, once the inner ones are resolved."""
    atoms = [atom for atom in f.atoms(*branching_atoms()) if t in atom.free_symbols]
    if not atoms or f.has(sympy.DiracDelta) or depth > 4:
        return None
    if not _ordered(a, b):
        return None
    cuts: set[sympy.Expr] = set()
    for atom in _innermost(atoms, t):
        if isinstance(atom, sympy.Piecewise):
            args = [rel.lhs - rel.rhs for _, cond in atom.args for rel in cond.atoms(sympy.core.relational.Relational)]
        else:
            g = switch(atom)
            if g is None:
                return None
            args = [g]
        for g in args:
            zeros = _real_zeros(g, t)
            if zeros is None:
                return None
            cuts.update(zeros)
    inner = [c for c in cuts if _strictly_between(c, a, b)]
    if any(_strictly_between(c, a, b) is None for c in cuts):
        return None
    ordered = _in_order(inner)
    if ordered is None:
        return None
    points = [a, *ordered, b]
    total = sympy.Integer(0)
    for lo, hi in zip(points, points[1:]):
        probe = _inside(lo, hi)
        piece = _resolve(f, t, probe)
        if piece is None:
            return None
        if any(t in atom.free_symbols for atom in piece.atoms(*branching_atoms())):
            value = _split_integral(piece, t, lo, hi, depth + 1)
            if value is None:
                return None
        else:
            value = _plain(piece, t, lo, hi, original=piece)
        if value.has(sympy.Integral):
            return None
        total += value
    return total


def _in_order(cuts: list[sympy.Expr]) -> list[sympy.Expr] | None:
    """The cuts from left to right, when every pair compares (−s < 0 < s for s > 0); else None."""
    out: list[sympy.Expr] = []
    for c in cuts:
        k = 0
        while k < len(out):
            below = (c - out[k]).is_negative
            if below is None:
                return None
            if below:
                break
            k += 1
        out.insert(k, c)
    return out


def _innermost(atoms: list[sympy.Expr], t: sympy.Symbol) -> list[sympy.Expr]:
    """The atoms whose arguments contain no other atom in t."""
    return [a for a in atoms if not any(t in b.free_symbols for arg in a.args for b in arg.atoms(*branching_atoms()))]


def _real_zeros(g: sympy.Expr, t: sympy.Symbol) -> list[sympy.Expr] | None:
    if t not in g.free_symbols:
        return []
    poly = g.as_poly(t)
    if poly is None or poly.degree() > 2:
        return None
    # Closed forms for degree 1 and 2 (sympy.solve would cost far more: it simplifies).
    try:
        found = sympy.roots(poly, multiple=False)
    except (NotImplementedError, sympy.PolynomialError):
        return None
    if sum(found.values()) != poly.degree():
        return None
    roots = list(found)
    real = []
    for r in roots:
        if r.is_real is False:
            continue
        if r.is_real is None:
            return None
        real.append(r)
    return real


def _ordered(a: sympy.Expr, b: sympy.Expr) -> bool:
    return bool((b - a).is_positive) if not (a.is_infinite or b.is_infinite) else a != sympy.oo and b != -sympy.oo


def _strictly_between(c: sympy.Expr, a: sympy.Expr, b: sympy.Expr) -> bool | None:
    above = True if a == -sympy.oo else (c - a).is_positive
    below = True if b == sympy.oo else (b - c).is_positive
    if above is False or below is False:
        return False
    if above and below:
        return True
    # c equal to an end is harmless (no cut needed); otherwise unknown.
    if (c - a).is_zero or (b - c).is_zero:
        return False
    return None


def _inside(lo: sympy.Expr, hi: sympy.Expr) -> sympy.Expr:
    if lo == -sympy.oo and hi == sympy.oo:
        return sympy.Integer(0)
    if lo == -sympy.oo:
        return hi - 1
    if hi == sympy.oo:
        return lo + 1
    return (lo + hi) / 2


def _resolve(f: sympy.Expr, t: sympy.Symbol, probe: sympy.Expr) -> sympy.Expr | None:
    """Replace each innermost atom by its branch on the open piece that contains ``probe``.

    Only innermost atoms: their arguments are polynomials whose zeros were cut,
    so their sign is constant on the piece. Atoms around them are resolved by
    the next round of splitting, on the resolved expression.
    """
    mapping = {}
    for atom in _innermost([a for a in f.atoms(*branching_atoms()) if t in a.free_symbols], t):
        if isinstance(atom, sympy.Piecewise):
            # The first branch whose condition holds at the probe holds on the
            # whole open piece: conditions change only at the cuts.
            chosen = None
            for expr, cond in atom.args:
                truth = cond.subs(t, probe)
                if truth is sympy.true:
                    chosen = expr
                    break
                if truth is not sympy.false:
                    return None
            if chosen is None:
                return None
            mapping[atom] = chosen
            continue
        g = switch(atom)
        s = None if g is None else _sign(g.subs(t, probe))
        value = None if s is None or s == 0 else branch(atom, s)
        if value is None:
            return None
        mapping[atom] = value
    return f.xreplace(mapping)


def _sign(value: sympy.Expr) -> int | None:
    if value.is_positive:
        return 1
    if value.is_negative:
        return -1
    if value.is_zero:
        return 0
    return None
