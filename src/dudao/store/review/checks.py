"""What a review write checks before it changes anything: the unit, the item, the points."""

from __future__ import annotations

from typing import Any

from dudao.scheme.model import Item, Rubric
from dudao.store.entry.models import BonusRecord
from dudao.store.review.refusals import refuse
from dudao.store.review.scores import leaf, round_scheme
from dudao.store.rounds.models import ReviewerAssignment, Round, RoundUnit, Status

REVIEWABLE = (Status.SUBMITTED, Status.RETURNED)
SAME = 1e-6  # points closer than this are the same


def entry(round: Round, unit_code: str, *, submitted: bool = True) -> RoundUnit:
    """The unit's entry in the round; with ``submitted``, refused unless it has submitted."""
    if Round.objects.filter(pk=round.pk, published=True).exists():
        raise refuse("review-round-published", "unit", unit=unit_code, round=round.name)
    found = RoundUnit.objects.filter(round=round, unit_id=unit_code).select_related("unit").first()
    if found is None:
        raise refuse("review-not-in-round", "unit", unit=unit_code)
    if submitted and found.status not in REVIEWABLE:
        raise refuse("review-not-submitted", "unit", unit=unit_code, status=found.get_status_display())
    return found


def leaf_item(round: Round, unit_code: str, code: str) -> Item:
    """The round's leaf item ``code``, or a refusal naming a few that exist."""
    scheme = round_scheme(round)
    found = leaf(scheme, code)
    if found is None:
        known = "、".join(i.code for i in scheme.leaves[:5])
        raise refuse("review-unknown-item", "item", unit=unit_code, item=code, known=known)
    return found


def points_in_range(unit_code: str, item: Item, points: float) -> float:
    if not (0 <= points <= item.points + SAME):
        raise refuse(
            "review-points-range",
            "points",
            unit=unit_code,
            item=item.code,
            points=f"{points:g}",
            most=f"{item.points:g}",
        )
    return round(float(points), 6)


def check_level(unit_code: str, item: Item, level: str) -> None:
    if not isinstance(item.rule, Rubric):
        raise refuse("review-not-rubric", "level", unit=unit_code, item=item.code)
    if item.rule.fraction(level) is None:
        levels = "、".join(lv.level for lv in item.rule.levels)
        raise refuse("review-bad-level", "level", unit=unit_code, item=item.code, level=level, levels=levels)


def reason_for(
    unit_code: str, item: Item, points: float, reason: str, compared: list[tuple[str, str, float | None]]
) -> None:
    """Refuse ``points`` without a reason where they differ from one of ``compared``
    ((Chinese name, English name, points) each; None: nothing to compare with)."""
    if reason.strip():
        return
    for zh, en, other in compared:
        if other is not None and abs(other - points) > SAME:
            raise refuse(
                "review-reason-needed",
                "reason",
                unit=unit_code,
                item=item.code,
                points=f"{points:g}",
                other=f"{other:g}",
                other_zh=zh,
                other_en=en,
            )


def need_reason(unit_code: str, item: str, reason: str, what_zh: str, what_en: str) -> str:
    if not reason.strip():
        raise refuse(
            "review-reason-empty", "reason", unit=unit_code, item=item, what_zh=what_zh, what_en=what_en
        )
    return reason.strip()


def assigned(round: Round, reviewer: Any, unit_code: str) -> None:
    """Refuse a reviewer who is not assigned to the unit (or to a unit above it)."""
    rows = ReviewerAssignment.objects.filter(round=round, reviewer=reviewer).select_related("unit")
    unit_path = RoundUnit.objects.get(round=round, unit_id=unit_code).unit.path
    if not any(unit_path.startswith(a.unit.path) for a in rows):
        raise refuse("review-not-assigned", "reviewer", unit=unit_code, reviewer=reviewer.get_username())


def claim(round: Round, unit_code: str, code: str) -> BonusRecord:
    found = BonusRecord.objects.filter(round=round, unit_id=unit_code, item=code).first()
    if found is None:
        raise refuse("review-unknown-bonus", "item", unit=unit_code, item=code)
    return found
