"""Reviewer assignments in the admin: who may see which unit in a round (audited as permissions)."""

from __future__ import annotations

from django.contrib import admin
from django.forms import ModelForm
from django.http import HttpRequest

from dudao.web.accounts.admin import ManagedAdmin
from dudao.web.accounts.throttle import client_address
from dudao.web.audit.models import Action, record
from dudao.web.rounds.models import ReviewerAssignment


def _assignment(row: ReviewerAssignment | None) -> dict[str, object] | None:
    if row is None:
        return None
    return {"round": row.round_id, "reviewer": row.reviewer.get_username(), "unit": row.unit_id}


@admin.register(ReviewerAssignment)
class ReviewerAssignmentAdmin(ManagedAdmin):
    list_display = ("round", "reviewer", "unit")
    list_filter = ("round",)
    search_fields = ("reviewer__username", "unit__code", "unit__name")
    raw_id_fields = ("reviewer", "unit")
    list_select_related = ("round", "reviewer", "unit")

    def save_model(
        self, request: HttpRequest, obj: ReviewerAssignment, form: ModelForm[ReviewerAssignment], change: bool
    ) -> None:
        before = _assignment(ReviewerAssignment.objects.filter(pk=obj.pk).first()) if obj.pk else None
        super().save_model(request, obj, form, change)
        after = _assignment(obj)
        if before != after:
            record(
                request.user,
                Action.PERMISSION,
                round=obj.round,
                unit=obj.unit,
                target=obj.reviewer.get_username(),
                before=before,
                after=after,
                address=client_address(request.META),
            )

    def delete_model(self, request: HttpRequest, obj: ReviewerAssignment) -> None:
        before = _assignment(obj)
        super().delete_model(request, obj)
        record(
            request.user,
            Action.PERMISSION,
            round=obj.round,
            target=obj.reviewer.get_username(),
            before=before,
            after=None,
            address=client_address(request.META),
        )
