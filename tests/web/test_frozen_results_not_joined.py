"""Pages that list rows of a closed round do not carry its frozen results along with each row.

Regression: ``Round.results`` holds every unit's results once a round is closed (megabytes for a
large round). The audit log and the round's board joined the round into each row, so the
database read, sorted and copied the frozen results once per row: on the closed demo round the
audit page took minutes and the browser gave up. The rows now defer that column.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dudao.store.rounds import services
from dudao.store.rounds.models import Round
from tests.web.conftest import login
from tests.web.test_close_and_publish import set_final_scores

pytestmark = pytest.mark.django_db

RESULTS_COLUMN = '"rounds_round"."results"'


@pytest.fixture
def closed(demo_round: Round, user: Any) -> Round:
    set_final_scores(demo_round, user("office"))
    return services.close_round(user("office"), demo_round, confirmation=demo_round.name)


def _queries_joining(url: str, table: str) -> list[str]:
    office = login("office")
    with CaptureQueriesContext(connection) as captured:
        response = office.get(url)
    assert response.status_code == 200, url
    return [q["sql"] for q in captured.captured_queries if table in q["sql"] and "rounds_round" in q["sql"]]


@pytest.mark.parametrize(
    ("page", "table"),
    [("audit", '"audit_auditentry"'), ("round", '"rounds_roundunit"')],
)
def test_listed_rows_leave_the_frozen_results_behind(closed: Round, page: str, table: str) -> None:
    assert closed.results, "the closed round froze its results"
    url = reverse("audit") + f"?round={closed.pk}" if page == "audit" else reverse("round", args=[closed.pk])
    joined = _queries_joining(url, table)
    assert joined, f"the {page} page no longer joins its rows to the round; this test checks nothing"
    assert not [sql for sql in joined if RESULTS_COLUMN in sql]
