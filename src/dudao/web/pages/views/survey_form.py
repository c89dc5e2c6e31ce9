"""The public survey form 问卷: no login, one page per respondent group, light enough for a slow
phone (no script, one small stylesheet), open while the round is and closed, saying so, after.

A device is known by a cookie the form sets (``dudao_sv``, a random token); an answer from a
device that has answered already is kept and not counted, and the form says so before it is sent.
Every answer is judged by :mod:`dudao.store.survey.integrity`; the respondent is told whether it
counts, and why not.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_http_methods

from dudao.store.accounts.models import Unit
from dudao.store.rounds.models import RoundUnit
from dudao.store.survey.models import Reason, Response, Survey
from dudao.store.survey.questionnaire import Group, Kind, Questionnaire
from dudao.store.survey.services import SurveyRefused, keyed, new_device_token, questionnaire_of, take_answer
from dudao.web.access import public
from dudao.web.pages.http import address_of

DEVICE_COOKIE = "dudao_sv"
DEVICE_AGE = 400 * 24 * 3600


def _found(round_id: int, code: str) -> tuple[Survey, Unit] | None:
    survey = Survey.objects.select_related("round").filter(round_id=round_id).first()
    entry = RoundUnit.objects.select_related("unit").filter(round_id=round_id, unit_id=code).first()
    if survey is None or entry is None:
        return None
    return survey, entry.unit


def _missing(request: HttpRequest) -> HttpResponse:
    return render(request, "dudao/survey/missing.html", status=404)


def _closed(request: HttpRequest, survey: Survey, unit: Unit) -> HttpResponse:
    return render(request, "dudao/survey/closed.html", {"survey": survey, "unit": unit})


def _with_device(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    if not request.COOKIES.get(DEVICE_COOKIE):
        response.set_cookie(
            DEVICE_COOKIE, new_device_token(), max_age=DEVICE_AGE, httponly=True, samesite="Lax", path="/s/"
        )
    return response


@public
@require_http_methods(["GET"])
def start(request: HttpRequest, round_id: int, code: str) -> HttpResponse:
    """The unit's link: choose who is answering (the one group directly when there is one)."""
    found = _found(round_id, code)
    if found is None:
        return _missing(request)
    survey, unit = found
    if not survey.is_open:
        return _closed(request, survey, unit)
    questionnaire = questionnaire_of(survey)
    query = "?" + urlencode({"t": request.GET["t"][:32]}) if request.GET.get("t") else ""
    if len(questionnaire.groups) == 1:
        return redirect(f"/s/{round_id}/{code}/{questionnaire.groups[0].code}/{query}")
    context = {"survey": survey, "unit": unit, "questionnaire": questionnaire, "query": query}
    return _with_device(request, render(request, "dudao/survey/start.html", context))


def _questions(group: Group, answers: dict[str, Any], errors: dict[str, str]) -> list[dict[str, Any]]:
    shown = []
    for number, q in enumerate(group.questions, 1):
        given = answers.get(q.code, [])
        shown.append(
            {
                "q": q,
                "number": number,
                "field": f"q-{q.code}",
                "given": given,
                "error": errors.get(q.code, ""),
                "is_text": q.kind is Kind.TEXT,
                "is_multiple": q.kind is Kind.MULTIPLE,
            }
        )
    return shown


@public
@require_http_methods(["GET", "POST"])
def form(request: HttpRequest, round_id: int, code: str, group: str) -> HttpResponse:
    found = _found(round_id, code)
    if found is None:
        return _missing(request)
    survey, unit = found
    if not survey.is_open:
        return _closed(request, survey, unit)
    questionnaire = questionnaire_of(survey)
    chosen = questionnaire.group(group)
    if chosen is None:
        return _missing(request)
    device = request.COOKIES.get(DEVICE_COOKIE, "")
    invitation = (request.POST.get("t") or request.GET.get("t") or "").strip()[:32]
    errors: dict[str, str] = {}
    posted: dict[str, Any] = {}
    status = 200
    if request.method == "POST":
        posted = {key: request.POST.getlist(key) for key in request.POST if key.startswith("q-")}
        try:
            taken = take_answer(
                survey,
                unit.code,
                chosen.code,
                posted,
                device=device,
                address=address_of(request),
                invitation=invitation,
            )
        except SurveyRefused as refused:
            if refused.code == "closed":
                return _closed(request, survey, unit)
            errors, status = refused.errors, 400
        else:
            if taken.verdict.reason == Reason.RATE_LIMIT:
                limited = {"survey": survey, "unit": unit, "response": taken.response}
                return render(request, "dudao/survey/too_many.html", limited, status=429)
            return redirect(f"/s/{round_id}/{code}/{group}/done/?r={taken.response.pk}")
    answered = bool(device) and Response.objects.filter(survey=survey, device=keyed(device)).exists()
    context: dict[str, Any] = {
        "survey": survey,
        "unit": unit,
        "questionnaire": questionnaire,
        "group": chosen,
        "questions": _questions(chosen, {k[2:]: v for k, v in posted.items()}, errors),
        "errors": errors,
        "answered": answered,
        "invitation": invitation,
    }
    return _with_device(request, render(request, "dudao/survey/form.html", context, status=status))


@public
@require_http_methods(["GET"])
def done(request: HttpRequest, round_id: int, code: str, group: str) -> HttpResponse:
    """Thanks, and whether the answer counts: the reason is shown to the device that sent it only."""
    found = _found(round_id, code)
    if found is None:
        return _missing(request)
    survey, unit = found
    response = None
    device = request.COOKIES.get(DEVICE_COOKIE, "")
    number = request.GET.get("r", "")
    if device and number.isdigit():
        response = Response.objects.filter(pk=int(number), survey=survey, device=keyed(device)).first()
    context = {"survey": survey, "unit": unit, "response": response, "questionnaire": _maybe(survey)}
    return render(request, "dudao/survey/done.html", context)


def _maybe(survey: Survey) -> Questionnaire | None:
    try:
        return questionnaire_of(survey)
    except ValueError:
        return None


urlpatterns: list[URLPattern] = [
    path("s/<int:round_id>/<str:code>/", start, name="survey_start"),
    path("s/<int:round_id>/<str:code>/<str:group>/", form, name="survey_form"),
    path("s/<int:round_id>/<str:code>/<str:group>/done/", done, name="survey_done"),
]
