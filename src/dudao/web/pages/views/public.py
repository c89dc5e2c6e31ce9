"""Pages: public — the published results 公开结果, open to everyone.

Only rounds the office has closed (results frozen) and published appear; what is shown is the
frozen ranking in ``Round.results``, never the live scores.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _

from dudao.store.rounds import engine
from dudao.store.rounds.models import Round
from dudao.web.access import public
from dudao.web.pages.ranking import from_frozen


@public
def published(request: HttpRequest) -> HttpResponse:
    """The published rounds, newest first."""
    rounds = Round.objects.filter(published=True, state=Round.State.CLOSED).select_related("scheme", "scope")
    return render(request, "dudao/public/list.html", {"rounds": rounds.order_by("-closed_at", "-pk")})


@public
def published_round(request: HttpRequest, round_id: int) -> HttpResponse:
    """One published round's frozen ranking; 404 for any round not published."""
    round = (
        Round.objects.filter(pk=round_id, published=True, state=Round.State.CLOSED)
        .select_related("scheme", "scope")
        .first()
    )
    if round is None or not round.results:
        raise Http404(_("没有这个已公开的评价结果"))
    ranking = from_frozen(round.results, sample=engine.scheme_of(round.scheme).info.sample)
    context = {"round": round, "ranking": ranking, "chart": ranking.chart()}
    return render(request, "dudao/public/round.html", context)


urlpatterns: list[URLPattern] = [
    path("public/", published, name="published"),
    path("public/<int:round_id>/", published_round, name="published_round"),
]
