"""Who is calling: an API token (machine clients) or the browser's session (with CSRF).

Machine clients send ``Authorization: Bearer <key>``; the key is one that
:meth:`~dudao.store.accounts.models.ApiToken.issue` returned, found here by its SHA-256. A
browser already signed in uses its session cookie; its writes must carry the CSRF token
(``X-CSRFToken``), as Django's forms do.

Either way the caller ends up as ``request.user``, so endpoints and the history middleware
see one user whatever the credential. What the user may do is decided by
:mod:`dudao.web.access`, never here.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from dudao.store.accounts.models import ApiToken
from dudao.web.api.errors import ApiError, unauthenticated

_SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
LAST_USED_PRECISION = timedelta(minutes=1)  # how stale a token's last_used_at may be


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <key>``: a known, unrevoked token of an active user."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        key = token.strip()
        found = (
            ApiToken.objects.select_related("user", "user__profile").filter(digest=ApiToken.hash(key)).first()
            if key
            else None
        )
        if found is None or not found.user.is_active:
            raise ApiError(401, "bad_token", _("令牌无效：请检查 Authorization 请求头中的令牌是否完整"))
        if found.revoked:
            words = {"name": found.name, "prefix": found.prefix}
            raise ApiError(401, "revoked_token", _("令牌“%(name)s”（%(prefix)s…）已撤销") % words)
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at > LAST_USED_PRECISION:
            # A write per request would queue every reader behind SQLite's one writer.
            found.last_used_at = now
            found.save(update_fields=["last_used_at"])
        request.user = found.user
        return found.user


class SessionAuth(APIKeyCookie):
    """The signed-in browser session; writes are checked for CSRF like any Django form."""

    param_name: str = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        # The CSRF check waits until we know there is a session: a caller without one is
        # told it is not signed in (401), not that its CSRF token is missing.
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        unsafe = request.method not in _SAFE_METHODS and not getattr(request, "_ninja_csrf_exempt", False)
        if unsafe and check_csrf(request) is not None:
            raise ApiError(403, "csrf_failed", _("CSRF 校验失败：浏览器会话的写请求须带 X-CSRFToken 请求头"))
        return user


TOKEN = TokenAuth()
SESSION = SessionAuth()
ANYONE_SIGNED_IN = [TOKEN, SESSION]


def caller(request: HttpRequest) -> User:
    """The authenticated user of an endpoint that requires one."""
    user = request.user
    if not isinstance(user, User) or not user.is_authenticated:  # unreachable behind ninja's auth
        raise unauthenticated()
    return user
