"""Appending to the score change log (:class:`~dudao.store.review.models.ScoreChange`)."""

from __future__ import annotations

from typing import Any

from dudao.store.review.models import ScoreChange
from dudao.store.rounds.models import Round


def log_change(
    round: Round,
    unit_code: str,
    item: str,
    *,
    layer: str,
    before: float | None,
    after: float | None,
    reason: str,
    source: str,
    by: Any,
    level_before: str = "",
    level_after: str = "",
) -> ScoreChange:
    """Append one change (inside the caller's transaction, so it commits with the change)."""
    known = by if getattr(by, "is_authenticated", False) else None
    return ScoreChange.objects.create(
        round=round,
        unit_id=unit_code,
        item=item,
        layer=layer,
        before=before,
        after=after,
        level_before=level_before,
        level_after=level_after,
        reason=reason,
        source=source,
        author=known,
        author_name=_name(known),
    )


def _name(user: Any) -> str:
    if user is None:
        return ""
    full = (user.get_full_name() or "").strip() if hasattr(user, "get_full_name") else ""
    return full or user.get_username()


def review_version(round: Round) -> int:
    """The last change logged in the round (0: none): scores read from reviews are stale when it moves."""
    last = ScoreChange.objects.filter(round=round).order_by("-id").values_list("id", flat=True).first()
    return int(last or 0)
