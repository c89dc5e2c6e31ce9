"""Pages: data exchange 数据交换 — Excel templates to download, files to upload, values to export.

The office's page (``/rounds/N/exchange/``) offers the round's template for every unit, the
school workbook, the round's values as CSV or JSON, and an upload form that takes CSV, JSON, a
filled template, or DHIS2 ``dataValueSets`` JSON / ADX XML with its mapping file. A unit's own
page links to its own template and upload (:func:`unit_upload`): the same import, limited to the
unit's values for the round's year while its entry is open.

An upload's name, and a workbook's bounds and macros, are checked first
(:mod:`dudao.store.entry.uploads`); then the upload is checked whole before anything is stored;
the result page lists every problem at its ``sheet!cell`` or ``line:column``. "Check only"
stores nothing; "take the clean rows" stores what is clean and lists the rest
(:mod:`dudao.store.entry.imports`).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from dudao.data.exchange import MappingNeeded, UnknownFormat, read_values
from dudao.errors import InputError, Location, Problem
from dudao.store.accounts.models import Unit
from dudao.store.entry.imports import ImportReport, export_counts, import_batch, stored_values
from dudao.store.entry.uploads import name_problem, upload_problem
from dudao.store.rounds.engine import round_dataset, scheme_of
from dudao.store.rounds.models import Round
from dudao.web.access import Do, guard
from dudao.web.pages.http import XLSX, download

EXPORTS = {"csv": "text/csv; charset=utf-8", "json": "application/json"}
SHOWN_PROBLEMS = 500


def _template_bytes(round: Round, unit: Unit | None, schools: bool) -> bytes:
    from dudao.data.workbook import write_template

    scheme = scheme_of(round.scheme)
    dataset = round_dataset(round, under=unit)
    with tempfile.TemporaryDirectory(prefix="dudao-template-") as folder:
        target = Path(folder) / "template.xlsx"
        write_template(
            scheme, dataset, round.period, target, unit=unit.code if unit else None, schools=schools
        )
        return target.read_bytes()


def _template_response(round: Round, unit: Unit | None, schools: bool) -> HttpResponse:
    """The template as a download named in Chinese: 2021年江北区填报模板.xlsx."""
    data = _template_bytes(round, unit, schools)
    who = unit.name if unit else round.scope.name
    what = _("学校填报表") if schools else _("填报模板")
    suffix = "schools" if schools else "template"
    fallback = f"{unit.code if unit else round.period}-{suffix}.xlsx"
    return download(data, XLSX, f"{round.period}年{who}{what}.xlsx", fallback)


@guard(Do.EXCHANGE_DATA)
@require_GET
def round_template(request: HttpRequest, round: Round) -> HttpResponse:
    """The round's template: every evaluated unit (``?schools=1``: one row per school)."""
    return _template_response(round, None, request.GET.get("schools") == "1")


@guard(Do.EDIT_UNIT)
@require_GET
def unit_template(request: HttpRequest, round: Round, unit: Unit) -> HttpResponse:
    """One unit's template (``?schools=1``, or a school: its schools, one row each)."""
    return _template_response(round, unit, request.GET.get("schools") == "1" or unit.level == "school")


@guard(Do.EXCHANGE_DATA)
@require_GET
def round_export(request: HttpRequest, round: Round, format: str) -> HttpResponse:
    """The round's stored values, long (unit, element, period, value), as CSV or JSON."""
    from django.http import Http404

    from dudao.data.exchange import write_values

    if format not in EXPORTS:
        raise Http404(_("没有这种导出格式：“%(format)s”。可选：csv、json") % {"format": format})
    frame = stored_values(round)
    with tempfile.TemporaryDirectory(prefix="dudao-export-") as folder:
        target = Path(folder) / f"values.{format}"
        write_values(frame, target, format)
        data = target.read_bytes()
    name = f"{round.period}年{round.scope.name}数据.{format}"
    return download(data, EXPORTS[format], name, f"{round.period}-values.{format}")


def _run_upload(request: HttpRequest, round: Round, as_unit: Unit | None) -> ImportReport | Problem:
    upload = request.FILES.get("file")
    if upload is None:
        return Problem.of("no-file")
    if upload.size is not None and upload.size > settings.MAX_UPLOAD_BYTES:
        limit = settings.MAX_UPLOAD_BYTES // (1024 * 1024)
        return Problem.of("too-large", Location(upload.name or ""), variant="upload", limit=f"{limit} MB")
    name = upload.name or "upload"
    mapping_upload = request.FILES.get("mapping")
    refused = name_problem(name) or (mapping_upload and name_problem(mapping_upload.name or "mapping.yaml"))
    if refused:
        return refused
    with tempfile.TemporaryDirectory(prefix="dudao-upload-") as folder:
        target = Path(folder) / name
        with target.open("wb") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
        refused = upload_problem(name, target.read_bytes())  # a workbook's bounds and macros
        if refused:
            return refused
        mapping = _saved_mapping(request, Path(folder))
        try:
            batch = read_values(
                target,
                scheme=scheme_of(round.scheme),
                mapping=mapping,
                format=request.POST.get("format") or None,
            )
        except UnknownFormat as error:
            return Problem("unknown-format", error.message_zh, error.message_en, Location(name))
        except InputError as error:
            return error.problems[0]
        except MappingNeeded:
            return Problem.of("mapping-needed", Location(name), variant="upload")
    return import_batch(
        request.user,
        round,
        batch,
        partial=request.POST.get("partial") == "1",
        as_unit=as_unit,
        address=request.META.get("REMOTE_ADDR", ""),
        dry_run=request.POST.get("action") == "check",
    )


def _saved_mapping(request: HttpRequest, folder: Path) -> Path | None:
    upload = request.FILES.get("mapping")
    if upload is None:
        return None
    (folder / "mapping").mkdir()
    target = folder / "mapping" / (upload.name or "mapping.yaml")  # a name name_problem accepted
    with target.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return target


def _result_context(request: HttpRequest, outcome: ImportReport | Problem | None) -> dict[str, Any]:
    if outcome is None:
        return {"report": None}
    english = _english()
    if isinstance(outcome, Problem):
        return {"report": None, "refused": outcome.message_en if english else outcome.message_zh}
    problems = [
        {
            "severity": p.severity.value,
            "where": _where(p.location),
            "code": p.code,
            "message": p.message_en if english else p.message_zh,
        }
        for p in outcome.problems[:SHOWN_PROBLEMS]
    ]
    return {
        "report": outcome,
        "problems": problems,
        "hidden": max(0, len(outcome.problems) - SHOWN_PROBLEMS),
        "left_out": outcome.rows - outcome.taken,
        "checked_only": request.POST.get("action") == "check",
    }


def _english() -> bool:
    return (get_language() or "").startswith("en")


def _where(location: Location) -> str:
    """``Sheet!C5`` for a cell, ``line 12, column 4 (value)`` for text, the JSON path for JSON."""
    if location.line:
        text = _("第 %(line)s 行") % {"line": location.line}
        if location.column:
            text += _("第 %(column)s 列") % {"column": location.column}
        if not location.field:
            return text
        return f"{text} ({location.field})" if _english() else f"{text}（{location.field}）"
    return location.field or os.path.basename(location.file)


def _exchange_page(request: HttpRequest, round: Round, unit: Unit | None) -> HttpResponse:
    """The office's page (``unit`` None) or a unit's; a POST is an upload, answered on the page."""
    outcome = _run_upload(request, round, unit) if request.method == "POST" else None
    if unit is None:
        upload_url = reverse("exchange", args=[round.pk])
        template_url = reverse("round_template", args=[round.pk])
        exports = [(f.upper(), reverse("round_export", args=[round.pk, f])) for f in EXPORTS]
        counts = export_counts(round)
    else:
        upload_url = reverse("unit_upload", args=[round.pk, unit.code])
        template_url = reverse("unit_template", args=[round.pk, unit.code])
        exports, counts = [], {}
    context = {
        "round": round,
        "unit": unit,
        "upload_url": upload_url,
        "template_url": template_url,
        "exports": exports,
        "export_counts": counts,
        "max_mb": settings.MAX_UPLOAD_BYTES // (1024 * 1024),
        **_result_context(request, outcome),
    }
    refused = isinstance(outcome, Problem) or (isinstance(outcome, ImportReport) and not outcome.applied)
    return render(request, "dudao/exchange/page.html", context, status=400 if refused else 200)


@guard(Do.EXCHANGE_DATA)
@require_http_methods(["GET", "POST"])
def exchange_page(request: HttpRequest, round: Round) -> HttpResponse:
    """The office's data exchange page: every unit's template, uploads for any unit, exports."""
    return _exchange_page(request, round, None)


@guard(Do.EDIT_UNIT)
@require_http_methods(["GET", "POST"])
def unit_upload(request: HttpRequest, round: Round, unit: Unit) -> HttpResponse:
    """A unit's own template and upload: its values for the round's year."""
    return _exchange_page(request, round, unit)


_ROUND = "rounds/<int:round_id>/"

urlpatterns: list[URLPattern] = [
    path(f"{_ROUND}exchange/", exchange_page, name="exchange"),
    path(f"{_ROUND}exchange/template.xlsx", round_template, name="round_template"),
    path(f"{_ROUND}exchange/values.<str:format>", round_export, name="round_export"),
    path(f"{_ROUND}units/<str:code>/upload/", unit_upload, name="unit_upload"),
    path(f"{_ROUND}units/<str:code>/template.xlsx", unit_template, name="unit_template"),
]
