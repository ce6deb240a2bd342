"""Bounded fuzzing of the parser and the loader: random text, random syntax trees.

Whatever the input, reading it never raises anything but the project's own
:class:`~derivcheck.errors.ClaimError` (which becomes an ``invalid`` verdict
with its place) and never runs code. Loading a file and parsing an expression
happen in the main process, before any budget applies: they must always be
quick. Evaluating an expression happens in a worker, under the claim's time
budget: a slow one (a symbolic matrix to the power 999) is no bug, only
counted. The strategies are defined here once; ``fuzz/fuzz_parser.py`` runs
the same ones for minutes.

Examples are bounded (``max_examples``) so that the suite stays fast, and no
example database is written (the tests must not write into the repository).
"""

from __future__ import annotations

import signal
import string
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

import sympy
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from derivcheck.errors import ClaimError
from derivcheck.loader import load_text
from derivcheck.model import Location, Text
from derivcheck.evaluate import read
from derivcheck.parser import parse
from derivcheck.problem import Scope
from derivcheck.semantics import build

#: Loading and parsing take milliseconds; past this, an input is a hang (a bug).
HANG_SECONDS = 5.0
#: Evaluation runs under the claim's budget in real runs; past this it is only "slow".
SLOW_SECONDS = 3.0

SUITE = settings(
    max_examples=120,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


class Slow(BaseException):
    """An input took too long. A BaseException, so that no ``except Exception`` hides it."""


@contextmanager
def bounded(seconds: float = HANG_SECONDS) -> Iterator[None]:
    """Raise :class:`Slow` in this (main) thread when the block runs too long."""

    def alarm(signum: int, frame: Any) -> None:
        raise Slow(f"more than {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# --- random syntax trees -------------------------------------------------------

#: Names the fuzzed expressions meet: declared ones of every kind, and traps.
DECLARED = ["x", "y", "p", "v", "n"]  # A only as A[i, j]: its powers are slow, not wrong
TRAPS = ["zz", "e", "E", "os", "_x", "__import__", "__class__", "getattr", "eval", "print", "sympify"]

#: Functions whose evaluation stays cheap (limit, integrate and the expectations
#: call the engine, which runs in a worker with its own budget).
CHEAP = [
    "exp", "log", "sqrt", "Abs", "sign", "sin", "cos", "tanh", "atan", "erf", "sigmoid", "relu",
    "H", "Max", "Min", "KroneckerDelta", "xlogy", "softmax", "diff", "jacobian", "diag", "eye",
    "ones", "zeros", "vec", "dot", "norm", "trace", "transpose", "hadamard", "Not", "And", "Or",
    "iff", "implies", "Normal", "Bernoulli", "DiracDelta",
]  # fmt: skip

BINARY = ["+", "-", "*", "/", "**", "@", "^", "%", "//", "&", "|", "<<"]
RELATIONS = ["==", "!=", "<", "<=", ">", ">=", " is ", " in "]

leaves = st.one_of(
    st.sampled_from(DECLARED + TRAPS),
    st.integers(-(10**6), 10**6).map(str),
    st.sampled_from(["0", "1", "2", "10", "1e-160", "2.5", "1e999", "1e-1001", "0.1", "1_000", "0x1F",
                     "10" * 30, "9" * 1100, "3.0e5", "1j", "None", "True", "...", "'+'", "'os'",
                     "b'x'", "f'{x}'", "oo", "pi", "I", "true"]),
)  # fmt: skip


def _extend(sub: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    small = st.integers(-3, 12).map(str)
    return st.one_of(
        st.tuples(sub, st.sampled_from(BINARY), sub).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(st.sampled_from(["-", "+", "not ", "~"]), sub).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(st.sampled_from(CHEAP + TRAPS), st.lists(sub, max_size=3)).map(
            lambda t: f"{t[0]}({', '.join(t[1])})"
        ),
        st.tuples(sub, st.sampled_from(RELATIONS), sub).map(lambda t: f"{t[0]}{t[1]}{t[2]}"),
        st.tuples(sub, st.sampled_from([" and ", " or "]), sub).map(lambda t: f"({t[0]}{t[1]}{t[2]})"),
        st.tuples(sub, st.lists(small, min_size=1, max_size=2)).map(lambda t: f"({t[0]})[{', '.join(t[1])}]"),
        st.tuples(sub, st.sampled_from(["T", "real", "__class__", "func", "args"])).map(lambda t: f"({t[0]}).{t[1]}"),
        st.tuples(st.sampled_from(["Sum", "Product"]), sub, small, small).map(
            lambda t: f"{t[0]}({t[1]}, (k, {t[2]}, {t[3]}))"
        ),
        st.tuples(sub, sub).map(lambda t: f"(lambda: {t[0]})({t[1]})"),
        sub.map(lambda s: f"[k for k in ({s}, 1)]"),
        st.tuples(sub, sub).map(lambda t: f"({t[0]}, {t[1]})"),
        st.tuples(sub, sub).map(lambda t: f"({t[0]} if {t[1]} else 0)"),
        sub.map(lambda s: f"({s})"),
    )


#: Syntax trees of anything Python can parse, most of it outside the language.
wild_expressions = st.recursive(leaves, _extend, max_leaves=25)

# Syntax trees of the language itself, well typed, so that evaluation goes deep.
_scalar_leaves = st.one_of(
    st.sampled_from(["x", "y", "p", "k", "pi", "1/3", "2.5", "1e-160", "v[1]", "A[1, 2]", "dot(v, v)"]),
    st.integers(-5, 20).map(str),
)
_ONE_ARG = ["exp", "log", "sqrt", "Abs", "sign", "sin", "cos", "tanh", "atan", "erf", "sigmoid", "relu", "H"]


def _extend_scalar(sub: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.tuples(sub, st.sampled_from(["+", "-", "*", "/"]), sub).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        st.tuples(sub, st.sampled_from(["2", "3", "-1", "1/2", "k", "x", "40", "999"])).map(lambda t: f"({t[0]})**{t[1]}"),
        sub.map(lambda s: f"-({s})"),
        st.tuples(st.sampled_from(_ONE_ARG), sub).map(lambda t: f"{t[0]}({t[1]})"),
        st.tuples(st.sampled_from(["Max", "Min", "KroneckerDelta", "xlogy"]), sub, sub).map(lambda t: f"{t[0]}({t[1]}, {t[2]})"),
        st.tuples(sub, st.sampled_from(["x", "y", "v[2]", "x, 2", "x, y"])).map(lambda t: f"diff({t[0]}, {t[1]})"),
        st.tuples(st.sampled_from(["Sum", "Product"]), sub, st.sampled_from(["0, 3", "1, 4", "2, 1", "1, 300"])).map(
            lambda t: f"{t[0]}({t[1]}, (k, {t[2]}))"
        ),
        st.tuples(sub, st.sampled_from(["softmax(v)[2]", "sigmoid(v)[1]", "(A*v)[1]", "trace(A)", "norm(v)",
                                        "(v.T*v)[1]", "jacobian(softmax(v), v)[1, 2]", "diag(v)[2, 2]"])).map(  # fmt: skip
            lambda t: f"({t[0]}) * {t[1]}"
        ),
    )


#: Statements of the language built from well-typed syntax trees.
scalar_expressions = st.recursive(_scalar_leaves, _extend_scalar, max_leaves=12)
statements = st.tuples(scalar_expressions, st.sampled_from(["==", "!=", "<", "<=", ">=", ">"]), scalar_expressions).map(
    lambda t: f"{t[0]} {t[1]} {t[2]}"
)

#: Expression texts built from random syntax trees, in the language and beyond it.
expressions = st.one_of(statements, scalar_expressions, wild_expressions)

#: Random text: the characters of expressions, and any character at all.
EXPRESSION_CHARS = string.ascii_letters + string.digits + " +-*/()[],.=<>!_'\"@^%&|~:{}\\\n\t\r"
texts = st.one_of(st.text(alphabet=EXPRESSION_CHARS, max_size=120), st.text(max_size=60))


def fuzz_scope() -> Scope:
    """A scope with a name of each kind: scalars, a vector, a matrix, a size."""
    x, y = sympy.Symbol("x", real=True), sympy.Symbol("y", real=True)
    p = sympy.Symbol("p", positive=True)
    k = sympy.Symbol("k", integer=True)
    v = sympy.ImmutableMatrix(sympy.symbols("v_1:4", real=True))
    a = sympy.ImmutableMatrix(2, 2, sympy.symbols("A_1:5", real=True))
    names = {"x": x, "y": y, "p": p, "k": k, "v": v, "A": a, "n": sympy.Integer(3)}
    return Scope(names=names, declared={"x": x, "y": y, "p": p, "k": k})


def read_expression(source: str) -> str:
    """Parse and evaluate: a value, or a ClaimError; anything else is a bug.

    Returns:
        What became of the input, for the fuzz script's figures: "value",
        or "refused: " and the start of the reason.
    """
    text = Text(source, Location("fuzz.yaml", 3, 12))
    try:
        with bounded(HANG_SECONDS):
            parse(text)
        try:
            with bounded(SLOW_SECONDS):
                value = read(text, fuzz_scope())
                # Every value may end up printed (a witness, a report): it must print.
                if isinstance(value, (sympy.Basic, sympy.MatrixBase)):
                    sympy.sstr(value)
        except Slow:
            return "slow"
    except ClaimError as exc:
        assert exc.message and "\n" not in exc.message, exc.message
        assert exc.loc is not None and exc.loc.file == "fuzz.yaml"
        return "refused"
    return "value"


# --- random claims files -------------------------------------------------------

domains = st.one_of(
    st.sampled_from(["real", "positive", "positive integer", "complex", "nonzero", "(0, 1)", "[-1, 1)",
                     "(0, oo)", "range(1, 3)", "range(1, n)", "vector[2]", "vector[n]", "matrix[2, 2]",
                     "vector[0]", "matrix[n, 65]", "{0, 1/2, 1}", "(1, 0)", "[0, oo]", "rael",
                     "range(1, 10**9)", "vector[" + " " * 50 + "a"]),
    st.lists(st.integers(-3, 3), min_size=1, max_size=4),
    st.text(max_size=20),
)  # fmt: skip

keys = st.sampled_from(["id", "title", "symbols", "random", "where", "assume", "claim", "steps",
                        "expect", "note", "source", "latex", "exec", "<<"])  # fmt: skip
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=30), expressions)


#: The declarations that make the language's trees well typed, each replaceable by a random domain.
_USUAL = {"x": "real", "y": "real", "p": "positive", "k": "range(1, 2)", "v": "vector[3]", "A": "matrix[2, 2]"}


def _sometimes(draw: Callable[[st.SearchStrategy[Any]], Any]) -> bool:
    """True about one time in four (hypothesis favours the ends of an integer range)."""
    return bool(draw(st.booleans()) and draw(st.booleans()))


def _claim(draw: Callable[[st.SearchStrategy[Any]], Any], number: int) -> Any:
    claim: dict[str, Any] = {"id": f"fuzz-{number}", "title": "t"}
    symbols = dict(_USUAL)
    for name in draw(st.lists(st.sampled_from(sorted(_USUAL) + ["n", "m"]), max_size=2, unique=True)):
        symbols[name] = draw(domains)
    claim["symbols"] = symbols
    if draw(st.booleans()):
        claim["where"] = {"w": draw(scalar_expressions)}
    if _sometimes(draw):
        claim["steps"] = draw(st.lists(scalar_expressions, min_size=1, max_size=3))
    else:
        claim["claim"] = draw(st.one_of(statements, statements, expressions))
    if _sometimes(draw):  # a key of any value
        claim[draw(keys)] = draw(st.one_of(scalars, st.lists(scalars, max_size=2)))
    return claim


@st.composite
def claim_files(draw: Callable[[st.SearchStrategy[Any]], Any]) -> str:
    """The YAML text of a random claims file: mostly well-formed, with random values."""
    claims = [_claim(draw, k) for k in range(draw(st.integers(0, 3)))]
    document: Any = {"claims": claims}
    if _sometimes(draw) and draw(st.booleans()):
        document = draw(st.one_of(scalars, st.lists(scalars, max_size=3)))
    text = yaml.safe_dump(document, allow_unicode=True, sort_keys=False)
    # Now and then a random edit: a character inserted, or the text cut short.
    if _sometimes(draw) and text:
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(["", ":", "[", "{", "&a ", "*a", "!!python/name:os.system ", "\t", "\x00", "'", "-"])) + text[at:]
    return text


#: Real claims files, to be mutated byte by byte: the edits land deep in valid structure.
SEEDS = [
    path.read_bytes()
    for path in sorted((Path(__file__).resolve().parents[1] / "claims").glob("*.yaml"))
    if path.stat().st_size < 20_000
]


@st.composite
def mutated_files(draw: Callable[[st.SearchStrategy[Any]], Any]) -> bytes:
    """A real claims file with a few bytes replaced, inserted or deleted."""
    data = bytearray(draw(st.sampled_from(SEEDS)) if SEEDS else b"claims: []\n")
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, max(len(data) - 1, 0)))
        how = draw(st.sampled_from(["replace", "insert", "delete"]))
        byte = draw(st.one_of(st.sampled_from(list(b":-[]{}&*!|>#'\"\n ,()_=x0")), st.integers(0, 255)))
        if how == "replace" and data:
            data[at] = byte
        elif how == "insert":
            data.insert(at, byte)
        elif data:
            del data[at]
    return bytes(data)


def read_claims_file(data: bytes | str) -> str:
    """Load a file (never raises) and build every claim that loads (only ClaimError).

    Returns:
        What became of the input, for the fuzz script's figures: "file refused",
        or how many claims were built and how many refused.
    """
    built = refused = slow = 0
    with bounded(HANG_SECONDS):
        loaded = load_text(data, "fuzz.yaml")
    for failure in loaded.failures:
        assert failure.loc.file == "fuzz.yaml" and failure.loc.line >= 1
        assert failure.message and "\n" not in failure.message, failure.message
        assert not failure.message.startswith("internal error"), failure.message
    if any(f.whole_file for f in loaded.failures):
        return "file refused"
    refused += len(loaded.failures)
    for claim in loaded.claims:
        try:
            with bounded(SLOW_SECONDS):
                build(claim)
            built += 1
        except ClaimError as exc:
            assert exc.message and "\n" not in exc.message, exc.message
            refused += 1
        except Slow:
            slow += 1
    if slow:
        return "a claim slow to build"
    return f"claims built {min(built, 1)}+, refused {min(refused, 1)}+"


# --- the tests -----------------------------------------------------------------




@SUITE
@given(texts)
def test_random_text_is_read_or_refused(source: str) -> None:
    read_expression(source)


@SUITE
@given(expressions)
def test_random_syntax_trees_are_read_or_refused(source: str) -> None:
    read_expression(source)


@settings(SUITE, max_examples=80)
@given(st.one_of(st.binary(max_size=300), st.text(max_size=300)))
def test_the_loader_never_raises_on_random_bytes(data: bytes | str) -> None:
    read_claims_file(data)


@settings(SUITE, max_examples=80)
@given(claim_files())
def test_random_claims_files_load_and_build_or_are_refused(text: str) -> None:
    read_claims_file(text)


@settings(SUITE, max_examples=30)
@given(mutated_files())
def test_mutated_claims_files_load_and_build_or_are_refused(data: bytes) -> None:
    read_claims_file(data)


def test_the_fuzzing_is_bounded_in_time() -> None:
    """A smoke test of the guard itself: a slow block is cut short, not waited for."""
    start = time.monotonic()
    try:
        with bounded(0.2):
            while True:
                time.sleep(0.01)
    except Slow:
        pass
    assert time.monotonic() - start < 2
