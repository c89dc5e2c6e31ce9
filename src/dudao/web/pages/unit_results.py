"""One evaluated unit's results 单位评价结果: areas for a radar, and each item's chain from its data
to its final points: data → formula → standard → points → review → final, with every change's
reason and author, and last year's points beside this year's.

The review and final steps read the score layers (:func:`dudao.store.review.layers.score_layers`):
every change of the self, review and final layers, in time order, with its reason, author, time and
source. Where an item has no logged review change (a round whose levels were loaded, as the demo's
are), the review step reads the level recorded in :class:`~dudao.store.entry.models.ReviewedLevel`,
from the unit's own level in :class:`~dudao.store.entry.models.SelfScore`. Bonus claims show their
accepted points (:class:`~dudao.store.entry.models.BonusRecord`) and each reviewer's decision
on them, with the reason for a cut (:class:`~dudao.store.review.models.BonusDecision`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dudao.engine.explanation import fmt
from dudao.engine.results import Results
from dudao.store.entry.models import BonusRecord, ReviewedLevel, SelfScore
from dudao.store.review import layers
from dudao.store.review.models import BonusDecision, ScoreChange
from dudao.store.rounds import engine
from dudao.store.rounds.models import Round
from dudao.web.pages.ranking import NOT_RANKED, rule_outcome_text
from dudao.web.pages.sheets import Sheet


@dataclass(frozen=True)
class Change:
    """One adjustment of an item's score on its way to the final points."""

    layer: str  # 自评, 评审, 认定 …
    before: str
    after: str
    reason: str
    author: str
    time: str = ""


@dataclass(frozen=True)
class Input:
    name: str
    period: str
    value: str


@dataclass(frozen=True)
class ItemLine:
    code: str
    name: str
    area: str
    value: str  # the value the standard is checked against, as shown
    inputs: tuple[Input, ...]
    formula: str
    standard: str
    rule: str  # how the points were counted
    text: str  # the engine's explanation, in one line
    points: float
    max_points: float
    status: str
    review: tuple[Change, ...]  # what reviewers changed (nothing: the computed points stand)
    final: float  # the points the total counts
    prior: float | None  # last year's points (None: no results last year)
    final_changes: tuple[Change, ...] = ()  # what the office changed to set the final points

    @property
    def change(self) -> float | None:
        return None if self.prior is None else round(self.final - self.prior, 2)

    # Formatted once here rather than by floatformat, 0.1 ms a call on a page of ~600 numbers.
    @property
    def points_text(self) -> str:
        return f"{self.points:.2f}"

    @property
    def final_text(self) -> str:
        return f"{self.final:.2f}"

    @property
    def max_text(self) -> str:
        """
        >>> ItemLine("A1", "", "", "", (), "", "", "", "", 1, 1.5, "", (), 1, None).max_text
        '1.5'
        """
        return f"{self.max_points:g}"

    @property
    def prior_text(self) -> str:
        return "—" if self.prior is None else f"{self.prior:.2f}"


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    points: float
    max_points: float
    prior: float | None

    @property
    def change(self) -> float | None:
        return None if self.prior is None else round(self.points - self.prior, 2)


@dataclass(frozen=True)
class Bonus:
    code: str
    name: str
    claimed: float | None
    accepted: float | None
    points: float
    note: str
    computed: bool
    # Each reviewer's decision on the claim: (author, accepted points, reason; empty when in full).
    decisions: tuple[tuple[str, float, str], ...] = ()


def _decisions_text(bonus: Bonus) -> str:
    """Each reviewer's decision on a bonus claim: 1（佐证只支持一半）— 专家甲；…"""
    return "；".join(
        f"{fmt(accepted)}{f'（{reason}）' if reason else ''} — {author}"
        for author, accepted, reason in bonus.decisions
    )


@dataclass(frozen=True)
class UnitResults:
    code: str
    name: str
    total: float
    base_total: float
    bonus: float
    grade: str
    rank: int | None  # None: not ranked, or not to be learnt by this user
    status: str  # why the unit is not ranked ("")
    rules: tuple[str, ...]  # the round rules whose condition held, in the order they apply
    other_rules: tuple[str, ...]  # the others: condition not met, or its data missing
    areas: tuple[Area, ...]
    items: tuple[ItemLine, ...]
    bonus_items: tuple[Bonus, ...]
    frozen: bool
    sample: bool
    prior_period: int | None
    prior_total: float | None
    prior_grade: str
    prior_rank: int | None

    @property
    def total_change(self) -> float | None:
        return None if self.prior_total is None else round(self.total - self.prior_total, 2)

    def radar(self) -> dict[str, Any]:
        """The areas' radar for ``json_script``: this year's points and, where known, last year's."""
        series = [
            {
                "name": _("%(year)s年") % {"year": self.prior_period + 1} if self.prior_period else _("本年"),
                "values": [a.points for a in self.areas],
            }
        ]
        if self.prior_period is not None and all(a.prior is not None for a in self.areas):
            series.append(
                {
                    "name": _("%(year)s年") % {"year": self.prior_period},
                    "values": [a.prior for a in self.areas],
                }
            )
        return {
            "indicators": [{"name": a.name, "max": a.max_points} for a in self.areas],
            "series": series,
        }

    def sheets(self) -> list[Sheet]:
        """The unit page's tables: areas, items (with each change), bonus items."""
        areas = Sheet(
            _("一级指标"),
            (_("代码"), _("一级指标"), _("得分"), _("满分"), _("上年得分"), _("较上年")),
            [(a.code, a.name, a.points, a.max_points, a.prior, a.change) for a in self.areas],
        )
        items = Sheet(
            _("指标得分"),
            (
                _("指标代码"),
                _("指标名称"),
                _("一级指标"),
                _("数据"),
                _("计算公式"),
                _("标准"),
                _("计分"),
                _("计算得分"),
                _("满分"),
                _("状态"),
                _("评审调整"),
                _("最终得分"),
                _("上年得分"),
                _("较上年"),
            ),
            [
                (
                    i.code,
                    i.name,
                    i.area,
                    "；".join(f"{x.name}（{x.period}）= {x.value}" for x in i.inputs),
                    i.formula,
                    i.standard,
                    i.rule,
                    i.points,
                    i.max_points,
                    i.status,
                    "；".join(_change_text(c) for c in i.review),
                    i.final,
                    i.prior,
                    i.change,
                )
                for i in self.items
            ],
        )
        bonus = Sheet(
            _("加分项"),
            (_("代码"), _("加分项"), _("申请分值"), _("认定分值"), _("计入分值"), _("说明"), _("评审认定")),
            [
                (b.code, b.name, b.claimed, b.accepted, b.points, b.note, _decisions_text(b))
                for b in self.bonus_items
            ],
        )
        return [areas, items, bonus]


def _change_text(change: Change) -> str:
    """
    >>> _change_text(Change("评审", "B", "A", "证据充分", "专家甲"))
    '评审：B → A（证据充分；专家甲）'
    """
    why = "；".join(x for x in (change.reason, change.author, change.time) if x)
    return f"{change.layer}：{change.before} → {change.after}" + (f"（{why}）" if why else "")


def _unit_dict(round: Round, code: str) -> Mapping[str, Any] | None:
    if round.results:
        for unit in round.results.get("units", []):
            if unit["code"] == code:
                return dict(unit)
        return None
    try:
        return engine.current_results(round).unit(code).to_dict()
    except KeyError:
        return None


_LAYERS = {
    "self": gettext_lazy("自评"),
    "review": gettext_lazy("评审"),
    "final": gettext_lazy("认定"),
}


def _score(points: float | None, level: str) -> str:
    """
    >>> _score(1.2, "良"), _score(0.75, ""), _score(None, "")
    ('良（1.2 分）', '0.75 分', '—')
    """
    if points is None and not level:
        return "—"
    shown = _("%(points)s 分") % {"points": fmt(points)} if points is not None else ""
    return f"{level}（{shown}）" if level and shown else (level or shown)


def _logged(change: layers.Change) -> Change:
    """A logged change of a score layer as the page shows it."""
    source = dict(ScoreChange.Source.choices).get(change.source, change.source)
    layer = str(_LAYERS.get(change.layer, change.layer))
    return Change(
        f"{layer}（{source}）" if source else layer,
        _score(change.before, change.level_before),
        _score(change.after, change.level_after),
        change.reason,
        change.author,
        timezone.localtime(change.at).strftime("%Y-%m-%d %H:%M") if change.at else "",
    )


def _reviews(round: Round, code: str) -> dict[str, tuple[Change, ...]]:
    """The reviewers' levels per item, each from the unit's own level (or none) to the reviewer's."""
    own = dict(
        SelfScore.objects.filter(round=round, unit_id=code).exclude(level="").values_list("item", "level")
    )
    found: dict[str, tuple[Change, ...]] = {}
    for review in ReviewedLevel.objects.filter(round=round, unit_id=code):
        found[review.item] = (
            Change(
                _("评审"),
                _("自评 %(level)s") % {"level": own[review.item]} if review.item in own else _("未自评"),
                review.level,
                review.note,
                review.reviewer,
            ),
        )
    return found


def unit_results_of(
    round: Round, code: str, *, previous: Results | None, sees_ranking: bool
) -> UnitResults | None:
    """The unit's results (frozen, or as the data stands now); None when it has none. Its rank
    only when ``sees_ranking``."""
    unit = _unit_dict(round, code)
    if unit is None:
        return None
    before = None
    if previous is not None:
        try:
            before = previous.unit(code)
        except KeyError:
            before = None
    prior_items = {i.code: i.points for i in before.items} if before is not None else {}
    prior_areas = {a.code: a.points for a in before.areas} if before is not None else {}
    reviews = _reviews(round, code)
    layered = layers.score_layers(round, code)
    items = []
    for item in unit.get("items", []):
        explanation = item.get("explanation", {})
        layer = layered.get(item["code"])
        logged = layer.changes if layer is not None else ()
        review = tuple(_logged(c) for c in logged if c.layer != "final")
        computed = layer.computed if layer is not None and layer.final is not None else None
        items.append(
            ItemLine(
                code=item["code"],
                name=item["name"],
                area=item["area"],
                value=fmt(item.get("value")),
                inputs=tuple(
                    Input(
                        x.get("name") or x.get("code", ""),
                        str(x["period"]) if x.get("period") is not None else "",
                        fmt(x.get("value")) + (x.get("unit") or ""),
                    )
                    for x in explanation.get("inputs", [])
                ),
                formula=explanation.get("formula", ""),
                standard=item.get("standard", ""),
                rule=explanation.get("rule", ""),
                text=explanation.get("text", ""),
                points=float(item["points"]) if computed is None else computed,
                max_points=float(item["max_points"]),
                status=item["status"],
                review=review or reviews.get(item["code"], ()),
                final=float(item["points"]),
                prior=prior_items.get(item["code"]),
                final_changes=tuple(_logged(c) for c in logged if c.layer == "final"),
            )
        )
    outcomes = unit.get("rule_outcomes", unit.get("rules", []))
    notes = dict(BonusRecord.objects.filter(round=round, unit_id=code).values_list("item", "note"))
    decided: dict[str, list[tuple[str, float, str]]] = {}
    for d in (
        BonusDecision.objects.filter(round=round, unit_id=code).select_related("reviewer").order_by("pk")
    ):
        author = d.reviewer.get_full_name() or d.reviewer.get_username()
        decided.setdefault(d.item, []).append((author, d.accepted, d.reason))
    bonus_items = tuple(
        Bonus(
            b["code"],
            b["name"],
            b.get("claimed"),
            b.get("accepted"),
            float(b["points"]),
            notes.get(b["code"], ""),
            bool(b.get("computed")),
            tuple(decided.get(b["code"], ())),
        )
        for b in unit.get("bonus_items", [])
    )
    return UnitResults(
        code=unit["code"],
        name=unit["name"],
        total=float(unit["total"]),
        base_total=float(unit.get("base_total", unit["total"])),
        bonus=float(unit.get("bonus", 0.0)),
        grade=unit.get("grade", ""),
        rank=unit.get("rank") if sees_ranking else None,
        status=str(NOT_RANKED.get(unit.get("unranked") or "", "")),
        rules=tuple(rule_outcome_text(r) for r in outcomes if r.get("fired", True)),
        other_rules=tuple(rule_outcome_text(r) for r in outcomes if not r.get("fired", True)),
        areas=tuple(
            Area(a["code"], a["name"], float(a["points"]), float(a["max_points"]), prior_areas.get(a["code"]))
            for a in unit.get("areas", [])
        ),
        items=tuple(items),
        bonus_items=bonus_items,
        frozen=bool(round.results),
        sample=engine.scheme_of(round.scheme).info.sample,
        prior_period=previous.period if previous is not None and before is not None else None,
        prior_total=before.total if before is not None else None,
        prior_grade=before.grade if before is not None else "",
        prior_rank=before.rank if before is not None and sees_ranking else None,
    )
