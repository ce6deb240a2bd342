"""The key tables of the claim format, and the JSON Schema generated from them."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml  # type: ignore[import-untyped, unused-ignore]

from derivcheck import schema
from derivcheck.model import RELATIONS, Claim, ClaimFile, Step
from derivcheck.schema import CLAIM, FILE, STEP, KINDS, Kind, json_schema

EXAMPLES = Path("/work/shared/examples/claim-format-examples.yaml")


# ---------------------------------------------------------------------------
# The tables.
# ---------------------------------------------------------------------------


def test_the_three_levels_have_the_keys_of_the_format() -> None:
    # "notation" is derivcheck's extension at the top level and in a claim, as "assume" is in a claim.
    assert FILE.names == ("title", "source", "claims", "notation")
    assert CLAIM.names == (
        "id",
        "title",
        "source",
        "latex",
        "symbols",
        "random",
        "where",
        "assume",
        "claim",
        "steps",
        "expect",
        "note",
        "notation",
    )
    assert STEP.names == ("expr", "rel", "why")


def test_required_keys_and_the_one_of_rule() -> None:
    assert [k.name for k in FILE.keys if k.required] == ["claims"]
    assert [k.name for k in CLAIM.keys if k.required] == ["id", "title"]
    assert [k.name for k in STEP.keys if k.required] == ["expr"]
    assert CLAIM.one_of == ("claim", "steps")


def test_allowed_values_come_from_the_model() -> None:
    expect, rel = CLAIM.key("expect"), STEP.key("rel")
    assert expect is not None and expect.allowed == ("holds", "refuted") and expect.default == "holds"
    assert rel is not None and rel.allowed == RELATIONS and rel.default == "=="
    ident = CLAIM.key("id")
    assert ident is not None and ident.pattern == schema.ID_PATTERN


def test_every_key_has_a_description_and_a_kind_with_words() -> None:
    for level in schema.LEVELS:
        for spec in level.keys:
            assert spec.description.strip().endswith("."), spec.name
            assert KINDS[spec.kind].noun
    assert set(KINDS) == set(Kind)


def test_key_names_are_the_model_field_names() -> None:
    # The loader builds model objects from the tables by name.
    assert set(CLAIM.names) <= set(Claim.__dataclass_fields__)
    assert set(STEP.names) == set(Step.__dataclass_fields__)
    assert set(FILE.names) <= set(ClaimFile.__dataclass_fields__)


def test_level_key_finds_a_key_or_none() -> None:
    assert CLAIM.key("assume") is not None
    assert CLAIM.key("sybmols") is None


@pytest.mark.parametrize("good", ["a", "softmax-jacobian", "x2-y3", "42"])
def test_the_id_pattern_accepts_kebab_case(good: str) -> None:
    assert re.match(schema.ID_PATTERN, good)


@pytest.mark.parametrize("bad", ["", "A", "a_b", "a--b", "-a", "a-", "a b"])
def test_the_id_pattern_refuses_the_rest(bad: str) -> None:
    assert not re.match(schema.ID_PATTERN, bad)


# ---------------------------------------------------------------------------
# The JSON Schema.
# ---------------------------------------------------------------------------


def test_the_json_schema_is_draft_2020_12_and_serialisable() -> None:
    out = json_schema()
    assert out["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert json.loads(json.dumps(out)) == out


def test_every_object_is_closed_and_lists_its_required_keys() -> None:
    out = json_schema()
    objects = {"file": out, "claim": out["$defs"]["claim"], "step": out["$defs"]["step"]}
    for level in schema.LEVELS:
        obj = objects[level.name]
        assert obj["type"] == "object" and obj["additionalProperties"] is False
        assert obj["required"] == [k.name for k in level.keys if k.required]
        assert obj["description"] == level.description


def test_the_json_schema_is_generated_from_the_tables() -> None:
    out = json_schema()
    objects = {"file": out, "claim": out["$defs"]["claim"], "step": out["$defs"]["step"]}
    for level in schema.LEVELS:
        properties = objects[level.name]["properties"]
        assert list(properties) == list(level.names)
        for spec in level.keys:
            assert properties[spec.name]["description"] == spec.description


def test_the_enums_the_pattern_and_one_of() -> None:
    claim = json_schema()["$defs"]["claim"]
    assert claim["properties"]["expect"]["enum"] == ["holds", "refuted"]
    assert claim["properties"]["id"]["pattern"] == "^[a-z0-9]+(-[a-z0-9]+)*$"
    assert claim["oneOf"] == [{"required": ["claim"]}, {"required": ["steps"]}]
    step = json_schema()["$defs"]["step"]
    assert step["properties"]["rel"]["enum"] == list(RELATIONS)


def test_each_call_returns_a_fresh_schema() -> None:
    first = json_schema()
    first["$defs"]["claim"]["properties"]["expect"]["enum"].append("maybe")
    assert json_schema()["$defs"]["claim"]["properties"]["expect"]["enum"] == ["holds", "refuted"]


# A validator for the part of JSON Schema the generated schema uses. It
# refuses any keyword it does not know, so the schema cannot grow a keyword
# these tests silently ignore.
_ANNOTATIONS = {"$schema", "$id", "title", "description", "default"}


def _type_ok(value: Any, name: str) -> bool:
    if name == "null":
        return value is None
    if name == "boolean":
        return isinstance(value, bool)
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if name == "string":
        return isinstance(value, str)
    if name == "array":
        return isinstance(value, list)
    if name == "object":
        return isinstance(value, dict)
    raise AssertionError(f"unknown type {name}")


def _valid(value: Any, node: dict[str, Any], root: dict[str, Any]) -> bool:
    for keyword, arg in node.items():
        if keyword in _ANNOTATIONS or keyword == "$defs":
            continue
        if keyword == "$ref":
            assert arg.startswith("#/$defs/")
            ok = _valid(value, root["$defs"][arg[len("#/$defs/") :]], root)
        elif keyword == "type":
            ok = any(_type_ok(value, t) for t in ([arg] if isinstance(arg, str) else arg))
        elif keyword == "enum":
            ok = value in arg
        elif keyword == "pattern":
            ok = not isinstance(value, str) or re.search(arg, value) is not None
        elif keyword == "anyOf":
            ok = any(_valid(value, sub, root) for sub in arg)
        elif keyword == "oneOf":
            ok = sum(_valid(value, sub, root) for sub in arg) == 1
        elif keyword == "allOf":
            ok = all(_valid(value, sub, root) for sub in arg)
        elif keyword == "not":
            ok = not _valid(value, arg, root)
        elif keyword == "required":
            ok = not isinstance(value, dict) or all(k in value for k in arg)
        elif keyword == "properties":
            ok = not isinstance(value, dict) or all(
                _valid(v, arg[k], root) for k, v in value.items() if k in arg
            )
        elif keyword == "additionalProperties":
            known = node.get("properties", {})
            extra = [v for k, v in value.items() if k not in known] if isinstance(value, dict) else []
            ok = all(arg is not False and _valid(v, arg, root) for v in extra)
        elif keyword == "propertyNames":
            ok = not isinstance(value, dict) or all(_valid(k, arg, root) for k in value)
        elif keyword == "minItems":
            ok = not isinstance(value, list) or len(value) >= arg
        elif keyword == "prefixItems":
            ok = not isinstance(value, list) or all(
                _valid(v, sub, root) for v, sub in zip(value, arg)
            )
        elif keyword == "items":
            skip = len(node.get("prefixItems", []))
            ok = not isinstance(value, list) or all(_valid(v, arg, root) for v in value[skip:])
        else:
            raise AssertionError(f"the test validator does not know {keyword!r}")
        if not ok:
            return False
    return True


def valid(document: Any) -> bool:
    out = json_schema()
    return _valid(document, out, out)


@pytest.mark.skipif(not EXAMPLES.exists(), reason="the contract's example file is not here")
def test_the_contract_examples_are_valid() -> None:
    assert valid(yaml.safe_load(EXAMPLES.read_text(encoding="utf-8")))


GOOD = {
    "title": "T",
    "claims": [
        {
            "id": "a",
            "title": "t",
            "symbols": {"x": "real", "n": [2, 3], "c": "[-1, 1)", "k": "positive integer", "v": "vector[n]", "i": "range(1, n)"},
            "random": {"r": ["Normal(0, 1)", "Uniform(0, 1)"]},
            "where": {"f": "x**2"},
            "assume": ["x > 0"],
            "claim": "f >= 0",
            "expect": "holds",
            "note": None,
        },
        {
            "id": "b-2",
            "title": "t",
            "steps": ["a", {"expr": "b", "why": "w"}, {"expr": "c", "rel": "<="}],
            "assume": "x != 0",
        },
    ],
}


def _changed(path: list[Any], value: Any) -> Any:
    document = json.loads(json.dumps(GOOD))
    target = document
    for key in path[:-1]:
        target = target[key]
    if value is _DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return document


_DELETE = object()


def test_a_good_document_is_valid() -> None:
    assert valid(GOOD)


BROKEN: list[tuple[list[Any], Any]] = [
    (["claim"], []),  # an unknown top-level key
    (["claims"], _DELETE),
    (["claims", 0, "sybmols"], {}),
    (["claims", 0, "id"], "Not_Kebab"),
    (["claims", 0, "title"], _DELETE),
    (["claims", 0, "expect"], "maybe"),
    (["claims", 0, "steps"], ["a", "b"]),  # both claim and steps
    (["claims", 1, "steps"], _DELETE),  # neither
    (["claims", 1, "steps"], ["a"]),  # one step links nothing
    (["claims", 1, "steps", 0], {"expr": "a", "rel": "<="}),  # rel on the first step
    (["claims", 1, "steps", 2, "rel"], "=<"),
    (["claims", 1, "steps", 1, "because"], "x"),
    (["claims", 0, "symbols", "lambda"], "real"),
    (["claims", 0, "symbols", "2x"], "real"),
    (["claims", 0, "symbols", "n"], []),
    (["claims", 0, "where", "g"], ["x"]),
    (["claims", 0, "symbols", "x"], "reel"),  # the loader says "did you mean 'real'?"; so does the editor now
    (["claims", 0, "symbols", "x"], "real postive"),
    (["claims", 0, "symbols", "x"], -2.5),  # a number is not a domain ([-2.5] is)
    (["claims", 0, "symbols", "x"], "vector(n)"),
]


@pytest.mark.parametrize("path, value", BROKEN)
def test_a_document_breaking_one_rule_is_invalid(path: list[Any], value: Any) -> None:
    assert not valid(_changed(path, value))


def test_jsonschema_agrees_where_it_is_installed() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft202012Validator(json_schema())
    validator.check_schema(json_schema())
    assert validator.is_valid(GOOD)
    if EXAMPLES.exists():
        assert validator.is_valid(yaml.safe_load(EXAMPLES.read_text(encoding="utf-8")))
    for path, value in BROKEN:
        assert not validator.is_valid(_changed(path, value)), path


def test_the_schema_has_an_id_and_accepts_every_bundled_claims_file() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    document = json_schema()
    assert document["$id"] == schema.SCHEMA_ID
    validator = jsonschema.Draft202012Validator(document)
    files = sorted((Path(__file__).resolve().parents[1] / "claims").glob("*.yaml"))
    assert files
    for path in files:
        errors = list(validator.iter_errors(yaml.safe_load(path.read_text(encoding="utf-8"))))
        assert errors == [], (path.name, [e.message for e in errors[:3]])
