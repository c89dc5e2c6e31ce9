"""The entry page itself, saving it, the live score preview and a value's history.

The main save sends the whole form: values, narratives and self-scores. It handles only the
fields that differ from what the form showed when it was loaded (``o-``/``oc-``/``on-``/``os-``),
so a form left open does not overwrite what someone else saved meanwhile: the service refuses
such a field as stale (:mod:`dudao.store.entry.stale`) and the page shows what is stored now beside
what was typed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dudao.store.accounts.models import Unit
from dudao.store.entry.form import TextInput, save_entry
from dudao.store.entry.models import DataValue
from dudao.store.entry.services import EntryRefused, FieldInput
from dudao.store.rounds import engine
from dudao.store.rounds.models import Round
from dudao.web.access import Do, guard
from dudao.web.pages.entry.page import EntryPage, build_page
from dudao.web.pages.entry.parts import Posted, PostedText, display
from dudao.web.pages.entry.preview import preview_panel
from dudao.web.pages.entry.responses import (
    UNPROCESSABLE,
    back,
    page_context,
    render_page,
)
from dudao.web.pages.http import address_of
from dudao.web.session import is_htmx


def read_posted(data: QueryDict) -> dict[str, Posted]:
    """The rows of a posted entry form, by element code (every ``v-`` field)."""
    rows = {}
    for key in data:
        if key.startswith("v-") and len(key) > 2:
            code = key[2:]
            rows[code] = Posted(
                text=data.get(key, ""),
                comment=data.get(f"c-{code}", ""),
                original=data.get(f"o-{code}"),
                original_comment=data.get(f"oc-{code}", ""),
            )
    return rows


def read_texts(data: QueryDict) -> dict[str, PostedText]:
    """The narratives (``n-``) and self-scores (``s-``) of a posted form, by form key."""
    texts = {}
    for key in data:
        for prefix, kind in (("n-", "narrative"), ("s-", "self")):
            if key.startswith(prefix) and len(key) > 2:
                code = key[2:]
                texts[f"{kind}:{code}"] = PostedText(data.get(key, ""), data.get(f"o{key}"))
    return texts


def original_of(posted: Posted) -> float | str | None:
    """The ``original`` the service compares with: a number, None (was empty) or "unknown"."""
    if posted.original is None:
        return "unknown"
    if posted.original.strip() == "":
        return None
    try:
        return float(posted.original)
    except ValueError:
        return "unknown"


@guard(Do.SEE_UNIT)
@require_GET
def unit(request: HttpRequest, round: Round, unit: Unit) -> HttpResponse:
    """The entry page of an evaluated unit or of one of its schools."""
    return render_page(request, build_page(request.user, round, unit))


@guard(Do.EDIT_UNIT)
@require_POST
def unit_save(request: HttpRequest, round: Round, unit: Unit) -> HttpResponse:
    """Save the changed fields (values, narratives, self-scores); all or nothing, with a message at
    each refused field."""
    posted, texts = read_posted(request.POST), read_texts(request.POST)
    values = [
        FieldInput(
            code,
            row.text,
            comment=row.comment if row.comment_changed else None,
            original=original_of(row),
            original_comment=row.original_comment if row.comment_changed else None,
        )
        for code, row in posted.items()
        if row.changed
    ]
    changed = {key: t for key, t in texts.items() if t.changed(key)}
    narratives = [
        TextInput(k.split(":", 1)[1], t.text, t.original) for k, t in changed.items() if k[0] == "n"
    ]
    levels = [
        TextInput(k.split(":", 1)[1], t.text.strip(), t.original) for k, t in changed.items() if k[0] == "s"
    ]
    try:
        report = save_entry(
            request.user, round, unit, values, narratives, levels, address=address_of(request)
        )
    except EntryRefused as refused:
        page = build_page(
            request.user,
            round,
            unit,
            posted=posted,
            texts=texts,
            errors=refused.errors,
            conflicts=refused.conflicts,
        )
        count = len(refused.errors)
        page.flash, page.failed = _("有 %(n)d 项未能保存，请按提示修改") % {"n": count}, True
        if is_htmx(request):
            return _save_result(request, page, status=UNPROCESSABLE)
        return render_page(request, page, posted=posted)
    text = _("已保存 %(n)d 项") % {"n": report.changed} if report.changed else _("没有需要保存的修改")
    warnings = warning_lines(round, report.values.warnings)
    if not is_htmx(request):
        messages.success(request, text)
        for line in warnings:
            messages.warning(request, line)
        return back(round, unit)
    page = build_page(request.user, round, unit)
    page.flash, page.warnings = text, warnings
    response = _save_result(request, page, status=200)
    response["HX-Trigger-After-Settle"] = "dudao:preview"  # after the originals are swapped in
    return response


def warning_lines(round: Round, warnings: dict[str, str]) -> list[str]:
    """One line per warning check of a save: the names of its fields, then its message."""
    by_message: dict[str, list[str]] = {}
    elements = engine.scheme_of(round.scheme).element_by_code
    for code, message in warnings.items():
        by_message.setdefault(message, []).append(elements[code].name if code in elements else code)
    return [
        _("%(fields)s：%(message)s") % {"fields": _("、").join(names), "message": message}
        for message, names in by_message.items()
    ]


def _save_result(request: HttpRequest, page: EntryPage, *, status: int) -> HttpResponse:
    return render(request, "dudao/entry/_save_result.html", page_context(page), status=status)


# -- preview -----------------------------------------------------------------------------------


@guard(Do.SEE_UNIT)
@require_POST
def unit_preview(request: HttpRequest, round: Round, unit: Unit) -> HttpResponse:
    """The preview panel for the form's unsaved values (htmx swaps it in beside the form)."""
    try:
        previous: float | None = float(request.POST.get("previous_total", ""))
    except ValueError:
        previous = None
    if previous is not None and not math.isfinite(previous):
        previous = None
    panel = preview_panel(request.user, round, unit, read_posted(request.POST), previous)
    return render(request, "dudao/entry/_preview.html", {"panel": panel, "round": round, "unit": unit})


# -- history -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    who: str
    when: Any
    before: str
    after: str
    comment: str
    kind: str


@guard(Do.SEE_UNIT)
@require_GET
def value_history(request: HttpRequest, round: Round, unit: Unit, element: str) -> HttpResponse:
    """Every saved version of one value this period: who, when, old → new, newest first."""
    found = engine.scheme_of(round.scheme).element_by_code.get(element)
    if found is None:
        raise Http404(_("没有这个数据项：%(code)s") % {"code": element})
    versions = (
        DataValue.history.filter(round=round, unit=unit, element=element, period=round.period)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    changes: list[Change] = []
    before: float | None = None
    for version in versions:
        user = version.history_user
        who = (user.first_name or user.get_username()) if user else _("系统")
        deleted = version.history_type == "-"
        old, new = (version.value, None) if deleted else (before, version.value)
        kind = {"+": _("新建"), "~": _("修改"), "-": _("删除")}.get(version.history_type, "")
        changes.append(
            Change(who, version.history_date, display(found, old), display(found, new), version.comment, kind)
        )
        before = new
    last = DataValue.objects.filter(round=round, unit=unit, element=element, period=round.period - 1).first()
    context = {
        "round": round,
        "unit": unit,
        "element": found,
        "changes": changes[::-1],
        "last_year": display(found, last.value if last else None),
    }
    template = "dudao/entry/_history.html" if is_htmx(request) else "dudao/entry/history.html"
    return render(request, template, context)
