"""The data-quality page and workbook of a round: who sees them, and that a planted problem shows."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.urls import reverse

from dudao.data.long_format import read_long_csv
from dudao.store.entry.imports import import_batch
from dudao.store.entry.models import DataValue
from dudao.store.rounds.models import Round
from tests.web.conftest import login

JB = "500105"
SCHOOL = "5001050001"


@pytest.mark.parametrize(("account", "status"), [("office", 200), ("jiangbei", 403), ("reviewer", 403)])
def test_who_sees_the_quality_report(demo_round: Round, account: str, status: int) -> None:
    assert login(account).get(reverse("quality", args=[demo_round.pk])).status_code == status


def test_the_city_report_lists_every_district_and_the_completeness(demo_round: Round) -> None:
    page = login("office").get(reverse("quality", args=[demo_round.pk])).content.decode()
    assert page.count('<tr id="q-') == 38
    for section in ("completeness", "signals", "failures", "outliers"):
        assert f'id="{section}"' in page
    assert "不是结论" in page  # signals are leads


def test_a_wild_value_shows_as_a_finding_of_its_unit(demo_round: Round, user: Any, tmp_path: Path) -> None:
    previous = DataValue.objects.get(round=demo_round, unit_id=SCHOOL, element="kg_enrolled", period=demo_round.period - 1)
    wild = int((previous.value or 100) * 9)
    path = tmp_path / "v.csv"
    path.write_text(f"unit,element,period,value\n{SCHOOL},kg_enrolled,{demo_round.period},{wild}\n", encoding="utf-8")
    report = import_batch(user("office"), demo_round, read_long_csv(path), partial=True)
    assert report.taken == 1, report.problems
    page = login("office").get(reverse("quality", args=[demo_round.pk]) + f"?unit={JB}").content.decode()
    findings = page[page.index('id="signals"') :]
    assert "江北区第一幼儿园" in findings and "在园幼儿数" in findings


def test_the_report_downloads_as_a_workbook(demo_round: Round) -> None:
    response = login("office").get(reverse("quality_workbook", args=[demo_round.pk]) + f"?unit={JB}")
    assert response.status_code == 200
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) >= 4


def test_an_unknown_unit_is_a_404_that_says_so(demo_round: Round) -> None:
    response = login("office").get(reverse("quality", args=[demo_round.pk]) + "?unit=999")
    assert response.status_code == 404 and "999" in response.content.decode()


def test_a_report_claim_the_data_does_not_bear_out_is_a_signal(demo_round: Round) -> None:
    from dudao.samples import bundled_report_path

    text = bundled_report_path().read_text(encoding="utf-8").replace("达99.7%", "达89.7%")
    handle = io.BytesIO(text.encode())
    handle.name = "江北区自评报告.txt"
    login("jiangbei").post(reverse("unit_report_upload", args=[demo_round.pk, JB]), {"file": handle})
    page = login("office").get(reverse("quality", args=[demo_round.pk]) + f"?unit={JB}").content.decode()
    signals = page[page.index('id="signals"') : page.index('id="failures"')]
    assert "报告表述与数据不符" in signals and "报告称“达89.7%”（课后服务学生参与率），数据为 99.7%" in signals
