"""Rectification to closure 整改, clicked through in headless Chromium.

The office closes the demo round and drafts the problem lists from the frozen results, adds a
problem of its own to Jiangbei's list and issues it. Jiangbei's editor plans a task and reports
progress with a file, asks for its closure, and does the same for another; it plans a third with a
deadline already past. The office closes the first task and returns the second with a reason; the
third shows overdue on the board, and the reminder the office sends is recorded, seen by the
district and written to the mail outbox. A next round created from this one carries the open
problems, and its rectification item (A10.1) scores from these records.

Closing changes the demo round for the rest of the module: this test is alone in its file.

Set ``DUDAO_SCREENSHOTS=1`` to (re)write ``docs/screenshots/problem-list.png``, ``task.png`` and
``rectification-board.png``; any other value is a folder to write them in.
"""

from __future__ import annotations

import email
import email.policy
import os
import re
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.axe import axe_violations, blocking, describe
from tests.e2e.conftest import close_demo_round, log_in

pytestmark = [pytest.mark.slow, pytest.mark.browser]

JIANGBEI = "500105"
OUTBOX = Path(tempfile.mkdtemp(prefix="dudao-outbox-"))
SERVER_ENV = {"DUDAO_MAIL_DIR": str(OUTBOX)}  # the demo server mails reminders into files here
ISSUED_ON = "2023-03-01"
PAST_DEADLINE = "2023-06-30"
RETURN_REASON = "缺少竣工验收报告，请补充"
OWN_PROBLEM = "学位供给预警机制不健全"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
DOCS_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def _shoot(page: Any, name: str) -> None:
    wanted = os.environ.get("DUDAO_SCREENSHOTS")
    if not wanted:
        return
    folder = DOCS_SCREENSHOTS if wanted == "1" else Path(wanted)
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)


def _go(page: Any, url: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")


def _click(page: Any, selector: str) -> None:
    page.click(selector)
    page.wait_for_load_state("networkidle")


def _accessible(page: Any, where: str) -> None:
    found = blocking(axe_violations(page))
    assert found == [], describe(where, found)


def _plan(page: Any, deadline: str) -> None:
    page.fill("#field-measures", "新建、改扩建学校，扩充学位供给")
    page.fill("#field-department", "区教委规划建设科")
    page.fill("#field-owner", "张三")
    page.fill("#field-deadline", deadline)
    _click(page, "#plan form button")


def _progress(page: Any, text: str) -> None:
    page.fill("#field-progress", text)
    page.set_input_files("#field-files", {"name": "验收照片.png", "mimeType": "image/png", "buffer": PNG})
    _click(page, "#progress form button")


def _mails() -> list[Any]:
    found = []
    for path in OUTBOX.glob("*"):
        for chunk in path.read_bytes().split(b"-" * 79):
            if chunk.strip():
                found.append(email.message_from_bytes(chunk.strip() + b"\n", policy=email.policy.default))
    return found


def test_the_loop_from_results_to_the_next_round(server: str, browser: Any) -> None:
    office = log_in(browser, server, "office")
    close_demo_round(office, server)

    # The office drafts the lists, adds its own problem to Jiangbei's and issues it.
    _go(office, f"{server}/rounds/1/")
    _click(office, ".toolbar a:has-text('问题清单与整改台账')")
    office.fill("#field-share", "60")
    _click(office, "form[action$='/draft'] button")
    assert "已生成" in office.inner_text("main")
    _go(office, f"{server}/rounds/1/problems/{JIANGBEI}/")
    drafted = office.locator("table.problem-list tbody tr").count()
    assert drafted >= 3, drafted
    office.fill("#field-title", OWN_PROBLEM)
    office.check("input[name=severity][value=major]")
    _click(office, "#add form button")
    office.fill("#field-issued_on", ISSUED_ON)
    _click(office, "#issue form button")
    assert "问题清单已下达" in office.inner_text("main")
    problems = office.locator("table.problem-list tbody tr").count()
    assert problems == drafted + 1
    _shoot(office, "problem-list")
    _accessible(office, "the issued list")

    # The district answers three tasks.
    district = log_in(browser, server, "jiangbei")
    _go(district, f"{server}/rounds/1/units/{JIANGBEI}/")
    _click(district, "a:has-text('查看问题并制定整改方案')")
    assert "2023-03-01 下达" in district.inner_text("h1")
    future = f"{date.today() + timedelta(days=60):%Y-%m-%d}"
    for position in (1, 2):
        _go(district, f"{server}/rounds/1/problems/{JIANGBEI}/{position}/")
        _plan(district, future)
        assert "已制定方案" in district.inner_text("#state")
        _progress(district, "已完成选址和立项")
        _click(district, "#closure form[action$='/submit'] button")
        assert "申请销号" in district.inner_text("#state")
    _go(district, f"{server}/rounds/1/problems/{JIANGBEI}/3/")
    district.fill("#field-milestones", "2023-05-01 完成选址")  # a milestone line as typed
    _plan(district, PAST_DEADLINE)
    assert "已逾期" in district.inner_text("#state")
    _accessible(district, "a task")

    # The office closes one and returns the other, with a reason.
    _go(office, f"{server}/rounds/1/problems/{JIANGBEI}/1/")
    assert "验收照片.png" in office.inner_text("#progress")
    _click(office, "#closure form:has(input[value=accept]) button")
    assert "已销号" in office.inner_text("#state")
    _shoot(office, "task")
    _go(office, f"{server}/rounds/1/problems/{JIANGBEI}/2/")
    _click(office, "#closure form:has(input[value=return]) button")  # no reason: refused at its field
    assert "退回理由" in office.inner_text("#field-reason-error")
    office.fill("#field-reason", RETURN_REASON)
    _click(office, "#closure form:has(input[value=return]) button")
    assert "整改中" in office.inner_text("#state")
    _go(district, f"{server}/rounds/1/problems/{JIANGBEI}/2/")
    assert RETURN_REASON in district.inner_text("#problem")

    # The board: one closed, one overdue, sorted by the overdue count, exportable.
    _go(office, f"{server}/rounds/1/problems/?sort=overdue")
    row = office.locator("table.rectification-board tbody tr").first
    cells = row.locator("td").all_inner_texts()
    assert "江北区" in cells[0], cells
    assert cells[2:7] == [str(problems), str(problems - 1), "1", "1", f"{100 / problems:.1f}%"], cells
    _shoot(office, "rectification-board")
    _accessible(office, "the board")

    # The overdue task's reminder: sent, recorded, seen by the district, mailed.
    _go(office, f"{server}/rounds/1/reminders/")
    assert "【整改逾期】" in office.inner_text("#due")
    _click(office, "#due form button")
    assert "已发送" in office.inner_text("main")
    assert "jiangbei@example.org" in office.inner_text("table")
    _go(district, f"{server}/rounds/1/problems/{JIANGBEI}/")
    assert "【整改逾期】" in district.inner_text("#reminders")
    subjects = [str(m["subject"]) for m in _mails()]
    assert any("整改逾期" in s and "问题 3" in s for s in subjects), subjects
    assert all("jiangbei@example.org" in str(m["to"]) or "approver" in str(m["to"]) for m in _mails())

    # The next round carries the open problems and scores their rectification.
    _go(office, f"{server}/rounds/new/")
    office.fill("#id_name", "2023年度评价（示例，接续）")
    office.select_option("#id_scheme", index=1)
    office.fill("#id_period", "2023")
    office.fill("#id_deadline", f"{date.today() + timedelta(days=30):%Y-%m-%d}")
    office.select_option("#id_previous", index=1)
    _click(office, "main form button[type=submit]")
    assert f"{problems - 1} 个问题已转入" in office.inner_text("main")
    following = int(re.search(r"/rounds/(\d+)/", office.url).group(1))  # type: ignore[union-attr]
    _go(office, f"{server}/rounds/{following}/problems/{JIANGBEI}/")
    assert office.locator("td:has-text('上一轮未完成整改')").count() == problems - 1
    _go(office, f"{server}/rounds/{following}/problems/")
    _click(office, "form[action$='/apply'] button")
    answer = office.request.get(f"{server}/api/rounds/{following}/units/{JIANGBEI}/result")
    assert answer.ok, answer.status
    [item] = [i for i in answer.json()["items"] if i["code"] == "A10.1"]
    assert item["value"] == pytest.approx(100 / problems)  # closed 1 of the problems issued
    assert item["points"] == pytest.approx(max(0.0, (100 / problems - 50) / 50) * item["max_points"])
    _go(office, f"{server}/rounds/{following}/units/{JIANGBEI}/results/")
    assert "上一轮督导反馈问题整改完成率" in office.locator("[id='item-A10.1']").inner_text()
