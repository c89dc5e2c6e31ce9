"""A reviewer records a level, cuts a bonus claim with a reason and returns an item, in the
browser; the review pages pass axe-core (no serious or critical violation)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.axe import axe_violations, blocking, describe
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.slow, pytest.mark.browser]

UNIT, RUBRIC, DATA_ITEM = "500104", "A1.2.1", "A1.1.1"


def _axe(page: Any, where: str) -> None:
    found = blocking(axe_violations(page))
    assert not found, describe(where, found)


def test_a_reviewer_reviews_a_unit_in_the_browser(browser: Any, server: str) -> None:
    page = log_in(browser, server, "reviewer")
    page.goto(f"{server}/rounds/1/review/")
    _axe(page, "review queue")
    page.click(f"a[href='/rounds/1/review/{UNIT}/']")
    page.wait_for_load_state("networkidle")
    _axe(page, "review page")
    item = page.locator(f"[id='item-{RUBRIC}']")
    item.get_by_label("评审等级").select_option("良")
    item.get_by_label("理由", exact=True).fill("个别环节有待完善")
    item.get_by_role("button", name="保存评审").click()
    page.wait_for_load_state("networkidle")
    assert "已记录评审等级" in page.content()
    bonus = page.locator("#bonus form").first
    bonus.get_by_label("认定分值").fill("0.5")
    bonus.get_by_label("核减理由").fill("佐证只支持一半")
    bonus.get_by_role("button", name="保存认定").click()
    page.wait_for_load_state("networkidle")
    assert "已记录加分认定" in page.content()
    returned = page.locator(f"[id='item-{DATA_ITEM}']")
    returned.get_by_label("要求补充的材料").fill("请补充原始台账")
    returned.get_by_role("button", name="退回补充佐证").click()
    page.wait_for_load_state("networkidle")
    assert "请补充原始台账" in page.locator("#returned").inner_text()
    _axe(page, "review page after the writes")


def test_the_office_pages_pass_axe(browser: Any, server: str) -> None:
    page = log_in(browser, server, "office")
    page.goto(f"{server}/rounds/1/reviewers/")
    _axe(page, "reviewer assignments")
    page.goto(f"{server}/rounds/1/final/{UNIT}/")
    _axe(page, "final scores")
