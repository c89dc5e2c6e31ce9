"""Each scoring rule, grade band and round rule, on small hand-made data, on both backends."""

from __future__ import annotations

from dudao.engine import evaluate
from dudao.engine.dataset import Dataset, Review
from dudao.engine.results import MET, MISSING, PENDING, UNMET, Results
from tests.helpers import make_dataset, make_scheme

UNITS = [
    ("500000", "市", "", "city", ""),
    ("500101", "甲区", "500000", "district", ""),
    ("500102", "乙区", "500000", "district", ""),
    ("500103", "丙区", "500000", "district", ""),
]


def one_leaf(rule: str, points: float = 10) -> str:
    return f"""
items:
  - code: A
    name: 甲
    points: {points}
    children:
      - {{code: A1, name: 一, points: {points}, rule: {rule}}}
"""


def score(rule: str, a_values: dict[str, float | None], backend: str) -> Results:
    scheme = make_scheme(items=one_leaf(rule))
    values = [(unit, "a", 2021, value) for unit, value in a_values.items()]
    return evaluate(scheme, make_dataset(UNITS, values), backend=backend)


def points(results: Results) -> dict[str, float]:
    return {u.code: u.item("A1").points for u in results.units}


def test_threshold(backend: str) -> None:
    results = score(
        '{type: threshold, value: a, op: ">=", target: 85, else: 2}',
        {"500101": 85, "500102": 84.9, "500103": None},
        backend,
    )
    assert points(results) == {"500101": 10, "500102": 2, "500103": 0}
    statuses = {u.code: u.item("A1").status for u in results.units}
    assert statuses == {"500101": MET, "500102": UNMET, "500103": MISSING}


def test_linear_clamps_both_ends(backend: str) -> None:
    results = score(
        "{type: linear, value: a, zero_at: 60, full_at: 80}",
        {"500101": 70, "500102": 95, "500103": 10},
        backend,
    )
    assert points(results) == {"500101": 5, "500102": 10, "500103": 0}


def test_linear_can_run_downwards(backend: str) -> None:
    results = score(
        "{type: linear, value: a, zero_at: 10, full_at: 0}",
        {"500101": 2.5, "500102": 0, "500103": 12},
        backend,
    )
    assert points(results) == {"500101": 7.5, "500102": 10, "500103": 0}


def test_step_deduction_counts_whole_steps_until_nothing_is_left(backend: str) -> None:
    """每低0.1个百分点扣2分，扣完为止: 84.7 is 3 steps below 85 despite float error."""
    results = score(
        "{type: step, value: a, target: 85, step: 0.1, deduct: 2}",
        {"500101": 84.7, "500102": 84.75, "500103": 80},
        backend,
    )
    assert points(results) == {"500101": 4, "500102": 6, "500103": 0}


def test_step_ceil_counts_any_part_of_a_step(backend: str) -> None:
    results = score(
        "{type: step, value: a, target: 85, step: 1, deduct: 1, partial: ceil}",
        {"500101": 84.5, "500102": 85, "500103": 83},
        backend,
    )
    assert points(results) == {"500101": 9, "500102": 10, "500103": 8}


def test_bands_take_the_first_that_holds(backend: str) -> None:
    rule = "{type: bands, value: a, bands: [{min: 90, points: 10}, {min: 80, points: 6}], else: 1}"
    results = score(rule, {"500101": 90, "500102": 85, "500103": 10}, backend)
    assert points(results) == {"500101": 10, "500102": 6, "500103": 1}


def test_per_incident_deduction_is_capped(backend: str) -> None:
    results = score(
        "{type: per_incident, value: a, deduct: 2, cap: 5}",
        {"500101": 0, "500102": 2, "500103": 9},
        backend,
    )
    assert points(results) == {"500101": 10, "500102": 6, "500103": 5}


def test_boolean(backend: str) -> None:
    scheme = make_scheme(items=one_leaf("{type: boolean, value: flag}"))
    data = make_dataset(UNITS, [("500101", "flag", 2021, 1), ("500102", "flag", 2021, 0)])
    results = evaluate(scheme, data, backend=backend)
    assert points(results) == {"500101": 10, "500102": 0, "500103": 0}
    assert results.unit("500103").item("A1").status == MISSING


def test_rubric_waits_for_a_reviewer(backend: str) -> None:
    rule = "{type: rubric, levels: [{level: 优, fraction: 1}, {level: 良, fraction: 0.8}, {level: 差, fraction: 0.3}]}"
    scheme = make_scheme(items=one_leaf(rule, points=1.5), total=1.5)
    base = make_dataset(UNITS, [("500101", "a", 2021, 1)])
    data = Dataset(
        base.units,
        base.values,
        reviews=(Review("500101", "A1", "良"), Review("500102", "A1", "差")),
        source="t",
    )
    results = evaluate(scheme, data, backend=backend)
    assert {u.code: u.item("A1").points for u in results.units} == {
        "500101": 1.2,
        "500102": 0.45,
        "500103": 0,
    }
    assert results.unit("500103").item("A1").status == PENDING
    assert results.unit("500101").item("A1").value == "良"


def test_rules_fire_and_ties_share_ranks(backend: str) -> None:
    rules = """  - {code: R1, type: veto, when: "b > 0", reason: 新增拖欠教师工资}
  - {code: R2, type: downgrade, when: "flag", reason: 弄虚作假}
  - {code: R3, type: cannot_be_excellent, when: "b < 0", reason: D级危房}"""
    scheme = make_scheme(
        items=one_leaf("{type: linear, value: a, zero_at: 0, full_at: 100}"), rules=rules, total=10
    )
    units = [*UNITS, ("500104", "丁区", "500000", "district", "")]
    values = [
        ("500101", "a", 2021, 95),
        ("500101", "b", 2021, 1),  # 95, vetoed
        ("500102", "a", 2021, 95),
        ("500102", "flag", 2021, 1),  # 95, downgraded once
        ("500103", "a", 2021, 95),
        ("500103", "b", 2021, -1),  # 95, cannot be 优秀
        ("500104", "a", 2021, 85),  # 85, 良好; rules' data missing
    ]
    results = evaluate(scheme, make_dataset(units, values), backend=backend)
    assert {u.code: u.total for u in results.units} == {
        "500101": 9.5,
        "500102": 9.5,
        "500103": 9.5,
        "500104": 8.5,
    }
    fired = {u.code: [r.code for r in u.fired_rules] for u in results.units}
    assert fired == {"500101": ["R1"], "500102": ["R2"], "500103": ["R3"], "500104": []}
    ranks = {u.code: u.rank for u in results.units}
    assert ranks == {"500101": 1, "500102": 1, "500103": 1, "500104": 4}
    not_checked = {r.code for r in results.unit("500104").rules if r.fired is None}
    assert not_checked == {"R1", "R2", "R3"}


def test_grade_changes_from_rules(backend: str) -> None:
    rules = """  - {code: R1, type: veto, when: "b > 5", reason: 挪用经费}
  - {code: R2, type: downgrade, when: "flag", reason: 弄虚作假}
  - {code: R3, type: cannot_be_excellent, when: "b < 0", reason: D级危房}"""
    scheme = make_scheme(
        items=one_leaf("{type: linear, value: a, zero_at: 0, full_at: 100}", points=100),
        rules=rules,
        total=100,
    )
    units = [
        *UNITS,
        ("500104", "丁区", "500000", "district", ""),
        ("500105", "戊区", "500000", "district", ""),
    ]
    values = [
        ("500101", "a", 2021, 95),
        ("500101", "b", 2021, 9),
        ("500102", "a", 2021, 95),
        ("500102", "flag", 2021, 1),
        ("500103", "a", 2021, 95),
        ("500103", "b", 2021, -1),
        ("500104", "a", 2021, 95),
        ("500104", "b", 2021, -1),
        ("500104", "flag", 2021, 1),
        ("500105", "a", 2021, 59),
    ]
    results = evaluate(scheme, make_dataset(units, values), backend=backend)
    grades = {u.code: u.grade for u in results.units}
    # 500104 (优秀 by its total): the downgrade, listed first, leaves 良好; the cannot-be-优秀
    # rule after it changes nothing (tests/engine/test_rule_order.py has the other order).
    assert grades == {
        "500101": "不合格",
        "500102": "良好",
        "500103": "良好",
        "500104": "良好",
        "500105": "不合格",
    }


def test_bonus_is_accepted_capped_per_item_and_in_total(backend: str) -> None:
    from dudao.engine.dataset import BonusClaim
    from dudao.scheme import load_scheme_text
    from tests.helpers import scheme_text

    text = scheme_text(items=one_leaf('{type: threshold, value: a, op: ">=", target: 0}'))
    text += """bonus:
  - {code: J1, name: 国家级试点, points: 1.5}
  - {code: J2, name: 督查激励, points: 1}
"""
    scheme, _problems = load_scheme_text(text, "t.yaml")
    assert scheme is not None
    base = make_dataset(UNITS, [(u, "a", 2021, 1) for u in ("500101", "500102", "500103")])
    claims = (
        BonusClaim("500101", "J1", 3, 3),
        BonusClaim("500101", "J2", 1, 1),  # 1.5 + 1 → cap 2
        BonusClaim("500102", "J1", 1.5, None),  # claimed, not yet accepted
        BonusClaim("500103", "J2", 1, 0.5),
    )
    data = Dataset(base.units, base.values, bonus=claims, source="t")
    results = evaluate(scheme, data, backend=backend)
    assert {u.code: u.bonus for u in results.units} == {"500101": 2, "500102": 0, "500103": 0.5}
    first = {b.code: (b.claimed, b.accepted, b.points) for b in results.unit("500101").bonus_items}
    assert first == {"J1": (3, 3, 1.5), "J2": (1, 1, 1)}  # each item capped, then the sum at 2
    pending = {b.code: (b.claimed, b.accepted, b.points) for b in results.unit("500102").bonus_items}
    assert pending == {"J1": (1.5, None, 0), "J2": (None, None, 0)}
    assert results.unit("500101").total == 12
