"""``--format json``: one JSON document, exactly the contract's shape (format 1)."""

from __future__ import annotations

import json
from typing import Any, Sequence

from derivcheck.model import ClaimResult
from derivcheck.summary import Summary


def claim_entry(r: ClaimResult) -> dict[str, Any]:
    """A claim as the contract's JSON object (a file that cannot be read has ``id: null``)."""
    return r.to_dict()


def render(results: Sequence[ClaimResult], summary: Summary, statistics: Sequence[tuple[str, Summary]] | None = None) -> str:
    """The whole report, as one JSON document (with ``--statistics``, also the counts of each file)."""
    doc: dict[str, Any] = {
        "format": 1,
        "claims": [claim_entry(r) for r in results],
        "summary": summary.to_dict(),
    }
    if statistics is not None:
        doc["statistics"] = [{"file": file, **s.to_dict()} for file, s in statistics]
    return json.dumps(doc, indent=2, ensure_ascii=False)


def render_one(r: ClaimResult) -> str:
    """``explain --format json``: one claim's object."""
    return json.dumps(claim_entry(r), indent=2, ensure_ascii=False)
