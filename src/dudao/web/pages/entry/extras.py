"""Narratives, self-scores and evidence files on the entry page, each saved on its own too.

With htmx each post answers with the one part it changed (the area's narrative, the item's
self-score or evidence list), so values typed elsewhere on the page stay as they are; a plain
post goes back to the page with a message, or shows the page with the message at its place.
"""

from __future__ import annotations

from typing import BinaryIO, cast

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dudao.store.accounts.models import Unit
from dudao.store.entry import evidence as files
from dudao.store.entry.fields import Group, form_groups
from dudao.store.entry.models import Evidence, Narrative
from dudao.store.entry.services import EntryRefused, entry_of, save_narrative, save_self_score
from dudao.store.rounds.engine import scheme_of
from dudao.store.rounds.models import Round
from dudao.web.access import Do, guard
from dudao.web.pages.entry.page import build_page
from dudao.web.pages.entry.parts import (
    Editing,
    PostedText,
    editing_of,
    evidence_slots,
    narrative_box,
    rubric_rows,
)
from dudao.web.pages.entry.responses import (
    UNPROCESSABLE,
    back,
    one_message,
    render_page,
)
from dudao.web.pages.http import address_of
from dudao.web.session import is_htmx

_SLACK = 64 * 1024  # the form around an uploaded file


@guard(Do.EDIT_UNIT)
@require_POST
def unit_narrative(request: HttpRequest, round: Round, unit: Unit) -> HttpResponse:
    """Save one area's narrative (自评说明): ``area`` names it, ``n-<area>`` / ``on-<area>`` are its
    text and the digest of the text the form showed (the fields of the whole page may come along)."""
    area = request.POST.get("area", "").strip()
    key = f"narrative:{area}"
    typed = PostedText(request.POST.get(f"n-{area}", ""), request.POST.get(f"on-{area}"))
    try:
        changed = save_narrative(
            request.user, round, unit, area, typed.text, original=typed.original, address=address_of(request)
        )
    except EntryRefused as refused:
        return _refused(request, round, unit, refused, key, typed=typed)
    saved = _("自评说明已保存") if changed else _("自评说明没有修改")
    if not is_htmx(request):
        messages.success(request, saved)
        return back(round, unit, f"narrative-{area}")
    stored = Narrative.objects.filter(round=round, unit=unit, area=area).first()
    box = narrative_box(area, stored.text if stored else "", _editing(request, round, unit), {})
    box.saved = saved
    return render(request, "dudao/entry/_narrative.html", {"box": box, "round": round, "unit": unit})


@guard(Do.EDIT_UNIT)
@require_POST
def unit_self_score(request: HttpRequest, round: Round, unit: Unit) -> HttpResponse:
    """Save the unit's own level on one rubric item: ``item`` names it, ``s-<item>`` / ``os-<item>``
    are the level ("" clears it) and the level the form showed."""
    item = request.POST.get("item", "").strip()
    key = f"self:{item}"
    typed = PostedText(request.POST.get(f"s-{item}", "").strip(), request.POST.get(f"os-{item}"))
    try:
        changed = save_self_score(
            request.user, round, unit, item, typed.text, original=typed.original, address=address_of(request)
        )
    except EntryRefused as refused:
        return _refused(request, round, unit, refused, key, typed=typed)
    saved = _("自评等级已保存") if changed else _("自评等级没有修改")
    if not is_htmx(request):
        messages.success(request, saved)
        return back(round, unit, f"self-{item}")
    group = _group_of(round, item)
    rows = [
        r for r in rubric_rows(round, unit, group, _editing(request, round, unit), {}) if r.item.code == item
    ]
    rows[0].saved = saved
    response = render(request, "dudao/entry/_rubric.html", {"row": rows[0], "round": round, "unit": unit})
    response["HX-Trigger"] = "dudao:preview"  # self-scores count in the preview
    return response


# -- evidence ----------------------------------------------------------------------------------


@guard(Do.EDIT_UNIT)
@require_POST
def evidence_upload(request: HttpRequest, round: Round, unit: Unit) -> HttpResponse:
    """Attach one file to one item: fields ``item`` (also accepted in the query) and ``file``."""
    item = request.GET.get("item", "").strip()
    key = f"evidence:{item}"
    limit = settings.MAX_UPLOAD_BYTES
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    too_large = _("文件超过上限 %(limit)s，未上传") % {"limit": filesizeformat(limit)}
    if length > limit + _SLACK:
        return _refused(request, round, unit, EntryRefused({key: too_large}, "too_large"), key)
    try:
        item = request.POST.get("item", "").strip() or item
        upload = request.FILES.get("file")
    except (RequestDataTooBig, TooManyFieldsSent, MultiPartParserError):
        return _refused(request, round, unit, EntryRefused({key: too_large}, "too_large"), key)
    key = f"evidence:{item}"
    if upload is None:
        refused = EntryRefused({key: _("请选择要上传的文件（%(accepted)s）") % {"accepted": files.ACCEPTED}})
        return _refused(request, round, unit, refused, key)
    name = upload.name or "file"
    try:
        files.attach(
            request.user,
            round,
            unit,
            item,
            name,
            cast(BinaryIO, upload),
            upload.size or 0,
            address=address_of(request),
        )
    except EntryRefused as refused:
        return _refused(request, round, unit, refused, key)
    saved = _("已上传：%(name)s") % {"name": name}
    return _evidence_done(request, round, unit, item, saved)


@guard(Do.SEE_UNIT)
@require_GET
def evidence_file(request: HttpRequest, round: Round, unit: Unit, evidence_id: int) -> HttpResponse:
    """The file itself: PDF and images shown in the browser, Office files downloaded."""
    evidence = _evidence(round, unit, evidence_id)
    path = files.blob_path(evidence.blob)
    if not path.exists():
        raise Http404(_("文件已不在存储中：%(name)s") % {"name": evidence.filename})
    response = FileResponse(
        path.open("rb"),  # FileResponse closes it
        content_type=evidence.blob.content_type,
        as_attachment=evidence.blob.kind not in files.INLINE_KINDS,
        filename=evidence.filename,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return cast(HttpResponse, response)  # a streamed response; guard() types views as HttpResponse


@guard(Do.EDIT_UNIT)
@require_POST
def evidence_delete(request: HttpRequest, round: Round, unit: Unit, evidence_id: int) -> HttpResponse:
    """Withdraw a file (kept in the audit trail); refused once the unit has submitted."""
    evidence = _evidence(round, unit, evidence_id)
    key = f"evidence:{evidence.item}"
    try:
        files.remove(request.user, evidence, address=address_of(request))
    except EntryRefused as refused:
        return _refused(request, round, unit, EntryRefused({key: one_message(refused.errors)}), key)
    return _evidence_done(
        request, round, unit, evidence.item, _("已删除：%(name)s") % {"name": evidence.filename}
    )


def _evidence(round: Round, unit: Unit, evidence_id: int) -> Evidence:
    found = (
        Evidence.objects.select_related("blob")
        .filter(pk=evidence_id, round=round, unit=unit, deleted_at__isnull=True)
        .first()
    )
    if found is None:
        raise Http404(_("没有这个佐证材料：%(id)s") % {"id": evidence_id})
    return found


def _evidence_done(request: HttpRequest, round: Round, unit: Unit, item: str, saved: str) -> HttpResponse:
    if not is_htmx(request):
        messages.success(request, saved)
        return back(round, unit, f"ev-{item}")
    return _evidence_slot(request, round, unit, item, {}, saved=saved)


def _evidence_slot(
    request: HttpRequest,
    round: Round,
    unit: Unit,
    item: str,
    errors: dict[str, str],
    *,
    saved: str = "",
    status: int = 200,
) -> HttpResponse:
    group = _group_of(round, item)
    slot = next(
        s
        for s in evidence_slots(round, unit, group, _editing(request, round, unit), errors)
        if s.item.code == item
    )
    slot.saved = saved
    context = {"slot": slot, "round": round, "unit": unit}
    return render(request, "dudao/entry/_evidence.html", context, status=status)


# -- helpers -----------------------------------------------------------------------------------


def _editing(request: HttpRequest, round: Round, unit: Unit) -> Editing:
    return editing_of(request.user, round, unit, entry_of(round, unit))


def _group_of(round: Round, item: str) -> Group:
    for group in form_groups(scheme_of(round.scheme)):
        if any(i.code == item for i in group.items):
            return group
    raise Http404(_("没有这个指标：%(code)s") % {"code": item})


def _refused(
    request: HttpRequest,
    round: Round,
    unit: Unit,
    refused: EntryRefused,
    key: str,
    typed: PostedText | None = None,
) -> HttpResponse:
    """A refused narrative, self-score or file: the message at its place (with what was typed, and
    what is stored now when the form was stale), never an error page."""
    errors = dict(refused.errors)
    if key not in errors:  # a refusal of the whole unit (locked, closed): shown at the field asked for
        errors = {key: one_message(errors)}
    texts = {key: typed} if typed is not None else {}
    htmx = is_htmx(request)
    try:
        if htmx and key.startswith("evidence:"):
            return _evidence_slot(request, round, unit, key.split(":", 1)[1], errors, status=UNPROCESSABLE)
        if htmx and key.startswith("narrative:"):
            area = key.split(":", 1)[1]
            stored = Narrative.objects.filter(round=round, unit=unit, area=area).first()
            box = narrative_box(
                area,
                stored.text if stored else "",
                _editing(request, round, unit),
                errors,
                typed,
                refused.conflicts.get(key),
            )
            context = {"box": box, "round": round, "unit": unit}
            return render(request, "dudao/entry/_narrative.html", context, status=UNPROCESSABLE)
        if htmx and key.startswith("self:"):
            group = _group_of(round, key.split(":", 1)[1])
            editing = _editing(request, round, unit)
            rows = [
                r
                for r in rubric_rows(round, unit, group, editing, errors, texts, refused.conflicts)
                if f"self:{r.item.code}" == key
            ]
            if rows:
                context = {"row": rows[0], "round": round, "unit": unit}
                return render(request, "dudao/entry/_rubric.html", context, status=UNPROCESSABLE)
    except Http404:  # an item or area that does not exist: say so in a message instead
        pass
    if htmx:
        context = {"message": one_message(errors)}
        return render(request, "dudao/entry/_error.html", context, status=UNPROCESSABLE)
    page = build_page(request.user, round, unit, texts=texts, errors=errors, conflicts=refused.conflicts)
    return render_page(request, page)
