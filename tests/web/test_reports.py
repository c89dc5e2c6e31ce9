"""A unit's narrative report in the web: uploaded on its page, kept with the round, read against its data."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.urls import reverse

from dudao.samples import bundled_report_path
from dudao.store.audit.models import Action, AuditEntry
from dudao.store.entry.models import NarrativeReport
from dudao.store.rounds.models import Round
from tests.web.conftest import login

JB, YZ = "500105", "500103"


@pytest.fixture
def filled(demo_round: Round) -> Round:
    """Jiangbei's figures the demo leaves for the user to fill, filled in as the sample data has them."""
    from dudao.samples import bundled_dataset
    from dudao.store.entry.models import DataValue
    from dudao.store.rounds import engine
    from dudao.web.demo import LEFT_TO_FILL

    values = bundled_dataset().values
    for element in LEFT_TO_FILL:
        row = values[(values.unit == JB) & (values.element == element) & (values.period == demo_round.period)]
        DataValue.objects.update_or_create(
            round=demo_round,
            unit_id=JB,
            element=element,
            period=demo_round.period,
            defaults={"value": float(row["value"].iloc[0])},
        )
    engine.forget(demo_round)
    return demo_round


def upload(client: Any, round: Round, code: str, name: str, data: bytes) -> Any:
    handle = io.BytesIO(data)
    handle.name = name
    return client.post(reverse("unit_report_upload", args=[round.pk, code]), {"file": handle})


def test_jiangbei_uploads_its_report_and_sees_its_figures_checked(filled: Round) -> None:
    demo_round = filled
    client = login("jiangbei")
    unit_page = client.get(reverse("unit", args=[demo_round.pk, JB])).content.decode()
    assert reverse("unit_report", args=[demo_round.pk, JB]) in unit_page
    response = upload(client, demo_round, JB, "江北区自评报告.txt", bundled_report_path().read_bytes())
    assert response.status_code == 302
    page = client.get(reverse("unit_report", args=[demo_round.pk, JB])).content.decode()
    assert "江北区自评报告.txt" in page
    agrees = page[page.index("124.6%") - 200 : page.index("124.6%")]
    assert 'class="claim agrees"' in agrees  # 学前三年毛入园率 124.6% agrees with the data
    assert AuditEntry.objects.filter(action=Action.REPORT, unit_id=JB).count() == 1


def test_an_altered_figure_shows_as_differing(filled: Round) -> None:
    demo_round = filled
    text = bundled_report_path().read_text(encoding="utf-8").replace("124.6%", "134.6%")
    client = login("jiangbei")
    upload(client, demo_round, JB, "改过的报告.txt", text.encode())
    page = client.get(reverse("unit_report", args=[demo_round.pk, JB])).content.decode()
    before = page[page.index("134.6%") - 300 : page.index("134.6%")]
    assert 'class="claim differs"' in before


def test_every_upload_is_kept_and_the_same_file_twice_is_one(demo_round: Round) -> None:
    client = login("jiangbei")
    data = bundled_report_path().read_bytes()
    upload(client, demo_round, JB, "a.txt", data)
    upload(client, demo_round, JB, "a.txt", data)
    upload(client, demo_round, JB, "b.txt", data + "\n附：无。".encode())
    assert NarrativeReport.objects.filter(round=demo_round, unit_id=JB).count() == 2
    page = client.get(reverse("unit_report", args=[demo_round.pk, JB])).content.decode()
    assert 'id="report-versions"' in page and "b.txt" in page


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("report.exe", b"MZ", "应为 .docx、.pdf、.html 或 .txt"),
        ("report.pdf", b"plain text, not a pdf", "内容与扩展名不符"),
        ("report.txt", b"", "是空的"),
        ("report.docx", None, "疑为压缩炸弹"),  # issue #16: refused, never stored
    ],
)
def test_a_wrong_file_is_refused_saying_what_is_accepted(
    demo_round: Round, name: str, data: bytes | None, words: str
) -> None:
    data = data if data is not None else _docx_bomb()
    response = upload(login("jiangbei"), demo_round, JB, name, data)
    assert response.status_code == 400 and words in response.content.decode()
    assert not NarrativeReport.objects.filter(round=demo_round, unit_id=JB).exists()


def test_who_sees_and_who_uploads(demo_round: Round) -> None:
    upload(login("jiangbei"), demo_round, JB, "r.txt", "一、概况\n学校12所。".encode())
    assert login("office").get(reverse("unit_report", args=[demo_round.pk, JB])).status_code == 200
    assert login("yuzhong").get(reverse("unit_report", args=[demo_round.pk, JB])).status_code == 403
    assert upload(login("office"), demo_round, JB, "r.txt", b"x").status_code == 403
    page = login("office").get(reverse("unit_report", args=[demo_round.pk, JB])).content.decode()
    assert 'id="report-upload"' not in page and "r.txt" in page
    assert (
        'id="no-report"'
        in login("yuzhong").get(reverse("unit_report", args=[demo_round.pk, YZ])).content.decode()
    )


def test_no_report_after_submission_unless_the_office_returns_it(filled: Round, user: Any) -> None:
    """Regression (issue 16, part 1, item 5): a report could be uploaded after submission (302, and
    it became the newest report the office read); it is refused like every other submitted field."""
    from dudao.store.entry.services import return_submission, submit
    from dudao.store.rounds import services

    editor = login("jiangbei")
    assert upload(editor, filled, JB, "第一版.txt", "一、概况\n学校12所。".encode()).status_code == 302
    submit(user("jiangbei-approver"), filled, filled.entries.get(unit_id=JB).unit)
    late = upload(editor, filled, JB, "提交后.txt", "一、概况\n学校15所。".encode())
    assert late.status_code == 400
    assert "已提交，自评报告已锁定" in late.content.decode() and "退回“自评报告”" in late.content.decode()
    assert list(
        NarrativeReport.objects.filter(round=filled, unit_id=JB).values_list("filename", flat=True)
    ) == ["第一版.txt"]
    page = editor.get(reverse("unit_report", args=[filled.pk, JB])).content.decode()
    assert 'id="report-upload"' not in page and 'id="report-locked"' in page
    # The office can send the report back; then a new version goes in.
    unit_page = login("office").get(reverse("unit", args=[filled.pk, JB])).content.decode()
    assert 'value="report"' in unit_page  # among what the return form offers
    return_submission(
        user("office"), filled, filled.entries.get(unit_id=JB).unit, {"report": "报告数字与填报不符"}
    )
    assert upload(editor, filled, JB, "第二版.txt", "一、概况\n学校13所。".encode()).status_code == 302
    # Once the round is closed nothing goes in.
    services.close_round(user("office"), filled, confirmation=filled.name)
    closed = upload(editor, filled, JB, "关闭后.txt", "一、概况".encode())
    assert closed.status_code == 400 and "未开放填报" in closed.content.decode()
    assert NarrativeReport.objects.filter(round=filled, unit_id=JB).count() == 2


def _docx_bomb() -> bytes:
    """A .docx whose document part unpacks 1,000 times larger than it is packed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b" " * (40 << 20))
    return buffer.getvalue()
