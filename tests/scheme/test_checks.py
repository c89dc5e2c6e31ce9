"""The ``checks:`` section: consistency rules between a unit's values, located like every formula."""

from __future__ import annotations

from dudao.errors import Severity
from dudao.expr.ir import Level
from dudao.scheme import load_scheme_text
from tests.helpers import scheme_text


def with_checks(checks: str) -> str:
    return scheme_text() + "checks:\n" + checks


def errors(text: str) -> list[tuple[str, int, int]]:
    _, problems = load_scheme_text(text, "s.yaml")
    return [(p.code, p.location.line, p.location.column) for p in problems if p.severity is Severity.ERROR]


def at(text: str, line: int, column: int) -> str:
    return text.splitlines()[line - 1][column - 1 :]


def test_a_check_is_loaded_with_its_defaults() -> None:
    text = with_checks('  - {code: c1, rule: "甲数 <= b", message: 甲数不能大于乙数}\n')
    scheme, problems = load_scheme_text(text, "s.yaml")
    assert scheme is not None and not [p for p in problems if p.severity is Severity.ERROR]
    [check] = scheme.checks
    assert (check.code, check.level, check.rule.text, check.message, check.severity) == (
        "c1",
        Level.UNIT,
        "甲数 <= b",
        "甲数不能大于乙数",
        "error",
    )
    assert check.location.line == text.count("\n")
    assert hash(scheme) == hash(scheme)  # still frozen and hashable
    unused = {p.message_en.split()[1] for p in problems if p.code == "element-unused"}
    assert "b" not in unused and "flag" in unused  # b is read by the check alone


def test_a_scheme_without_checks_has_none() -> None:
    scheme, _ = load_scheme_text(scheme_text(), "s.yaml")
    assert scheme is not None and scheme.checks == ()


def test_unknown_element_is_located_inside_the_rule() -> None:
    text = with_checks('  - {code: c1, rule: "a <= nope", message: 不对}\n')
    [(code, line, column)] = errors(text)
    assert code == "unknown-name"
    assert at(text, line, column).startswith('nope"')


def test_a_rule_must_be_yes_or_no() -> None:
    text = with_checks('  - {code: c1, rule: "a + b", message: 不对}\n')
    [(code, line, column)] = errors(text)
    assert code == "formula-type"
    assert at(text, line, column).startswith('a + b"')


def test_a_school_check_cannot_use_a_unit_element() -> None:
    text = with_checks('  - {code: c1, level: school, rule: "books <= a", message: 不对}\n')
    [(code, line, column)] = errors(text)
    assert code == "check-scope"
    assert at(text, line, column).startswith('a"')


def test_a_unit_check_cannot_use_school_elements_indicators_or_other_periods() -> None:
    text = scheme_text(indicators='  - {code: r, name: 比率, formula: "a / b"}') + (
        "checks:\n"
        '  - {code: c1, rule: "a <= pupils", message: 学校数据}\n'
        '  - {code: c2, rule: "比率 <= 1", message: 指标值}\n'
        '  - {code: c3, rule: "prev(a) <= a", message: 上年}\n'
        '  - {code: c4, rule: "a <= sum(books)", message: 汇总}\n'
    )
    found = errors(text)
    assert [code for code, _, _ in found] == ["check-scope"] * 4
    assert [at(text, line, column).split('"')[0] for _, line, column in found] == [
        "pupils",
        "比率 <= 1",
        "prev(a) <= a",
        "sum(books)",
    ]


def test_duplicate_codes_missing_messages_and_bad_choices() -> None:
    text = with_checks(
        '  - {code: c1, rule: "a <= b", message: 一}\n'
        '  - {code: c1, rule: "b <= a", message: 二}\n'
        '  - {code: c3, rule: "b <= a"}\n'
        '  - {code: c4, rule: "b <= a", message: 四, severity: fatal, level: district}\n'
    )
    found = errors(text)
    codes = [code for code, _, _ in found]
    assert sorted(codes) == ["bad-choice", "bad-choice", "duplicate-code", "missing-field"]
    text = with_checks(
        '  - {code: c1, rule: "a <= b", message: 一}\n  - {code: c1, rule: "b <= a", message: 二}\n'
    )
    [(code, line, column)] = errors(text)
    assert code == "duplicate-code"
    assert at(text, line, column).startswith('{code: c1, rule: "b <= a"')


def test_an_empty_message_is_refused() -> None:
    text = with_checks('  - {code: c1, rule: "a <= b", message: ""}\n')
    assert [code for code, _, _ in errors(text)] == ["missing-field"]


def test_checks_change_the_digest_not_the_items() -> None:
    plain, _ = load_scheme_text(scheme_text(), "s.yaml")
    checked, _ = load_scheme_text(with_checks('  - {code: c1, rule: "a <= b", message: 一}\n'), "s.yaml")
    assert plain is not None and checked is not None
    assert plain.items == checked.items and plain.digest != checked.digest
