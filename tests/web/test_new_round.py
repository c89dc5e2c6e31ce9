"""A round that has just opened, without last year's data: every page works and says what is lacking.

Regression (issue 16, part 1, item 2): a new round whose year held no values gave 500
(``no-data-for-period``) on every unit page, the results page, the summary and the results API,
and unit users landed on it right after logging in.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from dudao.engine.results import MISSING
from dudao.store.accounts.models import Unit
from dudao.store.entry.models import DataValue
from dudao.store.rounds import services
from dudao.store.rounds.models import Round
from dudao.store.rounds.prior import prior_gap
from dudao.web.demo import JIANGBEI
from tests.web.conftest import login

pytestmark = pytest.mark.django_db

GROWTH_ITEM = "A2.2.1"  # 一般公共预算教育经费只增不减: growth(edu_budget), read from last year's value


@pytest.fixture
def new_round(demo_round: Round, user: Any) -> Round:
    """The demo scheme over the same units, a year later, opened with nothing loaded."""
    round = services.create_round(
        user("office"),
        name="2022年度评价（新开）",
        scheme=demo_round.scheme,
        scope=Unit.objects.get(code="500000"),
        deadline=timezone.localdate() + timedelta(days=30),
        period=demo_round.period + 1,
    )
    return services.set_state(user("office"), round, Round.State.OPEN)


def test_a_new_round_without_any_data_serves_every_page(new_round: Round) -> None:
    editor = login("jiangbei")
    landing = editor.get(reverse("home"))
    assert landing["Location"] == reverse("unit", args=[new_round.pk, JIANGBEI])
    page = editor.get(landing["Location"])
    assert page.status_code == 200
    text = page.content.decode()
    assert f"本轮次没有{new_round.period - 1}年的数据" in text and GROWTH_ITEM in text
    assert "请联系督导室导入" in text
    preview = editor.post(reverse("unit_preview", args=[new_round.pk, JIANGBEI]), {})
    assert preview.status_code == 200
    previewed = re.search(r'data-total="([0-9.]+)"', preview.content.decode())
    assert previewed is not None and float(previewed.group(1)) < 5  # next to nothing is scored yet

    office = login("office")
    board = office.get(reverse("round", args=[new_round.pk])).content.decode()
    assert f"本轮次没有{new_round.period - 1}年的数据" in board
    assert reverse("exchange", args=[new_round.pk]) in board
    results = office.get(reverse("round_results", args=[new_round.pk]))
    assert results.status_code == 200 and "本轮次没有" in results.content.decode()
    api = office.get(f"/api/rounds/{new_round.pk}/results")
    assert api.status_code == 200 and len(api.json()["units"]) == 38
    summary = office.get(reverse("summary_document", args=[new_round.pk, "html"]))
    assert summary.status_code == 200
    own = editor.get(f"/api/rounds/{new_round.pk}/units/{JIANGBEI}/result")
    assert own.status_code == 200 and own.json()["total"] == float(previewed.group(1))


def test_without_last_year_growth_items_are_missing_and_the_rest_scores(new_round: Round) -> None:
    editor = login("jiangbei")
    saved = editor.post(
        reverse("unit_save", args=[new_round.pk, JIANGBEI]),
        {
            "v-edu_budget": "251060",
            "o-edu_budget": "",
            "v-edu_group_meetings": "6",
            "o-edu_group_meetings": "",
        },
    )
    assert saved.status_code == 302
    result = login("office").get(f"/api/rounds/{new_round.pk}/units/{JIANGBEI}/result").json()
    items = {i["code"]: i for i in result["items"]}
    assert items[GROWTH_ITEM]["status"] == MISSING and items[GROWTH_ITEM]["points"] == 0
    assert result["total"] > 0  # the figures of this year count
    gap = prior_gap(new_round)
    assert gap is not None and gap.years == (new_round.period - 1,)
    assert GROWTH_ITEM in {i.code for i in gap.items}


def test_with_last_year_loaded_the_pages_say_nothing(new_round: Round, demo_round: Round) -> None:
    DataValue.objects.bulk_create(
        DataValue(round=new_round, unit_id=v.unit_id, element=v.element, period=v.period, value=v.value)
        for v in DataValue.objects.filter(round=demo_round, period=demo_round.period)
    )
    assert prior_gap(new_round) is None
    page = login("jiangbei").get(reverse("unit", args=[new_round.pk, JIANGBEI])).content.decode()
    assert "本轮次没有" not in page
