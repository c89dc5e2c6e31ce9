"""Rectification tests run on the demo round, closed (problem lists start from frozen results)."""

from __future__ import annotations

from typing import Any

import pytest

from dudao.store.rounds import services as rounds
from dudao.store.rounds.models import Round
from tests.web.conftest import _fresh_engine, demo_round, django_db_setup, user  # noqa: F401

JIANGBEI = "500105"


@pytest.fixture
def office(user: Any) -> Any:  # noqa: F811
    return user("office")


@pytest.fixture
def district(user: Any) -> Any:  # noqa: F811
    """Jiangbei's unit editor."""
    return user("jiangbei")


@pytest.fixture
def closed_round(demo_round: Round, office: Any) -> Round:  # noqa: F811
    return rounds.close_round(office, demo_round, confirmation=demo_round.name)
