"""Definite integrals: cut at the breakpoints of piecewise atoms, closed forms
for polynomial × exponential pieces, and the sifting property of δ."""

from __future__ import annotations

import pytest
import sympy

from derivcheck.engine.integrals import definite_integral

t = sympy.Symbol("t", real=True)
s = sympy.Symbol("s", positive=True)
m = sympy.Symbol("m", real=True)
S = sympy.S


def uniform_pdf(z: sympy.Expr) -> sympy.Expr:
    return sympy.Piecewise((1 / (2 * s), (s >= z) & (s >= -z)), (0, True))


@pytest.mark.parametrize(
    ("f", "a", "b", "value"),
    [
        # cuts at −s, 0 and s, ordered although s is a symbol
        (uniform_pdf(t) * sympy.Max(0, t) ** 2, -S.Infinity, S.Infinity, s**2 / 6),
        (uniform_pdf(t) * sympy.Abs(t), -S.Infinity, S.Infinity, s / 2),
        (sympy.Heaviside(t - 1) * t, S(0), S(3), S(4)),
        # δ sifts a continuous function at the point where its argument vanishes
        ((m + t) * sympy.exp(-(t**2)) * sympy.DiracDelta(t), -S.Infinity, S.Infinity, m),
        (t * sympy.DiracDelta(2 * t - 1), S(0), S(1), S(1) / 4),
        (sympy.DiracDelta(t - 3), S(0), S(1), S(0)),
        (sympy.DiracDelta(t) + t, S(-1), S(1), S(1)),
    ],
)
def test_integrals_in_closed_form(f: sympy.Expr, a: sympy.Expr, b: sympy.Expr, value: sympy.Expr) -> None:
    got = definite_integral(f, t, a, b)
    assert sympy.simplify(got - value) == 0


@pytest.mark.parametrize(
    ("f", "a", "b"),
    [
        (sympy.DiracDelta(t) * sympy.Heaviside(t), S(-1), S(1)),  # δ against a jump: no value
        (t * sympy.DiracDelta(t), S(0), S(1)),  # the point is an end of the interval
    ],
)
def test_a_delta_without_a_definite_value_stays_unevaluated(f: sympy.Expr, a: sympy.Expr, b: sympy.Expr) -> None:
    assert definite_integral(f, t, a, b).has(sympy.Integral)


@pytest.mark.parametrize(
    ("f", "a", "b", "value", "contradicted"),
    [
        (t**2, S(0), S(1), S(1) / 3, False),
        (t**2, S(0), S(1), S(1) / 2, True),
        (sympy.sqrt(2 - t) * sympy.sqrt(1 / (2 - t)), S(0), S(1), S(-1), True),  # SymPy's answer (#29792)
        (sympy.exp(-s * t), S(0), S.Infinity, 1 / s, False),  # with an unknown: checked at sample values
        (sympy.exp(-s * t), S(0), S.Infinity, 2 / s, True),
    ],
)
def test_quadrature_checks_a_value_from_sympy(
    f: sympy.Expr, a: sympy.Expr, b: sympy.Expr, value: sympy.Expr, contradicted: bool
) -> None:
    from derivcheck.engine.integrals import _quadrature_contradicts

    assert (_quadrature_contradicts(f, t, a, b, value) is not None) is contradicted


def test_a_wrong_answer_of_sympys_integrate_is_withheld() -> None:
    value = definite_integral(sympy.sqrt(2 - t) * sympy.sqrt(1 / (2 - t)), t, S(0), S(1))
    assert value == 1 or value.has(sympy.Integral)  # never SymPy's -1


def test_a_claim_on_a_withheld_integral_is_undecided_and_says_why() -> None:
    from derivcheck.checking import check_claim
    from derivcheck.loader import load_text
    from derivcheck.model import Verdict

    body = "claims:\n  - id: i\n    title: t\n    claim: integrate(sqrt(2 - t)*sqrt(1/(2 - t)), (t, 0, 1)) == -1\n"
    result = check_claim(load_text(body, "c.yaml").claims[0])
    # The integrand is 1 on [0, 1], so the integral is 1 and the claim is false: it is
    # never proved (the kernel's rigorous quadrature may refute it), and SymPy's −1 is
    # withheld with its reason.
    assert result.verdict is not Verdict.PROVED
    from derivcheck.engine.integrals import definite_integral
    from derivcheck.engine.limits import withheld_reasons
    from derivcheck.wording import withheld

    t = sympy.Symbol("t", real=True)
    value = definite_integral(sympy.sqrt(2 - t) * sympy.sqrt(1 / (2 - t)), t, S(0), S(1))
    assert any("SymPy's integrate gave -1, but quadrature gives 1.0" in withheld(w) for w in withheld_reasons(value))
