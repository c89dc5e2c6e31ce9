"""The audit log: every change to data, status, scores or permissions, with before and after."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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


class AuditEntry(models.Model):
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    username = models.CharField(_("用户"), max_length=150)
    action = models.CharField(_("操作"), max_length=20, choices=Action.choices, db_index=True)
    round = models.ForeignKey(
        "rounds.Round", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(
        "accounts.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    target = models.CharField(_("对象"), max_length=200, blank=True)
    before = models.JSONField(_("修改前"), null=True, blank=True)
    after = models.JSONField(_("修改后"), null=True, blank=True)
    address = models.CharField(_("地址"), max_length=64, blank=True)

    class Meta:
        ordering: ClassVar = ["-at", "-id"]
        indexes: ClassVar = [models.Index(fields=["round", "unit"])]
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")

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
