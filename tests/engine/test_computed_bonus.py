"""A bonus item computed from the data (value × each, capped at its points), on every backend."""

from __future__ import annotations

from dudao.engine import evaluate
from dudao.engine.dataset import BonusClaim, Dataset
from dudao.errors import Severity
from dudao.scheme import Scheme, load_scheme_text
from tests.helpers import ELEMENTS, make_dataset, scheme_text

UNITS = [("500000", "市", "", "city", "")] + [
    (f"50010{n}", f"区{n}", "500000", "district", "") for n in range(1, 6)
]
BONUS = """bonus:
  - {code: J1, name: 国家级试点, points: 1}
  - {code: J2, name: 国家级表彰, points: 1.5, value: honours, each: 0.5}
"""


def scheme() -> Scheme:
    elements = ELEMENTS + "  - {code: honours, name: 国家级表彰数, level: unit}\n"
    text = scheme_text(elements=elements) + BONUS
    loaded, problems = load_scheme_text(text, "t.yaml")
    assert loaded is not None, [str(p) for p in problems]
    assert [str(p) for p in problems if p.severity is Severity.ERROR] == []
    return loaded


def test_a_computed_bonus_counts_each_one_up_to_its_points(backend: str) -> None:
    honours = {"500101": 2, "500102": 3, "500103": 7, "500104": None, "500105": -1}
    values = [(u, "a", 2021, 1) for u in honours] + [(u, "honours", 2021, h) for u, h in honours.items()]
    base = make_dataset(UNITS, values)
    data = Dataset(base.units, base.values, bonus=(BonusClaim("500103", "J1", 1, 1),), source="t")
    results = evaluate(scheme(), data, backend=backend)
    computed = {u.code: u.bonus_items[1] for u in results.units}
    assert {code: b.points for code, b in computed.items()} == {
        "500101": 1,  # 2 × 0.5
        "500102": 1.5,
        "500103": 1.5,  # 3.5, capped at the item's 1.5 points
        "500104": 0,  # missing
        "500105": 0,  # never below 0
    }
    assert computed["500101"].computed and computed["500101"].value == 2
    assert computed["500104"].value is None and computed["500101"].claimed is None
    # the scheme's bonus cap (2) applies to the sum of claimed and computed points
    assert results.unit("500103").bonus == 2 and results.unit("500103").total == 12
    shown = results.unit("500102").to_dict()["bonus_items"]
    assert shown[1] == {
        "code": "J2",
        "name": "国家级表彰",
        "claimed": None,
        "accepted": None,
        "points": 1.5,
        "computed": True,
        "value": 3.0,
    }


def test_a_claim_for_a_computed_item_does_not_count_and_says_so() -> None:
    base = make_dataset(UNITS, [("500101", "a", 2021, 1), ("500101", "honours", 2021, 1)])
    data = Dataset(base.units, base.values, bonus=(BonusClaim("500101", "J2", 1.5, 1.5),), source="t")
    results = evaluate(scheme(), data, backend="python")
    assert results.unit("500101").bonus_items[1].points == 0.5
    warned = [p for p in results.problems if p.code == "bonus-claim-computed"]
    assert len(warned) == 1 and warned[0].severity is Severity.WARNING
    assert "500101" in warned[0].message_zh and "J2" in warned[0].message_en
