"""Measure `derivcheck extract` on the assignment: displays found, claims that get a verdict, agreement.

    python bench/extract.py [DOCUMENT] [--notation NOTATION.yaml] [--claims CLAIMS-DIR] [--keep OUT.yaml]

1. Extract the document's claims with the notation table (default: the assignment and
   docs/assignment-notation.yaml).
2. Count the document's displays apart from the extractor: half the occurrences of
   ``$$`` plus the ``\\[`` displays (the assignment writes every display so).
3. Run the extracted claims (`derivcheck run OUT --format json --no-cache`): how many
   load and get a verdict (proved, refuted, undecided) rather than ``invalid``.
4. Run the hand-written claims (`derivcheck run CLAIMS-DIR`), pair each extracted claim
   with the hand-written claim of the same section whose ``latex:`` is closest to its own
   (difflib ratio of the LaTeX with spacing and sizing commands removed, at least
   :data:`MATCH_RATIO`), and compare the two verdicts: agree (the same verdict), disagree
   (one proved, the other refuted), weaker (the extracted one undecided where the
   hand-written one is decided), or no counterpart.

A statement whose first link defines a new name ("let f(x) = ...") is a definition, not a
claim: definitions are counted apart, and the share is also given over the claims and
definitions together, so a definition never leaves the count unseen.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCUMENT = ROOT.parent / "shared" / "seed" / "000_da164ad4085a1e2c.txt"
NOTATION = ROOT / "docs" / "assignment-notation.yaml"

#: The least difflib ratio of two normalised LaTeX texts for a pair.
MATCH_RATIO = 0.5

_NOISE = re.compile(r"\\(?:left|right|Big|big|Bigg|bigg|begin\{aligned\}|end\{aligned\}|,|;|!|quad|qquad)|[\s&]|\\\\")


def _norm(latex: str) -> str:
    return _NOISE.sub("", latex)


def _section(source: str) -> str:
    m = re.match(r"§(\d+)", source or "")
    return m.group(1) if m else ""


def _run(path: str, cwd: Path) -> list[dict[str, object]]:
    proc = subprocess.run(
        [sys.executable, "-m", "derivcheck", "run", path, "--format", "json", "--no-cache"],
        capture_output=True, text=True, cwd=cwd,
    )
    if not proc.stdout.strip():
        sys.exit(f"derivcheck run {path} printed nothing: {proc.stderr.strip()}")
    claims: list[dict[str, object]] = json.loads(proc.stdout)["claims"]
    return claims


def _independent_count(text: str) -> int:
    return text.count("$$") // 2 + len(re.findall(r"(?<!\\)\\\[", text))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("document", nargs="?", default=str(DOCUMENT))
    parser.add_argument("--notation", default=str(NOTATION))
    parser.add_argument("--claims", default=str(ROOT / "claims"))
    parser.add_argument("--keep", default=None, help="Also write the extracted claims file here.")
    args = parser.parse_args()

    from derivcheck.extract import extract_text, read_notation, render
    from derivcheck.loader import load_file

    text = Path(args.document).read_text(encoding="utf-8")
    notation = read_notation(args.notation) if args.notation else None
    extraction = extract_text(text, Path(args.document).name, notation)
    out_text = render(extraction)
    entries = notation.size if notation else 0
    own = notation.notation_entries if notation else 0

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(args.keep) if args.keep else Path(tmp) / "extracted.yaml"
        out.write_text(out_text, encoding="utf-8")
        extracted = [c for c in _run(str(out.resolve()), ROOT) if c["id"] is not None]
    hand = {str(c["id"]): c for c in _run(args.claims, ROOT) if c["id"] is not None}
    hand_latex: dict[str, tuple[str, str]] = {}
    for path in sorted(Path(args.claims).glob("*.yaml")):
        for claim in load_file(path).claims:
            if claim.latex and claim.id in hand:
                hand_latex[claim.id] = (_section(claim.source or ""), _norm(claim.latex))

    verdicts = Counter(str(c["verdict"]) for c in extracted)
    decided = len(extracted) - verdicts["invalid"]
    by_id = {c.id: c for c in extraction.claims}
    pairs: Counter[str] = Counter()
    lines: list[str] = []
    for result in extracted:
        if result["verdict"] == "invalid":
            continue
        mine = by_id[str(result["id"])]
        section, latex = _section(mine.source), _norm(mine.latex)
        best, ratio = None, 0.0
        for hid, (hsec, hlatex) in hand_latex.items():
            if hsec != section:
                continue
            r = difflib.SequenceMatcher(None, latex, hlatex, autojunk=False).ratio()
            if r > ratio:
                best, ratio = hid, r
        if best is None or ratio < MATCH_RATIO:
            pairs["no counterpart"] += 1
            lines.append(f"  {mine.id:<44} {result['verdict']:<10} (no counterpart)")
            continue
        theirs = str(hand[best]["verdict"])
        ours = str(result["verdict"])
        if ours == theirs:
            kind = "agree"
        elif {ours, theirs} == {"proved", "refuted"}:
            kind = "disagree"
        else:
            kind = "weaker" if ours == "undecided" else "other"
        pairs[kind] += 1
        lines.append(f"  {mine.id:<44} {ours:<10} {best} {theirs} ({kind}, ratio {ratio:.2f})")

    print(f"document: {args.document}")
    print(f"notation: {args.notation} ({own} notation entries; {entries} entries in all,"
          " with symbols, bindings and section domains)")
    print(f"displays found: {extraction.displays}; counted apart: {_independent_count(text)}")
    defined = len(extraction.definitions)
    print(
        f"claims extracted: {len(extraction.claims)}; definitions (not claims): {defined};"
        f" statements skipped: {len(extraction.skipped)}"
    )
    print(f"verdicts: {dict(sorted(verdicts.items()))}")
    share = decided / len(extracted) if extracted else 0.0
    print(f"load and get a verdict (not invalid): {decided}/{len(extracted)} = {share:.0%}")
    if defined:
        whole = len(extracted) + defined
        print(f"  with the {defined} definitions counted as not loaded: {decided}/{whole} = {decided / whole:.0%}")
    for made in extraction.definitions:
        print(f"  definition at {made.source}: {made.latex[:80]}")
    print("against the hand-written claims: " + ", ".join(f"{k} {pairs[k]}" for k in ("agree", "disagree", "weaker", "other", "no counterpart")))
    for line in lines:
        print(line)


if __name__ == "__main__":
    main()
