"""Writing a backup: the rows of one consistent moment, the media files, and their manifest."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder

import dudao
from dudao.store.backup.archive import (
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    MEDIA_PREFIX,
    ROWS_PREFIX,
    refuse,
    safe_relative_path,
)
from dudao.store.backup.rows import backed_up_models, dump, label_of

_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    tables: int
    rows: int
    files: int
    file_bytes: int


def backup(out: Path) -> BackupSummary:
    """Write a backup of the database and the media files to ``out``, atomically (a partial file
    never takes its name)."""
    out = Path(out)
    if out.is_dir():
        raise refuse(
            f"{out} 是一个目录，请给出备份文件名（如 备份.zip）",
            f"{out} is a folder; name a file (e.g. backup.zip)",
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".dudao-backup-", dir=out.parent) as work:
        rows_dir = Path(work)
        tables = _dump_rows(rows_dir)
        files = _media_files()
        manifest = {
            "format": FORMAT,
            "format_version": FORMAT_VERSION,
            "dudao_version": dudao.__version__,
            "created_at": dt.datetime.now(dt.UTC).isoformat(),
            "database": connection.vendor,
            "migrations": _migrations(),
            "tables": {label: info for label, (info, _) in tables.items()},
            "files": {relative: info for relative, (info, _) in files.items()},
        }
        partial = rows_dir / "backup.zip"
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
            for label, (_, path) in tables.items():
                archive.write(path, f"{ROWS_PREFIX}{label}.jsonl")
            for relative, (_, path) in files.items():
                archive.write(path, MEDIA_PREFIX + relative, compress_type=zipfile.ZIP_STORED)
        os.replace(partial, out)
    return BackupSummary(
        path=out,
        tables=len(tables),
        rows=sum(info["rows"] for info, _ in tables.values()),
        files=len(files),
        file_bytes=sum(info["size"] for info, _ in files.values()),
    )


def _dump_rows(folder: Path) -> dict[str, tuple[dict[str, Any], Path]]:
    """Every table's rows in a file of ``folder``, read in one transaction that sees one moment."""
    tables: dict[str, tuple[dict[str, Any], Path]] = {}
    inside_a_transaction = connection.in_atomic_block  # then its isolation is the caller's
    with transaction.atomic():
        if connection.vendor == "postgresql" and not inside_a_transaction:
            with connection.cursor() as cursor:  # every query below sees the same snapshot
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        for model in backed_up_models():
            label = label_of(model)
            path = folder / f"{label}.jsonl"
            with path.open("w", encoding="utf-8", newline="\n") as out:
                count = dump(model, out)
            tables[label] = ({"table": model._meta.db_table, "rows": count, "sha256": sha256_of(path)}, path)
    return tables


def _media_files() -> dict[str, tuple[dict[str, Any], Path]]:
    """The regular files under the media folder (links and half-written ``.part`` files left out)."""
    media = Path(settings.MEDIA_ROOT)
    files: dict[str, tuple[dict[str, Any], Path]] = {}
    if not media.is_dir():
        return files
    for path in sorted(media.rglob("*")):
        if path.is_symlink() or not path.is_file() or path.suffix == ".part":
            continue
        relative = path.relative_to(media).as_posix()
        if not safe_relative_path(relative):
            raise refuse(
                f"媒体目录中的文件名 {relative!r} 无法备份（只允许字母、数字、点、横线、下划线）",
                f"the media file {relative!r} cannot be backed up (letters, digits, . - _ only)",
            )
        files[relative] = ({"size": path.stat().st_size, "sha256": sha256_of(path)}, path)
    return files


def _migrations() -> dict[str, list[str]]:
    """The applied migrations of the apps backed up (a site's database also records the web's own
    apps, sessions and the admin, whose tables a backup leaves out)."""
    installed = {config.label for config in apps.get_app_configs()}
    applied: dict[str, list[str]] = {}
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        if app in installed:
            applied.setdefault(app, []).append(name)
    return applied


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()
