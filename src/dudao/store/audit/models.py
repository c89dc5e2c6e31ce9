"""The audit log: every change to data, status, scores or permissions, with before and after.

The log is append-only. An entry is written once, with the change it records, and never
changed or deleted afterwards, at two levels:

- in the ORM, :class:`AuditEntry` and its querysets refuse ``save()`` of a stored entry,
  ``delete()``, ``update()``, ``bulk_update()``, ``update_or_create()`` and upserts with
  :class:`~dudao.errors.AppendOnlyError`;
- in the database, triggers (migration ``0005``, on SQLite and PostgreSQL) abort any
  ``UPDATE`` or ``DELETE`` of the table (and ``TRUNCATE`` on PostgreSQL), whatever the client.

Nothing else deletes an entry either: the round, unit and user an entry names are protected,
so a round or a unit with entries cannot be deleted, and an account that has acted is
deactivated instead of deleted (the admin says so).

>>> AuditEntry(pk=1, username="office").delete()
Traceback (most recent call last):
...
dudao.errors.AppendOnlyError: 审计日志只能追加，不能删除 (the audit log is append-only: delete refused)
"""

from __future__ import annotations

from typing import Any, ClassVar, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from dudao.errors import AppendOnlyError

_VERBS = {"update": "修改", "delete": "删除"}


def refuse(operation: str) -> NoReturn:
    """Raise the one error for a change to the log (``operation``: update or delete)."""
    raise AppendOnlyError(
        f"审计日志只能追加，不能{_VERBS[operation]} (the audit log is append-only: {operation} refused)"
    )


class AppendOnlyQuerySet(models.QuerySet["AuditEntry"]):
    """A queryset that reads and creates, and refuses every bulk change or delete."""

    def update(self, **kwargs: Any) -> NoReturn:
        refuse("update")

    def _update(self, values: Any) -> NoReturn:  # what Model.save() uses for a stored row
        refuse("update")

    def bulk_update(self, objs: Any, fields: Any, batch_size: int | None = None) -> NoReturn:
        refuse("update")

    def update_or_create(self, defaults: Any = None, create_defaults: Any = None, **kwargs: Any) -> NoReturn:
        refuse("update")

    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list[AuditEntry]:
        if kwargs.get("update_conflicts") or kwargs.get("ignore_conflicts"):
            refuse("update")
        return super().bulk_create(objs, *args, **kwargs)

    def delete(self) -> NoReturn:
        refuse("delete")

    def _raw_delete(self, using: Any) -> NoReturn:
        refuse("delete")


class Action(models.TextChoices):
    VALUE = "value", _("修改数据")
    NARRATIVE = "narrative", _("修改自评说明")
    SELF_SCORE = "self_score", _("修改自评等级")
    EVIDENCE_ADD = "evidence_add", _("上传佐证材料")
    EVIDENCE_DELETE = "evidence_delete", _("删除佐证材料")
    SUBMIT = "submit", _("提交")
    RETURN = "return", _("退回")
    ROUND = "round", _("轮次变更")
    SCHEME = "scheme", _("方案变更")
    PERMISSION = "permission", _("权限变更")
    LOGIN_LOCKED = "login_locked", _("登录锁定")
    IMPORT = "import", _("导入数据")
    REPORT = "report", _("上传自评报告")
    LOGIN_UNLOCKED = "login_unlocked", _("解除登录锁定")
    SURVEY = "survey", _("满意度调查")
    REVIEW = "review", _("评审")
    FINAL = "final", _("认定得分")
    ASSIGN_REFUSED = "assign_refused", _("拒绝分配评审（回避）")
    DRAW = "draw", _("实地核查抽样")
    FINDING = "finding", _("记录核查发现")
    RECTIFICATION = "rectification", _("问题整改")
    UNITS = "units", _("单位调整")


class AuditEntry(models.Model):
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    # PROTECT: an account named by the log is deactivated, never deleted (see the module docstring).
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    username = models.CharField(_("用户"), max_length=150)
    action = models.CharField(_("操作"), max_length=20, choices=Action.choices, db_index=True)
    round = models.ForeignKey(
        "rounds.Round", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "accounts.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    target = models.CharField(_("对象"), max_length=200, blank=True)
    before = models.JSONField(_("修改前"), null=True, blank=True)
    after = models.JSONField(_("修改后"), null=True, blank=True)
    address = models.CharField(_("地址"), max_length=64, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        base_manager_name = "objects"  # Django's internal lookups get the refusing queryset too
        ordering: ClassVar = ["-at", "-id"]
        indexes: ClassVar = [models.Index(fields=["round", "unit"])]
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            refuse("update")
        super().save(*args, **kwargs)

    def delete(self, using: Any = None, keep_parents: bool = False) -> NoReturn:
        refuse("delete")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username} {self.get_action_display()} {self.target}"


def record(
    user: Any,
    action: str,
    *,
    round: Any = None,
    unit: Any = None,
    target: str = "",
    before: object = None,
    after: object = None,
    address: str = "",
) -> AuditEntry:
    """Write one audit entry (inside the caller's transaction, so it commits with the change)."""
    known = user if getattr(user, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        user=known,
        username=known.get_username() if known else "",
        action=action,
        round=round,
        unit=unit,
        target=target,
        before=before,
        after=after,
        address=address,
    )
