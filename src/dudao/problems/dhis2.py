"""The catalogue's problems of DHIS2.

An import skips a value it cannot map with one problem per distinct id, at its first use,
counting the values skipped; an export leaves values out with one problem per element, unit or
reason, counting the values not written (``{count}``). A value DHIS2 would not hold for its
value type is one problem of its own, in an import (at its place) and in an export.
"""

from __future__ import annotations

from dudao.problems.kinds import DHIS2, WARNING, ProblemType

TYPES = (
    ProblemType(
        "dhis2-value-type",
        DHIS2,
        "{element} 在方案中是{words}型，value_type 应为 {want}",
        "{element} is {kind} in the scheme: value_type must be {want}",
    ),
    ProblemType(
        "dhis2-id-scheme",
        DHIS2,
        "{key}“{value}”不受支持：请以 UID 或 CODE 导出",
        "{key} {value!r} is not supported: export with UID or CODE",
    ),
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
        "属性选项组合“{combo}”与映射文件的“{wanted}”不符：跳过其 {count} 个值（首次见于此处）",
        "attribute option combo {combo!r} is not the mapping's {wanted!r}: "
        "its {count} value(s) were skipped (first here)",
        variants=(
            (
                "set",
                "数据值集的 {what} 不是对照表的属性选项组合“{wanted}”（按类别代码与选项代码比较）"
                "：其 {count} 个值未读取",
                "the set's {what} is not the mapping's attribute option combo {wanted!r} "
                "(by category, option codes): its {count} value(s) were not read",
            ),
        ),
    ),
    ProblemType(
        "dhis2-combo-disagree",
        DHIS2,
        "{field}“{combo}”与 {other} 在对照表中对应不同的组合：按 DHIS2 的做法，以 {field} 为准",
        "{field} {combo!r} and {other} are different combos in the mapping: {field} is read, as DHIS2 does",
        also=WARNING,
    ),
    ProblemType(
        "dhis2-invalid-value",
        DHIS2,
        "{element}：DHIS2 不会存这个值：{value_type} 只能是{holds_zh}，不能是 {value}",
        "{element}: DHIS2 would not hold this value: {value_type} holds {holds_en}, not {value}",
        variants=(
            (
                "bounds",
                "{element}：DHIS2 不会存这个值："
                "{value_type} 只能是{holds_zh}（{low} 至 {high}），不能是 {value}",
                "{element}: DHIS2 would not hold this value: {value_type} holds {holds_en} "
                "({low} to {high}), not {value}",
            ),
            (
                "too-long",
                "{element}：DHIS2 不会存这个值："
                "{value_type} 的值不能超过 {most} 个字符，{start}… 有 {length} 个",
                "{element}: DHIS2 would not hold this value: a {value_type} value must be under "
                "{under} characters; {start}… has {length}",
            ),
            (
                "export",
                "{element}：{value_type} 只能是{holds_zh}，不能是 {value}，未导出",
                "{element}: {value_type} holds {holds_en}, not {value}; not written",
            ),
            (
                "export-bounds",
                "{element}：{value_type} 只能是{holds_zh}（{low} 至 {high}），不能是 {value}，未导出",
                "{element}: {value_type} holds {holds_en} ({low} to {high}), not {value}; not written",
            ),
            (
                "export-too-long",
                "{element}：{value_type} 的值不能超过 {most} 个字符，{start}… 有 {length} 个，未导出",
                "{element}: a {value_type} value must be under {under} characters; "
                "{start}… has {length}; not written",
            ),
        ),
    ),
    ProblemType(
        "dhis2-annotation",
        DHIS2,
        "{element}：value=“{value}”与 annotation“{annotation}”不同；按 DHIS2 的做法读取 annotation",
        "{element}: value={value!r} and annotation {annotation!r} differ; "
        "the annotation is read, as DHIS2 does",
        also=WARNING,
    ),
    ProblemType(
        "dhis2-unmapped-element",
        DHIS2,
        "DHIS2 数据项“{data_element}”不在映射文件中：跳过其 {count} 个值（首次见于此处）",
        "DHIS2 data element {data_element!r} is not in the mapping: "
        "its {count} value(s) were skipped (first here)",
        also=WARNING,
        variants=(
            (
                "export",
                "数据项“{element}”不在映射文件中：其 {count} 个值未导出",
                "element {element!r} is not in the mapping: its {count} value(s) were not written",
            ),
            (
                "export-no-id",
                "数据项“{element}”在映射文件中没有 DHIS2 {scheme}：其 {count} 个值未导出",
                "element {element!r} has no DHIS2 {scheme} in the mapping: "
                "its {count} value(s) were not written",
            ),
        ),
    ),
    ProblemType(
        "dhis2-unmapped-unit",
        DHIS2,
        "单位“{unit}”不在映射文件中：其 {count} 个值未导出",
        "unit {unit!r} is not in the mapping: its {count} value(s) were not written",
        also=WARNING,
        variants=(
            (
                "no-id",
                "单位“{unit}”在映射文件中没有 DHIS2 {scheme}：其 {count} 个值未导出",
                "unit {unit!r} has no DHIS2 {scheme} in the mapping: its {count} value(s) were not written",
            ),
        ),
    ),
    ProblemType(
        "dhis2-unmapped-org-unit",
        DHIS2,
        "DHIS2 组织机构“{org_unit}”不在映射文件中：跳过其 {count} 个值（首次见于此处）",
        "DHIS2 org unit {org_unit!r} is not in the mapping: its {count} value(s) were skipped (first here)",
    ),
    ProblemType(
        "dhis2-unmapped-combo",
        DHIS2,
        "DHIS2 数据项“{data_element}”的类别选项组合“{combo}”不在映射文件中"
        "：跳过其 {count} 个值（首次见于此处）",
        "combo {combo!r} of DHIS2 data element {data_element!r} is not in the mapping: "
        "its {count} value(s) were skipped (first here)",
    ),
    ProblemType(
        "dhis2-attribute-combo-missing",
        DHIS2,
        "属性选项组合“{combo}”在对照表中没有 {scheme}（不写它，值会落入默认属性组合）：其 {count} 个值未导出",
        "attribute option combo {combo!r} has no {scheme} in the mapping "
        "(without it the values would land on the default one): its {count} value(s) were not written",
        variants=(
            (
                "adx",
                "属性选项组合“{combo}”在对照表中没有 {scheme} 或类别（不写它，值会落入默认属性组合）"
                "：其 {count} 个值未导出",
                "attribute option combo {combo!r} has no {scheme} or categories in the mapping "
                "(without it the values would land on the default one): "
                "its {count} value(s) were not written",
            ),
        ),
    ),
    ProblemType(
        "dhis2-combo-missing",
        DHIS2,
        "数据项“{element}”的类别选项组合“{combo}”在对照表中没有 {scheme}（不写它，值会落入默认组合）"
        "：其 {count} 个值未导出",
        "the category option combo {combo!r} of element {element!r} has no {scheme} in the mapping "
        "(without it the value would land on the default combo): its {count} value(s) were not written",
        variants=(
            (
                "adx",
                "数据项“{element}”的类别选项组合“{combo}”在对照表中没有 {scheme} 或类别"
                "（不写它，值会落入默认组合）：其 {count} 个值未导出",
                "the category option combo {combo!r} of element {element!r} has no {scheme} or categories "
                "in the mapping (without it the value would land on the default combo): "
                "its {count} value(s) were not written",
            ),
            (
                "disaggregated",
                "数据项“{element}”没有类别选项组合，而 DHIS2 数据项 {data_element} 在对照表中按类别分列"
                "（请给出其 category_option_combo）：其 {count} 个值未导出",
                "element {element!r} has no category option combo, but DHIS2 data element {data_element} "
                "is disaggregated in the mapping (give its category_option_combo): "
                "its {count} value(s) were not written",
            ),
        ),
    ),
    ProblemType(
        "dhis2-true-only-no",
        DHIS2,
        "数据项“{element}”是 TRUE_ONLY：DHIS2 只存“是”，ADX 也无法清除其值，“否”未写出"
        "：其 {count} 个值未导出",
        "element {element!r} is TRUE_ONLY: DHIS2 holds only yes and ADX cannot clear a value, "
        "so a no is not written: its {count} value(s) were not written",
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
