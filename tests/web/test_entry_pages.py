"""The unit entry pages: the form, saving with field messages, the live preview, evidence, submit.

Jiangbei (500105) starts in progress with edu_budget, pop_3_5 and teacher_avg_pay empty.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from dudao.store.accounts.models import Profile, Unit
from dudao.store.audit.models import Action, AuditEntry
from dudao.store.entry import evidence
from dudao.store.entry.models import Blob, DataValue, Evidence, Narrative, SelfScore
from dudao.store.rounds import engine
from dudao.store.rounds.models import Round, RoundUnit, Status
from tests.web.conftest import login

JIANGBEI = "500105"
HTMX = {"HTTP_HX_REQUEST": "true"}
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 40
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 60


def url(name: str, round: Round, code: str = JIANGBEI, *args: Any) -> str:
    return reverse(name, args=[round.pk, code, *args])


def text(response: Any) -> str:
    return str(response.content.decode())


def input_tag(html: str, name: str) -> str:
    """The opening tag of the input or select named ``name``."""
    found = re.search(rf'<(?:input|select)[^>]*\bname="{re.escape(name)}"[^>]*>', html)
    assert found, name
    return found.group(0)


def stored(round: Round, element: str, code: str = JIANGBEI) -> float | None:
    row = DataValue.objects.filter(round=round, unit_id=code, element=element, period=round.period).first()
    return row.value if row else None


def save(
    client: Client,
    round: Round,
    values: dict[str, str],
    originals: dict[str, str] | None = None,
    **extra: Any,
) -> Any:
    data = {f"v-{k}": v for k, v in values.items()}
    data |= {f"o-{k}": (originals or {}).get(k, "") for k in values}
    return client.post(url("unit_save", round), data, **extra)


def preview_total(response: Any) -> float:
    found = re.search(r'data-total="([0-9.]+)"', text(response))
    assert found, text(response)[:500]
    return float(found.group(1))


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(client: Client, round: Round, item: str, name: str, data: bytes, **extra: Any) -> Any:
    return client.post(
        url("evidence_upload", round) + f"?item={item}",
        {"item": item, "file": SimpleUploadedFile(name, data)},
        **extra,
    )


def fill_missing(round: Round) -> None:
    client = login("jiangbei")
    response = save(client, round, {"edu_budget": "150000", "pop_3_5": "28000", "teacher_avg_pay": "120000"})
    assert response.status_code == 302


# -- the page ----------------------------------------------------------------------------------


def test_page_shows_groups_last_year_standards_and_enabled_inputs(demo_round: Round) -> None:
    response = login("jiangbei").get(url("unit", demo_round))
    assert response.status_code == 200
    html = text(response)
    assert "全力保障教育优先发展" in html and 'id="area-A2"' in html  # grouped by 一级指标
    assert "一般公共预算教育经费" in html
    last = DataValue.objects.get(round=demo_round, unit_id=JIANGBEI, element="edu_budget", period=2020)
    assert f"{last.value:.0f}" in html  # last year's value
    assert "A2.2.1 ≥ 0" in html  # the standard it feeds
    assert "disabled" not in input_tag(html, "v-edu_budget")
    assert 'name="o-edu_budget" value=""' in html
    assert 'name="c-edu_budget"' in html
    assert "预估（含自评等级，未经评审）" in html and 'data-total="' in html  # the preview on GET
    assert "所属学校" in html and "江北区第一幼儿园" in html  # the schools section
    assert 'name="n-A2"' in html and 'name="on-A2"' in html  # the narrative box per area, in the form
    assert "全面实施，议事规则健全，运行规范" in html  # self-score levels with descriptions
    assert "v-has_party_org" not in html  # a school element is not on the district's form
    assert "一般公共预算教育经费" in html.split('id="submit-card"')[1]  # missing listed by submit


def test_approver_sees_the_form_read_only_and_may_submit(demo_round: Round) -> None:
    html = text(login("jiangbei-approver").get(url("unit", demo_round)))
    assert "disabled" in input_tag(html, "v-edu_budget")
    assert "disabled" in input_tag(html, "v-leaders_report_edu")
    assert "提交本单位数据" in html
    assert "保存填报数据" not in html


def test_school_editor_sees_only_their_school_elements(demo_round: Round, user: Any) -> None:
    school = Profile.objects.get(user=user("jiangbei-school")).unit
    client = login("jiangbei-school")
    html = text(client.get(url("unit", demo_round, school.code)))
    assert "pupils_primary" in html or "kg_enrolled" in html
    assert "disabled" not in input_tag(html, "v-kg_enrolled")
    assert "v-edu_budget" not in html
    assert "汇总计入" in html  # the note that school data rolls up
    assert client.get(url("unit", demo_round)).status_code == 403  # not the district's page
    other = "5001050002" if school.code != "5001050002" else "5001050003"
    assert client.get(url("unit", demo_round, other)).status_code == 403


def test_district_editor_opens_a_school_page_and_saves_there(demo_round: Round) -> None:
    client = login("jiangbei")
    html = text(client.get(url("unit", demo_round, "5001050001")))
    assert "江北区第一幼儿园" in html and "v-kg_enrolled" in html and "v-edu_budget" not in html
    before = stored(demo_round, "kg_enrolled", "5001050001")
    response = client.post(
        url("unit_save", demo_round, "5001050001"),
        {"v-kg_enrolled": "321", "o-kg_enrolled": f"{before:g}" if before is not None else ""},
    )
    assert response.status_code == 302
    assert stored(demo_round, "kg_enrolled", "5001050001") == 321.0


def test_a_unit_outside_the_round_is_not_found(demo_round: Round) -> None:
    assert login("office").get(url("unit", demo_round, "500000")).status_code == 404
    admin = login("admin")
    assert admin.post(url("unit_preview", demo_round, "500000"), {}).status_code == 404
    assert save(admin, demo_round, {"edu_budget": "1"}).status_code == 302  # the admin may enter
    saved = admin.post(url("unit_save", demo_round, "500000"), {"v-edu_budget": "1", "o-edu_budget": ""})
    assert saved.status_code == 404


# -- saving ------------------------------------------------------------------------------------


def test_save_changes_the_value_with_history_and_audit(demo_round: Round) -> None:
    client = login("jiangbei")
    history = DataValue.history.filter(round=demo_round, unit_id=JIANGBEI, element="edu_budget").count()
    response = save(client, demo_round, {"edu_budget": "150,000"}, follow=True)
    assert "已保存 1 项" in text(response)
    assert stored(demo_round, "edu_budget") == 150000.0
    assert (
        DataValue.history.filter(round=demo_round, unit_id=JIANGBEI, element="edu_budget").count()
        == history + 1
    )
    entry = AuditEntry.objects.filter(action=Action.VALUE, target="edu_budget", unit_id=JIANGBEI).latest("at")
    assert entry.username == "jiangbei" and entry.after["value"] == 150000.0


def test_only_changed_rows_are_saved(demo_round: Round) -> None:
    shown = stored(demo_round, "general_budget_expenditure")
    assert shown is not None
    client = login("jiangbei")
    response = client.post(
        url("unit_save", demo_round),
        {
            "v-general_budget_expenditure": f"{shown:g}",  # unchanged: not touched
            "o-general_budget_expenditure": f"{shown:g}",
            "v-edu_budget": "1",
            "o-edu_budget": "",
        },
        **HTMX,
    )
    assert response.status_code == 200 and "已保存 1 项" in text(response)
    assert not AuditEntry.objects.filter(target="general_budget_expenditure", username="jiangbei").exists()
    assert 'name="o-edu_budget" value="1"' in text(response)  # the originals move on
    assert response["HX-Trigger-After-Settle"] == "dudao:preview"


def test_a_second_save_after_success_is_not_stale(demo_round: Round) -> None:
    client = login("jiangbei")
    first = save(client, demo_round, {"edu_budget": "100"}, **HTMX)
    original = re.search(r'name="o-edu_budget" value="([^"]*)"', text(first))
    assert original and original.group(1) == "100"
    second = save(client, demo_round, {"edu_budget": "120"}, {"edu_budget": original.group(1)}, **HTMX)
    assert second.status_code == 200 and "已保存 1 项" in text(second)
    assert stored(demo_round, "edu_budget") == 120.0


def test_a_comment_alone_is_saved(demo_round: Round) -> None:
    value = stored(demo_round, "audit_issues")
    shown = f"{value:g}" if value is not None else ""
    response = login("jiangbei").post(
        url("unit_save", demo_round),
        {
            "v-audit_issues": shown,
            "o-audit_issues": shown,
            "c-audit_issues": "审计报告第3页",
            "oc-audit_issues": "",
        },
    )
    assert response.status_code == 302
    row = DataValue.objects.get(round=demo_round, unit_id=JIANGBEI, element="audit_issues", period=2021)
    assert row.comment == "审计报告第3页" and row.value == value


@pytest.mark.parametrize(
    ("element", "typed", "message"),
    [
        ("edu_budget", "abc", "不是数字"),
        ("satisfaction_public", "150", "超出允许范围"),
        ("bogus_element", "5", "没有这个数据项"),
    ],
)
def test_bad_values_are_refused_at_their_field(
    demo_round: Round, element: str, typed: str, message: str
) -> None:
    before = list(
        DataValue.objects.filter(round=demo_round, unit_id=JIANGBEI).values_list("element", "value")
    )
    client = login("jiangbei")
    plain = save(client, demo_round, {element: typed, "pop_3_5": "28000"})
    assert plain.status_code == 200 and message in text(plain)
    assert 'value="28000"' in input_tag(text(plain), "v-pop_3_5")  # what was typed is kept
    htmx = save(client, demo_round, {element: typed}, **HTMX)
    assert htmx.status_code == 422 and message in text(htmx)
    after = list(DataValue.objects.filter(round=demo_round, unit_id=JIANGBEI).values_list("element", "value"))
    assert after == before  # all or nothing: pop_3_5 was not saved either


def test_the_message_sits_in_the_row_of_its_field(demo_round: Round) -> None:
    html = text(save(login("jiangbei"), demo_round, {"edu_budget": "abc"}))
    row = html.split('id="row-edu_budget"')[1].split("</tr>")[0]
    assert "不是数字" in row and 'aria-invalid="true"' in row
    assert 'class="form-flash error"' in html and "有 1 项未能保存" in html


def test_a_refused_save_links_to_each_refused_field(demo_round: Round) -> None:
    # A keyboard or screen reader user follows the link into the field (entry.js moves the focus).
    html = text(save(login("jiangbei"), demo_round, {"edu_budget": "abc"}, **HTMX))
    flash = html.split('id="form-flash"')[1].split("</div>")[0]
    assert re.search(r'<a href="#v-edu_budget">一般公共预算教育经费</a>：[^<]*不是数字', flash)
    assert 'id="v-edu_budget"' in html


def test_a_stale_form_is_refused_and_shows_the_current_value(demo_round: Round) -> None:
    client = login("jiangbei")
    assert save(client, demo_round, {"edu_budget": "100"}).status_code == 302  # someone saves first
    response = save(client, demo_round, {"edu_budget": "200"}, {"edu_budget": ""})  # a form loaded before
    assert response.status_code == 200
    html = text(response)
    assert re.search(r"此项已被 jiangbei 于 [0-9-]+ [0-9:]+ 改为 100，您的修改未保存", html)
    assert 'data-take="v-edu_budget" data-value="100"' in html  # taking the stored value, one click
    assert stored(demo_round, "edu_budget") == 100.0
    assert 'name="o-edu_budget" value="100"' in html  # saving again now overrides knowingly
    again = save(client, demo_round, {"edu_budget": "200"}, {"edu_budget": "100"})
    assert again.status_code == 302 and stored(demo_round, "edu_budget") == 200.0


def test_a_school_element_cannot_be_saved_on_the_district(demo_round: Round) -> None:
    response = save(login("jiangbei"), demo_round, {"kg_enrolled": "5"}, **HTMX)
    assert response.status_code == 422 and "不能在这里填写" in text(response)


# -- preview -----------------------------------------------------------------------------------


def test_preview_total_changes_when_edu_budget_is_filled(demo_round: Round) -> None:
    client = login("jiangbei")
    empty = preview_total(
        client.post(url("unit_preview", demo_round), {"v-edu_budget": "", "o-edu_budget": ""})
    )
    response = client.post(
        url("unit_preview", demo_round),
        {"v-edu_budget": "200000", "o-edu_budget": "", "previous_total": f"{empty}"},
        **HTMX,
    )
    filled = preview_total(response)
    assert filled > empty
    html = text(response)
    assert "↑" in html and "预估（含自评等级，未经评审）" in html
    assert not re.search(r"第 \d+ / \d+ 名", html) and "排名在评价结果公开后可见" in html
    office = login("office").post(url("unit_preview", demo_round), {"v-edu_budget": "200000", "o-edu_budget": ""})
    # Placed among the ranked districts (those that submitted), as the ranking places them.
    ranked = sum(1 for u in engine.current_results(demo_round).units if u.rank is not None)
    assert re.search(rf"第 \d+ / {ranked + 1} 名", text(office)) and preview_total(office) == filled
    assert "含 1 项未保存的修改" in html
    assert stored(demo_round, "edu_budget") is None  # a preview saves nothing


def test_preview_reports_and_skips_invalid_values(demo_round: Round) -> None:
    client = login("jiangbei")
    base = preview_total(client.post(url("unit_preview", demo_round), {}))
    response = client.post(url("unit_preview", demo_round), {"v-edu_budget": "abc", "o-edu_budget": ""})
    assert response.status_code == 200
    assert "未计入预估" in text(response) and "不是数字" in text(response)
    assert preview_total(response) == base


def test_preview_of_a_school_scores_its_district(demo_round: Round) -> None:
    response = login("jiangbei").post(
        url("unit_preview", demo_round, "5001050001"), {"v-kg_enrolled": "100", "o-kg_enrolled": "0"}
    )
    assert response.status_code == 200 and "江北区的得分" in text(response)


# -- narratives, self-scores, history ------------------------------------------------------------


def test_narrative_and_self_score_are_saved(demo_round: Round) -> None:
    client = login("jiangbei")
    response = client.post(
        url("unit_narrative", demo_round), {"area": "A1", "n-A1": "建立了领导小组"}, **HTMX
    )
    assert response.status_code == 200 and "自评说明已保存" in text(response)
    assert Narrative.objects.get(round=demo_round, unit_id=JIANGBEI, area="A1").text == "建立了领导小组"
    response = client.post(url("unit_self_score", demo_round), {"item": "A1.2.1", "s-A1.2.1": "良"}, **HTMX)
    assert response.status_code == 200 and response["HX-Trigger"] == "dudao:preview"
    assert SelfScore.objects.get(round=demo_round, unit_id=JIANGBEI, item="A1.2.1").level == "良"
    plain = client.post(url("unit_self_score", demo_round), {"item": "A1.2.1", "s-A1.2.1": "优"})
    assert plain.status_code == 302


def test_a_saved_self_score_is_named_in_the_rubric_explanation(demo_round: Round) -> None:
    """The round's results name a unit's own level beside a rubric item's review (or its wait)."""
    from dudao.store.entry.models import ReviewedLevel
    from dudao.store.rounds import engine

    ReviewedLevel.objects.filter(round=demo_round, unit_id=JIANGBEI, item="A1.2.1").delete()
    engine.forget(demo_round)
    client = login("jiangbei")
    client.post(url("unit_self_score", demo_round), {"item": "A1.2.1", "s-A1.2.1": "良"}, **HTMX)
    assert engine.round_dataset(demo_round).self_levels[(JIANGBEI, "A1.2.1")] == "良"
    rubric = engine.current_results(demo_round).unit(JIANGBEI).item("A1.2.1").explanation.rubric
    assert rubric is not None and rubric.pending and rubric.self_level == "良"
    client.post(url("unit_self_score", demo_round), {"item": "A1.2.1", "s-A1.2.1": "优"}, **HTMX)
    rubric = engine.current_results(demo_round).unit(JIANGBEI).item("A1.2.1").explanation.rubric
    assert rubric is not None and rubric.self_level == "优"


def test_bad_narrative_and_self_score_get_messages(demo_round: Round) -> None:
    client = login("jiangbei")
    bad = client.post(url("unit_self_score", demo_round), {"item": "A1.2.1", "s-A1.2.1": "超级"}, **HTMX)
    assert bad.status_code == 422 and "无效" in text(bad)
    plain = client.post(url("unit_self_score", demo_round), {"item": "A1.1.1", "s-A1.1.1": "优"})
    assert plain.status_code == 200 and "不是按等级评分的指标" in text(plain)
    long = client.post(url("unit_narrative", demo_round), {"area": "A2", "n-A2": "字" * 20001}, **HTMX)
    assert long.status_code == 422 and "过长" in text(long)


def test_history_lists_each_change_newest_first(demo_round: Round) -> None:
    client = login("jiangbei")
    save(client, demo_round, {"edu_budget": "100"})
    save(client, demo_round, {"edu_budget": "120"}, {"edu_budget": "100"})
    page = text(client.get(url("value_history", demo_round, JIANGBEI, "edu_budget")))
    assert "<html" in page
    assert page.index("100 → <b>120</b>") < page.index("空 → <b>100</b>")
    partial = text(client.get(url("value_history", demo_round, JIANGBEI, "edu_budget"), **HTMX))
    assert "<html" not in partial and "100 → <b>120</b>" in partial
    assert client.get(url("value_history", demo_round, JIANGBEI, "nothing")).status_code == 404


# -- evidence ----------------------------------------------------------------------------------


def test_pdf_upload_is_listed_and_served_inline(demo_round: Round, media: Path) -> None:
    client = login("jiangbei")
    response = upload(client, demo_round, "A2.2.1", "预算报告.pdf", PDF, **HTMX)
    assert response.status_code == 200 and "预算报告.pdf" in text(response)
    found = Evidence.objects.get(round=demo_round, unit_id=JIANGBEI, item="A2.2.1")
    served = client.get(url("evidence_file", demo_round, JIANGBEI, found.pk))
    assert served.status_code == 200
    assert served["Content-Type"] == "application/pdf"
    assert served["Content-Disposition"].startswith("inline")
    assert served["X-Content-Type-Options"] == "nosniff"
    assert b"".join(served.streaming_content) == PDF  # type: ignore[attr-defined]  # read through: closed
    assert "预算报告.pdf" in text(client.get(url("unit", demo_round)))


def test_an_office_file_is_downloaded_not_shown(demo_round: Round, media: Path) -> None:
    import io
    import zipfile

    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    client = login("jiangbei")
    assert upload(client, demo_round, "A2.2.1", "表.xlsx", data.getvalue()).status_code == 302
    found = Evidence.objects.get(round=demo_round, unit_id=JIANGBEI, filename="表.xlsx")
    served = client.get(url("evidence_file", demo_round, JIANGBEI, found.pk))
    assert served["Content-Disposition"].startswith("attachment")
    assert b"".join(served.streaming_content) == data.getvalue()  # type: ignore[attr-defined]


def test_the_same_file_twice_is_stored_once(demo_round: Round, media: Path) -> None:
    client = login("jiangbei")
    blobs = Blob.objects.count()
    upload(client, demo_round, "A2.2.1", "a.pdf", PDF)
    upload(client, demo_round, "A2.2.2", "b.pdf", PDF)
    assert Blob.objects.count() == blobs + 1
    assert Evidence.objects.filter(round=demo_round, unit_id=JIANGBEI, deleted_at__isnull=True).count() == 2


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("setup.pdf", EXE, "不是可接受的类型"),
        ("photo.pdf", PNG, "扩展名与内容不符"),
    ],
)
def test_disguised_files_are_refused(
    demo_round: Round, media: Path, name: str, data: bytes, message: str
) -> None:
    client = login("jiangbei")
    response = upload(client, demo_round, "A2.2.1", name, data, **HTMX)
    assert response.status_code == 422 and message in text(response)
    assert 'id="ev-A2-2-1"' in text(response)  # shown at the item's upload slot
    plain = upload(client, demo_round, "A2.2.1", name, data)
    assert plain.status_code == 200 and message in text(plain)
    assert not Evidence.objects.filter(round=demo_round, unit_id=JIANGBEI).exists()


@override_settings(MAX_UPLOAD_BYTES=1000)
def test_oversized_files_are_refused(demo_round: Round, media: Path) -> None:
    client = login("jiangbei")
    response = upload(client, demo_round, "A2.2.1", "big.pdf", PDF + b"0" * 2000, **HTMX)
    assert response.status_code == 422 and "超过上限" in text(response)
    body = upload(client, demo_round, "A2.2.1", "huge.pdf", PDF + b"0" * 200_000)  # refused before reading
    assert body.status_code == 200 and "超过上限" in text(body)
    assert not Evidence.objects.filter(round=demo_round, unit_id=JIANGBEI).exists()


def test_upload_without_a_file_or_to_an_unknown_item(demo_round: Round, media: Path) -> None:
    client = login("jiangbei")
    empty = client.post(url("evidence_upload", demo_round) + "?item=A2.2.1", {"item": "A2.2.1"}, **HTMX)
    assert empty.status_code == 422 and "请选择要上传的文件" in text(empty)
    unknown = upload(client, demo_round, "Z9", "a.pdf", PDF, **HTMX)
    assert unknown.status_code == 422 and "没有这个指标" in text(unknown)


def test_evidence_is_deleted_and_then_not_served(demo_round: Round, media: Path) -> None:
    client = login("jiangbei")
    upload(client, demo_round, "A2.2.1", "a.pdf", PDF)
    found = Evidence.objects.get(round=demo_round, unit_id=JIANGBEI)
    response = client.post(url("evidence_delete", demo_round, JIANGBEI, found.pk), **HTMX)
    assert response.status_code == 200 and "已删除" in text(response)
    assert client.get(url("evidence_file", demo_round, JIANGBEI, found.pk)).status_code == 404


def test_evidence_of_another_unit_is_not_served_here(demo_round: Round, media: Path, user: Any) -> None:
    found = evidence.attach(
        user("admin"), demo_round, _unit("500118"), "A2.2.1", "x.pdf", _stream(PDF), len(PDF)
    )
    assert login("office").get(url("evidence_file", demo_round, JIANGBEI, found.pk)).status_code == 404


# -- submit and return -------------------------------------------------------------------------


def test_submit_with_missing_values_lists_them(demo_round: Round) -> None:
    response = login("jiangbei-approver").post(url("unit_submit", demo_round), follow=True)
    assert response.status_code == 200
    html = text(response)
    assert "还有数据未填写" in html and "一般公共预算教育经费" in html and "3至5岁常住人口数" in html
    assert RoundUnit.objects.get(round=demo_round, unit_id=JIANGBEI).status == Status.IN_PROGRESS


def test_fill_submit_lock_and_return(demo_round: Round, media: Path) -> None:
    editor, approver, office = login("jiangbei"), login("jiangbei-approver"), login("office")
    upload(editor, demo_round, "A2.2.1", "a.pdf", PDF)
    fill_missing(demo_round)
    submitted = approver.post(url("unit_submit", demo_round), follow=True)
    assert "已提交" in text(submitted)
    entry = RoundUnit.objects.get(round=demo_round, unit_id=JIANGBEI)
    assert entry.status == Status.SUBMITTED

    again = approver.post(url("unit_submit", demo_round), follow=True)
    assert again.status_code == 200 and "无需重复提交" in text(again)

    locked = save(editor, demo_round, {"edu_budget": "1"}, {"edu_budget": "150000"})
    assert locked.status_code == 200 and "已提交，数据已锁定" in text(locked)
    assert stored(demo_round, "edu_budget") == 150000.0
    found = Evidence.objects.get(round=demo_round, unit_id=JIANGBEI)
    refused = editor.post(url("evidence_delete", demo_round, JIANGBEI, found.pk))
    assert refused.status_code == 200 and "已提交" in text(refused)
    assert Evidence.objects.get(pk=found.pk).deleted_at is None
    assert "disabled" in input_tag(text(editor.get(url("unit", demo_round))), "v-edu_budget")

    page = text(office.get(url("unit", demo_round)))
    assert "退回所选项目" in page and 'value="evidence:A2.2.1"' in page
    no_reason = office.post(url("unit_return", demo_round), {"field": ["edu_budget"]}, follow=True)
    assert "请写明退回原因" in text(no_reason) and "一般公共预算教育经费" in text(no_reason)
    returned = office.post(
        url("unit_return", demo_round), {"field": ["edu_budget"], "reason-edu_budget": "与财政决算不符"}
    )
    assert returned.status_code == 302
    assert RoundUnit.objects.get(round=demo_round, unit_id=JIANGBEI).status == Status.RETURNED

    page = text(editor.get(url("unit", demo_round)))
    assert "与财政决算不符" in page
    assert "disabled" not in input_tag(page, "v-edu_budget")
    assert "disabled" in input_tag(page, "v-pop_3_5")
    ok = save(editor, demo_round, {"edu_budget": "151000"}, {"edu_budget": "150000"})
    assert ok.status_code == 302 and stored(demo_round, "edu_budget") == 151000.0
    other = save(editor, demo_round, {"pop_3_5": "1"}, {"pop_3_5": "28000"}, **HTMX)
    assert other.status_code == 422 and "此项未被退回" in text(other)
    assert stored(demo_round, "pop_3_5") == 28000.0


def test_office_may_return_only_a_submitted_unit(demo_round: Round) -> None:
    response = login("office").post(
        url("unit_return", demo_round), {"field": ["edu_budget"], "reason-edu_budget": "x"}, follow=True
    )
    assert response.status_code == 200 and "只有已提交的数据才能退回" in text(response)


# -- access ------------------------------------------------------------------------------------


def test_another_district_is_refused_everywhere(demo_round: Round, media: Path, user: Any) -> None:
    found = evidence.attach(
        user("jiangbei"), demo_round, _unit(JIANGBEI), "A2.2.1", "x.pdf", _stream(PDF), len(PDF)
    )
    client = login("yuzhong")
    gets = [
        url("unit", demo_round),
        url("evidence_file", demo_round, JIANGBEI, found.pk),
        url("value_history", demo_round, JIANGBEI, "edu_budget"),
    ]
    posts = [
        url(name, demo_round)
        for name in (
            "unit_save",
            "unit_preview",
            "unit_narrative",
            "unit_self_score",
            "evidence_upload",
            "unit_submit",
            "unit_return",
        )
    ] + [url("evidence_delete", demo_round, JIANGBEI, found.pk)]
    for address in gets:
        assert client.get(address).status_code == 403, address
    for address in posts:
        assert (
            client.post(address, {"v-edu_budget": "1", "item": "A2.2.1", "area": "A1"}).status_code == 403
        ), address
    assert (
        client.post(
            url("evidence_upload", demo_round) + "?item=A2.2.1", {"file": SimpleUploadedFile("a.pdf", PDF)}
        ).status_code
        == 403
    )
    assert stored(demo_round, "edu_budget") is None
    assert Evidence.objects.filter(round=demo_round, unit_id=JIANGBEI, deleted_at__isnull=True).count() == 1


def test_reviewer_sees_but_cannot_save(demo_round: Round) -> None:
    client = login("reviewer")
    assert client.get(url("unit", demo_round, "500103")).status_code == 200
    assert client.post(url("unit_save", demo_round, "500103"), {"v-edu_budget": "1"}).status_code == 403
    assert client.get(url("unit", demo_round)).status_code == 403  # not assigned to Jiangbei


def test_wrong_methods_are_refused(demo_round: Round) -> None:
    client = login("jiangbei")
    assert client.get(url("unit_save", demo_round)).status_code == 405
    assert client.post(url("unit", demo_round)).status_code == 405


# -- helpers -----------------------------------------------------------------------------------


def _unit(code: str) -> Any:
    from dudao.store.accounts.models import Unit

    return Unit.objects.get(code=code)


def _stream(data: bytes) -> Any:
    import io

    return io.BytesIO(data)


def test_the_preview_places_a_ranked_unit_where_the_ranking_does(demo_round: Round) -> None:
    """By grade, then total: a unit whose round rules lowered its grade is placed below every unit of
    a better grade, whatever its total (the preview counted totals alone)."""
    results = engine.current_results(demo_round)
    ranked = [u for u in results.units if u.rank is not None]
    lowered = [u for u in ranked if u.grade != u.grade_by_total]
    assert lowered, "the demo round has a unit whose grade a round rule changed"
    for result in [*lowered, ranked[0]]:
        unit = Unit.objects.get(code=result.code)
        preview = engine.preview(demo_round, unit, {}, ranked=True)
        assert (preview.rank, preview.of) == (result.rank, len(ranked)), result.code
