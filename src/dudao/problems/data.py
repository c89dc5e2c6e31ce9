"""The catalogue's problems of data: any format."""

from __future__ import annotations

from dudao.problems.kinds import DATA, DHIS2, FILES, FORMULA, WARNING, WEB, WORKBOOK, ProblemType

TYPES = (
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
            (
                "dhis2-value",
                "缺少 {key}（数据值和数据值集都没有给出）",
                "missing {key} (neither the value nor the set gives it)",
            ),
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
                "数据值集的 attributeOptionCombo 应为标识（文本）或 {{类别: 选项}} 对象"
                "：其 {count} 个值未读取",
                "the set's attributeOptionCombo must be an id (text) or a {{category: option}} object: "
                "its {count} value(s) were not read",
            ),
            (
                "attribute-category-options",
                "数据值集的 attributeCategoryOptions 应为类别选项标识的列表：其 {count} 个值未读取",
                "the set's attributeCategoryOptions must be a list of category option ids: "
                "its {count} value(s) were not read",
            ),
            (
                "data-value-set",
                '应为 DHIS2 数据值集对象 {{"dataValues": [...]}}',
                'expected a dataValueSet object {{"dataValues": [...]}}',
            ),
            ("empty-set", "数据值集为空，缺少 dataValues 列表", 'the set is empty: no "dataValues" list'),
            ("no-data-values", "缺少 dataValues 列表", 'missing the "dataValues" list'),
            ("data-values-list", "dataValues 应为列表", '"dataValues" must be a list'),
            (
                "set-too-deep",
                "JSON 嵌套过深（应为 dataValueSets 对象）",
                "the JSON is nested too deep (it must be a dataValueSets object)",
            ),
            (
                "data-value",
                "每个数据值应为对象 {{dataElement, period, orgUnit, value}}",
                "each data value must be an object",
            ),
            ("data-value-text", "{key} 应为文本", "{key} must be text"),
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
            (
                "dhis2",
                "报告期“{period}”无法对应到年度：应为 {period_type} 报告期，"
                "如 {example}（ADX：{adx_example}）：跳过其 {count} 个值（首次见于此处）",
                "period {period!r} is not a year: expected a {period_type} period such as {example} "
                "(ADX: {adx_example}): its {count} value(s) were skipped (first here)",
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
    ProblemType(
        "empty-value",
        DATA,
        '空值（用 empty="delete" 写出空值，DHIS2 将删除其中已有的值）：其 {count} 个值未导出',
        'empty values (with empty="delete" they are written empty; DHIS2 deletes what it holds): '
        "its {count} value(s) were not written",
        also=WARNING,
        variants=(
            (
                "adx",
                "空值（ADX 的值是数，没有空值）：其 {count} 个值未导出",
                "empty values (an ADX value is a number, never empty): its {count} value(s) were not written",
            ),
        ),
    ),
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
        "bonus-claim-computed",
        DATA,
        "{unit} 申请了加分项 {item}，该项按数据计算，申请不计入",
        "{unit} claims bonus item {item}, which is computed from the data: the claim does not count",
        WARNING,
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
)
