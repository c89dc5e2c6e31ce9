"""Login throttling 登录限制: too many failures for one account or one address lock it out.

Every failed password is kept as a :class:`~dudao.web.accounts.models.LoginFailure`. When
``LOGIN_FAILURE_LIMIT`` failures for the same username, or from the same client address, fall
within the last ``LOGIN_FAILURE_WINDOW_SECONDS``, further logins are refused, even with the
right password, until enough of those failures have aged out of the window. A lockout that
starts is written to the audit log; a successful login clears the account's failures.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from dudao.web.accounts.models import LoginFailure
from dudao.web.audit.models import Action, record


@dataclass(frozen=True)
class Lockout:
    """A refused login: until when, and whether it was the account or the address."""

    until: datetime
    by_address: bool

    def minutes_left(self, now: datetime | None = None) -> int:
        """Whole minutes to wait (at least 1).

        >>> from datetime import datetime, timezone as tz
        >>> Lockout(datetime(2024, 1, 1, 8, 10, 1, tzinfo=tz.utc), False).minutes_left(
        ...     datetime(2024, 1, 1, 8, 0, tzinfo=tz.utc))
        11
        """
        seconds = (self.until - (now or timezone.now())).total_seconds()
        return max(1, math.ceil(seconds / 60))


def _window() -> timedelta:
    return timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def _recent(**lookup: str) -> QuerySet[LoginFailure]:
    return LoginFailure.objects.filter(at__gte=timezone.now() - _window(), **lookup)


def _unlocks_at(failures: QuerySet[LoginFailure]) -> datetime | None:
    """When fewer than the limit of ``failures`` remain in the window, or None if not locked."""
    limit = settings.LOGIN_FAILURE_LIMIT
    times = list(failures.order_by("-at").values_list("at", flat=True)[:limit])
    if len(times) < limit:
        return None
    return times[-1] + _window()


def lockout(username: str, address: str) -> Lockout | None:
    """The lockout that applies to a login of ``username`` from ``address``, if any."""
    found = [
        (until, by_address)
        for until, by_address in (
            (_unlocks_at(_recent(username=username)), False),
            (_unlocks_at(_recent(address=address)), True),
        )
        if until is not None
    ]
    if not found:
        return None
    until, by_address = max(found)
    return Lockout(until, by_address)


def fail(username: str, address: str) -> Lockout | None:
    """Record a failed login; audit and return the lockout it starts, if it starts one."""
    LoginFailure.objects.create(username=username[:150], address=address[:64])
    limit = settings.LOGIN_FAILURE_LIMIT
    by_user = _recent(username=username).count()
    by_address = _recent(address=address).count()
    if limit not in (by_user, by_address):
        return None
    record(
        None,
        Action.LOGIN_LOCKED,
        target=username[:200],
        after={"username": username, "address": address, "failures": max(by_user, by_address)},
        address=address[:64],
    )
    return lockout(username, address)


def succeed(username: str) -> None:
    """A successful login clears the account's failures."""
    LoginFailure.objects.filter(username=username).delete()


def client_address(meta: dict[str, object]) -> str:
    """The client's address as the server saw it (``X-Forwarded-For`` is not trusted).

    >>> client_address({"REMOTE_ADDR": "10.0.0.7"})
    '10.0.0.7'
    >>> client_address({})
    'unknown'
    """
    return str(meta.get("REMOTE_ADDR") or "unknown")
