"""The survey's services: set a round's questionnaire, take an answer, decide about an exclusion,
read the results, and write the rates into the round's data. Each write is one transaction, and
each change made by a user is audited (:class:`~dudao.store.audit.models.Action` ``SURVEY``)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from dudao.errors import Problem
from dudao.store.accounts.models import Unit
from dudao.store.audit.models import Action, record
from dudao.store.entry.models import DataValue
from dudao.store.rounds.engine import forget, scheme_of
from dudao.store.rounds.models import Round, RoundUnit
from dudao.store.survey.integrity import COUNTED, Verdict, judge
from dudao.store.survey.models import Invitation, Reason, Response, Survey
from dudao.store.survey.questionnaire import (
    Group,
    Kind,
    Questionnaire,
    check_against_scheme,
    load_questionnaire,
)
from dudao.store.survey.stats import Rate, rates


class SurveyRefused(Exception):
    """An answer or a change refused: ``errors`` maps a field (a question's code) to a message."""

    def __init__(self, errors: Mapping[str, str], code: str = "invalid") -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = dict(errors)
        self.code = code


@lru_cache(maxsize=32)
def _parsed(text: str, file: str) -> tuple[Questionnaire | None, tuple[Problem, ...]]:
    questionnaire, problems = load_questionnaire(text, file)
    return questionnaire, tuple(problems)


def questionnaire_of(survey: Survey) -> Questionnaire:
    """The stored questionnaire, read (once per text)."""
    questionnaire, problems = _parsed(survey.text, f"survey-{survey.round_id}.yaml")
    if questionnaire is None:  # stored texts were checked when set
        raise ValueError("; ".join(str(p) for p in problems))
    return questionnaire


def set_questionnaire(
    user: Any, round: Round, text: str, file: str, *, address: str = ""
) -> tuple[Survey | None, list[Problem]]:
    """Check ``text`` against the round's scheme and make it the round's survey; the problems
    (the survey is None when any is an error). Replacing one that has answers is refused."""
    questionnaire, problems = load_questionnaire(text, file)
    if questionnaire is not None:
        scheme = scheme_of(round.scheme)
        problems += check_against_scheme(questionnaire, {e.code: e.name for e in scheme.elements}, file)
    if questionnaire is None or any(p.severity == "error" for p in problems):
        return None, problems
    with transaction.atomic():
        survey = Survey.objects.select_for_update().filter(round=round).first()
        if survey is not None and survey.responses.exists():
            raise SurveyRefused({"file": "本轮问卷已收到答卷，不能再更换"}, "has_answers")
        before = {"code": survey.code, "digest": survey.digest} if survey else None
        survey = survey or Survey(round=round)
        survey.code, survey.title, survey.text = questionnaire.code, questionnaire.title, text
        survey.digest = hashlib.sha256(text.encode()).hexdigest()
        survey.uploaded_by = user if getattr(user, "is_authenticated", False) else None
        survey.save()
        record(
            user,
            Action.SURVEY,
            round=round,
            target=f"survey:{survey.code}",
            before=before,
            after={"code": survey.code, "title": survey.title, "digest": survey.digest},
            address=address,
        )
    return survey, problems


def keyed(text: str) -> str:
    """A keyed hash of an address or device cookie: compared, never shown or stored as given."""
    key = str(getattr(settings, "SECRET_KEY", "")).encode()
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()[:32] if text else ""


def new_device_token() -> str:
    return secrets.token_urlsafe(18)


def read_answers(group: Group, form: Mapping[str, list[str]]) -> dict[str, str | list[str]]:
    """The answers in a posted form (``q-<code>``), checked against the questions; refused with a
    message at each wrong one."""
    answers: dict[str, str | list[str]] = {}
    errors: dict[str, str] = {}
    for q in group.questions:
        given = [v.strip() for v in form.get(f"q-{q.code}", []) if v.strip()]
        if q.kind is Kind.TEXT:
            text = "\n".join(given)
            if len(text) > q.max_chars:
                errors[q.code] = f"最多 {q.max_chars} 字，现有 {len(text)} 字"
            elif text:
                answers[q.code] = text
        elif q.kind is Kind.MULTIPLE:
            wrong = [v for v in given if v not in q.options]
            if wrong:
                errors[q.code] = f"没有这个选项：{wrong[0]}"
            elif q.max_choices and len(set(given)) > q.max_choices:
                errors[q.code] = f"最多选 {q.max_choices} 项"
            elif given:
                answers[q.code] = list(dict.fromkeys(given))
        elif given:
            if len(given) > 1 or given[0] not in q.options:
                errors[q.code] = "请选择一个给出的选项"
            else:
                answers[q.code] = given[0]
        if q.required and q.code not in answers and q.code not in errors:
            errors[q.code] = "此题必答"
    if errors:
        raise SurveyRefused(errors)
    return answers


@dataclass(frozen=True)
class Taken:
    response: Response
    verdict: Verdict


def take_answer(
    survey: Survey,
    unit_code: str,
    group_code: str,
    form: Mapping[str, list[str]],
    *,
    device: str,
    address: str,
    invitation: str = "",
) -> Taken:
    """Check and keep one answer sheet; whether it counts is the integrity rules' verdict."""
    if not survey.is_open:
        raise SurveyRefused({"survey": "调查未开放或已结束"}, "closed")
    questionnaire = questionnaire_of(survey)
    group = questionnaire.group(group_code)
    if group is None or not RoundUnit.objects.filter(round_id=survey.round_id, unit_id=unit_code).exists():
        raise SurveyRefused({"survey": "没有这份问卷"}, "not_found")
    answers = read_answers(group, form)
    if not answers:
        raise SurveyRefused({"survey": "请至少回答一题再提交"})
    with transaction.atomic():
        Survey.objects.select_for_update().filter(pk=survey.pk).first()  # one answer judged at a time
        invited = None
        if invitation:
            invited = Invitation.objects.filter(survey=survey, token=invitation).first()
            if invited is None or invited.unit_id != unit_code or invited.group != group_code:
                raise SurveyRefused({"invitation": "邀请码无效，请核对后再试"}, "bad_invitation")
        device_key, address_key = keyed(device), keyed(address)
        verdict = judge(
            survey,
            questionnaire,
            unit_code,
            group,
            answers,
            device=device_key,
            address=address_key,
            invitation=invited,
        )
        response = Response.objects.create(
            survey=survey,
            unit_id=unit_code,
            group=group_code,
            answers=answers,
            device=device_key,
            invitation=invited,
            address=address_key,
            reason=verdict.reason,
            detail=verdict.detail,
            flagged=verdict.reason,
        )
    return Taken(response, verdict)


def decide(user: Any, response: Response, *, count: bool, note: str, address: str = "") -> Response:
    """Count an excluded answer again, or exclude a counted one; a note is required, and audited."""
    note = note.strip()
    if not note:
        raise SurveyRefused({"note": "请写明理由"})
    with transaction.atomic():
        response = Response.objects.select_for_update().get(pk=response.pk)
        if count == response.counted:
            raise SurveyRefused({"response": "答卷已计入" if count else "答卷已不计入"}, "unchanged")
        before = {"reason": response.reason, "detail": response.detail}
        response.reason = "" if count else Reason.OFFICE
        response.flagged = response.flagged or response.reason  # who first excluded it, kept
        response.detail = note
        response.decided_by, response.decided_at = user, timezone.now()
        response.save(update_fields=["reason", "detail", "flagged", "decided_by", "decided_at"])
        record(
            user,
            Action.SURVEY,
            round=response.survey.round,
            unit=response.unit,
            target=f"response:{response.pk}",
            before=before,
            after={"reason": response.reason, "detail": note},
            address=address,
        )
    return response


def counted_sheets(survey: Survey, unit_code: str | None = None) -> Iterable[tuple[str, str, dict[str, Any]]]:
    rows = survey.responses.filter(reason="")
    if unit_code:
        rows = rows.filter(unit_id=unit_code)
    return rows.values_list("unit_id", "group", "answers").iterator()


def results(survey: Survey, unit_code: str | None = None) -> dict[tuple[str, str, str], Rate]:
    return rates(questionnaire_of(survey), counted_sheets(survey, unit_code))


def apply_to_round(user: Any, survey: Survey, *, address: str = "") -> list[DataValue]:
    """Write every unit's scored rates as its data for the round (percent), with the survey as the
    value's comment. A unit with no valid answer keeps the value it has, unless that value came from
    this survey (its answers have since been excluded): then it becomes missing, said so. Audited
    per value."""
    questionnaire = questionnaire_of(survey)
    round = survey.round
    found = results(survey)
    written: list[DataValue] = []
    with transaction.atomic():
        units = list(Unit.objects.filter(round_entries__round=round).order_by("code"))
        for unit in units:
            for score in questionnaire.scores:
                rate = found.get((unit.code, score.group, score.aspect))
                value = rate.percent() if rate else None
                comment = (
                    rate.note(survey.title) if rate else f"来自满意度调查《{survey.title}》：尚无有效答卷"
                )
                current = (
                    DataValue.objects.select_for_update()
                    .filter(round=round, unit=unit, element=score.element, period=round.period)
                    .first()
                )
                before = (
                    {"value": current.value, "comment": current.comment}
                    if current
                    else {"value": None, "comment": ""}
                )
                from_survey = current is not None and current.comment.startswith(
                    f"来自满意度调查《{survey.title}》"
                )
                if rate is None and not from_survey:
                    continue  # nothing to say about this unit: what it has stays
                if current is not None and current.value == value and current.comment == comment:
                    continue
                current = current or DataValue(
                    round=round, unit=unit, element=score.element, period=round.period
                )
                current.value, current.comment, current.updated_by = value, comment, user
                current._history_user = user  # type: ignore[attr-defined]
                current.save()
                record(
                    user,
                    Action.VALUE,
                    round=round,
                    unit=unit,
                    target=score.element,
                    before=before,
                    after={"value": value, "comment": comment, "source": f"survey:{survey.code}"},
                    address=address,
                )
                written.append(current)
        survey.applied_at = timezone.now()
        survey.save(update_fields=["applied_at"])
    forget(round)
    return written


def search_answers(
    survey: Survey, words: str, *, unit_code: str = "", limit: int = 200
) -> list[tuple[Response, str, str]]:
    """Open answers containing ``words`` (every space-separated word): (sheet, question, text)."""
    terms = [w.casefold() for w in words.split() if w]
    questionnaire = questionnaire_of(survey)
    open_questions = {
        (g.code, q.code) for g in questionnaire.groups for q in g.questions if q.kind is Kind.TEXT
    }
    rows = survey.responses.select_related("unit").order_by("-submitted_at")
    if unit_code:
        rows = rows.filter(unit_id=unit_code)
    found: list[tuple[Response, str, str]] = []
    for response in rows.iterator():
        for code, text in response.answers.items():
            readable = (response.group, code) in open_questions and isinstance(text, str)
            if readable and all(t in text.casefold() for t in terms):
                found.append((response, code, text))
        if len(found) >= limit:
            break
    return found


def make_invitations(
    user: Any, survey: Survey, unit: Unit, group: str, count: int, *, address: str = ""
) -> list[Invitation]:
    """``count`` one-use invitation codes for ``unit``'s ``group``, audited."""
    if questionnaire_of(survey).group(group) is None:
        raise SurveyRefused({"group": f"没有调查对象组“{group}”"})
    if not 1 <= count <= 5000:
        raise SurveyRefused({"count": "一次生成 1 至 5000 个"})
    with transaction.atomic():
        made = Invitation.objects.bulk_create(
            Invitation(survey=survey, unit=unit, group=group, token=secrets.token_hex(5))
            for _ in range(count)
        )
        record(
            user,
            Action.SURVEY,
            round=survey.round,
            unit=unit,
            target=f"invitations:{group}",
            after={"count": count},
            address=address,
        )
    return made


__all__ = [
    "COUNTED",
    "SurveyRefused",
    "Taken",
    "apply_to_round",
    "decide",
    "make_invitations",
    "questionnaire_of",
    "read_answers",
    "results",
    "search_answers",
    "set_questionnaire",
    "take_answer",
]
