"""Importing files into a round, and the data exchange pages.

An import is all or nothing unless the clean rows are asked for; the same file twice changes
nothing; a unit's own upload may only hold its own values while its entry is open.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from dudao.data.long_format import read_long_csv
from dudao.store.audit.models import Action, AuditEntry
from dudao.store.entry.imports import import_batch
from dudao.store.entry.models import DataValue
from dudao.store.rounds.models import Round, RoundUnit, Status
from tests.web.conftest import login

JB, YZ = "500105", "500103"
KINDERGARTEN = "5001050001"
HEADER = "unit,element,period,value\n"


def csv_batch(tmp_path: Path, text: str) -> Any:
    path = tmp_path / "values.csv"
    path.write_text(HEADER + text, encoding="utf-8")
    return read_long_csv(path)


def stored(round: Round, unit: str, element: str, period: int | None = None) -> float | None:
    row = DataValue.objects.get(round=round, unit_id=unit, element=element, period=period or round.period)
    return row.value


def history_rows() -> int:
    return DataValue.history.count()


def test_an_import_stores_every_value_and_records_it(demo_round: Round, user: Any, tmp_path: Path) -> None:
    batch = csv_batch(tmp_path, f"{JB},edu_budget,2021,160000\n{JB},pop_3_5,2021,25100\n{KINDERGARTEN},kg_enrolled,2021,321\n")
    report = import_batch(user("office"), demo_round, batch)
    assert report.applied and report.errors == []
    assert (report.created + report.changed, report.rows) == (3, 3)
    assert stored(demo_round, JB, "edu_budget") == 160000 and stored(demo_round, KINDERGARTEN, "kg_enrolled") == 321
    entry = AuditEntry.objects.filter(action=Action.IMPORT, round=demo_round).get()
    assert entry.username == "office" and entry.after["created"] + entry.after["changed"] == 3
    assert DataValue.history.filter(element="edu_budget", unit_id=JB).latest("history_date").history_user.username == "office"


def test_the_same_file_twice_changes_nothing_the_second_time(demo_round: Round, user: Any, tmp_path: Path) -> None:
    batch = csv_batch(tmp_path, f"{JB},edu_budget,2021,160000\n{JB},pop_6_14,2021,88000\n")
    import_batch(user("office"), demo_round, batch)
    before = (history_rows(), AuditEntry.objects.count())
    again = import_batch(user("office"), demo_round, batch)
    assert (again.created, again.changed, again.unchanged) == (0, 0, 2)
    assert (history_rows(), AuditEntry.objects.count()) == before


def test_one_bad_cell_rejects_the_file_and_the_database_is_unchanged(
    demo_round: Round, user: Any, tmp_path: Path
) -> None:
    was = stored(demo_round, JB, "pop_6_14")
    before = (DataValue.objects.count(), history_rows(), AuditEntry.objects.count())
    batch = csv_batch(tmp_path, f"{JB},pop_6_14,2021,1\n{JB},pop_15_17,2021,两万\n{JB},nonsense,2021,3\n999,pop_3_5,2021,5\n")
    report = import_batch(user("office"), demo_round, batch)
    assert not report.applied
    assert [(str(p.location), p.code) for p in report.errors] == [
        (f"{tmp_path / 'values.csv'}:3:4 (value)", "not-a-number"),
        (f"{tmp_path / 'values.csv'}:4:2 (element)", "unknown-element"),
        (f"{tmp_path / 'values.csv'}:5:1 (unit)", "unknown-unit"),
    ]
    assert stored(demo_round, JB, "pop_6_14") == was
    assert (DataValue.objects.count(), history_rows(), AuditEntry.objects.count()) == before


def test_partial_takes_the_clean_rows_and_lists_the_rest(demo_round: Round, user: Any, tmp_path: Path) -> None:
    batch = csv_batch(tmp_path, f"{JB},pop_6_14,2021,87654\n{JB},pop_15_17,2021,-5\n")
    report = import_batch(user("office"), demo_round, batch, partial=True)
    assert report.applied and report.taken == 1 and report.per_unit == {JB: 1}
    assert [p.code for p in report.errors] == ["out-of-range"]
    assert stored(demo_round, JB, "pop_6_14") == 87654


def test_a_check_only_run_writes_nothing(demo_round: Round, user: Any, tmp_path: Path) -> None:
    before = (history_rows(), AuditEntry.objects.count())
    report = import_batch(user("office"), demo_round, csv_batch(tmp_path, f"{JB},pop_6_14,2021,12345\n"), dry_run=True)
    assert report.applied and report.changed == 1
    assert stored(demo_round, JB, "pop_6_14") != 12345
    assert (history_rows(), AuditEntry.objects.count()) == before


def test_the_schemes_checks_run_on_the_values_as_they_would_be(demo_round: Round, user: Any, tmp_path: Path) -> None:
    total = stored(demo_round, KINDERGARTEN, "kg_enrolled")
    assert total is not None
    batch = csv_batch(tmp_path, f"{KINDERGARTEN},kg_enrolled_public,2021,{int(total) + 50}\n")
    report = import_batch(user("office"), demo_round, batch)
    assert not report.applied
    problem = {p.code: p for p in report.errors}["check-kg_public_le_total"]
    assert "公办园在园幼儿数不能大于在园幼儿数" in problem.message_zh and problem.location.line == 2
    assert stored(demo_round, KINDERGARTEN, "kg_enrolled_public") <= total


def test_an_office_import_may_fill_earlier_years(demo_round: Round, user: Any, tmp_path: Path) -> None:
    report = import_batch(user("office"), demo_round, csv_batch(tmp_path, f"{JB},pop_3_5,2019,24000\n{JB},pop_3_5,1990,1\n"),
                          partial=True)
    assert report.taken == 1 and [p.code for p in report.errors] == ["bad-period"]
    assert stored(demo_round, JB, "pop_3_5", 2019) == 24000


def test_a_units_upload_holds_only_its_own_values_for_the_year(demo_round: Round, user: Any, tmp_path: Path) -> None:
    from dudao.store.accounts.models import Unit

    jiangbei = Unit.objects.get(code=JB)
    batch = csv_batch(tmp_path, f"{JB},pop_6_14,2021,87001\n{YZ},pop_6_14,2021,1\n{JB},pop_6_14,2020,1\n")
    report = import_batch(user("jiangbei"), demo_round, batch, as_unit=jiangbei)
    assert [p.code for p in report.errors] == ["unknown-unit", "bad-period"]
    report = import_batch(user("jiangbei"), demo_round, batch, as_unit=jiangbei, partial=True)
    assert report.taken == 1 and stored(demo_round, JB, "pop_6_14") == 87001


def test_a_submitted_unit_cannot_upload(demo_round: Round, user: Any, tmp_path: Path) -> None:
    from dudao.store.accounts.models import Unit

    RoundUnit.objects.filter(round=demo_round, unit_id=JB).update(status=Status.SUBMITTED)
    report = import_batch(user("jiangbei"), demo_round, csv_batch(tmp_path, f"{JB},pop_6_14,2021,5\n"),
                          as_unit=Unit.objects.get(code=JB), partial=True)
    assert report.taken == 0 and [p.code for p in report.errors] == ["entry-locked"]
    assert "请联系督导室退回" in report.errors[0].message_zh


# -- pages ------------------------------------------------------------------------------------


def upload(client: Any, url: str, name: str, data: bytes, **fields: str) -> Any:
    handle = io.BytesIO(data)
    handle.name = name
    return client.post(url, {"file": handle, **fields})


@pytest.mark.parametrize(("account", "status"), [("office", 200), ("admin", 200), ("jiangbei", 403), ("reviewer", 403)])
def test_who_may_open_the_exchange_page(demo_round: Round, account: str, status: int) -> None:
    assert login(account).get(reverse("exchange", args=[demo_round.pk])).status_code == status


def test_an_upload_with_errors_lists_them_and_stores_nothing(demo_round: Round) -> None:
    text = (HEADER + f"{JB},pop_6_14,2021,1\n{JB},pop_15_17,2021,abc\n").encode()
    before = history_rows()
    response = upload(login("office"), reverse("exchange", args=[demo_round.pk]), "values.csv", text, action="import")
    page = response.content.decode()
    assert response.status_code == 400
    assert "未导入任何数据" in page and "第 3 行第 4 列（value）" in page and "“abc”不是数字" in page
    assert history_rows() == before


def test_an_upload_that_is_clean_is_stored(demo_round: Round) -> None:
    text = (HEADER + f"{JB},pop_6_14,2021,86500\n").encode("utf-8-sig")
    response = upload(login("office"), reverse("exchange", args=[demo_round.pk]), "values.csv", text, action="import")
    assert response.status_code == 200 and "导入完成" in response.content.decode()
    assert stored(demo_round, JB, "pop_6_14") == 86500


def test_a_file_of_unknown_type_is_refused_saying_what_is_accepted(demo_round: Round) -> None:
    response = upload(login("office"), reverse("exchange", args=[demo_round.pk]), "notes.txt", b"hello", action="import")
    assert response.status_code == 400 and "无法从扩展名 .txt 判断文件格式" in response.content.decode()


def test_a_dhis2_file_without_its_mapping_is_refused(demo_round: Round) -> None:
    data = b'{"dataValues": [{"dataElement": "x", "period": "2021", "orgUnit": "y", "value": "1"}]}'
    response = upload(login("office"), reverse("exchange", args=[demo_round.pk]), "d.json", data, action="import")
    assert response.status_code == 400 and "需要同时上传对照表" in response.content.decode()


def test_the_rounds_values_export_as_csv_and_json(demo_round: Round) -> None:
    client = login("office")
    csv_text = client.get(reverse("round_export", args=[demo_round.pk, "csv"])).content.decode("utf-8-sig")
    assert csv_text.startswith("unit,element,period,value\n")
    assert f"{JB},edu_budget,2020," in csv_text
    assert csv_text.count("\n") - 1 == DataValue.objects.filter(round=demo_round).count()
    response = client.get(reverse("round_export", args=[demo_round.pk, "json"]))
    assert response["Content-Type"] == "application/json" and b'"values"' in response.content
    assert client.get(reverse("round_export", args=[demo_round.pk, "parquet"])).status_code == 404


def test_the_export_card_counts_what_the_export_writes(demo_round: Round) -> None:
    DataValue.objects.filter(round=demo_round, unit_id=JB, element="edu_budget").update(value=None)
    total = DataValue.objects.filter(round=demo_round).count()
    empty = DataValue.objects.filter(round=demo_round, value__isnull=True).count()
    client = login("office")
    page = client.get(reverse("exchange", args=[demo_round.pk])).content.decode()
    assert f"导出 {total} 个值，全部写入文件；其中 {empty} 个为空值" in page and empty > 0
    csv_text = client.get(reverse("round_export", args=[demo_round.pk, "csv"])).content.decode("utf-8-sig")
    rows = csv_text.splitlines()[1:]
    assert (len(rows), sum(row.endswith(",") for row in rows)) == (total, empty)


def test_a_unit_uploads_on_its_own_page(demo_round: Round) -> None:
    client = login("jiangbei")
    page = client.get(reverse("unit", args=[demo_round.pk, JB])).content.decode()
    assert reverse("unit_upload", args=[demo_round.pk, JB]) in page
    text = (HEADER + f"{JB},pop_6_14,2021,86400\n").encode()
    response = upload(client, reverse("unit_upload", args=[demo_round.pk, JB]), "v.csv", text, action="import")
    assert response.status_code == 200 and stored(demo_round, JB, "pop_6_14") == 86400
    assert client.get(reverse("unit_upload", args=[demo_round.pk, YZ])).status_code == 403


def test_a_dhis2_payload_with_its_mapping_is_stored(demo_round: Round) -> None:
    from dudao.samples import bundled_dhis2_mapping_path

    payload = (
        b'{"dataSet": "migBNIDwgFF", "period": "2021", "orgUnit": "XMbNyu4DxhW", "dataValues": ['
        b'{"dataElement": "SxRId9o3ccT", "categoryOptionCombo": "HllvX50cXC0", "value": "25321"}]}'
    )
    handle = io.BytesIO(payload)
    handle.name = "dataValueSets.json"
    mapping = io.BytesIO(bundled_dhis2_mapping_path().read_bytes())
    mapping.name = "mapping.yaml"
    response = login("office").post(
        reverse("exchange", args=[demo_round.pk]), {"file": handle, "mapping": mapping, "action": "import"}
    )
    assert response.status_code == 200, response.content.decode()[-2000:]
    assert stored(demo_round, JB, "pop_3_5") == 25321


# -- the Excel round trip, as a user does it ---------------------------------------------------


def filled_template(client: Any, round: Round, tmp_path: Path) -> tuple[Path, dict[str, float]]:
    """Download Jiangbei's template, type into every other input cell with openpyxl."""
    from openpyxl import load_workbook

    from dudao.data.workbook.layout import INSTRUCTIONS_SHEET, META_SHEET
    from dudao.store.rounds.engine import scheme_of
    from tests.data.workbook.filling import rows_by_code, typed

    response = client.get(reverse("unit_template", args=[round.pk, JB]))
    assert response.status_code == 200 and "filename*=UTF-8''" in response["Content-Disposition"]
    path = tmp_path / "江北区填报模板.xlsx"
    path.write_bytes(response.content)
    scheme = scheme_of(round.scheme)
    book = load_workbook(path)
    typed_values: dict[str, float] = {}
    n = 0
    for sheet in book.worksheets:
        if sheet.title in (INSTRUCTIONS_SHEET, META_SHEET):
            continue
        for code, row in rows_by_code(sheet).items():
            n += 1
            text, value = typed(scheme.element_by_code[code], n)
            if text is not None and n % 2:
                sheet[f"G{row}"] = text
                assert value is not None
                typed_values[code] = value
    book.save(path)
    return path, typed_values


def post_file(client: Any, url: str, path: Path, **fields: str) -> Any:
    with path.open("rb") as handle:
        return client.post(url, {"file": handle, **fields})


def test_a_filled_template_uploads_and_the_same_values_are_stored(demo_round: Round, tmp_path: Path) -> None:
    client = login("jiangbei")
    path, typed_values = filled_template(client, demo_round, tmp_path)
    assert len(typed_values) > 20
    response = post_file(client, reverse("unit_upload", args=[demo_round.pk, JB]), path, action="import")
    page = response.content.decode()
    assert response.status_code == 200, page[page.find('id="problems"') :][:3000]
    got = dict(
        DataValue.objects.filter(round=demo_round, unit_id=JB, period=demo_round.period, element__in=typed_values)
        .values_list("element", "value")
    )
    assert got == typed_values
    before = history_rows()
    again = post_file(client, reverse("unit_upload", args=[demo_round.pk, JB]), path, action="import")
    assert again.status_code == 200 and history_rows() == before  # the same file twice: nothing changes


def test_a_corrupted_template_is_refused_cell_by_cell_and_nothing_is_stored(demo_round: Round, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    client = login("jiangbei")
    path, _typed = filled_template(client, demo_round, tmp_path)
    book = load_workbook(path)
    area = book.worksheets[1]
    area["G6"] = "六次"  # text in a number cell
    area["A7"] = "not_an_element"  # a changed code
    area.delete_rows(8)  # a deleted row
    book.create_sheet("我的备注")  # an extra sheet
    book.save(path)
    before = (DataValue.objects.filter(round=demo_round).count(), history_rows(), stored(demo_round, JB, "pop_6_14"))
    response = post_file(client, reverse("unit_upload", args=[demo_round.pk, JB]), path, action="import")
    page = response.content.decode()
    assert response.status_code == 400 and "未导入任何数据" in page
    for cell in (f"{area.title}!G6", f"{area.title}!A7", f"{area.title}!A8", "我的备注!A1"):
        assert f"<code>{cell}</code>" in page, cell
    assert (DataValue.objects.filter(round=demo_round).count(), history_rows(), stored(demo_round, JB, "pop_6_14")) == before


def test_the_office_downloads_the_rounds_templates(demo_round: Round) -> None:
    from openpyxl import load_workbook

    client = login("office")
    for query, sheets in (("", 2), ("?schools=1", 2)):
        response = client.get(reverse("round_template", args=[demo_round.pk]) + query)
        assert response.status_code == 200
        book = load_workbook(io.BytesIO(response.content))
        assert len(book.sheetnames) >= sheets and book.sheetnames[0] == "说明"
