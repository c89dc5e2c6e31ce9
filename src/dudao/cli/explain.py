"""``dudao explain --unit CODE --item CODE``: the chain from data to one item's points."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from dudao.cli.common import (
    BackendOption,
    DataOption,
    Exit,
    PeriodOption,
    SchemeOption,
    err,
    open_dataset,
    open_scheme,
    out,
)
from dudao.cli.evaluate import run
from dudao.engine.backends import Backend
from dudao.engine.explanation import Explanation, fmt
from dudao.engine.schools import school_values


def explain(
    unit: Annotated[str, typer.Option("--unit", "-u", help="单位代码 / unit code, e.g. 500105")],
    item: Annotated[str, typer.Option("--item", "-i", help="指标代码 / item code, e.g. A6.1.1")],
    scheme: SchemeOption = None,
    data: DataOption = None,
    period: PeriodOption = None,
    backend: BackendOption = Backend.PYTHON,
    schools: Annotated[
        bool, typer.Option("--schools", help="列出汇总所用的全部学校数值 / list every school value behind it")
    ] = False,
) -> None:
    """计分说明 / explain one item's score for one unit: inputs, formula, standard, rule."""
    results = run(scheme, data, period, backend, quiet=True)
    try:
        unit_result = results.unit(unit)
    except KeyError:
        err.print(f"[red]没有被评价单位“{unit}”[/red] / no evaluated unit {unit!r}")
        raise Exit(1) from None
    try:
        result = unit_result.item(item)
    except KeyError:
        known = "、".join(i.code for i in unit_result.items[:12])
        err.print(f"[red]方案中没有计分项“{item}”[/red]（例如：{known} …）/ no scored item {item!r}")
        raise Exit(1) from None
    explanation = result.explanation
    out.print(f"[bold]{unit_result.name}（{unit_result.code}） · {result.code} {result.name}[/bold]")
    if results.data_label:
        out.print(f"[dim]{results.data_label}｜{results.scheme_title}｜{results.period}年数据[/dim]")
    if explanation.formula:
        out.print(f"公式 / formula：{explanation.formula}")
    if explanation.inputs:
        table = Table("数据项 / input", "年度", "值", "单位")
        for value in explanation.inputs:
            table.add_row(
                value.name,
                "" if value.period is None else str(value.period),
                fmt(value.value, 4),
                value.unit,
            )
        out.print(table)
    _show_aggregates(explanation)
    out.print(f"计算结果 / value：{fmt(result.value, 4)}")
    for missing in explanation.missing:
        out.print(f"[yellow]数据缺失 / missing：{missing.sentence}[/yellow]")
    out.print(f"标准 / standard：{result.standard}")
    if explanation.step is not None:
        out.print(f"扣分 / deduction：{explanation.step.sentence}")
    if explanation.rubric is not None:
        out.print(f"评审 / review：{explanation.rubric.sentence}")
    out.print(
        f"状态 / status：{result.status}；得分 / points：{fmt(result.points)} / {fmt(result.max_points)}"
    )
    out.print(f"[dim]{explanation.text}[/dim]")
    if schools:
        _show_schools(scheme, data, results.period, unit, item, explanation)
    elif explanation.aggregates:
        out.print("[dim]全部学校数值 / every school value：加 --schools / add --schools[/dim]")


def _show_aggregates(explanation: Explanation) -> None:
    """The aggregates over schools: how many counted, how many meet a condition, the extremes."""
    if not explanation.aggregates:
        return
    table = Table("学校汇总 / over schools", "年度", "值", "计入学校", "符合条件", "最低", "最高")
    for found in explanation.aggregates:
        table.add_row(
            found.text,
            "" if found.period is None else str(found.period),
            fmt(found.value, 4),
            f"{found.counted} / {found.selected}",
            "" if found.met is None else str(found.met),
            "" if found.lowest is None else f"{found.lowest.name} {fmt(found.lowest.value, 4)}",
            "" if found.highest is None else f"{found.highest.name} {fmt(found.highest.value, 4)}",
        )
    out.print(table)


def _show_schools(
    scheme_name: str | None, data: Path | None, period: int, unit: str, item: str, explanation: Explanation
) -> None:
    """Every school value behind the item's aggregates, school by school."""
    found = school_values(open_scheme(scheme_name), open_dataset(data), unit, item, period)
    texts = {a.column: a.text for a in explanation.aggregates}
    if not found:
        out.print("本项不汇总学校数据 / this item aggregates no school values")
        return
    for aggregate in found:
        table = Table(
            "学校代码 / school",
            "学校",
            "值",
            "权重（学生数）",
            "计入",
            title=f"{texts.get(aggregate.column, aggregate.function)}（{aggregate.period}年）",
        )
        for school in aggregate.schools:
            counted = "是" if school.counted else ("不在范围" if not school.selected else "缺数据")
            table.add_row(
                school.code,
                school.name,
                fmt(school.value, 4),
                fmt(school.weight, 4) if school.weight is not None else "",
                counted,
            )
        out.print(table)
