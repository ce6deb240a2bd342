"""Calculus inequalities, polynomial real arithmetic (z3) and counterexamples found by solving.

The verdicts of tests/corpus/inequalities.yaml are checked by tests/test_engine.py;
here each refutation's witness is re-checked by an evaluator written apart from
the engine (mpmath at 50 digits, or exact SymPy rationals where the claim is
false by an exact equality), and the rules of the kernel's z3 module are
tested: z3 is asked only polynomial questions with rational coefficients, its
models are exact, and derivcheck works without it.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import mpmath
import pytest
import sympy

from derivcheck.checking import check_claim
from derivcheck.engine import nonlinear, solving
from derivcheck.formula import Connective, Rel
from derivcheck.kernel import nra
from derivcheck.loader import load_file, load_text
from derivcheck.model import Claim, Verdict
from derivcheck.semantics import build

CORPUS = Path(__file__).parent / "corpus" / "inequalities.yaml"
CLAIMS = {c.id: c for c in load_file(CORPUS).claims}

mp = mpmath.mp
W = dict[str, Any]


def _mp(w: dict[str, str]) -> W:
    return {k: mpmath.mpf(sympy.Rational(sympy.sympify(v)).p) / sympy.Rational(sympy.sympify(v)).q for k, v in w.items()}


def _exact(w: dict[str, str]) -> W:
    return {k: sympy.sympify(v) for k, v in w.items()}


def _kl(p: Any, q: Any) -> Any:
    return p * mpmath.log(p / q) + (1 - p) * mpmath.log((1 - p) / (1 - q))


# Each false claim: (in its domain?, the claim holds?) at the witness, written
# from the claim's text by hand, not by derivcheck.
FALSE: dict[str, tuple[Callable[[W], bool], Callable[[W], bool], Callable[[dict[str, str]], W]]] = {
    "ineq-log-tangent-shifted": (lambda w: w["t"] > 0, lambda w: mpmath.log(w["t"]) <= w["t"] - 2, _mp),
    "ineq-exp-second-order": (lambda w: True, lambda w: mpmath.exp(w["x"]) >= 1 + w["x"] + w["x"] ** 2 / 2, _mp),
    "ineq-sin-cubic-seventh": (lambda w: w["x"] >= 0, lambda w: w["x"] - w["x"] ** 3 / 7 <= mpmath.sin(w["x"]), _mp),
    "ineq-log1p-half": (lambda w: w["x"] > -1, lambda w: mpmath.log(1 + w["x"]) <= w["x"] / 2, _mp),
    "ineq-softplus-above-identity-plus-half": (
        lambda w: True, lambda w: mpmath.log(1 + mpmath.exp(w["x"])) >= w["x"] + mpmath.mpf(1) / 2, _mp),
    "ineq-softplus-above-tenth": (lambda w: True, lambda w: mpmath.log(1 + mpmath.exp(w["x"])) >= mpmath.mpf(1) / 10, _mp),
    "ineq-logsumexp-above-max-plus-one": (
        lambda w: True, lambda w: mpmath.log(mpmath.exp(w["x"]) + mpmath.exp(w["y"])) >= max(w["x"], w["y"]) + 1, _mp),
    # KL(p, p) is exactly 0: judged exactly.
    "ineq-kl-bernoulli-strict": (
        lambda w: 0 < w["p"] < 1 and 0 < w["q"] < 1,
        lambda w: sympy.simplify(w["p"] * sympy.log(w["p"] / w["q"]) + (1 - w["p"]) * sympy.log((1 - w["p"]) / (1 - w["q"]))) > 0,
        _exact,
    ),
    "ineq-kl-gaussian-swapped-log": (
        lambda w: w["s1"] > 0 and w["s2"] > 0,
        lambda w: mpmath.log(w["s1"] / w["s2"]) + (w["s1"] ** 2 + (w["m1"] - w["m2"]) ** 2) / (2 * w["s2"] ** 2) - mpmath.mpf(1) / 2 >= 0,
        _mp,
    ),
    "ineq-am-gm-2-third": (lambda w: w["a"] > 0 and w["b"] > 0, lambda w: (w["a"] + w["b"]) / 3 >= sympy.sqrt(w["a"] * w["b"]), _exact),
    "ineq-am-gm-3-quarter": (
        lambda w: w["a"] > 0 and w["b"] > 0 and w["c"] > 0,
        lambda w: ((w["a"] + w["b"] + w["c"]) / 4) ** 3 >= w["a"] * w["b"] * w["c"],  # both sides positive: cubed
        _exact,
    ),
    "ineq-two-squares-three": (lambda w: True, lambda w: w["a"] ** 2 + w["b"] ** 2 >= 3 * w["a"] * w["b"], _exact),
    "ineq-cauchy-schwarz-2-half": (
        lambda w: True,
        lambda w: (w["a"] * w["c"] + w["b"] * w["d"]) ** 2 <= (w["a"] ** 2 + w["b"] ** 2) * (w["c"] ** 2 + w["d"] ** 2) / 2,
        _exact,
    ),
    "ineq-cauchy-schwarz-dot-3-half": (
        lambda w: True,
        lambda w: sum(w[f"x[{i}]"] * w[f"y[{i}]"] for i in (1, 2, 3)) ** 2
        <= sum(w[f"x[{i}]"] ** 2 for i in (1, 2, 3)) * sum(w[f"y[{i}]"] ** 2 for i in (1, 2, 3)) / 2,
        _exact,
    ),
    # A false implication: the premise holds and the conclusion fails.
    "ineq-product-above-one-three": (
        lambda w: w["x"] > 0 and w["y"] > 0 and w["x"] * w["y"] > 1, lambda w: w["x"] + w["y"] > 3, _exact),
    "ineq-softplus-below-log2-half-abs": (
        lambda w: True, lambda w: mpmath.log(1 + mpmath.exp(w["x"])) <= mpmath.log(2) + abs(w["x"]) / 2, _mp),
    "ineq-softplus-above-relu-plus-half": (
        lambda w: True, lambda w: mpmath.log(1 + mpmath.exp(w["x"])) >= max(w["x"], 0) + mpmath.mpf(1) / 2, _mp),
    "ineq-nonzero-point-not-far-from-origin": (
        lambda w: True, lambda w: not (w["x"] != 0 or w["y"] != 0) or w["x"] ** 2 + w["y"] ** 2 > sympy.Rational(1, 1000), _exact),
    "ineq-exp-above-three-x": (lambda w: True, lambda w: mpmath.exp(w["x"]) >= 3 * w["x"], _mp),
    "ineq-x-exp-minus-x-third": (lambda w: True, lambda w: w["x"] * mpmath.exp(-w["x"]) <= mpmath.mpf(1) / 3, _mp),
    "ineq-x-log-x-third": (lambda w: w["x"] > 0, lambda w: w["x"] * mpmath.log(w["x"]) >= -mpmath.mpf(1) / 3, _mp),
    "ineq-cube-nonnegative": (lambda w: True, lambda w: w["x"] ** 3 >= 0, _exact),
    "ineq-rare-two-roots": (lambda w: True, lambda w: w["x"] ** 2 - 3 * w["x"] / 10 + sympy.Rational(1, 50) != 0, _exact),
    "ineq-rare-narrow-window": (lambda w: True, lambda w: (100 * w["x"] - 31) * (100 * w["x"] - 32) > 0, _exact),
    "ineq-rare-irrational-root": (lambda w: True, lambda w: sympy.expand(w["x"] ** 2) != 2, _exact),
    "ineq-rare-max-far": (lambda w: True, lambda w: max(w["x"], 10**6) == 10**6, _exact),
    "ineq-rare-null-space": (
        lambda w: True,
        lambda w: (w["v[1]"] + 2 * w["v[2]"], 2 * (w["v[1]"] + 2 * w["v[2]"])) != (7, 14),
        _exact,
    ),
}


def test_every_false_claim_of_the_corpus_has_a_hand_check() -> None:
    from derivcheck.model import Expect

    assert {c.id for c in CLAIMS.values() if c.expect is not Expect.HOLDS} == set(FALSE)


@pytest.mark.parametrize("cid", sorted(FALSE))
def test_the_witness_refutes_the_claim_when_evaluated_apart(cid: str) -> None:
    result = check_claim(CLAIMS[cid], display=False)
    assert result.verdict is Verdict.REFUTED, result.detail
    assert result.witness is not None
    inside, holds, convert = FALSE[cid]
    with mpmath.workdps(50):
        w = convert(result.witness)
        assert inside(w)
        assert not holds(w)


# ---------------------------------------------------------------------------
# The kernel's rules for z3 (kernel/nra.py)
# ---------------------------------------------------------------------------

X, Y = sympy.symbols("x y", real=True)
A, B = sympy.symbols("a b", positive=True)
N = sympy.Symbol("n", integer=True)
ZERO = sympy.Integer(0)


def _decide(goal: Any, premises: tuple[Any, ...] = ()) -> nra.Answer:
    return nra.decide(list(premises), goal, {}, 2_000_000)


def test_unsat_of_the_negation_is_a_proof_of_a_polynomial_claim() -> None:
    # (a - b)² >= 0, written as a² + b² - 2ab >= 0.
    assert _decide(Rel(">=", A**2 + B**2 - 2 * A * B, ZERO)).holds is True
    premises = (Rel(">", X, ZERO), Rel(">", Y, ZERO), Rel(">", X * Y, sympy.Integer(1)))
    assert _decide(Rel(">", X + Y, sympy.Integer(2)), premises).holds is True


def test_a_model_is_exact_and_refutes_exactly() -> None:
    premises = (Rel(">", X, ZERO), Rel(">", Y, ZERO), Rel(">", X * Y, sympy.Integer(1)))
    answer = _decide(Rel(">", X + Y, sympy.Integer(3)), premises)
    assert answer.holds is False and answer.model is not None
    x, y = answer.model[X], answer.model[Y]
    assert x.is_Rational and y.is_Rational
    assert x > 0 and y > 0 and x * y > 1 and not x + y > 3


def test_an_algebraic_model_without_a_rational_point_nearby_is_no_point() -> None:
    # x² != 2 fails only at ±√2: no rational point refutes it.
    answer = _decide(Rel("!=", X**2, sympy.Integer(2)))
    assert answer.holds is False and answer.model is None


def test_the_same_question_gets_the_same_answer() -> None:
    goal = Connective("or", (Rel("<", X**3 - X, ZERO), Rel(">", X, sympy.Integer(2))))
    first, second = _decide(goal), _decide(goal)
    assert first == second and first.holds is False


@pytest.mark.parametrize(
    "expr",
    [sympy.sqrt(A * B), sympy.exp(X), X / Y, sympy.Float(0.5) * X, N**2, X ** sympy.Rational(3, 2), sympy.pi * X],
    ids=["sqrt", "exp", "division", "float", "integer", "root", "pi"],
)
def test_outside_the_fragment_z3_is_not_asked(expr: sympy.Expr) -> None:
    assert not nra.polynomial(expr)
    with pytest.raises(nra.OutsideFragment):
        _decide(Rel(">=", expr, ZERO))


def _polynomial_by_hand(e: sympy.Basic) -> bool:
    """Polynomial with rational coefficients in real non-integer symbols (the test's own walk)."""
    if isinstance(e, sympy.Rational):
        return True
    if isinstance(e, sympy.Symbol):
        return e.is_real is True and e.is_integer is not True
    if isinstance(e, (sympy.Add, sympy.Mul)):
        return all(_polynomial_by_hand(a) for a in e.args)
    if isinstance(e, sympy.Pow):
        return isinstance(e.exp, sympy.Integer) and int(e.exp) >= 0 and _polynomial_by_hand(e.base)
    return False


def _claim(text: str, symbols: str) -> Claim:
    return load_text(f'claims:\n  - id: c\n    title: t\n    symbols: {symbols}\n    claim: "{text}"\n', "c.yaml").claims[0]


@pytest.fixture
def questions(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every question put to z3 while the test runs."""
    asked: list[Any] = []
    real = nra.decide

    def spy(premises: Any, goal: Any, bounds: Any, rlimit: int) -> nra.Answer:
        asked.append((premises, goal))
        return real(premises, goal, bounds, rlimit)

    monkeypatch.setattr(nra, "decide", spy)
    return asked


@pytest.mark.parametrize(
    ("text", "symbols"),
    [
        ("exp(x) >= 1 + x", "{x: real}"),
        ("sqrt(x**2) >= x", "{x: real}"),
        ("n**2 >= n", "{n: integer}"),
        ("sin(x)**2 <= 1", "{x: real}"),
        ("log(x) <= x - 1", "{x: positive}"),
    ],
)
def test_z3_is_never_consulted_for_a_claim_outside_its_fragment(questions: list[Any], text: str, symbols: str) -> None:
    # None of these has a polynomial sub-question either: z3 is not called at all.
    check_claim(_claim(text, symbols), display=False)
    assert not questions, text


def test_only_polynomial_questions_reach_z3_on_the_corpus(questions: list[Any]) -> None:
    for cid in ("ineq-kl-gaussian", "ineq-am-gm-3", "ineq-cauchy-schwarz-dot-3", "ineq-product-above-one"):
        assert check_claim(CLAIMS[cid], display=False).verdict is Verdict.PROVED
    assert questions
    for premises, goal in questions:
        rels = [goal, *premises]
        while rels:
            r = rels.pop()
            if isinstance(r, Connective):
                rels.extend(r.args)
            elif isinstance(r, Rel):
                assert _polynomial_by_hand(r.lhs) and _polynomial_by_hand(r.rhs), r


def test_without_z3_the_strategy_is_absent_and_nothing_fails() -> None:
    program = (
        "import sys; sys.modules['z3'] = None\n"
        "from derivcheck.engine.strategies import SIGN\n"
        "assert 'nonlinear-arithmetic' not in [s.name for s in SIGN]\n"
        "import sympy\n"
        "from derivcheck.engine import nonlinear\n"
        "from derivcheck.problem import Variable\n"
        "a = sympy.Symbol('a', positive=True)\n"
        "assert not nonlinear.AVAILABLE and not nonlinear.prove_sign(a**2 + 1, [Variable(a, 'a')], True)\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


# ---------------------------------------------------------------------------
# Counterexamples by solving (engine/solving.py)
# ---------------------------------------------------------------------------


def _rel_and_variables(text: str, symbols: str) -> tuple[Any, Any, Any]:
    inst = build(_claim(text, symbols)).instances[0]
    assert isinstance(inst.claim, Rel)
    return inst.claim, inst.conditions, inst.variables


def test_solving_proposes_the_roots_of_the_difference() -> None:
    rel, conditions, variables = _rel_and_variables("x**2 - 3*x/10 + 1/50 != 0", "{x: real}")
    found = {p[v.symbol] for p in solving.proposals(rel, conditions, variables) for v in variables}
    assert {sympy.Rational(1, 10), sympy.Rational(1, 5)} <= found


def test_solving_proposes_a_point_inside_a_narrow_window() -> None:
    rel, conditions, variables = _rel_and_variables("(100*x - 31)*(100*x - 32) > 0", "{x: real}")
    (x,) = [v.symbol for v in variables]
    inside = [p[x] for p in solving.proposals(rel, conditions, variables) if sympy.Rational(31, 100) <= p[x] <= sympy.Rational(32, 100)]
    assert inside


def test_solving_proposes_a_vector_of_the_solution_line() -> None:
    rel, conditions, variables = _rel_and_variables("vec(1, 2)*vec(1, 2).T*v != vec(7, 14)", '{v: "vector[2]"}')
    points = solving.proposals(rel, conditions, variables)
    v1, v2 = (v.symbol for v in variables)
    assert points and all(p[v1] + 2 * p[v2] == 7 for p in points)


def test_z3_models_are_proposed_for_a_false_implication() -> None:
    rel, _, variables = _rel_and_variables("x + y > 3", "{x: real, y: real}")
    x, y = (v.symbol for v in variables)
    conditions = [Rel(">", x, ZERO), Rel(">", y, ZERO), Rel(">", x * y, sympy.Integer(1))]
    model = nonlinear.model_against(rel, conditions, variables)
    assert model is not None
    assert model[x] > 0 and model[y] > 0 and model[x] * model[y] > 1 and not model[x] + model[y] > 3
