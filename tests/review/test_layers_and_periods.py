"""The three layers of an item with every change behind them; one round's review never
changes another round (another period)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from dudao.store.entry.models import SelfScore
from dudao.store.review import services
from dudao.store.review.layers import score_layers
from dudao.store.review.scores import unit_result
from dudao.store.rounds import services as rounds
from dudao.store.rounds.engine import round_dataset
from dudao.store.rounds.models import Round

SUBMITTED, RUBRIC, DATA_ITEM = "500104", "A1.2.1", "A1.1.1"


def test_the_layers_of_an_item_and_their_changes(demo_round: Round, reviewer: Any, office: Any) -> None:
    SelfScore.objects.update_or_create(
        round=demo_round, unit_id=SUBMITTED, item=RUBRIC, defaults={"level": "优"}
    )
    services.set_level(demo_round, SUBMITTED, RUBRIC, by=reviewer, level="良", reason="个别环节待完善")
    services.set_final_score(demo_round, SUBMITTED, RUBRIC, by=office, points=0.6, reason="核查后认定为中下")
    layers = score_layers(demo_round, SUBMITTED)
    item = layers[RUBRIC]
    assert item.self == 1.5 and item.self_level == "优"
    assert item.reviews[0].reviewer == "reviewer" and item.reviews[0].level == "良"
    assert item.reconciled == pytest.approx(1.2)  # one reviewer: theirs
    assert item.computed == pytest.approx(1.2)  # the engine scores the reviewed level
    assert item.final == 0.6 and item.final_reason == "核查后认定为中下" and item.counted == 0.6
    kinds = [(c.layer, c.source, c.after) for c in item.changes]
    assert kinds == [
        ("self", "unit", 1.5),
        ("review", "reviewer", pytest.approx(1.2)),
        ("final", "office", 0.6),
    ]
    assert item.changes[-1].reason == "核查后认定为中下" and item.changes[-1].author
    assert DATA_ITEM in layers and layers[DATA_ITEM].final is None and layers[DATA_ITEM].changes == ()
    # the engine totals the final score
    result = unit_result(demo_round, SUBMITTED)
    assert result is not None and result.item(RUBRIC).points == 0.6 and result.item(RUBRIC).final


def test_a_final_score_changes_the_units_total_in_the_round(demo_round: Round, office: Any) -> None:
    before = unit_result(demo_round, SUBMITTED)
    assert before is not None
    computed = before.item(DATA_ITEM).points
    services.set_final_score(demo_round, SUBMITTED, DATA_ITEM, by=office, points=0.0, reason="核查不实")
    after = unit_result(demo_round, SUBMITTED)
    assert after is not None and after.total == pytest.approx(before.total - computed)
    from dudao.store.rounds.engine import current_results

    assert current_results(demo_round).unit(SUBMITTED).total == pytest.approx(after.total)


def test_reviewing_one_round_leaves_another_periods_round_alone(
    demo_round: Round, reviewer: Any, office: Any
) -> None:
    other = rounds.create_round(
        office,
        name="上一年度轮次（示例）",
        scheme=demo_round.scheme,
        scope=demo_round.scope,
        deadline=timezone.localdate() + timedelta(days=3),
        period=demo_round.period - 1,
    )
    before = round_dataset(other)
    services.set_level(demo_round, SUBMITTED, RUBRIC, by=reviewer, level="差", reason="明显薄弱")
    services.set_final_score(demo_round, SUBMITTED, DATA_ITEM, by=office, points=0.0, reason="核查不实")
    after = round_dataset(other)
    assert after.reviews == before.reviews and after.bonus == before.bonus
    assert dict(after.final_points) == {} and score_layers(other, SUBMITTED)[RUBRIC].reviews == ()
    assert (SUBMITTED, DATA_ITEM) in round_dataset(demo_round).final_points


def test_the_layers_carry_last_years_value(demo_round: Round) -> None:
    from dudao.store.review.scores import unit_result

    last = unit_result(demo_round, SUBMITTED, period=demo_round.period - 1)
    assert last is not None
    layers = score_layers(demo_round, SUBMITTED)
    shown = {code: item.last_year_value for code, item in layers.items() if item.last_year_value}
    assert shown, "the demo round holds last year's values"
    code, value = next(iter(shown.items()))
    expected = last.item(code).value
    assert value == (f"{expected:g}" if isinstance(expected, float) else str(expected))


def test_this_years_review_and_final_scores_leave_last_years_points_alone(
    demo_round: Round, reviewer: Any, office: Any
) -> None:
    """Last year's points are scored from the round's own values of that year; this year's reviewed
    level and final score judged this year only (they were laid over last year's scores too)."""
    from dudao.store.review.scores import unit_result

    last = demo_round.period - 1
    before = unit_result(demo_round, SUBMITTED, period=last)
    assert before is not None
    services.set_level(demo_round, SUBMITTED, RUBRIC, by=reviewer, level="差", reason="明显薄弱")
    services.set_final_score(demo_round, SUBMITTED, DATA_ITEM, by=office, points=0.0, reason="核查不实")
    now = unit_result(demo_round, SUBMITTED)
    after = unit_result(demo_round, SUBMITTED, period=last)
    assert now is not None and now.item(DATA_ITEM).final and now.item(DATA_ITEM).points == 0.0
    assert after is not None and not after.item(DATA_ITEM).final
    assert after.item(DATA_ITEM).points == before.item(DATA_ITEM).points
    assert after.item(RUBRIC).points == before.item(RUBRIC).points
    assert after.total == pytest.approx(before.total)
