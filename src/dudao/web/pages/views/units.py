"""Pages: a unit across years 历年评价 — its frozen results year by year, and those of the units it
came from by a merge, split or rename, so that an old district's history stays readable from the
new one; an ended unit's page says what it became.

The rule is :attr:`~dudao.web.access.Do.SEE_UNIT_HISTORY` (the office; a unit role on its own
units and those they came from); each row follows :func:`~dudao.web.access.sees_in_history` and
shows a rank only where :func:`~dudao.web.access.sees_ranking` allows.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path

from dudao.store.accounts.models import Unit
from dudao.web.access import Do, guard
from dudao.web.pages.unit_history import unit_history_of


@guard(Do.SEE_UNIT_HISTORY)
def unit_history(request: HttpRequest, unit: Unit) -> HttpResponse:
    """The unit's results across years, with its predecessors' in their own sections."""
    return render(request, "dudao/units/history.html", {"history": unit_history_of(request.user, unit)})


urlpatterns: list[URLPattern] = [
    path("units/<str:code>/history/", unit_history, name="unit_history"),
]
