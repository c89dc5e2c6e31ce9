"""The office compares two stored versions of a scheme: items added, removed, re-weighted or
renamed, standards changed, and the rules, grades and settings around them."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _

from dudao.engine.scheme_diff import KIND_ZH, diff_schemes
from dudao.store.rounds.engine import scheme_of
from dudao.store.rounds.models import SchemeVersion
from dudao.web.access import Do, guard

WIDE = forms.Select(attrs={"class": "wide"})  # a version's name is long: title, code and version
UNKNOWN = {"invalid_choice": _("没有编号为 %(value)s 的方案版本；请从列表中选择")}


class DiffForm(forms.Form):
    old = forms.ModelChoiceField(
        SchemeVersion.objects.all(), label=_("原版本"), error_messages=UNKNOWN, widget=WIDE
    )
    new = forms.ModelChoiceField(
        SchemeVersion.objects.all(), label=_("新版本"), error_messages=UNKNOWN, widget=WIDE
    )


def _proposed() -> dict[str, int]:
    """The newest version of a scheme that has an earlier one, against that earlier one."""
    for newest in SchemeVersion.objects.order_by("-uploaded_at", "-pk"):
        earlier = SchemeVersion.objects.filter(code=newest.code, version__lt=newest.version).first()
        if earlier is not None:  # versions are ordered newest first within a code
            return {"old": earlier.pk, "new": newest.pk}
    return {}


@guard(Do.RUN_ROUNDS)
def scheme_diff(request: HttpRequest) -> HttpResponse:
    """``?old=<pk>&new=<pk>``: what changed from one stored scheme version to another."""
    form = DiffForm(request.GET or _proposed() or None)
    found = None
    if form.is_bound and form.is_valid():
        found = diff_schemes(scheme_of(form.cleaned_data["old"]), scheme_of(form.cleaned_data["new"]))
    context = {"form": form, "diff": found, "kinds": KIND_ZH}
    return render(request, "dudao/rounds/scheme_diff.html", context, status=400 if form.errors else 200)


urlpatterns: list[URLPattern] = [path("schemes/diff/", scheme_diff, name="scheme_diff")]
