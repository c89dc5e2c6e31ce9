"""``dudao serve``: the web application on one machine (SQLite, local files, gunicorn)."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Annotated

import typer

from dudao.cli.common import Exit, err, out

HostOption = Annotated[str, typer.Option("--host", help="监听地址 / address to listen on")]
PortOption = Annotated[int, typer.Option("--port", help="端口 / port")]
DataDirOption = Annotated[
    Path | None,
    typer.Option(
        "--data-dir",
        help="数据目录：SQLite 数据库与佐证材料（默认 $DUDAO_DATA_DIR 或 ./dudao-data）/ "
        "data directory: the SQLite database and evidence files",
    ),
]
WorkersOption = Annotated[int, typer.Option("--workers", help="工作进程数 / worker processes")]


def serve(
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    data_dir: DataDirOption = None,
    workers: WorkersOption = 2,
) -> None:
    """启动网页系统 / run the web application (migrations are applied first)."""
    start_site(data_dir)
    from dudao.web.rounds.models import Round

    if not Round.objects.exists():
        hint = "尚无评价轮次；运行 dudao demo 可载入内置示例轮次 / no rounds yet: dudao demo loads one"
        out.print(f"[dim]{hint}[/dim]")
    run_server(host, port, workers)


def start_site(data_dir: Path | None) -> None:
    """Configure Django and bring the database up to date, or stop with a message saying why."""
    if data_dir is not None and data_dir.exists() and not data_dir.is_dir():
        err.print(f"[red]数据目录 {data_dir} 是一个文件，请指定目录 / --data-dir must be a folder[/red]")
        raise Exit(2)
    from django.db.utils import Error as DatabaseError

    from dudao.web.server import prepare_site, setup

    try:
        setup(data_dir)
        prepare_site()
    except OSError as error:
        err.print(f"[red]无法使用数据目录：{error} / cannot use the data directory[/red]")
        raise Exit(1) from error
    except DatabaseError as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        err.print(f"[red]无法连接或更新数据库：{first}；请检查 DATABASE_URL / cannot use the database[/red]")
        raise Exit(1) from error


def run_server(host: str, port: int, workers: int) -> None:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as error:
            err.print(
                f"[red]无法监听 {host}:{port}：{error.strerror}；请用 --port 换一个端口 / cannot listen[/red]"
            )
            raise Exit(1) from error
    out.print(f"网址 / URL: http://{host}:{port}/   （Ctrl+C 停止 / to stop）")
    from dudao.web.server import serve as gunicorn_serve

    gunicorn_serve(host, port, workers=workers)
