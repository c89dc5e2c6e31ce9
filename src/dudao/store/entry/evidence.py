"""Evidence files: accepted by their content (not their name), stored once per SHA-256.

Every upload first passes :func:`dudao.store.entry.uploads.upload_problem`: a hostile name, an
Office archive beyond its bounds, or a file with macros is refused with what to do instead.

>>> sniff(b"%PDF-1.7 ...")
('pdf', 'application/pdf')
>>> sniff(b"MZ\\x90\\x00 a program") is None
True
"""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dudao.store.accounts.models import Unit
from dudao.store.audit.models import Action, record
from dudao.store.entry.models import Blob, Evidence
from dudao.store.entry.services import EntryRefused, check_editable, entry_of
from dudao.store.entry.uploads import refusal, upload_problem
from dudao.store.rounds.engine import scheme_of
from dudao.store.rounds.models import Round

ACCEPTED = gettext_lazy("PDF、图片（PNG/JPEG/GIF/WebP）、Word（doc/docx）、Excel（xls/xlsx）")
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old Office container (doc, xls)
_EXTENSIONS = {
    "pdf": {".pdf"},
    "png": {".png"},
    "jpeg": {".jpg", ".jpeg"},
    "gif": {".gif"},
    "webp": {".webp"},
    "docx": {".docx"},
    "xlsx": {".xlsx"},
    "doc": {".doc"},
    "xls": {".xls"},
}
_TYPES = {
    "pdf": "application/pdf",
    "png": "image/png",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
}
INLINE_KINDS = {"pdf", "png", "jpeg", "gif", "webp"}  # shown in the browser; others download


def sniff(head: bytes, whole: bytes | None = None) -> tuple[str, str] | None:
    """The kind and content type of a file from its bytes, or ``None`` when not accepted."""
    kind = None
    if head.startswith(b"%PDF-"):
        kind = "pdf"
    elif head.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = "png"
    elif head.startswith(b"\xff\xd8\xff"):
        kind = "jpeg"
    elif head.startswith((b"GIF87a", b"GIF89a")):
        kind = "gif"
    elif head.startswith(b"RIFF") and head[8:12] == b"WEBP":
        kind = "webp"
    elif head.startswith(_OLE):
        kind = "doc_or_xls"
    elif head.startswith(b"PK\x03\x04") and whole is not None:
        kind = _office_zip(whole)
    if kind is None:
        return None
    if kind == "doc_or_xls":
        kind = "xls" if whole is not None and b"W\x00o\x00r\x00k\x00b\x00o\x00o\x00k" in whole else "doc"
    return kind, _TYPES[kind]


def _office_zip(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if any(n.startswith("word/") for n in names):
        return "docx"
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    return None


def blob_path(blob: Blob) -> Path:
    return Path(settings.MEDIA_ROOT) / blob.relative_path


def store_blob(data: bytes, digest: str, kind: str, content_type: str) -> Blob:
    """The stored file of ``data`` (SHA-256 ``digest``), written once, atomically, beside the others."""
    blob, created = Blob.objects.get_or_create(
        sha256=digest, defaults={"size": len(data), "kind": kind, "content_type": content_type}
    )
    path = blob_path(blob)
    if created or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".part")
        partial.write_bytes(data)
        partial.replace(path)
    return blob


def checked_upload(name: str, stream: BinaryIO, size: int, key: str) -> tuple[bytes, str, str]:
    """An uploaded evidence file's content, kind and content type, once it passed every check (its
    size, name, an archive's bounds, macros, and a content of an accepted type that its extension
    matches); refused at the form's field ``key`` otherwise."""
    limit = settings.MAX_UPLOAD_BYTES
    if size > limit:
        raise EntryRefused(
            {
                key: _("文件“%(name)s”有 %(size).1f MB，超过上限 %(limit).0f MB")
                % {"name": name, "size": size / 2**20, "limit": limit / 2**20}
            },
            "too_large",
        )
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise EntryRefused(
            {key: _("文件“%(name)s”超过上限 %(limit).0f MB") % {"name": name, "limit": limit / 2**20}},
            "too_large",
        )
    if not data:
        raise EntryRefused({key: _("文件“%(name)s”是空的") % {"name": name}})
    problem = upload_problem(name, data)  # the name, an archive's bounds, macros
    if problem is not None:
        raise refusal(problem, key)
    found = sniff(data[:16], data)
    if found is None:
        raise EntryRefused(
            {
                key: _("文件“%(name)s”的内容不是可接受的类型；可上传：%(accepted)s")
                % {"name": name, "accepted": ACCEPTED}
            },
            "bad_type",
        )
    kind, content_type = found
    suffix = os.path.splitext(name)[1].lower()
    if suffix and suffix not in _EXTENSIONS[kind]:
        raise EntryRefused(
            {
                key: _("文件“%(name)s”的扩展名与内容不符：内容是 %(kind)s 文件")
                % {"name": name, "kind": kind.upper()}
            },
            "bad_type",
        )
    return data, kind, content_type


def attach(
    user: Any,
    round: Round,
    unit: Unit,
    item: str,
    name: str,
    stream: BinaryIO,
    size: int,
    *,
    address: str = "",
) -> Evidence:
    """Check, store and attach one uploaded file; the same file twice is stored once."""
    key = f"evidence:{item}"
    scheme = scheme_of(round.scheme)
    if item not in scheme.item_by_code:
        raise EntryRefused({key: _("没有这个指标：%(code)s") % {"code": item}})
    data, kind, content_type = checked_upload(name, stream, size, key)
    digest = hashlib.sha256(data).hexdigest()
    with transaction.atomic():
        entry = entry_of(round, unit)
        check_editable(round, entry, [key])
        blob = store_blob(data, digest, kind, content_type)
        existing = Evidence.objects.filter(
            round=round, unit=unit, item=item, blob=blob, deleted_at__isnull=True
        ).first()
        if existing is not None:
            return existing
        evidence = Evidence.objects.create(
            round=round,
            unit=unit,
            item=item,
            blob=blob,
            filename=os.path.basename(name)[:255],
            uploaded_by=user,
        )
        record(
            user,
            Action.EVIDENCE_ADD,
            round=round,
            unit=unit,
            target=item,
            address=address,
            after={"file": evidence.filename, "sha256": digest, "size": len(data)},
        )
    return evidence


def remove(user: Any, evidence: Evidence, *, address: str = "") -> None:
    """Withdraw an evidence file while the unit may still edit it (kept, marked deleted)."""
    with transaction.atomic():
        entry = entry_of(evidence.round, evidence.unit)
        check_editable(evidence.round, entry, [f"evidence:{evidence.item}"])
        if evidence.deleted_at is not None:
            raise EntryRefused({"evidence": _("该文件已删除")}, "already_deleted")
        evidence.deleted_at, evidence.deleted_by = timezone.now(), user
        evidence.save(update_fields=["deleted_at", "deleted_by"])
        record(
            user,
            Action.EVIDENCE_DELETE,
            round=evidence.round,
            unit=evidence.unit,
            target=evidence.item,
            address=address,
            before={"file": evidence.filename, "sha256": evidence.blob_id},
        )
