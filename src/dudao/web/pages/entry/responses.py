"""What the entry views share: the way back to the page, the full page, a refusal in one line."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse

from dudao.store.accounts.models import Unit
from dudao.store.rounds.models import Round
from dudao.web.pages.entry.page import EntryPage
from dudao.web.pages.entry.parts import Posted, one_line
from dudao.web.pages.entry.preview import preview_panel

UNPROCESSABLE = 422  # an htmx post refused: the swap shows the messages (entry.js lets it swap)


def unit_url(round: Round, unit: Unit, anchor: str = "") -> str:
    url = reverse("unit", kwargs={"round_id": round.pk, "code": unit.code})
    return f"{url}#{anchor}" if anchor else url


def back(round: Round, unit: Unit, anchor: str = "") -> HttpResponseRedirect:
    return HttpResponseRedirect(unit_url(round, unit, anchor))


def render_page(
    request: HttpRequest, page: EntryPage, *, posted: dict[str, Posted] | None = None, status: int = 200
) -> HttpResponse:
    """The whole page, its preview panel scored with what was typed (``posted``)."""
    panel = preview_panel(request.user, page.round, page.unit, posted)
    context = page_context(page, panel=panel)
    return render(request, "dudao/entry/unit.html", context, status=status)


def page_context(page: EntryPage, **more: Any) -> dict[str, Any]:
    return {"page": page, "round": page.round, "unit": page.unit, **more}


def one_message(errors: dict[str, str]) -> str:
    """A refusal as one line for a flash message."""
    return one_line(errors)
