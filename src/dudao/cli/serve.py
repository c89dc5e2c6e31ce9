"""``dudao serve``: the web application on one machine (SQLite, local files, gunicorn)."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Annotated

import typer

from dudao.cli.common import Exit, err, out
from dudao.cli.rounds import DataDirOption, database_errors

HostOption = Annotated[str, typer.Option("--host", help="监听地址 / address to listen on")]
PortOption = Annotated[int, typer.Option("--port", help="端口 / port")]
WorkersOption = Annotated[int, typer.Option("--workers", help="工作进程数 / worker processes")]


def serve(
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    data_dir: DataDirOption = None,
    workers: WorkersOption = 2,
) -> None:
    """启动网页系统 / run the web application (migrations are applied first)."""
    start_site(data_dir)
    from dudao.store.rounds.models import Round

    if not Round.objects.exists():
        hint = "尚无评价轮次；运行 dudao demo 可载入内置示例轮次 / no rounds yet: dudao demo loads one"
        out.print(f"[dim]{hint}[/dim]")
    run_server(host, port, workers)


def start_site(data_dir: Path | None) -> None:
    """Configure Django for the web app and bring the database and the static files up to date,
    or stop with a message saying why."""
    with database_errors(data_dir):
        from dudao.web.server import prepare_site, setup

        setup(data_dir)
        prepare_site()


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
