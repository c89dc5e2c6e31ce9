"""Test-wide setup: the compiled-SQL cache lives in a temporary folder, never in ~/.cache."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest


@pytest.fixture(autouse=True, scope="session")
def _private_sql_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("sql-cache")
    patch = pytest.MonkeyPatch()
    patch.setenv("DUDAO_CACHE_DIR", str(folder))
    yield folder
    patch.undo()
