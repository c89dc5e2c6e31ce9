"""``dudao explain --unit CODE --item CODE``: the chain from data to one item's points."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from dudao.cli.common import BackendOption, DataOption, Exit, PeriodOption, SchemeOption, err, out
from dudao.cli.evaluate import run
from dudao.engine.backends import Backend
from dudao.engine.explain import fmt


def explain(
    unit: Annotated[str, typer.Option("--unit", "-u", help="单位代码 / unit code, e.g. 500105")],
    item: Annotated[str, typer.Option("--item", "-i", help="指标代码 / item code, e.g. A6.1.1")],
    scheme: SchemeOption = None,
    data: DataOption = None,
    period: PeriodOption = None,
    backend: BackendOption = Backend.PYTHON,
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
    out.print(f"计算结果 / value：{fmt(result.value, 4)}")
    out.print(f"标准 / standard：{result.standard}")
    out.print(
        f"状态 / status：{result.status}；得分 / points：{fmt(result.points)} / {fmt(result.max_points)}"
    )
    out.print(f"[dim]{explanation.text}[/dim]")
