"""Login throttling per account, per account and address, and (much higher) per address; unlocking.

Regression (issue 16, part 1, item 6): five wrong passwords from one address locked every account
from that address for 15 minutes, correct passwords and ``/admin/login/`` included, so one
person's typos (or an attacker behind the same router) locked the whole office out.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from dudao.store.audit.models import Action, AuditEntry
from dudao.web.demo import DEMO_PASSWORD
from tests.web.conftest import login

pytestmark = pytest.mark.django_db

OFFICE_ROUTER = "10.1.1.1"  # everyone in the office comes through one address


def attempt(username: str, password: str, address: str = OFFICE_ROUTER, path: str = "/login/") -> Any:
    return Client().post(path, {"username": username, "password": password}, REMOTE_ADDR=address)


@override_settings(LOGIN_FAILURE_LIMIT=5)
def test_one_persons_typos_lock_only_that_account_at_that_address() -> None:
    for n in range(5):
        attempt("jiangbei", f"typo-{n}")
    locked = attempt("jiangbei", DEMO_PASSWORD)
    assert locked.status_code == 429
    text = locked.content.decode()
    assert "此账号在此地址登录失败次数过多" in text and "15 分钟后再试" in text and "督导室解除锁定" in text
    # Everyone else in the office still logs in, the admin's login included.
    assert attempt("office", DEMO_PASSWORD).status_code == 302
    assert attempt("yuzhong", DEMO_PASSWORD).status_code == 302
    admin = attempt("admin", DEMO_PASSWORD, path="/admin/login/?next=/admin/")
    assert admin.status_code == 302 and admin["Location"] == "/admin/"
    # The same account from another address is not locked either.
    assert attempt("jiangbei", DEMO_PASSWORD, address="10.2.2.2").status_code == 302


@override_settings(LOGIN_FAILURE_LIMIT=5, LOGIN_ACCOUNT_FAILURE_LIMIT=8)
def test_an_account_guessed_from_many_addresses_is_locked_everywhere() -> None:
    for n in range(8):
        attempt("office", f"guess-{n}", address=f"198.51.100.{n}")
    refused = attempt("office", DEMO_PASSWORD, address="10.9.9.9")  # even from a new address
    assert refused.status_code == 429 and "多个地址" in refused.content.decode()
    assert attempt("jiangbei", DEMO_PASSWORD, address="198.51.100.1").status_code == 302
    scopes = set(AuditEntry.objects.filter(action=Action.LOGIN_LOCKED).values_list("after__scope", flat=True))
    assert scopes == {"account"}


@override_settings(LOGIN_FAILURE_LIMIT=5, LOGIN_ADDRESS_FAILURE_LIMIT=6)
def test_spraying_from_one_address_stops_its_retries_but_not_other_accounts() -> None:
    sprayed = ["alice", "bob", "carol", "dave", "erin", "jiangbei"]
    for name in sprayed:
        assert attempt(name, "123456", address="203.0.113.5").status_code == 200
    # An account the address failed on is not tried again from there, not even with its password …
    again = attempt("jiangbei", DEMO_PASSWORD, address="203.0.113.5")
    assert again.status_code == 429 and "此地址尝试登录的账号过多" in again.content.decode()
    # … but an account it has not attacked logs in with its correct password, and is refused a
    # wrong one with the same message.
    assert attempt("office", DEMO_PASSWORD, address="203.0.113.5").status_code == 302
    assert "此地址尝试登录的账号过多" in attempt("yuzhong", "wrong", address="203.0.113.5").content.decode()
    assert attempt("jiangbei", DEMO_PASSWORD, address="10.0.0.9").status_code == 302  # elsewhere: fine


@override_settings(LOGIN_FAILURE_LIMIT=3)
def test_the_office_sees_the_lockouts_and_unlocks_them_audited() -> None:
    for n in range(3):
        attempt("jiangbei", f"typo-{n}")
    assert attempt("jiangbei", DEMO_PASSWORD).status_code == 429
    office = login("office")
    page = office.get(reverse("login_locks"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "jiangbei" in html and "账号（仅此地址）" in html and OFFICE_ROUTER in html
    assert reverse("login_locks") in office.get(reverse("rounds")).content.decode()  # in the menu
    done = office.post(reverse("login_unlock"), {"username": "jiangbei"}, REMOTE_ADDR="10.3.3.3")
    assert done.status_code == 302
    entry = AuditEntry.objects.get(action=Action.LOGIN_UNLOCKED)
    assert entry.username == "office" and entry.target == "jiangbei" and entry.before["failures"] == 3
    assert entry.before["addresses"] == [OFFICE_ROUTER] and entry.address == "10.3.3.3"
    assert attempt("jiangbei", DEMO_PASSWORD).status_code == 302
    assert "目前没有被锁定" in office.get(reverse("login_locks")).content.decode()
    # A unit's editor may neither see nor lift lockouts.
    assert login("yuzhong").get(reverse("login_locks")).status_code == 403
    assert login("yuzhong").post(reverse("login_unlock"), {"username": "x"}).status_code == 403
