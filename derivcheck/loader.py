"""Read claims files: YAML in, located :class:`~derivcheck.model.Claim` objects out.

Loading runs in two stages:

1. :func:`derivcheck.yamltree.read`: the text, decoded and composed by PyYAML
   within safety limits, as a tree of located values.
2. ``_read_file`` / ``_read_claim`` (here): walk that tree along the key tables
   of :mod:`derivcheck.schema` and build the model's objects.

Nothing here raises for bad input: every problem becomes a
:class:`~derivcheck.model.LoadFailure`, for the whole file when the file cannot
be read at all, else for the one claim it concerns, and the other claims of
the file still load.
"""

from __future__ import annotations

import difflib
import keyword
import os
import re
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from derivcheck import schema, yamltree
from derivcheck.errors import ClaimError
from derivcheck.latex.notation import key_problem
from derivcheck.model import duplicate_ids  # noqa: F401  (re-exported: part of the loader's API)
from derivcheck.model import Claim, ClaimFile, Expect, LoadFailure, Location, Step, Text
from derivcheck.schema import KINDS, Kind, KeySpec, Level
from derivcheck.yamltree import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, TAG_PREFIX, Bad, Map, Node, Scalar, Seq, too_large

__all__ = ["MAX_DEPTH", "MAX_FILE_BYTES", "MAX_NODES", "duplicate_ids", "load_claim", "load_file", "load_text"]

_ID_RE = re.compile(schema.ID_PATTERN)
_NAME_RE = re.compile(schema.NAME_PATTERN)


def _describe(node: Node) -> str:
    """What a node is, in words, for "must be ..., not a list"."""
    if isinstance(node, Seq):
        return "a list"
    if isinstance(node, Map):
        return "a mapping"
    if isinstance(node, Bad):
        return "an unreadable value"
    if node.is_null:
        return "an empty value"
    kind = node.tag[len(TAG_PREFIX) :]
    return {"int": "a number", "float": "a number", "bool": "a boolean"}.get(kind, "a string")


def _text(node: Scalar) -> Text:
    return Text(node.value, node.loc, node.inline)


def _fail(node: Node, message: str) -> ClaimError:
    return ClaimError(message, node.loc)


def _check_clean(node: Node) -> None:
    """Raise the first YAML-level problem inside a node (a refused tag, a duplicate key)."""
    if node.problem is not None:
        raise ClaimError(node.problem.message, node.problem.loc)


def _scalar_of(node: Node, label: str, noun: str) -> Scalar:
    """The node as a non-empty scalar, or an error naming the key and the type found."""
    _check_clean(node)
    if not isinstance(node, Scalar):
        raise _fail(node, f"{label} must be {noun}, not {_describe(node)}")
    if node.is_null or not node.value.strip():
        raise _fail(node, f"{label} is empty")
    return node


def _check_name(key: Scalar, label: str) -> str:
    name = key.value
    if not _NAME_RE.match(name):
        raise _fail(
            key,
            f"'{name}' in {label} is not a name: a name is a letter followed by"
            " letters, digits or _",
        )
    if keyword.iskeyword(name):
        raise _fail(key, f"'{name}' in {label} is a Python keyword, which cannot be a name")
    return name


def _split_at_comma(pairs: Sequence[tuple[Scalar, Node]], i: int, item: str) -> ClaimError | None:
    """The error for ``{p: (0, 1)}``, which YAML reads as ``{p: "(0", "1)": null}``."""
    key, value = pairs[i]
    if not (isinstance(value, Scalar) and value.plain):
        return None
    opened = value.value.count("(") + value.value.count("[")
    closed = value.value.count(")") + value.value.count("]")
    if opened <= closed:
        return None
    parts = [value.value]
    for next_key, next_value in pairs[i + 1 :]:
        if not (isinstance(next_value, Scalar) and next_value.is_null):
            return None
        parts.append(next_key.value)
        if next_key.value.endswith((")", "]")):
            return _fail(
                value,
                f"the {item} of '{key.value}' was split at the comma by YAML: quote it,"
                f' as {key.value}: "{", ".join(parts)}"',
            )
    return None


def _named(node: Node, spec: KeySpec, label: str) -> list[tuple[str, Node]]:
    """The pairs of a mapping of names (symbols, random, where), names checked."""
    kind = KINDS[spec.kind]
    _check_clean(node)
    if not isinstance(node, Map):
        raise _fail(node, f"{label} must be {kind.noun}, not {_describe(node)}")
    out: list[tuple[str, Node]] = []
    for i, (key, value) in enumerate(node.pairs):
        split = _split_at_comma(node.pairs, i, kind.item)
        if split is not None:
            raise split
        out.append((_check_name(key, label), value))
    return out


def _finite_set(node: Seq, name: str) -> Text:
    """A YAML list of values as one Text "{a, b, c}" of their raw texts.

    Set braces, not brackets: the string "[0, 1]" is the closed interval,
    while the YAML list [0, 1] is the finite set {0, 1}.
    """
    if not node.items:
        raise _fail(node, f"the finite set of '{name}' is empty")
    what = f"an element of the finite set of '{name}'"
    values = [_scalar_of(item, what, "a number or an expression").value for item in node.items]
    rendered = "{" + ", ".join(values) + "}"
    return Text(rendered, node.loc, inline=False)


def _read_text(node: Node, spec: KeySpec, label: str) -> str:
    if spec.required:
        return _scalar_of(node, label, KINDS[spec.kind].noun).value
    _check_clean(node)
    if not isinstance(node, Scalar):
        raise _fail(node, f"{label} must be {KINDS[spec.kind].noun}, not {_describe(node)}")
    return node.value


def _read_id(node: Node, spec: KeySpec, label: str) -> str:
    value = _scalar_of(node, label, KINDS[spec.kind].noun).value
    if not _ID_RE.match(value):
        raise _fail(
            node,
            f"id '{value}' is not kebab-case: use lowercase letters and digits in"
            " words joined by single hyphens, e.g. 'softmax-shift'",
        )
    return value


def _read_choice(node: Node, spec: KeySpec, label: str) -> str:
    if len(spec.allowed) > 2:
        choices = "one of " + ", ".join(spec.allowed)
    else:
        choices = " or ".join(f"'{a}'" for a in spec.allowed)
    value = _scalar_of(node, label, choices).value
    if value not in spec.allowed:
        raise _fail(node, f"{label} must be {choices}, not '{value}'")
    return value


def _refuse_todo(node: Scalar, label: str) -> Scalar:
    """An expression still marked ``TODO:`` (as ``derivcheck extract`` leaves what it
    could not translate) is refused by name. A colon is never part of an expression,
    so such a text never loaded: this rule only says why, instead of a syntax error."""
    if node.value.lstrip().startswith(schema.TODO_MARK):
        raise _fail(node, f"{label} is still a TODO to edit into the claim language: {node.value.strip()}")
    return node


def _read_expression(node: Node, spec: KeySpec, label: str) -> Text:
    return _text(_refuse_todo(_scalar_of(node, label, KINDS[spec.kind].noun), label))


def _read_domains(node: Node, spec: KeySpec, label: str) -> tuple[tuple[str, Text], ...]:
    out: list[tuple[str, Text]] = []
    for name, value in _named(node, spec, label):
        if isinstance(value, Seq):
            out.append((name, _finite_set(value, name)))
        elif isinstance(value, Map):
            raise _fail(
                value,
                f"the domain of '{name}' must be a word, an interval or a list of values,"
                " not a mapping",
            )
        else:
            out.append((name, _text(_scalar_of(value, f"the domain of '{name}'", "a domain"))))
    return tuple(out)


def _read_distributions(
    node: Node, spec: KeySpec, label: str
) -> tuple[tuple[str, tuple[Text, ...]], ...]:
    out: list[tuple[str, tuple[Text, ...]]] = []
    for name, value in _named(node, spec, label):
        what = f"the distribution of '{name}'"
        if isinstance(value, Seq):
            if not value.items:
                raise _fail(value, f"the list of distributions of '{name}' is empty")
            texts = tuple(_text(_scalar_of(v, what, "a distribution")) for v in value.items)
        else:
            texts = (_text(_scalar_of(value, what, "a distribution or a list of distributions")),)
        out.append((name, texts))
    return tuple(out)


def _read_bindings(node: Node, spec: KeySpec, label: str) -> tuple[tuple[str, Text], ...]:
    return tuple(
        (name, _text(_scalar_of(value, f"the expression of '{name}'", "an expression (a string)")))
        for name, value in _named(node, spec, label)
    )


def _read_conditions(node: Node, spec: KeySpec, label: str) -> tuple[Text, ...]:
    noun = KINDS[spec.kind].noun
    if not isinstance(node, Seq):
        return (_text(_scalar_of(node, label, noun)),)
    _check_clean(node)
    return tuple(
        _text(_scalar_of(item, f"item {number} of {label}", "a condition (a string)"))
        for number, item in enumerate(node.items, start=1)
    )


def _read_steps(node: Node, spec: KeySpec, label: str) -> tuple[Step, ...]:
    _check_clean(node)
    noun = KINDS[spec.kind].noun
    if not isinstance(node, Seq):
        raise _fail(node, f"{label} must be {noun}, not {_describe(node)}")
    if len(node.items) < schema.MIN_STEPS:
        raise _fail(node, f"{label} must be {noun}, not {len(node.items)}")
    steps: list[Step] = []
    for number, item in enumerate(node.items, start=1):
        where = f"step {number}"
        if isinstance(item, Map):
            _check_keys(item, schema.STEP, f"in {where}")
            for key, _ in item.pairs:
                if number == 1 and key.value in schema.FIRST_STEP_FORBIDS:
                    raise _fail(
                        key,
                        f"the first step has nothing before it to relate to:"
                        f" remove '{key.value}' from step 1",
                    )
            values = _read_mapping(item, schema.STEP, where, f"in {where}", f" of {where}")
            steps.append(Step(**values))
        else:
            text = _text(_refuse_todo(_scalar_of(item, where, "an expression or a mapping with 'expr'"), where))
            steps.append(Step(expr=text))
    return tuple(steps)


def _read_notation(node: Node, spec: KeySpec, label: str) -> tuple[tuple[str, str], ...]:
    _check_clean(node)
    if not isinstance(node, Map):
        raise _fail(node, f"{label} must be {KINDS[spec.kind].noun}, not {_describe(node)}")
    out: list[tuple[str, str]] = []
    for key, value in node.pairs:
        name = _scalar_of(value, f"the notation for '{key.value}'", "a claim-language name").value.strip()
        problem = key_problem(key.value, name)
        if problem is not None:
            raise _fail(value if key.value.strip() else key, problem)
        out.append((key.value, name))
    return tuple(out)


def _read_claims(node: Node, spec: KeySpec, label: str) -> tuple[Node, ...]:
    # Only the list itself is checked here: each claim is read on its own,
    # so that one bad claim does not hide the others.
    if isinstance(node, Bad):
        raise _fail(node, node.message)
    if not isinstance(node, Seq):
        raise _fail(node, f"{label} must be {KINDS[spec.kind].noun}, not {_describe(node)}")
    return node.items


_Reader = Callable[[Node, KeySpec, str], Any]

#: How each kind of value is read: one entry per :class:`~derivcheck.schema.Kind`.
_READERS: dict[Kind, _Reader] = {
    Kind.TEXT: _read_text,
    Kind.ID: _read_id,
    Kind.CHOICE: _read_choice,
    Kind.EXPRESSION: _read_expression,
    Kind.DOMAINS: _read_domains,
    Kind.DISTRIBUTIONS: _read_distributions,
    Kind.BINDINGS: _read_bindings,
    Kind.CONDITIONS: _read_conditions,
    Kind.STEPS: _read_steps,
    Kind.CLAIMS: _read_claims,
    Kind.NOTATION: _read_notation,
}


def _check_keys(node: Map, level: Level, inside: str) -> None:
    """Raise for a duplicate key or a key the level does not have (with a suggestion)."""
    if node.own is not None:
        raise ClaimError(node.own.message, node.own.loc)
    for key, _ in node.pairs:
        if level.key(key.value) is None:
            close = difflib.get_close_matches(key.value, level.names, n=1)
            if close:
                hint = f"did you mean '{close[0]}'?"
            else:
                hint = "its keys are " + ", ".join(level.names)
            raise _fail(key, f"unknown key '{key.value}' {inside} ({hint})")


def _read_mapping(
    node: Map, level: Level, subject: str, inside: str, suffix: str = ""
) -> dict[str, Any]:
    """Read a mapping of one level: its keys by the table, then required and one-of.

    Args:
        node: the mapping.
        level: its table of keys.
        subject: the mapping in words, for messages ("claim 'x'").
        inside: where a key stands, for messages ("in claim 'x'").
        suffix: added to a key's name in messages about its value (" of step 2").

    Returns:
        The values read, by key name (the model's field names are the key names).

    Raises:
        ClaimError: at the first problem, in the order of the file.
    """
    _check_keys(node, level, inside)
    values: dict[str, Any] = {}
    for key, value in node.pairs:
        spec = level.key(key.value)
        assert spec is not None  # _check_keys has refused unknown keys
        if spec.nullable and isinstance(value, Scalar) and value.is_null:
            continue
        values[spec.name] = _READERS[spec.kind](value, spec, key.value + suffix)
    for spec in level.keys:
        if spec.required and spec.name not in values:
            raise _fail(node, f"{subject} has no '{spec.name}'")
    given = [name for name in level.one_of if name in values]
    if level.one_of and len(given) != 1:
        names = [f"'{n}'" for n in level.one_of]
        if given:
            raise _fail(node, f"{subject} has both {' and '.join(names)}: give exactly one of them")
        raise _fail(node, f"{subject} has neither {' nor '.join(names)}: give exactly one of them")
    return values


@dataclass(frozen=True)
class _Peek:
    """What a failure can still say about a claim that does not load."""

    id: str | None = None
    title: str | None = None
    expect: Expect = Expect.HOLDS


def _peek(node: Node) -> _Peek:
    if not isinstance(node, Map):
        return _Peek()
    found: dict[str, str] = {}
    for key, value in node.pairs:
        if isinstance(value, Scalar) and not value.is_null and value.value.strip():
            found.setdefault(key.value, value.value)
    expect = found.get("expect", "")
    return _Peek(
        found.get("id"),
        found.get("title"),
        Expect(expect) if expect in schema.EXPECT_VALUES else Expect.HOLDS,
    )


def _read_claim(
    node: Node, peek: _Peek, document: str | None, notation: tuple[tuple[str, str], ...] = ()
) -> Claim:
    _check_clean(node)
    if not isinstance(node, Map):
        raise _fail(
            node,
            "a claim must be a mapping with 'id', 'title' and 'claim' or 'steps',"
            f" not {_describe(node)}",
        )
    subject = f"claim '{peek.id}'" if peek.id else "a claim"
    inside = f"in claim '{peek.id}'" if peek.id else "in a claim"
    values = _read_mapping(node, schema.CLAIM, subject, inside)
    if "expect" in values:
        values["expect"] = Expect(values["expect"])
    own = values.pop("notation", None) or ()  # the claim's own entries, over the file's
    return Claim(loc=node.loc, document=document, notation=(*notation, *own), **values)


def _whole_file(path: str, error: ClaimError) -> ClaimFile:
    loc = error.loc or Location(path, 1)
    return ClaimFile(path, failures=(LoadFailure(loc, error.message, whole_file=True),))


def _read_file(root: Node | None, path: str) -> ClaimFile:
    """The claims of a file's tree; a ClaimError for a problem of the whole file."""
    shape = "the top level must be a mapping with a 'claims' list"
    if root is None:
        raise ClaimError(f"{shape}, not an empty file", Location(path, 1))
    if isinstance(root, Bad):
        raise ClaimError(root.message, root.loc)
    if not isinstance(root, Map):
        raise _fail(root, f"{shape}, not {_describe(root)}")
    _check_keys(root, schema.FILE, "at the top level")
    if not any(key.value == "claims" for key, _ in root.pairs):
        raise _fail(root, f"the file has no 'claims': {shape}")
    header = _read_mapping(root, schema.FILE, "the file", "at the top level")
    title, source = header.get("title"), header.get("source")
    notation = header.get("notation", ())
    claims: list[Claim] = []
    failures: list[LoadFailure] = []
    for item in header["claims"]:
        peek = _peek(item)
        try:
            claims.append(_read_claim(item, peek, source, notation))
        except ClaimError as exc:
            loc = exc.loc or item.loc
            failures.append(LoadFailure(loc, exc.message, peek.id, peek.title, expect=peek.expect))
    return ClaimFile(path, title, source, tuple(claims), tuple(failures), notation)


# ---------------------------------------------------------------------------
# The public functions.
# ---------------------------------------------------------------------------


def load_text(data: bytes | str, path: str) -> ClaimFile:
    """Load a claims file from its contents. Never raises for bad input.

    Args:
        data: the file's bytes (UTF-8) or text.
        path: the file name to put in every location.

    Returns:
        The file's header, the claims that load, and a failure for each claim
        that does not (or one ``whole_file`` failure when the file cannot be
        read at all).

    Example:
        >>> f = load_text("claims:\\n  - id: one\\n    title: t\\n    claim: 1 == 1\\n", "a.yaml")
        >>> f.claims[0].claim
        Text(value='1 == 1', loc=Location(file='a.yaml', line=4, col=12), inline=True)
    """
    try:
        return _read_file(yamltree.read(data, path), path)
    except ClaimError as exc:
        return _whole_file(path, exc)
    except Exception as exc:  # noqa: BLE001 - the promise is: never raise for a file
        # A bug of ours must still not take the other files down with it.
        error = ClaimError(f"internal error while loading: {exc!r}", Location(path, 1))
        return _whole_file(path, error)


def load_claim(node: Node) -> Claim | LoadFailure:
    """One claim from a located tree built elsewhere (a JSON line), read as a claim of a file is.

    Never raises for bad input: a claim that does not load is its failure,
    with whatever id, title and expect could still be read off it.
    """
    peek = _peek(node)
    try:
        return _read_claim(node, peek, None)
    except ClaimError as exc:
        return LoadFailure(exc.loc or node.loc, exc.message, peek.id, peek.title, expect=peek.expect)


def load_file(path: str | os.PathLike[str], display: str | None = None) -> ClaimFile:
    """Load a claims file from disk. Never raises for bad input or an unreadable file.

    The size is checked with ``os.stat`` before a byte is read, and the read
    is bounded too (the file may grow, or be a pipe).

    Args:
        path: the file to read.
        display: the file name to put in locations (default: ``str(path)``).

    Returns:
        As :func:`load_text`.
    """
    shown = display if display is not None else str(path)
    try:
        size = os.stat(path).st_size
        if size > MAX_FILE_BYTES:
            return _whole_file(shown, too_large(size, shown))
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return _whole_file(shown, ClaimError(f"cannot read the file: {reason}", Location(shown, 1)))
    if len(data) > MAX_FILE_BYTES:
        return _whole_file(shown, too_large(len(data), shown))
    return load_text(data, shown)
