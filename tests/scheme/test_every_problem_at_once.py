"""``dudao check`` reports every problem of a file in one run, suggests near names and says
how many arguments a function takes the way a person would."""

from __future__ import annotations

from dudao.scheme import load_scheme_text

BROKEN = """
scheme: {code: t, title: 测试方案, period: 2021, total: 10, grades: [{name: 合格, min: 60}, {name: 不合格, min: 0}]}
elements:
  - {code: edu_budget, name: 教育经费, level: unit}
  - {code: pupils, name: 学生数, level: unit}
indicators:
  - {code: per_pupil, name: 生均经费, formula: "edu_budjet / pupils"}
  - {code: r, name: 取整, formula: "round(pupils, 1, 2)"}
  - {code: s, name: 开方, formula: "sqrt(pupils)"}
items:
  - code: A
    name: 甲
    points: 10
    children:
      - {code: A1, name: 一, points: ten, rule: {type: threshold, value: per_pupil, op: ">=", target: 1}}
      - {code: A2, name: 二, rule: {type: threshold, value: r, op: ">=", target: 1}}
"""


def test_a_structural_error_does_not_hide_the_formula_errors_behind_it() -> None:
    _, problems = load_scheme_text(BROKEN, "s.yaml")
    found = [(p.code, p.location.line) for p in problems]
    assert found == [
        ("yaml-type", 15),
        ("missing-field", 16),
        ("unknown-name", 7),
        ("formula-arity", 8),
        ("unknown-function", 9),
    ]


def test_an_unknown_name_gets_the_nearest_known_one() -> None:
    _, problems = load_scheme_text(BROKEN, "s.yaml")
    name = next(p for p in problems if p.code == "unknown-name")
    assert name.message_zh == "未知的数据项或指标“edu_budjet”，是否要写“edu_budget”？"
    assert name.message_en == "unknown element or indicator 'edu_budjet'; did you mean 'edu_budget'?"
    function = next(p for p in problems if p.code == "unknown-function")
    assert "是否要写“sqrt”" not in function.message_zh  # no function is near: the list of them
    assert "可用：" in function.message_zh


def test_arity_is_worded_naturally() -> None:
    _, problems = load_scheme_text(BROKEN, "s.yaml")
    arity = next(p for p in problems if p.code == "formula-arity")
    assert arity.message_zh == "函数 round 需要 1 或 2 个参数，给了 3 个"
    assert arity.message_en == "round() takes 1 or 2 arguments, got 3"
    assert "–" not in arity.message_zh
