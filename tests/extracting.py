"""What the extract tests share: a document's claims as the output writes them, and a claim's verdict."""

from __future__ import annotations

from pathlib import Path

import yaml

from derivcheck import api
from derivcheck.extract import extract_text, read_notation, render


def claims(doc: str, tmp_path: Path | None = None, notation: str | None = None) -> list[dict[str, object]]:
    """The claims extracted from the Markdown ``doc``, with the notation file ``notation`` if given."""
    chosen = None
    if notation is not None:
        assert tmp_path is not None
        note = tmp_path / "n.yaml"
        note.write_text(notation, encoding="utf-8")
        chosen = read_notation(note)
    found: list[dict[str, object]] = yaml.safe_load(render(extract_text(doc, "d.md", chosen)))["claims"]
    return found


def verdict(claim: dict[str, object]) -> str:
    """The verdict of one extracted claim (a ``claim:``), checked as it is written."""
    result = api.check(
        str(claim["claim"]),
        symbols=claim.get("symbols"),  # type: ignore[arg-type]
        where=claim.get("where"),  # type: ignore[arg-type]
        assume=claim.get("assume"),  # type: ignore[arg-type]
        random=claim.get("random"),  # type: ignore[arg-type]
    )
    return result.verdict.value
