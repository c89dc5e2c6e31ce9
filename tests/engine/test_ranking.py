"""Ranking as the scheme says: by grade then total (the default) or by total; units that have
not started, not submitted or have no data are not ranked and are shown apart."""

from __future__ import annotations

from copy import deepcopy

import pytest

from dudao.engine import evaluate
from dudao.engine.dataset import NO_DATA, NOT_STARTED, NOT_SUBMITTED, Dataset
from dudao.engine.incremental import LiveRound
from dudao.engine.results import Results
from tests.helpers import make_dataset, make_scheme

UNITS = [("500000", "市", "", "city", "")] + [
    (f"50010{n}", f"{name}区", "500000", "district", "") for n, name in enumerate("甲乙丙丁戊", start=1)
]
ITEMS = """
items:
  - code: A
    name: 甲
    points: 100
    children:
      - {code: A1, name: 一, points: 100, rule: {type: linear, value: a, zero_at: 0, full_at: 100}}
"""
VETO = '  - {code: V, type: veto, when: "b > 0", reason: 新增拖欠教师工资}'
VALUES = [
    ("500101", "a", 2021, 97),  # the highest total, vetoed to 不合格
    ("500101", "b", 2021, 1),
    ("500102", "a", 2021, 70),  # 合格
    ("500103", "a", 2021, 85),  # 良好
    ("500104", "a", 2021, 61),  # 合格
    ("500105", "a", 2021, 30),  # 不合格 by its total
]


def ranks(head: str, backend: str, data: Dataset | None = None) -> Results:
    scheme = make_scheme(items=ITEMS, rules=VETO, total=100, head=head)
    return evaluate(scheme, data or make_dataset(UNITS, VALUES), backend=backend)


def test_a_vetoed_unit_ranks_below_every_unit_of_a_higher_grade(backend: str) -> None:
    results = ranks("", backend)
    assert {u.code: (u.grade, u.rank) for u in results.units} == {
        "500103": ("良好", 1),
        "500102": ("合格", 2),
        "500104": ("合格", 3),
        "500101": ("不合格", 4),  # 97 points, but vetoed: above 500105 (30) within 不合格 only
        "500105": ("不合格", 5),
    }


def test_a_scheme_may_rank_by_total_alone(backend: str) -> None:
    results = ranks(", rank_by: total", backend)
    assert [u.code for u in results.ranked()] == ["500101", "500103", "500102", "500104", "500105"]
    assert [u.rank for u in results.ranked()] == [1, 2, 3, 4, 5]


def test_units_of_one_grade_and_total_share_a_rank(backend: str) -> None:
    values = [v for v in VALUES if v[0] != "500104"] + [("500104", "a", 2021, 70)]
    results = ranks("", backend, make_dataset(UNITS, values))
    assert results.unit("500102").rank == results.unit("500104").rank == 2
    assert results.unit("500101").rank == 4


def test_units_not_started_or_without_data_are_not_ranked_and_shown_apart(backend: str) -> None:
    values = [v for v in VALUES if v[0] != "500105"]  # 500105 has no data for the period
    base = make_dataset(UNITS, values)
    data = Dataset(
        base.units, base.values, source="t", unranked={"500103": NOT_STARTED, "500104": NOT_SUBMITTED}
    )
    results = ranks("", backend, data)
    assert {u.code: u.rank for u in results.units} == {
        "500101": 2,  # 不合格, below 500102 (合格): the only ranked units
        "500102": 1,
        "500103": None,
        "500104": None,
        "500105": None,
    }
    assert [u.code for u in results.ranked()] == ["500102", "500101", "500103", "500104", "500105"]
    apart = {u.code: (u.unranked, u.rank_text) for u in results.units if not u.ranked}
    assert apart == {
        "500103": (NOT_STARTED, "未开始填报，不参与排名"),
        "500104": (NOT_SUBMITTED, "尚未提交，不参与排名"),
        "500105": (NO_DATA, "本期无数据，不参与排名"),
    }
    shown = results.unit("500103").to_dict()
    assert shown["rank"] is None and shown["unranked"] == NOT_STARTED
    assert shown["unranked_en"] == "has not started: not ranked"
    assert results.unit("500103").total == 85  # scored all the same


def test_a_unit_with_only_school_values_has_data() -> None:
    units = [*UNITS, ("5001050001", "某校", "500105", "school", "primary")]
    values = [v for v in VALUES if v[0] != "500105"] + [("5001050001", "books", 2021, 10)]
    results = ranks("", "python", make_dataset(units, values))
    assert results.unit("500105").ranked


def test_an_unknown_reason_for_not_ranking_is_a_bug() -> None:
    base = make_dataset(UNITS, VALUES)
    with pytest.raises(ValueError, match="unknown reasons"):
        Dataset(base.units, base.values, unranked={"500101": "on_holiday"})


def test_a_live_round_reranks_when_who_is_ranked_changes_and_when_a_unit_gets_data() -> None:
    scheme = make_scheme(items=ITEMS, rules=VETO, total=100)
    values = [v for v in VALUES if v[0] != "500105"]
    live = LiveRound(scheme, deepcopy(make_dataset(UNITS, values)), backend="python")
    assert live.results.unit("500105").unranked == NO_DATA
    results = live.set_unranked({"500103": NOT_STARTED})
    assert results.unit("500103").rank is None and results.unit("500102").rank == 1
    results = live.set_values([("500105", "a", 2021, 99.0)])
    assert results.unit("500105").rank == 1 and results.unit("500103").rank is None
    results = live.set_unranked({})
    assert [u.code for u in results.ranked()][:2] == ["500105", "500103"]
