"""Scheme files that would hang, exhaust memory or crash the loader, and values YAML would
silently change (issue #16, items 10 and 11): each is a problem at file:line:col, in bounded time."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from dudao.errors import Severity
from dudao.expr.parse import parse
from dudao.scheme import load_scheme, load_scheme_text
from tests.helpers import scheme_text


def located(text: str) -> list[tuple[str, int, int]]:
    _, problems = load_scheme_text(text, "s.yaml")
    return [(p.code, p.location.line, p.location.column) for p in problems if p.severity is Severity.ERROR]


def test_a_billion_laughs_is_refused_at_the_alias_that_overflows_in_well_under_a_second() -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    started = time.perf_counter()
    found = located("\n".join(lines) + "\n")
    assert time.perf_counter() - started < 2
    assert len(found) == 1 and found[0][0] == "yaml-too-large"
    assert found[0][1] in range(2, 11)  # the line of the alias that passes the bound


def test_a_fifty_megabyte_scheme_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("# padding\n" * 5_000_000, encoding="utf-8")
    started = time.perf_counter()
    scheme, problems = load_scheme(path)
    assert time.perf_counter() - started < 1
    assert scheme is None and [p.code for p in problems] == ["file-too-large"]
    assert "DUDAO_MAX_SCHEME_BYTES" in problems[0].message_en


def test_deep_nesting_is_refused_at_its_place() -> None:
    text = "x: " + "[" * 3000 + "]" * 3000 + "\n"
    assert located(text) == [("yaml-too-deep", 1, 103)]  # the 101st level: the root mapping and 100 lists


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("!!float abc", "yaml-value"),
        ("!!int 1x", "yaml-value"),
        ("!!python/name:os.system", "yaml-tag"),
        ("!!python/object/apply:os.system [ls]", "yaml-tag"),
        ("!!binary aGVsbG8=", "yaml-tag"),
        ("!!set {a, b}", "yaml-tag"),
    ],
)
def test_a_tag_the_loader_cannot_hold_is_a_located_problem(value: str, code: str) -> None:
    text = scheme_text() + f"note: {value}\n"
    found = located(text)
    assert found[0] == (code, text.count("\n"), len("note: ") + 1), found


def test_a_code_keeps_the_text_written() -> None:
    items = """
items:
  - code: 1.10
    name: 甲
    points: 10
    children:
      - {code: on, name: 一, points: 10, rule: {type: threshold, value: a, op: ">=", target: 1}}
"""
    scheme, problems = load_scheme_text(scheme_text(items=items), "s.yaml")
    assert scheme is not None, problems
    assert [item.code for item in scheme.items] == ["1.10"]
    assert [leaf.code for leaf in scheme.leaves] == ["on"]


def test_an_infinite_number_in_a_scheme_is_refused() -> None:
    found = located(scheme_text(total=1e400))
    assert found and found[0][0] == "yaml-type"


@pytest.mark.parametrize(
    ("formula", "code"),
    [
        ("-" * 2000 + "1", "formula-too-deep"),
        ("not " * 2000 + "true", "formula-too-deep"),
        ("a + " * 2400 + "1", "formula-too-deep"),
        ("f(" * 300 + "1" + ")" * 300, "formula-too-deep"),
        ("1 + " * 300_000 + "1", "formula-too-long"),
        ("1" * 1_000_000, "formula-too-long"),
        ("1" * 400, "formula-number"),
        ("1e400", "formula-number"),
    ],
)
def test_a_formula_that_would_exhaust_the_stack_or_overflow_is_a_located_problem(
    formula: str, code: str
) -> None:
    from dudao.errors import FormulaError

    with pytest.raises(FormulaError) as caught:
        parse(formula)
    assert caught.value.code == code
    assert caught.value.line == 1 and caught.value.column >= 1


def test_a_deep_formula_in_a_scheme_is_located_in_the_file() -> None:
    text = scheme_text(indicators="  - {code: x, name: 乙, formula: " + '"' + "-" * 2000 + 'a"}')
    found = located(text)
    assert found and found[0][0] == "formula-too-deep" and found[0][1] > 1
