"""The three documents built from the bundled round: structure, content, and the author's notes."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from dudao.documents import build
from dudao.documents.context import ReportContext, Settings
from dudao.documents.facts import problems
from dudao.documents.feedback import you
from dudao.documents.model import Chart, Document, Heading, Paragraph, Style, Table, character_count
from dudao.engine import evaluate
from dudao.samples import bundled_dataset


def _headings(document: Document) -> list[str]:
    return [b.text for b in document.blocks if isinstance(b, Heading)]


def _section(document: Document, start: str, end: str | None) -> list[Paragraph]:
    """The paragraphs between two headings."""
    out: list[Paragraph] = []
    inside = False
    for block in document.blocks:
        if isinstance(block, Heading):
            if block.text == start:
                inside = True
                continue
            if end is not None and block.text == end:
                break
        if inside and isinstance(block, Paragraph):
            out.append(block)
    return out


@pytest.fixture(scope="module")
def jiangbei(bundled_context: ReportContext) -> Document:
    return build("self-evaluation", bundled_context, "500105")


def test_the_draft_follows_the_structure_of_such_reports(jiangbei: Document) -> None:
    assert jiangbei.title == "江北区人民政府2021年履行教育职责情况自评报告"
    assert _headings(jiangbei) == [
        "一、主要做法和成效",
        "（一）主要做法",
        "（二）主要成效",
        "二、存在问题",
        "三、下一步工作打算",
    ]
    assert jiangbei.signature == "江北区人民政府" and jiangbei.date == "2022年12月13日"
    assert jiangbei.label == "示例数据"


def test_each_area_has_the_units_own_narrative_where_it_exists(
    bundled_context: ReportContext, jiangbei: Document
) -> None:
    practices = _section(jiangbei, "（一）主要做法", "（二）主要成效")
    narratives = [p for p in practices if p.style is Style.NARRATIVE]
    assert [p.lead for p in narratives] == [
        f"{n}.{a.name}。" for n, a in enumerate(bundled_context.scheme.items[:8], 1)
    ]
    assert narratives[0].text.endswith(bundled_context.prose.narrative("500105", "A1"))
    # the areas Jiangbei wrote nothing for get a note to the author, not invented prose
    notes = [p.text for p in practices if p.style is Style.NOTE]
    assert len(notes) == 2 and "人民群众满意度" in notes[0] and "上一轮督导问题整改" in notes[1]


def test_figures_come_with_their_standard_and_last_year(jiangbei: Document) -> None:
    text = "\n".join(p.text for p in jiangbei.paragraphs)
    assert "学前三年毛入园率达124.6%，优于标准（不低于85%），较上年提高12.55个百分点" in text
    assert "一般公共预算教育经费15.67亿元，较上年增长12.75%" in text
    assert "一般公共预算教育经费占一般公共预算支出比例较上年提高2.52个百分点" in text
    results = _section(jiangbei, "（二）主要成效", "二、存在问题")
    assert results[0].text.startswith("对照评价方案逐项测算，2021年自评得分96.38分（含加分5分）。")


def test_problems_are_the_items_below_standard_each_with_a_next_step(
    bundled_context: ReportContext, jiangbei: Document
) -> None:
    found = problems(bundled_context.facts("500105"))
    listed = _section(jiangbei, "二、存在问题", "三、下一步工作打算")
    steps = _section(jiangbei, "三、下一步工作打算", None)
    assert len(listed) == len(found) == len([s for s in steps if s.style is not Style.NOTE]) > 5
    kindergartens = next(p for p in listed if "A2.3.3" in p.text)
    assert kindergartens.lead.endswith("幼儿园园舍达标率未达到标准。")
    assert "为93.33%，未达到标准（不低于95%）" in kindergartens.text
    # Jiangbei's own plan where it wrote one; otherwise the scheme's guidance, marked 建议
    by_item = dict(zip((f.result.code for f in found), steps, strict=False))
    assert by_item["A2.3.3"].style is Style.NARRATIVE and by_item["A2.3.3"].text.startswith(
        by_item["A2.3.3"].lead + "一是加大回购"
    )
    guided = by_item["A5.2.2"]
    assert guided.style is Style.SUGGESTION
    assert bundled_context.scheme.item_by_code["A5.2.2"].guidance.rstrip("。") in guided.text
    assert "建议：" in guided.text


def test_an_over_long_draft_is_flagged(bundled_context: ReportContext, jiangbei: Document) -> None:
    count = character_count(jiangbei.body_text())
    assert count > 5000
    assert any(f"全文 {count} 字" in w and "5000" in w for w in jiangbei.warnings)
    roomy = dataclasses.replace(
        bundled_context, settings=Settings(issued=dt.date(2022, 12, 13), character_limit=20000)
    )
    assert not [w for w in build("self-evaluation", roomy, "500105").warnings if "全文" in w]


def test_missing_data_is_a_note_not_a_number(bundled_context: ReportContext) -> None:
    dataset = bundled_dataset()
    values = dataset.values
    keep = ~((values["unit"] == "500105") & (values["element"] == "edu_budget") & (values["period"] == 2021))
    gappy = dataclasses.replace(
        dataset, values=values[keep].reset_index(drop=True), _wide_cache={}, _built=set(), _ancestors={}
    )
    results = evaluate(bundled_context.scheme, gappy, backend="duckdb")
    context = dataclasses.replace(bundled_context, results=results)
    draft = build("self-evaluation", context, "500105")
    notes = [p.text for p in draft.paragraphs if p.style is Style.NOTE]
    assert any("数据缺失" in n and "A2.2.1" in n for n in notes)
    assert any("数据缺失" in w for w in draft.warnings)
    generated = "\n".join(p.text for p in draft.paragraphs if p.style is not Style.NARRATIVE)
    assert "15.67亿元" not in generated and "一般公共预算教育经费较上年增长" not in generated


def test_a_fired_rule_is_a_problem(bundled_context: ReportContext) -> None:
    fired = next(u for u in bundled_context.results.ranked() if any(r.type == "veto" for r in u.fired_rules))
    draft = build("self-evaluation", bundled_context, fired.code)
    listed = _section(draft, "二、存在问题", "三、下一步工作打算")
    assert any("一票否决" in p.text for p in listed)
    letter = build("feedback", bundled_context, fired.code)
    assert "触发“一票否决”情形" in "\n".join(p.text for p in letter.paragraphs)


def test_the_feedback_letter(bundled_context: ReportContext) -> None:
    letter = build("feedback", bundled_context, "500105")
    text = "\n".join(p.text for p in letter.paragraphs)
    assert (
        letter.title == "重庆市人民政府教育督导委员会关于江北区人民政府2021年履行教育职责情况评价的督导意见书"
    )
    assert letter.recipient == "江北区人民政府：" and letter.signature == "重庆市人民政府教育督导委员会"
    assert _headings(letter) == ["一、评价结果", "二、主要成绩", "三、存在的问题", "四、整改要求"]
    assert "你区评价得分96.38分（其中加分5分），等次为“优秀”，在重庆市38个区县中排名第1。" in text
    found = problems(bundled_context.facts("500105"))
    listed = _section(letter, "三、存在的问题", "四、整改要求")
    assert len(listed) == len(found)
    table = next(b for b in letter.blocks if isinstance(b, Table) and b.caption == "问题清单")
    assert len(table.rows) == len(found)
    assert all(row[1].endswith(f"（{f.result.code}）") for row, f in zip(table.rows, found, strict=True))  # type: ignore[union-attr]
    assert "请于2023年3月13日前将整改报告" in text  # 90 days after the issue date, by default


def test_the_deadline_and_office_are_the_offices_to_give(bundled_context: ReportContext) -> None:
    settings = Settings(
        issued=dt.date(2022, 12, 13), deadline=dt.date(2023, 6, 30), office="江北区教育督导室"
    )
    letter = build("feedback", dataclasses.replace(bundled_context, settings=settings), "500105")
    text = "\n".join(p.text for p in letter.paragraphs)
    assert "请于2023年6月30日前" in text and letter.signature == "江北区教育督导室"


@pytest.mark.parametrize(("name", "expected"), [("江北区", "你区"), ("城口县", "你县"), ("某单位", "你单位")])
def test_a_letter_addresses_the_unit_as_its_kind(
    bundled_context: ReportContext, name: str, expected: str
) -> None:
    unit = dataclasses.replace(bundled_context.results.unit("500105"), name=name)
    assert you(bundled_context, unit) == expected


def test_the_city_summary(bundled_context: ReportContext) -> None:
    summary = build("summary", bundled_context)
    assert summary.title == "重庆市2021年履行教育职责情况评价结果汇总报告"
    assert _headings(summary) == [
        "一、总体情况",
        "二、各领域得分情况",
        "三、共性问题",
        "四、否决和降等情形",
        "五、工作建议",
    ]
    ranking = next(b for b in summary.blocks if isinstance(b, Table) and b.caption.startswith("表1"))
    assert [row[1] for row in ranking.rows] == [u.name for u in bundled_context.results.ranked()]
    charts = [b for b in summary.blocks if isinstance(b, Chart)]
    assert len(charts) == 3 and all(c.png.startswith(b"\x89PNG") and "<svg" in c.svg for c in charts)
    overall = _section(summary, "一、总体情况", "二、各领域得分情况")[0].text
    grades = {
        g: sum(u.grade == g for u in bundled_context.results.units)
        for g in ("优秀", "良好", "合格", "不合格")
    }
    assert all(f"{g}{n}个" in overall for g, n in grades.items())
    common = _section(summary, "三、共性问题", "四、否决和降等情形")
    counts = [int(p.parts[0].text) for p in common]  # type: ignore[union-attr]
    assert counts == sorted(counts, reverse=True) and len(common) == 10
    fired = [(u, r) for u in bundled_context.results.ranked() for r in u.fired_rules]
    assert len(_section(summary, "四、否决和降等情形", "五、工作建议")) == len(fired) > 0
