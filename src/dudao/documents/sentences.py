"""Sentences shared by the documents: an item's figures, a problem, a suggested measure.

>>> short_name_of("不违规抽调借用中小学教师（每人扣0.2分）")
'不违规抽调借用中小学教师'
"""

from __future__ import annotations

import re

from dudao.documents.facts import ItemFact
from dudao.documents.model import Figure, Part
from dudao.documents.phrasing import figure
from dudao.scheme.model import ROUND_RULE_NAMES, BooleanRule, PerIncident, Rubric


def fact_parts(fact: ItemFact) -> list[Part]:
    """One item as a clause: the figure, its standard, and last year's comparison."""
    grown = fact.grown_parts()
    parts: list[Part] = [*grown, "，"] if grown else [fact.measure.name]
    parts += fact.value_parts()
    standard = fact.standard_parts()
    if standard:
        word = "优于" if fact.met and fact.beyond_standard() else ("达到" if fact.met else "未达到")
        parts += [f"，{word}标准（", *standard, "）"]
    change = fact.change_parts()
    if change:
        parts += ["，", *change]
    return parts


def problem_title(fact: ItemFact) -> str:
    """1.幼儿园园舍达标率未达到标准 / …尚未落实 / …评审等级偏低 / …发生扣分情形."""
    name = short_name(fact)
    rule = fact.item.rule
    if isinstance(rule, BooleanRule):
        return f"{name}尚未落实"
    if isinstance(rule, Rubric):
        return f"{name}评审等级偏低"
    if isinstance(rule, PerIncident):
        return f"{name}方面发生扣分情形"
    return f"{name}{'未达到标准' if fact.below_standard else '得分偏低'}"


def status_cell(fact: ItemFact) -> Part:
    """现状 in a problem table: the figure, 未落实, the review level, or 发生1起."""
    if fact.is_quantitative:
        return fact.value_figure()
    if isinstance(fact.item.rule, BooleanRule):
        return "未落实"
    if isinstance(fact.item.rule, PerIncident) and fact.number is not None:
        counted = figure(fact.number, "", fact.source("incidents"))
        return Figure(counted.value, f"发生{counted.text}起", counted.source)
    return str(fact.result.value)


def problem_parts(fact: ItemFact) -> list[Part]:
    """The problem in figures, with the item it refers to."""
    parts: list[Part] = []
    if fact.is_quantitative:
        parts += [*fact_parts(fact), "；"]
    elif fact.number is not None and fact.item.rule is not None and fact.item.rule.type == "per_incident":
        parts += ["发生", figure(fact.number, "", fact.source("incidents")), "起；"]
    elif isinstance(fact.result.value, str):
        parts.append(f"评审等级为“{fact.result.value}”；")
    parts += ["该项", *fact.points_parts(), f"，见指标 {fact.result.code}。"]
    return parts


def rule_name(kind: str) -> str:
    """一票否决 / 降低一个等次 / 不得评为优秀."""
    return ROUND_RULE_NAMES.get(kind, (kind, kind))[0]


def improve_title(fact: ItemFact) -> str:
    return f"着力改进{short_name(fact)}"


def suggestion(fact: ItemFact) -> str:
    """建议: the scheme's guidance for the item, or a measure built from its name and owner."""
    if fact.item.guidance:
        return f"建议：{fact.item.guidance.rstrip('。')}。"
    owner = fact.item.owner or "相关部门"
    return f"建议：由{owner}牵头，针对“{fact.result.name}”制定整改措施，明确责任人和完成时限。"


def short_name_of(name: str) -> str:
    return re.sub(r"（[^）]*）|\([^)]*\)", "", name)


def short_name(fact: ItemFact) -> str:
    """The item's name without its parenthesised notes (（每人扣0.2分）, （待核实）)."""
    return short_name_of(fact.result.name)
