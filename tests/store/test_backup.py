"""Backup and restore in this process: a round trip, and every refusal leaving the database as it was.

The full round trip of the demo round through ``dudao backup`` and ``dudao restore`` into fresh
databases (SQLite, PostgreSQL and from one to the other) is in :mod:`tests.store.test_backup_round_trip`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core import serializers

from dudao.errors import BackupError
from dudao.store.accounts.models import Unit
from dudao.store.audit.models import AuditEntry
from dudao.store.backup import Limits, backup, restore
from dudao.store.backup.rows import backed_up_models
from dudao.store.entry.evidence import blob_path, store_blob

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("sequences_kept", "empty_store")]
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return Path(settings.MEDIA_ROOT)


def _state() -> dict[str, Any]:
    """Every row of every table (as Django reads it) and every media file's SHA-256."""
    from django.conf import settings

    tables = {
        m._meta.label_lower: serializers.serialize("json", m._base_manager.order_by("pk"))
        for m in backed_up_models()
    }
    media = Path(settings.MEDIA_ROOT)
    files = {
        p.relative_to(media).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(media.rglob("*"))
        if p.is_file()
    }
    return {"tables": tables, "files": files}


def _fill() -> None:
    city = Unit.objects.create(code="500000", name="重庆市", level="city")
    Unit.objects.create(code="500105", name="江北区", level="district", parent=city)
    # A time with microseconds, which Django's JSON encoder would cut.
    get_user_model().objects.create_user(
        "office", password="x", date_joined=dt.datetime(2026, 5, 4, 3, 2, 1, 123456, tzinfo=dt.UTC)
    )
    store_blob(PNG, hashlib.sha256(PNG).hexdigest(), "png", "image/png")


def _rewrite(source: Path, target: Path, change: Callable[[str, bytes], tuple[str, bytes] | None]) -> Path:
    """A copy of the archive ``source`` with each member passed through ``change`` (None drops it)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            changed = change(info.filename, old.read(info))
            if changed is not None:
                new.writestr(changed[0], changed[1])
    return target


def _manifest(change: Callable[[dict[str, Any]], None]) -> Callable[[str, bytes], tuple[str, bytes]]:
    def rewrite(name: str, data: bytes) -> tuple[str, bytes]:
        if name != "manifest.json":
            return name, data
        manifest = json.loads(data)
        change(manifest)
        return name, json.dumps(manifest).encode()

    return rewrite


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    _fill()
    summary = backup(tmp_path / "backup.zip")
    assert summary.files == 1 and summary.rows >= 4
    return summary.path


def test_a_restore_with_replace_gives_back_every_row_and_file(archive: Path, _media: Path) -> None:
    before = _state()
    Unit.objects.filter(code="500105").delete()
    get_user_model().objects.create_user("later", password="x")
    for path in sorted(_media.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    assert _state() != before

    summary = restore(archive, replace=True)

    assert _state() == before
    assert summary.files == 1 and summary.rows == sum(
        json.loads(t).__len__() for t in before["tables"].values()
    )
    assert get_user_model().objects.get(username="office").date_joined.microsecond == 123456
    # New rows get keys after the restored ones.
    assert (
        get_user_model().objects.create_user("next", password="x").pk
        > get_user_model().objects.get(username="office").pk
    )


def test_a_database_with_data_is_refused_without_replace(archive: Path) -> None:
    before = _state()
    with pytest.raises(BackupError, match=r"数据库不是空的.*--replace"):
        restore(archive)
    assert _state() == before


def _refused(archive: Path, match: str, limits: Limits | None = None) -> None:
    Unit.objects.create(
        code=f"9{Unit.objects.count()}", name="标记", level="district"
    )  # gone after any restore
    before = _state()
    with pytest.raises(BackupError, match=match):
        restore(archive, replace=True, limits=limits)
    assert _state() == before, "a refused restore changed something"


def test_a_damaged_archive_is_refused_and_nothing_changes(archive: Path, tmp_path: Path) -> None:
    data = bytearray(archive.read_bytes())
    cut = tmp_path / "cut.zip"
    cut.write_bytes(data[: len(data) // 2])
    _refused(cut, "无法作为备份打开")
    # A row changed after the manifest was written: its table's hash differs, found after its
    # rows were inserted, and the whole transaction is rolled back.
    tampered = _rewrite(
        archive,
        tmp_path / "tampered.zip",
        lambda name, d: (name, d.replace("重庆市".encode(), "北京市".encode())),
    )
    _refused(tampered, "accounts.unit.jsonl.*损坏")
    # A file whose bytes differ from its hash.
    swapped = _rewrite(
        archive,
        tmp_path / "swapped.zip",
        lambda name, d: (name, d[:-1] + b"!" if name.startswith("media/") else d),
    )
    _refused(swapped, "SHA-256")
    missing = _rewrite(
        archive, tmp_path / "missing.zip", lambda name, d: None if name.startswith("media/") else (name, d)
    )
    _refused(missing, "成员与清单不符")


def test_a_backup_from_newer_or_older_migrations_is_refused(archive: Path, tmp_path: Path) -> None:
    newer = _rewrite(
        archive,
        tmp_path / "newer.zip",
        _manifest(lambda m: m["migrations"]["entry"].append("9999_from_the_future")),
    )
    _refused(newer, "较新的 dudao.*9999_from_the_future")
    older = _rewrite(archive, tmp_path / "older.zip", _manifest(lambda m: m["migrations"]["entry"].pop()))
    _refused(older, "较早的 dudao")
    other = _rewrite(archive, tmp_path / "other.zip", _manifest(lambda m: m.update(format="something-else")))
    _refused(other, "不是 dudao 备份")


def test_a_hostile_archive_is_refused_before_anything_is_read(archive: Path, tmp_path: Path) -> None:
    traversal = _rewrite(
        archive,
        tmp_path / "traversal.zip",
        lambda name, d: ("media/../../../etc/evil" if name.startswith("media/") else name, d),
    )
    _refused(traversal, "不是备份文件应有的名字")
    absolute = _rewrite(
        archive,
        tmp_path / "absolute.zip",
        lambda name, d: ("/" + name if name.startswith("rows/") else name, d),
    )
    _refused(absolute, "不是备份文件应有的名字")
    _refused(archive, "成员过多", Limits(members=3))
    _refused(archive, "超过上限", Limits(member_bytes=100))
    _refused(archive, "超过上限", Limits(total_bytes=1000))
    _refused(archive, "过长", Limits(line_bytes=20))
    link = tmp_path / "link.zip"
    with zipfile.ZipFile(archive) as old, zipfile.ZipFile(link, "w") as new:
        for info in old.infolist():
            if info.filename.startswith("media/"):
                info.external_attr = 0o120777 << 16  # a symbolic link
            new.writestr(info, old.read(info))
    _refused(link, "不是备份文件应有的名字")
    first = _rewrite(archive, tmp_path / "order.zip", lambda name, d: (name, d))
    with zipfile.ZipFile(archive) as old, zipfile.ZipFile(first, "w") as new:
        for info in reversed(old.infolist()):
            new.writestr(info, old.read(info))
    _refused(first, "第一个成员应为 manifest.json")


def test_the_append_only_audit_log_is_never_replaced(archive: Path) -> None:
    AuditEntry.objects.create(username="office", action="round", target="测试", after={"值": 1.5})
    before = _state()
    with pytest.raises(BackupError, match="审计日志只能追加：数据库已有 1 条审计记录"):
        restore(archive, replace=True)
    assert _state() == before


def test_backup_refuses_a_folder_as_its_file(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="是一个目录"):
        backup(tmp_path)


def test_a_blob_is_where_the_backup_put_it(archive: Path) -> None:
    from dudao.store.entry.models import Blob

    with zipfile.ZipFile(archive) as opened:
        names = opened.namelist()
    assert names[0] == "manifest.json"
    assert f"media/{Blob.objects.get().relative_path}" in names
    assert blob_path(Blob.objects.get()).read_bytes() == PNG
