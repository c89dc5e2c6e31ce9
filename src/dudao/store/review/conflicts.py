"""Assigning reviewers to units, refusing conflicts of interest (回避).

A reviewer may not review their own unit: the unit of their profile is the unit, lies above it
(a city reviewer and one of its districts) or within it (a school of the district); nor a unit
they declared a conflict with. A refused assignment is audited, then refused.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from dudao.store.accounts.models import Role, Unit
from dudao.store.audit.models import Action, record
from dudao.store.review.models import ConflictOfInterest
from dudao.store.review.refusals import ReviewRefused, refuse
from dudao.store.rounds.models import ReviewerAssignment, Round


def conflict_of(reviewer: Any, unit: Unit) -> ReviewRefused | None:
    """Why ``reviewer`` may not review ``unit`` (a refusal to raise), or None."""
    name = reviewer.get_username()
    profile = getattr(reviewer, "profile", None)
    if profile is None or profile.role != Role.REVIEWER:
        return refuse("review-not-a-reviewer-role", "reviewer", unit=unit.code, user=name)
    own = profile.unit
    if own is not None and (unit.is_within(own) or own.is_within(unit)):
        return refuse("review-conflict-own-unit", "reviewer", unit=unit.code, reviewer=name, own=str(own))
    declared = ConflictOfInterest.objects.filter(reviewer=reviewer, unit__code__in=_line_of(unit)).first()
    if declared is not None:
        return refuse(
            "review-conflict-declared", "reviewer", unit=unit.code, reviewer=name, reason=declared.reason
        )
    return None


def _line_of(unit: Unit) -> list[str]:
    """The unit and every unit above it: a conflict with a district covers its schools."""
    return [code for code in unit.path.strip("/").split("/") if code]


def assign_reviewer(
    round: Round, reviewer: Any, unit_code: str, *, by: Any, address: str = ""
) -> ReviewerAssignment:
    """Assign ``reviewer`` to review ``unit_code`` in the round; a conflict is audited and refused."""
    unit = Unit.objects.get(code=unit_code)
    refusal = conflict_of(reviewer, unit)
    after = {"round": round.pk, "reviewer": reviewer.get_username(), "unit": unit.code}
    if refusal is not None:
        with transaction.atomic():
            record(
                by,
                Action.ASSIGN_REFUSED,
                round=round,
                unit=unit,
                target="reviewer",
                address=address,
                after={**after, "refused": refusal.code, "why": refusal.message},
            )
        raise refusal
    if ReviewerAssignment.objects.filter(round=round, reviewer=reviewer, unit=unit).exists():
        raise refuse("review-already-assigned", "reviewer", unit=unit.code, reviewer=reviewer.get_username())
    with transaction.atomic():
        made = ReviewerAssignment.objects.create(round=round, reviewer=reviewer, unit=unit)
        record(by, Action.PERMISSION, round=round, unit=unit, target="reviewer", address=address, after=after)
    return made


def unassign_reviewer(round: Round, reviewer: Any, unit_code: str, *, by: Any, address: str = "") -> bool:
    """Take the unit away from the reviewer; whether there was an assignment."""
    with transaction.atomic():
        found = ReviewerAssignment.objects.filter(round=round, reviewer=reviewer, unit_id=unit_code).first()
        if found is None:
            return False
        before = {"round": round.pk, "reviewer": reviewer.get_username(), "unit": unit_code}
        found.delete()
        record(
            by,
            Action.PERMISSION,
            round=round,
            unit=found.unit,
            target="reviewer",
            address=address,
            before=before,
        )
    return True


def declare_conflict(
    reviewer: Any, unit_code: str, *, reason: str, by: Any, address: str = ""
) -> tuple[ConflictOfInterest, list[ReviewerAssignment]]:
    """Record that ``reviewer`` must not review ``unit_code`` (and the units under it).

    The reviewer's assignments to those units in rounds not yet closed are taken away (each
    audited), since a conflict found after the assignment must end it; they are returned.
    """
    text = reason.strip()
    if not text:
        raise refuse(
            "review-reason-empty",
            "reason",
            unit=unit_code,
            what_zh="回避声明",
            what_en="conflict of interest",
        )
    unit = Unit.objects.get(code=unit_code)
    profile = getattr(reviewer, "profile", None)
    if profile is None or profile.role != Role.REVIEWER:
        raise refuse("review-not-a-reviewer-role", "reviewer", unit=unit.code, user=reviewer.get_username())
    with transaction.atomic():
        made, _ = ConflictOfInterest.objects.update_or_create(
            reviewer=reviewer, unit=unit, defaults={"reason": text}
        )
        record(
            by,
            Action.PERMISSION,
            unit=unit,
            target="conflict",
            address=address,
            after={"reviewer": reviewer.get_username(), "unit": unit.code, "reason": text},
        )
        ended = list(
            ReviewerAssignment.objects.filter(reviewer=reviewer, unit__path__startswith=unit.path)
            .exclude(round__state=Round.State.CLOSED)
            .select_related("round", "unit")
            .defer("round__results")
        )
        for assignment in ended:
            unassign_reviewer(assignment.round, reviewer, assignment.unit_id, by=by, address=address)
    return made, ended


def withdraw_conflict(conflict: ConflictOfInterest, *, by: Any, address: str = "") -> None:
    """Withdraw a declared conflict: the reviewer may be assigned to the unit again."""
    with transaction.atomic():
        record(
            by,
            Action.PERMISSION,
            unit=conflict.unit,
            target="conflict",
            address=address,
            before={
                "reviewer": conflict.reviewer.get_username(),
                "unit": conflict.unit_id,
                "reason": conflict.reason,
            },
        )
        conflict.delete()
