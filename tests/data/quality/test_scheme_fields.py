"""The scheme fields data quality reads: ``max_change`` and ``ratio_of`` on an element."""

from __future__ import annotations

from dudao.errors import Severity
from dudao.scheme import load_scheme_text
from tests.helpers import scheme_text

ELEMENTS = """
elements:
  - {code: a, name: 甲数, level: unit, max_change: 50}
  - {code: b, name: 乙数, level: unit}
  - {code: flag, name: 是否达标, level: unit, type: bool}
  - {code: pupils, name: 学生数, level: school}
  - {code: passed, name: 合格数, level: school}
  - {code: rate, name: 合格率, unit: "%", level: school, aggregate: avg, ratio_of: passed / pupils}
"""


def problems(elements: str) -> list[tuple[str, int, str]]:
    _, found = load_scheme_text(scheme_text(elements=elements), "s.yaml")
    return [(p.code, p.location.line, p.message_en) for p in found if p.severity is Severity.ERROR]


def test_the_fields_are_read() -> None:
    scheme, found = load_scheme_text(scheme_text(elements=ELEMENTS), "s.yaml")
    assert scheme is not None and [p for p in found if p.severity is Severity.ERROR] == []
    rate = scheme.element_by_code["rate"]
    assert scheme.element_by_code["a"].max_change == 50.0 and scheme.element_by_code["b"].max_change is None
    assert rate.ratio_of == ("passed", "pupils") and rate.ratio_scale == 100.0
    unused = {p.message_en.split()[1] for p in found if p.code == "element-unused"}
    assert not unused & {"rate", "passed", "pupils"}  # the share check reads all three


def test_max_change_must_be_a_positive_percent_of_a_number() -> None:
    bad = ELEMENTS.replace("max_change: 50", "max_change: -5").replace(
        "type: bool}", "type: bool, max_change: 10}"
    )
    found = problems(bad)
    assert [code for code, _, _ in found] == ["element-parameter", "element-parameter"]
    assert [line for _, line, _ in found] == [4, 6]  # at the elements
    assert "positive percent" in found[0][2] and "yes/no" in found[1][2]
    assert [c for c, _, _ in problems(ELEMENTS.replace("max_change: 50", "max_change: many"))] == [
        "yaml-type"
    ]


def test_ratio_of_names_two_number_elements_of_its_level() -> None:
    assert [c for c, _, _ in problems(ELEMENTS.replace("passed / pupils", "passed pupils"))] == ["yaml-type"]
    unknown = problems(ELEMENTS.replace("passed / pupils", "passed / nobody"))
    assert [(c, m.split(":")[1].strip()) for c, _, m in unknown] == [
        ("element-parameter", "'nobody' in ratio_of must be the code of another number element")
    ]
    other_level = problems(ELEMENTS.replace("passed / pupils", "passed / a"))
    assert "not at this element's level" in other_level[0][2]
    assert "another number element" in problems(ELEMENTS.replace("passed / pupils", "passed / rate"))[0][2]


def test_a_share_in_per_mille_or_a_plain_ratio() -> None:
    scheme, _ = load_scheme_text(scheme_text(elements=ELEMENTS.replace('unit: "%"', "unit: ‰")), "s.yaml")
    assert scheme is not None and scheme.element_by_code["rate"].ratio_scale == 1000.0
    scheme, _ = load_scheme_text(scheme_text(elements=ELEMENTS.replace('unit: "%", ', "")), "s.yaml")
    assert scheme is not None and scheme.element_by_code["rate"].ratio_scale == 1.0
