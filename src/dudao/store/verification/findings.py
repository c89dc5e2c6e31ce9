"""Recording a finding 核查发现: what an inspector saw on one item of the scheme, at a drawn school
or in the evaluated unit itself, with its severity, photos and, where it should, a proposed change
of the unit's review score with its reason.

Photos pass the checks every upload passes (:func:`dudao.store.entry.uploads.upload_problem`: the
name), then must be an image by their content (PNG, JPEG, GIF, WebP: :func:`sniff`), with an
extension that matches, at most :data:`PHOTO_MAX_BYTES` each and :data:`MAX_PHOTOS` per finding.
They are stored once per SHA-256 in the evidence store (:class:`~dudao.store.entry.models.Blob`).
"""

from __future__ import annotations

import hashlib
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, BinaryIO

from django.conf import settings
from django.db import transaction

from dudao.store.accounts.models import Unit
from dudao.store.audit.models import Action, record
from dudao.store.entry.evidence import _EXTENSIONS, sniff, store_blob
from dudao.store.entry.uploads import name_problem, refusal
from dudao.store.rounds.engine import scheme_of
from dudao.store.rounds.models import Round
from dudao.store.verification.models import DrawnSchool, Finding, FindingPhoto, Severity
from dudao.store.verification.refusals import _problem, check_evaluated, check_round

PHOTO_KINDS = frozenset({"png", "jpeg", "gif", "webp"})
PHOTO_MAX_BYTES = 10 * 2**20  # a phone photo is 2–6 MB; the evidence limit applies when lower
MAX_PHOTOS = 6
MAX_NOTE = 4000


@dataclass(frozen=True)
class FindingInput:
    """A finding as entered: ``school`` a drawn school's code or empty (the unit itself); ``points``
    the proposed review score or empty (no change proposed)."""

    item: str
    severity: str
    note: str
    school: str = ""
    points: Any = None
    score_reason: str = ""


@dataclass(frozen=True)
class Photo:
    """One uploaded photo: its name as sent, its content and its declared size."""

    name: str
    stream: BinaryIO
    size: int


def photo_limit() -> int:
    return min(PHOTO_MAX_BYTES, int(settings.MAX_UPLOAD_BYTES))


def record_finding(
    user: Any,
    round: Round,
    unit: Unit,
    given: FindingInput,
    photos: Sequence[Photo] = (),
    *,
    address: str = "",
) -> Finding:
    """Check and keep one finding with its photos, audited; nothing is kept when anything is refused."""
    check_round(round, "记录核查发现", "record findings")
    check_evaluated(round, unit)
    scheme = scheme_of(round.scheme)
    item_code = (given.item or "").strip()
    item = scheme.item_by_code.get(item_code)
    if item is None:
        example = next(iter(scheme.item_by_code), "")
        raise _problem("verification-item", "item", value=item_code, example=example)
    if given.severity not in Severity.values:
        choices = "、".join(f"{v}（{label}）" for v, label in Severity.choices)
        raise _problem("verification-severity", "severity", value=given.severity, choices=choices)
    note = (given.note or "").strip()
    if not note or len(note) > MAX_NOTE:
        raise _problem("verification-note", "note", limit=MAX_NOTE)
    points = _points(given.points, item.points, item_code)
    reason = (given.score_reason or "").strip()
    if points is not None and not reason:
        raise _problem("verification-score-reason", "score_reason", item=item_code)
    checked = _checked_photos(photos)
    school_code = (given.school or "").strip()
    with transaction.atomic():
        school = None
        if school_code:
            drawn = (
                DrawnSchool.objects.select_related("school")
                .filter(draw__round=round, draw__unit=unit, draw__current=True, school_id=school_code)
                .first()
            )
            if drawn is None:
                raise _problem("verification-school", "school", value=school_code, unit=unit.name)
            school = drawn.school
        finding = Finding.objects.create(
            round=round,
            unit=unit,
            school=school,
            item=item_code,
            severity=given.severity,
            note=note,
            points=points,
            score_reason=reason if points is not None else "",
            recorded_by=user,
        )
        stored = []
        for name, data, kind, content_type in checked:
            digest = hashlib.sha256(data).hexdigest()
            blob = store_blob(data, digest, kind, content_type)
            FindingPhoto.objects.create(
                finding=finding, blob=blob, filename=os.path.basename(name)[:255], uploaded_by=user
            )
            stored.append({"file": os.path.basename(name)[:255], "sha256": digest, "size": len(data)})
        record(
            user,
            Action.FINDING,
            round=round,
            unit=unit,
            target=f"finding:{finding.pk}:{item_code}",
            address=address,
            after={
                "finding": finding.pk,
                "school": school_code or None,
                "item": item_code,
                "severity": finding.severity,
                "note": note,
                "points": points,
                "score_reason": finding.score_reason,
                "photos": stored,
            },
        )
    return finding


def _points(value: Any, limit: float, item: str) -> float | None:
    text = "" if value is None else str(value).strip()
    if not text:
        return None
    try:
        points = float(text)
    except ValueError:
        points = math.nan
    if not math.isfinite(points) or not 0 <= points <= limit:
        raise _problem("verification-points", "points", value=text, limit=f"{limit:g}", item=item)
    return points


def _checked_photos(photos: Sequence[Photo]) -> list[tuple[str, bytes, str, str]]:
    """Each photo's name, content, kind and content type, once every one passed its checks."""
    if len(photos) > MAX_PHOTOS:
        raise _problem("verification-photo-count", "photos", limit=MAX_PHOTOS, count=len(photos))
    limit = photo_limit()
    checked = []
    for photo in photos:
        name = photo.name or ""
        too_large = {"name": name, "limit": f"{limit / 2**20:.0f}", "status": "too_large"}
        if photo.size > limit:
            raise _problem("verification-photo-size", "photos", size=f"{photo.size / 2**20:.1f}", **too_large)
        data = photo.stream.read(limit + 1)
        if len(data) > limit:
            raise _problem("verification-photo-size", "photos", size=f"{len(data) / 2**20:.1f}", **too_large)
        problem = name_problem(name)
        if problem is not None:
            raise refusal(problem, "photos")
        if not data:
            raise _problem("verification-photo-empty", "photos", name=name)
        found = sniff(data[:16], data)
        if found is None or found[0] not in PHOTO_KINDS:
            raise _problem("verification-photo-type", "photos", status="bad_type", name=name)
        kind, content_type = found
        suffix = os.path.splitext(name)[1].lower()
        if suffix and suffix not in _EXTENSIONS[kind]:
            raise _problem(
                "verification-photo-extension", "photos", status="bad_type", name=name, kind=kind.upper()
            )
        checked.append((name, data, kind, content_type))
    return checked
