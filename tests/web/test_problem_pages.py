"""The problem list and rectification pages, as the office, a district and another district use
them: drafting and issuing a list, a task through plan, progress with a file, submission, a return
and a closing; refusals at their fields; what each role may see; the exports."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from dudao.store.rectification.models import Problem, ProblemList, TaskState
from dudao.store.rounds import services as rounds
from dudao.store.rounds.models import Round
from tests.web.conftest import login

JIANGBEI = "500105"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def closed(demo_round: Round, user: Any) -> Round:
    return rounds.close_round(user("office"), demo_round, confirmation=demo_round.name)


def _issue(round: Round) -> ProblemList:
    office = login("office")
    assert office.post(f"/rounds/{round.pk}/problems/draft", {"share": "60"}).status_code == 302
    assert (
        office.post(f"/rounds/{round.pk}/problems/{JIANGBEI}/issue", {"issued_on": "2023-03-01"}).status_code
        == 302
    )
    return ProblemList.objects.get(round=round, unit_id=JIANGBEI)


def test_the_office_drafts_corrects_and_issues_a_list(closed: Round) -> None:
    office = login("office")
    board = office.get(f"/rounds/{closed.pk}/problems/")
    assert board.status_code == 200 and "生成或重新生成草稿" in board.content.decode()
    assert "示例数据" in board.content.decode()
    refused = office.post(f"/rounds/{closed.pk}/problems/draft", {"share": "abc"})
    assert refused.status_code == 400 and "0 至 100" in refused.content.decode()
    assert office.post(f"/rounds/{closed.pk}/problems/draft", {"share": "60"}).status_code == 302
    page = office.get(f"/rounds/{closed.pk}/problems/{JIANGBEI}/").content.decode()
    assert "草稿，未下达" in page and "补充问题" in page

    bad = office.post(f"/rounds/{closed.pk}/problems/{JIANGBEI}/add", {"title": "", "severity": "major"})
    assert bad.status_code == 400 and 'id="field-title-error"' in bad.content.decode()
    added = office.post(
        f"/rounds/{closed.pk}/problems/{JIANGBEI}/add",
        {"title": "学位预警机制不健全", "severity": "major", "evidence": "座谈了解"},
    )
    assert added.status_code == 302
    position = Problem.objects.get(title="学位预警机制不健全").position
    edited = office.post(
        f"/rounds/{closed.pk}/problems/{JIANGBEI}/{position}/edit",
        {"title": "学位预警机制不健全（已核实）", "severity": "serious", "evidence": "座谈了解"},
    )
    assert edited.status_code == 302
    bad_day = office.post(f"/rounds/{closed.pk}/problems/{JIANGBEI}/issue", {"issued_on": "2023-02-30"})
    assert bad_day.status_code == 400 and "YYYY-MM-DD" in bad_day.content.decode()
    assert (
        office.post(f"/rounds/{closed.pk}/problems/{JIANGBEI}/issue", {"issued_on": "2023-03-01"}).status_code
        == 302
    )
    issued = office.get(f"/rounds/{closed.pk}/problems/{JIANGBEI}/").content.decode()
    assert "2023-03-01 下达" in issued and "补充问题" not in issued
    again = office.post(
        f"/rounds/{closed.pk}/problems/{JIANGBEI}/{position}/edit", {"title": "改", "severity": "minor"}
    )
    assert again.status_code == 409 and "已冻结" in again.content.decode()


def test_the_district_rectifies_and_the_office_returns_then_closes(closed: Round) -> None:
    problem_list = _issue(closed)
    url = f"/rounds/{closed.pk}/problems/{JIANGBEI}/1/"
    district = login("jiangbei")
    assert "制定整改方案" in district.get(url).content.decode()
    bad = district.post(
        url + "plan",
        {"measures": "新建学校", "department": "区教委", "owner": "张三", "deadline": "2023-01-01"},
    )
    assert bad.status_code == 400 and "不早于 2023-03-01" in bad.content.decode()
    assert 'value="区教委"' in bad.content.decode()  # what was entered comes back
    plan = {
        "measures": "新建学校",
        "department": "区教委",
        "owner": "张三",
        "deadline": "2023-06-30",
        "milestones": "2023-04-30 完成选址",
    }
    assert district.post(url + "plan", plan).status_code == 302
    upload = SimpleUploadedFile("验收照片.png", PNG, content_type="image/png")
    assert district.post(url + "progress", {"progress": "已完成选址", "files": upload}).status_code == 302
    assert district.post(url + "submit", {"note": "请复核"}).status_code == 302
    assert district.post(url + "decide", {"decision": "accept"}).status_code == 403  # the office's

    office = login("office")
    page = office.get(url).content.decode()
    assert "复核通过，销号" in page and "验收照片.png" in page and "2023-04-30" in page
    no_reason = office.post(url + "decide", {"decision": "return", "reason": ""})
    assert no_reason.status_code == 400 and 'id="field-reason-error"' in no_reason.content.decode()
    assert office.post(url + "decide", {"decision": "return", "reason": "缺验收报告"}).status_code == 302
    returned = district.get(url).content.decode()
    assert "督导室退回" in returned and "缺验收报告" in returned
    again = SimpleUploadedFile("验收报告.png", PNG + b"2", content_type="image/png")
    district.post(url + "progress", {"progress": "补验收报告", "files": again})
    district.post(url + "submit", {})
    assert office.post(url + "decide", {"decision": "accept", "note": "属实"}).status_code == 302
    task = problem_list.problems.get(position=1)
    assert task.state == TaskState.CLOSED
    history = office.get(url).content.decode()
    assert history.count("→") >= 7  # issued, planned, in progress, submitted, returned, submitted, closed
    file_id = task.progress.first().files.first().pk
    download = district.get(f"{url}files/{file_id}")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PNG


def test_a_draft_is_the_office_s_and_another_district_sees_nothing(closed: Round) -> None:
    office = login("office")
    office.post(f"/rounds/{closed.pk}/problems/draft", {"share": "60"})
    district = login("jiangbei")
    assert "尚未下达" in district.get(f"/rounds/{closed.pk}/problems/{JIANGBEI}/").content.decode()
    assert district.get(f"/rounds/{closed.pk}/problems/{JIANGBEI}/1/").status_code == 404
    _issue(closed)
    assert district.get(f"/rounds/{closed.pk}/problems/{JIANGBEI}/1/").status_code == 200
    other = login("yuzhong")
    assert other.get(f"/rounds/{closed.pk}/problems/{JIANGBEI}/").status_code == 403
    assert other.get(f"/rounds/{closed.pk}/problems/{JIANGBEI}/1/").status_code == 403
    assert other.post(f"/rounds/{closed.pk}/problems/{JIANGBEI}/1/plan", {}).status_code == 403
    board = other.get(f"/rounds/{closed.pk}/problems/").content.decode()
    assert "江北区" not in board  # a district sees its own row only


def test_the_board_sorts_and_both_exports_open(closed: Round) -> None:
    _issue(closed)
    office = login("office")
    for key in ("unit", "problems", "open", "overdue", "closed", "rate", "nonsense"):
        assert office.get(f"/rounds/{closed.pk}/problems/?sort={key}").status_code == 200
    book = load_workbook(io.BytesIO(office.get(f"/rounds/{closed.pk}/problems/board.xlsx").content))
    rows = list(book.active.values)
    assert rows[0][0].startswith(closed.name) and any(r[1] == JIANGBEI for r in rows)
    unit_book = load_workbook(
        io.BytesIO(login("jiangbei").get(f"/rounds/{closed.pk}/problems/{JIANGBEI}/problems.xlsx").content)
    )
    headers = list(unit_book.active.values)[2]
    assert headers[:3] == ("序号", "指标或规则", "问题") and "责任单位" in headers


def test_the_reminders_page_sends_what_is_due_and_a_unit_sees_its_own(demo_round: Round) -> None:
    Round.objects.filter(pk=demo_round.pk).update(deadline=timezone.localdate() + timedelta(days=1))
    office = login("office")
    due = office.get(f"/rounds/{demo_round.pk}/reminders/").content.decode()
    assert "立即发送今日提醒" in due and "江北区" in due and "仅在系统内" not in due
    assert login("jiangbei").post(f"/rounds/{demo_round.pk}/reminders/send").status_code == 403
    sent = office.post(f"/rounds/{demo_round.pk}/reminders/send")
    assert sent.status_code == 302 and "sent=" in sent["Location"]
    mine = login("jiangbei").get(f"/rounds/{demo_round.pk}/reminders/").content.decode()
    assert "【催报】" in mine and "江北区" in mine and "渝中区" not in mine
    assert "今日待发送" not in mine  # the office's
    assert "今天没有待发送的提醒" in office.get(f"/rounds/{demo_round.pk}/reminders/").content.decode()


def test_a_round_created_to_follow_a_closed_one_carries_its_open_problems(closed: Round) -> None:
    _issue(closed)
    office = login("office")
    form = office.get("/rounds/new/").content.decode()
    assert "上一轮（接续整改）" in form and closed.name in form
    created = office.post(
        "/rounds/new/",
        {
            "name": "2023年评价（示例）",
            "scheme": f"stored:{closed.scheme_id}",
            "scope": "500000",
            "period": str(closed.period + 1),
            "deadline": "2030-03-31",
            "previous": str(closed.pk),
        },
        follow=True,
    )
    page = created.content.decode()
    assert "问题已转入本轮的问题清单" in page, page[:2000]
    following = Round.objects.get(name="2023年评价（示例）")
    assert following.previous == closed
    carried = ProblemList.objects.get(round=following, unit_id=JIANGBEI).problems.count()
    assert carried == ProblemList.objects.get(round=closed, unit_id=JIANGBEI).problems.count()
    same_year = office.post(
        "/rounds/new/",
        {
            "name": "同年",
            "scheme": f"stored:{closed.scheme_id}",
            "scope": "500000",
            "period": str(closed.period),
            "deadline": "2030-03-31",
            "previous": str(closed.pk),
        },
    )
    assert same_year.status_code == 400 and "不早于本轮的" in same_year.content.decode()
    assert not Round.objects.filter(name="同年").exists()


def test_the_issued_list_is_the_feedback_letter_s_attachment(closed: Round) -> None:
    problem_list = _issue(closed)
    letter = login("jiangbei").get(f"/rounds/{closed.pk}/units/{JIANGBEI}/documents/feedback.html")
    assert letter.status_code == 200, letter.status_code
    text = letter.content.decode()
    assert "附件：问题清单" in text and "2023年3月1日下达" in text
    first = problem_list.problems.get(position=1)
    assert first.title in text
    other = login("yuzhong").get(f"/rounds/{closed.pk}/units/500103/documents/feedback.html").content.decode()
    assert "附件：问题清单" not in other  # Yuzhong's list was not issued


def test_a_unit_across_years_shows_each_year_s_problems(closed: Round) -> None:
    _issue(closed)
    problems = ProblemList.objects.get(round=closed, unit_id=JIANGBEI).problems.count()
    page = login("jiangbei").get(f"/units/{JIANGBEI}/history/").content.decode()
    assert f"问题 {problems} 个，已销号 0 个" in page
    assert f'href="/rounds/{closed.pk}/problems/{JIANGBEI}/"' in page
