"""Field verification 实地核查: draws of schools to visit in a unit, and findings recorded there.

The office draws (:attr:`Do.DRAW_SCHOOLS`); the office and the reviewers assigned to the unit read
the draws and findings and record findings (:attr:`Do.SEE_VERIFICATION`, :attr:`Do.RECORD_FINDING`).
A refused value answers 422 with its field, the round's state 409, a photo too large 413, a photo
that is not an image 415 (the envelope of :mod:`dudao.web.api.errors`).
"""

from __future__ import annotations

from datetime import datetime
from typing import BinaryIO, cast

from django.db.models import Prefetch
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile

from dudao.store.verification.draws import DrawRequest, make_draw
from dudao.store.verification.findings import FindingInput, Photo, record_finding
from dudao.store.verification.models import Draw, DrawnSchool, Finding
from dudao.store.verification.scores import apply_score
from dudao.web.access import Do
from dudao.web.api.schemas import READ_ERRORS, UPLOAD_ERRORS, WRITE_ERRORS, answers
from dudao.web.api.scope import address_of, unit_for

router = Router(tags=["verification"])

UNIT_PATH = "rounds/{round_id}/units/{code}"


class DrawIn(Schema):
    method: str = Field(description="抽样方式 (method): simple（简单随机）或 stratified（分层）")
    size: int = Field(description="样本量 (sample size): 分层时为总数，每个非空层至少 1 所")
    seed: int | None = Field(None, description="随机种子 (seed), 0 … 2⁶³−1；省略则生成并记录")
    stratum_element: str = Field("", description="第二分层的学校级数据项（如城乡）(second stratum element)")
    reason: str = Field("", description="重新抽样原因 (reason), 已有现行抽样时必填")


class DrawnSchoolOut(Schema):
    code: str
    name: str
    school_type: str
    stratum: str = Field(description="所在的层 (stratum); 简单随机抽样为空")
    position: int


class DrawOut(Schema):
    id: int
    method: str
    seed: int
    size: int
    drawn: int
    population: int = Field(description="可抽学校总数 (schools drawn from)")
    stratum_element: str
    reason: str
    current: bool = Field(description="现行抽样 (in force); 被替换的抽样保留")
    replaces: int | None
    drawn_by: str | None
    drawn_at: datetime
    schools: list[DrawnSchoolOut]


class PhotoOut(Schema):
    id: int
    filename: str
    size: int
    kind: str
    sha256: str
    url: str


class FindingOut(Schema):
    id: int
    item: str
    school: str | None = Field(description="学校代码；null 为对单位本身的发现 (null: the unit itself)")
    severity: str
    note: str
    points: float | None = Field(description="建议评审得分 (proposed review score)")
    score_reason: str
    score_applied_at: datetime | None
    recorded_by: str | None
    recorded_at: datetime
    photos: list[PhotoOut]


def draw_out(found: Draw) -> DrawOut:
    return DrawOut(
        id=found.pk,
        method=found.method,
        seed=found.seed,
        size=found.size,
        drawn=found.drawn,
        population=found.population,
        stratum_element=found.stratum_element,
        reason=found.reason,
        current=found.current,
        replaces=found.replaces_id,
        drawn_by=found.drawn_by.get_username() if found.drawn_by else None,
        drawn_at=found.drawn_at,
        schools=[
            DrawnSchoolOut(
                code=s.school.code,
                name=s.school.name,
                school_type=s.school.school_type,
                stratum=s.stratum,
                position=s.position,
            )
            for s in found.schools.all()
        ],
    )


def finding_out(found: Finding) -> FindingOut:
    return FindingOut(
        id=found.pk,
        item=found.item,
        school=found.school_id,
        severity=found.severity,
        note=found.note,
        points=found.points,
        score_reason=found.score_reason,
        score_applied_at=found.score_applied_at,
        recorded_by=found.recorded_by.get_username() if found.recorded_by else None,
        recorded_at=found.recorded_at,
        photos=[
            PhotoOut(
                id=p.pk,
                filename=p.filename,
                size=p.blob.size,
                kind=p.blob.kind,
                sha256=p.blob.sha256,
                url=reverse("verification_photo", args=[found.round_id, found.unit_id, p.pk]),
            )
            for p in found.photos.select_related("blob")
        ],
    )


def _draws(**lookup: object) -> list[Draw]:
    schools = Prefetch("schools", DrawnSchool.objects.select_related("school"))
    return list(Draw.objects.filter(**lookup).select_related("drawn_by").prefetch_related(schools))


@router.get(
    f"{UNIT_PATH}/draws",
    response=answers(list[DrawOut], READ_ERRORS),
    summary="单位的实地核查抽样 (A unit's draws of schools to visit)",
    description="现行抽样在前，被替换的抽样随后（保留）。(The draw in force first, then the replaced ones.)",
)
def list_draws(request: HttpRequest, round_id: int, code: str) -> list[DrawOut]:
    round, unit = unit_for(request, Do.SEE_VERIFICATION, round_id, code)
    found = _draws(round=round, unit=unit)
    return [draw_out(d) for d in sorted(found, key=lambda d: (not d.current, -d.pk))]


@router.post(
    f"{UNIT_PATH}/draws",
    response=answers(DrawOut, WRITE_ERRORS, status=201),
    summary="抽取要实地核查的学校 (Draw the schools to visit)",
    description="简单随机或按学校类型（及城乡等第二分层数据项）分层抽样；记录随机种子，同一种子抽出同样的学校。"
    "已有现行抽样时须给出原因和新的种子，原抽样保留。(Simple or stratified by school type and an optional "
    "second element such as urban/rural; the seed is recorded and the same seed gives the same schools. "
    "A redraw needs a reason and a new seed; the old draw is kept.)",
)
def create_draw(request: HttpRequest, round_id: int, code: str, body: DrawIn) -> Status[DrawOut]:
    round, unit = unit_for(request, Do.DRAW_SCHOOLS, round_id, code)
    asked = DrawRequest(body.method, body.size, body.seed, body.stratum_element, body.reason)
    made = make_draw(request.user, round, unit, asked, address=address_of(request))
    return Status(201, draw_out(_draws(pk=made.pk)[0]))


@router.get(
    f"{UNIT_PATH}/findings",
    response=answers(list[FindingOut], READ_ERRORS),
    summary="单位的核查发现 (A unit's findings)",
    description="最新的在前。(Newest first.)",
)
def list_findings(request: HttpRequest, round_id: int, code: str) -> list[FindingOut]:
    round, unit = unit_for(request, Do.SEE_VERIFICATION, round_id, code)
    found = Finding.objects.filter(round=round, unit=unit).select_related("recorded_by")
    return [finding_out(f) for f in found]


@router.post(
    f"{UNIT_PATH}/findings",
    response=answers(FindingOut, UPLOAD_ERRORS | {400}, status=201),
    summary="记录核查发现 (Record a finding)",
    description="multipart/form-data：item 指标代码，severity（none/minor/major/serious），note 核查记录，"
    "school 抽中的学校代码（省略为单位本身），points 与 score_reason 建议改变评审得分（须写理由），"
    "photos 照片（可多张，按内容识别 PNG/JPEG/GIF/WebP）。(multipart: item, severity, note, optional school, "
    "points with score_reason, photos read by their content.)",
)
def create_finding(
    request: HttpRequest,
    round_id: int,
    code: str,
    item: Form[str] = "",
    severity: Form[str] = "",
    note: Form[str] = "",
    school: Form[str] = "",
    points: Form[str] = "",
    score_reason: Form[str] = "",
    photos: File[list[UploadedFile]] = None,  # type: ignore[assignment]
) -> Status[FindingOut]:
    round, unit = unit_for(request, Do.RECORD_FINDING, round_id, code)
    given = FindingInput(item, severity, note, school, points, score_reason)
    sent = [Photo(f.name or "", cast(BinaryIO, f), f.size or 0) for f in photos or []]
    made = record_finding(request.user, round, unit, given, sent, address=address_of(request))
    return Status(201, finding_out(made))


@router.post(
    f"{UNIT_PATH}/findings/{{finding_id}}/score",
    response=answers(FindingOut, WRITE_ERRORS),
    summary="将核查发现的建议得分计入评审得分 (Put a finding's proposed score into the review score)",
    description='经评审层 set_review_score(source="finding") 写入，理由中注明核查发现编号；'
    "每条只能计入一次（再次为 409）。"
    '(Through the review layer with source "finding", the reason naming the finding; once only: 409 again.)',
)
def apply_finding_score(request: HttpRequest, round_id: int, code: str, finding_id: int) -> FindingOut:
    round, unit = unit_for(request, Do.RECORD_FINDING, round_id, code)
    finding = Finding.objects.filter(pk=finding_id, round=round, unit=unit).first()
    if finding is None:
        raise Http404(_("没有这条核查发现：%(id)s") % {"id": finding_id})
    return finding_out(apply_score(request.user, finding, address=address_of(request)))
