"""Rules the scheme declares, over every unit: cross-field checks, plausibility ranges, last year."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dudao.data.quality import QualityInput, change_failures, check_failures, range_failures, rule_failures
from dudao.engine.dataset import Dataset
from dudao.scheme import Scheme
from tests.data.quality.conftest import city
from tests.helpers import make_dataset, make_scheme

ELEMENTS = """
elements:
  - {code: a, name: 甲数, level: unit, max_change: 50}
  - {code: b, name: 乙数, level: unit}
  - {code: gross, name: 毛入学率, unit: "%", level: unit, min: 0, max: 150}
  - {code: flag, name: 是否达标, level: unit, type: bool}
  - {code: pupils, name: 学生数, level: school, min: 0, max: 3000}
  - {code: books, name: 图书册数, level: school}
  - {code: ok, name: 学校达标, level: school, type: bool, aggregate: count}
checks:
  - {code: b_le_a, rule: "b <= a", message: 乙数不能大于甲数}
  - {code: books_ge_pupils, level: school, rule: "books >= pupils", severity: warning, message: 图书少于学生}
"""


def scheme() -> Scheme:
    return make_scheme(elements=ELEMENTS)


def data(rows: list[tuple[str, str, int, float | None]], period: int = 2021) -> QualityInput:
    dataset: Dataset = make_dataset(city(districts=2, schools=2), rows)
    return QualityInput(scheme(), dataset, period)


def test_a_check_fails_where_its_rule_is_false_and_says_with_what_values() -> None:
    rows = [
        ("d0", "a", 2021, 10.0), ("d0", "b", 2021, 12.0),  # fails
        ("d1", "a", 2021, 10.0), ("d1", "b", 2021, 9.0),  # passes
        ("d0s0", "pupils", 2021, 500.0), ("d0s0", "books", 2021, 400.0),  # fails (warning)
        ("d0s1", "pupils", 2021, 500.0), ("d0s1", "books", 2021, 9000.0),
    ]  # fmt: skip
    found = check_failures(data(rows))
    assert [(f.unit, f.code, f.severity, f.values) for f in found] == [
        ("d0", "b_le_a", "error", (12.0, 10.0)),
        ("d0s0", "books_ge_pupils", "warning", (400.0, 500.0)),
    ]
    assert found[0].message_zh == "乙数不能大于甲数（乙数 12，甲数 10）"
    assert found[0].kind == "check" and found[0].elements == ("b", "a")


def test_a_check_with_a_missing_input_is_not_evaluated() -> None:
    rows = [("d0", "a", 2021, None), ("d0", "b", 2021, 12.0), ("d1", "b", 2021, 99.0)]
    assert check_failures(data(rows)) == []


def test_a_value_outside_its_range_fails_and_the_range_is_the_schemes() -> None:
    rows = [
        ("d0", "gross", 2021, 124.6),  # a gross ratio above 100% is plausible: the scheme allows 150
        ("d1", "gross", 2021, 151.0),
        ("d0s0", "pupils", 2021, -1.0),
        ("d0s1", "pupils", 2021, 3000.0),
        ("d1s0", "books", 2021, 1e9),  # no range declared
    ]
    found = range_failures(data(rows))
    assert [(f.unit, f.code, f.values) for f in found] == [
        ("d0s0", "pupils", (-1.0,)),
        ("d1", "gross", (151.0,)),
    ]
    assert found[1].message_zh == "“毛入学率”为 151%，超出合理范围 0～150"


def test_a_change_beyond_max_change_either_way_or_from_zero_is_a_warning() -> None:
    rows = [
        ("d0", "a", 2020, 100.0), ("d0", "a", 2021, 151.0),  # +51%
        ("d1", "a", 2020, 100.0), ("d1", "a", 2021, 49.0),  # -51%
        ("d0s0", "a", 2020, 100.0), ("d0s0", "a", 2021, 150.0),  # +50%: allowed
        ("d0s1", "a", 2020, 0.0), ("d0s1", "a", 2021, 3.0),  # from 0
        ("d1s0", "a", 2021, 500.0),  # no value last year: nothing to compare
        ("d1s1", "b", 2020, 1.0), ("d1s1", "b", 2021, 100.0),  # b has no max_change
    ]  # fmt: skip
    found = change_failures(data(rows))
    assert [(f.unit, f.values, f.severity) for f in found] == [
        ("d0", (151.0, 100.0), "warning"),
        ("d0s1", (3.0, 0.0), "warning"),
        ("d1", (49.0, 100.0), "warning"),
    ]
    assert found[0].message_zh == "“甲数”由 2020 年的 100 变为 151，变化 +51.0%，超过方案允许的 ±50%，请核实"
    assert "由 0 变为非零" in found[1].message_zh
    assert [f.unit for f in change_failures(data(rows), previous=2019)] == []


def test_rule_failures_gathers_the_three_kinds_and_clean_bundled_data_pass(
    bundled: tuple[Scheme, Dataset],
) -> None:
    rows = [("d0", "a", 2021, 1.0), ("d0", "b", 2021, 2.0), ("d1", "gross", 2021, 200.0)]
    assert [f.kind for f in rule_failures(data(rows))] == ["check", "range"]
    # the synthetic data draw an unadjusted 巩固率 a little over 100 here and there: flagged
    found = [(f.unit, f.code, f.severity) for f in rule_failures(QualityInput(*bundled, 2021))]
    assert found == [("500108", "consolidation_rate", "warning")]
    # 2020: the warning the scheme keeps for 学科类 vs all tutoring organisations (口径), and 巩固率
    last_year = rule_failures(QualityInput(*bundled, 2020))
    assert {(f.code, f.severity) for f in last_year} == {
        ("subject_le_tutoring", "warning"),
        ("consolidation_rate", "warning"),
    }


def test_a_retention_rate_of_150_percent_is_flagged_and_a_gross_ratio_over_100_is_not(
    bundled: tuple[Scheme, Dataset],
) -> None:
    scheme, dataset = bundled
    values = dataset.values.copy()
    graduates = (values["element"] == "junior_graduates") & (values["period"] == 2021)
    values.loc[graduates, "value"] *= 1.5
    changed = replace(dataset, values=values, _wide_cache={}, _built=set(), _ancestors={})
    found = [f for f in rule_failures(QualityInput(scheme, changed, 2021)) if f.code == "consolidation_rate"]
    assert "500105" in {f.unit for f in found}
    jiangbei = next(f for f in found if f.unit == "500105")
    assert jiangbei.values[0] == pytest.approx(150.0) and "超出方案规定的范围" in jiangbei.message_zh
    assert scheme.indicator_by_code["consolidation_rate"].maximum == 100
    assert scheme.indicator_by_code["gross_kg_rate"].maximum is None  # 毛入园率 124.6 % is genuine
