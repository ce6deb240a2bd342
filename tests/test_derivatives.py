"""Fast first derivatives and the witness search's judgement without wording.

Labels come from routes apart from the code under test: ``sympy.diff`` itself
(the derivative must be the very expression it builds), a central difference
quotient evaluated by mpmath at 50 digits, and the counterexample's values
confirmed by the kernel as ``confirm`` always did.
"""

from __future__ import annotations

import mpmath
import sympy

import derivcheck.engine.refute as refute
from derivcheck.checking import check_claim
from derivcheck.derivatives import derivative, jacobian
from derivcheck.engine.refute import confirm, false_at
from derivcheck.loader import load_text
from derivcheck.model import Verdict

x, y, w1, w2 = sympy.symbols("x y w1 w2", real=True)
eps = sympy.Symbol("eps", positive=True)
f = sympy.Function("f")


def _sigmoid(z: sympy.Expr) -> sympy.Expr:
    return 1 / (1 + sympy.exp(-z))


def _logistic_loss() -> sympy.Expr:
    rows = [(1, 2, 0), (-3, 1, 1), (2, -1, 1)]
    loss = sympy.Integer(0)
    for a, b, label in rows:
        p = _sigmoid(a * w1 + b * w2)
        loss += -label * sympy.log(p) - (1 - label) * sympy.log(1 - p)
    return loss


EXPRESSIONS = [
    _logistic_loss(),
    (x - (x + y) / 2) / sympy.sqrt(((x - y) / 2) ** 2 + eps),  # a batch-norm entry, n = 2
    sympy.sin(x * y) ** 3 * sympy.exp(-(x**2)) / (1 + x**2),
    x**y + sympy.atan(x / y) - sympy.log(1 + sympy.exp(x)),
    # Nodes handed to sympy.diff whole: an absolute value, a maximum, a sum, an undefined function.
    sympy.Abs(x - 1) * x + sympy.Max(x, y**2),
    sympy.Sum(x**2 / sympy.Symbol("k", integer=True, positive=True), (sympy.Symbol("k", integer=True, positive=True), 1, 3)),
    f(x**2) * x,
    sympy.Derivative(f(x), x) * x,
]


def test_the_derivative_is_the_expression_sympy_diff_builds() -> None:
    for e in EXPRESSIONS:
        for v in (x, y, w1):
            mine, theirs = derivative(e, v), sympy.diff(e, v)
            assert mine == theirs and type(mine) is type(theirs), (e, v)


def test_the_derivative_agrees_with_a_difference_quotient() -> None:
    loss = _logistic_loss()
    d = derivative(derivative(loss, w1), w2)  # one Hessian entry
    at = {w1: mpmath.mpf("0.3"), w2: mpmath.mpf("-0.7")}
    with mpmath.workdps(50):
        def value(a: mpmath.mpf, b: mpmath.mpf) -> mpmath.mpf:
            # The loss written apart: Σ −y log σ(z) − (1 − y) log(1 − σ(z)), z = a·w1 + b·w2.
            total = mpmath.mpf(0)
            for r1, r2, label in [(1, 2, 0), (-3, 1, 1), (2, -1, 1)]:
                s = 1 / (1 + mpmath.exp(-(r1 * a + r2 * b)))
                total += -label * mpmath.log(s) - (1 - label) * mpmath.log(1 - s)
            return total

        h = mpmath.mpf(10) ** -12
        a, b = at[w1], at[w2]
        quotient = (value(a + h, b + h) - value(a + h, b - h) - value(a - h, b + h) + value(a - h, b - h)) / (4 * h * h)
        exact = sympy.N(d.xreplace({w1: sympy.Rational(3, 10), w2: sympy.Rational(-7, 10)}), 40)
        assert abs(quotient - mpmath.mpf(str(exact))) < mpmath.mpf(10) ** -15


def test_the_jacobian_is_sympys_and_its_memo_lives_for_one_call() -> None:
    column = sympy.ImmutableMatrix([derivative(_logistic_loss(), w1), derivative(_logistic_loss(), w2)])
    assert jacobian(column, [w1, w2]) == sympy.ImmutableMatrix(column.jacobian(sympy.Matrix([w1, w2])))
    memo: dict = {}
    derivative(_logistic_loss(), w1, memo)
    # Only what this call differentiated, by this variable: nothing global, nothing kept by the module.
    assert memo and all(v == w1 and w1 in e.free_symbols for e, v in memo)


def test_false_at_is_the_judgement_of_confirm() -> None:
    lhs = sympy.ImmutableMatrix([[x, y], [x * y, 1]])
    rhs = sympy.ImmutableMatrix([[x, y], [y * x, x]])
    one, two, three = sympy.Integer(1), sympy.Integer(2), sympy.Integer(3)
    for point in ({x: one, y: two}, {x: three, y: two}, {x: sympy.Rational(1, 3), y: sympy.Integer(0)}):
        for op in ("==", "!="):
            assert false_at(op, lhs, rhs, point) is (confirm(op, lhs, rhs, point) is not None)
    assert false_at("==", lhs, rhs, {x: three, y: two})  # 1 ≠ 3 in the last entry
    assert not false_at("==", lhs, rhs, {x: one, y: two})
    assert false_at("<", x**2, x, {x: sympy.Rational(1, 2)}) is (confirm("<", x**2, x, {x: sympy.Rational(1, 2)}) is not None)


def test_a_matrix_refutation_words_only_the_witness_kept(monkeypatch) -> None:
    worded: list[str] = []
    real = refute._show_matrix

    def counting(m: sympy.MatrixBase) -> str:
        worded.append(real(m))
        return worded[-1]

    monkeypatch.setattr(refute, "_show_matrix", counting)
    body = (
        "  - id: t\n    title: a transposed Jacobian\n    symbols:\n      A: matrix[2, 2]\n      v: vector[2]\n"
        "    claim: jacobian(A*v, v) == A.T\n"
    )
    loaded = load_text("claims:\n" + body, "t.yaml")
    (claim,) = loaded.claims
    result = check_claim(claim, display=False)
    assert result.verdict is Verdict.REFUTED
    # The left and right side at the witness, once each: A against Aᵀ, which differ off the diagonal.
    assert len(worded) == 2 and worded[0] != worded[1]
    assert result.lhs_value == worded[0] and result.rhs_value == worded[1]
