"""The layout of the package, checked from its code: the pipeline in floors, no cycle, small modules.

The import graph is computed from the source with ``ast``: every ``import`` and
``from ... import`` of a module of derivcheck is an edge, wherever it stands (at
the top, inside a function, under ``TYPE_CHECKING``), since an import inside a
function is still a dependency, and one that closes a cycle only hides it.

Each module has a floor (:data:`FLOORS`, lowest first). A module may import
modules of its own floor or of a lower one, never of a higher one; a new module
is given its floor by adding it to the table.
"""

from __future__ import annotations

import ast
import fnmatch
from functools import lru_cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "derivcheck"

#: The floors of the pipeline, lowest first: (name, module patterns). A module
#: takes the first floor one of whose patterns matches its dotted name.
FLOORS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # The data every stage shares: claims, results, formulas, counts.
    ("data", (
        "derivcheck.version", "derivcheck.settings", "derivcheck.evidence", "derivcheck.wording", "derivcheck.model",
        "derivcheck.errors", "derivcheck.formula", "derivcheck.summary",
    )),
    # The kernel certifies verdicts; it knows nothing of the rest but the data.
    ("kernel", ("derivcheck.kernel", "derivcheck.kernel.*")),
    # What the language and the engine both speak of: domains, distributions.
    ("shared types", ("derivcheck.domains", "derivcheck.distributions", "derivcheck.problem")),
    # Expressions as written, parsed, and the functions they may call.
    ("language", ("derivcheck.parser", "derivcheck.unevaluated", "derivcheck.derivatives", "derivcheck.vocabulary", "derivcheck.vocabulary.*", "derivcheck.interpreter")),
    # LaTeX read into the language's text, through a notation table.
    ("latex", ("derivcheck.latex", "derivcheck.latex.*")),
    # Proposing proofs and counterexamples, and deciding.
    ("engine", ("derivcheck.engine", "derivcheck.engine.*")),
    # The limits, integrals and expectations a parsed claim left as written, computed by the engine.
    ("evaluate", ("derivcheck.evaluate",)),
    # A claim's meaning: its variables and instances, built from the parse.
    ("semantics", ("derivcheck.semantics",)),
    ("diagnose", ("derivcheck.diagnose",)),
    # One claim, checked: the engine's verdict with its diagnosis.
    ("checking", ("derivcheck.display", "derivcheck.checking", "derivcheck.statement_parts", "derivcheck.factors", "derivcheck.faithful_terms", "derivcheck.faithful")),
    # Claims files: YAML to a located tree, the key tables, the claims.
    ("claims files", ("derivcheck.yamltree", "derivcheck.schema", "derivcheck.loader", "derivcheck.jsonclaims")),
    # Documents to claims-file skeletons: displays, their chains, the claims, the YAML written.
    ("extract", ("derivcheck.extract", "derivcheck.extract.*")),
    # Where the claims and the cache are; the worker processes.
    ("project", ("derivcheck.cache", "derivcheck.project", "derivcheck.workers")),
    # A run: select claims, serve the cache, check the rest; re-running on a save.
    ("run", ("derivcheck.runner", "derivcheck.watch", "derivcheck.engines", "derivcheck.batch")),
    # The renderers: they format results, never decide.
    ("render", ("derivcheck.render", "derivcheck.render.*", "derivcheck.plot")),
    # The settings of a run merged once, and the report of a run as text.
    ("settings and report", ("derivcheck.options", "derivcheck.report", "derivcheck.session")),
    # The ways in: the Python API, the pytest plugin, the command line, the package.
    ("interfaces", ("derivcheck.api", "derivcheck.pytest_plugin", "derivcheck.cli", "derivcheck.__main__", "derivcheck")),
)

MAX_LINES = 600


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@lru_cache(maxsize=1)
def modules() -> dict[str, Path]:
    """Every module of the package, by dotted name."""
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imported(node: ast.Import | ast.ImportFrom, module: str, is_package: bool) -> list[str]:
    """The dotted names an import statement of ``module`` brings in (modules, or names in modules)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level:
        base = module.split(".") if is_package else module.split(".")[:-1]
        base = base[: len(base) - (node.level - 1)]
        source = ".".join([*base, *([node.module] if node.module else [])])
    else:
        source = node.module or ""
    known = modules()
    # `from derivcheck import loader` imports the module derivcheck.loader; `from
    # derivcheck.model import Claim` imports derivcheck.model.
    found = [f"{source}.{alias.name}" for alias in node.names if f"{source}.{alias.name}" in known]
    if len(found) < len(node.names):
        found.append(source)
    return found


def _owner(name: str) -> str | None:
    """The module of the package a dotted name lies in, if any."""
    known = modules()
    while name:
        if name in known:
            return name
        name = name.rpartition(".")[0]
    return None


@lru_cache(maxsize=1)
def imports() -> dict[str, dict[str, set[str]]]:
    """For each module, every name it imports (outside the package too), with the lines that do."""
    out: dict[str, dict[str, set[str]]] = {}
    for module, path in modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        found: dict[str, set[str]] = {}
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for name in _imported(node, module, path.name == "__init__.py"):
                    found.setdefault(name, set()).add(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
        out[module] = found
    return out


@lru_cache(maxsize=1)
def graph() -> dict[str, dict[str, str]]:
    """The import graph of the package: module -> imported module -> the first line that imports it."""
    out: dict[str, dict[str, str]] = {}
    for module, names in imports().items():
        edges: dict[str, str] = {}
        for name, lines in names.items():
            target = _owner(name) if name.split(".")[0] == "derivcheck" else None
            if target is not None and target != module:
                edges[target] = min(sorted(lines), key=lambda where: int(where.rpartition(":")[2]))
        out[module] = edges
    return out


def floor_of(module: str) -> int | None:
    for level, (_, patterns) in enumerate(FLOORS):
        if any(fnmatch.fnmatchcase(module, p) for p in patterns):
            return level
    return None


def cycles() -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    g = graph()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(g[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(g):
        if v not in index:
            visit(v)
    return sorted(found)


def test_the_graph_is_computed_from_the_code() -> None:
    # The walk must see what it checks: imports at the top, inside functions, and relative ones.
    g = graph()
    assert "derivcheck.model" in g["derivcheck.loader"]
    assert "derivcheck.version" in g["derivcheck.cache"]
    assert g["derivcheck.workers"]["derivcheck.faithful"]  # imported inside a function
    assert "derivcheck" not in g["derivcheck.loader"]  # `from derivcheck import schema` is the module schema


def test_no_import_cycle() -> None:
    g = graph()
    described = []
    for component in cycles():
        inside = set(component)
        edges = [f"{m} -> {t} ({g[m][t]})" for m in component for t in sorted(g[m]) if t in inside]
        described.append(f"{', '.join(component)}:\n    " + "\n    ".join(edges))
    assert not described, "import cycles:\n  " + "\n  ".join(described)


def test_every_module_has_a_floor() -> None:
    missing = sorted(m for m in modules() if floor_of(m) is None)
    assert not missing, f"modules without a floor in FLOORS (add each where it belongs): {missing}"


def test_no_import_goes_up_a_floor() -> None:
    upward = []
    for module, edges in sorted(graph().items()):
        here = floor_of(module)
        for target, where in sorted(edges.items()):
            there = floor_of(target)
            if here is not None and there is not None and there > here:
                upward.append(f"{where}: {module} ({FLOORS[here][0]}) imports {target} ({FLOORS[there][0]})")
    assert not upward, "imports up a floor:\n  " + "\n  ".join(upward)


def test_nothing_in_the_package_imports_its_public_api() -> None:
    # derivcheck/__init__ is the top of the package: it may import anything, so nothing imports it.
    users = sorted(f"{m} ({edges['derivcheck']})" for m, edges in graph().items() if "derivcheck" in edges)
    assert not users, f"modules that import the package derivcheck itself: {users}"


def test_no_module_is_over_600_lines() -> None:
    long = {m: n for m, p in modules().items() if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, f"modules over {MAX_LINES} lines: {long}"


def test_only_the_command_line_imports_click() -> None:
    users = sorted(
        f"{m}: {', '.join(sorted(lines))}"
        for m, names in imports().items()
        if m != "derivcheck.cli"
        for name, lines in names.items()
        if name == "click" or name.startswith("click.")
    )
    assert not users, f"only derivcheck.cli may import click: {users}"


def _closure(module: str) -> set[str]:
    """The modules of the package that importing ``module`` may import, itself included."""
    g = graph()
    seen = {module}
    todo = [module]
    while todo:
        for target in g[todo.pop()]:
            if target not in seen:
                seen.add(target)
                todo.append(target)
    return seen


@pytest.mark.parametrize("module", ["derivcheck.render.html"])
def test_the_html_page_needs_neither_rich_nor_the_terminal_renderer(module: str) -> None:
    closure = _closure(module)
    assert "derivcheck.render.terminal" not in closure, f"{module} imports the terminal renderer"
    rich = sorted(
        f"{m}: {', '.join(sorted(lines))}"
        for m in closure
        for name, lines in imports()[m].items()
        if name == "rich" or name.startswith("rich.")
    )
    assert not rich, f"{module} imports rich through {rich}"
