"""Evidence files 佐证材料: list a unit's files and upload new ones."""

from typing import BinaryIO, cast

from django.http import HttpRequest
from django.urls import reverse
from ninja import File, Form, Router, Status, UploadedFile

from dudao.store.entry.evidence import attach
from dudao.store.entry.models import Evidence
from dudao.store.entry.services import entry_of
from dudao.web.access import Do
from dudao.web.api.schemas import UPLOAD_ERRORS, EvidenceOut, answers
from dudao.web.api.scope import address_of, unit_for

router = Router(tags=["佐证材料 (Evidence)"])

UNIT_PATH = "rounds/{round_id}/units/{code}"


def evidence_out(evidence: Evidence) -> EvidenceOut:
    return EvidenceOut(
        id=evidence.pk,
        item=evidence.item,
        filename=evidence.filename,
        size=evidence.blob.size,
        kind=evidence.blob.kind,
        sha256=evidence.blob.sha256,
        uploaded_by=evidence.uploaded_by.get_username() if evidence.uploaded_by else None,
        uploaded_at=evidence.uploaded_at,
        url=_page_url(evidence),
    )


def _page_url(evidence: Evidence) -> str:
    """The page that shows or downloads the file (its access rule applies there)."""
    return reverse("evidence_file", args=[evidence.round_id, evidence.unit_id, evidence.pk])


@router.get(
    f"{UNIT_PATH}/evidence",
    response=answers(list[EvidenceOut]),
    summary="单位的佐证材料 (A unit's evidence files)",
    description="单位在本轮次上传且未删除的佐证材料（元数据；文件本身见 url）。"
    "(The unit's evidence files in the round, not deleted: metadata; the file itself is at `url`.)",
)
def list_evidence(request: HttpRequest, round_id: int, code: str) -> list[EvidenceOut]:
    round, unit = unit_for(request, Do.SEE_UNIT, round_id, code)
    entry_of(round, unit)
    files = Evidence.objects.filter(round=round, unit=unit, deleted_at__isnull=True).select_related(
        "blob", "uploaded_by"
    )
    return [evidence_out(e) for e in files]


@router.post(
    f"{UNIT_PATH}/evidence",
    response=answers(EvidenceOut, UPLOAD_ERRORS, status=201),
    summary="上传佐证材料 (Upload an evidence file)",
    description="multipart/form-data：item 为指标代码，file 为文件。"
    "按内容识别类型（PDF、图片、Word、Excel），超过上限以 413、类型不符以 415 拒绝；同一文件只存一份。"
    "(multipart: `item` is the item code, `file` the file. Its type is read from its content; "
    "too large: 413, not accepted: 415. Identical files are stored once.)",
)
def upload_evidence(
    request: HttpRequest, round_id: int, code: str, item: Form[str], file: File[UploadedFile]
) -> Status[EvidenceOut]:
    round, unit = unit_for(request, Do.EDIT_UNIT, round_id, code)
    evidence = attach(
        request.user,
        round,
        unit,
        item,
        file.name or "",
        cast(BinaryIO, file),
        file.size or 0,
        address=address_of(request),
    )
    return Status(201, evidence_out(evidence))
