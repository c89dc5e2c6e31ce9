"""What an explanation 计分说明 holds: the inputs and their values, the schools behind an
aggregate, a step rule's deduction, a rubric awaiting review, what is missing; each says itself
as a sentence and as a dict. :mod:`dudao.engine.explain` builds them from a plan and a row.
"""

from __future__ import annotations

from dataclasses import dataclass

from dudao.expr.ir import Value


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
class SchoolExtreme:
    """The school with the lowest or highest value behind an aggregate."""

    code: str
    name: str
    value: float

    def to_dict(self) -> dict[str, object]:
        return {"code": self.code, "name": self.name, "value": self.value}


@dataclass(frozen=True)
class AggregateDetail:
    """An aggregate over schools (差异系数, schools meeting a rule, a sum …) as one can check it by
    hand: how many schools it counts, the extremes, and where to find every school's value
    (``unit``, ``item``, ``period`` and ``column``: see :func:`dudao.engine.schools.school_values`)."""

    text: str  # the aggregate as written, with names
    function: str  # cv, sum, avg, min, max, count, count_if, share_if
    value: Value
    unit: str  # the evaluated unit
    item: str
    column: str  # the plan's column of the aggregate
    period: int | None
    selected: int  # schools the aggregate looks at (its ``where``)
    counted: int  # of those, the schools with a value
    met: int | None = None  # count_if / share_if: the schools meeting the condition
    lowest: SchoolExtreme | None = None
    highest: SchoolExtreme | None = None

    @property
    def sentence(self) -> str:
        """What the aggregate counted, in Chinese.

        >>> low, high = SchoolExtreme("1", "小学4", 2.105), SchoolExtreme("2", "小学3", 10.51)
        >>> print(AggregateDetail("cv(图书)", "cv", 0.52, "1", "A1", "agg__1", 2021, 6, 5, None, low, high)
        ...       .sentence)
        cv(图书) = 0.52：2021年 计入 5 所学校（另有 1 所缺数据未计入），最低 小学4 2.105，最高 小学3 10.51
        >>> AggregateDetail("count_if(达标)", "count_if", 3, "1", "A1", "agg__1", 2021, 5, 5, 3).sentence
        'count_if(达标) = 3：2021年 计入 5 所学校，其中 3 所符合条件、2 所不符合'
        """
        year = "" if self.period is None else f"{self.period}年 "
        text = f"{self.text} = {fmt(self.value, 4)}：{year}计入 {self.counted} 所学校"
        if self.selected > self.counted:
            text += f"（另有 {self.selected - self.counted} 所缺数据未计入）"
        if self.met is not None:
            text += f"，其中 {self.met} 所符合条件、{self.counted - self.met} 所不符合"
        if self.lowest is not None and self.highest is not None:
            text += (
                f"，最低 {self.lowest.name} {fmt(self.lowest.value, 4)}"
                f"，最高 {self.highest.name} {fmt(self.highest.value, 4)}"
            )
        return text

    def to_dict(self) -> dict[str, object]:
        return {
            "text": self.text,
            "function": self.function,
            "value": self.value,
            "period": self.period,
            "selected": self.selected,
            "counted": self.counted,
            "met": self.met,
            "lowest": None if self.lowest is None else self.lowest.to_dict(),
            "highest": None if self.highest is None else self.highest.to_dict(),
            "all_values": {
                "unit": self.unit,
                "item": self.item,
                "period": self.period,
                "column": self.column,
            },
            "sentence": self.sentence,
        }


PARTIAL_WORDS = {
    "floor": ("不足一步的部分不扣（按整步计）", "a part step does not count (whole steps only)"),
    "ceil": ("不足一步的部分按一步扣", "a part step counts as a whole step"),
}


@dataclass(frozen=True)
class StepDetail:
    """A step rule (每低 step 扣 deduct 分) worked through: the gap, the steps it makes, how a part
    step counts (the scheme's ``partial``) and the deduction."""

    value: float
    target: float
    direction: str  # below: the gap is target − value; above: value − target
    gap: float  # the shortfall (or excess); ≤ 0 when the standard is met
    gap_unit: str  # 个百分点 for a percentage, else the value's unit
    step: float
    partial: str  # floor | ceil
    steps: int  # the steps counted
    deduct: float
    deduction: float  # as counted, at most the item's points
    points: float

    @property
    def sentence(self) -> str:
        """The deduction in Chinese.

        >>> detail = StepDetail(91.8, 95, "below", 3.2, "个百分点", 1, "floor", 3, 0.5, 1.5, 0.5)
        >>> for part in detail.sentence.split("；"):
        ...     print(part)
        差 3.2 个百分点（标准 ≥ 95，实际 91.8）
        每 1 个百分点扣 0.5 分，不足一步的部分不扣（按整步计），计 3 步，扣 1.5 分
        """
        if self.gap <= 0:
            side = "不低于" if self.direction == "below" else "不高于"
            return f"实际 {fmt(self.value, 4)}，{side}标准 {fmt(self.target, 4)}，不扣分"
        word, sign = ("差", "≥") if self.direction == "below" else ("超出", "≤")
        return (
            f"{word} {fmt(self.gap, 4)} {self.gap_unit}（标准 {sign} {fmt(self.target, 4)}，实际 "
            f"{fmt(self.value, 4)}）；每 {fmt(self.step, 4)} {self.gap_unit}扣 {fmt(self.deduct)} 分，"
            f"{PARTIAL_WORDS[self.partial][0]}，计 {self.steps} 步，扣 {fmt(self.deduction)} 分"
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "value": self.value,
            "target": self.target,
            "direction": self.direction,
            "gap": self.gap,
            "gap_unit": self.gap_unit,
            "step": self.step,
            "partial": self.partial,
            "partial_zh": PARTIAL_WORDS[self.partial][0],
            "partial_en": PARTIAL_WORDS[self.partial][1],
            "steps": self.steps,
            "deduct": self.deduct,
            "deduction": self.deduction,
            "points": self.points,
            "sentence": self.sentence,
        }


@dataclass(frozen=True)
class RubricDetail:
    """A rubric item 评审项: the level counted, whether a reviewer set it, the unit's own level."""

    level: str | None  # the level counted (in a preview, the self-assessed one); None: none yet
    reviewed: bool  # a reviewer set ``level``
    self_level: str | None = None  # the unit's self-assessed level 自评等级

    @property
    def pending(self) -> bool:
        return not self.reviewed

    @property
    def sentence(self) -> str:
        """
        >>> RubricDetail(None, False, "B").sentence
        '待评审：尚无评审等级（自评等级 B）'
        >>> RubricDetail("B", False, "B").sentence
        '待评审：按自评等级 B 预估'
        >>> RubricDetail("A", True, "B").sentence
        '评审等级 A（自评等级 B）'
        """
        own = "" if not self.self_level else f"（自评等级 {self.self_level}）"
        if self.reviewed:
            return f"评审等级 {self.level}{own}"
        if self.level is not None:
            return f"待评审：按自评等级 {self.level} 预估"
        return f"待评审：尚无评审等级{own or '（未自评）'}"

    def to_dict(self) -> dict[str, object]:
        return {
            "level": self.level,
            "reviewed": self.reviewed,
            "pending": self.pending,
            "self_level": self.self_level,
            "sentence": self.sentence,
        }


@dataclass(frozen=True)
class MissingInput:
    """An input whose value is missing, so the item's value is: an element of the unit at a
    year, or of its schools (``schools`` of ``of`` selected schools lack it)."""

    code: str
    name: str
    period: int | None
    year_role: str = ""  # 本年 / 上年 / 前2年 … when the formula reads several years, else ""
    schools: int | None = None  # a school element: how many schools lack it
    of: int | None = None  # … of how many the aggregate looks at

    @property
    def sentence(self) -> str:
        """
        >>> MissingInput("edu_budget", "教育经费", 2020, "上年").sentence
        '缺少 2020年（上年）的 教育经费'
        >>> MissingInput("books", "图书册数", 2021, "", 2, 5).sentence
        '所辖学校的 图书册数（2021年）：5 所中 2 所缺失'
        """
        year = "" if self.period is None else f"{self.period}年"
        if self.schools is not None:
            return f"所辖学校的 {self.name}（{year}）：{self.of} 所中 {self.schools} 所缺失"
        role = f"（{self.year_role}）" if self.year_role else ""
        return f"缺少 {year}{role}的 {self.name}"

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code,
            "name": self.name,
            "period": self.period,
            "year_role": self.year_role,
            "schools": self.schools,
            "of": self.of,
            "sentence": self.sentence,
        }


@dataclass(frozen=True)
class Explanation:
    formula: str
    inputs: tuple[InputValue, ...]
    rule: str
    text: str
    aggregates: tuple[AggregateDetail, ...] = ()
    step: StepDetail | None = None
    rubric: RubricDetail | None = None
    missing: tuple[MissingInput, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return {
            "formula": self.formula,
            "inputs": [i.to_dict() for i in self.inputs],
            "rule": self.rule,
            "text": self.text,
            "aggregates": [a.to_dict() for a in self.aggregates],
            "step": None if self.step is None else self.step.to_dict(),
            "rubric": None if self.rubric is None else self.rubric.to_dict(),
            "missing": [m.to_dict() for m in self.missing],
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
