"""The results pages in headless Chromium: the office opens the ranking, the heat map of missed
standards and a district's results, expands an item with the keyboard, and axe-core finds no serious
or critical violation on any of them.

Set ``DUDAO_SCREENSHOTS=docs/screenshots`` to (re)write ``ranking.png``, ``heatmap.png``,
``unit-results.png`` and ``unit-results-item.png``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.axe import axe_violations, blocking, describe
from tests.e2e.conftest import log_in

pytestmark = [pytest.mark.slow, pytest.mark.browser]

YUZHONG = "500103"


def _shoot(page: Any, name: str, *, full_page: bool = True) -> None:
    folder = os.environ.get("DUDAO_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=full_page)


def _no_blocking_violations(page: Any, where: str) -> None:
    found = blocking(axe_violations(page))
    assert not found, describe(where, found)


def test_the_office_reads_the_ranking_the_heat_map_and_a_unit(server: str, browser: Any) -> None:
    office = log_in(browser, server, "office", viewport={"width": 1440, "height": 1300})

    office.goto(f"{server}/rounds/1/results/")
    office.wait_for_selector(".wide-chart svg")  # ECharts drew the totals
    office.wait_for_selector(".grade-chart svg")  # and the grades
    table = office.locator("table.ranking")
    assert "排名较" in table.inner_text() and "触发的规则" in table.inner_text()
    # the unit column stays in place when the table scrolls sideways
    frame = office.locator(".table-scroll").first
    unit_cell = office.locator("table.ranking tbody th.unit").first
    left = unit_cell.bounding_box()["x"]
    frame.evaluate("(el) => { el.scrollLeft = 400; }")
    assert abs(unit_cell.bounding_box()["x"] - left) < 1
    frame.evaluate("(el) => { el.scrollLeft = 0; }")
    _no_blocking_violations(office, "ranking")
    _shoot(office, "ranking", full_page=False)

    office.click("text=未达标指标热力图")
    office.wait_for_selector(".heat-chart svg")
    assert office.locator("table.misses tbody tr").count() > 0
    _no_blocking_violations(office, "heat map")
    office.locator("h2").first.scroll_into_view_if_needed()
    _shoot(office, "heatmap", full_page=False)

    office.goto(f"{server}/rounds/1/units/{YUZHONG}/results/")
    office.wait_for_selector(".radar-chart svg")
    first = office.locator("ol.item-chain details").first
    assert first.get_attribute("open") is None
    first.locator("summary").focus()
    office.keyboard.press("Enter")  # a summary opens with the keyboard
    assert first.get_attribute("open") is not None
    chain = first.locator("dl.chain").inner_text()
    for step in ("数据", "公式", "标准", "计分", "评审", "认定"):
        assert step in chain
    reviewed = office.locator("ol.item-chain details:has(.change)").first
    reviewed.locator("summary").click()
    assert "评审人" in reviewed.inner_text()
    _no_blocking_violations(office, "unit results")
    reviewed.scroll_into_view_if_needed()
    _shoot(office, "unit-results-item", full_page=False)  # an item's chain, a reviewer's change in it
    office.evaluate("window.scrollTo(0, 0)")  # the radar and the areas
    _shoot(office, "unit-results", full_page=False)
