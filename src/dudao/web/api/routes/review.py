"""Review and final scores (认定) through the API: a reviewer's score of an item, the three
layers of a unit's items, the office's final score of an item, and the items still without one.

Refusals answer 422 with the catalogued problem's code, its Chinese message and the field.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from dudao.store.review import services
from dudao.store.review.layers import ItemLayers, score_layers
from dudao.web.access import Do
from dudao.web.api.errors import ApiError
from dudao.web.api.schemas import answers
from dudao.web.api.scope import address_of, round_for, unit_for

review = Router(tags=["review"])
results = Router(tags=["results"])
WRITE_ERRORS = frozenset({400, 401, 403, 404, 422, 500})


class ReviewScoreIn(Schema):
    points: float
    reason: str = ""
    level: str | None = None


class FinalScoreIn(Schema):
    points: float
    reason: str = ""


class ScoreOut(Schema):
    unit: str
    item: str
    points: float
    reason: str


class ChangeOut(Schema):
    layer: str
    before: float | None
    after: float | None
    reason: str
    author: str
    at: datetime
    source: str


class ReviewerScoreOut(Schema):
    reviewer: str
    level: str
    points: float | None
    reason: str
    flagged: bool


class LayersOut(Schema):
    item: str
    name: str
    max_points: float
    self_points: float | None
    computed: float | None
    reviews: list[ReviewerScoreOut]
    reconciled: float | None
    final: float | None
    final_reason: str
    changes: list[ChangeOut]


class BonusIn(Schema):
    accepted: float
    reason: str = ""


class BonusOut(Schema):
    unit: str
    item: str
    claimed: float
    accepted: float
    reason: str


class FlagIn(Schema):
    flagged: bool = True
    note: str = ""


class FlagOut(Schema):
    unit: str
    item: str
    flagged: bool
    note: str


class EvidenceRequestIn(Schema):
    reason: str


class EvidenceRequestOut(Schema):
    unit: str
    item: str
    status: str


class ReconcileIn(Schema):
    method: Literal["mean", "chosen"]
    reason: str
    reviewer: str | None = None


class ReconcileOut(Schema):
    unit: str
    item: str
    method: str
    reviewer: str | None
    points: float
    level: str
    reason: str


class MissingOut(Schema):
    unit: str
    item: str


def _layers_out(layers: ItemLayers) -> LayersOut:
    return LayersOut(
        item=layers.item,
        name=layers.name,
        max_points=layers.max_points,
        self_points=layers.self,
        computed=layers.computed,
        reviews=[
            ReviewerScoreOut(
                reviewer=r.reviewer, level=r.level, points=r.points, reason=r.reason, flagged=r.flagged
            )
            for r in layers.reviews
        ],
        reconciled=layers.reconciled,
        final=layers.final,
        final_reason=layers.final_reason,
        changes=[
            ChangeOut(
                layer=c.layer,
                before=c.before,
                after=c.after,
                reason=c.reason,
                author=c.author,
                at=c.at,
                source=c.source,
            )
            for c in layers.changes
        ],
    )


@review.put(
    "rounds/{round_id}/units/{code}/review/{item}",
    response=answers(ScoreOut, WRITE_ERRORS),
    summary="记录评审得分 (Record a review score)",
    description="评审专家对所分配单位一项指标的评审得分（及等级）；与计算得分或自评得分不同时须写明理由。"
    "(An assigned reviewer's score of one item, with a level for a rubric item; a reason is required "
    "where it differs from the computed or the self score.)",
)
def put_review(request: HttpRequest, round_id: int, code: str, item: str, payload: ReviewScoreIn) -> ScoreOut:
    round, unit = unit_for(request, Do.REVIEW_UNIT, round_id, code)
    done = services.set_review_score(
        round,
        unit.code,
        item,
        by=request.user,
        points=payload.points,
        reason=payload.reason,
        level=payload.level,
        address=address_of(request),
    )
    return ScoreOut(unit=unit.code, item=item, points=float(done.points or 0.0), reason=done.reason)


@review.get(
    "rounds/{round_id}/units/{code}/layers",
    response=answers(list[LayersOut]),
    summary="三层得分 (The three score layers)",
    description="每项指标的自评、计算、各专家评审、合议与认定得分，以及每次变更的理由、修改人与时间。"
    "(Each item's self, computed, per-reviewer, reconciled and final points, with every change, its "
    "reason, author and time.)",
)
def get_layers(request: HttpRequest, round_id: int, code: str) -> list[LayersOut]:
    round, unit = unit_for(request, Do.FINALIZE_SCORES, round_id, code)
    return [_layers_out(layers) for layers in score_layers(round, unit.code).values()]


@results.put(
    "rounds/{round_id}/units/{code}/final/{item}",
    response=answers(ScoreOut, WRITE_ERRORS),
    summary="认定得分 (Set a final score)",
    description="督导室认定一项指标的最终得分；与评审（或计算）得分不同时须写明理由。"
    "(The office sets an item's final score; a reason is required where it differs from the "
    "reviewed, else computed, points.)",
)
def put_final(request: HttpRequest, round_id: int, code: str, item: str, payload: FinalScoreIn) -> ScoreOut:
    round, unit = unit_for(request, Do.FINALIZE_SCORES, round_id, code)
    done = services.set_final_score(
        round,
        unit.code,
        item,
        by=request.user,
        points=payload.points,
        reason=payload.reason,
        address=address_of(request),
    )
    return ScoreOut(unit=unit.code, item=item, points=done.points, reason=done.reason)


@results.get(
    "rounds/{round_id}/final/missing",
    response=answers(list[MissingOut]),
    summary="尚未认定的指标 (Items without a final score)",
    description="已提交单位中尚未认定最终得分的指标；为空时方可公开结果。"
    "(The submitted units' items without a final score; empty when the results may be published.)",
)
def get_missing(request: HttpRequest, round_id: int) -> list[MissingOut]:
    round = round_for(request, Do.FINALIZE_SCORES, round_id)
    return [MissingOut(unit=u, item=i) for u, i in services.missing_final_scores(round)]


@review.put(
    "rounds/{round_id}/units/{code}/bonus/{item}",
    response=answers(BonusOut, WRITE_ERRORS),
    summary="认定加分申请 (Decide a bonus claim)",
    description="评审专家接受单位申请的加分，或核减（须写明理由）；接受分值在 0 与申请分值之间。"
    "(An assigned reviewer accepts a claimed bonus in full or cuts it, with a reason; the accepted "
    "points lie between 0 and the claimed points.)",
)
def put_bonus(request: HttpRequest, round_id: int, code: str, item: str, payload: BonusIn) -> BonusOut:
    round, unit = unit_for(request, Do.REVIEW_UNIT, round_id, code)
    done = services.decide_bonus(
        round,
        unit.code,
        item,
        by=request.user,
        accepted=payload.accepted,
        reason=payload.reason,
        address=address_of(request),
    )
    return BonusOut(
        unit=unit.code, item=item, claimed=done.claimed, accepted=done.accepted, reason=done.reason
    )


@review.put(
    "rounds/{round_id}/units/{code}/flag/{item}",
    response=answers(FlagOut, WRITE_ERRORS),
    summary="标记存疑 (Flag a doubtful value)",
    description="评审专家标记（flagged=true，须写明存疑之处）或取消标记（flagged=false）一项指标的数据。"
    "(An assigned reviewer flags an item's value as doubtful, saying what is doubted, or clears the flag.)",
)
def put_flag(request: HttpRequest, round_id: int, code: str, item: str, payload: FlagIn) -> FlagOut:
    round, unit = unit_for(request, Do.REVIEW_UNIT, round_id, code)
    done = services.flag_item(
        round,
        unit.code,
        item,
        by=request.user,
        note=payload.note,
        flagged=payload.flagged,
        address=address_of(request),
    )
    return FlagOut(unit=unit.code, item=item, flagged=done.flagged, note=done.flag_note)


@review.post(
    "rounds/{round_id}/units/{code}/evidence-requests/{item}",
    response=answers(EvidenceRequestOut, WRITE_ERRORS),
    summary="要求补充佐证材料 (Request more evidence)",
    description="评审专家要求单位补充一项指标的佐证材料：该指标退回单位（逐项退回），单位补充后重新提交。"
    "(An assigned reviewer asks the unit for more evidence of an item: the item is returned to the "
    "unit, which answers and submits again.)",
)
def post_evidence_request(
    request: HttpRequest, round_id: int, code: str, item: str, payload: EvidenceRequestIn
) -> EvidenceRequestOut:
    round, unit = unit_for(request, Do.REVIEW_UNIT, round_id, code)
    entry = services.request_evidence(
        round, unit.code, item, by=request.user, reason=payload.reason, address=address_of(request)
    )
    return EvidenceRequestOut(unit=unit.code, item=item, status=entry.status)


@review.put(
    "rounds/{round_id}/units/{code}/reconcile/{item}",
    response=answers(ReconcileOut, WRITE_ERRORS),
    summary="合议评审得分 (Reconcile the reviewers)",
    description="督导室合议多位专家对一项指标的评审得分：取平均（mean），或采用其中一位专家的得分"
    "（chosen，reviewer 为其用户名），均须写明理由。"
    "(The office reconciles the reviewers' scores of an item: their mean, or one reviewer's, named by "
    "username, always with a reason.)",
)
def put_reconcile(
    request: HttpRequest, round_id: int, code: str, item: str, payload: ReconcileIn
) -> ReconcileOut:
    round, unit = unit_for(request, Do.FINALIZE_SCORES, round_id, code)
    reviewer = None
    if payload.reviewer:
        reviewer = get_user_model().objects.filter(username=payload.reviewer).first()
        if reviewer is None:
            unknown = _("没有这个用户：%(name)s") % {"name": payload.reviewer}
            raise ApiError(422, "review-not-a-reviewer", unknown, field="reviewer")
    done = services.reconcile(
        round,
        unit.code,
        item,
        by=request.user,
        method=payload.method,
        reason=payload.reason,
        reviewer=reviewer,
        address=address_of(request),
    )
    return ReconcileOut(
        unit=unit.code,
        item=item,
        method=done.method,
        reviewer=done.chosen.get_username() if done.chosen else None,
        points=done.points,
        level=done.level,
        reason=done.reason,
    )
