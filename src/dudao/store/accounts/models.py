"""The units tree, users' roles and API tokens.

A unit's ``path`` lists its ancestors' codes and its own (``/500000/500105/``), so "this unit
and everything under it" is one indexed prefix query.

The tree is dated: a unit exists from ``valid_from`` to ``valid_to`` (both days included; empty:
since always, and still). When districts are merged or one is split 区划调整, the old units end
and stay, with their rounds and results, and a :class:`UnitSuccession` says what each became
(see :mod:`dudao.store.accounts.succession`).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import date
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitQuerySet(models.QuerySet["Unit"]):
    def existing_on(self, day: date) -> UnitQuerySet:
        """The units that exist on ``day``: begun on or before it, not ended before it."""
        begun = models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=day)
        not_ended = models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=day)
        return self.filter(begun & not_ended)


class Unit(models.Model):
    """One node of the units tree: a city, a district, a school."""

    code = models.CharField(_("代码"), max_length=32, primary_key=True)
    name = models.CharField(_("名称"), max_length=200)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    level = models.CharField(_("层级"), max_length=32)
    school_type = models.CharField(_("学校类型"), max_length=32, blank=True)
    path = models.CharField(max_length=500, db_index=True, editable=False)
    valid_from = models.DateField(_("有效期起"), null=True, blank=True)
    valid_to = models.DateField(_("有效期止"), null=True, blank=True)  # its last day, included

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering: ClassVar = ["code"]
        verbose_name = _("单位")
        verbose_name_plural = _("单位")

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    def save(self, *args: object, **kwargs: object) -> None:
        self.path = (self.parent.path if self.parent else "/") + f"{self.code}/"
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def is_within(self, other: Unit) -> bool:
        """This unit is ``other`` or lies under it."""
        return self.path.startswith(other.path)

    def exists_on(self, day: date) -> bool:
        """The unit has begun by ``day`` and not ended before it (see :meth:`UnitQuerySet.existing_on`).

        >>> Unit(code="1", valid_from=date(2023, 1, 1)).exists_on(date(2022, 12, 31))
        False
        >>> Unit(code="1", valid_to=date(2022, 12, 31)).exists_on(date(2022, 12, 31))
        True
        """
        begun = self.valid_from is None or self.valid_from <= day
        return begun and (self.valid_to is None or self.valid_to >= day)

    @property
    def ended(self) -> bool:
        """Merged, split or renamed away: the unit has a last day."""
        return self.valid_to is not None


class UnitSuccession(models.Model):
    """One edge of the units' history: ``predecessor`` became (part of) ``successor`` on ``on``.

    A merge of two districts into a new one is two edges of kind merge, a split into two new
    districts two edges of kind split, a new code or name for one unit one edge of kind rename.
    """

    class Kind(models.TextChoices):
        MERGE = "merge", _("合并")
        SPLIT = "split", _("拆分")
        RENAME = "rename", _("更名")

    predecessor = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="successor_links", verbose_name=_("原单位")
    )
    successor = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="predecessor_links", verbose_name=_("现单位")
    )
    on = models.DateField(_("调整日期"))  # the successor's first day, the day after the predecessor's last
    kind = models.CharField(_("调整方式"), max_length=10, choices=Kind.choices)
    note = models.TextField(_("说明"), blank=True)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    made_at = models.DateTimeField(_("记录时间"), auto_now_add=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="unit_succession_once")
        ]
        ordering: ClassVar = ["on", "predecessor_id", "successor_id"]
        verbose_name = _("区划调整")
        verbose_name_plural = _("区划调整")

    def __str__(self) -> str:
        return f"{self.on} {self.get_kind_display()}：{self.predecessor_id} → {self.successor_id}"


class UnitMove(models.Model):
    """A unit put under another parent on ``on``, with everything under it (a merged district's
    schools under the new district), so that the tree as it stood before can be read back
    (:func:`dudao.store.accounts.succession.tree_on`)."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="moves")
    from_parent = models.ForeignKey(Unit, null=True, on_delete=models.PROTECT, related_name="+")
    to_parent = models.ForeignKey(Unit, null=True, on_delete=models.PROTECT, related_name="+")
    on = models.DateField(_("调整日期"), db_index=True)

    class Meta:
        ordering: ClassVar = ["on", "id"]
        verbose_name = _("单位划转")
        verbose_name_plural = _("单位划转")

    def __str__(self) -> str:
        return f"{self.on} {self.unit_id}：{self.from_parent_id} → {self.to_parent_id}"


class Role(models.TextChoices):
    ADMIN = "admin", _("系统管理员")
    OFFICE = "office", _("督导室工作人员")
    REVIEWER = "reviewer", _("评审专家")
    UNIT_EDITOR = "unit_editor", _("单位填报员")
    UNIT_APPROVER = "unit_approver", _("单位审核员")
    SCHOOL_EDITOR = "school_editor", _("学校填报员")
    PUBLIC = "public", _("公众")


class Profile(models.Model):
    """A user's one role, and the unit it is scoped to (none for admin, office and public)."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.PUBLIC)
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="members")

    class Meta:
        verbose_name = _("用户角色")
        verbose_name_plural = _("用户角色")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"


class ApiToken(models.Model):
    """A token for machine clients. Only its SHA-256 is stored; the key is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("用途"), max_length=100)
    prefix = models.CharField(max_length=8, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"

    @staticmethod
    def hash(key: str) -> str:
        return hashlib.sha256(key.encode("utf-8")).hexdigest()

    @classmethod
    def issue(cls, user: object, name: str) -> tuple[ApiToken, str]:
        """A new token for ``user`` and its key (to be shown once)."""
        key = "ddo_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, prefix=key[:8], digest=cls.hash(key))
        return token, key


class LoginFailure(models.Model):
    """One failed login, kept to throttle guessing by account and by address."""

    username = models.CharField(max_length=150, db_index=True)
    address = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
