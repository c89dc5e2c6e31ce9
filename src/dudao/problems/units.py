"""The catalogue's problems of changes to the units tree 区划调整: merges, splits and renames
(dudao.store.accounts.succession). Each names the unit and says what would be accepted."""

from __future__ import annotations

from dudao.problems.kinds import ProblemType

UNITS = "区划调整 units"

TYPES = (
    ProblemType(
        "units-unknown",
        UNITS,
        "没有代码为“{code}”的单位",
        "there is no unit with the code “{code}”",
    ),
    ProblemType(
        "units-ended",
        UNITS,
        "“{unit}”的有效期已于 {last_day} 截止（{became}），不能再调整；请调整它后来所属的单位",
        "“{unit}” ended after {last_day} ({became_en}): change the unit it became instead",
    ),
    ProblemType(
        "units-date-before",
        UNITS,
        "调整日期 {on} 不晚于“{unit}”的设立日期 {since}；调整日期须在设立之后",
        "the date {on} is not after “{unit}” began ({since}): a change comes after the unit began",
    ),
    ProblemType(
        "units-date-future",
        UNITS,
        "调整日期 {on} 晚于今天（{today}）；请在调整生效之日或之后记录",
        "the date {on} is after today ({today}): record a change once it has taken effect",
    ),
    ProblemType(
        "units-date",
        UNITS,
        "调整日期“{value}”不是有效日期；请写成 年-月-日，如 2023-01-01",
        "the date “{value}” is not a date: write it as year-month-day, e.g. 2023-01-01",
    ),
    ProblemType(
        "units-into-itself",
        UNITS,
        "不能把“{unit}”并入它自己；合并后的单位须是另一个单位或新单位",
        "“{unit}” cannot be merged into itself: merge it into another unit or a new one",
    ),
    ProblemType(
        "units-levels",
        UNITS,
        "层级不同，不能{what}：{units}",
        "units of different levels cannot be {what_en}: {units}",
    ),
    ProblemType(
        "units-parents",
        UNITS,
        "上级单位不同，不能合并为一个新单位：{units}",
        "units under different parents cannot be merged into one new unit: {units}",
    ),
    ProblemType(
        "units-open-round",
        UNITS,
        "“{unit}”正在参加填报中的轮次“{round}”（编号 {round_id}）；请在该轮次关闭后再调整",
        "“{unit}” takes part in the round “{round}” (id {round_id}), open for entry: change it once "
        "that round is closed",
    ),
    ProblemType(
        "units-code-taken",
        UNITS,
        "代码“{code}”已是“{name}”的代码；拆分出的单位须用新代码",
        "the code “{code}” already belongs to “{name}”: the units a split makes need new codes",
    ),
    ProblemType(
        "units-code",
        UNITS,
        "单位代码“{code}”无效：须为 1 至 32 个字母、数字、连字符或下划线",
        "the unit code “{code}” is not valid: 1 to 32 letters, digits, hyphens or underscores",
    ),
    ProblemType(
        "units-name",
        UNITS,
        "请填写新单位“{code}”的名称",
        "give the new unit “{code}” a name",
        variants=(
            (
                "differs",
                "“{code}”已存在，名称是“{name}”，不是“{given}”；并入已有单位时名称留空或照写",
                "“{code}” exists and is named “{name}”, not “{given}”: leave the name out when merging "
                "into an existing unit, or give its name",
            ),
        ),
    ),
    ProblemType(
        "units-duplicate",
        UNITS,
        "单位“{code}”列了不止一次",
        "the unit “{code}” is listed more than once",
    ),
    ProblemType(
        "units-too-few",
        UNITS,
        "{what}至少要有{least}个单位",
        "{what_en} needs at least {least} units",
    ),
    ProblemType(
        "units-child",
        UNITS,
        "“{child}”不是“{unit}”的直属下级单位，不能随拆分划转",
        "“{child}” is not directly under “{unit}”: only its own units move with the split",
        variants=(
            (
                "target",
                "“{child}”要划入的“{code}”不是本次拆分出的新单位（{codes}）",
                "“{child}” is to move to “{code}”, which is not one of the split's new units ({codes})",
            ),
        ),
    ),
)
