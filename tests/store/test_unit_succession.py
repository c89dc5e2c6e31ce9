"""Merges, splits and renames of units in the store: what they change, what they refuse, lineage,
and the rounds created after a merge.

The tree here is a small one of its own (codes 98…, clear of the demo's), built in each test's
transaction: a city, three districts with two schools each and a county.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from dudao.samples import bundled_scheme_path
from dudao.store.accounts.models import Unit, UnitSuccession
from dudao.store.accounts.succession import UnitsRefused, lineage, merge_units, split_unit
from dudao.store.audit.models import Action, AuditEntry
from dudao.store.rounds import engine, services
from dudao.store.rounds.models import Round, RoundUnit, SchemeVersion

pytestmark = pytest.mark.django_db

ON = dt.date(2023, 1, 1)
CITY, EAST, WEST, NORTH, COUNTY = "980000", "980101", "980102", "980103", "980201"


def _unit(code: str, name: str, parent: Unit | None, level: str, **dates: dt.date) -> Unit:
    unit = Unit(code=code, name=name, parent=parent, level=level, **dates)
    unit.save()
    return unit


@pytest.fixture
def tree(db: None) -> dict[str, Unit]:
    city = _unit(CITY, "测试市", None, "city")
    units = {CITY: city}
    for code, name in ((EAST, "东区"), (WEST, "西区"), (NORTH, "北区")):
        units[code] = _unit(code, name, city, "district")
        for n in (1, 2):
            units[f"{code}{n:02d}"] = _unit(f"{code}{n:02d}", f"{name}第{n}小学", units[code], "school")
    units[COUNTY] = _unit(COUNTY, "南县", city, "county")
    return units


@pytest.fixture
def office(db: None) -> Any:
    return get_user_model().objects.create_user("succession-office")


def _refusal(call: Any) -> UnitsRefused:
    with pytest.raises(UnitsRefused) as refused:
        call()
    return refused.value


def _open_round(scope: Unit, units: list[Unit], state: str = Round.State.OPEN) -> Round:
    scheme, _ = SchemeVersion.objects.get_or_create(
        code="succ-test", version=1, defaults={"title": "测试方案", "text": "-", "digest": "-"}
    )
    round = Round.objects.create(
        name="2023年测试轮次",
        scheme=scheme,
        period=2022,
        scope=scope,
        evaluates="district",
        deadline=dt.date(2026, 5, 1),
        state=state,
    )
    for unit in units:
        RoundUnit.objects.create(round=round, unit=unit)
    return round


def test_a_merge_ends_the_old_districts_and_moves_their_schools_to_the_new_one(
    tree: dict[str, Unit], office: Any
) -> None:
    change = merge_units(office, [EAST, WEST], "980109", name="东西新区", on=ON, note="批复第1号")

    new = Unit.objects.get(code="980109")
    assert (new.name, new.parent_id, new.level, new.valid_from, new.valid_to) == (
        "东西新区",
        CITY,
        "district",
        ON,
        None,
    )
    for code in (EAST, WEST):
        old = Unit.objects.get(code=code)
        assert old.valid_to == dt.date(2022, 12, 31) and old.ended
        assert not old.children.exists()
    schools = Unit.objects.filter(parent=new).order_by("code")
    assert [s.code for s in schools] == [f"{EAST}01", f"{EAST}02", f"{WEST}01", f"{WEST}02"]
    assert all(s.path == f"/{CITY}/980109/{s.code}/" for s in schools)
    assert change.kind == UnitSuccession.Kind.MERGE and sorted(change.moved) == [s.code for s in schools]
    links = UnitSuccession.objects.filter(successor=new).order_by("predecessor")
    assert [(link.predecessor_id, link.kind, link.on, link.note) for link in links] == [
        (EAST, "merge", ON, "批复第1号"),
        (WEST, "merge", ON, "批复第1号"),
    ]
    assert all(link.made_by == office for link in links)
    audited = AuditEntry.objects.filter(action=Action.UNITS)
    assert {e.unit_id for e in audited} == {EAST, WEST, "980109"}
    assert audited.get(unit_id=EAST).after["valid_to"] == "2022-12-31"
    assert audited.get(unit_id="980109").after["predecessors"] == [EAST, WEST]
    # The unit that did not take part is untouched.
    assert Unit.objects.get(code=NORTH).valid_to is None


def test_lineage_goes_both_ways_and_through_every_generation(tree: dict[str, Unit], office: Any) -> None:
    merge_units(office, [EAST, WEST], "980109", name="东西新区", on=ON)
    merge_units(office, ["980109"], NORTH, on=dt.date(2024, 7, 1))

    north = lineage(Unit.objects.get(code=NORTH))
    assert [u.code for u in north.predecessors] == ["980109", EAST, WEST]
    assert [(link.before.code, link.on, link.kind) for link in north.earlier] == [
        ("980109", dt.date(2024, 7, 1), "merge"),
        (EAST, ON, "merge"),
        (WEST, ON, "merge"),
    ]
    assert north.later == ()
    east = lineage(Unit.objects.get(code=EAST))
    assert east.earlier == ()
    assert [u.code for u in east.successors] == ["980109", NORTH]
    assert east.later[0].kind_label == "合并"
    # Merged into a unit that exists: it keeps its dates and takes the schools in.
    assert Unit.objects.get(code=NORTH).valid_from is None
    assert Unit.objects.filter(parent_id=NORTH).count() == 6


def test_one_unit_into_a_new_code_is_a_rename(tree: dict[str, Unit], office: Any) -> None:
    change = merge_units(office, [COUNTY], "980202", name="南区", on=ON)
    assert change.kind == UnitSuccession.Kind.RENAME
    [link] = lineage(Unit.objects.get(code="980202")).earlier
    assert (link.before.code, link.kind_label) == (COUNTY, "更名")


def test_a_split_makes_new_units_and_moves_the_schools_it_is_told_to(
    tree: dict[str, Unit], office: Any
) -> None:
    change = split_unit(
        office,
        EAST,
        [("980111", "东一区"), ("980112", "东二区")],
        on=ON,
        children={f"{EAST}01": "980111"},
    )
    assert [u.code for u in change.successors] == ["980111", "980112"]
    assert all(u.parent_id == CITY and u.valid_from == ON for u in change.successors)
    assert change.moved == (f"{EAST}01",) and change.left == (f"{EAST}02",)
    assert Unit.objects.get(code=f"{EAST}01").path == f"/{CITY}/980111/{EAST}01/"
    assert Unit.objects.get(code=f"{EAST}02").parent_id == EAST  # left, to be moved by hand
    assert Unit.objects.get(code=EAST).valid_to == dt.date(2022, 12, 31)
    for code in ("980111", "980112"):
        [link] = lineage(Unit.objects.get(code=code)).earlier
        assert (link.before.code, link.kind) == (EAST, "split")


@pytest.mark.parametrize(
    ("call", "code", "words"),
    [
        (lambda u: merge_units(u, [EAST, "989999"], "980109", name="新区", on=ON), "units-unknown", "989999"),
        (lambda u: merge_units(u, [EAST, WEST], EAST, on=ON), "units-into-itself", "东区"),
        (lambda u: merge_units(u, [EAST, COUNTY], "980109", name="新区", on=ON), "units-levels", "county"),
        (lambda u: merge_units(u, [EAST, WEST], "980109", on=ON), "units-name", "名称"),
        (lambda u: merge_units(u, [EAST, EAST], "980109", name="新区", on=ON), "units-duplicate", EAST),
        (lambda u: merge_units(u, [EAST], WEST, name="别名", on=ON), "units-name", "已存在，名称是“西区”"),
        (lambda u: merge_units(u, [EAST], "98 01", name="新区", on=ON), "units-code", "98 01"),
        (
            lambda u: merge_units(u, [EAST, WEST], "980109", name="新区", on=dt.date(2999, 1, 1)),
            "units-date-future",
            "2999-01-01",
        ),
        (lambda u: split_unit(u, EAST, [("980111", "东一区")], on=ON), "units-too-few", "至少要有2个"),
        (lambda u: split_unit(u, EAST, [("980111", "甲"), (WEST, "乙")], on=ON), "units-code-taken", "西区"),
        (
            lambda u: split_unit(
                u, EAST, [("980111", "甲"), ("980112", "乙")], on=ON, children={f"{WEST}01": "980111"}
            ),
            "units-child",
            "不是“东区”的直属下级单位",
        ),
        (
            lambda u: split_unit(
                u, EAST, [("980111", "甲"), ("980112", "乙")], on=ON, children={f"{EAST}01": NORTH}
            ),
            "units-child",
            "不是本次拆分出的新单位",
        ),
    ],
    ids=[
        "unknown",
        "into-itself",
        "levels",
        "no-name",
        "duplicate",
        "other-name",
        "bad-code",
        "future",
        "split-into-one",
        "split-code-taken",
        "split-child-elsewhere",
        "split-child-target",
    ],
)
def test_refusals_say_why_and_change_nothing(
    tree: dict[str, Unit], office: Any, call: Any, code: str, words: str
) -> None:
    refused = _refusal(lambda: call(office))
    assert refused.code == code
    assert words in refused.message, refused.message
    assert not Unit.objects.filter(code__in=["980109", "980111", "980112"]).exists()
    assert not Unit.objects.filter(valid_to__isnull=False).exists()
    assert not UnitSuccession.objects.exists()
    assert not AuditEntry.objects.filter(action=Action.UNITS).exists()


def test_a_unit_already_ended_is_refused_with_what_it_became(tree: dict[str, Unit], office: Any) -> None:
    merge_units(office, [EAST, WEST], "980109", name="东西新区", on=ON)
    refused = _refusal(
        lambda: merge_units(office, [EAST, NORTH], "980110", name="又一区", on=dt.date(2024, 1, 1))
    )
    assert refused.code == "units-ended"
    assert "东区" in refused.message and "2022-12-31" in refused.message and "东西新区" in refused.message
    refused = _refusal(
        lambda: split_unit(office, WEST, [("980111", "甲"), ("980112", "乙")], on=dt.date(2024, 1, 1))
    )
    assert refused.code == "units-ended"
    refused = _refusal(lambda: merge_units(office, [NORTH], EAST, on=dt.date(2024, 1, 1)))
    assert refused.code == "units-ended"  # nor can an ended unit take others in


def test_a_date_not_after_a_unit_began_is_refused(tree: dict[str, Unit], office: Any) -> None:
    merge_units(office, [EAST, WEST], "980109", name="东西新区", on=ON)
    for day in (ON, dt.date(2022, 6, 1)):
        refused = _refusal(
            lambda day=day: merge_units(office, ["980109", NORTH], "980110", name="又一区", on=day)
        )
        assert refused.code == "units-date-before"
        assert "东西新区" in refused.message and "2023-01-01" in refused.message
    refused = _refusal(lambda: merge_units(office, [NORTH], "980109", on=dt.date(2022, 6, 1)))
    assert refused.code == "units-date-before"  # the unit taking it in began only later


def test_new_units_need_one_parent(tree: dict[str, Unit], office: Any) -> None:
    other = _unit("980300", "另一市", None, "city")
    _unit("980301", "另一区", other, "district")
    refused = _refusal(lambda: merge_units(office, [EAST, "980301"], "980109", name="跨市区", on=ON))
    assert refused.code == "units-parents"


@pytest.mark.parametrize("where", ["district", "school"])
def test_a_unit_in_an_open_round_is_refused_naming_the_round(
    tree: dict[str, Unit], office: Any, where: str
) -> None:
    taking_part = tree[WEST] if where == "district" else tree[f"{WEST}01"]
    round = _open_round(tree[CITY], [tree[EAST], taking_part])
    refused = _refusal(lambda: merge_units(office, [NORTH, WEST], "980109", name="新区", on=ON))
    assert refused.code == "units-open-round"
    assert "2023年测试轮次" in refused.message and f"编号 {round.pk}" in refused.message
    assert "西区" in refused.message
    # Atomic: the district checked first (北区, in no round) did not end either.
    assert Unit.objects.get(code=NORTH).valid_to is None and not UnitSuccession.objects.exists()
    # A unit that exists may not take others in while its own round is open either.
    refused = _refusal(lambda: merge_units(office, [NORTH], EAST, on=ON))
    assert refused.code == "units-open-round"


def test_closed_and_draft_rounds_do_not_stop_a_merge(tree: dict[str, Unit], office: Any) -> None:
    _open_round(tree[CITY], [tree[EAST]], state=Round.State.CLOSED)
    _open_round(tree[CITY], [tree[WEST]], state=Round.State.DRAFT)
    assert merge_units(office, [EAST, WEST], "980109", name="东西新区", on=ON).kind == "merge"


def test_a_round_created_after_a_merge_evaluates_the_new_district_not_the_old_ones(
    tree: dict[str, Unit], office: Any
) -> None:
    text = bundled_scheme_path().read_text(encoding="utf-8")
    scheme = services.store_scheme(office, text, "bundled:cq-district-2022")
    before = services.create_round(office, name="合并前", scheme=scheme, scope=tree[CITY], deadline=ON)
    merge_units(office, [EAST, WEST], "980109", name="东西新区", on=ON)
    after = services.create_round(office, name="合并后", scheme=scheme, scope=tree[CITY], deadline=ON)

    evaluated = sorted(after.entries.values_list("unit_id", flat=True))
    assert evaluated == [NORTH, "980109"]
    assert sorted(before.entries.values_list("unit_id", flat=True)) == [EAST, WEST, NORTH]
    # The round's part of the tree, as its engine reads it, holds no ended district either, and
    # the new district with every school of the two.
    codes = {u.code for u in engine.round_units(after)}
    assert EAST not in codes and WEST not in codes
    assert {"980109", f"{EAST}01", f"{WEST}02"} <= codes


def test_a_round_held_before_a_merge_reads_the_tree_as_it_stood(tree: dict[str, Unit], office: Any) -> None:
    round = _open_round(tree[CITY], [tree[EAST], tree[WEST], tree[NORTH]], state=Round.State.CLOSED)
    Round.objects.filter(pk=round.pk).update(created_at=dt.datetime(2022, 6, 1, tzinfo=dt.UTC))
    round.refresh_from_db()
    merge_units(office, [EAST, WEST], "980109", name="东西新区", on=ON)
    merge_units(office, ["980109"], NORTH, on=dt.date(2024, 1, 1))  # the schools moved twice

    units = {u.code: u for u in engine.round_units(round)}
    assert "980109" not in units
    assert units[f"{EAST}01"].parent_id == EAST and units[f"{EAST}01"].path == f"/{CITY}/{EAST}/{EAST}01/"
    assert units[f"{WEST}02"].parent_id == WEST
    assert units[f"{NORTH}01"].parent_id == NORTH
    assert [u.code for u in engine.round_units(round, tree[EAST])] == [CITY, EAST, f"{EAST}01", f"{EAST}02"]
    # The stored tree is today's: the schools are under 北区, which took the new district in.
    assert Unit.objects.get(code=f"{EAST}01").path == f"/{CITY}/{NORTH}/{EAST}01/"
    # A round of today reads today's tree.
    later = _open_round(tree[CITY], [tree[NORTH]])
    assert {u.code for u in engine.round_units(later, tree[NORTH])} >= {
        f"{EAST}01",
        f"{WEST}02",
        f"{NORTH}01",
    }


def test_a_round_leaves_out_a_unit_made_after_it_started(tree: dict[str, Unit], office: Any) -> None:
    later = _unit("980109", "后设区", tree[CITY], "district", valid_from=dt.date(2999, 1, 1))
    _unit("98010901", "后设区小学", later, "school")
    round = _open_round(tree[CITY], [tree[EAST], tree[WEST], tree[NORTH]])
    codes = {u.code for u in engine.round_units(round)}
    assert "980109" not in codes and "98010901" not in codes and EAST in codes
