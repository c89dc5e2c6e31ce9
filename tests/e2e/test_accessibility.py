"""Every page each role can reach passes axe-core's WCAG 2.0 A and AA rules (GB/T 37668-2019).

Each role (the office, a district's editor and approver, a school's editor, a reviewer, the public
account and a visitor who is not logged in; not the system administrator, whose admin site is
Django's) starts on its landing page and follows every link of the site it is shown, once per
kind of page: pages that differ only in which unit, element or filter they show are one kind.
Downloads (Excel, ZIP, DOCX, PDF, evidence files) are not pages. The round is walked open, closed
(the publication page and the feedback letter appear) and published (the public pages).

A serious or critical violation fails the test; every one found is printed with its id, the
elements it names and axe's help.

Set ``DUDAO_A11Y_SHOTS=<folder>`` to keep a screenshot of each page at 200 % zoom.
"""

from __future__ import annotations

import os
import re
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.e2e.axe import axe_violations, blocking, describe
from tests.e2e.conftest import confirm_final_scores, log_in

pytestmark = [pytest.mark.slow, pytest.mark.browser]

ROUND_NAME_SELECTOR = "#close-confirm label"
# None: a visitor who is not logged in.
OPEN_ROUND_ROLES = ["office", "jiangbei", "jiangbei-approver", "jiangbei-school", "reviewer", "public", None]
# Closed: the publication page (the office) and the feedback letter (the district) appear.
CLOSED_ROUND_ROLES = ["office", "jiangbei"]
PUBLISHED_ROUND_ROLES = ["office", "public", None]
# Pages no link leads to that a role still meets: a refusal and a page that does not exist.
EXTRA = {"jiangbei": ["/rounds/1/units/500103/"], None: ["/no-such-page/"]}
NOT_PAGES = re.compile(r"(\.(xlsx|zip|docx|pdf|csv|json)$)|/evidence/|^/(admin|i18n|static|logout)/")
MOST_PAGES = 80  # a role reaching more kinds of page than this means the crawl lost its way


def _kind(url: str) -> tuple[str, tuple[str, ...]]:
    """What makes two pages the same kind: the path with numbers reduced to their length (a
    district's code and a school's differ), an element's history as one, and the query's names."""
    parts = urlsplit(url)
    path = re.sub(r"/history/[^/]+/", "/history/*/", parts.path)
    path = re.sub(r"\d+", lambda m: f"<{len(m.group())}>", path)
    return path, tuple(sorted({name for name, _ in parse_qsl(parts.query)}))


def _links(page: Any, base: str) -> list[str]:
    hrefs: list[str] = page.eval_on_selector_all(
        "a[href]", "(links) => links.map((a) => a.getAttribute('href'))"
    )
    found = []
    for href in hrefs:
        url = urljoin(page.url, href).split("#", 1)[0]
        if url.startswith(base) and not NOT_PAGES.search(urlsplit(url).path):
            found.append(url)
    return found


def _crawl(page: Any, base: str, extra: list[str]) -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """Each kind of page the page's user reaches from where it stands, with axe's violations."""
    seen: set[tuple[str, tuple[str, ...]]] = set()
    waiting = deque([page.url, *(base + path for path in extra)])
    always = set(waiting)  # the landing page and the extra pages, even where they look like another
    while waiting:
        url = waiting.popleft()
        if _kind(url) in seen and url not in always:
            continue
        always.discard(url)
        seen.add(_kind(url))
        assert len(seen) <= MOST_PAGES, f"more than {MOST_PAGES} kinds of page: {sorted(seen)}"
        if page.url != url:
            try:
                page.goto(url)
            except PlaywrightError as error:  # a download that looked like a page
                if "Download is starting" in str(error):
                    continue
                raise
        page.wait_for_load_state("networkidle")
        if "html" not in (page.evaluate("() => document.contentType") or ""):
            continue
        yield page.url, axe_violations(page)
        _shoot(page)
        waiting.extend(_links(page, base))


def _shoot(page: Any) -> None:
    folder = os.environ.get("DUDAO_A11Y_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w]+", "_", urlsplit(page.url).path + "_" + urlsplit(page.url).query).strip("_")
        page.screenshot(path=str(Path(folder) / f"{name or 'home'}.png"), full_page=False)


def _visitor(browser: Any, base: str, username: str | None) -> Any:
    if username is not None:
        return log_in(browser, base, username)
    page = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN").new_page()
    page.goto(f"{base}/")
    return page


def _walk(browser: Any, base: str, username: str | None) -> None:
    page = _visitor(browser, base, username)
    found, visited = [], []
    for url, violations in _crawl(page, base, EXTRA.get(username, [])):
        visited.append(url)
        if blocking(violations):
            found.append(describe(url.removeprefix(base), blocking(violations)))
    page.context.close()
    print(f"{username or 'anonymous'}: {len(visited)} pages checked", *visited, sep="\n  ")
    if found:
        pytest.fail(
            f"{len(found)} pages with serious or critical violations:\n" + "\n".join(found), pytrace=False
        )


@pytest.mark.parametrize("username", OPEN_ROUND_ROLES, ids=lambda u: u or "anonymous")
def test_every_page_of_an_open_round(server: str, browser: Any, username: str | None) -> None:
    _walk(browser, server, username)


def test_at_200_percent_zoom_the_menu_shows_whole_and_the_preview_stays_near(
    server: str, browser: Any
) -> None:
    """Regression (issue 14, item 8): the header's fixed height clipped the menu, and the score
    preview fell some 1,700 px below the fields."""
    # A 1440 × 900 screen at 200 %: 720 × 450 CSS pixels, drawn twice as large.
    page = log_in(browser, server, "jiangbei", viewport={"width": 720, "height": 450}, device_scale_factor=2)
    bar = page.locator("header.topbar").bounding_box()
    for item in page.locator(".topbar a, .topbar button, .topbar select").all():
        box = item.bounding_box()
        assert bar["y"] <= box["y"] and box["y"] + box["height"] <= bar["y"] + bar["height"], (
            item.inner_text()
        )
        assert item.evaluate("(e) => e.scrollWidth <= e.clientWidth + 1"), item.inner_text()
    preview = page.locator("#preview-panel").bounding_box()
    fields = page.locator("#entry-form").bounding_box()
    assert preview["y"] < fields["y"], "the preview is below the fields"
    assert page.locator("#preview-status").is_visible()  # the estimate also beside the save button
    if folder := os.environ.get("DUDAO_SCREENSHOTS"):
        page.screenshot(path=str(Path(folder) / "entry-zoom-200.png"))
    page.context.close()


@pytest.fixture(scope="module")
def closed(server: str, browser: Any) -> None:
    """The office confirms the final scores and closes the demo round, typing its name as the page asks."""
    office = log_in(browser, server, "office")
    confirm_final_scores(office, server)
    office.goto(f"{server}/rounds/1/close/")
    name = re.search(r"“(.+)”", office.inner_text(ROUND_NAME_SELECTOR))
    assert name is not None
    office.fill("#confirm", name.group(1))
    office.click("#close-confirm button[type=submit]")
    office.wait_for_load_state("networkidle")
    assert "已关闭" in office.inner_text("main")
    office.context.close()


@pytest.mark.parametrize("username", CLOSED_ROUND_ROLES)
def test_every_page_of_a_closed_round(server: str, browser: Any, closed: None, username: str) -> None:
    _walk(browser, server, username)


@pytest.fixture(scope="module")
def published(server: str, browser: Any, closed: None) -> None:
    """The office publishes the closed round's results, confirming what its checks found."""
    office = log_in(browser, server, "office")
    office.goto(f"{server}/rounds/1/publish/")
    if office.locator("input[name=confirm_findings]").count():
        office.check("input[name=confirm_findings]")
        office.fill("#reason", "演示轮次，用于检查公开页面的无障碍")
    office.check("input[name=confirm_publish]")
    office.click("#publish-confirm button[value=publish]")
    office.wait_for_load_state("networkidle")
    assert office.locator("a[href='/public/1/']").count()
    office.context.close()


@pytest.mark.parametrize("username", PUBLISHED_ROUND_ROLES, ids=lambda u: u or "anonymous")
def test_every_page_of_a_published_round(
    server: str, browser: Any, published: None, username: str | None
) -> None:
    _walk(browser, server, username)
