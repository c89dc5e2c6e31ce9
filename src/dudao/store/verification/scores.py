"""A finding's proposed score reaching the review layer 评审得分 (改分): through
:func:`dudao.store.review.services.set_review_score` with ``source="finding"``, the finding named in
the reason (``实地核查发现 #<id>``) and the finding marked applied, in one transaction.

A finding proposes at most one score; it is applied once. The review layer's own refusals (its
``review-*`` problems) come back at the field ``points`` of the finding.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language

from dudao.store.audit.models import Action, record
from dudao.store.entry.services import EntryRefused
from dudao.store.review.refusals import ReviewRefused
from dudao.store.review.services import set_review_score
from dudao.store.verification.models import Finding
from dudao.store.verification.refusals import _problem, check_round


def score_reason(finding: Finding) -> str:
    """The reason the review layer keeps: the finding, where it was made, and the inspector's reason."""
    where = finding.school.name if finding.school else finding.unit.name
    return f"实地核查发现 #{finding.pk}（{where}）：{finding.score_reason}"


def apply_score(user: Any, finding: Finding, *, address: str = "") -> Finding:
    """Set the unit's review score on the finding's item to the points the finding proposes."""
    check_round(finding.round, "改变评审得分", "change the review score")
    points = finding.points
    if points is None:
        raise _problem("verification-no-score", "points", finding=finding.pk)
    with transaction.atomic():
        locked = (
            Finding.objects.select_for_update(of=("self",))
            .select_related("round", "unit", "school")
            .defer("round__results")
            .get(pk=finding.pk)
        )
        if locked.score_applied_at is not None:
            raise _problem(
                "verification-score-applied",
                "points",
                status="locked",
                finding=locked.pk,
                when=f"{timezone.localtime(locked.score_applied_at):%Y-%m-%d %H:%M}",
            )
        try:
            set_review_score(
                locked.round,
                locked.unit_id,
                locked.item,
                by=user,
                points=points,
                reason=score_reason(locked),
                source="finding",
                address=address,
            )
        except ReviewRefused as refused:
            english = (get_language() or "zh-hans").startswith("en")
            first = refused.problems[0]
            raise EntryRefused({"points": first.message_en if english else first.message_zh}) from refused
        locked.score_applied_at = timezone.now()
        locked.save(update_fields=["score_applied_at"])
        record(
            user,
            Action.FINDING,
            round=locked.round,
            unit=locked.unit,
            target=f"finding:{locked.pk}:{locked.item}:score",
            address=address,
            after={"finding": locked.pk, "item": locked.item, "points": locked.points, "applied": True},
        )
    return locked
