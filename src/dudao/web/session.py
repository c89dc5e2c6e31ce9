"""What a page's script gets when the session behind it has expired (or never signed in).

A page opened in the browser goes to the login page and comes back. A request the page's script
sends (htmx, or one asking for JSON) must not get the login page instead of its answer: swapped
into the form, it would replace what was typed. It gets 401 instead — htmx a short notice (marked
``X-Dudao-Notice``, which ``site.js`` shows above the page without touching the form) saying the
session expired and offering to sign in in a new tab; a JSON request the API's error envelope.
The page and everything typed in it stay as they are; once signed in again, saving works (the
page's script takes the new CSRF token from its cookie).
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from dudao.web.api.errors import error_response

NOTICE = "X-Dudao-Notice"  # the answer is a notice to show above the page, not a part to swap in


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def wants_json(request: HttpRequest) -> bool:
    """A script that asked for JSON (and not a page)."""
    accept = request.headers.get("Accept", "")
    return "application/json" in accept and "text/html" not in accept


def notice(
    request: HttpRequest, template: str, status: int, context: dict[str, object] | None = None
) -> HttpResponse:
    """A notice for a page's script, shown above the page instead of the part it asked for."""
    response = HttpResponse(render_to_string(template, context or {}, request=request), status=status)
    response[NOTICE] = "1"
    return response


def signed_out(request: HttpRequest) -> HttpResponse:
    """The answer to a request that needs a session and has none (any more)."""
    if is_htmx(request):
        login = f"{reverse('login')}?next={reverse('login_done')}"
        return notice(request, "dudao/accounts/_session_expired.html", 401, {"login_url": login})
    if wants_json(request):
        return error_response(401, "unauthenticated", _("登录已过期或尚未登录，请先登录"))
    return redirect_to_login(request.get_full_path())
