"""Pages: field verification 实地核查 — the evaluated units with their draws, and one unit's page
where the office draws (or redraws) the schools to visit and inspectors record findings, with
photos taken on a phone (the page works at 375 px), and put a finding's proposed score into the
unit's review score (:mod:`dudao.store.verification.scores`).

Who may do what is :mod:`dudao.web.access` (:attr:`Do.SEE_VERIFICATION`, :attr:`Do.DRAW_SCHOOLS`,
:attr:`Do.RECORD_FINDING`); the checks and the writes are :mod:`dudao.store.verification`. A refused
form comes back with what was entered and the message at its field.
"""

from __future__ import annotations

from collections import Counter
from typing import Any, BinaryIO, cast

from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dudao.store.accounts.models import Unit
from dudao.store.entry.evidence import blob_path
from dudao.store.entry.services import EntryRefused
from dudao.store.rounds.engine import scheme_of
from dudao.store.rounds.models import Round
from dudao.store.verification.draws import DrawRequest, make_draw, school_elements, schools_of
from dudao.store.verification.findings import MAX_PHOTOS, FindingInput, Photo, photo_limit, record_finding
from dudao.store.verification.models import Draw, DrawnSchool, Finding, FindingPhoto, Method, Severity
from dudao.store.verification.scores import apply_score
from dudao.web.access import Do, can, guard, visible_entries
from dudao.web.pages.http import address_of


@guard(Do.SEE_VERIFICATION)
@require_GET
def verification_index(request: HttpRequest, round: Round) -> HttpResponse:
    """The evaluated units one may inspect, each with its draw in force and its findings."""
    entries = list(visible_entries(request.user, round))
    draws = {d.unit_id: d for d in Draw.objects.filter(round=round, current=True)}
    counts = dict(
        Finding.objects.filter(round=round)
        .values_list("unit_id")
        .annotate(n=Count("pk"))
        .values_list("unit_id", "n")
    )
    rows = [
        {"unit": e.unit, "draw": draws.get(e.unit_id), "findings": counts.get(e.unit_id, 0)} for e in entries
    ]
    return render(request, "dudao/verification/index.html", {"round": round, "rows": rows})


def _items(round: Round) -> list[tuple[str, list[tuple[str, str, float]]]]:
    """The scheme's items for the finding form: each area with its leaves (code, name, points)."""
    scheme = scheme_of(round.scheme)
    return [
        (f"{top.code} {top.name}", [(i.code, i.name, i.points) for i in top.walk() if i.is_leaf])
        for top in scheme.items
    ]


def _page(
    request: HttpRequest,
    round: Round,
    unit: Unit,
    *,
    draw_errors: dict[str, str] | None = None,
    finding_errors: dict[str, str] | None = None,
    entered: dict[str, Any] | None = None,
    score_errors: dict[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    draws = list(
        Draw.objects.filter(round=round, unit=unit)
        .select_related("drawn_by")
        .prefetch_related(Prefetch("schools", DrawnSchool.objects.select_related("school")))
    )
    current = next((d for d in draws if d.current), None)
    findings = list(
        Finding.objects.filter(round=round, unit=unit)
        .select_related("school", "recorded_by")
        .prefetch_related("photos")
    )
    user = request.user
    context = {
        "round": round,
        "unit": unit,
        "current": current,
        "strata": sorted(Counter(s.stratum for s in current.schools.all()).items()) if current else [],
        "earlier": [d for d in draws if not d.current],
        "findings": findings,
        "school_count": schools_of(unit).count(),
        "may_draw": can(user, Do.DRAW_SCHOOLS, round=round, unit=unit),
        "may_record": can(user, Do.RECORD_FINDING, round=round, unit=unit),
        "methods": Method.choices,
        "severities": Severity.choices,
        "elements": sorted(school_elements(round).items()),
        "items": _items(round),
        "draw_errors": draw_errors or {},
        "finding_errors": finding_errors or {},
        "score_errors": score_errors or {},
        "entered": entered or {},
        "photo_limit_mb": photo_limit() // 2**20,
        "max_photos": MAX_PHOTOS,
    }
    return render(request, "dudao/verification/unit.html", context, status=status)


@guard(Do.SEE_VERIFICATION)
@require_GET
def verification_unit(request: HttpRequest, round: Round, unit: Unit) -> HttpResponse:
    """One unit: its draw in force and the earlier ones, its findings, and the forms."""
    return _page(request, round, unit)


@guard(Do.DRAW_SCHOOLS)
@require_POST
def verification_draw(request: HttpRequest, round: Round, unit: Unit) -> HttpResponse:
    """Draw (or redraw) the schools to visit; a refusal is said at its field."""
    form = request.POST
    asked = DrawRequest(
        method=form.get("method", ""),
        size=form.get("size", ""),
        seed=form.get("seed", ""),
        stratum_element=form.get("stratum_element", ""),
        reason=form.get("reason", ""),
    )
    try:
        make_draw(request.user, round, unit, asked, address=address_of(request))
    except EntryRefused as refused:
        return _page(request, round, unit, draw_errors=refused.errors, entered=dict(form.items()), status=400)
    return redirect(reverse("verification_unit", args=[round.pk, unit.code]) + "#current-draw")


@guard(Do.RECORD_FINDING)
@require_POST
def verification_finding(request: HttpRequest, round: Round, unit: Unit) -> HttpResponse:
    """Record a finding with its photos; a refusal is said at its field and nothing is kept."""
    form = request.POST
    given = FindingInput(
        item=form.get("item", ""),
        severity=form.get("severity", ""),
        note=form.get("note", ""),
        school=form.get("school", ""),
        points=form.get("points", ""),
        score_reason=form.get("score_reason", ""),
    )
    photos = [
        Photo(f.name or "", cast(BinaryIO, f), f.size or 0)
        for f in request.FILES.getlist("photos")
        if f.size or f.name
    ]
    try:
        finding = record_finding(request.user, round, unit, given, photos, address=address_of(request))
    except EntryRefused as refused:
        return _page(
            request, round, unit, finding_errors=refused.errors, entered=dict(form.items()), status=400
        )
    return redirect(reverse("verification_unit", args=[round.pk, unit.code]) + f"#finding-{finding.pk}")


@guard(Do.RECORD_FINDING)
@require_POST
def verification_score(request: HttpRequest, round: Round, unit: Unit, finding_id: int) -> HttpResponse:
    """Put a finding's proposed score into the unit's review score (评审得分), with its reason."""
    finding = Finding.objects.filter(pk=finding_id, round=round, unit=unit).first()
    if finding is None:
        raise Http404(_("没有这条核查发现：%(id)s") % {"id": finding_id})
    try:
        apply_score(request.user, finding, address=address_of(request))
    except EntryRefused as refused:
        errors = {f"{finding.pk}-{field}": message for field, message in refused.errors.items()}
        return _page(request, round, unit, score_errors=errors, status=400)
    return redirect(reverse("verification_unit", args=[round.pk, unit.code]) + f"#finding-{finding.pk}")


@guard(Do.SEE_VERIFICATION)
@require_GET
def verification_photo(request: HttpRequest, round: Round, unit: Unit, photo_id: int) -> HttpResponse:
    """A finding's photo, shown in the browser."""
    photo = (
        FindingPhoto.objects.select_related("blob")
        .filter(pk=photo_id, finding__round=round, finding__unit=unit)
        .first()
    )
    if photo is None:
        raise Http404(_("没有这张核查照片：%(id)s") % {"id": photo_id})
    stored = blob_path(photo.blob)
    if not stored.exists():
        raise Http404(_("文件已不在存储中：%(name)s") % {"name": photo.filename})
    response = FileResponse(stored.open("rb"), content_type=photo.blob.content_type, filename=photo.filename)
    response["X-Content-Type-Options"] = "nosniff"
    return cast(HttpResponse, response)


_ROUND = "rounds/<int:round_id>/"
_UNIT = f"{_ROUND}units/<str:code>/verification/"

urlpatterns: list[URLPattern] = [
    path(f"{_ROUND}verification/", verification_index, name="verification"),
    path(_UNIT, verification_unit, name="verification_unit"),
    path(f"{_UNIT}draw", verification_draw, name="verification_draw"),
    path(f"{_UNIT}findings", verification_finding, name="verification_finding"),
    path(f"{_UNIT}findings/<int:finding_id>/score", verification_score, name="verification_score"),
    path(f"{_UNIT}photos/<int:photo_id>", verification_photo, name="verification_photo"),
]
