"""Hostile and broken claims files: nothing executed, nothing lost, never a traceback.

derivcheck runs in CI on claim files from pull requests, so a claims file is
untrusted input. ``tests/hostile/`` holds the corpus: each file puts hostile
claims beside a good one (a file refused as a whole sits beside ``good.yaml``).
One run of the real command line checks the whole corpus, plus a 50 MB file
made here, under a memory ceiling of its own; the tests below read its JSON
report. Every entry of the report must be foreseen by the tables below, so a
new corpus file cannot go unchecked.
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from derivcheck import loader, parser, semantics
from derivcheck.evaluate import read
from derivcheck.problem import Scope
from derivcheck.domains import parse_domain
from derivcheck.errors import ClaimError
from derivcheck.model import Location, Text

HOSTILE = Path(__file__).parent / "hostile"

#: The ceiling of the whole derivcheck process (the workers set a lower one):
#: a loader that reads a 50 MB file or expands an alias bomb would break it.
PARENT_MEMORY = 1024 * 2**20
#: The ceiling of each worker: the memory hog must meet it, the rest not.
WORKER_MEMORY_MB = 600
#: The bound on the whole run (about 5 s here; the memory hog takes 3).
RUN_SECONDS = 80


@dataclass(frozen=True)
class Expected:
    """What one entry of the report must say: its verdict, and words of its reason."""

    verdict: str
    words: str


def invalid(words: str) -> Expected:
    return Expected("invalid", words)


#: Each hostile claim, by id: the verdict and words its reason must hold.
HOSTILE_CLAIMS: dict[str, Expected] = {
    # code-execution.yaml: Python reached through the expression language
    "hostile-import": invalid("only named functions can be called"),
    "hostile-dunder-walk": invalid("only named functions can be called"),
    "hostile-dunder-on-symbol": invalid("attribute '.__globals__' is not allowed"),
    "hostile-lambda": invalid("lambda is not part of the expression language"),
    "hostile-getattr": invalid("only named functions can be called"),
    "hostile-eval": invalid("unknown function 'eval'"),
    "hostile-string-literal": invalid("string literals are not part of the language"),
    "hostile-f-string": invalid("an f-string is not part of the expression language"),
    "hostile-comprehension": invalid("a comprehension is not part of the expression language"),
    "hostile-generator": invalid("'*' unpacking is not part of the expression language"),
    "hostile-keyword": invalid("keyword arguments are not part of the language"),
    "hostile-walrus": invalid("':=' is not part of the expression language"),
    # yaml-tags.yaml, yaml-tag-directive.yaml: tags a full loader would call
    "hostile-tag-apply": invalid("YAML tag !!python/object/apply:os.system is not allowed"),
    "hostile-tag-in-claim": invalid("YAML tag !!python/object/apply:subprocess.check_output"),
    "hostile-tag-name": invalid("YAML tag !!python/name:os.system is not allowed"),
    "hostile-tag-new": invalid("YAML tag !!python/object/new:os.system is not allowed"),
    "hostile-tag-local": invalid("YAML tag !exec is not allowed"),
    "hostile-tag-directive": invalid("YAML tag !!python/object/apply:os.system is not allowed"),
    # deep-and-long.yaml
    "hostile-parentheses-3000": invalid(f"nested more than {parser.MAX_DEPTH} levels deep"),
    "hostile-nesting-70": invalid(f"nested more than {parser.MAX_DEPTH} levels deep"),
    "hostile-unary-3000": invalid(f"nested more than {parser.MAX_DEPTH} levels deep"),
    "hostile-power-chain-3000": invalid(f"nested more than {parser.MAX_DEPTH} levels deep"),
    "hostile-sum-20000": invalid(f"characters, more than the limit of {parser.MAX_CHARS}"),
    "hostile-max-1100-arguments": invalid(f"more than {parser.MAX_NODES} syntax nodes"),
    "hostile-sum-call-20000": invalid(f"Sum of 20000 terms, more than the limit of {parser.MAX_TERMS}"),
    "hostile-nested-sums": invalid(f"more than {parser.MAX_TERMS} terms in all"),
    "hostile-product-of-sums": invalid(f"more than {parser.MAX_TERMS} terms in all"),
    # numbers.yaml: sizes known before anything is computed
    "hostile-power-tower": invalid(f"more than the limit of {parser.MAX_POWER_BITS} bits"),
    "hostile-ten-tower": invalid(f"more than the limit of {parser.MAX_POWER_BITS} bits"),
    "hostile-product-of-powers": invalid(f"more than the limit of {parser.MAX_POWER_BITS} bits"),
    "hostile-tiny-decimals": invalid(f"more than the limit of {parser.MAX_POWER_BITS} bits"),
    # An even power of a real is never negative: decided without expanding (engine/powers.py).
    "hostile-symbolic-exponent": Expected("proved", "assumptions"),
    "hostile-exponent-literal": invalid(f"larger than the limit of {parser.MAX_INTEGER_EXPONENT}"),
    "hostile-squared-fifty-times": invalid(f"larger than the limit of {parser.MAX_INTEGER_EXPONENT}"),
    "hostile-factorial-by-product": invalid(f"more than the limit of {parser.MAX_POWER_BITS} bits"),
    "hostile-integer-literal": invalid(f"an integer with more than {parser.MAX_INT_DIGITS} digits"),
    "hostile-integer-literal-1200": invalid(f"an integer with more than {parser.MAX_INT_DIGITS} digits"),
    "hostile-decimal-literal": invalid(f"a number with more than {parser.MAX_INT_DIGITS} digits"),
    "hostile-decimal-exponent": invalid(f"an exponent beyond ±{parser.MAX_DECIMAL_EXPONENT}"),
    "hostile-root-of-huge": invalid(f"a number over {parser.MAX_ROOT_DIGITS} digits"),
    # sizes.yaml: finite sets, ranges, vectors, matrices
    "hostile-finite-product": invalid(f"more than {semantics.MAX_INSTANCES} cases"),
    "hostile-range": invalid(f"more than {semantics.MAX_INSTANCES} values"),
    "hostile-ranges-product": invalid(f"more than {semantics.MAX_INSTANCES} cases"),
    "hostile-vector-million": invalid(f"the size of 'x' is 1000000; sizes go from 1 to {parser.MAX_SIZE}"),
    "hostile-vector-size-list": invalid(f"sizes go from 1 to {parser.MAX_SIZE}"),
    "hostile-matrix": invalid(f"the size of 'A' is 100000; sizes go from 1 to {parser.MAX_SIZE}"),
    "hostile-eye": invalid(f"a size of 1000000; sizes go from 1 to {parser.MAX_SIZE}"),
    "hostile-vec-arguments": invalid(f"a vector longer than {parser.MAX_SIZE}"),
    "hostile-matrix-power": invalid(f"larger than the limit of {parser.MAX_SYMBOLIC_EXPONENT}"),
    # domains.yaml: domains that made a regular expression backtrack for minutes
    "hostile-interval-spaces": invalid("is not a domain for 'x'"),
    "hostile-vector-spaces": invalid("is not a domain for 'x'"),
    "hostile-range-spaces": invalid("is not a domain for 'k'"),
    "hostile-matrix-spaces": invalid("is not a domain for 'A'"),
    "hostile-interval-bound": invalid("names starting with '_' are not allowed"),
    # wrong-shapes.yaml: missing keys, wrong types
    "shape-no-title": invalid("has no 'title'"),
    "shape-no-claim": invalid("has neither 'claim' nor 'steps'"),
    "shape-both": invalid("has both 'claim' and 'steps'"),
    "shape-title-list": invalid("title must be a string, not a list"),
    "shape-claim-mapping": invalid("claim must be an expression (a string), not a mapping"),
    "shape-symbols-list": invalid("symbols must be a mapping of name to domain, not a list"),
    "shape-steps-string": invalid("steps must be a list of at least 2 steps, not a string"),
    "shape-expect-other": invalid("expect must be 'holds' or 'refuted', not 'maybe'"),
    "shape-random-number": invalid("random must be a mapping"),
    "shape-where-nested": invalid("the expression of 'f' must be an expression (a string), not a mapping"),
    "shape-unknown-key": invalid("unknown key 'exec'"),
    "shape-duplicate-key": invalid("duplicate key 'title'"),
    "Shape_Bad_Id": invalid("is not kebab-case"),
    "shape-undeclared": invalid("unknown name 'zz'"),
    "shape-claim-number": invalid("the claim must be a statement"),
    # memory.yaml: two powers of 900 that multiplied out make a million terms; the
    # budget of expanded terms keeps the engine from doing it, and the screen refutes
    # (the worker's memory ceiling itself is tested in tests/test_workers.py)
    "memory-hog": Expected("refuted", "at x = "),
    # engine-numbers.yaml: numbers that grow while the claim is checked
    "grows-product-2000": Expected("refuted", "too large to print"),
}

#: Entries without an id (a claim that is not a mapping, a claim without an
#: id): by file name and line.
NAMELESS: dict[tuple[str, int], Expected] = {
    ("wrong-shapes.yaml", 16): invalid("a claim has no 'id'"),
    ("wrong-shapes.yaml", 72): invalid("a claim must be a mapping with 'id', 'title' and 'claim' or 'steps', not a number"),
    ("wrong-shapes.yaml", 74): invalid("a claim must be a mapping with 'id', 'title' and 'claim' or 'steps', not a list"),
}

#: Files refused as a whole, by file name.
HOSTILE_FILES: dict[str, Expected] = {
    "alias-bomb.yaml": invalid(f"YAML aliases expand to more than {loader.MAX_NODES} nodes"),
    "alias-bomb-in-claim.yaml": invalid(f"YAML aliases expand to more than {loader.MAX_NODES} nodes"),
    "yaml-deep.yaml": invalid(f"YAML nested too deeply (more than {loader.MAX_DEPTH} levels)"),
    "top-level-list.yaml": invalid("the top level must be a mapping with a 'claims' list, not a list"),
    "non-utf8.yaml": invalid("the file is not UTF-8: byte 0xe9 at line 4"),
    "fifty-megabytes.yaml": invalid(f"more than the limit of {loader.MAX_FILE_BYTES} bytes (5 MiB)"),
}

#: The good claims, by id: the verdict each keeps among the hostile ones.
GOOD_CLAIMS: dict[str, str] = {
    "good-square": "proved",
    "good-sigmoid-refuted": "refuted",
    "good-code-execution": "proved",
    "good-yaml-tags": "proved",
    "good-tag-directive": "proved",
    "good-deep-and-long": "proved",
    "good-numbers": "proved",
    "good-sizes": "proved",
    "good-domains": "proved",
    "good-wrong-shapes": "proved",
    "good-after-memory": "proved",
    "good-engine-numbers": "proved",
}

# A place at the start of a message: file:line or file:line:column.
_PLACE = re.compile(r"^(?P<file>[^:\n]+\.ya?ml):(?P<line>\d+)(?::(?P<col>\d+))?: ")


def _fifty_megabytes(folder: Path) -> Path:
    """A well-formed claims file of 50 MB: a good claim, then a comment that never ends."""
    path = folder / "fifty-megabytes.yaml"
    with open(path, "wb") as handle:
        handle.write(b"claims:\n  - id: fifty-mb-claim\n    title: t\n    claim: 1 == 1\n# ")
        chunk = b"x" * 2**20
        for _ in range(50):
            handle.write(chunk)
        handle.write(b"\n")
    return path


@dataclass(frozen=True)
class Run:
    """One run of ``derivcheck run`` over the corpus: what it printed and took."""

    returncode: int
    stdout: str
    stderr: str
    seconds: float
    cwd: Path
    report: dict[str, Any]

    def entries(self) -> list[dict[str, Any]]:
        return list(self.report["claims"])

    def by_id(self, claim_id: str) -> dict[str, Any]:
        found = [c for c in self.entries() if c["id"] == claim_id]
        assert len(found) == 1, f"{claim_id}: {len(found)} entries"
        return found[0]

    def of_file(self, name: str) -> list[dict[str, Any]]:
        return [c for c in self.entries() if Path(c["file"]).name == name]


def _limit_parent_memory() -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_AS, (PARENT_MEMORY, PARENT_MEMORY))


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """The corpus, the 50 MB file, one subprocess: the report every test reads."""
    work = tmp_path_factory.mktemp("hostile-run")
    big = _fifty_megabytes(work)
    files = sorted(str(p) for p in HOSTILE.glob("*.yaml")) + [str(big)]
    env = {**os.environ, "DERIVCHECK_CACHE_DIR": str(work / "cache"), "COLUMNS": "200"}
    env.pop("DERIVCHECK_FORMAT", None)
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "derivcheck", "run", *files, "--format", "json", "--no-cache",
         "--jobs", "1", "--timeout", "30", "--memory-limit", str(WORKER_MEMORY_MB)],
        capture_output=True,
        text=True,
        cwd=work,  # a command that ran would leave PWNED here
        env=env,
        timeout=RUN_SECONDS + 60,
        preexec_fn=_limit_parent_memory,
    )  # fmt: skip
    seconds = time.monotonic() - start
    try:
        report = json.loads(proc.stdout)
    except ValueError:
        pytest.fail(f"stdout is not one JSON document:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return Run(proc.returncode, proc.stdout, proc.stderr, seconds, work, report)


def _reason(entry: dict[str, Any]) -> str:
    return str(entry.get("error") or entry.get("detail") or "")


def _check_reason(entry: dict[str, Any], expected: Expected) -> None:
    """The verdict, the words, one line, and a place inside the entry's own lines."""
    assert entry["verdict"] == expected.verdict, (entry["verdict"], _reason(entry))
    reason = _reason(entry)
    assert expected.words in reason
    assert "\n" not in reason and len(reason) < 400, reason
    if entry["verdict"] == "invalid":
        place = _PLACE.match(reason)
        assert place is not None, f"no file:line in {reason!r}"
        assert Path(place["file"]).name == Path(entry["file"]).name
        assert int(place["line"]) >= entry["line"]


def _next_line(run: Run, entry: dict[str, Any]) -> int:
    """The line where the next entry of the same file starts (the end of this one's block)."""
    later = [c["line"] for c in run.of_file(Path(entry["file"]).name) if c["line"] > entry["line"]]
    return min(later, default=10**9)


def test_the_run_fails_with_one_json_document_and_no_traceback(run: Run) -> None:
    assert run.returncode == 1, run.stderr[-2000:]
    assert "Traceback" not in run.stdout + run.stderr
    assert "internal error" not in run.stdout + run.stderr
    assert run.stdout.lstrip().startswith("{") and run.stdout.rstrip().endswith("}")
    summary = run.report["summary"]
    assert summary["invalid"] >= len(HOSTILE_CLAIMS) - 2
    assert summary["refuted"] >= 2


def test_the_run_is_bounded_in_time(run: Run) -> None:
    assert run.seconds < RUN_SECONDS
    for entry in run.entries():
        if entry["verdict"] == "invalid":
            # Refused before anything is computed: no entry costs more than a moment.
            assert entry["seconds"] < 2, entry


def test_nothing_was_executed(run: Run) -> None:
    assert not (run.cwd / "PWNED").exists()
    assert not (HOSTILE / "PWNED").exists()
    assert not Path("PWNED").exists()


@pytest.mark.parametrize("claim_id", sorted(HOSTILE_CLAIMS))
def test_each_hostile_claim_gets_its_verdict_and_reason(run: Run, claim_id: str) -> None:
    entry = run.by_id(claim_id)
    _check_reason(entry, HOSTILE_CLAIMS[claim_id])
    place = _PLACE.match(_reason(entry))
    if place is not None:
        assert int(place["line"]) < _next_line(run, entry), "the place is outside the claim"


@pytest.mark.parametrize(("name", "line"), sorted(NAMELESS))
def test_each_claim_without_an_id_is_reported_at_its_place(run: Run, name: str, line: int) -> None:
    found = [c for c in run.of_file(name) if c["id"] is None and c["line"] == line]
    assert len(found) == 1, [(c["id"], c["line"]) for c in run.of_file(name)]
    _check_reason(found[0], NAMELESS[(name, line)])


@pytest.mark.parametrize("name", sorted(HOSTILE_FILES))
def test_each_hostile_file_is_refused_as_a_whole(run: Run, name: str) -> None:
    entries = run.of_file(name)
    assert len(entries) == 1, entries
    assert entries[0]["id"] is None
    _check_reason(entries[0], HOSTILE_FILES[name])


@pytest.mark.parametrize("claim_id", sorted(GOOD_CLAIMS))
def test_the_good_claims_keep_their_verdicts(run: Run, claim_id: str) -> None:
    entry = run.by_id(claim_id)
    assert entry["verdict"] == GOOD_CLAIMS[claim_id], _reason(entry)
    assert entry["passed"] is True


def test_every_entry_of_the_report_is_foreseen(run: Run) -> None:
    """A new corpus file or claim must come with its expectation in the tables above."""
    unforeseen = [
        (Path(c["file"]).name, c["line"], c["id"])
        for c in run.entries()
        if c["id"] not in HOSTILE_CLAIMS
        and c["id"] not in GOOD_CLAIMS
        and (Path(c["file"]).name, c["line"]) not in NAMELESS
        and Path(c["file"]).name not in HOSTILE_FILES
    ]
    assert unforeseen == []
    seen = {Path(c["file"]).name for c in run.entries()}
    assert seen == {p.name for p in HOSTILE.glob("*.yaml")} | {"fifty-megabytes.yaml"}


def test_a_claim_that_would_expand_to_a_million_terms_is_decided_without_expanding(run: Run) -> None:
    hog = run.by_id("memory-hog")
    assert hog["verdict"] == "refuted"
    assert hog["seconds"] < 20
    assert run.by_id("good-after-memory")["verdict"] == "proved"


# --- each limit names itself ------------------------------------------------------

#: One hostile entry per limit, and the words naming that limit in its reason.
LIMITS: dict[str, tuple[str, str]] = {
    "file size": ("fifty-megabytes.yaml", f"limit of {loader.MAX_FILE_BYTES} bytes"),
    "YAML nodes": ("alias-bomb.yaml", f"more than {loader.MAX_NODES} nodes"),
    "YAML depth": ("yaml-deep.yaml", f"more than {loader.MAX_DEPTH} levels"),
    "expression characters": ("hostile-sum-20000", f"limit of {parser.MAX_CHARS}"),
    "expression nodes": ("hostile-max-1100-arguments", f"more than {parser.MAX_NODES} syntax nodes"),
    "expression depth": ("hostile-nesting-70", f"more than {parser.MAX_DEPTH} levels deep"),
    "integer digits": ("hostile-integer-literal-1200", f"more than {parser.MAX_INT_DIGITS} digits"),
    "exact number size": ("hostile-power-tower", f"limit of {parser.MAX_POWER_BITS} bits"),
    "exponent size": ("hostile-exponent-literal", f"limit of {parser.MAX_INTEGER_EXPONENT}"),
    "terms of a Sum": ("hostile-sum-call-20000", f"limit of {parser.MAX_TERMS}"),
    "finite-set product": ("hostile-finite-product", f"more than {semantics.MAX_INSTANCES} cases"),
    "vector size": ("hostile-vector-million", f"sizes go from 1 to {parser.MAX_SIZE}"),
    "matrix size": ("hostile-matrix", f"sizes go from 1 to {parser.MAX_SIZE}"),
}


@pytest.mark.parametrize("limit", sorted(LIMITS))
def test_each_limit_names_itself(run: Run, limit: str) -> None:
    key, words = LIMITS[limit]
    entries = run.of_file(key) if key.endswith(".yaml") else [run.by_id(key)]
    assert len(entries) == 1
    assert words in _reason(entries[0])


# --- regressions, in the process: fast and exact -----------------------------------


@pytest.mark.parametrize("prefix", ["(", "[", "range(", "vector[", "matrix[", "matrix[1,", "{"])
@pytest.mark.parametrize("filler", [" ", "a ", " a", "1,"])
def test_a_domain_is_read_in_linear_time(prefix: str, filler: str) -> None:
    text = Text(prefix + filler * 50_000 + "a", Location("h.yaml", 3, 7))
    start = time.monotonic()
    try:
        parse_domain("x", text)
    except ClaimError as exc:
        assert len(exc.message) < 400
    assert time.monotonic() - start < 1.0


@pytest.mark.parametrize(
    ("expression", "words"),
    [
        ("10**4000 * 10**4000", f"limit of {parser.MAX_POWER_BITS} bits"),
        ("x**60000 * x**60000", f"limit of {parser.MAX_INTEGER_EXPONENT}"),
        ("Product(k, (k, 1, 5000))", f"limit of {parser.MAX_POWER_BITS} bits"),
        ("Sum(Sum(k*j, (k, 1, 200)), (j, 1, 200))", f"more than {parser.MAX_TERMS} terms in all"),
        ("1e-999 * 1e-999 * 1e-999 * 1e-999 * 1e-999", f"limit of {parser.MAX_POWER_BITS} bits"),
        ("0." + "3" * 1500, f"more than {parser.MAX_INT_DIGITS} digits"),
        ("9" * 5000, f"more than {parser.MAX_INT_DIGITS} digits"),
        ("x ==\r x + 0*y", ""),  # a carriage return is a space, not the end of a line
    ],
)
def test_sizes_are_refused_where_they_are_made(expression: str, words: str) -> None:
    import sympy

    scope = Scope(names={"x": sympy.Symbol("x"), "y": sympy.Symbol("y")})
    text = Text(expression, Location("h.yaml", 4, 12))
    if not words:
        read(text, scope)
        return
    with pytest.raises(ClaimError) as caught:
        read(text, scope)
    assert words in caught.value.message
    assert caught.value.loc is not None and caught.value.loc.file == "h.yaml"


def test_a_large_but_allowed_sum_is_built_quickly() -> None:
    import sympy

    scope = Scope(names={"x": sympy.Symbol("x", real=True)})
    start = time.monotonic()
    value = read(Text("Sum(x*k, (k, 1, 10000))", Location("h.yaml", 1, 1)), scope)
    assert value == 50005000 * sympy.Symbol("x", real=True)
    # A guard against quadratic building (minutes), not a speed test: about 2 s
    # on an idle machine, and a loaded one must not fail it (bench/ measures speed).
    assert time.monotonic() - start < 60
