"""The examples in docs/dhis2.md are read as the doc says."""

from __future__ import annotations

import re
from pathlib import Path

from dudao.data.dhis2 import Dhis2Mapping, read_adx, read_mapping, read_value_sets

from .test_value_sets import plain

DOC = Path(__file__).parents[3] / "docs" / "dhis2.md"


def blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def test_the_mapping_example_reads_without_problems_and_agrees_with_the_bundled_one(
    bundled: Dhis2Mapping,
) -> None:
    (text,) = blocks("yaml")
    mapping, problems = read_mapping(text, "dhis2.md")
    assert problems == [] and mapping is not None
    for entry in mapping.elements:
        assert bundled.by_element[entry.element] == entry
    for unit in mapping.org_units:
        assert (bundled.by_unit[unit.unit].uid, bundled.by_unit[unit.unit].code) == (unit.uid, unit.code)


def test_the_payload_examples_read_as_the_doc_says(bundled: Dhis2Mapping, tmp_path: Path) -> None:
    imported, exported = blocks("json")
    (tmp_path / "in.json").write_text(imported, encoding="utf-8")
    batch = read_value_sets(tmp_path / "in.json", bundled)
    assert batch.problems == ()
    assert plain(batch.values) == [
        ("500105", "edu_plan_issued", 2021, 1.0),
        ("500105", "pop_3_5", 2021, 25000.0),
        ("5001050151", "pupils_primary", 2021, 1284.0),
    ]
    (tmp_path / "out.json").write_text(exported, encoding="utf-8")
    batch = read_value_sets(tmp_path / "out.json", bundled)
    assert plain(batch.values) == [
        ("5001050187", "is_private", 2021, 0.0),
        ("5001050187", "pupils_junior", 2021, 1410.0),
    ]
    (adx,) = blocks("xml")
    (tmp_path / "in.xml").write_text(adx, encoding="utf-8")
    batch = read_adx(tmp_path / "in.xml", bundled)
    assert batch.problems == () and len(batch.values) == 3
