"""The JSON API of publication 结果公开 (tag ``publication``): publish as the office chooses,
withdraw, and the published results as the public sees them; and which operations each of the
issue's tags (``review``, ``verification``, ``results``, ``publication``) covers.

Issue 14, item 7.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from dudao.store.accounts.models import ApiToken
from dudao.store.audit.models import Action, AuditEntry
from dudao.store.rounds import publication, services
from dudao.store.rounds.models import Publication, Round
from dudao.web.api.urls import api
from tests.web.test_close_and_publish import set_final_scores

pytestmark = pytest.mark.django_db

CONFIRMED = {"confirmed": True, "reason": "两个区县未开始填报，已核实"}  # the demo's findings


@pytest.fixture(autouse=True)
def _static_root() -> None:
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


@pytest.fixture
def office(user: Any) -> Client:
    _token, key = ApiToken.issue(user("office"), "tests")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


@pytest.fixture
def closed(demo_round: Round, user: Any) -> Round:
    set_final_scores(demo_round, user("office"))
    return services.close_round(user("office"), demo_round, confirmation=demo_round.name)


def _post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def test_the_office_publishes_what_it_chooses_and_the_public_reads_only_that(
    closed: Round, office: Client
) -> None:
    body = {"show_scores": False, "documents": ["feedback"], "topic": "教育/基础教育", **CONFIRMED}
    answer = _post(office, f"/api/rounds/{closed.pk}/publish", body)
    assert answer.status_code == 200, answer.content
    out = answer.json()
    assert (
        out["round"]["published"] is True and out["show_scores"] is False and out["documents"] == ["feedback"]
    )
    assert out["index_number"] == f"500000/{out['published_on'][:4]}-{closed.pk:05d}"  # proposed
    entry = AuditEntry.objects.get(action=Action.ROUND, round=closed, after__published=True)
    assert entry.username == "office" and entry.after["publication"]["topic"] == "教育/基础教育"
    public = Client().get(f"/api/public/rounds/{closed.pk}/results")
    assert public.status_code == 200
    shown = public.json()
    assert shown["publication"]["publisher"] == out["publisher"]
    first = shown["results"]["units"][0]
    assert first["rank"] == 1 and first["grade"] and "total" not in first and "items" not in first
    assert [r["id"] for r in Client().get("/api/public/rounds").json()] == [closed.pk]
    again = _post(office, f"/api/rounds/{closed.pk}/publish", CONFIRMED)
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_published"


def test_refusals_answer_in_the_envelope_located(closed: Round, office: Client) -> None:
    url = f"/api/rounds/{closed.pk}/publish"
    bad = _post(office, url, {"index_number": "12号", "published_on": "2999-01-01", **CONFIRMED})
    assert bad.status_code == 422
    error = bad.json()["error"]
    assert error["code"] == "invalid" and error["field"] == "index_number"
    assert {d["field"] for d in error["details"]} == {"index_number", "published_on"}
    assert "应如“500000/2026-00001”" in error["message"]
    unconfirmed = _post(office, url, {})
    assert unconfirmed.status_code == 409 and "结果看起来不合理" in unconfirmed.json()["error"]["message"]
    assert not Round.objects.get(pk=closed.pk).published and not Publication.objects.exists()


def test_missing_final_scores_answer_409_each_located(demo_round: Round, user: Any, office: Client) -> None:
    round = services.close_round(user("office"), demo_round, confirmation=demo_round.name)  # none confirmed
    missing = _post(office, f"/api/rounds/{round.pk}/publish", CONFIRMED)
    assert missing.status_code == 409
    error = missing.json()["error"]
    code, item = publication.unfinished_final_scores(round)[0]
    assert error["code"] == "final_scores_missing" and error["details"][0]["field"] == f"{code}/{item}"
    assert not Round.objects.get(pk=round.pk).published


def test_a_round_not_closed_is_not_published(demo_round: Round, office: Client) -> None:
    answer = _post(office, f"/api/rounds/{demo_round.pk}/publish", CONFIRMED)
    assert answer.status_code == 409 and answer.json()["error"]["code"] == "round_not_closed"
    assert "尚未关闭" in answer.json()["error"]["message"]


def test_withdrawing_needs_a_reason_and_hides_the_results(closed: Round, office: Client) -> None:
    assert _post(office, f"/api/rounds/{closed.pk}/publish", CONFIRMED).status_code == 200
    no_reason = _post(office, f"/api/rounds/{closed.pk}/withdraw", {"reason": " "})
    assert no_reason.status_code == 422 and no_reason.json()["error"]["field"] == "reason"
    done = _post(office, f"/api/rounds/{closed.pk}/withdraw", {"reason": "数据更正"})
    assert done.status_code == 200 and done.json()["published"] is False
    assert Client().get(f"/api/public/rounds/{closed.pk}/results").status_code == 404
    assert Client().get("/api/public/rounds").json() == []
    twice = _post(office, f"/api/rounds/{closed.pk}/withdraw", {"reason": "数据更正"})
    assert twice.status_code == 409


def test_only_the_office_publishes(closed: Round, user: Any) -> None:
    _token, key = ApiToken.issue(user("jiangbei"), "tests")
    unit = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert _post(unit, f"/api/rounds/{closed.pk}/publish", CONFIRMED).status_code == 403
    assert _post(Client(), f"/api/rounds/{closed.pk}/publish", CONFIRMED).status_code == 401


# The operations each tag of issue 14 names in the OpenAPI document.
TAGGED: dict[str, set[tuple[str, str]]] = {
    "review": {
        ("get", "/api/rounds/{round_id}/units/{code}/layers"),
        ("put", "/api/rounds/{round_id}/units/{code}/review/{item}"),
        ("put", "/api/rounds/{round_id}/units/{code}/bonus/{item}"),
        ("put", "/api/rounds/{round_id}/units/{code}/flag/{item}"),
        ("post", "/api/rounds/{round_id}/units/{code}/evidence-requests/{item}"),
        ("put", "/api/rounds/{round_id}/units/{code}/reconcile/{item}"),
        ("get", "/api/rounds/{round_id}/reviewers"),
        ("post", "/api/rounds/{round_id}/reviewers"),
        ("delete", "/api/rounds/{round_id}/reviewers/{reviewer}/{code}"),
        ("get", "/api/reviewers/conflicts"),
        ("post", "/api/reviewers/conflicts"),
        ("delete", "/api/reviewers/conflicts/{conflict_id}"),
    },
    "verification": {
        ("get", "/api/rounds/{round_id}/units/{code}/draws"),
        ("post", "/api/rounds/{round_id}/units/{code}/draws"),
        ("get", "/api/rounds/{round_id}/units/{code}/findings"),
        ("post", "/api/rounds/{round_id}/units/{code}/findings"),
        ("post", "/api/rounds/{round_id}/units/{code}/findings/{finding_id}/score"),
    },
    "results": {
        ("get", "/api/rounds/{round_id}/results"),
        ("get", "/api/rounds/{round_id}/results/misses"),
        ("get", "/api/rounds/{round_id}/units/{code}/result"),
        ("get", "/api/rounds/{round_id}/units/{code}/items/{item}/schools"),
        ("get", "/api/rounds/{round_id}/final/missing"),
        ("put", "/api/rounds/{round_id}/units/{code}/final/{item}"),
    },
    "publication": {
        ("post", "/api/rounds/{round_id}/publish"),
        ("post", "/api/rounds/{round_id}/withdraw"),
        ("get", "/api/public/rounds"),
        ("get", "/api/public/rounds/{round_id}/results"),
    },
}


@pytest.mark.parametrize("tag", sorted(TAGGED))
def test_the_openapi_document_tags_the_operations(tag: str) -> None:
    paths = api.get_openapi_schema()["paths"]
    tagged = {
        (method, path) for path, ops in paths.items() for method, op in ops.items() if tag in op["tags"]
    }
    assert tagged == TAGGED[tag]
