"""The office's survey pages 满意度调查: set the questionnaire, hand out each unit's link and QR code
(PNG and SVG, and a poster to print), read the rates with their intervals, see every excluded
answer with its reason and count it again (or exclude one), search the open answers, export to
Excel, and write the rates into the round's data so the scheme scores them.

Reading is :attr:`~dudao.web.access.Do.SEE_RESULTS` (the office: rates compare units); every
change is :attr:`~dudao.web.access.Do.RUN_ROUNDS`.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import segno
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET, require_POST

from dudao.samples import bundled_survey_path
from dudao.store.accounts.models import Unit
from dudao.store.rounds.models import Round
from dudao.store.survey.export import workbook
from dudao.store.survey.models import Response, Survey
from dudao.store.survey.questionnaire import ALL_ASPECTS, ASPECT_NAMES, Aspect
from dudao.store.survey.scoring import scored_items
from dudao.store.survey.services import (
    SurveyRefused,
    apply_to_round,
    decide,
    make_invitations,
    questionnaire_of,
    results,
    search_answers,
    set_questionnaire,
)
from dudao.web.access import Do, guard
from dudao.web.pages.http import XLSX, address_of, download

MAX_QUESTIONNAIRE = 1 << 20  # bytes of an uploaded questionnaire (a national one is ~10 KB)
EXCLUSIONS_SHOWN = 500


def public_link(request: HttpRequest, round: Round, code: str) -> str:
    return request.build_absolute_uri(f"/s/{round.pk}/{code}/")


def _survey(round: Round) -> Survey:
    survey = Survey.objects.filter(round=round).first()
    if survey is None:
        raise Http404("本轮次尚未设置满意度调查问卷")
    survey.round = round
    return survey


@guard(Do.SEE_RESULTS)
@require_GET
def page(request: HttpRequest, round: Round) -> HttpResponse:
    survey = Survey.objects.filter(round=round).first()
    context: dict[str, Any] = {"round": round, "survey": survey}
    if survey is None:
        return render(request, "dudao/survey/office.html", context)
    survey.round = round
    questionnaire = questionnaire_of(survey)
    found = results(survey)
    entries = list(round.entries.select_related("unit").order_by("unit__code"))
    counts: dict[str, list[int]] = {}
    for unit, reason in survey.responses.values_list("unit_id", "reason"):
        cell = counts.setdefault(unit, [0, 0])
        cell[0 if not reason else 1] += 1
    rows = []
    for entry in entries:
        code = entry.unit.code
        rows.append(
            {
                "unit": entry.unit,
                "link": public_link(request, round, code),
                "counted": counts.get(code, [0, 0])[0],
                "excluded": counts.get(code, [0, 0])[1],
                "rates": [found.get((code, g.code, ALL_ASPECTS)) for g in questionnaire.groups],
            }
        )
    chosen = request.GET.get("unit", "")
    detail = None
    if chosen in {e.unit.code for e in entries}:
        detail = {
            "unit": next(e.unit for e in entries if e.unit.code == chosen),
            "rates": [
                (g, [found.get((chosen, g.code, a)) for a in [*(x.value for x in Aspect), ALL_ASPECTS]])
                for g in questionnaire.groups
            ],
            "scored": scored_items(survey, chosen),
        }
    words = request.GET.get("q", "").strip()
    names = {g.code: g.name for g in questionnaire.groups}
    context.update(
        questionnaire=questionnaire,
        rows=rows,
        aspects=[*((a.value, ASPECT_NAMES[a]) for a in Aspect), (ALL_ASPECTS, "全部维度")],
        detail=detail,
        exclusions=_named(
            survey.responses.exclude(reason="").select_related("unit", "decided_by")[:EXCLUSIONS_SHOWN], names
        ),
        restored=survey.responses.filter(reason="").exclude(flagged="").select_related("unit", "decided_by"),
        words=words,
        hits=search_answers(survey, words, unit_code=chosen) if words else [],
        total=sum(c[0] + c[1] for c in counts.values()),
        counted=sum(c[0] for c in counts.values()),
    )
    return render(request, "dudao/survey/office.html", context)


def _named(responses: Any, names: dict[str, str]) -> list[Response]:
    shown = list(responses)
    for response in shown:
        response.group_name = names.get(response.group, response.group)
    return shown


@guard(Do.RUN_ROUNDS)
@require_POST
def upload(request: HttpRequest, round: Round) -> HttpResponse:
    """Set the questionnaire: an uploaded YAML file, or the bundled example."""
    if request.POST.get("example"):
        text, name = bundled_survey_path().read_text(encoding="utf-8"), "national_example.yaml"
    else:
        file = request.FILES.get("file")
        if file is None:
            messages.error(request, "请选择问卷文件（YAML）")
            return redirect("survey", round.pk)
        if (file.size or 0) > MAX_QUESTIONNAIRE:
            messages.error(request, f"问卷文件过大：{file.size} 字节，最多 {MAX_QUESTIONNAIRE} 字节")
            return redirect("survey", round.pk)
        name = file.name or "questionnaire.yaml"
        try:
            text = file.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            messages.error(request, f"{name}：不是 UTF-8 编码的文本，请另存为 UTF-8 后再上传")
            return redirect("survey", round.pk)
    try:
        survey, problems = set_questionnaire(request.user, round, text, name, address=address_of(request))
    except SurveyRefused as refused:
        messages.error(request, "；".join(refused.errors.values()))
        return redirect("survey", round.pk)
    if survey is None:
        context = {"round": round, "survey": None, "problems": problems, "file": name}
        return render(request, "dudao/survey/office.html", context, status=422)
    messages.success(request, f"已设置问卷《{survey.title}》")
    return redirect("survey", round.pk)


@guard(Do.RUN_ROUNDS)
@require_POST
def apply(request: HttpRequest, round: Round) -> HttpResponse:
    survey = _survey(round)
    written = apply_to_round(request.user, survey, address=address_of(request))
    messages.success(request, f"已将满意率计入评价数据：更新 {len(written)} 个数据值")
    return redirect("survey", round.pk)


@guard(Do.RUN_ROUNDS)
@require_POST
def decide_response(request: HttpRequest, round: Round, response_id: int) -> HttpResponse:
    survey = _survey(round)
    response = Response.objects.filter(pk=response_id, survey=survey).first()
    if response is None:
        raise Http404("没有这份答卷")
    try:
        decide(
            request.user,
            response,
            count=request.POST.get("count") == "1",
            note=request.POST.get("note", ""),
            address=address_of(request),
        )
    except SurveyRefused as refused:
        messages.error(request, f"答卷 #{response.pk}：" + "；".join(refused.errors.values()))
    else:
        messages.success(
            request, f"答卷 #{response.pk} 已{'计入' if request.POST.get('count') == '1' else '剔除'}"
        )
    return redirect(reverse("survey", args=[round.pk]) + "#exclusions")


@guard(Do.SEE_RESULTS)
@require_GET
def export(request: HttpRequest, round: Round) -> HttpResponse:
    survey = _survey(round)
    return download(workbook(survey), XLSX, f"{survey.title}.xlsx", f"survey-{round.pk}.xlsx")


@guard(Do.RUN_ROUNDS)
@require_GET
def qr(request: HttpRequest, round: Round, unit: Unit, format: str) -> HttpResponse:
    """The unit's link as a QR code: ``png`` (posters, WeChat) or ``svg`` (print at any size)."""
    _survey(round)
    if format not in ("png", "svg") or not round.entries.filter(unit=unit).exists():
        raise Http404("二维码格式只有 png 和 svg，且单位须为本轮次的被评价单位")
    code = segno.make(public_link(request, round, unit.code), error="m")
    out = io.BytesIO()
    if format == "png":
        code.save(out, kind="png", scale=10, border=4)
        kind = "image/png"
    else:
        code.save(out, kind="svg", scale=10, border=4, title=f"{unit.name} 满意度调查")
        kind = "image/svg+xml"
    return download(out.getvalue(), kind, f"{unit.name}-满意度调查.{format}", f"survey-{unit.code}.{format}")


@guard(Do.RUN_ROUNDS)
@require_GET
def poster(request: HttpRequest, round: Round, unit: Unit) -> HttpResponse:
    survey = _survey(round)
    if not round.entries.filter(unit=unit).exists():
        raise Http404("不是本轮次的被评价单位")
    link = public_link(request, round, unit.code)
    svg = segno.make(link, error="m").svg_inline(scale=8, border=2, omitsize=False)
    context = {
        "round": round,
        "survey": survey,
        "unit": unit,
        "link": link,
        "svg": svg,
        "questionnaire": questionnaire_of(survey),
    }
    return render(request, "dudao/survey/poster.html", context)


@guard(Do.RUN_ROUNDS)
@require_POST
def invitations(request: HttpRequest, round: Round, unit: Unit) -> HttpResponse:
    """One-use invitation codes for a unit's group, as a CSV of codes and links."""
    survey = _survey(round)
    count = request.POST.get("count", "")
    try:
        made = make_invitations(
            request.user,
            survey,
            unit,
            request.POST.get("group", ""),
            int(count) if count.isdigit() else 0,
            address=address_of(request),
        )
    except SurveyRefused as refused:
        messages.error(request, "；".join(refused.errors.values()))
        return redirect("survey", round.pk)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["邀请码", "链接"])
    for invitation in made:
        link = request.build_absolute_uri(
            f"/s/{round.pk}/{unit.code}/{invitation.group}/?t={invitation.token}"
        )
        writer.writerow([invitation.token, link])
    data = ("\ufeff" + out.getvalue()).encode("utf-8")
    return download(
        data, "text/csv; charset=utf-8", f"{unit.name}-邀请码.csv", f"invitations-{unit.code}.csv"
    )


urlpatterns: list[URLPattern] = [
    path("rounds/<int:round_id>/survey/", page, name="survey"),
    path("rounds/<int:round_id>/survey/upload/", upload, name="survey_upload"),
    path("rounds/<int:round_id>/survey/apply/", apply, name="survey_apply"),
    path("rounds/<int:round_id>/survey/responses/<int:response_id>/", decide_response, name="survey_decide"),
    path("rounds/<int:round_id>/survey/export/", export, name="survey_export"),
    path("rounds/<int:round_id>/survey/units/<str:code>/qr.<str:format>", qr, name="survey_qr"),
    path("rounds/<int:round_id>/survey/units/<str:code>/poster/", poster, name="survey_poster"),
    path(
        "rounds/<int:round_id>/survey/units/<str:code>/invitations/", invitations, name="survey_invitations"
    ),
]
