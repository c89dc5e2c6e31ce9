"""Resolve and type every formula of a scheme: indicators (in dependency order) and rules.

The result, :class:`TypedFormulas`, is what the engine compiles. Problems (unknown names,
type errors, cycles between indicators) come back as values with ``file:line:col``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from dudao.errors import FormulaError, Location, Problem
from dudao.expr import ir
from dudao.expr.ir import Level, Type
from dudao.expr.lower import Symbol, lower
from dudao.expr.parse import parse
from dudao.scheme.model import BooleanRule, Formula, Rubric, Scheme, Threshold


@dataclass(frozen=True)
class TypedFormulas:
    """Every formula of a scheme lowered to IR, keyed by where it is used."""

    indicators: dict[str, ir.Node]  # indicator code -> IR, in dependency order
    leaves: dict[str, dict[str, ir.Node]]  # item code -> {"value": IR, "target": IR}
    rules: dict[str, ir.Node]  # round rule code -> IR (bool)


class SchemeNamespace:
    """Names a formula may use: element and indicator codes, names and aliases."""

    def __init__(self, scheme: Scheme) -> None:
        self.symbols: dict[str, Symbol] = {}
        self.ambiguous: set[str] = set()
        for element in scheme.elements:
            symbol = Symbol("element", element.code, element.level, element.type, element.aggregate)
            for name in (element.code, element.name, *element.aliases):
                self._add(name, symbol)
        self.indicator_types: dict[str, Type] = {}
        for indicator in scheme.indicators:
            # The type is a placeholder until the indicator is lowered (see typed_formulas).
            symbol = Symbol("indicator", indicator.code, indicator.level, Type.NUMBER)
            for name in (indicator.code, indicator.name, *indicator.aliases):
                self._add(name, symbol)

    def _add(self, name: str, symbol: Symbol) -> None:
        if not name:
            return
        existing = self.symbols.get(name)
        if existing is not None and existing.code != symbol.code:
            self.ambiguous.add(name)
        self.symbols.setdefault(name, symbol)

    def resolve(self, name: str) -> Symbol | None:
        symbol = self.symbols.get(name)
        if symbol is not None and symbol.kind == "indicator":
            typed = self.indicator_types.get(symbol.code, symbol.type)
            return Symbol(symbol.kind, symbol.code, symbol.level, typed)
        return symbol


def formula_problem(formula: Formula, error: FormulaError) -> Problem:
    """Place a formula error at ``file:line:col`` inside the scheme file."""
    base = formula.location
    if error.line == 1:
        line, column = base.line, base.column + formula.column_shift + error.column - 1
    else:
        line, column = base.line + error.line - 1, error.column
    return Problem(
        error.code,
        error.message_zh,
        error.message_en,
        Location(base.file, line, column),
        excerpt=error.excerpt(),
    )


def referenced_names(node: ir.Node) -> set[str]:
    return {n.code for n in ir.walk(node) if isinstance(n, ir.IndicatorRef)}


def typed_formulas(scheme: Scheme) -> tuple[TypedFormulas, list[Problem]]:
    names = SchemeNamespace(scheme)
    problems: list[Problem] = []

    def compile_formula(formula: Formula, level: Level, want: Type | None, what: str) -> ir.Node | None:
        try:
            node = lower(parse(formula.text), names, formula.text, level)
        except FormulaError as error:
            problems.append(formula_problem(formula, error))
            return None
        if want is not None and node.type is not want:
            zh = {"number": "数值", "bool": "是非", "text": "文本"}
            problems.append(
                Problem(
                    "formula-type",
                    f"{what}应为{zh[want.value]}公式，这里得到{zh[node.type.value]}",
                    f"{what} must be a {want.value} formula, got a {node.type.value}",
                    _formula_start(formula),
                )
            )
            return None
        return node

    indicators = _indicators_in_order(scheme, names, compile_formula, problems)
    leaves: dict[str, dict[str, ir.Node]] = {}
    for item in scheme.leaves:
        rule = item.rule
        if rule is None or isinstance(rule, Rubric):
            continue
        compiled: dict[str, ir.Node] = {}
        want = Type.BOOL if isinstance(rule, BooleanRule) else Type.NUMBER
        value = compile_formula(rule.value, Level.UNIT, want, f"指标 {item.code} 的 value")
        if value is not None:
            compiled["value"] = value
        if isinstance(rule, Threshold):
            target = compile_formula(rule.target, Level.UNIT, Type.NUMBER, f"指标 {item.code} 的 target")
            if target is not None:
                compiled["target"] = target
        leaves[item.code] = compiled
    rules: dict[str, ir.Node] = {}
    for round_rule in scheme.rules:
        when = compile_formula(round_rule.when, Level.UNIT, Type.BOOL, f"规则 {round_rule.code} 的 when")
        if when is not None:
            rules[round_rule.code] = when
    return TypedFormulas(indicators, leaves, rules), problems


def _formula_start(formula: Formula) -> Location:
    base = formula.location
    return Location(base.file, base.line, base.column + formula.column_shift)


Compiler = Callable[[Formula, Level, Type | None, str], ir.Node | None]


def _indicators_in_order(
    scheme: Scheme, names: SchemeNamespace, compile_formula: Compiler, problems: list[Problem]
) -> dict[str, ir.Node]:
    """Lower indicators so that each comes after those it uses; report cycles."""
    by_code = scheme.indicator_by_code
    lowered: dict[str, ir.Node] = {}
    state: dict[str, str] = {}  # code -> "visiting" | "done"

    def visit(code: str, path: list[str]) -> None:
        if state.get(code) == "done":
            return
        if state.get(code) == "visiting":
            cycle = [*path[path.index(code) :], code]
            indicator = by_code[code]
            problems.append(
                Problem(
                    "indicator-cycle",
                    f"指标之间存在循环引用：{' → '.join(cycle)}",
                    f"indicators refer to each other in a cycle: {' -> '.join(cycle)}",
                    _formula_start(indicator.formula),
                )
            )
            state[code] = "done"
            return
        state[code] = "visiting"
        indicator = by_code[code]
        for dependency in _direct_dependencies(indicator.formula.text, names):
            if dependency in by_code:
                visit(dependency, [*path, code])
        if state.get(code) == "visiting":
            node = compile_formula(indicator.formula, indicator.level, None, f"指标值 {code}")
            if node is not None:
                lowered[code] = node
                names.indicator_types[code] = node.type
            state[code] = "done"

    for indicator in scheme.indicators:
        visit(indicator.code, [])
    return lowered


def _direct_dependencies(text: str, names: SchemeNamespace) -> list[str]:
    """Indicator codes a formula names, found from its syntax tree (no typing needed)."""
    from dudao.expr import ast

    try:
        tree = parse(text)
    except FormulaError:
        return []
    found: list[str] = []

    def visit(node: ast.Node) -> None:
        match node:
            case ast.Name(name=name):
                symbol = names.symbols.get(name)
                if symbol is not None and symbol.kind == "indicator":
                    found.append(symbol.code)
            case ast.Call(args=args, keywords=keywords):
                for arg in args:
                    visit(arg)
                for _, value in keywords:
                    visit(value)
            case ast.Negate(operand=o) | ast.Not(operand=o):
                visit(o)
            case ast.Arithmetic(left=left, right=right) | ast.Compare(left=left, right=right):
                visit(left)
                visit(right)
            case ast.Logical(operands=operands):
                for operand in operands:
                    visit(operand)
            case _:
                pass

    visit(tree)
    return found
