"""The results pages: the ranking with last year's change, the heat map of missed standards, a unit's
results item by item, the progress board's sorting, search and export; each table's workbook."""

from __future__ import annotations

import io
from typing import Any

from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from dudao.engine.results import PENDING
from dudao.store.accounts.models import Unit
from dudao.store.entry.models import ReviewedLevel
from dudao.store.review.models import ScoreChange
from dudao.store.rounds.documents import previous_results
from dudao.store.rounds.engine import current_results
from dudao.store.rounds.models import Round, RoundUnit, Status
from dudao.web.api.urls import api
from tests.web.conftest import login

JB, YZ = "500105", "500103"
SAMPLE = "示例数据"


def _sheets(response: Any) -> dict[str, list[tuple[Any, ...]]]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    return {name: [tuple(row) for row in book[name].iter_rows(values_only=True)] for name in book.sheetnames}


def _table(rows: list[tuple[Any, ...]], first_header: str) -> tuple[tuple[Any, ...], list[tuple[Any, ...]]]:
    """The header row (the first starting with ``first_header``) and the rows under it."""
    at = next(i for i, row in enumerate(rows) if row and row[0] == first_header)
    return rows[at], rows[at + 1 :]


# -- the ranking -------------------------------------------------------------------------------


def test_the_ranking_shows_last_years_total_and_rank_and_the_grade_distribution(demo_round: Round) -> None:
    response = login("office").get(reverse("round_results", args=[demo_round.pk]))
    ranking = response.context["ranking"]
    previous = previous_results(demo_round)
    assert previous is not None and ranking.prior_period == demo_round.period - 1
    before = {u.code: u for u in previous.units}
    for row in ranking.rows:
        assert row.prior_total == before[row.code].total
        assert row.total_change == round(row.total - before[row.code].total, 2)
        if row.rank is not None and before[row.code].rank is not None:
            assert row.rank_change == before[row.code].rank - row.rank
    assert sum(n for _g, n in ranking.grade_counts()) == len(ranking.ranked_rows)
    assert [g for g, _n in ranking.grade_counts()] == ["优秀", "良好", "合格", "不合格"]
    page = response.content.decode()
    assert f"总分较{demo_round.period - 1}年" in page and f"排名较{demo_round.period - 1}年" in page
    assert 'data-chart="grades"' in page and 'id="grade-chart"' in page
    # every area a column, the unit's column a row header (sticky), and links to each unit's results
    assert page.count('class="num area"') == len(ranking.areas) == 10
    assert '<th scope="row" class="unit">' in page
    assert reverse("unit_results", args=[demo_round.pk, JB]) in page
    assert reverse("round_misses", args=[demo_round.pk]) in page


def test_the_ranking_workbook_holds_the_page_s_rows_labelled_as_sample(demo_round: Round) -> None:
    office = login("office")
    ranking = office.get(reverse("round_results", args=[demo_round.pk])).context["ranking"]
    sheets = _sheets(office.get(reverse("round_results_xlsx", args=[demo_round.pk])))
    assert list(sheets) == ["排名", "等级分布"]
    rows = sheets["排名"]
    assert demo_round.name in rows[0][0] and "按目前已保存的数据计算" in rows[0][0]
    assert rows[1][0].startswith(SAMPLE)
    headers, body = _table(rows, "排名")
    year = demo_round.period - 1
    assert headers[:7] == ("排名", "单位代码", "单位名称", "总分", "基础分", "加分", "等级")
    assert f"{year}年总分" in headers and "排名变化" in headers and "触发的规则" in headers
    assert headers[-len(ranking.areas) :] == ranking.areas
    assert len(body) == len(ranking.rows) == 38
    by_code = {row[1]: row for row in body}
    for expected in ranking.rows:
        got = by_code[expected.code]
        assert got[0] == expected.rank and got[3] == expected.total and got[6] == expected.grade
        assert got[headers.index(f"{year}年总分")] == expected.prior_total
        assert got[headers.index("状态")] == (expected.status or "参与排名")
        assert got[-len(ranking.areas) :] == expected.areas
    grades = dict(_table(sheets["等级分布"], "等级")[1])
    assert grades == dict(ranking.grade_counts())


# -- the heat map ------------------------------------------------------------------------------


def test_the_heat_map_lists_the_items_most_units_miss_first(demo_round: Round) -> None:
    response = login("office").get(reverse("round_misses", args=[demo_round.pk]))
    assert response.status_code == 200
    misses = response.context["misses"]
    results = current_results(demo_round)
    expected: dict[str, int] = {}
    for unit in results.units:
        for item in unit.items:
            if item.status != PENDING and item.points < item.max_points - 1e-9:
                expected[item.code] = expected.get(item.code, 0) + 1
    assert {i.code: i.count for i in misses.items} == expected
    counts = [i.count for i in misses.items]
    assert counts == sorted(counts, reverse=True) and counts[0] > 1
    assert len(misses.units) == 38 and all(len(i.cells) == 38 for i in misses.items)
    chart = response.context["chart"]
    shown = misses.shown_items
    assert len(shown) == min(20, len(misses.items)) and misses.more == len(misses.items) - len(shown)
    assert chart["items"] == [f"{i.code} {i.name}" for i in shown] and len(chart["units"]) == 38
    # cells: [unit, item, share of the points, points, status], the share read by the colour scale
    first = shown[0].cells[0]
    assert chart["cells"][0] == [
        0,
        0,
        round(first.points / shown[0].max_points, 3),
        first.points,
        first.status,
    ]
    page = response.content.decode()
    assert 'data-chart="heatmap"' in page and f'id="miss-{shown[0].code}"' in page
    assert f"{shown[0].count} / 38" in page and SAMPLE in page
    assert page.count('<tr id="miss-') == len(shown)
    every = login("office").get(reverse("round_misses", args=[demo_round.pk]), {"all": "1"})
    assert every.content.decode().count('<tr id="miss-') == len(misses.items)


def test_the_heat_map_workbook_holds_the_summary_and_the_matrix(demo_round: Round) -> None:
    office = login("office")
    misses = office.get(reverse("round_misses", args=[demo_round.pk])).context["misses"]
    sheets = _sheets(office.get(reverse("round_misses_xlsx", args=[demo_round.pk])))
    assert list(sheets) == ["未达标指标", "指标×单位得分"]
    headers, body = _table(sheets["未达标指标"], "指标代码")
    assert headers == ("指标代码", "指标名称", "一级指标", "满分", "未达标单位数", "失分合计", "未达标单位")
    assert [(r[0], r[4]) for r in body] == [(i.code, i.count) for i in misses.items]
    assert sheets["未达标指标"][1][0].startswith(SAMPLE)
    headers, body = _table(sheets["指标×单位得分"], "指标代码")
    assert headers[3:] == tuple(name for _c, name in misses.units)
    first = misses.items[0]
    assert body[0][3:] == tuple(c.points if c else None for c in first.cells)


# -- a unit's page -----------------------------------------------------------------------------


def test_the_unit_page_chains_each_item_from_data_to_final_points(demo_round: Round) -> None:
    response = login("office").get(reverse("unit_results", args=[demo_round.pk, YZ]))
    assert response.status_code == 200
    results = response.context["results"]
    unit = current_results(demo_round).unit(YZ)
    assert results.total == unit.total and results.grade == unit.grade and results.rank == unit.rank
    assert [i.code for i in results.items] == [i.code for i in unit.items]
    for line, item in zip(results.items, unit.items, strict=True):
        explanation = item.explanation
        assert line.formula == explanation.formula and line.rule == explanation.rule
        assert line.text == explanation.text and line.points == item.points == line.final
        assert [x.name for x in line.inputs] == [x.name or x.code for x in explanation.inputs]
    previous = previous_results(demo_round)
    assert previous is not None and results.prior_total == previous.unit(YZ).total
    assert [a.prior for a in results.areas] == [a.points for a in previous.unit(YZ).areas]
    radar = response.context["radar"]
    assert len(radar["indicators"]) == 10 and len(radar["series"]) == 2
    page = response.content.decode()
    chain = page.split('<ol class="item-chain">', 1)[1].split("</ol>", 1)[0]
    assert chain.count("<details>") == len(results.items) == chain.count("<summary>")
    assert "条规则条件不成立或数据缺失" in page  # the rules whose condition did not hold, folded
    for step in ("数据", "公式", "标准", "计分", "评审", "认定"):
        assert f"<dt>{step}</dt>" in page
    assert 'data-chart="radar"' in page and SAMPLE in page


def test_the_review_step_names_the_reviewer_and_the_reason(demo_round: Round) -> None:
    review = ReviewedLevel.objects.filter(round=demo_round).exclude(note="").first()
    assert review is not None
    response = login("office").get(reverse("unit_results", args=[demo_round.pk, review.unit_id]))
    line = next(i for i in response.context["results"].items if i.code == review.item)
    (change,) = line.review
    assert (change.after, change.reason, change.author) == (review.level, review.note, review.reviewer)
    section = response.content.decode().split(f'id="item-{review.item}"', 1)[1].split("</details>", 1)[0]
    assert review.note in section and review.reviewer in section


def test_the_unit_workbook_holds_areas_items_and_bonus(demo_round: Round) -> None:
    office = login("office")
    results = office.get(reverse("unit_results", args=[demo_round.pk, YZ])).context["results"]
    sheets = _sheets(office.get(reverse("unit_results_xlsx", args=[demo_round.pk, YZ])))
    assert list(sheets) == ["一级指标", "指标得分", "加分项"]
    headers, body = _table(sheets["一级指标"], "代码")
    assert [(r[0], r[2], r[4]) for r in body] == [(a.code, a.points, a.prior) for a in results.areas]
    headers, body = _table(sheets["指标得分"], "指标代码")
    assert "最终得分" in headers and "评审调整" in headers and "计算公式" in headers
    assert [(r[0], r[headers.index("最终得分")]) for r in body] == [(i.code, i.final) for i in results.items]
    assert "渝中区" in sheets["指标得分"][0][0] and sheets["指标得分"][1][0].startswith(SAMPLE)


def test_a_unit_sees_its_own_results_without_its_rank_until_published(demo_round: Round) -> None:
    RoundUnit.objects.filter(round=demo_round, unit_id=YZ).update(status=Status.SUBMITTED)
    yuzhong = login("yuzhong")
    response = yuzhong.get(reverse("unit_results", args=[demo_round.pk, YZ]))
    assert response.status_code == 200
    results = response.context["results"]
    assert (
        results.rank is None
        and results.prior_rank is None
        and "结果公开前不显示" in response.content.decode()
    )
    assert current_results(demo_round).unit(YZ).rank is not None  # the office would see it
    for name in ("unit_results", "unit_results_xlsx"):
        assert yuzhong.get(reverse(name, args=[demo_round.pk, JB])).status_code == 403
    for name in ("round_results", "round_results_xlsx", "round_misses", "round_misses_xlsx"):
        assert yuzhong.get(reverse(name, args=[demo_round.pk])).status_code == 403
    Round.objects.filter(pk=demo_round.pk).update(published=True)
    assert yuzhong.get(reverse("unit_results", args=[demo_round.pk, YZ])).context["results"].rank is not None


def test_a_school_or_a_unit_outside_the_round_has_no_results_page(demo_round: Round) -> None:
    office = login("office")
    school = Unit.objects.filter(parent_id=JB, level="school").first()
    assert school is not None
    assert office.get(reverse("unit_results", args=[demo_round.pk, school.code])).status_code == 404
    assert office.get(reverse("unit_results", args=[demo_round.pk, "nowhere"])).status_code == 404
    assert Client().get(reverse("unit_results", args=[demo_round.pk, JB])).status_code == 302


# -- the progress board ------------------------------------------------------------------------


def test_the_board_sorts_searches_filters_and_exports_what_it_shows(demo_round: Round) -> None:
    office = login("office")
    url = reverse("round", args=[demo_round.pk])
    by_name = office.get(url, {"sort": "-name"})
    names = [r.entry.unit.name for r in by_name.context["rows"]]
    assert names == sorted(names, reverse=True) and len(names) == 38
    assert 'aria-sort="descending"' in by_name.content.decode()
    found = office.get(url, {"q": "江北"})
    assert [r.entry.unit.code for r in found.context["rows"]] == [JB]
    submitted = office.get(url, {"status": "submitted", "sort": "missing"})
    rows = submitted.context["rows"]
    assert rows and {r.entry.status for r in rows} == {"submitted"}
    assert [r.missing for r in rows] == sorted(r.missing for r in rows)
    bogus = office.get(url, {"sort": "nonsense"})
    assert "未知的排序" in bogus.content.decode() and len(bogus.context["rows"]) == 38
    sheets = _sheets(
        office.get(
            reverse("round_board_xlsx", args=[demo_round.pk]), {"status": "submitted", "sort": "missing"}
        )
    )
    headers, body = _table(sheets["填报进度"], "单位代码")
    assert headers[:3] == ("单位代码", "单位名称", "状态")
    assert [r[0] for r in body] == [r.entry.unit.code for r in rows]
    assert {r[2] for r in body} == {"已提交"} and "筛选" in sheets["填报进度"][0][0]
    assert sheets["填报进度"][1][0].startswith(SAMPLE)
    assert login("jiangbei").get(reverse("round_board_xlsx", args=[demo_round.pk])).status_code == 403


# -- the API ----------------------------------------------------------------------------------


def test_the_api_gives_the_heat_map_s_data_to_the_office_alone(demo_round: Round) -> None:
    office = login("office")
    misses = office.get(reverse("round_misses", args=[demo_round.pk])).context["misses"]
    url = f"/api/rounds/{demo_round.pk}/results/misses"
    body = office.get(url).json()
    assert body["sample"] and not body["frozen"]
    assert [u["code"] for u in body["units"]] == [code for code, _name in misses.units]
    assert [(i["code"], len(i["missed_by"])) for i in body["items"]] == [
        (i.code, i.count) for i in misses.items
    ]
    first = body["items"][0]
    assert first["points"] == [c.points if c else None for c in misses.items[0].cells]
    assert first["lost"] == misses.items[0].lost
    assert login("yuzhong").get(url).status_code == 403


def test_the_results_endpoints_are_tagged_results() -> None:
    paths = api.get_openapi_schema()["paths"]
    for path in (
        "/api/rounds/{round_id}/results",
        "/api/rounds/{round_id}/results/misses",
        "/api/rounds/{round_id}/units/{code}/result",
    ):
        assert paths[path]["get"]["tags"] == ["results"], path


def test_a_closed_round_s_pages_read_its_frozen_results(demo_round: Round) -> None:
    office = login("office")
    office.post(reverse("round_close", args=[demo_round.pk]), {"confirm": demo_round.name})
    demo_round.refresh_from_db()
    assert demo_round.state == Round.State.CLOSED and demo_round.results
    frozen = {u["code"]: u for u in demo_round.results["units"]}
    ranking = office.get(reverse("round_results", args=[demo_round.pk])).context["ranking"]
    assert ranking.frozen and ranking.prior_period == demo_round.period - 1
    misses = office.get(reverse("round_misses", args=[demo_round.pk])).context["misses"]
    assert misses.frozen and len(misses.units) == 38
    unit = office.get(reverse("unit_results", args=[demo_round.pk, YZ]))
    results = unit.context["results"]
    assert results.frozen and results.total == frozen[YZ]["total"]
    assert [(i.code, i.points, i.formula) for i in results.items] == [
        (i["code"], i["points"], i["explanation"]["formula"]) for i in frozen[YZ]["items"]
    ]
    rows = _sheets(office.get(reverse("unit_results_xlsx", args=[demo_round.pk, YZ])))["指标得分"]
    assert "轮次关闭时冻结的结果" in rows[0][0]


def test_the_unit_page_shows_each_logged_review_and_final_change(demo_round: Round, user: Any) -> None:
    from dudao.store.review import services as review

    item = "A1.1.1"  # Yuzhong's, scored from its data: 1 point of 1
    review.set_review_score(
        demo_round, YZ, item, by=user("reviewer"), points=0.5, reason="会议记录不全，只见 2 次"
    )
    review.set_final_score(demo_round, YZ, item, by=user("office"), points=0.8, reason="补交记录后认定 3 次")
    office = login("office")
    response = office.get(reverse("unit_results", args=[demo_round.pk, YZ]))
    line = next(i for i in response.context["results"].items if i.code == item)
    unit = current_results(demo_round).unit(YZ)
    engine_item = unit.item(item)
    # the chain: the engine's explanation and computed points, then the logged changes, then the final
    assert line.formula == engine_item.explanation.formula and line.text == engine_item.explanation.text
    assert line.points == engine_item.computed_points == 1.0 and line.final == engine_item.points == 0.8
    (reviewed,) = line.review
    assert (reviewed.before, reviewed.after) == ("—", "0.5 分")
    logged = {c.layer: c for c in ScoreChange.objects.filter(round=demo_round, unit_id=YZ, item=item)}
    assert reviewed.reason == "会议记录不全，只见 2 次" and reviewed.time
    assert reviewed.author == logged["review"].author_name and "评审专家" in reviewed.author
    assert "评审" in reviewed.layer
    (final,) = line.final_changes
    assert final.after == "0.8 分" and final.reason == "补交记录后认定 3 次"
    assert final.author == logged["final"].author_name
    section = response.content.decode().split(f'id="item-{item}"', 1)[1].split("</details>", 1)[0]
    for text in ("会议记录不全，只见 2 次", "补交记录后认定 3 次", "0.80", "1.00"):
        assert text in section
    rows = _sheets(office.get(reverse("unit_results_xlsx", args=[demo_round.pk, YZ])))["指标得分"]
    headers, body = _table(rows, "指标代码")
    row = next(r for r in body if r[0] == item)
    assert row[headers.index("最终得分")] == 0.8 and row[headers.index("计算得分")] == 1.0
    assert "会议记录不全" in row[headers.index("评审调整")]
