"""``dudao export``: a round's values (``--round``) or a data folder's (``--data``), long, as
CSV or JSON, or for DHIS2 as ``dataValueSets`` JSON or ADX XML (with ``--mapping``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import pandas as pd
import typer
from rich.markup import escape

from dudao.cli.common import (
    DataOption,
    Exit,
    PeriodOption,
    UnitOption,
    atomic_output,
    err,
    open_dataset,
    out,
    print_problems,
)
from dudao.cli.import_values import MappingOption
from dudao.cli.rounds import DataDirOption, RoundOption, open_round
from dudao.data.exchange import EXPORT_FORMATS, MappingNeeded, UnknownFormat, write_values
from dudao.errors import InputError

if TYPE_CHECKING:
    from dudao.data.dhis2.export import ExportReport


def export(
    output: Annotated[Path, typer.Option("--out", "-o", help="输出文件 / the file to write")],
    format: Annotated[
        str | None,
        typer.Option(
            "--format", "-f", help=f"{' | '.join(EXPORT_FORMATS)}；默认按扩展名 / default: by extension"
        ),
    ] = None,
    round_id: RoundOption = None,
    data: DataOption = None,
    mapping: MappingOption = None,
    period: PeriodOption = None,
    unit: UnitOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """导出数据：CSV、JSON、DHIS2 dataValueSets 或 ADX / export values."""
    kind = format or {".csv": "csv", ".json": "json", ".xml": "adx"}.get(output.suffix.lower())
    if kind is None:
        err.print(f"[red]请用 --format 指定格式：{' | '.join(EXPORT_FORMATS)}[/red] / say --format")
        raise Exit(2)
    values = _round_values(round_id, data_dir) if round_id is not None else open_dataset(data).values
    if period is not None:
        values = values[values["period"] == period]
    if unit is not None:
        values = values[values["unit"] == unit]
        if values.empty:
            err.print(f"[red]单位 {unit} 没有数据 / no values for unit {unit}[/red]")
            raise Exit(1)
    try:
        with atomic_output(output) as temporary:
            report = write_values(values, temporary, kind, mapping=mapping)
    except UnknownFormat as error:
        err.print(f"[red]{error.message_zh}[/red] / {error.message_en}")
        raise Exit(2) from None
    except MappingNeeded:
        err.print("[red]导出为 DHIS2 格式需要对照表：--mapping 对照表.yaml[/red] / --mapping is needed")
        raise Exit(2) from None
    except InputError as error:
        print_problems(error.problems)
        raise Exit(1) from None
    out.print(f"已写入 {output}：{report.written} 个值 / wrote {report.written} values")
    _print_left_out(report)


def _print_left_out(report: ExportReport) -> None:
    """The values left out, counted per reason (they add up with the written ones), then the
    problems that list them; exit 1 when some were refused (the rest is written)."""
    from dudao.data.dhis2.export import LEFT_OUT

    if not report.skipped:
        return
    err.print(
        f"[yellow]共 {report.considered} 个值：写入 {report.written} 个，"
        f"未导出 {report.skipped} 个[/yellow] / "
        f"of {report.considered} values, {report.written} written and {report.skipped} left out:"
    )
    for code, count in report.left_out:
        reason = LEFT_OUT[code]
        err.print(f"  {count:>8} {escape(reason.zh)} / {escape(reason.en)} [dim]({code})[/dim]")
    print_problems(report.problems)
    if report.refused:
        err.print(
            f"[red]{report.refused} 个值被拒绝（见上），文件中是其余的值[/red] / "
            f"{report.refused} value(s) were refused (see above); the file holds the rest"
        )
        raise Exit(1)


def _round_values(round_id: int, data_dir: Path | None) -> pd.DataFrame:
    round = open_round(round_id, data_dir)
    from dudao.store.entry.imports import stored_values

    return stored_values(round)
