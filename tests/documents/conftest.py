"""Fixtures for the document writers: a hand-made :class:`~dudao.documents.model.Document`.

``sample_document`` has every kind of block a builder produces (headings of levels 1-3, each
paragraph style, a lead, a table and a chart with a real PNG), so a writer's tests can check
each one without running a round.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from PIL import Image, ImageDraw

from dudao.documents.context import ReportContext, Settings
from dudao.documents.model import Chart, Document, Figure, Heading, Paragraph, Source, Style, Table
from dudao.documents.prose import load_prose
from dudao.engine import evaluate
from dudao.samples import bundled_dataset, bundled_prose_path, bundled_scheme_path
from dudao.scheme import load_scheme


def _png(width: int = 300, height: int = 180) -> bytes:
    """A small real PNG: a white canvas with three bars."""
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    for i, bar in enumerate((120, 80, 150)):
        left = 40 + i * 80
        draw.rectangle((left, height - 10 - bar, left + 50, height - 10), fill=(70, 110, 170))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _fig(value: float, text: str, kind: str = "indicator", code: str = "", unit: str = "500105") -> Figure:
    return Figure(value, text, Source(kind, code, unit, 2021))


@pytest.fixture
def sample_png() -> bytes:
    return _png()


@pytest.fixture
def sample_document() -> Document:
    """A self-evaluation report with every block kind, a label and warnings."""
    return make_sample_document()


def make_sample_document() -> Document:
    """The :func:`sample_document` fixture's document, for use outside a test (e.g. a script)."""
    rate = _fig(124.6, "124.6%", code="gross_kg_rate")
    change = _fig(2.3, "2.3", "change", "gross_kg_rate")
    points = _fig(86.5, "86.5", "points", "A1")
    chart = Chart(
        caption="图1 各项指标得分",
        png=_png(),
        svg='<svg xmlns="http://www.w3.org/2000/svg" width="300" height="180"><rect width="50" height="120"/></svg>',
        width_mm=150.0,
        height_mm=90.0,
    )
    blocks = (
        Heading(1, "一、基本情况"),
        Paragraph(("2021年，全区学前三年毛入园率达", rate, "，比上年提高", change, "个百分点。")),
        Paragraph(("我区坚持把教育摆在优先发展的战略位置，持续加大投入。",), Style.NARRATIVE),
        Heading(2, "（一）主要做法"),
        Paragraph(("区委区政府每年专题研究教育工作。",), lead="1.加强党对教育工作的全面领导。"),
        Heading(3, "1.经费投入"),
        Paragraph(("本项得分", points, "分。")),
        Table(
            caption="表1 主要指标",
            header=("指标", "数值", "得分"),
            rows=(
                ("学前三年毛入园率", rate, points),
                ("义务教育巩固率", _fig(99.2, "99.2%", code="retention"), _fig(9.0, "9.0", "points", "A2")),
            ),
            numeric=(False, True, True),
        ),
        chart,
        Heading(1, "二、存在的问题和建议"),
        Paragraph(("进一步扩大普惠性学前教育资源。",), Style.SUGGESTION),
        Paragraph(("建议加快补齐农村学校寄宿条件短板。",), Style.SUGGESTION),
        Paragraph(("本段数据取自2021年统计报表，请核对后再定稿。",), Style.NOTE),
    )
    return Document(
        kind="self-evaluation",
        title="重庆市江北区人民政府关于2021年度履行教育职责情况的自评报告",
        blocks=blocks,
        unit="500105",
        unit_name="江北区",
        recipient="重庆市人民政府教育督导委员会办公室：",
        signature="重庆市江北区人民政府",
        date="2022年12月13日",
        label="示例数据",
        warnings=("正文超过5000字", "缺少2020年数据"),
    )


# -- the bundled round, as the builders see it ----------------------------------------------------


@pytest.fixture(scope="session")
def bundled_context() -> ReportContext:
    """The bundled Chongqing round with last year's results and Jiangbei's own words."""
    scheme, _ = load_scheme(bundled_scheme_path())
    assert scheme is not None
    dataset = bundled_dataset()
    results = evaluate(scheme, dataset, backend="duckdb")
    previous = evaluate(scheme, dataset, period=results.period - 1, backend="duckdb")
    prose, problems = load_prose(
        bundled_prose_path(), {a.code for a in scheme.items}, set(scheme.item_by_code)
    )
    assert prose is not None and problems == []
    settings = Settings(issued=dt.date(2022, 12, 13), region="重庆市")
    return ReportContext(scheme, results, previous, prose, settings)
