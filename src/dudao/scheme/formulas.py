"""Resolve and type every formula of a scheme: indicators (in dependency order), rules, checks.

The result, :class:`TypedFormulas`, is what the engine compiles. Problems (unknown names,
type errors, cycles between indicators) come back as values with ``file:line:col``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from dudao.errors import FormulaError, Location, Problem
from dudao.expr import ast, ir
from dudao.expr.functions import FUNCTIONS, Kind
from dudao.expr.ir import Level, Type
from dudao.expr.lower import SCHOOL_ATTRIBUTES, Symbol, lower
from dudao.expr.parse import parse
from dudao.scheme.model import BooleanRule, Check, Formula, Rubric, Scheme, Threshold

_TYPE_ZH = {Type.NUMBER: "数值", Type.BOOL: "是非", Type.TEXT: "文本"}


@dataclass(frozen=True)
class TypedFormulas:
    """Every formula of a scheme lowered to IR, keyed by where it is used."""

    indicators: dict[str, ir.Node]  # indicator code -> IR, in dependency order
    leaves: dict[str, dict[str, ir.Node]]  # item code -> {"value": IR, "target": IR}
    rules: dict[str, ir.Node]  # round rule code -> IR (bool)
    checks: dict[str, ir.Node] = field(default_factory=dict)  # check code -> IR (bool)
    bonus: dict[str, ir.Node] = field(default_factory=dict)  # computed bonus item code -> IR (number)


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

    def known(self) -> list[str]:
        return list(self.symbols)

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
            problems.append(
                Problem.of(
                    "formula-type",
                    _formula_start(formula),
                    variant="formula",
                    what=what,
                    want_zh=_TYPE_ZH[want],
                    want_en=want.value,
                    got_zh=_TYPE_ZH[node.type],
                    got_en=node.type.value,
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
    bonus: dict[str, ir.Node] = {}
    for bonus_item in scheme.bonus:
        if bonus_item.value is not None:
            what = f"加分项 {bonus_item.code} 的 value"
            counted = compile_formula(bonus_item.value, Level.UNIT, Type.NUMBER, what)
            if counted is not None:
                bonus[bonus_item.code] = counted
    checks: dict[str, ir.Node] = {}
    for check in scheme.checks:
        try:
            checks[check.code] = lower_check(check, names)
        except FormulaError as error:
            problems.append(formula_problem(check.rule, error))
    return TypedFormulas(indicators, leaves, rules, checks, bonus), problems


def lower_check(check: Check, names: SchemeNamespace) -> ir.Node:
    """Lower a check's rule: a yes/no formula over the elements of the check's level alone.

    Raises :class:`FormulaError` at the offending name or call: an indicator, an element of
    the other level, a school attribute, an aggregate or a period function (``prev``…).

    >>> from dudao.scheme.load import load_scheme_text
    >>> scheme, _ = load_scheme_text('''
    ... scheme: {code: s, title: t, period: 2021, grades: [{name: 合格, min: 0}]}
    ... elements: [{code: a, name: 甲数}, {code: b, name: 乙数}]
    ... items: [{code: A, name: 甲, points: 100, rule: {type: linear, value: a + b, zero_at: 0, full_at: 1}}]
    ... checks: [{code: c, rule: "甲数 <= b", message: 甲数不能大于乙数}]
    ... ''')
    >>> lower_check(scheme.checks[0], SchemeNamespace(scheme)).name
    'le'
    """
    text = check.rule.text
    tree = parse(text)
    _refuse_outside_level(tree, check.level, names, text)
    node = lower(tree, names, text, check.level)
    if node.type is not Type.BOOL:
        raise FormulaError.of(
            "formula-type", text, 0, variant="check", got_zh=_TYPE_ZH[node.type], got_en=node.type.value
        )
    return node


def _refuse_outside_level(tree: ast.Node, level: Level, names: SchemeNamespace, text: str) -> None:
    """Raise at the first name or call a check may not use (see :func:`lower_check`)."""
    where = "学校" if level is Level.SCHOOL else "被评价单位"
    for node in _syntax_nodes(tree):
        refusal: tuple[str, str] | None = None
        if isinstance(node, ast.Name):
            symbol = names.symbols.get(node.name)
            if node.name in SCHOOL_ATTRIBUTES:
                refusal = (f"学校属性“{node.name}”", f"the school attribute {node.name!r}")
            elif symbol is not None and symbol.kind == "indicator":
                refusal = (f"指标值“{node.name}”", f"the indicator {node.name!r}")
            elif symbol is not None and symbol.level is not level:
                other = "学校" if symbol.level is Level.SCHOOL else "被评价单位"
                refusal = (f"{other}的数据项“{node.name}”", f"the {symbol.level.value} element {node.name!r}")
        elif isinstance(node, ast.Call):
            function = FUNCTIONS.get(node.function)
            if function is not None and function.kind is not Kind.SCALAR:
                refusal = (f"函数 {node.function}()", f"{node.function}()")
        if refusal is not None:
            raise FormulaError.of(
                "check-scope",
                text,
                node.span[0],
                where_zh=where,
                level=level.value,
                refusal_zh=refusal[0],
                refusal_en=refusal[1],
            )


def _syntax_nodes(node: ast.Node) -> list[ast.Node]:
    """Every node of a syntax tree, parents before children, left to right."""
    match node:
        case ast.Call(args=args, keywords=keywords):
            inner = [*args, *(value for _, value in keywords)]
        case ast.Negate(operand=operand) | ast.Not(operand=operand):
            inner = [operand]
        case ast.Arithmetic(left=left, right=right) | ast.Compare(left=left, right=right):
            inner = [left, right]
        case ast.Logical(operands=operands):
            inner = list(operands)
        case _:
            inner = []
    return [node, *(n for child in inner for n in _syntax_nodes(child))]


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
                Problem.of(
                    "indicator-cycle",
                    _formula_start(indicator.formula),
                    cycle_zh=" → ".join(cycle),
                    cycle_en=" -> ".join(cycle),
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
