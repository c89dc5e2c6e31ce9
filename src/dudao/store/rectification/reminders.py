"""Reminders 催报 and 整改提醒: to units with values missing before the data-entry deadline, before
a task's deadline, and while a task is overdue.

:func:`send_reminders` finds what is due on a day and sends each once: in the app always (the unit
sees what it was sent on its problem list page), and by e-mail to the unit's accounts that have an
address when the deployment configured SMTP (``DUDAO_SMTP_HOST``: Django's e-mail backends; tests
use the in-memory one). Every reminder is recorded, with the addresses mailed or why mailing
failed, and in the audit log. Running it twice on a day sends nothing the second time, so a daily
job (``dudao remind``) and the office's button may both run it.

Settings: ``DUDAO_REMINDER_DAYS_BEFORE`` (default 3) days before a deadline to start reminding;
``DUDAO_OVERDUE_REMINDER_EVERY_DAYS`` (default 7) days between two reminders of one overdue task.
"""

from __future__ import annotations

import smtplib
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from dudao.store.accounts.models import Role, Unit
from dudao.store.audit.models import Action, record
from dudao.store.entry.services import missing_by_entry
from dudao.store.rectification.models import RUNNING_STATES, Problem, Reminder, ReminderKind
from dudao.store.rounds.models import Round, RoundUnit, Status

_UNIT_ROLES = (Role.UNIT_EDITOR, Role.UNIT_APPROVER)


@dataclass(frozen=True)
class Due:
    """A reminder due on a day, before it is sent."""

    kind: ReminderKind
    round: Round
    unit: Unit
    subject: str
    body: str
    problem: Problem | None = None


def _days_before() -> int:
    return int(getattr(settings, "REMINDER_DAYS_BEFORE", 3))


def _entry_reminders(today: date, only: Round | None) -> list[Due]:
    due = []
    rounds = (
        Round.objects.filter(
            state=Round.State.OPEN, deadline__gte=today, deadline__lte=today + timedelta(days=_days_before())
        )
        .select_related("scheme", "scope")
        .defer("results")
    )
    if only is not None:
        rounds = rounds.filter(pk=only.pk)
    for round in rounds:
        entries = list(
            RoundUnit.objects.filter(round=round).exclude(status=Status.SUBMITTED).select_related("unit")
        )
        missing = missing_by_entry(round, entries) if entries else {}
        reminded = set(
            Reminder.objects.filter(kind=ReminderKind.ENTRY_DEADLINE, round=round, sent_on=today).values_list(
                "unit_id", flat=True
            )
        )
        for entry in entries:
            owed = missing.get(entry.pk, [])
            if not owed or entry.unit_id in reminded:
                continue
            shown = "、".join(m.element_name for m in owed[:5]) + ("等" if len(owed) > 5 else "")
            days = (round.deadline - today).days
            due.append(
                Due(
                    ReminderKind.ENTRY_DEADLINE,
                    round,
                    entry.unit,
                    f"【催报】{round.name}：{days} 天后截止，尚有 {len(owed)} 项数据未填",
                    f"{entry.unit.name}：轮次“{round.name}”的填报将于 {round.deadline:%Y年%m月%d日} 截止，"
                    f"尚有 {len(owed)} 项数据未填（{shown}）。请在截止前填报并提交。",
                )
            )
    return due


def _task_reminders(today: date, only: Round | None) -> list[Due]:
    due = []
    horizon = today + timedelta(days=_days_before())
    every = int(getattr(settings, "OVERDUE_REMINDER_EVERY_DAYS", 7))
    tasks = (
        Problem.objects.filter(state__in=RUNNING_STATES, deadline__isnull=False, deadline__lte=horizon)
        .select_related("problem_list__round", "problem_list__unit")
        .defer("problem_list__round__results")
    )
    if only is not None:
        tasks = tasks.filter(problem_list__round=only)
    for task in tasks:
        deadline = task.deadline
        if deadline is None:  # the query asks for one; this tells the type checker
            continue
        problem_list = task.problem_list
        sent = Reminder.objects.filter(problem=task)
        where = f"{problem_list.round.name} 问题 {task.number}“{task.title}”"
        if deadline < today:
            if sent.filter(
                kind=ReminderKind.TASK_OVERDUE, sent_on__gt=today - timedelta(days=every)
            ).exists():
                continue
            late = (today - deadline).days
            due.append(
                Due(
                    ReminderKind.TASK_OVERDUE,
                    problem_list.round,
                    problem_list.unit,
                    f"【整改逾期】{where}已逾期 {late} 天",
                    f"{problem_list.unit.name}：{where}的整改完成时限为 {deadline:%Y年%m月%d日}，"
                    f"已逾期 {late} 天（当前状态：{task.get_state_display()}）。"
                    "请尽快完成整改、报送进展并申请销号。",
                    task,
                )
            )
        elif not sent.filter(
            kind=ReminderKind.TASK_DEADLINE, sent_on__gte=deadline - timedelta(days=_days_before())
        ).exists():
            left = (deadline - today).days
            due.append(
                Due(
                    ReminderKind.TASK_DEADLINE,
                    problem_list.round,
                    problem_list.unit,
                    f"【整改提醒】{where}将于 {left} 天后到期",
                    f"{problem_list.unit.name}：{where}的整改完成时限为 {deadline:%Y年%m月%d日}，"
                    f"还有 {left} 天（当前状态：{task.get_state_display()}）。",
                    task,
                )
            )
    return due


def due_reminders(today: date | None = None, *, round: Round | None = None) -> list[Due]:
    """What is due on ``today`` (default: the local date), not yet sent; of one round, if given."""
    day = today or timezone.localdate()
    return _entry_reminders(day, round) + _task_reminders(day, round)


def recipients(unit: Unit) -> list[str]:
    """The e-mail addresses of the unit's active accounts (its editors and approvers)."""
    users = (
        get_user_model()
        .objects.filter(is_active=True, profile__unit=unit, profile__role__in=_UNIT_ROLES)
        .exclude(email="")
    )
    return sorted({u.email for u in users})


def _mail(due: Due) -> tuple[list[str], str]:
    if not getattr(settings, "REMINDER_EMAIL", False):
        return [], ""
    to = recipients(due.unit)
    if not to:
        return [], "单位账号均未登记电子邮箱"
    try:
        send_mail(due.subject, due.body, None, to)
    except (smtplib.SMTPException, OSError) as error:
        return [], f"{type(error).__name__}: {error}"[:500]
    return to, ""


def send_reminders(user: Any = None, *, today: date | None = None) -> list[Reminder]:
    """Send every reminder due on ``today`` once; returns those sent now."""
    day = today or timezone.localdate()
    sent = []
    for due in due_reminders(day):
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(
                    kind=due.kind,
                    round=due.round,
                    unit=due.unit,
                    problem=due.problem,
                    sent_on=day,
                    subject=due.subject,
                    body=due.body,
                    sent_by=user if getattr(user, "is_authenticated", False) else None,
                )
        except IntegrityError:
            continue  # sent already today (another run got there first)
        mailed, error = _mail(due)
        reminder.emailed_to, reminder.email_error = mailed, error
        reminder.save(update_fields=["emailed_to", "email_error"])
        record(
            user,
            Action.RECTIFICATION,
            round=due.round,
            unit=due.unit,
            target=f"发送提醒：{reminder.get_kind_display()}",
            after={"subject": due.subject, "emailed_to": mailed, "email_error": error},
        )
        sent.append(reminder)
    return sent
