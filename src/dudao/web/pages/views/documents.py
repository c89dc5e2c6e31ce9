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

import copy
import logging
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import quote

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from dudao.errors import DocumentError
from dudao.store.accounts.models import Unit
from dudao.store.rounds.models import Round, RoundUnit
from dudao.web.access import UNIT_DOCUMENT_RULES, Do, can, guard, unit_document_rule, visible_entries

if TYPE_CHECKING:
    from dudao.documents import Document

log = logging.getLogger(__name__)

FORMATS = ("docx", "pdf", "html")  # dudao.documents.FORMATS, without importing it (a test compares)
FORMAT_LABELS = {"docx": "DOCX", "pdf": "PDF", "html": "HTML"}
UNIT_KINDS = tuple(UNIT_DOCUMENT_RULES)  # self-evaluation, feedback
KIND_LABELS = {
    "self-evaluation": gettext_lazy("自评报告"),
    "feedback": gettext_lazy("督导意见书"),
    "summary": gettext_lazy("汇总报告"),
}
# What the unit's entry page offers, in the unit's words.
DOWNLOAD_LABELS = {
    "self-evaluation": gettext_lazy("下载自评报告草稿"),
    "feedback": gettext_lazy("下载督导意见书"),
}
NOTES = {
    "self-evaluation": gettext_lazy(
        "自评报告草稿：由系统按本单位已保存的数据和自评说明生成，请核对、修改后使用。"
        "标有“建议”的段落是系统提出的建议，供撰写时参考。"
    ),
    "feedback": gettext_lazy("督导意见书：由系统按评价结果生成，经督导室审定后印发。"),
    "summary": gettext_lazy("汇总报告：由系统按全部被评价单位的评价结果生成，经督导室审定后使用。"),
}


# -- links ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Link:
    format: str
    label: str
    url: str


@dataclass(frozen=True)
class DocumentLinks:
    """One document in every format: the HTML page (``view``) and the files."""

    kind: str
    label: str
    view: str
    links: tuple[Link, ...]  # DOCX, PDF, HTML (the HTML page)

    @property
    def files(self) -> tuple[Link, ...]:
        return tuple(link for link in self.links if link.format != "html")


def document_links(round: Round, kind: str, code: str = "") -> DocumentLinks:
    """A unit's document (``code``) or, without one, the city summary."""

    def url(format: str) -> str:
        if code:
            return reverse("unit_document", args=[round.pk, code, kind, format])
        return reverse("summary_document", args=[round.pk, format])

    links = tuple(Link(f, FORMAT_LABELS[f], url(f)) for f in FORMATS)
    return DocumentLinks(kind, str(KIND_LABELS[kind]), url("html"), links)


def unit_documents(user: Any, round: Round, unit: Unit) -> list[DocumentLinks]:
    """The documents of ``unit`` that ``user`` may read, labelled for its entry page."""
    shown = []
    for kind in UNIT_KINDS:
        if can(user, UNIT_DOCUMENT_RULES[kind], round=round, unit=unit):
            links = document_links(round, kind, unit.code)
            shown.append(DocumentLinks(kind, str(DOWNLOAD_LABELS[kind]), links.view, links.links))
    return shown


def feedback_once_closed(user: Any, round: Round, unit: Unit) -> bool:
    """``user`` may not read the unit's feedback letter yet, but will once the round is closed."""
    if round.state == Round.State.CLOSED or can(user, Do.SEE_FEEDBACK, round=round, unit=unit):
        return False
    closed = copy.copy(round)
    closed.state = Round.State.CLOSED
    return can(user, Do.SEE_FEEDBACK, round=closed, unit=unit)


# -- responses --------------------------------------------------------------------------------


def content_disposition(name: str, fallback: str) -> str:
    """``attachment`` with the UTF-8 file name (RFC 5987 ``filename*``) and an ASCII fallback.

    >>> content_disposition("江北.docx", "500105.docx")
    'attachment; filename="500105.docx"; filename*=UTF-8\\'\\'%E6%B1%9F%E5%8C%97.docx'
    """
    plain = fallback.replace("\\", "_").replace('"', "_")
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name, safe='')}"


def _download(response: HttpResponse, name: str, fallback: str) -> HttpResponse:
    response["Content-Disposition"] = content_disposition(name, fallback)
    patch_cache_control(response, private=True, no_cache=True)
    return response


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
    return _download(
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
    return _download(response, f"{stem}.zip", f"{context.period}-{kind}-{format}.zip")


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
