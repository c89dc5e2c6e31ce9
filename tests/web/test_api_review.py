"""The review and final-score endpoints (tags ``review`` and ``results``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings

from dudao.store.review.models import FinalScore, ItemReview
from dudao.store.rounds.models import Round
from tests.web.conftest import login
from tests.web.test_api import put_json, token_client

UNIT, RUBRIC, DATA_ITEM = "500104", "A1.2.1", "A1.1.1"


@pytest.fixture(autouse=True)
def _static_root() -> None:
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


def test_a_reviewer_puts_a_review_score_and_a_missing_reason_is_located(demo_round: Round, user: Any) -> None:
    client = token_client(user("reviewer"))
    url = f"/api/rounds/{demo_round.pk}/units/{UNIT}/review/{RUBRIC}"
    done = put_json(client, url, {"points": 1.2, "level": "良", "reason": "较好"})
    assert done.status_code == 200, done.content
    assert done.json()["points"] == 1.2
    assert ItemReview.objects.get(round=demo_round, unit_id=UNIT, item=RUBRIC).level == "良"
    refused = put_json(
        client, f"/api/rounds/{demo_round.pk}/units/{UNIT}/review/{DATA_ITEM}", {"points": 0.3}
    )
    assert refused.status_code == 422
    body = refused.json()
    assert "理由" in str(body)
    assert (
        put_json(
            client, f"/api/rounds/{demo_round.pk}/units/500107/review/{RUBRIC}", {"points": 1}
        ).status_code
        == 403
    )


def test_the_office_sets_a_final_score_reads_the_layers_and_the_missing_items(
    demo_round: Round, user: Any
) -> None:
    office = token_client(user("office"))
    url = f"/api/rounds/{demo_round.pk}/units/{UNIT}/final/{DATA_ITEM}"
    assert put_json(office, url, {"points": 0}).status_code == 422
    done = put_json(office, url, {"points": 0, "reason": "核查不实"})
    assert done.status_code == 200, done.content
    assert FinalScore.objects.get(round=demo_round, unit_id=UNIT, item=DATA_ITEM).points == 0
    layers = office.get(f"/api/rounds/{demo_round.pk}/units/{UNIT}/layers").json()
    item = next(i for i in layers if i["item"] == DATA_ITEM)
    assert item["final"] == 0 and item["changes"][-1]["reason"] == "核查不实"
    missing = office.get(f"/api/rounds/{demo_round.pk}/final/missing").json()
    assert {"unit": UNIT, "item": DATA_ITEM} not in missing and {"unit": UNIT, "item": RUBRIC} in missing
    reviewer = token_client(user("reviewer"))
    assert put_json(reviewer, url, {"points": 1, "reason": "x"}).status_code == 403


def test_the_openapi_document_tags_review_and_results(demo_round: Round) -> None:
    schema = login("office").get("/api/openapi.json").json()
    tags = {tag for path in schema["paths"].values() for op in path.values() for tag in op.get("tags", [])}
    assert {"review", "results"} <= tags
