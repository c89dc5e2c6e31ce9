"""The safeguards on closing a round and publishing its results.

Regression (issue 16, part 1, item 8): closing and publishing had no safeguards; a round where
all 38 districts stood at 1.00 不合格 (nobody had entered anything) was closed and published in
one click each. Now closing shows what it freezes and takes the round's name typed in;
publishing implausible results is refused unless the office confirms with a reason; publishing
shows what becomes public; published results can be withdrawn; each step is audited.
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from dudao.store.accounts.models import Unit
from dudao.store.audit.models import Action, AuditEntry
from dudao.store.review.services import confirm_final_scores
from dudao.store.rounds import publication, services
from dudao.store.rounds.guards import findings
from dudao.store.rounds.models import Round, RoundUnit, Status
from dudao.store.rounds.services import RoundRefused
from dudao.web.pages.views.round_states import preview_digest
from tests.web.conftest import login

pytestmark = pytest.mark.django_db

NOT_STARTED = ("500118", "500119")  # the demo's two districts with no data this year


@pytest.fixture
def empty_round(demo_round: Round, user: Any) -> Round:
    """A round opened and left empty: every district would score next to nothing, 不合格."""
    round = services.create_round(
        user("office"),
        name="空轮次",
        scheme=demo_round.scheme,
        scope=Unit.objects.get(code="500000"),
        deadline=timezone.localdate() + timedelta(days=1),
        period=demo_round.period + 1,
    )
    return services.set_state(user("office"), round, Round.State.OPEN)


def test_closing_shows_what_it_freezes_and_needs_the_name_typed(demo_round: Round) -> None:
    office = login("office")
    board = office.get(reverse("round", args=[demo_round.pk])).content.decode()
    assert reverse("round_close", args=[demo_round.pk]) in board
    page = office.get(reverse("round_close", args=[demo_round.pk]))
    html = page.content.decode()
    not_submitted = demo_round.entries.exclude(status="submitted").count()
    assert f"{not_submitted} 个单位尚未提交" in html and "全部单位共缺少" in html
    assert "2 个单位半数以上的指标数据缺失" in html
    assert all(demo_round.entries.get(unit_id=code).unit.name in html for code in NOT_STARTED)
    # One click is not enough: not the board's old button, not a wrong or missing name.
    office.post(reverse("round_state", args=[demo_round.pk]), {"state": "closed"})
    refused = office.post(reverse("round_close", args=[demo_round.pk]), {"confirm": "关闭"})
    assert refused.status_code == 400 and "请输入轮次名称" in refused.content.decode()
    demo_round.refresh_from_db()
    assert demo_round.state == Round.State.OPEN and not demo_round.results
    with pytest.raises(RoundRefused):
        services.set_state(None, demo_round, Round.State.CLOSED)
    done = office.post(reverse("round_close", args=[demo_round.pk]), {"confirm": f" {demo_round.name} "})
    assert done.status_code == 302
    demo_round.refresh_from_db()
    assert demo_round.state == Round.State.CLOSED and demo_round.results
    assert AuditEntry.objects.filter(action=Action.ROUND, after__state="closed", username="office").exists()


def set_final_scores(round: Round, office: Any) -> None:
    """The office confirms the final scores 认定分 of every submitted unit (each item's reviewed or
    computed score), as it does before closing; publishing asks for them."""
    submitted = RoundUnit.objects.filter(round=round, status=Status.SUBMITTED).values_list(
        "unit_id", flat=True
    )
    for code in submitted:
        confirm_final_scores(round, code, by=office)


def publish_form(round: Round, **changes: Any) -> dict[str, Any]:
    """The publishing form as the office sends it after checking the preview of ``changes``."""
    choice = dataclasses.replace(publication.defaults(round), **changes)
    form: dict[str, Any] = {
        "show_grades": "yes" if choice.show_grades else "",
        "show_scores": "yes" if choice.show_scores else "",
        "show_ranking": "yes" if choice.show_ranking else "",
        "documents": list(choice.documents),
        "index_number": choice.index_number,
        "publisher": choice.publisher,
        "written_on": choice.written_on,
        "published_on": choice.published_on,
        "topic": choice.topic,
        "previewed": preview_digest(choice),
        "confirm_publish": "yes",
        "step": "publish",
    }
    return form


def test_implausible_results_are_not_published_without_a_confirmed_reason(
    empty_round: Round, user: Any
) -> None:
    services.close_round(user("office"), empty_round, confirmation="空轮次")  # no unit submitted
    empty_round.refresh_from_db()
    codes = {f.code for f in findings(empty_round, empty_round.results) if f.blocking}
    assert codes == {"all-lowest-grade", "mostly-missing", "same-total"}
    office = login("office")
    url = reverse("round_publish", args=[empty_round.pk])
    page = office.get(url).content.decode()
    assert "公开后任何人都能看到" in page and "预览：公开页面将显示的内容" in page  # what becomes public
    assert "全部 38 个单位都是最低等级“不合格”" in page and "38 个单位半数以上的指标数据缺失" in page
    form = publish_form(empty_round)
    for extra in ({}, {"confirm_findings": "yes"}, {"reason": "确认"}):  # one click, no reason, no tick
        refused = office.post(url, {**form, **extra})
        assert refused.status_code == 400 and "结果看起来不合理" in refused.content.decode()
        empty_round.refresh_from_db()
        assert not empty_round.published
    assert Client().get(reverse("published_round", args=[empty_round.pk])).status_code == 404
    done = office.post(url, {**form, "confirm_findings": "yes", "reason": "测试轮次，仅演示公开页面"})
    assert done.status_code == 302
    empty_round.refresh_from_db()
    assert empty_round.published
    entry = AuditEntry.objects.get(action=Action.ROUND, round=empty_round, after__published=True)
    assert entry.after["reason"] == "测试轮次，仅演示公开页面" and len(entry.after["findings"]) == 3
    assert entry.after["publication"]["index_number"] == form["index_number"]


def test_published_results_can_be_withdrawn_with_a_reason(empty_round: Round, user: Any) -> None:
    services.close_round(user("office"), empty_round, confirmation="空轮次")
    services.publish(user("office"), Round.objects.get(pk=empty_round.pk), confirmed=True, reason="演示")
    office = login("office")
    board = office.get(reverse("round", args=[empty_round.pk])).content.decode()
    assert reverse("round_withdraw", args=[empty_round.pk]) in board
    office.post(reverse("round_withdraw", args=[empty_round.pk]), {"reason": ""})
    assert Round.objects.get(pk=empty_round.pk).published  # no reason, no withdrawal
    office.post(reverse("round_withdraw", args=[empty_round.pk]), {"reason": "数据有误，核实后重新公开"})
    assert not Round.objects.get(pk=empty_round.pk).published
    assert Client().get(reverse("published_round", args=[empty_round.pk])).status_code == 404
    entry = AuditEntry.objects.get(action=Action.ROUND, round=empty_round, after__published=False)
    assert entry.after["reason"] == "数据有误，核实后重新公开" and entry.username == "office"


def test_plausible_results_raise_nothing(demo_round: Round) -> None:
    results = {
        "units": [
            {"name": f"区{n}", "total": 70.0 + n, "grade": "合格", "items": [{"status": "达标"}] * 4}
            for n in range(10)
        ]
    }
    assert findings(demo_round, results) == []
    results["units"][3] = {"name": "区3", "total": 5.0, "grade": "不合格", "items": [{"status": "达标"}] * 4}
    low = findings(demo_round, results)
    assert [(f.code, f.blocking, f.units) for f in low] == [("far-below", False, ("区3",))]
