"""Pages: a round's official documents 公文 — each unit's self-evaluation report and feedback
letter, the city summary, every unit's as a zip, and the office's documents page listing them.

A document is built from the round as it stands (:func:`~dudao.store.rounds.documents.report_context`)
each time it is asked for; nothing is stored. DOCX and PDF come as downloads (the UTF-8 file name
in ``filename*``, RFC 5987, beside an ASCII fallback); HTML is a page of the site that shows the
document beside its download buttons (``?download=1`` gives the file itself). A zip of every
unit lays the documents out in worker processes (:func:`dudao.documents.write_all`, a PDF takes
about a second): ``DUDAO_DOCUMENT_WORKERS`` of them, by default one per core.

Who may read which document is decided in :mod:`dudao.web.access` (see its docstring). Reading
is not audited: the audit log records changes. :mod:`dudao.documents` is imported when a
document is first asked for: it brings WeasyPrint, python-docx and matplotlib, which the rest of
the site does not need.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from dudao.errors import DocumentError
from dudao.store.accounts.models import Unit
from dudao.store.rounds.models import Round, RoundUnit
from dudao.web.access import Do, can, guard, unit_document_rule, visible_entries
from dudao.web.pages.document_links import (
    FORMAT_LABELS,
    FORMATS,
    KIND_LABELS,
    NOTES,
    UNIT_KINDS,
    Link,
    document_links,
)
from dudao.web.pages.http import as_download

if TYPE_CHECKING:
    from dudao.documents import Document

log = logging.getLogger(__name__)


def _check_format(format: str) -> None:
    if format not in FORMATS:
        raise Http404(
            _("没有这种文件格式：“%(format)s”。可选：%(choices)s")
            % {"format": format, "choices": ", ".join(FORMATS)}
        )


def _evaluated(round: Round, unit: Unit) -> RoundUnit:
    entry = RoundUnit.objects.filter(round=round, unit=unit).select_related("unit").first()
    if entry is None:
        raise Http404(
            _("%(unit)s（%(code)s）不是本轮次的被评价单位，没有这份文书。")
            % {"unit": unit.name, "code": unit.code}
        )
    return entry


View = Callable[..., HttpResponse]


def _document_errors(view: View) -> View:
    """A document that cannot be written (no Chinese font …) is a 500 page saying what to install."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except DocumentError as error:
            log.error("document not written: %s", error)
            return render(request, "dudao/documents/error.html", {"message": str(error)}, status=500)

    return wrapped


def _respond(
    request: HttpRequest,
    round: Round,
    document: Document,
    format: str,
    fallback: str,
    entry: RoundUnit | None,
) -> HttpResponse:
    from dudao.documents import MEDIA_TYPES, file_name
    from dudao.documents import render as render_document

    if format == "html" and not request.GET.get("download"):
        return _html_page(request, round, document, entry)
    data = render_document(document, format)
    return as_download(
        HttpResponse(data, content_type=MEDIA_TYPES[format]), file_name(document, format), fallback
    )


def _html_page(
    request: HttpRequest, round: Round, document: Document, entry: RoundUnit | None
) -> HttpResponse:
    """The document inside the site's layout, with its download buttons beside it."""
    from dudao.documents.html_writer import document_css, render_html

    code = entry.unit.code if entry else ""
    context = {
        "round": round,
        "entry": entry,
        "unit": entry.unit if entry else None,
        "document": document,
        "kind_label": KIND_LABELS[document.kind],
        "links": document_links(round, document.kind, code),
        "note": NOTES[document.kind],
        "generated": timezone.now(),
        "may_see_documents": can(request.user, Do.SEE_DOCUMENTS, round=round),
        # Both are this package's own output: escaped by its Jinja templates, charts drawn by us.
        "fragment": mark_safe(render_html(document, standalone=False)),
        "css": mark_safe(document_css()),
    }
    return render(request, "dudao/documents/view.html", context)


# -- the views --------------------------------------------------------------------------------


@guard(unit_document_rule)
@require_GET
@_document_errors
def unit_document(request: HttpRequest, round: Round, unit: Unit, kind: str, format: str) -> HttpResponse:
    """A unit's self-evaluation report or feedback letter as DOCX, PDF or an HTML page."""
    from dudao.documents import build
    from dudao.store.rounds.documents import report_context

    _check_format(format)
    entry = _evaluated(round, unit)
    document = build(kind, report_context(round), unit.code)
    return _respond(request, round, document, format, f"{unit.code}-{kind}.{format}", entry)


@guard(Do.SEE_DOCUMENTS)
@require_GET
@_document_errors
def summary_document(request: HttpRequest, round: Round, format: str) -> HttpResponse:
    """The city summary 汇总报告 of the round."""
    from dudao.documents import build
    from dudao.store.rounds.documents import report_context

    _check_format(format)
    document = build("summary", report_context(round))
    return _respond(request, round, document, format, f"{round.period}-summary.{format}", None)


def _workers(format: str) -> int:
    if format == "html":
        return 1  # a few milliseconds each: starting processes would cost more
    return int(os.environ.get("DUDAO_DOCUMENT_WORKERS", "0"))


@guard(Do.SEE_DOCUMENTS)
@require_GET
@_document_errors
def document_zip(request: HttpRequest, round: Round, kind: str, format: str) -> HttpResponse:
    """One kind of document of every unit the user may see, in one format, as a zip."""
    from dudao.documents import MEDIA_TYPES, build, write_all
    from dudao.documents.model import KIND_NAMES
    from dudao.store.rounds.documents import report_context

    if kind == "summary":
        raise Http404(_("汇总报告只有一份，不打包：请直接下载 summary.docx 或 summary.pdf。"))
    unit_document_rule({"kind": kind})  # 404 for a kind no unit has
    _check_format(format)
    codes = list(
        visible_entries(request.user, round).order_by("unit__code").values_list("unit_id", flat=True)
    )
    started = time.monotonic()
    context = report_context(round)
    documents = [build(kind, context, code) for code in codes]
    stem = f"{context.period}年{KIND_NAMES[kind][0]}-{format}"
    workdir = Path(tempfile.mkdtemp(prefix="dudao-documents-"))
    try:
        archive = write_all(documents, format, workdir / stem, workers=_workers(format))
        handle = archive.open("rb")  # stays readable once its folder is removed (POSIX)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    log.info("%s: %d documents in %.1f s", stem, len(documents), time.monotonic() - started)
    response = cast(HttpResponse, FileResponse(handle, content_type=MEDIA_TYPES["zip"]))
    return as_download(response, f"{stem}.zip", f"{context.period}-{kind}-{format}.zip")


@guard(Do.SEE_DOCUMENTS)
@require_GET
def documents_page(request: HttpRequest, round: Round) -> HttpResponse:
    """The office's page: the city summary, every unit's documents as zips, and per unit."""
    entries = list(visible_entries(request.user, round).order_by("unit__code"))
    rows = [(e, [document_links(round, kind, e.unit.code) for kind in UNIT_KINDS]) for e in entries]
    bundles = [
        (
            KIND_LABELS[kind],
            [Link(f, FORMAT_LABELS[f], reverse("document_zip", args=[round.pk, kind, f])) for f in FORMATS],
        )
        for kind in UNIT_KINDS
    ]
    context = {
        "round": round,
        "rows": rows,
        "bundles": bundles,
        "summary": document_links(round, "summary"),
        "closed": round.state == Round.State.CLOSED,
    }
    return render(request, "dudao/documents/page.html", context)


_ROUND = "rounds/<int:round_id>/"

urlpatterns: list[URLPattern] = [
    path(f"{_ROUND}documents/", documents_page, name="documents"),
    path(f"{_ROUND}documents/summary.<str:format>", summary_document, name="summary_document"),
    path(f"{_ROUND}documents/<str:kind>-<str:format>.zip", document_zip, name="document_zip"),
    path(f"{_ROUND}units/<str:code>/documents/<str:kind>.<str:format>", unit_document, name="unit_document"),
]
