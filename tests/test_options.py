"""The settings of a run are merged in one place: defaults < [tool.derivcheck] < the command line."""

from __future__ import annotations

from pathlib import Path

import pytest

from derivcheck.options import settings
from derivcheck.project import Config, Project
from derivcheck.runner import DEFAULT_TIMEOUT
from derivcheck.workers import DEFAULT_MEMORY_MB


@pytest.fixture(autouse=True)
def _no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # The suite points the cache elsewhere; these tests are about where it goes unless told.
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    monkeypatch.delenv("DERIVCHECK_CACHE_DIR", raising=False)


@pytest.fixture
def configured(tmp_path: Path) -> Project:
    config = Config(jobs=3, timeout=7.5, strict=True, format="junit", origin=tmp_path / "pyproject.toml")
    return Project(tmp_path / "claims", config)


def test_without_a_config_or_an_option_the_defaults_hold(tmp_path: Path) -> None:
    merged = settings(Project(tmp_path / "claims"))
    assert (merged.run.jobs, merged.run.timeout, merged.run.memory_mb) == (0, DEFAULT_TIMEOUT, DEFAULT_MEMORY_MB)
    assert merged.strict is False and merged.fmt in ("rich", "concise")
    assert merged.run.cache_dir == tmp_path / ".derivcheck_cache"


def test_the_config_overrides_the_defaults(configured: Project) -> None:
    merged = settings(configured)
    assert (merged.run.jobs, merged.run.timeout, merged.strict, merged.fmt) == (3, 7.5, True, "junit")
    assert merged.run.cache_dir == configured.root / ".derivcheck_cache"


def test_the_command_line_overrides_the_config(configured: Project, tmp_path: Path) -> None:
    merged = settings(configured, fmt="json", strict=False, jobs=1, timeout=2.0, cache_dir=tmp_path / "c", memory_mb=512)
    assert (merged.run.jobs, merged.run.timeout, merged.strict, merged.fmt) == (1, 2.0, False, "json")
    assert (merged.run.cache_dir, merged.run.memory_mb) == (tmp_path / "c", 512)


def test_a_report_file_names_the_format_before_the_config(configured: Project) -> None:
    assert settings(configured, output_file="report.sarif").fmt == "sarif"
    assert settings(configured, fmt="markdown", output_file="report.sarif").fmt == "markdown"


def test_the_mathematics_is_printed_for_the_formats_that_show_it(configured: Project) -> None:
    assert settings(configured, fmt="html").run.display is True
    assert settings(configured, fmt="json").run.display is False
    assert settings(configured, fmt="html", display=False).run.display is False
