"""Factors that depend on a size: the candidates a near miss may name across the listed sizes.

A vector claim written for ``n: [2, 3, 4]`` that is off by 1/2, 1/3, 1/4 is off
by 1/n. :data:`SIZE_FACTORS` is the table of such factors, simplest first;
:func:`fitting` proposes those that match a claim's ratios numerically in
every case. Nothing here proves anything: the diagnosis
(:func:`derivcheck.diagnose.size_factor`) proves lhs = f(n)·rhs in each case
before it says so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import Any

import mpmath
import sympy

from derivcheck.engine.numeric import to_mp

#: The factors a near miss may name as depending on a size (or any listed integer),
#: simplest first: how each is written, and its value at a size. A newcomer adds one row.
SIZE_FACTORS: tuple[tuple[str, Callable[[sympy.Expr], sympy.Expr]], ...] = (
    ("{n}", lambda n: n),
    ("1/{n}", lambda n: 1 / n),
    ("{n} - 1", lambda n: n - 1),
    ("1/({n} - 1)", lambda n: 1 / (n - 1)),
    ("{n} + 1", lambda n: n + 1),
    ("1/({n} + 1)", lambda n: 1 / (n + 1)),
    ("{n}/2", lambda n: n / 2),
    ("2/{n}", lambda n: 2 / n),
    ("2*{n}", lambda n: 2 * n),
    ("1/(2*{n})", lambda n: 1 / (2 * n)),
    ("{n}**2", lambda n: n**2),
    ("1/{n}**2", lambda n: 1 / n**2),
    ("{n}*({n} - 1)", lambda n: n * (n - 1)),
    ("1/({n}*({n} - 1))", lambda n: 1 / (n * (n - 1))),
    ("({n} - 1)/{n}", lambda n: (n - 1) / n),
    ("{n}/({n} - 1)", lambda n: n / (n - 1)),
    ("sqrt({n})", sympy.sqrt),
    ("1/sqrt({n})", lambda n: 1 / sympy.sqrt(n)),
    ("2**{n}", lambda n: 2**n),
    ("2**(-{n})", lambda n: sympy.Integer(2) ** -n),
)


def fitting(
    cases: Sequence[Mapping[str, Any]], ratios: Sequence[Any], differ: Callable[[Any, Any], bool], digits: int
) -> Iterator[tuple[str, str, list[sympy.Expr]]]:
    """Each (written factor, name of the integer, its exact value in each case) whose
    value matches the case's ratio (to ``digits``, by ``differ``) in every case, in table order.

    ``cases`` are the listed values of each case (name → value); the integers
    among the first case's names are the candidates for n.
    """
    names = [name for name, v in cases[0].items() if isinstance(v, sympy.Integer)]
    for written, f in SIZE_FACTORS:
        for name in names:
            values = []
            for case, ratio in zip(cases, ratios, strict=True):
                n = case.get(name)
                value = f(n) if isinstance(n, sympy.Integer) else None
                if value is None or not value.is_finite or value == 0:
                    break
                with mpmath.workdps(digits):
                    if differ(to_mp(value), ratio):
                        break
                values.append(value)
            else:
                yield written.format(n=name), name, values


__all__ = ["SIZE_FACTORS", "fitting"]
