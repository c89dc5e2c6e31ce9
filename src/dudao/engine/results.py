"""Results 评价结果: per unit × item, and per unit; assembled from a backend's rows.

Totals, grades, ranks, areas and round rules are read off the rows at once. A unit's items and
each item's explanation are built when first read, so scoring the nation does not build
200,000 explanations nobody asked for; reading them gives the same objects every time.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from dudao.engine.backends.reference import evaluate
from dudao.engine.dataset import NOT_RANKED
from dudao.engine.explain import Explainer, display_name, explanation_text, standard_text
from dudao.engine.explanation import Explanation, RubricDetail, fmt
from dudao.engine.plan import LeafColumns, Plan, input_column
from dudao.engine.rules import bonus_input, final_input, review_input
from dudao.engine.schools import SchoolRowsOf
from dudao.errors import Problem
from dudao.expr.ir import Value
from dudao.scheme.model import ROUND_RULE_NAMES, Item, Rubric, Threshold

MET, UNMET, MISSING, PENDING = "达标", "未达标", "数据缺失", "待评审"
STATUS_EN = {MET: "met", UNMET: "not met", MISSING: "data missing", PENDING: "awaiting review"}


@dataclass(frozen=True)
class ItemResult:
    code: str
    name: str
    area: str
    value: Value
    standard: str
    points: float
    max_points: float
    status: str
    _explain: Callable[[], Explanation] = field(repr=False, compare=False)
    computed_points: float | None = None  # the points the rule gives, before a final score
    final: bool = False  # the office set the final points (认定得分): ``points`` are those

    @cached_property
    def explanation(self) -> Explanation:
        return self._explain()

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "name": self.name,
            "area": self.area,
            "value": self.value,
            "standard": self.standard,
            "points": self.points,
            "max_points": self.max_points,
            "status": self.status,
            "explanation": self.explanation.to_dict(),
        }


@dataclass(frozen=True)
class AreaResult:
    code: str
    name: str
    points: float
    max_points: float

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "name": self.name,
            "points": self.points,
            "max_points": self.max_points,
        }


@dataclass(frozen=True)
class BonusResult:
    """A bonus item 加分项: claimed by the unit and accepted by reviewers, or computed from the
    data (``computed``, then ``value`` is what its formula gave); counted up to its points."""

    code: str
    name: str
    claimed: float | None  # None: not claimed
    accepted: float | None  # None: not (yet) accepted
    points: float  # what counts before the scheme's bonus cap
    computed: bool = False
    value: float | None = None  # a computed item's value (None: missing, or a claimed item)

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "name": self.name,
            "claimed": self.claimed,
            "accepted": self.accepted,
            "points": self.points,
            "computed": self.computed,
            "value": self.value,
        }


@dataclass(frozen=True)
class RuleOutcome:
    """One round rule for one unit, in the order the rules apply: whether its condition held
    (``fired``; None when the condition's data is missing) and whether it changed the grade,
    from ``grade_before`` (what the rules before it left) to ``grade_after``."""

    code: str
    type: str
    reason: str
    fired: bool | None  # the condition held; None: its data is missing
    grade_before: str = ""
    grade_after: str = ""

    @property
    def changed(self) -> bool:
        return self.grade_before != self.grade_after

    @property
    def text(self) -> str:
        """What the rule did, in Chinese, for an explanation.

        >>> RuleOutcome("R2", "downgrade", "弄虚作假", True, "优秀", "良好").text
        '降低一个等次（弄虚作假）：条件成立，等次 优秀 → 良好'
        >>> RuleOutcome("R3", "cannot_be_excellent", "D级危房", True, "良好", "良好").text
        '不得评为优秀（D级危房）：条件成立，等次未变（良好）'
        """
        kind = f"{ROUND_RULE_NAMES[self.type][0]}（{self.reason}）"
        if self.fired is None:
            return f"{kind}：条件数据缺失，未适用"
        if not self.fired:
            return f"{kind}：条件不成立"
        if self.changed:
            return f"{kind}：条件成立，等次 {self.grade_before} → {self.grade_after}"
        return f"{kind}：条件成立，等次未变（{self.grade_after}）"

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "type": self.type,
            "type_zh": ROUND_RULE_NAMES[self.type][0],
            "reason": self.reason,
            "fired": self.fired,
            "held": self.fired,
            "changed": self.changed,
            "grade_before": self.grade_before,
            "grade_after": self.grade_after,
        }


@dataclass(frozen=True)
class UnitResult:
    code: str
    name: str
    base_total: float
    bonus: float
    total: float
    grade: str
    rank: int | None  # None: not ranked (see ``unranked``)
    rules: tuple[RuleOutcome, ...]  # every round rule, fired or not, in the order they apply
    areas: tuple[AreaResult, ...]
    bonus_items: tuple[BonusResult, ...]
    indicators: dict[str, Value]  # unit-level indicator values
    _items: Callable[[], tuple[ItemResult, ...]] = field(repr=False, compare=False)
    grade_by_total: str = ""  # the grade the total alone gives, before the round rules
    unranked: str = ""  # why the unit is not ranked: a key of NOT_RANKED ("" when ranked)

    @cached_property
    def items(self) -> tuple[ItemResult, ...]:
        return self._items()

    @property
    def fired_rules(self) -> tuple[RuleOutcome, ...]:
        return tuple(r for r in self.rules if r.fired)

    @property
    def ranked(self) -> bool:
        return self.rank is not None

    @property
    def rank_text(self) -> str:
        """The rank as shown, or why there is none.

        >>> from dataclasses import replace
        >>> unit = UnitResult("1", "甲区", 90, 0, 90, "优秀", 2, (), (), (), {}, lambda: ())
        >>> unit.rank_text, replace(unit, rank=None, unranked="not_started").rank_text
        ('第 2 名', '未开始填报，不参与排名')
        """
        if self.rank is not None:
            return f"第 {self.rank} 名"
        return NOT_RANKED.get(self.unranked, ("不参与排名", ""))[0]

    @property
    def pending(self) -> int:
        return sum(1 for i in self.items if i.status == PENDING)

    def item(self, code: str) -> ItemResult:
        for item in self.items:
            if item.code == code:
                return item
        raise KeyError(code)

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "name": self.name,
            "total": self.total,
            "base_total": self.base_total,
            "bonus": self.bonus,
            "grade": self.grade,
            "grade_by_total": self.grade_by_total,
            "rank": self.rank,
            "unranked": self.unranked or None,
            "unranked_zh": NOT_RANKED[self.unranked][0] if self.unranked in NOT_RANKED else None,
            "unranked_en": NOT_RANKED[self.unranked][1] if self.unranked in NOT_RANKED else None,
            "rules": [r.to_dict() for r in self.fired_rules],
            "rules_not_checked": [r.to_dict() for r in self.rules if r.fired is None],
            "rule_outcomes": [r.to_dict() for r in self.rules],
            "pending_items": self.pending,
            "areas": [a.to_dict() for a in self.areas],
            "bonus_items": [b.to_dict() for b in self.bonus_items],
            "indicators": self.indicators,
            "items": [i.to_dict() for i in self.items],
        }


@dataclass(frozen=True)
class Results:
    scheme_code: str
    scheme_title: str
    scheme_version: int
    period: int
    backend: str
    data_title: str
    data_label: str
    units: tuple[UnitResult, ...]
    problems: tuple[Problem, ...] = ()
    rank_by: str = "grade"  # the scheme's: by grade then total, or by total

    def unit(self, code: str) -> UnitResult:
        for unit in self.units:
            if unit.code == code:
                return unit
        raise KeyError(code)

    def ranked(self) -> list[UnitResult]:
        """Every unit as a ranking shows them: the ranked by rank, then those not ranked."""
        return sorted(self.units, key=lambda u: (u.rank is None, u.rank or 0, u.code))

    def to_dict(self) -> dict[str, object]:
        return {
            "scheme": {
                "code": self.scheme_code,
                "title": self.scheme_title,
                "version": self.scheme_version,
                "rank_by": self.rank_by,
            },
            "period": self.period,
            "backend": self.backend,
            "data": {"title": self.data_title, "label": self.data_label},
            "units": [u.to_dict() for u in self.ranked()],
        }


def assemble(
    plan: Plan,
    rows: list[dict[str, Value]],
    backend: str,
    period: int,
    data_title: str = "",
    data_label: str = "",
    problems: tuple[Problem, ...] = (),
    claims: dict[tuple[str, str], float] | None = None,
    schools: SchoolRowsOf | None = None,
    self_levels: Mapping[tuple[str, str], str] | None = None,
    self_counted: Collection[tuple[str, str]] = (),
) -> Results:
    """Results from a backend's rows; ``claims`` maps (unit, bonus item) to claimed points.

    For explanations: ``schools`` gives a unit's school rows (to list the schools behind an
    aggregate); ``self_levels`` maps (unit, rubric item) to the unit's self-assessed level, and
    ``self_counted`` names those (unit, item) whose counted level is the self-assessed one (a
    preview), not a reviewer's.
    """
    scheme = plan.scheme
    claims = claims or {}
    explainer = Explainer(plan, schools, period)
    context = _RubricContext(dict(self_levels or {}), set(self_counted))
    grades = scheme.info.grades
    area_of = {leaf.code: scheme.area_of(leaf.code) for leaf in scheme.leaves}
    units = []
    leaves = list(zip(scheme.leaves, plan.leaves, strict=True))
    area_points = [
        (top, [columns.points for leaf, columns in leaves if area_of[leaf.code].code == top.code])
        for top in scheme.items
    ]
    for row in rows:

        def items(row: dict[str, Value] = row) -> tuple[ItemResult, ...]:
            return tuple(
                _item_result(plan, explainer, leaf, columns, area_of[leaf.code].code, row, context)
                for leaf, columns in leaves
            )

        areas = tuple(
            AreaResult(
                top.code, top.name, round(sum(float(row.get(c) or 0.0) for c in columns), 6), top.points
            )
            for top, columns in area_points
        )
        rules = _rule_outcomes(plan, row)
        grade_index = int(float(row[plan.grade] or 0))
        rank = row.get(plan.rank)
        units.append(
            UnitResult(
                code=str(row["unit"]),
                name=str(row["name"]),
                base_total=float(row[plan.base_total] or 0.0),
                bonus=float(row[plan.bonus_total] or 0.0),
                total=float(row[plan.total] or 0.0),
                grade=grades[grade_index].name,
                rank=None if rank is None else int(float(rank)),
                rules=rules,
                areas=areas,
                bonus_items=_bonus_results(plan, row, claims),
                indicators={code: row.get(col) for code, col in plan.indicator_columns.items()},
                _items=items,
                grade_by_total=grades[int(float(row[plan.grade_by_total] or 0))].name,
                unranked=str(row.get(plan.unranked) or ""),
            )
        )
    return Results(
        scheme.info.code,
        scheme.label,
        scheme.info.version,
        period,
        backend,
        data_title,
        data_label,
        tuple(units),
        problems,
        scheme.info.rank_by,
    )


def _rule_outcomes(plan: Plan, row: dict[str, Value]) -> tuple[RuleOutcome, ...]:
    """Every round rule in the order it applies, with the grade before and after it."""
    grades = plan.scheme.info.grades
    before = grades[int(float(row[plan.grade_by_total] or 0))].name
    outcomes = []
    for rule in plan.scheme.rules:
        after = grades[int(float(evaluate(plan.grade_steps[rule.code], row) or 0))].name
        held = _bool(row.get(plan.rule_columns[rule.code]))
        outcomes.append(RuleOutcome(rule.code, rule.type, rule.reason, held, before, after))
        before = after
    return tuple(outcomes)


def _bonus_results(
    plan: Plan, row: dict[str, Value], claims: dict[tuple[str, str], float]
) -> tuple[BonusResult, ...]:
    found = []
    for bonus in plan.scheme.bonus:
        points = float(row.get(plan.bonus_columns[bonus.code]) or 0.0)
        value_column = plan.bonus_values.get(bonus.code)
        if value_column is not None:
            found.append(
                BonusResult(bonus.code, bonus.name, None, None, points, True, _number(row.get(value_column)))
            )
        else:
            claimed = claims.get((str(row["unit"]), bonus.code))
            accepted = _number(row.get(input_column(bonus_input(bonus.code))))
            found.append(BonusResult(bonus.code, bonus.name, claimed, accepted, points))
    return tuple(found)


@dataclass(frozen=True)
class _RubricContext:
    self_levels: dict[tuple[str, str], str]
    self_counted: set[tuple[str, str]]


def _item_result(
    plan: Plan,
    explainer: Explainer,
    leaf: Item,
    columns: LeafColumns,
    area: str,
    row: dict[str, Value],
    context: _RubricContext,
) -> ItemResult:
    """One unit × item: value, standard, points, status and the explanation of all four."""
    value = row.get(columns.value) if columns.value else None
    raw = row.get(columns.raw)
    earned = float(row.get(columns.points) or 0.0)
    computed = float(raw or 0.0)
    final = row.get(input_column(final_input(leaf.code))) is not None
    if final:
        status = MET if earned >= leaf.points - 1e-9 else UNMET
        if isinstance(leaf.rule, Rubric):
            value = _review_level(leaf.rule, row.get(input_column(review_input(leaf.code))))
    elif isinstance(leaf.rule, Rubric):
        status = PENDING if raw is None else (MET if earned >= leaf.points else UNMET)
        value = _review_level(leaf.rule, row.get(input_column(review_input(leaf.code))))
    else:
        status = MISSING if raw is None else (MET if earned >= leaf.points - 1e-9 else UNMET)
    standard = standard_text(leaf, plan.scheme)
    target = columns.target
    computed_target = (
        target is not None and isinstance(leaf.rule, Threshold) and not _is_number(leaf.rule.target.text)
    )
    if computed_target and target is not None:
        standard += f"（= {fmt(row.get(target))}）"

    def explain() -> Explanation:
        inputs = explainer.inputs(columns.value or columns.raw, row)
        if computed_target and target is not None:
            known = {i.code for i in inputs}
            inputs += [i for i in explainer.inputs(target, row) if i.code not in known]
        formula = _formula(plan, leaf.code, columns.value)
        unit = str(row["unit"])
        aggregates = explainer.aggregate_details(leaf.code, unit, row)
        step = explainer.step_detail(leaf, value)
        rubric = None
        if isinstance(leaf.rule, Rubric):
            key = (unit, leaf.code)
            level = None if value is None else str(value)
            rubric = RubricDetail(
                level, level is not None and key not in context.self_counted, context.self_levels.get(key)
            )
        missing = []
        if status == MISSING:
            wanted = [c for c in (columns.value, target if computed_target else None) if c is not None]
            missing = explainer.missing(wanted, row, unit)
        text = explanation_text(
            leaf,
            formula,
            inputs,
            value,
            computed if final else earned,
            status,
            standard,
            aggregates,
            step,
            rubric,
            missing,
        )
        if final:
            text += f"；认定得分 {fmt(earned)} 分（计算得分 {fmt(computed)} 分）"
        return Explanation(
            formula, tuple(inputs), standard, text, tuple(aggregates), step, rubric, tuple(missing)
        )

    return ItemResult(
        leaf.code, leaf.name, area, value, standard, earned, leaf.points, status, explain, computed, final
    )


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _number(value: Value) -> float | None:
    return None if value is None else float(value)


def _bool(value: Value) -> bool | None:
    return None if value is None else bool(value)


def _review_level(rule: Rubric, fraction: Value) -> Value:
    if fraction is None:
        return None
    for level in rule.levels:
        if abs(level.fraction - float(fraction)) < 1e-12:
            return level.level
    return fmt(fraction)


def _formula(plan: Plan, item_code: str, value_column: str | None) -> str:
    """The formula behind an item's value: ``name = formula`` for an indicator."""
    rule = plan.scheme.item_by_code[item_code].rule
    if rule is None or isinstance(rule, Rubric) or value_column is None:
        return ""
    text = rule.value.text.strip()
    indicator = plan.scheme.indicator_by_code.get(text) or next(
        (i for i in plan.scheme.indicators if text in (i.name, *i.aliases)), None
    )
    if indicator is not None:
        return f"{indicator.name} = {indicator.formula.text}"
    return display_name(plan.scheme, text)
