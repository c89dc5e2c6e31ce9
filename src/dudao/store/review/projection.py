"""What the engine scores, written from the reviews: the reconciled level of each rubric item
(:class:`ReviewedLevel`) and the accepted points of each bonus claim (:class:`BonusRecord`).

A level is the reconciliation's where the office reconciled, else the one level every reviewer
who gave a level agrees on; reviewers who disagree leave the item pending until reconciled.
A bonus claim's accepted points are the mean of the reviewers' decisions.
"""

from __future__ import annotations

from statistics import fmean

from dudao.store.entry.models import BonusRecord, ReviewedLevel
from dudao.store.review.models import BonusDecision, ItemReview, Reconciliation
from dudao.store.rounds.models import Round


def reconciled_level(round: Round, unit_code: str, item: str) -> tuple[str, list[str]]:
    """The level that counts ("" when none or the reviewers disagree) and who gave it."""
    found = Reconciliation.objects.filter(round=round, unit_id=unit_code, item=item).first()
    reviews = ItemReview.objects.filter(round=round, unit_id=unit_code, item=item).exclude(level="")
    names = [r.reviewer.get_username() for r in reviews.select_related("reviewer")]
    if found is not None and found.level:
        return found.level, names
    levels = {r.level for r in reviews}
    return (levels.pop() if len(levels) == 1 else ""), names


def project_level(round: Round, unit_code: str, item: str) -> None:
    """Write the level the engine scores for the item (inside the caller's transaction)."""
    if not ItemReview.objects.filter(round=round, unit_id=unit_code, item=item).exclude(level="").exists():
        return  # no reviewer gave a level: what was loaded (the demo's) stays
    level, names = reconciled_level(round, unit_code, item)
    if not level:
        ReviewedLevel.objects.filter(round=round, unit_id=unit_code, item=item).delete()
        return
    ReviewedLevel.objects.update_or_create(
        round=round,
        unit_id=unit_code,
        item=item,
        defaults={"level": level, "reviewer": "、".join(names)[:150]},
    )


def project_bonus(round: Round, unit_code: str, item: str) -> None:
    """Write a claim's accepted points: the mean of the reviewers' decisions."""
    decisions = [d.accepted for d in BonusDecision.objects.filter(round=round, unit_id=unit_code, item=item)]
    accepted = round_points(fmean(decisions)) if decisions else None
    BonusRecord.objects.filter(round=round, unit_id=unit_code, item=item).update(accepted=accepted)


def round_points(value: float) -> float:
    return round(value, 6)
