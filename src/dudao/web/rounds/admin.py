"""Reviewer assignments in the admin: who may see which unit in a round (audited as permissions)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from dudao.web.accounts.admin import PermissionAdmin
from dudao.web.rounds.models import ReviewerAssignment


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
