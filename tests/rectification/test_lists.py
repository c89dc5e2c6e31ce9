"""Problem lists: drafted from the frozen results and the findings, edited by the office while a
draft, issued frozen and dated; each refusal names its field and what would be accepted."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from dudao.store.accounts.models import Unit
from dudao.store.audit.models import Action, AuditEntry
from dudao.store.entry.services import EntryRefused
from dudao.store.rectification.lists import (
    ProblemInput,
    add_problem,
    draft_lists,
    edit_problem,
    issue_list,
    list_of,
    remove_problem,
)
from dudao.store.rectification.models import ProblemList, Source, TaskState
from dudao.store.rounds.models import Round
from tests.rectification.conftest import JIANGBEI


def _frozen(round: Round, code: str) -> dict[str, Any]:
    return next(u for u in (round.results or {})["units"] if u["code"] == code)


def test_a_draft_lists_every_item_below_standard_or_share_and_every_rule_that_fired(
    closed_round: Round, office: Any
) -> None:
    drafted = draft_lists(office, closed_round, share="60")
    assert len(drafted) == closed_round.entries.count()
    frozen = _frozen(closed_round, JIANGBEI)
    expected = {
        i["code"]
        for i in frozen["items"]
        if i["status"] == "未达标" or (i["max_points"] > 0 and i["points"] < 0.6 * i["max_points"])
    } | {r["code"] for r in frozen["rules"]}
    problems = ProblemList.objects.get(round=closed_round, unit_id=JIANGBEI).problems.all()
    generated = {p.item for p in problems if p.source != Source.FINDING}
    assert generated == expected and expected  # the demo's Jiangbei falls short somewhere
    assert [p.position for p in problems] == list(range(1, len(problems) + 1))
    sample = next(p for p in problems if p.source == Source.BELOW_STANDARD)
    assert "标准：" in sample.evidence and "得分" in sample.evidence
    assert AuditEntry.objects.filter(action=Action.RECTIFICATION, round=closed_round).exists()


def test_a_higher_share_lists_more_and_the_office_s_own_problems_survive_a_redraft(
    closed_round: Round, office: Any
) -> None:
    draft_lists(office, closed_round, share="50")
    problem_list = ProblemList.objects.get(round=closed_round, unit_id=JIANGBEI)
    fewer = problem_list.problems.count()
    add_problem(office, problem_list, ProblemInput("学位供给预警机制不健全", "major", "", "座谈了解"))
    draft_lists(office, closed_round, share="95")
    assert problem_list.problems.count() > fewer
    kept = problem_list.problems.get(source=Source.OFFICE)
    assert kept.title == "学位供给预警机制不健全"
    assert kept.position == problem_list.problems.count()  # numbered after the generated


@pytest.mark.parametrize(
    ("entered", "field", "says"),
    [
        (ProblemInput("", "major"), "title", "不能为空"),
        (ProblemInput("x" * 301, "major"), "title", "300"),
        (ProblemInput("问题", "grave"), "severity", "minor（一般问题）"),
        (ProblemInput("问题", "major", item="Z9.9"), "item", "不是本轮次方案中的指标或规则代码"),
    ],
)
def test_a_problem_as_entered_is_refused_at_its_field(
    closed_round: Round, office: Any, entered: ProblemInput, field: str, says: str
) -> None:
    problem_list = list_of(closed_round, Unit.objects.get(code=JIANGBEI))
    with pytest.raises(EntryRefused) as refused:
        add_problem(office, problem_list, entered)
    assert list(refused.value.errors) == [field] and says in refused.value.errors[field]
    assert problem_list.problems.count() == 0


def test_an_issued_list_is_frozen_dated_and_its_problems_are_tasks(closed_round: Round, office: Any) -> None:
    draft_lists(office, closed_round)
    problem_list = ProblemList.objects.get(round=closed_round, unit_id=JIANGBEI)
    first, second = list(problem_list.problems.all()[:2])
    edit_problem(office, first, ProblemInput("校舍面积不足（已核实）", "serious", first.item, first.evidence))
    remove_problem(office, second)
    assert [p.position for p in problem_list.problems.all()] == list(
        range(1, problem_list.problems.count() + 1)
    )
    issued = issue_list(office, problem_list, on=date(2023, 3, 1))
    assert issued.issued and issued.issued_on == date(2023, 3, 1)
    assert set(issued.problems.values_list("state", flat=True)) == {TaskState.ISSUED}
    for attempt in (
        lambda: add_problem(office, issued, ProblemInput("再加一个", "minor")),
        lambda: edit_problem(office, issued.problems.first(), ProblemInput("改", "minor")),
        lambda: remove_problem(office, issued.problems.first()),
        lambda: issue_list(office, issued),
    ):
        with pytest.raises(EntryRefused) as refused:
            attempt()
        assert "2023-03-01" in refused.value.errors["list"] and "已冻结" in refused.value.errors["list"]
    # a redraft leaves an issued list as it was
    before = list(issued.problems.values_list("title", flat=True))
    draft_lists(office, closed_round, share="99")
    assert list(issued.problems.values_list("title", flat=True)) == before


def test_an_open_round_has_no_lists_yet_and_an_empty_list_is_not_issued(
    demo_round: Round, office: Any, closed_round: Round
) -> None:
    open_round = Round(name="未关闭的轮次", state=Round.State.OPEN, results=None)
    with pytest.raises(EntryRefused) as refused:
        draft_lists(office, open_round)
    assert "尚未关闭" in refused.value.errors["round"]
    empty = list_of(closed_round, Unit.objects.get(code=JIANGBEI))
    with pytest.raises(EntryRefused) as refused:
        issue_list(office, empty)
    assert "没有问题" in refused.value.errors["list"]
    with pytest.raises(EntryRefused) as refused:
        draft_lists(office, closed_round, share="160")
    assert "0 至 100" in refused.value.errors["share"]
