"""The linear-algebra language: grad, hessian, inv, det, outer, kron, norm(x, p),
matrix literals, rows and columns, the entry domains, and the transpose diagnosis.

The expected values are computed here apart from the engine: with Python's
Fractions (determinants by the Leibniz formula, inverses checked by A·A⁻¹ = I),
with mpmath's numeric differentiation (gradients and Hessians), and by hand
(the witnesses of a simplex are checked to be in it with exact arithmetic).
The claims with true and false twins are in tests/corpus/linalg.yaml.
"""

from __future__ import annotations

import itertools
import random
from fractions import Fraction

import mpmath
import pytest
import sympy

from derivcheck import domains
from derivcheck.checking import check_claim
from derivcheck.errors import ClaimError
from derivcheck.evaluate import read
from derivcheck.loader import load_text
from derivcheck.model import ClaimResult, Location, Text, Verdict
from derivcheck.problem import Scope


def _result(symbols: str, claim: str) -> ClaimResult:
    body = f'  - id: la\n    title: linear algebra\n    symbols: {symbols}\n    claim: "{claim}"\n'
    loaded = load_text("claims:\n" + body, "la.yaml")
    assert not loaded.failures, loaded.failures
    (found,) = loaded.claims
    return check_claim(found)


def _read(text: str, **names: object) -> object:
    return read(Text(text, Location("t.yaml", 3, 12)), Scope(names=dict(names)))


def _error(text: str, **names: object) -> ClaimError:
    with pytest.raises(ClaimError) as caught:
        _read(text, **names)
    return caught.value


X23 = sympy.ImmutableMatrix(2, 3, sympy.symbols("x1:7", real=True))


# --------------------------------------------------------------------------- syntax and its errors


def test_a_matrix_literal_is_its_rows_and_a_vector_literal_a_column() -> None:
    a, b, c, d = sympy.symbols("a b c d", real=True)
    assert _read("[[a, b], [c, d]]", a=a, b=b, c=c, d=d) == sympy.Matrix([[a, b], [c, d]])
    assert _read("[a, b, c]", a=a, b=b, c=c) == sympy.Matrix([a, b, c])
    assert _read("[[1, 2, 3]]").shape == (1, 3)  # type: ignore[attr-defined]


def test_a_ragged_literal_is_refused_where_the_short_row_is() -> None:
    # "[[a, 1], [2]]" at column 12 of line 3: the second row starts 9 characters on.
    err = _error("[[a, 1], [2]]", a=sympy.Symbol("a"))
    assert err.message == "the rows of a matrix literal must have the same length: this one has 1 entry, the first 2 entries"
    assert (err.loc.line, err.loc.col) == (3, 21)


@pytest.mark.parametrize(
    ("text", "words", "offset"),
    [
        ("[]", "an empty list is not a vector", 0),
        ("[[1, 2], []]", "an empty row in a matrix literal", 9),
        ("[[1, 2], 3]", "a matrix literal is a list of rows", 9),
        ("[[[1]]]", "an entry of a matrix literal must be a number, not a list", 2),
        ("[X, 1]", "an entry of a matrix literal must be a number, not a 2×3 matrix", 1),
        ("X[1:2, 1]", "a slice is only ':' as one index of two", 2),
        ("X[:]", "a slice is only ':' as one index of two", 2),
        ("X[:, :, :]", "a slice is only ':' as one index of two", 8),
        ("X[:, :]", "X[:, :] is X itself", 0),
        ("X[3, :]", "row 3 is outside a 2×3 matrix", 2),
        ("X[:, 0]", "column 0 is outside a 2×3 matrix", 5),
        ("X[1/2, :]", "a row index must be a whole number", 2),
    ],
)
def test_bad_literals_and_slices_are_claim_errors_with_a_place(text: str, words: str, offset: int) -> None:
    err = _error(text, X=X23)
    assert words in err.message
    assert (err.loc.line, err.loc.col) == (3, 12 + offset)


def test_rows_and_columns_are_one_based_and_keep_their_shape() -> None:
    row = _read("X[2, :]", X=X23)
    col = _read("X[:, 3]", X=X23)
    assert row == sympy.Matrix([[X23[1, 0], X23[1, 1], X23[1, 2]]])
    assert col == sympy.Matrix([X23[0, 2], X23[1, 2]])
    # Sizes and bound integers index as elsewhere: the sum of the rows of X.
    total = _read("Sum(X[k, :], (k, 1, 2))", X=X23)
    assert total == sympy.Matrix([[X23[0, j] + X23[1, j] for j in range(3)]])


def test_the_claim_text_of_a_yaml_file_reads_literals_and_slices() -> None:
    result = _result("{X: 'matrix[2, 3]', w: 'vector[3]'}", "X[1, :]*w == dot(X[1, :].T, w)")
    assert result.verdict is Verdict.PROVED, result
    ragged = _result("{a: real}", "[[a, 1], [2]] == [[a, 1], [2, 3]]")
    assert ragged.verdict is Verdict.INVALID
    assert "the rows of a matrix literal must have the same length" in ragged.detail


# --------------------------------------------------------------------------- the functions, computed apart


def _leibniz(m: list[list[Fraction]]) -> Fraction:
    n = len(m)
    total = Fraction(0)
    for perm in itertools.permutations(range(n)):
        inversions = sum(1 for i in range(n) for j in range(i + 1, n) if perm[i] > perm[j])
        term = Fraction(-1 if inversions % 2 else 1)
        for i in range(n):
            term *= m[i][perm[i]]
        total += term
    return total


def _literal(m: list[list[Fraction]]) -> str:
    return "[" + ", ".join("[" + ", ".join(f"{v.numerator}/{v.denominator}" for v in row) + "]" for row in m) + "]"


@pytest.mark.parametrize("n", [2, 3, 4, 5])
def test_det_and_inv_of_exact_matrices(n: int) -> None:
    rng = random.Random(n)
    m = [[Fraction(rng.randint(-9, 9), rng.randint(1, 4)) for _ in range(n)] for _ in range(n)]
    want = _leibniz(m)
    assert _read(f"det({_literal(m)})") == sympy.Rational(want.numerator, want.denominator)
    inverse = _read(f"inv({_literal(m)})")
    assert isinstance(inverse, sympy.MatrixBase)
    inv = [[Fraction(int(inverse[i, j].p), int(inverse[i, j].q)) for j in range(n)] for i in range(n)]
    product = [[sum(m[i][k] * inv[k][j] for k in range(n)) for j in range(n)] for i in range(n)]
    assert product == [[Fraction(int(i == j)) for j in range(n)] for i in range(n)]


def test_det_and_inv_of_unknowns_agree_with_leibniz_at_a_point() -> None:
    a = sympy.ImmutableMatrix(3, 3, sympy.symbols("a1:10", real=True))
    rng = random.Random(7)
    point = {s: sympy.Rational(rng.randint(-9, 9), rng.randint(1, 5)) for s in a}
    at = [[Fraction(int(point[a[i, j]].p), int(point[a[i, j]].q)) for j in range(3)] for i in range(3)]
    det = _read("det(A)", A=a)
    assert isinstance(det, sympy.Expr)
    want = _leibniz(at)
    assert det.xreplace(point) == sympy.Rational(want.numerator, want.denominator)
    inverse = _read("inv(A)", A=a)
    assert isinstance(inverse, sympy.MatrixBase)
    assert (sympy.Matrix(a.xreplace(point)) * inverse.xreplace(point)).applyfunc(sympy.nsimplify) == sympy.eye(3)


def test_an_inverse_is_undefined_where_the_determinant_is_zero() -> None:
    x = sympy.Symbol("x", real=True)
    scope = Scope(names={"x": x})
    read(Text("inv([[x, 1], [1, 1]])", Location("t.yaml", 1, 1)), scope)
    assert any(sympy.expand(d - (x - 1)) == 0 for d in scope.denominators), scope.denominators
    assert "determinant 0" in _error("inv([[1, 2], [2, 4]])").message


def test_outer_kron_and_norms_by_their_definitions() -> None:
    u, v = [Fraction(1, 2), -3, 2], [5, Fraction(-1, 3)]
    outer = _read("outer([1/2, -3, 2], [5, -1/3])")
    assert outer == sympy.Matrix([[sympy.Rational(a) * sympy.Rational(b) for b in v] for a in u])
    a, b = [[1, 2], [3, 4]], [[0, 5, 1], [6, 7, 2]]
    kron = _read("kron([[1, 2], [3, 4]], [[0, 5, 1], [6, 7, 2]])")
    assert isinstance(kron, sympy.MatrixBase) and kron.shape == (4, 6)
    for i, j, k, m in itertools.product(range(2), range(2), range(2), range(3)):
        assert kron[2 * i + k, 3 * j + m] == a[i][j] * b[k][m]
    assert _read("norm([3, -4], 1)") == 7
    assert _read("norm([3, -4], 2)") == 5 == _read("norm([3, -4])")
    assert _read("norm([3, -4], oo)") == 4
    three = _read("norm([3, -4], 3)")
    assert isinstance(three, sympy.Expr)
    with mpmath.workdps(40):
        assert abs(mpmath.mpf(str(sympy.N(three, 40))) - mpmath.cbrt(27 + 64)) < mpmath.mpf(10) ** -30
    assert _read("norm(-5, oo)") == 5  # a number: its absolute value, as norm(x) was
    assert "norm(x, p) takes p" in _error("norm([1, 2], 0)").message


def test_grad_and_hessian_match_numeric_derivatives() -> None:
    w = sympy.ImmutableMatrix(sympy.symbols("w1:3", real=True))
    text = "exp(w[1]*w[2]) + sin(w[1])*w[2]**3"
    grad = _read(f"grad({text}, w)", w=w)
    hess = _read(f"hessian({text}, w)", w=w)
    assert isinstance(grad, sympy.MatrixBase) and grad.shape == (2, 1)
    assert isinstance(hess, sympy.MatrixBase) and hess.shape == (2, 2)

    def f(a: mpmath.mpf, b: mpmath.mpf) -> mpmath.mpf:
        return mpmath.exp(a * b) + mpmath.sin(a) * b**3

    point = {w[0]: sympy.Rational(1, 3), w[1]: sympy.Rational(-5, 4)}
    with mpmath.workdps(40):
        at = (mpmath.mpf(1) / 3, mpmath.mpf(-5) / 4)
        for i in range(2):
            order = tuple(int(k == i) for k in range(2))
            engine = mpmath.mpf(str(sympy.N(grad[i].xreplace(point), 40)))
            assert abs(engine - mpmath.diff(f, at, order)) < mpmath.mpf(10) ** -25
            for j in range(2):
                both = tuple(int(k == i) + int(k == j) for k in range(2))
                engine = mpmath.mpf(str(sympy.N(hess[i, j].xreplace(point), 40)))
                assert abs(engine - mpmath.diff(f, at, both)) < mpmath.mpf(10) ** -20


def test_grad_refuses_what_it_cannot_mean() -> None:
    w = sympy.ImmutableMatrix(sympy.symbols("w1:3", real=True))
    assert "jacobian(F, x)" in _error("grad(w, w)", w=w).message
    assert "distinct variables" in _error("grad(w[1], [w[1], w[1]])", w=w).message
    assert "a vector of variables" in _error("grad(w[1], [1, 2])", w=w).message


# --------------------------------------------------------------------------- domains


def test_entry_words_are_read_and_checked() -> None:
    where = Text("", Location("t.yaml", 4, 8))
    assert domains.parse_domain("x", Text("vector[3] positive", where.loc)) == domains.VectorOf("3", ("positive",))
    sym = domains.parse_domain("A", Text("matrix[n, n] symmetric nonnegative", where.loc))
    assert sym == domains.MatrixOf("n", "n", ("nonnegative",), True)
    assert domains.parse_domain("p", Text("simplex[4]", where.loc)) == domains.Simplex("4")
    for text, words in [
        ("matrix[2, 3] symmetric", "a symmetric matrix is square"),
        ("vector[2] positiv", "did you mean 'positive'?"),
        ("vector[2] positive negative", "cannot be positive and negative at once"),
        ("vector[2] complex", "cannot describe the entries"),
    ]:
        with pytest.raises(ClaimError) as caught:
            domains.parse_domain("x", Text(text, where.loc))
        assert words in caught.value.message
        assert caught.value.loc == where.loc


def test_contains_is_exact() -> None:
    half, third = sympy.Rational(1, 2), sympy.Rational(1, 3)
    simplex = domains.Simplex("3")
    assert simplex.contains([half, third, sympy.Rational(1, 6)]) is True
    assert simplex.contains([half, third, third]) is False  # sums to 7/6
    assert simplex.contains([sympy.Integer(-1), sympy.Integer(1), sympy.Integer(1)]) is False
    assert simplex.contains([sympy.Symbol("t"), half, half]) is None
    positive = domains.VectorOf("2", ("positive",))
    assert positive.contains([half, third]) is True
    assert positive.contains([half, sympy.Integer(0)]) is False
    symmetric = domains.MatrixOf("2", "2", (), True)
    assert symmetric.contains([sympy.Integer(k) for k in (1, 2, 2, 3)]) is True
    assert symmetric.contains([sympy.Integer(k) for k in (1, 2, 3, 3)]) is False


def _in_simplex(values: list[Fraction]) -> bool:
    return all(v >= 0 for v in values) and sum(values) == 1


@pytest.mark.parametrize("claim", ["p[1] <= 1/2", "dot(p, p) >= 1/2", "p[2] + p[4] < 1/5", "1 == 2"])
def test_a_simplex_witness_lies_in_the_simplex_and_names_every_entry(claim: str) -> None:
    # Each claim fails somewhere on the simplex (a vertex; the centre, 1/4 each; the
    # face p[2] = p[4] = 0... resp. any point): a refutation is due, inside it.
    result = _result("{p: 'simplex[4]'}", claim)
    assert result.verdict is Verdict.REFUTED, result
    assert result.witness is not None and list(result.witness) == [f"p[{i}]" for i in range(1, 5)]
    assert _in_simplex([Fraction(result.witness[f"p[{i}]"]) for i in range(1, 5)])


def test_a_symmetric_matrix_is_one_unknown_per_pair_and_its_witness_names_both() -> None:
    result = _result("{A: 'matrix[2, 2] symmetric', B: 'matrix[2, 2] symmetric'}", "A*B == B*A")
    assert result.verdict is Verdict.REFUTED, result
    assert result.witness is not None
    assert result.witness["A[1, 2]"] == result.witness["A[2, 1]"]
    assert result.witness["B[1, 2]"] == result.witness["B[2, 1]"]
    a = sympy.Matrix(2, 2, [sympy.Rational(result.witness[f"A[{i}, {j}]"]) for i in (1, 2) for j in (1, 2)])
    b = sympy.Matrix(2, 2, [sympy.Rational(result.witness[f"B[{i}, {j}]"]) for i in (1, 2) for j in (1, 2)])
    assert a * b != b * a


def test_entry_words_reach_the_witness() -> None:
    result = _result("{x: 'vector[3] positive integer'}", "x[1] + x[2] + x[3] > 3")
    assert result.verdict is Verdict.REFUTED, result
    assert result.witness is not None
    values = [sympy.Rational(result.witness[f"x[{i}]"]) for i in (1, 2, 3)]
    assert all(v.is_integer and v > 0 for v in values) and sum(values) <= 3


# --------------------------------------------------------------------------- the transpose diagnosis


def _holds_transposed(lhs: str, rhs: str, side: str, seed: int) -> bool:
    """Whether lhs == rhs at random exact matrices once A is transposed on ``side``."""
    rng = random.Random(seed)
    n = 2
    a = sympy.Matrix(n, n, lambda i, j: sympy.Rational(rng.randint(-9, 9), rng.randint(1, 3)))
    x = sympy.Matrix(n, 1, lambda i, j: sympy.Rational(rng.randint(-9, 9), rng.randint(1, 3)))
    y = sympy.Matrix(n, 1, lambda i, j: sympy.Rational(rng.randint(-9, 9), rng.randint(1, 3)))
    sides = {"lhs": lhs, "rhs": rhs}
    values = []
    for which, text in sides.items():
        m = a.T if (which, side) in (("lhs", "left"), ("rhs", "right")) else a
        values.append(sympy.sympify(text, locals={"A": m, "x": x, "y": y, "T": sympy.transpose}))
    return bool(values[0] == values[1])


@pytest.mark.parametrize(
    ("claim", "lhs", "rhs"),
    [
        ("grad(dot(x, A*y), x) == A.T*y", "A*y", "A.T*y"),  # the gradient of xᵀAy is Ay
        ("dot(x, A*y) == dot(y, A*x)", "(x.T*A*y)[0]", "(y.T*A*x)[0]"),
    ],
)
def test_a_transposed_factor_is_named_and_true(claim: str, lhs: str, rhs: str) -> None:
    result = _result("{A: 'matrix[2, 2]', x: 'vector[2]', y: 'vector[2]'}", claim)
    assert result.verdict is Verdict.REFUTED, result
    assert result.diagnosis is not None and "replaced by its transpose A.T on the" in result.diagnosis
    side = "left" if "left side" in result.diagnosis else "right"
    assert not _holds_transposed(lhs, rhs, "neither", 1)
    assert all(_holds_transposed(lhs, rhs, side, seed) for seed in range(5))


def test_no_transpose_is_named_where_none_repairs_the_claim() -> None:
    # (AB)ᵀ = BᵀAᵀ, not AᵀBᵀ: no single factor transposed on one side makes it true
    # (A = E12, B = E21: each replacement leaves a side with a nonzero entry the other lacks).
    result = _result("{A: 'matrix[2, 2]', B: 'matrix[2, 2]'}", "(A*B).T == A.T*B.T")
    assert result.verdict is Verdict.REFUTED, result
    assert result.diagnosis is None or "transpose" not in result.diagnosis
    e12, e21 = sympy.Matrix([[0, 1], [0, 0]]), sympy.Matrix([[0, 0], [1, 0]])
    for a_left, b_left, a_right, b_right in itertools.product((e12, e12.T), (e21, e21.T), (e12, e12.T), (e21, e21.T)):
        changed = sum(m1 != m2 for m1, m2 in ((a_left, e12), (b_left, e21), (a_right, e12), (b_right, e21)))
        if changed == 1:
            assert (a_left * b_left).T != a_right.T * b_right.T


def test_an_unquoted_literal_at_the_start_of_a_claim_gets_a_hint() -> None:
    text = "claims:\n  - id: q\n    title: t\n    symbols: {a: real, b: real}\n    claim: [a, b] == vec(a, b)\n"
    loaded = load_text(text, "q.yaml")
    (failure,) = loaded.failures
    assert failure.message.endswith("quote an expression that starts with a matrix literal")
    assert failure.loc.line == 5


def test_entries_with_words_cannot_also_be_random_draws() -> None:
    # A Normal draw is negative half the time: the entries' 'positive' would be false.
    body = (
        "  - id: r\n    title: t\n    symbols: {x: 'vector[2] positive'}\n"
        "    random: {x: 'Normal(0, 1)'}\n    claim: E(x[1]) == 0\n"
    )
    loaded = load_text("claims:\n" + body, "r.yaml")
    (found,) = loaded.claims
    result = check_claim(found)
    assert result.verdict is Verdict.INVALID
    assert "declared under symbols and under random" in result.detail
