"""The parser's SymPy tree, walked node kind by node kind into claim-language text.

Only the kinds in this module are translated; any other node is a
:class:`~derivcheck.latex.prepare.Refused` naming it, never a guess. The tree is
read, never evaluated: nothing here calls ``doit``, ``simplify`` or a printer
that would.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import sympy
from sympy.core.function import AppliedUndef

from derivcheck.latex.expand import written_out
from derivcheck.latex.slots import Refused, Slots
from derivcheck.latex.slots import wrap as _wrap
from derivcheck.parser import CONSTANTS, valid_name
from derivcheck.vocabulary import VOCABULARY

#: SymPy's functions the parser builds, by the claim language's name for them.
FUNCTIONS: dict[type, str] = {
    sympy.exp: "exp", sympy.sin: "sin", sympy.cos: "cos", sympy.tan: "tan", sympy.cot: "cot",
    sympy.sec: "sec", sympy.csc: "csc", sympy.asin: "asin", sympy.acos: "acos",
    sympy.atan: "atan", sympy.sinh: "sinh", sympy.cosh: "cosh", sympy.tanh: "tanh",
    sympy.asinh: "asinh", sympy.acosh: "acosh", sympy.atanh: "atanh", sympy.Abs: "Abs",
    sympy.Max: "Max", sympy.Min: "Min", sympy.factorial: "factorial", sympy.binomial: "binomial",
    sympy.gamma: "gamma", sympy.sign: "sign", sympy.floor: "floor", sympy.ceiling: "ceiling",
    sympy.erf: "erf", sympy.Heaviside: "H",
}  # fmt: skip

_ATOM = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\[.*\]|\(.*\))?|[0-9]+|\(.*\)")


@dataclass
class Walk:
    """One walk: the slots of the term, and the names met."""

    slots: Slots
    free: set[str] = field(default_factory=set)
    bound: list[set[str]] = field(default_factory=list)
    #: Vector name → its length, and the indexed names (vectors and matrices): a number
    #: name added to a vector of known length is read as that number times ones(n).
    lengths: Mapping[str, str] = field(default_factory=dict)
    indexed: frozenset[str] = frozenset()

    def text(self, node: Any) -> str:
        """The claim-language text of ``node``."""
        handler = _handler(node)
        if handler is None:
            raise Refused(f"'{_short(node)}' ({type(node).__name__}) has no translation")
        return handler(self, node)


def _short(node: Any) -> str:
    text = str(node)
    return text if len(text) <= 60 else text[:57] + "..."


def _name(walk: Walk, name: str) -> str:
    if name == "lambda":
        name = "lam"
    if not valid_name(name):
        raise Refused(f"'{name}' is not a name the claim language can have")
    if name in CONSTANTS or name in VOCABULARY:
        raise Refused(
            f"the name '{name}' is a function or constant of the claim language:"
            " rename it with a notation entry"
        )
    if not any(name in b for b in walk.bound):
        walk.free.add(name)
    return name


def _symbol(walk: Walk, node: sympy.Symbol) -> str:
    slot = walk.slots.lookup(node.name)
    if slot is not None:
        if slot.kind in ("literal", "expr"):
            return slot.text
        if slot.kind != "name":
            raise Refused("a function is used without its argument")
        if slot.text in VOCABULARY:
            raise Refused(f"the function {slot.text} is written without an argument")
        return _name(walk, slot.text)
    return _name(walk, node.name)


def _integer(walk: Walk, node: sympy.Integer) -> str:
    return str(int(node)) if node >= 0 else f"({int(node)})"


def _rational(walk: Walk, node: sympy.Rational) -> str:
    return f"({node.p}/{node.q})"


def _constant(walk: Walk, node: Any) -> str:
    if node is sympy.pi:
        return "pi"
    if node is sympy.oo:
        return "oo"
    if node is sympy.E:
        return "exp(1)"
    if node is sympy.I:
        raise Refused("the parser reads 'I' as the imaginary unit: use another name, or a notation entry")
    raise Refused(f"'{node}' has no translation")


def _plain(walk: Walk, node: Any) -> str | None:
    """The name a bare symbol stands for, or None for anything else."""
    if not isinstance(node, sympy.Symbol):
        return None
    slot = walk.slots.lookup(node.name)
    if slot is None:
        return str(node.name)
    return slot.text if slot.kind == "name" else None


def _broadcast(walk: Walk, node: sympy.Add) -> dict[int, str]:
    """``x + c`` for a vector x of length n and a number name c: the terms to write ``c*ones(n)``.

    Read only when the sum's terms are all bare names, at least one a vector of
    ``walk.lengths`` (all such of one length) and the others not indexed; recorded
    as a reading. Anything else is left to the loader (which refuses a number plus a vector).
    """
    found = [_plain(walk, a) for a in node.args]
    names = [n for n in found if n is not None]
    if not walk.lengths or len(names) != len(found):
        return {}
    sizes = {walk.lengths[n] for n in names if n in walk.lengths}
    numbers = {k: n for k, n in enumerate(names) if n not in walk.lengths}
    if len(sizes) != 1 or not numbers or any(n in walk.indexed for n in numbers.values()):
        return {}
    (size,) = sizes
    vectors = sorted(n for n in names if n in walk.lengths)
    for n in numbers.values():
        reading = f"{n} added to the vector {', '.join(vectors)} is {n}*ones({size})"
        if reading not in walk.slots.readings:
            walk.slots.readings.append(reading)
    return {k: f"{walk.text(node.args[k])}*ones({size})" for k in numbers}


def _add(walk: Walk, node: sympy.Add) -> str:
    parts: list[str] = []
    spread = _broadcast(walk, node)
    for k, a in enumerate(node.args):
        negative = k > 0 and isinstance(a, sympy.Integer) and a < 0
        parts.append(spread[k] if k in spread else f"-{-a}" if negative else walk.text(a))
    out = parts[0]
    for p in parts[1:]:
        out += f" - {p[1:]}" if p.startswith("-") else f" + {p}"
    return out


def _factor(walk: Walk, node: Any) -> str:
    text = walk.text(node)
    return text if not isinstance(node, sympy.Add) and not text.startswith("-") else f"({text})"


def _mul(walk: Walk, node: sympy.Mul) -> str:
    # The parser writes a sum's body and an integrand as 1*f: the 1 is its, not the document's.
    args = [a for a in node.args if a != 1] or [sympy.Integer(1)]
    sign = ""
    if args and isinstance(args[0], sympy.Rational) and args[0] < 0:
        sign = "-"
        args = args[1:] if args[0] == -1 else [-args[0], *args[1:]]
        args = args or [sympy.Integer(1)]
    num: list[str] = []
    den: list[str] = []
    for a in args:
        if isinstance(a, sympy.Pow) and a.exp == -1:
            den.append(_wrap(walk.text(a.base)))
        else:
            # A sum is parenthesised even alone: -(y - f) must not lose its parentheses.
            num.append(_factor(walk, a) if len(args) > 1 or sign else walk.text(a))
    top = "*".join(num) if num else "1"
    if den:
        bottom = den[0] if len(den) == 1 else "(" + "*".join(den) + ")"
        top = f"{_wrap(top) if len(num) > 1 else top}/{bottom}"
    # Unary minus in the claim language binds like a factor: -a*b/c is -(a*b/c).
    return sign + top


def _pow(walk: Walk, node: sympy.Pow) -> str:
    base, exp = node.args
    if exp == sympy.Rational(1, 2):
        return f"sqrt({walk.text(base)})"
    if exp == -1:
        return f"1/{_wrap(walk.text(base))}"
    return f"{_wrap(walk.text(base))}**{_wrap(walk.text(exp))}"


def _log(walk: Walk, node: Any) -> str:
    args = node.args
    if len(args) == 2 and args[1] is not sympy.E:
        return f"log({walk.text(args[0])}, {walk.text(args[1])})"
    return f"log({walk.text(args[0])})"


def _function(walk: Walk, node: Any) -> str:
    name = FUNCTIONS[type(node)] if type(node) in FUNCTIONS else node.func.__name__
    return f"{name}({', '.join(walk.text(a) for a in node.args)})"


def _applied(walk: Walk, node: AppliedUndef) -> str:
    name = node.func.__name__
    slot = walk.slots.lookup(name)
    if slot is not None and slot.kind == "name":
        raise Refused(f"'{slot.text}' is applied to an argument but is not a function of the claim language")
    raise Refused(
        f"'{_short(node)}': the function {name} is not known: add a notation entry for it"
        f" (e.g. \"{name}\": sigmoid, or the whole call \"{_short(node)}\": f)"
    )


def _bound(walk: Walk, var: Any, body: Any) -> tuple[str, str]:
    if not isinstance(var, sympy.Symbol):
        raise Refused(f"'{var}' cannot be a bound variable")
    name = walk.text(var)
    walk.free.discard(name)
    walk.bound.append({name})
    try:
        text = walk.text(body)
    finally:
        walk.bound.pop()
    return name, text


def _sum(walk: Walk, node: Any) -> str:
    (var, lo, hi) = node.limits[0]
    if len(node.limits) != 1:
        raise Refused("a sum or product over several indices: write one inside the other")
    lo_text, hi_text = walk.text(lo), walk.text(hi)
    before = set(walk.free)
    name, body = _bound(walk, var, node.function)
    word = "Sum" if isinstance(node, sympy.Sum) else "Product"
    written = written_out(name, lo_text, hi_text, body, word, frozenset(walk.free - before), frozenset(before | walk.slots.extra_names))
    if written is not None:  # numeric bounds over subscripts of plain names: see derivcheck.latex.expand
        walk.free = before | written.names
        walk.slots.readings.append(written.reading)
        return written.text
    _index_in_a_name(name, body, word)
    return f"{word}({body}, ({name}, {lo_text}, {hi_text}))"


#: A name made of a subscript (``h_j``, ``w__k_ij``): its base and the subscript's letters.
_SUBSCRIBED = re.compile(r"(?<![A-Za-z0-9_])([A-Za-z][A-Za-z0-9]*(?:__[A-Za-z0-9]+)?)_([A-Za-z0-9]+)(?![A-Za-z0-9_\[(])")


def _index_in_a_name(index: str, body: str, word: str) -> None:
    """Refuse a sum whose index is only a subscript of a plain name: ``\\sum_j h_j`` over a
    name ``h_j`` would add the same number n times. Declaring h a vector makes it ``h[j]``."""
    for m in _SUBSCRIBED.finditer(body):
        if len(index) == 1 and index in m.group(2):
            raise Refused(
                f"the index {index} of the {word.lower()} is a subscript of the name {m.group(0)}:"
                f" declare {m.group(1)} a vector (or a matrix) so that it is read as an entry"
            )
    # A label made a name (h^{(k)} is h__k, h^{(k-1)} is h__km1): the label's letter is fixed.
    for m in _LABELLED_NAME.finditer(body):
        if m.group(2) == index:
            raise Refused(
                f"the index {index} of the {word.lower()} is the label of {m.group(0)}, a name of its own:"
                f" the {word.lower()} would repeat one quantity; write the terms with a vector of them"
            )


_LABELLED_NAME = re.compile(r"(?<![A-Za-z0-9_])([A-Za-z])__([A-Za-z])(?:[pm][0-9]+)?(?![A-Za-z0-9])")


def _integral(walk: Walk, node: sympy.Integral) -> str:
    if len(node.limits) != 1 or len(node.limits[0]) != 3:
        raise Refused("an integral without its bounds (an antiderivative) has no translation")
    var, lo, hi = node.limits[0]
    lo_text, hi_text = walk.text(lo), walk.text(hi)
    name, body = _bound(walk, var, node.function)
    return f"integrate({body}, ({name}, {lo_text}, {hi_text}))"


def _limit(walk: Walk, node: sympy.Limit) -> str:
    body, var, point, direction = node.args
    point_text = walk.text(point)
    name, body_text = _bound(walk, var, body)
    side = str(direction)
    if point in (sympy.oo, -sympy.oo) or side == "+-":
        return f"limit({body_text}, {name}, {point_text})"
    return f"limit({body_text}, {name}, {point_text}, '{side}')"


def _derivative(walk: Walk, node: sympy.Derivative) -> str:
    spec: list[str] = []
    for var, order in node.variable_count:
        spec.append(walk.text(var))
        if order != 1:
            spec.append(str(order))
    return f"diff({walk.text(node.expr)}, {', '.join(spec)})"


def _transpose(walk: Walk, node: Any) -> str:
    return f"{_wrap(walk.text(node.args[0]))}.T"


_RELATIONS: dict[type, str] = {
    sympy.Equality: "==", sympy.Unequality: "!=", sympy.StrictLessThan: "<",
    sympy.LessThan: "<=", sympy.StrictGreaterThan: ">", sympy.GreaterThan: ">=",
}  # fmt: skip


def _relation(walk: Walk, node: Any) -> str:
    if any(isinstance(a, sympy.core.relational.Relational) for a in node.args):
        raise Refused("a relation inside a relation")
    return f"{walk.text(node.lhs)} {_RELATIONS[type(node)]} {walk.text(node.rhs)}"


def _unevaluated(walk: Walk, node: Any) -> str:
    return walk.text(node.args[0])


_TABLE: tuple[tuple[type | tuple[type, ...], Callable[[Walk, Any], str]], ...] = (
    (sympy.Symbol, _symbol),
    (sympy.Integer, _integer),
    (sympy.Rational, _rational),
    ((sympy.core.numbers.Pi, sympy.core.numbers.Infinity, sympy.core.numbers.Exp1, sympy.core.numbers.ImaginaryUnit), _constant),
    (sympy.Add, _add),
    (sympy.Mul, _mul),
    (sympy.Pow, _pow),
    (sympy.log, _log),
    (tuple(FUNCTIONS), _function),
    (AppliedUndef, _applied),
    ((sympy.Sum, sympy.Product), _sum),
    (sympy.Integral, _integral),
    (sympy.Limit, _limit),
    (sympy.Derivative, _derivative),
    (sympy.transpose, _transpose),
    (tuple(_RELATIONS), _relation),
    (sympy.UnevaluatedExpr, _unevaluated),
)


def _handler(node: Any) -> Callable[[Walk, Any], str] | None:
    for kinds, handler in _TABLE:
        if isinstance(node, kinds):
            return handler
    if node is sympy.S.NegativeInfinity:
        return lambda _w, _n: "-oo"
    if node is sympy.S.NegativeOne:
        return lambda _w, _n: "(-1)"
    return None
