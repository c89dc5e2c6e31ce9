"""The feedback letter 督导意见书 from the office to one evaluated unit.

一、评价结果 (total, grade, rank, rules, the unit's points per area beside the mean);
二、主要成绩 (its strongest areas and figures); 三、存在的问题 (the problem list, each with
the item it refers to); 四、整改要求 (the requirements, a problem table with the measure asked
for, and the deadline).
"""

from __future__ import annotations

from statistics import fmean

from dudao.documents.context import ReportContext
from dudao.documents.facts import ItemFact, problems
from dudao.documents.model import Block, Document, Figure, Heading, Paragraph, Part, Source, Table
from dudao.documents.phrasing import chinese_date, figure
from dudao.documents.self_evaluation import topic
from dudao.documents.sentences import (
    fact_parts,
    problem_parts,
    problem_title,
    rule_name,
    short_name,
    status_cell,
)
from dudao.engine.results import RuleOutcome, UnitResult
from dudao.scheme.model import BooleanRule

STRENGTHS = 3  # areas named under 主要成绩
FIGURES_PER_STRENGTH = 2


def you(ctx: ReportContext, unit: UnitResult) -> str:
    """How a letter addresses the unit: 你区, 你县, 你市, 你校, or 你单位."""
    if ctx.scheme.info.evaluates == "school":
        return "你校"
    for ending in ("区", "县", "市", "州", "旗"):
        if unit.name.endswith(ending):
            return f"你{ending}"
    return "你单位"


def build_feedback(ctx: ReportContext, code: str) -> Document:
    unit = ctx.unit(code)
    facts = ctx.facts(code)
    found = problems(facts, ctx.settings.low_score_share)
    addressee = you(ctx, unit)
    blocks: list[Block] = [
        Paragraph(
            (
                f"根据《{ctx.scheme.label}》，{ctx.office}组织对{addressee}{ctx.period}年{topic(ctx)}进行了评价。"
                "经审核自评材料和数据、实地督导核查，现将督导意见反馈如下：",
            )
        ),
        Heading(1, "一、评价结果"),
        *_result(ctx, unit, addressee),
        Heading(1, "二、主要成绩"),
        *_strengths(ctx, unit, facts, addressee),
        Heading(1, "三、存在的问题"),
        *_problems(unit, found),
        Heading(1, "四、整改要求"),
        *_requirements(ctx, unit, found, addressee),
        *_attachment(ctx, unit.code),
    ]
    return Document(
        kind="feedback",
        title=f"{ctx.office}关于{ctx.recipient(unit)}{ctx.period}年{topic(ctx)}评价的督导意见书",
        blocks=tuple(blocks),
        unit=unit.code,
        unit_name=unit.name,
        recipient=f"{ctx.recipient(unit)}：",
        signature=ctx.office,
        date=chinese_date(ctx.settings.issued),
        label=ctx.label,
    )


def _points(value: float, kind: str, code: str = "", unit: str = "") -> Figure:
    return figure(value, "", Source(kind, code, unit))


def _grade_change(rule: RuleOutcome) -> str:
    """
    >>> _grade_change(RuleOutcome("R4", "downgrade", "x", True, "良好", "合格"))
    '等次由良好调整为合格'
    >>> _grade_change(RuleOutcome("R9", "cannot_be_excellent", "x", True, "良好", "良好"))
    '等次未因此改变'
    """
    if rule.changed:
        return f"等次由{rule.grade_before}调整为{rule.grade_after}"
    return "等次未因此改变"


def _rank_parts(ctx: ReportContext, unit: UnitResult) -> list[Part]:
    """Where the unit ranks, among the units ranked; or why it is not ranked."""
    if unit.rank is None:
        return [f"，{unit.rank_text}"]
    ranked = sum(u.ranked for u in ctx.results.units)
    everyone = ranked == len(ctx.results.units)
    return [
        f"，在{ctx.region}",
        Figure(ranked, str(ranked), Source("count", "units" if everyone else "ranked")),
        f"个{'' if everyone else '参与排名的'}{ctx.unit_noun}中排名第",
        Figure(unit.rank, str(unit.rank), Source("rank", unit=unit.code)),
    ]


def _result(ctx: ReportContext, unit: UnitResult, addressee: str) -> list[Block]:
    parts: list[Part] = [f"{addressee}评价得分", _points(unit.total, "total", unit=unit.code), "分"]
    if unit.bonus:
        parts += ["（其中加分", _points(unit.bonus, "bonus", unit=unit.code), "分）"]
    parts += [f"，等次为“{unit.grade}”", *_rank_parts(ctx, unit), "。"]
    fired = unit.fired_rules
    if fired:
        parts += [f"触发“{rule_name(r.type)}”情形：{r.reason}（{_grade_change(r)}）。" for r in fired]
    else:
        parts.append("未触发一票否决和降等情形。")
    rows = []
    for area in unit.areas:
        mean = fmean(u.areas[unit.areas.index(area)].points for u in ctx.results.units)
        rows.append(
            (
                area.name,
                _points(area.max_points, "max_points", area.code, unit.code),
                _points(area.points, "points", area.code, unit.code),
                _points(mean, "statistic", f"mean:{area.code}"),
            )
        )
    table = Table(
        "各一级指标得分",
        ("一级指标", "满分", "得分", f"{ctx.region}平均"),
        tuple(rows),
        (False, True, True, True),
    )
    return [Paragraph(tuple(parts)), table]


def _strengths(ctx: ReportContext, unit: UnitResult, facts: list[ItemFact], addressee: str) -> list[Block]:
    ranked = sorted(unit.areas, key=lambda a: a.points / a.max_points if a.max_points else 0, reverse=True)
    blocks: list[Block] = []
    for area in ranked[:STRENGTHS]:
        good = [f for f in facts if f.result.area == area.code and f.is_quantitative and f.beyond_standard()]
        parts: list[Part] = [
            f"{area.name}方面得",
            _points(area.points, "points", area.code, unit.code),
            "分（满分",
            _points(area.max_points, "max_points", area.code, unit.code),
            "分）",
        ]
        for fact in good[:FIGURES_PER_STRENGTH]:
            parts += ["；", *fact_parts(fact)]
        blocks.append(Paragraph((*parts, "。"), lead=f"{len(blocks) + 1}.{area.name}成效明显。"))
    if not blocks:
        blocks.append(Paragraph((f"{addressee}各项工作有序推进。",)))
    return blocks


def _problems(unit: UnitResult, found: list[ItemFact]) -> list[Block]:
    blocks: list[Block] = [
        Paragraph(tuple(problem_parts(fact)), lead=f"{n}.{problem_title(fact)}。")
        for n, fact in enumerate(found, 1)
    ]
    for rule in unit.fired_rules:
        blocks.append(
            Paragraph((f"{rule.reason}。",), lead=f"{len(blocks) + 1}.触发“{rule_name(rule.type)}”情形。")
        )
    if not blocks:
        blocks.append(Paragraph(("对照评价方案，各项可计分指标均达到标准。",)))
    return blocks


def _requirements(ctx: ReportContext, unit: UnitResult, found: list[ItemFact], addressee: str) -> list[Block]:
    due = ctx.settings.due
    blocks: list[Block] = [
        Paragraph(
            (
                f"{addressee}要高度重视督导发现的问题，对照问题清单逐项制定整改方案，明确整改措施、责任单位和完成时限，"
                "切实抓好整改落实。",
            ),
            lead="1.认真制定整改方案。",
        ),
    ]
    if found:
        rows = tuple(
            (
                str(n),
                f"{short_name(fact)}（{fact.result.code}）",
                status_cell(fact),
                _standard_cell(fact),
                ctx.prose.plan(unit.code, fact.result.code) or fact.item.guidance or "制定整改措施",
            )
            for n, fact in enumerate(found, 1)
        )
        blocks.append(
            Table(
                "问题清单",
                ("序号", "问题（指标）", "现状", "标准", "整改要求"),
                rows,
                (True, False, True, True, False),
            )
        )
    deadline = Figure(due.toordinal(), chinese_date(due), Source("date", "deadline"))
    blocks += [
        Paragraph(
            ("请于", deadline, f"前将整改报告（含整改措施、责任单位、完成情况和佐证材料）报送{ctx.office}。"),
            lead="2.按时报送整改报告。",
        ),
        Paragraph(
            (f"{ctx.office}将对整改情况进行复查，复查结果纳入下一年度评价。",),
            lead="3.整改情况纳入复查。",
        ),
    ]
    return blocks


def _attachment(ctx: ReportContext, code: str) -> list[Block]:
    """附件：the problem list the office issued to the unit, as it was issued (none: nothing)."""
    issued = ctx.issued_lists.get(code)
    if issued is None:
        return []
    rows = tuple((str(p.number), p.title, p.item or "—", p.severity, p.evidence) for p in issued.problems)
    return [
        Heading(1, "附件：问题清单"),
        Paragraph(
            (
                f"本清单于{chinese_date(issued.issued)}下达，共 {len(issued.problems)} 个问题。"
                "请逐项制定整改方案，明确整改措施、责任单位、责任人和完成时限，按期报送整改进展和佐证材料，整改完成后申请销号。",
            )
        ),
        Table(
            "附件：问题清单",
            ("序号", "问题", "指标或规则", "问题程度", "依据"),
            rows,
            (True, False, False, False, False),
        ),
    ]


def _standard_cell(fact: ItemFact) -> Part:
    figures = [p for p in fact.standard_parts() if isinstance(p, Figure)]
    words = [p for p in fact.standard_parts() if isinstance(p, str)]
    if figures and words:
        sign = _SIGNS.get(words[0], words[0])
        return Figure(figures[0].value, f"{sign}{figures[0].text}", figures[0].source)
    if isinstance(fact.item.rule, BooleanRule):
        return "落实"
    return "".join(words) or fact.result.standard


_SIGNS = {"不低于": "≥", "不高于": "≤", "高于": ">", "低于": "<", "应为": "="}


__all__ = ["build_feedback", "you"]
