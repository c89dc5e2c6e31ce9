"""Logging in: throttled by account and address, home by role, and the admin for admins only."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from dudao.store.accounts.models import LoginFailure, Profile, Role
from dudao.store.audit.models import Action, AuditEntry
from dudao.store.rounds.models import Round
from dudao.web.demo import DEMO_PASSWORD, JIANGBEI
from tests.web.conftest import login

pytestmark = pytest.mark.django_db


def attempt(client: Client, username: str, password: str, address: str = "10.0.0.1", **extra: str) -> Any:
    data = {"username": username, "password": password, **extra}
    return client.post(reverse("login"), data, REMOTE_ADDR=address)


def test_login_page_is_a_chinese_form() -> None:
    page = Client().get(reverse("login")).content.decode()
    assert "用户名" in page and "密码" in page and 'type="password"' in page


def test_right_password_logs_in_and_clears_the_account_failures() -> None:
    client = Client()
    attempt(client, "office", "wrong-1")
    attempt(client, "office", "wrong-2")
    assert LoginFailure.objects.filter(username="office").count() == 2
    response = attempt(client, "office", DEMO_PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.session.get("_auth_user_id")
    assert not LoginFailure.objects.filter(username="office").exists()


def test_wrong_password_is_refused_and_recorded() -> None:
    client = Client()
    response = attempt(client, "office", "not-the-password", address="10.9.9.9")
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()
    assert "_auth_user_id" not in client.session
    failure = LoginFailure.objects.get(username="office")
    assert failure.address == "10.9.9.9"


def test_empty_form_gives_field_messages() -> None:
    response = Client().post(reverse("login"), {"username": "", "password": ""})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"username", "password"}
    assert not LoginFailure.objects.exists()


@override_settings(LOGIN_FAILURE_LIMIT=5)
def test_sixth_attempt_is_refused_even_with_the_right_password() -> None:
    client = Client()
    for n in range(4):
        assert "用户名或密码不正确" in attempt(client, "office", f"guess-{n}").content.decode()
    fifth = attempt(client, "office", "guess-5").content.decode()
    assert "锁定" in fifth  # the failure that starts the lockout says so at once
    sixth = attempt(client, "office", DEMO_PASSWORD)
    assert sixth.status_code == 429
    text = sixth.content.decode()
    assert "分钟后再试" in text and "15 分钟" in text
    assert "_auth_user_id" not in client.session
    locked = AuditEntry.objects.filter(action=Action.LOGIN_LOCKED)
    assert locked.count() == 1
    assert locked.get().target == "office" and locked.get().after["failures"] == 5
    # refused attempts during the lockout are not counted again
    assert LoginFailure.objects.filter(username="office").count() == 5


@override_settings(LOGIN_FAILURE_LIMIT=2, LOGIN_FAILURE_WINDOW_SECONDS=60)
def test_failures_older_than_the_window_do_not_count() -> None:
    from datetime import timedelta

    from django.utils import timezone

    client = Client()
    attempt(client, "office", "a")
    attempt(client, "office", "b")
    assert attempt(client, "office", DEMO_PASSWORD).status_code == 429
    LoginFailure.objects.update(at=timezone.now() - timedelta(seconds=61))
    assert attempt(client, "office", DEMO_PASSWORD).status_code == 302


def test_next_is_followed_only_on_this_site() -> None:
    inside = attempt(Client(), "office", DEMO_PASSWORD, next="/audit/")
    assert inside["Location"] == "/audit/"
    outside = attempt(Client(), "office", DEMO_PASSWORD, next="https://evil.example/")
    assert outside["Location"] == reverse("home")


def test_logout_needs_post() -> None:
    client = login("office")
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


def test_home_sends_each_role_to_its_work(demo_round: Round) -> None:
    assert Client().get(reverse("home"))["Location"] == reverse("published")
    assert login("office").get(reverse("home"))["Location"] == reverse("rounds")
    assert login("admin").get(reverse("home"))["Location"] == reverse("rounds")
    assert login("reviewer").get(reverse("home"))["Location"] == reverse("rounds")
    unit_page = reverse("unit", kwargs={"round_id": demo_round.pk, "code": JIANGBEI})
    assert login("jiangbei").get(reverse("home"))["Location"] == unit_page
    assert login("jiangbei-approver").get(reverse("home"))["Location"] == unit_page
    assert login("public").get(reverse("home"))["Location"] == reverse("published")


def test_home_without_an_open_round_goes_to_the_list(demo_round: Round) -> None:
    Round.objects.filter(pk=demo_round.pk).update(state=Round.State.CLOSED)
    assert login("jiangbei").get(reverse("home"))["Location"] == reverse("rounds")


# -- the admin -------------------------------------------------------------------------------


def test_admin_is_refused_to_the_office_and_open_to_admins() -> None:
    office = login("office")
    refused = office.get("/admin/")
    assert refused.status_code == 302 and refused["Location"].startswith("/admin/login/")
    page = office.get(refused["Location"]).content.decode()
    assert "无权进入系统管理后台" in page
    assert office.get("/admin/accounts/profile/").status_code == 302
    assert login("admin").get("/admin/").status_code == 200
    assert login("admin").get("/admin/accounts/unit/?q=500105").status_code == 200


def test_admin_login_is_the_throttled_login() -> None:
    page = Client().get("/admin/login/?next=/admin/")
    assert page.status_code == 200 and "登录系统管理后台" in page.content.decode()
    client = Client()
    with override_settings(LOGIN_FAILURE_LIMIT=2):
        client.post("/admin/login/?next=/admin/", {"username": "admin", "password": "x"})
        client.post("/admin/login/?next=/admin/", {"username": "admin", "password": "y"})
        locked = client.post("/admin/login/?next=/admin/", {"username": "admin", "password": DEMO_PASSWORD})
    assert locked.status_code == 429
    ok = Client().post("/login/", {"username": "office", "password": DEMO_PASSWORD, "next": "/admin/"})
    assert ok["Location"] == "/admin/"


def test_changing_a_role_in_the_admin_is_audited(user: Any) -> None:
    profile = Profile.objects.get(user=user("jiangbei"))
    url = f"/admin/accounts/profile/{profile.pk}/change/"
    response = login("admin").post(
        url, {"user": profile.user_id, "role": Role.UNIT_APPROVER, "unit": JIANGBEI, "_save": "1"}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    profile.refresh_from_db()
    assert profile.role == Role.UNIT_APPROVER
    entry = AuditEntry.objects.get(action=Action.PERMISSION, target="jiangbei")
    assert entry.username == "admin"
    assert entry.before == {"role": "unit_editor", "unit": JIANGBEI}
    assert entry.after == {"role": "unit_approver", "unit": JIANGBEI}


def test_the_admin_lists_tokens_and_units() -> None:
    admin = login("admin")
    assert admin.get("/admin/accounts/apitoken/").status_code == 200
    assert "江北区" in admin.get("/admin/accounts/unit/?q=500105").content.decode()
