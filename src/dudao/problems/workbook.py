"""The catalogue's problems of Excel templates."""

from __future__ import annotations

from dudao.problems.kinds import WARNING, WORKBOOK, ProblemType

TYPES = (
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
)
