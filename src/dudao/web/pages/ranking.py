"""The ranking 排名 a page shows: the frozen results of a closed round, or the scores so far.

Both come down to the same rows, so the office's results page and the public page render the
same table and chart.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dudao.engine.results import Results
from dudao.store.rounds import engine
from dudao.store.rounds.models import Round

#: The round rules' kinds in the interface's language (the results carry them in Chinese as ``type_zh``).
RULE_KINDS = {
    "veto": gettext_lazy("一票否决"),
    "downgrade": gettext_lazy("降低一个等次"),
    "cannot_be_excellent": gettext_lazy("不得评为优秀"),
}


#: Why a unit is not ranked, in the interface's language (the results carry the code, see
#: :data:`dudao.engine.dataset.NOT_RANKED`).
NOT_RANKED = {
    "not_started": gettext_lazy("未开始填报，不参与排名"),
    "not_submitted": gettext_lazy("尚未提交，不参与排名"),
    "no_data": gettext_lazy("本期无数据，不参与排名"),
}


@dataclass(frozen=True)
class RankRow:
    """One evaluated unit's line: its rank (None: not ranked, ``status`` says why), total, grade,
    the round rules whose condition held (each saying what it did to the grade), area points."""

    rank: int | None
    code: str
    name: str
    total: float
    base_total: float
    bonus: float
    grade: str
    rules: tuple[str, ...]
    areas: tuple[float, ...]
    status: str = ""  # why the unit is not ranked ("" when it is)
    prior_total: float | None = None  # last year's total (None: no results of last year)
    prior_rank: int | None = None  # last year's rank (None: not ranked, or no results)

    # The numbers as the table shows them, formatted once here: Django's floatformat costs
    # 0.1 ms a call, which is 0.3 s for the 2,000 numbers of a province's ranking.
    @property
    def total_text(self) -> str:
        return f"{self.total:.2f}"

    @property
    def base_text(self) -> str:
        return f"{self.base_total:.2f}"

    @property
    def bonus_text(self) -> str:
        return f"{self.bonus:.2f}"

    @property
    def area_texts(self) -> tuple[str, ...]:
        """
        >>> RankRow(1, "1", "甲", 90, 90, 0, "优秀", (), (7.5, 8)).area_texts
        ('7.50', '8.00')
        """
        return tuple(f"{points:.2f}" for points in self.areas)

    @property
    def total_change(self) -> float | None:
        """This year's total less last year's.

        >>> RankRow(1, "1", "甲", 90.5, 90.5, 0, "优秀", (), (), prior_total=88.0).total_change
        2.5
        """
        return None if self.prior_total is None else round(self.total - self.prior_total, 2)

    @property
    def rank_change(self) -> int | None:
        """Places gained since last year (negative: lost); None unless ranked both years.

        >>> RankRow(3, "1", "甲", 90, 90, 0, "优秀", (), (), prior_rank=5).rank_change
        2
        """
        if self.rank is None or self.prior_rank is None:
            return None
        return self.prior_rank - self.rank


@dataclass(frozen=True)
class Ranking:
    """Rows in rank order, the areas' headers, and where the numbers come from."""

    rows: tuple[RankRow, ...]
    areas: tuple[str, ...]  # "一级指标（满分）", in the scheme's order
    frozen: bool  # the closed round's frozen results, not the scores so far
    sample: bool  # the scheme is a sample: the numbers are 示例数据
    grades: tuple[str, ...] = ()  # the scheme's grades, best first
    prior_period: int | None = None  # the year of ``prior_total``/``prior_rank`` (None: none)

    @property
    def ranked_rows(self) -> tuple[RankRow, ...]:
        return tuple(r for r in self.rows if r.rank is not None)

    @property
    def unranked_rows(self) -> tuple[RankRow, ...]:
        return tuple(r for r in self.rows if r.rank is None)

    def grade_counts(self) -> list[tuple[str, int]]:
        """How many ranked units have each grade, best first (grades no unit has included).

        >>> row = RankRow(1, "1", "甲", 90, 90, 0, "优秀", (), ())
        >>> Ranking((row,), (), False, False, grades=("优秀", "合格")).grade_counts()
        [('优秀', 1), ('合格', 0)]
        """
        counts = {g: 0 for g in self.grades}
        for row in self.ranked_rows:
            counts[row.grade] = counts.get(row.grade, 0) + 1
        return list(counts.items())

    def grade_chart(self) -> dict[str, Any]:
        """The data of the grade distribution's bar chart, for ``json_script``."""
        counts = self.grade_counts()
        return {
            "names": [g for g, _n in counts],
            "totals": [n for _g, n in counts],
            "axis": _("单位数"),
        }

    def with_prior(self, previous: Results | None) -> Ranking:
        """The ranking with each unit's total and rank of last year (``previous``: the same scheme
        over last year's data; None leaves the ranking as it is)."""
        if previous is None:
            return self
        before = {u.code: u for u in previous.units}
        rows = tuple(
            replace(r, prior_total=before[r.code].total, prior_rank=before[r.code].rank)
            if r.code in before
            else r
            for r in self.rows
        )
        return replace(self, rows=rows, prior_period=previous.period)

    def chart(self) -> dict[str, Any]:
        """The data of the bar chart of the ranked units' totals and its axis name, for ``json_script``."""
        ranked = [r for r in self.rows if r.rank is not None]
        return {
            "names": [r.name for r in ranked],
            "totals": [round(r.total, 2) for r in ranked],
            "grades": [r.grade for r in ranked],
            "axis": _("总分"),
        }


def ranking_of(round: Round) -> Ranking:
    """The round's frozen results when it has them, else its scores as the data stands now."""
    scheme = engine.scheme_of(round.scheme)
    sample = scheme.info.sample
    if round.results:
        ranking = from_frozen(round.results, sample=sample)
    else:
        ranking = from_results(engine.current_results(round), sample=sample)
    return replace(ranking, grades=tuple(g.name for g in scheme.info.grades))


def _rule_text(rule: Mapping[str, Any]) -> str:
    """A rule whose condition held, and what it did to the grade (when the results say).

    >>> _rule_text({"type_zh": "一票否决", "reason": "发生重大安全事故"})
    '一票否决：发生重大安全事故'
    >>> vetoed = {"type": "veto", "reason": "挪用经费", "changed": True}
    >>> _rule_text({**vetoed, "grade_before": "良好", "grade_after": "不合格"})
    '一票否决：挪用经费（良好 → 不合格）'
    >>> _rule_text({"type": "downgrade", "reason": "弄虚作假", "changed": False})
    '降低一个等次：弄虚作假（等次未变）'
    """
    kind = RULE_KINDS.get(rule.get("type", "")) or rule.get("type_zh") or rule.get("type", "")
    text = _("%(kind)s：%(reason)s") % {"kind": kind, "reason": rule.get("reason", "")}
    if "changed" not in rule:  # results frozen before rules said what they did
        return text
    if rule["changed"]:
        return text + _("（%(before)s → %(after)s）") % {
            "before": rule.get("grade_before", ""),
            "after": rule.get("grade_after", ""),
        }
    return text + _("（等次未变）")


def rule_outcome_text(rule: Mapping[str, Any]) -> str:
    """A round rule's outcome for one unit, whether its condition held or not.

    >>> rule_outcome_text({"type": "veto", "reason": "挪用经费", "fired": False})
    '一票否决：挪用经费（条件不成立）'
    >>> rule_outcome_text({"type": "veto", "reason": "挪用经费", "fired": None})
    '一票否决：挪用经费（条件数据缺失，未适用）'
    """
    fired = rule.get("fired", True)
    if fired:
        return _rule_text(rule)
    kind = RULE_KINDS.get(rule.get("type", "")) or rule.get("type_zh") or rule.get("type", "")
    text = _("%(kind)s：%(reason)s") % {"kind": kind, "reason": rule.get("reason", "")}
    return text + (_("（条件不成立）") if fired is False else _("（条件数据缺失，未适用）"))


def _status(unranked: str | None) -> str:
    """
    >>> _status(None), _status("not_started")
    ('', '未开始填报，不参与排名')
    """
    return str(NOT_RANKED.get(unranked or "", unranked or ""))


def _area_headers(areas: Sequence[Mapping[str, Any]]) -> tuple[str, ...]:
    """
    >>> _area_headers([{"name": "保障", "max_points": 30.0}])
    ('保障（30）',)
    """
    return tuple(
        _("%(area)s（%(points)s）") % {"area": a["name"], "points": f"{a['max_points']:g}"} for a in areas
    )


def from_frozen(results: Mapping[str, Any], *, sample: bool) -> Ranking:
    """The ranking stored in ``Round.results`` (``Results.to_dict()``)."""
    units: list[Mapping[str, Any]] = sorted(
        results.get("units", []), key=lambda u: (u["rank"] is None, u["rank"] or 0, u["code"])
    )
    rows = tuple(
        RankRow(
            rank=u["rank"],
            code=u["code"],
            name=u["name"],
            total=u["total"],
            base_total=u.get("base_total", u["total"]),
            bonus=u.get("bonus", 0.0),
            grade=u.get("grade", ""),
            rules=tuple(_rule_text(r) for r in u.get("rules", [])),
            areas=tuple(a["points"] for a in u.get("areas", [])),
            status=_status(u.get("unranked")),
        )
        for u in units
    )
    areas = _area_headers(units[0].get("areas", [])) if units else ()
    return Ranking(rows, areas, frozen=True, sample=sample)


def from_results(results: Results, *, sample: bool) -> Ranking:
    """The ranking of live results (items and their explanations are not built)."""
    ranked = results.ranked()
    rows = tuple(
        RankRow(
            rank=u.rank,
            code=u.code,
            name=u.name,
            total=u.total,
            base_total=u.base_total,
            bonus=u.bonus,
            grade=u.grade,
            rules=tuple(_rule_text(r.to_dict()) for r in u.fired_rules),
            areas=tuple(a.points for a in u.areas),
            status=_status(u.unranked),
        )
        for u in ranked
    )
    areas = _area_headers([a.to_dict() for a in ranked[0].areas]) if ranked else ()
    return Ranking(rows, areas, frozen=False, sample=sample)
