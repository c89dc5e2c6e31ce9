"""Web tests: the demo round is loaded once per test database; each test rolls back.

Set ``DATABASE_URL`` to run them on PostgreSQL (``./dev test`` does, when it is reachable).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from dudao.store.rounds.models import Round
from dudao.web.demo import DEMO_PASSWORD, ROUND_NAME, load_demo


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    with django_db_blocker.unblock():
        load_demo()
    yield


@pytest.fixture
def demo_round(db: None) -> Round:
    return Round.objects.get(name=ROUND_NAME)


def login(username: str) -> Client:
    """A browser-like client logged in as a demo account."""
    client = Client()
    assert client.login(username=username, password=DEMO_PASSWORD), username
    return client


@pytest.fixture
def user(db: None) -> Any:
    def get(username: str) -> Any:
        return get_user_model().objects.get(username=username)

    return get


@pytest.fixture(autouse=True)
def _fresh_engine() -> Iterator[None]:
    """Each test starts from the stored data (a rolled-back test leaves no live copy behind)."""
    from dudao.store.rounds import engine
    from dudao.store.rounds.documents import forget_previous

    engine.forget_everything()
    forget_previous()
    yield
    engine.forget_everything()
    forget_previous()


@pytest.fixture(autouse=True)
def _back_to_the_default_language() -> Iterator[None]:
    """A request in English leaves English active in its thread; the next test starts in Chinese."""
    from django.utils import translation

    yield
    translation.deactivate()
