"""What a unit may learn about the others before publication (the rule in ``dudao.web.access``).

Regression (issue 16, part 1, item 3): the score preview was a ranking oracle. A district editor
bisected a hypothetical value against the rank it showed and read other districts' live totals;
a school editor saw the district's total, grade and rank, which the API refused them.

Now no answer to a unit role, page fragment or API, holds a rank or depends on another unit's
figures, and a school editor gets their school's own values and checks only.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dudao.store.accounts.models import ApiToken, Profile
from dudao.store.entry.models import DataValue
from dudao.store.rounds import engine
from dudao.store.rounds.models import Round, RoundUnit, Status
from dudao.web.demo import JIANGBEI
from tests.web.conftest import login

pytestmark = pytest.mark.django_db

RANK = re.compile(r"第\s*\d+\s*/\s*\d+\s*名|\"rank\":\s*\d")
BUDGETS = ("100000", "150000", "200000", "250000", "300000", "400000")  # a bisection of edu_budget
PUPILS = ("100", "200", "400", "800", "1600", "2400")


def api_client(username: str) -> Client:
    user = Profile.objects.get(user__username=username).user
    _, key = ApiToken.issue(user, "test")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def answers(round: Round, username: str, code: str, element: str, drafts: tuple[str, ...]) -> list[str]:
    """Every answer a unit role gets about ``code`` while bisecting ``element``: the page, the
    preview fragments, the API's preview, result and values."""
    page = login(username)
    api = api_client(username)
    preview = reverse("unit_preview", args=[round.pk, code])
    found = [page.get(reverse("unit", args=[round.pk, code])).content.decode()]
    for draft in drafts:
        found.append(page.post(preview, {f"v-{element}": draft, f"o-{element}": ""}).content.decode())
        body = json.dumps({"values": [{"element": element, "value": float(draft)}]})
        answer = api.post(
            f"/api/rounds/{round.pk}/units/{code}/preview", body, content_type="application/json"
        )
        assert answer.status_code == 200, answer.content
        found.append(answer.content.decode())
    for path in ("result", "values"):
        answer = api.get(f"/api/rounds/{round.pk}/units/{code}/{path}")
        if answer.status_code == 200:
            found.append(answer.content.decode())
    return found


def round_to(number: float) -> float:
    return float(int(number)) or 1.0


def others_change(round: Round, scale: float) -> None:
    """Every other district's counts and amounts move (as other units saving would; yes/no values
    stay 1 or 0), seen by the live round."""
    for value in DataValue.objects.filter(round=round, period=round.period, value__gt=1).exclude(
        unit__path__contains=f"/{JIANGBEI}/"
    ):
        value.value = round_to(value.value * scale)
        value.save()
    engine.forget(round)


def test_a_district_editor_learns_no_rank_and_nothing_that_moves_with_the_others(demo_round: Round) -> None:
    before = answers(demo_round, "jiangbei", JIANGBEI, "edu_budget", BUDGETS)
    assert all(not RANK.search(a) for a in before), [RANK.search(a) for a in before if RANK.search(a)]
    others = [e.unit.name for e in demo_round.entries.exclude(unit_id=JIANGBEI).select_related("unit")]
    assert all(name not in a for a in before for name in others)
    # The same questions after every other district's data changed get the same answers.
    others_change(demo_round, 0.5)
    after = answers(demo_round, "jiangbei", JIANGBEI, "edu_budget", BUDGETS)
    assert after[1:] == before[1:]  # the page itself carries a fresh CSRF token; the rest is equal
    # The office, for whom the ranking is, still sees the rank move.
    office = login("office").post(
        reverse("unit_preview", args=[demo_round.pk, JIANGBEI]),
        {"v-edu_budget": "250000", "o-edu_budget": ""},
    )
    assert RANK.search(office.content.decode())


def test_a_school_editor_sees_only_the_school_not_the_district(demo_round: Round, user: Any) -> None:
    school = Profile.objects.get(user=user("jiangbei-school")).unit
    district_total = engine.current_results(demo_round).unit(JIANGBEI).total
    seen = answers(demo_round, "jiangbei-school", school.code, "kg_enrolled", PUPILS)
    for answer in seen:
        assert not RANK.search(answer)
        assert f"{district_total:.2f}" not in answer and "得分预估" not in answer
    fragment = seen[1]
    assert "本校填报情况" in fragment and "已填" in fragment
    api = json.loads(seen[2])
    assert api["total"] is None and api["grade"] is None and api["rank"] is None and api["areas"] == []
    # The scheme's school checks are the school's own business: a typed value that fails one says so.
    typed = login("jiangbei-school").post(
        reverse("unit_preview", args=[demo_round.pk, school.code]),
        {
            "v-kg_enrolled_public": "500",
            "o-kg_enrolled_public": "",
            "v-kg_enrolled": "10",
            "o-kg_enrolled": "",
        },
    )
    assert "未通过的校验规则" in typed.content.decode()


def test_after_publication_the_rank_is_public_to_the_unit_too(demo_round: Round, user: Any) -> None:
    from dudao.store.rounds import services

    # Only a unit that has submitted is ranked; the demo's Jiangbei is still entering its data.
    before = api_client("jiangbei").get(f"/api/rounds/{demo_round.pk}/units/{JIANGBEI}/result").json()
    assert before["rank"] is None
    RoundUnit.objects.filter(round=demo_round, unit_id=JIANGBEI).update(status=Status.SUBMITTED)
    services.close_round(user("office"), demo_round, confirmation=demo_round.name)
    Round.objects.filter(pk=demo_round.pk).update(published=True)
    result = api_client("jiangbei").get(f"/api/rounds/{demo_round.pk}/units/{JIANGBEI}/result").json()
    assert isinstance(result["rank"], int) and result["unranked"] is None
