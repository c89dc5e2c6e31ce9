"""What-if (方案试算): the office re-scores a round's data under another stored scheme version and
sees who moves and why, beside the round's own results (frozen ones once it is closed). Nothing
is stored: the round's results, frozen or live, stay as they are."""

from __future__ import annotations

from dataclasses import replace

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _

from dudao.engine import evaluate
from dudao.engine.whatif import compare
from dudao.errors import DataError
from dudao.store.rounds import engine
from dudao.store.rounds.models import Round, SchemeVersion
from dudao.web.access import Do, guard


class WhatIfForm(forms.Form):
    scheme = forms.ModelChoiceField(
        SchemeVersion.objects.all(),
        label=_("试算方案版本"),
        widget=forms.Select(attrs={"class": "wide"}),
        error_messages={"invalid_choice": _("没有编号为 %(value)s 的方案版本；请从列表中选择")},
    )


@guard(Do.RUN_ROUNDS)
def whatif(request: HttpRequest, round: Round) -> HttpResponse:
    """``?scheme=<pk>``: the round's data scored under that version, unit by unit."""
    form = WhatIfForm(request.GET or None)
    sample = engine.scheme_of(round.scheme).info.sample
    context: dict[str, object] = {
        "round": round,
        "form": form,
        "frozen": bool(round.results),
        "sample": sample,
    }
    if form.is_bound and form.is_valid():
        version: SchemeVersion = form.cleaned_data["scheme"]
        dataset = replace(engine.round_dataset(round), unranked=engine.unranked_units(round))
        try:
            other = evaluate(
                engine.scheme_of(version),
                dataset,
                period=round.period,
                backend=engine.ENGINE_BACKEND,
                empty_period=True,
            )
        except DataError as error:  # the other version reads data the round does not hold as it needs
            form.add_error("scheme", "；".join(p.message_zh for p in error.problems[:3]))
        else:
            moves = compare(round.results or engine.current_results(round), other)
            context.update(version=version, moves=moves, moved=sum(1 for m in moves if m.moved))
    return render(request, "dudao/rounds/whatif.html", context, status=400 if form.errors else 200)


urlpatterns: list[URLPattern] = [path("rounds/<int:round_id>/whatif/", whatif, name="round_whatif")]
