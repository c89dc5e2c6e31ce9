"""The next round closes the loop: creating it from the previous one carries the open problems
forward, and its rectification item scores from the previous round's records."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest

from dudao.store.entry.models import DataValue
from dudao.store.entry.services import EntryRefused
from dudao.store.rectification import tasks
from dudao.store.rectification.carry import apply_rectification, create_next_round
from dudao.store.rectification.lists import draft_lists, issue_list
from dudao.store.rectification.models import ProblemList, Source, TaskState
from dudao.store.rounds.engine import current_results
from dudao.store.rounds.models import Round
from tests.rectification.conftest import JIANGBEI

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _close_one(task: Any, district: Any, office: Any) -> None:
    tasks.plan(district, task, tasks.PlanInput("措施", "科", "人", "2023-06-30"))
    tasks.report_progress(district, task, "完成", [tasks.Upload("照片.png", io.BytesIO(PNG), len(PNG))])
    tasks.submit_for_closure(district, task)
    tasks.accept(office, task)


def _next(previous: Round, office: Any, **changes: Any) -> tuple[Round, int]:
    fields = {
        "name": "2023年评价（示例）",
        "scheme": previous.scheme,
        "scope": previous.scope,
        "deadline": date(2024, 3, 31),
        "period": previous.period + 1,
    } | changes
    return create_next_round(office, previous, **fields)


def test_the_next_round_carries_open_problems_and_scores_their_rectification(
    closed_round: Round, office: Any, district: Any
) -> None:
    draft_lists(office, closed_round)
    issued = issue_list(
        office, ProblemList.objects.get(round=closed_round, unit_id=JIANGBEI), on=date(2023, 3, 1)
    )
    problems = list(issued.problems.all())
    closed_task = problems[0]
    _close_one(closed_task, district, office)

    round, carried = _next(closed_round, office)
    assert round.previous == closed_round and carried == len(problems) - 1
    copies = ProblemList.objects.get(round=round, unit_id=JIANGBEI).problems.all()
    assert {p.carried_from_id for p in copies} == {p.pk for p in problems[1:]}
    assert {p.source for p in copies} == {Source.CARRIED} and {p.state for p in copies} == {TaskState.DRAFT}
    assert "上一轮" in copies[0].evidence and closed_round.name in copies[0].evidence

    written = apply_rectification(office, round, today=date(2024, 1, 10))
    values = dict(
        DataValue.objects.filter(round=round, unit_id=JIANGBEI, period=round.period).values_list(
            "element", "value"
        )
    )
    assert values["prev_round_problems"] == len(problems) and values["prev_round_rectified"] == 1
    assert any(v.unit_id == JIANGBEI for v in written)
    item = current_results(round).unit(JIANGBEI).item("A10.1")
    rate = 100 / len(problems)  # A10.1: 0 points at a 50 % closure rate, full at 100 %
    assert item.value == pytest.approx(rate)
    assert item.points == pytest.approx(max(0.0, (rate - 50) / 50) * item.max_points)


def test_a_next_round_needs_a_closed_earlier_round(demo_round: Round, office: Any) -> None:
    with pytest.raises(EntryRefused) as refused:
        _next(demo_round, office)
    assert "尚未关闭" in refused.value.errors["previous"]


def test_a_round_following_none_has_no_record_to_score(closed_round: Round, office: Any) -> None:
    with pytest.raises(EntryRefused) as refused:
        apply_rectification(office, closed_round)
    assert "没有登记上一轮" in refused.value.errors["previous"]
    with pytest.raises(EntryRefused) as refused:
        _next(closed_round, office, period=closed_round.period)
    assert f"不早于本轮的 {closed_round.period}" in refused.value.errors["previous"]


def test_a_scheme_that_declares_the_overdue_major_count_feeds_it_to_a_rule(
    closed_round: Round, office: Any, district: Any
) -> None:
    from dudao.store.rectification.models import Problem
    from dudao.store.rounds.services import store_scheme

    text = closed_round.scheme.text.replace("  version: 1\n", "  version: 2\n", 1)
    text = text.replace(
        "  - {code: rectification_criticisms,",
        "  - {code: prev_round_overdue_major, name: 上一轮较重以上问题逾期未整改数, unit: 个, type: number,"
        " level: unit, source: 整改台账, min: 0}\n  - {code: rectification_criticisms,",
        1,
    )
    text = text.replace(
        "rules:\n",
        'rules:\n  - {code: R11, type: cannot_be_excellent, when: "prev_round_overdue_major > 0",'
        " reason: 上一轮较重以上问题逾期未整改}\n",
        1,
    )
    scheme = store_scheme(office, text, "test: overdue rule")
    draft_lists(office, closed_round)
    issued = issue_list(
        office, ProblemList.objects.get(round=closed_round, unit_id=JIANGBEI), on=date(2023, 3, 1)
    )
    late = issued.problems.first()
    Problem.objects.filter(pk=late.pk).update(severity="major")
    tasks.plan(district, late, tasks.PlanInput("措施", "科", "人", "2023-06-30"))
    round, _carried = _next(closed_round, office, scheme=scheme)
    apply_rectification(office, round, today=date(2023, 7, 1))
    value = DataValue.objects.get(round=round, unit_id=JIANGBEI, element="prev_round_overdue_major")
    assert value.value == 1 and "较重以上逾期未整改 1 个" in value.comment
    [rule] = [r for r in current_results(round).unit(JIANGBEI).rules if r.code == "R11"]
    assert rule.fired is True
