"""The long layout (unit, element, period, value) as CSV and JSON: reading, problems, writing."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dudao.data.exchange import UnknownFormat, format_of, read_values, write_values
from dudao.data.long_format import CHUNK_ROWS, read_long_csv, read_long_json, write_long_csv, write_long_json

HEADER = "unit,element,period,value\n"


def write(tmp_path: Path, text: str, name: str = "values.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding=encoding)
    return path


def located(batch: object) -> list[tuple[int, int, str, str]]:
    return [(p.location.line, p.location.column, p.location.field, p.code) for p in batch.problems]  # type: ignore[attr-defined]


def test_numbers_yes_no_and_empty_values_are_read(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "500105,pupils,2021,\"1,234\"\n500105,private,2021,否\n500105,rate,2021,\n")
    batch = read_long_csv(path)
    assert batch.problems == ()
    frame = batch.values
    assert frame["value"].iloc[0] == 1234.0 and frame["value"].iloc[1] == 0.0 and np.isnan(frame["value"].iloc[2])
    assert frame["line"].tolist() == [2, 3, 4]


def test_each_bad_cell_is_a_problem_at_its_line_and_column(tmp_path: Path) -> None:
    path = write(tmp_path, HEADER + "500105,pupils,2021,12人\n,pupils,2021,3\n500105,pupils,二〇二一,3\n500105,x,2021,4\n")
    batch = read_long_csv(path)
    assert located(batch) == [
        (2, 4, "value", "not-a-number"),
        (3, 1, "unit", "required"),
        (4, 3, "period", "bad-period"),
    ]
    assert batch.problems[0].message_zh.startswith("“12人”带有单位")
    assert batch.values["element"].tolist() == ["x"]  # only the clean row


def test_columns_may_come_in_any_order_and_extra_ones_are_ignored(tmp_path: Path) -> None:
    path = write(tmp_path, "period,value,comment,element,unit\n2021,5,见说明,pupils,500105\n")
    batch = read_long_csv(path)
    assert batch.values[["unit", "element", "period", "value"]].values.tolist() == [["500105", "pupils", 2021, 5.0]]


def test_a_file_without_the_columns_says_which_are_missing(tmp_path: Path) -> None:
    batch = read_long_csv(write(tmp_path, "单位,数据项,年度,值\n500105,pupils,2021,5\n"))
    assert [p.code for p in batch.problems] == ["csv-columns"]
    assert "缺少列：unit、element、period、value" in batch.problems[0].message_zh
    assert batch.values.empty


def test_a_gbk_file_is_refused_with_how_to_save_it(tmp_path: Path) -> None:
    batch = read_long_csv(write(tmp_path, HEADER + "500105,在园幼儿数,2021,5\n", encoding="gbk"))
    assert [p.code for p in batch.problems] == ["file-encoding"]
    assert "CSV UTF-8" in batch.problems[0].message_zh


def test_a_big_file_streams_in_chunks_with_progress(tmp_path: Path) -> None:
    rows = CHUNK_ROWS + 10
    lines = "".join(f"U{i % 97},e{i % 13},2021,{i}\n" for i in range(rows))
    path = write(tmp_path, HEADER + lines.replace("U5,e5,2021,5\n", "U5,e5,2021,five\n", 1))
    seen: list[tuple[int, int]] = []
    batch = read_long_csv(path, progress=lambda done, total: seen.append((done, total)))
    assert len(batch.values) == rows - 1
    assert located(batch) == [(7, 4, "value", "not-a-number")]
    assert len(seen) == 2 and seen[-1][0] == seen[-1][1] == path.stat().st_size
    assert batch.values["line"].iloc[-1] == rows + 1  # line numbers run on across chunks


def test_json_long_layout_with_its_problems_at_their_paths(tmp_path: Path) -> None:
    data = {"values": [
        {"unit": "500105", "element": "pupils", "period": 2021, "value": 12},
        {"unit": "500105", "element": "pupils", "period": "2020", "value": None},
        {"unit": "500105", "element": "pupils", "period": 2019, "value": "many"},
        {"unit": "500105", "element": "pupils", "value": 1},
        "500105",
    ]}
    batch = read_long_json(write(tmp_path, json.dumps(data), "v.json"))
    assert batch.values["period"].tolist() == [2021, 2020]
    assert [(p.location.field, p.code) for p in batch.problems] == [
        ("values[2].value", "not-a-number"),
        ("values[3]", "required"),
        ("values[4]", "json-shape"),
    ]


def test_malformed_json_is_located(tmp_path: Path) -> None:
    batch = read_long_json(write(tmp_path, '{"values": [\n {"unit": 1,}\n]}', "v.json"))
    assert [(p.code, p.location.line) for p in batch.problems] == [("json-syntax", 2)]


def test_formats_are_told_by_extension_and_by_content(tmp_path: Path) -> None:
    assert format_of(write(tmp_path, '{"dataSet": "x", "dataValues": []}', "d.json")) == "dhis2"
    assert format_of(write(tmp_path, '{"values": []}', "l.json")) == "json"
    with pytest.raises(UnknownFormat):
        format_of("v.txt")
    with pytest.raises(UnknownFormat):
        format_of("v.csv", "parquet")


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.text("0123456789ABC区县", min_size=1, max_size=8),
            st.sampled_from(["pupils", "budget", "rate"]),
            st.integers(1990, 2100),
            st.one_of(st.none(), st.floats(-1e12, 1e12, allow_nan=False), st.integers(-10**9, 10**9)),
        ),
        max_size=30,
        unique_by=lambda r: (r[0], r[1], r[2]),
    ),
    st.sampled_from(["csv", "json"]),
)
def test_what_is_written_reads_back_the_same(tmp_path_factory: pytest.TempPathFactory, rows: list, format: str) -> None:
    folder = tmp_path_factory.mktemp("roundtrip")
    frame = pd.DataFrame(rows, columns=["unit", "element", "period", "value"])
    frame["value"] = pd.to_numeric(frame["value"]).astype("float64")
    path = folder / f"v.{format}"
    write_values(frame, path, format)
    back = read_values(path)
    assert back.problems == ()
    want = frame.sort_values(["unit", "period", "element"]).reset_index(drop=True)
    got = back.values[["unit", "element", "period", "value"]]
    pd.testing.assert_frame_equal(got, want[["unit", "element", "period", "value"]], check_dtype=False)


def test_writing_is_atomic_and_csv_opens_in_excel(tmp_path: Path) -> None:
    frame = pd.DataFrame({"unit": ["500105"], "element": ["pupils"], "period": [2021], "value": [np.nan]})
    write_long_csv(frame, tmp_path / "v.csv")
    write_long_json(frame, tmp_path / "v.json")
    assert (tmp_path / "v.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    assert json.loads((tmp_path / "v.json").read_text())["values"][0]["value"] is None
    assert sorted(p.name for p in tmp_path.iterdir()) == ["v.csv", "v.json"]


# Found by the fuzzer (tests/fuzz): each crashed before it was a located problem.


def test_a_column_named_twice_is_a_problem_at_the_second(tmp_path: Path) -> None:
    batch = read_long_csv(write(tmp_path, "unit,value,period,element,value\n500105,1,2021,x,2\n"))
    assert located(batch) == [(1, 5, "", "csv-columns")]
    assert "value" in batch.problems[0].message_zh


def test_a_header_with_a_bare_carriage_return_is_a_problem_on_line_1(tmp_path: Path) -> None:
    path = tmp_path / "values.csv"
    path.write_bytes(b"unit,element\rperiod,value\n")
    assert located(read_long_csv(path)) == [(1, 1, "", "csv-syntax")]


def test_json_nested_past_the_parsers_depth_is_a_problem(tmp_path: Path) -> None:
    batch = read_long_json(write(tmp_path, "[" * 100_000 + "]" * 100_000, "values.json"))
    assert [p.code for p in batch.problems] == ["json-shape"]
