"""Explanations 计分说明: the inputs and their values, the formula, the standard, the rule.

Built from the plan and one unit's computed row, so every backend explains alike.
"""

from __future__ import annotations

import math
from dataclasses import replace

from dudao.engine.backends.reference import evaluate
from dudao.engine.explanation import (
    AggregateDetail,
    InputValue,
    MissingInput,
    RubricDetail,
    SchoolExtreme,
    StepDetail,
    fmt,
)
from dudao.engine.plan import Plan, input_column
from dudao.engine.rules import POINTS_DECIMALS, STEP_EPSILON
from dudao.engine.schools import (
    SchoolRowsOf,
    aggregate_period,
    aggregate_values,
    item_aggregates,
    school_inputs_of,
)
from dudao.engine.semantics import round_half_away
from dudao.expr import ir
from dudao.expr.ir import Value
from dudao.scheme.model import (
    Bands,
    BooleanRule,
    Item,
    Linear,
    PerIncident,
    Rubric,
    Scheme,
    Step,
    Threshold,
)

_OPS = {
    "add": "+",
    "sub": "-",
    "mul": "*",
    "div": "/",
    "eq": "==",
    "ne": "!=",
    "lt": "<",
    "le": "<=",
    "gt": ">",
    "ge": ">=",
}
_SHOWN_OPS = {">=": "≥", "<=": "≤", "!=": "≠", "==": "=", ">": ">", "<": "<"}


def display_name(scheme: Scheme, text: str) -> str:
    """An element or indicator code shown by its Chinese name; any other text as it is."""
    code = text.strip()
    if code in scheme.element_by_code:
        return scheme.element_by_code[code].name
    if code in scheme.indicator_by_code:
        return scheme.indicator_by_code[code].name
    return text


def standard_text(item: Item, scheme: Scheme | None = None) -> str:
    """The standard an item is scored against, in the words of a scheme."""
    rule = item.rule
    match rule:
        case Threshold(op=op, target=target):
            shown = display_name(scheme, target.text) if scheme is not None else target.text
            return f"{_SHOWN_OPS[op]} {shown}"
        case Linear(zero_at=z, full_at=f):
            return f"{fmt(z)} 得 0 分至 {fmt(f)} 得满分，按比例计分"
        case Step(target=t, step=s, deduct=d, direction=direction):
            word, sign = ("低", "≥") if direction == "below" else ("高", "≤")
            return f"{sign} {fmt(t)}；每{word} {fmt(s, 4)} 扣 {fmt(d)} 分，扣完为止"
        case Bands(bands=bands, else_points=else_points):
            parts = [
                f"{'≥' if b.bound == 'min' else '≤'} {fmt(b.limit)} 得 {fmt(b.points)} 分" for b in bands
            ]
            return "；".join([*parts, f"其他 {fmt(else_points)} 分"])
        case BooleanRule():
            return "是"
        case PerIncident(deduct=d, cap=cap):
            limit = item.points if cap is None else cap
            return f"0 起；每起扣 {fmt(d)} 分，最多扣 {fmt(limit)} 分"
        case Rubric(levels=levels):
            return "评审：" + " / ".join(f"{lv.level} {fmt(lv.fraction * 100)}%" for lv in levels)
    return ""


class Explainer:
    """Explains each leaf of a plan for one unit's row of computed values.

    ``schools`` gives an evaluated unit's school rows, to list the schools behind an aggregate
    (without it an explanation names aggregates but not their schools); ``period`` is the year
    evaluated (the scheme's by default).
    """

    def __init__(self, plan: Plan, schools: SchoolRowsOf | None = None, period: int | None = None) -> None:
        self.plan = plan
        self.schools = schools
        self.period = plan.scheme.info.period if period is None else period
        self._item_aggregates: dict[str, list[str]] = {}
        self.scheme: Scheme = plan.scheme
        self.columns = dict(plan.unit_columns)
        self.school_columns = dict(plan.school_columns)
        self.aggregates = dict(plan.aggregates)
        self.indicator_by_column = {c: code for code, c in plan.indicator_columns.items()}
        self.school_indicator_by_column = {c: code for code, c in plan.school_indicator_columns.items()}
        self._source_cache: dict[str, list[tuple[str, InputValue]]] = {}

    def inputs(self, column: str, row: dict[str, Value]) -> list[InputValue]:
        """The data behind a computed unit column, expanding indicators into their inputs."""
        return [replace(source, value=row.get(key)) for key, source in self._sources(column)]

    def _sources(self, column: str) -> list[tuple[str, InputValue]]:
        """Which columns hold a column's inputs, and how to name them: the same for every
        unit, so found once per column."""
        cached = self._source_cache.get(column)
        if cached is None:
            found: dict[str, InputValue] = {}
            self._collect(self.columns[column], found, depth=0)
            cached = self._source_cache[column] = list(found.items())
        return cached

    def _collect(self, node: ir.Node, found: dict[str, InputValue], depth: int) -> None:
        for part in ir.walk(node):
            if isinstance(part, ir.Input):
                found.setdefault(input_column(part), self._input(part))
            elif isinstance(part, ir.Column) and part.name in self.aggregates:
                text = self.text(self.aggregates[part.name])
                year = aggregate_period(self.plan, self.aggregates[part.name], self.period)
                found.setdefault(part.name, InputValue(text, text, year, None))
            elif isinstance(part, ir.Column) and part.name in self.indicator_by_column and depth < 6:
                self._collect(self.columns[part.name], found, depth + 1)

    def _period(self, offset: int) -> int:
        return self.period + offset

    def aggregate_details(self, item: str, unit: str, row: dict[str, Value]) -> list[AggregateDetail]:
        """The aggregates over schools behind an item, each with its schools counted and extremes."""
        if self.schools is None:
            return []
        columns = self._item_aggregates.get(item)
        if columns is None:
            columns = self._item_aggregates[item] = item_aggregates(self.plan, item)
        if not columns:
            return []
        rows = self.schools(unit)
        details = []
        for column in columns:
            found = aggregate_values(self.plan, column, rows, self.period, self.aggregates[column])
            counted = found.counted
            function = found.function
            met = lowest = highest = None
            if function in ("count_if", "share_if"):
                met = sum(1 for s in counted if s.value)
            else:
                numbers = [
                    s for s in counted if isinstance(s.value, (int, float)) and not isinstance(s.value, bool)
                ]
                if numbers:
                    low = min(numbers, key=lambda s: float(s.value))  # type: ignore[arg-type]
                    high = max(numbers, key=lambda s: float(s.value))  # type: ignore[arg-type]
                    lowest = SchoolExtreme(low.code, low.name, float(low.value))  # type: ignore[arg-type]
                    highest = SchoolExtreme(high.code, high.name, float(high.value))  # type: ignore[arg-type]
            details.append(
                AggregateDetail(
                    self.text(self.aggregates[column]),
                    function,
                    row.get(column),
                    unit,
                    item,
                    column,
                    found.period,
                    len(found.selected),
                    len(counted),
                    met,
                    lowest,
                    highest,
                )
            )
        return details

    def step_detail(self, item: Item, value: Value) -> StepDetail | None:
        """A step rule worked through for ``value``, as :func:`dudao.engine.rules.raw_points` counts."""
        rule = item.rule
        if not isinstance(rule, Step) or value is None:
            return None
        number = float(value)
        gap = rule.target - number if rule.direction == "below" else number - rule.target
        exact = gap / rule.step
        counted = (
            math.floor(exact + STEP_EPSILON) if rule.partial == "floor" else math.ceil(exact - STEP_EPSILON)
        )
        steps = max(counted, 0)
        points = float(round_half_away(max(item.points - steps * rule.deduct, 0.0), POINTS_DECIMALS) or 0.0)
        return StepDetail(
            number,
            rule.target,
            rule.direction,
            round(gap, 10),
            self._gap_unit(rule.value.text),
            rule.step,
            rule.partial,
            steps,
            rule.deduct,
            round(item.points - points, POINTS_DECIMALS),
            points,
        )

    def _gap_unit(self, text: str) -> str:
        code = text.strip()
        unit = ""
        if code in self.scheme.indicator_by_code:
            unit = self.scheme.indicator_by_code[code].unit
        elif code in self.scheme.element_by_code:
            unit = self.scheme.element_by_code[code].unit
        else:
            named = next((i for i in self.scheme.indicators if code in (i.name, *i.aliases)), None)
            unit = named.unit if named is not None else ""
        return "个百分点" if unit.strip() == "%" else unit

    def missing(self, columns: list[str], row: dict[str, Value], unit: str) -> list[MissingInput]:
        """The inputs behind ``columns`` that are missing for this unit: elements with their year
        (and which of the years, when the formula reads several), and school elements with how
        many of the schools lack them."""
        sources = [pair for column in columns for pair in self._sources(column)]
        sources = list({key: source for key, source in sources}.items())
        periods = {s.period for _, s in sources if s.period is not None}
        several = len(periods) > 1
        found: list[MissingInput] = []
        for key, source in sources:
            if row.get(key) is not None or ":" in source.code:
                continue
            if key in self.aggregates:
                found += self._missing_at_schools(key, unit)
                continue
            role = _year_role(source.period - self.period) if several and source.period is not None else ""
            found.append(MissingInput(source.code, source.name, source.period, role))
        return found

    def _missing_at_schools(self, column: str, unit: str) -> list[MissingInput]:
        if self.schools is None:
            return []
        node = self.aggregates[column]
        rows = self.schools(unit)
        selected = [s for s in rows if node.where is None or evaluate(node.where, s) is True]
        found = []
        for school_input in school_inputs_of(self.plan, node):
            lacking = sum(1 for s in selected if evaluate(school_input, s) is None)
            if lacking or not selected:
                element = self.scheme.element_by_code[school_input.element]
                year = self._period(school_input.offset)
                found.append(MissingInput(element.code, element.name, year, "", lacking, len(selected)))
        return found

    def _input(self, node: ir.Input) -> InputValue:
        if node.element.startswith("review:"):
            return InputValue(node.element, "评审等级得分比例", None, None)
        if node.element.startswith("bonus:"):
            return InputValue(node.element, "认定加分", None, None)
        if node.element.startswith("final:"):
            return InputValue(node.element, "认定得分", None, None)
        element = self.scheme.element_by_code[node.element]
        return InputValue(node.element, element.name, self._period(node.offset), None, element.unit)

    def text(self, node: ir.Node) -> str:
        """IR back to readable text, with names instead of column ids."""
        match node:
            case ir.Const(value=value):
                return f'"{value}"' if isinstance(value, str) else fmt(value, 6)
            case ir.Input(element=element, offset=offset):
                name = (
                    self.scheme.element_by_code[element].name
                    if element in self.scheme.element_by_code
                    else element
                )
                return name if offset == 0 else f"{name}（{self._period(offset)}年）"
            case ir.Attribute(name=name):
                return name
            case ir.Column(name=name):
                code = self.indicator_by_column.get(name) or self.school_indicator_by_column.get(name)
                if code is not None:
                    return self.scheme.indicator_by_code[code].name
                if name in self.aggregates:
                    return self.text(self.aggregates[name])
                return name
            case ir.Aggregate(function=function, args=args, where=where):
                inner = ", ".join(self.text(a) for a in args)
                if where is not None:
                    inner += f", where = {self.text(where)}"
                return f"{function}({inner})"
            case ir.Op(name=name, args=args) if name in _OPS:
                return f"({self.text(args[0])} {_OPS[name]} {self.text(args[1])})"
            case ir.Op(name=name, args=args):
                return f"{name}({', '.join(self.text(a) for a in args)})"
        return repr(node)


def _year_role(offset: int) -> str:
    """
    >>> _year_role(0), _year_role(-1), _year_role(-2)
    ('本年', '上年', '前2年')
    """
    if offset == 0:
        return "本年"
    if offset == -1:
        return "上年"
    return f"前{-offset}年" if offset < 0 else f"后{offset}年"


def _shown_input(value: InputValue) -> str:
    period = "" if value.period is None else f"（{value.period}）"
    unit = value.unit if value.value is not None and value.unit not in ("", "%") else ""
    return f"{value.name}{period} = {fmt(value.value, 4)}{unit}"


def explanation_text(
    item: Item,
    formula: str,
    inputs: list[InputValue],
    value: Value,
    points: float,
    status: str,
    standard: str,
    aggregates: list[AggregateDetail] | tuple[AggregateDetail, ...] = (),
    step: StepDetail | None = None,
    rubric: RubricDetail | None = None,
    missing: list[MissingInput] | tuple[MissingInput, ...] = (),
) -> str:
    """One readable sentence chain: formula; inputs; the schools behind aggregates; result;
    what is missing; standard; a step rule's deduction or a rubric's review; status and points."""
    parts = []
    if formula:
        parts.append(formula)
    if inputs:
        parts.append("其中 " + "，".join(_shown_input(i) for i in inputs))
    parts += [a.sentence for a in aggregates]
    if item.rule is not None and item.rule.type != "rubric":
        parts.append(f"计算结果 {fmt(value)}")
    parts += [m.sentence for m in missing]
    parts.append(f"标准：{standard}")
    if step is not None:
        parts.append(step.sentence)
    if rubric is not None:
        parts.append(rubric.sentence)
    parts.append(f"{status}，得 {fmt(points)} 分（满分 {fmt(item.points)} 分）")
    return "；".join(parts)
