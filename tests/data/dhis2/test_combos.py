"""Category and attribute option combos: never written empty, never two elements on one DHIS2
cell, read in every form DHIS2 sends, and in DHIS2's order when a message gives two."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest

from dudao.data.dhis2 import (
    Dhis2Mapping,
    read_adx,
    read_mapping,
    read_value_sets,
    write_adx,
    write_value_sets,
)
from dudao.data.records import ValueBatch

from .test_value_sets import plain

# Three elements of one disaggregated DHIS2 data element, each named differently: by categories
# only (ADX can write it, dataValueSets by UID cannot), by UID only (the reverse), by both.
DISAGGREGATED = """\
dhis2:
  data_set: {uid: Census00001, code: SCHOOL_CENSUS}
data_elements:
  - {element: pupils_primary, data_element: {uid: Pupils00001, code: PUPILS}, category_option_combo: {categories: {LEVEL: PRI}}}
  - {element: pupils_junior, data_element: {uid: Pupils00001, code: PUPILS}, category_option_combo: {uid: Junior00001, code: JUN, categories: {LEVEL: JUN}}}
  - {element: pupils_senior, data_element: {uid: Pupils00001, code: PUPILS}, category_option_combo: {uid: Senior00001}}
  - {element: pupils_total, data_element: {uid: Pupils00001, code: PUPILS}}
  - {element: teachers, data_element: {uid: Tch8rs0000A, code: TEACHERS}}
org_units:
  - {unit: "5001050151", uid: Hg7aB2cD3eF, code: CQ_JB_TAOYUAN}
"""
ELEMENTS = ["pupils_primary", "pupils_junior", "pupils_senior", "pupils_total", "teachers"]
FRAME = pd.DataFrame(
    {
        "unit": ["5001050151"] * 5,
        "element": ELEMENTS,
        "period": [2021] * 5,
        "value": [1284.0, 1410.0, 900.0, 3594.0, 118.0],
    }
)


def mapping_of(text: str) -> Dhis2Mapping:
    mapping, problems = read_mapping(text, "m.yaml")
    assert problems == [] and mapping is not None
    return mapping


def refusals(problems: tuple[object, ...]) -> list[tuple[int, str, str]]:
    return [(p.location.line, p.code, p.severity.value) for p in problems]  # type: ignore[attr-defined]


def test_an_export_refuses_a_combo_it_cannot_name_at_the_mapping_line() -> None:
    mapping = mapping_of(DISAGGREGATED)
    out = io.StringIO()
    report = write_value_sets(FRAME, mapping, out)
    values = json.loads(out.getvalue())["dataValues"]
    # the categories-only combo has no UID: written, it would be "" (DHIS2's default combo)
    assert all(value.get("categoryOptionCombo") != "" for value in values)
    assert [value["categoryOptionCombo"] for value in values] == ["Junior00001", "Senior00001", "HllvX50cXC0"]
    assert (report.considered, report.written, report.left_out) == (5, 3, (("dhis2-combo-missing", 2),))
    assert refusals(report.problems) == [
        (4, "dhis2-combo-missing", "error"),
        (7, "dhis2-combo-missing", "error"),
    ]
    assert "'LEVEL=PRI' of element 'pupils_primary' has no uid" in report.problems[0].message_en
    assert "PUPILS is disaggregated in the mapping" in report.problems[1].message_en

    out = io.StringIO()
    report = write_adx(FRAME, mapping, out, exported="2022-03-01T08:30:00Z")
    text = out.getvalue()
    # the UID-only combo has no code nor categories: written, ADX would drop it (the default combo)
    assert '<dataValue dataElement="PUPILS" LEVEL="PRI" value="1284"/>' in text
    assert '<dataValue dataElement="PUPILS" value=' not in text
    assert (report.considered, report.written, report.refused) == (5, 3, 2)
    assert refusals(report.problems) == [
        (6, "dhis2-combo-missing", "error"),
        (7, "dhis2-combo-missing", "error"),
    ]
    assert "has no code or categories in the mapping" in report.problems[0].message_en


@pytest.mark.parametrize("write", [write_value_sets, write_adx])
def test_an_attribute_combo_the_format_cannot_name_refuses_every_value(write: object) -> None:
    text = DISAGGREGATED.replace(
        "  data_set:", "  attribute_option_combo: {uid: Moe00000001, categories: {FUNDING: MOE}}\n  data_set:"
    )
    mapping = mapping_of(text.replace("{uid: Moe00000001, ", "{"))
    frame = FRAME[FRAME["element"] == "teachers"]
    out = io.StringIO()
    report = write(frame, mapping, out)  # type: ignore[operator]
    if write is write_adx:  # ADX names it by its categories
        assert report.written == 1 and 'FUNDING="MOE"' in out.getvalue()
        return
    assert (report.written, report.left_out) == (0, (("dhis2-attribute-combo-missing", 1),))
    assert refusals(report.problems) == [(2, "dhis2-attribute-combo-missing", "error")]
    assert json.loads(out.getvalue())["dataValues"] == []
    report = write(frame, mapping_of(text), io.StringIO())  # type: ignore[operator]
    assert report.written == 1


def test_a_combo_named_by_the_default_combos_id_is_the_default_so_two_elements_cannot_share_a_cell() -> None:
    text = (
        "dhis2: {default_combo: {uid: bRowv6yZOF2, code: default}}\n"
        "data_elements:\n"
        "  - {element: teachers, data_element: {code: TEACHERS}}\n"
        "  - {element: teachers_certified, data_element: {code: TEACHERS}, category_option_combo: {uid: bRowv6yZOF2}}\n"
        "  - {element: classes, data_element: {code: CLASSES}, category_option_combo: {code: default}}\n"
        "org_units:\n"
        "  - {unit: '500105', code: '500105'}\n"
    )
    _, problems = read_mapping(text, "m.yaml")
    assert [(p.location.line, p.code) for p in problems] == [(4, "dhis2-duplicate")]
    assert "first at line 3" in problems[0].message_en
    mapping, problems = read_mapping(text.replace("  - {element: teachers_certified", "  # "), "m.yaml")
    assert problems == [] and mapping is not None
    classes = mapping.element_for("CLASSES", "bRowv6yZOF2")  # a payload names the default by its id
    assert classes is not None and classes.element == "classes" and classes.combo is None
    text = text.replace("{uid: bRowv6yZOF2}", "{code: default, categories: {LEVEL: PRI}}")
    assert (4, "dhis2-default-combo") in [(p.location.line, p.code) for p in read_mapping(text, "m.yaml")[1]]


def write(tmp_path: Path, payload: dict[str, object]) -> Path:
    path = tmp_path / "payload.json"
    path.write_text(json.dumps(payload, indent=1), encoding="utf-8")
    return path


def payload(**set_level: object) -> dict[str, object]:
    return {
        "idScheme": "CODE",
        "period": "2021Sep",
        **set_level,
        "dataValues": [
            {"dataElement": "TEACHERS", "orgUnit": "CQ_JB_HUANGJUE", "value": "118"},
            {
                "dataElement": "TEACHERS",
                "orgUnit": "CQ_JB_TAOYUAN",
                "value": "71",
                "attributeOptionCombo": "CQ_CENSUS",
            },
        ],
    }


@pytest.mark.parametrize(
    "set_level",
    [
        {"attributeOptionCombo": {"FUNDING": "MOE"}},  # current DHIS2
        {"attributeCategoryOptions": ["MOE"]},  # older DHIS2
        {"attributeOptionCombo": "CQ_CENSUS"},
    ],
)
def test_a_set_level_attribute_combo_in_any_form_is_resolved_through_the_mapping(
    financial: Dhis2Mapping, tmp_path: Path, set_level: dict[str, object]
) -> None:
    batch = read_value_sets(write(tmp_path, payload(**set_level)), financial)
    assert batch.problems == ()
    assert plain(batch.values) == [
        ("5001050151", "teachers", 2021, 71.0),
        ("5001050187", "teachers", 2021, 118.0),
    ]


@pytest.mark.parametrize(
    ("set_level", "code", "says"),
    [
        (
            {"attributeOptionCombo": {"FUNDING": "CSF"}},
            "dhis2-attribute-combo",
            "attributeOptionCombo FUNDING=CSF",
        ),
        ({"attributeCategoryOptions": ["CSF"]}, "dhis2-attribute-combo", "attributeCategoryOptions ['CSF']"),
        ({"attributeOptionCombo": {"FUNDING": 1}}, "json-shape", "an id (text) or a {category: option}"),
        ({"attributeOptionCombo": ["MOE"]}, "json-shape", "an id (text) or a {category: option}"),
        ({"attributeCategoryOptions": "MOE"}, "json-shape", "a list of category option ids"),
    ],
)
def test_a_set_level_attribute_combo_that_is_not_the_mappings_is_refused_at_its_place(
    financial: Dhis2Mapping, tmp_path: Path, set_level: dict[str, object], code: str, says: str
) -> None:
    batch = read_value_sets(write(tmp_path, payload(**set_level)), financial)
    # the value with its own attribute option combo is read; the one relying on the set's is not
    assert plain(batch.values) == [("5001050151", "teachers", 2021, 71.0)]
    [problem] = batch.problems
    key = next(iter(set_level))
    assert (problem.code, problem.location.line, problem.location.column, problem.location.field) == (
        code,
        4,
        len(f' "{key}": ') + 1,
        key,
    )
    assert says in problem.message_en and "its 1 value(s) were not read" in problem.message_en


def test_a_set_level_id_and_options_that_disagree_are_read_by_the_id_with_a_warning(
    financial: Dhis2Mapping, tmp_path: Path
) -> None:
    text = payload(attributeOptionCombo="CQ_CENSUS", attributeCategoryOptions=["CSF"])
    batch = read_value_sets(write(tmp_path, text), financial)
    assert len(batch.values) == 2
    assert [(p.code, p.severity.value, p.location.field) for p in batch.problems] == [
        ("dhis2-combo-disagree", "warning", "attributeCategoryOptions")
    ]


def test_a_values_combo_as_an_object_is_read_by_its_categories(
    financial: Dhis2Mapping, tmp_path: Path
) -> None:
    text = payload(attributeOptionCombo="CQ_CENSUS")
    text["dataValues"] = [
        {
            "dataElement": "PUPILS",
            "orgUnit": "CQ_JB_TAOYUAN",
            "categoryOptionCombo": {"LEVEL": "PRI"},
            "value": "1284",
        }
    ]
    batch = read_value_sets(write(tmp_path, text), financial)
    assert batch.problems == () and plain(batch.values) == [("5001050151", "pupils_primary", 2021, 1284.0)]


ADX_GROUP = """<adx xmlns="urn:ihe:qrph:adx:2015" exported="2022-03-01T08:30:00Z">
  <group orgUnit="CQ_JB_TAOYUAN" period="2021-09-01/P1Y" dataSet="SCHOOL_CENSUS" {attributes}>
    <dataValue dataElement="PUPILS" {value} value="1284"/>
  </group>
</adx>"""


def adx(tmp_path: Path, mapping: Dhis2Mapping, attributes: str, value: str = 'LEVEL="PRI"') -> ValueBatch:
    path = tmp_path / "message.xml"
    path.write_text(ADX_GROUP.format(attributes=attributes, value=value), encoding="utf-8")
    return read_adx(path, mapping)


def test_an_adx_group_reads_its_attribute_option_combo_before_its_categories(
    financial: Dhis2Mapping, tmp_path: Path
) -> None:
    # the combo is the mapping's, the categories are not: DHIS2 reads the combo, so do we
    batch = adx(tmp_path, financial, 'attributeOptionCombo="CQ_CENSUS" FUNDING="CSF"')
    assert plain(batch.values) == [("5001050151", "pupils_primary", 2021, 1284.0)]
    assert [(p.code, p.severity.value, p.location.line, p.location.field) for p in batch.problems] == [
        ("dhis2-combo-disagree", "warning", 2, "group[1]")
    ]
    assert "attributeOptionCombo is read, as DHIS2 does" in batch.problems[0].message_en
    # the reverse: the categories are the mapping's, the combo is not; DHIS2 takes the combo
    batch = adx(tmp_path, financial, 'attributeOptionCombo="OTHER" FUNDING="MOE"')
    assert batch.values.empty
    assert [p.code for p in batch.problems] == ["dhis2-combo-disagree", "dhis2-attribute-combo"]
    # alike: no word
    batch = adx(tmp_path, financial, 'attributeOptionCombo="Ab3dEf5hIj7" FUNDING="MOE"')
    assert batch.problems == () and len(batch.values) == 1


def test_an_adx_value_reads_its_category_option_combo_before_its_categories(
    financial: Dhis2Mapping, tmp_path: Path
) -> None:
    batch = adx(tmp_path, financial, 'FUNDING="MOE"', 'categoryOptionCombo="JUNIOR" LEVEL="PRI"')
    assert plain(batch.values) == [("5001050151", "pupils_junior", 2021, 1284.0)]
    assert [(p.code, p.severity.value) for p in batch.problems] == [("dhis2-combo-disagree", "warning")]
    batch = adx(tmp_path, financial, 'FUNDING="MOE"', 'categoryOptionCombo="PRIMARY" LEVEL="PRI"')
    assert batch.problems == () and len(batch.values) == 1
