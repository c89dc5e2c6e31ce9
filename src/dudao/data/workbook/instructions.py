"""The 说明 sheet: how to fill a template and what the upload accepts, in Chinese.

>>> lines = instruction_lines("units", 2021, "重庆市…评价方案（示例）", "示例数据", "江北区（500105）",
...                           "A1 组织领导!G6")
>>> lines[0]
'重庆市…评价方案（示例） — 2021 年度数据填报表'
>>> any("示例数据" in line for line in lines), any("A1 组织领导!G6" in line for line in lines)
(True, True)
"""

from __future__ import annotations

from openpyxl.worksheet.worksheet import Worksheet

from dudao.data.workbook.layout import UNITS
from dudao.data.workbook.style import cell, protect


def instruction_lines(
    kind: str, period: int, title: str, data_label: str, units: str, example_cell: str
) -> list[str]:
    """The sheet's text, one line per row; the first is its title."""
    sample = []
    if "示例" in title:
        sample.append("注意：本评价方案是示例方案，只用于演示和测试。")
    if "示例" in data_label:
        sample.append(f"注意：表中已有的数值（如上年值）是{data_label}，不是真实统计数据。")
    if kind == UNITS:
        layout = [
            "1. 每个一级指标一张工作表；每行一个数据项（A 列为数据项代码），每个单位两列：",
            f"   灰色列为 {period - 1} 年（上年）已有数值，仅供对照，不会导入；黄色列填写 {period} 年数值。",
            "   “填写要求”列写明每个数据项允许的值，“评价标准”列写明使用该数据项的指标及其标准。",
        ]
    else:
        layout = [
            "1. 每行一所学校（A 列为学校代码），每列一个学校填报的数据项（第 3 行为数据项代码），",
            f"   在黄色单元格中填写 {period} 年数值；第 5 行写明每个数据项允许的值。",
        ]
    return [
        f"{title} — {period} 年度数据填报表",
        f"填报单位：{units}",
        *sample,
        "",
        "怎样填写",
        "只在黄色单元格中填写；其他单元格已锁定。",
        *layout,
        "2. 数值直接填写数字，如 1234 或 85.5；带千分位逗号（1,234）也可以。",
        "   百分比请填写百分号前的数字（填 85.5，不要填 85.5%：Excel 会把 85.5% 存成 0.855）。",
        "3. 是否类数据项从下拉列表选择“是”或“否”。",
        "4. 单元格有数据验证：选中单元格可看到填写说明，超出范围或类型不符时 Excel 会拒绝输入。",
        "5. 留空的单元格不导入，也不会清除系统中已有的数值；要清除已有数值，请在系统网页中修改。",
        "",
        "不要改动的地方",
        "6. 不要修改代码列、代码行（第 3 行）和工作表名称；不要插入、删除或移动行和列；"
        "不要增加或删除工作表。",
        "   工作表已保护（无密码），只为防止误改；这些改动在上传时都会被查出，整份文件不予导入。",
        "",
        "上传以后",
        "7. 系统逐个单元格检查，每个错误写明位置（工作表!单元格）、原因和允许的值，例如：",
        f"   {example_cell}：在校生数：“abc”不是数字，请填写数字，如 1234 或 85.5",
        "8. 文件有错误时不写入任何数据（除非选择“部分导入”，此时会列出导入了哪些数值）。",
        "9. 同一份文件重复上传，第二次不会改变任何数据。",
    ]


def write_instructions(sheet: Worksheet, lines: list[str]) -> None:
    """Fill the (write-only, still empty) 说明 sheet and protect it."""
    sheet.column_dimensions["A"].width = 120
    protect(sheet)
    for n, line in enumerate(lines):
        heading = n == 0 or line in ("怎样填写", "不要改动的地方", "上传以后")
        sheet.append([cell(sheet, line, "title" if n == 0 else "bold" if heading else "text")])
