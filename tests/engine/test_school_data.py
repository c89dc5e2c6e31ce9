"""School data: the official 差异系数 example through the engine, and 一贯制 schools split by weight."""

from __future__ import annotations

import pytest

from dudao.engine import evaluate
from dudao.engine.plan import build_plan
from dudao.engine.prepare import prepare
from dudao.scheme import load_scheme_text
from tests.helpers import make_dataset, make_scheme

COUNTY = [("500000", "市", "", "city", ""), ("500101", "某县", "500000", "district", "")]
CV_SCHEME = """  - {code: books_per_pupil, name: 生均图书, level: school, formula: "books / pupils"}
  - {code: books_cv, name: 生均图书差异系数, formula: 'cv(books_per_pupil, pupils, where = stage == "primary")'}"""


def test_official_cv_example_through_the_engine(backend: str) -> None:
    """DOMAIN §4b: five primary schools, CV ≈ 0.52; a junior school is filtered out."""
    schools = [(45, 279), (37, 137), (89, 935), (76, 160), (55, 402)]
    units = list(COUNTY)
    values: list[tuple[str, str, int, float | None]] = []
    for n, (pupils, books) in enumerate(schools, start=1):
        code = f"50010100{n:02d}"
        units.append((code, f"小学{n}", "500101", "school", "primary"))
        values += [(code, "pupils", 2021, pupils), (code, "books", 2021, books)]
    units.append(("5001010099", "初中", "500101", "school", "junior"))
    values += [("5001010099", "pupils", 2021, 500), ("5001010099", "books", 2021, 99999)]
    scheme = make_scheme(indicators=CV_SCHEME)
    result = evaluate(scheme, make_dataset(units, values), backend=backend)
    cv = result.unit("500101").indicators["books_cv"]
    assert isinstance(cv, float) and round(cv, 2) == 0.52


SPLIT = """scheme:
  code: split
  title: 拆分测试
  period: 2021
  total: 10
  grades: [{name: 合格, min: 0}]
  school_split:
    pupils: pupils
    pupils_by_stage: {primary: pupils_primary, junior: pupils_junior}
    weights:
      nine_year: {primary: 1, junior: 1.1}
elements:
  - {code: pupils, name: 学生数, level: school}
  - {code: pupils_primary, name: 小学生数, level: school}
  - {code: pupils_junior, name: 初中生数, level: school}
  - {code: books, name: 图书, level: school}
  - {code: has_library, name: 有图书馆, level: school, type: bool, aggregate: count}
indicators:
  - {code: primary_books, name: 小学图书, formula: 'sum(books, where = stage == "primary")'}
  - {code: junior_books, name: 初中图书, formula: 'sum(books, where = stage == "junior")'}
  - {code: junior_pupils, name: 初中学生, formula: 'sum(pupils, where = stage == "junior")'}
  - {code: all_primary, name: 小学生合计, formula: "sum(pupils_primary)"}
  - {code: libraries, name: 有馆学校, formula: "count_if(has_library)"}
items:
  - {code: A, name: 甲, points: 10, children: [{code: A1, name: 一, points: 10, rule: {type: threshold, value: primary_books, op: ">", target: 0}}]}
"""


def test_nine_year_school_is_split_by_weighted_pupils(backend: str) -> None:
    scheme, problems = load_scheme_text(SPLIT, "split.yaml")
    assert scheme is not None, [str(p) for p in problems]
    units = [
        *COUNTY,
        ("5001010001", "九年一贯制学校", "500101", "school", "nine_year"),
        ("5001010002", "初中", "500101", "school", "junior"),
        ("5001010003", "只有小学部的九年制学校", "500101", "school", "nine_year"),
    ]
    values = [
        ("5001010001", "pupils_primary", 2021, 100),
        ("5001010001", "pupils_junior", 2021, 100),
        ("5001010001", "pupils", 2021, 200),
        ("5001010001", "books", 2021, 2100),
        ("5001010001", "has_library", 2021, 1),
        ("5001010002", "pupils", 2021, 300),
        ("5001010002", "pupils_junior", 2021, 300),
        ("5001010002", "books", 2021, 900),
        ("5001010003", "pupils_primary", 2021, 50),
        ("5001010003", "pupils_junior", 2021, 0),
        ("5001010003", "books", 2021, 500),
    ]
    data = make_dataset(units, values)
    indicators = evaluate(scheme, data, backend=backend).unit("500101").indicators
    # weighted pupils 100 × 1 : 100 × 1.1, so the 2,100 books split 1,000 : 1,100
    assert indicators["primary_books"] == pytest.approx(1000 + 500)
    assert indicators["junior_books"] == pytest.approx(1100 + 900)
    assert indicators["junior_pupils"] == 100 + 300
    assert indicators["all_primary"] == 100 + 50  # stage pupils are not double counted
    assert indicators["libraries"] == 2  # yes/no facts are copied to each stage
    prepared, _ = prepare(build_plan(scheme), data, 2021)
    assert sorted(prepared.schools["school"]) == [
        "5001010001#junior",
        "5001010001#primary",
        "5001010002",
        "5001010003#primary",
    ]  # no empty junior stage


def test_school_formulas_on_a_dataset_without_schools(backend: str) -> None:
    scheme = make_scheme(
        indicators=CV_SCHEME
        + """
  - {code: books_total, name: 图书合计, formula: "sum(books)"}
  - {code: schools_with_books, name: 有书学校, formula: "count(books)"}"""
    )
    result = evaluate(scheme, make_dataset(COUNTY, [("500101", "a", 2021, 1)]), backend=backend)
    indicators = result.unit("500101").indicators
    assert indicators["books_cv"] is None and indicators["books_total"] is None
    assert indicators["schools_with_books"] == 0
