"""Explanations 计分说明: the inputs and their values, the formula, the standard, the rule.

Built from the plan and one unit's computed row, so every backend explains alike.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from dudao.engine.plan import Plan, input_column
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


@dataclass(frozen=True)
class InputValue:
    """One input of a score: an element at a period, or a school aggregate."""

    code: str
    name: str
    period: int | None
    value: Value
    unit: str = ""

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "name": self.name,
            "period": self.period,
            "value": self.value,
            "unit": self.unit,
        }


@dataclass(frozen=True)
class Explanation:
    formula: str
    inputs: tuple[InputValue, ...]
    rule: str
    text: str

    def to_dict(self) -> dict[str, object]:
        return {
            "formula": self.formula,
            "inputs": [i.to_dict() for i in self.inputs],
            "rule": self.rule,
            "text": self.text,
        }


def fmt(value: Value, digits: int = 2) -> str:
    """Show a value as reports do: 124.6, 12.75, 31150, 是/否, — for missing."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, str):
        return value
    rounded = round(float(value), digits)
    if rounded == int(rounded) and abs(rounded) < 1e15:
        return str(int(rounded))
    return f"{rounded:.{digits}f}".rstrip("0").rstrip(".")


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
    """Explains each leaf of a plan for one unit's row of computed values."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
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
                found.setdefault(part.name, InputValue(text, text, self._period(0), None))
            elif isinstance(part, ir.Column) and part.name in self.indicator_by_column and depth < 6:
                self._collect(self.columns[part.name], found, depth + 1)

    def _period(self, offset: int) -> int:
        return self.plan.scheme.info.period + offset

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
) -> str:
    """One readable sentence chain: formula; inputs; result; standard; status and points."""
    parts = []
    if formula:
        parts.append(formula)
    if inputs:
        parts.append("其中 " + "，".join(_shown_input(i) for i in inputs))
    if item.rule is not None and item.rule.type != "rubric":
        parts.append(f"计算结果 {fmt(value)}")
    parts.append(f"标准：{standard}")
    parts.append(f"{status}，得 {fmt(points)} 分（满分 {fmt(item.points)} 分）")
    return "；".join(parts)
