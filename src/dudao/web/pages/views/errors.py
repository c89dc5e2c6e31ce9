"""Pages: what Django shows when a form fails its CSRF check (``CSRF_FAILURE_VIEW``).

Django's own page is unstyled English meant for developers (it tells the reader to set
``DEBUG=True``). Ours says in the interface's language what most likely happened — the page was
open from before the user logged in again (the form's token changed), or the browser refuses the
site's cookies — and what to do. A page's script (htmx) gets the same as a notice above the page,
so what was typed stays; a JSON request gets the API's envelope.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import REASON_NO_CSRF_COOKIE
from django.shortcuts import render
from django.utils.translation import gettext as _

from dudao.web.api.errors import error_response
from dudao.web.session import is_htmx, notice, wants_json


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A refused form: why, most likely, and what to do (Django passes its ``reason``)."""
    context = {"no_cookie": reason == REASON_NO_CSRF_COOKIE, "back": request.get_full_path()}
    if is_htmx(request):
        return notice(request, "dudao/_csrf_notice.html", 403, context)
    if wants_json(request):
        return error_response(403, "csrf_failed", _("页面已过期或浏览器禁用了 Cookie，请刷新页面后重试"))
    return render(request, "403_csrf.html", context, status=403)
