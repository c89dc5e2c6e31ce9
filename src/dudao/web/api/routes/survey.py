"""The satisfaction survey 满意度调查 for scripts: rates with intervals, excluded answers, the office's
decisions on them, and writing the rates into the round's data. The office's (rates compare units)."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.http import HttpRequest
from ninja import Router, Schema
from pydantic import Field

from dudao.store.rounds.models import Round
from dudao.store.survey.models import Response, Survey
from dudao.store.survey.services import SurveyRefused, apply_to_round, decide, questionnaire_of, results
from dudao.web.access import Do
from dudao.web.api.errors import ApiError
from dudao.web.api.schemas import WRITE_ERRORS, answers
from dudao.web.api.scope import address_of, round_for

router = Router(tags=["满意度调查 (survey)"])


class RateOut(Schema):
    unit: str
    group: str
    aspect: str = Field(description="fairness、quality、governance、overall，或 all（全部维度合计）")
    rate: float | None = Field(description="满意率（%）(satisfaction rate, percent)")
    low: float = Field(description="95% Wilson 置信区间下限（%）")
    high: float = Field(description="95% Wilson 置信区间上限（%）")
    respondents: int = Field(description="有效样本（人）(respondents with a valid answer)")
    satisfied: int
    valid: int
    too_small: bool = Field(description="样本少于问卷的 min_sample (too few to read)")


class SurveyOut(Schema):
    code: str
    title: str
    sample: bool = Field(description="示例问卷 (an example questionnaire)")
    open: bool
    responses: int
    counted: int
    applied_at: datetime | None
    rates: list[RateOut]


class ResponseOut(Schema):
    id: int
    unit: str
    group: str
    submitted_at: datetime
    counted: bool
    reason: str = Field(description="不计入原因代码；空：计入 (why not counted; empty: counted)")
    reason_text: str
    detail: str
    flagged: str = Field(description="自动核查给出的原因（恢复计入后仍保留）(the rule that flagged it)")


class DecisionIn(Schema):
    count: bool = Field(description="true：恢复计入；false：剔除 (count it again, or exclude it)")
    note: str = Field(description="理由（必填）(the reason, required)")


class ApplyOut(Schema):
    written: int = Field(description="更新的数据值个数 (data values written)")


def _survey(round: Round) -> Survey:
    survey = Survey.objects.filter(round=round).first()
    if survey is None:
        raise ApiError(404, "not_found", "本轮次尚未设置满意度调查问卷", field="round_id")
    survey.round = round
    return survey


def _response_out(r: Response) -> ResponseOut:
    return ResponseOut(
        id=r.pk,
        unit=r.unit_id,
        group=r.group,
        submitted_at=r.submitted_at,
        counted=r.counted,
        reason=r.reason,
        reason_text=r.get_reason_display() if r.reason else "",
        detail=r.detail,
        flagged=r.flagged,
    )


@router.get(
    "rounds/{round_id}/survey",
    response=answers(SurveyOut),
    summary="满意度调查结果 (Survey results)",
    description="每个单位、调查对象组和维度的满意率、有效样本和 95% Wilson 置信区间。"
    "(Rate, sample size and 95 % Wilson interval per unit, group and aspect.)",
)
def survey_results(request: HttpRequest, round_id: int) -> SurveyOut:
    survey = _survey(round_for(request, Do.SEE_RESULTS, round_id))
    questionnaire = questionnaire_of(survey)
    rows = [
        RateOut(
            unit=r.unit,
            group=r.group,
            aspect=r.aspect,
            rate=r.percent(),
            low=r.low_percent,
            high=r.high_percent,
            respondents=r.respondents,
            satisfied=r.satisfied,
            valid=r.valid,
            too_small=r.too_small,
        )
        for _key, r in sorted(results(survey).items())
    ]
    return SurveyOut(
        code=survey.code,
        title=survey.title,
        sample=questionnaire.sample,
        open=survey.is_open,
        responses=survey.responses.count(),
        counted=survey.responses.filter(reason="").count(),
        applied_at=survey.applied_at,
        rates=rows,
    )


@router.get(
    "rounds/{round_id}/survey/exclusions",
    response=answers(list[ResponseOut]),
    summary="未计入的答卷 (Excluded answers)",
    description="每份未计入统计的答卷及其原因和说明。(Every answer not counted, with its reason.)",
)
def exclusions(request: HttpRequest, round_id: int) -> list[ResponseOut]:
    survey = _survey(round_for(request, Do.SEE_RESULTS, round_id))
    return [_response_out(r) for r in survey.responses.exclude(reason="").order_by("pk")]


@router.post(
    "rounds/{round_id}/survey/responses/{response_id}/decision",
    response=answers(ResponseOut, WRITE_ERRORS),
    summary="恢复计入或剔除一份答卷 (Count or exclude an answer)",
    description="督导室写明理由后恢复计入一份未计入的答卷，或剔除一份已计入的答卷；记入审计日志。"
    "(The office counts an excluded answer again, or excludes a counted one, with a reason; audited.)",
)
def decision(request: HttpRequest, round_id: int, response_id: int, payload: DecisionIn) -> ResponseOut:
    survey = _survey(round_for(request, Do.RUN_ROUNDS, round_id))
    found = Response.objects.filter(pk=response_id, survey=survey).first()
    if found is None:
        raise ApiError(404, "not_found", f"没有这份答卷：{response_id}", field="response_id")
    try:
        decided = decide(
            request.user, found, count=payload.count, note=payload.note, address=address_of(request)
        )
    except SurveyRefused as refused:
        field, message = next(iter(refused.errors.items()))
        raise ApiError(
            409 if refused.code == "unchanged" else 422, refused.code, message, field=field
        ) from None
    return _response_out(decided)


@router.post(
    "rounds/{round_id}/survey/apply",
    response=answers(ApplyOut, WRITE_ERRORS),
    summary="满意率计入评价数据 (Write the rates into the round's data)",
    description="把各单位的满意率写成本轮的数据值（备注中注明问卷、样本量和置信区间），方案据此计分。"
    "(Writes each unit's rates as its data for the round, noting the survey, sample and interval.)",
)
def apply(request: HttpRequest, round_id: int) -> ApplyOut:
    survey = _survey(round_for(request, Do.RUN_ROUNDS, round_id))
    with transaction.atomic():
        written = apply_to_round(request.user, survey, address=address_of(request))
    return ApplyOut(written=len(written))
