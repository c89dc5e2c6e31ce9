"""API tokens 接口令牌: a signed-in user issues, lists and revokes their own.

A token acts with its owner's role and unit, so issuing one is recorded in the audit log as a
permission change, and only a browser session may issue one (a token cannot breed tokens). The
public account gets none: what it may read (published results) needs no sign-in.
"""

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from dudao.store.accounts.models import ApiToken
from dudao.store.audit.models import Action, record
from dudao.web.access import Do, can
from dudao.web.api.auth import SESSION, caller
from dudao.web.api.errors import ApiError
from dudao.web.api.schemas import NewTokenOut, TokenIn, TokenOut, answers
from dudao.web.api.scope import address_of

router = Router(tags=["令牌 (Tokens)"])


def token_out(token: ApiToken) -> TokenOut:
    return TokenOut(
        id=token.pk,
        name=token.name,
        prefix=token.prefix,
        created_at=token.created_at,
        last_used_at=token.last_used_at,
        revoked=token.revoked,
    )


@router.post(
    "tokens",
    response=answers(NewTokenOut, frozenset({400, 401, 403, 422, 500}), status=201),
    auth=[SESSION],
    summary="新建令牌 (Issue a token)",
    description="为自己新建一个接口令牌；令牌本身只在此次返回，请妥善保存。仅限浏览器会话（需 CSRF）；"
    "公众账号不能新建（已公开的结果无需登录）。(Issues a token for the signed-in user; the key is returned "
    "only this once. Session only, with CSRF; not for the public account, whose published results need no "
    "sign-in.)",
)
def issue_token(request: HttpRequest, payload: TokenIn) -> Status[NewTokenOut]:
    if not can(request.user, Do.USE_API):
        raise ApiError(
            403,
            "forbidden",
            _("公众账号只能查看已公开的结果，这无需令牌；接口令牌只发给督导室、评审专家和被评价单位的账号"),
        )
    with transaction.atomic():
        token, key = ApiToken.issue(request.user, payload.name.strip() or payload.name)
        record(
            request.user,
            Action.PERMISSION,
            target=f"token:{token.prefix}",
            after={"token": token.name, "prefix": token.prefix},
            address=address_of(request),
        )
    return Status(201, NewTokenOut(**token_out(token).model_dump(), key=key))


@router.get(
    "tokens",
    response=answers(list[TokenOut]),
    summary="我的令牌 (My tokens)",
    description="自己的令牌（不含令牌本身）。(The caller's own tokens, without their keys.)",
)
def list_tokens(request: HttpRequest) -> list[TokenOut]:
    return [token_out(t) for t in ApiToken.objects.filter(user=caller(request)).order_by("-created_at")]


@router.delete(
    "tokens/{token_id}",
    response=answers(TokenOut),
    summary="撤销令牌 (Revoke a token)",
    description="撤销自己的一个令牌，此后用它的请求以 401 拒绝。(Revokes one of the caller's tokens.)",
)
def revoke_token(request: HttpRequest, token_id: int) -> TokenOut:
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().filter(pk=token_id, user=caller(request)).first()
        if token is None:
            raise ApiError(
                404, "not_found", _("您没有编号为 %(id)s 的令牌") % {"id": token_id}, field="token_id"
            )
        if not token.revoked:
            token.revoked = True
            token.save(update_fields=["revoked"])
            record(
                request.user,
                Action.PERMISSION,
                target=f"token:{token.prefix}",
                before={"token": token.name, "revoked": False},
                after={"token": token.name, "revoked": True},
                address=address_of(request),
            )
    return token_out(token)
