"""Field verification 实地核查 in the web: the pages (draw, redraw, a finding with a photo from a
phone), their refusals at the field, and the JSON API (tag ``verification``)."""

from __future__ import annotations

import re

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dudao.store.audit.models import Action, AuditEntry
from dudao.store.rounds.models import Round
from dudao.store.verification.findings import FindingInput, record_finding
from dudao.store.verification.models import Draw, Finding
from dudao.web.api.urls import api
from tests.web.conftest import login

JB, YZ = "500105", "500103"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def _unit_url(round: Round, code: str) -> str:
    return reverse("verification_unit", args=[round.pk, code])


def test_the_office_draws_sees_the_seed_and_redraws_only_with_a_reason(demo_round: Round) -> None:
    office = login("office")
    assert "实地核查" in office.get(reverse("round", args=[demo_round.pk])).content.decode()
    index = office.get(reverse("verification", args=[demo_round.pk])).content.decode()
    assert "江北区" in index and "尚未抽样" in index
    draw_url = reverse("verification_draw", args=[demo_round.pk, JB])
    response = office.post(draw_url, {"method": "stratified", "size": "6", "seed": "20221213"})
    assert response.status_code == 302
    page = office.get(_unit_url(demo_round, JB)).content.decode()
    first = Draw.objects.get(round=demo_round, unit_id=JB)
    assert "20221213" in page and first.drawn >= 6
    assert all(s.school.name in page for s in first.schools.select_related("school"))

    refused = office.post(draw_url, {"method": "simple", "size": "3", "seed": "5"})
    text = refused.content.decode()
    assert refused.status_code == 400 and "重新抽样须写明原因" in text
    assert re.search(r'id="draw-reason"[^>]*aria-invalid="true"', text)
    assert 'href="#draw-reason"' in text and 'value="5"' in text  # located, and what was entered kept

    office.post(draw_url, {"method": "simple", "size": "3", "seed": "5", "reason": "一所学校停课"})
    page = office.get(_unit_url(demo_round, JB)).content.decode()
    assert "历次抽样" in page and "一所学校停课" in page and "20221213" in page
    assert Draw.objects.filter(round=demo_round, unit_id=JB).count() == 2
    assert AuditEntry.objects.filter(action=Action.DRAW, unit_id=JB).count() == 2


def test_a_reviewer_records_a_finding_with_a_photo_at_a_drawn_school(demo_round: Round) -> None:
    login("office").post(
        reverse("verification_draw", args=[demo_round.pk, YZ]), {"method": "simple", "size": "2", "seed": "9"}
    )
    school = Draw.objects.get(round=demo_round, unit_id=YZ).schools.first().school_id
    reviewer = login("reviewer")
    page = reviewer.get(_unit_url(demo_round, YZ)).content.decode()
    assert 'accept="image/*"' in page and "capture" in page and "draw-form" not in page  # no drawing
    photo = SimpleUploadedFile("现场.png", PNG, content_type="image/png")
    response = reviewer.post(
        reverse("verification_finding", args=[demo_round.pk, YZ]),
        {"school": school, "item": "A6.1.1", "severity": "major", "note": "班额超标", "photos": [photo]},
    )
    assert response.status_code == 302
    finding = Finding.objects.get(round=demo_round, unit_id=YZ)
    assert finding.school_id == school and finding.photos.count() == 1
    page = reviewer.get(_unit_url(demo_round, YZ)).content.decode()
    assert "班额超标" in page and "核查照片：现场.png" in page
    served = reviewer.get(reverse("verification_photo", args=[demo_round.pk, YZ, finding.photos.get().pk]))
    assert served["Content-Type"] == "image/png" and b"".join(served.streaming_content) == PNG
    assert AuditEntry.objects.get(action=Action.FINDING).after["photos"][0]["file"] == "现场.png"


def test_a_refused_finding_says_why_at_its_field_and_keeps_nothing(demo_round: Round) -> None:
    office = login("office")
    fake = SimpleUploadedFile("照片.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    response = office.post(
        reverse("verification_finding", args=[demo_round.pk, JB]),
        {"item": "A6.1.1", "severity": "minor", "note": "看过", "photos": [fake], "points": "1"},
    )
    text = response.content.decode()
    assert response.status_code == 400 and "须写明理由" in text and 'href="#finding-score_reason"' in text
    fake = SimpleUploadedFile("照片.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    response = office.post(
        reverse("verification_finding", args=[demo_round.pk, JB]),
        {"item": "A6.1.1", "severity": "minor", "note": "看过", "photos": [fake]},
    )
    text = response.content.decode()
    assert response.status_code == 400 and "不是可接受的图片" in text and 'href="#finding-photos"' in text
    assert "看过" in text  # the note is kept for the next try
    assert not Finding.objects.exists()


def test_others_are_refused(demo_round: Round) -> None:
    assert login("reviewer").get(_unit_url(demo_round, JB)).status_code == 403  # not assigned
    assert login("jiangbei").get(_unit_url(demo_round, JB)).status_code == 403  # visits are unannounced
    refused = login("reviewer").post(
        reverse("verification_draw", args=[demo_round.pk, YZ]), {"method": "simple", "size": "2"}
    )
    assert refused.status_code == 403 and not Draw.objects.exists()


def test_the_api_draws_and_records_findings_under_the_verification_tag(demo_round: Round) -> None:
    tags = {
        op["tags"][0]
        for path, ops in api.get_openapi_schema()["paths"].items()
        if path.endswith(("/draws", "/findings"))
        for op in ops.values()
    }
    assert tags == {"verification"}
    office = login("office")
    base = f"/api/rounds/{demo_round.pk}/units/{JB}"
    made = office.post(
        f"{base}/draws", {"method": "simple", "size": 3, "seed": 77}, content_type="application/json"
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["seed"] == 77 and len(body["schools"]) == 3 and body["current"]
    again = office.post(
        f"{base}/draws", {"method": "simple", "size": 3, "seed": 78}, content_type="application/json"
    )
    assert again.status_code == 422 and again.json()["error"]["field"] == "reason"
    redrawn = office.post(
        f"{base}/draws",
        {"method": "simple", "size": 3, "seed": 77, "reason": "复核"},
        content_type="application/json",
    )
    assert redrawn.status_code == 422 and "77" in redrawn.json()["error"]["message"]
    listed = office.get(f"{base}/draws").json()
    assert [d["seed"] for d in listed] == [77]

    school = body["schools"][0]["code"]
    photo = SimpleUploadedFile("a.png", PNG, content_type="image/png")
    recorded = office.post(
        f"{base}/findings",
        {
            "item": "A6.1.1",
            "severity": "serious",
            "note": "台账缺失",
            "school": school,
            "photos": [photo],
            "points": "0",
            "score_reason": "现场无台账",
        },
    )
    assert recorded.status_code == 201, recorded.content
    out = recorded.json()
    assert out["points"] == 0 and out["photos"][0]["kind"] == "png" and out["school"] == school
    bad = SimpleUploadedFile("b.png", b"%PDF-1.4 x", content_type="image/png")
    refused = office.post(
        f"{base}/findings", {"item": "A6.1.1", "severity": "minor", "note": "x", "photos": [bad]}
    )
    assert refused.status_code == 415 and refused.json()["error"]["field"] == "photos"
    missing = office.post(f"{base}/findings", {"severity": "minor", "note": "x"})
    assert missing.status_code == 422 and missing.json()["error"]["field"] == "item"
    assert [f["note"] for f in office.get(f"{base}/findings").json()] == ["台账缺失"]


def test_a_refusal_comes_in_english_to_an_english_reader(demo_round: Round) -> None:
    refused = login("office").post(
        f"/api/rounds/{demo_round.pk}/units/{JB}/draws",
        {"method": "simple", "size": 0},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    error = refused.json()["error"]
    assert refused.status_code == 422 and error["field"] == "size"
    assert error["message"].startswith("the sample size “0” is not a whole number from 1 to")


def _proposing(round: Round, code: str, points: str | None = "0.5") -> Finding:
    reviewer = get_user_model().objects.get(username="reviewer")
    given = FindingInput(
        "A6.1.1",
        "major",
        "入园人数台账与报表不符",
        "",
        points or "",
        "现场台账只有 1200 人" if points else "",
    )
    return record_finding(reviewer, round, round.entries.get(unit_id=code).unit, given)


def test_a_finding_changes_the_review_score_through_the_review_layer_once(demo_round: Round) -> None:
    from dudao.store.review.models import ItemReview, ScoreChange

    finding = _proposing(demo_round, YZ)
    reviewer = login("reviewer")
    page = reviewer.get(_unit_url(demo_round, YZ)).content.decode()
    assert "计入评审得分（0.5 分）" in page and "尚未计入评审得分" in page
    url = reverse("verification_score", args=[demo_round.pk, YZ, finding.pk])
    assert reviewer.post(url).status_code == 302
    review = ItemReview.objects.get(round=demo_round, unit_id=YZ, item="A6.1.1")
    assert review.points == 0.5 and review.source == "finding"
    assert review.reason == f"实地核查发现 #{finding.pk}（渝中区）：现场台账只有 1200 人"
    change = ScoreChange.objects.filter(round=demo_round, unit_id=YZ, item="A6.1.1", layer="review").last()
    assert change.source == "finding" and change.after == 0.5 and f"#{finding.pk}" in change.reason
    finding.refresh_from_db()
    assert finding.score_applied_at is not None
    assert "已计入评审得分" in reviewer.get(_unit_url(demo_round, YZ)).content.decode()
    again = reviewer.post(url)
    assert again.status_code == 400 and "不能重复计入" in again.content.decode()
    assert ItemReview.objects.filter(round=demo_round, unit_id=YZ, item="A6.1.1").count() == 1
    assert AuditEntry.objects.filter(action=Action.FINDING, target__endswith=":score").count() == 1


def test_the_api_applies_a_finding_and_passes_on_the_review_layers_refusal(demo_round: Round) -> None:
    office = login("office")
    no_points = _proposing(demo_round, YZ, points=None)
    base = f"/api/rounds/{demo_round.pk}/units"
    refused = office.post(f"{base}/{YZ}/findings/{no_points.pk}/score")
    assert refused.status_code == 422 and "没有建议评审得分" in refused.json()["error"]["message"]
    # Jiangbei is still entering its data: the review layer refuses a review score, said at points.
    unsubmitted = _proposing(demo_round, JB)
    refused = office.post(f"{base}/{JB}/findings/{unsubmitted.pk}/score")
    assert refused.status_code == 422 and refused.json()["error"]["field"] == "points"
    assert not Finding.objects.get(pk=unsubmitted.pk).score_applied_at
    applied = office.post(f"{base}/{YZ}/findings/{_proposing(demo_round, YZ).pk}/score")
    assert applied.status_code == 200 and applied.json()["score_applied_at"]
