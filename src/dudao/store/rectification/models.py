"""Problem lists 问题清单 and their rectification 整改: one list per evaluated unit of a closed
round, its problems, each problem's task (plan, milestones, progress), and the reminders sent.

A list is a draft the office edits until it issues it; an issued list is frozen (its problems'
wording never changes again) and dated, and is the 附件 of the unit's feedback letter. Each issued
problem is a task the unit answers, through the states of :class:`TaskState`.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dudao.store.accounts.models import Unit
from dudao.store.entry.models import Blob
from dudao.store.rounds.models import Round


class Severity(models.TextChoices):
    MINOR = "minor", _("一般问题")
    MAJOR = "major", _("较重问题")
    SERIOUS = "serious", _("严重问题")


class Source(models.TextChoices):
    BELOW_STANDARD = "below_standard", _("指标未达标")
    LOW_SCORE = "low_score", _("得分率偏低")
    RULE = "rule", _("否决或降等规则成立")
    FINDING = "finding", _("实地核查发现")
    OFFICE = "office", _("督导室或评审专家补充")
    CARRIED = "carried", _("上一轮未完成整改")


class ProblemList(models.Model):
    """One unit's problem list in a round: a draft until the office issues it."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="problem_lists")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="problem_lists")
    share = models.FloatField(_("得分率阈值"))
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    drafted_at = models.DateTimeField(auto_now_add=True)
    issued_on = models.DateField(_("下达日期"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints: ClassVar = [models.UniqueConstraint(fields=["round", "unit"], name="problem_list_unit")]
        ordering: ClassVar = ["unit__code"]
        verbose_name = _("问题清单")
        verbose_name_plural = _("问题清单")

    def __str__(self) -> str:
        return f"{self.round} · {self.unit}"

    @property
    def issued(self) -> bool:
        return self.issued_at is not None


class TaskState(models.TextChoices):
    DRAFT = "draft", _("待下达")
    ISSUED = "issued", _("已下达")
    PLANNED = "planned", _("已制定方案")
    IN_PROGRESS = "in_progress", _("整改中")
    SUBMITTED = "submitted", _("申请销号")
    CLOSED = "closed", _("已销号")


# the unit works on a task in these; with the office deciding, it is still open
RUNNING_STATES = (TaskState.ISSUED, TaskState.PLANNED, TaskState.IN_PROGRESS)
OPEN_STATES = (*RUNNING_STATES, TaskState.SUBMITTED)


class Problem(models.Model):
    """One problem of a list and, once the list is issued, the unit's task of rectifying it."""

    problem_list = models.ForeignKey(ProblemList, on_delete=models.CASCADE, related_name="problems")
    position = models.PositiveIntegerField(_("序号"))
    item = models.CharField(_("指标或规则"), max_length=50, blank=True)
    title = models.CharField(_("问题"), max_length=300)
    evidence = models.TextField(_("依据"), blank=True)
    severity = models.CharField(_("问题程度"), max_length=10, choices=Severity.choices)
    source = models.CharField(_("来源"), max_length=16, choices=Source.choices)
    carried_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="carried_to"
    )
    # the task
    state = models.CharField(_("整改状态"), max_length=12, choices=TaskState.choices, default=TaskState.DRAFT)
    measures = models.TextField(_("整改措施"), blank=True)
    department = models.CharField(_("责任单位"), max_length=200, blank=True)
    owner = models.CharField(_("责任人"), max_length=100, blank=True)
    deadline = models.DateField(_("完成时限"), null=True, blank=True)
    returned_reason = models.TextField(_("退回理由"), blank=True)
    closed_on = models.DateField(_("销号日期"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["problem_list", "position"], name="problem_position")
        ]
        ordering: ClassVar = ["problem_list", "position"]
        verbose_name = _("问题")
        verbose_name_plural = _("问题")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def number(self) -> str:
        """The problem's number in its list, as the letter's 附件 prints it: 问题 3."""
        return f"{self.position}"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def is_overdue(self, today: date | None = None) -> bool:
        """Open past its deadline (a task submitted for closure is waiting on the office, not late)."""
        if self.deadline is None or self.state not in RUNNING_STATES:
            return False
        return self.deadline < (today or timezone.localdate())


class Milestone(models.Model):
    """A dated step of a task's plan."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="milestones")
    due = models.DateField(_("节点日期"))
    text = models.CharField(_("节点内容"), max_length=300)

    class Meta:
        ordering: ClassVar = ["due", "pk"]
        verbose_name = _("整改节点")
        verbose_name_plural = _("整改节点")


class Progress(models.Model):
    """A progress report on a task, with its evidence files."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="progress")
    text = models.TextField(_("进展情况"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["at", "pk"]
        verbose_name = _("整改进展")
        verbose_name_plural = _("整改进展")


class ProgressFile(models.Model):
    progress = models.ForeignKey(Progress, on_delete=models.CASCADE, related_name="files")
    blob = models.ForeignKey(Blob, on_delete=models.PROTECT, related_name="+")
    filename = models.CharField(_("文件名"), max_length=255)

    class Meta:
        ordering: ClassVar = ["pk"]


class Step(models.Model):
    """One transition of a task, with who made it and why: the task's history on its page (the
    audit log holds the same, with the round's other changes)."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="steps")
    before = models.CharField(max_length=12, choices=TaskState.choices)
    after = models.CharField(max_length=12, choices=TaskState.choices)
    note = models.TextField(blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["at", "pk"]


class ReminderKind(models.TextChoices):
    ENTRY_DEADLINE = "entry_deadline", _("催报：填报截止前仍有数据未填")
    TASK_DEADLINE = "task_deadline", _("整改提醒：完成时限将到")
    TASK_OVERDUE = "task_overdue", _("整改提醒：已逾期")


class Reminder(models.Model):
    """A reminder sent to a unit: in the app always, by e-mail where the deployment configured it."""

    kind = models.CharField(_("提醒类型"), max_length=16, choices=ReminderKind.choices)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="reminders")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="reminders")
    problem = models.ForeignKey(
        Problem, null=True, blank=True, on_delete=models.CASCADE, related_name="reminders"
    )
    sent_on = models.DateField(_("发送日期"))
    subject = models.CharField(_("标题"), max_length=300)
    body = models.TextField(_("内容"))
    emailed_to = models.JSONField(_("邮件收件人"), default=list, blank=True)
    email_error = models.TextField(_("邮件发送失败原因"), blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints: ClassVar = [
            # one reminder of a kind per unit (and task) per day, however often the job runs
            models.UniqueConstraint(
                fields=["kind", "round", "unit", "problem", "sent_on"], name="reminder_once_a_day"
            ),
            models.UniqueConstraint(
                fields=["kind", "round", "unit", "sent_on"],
                condition=models.Q(problem__isnull=True),
                name="unit_reminder_once_a_day",
            ),
        ]
        ordering: ClassVar = ["-at", "-pk"]
        verbose_name = _("提醒")
        verbose_name_plural = _("提醒")
