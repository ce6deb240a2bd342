"""Boolean statements over linear inequalities, decided exactly.

A statement such as ``iff(H(3/4*x1 - x2 + 4) == 1, -4/3*x1 - x2 + 4 > 0)`` is
first freed of its piecewise atoms: each atom's argument ``g`` is split into
``g > 0``, ``g < 0`` and ``g = 0``, and in each case the atom takes its branch
(``H`` becomes 1, 0 or 1/2). Each case is then a statement of linear real
arithmetic, and it holds everywhere exactly when its negation, together with
the case and the domains' constraints, is unsatisfiable, which SymPy's
simplex-based LRA solver decides exactly.
"""

from __future__ import annotations

import itertools
from typing import Any

import sympy
from sympy.logic.inference import satisfiable

from derivcheck.formula import Formula, to_sympy
from derivcheck.semantics import Variable

_ATOMS = (sympy.Max, sympy.Min, sympy.Abs, sympy.Heaviside, sympy.sign)
_MAX_ATOMS = 6


def prove_linear(f: Formula, variables: list[Variable], premises: list[Formula] | None = None) -> bool | None:
    """True if ``f`` holds on the whole domain (where the premises hold); False if
    it provably fails somewhere; None when this method does not apply (a
    nonlinear part, or too many atoms)."""
    try:
        statement = to_sympy(f)
        if premises:
            statement = sympy.Implies(sympy.And(*[to_sympy(p) for p in premises]), statement, evaluate=False)
    except (TypeError, ValueError):
        return None
    single = _one_query(statement, variables)
    if single is not None:
        return single
    atoms = sorted(statement.atoms(*_ATOMS), key=sympy.count_ops)
    if len(atoms) > _MAX_ATOMS:
        return None
    splits: list[list[tuple[Any, dict[Any, Any]]]] = []
    for atom in atoms:
        cases = _atom_cases(atom)
        if cases is None:
            return None
        splits.append(cases)
    domain = _domain_constraints(variables, statement)
    symbols = [v.symbol for v in variables if v.symbol in statement.free_symbols]
    for combo in itertools.product(*splits) if splits else [()]:
        mapping: dict[Any, Any] = {}
        for _, m in combo:
            mapping.update(m)
        # Atoms may nest (H(H(x) - 1/2)): replace until nothing changes, in
        # the statement and in the case conditions alike.
        condition = _settle(sympy.And(*[c for c, _ in combo]) if combo else sympy.true, mapping)
        case = _evaluate_relations(_settle(statement, mapping))
        condition = _evaluate_relations(condition)
        if case.atoms(*_ATOMS):
            return None
        if not _linear(case, symbols) or not _linear(condition, symbols):
            return None
        query = _without_ne(sympy.And(domain, condition, sympy.Not(case)))
        try:
            model = satisfiable(query, use_lra_theory=True)
        except Exception:  # the LRA solver rejects what it cannot handle  # noqa: BLE001
            return None
        if model is not False:
            return False
    return True


def _one_query(statement: Any, variables: list[Variable]) -> bool | None:
    """Decide the statement with one solver call: each piecewise atom becomes a
    fresh unknown r tied to its argument by the disjunction of its cases
    (for H(g): g > 0 and r = 1, or g < 0 and r = 0, or g = 0 and r = 1/2).
    The statement holds everywhere iff its negation and these ties are
    unsatisfiable. None when something is not linear (then the cases are
    enumerated instead)."""
    ties = []
    fresh: list[sympy.Symbol] = []
    current = statement
    for _ in range(_MAX_ATOMS + 1):
        atoms = [a for a in current.atoms(*_ATOMS) if not any(b.atoms(*_ATOMS) for b in a.args)]
        if not atoms:
            break
        mapping = {}
        for atom in atoms:
            r = sympy.Dummy("r", real=True)
            fresh.append(r)
            mapping[atom] = r
            cases = _atom_cases(atom)
            if cases is None:
                return None
            ties.append(sympy.Or(*[sympy.And(cond, sympy.Eq(r, value)) for cond, value in ((c, m[atom]) for c, m in cases)]))
        current = current.xreplace(mapping)
        if len(fresh) > 3 * _MAX_ATOMS:
            return None
    else:
        return None
    symbols = [v.symbol for v in variables if v.symbol in statement.free_symbols] + fresh
    body = _evaluate_relations(current)
    tie = sympy.And(*ties) if ties else sympy.true
    if not _linear(body, symbols) or not _linear(tie, symbols):
        return None
    query = _without_ne(sympy.And(_domain_constraints(variables, statement), tie, sympy.Not(body)))
    try:
        model = satisfiable(query, use_lra_theory=True)
    except Exception:  # the LRA solver rejects what it cannot handle  # noqa: BLE001
        return None
    return model is False


def _settle(b: Any, mapping: dict[Any, Any]) -> Any:
    for _ in range(_MAX_ATOMS + 1):
        new = b.xreplace(mapping)
        if new == b:
            return new
        b = new
    return b


def _without_ne(b: Any) -> Any:
    """Rewrite a != b as (a < b or a > b): SymPy's LRA solver does not take Ne."""
    return b.replace(
        lambda z: isinstance(z, sympy.Ne), lambda z: sympy.Or(z.lhs < z.rhs, z.lhs > z.rhs)
    ).replace(
        lambda z: isinstance(z, sympy.Not) and isinstance(z.args[0], sympy.Eq),
        lambda z: sympy.Or(z.args[0].lhs < z.args[0].rhs, z.args[0].lhs > z.args[0].rhs),
    )


def _atom_cases(atom: sympy.Expr) -> list[tuple[Any, dict[Any, Any]]] | None:
    if isinstance(atom, (sympy.Max, sympy.Min)):
        if len(atom.args) != 2:
            return None
        u, v = atom.args
        g = u - v
        big, small = (u, v), (v, u)
        pick = 0 if isinstance(atom, sympy.Max) else 1
        return [
            (g > 0, {atom: big[pick]}),
            (g < 0, {atom: small[pick]}),
            (sympy.Eq(g, 0), {atom: u}),
        ]
    g = atom.args[0]
    if isinstance(atom, sympy.Heaviside):
        values = (sympy.Integer(1), sympy.Integer(0), sympy.S.Half)
    elif isinstance(atom, sympy.sign):
        values = (sympy.Integer(1), sympy.Integer(-1), sympy.Integer(0))
    else:  # Abs
        values = (g, -g, sympy.Integer(0))
    return [
        (g > 0, {atom: values[0]}),
        (g < 0, {atom: values[1]}),
        (sympy.Eq(g, 0), {atom: values[2]}),
    ]


def _evaluate_relations(b: Any) -> Any:
    # Re-create each relation with evaluation on, so Eq(1, 1) becomes True.
    return b.replace(
        lambda z: isinstance(z, sympy.core.relational.Relational),
        lambda z: type(z)(z.lhs, z.rhs),
    )


def _linear(b: Any, symbols: list[sympy.Symbol]) -> bool:
    if b in (sympy.true, sympy.false):
        return True
    for rel in b.atoms(sympy.core.relational.Relational):
        d = rel.lhs - rel.rhs
        if not symbols:
            if d.free_symbols:
                return False
            continue
        if d.free_symbols - set(symbols):
            return False
        poly = d.as_poly(*symbols)
        if poly is None or poly.total_degree() > 1:
            return False
        if any(not c.is_Rational for c in poly.coeffs()):
            return False
    return True


def _domain_constraints(variables: list[Variable], statement: Any) -> Any:
    parts = []
    for v in variables:
        s = v.symbol
        if s not in statement.free_symbols:
            continue
        if s.is_positive:
            parts.append(s > 0)
        elif s.is_nonnegative:
            parts.append(s >= 0)
        elif s.is_negative:
            parts.append(s < 0)
        elif s.is_nonpositive:
            parts.append(s <= 0)
        if v.lo != -sympy.oo and v.lo.is_Rational:
            parts.append(s > v.lo if v.lo_open else s >= v.lo)
        if v.hi != sympy.oo and v.hi.is_Rational:
            parts.append(s < v.hi if v.hi_open else s <= v.hi)
    return sympy.And(*parts) if parts else sympy.true
