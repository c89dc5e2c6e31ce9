"""Scores: a round's results as they stand (or as frozen when it closed); the published results are
:mod:`dudao.web.api.routes.publication`'s."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from dudao.store.entry.services import entry_of
from dudao.store.rounds import engine
from dudao.store.rounds.models import Round
from dudao.web.access import Do, sees_ranking
from dudao.web.api.errors import ApiError
from dudao.web.api.schemas import Results, answers
from dudao.web.api.scope import round_for, unit_for

router = Router(tags=["结果 (Results)"])


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
