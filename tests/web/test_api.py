"""The JSON API's happy paths, with a token client and with a browser session."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from dudao.store.accounts.models import ApiToken
from dudao.store.audit.models import Action, AuditEntry
from dudao.store.entry.models import DataValue, Evidence
from dudao.store.rounds import engine
from dudao.store.rounds import services as round_services
from dudao.store.rounds.models import Round, RoundUnit, Status
from dudao.web.demo import JIANGBEI, LEFT_TO_FILL
from tests.web.test_close_and_publish import set_final_scores

from .conftest import login

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
CSRF = "a" * 32  # a CSRF secret as Django's cookie holds it


@pytest.fixture(autouse=True)
def _static_root() -> None:
    """WhiteNoise warns (an error here) when the static root is missing; tests never collect it."""
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


def token_client(user: Any) -> Client:
    """A machine client sending ``Authorization: Bearer <key>``."""
    _token, key = ApiToken.issue(user, "tests")
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def csrf_client(username: str) -> Client:
    """A browser session that enforces CSRF; its writes must send ``X-CSRFToken``."""
    client = Client(enforce_csrf_checks=True)
    assert client.login(username=username, password="dudao-demo-2022")
    client.cookies["csrftoken"] = CSRF
    return client


def put_json(client: Client, url: str, body: object, **extra: Any) -> Any:
    return client.put(url, json.dumps(body), content_type="application/json", **extra)


def post_json(client: Client, url: str, body: object, **extra: Any) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json", **extra)


def unit_url(round: Round, code: str = JIANGBEI) -> str:
    return f"/api/rounds/{round.pk}/units/{code}"


# -- rounds ----------------------------------------------------------------------------------


def test_rounds_listed_per_role(demo_round: Round, user: Any) -> None:
    office = token_client(user("office")).get("/api/rounds")
    assert office.status_code == 200
    listed = office.json()
    assert [r["id"] for r in listed] == [demo_round.pk]
    first = listed[0]
    assert first["name"] == demo_round.name
    assert set(first["scheme"]) == {"code", "version", "title"}
    assert first["period"] == 2021 and first["state"] == "open" and first["published"] is False
    assert isinstance(first["days_left"], int)

    assert [r["id"] for r in token_client(user("jiangbei")).get("/api/rounds").json()] == [demo_round.pk]
    assert [r["id"] for r in login("jiangbei").get("/api/rounds").json()] == [demo_round.pk]
    assert Client().get("/api/rounds").status_code == 401
    # A signed-in account of the public role is known but may not see rounds in progress.
    assert token_client(user("public")).get("/api/rounds").status_code == 403


def test_one_round(demo_round: Round, user: Any) -> None:
    found = token_client(user("reviewer")).get(f"/api/rounds/{demo_round.pk}")
    assert found.status_code == 200
    assert found.json()["scope"]["code"] == demo_round.scope.code


def test_units_listed_as_far_as_visible(demo_round: Round, user: Any) -> None:
    office = token_client(user("office")).get(f"/api/rounds/{demo_round.pk}/units").json()
    assert len(office) == 38
    assert all(u["missing"] is None for u in office)
    assert {u["code"] for u in office if u["status"] == "not_started"} == {"500118", "500119"}

    own = token_client(user("jiangbei")).get(f"/api/rounds/{demo_round.pk}/units?with_missing=true").json()
    assert [(u["code"], u["status"]) for u in own] == [(JIANGBEI, "in_progress")]
    assert own[0]["missing"] == len(LEFT_TO_FILL)

    reviewer = token_client(user("reviewer")).get(f"/api/rounds/{demo_round.pk}/units").json()
    assert sorted(u["code"] for u in reviewer) == ["500103", "500104", "500106"]


# -- values ----------------------------------------------------------------------------------


def test_values_read(demo_round: Round, user: Any) -> None:
    answer = token_client(user("jiangbei")).get(f"{unit_url(demo_round)}/values")
    assert answer.status_code == 200
    body = answer.json()
    assert body["period"] == demo_round.period and body["status"] == "in_progress"
    values = {v["element"]: v for v in body["values"]}
    assert set(LEFT_TO_FILL) <= set(values)
    budget = values["edu_budget"]
    assert budget["value"] is None and budget["last_year"] is not None and budget["name"]
    filled = [v for v in values.values() if v["value"] is not None]
    assert filled and all(isinstance(v["value"], float) for v in filled)

    earlier = token_client(user("jiangbei")).get(f"{unit_url(demo_round)}/values?period=2020").json()
    assert earlier["period"] == 2020
    assert {v["element"]: v["value"] for v in earlier["values"]}["edu_budget"] == budget["last_year"]


def test_values_round_trip_with_history(demo_round: Round, user: Any) -> None:
    client = token_client(user("jiangbei"))
    saved = put_json(
        client,
        f"{unit_url(demo_round)}/values",
        {"values": [{"element": "edu_budget", "value": "234,567", "comment": "决算数", "original": None}]},
    )
    assert saved.status_code == 200, saved.content
    assert saved.json() == {"changed": ["edu_budget"], "unchanged": [], "warnings": {}}

    values = {v["element"]: v for v in client.get(f"{unit_url(demo_round)}/values").json()["values"]}
    assert values["edu_budget"]["value"] == 234567.0
    assert values["edu_budget"]["comment"] == "决算数"
    assert values["edu_budget"]["updated_by"] == "jiangbei"

    history = DataValue.history.filter(round=demo_round, unit_id=JIANGBEI, element="edu_budget")
    assert history.filter(value=234567.0, history_user__username="jiangbei").exists()
    audit = AuditEntry.objects.filter(action=Action.VALUE, unit_id=JIANGBEI, target="edu_budget").first()
    assert audit is not None and audit.after == {"value": 234567.0, "comment": "决算数"}

    again = put_json(
        client, f"{unit_url(demo_round)}/values", {"values": [{"element": "edu_budget", "value": 234567}]}
    )
    assert again.json() == {"changed": [], "unchanged": ["edu_budget"], "warnings": {}}


def test_session_writes_need_csrf(demo_round: Round) -> None:
    client = csrf_client("jiangbei")
    body = {"values": [{"element": "edu_budget", "value": 100}]}
    refused = put_json(client, f"{unit_url(demo_round)}/values", body)
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "csrf_failed"
    saved = put_json(client, f"{unit_url(demo_round)}/values", body, HTTP_X_CSRFTOKEN=CSRF)
    assert saved.status_code == 200, saved.content
    assert saved.json()["changed"] == ["edu_budget"]
    assert client.get(f"{unit_url(demo_round)}/values").status_code == 200  # reads need no CSRF


def test_preview_moves_with_edu_budget(demo_round: Round, user: Any) -> None:
    client = token_client(user("jiangbei"))
    url = f"{unit_url(demo_round)}/preview"
    before = post_json(client, url, {"values": []})
    assert before.status_code == 200, before.content
    shown = before.json()
    assert shown["unit"] == {"code": JIANGBEI, "name": shown["unit"]["name"]}
    assert shown["rank"] is None and shown["of"] is None  # the office's until published
    ranked = post_json(token_client(user("office")), url, {"values": []}).json()
    # Jiangbei has not submitted: placed where it would stand among the ranked districts and itself.
    of = 1 + sum(1 for u in engine.current_results(demo_round).units if u.rank is not None)
    assert ranked["of"] == of < 38 and 1 <= ranked["rank"] <= of and ranked["total"] == shown["total"]
    assert shown["areas"] and set(shown["areas"][0]) == {"code", "name", "points", "max"}
    last_year = {v["element"]: v for v in client.get(f"{unit_url(demo_round)}/values").json()["values"]}
    budget = last_year["edu_budget"]["last_year"]
    after = post_json(client, url, {"values": [{"element": "edu_budget", "value": budget * 1.5}]}).json()
    assert after["total"] != shown["total"]
    stored = DataValue.objects.filter(unit_id=JIANGBEI, element="edu_budget", period=demo_round.period)
    assert not stored.filter(value__isnull=False).exists()  # a preview saves nothing


def test_preview_for_a_school_scores_its_district(demo_round: Round, user: Any) -> None:
    school = user("jiangbei-school").profile.unit
    answer = post_json(
        token_client(user("jiangbei-school")), f"{unit_url(demo_round, school.code)}/preview", {}
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["unit"]["code"] == JIANGBEI
    assert answer.json()["total"] is None and answer.json()["areas"] == []  # not the school editor's
    district = post_json(token_client(user("jiangbei")), f"{unit_url(demo_round, school.code)}/preview", {})
    assert district.json()["total"] is not None  # the district's editor sees the district's score


def test_submit_and_return(demo_round: Round, user: Any) -> None:
    editor = token_client(user("jiangbei"))
    values = {v["element"]: v for v in editor.get(f"{unit_url(demo_round)}/values").json()["values"]}
    fill = [{"element": code, "value": values[code]["last_year"]} for code in LEFT_TO_FILL]
    assert put_json(editor, f"{unit_url(demo_round)}/values", {"values": fill}).status_code == 200

    submitted = token_client(user("jiangbei-approver")).post(f"{unit_url(demo_round)}/submit")
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == "submitted" and submitted.json()["submitted_at"]
    assert RoundUnit.objects.get(round=demo_round, unit_id=JIANGBEI).status == Status.SUBMITTED

    returned = post_json(
        token_client(user("office")),
        f"{unit_url(demo_round)}/return",
        {"fields": {"edu_budget": "与决算数不一致"}},
    )
    assert returned.status_code == 200, returned.content
    assert returned.json()["status"] == "returned"
    assert returned.json()["returned"] == {"edu_budget": "与决算数不一致"}


# -- evidence --------------------------------------------------------------------------------


def test_evidence_upload_and_list(demo_round: Round, user: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    client = token_client(user("jiangbei"))
    item = demo_round_item(client, demo_round)
    uploaded = client.post(f"{unit_url(demo_round)}/evidence", {"item": item, "file": named("决算.pdf", PDF)})
    assert uploaded.status_code == 201, uploaded.content
    body = uploaded.json()
    assert body["kind"] == "pdf" and body["size"] == len(PDF) and body["filename"] == "决算.pdf"
    assert body["uploaded_by"] == "jiangbei" and len(body["sha256"]) == 64
    assert body["url"] == f"{unit_url(demo_round).replace('/api', '')}/evidence/{body['id']}/"
    page = login("jiangbei").get(body["url"])  # the page, with its own rule, serves the file
    assert page.status_code == 200 and b"".join(page.streaming_content) == PDF  # read through: closed
    listed = client.get(f"{unit_url(demo_round)}/evidence").json()
    assert [e["id"] for e in listed] == [body["id"]]
    assert Evidence.objects.filter(pk=body["id"], unit_id=JIANGBEI).exists()


def demo_round_item(client: Client, round: Round) -> str:
    """An item code of the round's scheme (from the results, which list every item)."""
    return engine.current_results(round).units[0].items[0].code


def named(name: str, content: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


# -- results ---------------------------------------------------------------------------------


def test_results_for_the_office(demo_round: Round, user: Any) -> None:
    answer = token_client(user("office")).get(f"/api/rounds/{demo_round.pk}/results")
    assert answer.status_code == 200
    body = answer.json()
    assert set(body) >= {"scheme", "period", "units"}
    assert len(body["units"]) == 38
    ranks = [u["rank"] for u in body["units"] if u["rank"] is not None]
    assert ranks == sorted(ranks) and ranks[0] == 1
    # the units that have not submitted come after the ranked ones, each saying why
    apart = body["units"][len(ranks) :]
    assert apart and all(u["rank"] is None for u in apart)
    assert {u["unranked"] for u in apart} == {"not_started", "not_submitted"}
    assert set(body["units"][0]) >= {"code", "name", "total", "grade", "rank", "areas", "items"}


def test_unit_result(demo_round: Round, user: Any) -> None:
    answer = token_client(user("jiangbei")).get(f"{unit_url(demo_round)}/result")
    assert answer.status_code == 200
    assert answer.json()["code"] == JIANGBEI
    assert isinstance(answer.json()["total"], float)


def test_the_school_values_behind_an_explanations_aggregate(demo_round: Round, user: Any) -> None:
    """An explanation's all_values (unit, item, column) finds every school value behind a CV."""
    result = token_client(user("jiangbei")).get(f"{unit_url(demo_round)}/result").json()
    item = next(i for i in result["items"] if i["code"] == "A6.2.2")
    shown = item["explanation"]["aggregates"][0]
    assert shown["all_values"]["unit"] == JIANGBEI and shown["all_values"]["item"] == "A6.2.2"
    answer = token_client(user("jiangbei")).get(f"{unit_url(demo_round)}/items/A6.2.2/schools")
    assert answer.status_code == 200
    body = answer.json()
    found = next(a for a in body["aggregates"] if a["column"] == shown["all_values"]["column"])
    counted = [s["value"] for s in found["schools"] if s["counted"]]
    assert len(counted) == shown["counted"]
    assert min(counted) == shown["lowest"]["value"] and max(counted) == shown["highest"]["value"]
    assert found["text"] == shown["text"] and found["period"] == demo_round.period
    none = token_client(user("jiangbei")).get(f"{unit_url(demo_round)}/items/A1.1.1/schools")
    assert none.status_code == 200 and none.json()["aggregates"] == []
    unknown = token_client(user("jiangbei")).get(f"{unit_url(demo_round)}/items/Z9/schools")
    assert unknown.status_code == 404 and unknown.json()["error"]["field"] == "item"


def test_published_results_need_no_sign_in(demo_round: Round, user: Any) -> None:
    anonymous = Client()
    assert anonymous.get("/api/public/rounds").json() == []
    assert anonymous.get(f"/api/public/rounds/{demo_round.pk}/results").status_code == 404

    set_final_scores(demo_round, user("office"))
    closed = round_services.close_round(user("office"), demo_round, confirmation=demo_round.name)
    round_services.publish(user("office"), closed, confirmed=True, reason="两个未开始的区县确无数据")
    assert [r["id"] for r in anonymous.get("/api/public/rounds").json()] == [demo_round.pk]
    results = anonymous.get(f"/api/public/rounds/{demo_round.pk}/results")
    assert results.status_code == 200
    assert len(results.json()["results"]["units"]) == 38
    # A closed round answers its frozen results to the office too; the public, what was chosen of them.
    frozen = token_client(user("office")).get(f"/api/rounds/{demo_round.pk}/results").json()
    shown = [(u["code"], u["rank"], u["total"], u["grade"]) for u in results.json()["results"]["units"]]
    assert shown == [(u["code"], u["rank"], u["total"], u["grade"]) for u in frozen["units"]]


# -- tokens ----------------------------------------------------------------------------------


def test_token_lifecycle(demo_round: Round, user: Any) -> None:
    browser = csrf_client("jiangbei")
    assert post_json(browser, "/api/tokens", {"name": "报表脚本"}).status_code == 403  # no CSRF token
    issued = post_json(browser, "/api/tokens", {"name": "报表脚本"}, HTTP_X_CSRFTOKEN=CSRF)
    assert issued.status_code == 201, issued.content
    token = issued.json()
    assert token["key"].startswith(token["prefix"]) and token["revoked"] is False

    machine = Client(HTTP_AUTHORIZATION=f"Bearer {token['key']}")
    assert machine.get("/api/rounds").status_code == 200
    assert ApiToken.objects.get(pk=token["id"]).last_used_at is not None
    # A token cannot issue tokens: that takes the browser session.
    assert post_json(machine, "/api/tokens", {"name": "另一个"}).status_code == 401

    listed = browser.get("/api/tokens").json()
    assert [t["id"] for t in listed] == [token["id"]] and "key" not in listed[0]
    assert token_client(user("yuzhong")).delete(f"/api/tokens/{token['id']}").status_code == 404

    revoked = browser.delete(f"/api/tokens/{token['id']}", HTTP_X_CSRFTOKEN=CSRF)
    assert revoked.status_code == 200 and revoked.json()["revoked"] is True
    assert machine.get("/api/rounds").status_code == 401
    audit = AuditEntry.objects.filter(action=Action.PERMISSION, username="jiangbei")
    assert audit.count() == 2


# -- the document ----------------------------------------------------------------------------


def test_docs_render_and_list_the_paths(db: None) -> None:
    assert login("jiangbei").get("/api/docs").status_code == 200
    schema = login("jiangbei").get("/api/openapi.json").json()
    paths = set(schema["paths"])
    for path in (
        "/api/rounds",
        "/api/rounds/{round_id}",
        "/api/rounds/{round_id}/units",
        "/api/rounds/{round_id}/units/{code}/values",
        "/api/rounds/{round_id}/units/{code}/preview",
        "/api/rounds/{round_id}/units/{code}/submit",
        "/api/rounds/{round_id}/units/{code}/return",
        "/api/rounds/{round_id}/units/{code}/evidence",
        "/api/rounds/{round_id}/results",
        "/api/rounds/{round_id}/units/{code}/result",
        "/api/public/rounds",
        "/api/public/rounds/{round_id}/results",
        "/api/tokens",
        "/api/tokens/{token_id}",
    ):
        assert path in paths, path
    assert set(schema["paths"]["/api/rounds/{round_id}/units/{code}/values"]) == {"get", "put"}
    summary = schema["paths"]["/api/rounds"]["get"]["summary"]
    assert "轮次" in summary and "(" in summary
    # The error envelope is documented with each operation's error statuses.
    put = schema["paths"]["/api/rounds/{round_id}/units/{code}/values"]["put"]["responses"]
    assert {"200", "401", "403", "404", "409", "422"} <= set(put)
    assert put["409"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorOut")
    envelope = schema["components"]["schemas"]["ErrorBody"]["properties"]
    assert set(envelope) == {"code", "message", "field", "details"}


@pytest.mark.parametrize("path", ["/api/rounds", "/api/public/rounds"])
def test_answers_are_json(demo_round: Round, user: Any, path: str) -> None:
    answer = token_client(user("office")).get(path)
    assert answer["Content-Type"].startswith("application/json")
