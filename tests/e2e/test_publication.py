"""Publishing in the browser: the office chooses what is public, checks the preview, confirms; a
visitor who is not logged in then sees the public page as previewed, with its disclosure
metadata, and axe-core finds no serious or critical violation on either page.

Issue 14, item 6.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.e2e.axe import axe_violations, blocking, describe
from tests.e2e.conftest import confirm_final_scores, log_in

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def _close(office: Any, server: str) -> None:
    office.goto(f"{server}/rounds/1/close/")
    name = re.search(r"“(.+)”", office.inner_text("#close-confirm label"))
    assert name is not None
    office.fill("#confirm", name.group(1))
    office.click("#close-confirm button[type=submit]")
    office.wait_for_load_state("networkidle")


def test_publish_with_confirmation_then_the_public_page_logged_out(server: str, browser: Any) -> None:
    office = log_in(browser, server, "office")
    assert confirm_final_scores(office, server) > 0
    _close(office, server)
    office.goto(f"{server}/rounds/1/publish/")
    preview = office.locator("#publish-preview")
    assert preview.locator("th", has_text="总分").count() == 1  # the proposal shows the scores
    office.uncheck("input[name=show_scores]")
    office.fill("#publisher", "重庆市人民政府教育督导室")
    office.click("#publish-confirm button[value=preview]")
    office.wait_for_load_state("networkidle")
    assert preview.locator("th", has_text="总分").count() == 0  # the preview follows the choice
    assert preview.locator("th", has_text="等级").count() == 1
    index_number = office.input_value("#index_number")
    found = blocking(axe_violations(office))
    assert found == [], describe("publish page", found)
    # Publishing without ticking the confirmation is refused; the round stays unpublished.
    office.check("input[name=confirm_findings]")
    office.fill("#reason", "两个区县未开始填报，已核实")
    office.click("#publish-confirm button[value=publish]")
    office.wait_for_load_state("networkidle")
    assert "请核对预览，并勾选" in office.inner_text("#publish-confirm")
    office.check("input[name=confirm_findings]")
    office.check("input[name=confirm_publish]")
    office.click("#publish-confirm button[value=publish]")
    office.wait_for_load_state("networkidle")
    assert "评价结果已公开" in office.inner_text("main")
    office.context.close()

    visitor = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN").new_page()
    visitor.goto(f"{server}/public/")
    visitor.click("main a[href='/public/1/']")
    visitor.wait_for_load_state("networkidle")
    disclosure = visitor.inner_text("table.disclosure")
    for shown in (
        "索引号",
        index_number,
        "发布机构",
        "重庆市人民政府教育督导室",
        "成文日期",
        "发布日期",
        "主题分类",
    ):
        assert shown in disclosure
    results = visitor.locator("table.public-results")
    assert results.locator("th", has_text="等级").count() == 1
    assert results.locator("th", has_text="总分").count() == 0
    assert results.locator("tbody tr").count() == 38
    assert visitor.locator("a[href^='/rounds/']").count() == 0  # nothing of the office's pages
    found = blocking(axe_violations(visitor))
    assert found == [], describe("public page", found)
    visitor.context.close()
