"""Pages: a unit's data entry in a round — values, narratives, self-scores, evidence, submit.

Every URL lies under ``rounds/<round_id>/units/<code>/`` and is guarded by its rule
(:mod:`dudao.web.access`); the views live in ``entry_values`` (the page, saving, the live
preview, history), ``entry_extras`` (narratives, self-scores, evidence) and ``entry_status``
(submit, return).
"""

from __future__ import annotations

from django.urls import URLPattern, path

from dudao.web.pages.views import entry_extras, entry_status, entry_values

_UNIT = "rounds/<int:round_id>/units/<str:code>/"

urlpatterns: list[URLPattern] = [
    path(_UNIT, entry_values.unit, name="unit"),
    path(f"{_UNIT}save/", entry_values.unit_save, name="unit_save"),
    path(f"{_UNIT}preview/", entry_values.unit_preview, name="unit_preview"),
    path(f"{_UNIT}history/<str:element>/", entry_values.value_history, name="value_history"),
    path(f"{_UNIT}narrative/", entry_extras.unit_narrative, name="unit_narrative"),
    path(f"{_UNIT}self-score/", entry_extras.unit_self_score, name="unit_self_score"),
    path(f"{_UNIT}evidence/", entry_extras.evidence_upload, name="evidence_upload"),
    path(f"{_UNIT}evidence/<int:evidence_id>/", entry_extras.evidence_file, name="evidence_file"),
    path(f"{_UNIT}evidence/<int:evidence_id>/delete/", entry_extras.evidence_delete, name="evidence_delete"),
    path(f"{_UNIT}submit/", entry_status.unit_submit, name="unit_submit"),
    path(f"{_UNIT}return/", entry_status.unit_return, name="unit_return"),
]
