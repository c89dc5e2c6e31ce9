"""The catalogue's problems of formulas."""

from __future__ import annotations

from dudao.problems.kinds import FORMULA, ProblemType

TYPES = (
    ProblemType("formula-empty", FORMULA, "公式为空", "the formula is empty"),
    ProblemType(
        "formula-syntax",
        FORMULA,
        "此处不应出现“{token}”，应为：{expected_zh}",
        "unexpected {token!r}; expected {expected_en}",
        variants=(
            ("character", "无法识别的字符“{char}”", "unexpected character {char!r}"),
            ("ends-early", "公式不完整", "the formula ends too early"),
            (
                "ends-early-expected",
                "公式不完整，此处应为：{expected_zh}",
                "the formula ends too early; expected {expected_en}",
            ),
            (
                "positional-after-keyword",
                "位置参数不能出现在关键字参数之后",
                "a positional argument cannot follow a keyword argument",
            ),
        ),
    ),
    ProblemType(
        "unknown-function",
        FORMULA,
        "未知函数“{function}”{suggestion_zh}",
        "unknown function {function!r}{suggestion_en}",
    ),
    ProblemType(
        "formula-arity",
        FORMULA,
        "函数 {function} {expected_zh}，给了 {count} 个",
        "{function}() {expected_en}, got {count}",
    ),
    ProblemType(
        "formula-keyword",
        FORMULA,
        "函数 {function} 不接受参数“{keyword}”",
        "{function}() takes no argument {keyword!r}",
    ),
    ProblemType(
        "formula-level",
        FORMULA,
        "区县层面的“{name}”不能用在学校层面的计算中",
        "unit-level {name!r} cannot be used in a school-level formula",
        variants=(
            (
                "school-attribute",
                "学校属性“{name}”只能用在学校层面的公式或汇总函数中",
                "school attribute {name!r} is only available at school level "
                "(inside an aggregate such as sum(..., where = ...))",
            ),
            (
                "school-indicator",
                "学校层面指标“{name}”需用汇总函数（如 avg、count_if）汇总到区县",
                "school-level indicator {name!r} must be aggregated (avg, count_if, …) "
                "to be used at unit level",
            ),
            (
                "no-aggregate",
                "学校数据项“{name}”未声明汇总方式，请用汇总函数",
                "school element {name!r} declares no aggregate; use an aggregate",
            ),
            (
                "nested-aggregate",
                "汇总函数 {function} 不能用在学校层面或另一个汇总函数中",
                "aggregate {function}() cannot be used at school level or nested",
            ),
            (
                "aggregate-argument",
                "汇总函数 {function} 的参数应为学校数据",
                "the argument of {function}() must be school data",
            ),
        ),
    ),
    ProblemType(
        "formula-type",
        FORMULA,
        "{what_zh}应为{want_zh}，这里是{got_zh}",
        "{what_en} must be a {want_en}, got a {got_en}",
        variants=(
            (
                "formula",
                "{what}应为{want_zh}公式，这里得到{got_zh}",
                "{what} must be a {want_en} formula, got a {got_en}",
            ),
            (
                "check",
                "校验规则应为是非公式（如 a <= b），这里得到{got_zh}公式",
                "a check's rule must be a yes/no formula (such as a <= b), got a {got_en}",
            ),
            ("compare", "不能比较{a_zh}和{b_zh}", "cannot compare a {a_en} with a {b_en}"),
            (
                "equality-only",
                "{type_zh}只能用 == 或 != 比较",
                "a {type_en} can only be compared with == or !=",
            ),
            ("if-branches", "if() 两个分支的类型应相同", "both branches of if() must have the same type"),
            ("round-digits", "round() 的位数必须是常数", "the digits of round() must be a constant"),
        ),
    ),
)
