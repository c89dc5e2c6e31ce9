"""Rectification tasks: the unit plans, reports progress with evidence and asks for closure; the
office closes or returns; overdue is a flag the boards read; every transition is a step and an
audit entry, and a refused move says what the task's state allows."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest

from dudao.store.audit.models import Action, AuditEntry
from dudao.store.entry.services import EntryRefused
from dudao.store.rectification import tasks
from dudao.store.rectification.board import sorted_tallies, tallies, total
from dudao.store.rectification.lists import draft_lists, issue_list
from dudao.store.rectification.models import Problem, ProblemList, Step, TaskState
from dudao.store.rounds.models import Round
from tests.rectification.conftest import JIANGBEI

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
ISSUED_ON = date(2023, 3, 1)


def _upload(name: str = "整改照片.png", data: bytes = PNG) -> tasks.Upload:
    return tasks.Upload(name, io.BytesIO(data), len(data))


def _plan(
    deadline: str = "2023-06-30", milestones: str = "2023-04-15 完成选址\n2023-06-01 开工"
) -> tasks.PlanInput:
    return tasks.PlanInput("新建学校两所，扩充学位", "区教委规划建设科", "张三", deadline, milestones)


@pytest.fixture
def issued(closed_round: Round, office: Any) -> ProblemList:
    draft_lists(office, closed_round)
    return issue_list(office, ProblemList.objects.get(round=closed_round, unit_id=JIANGBEI), on=ISSUED_ON)


def test_a_task_goes_from_issued_to_closed_and_each_step_is_audited(
    issued: ProblemList, district: Any, office: Any
) -> None:
    task = issued.problems.first()
    task = tasks.plan(district, task, _plan())
    assert task.state == TaskState.PLANNED and task.deadline == date(2023, 6, 30)
    assert [(m.due, m.text) for m in task.milestones.all()] == [
        (date(2023, 4, 15), "完成选址"),
        (date(2023, 6, 1), "开工"),
    ]
    tasks.report_progress(district, task, "已完成选址", [_upload()])
    task.refresh_from_db()
    assert task.state == TaskState.IN_PROGRESS
    task = tasks.submit_for_closure(district, task, "整改完成")
    assert task.state == TaskState.SUBMITTED
    task = tasks.accept(office, task, "经复查属实", on=date(2023, 7, 1))
    assert task.state == TaskState.CLOSED and task.closed_on == date(2023, 7, 1) and task.closed_by == office
    steps = list(Step.objects.filter(problem=task).values_list("before", "after"))
    assert steps == [
        ("draft", "issued"),
        ("issued", "planned"),
        ("planned", "in_progress"),
        ("in_progress", "submitted"),
        ("submitted", "closed"),
    ]
    audited = AuditEntry.objects.filter(
        action=Action.RECTIFICATION, unit_id=JIANGBEI, target__startswith=f"问题 {task.number}"
    )
    assert audited.count() == 4


def test_a_returned_task_goes_on_with_the_reason_and_can_be_submitted_again(
    issued: ProblemList, district: Any, office: Any
) -> None:
    task = tasks.plan(district, issued.problems.first(), _plan())
    tasks.report_progress(district, task, "已开工", [_upload()])
    tasks.submit_for_closure(district, task)
    with pytest.raises(EntryRefused) as refused:
        tasks.return_task(office, task, "  ")
    assert "退回理由" in refused.value.errors["reason"]
    task = tasks.return_task(office, task, "佐证材料不足，缺验收报告")
    assert task.state == TaskState.IN_PROGRESS and task.returned_reason == "佐证材料不足，缺验收报告"
    tasks.report_progress(district, task, "补充验收报告", [_upload("验收报告.png", PNG + b"1")])
    assert tasks.submit_for_closure(district, task).state == TaskState.SUBMITTED


@pytest.mark.parametrize(
    ("plan", "field", "says"),
    [
        (tasks.PlanInput("", "科", "人", "2023-06-30"), "measures", "整改措施"),
        (tasks.PlanInput("措施", "", "人", "2023-06-30"), "department", "责任单位"),
        (tasks.PlanInput("措施", "科", "人", "2023-02-30"), "deadline", "YYYY-MM-DD"),
        (tasks.PlanInput("措施", "科", "人", "2023-01-01"), "deadline", "不早于 2023-03-01"),
        (tasks.PlanInput("措施", "科", "人", "2023-06-30", "完成选址"), "milestones", "第 1 行"),
        (
            tasks.PlanInput("措施", "科", "人", "2023-06-30", "2023-04-01 a\n2023-07-01 b"),
            "milestones",
            "第 2 行",
        ),
        (tasks.PlanInput("措施", "科", "人", "2023-06-30", "2023-04-01 a\n" * 51), "milestones", "至多 50 行"),
    ],
)
def test_a_plan_as_entered_is_refused_at_its_field(
    issued: ProblemList, district: Any, plan: tasks.PlanInput, field: str, says: str
) -> None:
    task = issued.problems.first()
    with pytest.raises(EntryRefused) as refused:
        tasks.plan(district, task, plan)
    assert list(refused.value.errors) == [field] and says in refused.value.errors[field]
    task.refresh_from_db()
    assert task.state == TaskState.ISSUED and not task.milestones.exists()


def test_a_move_the_state_does_not_allow_is_refused_saying_what_to_do(
    issued: ProblemList, district: Any, office: Any
) -> None:
    task = issued.problems.first()
    for move, hint in (
        (lambda: tasks.report_progress(district, task, "进展"), "请先制定整改方案"),
        (lambda: tasks.submit_for_closure(district, task), "须先制定方案"),
        (lambda: tasks.accept(office, task), "只有申请销号的任务可以销号"),
        (lambda: tasks.return_task(office, task, "理由"), "只有申请销号的任务可以退回"),
    ):
        with pytest.raises(EntryRefused) as refused:
            move()
        assert hint in refused.value.errors["state"] and "已下达" in refused.value.errors["state"]
    tasks.plan(district, task, _plan())
    tasks.report_progress(district, task, "口头汇报，无材料")
    with pytest.raises(EntryRefused) as refused:
        tasks.submit_for_closure(district, task)
    assert "佐证材料" in refused.value.errors["state"]


def test_an_evidence_file_passes_the_upload_checks(issued: ProblemList, district: Any) -> None:
    task = tasks.plan(district, issued.problems.first(), _plan())
    with pytest.raises(EntryRefused) as refused:
        tasks.report_progress(district, task, "进展", [_upload("脚本.exe", b"MZ\x90\x00" + b"\x00" * 60)])
    assert "files" in refused.value.errors
    assert not task.progress.exists()  # nothing kept of a refused report


def test_overdue_shows_on_the_board_with_the_closure_rate(
    issued: ProblemList, district: Any, office: Any
) -> None:
    first, second = list(issued.problems.all()[:2])
    Problem.objects.filter(pk=second.pk).update(severity="major")
    tasks.plan(district, first, _plan())
    tasks.report_progress(district, first, "完成", [_upload()])
    tasks.submit_for_closure(district, first)
    tasks.accept(office, first)
    tasks.plan(district, second, _plan(deadline="2023-04-30", milestones=""))
    late, early = date(2023, 5, 1), date(2023, 4, 1)
    second.refresh_from_db()
    assert second.is_overdue(late) and not second.is_overdue(early)
    [tally] = tallies(issued.round, [JIANGBEI], today=late)
    count = issued.problems.count()
    assert (tally.problems, tally.closed, tally.open, tally.overdue, tally.overdue_major) == (
        count,
        1,
        count - 1,
        1,
        1,
    )
    assert tally.closure_rate == round(100 / count, 1)
    assert total([tally, tally]).problems == 2 * count
    assert sorted_tallies([tally], "rate") == [tally]
