"""The three score layers of each item of a unit, side by side, with every change behind them.

``self`` (自评, the points of the unit's own level; rubric items only), ``computed`` (the
engine's points from the data and the reconciled level), ``reviews`` (each reviewer's),
``reconciled`` (the review layer: the office's reconciliation, or the score every reviewer
agrees on), ``final`` (认定, set by the office; None until set) and ``changes``: the self-score's
history and the score change log, in time order, each with its layer, before and after, reason,
author and source; and the item's value and points a year before (the round's values of that
year, scored alike).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from dudao.engine.results import MISSING, PENDING, ItemResult
from dudao.store.entry.models import SelfScore
from dudao.store.review.models import FinalScore, ItemReview, Reconciliation, ScoreChange
from dudao.store.review.scores import level_points, round_scheme, unit_dataset, unit_result
from dudao.store.review.services import reviewed_points
from dudao.store.rounds.models import Round


@dataclass(frozen=True)
class Change:
    layer: str  # self | review | final
    before: float | None
    after: float | None
    reason: str
    author: str
    at: datetime
    source: str  # unit | reviewer | reconciliation | finding | office
    level_before: str = ""
    level_after: str = ""


@dataclass(frozen=True)
class ReviewerScore:
    reviewer: str
    level: str
    points: float | None
    reason: str
    source: str
    flagged: bool
    flag_note: str


@dataclass(frozen=True)
class ItemLayers:
    item: str
    name: str
    max_points: float
    self_level: str
    self: float | None
    computed: float | None
    explanation: str
    reviews: tuple[ReviewerScore, ...]
    reconciled: float | None
    reconciliation: str  # how: "mean" / "chosen" / "" (agreed or none), with its reason below
    reconciliation_reason: str
    final: float | None
    final_reason: str
    changes: tuple[Change, ...] = field(default=())
    last_year_value: str = ""  # the item's value a year before the round's ("" when unknown)
    last_year_points: float | None = None  # its points then (None when missing or pending)

    @property
    def counted(self) -> float | None:
        """What the total counts: the final score where set, else the computed points."""
        return self.final if self.final is not None else self.computed


def score_layers(round: Round, unit_code: str) -> dict[str, ItemLayers]:
    """Every leaf item of the unit in the round, by code, in the scheme's order."""
    scheme = round_scheme(round)
    dataset = unit_dataset(round, unit_code)  # read once, scored for this year and the last
    result = unit_result(round, unit_code, dataset=dataset)
    items = {i.code: i for i in result.items} if result is not None else {}
    previous = unit_result(round, unit_code, period=round.period - 1, dataset=dataset)
    before = {i.code: i for i in previous.items} if previous is not None else {}
    selfs = {s.item: s.level for s in SelfScore.objects.filter(round=round, unit_id=unit_code)}
    reviews: dict[str, list[ReviewerScore]] = {}
    for r in ItemReview.objects.filter(round=round, unit_id=unit_code).select_related("reviewer"):
        reviews.setdefault(r.item, []).append(
            ReviewerScore(
                r.reviewer.get_username(), r.level, r.points, r.reason, r.source, r.flagged, r.flag_note
            )
        )
    reconciled = {r.item: r for r in Reconciliation.objects.filter(round=round, unit_id=unit_code)}
    finals = {f.item: f for f in FinalScore.objects.filter(round=round, unit_id=unit_code)}
    changes = _changes(round, unit_code)
    out: dict[str, ItemLayers] = {}
    for leaf in scheme.leaves:
        engine = items.get(leaf.code)
        level = selfs.get(leaf.code, "")
        how = reconciled.get(leaf.code)
        final = finals.get(leaf.code)
        out[leaf.code] = ItemLayers(
            item=leaf.code,
            name=leaf.name,
            max_points=leaf.points,
            self_level=level,
            self=level_points(leaf, level) if level else None,
            computed=None if engine is None else engine.computed_points,
            explanation="" if engine is None else engine.explanation.text,
            reviews=tuple(reviews.get(leaf.code, ())),
            reconciled=reviewed_points(round, unit_code, leaf.code),
            reconciliation=how.method if how else "",
            reconciliation_reason=how.reason if how else "",
            final=final.points if final else None,
            final_reason=final.reason if final else "",
            changes=tuple(changes.get(leaf.code, ())),
            last_year_value=_shown(before[leaf.code].value) if leaf.code in before else "",
            last_year_points=_scored(before.get(leaf.code)),
        )
    return out


def _shown(value: object) -> str:
    if value is None:
        return ""
    return f"{value:g}" if isinstance(value, float) else str(value)


def _scored(item: ItemResult | None) -> float | None:
    return None if item is None or item.status in (MISSING, PENDING) else item.points


def _changes(round: Round, unit_code: str) -> dict[str, list[Change]]:
    found: dict[str, list[Change]] = {}
    scheme = round_scheme(round)
    history = SelfScore.history.filter(round_id=round.pk, unit_id=unit_code).order_by(
        "history_date", "history_id"
    )
    last: dict[str, str] = {}
    for row in history.select_related("history_user"):
        leaf = scheme.item_by_code.get(row.item)
        before_level = last.get(row.item, "")
        after_level = "" if row.history_type == "-" else row.level
        last[row.item] = after_level
        if leaf is None or before_level == after_level:
            continue
        user = row.history_user
        found.setdefault(row.item, []).append(
            Change(
                "self",
                level_points(leaf, before_level) if before_level else None,
                level_points(leaf, after_level) if after_level else None,
                "",
                user.get_username() if user else "",
                row.history_date,
                "unit",
                before_level,
                after_level,
            )
        )
    for c in ScoreChange.objects.filter(round=round, unit_id=unit_code):
        found.setdefault(c.item, []).append(
            Change(
                c.layer,
                c.before,
                c.after,
                c.reason,
                c.author_name,
                c.at,
                c.source,
                c.level_before,
                c.level_after,
            )
        )
    for item_changes in found.values():
        item_changes.sort(key=lambda c: c.at)
    return found
