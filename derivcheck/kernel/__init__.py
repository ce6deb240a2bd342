"""The kernel: the only code that turns a candidate into ``proved`` or ``refuted``.

Everything else in derivcheck proposes: SymPy's limits, sums and integrals,
the proof strategies, the numeric screen, the diagnoses. The kernel disposes.
It knows the documented semantics of the claim language
(``docs/claim-format.md``) and checks, with exact rationals or rigorous ball
arithmetic, what a verdict rests on:

* a counterexample lies in the declared domain and the claim is false there
  (:mod:`derivcheck.kernel.witness`);
* a sign or an inequality between two values is known only when a ball
  enclosing the value excludes the boundary (:mod:`derivcheck.kernel.balls`);
* a proof's side conditions hold on the whole domain: the positivity that a
  monotonicity rule needs, the non-empty range a closed form of a sum needs,
  the continuity an antiderivative needs, the parameter values where a limit's
  generic value changes (:mod:`derivcheck.kernel.sums`,
  :mod:`derivcheck.kernel.integrals`, :mod:`derivcheck.kernel.limits`);
* an integral over an infinite range against a decaying weight (an
  expectation with no closed form) is enclosed with a proved bound on its
  tails, and an expectation that does not exist is recognised
  (:mod:`derivcheck.kernel.tails`).

Where a condition cannot be discharged the answer is ``undecided``, with the
reason. The kernel imports SymPy, mpmath and python-flint, and nothing of the
rest of derivcheck except the shared data of :mod:`derivcheck.formula` and
:mod:`derivcheck.model`.
"""
