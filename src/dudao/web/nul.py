"""Finding a NUL character (U+0000) in what a request sends as text.

No database stores it in text (PostgreSQL refuses it outright), and no user types it: the API
refuses it up front, naming where it was, instead of failing deep inside a write.

>>> nul_in({"reason": "ok", "items": [{"note": "a\\x00b"}]})
'items.0.note'
>>> nul_in({"reason": "ok"}) is None
True
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.utils.translation import gettext as _

NUL = "\x00"
URLENCODED = "application/x-www-form-urlencoded"


def nul_in(value: Any, where: str = "") -> str | None:
    """Where in ``value`` (a parsed JSON document) a string holds NUL, as a dotted path; or None."""
    if isinstance(value, str):
        return where if NUL in value else None
    if isinstance(value, Mapping):
        items: Any = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    for key, inner in items:
        if isinstance(key, str) and NUL in key:
            return f"{where}.{key!r}".lstrip(".")
        found = nul_in(inner, f"{where}.{key}".lstrip("."))
        if found is not None:
            return found
    return None


def nul_in_request(request: HttpRequest, path_args: Mapping[str, Any]) -> str | None:
    """Where a request's path, query or JSON body holds NUL; None when nowhere."""
    for name, value in path_args.items():
        if isinstance(value, str) and NUL in value:
            return name
    where = _nul_in_fields(request.GET)
    if where is not None:
        return where
    if request.content_type != "application/json":
        return None  # uploads are read by their views, which bound them first
    try:
        body = request.body
    except (RequestDataTooBig, SuspiciousOperation):
        return None  # the view answers it (413), reading the body again
    if b"\\u0000" not in body:
        return None  # a raw NUL makes the JSON malformed, which ninja answers itself
    try:
        return nul_in(json.loads(body))
    except ValueError:
        return None


class RefuseNul:
    """Pages: a form or query that holds NUL is answered 400, naming the field, before any view
    reads it (the API answers the same in its envelope, see :mod:`dudao.web.api.urls`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith("/api/"):
            where = _nul_in_form(request)
            if where is not None:
                message = _("文本中不能含有 NUL 控制字符（U+0000）：%(field)s。请删除后重新提交。") % {
                    "field": where
                }
                return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


def _nul_in_form(request: HttpRequest) -> str | None:
    found = _nul_in_fields(request.GET)
    if found is None and request.method == "POST" and request.content_type == URLENCODED:
        try:  # a form too large or with too many fields fails again, and is answered, in its view
            found = _nul_in_fields(request.POST)
        except (RequestDataTooBig, SuspiciousOperation):
            return None
    return found


def _nul_in_fields(data: QueryDict) -> str | None:
    for name, values in data.lists():
        if NUL in name or any(isinstance(v, str) and NUL in v for v in values):
            return str(name).replace(NUL, "")
    return None
