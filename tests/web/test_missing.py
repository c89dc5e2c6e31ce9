"""What each evaluated unit still owes: the same whether asked for one unit or the whole round."""

from __future__ import annotations

from dudao.store.entry.services import missing_by_entry, missing_values
from dudao.store.rounds.models import Round, RoundUnit


def test_the_whole_round_at_once_equals_unit_by_unit(demo_round: Round) -> None:
    entries = list(RoundUnit.objects.filter(round=demo_round).select_related("unit"))
    together = missing_by_entry(demo_round, entries)
    assert {e.unit_id: together[e.pk] for e in entries} == {
        e.unit_id: missing_values(demo_round, e) for e in entries
    }
    by_code = {e.unit_id: together[e.pk] for e in entries}
    assert {m.element for m in by_code["500105"]} == {"edu_budget", "pop_3_5", "teacher_avg_pay"}
    assert len(by_code["500118"]) > 100  # not started: its own figures and its schools'
    assert all(m.unit.startswith("500118") for m in by_code["500118"])


def test_a_school_owes_what_it_reported_the_year_before(demo_round: Round) -> None:
    from dudao.store.entry.models import DataValue

    entry = RoundUnit.objects.select_related("unit").get(round=demo_round, unit_id="500105")
    school = DataValue.objects.filter(
        round=demo_round,
        period=demo_round.period,
        unit__level="school",
        unit__path__startswith="/500000/500105/",
    ).first()
    assert school is not None
    school.value = None
    school.save()
    owed = [m for m in missing_values(demo_round, entry) if m.unit == school.unit_id]
    assert [m.element for m in owed] == [school.element]
