"""`dudao check` finds every problem and places it at file:line:col."""

from __future__ import annotations

import pytest

from dudao.errors import Severity
from dudao.samples import BUNDLED_SCHEMES, bundled_scheme_path
from dudao.scheme import load_scheme, load_scheme_text
from tests.helpers import UPDATE, read_golden, scheme_text, write_golden


def text_at(text: str, line: int, column: int) -> str:
    return text.splitlines()[line - 1][column - 1 :]


def errors(text: str) -> list[tuple[str, int, int]]:
    _, problems = load_scheme_text(text, "s.yaml")
    return [(p.code, p.location.line, p.location.column) for p in problems if p.severity is Severity.ERROR]


@pytest.mark.parametrize("code", sorted(BUNDLED_SCHEMES))
def test_bundled_schemes_pass(code: str) -> None:
    scheme, problems = load_scheme(bundled_scheme_path(code))
    assert scheme is not None
    assert [str(p) for p in problems if p.severity is Severity.ERROR] == []
    assert scheme.info.sample


def test_district_sample_covers_every_rule_type_and_forty_leaves() -> None:
    scheme, _ = load_scheme(bundled_scheme_path("cq-district-2022"))
    assert scheme is not None
    kinds = {leaf.rule.type for leaf in scheme.leaves if leaf.rule}
    assert kinds == {"threshold", "linear", "step", "bands", "boolean", "per_incident", "rubric"}
    assert len(scheme.leaves) >= 40
    assert {r.type for r in scheme.rules} == {"veto", "downgrade", "cannot_be_excellent"}
    assert sum(item.points for item in scheme.items) == 100
    assert scheme.info.bonus_cap > 0 and scheme.bonus


def test_children_points_must_sum_to_the_parent() -> None:
    text = scheme_text(
        items="""
items:
  - code: A
    name: 甲
    points: 10
    children:
      - {code: A1, name: 一, points: 4, rule: {type: boolean, value: flag}}
      - {code: A2, name: 二, points: 5, rule: {type: boolean, value: flag}}
"""
    )
    assert errors(text) == [("points-sum", 12, 5)]


def test_unknown_reference_is_located_inside_the_formula() -> None:
    text = scheme_text(indicators='  - {code: r, name: 比率, formula: "a / nope * 100"}')
    [(code, line, column)] = errors(text)
    assert code == "unknown-name"
    assert text_at(text, line, column).startswith("nope * 100")


def test_cycle_between_indicators() -> None:
    text = scheme_text(
        indicators="""  - {code: x, name: 某X, formula: "y + 1"}
  - {code: y, name: 某Y, formula: "x * 2"}"""
    )
    assert [code for code, _, _ in errors(text)] == ["indicator-cycle"]


def test_type_error_in_formula() -> None:
    text = scheme_text(
        items="""
items:
  - code: A
    name: 甲
    points: 10
    children:
      - {code: A1, name: 一, points: 10, rule: {type: threshold, value: "a + flag", op: ">=", target: 1}}
"""
    )
    [(code, line, column)] = errors(text)
    assert code == "formula-type"
    assert text_at(text, line, column).startswith('flag", op')


def test_broken_formula_reports_line_and_column() -> None:
    text = scheme_text(indicators="  - code: r\n    name: 比率\n    formula: sum(pupils / \n")
    [(code, line, column)] = errors(text)
    assert (code, line) == ("formula-syntax", 13)
    assert text_at(text, line, column).strip() == ""  # the formula ends too early


def test_malformed_yaml() -> None:
    assert errors("scheme: {code: x\nitems: [") == [("yaml-syntax", 2, 6)]


def test_duplicate_keys() -> None:
    text = scheme_text(
        items="""
items:
  - code: A
    name: 甲
    name: 乙
    points: 10
    children:
      - {code: A, name: 一, points: 10, rule: {type: boolean, value: flag}}
"""
    )
    [(code, line, column), also] = errors(text)  # the item and its child share code A, too
    assert code == "yaml-duplicate-key"
    assert text_at(text, line, column) == "name: 乙"
    assert also[0] == "duplicate-code"


def test_duplicate_codes() -> None:
    text = scheme_text(
        items="""
items:
  - code: A
    name: 甲
    points: 10
    children:
      - {code: A, name: 一, points: 10, rule: {type: boolean, value: flag}}
"""
    )
    [(code, line, column)] = errors(text)
    assert code == "duplicate-code"
    assert text_at(text, line, column).startswith("{code: A, name: 一")


def test_wrong_shapes_are_reported_not_raised() -> None:
    text = scheme_text(
        items="""
items:
  - code: A
    name: 甲
    points: ten
    children:
      - {code: A1, name: 一, points: 10, rule: {type: magic, value: flag}}
      - {code: A2, name: 二}
"""
    )
    codes = sorted(code for code, _, _ in errors(text))
    assert codes == ["bad-choice", "item-shape", "missing-field", "yaml-type"]


def test_rule_parameters_are_checked() -> None:
    text = scheme_text(
        items="""
items:
  - code: A
    name: 甲
    points: 10
    children:
      - {code: A1, name: 一, points: 5, rule: {type: linear, value: a, zero_at: 3, full_at: 3}}
      - {code: A2, name: 二, points: 5, rule: {type: step, value: a, target: 3, step: 0, deduct: 1}}
"""
    )
    assert [code for code, _, _ in errors(text)] == ["rule-parameter", "rule-parameter"]


def test_problem_messages_are_pinned() -> None:
    """Golden file: each kind of scheme problem, exactly as users read it."""
    cases = {
        "points": scheme_text(
            items="""
items:
  - {code: A, name: 甲, points: 10, children: [{code: A1, name: 一, points: 9, rule: {type: boolean, value: flag}}]}
"""
        ),
        "unknown": scheme_text(indicators='  - {code: r, name: 比率, formula: "a / nope"}'),
        "type": scheme_text(indicators='  - {code: r, name: 比率, formula: "a and flag"}'),
        "syntax": scheme_text(indicators='  - {code: r, name: 比率, formula: "a +* 2"}'),
        "yaml": "scheme: [",
    }
    rendered = []
    for name, text in cases.items():
        _, problems = load_scheme_text(text, f"{name}.yaml")
        rendered.append((name, "\n".join(str(p) for p in problems if p.severity is Severity.ERROR)))
    if UPDATE:
        write_golden("scheme_problems.txt", rendered)
    assert rendered == read_golden("scheme_problems.txt")


def test_a_sample_scheme_is_always_labelled() -> None:
    from tests.helpers import make_scheme

    assert make_scheme(head=", sample: true").label == "测试方案（示例）"
    assert make_scheme().label == "测试方案"


def test_a_computed_bonus_item_is_checked_where_it_is_written() -> None:
    elements = "elements:\n  - {code: a, name: 甲数, level: unit}\n  - {code: flag, name: 是否, level: unit, type: bool}\n"
    text = scheme_text(elements=elements) + (
        "bonus:\n"
        "  - {code: J1, name: 表彰, points: 1, value: a, each: 0}\n"
        "  - {code: J2, name: 试点, points: 1, value: flag}\n"
        "  - {code: J4, name: 案例, points: 1, value: nothing * 2}\n"
    )
    lines = text.splitlines()
    first = next(n for n, line in enumerate(lines, start=1) if "J1" in line)
    found = errors(text)
    assert ("bonus-parameter", first, 5) in found  # each must be positive
    assert ("formula-type", first + 1, lines[first].index("flag") + 1) in found  # not a number
    assert ("unknown-name", first + 2, lines[first + 1].index("nothing") + 1) in found
    _, problems = load_scheme_text(text, "s.yaml")
    worded = [p.message_en for p in problems if p.code == "bonus-parameter"]
    assert worded == ["bonus item J1: 'each' (points for each one) must be positive, got 0"]


def test_each_without_a_value_is_located() -> None:
    text = scheme_text() + "bonus:\n  - {code: J3, name: 激励, points: 1, each: 2}\n"
    line = len(text.splitlines())
    assert errors(text) == [("bonus-parameter", line, text.splitlines()[-1].index("2}") + 1)]
    _, problems = load_scheme_text(text, "s.yaml")
    assert [p.message_zh for p in problems] == [
        "加分项 J3：each（每项加分）只用于按数据计算的加分项，需同时给出 value"
    ]


def test_rank_by_takes_grade_or_total() -> None:
    assert errors(scheme_text(head=", rank_by: total")) == []
    found = errors(scheme_text(head=", rank_by: size"))
    assert [code for code, _, _ in found] == ["bad-choice"]
