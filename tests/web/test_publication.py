"""Publication 结果公开 in the web: the office's choice, the preview that is the public page, the
disclosure metadata, the documents it publishes, withdrawal, and that nothing unpublished reaches
the public.

Issue 14, item 6. The last test walks every URL the site has (the URL resolver, the admin and the
API included), logged out and as the public account, against a round not published, published
and withdrawn: only the public pages of the published round answer 200.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from dudao.store.entry.models import Blob, Evidence
from dudao.store.review.services import confirm_final_scores
from dudao.store.rounds import publication, services
from dudao.store.rounds.models import Publication, Round
from tests.web.conftest import login
from tests.web.test_close_and_publish import publish_form, set_final_scores

pytestmark = pytest.mark.django_db

REASON = {"confirm_findings": "yes", "reason": "两个区县未开始填报，已核实"}  # the demo's findings


@pytest.fixture
def closed(demo_round: Round, user: Any) -> Round:
    """The demo round closed once the office confirmed every submitted unit's final scores."""
    set_final_scores(demo_round, user("office"))
    return services.close_round(user("office"), demo_round, confirmation=demo_round.name)


def public_part(html: str) -> str:
    """The public page's own part (``dudao/public/_page.html``) of a page."""
    found = re.search(r'<div class="public-page">.*?</div><!-- /public-page -->', html, re.S)
    assert found, "no public part on the page"
    return found.group(0)


def test_the_preview_is_the_public_page_as_chosen(closed: Round) -> None:
    office = login("office")
    url = reverse("round_publish", args=[closed.pk])
    chosen = {"show_scores": False, "show_ranking": False}
    form = publish_form(closed, **chosen)
    preview = office.post(url, {**form, "step": "preview"})
    assert preview.status_code == 200
    shown = public_part(preview.content.decode())
    assert ">等级</th>" in shown and ">总分</th>" not in shown and ">排名</th>" not in shown
    assert "索引号" in shown and form["index_number"] in shown and "教育/教育督导" in shown
    done = office.post(url, {**form, **REASON})
    assert done.status_code == 302, done.content.decode()[:2000]
    page = Client().get(reverse("published_round", args=[closed.pk]))
    assert page.status_code == 200
    # The public sees exactly the preview, the documents' links live now.
    expected = shown.replace("<span>DOCX</span>", "").replace("<span>PDF</span>", "")
    actual = re.sub(r'<a href="[^"]*">(DOCX|PDF)</a>', "", public_part(page.content.decode()))
    assert actual == expected
    totals = [u["total"] for u in closed.results["units"]]
    assert not any(f"{t:.2f}" in actual for t in totals if t)


def test_a_choice_changed_after_its_preview_shows_the_new_preview_first(closed: Round) -> None:
    office = login("office")
    url = reverse("round_publish", args=[closed.pk])
    previewed = publish_form(closed)
    changed = {**previewed, "show_ranking": "", **REASON}  # the ranking unticked after the preview
    refused = office.post(url, changed)
    assert refused.status_code == 400 and "公开的选项已更改" in refused.content.decode()
    assert ">排名</th>" not in public_part(refused.content.decode())
    assert not Round.objects.get(pk=closed.pk).published
    unconfirmed = office.post(url, {**previewed, **REASON, "confirm_publish": ""})
    assert unconfirmed.status_code == 400 and "请核对预览，并勾选" in unconfirmed.content.decode()
    assert not Round.objects.get(pk=closed.pk).published


def test_metadata_problems_are_shown_at_their_fields_and_nothing_is_published(closed: Round) -> None:
    office = login("office")
    url = reverse("round_publish", args=[closed.pk])
    form = {**publish_form(closed, index_number="12号", published_on="2999-01-01"), **REASON}
    refused = office.post(url, form)
    html = refused.content.decode()
    assert refused.status_code == 400
    assert "索引号“12号”不符合格式，应如“500000/2026-00001”" in html
    assert "发布日期2999-01-01晚于今天" in html and 'href="#published_on"' in html
    assert not Round.objects.get(pk=closed.pk).published and not Publication.objects.exists()


def test_the_public_page_carries_the_metadata_and_the_chosen_documents(closed: Round) -> None:
    office = login("office")
    form = publish_form(
        closed, documents=("feedback",), publisher="重庆市人民政府教育督导室", topic="教育/基础教育"
    )
    assert office.post(reverse("round_publish", args=[closed.pk]), {**form, **REASON}).status_code == 302
    visitor = Client()
    html = visitor.get(reverse("published_round", args=[closed.pk])).content.decode()
    stored = Publication.objects.get(round=closed)
    for shown in (
        stored.index_number,
        "重庆市人民政府教育督导室",
        "教育/基础教育",
        stored.written_on.isoformat(),
    ):
        assert shown in html
    listed = visitor.get(reverse("published")).content.decode()
    assert stored.index_number in listed and stored.published_on.isoformat() in listed
    letter = reverse("public_feedback", args=[closed.pk, "500105", "docx"])
    assert letter in html and "江北区 督导意见书" in html
    answer = visitor.get(letter)
    assert answer.status_code == 200 and answer["Content-Type"].startswith("application/vnd.openxml")
    assert "500105-feedback.docx" in answer["Content-Disposition"]
    summary = reverse("public_summary", args=[closed.pk, "docx"])
    assert summary not in html and visitor.get(summary).status_code == 404  # not chosen
    assert visitor.get(reverse("public_feedback", args=[closed.pk, "500105", "html"])).status_code == 404
    assert visitor.get(reverse("public_feedback", args=[closed.pk, "500199", "docx"])).status_code == 404


def test_withdrawing_hides_everything_again(closed: Round) -> None:
    office = login("office")
    form = publish_form(closed, documents=("summary", "feedback"))
    assert office.post(reverse("round_publish", args=[closed.pk]), {**form, **REASON}).status_code == 302
    urls = [
        reverse("published_round", args=[closed.pk]),
        reverse("public_summary", args=[closed.pk, "docx"]),
        reverse("public_feedback", args=[closed.pk, "500105", "docx"]),
        f"/api/public/rounds/{closed.pk}/results",
    ]
    visitor = Client()
    assert [visitor.get(u).status_code for u in urls] == [200] * 4
    assert closed.name in visitor.get(reverse("published")).content.decode()
    office.post(reverse("round_withdraw", args=[closed.pk]), {"reason": "数据更正"})
    assert [visitor.get(u).status_code for u in urls] == [404] * 4
    assert closed.name not in visitor.get(reverse("published")).content.decode()
    assert closed.name not in visitor.get("/api/public/rounds").content.decode()


def test_missing_final_scores_are_listed_and_refuse_publishing(demo_round: Round, user: Any) -> None:
    office_user = user("office")
    first = demo_round.entries.filter(status="submitted").order_by("unit_id").first()
    assert first is not None
    confirm_final_scores(demo_round, first.unit_id, by=office_user)  # one unit's confirmed, the others' not
    round = services.close_round(office_user, demo_round, confirmation=demo_round.name)
    missing = publication.unfinished_final_scores(round)
    assert missing and first.unit_id not in {code for code, _ in missing}
    code, item = missing[0]
    name = round.entries.get(unit_id=code).unit.name
    office = login("office")
    url = reverse("round_publish", args=[round.pk])
    html = office.get(url).content.decode()
    assert "尚有指标没有认定分，不能公开" in html and f"{name}（{code}）的指标 {item} 尚无认定分" in html
    refused = office.post(url, {**publish_form(round), **REASON})
    assert refused.status_code == 400 and "尚无认定分" in refused.content.decode()
    assert not Round.objects.get(pk=round.pk).published


# -- nothing unpublished reaches the public ----------------------------------------------------------

# The public pages of a published round; every other URL naming a round must not answer 200.
PUBLIC_OF_A_ROUND = {"published_round", "public_feedback", "published_results"}
VALUES = {
    "code": "500105",
    "element": "edu_budget",
    "kind": "feedback",
    "format": "docx",
    "token_id": "1",
    "app_label": "rounds",
    "object_id": "1",
    "content_type_id": "1",
    "uidb64": "MQ",
    "token": "x",
    "url": "x",
}


def _routes(resolver: URLResolver, prefix: str = "") -> list[tuple[str, str]]:
    found = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            found += _routes(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            found.append((prefix + str(pattern.pattern), pattern.name or ""))
    return found


def _url(route: str, round: Round, evidence: int) -> str | None:
    """The route with its arguments filled in; None for a pattern that is a regular expression."""
    if route.startswith("^") or "^" in route or "(?P" in route:
        return None

    def value(match: re.Match[str]) -> str:
        name = match.group(1).split(":")[-1]
        if name == "round_id":
            return str(round.pk)
        if name == "evidence_id":
            return str(evidence)
        return VALUES.get(name, "x")

    return "/" + re.sub(r"<([^>]+)>", value, route)


def _publish(round: Round, user: Any) -> None:
    choice = dataclasses.replace(publication.defaults(round), documents=("feedback",))  # not the summary
    services.publish(user("office"), round, choice=choice, confirmed=True, reason="核实")


@pytest.mark.parametrize("state", ["not published", "published", "withdrawn"])
def test_nothing_unpublished_answers_the_public(state: str, closed: Round, user: Any) -> None:
    if state != "not published":
        _publish(closed, user)
    if state == "withdrawn":
        services.withdraw(user("office"), Round.objects.get(pk=closed.pk), reason="更正")
    blob, _ = Blob.objects.get_or_create(
        sha256="1" * 64, defaults={"size": 9, "kind": "pdf", "content_type": "application/pdf"}
    )
    evidence = Evidence.objects.create(
        round=closed, unit_id="500105", item="A1.1.1", blob=blob, filename="x.pdf"
    )
    public_user = user("public")
    routes = _routes(get_resolver())
    assert {"published_round", "public_summary", "public_feedback", "published_results", "publish"} <= {
        n for _, n in routes
    }
    wrong = []
    asked = 0
    for route, name in routes:
        url = _url(route, closed, evidence.pk)
        if url is None:
            continue
        for account in ("anonymous", "public"):
            for method in ("get", "post"):
                client = Client()
                if account == "public":
                    client.force_login(public_user)
                response = getattr(client, method)(url)
                asked += 1
                if response.streaming:
                    b"".join(response.streaming_content)
                status = response.status_code
                names_round = "round_id" in route
                may = state == "published" and name in PUBLIC_OF_A_ROUND and method == "get"
                if names_round and status == 200 and not may:
                    wrong.append(f"{method.upper()} {url} as {account}: 200")
                if names_round and may and status != 200:
                    wrong.append(f"{method.upper()} {url} as {account}: {status}, not 200")
                if not names_round and status == 200 and state != "published":
                    body = b"" if response.streaming else response.content
                    if closed.name.encode() in body:
                        wrong.append(f"{method.upper()} {url} as {account} names the round")
    assert asked > 200
    assert wrong == []
