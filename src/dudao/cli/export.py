"""``dudao export``: a round's values (``--round``) or a data folder's (``--data``), long, as
CSV or JSON, or for DHIS2 as ``dataValueSets`` JSON or ADX XML (with ``--mapping``)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import pandas as pd
import typer

from dudao.cli.common import DataOption, Exit, PeriodOption, UnitOption, atomic_output, err, open_dataset, out
from dudao.cli.import_values import MappingOption
from dudao.cli.rounds import RoundOption, open_round
from dudao.cli.serve import DataDirOption
from dudao.data.exchange import EXPORT_FORMATS, MappingNeeded, UnknownFormat, write_values
from dudao.errors import InputError


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
            left_out = write_values(values, temporary, kind, mapping=mapping)
    except UnknownFormat as error:
        err.print(f"[red]{error.message_zh}[/red] / {error.message_en}")
        raise Exit(2) from None
    except MappingNeeded:
        err.print("[red]导出为 DHIS2 格式需要对照表：--mapping 对照表.yaml[/red] / --mapping is needed")
        raise Exit(2) from None
    except InputError as error:
        from dudao.cli.common import print_problems

        print_problems(error.problems)
        raise Exit(1) from None
    written = len(values) - left_out
    out.print(f"已写入 {output}：{written} 个值 / wrote {written} values")
    if left_out:
        err.print(
            f"[yellow]{left_out} 个值在对照表中没有对应的 DHIS2 代码，未导出[/yellow] / "
            f"{left_out} value(s) have no DHIS2 code in the mapping and were left out"
        )


def _round_values(round_id: int, data_dir: Path | None) -> pd.DataFrame:
    round = open_round(round_id, data_dir)
    from dudao.web.entry.imports import stored_values

    return stored_values(round)
