"""An expired session while entering data: the page's script is told, the page keeps what was typed.

Regression (issue 16, part 1, item 7): a save or a preview sent after the session had expired got
the login page as its answer, and htmx pasted it into the save message and the preview panel.
Now such a request gets 401 with a notice (shown above the page by ``site.js``, the form left as
it is) that offers to log in in a new tab; back on the page, the save goes through with the new
CSRF token read from its cookie. (The page's own behaviour — the notice, drafts kept across a
reload, the warning before leaving — is tested in the browser, ``tests/e2e/test_browser.py``.)
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from dudao.store.entry.models import DataValue
from dudao.store.rounds.models import Round
from dudao.web.demo import DEMO_PASSWORD, JIANGBEI
from tests.web.conftest import login

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


def expired(client: Client) -> Client:
    """The same browser after its session ran out (its cookies stay, the server forgot it)."""
    client.session.flush()
    client.cookies.pop("sessionid", None)
    return client


def test_an_htmx_save_or_preview_gets_a_notice_not_the_login_page(demo_round: Round) -> None:
    client = expired(login("jiangbei"))
    for name in ("unit_save", "unit_preview", "unit_narrative"):
        response = client.post(
            reverse(name, args=[demo_round.pk, JIANGBEI]),
            {"v-edu_budget": "251060", "o-edu_budget": ""},
            **HTMX,
        )
        assert response.status_code == 401, name
        assert response["X-Dudao-Notice"] == "1"
        html = response.content.decode()
        assert "登录已过期，刚才的操作没有保存" in html and "您填写的内容仍在本页" in html
        assert f'href="{reverse("login")}?next={reverse("login_done")}" target="_blank"' in html
        assert 'name="password"' not in html  # not the login page
    assert not DataValue.objects.filter(
        round=demo_round,
        unit_id=JIANGBEI,
        element="edu_budget",
        period=demo_round.period,
        value__isnull=False,
    ).exists()


def test_a_script_asking_for_json_gets_the_envelope(demo_round: Round) -> None:
    response = Client().get(reverse("unit", args=[demo_round.pk, JIANGBEI]), HTTP_ACCEPT="application/json")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


def test_a_page_opened_in_the_browser_still_goes_to_the_login_page(demo_round: Round) -> None:
    page = reverse("unit", args=[demo_round.pk, JIANGBEI])
    response = Client().get(page)
    assert response.status_code == 302 and response["Location"] == f"{reverse('login')}?next={page}"


def test_after_logging_in_again_in_another_tab_the_waiting_page_saves(demo_round: Round) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.get(reverse("login"))
    token = browser.cookies["csrftoken"].value
    done = browser.post(
        reverse("login"),
        {
            "username": "jiangbei",
            "password": DEMO_PASSWORD,
            "next": reverse("login_done"),
            "csrfmiddlewaretoken": token,
        },
    )
    assert done["Location"] == reverse("login_done")
    assert "请回到原来的标签页" in browser.get(reverse("login_done")).content.decode()
    # Logging in rotated the token; the page's script sends the cookie's, which is accepted.
    fresh = browser.cookies["csrftoken"].value
    assert fresh != token
    saved = browser.post(
        reverse("unit_save", args=[demo_round.pk, JIANGBEI]),
        {"v-edu_budget": "251060", "o-edu_budget": "", "csrfmiddlewaretoken": fresh},
        HTTP_X_CSRFTOKEN=fresh,
        **HTMX,
    )
    assert saved.status_code == 200 and "已保存 1 项" in saved.content.decode()
    # The old token (what the page was built with) would have been refused, with a notice.
    old = browser.post(
        reverse("unit_save", args=[demo_round.pk, JIANGBEI]),
        {"v-edu_budget": "251061", "o-edu_budget": "251060", "csrfmiddlewaretoken": token},
        **HTMX,
    )
    assert old.status_code == 403 and old["X-Dudao-Notice"] == "1" and "页面已过期" in old.content.decode()


def test_login_done_sends_a_visitor_to_log_in() -> None:
    assert Client().get(reverse("login_done"))["Location"] == reverse("login")
