"""Publication 结果公开: publish a closed round's results as the office chooses, withdraw them, and
the published results as the public sees them (no sign-in). OpenAPI tag ``publication``.

The rules are the store's (:mod:`dudao.store.rounds.publication`, ``services.publish`` and
``services.withdraw``): the same refusals as the publishing page, each in the API's envelope.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import Field

from dudao.store.rounds import publication, services
from dudao.store.rounds.models import Publication, Round
from dudao.store.rounds.services import RoundRefused
from dudao.web.access import Do, authorize
from dudao.web.api.errors import ApiError
from dudao.web.api.routes.rounds import round_out
from dudao.web.api.schemas import WRITE_ERRORS, RoundOut, answers
from dudao.web.api.scope import load_round, round_for

TAG = "publication"
router = Router(tags=[TAG])
public = Router(tags=[TAG], auth=None)


class PublishIn(Schema):
    show_grades: bool = Field(
        True, description="公开等级及触发的规则 (publish the grades and the rules that set them)"
    )
    show_scores: bool = Field(True, description="公开得分 (publish the totals and points per area)")
    show_ranking: bool = Field(True, description="公开排名 (publish the ranks)")
    documents: list[str] = Field(
        default_factory=list,
        description="公开的文书：summary 汇总报告、feedback 各单位督导意见书 (documents to publish)",
    )
    index_number: str | None = Field(
        None, description="索引号；缺省时按建议生成 (index number; proposed when omitted)"
    )
    publisher: str | None = Field(None, description="发布机构 (publishing body)")
    written_on: date | None = Field(None, description="成文日期，不晚于今天 (date written, not after today)")
    published_on: date | None = Field(
        None, description="发布日期，不晚于今天、不早于成文日期 (publication date)"
    )
    topic: str | None = Field(None, description="主题分类 (topic)")
    confirmed: bool = Field(
        False, description="结果看起来不合理时，确认仍要公开 (confirm implausible results)"
    )
    reason: str = Field("", description="确认时必填的理由 (the reason, required with confirmed)")


class WithdrawIn(Schema):
    reason: str = Field(description="撤回公开的理由（必填）(why the results are withdrawn; required)")


class PublicationOut(Schema):
    round: RoundOut
    show_grades: bool
    show_scores: bool
    show_ranking: bool
    documents: list[str]
    index_number: str = Field(description="索引号 (index number)")
    publisher: str = Field(description="发布机构 (publishing body)")
    written_on: date = Field(description="成文日期 (date written)")
    published_on: date = Field(description="发布日期 (publication date)")
    topic: str = Field(description="主题分类 (topic)")


class PublicResultsOut(Schema):
    publication: PublicationOut | None = Field(
        description="所选内容与政府信息公开信息；本功能之前公开的轮次为 null，其排名、得分、等级均公开 "
        "(the choice and disclosure metadata; null for a round published before there was a choice, "
        "which shows its ranking, scores and grades)"
    )
    results: dict[str, Any] = Field(
        description="所选公开的结果：每个单位的代码、名称，及所选的排名、得分、等级 "
        "(each unit's code and name, with its rank, scores and grade as the office chose)"
    )


def publication_out(round: Round, shown: Publication) -> PublicationOut:
    return PublicationOut(
        round=round_out(round),
        show_grades=shown.show_grades,
        show_scores=shown.show_scores,
        show_ranking=shown.show_ranking,
        documents=list(shown.documents),
        index_number=shown.index_number,
        publisher=shown.publisher,
        written_on=shown.written_on,
        published_on=shown.published_on,
        topic=shown.topic,
    )


def _choice(round: Round, body: PublishIn) -> publication.Choice:
    proposed = publication.defaults(round)
    return publication.Choice(
        show_grades=body.show_grades,
        show_scores=body.show_scores,
        show_ranking=body.show_ranking,
        documents=tuple(body.documents),
        index_number=proposed.index_number if body.index_number is None else body.index_number,
        publisher=proposed.publisher if body.publisher is None else body.publisher,
        written_on=proposed.written_on if body.written_on is None else body.written_on.isoformat(),
        published_on=proposed.published_on if body.published_on is None else body.published_on.isoformat(),
        topic=proposed.topic if body.topic is None else body.topic,
    )


def _api_error(refused: RoundRefused) -> ApiError:
    """A refusal in the envelope: a round not closed, final scores missing or implausible results
    are 409 (the round's state), a choice with problems 422 with each field's message."""
    codes = {p.code for p in refused.problems}
    message = _("；").join(refused.errors.values())
    if "publication-round-not-closed" in codes:
        return ApiError(409, "round_not_closed", message, field="round_id")
    if "publication-final-score-missing" in codes:
        details: list[tuple[str | None, str]] = [(p.location.field, p.message_zh) for p in refused.problems]
        return ApiError(409, "final_scores_missing", message, field="final_scores", details=details)
    if refused.problems:
        details = [(p.location.field or None, p.message_zh) for p in refused.problems]
        first = refused.problems[0].location.field or None
        return ApiError(422, "invalid", message, field=first, details=details)
    field = next(iter(refused.errors), None)
    if field == "reason":
        return ApiError(422, "invalid", message, field="reason")
    return ApiError(409, "refused", message, field=field)


@router.post(
    "rounds/{round_id}/publish",
    response=answers(PublicationOut, WRITE_ERRORS),
    summary="公开轮次的结果 (Publish a round's results)",
    description="只有已关闭、各单位认定分已齐的轮次才能公开；所选内容与政府信息公开信息经校验后保存，"
    "记入审计日志。结果看起来不合理时须 confirmed=true 并写明 reason。"
    "(Only a closed round whose final scores are set; the choice and the disclosure metadata are checked, "
    "stored and audited. Implausible results need confirmed=true with a reason.)",
)
def publish(request: HttpRequest, round_id: int, body: PublishIn) -> PublicationOut:
    round = round_for(request, Do.RUN_ROUNDS, round_id)
    if round.published:
        raise ApiError(
            409, "already_published", _("本轮次的结果已公开；如需更改，请先撤回"), field="round_id"
        )
    try:
        done = services.publish(
            request.user, round, choice=_choice(round, body), confirmed=body.confirmed, reason=body.reason
        )
    except RoundRefused as refused:
        raise _api_error(refused) from refused
    return publication_out(done, Publication.objects.get(round=done))


@router.post(
    "rounds/{round_id}/withdraw",
    response=answers(RoundOut, WRITE_ERRORS),
    summary="撤回公开 (Withdraw published results)",
    description="公开页面和公开接口不再显示本轮次的任何内容；须写明理由，记入审计日志。"
    "(The public pages and endpoints show nothing of the round any more; a reason is required and audited.)",
)
def withdraw(request: HttpRequest, round_id: int, body: WithdrawIn) -> RoundOut:
    round = round_for(request, Do.RUN_ROUNDS, round_id)
    try:
        done = services.withdraw(request.user, round, reason=body.reason)
    except RoundRefused as refused:
        raise _api_error(refused) from refused
    return round_out(done)


def _published(round_id: int) -> Round:
    round = load_round(round_id)
    if not (round.published and round.state == Round.State.CLOSED and round.results):
        raise ApiError(404, "not_found", _("轮次 %(id)s 的结果尚未公开") % {"id": round_id}, field="round_id")
    return round


@public.get(
    "public/rounds",
    response=answers(list[RoundOut], frozenset({500})),
    summary="已公开结果的轮次 (Rounds with published results)",
    description="无需登录。(No sign-in needed.)",
)
def published_rounds(request: HttpRequest) -> list[RoundOut]:
    authorize(request.user, Do.SEE_PUBLISHED)
    rounds = Round.objects.filter(published=True, state=Round.State.CLOSED).select_related("scheme", "scope")
    return [round_out(r) for r in rounds]


@public.get(
    "public/rounds/{round_id}/results",
    response=answers(PublicResultsOut, frozenset({404, 422, 500})),
    summary="公开的结果 (Published results)",
    description="轮次关闭时冻结、并已公开的结果，只含督导室选定公开的内容，附政府信息公开信息；无需登录。"
    "(The frozen, published results, only what the office chose to publish, with the disclosure metadata; "
    "no sign-in needed.)",
)
def published_results(request: HttpRequest, round_id: int) -> PublicResultsOut:
    authorize(request.user, Do.SEE_PUBLISHED)
    round = _published(round_id)
    shown = Publication.objects.filter(round=round).first()
    return PublicResultsOut(
        publication=publication_out(round, shown) if shown else None,
        results=publication.filtered_results(round.results or {}, shown or publication.Choice()),
    )
