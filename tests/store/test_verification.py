"""Field verification 实地核查 in the store: draws (deterministic, stratified, redrawn with a new
seed and a reason, the old kept), findings with photos checked by content, every write audited."""

from __future__ import annotations

import io
import random
from datetime import date
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from dudao.samples import bundled_scheme_path
from dudao.store.accounts.models import Unit
from dudao.store.audit.models import Action, AuditEntry
from dudao.store.entry.models import Blob, DataValue
from dudao.store.entry.services import EntryRefused
from dudao.store.rounds.models import Round
from dudao.store.rounds.services import create_round, store_scheme
from dudao.store.verification.draws import DrawRequest, make_draw
from dudao.store.verification.findings import MAX_PHOTOS, FindingInput, Photo, record_finding
from dudao.store.verification.models import Draw, Finding
from dudao.store.verification.sampling import School, allocate, draw

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
JPEG = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 4
# 40 schools: 20 primary, 12 junior, 6 kindergartens, 2 special; every third one private.
TYPES = ["primary"] * 20 + ["junior"] * 12 + ["kindergarten"] * 6 + ["special"] * 2


@pytest.fixture
def world(empty_store: None) -> dict[str, Any]:
    office = get_user_model().objects.create(username="office-t")
    city = Unit.objects.create(code="500000", name="重庆市", level="city")
    district = Unit.objects.create(code="500105", name="江北区", parent=city, level="district")
    Unit.objects.create(code="500103", name="渝中区", parent=city, level="district")
    codes = [f"5001050{n:02d}" for n in range(len(TYPES))]
    random.Random(1).shuffle(codes)  # created in an order that is not the codes' order
    for code, kind in zip(codes, TYPES, strict=True):
        Unit.objects.create(code=code, name=f"学校{code}", parent=district, level="school", school_type=kind)
    scheme = store_scheme(office, bundled_scheme_path().read_text(encoding="utf-8"), "test")
    round = create_round(office, name="核查测试", scheme=scheme, scope=city, deadline=date(2022, 6, 30))
    Round.objects.filter(pk=round.pk).update(state=Round.State.OPEN)
    round.refresh_from_db()
    for i, code in enumerate(sorted(codes)):
        DataValue.objects.create(
            round=round, unit_id=code, element="is_private", period=round.period, value=float(i % 3 == 0)
        )
    return {"office": office, "round": round, "district": district}


def _codes(found: Draw) -> list[str]:
    return list(found.schools.values_list("school_id", flat=True))


def test_the_same_seed_draws_the_same_schools_and_another_seed_others(world: dict[str, Any]) -> None:
    office, round, district = world["office"], world["round"], world["district"]
    first = make_draw(office, round, district, DrawRequest("simple", 8, 20221213))
    again = make_draw(office, round, district, DrawRequest("simple", 8, 7, reason="换种子核对"))
    assert first.seed == 20221213 and len(_codes(first)) == 8 and first.drawn == 8 and first.population == 40
    # The algorithm is a function of the sorted codes and the seed, whatever order the database keeps.
    schools = [School(u.code, u.school_type) for u in Unit.objects.filter(level="school").order_by("-name")]
    assert [d.code for d in draw(schools, 8, seed=20221213, stratified=False)] == _codes(first)
    assert [d.code for d in draw(list(reversed(schools)), 8, seed=20221213, stratified=False)] == _codes(
        first
    )
    assert set(_codes(again)) != set(_codes(first))


def test_a_stratified_draw_covers_every_stratum_in_proportion(world: dict[str, Any]) -> None:
    made = make_draw(world["office"], world["round"], world["district"], DrawRequest("stratified", 10, 3))
    strata = list(made.schools.values_list("stratum", flat=True))
    assert sorted(set(strata)) == ["junior", "kindergarten", "primary", "special"]
    assert {s: strata.count(s) for s in set(strata)} == {
        "primary": 5,
        "junior": 3,
        "kindergarten": 1,
        "special": 1,
    }
    kinds = dict(Unit.objects.filter(level="school").values_list("code", "school_type"))
    assert all(kinds[s.school_id] == s.stratum for s in made.schools.all())


def test_a_second_stratum_from_a_school_element(world: dict[str, Any]) -> None:
    asked = DrawRequest("stratified", 4, 11, stratum_element="is_private")
    made = make_draw(world["office"], world["round"], world["district"], asked)
    strata = set(made.schools.values_list("stratum", flat=True))
    # 4 types × private or not: 8 non-empty strata, each gets one school although 4 were asked.
    assert len(strata) == made.drawn == 8 and made.size == 4
    assert {"primary·是", "primary·否", "special·否"} <= strata


def test_allocation_is_proportional_with_one_per_stratum() -> None:
    assert allocate({"a": 20, "b": 12, "c": 6, "d": 2}, 10) == {"a": 5, "b": 3, "c": 1, "d": 1}
    assert allocate({"a": 1, "b": 1}, 5) == {"a": 1, "b": 1}
    assert sum(allocate({"a": 50, "b": 30, "c": 20}, 7).values()) == 7


def test_a_redraw_needs_a_reason_and_a_new_seed_and_keeps_the_old(world: dict[str, Any]) -> None:
    office, round, district = world["office"], world["round"], world["district"]
    first = make_draw(office, round, district, DrawRequest("simple", 5, 42))
    with pytest.raises(EntryRefused) as refused:
        make_draw(office, round, district, DrawRequest("simple", 5, 43))
    assert "重新抽样须写明原因" in refused.value.errors["reason"]
    with pytest.raises(EntryRefused) as refused:
        make_draw(office, round, district, DrawRequest("simple", 5, 42, reason="学校停课"))
    assert "42" in refused.value.errors["seed"]
    second = make_draw(office, round, district, DrawRequest("simple", 5, None, reason="一所学校停课"))
    first.refresh_from_db()
    assert not first.current and second.current and second.replaces == first and second.seed != 42
    assert _codes(first) and Draw.objects.filter(round=round, unit=district).count() == 2
    entries = AuditEntry.objects.filter(action=Action.DRAW, unit=district).order_by("id")
    assert [e.after["seed"] for e in entries] == [42, second.seed]
    assert entries.last().after["reason"] == "一所学校停课" and entries.last().before["seed"] == 42


@pytest.mark.parametrize(
    ("asked", "field", "words"),
    [
        (DrawRequest("systematic", 5), "method", "simple（简单随机抽样）"),
        (DrawRequest("simple", 0), "size", "1 至 40"),
        (DrawRequest("simple", "五"), "size", "“五”"),
        (DrawRequest("simple", 41), "size", "共有 40 所学校"),
        (DrawRequest("simple", 5, "-1"), "seed", "0 至"),
        (DrawRequest("stratified", 5, 1, stratum_element="urban"), "stratum_element", "is_private"),
    ],
)
def test_a_bad_draw_is_refused_at_its_field(
    world: dict[str, Any], asked: DrawRequest, field: str, words: str
) -> None:
    with pytest.raises(EntryRefused) as refused:
        make_draw(world["office"], world["round"], world["district"], asked)
    assert list(refused.value.errors) == [field] and words in refused.value.errors[field]
    assert not Draw.objects.exists() and not AuditEntry.objects.filter(action=Action.DRAW).exists()


def test_no_draw_for_a_unit_without_schools_or_outside_the_round(world: dict[str, Any]) -> None:
    yuzhong = Unit.objects.get(code="500103")
    with pytest.raises(EntryRefused, match="没有学校"):
        make_draw(world["office"], world["round"], yuzhong, DrawRequest("simple", 1))
    with pytest.raises(EntryRefused, match="不是轮次"):
        make_draw(world["office"], world["round"], Unit.objects.get(code="500000"), DrawRequest("simple", 1))
    Round.objects.filter(pk=world["round"].pk).update(published=True)
    world["round"].refresh_from_db()
    with pytest.raises(EntryRefused, match="结果已公开") as refused:
        make_draw(world["office"], world["round"], world["district"], DrawRequest("simple", 1))
    assert refused.value.code == "round_closed"


def _finding(world: dict[str, Any], photos: list[Photo], **given: Any) -> Finding:
    values = {"item": "A6.1.1", "severity": "major", "note": "实地查看：幼儿园班额超标"} | given
    return record_finding(world["office"], world["round"], world["district"], FindingInput(**values), photos)


def test_a_finding_at_a_drawn_school_keeps_its_photos_once_and_is_audited(world: dict[str, Any]) -> None:
    made = make_draw(world["office"], world["round"], world["district"], DrawRequest("simple", 3, 5))
    school = _codes(made)[0]
    photos = [Photo("教室.png", io.BytesIO(PNG), len(PNG)), Photo("门口.jpg", io.BytesIO(JPEG), len(JPEG))]
    found = _finding(world, photos, school=school, points="0.5", score_reason="入园率数据与现场不符")
    assert found.school_id == school and found.points == 0.5 and found.photos.count() == 2
    assert {p.blob.kind for p in found.photos.all()} == {"png", "jpeg"}
    again = _finding(world, [Photo("教室-副本.png", io.BytesIO(PNG), len(PNG))])
    assert again.school is None and Blob.objects.filter(kind="png").count() == 1
    entry = AuditEntry.objects.filter(action=Action.FINDING).order_by("id").first()
    assert (
        entry.after["item"] == "A6.1.1" and entry.after["points"] == 0.5 and len(entry.after["photos"]) == 2
    )


@pytest.mark.parametrize(
    ("photo", "given", "field", "words", "code"),
    [
        (
            Photo("病毒.png", io.BytesIO(b"MZ\x90\x00 a program"), 14),
            {},
            "photos",
            "不是可接受的图片",
            "bad_type",
        ),
        (Photo("报告.png", io.BytesIO(b"%PDF-1.4 xx"), 11), {}, "photos", "不是可接受的图片", "bad_type"),
        (Photo("照片.gif", io.BytesIO(PNG), len(PNG)), {}, "photos", "PNG 图片", "bad_type"),
        (Photo("../照片.png", io.BytesIO(PNG), len(PNG)), {}, "photos", "含有路径", "bad_name"),
        (Photo("大.png", io.BytesIO(PNG), 11 * 2**20), {}, "photos", "超过上限 10 MB", "too_large"),
        (Photo("空.png", io.BytesIO(b""), 0), {}, "photos", "空文件", "invalid"),
        (None, {"item": "Z9"}, "item", "“Z9”不在本轮次", "invalid"),
        (None, {"severity": "bad"}, "severity", "minor（一般问题）", "invalid"),
        (None, {"note": "  "}, "note", "请填写核查记录", "invalid"),
        (None, {"points": "2"}, "points", "满分 1.5 分", "invalid"),
        (None, {"points": "1"}, "score_reason", "须写明理由", "invalid"),
        (None, {"school": "500105001"}, "school", "不在“江北区”的现行抽样中", "invalid"),
    ],
)
def test_a_bad_finding_is_refused_at_its_field_and_keeps_nothing(
    world: dict[str, Any], photo: Photo | None, given: dict[str, Any], field: str, words: str, code: str
) -> None:
    with pytest.raises(EntryRefused) as refused:
        _finding(world, [photo] if photo else [], **given)
    assert list(refused.value.errors) == [field] and words in refused.value.errors[field]
    assert refused.value.code == code
    assert not Finding.objects.exists() and not Blob.objects.exists()


def test_too_many_photos_are_refused(world: dict[str, Any]) -> None:
    photos = [Photo(f"{i}.png", io.BytesIO(PNG), len(PNG)) for i in range(MAX_PHOTOS + 1)]
    with pytest.raises(EntryRefused, match=f"最多附 {MAX_PHOTOS} 张"):
        _finding(world, photos)
