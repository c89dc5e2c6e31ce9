"""A unit's narrative self-evaluation report in a round: stored as uploaded, read when shown.

A report is part of what the unit submits: it can be uploaded while the unit's entry is open
(not after submission, unless the office returned the report, and not once the round closed).
The file is accepted by its content (a PDF, a .docx, or UTF-8 / GB18030 text or HTML), stored
once per SHA-256 beside the evidence files (after the checks of :mod:`dudao.store.entry.uploads`:
its name, a .docx's bounds before unpacking, no macros), and kept: each upload is a new
:class:`~dudao.store.entry.models.NarrativeReport`, the newest one is read. Reading
(:func:`dudao.reader.read_report`) checks every claim against the round's current data and
results for the unit, so the view always reflects what is stored now.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from dudao.store.accounts.models import Unit
from dudao.store.audit.models import Action, record
from dudao.store.entry.evidence import blob_path, sniff, store_blob
from dudao.store.entry.models import NarrativeReport
from dudao.store.entry.services import REPORT_KEY, EntryRefused, check_editable, entry_of
from dudao.store.entry.uploads import refusal, upload_problem
from dudao.store.rounds.engine import current_results, round_dataset, scheme_of
from dudao.store.rounds.models import Round, RoundUnit

if TYPE_CHECKING:
    from dudao.data import Dataset
    from dudao.reader import ReportReading

SUFFIXES = (".txt", ".docx", ".html", ".htm", ".pdf")
_FIELD = REPORT_KEY


def _kind(name: str, data: bytes) -> tuple[str, str]:
    """The report's kind and media type, from its content; refused when content and name disagree."""
    suffix = os.path.splitext(name)[1].lower()
    if suffix not in SUFFIXES:
        raise EntryRefused(
            {_FIELD: _("自评报告应为 .docx、.pdf、.html 或 .txt 文件，而不是“%(name)s”") % {"name": name}},
            "bad_type",
        )
    found = sniff(data[:16], data)
    if suffix == ".pdf" and found and found[0] == "pdf":
        return "pdf", found[1]
    if suffix == ".docx" and found and found[0] == "docx":  # bounded already (upload_problem)
        return "docx", found[1]
    if suffix in (".txt", ".html", ".htm") and found is None and _is_text(data):
        return ("html", "text/html") if suffix != ".txt" else ("txt", "text/plain")
    raise EntryRefused(
        {_FIELD: _("文件“%(name)s”的内容与扩展名不符，或已损坏") % {"name": name}},
        "bad_type",
    )


def _is_text(data: bytes) -> bool:
    for encoding in ("utf-8", "gb18030"):
        try:
            data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return b"\x00" not in data
    return False


def upload_refusal(round: Round, unit: Unit) -> str:
    """Why the unit may not upload a report now ("" when it may)."""
    try:
        _check_open(round, entry_of(round, unit))
    except EntryRefused as refused:
        return "；".join(refused.errors.values())
    return ""


def _check_open(round: Round, entry: RoundUnit) -> None:
    try:
        check_editable(round, entry, [REPORT_KEY])
    except EntryRefused as refused:
        if refused.code != "locked":
            raise
        raise EntryRefused(
            {_FIELD: _("已提交，自评报告已锁定，不能再上传；如需更换，请联系督导室退回“自评报告”")},
            "locked",
        ) from refused


def store_report(
    user: Any, round: Round, unit: Unit, name: str, stream: BinaryIO, size: int, *, address: str = ""
) -> NarrativeReport:
    """Check and keep one uploaded report; the same file again is not stored twice. Refused once the
    unit has submitted (unless the office returned the report) or the round is not open."""
    _check_open(round, entry_of(round, unit))
    limit = settings.MAX_UPLOAD_BYTES
    data = stream.read(limit + 1)
    if size > limit or len(data) > limit:
        raise EntryRefused(
            {_FIELD: _("文件“%(name)s”超过上限 %(limit).0f MB") % {"name": name, "limit": limit / 2**20}},
            "too_large",
        )
    if not data:
        raise EntryRefused({_FIELD: _("文件“%(name)s”是空的") % {"name": name}})
    problem = upload_problem(name, data)  # the name, a .docx's bounds, macros
    if problem is not None:
        raise refusal(problem, _FIELD)
    kind, content_type = _kind(name, data)
    digest = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        _check_open(round, RoundUnit.objects.select_for_update().get(pk=entry_of(round, unit).pk))
        blob = store_blob(data, digest, kind, content_type)
        latest = NarrativeReport.objects.filter(round=round, unit=unit).first()
        if latest is not None and latest.blob_id == blob.sha256:
            return latest
        report = NarrativeReport.objects.create(
            round=round, unit=unit, blob=blob, filename=os.path.basename(name)[:255], uploaded_by=user
        )
        record(
            user,
            Action.REPORT,
            round=round,
            unit=unit,
            target=report.filename,
            address=address,
            after={"file": report.filename, "sha256": digest, "size": len(data)},
        )
    return report


def read_stored(report: NarrativeReport, dataset: Dataset | None = None) -> ReportReading:
    """Read the stored report against the round's data and current results for its unit
    (``dataset``: the round's, when the caller has it already)."""
    from dudao.reader import read_report

    round = report.round
    suffix = os.path.splitext(report.filename)[1].lower() or ".txt"
    with tempfile.TemporaryDirectory(prefix="dudao-report-") as folder:
        copy = Path(folder) / f"report{suffix}"
        shutil.copyfile(blob_path(report.blob), copy)
        reading = read_report(
            copy,
            scheme=scheme_of(round.scheme),
            dataset=dataset if dataset is not None else round_dataset(round),
            unit=report.unit_id,
            period=round.period,
            results=current_results(round),
        )
    return reading
