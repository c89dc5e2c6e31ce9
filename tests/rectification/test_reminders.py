"""Reminders: 催报 before the entry deadline to units with values missing, 整改提醒 before a task's
deadline and while it is overdue; each is recorded once a day, shown in the app, and mailed to the
unit's accounts when SMTP is configured (Django's in-memory backend here)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail

from dudao.store.audit.models import Action, AuditEntry
from dudao.store.entry.services import missing_by_entry
from dudao.store.rectification import tasks
from dudao.store.rectification.lists import draft_lists, issue_list
from dudao.store.rectification.models import ProblemList, Reminder, ReminderKind
from dudao.store.rectification.reminders import send_reminders
from dudao.store.rounds.models import Round, RoundUnit, Status
from tests.rectification.conftest import JIANGBEI


@pytest.fixture
def mailed(settings: Any, district: Any) -> Any:
    settings.REMINDER_EMAIL = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    district.email = "jiangbei@example.org"
    district.save()
    return district


def test_units_with_values_missing_are_reminded_before_the_entry_deadline_once_a_day(
    demo_round: Round, mailed: Any
) -> None:
    entries = list(
        RoundUnit.objects.filter(round=demo_round).exclude(status=Status.SUBMITTED).select_related("unit")
    )
    owing = {e.unit_id for e in entries if missing_by_entry(demo_round, [e])[e.pk]}
    assert JIANGBEI in owing
    day = demo_round.deadline - timedelta(days=2)
    sent = send_reminders(today=day)
    assert {r.unit_id for r in sent if r.kind == ReminderKind.ENTRY_DEADLINE} == owing
    mine = next(r for r in sent if r.unit_id == JIANGBEI)
    assert "2 天后截止" in mine.subject and "项数据未填" in mine.body
    assert mine.emailed_to == ["jiangbei-approver@example.org", "jiangbei@example.org"]  # editor and approver
    assert [m.subject for m in mail.outbox if "jiangbei@example.org" in m.to] == [mine.subject]
    assert send_reminders(today=day) == []  # the same day again: nothing twice
    assert (
        AuditEntry.objects.filter(
            action=Action.RECTIFICATION, unit_id=JIANGBEI, target__startswith="发送提醒"
        ).count()
        == 1
    )
    assert send_reminders(today=demo_round.deadline - timedelta(days=10)) == []  # too early


def test_without_smtp_a_reminder_is_shown_in_the_app_only(demo_round: Round, district: Any) -> None:
    sent = send_reminders(today=demo_round.deadline)
    assert sent and all(r.emailed_to == [] for r in sent) and mail.outbox == []


def test_a_task_is_reminded_before_its_deadline_and_while_overdue(
    closed_round: Round, office: Any, mailed: Any
) -> None:
    draft_lists(office, closed_round)
    issued = issue_list(
        office, ProblemList.objects.get(round=closed_round, unit_id=JIANGBEI), on=date(2023, 3, 1)
    )
    task = tasks.plan(mailed, issued.problems.first(), tasks.PlanInput("措施", "科", "人", "2023-06-30"))
    assert [r.kind for r in send_reminders(today=date(2023, 6, 1))] == []
    [before] = send_reminders(today=date(2023, 6, 28))
    assert (
        before.kind == ReminderKind.TASK_DEADLINE
        and before.problem == task
        and "2 天后到期" in before.subject
    )
    assert send_reminders(today=date(2023, 6, 29)) == []  # one before-deadline reminder per deadline
    [late] = send_reminders(today=date(2023, 7, 3))
    assert late.kind == ReminderKind.TASK_OVERDUE and "已逾期 3 天" in late.subject
    assert send_reminders(today=date(2023, 7, 5)) == []  # again only a week later
    assert [r.kind for r in send_reminders(today=date(2023, 7, 10))] == [ReminderKind.TASK_OVERDUE]
    assert Reminder.objects.filter(unit_id=JIANGBEI, problem=task).count() == 3
    assert len([m for m in mail.outbox if "整改" in m.subject]) == 3


def test_a_mail_server_that_fails_leaves_the_reminder_recorded_with_the_reason(
    demo_round: Round, mailed: Any, settings: Any
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    sent = send_reminders(today=demo_round.deadline)
    mine = next(r for r in sent if r.unit_id == JIANGBEI)
    assert mine.emailed_to == [] and "ConnectionRefused" in mine.email_error
