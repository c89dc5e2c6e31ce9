"""A reviewer is not assigned to their own unit, nor to one they declared a conflict with; the
refusal is audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from dudao.store.accounts.models import Profile, Role, Unit
from dudao.store.audit.models import Action, AuditEntry
from dudao.store.review.conflicts import assign_reviewer, declare_conflict, unassign_reviewer
from dudao.store.review.refusals import ReviewRefused
from dudao.store.rounds.models import ReviewerAssignment, Round


def reviewer_of(unit: str | None, name: str = "expert") -> Any:
    made = get_user_model().objects.create_user(name)
    Profile.objects.create(user=made, role=Role.REVIEWER, unit=Unit.objects.get(code=unit) if unit else None)
    return made


def refused_entry() -> AuditEntry:
    return AuditEntry.objects.filter(action=Action.ASSIGN_REFUSED).latest("id")


def test_an_assignment_is_made_and_audited(demo_round: Round, office: Any) -> None:
    expert = reviewer_of("500108")
    assign_reviewer(demo_round, expert, "500107", by=office)
    assert ReviewerAssignment.objects.filter(round=demo_round, reviewer=expert, unit_id="500107").exists()
    entry = AuditEntry.objects.filter(action=Action.PERMISSION, target="reviewer").latest("id")
    assert entry.after == {"round": demo_round.pk, "reviewer": "expert", "unit": "500107"}
    with pytest.raises(ReviewRefused) as refused:
        assign_reviewer(demo_round, expert, "500107", by=office)
    assert refused.value.code == "review-already-assigned"
    assert unassign_reviewer(demo_round, expert, "500107", by=office)
    assert not ReviewerAssignment.objects.filter(round=demo_round, reviewer=expert).exists()


@pytest.mark.parametrize("own", ["500107", "500000"])
def test_the_reviewers_own_unit_or_one_under_it_is_refused_and_audited(
    demo_round: Round, office: Any, own: str
) -> None:
    expert = reviewer_of(own)
    with pytest.raises(ReviewRefused) as refused:
        assign_reviewer(demo_round, expert, "500107", by=office)
    assert refused.value.code == "review-conflict-own-unit"
    assert "回避" in refused.value.message
    assert not ReviewerAssignment.objects.filter(reviewer=expert).exists()
    entry = refused_entry()
    assert entry.user == office and entry.after["refused"] == "review-conflict-own-unit"
    assert entry.after["unit"] == "500107"


def test_a_reviewer_from_a_school_of_the_unit_is_refused(demo_round: Round, office: Any) -> None:
    school = Unit.objects.filter(parent_id="500107", level="school").first()
    assert school is not None
    expert = reviewer_of(school.code)
    with pytest.raises(ReviewRefused) as refused:
        assign_reviewer(demo_round, expert, "500107", by=office)
    assert refused.value.code == "review-conflict-own-unit"


def test_a_declared_conflict_is_refused_and_audited(demo_round: Round, office: Any) -> None:
    expert = reviewer_of(None)
    declare_conflict(expert, "500107", reason="曾在该区教委任职", by=office)
    with pytest.raises(ReviewRefused) as refused:
        assign_reviewer(demo_round, expert, "500107", by=office)
    assert refused.value.code == "review-conflict-declared"
    assert "曾在该区教委任职" in refused.value.message
    assert refused_entry().after["refused"] == "review-conflict-declared"
    assign_reviewer(demo_round, expert, "500108", by=office)  # another unit is fine


def test_an_account_that_is_not_a_reviewer_is_refused(demo_round: Round, office: Any, user: Any) -> None:
    with pytest.raises(ReviewRefused) as refused:
        assign_reviewer(demo_round, user("jiangbei"), "500107", by=office)
    assert refused.value.code == "review-not-a-reviewer-role"
    assert refused_entry().after["reviewer"] == "jiangbei"
