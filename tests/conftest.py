"""Test-wide setup: a private compiled-SQL cache, and the ``backend`` fixture."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

# The reference engine keeps web tests quick. (The web app's data directory is a temporary
# one in a test run: see dudao.web.settings.)
os.environ.setdefault("DUDAO_WEB_BACKEND", "python")

import pytest

from dudao.engine.backends import BACKENDS, backend_unavailable


@pytest.fixture(autouse=True, scope="session")
def _private_sql_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("sql-cache")
    patch = pytest.MonkeyPatch()
    patch.setenv("DUDAO_CACHE_DIR", str(folder))
    yield folder
    patch.undo()


def _usable(name: str) -> str:
    reason = backend_unavailable(name)
    if reason is not None:
        if os.environ.get("CI") == "true":
            pytest.fail(f"backend {name} must run in CI: {reason}")
        pytest.skip(f"backend {name} unavailable: {reason}")
    return name


# Marks per backend: Spark takes seconds to start, so its runs are slow tests (CI runs them).
BACKEND_MARKS: dict[str, list[pytest.MarkDecorator]] = {"spark": [pytest.mark.slow]}


def _params(names: set[str] | dict[str, str]) -> list[object]:
    return [pytest.param(name, marks=BACKEND_MARKS.get(name, [])) for name in sorted(names)]


@pytest.fixture(params=_params(BACKENDS))
def backend(request: pytest.FixtureRequest) -> str:
    """Every backend, for tests that must hold on each. A backend that cannot run here is
    skipped with its reason, except in CI, where every backend must run."""
    return _usable(str(request.param))


@pytest.fixture(params=_params(set(BACKENDS) - {"python"}))
def compiled_backend(request: pytest.FixtureRequest) -> str:
    """Every backend but the reference, to compare with the reference."""
    return _usable(str(request.param))
