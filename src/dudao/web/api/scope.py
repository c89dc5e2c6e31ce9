"""Loading the round and unit an API path names, and checking the caller's right to them.

Each endpoint names its rule (:class:`~dudao.web.access.Do`) here; the rules themselves live
only in :mod:`dudao.web.access`. Unknown ids answer 404 before any rule is checked, so the
message can say which id is unknown.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _

from dudao.store.accounts.models import Unit
from dudao.store.rounds.models import Round
from dudao.web.access import Do, authorize
from dudao.web.api.errors import ApiError


def load_round(round_id: int) -> Round:
    found = Round.objects.select_related("scheme", "scope").filter(pk=round_id).first()
    if found is None:
        raise ApiError(404, "not_found", _("没有这个轮次：%(id)s") % {"id": round_id}, field="round_id")
    return found


def load_unit(code: str) -> Unit:
    found = Unit.objects.filter(code=code).first()
    if found is None:
        raise ApiError(404, "not_found", _("没有这个单位代码：%(code)s") % {"code": code}, field="code")
    return found


def round_for(request: HttpRequest, action: Do, round_id: int) -> Round:
    """The round, once ``request.user`` may do ``action`` on it."""
    round = load_round(round_id)
    authorize(request.user, action, round=round)
    return round


def unit_for(request: HttpRequest, action: Do, round_id: int, code: str) -> tuple[Round, Unit]:
    """The round and unit, once ``request.user`` may do ``action`` on that unit in that round."""
    round = load_round(round_id)
    unit = load_unit(code)
    authorize(request.user, action, round=round, unit=unit)
    return round, unit


def address_of(request: HttpRequest) -> str:
    """The caller's address, for the audit log."""
    return str(request.META.get("REMOTE_ADDR", ""))[:64]
