"""Claims from statements: the third stage of ``derivcheck extract``.

Each statement of a display (:mod:`derivcheck.extract.chains`) becomes one claim
skeleton: a chain of two or more relations a ``steps`` claim (one item per term,
each with its ``rel``), a single relation a ``claim``, and a statement without a
relation a :class:`Skipped` entry that the output shows as a comment.

Every term is translated on its own by :func:`derivcheck.latex.translate_expression`.
A term (or a relation) that cannot be translated becomes a ``TODO:`` item holding
its LaTeX and the reason; the loader refuses such an item until it is edited, so
the claim is ``invalid`` with a message that says so, never silently dropped.
Free names get a domain from the notation file's ``symbols:`` (or its ``sections:``)
when it has one, else the placeholder ``real`` marked for review; a name the file binds
under ``where:`` gets its binding, and so does a name a definition earlier in the section
defines (:mod:`derivcheck.extract.bindings`); a prose setting binds only to a number.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from derivcheck import schema
from derivcheck.extract import bindings, definitions, entries, quantities
from derivcheck.extract.chains import CONNECTIVES, Statement, statements
from derivcheck.extract.context import Context, Domain
from derivcheck.extract.documents import Display, Scan, Section
from derivcheck.extract.prose import givens, last_sentence
from derivcheck.latex import Notation, Translation, opaque, translate_expression
from derivcheck.vocabulary import VOCABULARY

#: The domain a free name gets when the notation file gives it none; the output marks it for review.
PLACEHOLDER_DOMAIN = "real"

#: What starts every item that must be edited; the loader refuses an expression that starts so.
TODO = schema.TODO_MARK

#: The longest a title may be, in characters (the rest is elided).
MAX_TITLE_CHARS = 90

#: The longest a LaTeX fragment or a problem is quoted in a TODO item (the whole is in ``latex:``).
MAX_FRAGMENT_CHARS = 300

#: The most words of a heading an id is made of.
MAX_ID_WORDS = 4


@dataclass(frozen=True)
class Symbol:
    """A free name of a claim and its domain; ``review`` when the domain is the placeholder."""

    name: str
    domain: Domain
    review: bool


@dataclass(frozen=True)
class Item:
    """One item of ``steps`` (or the whole ``claim``): claim-language text or a TODO, and its relation."""

    expr: str
    rel: str | None = None

    @property
    def todo(self) -> bool:
        """True when the item must be edited before the claim loads."""
        return self.expr.startswith(TODO)


@dataclass(frozen=True)
class ExtractedClaim:
    """One claim skeleton, as the output writes it.

    Attributes:
        id: unique in the output: the heading's slug and a counter.
        title: the section, the line and the start of the LaTeX.
        source: the section and the document line, e.g. "§4(a) Gradients and Networks, line 120".
        line: the document line the statement starts on.
        latex: the statement's source text.
        symbols: its free names with their domains.
        where: the notation file's bindings it uses, in the file's order.
        claim: for a single relation, the relation (or a TODO); else None.
        steps: for a chain, one item per term; else empty.
        assume: conditions read from the sentence before the display.
        from_prose: the names of ``where`` bindings and the conditions read from prose, for review.
        readings: what the translation read by a rule rather than from the LaTeX, for review.
        random: its random names with their distributions (from the notation file, for review).
    """

    id: str
    title: str
    source: str
    line: int
    latex: str
    symbols: tuple[Symbol, ...]
    where: tuple[tuple[str, str], ...]
    claim: Item | None
    steps: tuple[Item, ...]
    assume: tuple[str, ...] = ()
    from_prose: tuple[str, ...] = ()
    readings: tuple[str, ...] = ()
    random: tuple[Symbol, ...] = ()

    @property
    def todos(self) -> int:
        """How many items must be edited before the claim loads."""
        items = (self.claim,) if self.claim is not None else self.steps
        return sum(1 for item in items if item is not None and item.todo)


@dataclass(frozen=True)
class Skipped:
    """A statement that is not a claim (no relation): shown in the output as a comment."""

    line: int
    source: str
    latex: str
    reason: str


@dataclass(frozen=True)
class Extraction:
    """What one document gave: its claims, what was skipped, the problems met, in document order."""

    document: str
    displays: int
    claims: tuple[ExtractedClaim, ...]
    skipped: tuple[Skipped, ...]
    problems: tuple[tuple[int, str], ...]
    notation: tuple[tuple[str, str], ...] = ()
    #: The statements whose first link defines a new name (:mod:`derivcheck.extract.definitions`):
    #: not claims, shown as comments; the rest of such a chain is a claim of its own.
    definitions: tuple[Skipped, ...] = ()


def _flat(latex: str) -> str:
    return " ".join(latex.replace("\\\\", " ").replace("&", " ").split())


def _title(section: Section, line: int, latex: str) -> str:
    text = _short(_flat(re.sub(r"\\(?:begin|end)\{[a-z]+\*?\}", " ", latex)), MAX_TITLE_CHARS)
    where = section.label or "line"
    return f"{where}, line {line}: {text}" if section.label else f"line {line}: {text}"


def _source(section: Section, line: int) -> str:
    words = [section.label] if section.label else []
    if section.number is not None and section.title:
        words.append(section.title)
    return (" ".join(words) + ", " if words else "") + f"line {line}"


def _slug(section: Section) -> str:
    words = re.findall(r"[a-z0-9]+", section.title.lower())[:MAX_ID_WORDS]
    if section.number is not None:
        words = [section.number.replace(".", "-"), *words]
    return "-".join(words) or "display"


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _todo(latex: str, problem: str) -> str:
    """A TODO item: the fragment (shortened: the whole is in ``latex:``) and why it is one."""
    fragment = " ".join(latex.split())  # spacing only: the fragment stays LaTeX as written
    return f"{TODO} {_short(fragment, MAX_FRAGMENT_CHARS)} ({_short(problem, MAX_FRAGMENT_CHARS)})"


@dataclass(frozen=True)
class _Names:
    """What a section says about the names of its terms, for the translator."""

    indexed: frozenset[str] = frozenset()
    lengths: Mapping[str, str] = field(default_factory=dict)
    implicit: frozenset[str] = frozenset()
    random: frozenset[str] = frozenset()
    where: tuple[tuple[str, str], ...] = ()
    #: The names the notation file gives a domain.
    declared: frozenset[str] = frozenset()


def _translate(
    latex: str, notation: Notation, indexed: frozenset[str], lengths: Mapping[str, str] | None = None, names: _Names | None = None
) -> Translation:
    """A term's translation; a failure of the translator itself is a problem, never a traceback."""
    if not latex.strip():
        return Translation(latex, None, (), ("the term is empty",))
    extra = names or _Names()
    try:
        return translate_expression(
            latex, notation, indexed=indexed, lengths=lengths, implicit=extra.implicit, random=extra.random
        )
    except Exception as exc:  # noqa: BLE001 - one bad term must not stop the document
        return Translation(latex, None, (), (f"the translator failed: {type(exc).__name__}",))


#: A moment of a random quantity in the claim language.
_MOMENT = re.compile(r"(?<![A-Za-z0-9_])(?:E|Var|Cov)\(")


def _moment_arguments(text: str) -> list[str]:
    """The argument text of each moment ``E(...)``, ``Var(...)``, ``Cov(...)`` in ``text``."""
    out = []
    for m in _MOMENT.finditer(text):
        depth = 1
        for k in range(m.end(), len(text)):
            depth += {"(": 1, ")": -1}.get(text[k], 0)
            if depth == 0:
                out.append(text[m.end() : k])
                break
    return out


def _unheld(t: Translation, names: _Names) -> str | None:
    """A name inside a moment (E, Var, Cov) that is neither random nor declared, or None.

    Such a name is random in the document but would be held fixed by the claim (its
    placeholder domain a number): the moment of a fixed quantity is the quantity itself
    (or 0), a different statement. A name bound under ``where`` is followed into its binding.
    """
    if t.text is None:
        return None
    bound = dict(names.where)
    inside = {w for arg in _moment_arguments(t.text) for w in _WORD.findall(arg)} & set(t.free_names)
    seen: set[str] = set()
    frontier: list[str] = sorted(inside)
    while frontier:
        name = frontier.pop()
        if name in seen or name in names.random:
            continue
        seen.add(name)
        if name in bound:
            frontier += [w for w in _USED.findall(bound[name]) if w not in VOCABULARY or w in bound or w in names.random]
        elif name not in names.declared:
            return name
    return None


def _items(
    statement: Statement, notation: Notation, indexed: frozenset[str], lengths: Mapping[str, str], extra: _Names | None = None
) -> tuple[list[Item], set[str], tuple[str, ...]]:
    context = extra or _Names()
    translations = [_translate(term, notation, indexed, lengths, context) for term in statement.terms]
    translations = [_held(t, context) for t in translations]
    readings = tuple(dict.fromkeys(r for t in translations if t.ok for r in t.readings))
    names = {n for t in translations if t.ok for n in t.free_names}
    items: list[Item] = []
    for k, (term, t) in enumerate(zip(statement.terms, translations, strict=True)):
        rel = statement.relations[k - 1] if k else None
        written = statement.written[k - 1] if k else ""
        if k and rel is None and written not in CONNECTIVES:
            problem = f"the relation {written} has no counterpart in the claim language"
            items.append(Item(_todo(f"{written} {term}", problem)))
        elif not t.ok or t.text is None:
            items.append(Item(_todo(term, "; ".join(t.problems) or "not translated"), rel))
        else:
            items.append(Item(t.text, rel))
    return items, names, readings


def _entries(
    items: list[Item], names: set[str], readings: tuple[str, ...], symbols: dict[str, Domain],
    random: Mapping[str, Domain], bound: set[str], dropped: frozenset[str],
) -> tuple[list[Item], set[str], tuple[str, ...], dict[str, Domain]]:
    """The items with bare vectors inside moments read as one entry (:mod:`derivcheck.extract.entries`)."""
    if any(i.todo for i in items) or not dropped:
        return items, names, readings, symbols
    found = entries.one_entry([i.expr for i in items], symbols, set(random), bound, names | set(symbols) | bound, dropped)
    items = [replace(i, expr=text) for i, text in zip(items, found.items, strict=True)]
    if found.index is not None:
        names = names | {found.index[0]}
        symbols = {**symbols, found.index[0]: found.index[1]}
    return items, names, readings + found.readings, symbols


#: A condition on the sign of one name, and the domain it makes of the reals.
_SIGN = re.compile(r"([A-Za-z][A-Za-z0-9_]*) (>|<|>=|<=|!=) 0")
_SIGNED = {">": "positive", "<": "negative", ">=": "nonnegative", "<=": "nonpositive", "!=": "nonzero"}


def _signed(declared: tuple[Symbol, ...], assume: tuple[str, ...]) -> tuple[tuple[Symbol, ...], tuple[str, ...]]:
    """The domains a sign condition from prose narrows (x > 0: a real x is positive), and their names.

    The condition stays in ``assume``; the domain says the same to the engine, which reasons
    about a limit or an integral of x over its domain, not under a condition.
    """
    signs = {m.group(1): _SIGNED[m.group(2)] for a in assume if (m := _SIGN.fullmatch(a.strip()))}
    narrowed = tuple(
        Symbol(s.name, signs[s.name], False) if s.name in signs and s.domain == "real" else s for s in declared
    )
    return narrowed, tuple(s.name for s, t in zip(declared, narrowed, strict=True) if s is not t)


def _unsaid(items: list[Item], statement: Statement, derivatives: set[str], said: set[str]) -> list[Item]:
    """The items, with a TODO for each that uses a derivative the notation file gives no meaning."""
    out = []
    for k, item in enumerate(items):
        problem = None if item.todo else quantities.unsaid(item.expr, derivatives, said)
        term = statement.terms[k] if k < len(statement.terms) else item.expr
        out.append(item if problem is None else Item(_todo(term, problem), item.rel))
    return out


def _constant_derivatives(items: list[Item], statement: Statement, where: Mapping[str, str]) -> list[Item]:
    """The items, with a TODO for each whose derivative would be 0 because it reads a name as a constant."""
    out = []
    for k, item in enumerate(items):
        zero = None if item.todo else quantities.vanishing(item.expr, where)
        if zero is None:
            out.append(item)
            continue
        problem = (
            f"{zero} is 0: what it differentiates does not depend on the variable; bind the quantity under where:,"
            " or leave its word without a notation entry so that its derivative is a quantity of its own"
        )
        out.append(Item(_todo(statement.terms[k] if k < len(statement.terms) else item.expr, problem), item.rel))
    return out


def _held(t: Translation, names: _Names) -> Translation:
    """``t``, or a TODO when a moment in it holds fixed a name the notation file does not declare."""
    name = _unheld(t, names)
    if name is None:
        return t
    problem = (
        f"{name} is inside an expectation or variance but neither random nor declared: give it a"
        " distribution (random:) or a domain (symbols:) in the notation file"
    )
    return Translation(t.latex, None, (), (problem,))


def _relation(terms: list[Item], rels: list[str | None]) -> str | None:
    """One proposition ``t0 r0 t1 r1 t2``: ``t0 r0 t1``, or ``And(t0 r0 t1, t1 r1 t2)``; None without a relation."""
    if not rels or any(r is None for r in rels):
        return None
    links = [f"{terms[k].expr} {rels[k]} {terms[k + 1].expr}" for k in range(len(rels))]
    return links[0] if len(links) == 1 else "And(" + ", ".join(links) + ")"


def _connected(statement: Statement, items: list[Item]) -> Item | None:
    """A chain of relations joined by ``\\iff`` or ``\\implies`` as one boolean claim, or None.

    ``P \\iff Q \\iff R`` says each proposition is equivalent to the next: ``And(iff(P, Q),
    iff(Q, R))``. A TODO term, or a side without a relation, makes the whole claim a TODO.
    """
    cuts = [k for k, w in enumerate(statement.written) if w in CONNECTIVES]
    if not cuts:
        return None
    todo = [i.expr[len(TODO) :].strip() for i in items if i.todo]
    if todo:
        return Item(f"{TODO} " + " / ".join(todo))
    terms = [Item(t.expr) for t in items]
    rels = [None, *statement.relations]  # rels[k + 1] joins term k and term k + 1
    props: list[str] = []
    start = 0
    for end in [*cuts, len(terms) - 1]:
        prop = _relation(terms[start : end + 1], rels[start + 1 : end + 1])
        if prop is None:
            return Item(_todo(statement.latex, "a side of a logical connective has no relation, or one the claim language has not"))
        props.append(prop)
        start = end + 1
    joined = [f"{CONNECTIVES[statement.written[c]]}({props[k]}, {props[k + 1]})" for k, c in enumerate(cuts)]
    return Item(joined[0] if len(joined) == 1 else "And(" + ", ".join(joined) + ")")


_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
#: A name an expression uses: a word that is not an attribute (the T of ``A.T``).
_USED = re.compile(r"(?<![.\w])[A-Za-z][A-Za-z0-9_]*")
#: A vector domain with its length: ``vector[n]`` or ``vector[3]``.
_VECTOR = re.compile(r"vector\s*\[\s*([A-Za-z0-9_]+)\s*\]")


def _names(
    names: set[str],
    symbols: Mapping[str, Domain],
    where: tuple[tuple[str, str], ...],
    random: Mapping[str, Domain] | None = None,
) -> tuple[tuple[Symbol, ...], tuple[tuple[str, str], ...], tuple[Symbol, ...]]:
    """The free names with their domains, and the bindings they need, each closed under use.

    A bound name brings in the names of its expression; a domain brings in the sizes it
    names (``n`` of ``vector[n]``). Only names the notation file declares or binds are
    followed inside expressions: other words there are the language's functions.
    """
    drawn = random or {}
    bound = dict(where)
    wanted = set(names)
    frontier = list(names)
    while frontier:
        name = frontier.pop()
        domain = symbols.get(name, "")
        law = drawn.get(name, "")
        laws = " ".join(str(x) for x in law) if isinstance(law, tuple) else law
        text = bound.get(name, "") + " " + (domain if isinstance(domain, str) else "") + " " + laws
        for word in _WORD.findall(text):
            if (word in symbols or word in bound or word in drawn) and word not in wanted:
                wanted.add(word)
                frontier.append(word)
    # A random name is declared under symbols only when the file gives it a domain (a vector of iid entries).
    declared = tuple(
        Symbol(n, symbols[n], False) if n in symbols else Symbol(n, PLACEHOLDER_DOMAIN, True)
        for n in sorted(wanted)
        if n not in bound and (n in symbols or n not in drawn)
    )
    laws_of = tuple(Symbol(n, drawn[n], True) for n in sorted(wanted) if n in drawn and n not in bound)
    return declared, tuple((n, t) for n, t in where if n in wanted), laws_of


class _Ids:
    """Ids unique in one output: a heading's slug and a counter, in document order."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.used: set[str] = set()

    def next(self, section: Section) -> str:
        slug = _slug(section)
        while True:
            self.counts[slug] = self.counts.get(slug, 0) + 1
            candidate = f"{slug}-{self.counts[slug]}"
            if candidate not in self.used:
                self.used.add(candidate)
                return candidate


@dataclass(frozen=True)
class _Prose:
    """What the prose before a display gives its claims, translated."""

    assume: tuple[str, ...] = ()
    names: frozenset[str] = frozenset()
    lets: tuple[tuple[str, str], ...] = ()


def _prose(display: Display, notation: Notation, indexed: frozenset[str], lets: list[tuple[str, str]]) -> _Prose:
    """The display's conditions; its definitions are added to ``lets`` (they last for the item)."""
    assume: list[str] = []
    names: set[str] = set()
    for given in givens(display.prose):
        if given.name is None:
            t = _translate(given.latex, notation, indexed)
            if t.ok and t.text is not None:
                assume.append(t.text)
                names.update(t.free_names)
            continue
        name, value = _translate(given.name, notation, indexed), _translate(given.latex, notation, indexed)
        settled = not given.closed or not value.free_names  # a setting binds a name to a number only
        if settled and name.ok and value.ok and name.text is not None and value.text is not None and _WORD.fullmatch(name.text):
            lets[:] = [(n, v) for n, v in lets if n != name.text] + [(name.text, value.text)]
    return _Prose(tuple(assume), frozenset(names), tuple(lets))


def _claim(
    statement: Statement,
    display: Display,
    notation: Notation,
    context: Context,
    ids: _Ids,
    lets: list[tuple[str, str]],
    defined: list[Skipped] | None = None,
    book: bindings.Book | None = None,
) -> ExtractedClaim | Skipped | None:
    line = display.line + display.body[: statement.offset].count("\n")
    source = _source(display.section, line)
    if len(statement.terms) < 2:
        return Skipped(line, source, statement.latex, "no relation: not a claim")
    symbols = context.symbols_in(display.section)
    notation = context.notation_in(display.section, notation)
    book = book or bindings.Book()
    notation = book.notation(display.section, notation)
    indexed = frozenset(
        n for n, d in symbols.items() if isinstance(d, str) and d.strip().startswith(("vector", "matrix"))
    )
    lengths = {
        n: m.group(1)
        for n, d in symbols.items()
        if isinstance(d, str) and (m := _VECTOR.fullmatch(d.strip())) is not None
    }
    prose = _prose(display, notation, indexed, lets)
    random = context.random_in(display.section)
    bound = context.where_in(display.section)
    extra = _Names(indexed, lengths, context.implicit_in(display.section), frozenset(random), bound + prose.lets, frozenset(symbols))
    if defined is not None and statement.relations[0] == "==" and definitions.cued(last_sentence(display.prose), statement):
        left = _translate(statement.terms[0], notation, indexed, lengths, extra)
        known = {*symbols, *random, *(n for n, _ in extra.where)}
        # Cued as a definition, a name the notation file only declares (for other claims) is defined here.
        if definitions.new_name(left, {n for n, _ in extra.where}):
            first = f"{statement.terms[0]} {statement.written[0]} {statement.terms[1]}"
            body = _translate(statement.terms[1], notation, indexed, lengths, extra)
            book.define(statement.terms[0], left, body, display.section, line, known)
            defined.append(Skipped(line, source, first, "a definition of a new name: not a claim"))
            if len(statement.terms) < 3:
                return None
            statement = definitions.rest(statement)
    items, names, readings = _items(statement, notation, indexed, lengths, extra)
    items, names, readings, symbols = _entries(items, names, readings, symbols, random, {n for n, _ in extra.where}, context.dropped_in(display.section))
    items = _unsaid(items, statement, opaque.derivative_names(readings), {*symbols, *random, *(n for n, _ in extra.where)})
    found = book.resolve(names | prose.names, display.section, line, {*symbols, *(n for n, _ in extra.where)})
    readings += found.readings
    declared, where, drawn = _names(names | prose.names | found.names, symbols, bound + prose.lets + found.where, random)
    where = bindings.ordered(where)
    items = _constant_derivatives(items, statement, dict(bound + prose.lets + found.where))
    declared, signed = _signed(declared, prose.assume)
    from_prose = tuple(n for n, _ in prose.lets if n in dict(where)) + prose.assume + signed
    claim: Item | None = _connected(statement, items)
    steps: tuple[Item, ...] = ()
    if claim is not None:
        pass
    elif len(items) == 2:
        lhs, rhs = items
        if lhs.todo or rhs.todo:
            problems = [i.expr[len(TODO) :].strip() for i in items if i.todo]
            claim = Item(f"{TODO} " + " / ".join(problems))
        else:
            claim = Item(f"{lhs.expr} {rhs.rel} {rhs.expr}")
    else:
        steps = tuple(items)
    if found.unread:  # a defined name left free would be a placeholder: the claim waits for an edit
        said = "; ".join(f"{n}: its definition at line {at} is not read as a binding" for n, at in found.unread)
        claim, steps = Item(_todo(statement.latex, said)), ()
    return ExtractedClaim(
        id=ids.next(display.section),
        title=_title(display.section, line, statement.latex),
        source=source,
        line=line,
        latex=statement.latex,
        symbols=declared,
        where=where,
        claim=claim,
        steps=steps,
        assume=prose.assume,
        from_prose=from_prose,
        readings=readings,
        random=drawn,
    )


def build(
    scan: Scan,
    document: str,
    notation: Notation,
    context: Context | None = None,
    entries: tuple[tuple[str, str], ...] = (),
) -> Extraction:
    """Every claim skeleton of a scanned document, in document order.

    Args:
        scan: the document's displays (:func:`derivcheck.extract.documents.find_displays`).
        document: the document's name, for the output's ``source``.
        notation: the table the terms are translated through.
        context: domains and bindings for free names (the notation file's).
        entries: the notation file's own entries, written into the output's ``notation:``.

    Returns:
        The claims, the skipped statements and the document's problems.
    """
    ids = _Ids()
    claims: list[ExtractedClaim] = []
    skipped: list[Skipped] = []
    defined: list[Skipped] = []
    lets: list[tuple[str, str]] = []
    book = bindings.Book()
    notation = notation.extended(quantities.named_words(scan, notation, context or Context()))
    item: Section | None = None
    for display in scan.displays:
        if display.section != item:
            item, lets = display.section, []
        found = statements(display.body, display.kind)
        if not found:
            skipped.append(Skipped(display.line, _source(display.section, display.line), display.body.strip(), "empty display"))
        for statement in found:
            made = _claim(statement, display, notation, context or Context(), ids, lets, defined, book)
            if made is None:
                continue
            if isinstance(made, Skipped):
                skipped.append(made)
            else:
                claims.append(made)
    return Extraction(
        document,
        len(scan.displays),
        tuple(claims),
        tuple(skipped),
        tuple((p.line, p.message) for p in scan.problems),
        entries,
        tuple(defined),
    )
