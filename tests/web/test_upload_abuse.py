"""Upload abuse (issue #16, part 2, item 4): hostile names, macros and decompression bombs, one test
per case, through the pages (evidence, narrative report, workbook import) and the API.

Names reach the pages and the API through Django's multipart parser, which already keeps only the
last path component and drops unprintable characters; dudao's own rule
(:func:`dudao.store.entry.uploads.name_problem`) then refuses what is still hostile, and refuses
raw hostile names outright from any other caller (the store's functions are tested with them too).
The requests here are written by hand, so that the names arrive as an attacker would send them.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from dudao.store.accounts.models import Unit
from dudao.store.entry.evidence import attach
from dudao.store.entry.models import Evidence, NarrativeReport
from dudao.store.entry.reports import store_report
from dudao.store.entry.services import EntryRefused
from dudao.store.rounds.models import Round
from tests.web.conftest import login
from tests.web.upload_samples import biff_workbook, compound, docx_bomb, ooxml

JB = "500105"
ITEM = "A2.2.1"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"
MACROS = "含有宏"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def multipart(fields: dict[str, str], filename: str, data: bytes, field: str = "file") -> tuple[bytes, str]:
    """A multipart body with ``filename`` sent as given (the test client would strip its path)."""
    boundary = "dudaoBoundary7MA4YWxkTrZu0gW"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
        "Content-Type: application/octet-stream\r\n\r\n".encode()
        + data
        + b"\r\n"
    )
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def post_evidence(client: Client, round: Round, filename: str, data: bytes) -> Any:
    body, kind = multipart({"item": ITEM}, filename, data)
    url = reverse("evidence_upload", args=[round.pk, JB]) + f"?item={ITEM}"
    return client.generic("POST", url, body, content_type=kind, HTTP_HX_REQUEST="true")


def api_evidence(round: Round, filename: str, data: bytes) -> Any:
    body, kind = multipart({"item": ITEM}, filename, data)
    return login("jiangbei").generic(
        "POST", f"/api/rounds/{round.pk}/units/{JB}/evidence", body, content_type=kind
    )


def kept_names(round: Round) -> list[str]:
    return list(Evidence.objects.filter(round=round, unit_id=JB).values_list("filename", flat=True))


# -- names ---------------------------------------------------------------------------------------

# (name as sent, what the page does with it: the name kept, or the words of the refusal)
NAMES_THROUGH_THE_WEB = {
    "traversal ../": ("../../../etc/passwd.pdf", "kept as passwd.pdf"),
    "absolute path": ("/etc/cron.d/job.pdf", "kept as job.pdf"),
    "backslashes": ("..\\..\\Windows\\win.pdf", "kept as win.pdf"),
    "drive letter": ("C:boot.pdf", "含有路径"),
    "NTFS stream": ("a.pdf:evil.exe", "含有路径"),
    "NUL": ("a\x00b.pdf", "kept as ab.pdf"),
    "control character": ("a\x07b.pdf", "kept as ab.pdf"),
    "right-to-left override": ("invoice\u202efdp.exe", "扩展名与内容不符"),
    "only dots": ("..", "请选择要上传的文件"),
    "over 255 bytes (Chinese)": ("督" * 100 + ".pdf", "文件名过长"),
    "over 255 characters (ASCII)": ("a" * 300 + ".pdf", "kept as " + "a" * 251 + ".pdf"),
}


@pytest.mark.parametrize(
    ("name", "outcome"), NAMES_THROUGH_THE_WEB.values(), ids=NAMES_THROUGH_THE_WEB.keys()
)
def test_a_hostile_name_on_the_evidence_page(demo_round: Round, name: str, outcome: str) -> None:
    response = post_evidence(login("jiangbei"), demo_round, name, PDF)
    if outcome.startswith("kept as "):
        assert response.status_code == 200
        assert kept_names(demo_round) == [outcome.removeprefix("kept as ")]
    else:
        assert outcome in response.content.decode()
        assert kept_names(demo_round) == []
    assert all("/" not in n and "\\" not in n and ".." not in n for n in kept_names(demo_round))


@pytest.mark.parametrize(
    ("name", "outcome"), NAMES_THROUGH_THE_WEB.values(), ids=NAMES_THROUGH_THE_WEB.keys()
)
def test_a_hostile_name_through_the_api(demo_round: Round, name: str, outcome: str) -> None:
    response = api_evidence(demo_round, name, PDF)
    if outcome.startswith("kept as "):
        assert response.status_code == 201 and response.json()["filename"] == outcome.removeprefix("kept as ")
    else:
        assert response.status_code in (415, 422), response.content
        assert kept_names(demo_round) == []


HOSTILE_NAMES = {
    "traversal ../": "../../../etc/passwd.pdf",
    "absolute path": "/etc/passwd.pdf",
    "backslashes": "..\\..\\boot.pdf",
    "drive letter": "C:\\boot.pdf",
    "NUL": "a\x00.pdf",
    "control character": "a\x1b[31m.pdf",
    "right-to-left override": "invoice\u202efdp.pdf",
    "zero-width space": "a\u200b.pdf",
    "only dots": "..",
    "empty": "",
    "over 255 bytes": "督" * 100 + ".pdf",
}


@pytest.mark.parametrize("name", HOSTILE_NAMES.values(), ids=HOSTILE_NAMES.keys())
def test_the_store_refuses_a_hostile_name_from_any_caller(demo_round: Round, user: Any, name: str) -> None:
    jiangbei = Unit.objects.get(code=JB)
    with pytest.raises(EntryRefused) as refused:
        attach(user("jiangbei"), demo_round, jiangbei, ITEM, name, io.BytesIO(PDF), len(PDF))
    assert refused.value.code == "bad_name" and "文件名" in refused.value.errors[f"evidence:{ITEM}"]
    with pytest.raises(EntryRefused):
        store_report(user("jiangbei"), demo_round, jiangbei, name + ".txt", io.BytesIO(b"report"), 6)
    assert kept_names(demo_round) == [] and not NarrativeReport.objects.filter(round=demo_round).exists()


def test_a_name_with_a_drive_is_refused_on_the_import_page(demo_round: Round) -> None:
    body, kind = multipart({"action": "check"}, "C:values.csv", b"unit,element,period,value\n")
    response = login("office").generic(
        "POST", reverse("exchange", args=[demo_round.pk]), body, content_type=kind
    )
    assert response.status_code == 400 and "含有路径" in response.content.decode()


def test_an_over_long_name_on_the_import_page_is_refused_not_a_crash(demo_round: Round) -> None:
    """255 Chinese characters are 765 bytes, more than a file system takes for one name."""
    body, kind = multipart({"action": "check"}, "数" * 255 + ".csv", b"unit,element,period,value\n")
    response = login("office").generic(
        "POST", reverse("exchange", args=[demo_round.pk]), body, content_type=kind
    )
    assert response.status_code == 400 and "文件名过长" in response.content.decode()


# -- macros and bombs ----------------------------------------------------------------------------

# (name, content, words of the refusal)
HOSTILE_FILES = {
    "docm": ("a.docm", ooxml("docm", {"word/vbaProject.bin": b"\xcc\x61"}), MACROS),
    "docm renamed .docx": ("a.docx", ooxml("docm", {"word/vbaProject.bin": b"\xcc\x61"}), MACROS),
    "vbaProject.bin in a .docx": ("a.docx", ooxml("docx", {"word/vbaProject.bin": b"\xcc\x61"}), MACROS),
    "macro-enabled type, no project": ("a.docx", ooxml("docm"), MACROS),
    "xlsm": ("a.xlsm", ooxml("xlsm", {"xl/vbaProject.bin": b"\xcc\x61"}), MACROS),
    "xlsm renamed .xlsx": ("a.xlsx", ooxml("xlsm"), MACROS),
    "Excel 4.0 macro sheet in an .xlsx": (
        "a.xlsx",
        ooxml("xlsx", {"xl/macrosheets/sheet1.xml": b"<x/>"}),
        MACROS,
    ),
    "pptm": ("a.pptm", ooxml("pptm", {"ppt/vbaProject.bin": b"\xcc\x61"}), MACROS),
    "doc with a VBA project": ("a.doc", compound(["Macros"], {"WordDocument": b"\xec\xa5"}), MACROS),
    "xls with a VBA project": (
        "a.xls",
        compound(["_VBA_PROJECT_CUR"], {"Workbook": biff_workbook(False)}),
        MACROS,
    ),
    "xls with an Excel 4.0 macro sheet": ("a.xls", compound([], {"Workbook": biff_workbook(True)}), MACROS),
    "damaged compound file": ("a.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "可能已损坏"),
    "docx bomb (40 MB at 1,000:1)": ("a.docx", docx_bomb(), "压缩炸弹"),
}


@pytest.mark.parametrize(("name", "data", "words"), HOSTILE_FILES.values(), ids=HOSTILE_FILES.keys())
def test_a_hostile_file_on_the_evidence_page(demo_round: Round, name: str, data: bytes, words: str) -> None:
    response = post_evidence(login("jiangbei"), demo_round, name, data)
    assert words in response.content.decode()
    if words == MACROS:
        assert "不含宏的 .docx 或 .xlsx" in response.content.decode()  # what to do instead
    assert kept_names(demo_round) == []


@pytest.mark.parametrize(("name", "data", "words"), HOSTILE_FILES.values(), ids=HOSTILE_FILES.keys())
def test_a_hostile_file_through_the_api(demo_round: Round, name: str, data: bytes, words: str) -> None:
    response = api_evidence(demo_round, name, data)
    assert response.status_code == (413 if words == "压缩炸弹" else 415), response.content
    assert words in response.json()["error"]["message"]
    assert kept_names(demo_round) == []


@pytest.mark.parametrize(
    ("bound", "value", "data", "words"),
    [
        ("MAX_ZIP_ENTRIES", "50", ooxml("docx", entries=60), "个文件，超过上限 50"),
        ("MAX_UNPACKED_BYTES", "2000", ooxml("docx", {"word/media/a.xml": b"x" * 4000}), "解压后共"),
    ],
    ids=["too many entries", "too large unpacked"],
)
def test_an_archive_beyond_its_bounds_is_refused_from_its_directory(
    demo_round: Round, monkeypatch: pytest.MonkeyPatch, bound: str, value: str, data: bytes, words: str
) -> None:
    monkeypatch.setenv(f"DUDAO_{bound}", value)
    response = post_evidence(login("jiangbei"), demo_round, "a.docx", data)
    assert words in response.content.decode() and kept_names(demo_round) == []


CLEAN = {
    "docx": ("a.docx", ooxml("docx")),
    "xlsx": ("a.xlsx", ooxml("xlsx")),
    "doc": ("a.doc", compound([], {"WordDocument": b"\xec\xa5"})),
    "xls": ("a.xls", compound([], {"Workbook": biff_workbook(False)})),
}


@pytest.mark.parametrize(("name", "data"), CLEAN.values(), ids=CLEAN.keys())
def test_the_same_files_without_macros_are_kept(demo_round: Round, name: str, data: bytes) -> None:
    assert api_evidence(demo_round, name, data).status_code == 201
    assert kept_names(demo_round) == [name]


REPORTS = {
    "docm": ("r.docx", ooxml("docm", {"word/vbaProject.bin": b"\xcc\x61"}), MACROS),
    "docx bomb": ("r.docx", docx_bomb(), "压缩炸弹"),
    "drive letter": ("C:r.docx", ooxml("docx"), "含有路径"),
    "over-long name": ("报" * 90 + ".txt", "一、概况".encode(), "文件名过长"),
}


@pytest.mark.parametrize(("name", "data", "words"), REPORTS.values(), ids=REPORTS.keys())
def test_a_hostile_narrative_report_is_refused(demo_round: Round, name: str, data: bytes, words: str) -> None:
    body, kind = multipart({}, name, data)
    url = reverse("unit_report_upload", args=[demo_round.pk, JB])
    response = login("jiangbei").generic("POST", url, body, content_type=kind)
    assert response.status_code == 400 and words in response.content.decode()
    assert not NarrativeReport.objects.filter(round=demo_round, unit_id=JB).exists()


IMPORTS = {
    "xlsm": ("values.xlsx", ooxml("xlsm", {"xl/vbaProject.bin": b"\xcc\x61"}), MACROS),
    "xls with a VBA project": (
        "values.xls",
        compound(["_VBA_PROJECT_CUR"], {"Workbook": biff_workbook(False)}),
        MACROS,
    ),
    "workbook bomb": (
        "values.xlsx",
        ooxml("xlsx", {"xl/worksheets/sheet1.xml": b" " * (40 << 20)}),
        "压缩炸弹",
    ),
}


@pytest.mark.parametrize(("name", "data", "words"), IMPORTS.values(), ids=IMPORTS.keys())
def test_a_hostile_workbook_import_is_refused(demo_round: Round, name: str, data: bytes, words: str) -> None:
    body, kind = multipart({"action": "check"}, name, data)
    response = login("office").generic(
        "POST", reverse("exchange", args=[demo_round.pk]), body, content_type=kind
    )
    assert response.status_code == 400 and words in response.content.decode()
