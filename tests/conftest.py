"""Shared test settings: every test gets its own cache folder, never the repository's."""

from __future__ import annotations

import compileall
import sys
from pathlib import Path
from typing import Iterator

import hypothesis
import pytest

#: The contract's examples live beside the checkout, in ../shared (absent outside CI).
SHARED = Path(__file__).resolve().parents[2] / "shared"
EXAMPLES = SHARED / "examples" / "claim-format-examples.yaml"

PACKAGE = Path(__file__).resolve().parents[1] / "derivcheck"


def pytest_configure(config: pytest.Config) -> None:
    """Byte-compile derivcheck once, when the environment keeps Python from writing bytecode.

    The suite starts derivcheck in a new process about a hundred times (the command
    line, ``batch``, Ray's workers). With PYTHONDONTWRITEBYTECODE set (some machines set
    it) each of them would compile derivcheck's sources again, about half a second of
    CPU apiece, where an installed derivcheck (pip compiles it) runs from its bytecode.
    The flag only stops Python from *writing* bytecode: the files written here, in the
    package's ``__pycache__`` folders as Python itself would write them (ignored by git),
    are read by every process of the run, and Python checks each against its source, so
    a stale one is never used. (A PYTHONPYCACHEPREFIX folder would not do: the installed
    packages' bytecode, SymPy's, is looked for there too, and every process would
    compile SymPy instead.)
    """
    if sys.flags.dont_write_bytecode and not sys.pycache_prefix:
        compileall.compile_dir(PACKAGE, quiet=1)


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DERIVCHECK_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


@pytest.fixture(autouse=True)
def _hypothesis_home_outside_the_repository(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Hypothesis keeps a cache of constants even without a database: in a temporary folder."""
    previous = getattr(hypothesis.configuration, "__hypothesis_home_directory", None)
    hypothesis.configuration.set_hypothesis_home_dir(tmp_path_factory.getbasetemp() / "hypothesis")
    yield
    hypothesis.configuration.set_hypothesis_home_dir(previous)


# Small claims files shared by the command-line tests: one that passes (a
# proved claim and a known error), one that fails both ways, one unreadable.
PASSING_YAML = """\
claims:
  - id: double
    title: x plus x is 2x
    symbols: {x: real}
    claim: x + x == 2*x
  - id: triple-known
    title: x plus x is 3x, a known error
    symbols: {x: real}
    claim: x + x == 3*x
    expect: refuted
"""

FAILING_YAML = """\
claims:
  - id: triple
    title: x plus x is 3x
    symbols: {x: real}
    claim: x + x == 3*x
  - id: double-wrong
    title: x plus x is 2x, marked wrong
    symbols: {x: real}
    claim: x + x == 2*x
    expect: refuted
"""

BAD_YAML = "claims: [\n  - id: x\n"
