"""Shared test settings: every test gets its own cache folder, never the repository's."""

from __future__ import annotations

from pathlib import Path

import pytest

#: The contract's examples live beside the checkout, in ../shared (absent outside CI).
SHARED = Path(__file__).resolve().parents[2] / "shared"
EXAMPLES = SHARED / "examples" / "claim-format-examples.yaml"


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DERIVCHECK_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
