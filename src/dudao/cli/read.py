"""``dudao read``: what a narrative report (自评报告) claims, and whether the unit's data agrees.

Reads a .txt, .docx, .html or .pdf report; shows its sections and the scheme areas it covers,
every quantitative claim, what each maps to and (with ``--unit``) how it compares with the
unit's data, as a table, JSON or an HTML view with each claim highlighted."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from dudao.cli.common import (
    DataOption,
    Exit,
    PeriodOption,
    SchemeOption,
    UnitOption,
    atomic_output,
    err,
    open_dataset,
    open_scheme,
    out,
    print_problems,
)
from dudao.errors import DataError
from dudao.reader import STATUS_ZH, ReportError, ReportReading, read_report, render_html

FORMATS = ("table", "json", "html")
_STYLES = {"agrees": "green", "differs": "bold red", "no_data": "dim", "unmapped": ""}


def read(
    file: Annotated[Path, typer.Argument(help="报告文件 .txt/.docx/.html/.pdf / the report")],
    scheme: SchemeOption = None,
    data: DataOption = None,
    unit: UnitOption = None,
    period: PeriodOption = None,
    format: Annotated[
        str | None,
        typer.Option("--format", "-f", help="table | json | html；默认按 --out 的扩展名 / default: by --out"),
    ] = None,
    output: Annotated[Path | None, typer.Option("--out", "-o", help="输出文件 / the file to write")] = None,
) -> None:
    """读自评报告：章节、数据陈述及其与数据的核对 / read a narrative report and check its claims."""
    suffix = output.suffix.lower() if output else ""
    kind = format or {".json": "json", ".html": "html", ".htm": "html"}.get(suffix, "table")
    if kind not in FORMATS:
        err.print(f"[red]未知的格式“{escape(kind)}”，可选：{' | '.join(FORMATS)}[/red] / unknown format")
        raise Exit(2)
    the_scheme = open_scheme(scheme)
    dataset = open_dataset(data) if unit is not None or data is not None else None
    try:
        reading = read_report(file, scheme=the_scheme, dataset=dataset, unit=unit, period=period)
    except (ReportError, DataError) as error:
        print_problems(error.problems)
        raise Exit(1) from None
    if kind == "table":
        print_reading(reading)
        return
    text = (
        render_html(reading, standalone=True)
        if kind == "html"
        else json.dumps(reading.to_dict(), ensure_ascii=False, indent=1)
    )
    if output is None:
        print(text)
        return
    with atomic_output(output) as temporary:
        temporary.write_text(text, encoding="utf-8")
    out.print(f"已写入 {escape(str(output))} / wrote {escape(str(output))}")


def print_reading(reading: ReportReading) -> None:
    counts = "，".join(f"{STATUS_ZH[s]} {n}" for s, n in sorted(reading.counts().items()))
    where = f"单位 {reading.unit}，{reading.period} 年数据" if reading.unit else "未对照数据（加 --unit）"
    head = f"数据陈述 {len(reading.claims)} 处（{counts}）　{where}"
    out.print(f"[bold]{escape(reading.path)}[/bold]　{escape(head)}")
    if reading.covered_areas or reading.uncovered_areas:
        covered = "、".join(f"{a.code} {a.name}" for a in reading.covered_areas) or "无"
        uncovered = "、".join(f"{a.code} {a.name}" for a in reading.uncovered_areas) or "无"
        out.print(f"涉及的一级指标 / areas covered：{escape(covered)}")
        out.print(f"[yellow]未涉及 / not covered：{escape(uncovered)}[/yellow]")
    columns = (
        "位置 / span",
        "陈述 / claim",
        "类型 / kind",
        "时期 / period",
        "对应 / maps to",
        "核对 / check",
    )
    table = Table(*columns, title="数据陈述 / claims")
    for claim in reading.claims:
        target = f"{claim.target.name}（{claim.confidence:.2f}）" if claim.target else ""
        check = STATUS_ZH[claim.status]
        if claim.comparison.reason:
            check += f"：{claim.comparison.reason}"
        style = _STYLES[claim.status]
        table.add_row(
            f"{claim.claim.start}–{claim.claim.end}",
            escape(claim.claim.text),
            claim.claim.kind,
            escape(claim.claim.period or ""),
            escape(target),
            f"[{style}]{escape(check)}[/{style}]" if style else escape(check),
        )
    out.print(table)
    for finding in reading.findings:
        style = "green" if finding.ok else "red"
        out.print(f"[{style}]报告内部核对 / internal check：{escape(finding.message_zh)}[/{style}]")
