"""Satisfaction surveys 满意度调查: questionnaires per round, public answers, integrity, results.

The pipeline reads: :mod:`.questionnaire` (a YAML file, checked with located problems) →
:mod:`.collect` (a public answer, with the integrity rules of :mod:`.integrity` deciding whether
it counts) → :mod:`.stats` (rates with Wilson intervals per unit, group and aspect) →
:mod:`.scoring` (the rates as the unit's data values for the round, with their source).
"""
