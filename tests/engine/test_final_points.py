"""Final points (认定得分) count instead of the computed points, before the total, the grade and
the round rules: the rules apply to the final layer."""

from __future__ import annotations

from dataclasses import replace

from dudao.engine import evaluate
from dudao.engine.results import MET, UNMET
from tests.helpers import make_dataset, make_scheme

UNITS = [
    ("500000", "市", "", "city", ""),
    ("500101", "甲区", "500000", "district", ""),
    ("500102", "乙区", "500000", "district", ""),
]
RULES = """  - {code: R1, type: veto, when: "b > 5", reason: 挪用经费}
  - {code: R2, type: downgrade, when: "flag", reason: 弄虚作假}"""
ITEMS = """
items:
  - code: A
    name: 甲
    points: 100
    children:
      - {code: A1, name: 一, points: 50, rule: {type: linear, value: a, zero_at: 0, full_at: 100}}
      - {code: A2, name: 二, points: 50, rule: {type: threshold, value: b, op: "<=", target: 5}}
"""


def _scored(final: dict[tuple[str, str], float], backend: str, flag: float = 0) -> dict[str, object]:
    scheme = make_scheme(items=ITEMS, rules=RULES, total=100)
    values = [
        ("500101", "a", 2021, 90), ("500101", "b", 2021, 0), ("500101", "flag", 2021, flag),
        ("500102", "a", 2021, 90), ("500102", "b", 2021, 9), ("500102", "flag", 2021, 0),
    ]  # fmt: skip
    dataset = replace(make_dataset(UNITS, values), final_points=final)
    results = evaluate(scheme, dataset, backend=backend)
    return {u.code: u for u in results.units}


def test_final_points_replace_the_computed_ones_in_the_total_and_the_grade(backend: str) -> None:
    before = _scored({}, backend)
    assert before["500101"].total == 95 and before["500101"].grade == "优秀"  # type: ignore[attr-defined]
    after = _scored({("500101", "A2"): 20.0}, backend)
    unit = after["500101"]
    assert unit.total == 65 and unit.grade == "合格"  # type: ignore[attr-defined]
    item = unit.item("A2")  # type: ignore[attr-defined]
    assert item.points == 20 and item.computed_points == 50 and item.final and item.status == UNMET
    assert "认定得分 20" in item.explanation.text and "计算得分 50" in item.explanation.text
    assert unit.item("A1").final is False and unit.item("A1").computed_points == 45  # type: ignore[attr-defined]


def test_the_round_rules_apply_to_the_final_layer(backend: str) -> None:
    # a veto stands whatever the final points: 乙区's final 50 on A2 makes 95, still 不合格
    vetoed = _scored({("500102", "A2"): 50.0}, backend)["500102"]
    assert vetoed.total == 95 and vetoed.grade_by_total == "优秀" and vetoed.grade == "不合格"  # type: ignore[attr-defined]
    assert vetoed.item("A2").status == MET  # type: ignore[attr-defined]
    # a downgrade applies to the grade the final total gives: 65 合格 → 不合格 (not 优秀 → 良好)
    downgraded = _scored({("500101", "A2"): 20.0}, backend, flag=1)["500101"]
    assert downgraded.grade_by_total == "合格" and downgraded.grade == "不合格"  # type: ignore[attr-defined]
    plain = _scored({}, backend, flag=1)["500101"]
    assert plain.grade == "良好"  # type: ignore[attr-defined]
