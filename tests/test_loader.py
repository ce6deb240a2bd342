"""The loader, rule by rule: each test is one rule of the claim format and of safe loading.

Sources are small inline YAML texts; a failure is checked by its exact place
(line, column) and the key words of its message.
"""

from __future__ import annotations

import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import yaml  # type: ignore[import-untyped, unused-ignore]

from derivcheck import loader, yamltree
from derivcheck.loader import MAX_FILE_BYTES, duplicate_ids, load_file, load_text
from derivcheck.model import Claim, ClaimFile, Expect, LoadFailure, Location, Step, Text

EXAMPLES = Path("/work/shared/examples/claim-format-examples.yaml")


@pytest.fixture(autouse=True, params=[c.__name__ for c in yamltree._COMPOSERS])
def composer(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run every rule with each YAML parser PyYAML offers here (libyaml's and its own)."""
    chosen = next(c for c in yamltree._COMPOSERS if c.__name__ == request.param)
    monkeypatch.setattr(yamltree, "_COMPOSER", chosen)
    return str(request.param)


def load(source: str, path: str = "c.yaml") -> ClaimFile:
    """Load an inline source; its first line is line 1."""
    return load_text(textwrap.dedent(source).lstrip("\n"), path)


def only_failure(loaded: ClaimFile) -> LoadFailure:
    assert len(loaded.failures) == 1, loaded.failures
    return loaded.failures[0]


def place(failure: LoadFailure) -> tuple[int, int]:
    return failure.loc.line, failure.loc.col


def only_claim(loaded: ClaimFile) -> Claim:
    assert loaded.failures == (), loaded.failures
    assert len(loaded.claims) == 1
    return loaded.claims[0]


def claim_with(body: str) -> ClaimFile:
    """A file of one claim with id 'c' and title 'T', then ``body`` (lines 4 on)."""
    lines = ["claims:", "  - id: c", "    title: T"]
    lines += ["    " + line for line in textwrap.dedent(body).strip("\n").splitlines()]
    return load_text("\n".join(lines) + "\n", "c.yaml")


# ---------------------------------------------------------------------------
# The example file of the contract.
# ---------------------------------------------------------------------------


@pytest.mark.skipif(not EXAMPLES.exists(), reason="the contract's example file is not here")
def test_the_contract_examples_load_with_eight_claims_and_no_failure() -> None:
    loaded = load_file(EXAMPLES)
    assert loaded.failures == ()
    assert [c.id for c in loaded.claims] == [
        "ce-gradient",
        "output-is-sigmoid",
        "mse-gradient-steps",
        "softmax-jacobian",
        "softmax-shift",
        "hidden-units-and",
        "heaviside-as-limit",
        "relu-second-moment",
    ]
    assert loaded.title == "Examples from the assignment"
    assert all(c.document == "000_da164ad4085a1e2c.txt" for c in loaded.claims)
    relu = loaded.claims[-1]
    assert [d.value for d in relu.random[0][1]] == [
        "Normal(0, s)",
        "Uniform(-s, s)",
        "Laplace(0, s)",
    ]


# ---------------------------------------------------------------------------
# Rule 1: safety.
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "tagged, shown",
    [
        ("!!python/object/apply:os.system ['echo hi']", "!!python/object/apply:os.system"),
        ("!!python/name:os.system", "!!python/name:os.system"),
        ("!foo bar", "!foo"),
        ("!!binary aGVsbG8=", "!!binary"),
        ("!!timestamp 2001-12-14", "!!timestamp"),
        ("!!set {a, b}", "!!set"),
        ("!!omap [a: 1]", "!!omap"),
        ("!!str {a: b}", "!!str"),
    ],
)
def test_a_tag_other_than_the_plain_ones_fails_the_claim_at_the_tag(tagged: str, shown: str) -> None:
    loaded = claim_with(f"claim: {tagged}")
    failure = only_failure(loaded)
    assert failure.message == f"YAML tag {shown} is not allowed"
    assert place(failure) == (4, 12)
    assert failure.claim_id == "c" and not failure.whole_file


def test_a_python_tag_is_never_run(tmp_path: Path) -> None:
    target = tmp_path / "made-by-yaml"
    loaded = claim_with(f"claim: !!python/object/apply:os.makedirs ['{target}']")
    assert "not allowed" in only_failure(loaded).message
    assert not target.exists()


def test_the_loader_never_calls_a_constructing_yaml_loader() -> None:
    source = "".join(Path(m.__file__).read_text(encoding="utf-8") for m in (loader, yamltree))
    for unsafe in ("yaml.load(", "unsafe_load", "FullLoader", "UnsafeLoader", "yaml.safe_load("):
        assert unsafe not in source
    assert issubclass(yamltree._Composer, yaml.SafeLoader)


def test_the_plain_tags_are_allowed_and_keep_raw_text() -> None:
    claim = only_claim(
        claim_with(
            """
            symbols: {x: !!str real, n: [!!int 2, !!float 3.0]}
            where: {c: ! -2.5}
            claim: !!str x == c
            note: !!null
            """
        )
    )
    assert claim.symbols[0][1].value == "real"
    assert claim.symbols[1][1].value == "{2, 3.0}"
    assert claim.where[0][1].value == "-2.5"
    assert claim.claim == Text("x == c", Location("c.yaml", 6, 18))
    assert claim.note is None


def test_a_plain_date_is_only_text() -> None:
    claim = only_claim(claim_with("source: 2001-12-14\nclaim: x == x"))
    assert claim.source == "2001-12-14"


def test_anchors_and_aliases_are_allowed() -> None:
    loaded = load(
        """
        claims:
          - id: one
            title: T
            symbols: &common {x: real, y: positive}
            claim: x + y == y + x
          - id: two
            title: T
            symbols: *common
            claim: x*y == y*x
        """
    )
    assert loaded.failures == ()
    assert loaded.claims[0].symbols == loaded.claims[1].symbols
    assert loaded.claims[1].symbols[1][1].loc == Location("c.yaml", 4, 35)


def test_a_merge_key_adds_the_keys_it_names_and_explicit_keys_win() -> None:
    claim = only_claim(
        claim_with(
            """
            symbols:
              <<: {x: real, y: integer}
              y: positive
            claim: x == x
            """
        )
    )
    assert [(name, d.value) for name, d in claim.symbols] == [("x", "real"), ("y", "positive")]


BILLION_LAUGHS = """\
claims:
  - id: lol
    title: T
    claim: x == x
    note: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]
    latex: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
    source: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
    symbols: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
    random: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]
    where: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]
    assume: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]
    steps: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]
    expect: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def test_a_billion_laughs_file_fails_fast() -> None:
    started = time.perf_counter()
    loaded = load_text(BILLION_LAUGHS, "c.yaml")
    assert time.perf_counter() - started < 1.0
    failure = only_failure(loaded)
    assert failure.whole_file and failure.claim_id is None
    assert failure.message == "YAML aliases expand to more than 100000 nodes"
    # The first list whose expansion passes the limit: 111111 nodes at &e.
    assert place(failure) == (9, 13)


def test_nesting_deeper_than_the_limit_fails_at_the_first_level_too_deep() -> None:
    failure = only_failure(load_text("[" * 500 + "]" * 500, "c.yaml"))
    assert failure.message == "YAML nested too deeply (more than 100 levels)"
    assert failure.whole_file and place(failure) == (1, 101)


def test_deep_nesting_that_never_closes_fails_fast() -> None:
    started = time.perf_counter()
    failure = only_failure(load_text("[" * 3000, "c.yaml"))
    # A guard against a hang, not a speed test (bench/ measures speed): the
    # bound is generous so that a loaded machine cannot fail it.
    assert time.perf_counter() - started < 10.0
    # libyaml reads ahead to its own limit of 1000 levels before we compose.
    assert failure.message == "YAML nested too deeply (more than 100 levels)"
    assert failure.whole_file and place(failure) in ((1, 101), (1, 1001))


def test_nesting_within_the_limit_is_not_refused_for_depth() -> None:
    failure = only_failure(load_text("claims: " + "[" * 90 + "]" * 90, "c.yaml"))
    assert "nested too deeply" not in failure.message


def test_a_recursive_alias_fails_its_claim() -> None:
    loaded = load(
        """
        claims:
          - &me
            id: c
            title: T
            claim: x == x
            note: [*me]
        """
    )
    failure = only_failure(loaded)
    assert "alias refers to a node that contains it" in failure.message
    assert place(failure) == (2, 5)


def test_a_text_larger_than_the_limit_is_refused_before_parsing() -> None:
    size = 6 * 1024 * 1024
    for data in (b"x" * size, "x" * size, "é" * (size // 2 + 1)):
        started = time.perf_counter()
        failure = only_failure(load_text(data, "big.yaml"))
        assert time.perf_counter() - started < 1.0
        assert failure.whole_file and place(failure) == (1, 1)
        size_in_bytes = len(data if isinstance(data, bytes) else data.encode("utf-8"))
        assert f"the file is {size_in_bytes} bytes" in failure.message
        assert "more than the limit" in failure.message


def test_a_file_larger_than_the_limit_is_refused_from_its_size_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    big = tmp_path / "big.yaml"
    with open(big, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, nothing on disk

    def must_not_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(loader, "open", must_not_open, raising=False)
    started = time.perf_counter()
    failure = only_failure(load_file(big))
    assert time.perf_counter() - started < 1.0
    assert "52428800 bytes" in failure.message and failure.whole_file
    assert failure.loc == Location(str(big), 1, 1)


def test_a_file_just_under_the_limit_is_read(tmp_path: Path, composer: str) -> None:
    if composer == "_Composer" and len(yamltree._COMPOSERS) > 1:
        pytest.skip("PyYAML's own scanner takes seconds for 5 MiB; libyaml's is used here")
    path = tmp_path / "pad.yaml"
    path.write_bytes(b"claims: []\n" + b"#" * (MAX_FILE_BYTES - 20) + b"\n")
    assert load_file(path).failures == ()


def test_bytes_that_are_not_utf8_fail_at_the_first_bad_byte() -> None:
    failure = only_failure(load_text(b"claims:\n  - id: caf\xe9\n    title: T\n", "c.yaml"))
    assert failure.whole_file
    assert place(failure) == (2, 12)
    assert "not UTF-8" in failure.message and "0xe9" in failure.message
    assert "line 2, column 12" in failure.message


def test_a_utf8_byte_order_mark_is_accepted() -> None:
    loaded = load_text("\ufeffclaims: []\n".encode("utf-8"), "c.yaml")
    assert loaded.failures == () and loaded.claims == ()


def test_a_control_character_fails_with_its_place() -> None:
    failure = only_failure(load_text("claims:\n  - id: a\x00b\n", "c.yaml"))
    assert failure.whole_file
    assert place(failure) == (2, 10)
    assert failure.message == "unacceptable character #x0000: special characters are not allowed"


def test_a_yaml_syntax_error_is_reported_at_its_problem_mark() -> None:
    failure = only_failure(load("claims:\n  - id: c\n    title: 'T\n"))
    assert failure.whole_file
    assert "invalid YAML" in failure.message and "unexpected end of stream" in failure.message
    assert place(failure) == (4, 1)


def test_two_documents_in_one_file_are_an_error() -> None:
    failure = only_failure(load("claims: []\n---\nclaims: []\n"))
    assert "single document" in failure.message or "another document" in failure.message
    assert place(failure) == (2, 1)


# ---------------------------------------------------------------------------
# Rule 2: locations.
# ---------------------------------------------------------------------------


def test_a_plain_scalar_starts_where_its_text_does_and_is_inline() -> None:
    claim = only_claim(claim_with("claim: 1/(1 + exp(a)) == sigmoid(a)"))
    assert claim.claim == Text("1/(1 + exp(a)) == sigmoid(a)", Location("c.yaml", 4, 12), True)
    assert claim.claim.at(3) == Location("c.yaml", 4, 15)  # the "(" of "(1 + ..."


def test_a_quoted_scalar_starts_one_column_after_its_quote() -> None:
    claim = only_claim(claim_with("""claim: "x == x"\nwhere: {f: 'a, b'}"""))
    assert claim.claim == Text("x == x", Location("c.yaml", 4, 13), True)
    assert claim.where[0][1] == Text("a, b", Location("c.yaml", 5, 17), True)


def test_an_escaped_scalar_is_not_inline() -> None:
    claim = only_claim(claim_with("""claim: 'it''s'\nwhere: {f: "a\\tb"}"""))
    assert claim.claim == Text("it's", Location("c.yaml", 4, 13), False)
    assert claim.where[0][1] == Text("a\tb", Location("c.yaml", 5, 17), False)


def test_a_block_scalar_is_not_inline_and_starts_at_its_indicator() -> None:
    claim = only_claim(claim_with("claim: >-\n  x + y\n  == y + x"))
    assert claim.claim == Text("x + y == y + x", Location("c.yaml", 4, 12), False)


def test_a_multi_line_plain_scalar_is_not_inline() -> None:
    claim = only_claim(claim_with("claim: x + y\n  == y + x"))
    assert claim.claim == Text("x + y == y + x", Location("c.yaml", 4, 12), False)


def test_a_scalar_with_an_anchor_or_tag_starts_at_its_content() -> None:
    claim = only_claim(claim_with("claim: &c !!str x == x\nassume: !!str 'x > 0'"))
    assert claim.claim == Text("x == x", Location("c.yaml", 4, 21), True)
    assert claim.assume == (Text("x > 0", Location("c.yaml", 5, 20), True),)


def test_a_byte_order_mark_and_crlf_line_ends_keep_places() -> None:
    source = '\ufeffclaims:\r\n  - id: c\r\n    title: T\r\n    claim: "x == x"\r\n'
    for data in (source, source.encode("utf-8")):
        claim = only_claim(load_text(data, "c.yaml"))
        assert claim.loc == Location("c.yaml", 2, 5)
        assert claim.claim == Text("x == x", Location("c.yaml", 4, 13), True)


def test_every_failure_names_the_file() -> None:
    failure = only_failure(load_text("claims: 3\n", "dir/f.yaml"))
    assert failure.loc == Location("dir/f.yaml", 1, 9)


# ---------------------------------------------------------------------------
# Rule 3: raw text.
# ---------------------------------------------------------------------------


def test_scalars_keep_their_raw_text() -> None:
    claim = only_claim(
        claim_with(
            """
            symbols: {x: real, p: [0, 0.5, 1], big: [1e3, 0x1F]}
            where: {c: -2.5, d: 1.50}
            claim: 1 == 1
            """
        )
    )
    assert claim.where == (
        ("c", Text("-2.5", Location("c.yaml", 5, 16))),
        ("d", Text("1.50", Location("c.yaml", 5, 25))),
    )
    assert claim.claim is not None and claim.claim.value == "1 == 1"
    assert dict(claim.symbols)["p"].value == "{0, 0.5, 1}"
    assert dict(claim.symbols)["big"].value == "{1e3, 0x1F}"


def test_numbers_and_booleans_in_text_keys_keep_their_raw_text() -> None:
    loaded = load(
        """
        title: 2024
        source: 1.10
        claims:
          - id: "42"
            title: 3.0
            source: yes
            latex: 1e3
            note: false
            claim: x == x
        """
    )
    claim = only_claim(loaded)
    assert (loaded.title, loaded.source) == ("2024", "1.10")
    assert (claim.id, claim.title, claim.source, claim.latex, claim.note) == (
        "42",
        "3.0",
        "yes",
        "1e3",
        "false",
    )


@pytest.mark.parametrize("bad", ["Bad_Id", "two words", "-lead", "trail-", "a--b", "UPPER"])
def test_an_id_must_be_kebab_case(bad: str) -> None:
    failure = only_failure(load(f"claims:\n  - id: '{bad}'\n    title: T\n    claim: x\n"))
    assert "kebab-case" in failure.message and repr(bad) in failure.message
    assert place(failure) == (2, 10)
    assert failure.claim_id == bad


# ---------------------------------------------------------------------------
# Rule 4: duplicate keys.
# ---------------------------------------------------------------------------


def test_a_duplicate_key_in_a_claim_fails_at_the_second_key() -> None:
    failure = only_failure(claim_with("claim: x == x\nid: d"))
    assert failure.message == "duplicate key 'id' (first at line 2)"
    assert place(failure) == (5, 5)
    assert failure.claim_id == "c"


def test_a_duplicate_key_deeper_in_a_claim_fails_that_claim() -> None:
    failure = only_failure(claim_with("symbols:\n  x: real\n  x: positive\nclaim: x == x"))
    assert failure.message == "duplicate key 'x' (first at line 5)"
    assert place(failure) == (6, 7)


def test_a_duplicate_key_at_the_top_level_fails_the_whole_file() -> None:
    failure = only_failure(load("claims: []\ntitle: a\nclaims: []\n"))
    assert failure.whole_file and failure.message == "duplicate key 'claims' (first at line 1)"
    assert place(failure) == (3, 1)


# ---------------------------------------------------------------------------
# Rule 5: unknown keys and the shape of the top level.
# ---------------------------------------------------------------------------


def test_an_unknown_key_in_a_claim_suggests_the_nearest_key() -> None:
    failure = only_failure(claim_with("sybmols: {x: real}\nclaim: x == x"))
    assert failure.message == "unknown key 'sybmols' in claim 'c' (did you mean 'symbols'?)"
    assert place(failure) == (4, 5)


def test_an_unknown_key_without_a_near_match_lists_the_keys() -> None:
    failure = only_failure(claim_with("zzz: 1\nclaim: x == x"))
    assert failure.message.startswith("unknown key 'zzz' in claim 'c' (its keys are id, title,")


def test_an_unknown_key_in_a_step_suggests_the_nearest_key() -> None:
    failure = only_failure(claim_with("steps:\n  - a\n  - {expr: b, wyh: x}"))
    assert failure.message == "unknown key 'wyh' in step 2 (did you mean 'why'?)"
    assert place(failure) == (6, 19)


def test_an_unknown_key_at_the_top_level_fails_the_whole_file() -> None:
    failure = only_failure(load("claim:\n  - id: c\n"))
    assert failure.whole_file and failure.claim_id is None
    assert failure.message == "unknown key 'claim' at the top level (did you mean 'claims'?)"
    assert place(failure) == (1, 1)


@pytest.mark.parametrize(
    "source, found",
    [("- a\n- b\n", "a list"), ("just words\n", "a string"), ("42\n", "a number")],
)
def test_a_top_level_that_is_not_a_mapping_fails_the_whole_file(source: str, found: str) -> None:
    failure = only_failure(load(source))
    assert failure.whole_file
    assert failure.message == f"the top level must be a mapping with a 'claims' list, not {found}"
    assert place(failure) == (1, 1)


@pytest.mark.parametrize("source", ["", "# only a comment\n", "\n\n"])
def test_an_empty_file_fails_the_whole_file(source: str) -> None:
    failure = only_failure(load_text(source, "c.yaml"))
    assert failure.whole_file and "not an empty file" in failure.message


def test_a_file_without_claims_fails_the_whole_file() -> None:
    failure = only_failure(load("title: T\n"))
    assert failure.whole_file and "has no 'claims'" in failure.message


@pytest.mark.parametrize(
    "value, found", [("3", "a number"), ("{a: 1}", "a mapping"), ("", "an empty value")]
)
def test_claims_that_is_not_a_list_fails_the_whole_file(value: str, found: str) -> None:
    failure = only_failure(load(f"claims: {value}\n"))
    assert failure.whole_file
    assert failure.message == f"claims must be a list of claims, not {found}"


def test_an_empty_claims_list_is_a_file_with_no_claims() -> None:
    assert load("claims: []\n") == ClaimFile("c.yaml", claims=(), failures=())


# ---------------------------------------------------------------------------
# Rule 6: a claim.
# ---------------------------------------------------------------------------


def test_a_claim_that_is_not_a_mapping_fails_alone() -> None:
    loaded = load(
        """
        claims:
          - just text
          - id: ok
            title: T
            claim: x == x
        """
    )
    failure = only_failure(loaded)
    assert failure.message.startswith("a claim must be a mapping") and "not a string" in failure.message
    assert place(failure) == (2, 5) and failure.claim_id is None
    assert [c.id for c in loaded.claims] == ["ok"]


@pytest.mark.parametrize("missing", ["id", "title"])
def test_a_claim_requires_id_and_title(missing: str) -> None:
    lines = {"id": "id: c", "title": "title: T"}
    del lines[missing]
    body = "\n    ".join([*lines.values(), "claim: x == x"])
    failure = only_failure(load(f"claims:\n  - {body}\n"))
    assert failure.message.endswith(f"has no '{missing}'")
    assert place(failure) == (2, 5)


def test_a_claim_with_both_claim_and_steps_names_them() -> None:
    failure = only_failure(claim_with("claim: x == x\nsteps: [a, b]"))
    assert failure.message == "claim 'c' has both 'claim' and 'steps': give exactly one of them"
    assert place(failure) == (2, 5)


def test_a_claim_with_neither_claim_nor_steps_names_them() -> None:
    failure = only_failure(claim_with("note: nothing to check"))
    assert failure.message == "claim 'c' has neither 'claim' nor 'steps': give exactly one of them"


def test_expect_defaults_to_holds_and_may_be_refuted() -> None:
    assert only_claim(claim_with("claim: x == x")).expect is Expect.HOLDS
    assert only_claim(claim_with("claim: x == x\nexpect: refuted")).expect is Expect.REFUTED


def test_expect_must_be_holds_or_refuted() -> None:
    failure = only_failure(claim_with("claim: x == x\nexpect: yes"))
    assert failure.message == "expect must be 'holds' or 'refuted', not 'yes'"
    assert place(failure) == (5, 13)


def test_a_failure_carries_the_id_title_and_expect_it_can_read() -> None:
    failure = only_failure(claim_with("claim: [x]\nexpect: refuted"))
    assert (failure.claim_id, failure.title, failure.expect) == ("c", "T", Expect.REFUTED)
    assert not failure.whole_file


def test_a_domain_is_a_scalar_or_a_finite_set_rendered_from_raw_texts() -> None:
    claim = only_claim(
        claim_with(
            """
            symbols:
              x: vector[n]
              n: [2, 3, 4, 5]
              p: "(0, 1)"
              k: positive integer
              h:
                - 0
                - 0.5
                - 1
            claim: x == x
            """
        )
    )
    domains = dict(claim.symbols)
    assert [name for name, _ in claim.symbols] == ["x", "n", "p", "k", "h"]
    assert domains["x"] == Text("vector[n]", Location("c.yaml", 5, 10))
    assert domains["n"] == Text("{2, 3, 4, 5}", Location("c.yaml", 6, 10), False)
    assert domains["p"] == Text("(0, 1)", Location("c.yaml", 7, 11))
    assert domains["k"].value == "positive integer"
    assert domains["h"] == Text("{0, 0.5, 1}", Location("c.yaml", 10, 9), False)


def test_a_finite_set_written_with_other_spacing_is_not_inline() -> None:
    claim = only_claim(claim_with("symbols: {n: [0,1]}\nclaim: n == n"))
    assert claim.symbols[0][1] == Text("{0, 1}", Location("c.yaml", 4, 18), False)


@pytest.mark.parametrize(
    "symbols, message, col",
    [
        ("[x]", "symbols must be a mapping of name to domain, not a list", 14),
        ("real", "symbols must be a mapping of name to domain, not a string", 14),
        ("{x: {a: 1}}", "the domain of 'x' must be a word, an interval or a list of values, not a mapping", 18),
        ("{x: []}", "the finite set of 'x' is empty", 18),
        ("{x: [[1]]}", "an element of the finite set of 'x' must be a number or an expression, not a list", 19),
        ("{x: }", "the domain of 'x' is empty", 15),
    ],
)
def test_wrong_types_in_symbols_name_the_key_and_the_type_found(
    symbols: str, message: str, col: int
) -> None:
    failure = only_failure(claim_with(f"symbols: {symbols}\nclaim: x == x"))
    assert failure.message == message
    assert place(failure) == (4, col)


@pytest.mark.parametrize("key", ["symbols", "random", "where"])
@pytest.mark.parametrize(
    "name, why", [("2x", "is not a name"), ("x-y", "is not a name"), ("_x", "is not a name"), ("lambda", "Python keyword")]
)
def test_names_must_be_identifiers_and_not_keywords(key: str, name: str, why: str) -> None:
    failure = only_failure(claim_with(f"{key}: {{{name}: a}}\nclaim: x == x"))
    assert failure.message.startswith(f"'{name}' in {key} ") and why in failure.message
    assert place(failure) == (4, len(key) + 8)


def test_random_maps_a_name_to_a_distribution_or_a_list_of_them() -> None:
    claim = only_claim(
        claim_with(
            """
            symbols: {s: positive}
            random:
              a: Normal(0, s)
              b: [Normal(0, s), Uniform(-s, s), Bernoulli(1/2)]
            claim: E(a) == 0
            """
        )
    )
    assert claim.random[0] == ("a", (Text("Normal(0, s)", Location("c.yaml", 6, 10)),))
    name, dists = claim.random[1]
    assert name == "b"
    assert dists == (
        Text("Normal(0, s)", Location("c.yaml", 7, 11)),
        Text("Uniform(-s, s)", Location("c.yaml", 7, 25)),
        Text("Bernoulli(1/2)", Location("c.yaml", 7, 41)),
    )


def test_a_flow_list_split_inside_parentheses_is_joined_back() -> None:
    claim = only_claim(claim_with("assume: [Max(a, b, c) > 0, a != b]\nclaim: a == a"))
    assert claim.assume == (
        Text("Max(a, b, c) > 0", Location("c.yaml", 4, 14)),
        Text("a != b", Location("c.yaml", 4, 32)),
    )


def test_where_keeps_the_order_of_the_file() -> None:
    claim = only_claim(claim_with("where:\n  z: 1\n  a: z + 1\n  m: a*z\nclaim: m == 2"))
    assert [(name, e.value) for name, e in claim.where] == [("z", "1"), ("a", "z + 1"), ("m", "a*z")]


def test_where_values_must_be_expressions() -> None:
    failure = only_failure(claim_with("where: {f: [1, 2]}\nclaim: f == f"))
    assert failure.message == "the expression of 'f' must be an expression (a string), not a list"
    assert place(failure) == (4, 16)


def test_assume_is_a_condition_or_a_list_of_conditions() -> None:
    one = only_claim(claim_with("assume: i != j\nclaim: i == i"))
    assert one.assume == (Text("i != j", Location("c.yaml", 4, 13)),)
    many = only_claim(claim_with("assume:\n  - x > 0\n  - y > 0\nclaim: x == x"))
    assert [a.value for a in many.assume] == ["x > 0", "y > 0"]
    assert only_claim(claim_with("assume:\nclaim: x == x")).assume == ()


def test_assume_must_not_be_a_mapping() -> None:
    failure = only_failure(claim_with("assume: {x: 1}\nclaim: x == x"))
    assert failure.message == "assume must be a condition or a list of conditions, not a mapping"


def test_claim_is_one_expression() -> None:
    failure = only_failure(claim_with("claim: [x, y]"))
    assert failure.message == "claim must be an expression (a string), not a list"
    assert place(failure) == (4, 12)
    empty = only_failure(claim_with("claim: ''"))
    assert empty.message == "claim is empty"


def test_steps_are_scalars_or_mappings_with_expr_rel_and_why() -> None:
    claim = only_claim(
        claim_with(
            """
            steps:
              - diff((y - f)**2/2, a)
              - expr: (y - f)*diff(f, a)
                why: chain rule
              - {expr: -(y - f)*f*(1 - f), rel: "<="}
            """
        )
    )
    assert claim.steps == (
        Step(Text("diff((y - f)**2/2, a)", Location("c.yaml", 5, 9))),
        Step(Text("(y - f)*diff(f, a)", Location("c.yaml", 6, 15)), "==", "chain rule"),
        Step(Text("-(y - f)*f*(1 - f)", Location("c.yaml", 8, 16)), "<=", None),
    )


def test_steps_need_at_least_two_items() -> None:
    failure = only_failure(claim_with("steps:\n  - a"))
    assert failure.message == "steps must be a list of at least 2 steps, not 1"
    assert place(failure) == (5, 7)


def test_rel_on_the_first_step_is_an_error() -> None:
    failure = only_failure(claim_with("steps:\n  - {expr: a, rel: '<='}\n  - b"))
    assert failure.message.startswith("the first step has nothing before it to relate to")
    assert place(failure) == (5, 19)


def test_rel_must_be_a_relation() -> None:
    failure = only_failure(claim_with("steps:\n  - a\n  - {expr: b, rel: '=<'}"))
    assert failure.message == "rel of step 2 must be one of ==, !=, <, <=, >, >=, not '=<'"
    assert place(failure) == (6, 25)


def test_a_step_needs_expr_and_a_readable_item() -> None:
    no_expr = only_failure(claim_with("steps:\n  - a\n  - {why: because}"))
    assert no_expr.message == "step 2 has no 'expr'"
    assert place(no_expr) == (6, 9)
    listed = only_failure(claim_with("steps:\n  - a\n  - [b, c]"))
    assert listed.message == "step 2 must be an expression or a mapping with 'expr', not a list"
    empty = only_failure(claim_with("steps:\n  - a\n  -\n"))
    assert empty.message == "step 2 is empty"


def test_one_bad_claim_does_not_hide_the_others() -> None:
    loaded = load(
        """
        claims:
          - id: first
            title: T
            claim: x == x
          - id: second
            title: T
            claim: [oops]
          - id: third
            title: T
            claim: y == y
        """
    )
    assert [c.id for c in loaded.claims] == ["first", "third"]
    assert only_failure(loaded).claim_id == "second"


# ---------------------------------------------------------------------------
# Rule 7: YAML's flow-mapping pitfall.
# ---------------------------------------------------------------------------


def test_a_domain_split_at_the_comma_by_yaml_says_how_to_quote_it() -> None:
    failure = only_failure(claim_with("symbols: {p: (0, 1), q: real}\nclaim: p > 0"))
    assert failure.message == 'the domain of \'p\' was split at the comma by YAML: quote it, as p: "(0, 1)"'
    assert place(failure) == (4, 18)
    assert failure.claim_id == "c"


def test_an_expression_or_distribution_split_at_the_comma_is_recognised_too() -> None:
    where = only_failure(claim_with("where: {f: Max(a, b, c)}\nclaim: f == f"))
    assert where.message == 'the expression of \'f\' was split at the comma by YAML: quote it, as f: "Max(a, b, c)"'
    random = only_failure(claim_with("random: {a: Normal(0, s)}\nclaim: a == a"))
    assert random.message == 'the distribution of \'a\' was split at the comma by YAML: quote it, as a: "Normal(0, s)"'


def test_brackets_unquoted_inside_a_flow_mapping_get_a_hint() -> None:
    failure = only_failure(claim_with("symbols: {x: vector[2], y: real}\nclaim: x == x"))
    assert failure.whole_file and "invalid YAML" in failure.message
    assert failure.message.endswith('quote a domain that holds brackets or a comma, as x: "vector[2]"')
    assert place(failure) == (4, 24)


# ---------------------------------------------------------------------------
# Rule 8: the claim's place and the file's header.
# ---------------------------------------------------------------------------


def test_a_claim_knows_its_place_and_its_document() -> None:
    loaded = load(
        """
        title: Section 4
        source: notes.txt
        claims:
          - id: c
            title: T
            claim: x == x
          -
            title: T2
            id: d
            claim: y == y
        """
    )
    assert (loaded.title, loaded.source, loaded.path) == ("Section 4", "notes.txt", "c.yaml")
    assert [c.loc for c in loaded.claims] == [Location("c.yaml", 4, 5), Location("c.yaml", 8, 5)]
    assert {c.document for c in loaded.claims} == {"notes.txt"}


def test_without_a_file_source_a_claim_has_no_document() -> None:
    assert only_claim(claim_with("claim: x == x")).document is None


# ---------------------------------------------------------------------------
# load_file and duplicate_ids.
# ---------------------------------------------------------------------------


def test_load_file_puts_the_display_name_in_locations(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("claims:\n  - id: c\n    title: T\n    claim: x == x\n", encoding="utf-8")
    assert load_file(path).claims[0].loc.file == str(path)
    assert load_file(path, display="claims/a.yaml").claims[0].loc == Location("claims/a.yaml", 2, 5)


def test_load_file_turns_an_unreadable_path_into_a_failure(tmp_path: Path) -> None:
    for path in (tmp_path / "missing.yaml", tmp_path):
        failure = only_failure(load_file(path))
        assert failure.whole_file and failure.message.startswith("cannot read the file")


def test_duplicate_ids_reports_second_and_later_uses() -> None:
    a = load_text(
        "claims:\n  - {id: x, title: A, claim: x == x}\n  - {id: x, title: B, claim: x == x}\n",
        "a.yaml",
    )
    b = load_text("claims:\n  - {id: x, title: C, claim: x == x, expect: refuted}\n", "b.yaml")
    found = duplicate_ids([a, b])
    assert [(f.loc, f.message, f.claim_id, f.title) for f in found] == [
        (Location("a.yaml", 3, 5), "duplicate id 'x' (first at a.yaml:2)", "x", "B"),
        (Location("b.yaml", 2, 5), "duplicate id 'x' (first at a.yaml:2)", "x", "C"),
    ]
    assert found[1].expect is Expect.REFUTED
    assert duplicate_ids([a]) == found[:1]


def test_a_failed_claim_still_takes_its_id() -> None:
    a = load_text("claims:\n  - {id: x, title: A, claim: [bad]}\n  - {id: x, title: B, claim: x}\n", "a.yaml")
    assert len(a.failures) == 1
    [dup] = duplicate_ids([a])
    assert dup.message == "duplicate id 'x' (first at a.yaml:2)" and dup.title == "B"


# ---------------------------------------------------------------------------
# Never raise.
# ---------------------------------------------------------------------------

_YAMLISH = st.text(alphabet="abxy01:-[]{}(),'\"!&*#|> \n\t\\.=<", max_size=80)


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.one_of(_YAMLISH, st.text(max_size=40), st.binary(max_size=40)))
def test_no_input_makes_the_loader_raise(data: str | bytes) -> None:
    loaded = load_text(data, "f.yaml")
    assert isinstance(loaded, ClaimFile)
    for failure in loaded.failures:
        assert failure.loc.file == "f.yaml" and failure.loc.line >= 1 and failure.loc.col >= 1


@pytest.mark.skipif(not EXAMPLES.exists(), reason="the contract's example file is not here")
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.data())
def test_no_edit_of_the_examples_makes_the_loader_raise(data: st.DataObject) -> None:
    text = EXAMPLES.read_text(encoding="utf-8")
    at = data.draw(st.integers(0, len(text)))
    cut = data.draw(st.integers(0, 5))
    insert = data.draw(st.sampled_from(["", ",", ":", "[", "]", "{", "}", "\n", " ", "'", "&a", "*a", "!x"]))
    loaded = load_text(text[:at] + insert + text[at + cut :], "e.yaml")
    for claim in loaded.claims:
        assert claim.loc.file == "e.yaml"
    for failure in loaded.failures:
        assert failure.loc.line >= 1 and failure.message


def test_a_bug_in_the_loader_is_still_a_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> None:
        raise ValueError("boom")

    monkeypatch.setattr(loader, "_read_file", broken)
    failure = only_failure(load("claims: []\n"))
    assert failure.whole_file and "internal error" in failure.message and "boom" in failure.message

