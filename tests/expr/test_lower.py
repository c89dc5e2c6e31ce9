from __future__ import annotations

from typing import ClassVar

import pytest

from dudao.errors import FormulaError
from dudao.expr import ir
from dudao.expr.ir import Level, Type
from dudao.expr.lower import Symbol, lower
from dudao.expr.parse import parse


class Names:
    symbols: ClassVar[dict[str, Symbol]] = {
        "a": Symbol("element", "a", Level.UNIT, Type.NUMBER),
        "甲数": Symbol("element", "a", Level.UNIT, Type.NUMBER),
        "flag": Symbol("element", "flag", Level.UNIT, Type.BOOL),
        "pupils": Symbol("element", "pupils", Level.SCHOOL, Type.NUMBER, "sum"),
        "books": Symbol("element", "books", Level.SCHOOL, Type.NUMBER, None),
        "rate": Symbol("indicator", "rate", Level.UNIT, Type.NUMBER),
        "per_pupil": Symbol("indicator", "per_pupil", Level.SCHOOL, Type.NUMBER),
    }

    def resolve(self, name: str) -> Symbol | None:
        return self.symbols.get(name)

    def known(self) -> list[str]:
        return list(self.symbols)


def lowered(text: str, level: Level = Level.UNIT) -> ir.Node:
    return lower(parse(text), Names(), text, level)


def error_of(text: str, level: Level = Level.UNIT) -> FormulaError:
    with pytest.raises(FormulaError) as caught:
        lowered(text, level)
    return caught.value


def test_chinese_and_code_names_resolve_to_the_same_input() -> None:
    assert lowered("甲数 + 1") == lowered("a + 1")


def test_school_element_at_unit_level_rolls_up_with_its_aggregate() -> None:
    node = lowered("pupils")
    assert node == ir.Aggregate("sum", (ir.Input("pupils", 0, Level.SCHOOL, Type.NUMBER),), None)


def test_growth_is_relative_change_against_the_previous_period() -> None:
    node = lowered("growth(a)")
    inputs = {(n.element, n.offset) for n in ir.walk(node) if isinstance(n, ir.Input)}
    assert inputs == {("a", 0), ("a", -1)}


def test_prev_of_prev_reaches_two_periods_back() -> None:
    node = lowered("prev(prev(a))")
    assert node == ir.Input("a", -2, Level.UNIT, Type.NUMBER)


@pytest.mark.parametrize(
    ("text", "code", "column"),
    [
        ("a + flag", "formula-type", 5),
        ("flag and a", "formula-type", 10),
        ("unknown_x * 2", "unknown-name", 1),
        ("a + foo(1)", "unknown-function", 5),
        ("if(a, 1, 2)", "formula-type", 4),
        ("if(flag, 1, flag)", "formula-type", 13),
        ("sum(sum(pupils))", "formula-level", 5),
        ("books", "formula-level", 1),
        ("per_pupil + 1", "formula-level", 1),
        ('stage == "primary"', "formula-level", 1),
        ("cv(pupils)", "formula-arity", 1),
        ("round(a, a)", "formula-type", 10),
        ('a > "x"', "formula-type", 1),
        ("sum(pupils, by = 1)", "formula-keyword", 18),
        ("count_if(pupils)", "formula-type", 10),
    ],
)
def test_errors_point_at_the_offending_part(text: str, code: str, column: int) -> None:
    error = error_of(text)
    assert (error.code, error.line, error.column) == (code, 1, column), str(error)


def test_aggregate_filter_may_use_school_attributes() -> None:
    node = lowered('cv(per_pupil, pupils, where = stage == "primary")')
    assert isinstance(node, ir.Aggregate)
    assert node.where is not None
    assert ir.Attribute("stage") in ir.walk(node.where)
