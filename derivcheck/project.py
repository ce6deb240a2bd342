"""Where the claims are, and the project's settings in ``[tool.derivcheck]``.

The claims folder is ``./claims``, or the folder named by ``claims = "..."``
under ``[tool.derivcheck]`` in the nearest ``pyproject.toml`` above the working
directory; where there is neither, the assignment's claims bundled with the
package, so that ``derivcheck run all`` works right after installation.
"""

from __future__ import annotations

import fnmatch
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from derivcheck.errors import UsageError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

CACHE_DIR_NAME = ".derivcheck_cache"
ENV_VAR = "DERIVCHECK_CACHE_DIR"

@dataclass(frozen=True)
class Config:
    """Settings from ``[tool.derivcheck]`` (command-line options override them)."""

    claims: Path | None = None
    jobs: int | None = None
    timeout: float | None = None
    strict: bool | None = None
    format: str | None = None  # a format's name: derivcheck.options.check_format checks it against the table
    exclude: tuple[str, ...] = ()
    origin: Path | None = None  # the pyproject.toml they came from
    latex_check: bool | None = None  # ``latex-check``: compare each claim with its latex (default true)


@dataclass(frozen=True)
class Project:
    """The claims folder to use, and why."""

    claims_dir: Path
    config: Config = field(default_factory=Config)
    bundled: bool = False

    @property
    def root(self) -> Path:
        """The project's root: where the pyproject.toml that configured derivcheck
        stands, else the claims folder's parent; for the bundled claims (no
        project at all), the working directory."""
        if self.config.origin is not None:
            return self.config.origin.parent
        if self.bundled:
            return Path.cwd()
        return self.claims_dir.resolve().parent

    def cache_dir(self, explicit: str | os.PathLike[str] | None = None) -> Path:
        """Where cached results are kept: ``--cache-dir``, ``$DERIVCHECK_CACHE_DIR``, else
        ``.derivcheck_cache`` at the project's root, whatever folder below it a run starts in
        (so the terminal, pytest and pre-commit share one cache, as ruff's and mypy's)."""
        return default_dir(explicit, root=self.root)


def default_dir(explicit: str | os.PathLike[str] | None = None, root: Path | None = None) -> Path:
    """``--cache-dir``, else ``$DERIVCHECK_CACHE_DIR``, else ``.derivcheck_cache`` in ``root``
    (the project's root, see :meth:`Project.cache_dir`; default the working directory)."""
    if explicit:
        return Path(explicit)
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    return (root or Path.cwd()) / CACHE_DIR_NAME


def find_pyproject(start: Path) -> Path | None:
    """The nearest ``pyproject.toml`` at or above ``start`` that has ``[tool.derivcheck]``.

    Raises:
        UsageError: a pyproject.toml that mentions ``tool.derivcheck`` but is not valid TOML.
    """
    for folder in [start, *start.parents]:
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                text = candidate.read_text(encoding="utf-8")
                data = tomllib.loads(text)
            except tomllib.TOMLDecodeError as exc:
                # Skipping it would silently run without the settings its author wrote.
                if "tool.derivcheck" in text:
                    raise UsageError(f"{candidate}: not valid TOML: {exc}") from None
                continue
            except (OSError, UnicodeDecodeError):
                continue
            if "derivcheck" in data.get("tool", {}):
                return candidate
    return None


def load_config(path: Path) -> Config:
    """Read and check ``[tool.derivcheck]`` of a pyproject.toml.

    Raises:
        UsageError: a value of the wrong type or an unknown key (exit status 2).
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise UsageError(f"{path}: cannot read: {exc}") from None
    section: dict[str, Any] = data.get("tool", {}).get("derivcheck", {})
    known = {"claims", "jobs", "timeout", "strict", "format", "exclude", "latex-check"}
    for key in section:
        if key not in known:
            import difflib  # only for this message: `derivcheck --version` starts without it

            hint = difflib.get_close_matches(key, sorted(known), n=1)
            did = f" (did you mean '{hint[0]}'?)" if hint else ""
            raise UsageError(f"{path}: unknown key '{key}' in [tool.derivcheck]{did}")

    def want(key: str, types: tuple[type, ...], what: str) -> Any:
        value = section.get(key)
        if value is None:
            return None
        if (isinstance(value, bool) and bool not in types) or not isinstance(value, types):
            raise UsageError(f"{path}: [tool.derivcheck] {key} must be {what}, not {_toml(value)}")
        return value

    claims = want("claims", (str,), "a folder path (a string)")
    jobs = want("jobs", (int,), "a whole number of worker processes")
    if jobs is not None and jobs < 1:
        raise UsageError(f"{path}: [tool.derivcheck] jobs must be at least 1, not {jobs}")
    timeout = want("timeout", (int, float), "a number of seconds")
    if timeout is not None and timeout <= 0:
        raise UsageError(f"{path}: [tool.derivcheck] timeout must be positive, not {timeout}")
    strict = want("strict", (bool,), "true or false")
    latex_check = want("latex-check", (bool,), "true or false")
    # Which names are formats is the renderers' table (derivcheck.options.check_format checks it).
    fmt = want("format", (str,), "the name of a report format (a string)")
    exclude = want("exclude", (list,), "a list of glob patterns")
    if exclude is not None and not all(isinstance(x, str) for x in exclude):
        raise UsageError(f"{path}: [tool.derivcheck] exclude must be a list of strings")
    return Config(
        claims=(path.parent / claims) if claims else None,
        jobs=jobs,
        timeout=float(timeout) if timeout is not None else None,
        strict=strict,
        format=fmt,
        exclude=tuple(exclude or ()),
        origin=path,
        latex_check=latex_check,
    )


def _toml(value: object) -> str:
    """A value as it is written in the TOML file, for messages (``true``, not Python's ``True``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        import json  # only for this message: `derivcheck --version` starts without it

        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "a table"
    return str(value)


def bundled_claims() -> Path:
    """The assignment's claims shipped inside the package."""
    here = Path(__file__).resolve().parent
    inside = here / "bundled"
    if inside.is_dir():
        return inside
    # A source checkout or an editable install: the top-level claims folder.
    return here.parent / "claims"


def locate(cwd: Path | None = None) -> Project:
    """Find the claims folder for ``run all`` and ``explain``.

    Raises:
        UsageError: a bad ``[tool.derivcheck]`` section, or a configured folder that is missing.
    """
    cwd = cwd or Path.cwd()
    pyproject = find_pyproject(cwd)
    config = load_config(pyproject) if pyproject else Config()
    if config.claims is not None:
        if not config.claims.is_dir():
            raise UsageError(f"{config.origin}: the claims folder {config.claims} does not exist")
        return Project(config.claims, config)
    local = cwd / "claims"
    if local.is_dir():
        return Project(local, config)
    return Project(bundled_claims(), config, bundled=True)


def claim_files(paths: list[Path], exclude: tuple[str, ...] = ()) -> list[Path]:
    """Every ``*.yaml``/``*.yml`` file under the given files and folders, sorted.

    Raises:
        UsageError: a path that does not exist.
    """
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            found = sorted(q for q in p.rglob("*") if q.suffix in (".yaml", ".yml") and q.is_file())
            out.extend(q for q in found if not _excluded(q, p, exclude))
        elif p.is_file():
            out.append(p)
        else:
            raise UsageError(f"no such file or folder: {p}")
    seen: set[Path] = set()
    unique = []
    for q in out:
        key = q.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(q)
    return unique


def _excluded(path: Path, root: Path, patterns: tuple[str, ...]) -> bool:
    rel = path.relative_to(root).as_posix()
    return any(fnmatch.fnmatch(rel, pat) or fnmatch.fnmatch(path.name, pat) for pat in patterns)


def display_path(path: Path) -> str:
    """A path as shown in messages: relative to the working directory when below it."""
    try:
        return os.path.relpath(path) if not os.path.relpath(path).startswith("..") else str(path)
    except ValueError:
        return str(path)
