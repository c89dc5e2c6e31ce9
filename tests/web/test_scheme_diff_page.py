"""The office compares two stored scheme versions in the browser's page (and only the office)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from dudao.store.rounds import services
from dudao.store.rounds.models import Round, SchemeVersion
from tests.engine.test_scheme_diff import second_version
from tests.web.conftest import login

pytestmark = pytest.mark.django_db


def test_the_office_compares_a_new_version_with_the_one_before(demo_round: Round, user: Any) -> None:
    old = demo_round.scheme
    new = services.store_scheme(user("office"), second_version(), "v2.yaml")
    office = login("office")
    listing = office.get(reverse("schemes")).content.decode()
    link = f"{reverse('scheme_diff')}?old={old.pk}&amp;new={new.pk}"
    assert link in listing  # the new version links to its comparison with the one before
    page = office.get(reverse("scheme_diff"), {"old": old.pk, "new": new.pk})
    html = page.content.decode()
    assert page.status_code == 200
    assert "分值调整 6 处；标准修改 1 处" in html
    assert "<del>区委教育工作领导小组会议次数：≥ 4</del>" in html
    assert "<ins>区委教育工作领导小组会议次数：≥ 6</ins>" in html
    assert "<del>8</del>" in html and "<ins>9</ins>" in html  # area A1
    proposed = office.get(reverse("scheme_diff")).content.decode()  # no choice: the newest pair
    assert "分值调整 6 处" in proposed


def test_a_version_that_does_not_exist_is_named(demo_round: Round) -> None:
    page = login("office").get(reverse("scheme_diff"), {"old": demo_round.scheme.pk, "new": 999})
    assert page.status_code == 400
    assert "没有编号为 999 的方案版本；请从列表中选择" in page.content.decode()
    assert SchemeVersion.objects.count() == 1


def test_units_and_reviewers_may_not_compare(demo_round: Round) -> None:
    for username in ("jiangbei", "reviewer"):
        assert login(username).get(reverse("scheme_diff")).status_code == 403
