"""Evaluating checks 校验规则 on one unit's values, and the bundled scheme's checks on the bundled data."""

from __future__ import annotations

from collections import defaultdict

import pytest

from dudao.engine.checks import CheckFailure, compiled_checks, failed_checks
from dudao.expr.ir import Level
from dudao.samples import bundled_dataset, bundled_scheme_path
from dudao.scheme import load_scheme_text, read_scheme
from dudao.scheme.model import Scheme
from tests.helpers import make_scheme, scheme_text


def scheme_with(checks: str) -> Scheme:
    scheme, _ = load_scheme_text(scheme_text() + "checks:\n" + checks, "s.yaml")
    assert scheme is not None
    return scheme


SCHEME = scheme_with(
    '  - {code: le, rule: "a <= b", message: 甲数不能大于乙数}\n'
    '  - {code: ratio, rule: "a / b <= 2", message: 比值过大, severity: warning}\n'
    '  - {code: flagged, rule: "not 是否达标 or a > 0", message: 达标时甲数应大于0}\n'
    '  - {code: school, level: school, rule: "books >= pupils", message: 图书少于学生}\n'
    '  - {code: either, rule: "round(abs(b - a)) >= 0 and max(a, b) >= min(a, b) and coalesce(a, b) == a", message: 总成立}\n'
)


def codes(failures: list[CheckFailure]) -> list[str]:
    return [f.code for f in failures]


def test_a_false_rule_fails_with_its_message_severity_and_elements() -> None:
    [failure] = failed_checks(SCHEME, Level.UNIT, {"a": 5, "b": 4, "flag": 1})
    assert failure == CheckFailure("le", "甲数不能大于乙数", "error", ("a", "b"))


def test_a_true_rule_passes() -> None:
    assert failed_checks(SCHEME, Level.UNIT, {"a": 4, "b": 4, "flag": 1}) == []


def test_warnings_are_failures_with_their_severity() -> None:
    failures = failed_checks(SCHEME, Level.UNIT, {"a": 5, "b": 2, "flag": 0})
    assert [(f.code, f.severity) for f in failures] == [("le", "error"), ("ratio", "warning")]


def test_yes_no_elements_read_one_and_zero() -> None:
    assert codes(failed_checks(SCHEME, Level.UNIT, {"a": 0, "b": 4, "flag": 1})) == ["flagged"]
    assert codes(failed_checks(SCHEME, Level.UNIT, {"a": 0, "b": 4, "flag": 0})) == []


def test_a_check_with_a_missing_input_is_not_evaluated() -> None:
    assert failed_checks(SCHEME, Level.UNIT, {"a": 5, "b": None, "flag": 1}) == []
    assert codes(failed_checks(SCHEME, Level.UNIT, {"a": -1, "b": 4})) == []  # flag absent: flagged skipped


def test_a_missing_result_does_not_fail() -> None:
    assert codes(failed_checks(SCHEME, Level.UNIT, {"a": 0, "b": 0, "flag": 0})) == []  # 0 / 0 is missing


def test_only_the_checks_of_the_level_are_evaluated() -> None:
    values = {"a": 5, "b": 4, "pupils": 10, "books": 3}
    assert codes(failed_checks(SCHEME, Level.SCHOOL, values)) == ["school"]
    assert "school" not in codes(failed_checks(SCHEME, Level.UNIT, values))


def test_compiled_checks_are_cached_per_digest() -> None:
    assert compiled_checks(SCHEME) is compiled_checks(SCHEME)
    assert [c.elements for c in compiled_checks(SCHEME)][:2] == [("a", "b"), ("a", "b")]


def test_a_scheme_without_checks_fails_nothing() -> None:
    assert failed_checks(make_scheme(), Level.UNIT, {"a": 1}) == []


@pytest.fixture(scope="module")
def bundled() -> Scheme:
    return read_scheme(bundled_scheme_path("cq-district-2022"))


def test_the_bundled_scheme_has_checks_at_both_levels(bundled: Scheme) -> None:
    assert {c.level for c in bundled.checks} == {Level.SCHOOL, Level.UNIT}
    assert {c.severity for c in bundled.checks} == {"error", "warning"}
    assert len(compiled_checks(bundled)) == len(bundled.checks)


def test_the_bundled_data_passes_every_error_check(bundled: Scheme) -> None:
    dataset = bundled_dataset()
    level_of = {u.code: Level.SCHOOL if u.level == "school" else Level.UNIT for u in dataset.units}
    rows: dict[tuple[str, int], dict[str, float | None]] = defaultdict(dict)
    for unit, element, period, value in dataset.values[["unit", "element", "period", "value"]].itertuples(
        index=False
    ):
        rows[(unit, int(period))][element] = None if value != value else float(value)
    assert {period for _, period in rows} == {2020, 2021}
    failures = []
    evaluated = 0
    for (unit, period), values in rows.items():
        for failure in failed_checks(bundled, level_of[unit], values):
            if failure.severity == "error":
                failures.append((unit, period, failure.code))
        evaluated += 1
    assert evaluated > 1500
    assert failures == []
