"""Pages: public — the published results 公开结果, open to everyone.

Only rounds the office has closed (results frozen) and published appear, and of each only what
the office chose (:class:`~dudao.store.rounds.models.Publication`): grades, scores, the ranking,
and the documents it published, under the metadata of a government information-disclosure page
(索引号, 发布机构, 成文日期, 发布日期, 主题分类). A round not published, or withdrawn, answers 404 on
every one of these pages, its documents included.
"""

from __future__ import annotations

import logging

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dudao.errors import DocumentError
from dudao.store.rounds.models import Publication, Round
from dudao.store.rounds.publication import Choice
from dudao.web.access import public
from dudao.web.pages.http import as_download
from dudao.web.pages.public_page import PUBLIC_FORMATS, page_context

log = logging.getLogger(__name__)


def _published() -> QuerySet[Round]:
    return Round.objects.filter(published=True, state=Round.State.CLOSED).select_related(
        "scheme", "scope", "publication"
    )


def _published_round(round_id: int) -> Round:
    round = _published().filter(pk=round_id).first()
    if round is None or not round.results:
        raise Http404(_("没有这个已公开的评价结果"))
    return round


def shown_of(round: Round) -> Publication | Choice:
    """What the office chose to show; a round published before there was a choice shows its
    ranking, scores and grades, as it did then, and no documents."""
    try:
        return round.publication
    except Publication.DoesNotExist:
        return Choice()


@public
@require_GET
def published(request: HttpRequest) -> HttpResponse:
    """The published rounds, newest first."""
    rounds = _published().order_by("-closed_at", "-pk")
    return render(request, "dudao/public/list.html", {"rounds": rounds})


@public
@require_GET
def published_round(request: HttpRequest, round_id: int) -> HttpResponse:
    """One published round as the office chose to show it; 404 for any round not published."""
    round = _published_round(round_id)
    return render(request, "dudao/public/round.html", page_context(round, shown_of(round)))


def _document(request: HttpRequest, round_id: int, kind: str, format: str, code: str = "") -> HttpResponse:
    from dudao.documents import MEDIA_TYPES, build, file_name
    from dudao.documents import render as render_document
    from dudao.store.rounds.documents import report_context

    round = _published_round(round_id)
    if kind not in shown_of(round).documents or format not in PUBLIC_FORMATS:
        raise Http404(_("本轮次没有公开这份文书"))
    if code and not round.entries.filter(unit__code=code).exists():
        raise Http404(_("%(code)s 不是本轮次的被评价单位") % {"code": code})
    try:
        document = build(kind, report_context(round), code) if code else build(kind, report_context(round))
        data = render_document(document, format)
    except DocumentError as error:  # no Chinese font on the server: say what to install
        log.error("public document not written: %s", error)
        return render(request, "dudao/documents/error.html", {"message": str(error)}, status=500)
    fallback = f"{code or round.period}-{kind}.{format}"
    return as_download(
        HttpResponse(data, content_type=MEDIA_TYPES[format]),
        file_name(document, format),
        fallback,
    )


@public
@require_GET
def public_summary(request: HttpRequest, round_id: int, format: str) -> HttpResponse:
    """The city summary 汇总报告, when the office published it."""
    return _document(request, round_id, Publication.Document.SUMMARY, format)


@public
@require_GET
def public_feedback(request: HttpRequest, round_id: int, code: str, format: str) -> HttpResponse:
    """A unit's feedback letter 督导意见书, when the office published the letters."""
    return _document(request, round_id, Publication.Document.FEEDBACK, format, code)


urlpatterns: list[URLPattern] = [
    path("public/", published, name="published"),
    path("public/<int:round_id>/", published_round, name="published_round"),
    path("public/<int:round_id>/summary.<str:format>", public_summary, name="public_summary"),
    path(
        "public/<int:round_id>/units/<str:code>/feedback.<str:format>",
        public_feedback,
        name="public_feedback",
    ),
]
