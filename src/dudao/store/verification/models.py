"""Draws of schools to visit 实地核查抽样, the schools drawn, and the findings recorded there."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from dudao.store.accounts.models import Unit
from dudao.store.entry.models import Blob
from dudao.store.rounds.models import Round


class Method(models.TextChoices):
    SIMPLE = "simple", _("简单随机抽样")
    STRATIFIED = "stratified", _("分层抽样")


class Draw(models.Model):
    """One draw of schools to visit in one evaluated unit (a district) in a round.

    ``current`` marks the draw in force; a redraw keeps the old one (``current`` false) and points
    to it with ``replaces``. ``size`` is what the office asked for, ``drawn`` how many were drawn
    (fewer when the unit has fewer schools; more when a stratified draw gives every non-empty
    stratum at least one school).
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="draws")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    method = models.CharField(_("抽样方式"), max_length=12, choices=Method.choices)
    seed = models.PositiveBigIntegerField(_("随机种子"))
    size = models.PositiveIntegerField(_("样本量"))
    drawn = models.PositiveIntegerField(_("实际抽取"))
    population = models.PositiveIntegerField(_("学校总数"))
    stratum_element = models.CharField(_("城乡分层数据项"), max_length=100, blank=True)
    reason = models.TextField(_("重新抽样原因"), blank=True)
    replaces = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by"
    )
    current = models.BooleanField(_("现行"), default=True)
    drawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    drawn_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["round", "unit"], condition=Q(current=True), name="one_current_draw"
            )
        ]
        ordering: ClassVar = ["unit", "-drawn_at", "-pk"]
        verbose_name = _("实地核查抽样")
        verbose_name_plural = _("实地核查抽样")

    def __str__(self) -> str:
        return f"{self.unit_id} {self.get_method_display()} seed={self.seed}"


class DrawnSchool(models.Model):
    """A school a draw chose, with the stratum it was drawn from and its place in the draw."""

    draw = models.ForeignKey(Draw, on_delete=models.CASCADE, related_name="schools")
    school = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    stratum = models.CharField(_("所在分层"), max_length=200, blank=True)
    position = models.PositiveIntegerField(_("序号"))

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["draw", "school"], name="school_once_per_draw")
        ]
        ordering: ClassVar = ["draw", "position"]


class Severity(models.TextChoices):
    NONE = "none", _("未发现问题")
    MINOR = "minor", _("一般问题")
    MAJOR = "major", _("较重问题")
    SERIOUS = "serious", _("严重问题")


class Finding(models.Model):
    """What an inspector found on one item of the scheme, at a visited school or in the unit itself.

    A finding may propose a change of the unit's review score on the item (``points`` and
    ``score_reason``); ``score_applied_at`` says when it reached the review layer.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="findings")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    school = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    item = models.CharField(_("指标"), max_length=50)
    severity = models.CharField(_("问题程度"), max_length=10, choices=Severity.choices)
    note = models.TextField(_("核查记录"))
    points = models.FloatField(_("建议评审得分"), null=True, blank=True)
    score_reason = models.TextField(_("改分理由"), blank=True)
    score_applied_at = models.DateTimeField(_("已改分时间"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["unit", "-recorded_at", "-pk"]
        indexes: ClassVar = [models.Index(fields=["round", "unit"])]
        verbose_name = _("核查发现")
        verbose_name_plural = _("核查发现")

    def __str__(self) -> str:
        return f"{self.unit_id} {self.item} {self.severity}"


class FindingPhoto(models.Model):
    """A photo taken for a finding, stored once per content hash like evidence files."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="photos")
    blob = models.ForeignKey(Blob, on_delete=models.PROTECT, related_name="finding_photos")
    filename = models.CharField(_("文件名"), max_length=255)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["finding", "pk"]
