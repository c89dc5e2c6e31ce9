"""Submitting a unit's data (its approver) and sending items back with reasons (the office)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dudao.store.accounts.models import Unit
from dudao.store.entry.services import EntryRefused, return_submission, submit
from dudao.store.rounds.engine import scheme_of
from dudao.store.rounds.models import Round
from dudao.web.access import Do, guard
from dudao.web.pages.entry.page import return_choices
from dudao.web.pages.entry.responses import back, one_message
from dudao.web.pages.http import address_of


@guard(Do.SUBMIT_UNIT)
@require_POST
def unit_submit(request: HttpRequest, round: Round, unit: Unit) -> HttpResponse:
    """Submit and lock; what is missing, or that it was already submitted, comes back as a message."""
    try:
        submit(request.user, round, unit, address=address_of(request))
    except EntryRefused as refused:
        if refused.code == "already_submitted":
            messages.info(request, one_message(refused.errors))
        else:
            messages.error(request, refused.errors.get("submit") or one_message(refused.errors))
        return back(round, unit)
    messages.success(request, _("已提交，数据已锁定。如需修改，请联系督导室退回。"))
    return back(round, unit)


@guard(Do.RETURN_UNIT)
@require_POST
def unit_return(request: HttpRequest, round: Round, unit: Unit) -> HttpResponse:
    """Send chosen items back: fields ``field`` (several) and ``reason-<field>`` for each."""
    chosen = [key for key in request.POST.getlist("field") if key.strip()]
    reasons = {key: request.POST.get(f"reason-{key}", "") for key in chosen}
    try:
        return_submission(request.user, round, unit, reasons, address=address_of(request))
    except EntryRefused as refused:
        labels = {
            key: label for _area, keys in return_choices(scheme_of(round.scheme)) for key, label in keys
        }
        for key, message in refused.errors.items():
            where = labels.get(key)
            messages.error(
                request,
                _("%(where)s：%(message)s") % {"where": where, "message": message} if where else message,
            )
        return back(round, unit, "return")
    messages.success(request, _("已退回 %(n)d 项，待单位修改后重新提交") % {"n": len(reasons)})
    return back(round, unit)
