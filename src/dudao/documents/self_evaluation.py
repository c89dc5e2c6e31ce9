"""The self-evaluation report 自评报告, drafted in the structure most such reports share:

- 一、主要做法和成效: per area the unit's own narrative, then the area's figures with their
  standards and last year's values; then (二) 主要成效 with the score and the key figures;
- 二、存在问题: items below standard, low scores, and the rules that fired;
- 三、下一步工作打算: one per problem, from the unit's plan or, marked 建议, from the scheme's
  guidance for the item.

The author then edits the prose; the numbers stay as the results give them.
"""

from __future__ import annotations

import re

from dudao.documents.context import ReportContext
from dudao.documents.facts import ItemFact, problems
from dudao.documents.model import (
    Block,
    Document,
    Figure,
    Heading,
    Paragraph,
    Part,
    Source,
    Style,
    character_count,
)
from dudao.documents.phrasing import chinese_date, figure
from dudao.documents.sentences import (
    fact_parts,
    improve_title,
    problem_parts,
    problem_title,
    rule_name,
    suggestion,
)
from dudao.engine.results import UnitResult
from dudao.scheme.model import BooleanRule, Item

KEY_FIGURES = 6  # improved figures named under 主要成效


def topic(ctx: ReportContext) -> str:
    """What the report is about: 履行教育职责情况, or the scheme's title without 方案."""
    title = re.sub(r"（示例）|\(示例\)", "", ctx.scheme.info.title)
    if "履行教育职责" in title:
        return "履行教育职责情况"
    return re.sub(r"^.*?(对|关于)", "", re.sub(r"(评价|评估)?方案$", "", title)) + "情况"


def build_self_evaluation(ctx: ReportContext, code: str) -> Document:
    unit = ctx.unit(code)
    facts = ctx.facts(code)
    found = problems(facts, ctx.settings.low_score_share)
    author = ctx.recipient(unit)
    blocks: list[Block] = [
        Paragraph(
            (
                f"根据{ctx.office}《{ctx.scheme.label}》要求，{author}对照评价指标逐项开展自查自评，"
                "现将有关情况报告如下：",
            )
        ),
        Heading(1, "一、主要做法和成效"),
        Heading(2, "（一）主要做法"),
    ]
    for number, area in enumerate(ctx.areas(), start=1):
        blocks += _practice(ctx, unit, area, [f for f in facts if f.result.area == area.code], number)
    blocks += [Heading(2, "（二）主要成效"), *_results(ctx, unit, facts)]
    blocks += [Heading(1, "二、存在问题"), *_problems(ctx, unit, found)]
    blocks += [Heading(1, "三、下一步工作打算"), *_next_steps(ctx, unit, found)]
    missing = [f for f in facts if f.missing]
    if missing:
        names = "、".join(f"{f.result.name}（{f.result.code}）" for f in missing)
        blocks.append(
            Paragraph((f"【说明】以下指标数据缺失，未能计分，请补齐数据后重新生成：{names}。",), Style.NOTE)
        )
    document = Document(
        kind="self-evaluation",
        title=f"{author}{ctx.period}年{topic(ctx)}自评报告",
        blocks=tuple(blocks),
        unit=unit.code,
        unit_name=unit.name,
        signature=author,
        date=chinese_date(ctx.settings.issued),
        label=ctx.label,
    )
    return _with_warnings(ctx, document, missing)


def _with_warnings(ctx: ReportContext, document: Document, missing: list[ItemFact]) -> Document:
    warnings = []
    count = character_count(document.body_text())
    if count > ctx.settings.character_limit:
        warnings.append(
            f"全文 {count} 字，超过自评报告不超过 {ctx.settings.character_limit} 字的规定，请精简。"
            f" / {count} characters: over the {ctx.settings.character_limit}-character limit"
            " for a self-evaluation report."
        )
    if missing:
        warnings.append(
            f"{len(missing)} 项指标数据缺失，未能计分。 / {len(missing)} item(s) have missing data."
        )
    return Document(**{**document.__dict__, "warnings": tuple(warnings)})


def _practice(
    ctx: ReportContext, unit: UnitResult, area: Item, facts: list[ItemFact], number: int
) -> list[Block]:
    lead = f"{number}.{area.name}。"
    narrative = ctx.prose.narrative(unit.code, area.code)
    out: list[Block] = []
    if narrative:
        out.append(Paragraph((narrative,), Style.NARRATIVE, lead=lead))
        lead = ""
    data = _figures_sentence([f for f in facts if f.is_quantitative and f.met])
    done = [f.result.name for f in facts if isinstance(f.item.rule, BooleanRule) and f.met]
    parts: list[Part] = []
    if data:
        parts += [*data, "。"]
    if done:
        parts.append("对照评价方案，" + "".join(f"“{name}”" for name in done) + "等要求均已落实。")
    if parts:
        out.append(Paragraph(tuple(parts), lead=lead))
    elif not narrative:
        out.append(Paragraph((f"{area.name}方面的主要做法由单位补充。",), lead=lead))
    if not narrative:
        out.append(
            Paragraph((f"【说明】本部分尚无单位撰写的做法叙述，请补充“{area.name}”的主要做法。",), Style.NOTE)
        )
    return out


def _figures_sentence(facts: list[ItemFact]) -> list[Part]:
    """学前三年毛入园率达124.6%（标准为不低于85%），较上年提高12.55个百分点；……"""
    parts: list[Part] = []
    for fact in facts:
        if parts:
            parts.append("；")
        parts += fact_parts(fact)
    return parts


def _results(ctx: ReportContext, unit: UnitResult, facts: list[ItemFact]) -> list[Block]:
    total = figure(unit.total, "", Source("total", unit=unit.code))
    parts: list[Part] = [f"对照评价方案逐项测算，{ctx.period}年自评得分", total, "分"]
    if unit.bonus:
        parts += ["（含加分", figure(unit.bonus, "", Source("bonus", unit=unit.code)), "分）"]
    parts.append("。")
    for area in unit.areas:
        parts += [
            f"{area.name}得",
            figure(area.points, "", Source("points", area.code, unit.code)),
            "分（满分",
            figure(area.max_points, "", Source("max_points", area.code, unit.code)),
            "分）；" if area is not unit.areas[-1] else "分）。",
        ]
    met = [f for f in facts if f.is_quantitative and f.met]
    counted = [f for f in facts if f.is_quantitative]
    blocks: list[Block] = [Paragraph(tuple(parts))]
    if counted:
        blocks.append(
            Paragraph(
                (
                    "在可量化的",
                    Figure(len(counted), str(len(counted)), Source("count", "quantitative", unit.code)),
                    "项指标中，",
                    Figure(len(met), str(len(met)), Source("count", "quantitative_met", unit.code)),
                    "项达到评价标准。",
                    *_improved(met),
                )
            )
        )
    return blocks


def _improved(facts: list[ItemFact]) -> list[Part]:
    """The key figures: met items that also moved the right way since last year."""
    improved = sorted((f for f in facts if f.improved()), key=_change_size, reverse=True)[:KEY_FIGURES]
    if not improved:
        return []
    parts: list[Part] = ["其中，"]
    for fact in improved:
        if len(parts) > 1:
            parts.append("，")
        parts += [fact.measure.name, *fact.change_parts()]
    return [*parts, "。"]


def _change_size(fact: ItemFact) -> float:
    figures = [p for p in fact.change_parts() if isinstance(p, Figure)]
    return abs(figures[0].value) if figures else 0.0


def _problems(ctx: ReportContext, unit: UnitResult, found: list[ItemFact]) -> list[Block]:
    blocks: list[Block] = []
    for number, fact in enumerate(found, start=1):
        blocks.append(Paragraph(tuple(problem_parts(fact)), lead=f"{number}.{problem_title(fact)}。"))
    for rule in unit.fired_rules:
        number = len(blocks) + 1
        blocks.append(
            Paragraph(
                (f"触发“{rule_name(rule.type)}”情形：{rule.reason}。",), lead=f"{number}.触发否决或降等规则。"
            )
        )
    if not blocks:
        blocks.append(Paragraph(("对照评价方案，各项可计分指标均达到标准，未触发否决或降等情形。",)))
    return blocks


def _next_steps(ctx: ReportContext, unit: UnitResult, found: list[ItemFact]) -> list[Block]:
    blocks: list[Block] = []
    for number, fact in enumerate(found, start=1):
        lead = f"{number}.{improve_title(fact)}。"
        plan = ctx.prose.plan(unit.code, fact.result.code)
        if plan:
            blocks.append(Paragraph((plan,), Style.NARRATIVE, lead=lead))
        else:
            blocks.append(Paragraph((suggestion(fact),), Style.SUGGESTION, lead=lead))
    if unit.fired_rules:
        blocks.append(
            Paragraph(
                (
                    "建议：针对触发的否决或降等情形，逐项查明原因，明确责任单位和整改时限，杜绝类似情况再次发生。",
                ),
                Style.SUGGESTION,
            )
        )
    if not blocks:
        blocks.append(Paragraph(("建议：巩固现有成效，对照评价方案持续改进。",), Style.SUGGESTION))
    return blocks
