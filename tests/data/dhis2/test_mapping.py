"""The DHIS2 mapping file: reading it, its problems at file:line:col, checking it against a scheme."""

from __future__ import annotations

from pathlib import Path

import pytest

from dudao.data.dhis2 import (
    Dhis2Mapping,
    PeriodRule,
    check_mapping,
    dhis2_uid,
    is_uid,
    load_mapping,
    read_mapping,
)
from dudao.samples import bundled_dataset, bundled_scheme_path
from dudao.scheme import read_scheme

MINIMAL = """\
data_elements:
  - {element: pupils_primary, data_element: {uid: fbfJHSPpUQD, code: EDU_PUPILS_PRIMARY}}
org_units:
  - {unit: "500105", uid: XMbNyu4DxhW, code: "500105"}
"""


def problems_of(text: str) -> list[tuple[int, int, str]]:
    _, problems = read_mapping(text, "m.yaml")
    return [(p.location.line, p.location.column, p.code) for p in problems]


def test_a_minimal_mapping_takes_the_defaults() -> None:
    mapping, problems = read_mapping(MINIMAL, "m.yaml")
    assert problems == [] and mapping is not None
    assert mapping.periods == PeriodRule("Yearly", "start")
    assert mapping.id_scheme == "uid" and mapping.attribute_combo is None
    assert mapping.default_combo.uid == "HllvX50cXC0"
    entry = mapping.element_for("EDU_PUPILS_PRIMARY", "default")
    assert entry is not None and entry.element == "pupils_primary" and entry.combo is None
    assert mapping.element_for("fbfJHSPpUQD", "HllvX50cXC0", "uid") is entry
    assert mapping.element_for("fbfJHSPpUQD", "", "code") is None  # a UID is not a code
    assert mapping.unit_for("XMbNyu4DxhW") == mapping.unit_for("500105", "code") == "500105"


def test_the_bundled_mapping_covers_the_bundled_units_with_deterministic_uids(bundled: Dhis2Mapping) -> None:
    units = bundled_dataset().units
    assert [entry.unit for entry in bundled.org_units] == [unit.code for unit in units]
    assert all(entry.uid == dhis2_uid(f"orgunit:{entry.unit}") for entry in bundled.org_units)
    assert all(is_uid(entry.uid) and entry.code == entry.unit for entry in bundled.org_units)
    assert all(
        entry.data_element.uid == dhis2_uid(f"de:{entry.data_element.code}") for entry in bundled.elements
    )


def test_the_bundled_mapping_fits_the_bundled_scheme(bundled: Dhis2Mapping) -> None:
    scheme = read_scheme(bundled_scheme_path())
    assert check_mapping(bundled, scheme, [unit.code for unit in bundled_dataset().units]) == []
    levels = {element.code: element.level.value for element in scheme.elements}
    mapped = {levels[entry.element] for entry in bundled.elements}
    assert mapped == {"school", "unit"}  # school-level and district-level elements alike
    assert len({entry.element for entry in bundled.elements if entry.combo is not None}) == 5


def test_one_disaggregated_data_element_maps_its_combos_to_different_elements(bundled: Dhis2Mapping) -> None:
    primary = bundled.element_for("EDU_PUPILS", "EDU_STAGE_PRIMARY")
    junior = bundled.element_for("Yp726isdnPG", dhis2_uid("coc:EDU_STAGE_JUNIOR"))
    assert primary is not None and junior is not None
    assert (primary.element, junior.element) == ("pupils_primary", "pupils_junior")
    adx = bundled.element_for_categories("EDU_PUPILS", {"EDU_STAGE": "SENIOR"})
    assert adx is not None and adx.element == "pupils_senior"
    assert bundled.element_for("EDU_PUPILS", "default") is None
    assert bundled.knows_data_element("EDU_PUPILS")


def test_unknown_keys_are_located_at_the_key() -> None:
    text = MINIMAL + "extra: 1\ndhis2: {id_schema: code}\n"
    assert problems_of(text) == [(5, 1, "unknown-key"), (6, 9, "unknown-key")]


def test_missing_sections_and_fields_are_reported() -> None:
    assert problems_of("periods: {type: Yearly}\n") == [(1, 1, "missing-field"), (1, 1, "missing-field")]
    text = "data_elements:\n  - {data_element: {code: X}}\n  - {element: y}\norg_units:\n  - {code: Z}\n"
    assert problems_of(text) == [(2, 5, "missing-field"), (3, 5, "missing-field"), (5, 5, "missing-field")]


def test_duplicates_are_reported_with_the_first_line() -> None:
    text = MINIMAL + ('  - {unit: "500105", code: OTHER}\n  - {unit: "500106", code: "500105"}\n')
    text = text.replace(
        "org_units:",
        "  - {element: pupils_primary, data_element: {code: OTHER}}\n"
        "  - {element: pupils_junior, data_element: {code: EDU_PUPILS_PRIMARY}}\norg_units:",
    )
    _, problems = read_mapping(text, "m.yaml")
    assert [(p.location.line, p.code) for p in problems] == [
        (3, "dhis2-duplicate"),
        (4, "dhis2-duplicate"),
        (7, "dhis2-duplicate"),
        (8, "dhis2-duplicate"),
    ]
    assert "first at line 2" in problems[0].message_en and "首次在第 2 行" in problems[0].message_zh


def test_bad_values_name_what_is_accepted() -> None:
    text = (
        MINIMAL.replace("uid: fbfJHSPpUQD", "uid: 12345").replace(
            "org_units:", "  - {element: x, data_element: {code: X}, value_type: TEXT}\norg_units:"
        )
        + "periods: {type: Monthly, year: middle}\ndhis2: {id_scheme: name}\n"
    )
    _, problems = read_mapping(text, "m.yaml")
    codes = [(p.location.line, p.code) for p in problems]
    assert codes == [
        (2, "dhis2-bad-uid"),
        (3, "bad-choice"),
        (6, "bad-choice"),
        (6, "bad-choice"),
        (7, "bad-choice"),
    ]
    assert "FinancialSep" in problems[2].message_en and "uid, code" in problems[4].message_en


def test_category_codes_must_be_usable_as_adx_attributes() -> None:
    text = MINIMAL.replace(
        "org_units:",
        "  - {element: y, data_element: {code: Y}, category_option_combo: {code: C, categories: {'AGE GROUP': A}}}\n"
        "org_units:",
    )
    assert problems_of(text) == [(3, 89, "dhis2-category-code")]


def test_malformed_and_missing_files_are_problems(tmp_path: Path) -> None:
    assert problems_of("data_elements: [\n") == [(2, 1, "yaml-syntax")]
    mapping, problems = load_mapping(tmp_path / "none.yaml")
    assert mapping is None and [p.code for p in problems] == ["file-unreadable"]
    (tmp_path / "gbk.yaml").write_bytes("单位".encode("gbk"))
    assert [p.code for p in load_mapping(tmp_path / "gbk.yaml")[1]] == ["file-encoding"]


def test_checking_against_a_scheme_finds_unknown_elements_wrong_types_and_units() -> None:
    text = MINIMAL.replace(
        "org_units:",
        "  - {element: no_such_element, data_element: {code: A}}\n"
        "  - {element: is_private, data_element: {code: B}}\n"
        "  - {element: teachers, data_element: {code: C}, value_type: BOOLEAN}\norg_units:",
    )
    mapping, problems = read_mapping(text, "m.yaml")
    assert problems == [] and mapping is not None
    found = check_mapping(mapping, read_scheme(bundled_scheme_path()), units=["500106"])
    assert [(p.location.line, p.code) for p in found] == [
        (3, "unknown-element"),
        (4, "dhis2-value-type"),
        (5, "dhis2-value-type"),
        (7, "unknown-unit"),
    ]
    assert "value_type must be BOOLEAN" in found[1].message_en


@pytest.mark.parametrize(
    ("rule", "dhis2", "adx", "year"),
    [
        (PeriodRule(), "2021", "2021-01-01/P1Y", 2021),
        (PeriodRule("FinancialApril"), "2021April", "2021-04-01/P1Y", 2021),
        (PeriodRule("FinancialJuly"), "2021July", "2021-07-01/P1Y", 2021),
        (PeriodRule("FinancialJuly", "end"), "2020July", "2020-07-01/P1Y", 2021),
        (PeriodRule("FinancialSep"), "2021Sep", "2021-09-01/P1Y", 2021),
        (PeriodRule("FinancialOct", "end"), "2020Oct", "2020-10-01/P1Y", 2021),
    ],
)
def test_periods_map_both_ways(rule: PeriodRule, dhis2: str, adx: str, year: int) -> None:
    assert rule.dhis2(year) == dhis2 and rule.adx(year) == adx
    assert rule.year_of(dhis2) == rule.year_of_adx(adx) == year


@pytest.mark.parametrize(
    "text", ["202101", "2021Q1", "2021S1", "2021W5", "21", "2021AprilS1", "2021July ", ""]
)
def test_other_period_types_are_not_years(text: str) -> None:
    assert PeriodRule("Yearly").year_of(text) is None or text == "2021July "
    assert PeriodRule("FinancialJuly").year_of(text) == (2021 if text == "2021July " else None)


@pytest.mark.parametrize("text", ["2021-01-01/P1M", "2021-07-01/P1Y", "2021-01-02/P1Y", "2021/P1Y", "2021"])
def test_adx_periods_of_another_type_are_not_years(text: str) -> None:
    assert PeriodRule("Yearly").year_of_adx(text) is None


def test_uids_are_deterministic_and_shaped_like_dhis2s() -> None:
    made = {dhis2_uid(f"orgunit:{n}") for n in range(2000)}
    assert len(made) == 2000 and all(is_uid(uid) for uid in made)
    assert dhis2_uid("orgunit:500105") == "XMbNyu4DxhW"
    assert not is_uid("1abcdefghij") and not is_uid("abc") and is_uid("HllvX50cXC0")


def test_sections_of_the_wrong_shape_are_reported() -> None:
    text = (
        "data_elements:\n"
        "  - {element: a, data_element: EDU_A}\n"
        "  - {element: [b], data_element: {code: B}}\n"
        "  - {element: c, data_element: {code: C}, category_option_combo: MALE}\n"
        "org_units: {unit: '500105'}\n"
    )
    assert problems_of(text) == [
        (2, 32, "yaml-type"),
        (3, 15, "yaml-type"),
        (3, 5, "missing-field"),
        (4, 66, "yaml-type"),
        (5, 12, "yaml-type"),
    ]


def test_a_combo_named_only_by_id_is_for_dhis2_json_not_adx() -> None:
    text = MINIMAL.replace(
        "org_units:",
        "  - {element: teachers, data_element: {code: T}, category_option_combo: {uid: Ab3dEf5hIj7}}\norg_units:",
    )
    mapping, problems = read_mapping(text, "m.yaml")
    assert problems == [] and mapping is not None
    entry = mapping.element_for("T", "Ab3dEf5hIj7")
    assert entry is not None and entry.element == "teachers"
    assert mapping.element_for_categories("T", {}) is None
