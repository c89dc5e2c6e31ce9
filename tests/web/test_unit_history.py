"""A unit across years 历年评价, on the sample tree: two districts merged keep both histories.

Two rounds of the demo's districts are closed, data years 2021 (the demo round) and 2022 (a
second round on the same data a year on); then Jiangbei (500105) and Yubei (500112) are merged on
2023-01-01 into a new district. The new district's page shows both old districts' frozen results
of both years, each under its own heading saying how it became part of the new one; each old
district's page says what it became. Who sees what follows the results pages' rules.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from dudao.samples import bundled_dataset
from dudao.store.accounts.models import Profile, Unit
from dudao.store.accounts.succession import UnitsRefused, merge_units
from dudao.store.rounds import services
from dudao.store.rounds.models import Round
from tests.web.conftest import login

pytestmark = pytest.mark.django_db

JB, YB, NEW = "500105", "500112", "500199"
NEW_NAME = "两江新区（示例）"
ON = dt.date(2023, 1, 1)


def _started(round: Round, day: dt.date) -> None:
    """The round as if started on ``day`` (rounds held before the merge; see ``round_units``)."""
    Round.objects.filter(pk=round.pk).update(created_at=dt.datetime.combine(day, dt.time(9), dt.UTC))


@pytest.fixture
def two_years(demo_round: Round, user: Any) -> tuple[Round, Round]:
    """The demo round (data year 2021) held in 2022 and closed; a round of data year 2022 on the
    same data a year on, held later in 2022 and closed too."""
    office = user("office")
    _started(demo_round, dt.date(2022, 3, 1))
    first = services.close_round(office, demo_round, confirmation=demo_round.name)
    dataset = bundled_dataset()
    values = dataset.values.copy()
    values["period"] = values["period"] + 1
    second = services.create_round(
        office,
        name="2022年度区县履行教育职责评价（示例）",
        scheme=demo_round.scheme,
        scope=Unit.objects.get(code="500000"),
        deadline=timezone.localdate(),
        period=first.period + 1,
    )
    _started(second, dt.date(2022, 9, 1))
    services.load_values(second, dataclasses.replace(dataset, values=values), [2021, 2022])
    second = services.set_state(office, second, Round.State.OPEN)
    second = services.close_round(office, second, confirmation=second.name)
    return first, second


@pytest.fixture
def merged(two_years: tuple[Round, Round], user: Any) -> tuple[Round, Round]:
    merge_units(user("office"), [JB, YB], NEW, name=NEW_NAME, on=ON, note="示例：两区合并")
    return two_years


def _frozen(round: Round, code: str) -> dict[str, Any]:
    return next(u for u in round.results["units"] if u["code"] == code)


def _section(html: str, code: str) -> str:
    found = re.search(rf'<section class="unit-years" id="years-{code}">(.*?)</section>', html, re.S)
    assert found, f"no section for {code}"
    return found.group(1)


def _history(client: Any, code: str) -> str:
    response = client.get(reverse("unit_history", args=[code]))
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_new_district_shows_both_old_histories(merged: tuple[Round, Round]) -> None:
    html = _history(login("office"), NEW)
    assert f"{NEW_NAME}历年评价" in html and "2023年1月1日起" in html
    assert "没有可查看的已关闭轮次结果" in _section(html, NEW)  # new: no round evaluated it yet
    for code, name in ((JB, "江北区"), (YB, "渝北区")):
        section = _section(html, code)
        assert name in section and "2023年1月1日并入本单位" in section
        for round in merged:
            frozen = _frozen(round, code)
            row = re.search(rf"<th scope=\"row\">{round.period}</th>(.*?)</tr>", section, re.S)
            assert row, (code, round.period)
            assert round.name in row.group(1)
            assert f"{frozen['total']:.2f}" in row.group(1) and frozen["grade"] in row.group(1)
            assert f"cq-district-2022 第{round.scheme.version}版" in row.group(1)
            # the office opens the round's results page of the old district from the row
            assert reverse("unit_results", args=[round.pk, code]) in row.group(1)
    # The office sees ranks (an unranked unit says why).
    first = _frozen(merged[0], YB)
    expected = f"第 {first['rank']} 名" if first["rank"] else first["unranked_zh"]
    assert expected in _section(html, YB)


def test_an_old_district_says_what_it_became_and_keeps_its_history(merged: tuple[Round, Round]) -> None:
    html = _history(login("office"), JB)
    became = re.search(r'<div class="notice" id="became">(.*?)</div>', html, re.S)
    assert became and f"本单位已于2023年1月1日并入{NEW_NAME}（{NEW}）" in became.group(1)
    assert reverse("unit_history", args=[NEW]) in became.group(1)
    assert "2019" not in html and "2021" in _section(html, JB) and "2022" in _section(html, JB)
    assert "至2022年12月31日" in html


def test_a_unit_sees_its_old_districts_scores_and_ranks_only_once_published(
    merged: tuple[Round, Round], user: Any
) -> None:
    first, second = merged
    # The office moves Jiangbei's editor to the new district, as it would after the merge.
    Profile.objects.filter(user=user("jiangbei")).update(unit_id=NEW)
    Round.objects.filter(pk=first.pk).update(published=True)
    jiangbei = login("jiangbei")
    html = _history(jiangbei, NEW)
    yubei = _section(html, YB)
    for round in merged:
        assert f"{_frozen(round, YB)['total']:.2f}" in yubei
        # no round's results page of an old district: the rules of that round do not reach it
        assert reverse("unit_results", args=[round.pk, YB]) not in yubei
    published = _frozen(first, YB)
    if published["rank"]:
        assert f"第 {published['rank']} 名" in yubei
    unpublished = _frozen(second, YB)
    row = re.search(rf"<th scope=\"row\">{second.period}</th>(.*?)</tr>", yubei, re.S)
    assert row and f"{unpublished['total']:.2f}" in row.group(1)
    assert row.group(1).rstrip().endswith("<td>—</td>")  # its rank, or why it has none: not yet
    # The old districts' own pages open to the new district's people too.
    assert _history(jiangbei, YB)
    # Another district's editor reaches none of them.
    yuzhong = login("yuzhong")
    for code in (NEW, JB, YB):
        assert yuzhong.get(reverse("unit_history", args=[code])).status_code == 403


def test_before_publication_a_unit_sees_no_rank_column(merged: tuple[Round, Round]) -> None:
    html = _history(login("jiangbei"), JB)  # the editor still at Jiangbei: its own old page
    assert "<th>排名</th>" not in html and "排名在结果公开后显示" in html
    assert f"{_frozen(merged[0], JB)['total']:.2f}" in _section(html, JB)
    # What Jiangbei became is said; the new district is not theirs, so there is no link to it.
    became = re.search(r'<div class="notice" id="became">(.*?)</div>', html, re.S)
    assert became and NEW_NAME in became.group(1)
    assert reverse("unit_history", args=[NEW]) not in became.group(1)


def test_a_round_after_the_merge_evaluates_the_new_district(merged: tuple[Round, Round], user: Any) -> None:
    first = merged[0]
    later = services.create_round(
        user("office"),
        name="合并后的轮次",
        scheme=first.scheme,
        scope=Unit.objects.get(code="500000"),
        deadline=timezone.localdate(),
        period=2023,
    )
    evaluated = set(later.entries.values_list("unit_id", flat=True))
    assert NEW in evaluated and JB not in evaluated and YB not in evaluated
    assert len(evaluated) == first.entries.count() - 1


def test_the_unit_results_page_links_to_the_history(merged: tuple[Round, Round], user: Any) -> None:
    first = merged[0]
    page = login("office").get(reverse("unit_results", args=[first.pk, JB])).content.decode()
    assert reverse("unit_history", args=[JB]) in page
    # The old round still reads Jiangbei with its schools (moved to the new district since).
    assert "A6.1.1" in page and f"{_frozen(first, JB)['total']:.2f}" in page
    # ... and says what it became, so that no one reads a later year's figures as Jiangbei's.
    assert f"本单位已于2023年1月1日并入{NEW_NAME}" in page
    later = services.create_round(
        user("office"),
        name="合并后",
        scheme=first.scheme,
        scope=Unit.objects.get(code="500000"),
        deadline=timezone.localdate(),
        period=2023,
    )
    new_page = login("office").get(reverse("unit_results", args=[later.pk, NEW])).content.decode()
    assert (
        "江北区（500105）2023年1月1日并入本单位" in new_page
        and "渝北区（500112）2023年1月1日并入本单位" in new_page
    )
    reviewer_page = login("reviewer").get(reverse("unit_results", args=[first.pk, "500103"]))
    assert reviewer_page.status_code == 200
    assert reverse("unit_history", args=["500103"]) not in reviewer_page.content.decode()


def test_a_district_in_the_open_demo_round_cannot_be_merged(demo_round: Round, user: Any) -> None:
    with pytest.raises(UnitsRefused) as refused:
        merge_units(user("office"), [JB, YB], NEW, name=NEW_NAME, on=ON)
    assert refused.value.code == "units-open-round" and demo_round.name in refused.value.message
