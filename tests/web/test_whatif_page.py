"""The office re-scores a closed round under another scheme version: who moves and why, beside
the frozen results, which stay as they were."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from dudao.store.rounds import services
from dudao.store.rounds.models import Round
from tests.engine.test_scheme_diff import second_version
from tests.web.conftest import login
from tests.web.test_close_and_publish import set_final_scores

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(demo_round: Round, user: Any) -> Round:
    set_final_scores(demo_round, user("office"))
    return services.close_round(user("office"), demo_round, confirmation=demo_round.name)


def test_a_closed_round_under_another_version(closed: Round, user: Any) -> None:
    frozen = closed.results
    version = services.store_scheme(user("office"), second_version(), "v2.yaml")
    office = login("office")
    results_page = office.get(reverse("round_results", args=[closed.pk])).content.decode()
    assert reverse("round_whatif", args=[closed.pk]) in results_page
    page = office.get(reverse("round_whatif", args=[closed.pk]), {"scheme": version.pk})
    html = page.content.decode()
    assert page.status_code == 200
    assert "示例数据" in html  # the demo round's figures are labelled as samples
    assert "冻结的结果不会改变" in html and "个单位的总分、名次或等级变动" in html
    assert "A1.1.1 区委教育工作领导小组每年至少召开4次会议研究教育工作" in html
    closed.refresh_from_db()
    assert closed.results == frozen  # nothing stored


def test_a_bad_version_is_named_and_units_may_not_try(closed: Round) -> None:
    page = login("office").get(reverse("round_whatif", args=[closed.pk]), {"scheme": 999})
    assert page.status_code == 400 and "没有编号为 999 的方案版本" in page.content.decode()
    assert login("jiangbei").get(reverse("round_whatif", args=[closed.pk])).status_code == 403
