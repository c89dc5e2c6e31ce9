"""Completeness per unit and per area: what is expected of whom, and what is there."""

from __future__ import annotations

from dudao.data.quality import ALL, QualityInput, completeness
from dudao.engine.dataset import Dataset
from dudao.scheme import Scheme
from tests.data.quality.conftest import UnitRow
from tests.helpers import make_dataset, make_scheme

ITEMS = """
items:
  - code: A
    name: 规模
    points: 5
    children: [{code: A1, name: 一, points: 5, rule: {type: threshold, value: "sum(pupils) + a", op: ">=", target: 1}}]
  - code: B
    name: 条件
    points: 5
    children: [{code: B1, name: 二, points: 5, rule: {type: threshold, value: "sum(books) + b", op: ">=", target: 1}}]
"""
UNITS: list[UnitRow] = [
    ("c", "市", "", "city", ""),
    ("d", "区", "c", "district", ""),
    *[(f"p{i}", f"小学{i}", "d", "school", "primary") for i in range(4)],
    *[(f"k{i}", f"幼儿园{i}", "d", "school", "kindergarten") for i in range(2)],
]


def result(rows: list[tuple[str, str, int, float | None]]):  # type: ignore[no-untyped-def]
    scheme = make_scheme(items=ITEMS)
    return completeness(QualityInput(scheme, make_dataset(UNITS, rows), 2021))


def rows() -> list[tuple[str, str, int, float | None]]:
    out: list[tuple[str, str, int, float | None]] = [("d", "a", 2021, 1.0), ("d", "b", 2021, None)]
    out += [(f"p{i}", "pupils", 2021, 300.0) for i in range(4)]
    out += [(f"p{i}", "books", 2021, 900.0) for i in range(3)]  # p3 has no books
    out += [(f"k{i}", "pupils", 2021, 80.0) for i in range(2)]  # kindergartens never report books
    out.append(("p0", "books", 2020, 1.0))  # another period does not count
    return out


def test_a_school_owes_what_most_schools_of_its_type_report() -> None:
    found = result(rows())
    # pupils, and books (3 of 4 primary schools report it); not ok, which no school reports
    assert (found.row("p3", ALL).expected, found.row("p3", ALL).present) == (2, 1)
    assert (found.row("p3", "A").share, found.row("p3", "B").share) == (1.0, 0.0)
    assert (found.row("k0", ALL).expected, found.row("k0", ALL).present) == (1, 1)  # books not owed


def test_the_evaluated_unit_owes_every_unit_element_and_the_city_nothing() -> None:
    found = result(rows())
    district = found.row("d", ALL)
    assert (district.expected, district.present) == (3, 1)  # a, b (empty), flag (absent)
    assert found.row("c", ALL).expected == 0 and found.row("c", ALL).share == 1.0


def test_areas_follow_the_items_that_read_each_element() -> None:
    found = result(rows())
    assert {r.area for r in found.rows if r.unit == ALL} == {"A", "B", "rules", ALL}
    assert (found.row(ALL, "A").expected, found.row(ALL, "A").present) == (7, 7)  # a + 6 schools' pupils
    every = found.row(ALL, ALL)
    assert (every.expected, every.present) == (3 + 4 * 2 + 2 * 1, 1 + 4 + 3 + 2)
    missing = {(m.unit, m.element, m.area) for m in found.missing}
    assert (
        ("p3", "books", "B") in missing and ("d", "b", "B") in missing and ("d", "flag", "rules") in missing
    )


def test_only_some_units_works_out_the_totals_again() -> None:
    found = result(rows()).only(frozenset({"p0", "p3"}))
    assert (found.row(ALL, ALL).expected, found.row(ALL, ALL).present) == (4, 3)
    assert [(m.unit, m.element) for m in found.missing] == [("p3", "books")]


def test_the_bundled_round_is_nearly_complete_and_jiangbei_fully(bundled: tuple[Scheme, Dataset]) -> None:
    found = completeness(QualityInput(*bundled, 2021))
    assert 0.95 < found.row(ALL, ALL).share < 1.0
    assert found.row("500105", ALL).share == 1.0  # the generator leaves the clean unit complete
    areas = [r.area for r in found.rows if r.unit == ALL and r.area != ALL]
    assert areas == [a.code for a in bundled[0].items] + ["rules"]
