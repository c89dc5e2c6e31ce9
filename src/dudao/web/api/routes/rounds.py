"""Rounds 评价轮次 and the evaluated units one may see in them."""

from django.http import HttpRequest
from ninja import Router

from dudao.store.entry.services import missing_by_entry
from dudao.store.rounds.models import Round
from dudao.web.access import Do, authorize, visible_entries, visible_rounds
from dudao.web.api.schemas import EntryOut, RoundOut, SchemeRef, UnitRef, answers
from dudao.web.api.scope import round_for

router = Router(tags=["轮次 (Rounds)"])


def round_out(round: Round) -> RoundOut:
    return RoundOut(
        id=round.pk,
        name=round.name,
        scheme=SchemeRef(code=round.scheme.code, version=round.scheme.version, title=round.scheme.title),
        period=round.period,
        scope=UnitRef(code=round.scope.code, name=round.scope.name),
        evaluates=round.evaluates,
        state=round.state,
        deadline=round.deadline,
        review_deadline=round.review_deadline,
        days_left=round.days_to_deadline(),
        published=round.published,
    )


@router.get(
    "rounds",
    response=answers(list[RoundOut]),
    summary="可见的轮次 (Rounds visible to the caller)",
    description="调用者可以查看的评价轮次，新建的在前。"
    "(The evaluation rounds the caller may see, newest first.)",
)
def list_rounds(request: HttpRequest) -> list[RoundOut]:
    authorize(request.user, Do.SEE_ROUND)
    return [round_out(r) for r in visible_rounds(request.user)]


@router.get(
    "rounds/{round_id}",
    response=answers(RoundOut),
    summary="一个轮次 (One round)",
    description="轮次的方案、年度、状态与截止日期。(The round's scheme, year, state and deadlines.)",
)
def get_round(request: HttpRequest, round_id: int) -> RoundOut:
    return round_out(round_for(request, Do.SEE_ROUND, round_id))


@router.get(
    "rounds/{round_id}/units",
    response=answers(list[EntryOut]),
    summary="轮次中可见的被评价单位 (Evaluated units visible in a round)",
    description="每个被评价单位的填报状态；with_missing=true 时另给出尚未填写的数据项数（较慢）。"
    "(Each evaluated unit's status; with with_missing=true also the number of values still missing.)",
)
def list_units(request: HttpRequest, round_id: int, with_missing: bool = False) -> list[EntryOut]:
    round = round_for(request, Do.SEE_ROUND, round_id)
    entries = list(visible_entries(request.user, round))
    missing = missing_by_entry(round, entries) if with_missing else {}
    return [
        EntryOut(
            code=entry.unit.code,
            name=entry.unit.name,
            status=entry.status,
            submitted_at=entry.submitted_at,
            missing=len(missing[entry.pk]) if with_missing else None,
        )
        for entry in entries
    ]
