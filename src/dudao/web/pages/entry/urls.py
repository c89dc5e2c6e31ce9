"""The entry page's URLs: every one lies under ``rounds/<round_id>/units/<code>/``."""

from __future__ import annotations

from django.urls import URLPattern, path

from dudao.web.pages.entry import extras, status, values

_UNIT = "rounds/<int:round_id>/units/<str:code>/"

urlpatterns: list[URLPattern] = [
    path(_UNIT, values.unit, name="unit"),
    path(f"{_UNIT}save/", values.unit_save, name="unit_save"),
    path(f"{_UNIT}preview/", values.unit_preview, name="unit_preview"),
    path(f"{_UNIT}history/<str:element>/", values.value_history, name="value_history"),
    path(f"{_UNIT}narrative/", extras.unit_narrative, name="unit_narrative"),
    path(f"{_UNIT}self-score/", extras.unit_self_score, name="unit_self_score"),
    path(f"{_UNIT}evidence/", extras.evidence_upload, name="evidence_upload"),
    path(f"{_UNIT}evidence/<int:evidence_id>/", extras.evidence_file, name="evidence_file"),
    path(f"{_UNIT}evidence/<int:evidence_id>/delete/", extras.evidence_delete, name="evidence_delete"),
    path(f"{_UNIT}submit/", status.unit_submit, name="unit_submit"),
    path(f"{_UNIT}return/", status.unit_return, name="unit_return"),
]
