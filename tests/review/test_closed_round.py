"""Review and final scores go on after closing, until publication: the frozen results follow each
change, publication makes the final layer public, and a published round's scores no longer change.

Closing froze the results once, so a final score set afterwards reached neither the results pages
nor the published results, and nothing refused a change after publication."""

from __future__ import annotations

from typing import Any

import pytest

from dudao.store.review import services
from dudao.store.review.refusals import ReviewRefused
from dudao.store.rounds import services as rounds
from dudao.store.rounds.models import Round, RoundUnit, Status

SUBMITTED, DATA_ITEM = "500104", "A1.1.1"


def _frozen_total(round: Round, unit: str) -> float:
    round.refresh_from_db()
    [found] = [u for u in (round.results or {})["units"] if u["code"] == unit]
    return float(found["total"])


def _item_points(round: Round, unit: str, item: str) -> float:
    round.refresh_from_db()
    [found] = [u for u in (round.results or {})["units"] if u["code"] == unit]
    [entry] = [i for i in found["items"] if i["code"] == item]
    return float(entry["points"])


def test_after_closing_the_final_layer_reaches_the_frozen_and_published_results_then_stops(
    demo_round: Round, office: Any, django_capture_on_commit_callbacks: Any
) -> None:
    closed = rounds.close_round(office, demo_round, confirmation=demo_round.name)
    before = _frozen_total(closed, SUBMITTED)
    computed = _item_points(closed, SUBMITTED, DATA_ITEM)
    assert computed > 0
    with django_capture_on_commit_callbacks(execute=True):
        services.set_final_score(closed, SUBMITTED, DATA_ITEM, by=office, points=0.0, reason="核查不实")
    assert _item_points(closed, SUBMITTED, DATA_ITEM) == 0.0
    assert _frozen_total(closed, SUBMITTED) == pytest.approx(before - computed)

    # The rest confirmed as they stand (the frozen results follow at publication).
    submitted = RoundUnit.objects.filter(round=closed, status=Status.SUBMITTED).values_list(
        "unit_id", flat=True
    )
    for unit in submitted:
        services.confirm_final_scores(closed, unit, by=office)
    published = rounds.publish(office, closed, confirmed=True, reason="示例轮次，测试公开")
    assert published.published and _item_points(published, SUBMITTED, DATA_ITEM) == 0.0

    frozen = _frozen_total(published, SUBMITTED)
    with pytest.raises(ReviewRefused) as refused:
        services.set_final_score(published, SUBMITTED, DATA_ITEM, by=office, points=1.0, reason="更正")
    assert refused.value.code == "review-round-published" and "撤回" in refused.value.message
    assert _frozen_total(published, SUBMITTED) == frozen
