"""The review endpoints beyond the score: bonus decisions, flags, evidence requests, reconciliation,
reviewer assignments and conflicts of interest (tag ``review``), and the conflicts on the
office's assignment page."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

from dudao.store.audit.models import Action, AuditEntry
from dudao.store.entry.models import BonusRecord, ReturnedField
from dudao.store.review.models import ConflictOfInterest, ItemReview, Reconciliation
from dudao.store.rounds.models import ReviewerAssignment, Round, RoundUnit, Status
from tests.review.test_conflicts import reviewer_of
from tests.review.test_services import second_reviewer
from tests.web.conftest import login
from tests.web.test_api import post_json, put_json, token_client

pytestmark = pytest.mark.django_db

UNIT, RUBRIC, DATA_ITEM, BONUS = "500104", "A1.2.1", "A1.1.1", "J2"  # 500104: the demo reviewer's


@pytest.fixture(autouse=True)
def _static_root() -> None:
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


def unit_url(round: Round, tail: str) -> str:
    return f"/api/rounds/{round.pk}/units/{UNIT}/{tail}"


def test_a_reviewer_cuts_a_bonus_only_with_a_reason(demo_round: Round, user: Any) -> None:
    client = token_client(user("reviewer"))
    claimed = BonusRecord.objects.get(round=demo_round, unit_id=UNIT, item=BONUS).claimed
    url = unit_url(demo_round, f"bonus/{BONUS}")
    refused = put_json(client, url, {"accepted": 0.5})
    assert refused.status_code == 422 and refused.json()["error"]["code"] == "review-reason-empty"
    too_much = put_json(client, url, {"accepted": claimed + 1, "reason": "x"})
    assert too_much.status_code == 422 and too_much.json()["error"]["field"] == f"{BONUS}.accepted"
    done = put_json(client, url, {"accepted": 0.5, "reason": "佐证只支持一半"})
    assert done.status_code == 200, done.content
    assert done.json() == {
        "unit": UNIT,
        "item": BONUS,
        "claimed": claimed,
        "accepted": 0.5,
        "reason": "佐证只支持一半",
    }
    assert BonusRecord.objects.get(round=demo_round, unit_id=UNIT, item=BONUS).accepted == 0.5
    other = put_json(token_client(user("reviewer")), f"/api/rounds/{demo_round.pk}/units/500107/bonus/J2", {})
    assert other.status_code in (403, 422)  # not the reviewer's unit, or no body: refused either way


def test_a_flag_needs_a_note_and_can_be_cleared(demo_round: Round, user: Any) -> None:
    client = token_client(user("reviewer"))
    url = unit_url(demo_round, f"flag/{DATA_ITEM}")
    refused = put_json(client, url, {"flagged": True})
    assert refused.status_code == 422 and refused.json()["error"]["field"].endswith("reason")
    done = put_json(client, url, {"flagged": True, "note": "在园幼儿数与上年相差过大"})
    assert done.status_code == 200 and done.json()["flagged"] is True
    review = ItemReview.objects.get(round=demo_round, unit_id=UNIT, item=DATA_ITEM)
    assert review.flag_note == "在园幼儿数与上年相差过大"
    cleared = put_json(client, url, {"flagged": False})
    assert cleared.json() == {"unit": UNIT, "item": DATA_ITEM, "flagged": False, "note": ""}


def test_an_evidence_request_returns_the_item_to_the_unit(demo_round: Round, user: Any) -> None:
    client = token_client(user("reviewer"))
    url = unit_url(demo_round, f"evidence-requests/{RUBRIC}")
    assert post_json(client, url, {"reason": " "}).status_code == 422
    done = post_json(client, url, {"reason": "请补充会议纪要"})
    assert done.status_code == 200, done.content
    assert done.json()["status"] == Status.RETURNED
    returned = ReturnedField.objects.get(
        entry__round=demo_round, entry__unit_id=UNIT, field=f"evidence:{RUBRIC}"
    )
    assert returned.reason == "请补充会议纪要"
    assert RoundUnit.objects.get(round=demo_round, unit_id=UNIT).status == Status.RETURNED


def test_the_office_reconciles_two_reviewers(demo_round: Round, user: Any) -> None:
    other = second_reviewer(demo_round)
    put_json(
        token_client(user("reviewer")),
        unit_url(demo_round, f"review/{RUBRIC}"),
        {"points": 1.5, "level": "优"},
    )
    put_json(
        token_client(other),
        unit_url(demo_round, f"review/{RUBRIC}"),
        {"points": 0.9, "level": "中", "reason": "落实不够"},
    )
    office = token_client(user("office"))
    url = unit_url(demo_round, f"reconcile/{RUBRIC}")
    assert put_json(office, url, {"method": "mean", "reason": ""}).status_code == 422
    wrong = put_json(office, url, {"method": "chosen", "reviewer": "nobody", "reason": "x"})
    assert wrong.status_code == 422 and wrong.json()["error"]["field"] == "reviewer"
    assert put_json(office, url, {"method": "median", "reason": "x"}).status_code in (400, 422)
    mean = put_json(office, url, {"method": "mean", "reason": "两位专家取平均"})
    assert mean.status_code == 200, mean.content
    assert mean.json()["points"] == pytest.approx(1.2) and mean.json()["reviewer"] is None
    chosen = put_json(
        office, url, {"method": "chosen", "reviewer": "reviewer2", "reason": "其现场核实更充分"}
    )
    assert chosen.json()["reviewer"] == "reviewer2" and chosen.json()["level"] == "中"
    assert Reconciliation.objects.get(round=demo_round, unit_id=UNIT, item=RUBRIC).points == pytest.approx(
        0.9
    )
    reviewer = token_client(user("reviewer"))
    assert put_json(reviewer, url, {"method": "mean", "reason": "x"}).status_code == 403


def test_the_office_assigns_and_takes_away_through_the_api(demo_round: Round, user: Any) -> None:
    expert = reviewer_of("500108")
    office = token_client(user("office"))
    url = f"/api/rounds/{demo_round.pk}/reviewers"
    own = post_json(office, url, {"reviewer": "expert", "unit": "500108"})
    assert own.status_code == 422 and own.json()["error"]["code"] == "review-conflict-own-unit"
    assert AuditEntry.objects.filter(action=Action.ASSIGN_REFUSED).exists()
    made = post_json(office, url, {"reviewer": "expert", "unit": "500107"})
    assert made.status_code == 200, made.content
    assert {"reviewer": "expert", "unit": "500107"}.items() <= made.json().items()
    assert any(a["reviewer"] == "expert" for a in office.get(url).json())
    unknown = post_json(office, url, {"reviewer": "nobody", "unit": "500107"})
    assert unknown.status_code == 404 and unknown.json()["error"]["field"] == "reviewer"
    assert office.delete(f"{url}/expert/500107").status_code == 204
    assert not ReviewerAssignment.objects.filter(reviewer=expert).exists()
    assert office.delete(f"{url}/expert/500107").status_code == 404
    assert token_client(user("reviewer")).get(url).status_code == 403


def test_a_declared_conflict_ends_the_assignment_and_can_be_withdrawn(demo_round: Round, user: Any) -> None:
    office = token_client(user("office"))
    refused = post_json(
        office, "/api/reviewers/conflicts", {"reviewer": "reviewer", "unit": UNIT, "reason": ""}
    )
    assert refused.status_code == 422 and refused.json()["error"]["field"].endswith("reason")
    not_reviewer = post_json(
        office, "/api/reviewers/conflicts", {"reviewer": "jiangbei", "unit": UNIT, "reason": "x"}
    )
    assert (
        not_reviewer.status_code == 422
        and not_reviewer.json()["error"]["code"] == "review-not-a-reviewer-role"
    )
    declared = post_json(
        office, "/api/reviewers/conflicts", {"reviewer": "reviewer", "unit": UNIT, "reason": "曾在该区任职"}
    )
    assert declared.status_code == 200, declared.content
    body = declared.json()
    assert body["conflict"]["reason"] == "曾在该区任职"
    assert [(a["round"], a["unit"]) for a in body["ended"]] == [(demo_round.pk, UNIT)]
    assert not ReviewerAssignment.objects.filter(
        round=demo_round, reviewer__username="reviewer", unit_id=UNIT
    )
    again = post_json(
        office, f"/api/rounds/{demo_round.pk}/reviewers", {"reviewer": "reviewer", "unit": UNIT}
    )
    assert again.status_code == 422 and again.json()["error"]["code"] == "review-conflict-declared"
    listed = office.get("/api/reviewers/conflicts").json()
    assert [(c["reviewer"], c["unit"]) for c in listed] == [("reviewer", UNIT)]
    assert office.delete(f"/api/reviewers/conflicts/{body['conflict']['id']}").status_code == 204
    assert not ConflictOfInterest.objects.exists()
    assert office.delete(f"/api/reviewers/conflicts/{body['conflict']['id']}").status_code == 404
    made = post_json(office, f"/api/rounds/{demo_round.pk}/reviewers", {"reviewer": "reviewer", "unit": UNIT})
    assert made.status_code == 200


def test_the_office_declares_and_withdraws_a_conflict_on_the_assignment_page(demo_round: Round) -> None:
    office = login("office")
    url = reverse("review_assignments", args=[demo_round.pk])
    reviewer = ReviewerAssignment.objects.filter(round=demo_round, unit_id=UNIT).first()
    assert reviewer is not None
    form = {"action": "declare", "reviewer": reviewer.reviewer_id, "unit": UNIT}
    empty = office.post(url, {**form, "reason": "  "}, follow=True).content.decode()
    assert "回避声明" in empty and "理由" in empty and not ConflictOfInterest.objects.exists()
    page = office.post(url, {**form, "reason": "其配偶在该区教委任职"}, follow=True).content.decode()
    assert "已记录回避声明" in page and "其配偶在该区教委任职" in page
    assert "已取消该专家对回避单位的分配" in page
    assert not ReviewerAssignment.objects.filter(round=demo_round, unit_id=UNIT, reviewer=reviewer.reviewer)
    conflict = ConflictOfInterest.objects.get()
    page = office.post(url, {"action": "withdraw", "conflict": conflict.pk}, follow=True).content.decode()
    assert "已撤销回避声明" in page and not ConflictOfInterest.objects.exists()
    gone = office.post(url, {"action": "withdraw", "conflict": conflict.pk}, follow=True).content.decode()
    assert "没有这项回避声明" in gone
    entries = AuditEntry.objects.filter(target="conflict").order_by("id")
    assert [bool(e.after) for e in entries] == [True, False]  # declared, then withdrawn
    assert json.dumps(entries[0].after, ensure_ascii=False).count("其配偶在该区教委任职") == 1
