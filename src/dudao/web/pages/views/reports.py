"""Pages: a unit's narrative self-evaluation report 自评报告核对 — upload it on the unit's page and see
every figure it claims highlighted: agrees with the stored data (green), differs (red, both
values shown), no data (grey), or not mapped to the scheme.

Whoever may see the unit sees the reading; whoever may enter its data may upload while the unit's
entry is open (not after submission unless the office returned the report, not after closing). Every upload
is kept with the round (:mod:`dudao.store.entry.reports`) and audited; the newest one is read.
"""

from __future__ import annotations

from typing import BinaryIO, cast

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dudao.store.accounts.models import Unit
from dudao.store.entry.models import NarrativeReport
from dudao.store.entry.reports import read_stored, store_report, upload_refusal
from dudao.store.entry.services import EntryRefused
from dudao.store.rounds.models import Round
from dudao.web.access import Do, can, guard


def _page(
    request: HttpRequest, round: Round, unit: Unit, refused: str = "", status: int = 200
) -> HttpResponse:
    from dudao.reader import ReportError, render_html

    reports = list(NarrativeReport.objects.filter(round=round, unit=unit).select_related("uploaded_by")[:20])
    fragment, unreadable, counts = "", "", {}
    if reports:
        try:
            reading = read_stored(reports[0])
        except ReportError as error:
            english = (get_language() or "").startswith("en")
            first = error.problems[0] if error.problems else None
            unreadable = (first.message_en if english else first.message_zh) if first else str(error)
        else:
            # The reader escapes every character of the report; the markup is its own.
            fragment = mark_safe(render_html(reading))
            counts = reading.counts()
    may_edit = can(request.user, Do.EDIT_UNIT, round=round, unit=unit)
    locked = upload_refusal(round, unit) if may_edit else ""
    context = {
        "round": round,
        "unit": unit,
        "reports": reports,
        "latest": reports[0] if reports else None,
        "fragment": fragment,
        "counts": counts,
        "unreadable": unreadable,
        "refused": refused,
        "may_upload": may_edit and not locked,
        "locked": locked if may_edit else "",
        "upload_url": reverse("unit_report_upload", args=[round.pk, unit.code]),
    }
    return render(request, "dudao/reports/page.html", context, status=status)


@guard(Do.SEE_UNIT)
@require_GET
def unit_report(request: HttpRequest, round: Round, unit: Unit) -> HttpResponse:
    """The unit's latest report, read against its data, and the upload form."""
    return _page(request, round, unit)


@guard(Do.EDIT_UNIT)
@require_POST
def unit_report_upload(request: HttpRequest, round: Round, unit: Unit) -> HttpResponse:
    """Keep an uploaded report and show its reading; a refused file is said on the same page."""
    upload = request.FILES.get("file")
    if upload is None:
        return _page(request, round, unit, refused=_("请选择要上传的自评报告文件"), status=400)
    try:
        store_report(
            request.user,
            round,
            unit,
            upload.name or "report",
            cast(BinaryIO, upload),
            upload.size or 0,
            address=request.META.get("REMOTE_ADDR", ""),
        )
    except EntryRefused as refusal:
        return _page(request, round, unit, refused=_("；").join(refusal.errors.values()), status=400)
    return redirect(reverse("unit_report", args=[round.pk, unit.code]))


_ROUND = "rounds/<int:round_id>/"

urlpatterns: list[URLPattern] = [
    path(f"{_ROUND}units/<str:code>/report/", unit_report, name="unit_report"),
    path(f"{_ROUND}units/<str:code>/report/upload", unit_report_upload, name="unit_report_upload"),
]
