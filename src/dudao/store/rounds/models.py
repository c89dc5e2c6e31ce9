"""Scheme versions, evaluation rounds 评价轮次, and each evaluated unit's status in a round."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dudao.store.accounts.models import Unit


class SchemeVersion(models.Model):
    """One version of a scheme, as its YAML text. Frozen once a round using it has opened."""

    code = models.CharField(_("方案代码"), max_length=100)
    version = models.PositiveIntegerField(_("版本"))
    title = models.CharField(_("方案名称"), max_length=300)
    text = models.TextField(_("方案文本（YAML）"))
    digest = models.CharField(max_length=64, editable=False)
    source = models.CharField(_("来源"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["code", "version"], name="scheme_code_version")
        ]
        ordering: ClassVar = ["code", "-version"]
        verbose_name = _("评价方案版本")
        verbose_name_plural = _("评价方案版本")

    def __str__(self) -> str:
        return _("%(title)s（%(code)s 第%(version)s版）") % {
            "title": self.title,
            "code": self.code,
            "version": self.version,
        }

    @property
    def frozen(self) -> bool:
        """A round using this version has opened, so its text can no longer change."""
        return self.rounds.exclude(state=Round.State.DRAFT).exists()


class Round(models.Model):
    """One evaluation round: a scheme version applied to the units under one parent."""

    class State(models.TextChoices):
        DRAFT = "draft", _("未开放")
        OPEN = "open", _("填报中")
        CLOSED = "closed", _("已关闭")

    name = models.CharField(_("轮次名称"), max_length=300)
    scheme = models.ForeignKey(SchemeVersion, on_delete=models.PROTECT, related_name="rounds")
    period = models.PositiveIntegerField(_("数据年度"))
    scope = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("范围"))
    evaluates = models.CharField(_("被评价层级"), max_length=32)
    deadline = models.DateField(_("填报截止日期"))
    review_deadline = models.DateField(_("评审截止日期"), null=True, blank=True)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.DRAFT)
    published = models.BooleanField(_("结果已公开"), default=False)
    # the round this one follows (上一轮): its open problems were carried into this one, and this
    # one's rectification items score from its records (dudao.store.rectification.carry)
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_rounds",
        verbose_name=_("上一轮"),
    )
    # Every unit's results, megabytes for a large round: a query whose rows join the round defers it
    # (``defer("round__results")``), or the database sorts and copies it with every row.
    results = models.JSONField(_("冻结的结果"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at"]
        verbose_name = _("评价轮次")
        verbose_name_plural = _("评价轮次")

    def __str__(self) -> str:
        return self.name

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    def days_to_deadline(self, today: date | None = None) -> int:
        return (self.deadline - (today or timezone.localdate())).days


class Status(models.TextChoices):
    NOT_STARTED = "not_started", _("未开始")
    IN_PROGRESS = "in_progress", _("填报中")
    SUBMITTED = "submitted", _("已提交")
    RETURNED = "returned", _("已退回")


class RoundUnit(models.Model):
    """An evaluated unit's place in a round: its status and who moved it there."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="entries")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="round_entries")
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED)
    started_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        constraints: ClassVar = [models.UniqueConstraint(fields=["round", "unit"], name="round_unit")]
        ordering: ClassVar = ["unit__code"]
        verbose_name = _("被评价单位")
        verbose_name_plural = _("被评价单位")

    def __str__(self) -> str:
        return f"{self.round} · {self.unit}"

    @property
    def locked(self) -> bool:
        """Submitted: nothing changes except the items the office returned."""
        return self.status == Status.SUBMITTED

    def is_late(self, today: date | None = None) -> bool:
        return self.status != Status.SUBMITTED and self.round.days_to_deadline(today) < 0


class ReviewerAssignment(models.Model):
    """A reviewer may see and review only the units assigned to them in a round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="assignments")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments"
    )
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["round", "reviewer", "unit"], name="reviewer_unit")
        ]


class Publication(models.Model):
    """What the office made public of a closed round, and the page's 政府信息公开 metadata.

    One per round, kept when the results are withdrawn (``Round.published`` says whether they are
    public now), so that publishing again starts from what was chosen before.
    """

    class Document(models.TextChoices):
        SUMMARY = "summary", _("汇总报告")
        FEEDBACK = "feedback", _("各单位督导意见书")

    round = models.OneToOneField(Round, on_delete=models.CASCADE, related_name="publication")
    show_grades = models.BooleanField(_("公开等级"), default=True)
    show_scores = models.BooleanField(_("公开得分"), default=True)
    show_ranking = models.BooleanField(_("公开排名"), default=True)
    documents = models.JSONField(_("公开的文书"), default=list, blank=True)
    index_number = models.CharField(_("索引号"), max_length=64, unique=True)
    publisher = models.CharField(_("发布机构"), max_length=200)
    written_on = models.DateField(_("成文日期"))
    published_on = models.DateField(_("发布日期"))
    topic = models.CharField(_("主题分类"), max_length=100)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("公开时间"))

    class Meta:
        verbose_name = _("结果公开")
        verbose_name_plural = _("结果公开")

    def __str__(self) -> str:
        return f"{self.index_number} · {self.round}"
