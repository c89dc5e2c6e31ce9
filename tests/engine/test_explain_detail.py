"""Explanations that can be checked by hand: the schools behind an aggregate, a step rule worked
through, a rubric awaiting review, and which input of which year is missing.

Every expected value below is computed by hand from the small round built here.
"""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from dudao.engine import evaluate
from dudao.engine.dataset import SELF_ASSESSED, Dataset, Review
from dudao.engine.incremental import LiveRound
from dudao.engine.results import MISSING, PENDING
from dudao.engine.schools import school_values
from dudao.samples import bundled_dataset, bundled_scheme_path
from dudao.scheme import Scheme, read_scheme
from tests.helpers import make_dataset, make_scheme

INDICATORS = """  - {code: books_per_pupil, name: 生均图书, level: school, formula: "books / pupils"}
  - {code: books_cv, name: 生均图书差异系数, formula: 'cv(books_per_pupil, pupils, where = stage == "primary")'}
  - {code: ok_count, name: 达标小学数, formula: 'count_if(ok, where = stage == "primary")'}
  - {code: rate, name: 比率, unit: "%", formula: "a"}
  - {code: b_growth, name: 乙数增长率, unit: "%", formula: "growth(b)"}"""

ITEMS = """
items:
  - code: A
    name: 甲
    points: 14
    children:
      - {code: A1, name: 图书均衡, points: 2, rule: {type: threshold, value: books_cv, op: "<=", target: 0.3}}
      - {code: A2, name: 达标小学, points: 2, rule: {type: threshold, value: ok_count, op: ">=", target: 3}}
      - {code: A3, name: 整步, points: 3, rule: {type: step, value: rate, target: 95, step: 1, deduct: 0.5}}
      - code: A4
        name: 不足一步按一步
        points: 3
        rule: {type: step, value: rate, target: 95, step: 1, deduct: 0.5, partial: ceil}
      - code: A5
        name: 评审项
        points: 2
        rule: {type: rubric, levels: [{level: 优, fraction: 1.0}, {level: 良, fraction: 0.8}]}
      - {code: A6, name: 增长, points: 2, rule: {type: threshold, value: b_growth, op: ">=", target: 0}}
"""

UNITS = [
    ("500000", "市", "", "city", ""),
    ("500101", "甲县", "500000", "district", ""),
    ("500102", "乙县", "500000", "district", ""),
    ("S1", "第一小学", "500101", "school", "primary"),
    ("S2", "第二小学", "500101", "school", "primary"),
    ("S3", "第三小学", "500101", "school", "primary"),
    ("S4", "第四小学", "500101", "school", "primary"),
    ("S5", "第五中学", "500101", "school", "junior"),
    ("T1", "乙县小学", "500102", "school", "primary"),
]
# pupils, books (None: missing), ok
SCHOOLS = {
    "S1": (100, 500, 1),  # 5 books a pupil
    "S2": (200, 2000, 1),  # 10
    "S3": (100, 800, 0),  # 8
    "S4": (50, None, 1),  # no books reported: left out of the CV, still counted for ok
    "S5": (300, 9000, 0),  # a junior school: 30, left out by ``where``
    "T1": (80, None, 1),
}


def _round() -> tuple[Scheme, Dataset]:
    scheme = make_scheme(indicators=INDICATORS, items=ITEMS, total="14")
    values: list[tuple[str, str, int, float | None]] = [
        ("500101", "a", 2021, 91.8),
        ("500101", "b", 2021, 110),
        ("500101", "b", 2020, 100),
        ("500102", "a", 2021, 96),
        ("500102", "b", 2021, 120),  # its 2020 value is missing
    ]
    for code, (pupils, books, ok) in SCHOOLS.items():
        values += [(code, "pupils", 2021, pupils), (code, "books", 2021, books), (code, "ok", 2021, ok)]
    return scheme, make_dataset(UNITS, values)


def test_a_cv_lists_the_schools_it_counts_with_the_extremes(backend: str) -> None:
    scheme, dataset = _round()
    item = evaluate(scheme, dataset, backend=backend).unit("500101").item("A1")
    (detail,) = item.explanation.aggregates
    # Weighted by pupils: mean 3300 / 400 = 8.25; variance (100·3.25² + 200·1.75² + 100·0.25²) / 400
    # = 4.1875; CV = √4.1875 / 8.25.
    assert detail.function == "cv"
    assert detail.value == pytest.approx(math.sqrt(4.1875) / 8.25, rel=1e-9)
    assert (detail.selected, detail.counted, detail.period) == (4, 3, 2021)
    assert detail.lowest is not None and detail.highest is not None
    assert (detail.lowest.name, detail.lowest.value) == ("第一小学", 5.0)
    assert (detail.highest.name, detail.highest.value) == ("第二小学", 10.0)
    assert detail.to_dict()["all_values"] == {
        "unit": "500101",
        "item": "A1",
        "period": 2021,
        "column": detail.column,
    }
    assert (
        "计入 3 所学校（另有 1 所缺数据未计入），最低 第一小学 5，最高 第二小学 10" in item.explanation.text
    )


def test_all_school_values_behind_an_item() -> None:
    scheme, dataset = _round()
    (found,) = school_values(scheme, dataset, "500101", "A1")
    assert [(s.code, s.value, s.weight, s.selected, s.counted) for s in found.schools] == [
        ("S1", 5.0, 100.0, True, True),
        ("S2", 10.0, 200.0, True, True),
        ("S3", 8.0, 100.0, True, True),
        ("S4", None, 50.0, True, False),
        ("S5", 30.0, 300.0, False, False),
    ]
    assert school_values(scheme, dataset, "500101", "A3") == []  # no school aggregate behind it
    with pytest.raises(KeyError):
        school_values(scheme, dataset, "500101", "A")  # not a scored item


def test_a_count_of_schools_meeting_a_rule_says_how_many_do_and_do_not() -> None:
    scheme, dataset = _round()
    item = evaluate(scheme, dataset, backend="python").unit("500101").item("A2")
    (detail,) = item.explanation.aggregates
    # the four primary schools, S1, S2 and S4 ok
    assert (detail.value, detail.selected, detail.counted, detail.met) == (3.0, 4, 4, 3)
    assert detail.lowest is None and detail.highest is None
    assert "计入 4 所学校，其中 3 所符合条件、1 所不符合" in detail.sentence


def test_a_step_rule_shows_the_shortfall_and_how_a_part_step_counts(backend: str) -> None:
    scheme, dataset = _round()
    unit = evaluate(scheme, dataset, backend=backend).unit("500101")
    whole, part = unit.item("A3"), unit.item("A4")
    # 95 − 91.8 = 3.2 points short: whole steps only → 3 × 0.5 = 1.5 off; a part step counts → 4 × 0.5 = 2
    assert whole.explanation.step is not None and part.explanation.step is not None
    assert whole.explanation.step.gap == pytest.approx(3.2)
    assert (whole.explanation.step.steps, whole.explanation.step.deduction) == (3, 1.5)
    assert whole.points == whole.explanation.step.points == 1.5
    assert (part.explanation.step.steps, part.explanation.step.deduction, part.points) == (4, 2.0, 1.0)
    assert part.explanation.step.points == part.points
    assert "差 3.2 个百分点（标准 ≥ 95，实际 91.8）" in whole.explanation.text
    assert "不足一步的部分不扣（按整步计），计 3 步，扣 1.5 分" in whole.explanation.text
    assert "不足一步的部分按一步扣，计 4 步，扣 2 分" in part.explanation.text
    met = evaluate(scheme, dataset, backend="python").unit("500102").item("A3").explanation.step
    assert met is not None and (met.steps, met.deduction) == (0, 0.0)
    assert met.sentence == "实际 96，不低于标准 95，不扣分"


def test_a_rubric_without_a_reviewed_level_awaits_review_with_the_units_own_level() -> None:
    scheme, dataset = _round()
    own = replace(dataset, self_levels={("500101", "A5"): "良"})
    item = evaluate(scheme, own, backend="python").unit("500101").item("A5")
    rubric = item.explanation.rubric
    assert item.status == PENDING and rubric is not None
    assert (rubric.level, rubric.reviewed, rubric.pending, rubric.self_level) == (None, False, True, "良")
    assert "待评审：尚无评审等级（自评等级 良）" in item.explanation.text
    # a preview counts the unit's own level, still awaiting review
    preview = replace(own, reviews=(Review("500101", "A5", "良", SELF_ASSESSED),))
    counted = evaluate(scheme, preview, backend="python").unit("500101").item("A5")
    assert counted.points == 1.6 and counted.explanation.rubric is not None
    assert (
        counted.explanation.rubric.pending
        and counted.explanation.rubric.sentence == "待评审：按自评等级 良 预估"
    )
    reviewed = replace(own, reviews=(Review("500101", "A5", "优", "专家甲"),))
    done = evaluate(scheme, reviewed, backend="python").unit("500101").item("A5").explanation.rubric
    assert done is not None and not done.pending and done.sentence == "评审等级 优（自评等级 良）"
    assert evaluate(scheme, dataset, backend="python").unit("500102").item("A5").explanation.rubric == (
        replace(rubric, self_level=None)
    )


def test_a_missing_value_names_the_input_and_which_of_two_years(backend: str) -> None:
    scheme, dataset = _round()
    item = evaluate(scheme, dataset, backend=backend).unit("500102").item("A6")
    assert item.status == MISSING
    (missing,) = item.explanation.missing
    assert (missing.code, missing.period, missing.year_role) == ("b", 2020, "上年")
    assert "缺少 2020年（上年）的 乙数" in item.explanation.text
    assert evaluate(scheme, dataset, backend="python").unit("500101").item("A6").explanation.missing == ()


def test_a_missing_aggregate_names_the_school_input_and_how_many_schools_lack_it() -> None:
    scheme, dataset = _round()
    item = evaluate(scheme, dataset, backend="python").unit("500102").item("A1")
    assert item.status == MISSING
    assert [m.sentence for m in item.explanation.missing] == [
        "所辖学校的 图书册数（2021年）：1 所中 1 所缺失"
    ]


def test_a_live_round_lists_the_schools_as_the_data_now_stands() -> None:
    scheme, dataset = _round()
    live = LiveRound(scheme, dataset, backend="python")
    results = live.set_values([("S4", "books", 2021, 1000.0)])  # 20 books a pupil
    (detail,) = results.unit("500101").item("A1").explanation.aggregates
    assert detail.counted == 4 and detail.highest is not None
    assert (detail.highest.name, detail.highest.value) == ("第四小学", 20.0)


def test_a_cv_of_the_bundled_round_lists_the_extremes_of_its_school_values() -> None:
    scheme = read_scheme(bundled_scheme_path())
    dataset = bundled_dataset()
    unit = evaluate(scheme, dataset, backend="python").unit("500105")
    item = unit.item("A6.2.2")  # 小学/初中生均教学仪器设备值差异系数
    details = item.explanation.aggregates
    assert [d.function for d in details] == ["cv", "cv"]
    listed = school_values(scheme, dataset, "500105", "A6.2.2")
    for detail, found in zip(details, listed, strict=True):
        values = [float(s.value) for s in found.counted]  # type: ignore[arg-type]
        assert detail.counted == len(values) > 1
        assert detail.lowest is not None and detail.highest is not None
        assert detail.lowest.value == min(values) and detail.highest.value == max(values)
        assert detail.lowest.code in {s.code for s in found.counted if s.value == min(values)}
        assert detail.highest.code in {s.code for s in found.counted if s.value == max(values)}
    primary = unit.indicators["cv_equipment_primary"]
    assert details[0].value == primary
