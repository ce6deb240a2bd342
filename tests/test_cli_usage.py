"""What a ruff, mypy or pytest user does next: pick claims, stop early, count, colour, watch, complete.

Claims run on small folders in a temporary directory with one cache for the
module, so each claim is checked once.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from conftest import BAD_YAML, FAILING_YAML, PASSING_YAML
from derivcheck.cli import main
from derivcheck.loader import load_text
from derivcheck.model import ClaimResult, Expect, Verdict
from derivcheck.summary import summarize

ROOT = Path(__file__).resolve().parents[1]

LONG_ID = "lr-sigmoid-derivative-steps-with-a-long-name"
LONG_YAML = f"""\
claims:
  - id: {LONG_ID}
    title: a long id, which must be shown whole wherever it is listed
    symbols: {{x: real}}
    claim: x + x == 2*x
"""


@pytest.fixture(scope="module")
def space(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("usage")
    claims = root / "claims"
    claims.mkdir()
    (claims / "a.yaml").write_text(PASSING_YAML, encoding="utf-8")
    (claims / "b.yaml").write_text(FAILING_YAML, encoding="utf-8")
    (claims / "c.yaml").write_text(LONG_YAML, encoding="utf-8")
    (root / "empty").mkdir()
    return {"root": root, "claims": claims, "empty": root / "empty", "cache": root / "cache"}


@pytest.fixture(autouse=True)
def _clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY", "GITHUB_WORKSPACE", "DERIVCHECK_FORMAT", "NO_COLOR", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)


def dc(space: dict[str, Path], *args: str, env: dict[str, str] | None = None) -> Result:
    """``derivcheck ARGS`` with the module's claims folder, one worker and the module's cache."""
    command, *rest = args
    extra = ["--jobs", "1", "--cache-dir", str(space["cache"])] if command == "run" else []
    return CliRunner().invoke(main, [command, *rest, "--claims", str(space["claims"]), *extra], env=env)


def ids(out: Result) -> list[str | None]:
    return [c["id"] for c in json.loads(out.stdout)["claims"]]


# ---------------------------------------------------------------------------
# 7. Picking claims: --select, --exclude, globs; list --format json; whole ids.
# ---------------------------------------------------------------------------


def test_a_glob_target_runs_the_claims_it_matches(space: dict[str, Path]) -> None:
    out = dc(space, "run", "triple*", "--format", "json")
    assert out.exit_code == 1 and ids(out) == ["triple-known", "triple"]
    missing = dc(space, "run", "nothing-*")
    assert missing.exit_code == 2 and "no claim matches 'nothing-*'" in missing.stderr


def test_select_and_exclude_take_id_globs(space: dict[str, Path]) -> None:
    out = dc(space, "run", "all", "--select", "double*,triple", "--exclude", "double-wrong", "--format", "json")
    assert ids(out) == ["double", "triple"]
    out = dc(space, "run", "all", "--exclude", "*-wrong", "--exclude", "triple", "--format", "json")
    assert out.exit_code == 0 and ids(out) == ["double", "triple-known", LONG_ID]
    bad = dc(space, "run", "all", "--select", "dubble")
    assert bad.exit_code == 2 and "--select 'dubble' matches no claim (did you mean 'double'?)" in bad.stderr


def test_list_as_json_and_selected(space: dict[str, Path]) -> None:
    out = dc(space, "list", "--format", "json", "--select", "double*")
    doc = json.loads(out.stdout)
    assert [(c["id"], c["expect"], Path(c["file"]).name, c["line"]) for c in doc["claims"]] == [
        ("double", "holds", "a.yaml", 2),
        ("double-wrong", "refuted", "b.yaml", 6),
    ]


def shown_id(text: str) -> str:
    """The long id as a table shows it: read down its column when it is folded onto more lines."""
    lines = text.splitlines()
    i = next(k for k, line in enumerate(lines) if "lr-" in line)
    col = lines[i].index("lr-")
    piece = lines[i][col:].split()[0]
    for line in lines[i + 1 :]:
        rest = line[col:].split()
        if len(piece) >= len(LONG_ID) or not rest or line[:col].strip():
            break
        piece += rest[0]
    return piece


@pytest.mark.parametrize("columns", ["40", "60", "120"])
def test_ids_are_never_cut_when_piped_or_narrow(space: dict[str, Path], columns: str) -> None:
    env = {"COLUMNS": columns}
    for out in (dc(space, "list", "--format", "rich", env=env), dc(space, "run", "all", "--format", "rich", env=env)):
        # Folded onto a second line at worst, never shortened: the id is all there.
        assert shown_id(out.stdout) == LONG_ID, out.stdout
    piped = dc(space, "list", env=env).stdout.splitlines()  # not a terminal: one plain line per claim
    assert any(line.endswith(f": {LONG_ID}  a long id, which must be shown whole wherever it is listed") for line in piped)


# ---------------------------------------------------------------------------
# 2. Green runs that checked nothing say so; the bundled fallback says so.
# ---------------------------------------------------------------------------


def test_an_empty_folder_warns_that_nothing_was_checked(space: dict[str, Path]) -> None:
    out = CliRunner().invoke(main, ["run", "all", "--claims", str(space["empty"]), "--format", "github"])
    assert out.exit_code == 0  # the contract: every claim checked passes (there is none)
    assert "warning: no claims found in" in out.stderr and "nothing was checked" in out.stderr
    assert "::warning title=derivcheck::no claims were checked" in out.stdout


def test_without_a_claims_folder_the_bundled_claims_are_announced(tmp_path: Path, space: dict[str, Path]) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "derivcheck", "run", "all", "--select", "softmax-jacobian", "--format", "json", "--jobs", "1"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "DERIVCHECK_CACHE_DIR": str(space["cache"])},
    )
    assert proc.returncode == 0, proc.stderr
    assert "checking the bundled assignment claims" in proc.stderr
    assert [c["id"] for c in json.loads(proc.stdout)["claims"]] == ["softmax-jacobian"]


# ---------------------------------------------------------------------------
# 10. -x, --statistics, --color.
# ---------------------------------------------------------------------------


def test_exit_first_stops_at_the_first_failure(space: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str] = []

    def run(selection: Any, options: Any, stop: Any = None, **hooks: Any) -> list[ClaimResult]:
        out = []
        for claim in selection.claims:  # the order a real run may deliver them in
            verdict = Verdict.REFUTED if claim.id.startswith("triple") else Verdict.PROVED
            r = ClaimResult.for_claim(claim, verdict)
            seen.append(claim.id)
            out.append(r)
            if stop is not None and stop(r):
                break
        return out

    monkeypatch.setattr("derivcheck.runner.run", run)
    out = dc(space, "run", "all", "-x", "--format", "json")
    assert out.exit_code == 1
    assert ids(out) == ["double", "triple-known", "triple"]  # triple-known is expected refuted: it passes
    assert "stopped at the first failure (-x): 2 of 5 claims not checked" in out.stderr


def test_exit_first_through_the_real_runner(space: dict[str, Path]) -> None:
    out = dc(space, "run", str(space["claims"] / "b.yaml"), "-x", "--format", "json", "--no-cache")
    assert out.exit_code == 1 and len(ids(out)) == 1


def test_statistics_per_file_and_verdict(space: dict[str, Path]) -> None:
    doc = json.loads(dc(space, "run", "all", "--statistics", "--format", "json").stdout)
    per_file = {Path(s["file"]).name: (s["proved"], s["refuted"], s["passed"], s["failed"]) for s in doc["statistics"]}
    assert per_file == {"a.yaml": (1, 1, 2, 0), "b.yaml": (1, 1, 0, 2), "c.yaml": (1, 0, 1, 0)}
    assert len(doc["claims"]) == 5  # the contract's keys stay
    concise = dc(space, "run", "all", "--statistics", "--format", "concise").stdout.splitlines()
    assert [line.split(": ", 1)[0].rsplit("/", 1)[-1] for line in concise[:-1]] == ["a.yaml", "b.yaml", "c.yaml"]
    assert concise[-1].startswith("5 claims: 3 proved, 2 refuted")
    rich = dc(space, "run", "all", "--statistics", "--format", "rich", env={"COLUMNS": "100"}).stdout
    assert re.search(r"\s1\s+1\s+0\s+0\s+0\s+0\s+2\n", rich) and re.search(r"all\s+3\s+2\s+0\s+0\s+0\s+3\s+2", rich)


SGR = re.compile(r"\x1b\[[0-9;]*m")


def test_color_always_never_and_auto(space: dict[str, Path]) -> None:
    always = dc(space, "run", "all", "--format", "rich", "--color", "always").stdout
    assert SGR.search(always)
    never = dc(space, "run", "all", "--format", "rich", "--color", "never", env={"FORCE_COLOR": "1"}).stdout
    assert not SGR.search(never) and "triple" in never
    auto = dc(space, "run", "all", "--format", "rich").stdout  # not a terminal
    assert not SGR.search(auto)
    assert SGR.search(dc(space, "list", "--format", "rich", "--color", "always").stdout)


# ---------------------------------------------------------------------------
# 9. Small ones: the job summary, the counts, the config's words, the known error not found.
# ---------------------------------------------------------------------------


def test_an_unwritable_job_summary_warns_and_the_run_still_passes(space: dict[str, Path], tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "folder" / "summary.md"
    out = dc(space, "run", str(space["claims"] / "a.yaml"), env={"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(target)})
    assert out.exit_code == 0, out.output
    assert "warning: cannot write the job summary" in out.stderr and "Traceback" not in out.output


def result(verdict: Verdict, expect: Expect = Expect.HOLDS) -> ClaimResult:
    return ClaimResult(id="x", title="t", file="a.yaml", line=1, verdict=verdict, expect=expect)


def test_the_summary_adds_up() -> None:
    results = [result(Verdict.PROVED)] * 3 + [result(Verdict.REFUTED)] * 5 + [result(Verdict.INVALID), result(Verdict.UNDECIDED)]
    s = summarize(results).to_dict()
    assert (s["passed"], s["failed"], s["skipped"], s["total"]) == (3, 6, 1, 10)
    assert s["passed"] + s["failed"] + s["skipped"] == s["total"]
    strict = summarize(results, strict=True).to_dict()
    assert (strict["failed"], strict["skipped"]) == (7, 0)


def test_a_known_error_that_comes_back_undecided_is_visible(space: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    def run(selection: Any, options: Any, **hooks: Any) -> list[ClaimResult]:
        return [ClaimResult.for_claim(c, Verdict.UNDECIDED if c.expect is Expect.REFUTED else Verdict.PROVED) for c in selection.claims]

    monkeypatch.setattr("derivcheck.runner.run", run)
    a = str(space["claims"] / "a.yaml")
    rich = dc(space, "run", a, "--format", "rich").stdout
    assert "1 known error not found" in rich and "all as expected" not in rich
    concise = dc(space, "run", a, "--format", "concise")
    assert concise.exit_code == 0 and "1 known error not found" in concise.stdout.splitlines()[-1]
    doc = json.loads(dc(space, "run", a, "--format", "json").stdout)
    assert doc["summary"]["missed"] == 1
    assert dc(space, "run", a, "--format", "markdown").stdout.startswith("### ⚠️ derivcheck: 2 claims, 1 known error not found")


def test_a_bad_config_value_is_written_as_toml_writes_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "claims").mkdir()
    (tmp_path / "pyproject.toml").write_text("[tool.derivcheck]\ntimeout = true\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out = CliRunner().invoke(main, ["run", "all"])
    assert out.exit_code == 2
    assert "timeout must be a number of seconds, not true" in out.stderr and "True" not in out.stderr


# ---------------------------------------------------------------------------
# 3. Completion, through click's own protocol (what the bash script asks).
# ---------------------------------------------------------------------------


def complete(space: dict[str, Path], words: str, monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """What ``derivcheck WORDS<TAB>`` offers in bash: (type, value) pairs."""
    monkeypatch.chdir(space["root"])  # ./claims is the module's folder
    args = ["derivcheck", *words.split(" ")]
    env = {"_DERIVCHECK_COMPLETE": "bash_complete", "COMP_WORDS": " ".join(args), "COMP_CWORD": str(len(args) - 1)}
    out = CliRunner().invoke(main, [], prog_name="derivcheck", env=env)
    assert out.exit_code == 0, out.output
    return [tuple(line.split(",", 1)) for line in out.stdout.splitlines() if line]  # type: ignore[misc]


def test_run_completes_all_ids_and_paths(space: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    offered = complete(space, "run ", monkeypatch)
    assert offered[0] == ("file", "")  # bash falls back to paths when nothing else matches
    assert {v for t, v in offered if t == "plain"} == {"all", "double", "triple-known", "triple", "double-wrong", LONG_ID}
    assert complete(space, "run tr", monkeypatch) == [("file", "tr"), ("plain", "triple"), ("plain", "triple-known")]
    assert complete(space, "run claims/", monkeypatch) == [("file", "claims/")]


def test_explain_and_select_complete_ids(space: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    assert complete(space, "explain dou", monkeypatch) == [("plain", "double"), ("plain", "double-wrong")]
    assert complete(space, "run all --select double,tr", monkeypatch) == [("plain", "double,triple"), ("plain", "double,triple-known")]


def test_completion_never_fails_on_a_broken_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "x.yaml").write_text(BAD_YAML, encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text("[tool.derivcheck]\njobs = ", encoding="utf-8")
    assert complete({"root": tmp_path}, "explain ", monkeypatch) == []


# ---------------------------------------------------------------------------
# 10. --watch: which claims a save touches, and the loop, for a bounded number of rounds.
# ---------------------------------------------------------------------------

BEFORE = PASSING_YAML
AFTER = (
    "claims:\n  - id: extra\n    title: a new claim\n    symbols: {x: real}\n    claim: 2*x == x + x\n"
    + PASSING_YAML.removeprefix("claims:\n").replace("claim: x + x == 3*x", "claim: x + x == 4*x")
)


def test_touched_claims_are_the_new_and_changed_ones_of_the_changed_files() -> None:
    from derivcheck.watch import touched

    before = [load_text(BEFORE, "a.yaml"), load_text(FAILING_YAML, "b.yaml")]
    after = [load_text(AFTER, "a.yaml"), load_text(FAILING_YAML, "b.yaml")]
    claims, failures = touched(before, after, {"a.yaml"})
    # double moved down (a claim was added above it) but is unchanged: not touched.
    assert [c.id for c in claims] == ["extra", "triple-known"] and failures == []
    assert touched(before, after, {"b.yaml"}) == ([], [])
    broken = touched(before, [load_text(BAD_YAML, "a.yaml")], {"a.yaml"})
    assert broken[0] == [] and len(broken[1]) == 1


def test_changed_files_between_snapshots(tmp_path: Path) -> None:
    from derivcheck.watch import changed_files, snapshot

    (tmp_path / "a.yaml").write_text(BEFORE, encoding="utf-8")
    (tmp_path / "notes.md").write_text("not a claims file", encoding="utf-8")
    first = snapshot([tmp_path])
    assert list(first) == [tmp_path / "a.yaml"]
    (tmp_path / "a.yaml").write_text(AFTER, encoding="utf-8")
    (tmp_path / "b.yml").write_text(FAILING_YAML, encoding="utf-8")
    assert changed_files(first, snapshot([tmp_path])) == {tmp_path / "a.yaml", tmp_path / "b.yml"}


def test_the_watch_loop_reports_each_save(tmp_path: Path) -> None:
    from derivcheck.watch import loop

    path = tmp_path / "a.yaml"
    path.write_text(BEFORE, encoding="utf-8")
    saves = iter([AFTER, None, BEFORE + "\n"])
    seen: list[set[Path]] = []

    def sleep(seconds: float) -> None:  # a save between two looks, or none
        text = next(saves)
        if text is not None:
            path.write_text(text, encoding="utf-8")
            os.utime(path, ns=(path.stat().st_mtime_ns + 10**9,) * 2)  # a new stamp even on a coarse clock

    loop([tmp_path], seen.append, rounds=3, sleep=sleep)
    assert seen == [{path}, {path}]


def test_run_watch_checks_again_what_a_save_touched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, space: dict[str, Path]) -> None:
    import derivcheck.watch

    claims = tmp_path / "claims"
    claims.mkdir()
    (claims / "a.yaml").write_text(BEFORE, encoding="utf-8")
    real_loop = derivcheck.watch.loop

    def one_save(roots: Any, on_change: Any, **kwargs: Any) -> None:
        def sleep(seconds: float) -> None:
            (claims / "a.yaml").write_text(AFTER, encoding="utf-8")
            os.utime(claims / "a.yaml", ns=((claims / "a.yaml").stat().st_mtime_ns + 10**9,) * 2)

        real_loop(roots, on_change, rounds=1, sleep=sleep, **kwargs)

    monkeypatch.setattr(derivcheck.watch, "loop", one_save)
    out = CliRunner().invoke(main, ["run", "all", "--claims", str(claims), "--watch", "--format", "concise", "--jobs", "1", "--cache-dir", str(space["cache"])])
    runs = [line for line in out.stdout.splitlines() if re.match(r"\d+ claims?: ", line)]
    assert runs[0].startswith("2 claims:") and runs[1].startswith("2 claims:"), out.stdout
    second = out.stdout.split(runs[0], 1)[1]
    assert " extra proved" in second and " triple-known refuted" in second and " double " not in second
    assert "watching" in out.stderr
