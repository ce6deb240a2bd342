"""``derivcheck extract``: a document's displayed equations as a claims-file skeleton.

The pipeline, one module per stage:

1. :mod:`~derivcheck.extract.documents`: find every display of a Markdown or LaTeX
   document, with its line and section.
2. :mod:`~derivcheck.extract.chains`: cut each display into statements, each into terms
   and relations.
3. :mod:`~derivcheck.extract.build`: translate each term (:mod:`derivcheck.latex`) and
   make one claim per statement, with TODO items for what is not translated.
4. :mod:`~derivcheck.extract.emit`: write the claims file.

:func:`extract_text` runs them in order. A notation file (:func:`read_notation`) maps
the document's LaTeX names to the claim language and may give domains for free names.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any

import yaml  # type: ignore[import-untyped, unused-ignore]

from derivcheck import schema
from derivcheck.extract.build import Extraction, build
from derivcheck.extract.context import Context, Domain
from derivcheck.extract.documents import MAX_DOCUMENT_BYTES, ExtractError, find_displays
from derivcheck.extract.emit import render
from derivcheck.latex import Notation, key_problem

__all__ = ["ExtractError", "NotationFile", "extract_file", "extract_text", "read_notation", "render"]

#: The most bytes a notation file may have.
MAX_NOTATION_BYTES = 256 * 1024

#: The keys a notation file may have (a claims file's other keys are allowed and ignored).
_NOTATION_KEYS = ("notation", "symbols", "where", "sections", "random")
_IGNORED_KEYS = ("title", "source", "claims")


@dataclass(frozen=True)
class NotationFile:
    """What a notation file gives extract: its table, and domains and bindings for free names.

    Attributes:
        entries: the file's own ``notation:`` entries, in order (written into the output).
        context: its ``symbols:``, ``where:`` and ``sections:``.
    """

    entries: tuple[tuple[str, str], ...] = ()
    context: Context = field(default_factory=Context)

    @property
    def size(self) -> int:
        """How many entries the file has in all: notation, symbols, bindings and section domains."""
        c = self.context
        return (
            len(self.entries)
            + len(c.symbols)
            + len(c.where)
            + sum(len(d) for d in c.sections.values())
            + sum(len(e) for e in c.notations.values())
            + len(c.random)
            + sum(len(r) for r in c.randoms.values())
            + sum(len(i) for i in c.implicit.values())
            + sum(len(w) for w in c.wheres.values())
            + sum(len(d) for d in c.dropped.values())
        )

    @property
    def notation_entries(self) -> int:
        """How many LaTeX → name entries the file has, its own and its sections'."""
        return len(self.entries) + sum(len(e) for e in self.context.notations.values())

    @property
    def notation(self) -> Notation:
        """The defaults with the file's entries over them."""
        return Notation.defaults().extended(self.entries)


def _mapping(value: Any, key: str, path: str) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ExtractError(f"{path}: '{key}' must be a mapping, not {type(value).__name__}")
    return value


def _scalar(value: Any) -> bool:
    return isinstance(value, (str, int, float)) and not isinstance(value, bool)


def _strings(value: Any, key: str, path: str) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    for k, v in _mapping(value, key, path).items():
        if not _scalar(k) or not _scalar(v):
            raise ExtractError(f"{path}: every entry of '{key}' must map a string to a string")
        out.append((str(k), str(v)))
    return tuple(out)


def _domains(value: Any, key: str, path: str) -> dict[str, Domain]:
    """Name → domain: text, or a YAML list of values (a finite set, as in a claims file)."""
    out: dict[str, Domain] = {}
    for k, v in _mapping(value, key, path).items():
        if isinstance(v, list) and v and all(_scalar(x) for x in v):
            out[str(k)] = tuple(v)
        elif _scalar(v) and _scalar(k):
            out[str(k)] = str(v)
        else:
            raise ExtractError(f"{path}: the domain of '{k}' under '{key}' must be a word, an interval or a list of values")
    return out


def read_notation(path: str | os.PathLike[str]) -> NotationFile:
    """A notation file: a YAML mapping with ``notation:`` (LaTeX → name), ``symbols:`` (name →
    domain), ``random:`` (name → distribution, or a list of them), ``where:`` (name →
    expression) and ``sections:`` (section → domains, and the section's own ``notation:``,
    ``random:``, ``where:``, ``dropped:`` (the vectors written without their subscripts) and
    ``implicit:``, the letters a labelled name is applied to and read
    without), each optional.

    Raises:
        ExtractError: the file cannot be read, is too large, or has a wrong shape or entry.
    """
    shown = str(path)
    try:
        if os.stat(path).st_size > MAX_NOTATION_BYTES:
            raise ExtractError(f"{shown}: a notation file may have at most {MAX_NOTATION_BYTES} bytes")
        with open(path, "rb") as handle:
            raw = handle.read(MAX_NOTATION_BYTES + 1)
        data = yaml.safe_load(raw.decode("utf-8"))
    except OSError as exc:
        raise ExtractError(f"cannot read the notation file {shown}: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ExtractError(f"{shown}: the notation file is not UTF-8") from None
    except yaml.YAMLError as exc:
        raise ExtractError(f"{shown}: not valid YAML: {' '.join(str(exc).split())}") from None
    if not isinstance(data, dict):
        raise ExtractError(f"{shown}: a notation file is a mapping with 'notation:', 'symbols:', 'where:' or 'sections:'")
    unknown = [str(k) for k in data if k not in _NOTATION_KEYS + _IGNORED_KEYS]
    if unknown:
        raise ExtractError(f"{shown}: unknown key '{unknown[0]}' (a notation file has 'notation', 'symbols', 'where' and 'sections')")
    entries = _strings(data.get("notation"), "notation", shown)
    for key, name in entries:
        problem = key_problem(key, name)
        if problem is not None:
            raise ExtractError(f"{shown}: {problem}")
    sections = _mapping(data.get("sections"), "sections", shown)
    notations: dict[str, tuple[tuple[str, str], ...]] = {}
    domains: dict[str, dict[str, Domain]] = {}
    randoms: dict[str, dict[str, Domain]] = {}
    implicit: dict[str, tuple[str, ...]] = {}
    wheres: dict[str, tuple[tuple[str, str], ...]] = {}
    dropped: dict[str, tuple[str, ...]] = {}
    for k, v in sections.items():
        # A section's `notation:` is a mapping, never a domain (a word, an interval or a list).
        inner = dict(_mapping(v, f"sections: {k}", shown))
        own = _strings(inner.pop("notation", None), f"sections: {k}: notation", shown)
        drawn = _domains(inner.pop("random", None), f"sections: {k}: random", shown)
        if drawn:
            randoms[str(k)] = drawn
        bound = _strings(inner.pop("where", None), f"sections: {k}: where", shown)
        if bound:
            wheres[str(k)] = bound
        names = inner.pop("dropped", None)
        if names is not None:
            dropped[str(k)] = _names(names, f"sections: {k}: dropped", shown)
        letters = inner.pop("implicit", None)
        if letters is not None:
            implicit[str(k)] = _letters(letters, f"sections: {k}: implicit", shown)
        for key, name in own:
            problem = key_problem(key, name)
            if problem is not None:
                raise ExtractError(f"{shown}: sections: {k}: {problem}")
        if own:
            notations[str(k)] = own
        domains[str(k)] = _domains(inner, f"sections: {k}", shown)
    context = Context(
        _domains(data.get("symbols"), "symbols", shown),
        _strings(data.get("where"), "where", shown),
        domains,
        notations,
        _domains(data.get("random"), "random", shown),
        randoms,
        implicit,
        wheres,
        dropped,
    )
    return NotationFile(entries, context)


def _names(value: Any, key: str, path: str) -> tuple[str, ...]:
    """A list of claim-language names (the vectors of a section written without subscripts)."""
    items = value if isinstance(value, list) else [value]
    if not all(isinstance(x, str) and re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", x) for x in items):
        raise ExtractError(f"{path}: '{key}' must be a name or a list of names")
    return tuple(items)


def _letters(value: Any, key: str, path: str) -> tuple[str, ...]:
    """A list of single letters (the implicit arguments of a section)."""
    items = value if isinstance(value, list) else [value]
    if not all(isinstance(x, str) and len(x) == 1 and x.isascii() and x.isalpha() for x in items):
        raise ExtractError(f"{path}: '{key}' must be a letter or a list of letters")
    return tuple(items)


def extract_text(text: str, name: str, notation: NotationFile | None = None) -> Extraction:
    """The claims of a document's text.

    Args:
        text: the document.
        name: its name (its suffix tells Markdown from LaTeX; written as the output's ``source``).
        notation: the notation file's table and domains (default: the default table alone).

    Raises:
        ExtractError: the document is too large, or has too many displays.
    """
    chosen = notation if notation is not None else NotationFile()
    # The output carries the table only where claims files may (the key of the LaTeX check).
    entries = chosen.entries if schema.FILE.key("notation") is not None else ()
    return build(find_displays(text, name), name, chosen.notation, chosen.context, entries)


def extract_file(path: str | os.PathLike[str], notation: NotationFile | None = None) -> str:
    """The claims file of a document on disk, as text.

    Raises:
        ExtractError: the document cannot be read, is not UTF-8, or is too large.
    """
    shown = os.path.basename(str(path))
    try:
        size = os.stat(path).st_size
        if size > MAX_DOCUMENT_BYTES:
            raise ExtractError(f"{path}: the document is {size} bytes, more than the limit of {MAX_DOCUMENT_BYTES} bytes")
        with open(path, "rb") as handle:
            raw = handle.read(MAX_DOCUMENT_BYTES + 1)
    except OSError as exc:
        raise ExtractError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ExtractError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    return render(extract_text(text, shown, notation))
