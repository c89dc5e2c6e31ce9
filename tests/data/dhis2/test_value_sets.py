"""DHIS2 dataValueSets JSON: payload shapes from the DHIS2 docs, located problems, round trips."""

from __future__ import annotations

import io
import json
import math
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dudao.data.dhis2 import Dhis2Mapping, ExportReport, read_value_sets, write_value_sets
from dudao.data.records import ValueBatch, check_batch
from dudao.samples import bundled_dataset, bundled_scheme_path
from dudao.scheme import read_scheme

from .conftest import FIXTURES, bundled_mapping

KEY = ["unit", "element", "period"]


def values(batch: ValueBatch) -> list[tuple[str, str, int, float]]:
    frame = batch.values.sort_values(KEY)
    return [tuple(row) for row in frame[[*KEY, "value"]].itertuples(index=False)]  # type: ignore[misc]


def plain(frame: pd.DataFrame) -> list[tuple[str, str, int, float | None]]:
    """The rows sorted by key, with None for NaN, so that frames compare exactly."""
    rows = frame.sort_values(KEY)[[*KEY, "value"]].itertuples(index=False)
    return [(str(u), str(e), int(p), None if math.isnan(v) else float(v)) for u, e, p, v in rows]


def located(batch: ValueBatch) -> list[tuple[int, int, str, str]]:
    return [(p.location.line, p.location.column, p.location.field, p.code) for p in batch.problems]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "payload.json"
    path.write_text(text, encoding="utf-8")
    return path


def test_set_level_period_org_unit_and_combos_apply_to_every_value(bundled: Dhis2Mapping) -> None:
    batch = read_value_sets(FIXTURES / "set_level.json", bundled)
    assert batch.problems == ()
    assert values(batch) == [
        ("500105", "edu_budget", 2021, 156700.5),
        ("500105", "edu_plan_issued", 2021, 1.0),
        ("500105", "pop_3_5", 2021, 25000.0),
        ("500105", "pop_6_14", 2021, 87000.0),
    ]
    assert batch.values["line"].tolist() == [8, 14, 19, 24]  # each value's opening brace
    assert batch.values["cell"].tolist() == [f"dataValues[{i}]" for i in range(4)]


def test_a_bulk_payload_by_code_reads_disaggregations_and_yes_no_values(bundled: Dhis2Mapping) -> None:
    batch = read_value_sets(FIXTURES / "bulk_codes.json", bundled)
    assert batch.problems == ()
    assert values(batch) == [
        ("5001050151", "pupils_primary", 2020, 1236.0),
        ("5001050151", "pupils_primary", 2021, 1284.0),
        ("5001050152", "pupils_primary", 2021, 956.0),
        ("5001050187", "has_psych_teacher", 2021, 1.0),
        ("5001050187", "is_private", 2021, 0.0),
        ("5001050187", "pupils_junior", 2021, 1410.0),
        ("5001050187", "teachers", 2021, 118.0),
    ]


def test_the_id_scheme_of_the_payload_is_honoured(bundled: Dhis2Mapping, tmp_path: Path) -> None:
    # by UID, "500105" is no org unit: the payload says its ids are UIDs
    text = '{"orgUnitIdScheme": "UID", "dataValues": [{"dataElement": "EDU_POP_3_5", "period": "2021", "orgUnit": "500105", "value": "1"}]}'
    batch = read_value_sets(write(tmp_path, text), bundled)
    assert batch.values.empty and [p.code for p in batch.problems] == ["dhis2-unmapped-org-unit"]
    by_name = text.replace('"orgUnitIdScheme": "UID"', '"idScheme": "NAME"')
    batch = read_value_sets(write(tmp_path, by_name), bundled)
    assert [(p.location.field, p.code) for p in batch.problems] == [("idScheme", "dhis2-id-scheme")]


def test_an_export_response_with_deleted_empty_and_ignored_values(bundled: Dhis2Mapping) -> None:
    batch = read_value_sets(FIXTURES / "export_response.json", bundled)
    assert batch.problems == ()  # EDU_KG_TEACHERS is listed under ignore_data_elements
    read = {row[1]: row[3] for row in values(batch)}
    assert read.keys() == {"pop_3_5", "edu_budget", "general_budget_expenditure", "per_pupil_funds_primary"}
    assert read["pop_3_5"] == 28514.0 and read["edu_budget"] == 138980.0
    assert math.isnan(read["general_budget_expenditure"])  # deleted: true
    assert math.isnan(read["per_pupil_funds_primary"])  # value ""


def test_every_problem_is_located_by_line_column_and_json_path(bundled: Dhis2Mapping) -> None:
    batch = read_value_sets(FIXTURES / "problems.json", bundled)
    assert values(batch) == [
        ("500105", "per_pupil_funds_primary", 2021, 1009.0),
        ("500105", "pop_3_5", 2021, 25000.0),
    ]
    assert located(batch) == [
        (6, 5, "dataValues[1]", "dhis2-unmapped-element"),
        (8, 5, "dataValues[3]", "dhis2-unmapped-combo"),
        (9, 5, "dataValues[4]", "dhis2-unmapped-org-unit"),
        (10, 5, "dataValues[5]", "bad-period"),
        (11, 5, "dataValues[6].value", "not-a-number"),
        (12, 5, "dataValues[7].value", "not-a-number"),
        (13, 5, "dataValues[8]", "dhis2-attribute-combo"),
        (14, 5, "dataValues[9].dataElement", "required"),
        (15, 5, "dataValues[10]", "json-shape"),
    ]
    by_code = {p.code: p for p in batch.problems}
    assert "its 2 value(s) were skipped" in by_code["dhis2-unmapped-element"].message_en
    assert "'NotMapped01'" in by_code["dhis2-unmapped-element"].message_en
    assert "expected a Yearly period such as 2021" in by_code["bad-period"].message_en
    unreadable = [p for p in batch.problems if p.code == "not-a-number"]
    assert any("“15万”带有单位" in p.message_zh for p in unreadable)
    assert any("choose “是” (yes) or “否” (no)" in p.message_en for p in unreadable)


def test_a_checked_batch_names_the_json_path_of_a_rejected_value(
    bundled: Dhis2Mapping, tmp_path: Path
) -> None:
    text = '{"period": "2021", "orgUnit": "XMbNyu4DxhW", "dataValues": [{"dataElement": "EDU_PER_PUPIL_FUNDS_PRIMARY", "value": "99999"}]}'
    batch = read_value_sets(write(tmp_path, text), bundled)
    scheme = read_scheme(bundled_scheme_path())
    levels = {unit.code: unit.level for unit in bundled_dataset().units}
    levels = {code: None if level == "district" else level for code, level in levels.items()}
    checked = check_batch(batch, scheme.elements, levels)
    assert [(p.location.field, p.code) for p in checked.problems] == [("dataValues[0]", "out-of-range")]


@pytest.mark.parametrize(
    ("text", "line", "column", "code"),
    [
        ('{"dataValues": [{"dataElement": "x", "value": "1"},]}', 1, 52, "json-syntax"),
        ('{"dataValues": [\n  {"dataElement": "x" "value": "1"}\n]}', 2, 23, "json-syntax"),
        ('{"dataValues": []', 1, 18, "json-syntax"),
        ('{"dataValues": []} []', 1, 20, "json-syntax"),
        ("", 1, 1, "json-shape"),
        ('[{"dataElement": "x"}]', 1, 1, "json-shape"),
        ('{"dataSet": "x"}', 1, 1, "json-shape"),
        ('{"dataValues": {"dataElement": "x"}}', 1, 16, "json-shape"),
        ("{}", 1, 1, "json-shape"),
        ('{"dataValues": [], 1: 2}', 1, 20, "json-syntax"),
    ],
)
def test_malformed_json_is_one_located_problem(
    bundled: Dhis2Mapping, tmp_path: Path, text: str, line: int, column: int, code: str
) -> None:
    batch = read_value_sets(write(tmp_path, text), bundled)
    assert batch.values.empty
    assert located(batch) == [(line, column, "", code)]


def test_unreadable_files_are_problems(bundled: Dhis2Mapping, tmp_path: Path) -> None:
    assert [p.code for p in read_value_sets(tmp_path / "none.json", bundled).problems] == ["file-unreadable"]
    (tmp_path / "gbk.json").write_bytes('{"dataValues": ["单位"]}'.encode("gbk"))
    assert [p.code for p in read_value_sets(tmp_path / "gbk.json", bundled).problems] == ["file-encoding"]


def test_a_minified_payload_locates_values_by_column(bundled: Dhis2Mapping, tmp_path: Path) -> None:
    payload = json.loads((FIXTURES / "problems.json").read_text(encoding="utf-8"))
    batch = read_value_sets(write(tmp_path, json.dumps(payload, separators=(",", ":"))), bundled)
    assert {p.location.line for p in batch.problems} == {1}
    assert [p.location.field for p in batch.problems][:2] == ["dataValues[1]", "dataValues[3]"]
    assert len({p.location.column for p in batch.problems}) == len(batch.problems)


def test_progress_is_reported_per_value(bundled: Dhis2Mapping) -> None:
    seen: list[tuple[int, int]] = []
    read_value_sets(
        FIXTURES / "set_level.json", bundled, progress=lambda done, total: seen.append((done, total))
    )
    assert len(seen) == 4 and seen[-1][0] <= seen[-1][1] and seen == sorted(seen)


def test_import_export_import_gives_the_same_values(bundled: Dhis2Mapping, tmp_path: Path) -> None:
    for name in ("set_level.json", "bulk_codes.json", "export_response.json"):
        first = read_value_sets(FIXTURES / name, bundled)
        report = write_value_sets(first.values, bundled, tmp_path / name, empty="delete")
        assert report.problems == () and report.written == len(first.values)
        again = read_value_sets(tmp_path / name, bundled)
        assert again.problems == () and plain(again.values) == plain(first.values)


def test_the_export_is_a_payload_dhis2_imports(bundled: Dhis2Mapping) -> None:
    frame = pd.DataFrame(
        {
            "unit": ["5001050187", "5001050187", "500105", "500105"],
            "element": ["pupils_junior", "is_private", "edu_budget", "pop_3_5"],
            "period": [2021, 2021, 2021, 2021],
            "value": [1410.0, 0.0, 156700.25, math.nan],
        }
    )
    out = io.StringIO()
    report = write_value_sets(frame, bundled, out)
    payload = json.loads(out.getvalue())
    assert (report.considered, report.written, report.left_out) == (4, 3, (("empty-value", 1),))
    assert [(p.code, p.severity.value) for p in report.problems] == [("empty-value", "warning")]
    assert payload["dataSet"] == "migBNIDwgFF" and "idScheme" not in payload
    assert payload["dataValues"][0] == {
        "dataElement": "Yp726isdnPG",
        "period": "2021",
        "orgUnit": "vopXBIZ87SI",
        "categoryOptionCombo": "UoDIHwnwbAs",
        "attributeOptionCombo": "HllvX50cXC0",
        "value": "1410",
    }
    assert [v["value"] for v in payload["dataValues"]] == ["1410", "false", "156700.25"]
    assert all(isinstance(v["value"], str) for v in payload["dataValues"])


def test_values_without_a_mapping_are_reported_not_silently_dropped(bundled: Dhis2Mapping) -> None:
    frame = pd.DataFrame(
        {
            "unit": ["500105", "500105", "500105", "999999"],
            "element": ["cohort_grade1", "cohort_grade1", "pop_3_5", "pop_3_5"],
            "period": [2021, 2020, 2021, 2021],
            "value": [8600.0, 8380.0, 25000.0, 1.0],
        }
    )
    report = write_value_sets(frame, bundled, io.StringIO())
    assert (report.written, report.skipped) == (1, 3)
    assert [(p.code, p.location.field) for p in report.problems] == [
        ("dhis2-unmapped-element", "element cohort_grade1"),
        ("dhis2-unmapped-unit", "unit 999999"),
    ]
    assert "its 2 value(s) were not written" in report.problems[0].message_en


def test_a_code_mapping_writes_codes_financial_years_and_its_attribute_combo(financial: Dhis2Mapping) -> None:
    frame = pd.DataFrame(
        {
            "unit": ["5001050151", "5001050187", "5001050187"],
            "element": ["pupils_primary", "teachers", "has_charter"],
            "period": [2021, 2021, 2021],
            "value": [1284.0, 118.0, 1.0],
        }
    )
    out = io.StringIO()
    assert write_value_sets(frame, financial, out).written == 3
    payload = json.loads(out.getvalue())
    assert payload["idScheme"] == "CODE" and payload["dataSet"] == "SCHOOL_CENSUS"
    first = payload["dataValues"][0]
    assert (first["dataElement"], first["categoryOptionCombo"], first["orgUnit"]) == (
        "PUPILS",
        "PRIMARY",
        "CQ_JB_TAOYUAN",
    )
    assert {v["period"] for v in payload["dataValues"]} == {"2021Sep"}
    assert {v["attributeOptionCombo"] for v in payload["dataValues"]} == {"CQ_CENSUS"}
    assert payload["dataValues"][1]["categoryOptionCombo"] == "default"
    assert payload["dataValues"][2]["value"] == "true"


def test_a_financial_year_payload_reads_back_to_its_start_year(
    financial: Dhis2Mapping, tmp_path: Path
) -> None:
    text = json.dumps(
        {
            "idScheme": "CODE",
            "attributeOptionCombo": "CQ_CENSUS",
            "dataValues": [
                {"dataElement": "TEACHERS", "period": "2021Sep", "orgUnit": "CQ_JB_HUANGJUE", "value": "118"},
                {"dataElement": "TEACHERS", "period": "2021", "orgUnit": "CQ_JB_HUANGJUE", "value": "118"},
                {
                    "dataElement": "TEACHERS",
                    "categoryOptionCombo": "bRowv6yZOF2",
                    "period": "2020Sep",
                    "orgUnit": "CQ_JB_HUANGJUE",
                    "attributeOptionCombo": "HllvX50cXC0",
                    "value": "117",
                },
            ],
        },
        indent=1,
    )
    batch = read_value_sets(write(tmp_path, text), financial)
    assert values(batch) == [("5001050187", "teachers", 2021, 118.0)]
    assert [p.code for p in batch.problems] == ["bad-period", "dhis2-attribute-combo"]
    assert "expected a FinancialSep period such as 2021Sep" in batch.problems[0].message_en


def written_rows(frame: pd.DataFrame, report: ExportReport) -> pd.DataFrame:
    """The rows of ``frame`` an export wrote: all but those it refused (a number too long for
    DHIS2: an arbitrary float may be), each refused with a problem at unit/element/period."""
    assert {p.code for p in report.problems} <= {"dhis2-invalid-value", "empty-value"}
    refused = {p.location.field for p in report.problems if p.code == "dhis2-invalid-value"}
    keys = [f"{u}/{e}/{p}" for u, e, p in zip(frame["unit"], frame["element"], frame["period"], strict=True)]
    return frame[pd.Series([key not in refused for key in keys], index=frame.index, dtype=bool)]


UNITS = ["500105", "500101", "5001050151", "5001050187"]
ELEMENTS = ["pop_3_5", "edu_budget", "pupils_primary", "pupils_junior", "is_private", "edu_plan_issued"]


@st.composite
def frames(draw: st.DrawFn) -> pd.DataFrame:
    keys = draw(
        st.lists(
            st.tuples(st.sampled_from(UNITS), st.sampled_from(ELEMENTS), st.integers(1990, 2100)),
            unique=True,
            max_size=30,
        )
    )
    rows = []
    for unit, element, period in keys:
        if element in ("is_private", "edu_plan_issued"):
            value = draw(st.sampled_from([0.0, 1.0, math.nan]))
        else:
            value = draw(st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.just(math.nan)))
        rows.append((unit, element, period, value))
    return pd.DataFrame(rows, columns=["unit", "element", "period", "value"]).astype({"period": "int64"})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(frame=frames())
def test_arbitrary_values_round_trip(tmp_path: Path, frame: pd.DataFrame) -> None:
    mapping = bundled_mapping()
    path = tmp_path / "round.json"
    report = write_value_sets(frame, mapping, path, empty="delete")
    kept = written_rows(frame, report)
    assert report.written == len(kept) and report.written + report.skipped == len(frame)
    batch = read_value_sets(path, mapping)
    assert batch.problems == ()
    assert plain(batch.values) == plain(kept)


def test_ids_that_are_not_text_are_shape_problems(bundled: Dhis2Mapping, tmp_path: Path) -> None:
    text = '{"period": "2021", "dataValues": [{"dataElement": ["SxRId9o3ccT"], "orgUnit": "500105", "value": "1"}]}'
    batch = read_value_sets(write(tmp_path, text), bundled)
    assert located(batch) == [(1, 35, "dataValues[0].dataElement", "json-shape")]


def test_a_yes_no_value_that_is_neither_is_reported_on_export(bundled: Dhis2Mapping) -> None:
    frame = pd.DataFrame(
        {"unit": ["5001050187"], "element": ["is_private"], "period": [2021], "value": [0.5]}
    )
    report = write_value_sets(frame, bundled, io.StringIO())
    assert (report.written, report.skipped) == (0, 1)
    assert [(p.code, p.location.field) for p in report.problems] == [
        ("bad-choice", "5001050187/is_private/2021")
    ]


def test_a_true_only_no_is_written_empty_so_dhis2_clears_it(financial: Dhis2Mapping) -> None:
    frame = pd.DataFrame(
        {"unit": ["5001050187"], "element": ["has_charter"], "period": [2021], "value": [0.0]}
    )
    out = io.StringIO()
    assert write_value_sets(frame, financial, out).written == 1
    assert json.loads(out.getvalue())["dataValues"][0]["value"] == ""


@pytest.mark.parametrize("format", ["dhis2", "adx"])
def test_every_value_is_written_or_left_out_with_its_reason(bundled: Dhis2Mapping, format: str) -> None:
    from dudao.data.dhis2 import write_adx
    from dudao.data.dhis2.export import LEFT_OUT

    frame = pd.DataFrame(
        {
            "unit": ["500105", "500105", "500105", "999999", "500105", "5001050187"],
            "element": ["pop_3_5", "pop_6_14", "cohort_grade1", "pop_3_5", "edu_budget", "is_private"],
            "period": [2021] * 6,
            "value": [25000.0, math.nan, 8600.0, 1.0, 156700.25, 0.5],
        }
    )
    out = io.StringIO()
    if format == "dhis2":
        report = write_value_sets(frame, bundled, out)
        in_file = len(json.loads(out.getvalue())["dataValues"])
    else:
        report = write_adx(frame, bundled, out, exported="2022-03-01T08:30:00Z")
        in_file = out.getvalue().count("<dataValue ")
    assert (report.considered, report.written, in_file) == (6, 2, 2)
    assert dict(report.left_out) == {
        "empty-value": 1,  # was neither written nor counted
        "dhis2-unmapped-element": 1,
        "dhis2-unmapped-unit": 1,
        "bad-choice": 1,
    }
    assert report.written + report.skipped == report.considered and report.refused == 1
    assert {p.code for p in report.problems} == set(dict(report.left_out)) <= set(LEFT_OUT)
    empty = next(p for p in report.problems if p.code == "empty-value")
    assert empty.severity.value == "warning" and "its 1 value(s) were not written" in empty.message_en
