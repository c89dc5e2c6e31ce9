"""``dudao backup`` then ``dudao restore`` into a fresh database gives back every row and every file.

The demo round with evidence files and a narrative report is loaded into a database, backed up by
the command, restored by the command into a new, empty database and data directory; then every
table is compared row by row (every column, read by SQL) and every media file by its SHA-256.
On SQLite, on PostgreSQL (with ``DATABASE_URL`` set, as ``./dev test`` does; the test makes and
drops its own databases there) and from SQLite to PostgreSQL and back.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


class Databases:
    """Empty databases of one kind, made on request and dropped at the end."""

    def __init__(self, kind: str, folder: Path):
        self.kind, self.folder, self.made = kind, folder, []  # type: list[str]

    def new(self, name: str) -> str:
        if self.kind == "sqlite":
            return f"sqlite:///{self.folder / f'{name}.sqlite3'}"
        import psycopg

        parts = urlsplit(_postgres_url())
        database = f"{parts.path.lstrip('/') or 'dudao'}_backup_{name}_{os.getpid()}"
        with psycopg.connect(_server(), autocommit=True, connect_timeout=5) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{database}"')
        self.made.append(database)
        return urlunsplit(parts._replace(path=f"/{database}"))

    def drop(self) -> None:
        if not self.made:
            return
        import psycopg

        with psycopg.connect(_server(), autocommit=True, connect_timeout=5) as admin:
            for database in self.made:
                admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def _postgres_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("the PostgreSQL round trip needs DATABASE_URL=postgres://… (./dev test sets it)")
    return url


def _server() -> str:
    return urlunsplit(urlsplit(_postgres_url())._replace(path="/postgres"))


@pytest.fixture
def sqlite(tmp_path: Path) -> Databases:
    return Databases("sqlite", tmp_path)


@pytest.fixture
def postgresql(tmp_path: Path) -> Iterator[Databases]:
    _postgres_url()
    databases = Databases("postgresql", tmp_path)
    yield databases
    databases.drop()


def _environment(database_url: str) -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DUDAO_DATA_DIR")}
    environment["DATABASE_URL"] = database_url
    environment["COLUMNS"] = "200"
    return environment


def _run(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=_environment(database_url),
        timeout=900,
    )


def _site(action: str, database_url: str, data_dir: Path) -> dict[str, Any]:
    done = _run(database_url, "-m", "tests.store.backup_site", action, database_url, str(data_dir))
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout) if action == "snapshot" else {}


def dudao(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    return _run(database_url, "-m", "dudao", *args)


def _back_up(database_url: str, data_dir: Path, archive: Path) -> None:
    done = dudao(database_url, "backup", str(archive), "--data-dir", str(data_dir))
    assert done.returncode == 0, done.stderr[-3000:]
    assert "已备份到" in done.stdout


def _restore(database_url: str, data_dir: Path, archive: Path) -> None:
    done = dudao(database_url, "restore", str(archive), "--data-dir", str(data_dir))
    assert done.returncode == 0, done.stderr[-3000:]
    assert "已恢复" in done.stdout


def _assert_same(before: dict[str, Any], after: dict[str, Any]) -> None:
    assert sorted(after["tables"]) == sorted(before["tables"])
    for table, found in before["tables"].items():
        assert after["tables"][table] == found, f"{table} differs after the round trip"
    assert after["files"] == before["files"]


def _filled_tables(snapshot: dict[str, Any]) -> set[str]:
    return {table for table, found in snapshot["tables"].items() if found["rows"]}


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_a_round_trip_gives_back_every_row_and_file(
    kind: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    databases: Databases = request.getfixturevalue(kind)
    source, target = databases.new("source"), databases.new("target")
    _site("fill", source, tmp_path / "source")
    before = _site("snapshot", source, tmp_path / "source")
    _back_up(source, tmp_path / "source", tmp_path / "backup.zip")
    _restore(target, tmp_path / "target", tmp_path / "backup.zip")
    after = _site("snapshot", target, tmp_path / "target")

    _assert_same(before, after)
    # The demo fills the round's tables, history and audit included, and three files; field
    # verification a draw and its redraw, a finding and its photo (a fourth file).
    assert {
        "entry_datavalue",
        "entry_historicaldatavalue",
        "entry_evidence",
        "entry_narrativereport",
        "rounds_round",
        "rounds_publication",
        "accounts_unit",
        "audit_auditentry",
        "auth_user",
        "survey_survey",
        "survey_invitation",
        "survey_response",
        "verification_draw",
        "verification_drawnschool",
        "verification_finding",
        "verification_findingphoto",
    } <= _filled_tables(before)
    assert len(before["files"]) == 4
    with zipfile.ZipFile(tmp_path / "backup.zip") as archive:
        manifest = json.loads(archive.read("manifest.json"))
    assert sum(t["rows"] for t in manifest["tables"].values()) == sum(
        len(found["rows"]) for table, found in before["tables"].items()
    )
    # A second restore is refused: the database now holds the round.
    again = dudao(target, "restore", str(tmp_path / "backup.zip"), "--data-dir", str(tmp_path / "target"))
    assert again.returncode == 1 and "--replace" in again.stderr
    assert _site("snapshot", target, tmp_path / "target") == after


@pytest.mark.postgres
def test_sqlite_to_postgresql_and_back(sqlite: Databases, postgresql: Databases, tmp_path: Path) -> None:
    source = sqlite.new("source")
    _site("fill", source, tmp_path / "source")
    before = _site("snapshot", source, tmp_path / "source")
    _back_up(source, tmp_path / "source", tmp_path / "from-sqlite.zip")

    on_postgresql = postgresql.new("target")
    _restore(on_postgresql, tmp_path / "postgresql", tmp_path / "from-sqlite.zip")
    _back_up(on_postgresql, tmp_path / "postgresql", tmp_path / "from-postgresql.zip")
    # Django reads the same rows from PostgreSQL as from SQLite (PostgreSQL orders a JSON column's
    # keys its own way, so rows are compared as values, not as text).
    first, second = _rows_of(tmp_path / "from-sqlite.zip"), _rows_of(tmp_path / "from-postgresql.zip")
    assert first["manifest"]["database"] == "sqlite" and second["manifest"]["database"] == "postgresql"
    assert first["rows"] == second["rows"]
    assert first["manifest"]["files"] == second["manifest"]["files"]

    back = sqlite.new("back")
    _restore(back, tmp_path / "back", tmp_path / "from-postgresql.zip")
    _assert_same(_json_keys_sorted(before), _json_keys_sorted(_site("snapshot", back, tmp_path / "back")))


def _rows_of(path: Path) -> dict[str, Any]:
    with zipfile.ZipFile(path) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        rows = {
            label: [json.loads(line) for line in archive.read(f"rows/{label}.jsonl").splitlines()]
            for label in manifest["tables"]
        }
    return {"manifest": manifest, "rows": rows}


def _json_keys_sorted(snapshot: dict[str, Any]) -> dict[str, Any]:
    """``snapshot`` with the keys of JSON columns in one order (PostgreSQL keeps its own order)."""

    def cell(value: Any) -> Any:
        if isinstance(value, str) and value[:1] in ("{", "["):
            try:
                return json.dumps(json.loads(value), sort_keys=True, ensure_ascii=False)
            except json.JSONDecodeError:
                return value
        return value

    tables = {
        table: {
            "columns": found["columns"],
            "rows": sorted(
                json.dumps([cell(v) for v in json.loads(row)], ensure_ascii=False) for row in found["rows"]
            ),
        }
        for table, found in snapshot["tables"].items()
    }
    return {"tables": tables, "files": snapshot["files"]}
