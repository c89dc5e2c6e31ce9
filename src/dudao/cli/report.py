"""``dudao report self-evaluation|feedback|summary``: official documents from the results.

With ``--unit`` one unit's document is written to ``--out`` (a file); without it, every unit's,
into the folder ``--out`` and a zip beside it, with a progress bar.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from dudao.cli.common import (
    BackendOption,
    DataOption,
    Exit,
    PeriodOption,
    SchemeOption,
    UnitOption,
    err,
    open_dataset,
    open_scheme,
    print_problems,
    progress_bar,
)
from dudao.data import Dataset
from dudao.documents import FORMATS, KINDS, ReportContext, Settings, build, file_name, render, write_all
from dudao.documents.bulk import write_file
from dudao.documents.model import KIND_NAMES, Document
from dudao.documents.prose import Prose, load_prose
from dudao.engine import evaluate as run_evaluation
from dudao.engine.backends import Backend
from dudao.engine.results import Results
from dudao.errors import BackendError, DataError, DocumentError, has_errors
from dudao.samples import bundled_prose_path
from dudao.scheme import Scheme


def _date(text: str | None, option: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        err.print(
            f"[red]{option} 日期“{text}”无法识别，应为 YYYY-MM-DD，例如 2022-12-13[/red]"
            f" / {option}: use YYYY-MM-DD"
        )
        raise Exit(2) from None


def report(
    kind: Annotated[
        str, typer.Argument(help="self-evaluation（自评报告）| feedback（督导意见书）| summary（汇总报告）")
    ],
    unit: UnitOption = None,
    format: Annotated[str, typer.Option("--format", "-f", help="docx | pdf | html")] = "docx",
    output: Annotated[
        Path | None,
        typer.Option(
            "--out", "-o", help="输出文件；不指定单位时为输出文件夹（另生成同名 zip）/ file or folder"
        ),
    ] = None,
    scheme: SchemeOption = None,
    data: DataOption = None,
    period: PeriodOption = None,
    prose: Annotated[
        Path | None,
        typer.Option(
            "--prose",
            help="单位撰写的文字（YAML：各一级指标做法、整改措施）；内置数据默认用江北区原文"
            " / the units' narratives and plans",
        ),
    ] = None,
    issued: Annotated[
        str | None, typer.Option("--date", help="成文日期 YYYY-MM-DD；默认今天 / issue date")
    ] = None,
    deadline: Annotated[
        str | None,
        typer.Option(
            "--deadline", help="整改报告报送期限 YYYY-MM-DD；默认成文日期后90天 / rectification deadline"
        ),
    ] = None,
    office: Annotated[
        str | None, typer.Option("--office", help="发文机关；默认方案的发布机关 / issuing office")
    ] = None,
    region: Annotated[
        str | None,
        typer.Option("--region", help="评价范围名称，如 重庆市；默认取数据的上级单位 / region name"),
    ] = None,
    workers: Annotated[
        int, typer.Option("--workers", help="并行进程数；0 为每核一个 / parallel processes")
    ] = 0,
    backend: BackendOption = Backend.DUCKDB,
) -> None:
    """公文：自评报告、督导意见书、汇总报告（DOCX/PDF/HTML）/ official documents from the results."""
    if kind not in KINDS:
        err.print(f"[red]未知的文书“{kind}”，可选：{'、'.join(KINDS)}[/red] / unknown document {kind!r}")
        raise Exit(2)
    if format not in FORMATS:
        err.print(f"[red]未知的格式“{format}”，可选：{'、'.join(FORMATS)}[/red] / unknown format {format!r}")
        raise Exit(2)
    settings = Settings(
        issued=_date(issued, "--date") or dt.date.today(),
        deadline=_date(deadline, "--deadline"),
        office=office or "",
        region=region or "",
    )
    context = _context(scheme, data, period, prose, settings, backend)
    if kind != "summary" and unit is not None and unit not in {u.code for u in context.results.units}:
        known = "、".join(f"{u.code} {u.name}" for u in context.results.ranked()[:5])
        err.print(f"[red]没有被评价单位“{unit}”[/red]（例如：{known} …）/ no evaluated unit {unit!r}")
        raise Exit(1)
    try:
        if kind == "summary" or unit is not None:
            _write_one(build(kind, context, unit or ""), format, output)
        else:
            _write_every_unit(kind, context, format, output, workers)
    except DocumentError as error:
        err.print(f"[red]{error}[/red]")
        raise Exit(1) from None


def _context(
    scheme_name: str | None,
    data: Path | None,
    period: int | None,
    prose_path: Path | None,
    settings: Settings,
    backend: str,
) -> ReportContext:
    scheme = open_scheme(scheme_name)  # read once: both years are scored from the same scheme and data
    dataset = open_dataset(data)
    results = _evaluate(scheme, dataset, period, backend)
    previous = _previous(scheme, dataset, results, backend)
    if prose_path is None and data is None:
        prose_path = bundled_prose_path()
    prose = _prose(prose_path, scheme)
    if not settings.region:
        roots = [u for u in dataset.units if not u.parent]
        if len(roots) == 1 and roots[0].code not in {u.code for u in results.units}:
            settings = Settings(**{**settings.__dict__, "region": roots[0].name})
    return ReportContext(scheme, results, previous, prose, settings)


def _previous(scheme: Scheme, dataset: Dataset, results: Results, backend: str) -> Results | None:
    """The same scheme over last year's data, for 较上年 comparisons; None where there is none."""
    if results.period - 1 not in dataset.periods:
        return None
    return _evaluate(scheme, dataset, results.period - 1, backend)


def _evaluate(scheme: Scheme, dataset: Dataset, period: int | None, backend: str) -> Results:
    """Score one year; a problem in that year's data is printed where it is, not raised."""
    try:
        return run_evaluation(scheme, dataset, period=period, backend=backend)
    except DataError as error:
        print_problems(error.problems)
        err.print("[red]数据有错误，未生成文书 / the data has errors; nothing was written[/red]")
        raise Exit(1) from None
    except BackendError as error:
        err.print(f"[red]计算引擎 {backend} 运行失败[/red] / backend {backend} failed: {error}")
        raise Exit(1) from None


def _prose(path: Path | None, scheme: Scheme) -> Prose:
    if path is None:
        return Prose()
    areas = {area.code for area in scheme.items}
    prose, problems = load_prose(path, areas, set(scheme.item_by_code))
    if problems:
        print_problems(problems)
    if prose is None or has_errors(problems):
        err.print(
            "[red]单位文字文件有错误，未生成文书 / the prose file has errors; nothing was written[/red]"
        )
        raise Exit(1)
    return prose


def _warn(document: Document) -> None:
    for warning in document.warnings:
        err.print(f"[yellow]{document.unit_name or document.title}：{warning}[/yellow]")


def _write_one(document: Document, format: str, output: Path | None) -> None:
    target = output or Path(file_name(document, format))
    if target.is_dir():
        target = target / file_name(document, format)
    write_file(render(document, format), target)
    _warn(document)
    err.print(f"已写入 / written: {target}")


def _write_every_unit(
    kind: str, context: ReportContext, format: str, output: Path | None, workers: int
) -> None:
    name = KIND_NAMES[kind][0]
    folder = output or Path(f"{context.period}年{name}")
    if folder.exists() and not folder.is_dir():
        err.print(
            f"[red]{folder} 是文件；不指定 --unit 时 --out 应为文件夹[/red]"
            " / --out must be a folder without --unit"
        )
        raise Exit(2)
    units = context.results.ranked()
    with progress_bar() as progress:
        task = progress.add_task(f"生成{name} / building", total=len(units))
        documents = []
        for unit in units:
            documents.append(build(kind, context, unit.code))
            progress.advance(task)
        progress.update(task, completed=0, description=f"写入{name} {format.upper()} / writing")
        archive = write_all(documents, format, folder, workers=workers, done=lambda _: progress.advance(task))
    for document in documents:
        _warn(document)
    err.print(f"已写入 {len(documents)} 份{name} / written {len(documents)} files: {folder}/ 和 {archive}")
