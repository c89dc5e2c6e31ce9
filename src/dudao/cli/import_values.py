"""``dudao import FILE``: values from CSV, JSON, a filled Excel template, or DHIS2 (JSON / ADX).

With ``--round`` the values are stored in that round of the web database: all of them, or
none when any has an error (``--partial`` takes the clean rows and lists the rest). Without
``--round`` the file is only checked, against ``--scheme`` and ``--data``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dudao.cli.common import (
    DataOption,
    Exit,
    SchemeOption,
    err,
    open_dataset,
    open_scheme,
    out,
    print_problems,
    progress_bar,
)
from dudao.cli.rounds import DataDirOption, RoundOption, open_round
from dudao.data.exchange import FORMATS, MappingNeeded, UnknownFormat, read_values
from dudao.data.records import ValueBatch, check_batch
from dudao.errors import InputError, has_errors
from dudao.scheme import Scheme

FormatOption = Annotated[
    str | None,
    typer.Option(
        "--format", "-f", help=f"文件格式，默认按扩展名判断 / {' | '.join(FORMATS)}; default: by extension"
    ),
]
MappingOption = Annotated[
    Path | None,
    typer.Option("--mapping", "-m", help="DHIS2 对照表（YAML）/ the DHIS2 mapping file"),
]


def import_values(
    file: Annotated[Path, typer.Argument(help="要导入的文件 / the file to import", show_default=False)],
    round_id: RoundOption = None,
    format: FormatOption = None,
    mapping: MappingOption = None,
    partial: Annotated[
        bool,
        typer.Option("--partial", help="只导入无误的行，并列出未导入的 / take the clean rows, list the rest"),
    ] = False,
    check_only: Annotated[
        bool, typer.Option("--check", help="只检查，不写入 / check only, write nothing")
    ] = False,
    scheme: SchemeOption = None,
    data: DataOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """导入数据：CSV、JSON、Excel 填报模板或 DHIS2 / import values into a round, or check a file."""
    if not file.is_file():
        err.print(f"[red]找不到文件 {file} / no such file[/red]")
        raise Exit(2)
    if round_id is None:
        _check_against_files(file, format, mapping, partial, scheme, data)
        return
    round = open_round(round_id, data_dir)
    from dudao.store.entry.imports import import_batch
    from dudao.store.rounds.engine import scheme_of

    batch = _read(file, format, mapping, scheme_of(round.scheme))
    report = import_batch(None, round, batch, partial=partial, dry_run=check_only)
    print_problems(report.problems)
    verb = "将" if check_only else ""
    if not report.applied:
        err.print(
            f"[red]文件有 {len(report.errors)} 个错误，未导入任何数据，数据库未改动[/red] / "
            f"{len(report.errors)} error(s): nothing was imported; use --partial to take the clean rows"
        )
        raise Exit(1)
    out.print(
        f"{round.name}：读取 {report.rows} 个值，{verb}新增 {report.created}、{verb}修改 {report.changed}、"
        f"未变 {report.unchanged}、未导入 {report.rows - report.taken}"
        f" / read {report.rows}: {report.created} new, {report.changed} changed, "
        f"{report.unchanged} unchanged, {report.rows - report.taken} left out"
        + ("（仅检查，未写入 / check only: nothing written）" if check_only else "")
    )
    if report.errors:
        raise Exit(1)


def _read(file: Path, format: str | None, mapping: Path | None, scheme: Scheme) -> ValueBatch:
    try:
        with progress_bar("读取 / reading " + file.name) as bar:
            task = bar.add_task("", total=None)

            def advance(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            return read_values(file, format=format, scheme=scheme, mapping=mapping, progress=advance)
    except UnknownFormat as error:
        err.print(f"[red]{error.message_zh}[/red] / {error.message_en}")
        raise Exit(2) from None
    except MappingNeeded:
        err.print(
            "[red]DHIS2 文件需要对照表：--mapping 对照表.yaml[/red] / "
            "DHIS2 files need --mapping (see docs/dhis2.md)"
        )
        raise Exit(2) from None
    except InputError as error:
        print_problems(error.problems)
        err.print("[red]对照表有错误，未读取数据 / the mapping file has errors[/red]")
        raise Exit(1) from None


def _check_against_files(
    file: Path,
    format: str | None,
    mapping: Path | None,
    partial: bool,
    scheme_name: str | None,
    data: Path | None,
) -> None:
    scheme = open_scheme(scheme_name)
    dataset = open_dataset(data)
    levels: dict[str, str | None] = {
        u.code: "unit" if u.level == scheme.info.evaluates else "school" if u.level == "school" else None
        for u in dataset.units
    }
    batch = check_batch(_read(file, format, mapping, scheme), scheme.elements, levels)
    print_problems(batch.problems)
    out.print(
        f"{file.name}：{len(batch.values)} 个值可以导入 / {len(batch.values)} value(s) can be imported"
        "（未指定 --round，只做了检查 / no --round: checked only）"
    )
    if has_errors(batch.problems) and not partial:
        raise Exit(1)
