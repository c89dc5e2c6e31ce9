"""Reading Jiangbei's report against the bundled data, other formats, internal checks, HTML."""

from __future__ import annotations

from pathlib import Path

import pytest

from dudao.engine import evaluate
from dudao.engine.dataset import Dataset
from dudao.engine.results import Results
from dudao.reader import AGREES, DIFFERS, NO_DATA, ReportError, ReportReading, read_report, render_html
from dudao.samples import bundled_dataset, bundled_scheme_path
from dudao.scheme import read_scheme
from dudao.scheme.model import Scheme

ROOT = Path(__file__).parent.parent.parent
SEED = ROOT / "src" / "dudao" / "samples" / "chongqing" / "jiangbei_2022_report.txt"


@pytest.fixture(scope="module")
def bundled() -> tuple[Scheme, Dataset, Results]:
    scheme = read_scheme(bundled_scheme_path())
    dataset = bundled_dataset()
    return scheme, dataset, evaluate(scheme, dataset)


def read_seed(source: str | Path, bundled: tuple[Scheme, Dataset, Results]) -> ReportReading:
    scheme, dataset, results = bundled
    return read_report(source, scheme=scheme, dataset=dataset, unit="500105", results=results)


def claim(reading: ReportReading, text: str) -> object:
    return next(c for c in reading.claims if c.claim.text == text)


def test_jiangbei_report_agrees_with_the_bundled_data(bundled: tuple[Scheme, Dataset, Results]) -> None:
    reading = read_seed(SEED, bundled)
    kg = next(c for c in reading.claims if c.claim.text == "达124.6%")
    assert (kg.target.code if kg.target else None, kg.status) == ("gross_kg_rate", AGREES)
    statuses = {c.claim.text: (c.target.code if c.target else None, c.status) for c in reading.claims}
    assert statuses["15.67亿元"] == ("edu_budget", AGREES)
    assert statuses["12.75%"] == ("edu_budget_growth", AGREES)
    assert statuses["2.52个百分点"] == ("edu_budget_share_change", AGREES)
    assert statuses["超过55%"] == ("public_kg_share", AGREES)
    assert statuses["1.3万余人"] == ("students_funded", AGREES)
    assert statuses["6000余个"] == ("new_school_places", NO_DATA)  # 2021年以来: several years
    assert reading.offsets == "file"
    text = SEED.read_text(encoding="utf-8")
    assert all(text[c.claim.start : c.claim.end] == c.claim.text for c in reading.claims)


def test_the_areas_covered_and_not_covered(bundled: tuple[Scheme, Dataset, Results]) -> None:
    reading = read_seed(SEED, bundled)
    assert [a.code for a in reading.covered_areas] == [f"A{i}" for i in range(1, 9)]
    assert [a.code for a in reading.uncovered_areas] == ["A9", "A10"]
    titled = {s.title: s.area.code if s.area else None for s in reading.sections}
    assert titled["加强教师队伍建设"] == "A5"
    assert titled["主要做法"] is None


def test_an_altered_figure_differs_and_shows_both_values(
    bundled: tuple[Scheme, Dataset, Results], tmp_path: Path
) -> None:
    altered = tmp_path / "altered.txt"
    altered.write_text(
        SEED.read_text(encoding="utf-8").replace("毛入园率达124.6%", "毛入园率达131.2%"), encoding="utf-8"
    )
    reading = read_seed(altered, bundled)
    kg = next(c for c in reading.claims if c.claim.text == "达131.2%")
    assert kg.status == DIFFERS
    assert kg.comparison.data_value == pytest.approx(124.6)
    page = render_html(reading)
    assert 'class="claim differs"' in page
    assert "报告：达131.2%" in page and "124.6%" in page


def test_html_and_docx_reports_read_like_the_text(tmp_path: Path) -> None:
    import docx

    body = "重庆市某区履行教育职责情况自评报告\n一、主要做法\n2021年新增普惠性幼儿园12所,毛入园率达124.6%。"
    page = tmp_path / "report.html"
    page.write_text(
        "<html><head><script>var x = 99;</script></head><body><nav>首页 3所</nav>"
        + "".join(f"<p>{line}</p>" for line in body.splitlines())
        + "<footer>扫一扫在手机打开当前页</footer></body></html>",
        encoding="utf-8",
    )
    document = docx.Document()
    for line in body.splitlines():
        document.add_paragraph(line)
    document.save(str(tmp_path / "report.docx"))
    for path in (page, tmp_path / "report.docx"):
        reading = read_report(path)
        assert [c.claim.text for c in reading.claims] == ["12所", "达124.6%"], path
        assert reading.offsets == "extracted"
        assert all(reading.text[c.claim.start : c.claim.end] == c.claim.text for c in reading.claims)


def test_a_pdf_with_a_text_layer_is_read_and_one_without_is_refused(tmp_path: Path) -> None:
    from pypdf import PdfWriter

    weasyprint = pytest.importorskip("weasyprint")
    pdf = tmp_path / "report.pdf"
    weasyprint.HTML(string="<p>Kindergartens 12所 达124.6%</p>").write_pdf(str(pdf))
    assert [c.claim.value for c in read_report(pdf).claims] == [12.0, 124.6]
    scan = tmp_path / "scan.pdf"
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    with scan.open("wb") as handle:
        writer.write(handle)
    with pytest.raises(ReportError) as refused:
        read_report(scan)
    assert refused.value.problems[0].code == "report-pdf-no-text"


@pytest.mark.parametrize(
    ("name", "code"), [("missing.txt", "report-missing"), ("report.md", "report-format")]
)
def test_files_that_cannot_be_read_are_problems(tmp_path: Path, name: str, code: str) -> None:
    (tmp_path / "report.md").write_text("12所", encoding="utf-8")
    with pytest.raises(ReportError) as refused:
        read_report(tmp_path / name)
    assert refused.value.problems[0].code == code


def test_an_unknown_unit_is_a_problem(bundled: tuple[Scheme, Dataset, Results]) -> None:
    scheme, dataset, results = bundled
    with pytest.raises(ReportError) as refused:
        read_report("新增12所", scheme=scheme, dataset=dataset, unit="999999", results=results)
    assert refused.value.problems[0].code == "unknown-unit"


def test_internal_checks_find_a_breakdown_over_its_total_and_a_wrong_share() -> None:
    reading = read_report(
        "全区共有学校50所,其中小学30所、初中20所。全区教师2000人,其中女教师1500人,占75%。"
        "全区学校40所,其中小学30所、初中25所。全区教师2000人,其中女教师1500人,占80%。"
    )
    assert [(f.kind, f.ok) for f in reading.findings] == [
        ("sum", True),
        ("ratio", True),
        ("sum", False),
        ("ratio", False),
    ]


def test_the_html_view_escapes_the_report_and_is_self_contained() -> None:
    reading = read_report('一、概况\n<img src=x onerror="alert(1)">新增12所&"学校"。')
    page = render_html(reading, standalone=True)
    assert "<img" not in page and "&lt;img" in page
    assert "<link" not in page and "<style>" in page
    assert '<mark class="claim unmapped"' in page


def test_each_status_shows_by_more_than_its_colour() -> None:
    # GB/T 37668 (WCAG 1.4.1): a sign beside the figure and the status word for screen readers.
    from dudao.reader.html import SIGNS

    reading = read_report("一、概况\n新增幼儿园12所。")
    page = render_html(reading)
    assert '<span class="sign" aria-hidden="true">✓</span>一致' in page  # the legend explains the signs
    assert '<span class="sign" aria-hidden="true">✗</span>不一致' in page
    assert '12所<span class="status-word">（未对应）</span></mark>' in page  # not mapped: its dotted underline
    assert len(set(SIGNS.values())) == len(SIGNS)
