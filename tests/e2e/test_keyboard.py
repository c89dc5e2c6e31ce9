"""The entry page with the keyboard only (Tab, Shift+Tab, Enter, typing): GB/T 37668-2019 (WCAG 2.0
2.1.1, 2.4.1, 2.4.3, 3.2.2, 3.3.1).

Jiangbei's editor logs in, skips the menu, follows each 'missing value' link to its field, types the
figure and saves; a refused figure puts the focus on its field and the save's message links to it.
Jiangbei's approver then reaches the submit button in a few Tabs and submits. The language menu
changes nothing until its button is pressed.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.axe import axe_violations, blocking, describe
from tests.e2e.conftest import PASSWORD

pytestmark = [pytest.mark.slow, pytest.mark.browser]

JIANGBEI = "500105"
# Jiangbei's district figures the demo leaves empty (its 2022 self-evaluation report, as in test_browser).
TO_FILL = {"edu_budget": "251060", "pop_3_5": "27500", "teacher_avg_pay": "148000"}
SAVE = ".savebar button[type=submit]"
MISSING_LINK = "#submit-card a[href^='#v-']"
# Before: 58 Tabs from the page's start to the save button, and the submit card after every field.
MOST_TABS_TO_SAVE = 15


def _focused(page: Any, selector: str) -> bool:
    return bool(page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector))


def _press_until(page: Any, key: str, selector: str, most: int) -> int:
    """Presses ``key`` until the focus is on ``selector``; how many presses it took."""
    for presses in range(1, most + 1):
        page.keyboard.press(key)
        if _focused(page, selector):
            return presses
    where = page.evaluate("() => document.activeElement.outerHTML.slice(0, 160)")
    raise AssertionError(f"{selector} not reached in {most} presses of {key}; the focus is on {where}")


def _keyboard_login(browser: Any, base: str, username: str) -> Any:
    page = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN").new_page()
    page.goto(f"{base}/login/")
    _press_until(page, "Tab", "input[name=username]", 20)
    page.keyboard.type(username)
    page.keyboard.press("Tab")
    assert _focused(page, "input[name=password]")
    page.keyboard.type(PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    return page


def _follow_missing_link(page: Any) -> str:
    """Enter on the focused 'missing value' link: the focus must land in its field, shown."""
    code = page.evaluate("() => document.activeElement.getAttribute('href')").removeprefix("#v-")
    page.keyboard.press("Enter")
    field = f"#v-{code}"
    assert _focused(page, field), f"following the link to {code} left the focus elsewhere"
    assert page.is_visible(field)
    return code


def test_a_district_enters_saves_and_submits_with_the_keyboard_only(server: str, browser: Any) -> None:
    editor = _keyboard_login(browser, server, "jiangbei")
    assert editor.url.endswith(f"/units/{JIANGBEI}/")
    assert editor.get_attribute("#preview-panel", "aria-live") is None  # not ~30 lines after each pause

    # The first Tab shows the skip link; Enter puts the focus on the page's content, past the menu.
    editor.keyboard.press("Tab")
    assert _focused(editor, "a.skip-link")
    assert editor.evaluate("() => document.activeElement.getBoundingClientRect().top") >= 0  # shown
    editor.keyboard.press("Enter")
    assert _focused(editor, "main#main")

    # The 'missing value' links come before the fields; following one puts the focus in its field.
    _press_until(editor, "Tab", MISSING_LINK, MOST_TABS_TO_SAVE)
    code = _follow_missing_link(editor)
    before = editor.inner_text("#preview-status")
    editor.keyboard.type(TO_FILL[code])
    # The small live region says the new estimate in one sentence.
    editor.wait_for_function(
        "(before) => document.querySelector('#preview-status').textContent.trim() !== before", arg=before
    )
    assert (
        "得分预估" in editor.inner_text("#preview-status") and len(editor.inner_text("#preview-status")) < 60
    )

    # The save button is a few Shift+Tabs back (at the top of the form), whichever field one is in.
    _press_until(editor, "Shift+Tab", SAVE, 30)
    editor.keyboard.press("Enter")
    editor.wait_for_selector("#form-flash:has-text('已保存')")
    assert _focused(editor, SAVE)  # the focus stays where it was, not lost to the page

    # A refused figure: Enter in the field saves (the form's default button); the focus goes to the
    # refused field, and the save's message links to it.
    _press_until(editor, "Shift+Tab", MISSING_LINK, 5)
    code = _follow_missing_link(editor)
    editor.keyboard.type("二十五万")
    editor.keyboard.press("Enter")
    editor.wait_for_selector(f"#row-{code} .field-error:has-text('不是数字')")
    assert _focused(editor, f"#v-{code}")
    assert editor.locator(f"#form-flash a[href='#v-{code}']").count() == 1
    found = blocking(axe_violations(editor))
    assert not found, describe("the entry page after a refused save", found)
    # Following the message's link also lands in the field.
    _press_until(editor, "Shift+Tab", f"#form-flash a[href='#v-{code}']", 40)
    editor.keyboard.press("Enter")
    assert _focused(editor, f"#v-{code}")
    editor.keyboard.press("Control+A")
    editor.keyboard.type(TO_FILL[code])
    editor.keyboard.press("Enter")
    editor.wait_for_selector("#form-flash.ok:has-text('已保存')")

    # The last missing value, the same way; then the data is complete.
    _press_until(editor, "Shift+Tab", MISSING_LINK, 60)
    code = _follow_missing_link(editor)
    editor.keyboard.type(TO_FILL[code])
    editor.keyboard.press("Enter")
    editor.wait_for_selector("#submit-card:has-text('数据已填写完整')")

    # The approver reaches the submit button in a few Tabs, and submits (confirming the dialog).
    approver = _keyboard_login(browser, server, "jiangbei-approver")
    approver.on("dialog", lambda dialog: dialog.accept())
    approver.keyboard.press("Tab")
    approver.keyboard.press("Enter")  # the skip link
    _press_until(approver, "Tab", "#submit-card button[type=submit]", MOST_TABS_TO_SAVE)
    with approver.expect_navigation():
        approver.keyboard.press("Enter")
    assert "数据已锁定" in approver.inner_text("#submit-card")


def test_the_language_changes_only_when_confirmed(server: str, browser: Any) -> None:
    page = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN").new_page()
    page.goto(f"{server}/login/")
    _press_until(page, "Tab", "select[name=language]", 10)
    page.keyboard.press("ArrowDown")  # moving through the choices changes nothing
    page.wait_for_timeout(500)
    assert page.url.endswith("/login/") and page.get_attribute("html", "lang") == "zh-hans"
    page.keyboard.press("Tab")
    assert _focused(page, ".lang button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_attribute("html", "lang") == "en"
    page.context.close()
