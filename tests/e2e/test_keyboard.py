"""The entry page with the keyboard only (Tab, Shift+Tab, Enter, typing): GB/T 37668-2019 (WCAG 2.0
2.1.1, 2.4.1, 2.4.3, 3.2.2, 3.3.1).

Jiangbei's editor logs in, skips the menu, follows each 'missing value' link to its field, types the
figure and saves; a refused figure puts the focus on its field and the save's message links to it.
Jiangbei's approver then reaches the submit button in a few Tabs and submits. The language menu
changes nothing until its button is pressed.

The demo reviewer reaches an assigned unit's review page and records an item's level with its
reason; the office reaches the unit's final-score page and confirms its final scores: Tab,
Shift+Tab, Enter, Space and the arrow keys only, the focus always visible.
"""

from __future__ import annotations

import re
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


DADUKOU = "500104"  # submitted in the demo, and assigned to the demo reviewer
RUBRIC = "A1.2.1"  # a rubric item (优/良/中/差) of 1.5 points: 良 is 80 %, 1.2 points
LEVEL_REASON = "个别学校党组织会议记录不全"


def _focus_is_visible(page: Any) -> bool:
    """The focused element matches :focus-visible and has an outline drawn."""
    return bool(
        page.evaluate(
            """() => { const e = document.activeElement, s = getComputedStyle(e);
                return e.matches(':focus-visible') && s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2; }"""
        )
    )


def _follow_link(page: Any, href: str, most: int) -> None:
    """Tabs to the link to ``href`` (shown, its focus visible) and follows it with Enter."""
    _press_until(page, "Tab", f"a[href='{href}']", most)
    assert _focus_is_visible(page), f"the focus on the link to {href} is not visible"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(href)


def _skip_to_main(page: Any) -> None:
    page.keyboard.press("Tab")
    assert _focused(page, "a.skip-link")
    page.keyboard.press("Enter")
    assert _focused(page, "main#main")


def test_a_reviewer_records_a_level_and_the_office_confirms_with_the_keyboard_only(
    server: str, browser: Any
) -> None:
    # The reviewer: from the round list to the round, to the unit's review page, in a few Tabs each.
    reviewer = _keyboard_login(browser, server, "reviewer")
    _skip_to_main(reviewer)
    _follow_link(reviewer, "/rounds/1/", 10)
    _skip_to_main(reviewer)
    _follow_link(reviewer, f"/rounds/1/review/{DADUKOU}/", 20)
    assert "大渡口区" in reviewer.inner_text("h2")

    # The item's level: reached with Tab, chosen with the arrow keys; the reason typed; Space saves.
    _skip_to_main(reviewer)
    level = f"[id='level-{RUBRIC}']"
    _press_until(reviewer, "Tab", level, 60)
    assert _focus_is_visible(reviewer)
    assert reviewer.input_value(level) == ""
    reviewer.keyboard.press("ArrowDown")  # 优
    reviewer.keyboard.press("ArrowDown")  # 良
    assert reviewer.input_value(level) == "良"
    assert reviewer.url.endswith(f"/review/{DADUKOU}/")  # choosing sends nothing
    reviewer.keyboard.press("Tab")
    assert _focused(reviewer, f"[id='points-{RUBRIC}']")  # left empty: the level gives the points
    reviewer.keyboard.press("Tab")
    assert _focused(reviewer, f"[id='reason-{RUBRIC}']")
    reviewer.keyboard.type(LEVEL_REASON)
    reviewer.keyboard.press("Tab")
    assert _focused(reviewer, f"[id='item-{RUBRIC}'] button[value=score]")
    assert _focus_is_visible(reviewer)
    with reviewer.expect_navigation():
        reviewer.keyboard.press("Space")

    # Back on the item it saved: in view, with what was chosen; the next Tab stays in the item's
    # form, not at the top of the page. The message says it was saved.
    assert reviewer.url.endswith(f"#item-{RUBRIC}")
    assert "已记录评审等级" in reviewer.inner_text("ul.messages")
    top = reviewer.evaluate(f"() => document.getElementById('item-{RUBRIC}').getBoundingClientRect().top")
    assert 0 <= top + 1 < reviewer.viewport_size["height"] / 2
    assert reviewer.input_value(level) == "良"
    assert reviewer.input_value(f"[id='reason-{RUBRIC}']") == LEVEL_REASON
    reviewer.keyboard.press("Tab")
    assert _focused(reviewer, level), "after saving, Tab left the item the reviewer was in"
    assert _focus_is_visible(reviewer)
    reviewer.keyboard.press("Shift+Tab")  # back to the item before's last button, in reading order
    assert _focused(reviewer, "[id='item-A1.1.3'] button[value=return]")
    reviewer.keyboard.press("Tab")
    assert _focused(reviewer, level)
    reviewer.context.close()

    # The office: the round, its reviewers page, the unit's final-score page; confirms the final scores.
    office = _keyboard_login(browser, server, "office")
    _skip_to_main(office)
    _follow_link(office, "/rounds/1/", 10)
    _skip_to_main(office)
    _follow_link(office, "/rounds/1/reviewers/", 40)
    _skip_to_main(office)
    _follow_link(office, f"/rounds/1/final/{DADUKOU}/", 40)
    assert re.search(r"尚有 [1-9]\d* 项未认定", office.inner_text("main"))
    _skip_to_main(office)
    _press_until(office, "Tab", "button[value=confirm]", 10)
    assert _focus_is_visible(office)
    with office.expect_navigation():
        office.keyboard.press("Enter")

    # The page comes back at its top with the message in view; the first Tab is the skip link.
    assert "其余指标已按评审（或计算）得分认定" in office.inner_text("ul.messages")
    assert "尚有 0 项未认定" in office.inner_text("main")
    box = office.locator("ul.messages").bounding_box()
    assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= office.viewport_size["height"]
    office.keyboard.press("Tab")
    assert _focused(office, "a.skip-link") and _focus_is_visible(office)

    # What was recorded, read back through the API.
    answer = office.request.get(f"{server}/api/rounds/1/units/{DADUKOU}/layers")
    assert answer.ok, answer.status
    layers = {row["item"]: row for row in answer.json()}
    assert all(row["final"] is not None for row in layers.values())
    item = layers[RUBRIC]
    mine = [r for r in item["reviews"] if r["reviewer"] == "reviewer"]
    assert mine == [
        {"reviewer": "reviewer", "level": "良", "points": 1.2, "reason": LEVEL_REASON, "flagged": False}
    ]
    assert item["reconciled"] == 1.2 and item["final"] == 1.2
    assert [(c["layer"], c["after"], c["source"]) for c in item["changes"]] == [
        ("review", 1.2, "reviewer"),
        ("final", 1.2, "office"),
    ]
    office.context.close()
