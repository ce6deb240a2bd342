"""A statement about threshold units, decided through their values: each step H(g) is 0, H(0) or 1.

A network of Heaviside units (h_j = H(w_j·x + b_j), f = H(Σ_j u_j h_j + c)) makes statements
whose unknowns enter only through the innermost steps. Whatever the unknowns, each such step
takes one of three values: 0, 1 and its value at 0 (1/2 for the language's H). A statement that
is true for every choice of those values, checked exactly, is true for every value of the
unknowns. A choice may be one that no value of the unknowns realises (two steps of one
argument cannot differ), so a false choice shows nothing: this proves and never refutes.
"""

from __future__ import annotations

import itertools

import sympy

from derivcheck.engine.refute import formula_truth
from derivcheck.formula import Connective, Formula, Rel, Truth, free_symbols, relations

#: The most steps whose values are enumerated (3**6 = 729 exact evaluations of the statement).
MAX_STEPS = 6
#: Operations with a variable of their own: a step inside one may be of that variable, whose
#: values the operation runs over, not one value for the whole statement. (The language's own
#: pending operations are computed before a statement reaches the engine.)
_BINDERS = (sympy.Integral, sympy.Sum, sympy.Product, sympy.Limit, sympy.Derivative)


def _steps(f: Formula) -> list[sympy.Basic]:
    """The innermost Heaviside steps of the statement whose arguments have unknowns."""
    found: dict[sympy.Basic, None] = {}
    stack: list[Formula] = [f]
    while stack:
        g = stack.pop()
        if isinstance(g, Connective):
            stack.extend(g.args)
        elif isinstance(g, Rel):
            for side in (g.lhs, g.rhs):
                if not isinstance(side, sympy.Basic) or side.has(*_BINDERS):
                    return []  # a matrix side, or a binder: not this strategy's
                for atom in side.atoms(sympy.Heaviside):
                    if free_symbols(atom.args[0]) and not atom.args[0].has(sympy.Heaviside):
                        found[atom] = None
    return list(found)


def _replaced(f: Formula, mapping: dict[sympy.Basic, sympy.Symbol]) -> Formula:
    if isinstance(f, Rel):
        return Rel(f.op, f.lhs.xreplace(mapping), f.rhs.xreplace(mapping), f.loc)
    if isinstance(f, Connective):
        return Connective(f.kind, tuple(_replaced(a, mapping) for a in f.args))
    return f


def _at_zero(step: sympy.Basic) -> sympy.Expr | None:
    """The step's value at 0: its second argument, or None when it has none (SymPy's default is not the language's)."""
    return step.args[1] if len(step.args) > 1 and step.args[1].is_Rational else None


def proved_by_values(f: Formula) -> bool:
    """Whether ``f`` holds for every choice of values of its innermost steps (see the module)."""
    if isinstance(f, Truth):
        return False
    steps = _steps(f)
    if not steps or len(steps) > MAX_STEPS:
        return False
    fresh = {step: sympy.Dummy(f"h{k}") for k, step in enumerate(steps)}
    closed = _replaced(f, fresh)
    unknowns: set[sympy.Symbol] = set()
    for g in relations(closed):
        unknowns |= free_symbols(g.lhs) | free_symbols(g.rhs)
    if unknowns - set(fresh.values()):
        return False  # an unknown outside the steps: their values do not settle the statement
    choices: list[tuple[sympy.Expr, ...]] = []
    for step in steps:
        middle = _at_zero(step)
        if middle is None:
            return False
        choices.append((sympy.Integer(0), middle, sympy.Integer(1)))
    symbols = [fresh[s] for s in steps]
    return all(
        formula_truth(closed, dict(zip(symbols, values, strict=True))) is True
        for values in itertools.product(*choices)
    )

