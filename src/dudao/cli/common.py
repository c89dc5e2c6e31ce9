"""What every command shares: options, consoles, printing problems, atomic writes."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from dudao.engine.backends import Backend, backend_help
from dudao.errors import Problem, Severity, has_errors
from dudao.samples import BUNDLED_SCHEMES, bundled_dataset, bundled_scheme_path
from dudao.scheme import Scheme, load_scheme

if TYPE_CHECKING:  # loading data is imported where it is done: ``dudao check`` needs no pandas
    from dudao.engine.dataset import Dataset

# Piped output (CI logs, files) gets a width that fits the ranking table on one line a row.
_WIDTH = None if sys.stdout.isatty() else 150
out = Console(highlight=False, width=_WIDTH)
err = Console(stderr=True, highlight=False, soft_wrap=True)

SchemeOption = Annotated[
    str | None,
    typer.Option(
        "--scheme",
        "-s",
        help="方案文件（YAML）或内置方案代码；默认为内置重庆示例方案 / "
        f"scheme file or bundled code ({', '.join(BUNDLED_SCHEMES)})",
    ),
]
DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        "-d",
        help="数据目录（units.csv、values.csv …，或 Parquet 快照目录）；默认为内置重庆示例数据 / "
        "data or snapshot folder; default: the bundled Chongqing sample data",
    ),
]
PeriodOption = Annotated[
    int | None, typer.Option("--period", "-p", help="数据年度；默认取方案的 period / data year")
]
UnitOption = Annotated[str | None, typer.Option("--unit", "-u", help="单位代码 / unit code, e.g. 500105")]
BackendOption = Annotated[Backend, typer.Option("--backend", "-b", help=backend_help())]


def progress_bar(description: str = "{task.description}") -> Progress:
    """A progress bar on stderr that disappears when done: text, bar, done/total, time."""
    return Progress(
        TextColumn(description),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )


class Exit(typer.Exit):
    """Stop a command with an exit code after its message was printed."""


def print_problems(problems: list[Problem] | tuple[Problem, ...], limit: int = 200) -> None:
    errors = [p for p in problems if p.severity is Severity.ERROR]
    warnings = [p for p in problems if p.severity is Severity.WARNING]
    for problem in [*errors, *warnings][:limit]:
        style = "red" if problem.severity is Severity.ERROR else "yellow"
        head = f"{problem.location}: {problem.severity.value}[{problem.code}]"
        err.print(f"[{style}]{escape(head)}[/{style}] {escape(problem.message_zh)}")
        err.print(f"    {escape(problem.message_en)}")
        if problem.excerpt:
            err.print(problem.excerpt, markup=False)
    hidden = len(errors) + len(warnings) - limit
    if hidden > 0:
        err.print(f"… 另有 {hidden} 个问题未显示 / {hidden} more not shown")
    if errors or warnings:
        err.print(
            f"共 {len(errors)} 个错误、{len(warnings)} 个警告 / "
            f"{len(errors)} error(s), {len(warnings)} warning(s)"
        )


def open_scheme(name: str | None) -> Scheme:
    """Load a scheme by path or bundled code; print problems and exit 1 on errors."""
    path = bundled_scheme_path(name) if name is None or name in BUNDLED_SCHEMES else Path(name)
    scheme, problems = load_scheme(path)
    if scheme is None or has_errors(problems):
        print_problems(problems)
        if not path.exists():
            err.print(f"内置方案代码 / bundled scheme codes: {', '.join(BUNDLED_SCHEMES)}")
        raise Exit(1)
    return scheme


def open_dataset(folder: Path | None) -> Dataset:
    from dudao.data import load_dataset

    if folder is None:
        return bundled_dataset()
    dataset, problems = load_dataset(folder)
    if dataset is None or has_errors(problems):
        print_problems(problems)
        err.print("[red]数据未载入，未做任何计算 / the data was not loaded; nothing was evaluated[/red]")
        raise Exit(1)
    return dataset


@contextmanager
def atomic_output(path: Path) -> Iterator[Path]:
    """Write to a temporary file beside ``path`` and move it in place only on success."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    try:
        yield Path(temporary)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
