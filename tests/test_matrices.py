"""Exact Gram certificates, the flint reading of rational identities, and shared values in the screen.

Labels come from routes apart from the code under test: matrices whose
definiteness is known by hand (a rank-one matrix, a negative minor),
identities checked by exact evaluation at rational points, and values
computed by mpmath at 50 digits from a separately written formula.
"""

from __future__ import annotations

import mpmath
import sympy
from flint import fmpq

from derivcheck.engine.numeric import compile_expr, compile_many, shared_env
from derivcheck.engine.quadratic import certificate, negative_points, prove_nonnegative
from derivcheck.engine.rational import rational_zero
from derivcheck.kernel.gram import certifies, pivots

x, y, z = sympy.symbols("x y z", real=True)
c = sympy.Symbol("c", complex=True)


def q(*rows: tuple[int, ...]) -> list[list[fmpq]]:
    return [[fmpq(v) for v in row] for row in rows]


def test_pivots_accept_semidefinite_and_reject_the_rest() -> None:
    # [[1, 1], [1, 1]] = (1, 1)ᵀ(1, 1): rank one, semidefinite, pivots 1 and 0.
    assert pivots(q((1, 1), (1, 1))) == [1, 0]
    # det [[1, 2], [2, 1]] = -3 < 0: indefinite.
    assert pivots(q((1, 2), (2, 1))) is None
    # A zero pivot with a non-zero entry below it: [[0, 1], [1, 1]] has det -1.
    assert pivots(q((0, 1), (1, 1))) is None
    # Not symmetric.
    assert pivots(q((1, 0), (1, 1))) is None


def test_certifies_checks_the_identity_and_the_unknowns() -> None:
    g = q((1, -1), (-1, 2))  # x² − 2xy + 2y² = (x − y)² + y², pivots 1 and 1
    assert certifies(x**2 - 2 * x * y + 2 * y**2, [x, y], g, False)
    # The same G does not give x² − 3xy + 2y²: the identity fails.
    assert not certifies(x**2 - 3 * x * y + 2 * y**2, [x, y], g, False)
    # Strict needs the constant monomial: x² − 2xy + 2y² is 0 at the origin.
    assert not certifies(x**2 - 2 * x * y + 2 * y**2, [x, y], g, True)
    assert certifies(x**2 + 1, [sympy.Integer(1), x], q((1, 0), (0, 1)), True)
    # A complex unknown: c² ≥ 0 is not even meaningful.
    assert not certifies(c**2, [c], q((1,)), False)


def test_quadratic_forms_whichever_way_they_are_written() -> None:
    a = sympy.Matrix(2, 2, sympy.symbols("a11 a12 a21 a22", real=True))
    v = sympy.Matrix(sympy.symbols("v1 v2", real=True))
    quartic = (v.T * a.T * a * v)[0]
    assert prove_nonnegative(quartic, False)
    assert prove_nonnegative(sympy.expand(quartic), False)
    monomials, _ = certificate(quartic) or ([], [])
    assert len(monomials) == 4  # the Newton-polytope half: a_ij·v_j
    # Not strictly positive: 0 at v = 0.
    assert not prove_nonnegative(quartic, True)
    assert prove_nonnegative((x**2 + y**2 - 1) ** 2, False)
    assert not prove_nonnegative(x**2 - 3 * x * y + 2 * y**2, False)
    assert not prove_nonnegative(x**3 + y**2, False)


def test_negative_points_are_negative() -> None:
    for d in (x**2 - 3 * x * y + 2 * y**2, x * y, x**2 - 2 * x + sympy.Rational(1, 2), -(x**2) - y**2 - 1):
        found = negative_points(d)
        assert found
        for p in found:
            assert d.xreplace(p) < 0  # exact rational evaluation
    assert negative_points(x**2 + y**2) == []


def _exactly_zero_at(e: sympy.Expr, values: dict[sympy.Symbol, sympy.Expr]) -> bool:
    return sympy.nsimplify(e.xreplace(values)) == 0 if not e.xreplace(values).is_Rational else e.xreplace(values) == 0


def test_rational_zero_agrees_with_exact_values() -> None:
    s = 1 / (1 + sympy.exp(-x))
    true = [
        sympy.diff(s, x) - s * (1 - s),
        sympy.exp(x) * sympy.exp(-x) - 1,
        (x**2 - 1) / (x - 1) - (x + 1),
        sympy.diff(x / sympy.sqrt(x**2 + y), x) - y / (x**2 + y) ** sympy.Rational(3, 2),
    ]
    for e in true:
        assert rational_zero(e), e
    false = [x - y, sympy.log(x * y) - sympy.log(x) - sympy.log(y), s - sympy.exp(x) / (2 + sympy.exp(x)), sympy.sqrt(x * y) - sympy.sqrt(x) * sympy.sqrt(y)]
    for e in false:
        assert not rational_zero(e), e
    # Each false one is non-zero at a rational point (the label), e.g. x = -1, y = -2.
    point = {x: sympy.Integer(-1), y: sympy.Integer(-2)}
    assert all(sympy.N(e.xreplace(point), 30) != 0 for e in false)


def test_shared_subexpressions_give_the_value_written() -> None:
    r = sympy.sqrt(x**2 + y**2 + 1)
    e = (x / r) ** 2 + (y / r) ** 2 + 1 / r**2 + sympy.sin(r) * sympy.cos(r) - sympy.sin(2 * r) / 2
    f = compile_expr(e)
    with mpmath.workdps(50):
        got = f({x: mpmath.mpf(3) / 7, y: mpmath.mpf(-2)})
        # By hand: the first three terms add up to 1, and sin r cos r = sin(2r)/2.
        assert abs(got - 1) < mpmath.mpf(10) ** -40
        rr = mpmath.sqrt(mpmath.mpf(9) / 49 + 4 + 1)
        g = compile_expr(sympy.sin(r) + r)
        assert abs(g({x: mpmath.mpf(3) / 7, y: mpmath.mpf(-2)}) - (mpmath.sin(rr) + rr)) < mpmath.mpf(10) ** -45


def test_entries_share_values_only_at_one_point() -> None:
    r = sympy.sqrt(x**2 + 1)
    f, g = compile_many([x / r + r, y * r - 1 / r])
    with mpmath.workdps(40):
        for xv, yv in ((mpmath.mpf(1) / 3, mpmath.mpf(2)), (mpmath.mpf(-5), mpmath.mpf(7) / 2)):
            env = shared_env({x: xv, y: yv})
            rr = mpmath.sqrt(xv**2 + 1)  # the same values, written apart
            assert abs(f(env) - (xv / rr + rr)) < mpmath.mpf(10) ** -35
            assert abs(g(env) - (yv * rr - 1 / rr)) < mpmath.mpf(10) ** -35


def test_expressions_compiled_apart_may_share_one_table() -> None:
    # Both sides of a relation are compiled apart and screened in one environment:
    # their shared values must not be confused (sin(x)² vs cos(x)² below).
    s2 = sympy.sin(x) ** 2
    c2 = sympy.cos(x) ** 2
    f = compile_expr(s2 * s2 + s2)
    g = compile_expr(c2 * c2 + c2)
    with mpmath.workdps(40):
        env = shared_env({x: mpmath.mpf(1) / 5})
        sv, cv = mpmath.sin(mpmath.mpf(1) / 5) ** 2, mpmath.cos(mpmath.mpf(1) / 5) ** 2
        assert abs(f(env) - (sv * sv + sv)) < mpmath.mpf(10) ** -35
        assert abs(g(env) - (cv * cv + cv)) < mpmath.mpf(10) ** -35
