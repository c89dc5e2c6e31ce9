"""The catalogue of problem codes (问题目录): every code once, with its severity and messages.

A :class:`~dudao.errors.Problem` is a value found in a user's input. Its code is one of the
codes below, each with a severity and a Chinese and an English message template whose
``{fields}`` the place that finds the problem fills in: :meth:`Problem.of
<dudao.errors.Problem.of>` makes a Problem from its entry, and a Problem whose code is not
catalogued is a bug, refused when it is made. ``docs/problems.md`` is written from this
catalogue (``python -m dudao.problems --write docs/problems.md``); a test keeps it up to date.

>>> CATALOGUE["unknown-unit"].en
'unit {unit!r} is not in {among_en}'
>>> CATALOGUE["element-not-in-scheme"].severity
'warning'

A scheme's own consistency checks fail as ``check-<code of the check>``: one family entry,
``check-*``, covers them. This module imports nothing from dudao: :mod:`dudao.errors` reads it.
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from pathlib import Path

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class ProblemType:
    """One kind of problem: a stable code, where it arises, its severity and message templates."""

    code: str
    area: str
    zh: str
    en: str
    severity: str = ERROR
    also: str = ""  # the other severity a place may give it (a scheme's own checks choose)
    # Other wordings of the same problem, each (name, zh, en): Problem.of(code, variant=name).
    variants: tuple[tuple[str, str, str], ...] = ()

    def templates(self, variant: str = "") -> tuple[str, str]:
        """The Chinese and English templates: the entry's own, or those of a named variant."""
        if not variant:
            return self.zh, self.en
        for name, zh, en in self.variants:
            if name == variant:
                return zh, en
        raise ValueError(f"problem {self.code!r} has no variant {variant!r} (dudao/problems.py)")

    @property
    def severities(self) -> tuple[str, ...]:
        """The severities a problem of this kind may have: its own, and ``also`` if given."""
        return (self.severity, self.also) if self.also else (self.severity,)

    @property
    def fields(self) -> tuple[str, ...]:
        """The names the templates expect, in order of first use."""
        names: list[str] = []
        for template in (self.zh, self.en, *(t for _, zh, en in self.variants for t in (zh, en))):
            for _, name, _, _ in string.Formatter().parse(template):
                if name and name not in names:
                    names.append(name)
        return tuple(names)


SCHEME, FORMULA, FILES, UPLOADS, DATA, WORKBOOK, DHIS2, DOCUMENTS, READER, WEB = (
    "方案 scheme",
    "公式 formula",
    "文件 files",
    "上传 uploads",
    "数据 data",
    "Excel 填报模板 workbook",
    "DHIS2",
    "公文 documents",
    "报告阅读 reader",
    "网页 web",
)

_TYPES = (
    # -- files, any format -----------------------------------------------------------------------
    ProblemType(
        "file-missing",
        FILES,
        "找不到文件 {file}",
        "no such file: {file}",
        variants=(
            ("folder", "{file} 是目录，不是{expected_zh}", "{file} is a folder, not a {expected_en}"),
            ("data-folder", "找不到数据目录 {file}", "no such data folder: {file}"),
            ("in-folder", "缺少文件 {file}", "missing file {file}"),
        ),
    ),
    ProblemType("file-unreadable", FILES, "无法读取 {file}：{reason}", "cannot read {file}: {reason}"),
    ProblemType(
        "file-encoding",
        FILES,
        "文件不是 UTF-8 编码",
        "the file is not UTF-8",
        variants=(
            (
                "csv",
                "文件不是 UTF-8 编码（请另存为 UTF-8 CSV）",
                "the file is not UTF-8 (save it as UTF-8 CSV)",
            ),
            (
                "excel-csv",
                "文件不是 UTF-8 编码（请在 Excel 中另存为“CSV UTF-8”）",
                "the file is not UTF-8 (save it as “CSV UTF-8” in Excel)",
            ),
        ),
    ),
    ProblemType(
        "too-large",
        FILES,
        "文件超过 {limit} 的上限",
        "the file is larger than the {limit} limit",
        variants=(
            (
                "upload",
                "文件超过 {limit}，请拆分后上传，或用命令 dudao import 导入",
                "the file is over {limit}: split it, or use dudao import",
            ),
        ),
    ),
    ProblemType("no-file", WEB, "请选择要上传的文件", "choose a file to upload"),
    ProblemType(
        "unknown-format",
        FILES,
        "无法从扩展名 {suffix_zh} 判断文件格式；可用：.csv .json .xlsx .xml",
        "cannot tell the format from the extension {suffix_en}; use .csv .json .xlsx .xml or --format",
        variants=(
            ("given", "未知格式 {given}；可用：{known_zh}", "unknown format {given}; use one of {known_en}"),
            (
                "export",
                "不能导出为 {given}；可用：{known_zh}",
                "cannot export as {given}; use one of {known_en}",
            ),
        ),
    ),
    ProblemType(
        "mapping-needed",
        DHIS2,
        "DHIS2 文件需要对照表（--mapping）",
        "a DHIS2 file needs its mapping",
        variants=(
            (
                "upload",
                "DHIS2 文件需要同时上传对照表（YAML）",
                "a DHIS2 file needs its mapping file (YAML) too",
            ),
        ),
    ),
    # -- uploads (evidence, reports, imported files): dudao.store.entry.uploads ------------------
    ProblemType(
        "upload-name-empty",
        UPLOADS,
        "文件名“{name}”不是一个文件名；请给文件起一个名字再上传",
        "“{name}” is not a file name: name the file and upload it again",
    ),
    ProblemType(
        "upload-name-path",
        UPLOADS,
        "文件名“{name}”含有路径（/、\\、: 或 ..），不能接受；请只用文件本身的名字，如“自评报告.docx”",
        "the file name “{name}” holds a path (/, \\, : or ..): use the file's own name only, such as "
        "“report.docx”",
    ),
    ProblemType(
        "upload-name-control",
        UPLOADS,
        "文件名“{name}”含有控制字符或不可见字符 {character}，不能接受；请改名后上传",
        "the file name “{name}” holds the control or invisible character {character}: rename the "
        "file and upload it again",
    ),
    ProblemType(
        "upload-name-long",
        UPLOADS,
        "文件名过长（{size} 字节，上限 {limit} 字节，约 85 个汉字）；请改短后上传",
        "the file name is too long ({size} bytes; at most {limit}, about 85 Chinese characters): "
        "shorten it and upload it again",
    ),
    ProblemType(
        "upload-macros",
        UPLOADS,
        "不能接受“{name}”：文件中含有宏（{found}）。宏可能携带恶意代码；请在 Office 中“另存为”不含宏的 "
        ".docx 或 .xlsx 后再上传",
        "“{name}” is refused: it holds macros ({found}), which can carry malicious code. In Office, "
        "“Save As” a .docx or .xlsx without macros and upload that",
    ),
    ProblemType(
        "upload-damaged",
        UPLOADS,
        "不能接受“{name}”：无法读取其结构，文件可能已损坏；请重新保存后上传",
        "“{name}” is refused: its structure cannot be read, the file may be damaged; save it again "
        "and upload that",
    ),
    # -- YAML ------------------------------------------------------------------------------------
    ProblemType(
        "yaml-syntax",
        FILES,
        "YAML 格式错误：{detail}",
        "malformed YAML: {detail}",
        variants=(("dataset", "dataset.yaml 无法读取：{detail}", "dataset.yaml cannot be read: {detail}"),),
    ),
    ProblemType("yaml-empty", FILES, "文件为空", "the file is empty"),
    ProblemType(
        "yaml-duplicate-key",
        FILES,
        "键“{key}”重复出现（首次在第 {line} 行）",
        "duplicate key {key!r} (first at line {line})",
    ),
    ProblemType(
        "yaml-type",
        FILES,
        "{what_zh}应为{expected_zh}",
        "{what_en} must be {expected_en}",
        variants=(
            (
                "ratio_of",
                "字段“ratio_of”应写作“分子 / 分母”（两个数据项代码），得到“{value}”",
                "'ratio_of' must read \"numerator / denominator\" (two element codes), got {value!r}",
            ),
        ),
    ),
    ProblemType(
        "unknown-key",
        FILES,
        "未知的{what_zh}“{key}”",
        "unknown {what_en} {key!r}",
        variants=(("known", "未知字段“{key}”，可用：{known_zh}", "unknown key {key!r} (known: {known_en})"),),
    ),
    # -- schemes ---------------------------------------------------------------------------------
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
    # -- formulas --------------------------------------------------------------------------------
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
    # -- data: any format ------------------------------------------------------------------------
    ProblemType(
        "required",
        DATA,
        "缺少“{field}”",
        "{field} is required",
        variants=(
            ("empty", "{what_zh}为空", "the {what_en} is empty"),
            (
                "adx-group",
                "group 缺少 {missing_zh} 属性：该组的值均未读取",
                "group has no {missing_en}: none of its values were read",
            ),
            ("adx-data-element", "dataValue 缺少 dataElement 属性", "dataValue has no dataElement"),
            ("keys", "缺少字段：{keys_zh}", "missing keys: {keys_en}"),
        ),
    ),
    ProblemType("missing-column", DATA, "{file} 缺少列 {column}", "{file} has no column {column}"),
    ProblemType(
        "csv-syntax",
        DATA,
        "CSV 格式错误：{detail}",
        "malformed CSV: {detail}",
        variants=(
            (
                "header",
                "第 1 行（列名）格式错误：{detail}",
                "line 1 (the column names) is malformed: {detail}",
            ),
        ),
    ),
    ProblemType(
        "csv-columns",
        DATA,
        "缺少列：{missing_zh}（应有：{expected}）",
        "missing columns: {missing_en} (expected: {expected})",
        variants=(
            (
                "repeated",
                "列名“{name}”出现不止一次（第 {column} 列）；每列只能出现一次",
                "column {name!r} is named more than once (column {column}); name each column once",
            ),
            (
                "header",
                "缺少列：{missing_zh}（第 1 行应为列名：{expected}）",
                "missing columns: {missing_en} (line 1 must name the columns: {expected})",
            ),
        ),
    ),
    ProblemType("json-syntax", DATA, "JSON 格式错误：{detail}", "malformed JSON: {detail}"),
    ProblemType(
        "json-shape",
        DATA,
        "JSON 结构不对：{detail}",
        "unexpected JSON shape: {detail}",
        variants=(
            (
                "attribute-option-combo",
                "数据值集的 attributeOptionCombo 应为标识（文本）或 {{类别: 选项}} 对象",
                "the set's attributeOptionCombo must be an id (text) or a {{category: option}} object",
            ),
            (
                "attribute-category-options",
                "数据值集的 attributeCategoryOptions 应为类别选项标识的列表",
                "the set's attributeCategoryOptions must be a list of category option ids",
            ),
            (
                "too-deep",
                "JSON 嵌套过深（应为对象列表）",
                "the JSON is nested too deep (it must be a list of objects)",
            ),
            (
                "values",
                'JSON 应为对象列表 [{{"unit", "element", "period", "value"}}, …]，或含 values 列表的对象',
                'JSON must be a list of {{"unit", "element", "period", "value"}} objects, '
                'or an object with "values"',
            ),
            (
                "entry",
                "每一项应为含 unit、element、period、value 的对象",
                "each entry must be an object with unit, element, period and value",
            ),
        ),
    ),
    ProblemType("xml-syntax", DATA, "XML 格式错误：{detail}", "malformed XML: {detail}"),
    ProblemType(
        "xml-forbidden",
        DATA,
        "XML 含有文档类型定义或实体声明（{kind}），出于安全原因拒绝读取",
        "the XML declares a DTD or entities ({kind}); refused for safety",
    ),
    ProblemType(
        "adx-shape",
        DHIS2,
        "根元素应为 ADX 命名空间 {namespace} 的 <adx>，而不是 <{root}>",
        "the root element must be <adx> in namespace {namespace}, not <{root}>",
    ),
    ProblemType(
        "unknown-unit",
        DATA,
        "单位“{unit}”不在{among_zh}中",
        "unit {unit!r} is not in {among_en}",
        variants=(
            ("parent", "上级单位“{unit}”不在{among_zh}中", "parent unit {unit!r} is not in {among_en}"),
            (
                "template",
                "单位代码“{unit}”不在{among_zh}中，无法生成它的填报模板",
                "unit {unit!r} is not in {among_en}; no template can be written for it",
            ),
            (
                "template-level",
                "单位代码“{unit}”不在数据中，或不是“{level}”级单位，无法生成它的填报模板",
                "unit {unit!r} is not in the data or is not a {level} unit; "
                "no template can be written for it",
            ),
        ),
    ),
    ProblemType(
        "unknown-element",
        DATA,
        "数据项代码“{element}”不在评价方案中",
        "element {element!r} is not in the scheme",
        variants=(
            (
                "scheme",
                "数据项代码“{element}”不在评价方案 {scheme} 中",
                "element {element!r} is not in scheme {scheme}",
            ),
            (
                "template",
                "数据项代码“{element}”不在当前评价方案中（模板生成后方案已修改）；请重新下载模板",
                "element {element!r} is not in the scheme (it changed after the template was written); "
                "download the template again",
            ),
        ),
    ),
    ProblemType(
        "element-not-in-scheme",
        DATA,
        "数据中有 {count} 个数据项不在本方案中，已忽略：{shown_zh}",
        "{count} elements in the data are not in this scheme and were ignored: {shown_en}",
        WARNING,
        variants=(
            (
                "rows",
                "数据中有 {count} 个数据项（{rows} 行）不在本方案中，已忽略：{shown_zh}",
                "{count} elements in the data ({rows} rows) are not in this scheme "
                "and were ignored: {shown_en}",
            ),
        ),
    ),
    ProblemType(
        "bad-period",
        DATA,
        "年度“{period}”应为年份整数，如 2021",
        "period {period!r} must be a year such as 2021",
        variants=(
            (
                "not-collected",
                "年度 {period} 不在本轮次采集的年度（{years_zh}）中",
                "period {period} is not collected in this round ({years_en})",
            ),
        ),
    ),
    ProblemType(
        "duplicate-row",
        DATA,
        "与第 {first} 行重复",
        "duplicates line {first}",
        variants=(
            (
                "unit-code",
                "单位代码 {code} 重复（首次在第 {first} 行）",
                "duplicate unit code {code} (first at line {first})",
            ),
            (
                "unit-code-again",
                "单位代码 {code} 重复（第 {row} 行）",
                "duplicate unit code {code} (row {row})",
            ),
            (
                "value",
                "{unit} 的 {element}（{period}）重复（首次在第 {first} 行）",
                "duplicate value for {unit} / {element} / {period} (first at line {first})",
            ),
            (
                "first-taken",
                "{unit} 的 {element}（{period}）在文件中出现了两次，只取第一次",
                "{unit} / {element} / {period} appears twice in the file; the first is taken",
            ),
        ),
    ),
    ProblemType(
        "not-a-number",
        DATA,
        "{prefix_zh}“{text}”不是数字，请填写数字，如 1234 或 85.5",
        "{prefix_en}“{text}” is not a number; enter a number such as 1234 or 85.5",
        variants=(
            (
                "too-long",
                "{prefix_zh}“{text}”太长（超过 {limit} 个字符），不是数字",
                "{prefix_en}“{text}” is too long (over {limit} characters) to be a number",
            ),
            (
                "placeholder",
                "{prefix_zh}“{text}”不是数字；缺失请留空，没有请填 0",
                "{prefix_en}“{text}” is not a number; leave the cell empty when the value is missing, "
                "write 0 when there are none",
            ),
            (
                "unit-suffix",
                "{prefix_zh}“{text}”带有单位或约数字样，请只填数字（单位见数据项说明）",
                "{prefix_en}“{text}” carries a unit or an approximation; write the number only "
                "(the field's unit is given)",
            ),
            (
                "yes-no-field",
                "{prefix_zh}“{text}”无效，请选择“是”或“否”",
                "{prefix_en}“{text}” is not valid; choose “是” (yes) or “否” (no)",
            ),
            (
                "in-cell",
                "{message_zh}（本格允许：{allowed_zh}）",
                "{message_en} (this cell accepts {allowed_en})",
            ),
            (
                "column",
                "{file} 的列 {column} 不是数值列（类型 {dtype}）",
                "column {column} of {file} is not numeric (type {dtype})",
            ),
        ),
    ),
    ProblemType("not-finite", DATA, "{prefix_zh}请填写有限的数字", "{prefix_en}enter a finite number"),
    ProblemType(
        "yes-no-in-number",
        DATA,
        "{prefix_zh}“{text}”是是非词，本项应填数字（{allowed_zh}）；没有请填 0，不详请留空",
        "{prefix_en}“{text}” is a yes/no word, but this field takes a number ({allowed_en}); "
        "write 0 if there are none, leave it empty if unknown",
    ),
    ProblemType(
        "percent-unit",
        DATA,
        "{prefix_zh}“{text}”是百分数，但本项的单位是“{unit}”；请按本项单位填写数字（{allowed_zh}）",
        "{prefix_en}“{text}” is a percent, but this field's unit is {unit!r}; "
        "enter a number in that unit ({allowed_en})",
    ),
    ProblemType(
        "formula-text",
        DATA,
        "{prefix_zh}“{text}”是公式，不是数值；请填写计算后的数字",
        "{prefix_en}“{text}” is a formula, not a value; enter the number it gives",
    ),
    ProblemType(
        "date-not-number",
        DATA,
        "{prefix_zh}“{text}”是日期，不是数值；请把单元格格式改为“常规”或“数值”后重新填写",
        "{prefix_en}“{text}” is a date, not a number; "
        "set the cell format to General or Number and enter it again",
    ),
    ProblemType(
        "word-in-dataset",
        DATA,
        "“{text}”的含义取决于数据项（是非词或百分数），数据目录不对照评价方案读取；"
        "请写数字：是/否写 1/0，88% 写 88",
        "{text!r} means something only for some elements (a yes/no word, a percent), and a data "
        "folder is read without the scheme: write numbers (1/0 for yes/no, 88 for 88%)",
    ),
    ProblemType(
        "csv-extra-fields",
        FILES,
        "第 {line} 行有 {fields} 个字段，而表头只有 {columns} 列（{names}）：数值里的千分位逗号要加引号"
        '（写作 "1,234" 或 1234），或者删去多余的逗号',
        "line {line} has {fields} fields but the header has {columns} ({names}): a number with a "
        'thousands comma must be quoted ("1,234", or 1234), or remove the extra commas',
    ),
    ProblemType(
        "file-too-large",
        FILES,
        "{what_zh}有 {size_zh}，超过上限 {limit}（可用环境变量 {setting} 调整）",
        "{what_en} has {size_en}, more than the limit of {limit} (set {setting} to change it)",
        variants=(
            (
                "entries",
                "不能读取这个文件：压缩包内有 {count} 个文件，超过上限 {limit}",
                "the file cannot be read: the archive holds {count} files, more than the limit of {limit}",
            ),
            (
                "unpacked",
                "不能读取这个文件：解压后共 {size} MB，超过上限 {limit} MB"
                "（可用环境变量 DUDAO_MAX_UNPACKED_BYTES 调整）",
                "the file cannot be read: it unpacks to {size} MB, more than the limit of {limit} MB "
                "(set DUDAO_MAX_UNPACKED_BYTES to change it)",
            ),
        ),
    ),
    ProblemType(
        "zip-bomb",
        FILES,
        "不能读取这个文件：压缩包内的 {entry} 压缩比为 {ratio}:1，远超正常文件（上限 {limit}:1），"
        "疑为压缩炸弹，拒绝读取",
        "the file cannot be read: {entry} inside is packed {ratio}:1, far beyond any real file "
        "(limit {limit}:1): refused as a decompression bomb",
    ),
    ProblemType(
        "sheet-too-large",
        WORKBOOK,
        "工作表“{sheet}”的{what_zh}远在填报区域之外（{room_zh}），读取它需要铺开 {rows} 行 × {columns} 列；"
        "请删除该处的内容（或整行、整列）后重新保存上传",
        "sheet {sheet!r} has {what_en} far outside the area to fill ({room_en}); reading it would lay out "
        "{rows} rows × {columns} columns. Delete what is there (or the whole rows and columns), "
        "save and upload again",
    ),
    ProblemType(
        "formula-not-computed",
        WORKBOOK,
        "单元格是公式，但文件中没有保存计算结果（由其他软件生成、未经 Excel 计算）；"
        "请在 Excel 中打开并保存一次，或直接填写数字",
        "the cell is a formula with no computed value saved in the file (written by another program, "
        "never calculated); open and save it in Excel, or enter the number",
    ),
    ProblemType(
        "formula-error",
        WORKBOOK,
        "单元格是公式，计算结果为错误 {error}；请改正公式或直接填写数字",
        "the cell is a formula whose result is the error {error}; correct it or enter the number",
    ),
    ProblemType(
        "yaml-too-deep",
        FILES,
        "映射和列表嵌套超过 {limit} 层",
        "mappings and lists are nested more than {limit} deep",
    ),
    ProblemType(
        "yaml-too-large",
        FILES,
        "展开别名（*引用）后共有超过 {limit} 个值，疑为恶意文件；请不要层层嵌套引用",
        "expanding its aliases (*references) gives more than {limit} values; "
        "do not nest references in references",
    ),
    ProblemType(
        "yaml-tag",
        FILES,
        "不支持的 YAML 标签 {tag}；方案只用普通的文本、数字、是非、列表和映射",
        "unsupported YAML tag {tag}; a scheme holds only plain text, numbers, booleans, lists and mappings",
    ),
    ProblemType("yaml-value", FILES, "“{text}”不是 {tag} 类型的值", "{text!r} is not a valid {tag} value"),
    ProblemType(
        "formula-too-long",
        FORMULA,
        "公式有 {count} 个字符，超过上限 {limit}；请拆成几个指标",
        "the formula has {count} characters, more than {limit}; split it into indicators",
    ),
    ProblemType(
        "formula-too-deep",
        FORMULA,
        "公式嵌套超过 {limit} 层（运算符、括号或函数套函数）；请拆成几个指标",
        "the formula nests more than {limit} deep (operators, brackets or calls); split it into indicators",
    ),
    ProblemType(
        "formula-number",
        FORMULA,
        "数字过长或过大（最多 {limit} 个字符、不超过 1e308）",
        "the number is too long or too large (at most {limit} characters, below 1e308)",
    ),
    ProblemType(
        "not-a-boolean",
        DATA,
        "数据项 {element} 为是非项，值“{value}”无效（应为 是/否、1/0）",
        "{element} is yes/no; {value} is not 1/0/是/否",
        variants=(
            (
                "snapshot",
                "数据项 {element} 为是非项，{period} 年 {first_unit} 等 {count} 个单位的值无效"
                "（如“{first_value}”，应为 1/0）",
                "{element} is yes/no; {count} values of {period} are not 1/0 "
                "(first: {first_unit}: {first_value})",
            ),
            (
                "unit",
                "数据项 {element} 为是非项，{unit}（{period}）的值“{value}”无效（应为 1/0）",
                "{element} is yes/no; {value} for {unit} ({period}) is not 1/0",
            ),
        ),
    ),
    ProblemType(
        "out-of-range",
        DATA,
        "{value} 超出允许范围 {range_zh}",
        "{value} is outside {range_en}",
        variants=(
            (
                "cell",
                "{prefix_zh}{value} 超出允许范围 {range_zh}",
                "{prefix_en}{value} is outside the allowed range, {range_en}",
            ),
            (
                "element",
                "{name}：{value} 超出允许范围 {range_zh}",
                "{element}: {value} is outside the allowed range, {range_en}",
            ),
        ),
    ),
    ProblemType("empty-value", DATA, "空值", "an empty value", also=WARNING),
    ProblemType(
        "no-units", DATA, "数据中没有层级为“{level}”的被评价单位", "the data has no units at level {level!r}"
    ),
    ProblemType(
        "no-data-for-period",
        DATA,
        "数据中没有 {period} 年的数据（现有：{have_zh}）",
        "the data has no values for {period} (it has: {have_en})",
    ),
    ProblemType(
        "bad-review-level",
        DATA,
        "{unit} 的指标 {item} 评审等级“{level}”无效，可选：{levels_zh}",
        "review level {level!r} for {unit} / {item} is not one of {levels_en}",
    ),
    ProblemType(
        "not-parquet",
        DATA,
        "{file} 不是可读的 Parquet 文件（{detail}）",
        "{file} is not a readable Parquet file ({detail})",
    ),
    ProblemType(
        "bad-snapshot-layout",
        DATA,
        "快照目录中的“{name}”命名无效，应为如 {example} 的文件夹",
        "{name!r} in the snapshot is not a folder named like {example}",
    ),
    ProblemType(
        "check-*",
        DATA,
        "单位 {unit}：{message}",
        "unit {unit}: check {check} fails: {message}",
        also=WARNING,
        variants=(
            (
                "left-out",
                "单位 {unit}：{message}（该单位本年度的值均未导入）",
                "unit {unit}: check {check} fails: {message} "
                "(none of the unit's values for the year were imported)",
            ),
        ),
    ),
    ProblemType(
        "entry-locked",
        WEB,
        "本单位已提交，数据已锁定；如需修改，请联系督导室退回（文件中的 {count} 个值均未导入）",
        "the unit has submitted; ask the office to return it "
        "(none of the file's {count} values were imported)",
        variants=(
            (
                "closed",
                "本轮次未开放填报，不能导入（文件中的 {count} 个值均未导入）",
                "the round is not open for entry (none of the file's {count} values were imported)",
            ),
        ),
    ),
    # -- Excel templates -------------------------------------------------------------------------
    ProblemType(
        "not-xlsx",
        WORKBOOK,
        "不是 Excel 工作簿（.xlsx）：文件内容不是 .xlsx 格式。请上传从本系统下载、填写后保存的 .xlsx 模板",
        "not an Excel workbook (.xlsx): its content is not in the .xlsx format"
        ". Upload the .xlsx template downloaded from dudao, filled in",
        variants=(
            (
                "xls",
                "不是 Excel 工作簿（.xlsx）：这是旧版 .xls 文件，请在 Excel 中“另存为”.xlsx 后再上传"
                "。请上传从本系统下载、填写后保存的 .xlsx 模板",
                "not an Excel workbook (.xlsx): this is an old .xls file; save it as .xlsx"
                ". Upload the .xlsx template downloaded from dudao, filled in",
            ),
            (
                "damaged",
                "不是 Excel 工作簿（.xlsx）：文件已损坏，无法打开（{error}）"
                "。请上传从本系统下载、填写后保存的 .xlsx 模板",
                "not an Excel workbook (.xlsx): it is damaged and cannot be opened ({error})"
                ". Upload the .xlsx template downloaded from dudao, filled in",
            ),
            (
                "archive-damaged",
                "不能读取这个工作簿：文件已损坏，无法打开（{error}）",
                "the workbook cannot be read: it is damaged and cannot be opened ({error})",
            ),
        ),
    ),
    ProblemType(
        "unreadable-file", WORKBOOK, "无法读取文件（{reason}）", "the file cannot be read ({reason})"
    ),
    ProblemType(
        "not-our-workbook",
        WORKBOOK,
        "这不是本系统的填报模板（缺少模板信息，或模板信息已损坏）。可以导入的是：从本系统下载的“{label}”"
        "填报模板（命令 dudao template 或网页“下载模板”），填写后原样上传；"
        "或者 CSV/JSON 长表（unit, element, period, value 四列）",
        "this is not a dudao template (its layout sheet is missing or damaged). Accepted: the template of "
        "{code!r} downloaded from dudao (dudao template, or the web page), filled in; "
        "or a long CSV/JSON file (unit, element, period, value)",
    ),
    ProblemType(
        "wrong-scheme",
        WORKBOOK,
        "这份模板属于方案“{title}”（{scheme}），不是“{label}”（{code}）；请下载本方案的模板",
        "this template is for scheme {scheme!r}, not {code!r}; download this scheme's template",
    ),
    ProblemType(
        "wrong-period",
        WORKBOOK,
        "这份模板填报的是 {period} 年度数据，本次导入只接受 {wanted} 年度；请下载 {wanted} 年度的模板",
        "this template holds {period} data; this import takes only {wanted}. Download the {wanted} template",
    ),
    ProblemType(
        "wrong-level",
        WORKBOOK,
        "该数据项不由这一级填报",
        "this level does not enter the element",
        variants=(
            (
                "unit",
                "{name}（{element}）不由单位 {unit} 这一级填报",
                "{element} is not entered by unit {unit} (another level enters it)",
            ),
        ),
    ),
    ProblemType(
        "scheme-changed",
        WORKBOOK,
        "模板生成后评价方案已修改；仍按代码导入，但建议重新下载模板",
        "the scheme changed after this template was written; values are read by their codes, "
        "but downloading the template again is advised",
        WARNING,
    ),
    ProblemType(
        "missing-sheet",
        WORKBOOK,
        "缺少工作表“{sheet}”：工作表不能删除或改名，请用原模板填写",
        "sheet {sheet!r} is missing: sheets must not be deleted or renamed; fill in the original template",
        also=WARNING,
        variants=(
            (
                "instructions",
                "缺少“{sheet}”工作表（不影响导入）",
                "the {sheet} (instructions) sheet is missing (the import is not affected)",
            ),
        ),
    ),
    ProblemType(
        "extra-sheet",
        WORKBOOK,
        "多出工作表“{sheet}”：模板只有 {shown} 这些表，数据只能填在原有的表中，请删除该表",
        "extra sheet {sheet!r}: the template has only the sheets {wanted}; "
        "enter data in those and delete this one (or give it back its original name)",
        variants=(
            (
                "renamed",
                "多出工作表“{sheet}”：模板只有 {shown} 这些表，数据只能填在原有的表中，请删除该表"
                "；如果它是由{missing}改名而来，请改回原名",
                "extra sheet {sheet!r}: the template has only the sheets {wanted}; "
                "enter data in those and delete this one (or give it back its original name)",
            ),
        ),
    ),
    ProblemType(
        "deleted-row",
        WORKBOOK,
        "{where_zh}原为{was_zh}，该行已被删除或移走；请用原模板填写，不要删除或移动行",
        "{where_en} was {was_en}; it was deleted or moved. Fill in the original template "
        "without deleting or moving rows",
    ),
    ProblemType(
        "deleted-column",
        WORKBOOK,
        "{where_zh}原为{was_zh}，该列已被删除或移走；请用原模板填写，不要删除或移动列",
        "{where_en} was {was_en}; it was deleted or moved. Fill in the original template "
        "without deleting or moving columns",
    ),
    ProblemType(
        "inserted-row",
        WORKBOOK,
        "{where_zh}不是模板中的行（代码“{code}”）：模板不能插入或增加行，请删除该行",
        "{where_en} is not in the template (code {code!r}): rows cannot be inserted or added; "
        "delete this row",
    ),
    ProblemType(
        "inserted-column",
        WORKBOOK,
        "{where_zh}不是模板中的列（代码“{code}”）：模板不能插入或增加列，请删除该列",
        "{where_en} is not in the template (code {code!r}): columns cannot be inserted or added; "
        "delete this column",
    ),
    ProblemType(
        "changed-code",
        WORKBOOK,
        "代码被改动：应为{was_zh}，现为“{code}”；代码不能修改，请改回“{wanted}”",
        "the code was changed: it should be {was_en}, it is {code!r}; codes must not be changed, "
        "put back {wanted!r}",
    ),
    # -- DHIS2 -----------------------------------------------------------------------------------
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
    # -- documents and reports -------------------------------------------------------------------
    ProblemType(
        "prose-file",
        DOCUMENTS,
        "文件不存在：{path}",
        "not a readable file: {path}",
        variants=(("not-a-file", "不是文件：{path}", "not a readable file: {path}"),),
    ),
    ProblemType(
        "prose-encoding",
        DOCUMENTS,
        "文件不是 UTF-8 编码（第 {byte} 字节）：请另存为 UTF-8",
        "the file is not UTF-8 (byte {byte}); save it as UTF-8",
    ),
    ProblemType(
        "prose-shape",
        DOCUMENTS,
        "顶层应为“单位代码: {{narratives, plans}}”",
        "the top level must map unit codes to {{narratives, plans}}",
        variants=(
            ("unit", "单位 {unit} 下应为 narratives 和 plans", "unit {unit}: expected narratives and plans"),
            ("section", "{section} 下应为“代码: 文字”", "{section}: expected code: text pairs"),
        ),
    ),
    ProblemType(
        "prose-section",
        DOCUMENTS,
        "未知的部分“{section}”，可用：narratives、plans",
        "unknown section {section!r}; use narratives or plans",
    ),
    ProblemType("prose-text", DOCUMENTS, "“{code}”的内容应为文字", "{code}: expected text"),
    ProblemType(
        "prose-unknown-area",
        DOCUMENTS,
        "方案中没有一级指标“{code}”（可用：{known} …），已忽略",
        "the scheme has no area {code!r}; ignored",
        WARNING,
    ),
    ProblemType(
        "prose-unknown-item",
        DOCUMENTS,
        "方案中没有指标“{code}”（可用：{known} …），已忽略",
        "the scheme has no item {code!r}; ignored",
        WARNING,
    ),
    ProblemType("report-missing", READER, "找不到报告文件：{path}", "report file not found: {path}"),
    ProblemType(
        "report-format",
        READER,
        "不支持的报告格式“{suffix_zh}”；可读 {readable_zh}",
        "unsupported report format {suffix_en!r}; readable: {readable_en}",
    ),
    ProblemType(
        "report-encoding",
        READER,
        "文本文件不是 UTF-8 或 GB18030 编码",
        "the text file is neither UTF-8 nor GB18030",
    ),
    ProblemType("report-empty", READER, "报告中没有可读的文字", "the report has no readable text"),
    ProblemType(
        "report-docx", READER, "无法打开 Word 文件（已损坏或不是 .docx）", "cannot open the .docx file"
    ),
    ProblemType("report-html", READER, "无法解析网页文件", "cannot parse the HTML file"),
    ProblemType(
        "report-pdf",
        READER,
        "无法打开 PDF 文件（已损坏或加密）",
        "cannot open the PDF (damaged or encrypted)",
    ),
    ProblemType(
        "report-pdf-no-text",
        READER,
        "PDF 没有文字层（扫描件？）；请先做文字识别（OCR）或提供 .docx/.txt",
        "the PDF has no text layer (a scan?); run OCR first or give a .docx/.txt",
    ),
)

CATALOGUE: dict[str, ProblemType] = {kind.code: kind for kind in _TYPES}
# A family: the scheme declares its own consistency checks (``checks:``), each failing as
# ``check-<its code>``, with the severity and the message the scheme gives it.
FAMILIES = {kind.code[:-1]: kind for kind in _TYPES if kind.code.endswith("-*")}


def kind_of(code: str) -> ProblemType | None:
    """The catalogue's entry for ``code``, a family's for ``check-…``, or None.

    >>> kind_of("check-c1").code, kind_of("no-such-code")
    ('check-*', None)
    """
    found = CATALOGUE.get(code)
    if found is None:
        found = next((kind for prefix, kind in FAMILIES.items() if code.startswith(prefix)), None)
    return found


def markdown() -> str:
    """``docs/problems.md``: every code, by area, with its severity and messages."""
    lines = [
        "# Problems 问题目录",
        "",
        "Every problem dudao reports in a scheme, a data file, a workbook or a report has one of",
        "these codes. The messages are templates: `{…}` is filled in where the problem is found,",
        "and the place (file:line:col, sheet!cell or field) is given with it.",
        "",
        "This page is written from `src/dudao/problems.py` by",
        "`python -m dudao.problems --write docs/problems.md`; a test keeps it up to date.",
    ]
    for area in dict.fromkeys(kind.area for kind in _TYPES):
        lines += ["", f"## {area}", "", "| code | severity | 中文 | English |", "|---|---|---|---|"]
        for kind in (k for k in _TYPES if k.area == area):
            zh, en = (t.replace("|", "\\|") for t in (kind.zh, kind.en))
            severity = " or ".join(kind.severities)
            lines.append(f"| `{kind.code}` | {severity} | {zh} | {en} |")
            for name, *texts in kind.variants:
                zh, en = (t.replace("|", "\\|") for t in texts)
                lines.append(f"| `{kind.code}` ({name}) | {severity} | {zh} | {en} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(description="Write the catalogue of problems as Markdown.")
    parser.add_argument("--write", type=Path, help="the file to write (default: print it)")
    args = parser.parse_args(argv)
    if args.write is None:
        print(markdown(), end="")
    else:
        args.write.write_text(markdown(), encoding="utf-8")


if __name__ == "__main__":
    main()
