"""The catalogue's problems of schemes."""

from __future__ import annotations

from dudao.problems.kinds import DATA, SCHEME, WARNING, ProblemType

TYPES = (
    ProblemType(
        "missing-field",
        SCHEME,
        "缺少{what_zh}",
        "missing {what_en}",
        variants=(("needs", "{whose_zh}需要{what_zh}", "{whose_en} needs {what_en}"),),
    ),
    ProblemType(
        "bad-choice",
        DATA,
        "{what_zh}“{value}”无效，可选：{choices_zh}",
        "{what_en} {value!r} is not one of {choices_en}",
        variants=(
            (
                "yes-no-cell",
                "{prefix_zh}是非项只接受“是”（1）或“否”（0）",
                "{prefix_en}a yes/no field accepts only “是” (1) or “否” (0)",
            ),
            (
                "yes-no",
                "{name}：{value} 无效，应填“是”或“否”（1 或 0）",
                "{element}: {value} is not yes or no (1 or 0)",
            ),
            (
                "dhis2-export",
                "{element}：{value} 不是是/否值（1 或 0），未导出",
                "{element}: {value} is not yes/no (1 or 0); not written",
            ),
        ),
    ),
    ProblemType(
        "bad-code",
        SCHEME,
        "{kind_zh}代码“{code}”只能含字母、数字和下划线，且不能以数字开头",
        "{kind_en} code {code!r} must be letters, digits and _, not starting with a digit",
    ),
    ProblemType(
        "duplicate-code",
        SCHEME,
        "{kind_zh}代码“{code}”重复（首次在第 {line} 行）",
        "duplicate {kind_en} code {code!r} (first at line {line})",
    ),
    ProblemType(
        "ambiguous-name",
        SCHEME,
        "名称“{name}”同时指向多个数据项或指标值，公式中无法区分",
        "the name {name!r} refers to more than one element or indicator",
    ),
    ProblemType(
        "unknown-name",
        SCHEME,
        "未知的数据项或指标“{name}”{suggestion_zh}",
        "unknown element or indicator {name!r}{suggestion_en}",
    ),
    ProblemType(
        "not-a-school-element",
        SCHEME,
        "{field} 引用的“{element}”不是学校层面的数据项",
        "{field} refers to {element!r}, which is not a school element",
    ),
    ProblemType(
        "item-shape",
        SCHEME,
        "末级指标缺少计分规则“rule”",
        "a leaf item needs a 'rule'",
        variants=(
            (
                "rule-and-children",
                "有子项的指标不能再有计分规则",
                "an item with children cannot also have a rule",
            ),
        ),
    ),
    ProblemType(
        "points-positive",
        SCHEME,
        "{kind_zh} {code} 的分值应大于 0",
        "{kind_en} {code} must have positive points",
    ),
    ProblemType(
        "points-sum",
        SCHEME,
        "指标 {item} 的子项分值之和 {sum} 不等于其分值 {points}",
        "the children of item {item} sum to {sum}, not {points}",
    ),
    ProblemType(
        "points-total",
        SCHEME,
        "一级指标分值之和 {sum} 不等于方案总分 {total}",
        "top-level items sum to {sum}, not the scheme total {total}",
    ),
    ProblemType("grades-missing", SCHEME, "缺少等次划分 grades", "the scheme has no grades"),
    ProblemType(
        "grades-order",
        SCHEME,
        "等次应按分数线从高到低排列且互不相同",
        "grades must be listed best first with distinct minimums",
    ),
    ProblemType("rule-parameter", SCHEME, "指标 {item}：{detail_zh}", "item {item}: {detail_en}"),
    ProblemType("bonus-parameter", SCHEME, "加分项 {code}：{detail_zh}", "bonus item {code}: {detail_en}"),
    ProblemType(
        "element-parameter", SCHEME, "数据项 {element}：{detail_zh}", "element {element}: {detail_en}"
    ),
    ProblemType(
        "element-unused",
        SCHEME,
        "数据项 {element} 未被任何公式使用",
        "element {element} is not used by any formula",
        WARNING,
    ),
    ProblemType(
        "indicator-cycle",
        SCHEME,
        "指标之间存在循环引用：{cycle_zh}",
        "indicators refer to each other in a cycle: {cycle_en}",
    ),
    ProblemType(
        "check-scope",
        SCHEME,
        "校验规则只能使用{where_zh}本期填报的数据项，不能使用{refusal_zh}",
        "a {level} check may only use the {level} elements of the period, not {refusal_en}",
    ),
)
