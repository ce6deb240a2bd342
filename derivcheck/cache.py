"""A content-addressed cache of verdicts, so that an unchanged claim is not checked again.

The key of a claim is a hash of its canonical content (not its place in the
file: a claim that moves keeps its entry), the document it quotes, the
versions of derivcheck and SymPy, and a fingerprint of derivcheck's own source
(so that a changed engine never serves stale verdicts). Entries are written
atomically (a temporary file, then ``os.replace``): an interrupted run never
leaves a half-written entry, and an unreadable entry is ignored and
recomputed. ``timeout`` results are not cached: a longer budget may decide.

This module does not import SymPy: a run whose claims are all cached stays fast.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
from dataclasses import replace
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from derivcheck.version import __version__
from derivcheck.model import Claim, ClaimFile, ClaimResult, Verdict, claim_file_from_dict, claim_file_to_dict

_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by derivcheck.\n"


@lru_cache(maxsize=1)
def fingerprint() -> str:
    """What the verdicts depend on besides the claim: versions and the engine's source."""
    h = hashlib.sha256()
    h.update(__version__.encode())
    h.update(_sympy_version().encode())
    root = Path(__file__).resolve().parent
    for path in sorted(root.rglob("*.py")):
        h.update(path.relative_to(root).as_posix().encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def _sympy_version() -> str:
    """SymPy's version, read from its release file: importing SymPy (or even
    importlib.metadata) would cost the warm path most of its time."""
    spec = find_spec("sympy")
    if spec is None or spec.origin is None:
        return "sympy?"
    try:
        release = (Path(spec.origin).parent / "release.py").read_text(encoding="utf-8")
    except OSError:
        return "sympy?"
    m = re.search(r"__version__\s*=\s*['\"]([^'\"]+)", release)
    return m.group(1) if m else "sympy?"


def key(claim: Claim) -> str:
    """The cache key of a claim."""
    payload = json.dumps({"claim": claim.canonical(), "engine": fingerprint()}, sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


class Cache:
    """Verdicts on disk under ``root``; every method tolerates a missing or broken cache."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, k: str) -> Path:
        return self.root / k[:2] / f"{k}.json"

    def get(self, claim: Claim) -> ClaimResult | None:
        """The cached result, placed at the claim's current location; None if absent or unreadable."""
        try:
            data: Any = json.loads(self._path(key(claim)).read_text(encoding="utf-8"))
            result = ClaimResult.from_dict(data)
        except (OSError, ValueError, KeyError, TypeError):
            return None
        # A claim keeps its entry when it moves in its file: its place, and the
        # line of each link of a chain, are taken from the claim as it is now.
        steps = tuple(
            replace(link, line=claim.steps[link.index].expr.loc.line) if link.index < len(claim.steps) else link
            for link in result.steps
        )
        return replace(result, file=claim.loc.file, line=claim.loc.line, col=claim.loc.col, cached=True, steps=steps)

    def put(self, claim: Claim, result: ClaimResult) -> None:
        """Store a result (not a timeout), atomically; failures to write are ignored."""
        if result.verdict is Verdict.TIMEOUT:
            return
        self._write(self._path(key(claim)), json.dumps(replace(result, cached=False).to_dict()))

    def _prepare(self) -> None:
        if (self.root / "CACHEDIR.TAG").exists():
            return
        self.root.mkdir(parents=True, exist_ok=True)
        (self.root / "CACHEDIR.TAG").write_text(_TAG, encoding="utf-8")
        (self.root / ".gitignore").write_text("# Created by derivcheck.\n*\n", encoding="utf-8")

    def parsed_file(self, data: bytes, display: str) -> ClaimFile | None:
        """The parsed form of the claims file with these bytes, shown as ``display``; None if absent.

        Parsing YAML costs more than the rest of a warm run; the parsed form is
        kept as JSON, keyed by the file's bytes, its displayed name and the
        engine fingerprint (the loader is part of it).
        """
        try:
            return claim_file_from_dict(json.loads(self._file_path(data, display).read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            return None

    def put_parsed_file(self, data: bytes, display: str, loaded: ClaimFile) -> None:
        """Keep the parsed form of a claims file (see :meth:`parsed_file`); failures to write are ignored."""
        self._write(self._file_path(data, display), json.dumps(claim_file_to_dict(loaded)))

    def _file_path(self, data: bytes, display: str) -> Path:
        k = hashlib.sha256(b"file\0" + display.encode() + b"\0" + fingerprint().encode() + b"\0" + data).hexdigest()
        return self.root / "files" / k[:2] / f"{k}.json"

    def _write(self, path: Path, text: str) -> None:
        try:
            self._prepare()
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    fh.write(text)
                os.replace(tmp, path)
            except BaseException:
                os.unlink(tmp)
                raise
        except OSError:
            return

    def clear(self) -> int:
        """Delete every entry; the number of entries removed."""
        if not self.root.is_dir():
            return 0
        if not (self.root / "CACHEDIR.TAG").exists():
            # Refuse to delete a folder derivcheck did not create.
            return 0
        count = sum(1 for p in self.root.rglob("*.json") if p.parent.parent.name != "files")
        shutil.rmtree(self.root, ignore_errors=True)
        return count
