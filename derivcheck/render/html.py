"""``--format html``: one self-contained page (inline CSS, no script, no network).

The page holds the summary counts, a table with a row per claim (verdict
badge, id, title, file:line, time), then a card per claim: its mathematics as
MathML (SymPy's presentation printer, from ``Display.mathml``), the LaTeX and
expressions as written (the author's ``latex:`` as MathML too, converted by
latex2mathml), domains, the evidence (strategy and cases, or the
counterexample with both sides), each link of a chain, the near miss and the
note. Like every renderer it only formats: verdicts and pass/fail come from
the results and :mod:`derivcheck.summary`.

Every piece of text is escaped. The MathML is the one piece of markup taken
from a result; since a result may come from a cache file, it is parsed and
rebuilt from an allow-list of MathML elements and attributes (anything else
falls back to the plain-text display), so it cannot carry a script or a link.
The author's LaTeX, converted here, goes through the same allow-list.

A long formula wraps: its top-level terms become inline formulas in a
wrapping row (MathML itself does not break lines in browsers), and a very
long one is folded under ``<details>``.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from html.entities import html5
from typing import Sequence

import latex2mathml.converter

from derivcheck.model import ClaimResult, LinkResult, Verdict
from derivcheck.evidence import NearMiss
from derivcheck.render.text import REL_SIGN, case_words, first_broken, link_name, shown_for
from derivcheck.wording import latex_check, near_miss, proof_covers, refutation_residue, witness
from derivcheck.summary import Summary, fails

#: MathML elements a formula may use (MathML Core, plus mfenced, rewritten below).
MATHML_ELEMENTS = frozenset(
    "math mrow mi mn mo ms mtext mspace msub msup msubsup mfrac msqrt mroot mfenced mtable mtr mtd "
    "munder mover munderover mstyle mpadded mphantom menclose merror semantics annotation "
    "mmultiscripts mprescripts none".split()
)

#: Presentation attributes kept on those elements; any other attribute is dropped.
MATHML_ATTRIBUTES = frozenset(
    "mathvariant stretchy fence separator separators open close linethickness columnalign rowalign "
    "accent accentunder form lspace rspace largeop movablelimits symmetric maxsize minsize "
    "displaystyle scriptlevel notation width height depth columnspacing rowspacing frame "
    "columnlines rowlines mathsize bevelled".split()
)

#: A formula with more characters than this (about a third of the page's width) wraps at its top-level operators.
WRAP_CHARS = 60

#: A formula with more tokens than this is folded under ``<details>``, closed.
FOLD_TOKENS = 400

#: The top-level operators a long formula may wrap before: relations, then sums.
_BREAKS = frozenset("=≠<>≤≥+−-±∓⇔⇒→∧∨") | {"&lt;", "&gt;"}

#: The fences that make a row a bracketed group, which a wrap never cuts into.
_OPENING_FENCES = frozenset("([{|⌊⌈⟨‖")

#: The five entities XML knows; SymPy's others (&ExponentialE;, &dd;...) become numeric references.
_XML_ENTITIES = frozenset({"lt", "gt", "amp", "quot", "apos"})

CSS = """
:root { --ok: #1a7f37; --ok-bg: #dafbe1; --bad: #cf222e; --bad-bg: #ffebe9; --warn: #9a6700;
  --warn-bg: #fff8c5; --info: #0969da; --info-bg: #ddf4ff; --muted: #59636e; --line: #d1d9e0; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1200px; padding: 24px; color: #1f2328; background: #fff;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", "Liberation Sans", sans-serif; }
h1 { font-size: 1.6em; margin: 0 0 4px; }
h2 { font-size: 1.15em; margin: 0; display: flex; gap: 10px; align-items: baseline; flex-wrap: wrap; }
code, .mono { font-family: "DejaVu Sans Mono", "Liberation Mono", Menlo, Consolas, monospace; font-size: 0.9em; }
code { background: #f6f8fa; border-radius: 4px; padding: 1px 4px; overflow-wrap: anywhere; }
.muted { color: var(--muted); }
.summary { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 12px 0 20px; }
.outcome { font-weight: 600; padding: 4px 12px; border-radius: 6px; }
.outcome.pass { color: var(--ok); background: var(--ok-bg); }
.outcome.fail { color: var(--bad); background: var(--bad-bg); }
.badge { display: inline-block; white-space: nowrap; font-size: 0.8em; font-weight: 600; padding: 1px 9px;
  border-radius: 999px; border: 1px solid currentColor; }
.badge.proved { color: var(--ok); background: var(--ok-bg); }
.badge.refuted { color: var(--info); background: var(--info-bg); }
.badge.undecided { color: var(--warn); background: var(--warn-bg); }
.badge.invalid, .badge.timeout, .badge.failing { color: var(--bad); background: var(--bad-bg); }
table { border-collapse: collapse; width: 100%; }
.scroll { overflow-x: auto; }
th, td { text-align: left; vertical-align: top; padding: 6px 10px; border-bottom: 1px solid var(--line); }
th { font-size: 0.85em; color: var(--muted); font-weight: 600; }
td.num, th.num, td.where { text-align: right; white-space: nowrap; }
td.where { text-align: left; font-size: 0.85em; }
tr.failing td:first-child { box-shadow: inset 3px 0 0 var(--bad); }
.runs a { color: inherit; }
article.claim { border: 1px solid var(--line); border-radius: 8px; padding: 14px 18px; margin: 18px 0; }
article.claim.failing { border-color: var(--bad); }
.meta { color: var(--muted); font-size: 0.9em; margin: 2px 0 10px; }
.math { overflow-x: auto; padding: 8px 4px; margin: 6px 0; background: #fbfcfd; border-radius: 6px; }
.wrap { display: flex; flex-wrap: wrap; align-items: center; column-gap: 0.3em; row-gap: 0.5em; }
.steps > * { min-width: 0; }
details.long > summary { cursor: pointer; color: var(--muted); }
.latex .math { background: none; padding: 2px 0; margin: 0; }
math { font-family: "DejaVu Math TeX Gyre", "STIX Two Math", "Cambria Math", "Latin Modern Math", math;
  font-size: 1.25em; }
.steps { display: grid; grid-template-columns: max-content max-content 1fr; gap: 6px 10px; align-items: center; }
.steps .label { font-weight: 600; color: var(--muted); }
.steps .rel { font-size: 1.2em; }
.steps math { margin: 0; justify-self: start; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 8px 0; }
dt { color: var(--muted); }
dd { margin: 0; overflow-wrap: anywhere; }
.near-miss { border-left: 3px solid #8250df; background: #fbefff; padding: 6px 12px; margin: 8px 0; border-radius: 4px; }
.note { border-left: 3px solid var(--line); padding: 2px 12px; margin: 8px 0; color: #393f46; }
.error { color: var(--bad); white-space: pre-wrap; }
pre.text { font-family: "DejaVu Sans Mono", monospace; font-size: 0.85em; overflow-x: auto; margin: 6px 0; }
table.links td { font-size: 0.92em; }
table.links tr.broken td:first-child { color: var(--bad); font-weight: 700; }
h3 { font-size: 0.95em; margin: 14px 0 4px; color: var(--muted); }
"""


def render(results: Sequence[ClaimResult], summary: Summary, *, strict: bool = False, quiet: int = 0) -> str:
    """The whole report as one HTML document.

    Args:
        results: the results to show, in order.
        summary: their counts (the page repeats them; it counts nothing itself).
        strict: whether an undecided claim fails the run (marks it failing).
        quiet: 1 or more shows only the failing claims (the counts stay whole).
    """
    shown = [r for r in results if not quiet or fails(r, strict)]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>derivcheck report</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<h1>derivcheck report</h1>",
        _summary(summary),
        _run_table(shown, strict),
        *(_card(r, strict, i) for i, r in enumerate(shown)),
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _summary(s: Summary) -> str:
    counts = [
        (s.proved, "proved"),
        (s.refuted, "refuted"),
        (s.undecided, "undecided"),
        (s.invalid, "invalid"),
        (s.timeout, "timeout"),
    ]
    items = [f'<span class="badge {word}">{n} {word}</span>' for n, word in counts if n]
    outcome = f'<span class="outcome {"pass" if not (s.failed or s.missed) else "fail"}">{_e(s.verdict_words)}</span>'
    cached = f", {s.cached} cached" if s.cached else ""
    return (
        f'<div class="summary"><span><b>{s.total}</b> claim{"s" if s.total != 1 else ""}</span>'
        f'{"".join(items)}{outcome}<span class="muted">{s.passed} passed · {s.seconds:.2f}s{cached}</span></div>'
    )


def _anchor(r: ClaimResult, index: int) -> str:
    """A fragment id for a claim's card, unique on the page even for a file without an id."""
    base = re.sub(r"[^A-Za-z0-9_-]", "-", r.id) if r.id else "file"
    return f"claim-{index}-{base}"


def badge(r: ClaimResult, strict: bool = False) -> str:
    """The verdict as a coloured badge; a verdict that fails the run is red whatever it is."""
    label = r.verdict.value
    if r.verdict is Verdict.REFUTED and r.passed:
        label += " (expected)"
    elif r.verdict is Verdict.PROVED and not r.passed:
        label += " (expected refuted)"
    kind = "failing" if fails(r, strict) else r.verdict.value
    return f'<span class="badge {kind}" data-verdict="{r.verdict.value}">{_e(label)}</span>'


def _seconds(r: ClaimResult) -> str:
    return "cached" if r.cached else f"{r.seconds:.2f}s"


def _run_table(results: Sequence[ClaimResult], strict: bool) -> str:
    rows = []
    for i, r in enumerate(results):
        failing = " failing" if fails(r, strict) else ""
        rows.append(
            f'<tr class="claim{failing}"><td>{badge(r, strict)}</td>'
            f'<td><a class="mono" href="#{_anchor(r, i)}">{_e(r.id or "(file)")}</a></td>'
            f"<td>{_e(r.title)}</td><td class=\"mono where\">{_e(f'{r.file}:{r.line}')}</td>"
            f'<td class="num">{_seconds(r)}</td></tr>'
        )
    head = '<tr><th>verdict</th><th>claim</th><th>title</th><th>file:line</th><th class="num">time</th></tr>'
    return f'<div class="scroll"><table class="runs"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table></div>'


def _card(r: ClaimResult, strict: bool, index: int) -> str:
    failing = " failing" if fails(r, strict) else ""
    out = [f'<article class="claim{failing}" id="{_anchor(r, index)}">']
    out.append(f'<h2>{badge(r, strict)}<span class="mono">{_e(r.id or "(file)")}</span><span>{_e(r.title)}</span></h2>')
    meta = [f"{r.file}:{r.line}", f"expect {r.expect.value}", _seconds(r)]
    if r.source:
        meta.insert(1, f"source {r.source}")
    out.append(f'<p class="meta">{" · ".join(_e(m) for m in meta)}</p>')
    if r.error:
        out.append(f'<p class="error">{_e(r.error)}</p>')
    out.append(_mathematics(r))
    facts: list[tuple[str, str]] = []
    if r.latex:
        facts.append(("as written", author_latex(r.latex)))
    if r.latex_check is not None:
        style = "error" if r.unfaithful else "muted"
        facts.append(("latex check", f'<span class="{style}" data-latex-check="{_e(r.latex_check.status)}">{_e(latex_check(r.latex_check))}</span>'))
    if r.scope:
        facts.append(("domains", _e(r.scope)))
    facts.extend(_evidence(r))
    if facts:
        out.append("<dl>" + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts) + "</dl>")
    if r.steps:
        out.append("<h3>links</h3>" + _links(r.steps))
    for text, found in _near_misses(r):
        name = f' data-diagnosis="{_e(found.name)}"' if found else ""
        tag = f' <span class="muted">({_e(found.name)})</span>' if found else ""
        out.append(f'<div class="near-miss"{name}><b>near miss:</b> {_e(text)}{tag}</div>')
    if r.note:
        out.append(f'<div class="note">{_e(r.note)}</div>')
    out.append("</article>")
    return "\n".join(out)


def _evidence(r: ClaimResult) -> list[tuple[str, str]]:
    """The rows of a claim's evidence: strategy and cases, or counterexample and both sides."""
    rows: list[tuple[str, str]] = []
    if r.error:
        return rows
    if r.verdict is Verdict.PROVED:
        rows.append(("strategy", _e(r.proof or "—")))
        extra = proof_covers(r.evidence)
        if extra:
            rows.append(("covers", _e(extra)))
    elif r.verdict is Verdict.REFUTED:
        broken = first_broken(r.steps)
        if broken is not None:
            # The witness and both values are in the broken link's row of the
            # links table: said once, there.
            rows.append(("breaks at", f"<b>link {broken.index}</b>: {_e(link_name(broken))} (witness and values: its row below)"))
        else:
            if r.witness is not None:
                rows.append(("counterexample", f"<code>{_e(witness(r.witness, empty='(no unknowns)'))}</code>"))
            if r.case:
                rows.append(("case", _e(r.case)))
            if r.lhs_value is not None:
                rows.append(("left side", f"<code>{_e(r.lhs_value)}</code>"))
                rows.append(("right side", f"<code>{_e(r.rhs_value)}</code>"))
        # Only what the detail adds to the witness and values shown above.
        extra = refutation_residue(r.evidence)
        if extra:
            rows.append(("detail", _e(extra)))
    elif r.detail:
        rows.append((_e(r.verdict.value), _e(r.detail)))
    return rows


def _links(links: Sequence[LinkResult]) -> str:
    broken = first_broken(links)
    rows = []
    for link in links:
        if link.verdict is Verdict.PROVED:
            evidence = _e(link.proof or "")
        elif link.verdict is Verdict.REFUTED:
            bits = []
            if link.witness is not None:
                bits.append(f"at <code>{_e(witness(link.witness, empty='(no unknowns)'))}</code>")
            if link.case:
                bits.append(_e(case_words(link.case)))
            if link.lhs_value is not None:
                bits.append(f"({link.index}) = <code>{_e(link.lhs_value)}</code>")
                bits.append(f"({link.index + 1}) = <code>{_e(link.rhs_value)}</code>")
            evidence = "<br>".join(bits) or _e(link.detail)
        else:
            evidence = _e(link.detail or link.verdict.value)
        why = f'<br><span class="muted">{_e(link.why)}</span>' if link.why else ""
        kind = "proved" if link.verdict is Verdict.PROVED else "refuted failing" if link.verdict is Verdict.REFUTED else link.verdict.value
        cls = ' class="broken"' if link is broken else ""
        rows.append(
            f"<tr{cls}><td>{link.index}</td><td>{_e(link_name(link))}{why}</td>"
            f'<td><span class="badge {kind}">{_e(link.verdict.value)}</span></td>'
            f'<td>{evidence}</td><td class="num">{link.seconds:.2f}s</td></tr>'
        )
    head = '<tr><th>link</th><th>joins</th><th>verdict</th><th>strategy, or witness and both lines</th><th class="num">time</th></tr>'
    return f'<div class="scroll"><table class="links"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table></div>'


def _near_misses(r: ClaimResult) -> list[tuple[str, NearMiss | None]]:
    """The claim's diagnosis and each link's (named by its number), each said once, with its data."""

    def words(found: NearMiss | None, said: str | None) -> str:
        return near_miss(found) if found else said or ""

    out = [(f"link {link.index}, {link_name(link)}: {words(link.near_miss, link.diagnosis)}", link.near_miss) for link in r.steps if link.diagnosis]
    if r.diagnosis and not any(link.diagnosis == r.diagnosis for link in r.steps):
        out.insert(0, (words(r.near_miss, r.diagnosis), r.near_miss))
    return out


def _mathematics(r: ClaimResult) -> str:
    """The claim's MathML: one block, or a chain's lines numbered with their relations.

    Falls back to the unicode text when there is no MathML, when it does not
    split into one formula per line of a chain, or when it is not clean MathML.
    """
    caption = shown_for(r.display.case)
    text = r.display.text
    formulas = [clean_mathml(m) for m in split_math(r.display.mathml)]
    out = []
    if caption:
        out.append(f'<p class="muted">{_e(caption)}</p>')
    expected = len(r.steps) + 1 if r.steps else 1
    if formulas and all(f is not None for f in formulas) and len(formulas) == expected:
        if r.steps:
            signs = [""] + [REL_SIGN.get(link.relation, link.relation) for link in r.steps]
            cells = "".join(
                f'<span class="label">({k})</span><span class="rel">{_e(sign)}</span>{_math_element(f or "")}'
                for k, (sign, f) in enumerate(zip(signs, formulas), start=1)
            )
            out.append(f'<div class="math steps">{cells}</div>')
        else:
            out.append(f'<div class="math">{_math_element(formulas[0] or "")}</div>')
    elif text:
        out.append(f'<pre class="text">{_e(text)}</pre>')
    else:
        return ""
    return "\n".join(out)


def _math_element(inner: str) -> str:
    """One cleaned formula: a block; wrapping at its top-level operators when long; folded when very long."""
    try:
        root = ET.fromstring(f"<mrow>{inner}</mrow>")
    except ET.ParseError:  # not from clean_mathml: shown as it is
        return f'<math display="block">{inner}</math>'
    tokens = sum(1 for e in root.iter() if e.tag in ("mi", "mn", "mo", "mtext"))
    chunks = _chunks(root) if len("".join(root.itertext())) > WRAP_CHARS else []
    if len(chunks) > 1:
        element = '<span class="wrap">' + "".join(f'<math display="inline">{c}</math>' for c in chunks) + "</span>"
    else:
        element = f'<math display="block">{inner}</math>'
    if tokens > FOLD_TOKENS:
        return f'<details class="long"><summary>a long formula ({tokens} symbols): show it</summary>{element}</details>'
    return element


def _chunks(root: ET.Element) -> list[str]:
    """A formula cut before each top-level relation or sign of a sum, each piece as MathML.

    The top level is the outermost row with the rows nested in it that no
    bracket encloses (a relation's side, a sum): nothing inside a bracket, a
    fraction or a script is cut, so every piece is a formula of its own.
    """
    pieces: list[list[ET.Element]] = [[]]
    for child in _top_level(root):
        if child.tag == "mo" and (child.text or "").strip() in _BREAKS and pieces[-1]:
            pieces.append([])
        pieces[-1].append(child)
    out = []
    for piece in pieces:
        row = ET.Element("mrow")
        row.extend(piece)
        out.append(ET.tostring(row, encoding="unicode"))
    return out


def _top_level(row: ET.Element) -> list[ET.Element]:
    """The children of ``row``, with every unbracketed ``mrow`` among them opened up."""
    out: list[ET.Element] = []
    for child in row:
        opens = len(child) > 0 and child[0].tag == "mo" and (child[0].text or "").strip() in _OPENING_FENCES
        if child.tag == "mrow" and not opens:
            out.extend(_top_level(child))
        else:
            out.append(child)
    return out


def author_latex(latex: str) -> str:
    """The author's ``latex:`` as MathML, with the TeX itself in a ``<code>`` under it.

    When latex2mathml cannot read the TeX (or writes something that is not
    clean MathML) the TeX alone is shown, in a ``<code>``: a report never fails
    on an author's typo.

    >>> author_latex(r"\\frac{a}{b}").startswith('<div class="latex"><div class="math"><math')
    True
    >>> author_latex(r"\\left(")
    '<code>\\\\left(</code>'
    """
    code = f"<code>{_e(latex)}</code>"
    try:
        converted = latex2mathml.converter.convert(latex, display="block")
    # latex2mathml raises a dozen exception classes without a common base (and
    # IndexError or RecursionError on some input): any failure is a fallback.
    except Exception:  # noqa: BLE001
        return code
    formulas = [clean_mathml(m) for m in split_math(converted)]
    if len(formulas) != 1 or formulas[0] is None:
        return code
    return f'<div class="latex"><div class="math">{_math_element(formulas[0])}</div>{code}</div>'


def split_math(mathml: str) -> list[str]:
    """The contents of each ``<math>`` element of ``Display.mathml`` (one per formula).

    >>> split_math("<math><mi>a</mi></math><math><mn>1</mn></math>")
    ['<mi>a</mi>', '<mn>1</mn>']
    """
    return re.findall(r"<math(?:\s[^>]*)?>(.*?)</math>", mathml, flags=re.DOTALL)


def clean_mathml(fragment: str) -> str | None:
    """SymPy's presentation MathML, made well-formed and safe; None if it is not MathML.

    SymPy writes relations bare (``<mo><</mo>``) and uses HTML's named
    entities (``&ExponentialE;``): both are fixed so that the page is also
    well-formed XML. The fragment is then parsed and re-serialised from the
    allow-lists, and ``mfenced`` (which Chromium does not draw) becomes an
    ``mrow`` with explicit fences.

    >>> clean_mathml("<mrow><mi>a</mi><mo><</mo><mi>&ExponentialE;</mi></mrow>")
    '<mrow><mi>a</mi><mo>&lt;</mo><mi mathvariant="normal">e</mi></mrow>'
    >>> clean_mathml('<mi onclick="x">a</mi><script>alert(1)</script>') is None
    True
    """
    fixed = re.sub(r"<(?![A-Za-z/])", "&lt;", fragment)
    fixed = re.sub(r"&(?![A-Za-z][A-Za-z0-9]*;|#[0-9]+;|#x[0-9A-Fa-f]+;)", "&amp;", fixed)
    fixed = re.sub(r"&([A-Za-z][A-Za-z0-9]*);", _numeric_entity, fixed)
    try:
        root = ET.fromstring(f"<mrow>{fixed}</mrow>")
    except ET.ParseError:
        return None
    if not _allowed(root):
        return None
    rebuilt = _rebuild(root)
    inner = ET.tostring(rebuilt, encoding="unicode")
    # Drop the wrapper added for parsing: "<mrow>" ... "</mrow>".
    return inner[len("<mrow>") : -len("</mrow>")] if inner.startswith("<mrow>") else inner


def _numeric_entity(match: re.Match[str]) -> str:
    name = match.group(1)
    if name in _XML_ENTITIES:
        return match.group(0)
    char = html5.get(name + ";")
    if char is None:
        return "&amp;" + name + ";"
    return "".join(f"&#x{ord(c):X};" for c in char)


def _allowed(element: ET.Element) -> bool:
    return element.tag in MATHML_ELEMENTS and all(_allowed(child) for child in element)


#: Characters SymPy writes that read better otherwise: (element, text) → (text, mathvariant).
#: Euler's number and the differential d are upright letters in print, and a
#: minus sign is longer than a hyphen.
_RESPELL: dict[tuple[str, str], tuple[str, str | None]] = {
    ("mi", "\u2147"): ("e", "normal"),  # ⅇ ExponentialE
    ("mo", "\u2146"): ("d", None),  # ⅆ DifferentialD (an operator: already upright)
    ("mi", "\u2148"): ("i", "normal"),  # ⅈ ImaginaryI
    ("mo", "-"): ("\u2212", None),
    # latex2mathml keeps the backslash of a sized brace (\Big\{).
    ("mo", "\\{"): ("{", None),
    ("mo", "\\}"): ("}", None),
}


def _rebuild(element: ET.Element) -> ET.Element:
    """A copy of ``element`` with only allowed attributes, and ``mfenced`` spelled out."""
    if element.tag == "mfenced":
        return _unfence(element)
    copy = ET.Element(element.tag, {k: v for k, v in element.attrib.items() if k in MATHML_ATTRIBUTES})
    copy.text = element.text
    respelt = _RESPELL.get((element.tag, (element.text or "").strip()))
    if respelt is not None and len(element) == 0:
        copy.text, variant = respelt
        if variant is not None:
            copy.set("mathvariant", variant)
    for child in element:
        new = _rebuild(child)
        new.tail = child.tail
        copy.append(new)
    return copy


def _unfence(element: ET.Element) -> ET.Element:
    row = ET.Element("mrow")
    children = list(element)
    separators = [c for c in element.attrib.get("separators", ",") if not c.isspace()] or [","]

    def mo(text: str) -> ET.Element:
        e = ET.Element("mo")
        e.text = text
        return e

    row.append(mo(element.attrib.get("open", "(")))
    for i, child in enumerate(children):
        if i:
            row.append(mo(separators[min(i - 1, len(separators) - 1)]))
        row.append(_rebuild(child))
    row.append(mo(element.attrib.get("close", ")")))
    return row
