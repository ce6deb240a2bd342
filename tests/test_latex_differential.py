"""The letter d in LaTeX: a differential only where an integral or a derivative takes it.

The parser joins ``d`` to the letter or command after it wherever it stands, so
``d e`` would be the name ``de``. Each expected text below is written by hand from the
meaning of the LaTeX (e alone is Euler's number, ``exp(1)``, as everywhere in the
reader), and compared with the translation through derivcheck's own parser: the two
syntax trees must be equal (parentheses that change nothing aside).
"""

from __future__ import annotations

import ast

import pytest

from derivcheck.latex import Notation, translate_expression
from derivcheck.model import Location, Text
from derivcheck.parser import parse

#: (LaTeX, the claim-language text it means).
READ: tuple[tuple[str, str], ...] = (
    # d is the name d, next to other letters and operators
    (r"d e", "d*exp(1)"),
    (r"d \cdot f", "d*f"),
    (r"2 d e^x", "2*d*exp(x)"),
    (r"a d + b", "a*d + b"),
    (r"d x", "d*x"),
    (r"d \, x", "d*x"),
    (r"d \theta", "d*theta"),
    (r"d^2 x", "d**2*x"),
    (r"d_i", "d_i"),
    (r"x^d y", "x**d*y"),
    (r"x^dy", "x**d*y"),
    (r"\sigma(d x)", "sigmoid(d*x)"),
    (r"\frac{d+1}{d-1}", "(d + 1)/(d - 1)"),
    # inside a derivative's operand, and after an integral's differential
    (r"\frac{d}{d x} (d x^2)", "diff(d*x**2, x)"),
    (r"\frac{d}{dx} (x d) + d y", "diff(x*d, x) + d*y"),
    (r"\int_0^1 e^{d x} dx", "integrate(exp(d*x), (x, 0, 1))"),
    (r"\int_0^1 d \cdot x \, dx", "integrate(d*x, (x, 0, 1))"),
    (r"\int_0^1 (x + d t) \, dt", "integrate(x + d*t, (t, 0, 1))"),
    (r"\int_0^1 x \, dx + d \cdot y", "integrate(x, (x, 0, 1)) + d*y"),
    # the differentials that must keep working: integrals ...
    (r"\int_0^1 x dx", "integrate(x, (x, 0, 1))"),
    (r"\int_0^1 t d t", "integrate(t, (t, 0, 1))"),
    (r"\int_0^1 t^2 \, dt", "integrate(t**2, (t, 0, 1))"),
    (r"\int_0^1 t \, \mathrm{d}t", "integrate(t, (t, 0, 1))"),
    (r"\int_0^1 t \, \mathrm{d} t", "integrate(t, (t, 0, 1))"),
    (r"\int_{t=-\infty}^x H(t)dt", "integrate(H(t), (t, -oo, x))"),
    (r"\int_0^1 d x", "integrate(1, (x, 0, 1))"),
    (r"\int_0^1 \frac{1}{x} dx", "integrate(1/x, (x, 0, 1))"),
    (r"\int_0^d x \, dx", "integrate(x, (x, 0, d))"),
    (r"\int_d^{1} x^d \, dx", "integrate(x**d, (x, d, 1))"),
    (r"\int_0^1 s \, d\theta", "integrate(s, (theta, 0, 1))"),
    # ... each of a sum read on its own, and nested ones inner first
    (r"\int_0^1 x dx + \int_0^1 y dy", "integrate(x, (x, 0, 1)) + integrate(y, (y, 0, 1))"),
    (r"2 \int_0^1 x \, dx - 3 \int_0^2 t^2 \, dt", "2*integrate(x, (x, 0, 1)) - 3*integrate(t**2, (t, 0, 2))"),
    (r"\int_0^1 x dx+\int_0^2 y dy", "integrate(x, (x, 0, 1)) + integrate(y, (y, 0, 2))"),
    (r"\int_0^1 x \, dx \int_0^2 y \, dy", "integrate(x, (x, 0, 1))*integrate(y, (y, 0, 2))"),
    (r"\int_0^1 \int_0^2 x y \, dx \, dy", "integrate(integrate(x*y, (x, 0, 2)), (y, 0, 1))"),
    # ... and derivatives
    (r"\frac{d}{dx} x^2", "diff(x**2, x)"),
    (r"\frac{d^2}{dx^2} x^3", "diff(x**3, x, 2)"),
    (r"\frac{d f}{d x}", "diff(f, x)"),
    (r"\frac{d^2 f}{d x^2}", "diff(f, x, 2)"),
    (r"\frac{\mathrm{d}}{\mathrm{d}t} t^3", "diff(t**3, t)"),
    (r"\frac{d}{dt} \int_0^t s^2 \, ds", "diff(integrate(s**2, (s, 0, t)), t)"),
)


def _tree(text: str) -> str:
    return ast.dump(parse(Text(text, Location("<test>", 1), inline=False)).tree.body)


@pytest.mark.parametrize(("latex", "expected"), READ, ids=[latex for latex, _ in READ])
def test_the_letter_d_is_read_as_written(latex: str, expected: str) -> None:
    t = translate_expression(latex, Notation.defaults())
    assert t.problems == ()
    assert t.text is not None
    assert _tree(t.text) == _tree(expected), t.text


def test_d_is_an_entry_of_a_vector_d() -> None:
    t = translate_expression(r"d_i \, x_i + d e", Notation.defaults(), indexed={"d", "x"})
    assert t.problems == ()
    assert t.text is not None and _tree(t.text) == _tree("d[i]*x[i] + d*exp(1)")


def test_d_in_a_row_of_cases() -> None:
    t = translate_expression(r"\begin{cases} d e & x > 0 \\ 0 & \text{otherwise} \end{cases}", Notation.defaults())
    assert t.problems == ()
    assert t.text is not None and _tree(t.text) == _tree("Piecewise((d*exp(1), x > 0), (0, True))")


def test_a_labelled_differential_against_a_density() -> None:
    t = translate_expression(
        r"\int_0^{\infty} (a^{(k-1)})^2 p(a^{(k-1)}) \, da^{(k-1)}",
        Notation.defaults().extended({"p": "pdf"}),
        random={"a__km1"},
    )
    assert t.problems == ()
    assert t.text is not None and _tree(t.text) == _tree("integrate(t**2*pdf(a__km1, t), (t, 0, oo))")


#: (LaTeX, a phrase of the reason it is refused).
REFUSED: tuple[tuple[str, str], ...] = (
    # d against a letter, with no integral or derivative to take it
    (r"dx", "'dx' reads as a differential"),
    (r"de", "'de' reads as a differential"),
    (r"x dy", "'dy' reads as a differential"),
    (r"2 d\theta", "reads as a differential"),
    (r"\mathrm{d} x", "reads as a differential"),
    (r"\frac{1}{dx}", "reads as a differential"),
    (r"\int_0^1 e^{dx} dx", "'dx' reads as a differential"),
    # an integral whose differential is not at the end of its integrand: no dx is guessed
    (r"\int_0^1 x", "with its differential at the end"),
    (r"\int_0^1 \delta", "with its differential at the end"),
    (r"\int_0^1 dx \, x^2", "with its differential at the end"),
    (r"\int_0^1 x d", "with its differential at the end"),
    # a second differential after the integral's own
    (r"\int_0^1 x^2 \, dx + d x", "second differential"),
    (r"\int_0^1 d x + x^2 \, d x", "second differential"),
    # a derivative whose denominator is not d and one name: the parser would make a name of dx
    (r"\frac{d}{d x y} f", "must be dx, for one name x"),
    (r"\frac{d + 1}{d x}", "must be dx, for one name x"),
    # an integral by a labelled name, with no density to read it
    (r"\int_0^1 f \, da^{(k-1)}", "integrate by a letter"),
)


@pytest.mark.parametrize(("latex", "reason"), REFUSED, ids=[latex for latex, _ in REFUSED])
def test_an_ambiguous_d_is_refused(latex: str, reason: str) -> None:
    t = translate_expression(latex, Notation.defaults())
    assert t.text is None
    assert len(t.problems) == 1 and reason in t.problems[0], t.problems
