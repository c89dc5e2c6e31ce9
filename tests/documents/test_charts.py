"""Charts (PNG + SVG, drawn in a Chinese font) and the font lookup behind them."""

from __future__ import annotations

import io
import re
import warnings
import xml.etree.ElementTree as ET

import matplotlib
import numpy as np
import pytest
from matplotlib import font_manager
from PIL import Image

from dudao.documents import charts, fonts
from dudao.documents.model import Chart
from dudao.errors import DocumentError

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
UNITS = ["渝中区", "江北区", "沙坪坝区", "秀山土家族苗族自治县", "酉阳土家族苗族自治县", "北碚区"]
TOTALS = [88.5, 92.25, 75.0, 61.4, 83.0, 95.1]
AREAS = ["党的领导", "教育发展水平与办学条件", "教师队伍建设", "教育教学质量"]


def _check(chart: Chart) -> Image.Image:
    """A chart's PNG is a 200-dpi image of its stated size, and its SVG is well-formed XML."""
    assert chart.png.startswith(PNG_SIGNATURE)
    image = Image.open(io.BytesIO(chart.png))
    assert image.size[0] == pytest.approx(chart.width_mm / 25.4 * charts.DPI, abs=2)
    assert image.size[1] == pytest.approx(chart.height_mm / 25.4 * charts.DPI, abs=2)
    root = ET.fromstring(chart.svg.encode("utf-8"))
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert float(root.attrib["width"].removesuffix("pt")) > 0
    return image


def _glyph_fonts(svg: str) -> set[str]:
    """The fonts whose glyphs the SVG draws as paths (ids are "<PostScript name>-<glyph>")."""
    return {match.rsplit("-", 1)[0] for match in re.findall(r'<path id="([^"]+)"', svg) if "-" in match}


def _accent_pixels(image: Image.Image) -> int:
    accent = np.array([int(c, 16) for c in re.findall("..", charts.HIGHLIGHT.lstrip("#"))])
    pixels = np.asarray(image.convert("RGB"), dtype=int)
    return int((np.abs(pixels - accent).sum(axis=2) < 12).sum())


def _labels_in_order(svg: str, names: list[str]) -> list[str]:
    """The text matplotlib drew, in drawing order (it leaves each text as a comment)."""
    return [text for text in re.findall(r"<!-- (.*?) -->", svg) if text in names]


def test_bar_chart_sorts_highlights_and_draws_in_the_chinese_font() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns about every glyph its font lacks
        chart = charts.bar_chart(
            "图1 各区县得分", UNITS, TOTALS, highlight=["江北区"], reference_lines={"优秀": 90, "良好": 80},
            label="示例数据",
        )  # fmt: skip
    image = _check(chart)
    assert chart.caption == "图1 各区县得分"
    ranked = [name for _, name in sorted(zip(TOTALS, UNITS, strict=True), reverse=True)]
    assert _labels_in_order(chart.svg, UNITS) == ranked
    assert {"优秀 90", "良好 80", "示例数据"} <= set(re.findall(r"<!-- (.*?) -->", chart.svg))
    postscript = font_manager.get_font(font_manager.findfont(fonts.chart_font().family)).postscript_name
    assert _glyph_fonts(chart.svg) == {postscript}
    assert _accent_pixels(image) > 500
    plain = charts.bar_chart("图1", UNITS, TOTALS)
    assert _accent_pixels(Image.open(io.BytesIO(plain.png))) < 50


def test_a_long_bar_chart_grows_so_every_unit_keeps_its_line() -> None:
    names = [f"第{i}区县" for i in range(38)]
    chart = charts.bar_chart("图", names, [60 + i for i in range(38)])
    _check(chart)
    assert chart.height_mm >= 38 * 4.5
    assert len(_labels_in_order(chart.svg, names)) == 38


def test_radar_chart() -> None:
    chart = charts.radar_chart(
        "图2 各领域得分率", AREAS, {"江北区": [92, 78, 85, 70], "全市平均": [85, 80, 79, 75]}
    )
    _check(chart)
    drawn = set(re.findall(r"<!-- (.*?) -->", chart.svg))
    assert {"江北区", "全市平均", "党的领导", "100%"} <= drawn
    with pytest.raises(ValueError, match="at least 3 axes"):
        charts.radar_chart("图", AREAS[:2], {"江北区": [1, 2]})
    with pytest.raises(ValueError, match="3 values for 4 axes"):
        charts.radar_chart("图", AREAS, {"江北区": [1, 2, 3]})


def test_heat_map_with_missing_cells() -> None:
    values: list[list[float | None]] = [[0.1, None, 0.95, 0.0], [None, None, 0.5, 1.0], [0.3, 0.2, 0.1, 0.05]]
    chart = charts.heat_map("图3 失分分布", UNITS[:3], AREAS, values)
    image = _check(chart)
    drawn = re.findall(r"<!-- (.*?) -->", chart.svg)
    assert {"95%", "100%", "失分比例", "灰色斜线：无数据"} <= set(drawn)
    # The missing cells are grey: many pixels of the fill colour (#e6e6e6).
    assert int((np.asarray(image.convert("RGB")) == 230).all(axis=2).sum()) > 1000
    with pytest.raises(ValueError, match="3 rows of 4 columns"):
        charts.heat_map("图", UNITS[:3], AREAS, values[:2])
    with pytest.raises(ValueError, match="at least one row"):
        charts.heat_map("图", [], AREAS, [])


def test_charts_leave_matplotlib_settings_as_they_were() -> None:
    before = {
        key: matplotlib.rcParams[key] for key in ("font.family", "svg.fonttype", "svg.hashsalt", "font.size")
    }
    charts.bar_chart("图", UNITS, TOTALS)
    assert {key: matplotlib.rcParams[key] for key in before} == before


def test_svg_ids_are_stable_and_differ_between_charts() -> None:
    one, again = charts.bar_chart("图1", UNITS, TOTALS), charts.bar_chart("图1", UNITS, TOTALS)
    assert one.svg == again.svg
    other = charts.bar_chart("图2", UNITS, TOTALS)
    clip_ids = set(re.findall(r'clipPath id="([^"]+)"', one.svg))
    assert clip_ids and not clip_ids & set(re.findall(r'clipPath id="([^"]+)"', other.svg))


def test_fonts_resolve_to_installed_chinese_fonts() -> None:
    assert fonts.installed_families(), "fonts-noto-cjk is expected on the test machine"
    assert fonts.first_installed("body") is not None
    assert fonts.first_installed("hei") is not None
    assert fonts.chart_font().family in fonts.CHART_FAMILIES
    for role in fonts.STACKS:
        assert fonts.css_stack(role).startswith('"')


def test_no_chinese_font_is_a_document_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "installed_families", frozenset)
    with pytest.raises(DocumentError, match="fonts-noto-cjk"):
        fonts.require_cjk_font()
    with pytest.raises(DocumentError, match="未找到中文字体"):
        charts.bar_chart("图", UNITS, TOTALS)


def test_chart_font_without_chinese_fonts_is_a_document_error(monkeypatch: pytest.MonkeyPatch) -> None:
    latin_only = [entry for entry in font_manager.fontManager.ttflist if not fonts._looks_chinese(entry.name)]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", latin_only)
    monkeypatch.setattr(fonts, "installed_families", lambda: frozenset())  # none on the machine either
    fonts.chart_font.cache_clear()
    try:
        with pytest.raises(DocumentError, match="no CJK font found"):
            fonts.chart_font()
    finally:
        fonts.chart_font.cache_clear()


def test_a_chinese_font_installed_after_matplotlibs_cache_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    """matplotlib's font list is cached on its first run; fonts-noto-cjk installed later is found."""
    latin_only = [entry for entry in font_manager.fontManager.ttflist if not fonts._looks_chinese(entry.name)]
    monkeypatch.setattr(font_manager.fontManager, "ttflist", latin_only)
    fonts.chart_font.cache_clear()
    try:
        assert fonts._looks_chinese(fonts.chart_font().family)
    finally:
        fonts.chart_font.cache_clear()
