"""Field verification 实地核查: schools drawn to visit in each evaluated unit, and the findings
inspectors record there (notes, severity, photos, a proposed change of the review score).

- :mod:`~dudao.store.verification.sampling`: the draw itself, a pure function of the schools and
  the seed (the same seed gives the same schools, whatever the database's order);
- :mod:`~dudao.store.verification.draws`: storing a draw, and redrawing with a new seed and a reason
  (the old draw is kept);
- :mod:`~dudao.store.verification.findings`: recording a finding with its photos.

Every write is one transaction and is audited.
"""
