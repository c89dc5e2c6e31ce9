"""A round's survey, its invitations and every answer received, counted or excluded with a reason.

No answer is ever dropped: one the integrity rules exclude is kept with its reason, and the
office may count it again (and exclude it again), each change audited.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dudao.store.accounts.models import Unit
from dudao.store.rounds.models import Round


class Survey(models.Model):
    """The satisfaction survey of a round: its questionnaire as YAML. Open while the round is."""

    round = models.OneToOneField(Round, on_delete=models.CASCADE, related_name="survey")
    code = models.CharField(_("问卷代码"), max_length=100)
    title = models.CharField(_("问卷标题"), max_length=300)
    text = models.TextField(_("问卷文本（YAML）"))
    digest = models.CharField(max_length=64, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(_("计入评价数据时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("满意度调查")
        verbose_name_plural = _("满意度调查")

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        """Answers are taken while the round is open (填报中), and only then."""
        return self.round.is_open


class Invitation(models.Model):
    """A one-use invitation 邀请码 for one unit and group, where the office hands out codes."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    group = models.CharField(_("调查对象组"), max_length=50)
    token = models.CharField(_("邀请码"), max_length=32, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)


class Reason(models.TextChoices):
    """Why an answer is not counted 不计入原因."""

    DUPLICATE_DEVICE = "duplicate_device", _("同一设备重复作答")
    DUPLICATE_TOKEN = "duplicate_token", _("邀请码重复使用")
    RATE_LIMIT = "rate_limit", _("同一地址提交过于频繁")
    BURST = "burst", _("短时间内同一地址集中提交")
    STRAIGHT_LINE = "straight_line", _("量表题全部选同一项")
    DUPLICATE_TEXT = "duplicate_text", _("开放题与他人答卷完全相同")
    OFFICE = "office", _("督导室剔除")


class Response(models.Model):
    """One submitted answer sheet 答卷; ``reason`` empty: counted."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    group = models.CharField(_("调查对象组"), max_length=50)
    answers = models.JSONField(_("答案"))
    device = models.CharField(max_length=64, blank=True, db_index=True)  # a hash of the device cookie
    invitation = models.ForeignKey(
        Invitation, null=True, blank=True, on_delete=models.PROTECT, related_name="responses"
    )
    address = models.CharField(max_length=64, blank=True, db_index=True)  # a keyed hash of the address
    submitted_at = models.DateTimeField(auto_now_add=True, db_index=True)
    reason = models.CharField(_("不计入原因"), max_length=20, choices=Reason.choices, blank=True)
    detail = models.TextField(_("说明"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    flagged = models.CharField(max_length=20, blank=True)  # the rule that excluded it, kept when reversed

    class Meta:
        ordering: ClassVar = ["submitted_at", "pk"]
        indexes: ClassVar = [models.Index(fields=["survey", "unit", "group"])]
        verbose_name = _("答卷")
        verbose_name_plural = _("答卷")

    @property
    def counted(self) -> bool:
        return not self.reason
