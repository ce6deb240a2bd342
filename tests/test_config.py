"""``[tool.derivcheck]`` in pyproject.toml: where it is found, what it sets, what overrides it, what it rejects."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from derivcheck.cli import main
from derivcheck.errors import UsageError
from derivcheck.model import ClaimResult, Verdict
from derivcheck.project import load_config, locate
from derivcheck.runner import RunOptions

CLAIMS_YAML = """\
claims:
  - id: double
    title: x plus x is 2x
    symbols: {x: real}
    claim: x + x == 2*x
"""

DRAFT_YAML = """\
claims:
  - id: draft-wrong
    title: a draft that is wrong
    symbols: {x: real}
    claim: x + x == 3*x
"""


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("config-cache")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cache: Path) -> Path:
    """A project with its claims in docs/maths, and the working directory in a folder below it."""
    for name in ("GITHUB_ACTIONS", "DERIVCHECK_FORMAT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DERIVCHECK_CACHE_DIR", str(cache))
    maths = tmp_path / "docs" / "maths"
    (maths / "drafts").mkdir(parents=True)
    (maths / "a.yaml").write_text(CLAIMS_YAML, encoding="utf-8")
    (maths / "drafts" / "wrong.yaml").write_text(DRAFT_YAML, encoding="utf-8")
    below = tmp_path / "src" / "package"
    below.mkdir(parents=True)
    monkeypatch.chdir(below)
    return tmp_path


def configure(root: Path, body: str) -> None:
    (root / "pyproject.toml").write_text(f'[project]\nname = "demo"\n\n[tool.derivcheck]\n{body}\n', encoding="utf-8")


def derivcheck(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env=env)


def ids(out: Result) -> list[str]:
    return [c["id"] for c in json.loads(out.stdout)["claims"]]


# ---------------------------------------------------------------------------
# Where the claims are.
# ---------------------------------------------------------------------------


def test_run_all_below_the_pyproject_checks_the_configured_folder(project: Path) -> None:
    configure(project, 'claims = "docs/maths"\nexclude = ["drafts/*"]')
    out = derivcheck("run", "all", "--format", "json", "--jobs", "1")
    assert out.exit_code == 0, out.output
    doc = json.loads(out.stdout)
    assert [c["id"] for c in doc["claims"]] == ["double"]
    assert Path(doc["claims"][0]["file"]).resolve() == (project / "docs" / "maths" / "a.yaml").resolve()
    assert locate().claims_dir == project / "docs" / "maths"


def test_without_exclude_every_file_of_the_folder_runs(project: Path) -> None:
    configure(project, 'claims = "docs/maths"')
    out = derivcheck("run", "all", "--format", "json", "--jobs", "1")
    assert out.exit_code == 1
    assert sorted(ids(out)) == ["double", "draft-wrong"]


def test_claims_option_overrides_the_configured_folder(project: Path) -> None:
    configure(project, 'claims = "docs/maths"')
    out = derivcheck("run", "all", "--claims", str(project / "docs" / "maths" / "drafts"), "--format", "json", "--jobs", "1")
    assert ids(out) == ["draft-wrong"]


def test_a_nearer_pyproject_without_the_section_is_passed_over(project: Path) -> None:
    configure(project, 'claims = "docs/maths"')
    (project / "src" / "pyproject.toml").write_text('[project]\nname = "inner"\n', encoding="utf-8")
    assert locate().claims_dir == project / "docs" / "maths"


# ---------------------------------------------------------------------------
# What the command line overrides.
# ---------------------------------------------------------------------------


def test_format_from_config_then_environment_then_option(project: Path) -> None:
    configure(project, 'claims = "docs/maths"\nexclude = ["drafts/*"]\nformat = "json"')
    assert ids(derivcheck("run", "all", "--jobs", "1")) == ["double"]
    concise = derivcheck("run", "all", "--jobs", "1", env={"DERIVCHECK_FORMAT": "concise"}).stdout
    assert concise.splitlines()[-1].startswith("1 claims:")
    junit = derivcheck("run", "all", "--jobs", "1", "--format", "junit", env={"DERIVCHECK_FORMAT": "concise"}).stdout
    assert junit.startswith("<?xml")


@pytest.fixture
def captured(monkeypatch: pytest.MonkeyPatch) -> list[RunOptions]:
    """Stand in for the runner: record the options it is given, and return one undecided claim."""
    seen: list[RunOptions] = []

    def fake(selection: Any, options: RunOptions, **hooks: Any) -> list[ClaimResult]:
        seen.append(options)
        return [ClaimResult(id="hard", title="t", file="a.yaml", line=2, verdict=Verdict.UNDECIDED)]

    monkeypatch.setattr("derivcheck.runner.run", fake)
    return seen


def test_jobs_and_timeout_from_config_and_overridden(project: Path, captured: list[RunOptions]) -> None:
    configure(project, 'claims = "docs/maths"\njobs = 3\ntimeout = 7.5')
    derivcheck("run", "all")
    derivcheck("run", "all", "--jobs", "1", "--timeout", "2")
    assert [(o.jobs, o.timeout) for o in captured] == [(3, 7.5), (1, 2.0)]


def test_strict_from_config_and_no_strict_overrides_it(project: Path, captured: list[RunOptions]) -> None:
    configure(project, 'claims = "docs/maths"\nstrict = true')
    assert derivcheck("run", "all").exit_code == 1
    assert derivcheck("run", "all", "--no-strict").exit_code == 0
    configure(project, 'claims = "docs/maths"')
    assert derivcheck("run", "all").exit_code == 0
    assert derivcheck("run", "all", "--strict").exit_code == 1


# ---------------------------------------------------------------------------
# What it rejects: exit status 2 and a message that names the key.
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("jobs = 0", "jobs must be at least 1"),
        ('jobs = "two"', "jobs must be a whole number"),
        ("jobs = true", "jobs must be a whole number"),
        ("timeout = -1", "timeout must be positive"),
        ('timeout = "fast"', "timeout must be a number"),
        ('strict = "yes"', "strict must be true or false"),
        ('format = "xml"', "format must be one of"),
        ("claims = 3", "claims must be a folder path"),
        ('claims = "no/such/folder"', "does not exist"),
        ('exclude = "drafts"', "exclude must be a list"),
        ("exclude = [1]", "exclude must be a list of strings"),
        ('clams = "docs/maths"', "unknown key 'clams' in [tool.derivcheck] (did you mean 'claims'?)"),
        ('claims = "docs/maths', "not valid TOML"),
    ],
)
def test_a_bad_value_exits_2_with_a_clear_message(project: Path, body: str, words: str) -> None:
    configure(project, body)
    for command in (["run", "all"], ["list"], ["explain", "double"]):
        out = derivcheck(*command)
        assert out.exit_code == 2, (command, out.output)
        assert "pyproject.toml" in out.stderr and words in out.stderr, out.stderr
        assert "Traceback" not in out.output


def test_load_config_reads_every_key(tmp_path: Path) -> None:
    configure(tmp_path, 'claims = "maths"\njobs = 2\ntimeout = 5\nstrict = false\nformat = "sarif"\nexclude = ["x/*"]')
    config = load_config(tmp_path / "pyproject.toml")
    assert (config.claims, config.jobs, config.timeout, config.strict, config.format, config.exclude) == (
        tmp_path / "maths",
        2,
        5.0,
        False,
        "sarif",
        ("x/*",),
    )
    assert isinstance(config.timeout, float)


def test_an_unrelated_broken_pyproject_is_not_our_business(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text("[project\nname = ", encoding="utf-8")
    (tmp_path / "claims").mkdir()
    assert locate(tmp_path).claims_dir == tmp_path / "claims"
    (tmp_path / "pyproject.toml").write_text("[tool.derivcheck]\njobs = ", encoding="utf-8")
    with pytest.raises(UsageError, match="not valid TOML"):
        locate(tmp_path)


# ---------------------------------------------------------------------------
# Where the cache is: at the project's root, whatever folder a run starts in.
# ---------------------------------------------------------------------------


def test_the_cache_is_at_the_project_root_not_the_working_directory(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DERIVCHECK_CACHE_DIR")
    configure(project, 'claims = "docs/maths"\nexclude = ["drafts/*"]')
    first = json.loads(derivcheck("run", "all", "--format", "json", "--jobs", "1").stdout)
    assert (project / ".derivcheck_cache" / "CACHEDIR.TAG").is_file()
    assert not (Path.cwd() / ".derivcheck_cache").exists()
    # Another folder of the same project starts warm.
    monkeypatch.chdir(project / "docs")
    again = json.loads(derivcheck("run", "all", "--format", "json", "--jobs", "1").stdout)
    assert [c["cached"] for c in first["claims"]] == [False] and [c["cached"] for c in again["claims"]] == [True]
    assert "removed 1 cached result" in derivcheck("clean").stdout


def test_without_a_pyproject_the_cache_is_beside_the_claims_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DERIVCHECK_CACHE_DIR")
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "a.yaml").write_text(CLAIMS_YAML, encoding="utf-8")
    assert locate(tmp_path).cache_dir() == tmp_path / ".derivcheck_cache"
    assert locate(tmp_path).cache_dir("elsewhere") == Path("elsewhere")
    monkeypatch.setenv("DERIVCHECK_CACHE_DIR", str(tmp_path / "env"))
    assert locate(tmp_path).cache_dir() == tmp_path / "env"
