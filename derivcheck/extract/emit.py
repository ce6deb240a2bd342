"""An extraction as a claims file: the last stage of ``derivcheck extract``.

The YAML is written by hand rather than by ``yaml.safe_dump`` for what a reader
needs and a dumper cannot give: comments (``# REVIEW`` beside a placeholder
domain, a comment for each skipped display) and ``latex:`` as a literal block.
Every string scalar is written as a JSON string, which is a valid YAML
double-quoted scalar, so no text of the document can change the file's shape.
The result is then read back with ``yaml.safe_load`` and compared with the data
it was made from; should they ever differ, the plain ``yaml.safe_dump`` of the
data is written instead (without the comments), so the output always loads.
The output depends only on the extraction: the same document gives the same bytes.
"""

from __future__ import annotations

import json
import re
from typing import Any

import yaml  # type: ignore[import-untyped, unused-ignore]

from derivcheck.extract.build import ExtractedClaim, Extraction, Item
from derivcheck.extract.context import Domain

_PLAIN_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
# Characters a YAML block scalar cannot hold (C0 controls but tab and newline, DEL, C1, surrogates, BOM).
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufeff\u2028\u2029]")


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _key(name: str) -> str:
    """A mapping key: plain when YAML reads it back as the same string, else quoted."""
    if _PLAIN_KEY.match(name) and yaml.safe_load(name) == name:
        return name
    return _q(name)


def _domain(domain: Domain) -> str:
    """A domain: a JSON string, or a flow list of its values (JSON is valid YAML flow)."""
    if isinstance(domain, tuple):
        return "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in domain) + "]"
    return _q(domain)


def _comment(text: str) -> str:
    """Text made safe for one comment line."""
    return " ".join(_UNPRINTABLE.sub(" ", text).split())


def _block(key: str, text: str, indent: str) -> list[str]:
    """``key: |-`` and the text's lines indented; a JSON string when a block cannot hold it."""
    lines = [line.rstrip() for line in text.replace("\t", " ").strip().split("\n")]
    if not text.strip() or _UNPRINTABLE.search(text) or lines[0].startswith(" "):
        return [f"{indent}{key}: {_q(text)}"]
    return [f"{indent}{key}: |-", *(f"{indent}  {line}" if line else "" for line in lines)]


def _latex_of(text: str) -> str:
    """The ``latex:`` value as the block writes it (tabs as spaces, lines right-stripped)."""
    if not text.strip() or _UNPRINTABLE.search(text):
        return text
    lines = [line.rstrip() for line in text.replace("\t", " ").strip().split("\n")]
    if lines[0].startswith(" "):
        return text
    return "\n".join(lines)


def _item_data(item: Item, first: bool) -> Any:
    if first or item.rel in (None, "=="):
        return item.expr
    return {"expr": item.expr, "rel": item.rel}


def _claim_data(claim: ExtractedClaim) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": claim.id,
        "title": claim.title,
        "source": claim.source,
        "latex": _latex_of(claim.latex),
    }
    if claim.symbols:
        data["symbols"] = {s.name: list(s.domain) if isinstance(s.domain, tuple) else s.domain for s in claim.symbols}
    if claim.random:
        data["random"] = {r.name: list(r.domain) if isinstance(r.domain, tuple) else r.domain for r in claim.random}
    if claim.where:
        data["where"] = dict(claim.where)
    if claim.assume:
        data["assume"] = list(claim.assume)
    if claim.claim is not None:
        data["claim"] = claim.claim.expr
    else:
        data["steps"] = [_item_data(item, k == 0) for k, item in enumerate(claim.steps)]
    note = _note(claim)
    if note:
        data["note"] = note
    return data


def _note(claim: ExtractedClaim) -> str:
    parts = []
    review = [s.name for s in claim.symbols if s.review]
    if review:
        parts.append("REVIEW: the domains of " + ", ".join(review) + " are placeholders.")
    if claim.random:
        parts.append("REVIEW: the distributions of " + ", ".join(r.name for r in claim.random) + " are the notation file's.")
    if claim.from_prose:
        bound = dict(claim.where)
        domains = {s.name: s.domain for s in claim.symbols}
        said = [f"{p} = {bound[p]}" if p in bound else f"{p} {domains[p]}" if p in domains else p for p in claim.from_prose]
        parts.append("REVIEW: read from the sentence before the display: " + "; ".join(said) + ".")
    if claim.readings:
        parts.append("REVIEW: read by a rule: " + "; ".join(claim.readings) + ".")
    if claim.todos:
        parts.append(f"TODO: {claim.todos} item(s) could not be translated; edit them before the claim loads.")
    return " ".join(parts)


def data_of(extraction: Extraction) -> dict[str, Any]:
    """The claims file as plain data (what ``yaml.safe_load`` of the output gives)."""
    data: dict[str, Any] = {
        "title": f"Claims extracted from {extraction.document}",
        "source": extraction.document,
    }
    if extraction.notation:
        data["notation"] = dict(extraction.notation)
    data["claims"] = [_claim_data(c) for c in extraction.claims]
    return data


def _claim_lines(claim: ExtractedClaim) -> list[str]:
    data = _claim_data(claim)
    out = [f"  - id: {_q(claim.id)}", f"    title: {_q(claim.title)}", f"    source: {_q(claim.source)}"]
    out += _block("latex", claim.latex, "    ")
    if claim.symbols:
        out.append("    symbols:")
        for s in claim.symbols:
            mark = "  # REVIEW: a placeholder domain" if s.review else ""
            if s.name in claim.from_prose:
                mark = "  # REVIEW: read from the sentence before the display"
            out.append(f"      {_key(s.name)}: {_domain(s.domain)}{mark}")
    if claim.random:
        out.append("    random:")
        for r in claim.random:
            out.append(f"      {_key(r.name)}: {_domain(r.domain)}  # REVIEW: a distribution from the notation file")
    if claim.where:
        out.append("    where:")
        for name, text in claim.where:
            mark = "  # REVIEW: read from the sentence before the display" if name in claim.from_prose else ""
            out.append(f"      {_key(name)}: {_q(text)}{mark}")
    if claim.assume:
        out.append("    assume:")
        out += [f"      - {_q(c)}  # REVIEW: read from the sentence before the display" for c in claim.assume]
    if claim.claim is not None:
        out.append(f"    claim: {_q(claim.claim.expr)}")
    else:
        out.append("    steps:")
        for item in data["steps"]:
            if isinstance(item, dict):
                out.append(f"      - {{expr: {_q(item['expr'])}, rel: {_q(item['rel'])}}}")
            else:
                out.append(f"      - {_q(item)}")
    if "note" in data:
        out.append(f"    note: {_q(data['note'])}")
    return out


def _header(extraction: Extraction) -> list[str]:
    claims = extraction.claims
    todo = sum(1 for c in claims if c.todos)
    review = sum(1 for c in claims if any(s.review for s in c.symbols))
    lines = [
        f"# Claims extracted by `derivcheck extract` from {_comment(extraction.document)}.",
        f"# {extraction.displays} displays: {len(claims)} claims, {len(extraction.skipped)} statements skipped"
        + (f", {len(extraction.definitions)} definitions." if extraction.definitions else "."),
        f"# {todo} claims hold TODO items (invalid until edited); {review} have domains marked REVIEW.",
    ]
    for line, message in extraction.problems:
        lines.append(f"# PROBLEM at line {line}: {_comment(message)}")
    return lines


def render(extraction: Extraction) -> str:
    """The claims file's text: loadable YAML with review comments, the same for the same input.

    Example:
        >>> from derivcheck.extract.build import Extraction
        >>> print(render(Extraction("doc.md", 0, (), (), ())), end="")
        # Claims extracted by `derivcheck extract` from doc.md.
        # 0 displays: 0 claims, 0 statements skipped.
        # 0 claims hold TODO items (invalid until edited); 0 have domains marked REVIEW.
        title: "Claims extracted from doc.md"
        source: "doc.md"
        claims: []
    """
    data = data_of(extraction)
    out = _header(extraction)
    out.append(f"title: {_q(data['title'])}")
    out.append(f"source: {_q(data['source'])}")
    if extraction.notation:
        out.append("notation:")
        out += [f"  {_q(k)}: {_q(v)}" for k, v in extraction.notation]
    # Skipped statements are placed, as comments, where they stand among the claims.
    events: list[tuple[int, int, list[str]]] = []
    for n, claim in enumerate(extraction.claims):
        events.append((claim.line, n, _claim_lines(claim)))
    for m, skip in enumerate(extraction.skipped):
        text = _comment(skip.latex)
        text = text if len(text) <= 300 else text[:299] + "…"
        events.append((skip.line, -len(extraction.skipped) + m, [f"  # SKIPPED {_comment(skip.source)}: {skip.reason}: {text}"]))
    for m, made in enumerate(extraction.definitions):
        text = _comment(made.latex)
        text = text if len(text) <= 300 else text[:299] + "…"
        events.append((made.line, -len(extraction.definitions) - len(extraction.skipped) + m, [f"  # DEFINITION {_comment(made.source)}: {made.reason}: {text}"]))
    events.sort(key=lambda e: (e[0], e[1]))
    if extraction.claims:
        out.append("claims:")
        for _, _, lines in events:
            out += lines
    else:
        out.append("claims: []")
        out += [line.strip() and "# " + line.strip().lstrip("# ") for _, _, lines in events for line in lines]
    text = "\n".join(out) + "\n"
    try:
        same = yaml.safe_load(text) == data
    except yaml.YAMLError:
        same = False
    if same:
        return text
    return "\n".join(_header(extraction)) + "\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
