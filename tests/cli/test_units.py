"""``dudao units merge``, ``split`` and ``history``, run as a user runs them, on the test database.

The store is already set up in a test run (``dudao.store.setup`` leaves it as it is), so each
command works on this test's tree: a city with two districts and their schools, and a closed round
of each of two years whose results were frozen.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from typer.testing import CliRunner

from dudao.cli.app import app
from dudao.store.accounts.models import Unit, UnitSuccession
from dudao.store.audit.models import Action, AuditEntry
from dudao.store.rounds.models import Round, RoundUnit, SchemeVersion

pytestmark = pytest.mark.django_db

CITY, EAST, WEST = "970000", "970101", "970102"
runner = CliRunner()


def run(*args: str) -> Any:
    return runner.invoke(app, ["units", *args])


def _unit(code: str, name: str, parent: Unit | None, level: str) -> Unit:
    unit = Unit(code=code, name=name, parent=parent, level=level)
    unit.save()
    return unit


@pytest.fixture
def tree(db: None) -> dict[str, Unit]:
    city = _unit(CITY, "样例市", None, "city")
    units = {CITY: city}
    for code, name in ((EAST, "东城区"), (WEST, "西城区")):
        units[code] = _unit(code, name, city, "district")
        units[f"{code}01"] = _unit(f"{code}01", f"{name}实验小学", units[code], "school")
    return units


def _round(tree: dict[str, Unit], period: int, totals: dict[str, float], state: str = "closed") -> Round:
    scheme, _ = SchemeVersion.objects.get_or_create(
        code="cli-units", version=period - 2020, defaults={"title": "测试方案", "text": "-", "digest": "-"}
    )
    round = Round.objects.create(
        name=f"{period}年度评价",
        scheme=scheme,
        period=period,
        scope=tree[CITY],
        evaluates="district",
        deadline=dt.date(period + 1, 5, 1),
        state=state,
        results={
            "units": [
                {"code": code, "name": tree[code].name, "total": total, "grade": "良好", "rank": rank}
                for rank, (code, total) in enumerate(totals.items(), start=1)
            ]
        },
    )
    for code in totals:
        RoundUnit.objects.create(round=round, unit=tree[code])
    return round


def test_merge_then_history_shows_both_old_districts_by_year(tree: dict[str, Unit]) -> None:
    _round(tree, 2021, {EAST: 88.5, WEST: 79.25})
    _round(tree, 2022, {WEST: 81.0, EAST: 90.0})
    done = run("merge", "--into", "970109", "--name", "东西城区", "--on", "2023-01-01", EAST, WEST)
    assert done.exit_code == 0, done.output
    assert "东西城区（970109）" in done.output and "2 个下级单位随之划转" in done.output
    assert Unit.objects.get(code=EAST).valid_to == dt.date(2022, 12, 31)
    assert UnitSuccession.objects.filter(successor_id="970109").count() == 2
    assert AuditEntry.objects.filter(action=Action.UNITS, username="").count() == 3

    shown = run("history", "970109")
    assert shown.exit_code == 0, shown.output
    assert "2023-01-01 东城区（970101） 合并→ 东西城区（970109）" in shown.output
    for total in ("88.50", "79.25", "81.00", "90.00"):
        assert total in shown.output
    assert "没有已关闭轮次的结果" in shown.output  # the new district's own table

    as_json = json.loads(run("history", "970109", "--json").output)
    assert as_json["unit"] == {
        "code": "970109",
        "name": "东西城区",
        "level": "district",
        "valid_from": "2023-01-01",
        "valid_to": None,
    }
    assert [(link["from"], link["kind"]) for link in as_json["earlier"]] == [(EAST, "merge"), (WEST, "merge")]
    east = as_json["years"][EAST]
    assert [(y["period"], y["total"], y["rank"]) for y in east] == [(2021, 88.5, 1), (2022, 90.0, 2)]
    assert as_json["years"]["970109"] == []

    old = json.loads(run("history", EAST, "--json").output)
    assert [(link["to"], link["on"]) for link in old["later"]] == [("970109", "2023-01-01")]


def test_an_open_round_only_shows_once_closed(tree: dict[str, Unit]) -> None:
    _round(tree, 2021, {EAST: 70.0}, state="open")
    shown = json.loads(run("history", EAST, "--json").output)
    assert shown["years"][EAST] == []


def test_split_moves_the_schools_it_is_told_to_and_warns_about_the_rest(tree: dict[str, Unit]) -> None:
    done = run(
        "split", EAST, "--into", "970111=东一区", "--into", "970112=东二区", "--on", "2023-01-01",
        "--move", f"{EAST}01=970112", "--note", "批复",
    )  # fmt: skip
    assert done.exit_code == 0, done.output
    assert Unit.objects.get(code=f"{EAST}01").parent_id == "970112"
    assert {u.valid_from for u in Unit.objects.filter(code__in=["970111", "970112"])} == {dt.date(2023, 1, 1)}

    _unit(f"{WEST}02", "西城区第二小学", tree[WEST], "school")
    done = run("split", WEST, "--into", "970121=西一区", "--into", "970122=西二区", "--on", "2023-01-01")
    assert done.exit_code == 0, done.output
    assert "2 个下级单位未指定去向" in done.output and f"{WEST}01" in done.output


@pytest.mark.parametrize(
    ("args", "exit_code", "words"),
    [
        (("merge", "--into", "970109", "--name", "新区", "--on", "2023-01-01", EAST, "979999"), 1, "979999"),
        (("merge", "--into", EAST, "--on", "2023-01-01", EAST, WEST), 1, "并入它自己"),
        (("merge", "--into", "970109", "--name", "新区", "--on", "2023-02-30", EAST), 2, "不是有效日期"),
        (("merge", "--into", "970109", "--name", "新区", "--on", "2999-01-01", EAST), 1, "晚于今天"),
        (
            ("merge", "--into", "970109", "--name", "新区", "--on", "2023-01-01", EAST, f"{WEST}01"),
            1,
            "层级不同",
        ),
        (("merge", "--into", "970109", "--on", "2023-01-01", EAST, WEST), 1, "请填写新单位“970109”的名称"),
        (
            ("merge", "--into", "970109", "--name", "新区", "--on", "2023-01-01", "--by", "nobody", EAST),
            2,
            "没有账号",
        ),
        (("split", EAST, "--into", "970111", "--into", "970112=乙", "--on", "2023-01-01"), 2, "代码=值"),
        (("split", EAST, "--into", "970111=甲", "--on", "2023-01-01"), 1, "至少要有2个"),
        (("history", "979999"), 1, "没有代码为“979999”的单位"),
    ],
    ids=[
        "unknown",
        "itself",
        "bad-date",
        "future",
        "levels",
        "no-name",
        "no-account",
        "bad-pair",
        "one",
        "history",
    ],
)
def test_refusals_exit_non_zero_with_the_reason(
    tree: dict[str, Unit], args: tuple[str, ...], exit_code: int, words: str
) -> None:
    done = run(*args)
    assert done.exit_code == exit_code, done.output
    assert words in done.output
    assert not UnitSuccession.objects.exists() and not Unit.objects.filter(valid_to__isnull=False).exists()


def test_a_district_in_an_open_round_is_refused_naming_the_round(tree: dict[str, Unit]) -> None:
    round = _round(tree, 2022, {EAST: 80.0, WEST: 75.0}, state="open")
    done = run("merge", "--into", "970109", "--name", "新区", "--on", "2023-01-01", EAST, WEST)
    assert done.exit_code == 1
    assert f"“2022年度评价”（编号 {round.pk}）" in done.output and "关闭后再调整" in done.output
    assert Unit.objects.get(code=EAST).valid_to is None


def test_an_ended_unit_is_refused_saying_what_it_became(
    tree: dict[str, Unit], django_user_model: Any
) -> None:
    django_user_model.objects.create_user("cli-office")
    done = run(
        "merge", "--into", "970109", "--name", "新区", "--on", "2023-01-01", "--by", "cli-office", EAST, WEST
    )
    assert done.exit_code == 0, done.output
    assert UnitSuccession.objects.filter(made_by__username="cli-office").count() == 2
    assert AuditEntry.objects.filter(action=Action.UNITS, username="cli-office").count() == 3
    again = run("merge", "--into", "970110", "--name", "又一区", "--on", "2024-01-01", EAST)
    assert again.exit_code == 1
    assert (
        "东城区（970101）”的有效期已于 2022-12-31 截止" in again.output and "新区（970109）" in again.output
    )
