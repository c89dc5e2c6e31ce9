"""Scores: a round's results as they stand (or as frozen when it closed); the published results are
:mod:`dudao.web.api.routes.publication`'s."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from dudao.engine.schools import school_values
from dudao.store.entry.services import entry_of
from dudao.store.rounds import engine
from dudao.store.rounds.models import Round
from dudao.web.access import Do, sees_ranking
from dudao.web.api.errors import ApiError
from dudao.web.api.schemas import MissesOut, Results, SchoolValuesOut, answers
from dudao.web.api.scope import round_for, unit_for
from dudao.web.pages.misses import misses_of

router = Router(tags=["results"])


def results_of(round: Round) -> dict[str, Any]:
    """The frozen results of a closed round, else the scores as the data stands now."""
    if round.state == Round.State.CLOSED and round.results:
        return dict(round.results)
    return engine.current_results(round).to_dict()


@router.get(
    "rounds/{round_id}/results",
    response=answers(Results),
    summary="轮次的全部结果 (All results of a round)",
    description="所有被评价单位按名次排列的得分；已关闭的轮次给出关闭时冻结的结果。"
    "(Every evaluated unit's scores, ranked; a closed round gives the results frozen when it closed.)",
)
def round_results(request: HttpRequest, round_id: int) -> dict[str, Any]:
    return results_of(round_for(request, Do.SEE_RESULTS, round_id))


@router.get(
    "rounds/{round_id}/results/misses",
    response=answers(MissesOut),
    summary="多数单位未达标的指标 (The standards most units miss)",
    description="指标 × 单位的得分（热力图的数据），按失分单位数从多到少；待评审的指标不计为失分。"
    "只给督导室。"
    "(Item × unit points, the heat map's data, items sorted by how many units lost points on them; an "
    "item awaiting review does not count as missed. The office's alone.)",
)
def round_misses(request: HttpRequest, round_id: int) -> dict[str, Any]:
    misses = misses_of(round_for(request, Do.SEE_RESULTS, round_id), shown=None)
    return {
        "frozen": misses.frozen,
        "sample": misses.sample,
        "units": [{"code": code, "name": name} for code, name in misses.units],
        "items": [
            {
                "code": i.code,
                "name": i.name,
                "area": i.area,
                "max_points": i.max_points,
                "missed_by": [
                    code for (code, _name), c in zip(misses.units, i.cells, strict=True) if c and i.misses(c)
                ],
                "points": [c.points if c else None for c in i.cells],
                "lost": i.lost,
            }
            for i in misses.items
        ],
    }


@router.get(
    "rounds/{round_id}/units/{code}/result",
    response=answers(Results),
    summary="一个被评价单位的结果 (One evaluated unit's result)",
    description="得分、等级、名次、各一级指标得分及每项指标的计算依据。名次在结果公开前只给督导室，"
    "其他角色为 null。(Total, grade, rank, points per area and how each item was scored. Before the "
    "results are published the rank is the office's alone: null for every other role.)",
)
def unit_result(request: HttpRequest, round_id: int, code: str) -> dict[str, Any]:
    round, unit = unit_for(request, Do.SEE_UNIT, round_id, code)
    evaluated = entry_of(round, unit).unit
    if evaluated.code != unit.code:
        raise ApiError(
            404,
            "not_found",
            _("%(unit)s 不是被评价单位；其结果计入 %(parent)s") % {"unit": unit, "parent": evaluated},
            field="code",
        )
    for found in results_of(round).get("units", []):
        if found.get("code") == unit.code:
            own = dict(found)
            if not sees_ranking(request.user, round):
                own["rank"] = None
            return own
    raise ApiError(404, "not_found", _("%(unit)s 尚无结果") % {"unit": unit}, field="code")


@router.get(
    "rounds/{round_id}/units/{code}/items/{item}/schools",
    response=answers(SchoolValuesOut),
    summary="一项指标汇总的全部学校数值 (Every school value behind an item)",
    description="差异系数、达标学校数等按学校汇总的指标：每所学校的值、权重及是否计入，按目前已保存的数据。"
    "计分说明中 all_values 给出的 unit、item 即此处的 code、item。(For an item aggregated over schools, "
    "such as a 差异系数 or a count of schools meeting a rule: every school's value, weight and whether "
    "it is counted, from the data as stored now; an explanation's all_values gives the code and item.)",
)
def item_school_values(request: HttpRequest, round_id: int, code: str, item: str) -> dict[str, Any]:
    round, unit = unit_for(request, Do.SEE_UNIT, round_id, code)
    evaluated = entry_of(round, unit).unit
    if evaluated.code != unit.code:
        raise ApiError(
            404,
            "not_found",
            _("%(unit)s 不是被评价单位；其结果计入 %(parent)s") % {"unit": unit, "parent": evaluated},
            field="code",
        )
    scheme = engine.scheme_of(round.scheme)
    dataset = engine.round_dataset(round, under=unit)
    try:
        found = school_values(scheme, dataset, unit.code, item, round.period)
    except KeyError:
        raise ApiError(
            404, "not_found", _("方案中没有计分指标 %(item)s") % {"item": item}, field="item"
        ) from None
    return {
        "unit": unit.code,
        "item": item,
        "period": round.period,
        "aggregates": [a.to_dict() for a in found],
    }
