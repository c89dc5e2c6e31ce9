"""Semantic checks of a scheme. They return problems and never raise.

>>> from dudao.scheme.load import load_scheme_text
>>> scheme, problems = load_scheme_text('''
... scheme: {code: s, title: t, period: 2021, total: 10, grades: [{name: 合格, min: 0}]}
... elements: [{code: x, name: 某数, level: unit}]
... items:
...   - {code: A, name: 甲, points: 10, children: [{code: A1, name: 乙, points: 9,
...      rule: {type: threshold, value: x, op: ">=", target: 1}}]}
... ''', "s.yaml")
>>> [str(p.location) + " " + p.code for p in problems]
['s.yaml:5:5 points-sum']
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from dudao.errors import Location, Problem
from dudao.expr import ir
from dudao.scheme.formulas import SchemeNamespace, TypedFormulas, typed_formulas
from dudao.scheme.model import Bands, Element, Item, Linear, PerIncident, Rubric, Scheme, Step, Threshold

_CODE = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*\Z")
_TOLERANCE = 1e-9


def check_scheme(scheme: Scheme, *, complete: bool = True) -> list[Problem]:
    """Every problem of a built scheme. When the file had structural errors (``complete`` false:
    a field missing or of the wrong type, read as a placeholder), only the checks that such a
    placeholder cannot mislead run: codes and formulas, so that those errors are reported in the
    same run; the sums of points, the grades and unused elements wait for a complete file."""
    problems: list[Problem] = []
    problems += _check_codes(scheme)
    if not complete:
        return problems + typed_formulas(scheme)[1]
    problems += _check_points(scheme)
    problems += _check_rules(scheme)
    problems += _check_grades(scheme)
    problems += _check_split(scheme)
    problems += _check_quality_fields(scheme)
    formulas, formula_problems = typed_formulas(scheme)
    problems += formula_problems
    problems += _check_unused(scheme, formulas)
    return problems


def _duplicates(kind_zh: str, kind_en: str, entries: Iterable[tuple[str, Location]]) -> list[Problem]:
    seen: dict[str, Location] = {}
    problems = []
    for code, where in entries:
        if not code:
            continue
        if code in seen:
            problems.append(
                Problem.of(
                    "duplicate-code", where, kind_zh=kind_zh, kind_en=kind_en, code=code, line=seen[code].line
                )
            )
        else:
            seen[code] = where
    return problems


def _check_codes(scheme: Scheme) -> list[Problem]:
    problems = []
    problems += _duplicates(
        "数据项或指标值",
        "element or indicator",
        [(e.code, e.location) for e in scheme.elements] + [(i.code, i.location) for i in scheme.indicators],
    )
    items = [(item.code, item.location) for top in scheme.items for item in top.walk()]
    problems += _duplicates("指标", "item", items + [(b.code, b.location) for b in scheme.bonus])
    problems += _duplicates("规则", "rule", [(r.code, r.location) for r in scheme.rules])
    problems += _duplicates("校验规则", "check", [(c.code, c.location) for c in scheme.checks])
    for check in scheme.checks:
        if not check.message.strip():
            problems.append(
                Problem.of(
                    "missing-field",
                    check.location,
                    variant="needs",
                    whose_zh=f"校验规则 {check.code} ",
                    whose_en=f"check {check.code}",
                    what_zh="提示信息“message”",
                    what_en="a 'message'",
                )
            )
    for element in scheme.elements:
        if element.code and not _CODE.match(element.code):
            problems.append(
                Problem.of(
                    "bad-code", element.location, kind_zh="数据项", kind_en="element", code=element.code
                )
            )
    names = SchemeNamespace(scheme)
    for name in sorted(names.ambiguous):
        problems.append(Problem.of("ambiguous-name", Location(scheme.source), name=name))
    return problems


def _check_points(scheme: Scheme) -> list[Problem]:
    problems = []
    top_sum = sum(item.points for item in scheme.items)
    if scheme.items and not math.isclose(top_sum, scheme.info.total, abs_tol=_TOLERANCE):
        problems.append(
            Problem.of(
                "points-total",
                Location(scheme.source, 1, 1, field="scheme.total"),
                sum=_n(top_sum),
                total=_n(scheme.info.total),
            )
        )
    for top in scheme.items:
        for item in top.walk():
            if item.points <= 0:
                problems.append(
                    Problem.of(
                        "points-positive", item.location, kind_zh="指标", kind_en="item", code=item.code
                    )
                )
            if item.children:
                child_sum = sum(child.points for child in item.children)
                if not math.isclose(child_sum, item.points, abs_tol=_TOLERANCE):
                    problems.append(
                        Problem.of(
                            "points-sum",
                            item.location,
                            item=item.code,
                            sum=_n(child_sum),
                            points=_n(item.points),
                        )
                    )
    for bonus in scheme.bonus:
        if bonus.points <= 0:
            problems.append(
                Problem.of(
                    "points-positive", bonus.location, kind_zh="加分项", kind_en="bonus item", code=bonus.code
                )
            )
        if bonus.computed and bonus.each <= 0:
            problems.append(
                Problem.of(
                    "bonus-parameter",
                    bonus.location,
                    code=bonus.code,
                    detail_zh=f"each（每项加分）应大于 0，得到 {_n(bonus.each)}",
                    detail_en=f"'each' (points for each one) must be positive, got {_n(bonus.each)}",
                )
            )
    return problems


def _check_rules(scheme: Scheme) -> list[Problem]:
    problems = []

    def bad(item: Item, zh: str, en: str) -> None:
        problems.append(
            Problem.of("rule-parameter", item.location, item=item.code, detail_zh=zh, detail_en=en)
        )

    for item in scheme.leaves:
        rule = item.rule
        match rule:
            case Threshold(else_points=else_points) if not 0 <= else_points <= item.points:
                bad(
                    item,
                    "else 分值应在 0 与本项分值之间",
                    "'else' must be between 0 and the points",
                )
            case Linear(zero_at=zero_at, full_at=full_at) if zero_at == full_at:
                bad(item, "zero_at 与 full_at 不能相等", "zero_at and full_at must differ")
            case Step(step=step, deduct=deduct) if step <= 0 or deduct <= 0:
                bad(item, "step 与 deduct 应大于 0", "step and deduct must be positive")
            case Bands(bands=bands) if not bands:
                bad(item, "分档规则至少需要一档", "bands need at least one band")
            case Bands(bands=bands) if any(b.points > item.points + _TOLERANCE for b in bands):
                bad(item, "某档分值超过本项分值", "a band gives more than the item's points")
            case PerIncident(deduct=deduct) if deduct <= 0:
                bad(item, "deduct 应大于 0", "deduct must be positive")
            case Rubric(levels=levels):
                names = [lv.level for lv in levels]
                if len(set(names)) != len(names):
                    bad(item, "评审等级名称重复", "rubric level names repeat")
                if any(not 0 <= lv.fraction <= 1 for lv in levels):
                    bad(item, "评审等级比例应在 0 到 1 之间", "rubric fractions must be in [0, 1]")
            case _:
                pass
    return problems


def _check_grades(scheme: Scheme) -> list[Problem]:
    grades = scheme.info.grades
    where = Location(scheme.source, 1, 1, field="scheme.grades")
    if not grades:
        return [Problem.of("grades-missing", where)]
    minimums = [g.minimum for g in grades]
    if minimums != sorted(minimums, reverse=True) or len(set(minimums)) != len(minimums):
        return [Problem.of("grades-order", where)]
    return []


def _check_split(scheme: Scheme) -> list[Problem]:
    split = scheme.info.school_split
    if split is None:
        return []
    problems = []
    where = Location(scheme.source, 1, 1, field="scheme.school_split")
    for code in [split.pupils, *(element for _, element in split.pupils_by_stage)]:
        element = scheme.element_by_code.get(code)
        if element is None or element.level is not ir.Level.SCHOOL:
            problems.append(Problem.of("not-a-school-element", where, field="school_split", element=code))
    return problems


def _check_quality_fields(scheme: Scheme) -> list[Problem]:
    """``max_change`` is a positive percent; ``ratio_of`` names two number elements of the same level."""
    problems = []

    def bad(element: Element, zh: str, en: str) -> None:
        problems.append(
            Problem.of(
                "element-parameter", element.location, element=element.code, detail_zh=zh, detail_en=en
            )
        )

    for element in scheme.elements:
        if element.max_change is not None:
            if element.type is not ir.Type.NUMBER:
                bad(element, "是非型数据项不能设 max_change", "a yes/no element cannot have max_change")
            elif element.max_change <= 0:
                bad(
                    element,
                    f"max_change 应为大于 0 的百分数，得到 {_n(element.max_change)}",
                    f"max_change must be a positive percent, got {_n(element.max_change)}",
                )
        if element.ratio_of is None:
            continue
        if element.type is not ir.Type.NUMBER:
            bad(element, "是非型数据项不能设 ratio_of", "a yes/no element cannot have ratio_of")
        for code in element.ratio_of:
            term = scheme.element_by_code.get(code)
            if term is None or term.type is not ir.Type.NUMBER or term.code == element.code:
                bad(
                    element,
                    f"ratio_of 中的“{code}”应为另一个数值型数据项的代码",
                    f"{code!r} in ratio_of must be the code of another number element",
                )
            elif term.level is not element.level:
                bad(
                    element,
                    f"ratio_of 中的“{code}”与本数据项不在同一层级（学校 / 被评价单位）",
                    f"{code!r} in ratio_of is not at this element's level (school / unit)",
                )
    return problems


def _check_unused(scheme: Scheme, formulas: TypedFormulas) -> list[Problem]:
    # an element entered as the share of two others is used by the data-quality check of the three
    used: set[str] = {code for e in scheme.elements if e.ratio_of for code in (e.code, *e.ratio_of)}
    nodes = [*formulas.indicators.values(), *formulas.rules.values(), *formulas.checks.values()]
    nodes += formulas.bonus.values()
    nodes += [n for leaf in formulas.leaves.values() for n in leaf.values()]
    for node in nodes:
        used.update(n.element for n in ir.walk(node) if isinstance(n, ir.Input))
    split = scheme.info.school_split
    if split is not None:
        used.add(split.pupils)
        used.update(element for _, element in split.pupils_by_stage)
    return [
        Problem.of("element-unused", e.location, element=e.code)
        for e in scheme.elements
        if e.code not in used
    ]


def _n(value: float) -> str:
    return f"{value:g}"
