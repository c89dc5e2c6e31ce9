"""The shapes the JSON API reads and writes; their descriptions fill the OpenAPI document."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from ninja import Field, Schema
from pydantic import ConfigDict


class _Input(Schema):
    """Request bodies refuse unknown keys, so a misspelt ``orignal`` is an error, not ignored."""

    model_config = ConfigDict(extra="forbid")


# -- rounds ----------------------------------------------------------------------------------


class UnitRef(Schema):
    code: str = Field(description="单位代码 (unit code)")
    name: str = Field(description="单位名称 (unit name)")


class SchemeRef(Schema):
    code: str = Field(description="方案代码 (scheme code)")
    version: int = Field(description="方案版本 (scheme version)")
    title: str = Field(description="方案名称 (scheme title)")


class RoundOut(Schema):
    id: int
    name: str = Field(description="轮次名称 (round name)")
    scheme: SchemeRef
    period: int = Field(description="数据年度 (data year)")
    scope: UnitRef = Field(description="评价范围 (the parent unit of the evaluated units)")
    evaluates: str = Field(description="被评价层级 (level evaluated), e.g. district")
    state: str = Field(description="状态 (state): draft 未开放 / open 填报中 / closed 已关闭")
    deadline: date = Field(description="填报截止日期 (entry deadline)")
    review_deadline: date | None = Field(description="评审截止日期 (review deadline)")
    days_left: int = Field(description="距截止还有几天，负数为已逾期 (days to the deadline; negative: past)")
    published: bool = Field(description="结果已公开 (results published)")


class EntryOut(Schema):
    code: str = Field(description="被评价单位代码 (evaluated unit code)")
    name: str
    status: str = Field(description="填报状态 (status): not_started / in_progress / submitted / returned")
    submitted_at: datetime | None
    missing: int | None = Field(description="尚未填写的数据项数，仅当 with_missing=true (missing values)")


# -- values ----------------------------------------------------------------------------------


class ValueOut(Schema):
    element: str = Field(description="数据项代码 (element code)")
    name: str = Field(description="数据项名称 (element name)")
    unit: str = Field(description="计量单位 (unit of measure)")
    value: float | None = Field(description="本年度的值，空为未填 (value; null: not entered)")
    comment: str = Field(description="备注 (comment)")
    updated_by: str | None = Field(description="最后修改人 (last changed by)")
    updated_at: datetime | None
    last_year: float | None = Field(description="上一年度的值 (the value of the year before)")


class ValuesOut(Schema):
    round_id: int
    unit: UnitRef
    period: int = Field(description="数据年度 (data year)")
    status: str = Field(description="所属被评价单位的填报状态 (status of the evaluated unit)")
    values: list[ValueOut]


class ValueIn(_Input):
    element: str = Field(description="数据项代码 (element code)")
    value: float | str | None = Field(
        None, description="值：数字、文本如“1,234”或“是/否”，null 清空 (number, text, or null to clear)"
    )
    comment: str | None = Field(None, description="备注，省略则不变 (comment; omitted: unchanged)")
    original: float | None = Field(
        None,
        description="读取时的值；给出时若已被他人修改则拒绝 (the value when read; when given, a stale "
        "write is refused with 409)",
    )
    original_comment: str | None = Field(
        None,
        description="读取时的备注；给出时若备注已被他人修改则拒绝 (the comment when read; when given with a "
        "comment, a comment changed meanwhile by someone else is refused with 409)",
    )


class ValuesIn(_Input):
    values: list[ValueIn] = Field(min_length=1, description="要保存的值 (values to save)")


class SaveOut(Schema):
    changed: list[str] = Field(description="已修改的数据项 (elements changed)")
    unchanged: list[str] = Field(description="未变化的数据项 (elements unchanged)")
    warnings: dict[str, str] = Field(
        default_factory=dict,
        description="未通过的提示性校验规则：数据项 → 提示，数据已保存 "
        "(warning checks the values fail: element → message; the values were saved)",
    )


# -- preview ---------------------------------------------------------------------------------


class DraftValue(_Input):
    element: str = Field(description="数据项代码 (element code)")
    value: float | str | None = Field(None, description="未保存的值 (unsaved value)")


class PreviewIn(_Input):
    values: list[DraftValue] = Field(default_factory=list, description="未保存的值 (unsaved values)")


class AreaOut(Schema):
    code: str = Field(description="一级指标代码 (area code)")
    name: str
    points: float = Field(description="得分 (points)")
    max: float = Field(description="满分 (maximum points)")


class CheckOut(Schema):
    code: str = Field(description="校验规则代码 (check code)")
    message: str = Field(description="方案给出的提示 (the scheme's message)")
    severity: str = Field(
        description="error 阻止保存 / warning 仅提示 (error blocks a save; warning is shown)"
    )
    elements: list[str] = Field(description="规则读取的数据项 (the elements the check reads)")


_SCORE_HIDDEN = (
    "学校填报员看不到所属区县的得分，为 null (null for a school editor: the district's score is not theirs)"
)


class PreviewOut(Schema):
    unit: UnitRef = Field(description="被评价单位 (the evaluated unit scored)")
    total: float | None = Field(description=f"总分 (total)；{_SCORE_HIDDEN}")
    base_total: float | None = Field(description=f"基础分 (total before bonus)；{_SCORE_HIDDEN}")
    bonus: float | None = Field(description=f"加分 (bonus)；{_SCORE_HIDDEN}")
    grade: str | None = Field(description=f"等级 (grade)；{_SCORE_HIDDEN}")
    rank: int | None = Field(
        description="在同级单位中的名次；结果公开前只有督导室可见，其他角色为 null "
        "(rank among peers; before the results are published, null for every role but the office's)"
    )
    of: int | None = Field(description="同级单位数，与名次同时给出 (number of peers, given with the rank)")
    areas: list[AreaOut] = Field(
        description="各一级指标得分 (points per area)；学校填报员为空 (empty for a school editor)"
    )
    checks: list[CheckOut] = Field(
        description="所填单位（区县或学校）的值连同未保存的值未通过的校验规则 "
        "(the scheme's checks the entered unit's values fail, with the unsaved values)"
    )


# -- submit and return -----------------------------------------------------------------------


class EntryStatusOut(Schema):
    code: str
    name: str
    status: str
    submitted_at: datetime | None
    returned: dict[str, str] = Field(description="退回待改的项及原因 (returned fields and reasons)")


class ReturnIn(_Input):
    fields: dict[str, str] = Field(
        description="退回的项 → 原因；项为数据项代码、narrative:<一级指标>、self:<指标>、evidence:<指标>、"
        "report（自评报告） (field key → reason; report: the uploaded narrative report)"
    )


# -- evidence --------------------------------------------------------------------------------


class EvidenceOut(Schema):
    id: int
    item: str = Field(description="指标代码 (item code)")
    filename: str
    size: int = Field(description="字节数 (bytes)")
    kind: str = Field(description="按内容识别的类型 (kind by content): pdf, png, jpeg, docx…")
    sha256: str
    uploaded_by: str | None
    uploaded_at: datetime
    url: str = Field(description="查看或下载的页面地址 (page URL to view or download)")


# -- tokens ----------------------------------------------------------------------------------


class TokenIn(_Input):
    name: str = Field(min_length=1, max_length=100, description="用途 (what the token is for)")


class TokenOut(Schema):
    id: int
    name: str
    prefix: str = Field(description="令牌前 8 位，用于辨认 (first 8 characters, to recognise it)")
    created_at: datetime
    last_used_at: datetime | None
    revoked: bool


class NewTokenOut(TokenOut):
    key: str = Field(description="令牌本身，仅此一次显示 (the key; shown only this once)")


Results = dict[str, Any]


class SchoolValueOut(Schema):
    code: str = Field(
        description="学校代码；一贯制学校按学段拆分时为 代码#学段 "
        "(school code; code#stage for a split school)"
    )
    name: str = Field(description="学校名称 (school name)")
    value: float | bool | str | None = Field(
        description="汇总所用的值 (the value aggregated)；null 为缺失 (missing)"
    )
    weight: float | None = Field(
        description="差异系数的权重（学生数）(the CV's weight, pupils)；其他汇总为 null"
    )
    selected: bool = Field(description="符合汇总的范围条件 (passes the aggregate's where)")
    counted: bool = Field(description="计入汇总：在范围内且有值 (counted: selected and has a value)")


class AggregateValuesOut(Schema):
    column: str = Field(
        description="计算计划中的汇总列，与计分说明的 all_values.column 相同 (as in an explanation)"
    )
    text: str = Field(description="汇总公式 (the aggregate as written)")
    function: str = Field(description="cv, sum, avg, min, max, count, count_if, share_if")
    period: int | None = Field(description="数据年度 (the year read)")
    schools: list[SchoolValueOut]


class SchoolValuesOut(Schema):
    unit: str = Field(description="被评价单位代码 (evaluated unit)")
    item: str = Field(description="指标代码 (item code)")
    period: int = Field(description="评价年度 (the year evaluated)")
    aggregates: list[AggregateValuesOut] = Field(
        description="该项指标所汇总的每个学校数值；不汇总学校数据的指标为空 "
        "(every school value behind the item; empty when it aggregates no schools)"
    )


class MissedItemOut(Schema):
    code: str = Field(description="指标代码 (item code)")
    name: str = Field(description="指标名称 (item name)")
    area: str = Field(description="一级指标代码 (its area)")
    max_points: float = Field(description="满分 (full points)")
    missed_by: list[str] = Field(description="失分的单位代码 (codes of the units that lost points on it)")
    points: list[float | None] = Field(
        description="各单位得分，顺序同 units (each unit's points, in the order of units; null: no result)"
    )
    lost: float = Field(description="各单位失分合计 (points lost by all units together)")


class MissesOut(Schema):
    frozen: bool = Field(description="轮次关闭时冻结的结果 (the frozen results of a closed round)")
    sample: bool = Field(description="示例数据 (the scheme is a sample: the figures are not real)")
    units: list[UnitRef] = Field(description="被评价单位，按名次 (evaluated units, in ranking order)")
    items: list[MissedItemOut] = Field(
        description="有单位失分的指标，按失分单位数从多到少 "
        "(items some unit lost points on, most missed first)"
    )


# -- errors ----------------------------------------------------------------------------------


class ErrorDetail(Schema):
    field: str | None = Field(description="出错的字段 (the field)")
    message: str = Field(description="说明 (what is wrong and what is accepted)")


class ErrorBody(Schema):
    code: str = Field(description="错误代码 (error code), e.g. invalid, stale, forbidden")
    message: str = Field(description="中文说明 (message)")
    field: str | None = Field(description="第一个出错的字段 (the first field at fault)")
    details: list[ErrorDetail] = Field(description="每个出错字段一条 (one per field at fault)")


class ErrorOut(Schema):
    """The one envelope of every error (:func:`dudao.web.api.errors.error_body`)."""

    error: ErrorBody


READ_ERRORS = frozenset({401, 403, 404, 422, 500})
WRITE_ERRORS = READ_ERRORS | {400, 409}
UPLOAD_ERRORS = READ_ERRORS | {409, 413, 415}


def answers(model: Any, errors: frozenset[int] = READ_ERRORS, status: int = 200) -> dict[Any, Any]:
    """An operation's documented responses: its result, and the envelope for each error status."""
    return {status: model, errors: ErrorOut}
