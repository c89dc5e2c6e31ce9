"""The Content-Security-Policy 内容安全策略 every page of the site is served with.

Scripts run only from the site's own static files: no inline ``<script>``, no ``on…=`` handlers,
no ``eval`` (htmx is told not to try: ``allowEval`` is off in ``base.html``, and the entry page
sends its own events instead of htmx's trigger filters). Data for scripts travels in
``<script type="application/json">`` blocks (Django's ``json_script``), which are not run.

Styles may also be inline: the vendored ECharts writes its tooltips with ``style`` attributes,
the documents' charts are SVG with inline styles, and a document page carries its own
stylesheet. An injected style cannot run code, and every template escapes what it prints.

Images may be ``data:`` URIs (a document's charts for print, the API docs' icons). Frames: only
the site itself (as ``X-Frame-Options: SAMEORIGIN`` says for older browsers). Forms post only to
the site. The policy goes on HTML answers; files (evidence, downloads) and JSON carry none.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'self'",
    )
)


class ContentSecurityPolicy:
    """Add :data:`POLICY` to every HTML answer that has none of its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            response.headers.setdefault("Content-Security-Policy", POLICY)
        return response
