"""Login throttling 登录限制: guessing is stopped per account, without locking out everyone else.

Every failed password is kept as a :class:`~dudao.store.accounts.models.LoginFailure` (account and
address). Within the last ``LOGIN_FAILURE_WINDOW_SECONDS``:

- ``LOGIN_FAILURE_LIMIT`` failures of one account **from one address** lock that account at that
  address (a person, or a script, guessing one password);
- ``LOGIN_ACCOUNT_FAILURE_LIMIT`` failures of one account **from any addresses** lock the account
  everywhere: it is under attack from several places;
- ``LOGIN_ADDRESS_FAILURE_LIMIT`` failures **from one address** over many accounts (spraying a
  common password; a much higher number, since an office shares one address behind its router)
  stop that address from trying again the accounts it failed on. An account it has not failed on
  is not under attack: its password is still checked and, right, lets its owner in.

So a colleague's typos, or an attacker at the same address, never refuse a correct password of an
account that is not itself under attack. A lockout says how long it lasts; it lifts by itself as
the failures age out of the window, or when the office unlocks the account or the address (both
audited, as is every lockout that starts). A successful login clears the failures of that
account from that address.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from dudao.store.accounts.models import LoginFailure
from dudao.store.audit.models import Action, record


class Scope(StrEnum):
    """What a lockout holds: one account at one address, one account everywhere, one address."""

    PAIR = "account_at_address"
    ACCOUNT = "account"
    ADDRESS = "address"


SCOPE_LABELS = {
    Scope.PAIR.value: gettext_lazy("账号（仅此地址）"),
    Scope.ACCOUNT.value: gettext_lazy("账号（所有地址）"),
    Scope.ADDRESS.value: gettext_lazy("地址"),
}


@dataclass(frozen=True)
class Lockout:
    """A refused login: until when, and what is locked."""

    until: datetime
    scope: Scope

    def minutes_left(self, now: datetime | None = None) -> int:
        """Whole minutes to wait (at least 1).

        >>> from datetime import datetime, timezone as tz
        >>> Lockout(datetime(2024, 1, 1, 8, 10, 1, tzinfo=tz.utc), Scope.PAIR).minutes_left(
        ...     datetime(2024, 1, 1, 8, 0, tzinfo=tz.utc))
        11
        """
        seconds = (self.until - (now or timezone.now())).total_seconds()
        return max(1, math.ceil(seconds / 60))


def _window() -> timedelta:
    return timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def _recent(**lookup: str) -> QuerySet[LoginFailure]:
    return LoginFailure.objects.filter(at__gte=timezone.now() - _window(), **lookup)


def _limits() -> dict[Scope, int]:
    return {
        Scope.PAIR: settings.LOGIN_FAILURE_LIMIT,
        Scope.ACCOUNT: settings.LOGIN_ACCOUNT_FAILURE_LIMIT,
        Scope.ADDRESS: settings.LOGIN_ADDRESS_FAILURE_LIMIT,
    }


def _unlocks_at(failures: QuerySet[LoginFailure], limit: int) -> datetime | None:
    """When fewer than ``limit`` of ``failures`` remain in the window, or None if not locked."""
    times = list(failures.order_by("-at").values_list("at", flat=True)[:limit])
    if len(times) < limit:
        return None
    return times[-1] + _window()


def lockout(username: str, address: str) -> Lockout | None:
    """The lockout that refuses a login of ``username`` from ``address`` before its password is
    checked, if any (the longest, when several hold)."""
    limits = _limits()
    found = [
        Lockout(until, scope)
        for scope, failures in (
            (Scope.PAIR, _recent(username=username, address=address)),
            (Scope.ACCOUNT, _recent(username=username)),
        )
        if (until := _unlocks_at(failures, limits[scope])) is not None
    ]
    sprayed = _unlocks_at(_recent(address=address), limits[Scope.ADDRESS])
    if sprayed is not None and _recent(username=username, address=address).exists():
        found.append(Lockout(sprayed, Scope.ADDRESS))  # an account this address has failed on
    return max(found, key=lambda lock: lock.until) if found else None


def fail(username: str, address: str) -> Lockout | None:
    """Record a failed login; audit every lockout it starts and return the one on this account."""
    LoginFailure.objects.create(username=username[:150], address=address[:64])
    limits = _limits()
    counts = {
        Scope.PAIR: _recent(username=username, address=address).count(),
        Scope.ACCOUNT: _recent(username=username).count(),
        Scope.ADDRESS: _recent(address=address).count(),
    }
    for scope, count in counts.items():
        if count == limits[scope]:
            record(
                None,
                Action.LOGIN_LOCKED,
                target=(address if scope is Scope.ADDRESS else username)[:200],
                after={"username": username, "address": address, "failures": count, "scope": scope.value},
                address=address[:64],
            )
    return lockout(username, address)


def succeed(username: str, address: str) -> None:
    """A successful login clears the failures of that account from that address."""
    LoginFailure.objects.filter(username=username, address=address).delete()


@dataclass(frozen=True)
class Held:
    """A lockout as the office sees it: what is locked, how many failures, from where, until when."""

    scope: Scope
    username: str  # "" for an address
    address: str  # "" for an account locked everywhere
    failures: int
    until: datetime
    addresses: tuple[str, ...] = ()  # where an account's failures came from
    accounts: int = 0  # how many accounts an address failed on

    @property
    def minutes_left(self) -> int:
        return Lockout(self.until, self.scope).minutes_left()


def held() -> list[Held]:
    """Every lockout in force now: accounts (everywhere, or at one address) and addresses."""
    limits = _limits()
    by_pair: dict[tuple[str, str], list[datetime]] = {}
    by_account: dict[str, list[datetime]] = {}
    by_address: dict[str, list[datetime]] = {}
    accounts_of: dict[str, set[str]] = {}
    for username, address, at in _recent().order_by("-at").values_list("username", "address", "at"):
        by_pair.setdefault((username, address), []).append(at)  # newest first
        by_account.setdefault(username, []).append(at)
        by_address.setdefault(address, []).append(at)
        accounts_of.setdefault(address, set()).add(username)

    def until(times: list[datetime], scope: Scope) -> datetime | None:
        return times[limits[scope] - 1] + _window() if len(times) >= limits[scope] else None

    found = []
    for username, times in by_account.items():
        if (end := until(times, Scope.ACCOUNT)) is not None:
            where = tuple(sorted({a for (u, a) in by_pair if u == username}))
            found.append(Held(Scope.ACCOUNT, username, "", len(times), end, addresses=where))
    everywhere = {h.username for h in found}
    for (username, address), times in by_pair.items():
        if username not in everywhere and (end := until(times, Scope.PAIR)) is not None:
            found.append(Held(Scope.PAIR, username, address, len(times), end))
    for address, times in by_address.items():
        if (end := until(times, Scope.ADDRESS)) is not None:
            found.append(
                Held(Scope.ADDRESS, "", address, len(times), end, accounts=len(accounts_of[address]))
            )
    return sorted(found, key=lambda h: (h.scope is Scope.ADDRESS, h.username, h.address))


def unlock(user: Any, *, username: str = "", address: str = "", client: str = "") -> int:
    """Lift the lockouts of an account (all its failures) or of an address; audited. Returns how
    many failures were cleared."""
    failures = LoginFailure.objects.all()
    if username:
        failures = failures.filter(username=username)
    if address:
        failures = failures.filter(address=address)
    if not (username or address):
        return 0
    with transaction.atomic():
        found = list(failures.values_list("address", flat=True))
        cleared = failures.delete()[0]
        if cleared:
            record(
                user,
                Action.LOGIN_UNLOCKED,
                target=(username or address)[:200],
                before={
                    "username": username or None,
                    "address": address or None,
                    "failures": cleared,
                    "addresses": sorted(set(found)),
                },
                after={"failures": 0},
                address=client[:64],
            )
    return int(cleared)


def client_address(meta: dict[str, object]) -> str:
    """The client's address as the server saw it (``X-Forwarded-For`` is not trusted).

    >>> client_address({"REMOTE_ADDR": "10.0.0.7"})
    '10.0.0.7'
    >>> client_address({})
    'unknown'
    """
    return str(meta.get("REMOTE_ADDR") or "unknown")
