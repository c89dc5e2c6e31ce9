"""Every error path of the JSON API answers the one envelope, with the right status.

Each case below provokes one failure and names the status, the code and the field the
envelope must carry; :func:`assert_envelope` checks the envelope's exact keys and types.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings

from dudao.store.accounts.models import ApiToken
from dudao.store.rounds import services as round_services
from dudao.store.rounds.models import Round
from dudao.web.api.routes import rounds as round_routes
from dudao.web.demo import JIANGBEI

RETURNED_UNIT = "500103"  # yuzhong's own unit, returned with edu_budget open
SUBMITTED_UNIT = "500104"
ITEM = "A1.1.1"
PDF = b"%PDF-1.4\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
CSRF = "a" * 32


@pytest.fixture(autouse=True)
def _static_root() -> None:
    """WhiteNoise warns (an error here) when the static root is missing; tests never collect it."""
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)


def assert_envelope(response: Any, status: int, code: str, field: str | None = None) -> dict[str, Any]:
    """The answer is the envelope, exactly: its keys, their types, and the expected values."""
    assert response.status_code == status, (response.status_code, response.content)
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    body = json.loads(response.content)
    assert set(body) == {"error"}
    error = body["error"]
    assert set(error) == {"code", "message", "field", "details"}
    assert error["code"] == code
    assert re.fullmatch(r"[a-z_]+", error["code"])
    assert isinstance(error["message"], str) and error["message"].strip()
    assert "Traceback" not in error["message"]
    assert error["field"] is None or isinstance(error["field"], str)
    assert error["field"] == field, error
    assert isinstance(error["details"], list)
    for detail in error["details"]:
        assert set(detail) == {"field", "message"}
        assert detail["field"] is None or isinstance(detail["field"], str)
        assert isinstance(detail["message"], str) and detail["message"]
    return dict(error)


# -- the callers -----------------------------------------------------------------------------


@dataclass
class Ctx:
    round: Round
    user: Callable[[str], Any]

    def token(self, username: str) -> Client:
        _token, key = ApiToken.issue(self.user(username), "tests")
        return Client(HTTP_AUTHORIZATION=f"Bearer {key}")

    def url(self, tail: str, code: str = JIANGBEI) -> str:
        return f"/api/rounds/{self.round.pk}/units/{code}/{tail}"


@pytest.fixture
def ctx(demo_round: Round, user: Any) -> Ctx:
    return Ctx(demo_round, user)


def put(client: Client, url: str, body: object) -> Any:
    return client.put(url, json.dumps(body), content_type="application/json")


def post(client: Client, url: str, body: object) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


def values(*items: dict[str, Any]) -> dict[str, Any]:
    return {"values": list(items)}


def upload(client: Client, url: str, name: str, content: bytes, item: str = ITEM) -> Any:
    return client.post(url, {"item": item, "file": SimpleUploadedFile(name, content)})


def revoked_token(c: Ctx) -> Client:
    token, key = ApiToken.issue(c.user("jiangbei"), "old")
    token.revoked = True
    token.save()
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}")


def closed(c: Ctx) -> Ctx:
    round_services.close_round(c.user("office"), c.round, confirmation=c.round.name)
    c.round.refresh_from_db()
    return c


# -- the cases: (request, status, code, field) --------------------------------------------------

Case = tuple[Callable[[Ctx], Any], int, str, str | None]

CASES: dict[str, Case] = {
    # who is calling
    "no auth": (lambda c: Client().get("/api/rounds"), 401, "unauthenticated", None),
    "no auth, write": (lambda c: put(Client(), c.url("values"), values()), 401, "unauthenticated", None),
    "no auth, tokens": (lambda c: Client().get("/api/tokens"), 401, "unauthenticated", None),
    "bad token": (
        lambda c: Client(HTTP_AUTHORIZATION="Bearer ddo_not-a-key").get("/api/rounds"),
        401,
        "bad_token",
        None,
    ),
    "empty token": (
        lambda c: Client(HTTP_AUTHORIZATION="Bearer ").get("/api/rounds"),
        401,
        "bad_token",
        None,
    ),
    "revoked token": (lambda c: revoked_token(c).get("/api/rounds"), 401, "revoked_token", None),
    "token issuing tokens": (
        lambda c: post(c.token("office"), "/api/tokens", {"name": "x"}),
        401,
        "unauthenticated",
        None,
    ),
    "csrf missing": (
        lambda c: put(
            _csrf_session("jiangbei"), c.url("values"), values({"element": "edu_budget", "value": 1})
        ),
        403,
        "csrf_failed",
        None,
    ),
    # what the caller may do
    "public role, rounds": (lambda c: c.token("public").get("/api/rounds"), 403, "forbidden", None),
    "editor, results": (
        lambda c: c.token("jiangbei").get(f"/api/rounds/{c.round.pk}/results"),
        403,
        "forbidden",
        None,
    ),
    "editor submits": (lambda c: c.token("jiangbei").post(c.url("submit")), 403, "forbidden", None),
    "office enters data": (
        lambda c: put(c.token("office"), c.url("values"), values({"element": "edu_budget", "value": 1})),
        403,
        "forbidden",
        None,
    ),
    "editor returns": (
        lambda c: post(c.token("jiangbei"), c.url("return"), {"fields": {"edu_budget": "x"}}),
        403,
        "forbidden",
        None,
    ),
    "reviewer, other unit": (lambda c: c.token("reviewer").get(c.url("values")), 403, "forbidden", None),
    "school, its district": (
        lambda c: c.token("jiangbei-school").get(c.url("values")),
        403,
        "forbidden",
        None,
    ),
    # what does not exist
    "unknown round": (lambda c: c.token("office").get("/api/rounds/999999"), 404, "not_found", "round_id"),
    "unknown round, values": (
        lambda c: c.token("office").get(f"/api/rounds/999999/units/{JIANGBEI}/values"),
        404,
        "not_found",
        "round_id",
    ),
    "unknown unit": (lambda c: c.token("office").get(c.url("values", "999999")), 404, "not_found", "code"),
    "unit not in round": (
        lambda c: c.token("office").get(c.url("values", "500000")),
        404,
        "not_in_round",
        "unit",
    ),
    "school has no result": (
        lambda c: c.token("office").get(c.url("result", c.user("jiangbei-school").profile.unit_id)),
        404,
        "not_found",
        "code",
    ),
    "unpublished results": (
        lambda c: Client().get(f"/api/public/rounds/{c.round.pk}/results"),
        404,
        "not_found",
        "round_id",
    ),
    "someone else's token": (
        lambda c: c.token("yuzhong").delete(f"/api/tokens/{ApiToken.issue(c.user('office'), 'x')[0].pk}"),
        404,
        "not_found",
        "token_id",
    ),
    "unknown path": (lambda c: c.token("office").get("/api/no/such/thing"), 404, "not_found", None),
    "unknown path, anonymous post": (lambda c: Client().post("/api/nothing"), 404, "not_found", None),
    "api root": (lambda c: Client().get("/api/"), 404, "not_found", None),
    "wrong method": (lambda c: c.token("office").delete("/api/rounds"), 405, "method_not_allowed", None),
    "wrong method, values": (
        lambda c: c.token("office").post(c.url("values")),
        405,
        "method_not_allowed",
        None,
    ),
    # what the request says
    "malformed json": (
        lambda c: c.token("jiangbei").put(c.url("values"), "{not json", content_type="application/json"),
        400,
        "bad_json",
        None,
    ),
    "no body": (lambda c: c.token("jiangbei").put(c.url("values")), 422, "invalid_request", None),
    "values not a list": (
        lambda c: put(c.token("jiangbei"), c.url("values"), {"values": "x"}),
        422,
        "invalid_request",
        "values",
    ),
    "no values": (
        lambda c: put(c.token("jiangbei"), c.url("values"), values()),
        422,
        "invalid_request",
        "values",
    ),
    "misspelt key": (
        lambda c: put(c.token("jiangbei"), c.url("values"), values({"element": "edu_budget", "orignal": 1})),
        422,
        "invalid_request",
        "values[0].orignal",
    ),
    "element missing": (
        lambda c: put(c.token("jiangbei"), c.url("values"), values({"value": 1})),
        422,
        "invalid_request",
        "values[0].element",
    ),
    "period not a number": (
        lambda c: c.token("jiangbei").get(c.url("values") + "?period=abc"),
        422,
        "invalid_request",
        "period",
    ),
    "round id not a number": (
        lambda c: c.token("office").get("/api/rounds/abc"),
        422,
        "invalid_request",
        "round_id",
    ),
    "token without name": (
        lambda c: post(_csrf_session("office", token=True), "/api/tokens", {"name": ""}),
        422,
        "invalid_request",
        "name",
    ),
    # what the values say
    "wrong type": (
        lambda c: put(
            c.token("jiangbei"), c.url("values"), values({"element": "edu_budget", "value": "abc"})
        ),
        422,
        "invalid",
        "edu_budget",
    ),
    "out of range": (
        lambda c: put(c.token("jiangbei"), c.url("values"), values({"element": "edu_budget", "value": -5})),
        422,
        "invalid",
        "edu_budget",
    ),
    "unknown element": (
        lambda c: put(c.token("jiangbei"), c.url("values"), values({"element": "no_such", "value": 1})),
        422,
        "invalid",
        "no_such",
    ),
    "school element at the district": (
        lambda c: put(c.token("jiangbei"), c.url("values"), values({"element": "classes", "value": 1})),
        422,
        "invalid",
        "classes",
    ),
    "preview, wrong type": (
        lambda c: post(
            c.token("jiangbei"), c.url("preview"), values({"element": "edu_budget", "value": "abc"})
        ),
        422,
        "invalid",
        "edu_budget",
    ),
    "stale original": (
        lambda c: put(
            c.token("jiangbei"), c.url("values"), values({"element": "edu_budget", "value": 6, "original": 5})
        ),
        409,
        "stale",
        "edu_budget",
    ),
    "incomplete submit": (
        lambda c: c.token("jiangbei-approver").post(c.url("submit")),
        422,
        "incomplete",
        "edu_budget",
    ),
    "double submit": (
        lambda c: c.token("admin").post(c.url("submit", SUBMITTED_UNIT)),
        409,
        "already_submitted",
        "status",
    ),
    "return when not submitted": (
        lambda c: post(c.token("office"), c.url("return"), {"fields": {"edu_budget": "请核对"}}),
        409,
        "not_submitted",
        "status",
    ),
    "return without reason": (
        lambda c: post(c.token("office"), c.url("return", SUBMITTED_UNIT), {"fields": {"edu_budget": ""}}),
        422,
        "invalid",
        "edu_budget",
    ),
    "locked after submit": (
        lambda c: put(
            c.token("admin"), c.url("values", SUBMITTED_UNIT), values({"element": "edu_budget", "value": 1})
        ),
        409,
        "locked",
        "status",
    ),
    "returned, other field": (
        lambda c: put(
            c.token("yuzhong"), c.url("values", RETURNED_UNIT), values({"element": "pop_3_5", "value": 1})
        ),
        409,
        "locked",
        "pop_3_5",
    ),
    "round closed": (
        lambda c: put(
            closed(c).token("jiangbei"), c.url("values"), values({"element": "edu_budget", "value": 1})
        ),
        409,
        "round_closed",
        "round",
    ),
    # files
    "disguised upload": (
        lambda c: upload(c.token("jiangbei"), c.url("evidence"), "report.pdf", b"MZ\x90\x00 a program"),
        415,
        "bad_type",
        f"evidence:{ITEM}",
    ),
    "extension does not match": (
        lambda c: upload(c.token("jiangbei"), c.url("evidence"), "photo.pdf", PNG),
        415,
        "bad_type",
        f"evidence:{ITEM}",
    ),
    "unknown item": (
        lambda c: upload(c.token("jiangbei"), c.url("evidence"), "a.pdf", PDF, item="Z9"),
        422,
        "invalid",
        "evidence:Z9",
    ),
    "upload without file": (
        lambda c: c.token("jiangbei").post(c.url("evidence"), {"item": ITEM}),
        422,
        "invalid_request",
        "file",
    ),
}


def _csrf_session(username: str, token: bool = False) -> Client:
    """A signed-in browser that enforces CSRF; with ``token`` it sends a valid one."""
    client = Client(enforce_csrf_checks=True, **({"HTTP_X_CSRFTOKEN": CSRF} if token else {}))
    assert client.login(username=username, password="dudao-demo-2022")
    client.cookies["csrftoken"] = CSRF
    return client


@pytest.mark.parametrize("case", list(CASES))
def test_error_path_answers_the_envelope(ctx: Ctx, case: str, settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    request, status, code, field = CASES[case]
    assert_envelope(request(ctx), status, code, field)


@pytest.mark.parametrize(
    "method, tail",
    [
        ("get", "values"),
        ("put", "values"),
        ("post", "preview"),
        ("post", "submit"),
        ("get", "evidence"),
        ("post", "evidence"),
        ("get", "result"),
    ],
)
def test_other_unit_is_forbidden(ctx: Ctx, method: str, tail: str) -> None:
    """Yuzhong's editor reaches nothing of Jiangbei's, whatever the endpoint."""
    client = ctx.token("yuzhong")
    url = ctx.url(tail)
    if method == "get":
        response = client.get(url)
    elif tail == "evidence":
        response = upload(client, url, "a.pdf", PDF)
    elif method == "put":
        response = put(client, url, values({"element": "edu_budget", "value": 1}))
    else:
        response = post(client, url, values())
    error = assert_envelope(response, 403, "forbidden")
    assert JIANGBEI in error["message"]


def test_incomplete_submit_lists_every_missing_value(ctx: Ctx) -> None:
    error = assert_envelope(
        ctx.token("jiangbei-approver").post(ctx.url("submit")), 422, "incomplete", "edu_budget"
    )
    fields = [d["field"] for d in error["details"]]
    assert {"edu_budget", "pop_3_5", "teacher_avg_pay"} <= set(fields)
    assert "还有数据未填写" in error["message"]


def test_validation_details_name_each_field(ctx: Ctx) -> None:
    body = values({"element": "edu_budget", "value": "abc"}, {"element": "pop_3_5", "value": -1})
    error = assert_envelope(put(ctx.token("jiangbei"), ctx.url("values"), body), 422, "invalid", "edu_budget")
    assert [d["field"] for d in error["details"]] == ["edu_budget", "pop_3_5"]
    assert "abc" in error["details"][0]["message"]


def test_oversized_upload(ctx: Ctx, settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    with override_settings(MAX_UPLOAD_BYTES=10):
        response = upload(ctx.token("jiangbei"), ctx.url("evidence"), "big.pdf", PDF + b"x" * 100)
    error = assert_envelope(response, 413, "too_large", f"evidence:{ITEM}")
    assert "big.pdf" in error["message"]


def test_oversized_json_body(ctx: Ctx) -> None:
    body = values(*({"element": "edu_budget", "value": 1} for _ in range(20)))
    with override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=100):
        response = put(ctx.token("jiangbei"), ctx.url("values"), body)
    assert_envelope(response, 413, "too_large")


def test_wrong_method_says_what_is_allowed(ctx: Ctx) -> None:
    response = ctx.token("office").delete("/api/rounds")
    assert_envelope(response, 405, "method_not_allowed")
    assert "GET" in response["Allow"]


def test_unexpected_error_is_a_500_without_traceback(
    ctx: Ctx, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(round: Round) -> Any:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(round_routes, "round_out", broken)
    with caplog.at_level("ERROR", logger="dudao.web.api"):
        response = ctx.token("office").get(f"/api/rounds/{ctx.round.pk}")
    assert_envelope(response, 500, "server_error")
    assert "secret internals" not in response.content.decode()
    logged = [r for r in caplog.records if r.name == "dudao.web.api" and r.exc_info]
    assert [str(r.exc_info[1]) for r in logged if r.exc_info] == ["secret internals"]


def test_unknown_path_names_the_path(db: None) -> None:
    error = assert_envelope(Client().get("/api/no/such/thing"), 404, "not_found")
    assert "/api/no/such/thing" in error["message"]
