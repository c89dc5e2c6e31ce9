"""Restoring a backup: everything or nothing.

Before anything changes the archive's directory is checked against :class:`Limits`, its manifest
read, its migrations compared with this database's and the database found empty (or ``replace``
given). Then, in one transaction, the tables are emptied (``replace``; never the append-only audit log: a
database with audit entries is refused) and the rows inserted, each table's
count and SHA-256 checked against the manifest; the files are written to a folder beside the media
folder, each checked by its SHA-256, and moved into place just before the transaction commits.
Any problem raises :class:`~dudao.errors.BackupError` and leaves the database and the media
folder as they were (files are stored by their SHA-256, so one moved in before a failed commit is
never a wrong file).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import DatabaseError, connection, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from dudao.store.audit.models import AuditEntry
from dudao.store.backup.archive import MANIFEST, Limits, check_directory, member_kind, read_manifest, refuse
from dudao.store.backup.rows import after_load, backed_up_models, empty, label_of, load

# Filled by ``migrate`` itself in every database: replaced by the archive's rows, never "data".
_MADE_BY_MIGRATE = {"contenttypes.contenttype", "auth.permission"}
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class RestoreSummary:
    tables: int
    rows: int
    files: int
    dudao_version: str
    created_at: str


def restore(path: Path, *, replace: bool = False, limits: Limits | None = None) -> RestoreSummary:
    """Restore the backup at ``path`` into this (migrated) database and its media folder."""
    limits = limits or Limits()
    where = str(path)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise refuse(
            f"{where}：无法作为备份打开（{error}）", f"{where}: cannot be opened as a backup ({error})"
        ) from error
    with archive:
        members = check_directory(archive, limits, where)
        manifest = read_manifest(_read_all(archive, members[0], limits.manifest_bytes, where), where)
        models_ = _models_of(manifest, where)
        _check_migrations(manifest, where)
        if replace:
            _check_no_audit_log(where)
        else:
            _check_empty(where)
        _check_members_listed(members, manifest, where)
        return _restore_rows_and_files(archive, members[1:], manifest, models_, limits, where)


def _models_of(manifest: dict[str, Any], where: str) -> dict[str, type[models.Model]]:
    installed = {label_of(m): m for m in backed_up_models()}
    unknown = sorted(set(manifest["tables"]) - set(installed))
    if unknown:
        raise refuse(
            f"{where}：备份中有本版本 dudao 没有的表 {', '.join(unknown)}"
            f"（备份由 dudao {manifest.get('dudao_version')} 制作）",
            f"{where}: the backup has tables this dudao lacks: {', '.join(unknown)}",
        )
    return {label: installed[label] for label in manifest["tables"]}


def _check_migrations(manifest: dict[str, Any], where: str) -> None:
    """Refuse a backup whose tables have another shape than this database's."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    applied: dict[str, set[str]] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        applied.setdefault(app, set()).add(name)
    made_by = manifest.get("dudao_version")
    for app, names in sorted(manifest["migrations"].items()):
        newer = sorted(n for n in names if (app, n) not in known)
        if newer:
            raise refuse(
                f"{where}：备份来自较新的 dudao（{made_by}），其数据库结构 {app} 含本版本没有的迁移 "
                f"{', '.join(newer)}；请先升级 dudao 再恢复",
                f"{where}: made by a newer dudao ({made_by}); its {app} migrations {', '.join(newer)} "
                "are unknown here: upgrade dudao first",
            )
        older = sorted(applied.get(app, set()) - set(names))
        if older:
            raise refuse(
                f"{where}：备份来自较早的 dudao（{made_by}），缺少 {app} 的迁移 {', '.join(older)}；"
                f"请用 dudao {made_by} 恢复到空数据库，再用本版本启动一次以升级",
                f"{where}: made by an older dudao ({made_by}) without the {app} migrations "
                f"{', '.join(older)}: restore it with dudao {made_by}, then upgrade",
            )


def _check_empty(where: str) -> None:
    filled = [
        (label_of(m), m._base_manager.count())
        for m in backed_up_models()
        if label_of(m) not in _MADE_BY_MIGRATE and m._base_manager.exists()
    ]
    if filled:
        more = len(filled) > 5
        zh = "、".join(f"{label}（{n} 行）" for label, n in filled[:5]) + (" 等" if more else "")
        en = ", ".join(f"{label} ({n} rows)" for label, n in filled[:5]) + (", …" if more else "")
        raise refuse(
            f"数据库不是空的（{zh}）；恢复 {where} 会替换其全部数据，确需替换请加 --replace",
            f"the database is not empty ({en}); restoring {where} replaces all of it: add --replace to do so",
        )


def _check_no_audit_log(where: str) -> None:
    """``replace`` empties every table, which the append-only audit log refuses (its triggers
    abort any DELETE): say so before anything is read into the database."""
    entries = AuditEntry._base_manager.count()
    if entries:
        raise refuse(
            f"审计日志只能追加：数据库已有 {entries} 条审计记录，不能用 {where} 替换；"
            "请恢复到新建的空数据库（新的 DATABASE_URL 或 --data-dir）",
            f"the audit log is append-only: the database holds {entries} entries, so {where} cannot "
            "replace it; restore into a new, empty database (another DATABASE_URL or --data-dir)",
        )


def _check_members_listed(members: list[zipfile.ZipInfo], manifest: dict[str, Any], where: str) -> None:
    expected = {f"rows/{label}.jsonl" for label in manifest["tables"]} | {
        f"media/{p}" for p in manifest["files"]
    }
    found = {info.filename for info in members[1:]}
    if MANIFEST in found or found != expected:
        missing, extra = sorted(expected - found), sorted(found - expected)
        raise refuse(
            f"{where}：成员与清单不符（缺少 {missing[:3]}，多出 {extra[:3]}），备份不完整或已损坏",
            f"{where}: members differ from the manifest (missing {missing[:3]}, extra {extra[:3]}); "
            "incomplete or damaged",
        )


def _restore_rows_and_files(
    archive: zipfile.ZipFile,
    members: list[zipfile.ZipInfo],
    manifest: dict[str, Any],
    models_: dict[str, type[models.Model]],
    limits: Limits,
    where: str,
) -> RestoreSummary:
    media = Path(settings.MEDIA_ROOT)
    media.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".dudao-restore-", dir=media.parent))
    rows = 0
    try:
        with transaction.atomic():
            empty(backed_up_models())
            for info in members:
                kind, key = member_kind(info.filename) or ("", "")
                if kind == "rows":
                    rows += _restore_table(
                        archive, info, models_[key], manifest["tables"][key], limits, where
                    )
                else:
                    _stage_file(archive, info, staging / key, manifest["files"][key], where)
            after_load(list(models_.values()))
            _move_into(staging, media)
    except DatabaseError as error:
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise refuse(
            f"{where}：数据库拒绝了备份中的数据（{first}），未做任何更改",
            f"{where}: the database refused the backup's rows ({first}); nothing was changed",
        ) from error
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return RestoreSummary(
        tables=len(models_),
        rows=rows,
        files=len(manifest["files"]),
        dudao_version=str(manifest.get("dudao_version")),
        created_at=str(manifest.get("created_at")),
    )


def _restore_table(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    model: type[models.Model],
    expected: dict[str, Any],
    limits: Limits,
    where: str,
) -> int:
    name = f"{where}:{info.filename}"
    digest = hashlib.sha256()
    with _open(archive, info, where) as raw:
        count = load(model, _records(raw, digest, limits.line_bytes, name))
    if count != expected["rows"] or digest.hexdigest() != expected["sha256"]:
        raise refuse(
            f"{name}：{count} 行，清单记为 {expected['rows']} 行，或校验值不符；备份已损坏",
            f"{name}: {count} rows where the manifest says {expected['rows']}, "
            "or its SHA-256 differs; damaged",
        )
    return count


def _records(raw: IO[bytes], digest: Any, line_bytes: int, name: str) -> Iterator[dict[str, Any]]:
    for number, line in enumerate(iter(lambda: raw.readline(line_bytes + 1), b""), start=1):
        digest.update(line)
        if len(line) > line_bytes or not line.endswith(b"\n"):
            raise refuse(
                f"{name} 第 {number} 行过长（上限 {line_bytes} 字节）或不完整",
                f"{name} line {number} is too long (at most {line_bytes} bytes) or cut short",
            )
        try:
            record = json.loads(line)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise refuse(
                f"{name} 第 {number} 行无法读取（{error}）", f"{name} line {number} cannot be read ({error})"
            ) from error
        if not isinstance(record, dict):
            raise refuse(f"{name} 第 {number} 行不是一行数据", f"{name} line {number} is not a row")
        yield record


def _stage_file(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, expected: dict[str, Any], where: str
) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    with _open(archive, info, where) as source, target.open("wb") as out:
        while chunk := source.read(_CHUNK):
            size += len(chunk)
            digest.update(chunk)
            out.write(chunk)
    if size != expected["size"] or digest.hexdigest() != expected["sha256"]:
        raise refuse(
            f"{where}:{info.filename}：文件的大小或 SHA-256 与清单不符，备份已损坏",
            f"{where}:{info.filename}: size or SHA-256 differs from the manifest; damaged",
        )


def _move_into(staging: Path, media: Path) -> None:
    for path in sorted(staging.rglob("*")):
        if path.is_file():
            target = media / path.relative_to(staging)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)


def _read_all(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int, where: str) -> bytes:
    with _open(archive, info, where) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise refuse(
            f"{where}:{info.filename} 超过 {limit} 字节", f"{where}:{info.filename} is over {limit} bytes"
        )
    return data


@contextmanager
def _open(archive: zipfile.ZipFile, info: zipfile.ZipInfo, where: str) -> Iterator[IO[bytes]]:
    """A member opened for reading; a damaged one (CRC, cut short, bad compression) refused by name."""
    try:
        with archive.open(info) as handle:
            yield handle
    except (zipfile.BadZipFile, EOFError, NotImplementedError, RuntimeError, zlib.error) as error:
        raise refuse(
            f"{where}:{info.filename} 已损坏（{error}）", f"{where}:{info.filename} is damaged ({error})"
        ) from error
