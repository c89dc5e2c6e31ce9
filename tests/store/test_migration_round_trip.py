"""Existing databases migrate to the store's layout with nothing lost, on SQLite and PostgreSQL.

A database is made with the migrations as main had them at 9f735a0, when the round's state lived
in ``dudao.web``; every table gets rows; it is then migrated to today's migrations, and every row
of every table must be there unchanged (see :mod:`tests.store.roundtrip`, which runs in its own
process so that it configures Django for its own database).

PostgreSQL follows the web tests' convention: set ``DATABASE_URL`` to a server (``./dev test``
does); the test makes and drops its own database there, named after the URL's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _postgres_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        # ./dev test runs tests/store again with DATABASE_URL set (and fails in CI without a server).
        pytest.skip("the round trip on PostgreSQL needs DATABASE_URL=postgres://… (./dev test sets it)")
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database of each kind, dropped afterwards."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.sqlite3'}"
        return
    import psycopg

    parts = urlsplit(_postgres_url())
    name = f"{parts.path.lstrip('/') or 'dudao'}_migrations_{os.getpid()}"
    server = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(server, autocommit=True, connect_timeout=5) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(server, autocommit=True, connect_timeout=5) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _round_trip(url: str, data_dir: Path) -> dict[str, Any]:
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DUDAO_DATA_DIR")}
    done = subprocess.run(
        [sys.executable, "-m", "tests.store.roundtrip", url, str(data_dir)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environment,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def test_every_row_survives_the_migration_to_the_stores_layout(database: str, tmp_path: Path) -> None:
    result = _round_trip(database, tmp_path)
    before, after = result["before"], result["after"]
    store_tables = {t for t in before if t.split("_")[0] in ("accounts", "rounds", "entry", "audit")}
    # The state of rounds, and what the site keeps besides, each table filled before migrating.
    for table in (
        "rounds_round",
        "rounds_roundunit",
        "rounds_schemeversion",
        "rounds_reviewerassignment",
        "entry_datavalue",
        "entry_historicaldatavalue",
        "entry_evidence",
        "entry_narrative",
        "entry_reviewedlevel",
        "entry_bonusrecord",
        "accounts_unit",
        "accounts_profile",
        "audit_auditentry",
        "auth_user",
        "django_session",
        "django_admin_log",
    ):
        assert table in before, table
    empty = [table for table, found in before.items() if not found["rows"]]
    assert empty == []
    assert len(store_tables) >= 20
    for table, found in before.items():
        if table == "django_migrations":  # migrations newer than the old layout add their rows
            assert set(found["rows"]) <= set(after[table]["rows"]), "a recorded migration was lost"
            continue
        assert after[table] == found, f"{table} changed in the migration"
    # The history the old layout recorded is the new layout's: nothing left to apply, nothing unknown.
    assert set(map(tuple, result["recorded_before"])) <= set(map(tuple, result["recorded_after"]))
    assert result["unapplied"] == []
    assert result["pending_model_changes"] is False
