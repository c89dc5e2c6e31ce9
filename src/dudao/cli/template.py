"""``dudao template``: the Excel template a unit fills in — one sheet per area, every input cell
validated, the structure protected — or, with ``--schools``, the school workbook (one row per
school). From a round of the web database (``--round``), or from ``--scheme`` and ``--data``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

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
from dudao.cli.rounds import DataDirOption, RoundOption, open_round
from dudao.errors import DataError


def template(
    output: Annotated[Path, typer.Option("--out", "-o", help="输出的 .xlsx 文件 / the workbook to write")],
    round_id: RoundOption = None,
    unit: UnitOption = None,
    schools: Annotated[
        bool, typer.Option("--schools", help="学校填报表：每校一行 / the school workbook, one row per school")
    ] = False,
    scheme: SchemeOption = None,
    data: DataOption = None,
    period: PeriodOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """填报模板：Excel，按一级指标分表，含数据验证 / write the Excel template to fill in."""
    from dudao.data.workbook import write_template

    if output.suffix.lower() != ".xlsx":
        err.print(f"[red]--out 应为 .xlsx 文件，而不是 {output.name}[/red] / --out must end in .xlsx")
        raise Exit(2)
    if round_id is not None:
        round = open_round(round_id, data_dir)
        from dudao.store.rounds.engine import round_dataset, scheme_of

        the_scheme, dataset, year = scheme_of(round.scheme), round_dataset(round), round.period
    else:
        the_scheme, dataset = open_scheme(scheme), open_dataset(data)
        year = the_scheme.info.period
    year = period or year
    try:
        with atomic_output(output) as temporary:
            layout = write_template(the_scheme, dataset, year, temporary, unit=unit, schools=schools)
    except DataError as error:
        print_problems(error.problems)
        raise Exit(1) from None
    sheets = len(layout.sheets)
    out.print(
        f"已写入 {output}：{sheets} 个填报表，{year} 年度 / wrote {output}: {sheets} sheet(s) for {year}"
    )
