"""The site's own CSRF page, its Content-Security-Policy, API tokens by role, and the API's
documentation behind sign-in.

Regression (issue 16, part 1, item 9): the CSRF failure page was Django's unstyled default telling
users to set ``DEBUG=True``; no page had a CSP header (and the templates had inline handlers it
would block); the ``public`` account could create API tokens; ``/api/docs`` and the OpenAPI
document were open to anyone.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from dudao.store.accounts.models import ApiToken, Profile
from dudao.store.rounds import engine
from dudao.store.rounds.models import Round
from dudao.web.demo import DEMO_PASSWORD, JIANGBEI
from tests.web.conftest import login

pytestmark = pytest.mark.django_db

TEMPLATES = Path(__file__).resolve().parents[2] / "src" / "dudao" / "web" / "templates"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)
HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


# -- the CSRF failure page ---------------------------------------------------------------------


def test_an_old_form_gets_our_page_saying_what_happened() -> None:
    client = Client(enforce_csrf_checks=True)
    client.get(reverse("login"))  # the cookie is set, the form's token is missing (an old page)
    response = client.post(reverse("login"), {"username": "office", "password": DEMO_PASSWORD})
    assert response.status_code == 403
    html = response.content.decode()
    assert "页面已过期，未能提交" in html and "重新登录之前打开的" in html and "dudao/site.css" in html
    assert "DEBUG" not in html and "CSRF verification failed" not in html


def test_blocked_cookies_are_named_as_the_cause_in_english_too() -> None:
    client = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="en")
    client.cookies["django_language"] = "en"
    response = client.post(reverse("login"), {"username": "office", "password": DEMO_PASSWORD})
    assert response.status_code == 403
    html = response.content.decode()
    assert "cookies" in html.lower() and "DEBUG" not in html
    assert not re.search(r"[\u4e00-\u9fff]{4,}", re.sub(r"<select.*?</select>", "", html, flags=re.S))


# -- the Content-Security-Policy ----------------------------------------------------------------


def test_no_template_has_an_inline_script_or_handler() -> None:
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        found += [f"{path.name}: {m.group(0)[:60]}" for m in INLINE_SCRIPT.finditer(text)]
        found += [f"{path.name}: {m.group(0)[:60]}" for m in HANDLER.finditer(text)]
    assert found == []


def test_every_page_is_served_with_the_policy_and_breaks_none_of_it(demo_round: Round) -> None:
    office, editor = login("office"), login("jiangbei")
    frozen = engine.current_results(demo_round).to_dict()
    Round.objects.filter(pk=demo_round.pk).update(published=True, results=frozen, state=Round.State.CLOSED)
    pages = [
        (Client(), reverse("login")),
        (Client(), reverse("published")),
        (Client(), reverse("published_round", args=[demo_round.pk])),
        (office, reverse("rounds")),
        (office, reverse("round", args=[demo_round.pk])),
        (office, reverse("round_results", args=[demo_round.pk])),
        (office, reverse("audit")),
        (office, reverse("documents", args=[demo_round.pk])),
        (office, reverse("unit_document", args=[demo_round.pk, JIANGBEI, "self-evaluation", "html"])),
        (office, reverse("quality", args=[demo_round.pk])),
        (office, reverse("exchange", args=[demo_round.pk])),
        (office, reverse("login_locks")),
        (office, "/api/docs"),
        (editor, reverse("unit", args=[demo_round.pk, JIANGBEI])),
        (editor, reverse("unit_report", args=[demo_round.pk, JIANGBEI])),
    ]
    for client, url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        policy = response["Content-Security-Policy"]
        assert "script-src 'self';" in policy and "unsafe-eval" not in policy, url
        assert "frame-ancestors 'self'" in policy and "object-src 'none'" in policy, url
        html = response.content.decode()
        assert not INLINE_SCRIPT.search(html), (url, INLINE_SCRIPT.search(html))
        assert not HANDLER.search(html), (url, HANDLER.search(html))
        assert 'hx-trigger="dudao' in html or "target.name" not in html  # no filter htmx would eval


def test_files_and_json_carry_no_policy(demo_round: Round) -> None:
    api = login("office").get(f"/api/rounds/{demo_round.pk}")
    assert api.status_code == 200 and "Content-Security-Policy" not in api


# -- API tokens and documentation ---------------------------------------------------------------


def test_the_public_account_cannot_issue_a_token() -> None:
    refused = login("public").post("/api/tokens", {"name": "x"}, content_type="application/json")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "forbidden"
    assert "无需令牌" in refused.json()["error"]["message"]
    assert not ApiToken.objects.filter(user__username="public").exists()
    issued = login("jiangbei").post("/api/tokens", {"name": "报表脚本"}, content_type="application/json")
    assert issued.status_code == 201


def test_the_documentation_needs_a_sign_in_but_published_results_do_not(demo_round: Round) -> None:
    visitor = Client().get("/api/docs")
    assert visitor.status_code == 302 and visitor["Location"].startswith(reverse("login"))
    schema = Client().get("/api/openapi.json", HTTP_ACCEPT="application/json")
    assert schema.status_code == 401 and schema.json()["error"]["code"] == "unauthenticated"
    assert login("public").get("/api/docs").status_code == 200  # any signed-in role may read it
    user = Profile.objects.get(user__username="jiangbei").user
    _, key = ApiToken.issue(user, "docs")
    assert Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/openapi.json").status_code == 200
    assert Client(HTTP_AUTHORIZATION="Bearer nonsense").get("/api/openapi.json").status_code == 401
    # Published results stay open to all.
    Round.objects.filter(pk=demo_round.pk).update(
        published=True, state=Round.State.CLOSED, results={"units": []}
    )
    assert Client().get(f"/api/public/rounds/{demo_round.pk}/results").status_code == 200
    assert "/api/docs" not in Client().get(reverse("published")).content.decode()  # no link for visitors
