"""The JSON API's one error envelope, and the handlers that turn every failure into it.

Every error the API answers has the same shape, built by :func:`error_body`::

    {"error": {"code": "<slug>", "message": "<中文说明>", "field": "<field or null>",
               "details": [{"field": "...", "message": "..."}, ...]}}

>>> error_body("not_found", "没有这个轮次：7", field="round_id")["error"]["field"]
'round_id'
>>> error_body("invalid", "有误", details=[("a", "必填")])["error"]["details"]
[{'field': 'a', 'message': '必填'}]

The HTTP status says the kind of failure: 400 a body that cannot be read, 401 not signed in,
403 not allowed, 404 nothing there, 405 wrong method, 409 the data's state forbids it (stale,
submitted, closed), 413 too large, 415 a file of the wrong type, 422 values that do not
validate, 500 a bug (logged; the answer carries no traceback).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from dudao.store.entry.services import EntryRefused
from dudao.store.review.refusals import ReviewRefused

logger = logging.getLogger("dudao.web.api")

Detail = tuple[str | None, str]

# EntryRefused codes that mean "the data is not in a state that allows this" rather than "bad values".
CONFLICTS = frozenset(
    {"stale", "already_submitted", "locked", "round_closed", "not_submitted", "already_deleted"}
)
_ENTRY_STATUS = {"too_large": 413, "bad_type": 415, "not_in_round": 404} | dict.fromkeys(CONFLICTS, 409)


class ApiError(Exception):
    """An error the API answers on purpose, with its status, code, message and field."""

    def __init__(
        self, status: int, code: str, message: str, field: str | None = None, details: Sequence[Detail] = ()
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.details = tuple(details)


def unauthenticated() -> ApiError:
    message = _("未登录：请登录，或在请求头中携带 Authorization: Bearer <令牌>")
    return ApiError(401, "unauthenticated", message)


def error_body(
    code: str, message: str, *, field: str | None = None, details: Iterable[Detail] = ()
) -> dict[str, Any]:
    """The envelope: the one shape of every error the API answers."""
    return {
        "error": {
            "code": code,
            "message": message,
            "field": field,
            "details": [{"field": f, "message": m} for f, m in details],
        }
    }


def error_response(
    status: int, code: str, message: str, *, field: str | None = None, details: Iterable[Detail] = ()
) -> HttpResponse:
    return JsonResponse(
        error_body(code, message, field=field, details=details),
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


# -- one handler per kind of failure ----------------------------------------------------------


def _api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
    return error_response(exc.status, exc.code, exc.message, field=exc.field, details=exc.details)


def _entry_refused(request: HttpRequest, exc: EntryRefused) -> HttpResponse:
    details = list(exc.errors.items())
    first = details[0][0] if details else None
    if "submit" in exc.errors:  # the summary of an incomplete submission says it best
        message = exc.errors["submit"]
    elif len(details) == 1:
        message = details[0][1]
    else:
        message = _("共 %(n)d 处问题，第一处：%(first)s") % {"n": len(details), "first": details[0][1]}
    status = _ENTRY_STATUS.get(exc.code, 422)
    return error_response(status, exc.code, message, field=first, details=details)


def _review_refused(request: HttpRequest, exc: ReviewRefused) -> HttpResponse:
    """A review, reconciliation, final score or assignment refused: 422, located at its field."""
    first = exc.problems[0]
    details = [(p.location.field or None, p.message_zh) for p in exc.problems]
    field = first.location.field or None
    return error_response(422, first.code, first.message_zh, field=field, details=details)


def _denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    message = str(exc) or _("无权执行此操作")
    return error_response(403, "forbidden", message)


def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return error_response(404, "not_found", _("没有找到：%(path)s") % {"path": request.path})


def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    details = [(field_of(e.get("loc", ())), _message_of(e)) for e in exc.errors]
    field, message = details[0] if details else (None, _("请求不符合接口说明"))
    if len(details) > 1:
        message = _("共 %(n)d 处不符合接口说明，第一处：%(first)s") % {"n": len(details), "first": message}
    return error_response(422, "invalid_request", message, field=field, details=details)


def _too_big(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return error_response(413, "too_large", _("请求体过大；文件请以 multipart/form-data 上传"))


def _suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
    return error_response(400, "bad_request", _("请求无法处理：格式或内容不被接受"))


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """ninja's own refusals: no credentials (401), a body that is not JSON (400), and others."""
    if isinstance(exc, AuthenticationError) or exc.status_code == 401:
        return _api_error(request, unauthenticated())
    if exc.status_code == 400:
        return error_response(
            400, "bad_json", _("请求体不是有效的 JSON；请以 Content-Type: application/json 发送 JSON 对象")
        )
    if exc.status_code == 403:
        return error_response(403, "forbidden", _("无权执行此操作"))
    code = {429: "throttled"}.get(exc.status_code, "http_error")
    return error_response(exc.status_code, code, str(exc))


RETRY_AFTER_SECONDS = 30  # what a 503 tells the client to wait before trying again


def database_unavailable_response() -> HttpResponse:
    """503 while the database cannot be reached (see :mod:`dudao.web.unavailable`)."""
    response = error_response(
        503, "database_unavailable", _("数据库暂时无法连接，本次请求未保存任何内容；请稍后重试")
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _database_unavailable(request: HttpRequest, exc: Exception) -> HttpResponse:
    return database_unavailable_response()


def _unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API error on %s %s", request.method, request.path, exc_info=exc)
    return error_response(500, "server_error", _("服务器内部错误，已记录；请稍后重试或联系管理员"))


HANDLERS: dict[type[Exception], Callable[[HttpRequest, Any], HttpResponse]] = {
    ApiError: _api_error,
    EntryRefused: _entry_refused,
    ReviewRefused: _review_refused,
    PermissionDenied: _denied,  # access.AccessDenied among them
    Http404: _not_found,
    ValidationError: _invalid,
    RequestDataTooBig: _too_big,
    SuspiciousOperation: _suspicious,
    HttpError: _http_error,
    OperationalError: _database_unavailable,
    InterfaceError: _database_unavailable,
    Exception: _unexpected,
}
"""Each exception class the API meets and its handler; the most specific class wins."""


def install(api: NinjaAPI) -> None:
    """Route every exception the API can meet to the envelope."""
    for exc_class, handler in HANDLERS.items():
        api.exception_handler(exc_class)(handler)


# -- reading ninja's validation errors ---------------------------------------------------------


def field_of(loc: Sequence[Any]) -> str | None:
    """The field a validation error points at, from its location path.

    The first two steps say where (``body``, ``query``…) and which parameter; a request body
    read as one object drops its parameter name.

    >>> field_of(("body", "payload", "values", 0, "value"))
    'values[0].value'
    >>> field_of(("query", "period"))
    'period'
    >>> field_of(("body", "payload")) is None
    True
    """
    steps = list(loc[1:])
    if loc and loc[0] == "body" and steps:
        steps = steps[1:]
    text = ""
    for step in steps:
        text += f"[{step}]" if isinstance(step, int) else (f".{step}" if text else str(step))
    return text or None


_MESSAGES = {
    "missing": gettext_noop("必填，缺少此项"),
    "float_parsing": gettext_noop("须为数字"),
    "float_type": gettext_noop("须为数字"),
    "int_parsing": gettext_noop("须为整数"),
    "int_type": gettext_noop("须为整数"),
    "string_type": gettext_noop("须为字符串"),
    "bool_parsing": gettext_noop("须为 true 或 false"),
    "list_type": gettext_noop("须为数组（列表）"),
    "dict_type": gettext_noop("须为 JSON 对象"),
    "model_attributes_type": gettext_noop("须为 JSON 对象"),
    "model_type": gettext_noop("须为 JSON 对象"),
    "extra_forbidden": gettext_noop("不认识的字段"),
    "string_too_long": gettext_noop("过长"),
    "string_too_short": gettext_noop("不能为空"),
    "too_short": gettext_noop("至少需要一项"),
}


def _message_of(error: dict[str, Any]) -> str:
    """A validation error in Chinese, naming the field and what is accepted."""
    field = field_of(error.get("loc", ())) or _("请求体")
    known = _MESSAGES.get(str(error.get("type", "")))
    what = _(known) if known else _("格式不正确（%(detail)s）") % {"detail": error.get("msg", "")}
    return _("%(field)s：%(what)s") % {"field": field, "what": what}
