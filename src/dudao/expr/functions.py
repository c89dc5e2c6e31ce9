"""The functions a formula may call, with their arity and argument types."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from dudao.expr.ir import Type


class Kind(str, Enum):
    SCALAR = "scalar"
    PERIOD = "period"
    AGGREGATE = "aggregate"


@dataclass(frozen=True)
class Function:
    name: str
    kind: Kind
    min_args: int
    max_args: int | None  # None: any number
    summary_zh: str
    summary_en: str


FUNCTIONS: dict[str, Function] = {
    f.name: f
    for f in (
        Function("if", Kind.SCALAR, 3, 3, "条件取值 if(条件, 是, 否)", "if(cond, then, else)"),
        Function("min", Kind.SCALAR, 1, None, "最小值", "smallest value"),
        Function("max", Kind.SCALAR, 1, None, "最大值", "largest value"),
        Function("abs", Kind.SCALAR, 1, 1, "绝对值", "absolute value"),
        Function("round", Kind.SCALAR, 1, 2, "四舍五入 round(x, 位数)", "round half away from 0"),
        Function("floor", Kind.SCALAR, 1, 1, "向下取整", "round down"),
        Function("ceil", Kind.SCALAR, 1, 1, "向上取整", "round up"),
        Function("coalesce", Kind.SCALAR, 2, None, "第一个非缺失值", "first non-missing value"),
        Function("is_missing", Kind.SCALAR, 1, 1, "是否缺失", "whether the value is missing"),
        Function("count_true", Kind.SCALAR, 1, None, "成立的条件个数", "how many are true"),
        Function("prev", Kind.PERIOD, 1, 1, "上一期的值", "the value one period earlier"),
        Function("growth", Kind.PERIOD, 1, 1, "较上年增长率（%）", "percent change on last year"),
        Function("pp_change", Kind.PERIOD, 1, 1, "较上年变化（百分点）", "change in percentage points"),
        Function("sum", Kind.AGGREGATE, 1, 1, "各校合计", "sum over schools"),
        Function("avg", Kind.AGGREGATE, 1, 1, "各校平均", "mean over schools"),
        Function("count", Kind.AGGREGATE, 1, 1, "有值的学校数", "schools with a value"),
        Function("count_if", Kind.AGGREGATE, 1, 1, "满足条件的学校数", "schools where true"),
        Function("share_if", Kind.AGGREGATE, 1, 1, "满足条件的学校占比（%）", "percent of schools"),
        Function("cv", Kind.AGGREGATE, 2, 2, "按学生数加权的差异系数", "pupil-weighted CV"),
    )
}

# min and max are aggregates when given one school-level argument.
AGGREGATE_WHEN_SINGLE = frozenset({"min", "max"})

ARGUMENT_TYPES: dict[str, Type | None] = {
    "abs": Type.NUMBER,
    "round": Type.NUMBER,
    "floor": Type.NUMBER,
    "ceil": Type.NUMBER,
    "min": Type.NUMBER,
    "max": Type.NUMBER,
    "count_true": Type.BOOL,
    "sum": Type.NUMBER,
    "avg": Type.NUMBER,
    "cv": Type.NUMBER,
    "count_if": Type.BOOL,
    "share_if": Type.BOOL,
    "growth": Type.NUMBER,
    "pp_change": Type.NUMBER,
}
