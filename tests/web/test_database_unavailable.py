"""A database that cannot be reached is a 503 saying so, in pages and in the API, not a 500.

The whole story, with a real PostgreSQL server stopped under load and started again, is
tests/reliability/test_database_restart.py; these check each answer on its own.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import InterfaceError, OperationalError
from django.test import Client, RequestFactory

from dudao.store.accounts.models import ApiToken
from dudao.web.unavailable import server_error


@pytest.mark.parametrize(
    "error", [OperationalError("server closed the connection"), InterfaceError("closed")]
)
def test_a_page_that_lost_the_database_says_so(error: Exception) -> None:
    request = RequestFactory().get("/rounds/1/")
    try:
        raise error
    except type(error):
        answer = server_error(request)
    assert answer.status_code == 503 and answer["Retry-After"] == "30"
    assert "数据库暂时无法连接" in answer.content.decode() and "没有保存" in answer.content.decode()


def test_any_other_failure_stays_a_500() -> None:
    try:
        raise ValueError("a bug")
    except ValueError:
        answer = server_error(RequestFactory().get("/"))
    assert answer.status_code == 500


def test_the_api_answers_503_in_its_envelope(
    demo_round: Any, user: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    _token, key = ApiToken.issue(user("office"), "t")

    def gone(*args: object, **kwargs: object) -> None:
        raise OperationalError("connection refused")

    monkeypatch.setattr("dudao.web.api.routes.rounds.visible_rounds", gone)
    answer = Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/rounds")
    assert answer.status_code == 503 and answer["Retry-After"] == "30"
    assert answer.json()["error"]["code"] == "database_unavailable"
