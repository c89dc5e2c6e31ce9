"""Scoring rules, grades and round rules expressed as IR, so every backend scores alike.

Each leaf's rule becomes a *raw points* expression: missing when its value is missing.
The engine stores ``coalesce(raw, 0)`` as the points and derives the status from ``raw``.
"""

from __future__ import annotations

from dudao.expr.ir import Const, Input, Level, Node, Op, Type
from dudao.scheme.model import (
    Bands,
    BooleanRule,
    Item,
    Linear,
    PerIncident,
    Rubric,
    Step,
    Threshold,
)

# Steps are counted with this slack, so 0.3 / 0.1 = 2.9999999999999996 counts as 3 steps.
STEP_EPSILON = 1e-9
# Points and totals are kept to this many decimals, so 0.6 × 1.5 gives 0.9, not 0.8999….
POINTS_DECIMALS = 6

_COMPARE = {">=": "ge", ">": "gt", "<=": "le", "<": "lt", "==": "eq", "!=": "ne"}


def number(value: float) -> Const:
    return Const(float(value), Type.NUMBER)


def op(name: str, *args: Node, type: Type = Type.NUMBER) -> Op:
    return Op(name, tuple(args), type)


def review_input(item_code: str) -> Input:
    """The reviewer's fraction for a rubric item, supplied by the dataset's reviews."""
    return Input(f"review:{item_code}", 0, Level.UNIT, Type.NUMBER)


def bonus_input(bonus_code: str) -> Input:
    """The accepted bonus points for a bonus item (认定加分)."""
    return Input(f"bonus:{bonus_code}", 0, Level.UNIT, Type.NUMBER)


def final_input(item_code: str) -> Input:
    """The office's final points for an item (认定得分), supplied by the dataset's final scores;
    missing where none is set, and then the computed points count."""
    return Input(f"final:{item_code}", 0, Level.UNIT, Type.NUMBER)


def final_points(item_code: str, computed: Node) -> Node:
    """The points an item counts with: its final points where set, else ``computed``."""
    return op("coalesce", final_input(item_code), computed)


def raw_points(item: Item, value: Node | None, target: Node | None) -> Node:
    """The points an item earns, missing when its value is missing."""
    full = number(item.points)
    rule = item.rule
    match rule:
        case Threshold(op=comparison, else_points=else_points):
            assert value is not None and target is not None
            met = op(_COMPARE[comparison], value, target, type=Type.BOOL)
            return op("if", met, full, number(else_points))
        case Linear(zero_at=zero_at, full_at=full_at):
            assert value is not None
            fraction = op("div", op("sub", value, number(zero_at)), number(full_at - zero_at))
            clamped = op("min", op("max", fraction, number(0)), number(1))
            return _keep(op("mul", clamped, full))
        case Step(target=goal, step=step, deduct=deduct, direction=direction, partial=partial):
            assert value is not None
            shortfall = (
                op("sub", number(goal), value) if direction == "below" else op("sub", value, number(goal))
            )
            steps_exact = op("div", shortfall, number(step))
            if partial == "floor":
                steps = op("floor", op("add", steps_exact, number(STEP_EPSILON)))
            else:
                steps = op("ceil", op("sub", steps_exact, number(STEP_EPSILON)))
            deduction = op("mul", op("max", steps, number(0)), number(deduct))
            return _keep(op("max", op("sub", full, deduction), number(0)))
        case Bands(bands=bands, else_points=else_points):
            assert value is not None
            result: Node = number(else_points)
            for band in reversed(bands):
                test = "ge" if band.bound == "min" else "le"
                hit = op(test, value, number(band.limit), type=Type.BOOL)
                result = op("if", hit, number(band.points), result)
            return result
        case BooleanRule():
            assert value is not None
            return op("if", value, full, number(0))
        case PerIncident(deduct=deduct, cap=cap):
            assert value is not None
            limit = item.points if cap is None else cap
            deduction = op("min", op("mul", value, number(deduct)), number(limit))
            return _keep(op("max", op("sub", full, deduction), number(0)))
        case Rubric():
            return _keep(op("mul", review_input(item.code), full))
    raise AssertionError(f"item {item.code} has no rule")


def computed_bonus(value: Node, each: float, most: float) -> Node:
    """A bonus computed from the data: ``value × each`` points, between 0 and ``most``;
    missing when the value is."""
    earned = op("mul", value, number(each))
    return _keep(op("min", op("max", earned, number(0)), number(most)))


def _keep(node: Node) -> Node:
    return op("round", node, number(POINTS_DECIMALS))


def points(raw: Node) -> Node:
    """Points as summed into the total: a missing value scores 0."""
    return op("coalesce", raw, number(0))


def fired(condition: Node) -> Node:
    """A round rule fires when its condition is true; missing does not fire."""
    return op("coalesce", condition, Const(False, Type.BOOL), type=Type.BOOL)


def grade_index(total: Node, minimums: list[float]) -> Node:
    """0 for the best grade, ``len(minimums) - 1`` for the lowest."""
    result: Node = number(len(minimums) - 1)
    for index in range(len(minimums) - 2, -1, -1):
        hit = op("ge", total, number(minimums[index]), type=Type.BOOL)
        result = op("if", hit, number(index), result)
    return result


def any_fired(conditions: list[Node]) -> Node:
    if not conditions:
        return Const(False, Type.BOOL)
    if len(conditions) == 1:
        return conditions[0]
    return op("or", *conditions, type=Type.BOOL)


def apply_round_rule(kind: str, index: Node, fired: Node, lowest: int, downgraded: Node | None) -> Node:
    """The grade index after one round rule, from the index the rules before it left.

    ``fired``: the rule's condition held (never missing, see :func:`fired`). ``downgraded``:
    for a downgrade rule whose scheme does not stack downgrades, whether an earlier downgrade
    rule fired (then this one changes nothing); None when downgrades stack.
    """
    match kind:
        case "veto":  # 一票否决: the lowest grade
            return op("if", fired, number(lowest), index)
        case "cannot_be_excellent":  # 不得评为优秀: at best the second grade
            return index if lowest < 1 else op("if", fired, op("max", index, number(1)), index)
        case "downgrade":  # 降低一个等次, not below the lowest
            step = op("if", fired, number(1), number(0))
            if downgraded is not None:
                step = op("if", downgraded, number(0), step)
            return op("min", op("add", index, step), number(lowest))
    raise AssertionError(f"unknown round rule type {kind!r}")


def final_grade(by_total: Node, rules: list[tuple[str, Node]], lowest: int, stack: bool) -> Node:
    """The grade index once every round rule has applied in order (``rules``: each rule's type
    and whether it fired, as the scheme lists them): the last step of :func:`apply_round_rule`,
    in a form that names the grade by the total a fixed number of times however many rules
    there are (an SQL engine inlines columns, and a chain of steps each naming the one before
    twice would grow as 2ⁿ).

    It is the same grade because a veto leaves the lowest grade whatever follows; a downgrade
    leaves at least the second grade, so a cannot-be-top-grade rule after a downgrade changes
    nothing; and clamping each downgrade at the lowest grade equals clamping their sum. So the
    grade is the lowest if a veto fired, else ``min(max(g, c) + k, lowest)``: ``c`` is 1 when a
    cannot-be-top-grade rule fired before the first downgrade that fired, ``k`` the downgrades
    that count. (tests/engine/test_rule_order.py holds the two forms equal.)
    """
    vetoes = [f for kind, f in rules if kind == "veto"]
    downgrades: list[Node] = []
    capped: list[Node] = []  # a cannot-be-top-grade rule that fired before any downgrade did
    for kind, f in rules:
        if kind == "downgrade":
            downgrades.append(f)
        elif kind == "cannot_be_excellent":
            earlier = any_fired(downgrades)
            capped.append(
                f if not downgrades else op("and", f, op("not", earlier, type=Type.BOOL), type=Type.BOOL)
            )
    index = by_total
    if capped and lowest >= 1:
        index = op("max", index, op("if", any_fired(capped), number(1), number(0)))
    if downgrades:
        any_down = op("if", any_fired(downgrades), number(1), number(0))
        steps = op("count_true", *downgrades) if stack else any_down
        index = op("min", op("add", index, steps), number(lowest))
    if vetoes:
        index = op("if", any_fired(vetoes), number(lowest), index)
    return index


def total_of(terms: list[Node]) -> Node:
    if not terms:
        return number(0)
    result = terms[0]
    for term in terms[1:]:
        result = op("add", result, term)
    return _keep(result)
