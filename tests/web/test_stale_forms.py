"""Stale forms: every field the entry form edits is refused, not overwritten, when someone changed it
after the page was loaded; the person sees what is stored and keeps theirs or takes it.

Regression (issue 16, part 1, item 4): a value's comment (its original was not compared) and a
narrative (no version at all) were overwritten silently by an older page; only the value itself
was protected. The main save button also ignored the narratives typed on the page.
"""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from dudao.store.accounts.models import ApiToken, Profile
from dudao.store.audit.models import Action, AuditEntry
from dudao.store.entry.models import DataValue, Narrative, SelfScore
from dudao.store.entry.stale import digest
from dudao.store.rounds.models import Round
from dudao.web.demo import JIANGBEI
from tests.web.conftest import login

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
ITEM = "A1.2.1"  # a rubric item of area A1


def save_url(round: Round) -> str:
    return reverse("unit_save", args=[round.pk, JIANGBEI])


def value_row(round: Round, element: str) -> DataValue:
    return DataValue.objects.get(round=round, unit_id=JIANGBEI, element=element, period=round.period)


def hidden(html: str, name: str) -> str:
    found = re.search(rf'name="{re.escape(name)}" value="([^"]*)"', html)
    assert found, name
    return found.group(1)


def test_a_comment_changed_meanwhile_is_not_overwritten(demo_round: Round) -> None:
    row = value_row(demo_round, "audit_issues")
    shown = f"{row.value:g}"
    mine = login("jiangbei")
    form = {"v-audit_issues": shown, "o-audit_issues": shown, "oc-audit_issues": row.comment}
    # Someone else notes the source first; the page loaded before still shows the old comment.
    assert (
        login("jiangbei").post(save_url(demo_round), {**form, "c-audit_issues": "审计局报告"}).status_code
        == 302
    )
    refused = mine.post(save_url(demo_round), {**form, "c-audit_issues": "区审计报告第3页"})
    assert refused.status_code == 200
    html = refused.content.decode()
    assert "备注：审计局报告" in html and "您的修改未保存" in html
    assert "区审计报告第3页" in html  # what was typed stays in the page
    assert 'data-comment-target="c-audit_issues" data-comment="审计局报告"' in html
    assert value_row(demo_round, "audit_issues").comment == "审计局报告"
    # Saving again keeps mine knowingly: the page now carries the stored comment as its original.
    assert hidden(html, "oc-audit_issues") == "审计局报告"
    again = mine.post(
        save_url(demo_round), {**form, "oc-audit_issues": "审计局报告", "c-audit_issues": "区审计报告第3页"}
    )
    assert again.status_code == 302 and value_row(demo_round, "audit_issues").comment == "区审计报告第3页"


def test_a_narrative_changed_meanwhile_is_not_overwritten(demo_round: Round) -> None:
    stored = Narrative.objects.get(round=demo_round, unit_id=JIANGBEI, area="A1").text
    page = login("jiangbei").get(reverse("unit", args=[demo_round.pk, JIANGBEI])).content.decode()
    original = hidden(page, "on-A1")
    assert original == digest(stored)
    # A colleague saves the narrative from another page …
    other = login("jiangbei").post(
        reverse("unit_narrative", args=[demo_round.pk, JIANGBEI]),
        {"area": "A1", "n-A1": "同事改写的自评说明", "on-A1": original},
        **HTMX,
    )
    assert other.status_code == 200
    # … and the older page's main save is refused for it, keeping both texts on the page.
    mine = login("jiangbei")
    refused = mine.post(save_url(demo_round), {"n-A1": "我写的自评说明\r\n第二段", "on-A1": original}, **HTMX)
    assert refused.status_code == 422
    html = refused.content.decode()
    assert "自评说明已被 jiangbei 于" in html and "同事改写的自评说明" in html and "我写的自评说明" in html
    assert 'data-take="n-A1"' in html and "采用现存内容" in html
    assert Narrative.objects.get(round=demo_round, unit_id=JIANGBEI, area="A1").text == "同事改写的自评说明"
    assert hidden(html, "on-A1") == digest("同事改写的自评说明")
    # Keeping mine: save again from the page as it now is.
    kept = mine.post(
        save_url(demo_round), {"n-A1": "我写的自评说明\r\n第二段", "on-A1": hidden(html, "on-A1")}
    )
    assert kept.status_code == 302
    assert (
        Narrative.objects.get(round=demo_round, unit_id=JIANGBEI, area="A1").text == "我写的自评说明\n第二段"
    )


def test_a_self_score_changed_meanwhile_is_not_overwritten(demo_round: Round) -> None:
    url = reverse("unit_self_score", args=[demo_round.pk, JIANGBEI])
    before = SelfScore.objects.filter(round=demo_round, unit_id=JIANGBEI, item=ITEM).first()
    shown = before.level if before else ""
    assert (
        login("jiangbei").post(url, {"item": ITEM, f"s-{ITEM}": "良", f"os-{ITEM}": shown}).status_code == 302
    )
    refused = login("jiangbei").post(url, {"item": ITEM, f"s-{ITEM}": "优", f"os-{ITEM}": shown}, **HTMX)
    assert refused.status_code == 422
    html = refused.content.decode()
    assert "自评等级已被 jiangbei 于" in html and "改为“良”" in html and "采用现存等级" in html
    assert SelfScore.objects.get(round=demo_round, unit_id=JIANGBEI, item=ITEM).level == "良"


def test_the_main_save_saves_narratives_and_self_scores_with_the_values(demo_round: Round) -> None:
    narrative = Narrative.objects.get(round=demo_round, unit_id=JIANGBEI, area="A2").text
    form = {
        "v-edu_budget": "251060",
        "o-edu_budget": "",
        "n-A2": narrative + "\n补充：经费逐年增长。",
        "on-A2": digest(narrative),
        f"s-{ITEM}": "良",
        f"os-{ITEM}": "",
    }
    response = login("jiangbei").post(save_url(demo_round), form, **HTMX)
    assert response.status_code == 200 and "已保存 3 项" in response.content.decode()
    assert value_row(demo_round, "edu_budget").value == 251060
    assert Narrative.objects.get(round=demo_round, unit_id=JIANGBEI, area="A2").text.endswith("逐年增长。")
    assert SelfScore.objects.get(round=demo_round, unit_id=JIANGBEI, item=ITEM).level == "良"
    assert AuditEntry.objects.filter(action=Action.NARRATIVE, target="A2").count() == 1
    # The answer swaps in the narratives with their new originals, so the next save is not stale.
    assert hidden(response.content.decode(), "on-A2") == digest(narrative + "\n补充：经费逐年增长。")


def test_one_bad_field_saves_nothing_and_keeps_every_typed_text(demo_round: Round) -> None:
    narrative = Narrative.objects.get(round=demo_round, unit_id=JIANGBEI, area="A2").text
    form = {"v-edu_budget": "abc", "o-edu_budget": "", "n-A2": "新写的说明", "on-A2": digest(narrative)}
    response = login("jiangbei").post(save_url(demo_round), form, **HTMX)
    assert response.status_code == 422
    assert "新写的说明" in response.content.decode() and "不是数字" in response.content.decode()
    assert Narrative.objects.get(round=demo_round, unit_id=JIANGBEI, area="A2").text == narrative


def test_an_unchanged_narrative_sent_with_crlf_is_no_change(demo_round: Round) -> None:
    stored = "第一段。\n第二段。"
    Narrative.objects.filter(round=demo_round, unit_id=JIANGBEI, area="A3").update(text=stored)
    browser = stored.replace("\n", "\r\n")  # what a textarea sends
    response = login("jiangbei").post(save_url(demo_round), {"n-A3": browser, "on-A3": digest(stored)}, **HTMX)
    assert "没有需要保存的修改" in response.content.decode()
    assert not AuditEntry.objects.filter(action=Action.NARRATIVE, target="A3").exists()


def test_the_api_refuses_a_stale_comment(demo_round: Round) -> None:
    user = Profile.objects.get(user__username="jiangbei").user
    _, key = ApiToken.issue(user, "test")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    url = f"/api/rounds/{demo_round.pk}/units/{JIANGBEI}/values"
    row = value_row(demo_round, "audit_issues")
    first = {"element": "audit_issues", "value": row.value, "comment": "甲", "original_comment": row.comment}
    assert (
        client.put(url, json.dumps({"values": [first]}), content_type="application/json").status_code == 200
    )
    late = {**first, "comment": "乙"}  # read before 甲 was saved
    refused = client.put(url, json.dumps({"values": [late]}), content_type="application/json")
    assert refused.status_code == 409
    body = refused.json()["error"]
    assert body["code"] == "stale" and body["field"] == "audit_issues" and "备注：甲" in body["message"]
    assert value_row(demo_round, "audit_issues").comment == "甲"
