"""Who reviews what, through the API: the office assigns reviewers to a round's units and records
the conflicts of interest (回避) that forbid an assignment.

An assignment to the reviewer's own unit, or to a unit they declared a conflict with, is refused
(422, audited); declaring a conflict ends the reviewer's assignments to that unit in rounds not
yet closed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from dudao.store.review.conflicts import (
    assign_reviewer,
    declare_conflict,
    unassign_reviewer,
    withdraw_conflict,
)
from dudao.store.review.models import ConflictOfInterest
from dudao.store.rounds.models import ReviewerAssignment
from dudao.web.access import Do, authorize
from dudao.web.api.errors import ApiError
from dudao.web.api.schemas import WRITE_ERRORS, answers
from dudao.web.api.scope import address_of, load_unit, round_for

router = Router(tags=["review"])


class AssignmentIn(Schema):
    reviewer: str
    unit: str


class AssignmentOut(Schema):
    round: int
    reviewer: str
    unit: str
    unit_name: str


class ConflictIn(Schema):
    reviewer: str
    unit: str
    reason: str


class ConflictOut(Schema):
    id: int
    reviewer: str
    unit: str
    unit_name: str
    reason: str
    declared_at: datetime


class DeclaredOut(Schema):
    conflict: ConflictOut
    ended: list[AssignmentOut]


def _reviewer(username: str) -> Any:
    found = get_user_model().objects.filter(username=username).first()
    if found is None:
        raise ApiError(404, "not_found", _("没有这个用户：%(name)s") % {"name": username}, field="reviewer")
    return found


def _assignment_out(assignment: ReviewerAssignment) -> AssignmentOut:
    return AssignmentOut(
        round=assignment.round_id,
        reviewer=assignment.reviewer.get_username(),
        unit=assignment.unit_id,
        unit_name=assignment.unit.name,
    )


def _conflict_out(conflict: ConflictOfInterest) -> ConflictOut:
    return ConflictOut(
        id=conflict.pk,
        reviewer=conflict.reviewer.get_username(),
        unit=conflict.unit_id,
        unit_name=conflict.unit.name,
        reason=conflict.reason,
        declared_at=conflict.declared_at,
    )


@router.get(
    "rounds/{round_id}/reviewers",
    response=answers(list[AssignmentOut]),
    summary="评审专家分配 (Reviewer assignments)",
    description="轮次中每位评审专家所评审的单位。(Which units each reviewer reviews in the round.)",
)
def list_assignments(request: HttpRequest, round_id: int) -> list[AssignmentOut]:
    round = round_for(request, Do.RUN_ROUNDS, round_id)
    found = ReviewerAssignment.objects.filter(round=round).select_related("reviewer", "unit")
    return [_assignment_out(a) for a in found.order_by("unit_id", "reviewer__username")]


@router.post(
    "rounds/{round_id}/reviewers",
    response=answers(AssignmentOut, WRITE_ERRORS),
    summary="分配评审专家 (Assign a reviewer)",
    description="把轮次中的一个被评价单位分配给一位评审专家；专家本人所在单位（及上下级）和已声明回避的单位"
    "被拒绝（422），拒绝记入审计日志。(Assigns a unit of the round to a reviewer; their own unit, a unit "
    "above or under it, and a unit they declared a conflict with are refused with 422 and audited.)",
)
def post_assignment(request: HttpRequest, round_id: int, payload: AssignmentIn) -> AssignmentOut:
    round = round_for(request, Do.RUN_ROUNDS, round_id)
    reviewer, unit = _reviewer(payload.reviewer), load_unit(payload.unit)
    if not round.entries.filter(unit=unit).exists():
        raise ApiError(
            422,
            "review-unit-not-in-round",
            _("单位 %(code)s 不是本轮次的被评价单位") % {"code": unit.code},
            field="unit",
        )
    made = assign_reviewer(round, reviewer, unit.code, by=request.user, address=address_of(request))
    return _assignment_out(made)


@router.delete(
    "rounds/{round_id}/reviewers/{reviewer}/{code}",
    response=answers(None, frozenset({401, 403, 404}), status=204),
    summary="取消分配 (Take an assignment away)",
    description="取消一位评审专家对一个单位的分配；没有这项分配时 404。"
    "(Takes a unit away from a reviewer; 404 where there is no such assignment.)",
)
def delete_assignment(request: HttpRequest, round_id: int, reviewer: str, code: str) -> Status[None]:
    round = round_for(request, Do.RUN_ROUNDS, round_id)
    if not unassign_reviewer(round, _reviewer(reviewer), code, by=request.user, address=address_of(request)):
        missing = _("没有这项分配：%(who)s · %(code)s") % {"who": reviewer, "code": code}
        raise ApiError(404, "not_found", missing)
    return Status(204, None)


@router.get(
    "reviewers/conflicts",
    response=answers(list[ConflictOut]),
    summary="回避声明 (Declared conflicts of interest)",
    description="所有评审专家已声明的回避单位及原因。(Every reviewer's declared conflicts, with reasons.)",
)
def list_conflicts(request: HttpRequest) -> list[ConflictOut]:
    authorize(request.user, Do.RUN_ROUNDS)
    found = ConflictOfInterest.objects.select_related("reviewer", "unit")
    return [_conflict_out(c) for c in found.order_by("reviewer__username", "unit_id")]


@router.post(
    "reviewers/conflicts",
    response=answers(DeclaredOut, WRITE_ERRORS),
    summary="记录回避声明 (Declare a conflict of interest)",
    description="记录评审专家须回避的单位（及其下属单位）与原因；该专家在未关闭轮次中对这些单位的分配随即取消，"
    "并在 ended 中列出。(Records that a reviewer must not review a unit and the units under it, with the "
    "reason; their assignments to those units in rounds not yet closed end and are listed in ended.)",
)
def post_conflict(request: HttpRequest, payload: ConflictIn) -> DeclaredOut:
    authorize(request.user, Do.RUN_ROUNDS)
    reviewer, unit = _reviewer(payload.reviewer), load_unit(payload.unit)
    made, ended = declare_conflict(
        reviewer, unit.code, reason=payload.reason, by=request.user, address=address_of(request)
    )
    return DeclaredOut(conflict=_conflict_out(made), ended=[_assignment_out(a) for a in ended])


@router.delete(
    "reviewers/conflicts/{conflict_id}",
    response=answers(None, frozenset({401, 403, 404}), status=204),
    summary="撤销回避声明 (Withdraw a conflict of interest)",
    description="撤销一项回避声明，之后可以再分配该专家评审该单位。"
    "(Withdraws a declared conflict; the reviewer may then be assigned to the unit again.)",
)
def delete_conflict(request: HttpRequest, conflict_id: int) -> Status[None]:
    authorize(request.user, Do.RUN_ROUNDS)
    found = ConflictOfInterest.objects.select_related("reviewer", "unit").filter(pk=conflict_id).first()
    if found is None:
        raise ApiError(
            404, "not_found", _("没有这项回避声明：%(id)s") % {"id": conflict_id}, field="conflict_id"
        )
    withdraw_conflict(found, by=request.user, address=address_of(request))
    return Status(204, None)
