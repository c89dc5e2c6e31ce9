"""Values that CSV and JSON imports used to store wrong, or crash on (issue #16, items 10–11)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dudao.data.long_format import read_long_csv, read_long_json
from dudao.data.records import ValueBatch, check_batch
from dudao.expr.ir import Type
from dudao.scheme.model import Element

ELEMENTS = (
    Element("pupils", "在校生数", unit="人", minimum=0),
    Element("retention", "巩固率", unit="%", minimum=0, maximum=100),
    Element("private", "是否民办", type=Type.BOOL),
)
HEADER = "unit,element,period,value\n"


def checked(batch: ValueBatch) -> tuple[dict[tuple[str, str], float], list[tuple[object, str, str]]]:
    result = check_batch(batch, ELEMENTS, {"500105": None})
    stored = {
        (u, e): v
        for u, e, v in zip(
            result.values["unit"], result.values["element"], result.values["value"], strict=True
        )
    }
    return stored, [(p.location.line or p.location.field, p.location.field, p.code) for p in result.problems]


@pytest.mark.parametrize("word", ["无", "是", "yes", "有", "否"])
def test_a_yes_no_word_in_a_number_field_is_refused_at_its_place_not_stored_as_0_or_1(
    tmp_path: Path, word: str
) -> None:
    path = tmp_path / "v.csv"
    path.write_text(HEADER + f"500105,pupils,2021,{word}\n500105,private,2021,{word}\n", encoding="utf-8")
    stored, problems = checked(read_long_csv(path))
    assert ("500105", "pupils") not in stored
    assert problems == [(2, "value", "yes-no-in-number")]
    assert stored[("500105", "private")] in (0.0, 1.0)  # a yes/no field takes it


def test_json_true_in_a_number_field_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "v.json"
    rows = [
        {"unit": "500105", "element": "pupils", "period": 2021, "value": True},
        {"unit": "500105", "element": "private", "period": 2021, "value": True},
    ]
    path.write_text(json.dumps(rows), encoding="utf-8")
    result = check_batch(read_long_json(path), ELEMENTS, {"500105": None})
    assert [(p.location.field, p.code) for p in result.problems] == [("[0]", "yes-no-in-number")]
    assert "本项应填数字" in result.problems[0].message_zh
    assert result.values["element"].tolist() == ["private"]


def test_1e400_and_a_thousand_digit_integer_in_json_are_refused_at_their_place(tmp_path: Path) -> None:
    path = tmp_path / "v.json"
    path.write_text(
        '{"values": [{"unit": "500105", "element": "pupils", "period": 2021, "value": 1e400},'
        ' {"unit": "500105", "element": "pupils", "period": 2021, "value": ' + "9" * 5000 + "},"
        ' {"unit": "500105", "element": "pupils", "period": ' + "9" * 40 + ', "value": 1}]}',
        encoding="utf-8",
    )
    batch = read_long_json(path)
    assert [(p.location.field, p.code) for p in batch.problems] == [
        ("values[0].value", "not-finite"),
        ("values[1].value", "not-finite"),
        ("values[2].period", "bad-period"),
    ]


def test_json_nested_thousands_deep_is_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "deep.json"
    path.write_text("[" * 200_000 + "]" * 200_000, encoding="utf-8")
    assert [p.code for p in read_long_json(path).problems] == ["json-shape"]


def test_an_unquoted_thousands_comma_is_reported_at_its_own_line(tmp_path: Path) -> None:
    path = tmp_path / "v.csv"
    path.write_text(
        HEADER + "500105,pupils,2021,1200\n500105,retention,2021,95\n500105,pupils,2021,1,234\n",
        encoding="utf-8",
    )
    batch = read_long_csv(path)
    [problem] = batch.problems
    assert (problem.code, problem.location.line, problem.location.column) == ("csv-extra-fields", 4, 5)
    assert '"1,234"' in problem.message_zh and "5 个字段" in problem.message_zh
    assert batch.values["value"].tolist() == [1200.0, 95.0]  # nothing shifted


def test_trailing_commas_on_every_line_shift_nothing(tmp_path: Path) -> None:
    path = tmp_path / "v.csv"
    path.write_text(
        "unit,element,period,value,\n500105,pupils,2021,1200,\n500105,private,2021,1,\n", encoding="utf-8"
    )
    batch = read_long_csv(path)
    assert batch.problems == ()
    assert batch.values[["unit", "element", "value"]].values.tolist() == [
        ["500105", "pupils", 1200.0],
        ["500105", "private", 1.0],
    ]


def test_a_row_with_far_too_many_fields_is_found_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "v.csv"
    path.write_text(
        HEADER + "500105,pupils,2021,1\n" + "500105,pupils,2021" + ",1" * 40 + "\n", encoding="utf-8"
    )
    [problem] = read_long_csv(path).problems
    assert (problem.code, problem.location.line) == ("csv-extra-fields", 3)


def test_a_rate_above_its_bound_is_refused_and_a_gross_ratio_is_not_bounded(tmp_path: Path) -> None:
    gross = Element("gross", "学前三年毛入园率", unit="%", minimum=0)
    path = tmp_path / "v.csv"
    path.write_text(HEADER + "500105,retention,2021,150%\n500105,gross,2021,124.6\n", encoding="utf-8")
    result = check_batch(read_long_csv(path), (*ELEMENTS, gross), {"500105": None})
    assert [(p.location.line, p.code) for p in result.problems] == [(2, "out-of-range")]
    assert result.values["value"].tolist() == [124.6]
