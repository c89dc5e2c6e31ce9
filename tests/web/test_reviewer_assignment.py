"""Assigning a reviewer to a unit opens that unit to them, and is audited as a permission change."""

from __future__ import annotations

from typing import Any

from dudao.store.accounts.models import Unit
from dudao.store.audit.models import Action, AuditEntry
from dudao.store.rounds.models import ReviewerAssignment, Round
from dudao.web.access import Do, can
from tests.web.conftest import login


def test_an_assignment_made_in_the_admin_opens_the_unit_and_is_audited(demo_round: Round, user: Any) -> None:
    reviewer = user("reviewer")
    jiangbei = Unit.objects.get(code="500105")
    assert not can(reviewer, Do.SEE_UNIT, round=demo_round, unit=jiangbei)
    response = login("admin").post(
        "/admin/rounds/reviewerassignment/add/",
        {"round": demo_round.pk, "reviewer": reviewer.pk, "unit": "500105"},
    )
    assert response.status_code == 302, response.content[:500]
    assert ReviewerAssignment.objects.filter(round=demo_round, reviewer=reviewer, unit=jiangbei).exists()
    assert can(reviewer, Do.SEE_UNIT, round=demo_round, unit=jiangbei)
    entry = AuditEntry.objects.filter(action=Action.PERMISSION, target="reviewer").latest("id")
    assert entry.before is None and entry.after == {
        "round": demo_round.pk,
        "reviewer": "reviewer",
        "unit": "500105",
    }


def test_removing_it_closes_the_unit_again(demo_round: Round, user: Any) -> None:
    assignment = ReviewerAssignment.objects.get(
        round=demo_round, reviewer__username="reviewer", unit_id="500103"
    )
    response = login("admin").post(
        f"/admin/rounds/reviewerassignment/{assignment.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 302
    assert not can(user("reviewer"), Do.SEE_UNIT, round=demo_round, unit=Unit.objects.get(code="500103"))
    entry = AuditEntry.objects.filter(action=Action.PERMISSION, target="reviewer").latest("id")
    assert entry.after is None and entry.before == {
        "round": demo_round.pk,
        "reviewer": "reviewer",
        "unit": "500103",
    }


def test_the_office_cannot_assign_in_the_admin(demo_round: Round) -> None:
    response = login("office").get("/admin/rounds/reviewerassignment/add/")
    assert response.status_code == 302 and "/login/" in response["Location"]
