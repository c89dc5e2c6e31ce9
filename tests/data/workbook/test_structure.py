"""Lining up a sheet's codes with the template's, and the layout sheet's own round trip."""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from dudao.data.workbook import read_workbook, write_template
from dudao.data.workbook.layout import Layout, SheetLayout, sheet_name
from dudao.data.workbook.structure import align
from dudao.engine.dataset import Dataset, Unit
from dudao.scheme import Scheme

CODES = st.lists(st.text("abcdefgh", min_size=1, max_size=3), unique=True, max_size=30)


@given(CODES, st.data())
def test_align_accounts_for_every_code_once_and_matches_only_equal_codes(
    expected: list[str], data: st.DataObject
) -> None:
    actual = list(expected)
    for _ in range(data.draw(st.integers(0, 4))):
        edit = data.draw(st.sampled_from(["delete", "insert", "change"]))
        at = data.draw(st.integers(0, len(actual)))
        if edit == "insert" or not actual:
            actual.insert(at, data.draw(st.text("xyz", min_size=1, max_size=2)))
        elif edit == "delete":
            del actual[min(at, len(actual) - 1)]
        else:
            actual[min(at, len(actual) - 1)] = "changed"
    mapping, changes = align(expected, actual)
    assert all(expected[i] == actual[j] for i, j in mapping.items())
    assert list(mapping.values()) == sorted(mapping.values())  # the order is kept
    seen_expected = sorted([*mapping, *(c.expected for c in changes if c.expected is not None)])
    seen_actual = sorted([*mapping.values(), *(c.actual for c in changes if c.actual is not None)])
    assert seen_expected == list(range(len(expected))) and seen_actual == list(range(len(actual)))
    if actual == expected:
        assert changes == []


@given(st.text(min_size=1, max_size=40), st.lists(st.text(max_size=12), max_size=200))
def test_the_layout_sheet_gives_back_the_layout(title: str, codes: list[str]) -> None:
    layout = Layout(
        "schools",
        "s",
        "d",
        2021,
        (SheetLayout("学校数据", "schools", ("a", ""), tuple(codes), ((3, "x"),)),),
        title,
    )
    assert Layout.from_rows([list(row) for row in layout.to_rows()]) == layout


def test_a_long_layout_is_cut_into_pieces_that_fit_in_a_cell() -> None:
    codes = tuple(f"{n:010d}" for n in range(20_000))
    layout = Layout("schools", "s", "d", 2021, (SheetLayout("学校数据", "schools", (), codes, ()),))
    rows = list(layout.to_rows())
    assert len(rows) > 5 and all(len(str(cell)) <= 32_767 for row in rows for cell in row)
    assert Layout.from_rows([list(row) for row in rows]) == layout


def test_sheet_names_are_ones_excel_accepts_and_unique() -> None:
    taken: set[str] = set()
    first = sheet_name("A1", "加强党对教育工作的全面领导：保障/投入[2022]？" * 2, taken)
    second = sheet_name("A1", "加强党对教育工作的全面领导：保障/投入[2022]？" * 2, taken)
    for name in (first, second):
        assert len(name) <= 31 and not set(name) & set("[]:*?/\\")
    assert first != second


def test_names_that_look_like_formulas_are_written_as_text(tmp_path: Path, scheme: Scheme) -> None:
    units = (
        Unit("500000", "市", "", "city"),
        Unit("500105", '=HYPERLINK("http://x")', "500000", "district"),
        Unit("5001050001", "=1+1", "500105", "school", "primary"),
    )
    values = pd.DataFrame(
        {
            "unit": [],
            "element": [],
            "period": pd.array([], dtype="int64"),
            "value": pd.array([], dtype="float64"),
        }
    )
    dataset = Dataset(units, values)
    out = io.BytesIO()
    write_template(scheme, dataset, 2021, out, schools=True)
    sheet = load_workbook(io.BytesIO(out.getvalue()))["学校数据"]
    assert [(sheet[c].value, sheet[c].data_type) for c in ("B6", "C6")] == [
        ("=1+1", "s"),
        ('=HYPERLINK("http://x")', "s"),
    ]
    path = tmp_path / "t.xlsx"
    path.write_bytes(out.getvalue())
    assert read_workbook(path, scheme).problems == ()
