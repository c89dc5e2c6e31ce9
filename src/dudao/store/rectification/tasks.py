"""A problem's rectification task 整改任务: the unit's plan, its progress with evidence, its request
for closure, and the office's verdict.

The states, and who moves a task between them::

    issued ─plan→ planned ─progress→ in progress ─submit→ submitted ─accept→ closed
                                          ↑                    │
                                          └──────return────────┘

A task past its deadline and not yet submitted is overdue (:meth:`Problem.is_overdue`): a flag
the boards and reminders read, not a state of its own, so that it ends by itself when the task
is submitted. Every transition is a :class:`Step` on the task's page and an entry in the audit log.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, BinaryIO

from django.db import transaction
from django.utils import timezone

from dudao.store.audit.models import Action, record
from dudao.store.entry.evidence import checked_upload, store_blob
from dudao.store.rectification.models import (
    RUNNING_STATES,
    Milestone,
    Problem,
    Progress,
    ProgressFile,
    Step,
    TaskState,
)
from dudao.store.rectification.refusals import refused, text

MAX_MEASURES = 4000
MAX_FILES = 10
MAX_MILESTONES = 50
_MILESTONE = re.compile(r"^\s*(\d{4}-\d{1,2}-\d{1,2})\s+(.+?)\s*$")

_STATE_EN = {
    TaskState.DRAFT: "not issued",
    TaskState.ISSUED: "issued",
    TaskState.PLANNED: "planned",
    TaskState.IN_PROGRESS: "in progress",
    TaskState.SUBMITTED: "submitted for closure",
    TaskState.CLOSED: "closed",
}


@dataclass(frozen=True)
class PlanInput:
    """A plan as entered; ``milestones`` one per line: a date, a space, what is done by then."""

    measures: Any
    department: Any
    owner: Any
    deadline: Any
    milestones: Any = ""


@dataclass(frozen=True)
class Upload:
    name: str
    stream: BinaryIO
    size: int


def _refuse_transition(problem: Problem, what: str, what_en: str, hint: str, hint_en: str) -> Exception:
    return refused(
        "rectification-transition",
        "state",
        status="state",
        number=problem.number,
        state=problem.get_state_display(),
        state_en=_STATE_EN[TaskState(problem.state)],
        what=what,
        what_en=what_en,
        hint=hint,
        hint_en=hint_en,
    )


def _date(value: Any, field: str, label: str, earliest: date) -> date:
    raw = "" if value is None else str(value).strip()
    try:
        day = value if isinstance(value, date) else date.fromisoformat(raw)
    except ValueError:
        day = None
    if day is None or day < earliest:
        raise refused("rectification-date", field, label=label, value=raw, earliest=f"{earliest:%Y-%m-%d}")
    return day


def _milestones(value: Any, earliest: date, deadline: date) -> list[tuple[date, str]]:
    found = []
    lines = [line for line in str(value or "").splitlines() if line.strip()]
    if len(lines) > MAX_MILESTONES:
        label = f"整改节点（至多 {MAX_MILESTONES} 行）"
        raise refused("rectification-text", "milestones", label=label, limit=MAX_MILESTONES)
    for number, line in enumerate(lines, start=1):
        match = _MILESTONE.match(line)
        day = None
        if match:
            try:
                day = date.fromisoformat("-".join(f"{int(p):02d}" for p in match[1].split("-")))
            except ValueError:
                day = None
        if match is None or day is None or not earliest <= day <= deadline or len(match[2]) > 300:
            raise refused(
                "rectification-milestone",
                "milestones",
                line=number,
                value=line.strip()[:80],
                earliest=f"{earliest:%Y-%m-%d}",
                deadline=f"{deadline:%Y-%m-%d}",
            )
        found.append((day, match[2]))
    return found


def _move(user: Any, problem: Problem, after: TaskState, note: str, address: str, **changes: Any) -> Problem:
    """Move ``problem`` to ``after`` with ``changes``: a step and an audit entry, in one transaction
    (the caller's)."""
    before = TaskState(problem.state)
    problem.state = after
    for name, value in changes.items():
        setattr(problem, name, value)
    problem.save(update_fields=["state", *changes])
    Step.objects.create(problem=problem, before=before, after=after, note=note, by=_known(user))
    problem_list = problem.problem_list
    record(
        user,
        Action.RECTIFICATION,
        round=problem_list.round,
        unit=problem_list.unit,
        target=f"问题 {problem.number}：{problem.get_state_display()}",
        before={"state": before.value},
        after={"state": after.value, "note": note} | {k: _plain(v) for k, v in changes.items()},
        address=address,
    )
    return problem


def _plain(value: Any) -> Any:
    return f"{value:%Y-%m-%d}" if isinstance(value, date) else (None if hasattr(value, "pk") else value)


def _known(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


def _locked(problem: Problem) -> Problem:
    return (
        Problem.objects.select_for_update()
        .select_related("problem_list__round", "problem_list__unit")
        .get(pk=problem.pk)
    )


def plan(user: Any, problem: Problem, entered: PlanInput, *, address: str = "") -> Problem:
    """The unit's plan for the task: measures, the responsible department 责任单位, an owner, a
    deadline and dated milestones. A plan may be revised until the task is submitted for closure."""
    issued_on = problem.problem_list.issued_on or timezone.localdate()
    measures = text(entered.measures, "measures", "整改措施", MAX_MEASURES)
    department = text(entered.department, "department", "责任单位", 200)
    owner = text(entered.owner, "owner", "责任人", 100)
    deadline = _date(entered.deadline, "deadline", "完成时限", issued_on)
    milestones = _milestones(entered.milestones, issued_on, deadline)
    with transaction.atomic():
        locked = _locked(problem)
        if locked.state not in RUNNING_STATES:
            raise _refuse_transition(
                locked,
                "修改整改方案",
                "planned",
                "已申请销号或已销号的任务不再修改方案",
                "a task submitted or closed keeps its plan",
            )
        after = TaskState.PLANNED if locked.state == TaskState.ISSUED else TaskState(locked.state)
        locked.milestones.all().delete()
        Milestone.objects.bulk_create(Milestone(problem=locked, due=d, text=t) for d, t in milestones)
        _move(
            user,
            locked,
            after,
            "制定整改方案" if after != locked.state else "修改整改方案",
            address,
            measures=measures,
            department=department,
            owner=owner,
            deadline=deadline,
        )
    return locked


def report_progress(
    user: Any, problem: Problem, entered_text: Any, files: Sequence[Upload] = (), *, address: str = ""
) -> Progress:
    """A progress report with its evidence files; the task is in progress from the first one."""
    report = text(entered_text, "progress", "进展情况", MAX_MEASURES)
    if len(files) > MAX_FILES:
        raise refused(
            "rectification-text", "files", label=f"佐证材料（至多 {MAX_FILES} 个文件）", limit=MAX_FILES
        )
    checked = [(f.name, *checked_upload(f.name, f.stream, f.size, "files")) for f in files]
    with transaction.atomic():
        locked = _locked(problem)
        if locked.state not in (TaskState.PLANNED, TaskState.IN_PROGRESS):
            hint = (
                "请先制定整改方案"
                if locked.state == TaskState.ISSUED
                else "已申请销号或已销号的任务不再报送进展"
            )
            hint_en = (
                "make a plan first"
                if locked.state == TaskState.ISSUED
                else "a task submitted or closed takes no report"
            )
            raise _refuse_transition(locked, "报送进展", "reported on", hint, hint_en)
        progress = Progress.objects.create(problem=locked, text=report, by=_known(user))
        for name, data, kind, content_type in checked:
            blob = store_blob(data, hashlib.sha256(data).hexdigest(), kind, content_type)
            ProgressFile.objects.create(progress=progress, blob=blob, filename=name.rsplit("/", 1)[-1][:255])
        if locked.state == TaskState.PLANNED:
            _move(user, locked, TaskState.IN_PROGRESS, "报送整改进展", address)
        else:
            problem_list = locked.problem_list
            record(
                user,
                Action.RECTIFICATION,
                round=problem_list.round,
                unit=problem_list.unit,
                target=f"问题 {locked.number}：报送进展",
                after={"progress": report[:200], "files": [c[0] for c in checked]},
                address=address,
            )
    return progress


def submit_for_closure(user: Any, problem: Problem, note: Any = "", *, address: str = "") -> Problem:
    """The unit asks the office to close the task (申请销号): it needs a progress report with evidence."""
    with transaction.atomic():
        locked = _locked(problem)
        if locked.state != TaskState.IN_PROGRESS:
            raise _refuse_transition(
                locked,
                "申请销号",
                "submitted",
                "须先制定方案并报送整改进展",
                "plan it and report progress first",
            )
        if not ProgressFile.objects.filter(progress__problem=locked).exists():
            raise _refuse_transition(
                locked,
                "申请销号",
                "submitted",
                "请先在进展中上传整改佐证材料",
                "attach evidence to a progress report first",
            )
        return _move(
            user, locked, TaskState.SUBMITTED, text(note, "note", "说明", 2000, required=False), address
        )


def accept(
    user: Any, problem: Problem, note: Any = "", *, on: date | None = None, address: str = ""
) -> Problem:
    """The office accepts the rectification: the task is closed (销号)."""
    with transaction.atomic():
        locked = _locked(problem)
        if locked.state != TaskState.SUBMITTED:
            raise _refuse_transition(
                locked,
                "销号",
                "closed",
                "只有申请销号的任务可以销号",
                "only a task submitted for closure can be closed",
            )
        return _move(
            user,
            locked,
            TaskState.CLOSED,
            text(note, "note", "说明", 2000, required=False),
            address,
            closed_on=on or timezone.localdate(),
            closed_by=_known(user),
            returned_reason="",
        )


def return_task(user: Any, problem: Problem, reason: Any, *, address: str = "") -> Problem:
    """The office returns the task with a reason: the unit goes on rectifying."""
    why = text(reason, "reason", "退回理由", 2000)
    with transaction.atomic():
        locked = _locked(problem)
        if locked.state != TaskState.SUBMITTED:
            raise _refuse_transition(
                locked,
                "退回",
                "returned",
                "只有申请销号的任务可以退回",
                "only a task submitted for closure can be returned",
            )
        return _move(user, locked, TaskState.IN_PROGRESS, why, address, returned_reason=why)
