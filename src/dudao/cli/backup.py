"""``dudao backup`` and ``dudao restore``: a deployment's database and media files in one archive.

The database is the one the web app uses: ``DATABASE_URL`` (PostgreSQL) or the SQLite database of
the data directory; the media files (evidence and narrative reports) are in the data directory.
Every table the site has is backed up, the web's sessions and admin log included, so the web's
settings are used (nothing is served).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from dudao.cli.common import Exit, err, out
from dudao.cli.rounds import DataDirOption, database_errors
from dudao.errors import BackupError


def backup(
    archive: Annotated[
        Path,
        typer.Argument(help="备份文件（.zip），写完才出现 / the backup file to write", show_default=False),
    ],
    data_dir: DataDirOption = None,
) -> None:
    """备份数据库与佐证材料到一个文件 / back up the database and evidence files to one file."""
    _open_site(data_dir)
    from dudao.store.backup import backup as write_backup

    with database_errors(data_dir), _refusals():
        summary = write_backup(archive)
    out.print(
        f"已备份到 {escape(str(summary.path))}：{summary.tables} 张表 {summary.rows} 行，"
        f"{summary.files} 个文件（{summary.file_bytes} 字节）/ backed up {summary.rows} rows of "
        f"{summary.tables} tables and {summary.files} files"
    )


def restore(
    archive: Annotated[
        Path, typer.Argument(help="dudao backup 写的备份文件 / a backup file", show_default=False)
    ],
    data_dir: DataDirOption = None,
    replace: Annotated[
        bool,
        typer.Option("--replace", help="替换数据库中已有的全部数据 / replace all data the database holds"),
    ] = False,
) -> None:
    """从备份恢复数据库与佐证材料（全部或全不）/ restore the database and evidence files, all or nothing."""
    if not archive.is_file():
        err.print(f"[red]找不到备份文件 {escape(str(archive))} / no such file[/red]")
        raise Exit(2)
    _open_site(data_dir)
    from dudao.store.backup import restore as read_backup

    with database_errors(data_dir), _refusals():
        summary = read_backup(archive, replace=replace)
    out.print(
        f"已恢复 {summary.tables} 张表 {summary.rows} 行、{summary.files} 个文件"
        f"（备份由 dudao {summary.dudao_version} 于 {summary.created_at} 制作）/ restored "
        f"{summary.rows} rows of {summary.tables} tables and {summary.files} files"
    )


def _open_site(data_dir: Path | None) -> None:
    """Configure Django for the store (every table of the rounds, the accounts and the audit log)
    and migrate. The web's own tables stay out: sessions (after a restore everyone signs in
    again) and the admin's change log (dudao's audit log holds every change)."""
    with database_errors(data_dir):
        from dudao import store

        store.setup(data_dir=data_dir)
        store.migrate()


@contextmanager
def _refusals() -> Iterator[None]:
    """Print a refusal and stop with exit code 1 (nothing was changed)."""
    try:
        yield
    except BackupError as error:
        err.print(f"[red]{escape(str(error))}[/red]")
        raise Exit(1) from error
