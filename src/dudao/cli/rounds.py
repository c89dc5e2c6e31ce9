"""Commands that work on a round stored in the database (``--round``), through :mod:`dudao.store`
alone: they never load the web app."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from dudao.cli.common import Exit, err

if TYPE_CHECKING:
    from dudao.store.rounds.models import Round

RoundOption = Annotated[
    int | None,
    typer.Option(
        "--round",
        "-r",
        help="网页系统中的评价轮次编号（见轮次页面网址 /rounds/N/）/ the id of a round in the web app",
    ),
]
DataDirOption = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        help="数据目录：SQLite 数据库与佐证材料（默认 $DUDAO_DATA_DIR 或 ./dudao-data）/ "
        "data directory: the SQLite database and evidence files",
    ),
]


def open_round(round_id: int, data_dir: Path | None) -> Round:
    """The round ``round_id`` of the database in ``data_dir``, or stop saying which exist."""
    open_store(data_dir)
    from dudao.store.rounds.models import Round

    round = Round.objects.select_related("scheme", "scope").filter(pk=round_id).first()
    if round is not None:
        return round
    known = [f"{r.pk}（{r.name}）" for r in Round.objects.order_by("pk")[:20]]
    listing = "、".join(known) if known else "无；dudao demo 可载入示例轮次 / none: dudao demo loads one"
    err.print(
        f"[red]没有编号为 {round_id} 的评价轮次 / no round {round_id}[/red]；现有轮次 / rounds: {listing}"
    )
    raise Exit(1)


def open_store(data_dir: Path | None) -> None:
    """Configure the store (without the web) and bring its tables up to date, or stop saying why."""
    with database_errors(data_dir):
        from dudao import store

        store.setup(data_dir=data_dir)
        store.migrate()


@contextmanager
def database_errors(data_dir: Path | None) -> Iterator[None]:
    """Stop with a message saying why, when the data directory or the database cannot be used."""
    if data_dir is not None and data_dir.exists() and not data_dir.is_dir():
        err.print(f"[red]数据目录 {data_dir} 是一个文件，请指定目录 / --data-dir must be a folder[/red]")
        raise Exit(2)
    from django.db.utils import Error as DatabaseError

    try:
        yield
    except OSError as error:
        err.print(f"[red]无法使用数据目录：{error} / cannot use the data directory[/red]")
        raise Exit(1) from error
    except DatabaseError as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        err.print(f"[red]无法连接或更新数据库：{first}；请检查 DATABASE_URL / cannot use the database[/red]")
        raise Exit(1) from error
