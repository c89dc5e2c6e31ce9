"""Text holding NUL (U+0000) is refused where it enters, naming the field: no database stores it
(PostgreSQL fails on it), so it reached the API's writes as a server error."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from dudao.store.review.models import ConflictOfInterest
from dudao.store.rounds.models import Round
from tests.web.conftest import login
from tests.web.test_api import post_json, token_client

pytestmark = pytest.mark.django_db


def test_a_json_body_names_the_field(demo_round: Round, user: Any) -> None:
    office = token_client(user("office"))
    body = {"reviewer": "reviewer", "unit": "500104", "reason": "曾任职\x00"}
    refused = post_json(office, "/api/reviewers/conflicts", body)
    assert refused.status_code == 422
    assert refused.json()["error"]["field"] == "reason" and "NUL" in refused.json()["error"]["message"]
    assert not ConflictOfInterest.objects.exists()
    put = office.put(
        f"/api/rounds/{demo_round.pk}/units/500105/values",
        json.dumps({"values": [{"element": "edu_budget", "value": 1, "comment": "a\x00"}]}),
        content_type="application/json",
    )
    assert put.status_code == 422 and put.json()["error"]["field"] == "values.0.comment"


def test_a_path_and_a_query_name_the_parameter(demo_round: Round, user: Any) -> None:
    office = token_client(user("office"))
    path = office.delete(f"/api/rounds/{demo_round.pk}/reviewers/a%00b/500105")
    assert path.status_code == 422 and path.json()["error"]["field"] == "reviewer"
    query = office.get(f"/api/rounds/{demo_round.pk}/units/500105/values", {"period": "2021\x00"})
    assert query.status_code == 422 and query.json()["error"]["field"] == "period"


def test_a_page_form_is_refused_with_the_field_named(demo_round: Round) -> None:
    office = login("office")
    url = reverse("review_assignments", args=[demo_round.pk])
    form = urlencode({"action": "declare", "reviewer": "1", "unit": "500104", "reason": "x\x00y"})
    refused = office.post(url, form, content_type="application/x-www-form-urlencoded")  # as browsers send
    assert refused.status_code == 400
    assert "NUL" in refused.content.decode() and "reason" in refused.content.decode()
    assert not ConflictOfInterest.objects.exists()
