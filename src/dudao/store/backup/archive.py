"""The backup archive: one zip file, its member names, its manifest and the limits on reading it.

A backup holds, in this order:

``manifest.json``
    what the archive holds: the dudao version, the migrations applied per app, every table's row
    count and SHA-256, every file's size and SHA-256;
``rows/<app>.<model>.jsonl``
    one table's rows, one JSON object a line, as Django's serializers give them (the primary key
    and every column; times with their microseconds), readable by SQLite and PostgreSQL alike;
``media/<path>``
    the files of the data directory's ``media/`` folder (evidence and narrative reports, stored
    by SHA-256).

An archive to restore is treated as hostile until checked: :class:`Limits` bounds the number of
members, each member's and the whole archive's size, and the length of a line; member names must
be exactly of the shapes above (no ``..``, no absolute paths, no links), and each one must be in
the manifest with the right hash.

>>> member_kind("rows/entry.datavalue.jsonl")
('rows', 'entry.datavalue')
>>> member_kind("media/evidence/ab/cd/abcd")
('media', 'evidence/ab/cd/abcd')
>>> member_kind("media/../../etc/passwd") is None
True
"""

from __future__ import annotations

import json
import re
import zipfile
from dataclasses import dataclass
from typing import Any

from dudao.errors import BackupError

FORMAT = "dudao-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
ROWS_PREFIX = "rows/"
MEDIA_PREFIX = "media/"

_LABEL = re.compile(r"[a-z][a-z0-9_]{0,99}\.[a-z][a-z0-9_]{0,99}")
_PART = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}")
_DIGEST = re.compile(r"[0-9a-f]{64}")
_MAX_DEPTH = 8


@dataclass(frozen=True)
class Limits:
    """What restoring reads at most, checked against the archive's directory before reading."""

    members: int = 500_000
    member_bytes: int = 4 * 1024**3
    total_bytes: int = 64 * 1024**3
    manifest_bytes: int = 64 * 1024**2
    line_bytes: int = 64 * 1024**2


def refuse(zh: str, en: str) -> BackupError:
    return BackupError(f"{zh} / {en}")


def member_kind(name: str) -> tuple[str, str] | None:
    """``('manifest', '')``, ``('rows', label)`` or ``('media', relative path)``; ``None`` for any
    other name (a path that leaves its folder included)."""
    if name == MANIFEST:
        return ("manifest", "")
    if name.startswith(ROWS_PREFIX) and name.endswith(".jsonl"):
        label = name[len(ROWS_PREFIX) : -len(".jsonl")]
        return ("rows", label) if _LABEL.fullmatch(label) else None
    if name.startswith(MEDIA_PREFIX):
        relative = name[len(MEDIA_PREFIX) :]
        if safe_relative_path(relative):
            return ("media", relative)
    return None


def safe_relative_path(relative: str) -> bool:
    """Whether ``relative`` is a plain path inside its folder: named parts, no ``.``/``..``."""
    parts = relative.split("/")
    return 0 < len(parts) <= _MAX_DEPTH and all(_PART.fullmatch(p) and p not in (".", "..") for p in parts)


def check_directory(archive: zipfile.ZipFile, limits: Limits, where: str) -> list[zipfile.ZipInfo]:
    """The archive's members, once their number, names, kinds and declared sizes are within bounds."""
    members = archive.infolist()
    if len(members) > limits.members:
        raise refuse(
            f"{where}：成员过多（{len(members)} 个，上限 {limits.members}）",
            f"{where}: too many members ({len(members)}, at most {limits.members})",
        )
    seen: set[str] = set()
    total = 0
    for info in members:
        name = info.filename
        if member_kind(name) is None or info.is_dir() or _is_link(info):
            raise refuse(
                f"{where}：成员名 {name!r} 不是备份文件应有的名字"
                "（manifest.json、rows/应用.模型.jsonl 或 media/路径）",
                f"{where}: member {name!r} is not a backup member "
                "(manifest.json, rows/app.model.jsonl or media/path)",
            )
        if name in seen:
            raise refuse(f"{where}：成员 {name} 重复", f"{where}: member {name} appears twice")
        seen.add(name)
        limit = limits.manifest_bytes if name == MANIFEST else limits.member_bytes
        if info.file_size > limit:
            raise refuse(
                f"{where}：成员 {name} 解压后 {info.file_size} 字节，超过上限 {limit}",
                f"{where}: member {name} is {info.file_size} bytes uncompressed, over the limit {limit}",
            )
        total += info.file_size
    if total > limits.total_bytes:
        raise refuse(
            f"{where}：解压后共 {total} 字节，超过上限 {limits.total_bytes}",
            f"{where}: {total} bytes uncompressed in all, over the limit {limits.total_bytes}",
        )
    if not members or members[0].filename != MANIFEST:
        raise refuse(
            f"{where}：第一个成员应为 {MANIFEST}，这不是 dudao 备份或已损坏",
            f"{where}: the first member must be {MANIFEST}; not a dudao backup, or damaged",
        )
    return members


def _is_link(info: zipfile.ZipInfo) -> bool:
    mode = info.external_attr >> 16
    return (mode & 0o170000) == 0o120000


def read_manifest(raw: bytes, where: str) -> dict[str, Any]:
    """The manifest, once its shape is what this version writes."""
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise refuse(
            f"{where}：{MANIFEST} 无法读取（{error}）", f"{where}: {MANIFEST} cannot be read ({error})"
        ) from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise refuse(f"{where}：不是 dudao 备份", f"{where}: not a dudao backup")
    version = manifest.get("format_version")
    if version != FORMAT_VERSION:
        raise refuse(
            f"{where}：备份格式版本 {version}，本版本 dudao 只能恢复版本 {FORMAT_VERSION}"
            f"（备份由 dudao {manifest.get('dudao_version')} 制作）",
            f"{where}: backup format {version}; this dudao restores format {FORMAT_VERSION} "
            f"(made by dudao {manifest.get('dudao_version')})",
        )
    tables, files, migrations = manifest.get("tables"), manifest.get("files"), manifest.get("migrations")
    well_formed = (
        isinstance(tables, dict)
        and isinstance(files, dict)
        and isinstance(migrations, dict)
        and all(
            _LABEL.fullmatch(label)
            and isinstance(t, dict)
            and isinstance(t.get("rows"), int)
            and _DIGEST.fullmatch(str(t.get("sha256")))
            for label, t in tables.items()
        )
        and all(
            safe_relative_path(path)
            and isinstance(f, dict)
            and isinstance(f.get("size"), int)
            and _DIGEST.fullmatch(str(f.get("sha256")))
            for path, f in files.items()
        )
        and all(
            isinstance(names, list) and all(isinstance(n, str) for n in names)
            for names in migrations.values()
        )
    )
    if not well_formed:
        raise refuse(
            f"{where}：{MANIFEST} 内容不完整或已损坏", f"{where}: {MANIFEST} is incomplete or damaged"
        )
    return manifest
