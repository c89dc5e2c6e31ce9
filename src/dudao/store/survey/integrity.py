"""Whether an answer counts: the integrity rules, each giving a reason and a detail, never silent.

The rules, in the order they are asked (the first that applies is the reason):

1. **rate limit** 频率限制: an address that sent ``rate_count`` answers within ``rate_seconds``
   (the respondent is told; the answer is kept, not counted);
2. **invitation reused** 邀请码重复: an invitation code already answered with;
3. **device repeated** 设备重复: a device (its cookie) that has already answered this survey;
4. **burst** 集中提交: ``burst_count`` answers for one unit from one address within
   ``burst_seconds`` (a school's shared address sends many honest answers, so the bound is the
   questionnaire's to set);
5. **straight-lining** 直线作答: ``straight_min_items`` or more Likert answers, all the same option;
6. **copied text** 雷同文本: an open answer of ``text_min_chars`` or more that another counted answer
   for the unit already gave word for word.

The rules read earlier answers of the survey; the caller holds the survey's row lock, so two
answers from one device cannot both be first.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.utils import timezone

from dudao.store.survey.models import Invitation, Reason, Response, Survey
from dudao.store.survey.questionnaire import Group, Kind, Questionnaire

Answers = Mapping[str, str | list[str]]


@dataclass(frozen=True)
class Verdict:
    """Why an answer is not counted (``reason`` empty: it is)."""

    reason: str = ""
    detail: str = ""


COUNTED = Verdict()


def judge(
    survey: Survey,
    questionnaire: Questionnaire,
    unit_code: str,
    group: Group,
    answers: Answers,
    *,
    device: str,
    address: str,
    invitation: Invitation | None,
    now: datetime | None = None,
) -> Verdict:
    """The first rule that excludes this answer, or :data:`COUNTED`."""
    now = now or timezone.now()
    rules = questionnaire.integrity
    earlier = Response.objects.filter(survey=survey)
    if address:
        recent = earlier.filter(
            address=address, submitted_at__gte=now - timedelta(seconds=rules.rate_seconds)
        ).count()
        if recent >= rules.rate_count:
            return Verdict(
                Reason.RATE_LIMIT,
                f"同一地址在 {rules.rate_seconds} 秒内已提交 {recent} 份，上限 {rules.rate_count} 份",
            )
    if invitation is not None:
        used = earlier.filter(invitation=invitation).first()
        if used is not None:
            return Verdict(Reason.DUPLICATE_TOKEN, f"邀请码已于 {_when(used)} 用于答卷 #{used.pk}")
    if device:
        same = earlier.filter(device=device).first()
        if same is not None:
            return Verdict(Reason.DUPLICATE_DEVICE, f"本设备已于 {_when(same)} 提交答卷 #{same.pk}")
    if address:
        window = earlier.filter(
            unit_id=unit_code, address=address, submitted_at__gte=now - timedelta(seconds=rules.burst_seconds)
        ).count()
        if window >= rules.burst_count:
            return Verdict(
                Reason.BURST,
                f"同一地址 {rules.burst_seconds} 秒内已为本单位提交 {window} 份"
                f"（阈值 {rules.burst_count} 份）",
            )
    likert = [answers.get(q.code) for q in group.questions if q.kind is Kind.LIKERT]
    given = [a for a in likert if isinstance(a, str) and a]
    if len(given) >= rules.straight_min_items and len(set(given)) == 1:
        return Verdict(Reason.STRAIGHT_LINE, f"{len(given)} 道量表题全部选“{given[0]}”")
    texts = {
        q.code: normalize(str(answers.get(q.code) or "")) for q in group.questions if q.kind is Kind.TEXT
    }
    texts = {code: t for code, t in texts.items() if len(t) >= rules.text_min_chars}
    if texts:
        for other in earlier.filter(unit_id=unit_code, group=group.code, reason="").only("pk", "answers"):
            for code, text in texts.items():
                if normalize(str(other.answers.get(code) or "")) == text:
                    return Verdict(
                        Reason.DUPLICATE_TEXT, f"第 {code} 题与答卷 #{other.pk} 一字不差：“{text[:40]}”"
                    )
    return COUNTED


def normalize(text: str) -> str:
    """Text as compared for copies: spaces and punctuation dropped, case folded."""
    return re.sub(r"[\s\W_]+", "", text).casefold()


def _when(response: Response) -> str:
    return timezone.localtime(response.submitted_at).strftime("%m-%d %H:%M:%S")
