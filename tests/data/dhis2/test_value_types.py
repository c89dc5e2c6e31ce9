"""DHIS2's value types, as dhis2-core checks them (``ValidationUtils.dataValueIsValid``): enforced
on export (a value DHIS2 would refuse is left out, with its reason) and on import (a problem at
its place)."""

from __future__ import annotations

import io
import json
import math
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

from .test_value_sets import plain

TYPED = """\
dhis2: {id_scheme: code, data_set: {code: CQ_EDU}}
data_elements:
  - {element: pupils, data_element: {code: PUPILS}, value_type: INTEGER_ZERO_OR_POSITIVE}
  - {element: classes, data_element: {code: CLASSES}, value_type: INTEGER_POSITIVE}
  - {element: consolidation_rate, data_element: {code: CONSOLIDATION}, value_type: PERCENTAGE}
  - {element: certified_share, data_element: {code: CERT_SHARE}, value_type: UNIT_INTERVAL}
  - {element: budget_cut, data_element: {code: BUDGET_CUT}, value_type: INTEGER_NEGATIVE}
  - {element: balance, data_element: {code: BALANCE}, value_type: INTEGER}
  - {element: budget, data_element: {code: BUDGET}}
  - {element: has_charter, data_element: {code: HAS_CHARTER}, value_type: TRUE_ONLY}
org_units:
  - {unit: "500105", code: "500105"}
"""


@pytest.fixture(scope="module")
def typed() -> Dhis2Mapping:
    mapping, problems = read_mapping(TYPED, "typed.yaml")
    assert problems == [] and mapping is not None
    return mapping


@pytest.mark.parametrize(
    ("value_type", "held", "refused"),
    [
        ("NUMBER", [0.0, -0.0, -3.5, 156700.25, 1e20], [math.inf, 1e250]),
        ("INTEGER", [0.0, -7.0, 2147483647.0, -2147483648.0], [1.5, 2147483648.0, -2147483649.0]),
        ("INTEGER_POSITIVE", [1.0, 118.0], [0.0, -1.0, 12.5, 2147483648.0]),
        ("INTEGER_NEGATIVE", [-1.0, -2147483648.0], [0.0, 1.0, -0.5]),
        ("INTEGER_ZERO_OR_POSITIVE", [0.0, -0.0, 1284.0], [-1.0, 0.5]),
        ("PERCENTAGE", [0.0, 95.0, 100.0], [100.5, 250.0, -1.0, 95.3]),
        ("UNIT_INTERVAL", [0.0, 0.88, 1.0], [1.2, -0.01]),
        ("BOOLEAN", [0.0, 1.0], [0.5, 2.0]),
        ("TRUE_ONLY", [1.0], [0.0]),
    ],
)
def test_each_value_type_holds_what_dhis2_holds(
    value_type: str, held: list[float], refused: list[float]
) -> None:
    from dudao.data.dhis2.value_types import refusal  # imported here: the module is new

    assert [refusal(value, value_type) for value in held] == [None] * len(held)
    assert all(refusal(value, value_type) is not None for value in refused), value_type
    assert refusal(math.nan, value_type) is None  # an empty value clears the cell


def test_every_mapping_value_type_has_a_rule() -> None:
    from dudao.data.dhis2.mapping import VALUE_TYPES
    from dudao.data.dhis2.value_types import RULES

    assert set(VALUE_TYPES) == set(RULES)


def test_numbers_are_written_as_dhis2_reads_them() -> None:
    from dudao.data.dhis2.value_types import number_text

    assert [number_text(v, "INTEGER") for v in (12.0, -0.0, 2147483647.0)] == ["12", "0", "2147483647"]
    assert [number_text(v, "NUMBER") for v in (0.00001, 156700.25, -0.0, 1e20)] == [
        "0.00001",
        "156700.25",
        "0",
        "100000000000000000000",
    ]


FRAME = pd.DataFrame(
    {
        "unit": ["500105"] * 10,
        "element": [
            "pupils",
            "classes",
            "classes",
            "consolidation_rate",
            "consolidation_rate",
            "certified_share",
            "certified_share",
            "budget_cut",
            "balance",
            "budget",
        ],
        "period": [2021] * 10,
        "value": [1284.0, 12.0, 12.5, 95.0, 250.0, 0.88, 1.2, 3.0, -0.0, 156700.25],
    }
)


@pytest.mark.parametrize("format", ["dhis2", "adx"])
def test_an_export_leaves_out_values_dhis2_would_refuse_for_their_value_type(
    typed: Dhis2Mapping, format: str
) -> None:
    out = io.StringIO()
    if format == "dhis2":
        report = write_value_sets(FRAME, typed, out)
        written = [(v["dataElement"], v["value"]) for v in json.loads(out.getvalue())["dataValues"]]
    else:
        report = write_adx(FRAME, typed, out, exported="2022-03-01T08:30:00Z")
        written = [
            (line.split('dataElement="')[1].split('"')[0], line.split('value="')[1].split('"')[0])
            for line in out.getvalue().splitlines()
            if "<dataValue" in line
        ]
    assert written == [
        ("PUPILS", "1284"),
        ("CLASSES", "12"),
        ("CONSOLIDATION", "95"),
        ("CERT_SHARE", "0.88"),
        ("BALANCE", "0"),
        ("BUDGET", "156700.25"),
    ]
    assert (report.considered, report.written, report.left_out) == (10, 6, (("dhis2-invalid-value", 4),))
    assert [(p.code, p.severity.value, p.location.field) for p in report.problems] == [
        ("dhis2-invalid-value", "error", "500105/classes/2021"),
        ("dhis2-invalid-value", "error", "500105/consolidation_rate/2021"),
        ("dhis2-invalid-value", "error", "500105/certified_share/2021"),
        ("dhis2-invalid-value", "error", "500105/budget_cut/2021"),
    ]
    messages = [p.message_en for p in report.problems]
    assert (
        messages[0]
        == "classes: INTEGER_POSITIVE holds a whole number above 0 (1 to 2147483647), not 12.5; not written"
    )
    assert "PERCENTAGE holds a whole number from 0 to 100, not 250" in messages[1]
    assert "UNIT_INTERVAL holds a number from 0 to 1, not 1.2" in messages[2]
    assert "INTEGER_NEGATIVE holds a whole number below 0" in messages[3]
    assert "只能是介于 0 至 100 的整数，不能是 250" in report.problems[1].message_zh


def test_an_import_reports_values_dhis2_would_not_hold_for_their_value_type(
    typed: Dhis2Mapping, tmp_path: Path
) -> None:
    values = [
        ("CLASSES", "12"), ("CLASSES", "12.5"), ("CONSOLIDATION", "250"), ("CERT_SHARE", "1.2"),
        ("PUPILS", "-3"), ("HAS_CHARTER", "false"), ("BUDGET", "156700.25"),
    ]  # fmt: skip
    payload = {
        "idScheme": "CODE",
        "period": "2021",
        "orgUnit": "500105",
        "dataValues": [{"dataElement": de, "value": value} for de, value in values],
    }
    path = tmp_path / "typed.json"
    path.write_text(json.dumps(payload, indent=1), encoding="utf-8")
    batch = read_value_sets(path, typed)
    assert plain(batch.values) == [("500105", "budget", 2021, 156700.25), ("500105", "classes", 2021, 12.0)]
    assert [(p.location.line, p.location.field, p.code) for p in batch.problems] == [
        (10, "dataValues[1].value", "dhis2-invalid-value"),
        (14, "dataValues[2].value", "dhis2-invalid-value"),
        (18, "dataValues[3].value", "dhis2-invalid-value"),
        (22, "dataValues[4].value", "dhis2-invalid-value"),
        (26, "dataValues[5].value", "dhis2-invalid-value"),
    ]
    assert (
        "DHIS2 would not hold this value: INTEGER_POSITIVE holds a whole number"
        in batch.problems[0].message_en
    )
    assert "TRUE_ONLY holds only yes (true), never no" in batch.problems[4].message_en

    adx = tmp_path / "typed.xml"
    adx.write_text(
        '<adx xmlns="urn:ihe:qrph:adx:2015"><group orgUnit="500105" period="2021-01-01/P1Y">\n'
        '<dataValue dataElement="CONSOLIDATION" value="95.5"/>\n'
        '<dataValue dataElement="CONSOLIDATION" value="95"/>\n'
        "</group></adx>",
        encoding="utf-8",
    )
    batch = read_adx(adx, typed)
    assert plain(batch.values) == [("500105", "consolidation_rate", 2021, 95.0)]
    assert [(p.location.line, p.location.field, p.code) for p in batch.problems] == [
        (2, "group[1]/dataValue[1]/@value", "dhis2-invalid-value")
    ]
