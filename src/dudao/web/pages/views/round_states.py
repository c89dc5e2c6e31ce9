"""Pages: a round's states — opening it, closing it and publishing its results, each guarded.

Closing shows what it will freeze (units not submitted, values missing, results that look
wrong) and takes the round's name typed in; publishing lets the office choose what becomes public
(grades, scores, ranking, documents) with the page's disclosure metadata, shows a preview of the
public page exactly as the public will see it and publishes only the choice previewed and
confirmed; results that look implausible are published only with an explicit confirmation and a
reason; published results can be withdrawn with a reason. The rules are :mod:`dudao.store.rounds.guards` and
:mod:`dudao.store.rounds.services`; every step is audited there.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dudao.errors import Problem
from dudao.store.rounds import publication, services
from dudao.store.rounds.guards import closing_summary, findings
from dudao.store.rounds.models import Publication, Round
from dudao.store.rounds.services import RoundRefused
from dudao.web.access import Do, guard
from dudao.web.pages.public_page import page_context


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
    """What to publish and the page's metadata; a preview of the public page exactly as the public
    will see it; the findings on the results; and the publishing itself, once the office confirms
    the preview it was shown (a changed choice shows its new preview first)."""
    if round.state != Round.State.CLOSED or not round.results:
        messages.error(request, _("只有已关闭（结果已冻结）的轮次才能公开结果"))
        return redirect("round", round_id=round.pk)
    if round.published:
        messages.error(request, _("本轮次的结果已公开；如需更改公开的内容，请先撤回公开"))
        return redirect("round", round_id=round.pk)
    choice = choice_from(request.POST) if request.method == "POST" else publication.defaults(round)
    errors: dict[str, str] = {}
    refusal = ""
    if request.method == "POST":
        errors = {p.location.field or "published": _message(p) for p in publication.check(round, choice)}
        if request.POST.get("step") == "publish" and not errors:
            if request.POST.get("previewed") != preview_digest(choice):
                refusal = _("公开的选项已更改：请核对下面按新选项生成的预览，再确认公开")
            elif request.POST.get("confirm_publish") != "yes":
                refusal = _("请核对预览，并勾选“我已核对下方的预览，确认按此公开”")
            else:
                try:
                    services.publish(
                        request.user,
                        round,
                        choice=choice,
                        confirmed=request.POST.get("confirm_findings") == "yes",
                        reason=request.POST.get("reason", ""),
                    )
                except RoundRefused as refused:
                    refusal = _("；").join(refused.errors.values())
                else:
                    messages.success(request, _("评价结果已公开。"))
                    return redirect("round", round_id=round.pk)
    found = findings(round, round.results)
    missing = publication.unfinished_final_scores(round)
    context = {
        "round": round,
        "choice": choice,
        "errors": errors,
        "topics": publication.topics(),
        "index_example": publication.index_example(),
        "document_choices": Publication.Document.choices,
        "previewed": preview_digest(choice),
        "preview": page_context(round, choice, live_links=False),
        "missing_final": [_message(p) for p in publication.final_score_problems(round, missing)],
        "findings": found,
        "blocking": any(f.blocking for f in found),
        "refusal": refusal,
        "reason": request.POST.get("reason", ""),
    }
    status = 400 if refusal or errors else 200
    return render(request, "dudao/rounds/publish.html", context, status=status)


def choice_from(form: QueryDict) -> publication.Choice:
    """The office's choice as the publishing form sent it."""
    return publication.Choice(
        show_grades=form.get("show_grades") == "yes",
        show_scores=form.get("show_scores") == "yes",
        show_ranking=form.get("show_ranking") == "yes",
        documents=tuple(form.getlist("documents")),
        index_number=form.get("index_number", "").strip(),
        publisher=form.get("publisher", "").strip(),
        written_on=form.get("written_on", "").strip(),
        published_on=form.get("published_on", "").strip(),
        topic=form.get("topic", "").strip(),
    )


def preview_digest(choice: publication.Choice) -> str:
    """Names the choice a preview showed, so that publishing takes the choice that was previewed."""
    text = json.dumps(choice.as_dict(), ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _message(problem: Problem) -> str:
    return problem.message_en if (get_language() or "zh-hans").startswith("en") else problem.message_zh


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
