"""YAML text to a tree of located values: the first stage of loading a claims file.

Two steps, each a short function:

1. ``_decode``: refuse an oversized file, decode UTF-8 (naming the first bad byte).
2. ``_compose`` and ``_Tree``: let PyYAML *compose* the text into nodes (a safe
   loader's parser; no Python object is ever constructed from a tag), then turn
   the nodes into a small tree of located values. This step bounds nesting
   depth and the expanded size of aliases, refuses every tag but the plain
   ones, finds duplicate keys, and keeps every scalar's raw text and place.

:func:`read` runs both; :mod:`derivcheck.loader` reads the claims off the tree.
Nothing here knows what a claim is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any, Sequence, Union

import yaml  # type: ignore[import-untyped, unused-ignore]

from derivcheck.errors import ClaimError, LimitExceeded
from derivcheck.model import Location

#: Files larger than this are refused before they are read or parsed.
MAX_FILE_BYTES = 5 * 1024 * 1024

#: The most YAML nodes a file may hold, counting every use of an alias in full.
MAX_NODES = 100_000

#: The deepest nesting of YAML collections a file may have.
MAX_DEPTH = 100

TAG_PREFIX = "tag:yaml.org,2002:"
_STR = TAG_PREFIX + "str"
_NULL = TAG_PREFIX + "null"
_MERGE = TAG_PREFIX + "merge"
_SEQ = TAG_PREFIX + "seq"
_MAP = TAG_PREFIX + "map"
_SCALAR_TAGS = frozenset(
    TAG_PREFIX + t for t in ("str", "int", "float", "bool", "null", "merge")
)
# Tags the implicit resolver gives plain scalars that we keep as text: a plain
# `2024-01-01` is a date to PyYAML but only text to us.
_AS_TEXT_WHEN_IMPLICIT = frozenset(TAG_PREFIX + t for t in ("timestamp", "value"))

# Line breaks as PyYAML counts them, so that our lines agree with its marks.
_BREAK_RE = re.compile("\r\n|[\n\r\x85\u2028\u2029]")


# ---------------------------------------------------------------------------
# Step 1: bytes to text.
# ---------------------------------------------------------------------------


def too_large(size: int, path: str) -> LimitExceeded:
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
            raise too_large(len(data), path)
        size = len(data.encode("utf-8", "surrogatepass"))
        if size > MAX_FILE_BYTES:
            raise too_large(size, path)
        return data
    if len(data) > MAX_FILE_BYTES:
        raise too_large(len(data), path)
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
# Step 2: text to a tree of located values.
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


def _literal_hint(text: str, exc: Any) -> str:
    """A hint for ``claim: [a, b] == c``: YAML reads a value that starts with '[' as a list."""
    mark = exc.problem_mark
    if mark is None:
        return ""
    lines = text.splitlines()
    line = lines[mark.line] if mark.line < len(lines) else ""
    if re.match(r"\s*(?:-\s+)?(?:[A-Za-z_]\w*\s*:\s+)?\[", line) is None:
        return ""
    return ": a value that starts with '[' is a YAML list; quote an expression that starts with a matrix literal"


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
        raise ClaimError(_yaml_message(exc) + (_flow_hint(text, exc) or _literal_hint(text, exc)), loc) from None
    except yaml.YAMLError as exc:
        raise ClaimError(f"invalid YAML: {exc}", Location(path, 1)) from None
    except RecursionError:
        raise LimitExceeded("YAML nested too deeply", Location(path, 1)) from None


@dataclass(frozen=True)
class Problem:
    """Something wrong at one place of the tree, reported by whoever reads that part."""

    loc: Location
    message: str


@dataclass(frozen=True)
class Scalar:
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

    # A scalar never holds a problem: a refused tag makes a Bad instead.
    problem = None


@dataclass(frozen=True)
class Seq:
    """A list. ``flow_text`` is its exact source when written ``[...]`` on one line."""

    items: tuple[Node, ...]
    loc: Location
    problem: Problem | None
    flow_text: str | None


@dataclass(frozen=True)
class Map:
    """A mapping with scalar keys, in order, merge keys applied.

    ``own`` is the first problem of the mapping itself (a duplicate key);
    ``problem`` the first anywhere inside it.
    """

    pairs: tuple[tuple[Scalar, Node], ...]
    loc: Location
    own: Problem | None
    problem: Problem | None


@dataclass(frozen=True)
class Bad:
    """A node that cannot be read at all (a refused tag, a recursive alias)."""

    loc: Location
    message: str

    @property
    def problem(self) -> Problem:
        return Problem(self.loc, self.message)


Node = Union[Scalar, Seq, Map, Bad]


def _first(problems: Sequence[Problem | None]) -> Problem | None:
    """The problem that comes first in the file."""
    found = [p for p in problems if p is not None]
    return min(found, key=lambda p: (p.loc.line, p.loc.col)) if found else None


def _show_tag(tag: str) -> str:
    return "!!" + tag[len(TAG_PREFIX) :] if tag.startswith(TAG_PREFIX) else tag


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
        self.done: dict[int, tuple[Node, int]] = {}
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

    def convert(self, node: Any) -> tuple[Node, int]:
        """The tree of a node and its expanded size in nodes."""
        key = id(node)
        if key in self.done:
            return self.done[key]
        if key in self.active:
            mark = node.start_mark
            loc = Location(self.path, mark.line + 1, mark.column + 1)
            return Bad(loc, "a YAML alias refers to a node that contains it"), 1
        self.active.add(key)
        try:
            if isinstance(node, yaml.ScalarNode):
                result: tuple[Node, int] = (self._scalar(node), 1)
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

    def _refused_tag(self, node: Any) -> Bad | None:
        allowed = {yaml.SequenceNode: (_SEQ,), yaml.MappingNode: (_MAP,)}.get(
            type(node), tuple(_SCALAR_TAGS)
        )
        if node.tag in allowed:
            return None
        mark = node.start_mark
        loc = Location(self.path, mark.line + 1, mark.column + 1)
        return Bad(loc, f"YAML tag {_show_tag(str(node.tag))} is not allowed")

    def _scalar(self, node: Any) -> Scalar | Bad:
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
        return Scalar(value, loc, inline, str(node.tag), style == "", start, end)

    def _sequence(self, node: Any) -> tuple[Node, int]:
        bad = self._refused_tag(node)
        if bad is not None:
            return bad, 1
        size = 1
        items: list[Node] = []
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
        return Seq(tuple(items), Location(self.path, line, col), problem, flow_text), size

    def _rejoin(self, items: list[Node]) -> list[Node]:
        """Undo YAML's split of ``[Normal(0, s), Uniform(-s, s)]`` at the commas inside (...).

        In a flow list every comma ends an item, so a call with two arguments
        arrives as "Normal(0" and "s)". A plain item with an unclosed "(" is
        joined with the plain items after it until the parentheses balance;
        the joined item is the exact source text between its ends.
        """
        out: list[Node] = []
        k = 0
        while k < len(items):
            head = items[k]
            if isinstance(head, Scalar) and head.plain and _paren_depth(head.value) > 0:
                depth, j = _paren_depth(head.value), k
                while depth > 0 and j + 1 < len(items):
                    nxt = items[j + 1]
                    if not (isinstance(nxt, Scalar) and nxt.plain):
                        break
                    j, depth = j + 1, depth + _paren_depth(nxt.value)
                tail = items[j]
                end = tail.end if isinstance(tail, Scalar) else head.end
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

    def _mapping(self, node: Any) -> tuple[Node, int]:
        bad = self._refused_tag(node)
        if bad is not None:
            return bad, 1
        size = 1
        explicit: dict[str, tuple[Scalar, Node]] = {}
        merged: dict[str, tuple[Scalar, Node]] = {}
        own: list[Problem | None] = []
        inner: list[Problem | None] = []
        for key_node, value_node in node.value:
            key, n_key = self.convert(key_node)
            value, n_value = self.convert(value_node)
            size += n_key + n_value
            if not isinstance(key, Scalar):
                own.append(key.problem or Problem(key.loc, _COMPLEX_KEY))
                continue
            if key.tag == _MERGE:
                # YAML's merge key `<<: *defaults`: explicit keys win, and an
                # earlier merged mapping wins over a later one.
                sources = value.items if isinstance(value, Seq) else (value,)
                for source in sources:
                    if not isinstance(source, Map):
                        own.append(Problem(key.loc, _BAD_MERGE))
                        break
                    inner.append(source.problem)
                    for pair in source.pairs:
                        merged.setdefault(pair[0].value, pair)
                continue
            if key.value in explicit:
                first = explicit[key.value][0].loc
                message = f"duplicate key '{key.value}' (first at line {first.line})"
                own.append(Problem(key.loc, message))
                continue
            if isinstance(value, Scalar) and value.is_null and value.value == "":
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
        return Map(tuple(pairs), loc, first_own, _first([first_own, *inner])), size


def read(data: bytes | str, path: str) -> Node | None:
    """The located tree of a file's contents (None for an empty file).

    Raises:
        ClaimError: the file is too large, not UTF-8, not YAML, or meets a safety
            limit (a :class:`~derivcheck.errors.LimitExceeded`).
    """
    text = _decode(data, path)
    # A byte-order mark has no column, and libyaml leaves it out of its
    # mark indices while PyYAML counts it: without it both agree.
    text = text[1:] if text.startswith("\ufeff") else text
    root = _compose(text, path)
    if root is None:
        return None
    try:
        tree, _ = _Tree(text, path).convert(root)
    except _Refused as exc:
        raise _refusal(exc, path) from None
    except RecursionError:
        raise LimitExceeded("YAML nested too deeply", Location(path, 1)) from None
    return tree
