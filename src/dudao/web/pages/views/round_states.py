"""Pages: a round's states — opening it, closing it and publishing its results, each guarded.

Closing shows what it will freeze (units not submitted, values missing, results that look
wrong) and takes the round's name typed in; publishing shows what becomes public, and results
that look implausible are published only with an explicit confirmation and a reason; published
results can be withdrawn with a reason. The rules are :mod:`dudao.store.rounds.guards` and
:mod:`dudao.store.rounds.services`; every step is audited there.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dudao.store.rounds import services
from dudao.store.rounds.engine import scheme_of
from dudao.store.rounds.guards import closing_summary, findings
from dudao.store.rounds.models import Round
from dudao.store.rounds.services import RoundRefused
from dudao.web.access import Do, guard
from dudao.web.pages.ranking import from_frozen


@guard(Do.RUN_ROUNDS)
@require_POST
def round_state(request: HttpRequest, round: Round) -> HttpResponse:
    """Open the round (closing has its own page, :func:`round_close`)."""
    state = request.POST.get("state", "")
    if state == Round.State.CLOSED:
        return redirect("round_close", round_id=round.pk)
    return _back_to_the_board(
        request,
        round,
        lambda: services.set_state(request.user, round, state),
        _("轮次已开放，各单位可以填报。"),
    )


@guard(Do.RUN_ROUNDS)
def round_close(request: HttpRequest, round: Round) -> HttpResponse:
    """What closing will freeze, and the closing itself once the round's name is typed in."""
    if round.state != Round.State.OPEN:
        messages.error(request, _("只有填报中的轮次才能关闭"))
        return redirect("round", round_id=round.pk)
    refusal, typed = "", ""
    if request.method == "POST":
        typed = request.POST.get("confirm", "")
        try:
            services.close_round(request.user, round, confirmation=typed)
        except RoundRefused as refused:
            refusal = _("；").join(refused.errors.values())
        else:
            messages.success(request, _("轮次已关闭，结果已冻结。公开前请在“公开评价结果”页核对。"))
            return redirect("round", round_id=round.pk)
    context = {"round": round, "summary": closing_summary(round), "refusal": refusal, "typed": typed}
    return render(request, "dudao/rounds/close.html", context, status=400 if refusal else 200)


@guard(Do.RUN_ROUNDS)
def round_publish(request: HttpRequest, round: Round) -> HttpResponse:
    """What publishing shows to everyone, the findings on it, and the publishing itself."""
    if round.state != Round.State.CLOSED or not round.results:
        messages.error(request, _("只有已关闭（结果已冻结）的轮次才能公开结果"))
        return redirect("round", round_id=round.pk)
    refusal = ""
    if request.method == "POST":
        confirmed = request.POST.get("confirm_findings") == "yes"
        try:
            services.publish(request.user, round, confirmed=confirmed, reason=request.POST.get("reason", ""))
        except RoundRefused as refused:
            refusal = _("；").join(refused.errors.values())
        else:
            messages.success(request, _("评价结果已公开。"))
            return redirect("round", round_id=round.pk)
    ranking = from_frozen(round.results, sample=scheme_of(round.scheme).info.sample)
    found = findings(round, round.results)
    context = {
        "round": round,
        "ranking": ranking,
        "chart": ranking.chart(),
        "findings": found,
        "blocking": any(f.blocking for f in found),
        "refusal": refusal,
        "reason": request.POST.get("reason", ""),
    }
    return render(request, "dudao/rounds/publish.html", context, status=400 if refusal else 200)


@guard(Do.RUN_ROUNDS)
@require_POST
def round_withdraw(request: HttpRequest, round: Round) -> HttpResponse:
    """Take the results off the public page, with a reason."""
    return _back_to_the_board(
        request,
        round,
        lambda: services.withdraw(request.user, round, reason=request.POST.get("reason", "")),
        _("已撤回公开，公开页面不再显示本轮次的结果。"),
    )


def _back_to_the_board(
    request: HttpRequest, round: Round, act: Callable[[], object], done: str
) -> HttpResponse:
    """Do ``act``; back on the board, say ``done`` or why it was refused."""
    try:
        act()
    except RoundRefused as refused:
        for message in refused.errors.values():
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("round", round_id=round.pk)


urlpatterns: list[URLPattern] = [
    path("rounds/<int:round_id>/state/", round_state, name="round_state"),
    path("rounds/<int:round_id>/close/", round_close, name="round_close"),
    path("rounds/<int:round_id>/publish/", round_publish, name="round_publish"),
    path("rounds/<int:round_id>/withdraw/", round_withdraw, name="round_withdraw"),
]
