"""Schemathesis against the API's own OpenAPI document: every operation, as several roles.

Each operation gets generated requests (valid and invalid paths, queries and bodies) from
the document, sent through Django's test client as a machine client with a token. Whatever the
request, the API must answer without a server error, in its JSON error envelope when it refuses,
and never let a role through a door the rules keep shut (a district editor writing to another
district). Everyday runs try a few cases per operation and role; CI tries more
(``API_FUZZ_CASES`` overrides both).
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
import schemathesis
from django.test import Client
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from schemathesis.core import NotSet

from dudao.store.accounts.models import ApiToken
from dudao.web.api.urls import api

ROLES = ("office", "jiangbei", "jiangbei-school", "reviewer")
OTHER_DISTRICT = "500103"  # 渝中区: not the jiangbei editors' unit


def cases_per_operation() -> int:
    if "API_FUZZ_CASES" in os.environ:
        return int(os.environ["API_FUZZ_CASES"])
    return 60 if os.environ.get("CI") == "true" else 8


@pytest.fixture(scope="module")
def schema() -> Any:
    return schemathesis.openapi.from_dict(api.get_openapi_schema())


def operations(document: dict[str, Any]) -> list[tuple[str, str]]:
    methods = {"get", "put", "post", "delete", "patch"}
    return [(m.upper(), p) for p, item in document["paths"].items() for m in item if m in methods]


@pytest.mark.parametrize("role", ROLES)
def test_no_generated_request_breaks_the_api(schema: Any, demo_round: Any, user: Any, role: str) -> None:
    _token, key = ApiToken.issue(user(role), "fuzz")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    seen: list[str] = []
    failures: list[str] = []
    for operation in schema.get_all_operations():
        operation = operation.ok()
        strategy = operation.as_strategy()

        @seed(int(os.environ.get("DUDAO_FUZZ_SEED", "0")))
        @settings(
            max_examples=cases_per_operation(),
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy, data=st.data())
        def check(case: Any, data: st.DataObject) -> None:
            aim_at_real_records(case, data, demo_round.id)
            response = send(client, case)
            seen.append(f"{case.method} {case.path}")
            problem = judge(case, response, role)
            if problem:
                failures.append(problem)

        check()
    assert failures == [], "\n".join(failures[:10])
    assert len(set(seen)) == len(operations(api.get_openapi_schema()))


UNITS = ("500105", OTHER_DISTRICT, "5001050001", "500000")


def aim_at_real_records(case: Any, data: st.DataObject, round_id: int) -> None:
    """Mostly the demo round and real units, so requests get past the lookups to the rules and
    the validation behind them; sometimes what schemathesis generated, to try the lookups too."""
    parameters = case.path_parameters
    if isinstance(parameters, NotSet) or not parameters or data.draw(st.integers(0, 4)) == 0:
        return
    if "round_id" in parameters:
        parameters["round_id"] = round_id
    if "code" in parameters:
        parameters["code"] = data.draw(st.sampled_from(UNITS))


def send(client: Client, case: Any) -> Any:
    """The case as schemathesis would send it (its body encoded by requests), through Django's client."""
    kwargs = case.as_transport_kwargs(base_url="http://testserver")
    prepared = requests.Request(**{k: v for k, v in kwargs.items() if k in REQUEST_FIELDS}).prepare()
    url = urlsplit(prepared.url or "")
    path = url.path + (f"?{url.query}" if url.query else "")
    headers = {k: v for k, v in prepared.headers.items() if k.lower() not in SET_BY_CLIENT}
    extra = {"HTTP_" + k.upper().replace("-", "_"): v for k, v in headers.items()}
    body = prepared.body or b""
    content_type = prepared.headers.get("Content-Type", "application/octet-stream")
    return client.generic(prepared.method or "GET", path, data=body, content_type=content_type, **extra)


REQUEST_FIELDS = {"method", "url", "headers", "params", "data", "json", "files", "cookies"}
SET_BY_CLIENT = {"authorization", "content-type", "content-length", "host", "cookie"}


def judge(case: Any, response: Any, role: str) -> str:
    where = f"{case.method} {case.formatted_path} as {role}: {response.status_code}"
    if response.status_code >= 500:
        return f"{where} server error {response.content[:300]!r}"
    if response.status_code >= 400:
        if not response["Content-Type"].startswith("application/json"):
            return f"{where} refused outside the JSON envelope: {response.content[:200]!r}"
        body = response.json()
        if not isinstance(body, dict) or not body.get("error"):
            return f"{where} refused without saying why: {body!r:.200}"
    writes = case.method in {"PUT", "POST", "DELETE", "PATCH"}
    another_district = role.startswith("jiangbei") and f"/units/{OTHER_DISTRICT}" in case.formatted_path
    if writes and another_district and response.status_code < 400:
        return f"{where} wrote to another district"
    return ""


def test_a_data_year_a_database_cannot_hold_is_refused_not_a_server_error(demo_round: Any, user: Any) -> None:
    """Found by the fuzzer: ?period=10**30 overflowed SQLite's integer (500 on SQLite and PostgreSQL)."""
    _token, key = ApiToken.issue(user("office"), "fuzz")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    answer = client.get(f"/api/rounds/{demo_round.id}/units/500105/values", {"period": 10**30})
    assert answer.status_code == 422
    assert answer.json()["error"]["field"] == "period"
