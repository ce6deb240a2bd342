"""derivcheck as a CI citizen: exit statuses, output options, schema, sharding, hooks, the pytest plugin.

Claims run on tiny folders written to a temporary directory, with one cache
for the module, so each claim is checked once. Outcomes the engine cannot be
asked for on demand (undecided, timeout, a crash) come from a stand-in for
:func:`derivcheck.runner.run`.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Callable, Iterator

import jsonschema
import pytest
import yaml  # type: ignore[import-untyped, unused-ignore]
from click.testing import CliRunner, Result

from conftest import BAD_YAML, EXAMPLES, FAILING_YAML, PASSING_YAML
from derivcheck import __version__
from derivcheck.cli import main
from derivcheck.model import ClaimResult, Expect, Verdict
from derivcheck.runner import shard_of

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[1]

MORE_YAML = """\
claims:
  - id: square
    title: (x + 1)^2 expands
    symbols: {x: real}
    claim: (x + 1)**2 == x**2 + 2*x + 1
  - id: half
    title: x/2 + x/2 is x
    symbols: {x: real}
    claim: x/2 + x/2 == x
  - id: cube-wrong
    title: (x + 1)^3 is x^3 + 1
    symbols: {x: real}
    claim: (x + 1)**3 == x**3 + 1
    expect: refuted
"""

@pytest.fixture(scope="module")
def space(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("ci")
    for name, files in {
        "passing": {"a.yaml": PASSING_YAML},
        "failing": {"b.yaml": FAILING_YAML, "c.yaml": BAD_YAML},
        "many": {"a.yaml": PASSING_YAML, "b.yaml": FAILING_YAML, "c.yaml": BAD_YAML, "d.yml": MORE_YAML},
    }.items():
        (root / name).mkdir()
        for file, text in files.items():
            (root / name / file).write_text(text, encoding="utf-8")
    return {"root": root, "passing": root / "passing", "failing": root / "failing", "many": root / "many", "cache": root / "cache"}


@pytest.fixture(autouse=True)
def _clean_ci_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # These tests may themselves run in GitHub Actions: its variables would change the default format.
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "GITHUB_WORKSPACE", "DERIVCHECK_FORMAT", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)


def run(space: dict[str, Path], *args: str, env: dict[str, str] | None = None) -> Result:
    """``derivcheck run ARGS`` with one worker and the module's cache."""
    return CliRunner().invoke(main, ["run", *args, "--jobs", "1", "--cache-dir", str(space["cache"])], env=env)


def fake_results(*results: ClaimResult) -> Callable[..., list[ClaimResult]]:
    def fake(*args: Any, **kwargs: Any) -> list[ClaimResult]:
        return list(results)

    return fake


def result(verdict: Verdict, expect: Expect = Expect.HOLDS, id: str = "x") -> ClaimResult:
    return ClaimResult(id=id, title="t", file="claims/a.yaml", line=2, verdict=verdict, expect=expect, detail="no proof, no counterexample")


# ---------------------------------------------------------------------------
# Exit statuses.
# ---------------------------------------------------------------------------


def test_0_when_every_claim_passes_and_1_when_one_fails(space: dict[str, Path]) -> None:
    assert run(space, str(space["passing"])).exit_code == 0
    assert run(space, str(space["failing"])).exit_code == 1
    assert run(space, str(space["failing"]), "--exit-zero").exit_code == 0


@pytest.mark.parametrize(
    "args",
    [
        ["frobnicate"],
        ["run", "--no-such-option"],
        ["run", "no/such/file.yaml"],
        ["run", "no-such-claim-id"],
        ["run", "all", "--shard", "3/2"],
        ["run", "all", "--jobs", "0"],
        ["run", "all", "--format", "xml"],
        ["run", "no/such/file.yaml", "--exit-zero"],
    ],
)
def test_2_for_a_usage_error_even_with_exit_zero(args: list[str]) -> None:
    out = CliRunner().invoke(main, args)
    assert out.exit_code == 2, out.output
    assert "Traceback" not in out.output


def test_a_crash_exits_2_not_1_even_with_exit_zero(space: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: Any, **kwargs: Any) -> list[ClaimResult]:
        raise RuntimeError("a bug")

    monkeypatch.setattr("derivcheck.runner.run", boom)
    out = run(space, str(space["passing"]), "--exit-zero")
    assert out.exit_code == 2
    assert "internal error" in out.stderr and "RuntimeError: a bug" in out.stderr


@pytest.mark.parametrize(
    ("verdict", "expect", "plain", "strict"),
    [
        (Verdict.UNDECIDED, Expect.HOLDS, 0, 1),
        (Verdict.TIMEOUT, Expect.HOLDS, 1, 1),
        (Verdict.INVALID, Expect.HOLDS, 1, 1),
        (Verdict.PROVED, Expect.REFUTED, 1, 1),
        (Verdict.REFUTED, Expect.REFUTED, 0, 0),
    ],
)
def test_exit_status_of_each_verdict(
    space: dict[str, Path], monkeypatch: pytest.MonkeyPatch, verdict: Verdict, expect: Expect, plain: int, strict: int
) -> None:
    monkeypatch.setattr("derivcheck.runner.run", fake_results(result(verdict, expect)))
    assert run(space, str(space["passing"])).exit_code == plain
    assert run(space, str(space["passing"]), "--strict").exit_code == strict
    assert run(space, str(space["passing"]), "--strict", "--exit-zero").exit_code == 0


# ---------------------------------------------------------------------------
# Output: quiet, verbose, version, colour.
# ---------------------------------------------------------------------------


def test_quiet_and_verbose(space: dict[str, Path]) -> None:
    full = run(space, str(space["failing"]), "--format", "concise").stdout.splitlines()
    quiet = run(space, str(space["failing"]), "--format", "concise", "-q").stdout.splitlines()
    assert len(full) == 4 and len(quiet) == 4  # every claim there fails, and the counts line
    passing = run(space, str(space["passing"]), "--format", "concise", "-q").stdout.splitlines()
    assert len(passing) == 1 and passing[0].startswith("2 claims: ")  # nothing failed: only the counts
    for fmt in ("concise", "rich"):
        assert run(space, str(space["failing"]), "--format", fmt, "-qq").stdout == ""
    plain = run(space, str(space["passing"]), "--format", "rich").stdout
    verbose = run(space, str(space["passing"]), "--format", "rich", "-v").stdout
    assert "witness: x = 1" in verbose and "witness" not in plain


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_version(flag: str) -> None:
    out = CliRunner().invoke(main, [flag])
    assert out.exit_code == 0 and out.stdout.strip() == f"derivcheck {__version__}"


#: A Select Graphic Rendition sequence; colours are its parameters 30-38, 40-48, 90-97 and 100-107.
SGR = re.compile(r"\x1b\[([0-9;]*)m")


def colours(text: str) -> set[str]:
    params = {p for m in SGR.finditer(text) for p in m.group(1).split(";")}
    return {p for p in params if re.fullmatch(r"3[0-8]|4[0-8]|9[0-7]|10[0-7]", p)}


def test_no_color_is_respected(space: dict[str, Path]) -> None:
    coloured = run(space, str(space["failing"]), "--format", "rich", env={"FORCE_COLOR": "1"}).stdout
    assert colours(coloured), "FORCE_COLOR should colour the report"
    plain = run(space, str(space["failing"]), "--format", "rich", env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout
    assert colours(plain) == set()
    assert "triple" in plain


# ---------------------------------------------------------------------------
# Formats: --output-file, DERIVCHECK_FORMAT, auto.
# ---------------------------------------------------------------------------


def test_output_file_gets_the_report_and_the_terminal_the_rich_view(space: dict[str, Path], tmp_path: Path) -> None:
    report = tmp_path / "report.xml"  # no --format: the suffix says junit
    out = run(space, str(space["failing"]), "-o", str(report), "-q")
    assert out.exit_code == 1
    root = re.search(r'<testsuites name="derivcheck" tests="(\d+)" failures="(\d+)" errors="(\d+)"', report.read_text(encoding="utf-8"))
    assert root and root.groups() == ("3", "2", "1")  # -q shortens the terminal view, not the file
    assert "<testsuites" not in out.stdout
    assert "failed" in out.stdout and "double-wrong" in out.stdout


@pytest.mark.parametrize(("fmt", "check"), [("json", json.loads), ("sarif", json.loads), ("rich", str.strip)])
def test_output_file_in_each_format(space: dict[str, Path], tmp_path: Path, fmt: str, check: Callable[[str], object]) -> None:
    report = tmp_path / "report.txt"
    assert run(space, str(space["passing"]), "--format", fmt, "-o", str(report)).exit_code == 0
    text = report.read_text(encoding="utf-8")
    assert check(text)
    assert "\x1b[" not in text
    if fmt == "rich":
        assert "double" in text and "all as expected" in text


def test_an_unwritable_output_file_is_a_usage_error(space: dict[str, Path], tmp_path: Path) -> None:
    out = run(space, str(space["passing"]), "-o", str(tmp_path / "no" / "such" / "dir" / "r.xml"))
    assert out.exit_code == 2 and "cannot write" in out.stderr


def test_derivcheck_format_environment_variable(space: dict[str, Path]) -> None:
    out = run(space, str(space["passing"]), env={"DERIVCHECK_FORMAT": "json"})
    assert json.loads(out.stdout)["summary"]["passed"] == 2
    assert run(space, str(space["passing"]), "--format", "concise", env={"DERIVCHECK_FORMAT": "json"}).stdout.startswith(str(space["passing"]))
    bad = run(space, str(space["passing"]), env={"DERIVCHECK_FORMAT": "yaml"})
    assert bad.exit_code == 2 and "yaml" in bad.stderr


def test_auto_is_github_in_actions_with_a_step_summary(space: dict[str, Path], tmp_path: Path) -> None:
    summary = tmp_path / "step-summary.md"
    out = run(space, str(space["failing"]), env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary)})
    assert out.exit_code == 1
    assert out.stdout.startswith("::error file=")
    assert summary.read_text(encoding="utf-8").startswith("### ❌ derivcheck: 3 of 3 claims failed")
    # Outside Actions, and not on a terminal: concise.
    assert run(space, str(space["failing"])).stdout.startswith(str(space["failing"]))


def test_json_is_one_document_and_nothing_else(space: dict[str, Path]) -> None:
    out = run(space, str(space["failing"]), "--format", "json")
    doc = json.loads(out.stdout)
    assert [c["id"] for c in doc["claims"]] == ["triple", "double-wrong", None]
    assert doc["summary"]["failed"] == 3


# ---------------------------------------------------------------------------
# Sharding.
# ---------------------------------------------------------------------------


def entries(out: Result) -> list[tuple[str, str | None]]:
    return [(c["file"], c["id"]) for c in json.loads(out.stdout)["claims"]]


@pytest.mark.parametrize("n", [2, 3])
def test_the_shards_together_are_every_claim_exactly_once(space: dict[str, Path], n: int) -> None:
    everything = entries(run(space, str(space["many"]), "--format", "json"))
    assert len(everything) == 8
    shards = [entries(run(space, str(space["many"]), "--format", "json", "--shard", f"{k}/{n}")) for k in range(1, n + 1)]
    union = [e for shard in shards for e in shard]
    assert sorted(union, key=str) == sorted(everything, key=str)
    assert len(set(union)) == len(union)


def test_a_claim_keeps_its_shard() -> None:
    assert [shard_of("softmax-jacobian", 4) for _ in range(3)] == [shard_of("softmax-jacobian", 4)] * 3
    assert all(1 <= shard_of(f"claim-{i}", 5) <= 5 for i in range(50))


# ---------------------------------------------------------------------------
# The schema.
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def claims_schema() -> dict[str, Any]:
    out = CliRunner().invoke(main, ["schema"])
    assert out.exit_code == 0
    schema: dict[str, Any] = json.loads(out.stdout)
    return schema


def test_schema_is_a_valid_json_schema(claims_schema: dict[str, Any]) -> None:
    validator = jsonschema.validators.validator_for(claims_schema)
    validator.check_schema(claims_schema)


@pytest.mark.skipif(not EXAMPLES.exists(), reason="../shared/examples is absent")
def test_schema_accepts_the_contract_examples(claims_schema: dict[str, Any]) -> None:
    jsonschema.validate(yaml.safe_load(EXAMPLES.read_text(encoding="utf-8")), claims_schema)


def test_schema_accepts_good_files_and_rejects_bad_ones(claims_schema: dict[str, Any]) -> None:
    for text in (PASSING_YAML, FAILING_YAML, MORE_YAML):
        jsonschema.validate(yaml.safe_load(text), claims_schema)
    for bad in ({"title": "no claims"}, {"claims": [{"id": "Not Kebab", "title": "t", "claim": "x == x"}]}):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad, claims_schema)


# ---------------------------------------------------------------------------
# Shell completion, pre-commit, GitHub Actions, the CI guide.
# ---------------------------------------------------------------------------


def test_shell_completion_script() -> None:
    out = CliRunner().invoke(main, [], prog_name="derivcheck", env={"_DERIVCHECK_COMPLETE": "bash_source"})
    assert out.exit_code == 0
    assert "_DERIVCHECK_COMPLETE=bash_complete" in out.stdout and "complete " in out.stdout


def test_pre_commit_hook() -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "derivcheck" and hook["entry"] == "derivcheck run"
    assert hook["language"] == "python" and hook["pass_filenames"] is True
    files = re.compile(hook["files"])
    assert files.search("claims/04-gradients.yaml") and files.search("claims/more/x.yml")
    assert not files.search("src/config.yaml") and not files.search("claims/notes.md")


def test_ci_workflow_runs_the_tests_and_the_claims() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    commands = "\n".join(s.get("run", "") for s in steps)
    assert "pip install '.[test]'" in commands and "pytest" in commands and "derivcheck run all" in commands
    versions = [str(s.get("with", {}).get("python-version")) for s in steps if "setup-python" in s.get("uses", "")]
    assert versions == ["3.11"]


def test_the_ci_guide_yaml_blocks_parse() -> None:
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, flags=re.S)
    assert blocks
    for block in blocks:
        yaml.safe_load(block)


# ---------------------------------------------------------------------------
# The pytest plugin.
# ---------------------------------------------------------------------------


@pytest.fixture
def plugin_project(pytester: pytest.Pytester, space: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.Pytester]:
    monkeypatch.setenv("DERIVCHECK_CACHE_DIR", str(space["cache"]))
    claims = pytester.mkdir("claims")
    (claims / "a.yaml").write_text(PASSING_YAML, encoding="utf-8")
    (claims / "b.yaml").write_text(FAILING_YAML, encoding="utf-8")
    (claims / "c.yaml").write_text(BAD_YAML, encoding="utf-8")
    yield pytester


def test_plugin_makes_each_claim_a_test(plugin_project: pytest.Pytester) -> None:
    out = plugin_project.runpytest("--derivcheck", "-p", "no:cacheprovider", "-v")
    out.assert_outcomes(passed=2, failed=2, errors=1)
    out.stdout.fnmatch_lines(
        [
            "claims/a.yaml::double PASSED*",
            "claims/a.yaml::triple-known PASSED*",
            "claims/b.yaml::triple FAILED*",
            "claims/b.yaml::double-wrong FAILED*",
            "claims/c.yaml::c.yaml ERROR*",
            "FAILED claims/b.yaml::triple - refuted at x = 1",
        ]
    )


def test_plugin_does_nothing_without_its_option(plugin_project: pytest.Pytester) -> None:
    out = plugin_project.runpytest("-p", "no:cacheprovider")
    assert out.ret == pytest.ExitCode.NO_TESTS_COLLECTED


def test_plugin_selection_and_claims_folder(plugin_project: pytest.Pytester) -> None:
    out = plugin_project.runpytest("--derivcheck", "-p", "no:cacheprovider", "-k", "double")
    out.assert_outcomes(passed=1, failed=1, deselected=3)
    other = plugin_project.mkdir("maths")
    (other / "a.yaml").write_text(PASSING_YAML, encoding="utf-8")
    out = plugin_project.runpytest("--derivcheck", "--derivcheck-claims", "maths", "-p", "no:cacheprovider")
    out.assert_outcomes(passed=2)
    out = plugin_project.runpytest("--derivcheck", "--derivcheck-claims", "nowhere", "-p", "no:cacheprovider")
    assert out.ret == pytest.ExitCode.USAGE_ERROR


@pytest.mark.parametrize("strict", [False, True])
def test_plugin_skips_undecided_claims_unless_strict(plugin_project: pytest.Pytester, monkeypatch: pytest.MonkeyPatch, strict: bool) -> None:
    import derivcheck.pytest_plugin

    def undecided(selection: Any, options: Any) -> list[ClaimResult]:
        return [ClaimResult.for_claim(c, Verdict.UNDECIDED, detail="consistent at 200 points") for c in selection.claims]

    monkeypatch.setattr(derivcheck.pytest_plugin, "run", undecided)
    if strict:
        plugin_project.makepyprojecttoml("[tool.derivcheck]\nstrict = true\n")
    out = plugin_project.runpytest("--derivcheck", "-p", "no:cacheprovider", "-rs")
    if strict:
        out.assert_outcomes(failed=4, errors=1)  # four undecided claims; the unreadable file is an error
    else:
        out.assert_outcomes(skipped=4, errors=1)
        out.stdout.fnmatch_lines(["SKIPPED*undecided: consistent at 200 points"])
