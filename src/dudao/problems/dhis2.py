"""The catalogue's problems of DHIS2."""

from __future__ import annotations

from dudao.problems.kinds import DHIS2, WARNING, ProblemType

TYPES = (
    ProblemType(
        "dhis2-value-type",
        DHIS2,
        "{element} 在方案中是{words}型，value_type 应为 {want}",
        "{element} is {kind} in the scheme: value_type must be {want}",
    ),
    ProblemType("dhis2-id-scheme", DHIS2, "不支持的标识方案：{detail}", "unsupported id scheme: {detail}"),
    ProblemType(
        "dhis2-data-set",
        DHIS2,
        "数据集不对：{detail}",
        "wrong data set: {detail}",
        also=WARNING,
        variants=(
            (
                "adx-no-data-set",
                "映射文件未给出数据集的 {id_scheme}：ADX 的 group 将不带 dataSet 属性",
                "the mapping gives no data set {id_scheme}: the ADX groups carry no dataSet",
            ),
        ),
    ),
    ProblemType(
        "dhis2-attribute-combo",
        DHIS2,
        "属性选项组合不对：{detail}",
        "wrong attribute option combo: {detail}",
        variants=(
            (
                "set",
                "数据值集的 {what} 不是对照表的属性选项组合“{wanted}”（按类别代码与选项代码比较）",
                "the set's {what} is not the mapping's attribute option combo {wanted!r} "
                "(by category, option codes)",
            ),
        ),
    ),
    ProblemType(
        "dhis2-combo-disagree",
        DHIS2,
        "类别选项组合不一致：{detail}",
        "category option combos disagree: {detail}",
        also=WARNING,
    ),
    ProblemType(
        "dhis2-invalid-value",
        DHIS2,
        "值不符合 DHIS2 值类型：{detail}",
        "the value breaks its value type: {detail}",
    ),
    ProblemType(
        "dhis2-annotation",
        DHIS2,
        "注释无法保存：{detail}",
        "an annotation cannot be kept: {detail}",
        also=WARNING,
    ),
    ProblemType(
        "dhis2-unmapped-element",
        DHIS2,
        "对照表中没有此数据项",
        "the mapping has no such element",
        also=WARNING,
    ),
    ProblemType(
        "dhis2-unmapped-unit", DHIS2, "对照表中没有此单位", "the mapping has no such unit", also=WARNING
    ),
    ProblemType(
        "dhis2-unmapped-org-unit", DHIS2, "对照表中没有此组织机构", "the mapping has no such org unit"
    ),
    ProblemType("dhis2-unmapped-combo", DHIS2, "对照表中没有此类别选项组合", "the mapping has no such combo"),
    ProblemType(
        "dhis2-attribute-combo-missing",
        DHIS2,
        "属性选项组合在此格式中没有标识",
        "the attribute option combo has no id here",
    ),
    ProblemType(
        "dhis2-combo-missing",
        DHIS2,
        "没有此格式能写的类别选项组合",
        "no category option combo this format can write",
    ),
    ProblemType(
        "dhis2-true-only-no",
        DHIS2,
        "TRUE_ONLY 数据项的“否”无法写出",
        "a TRUE_ONLY no cannot be written",
        also=WARNING,
    ),
    ProblemType(
        "dhis2-category-code",
        DHIS2,
        "类别代码“{name}”不能用作 ADX 属性名（字母或下划线开头，不含空格，且不是 ADX 字段名）",
        "category code {name!r} cannot name an ADX attribute (letter or _ first, no spaces)",
    ),
    ProblemType(
        "dhis2-default-combo",
        DHIS2,
        "默认类别选项组合（default）没有类别：请删去 categories，或改正 uid/code",
        "the default category option combo has no categories: drop them or fix the uid/code",
    ),
    ProblemType(
        "dhis2-bad-uid",
        DHIS2,
        "“{uid}”不是 DHIS2 UID（11 位：字母开头，其后为字母或数字）",
        "{uid!r} is not a DHIS2 UID (11 characters: a letter, then letters or digits)",
    ),
    ProblemType(
        "dhis2-duplicate",
        DHIS2,
        "{what_zh}重复映射（首次在第 {line} 行）",
        "{what_en} is mapped twice (first at line {line})",
    ),
)
