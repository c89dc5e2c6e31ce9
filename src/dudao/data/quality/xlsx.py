"""The data-quality report as an Excel workbook: a summary sheet, then one sheet per kind of finding.

Sheets: 概况 (what the report covers and how many of each), 单位 (a line per unit), 校验规则,
异常值, 完整性, 缺失值, 疑似造假线索. Headers are Chinese, the header row is frozen, columns
are as wide as their text (Chinese characters counted double, judged on the first 2,000 rows),
completeness is a percentage. The workbook is streamed (openpyxl's write-only mode).

>>> import io
>>> from openpyxl import load_workbook
>>> from dudao.samples import bundled_dataset, bundled_scheme_path
>>> from dudao.scheme import read_scheme
>>> from dudao.data.quality.report import quality_report
>>> buffer = io.BytesIO()
>>> report = quality_report(read_scheme(bundled_scheme_path()), bundled_dataset(), unit="500105")
>>> write_workbook(report, buffer)
>>> book = load_workbook(buffer, read_only=True)
>>> book.sheetnames
['概况', '单位', '校验规则', '异常值', '完整性', '缺失值', '疑似造假线索']
>>> [cell.value for cell in next(book["单位"].iter_rows(max_row=1))][:3]
['单位代码', '单位名称', '层级']
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Sequence
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from dudao.data.quality.completeness import ALL
from dudao.data.quality.report import QualityReport

Cell = str | int | float | None
FAILURE_KINDS = {"check": "交叉校验", "range": "合理范围", "change": "与上年比较"}
SEVERITIES = {"error": "错误", "warning": "提示"}
AGAINST = {"peers": "同类单位", "history": "本单位历年"}
SIGNAL_KINDS = {
    "identical": "多校数值相同",
    "digits": "末位数字偏好",
    "jump": "与上年相比异常跳变",
    "percentage": "比率与计数不符",
    "claims": "报告表述与数据不符",
}
LEVELS = {"school": "学校", "district": "区县", "city": "市", "province": "省", "nation": "全国"}
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
PERCENT = "0.0%"
WIDTH_ROWS = 2000  # column widths are judged on the first rows: a province has 10⁵ of them


HEADERS = {
    "单位": [
        "单位代码", "单位名称", "层级", "所属区县", "校验错误", "校验提示", "异常值", "线索",
        "应填", "已填", "完整率",
    ],
    "校验规则": ["单位代码", "单位名称", "类别", "规则或数据项", "数据项", "数值", "严重程度", "说明"],
    "异常值": [
        "单位代码", "单位名称", "数据项代码", "数据项名称", "数值", "比较对象", "比较组",
        "组中位数", "修正z分数", "组内个数", "说明",
    ],
    "完整性": ["单位代码", "单位名称", "一级指标", "应填", "已填", "完整率"],
    "缺失值": ["单位代码", "单位名称", "数据项代码", "数据项名称", "一级指标"],
    "疑似造假线索": ["类别", "强度", "涉及单位代码", "涉及单位名称", "数据项", "所见情况"],
}  # fmt: skip
PERCENT_COLUMNS = {"单位": 11, "完整性": 6}


def write_workbook(report: QualityReport, target: str | Path | IO[bytes]) -> None:
    """Write ``report`` to ``target`` (a path or a binary stream)."""
    book = Workbook(write_only=True)  # streamed: a province's report has 10⁵ rows
    _fill(book.create_sheet("概况"), ["项目", "内容"], _summary(report), percent_rows={7})
    for title, rows in _tables(report).items():
        column = PERCENT_COLUMNS.get(title)
        _fill(book.create_sheet(title), HEADERS[title], rows, percent_column=column)
    book.save(target)


def _tables(report: QualityReport) -> dict[str, list[list[Cell]]]:
    """The rows of every sheet after the summary, in the order of :data:`HEADERS`."""
    name, element = report.unit_name, report.element_name
    units: list[list[Cell]] = [
        [
            u.unit, u.name, LEVELS.get(u.level, u.level), name(u.district) if u.district else "",
            u.errors, u.warnings, u.outliers, u.signals, u.expected, u.present, u.completeness,
        ]
        for u in report.units
    ]  # fmt: skip
    failures: list[list[Cell]] = [
        [
            f.unit, name(f.unit), FAILURE_KINDS.get(f.kind, f.kind), f.code,
            "、".join(map(element, f.elements)), "、".join("" if v is None else f"{v:g}" for v in f.values),
            SEVERITIES.get(f.severity, f.severity), f.message_zh,
        ]
        for f in report.failures
    ]  # fmt: skip
    outliers: list[list[Cell]] = [
        [
            o.unit, name(o.unit), o.element, element(o.element), o.value, AGAINST.get(o.against, o.against),
            o.group, o.median, round(o.score, 2), o.size, o.message_zh,
        ]
        for o in report.outliers
    ]  # fmt: skip
    complete: list[list[Cell]] = [
        [
            r.unit or "全部", name(r.unit) if r.unit else "全部单位", report.area_name(r.area),
            r.expected, r.present, r.share,
        ]
        for r in report.completeness.rows
    ]  # fmt: skip
    missing: list[list[Cell]] = [
        [m.unit, name(m.unit), m.element, element(m.element), report.area_name(m.area)]
        for m in report.completeness.missing
    ]
    signals: list[list[Cell]] = [
        [
            SIGNAL_KINDS.get(s.kind, s.kind), round(s.strength, 2), "、".join(s.units),
            "、".join(map(name, s.units)), "、".join(map(element, s.elements)), s.seen_zh,
        ]
        for s in report.signals
    ]  # fmt: skip
    return {
        "单位": units,
        "校验规则": failures,
        "异常值": outliers,
        "完整性": complete,
        "缺失值": missing,
        "疑似造假线索": signals,
    }


def _summary(report: QualityReport) -> list[list[Cell]]:
    """The summary sheet's rows; the 7th is the completeness share."""
    counts = report.counts
    whole = report.completeness.row(ALL, ALL)
    scope = report.scope_name if not report.scope else f"{report.scope_name}（{report.scope}）及所属单位"
    rows: list[list[Cell]] = [
        ["评价方案", report.scheme_title],
        ["数据年度", report.period],
        ["范围", scope],
        ["单位数", len(report.units)],
        ["应填数据", whole.expected],
        ["已填数据", whole.present],
        ["完整率", whole.share],
        ["缺失值", counts.get("missing", 0)],
    ]
    rows += [
        [f"校验未通过：{name}", counts.get(f"failures.{kind}", 0)] for kind, name in FAILURE_KINDS.items()
    ]
    rows += [[f"异常值：与{name}相比", counts.get(f"outliers.{kind}", 0)] for kind, name in AGAINST.items()]
    rows += [
        [f"疑似造假线索：{name}", counts.get(f"signals.{kind}", 0)]
        for kind, name in SIGNAL_KINDS.items()
        if kind != "claims" or counts.get("signals.claims")
    ]
    rows.append(["说明", "异常值与疑似造假线索仅供核实，不是结论；详见 docs/data-quality.md。"])
    return rows


def _fill(
    sheet: Any,
    header: list[str],
    rows: Sequence[Sequence[Cell]],
    percent_column: int | None = None,
    percent_rows: Collection[int] = (),
) -> None:
    """Widths first (a streamed sheet takes them before its rows), a styled frozen header, the rows."""
    widths = [_width(h) for h in header]
    for row in rows[:WIDTH_ROWS]:
        for i, value in enumerate(row[: len(widths)]):
            widths[i] = max(widths[i], _width(value))
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 8), 80)
    sheet.freeze_panes = "A2"
    sheet.append([_styled(sheet, h, header=True) for h in header])
    for number, row in enumerate(rows, start=1):
        cells: list[Any] = list(row)
        if percent_column is not None:
            cells[percent_column - 1] = _styled(sheet, cells[percent_column - 1], number_format=PERCENT)
        if number in percent_rows:
            cells[1] = _styled(sheet, cells[1], number_format=PERCENT)
        sheet.append(cells)


def _styled(sheet: Any, value: Cell, *, header: bool = False, number_format: str = "") -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if header:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="center")
    if number_format:
        cell.number_format = number_format
    return cell


def _width(value: Cell) -> int:
    """How wide a value shows: East Asian wide characters count 2."""
    if value is None:
        return 0
    text = f"{value:.2f}" if isinstance(value, float) else str(value)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
