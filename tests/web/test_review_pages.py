"""The review pages: the office assigns reviewers (conflicts refused), a reviewer reviews an
assigned unit, the office reconciles and sets final scores; who may reach which page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from dudao.store.accounts.models import Profile, Role, Unit
from dudao.store.audit.models import Action, AuditEntry
from dudao.store.entry.models import BonusRecord, ReturnedField
from dudao.store.review.models import FinalScore, ItemReview, Reconciliation
from dudao.store.rounds.models import ReviewerAssignment, Round, RoundUnit, Status
from tests.web.conftest import login

UNIT, RUBRIC, DATA_ITEM = "500104", "A1.2.1", "A1.1.1"


def test_the_reviewer_sees_their_queue_and_only_assigned_units(demo_round: Round) -> None:
    client = login("reviewer")
    page = client.get(f"/rounds/{demo_round.pk}/review/")
    assert page.status_code == 200 and "我的评审任务" in page.content.decode()
    assert UNIT in page.content.decode() and "500107" not in page.content.decode()
    assert client.get(f"/rounds/{demo_round.pk}/review/{UNIT}/").status_code == 200
    assert client.get(f"/rounds/{demo_round.pk}/review/500107/").status_code == 403
    assert client.get(f"/rounds/{demo_round.pk}/final/{UNIT}/").status_code in (302, 403)
    assert client.get(f"/rounds/{demo_round.pk}/reviewers/").status_code in (302, 403)


def test_units_and_the_office_cannot_review(demo_round: Round) -> None:
    assert login("jiangbei").get(f"/rounds/{demo_round.pk}/review/500105/").status_code == 403
    assert login("yuzhong").get(f"/rounds/{demo_round.pk}/final/500103/").status_code == 403
    assert login("office").get(f"/rounds/{demo_round.pk}/review/{UNIT}/").status_code == 403


def test_a_reviewer_records_a_level_cuts_a_bonus_and_returns_an_item(demo_round: Round, user: Any) -> None:
    client = login("reviewer")
    url = f"/rounds/{demo_round.pk}/review/{UNIT}/"
    page = client.get(url).content.decode()
    assert f'id="item-{RUBRIC}"' in page and 'for="level-A1.2.1"' in page
    client.post(
        url, {"item": RUBRIC, "action": "score", "level": "良", "points": "", "reason": "个别环节待完善"}
    )
    assert ItemReview.objects.get(round=demo_round, unit_id=UNIT, item=RUBRIC).level == "良"
    refused = client.post(
        url, {"item": "J2", "action": "bonus", "accepted": "0.5", "reason": ""}, follow=True
    )
    assert "核减加分的理由" in refused.content.decode()
    client.post(url, {"item": "J2", "action": "bonus", "accepted": "0.5", "reason": "只有一份通报"})
    assert BonusRecord.objects.get(round=demo_round, unit_id=UNIT, item="J2").accepted == 0.5
    client.post(url, {"item": DATA_ITEM, "action": "flag", "note": "与去年差异大"})
    client.post(url, {"item": DATA_ITEM, "action": "return", "reason": "请补充原始台账"})
    entry = RoundUnit.objects.get(round=demo_round, unit_id=UNIT)
    assert entry.status == Status.RETURNED
    assert ReturnedField.objects.filter(entry=entry, field=f"evidence:{DATA_ITEM}").exists()
    page = client.get(url).content.decode()
    assert "请补充原始台账" in page


def test_a_review_score_without_its_reason_is_refused_on_the_page(demo_round: Round) -> None:
    client = login("reviewer")
    url = f"/rounds/{demo_round.pk}/review/{UNIT}/"
    response = client.post(
        url, {"item": DATA_ITEM, "action": "score", "points": "0.3", "reason": ""}, follow=True
    )
    assert "请写明理由" in response.content.decode() or "理由" in response.content.decode()
    assert not ItemReview.objects.filter(round=demo_round, unit_id=UNIT, item=DATA_ITEM).exists()


def test_the_office_assigns_a_reviewer_and_a_conflict_is_refused_and_audited(demo_round: Round) -> None:
    expert = get_user_model().objects.create_user("expert-yz")
    Profile.objects.create(user=expert, role=Role.REVIEWER, unit=Unit.objects.get(code="500107"))
    client = login("office")
    url = f"/rounds/{demo_round.pk}/reviewers/"
    assert client.get(url).status_code == 200
    refused = client.post(url, {"reviewer": expert.pk, "unit": "500107"}, follow=True)
    assert "回避" in refused.content.decode()
    assert not ReviewerAssignment.objects.filter(reviewer=expert).exists()
    assert AuditEntry.objects.filter(action=Action.ASSIGN_REFUSED).latest("id").after["unit"] == "500107"
    client.post(url, {"reviewer": expert.pk, "unit": "500108"})
    assert ReviewerAssignment.objects.filter(reviewer=expert, unit_id="500108").exists()


def test_the_office_reconciles_and_sets_final_scores(demo_round: Round, user: Any) -> None:
    reviewer = login("reviewer")
    reviewer.post(
        f"/rounds/{demo_round.pk}/review/{UNIT}/",
        {"item": RUBRIC, "action": "score", "level": "良", "reason": "较好"},
    )
    client = login("office")
    url = f"/rounds/{demo_round.pk}/final/{UNIT}/"
    page = client.get(url)
    assert page.status_code == 200 and "合议与认定" in page.content.decode()
    client.post(url, {"item": RUBRIC, "action": "reconcile", "reviewer": "reviewer", "reason": "采用其意见"})
    assert Reconciliation.objects.get(round=demo_round, unit_id=UNIT, item=RUBRIC).method == "chosen"
    refused = client.post(
        url, {"item": RUBRIC, "action": "final", "points": "0.3", "reason": ""}, follow=True
    )
    assert "理由" in refused.content.decode()
    client.post(url, {"item": RUBRIC, "action": "final", "points": "0.3", "reason": "核查不实"})
    assert FinalScore.objects.get(round=demo_round, unit_id=UNIT, item=RUBRIC).points == 0.3
    client.post(url, {"action": "confirm"})
    assert FinalScore.objects.filter(round=demo_round, unit_id=UNIT).count() > 1
    page = client.get(url).content.decode()
    assert "核查不实" in page
