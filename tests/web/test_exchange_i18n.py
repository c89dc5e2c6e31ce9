"""The data exchange and data quality pages in English: the interface is translated, the data stay as entered."""

from __future__ import annotations

import io

from django.conf import settings
from django.test import Client
from django.urls import reverse

from dudao.store.rounds.models import Round
from tests.web.conftest import login

JB = "500105"


def english(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == status, url
    assert response["Content-Language"] == "en"
    return response.content.decode()


def test_the_exchange_page_in_english(demo_round: Round) -> None:
    client = login("office")
    url = reverse("exchange", args=[demo_round.pk])
    page = english(client, url)
    for words in (
        "<h2>Data exchange",
        "Download a data entry template",
        "Template for all units",
        "School sheet (one row per school)",
        "one sheet per area",
        "Upload data",
        "DHIS2 mapping file (for DHIS2 files only)",
        "Import only the rows without errors",
        "Upload and import",
        "Check only, do not import",
        "Export data",
        f"at most {settings.MAX_UPLOAD_BYTES // (1024 * 1024)} MB.",
    ):
        assert words in page, words
    for chinese in ("数据交换", "下载填报模板", "上传数据", "上传并导入", "导出数据"):
        assert chinese not in page, chinese
    assert "下载填报模板" in client.get(url).content.decode()  # Chinese is still the default


def test_an_upload_with_errors_is_reported_in_english(demo_round: Round) -> None:
    handle = io.BytesIO(
        f"unit,element,period,value\n{JB},pop_6_14,2021,1\n{JB},pop_15_17,2021,abc\n".encode()
    )
    handle.name = "values.csv"
    response = login("office").post(
        reverse("exchange", args=[demo_round.pk]),
        {"file": handle, "action": "import"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    page = response.content.decode()
    for words in (
        "The file has 1 error; no data were imported",
        "Nothing in the database was changed",
        "<th>Location</th><th>Type</th><th>Problem</th>",
        "Line 3, column 4",
        ">Error<",
    ):
        assert words in page, words
    assert "未导入任何数据" not in page and "所在位置" not in page


def test_a_check_only_run_is_reported_in_english(demo_round: Round) -> None:
    handle = io.BytesIO(f"unit,element,period,value\n{JB},pop_6_14,2021,86500\n".encode())
    handle.name = "values.csv"
    response = login("office").post(
        reverse("exchange", args=[demo_round.pk]),
        {"file": handle, "action": "check"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    page = response.content.decode()
    assert response.status_code == 200
    for words in (
        "Check complete (nothing saved)",
        "Rows read",
        "Would be changed",
        "Same as stored",
        "Not imported",
    ):
        assert words in page, words
    assert "检查完成" not in page


def test_the_city_quality_report_in_english(demo_round: Round) -> None:
    client = login("office")
    url = reverse("quality", args=[demo_round.pk])
    page = english(client, url)
    for words in (
        "Data quality report",
        "Download the Excel report",
        "Completeness by area",
        "Evaluated units",
        "Signs of possible fabrication",
        "not conclusions",
        "Values that break the evaluation scheme's rules",
        "Outliers (modified z-score)",
        "<th>Area</th>",
    ):
        assert words in page, words
    for chinese in ("数据质量报告", "疑似造假线索", "完整率", "与评价方案规则不符", "异常值"):
        assert chinese not in page, chinese
    assert "江北区" in page  # unit names are data
    assert "数据质量报告" in client.get(url).content.decode()


def test_one_units_quality_report_in_english(demo_round: Round) -> None:
    page = english(login("office"), reverse("quality", args=[demo_round.pk]) + f"?unit={JB}")
    assert " and its schools" in page and "Units below" in page and "All units" in page
    assert "及所属学校" not in page and "所属单位" not in page


def test_an_unknown_unit_is_refused_in_english(demo_round: Round) -> None:
    page = english(login("office"), reverse("quality", args=[demo_round.pk]) + "?unit=999", status=404)
    assert "999" in page and "本轮次没有代码为" not in page


def test_the_links_to_the_new_pages_in_english(demo_round: Round) -> None:
    board = english(login("office"), reverse("round", args=[demo_round.pk]))
    assert ">Data exchange</a>" in board and ">Data quality</a>" in board
    entry = english(login("jiangbei"), reverse("unit", args=[demo_round.pk, JB]))
    assert "Excel templates and bulk upload" in entry and "Excel 填报模板与批量上传" not in entry
