"""Outliers against peers and against the unit's own history (modified z-score)."""

from __future__ import annotations

from dudao.data.quality import OutlierSettings, QualityInput, find_outliers
from dudao.engine.dataset import Dataset
from dudao.scheme import Scheme
from tests.data.quality.conftest import UnitRow, city
from tests.helpers import make_dataset, make_scheme

SIZES = [400.0, 420, 390, 410, 405, 395, 415, 400, 385, 425]


def outliers(units: list[UnitRow], rows: list[tuple[str, str, int, float | None]], **settings: object):  # type: ignore[no-untyped-def]
    data = QualityInput(make_scheme(), make_dataset(units, rows), 2021)
    return find_outliers(data, OutlierSettings(**settings))  # type: ignore[arg-type]


def test_a_value_far_from_its_peers_is_listed_with_the_group() -> None:
    rows = [(f"d0s{i}", "pupils", 2021, v) for i, v in enumerate(SIZES[:9])] + [
        ("d0s9", "pupils", 2021, 1900.0)
    ]
    [found] = outliers(city(1, 10), rows)
    assert (found.unit, found.element, found.against, found.group, found.size) == (
        "d0s9",
        "pupils",
        "peers",
        "school/primary",
        10,
    )
    assert found.score > 3.5 and found.median == 402.5
    assert found.message_zh.startswith("“学生数”为 1900，明显高于同类 10 个单位的中位数 402.5")


def test_close_values_and_small_groups_are_not_outliers() -> None:
    rows = [(f"d0s{i}", "pupils", 2021, v) for i, v in enumerate(SIZES)]
    assert outliers(city(1, 10), rows) == []
    few = [(f"d0s{i}", "pupils", 2021, v) for i, v in enumerate([400.0, 410, 395, 405, 5000])]
    assert outliers(city(1, 5), few) == []  # 5 < min_peers
    assert [o.unit for o in outliers(city(1, 5), few, min_peers=5)] == ["d0s4"]


def test_peers_are_schools_of_the_same_type() -> None:
    units = [*city(1, 10), ("v", "职校", "d0", "school", "vocational")]
    rows = [(f"d0s{i}", "pupils", 2021, v) for i, v in enumerate(SIZES)] + [("v", "pupils", 2021, 9000.0)]
    assert outliers(units, rows) == []  # a big vocational school has no vocational peers here


def test_zeros_are_absence_not_size_and_mad_zero_uses_the_mean_deviation() -> None:
    rows = [(f"d0s{i}", "books", 2021, 0.0) for i in range(5)]
    rows += [(f"d0s{i}", "books", 2021, 100.0) for i in range(5, 9)] + [("d0s9", "books", 2021, 130.0)]
    zeros_kept = [(f"d0s{i}", "books", 2021, 100.0) for i in range(9)] + [("d0s9", "books", 2021, 130.0)]
    assert outliers(city(1, 10), rows, min_peers=5) != []  # MAD 0 among 100,100,100,100,130
    [found] = outliers(city(1, 10), zeros_kept)
    assert found.unit == "d0s9" and found.score > 3.5  # MAD = 0: the mean absolute deviation serves
    assert (
        outliers(
            city(1, 10), [(f"d0s{i}", "books", 2021, 0.0) for i in range(9)] + [("d0s9", "books", 2021, 5.0)]
        )
        == []
    )


def test_a_unit_against_its_own_history_needs_enough_of_it() -> None:
    history = [
        ("d0s0", "pupils", year, v) for year, v in zip(range(2017, 2021), [400.0, 410, 405, 415], strict=True)
    ]
    jump = [*history, ("d0s0", "pupils", 2021, 800.0)]
    [found] = outliers(city(1, 1), jump)
    assert (found.against, found.group, found.size, found.median) == ("history", "2017-2020", 4, 407.5)
    assert "本单位 2017-2020 年的中位数 407.5" in found.message_zh
    assert outliers(city(1, 1), [*history, ("d0s0", "pupils", 2021, 420.0)]) == []
    assert outliers(city(1, 1), [*history[-2:], ("d0s0", "pupils", 2021, 800.0)]) == []  # 2 < min_history
    assert outliers(city(1, 1), jump, threshold=1000.0) == []


def test_skewed_sizes_are_compared_on_a_log_scale_unless_turned_off() -> None:
    sizes = [100.0, 200, 400, 800, 1600, 300, 500, 250, 600, 3200]  # lognormal-like school sizes
    rows = [(f"d0s{i}", "pupils", 2021, v) for i, v in enumerate(sizes)]
    assert outliers(city(1, 10), rows) == []  # 3200 is 2.25 robust deviations up on the log scale
    [found] = outliers(city(1, 10), rows, log_scale=False)
    assert found.unit == "d0s9" and round(found.score, 2) == round(0.6745 * 2750 / 225, 2)


def test_the_bundled_data_have_few_outliers_and_no_yes_no_ones(bundled: tuple[Scheme, Dataset]) -> None:
    found = find_outliers(QualityInput(*bundled, 2021))
    assert 0 < len(found) < 100
    bools = {e.code for e in bundled[0].elements if e.type.value == "bool"}
    assert not {o.element for o in found} & bools
