"""Review tests run on the demo round (loaded once per test database, as the web's tests do)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.web.conftest import _fresh_engine, demo_round, django_db_setup, user  # noqa: F401


@pytest.fixture
def reviewer(user: Any) -> Any:  # noqa: F811
    return user("reviewer")


@pytest.fixture
def office(user: Any) -> Any:  # noqa: F811
    return user("office")
