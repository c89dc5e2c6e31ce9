"""ADX XML: the DHIS2 docs' message shape, disaggregation, located problems, safe parsing, round trips."""

from __future__ import annotations

import io
import math
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

from dudao.data.dhis2 import ADX_NAMESPACE, Dhis2Mapping, Ref, read_adx, write_adx
from dudao.data.records import ValueBatch

from .conftest import FIXTURES, bundled_mapping
from .test_value_sets import frames, plain, written_rows


def located(batch: ValueBatch) -> list[tuple[int, str, str]]:
    return [(p.location.line, p.location.field, p.code) for p in batch.problems]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "message.xml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_message_shaped_like_the_dhis2_docs_example_is_read(bundled: Dhis2Mapping) -> None:
    batch = read_adx(FIXTURES / "adx_doc.xml", bundled)
    assert batch.problems == ()  # EDU_KG_TEACHERS is listed under ignore_data_elements
    assert plain(batch.values) == [
        ("500105", "edu_budget", 2021, 156700.5),
        ("500105", "edu_plan_issued", 2021, 1.0),  # value="0", annotation "true": DHIS2's yes/no
        ("500105", "pop_3_5", 2021, 25000.0),
        ("500105", "pop_6_14", 2021, 87000.0),
        ("5001050151", "is_private", 2021, 0.0),
        ("5001050151", "pupils_primary", 2021, 1284.0),  # EDU_STAGE="PRIMARY"
        ("5001050151", "teachers", 2021, 71.0),
        ("5001050187", "pupils_junior", 2020, 1398.0),  # categoryOptionCombo="EDU_STAGE_JUNIOR"
    ]
    assert batch.values["line"].tolist()[:4] == [6, 7, 8, 9]
    assert batch.values["cell"].tolist()[0] == "group[1]/dataValue[1]"


def test_every_problem_is_located_by_line_and_element_path(bundled: Dhis2Mapping) -> None:
    batch = read_adx(FIXTURES / "adx_problems.xml", bundled)
    assert plain(batch.values) == [("500105", "pop_3_5", 2021, 25000.0)]
    assert located(batch) == [
        (5, "group[1]/dataValue[2]", "dhis2-unmapped-element"),
        (6, "group[1]/dataValue[3]", "dhis2-unmapped-combo"),
        (7, "group[1]/dataValue[4]/@value", "not-a-number"),
        (8, "group[1]/dataValue[5]/annotation", "not-a-number"),
        (9, "group[1]/dataValue[6]", "required"),
        (12, "group[2]/dataValue[1]", "bad-period"),
        (16, "group[3]/dataValue[1]", "dhis2-unmapped-org-unit"),
        (18, "group[4]", "required"),
        (22, "group[5]/dataValue[1]", "dhis2-attribute-combo"),
    ]
    by_code = {p.code: p for p in batch.problems}
    assert "EDU_STAGE=PRESCHOOL" in by_code["dhis2-unmapped-combo"].message_en
    assert "its 2 value(s) were skipped" in by_code["bad-period"].message_en
    assert "2021-01-01/P1Y" in by_code["bad-period"].message_en
    assert "FUNDING=CSF" in by_code["dhis2-attribute-combo"].message_en
    assert by_code["not-a-number"].location.column == 5


@pytest.mark.parametrize(
    ("text", "line", "code"),
    [
        ('<adx xmlns="urn:ihe:qrph:adx:2015">\n  <group orgUnit="500105">\n</adx>', 3, "xml-syntax"),
        ('<adx xmlns="urn:ihe:qrph:adx:2015"><group orgUnit="500105" period=2021/></adx>', 1, "xml-syntax"),
        ("", 1, "xml-syntax"),
        ('<dataValueSet xmlns="http://dhis2.org/schema/dxf/2.0"/>', 1, "adx-shape"),
        ("<adx><group/></adx>", 1, "adx-shape"),
    ],
)
def test_malformed_xml_is_one_located_problem(
    bundled: Dhis2Mapping, tmp_path: Path, text: str, line: int, code: str
) -> None:
    batch = read_adx(write(tmp_path, text), bundled)
    assert batch.values.empty and [(p.location.line, p.code) for p in batch.problems] == [(line, code)]


XXE = """<?xml version="1.0"?>
<!DOCTYPE adx [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<adx xmlns="urn:ihe:qrph:adx:2015" exported="2022-03-01T08:30:00Z">
  <group orgUnit="500105" period="2021-01-01/P1Y" dataSet="&secret;">
    <dataValue dataElement="EDU_POP_3_5" value="1"/>
  </group>
</adx>"""

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<adx xmlns="urn:ihe:qrph:adx:2015"><group orgUnit="&lol2;" period="2021-01-01/P1Y"/></adx>"""


@pytest.mark.parametrize("text", [XXE, BILLION_LAUGHS])
def test_dtds_and_entities_are_refused(bundled: Dhis2Mapping, tmp_path: Path, text: str) -> None:
    batch = read_adx(write(tmp_path, text), bundled)
    assert batch.values.empty
    assert [(p.location.line, p.code) for p in batch.problems] == [(2, "xml-forbidden")]
    assert "refused for safety" in batch.problems[0].message_en


def test_a_stream_and_a_missing_file(bundled: Dhis2Mapping, tmp_path: Path) -> None:
    stream = io.BytesIO((FIXTURES / "adx_doc.xml").read_bytes())
    assert len(read_adx(stream, bundled).values) == 8
    assert [p.code for p in read_adx(tmp_path / "none.xml", bundled).problems] == ["file-unreadable"]


def test_the_export_is_an_adx_message_dhis2_imports(bundled: Dhis2Mapping) -> None:
    frame = pd.DataFrame(
        {
            "unit": ["5001050187", "5001050187", "500105", "500105", "500105"],
            "element": ["pupils_junior", "is_private", "edu_budget", "pop_3_5", "pop_3_5"],
            "period": [2021, 2021, 2021, 2021, 2020],
            "value": [1410.0, 0.0, 0.00001, math.nan, 28514.0],
        }
    )
    out = io.StringIO()
    report = write_adx(frame, bundled, out, exported="2022-03-01T08:30:00Z")
    assert (report.considered, report.written, report.left_out) == (5, 4, (("empty-value", 1),))
    assert out.getvalue() == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<adx xmlns="{ADX_NAMESPACE}" exported="2022-03-01T08:30:00Z">\n'
        '  <group orgUnit="500105" period="2020-01-01/P1Y" dataSet="CQ_EDU_ANNUAL">\n'
        '    <dataValue dataElement="EDU_POP_3_5" value="28514"/>\n'
        "  </group>\n"
        '  <group orgUnit="500105" period="2021-01-01/P1Y" dataSet="CQ_EDU_ANNUAL">\n'
        '    <dataValue dataElement="EDU_BUDGET_PUBLIC" value="0.00001"/>\n'
        "  </group>\n"
        '  <group orgUnit="5001050187" period="2021-01-01/P1Y" dataSet="CQ_EDU_ANNUAL">\n'
        '    <dataValue dataElement="EDU_PUPILS" EDU_STAGE="JUNIOR" value="1410"/>\n'
        '    <dataValue dataElement="EDU_IS_PRIVATE" value="0"><annotation>false</annotation></dataValue>\n'
        "  </group>\n"
        "</adx>\n"
    )


def test_a_financial_year_mapping_writes_and_reads_its_own_periods_and_attributes(
    financial: Dhis2Mapping, tmp_path: Path
) -> None:
    frame = pd.DataFrame(
        {
            "unit": ["5001050151", "5001050187", "5001050187", "5001050187"],
            "element": ["pupils_primary", "teachers", "has_charter", "pupils_junior"],
            "period": [2021, 2021, 2021, 2021],
            "value": [1284.0, 118.0, 1.0, 1410.0],
        }
    )
    path = tmp_path / "census.xml"
    report = write_adx(frame, financial, path, exported="2022-03-01T08:30:00Z")
    text = path.read_text(encoding="utf-8")
    assert report.written == 4 and report.problems == ()
    assert (
        '<group orgUnit="CQ_JB_TAOYUAN" period="2021-09-01/P1Y" dataSet="SCHOOL_CENSUS" FUNDING="MOE">'
        in text
    )
    assert '<dataValue dataElement="PUPILS" LEVEL="PRI" value="1284"/>' in text
    assert '<dataValue dataElement="HAS_CHARTER" value="1"><annotation>true</annotation></dataValue>' in text
    assert plain(read_adx(path, financial).values) == plain(frame)


def test_values_without_a_mapping_are_reported(bundled: Dhis2Mapping) -> None:
    frame = pd.DataFrame(
        {"unit": ["500105"], "element": ["cohort_grade1"], "period": [2021], "value": [8600.0]}
    )
    report = write_adx(frame, bundled, io.StringIO(), exported="2022-03-01T08:30:00Z")
    assert (report.written, report.skipped) == (0, 1)
    assert [p.code for p in report.problems] == ["dhis2-unmapped-element"]


def test_import_export_import_gives_the_same_values(bundled: Dhis2Mapping, tmp_path: Path) -> None:
    first = read_adx(FIXTURES / "adx_doc.xml", bundled)
    path = tmp_path / "again.xml"
    assert write_adx(first.values, bundled, path).written == len(first.values)
    again = read_adx(path, bundled)
    assert again.problems == () and plain(again.values) == plain(first.values)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(frame=frames())
def test_arbitrary_values_round_trip(tmp_path: Path, frame: pd.DataFrame) -> None:
    mapping = bundled_mapping()
    path = tmp_path / "round.xml"
    present = frame[frame["value"].notna()]  # ADX's value is a decimal: an empty value is not sent
    report = write_adx(frame, mapping, path, exported="2022-03-01T08:30:00Z")
    kept = written_rows(present, report)
    assert report.written == len(kept) and report.written + report.skipped == len(frame)
    assert dict(report.left_out).get("empty-value", 0) == len(frame) - len(present)
    batch = read_adx(path, mapping)
    assert batch.problems == () and plain(batch.values) == plain(kept)


def test_a_mapping_without_a_data_set_code_is_warned_about(bundled: Dhis2Mapping) -> None:
    frame = pd.DataFrame({"unit": ["500105"], "element": ["pop_3_5"], "period": [2021], "value": [25000.0]})
    out = io.StringIO()
    report = write_adx(frame, replace(bundled, data_set=Ref()), out)
    assert report.written == 1
    assert [(p.code, p.severity.value) for p in report.problems] == [("dhis2-data-set", "warning")]
    assert '<group orgUnit="500105" period="2021-01-01/P1Y">' in out.getvalue()
    assert 'exported="20' in out.getvalue()


def test_elements_of_other_namespaces_are_ignored(bundled: Dhis2Mapping, tmp_path: Path) -> None:
    text = (
        '<adx xmlns="urn:ihe:qrph:adx:2015" xmlns:x="urn:example" exported="2022-03-01T08:30:00Z">'
        '<x:note>made by hand</x:note><group orgUnit="500105" period="2021-01-01/P1Y" x:source="survey">'
        '<x:dataValue dataElement="EDU_POP_3_5" value="1"/><dataValue dataElement="EDU_POP_3_5" value="2"/>'
        "</group></adx>"
    )
    batch = read_adx(write(tmp_path, text), bundled)
    assert batch.problems == () and plain(batch.values) == [("500105", "pop_3_5", 2021, 2.0)]


def test_a_true_only_no_has_no_adx_form_and_is_counted_as_left_out(financial: Dhis2Mapping) -> None:
    frame = pd.DataFrame(
        {"unit": ["5001050187"], "element": ["has_charter"], "period": [2021], "value": [0.0]}
    )
    report = write_adx(frame, financial, io.StringIO(), exported="2022-03-01T08:30:00Z")
    assert (report.written, report.skipped) == (0, 1)


def test_an_adx_annotation_is_the_value_as_dhis2_reads_it(bundled: Dhis2Mapping, tmp_path: Path) -> None:
    text = (
        '<adx xmlns="urn:ihe:qrph:adx:2015"><group orgUnit="500105" period="2021-01-01/P1Y">\n'
        '<dataValue dataElement="EDU_POP_3_5" value="0"><annotation>25000</annotation></dataValue>\n'
        '<dataValue dataElement="EDU_POP_6_14" value="87000"><annotation>87000</annotation></dataValue>\n'
        '<dataValue dataElement="EDU_POP_15_17" value="24000"><annotation/></dataValue>\n'
        '<dataValue dataElement="EDU_BUDGET_PUBLIC" value="1"><annotation>15万</annotation></dataValue>\n'
        "</group></adx>"
    )
    batch = read_adx(write(tmp_path, text), bundled)
    assert plain(batch.values) == [
        ("500105", "pop_15_17", 2021, None),  # an empty annotation: DHIS2 reads an empty value
        ("500105", "pop_3_5", 2021, 25000.0),
        ("500105", "pop_6_14", 2021, 87000.0),
    ]
    assert [(p.location.line, p.location.field, p.code, p.severity.value) for p in batch.problems] == [
        (2, "group[1]/dataValue[1]/annotation", "dhis2-annotation", "warning"),
        (4, "group[1]/dataValue[3]/annotation", "dhis2-annotation", "warning"),
        (5, "group[1]/dataValue[4]/annotation", "dhis2-annotation", "warning"),
        (5, "group[1]/dataValue[4]/annotation", "not-a-number", "error"),
    ]
    assert "value='0' and annotation '25000' differ; the annotation is read" in batch.problems[0].message_en
