"""Read claims files: YAML in, located :class:`~derivcheck.model.Claim` objects out.

The loader runs in three stages, each a short function:

1. ``_decode``: refuse an oversized file, decode UTF-8 (naming the first bad byte).
2. ``_compose`` and ``_Tree``: let PyYAML *compose* the text into nodes (a safe
   loader's parser; no Python object is ever constructed from a tag), then turn
   the nodes into a small tree of located values. This stage bounds nesting
   depth and the expanded size of aliases, refuses every tag but the plain
   ones, finds duplicate keys, and keeps every scalar's raw text and place.
3. ``_read_file`` / ``_read_claim``: walk that tree along the key tables of
   :mod:`derivcheck.schema` and build the model's objects.

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
from dataclasses import dataclass, replace
from typing import Any, Callable, Sequence, Union

import yaml  # type: ignore[import-untyped, unused-ignore]

from derivcheck import schema
from derivcheck.errors import ClaimError, LimitExceeded
from derivcheck.model import duplicate_ids  # noqa: F401  (re-exported: part of the loader's API)
from derivcheck.model import Claim, ClaimFile, Expect, LoadFailure, Location, Step, Text
from derivcheck.schema import KINDS, Kind, KeySpec, Level

#: Files larger than this are refused before they are read or parsed.
MAX_FILE_BYTES = 5 * 1024 * 1024

#: The most YAML nodes a file may hold, counting every use of an alias in full.
MAX_NODES = 100_000

#: The deepest nesting of YAML collections a file may have.
MAX_DEPTH = 100

_ID_RE = re.compile(schema.ID_PATTERN)
_NAME_RE = re.compile(schema.NAME_PATTERN)

_TAG_PREFIX = "tag:yaml.org,2002:"
_STR = _TAG_PREFIX + "str"
_NULL = _TAG_PREFIX + "null"
_MERGE = _TAG_PREFIX + "merge"
_SEQ = _TAG_PREFIX + "seq"
_MAP = _TAG_PREFIX + "map"
_SCALAR_TAGS = frozenset(
    _TAG_PREFIX + t for t in ("str", "int", "float", "bool", "null", "merge")
)
# Tags the implicit resolver gives plain scalars that we keep as text: a plain
# `2024-01-01` is a date to PyYAML but only text to us.
_AS_TEXT_WHEN_IMPLICIT = frozenset(_TAG_PREFIX + t for t in ("timestamp", "value"))

# Line breaks as PyYAML counts them, so that our lines agree with its marks.
_BREAK_RE = re.compile("\r\n|[\n\r\x85\u2028\u2029]")


# ---------------------------------------------------------------------------
# Stage 1: bytes to text.
# ---------------------------------------------------------------------------


def _too_large(size: int, path: str) -> LimitExceeded:
    return LimitExceeded(
        f"the file is {size} bytes ({size / 2**20:.1f} MiB), more than the limit of"
        f" {MAX_FILE_BYTES} bytes ({MAX_FILE_BYTES // 2**20} MiB)",
        Location(path, 1, 1),
    )


def _line_col(text: str, index: int) -> tuple[int, int]:
    """The 1-based line and column of character ``index`` of ``text``."""
    line, start = 1, 0
    for match in _BREAK_RE.finditer(text, 0, index):
        line, start = line + 1, match.end()
    return line, index - start + 1


def _decode(data: bytes | str, path: str) -> str:
    """The text of a file, or a ClaimError for a file too large or not UTF-8."""
    if isinstance(data, str):
        # A character is at least one byte: a long string is refused uncounted.
        if len(data) > MAX_FILE_BYTES:
            raise _too_large(len(data), path)
        size = len(data.encode("utf-8", "surrogatepass"))
        if size > MAX_FILE_BYTES:
            raise _too_large(size, path)
        return data
    if len(data) > MAX_FILE_BYTES:
        raise _too_large(len(data), path)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        col = len(data[line_start : exc.start].decode("utf-8")) + 1
        raise ClaimError(
            f"the file is not UTF-8: byte 0x{data[exc.start]:02x} at line {line},"
            f" column {col} cannot be decoded",
            Location(path, line, col),
        ) from None


# ---------------------------------------------------------------------------
# Stage 2: text to a tree of located values.
# ---------------------------------------------------------------------------


class _Refused(Exception):
    """A safety limit met while composing; carries a PyYAML mark, not yet a file name."""

    def __init__(self, message: str, mark: Any) -> None:
        super().__init__(message)
        self.message = message
        self.mark = mark


def _refusal(exc: _Refused, path: str) -> LimitExceeded:
    return LimitExceeded(exc.message, Location(path, exc.mark.line + 1, exc.mark.column + 1))


class _Composer(yaml.SafeLoader):  # type: ignore[misc, unused-ignore]
    """A SafeLoader used only to compose nodes, with bounded depth and node count.

    Composing builds no Python objects from tags, so a hostile tag is inert
    here; the tree stage then refuses it with its place.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._count = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        self._depth += 1
        self._count += 1
        try:
            # Checked here, before the recursion, so that a file of ten
            # thousand "[" fails at level 101 instead of exhausting the stack.
            if self._depth > MAX_DEPTH:
                raise _Refused(
                    f"YAML nested too deeply (more than {MAX_DEPTH} levels)",
                    self._next_mark(),
                )
            if self._count > MAX_NODES:
                raise _Refused(
                    f"the file has more than {MAX_NODES} YAML nodes",
                    self._next_mark(),
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def _next_mark(self) -> Any:
        # Through Any: PyYAML's stubs, where installed, leave these untyped.
        parser: Any = self
        return parser.peek_event().start_mark

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        # Called only for untagged nodes: an explicit !!timestamp keeps its
        # tag (and is refused later), a plain date is just text.
        resolve: Any = super().resolve
        tag = resolve(kind, value, implicit)
        return _STR if tag in _AS_TEXT_WHEN_IMPLICIT else tag


# libyaml's scanner and parser, in C, when PyYAML was built with it.
_CParser: Any = getattr(yaml.cyaml, "CParser", None) if yaml.__with_libyaml__ else None

if _CParser is not None:

    class _FastComposer(_CParser, _Composer):  # type: ignore[misc, unused-ignore]
        """The same composer over libyaml's events: scanning in C is about 100 times faster.

        Only libyaml's scanner and parser are used (they build events, never
        objects); the nodes are still composed by :class:`_Composer`'s Python
        code, with its limits and its tag resolution. libyaml's own composer
        is not used: it recurses in C without a depth limit.
        """

        def __init__(self, stream: str) -> None:
            _CParser.__init__(self, stream)
            yaml.composer.Composer.__init__(self)
            yaml.resolver.Resolver.__init__(self)
            self._depth = 0
            self._count = 0

        def get_single_node(self) -> Any:
            return yaml.composer.Composer.get_single_node(self)

    _COMPOSERS: tuple[type, ...] = (_FastComposer, _Composer)
else:  # pragma: no cover - PyYAML built without libyaml
    _COMPOSERS = (_Composer,)

#: The composer in use: libyaml's parser when PyYAML has it, else PyYAML's own.
_COMPOSER: type = _COMPOSERS[0]

# The characters YAML forbids, as PyYAML's reader checks them: checked here
# so that both parsers report them alike, with a line and column.
_NON_PRINTABLE = yaml.reader.Reader.NON_PRINTABLE


def _yaml_message(exc: Any) -> str:
    """PyYAML's words for a syntax error, with its context, on one line."""
    problem = str(exc.problem or "error").strip()
    message = f"invalid YAML: {problem}"
    if exc.context:
        where = ""
        if exc.context_mark is not None:
            where = f" at line {exc.context_mark.line + 1}"
        message += f" ({str(exc.context).strip()}{where})"
    return message


def _flow_hint(text: str, exc: Any) -> str:
    """A hint for ``{x: vector[2]}`` or ``{p: (0, 1]}``: inside {...}, brackets need quotes."""
    mark = exc.problem_mark
    if not str(exc.context or "").startswith("while parsing a flow mapping") or mark is None:
        return ""
    bracket = text[mark.index : mark.index + 1]
    if bracket not in ("[", "]"):
        return ""
    hint = ": inside {...}, quote a domain that holds brackets or a comma"
    line_start = max(text.rfind("\n", 0, mark.index), text.rfind("\r", 0, mark.index)) + 1
    before = text[line_start : mark.index]
    keys = list(re.finditer(r"[{,]\s*([A-Za-z]\w*)\s*:\s*", before))
    close = text.find("]", mark.index) if bracket == "[" else mark.index
    if not keys or close < 0 or _BREAK_RE.search(text, mark.index, close):
        return hint
    name = keys[-1].group(1)
    value = before[keys[-1].end() :] + text[mark.index : close + 1]
    return f'{hint}, as {name}: "{value}"'


def _compose(text: str, path: str) -> Any:
    """The root node of the text (None for an empty file), or a ClaimError."""
    bad = _NON_PRINTABLE.search(text)
    if bad is not None:
        line, col = _line_col(text, bad.start())
        raise ClaimError(
            f"unacceptable character #x{ord(bad.group()):04x}:"
            " special characters are not allowed",
            Location(path, line, col),
        )
    try:
        return yaml.compose(text, Loader=_COMPOSER)
    except _Refused as exc:
        raise _refusal(exc, path) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path, 1)
        if "maximum nesting depth" in str(exc.problem):
            # libyaml's scanner has a limit of its own (1000), met when it
            # reads ahead of the composer: the same refusal, in our words.
            raise LimitExceeded(
                f"YAML nested too deeply (more than {MAX_DEPTH} levels)", loc
            ) from None
        raise ClaimError(_yaml_message(exc) + _flow_hint(text, exc), loc) from None
    except yaml.YAMLError as exc:
        raise ClaimError(f"invalid YAML: {exc}", Location(path, 1)) from None
    except RecursionError:
        raise LimitExceeded("YAML nested too deeply", Location(path, 1)) from None


@dataclass(frozen=True)
class _Problem:
    """Something wrong at one place of the tree, reported by whoever reads that part."""

    loc: Location
    message: str


@dataclass(frozen=True)
class _Scalar:
    """A scalar: its text as the YAML value (after quotes and escapes), and its place.

    ``start`` and ``end`` index the source text (for re-joining a flow list
    split at commas); ``plain`` is true for an unquoted, non-block scalar.
    """

    value: str
    loc: Location
    inline: bool
    tag: str
    plain: bool
    start: int
    end: int

    @property
    def is_null(self) -> bool:
        return self.tag == _NULL

    # A scalar never holds a problem: a refused tag makes a _Bad instead.
    problem = None


@dataclass(frozen=True)
class _Seq:
    """A list. ``flow_text`` is its exact source when written ``[...]`` on one line."""

    items: tuple[_Node, ...]
    loc: Location
    problem: _Problem | None
    flow_text: str | None


@dataclass(frozen=True)
class _Map:
    """A mapping with scalar keys, in order, merge keys applied.

    ``own`` is the first problem of the mapping itself (a duplicate key);
    ``problem`` the first anywhere inside it.
    """

    pairs: tuple[tuple[_Scalar, _Node], ...]
    loc: Location
    own: _Problem | None
    problem: _Problem | None


@dataclass(frozen=True)
class _Bad:
    """A node that cannot be read at all (a refused tag, a recursive alias)."""

    loc: Location
    message: str

    @property
    def problem(self) -> _Problem:
        return _Problem(self.loc, self.message)


_Node = Union[_Scalar, _Seq, _Map, _Bad]


def _first(problems: Sequence[_Problem | None]) -> _Problem | None:
    """The problem that comes first in the file."""
    found = [p for p in problems if p is not None]
    return min(found, key=lambda p: (p.loc.line, p.loc.col)) if found else None


def _show_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG_PREFIX) :] if tag.startswith(_TAG_PREFIX) else tag


_COMPLEX_KEY = "a mapping key must be a name, not a collection"
_BAD_MERGE = "a YAML merge key (<<) must name a mapping or a list of mappings"


def _paren_depth(text: str) -> int:
    return text.count("(") - text.count(")")


class _Tree:
    """Turns composed YAML nodes into the located tree, counting expanded nodes.

    Each node is converted once (an alias shares the result) while its
    expanded size is added at every use, so a "billion laughs" file is
    refused after a few hundred steps, not a billion.
    """

    def __init__(self, text: str, path: str) -> None:
        self.text = text
        self.path = path
        self.done: dict[int, tuple[_Node, int]] = {}
        self.active: set[int] = set()

    def _content_start(self, mark: Any) -> tuple[int, int, int]:
        """Index, line and column (1-based) of a node's content, past its tag and anchor."""
        text, i = self.text, mark.index
        line, col = mark.line + 1, mark.column + 1
        while i < len(text) and text[i] in "!&":
            while i < len(text) and text[i] not in " \t\r\n,[]{}":
                i, col = i + 1, col + 1
            while i < len(text):
                ch = text[i]
                if ch in " \t":
                    i, col = i + 1, col + 1
                elif ch == "#":
                    while i < len(text) and text[i] not in "\r\n":
                        i += 1
                elif ch in "\r\n":
                    i += 2 if text.startswith("\r\n", i) else 1
                    line, col = line + 1, 1
                else:
                    break
        return i, line, col

    def convert(self, node: Any) -> tuple[_Node, int]:
        """The tree of a node and its expanded size in nodes."""
        key = id(node)
        if key in self.done:
            return self.done[key]
        if key in self.active:
            mark = node.start_mark
            loc = Location(self.path, mark.line + 1, mark.column + 1)
            return _Bad(loc, "a YAML alias refers to a node that contains it"), 1
        self.active.add(key)
        try:
            if isinstance(node, yaml.ScalarNode):
                result: tuple[_Node, int] = (self._scalar(node), 1)
            elif isinstance(node, yaml.SequenceNode):
                result = self._sequence(node)
            else:
                result = self._mapping(node)
        finally:
            self.active.discard(key)
        if result[1] > MAX_NODES:
            raise _Refused(f"YAML aliases expand to more than {MAX_NODES} nodes", node.start_mark)
        self.done[key] = result
        return result

    def _refused_tag(self, node: Any) -> _Bad | None:
        allowed = {yaml.SequenceNode: (_SEQ,), yaml.MappingNode: (_MAP,)}.get(
            type(node), tuple(_SCALAR_TAGS)
        )
        if node.tag in allowed:
            return None
        mark = node.start_mark
        loc = Location(self.path, mark.line + 1, mark.column + 1)
        return _Bad(loc, f"YAML tag {_show_tag(str(node.tag))} is not allowed")

    def _scalar(self, node: Any) -> _Scalar | _Bad:
        bad = self._refused_tag(node)
        if bad is not None:
            return bad
        value: str = node.value
        start, line, col = self._content_start(node.start_mark)
        end: int = node.end_mark.index
        one_line = line == node.end_mark.line + 1
        style = node.style or ""
        if style in ("'", '"'):
            # The content starts one column after the opening quote; escapes
            # (\n, '') break the one-to-one map of characters to columns.
            inline = one_line and self.text[start + 1 : end - 1] == value
            loc = Location(self.path, line, col + 1)
        elif style in ("|", ">"):
            inline, loc = False, Location(self.path, line, col)
        else:
            inline = one_line and self.text[start:end] == value
            loc = Location(self.path, line, col)
        return _Scalar(value, loc, inline, str(node.tag), style == "", start, end)

    def _sequence(self, node: Any) -> tuple[_Node, int]:
        bad = self._refused_tag(node)
        if bad is not None:
            return bad, 1
        size = 1
        items: list[_Node] = []
        for child in node.value:
            item, n = self.convert(child)
            items.append(item)
            size += n
        start, line, col = self._content_start(node.start_mark)
        flow_text = None
        if node.flow_style:
            items = self._rejoin(items)
            if line == node.end_mark.line + 1:
                flow_text = self.text[start : node.end_mark.index]
        problem = _first([item.problem for item in items])
        return _Seq(tuple(items), Location(self.path, line, col), problem, flow_text), size

    def _rejoin(self, items: list[_Node]) -> list[_Node]:
        """Undo YAML's split of ``[Normal(0, s), Uniform(-s, s)]`` at the commas inside (...).

        In a flow list every comma ends an item, so a call with two arguments
        arrives as "Normal(0" and "s)". A plain item with an unclosed "(" is
        joined with the plain items after it until the parentheses balance;
        the joined item is the exact source text between its ends.
        """
        out: list[_Node] = []
        k = 0
        while k < len(items):
            head = items[k]
            if isinstance(head, _Scalar) and head.plain and _paren_depth(head.value) > 0:
                depth, j = _paren_depth(head.value), k
                while depth > 0 and j + 1 < len(items):
                    nxt = items[j + 1]
                    if not (isinstance(nxt, _Scalar) and nxt.plain):
                        break
                    j, depth = j + 1, depth + _paren_depth(nxt.value)
                tail = items[j]
                end = tail.end if isinstance(tail, _Scalar) else head.end
                source = self.text[head.start : end]
                if j > k and depth == 0 and "#" not in source:
                    one_line = _BREAK_RE.search(source) is None
                    value = source if one_line else " ".join(source.split())
                    out.append(replace(head, value=value, inline=one_line, tag=_STR, end=end))
                    k = j + 1
                    continue
            out.append(head)
            k += 1
        return out

    def _mapping(self, node: Any) -> tuple[_Node, int]:
        bad = self._refused_tag(node)
        if bad is not None:
            return bad, 1
        size = 1
        explicit: dict[str, tuple[_Scalar, _Node]] = {}
        merged: dict[str, tuple[_Scalar, _Node]] = {}
        own: list[_Problem | None] = []
        inner: list[_Problem | None] = []
        for key_node, value_node in node.value:
            key, n_key = self.convert(key_node)
            value, n_value = self.convert(value_node)
            size += n_key + n_value
            if not isinstance(key, _Scalar):
                own.append(key.problem or _Problem(key.loc, _COMPLEX_KEY))
                continue
            if key.tag == _MERGE:
                # YAML's merge key `<<: *defaults`: explicit keys win, and an
                # earlier merged mapping wins over a later one.
                sources = value.items if isinstance(value, _Seq) else (value,)
                for source in sources:
                    if not isinstance(source, _Map):
                        own.append(_Problem(key.loc, _BAD_MERGE))
                        break
                    inner.append(source.problem)
                    for pair in source.pairs:
                        merged.setdefault(pair[0].value, pair)
                continue
            if key.value in explicit:
                first = explicit[key.value][0].loc
                message = f"duplicate key '{key.value}' (first at line {first.line})"
                own.append(_Problem(key.loc, message))
                continue
            if isinstance(value, _Scalar) and value.is_null and value.value == "":
                # `title:` with nothing after it: the empty value's own mark
                # is wherever the next token starts; the key is the place to show.
                value = replace(value, loc=key.loc)
            inner.append(value.problem)
            explicit[key.value] = (key, value)
        pairs = [pair for name, pair in merged.items() if name not in explicit]
        pairs.extend(explicit.values())
        _, line, col = self._content_start(node.start_mark)
        first_own = _first(own)
        loc = Location(self.path, line, col)
        return _Map(tuple(pairs), loc, first_own, _first([first_own, *inner])), size


# ---------------------------------------------------------------------------
# Stage 3: the tree to claims, along the tables of derivcheck.schema.
# ---------------------------------------------------------------------------


def _describe(node: _Node) -> str:
    """What a node is, in words, for "must be ..., not a list"."""
    if isinstance(node, _Seq):
        return "a list"
    if isinstance(node, _Map):
        return "a mapping"
    if isinstance(node, _Bad):
        return "an unreadable value"
    if node.is_null:
        return "an empty value"
    kind = node.tag[len(_TAG_PREFIX) :]
    return {"int": "a number", "float": "a number", "bool": "a boolean"}.get(kind, "a string")


def _text(node: _Scalar) -> Text:
    return Text(node.value, node.loc, node.inline)


def _fail(node: _Node, message: str) -> ClaimError:
    return ClaimError(message, node.loc)


def _check_clean(node: _Node) -> None:
    """Raise the first YAML-level problem inside a node (a refused tag, a duplicate key)."""
    if node.problem is not None:
        raise ClaimError(node.problem.message, node.problem.loc)


def _scalar_of(node: _Node, label: str, noun: str) -> _Scalar:
    """The node as a non-empty scalar, or an error naming the key and the type found."""
    _check_clean(node)
    if not isinstance(node, _Scalar):
        raise _fail(node, f"{label} must be {noun}, not {_describe(node)}")
    if node.is_null or not node.value.strip():
        raise _fail(node, f"{label} is empty")
    return node


def _check_name(key: _Scalar, label: str) -> str:
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


def _split_at_comma(pairs: Sequence[tuple[_Scalar, _Node]], i: int, item: str) -> ClaimError | None:
    """The error for ``{p: (0, 1)}``, which YAML reads as ``{p: "(0", "1)": null}``."""
    key, value = pairs[i]
    if not (isinstance(value, _Scalar) and value.plain):
        return None
    opened = value.value.count("(") + value.value.count("[")
    closed = value.value.count(")") + value.value.count("]")
    if opened <= closed:
        return None
    parts = [value.value]
    for next_key, next_value in pairs[i + 1 :]:
        if not (isinstance(next_value, _Scalar) and next_value.is_null):
            return None
        parts.append(next_key.value)
        if next_key.value.endswith((")", "]")):
            return _fail(
                value,
                f"the {item} of '{key.value}' was split at the comma by YAML: quote it,"
                f' as {key.value}: "{", ".join(parts)}"',
            )
    return None


def _named(node: _Node, spec: KeySpec, label: str) -> list[tuple[str, _Node]]:
    """The pairs of a mapping of names (symbols, random, where), names checked."""
    kind = KINDS[spec.kind]
    _check_clean(node)
    if not isinstance(node, _Map):
        raise _fail(node, f"{label} must be {kind.noun}, not {_describe(node)}")
    out: list[tuple[str, _Node]] = []
    for i, (key, value) in enumerate(node.pairs):
        split = _split_at_comma(node.pairs, i, kind.item)
        if split is not None:
            raise split
        out.append((_check_name(key, label), value))
    return out


def _finite_set(node: _Seq, name: str) -> Text:
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


def _read_text(node: _Node, spec: KeySpec, label: str) -> str:
    if spec.required:
        return _scalar_of(node, label, KINDS[spec.kind].noun).value
    _check_clean(node)
    if not isinstance(node, _Scalar):
        raise _fail(node, f"{label} must be {KINDS[spec.kind].noun}, not {_describe(node)}")
    return node.value


def _read_id(node: _Node, spec: KeySpec, label: str) -> str:
    value = _scalar_of(node, label, KINDS[spec.kind].noun).value
    if not _ID_RE.match(value):
        raise _fail(
            node,
            f"id '{value}' is not kebab-case: use lowercase letters and digits in"
            " words joined by single hyphens, e.g. 'softmax-shift'",
        )
    return value


def _read_choice(node: _Node, spec: KeySpec, label: str) -> str:
    if len(spec.allowed) > 2:
        choices = "one of " + ", ".join(spec.allowed)
    else:
        choices = " or ".join(f"'{a}'" for a in spec.allowed)
    value = _scalar_of(node, label, choices).value
    if value not in spec.allowed:
        raise _fail(node, f"{label} must be {choices}, not '{value}'")
    return value


def _read_expression(node: _Node, spec: KeySpec, label: str) -> Text:
    return _text(_scalar_of(node, label, KINDS[spec.kind].noun))


def _read_domains(node: _Node, spec: KeySpec, label: str) -> tuple[tuple[str, Text], ...]:
    out: list[tuple[str, Text]] = []
    for name, value in _named(node, spec, label):
        if isinstance(value, _Seq):
            out.append((name, _finite_set(value, name)))
        elif isinstance(value, _Map):
            raise _fail(
                value,
                f"the domain of '{name}' must be a word, an interval or a list of values,"
                " not a mapping",
            )
        else:
            out.append((name, _text(_scalar_of(value, f"the domain of '{name}'", "a domain"))))
    return tuple(out)


def _read_distributions(
    node: _Node, spec: KeySpec, label: str
) -> tuple[tuple[str, tuple[Text, ...]], ...]:
    out: list[tuple[str, tuple[Text, ...]]] = []
    for name, value in _named(node, spec, label):
        what = f"the distribution of '{name}'"
        if isinstance(value, _Seq):
            if not value.items:
                raise _fail(value, f"the list of distributions of '{name}' is empty")
            texts = tuple(_text(_scalar_of(v, what, "a distribution")) for v in value.items)
        else:
            texts = (_text(_scalar_of(value, what, "a distribution or a list of distributions")),)
        out.append((name, texts))
    return tuple(out)


def _read_bindings(node: _Node, spec: KeySpec, label: str) -> tuple[tuple[str, Text], ...]:
    return tuple(
        (name, _text(_scalar_of(value, f"the expression of '{name}'", "an expression (a string)")))
        for name, value in _named(node, spec, label)
    )


def _read_conditions(node: _Node, spec: KeySpec, label: str) -> tuple[Text, ...]:
    noun = KINDS[spec.kind].noun
    if not isinstance(node, _Seq):
        return (_text(_scalar_of(node, label, noun)),)
    _check_clean(node)
    return tuple(
        _text(_scalar_of(item, f"item {number} of {label}", "a condition (a string)"))
        for number, item in enumerate(node.items, start=1)
    )


def _read_steps(node: _Node, spec: KeySpec, label: str) -> tuple[Step, ...]:
    _check_clean(node)
    noun = KINDS[spec.kind].noun
    if not isinstance(node, _Seq):
        raise _fail(node, f"{label} must be {noun}, not {_describe(node)}")
    if len(node.items) < schema.MIN_STEPS:
        raise _fail(node, f"{label} must be {noun}, not {len(node.items)}")
    steps: list[Step] = []
    for number, item in enumerate(node.items, start=1):
        where = f"step {number}"
        if isinstance(item, _Map):
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
            text = _text(_scalar_of(item, where, "an expression or a mapping with 'expr'"))
            steps.append(Step(expr=text))
    return tuple(steps)


def _read_claims(node: _Node, spec: KeySpec, label: str) -> tuple[_Node, ...]:
    # Only the list itself is checked here: each claim is read on its own,
    # so that one bad claim does not hide the others.
    if isinstance(node, _Bad):
        raise _fail(node, node.message)
    if not isinstance(node, _Seq):
        raise _fail(node, f"{label} must be {KINDS[spec.kind].noun}, not {_describe(node)}")
    return node.items


_Reader = Callable[[_Node, KeySpec, str], Any]

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
}


def _check_keys(node: _Map, level: Level, inside: str) -> None:
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
    node: _Map, level: Level, subject: str, inside: str, suffix: str = ""
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
        if spec.nullable and isinstance(value, _Scalar) and value.is_null:
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


def _peek(node: _Node) -> _Peek:
    if not isinstance(node, _Map):
        return _Peek()
    found: dict[str, str] = {}
    for key, value in node.pairs:
        if isinstance(value, _Scalar) and not value.is_null and value.value.strip():
            found.setdefault(key.value, value.value)
    expect = found.get("expect", "")
    return _Peek(
        found.get("id"),
        found.get("title"),
        Expect(expect) if expect in schema.EXPECT_VALUES else Expect.HOLDS,
    )


def _read_claim(node: _Node, peek: _Peek, document: str | None) -> Claim:
    _check_clean(node)
    if not isinstance(node, _Map):
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
    return Claim(loc=node.loc, document=document, **values)


def _whole_file(path: str, error: ClaimError) -> ClaimFile:
    loc = error.loc or Location(path, 1)
    return ClaimFile(path, failures=(LoadFailure(loc, error.message, whole_file=True),))


def _read_file(root: _Node | None, path: str) -> ClaimFile:
    """The claims of a file's tree; a ClaimError for a problem of the whole file."""
    shape = "the top level must be a mapping with a 'claims' list"
    if root is None:
        raise ClaimError(f"{shape}, not an empty file", Location(path, 1))
    if isinstance(root, _Bad):
        raise ClaimError(root.message, root.loc)
    if not isinstance(root, _Map):
        raise _fail(root, f"{shape}, not {_describe(root)}")
    _check_keys(root, schema.FILE, "at the top level")
    if not any(key.value == "claims" for key, _ in root.pairs):
        raise _fail(root, f"the file has no 'claims': {shape}")
    header = _read_mapping(root, schema.FILE, "the file", "at the top level")
    title, source = header.get("title"), header.get("source")
    claims: list[Claim] = []
    failures: list[LoadFailure] = []
    for item in header["claims"]:
        peek = _peek(item)
        try:
            claims.append(_read_claim(item, peek, source))
        except ClaimError as exc:
            loc = exc.loc or item.loc
            failures.append(LoadFailure(loc, exc.message, peek.id, peek.title, expect=peek.expect))
    return ClaimFile(path, title, source, tuple(claims), tuple(failures))


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
        text = _decode(data, path)
        # A byte-order mark has no column, and libyaml leaves it out of its
        # mark indices while PyYAML counts it: without it both agree.
        text = text[1:] if text.startswith("\ufeff") else text
        root = _compose(text, path)
        tree = None
        if root is not None:
            try:
                tree, _ = _Tree(text, path).convert(root)
            except _Refused as exc:
                raise _refusal(exc, path) from None
            except RecursionError:
                raise LimitExceeded("YAML nested too deeply", Location(path, 1)) from None
        return _read_file(tree, path)
    except ClaimError as exc:
        return _whole_file(path, exc)
    except Exception as exc:  # noqa: BLE001 - the promise is: never raise for a file
        # A bug of ours must still not take the other files down with it.
        error = ClaimError(f"internal error while loading: {exc!r}", Location(path, 1))
        return _whole_file(path, error)


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
            return _whole_file(shown, _too_large(size, shown))
        with open(path, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return _whole_file(shown, ClaimError(f"cannot read the file: {reason}", Location(shown, 1)))
    if len(data) > MAX_FILE_BYTES:
        return _whole_file(shown, _too_large(len(data), shown))
    return load_text(data, shown)
