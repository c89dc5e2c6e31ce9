"""Pages: results 评价结果 — the ranking with last year's change and the grade distribution, the
standards most units miss (an item × unit heat map), one unit's results item by item; each table
as an Excel workbook.

The ranking and the heat map compare units, so they follow the results page's rule
(:attr:`~dudao.web.access.Do.SEE_RESULTS`: the office). A unit's own page follows
:attr:`~dudao.web.access.Do.SEE_UNIT`: whoever may see the unit sees its own scores, and its rank
only when :func:`~dudao.web.access.sees_ranking` allows (the results are published, or the office).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _

from dudao.store.accounts.models import Unit
from dudao.store.rounds.documents import previous_results
from dudao.store.rounds.models import Round, RoundUnit
from dudao.store.rounds.prior import prior_gap
from dudao.web.access import Do, can, guard, sees_ranking
from dudao.web.pages.http import XLSX, download
from dudao.web.pages.misses import SHOWN, misses_of
from dudao.web.pages.ranking import Ranking, ranking_of
from dudao.web.pages.sheets import Sheet, workbook
from dudao.web.pages.unit_history import lineage_notes
from dudao.web.pages.unit_results import UnitResults, unit_results_of

_ROUND = "rounds/<int:round_id>/"


def _caption(round: Round, what: str, frozen: bool) -> str:
    state = _("轮次关闭时冻结的结果") if frozen else _("按目前已保存的数据计算")
    return _("%(round)s · %(year)s年 · %(what)s（%(state)s）") % {
        "round": round.name,
        "year": round.period,
        "what": what,
        "state": state,
    }


def _ranking(round: Round) -> Ranking:
    return ranking_of(round).with_prior(previous_results(round))


@guard(Do.SEE_RESULTS)
def round_results(request: HttpRequest, round: Round) -> HttpResponse:
    """The ranking so far, or the frozen results of a closed round, with last year's change."""
    ranking = _ranking(round)
    context = {
        "round": round,
        "ranking": ranking,
        "chart": ranking.chart(),
        "grade_chart": ranking.grade_chart(),
        "gap": prior_gap(round),
        "exchange_url": _exchange_url(request, round),
    }
    return render(request, "dudao/rounds/results.html", context)


def _exchange_url(request: HttpRequest, round: Round) -> str:
    return reverse("exchange", args=[round.pk]) if can(request.user, Do.EXCHANGE_DATA, round=round) else ""


def ranking_sheets(ranking: Ranking) -> list[Sheet]:
    """The ranking and the grade distribution as sheets."""
    prior = ranking.prior_period
    headers = (
        _("排名"),
        _("单位代码"),
        _("单位名称"),
        _("总分"),
        _("基础分"),
        _("加分"),
        _("等级"),
        *(
            (_("%(y)s年总分") % {"y": prior}, _("总分较上年"), _("%(y)s年排名") % {"y": prior}, _("排名变化"))
            if prior
            else ()
        ),
        _("触发的规则"),
        _("状态"),
        *ranking.areas,
    )
    rows = [
        (
            r.rank,
            r.code,
            r.name,
            r.total,
            r.base_total,
            r.bonus,
            r.grade,
            *((r.prior_total, r.total_change, r.prior_rank, r.rank_change) if prior else ()),
            "；".join(r.rules),
            r.status or _("参与排名"),
            *r.areas,
        )
        for r in ranking.rows
    ]
    grades = Sheet(_("等级分布"), (_("等级"), _("单位数")), ranking.grade_counts())
    return [Sheet(_("排名"), headers, rows), grades]


@guard(Do.SEE_RESULTS)
def round_results_xlsx(request: HttpRequest, round: Round) -> HttpResponse:
    ranking = _ranking(round)
    data = workbook(
        ranking_sheets(ranking), caption=_caption(round, _("排名"), ranking.frozen), sample=ranking.sample
    )
    return download(data, XLSX, f"{round.period}年评价结果排名.xlsx", f"{round.period}-ranking.xlsx")


@guard(Do.SEE_RESULTS)
def round_misses(request: HttpRequest, round: Round) -> HttpResponse:
    """The heat map of the standards most units miss."""
    misses = misses_of(round, shown=None if request.GET.get("all") else SHOWN)
    context = {"round": round, "misses": misses, "chart": misses.chart(), "ranking": misses}
    return render(request, "dudao/rounds/misses.html", context)


@guard(Do.SEE_RESULTS)
def round_misses_xlsx(request: HttpRequest, round: Round) -> HttpResponse:
    misses = misses_of(round)
    data = workbook(
        misses.sheets(), caption=_caption(round, _("未达标指标"), misses.frozen), sample=misses.sample
    )
    return download(data, XLSX, f"{round.period}年未达标指标.xlsx", f"{round.period}-misses.xlsx")


def _unit_results(request: HttpRequest, round: Round, unit: Unit) -> UnitResults:
    if not RoundUnit.objects.filter(round=round, unit=unit).exists():
        raise Http404(_("%(unit)s 不是本轮次的被评价单位") % {"unit": unit})
    found = unit_results_of(
        round, unit.code, previous=previous_results(round), sees_ranking=sees_ranking(request.user, round)
    )
    if found is None:
        raise Http404(_("%(unit)s 尚无结果") % {"unit": unit})
    return found


@guard(Do.SEE_UNIT)
def unit_results(request: HttpRequest, round: Round, unit: Unit) -> HttpResponse:
    """One unit's results: areas (radar), every item's chain to its final points, last year's."""
    results = _unit_results(request, round, unit)
    context = {
        "round": round,
        "unit": unit,
        "results": results,
        "radar": results.radar(),
        "ranking": results,  # the sample note of the page's footer
        "may_see_results": can(request.user, Do.SEE_RESULTS, round=round),
        "may_see_history": can(request.user, Do.SEE_UNIT_HISTORY, unit=unit),
        "lineage": lineage_notes(unit),
    }
    return render(request, "dudao/rounds/unit_results.html", context)


@guard(Do.SEE_UNIT)
def unit_results_xlsx(request: HttpRequest, round: Round, unit: Unit) -> HttpResponse:
    results = _unit_results(request, round, unit)
    caption = _caption(round, _("%(unit)s评价结果") % {"unit": unit.name}, results.frozen)
    data = workbook(results.sheets(), caption=caption, sample=results.sample)
    return download(
        data, XLSX, f"{round.period}年{unit.name}评价结果.xlsx", f"{round.period}-{unit.code}.xlsx"
    )


urlpatterns: list[URLPattern] = [
    path(f"{_ROUND}results/", round_results, name="round_results"),
    path(f"{_ROUND}results/ranking.xlsx", round_results_xlsx, name="round_results_xlsx"),
    path(f"{_ROUND}results/misses/", round_misses, name="round_misses"),
    path(f"{_ROUND}results/misses.xlsx", round_misses_xlsx, name="round_misses_xlsx"),
    path(f"{_ROUND}units/<str:code>/results/", unit_results, name="unit_results"),
    path(f"{_ROUND}units/<str:code>/results.xlsx", unit_results_xlsx, name="unit_results_xlsx"),
]
