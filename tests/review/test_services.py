"""Reviewers' scores, levels, bonus decisions, flags and returns; reconciliation and final scores."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model

from dudao.store.accounts.models import Profile, Role
from dudao.store.audit.models import Action, AuditEntry
from dudao.store.entry.models import BonusRecord, ReturnedField, ReviewedLevel, SelfScore
from dudao.store.review import services
from dudao.store.review.models import ScoreChange
from dudao.store.review.refusals import ReviewRefused
from dudao.store.review.scores import computed_points
from dudao.store.rounds.models import ReviewerAssignment, Round, RoundUnit, Status

SUBMITTED = "500104"  # assigned to the demo reviewer, submitted
RUBRIC = "A1.2.1"  # 1.5 points; 优 良 中 差
DATA_ITEM = "A1.1.1"  # threshold, 1 point


def second_reviewer(round: Round, unit: str = SUBMITTED) -> Any:
    made = get_user_model().objects.create_user("reviewer2", password="x")
    Profile.objects.create(user=made, role=Role.REVIEWER)
    ReviewerAssignment.objects.create(round=round, reviewer=made, unit_id=unit)
    return made


def test_the_demo_unit_is_submitted(demo_round: Round) -> None:
    assert RoundUnit.objects.get(round=demo_round, unit_id=SUBMITTED).status == Status.SUBMITTED


def test_a_level_is_recorded_scored_logged_and_audited(demo_round: Round, reviewer: Any) -> None:
    services.set_level(demo_round, SUBMITTED, RUBRIC, by=reviewer, level="中", reason="落实不够")
    assert ReviewedLevel.objects.get(round=demo_round, unit_id=SUBMITTED, item=RUBRIC).level == "中"
    # the engine scores the level: 中 is 0.6 of 1.5 points
    assert computed_points(demo_round, SUBMITTED, RUBRIC) == pytest.approx(0.9)
    change = ScoreChange.objects.filter(round=demo_round, unit_id=SUBMITTED, item=RUBRIC).last()
    assert change is not None and change.after == pytest.approx(0.9) and change.level_after == "中"
    assert change.author == reviewer and change.author_name == reviewer.get_full_name()
    assert change.reason == "落实不够" and change.source == "reviewer"
    audit = AuditEntry.objects.filter(action=Action.REVIEW, target=f"review:{RUBRIC}").latest("id")
    assert audit.after["level"] == "中"


def test_a_score_unlike_the_computed_one_needs_a_reason(demo_round: Round, reviewer: Any) -> None:
    computed = computed_points(demo_round, SUBMITTED, DATA_ITEM)
    assert computed is not None
    other = 0.0 if computed else 1.0
    with pytest.raises(ReviewRefused) as refused:
        services.set_review_score(demo_round, SUBMITTED, DATA_ITEM, by=reviewer, points=other, reason="")
    problem = refused.value.problems[0]
    assert problem.code == "review-reason-needed"
    assert problem.location.field == f"{DATA_ITEM}.reason" and SUBMITTED in problem.location.file
    assert "理由" in problem.message_zh
    done = services.set_review_score(
        demo_round, SUBMITTED, DATA_ITEM, by=reviewer, points=computed, reason=""
    )
    assert done.points == computed


def test_a_score_unlike_the_self_score_needs_a_reason(demo_round: Round, reviewer: Any, user: Any) -> None:
    SelfScore.objects.update_or_create(
        round=demo_round, unit_id=SUBMITTED, item=RUBRIC, defaults={"level": "优"}
    )
    with pytest.raises(ReviewRefused) as refused:
        services.set_level(demo_round, SUBMITTED, RUBRIC, by=reviewer, level="良")
    assert "自评得分" in refused.value.message
    services.set_level(demo_round, SUBMITTED, RUBRIC, by=reviewer, level="优")


def test_out_of_range_points_and_unknown_items_and_levels_are_refused(
    demo_round: Round, reviewer: Any
) -> None:
    cases = [
        (dict(item=DATA_ITEM, points=5.0), "review-points-range"),
        (dict(item="A9.9.9", points=0.0), "review-unknown-item"),
        (dict(item=RUBRIC, points=0.0, level="极好"), "review-bad-level"),
        (dict(item=DATA_ITEM, points=1.0, level="优"), "review-not-rubric"),
    ]
    for kwargs, code in cases:
        with pytest.raises(ReviewRefused) as refused:
            services.set_review_score(demo_round, SUBMITTED, by=reviewer, reason="x", **kwargs)  # type: ignore[arg-type]
        assert refused.value.code == code


def test_an_unassigned_reviewer_and_an_unsubmitted_unit_are_refused(demo_round: Round, reviewer: Any) -> None:
    with pytest.raises(ReviewRefused) as refused:
        services.set_review_score(demo_round, "500107", DATA_ITEM, by=reviewer, points=1.0, reason="x")
    assert refused.value.code == "review-not-assigned"
    with pytest.raises(ReviewRefused) as refused:
        services.set_review_score(demo_round, "500105", DATA_ITEM, by=reviewer, points=1.0, reason="x")
    assert refused.value.code == "review-not-submitted"


def test_a_finding_needs_no_assignment(demo_round: Round, office: Any) -> None:
    review = services.set_review_score(
        demo_round,
        "500107",
        DATA_ITEM,
        by=office,
        points=0.0,
        reason="实地核查：设施未达标",
        source="finding",
    )
    assert review.source == "finding"
    assert ScoreChange.objects.filter(item=DATA_ITEM, unit_id="500107", source="finding").exists()


def test_a_cut_bonus_needs_a_reason_and_counts_the_accepted_points(demo_round: Round, reviewer: Any) -> None:
    claim = BonusRecord.objects.get(round=demo_round, unit_id=SUBMITTED, item="J2")
    with pytest.raises(ReviewRefused) as refused:
        services.decide_bonus(demo_round, SUBMITTED, "J2", by=reviewer, accepted=0.5)
    assert refused.value.code == "review-reason-empty"
    with pytest.raises(ReviewRefused) as refused:
        services.decide_bonus(
            demo_round, SUBMITTED, "J2", by=reviewer, accepted=claim.claimed + 1, reason="x"
        )
    assert refused.value.code == "review-bonus-range"
    services.decide_bonus(demo_round, SUBMITTED, "J2", by=reviewer, accepted=0.5, reason="佐证只支持一半")
    claim.refresh_from_db()
    assert claim.accepted == 0.5
    from dudao.store.review.scores import unit_result

    result = unit_result(demo_round, SUBMITTED)
    assert result is not None
    assert {b.code: b.accepted for b in result.bonus_items}["J2"] == 0.5


def test_requesting_evidence_returns_the_item_to_the_unit(demo_round: Round, reviewer: Any) -> None:
    services.request_evidence(demo_round, SUBMITTED, RUBRIC, by=reviewer, reason="请补充会议纪要")
    entry = RoundUnit.objects.get(round=demo_round, unit_id=SUBMITTED)
    assert entry.status == Status.RETURNED
    returned = ReturnedField.objects.get(entry=entry, field=f"evidence:{RUBRIC}")
    assert returned.reason == "请补充会议纪要" and returned.returned_by == reviewer
    # a second request while returned adds the item to the open returns
    services.request_evidence(demo_round, SUBMITTED, DATA_ITEM, by=reviewer, reason="请补充文件")
    assert set(entry.returned_fields.values_list("field", flat=True)) == {
        f"evidence:{RUBRIC}",
        f"evidence:{DATA_ITEM}",
    }
    with pytest.raises(ReviewRefused):
        services.request_evidence(demo_round, SUBMITTED, DATA_ITEM, by=reviewer, reason=" ")


def test_a_flag_is_kept_with_its_note(demo_round: Round, reviewer: Any) -> None:
    review = services.flag_item(demo_round, SUBMITTED, DATA_ITEM, by=reviewer, note="数值与去年差异过大")
    assert review.flagged and review.flag_note == "数值与去年差异过大"
    assert AuditEntry.objects.filter(target=f"flag:{DATA_ITEM}").exists()


def test_reconciling_two_reviewers_by_mean_or_by_choice(
    demo_round: Round, reviewer: Any, office: Any
) -> None:
    other = second_reviewer(demo_round)
    services.set_level(demo_round, SUBMITTED, RUBRIC, by=reviewer, level="优", reason="很好")
    services.set_level(demo_round, SUBMITTED, RUBRIC, by=other, level="中", reason="一般")
    # reviewers disagree: no level counts until reconciled
    assert not ReviewedLevel.objects.filter(round=demo_round, unit_id=SUBMITTED, item=RUBRIC).exists()
    with pytest.raises(ReviewRefused):
        services.reconcile(demo_round, SUBMITTED, RUBRIC, by=office, method="mean", reason="")
    mean = services.reconcile(
        demo_round, SUBMITTED, RUBRIC, by=office, method="mean", reason="两位专家取平均"
    )
    assert mean.points == pytest.approx((1.5 + 0.9) / 2)
    assert services.default_final(demo_round, SUBMITTED, RUBRIC) == pytest.approx(1.2)
    chosen = services.reconcile(
        demo_round, SUBMITTED, RUBRIC, by=office, method="chosen", reviewer=other, reason="王专家核查更细"
    )
    assert chosen.points == pytest.approx(0.9) and chosen.level == "中"
    assert ReviewedLevel.objects.get(round=demo_round, unit_id=SUBMITTED, item=RUBRIC).level == "中"
    stranger = get_user_model().objects.create_user("nobody")
    with pytest.raises(ReviewRefused) as refused:
        services.reconcile(
            demo_round, SUBMITTED, RUBRIC, by=office, method="chosen", reviewer=stranger, reason="x"
        )
    assert refused.value.code == "review-not-a-reviewer"
    sources = list(
        ScoreChange.objects.filter(round=demo_round, unit_id=SUBMITTED, item=RUBRIC).values_list(
            "source", flat=True
        )
    )
    assert sources == ["reviewer", "reviewer", "reconciliation", "reconciliation"]


def test_final_scores_default_to_the_review_and_need_a_reason_to_differ(
    demo_round: Round, reviewer: Any, office: Any
) -> None:
    services.set_level(demo_round, SUBMITTED, RUBRIC, by=reviewer, level="良", reason="较好")
    with pytest.raises(ReviewRefused) as refused:
        services.set_final_score(demo_round, SUBMITTED, RUBRIC, by=office, points=0.3)
    assert refused.value.code == "review-reason-needed"
    services.set_final_score(demo_round, SUBMITTED, RUBRIC, by=office, points=0.3, reason="核查发现材料不实")
    assert any((u, i) == (SUBMITTED, RUBRIC) for u, i in services.missing_final_scores(demo_round)) is False
    assert (SUBMITTED, DATA_ITEM) in services.missing_final_scores(demo_round)


def test_no_final_score_is_missing_once_every_submitted_unit_is_confirmed(
    demo_round: Round, office: Any
) -> None:
    submitted = RoundUnit.objects.filter(round=demo_round, status=Status.SUBMITTED).values_list(
        "unit_id", flat=True
    )
    missing = services.missing_final_scores(demo_round)
    assert {u for u, _ in missing} == set(submitted)
    for unit in submitted:
        services.confirm_final_scores(demo_round, unit, by=office)
    assert services.missing_final_scores(demo_round) == []


def test_the_change_log_is_append_only(demo_round: Round, reviewer: Any) -> None:
    from dudao.errors import AppendOnlyError

    services.set_level(demo_round, SUBMITTED, RUBRIC, by=reviewer, level="优", reason="好")
    change = ScoreChange.objects.filter(round=demo_round).last()
    assert change is not None
    with pytest.raises(AppendOnlyError):
        change.save()
    with pytest.raises(AppendOnlyError):
        ScoreChange.objects.filter(round=demo_round).delete()
