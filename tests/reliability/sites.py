"""Copies of a site (the demo round, with evidence files) for tests that run writers in processes
of their own and read the database afterwards: SQLite, and PostgreSQL when ``DATABASE_URL`` names a
server (each test makes and drops its own databases there, copies of one filled database)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]


def environment() -> dict[str, str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DUDAO_DATA_DIR")}
    environment["COLUMNS"] = "200"
    return environment


def python(*args: str, **extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**environment(), **extra},
    )


def finish(process: subprocess.Popen[str]) -> str:
    stdout, stderr = process.communicate(timeout=1800)
    assert process.returncode == 0, (stdout + stderr)[-3000:]
    return stdout


def site(action: str, url: str, data_dir: Path) -> dict[str, Any]:
    output = finish(python("-m", "tests.store.backup_site", action, url, str(data_dir)))
    return json.loads(output)["tables"] if action == "snapshot" else {}


class Sites:
    """Copies of one filled site (database and data directory), one per run."""

    def __init__(self, kind: str, folder: Path, purpose: str):
        self.kind, self.folder, self.purpose, self.made = kind, folder, purpose, []  # type: list[str]
        self.base_dir = folder / "base"
        self.base_url = self._url("base")
        site("fill", self.base_url, self.base_dir)

    def _url(self, name: str) -> str:
        if self.kind == "sqlite":
            return f"sqlite:///{self.folder / name / 'dudao.sqlite3'}"
        import psycopg

        parts = urlsplit(postgres_url())
        database = f"{parts.path.lstrip('/') or 'dudao'}_{self.purpose}_{name}_{os.getpid()}"
        template = f' TEMPLATE "{self.made[0]}"' if self.made else ""
        with psycopg.connect(server(), autocommit=True, connect_timeout=5) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{database}"{template}')
        self.made.append(database)
        return urlunsplit(parts._replace(path=f"/{database}"))

    def copy(self, name: str) -> tuple[str, Path]:
        data_dir = self.folder / name
        shutil.copytree(self.base_dir, data_dir)
        return self._url(name), data_dir

    def drop(self) -> None:
        if self.made:
            import psycopg

            with psycopg.connect(server(), autocommit=True, connect_timeout=5) as admin:
                for database in self.made:
                    admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def postgres_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("the PostgreSQL run needs DATABASE_URL=postgres://… (./dev test sets it)")
    return url


def server() -> str:
    return urlunsplit(urlsplit(postgres_url())._replace(path="/postgres"))
