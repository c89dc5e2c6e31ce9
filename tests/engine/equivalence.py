"""Generated data with zeros, missing values, ties and missing previous periods, and a scheme
that uses every function, rule type and round rule: the backends must agree on all of it."""

from __future__ import annotations

import math
import random

from dudao.engine.dataset import BonusClaim, Dataset, Review
from dudao.engine.plan import Plan
from dudao.expr.ir import Value
from dudao.scheme import Scheme, load_scheme_text
from tests.helpers import make_dataset

EVERYTHING = """
scheme:
  code: everything
  title: 全功能测试方案
  period: 2021
  total: 30
  bonus_cap: 1.5
  grades: [{name: 优秀, min: 25}, {name: 良好, min: 18}, {name: 合格, min: 10}, {name: 不合格, min: 0}]
  school_split:
    pupils: pupils
    pupils_by_stage: {primary: pupils_primary, junior: pupils_junior}
    weights:
      nine_year: {primary: 1, junior: 1.1}
elements:
  - {code: a, name: 甲数, level: unit}
  - {code: b, name: 乙数, level: unit}
  - {code: flag, name: 是否达标, level: unit, type: bool}
  - {code: pupils, name: 学生数, level: school}
  - {code: pupils_primary, name: 小学生数, level: school}
  - {code: pupils_junior, name: 初中生数, level: school}
  - {code: books, name: 图书册数, level: school}
  - {code: rooms, name: 教室数, level: school, aggregate: max}
  - {code: ok, name: 学校达标, level: school, type: bool, aggregate: count}
  - {code: honours, name: 国家级表彰数, level: unit}
indicators:
  - {code: per_pupil, name: 生均图书, level: school, formula: "books / pupils"}
  - {code: school_ok, name: 学校合格, level: school, type: bool,
     formula: "count_true(per_pupil >= 2, rooms > 3, ok) >= 2"}
  - {code: ratio, name: 比率, formula: "a / b * 100"}
  - {code: growth_a, name: 甲增长, formula: "growth(a)"}
  - {code: pp, name: 比率变化, formula: "pp_change(ratio)"}
  - {code: cv_primary, name: 小学差异系数, formula: 'cv(per_pupil, pupils, where = stage == "primary")'}
  - {code: cv_all, name: 差异系数, formula: "cv(per_pupil, pupils)"}
  - {code: total_books, name: 图书总数, formula: "sum(books) + prev(sum(books))"}
  - {code: mix, name: 混合, formula: "if(flag, round(abs(a - b) / 3, 2), floor(a) + ceil(b))"}
  - {code: rounding, name: 舍入, formula: "round(2.675, 2) * 100 + round(0.285, 2) * 10 + round(-2.5) + round(a * 1e15) / 1e15 + floor(1e300) / 1e299"}
  - {code: extremes, name: 极值, formula: "max(min(a, b), avg(books), min(rooms)) - max(rooms)"}
  - {code: counts, name: 计数, formula: "count(books) + count_if(school_ok) + share_if(per_pupil > 1)"}
  - {code: filled, name: 补缺, formula: "coalesce(prev(a), b, 0) + if(is_missing(a), 1, 0)"}
  - {code: school_share, name: 合格校占比, formula: 'share_if(school_ok, where = school_type != "kindergarten")'}
  - {code: failing, name: 不合格校数, formula: "count_if(not school_ok) + if(is_missing(not flag), 1, 0) + if(0.1 + 0.2 == 0.3, 100, 0)"}
items:
  - code: A
    name: 全部
    points: 30
    children:
      - {code: A1, name: 阈值, points: 3, rule: {type: threshold, value: ratio, op: ">=", target: "b / 2"}}
      - {code: A2, name: 线性, points: 3, rule: {type: linear, value: growth_a, zero_at: -10, full_at: 10}}
      - {code: A3, name: 扣分, points: 3, rule: {type: step, value: pp, target: 0, step: 0.5, deduct: 1}}
      - {code: A4, name: 分档, points: 3, rule: {type: bands, value: cv_primary, bands: [{max: 0.3, points: 3}, {max: 0.5, points: 2}], else: 0.5}}
      - {code: A5, name: 是非, points: 3, rule: {type: boolean, value: "flag or cv_all < 0.4"}}
      - {code: A6, name: 事件, points: 3, rule: {type: per_incident, value: "coalesce(b, 0)", deduct: 0.7, cap: 2.5}}
      - {code: A7, name: 评审, points: 3, rule: {type: rubric, levels: [{level: 优, fraction: 1}, {level: 良, fraction: 0.7}]}}
      - {code: A8, name: 混合, points: 3, rule: {type: linear, value: "mix + extremes", zero_at: 0, full_at: 20}}
      - {code: A9, name: 计数, points: 3, rule: {type: threshold, value: "counts + filled + total_books / 100 + failing + rounding", op: ">", target: 3}}
      - {code: A10, name: 占比, points: 3, rule: {type: step, value: school_share, target: 100, step: 10, deduct: 0.5, partial: ceil}}
bonus:
  - {code: J1, name: 加分一, points: 1}
  - {code: J2, name: 加分二, points: 1}
  - {code: J3, name: 表彰, points: 0.8, value: "honours + count_if(school_ok)", each: 0.3}
rules:
  - {code: R1, type: veto, when: "a > 95", reason: 否决}
  - {code: R2, type: downgrade, when: "b < 1", reason: 降等}
  - {code: R3, type: downgrade, when: "flag", reason: 降等二}
  - {code: R4, type: cannot_be_excellent, when: "cv_all > 0.6", reason: 不得评优}
  - {code: R5, type: downgrade, when: "a < 2", reason: 降等三}
  - {code: R6, type: cannot_be_excellent, when: "b > 40", reason: 不得评优二}
"""

SCHOOL_TYPES = ["primary", "primary", "junior", "nine_year", "kindergarten"]


def generated(seed: int) -> Dataset:
    rng = random.Random(seed)

    def number() -> float | None:
        roll = rng.random()
        if roll < 0.12:
            return None
        if roll < 0.25:
            return 0.0
        if roll < 0.6:
            return float(rng.randint(1, 6))  # small integers: ties
        return round(rng.uniform(0, 100), rng.choice([0, 1, 3]))

    units = [("500000", "市", "", "city", "")]
    values: list[tuple[str, str, int, float | None]] = []
    for d in range(12):
        code = f"5001{d:02d}"
        units.append((code, f"区{d}", "500000", "district", ""))
        periods = [2021] if d % 4 == 3 else [2021, 2020]  # some have no previous period
        if d == 11:  # a twin of district 10, without schools: a guaranteed tie
            values += [(code, e, p, v) for u, e, p, v in values if u == "500110"]
            continue
        for period in periods:
            for element in ("a", "b", "honours"):
                values.append((code, element, period, number()))
            values.append((code, "flag", period, rng.choice([None, 0.0, 1.0])))
        for s in range(0 if d >= 10 else rng.choice([0, 1, 3, 6])):
            school = f"{code}{s:04d}"
            kind = rng.choice(SCHOOL_TYPES)
            units.append((school, f"校{s}", code, "school", kind))
            for period in periods:
                for element in ("pupils", "books", "rooms", "pupils_primary", "pupils_junior"):
                    values.append((school, element, period, number()))
                values.append((school, "ok", period, rng.choice([None, 0.0, 1.0])))
    units.append(("500112", "区12", "500000", "district", ""))  # no data: not ranked
    base = make_dataset(units, values)
    districts = [u[0] for u in units if u[3] == "district" and u[0] not in ("500110", "500111", "500112")]
    reviews = tuple(Review(c, "A7", rng.choice(["优", "良"])) for c in districts if rng.random() < 0.7)
    bonus = tuple(
        BonusClaim(c, rng.choice(["J1", "J2"]), 1, rng.choice([None, 0.5, 1, 2]))
        for c in districts
        if rng.random() < 0.6
    )
    unranked = {districts[seed % len(districts)]: "not_started"}  # and one that has not started
    return Dataset(base.units, base.values, reviews, bonus, source=f"generated-{seed}", unranked=unranked)


def differences(plan: Plan, left: list[dict[str, Value]], right: list[dict[str, Value]]) -> list[str]:
    """Every computed value on which two backends differ (exact, or 1e-9 relative on floats)."""
    names = [n for n, _ in plan.aggregates] + [n for n, _ in plan.unit_columns] + [plan.rank]
    by_unit = {str(r["unit"]): r for r in right}
    found = [
        f"{r['unit']} {k}: {type(v).__name__}"
        for r in (*left, *right)
        for k, v in r.items()
        if v is not None and not isinstance(v, (float, bool, str))
    ]
    for row in left:
        other = by_unit[str(row["unit"])]
        for name in names:
            a, b = row.get(name), other.get(name)
            if not same(a, b):
                found.append(f"{row['unit']} {name}: {a!r} != {b!r}")
    return found


def same(a: Value, b: Value) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if isinstance(a, bool) or isinstance(b, bool):
        return bool(a) == bool(b) and type(a) is type(b)
    if isinstance(a, str) or isinstance(b, str):
        return a == b
    x, y = float(a), float(b)
    if x == int(x) and y == int(y):
        return x == y
    return math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12)


def ranked_by_total(text: str) -> str:
    """The same scheme text, ranking by the total alone."""
    return text.replace("  total: 30\n", "  total: 30\n  rank_by: total\n", 1)


def everything_scheme() -> Scheme:
    """The EVERYTHING scheme, loaded."""
    scheme, problems = load_scheme_text(EVERYTHING, "everything.yaml")
    assert scheme is not None, [str(p) for p in problems]
    return scheme
