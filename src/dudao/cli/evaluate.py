"""``dudao evaluate``: score a scheme over a dataset and write the results."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from dudao.cli.common import (
    BackendOption,
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
from dudao.cli.output import (
    FORMATS,
    ranking_table,
    rules_table,
    to_json,
    unit_table,
    write_csv,
    write_xlsx,
)
from dudao.engine import evaluate as run_evaluation
from dudao.engine.backends import Backend, backend_unavailable
from dudao.engine.results import Results
from dudao.errors import BackendError, DataError


def run(
    scheme_name: str | None,
    data: Path | None,
    period: int | None,
    backend: str,
    quiet: bool = False,
    show_warnings: bool = True,
    options: dict[str, str] | None = None,
) -> Results:
    """Load, evaluate, and report progress on stderr; exit 1 with located problems."""
    reason = backend_unavailable(backend, options)
    if reason is not None:
        err.print(f"[red]计算引擎 {backend} 无法使用[/red]：{reason}")
        raise Exit(1)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=quiet,
    ) as progress:
        task = progress.add_task("读取方案 / loading the scheme", total=3)
        scheme = open_scheme(scheme_name)
        progress.update(task, advance=1, description="读取数据 / loading the data")
        dataset = open_dataset(data)
        progress.update(task, advance=1, description=f"计算 / evaluating on {backend}")
        try:
            results = run_evaluation(scheme, dataset, period=period, backend=backend, options=options)
        except DataError as error:
            progress.stop()
            print_problems(error.problems)
            raise Exit(1) from None
        except BackendError as error:
            progress.stop()
            err.print(f"[red]计算引擎 {backend} 运行失败[/red] / backend {backend} failed: {error}")
            raise Exit(1) from None
        progress.update(task, advance=1)
    if results.problems and show_warnings and not quiet:
        print_problems(results.problems, limit=5)
    return results


def evaluate(
    scheme: SchemeOption = None,
    data: DataOption = None,
    period: PeriodOption = None,
    unit: UnitOption = None,
    backend: BackendOption = Backend.DUCKDB,
    format: Annotated[str, typer.Option("--format", "-f", help="table | json | csv | xlsx")] = "table",
    output: Annotated[Path | None, typer.Option("--out", "-o", help="输出文件 / output file")] = None,
    master: Annotated[
        str | None, typer.Option("--master", help="Spark 集群地址；默认本地模式 / Spark master URL")
    ] = None,
    database_url: Annotated[
        str | None,
        typer.Option("--database-url", envvar="DATABASE_URL", help="PostgreSQL 连接 / PostgreSQL URL"),
    ] = None,
) -> None:
    """评价计分、排名 / evaluate a scheme over a dataset: points, grades, ranks."""
    if format not in FORMATS:
        err.print(f"[red]未知的输出格式“{format}”，可选：{'、'.join(FORMATS)}[/red]")
        raise Exit(2)
    if format == "xlsx" and output is None:
        err.print("[red]xlsx 格式需要 --out 文件名 / xlsx needs --out FILE[/red]")
        raise Exit(2)
    options = {k: v for k, v in (("master", master), ("url", database_url)) if v}
    results = run(scheme, data, period, backend, options=options)
    if unit is not None and unit not in {u.code for u in results.units}:
        err.print(f"[red]没有被评价单位“{unit}”[/red] / no evaluated unit {unit!r}")
        raise Exit(1)
    write_results(results, format, output, unit)


def write_results(results: Results, format: str, output: Path | None, unit: str | None) -> None:
    if format == "table":
        if output is not None:
            err.print("[yellow]table 格式直接显示，忽略 --out / table prints to the screen[/yellow]")
        if unit is None:
            out.print(ranking_table(results))
        else:
            out.print(unit_table(results, results.unit(unit)))
            if results.unit(unit).rules:
                out.print(rules_table(results.unit(unit)))
        return
    if format == "json" and output is None:
        out.print(to_json(results, unit), markup=False, highlight=False, soft_wrap=True)
        return
    if output is None:
        err.print("[red]csv 格式需要 --out 文件名[/red] / csv needs --out FILE")
        raise Exit(2)
    with atomic_output(output) as temporary:
        if format == "json":
            temporary.write_text(to_json(results, unit), encoding="utf-8")
        elif format == "csv":
            write_csv(results, temporary, unit)
        else:
            write_xlsx(results, temporary, unit)
    err.print(f"已写入 / written: {output}")
