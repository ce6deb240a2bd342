"""``derivcheck run --watch``: check again the claims a save touched.

The core is two small functions that decide without touching the clock:
:func:`changed_files` (which files differ between two snapshots) and
:func:`touched` (which claims of those files are new or changed, compared by
content, as the cache keys them). :func:`loop` polls the files' modification
times; its sleep and its number of rounds can be given, so that it can be
run for a bounded number of rounds.

Polling keeps the runtime dependencies as they are (no file-system event
library), and a claims folder is small: one ``stat`` per file and round.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Callable, Mapping, Sequence

from derivcheck.model import Claim, ClaimFile, LoadFailure
from derivcheck.project import claim_files

#: A claims file's state: its modification time (ns) and size.
Stamp = tuple[int, int]

#: How often the files are looked at, in seconds.
INTERVAL = 0.5


def snapshot(roots: Sequence[Path], exclude: tuple[str, ...] = ()) -> dict[Path, Stamp]:
    """The stamp of every claims file under ``roots`` (a file gone by then is left out)."""
    out: dict[Path, Stamp] = {}
    try:
        files = claim_files([r for r in roots if r.exists()], exclude)
    except OSError:
        return out
    for path in files:
        try:
            st = path.stat()
        except OSError:
            continue
        out[path] = (st.st_mtime_ns, st.st_size)
    return out


def changed_files(before: Mapping[Path, Stamp], after: Mapping[Path, Stamp]) -> set[Path]:
    """The files added, removed or modified between two snapshots."""
    return {p for p in before.keys() | after.keys() if before.get(p) != after.get(p)}


def touched(before: Sequence[ClaimFile], after: Sequence[ClaimFile], changed: set[str]) -> tuple[list[Claim], list[LoadFailure]]:
    """The claims a save touched: those of a changed file that are new or whose content changed.

    A claim that only moved (lines added above it) is not touched: its
    content, and so its verdict, is the same. Every load failure of a changed
    file is returned, so that a broken save is reported at once.

    Args:
        before: the files as loaded before the save.
        after: the files as loaded after it.
        changed: the displayed paths (``ClaimFile.path``) of the files that changed.
    """
    old = {(c.loc.file, c.id): c.canonical() for f in before for c in f.claims}
    claims: list[Claim] = []
    failures: list[LoadFailure] = []
    for f in after:
        if f.path not in changed:
            continue
        claims.extend(c for c in f.claims if old.get((c.loc.file, c.id)) != c.canonical())
        failures.extend(f.failures)
    return claims, failures


def loop(
    roots: Sequence[Path],
    on_change: Callable[[set[Path]], None],
    *,
    exclude: tuple[str, ...] = (),
    interval: float = INTERVAL,
    rounds: int | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Call ``on_change(files)`` each time claims files under ``roots`` change.

    Args:
        roots: the files and folders watched.
        on_change: called with the changed files (paths as found under ``roots``).
        exclude: file globs left out (the config's ``exclude``).
        interval: seconds between two looks.
        rounds: how many looks before returning (None: until interrupted).
        sleep: how to wait between looks.
    """
    before = snapshot(roots, exclude)
    done = 0
    while rounds is None or done < rounds:
        sleep(interval)
        done += 1
        after = snapshot(roots, exclude)
        changed = changed_files(before, after)
        before = after
        if changed:
            on_change(changed)
