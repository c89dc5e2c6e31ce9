"""Entering a unit's data: read and save values, preview the score, submit, return."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from dudao.engine.checks import failed_checks
from dudao.expr.ir import Level
from dudao.scheme.model import Scheme
from dudao.store.entry.fields import form_groups
from dudao.store.entry.models import DataValue
from dudao.store.entry.services import (
    EntryRefused,
    FieldInput,
    entry_of,
    return_submission,
    save_values,
    submit,
    unit_level_of,
    values_with,
)
from dudao.store.entry.validation import FieldError, read_value
from dudao.store.rounds import engine
from dudao.store.rounds.engine import scheme_of
from dudao.store.rounds.models import RoundUnit
from dudao.web.access import Do, can, sees_ranking
from dudao.web.api.errors import ApiError
from dudao.web.api.schemas import (
    WRITE_ERRORS,
    AreaOut,
    CheckOut,
    EntryStatusOut,
    PreviewIn,
    PreviewOut,
    ReturnIn,
    SaveOut,
    UnitRef,
    ValueOut,
    ValuesIn,
    ValuesOut,
    answers,
)
from dudao.web.api.scope import address_of, unit_for

router = Router(tags=["填报 (Data entry)"])

UNIT_PATH = "rounds/{round_id}/units/{code}"
FIRST_YEAR, LAST_YEAR = 1949, 2999  # a data year outside these is a typing slip, refused with 422


@router.get(
    f"{UNIT_PATH}/values",
    response=answers(ValuesOut),
    summary="单位的数据 (A unit's values)",
    description="单位在某一年度（默认本轮次的数据年度）所填的每个数据项，附上一年度的值。"
    "(Every element the unit enters, for one year — by default the round's — with last year's value.)",
)
def get_values(
    request: HttpRequest,
    round_id: int,
    code: str,
    period: int | None = None,
) -> ValuesOut:
    if period is not None and not FIRST_YEAR <= period <= LAST_YEAR:
        raise ApiError(
            422,
            "invalid_request",
            _("数据年度须在 %(first)d 到 %(last)d 之间") % {"first": FIRST_YEAR, "last": LAST_YEAR},
            field="period",
        )
    round, unit = unit_for(request, Do.SEE_UNIT, round_id, code)
    entry = entry_of(round, unit)
    year = round.period if period is None else period
    level = unit_level_of(round, unit)
    stored = {
        (v.element, v.period): v
        for v in DataValue.objects.filter(round=round, unit=unit, period__in=[year, year - 1]).select_related(
            "updated_by"
        )
    }
    values = []
    for group in form_groups(scheme_of(round.scheme)):
        for field in group.fields:
            element = field.element
            if element.level is not level:
                continue
            now, before = stored.get((element.code, year)), stored.get((element.code, year - 1))
            values.append(
                ValueOut(
                    element=element.code,
                    name=element.name,
                    unit=element.unit,
                    value=now.value if now else None,
                    comment=now.comment if now else "",
                    updated_by=now.updated_by.get_username() if now and now.updated_by else None,
                    updated_at=now.updated_at if now else None,
                    last_year=before.value if before else None,
                )
            )
    return ValuesOut(
        round_id=round.pk,
        unit=UnitRef(code=unit.code, name=unit.name),
        period=year,
        status=entry.status,
        values=values,
    )


@router.put(
    f"{UNIT_PATH}/values",
    response=answers(SaveOut, WRITE_ERRORS),
    summary="保存单位的数据 (Save a unit's values)",
    description="全部通过校验才保存（一项有误则都不保存），每项修改留有历史和审计记录。给出 original "
    "（及 original_comment）时，若该项（或其备注）已被他人改过则以 409 拒绝。方案的校验规则不通过时以 "
    "422 拒绝，提示性规则只在 warnings 中列出。(All or nothing; each change is kept in the history and "
    "the audit log. With `original` (and `original_comment`), a value (or comment) changed meanwhile by "
    "someone else is refused with 409. A failed check of the scheme refuses the save with 422; a failed "
    "warning check is listed in `warnings`.)",
)
def put_values(request: HttpRequest, round_id: int, code: str, payload: ValuesIn) -> SaveOut:
    round, unit = unit_for(request, Do.EDIT_UNIT, round_id, code)
    inputs = [
        FieldInput(
            element=v.element,
            text=v.value,
            comment=v.comment,
            original=v.original if "original" in v.model_fields_set else "unknown",
            original_comment=v.original_comment,
        )
        for v in payload.values
    ]
    report = save_values(request.user, round, unit, inputs, address=address_of(request))
    return SaveOut(changed=report.changed, unchanged=report.unchanged, warnings=report.warnings)


@router.post(
    f"{UNIT_PATH}/preview",
    response=answers(PreviewOut, WRITE_ERRORS),
    summary="试算得分 (Preview the score with unsaved values)",
    description="以未保存的值试算被评价单位的得分，并列出所填单位未通过的校验规则，不保存任何数据。"
    "学校代码的试算值计入其所属区县；学校填报员只得到本校的校验结果。名次在结果公开前只给督导室。"
    "(Scores the evaluated unit as if the values were saved, and lists the checks the entered unit's "
    "values fail; nothing is stored. For a school, the values are the school's and the score is its "
    "district's; a school editor gets only the school's checks. The rank is the office's alone until "
    "the results are published.)",
)
def preview(request: HttpRequest, round_id: int, code: str, payload: PreviewIn) -> PreviewOut:
    round, unit = unit_for(request, Do.SEE_UNIT, round_id, code)
    evaluated = entry_of(round, unit).unit
    scheme = scheme_of(round.scheme)
    level = unit_level_of(round, unit)
    draft = read_draft(scheme, level, [(v.element, v.value) for v in payload.values])
    checks = [
        CheckOut(code=f.code, message=f.message, severity=f.severity, elements=list(f.elements))
        for f in failed_checks(scheme, level, values_with(round, unit, draft))
    ]
    ref = UnitRef(code=evaluated.code, name=evaluated.name)
    if not can(request.user, Do.SEE_UNIT, round=round, unit=evaluated):  # a school editor
        return PreviewOut(
            unit=ref,
            total=None,
            base_total=None,
            bonus=None,
            grade=None,
            rank=None,
            of=None,
            areas=[],
            checks=checks,
        )
    draft_of_unit = {(unit.code, element): v for element, v in draft.items()}
    shown = engine.preview(round, evaluated, draft_of_unit, ranked=sees_ranking(request.user, round))
    result = shown.result
    return PreviewOut(
        unit=ref,
        total=result.total,
        base_total=result.base_total,
        bonus=result.bonus,
        grade=result.grade,
        rank=shown.rank,
        of=shown.of,
        areas=[AreaOut(code=a.code, name=a.name, points=a.points, max=a.max_points) for a in result.areas],
        checks=checks,
    )


def read_draft(
    scheme: Scheme, level: Level, entered: list[tuple[str, str | float | None]]
) -> dict[str, float | None]:
    """The draft values read as the form reads them; :class:`EntryRefused` naming each bad one."""
    errors: dict[str, str] = {}
    draft: dict[str, float | None] = {}
    for code, text in entered:
        element = scheme.element_by_code.get(code)
        if element is None:
            errors[code] = _("没有这个数据项：%(code)s") % {"code": code}
        elif element.level is not level:
            errors[code] = _("%(name)s 不由此单位填报") % {"name": element.name}
        else:
            try:
                draft[code] = read_value(element, text)
            except FieldError as error:
                errors[code] = error.message
    if errors:
        raise EntryRefused(errors)
    return draft


@router.post(
    f"{UNIT_PATH}/submit",
    response=answers(EntryStatusOut, WRITE_ERRORS),
    summary="提交 (Submit)",
    description="被评价单位整体提交，数据随即锁定；尚有未填项时以 422 拒绝并列出每一项。"
    "(Locks the evaluated unit's data; refused with 422 listing each missing value.)",
)
def submit_unit(request: HttpRequest, round_id: int, code: str) -> EntryStatusOut:
    round, unit = unit_for(request, Do.SUBMIT_UNIT, round_id, code)
    return status_out(submit(request.user, round, unit, address=address_of(request)))


@router.post(
    f"{UNIT_PATH}/return",
    response=answers(EntryStatusOut, WRITE_ERRORS),
    summary="退回 (Return a submission)",
    description="督导室把已提交的数据退回，每项须写明原因；只有退回的项可以再修改。"
    "(Sends a submission back; each returned field needs a reason and alone becomes editable.)",
)
def return_unit(request: HttpRequest, round_id: int, code: str, payload: ReturnIn) -> EntryStatusOut:
    round, unit = unit_for(request, Do.RETURN_UNIT, round_id, code)
    entry = return_submission(request.user, round, unit, payload.fields, address=address_of(request))
    return status_out(entry)


def status_out(entry: RoundUnit) -> EntryStatusOut:
    returned = entry.returned_fields.filter(resolved_at__isnull=True)
    return EntryStatusOut(
        code=entry.unit.code,
        name=entry.unit.name,
        status=entry.status,
        submitted_at=entry.submitted_at,
        returned={r.field: r.reason for r in returned},
    )
