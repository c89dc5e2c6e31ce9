"""Official documents 公文 in the web: who reads which, and what the downloads hold.

The rules (``dudao.web.access``): a unit's self-evaluation report — the office, the unit's editor
and approver, the reviewers assigned to it; its feedback letter — the office, and the unit's
editor and approver once the round is closed; the city summary, the documents page and the zips
— the office. A system administrator reads everything. The expectations are written out here.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any
from urllib.parse import quote

import docx
import pytest
from django.test import Client
from django.urls import reverse

from dudao.documents import fonts
from dudao.samples import bundled_dataset
from dudao.store.accounts.models import Unit
from dudao.store.entry.services import FieldInput, save_values
from dudao.store.rounds.models import Round, RoundUnit
from dudao.web.demo import LEFT_TO_FILL
from dudao.web.pages import document_links
from tests.web.conftest import login

JB, YZ = "500105", "500103"
ACCOUNTS = (
    "public",
    "admin",
    "office",
    "reviewer",
    "jiangbei",
    "jiangbei-approver",
    "jiangbei-school",
    "yuzhong",
)
OFFICE = {"admin", "office"}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def unit_url(round: Round, code: str, kind: str, format: str) -> str:
    return reverse("unit_document", args=[round.pk, code, kind, format])


def zip_url(round: Round, kind: str, format: str) -> str:
    return reverse("document_zip", args=[round.pk, kind, format])


def body(response: Any) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else bytes(response.content)


def close(round: Round) -> None:
    round.state = Round.State.CLOSED
    round.save(update_fields=["state"])


def fill_jiangbei(round: Round, user: Any) -> None:
    """Enter the figures the demo leaves empty, as the bundled data has them (from the 2022 report)."""
    frame = bundled_dataset().values
    rows = frame[
        (frame["unit"] == JB) & (frame["period"] == round.period) & frame["element"].isin(LEFT_TO_FILL)
    ]
    inputs = [FieldInput(e, float(v)) for e, v in zip(rows["element"], rows["value"], strict=True)]
    assert len(inputs) == len(LEFT_TO_FILL)
    save_values(user("jiangbei"), round, Unit.objects.get(code=JB), inputs)


@pytest.fixture
def clients(db: None) -> dict[str, Client]:
    return {account: login(account) for account in ACCOUNTS}


# -- who reads what ------------------------------------------------------------------------------

SELF_EVALUATION = {
    JB: {"admin", "office", "jiangbei", "jiangbei-approver"},
    YZ: {"admin", "office", "reviewer", "yuzhong"},
}
FEEDBACK_OPEN = {JB: OFFICE, YZ: OFFICE}
FEEDBACK_CLOSED = {
    JB: {"admin", "office", "jiangbei", "jiangbei-approver"},
    YZ: {"admin", "office", "yuzhong"},
}


@pytest.mark.parametrize(
    ("kind", "closed", "readers"),
    [
        ("self-evaluation", False, SELF_EVALUATION),
        ("self-evaluation", True, SELF_EVALUATION),
        ("feedback", False, FEEDBACK_OPEN),
        ("feedback", True, FEEDBACK_CLOSED),
    ],
    ids=["self-evaluation", "self-evaluation-closed", "feedback-open", "feedback-closed"],
)
def test_who_reads_a_units_documents(
    demo_round: Round, clients: dict[str, Client], kind: str, closed: bool, readers: dict[str, set[str]]
) -> None:
    if closed:
        close(demo_round)
    wrong = []
    for code, allowed in readers.items():
        url = unit_url(demo_round, code, kind, "html")
        for account, client in clients.items():
            response = client.get(url)
            expected = 200 if account in allowed else 403
            if response.status_code != expected:
                wrong.append(f"{account} on {code}: {response.status_code}")
            elif expected == 200:
                assert b'class="dudao-document' in response.content
        anonymous = Client().get(url)
        assert anonymous.status_code == 302 and "/login/" in anonymous["Location"]
    assert wrong == []


def test_a_school_has_no_documents(demo_round: Round, clients: dict[str, Client], user: Any) -> None:
    school = str(user("jiangbei-school").profile.unit_id)
    for kind in ("self-evaluation", "feedback"):
        # The school editor is refused their own school's and their district's.
        assert clients["jiangbei-school"].get(unit_url(demo_round, school, kind, "docx")).status_code == 403
        assert clients["jiangbei-school"].get(unit_url(demo_round, JB, kind, "docx")).status_code == 403
    response = clients["office"].get(unit_url(demo_round, school, "self-evaluation", "docx"))
    assert response.status_code == 404
    assert "不是本轮次的被评价单位" in response.content.decode()


def test_the_documents_page_summary_and_zips_are_the_offices(
    demo_round: Round, clients: dict[str, Client]
) -> None:
    urls = [
        reverse("documents", args=[demo_round.pk]),
        reverse("summary_document", args=[demo_round.pk, "none"]),  # refused before the format is read
        zip_url(demo_round, "self-evaluation", "none"),
    ]
    for account, client in clients.items():
        for url in urls:
            status = client.get(url).status_code
            assert (status != 403) == (account in OFFICE), (account, url, status)


# -- the files -----------------------------------------------------------------------------------


def test_a_docx_download_opens_and_states_the_figures(demo_round: Round, user: Any) -> None:
    fill_jiangbei(demo_round, user)
    response = login("jiangbei").get(unit_url(demo_round, JB, "self-evaluation", "docx"))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"] == (
        "attachment; filename=\"500105-self-evaluation.docx\"; filename*=UTF-8''"
        + quote("500105江北区自评报告.docx")
    )
    document = docx.Document(io.BytesIO(response.content))
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(cell.text for table in document.tables for row in table.rows for cell in row.cells)
    for words in ("江北区", "学前三年毛入园率", "124.6%"):
        assert words in text, words


def test_a_pdf_download_is_a_pdf(demo_round: Round) -> None:
    close(demo_round)
    response = login("jiangbei-approver").get(unit_url(demo_round, JB, "feedback", "pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert quote("500105江北区督导意见书.pdf") in response["Content-Disposition"]


def test_the_html_page_shows_the_document_beside_its_downloads(demo_round: Round) -> None:
    response = login("jiangbei").get(unit_url(demo_round, JB, "self-evaluation", "html"))
    page = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "Content-Disposition" not in response
    assert '<article class="dudao-document' in page and "江北区" in page
    assert ".dudao-document" in page  # the document's stylesheet comes along
    for format in ("docx", "pdf"):
        assert unit_url(demo_round, JB, "self-evaluation", format) in page
    assert "下载 DOCX" in page and "下载 HTML 文件" in page
    assert 'class="topbar"' in page  # inside the site's layout

    file = login("jiangbei").get(unit_url(demo_round, JB, "self-evaluation", "html") + "?download=1")
    assert file.status_code == 200 and "attachment;" in file["Content-Disposition"]
    assert file.content.decode().lstrip().startswith("<!DOCTYPE html>")
    assert b'class="topbar"' not in file.content


def test_the_summary_is_the_citys(demo_round: Round) -> None:
    response = login("office").get(reverse("summary_document", args=[demo_round.pk, "docx"]))
    assert response.status_code == 200 and response["Content-Type"] == DOCX
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "汇总报告" in text
    assert "filename*=UTF-8''" in response["Content-Disposition"]


def _zip(response: Any) -> tuple[bytes, list[str]]:
    """The zip's bytes and its names."""
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/zip"
    content = body(response)
    return content, zipfile.ZipFile(io.BytesIO(content)).namelist()


def _one_per_unit(round: Round, names: list[str], folder: str) -> None:
    """One file per evaluated unit of the round (38 in the demo), in one folder."""
    codes = sorted(RoundUnit.objects.filter(round=round).values_list("unit_id", flat=True))
    assert len(codes) == 38 and len(names) == 38
    assert sorted(name.split("/")[1][:6] for name in names) == codes
    assert {name.split("/")[0] for name in names} == {folder}
    suffix = folder.rsplit("-", 1)[1]
    assert all(name.endswith(f".{suffix}") for name in names)


def test_a_zip_holds_one_file_per_unit(demo_round: Round) -> None:
    response = login("office").get(zip_url(demo_round, "feedback", "html"))
    _content, names = _zip(response)
    _one_per_unit(demo_round, names, "2021年督导意见书-html")
    assert "500105江北区督导意见书.html" in {n.split("/")[1] for n in names}
    assert response["Content-Disposition"] == (
        "attachment; filename=\"2021-feedback-html.zip\"; filename*=UTF-8''"
        + quote("2021年督导意见书-html.zip")
    )


@pytest.mark.slow
def test_a_docx_zip_holds_one_document_per_unit(demo_round: Round) -> None:
    response = login("office").get(zip_url(demo_round, "self-evaluation", "docx"))
    content, names = _zip(response)
    _one_per_unit(demo_round, names, "2021年自评报告-docx")
    with zipfile.ZipFile(io.BytesIO(content)) as bundle:
        jiangbei = next(n for n in names if "/500105" in n)
        text = "\n".join(p.text for p in docx.Document(io.BytesIO(bundle.read(jiangbei))).paragraphs)
    assert "江北区" in text


@pytest.mark.slow
def test_a_pdf_zip_holds_one_pdf_per_unit(demo_round: Round) -> None:
    response = login("office").get(zip_url(demo_round, "feedback", "pdf"))
    content, names = _zip(response)
    _one_per_unit(demo_round, names, "2021年督导意见书-pdf")
    with zipfile.ZipFile(io.BytesIO(content)) as bundle:
        assert all(bundle.read(name).startswith(b"%PDF") for name in names)


# -- refusals and failures ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("units/500105/documents/report.docx", "没有这种单位文书：“report”"),
        ("units/500105/documents/summary.docx", "没有这种单位文书：“summary”"),
        ("units/500105/documents/feedback.xls", "没有这种文件格式：“xls”"),
        ("units/999999/documents/feedback.docx", "不存在：999999"),
        ("documents/summary.odt", "没有这种文件格式：“odt”"),
        ("documents/summary-docx.zip", "汇总报告只有一份"),
        ("documents/letters-pdf.zip", "没有这种单位文书：“letters”"),
        ("documents/feedback-rtf.zip", "没有这种文件格式：“rtf”"),
    ],
)
def test_unknown_documents_are_404_saying_why(demo_round: Round, url: str, message: str) -> None:
    response = login("office").get(f"/rounds/{demo_round.pk}/{url}")
    assert response.status_code == 404
    assert message in response.content.decode()


def test_without_a_chinese_font_the_page_says_what_to_install(
    demo_round: Round, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fonts, "installed_families", lambda: frozenset())
    response = login("office").get(unit_url(demo_round, JB, "feedback", "pdf"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "文书无法生成" in page and "fonts-noto-cjk" in page and fonts.NO_CJK_FONT in page


# -- where the buttons are -----------------------------------------------------------------------


def test_the_unit_downloads_its_draft_from_its_entry_page(demo_round: Round) -> None:
    page = login("jiangbei").get(reverse("unit", args=[demo_round.pk, JB])).content.decode()
    assert "下载自评报告草稿" in page
    for format in ("docx", "pdf", "html"):
        assert unit_url(demo_round, JB, "self-evaluation", format) in page
    assert unit_url(demo_round, JB, "feedback", "docx") not in page
    assert "督导意见书在轮次关闭后提供" in page
    close(demo_round)
    page = login("jiangbei").get(reverse("unit", args=[demo_round.pk, JB])).content.decode()
    assert "下载督导意见书" in page and unit_url(demo_round, JB, "feedback", "pdf") in page
    assert "督导意见书在轮次关闭后提供" not in page


def test_who_sees_which_buttons_on_the_entry_page(demo_round: Round, user: Any) -> None:
    office = login("office").get(reverse("unit", args=[demo_round.pk, JB])).content.decode()
    assert unit_url(demo_round, JB, "feedback", "docx") in office and "在轮次关闭后提供" not in office
    reviewer = login("reviewer").get(reverse("unit", args=[demo_round.pk, YZ])).content.decode()
    assert unit_url(demo_round, YZ, "self-evaluation", "pdf") in reviewer
    assert unit_url(demo_round, YZ, "feedback", "pdf") not in reviewer and "在轮次关闭后提供" not in reviewer
    school = str(user("jiangbei-school").profile.unit_id)
    page = login("jiangbei-school").get(reverse("unit", args=[demo_round.pk, school])).content.decode()
    assert 'id="documents-card"' not in page


def test_the_board_leads_to_the_documents_page(demo_round: Round) -> None:
    board = login("office").get(reverse("round", args=[demo_round.pk])).content.decode()
    documents = reverse("documents", args=[demo_round.pk])
    assert f'href="{documents}"' in board and f'href="{documents}#doc-{JB}"' in board
    assigned = login("reviewer").get(reverse("round", args=[demo_round.pk])).content.decode()
    assert unit_url(demo_round, YZ, "self-evaluation", "html") in assigned and documents not in assigned


def test_the_documents_page_lists_every_unit(demo_round: Round) -> None:
    page = login("office").get(reverse("documents", args=[demo_round.pk])).content.decode()
    assert page.count('<tr id="doc-') == 38
    for format in ("docx", "pdf", "html"):
        assert reverse("summary_document", args=[demo_round.pk, format]) in page
        for kind in ("self-evaluation", "feedback"):
            assert zip_url(demo_round, kind, format) in page
            assert unit_url(demo_round, JB, kind, format) in page
    assert "轮次关闭后，各单位才能查看本单位的督导意见书" in page


def test_the_documents_pages_in_english(demo_round: Round) -> None:
    client = login("office")
    page = client.get(reverse("documents", args=[demo_round.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    for words in (
        "City summary",
        "Self-evaluation report",
        "Feedback letter",
        "Download DOCX",
        "All units as zips",
    ):
        assert words in page, words
    assert "全部单位打包下载" not in page and "江北区" in page
    view = client.get(
        unit_url(demo_round, JB, "feedback", "html"), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Download PDF" in view and "Download the HTML file" in view
    assert "督导意见书" in view  # the document itself stays Chinese
    entry = login("jiangbei").get(reverse("unit", args=[demo_round.pk, JB]), HTTP_ACCEPT_LANGUAGE="en")
    assert "Download the self-evaluation draft" in entry.content.decode()


def test_the_pages_know_the_librarys_formats_and_kinds() -> None:
    from dudao.documents import FORMATS, KINDS, PER_UNIT

    assert document_links.FORMATS == FORMATS
    assert document_links.UNIT_KINDS == PER_UNIT
    assert set(document_links.KIND_LABELS) == set(KINDS)
