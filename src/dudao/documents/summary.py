"""The city summary 汇总报告: how every unit did, what they share, and which rules fired.

一、总体情况 (totals, grades, the ranking table, a bar chart of totals); 二、各领域得分 (area
means, a radar of the top and bottom units); 三、共性问题 (the items most units missed, with a
heat map); 四、否决和降等情形 (the rules that fired); 五、工作建议 (marked 建议).
"""

from __future__ import annotations

from statistics import fmean

from dudao.documents import charts
from dudao.documents.context import ReportContext
from dudao.documents.facts import ItemFact, problems
from dudao.documents.model import Block, Document, Figure, Heading, Paragraph, Part, Source, Style, Table
from dudao.documents.phrasing import chinese_date, figure, join_names, ordinal
from dudao.documents.self_evaluation import topic
from dudao.documents.sentences import rule_name, short_name
from dudao.engine.results import UnitResult

RADAR_UNITS = 3  # top and bottom units on the radar
COMMON_PROBLEMS = 10  # items named under 共性问题 and on the heat map
NAMES_SHOWN = 8  # units named per common problem before "等"


def build_summary(ctx: ReportContext) -> Document:
    ranked = ctx.results.ranked()
    facts = {u.code: ctx.facts(u.code) for u in ranked}
    found = {code: problems(unit_facts, ctx.settings.low_score_share) for code, unit_facts in facts.items()}
    blocks: list[Block] = [
        Paragraph(
            (
                f"根据《{ctx.scheme.label}》，{ctx.office}组织对{ctx.region}",
                _count(len(ranked), "units"),
                f"个{ctx.unit_noun}{ctx.period}年{topic(ctx)}进行了评价。现将评价结果汇总报告如下：",
            )
        ),
        Heading(1, "一、总体情况"),
        *_overall(ctx, ranked),
        Heading(1, "二、各领域得分情况"),
        *_areas(ctx, ranked),
        Heading(1, "三、共性问题"),
        *_common(ctx, ranked, found),
        Heading(1, "四、否决和降等情形"),
        *_rules(ranked),
        Heading(1, "五、工作建议"),
        *_advice(ctx, ranked, found),
    ]
    return Document(
        kind="summary",
        title=f"{ctx.region}{ctx.period}年{topic(ctx)}评价结果汇总报告",
        blocks=tuple(blocks),
        signature=ctx.office,
        date=chinese_date(ctx.settings.issued),
        label=ctx.label,
    )


def _count(value: int, code: str, unit: str = "") -> Figure:
    return Figure(value, str(value), Source("count", code, unit))


def _stat(value: float, code: str) -> Figure:
    return figure(value, "", Source("statistic", code))


def _overall(ctx: ReportContext, ranked: list[UnitResult]) -> list[Block]:
    totals = [u.total for u in ranked]
    best, worst = ranked[0], ranked[-1]
    parts: list[Part] = [
        "平均得分",
        _stat(fmean(totals), "mean"),
        "分；最高",
        figure(best.total, "", Source("total", unit=best.code)),
        f"分（{best.name}），最低",
        figure(worst.total, "", Source("total", unit=worst.code)),
        f"分（{worst.name}）。等次分布：",
    ]
    for n, grade in enumerate(ctx.scheme.info.grades):
        parts += [
            "；" if n else "",
            f"{grade.name}",
            _count(sum(u.grade == grade.name for u in ranked), f"grade:{grade.name}"),
            "个",
        ]
    parts.append("。")
    rows = tuple(
        (
            Figure(u.rank, str(u.rank), Source("rank", unit=u.code)) if u.rank is not None else "—",
            u.name if u.ranked else f"{u.name}（{u.rank_text}）",
            figure(u.total, "", Source("total", unit=u.code)),
            figure(u.bonus, "", Source("bonus", unit=u.code)),
            u.grade,
            "；".join(rule_name(r.type) for r in u.fired_rules) or "无",
        )
        for u in ranked
    )
    thresholds = {g.name: g.minimum for g in ctx.scheme.info.grades if g.minimum > 0}
    chart = charts.bar_chart(
        "图1 各单位评价得分", [u.name for u in ranked], totals, reference_lines=thresholds, label=ctx.label
    )
    table = Table(
        "表1 评价得分和等次",
        ("排名", "单位", "得分", "加分", "等次", "否决或降等"),
        rows,
        (True, False, True, True, False, False),
    )
    return [Paragraph(tuple(parts)), table, chart]


def _areas(ctx: ReportContext, ranked: list[UnitResult]) -> list[Block]:
    areas = ranked[0].areas
    rows = []
    for index, area in enumerate(areas):
        points = [u.areas[index].points for u in ranked]
        rows.append(
            (
                area.name,
                figure(area.max_points, "", Source("max_points", area.code)),
                _stat(fmean(points), f"mean:{area.code}"),
                _stat(max(points), f"max:{area.code}"),
                _stat(min(points), f"min:{area.code}"),
            )
        )
    shown = ranked[:RADAR_UNITS] + [u for u in ranked[-RADAR_UNITS:] if u not in ranked[:RADAR_UNITS]]
    series = {
        u.name: [a.points / a.max_points * 100 if a.max_points else 0.0 for a in u.areas] for u in shown
    }
    radar = charts.radar_chart(
        f"图2 前{ordinal(RADAR_UNITS)}名与后{ordinal(RADAR_UNITS)}名单位各领域得分率（%）",
        [a.name for a in areas],
        series,
        label=ctx.label,
    )
    table = Table(
        "表2 各一级指标得分",
        ("一级指标", "满分", "平均", "最高", "最低"),
        tuple(rows),
        (False, True, True, True, True),
    )
    return [table, radar]


def _missed(ranked: list[UnitResult], found: dict[str, list[ItemFact]]) -> list[tuple[str, list[ItemFact]]]:
    """Items by how many units have them as a problem, most first (then in scheme order)."""
    by_item: dict[str, list[ItemFact]] = {}
    for unit in ranked:
        for fact in found[unit.code]:
            by_item.setdefault(fact.result.code, []).append(fact)
    order = {i.code: n for n, i in enumerate(ranked[0].items)}
    return sorted(by_item.items(), key=lambda kv: (-len(kv[1]), order.get(kv[0], 0)))[:COMMON_PROBLEMS]


def _common(ctx: ReportContext, ranked: list[UnitResult], found: dict[str, list[ItemFact]]) -> list[Block]:
    missed = _missed(ranked, found)
    if not missed:
        return [Paragraph(("各单位可计分指标均达到标准。",))]
    blocks: list[Block] = []
    for n, (code, facts) in enumerate(missed, 1):
        names = [f.unit.name for f in facts]
        shown = "、".join(names[:NAMES_SHOWN]) + "等" if len(names) > NAMES_SHOWN else join_names(names)
        blocks.append(
            Paragraph(
                (
                    _count(len(facts), f"missed:{code}"),
                    f"个{ctx.unit_noun}未达到标准或得分偏低（{shown}），见指标 {code}。",
                ),
                lead=f"{n}.{short_name(facts[0])}。",
            )
        )
    values = [[_lost(u, code) for code, _ in missed] for u in ranked]
    blocks.append(
        charts.heat_map(
            "图3 共性问题指标失分率（按单位）",
            [u.name for u in ranked],
            [short_name(facts[0]) for _, facts in missed],
            values,
            label=ctx.label,
        )
    )
    return blocks


def _lost(unit: UnitResult, code: str) -> float | None:
    item = unit.item(code)
    if item.max_points <= 0 or item.status == "数据缺失":
        return None
    return 1 - item.points / item.max_points


def _rules(ranked: list[UnitResult]) -> list[Block]:
    fired = [(u, r) for u in ranked for r in u.fired_rules]
    if not fired:
        return [Paragraph(("本次评价无一票否决、降低等次或不得评为优秀的情形。",))]
    return [
        Paragraph((f"{unit.name}：触发“{rule_name(rule.type)}”情形，{rule.reason}。",), lead=f"{n}.")
        for n, (unit, rule) in enumerate(fired, 1)
    ]


def _advice(ctx: ReportContext, ranked: list[UnitResult], found: dict[str, list[ItemFact]]) -> list[Block]:
    blocks: list[Block] = []
    for n, (_code, facts) in enumerate(_missed(ranked, found)[:5], 1):
        guidance = facts[0].item.guidance
        if guidance:
            text = f"建议：{guidance.rstrip('。')}。"
            blocks.append(Paragraph((text,), Style.SUGGESTION, lead=f"{n}.{short_name(facts[0])}。"))
    blocks.append(
        Paragraph(
            (
                f"各{ctx.unit_noun}对照督导意见书和问题清单制定整改方案，按期报送整改报告；{ctx.office}适时组织复查。",
            )
        )
    )
    return blocks
