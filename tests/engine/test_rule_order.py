"""Round rules apply in the order the scheme lists them, and each says what it did."""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

from dudao.engine import evaluate
from dudao.engine import rules as r
from dudao.engine.backends.reference import evaluate as evaluate_node
from dudao.expr import ir
from dudao.expr.ir import Level, Type
from dudao.scheme import load_scheme_text
from tests.helpers import make_dataset, make_scheme, scheme_text

UNITS = [
    ("500000", "市", "", "city", ""),
    ("500101", "甲区", "500000", "district", ""),
    ("500102", "乙区", "500000", "district", ""),
    ("500103", "丙区", "500000", "district", ""),
]
LINEAR = "{type: linear, value: a, zero_at: 0, full_at: 100}"
ITEMS = f"""
items:
  - code: A
    name: 甲
    points: 100
    children:
      - {{code: A1, name: 一, points: 100, rule: {LINEAR}}}
"""
DOWNGRADE = '  - {code: D, type: downgrade, when: "flag", reason: 弄虚作假}'
NOT_TOP = '  - {code: C, type: cannot_be_excellent, when: "b < 0", reason: D级危房}'
VETO = '  - {code: V, type: veto, when: "b > 5", reason: 挪用经费}'


def grades_with(
    rules: list[str], values: list[tuple[str, str, int, float | None]], backend: str
) -> dict[str, str]:
    scheme = make_scheme(items=ITEMS, rules="\n".join(rules), total=100)
    results = evaluate(scheme, make_dataset(UNITS, values), backend=backend)
    return {u.code: u.grade for u in results.units}


def test_the_order_the_scheme_lists_decides_the_grade(backend: str) -> None:
    """A unit 优秀 by its total meets a downgrade and a cannot-be-优秀 rule: listed cannot-be-优秀
    first, it goes 优秀 → 良好 → 合格; listed downgrade first, 优秀 → 良好, and the second rule
    finds it already below 优秀."""
    values = [("500101", "a", 2021, 95), ("500101", "flag", 2021, 1), ("500101", "b", 2021, -1)]
    assert grades_with([NOT_TOP, DOWNGRADE], values, backend)["500101"] == "合格"
    assert grades_with([DOWNGRADE, NOT_TOP], values, backend)["500101"] == "良好"


def test_each_rule_says_whether_its_condition_held_and_whether_it_changed_the_grade(backend: str) -> None:
    scheme = make_scheme(items=ITEMS, rules="\n".join([DOWNGRADE, VETO, NOT_TOP]), total=100)
    values = [
        ("500101", "a", 2021, 95),  # 优秀: downgraded to 良好, then vetoed to 不合格
        ("500101", "flag", 2021, 1),
        ("500101", "b", 2021, 9),
        ("500102", "a", 2021, 85),  # 良好: cannot-be-优秀 holds but changes nothing
        ("500102", "flag", 2021, 0),
        ("500102", "b", 2021, -1),
        ("500103", "a", 2021, 95),  # the rules' data is missing
    ]
    results = evaluate(scheme, make_dataset(UNITS, values), backend=backend)

    def facts(code: str) -> list[tuple[str, bool | None, bool, str, str]]:
        return [(o.code, o.fired, o.changed, o.grade_before, o.grade_after) for o in results.unit(code).rules]

    assert facts("500101") == [
        ("D", True, True, "优秀", "良好"),
        ("V", True, True, "良好", "不合格"),
        ("C", False, False, "不合格", "不合格"),
    ]
    assert facts("500102") == [
        ("D", False, False, "良好", "良好"),
        ("V", False, False, "良好", "良好"),
        ("C", True, False, "良好", "良好"),
    ]
    assert facts("500103") == [
        ("D", None, False, "优秀", "优秀"),
        ("V", None, False, "优秀", "优秀"),
        ("C", None, False, "优秀", "优秀"),
    ]
    unit = json.loads(json.dumps(results.unit("500102").to_dict(), ensure_ascii=False))
    assert unit["grade_by_total"] == "良好"
    held = [(o["code"], o["held"], o["changed"]) for o in unit["rule_outcomes"]]
    assert held == [("D", False, False), ("V", False, False), ("C", True, False)]
    assert [o["code"] for o in unit["rules"]] == ["C"]  # the rules whose condition held
    assert "条件成立，等次未变（良好）" in results.unit("500102").rules[2].text


def test_a_second_downgrade_holds_but_changes_nothing_unless_downgrades_stack(backend: str) -> None:
    second = '  - {code: D2, type: downgrade, when: "b > 0", reason: 体质下降}'
    values = [("500101", "a", 2021, 95), ("500101", "flag", 2021, 1), ("500101", "b", 2021, 1)]
    for head, grade, changed in (("", "良好", False), (", downgrades_stack: true", "合格", True)):
        scheme = make_scheme(items=ITEMS, rules="\n".join([DOWNGRADE, second]), total=100, head=head)
        unit = evaluate(scheme, make_dataset(UNITS, values), backend=backend).unit("500101")
        assert unit.grade == grade
        assert [(o.fired, o.changed) for o in unit.rules] == [(True, True), (True, changed)]


def test_the_grade_the_backends_compute_is_the_last_step_of_the_rules_in_order() -> None:
    """:func:`rules.final_grade` (what every backend computes) equals applying the rules one
    by one (:func:`rules.apply_round_rule`, what results explain), for every sequence of up
    to four rules, every set of them firing, every starting grade and number of grades."""
    kinds = ("veto", "downgrade", "cannot_be_excellent")
    start = ir.Column("g", Level.UNIT, Type.NUMBER)
    checked = 0
    for length in range(5):
        for sequence in itertools.product(kinds, repeat=length):
            flags = [ir.Column(f"f{i}", Level.UNIT, Type.BOOL) for i in range(length)]
            for lowest, stack in itertools.product(range(4), (False, True)):
                final = r.final_grade(start, list(zip(sequence, flags, strict=True)), lowest, stack)
                stepped: ir.Node = start
                downgrades: list[ir.Node] = []
                for kind, flag in zip(sequence, flags, strict=True):
                    downgraded = None if stack or not downgrades else r.any_fired(downgrades)
                    stepped = r.apply_round_rule(kind, stepped, flag, lowest, downgraded)
                    if kind == "downgrade":
                        downgrades.append(flag)
                for grade in range(lowest + 1):
                    for fired in itertools.product((False, True), repeat=length):
                        row = {"g": float(grade), **{f"f{i}": f for i, f in enumerate(fired)}}
                        assert evaluate_node(final, row) == evaluate_node(stepped, row), (sequence, row)
                        checked += 1
    assert checked > 10_000


def test_the_worked_example_in_the_format_doc_holds(backend: str) -> None:
    """docs/scheme-format.md: a district at 92 with falsified data and a D-grade building is
    良好 with the rules in the doc's order, 合格 in the other; the doc's table says so."""
    doc = (Path(__file__).parents[2] / "docs" / "scheme-format.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```yaml\n(.*?)```", doc, re.S) if "order A" in b)
    rules = [line for line in block.splitlines() if line.strip().startswith("- {code:")]
    table = doc[doc.index("| step | order A") :].split("\n\n")[0]
    assert table.splitlines()[-1] == "| grade | **良好** | **合格** |"
    elements = """
elements:
  - {code: a, name: 甲数, level: unit}
  - {code: data_fraud, name: 弄虚作假, level: unit, type: bool}
  - {code: d_building_in_use, name: D级危房, level: unit, type: bool}
"""
    values = [
        ("500101", "a", 2021, 92),
        ("500101", "data_fraud", 2021, 1),
        ("500101", "d_building_in_use", 2021, 1),
    ]
    for order, grade in ((rules, "良好"), (rules[::-1], "合格")):
        text = scheme_text(items=ITEMS, rules="\n".join(order), elements=elements, total=100)
        scheme, problems = load_scheme_text(text, "doc.yaml")  # 优秀 ≥ 90, 良好 ≥ 80, as the doc
        assert scheme is not None and not [p for p in problems if p.severity.value == "error"], problems
        unit = evaluate(scheme, make_dataset(UNITS, values), backend=backend).unit("500101")
        assert (unit.grade_by_total, unit.grade) == ("优秀", grade)
        assert [(o.fired, o.changed) for o in unit.rules] == [(True, True), (True, grade == "合格")]
