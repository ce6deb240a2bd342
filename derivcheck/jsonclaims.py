"""Claims written as JSON: one claim per object, read by the same rules as a claim of a claims file.

A JSON line (``derivcheck batch``) or a mapping handed to
:func:`derivcheck.check_many` has the keys of one YAML claim. It is turned
into the located tree :mod:`derivcheck.yamltree` makes of YAML (every value
located at its line, column 1: JSON gives no column to a value) and read by
:func:`derivcheck.loader.load_claim`, so that the schema, the messages and
the limits are those of a claims file. Values are only ever data: ``json``
parses them, nothing is evaluated.
"""

from __future__ import annotations

import json
from typing import Any

from derivcheck.errors import ClaimError
from derivcheck.loader import MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, load_claim
from derivcheck.model import Claim, LoadFailure, Location
from derivcheck.yamltree import TAG_PREFIX, Map, Node, Problem, Scalar, Seq

#: The longest line read as one claim: as much as a whole claims file may hold.
MAX_LINE_BYTES = MAX_FILE_BYTES

_STR, _INT, _FLOAT, _BOOL, _NULL = (TAG_PREFIX + t for t in ("str", "int", "float", "bool", "null"))


class _Int(str):
    """A JSON integer as written (its text is what a claim reads, as YAML keeps it)."""


class _Float(str):
    """A JSON number with a fraction or an exponent, as written."""


class _Pairs(list):  # type: ignore[type-arg]
    """A JSON object's pairs in order, duplicates kept (``json`` would keep only the last)."""


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


class _Tree:
    """Python values parsed from JSON (or given to the API) to located nodes, within the loader's limits."""

    def __init__(self, loc: Location) -> None:
        self.loc = loc
        self.count = 0

    def node(self, value: object, depth: int = 1) -> Node:
        self.count += 1
        if self.count > MAX_NODES:
            raise ClaimError(f"the claim has more than {MAX_NODES} values", self.loc)
        if depth > MAX_DEPTH:
            raise ClaimError(f"the claim is nested too deeply (more than {MAX_DEPTH} levels)", self.loc)
        if isinstance(value, (_Pairs, dict)):
            return self._mapping(list(value.items()) if isinstance(value, dict) else value, depth)
        if isinstance(value, (list, tuple)):
            items = tuple(self.node(item, depth + 1) for item in value)
            return Seq(items, self.loc, next((i.problem for i in items if i.problem), None), None)
        return self._scalar(value)

    def _scalar(self, value: object) -> Scalar:
        if isinstance(value, _Int):
            text, tag = str.__str__(value), _INT
        elif isinstance(value, _Float):
            text, tag = str.__str__(value), _FLOAT
        elif isinstance(value, str):
            text, tag = value, _STR
        elif value is None:
            text, tag = "null", _NULL
        elif isinstance(value, bool):
            text, tag = ("true" if value else "false"), _BOOL
        elif isinstance(value, int):
            try:
                text, tag = str(value), _INT
            except ValueError:  # more digits than Python prints
                raise ClaimError("a number in the claim is too long", self.loc) from None
        elif isinstance(value, float):
            text, tag = repr(value), _FLOAT
        else:
            raise ClaimError(f"a value of the claim is a {type(value).__name__}, not a string, number, list or mapping", self.loc)
        # Not inline: a JSON string's characters are not its columns (quotes, escapes).
        return Scalar(text, self.loc, False, tag, False, 0, 0)

    def _mapping(self, pairs: list[tuple[Any, Any]], depth: int) -> Map:
        seen: set[str] = set()
        own: Problem | None = None
        out: list[tuple[Scalar, Node]] = []
        for key, value in pairs:
            if not isinstance(key, str):
                raise ClaimError(f"a key of the claim is a {type(key).__name__}, not a string", self.loc)
            if key in seen and own is None:
                own = Problem(self.loc, f"duplicate key '{key}'")
            seen.add(key)
            out.append((Scalar(key, self.loc, False, _STR, False, 0, 0), self.node(value, depth + 1)))
        inner = next((v.problem for _, v in out if v.problem), None)
        return Map(tuple(out), self.loc, own, own or inner)


def _describe(value: object) -> str:
    """What a JSON value is, in words, for "must be ..., not a list"."""
    if isinstance(value, (list, tuple)):
        return "a list"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, (_Int, _Float, int, float)):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return f"a {type(value).__name__}"


_SHAPE = "a claim must be a JSON object with 'id', 'title' and 'claim' or 'steps'"


def claim_of_value(value: object, loc: Location) -> Claim | LoadFailure:
    """A claim from a parsed JSON value (or a mapping given to the API); never raises for bad input."""
    if not isinstance(value, (_Pairs, dict)):
        return LoadFailure(loc, f"{_SHAPE}, not {_describe(value)}")
    try:
        node = _Tree(loc).node(value)
    except ClaimError as exc:
        return LoadFailure(exc.loc or loc, exc.message, _peek_id(value))
    except RecursionError:
        return LoadFailure(loc, f"the claim is nested too deeply (more than {MAX_DEPTH} levels)", _peek_id(value))
    return load_claim(node)


def _peek_id(value: _Pairs | dict[Any, Any]) -> str | None:
    pairs = value.items() if isinstance(value, dict) else value
    found = next((v for k, v in pairs if k == "id"), None)
    return found if isinstance(found, str) and found.strip() else None


def claim_of_line(data: bytes, path: str, number: int) -> Claim | LoadFailure | None:
    """The claim of one line of a JSONL file (None for a blank line); never raises for bad input.

    Args:
        data: the line's bytes, with or without its line break.
        path: the file name to put in every location.
        number: the line's number (1-based), the line of every location.
    """
    loc = Location(path, number, 1)
    if len(data.rstrip(b"\r\n")) > MAX_LINE_BYTES:
        return LoadFailure(loc, f"the line is longer than the limit of {MAX_LINE_BYTES} bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return LoadFailure(Location(path, number, exc.start + 1), f"the line is not UTF-8: byte 0x{data[exc.start]:02x} cannot be decoded")
    text = text.removeprefix("\ufeff") if number == 1 else text
    if not text.strip():
        return None
    try:
        value = json.loads(
            text, object_pairs_hook=_Pairs, parse_int=_Int, parse_float=_Float, parse_constant=_refuse_constant
        )
    except json.JSONDecodeError as exc:
        return LoadFailure(Location(path, number, exc.colno), f"the line is not JSON: {exc.msg} (column {exc.colno})")
    except ValueError as exc:  # NaN, Infinity
        return LoadFailure(loc, f"the line is not JSON: {exc}")
    except RecursionError:
        return LoadFailure(loc, f"the line is nested too deeply (more than {MAX_DEPTH} levels)")
    return claim_of_value(value, loc)
