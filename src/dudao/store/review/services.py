"""Reviewing a round: reviewers' scores, levels, bonus decisions, flags and requests for evidence;
the office's reconciliation and final scores (认定).

Every write is one transaction with its audit entry and its line in the score change log.
Callers have passed :func:`dudao.web.access.authorize` (or are the field verification); what
is checked here is the unit's state, the item, the points and the reasons. A refusal raises
:class:`~dudao.store.review.refusals.ReviewRefused` with catalogued, located problems.
"""

from __future__ import annotations

from statistics import fmean
from typing import Any

from django.db import transaction

from dudao.engine.results import UnitResult
from dudao.store.audit.models import Action, record
from dudao.store.entry.models import ReturnedField
from dudao.store.entry.services import return_submission
from dudao.store.review import checks
from dudao.store.review.freeze import rescored
from dudao.store.review.log import log_change
from dudao.store.review.models import BonusDecision, FinalScore, ItemReview, Reconciliation
from dudao.store.review.projection import project_bonus, project_level, round_points
from dudao.store.review.refusals import refuse
from dudao.store.review.scores import computed_points, level_points, round_scheme, self_points, unit_result
from dudao.store.rounds.models import Round, RoundUnit, Status

SOURCES = ("reviewer", "finding", "office", "reconciliation")


def set_review_score(
    round: Round,
    unit_code: str,
    item: str,
    *,
    by: Any,
    points: float,
    reason: str,
    source: str = "reviewer",
    level: str | None = None,
    address: str = "",
) -> ItemReview:
    """Record ``by``'s review score of an item (and, for a rubric item, their level).

    A reason is needed where the points differ from the computed points (for a rubric item,
    those of the level given) or from the points of the unit's self-assessed level. A
    reviewer (``source="reviewer"``) must be assigned to the unit; a field finding
    (``source="finding"``) is recorded under its inspector's name.
    """
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}; known: {SOURCES}")
    checks.entry(round, unit_code)
    leaf = checks.leaf_item(round, unit_code, item)
    if source == "reviewer":
        checks.assigned(round, by, unit_code)
    if level:
        checks.check_level(unit_code, leaf, level)
    points = checks.points_in_range(unit_code, leaf, points)
    computed = level_points(leaf, level) if level else computed_points(round, unit_code, item)
    _, self_score = self_points(round, unit_code, leaf)
    checks.reason_for(
        unit_code,
        leaf,
        points,
        reason,
        [("计算得分", "computed points", computed), ("自评得分", "self score", self_score)],
    )
    with transaction.atomic():
        review, _ = ItemReview.objects.select_for_update().get_or_create(
            round=round, unit_id=unit_code, item=item, reviewer=by
        )
        before, level_before = review.points, review.level
        review.points, review.reason, review.source = points, reason.strip(), source
        if level is not None:
            review.level = level
        review.save()
        log_change(
            round,
            unit_code,
            item,
            layer="review",
            before=before,
            after=points,
            reason=reason.strip(),
            source=source,
            by=by,
            level_before=level_before,
            level_after=review.level,
        )
        record(
            by,
            Action.REVIEW,
            round=round,
            unit=review.unit,
            target=f"review:{item}",
            address=address,
            before={"points": before, "level": level_before},
            after={"points": points, "level": review.level, "reason": reason.strip(), "source": source},
        )
        project_level(round, unit_code, item)
        transaction.on_commit(lambda: rescored(round))
    return review


def set_level(
    round: Round, unit_code: str, item: str, *, by: Any, level: str, reason: str = "", address: str = ""
) -> ItemReview:
    """Record a reviewer's rubric level; their review score becomes the level's points."""
    leaf = checks.leaf_item(round, unit_code, item)
    checks.check_level(unit_code, leaf, level)
    points = level_points(leaf, level) or 0.0
    return set_review_score(
        round, unit_code, item, by=by, points=points, reason=reason, level=level, address=address
    )


def decide_bonus(
    round: Round, unit_code: str, item: str, *, by: Any, accepted: float, reason: str = "", address: str = ""
) -> BonusDecision:
    """Accept a bonus claim (in full, or cut with a reason: accepted below claimed)."""
    checks.entry(round, unit_code)
    checks.assigned(round, by, unit_code)
    claim = checks.claim(round, unit_code, item)
    if not (0 <= accepted <= claim.claimed + checks.SAME):
        raise refuse(
            "review-bonus-range",
            "accepted",
            unit=unit_code,
            item=item,
            accepted=f"{accepted:g}",
            claimed=f"{claim.claimed:g}",
        )
    if accepted < claim.claimed - checks.SAME:
        checks.need_reason(unit_code, item, reason, "核减加分", "cut of the bonus")
    with transaction.atomic():
        decision = BonusDecision.objects.filter(
            round=round, unit_id=unit_code, item=item, reviewer=by
        ).first()
        before = decision.accepted if decision else None
        decision, _ = BonusDecision.objects.update_or_create(
            round=round,
            unit_id=unit_code,
            item=item,
            reviewer=by,
            defaults={"claimed": claim.claimed, "accepted": float(accepted), "reason": reason.strip()},
        )
        log_change(
            round,
            unit_code,
            item,
            layer="review",
            before=before,
            after=float(accepted),
            reason=reason.strip() or "认定申请分值",
            source="reviewer",
            by=by,
        )
        record(
            by,
            Action.REVIEW,
            round=round,
            unit=claim.unit,
            target=f"bonus:{item}",
            address=address,
            before={"accepted": before},
            after={"claimed": claim.claimed, "accepted": accepted, "reason": reason},
        )
        project_bonus(round, unit_code, item)
        transaction.on_commit(lambda: rescored(round))
    return decision


def flag_item(
    round: Round, unit_code: str, item: str, *, by: Any, note: str, flagged: bool = True, address: str = ""
) -> ItemReview:
    """Mark (or clear) a doubtful value of an item, with a note saying what is doubted."""
    checks.entry(round, unit_code)
    checks.leaf_item(round, unit_code, item)
    checks.assigned(round, by, unit_code)
    if flagged:
        checks.need_reason(unit_code, item, note, "存疑", "doubt")
    with transaction.atomic():
        review, _ = ItemReview.objects.get_or_create(round=round, unit_id=unit_code, item=item, reviewer=by)
        before = {"flagged": review.flagged, "note": review.flag_note}
        review.flagged, review.flag_note = flagged, note.strip() if flagged else ""
        review.save(update_fields=["flagged", "flag_note", "updated_at"])
        record(
            by,
            Action.REVIEW,
            round=round,
            unit=review.unit,
            target=f"flag:{item}",
            address=address,
            before=before,
            after={"flagged": review.flagged, "note": review.flag_note},
        )
    return review


def request_evidence(
    round: Round, unit_code: str, item: str, *, by: Any, reason: str, address: str = ""
) -> RoundUnit:
    """Ask the unit for more evidence of an item: an item-level return (``evidence:<item>``) it
    sees, answers and resubmits, as when the office returns a field."""
    entry = checks.entry(round, unit_code)
    checks.leaf_item(round, unit_code, item)
    checks.assigned(round, by, unit_code)
    text = checks.need_reason(unit_code, item, reason, "补充佐证材料要求", "request for evidence")
    key = f"evidence:{item}"
    if entry.status == Status.SUBMITTED:
        return return_submission(by, round, entry.unit, {key: text}, address=address)
    with transaction.atomic():  # already returned: one more item is returned with the others
        entry = RoundUnit.objects.select_for_update().get(pk=entry.pk)
        ReturnedField.objects.create(entry=entry, field=key, reason=text, returned_by=by)
        record(
            by,
            Action.RETURN,
            round=round,
            unit=entry.unit,
            target=entry.unit.code,
            address=address,
            before={"status": entry.status},
            after={"status": entry.status, "fields": {key: text}},
        )
    return entry


def reconcile(
    round: Round,
    unit_code: str,
    item: str,
    *,
    by: Any,
    method: str,
    reason: str,
    reviewer: Any = None,
    address: str = "",
) -> Reconciliation:
    """The office reconciles the reviewers' scores of an item: their mean, or one reviewer's
    (``method="chosen"`` with ``reviewer``), always with a reason."""
    checks.entry(round, unit_code)
    checks.leaf_item(round, unit_code, item)
    text = checks.need_reason(unit_code, item, reason, "合议", "reconciliation")
    reviews = list(
        ItemReview.objects.filter(
            round=round, unit_id=unit_code, item=item, points__isnull=False
        ).select_related("reviewer")
    )
    if not reviews:
        raise refuse("review-nothing-to-reconcile", "item", unit=unit_code, item=item)
    if method == Reconciliation.Method.CHOSEN:
        picked = [r for r in reviews if reviewer is not None and r.reviewer_id == reviewer.pk]
        if not picked:
            known = "、".join(r.reviewer.get_username() for r in reviews)
            name = reviewer.get_username() if reviewer is not None else "（未选择）"
            raise refuse(
                "review-not-a-reviewer", "reviewer", unit=unit_code, item=item, reviewer=name, known=known
            )
        points, level = float(picked[0].points or 0.0), picked[0].level
    elif method == Reconciliation.Method.MEAN:
        points = round_points(fmean(float(r.points or 0.0) for r in reviews))
        levels = {r.level for r in reviews if r.level}
        level, reviewer = (levels.pop() if len(levels) == 1 else ""), None
    else:
        raise ValueError(f"unknown method {method!r}; known: mean, chosen")
    with transaction.atomic():
        found = Reconciliation.objects.filter(round=round, unit_id=unit_code, item=item).first()
        before = found.points if found else None
        done, _ = Reconciliation.objects.update_or_create(
            round=round,
            unit_id=unit_code,
            item=item,
            defaults={
                "method": method,
                "chosen": reviewer,
                "points": points,
                "level": level,
                "reason": text,
                "by": by,
            },
        )
        log_change(
            round,
            unit_code,
            item,
            layer="review",
            before=before,
            after=points,
            reason=text,
            source="reconciliation",
            by=by,
            level_after=level,
        )
        record(
            by,
            Action.REVIEW,
            round=round,
            unit=done.unit,
            target=f"reconcile:{item}",
            address=address,
            before={"points": before},
            after={"method": method, "points": points, "level": level, "reason": text},
        )
        project_level(round, unit_code, item)
        transaction.on_commit(lambda: rescored(round))
    return done


def reviewed_points(round: Round, unit_code: str, item: str) -> float | None:
    """The review layer's points of an item: the reconciliation's, else the one score every
    reviewer agrees on (None: no review, or reviewers who disagree and are not reconciled)."""
    found = Reconciliation.objects.filter(round=round, unit_id=unit_code, item=item).first()
    if found is not None:
        return found.points
    scores = {
        p
        for p in ItemReview.objects.filter(round=round, unit_id=unit_code, item=item).values_list(
            "points", flat=True
        )
        if p is not None
    }
    return scores.pop() if len(scores) == 1 else None


def default_final(round: Round, unit_code: str, item: str, result: UnitResult | None = None) -> float:
    """What the final score is unless the office says otherwise: the reviewed, else the computed
    points (read from ``result``, the unit's engine result, when given)."""
    reviewed = reviewed_points(round, unit_code, item)
    if reviewed is not None:
        return reviewed
    if result is not None:
        found = result.item(item)
        return found.computed_points if found.computed_points is not None else found.points
    return computed_points(round, unit_code, item) or 0.0


def set_final_score(
    round: Round,
    unit_code: str,
    item: str,
    *,
    by: Any,
    points: float,
    reason: str = "",
    source: str = "office",
    address: str = "",
) -> FinalScore:
    """The office sets an item's final score (认定); a reason where it differs from the default."""
    checks.entry(round, unit_code)
    leaf = checks.leaf_item(round, unit_code, item)
    points = checks.points_in_range(unit_code, leaf, points)
    default = default_final(round, unit_code, item)
    checks.reason_for(
        unit_code, leaf, points, reason, [("评审（或计算）得分", "reviewed (or computed) points", default)]
    )
    with transaction.atomic():
        return _write_final(
            round,
            unit_code,
            item,
            by=by,
            points=points,
            reason=reason.strip(),
            source=source,
            address=address,
        )


def confirm_final_scores(round: Round, unit_code: str, *, by: Any, address: str = "") -> list[FinalScore]:
    """Set every item of the unit that has no final score to its default (reviewed, else computed)."""
    checks.entry(round, unit_code)
    done = set(FinalScore.objects.filter(round=round, unit_id=unit_code).values_list("item", flat=True))
    made: list[FinalScore] = []
    result = unit_result(round, unit_code)
    with transaction.atomic():
        for leaf in round_scheme(round).leaves:
            if leaf.code not in done:
                points = default_final(round, unit_code, leaf.code, result)
                made.append(
                    _write_final(
                        round,
                        unit_code,
                        leaf.code,
                        by=by,
                        points=points,
                        reason="",
                        source="office",
                        address=address,
                    )
                )
    return made


def _write_final(
    round: Round, unit_code: str, item: str, *, by: Any, points: float, reason: str, source: str, address: str
) -> FinalScore:
    found = FinalScore.objects.select_for_update().filter(round=round, unit_id=unit_code, item=item).first()
    before = found.points if found else None
    final, _ = FinalScore.objects.update_or_create(
        round=round, unit_id=unit_code, item=item, defaults={"points": points, "reason": reason, "by": by}
    )
    log_change(
        round,
        unit_code,
        item,
        layer="final",
        before=before,
        after=points,
        reason=reason,
        source=source,
        by=by,
    )
    record(
        by,
        Action.FINAL,
        round=round,
        unit=final.unit,
        target=f"final:{item}",
        address=address,
        before={"points": before},
        after={"points": points, "reason": reason},
    )
    transaction.on_commit(lambda: rescored(round))
    return final


def missing_final_scores(round: Round) -> list[tuple[str, str]]:
    """(unit, item) of every submitted unit's item without a final score; empty when all are set."""
    units = list(
        RoundUnit.objects.filter(round=round, status=Status.SUBMITTED)
        .order_by("unit_id")
        .values_list("unit_id", flat=True)
    )
    done = set(FinalScore.objects.filter(round=round, unit_id__in=units).values_list("unit_id", "item"))
    leaves = [leaf.code for leaf in round_scheme(round).leaves]
    return [(unit, item) for unit in units for item in leaves if (unit, item) not in done]
