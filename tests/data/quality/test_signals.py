"""Each signal of fabricated data on small hand-built data: what it flags and what it leaves alone."""

from __future__ import annotations

from dudao.data.quality import (
    QualityInput,
    Signal,
    SignalSettings,
    digit_preference,
    find_signals,
    identical_values,
    jumps,
    percentage_mismatches,
)
from dudao.data.quality.fabrication import reported_decimals
from tests.data.quality.conftest import UnitRow, city
from tests.helpers import make_dataset, make_scheme

Rows = list[tuple[str, str, int, float | None]]
COUNTS = 12
ELEMENTS = (
    "\nelements:\n"
    "  - {code: a, name: 甲数, level: unit}\n"
    + "".join(f"  - {{code: u{i}, name: 区计数{i}, level: unit}}\n" for i in range(COUNTS))
    + "".join(f"  - {{code: c{i}, name: 计数{i}, level: school}}\n" for i in range(COUNTS))
    + "  - {code: money, name: 经费, unit: 万元, level: school}\n"
    + "  - {code: ok, name: 学校达标, level: school, type: bool}\n"
    + "  - {code: tested, name: 测试人数, level: school}\n"
    + "  - {code: passed, name: 合格人数, level: school}\n"
    + '  - {code: rate, name: 合格率, unit: "%", level: school, aggregate: avg, ratio_of: passed / tested}\n'
)


def data(units: list[UnitRow], rows: Rows, period: int = 2021) -> QualityInput:
    return QualityInput(make_scheme(elements=ELEMENTS), make_dataset(units, rows), period)


def spread(district: int, school: int, element: str = "c0") -> float:
    """A distinct, unremarkable value per school."""
    return float(300 + 37 * school + 411 * district)


# -- identical values ---------------------------------------------------------------------------
def base_rows(element: str = "c0") -> Rows:
    return [(f"d{d}s{s}", element, 2021, spread(d, s)) for d in range(3) for s in range(10)]


def set_value(rows: Rows, units: list[str], value: float, element: str = "c0") -> Rows:
    return [(u, e, p, value if u in units and e == element else v) for u, e, p, v in rows]


def test_a_rare_value_shared_by_several_schools_of_a_district_is_a_lead() -> None:
    rows = set_value(base_rows(), ["d0s1", "d0s4", "d0s7", "d0s8"], 537.0)
    [found] = identical_values(data(city(), rows), SignalSettings())
    assert (found.kind, found.units, found.elements) == (
        "identical",
        ("d0s1", "d0s4", "d0s7", "d0s8"),
        ("c0",),
    )
    assert found.seen_zh.startswith(
        "区0填报的 10 所学校中，4 所的“计数0”同为 537；全市其他区县有 0 所学校填报此值"
    )


def test_common_small_zero_and_yes_no_values_are_not_leads() -> None:
    everywhere = [f"d{d}s{s}" for d in range(3) for s in range(4)]  # 600 in 4 schools of every district
    rows = set_value(base_rows(), everywhere, 600.0)
    rows = set_value(rows, [f"d0s{s}" for s in range(4, 9)], 7.0)  # below identical_min_value
    rows += [(f"d1s{s}", "c1", 2021, 0.0) for s in range(10)]
    rows += [(f"d2s{s}", "ok", 2021, 1.0) for s in range(10)]
    assert identical_values(data(city(), rows), SignalSettings()) == []
    assert (
        identical_values(data(city(), set_value(base_rows(), ["d0s1", "d0s2"], 537.0)), SignalSettings())
        == []
    )


def test_a_value_common_among_the_districts_own_schools_is_not_a_lead() -> None:
    dense = [(f"d0s{s}", "c0", 2021, 500.0 + 2 * s) for s in range(30)]  # d0's 30 schools: 500 … 558
    rows = dense + [(f"d{d}s{s}", "c0", 2021, spread(d, s)) for d in (1, 2) for s in range(30)]
    rows = set_value(rows, ["d0s1", "d0s10", "d0s20"], 531.0)  # 531 is rare in the city, not in d0
    assert identical_values(data(city(3, 30), rows), SignalSettings()) == []
    sparse = set_value(rows, ["d1s1", "d1s10", "d1s20", "d1s25"], 777.0)  # d1's values are spread out
    assert [s.units for s in identical_values(data(city(3, 30), sparse), SignalSettings())] == [
        ("d1s1", "d1s10", "d1s20", "d1s25")
    ]


# -- terminal digits ----------------------------------------------------------------------------
ROUND = [110.0, 220, 335, 450, 560, 675, 780, 890, 905, 1010, 1120, 1235]
CLEAN = [111.0, 223, 337, 452, 564, 676, 789, 898, 905, 1013, 1121, 1239]


def counts(unit: str, values: list[float], prefix: str = "c") -> Rows:
    return [(unit, f"{prefix}{i}", 2021, v) for i, v in enumerate(values)]


def test_counts_ending_in_zero_and_five_are_a_lead() -> None:
    rows = counts("d0s0", ROUND) + counts("d0s1", CLEAN) + counts("d0s2", ROUND[:9])  # 9: too few to test
    [found] = digit_preference(data(city(1, 3), rows), SignalSettings())
    assert (found.kind, found.units, found.elements) == ("digits", ("d0s0",), ())
    assert found.seen_zh.startswith("区0校0的 12 个计数值中，末位为 0 的 8 个、末位为 5 的 4 个")


def test_only_tallied_counts_are_tested() -> None:
    # an element with a decimal value anywhere is no count: d0s0 is left with 9 values, too few
    decimals = counts("d0s0", ROUND) + [("d0s1", f"c{i}", 2021, 12.5) for i in range(3)]
    assert digit_preference(data(city(1, 2), decimals), SignalSettings()) == []
    copied = [("d0s0", f"c{i}", 2021, 500.0) for i in range(COUNTS)]  # one number in every field counts once
    assert digit_preference(data(city(1, 1), copied), SignalSettings()) == []


def test_districts_are_tested_only_when_asked() -> None:
    rows = counts("d0", ROUND, prefix="u")  # district figures are often rounded on purpose
    assert digit_preference(data(city(1, 1), rows), SignalSettings()) == []
    [found] = digit_preference(data(city(1, 1), rows), SignalSettings(digits_levels=("school", "district")))
    assert found.units == ("d0",)


# -- jumps --------------------------------------------------------------------------------------
def years(unit: str, before: float, now: float, element: str = "c0") -> Rows:
    return [(unit, element, 2020, before), (unit, element, 2021, now)]


def test_a_value_that_triples_while_its_peers_hold_steady_is_a_lead() -> None:
    rows = [r for s in range(4, 10) for r in years(f"d0s{s}", 400.0, 408.0)]
    rows += years("d0s0", 400.0, 1250.0) + years("d0s1", 400.0, 700.0)  # ×3.1 and ×1.75
    rows += years("d0s2", 0.0, 500.0) + years("d0s3", 5.0, 18.0)  # from zero; too small
    [found] = jumps(data(city(1, 10), rows), SignalSettings())
    assert (found.kind, found.units, found.elements) == ("jump", ("d0s0",), ("c0",))
    assert (
        found.seen_zh
        == "区0校0的“计数0”由 2020 年的 400 变为 2021 年的 1250（3.12 倍），同类单位同期的中位变化为 1.02 倍"
    )
    down = rows + years("d0s1", 400.0, 120.0, element="c1")  # a fall counts as much as a rise
    assert {f.units for f in jumps(data(city(1, 10), down), SignalSettings())} == {("d0s0",), ("d0s1",)}


def test_a_change_every_peer_shares_is_not_a_lead() -> None:
    rows = [r for s in range(9) for r in years(f"d0s{s}", 900.0, 300.0)]  # every school ÷3 (a new 口径)
    rows += years("d0s9", 900.0, 870.0)  # the one that held steady did not jump either
    assert jumps(data(city(1, 10), rows), SignalSettings()) == []


# -- percentages --------------------------------------------------------------------------------
def shares(unit: str, tested: float, passed: float, rate: float | None) -> Rows:
    return [(unit, "tested", 2021, tested), (unit, "passed", 2021, passed), (unit, "rate", 2021, rate)]


def test_a_share_that_is_not_its_counts_ratio_is_a_lead() -> None:
    rows = (
        shares("d0s0", 900, 812, 90.2)  # 90.22 rounded
        + shares("d0s1", 900, 812, 90.0)  # reported as a whole percent
        + shares("d0s2", 900, 812, 90.3)  # one unit of its last decimal away: rounding up, allowed
        + shares("d0s3", 900, 812, 95.0)  # does not match
        + shares("d0s4", 0, 0, 100.0)  # no denominator
        + shares("d0s5", 900, 812, None)  # no share reported
    )
    [found] = percentage_mismatches(data(city(1, 6), rows), SignalSettings())
    assert (found.units, found.elements) == (("d0s3",), ("rate", "passed", "tested"))
    assert found.seen_zh == "区0校3填报“合格率”为 95%，而“合格人数”812 ÷ “测试人数”900 得 90.22%"
    assert percentage_mismatches(data(city(1, 6), rows), SignalSettings(percentage_slack=0.5)) != [found]


def test_reported_decimals() -> None:
    assert reported_decimals(__import__("numpy").array([90.0, 90.2, 90.22, 90.123456])).tolist() == [
        0,
        1,
        2,
        4,
    ]


# -- running signals ----------------------------------------------------------------------------
def test_find_signals_runs_any_check_of_the_same_shape_strongest_first() -> None:
    def big(data: QualityInput, settings: SignalSettings) -> list[Signal]:
        now = data.now[data.now["value"] > 1000]
        return [
            Signal("claims", data.period, (u,), ("c0",), v / 1000, f"{u} 报告称…", f"{u} claims…")
            for u, v in zip(now["unit"], now["value"], strict=True)
        ]

    rows = set_value(base_rows(), ["d0s1", "d0s4", "d0s7", "d0s8"], 537.0)
    found = find_signals(data(city(), rows), [identical_values, big])
    assert [s.kind for s in found][:2] == ["identical", "claims"]
    assert [s.strength for s in found[1:]] == sorted((s.strength for s in found[1:]), reverse=True)
