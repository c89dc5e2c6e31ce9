"""The JSON API (django-ninja); OpenAPI document at ``/api/openapi.json``, read at ``/api/docs``.

Every endpoint needs a signed-in caller (an API token or the browser session) except the
published results; so do the documentation and the OpenAPI document (a browser session: a
visitor is sent to log in, a script gets 401). What the caller may see and do is decided by
:mod:`dudao.web.access`.
Every error, including an unknown path or a wrong method, answers in the one envelope of
:mod:`dudao.web.api.errors`.
"""

from collections.abc import Callable
from functools import partial, wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.urls import URLPattern, URLResolver, re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI, Swagger

from dudao.web.access import public, signed_in
from dudao.web.api import errors
from dudao.web.api.auth import ANYONE_SIGNED_IN, TOKEN
from dudao.web.api.routes import (
    entry,
    evidence,
    publication,
    results,
    review,
    reviewers,
    rounds,
    survey,
    tokens,
    verification,
)
from dudao.web.nul import nul_in_request

DESCRIPTION = """督导评价系统的数据接口。(The JSON API of dudao.)

**认证 (Authentication)**：请求头 `Authorization: Bearer <令牌>`（令牌在登录后经 `POST /api/tokens` 新建），
或浏览器会话（写请求须带 `X-CSRFToken`）。只有公开结果无需认证。
(Send a token as `Authorization: Bearer <key>`, or use the browser session with CSRF. Only published
results need no sign-in.)

**错误 (Errors)**：所有错误都是同一形状 (every error has one shape)：
`{"error": {"code": "…", "message": "…", "field": "…或 null", "details": [{"field": "…", "message": "…"}]}}`；
状态码 (status)：400 请求体不是 JSON，401 未认证，403 无权限，404 不存在，405 方法不允许，
409 状态冲突（已被他人修改、已提交、已锁定、轮次未开放），413 文件过大，415 文件类型不符，
422 数据未通过校验，500 服务器错误。
"""


class DudaoAPI(NinjaAPI):
    """ninja's API, with every URL under ``/api/`` answering errors in the envelope.

    ninja answers a wrong method with a plain-text 405 and leaves unknown paths to Django's
    HTML 404; here each view is wrapped to answer both in the envelope, and a last route
    catches every path that matches nothing.
    """

    def _get_urls(self) -> list[URLPattern | URLResolver]:
        found = [_enveloped(p) if isinstance(p, URLPattern) else p for p in super()._get_urls()]
        return [*found, re_path(r"^.*$", _unknown_path, name="unknown")]


def _enveloped(pattern: URLPattern) -> URLPattern:
    view: Callable[..., HttpResponse] = pattern.callback

    @wraps(view)  # keeps ninja's identity: csrf_exempt, and the module AccessMiddleware trusts
    def answer(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        where = nul_in_request(request, kwargs)
        if where is not None:
            return errors.error_response(
                422,
                "invalid",
                _("文本中不能含有 NUL 控制字符（U+0000）：%(field)s") % {"field": where},
                field=where,
            )
        try:
            response = view(request, *args, **kwargs)
        except Http404:  # the API root (ninja's placeholder view)
            return _not_found(request)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response["Allow"]
            refused = errors.error_response(
                405,
                "method_not_allowed",
                _("%(path)s 不接受 %(method)s 请求；可用：%(allowed)s")
                % {"path": request.path, "method": request.method, "allowed": allowed},
            )
            refused["Allow"] = allowed
            return refused
        return response

    if isinstance(view, partial):  # the root, which says where the documentation is
        public(answer)
    return URLPattern(pattern.pattern, answer, pattern.default_args, pattern.name)


def _documentation(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The documentation and the OpenAPI document: for the signed-in only, by session (a visitor is
    sent to log in) or by API token (a script with a bad one gets 401)."""
    documented = signed_in(view)

    @wraps(documented)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        header = request.headers.get("Authorization", "")
        if not request.user.is_authenticated and header[:7].lower() == "bearer ":
            try:
                TOKEN.authenticate(request, header[7:])
            except errors.ApiError as refused:
                return errors.error_response(refused.status, refused.code, refused.message)
        return documented(request, *args, **kwargs)

    return guarded


def _not_found(request: HttpRequest) -> HttpResponse:
    return errors.error_response(
        404,
        "not_found",
        _("没有这个接口：%(method)s %(path)s；接口列表见 /api/docs")
        % {"method": request.method, "path": request.path},
    )


@public
@csrf_exempt
def _unknown_path(request: HttpRequest) -> HttpResponse:
    return _not_found(request)


api = DudaoAPI(
    title="dudao 督导评价接口 (dudao API)",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=ANYONE_SIGNED_IN,
    docs_decorator=_documentation,
    # No deep links: Swagger UI draws each operation's path as a link inside the button that opens
    # it, a control inside a control that keyboards and screen readers cannot tell apart (WCAG 4.1.2).
    docs=Swagger(settings={"deepLinking": False}),
)
errors.install(api)
api.add_router("", rounds.router)
api.add_router("", entry.router)
api.add_router("", evidence.router)
api.add_router("", results.router)
api.add_router("", publication.router)
api.add_router("", publication.public)
api.add_router("", tokens.router)
api.add_router("", survey.router)
api.add_router("", review.review)
api.add_router("", review.results)
api.add_router("", reviewers.router)
api.add_router("", verification.router)
