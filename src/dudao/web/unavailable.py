"""When the database cannot be reached: a clear 503, and the site recovers by itself.

A PostgreSQL server that restarts, fails over or is briefly unreachable breaks the connections a
worker holds. Django checks a kept connection before reusing it (``CONN_HEALTH_CHECKS`` in the
settings), so the first request after the server is back reconnects: no restart of dudao is
needed. A request caught while the server is away gets 503 with ``Retry-After`` and a message
saying what happened and that its change was not saved (the transaction is rolled back) — the
API's JSON envelope for a script, a page for a person — instead of the generic 500.

>>> from django.db import OperationalError
>>> database_unavailable(OperationalError("connection refused")), database_unavailable(ValueError())
(True, False)
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from dudao.web.api.errors import RETRY_AFTER_SECONDS, database_unavailable_response
from dudao.web.session import wants_json


def database_unavailable(error: BaseException | None) -> bool:
    """The database could not be reached or dropped the connection (not a bug in a query)."""
    return isinstance(error, (OperationalError, InterfaceError))


def unavailable(request: HttpRequest, error: BaseException | None = None) -> HttpResponse:
    """503: the database is away; nothing of this request was saved; try again shortly."""
    if request.path.startswith("/api/") or wants_json(request):
        return database_unavailable_response()
    # Rendered without the request: the context processors would ask the database for the user.
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """The site's 500 handler: a lost database is told apart from a bug."""
    error = sys.exc_info()[1]
    if database_unavailable(error):
        return unavailable(request, error)
    return HttpResponse(render_to_string("500.html"), status=500)
