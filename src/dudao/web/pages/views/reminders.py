"""Page: the reminders 催报 and 整改提醒 of a round: what was sent to whom, when, and whether the
e-mail went out. The office sees every unit's and sends what is due today (the daily job
``dudao remind`` does the same); a unit sees what it was sent."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_GET, require_POST

from dudao.store.rectification.models import Reminder
from dudao.store.rectification.reminders import due_reminders, send_reminders
from dudao.store.rounds.models import Round
from dudao.web.access import Do, can, guard, visible_entries

SHOWN = 500


@guard(Do.SEE_ROUND)
@require_GET
def reminders(request: HttpRequest, round: Round) -> HttpResponse:
    office = can(request.user, Do.EDIT_PROBLEMS, round=round)
    units = visible_entries(request.user, round).values("unit_id")
    sent = Reminder.objects.filter(round=round, unit_id__in=units).select_related(
        "unit", "problem", "sent_by"
    )
    due = due_reminders(round=round) if office else []
    context = {
        "round": round,
        "sent": list(sent[:SHOWN]),
        "count": sent.count(),
        "shown": SHOWN,
        "due": due,
        "office": office,
        "email": getattr(settings, "REMINDER_EMAIL", False),
        "just_sent": request.GET.get("sent"),
    }
    return render(request, "dudao/problems/reminders.html", context)


@guard(Do.EDIT_PROBLEMS)
@require_POST
def reminders_send(request: HttpRequest, round: Round) -> HttpResponse:
    """Send every reminder due today (of every round: the daily job's work, done now)."""
    sent = send_reminders(request.user)
    return redirect(reverse("reminders", args=[round.pk]) + f"?sent={len(sent)}")


urlpatterns: list[URLPattern] = [
    path("rounds/<int:round_id>/reminders/", reminders, name="reminders"),
    path("rounds/<int:round_id>/reminders/send", reminders_send, name="reminders_send"),
]
