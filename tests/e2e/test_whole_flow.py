"""The whole evaluation cycle in headless Chromium, clicked through as its users would.

Jiangbei (500105, the demo's district still entering data, with an editor and an approver) is
given to the demo reviewer on the office's assignment page; its editor fills what is missing and
its approver submits. The reviewer records a rubric level, cuts a bonus claim with a reason and
asks for more evidence of another item; the district sees the returned item, answers it with a
file and submits again. The office draws schools to visit and records a finding there,
reconciles the reviewer's score with a reason, confirms the final scores, closes the round
(typing its name) and publishes it. A visitor who is not logged in then reads the ranking on the
public page and is refused every internal page.

Closing and publishing change the demo round for the rest of the module: this test is alone in
its file.

Set ``DUDAO_SCREENSHOTS=1`` to (re)write ``docs/screenshots/review.png`` (the reviewer's page of
an item) and ``docs/screenshots/publish.png`` (the publish confirmation); any other value is a
folder to write them in.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import confirm_final_scores, log_in

pytestmark = [pytest.mark.slow, pytest.mark.browser]

JIANGBEI = "500105"
# Jiangbei's district figures the demo leaves empty (its 2022 self-evaluation report, as in test_browser).
TO_FILL = {"edu_budget": "251060", "pop_3_5": "27500", "teacher_avg_pay": "148000"}
RUBRIC = "A1.2.1"  # 中小学校党组织领导的校长负责制落实情况: a rubric item (优/良/中/差), 1.5 points
RETURNED = "A1.1.1"  # 区委教育工作领导小组会议: the item whose evidence the reviewer asks for
BONUS = "J1"  # Jiangbei claims 2 points
REVIEW_REASON = "个别学校党组织会议记录不全"
CUT_REASON = "现场会为市级推广，按一半认定"
RETURN_REASON = "请补充2021年领导小组会议纪要原件扫描件"
FINDING_NOTE = "抽查学校党组织会议记录，2021年缺两次会议记录"
RECONCILE_REASON = "仅一位专家评审，采用其评审等级"
PUBLISH_REASON = "永川区、南川区在演示中未开始填报，已核实"
MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
DOCS_SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
# Pages no visitor may read once the results are public, and the API.
INTERNAL = (
    "/rounds/1/",
    "/rounds/1/review/",
    f"/rounds/1/review/{JIANGBEI}/",
    f"/rounds/1/units/{JIANGBEI}/",
    f"/rounds/1/units/{JIANGBEI}/results/",
    f"/rounds/1/final/{JIANGBEI}/",
    "/audit/",
    "/api/rounds/1/units",
)


def _shoot(page: Any, name: str, *, clip: dict[str, float] | None = None) -> None:
    """Writes ``name``.png when DUDAO_SCREENSHOTS is set (``1``: docs/screenshots)."""
    wanted = os.environ.get("DUDAO_SCREENSHOTS")
    if not wanted:
        return
    folder = DOCS_SCREENSHOTS if wanted == "1" else Path(wanted)
    folder.mkdir(parents=True, exist_ok=True)
    if clip is None:
        page.screenshot(path=str(folder / f"{name}.png"))
    else:
        page.screenshot(path=str(folder / f"{name}.png"), clip=clip, full_page=True)


def _statuses(office: Any, server: str) -> dict[str, str]:
    answer = office.request.get(f"{server}/api/rounds/1/units")
    assert answer.ok, answer.status
    return {u["code"]: u["status"] for u in answer.json()}


def _layers(office: Any, server: str, code: str) -> dict[str, dict[str, Any]]:
    answer = office.request.get(f"{server}/api/rounds/1/units/{code}/layers")
    assert answer.ok, answer.status
    return {row["item"]: row for row in answer.json()}


def _follow(page: Any, selector: str) -> None:
    page.click(selector)
    page.wait_for_load_state("networkidle")


def _messages(page: Any) -> str:
    return " ".join(page.locator("ul.messages").all_inner_texts())


def _assign_the_reviewer(office: Any, server: str) -> None:
    """The office gives Jiangbei, not yet submitted, to the demo reviewer."""
    assert _statuses(office, server)[JIANGBEI] == "in_progress"
    office.goto(f"{server}/rounds/1/")
    _follow(office, ".toolbar a[href='/rounds/1/reviewers/']")
    assert office.locator("#assigned tr", has_text="江北区").count() == 0
    office.select_option(
        "#reviewer", label=office.locator("#reviewer option", has_text="（reviewer）").inner_text()
    )
    office.select_option("#unit", JIANGBEI)
    _follow(office, "#assign button[type=submit]")
    assert "已分配" in _messages(office)
    assert office.locator("#assigned tr", has_text="江北区").locator("a", has_text="合议与认定").count() == 1


def _district_submits(browser: Any, server: str) -> None:
    """Jiangbei's editor fills the three missing figures and saves; its approver submits."""
    editor = log_in(browser, server, "jiangbei")
    assert "还有 3 项数据未填写" in editor.inner_text("#submit-card")
    editor.click("a.tab.all")
    for element, value in TO_FILL.items():
        editor.fill(f"input[name=v-{element}]", value)
    editor.click(".savebar button[type=submit]")
    editor.wait_for_selector("#form-flash:has-text('已保存 3 项')")
    editor.reload()
    assert "数据已填写完整" in editor.inner_text("#submit-card")
    editor.context.close()

    approver = log_in(browser, server, "jiangbei-approver")
    approver.on("dialog", lambda dialog: dialog.accept())
    _follow(approver, "#submit-card button[type=submit]")
    assert "数据已锁定" in approver.inner_text("#submit-card")
    approver.context.close()


def _reviewer_reviews(browser: Any, server: str) -> str:
    """The reviewer records a level, cuts a bonus claim and returns an item; the item's engine
    explanation as the review page shows it."""
    reviewer = log_in(browser, server, "reviewer", viewport={"width": 1280, "height": 900})
    reviewer.goto(f"{server}/rounds/1/review/")
    row = reviewer.locator("#queue tr", has_text="江北区")
    assert "已提交" in row.inner_text()
    row.locator(f"a[href='/rounds/1/review/{JIANGBEI}/']").click()
    reviewer.wait_for_load_state("networkidle")
    assert "评审：江北区（500105）" in reviewer.inner_text("h2")

    # A level with its reason: the review layer of the item becomes the level's points (良: 80 % of 1.5).
    item = reviewer.locator(f"[id='item-{RUBRIC}']")
    item.get_by_label("评审等级").select_option("良")
    item.get_by_label("理由", exact=True).fill(REVIEW_REASON)
    item.get_by_role("button", name="保存评审").click()
    reviewer.wait_for_load_state("networkidle")
    assert "已记录评审等级" in _messages(reviewer)
    assert reviewer.url.endswith(f"#item-{RUBRIC}")
    item = reviewer.locator(f"[id='item-{RUBRIC}']")
    assert item.locator("select[name=level]").input_value() == "良"
    assert reviewer.input_value(f"[id='reason-{RUBRIC}']") == REVIEW_REASON
    shown = dict(
        zip(
            item.locator("dl.layers dt").all_inner_texts(),
            item.locator("dl.layers dd").all_inner_texts(),
            strict=True,
        )
    )
    assert shown["评审（合议）"] == "1.2"
    explanation = shown["计算说明"]
    assert "评审等级 良" in explanation and "得 1.2 分" in explanation
    reviewer.evaluate("() => window.scrollBy(0, -16)")  # a margin above the item's title
    _shoot(reviewer, "review")  # the item in view: its data, explanation and the level form, filled

    # The bonus claim cut from 2 to 1 point, with the reason a cut needs.
    claim = reviewer.locator("#bonus tr", has=reviewer.locator(f"code:text-is('{BONUS}')"))
    assert "2.0" in claim.locator("td.num").inner_text()
    claim.get_by_label("认定分值").fill("1")
    claim.get_by_label("核减理由").fill(CUT_REASON)
    claim.get_by_role("button", name="保存认定").click()
    reviewer.wait_for_load_state("networkidle")
    assert "已记录加分认定" in _messages(reviewer)
    assert reviewer.input_value(f"[id='accepted-{BONUS}']") == "1.0"
    assert reviewer.input_value(f"[id='bonus-reason-{BONUS}']") == CUT_REASON

    # Another item returned to the district: more evidence asked for.
    returned = reviewer.locator(f"[id='item-{RETURNED}']")
    returned.get_by_label("要求补充的材料").fill(RETURN_REASON)
    returned.get_by_role("button", name="退回补充佐证").click()
    reviewer.wait_for_load_state("networkidle")
    assert "已要求补充佐证材料" in _messages(reviewer)
    assert f"evidence:{RETURNED}：{RETURN_REASON}" in reviewer.inner_text("#returned")
    assert reviewer.locator("h2 + p .badge").inner_text() == "已退回"
    reviewer.context.close()
    return explanation


def _district_answers_and_resubmits(browser: Any, server: str) -> None:
    """The editor sees the returned item, attaches the file asked for; the approver submits again."""
    editor = log_in(browser, server, "jiangbei")
    assert "已退回" in editor.inner_text("#status-badge")
    told = editor.inner_text("#returned")
    assert "佐证材料：区委教育工作领导小组每年至少召开4次会议研究教育工作" in told and RETURN_REASON in told
    assert editor.locator("input[name=v-edu_budget]").is_disabled()  # only the returned item is open
    slot = editor.locator(".evidence-slot", has=editor.locator(".returned-reason"))
    assert slot.count() == 1 and RETURNED in slot.locator(".ev-item").inner_text()
    assert RETURN_REASON in slot.locator(".returned-reason").inner_text()
    slot_id = slot.get_attribute("id")
    slot.locator("input[type=file]").set_input_files(
        files=[{"name": "领导小组会议纪要2021.pdf", "mimeType": "application/pdf", "buffer": MINIMAL_PDF}]
    )
    slot.locator("button:has-text('上传')").click()
    editor.wait_for_selector(f"[id='{slot_id}'] .ev-files a:has-text('领导小组会议纪要2021.pdf')")
    editor.context.close()

    approver = log_in(browser, server, "jiangbei-approver")
    approver.on("dialog", lambda dialog: dialog.accept())
    assert RETURN_REASON in approver.inner_text("#returned")
    _follow(approver, "#submit-card button[type=submit]")
    assert "数据已锁定" in approver.inner_text("#submit-card")
    assert approver.locator("#returned").count() == 0
    approver.context.close()


def _office_verifies(office: Any, server: str) -> None:
    """The office draws two schools of Jiangbei to visit and records a finding at one of them."""
    office.goto(f"{server}/rounds/1/")
    _follow(office, ".toolbar a:has-text('实地核查')")
    _follow(office, f"a[href$='/units/{JIANGBEI}/verification/']")
    assert "尚未抽样" in office.inner_text("#current-draw")
    office.check("input[name=method][value=simple]")
    office.fill("#draw-size", "2")
    office.fill("#draw-seed", "20221215")
    _follow(office, "#draw-form button")
    drawn = office.locator("#current-draw ol.drawn li span").all_inner_texts()
    assert len(drawn) == 2 and "20221215" in office.inner_text("#current-draw")

    school = office.locator("#finding-school option").nth(1)
    assert school.inner_text() == drawn[0]
    office.select_option("#finding-school", school.get_attribute("value"))
    office.select_option("#finding-item", RUBRIC)
    office.check("input[name=severity][value=minor]")
    office.fill("#finding-note", FINDING_NOTE)
    _follow(office, "#finding-form button")
    finding = office.locator("article.finding")
    assert finding.count() == 1
    assert RUBRIC in finding.inner_text() and drawn[0] in finding.inner_text()
    assert FINDING_NOTE in finding.inner_text() and "一般问题" in finding.inner_text()


def _office_reconciles_and_confirms(office: Any, server: str) -> None:
    """Reconciles the item by choosing the only reviewer's score, with a reason; confirms the rest."""
    office.goto(f"{server}/rounds/1/reviewers/")
    _follow(office, "#assigned tr:has-text('江北区') a:has-text('合议与认定')")
    assert office.url.endswith(f"/rounds/1/final/{JIANGBEI}/")
    row = office.locator(f"[id='item-{RUBRIC}']")
    assert f"reviewer：良 1.2（{REVIEW_REASON}）" in row.inner_text()
    row.get_by_label("方式").select_option(label="采用 reviewer")
    row.get_by_label("合议理由").fill(RECONCILE_REASON)
    row.get_by_role("button", name="合议").click()
    office.wait_for_load_state("networkidle")
    assert "已合议" in _messages(office)
    assert f"1.2（{RECONCILE_REASON}）" in office.locator(f"[id='item-{RUBRIC}'] td").nth(3).inner_text()
    _follow(office, "button[value=confirm]")
    assert "其余指标已按评审（或计算）得分认定" in _messages(office)
    assert "尚有 0 项未认定" in office.inner_text("main")

    layers = _layers(office, server, JIANGBEI)
    assert all(row["final"] is not None for row in layers.values())
    item = layers[RUBRIC]
    assert item["reconciled"] == 1.2 and item["final"] == 1.2
    reasons = [c["reason"] for c in item["changes"]]
    assert REVIEW_REASON in reasons and RECONCILE_REASON in reasons


def _explanation_chain(office: Any, server: str) -> tuple[str, str]:
    """The unit's results page, the reviewed item opened: its chain, and the unit's total."""
    office.goto(f"{server}/rounds/1/units/{JIANGBEI}/results/")
    office.wait_for_load_state("networkidle")
    details = office.locator(f"[id='item-{RUBRIC}'] details")
    details.locator("summary").click()
    assert details.get_attribute("open") is not None
    return details.locator("dl.chain").inner_text(), office.inner_text(".score-facts .big >> nth=0")


def _check_chain(office: Any, chain: str, explanation: str) -> None:
    steps = dict(
        zip(
            office.locator(f"[id='item-{RUBRIC}'] dl.chain dt").all_inner_texts(),
            office.locator(f"[id='item-{RUBRIC}'] dl.chain dd").all_inner_texts(),
            strict=True,
        )
    )
    assert explanation in steps["计分"], chain  # the engine's explanation, as the reviewer read it
    assert "评审：优 100% / 良 80% / 中 60% / 差 30%" in steps["标准"]
    review = steps["评审"]
    assert f"理由：{REVIEW_REASON}" in review and f"理由：{RECONCILE_REASON}" in review, review
    assert review.index(REVIEW_REASON) < review.index(RECONCILE_REASON)  # in the order they were made
    assert steps["认定"].startswith("1.20")
    # The cut bonus: claimed, accepted and counted points, and the reviewer's decision with its reason.
    bonus = office.locator("table.bonus tr", has_text=BONUS).inner_text()
    assert re.search(r"2\.00\s+1\.00\s+1\.00", bonus), bonus
    assert f"评审认定：1.00（{CUT_REASON}）" in bonus, bonus


def _close(office: Any, server: str) -> None:
    assert confirm_final_scores(office, server) > 0
    office.goto(f"{server}/rounds/1/")
    _follow(office, ".toolbar a:has-text('关闭轮次')")
    name = re.search(r"“(.+)”", office.inner_text("#close-confirm label"))
    assert name is not None
    office.fill("#confirm", name.group(1))
    _follow(office, "#close-confirm button[type=submit]")
    assert "已关闭" in office.inner_text("main")


def _publish(office: Any, server: str) -> None:
    office.goto(f"{server}/rounds/1/")
    _follow(office, ".toolbar a:has-text('公开评价结果')")
    assert office.url.endswith("/rounds/1/publish/")
    if office.locator("input[name=confirm_findings]").count():  # the demo's two units with no data
        office.check("input[name=confirm_findings]")
        office.fill("#reason", PUBLISH_REASON)
    office.check("input[name=confirm_publish]")
    # The page from its top to the confirmation, filled in (the preview of the public page follows).
    bottom = office.locator("#publish-confirm").evaluate("(e) => e.getBoundingClientRect().bottom + scrollY")
    _shoot(office, "publish", clip={"x": 0, "y": 0, "width": 1440, "height": bottom + 24})
    _follow(office, "#publish-confirm button[value=publish]")
    assert "评价结果已公开" in office.inner_text("main")


def _visitor_reads_and_is_refused(browser: Any, server: str, total: str) -> None:
    visitor = browser.new_context(viewport={"width": 1440, "height": 900}, locale="zh-CN").new_page()
    visitor.goto(f"{server}/public/")
    _follow(visitor, "main a[href='/public/1/']")
    results = visitor.locator("table.public-results")
    assert results.locator("tbody tr").count() == 38
    jiangbei = results.locator("tbody tr", has_text="江北区").inner_text()
    assert total in jiangbei, (total, jiangbei)
    page = visitor.content()
    for internal in (REVIEW_REASON, CUT_REASON, RECONCILE_REASON, FINDING_NOTE, RETURN_REASON):
        assert internal not in page
    for path in INTERNAL:
        response = visitor.goto(server + path)
        refused = "/login/" in visitor.url or response.status in (401, 403, 404)
        assert refused, (path, response.status, visitor.url)
        assert REVIEW_REASON not in visitor.content() and "江北区" not in visitor.inner_text("body"), path
    visitor.context.close()


def test_the_whole_round_from_submission_to_the_public_page(server: str, browser: Any) -> None:
    office = log_in(browser, server, "office")
    _assign_the_reviewer(office, server)

    _district_submits(browser, server)
    assert _statuses(office, server)[JIANGBEI] == "submitted"

    explanation = _reviewer_reviews(browser, server)
    assert _statuses(office, server)[JIANGBEI] == "returned"

    _district_answers_and_resubmits(browser, server)
    assert _statuses(office, server)[JIANGBEI] == "submitted"

    _office_verifies(office, server)
    _office_reconciles_and_confirms(office, server)

    chain, _total = _explanation_chain(office, server)
    _check_chain(office, chain, explanation)
    office.goto(f"{server}/audit/?unit={JIANGBEI}&user=reviewer")
    cut = office.locator("tr", has_text=f"bonus:{BONUS}").inner_text()
    assert CUT_REASON in cut and "1.0" in cut, cut

    _close(office, server)
    # Frozen: the chain and its reasons stay as they were.
    chain, total = _explanation_chain(office, server)
    assert "冻结的结果" in office.inner_text(".toolbar")
    _check_chain(office, chain, explanation)

    _publish(office, server)
    office.context.close()
    _visitor_reads_and_is_refused(browser, server, total)
