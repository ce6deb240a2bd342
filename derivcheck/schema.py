"""The claim-file format as data: one table of keys for each level of a claims file.

A claims file has three levels of mappings: the file's top level, a claim, and
a mapping item of a claim's ``steps``. Each level is a :class:`Level`: a table
of :class:`KeySpec` entries (name, kind, required or not, description, allowed
values). The loader reads a file by walking these tables, and
:func:`json_schema` generates the JSON Schema of a claims file from the same
tables, so the two cannot drift apart. To add a key to the format, add one
entry to a table (and, for a new kind of value, one entry to :data:`KINDS` and
one reader in the loader).

``assume`` is derivcheck's extension of the claim format (version 1): a
condition, or a list of conditions, restricting the domain of the symbols.
``notation`` is another, at the top level of a file: a table from the document's
LaTeX to claim-language names (:mod:`derivcheck.latex.notation`), merged over the
defaults, used to read each claim's ``latex``.
"""

from __future__ import annotations

import copy
import keyword
from dataclasses import dataclass
from enum import Enum
from typing import Any

from derivcheck import domains
from derivcheck.latex.notation import MAX_KEY_CHARS
from derivcheck.model import RELATIONS, Expect

#: An id: lowercase words of letters and digits joined by single hyphens.
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"

#: A name in ``symbols``, ``random`` or ``where``: an identifier (and not a Python keyword).
NAME_PATTERN = r"^[A-Za-z][A-Za-z0-9_]*$"

#: The words ``expect`` may take.
EXPECT_VALUES: tuple[str, ...] = tuple(e.value for e in Expect)

#: The JSON Schema dialect :func:`json_schema` writes.
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

#: The schema's identity: the claim format, version 1. A name, not an address to fetch.
SCHEMA_ID = "urn:derivcheck:claims-file:1"


class Kind(str, Enum):
    """What a key's value is: each kind has one reader in the loader and one JSON fragment."""

    TEXT = "text"
    ID = "id"
    CHOICE = "choice"
    EXPRESSION = "expression"
    DOMAINS = "domains"
    DISTRIBUTIONS = "distributions"
    BINDINGS = "bindings"
    CONDITIONS = "conditions"
    STEPS = "steps"
    CLAIMS = "claims"
    NOTATION = "notation"


@dataclass(frozen=True)
class KindSpec:
    """How a kind of value is written.

    Attributes:
        kind: the kind described.
        noun: what a value of this kind is, for messages ("symbols must be
            a mapping of name to domain, not a list").
        item: for a mapping of names, what each name maps to ("domain").
    """

    kind: Kind
    noun: str
    item: str = ""


@dataclass(frozen=True)
class KeySpec:
    """One key of a mapping in a claims file.

    Attributes:
        name: the key as written.
        kind: what its value is.
        description: one sentence for people (and the JSON Schema).
        required: whether the mapping must have it.
        allowed: the only values it may take (empty: any value of its kind).
        pattern: a regular expression its value must match (None: any).
        default: the value it has when absent, as written (None: no value).
        nullable: whether ``key:`` with no value is accepted, as if absent.
    """

    name: str
    kind: Kind
    description: str
    required: bool = False
    allowed: tuple[str, ...] = ()
    pattern: str | None = None
    default: str | None = None
    nullable: bool = False


@dataclass(frozen=True)
class Level:
    """One level of mappings in a claims file: its keys and the rules that join them.

    Attributes:
        name: the level's name, also its name under ``$defs`` in the JSON Schema.
        description: what a mapping of this level is.
        keys: its keys, in the order they are documented.
        one_of: keys of which exactly one must be present (empty: no such rule).
    """

    name: str
    description: str
    keys: tuple[KeySpec, ...]
    one_of: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The names of its keys, in order."""
        return tuple(k.name for k in self.keys)

    def key(self, name: str) -> KeySpec | None:
        """The key called ``name``, or None when the level has no such key."""
        for spec in self.keys:
            if spec.name == name:
                return spec
        return None


#: The kinds of values, with the words messages use for them.
KINDS: dict[Kind, KindSpec] = {
    spec.kind: spec
    for spec in (
        KindSpec(Kind.TEXT, "a string"),
        KindSpec(Kind.ID, "a kebab-case id"),
        KindSpec(Kind.CHOICE, "one of the allowed words"),
        KindSpec(Kind.EXPRESSION, "an expression (a string)"),
        KindSpec(Kind.DOMAINS, "a mapping of name to domain", "domain"),
        KindSpec(
            Kind.DISTRIBUTIONS,
            "a mapping of name to a distribution or a list of distributions",
            "distribution",
        ),
        KindSpec(Kind.BINDINGS, "a mapping of name to expression", "expression"),
        KindSpec(Kind.CONDITIONS, "a condition or a list of conditions"),
        KindSpec(Kind.STEPS, "a list of at least 2 steps"),
        KindSpec(Kind.CLAIMS, "a list of claims"),
        KindSpec(Kind.NOTATION, "a mapping of LaTeX to a claim-language name", "name"),
    )
}

#: What starts an expression left to edit (``derivcheck extract`` writes it for what it
#: could not translate): the loader refuses it, so the claim is invalid until edited.
TODO_MARK = "TODO:"

#: The least number of items of ``steps``: one link needs two ends.
MIN_STEPS = 2

#: Keys a step may not have when it is the first item (there is nothing before it).
FIRST_STEP_FORBIDS: tuple[str, ...] = ("rel",)


FILE = Level(
    name="file",
    description="A claims file: an optional heading and source document, and a list of claims.",
    keys=(
        KeySpec("title", Kind.TEXT, "A heading for the file's claims.", nullable=True),
        KeySpec(
            "source",
            Kind.TEXT,
            "The document the claims come from, e.g. a file name.",
            nullable=True,
        ),
        KeySpec("claims", Kind.CLAIMS, "The claims of the file.", required=True),
        KeySpec(
            "notation",
            Kind.NOTATION,
            "LaTeX to claim-language names, for reading each claim's `latex`, e.g."
            " `\\sigma: sigmoid` or `\"f(x, \\theta)\": f`; merged over the defaults"
            " (derivcheck's extension of the format).",
            nullable=True,
        ),
    ),
)

CLAIM = Level(
    name="claim",
    description=(
        "One claim: a relation or boolean statement (`claim`) or a derivation chain"
        " (`steps`) that must hold for every value of its symbols."
    ),
    keys=(
        KeySpec(
            "id",
            Kind.ID,
            "Kebab-case, unique across the claims folder; what `derivcheck explain ID` takes.",
            required=True,
            pattern=ID_PATTERN,
        ),
        KeySpec("title", Kind.TEXT, "One line: what the claim says in words.", required=True),
        KeySpec(
            "source", Kind.TEXT, 'Where the claim is stated, e.g. "§4(b)".', nullable=True
        ),
        KeySpec(
            "latex", Kind.TEXT, "The claim as the source writes it, for display.", nullable=True
        ),
        KeySpec(
            "symbols",
            Kind.DOMAINS,
            "Name to domain, for every free name: a word such as `real` or"
            " `positive integer`, an interval such as `(0, 1)`, `range(1, n)`,"
            " `vector[n]`, `matrix[m, n]`, or a list of values (a finite set).",
            nullable=True,
        ),
        KeySpec(
            "random",
            Kind.DISTRIBUTIONS,
            "Name to distribution, or to a list of distributions (the claim is checked for each).",
            nullable=True,
        ),
        KeySpec(
            "where",
            Kind.BINDINGS,
            "Ordered let-bindings `name: expression`; later ones may use earlier ones.",
            nullable=True,
        ),
        KeySpec(
            "assume",
            Kind.CONDITIONS,
            "A condition, or a list of conditions, restricting the domain of the"
            " symbols, e.g. `i != j` or `x > 0` (derivcheck's extension of the format).",
            nullable=True,
        ),
        KeySpec(
            "claim",
            Kind.EXPRESSION,
            "One relation or boolean statement that must hold for every value of the symbols.",
        ),
        KeySpec(
            "steps",
            Kind.STEPS,
            "A derivation chain: a list of expressions, each related to the one"
            " before (by `==` unless the item says otherwise).",
        ),
        KeySpec(
            "expect",
            Kind.CHOICE,
            "What the author says is true: `holds`, or `refuted` to record a known error.",
            allowed=EXPECT_VALUES,
            default=Expect.HOLDS.value,
        ),
        KeySpec("note", Kind.TEXT, "Free text shown by `derivcheck explain`.", nullable=True),
        KeySpec(
            "notation",
            Kind.NOTATION,
            "LaTeX to claim-language names for this claim's `latex` only, over the file's"
            " `notation` (derivcheck's extension of the format).",
            nullable=True,
        ),
    ),
    one_of=("claim", "steps"),
)

STEP = Level(
    name="step",
    description="One item of a `steps` chain, written as a mapping.",
    keys=(
        KeySpec("expr", Kind.EXPRESSION, "The expression of this item.", required=True),
        KeySpec(
            "rel",
            Kind.CHOICE,
            "How this item relates to the item before it (not allowed on the first item).",
            allowed=RELATIONS,
            default="==",
        ),
        KeySpec("why", Kind.TEXT, "The reason for this link, shown by `explain`.", nullable=True),
    ),
)

#: Every level, outermost first.
LEVELS: tuple[Level, ...] = (FILE, CLAIM, STEP)


# ---------------------------------------------------------------------------
# The JSON Schema, generated from the tables above.
# ---------------------------------------------------------------------------

# A YAML scalar as JSON sees it: the loader keeps the raw text of numbers and
# booleans too (``c: -2.5`` stays the text "-2.5"), so the schema accepts them.
_SCALAR: dict[str, Any] = {"type": ["string", "number", "boolean"]}
_NONEMPTY_SCALARS: dict[str, Any] = {"type": "array", "minItems": 1, "items": _SCALAR}
_NAMES: dict[str, Any] = {
    "pattern": NAME_PATTERN,
    "not": {"enum": sorted(keyword.kwlist)},
}


def _ref(level: Level) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{level.name}"}


def _step_item(first: bool) -> dict[str, Any]:
    """An item of ``steps``: an expression, or a step mapping (without ``rel`` when first)."""
    mapping: dict[str, Any] = _ref(STEP)
    if first:
        mapping = {"allOf": [mapping, {"not": {"required": list(FIRST_STEP_FORBIDS)}}]}
    return {"anyOf": [_SCALAR, mapping]}


def _domain_pattern() -> str:
    """One regular expression for a domain written as a string, from the domain reader's own.

    Editors then flag ``{x: reel}`` as the loader does. The reader's patterns
    use only what ECMA-262 regular expressions (JSON Schema's) have too.
    """
    words = "|".join(sorted(domains.ASSUMPTION_WORDS))
    bodies = [
        r"\s*\{[\s\S]*\}\s*",  # a finite set written inline, {0, 1}
        *(p.pattern.removeprefix("^").removesuffix("$") for p in (domains._INTERVAL, domains._RANGE, domains._VECTOR, domains._MATRIX)),
        rf"\s*(?:{words})(?:\s+(?:{words}))*\s*",
    ]
    return "^(?:" + "|".join(f"(?:{b})" for b in bodies) + ")$"


_DOMAIN: dict[str, Any] = {
    "anyOf": [{"type": "string", "pattern": _domain_pattern()}, _NONEMPTY_SCALARS],
    "description": "Assumption words (real, positive integer, ...), an interval such as (0, 1), "
    "range(a, b), vector[n], matrix[m, n], or a list of values.",
}


def _named(values: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "propertyNames": _NAMES, "additionalProperties": values}


#: The JSON Schema fragment of each kind (before the key's own enum, pattern, ...).
_KIND_JSON: dict[Kind, dict[str, Any]] = {
    Kind.TEXT: _SCALAR,
    # An integer id such as 42 reads as the text "42", which is kebab-case.
    Kind.ID: {"type": ["string", "integer"]},
    Kind.CHOICE: {"type": "string"},
    Kind.EXPRESSION: _SCALAR,
    Kind.DOMAINS: _named(_DOMAIN),
    Kind.DISTRIBUTIONS: _named({"anyOf": [_SCALAR, _NONEMPTY_SCALARS]}),
    Kind.BINDINGS: _named(_SCALAR),
    Kind.CONDITIONS: {"anyOf": [_SCALAR, {"type": "array", "items": _SCALAR}]},
    Kind.STEPS: {
        "type": "array",
        "minItems": MIN_STEPS,
        "prefixItems": [_step_item(first=True)],
        "items": _step_item(first=False),
    },
    Kind.CLAIMS: {"type": "array", "items": _ref(CLAIM)},
    Kind.NOTATION: {
        "type": "object",
        "propertyNames": {"minLength": 1, "maxLength": MAX_KEY_CHARS},
        "additionalProperties": {"type": "string", "pattern": NAME_PATTERN},
    },
}


def _property(spec: KeySpec) -> dict[str, Any]:
    """The JSON Schema of one key's value."""
    fragment = copy.deepcopy(_KIND_JSON[spec.kind])
    if spec.allowed:
        fragment["enum"] = list(spec.allowed)
    if spec.pattern is not None:
        fragment["pattern"] = spec.pattern
    if spec.nullable:
        fragment = {"anyOf": [fragment, {"type": "null"}]}
    fragment["description"] = spec.description
    if spec.default is not None:
        fragment["default"] = spec.default
    return fragment


def _object(level: Level) -> dict[str, Any]:
    """The JSON Schema of a mapping of one level."""
    out: dict[str, Any] = {
        "type": "object",
        "description": level.description,
        "properties": {spec.name: _property(spec) for spec in level.keys},
        "required": [spec.name for spec in level.keys if spec.required],
        "additionalProperties": False,
    }
    if level.one_of:
        out["oneOf"] = [{"required": [name]} for name in level.one_of]
    return out


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a claims file, generated from the key tables.

    Returns:
        A fresh JSON-serialisable dict; the caller may change it.

    Example:
        >>> schema = json_schema()
        >>> schema["required"]
        ['claims']
        >>> schema["$defs"]["claim"]["properties"]["expect"]["enum"]
        ['holds', 'refuted']
    """
    out: dict[str, Any] = {
        "$schema": SCHEMA_DIALECT,
        "$id": SCHEMA_ID,
        "title": "derivcheck claims file",
    }
    out.update(_object(FILE))
    out["$defs"] = {level.name: _object(level) for level in LEVELS if level is not FILE}
    return out
