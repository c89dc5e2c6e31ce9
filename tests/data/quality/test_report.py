"""The data-quality report, city-wide and for one unit, and its Excel workbook read back."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from dudao.data.quality import ALL, QualityReport, quality_report, write_workbook
from dudao.engine.dataset import Dataset
from dudao.samples.anomalies import PlantedDataset
from dudao.scheme import Scheme


@pytest.fixture(scope="module")
def report(bundled: tuple[Scheme, Dataset], planted: PlantedDataset) -> QualityReport:
    return quality_report(bundled[0], planted.dataset)


def test_the_city_report_gathers_every_kind(report: QualityReport, planted: PlantedDataset) -> None:
    assert report.period == 2021 and report.scope == "" and report.scope_name == "全部单位"
    assert {s.kind for s in report.signals} == {"identical", "digits", "jump", "percentage"}
    assert report.counts["signals"] == len(report.signals) and report.counts["failures"] == len(
        report.failures
    )
    assert report.counts["signals.percentage"] == 5
    assert {f.kind for f in report.failures} >= {"change"}  # planted jumps break max_change where declared
    lines = {u.unit: u for u in report.units}
    assert all(lines[unit].signals >= 1 for unit in planted.units())
    assert sum(u.signals for u in report.units) == sum(len(set(s.units)) for s in report.signals)
    assert lines["500105"].completeness == 1.0 and lines["500105"].name == "江北区"
    assert report.completeness.row(ALL, ALL).expected == sum(u.expected for u in report.units)


def test_a_units_report_covers_it_and_the_units_below_it(
    bundled: tuple[Scheme, Dataset], planted: PlantedDataset, report: QualityReport
) -> None:
    district = sorted(planted.units("identical"))[0][:6]
    mine = quality_report(bundled[0], planted.dataset, unit=district)
    assert mine.scope == district and {u.unit[:6] for u in mine.units} == {district}
    assert all(any(u.startswith(district) for u in s.units) for s in mine.signals)
    city_signals = [s for s in report.signals if any(u.startswith(district) for u in s.units)]
    assert list(mine.signals) == city_signals  # peers come from the whole city either way
    assert mine.completeness.row(ALL, ALL).expected == sum(u.expected for u in mine.units)


def test_the_workbook_reads_back(report: QualityReport, tmp_path: Path) -> None:
    path = tmp_path / "质量报告.xlsx"
    write_workbook(report, path)
    book = load_workbook(path)
    assert book.sheetnames == ["概况", "单位", "校验规则", "异常值", "完整性", "缺失值", "疑似造假线索"]
    sizes = {
        "单位": len(report.units),
        "校验规则": len(report.failures),
        "异常值": len(report.outliers),
        "完整性": len(report.completeness.rows),
        "缺失值": len(report.completeness.missing),
        "疑似造假线索": len(report.signals),
    }
    for title, rows in sizes.items():
        sheet = book[title]
        assert sheet.max_row == rows + 1, title
        assert sheet.freeze_panes == "A2"
        assert all(sheet.column_dimensions[c].width >= 8 for c in "ABC")
    signals = book["疑似造假线索"]
    assert [c.value for c in signals[1]] == [
        "类别",
        "强度",
        "涉及单位代码",
        "涉及单位名称",
        "数据项",
        "所见情况",
    ]
    kinds = {row[0] for row in signals.iter_rows(min_row=2, values_only=True)}
    assert kinds == {"多校数值相同", "末位数字偏好", "与上年相比异常跳变", "比率与计数不符"}
    first = report.signals[0]
    assert signals.cell(row=2, column=6).value == first.seen_zh
    summary = {row[0]: row[1] for row in book["概况"].iter_rows(min_row=2, values_only=True)}
    assert summary["数据年度"] == 2021 and summary["疑似造假线索：比率与计数不符"] == 5
    assert book["单位"].cell(row=2, column=11).number_format == "0.0%"
