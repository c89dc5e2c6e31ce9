"""Render results as a table (people), JSON, CSV or XLSX (machines and spreadsheets)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from rich.table import Table

from dudao.engine.explanation import fmt
from dudao.engine.results import MET, MISSING, PENDING, Results, RuleOutcome, UnitResult
from dudao.scheme.model import ROUND_RULE_NAMES

FORMATS = ("table", "json", "csv", "xlsx")
_STATUS_STYLE = {MET: "green", MISSING: "yellow", PENDING: "cyan"}

ITEM_HEADER = [
    "unit_code",
    "unit_name",
    "total",
    "grade",
    "rank",
    "item_code",
    "item_name",
    "value",
    "standard",
    "points",
    "max_points",
    "status",
]
RANKING_HEADER = ["rank", "code", "name", "total", "base_total", "bonus", "grade", "rules", "not_ranked"]


def sample_caption(results: Results) -> str:
    labels = [x for x in (results.data_label,) if x]
    title = results.scheme_title
    return f"{title}｜{results.period}年数据｜" + ("、".join(labels) or "") + f"｜引擎 {results.backend}"


def ranking_table(results: Results) -> Table:
    table = Table(title=f"{results.scheme_title} — 排名 / ranking", caption=sample_caption(results))
    for header, justify in (
        ("排名", "right"),
        ("代码", "left"),
        ("单位", "left"),
        ("总分", "right"),
        ("基础分", "right"),
        ("加分", "right"),
        ("等次", "left"),
        ("触发的规则 / rules fired", "left"),
    ):
        table.add_column(header, justify=justify)  # type: ignore[arg-type]
    for unit in results.ranked():
        fired = "；".join(_fired_text(r) for r in unit.fired_rules)
        pending = f"（{unit.pending} 项待评审）" if unit.pending else ""
        table.add_row(
            str(unit.rank) if unit.ranked else "—",
            unit.code,
            unit.name if unit.ranked else f"{unit.name}（{unit.rank_text}）",
            fmt(unit.total),
            fmt(unit.base_total),
            fmt(unit.bonus),
            unit.grade + pending,
            fired or "—",
        )
    if results.rank_by == "total":
        table.caption = f"{table.caption}｜按总分排名 / ranked by total"
    return table


def _fired_text(rule: RuleOutcome) -> str:
    """A rule whose condition held, and what it did: ``降低一个等次：弄虚作假（优秀→良好）``."""
    change = f"{rule.grade_before}→{rule.grade_after}" if rule.changed else "等次未变"
    return f"{_rule_word(rule.type)}：{rule.reason}（{change}）"


def _rule_word(kind: str) -> str:
    return ROUND_RULE_NAMES[kind][0]


def rules_table(unit: UnitResult) -> Table:
    """Every round rule in the order it applies: whether its condition held, what it did."""
    grades = f"按总分 {unit.grade_by_total}，最终 {unit.grade}"
    table = Table(title=f"{unit.name}（{unit.code}）轮次规则 / round rules：{grades}")
    for header in ("规则", "类型", "情形", "条件 / held", "等次 / grade"):
        table.add_column(header)
    held = {True: "成立", False: "不成立", None: "数据缺失"}
    for rule in unit.rules:
        change = (
            f"{rule.grade_before} → {rule.grade_after}" if rule.changed else f"未变（{rule.grade_after}）"
        )
        table.add_row(rule.code, _rule_word(rule.type), rule.reason, held[rule.fired], change)
    return table


def unit_table(results: Results, unit: UnitResult) -> Table:
    table = Table(
        title=f"{unit.name}（{unit.code}）总分 {fmt(unit.total)}，{unit.grade}，{unit.rank_text}",
        caption=sample_caption(results),
    )
    for header, justify in (
        ("指标", "left"),
        ("名称", "left"),
        ("值", "right"),
        ("标准", "left"),
        ("得分", "right"),
        ("满分", "right"),
        ("状态", "left"),
    ):
        table.add_column(header, justify=justify)  # type: ignore[arg-type]
    for item in unit.items:
        style = _STATUS_STYLE.get(item.status, "red")
        table.add_row(
            item.code,
            item.name,
            fmt(item.value),
            item.standard,
            fmt(item.points),
            fmt(item.max_points),
            f"[{style}]{item.status}[/{style}]",
        )
    return table


def to_json(results: Results, unit: str | None = None) -> str:
    data = results.to_dict()
    if unit is not None:
        data["units"] = [u.to_dict() for u in results.ranked() if u.code == unit]
    return json.dumps(data, ensure_ascii=False, indent=2)


def item_rows(results: Results, unit: str | None = None) -> list[list[object]]:
    rows: list[list[object]] = []
    for u in results.ranked():
        if unit is not None and u.code != unit:
            continue
        for item in u.items:
            rows.append(
                [
                    u.code,
                    u.name,
                    u.total,
                    u.grade,
                    u.rank,
                    item.code,
                    item.name,
                    item.value,
                    item.standard,
                    item.points,
                    item.max_points,
                    item.status,
                ]
            )
    return rows


def write_csv(results: Results, path: Path, unit: str | None = None) -> None:
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(ITEM_HEADER)
        writer.writerows(item_rows(results, unit))


def write_xlsx(results: Results, path: Path, unit: str | None = None) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    ranking = book.active
    ranking.title = "排名"
    ranking.append([sample_caption(results)])
    ranking.append(RANKING_HEADER)
    for u in results.ranked():
        if unit is None or u.code == unit:
            ranking.append(
                [
                    u.rank,
                    u.code,
                    u.name,
                    u.total,
                    u.base_total,
                    u.bonus,
                    u.grade,
                    "；".join(_fired_text(r) for r in u.fired_rules),
                    u.rank_text if not u.ranked else "",
                ]
            )
    details = book.create_sheet("明细")
    details.append(ITEM_HEADER)
    for row in item_rows(results, unit):
        details.append(row)
    for sheet in (ranking, details):
        for cell in sheet[2 if sheet is ranking else 1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A3" if sheet is ranking else "A2"
    book.save(path)
