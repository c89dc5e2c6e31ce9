"""Review (评审) and final scores (认定) of a round, kept apart from what the unit entered.

Three score layers per item of a unit: *self* (自评, the unit's :class:`SelfScore`), *review*
(评审: each assigned reviewer's :class:`ItemReview`, reconciled by the office in
:class:`Reconciliation`) and *final* (认定, :class:`FinalScore`, set by the office). Every change
of a score is appended to :class:`ScoreChange`, which is never changed or deleted.

Everything here belongs to one round, and so to the round's period (``Round.period``): the
reviews of the 2021 round never touch the 2020 round. The levels and bonus points the engine
scores stay in :class:`~dudao.store.entry.models.ReviewedLevel` and
:class:`~dudao.store.entry.models.BonusRecord`, now written from the reviews here (see
:mod:`dudao.store.review.services`), so the demo loader and older databases keep working.
"""

from __future__ import annotations

from typing import Any, ClassVar, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dudao.errors import AppendOnlyError
from dudao.store.accounts.models import Unit
from dudao.store.rounds.models import Round


class ConflictOfInterest(models.Model):
    """A reviewer's declared conflict with a unit (回避): they may not be assigned to it."""

    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("回避原因"))
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints: ClassVar = [models.UniqueConstraint(fields=["reviewer", "unit"], name="one_conflict")]
        verbose_name = _("回避声明")
        verbose_name_plural = _("回避声明")


class ItemReview(models.Model):
    """One reviewer's review of one item of one unit in a round: level, review score, flag."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="item_reviews")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    item = models.CharField(_("指标"), max_length=50)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    level = models.CharField(_("评审等级"), max_length=50, blank=True)
    points = models.FloatField(_("评审得分"), null=True, blank=True)
    reason = models.TextField(_("评审理由"), blank=True)
    source = models.CharField(_("来源"), max_length=20, default="reviewer")
    flagged = models.BooleanField(_("存疑"), default=False)
    flag_note = models.TextField(_("存疑说明"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["round", "unit", "item", "reviewer"], name="one_item_review")
        ]
        ordering: ClassVar = ["unit", "item", "reviewer"]
        verbose_name = _("指标评审")
        verbose_name_plural = _("指标评审")


class BonusDecision(models.Model):
    """One reviewer's decision on a unit's bonus claim: the points accepted (a cut needs a reason)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="bonus_decisions")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    item = models.CharField(_("加分项"), max_length=50)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    claimed = models.FloatField(_("申请分值"))
    accepted = models.FloatField(_("认定分值"))
    reason = models.TextField(_("理由"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["round", "unit", "item", "reviewer"], name="one_bonus_decision")
        ]
        verbose_name = _("加分评审")
        verbose_name_plural = _("加分评审")


class Reconciliation(models.Model):
    """The office's reconciliation of several reviewers' scores of one item (合议)."""

    class Method(models.TextChoices):
        MEAN = "mean", _("取平均")
        CHOSEN = "chosen", _("采用一位专家")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="reconciliations")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    item = models.CharField(_("指标"), max_length=50)
    method = models.CharField(_("方式"), max_length=10, choices=Method.choices)
    chosen = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    points = models.FloatField(_("合议得分"))
    level = models.CharField(_("合议等级"), max_length=50, blank=True)
    reason = models.TextField(_("合议理由"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["round", "unit", "item"], name="one_reconciliation")
        ]
        verbose_name = _("评审合议")
        verbose_name_plural = _("评审合议")


class FinalScore(models.Model):
    """The office's final score of one item (认定得分): what the engine totals and grades."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="final_scores")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    item = models.CharField(_("指标"), max_length=50)
    points = models.FloatField(_("认定得分"))
    reason = models.TextField(_("认定理由"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints: ClassVar = [models.UniqueConstraint(fields=["round", "unit", "item"], name="one_final")]
        verbose_name = _("认定得分")
        verbose_name_plural = _("认定得分")


class ChangeQuerySet(models.QuerySet["ScoreChange"]):
    """Reads and creates; refuses bulk updates and deletes (the change log is append-only)."""

    def update(self, **kwargs: Any) -> NoReturn:
        _refuse("update")

    def delete(self) -> NoReturn:
        _refuse("delete")


def _refuse(operation: str) -> NoReturn:
    raise AppendOnlyError(f"分数变更记录只能追加 (the score change log is append-only: {operation} refused)")


class ScoreChange(models.Model):
    """One change of one score layer of one item, with its reason, author and source; append-only."""

    class Layer(models.TextChoices):
        SELF = "self", _("自评")
        REVIEW = "review", _("评审")
        FINAL = "final", _("认定")

    class Source(models.TextChoices):
        UNIT = "unit", _("被评价单位")
        REVIEWER = "reviewer", _("评审专家")
        RECONCILIATION = "reconciliation", _("合议")
        FINDING = "finding", _("实地核查")
        OFFICE = "office", _("督导室")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="score_changes")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    item = models.CharField(_("指标"), max_length=50)
    layer = models.CharField(_("层"), max_length=10, choices=Layer.choices)
    before = models.FloatField(_("修改前"), null=True, blank=True)
    after = models.FloatField(_("修改后"), null=True, blank=True)
    level_before = models.CharField(_("修改前等级"), max_length=50, blank=True)
    level_after = models.CharField(_("修改后等级"), max_length=50, blank=True)
    reason = models.TextField(_("理由"), blank=True)
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_name = models.CharField(_("修改人"), max_length=150, blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    objects = ChangeQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["at", "id"]
        indexes: ClassVar = [models.Index(fields=["round", "unit", "item"])]
        verbose_name = _("分数变更")
        verbose_name_plural = _("分数变更")

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            _refuse("update")
        super().save(*args, **kwargs)

    def delete(self, using: Any = None, keep_parents: bool = False) -> NoReturn:
        _refuse("delete")
