"""The admin 系统管理后台: for system administrators only, behind the same throttled login.

Whether a user may use the admin is the :data:`~dudao.web.access.Do.MANAGE_USERS` rule; the
admin's own login page is replaced by the site's login (which counts failures). Changing a
user's role or unit here, or a reviewer's assignment to a unit in a round (who may see which unit),
writes a permission entry to the audit log, with before and after.

The audit log is append-only, so an account the log names (one that has changed anything) cannot
be deleted: the admin's delete page says so and offers deactivation (untick 有效 / active)
instead; an account that never acted can still be deleted.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from dudao.store.accounts.models import ApiToken, Profile, Unit
from dudao.store.accounts.throttle import client_address
from dudao.store.audit.models import Action, AuditEntry, record
from dudao.store.rounds.models import ReviewerAssignment
from dudao.web.access import Do, can
from dudao.web.pages.views.accounts import login


def _may_manage(request: HttpRequest) -> bool:
    return bool(request.user.is_active and can(request.user, Do.MANAGE_USERS))


site = admin.site  # the store's models are registered here (the web's urls serve it)
site.login = login  # type: ignore[method-assign]
site.has_permission = _may_manage  # type: ignore[method-assign]
site.site_header = _("教育督导评价系统 · 系统管理")
site.site_title = _("dudao 系统管理")
site.index_title = _("系统管理")


class ManagedPermissions:
    """System administrators manage these models in full, whatever their Django permissions."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return _may_manage(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _may_manage(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return _may_manage(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _may_manage(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return _may_manage(request)


class ManagedAdmin(ManagedPermissions, admin.ModelAdmin):  # type: ignore[type-arg]
    pass


@admin.register(Unit)
class UnitAdmin(ManagedAdmin):
    list_display = ("code", "name", "level", "school_type", "parent", "valid_from", "valid_to")
    list_filter = ("level", "school_type")
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)
    # A unit's dates change with the merge or split that ends or begins it (``dudao units``).
    readonly_fields = ("valid_from", "valid_to")
    list_per_page = 50


class PermissionAdmin(ManagedAdmin):
    """An admin whose rows grant access: each add, change or delete is audited, before → after."""

    def granted(self, obj: Any) -> dict[str, object]:
        """What the row grants, as recorded in the audit log."""
        raise NotImplementedError

    def audit_place(self, obj: Any) -> dict[str, Any]:
        """The round and unit the audit entry is filed under (for the log's filters)."""
        return {}

    def audit_target(self, obj: Any) -> str:
        """Whose access changes."""
        raise NotImplementedError

    def save_model(self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool) -> None:
        stored = type(obj).objects.filter(pk=obj.pk).first() if obj.pk else None
        before = self.granted(stored) if stored is not None else None
        super().save_model(request, obj, form, change)
        after = self.granted(obj)
        if before != after:
            self._record(request, obj, before, after)

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        before = self.granted(obj)
        super().delete_model(request, obj)
        self._record(request, obj, before, None)

    def _record(self, request: HttpRequest, obj: Any, before: object, after: object) -> None:
        record(
            request.user,
            Action.PERMISSION,
            target=self.audit_target(obj),
            before=before,
            after=after,
            address=client_address(request.META),
            **self.audit_place(obj),
        )


@admin.register(Profile)
class ProfileAdmin(PermissionAdmin):
    list_display = ("user", "role", "unit")
    list_filter = ("role",)
    search_fields = ("user__username", "user__first_name", "unit__code", "unit__name")
    raw_id_fields = ("user", "unit")
    list_select_related = ("user", "unit")

    def granted(self, obj: Profile) -> dict[str, object]:
        return {"role": obj.role, "unit": obj.unit_id}

    def audit_place(self, obj: Profile) -> dict[str, Any]:
        return {"unit": obj.unit}

    def audit_target(self, obj: Profile) -> str:
        return obj.user.get_username()


@admin.register(ApiToken)
class ApiTokenAdmin(ManagedAdmin):
    list_display = ("prefix", "name", "user", "created_at", "last_used_at", "revoked")
    list_filter = ("revoked",)
    search_fields = ("name", "prefix", "user__username")
    readonly_fields = ("prefix", "created_at", "last_used_at")
    list_select_related = ("user",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # keys are issued where they can be shown once (``ApiToken.issue``)


_SUPERUSER_FIELDS = ("is_active", "is_staff", "is_superuser")


class AuditedUserAdmin(ManagedPermissions, UserAdmin):  # type: ignore[type-arg]
    """Django's user admin, auditing the switches that grant or remove access."""

    def save_model(self, request: HttpRequest, obj: Model, form: ModelForm[Any], change: bool) -> None:
        users = get_user_model()
        old = users.objects.filter(pk=obj.pk).values(*_SUPERUSER_FIELDS).first() if obj.pk else None
        super().save_model(request, obj, form, change)
        new = {f: getattr(obj, f) for f in _SUPERUSER_FIELDS}
        if old != new:
            record(
                request.user,
                Action.PERMISSION,
                target=str(getattr(obj, "username", obj.pk)),
                before=old,
                after=new,
                address=client_address(request.META),
            )

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> tuple[Any, Any, Any, list[Any]]:
        """Django's list of what a delete takes, with each audited account named once as protected
        (instead of one line per audit entry) and what to do instead."""
        deleted, counts, permissions, protected = super().get_deleted_objects(objs, request)
        audited = [
            _(
                "%(user)s：审计日志中有 %(count)d 条记录，审计日志只能追加，不能删除该账户；"
                "请在账户页取消“有效”以停用"
            )
            % {"user": user.get_username(), "count": count}
            for user in objs
            if (count := AuditEntry.objects.filter(user=user).count())
        ]
        entry_line = f"{capfirst(AuditEntry._meta.verbose_name)}: "  # how Django lists each protected entry
        others = [p for p in protected if not str(p).startswith(entry_line)]
        return deleted, counts, permissions, audited + others


_users = get_user_model()
if admin.site.is_registered(_users):
    admin.site.unregister(_users)
admin.site.register(_users, AuditedUserAdmin)


@admin.register(ReviewerAssignment)
class ReviewerAssignmentAdmin(PermissionAdmin):
    list_display = ("round", "reviewer", "unit")
    list_filter = ("round",)
    search_fields = ("reviewer__username", "unit__code", "unit__name")
    raw_id_fields = ("reviewer", "unit")
    list_select_related = ("round", "reviewer", "unit")

    def granted(self, obj: ReviewerAssignment) -> dict[str, object]:
        return {"round": obj.round_id, "reviewer": obj.reviewer.get_username(), "unit": obj.unit_id}

    def audit_place(self, obj: ReviewerAssignment) -> dict[str, Any]:
        return {"round": obj.round, "unit": obj.unit}

    def audit_target(self, obj: ReviewerAssignment) -> str:
        return obj.reviewer.get_username()
