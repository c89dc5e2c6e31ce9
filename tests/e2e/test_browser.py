"""The demo as a person uses it, in headless Chromium (Playwright driving Debian's Chromium).

The server is the README's demo command (``dudao demo``, see ``conftest.py``). Jiangbei's editor
fills the district figures the demo leaves empty, watches the score preview move, saves, uploads
evidence; Jiangbei's approver submits; another district's editor is refused Jiangbei's data, in
the page and in the API.

Set ``DUDAO_SCREENSHOTS=docs/screenshots`` to (re)write the screenshots of the main pages.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import httpx
import pytest

from tests.e2e.conftest import PASSWORD, log_in

pytestmark = [pytest.mark.slow, pytest.mark.browser]

JIANGBEI = "500105"
# Jiangbei's figures from its 2022 self-evaluation report (the seed), as the editor would type them.
TO_FILL = {"edu_budget": "251060", "pop_3_5": "27500", "teacher_avg_pay": "148000"}
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _session(browser: object, base: str, username: str) -> object:
    return log_in(browser, base, username)


def _shoot(page: object, name: str, *, full_page: bool = True) -> None:
    folder = os.environ.get("DUDAO_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=full_page)  # type: ignore[attr-defined]


def _total(page: object) -> float:
    return float(page.get_attribute("#preview-panel .total", "data-total"))  # type: ignore[attr-defined]


def _csp_violations(page: object) -> list[str]:
    """Collects what the Content-Security-Policy blocks on ``page`` (the browser logs each)."""
    found: list[str] = []
    page.on(  # type: ignore[attr-defined]
        "console", lambda m: found.append(m.text) if "Content Security Policy" in m.text else None
    )
    return found


def test_typed_text_survives_a_reload_and_an_expired_session(server: str, browser: object) -> None:
    """Regression (issue 16, part 1, item 7): an expired session pasted the login page into the
    save message and the preview, typed narrative text was lost on reload and ignored by the main
    save button, and nothing warned before leaving a page with unsaved changes."""
    editor = _session(browser, server, "jiangbei")
    blocked = _csp_violations(editor)
    editor.click("a.tab.all")  # type: ignore[attr-defined]
    narrative = "我区建立了教育工作领导小组，每季度专题研究教育工作。（补充）"
    editor.fill("textarea[name=n-A1]", narrative)  # type: ignore[attr-defined]
    editor.select_option("select[name='s-A1.2.1']", "良")  # type: ignore[attr-defined]
    leave = "() => { const e = new Event('beforeunload', {cancelable: true}); dispatchEvent(e); return e.defaultPrevented; }"
    assert editor.evaluate(leave)  # type: ignore[attr-defined]  # leaving now would ask first

    # A reload puts the unsaved fields back and says so.
    editor.reload()  # type: ignore[attr-defined]
    editor.wait_for_selector("#draft-note:not([hidden])")  # type: ignore[attr-defined]
    assert "2" in editor.inner_text("#draft-note")  # type: ignore[attr-defined]
    assert editor.input_value("textarea[name=n-A1]") == narrative  # type: ignore[attr-defined]
    assert editor.input_value("select[name='s-A1.2.1']") == "良"  # type: ignore[attr-defined]

    # The session expires; saving says so above the page and leaves the form as it is.
    editor.context.clear_cookies(name="sessionid")  # type: ignore[attr-defined]
    editor.click(".savebar button[type=submit]")  # type: ignore[attr-defined]
    editor.wait_for_selector("#site-notice:has-text('登录已过期')")  # type: ignore[attr-defined]
    _shoot(editor, "session-expired", full_page=False)
    assert "用户登录" not in editor.inner_text("#form-flash")  # type: ignore[attr-defined]
    assert "用户登录" not in editor.inner_text("#preview-panel")  # type: ignore[attr-defined]
    assert editor.input_value("textarea[name=n-A1]") == narrative  # type: ignore[attr-defined]

    # Logging in again in a new tab (as the notice's link does), then saving on the waiting page.
    link = editor.get_attribute("#site-notice a[target=_blank]", "href")  # type: ignore[attr-defined]
    other = editor.context.new_page()  # type: ignore[attr-defined]
    other.goto(server + link)
    other.fill("input[name=username]", "jiangbei")
    other.fill("input[name=password]", PASSWORD)
    other.click("main form button[type=submit]")
    other.wait_for_selector("#login-done")
    other.close()
    editor.click(".savebar button[type=submit]")  # type: ignore[attr-defined]
    editor.wait_for_selector("#form-flash:has-text('已保存 2 项')")  # type: ignore[attr-defined]
    assert not editor.evaluate(leave)  # type: ignore[attr-defined]  # nothing unsaved any more
    editor.reload()  # type: ignore[attr-defined]
    assert editor.is_hidden("#draft-note")  # type: ignore[attr-defined]
    assert editor.input_value("textarea[name=n-A1]") == narrative  # type: ignore[attr-defined]
    assert blocked == []


def test_a_unit_uploads_its_report_and_reads_it_checked(server: str, browser: object) -> None:
    # Before the approver submits (the end-to-end test below): a submitted unit's report is locked.
    from dudao.samples import bundled_report_path

    editor = _session(browser, server, "jiangbei")
    editor.goto(f"{server}/rounds/1/units/{JIANGBEI}/")  # type: ignore[attr-defined]
    editor.click("#report-link a")  # type: ignore[attr-defined]
    editor.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    editor.set_input_files("#report-upload input[name=file]", str(bundled_report_path()))  # type: ignore[attr-defined]
    editor.click("#report-upload button")  # type: ignore[attr-defined]
    editor.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    assert editor.locator("#report-reading mark.claim").count() > 50  # type: ignore[attr-defined]
    assert editor.locator("#report-reading mark.agrees").count() > 5  # type: ignore[attr-defined]
    editor.locator("#report-reading mark.agrees >> nth=3").scroll_into_view_if_needed()  # type: ignore[attr-defined]
    _shoot(editor, "report-reading", full_page=False)


def test_the_jiangbei_round_end_to_end(server: str, browser: object, tmp_path: Path) -> None:
    login = browser.new_page()  # type: ignore[attr-defined]
    login.goto(f"{server}/login/")
    _shoot(login, "login", full_page=False)

    # The editor lands on Jiangbei's form, with three district figures still to fill.
    editor = _session(browser, server, "jiangbei")
    assert editor.url.endswith(f"/units/{JIANGBEI}/")  # type: ignore[attr-defined]
    assert "江北区" in editor.inner_text("h1")  # type: ignore[attr-defined]
    assert "还有 3 项数据未填写" in editor.inner_text("#submit-card")  # type: ignore[attr-defined]
    before = _total(editor)
    _shoot(editor, "entry", full_page=False)

    # Typing a figure moves the score preview before anything is saved.
    editor.click("a.tab.all")  # type: ignore[attr-defined]
    for element, value in TO_FILL.items():
        editor.fill(f"input[name=v-{element}]", value)  # type: ignore[attr-defined]
    editor.wait_for_function(  # type: ignore[attr-defined]  # a function: the page's CSP refuses eval
        "(before) => Number(document.querySelector('#preview-panel .total').dataset.total) !== before",
        arg=before,
    )
    previewed = _total(editor)
    assert previewed > before
    assert "未保存" in editor.inner_text("#preview-panel")  # type: ignore[attr-defined]
    _shoot(editor, "entry-preview", full_page=False)

    # Save; a bad figure elsewhere would be refused in place (the form keeps what was typed).
    editor.click(".savebar button[type=submit]")  # type: ignore[attr-defined]
    editor.wait_for_selector("#form-flash:has-text('已保存')")  # type: ignore[attr-defined]
    assert "3" in editor.inner_text("#form-flash")  # type: ignore[attr-defined]
    editor.fill("input[name=v-edu_group_meetings]", "abc")  # type: ignore[attr-defined]
    editor.click(".savebar button[type=submit]")  # type: ignore[attr-defined]
    editor.wait_for_selector("#row-edu_group_meetings .field-error:has-text('不是数字')")  # type: ignore[attr-defined]
    editor.fill("input[name=v-edu_group_meetings]", "6")  # type: ignore[attr-defined]

    # Evidence: a PDF attached to the first item of the first area, then viewable.
    pdf = tmp_path / "江北区教育工作领导小组会议纪要.pdf"
    pdf.write_bytes(MINIMAL_PDF)
    slot = editor.locator(".evidence-slot").first  # type: ignore[attr-defined]
    slot_id = slot.get_attribute("id")
    slot.locator("input[type=file]").set_input_files(str(pdf))
    slot.locator("button:has-text('上传')").click()
    editor.wait_for_selector(f"#{slot_id} .ev-files a:has-text('会议纪要')")  # type: ignore[attr-defined]
    link = editor.get_attribute(f"#{slot_id} .ev-files a", "href")  # type: ignore[attr-defined]
    cookies = {c["name"]: c["value"] for c in editor.context.cookies()}  # type: ignore[attr-defined]
    served = httpx.get(server + link, cookies=cookies)
    assert served.status_code == 200 and served.headers["content-type"] == "application/pdf"
    assert served.content == MINIMAL_PDF
    editor.reload()  # type: ignore[attr-defined]
    assert "数据已填写完整" in editor.inner_text("#submit-card")  # type: ignore[attr-defined]

    # The approver submits; the data is locked.
    approver = _session(browser, server, "jiangbei-approver")
    approver.on("dialog", lambda dialog: dialog.accept())  # type: ignore[attr-defined]
    approver.click("#submit-card button[type=submit]")  # type: ignore[attr-defined]
    approver.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    assert "数据已锁定" in approver.inner_text("#submit-card")  # type: ignore[attr-defined]
    assert approver.locator("#submit-card button[type=submit]").count() == 0  # type: ignore[attr-defined]
    editor.reload()  # type: ignore[attr-defined]
    assert editor.locator("input[name=v-edu_budget]").is_disabled()  # type: ignore[attr-defined]

    # The office sees it on the board, with the ranking and the audit trail.
    office = _session(browser, server, "office")
    blocked = _csp_violations(office)  # charts and the API docs run under the Content-Security-Policy
    office.goto(f"{server}/rounds/1/")  # type: ignore[attr-defined]
    office.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    row = office.locator(f"tr:has-text('{JIANGBEI}')").first  # type: ignore[attr-defined]
    assert "已提交" in row.inner_text()
    _shoot(office, "board")
    office.goto(f"{server}/rounds/1/results/")  # type: ignore[attr-defined]
    office.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    office.wait_for_selector(".wide-chart svg")  # type: ignore[attr-defined]  # ECharts drew the ranking
    _shoot(office, "results")
    office.goto(f"{server}/rounds/new/")  # type: ignore[attr-defined]
    _shoot(office, "round-create")
    office.goto(f"{server}/api/docs")  # type: ignore[attr-defined]
    office.wait_for_selector(".swagger-ui .opblock")  # type: ignore[attr-defined]  # served offline, no CDN
    _shoot(office, "api-docs", full_page=False)
    office.goto(f"{server}/audit/?unit={JIANGBEI}")  # type: ignore[attr-defined]
    audit = office.inner_text("main")  # type: ignore[attr-defined]
    assert "edu_budget" in audit and "jiangbei-approver" in audit
    _shoot(office, "audit")
    assert blocked == []

    # A school's editor sees only the school's own elements, which roll up to the district.
    school = _session(browser, server, "jiangbei-school")
    assert "/units/5001050" in school.url  # type: ignore[attr-defined]
    assert school.locator("input[name=v-edu_budget]").count() == 0  # type: ignore[attr-defined]
    assert school.locator("input[name=v-pupils_primary], input[name=v-kg_enrolled]").count() >= 1  # type: ignore[attr-defined]
    _shoot(school, "school-entry", full_page=False)

    # Another district's editor is refused Jiangbei's data, in the page and in the API.
    other = _session(browser, server, "yuzhong")
    response = other.goto(f"{server}/rounds/1/units/{JIANGBEI}/")  # type: ignore[attr-defined]
    assert response.status == 403
    assert "无权" in other.inner_text("main")  # type: ignore[attr-defined]
    assert "251060" not in other.content()  # type: ignore[attr-defined]
    _shoot(other, "refused", full_page=False)
    cookies = {c["name"]: c["value"] for c in other.context.cookies()}  # type: ignore[attr-defined]
    api = httpx.get(f"{server}/api/rounds/1/units/{JIANGBEI}/values", cookies=cookies)
    assert api.status_code == 403
    assert api.json()["error"]["code"] == "forbidden"
    own = other.goto(f"{server}/rounds/1/units/500103/")  # type: ignore[attr-defined]
    assert own.status == 200 and re.search("退回", other.inner_text("main"))  # type: ignore[attr-defined]


def test_the_office_reads_the_rounds_documents(server: str, browser: object) -> None:
    # From the progress board to the round's documents page: the summary, the zips, every unit.
    office = _session(browser, server, "office")
    office.goto(f"{server}/rounds/1/")  # type: ignore[attr-defined]
    office.click(".toolbar a:has-text('文书')")  # type: ignore[attr-defined]
    office.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    assert office.url.endswith("/rounds/1/documents/")  # type: ignore[attr-defined]
    assert office.locator("table.documents tbody tr").count() == 38  # type: ignore[attr-defined]
    _shoot(office, "documents-page")

    # A unit's document in the page, beside its downloads; the DOCX keeps its Chinese name.
    office.click(f"#doc-{JIANGBEI} td.doc-links >> nth=0 >> a.view")  # type: ignore[attr-defined]
    office.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    assert "江北区" in office.inner_text(".dudao-document h1")  # type: ignore[attr-defined]
    _shoot(office, "document-html", full_page=False)
    with office.expect_download() as download:  # type: ignore[attr-defined]
        office.click(".doc-panel a:has-text('DOCX')")  # type: ignore[attr-defined]
    assert download.value.suggested_filename == f"{JIANGBEI}江北区自评报告.docx"

    # The unit finds its draft on its own page.
    editor = _session(browser, server, "jiangbei")
    assert "下载自评报告草稿" in editor.inner_text("#documents-card")  # type: ignore[attr-defined]


def test_the_office_exchanges_data_and_reads_its_quality(server: str, browser: object, tmp_path: Path) -> None:
    # From the board to the data exchange page; the template downloads with its Chinese name.
    office = _session(browser, server, "office")
    office.goto(f"{server}/rounds/1/")  # type: ignore[attr-defined]
    office.click(".toolbar a:has-text('数据交换')")  # type: ignore[attr-defined]
    office.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    assert office.url.endswith("/rounds/1/exchange/")  # type: ignore[attr-defined]
    with office.expect_download() as download:  # type: ignore[attr-defined]
        office.click("#templates a.btn >> nth=0")  # type: ignore[attr-defined]
    assert download.value.suggested_filename.endswith("填报模板.xlsx")

    # A CSV with a mistake: nothing is stored, and the page names the line and column.
    values = tmp_path / "values.csv"
    values.write_text(f"unit,element,period,value\n{JIANGBEI},pop_6_14,2021,87500\n{JIANGBEI},pop_3_5,2021,两万五\n",
                      encoding="utf-8")
    office.set_input_files("#upload input[name=file]", str(values))  # type: ignore[attr-defined]
    office.click("#upload button[value=import]")  # type: ignore[attr-defined]
    office.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    result = office.inner_text("#import-result")  # type: ignore[attr-defined]
    assert "未导入任何数据" in result and "第 3 行第 4 列（value）" in result and "“两万五”不是数字" in result
    _shoot(office, "exchange-errors")

    # The same file, taking the clean rows.
    office.set_input_files("#upload input[name=file]", str(values))  # type: ignore[attr-defined]
    office.check("#upload input[name=partial]")  # type: ignore[attr-defined]
    office.click("#upload button[value=import]")  # type: ignore[attr-defined]
    office.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    assert "导入完成" in office.inner_text("#import-result")  # type: ignore[attr-defined]
    assert office.inner_text("#n-left-out").strip() == "1"  # type: ignore[attr-defined]

    # The quality report, city-wide and for one district.
    office.click(".toolbar a:has-text('数据质量')")  # type: ignore[attr-defined]
    office.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    assert office.locator("#units tbody tr").count() == 38  # type: ignore[attr-defined]
    _shoot(office, "quality")
    office.click(f"#q-{JIANGBEI} a")  # type: ignore[attr-defined]
    office.wait_for_load_state("networkidle")  # type: ignore[attr-defined]
    assert "江北区" in office.inner_text("h2")  # type: ignore[attr-defined]
