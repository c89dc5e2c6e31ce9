"""What an evaluated unit enters in a round: values, narratives, self-scores and evidence.

Values, narratives and self-scores keep their whole history (django-simple-history): who,
when, and the row as it was. Evidence files are stored once per content hash.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from dudao.store.accounts.models import Unit
from dudao.store.rounds.models import Round, RoundUnit


class DataValue(models.Model):
    """One value of one element for one unit and period in a round (missing: ``value`` null)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="values")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    element = models.CharField(_("数据项"), max_length=100)
    period = models.PositiveIntegerField(_("年度"))
    value = models.FloatField(_("值"), null=True, blank=True)
    comment = models.TextField(_("备注"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["round", "unit", "element", "period"], name="one_value")
        ]
        indexes: ClassVar = [models.Index(fields=["round", "period"])]
        verbose_name = _("数据值")
        verbose_name_plural = _("数据值")

    def __str__(self) -> str:
        return f"{self.unit_id} {self.element} {self.period} = {self.value}"


class Narrative(models.Model):
    """The unit's own account of one area (一级指标) in its self-evaluation."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="narratives")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    area = models.CharField(_("一级指标"), max_length=50)
    text = models.TextField(_("自评说明"), blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["round", "unit", "area"], name="one_narrative")
        ]


class SelfScore(models.Model):
    """The unit's own level on a rubric item (a reviewer decides the scored level)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="self_scores")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    item = models.CharField(_("指标"), max_length=50)
    level = models.CharField(_("自评等级"), max_length=50, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["round", "unit", "item"], name="one_self_score")
        ]


class Blob(models.Model):
    """An uploaded file's content, stored once under its SHA-256."""

    sha256 = models.CharField(max_length=64, primary_key=True)
    size = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=10)
    content_type = models.CharField(max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    @property
    def relative_path(self) -> str:
        return f"evidence/{self.sha256[:2]}/{self.sha256[2:4]}/{self.sha256}"


class Evidence(models.Model):
    """One evidence file attached to one item of the scheme for one unit in a round."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="evidence")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    item = models.CharField(_("指标"), max_length=50)
    blob = models.ForeignKey(Blob, on_delete=models.PROTECT, related_name="uses")
    filename = models.CharField(_("文件名"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering: ClassVar = ["item", "uploaded_at"]


class ReturnedField(models.Model):
    """A field the office sent back after submission, with its reason; unlocked until resubmitted.

    ``field`` is an element code, ``narrative:<area>``, ``self:<item>`` or ``evidence:<item>``.
    """

    entry = models.ForeignKey(RoundUnit, on_delete=models.CASCADE, related_name="returned_fields")
    field = models.CharField(max_length=120)
    reason = models.TextField(_("退回原因"))
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    returned_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["returned_at"]


class ReviewedLevel(models.Model):
    """A reviewer's level for a rubric item (评审等级): the level that is scored."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="reviewed_levels")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    item = models.CharField(_("指标"), max_length=50)
    level = models.CharField(_("评审等级"), max_length=50)
    reviewer = models.CharField(_("评审人"), max_length=150, blank=True)
    note = models.TextField(_("评审意见"), blank=True)

    class Meta:
        constraints: ClassVar = [models.UniqueConstraint(fields=["round", "unit", "item"], name="one_review")]


class BonusRecord(models.Model):
    """A unit's bonus claim (申请加分) and the points accepted (认定; null: undecided)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="bonus_records")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    item = models.CharField(_("加分项"), max_length=50)
    claimed = models.FloatField(_("申请分值"))
    accepted = models.FloatField(_("认定分值"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        constraints: ClassVar = [models.UniqueConstraint(fields=["round", "unit", "item"], name="one_bonus")]


class NarrativeReport(models.Model):
    """A unit's narrative self-evaluation report as uploaded (txt, docx, html or pdf), kept with the
    round; the newest is the one read. Reading is done when it is shown (see dudao.reader)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    blob = models.ForeignKey(Blob, on_delete=models.PROTECT, related_name="reports")
    filename = models.CharField(_("文件名"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["-uploaded_at", "-pk"]
        verbose_name = _("自评报告")
        verbose_name_plural = _("自评报告")
