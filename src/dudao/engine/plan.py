"""Build the evaluation plan 计算计划: the ordered columns every backend computes.

A plan has three stages, read off the scheme:

1. **school columns** — school-level indicators, one value per school;
2. **aggregates** — school values rolled up to their unit (``sum``, ``cv`` …);
3. **unit columns** — indicators, each leaf's value / target / points, the total, the round
   rules and the grade, in dependency order.

Indicators used at a period offset (``prev``) are inlined with their inputs shifted; every
other indicator is computed once and read by name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from dudao.engine import rules as r
from dudao.errors import SchemeError, has_errors
from dudao.expr import ir
from dudao.expr.ir import Level, Type
from dudao.scheme.formulas import TypedFormulas, typed_formulas
from dudao.scheme.model import Scheme


@dataclass(frozen=True)
class LeafColumns:
    item: str
    value: str | None
    target: str | None
    raw: str
    points: str


@dataclass(frozen=True, eq=False)
class Plan:
    """Compared and hashed by identity: one plan per scheme version, cached by digest."""

    scheme: Scheme
    school_inputs: tuple[ir.Input, ...]
    school_columns: tuple[tuple[str, ir.Node], ...]
    aggregates: tuple[tuple[str, ir.Aggregate], ...]
    unit_inputs: tuple[ir.Input, ...]
    unit_columns: tuple[tuple[str, ir.Node], ...]
    leaves: tuple[LeafColumns, ...]
    indicator_columns: dict[str, str] = field(compare=False)
    school_indicator_columns: dict[str, str] = field(compare=False)
    rule_columns: dict[str, str] = field(compare=False)
    bonus_columns: dict[str, str] = field(compare=False)
    bonus_values: dict[str, str] = field(compare=False)  # computed bonus item code -> its value
    # round rule code -> the grade index after the rule (rules apply in order), an expression
    # over the columns grade_by_total and the rules' conditions; the last is the grade's column
    grade_steps: dict[str, ir.Node] = field(compare=False)
    base_total: str = "base_total"
    bonus_total: str = "bonus_total"
    total: str = "total"
    grade: str = "grade_index"
    grade_by_total: str = "grade_by_total"
    rank: str = "rank"
    unranked: str = "unranked"  # input: why a unit is not ranked ("" when it is), see prepare

    @property
    def offsets(self) -> tuple[int, ...]:
        found = {i.offset for i in (*self.school_inputs, *self.unit_inputs)}
        return tuple(sorted(found | {0}))


@lru_cache(maxsize=65536)
def input_column(node: ir.Input) -> str:
    """The column that holds an input: ``in__kg_enrolled__0``, ``in__edu_budget__m1``."""
    offset = f"{node.offset}" if node.offset >= 0 else f"m{-node.offset}"
    return f"in__{_safe(node.element)}__{offset}"


def _safe(code: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", code)


_PLANS: dict[str, Plan] = {}


def build_plan(scheme: Scheme) -> Plan:
    """Compile a scheme into a plan, cached per scheme version (its content digest)."""
    cached = _PLANS.get(scheme.digest) if scheme.digest else None
    if cached is not None and cached.scheme == scheme:
        return cached
    plan = _compile(scheme)
    if scheme.digest:
        _PLANS[scheme.digest] = plan
    return plan


def _compile(scheme: Scheme) -> Plan:
    formulas, problems = typed_formulas(scheme)
    if has_errors(problems):
        raise SchemeError(problems, what=scheme.source or scheme.info.code)
    return _Planner(scheme, formulas).build()


class _Planner:
    def __init__(self, scheme: Scheme, formulas: TypedFormulas) -> None:
        self.scheme = scheme
        self.formulas = formulas
        self.school_inputs: dict[ir.Input, None] = {}
        self.unit_inputs: dict[ir.Input, None] = {}
        self.school_columns: list[tuple[str, ir.Node]] = []
        self.aggregates: dict[ir.Aggregate, str] = {}
        self.unit_columns: list[tuple[str, ir.Node]] = []
        self.names: set[str] = set()
        self.indicator_columns: dict[str, str] = {}
        self.school_indicator_columns: dict[str, str] = {}

    def unique(self, name: str) -> str:
        candidate, n = name, 2
        while candidate in self.names:
            candidate, n = f"{name}_{n}", n + 1
        self.names.add(candidate)
        return candidate

    def add_unit(self, name: str, node: ir.Node) -> str:
        column = self.unique(name)
        self.unit_columns.append((column, self.resolve(node, Level.UNIT)))
        return column

    def build(self) -> Plan:
        scheme, formulas = self.scheme, self.formulas
        for code, node in formulas.indicators.items():
            indicator = scheme.indicator_by_code[code]
            if indicator.level is Level.SCHOOL:
                column = self.unique(f"s__{_safe(code)}")
                self.school_columns.append((column, self.resolve(node, Level.SCHOOL)))
                self.school_indicator_columns[code] = column
            else:
                self.indicator_columns[code] = self.add_unit(f"i__{_safe(code)}", node)

        leaves: list[LeafColumns] = []
        point_terms: list[ir.Node] = []
        for item in scheme.leaves:
            compiled = formulas.leaves.get(item.code, {})
            value = target = None
            value_node = target_node = None
            if "value" in compiled:
                value = self.add_unit(f"v__{_safe(item.code)}", compiled["value"])
                value_node = ir.Column(value, Level.UNIT, compiled["value"].type)
            if "target" in compiled:
                target = self.add_unit(f"t__{_safe(item.code)}", compiled["target"])
                target_node = ir.Column(target, Level.UNIT, Type.NUMBER)
            raw = self.add_unit(f"r__{_safe(item.code)}", r.raw_points(item, value_node, target_node))
            computed = r.points(ir.Column(raw, Level.UNIT, Type.NUMBER))
            earned = self.add_unit(f"p__{_safe(item.code)}", r.final_points(item.code, computed))
            point_terms.append(ir.Column(earned, Level.UNIT, Type.NUMBER))
            leaves.append(LeafColumns(item.code, value, target, raw, earned))

        bonus_columns: dict[str, str] = {}
        bonus_terms: list[ir.Node] = []
        bonus_values: dict[str, str] = {}
        for bonus in scheme.bonus:
            if bonus.code in formulas.bonus:  # computed from the data, not claimed
                counted = self.add_unit(f"bv__{_safe(bonus.code)}", formulas.bonus[bonus.code])
                bonus_values[bonus.code] = counted
                column_node = ir.Column(counted, Level.UNIT, Type.NUMBER)
                bonus_points = r.computed_bonus(column_node, bonus.each, bonus.points)
            else:
                bonus_points = r.op("min", r.bonus_input(bonus.code), r.number(bonus.points))
            column = self.add_unit(f"b__{_safe(bonus.code)}", r.points(bonus_points))
            bonus_columns[bonus.code] = column
            bonus_terms.append(ir.Column(column, Level.UNIT, Type.NUMBER))

        base = self.add_unit("base_total", r.total_of(point_terms))
        bonus_sum = r.total_of(bonus_terms)
        bonus_total = self.add_unit("bonus_total", r.op("min", bonus_sum, r.number(scheme.info.bonus_cap)))
        total = self.add_unit(
            "total",
            r.total_of(
                [
                    ir.Column(base, Level.UNIT, Type.NUMBER),
                    ir.Column(bonus_total, Level.UNIT, Type.NUMBER),
                ]
            ),
        )

        rule_columns: dict[str, str] = {}
        for rule in scheme.rules:
            rule_columns[rule.code] = self.add_unit(f"rule__{_safe(rule.code)}", formulas.rules[rule.code])
        minimums = [g.minimum for g in scheme.info.grades]
        by_total = self.add_unit(
            "grade_by_total", r.grade_index(ir.Column(total, Level.UNIT, Type.NUMBER), minimums)
        )
        self.add_unit("grade_index", self.final_grade(by_total, rule_columns))

        return Plan(
            scheme=scheme,
            school_inputs=tuple(self.school_inputs),
            school_columns=tuple(self.school_columns),
            aggregates=tuple((name, node) for node, name in self.aggregates.items()),
            unit_inputs=tuple(self.unit_inputs),
            unit_columns=tuple(self.unit_columns),
            leaves=tuple(leaves),
            indicator_columns=self.indicator_columns,
            school_indicator_columns=self.school_indicator_columns,
            rule_columns=rule_columns,
            bonus_columns=bonus_columns,
            bonus_values=bonus_values,
            grade_steps=self.grade_steps(by_total, rule_columns),
        )

    def final_grade(self, by_total: str, rule_columns: dict[str, str]) -> ir.Node:
        """The grade once the round rules have applied in the order the scheme lists them."""
        fired = [
            (rule.type, r.fired(ir.Column(rule_columns[rule.code], Level.UNIT, Type.BOOL)))
            for rule in self.scheme.rules
        ]
        lowest = len(self.scheme.info.grades) - 1
        column = ir.Column(by_total, Level.UNIT, Type.NUMBER)
        return r.final_grade(column, fired, lowest, self.scheme.info.downgrades_stack)

    def grade_steps(self, by_total: str, rule_columns: dict[str, str]) -> dict[str, ir.Node]:
        """The grade index after each round rule, in the order the scheme lists them, each read
        off the grade by the total (column ``by_total``) and the rules' conditions.

        They are not columns the backends compute: results read them off a unit's row (with
        the reference evaluator) to say what each rule did; the last equals ``grade_index``."""
        scheme = self.scheme
        lowest = len(scheme.info.grades) - 1
        index: ir.Node = ir.Column(by_total, Level.UNIT, Type.NUMBER)
        steps: dict[str, ir.Node] = {}
        earlier_downgrades: list[ir.Node] = []
        for rule in scheme.rules:
            fired = r.fired(ir.Column(rule_columns[rule.code], Level.UNIT, Type.BOOL))
            stacked = scheme.info.downgrades_stack or not earlier_downgrades
            downgraded = None if stacked else r.any_fired(earlier_downgrades)
            index = steps[rule.code] = r.apply_round_rule(rule.type, index, fired, lowest, downgraded)
            if rule.type == "downgrade":
                earlier_downgrades.append(fired)
        return steps

    def resolve(self, node: ir.Node, level: Level) -> ir.Node:
        """Replace indicator references and aggregates by columns; record inputs."""
        match node:
            case ir.Input():
                (self.school_inputs if node.level is Level.SCHOOL else self.unit_inputs)[node] = None
                return node
            case ir.IndicatorRef(code=code, offset=offset):
                if offset == 0:
                    if node.level is Level.SCHOOL:
                        return ir.Column(self.school_indicator_columns[code], Level.SCHOOL, node.type)
                    return ir.Column(self.indicator_columns[code], Level.UNIT, node.type)
                shifted = ir.shift(self.formulas.indicators[code], offset)
                return self.resolve(shifted, level)
            case ir.Op(args=args):
                return ir.Op(node.name, tuple(self.resolve(a, level) for a in args), node.type)
            case ir.Aggregate(args=args, where=where):
                resolved = ir.Aggregate(
                    node.function,
                    tuple(self.resolve(a, Level.SCHOOL) for a in args),
                    None if where is None else self.resolve(where, Level.SCHOOL),
                )
                if resolved not in self.aggregates:
                    self.aggregates[resolved] = self.unique(f"agg__{len(self.aggregates) + 1}")
                return ir.Column(self.aggregates[resolved], Level.UNIT, Type.NUMBER)
            case _:
                return node
